//! Hire decisions and gate overrides: who may be hired, and the record of it. Each is a new
//! entry (never an edit), written with its audit entry in one transaction.

use super::report::report;
use super::store::{self, NewDecision};
use super::types::Decision;
use crate::audit::{self, Actor, Entry};
use crate::auth::Viewer;
use crate::error::AppError;
use crate::state::AppState;

/// Records a decision and returns the position it belongs to.
#[tracing::instrument(skip(state, viewer, reason), fields(user = %viewer.user_id))]
pub async fn decide(state: &AppState, viewer: &Viewer, invitation_id: &str, decision: Decision, reason: &str) -> Result<String, AppError> {
    let reason = reason.trim();
    if reason.chars().count() < 3 {
        return Err(AppError::invalid("reason", "Write why: the decision is recorded with its reason."));
    }
    if reason.chars().count() > 2_000 {
        return Err(AppError::invalid("reason", "Keep the reason under 2,000 characters."));
    }
    let report = report(state, invitation_id).await?;
    if report.detail.is_none() {
        return Err(AppError::invalid("decision", "This candidate has not finished the screening yet."));
    }
    if decision == Decision::Hire && !report.complete {
        return Err(AppError::invalid("decision", "Grade the written reply before hiring: the result is not complete."));
    }
    if decision == Decision::Hire && !report.passed {
        return Err(AppError::invalid(
            "decision",
            "This candidate has not passed the screening. Override a gate first, with your reason, if you want to hire them.",
        ));
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let entry = NewDecision { invitation_id, decision, reason, attitude: report.attitude, skill: report.skill, by: &viewer.user_id };
    store::insert_decision(&mut tx, &entry, now).await?;
    audit::record(
        &mut *tx,
        now,
        &Actor::Staff(viewer),
        Entry {
            action: "hiring.decided",
            subject_type: "invitation",
            subject_id: Some(invitation_id),
            summary: format!("{} {} for {}", decision.label(), report.name, report.position),
            reason: Some(reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(report.position_id)
}

/// Passes a failed gate by override, with the reason; returns the position.
#[tracing::instrument(skip(state, viewer, reason), fields(user = %viewer.user_id))]
pub async fn override_gate(state: &AppState, viewer: &Viewer, invitation_id: &str, gate: &str, reason: &str) -> Result<String, AppError> {
    if gate != "attitude" && gate != "skill" {
        return Err(AppError::invalid("gate", "Choose the gate to override."));
    }
    let reason = reason.trim();
    if reason.chars().count() < 10 {
        return Err(AppError::invalid("reason", "Explain the override in a sentence or more; it is kept on the record."));
    }
    let report = report(state, invitation_id).await?;
    if !report.complete {
        return Err(AppError::invalid("gate", "Overrides are for complete results; grade the written reply first."));
    }
    let already_passed = if gate == "attitude" { report.attitude_passed } else { report.skill_passed };
    if already_passed {
        return Err(AppError::invalid("gate", "That gate is already passed; there is nothing to override."));
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    store::insert_override(&mut tx, invitation_id, gate, reason, &viewer.user_id, now).await?;
    audit::record(
        &mut *tx,
        now,
        &Actor::Staff(viewer),
        Entry {
            action: "hiring.gate_overridden",
            subject_type: "invitation",
            subject_id: Some(invitation_id),
            summary: format!("Overrode the {gate} gate for {} ({})", report.name, report.position),
            reason: Some(reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(report.position_id)
}
