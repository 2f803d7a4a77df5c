//! Invitations and their emails in the database. SQL only.

use crate::clock::Millis;
use crate::db::{Db, RowExt};
use crate::error::AppError;

/// An invitation as the actions on it need it.
pub struct Invitation {
    pub id: String,
    pub position_id: String,
    pub position: String,
    pub name: String,
    pub email: String,
    pub expires_at: Millis,
    pub revoked: bool,
    pub attempt_deadline: Option<Millis>,
    pub closed_reason: Option<String>,
}

pub async fn find(db: &Db, id: &str) -> Result<Option<Invitation>, AppError> {
    let row = sqlx::query(
        "SELECT i.id, i.position_id, p.title, c.name, c.email, i.expires_at, i.revoked_at, a.deadline_at, a.closed_reason
         FROM invitations i JOIN candidates c ON c.id = i.candidate_id JOIN positions p ON p.id = i.position_id
         LEFT JOIN attempts a ON a.invitation_id = i.id
         WHERE i.id = $1",
    )
    .bind(id)
    .fetch_optional(db.reader())
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Invitation {
        id: r.text("id")?,
        position_id: r.text("position_id")?,
        position: r.text("title")?,
        name: r.text("name")?,
        email: r.text("email")?,
        expires_at: r.int("expires_at")?,
        revoked: r.opt_int("revoked_at")?.is_some(),
        attempt_deadline: r.opt_int("deadline_at")?,
        closed_reason: r.opt_text("closed_reason")?,
    }))
}

/// The latest email written for an invitation: (subject, body, link).
pub async fn latest_email(db: &Db, invitation_id: &str) -> Result<Option<(String, String, String)>, AppError> {
    let row = sqlx::query(
        "SELECT subject, body, link FROM outbox WHERE invitation_id = $1 AND link IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(invitation_id)
    .fetch_optional(db.reader())
    .await?;
    Ok(match row {
        Some(r) => Some((r.text("subject")?, r.text("body")?, r.text("link")?)),
        None => None,
    })
}

/// Marks an invitation withdrawn unless it already is or its attempt has begun (the condition
/// is in the statement, so of two withdrawals at once one counts). Returns whether it changed.
pub async fn withdraw(conn: &mut sqlx::AnyConnection, id: &str, now: Millis) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET revoked_at = $1
         WHERE id = $2 AND revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.invitation_id = invitations.id)",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
