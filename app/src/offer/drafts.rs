//! Offers being previewed, in `offer_drafts`: one per cohort and person. SQL only. Nothing is
//! sent from a draft; confirming it makes the Offer and removes it.

use super::money::Money;
use crate::clock::Millis;
use crate::db::{Db, RowExt};
use crate::error::AppError;

/// How long an unconfirmed preview is kept.
pub const KEPT_FOR_MS: Millis = 24 * 60 * 60 * 1000;

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub week: usize,
    pub money: Money,
    pub deadline_at: Millis,
    pub message: String,
    pub rehire_allowed: bool,
    pub payout_terms: String,
    pub no_response_leaves: bool,
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds the eight terms of an Offer in the order both `offers` and `offer_drafts` list them:
/// week, amount, currency, deadline, message, rehire, payout terms, the rule for silence.
pub fn bind_terms<'q>(q: Query<'q>, d: &'q Draft) -> Query<'q> {
    q.bind(d.week as i64)
        .bind(d.money.cents)
        .bind(d.money.currency())
        .bind(d.deadline_at)
        .bind(&d.message)
        .bind(d.rehire_allowed as i64)
        .bind(&d.payout_terms)
        .bind(if d.no_response_leaves { "leaves" } else { "stays" })
}

pub async fn save(db: &Db, now: Millis, cohort_id: &str, user_id: &str, d: &Draft) -> Result<(), AppError> {
    let query = sqlx::query(
        "INSERT INTO offer_drafts (cohort_id, user_id, week, amount_cents, currency, deadline_at, message, rehire_allowed, payout_terms, no_response_rule, saved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (cohort_id, user_id) DO UPDATE SET week = excluded.week, amount_cents = excluded.amount_cents,
             currency = excluded.currency, deadline_at = excluded.deadline_at, message = excluded.message,
             rehire_allowed = excluded.rehire_allowed, payout_terms = excluded.payout_terms,
             no_response_rule = excluded.no_response_rule, saved_at = excluded.saved_at",
    )
    .bind(cohort_id)
    .bind(user_id);
    bind_terms(query, d).bind(now).execute(db.writer()).await?;
    Ok(())
}

/// This person's draft for the cohort, unless it is older than a day.
pub async fn get(db: &Db, now: Millis, cohort_id: &str, user_id: &str) -> Result<Option<Draft>, AppError> {
    let row = sqlx::query(
        "SELECT week, amount_cents, currency, deadline_at, message, rehire_allowed, payout_terms, no_response_rule
         FROM offer_drafts WHERE cohort_id = $1 AND user_id = $2 AND saved_at > $3",
    )
    .bind(cohort_id)
    .bind(user_id)
    .bind(now - KEPT_FOR_MS)
    .fetch_optional(db.reader())
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Draft {
        week: usize::try_from(r.int("week")?).unwrap_or(0),
        money: Money::from_stored(r.int("amount_cents")?, &r.text("currency")?),
        deadline_at: r.int("deadline_at")?,
        message: r.text("message")?,
        rehire_allowed: r.flag("rehire_allowed")?,
        payout_terms: r.text("payout_terms")?,
        no_response_leaves: r.text("no_response_rule")? == "leaves",
    }))
}

/// Removes the cohort's drafts, everyone's: once the Offer is made they are moot.
pub async fn clear(conn: &mut sqlx::AnyConnection, cohort_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM offer_drafts WHERE cohort_id = $1").bind(cohort_id).execute(conn).await?;
    Ok(())
}

/// Forgets previews nobody confirmed.
pub async fn purge(db: &Db, now: Millis) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM offer_drafts WHERE saved_at <= $1").bind(now - KEPT_FOR_MS).execute(db.writer()).await?;
    Ok(done.rows_affected())
}
