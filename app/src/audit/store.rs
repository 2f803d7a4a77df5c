//! Reading the audit log: the filters as SQL (the same text on both engines) and a page of entries.

use super::types::{AuditEntry, AuditQuery, AREAS};
use crate::clock::format_utc;
use crate::db::{Db, RowExt};
use crate::error::AppError;

pub const PAGE_SIZE: i64 = 50;

/// The WHERE clause for a query and its bound values ($1 to $4). Area prefixes come from
/// `AREAS`, never from the request.
fn filter(q: &AuditQuery) -> (String, String, i64, i64) {
    let area = AREAS
        .iter()
        .find(|(key, _, _)| *key == q.area)
        .map(|(_, _, prefixes)| prefixes.iter().map(|p| format!("action LIKE '{p}%'")).collect::<Vec<_>>().join(" OR "))
        .unwrap_or_else(|| "1 = 1".into());
    let words = q.q.trim().to_lowercase();
    let day = |raw: &str| crate::clock::parse_date(raw).map(crate::clock::start_millis);
    let from = day(&q.from).unwrap_or(i64::MIN);
    let to = day(&q.to).map(|d| d + 86_400_000).unwrap_or(i64::MAX);
    // `%` and `_` typed into the box are searched for, not wildcards.
    let sql = format!(
        "({area}) AND ($1 = '' OR LOWER(summary || ' ' || actor_label || ' ' || COALESCE(reason, '')) LIKE $2 ESCAPE '!') AND at >= $3 AND at < $4"
    );
    (sql, words, from, to)
}

fn entry(r: &sqlx::any::AnyRow) -> Result<AuditEntry, sqlx::Error> {
    Ok(AuditEntry {
        id: r.int("id")?,
        at: format_utc(r.int("at")?),
        actor: r.text("actor_label")?,
        action: r.text("action")?,
        subject: match r.opt_text("subject_id")? {
            Some(id) => format!("{} {}", r.text("subject_type")?, &id[..id.len().min(8)]),
            None => r.text("subject_type")?,
        },
        summary: r.text("summary")?,
        reason: r.opt_text("reason")?,
    })
}

pub async fn select(db: &Db, q: &AuditQuery, limit: i64, offset: i64) -> Result<(Vec<AuditEntry>, i64), AppError> {
    let (clause, words, from, to) = filter(q);
    let sql = format!(
        "SELECT id, at, actor_label, action, subject_type, subject_id, summary, reason, COUNT(*) OVER () AS matching
         FROM audit_log WHERE {clause} ORDER BY at DESC, id DESC LIMIT $5 OFFSET $6"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&words)
        .bind(crate::db::contains_pattern(&words))
        .bind(from)
        .bind(to)
        .bind(limit)
        .bind(offset)
        .fetch_all(db.reader())
        .await?;
    let matching = rows.first().map(|r| r.int("matching")).transpose()?.unwrap_or(0);
    Ok((rows.iter().map(entry).collect::<Result<Vec<_>, _>>()?, matching))
}
