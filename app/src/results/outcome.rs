//! What a candidate is told about their application on their own link: the latest decision in
//! plain words, and their own scores when the position shows them. Only theirs.

use super::report::report;
use super::types::Decision;
use crate::attempt::types::{Outcome, OwnResult};
use crate::error::AppError;
use crate::state::AppState;

#[tracing::instrument(skip(state))]
pub async fn candidate_outcome(state: &AppState, invitation_id: &str) -> Result<Option<Outcome>, AppError> {
    let report = report(state, invitation_id).await?;
    if report.detail.is_none() {
        return Ok(None);
    }
    let latest = report.decisions.first().map(|d| d.decision);
    let (headline, text) = match latest {
        Some(Decision::Hire) => ("Good news", "The hiring team would like to offer you a place in training. They will email you the details."),
        Some(Decision::Reject) => (
            "Thank you for your time",
            "The hiring team has decided not to move forward with your application this time. Thank you for taking the screening.",
        ),
        _ => ("Your answers are with the hiring team", "They review every screening and will email you about the next step."),
    };
    let result = (report.rule.show_results && report.complete).then(|| OwnResult {
        attitude: report.attitude.unwrap_or(0.0),
        skill: report.skill.unwrap_or(0.0),
        values: report.detail.as_ref().map(|d| d.values.iter().filter_map(|v| Some((v.name.clone(), v.mean?))).collect()).unwrap_or_default(),
    });
    Ok(Some(Outcome { headline: headline.into(), text: text.into(), result }))
}
