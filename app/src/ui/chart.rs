//! Server-rendered charts (HTML bars, an SVG scatter plot): no JavaScript, a title and a
//! description for screen readers,
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

/// Horizontal bars on a scale from `min` to `max`, drawn in HTML so labels wrap instead of
/// being cut off and text keeps the page's size on a phone. The chart is one image to a screen
/// reader (its description lists every bar); the same figures are in a table, which a phone
/// shows before the chart and a wider screen folds away under it.
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
    let span = if max > min { max - min } else { 1.0 };
    let at = move |v: f64| format!("{:.2}%", ((v - min) / span).clamp(0.0, 1.0) * 100.0);
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let desc = bars.iter().map(|b| format!("{} {}", b.label, b.shown)).collect::<Vec<_>>().join("; ");
    let labelled = format!("{title_id} {desc_id}");
    let rows: Vec<Vec<String>> = bars.iter().map(|b| b.cells.clone()).collect();
    view! {
        <figure class="chart bar-chart">
            <p class="chart-title" id=title_id>{title.clone()}</p>
            <div class="chart-data-first">
                <DataTable caption=title.clone() headers=headers.clone() rows=rows.clone()/>
            </div>
            <div class="bars" role="img" aria-labelledby=labelled>
                <span class="visually-hidden" id=desc_id>{desc}</span>
                {bars.iter().map(|b| view! {
                    <span class="bar-label" title=b.label.clone()>{b.label.clone()}</span>
                    <span class="bar-track"><span class="bar-fill" style=format!("width: {}", at(b.value))></span></span>
                    <span class="bar-value">{b.shown.clone()}</span>
                }).collect_view()}
                <span class="bar-axis">
                    {ticks.into_iter().map(|(t, text)| view! { <span style=format!("left: {}", at(t))>{text}</span> }).collect_view()}
                </span>
            </div>
            <figcaption class="chart-data-folded">
                <details>
                    <summary>"The same figures as a table"</summary>
                    <DataTable caption=String::new() headers=headers rows=rows/>
                </details>
            </figcaption>
        </figure>
    }
}

/// A chart's figures as a table.
#[component]
fn DataTable(caption: String, headers: Vec<String>, rows: Vec<Vec<String>>) -> impl IntoView {
    view! {
        <table>
            {(!caption.is_empty()).then(|| view! { <caption>{caption}</caption> })}
            <thead><tr>{headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                }).collect_view()}
            </tbody>
        </table>
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
                <DataTable caption=String::new() headers=headers rows=rows/>
            </details>
        </figcaption>
    }
}
