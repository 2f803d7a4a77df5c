//! A candidate's report: the result with the position's rule and percentile applied (the
//! table's own, so the two always agree), its history, the decisions and overrides recorded,
//! and how the screening was taken.

use super::store;
use super::table;
use super::types::{Report, ResultRow};
use crate::scoring::rules;
use crate::error::AppError;
use crate::state::AppState;

/// Whether two scores are the same as far as a decision is concerned (both missing, or equal).
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => rules::meets(x, y) && rules::meets(y, x),
        (None, None) => true,
        _ => false,
    }
}

#[tracing::instrument(skip(state))]
pub async fn report(state: &AppState, invitation_id: &str) -> Result<Report, AppError> {
    let db = &state.db;
    let c = store::candidate(db, invitation_id, state.now()).await?;
    let (position, rule) = store::rule_of(db, &c.position_id).await?;
    let overrides = store::overrides(db, invitation_id).await?;
    let mut decisions = store::decisions(db, invitation_id).await?;
    let earlier_results = match &c.attempt_id {
        Some(attempt) => store::earlier_results(db, attempt).await?,
        None => Vec::new(),
    };
    if let Some(latest) = decisions.first_mut() {
        latest.evidence_changed = !(same(latest.scores.0, c.attitude) && same(latest.scores.1, c.skill));
    }
    // The table's own rule and percentiles, so the report and the table always agree.
    let all = store::submitted(db, &c.position_id).await?;
    let own = all.iter().find(|s| s.invitation_id == invitation_id);
    let (total, attitude_passed, skill_passed, passed, percentile) = match own.filter(|_| c.detail.is_some()) {
        Some(stored) => {
            let rule = table::gate_rule(&rule);
            let row = table::apply(rule, stored);
            let rows: Vec<ResultRow> = all.iter().map(|s| table::apply(rule, s)).collect();
            let percentile = row.total.filter(|_| c.complete).map(|t| rules::percentile(&table::totals(&rows), t));
            let passed = c.complete && row.attitude_passed && row.skill_passed;
            (row.total, row.attitude_passed, row.skill_passed, passed, percentile)
        }
        None => (None, false, false, false, None),
    };
    let (attitude_short, skill_short) = own.map(|s| (s.attitude_short, s.skill_short)).unwrap_or((false, false));
    let signals = match &c.attempt_id {
        Some(attempt) => {
            let trace = c.detail.as_ref().and_then(|d| d.typing.as_ref()).map(|t| &t.trace);
            let titles: Vec<String> = c.detail.as_ref().map(|d| d.sections.iter().map(|s| s.title.clone()).collect()).unwrap_or_default();
            let counts = crate::attempt::integrity::server::counts(state, attempt, trace, &titles).await?;
            Some(crate::attempt::integrity::describe(&counts))
        }
        None => None,
    };
    Ok(Report {
        invitation_id: invitation_id.to_string(),
        position_id: c.position_id,
        position,
        name: c.name,
        email: c.email,
        extra_time: crate::positions::ExtraTime::from_percent(c.time_percent).label().to_string(),
        closed: c.closed_at.map(crate::clock::format_utc).unwrap_or_else(|| "not yet".into()),
        state: c.state,
        rule,
        run: c.run,
        detail: c.detail,
        attitude: c.attitude,
        skill: c.skill,
        attitude_short,
        skill_short,
        total,
        complete: c.complete,
        attitude_passed,
        skill_passed,
        passed,
        percentile,
        decisions,
        overrides,
        earlier_results,
        signals,
    })
}
