//! The results' server functions: each checks the caller's role, takes the state and calls one
//! use case (`list`, `report`, `decide`, `settings`); the redirects are for forms posted
//! without JavaScript.

use super::types::{Report, ResultsPage, ResultsQuery, ScoringForm};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "results/list")]
pub async fn position_results(id: String, query: Option<ResultsQuery>) -> Result<ResultsPage, AppError> {
    crate::auth::guard::require::<PositionResults>()?;
    let state = crate::state::app_state()?;
    super::list::page(&state.db, &id, query.unwrap_or_default()).await
}

#[server(prefix = "/api", endpoint = "results/report")]
pub async fn candidate_report(invitation_id: String) -> Result<Report, AppError> {
    crate::auth::guard::require::<CandidateReport>()?;
    let state = crate::state::app_state()?;
    super::report::report(&state, &invitation_id).await
}

#[server(prefix = "/api", endpoint = "results/decide")]
pub async fn decide(invitation_id: String, decision: String, reason: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<Decide>()?;
    let state = crate::state::app_state()?;
    let decision = super::types::Decision::parse(&decision).ok_or_else(|| AppError::invalid("decision", "Choose hire, reject or hold."))?;
    let position = super::decide::decide(&state, &viewer, &invitation_id, decision, &reason).await?;
    crate::ui::redirect_after(&format!("/positions/{position}/candidates/{invitation_id}?decided=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "results/override")]
pub async fn override_gate(invitation_id: String, gate: String, reason: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<OverrideGate>()?;
    let state = crate::state::app_state()?;
    let position = super::decide::override_gate(&state, &viewer, &invitation_id, &gate, &reason).await?;
    crate::ui::redirect_after(&format!("/positions/{position}/candidates/{invitation_id}?overridden=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "results/rescore")]
pub async fn rescore(position_id: String, reason: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<Rescore>()?;
    let state = crate::state::app_state()?;
    let reason = reason.trim();
    if reason.chars().count() < 5 {
        return Err(AppError::invalid("reason", "Say why you are rescoring (for example, which key was corrected)."));
    }
    let (_, n) = crate::scoring::engine::rescore_position(&state, &viewer, &position_id, reason).await?;
    crate::ui::redirect_after(&format!("/positions/{position_id}/results?rescored={n}"));
    Ok(())
}

/// The form's fields arrive as they are named on the page (`flatten`), and are parsed once,
/// into the rule, before anything is stored.
#[server(prefix = "/api", endpoint = "results/scoring_settings")]
pub async fn save_scoring(#[server(flatten)] form: ScoringForm) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<SaveScoring>()?;
    let state = crate::state::app_state()?;
    let rule = super::types::RuleView::try_from(&form)?;
    super::settings::save(&state, &viewer, &form.position_id, &rule).await?;
    crate::ui::redirect_after(&format!("/positions/{}/results?saved=1", form.position_id));
    Ok(())
}
