//! The server functions for one invitation: guard, state, call.

use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "invitations/resend")]
pub async fn resend_invitation(invitation_id: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<ResendInvitation>()?;
    let state = crate::state::app_state()?;
    let position = super::rules::resend(&state, &viewer, &invitation_id).await?;
    crate::ui::redirect_after(&format!("/positions/{position}?resent=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "invitations/withdraw")]
pub async fn withdraw_invitation(invitation_id: String, reason: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<WithdrawInvitation>()?;
    let state = crate::state::app_state()?;
    let position = super::rules::withdraw(&state, &viewer, &invitation_id, &reason).await?;
    crate::ui::redirect_after(&format!("/positions/{position}?withdrawn=1"));
    Ok(())
}
