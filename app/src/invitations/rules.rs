//! What may be done to an invitation in which state, and the audit entry for each.

use super::store::{self, Invitation};
use crate::audit::{self, Actor, Entry};
use crate::auth::Viewer;
use crate::error::AppError;
use crate::positions::state::CandidateState;
use crate::state::AppState;

fn state_of(i: &Invitation, now: i64) -> CandidateState {
    CandidateState::of(now, i.expires_at, i.revoked, i.attempt_deadline, i.closed_reason.as_deref())
}

async fn load(state: &AppState, id: &str) -> Result<Invitation, AppError> {
    store::find(&state.db, id).await?.ok_or_else(|| AppError::not_found("That invitation"))
}

/// Sends the candidate the latest invitation email again, with the same link. Returns the
/// position, for the page to return to.
pub async fn resend(state: &AppState, viewer: &Viewer, id: &str) -> Result<String, AppError> {
    let inv = load(state, id).await?;
    let now = state.now();
    let current = state_of(&inv, now);
    if !current.link_works() {
        return Err(AppError::Conflict(format!("{}'s invitation is {}: there is no working link to send.", inv.name, current.label().to_lowercase())));
    }
    let (subject, body, link) = store::latest_email(&state.db, id).await?.ok_or_else(|| AppError::not_found("That invitation's email"))?;
    let mut tx = state.db.begin().await?;
    let email = crate::outbox::server::Email { to_name: &inv.name, to_email: &inv.email, subject, body, link: Some(&link), invitation_id: Some(id), private_to: None };
    crate::outbox::server::queue(&mut tx, now, email).await?;
    let entry = Entry {
        action: "invitations.resent",
        subject_type: "invitation",
        subject_id: Some(id),
        summary: format!("Sent {} <{}> the invitation to {} again", inv.name, inv.email, inv.position),
        reason: None,
    };
    audit::record(&mut *tx, now, &Actor::Staff(viewer), entry).await?;
    tx.commit().await?;
    Ok(inv.position_id)
}

/// Withdraws an invitation that has not been used: its link stops working and the candidate
/// is told so when they open it. The reason stays with HR, in the audit log.
pub async fn withdraw(state: &AppState, viewer: &Viewer, id: &str, reason: &str) -> Result<String, AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", "Say why the invitation is withdrawn (up to 500 characters); it is kept in the audit log."));
    }
    let inv = load(state, id).await?;
    let now = state.now();
    let current = state_of(&inv, now);
    if !current.withdrawable() {
        return Err(AppError::Conflict(format!(
            "{}'s invitation is {}, so it can no longer be withdrawn; decide on it with the results.",
            inv.name,
            current.label().to_lowercase()
        )));
    }
    let mut tx = state.db.begin().await?;
    if !store::withdraw(&mut tx, id, now).await? {
        return Err(AppError::Conflict(format!("{}'s invitation was withdrawn or started a moment ago; reload to see it.", inv.name)));
    }
    let entry = Entry {
        action: "invitations.withdrawn",
        subject_type: "invitation",
        subject_id: Some(id),
        summary: format!("Withdrew the invitation of {} <{}> to {}", inv.name, inv.email, inv.position),
        reason: Some(reason),
    };
    audit::record(&mut *tx, now, &Actor::Staff(viewer), entry).await?;
    tx.commit().await?;
    Ok(inv.position_id)
}
