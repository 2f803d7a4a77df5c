//! A position's results table and its CSV: the stored attempts with the position's rule applied
//! (`table`), one page at a time, or all of them in the same order and with the same filters.

use super::store;
use super::table;
use super::types::{ResultsPage, ResultsQuery};
use crate::db::Db;
use crate::error::AppError;

pub const PAGE_SIZE: i64 = 50;

#[tracing::instrument(skip(db, q))]
pub async fn page(db: &Db, position_id: &str, q: ResultsQuery) -> Result<ResultsPage, AppError> {
    let (position, rule) = store::rule_of(db, position_id).await?;
    let stored = store::submitted(db, position_id).await?;
    let rank = |page: i64| {
        let offset = usize::try_from((page - 1).saturating_mul(PAGE_SIZE)).unwrap_or(usize::MAX);
        let (rows, matching) = table::rank(table::gate_rule(&rule), &stored, &q, PAGE_SIZE as usize, offset);
        (rows, matching as i64)
    };
    let mut page = q.page.max(1);
    let (mut rows, matching) = rank(page);
    // A page past the last shows the last, labelled as such.
    let pages = ((matching + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    if page > pages {
        page = pages;
        rows = rank(page).0;
    }
    Ok(ResultsPage {
        position_id: position_id.to_string(),
        position,
        rule,
        rows,
        matching,
        page,
        page_size: PAGE_SIZE,
        pages,
        query: ResultsQuery { page, ..q },
    })
}

/// Every result of a position as CSV, in the table's order and with its filters.
#[tracing::instrument(skip(db, q))]
pub async fn csv(db: &Db, position_id: &str, q: &ResultsQuery) -> Result<(String, String), AppError> {
    let (position, rule) = store::rule_of(db, position_id).await?;
    let stored = store::submitted(db, position_id).await?;
    let (rows, _) = table::rank(table::gate_rule(&rule), &stored, q, usize::MAX, 0);
    let mut csv = crate::export::Csv::new(&[
        "candidate", "submitted", "state", "complete", "attitude", "skill", "total", "percentile", "culture_gate", "skill_gate", "decision",
    ]);
    let num = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    let gate = |complete: bool, passed: bool, short: bool| match (complete, passed, short) {
        (false, _, _) => "",
        (true, true, _) => "passed",
        (true, false, true) => "not enough answers",
        (true, false, false) => "failed",
    };
    for r in &rows {
        csv.row(&[
            &r.name,
            &r.closed,
            r.state.label(),
            if r.complete { "yes" } else { "no" },
            &num(r.attitude),
            &num(r.skill),
            &num(r.total),
            &num(r.percentile),
            gate(r.complete, r.attitude_passed, r.attitude_short),
            gate(r.complete, r.skill_passed, r.skill_short),
            r.decision.map(|d| d.as_str()).unwrap_or(""),
        ]);
    }
    Ok((format!("results-{}.csv", crate::export::slug(&position)), csv.finish()))
}
