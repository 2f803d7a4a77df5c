//! Reading and writing Offers. Decisions are only ever inserted: the first entry of a trainee
//! is claimed with `ON CONFLICT DO NOTHING` on (offer, trainee, seq), so of two answers racing
//! exactly one is recorded on either engine, and the other is told what was recorded.

use super::money::Money;
use super::{leaves, Answer, DecisionView, Source};
use crate::audit::{self, Actor, Entry};
use crate::clock::{format_utc, Millis};
use crate::db::{new_id, Db, RowExt};
use crate::error::AppError;
use std::collections::HashMap;

/// What a trainee's `left_reason` says when the Offer made them leave.
pub const TOOK_THE_OFFER: &str = "Took the Offer";
pub const SILENT_LEFT: &str = "Did not answer the Offer; the cohort's rule is that they leave";

#[derive(Clone, Debug)]
pub struct Offer {
    pub id: String,
    pub cohort_id: String,
    pub cohort: String,
    pub week: i64,
    pub money: Money,
    pub deadline_at: Millis,
    pub message: String,
    pub rehire_allowed: bool,
    pub payout_terms: String,
    pub no_response_leaves: bool,
    pub opened_at: Millis,
    pub opened_by: String,
}

const OFFER_SQL: &str = "SELECT o.id, o.cohort_id, c.name AS cohort, o.week, o.amount_cents, o.currency, o.deadline_at, o.message,
        o.rehire_allowed, o.payout_terms, o.no_response_rule, o.opened_at, u.name AS opened_by
 FROM offers o JOIN cohorts c ON c.id = o.cohort_id JOIN users u ON u.id = o.opened_by";

fn offer_row(r: &sqlx::any::AnyRow) -> Result<Offer, sqlx::Error> {
    Ok(Offer {
        id: r.text("id")?,
        cohort_id: r.text("cohort_id")?,
        cohort: r.text("cohort")?,
        week: r.int("week")?,
        money: Money::from_stored(r.int("amount_cents")?, &r.text("currency")?),
        deadline_at: r.int("deadline_at")?,
        message: r.text("message")?,
        rehire_allowed: r.flag("rehire_allowed")?,
        payout_terms: r.text("payout_terms")?,
        no_response_leaves: r.text("no_response_rule")? == "leaves",
        opened_at: r.int("opened_at")?,
        opened_by: r.text("opened_by")?,
    })
}

pub async fn for_cohort(db: &Db, cohort_id: &str) -> Result<Option<Offer>, AppError> {
    let sql = format!("{OFFER_SQL} WHERE o.cohort_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(cohort_id).fetch_optional(db.reader()).await?;
    Ok(row.as_ref().map(offer_row).transpose()?)
}

pub async fn all(db: &Db) -> Result<Vec<Offer>, AppError> {
    let sql = format!("{OFFER_SQL} ORDER BY o.opened_at DESC, o.id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(db.reader()).await?;
    Ok(rows.iter().map(offer_row).collect::<Result<Vec<_>, _>>()?)
}

/// The Offer made to a trainee, if any.
pub async fn for_trainee(db: &Db, trainee_id: &str) -> Result<Option<Offer>, AppError> {
    let sql = format!("{OFFER_SQL} JOIN offer_recipients r ON r.offer_id = o.id WHERE r.trainee_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(trainee_id).fetch_optional(db.reader()).await?;
    Ok(row.as_ref().map(offer_row).transpose()?)
}

/// Recipients of an Offer with their names, by name.
pub async fn recipients(db: &Db, offer_id: &str) -> Result<Vec<(String, String, String)>, AppError> {
    let rows = sqlx::query(
        "SELECT t.id, t.name, u.email FROM offer_recipients r JOIN trainees t ON t.id = r.trainee_id JOIN users u ON u.id = t.user_id
         WHERE r.offer_id = $1 ORDER BY LOWER(t.name), t.id",
    )
    .bind(offer_id)
    .fetch_all(db.reader())
    .await?;
    Ok(rows.iter().map(|r| Ok((r.text("id")?, r.text("name")?, r.text("email")?))).collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// Every decision of an Offer, per trainee, oldest first.
pub async fn decisions(db: &Db, offer_id: &str) -> Result<HashMap<String, Vec<DecisionView>>, AppError> {
    decisions_where(db, offer_id, None).await
}

/// One trainee's record of an Offer, oldest first.
pub async fn history(db: &Db, offer_id: &str, trainee_id: &str) -> Result<Vec<DecisionView>, AppError> {
    Ok(decisions_where(db, offer_id, Some(trainee_id)).await?.remove(trainee_id).unwrap_or_default())
}

async fn decisions_where(db: &Db, offer_id: &str, trainee_id: Option<&str>) -> Result<HashMap<String, Vec<DecisionView>>, AppError> {
    let rows = sqlx::query(
        "SELECT d.trainee_id, d.seq, d.answer, d.outcome, d.source, d.reason, d.recorded_at, u.name
         FROM offer_decisions d LEFT JOIN users u ON u.id = d.recorded_by
         WHERE d.offer_id = $1 AND ($2 = '' OR d.trainee_id = $2) ORDER BY d.trainee_id, d.seq",
    )
    .bind(offer_id)
    .bind(trainee_id.unwrap_or(""))
    .fetch_all(db.reader())
    .await?;
    let mut out: HashMap<String, Vec<DecisionView>> = HashMap::new();
    for r in rows {
        let view = DecisionView {
            seq: r.int("seq")?,
            answer: Answer::parse(&r.text("answer")?).unwrap_or(Answer::NoResponse),
            leaves: r.text("outcome")? == "leaves",
            source: Source::parse(&r.text("source")?).unwrap_or(Source::Correction),
            reason: r.opt_text("reason")?,
            by: r.opt_text("name")?,
            at: format_utc(r.int("recorded_at")?),
        };
        out.entry(r.text("trainee_id")?).or_default().push(view);
    }
    Ok(out)
}

/// Payments recorded for an Offer: trainee -> (paid at, reference, recorded by).
pub async fn payments(db: &Db, offer_id: &str) -> Result<HashMap<String, (String, String, String)>, AppError> {
    let rows = sqlx::query(
        "SELECT p.trainee_id, p.paid_at, p.reference, u.name FROM offer_payments p JOIN users u ON u.id = p.recorded_by WHERE p.offer_id = $1",
    )
    .bind(offer_id)
    .fetch_all(db.reader())
    .await?;
    let mut out = HashMap::new();
    for r in rows {
        out.insert(r.text("trainee_id")?, (format_utc(r.int("paid_at")?), r.text("reference")?, r.text("name")?));
    }
    Ok(out)
}

pub struct NewDecision<'a> {
    pub trainee_id: &'a str,
    pub trainee_name: &'a str,
    pub answer: Answer,
    pub source: Source,
    pub reason: Option<&'a str>,
    /// The signed-in trainee or HR member who recorded it; `None` for the deadline.
    pub by: Option<&'a crate::auth::Viewer>,
}

/// Records an entry inside `tx`: the first answer when `seq` is 1, a correction after that.
/// Returns false when that entry was already taken (someone answered first).
pub async fn insert(tx: &mut sqlx::AnyConnection, now: Millis, offer: &Offer, seq: i64, d: &NewDecision<'_>) -> Result<bool, AppError> {
    let leaves_now = leaves(d.answer, offer.no_response_leaves);
    let recorded_by = d.by.map(|v| v.user_id.clone());
    let done = sqlx::query(
        "INSERT INTO offer_decisions (id, offer_id, trainee_id, seq, answer, outcome, source, reason, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (offer_id, trainee_id, seq) DO NOTHING",
    )
    .bind(new_id().to_string())
    .bind(&offer.id)
    .bind(d.trainee_id)
    .bind(seq)
    .bind(d.answer.as_str())
    .bind(if leaves_now { "leaves" } else { "stays" })
    .bind(d.source.as_str())
    .bind(d.reason)
    .bind(recorded_by)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    // The trainee record follows the latest decision: leaving ends training, a correction back
    // to staying undoes only what the Offer did.
    if leaves_now {
        let why = if d.answer == Answer::Take { TOOK_THE_OFFER } else { SILENT_LEFT };
        sqlx::query("UPDATE trainees SET left_at = $2, left_reason = $3 WHERE id = $1 AND left_at IS NULL")
            .bind(d.trainee_id)
            .bind(now)
            .bind(why)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query("UPDATE trainees SET left_at = NULL, left_reason = NULL WHERE id = $1 AND left_reason IN ($2, $3)")
            .bind(d.trainee_id)
            .bind(TOOK_THE_OFFER)
            .bind(SILENT_LEFT)
            .execute(&mut *tx)
            .await?;
    }
    let actor = match d.by {
        Some(v) => Actor::Staff(v),
        None => Actor::System("Offer deadline"),
    };
    let action = match d.source {
        Source::Trainee => "offer.answered",
        Source::InPerson => "offer.recorded_in_person",
        Source::Deadline => "offer.no_response",
        Source::Correction => "offer.corrected",
        Source::Left => "offer.withdrawn",
    };
    audit::record(
        &mut *tx,
        now,
        &actor,
        Entry {
            action,
            subject_type: "trainee",
            subject_id: Some(d.trainee_id),
            summary: format!(
                "{}: {} ({}, {} Offer of {})",
                d.trainee_name,
                d.answer.label(),
                if leaves_now { "leaves" } else { "stays" },
                offer.money.display(),
                offer.cohort
            ),
            reason: d.reason,
        },
    )
    .await?;
    Ok(true)
}

/// Offers whose deadline has passed: every recipient without an answer gets "no response",
/// and the cohort's rule decides whether they stay. Returns how many were recorded.
pub async fn sweep(db: &Db, now: Millis) -> Result<usize, AppError> {
    let rows = sqlx::query(
        "SELECT r.offer_id, r.trainee_id, t.name FROM offer_recipients r
         JOIN offers o ON o.id = r.offer_id JOIN trainees t ON t.id = r.trainee_id
         WHERE o.deadline_at < $1 AND NOT EXISTS (SELECT 1 FROM offer_decisions d WHERE d.offer_id = r.offer_id AND d.trainee_id = r.trainee_id)",
    )
    .bind(now)
    .fetch_all(db.reader())
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut offers: HashMap<String, Offer> = HashMap::new();
    let mut recorded = 0;
    let mut tx = db.begin().await?;
    for r in rows {
        let offer_id = r.text("offer_id")?;
        if !offers.contains_key(&offer_id) {
            let sql = format!("{OFFER_SQL} WHERE o.id = $1");
            let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&offer_id).fetch_one(&mut *tx).await?;
            offers.insert(offer_id.clone(), offer_row(&row)?);
        }
        let offer = &offers[&offer_id];
        let (trainee_id, name) = (r.text("trainee_id")?, r.text("name")?);
        let d = NewDecision { trainee_id: &trainee_id, trainee_name: &name, answer: Answer::NoResponse, source: Source::Deadline, reason: None, by: None };
        if insert(&mut tx, offer.deadline_at, offer, 1, &d).await? {
            recorded += 1;
        }
    }
    tx.commit().await?;
    Ok(recorded)
}
