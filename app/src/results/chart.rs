//! Server-rendered SVG charts: no JavaScript, a title and description for screen readers, and
//! the same numbers in a table next to each chart.

use crate::scoring::ValueScore;
use leptos::prelude::*;

/// A candidate's score per company value on the 1..5 scale, as horizontal bars.
#[component]
pub fn ValueProfile(values: Vec<ValueScore>, #[prop(into)] id: String) -> impl IntoView {
    let row_h = 28.0;
    let label_w = 250.0;
    let bar_w = 300.0;
    let height = values.len() as f64 * row_h + 34.0;
    let x_of = move |v: f64| label_w + (v - 1.0) / 4.0 * bar_w;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let desc = values.iter().map(|v| format!("{} {:.1}", v.name, v.mean)).collect::<Vec<_>>().join("; ");
    let labelled = format!("{title_id} {desc_id}");
    view! {
        <figure class="chart">
            <svg role="img" aria-labelledby=labelled viewBox=format!("0 0 {} {}", label_w + bar_w + 50.0, height) width="100%" preserveAspectRatio="xMinYMin meet">
                <title id=title_id>"Score per company value, 1 to 5"</title>
                <desc id=desc_id>{desc}</desc>
                {(1..=5).map(|tick| {
                    let x = x_of(tick as f64);
                    view! {
                        <line x1=x.to_string() x2=x.to_string() y1="0" y2=(height - 20.0).to_string() class="grid"/>
                        <text x=x.to_string() y=(height - 4.0).to_string() class="tick" text-anchor="middle">{tick.to_string()}</text>
                    }
                }).collect_view()}
                {values.iter().enumerate().map(|(i, v)| {
                    let y = i as f64 * row_h + 4.0;
                    let w = (x_of(v.mean) - label_w).max(2.0);
                    view! {
                        <text x=(label_w - 8.0).to_string() y=(y + 15.0).to_string() text-anchor="end" class="label">{v.name.clone()}</text>
                        <rect x=label_w.to_string() y=y.to_string() width=w.to_string() height="18" rx="3" class="bar"/>
                        <text x=(label_w + w + 6.0).to_string() y=(y + 14.0).to_string() class="value">{format!("{:.1}", v.mean)}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption>
                <details>
                    <summary>"The same scores as a table"</summary>
                    <table>
                        <thead><tr><th scope="col">"Value"</th><th scope="col">"Score (1 to 5)"</th><th scope="col">"Items"</th></tr></thead>
                        <tbody>
                            {values.into_iter().map(|v| view! {
                                <tr><td>{v.name}</td><td>{format!("{:.2}", v.mean)}</td><td>{v.items}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </details>
            </figcaption>
        </figure>
    }
}
