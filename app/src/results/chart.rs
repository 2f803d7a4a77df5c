//! The values profile on a candidate's report: one bar per company value on the 1 to 5 scale.

use crate::scoring::ValueScore;
use crate::ui::chart::{Bar, BarChart};
use leptos::prelude::*;

#[component]
pub fn ValueProfile(values: Vec<ValueScore>, #[prop(into)] id: String) -> impl IntoView {
    let bars = values
        .into_iter()
        .map(|v| {
            let answered = if v.drawn > 0 { format!("{} of {}", v.items, v.drawn) } else { v.items.to_string() };
            match v.mean {
                Some(mean) => Bar { label: v.name.clone(), value: mean, shown: format!("{mean:.1}"), cells: vec![v.name, format!("{mean:.2}"), answered] },
                // Too few answers for a mean: no bar, and the table says why.
                None => Bar { label: v.name.clone(), value: 1.0, shown: "incomplete".into(), cells: vec![v.name, "incomplete".into(), answered] },
            }
        })
        .collect();
    let ticks = (1..=5).map(|t| (t as f64, t.to_string())).collect();
    let headers = vec!["Value".to_string(), "Score (1 to 5)".to_string(), "Items answered".to_string()];
    view! { <BarChart id=id title="Score per company value, 1 to 5" bars=bars min=1.0 max=5.0 ticks=ticks headers=headers/> }
}
