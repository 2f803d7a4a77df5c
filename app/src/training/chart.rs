//! A trainee's week scores as a server-rendered line (no JavaScript), with a text alternative:
//! small in the cohort table, full size with axes and a data table on the trainee's page.

use leptos::prelude::*;

fn describe(scores: &[Option<f64>]) -> String {
    scores
        .iter()
        .enumerate()
        .map(|(i, s)| format!("week {}: {}", i + 1, s.map(|v| format!("{v:.1}")).unwrap_or_else(|| "not graded".into())))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn Trend(scores: Vec<Option<f64>>, #[prop(into)] name: String, small: bool) -> impl IntoView {
    let (w, h, pad_l, pad_b, pad_t) = if small { (120.0, 36.0, 4.0, 4.0, 4.0) } else { (420.0, 180.0, 34.0, 28.0, 10.0) };
    let n = scores.len().max(1);
    let step = if n > 1 { (w - pad_l - 8.0) / (n - 1) as f64 } else { 0.0 };
    let x_of = move |i: usize| pad_l + step * i as f64 + if n == 1 { (w - pad_l) / 2.0 } else { 0.0 };
    let y_of = move |v: f64| pad_t + (5.0 - v) / 4.0 * (h - pad_t - pad_b);
    // Lines join consecutive graded weeks; an ungraded week breaks the line.
    let mut segments = Vec::new();
    for i in 1..scores.len() {
        if let (Some(a), Some(b)) = (scores[i - 1], scores[i]) {
            segments.push((x_of(i - 1), y_of(a), x_of(i), y_of(b)));
        }
    }
    let points: Vec<(f64, f64, f64)> = scores.iter().enumerate().filter_map(|(i, s)| s.map(|v| (x_of(i), y_of(v), v))).collect();
    let label = format!("Week scores of {name}, 1 to 5: {}", describe(&scores));
    let class = if small { "trend small" } else { "trend" };
    let rows = scores.clone();
    view! {
        <figure class=class>
            <svg role="img" aria-label=label.clone() viewBox=format!("0 0 {w} {h}") width=if small { w.to_string() } else { "100%".into() }
                height=small.then(|| h.to_string()) preserveAspectRatio="xMinYMin meet">
                <title>{label.clone()}</title>
                {(!small).then(|| (1..=5).map(|level| {
                    let y = y_of(level as f64);
                    view! {
                        <line x1=pad_l.to_string() x2=(w - 4.0).to_string() y1=y.to_string() y2=y.to_string() class="grid"/>
                        <text x=(pad_l - 8.0).to_string() y=(y + 4.0).to_string() class="tick" text-anchor="end">{level.to_string()}</text>
                    }
                }).collect_view())}
                {(!small).then(|| (0..n).map(|i| view! {
                    <text x=x_of(i).to_string() y=(h - 6.0).to_string() class="tick" text-anchor="middle">{format!("W{}", i + 1)}</text>
                }).collect_view())}
                {segments.into_iter().map(|(x1, y1, x2, y2)| view! {
                    <line x1=x1.to_string() y1=y1.to_string() x2=x2.to_string() y2=y2.to_string() class="trend-line"/>
                }).collect_view()}
                {points.into_iter().map(|(x, y, _)| view! {
                    <circle cx=x.to_string() cy=y.to_string() r=if small { "2.5" } else { "4" } class="trend-point"/>
                }).collect_view()}
            </svg>
            {(!small).then(|| view! {
                <figcaption>
                    <details>
                        <summary>"The same scores as a table"</summary>
                        <table>
                            <thead><tr><th scope="col">"Week"</th><th scope="col">"Score (1 to 5)"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().enumerate().map(|(i, s)| view! {
                                    <tr><td>{i + 1}</td><td>{s.map(|v| format!("{v:.2}")).unwrap_or_else(|| "not graded".into())}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </details>
                </figcaption>
            })}
        </figure>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_text_alternative_names_every_week() {
        assert_eq!(super::describe(&[Some(3.25), None]), "week 1: 3.2, week 2: not graded");
    }
}
