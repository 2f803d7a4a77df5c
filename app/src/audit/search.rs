//! Searching the audit log: the filters checked field by field, a page that exists, and the
//! CSV in the page's order with its filters.

use super::store::{select, PAGE_SIZE};
use super::types::{AuditQuery, AuditResults, MAX_SEARCH, REVERSED_RANGE};
use crate::db::Db;
use crate::error::AppError;

/// The filters' own mistakes, each for its field: the page shows the message there, and
/// the CSV is refused with it (422) rather than sent empty.
fn check(q: &AuditQuery) -> Result<(), AppError> {
    if q.q.chars().count() > MAX_SEARCH {
        return Err(AppError::invalid("q", format!("Search for at most {} characters.", MAX_SEARCH)));
    }
    let date = |field: &str, raw: &str| match raw.trim() {
        "" => Ok(None),
        text => crate::clock::parse_date(text)
            .map(Some)
            .ok_or_else(|| AppError::invalid(field, "Enter the date as year-month-day, for example 2025-10-31.")),
    };
    if let (Some(from), Some(to)) = (date("from", &q.from)?, date("to", &q.to)?) {
        if from > to {
            return Err(AppError::invalid("from", REVERSED_RANGE));
        }
    }
    Ok(())
}

pub async fn page(db: &Db, q: AuditQuery) -> Result<AuditResults, AppError> {
    check(&q)?;
    // Page numbers outside the pages that exist show the nearest page that does.
    let mut page = q.page.clamp(1, i64::MAX / PAGE_SIZE);
    let (mut entries, mut matching) = select(db, &q, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    let pages = |matching: i64| ((matching + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    if entries.is_empty() && page > 1 {
        let (_, all) = select(db, &q, 1, 0).await?;
        page = pages(all);
        (entries, matching) = select(db, &q, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    }
    Ok(AuditResults { entries, matching, page, pages: pages(matching), query: AuditQuery { page, ..q } })
}

/// Every matching entry as CSV, in the page's order (newest first) and with its filters.
pub async fn csv(db: &Db, q: &AuditQuery) -> Result<String, AppError> {
    check(q)?;
    let (entries, _) = select(db, q, 1_000_000, 0).await?;
    let mut csv = crate::export::Csv::new(&["id", "at", "who", "action", "subject", "summary", "reason"]);
    for e in &entries {
        csv.row(&[&e.id.to_string(), &e.at, &e.actor, &e.action, &e.subject, &e.summary, e.reason.as_deref().unwrap_or("")]);
    }
    Ok(csv.finish())
}
