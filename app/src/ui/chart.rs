//! Server-rendered SVG bar charts: no JavaScript, a title and a description for screen readers,
//! and the same numbers in a table under each chart.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value as printed next to the bar.
    pub shown: String,
    /// The row of the data table (the first cell is usually the label).
    pub cells: Vec<String>,
}

/// Horizontal bars on a scale from `min` to `max`.
#[component]
pub fn BarChart(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    bars: Vec<Bar>,
    min: f64,
    max: f64,
    ticks: Vec<(f64, String)>,
    headers: Vec<String>,
) -> impl IntoView {
    let row_h = 28.0;
    let label_w = 250.0;
    let bar_w = 300.0;
    let height = bars.len() as f64 * row_h + 34.0;
    let span = if max > min { max - min } else { 1.0 };
    let x_of = move |v: f64| label_w + ((v - min) / span).clamp(0.0, 1.0) * bar_w;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let desc = bars.iter().map(|b| format!("{} {}", b.label, b.shown)).collect::<Vec<_>>().join("; ");
    let labelled = format!("{title_id} {desc_id}");
    view! {
        <figure class="chart">
            <svg role="img" aria-labelledby=labelled viewBox=format!("0 0 {} {}", label_w + bar_w + 60.0, height) width="100%" preserveAspectRatio="xMinYMin meet">
                <title id=title_id>{title.clone()}</title>
                <desc id=desc_id>{desc}</desc>
                {ticks.into_iter().map(|(at, text)| {
                    let x = x_of(at);
                    view! {
                        <line x1=x.to_string() x2=x.to_string() y1="0" y2=(height - 20.0).to_string() class="grid"/>
                        <text x=x.to_string() y=(height - 4.0).to_string() class="tick" text-anchor="middle">{text}</text>
                    }
                }).collect_view()}
                {bars.iter().enumerate().map(|(i, b)| {
                    let y = i as f64 * row_h + 4.0;
                    let w = (x_of(b.value) - label_w).max(2.0);
                    view! {
                        <text x=(label_w - 8.0).to_string() y=(y + 15.0).to_string() text-anchor="end" class="label">{b.label.clone()}</text>
                        <rect x=label_w.to_string() y=y.to_string() width=w.to_string() height="18" rx="3" class="bar"/>
                        <text x=(label_w + w + 6.0).to_string() y=(y + 14.0).to_string() class="value">{b.shown.clone()}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption>
                <details>
                    <summary>"The same figures as a table"</summary>
                    <table>
                        <thead><tr>{headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {bars.into_iter().map(|b| view! {
                                <tr>{b.cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </details>
            </figcaption>
        </figure>
    }
}
