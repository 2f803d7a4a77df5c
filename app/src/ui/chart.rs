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
            <svg role="img" aria-labelledby=labelled viewBox=format!("0 0 {} {}", label_w + bar_w + 110.0, height) width="100%" preserveAspectRatio="xMinYMin meet">
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
            <ChartTable summary="The same figures as a table" headers=headers rows=bars.into_iter().map(|b| b.cells).collect()/>
        </figure>
    }
}

/// A scatter plot of (x, y) points on fixed scales, with the points as a table under it.
#[component]
pub fn ScatterChart(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(into)] x_label: String,
    #[prop(into)] y_label: String,
    points: Vec<(f64, f64)>,
    x_range: (f64, f64),
    y_range: (f64, f64),
    x_ticks: Vec<f64>,
    y_ticks: Vec<f64>,
) -> impl IntoView {
    let (left, top, width, height) = (56.0, 12.0, 420.0, 240.0);
    let sx = move |x: f64| left + ((x - x_range.0) / (x_range.1 - x_range.0).max(1e-9)).clamp(0.0, 1.0) * width;
    let sy = move |y: f64| top + height - ((y - y_range.0) / (y_range.1 - y_range.0).max(1e-9)).clamp(0.0, 1.0) * height;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let desc = format!("{} points; {} across, {} up. The table below lists them.", points.len(), x_label, y_label);
    let labelled = format!("{title_id} {desc_id}");
    view! {
        <figure class="chart">
            <svg role="img" aria-labelledby=labelled viewBox=format!("0 0 {} {}", left + width + 16.0, top + height + 44.0) width="100%" preserveAspectRatio="xMinYMin meet">
                <title id=title_id>{title.clone()}</title>
                <desc id=desc_id>{desc}</desc>
                {x_ticks.into_iter().map(|t| view! {
                    <line x1=sx(t).to_string() x2=sx(t).to_string() y1=top.to_string() y2=(top + height).to_string() class="grid"/>
                    <text x=sx(t).to_string() y=(top + height + 16.0).to_string() class="tick" text-anchor="middle">{format!("{t:.0}")}</text>
                }).collect_view()}
                {y_ticks.into_iter().map(|t| view! {
                    <line x1=left.to_string() x2=(left + width).to_string() y1=sy(t).to_string() y2=sy(t).to_string() class="grid"/>
                    <text x=(left - 8.0).to_string() y=(sy(t) + 4.0).to_string() class="tick" text-anchor="end">{format!("{t:.0}")}</text>
                }).collect_view()}
                <text x=(left + width / 2.0).to_string() y=(top + height + 38.0).to_string() class="label" text-anchor="middle">{x_label.clone()}</text>
                <text x="14" y=(top + height / 2.0).to_string() class="label" text-anchor="middle" transform=format!("rotate(-90 14 {})", top + height / 2.0)>{y_label.clone()}</text>
                {points.iter().map(|(x, y)| view! {
                    <circle cx=format!("{:.1}", sx(*x)) cy=format!("{:.1}", sy(*y)) r="4" class="dot"/>
                }).collect_view()}
            </svg>
            <ChartTable
                summary="The same points as a table"
                headers=vec![x_label, y_label]
                rows=points.into_iter().map(|(x, y)| vec![format!("{x:.1}"), format!("{y:.2}")]).collect()
            />
        </figure>
    }
}

/// The data table under a chart, folded away: the text alternative with every figure.
#[component]
fn ChartTable(summary: &'static str, headers: Vec<String>, rows: Vec<Vec<String>>) -> impl IntoView {
    view! {
        <figcaption>
            <details>
                <summary>{summary}</summary>
                <table>
                    <thead><tr>{headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| view! {
                            <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figcaption>
    }
}
