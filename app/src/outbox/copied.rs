//! Recording that HR copied a candidate's invitation link (from the outbox or the position
//! page) to hand it over: the link is the candidate's key, so who took it is in the audit log.

use crate::error::AppError;
use leptos::prelude::*;

/// Records that HR copied a candidate's invitation link from the outbox to hand it over.
#[server(prefix = "/api", endpoint = "outbox/link_copied")]
pub async fn link_copied(message_id: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<LinkCopied>()?;
    let state = crate::state::app_state()?;
    ssr::link_copied(&state, &viewer, &message_id).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::audit::{self, Actor, Entry};
    use crate::auth::Viewer;
    use crate::db::RowExt;
    use crate::error::AppError;
    use crate::state::AppState;

    pub async fn link_copied(state: &AppState, viewer: &Viewer, message_id: &str) -> Result<(), AppError> {
        // Only invitation links are copied: a private message has no link to copy.
        let row = sqlx::query("SELECT to_name, to_email, invitation_id FROM outbox WHERE id = $1 AND private_to IS NULL AND invitation_id IS NOT NULL")
            .bind(message_id)
            .fetch_optional(state.db.reader())
            .await?
            .ok_or_else(|| AppError::not_found("That invitation"))?;
        let invitation_id = row.text("invitation_id")?;
        audit::record(
            state.db.writer(),
            state.now(),
            &Actor::Staff(viewer),
            Entry {
                action: "invitations.link_copied",
                subject_type: "invitation",
                subject_id: Some(&invitation_id),
                summary: format!("Copied the invitation link for {} <{}> from the outbox", row.text("to_name")?, row.text("to_email")?),
                reason: None,
            },
        )
        .await?;
        Ok(())
    }
}
