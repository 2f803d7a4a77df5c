//! Writing the audit log: every change in the product records who made it, inside the
//! transaction of the change. This file depends on the database and nothing of the product's
//! pages, so every store can write through it.

use crate::auth::Viewer;
use crate::clock::Millis;
use sqlx::{Any, Executor};

/// Who made a change.
pub enum Actor<'a> {
    /// A signed-in person: staff, or a trainee answering their Offer.
    Staff(&'a Viewer),
    /// The product itself (a deadline passing, a seed, a command-line action).
    System(&'a str),
    /// A candidate, through their invitation link (they have no account): their name.
    Candidate(&'a str),
}

pub struct Entry<'a> {
    pub action: &'a str,
    pub subject_type: &'a str,
    pub subject_id: Option<&'a str>,
    pub summary: String,
    pub reason: Option<&'a str>,
}

pub async fn record<'e, E>(exec: E, now: Millis, actor: &Actor<'_>, entry: Entry<'_>) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let (actor_id, actor_label) = match actor {
        Actor::Staff(v) => (Some(v.user_id.clone()), format!("{} <{}>", v.name, v.email)),
        Actor::System(what) => (None, format!("Keepers ({what})")),
        Actor::Candidate(name) => (None, format!("{name} (candidate, by their link)")),
    };
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_label, action, subject_type, subject_id, summary, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(now)
    .bind(actor_id)
    .bind(actor_label)
    .bind(entry.action)
    .bind(entry.subject_type)
    .bind(entry.subject_id)
    .bind(entry.summary)
    .bind(entry.reason)
    .execute(exec)
    .await?;
    Ok(())
}
