//! Results and the hire decision: a position's ranked, filterable table; a report per
//! candidate with every score and where it came from; decisions and gate overrides that are
//! recorded with who, when and why, never edited; and what the candidate is told.

pub mod chart;
pub mod table;
pub mod types;

use crate::auth::Role;
use crate::error::AppError;
use crate::scoring::{ResultDetail, ValueScore};
use crate::ui::{FieldError, FormError, Guarded, Kept, LoadError, Pager};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub use types::{Decision, DecisionEntry, OverrideEntry, Report, ResultRow, ResultsPage, ResultsQuery, RuleView, RunInfo};

#[server(prefix = "/api", endpoint = "results/list")]
pub async fn position_results(id: String, query: Option<ResultsQuery>) -> Result<ResultsPage, AppError> {
    crate::auth::guard::require::<PositionResults>()?;
    let state = crate::state::app_state()?;
    server::results(&state, &id, query.unwrap_or_default()).await
}

#[server(prefix = "/api", endpoint = "results/report")]
pub async fn candidate_report(invitation_id: String) -> Result<Report, AppError> {
    crate::auth::guard::require::<CandidateReport>()?;
    let state = crate::state::app_state()?;
    server::report(&state, &invitation_id).await
}

#[server(prefix = "/api", endpoint = "results/decide")]
pub async fn decide(invitation_id: String, decision: String, reason: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<Decide>()?;
    let state = crate::state::app_state()?;
    let decision = Decision::parse(&decision).ok_or_else(|| AppError::invalid("decision", "Choose hire, reject or hold."))?;
    let position = server::decide(&state, &viewer, &invitation_id, decision, &reason).await?;
    crate::ui::redirect_after(&format!("/positions/{position}/candidates/{invitation_id}?decided=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "results/override")]
pub async fn override_gate(invitation_id: String, gate: String, reason: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<OverrideGate>()?;
    let state = crate::state::app_state()?;
    let position = server::override_gate(&state, &viewer, &invitation_id, &gate, &reason).await?;
    crate::ui::redirect_after(&format!("/positions/{position}/candidates/{invitation_id}?overridden=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "results/rescore")]
pub async fn rescore(position_id: String, reason: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<Rescore>()?;
    let state = crate::state::app_state()?;
    let reason = reason.trim();
    if reason.chars().count() < 5 {
        return Err(AppError::invalid("reason", "Say why you are rescoring (for example, which key was corrected)."));
    }
    let (_, n) = crate::scoring::engine::rescore_position(&state, &viewer, &position_id, reason).await?;
    crate::ui::redirect_after(&format!("/positions/{position_id}/results?rescored={n}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "results/scoring_settings")]
#[allow(clippy::too_many_arguments)]
pub async fn save_scoring(
    position_id: String,
    gate_rule: String,
    attitude_pass: String,
    skill_pass: String,
    attitude_weight: String,
    skill_weight: String,
    total_pass: String,
    double_grading: Option<String>,
    show_results: Option<String>,
) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<SaveScoring>()?;
    let state = crate::state::app_state()?;
    let mark = |raw: &str, field: &str| -> Result<f64, AppError> {
        raw.trim().parse::<f64>().ok().filter(|v| (0.0..=100.0).contains(v)).ok_or_else(|| AppError::invalid(field, "Enter a mark from 0 to 100."))
    };
    let weight = |raw: &str, field: &str| -> Result<f64, AppError> {
        raw.trim().parse::<f64>().ok().filter(|v| (0.0..=10.0).contains(v) && *v > 0.0).ok_or_else(|| AppError::invalid(field, "Enter a weight above 0 and up to 10."))
    };
    let rule = match gate_rule.as_str() {
        "both" | "weighted" => gate_rule.clone(),
        _ => return Err(AppError::invalid("gate_rule", "Choose how the gates combine.")),
    };
    let settings = server::Scoring {
        rule,
        attitude_pass: mark(&attitude_pass, "attitude_pass")?,
        skill_pass: mark(&skill_pass, "skill_pass")?,
        attitude_weight: weight(&attitude_weight, "attitude_weight")?,
        skill_weight: weight(&skill_weight, "skill_weight")?,
        total_pass: mark(&total_pass, "total_pass")?,
        double_grading: double_grading.is_some(),
        show_results: show_results.is_some(),
    };
    server::save_scoring(&state, &viewer, &position_id, settings).await?;
    crate::ui::redirect_after(&format!("/positions/{position_id}/results?saved=1"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::audit::{self, Actor, Entry};
    use crate::auth::Viewer;
    use crate::clock::format_utc;
    use crate::db::{new_id, RowExt};
    use crate::scoring::rules::{self, GateRule};
    use crate::error::internal;
    use crate::state::AppState;

    pub const PAGE_SIZE: i64 = 50;

    pub struct Scoring {
        pub rule: String,
        pub attitude_pass: f64,
        pub skill_pass: f64,
        pub attitude_weight: f64,
        pub skill_weight: f64,
        pub total_pass: f64,
        pub double_grading: bool,
        pub show_results: bool,
    }

    pub async fn rule_of(state: &AppState, position_id: &str) -> Result<(String, RuleView), AppError> {
        let r = sqlx::query(
            "SELECT title, location, gate_rule, attitude_pass, skill_pass, attitude_weight, skill_weight, total_pass, double_grading, show_results
             FROM positions WHERE id = $1",
        )
        .bind(position_id)
        .fetch_optional(state.db.reader())
        .await?
        .ok_or_else(|| AppError::not_found("That position"))?;
        let title = r.text("title")?;
        let location = r.text("location")?;
        Ok((
            if location.is_empty() { title } else { format!("{title}, {location}") },
            RuleView {
                both_gates: r.text("gate_rule")? != "weighted",
                attitude_pass: r.float("attitude_pass")?,
                skill_pass: r.float("skill_pass")?,
                attitude_weight: r.float("attitude_weight")?,
                skill_weight: r.float("skill_weight")?,
                total_pass: r.float("total_pass")?,
                double_grading: r.flag("double_grading")?,
                show_results: r.flag("show_results")?,
            },
        ))
    }

    pub fn gate_rule(rule: &RuleView) -> GateRule {
        if rule.both_gates {
            GateRule::BothGates { attitude_pass: rule.attitude_pass, skill_pass: rule.skill_pass }
        } else {
            GateRule::Weighted { attitude_weight: rule.attitude_weight, skill_weight: rule.skill_weight, total_pass: rule.total_pass }
        }
    }

    const SUBMITTED: &str = "
        SELECT i.id AS invitation_id, c.name, a.closed_at, a.closed_reason,
               r.complete, r.attitude_score, r.skill_score, r.attitude_short, r.skill_short,
               (SELECT COUNT(*) FROM gate_overrides o WHERE o.invitation_id = i.id AND o.gate = 'attitude') AS ov_a,
               (SELECT COUNT(*) FROM gate_overrides o WHERE o.invitation_id = i.id AND o.gate = 'skill') AS ov_s,
               (SELECT d.decision FROM hiring_decisions d WHERE d.invitation_id = i.id
                ORDER BY d.decided_at DESC, d.id DESC LIMIT 1) AS decision
        FROM invitations i
        JOIN candidates c ON c.id = i.candidate_id
        JOIN attempts a ON a.invitation_id = i.id
        LEFT JOIN results r ON r.attempt_id = a.id
        WHERE i.position_id = $1 AND a.closed_at IS NOT NULL";

    /// Every submitted attempt of a position as stored; the rule is applied by `table`.
    async fn submitted(state: &AppState, position_id: &str) -> Result<Vec<table::Stored>, AppError> {
        let rows = sqlx::query(SUBMITTED).bind(position_id).fetch_all(state.db.reader()).await?;
        rows.iter()
            .map(|r| {
                Ok(table::Stored {
                    invitation_id: r.text("invitation_id")?,
                    name: r.text("name")?,
                    closed_at: r.int("closed_at")?,
                    closed: format_utc(r.int("closed_at")?),
                    state: crate::positions::CandidateState::closed(r.opt_text("closed_reason")?.as_deref().unwrap_or_default()),
                    complete: r.opt_int("complete")?.unwrap_or(0) == 1,
                    attitude: r.opt_float("attitude_score")?,
                    skill: r.opt_float("skill_score")?,
                    attitude_short: r.opt_int("attitude_short")?.unwrap_or(0) == 1,
                    skill_short: r.opt_int("skill_short")?.unwrap_or(0) == 1,
                    override_attitude: r.int("ov_a")? > 0,
                    override_skill: r.int("ov_s")? > 0,
                    decision: r.opt_text("decision")?.as_deref().and_then(Decision::parse),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(AppError::from)
    }

    /// The rows matching `q`, `limit` at a time from `offset`, and how many match in all.
    async fn matching_rows(
        state: &AppState,
        position_id: &str,
        rule: &RuleView,
        q: &ResultsQuery,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<ResultRow>, i64), AppError> {
        let stored = submitted(state, position_id).await?;
        let (rows, matching) = table::rank(gate_rule(rule), &stored, q, limit, offset);
        Ok((rows, matching as i64))
    }

    pub async fn results(state: &AppState, position_id: &str, q: ResultsQuery) -> Result<ResultsPage, AppError> {
        let (position, rule) = rule_of(state, position_id).await?;
        let offset_of = |page: i64| usize::try_from((page - 1).saturating_mul(PAGE_SIZE)).unwrap_or(usize::MAX);
        let mut page = q.page.max(1);
        let (mut rows, mut matching) = matching_rows(state, position_id, &rule, &q, PAGE_SIZE as usize, offset_of(page)).await?;
        // A page past the last shows the last, labelled as such.
        let last = ((matching + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
        if page > last {
            page = last;
            (rows, matching) = matching_rows(state, position_id, &rule, &q, PAGE_SIZE as usize, offset_of(page)).await?;
        }
        Ok(ResultsPage {
            position_id: position_id.to_string(),
            position,
            rule,
            rows,
            matching,
            page,
            pages: ((matching + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
            query: ResultsQuery { page, ..q },
        })
    }

    /// Every result of a position as CSV, in the table's order and with its filters.
    pub async fn results_csv(state: &AppState, position_id: &str, q: &ResultsQuery) -> Result<(String, String), AppError> {
        let (position, rule) = rule_of(state, position_id).await?;
        let (rows, _) = matching_rows(state, position_id, &rule, q, usize::MAX, 0).await?;
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

    pub async fn report(state: &AppState, invitation_id: &str) -> Result<Report, AppError> {
        let r = sqlx::query(
            "SELECT i.position_id, i.time_percent, i.expires_at, i.revoked_at, c.name, c.email, a.id AS attempt_id, a.deadline_at, a.closed_at, a.closed_reason,
                    res.run_id, res.complete, res.attitude_score, res.skill_score, res.detail,
                    s.kind AS run_kind, s.created_at AS run_at, s.reason AS run_reason, u.name AS run_by
             FROM invitations i JOIN candidates c ON c.id = i.candidate_id
             LEFT JOIN attempts a ON a.invitation_id = i.id
             LEFT JOIN results res ON res.attempt_id = a.id
             LEFT JOIN scoring_runs s ON s.id = res.run_id
             LEFT JOIN users u ON u.id = s.started_by
             WHERE i.id = $1",
        )
        .bind(invitation_id)
        .fetch_optional(state.db.reader())
        .await?
        .ok_or_else(|| AppError::not_found("That candidate"))?;
        let position_id = r.text("position_id")?;
        let (position, rule) = rule_of(state, &position_id).await?;
        let detail: Option<ResultDetail> = r.opt_text("detail")?.map(|d| serde_json::from_str(&d)).transpose().map_err(internal)?;
        let overrides = sqlx::query(
            "SELECT o.gate, o.reason, o.decided_at, u.name FROM gate_overrides o JOIN users u ON u.id = o.decided_by
             WHERE o.invitation_id = $1 ORDER BY o.decided_at, o.id",
        )
        .bind(invitation_id)
        .fetch_all(state.db.reader())
        .await?
        .iter()
        .map(|o| Ok(OverrideEntry { gate: o.text("gate")?, reason: o.text("reason")?, by: o.text("name")?, at: format_utc(o.int("decided_at")?) }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let decisions = sqlx::query(
            "SELECT d.decision, d.reason, d.decided_at, d.attitude_score, d.skill_score, u.name FROM hiring_decisions d
             JOIN users u ON u.id = d.decided_by WHERE d.invitation_id = $1 ORDER BY d.decided_at DESC, d.id DESC",
        )
        .bind(invitation_id)
        .fetch_all(state.db.reader())
        .await?
        .iter()
        .map(|d| {
            let score = |v: Option<f64>| v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "pending".into());
            Ok(DecisionEntry {
                decision: Decision::parse(&d.text("decision")?).unwrap_or(Decision::Hold),
                reason: d.text("reason")?,
                by: d.text("name")?,
                at: format_utc(d.int("decided_at")?),
                evidence: format!("attitude {}, skill {}", score(d.opt_float("attitude_score")?), score(d.opt_float("skill_score")?)),
                evidence_changed: false,
                scores: (d.opt_float("attitude_score")?, d.opt_float("skill_score")?),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let earlier_results = match r.opt_text("attempt_id")? {
            Some(attempt) => sqlx::query(
                "SELECT h.computed_at, h.attitude_score, h.skill_score, s.kind FROM result_history h
                 JOIN scoring_runs s ON s.id = h.run_id WHERE h.attempt_id = $1 ORDER BY h.computed_at",
            )
            .bind(attempt)
            .fetch_all(state.db.reader())
            .await?
            .iter()
            .map(|h| {
                Ok(format!(
                    "{} ({} run): attitude {}, skill {}",
                    format_utc(h.int("computed_at")?),
                    h.text("kind")?,
                    h.opt_float("attitude_score")?.map(|v| format!("{v:.1}")).unwrap_or_else(|| "pending".into()),
                    h.opt_float("skill_score")?.map(|v| format!("{v:.1}")).unwrap_or_else(|| "pending".into()),
                ))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?,
            None => Vec::new(),
        };
        let attitude = r.opt_float("attitude_score")?;
        let skill = r.opt_float("skill_score")?;
        let complete = r.opt_int("complete")?.unwrap_or(0) == 1;
        let mut decisions = decisions;
        if let Some(latest) = decisions.first_mut() {
            let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(x), Some(y)) => rules::meets(x, y) && rules::meets(y, x),
                (None, None) => true,
                _ => false,
            };
            latest.evidence_changed = !(same(latest.scores.0, attitude) && same(latest.scores.1, skill));
        }
        // The table's own rule and percentiles, so the report and the table always agree.
        let all = submitted(state, &position_id).await?;
        let own = all.iter().find(|s| s.invitation_id == invitation_id);
        let (total, a_ok, s_ok, passed, percentile) = match own.filter(|_| detail.is_some()) {
            Some(stored) => {
                let rule = gate_rule(&rule);
                let row = table::apply(rule, stored);
                let rows: Vec<ResultRow> = all.iter().map(|s| table::apply(rule, s)).collect();
                let percentile = row.total.filter(|_| complete).map(|t| rules::percentile(&table::totals(&rows), t));
                let passed = complete && row.attitude_passed && row.skill_passed;
                (row.total, row.attitude_passed, row.skill_passed, passed, percentile)
            }
            None => (None, false, false, false, None),
        };
        let (attitude_short, skill_short) = own.map(|s| (s.attitude_short, s.skill_short)).unwrap_or((false, false));
        let signals = match r.opt_text("attempt_id")? {
            Some(attempt) => {
                let trace = detail.as_ref().and_then(|d| d.typing.as_ref()).map(|t| &t.trace);
                let titles: Vec<String> = detail.as_ref().map(|d| d.sections.iter().map(|s| s.title.clone()).collect()).unwrap_or_default();
                let counts = crate::attempt::integrity::server::counts(state, &attempt, trace, &titles).await?;
                Some(crate::attempt::integrity::describe(&counts))
            }
            None => None,
        };
        Ok(Report {
            invitation_id: invitation_id.to_string(),
            position_id,
            position,
            name: r.text("name")?,
            email: r.text("email")?,
            extra_time: crate::positions::ExtraTime::from_percent(r.int("time_percent")?).label().to_string(),
            closed: r.opt_int("closed_at")?.map(format_utc).unwrap_or_else(|| "not yet".into()),
            state: crate::positions::CandidateState::of(
                state.now(),
                r.int("expires_at")?,
                r.opt_int("revoked_at")?.is_some(),
                r.opt_int("deadline_at")?,
                r.opt_text("closed_reason")?.as_deref(),
            ),
            rule,
            run: match r.opt_text("run_kind")? {
                Some(kind) => Some(RunInfo {
                    kind,
                    at: format_utc(r.int("run_at")?),
                    reason: r.opt_text("run_reason")?,
                    by: r.opt_text("run_by")?,
                }),
                None => None,
            },
            detail,
            attitude,
            skill,
            attitude_short,
            skill_short,
            total,
            complete,
            attitude_passed: a_ok,
            skill_passed: s_ok,
            passed,
            percentile,
            decisions,
            overrides,
            earlier_results,
            signals,
        })
    }

    /// Records a decision and returns the position it belongs to.
    pub async fn decide(state: &AppState, viewer: &Viewer, invitation_id: &str, decision: Decision, reason: &str) -> Result<String, AppError> {
        let reason = reason.trim();
        if reason.chars().count() < 3 {
            return Err(AppError::invalid("reason", "Write why: the decision is recorded with its reason."));
        }
        if reason.chars().count() > 2_000 {
            return Err(AppError::invalid("reason", "Keep the reason under 2,000 characters."));
        }
        let report = report(state, invitation_id).await?;
        if report.detail.is_none() {
            return Err(AppError::invalid("decision", "This candidate has not finished the screening yet."));
        }
        if decision == Decision::Hire && !report.complete {
            return Err(AppError::invalid("decision", "Grade the written reply before hiring: the result is not complete."));
        }
        if decision == Decision::Hire && !report.passed {
            return Err(AppError::invalid(
                "decision",
                "This candidate has not passed the screening. Override a gate first, with your reason, if you want to hire them.",
            ));
        }
        let now = state.now();
        let mut tx = state.db.begin().await?;
        let run_id = sqlx::query("SELECT r.run_id FROM results r JOIN attempts a ON a.id = r.attempt_id WHERE a.invitation_id = $1")
            .bind(invitation_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.text("run_id"))
            .transpose()?;
        sqlx::query(
            "INSERT INTO hiring_decisions (id, invitation_id, decision, reason, run_id, attitude_score, skill_score, decided_by, decided_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        // Binds Option<f64>: see scoring::engine::score_and_store on sqlx's NULL float.
        .persistent(false)
        .bind(new_id().to_string())
        .bind(invitation_id)
        .bind(decision.as_str())
        .bind(reason)
        .bind(run_id)
        .bind(report.attitude)
        .bind(report.skill)
        .bind(&viewer.user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "hiring.decided",
                subject_type: "invitation",
                subject_id: Some(invitation_id),
                summary: format!("{} {} for {}", decision.label(), report.name, report.position),
                reason: Some(reason),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(report.position_id)
    }

    pub async fn override_gate(state: &AppState, viewer: &Viewer, invitation_id: &str, gate: &str, reason: &str) -> Result<String, AppError> {
        if gate != "attitude" && gate != "skill" {
            return Err(AppError::invalid("gate", "Choose the gate to override."));
        }
        let reason = reason.trim();
        if reason.chars().count() < 10 {
            return Err(AppError::invalid("reason", "Explain the override in a sentence or more; it is kept on the record."));
        }
        let report = report(state, invitation_id).await?;
        if !report.complete {
            return Err(AppError::invalid("gate", "Overrides are for complete results; grade the written reply first."));
        }
        let already_passed = if gate == "attitude" { report.attitude_passed } else { report.skill_passed };
        if already_passed {
            return Err(AppError::invalid("gate", "That gate is already passed; there is nothing to override."));
        }
        let now = state.now();
        let mut tx = state.db.begin().await?;
        sqlx::query("INSERT INTO gate_overrides (id, invitation_id, gate, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(new_id().to_string())
            .bind(invitation_id)
            .bind(gate)
            .bind(reason)
            .bind(&viewer.user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "hiring.gate_overridden",
                subject_type: "invitation",
                subject_id: Some(invitation_id),
                summary: format!("Overrode the {gate} gate for {} ({})", report.name, report.position),
                reason: Some(reason),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(report.position_id)
    }

    pub async fn save_scoring(state: &AppState, viewer: &Viewer, position_id: &str, s: Scoring) -> Result<(), AppError> {
        let now = state.now();
        let mut tx = state.db.begin().await?;
        let done = sqlx::query(
            "UPDATE positions SET gate_rule = $2, attitude_pass = $3, skill_pass = $4, attitude_weight = $5, skill_weight = $6,
                    total_pass = $7, double_grading = $8, show_results = $9 WHERE id = $1",
        )
        .bind(position_id)
        .bind(&s.rule)
        .bind(s.attitude_pass)
        .bind(s.skill_pass)
        .bind(s.attitude_weight)
        .bind(s.skill_weight)
        .bind(s.total_pass)
        .bind(s.double_grading as i64)
        .bind(s.show_results as i64)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(AppError::not_found("That position"));
        }
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "position.scoring_changed",
                subject_type: "position",
                subject_id: Some(position_id),
                summary: format!(
                    "Scoring set to {}: attitude {:.0}, skill {:.0}, weights {}/{}, total {:.0}; second grader {}; candidates {} their results",
                    if s.rule == "both" { "both gates" } else { "weighted total" },
                    s.attitude_pass,
                    s.skill_pass,
                    s.attitude_weight,
                    s.skill_weight,
                    s.total_pass,
                    if s.double_grading { "on" } else { "off" },
                    if s.show_results { "see" } else { "do not see" }
                ),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// What the candidate is told about their application (their own, and only theirs).
    pub async fn candidate_outcome(state: &AppState, invitation_id: &str) -> Result<Option<crate::attempt::types::Outcome>, AppError> {
        let report = report(state, invitation_id).await?;
        if report.detail.is_none() {
            return Ok(None);
        }
        let latest = report.decisions.first().map(|d| d.decision);
        let (headline, text) = match latest {
            Some(Decision::Hire) => ("Good news", "The hiring team would like to offer you a place in training. They will email you the details."),
            Some(Decision::Reject) => (
                "Thank you for your time",
                "The hiring team has decided not to move forward with your application this time. Thank you for taking the screening.",
            ),
            _ => ("Your answers are with the hiring team", "They review every screening and will email you about the next step."),
        };
        let result = (report.rule.show_results && report.complete).then(|| crate::attempt::types::OwnResult {
            attitude: report.attitude.unwrap_or(0.0),
            skill: report.skill.unwrap_or(0.0),
            values: report.detail.as_ref().map(|d| d.values.iter().filter_map(|v| Some((v.name.clone(), v.mean?))).collect()).unwrap_or_default(),
        });
        Ok(Some(crate::attempt::types::Outcome { headline: headline.into(), text: text.into(), result }))
    }
}

fn score_text(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "—".into())
}

/// A gate's score as shown: a number, or why there is none.
fn gate_text(v: Option<f64>, short: bool) -> String {
    if short {
        "not enough answers".into()
    } else {
        score_text(v)
    }
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let q = use_query_map().with_untracked(|q| ResultsQuery {
        sort: q.get("sort").unwrap_or_default(),
        dir: q.get("dir").unwrap_or_default(),
        status: q.get("status").unwrap_or_default(),
        gates: q.get("gates").unwrap_or_default(),
        decision: q.get("decision").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    });
    let note = use_query_map().with_untracked(|q| {
        q.get("rescored").map(|n| format!("Rescored {n} attempts with the current key. Earlier results are kept on each report."))
            .or_else(|| q.get("saved").map(|_| "Scoring settings saved.".to_string()))
            .or_else(|| q.get("enrolled").map(|n| format!("Enrolled {n} in training. Their welcome emails are in the outbox.")))
    });
    let page = Resource::new(move || (id.clone(), q.clone()), |(id, q)| position_results(id, Some(q)));
    let note = StoredValue::new(note);
    view! {
        <Title text="Results · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <ResultsView page=p note=note.get_value()/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn ResultsView(page: ResultsPage, note: Option<String>) -> impl IntoView {
    let q = page.query.clone();
    let id = page.position_id.clone();
    let link = {
        let q = q.clone();
        let id = id.clone();
        move |sort: &str, dir: &str, page_no: i64| {
            format!(
                "/positions/{id}/results?sort={sort}&dir={dir}&status={}&gates={}&decision={}&page={page_no}",
                q.status, q.gates, q.decision
            )
        }
    };
    let sort_link = {
        let link = link.clone();
        let q = q.clone();
        move |col: &'static str, label: &'static str| {
            let active = q.sort == col || (q.sort.is_empty() && col == "total");
            let next_dir = if active && q.dir != "asc" { "asc" } else if col == "name" && !active { "asc" } else { "desc" };
            let sort_state = if !active { "none" } else if q.dir == "asc" { "ascending" } else { "descending" };
            view! {
                <th scope="col" aria-sort=sort_state>
                    <a href=link(col, next_dir, 1)>{label}{active.then(|| if q.dir == "asc" { " ▲" } else { " ▼" })}</a>
                </th>
            }
        }
    };
    let select = |name: &'static str, label: &'static str, current: String, options: &'static [(&'static str, &'static str)]| {
        view! {
            <div class="field inline">
                <label for=format!("filter-{name}")>{label}</label>
                <select id=format!("filter-{name}") name=name>
                    {options.iter().map(|(value, text)| view! { <option value=*value selected=current == *value>{*text}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    let rule = page.rule.clone();
    view! {
        <p><a href=format!("/positions/{}", id)>"← " {page.position.clone()}</a></p>
        <div class="page-head">
            <h1>"Results"</h1>
            <p class="muted">{page.position.clone()}" · "{rule.describe()}</p>
        </div>
        {note.map(|n| view! { <p class="alert success" role="status">{n}</p> })}
        <form method="get" class="filters" action=format!("/positions/{id}/results")>
            <input type="hidden" name="sort" value=q.sort.clone()/>
            <input type="hidden" name="dir" value=q.dir.clone()/>
            {select("status", "Status", q.status.clone(), &[("", "All"), ("complete", "Complete"), ("grading", "Awaiting grading")])}
            {select("gates", "Gates", q.gates.clone(), &[("", "All"), ("passed", "Passed"), ("failed", "Failed"), ("failed-attitude", "Failed attitude"), ("failed-skill", "Failed skill")])}
            {select("decision", "Decision", q.decision.clone(), &[("", "All"), ("none", "Not decided"), ("hire", "Hire"), ("hold", "Hold"), ("reject", "Reject")])}
            <button type="submit" class="secondary">"Filter"</button>
        </form>
        <p class="muted">
            {format!("{} candidate{} match. ", page.matching, if page.matching == 1 { "" } else { "s" })}
            <a href=format!(
                "/positions/{id}/results.csv?sort={}&dir={}&status={}&gates={}&decision={}",
                crate::ui::url_encode(&q.sort), crate::ui::url_encode(&q.dir), crate::ui::url_encode(&q.status),
                crate::ui::url_encode(&q.gates), crate::ui::url_encode(&q.decision)
            ) download="">"Download these as CSV"</a>
        </p>
        {if page.rows.is_empty() {
            view! { <p class="empty">"No submitted screenings match. Results appear here as candidates submit."</p> }.into_any()
        } else {
            let first_rank = (page.page - 1) * server_page_size();
            view! {
                <div class="table-wrap">
                    <table class="stack results">
                        <caption class="visually-hidden">"Candidates ranked by total score; column headers sort"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"#"</th>
                                {sort_link("name", "Candidate")}
                                {sort_link("attitude", "Attitude")}
                                {sort_link("skill", "Skill")}
                                {sort_link("total", "Total")}
                                <th scope="col">"Percentile"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Decision"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.rows.iter().enumerate().map(|(i, r)| {
                                let status = if !r.complete {
                                    "Awaiting grading".to_string()
                                } else if r.attitude_passed && r.skill_passed {
                                    "Passed".to_string()
                                } else if (r.attitude_short && !r.attitude_passed) || (r.skill_short && !r.skill_passed) {
                                    "Not enough answers".to_string()
                                } else if !r.attitude_passed && rule.both_gates {
                                    "Failed attitude".to_string()
                                } else {
                                    "Failed".to_string()
                                };
                                let status_class = if !r.complete { "state" } else if r.attitude_passed && r.skill_passed { "state state-submitted" } else { "state state-failed" };
                                view! {
                                    <tr>
                                        <td data-label="#">{first_rank + i as i64 + 1}</td>
                                        <td data-label="Candidate">
                                            <a href=format!("/positions/{}/candidates/{}", id, r.invitation_id)>{r.name.clone()}</a>
                                            {(r.state != crate::positions::CandidateState::Submitted).then(|| view! {
                                                " "<span class=r.state.css_class() title=r.state.explain()>{r.state.label()}</span>
                                            })}
                                        </td>
                                        <td data-label="Attitude" class:fail=r.complete && !r.attitude_passed && rule.both_gates>{gate_text(r.attitude, r.attitude_short)}</td>
                                        <td data-label="Skill" class:fail=r.complete && !r.skill_passed && rule.both_gates>{gate_text(r.skill, r.skill_short)}</td>
                                        <td data-label="Total"><strong>{score_text(r.total)}</strong></td>
                                        <td data-label="Percentile">{r.percentile.map(|p| format!("{p:.0}")).unwrap_or_else(|| "—".into())}</td>
                                        <td data-label="Status"><span class=status_class>{status}</span></td>
                                        <td data-label="Decision">{r.decision.map(|d| d.label()).unwrap_or("—")}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <Pager label="Result pages" page=page.page pages=page.pages words=("← Previous", "Next →")
            href=move |n| link(&q.sort, &q.dir, n)/>
        <crate::training::enrol::EnrolPanel position_id=id.clone()/>
        <details class="panel disclosure">
            <summary>"Scoring settings"</summary>
            <ScoringForm position_id=id.clone() rule=page.rule.clone()/>
        </details>
        <details class="panel disclosure">
            <summary>"Rescore after a key correction"</summary>
            <RescoreForm position_id=id.clone()/>
        </details>
    }
}

fn server_page_size() -> i64 {
    50
}

#[component]
fn ScoringForm(position_id: String, rule: RuleView) -> impl IntoView {
    let action = ServerAction::<SaveScoring>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let number = move |name: &'static str, label: &'static str, value: f64, step: &'static str| {
        view! {
            <div class="field inline">
                <label for=name>{label}</label>
                <input id=name name=name type="number" min="0" max="100" step=step value=kept.text_or(name, value.to_string()) required
                    autofocus=kept.focus(name) aria-describedby=format!("{name}-error") aria-invalid=kept.invalid(name)/>
                <FieldError error=error field=name/>
            </div>
        }
    };
    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["gate_rule", "attitude_pass", "skill_pass", "attitude_weight", "skill_weight", "total_pass"]/>
            <input type="hidden" name="position_id" value=position_id/>
            <fieldset class="field">
                <legend>"How the gates combine"</legend>
                <label class="check"><input type="radio" name="gate_rule" value="both" checked=kept.chose("gate_rule", "both", rule.both_gates)/>
                    <span>"Both gates must be passed (a strong skill score does not make up for a failed culture gate)"</span></label>
                <label class="check"><input type="radio" name="gate_rule" value="weighted" checked=kept.chose("gate_rule", "weighted", !rule.both_gates)/>
                    <span>"A weighted total against one pass mark"</span></label>
            </fieldset>
            <div class="row">
                {number("attitude_pass", "Attitude pass mark", rule.attitude_pass, "1")}
                {number("skill_pass", "Skill pass mark", rule.skill_pass, "1")}
            </div>
            <div class="row">
                {number("attitude_weight", "Attitude weight", rule.attitude_weight, "0.1")}
                {number("skill_weight", "Skill weight", rule.skill_weight, "0.1")}
                {number("total_pass", "Total pass mark", rule.total_pass, "1")}
            </div>
            <label class="check"><input type="checkbox" name="double_grading" value="on" checked=kept.chose("double_grading", "on", rule.double_grading)/>
                <span>"Written replies need two graders"</span></label>
            <label class="check"><input type="checkbox" name="show_results" value="on" checked=kept.chose("show_results", "on", rule.show_results)/>
                <span>"Candidates see their own scores on their link"</span></label>
            <button type="submit" class="primary">"Save scoring settings"</button>
        </ActionForm>
    }
}

#[component]
fn RescoreForm(position_id: String) -> impl IntoView {
    let action = ServerAction::<Rescore>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    view! {
        <p>"After correcting a key in a screening (which makes a new version), rescore every submitted attempt of this position with the current versions' keys. Each report keeps its earlier result and names the run."</p>
        <ActionForm action=action>
            <FormError error=error fields=&["reason"]/>
            <input type="hidden" name="position_id" value=position_id/>
            <div class="field">
                <label for="rescore-reason">"Reason (kept in the audit log)"</label>
                <input id="rescore-reason" name="reason" type="text" required maxlength="500" value=kept.text("reason")
                    autofocus=kept.focus("reason") aria-describedby="reason-error" aria-invalid=kept.invalid("reason")/>
                <FieldError error=error field="reason"/>
            </div>
            <button type="submit" class="secondary">"Rescore all"</button>
        </ActionForm>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("invitation").unwrap_or_default());
    let note = use_query_map().with_untracked(|q| {
        if q.get("decided").is_some() {
            Some("Decision recorded.")
        } else if q.get("overridden").is_some() {
            Some("Override recorded.")
        } else {
            None
        }
    });
    let report = Resource::new(move || id.clone(), candidate_report);
    view! {
        <Title text="Candidate report · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => view! { <ReportView report=r note=note/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn ReportView(report: Report, note: Option<&'static str>) -> impl IntoView {
    let r = report;
    let decide_action = ServerAction::<Decide>::new();
    let decide = Kept::new(decide_action);
    let decide_error = decide.error();
    let override_action = ServerAction::<OverrideGate>::new();
    let overriding = Kept::new(override_action);
    let override_error = overriding.error();
    let short = (r.attitude_short && !r.attitude_passed) || (r.skill_short && !r.skill_passed);
    let verdict = if r.detail.is_none() {
        "Not scored yet"
    } else if !r.complete {
        "Awaiting grading"
    } else if r.passed {
        "Passed"
    } else if short {
        "Not enough answers"
    } else {
        "Did not pass"
    };
    let invitation = r.invitation_id.clone();
    let invitation2 = r.invitation_id.clone();
    let can_override = r.complete && !r.passed && r.rule.both_gates;
    let failed_gates: Vec<&'static str> =
        [("attitude", r.attitude_passed), ("skill", r.skill_passed)].into_iter().filter(|(_, ok)| !ok).map(|(g, _)| g).collect();
    view! {
        <p><a href=format!("/positions/{}/results", r.position_id)>"← Results for " {r.position.clone()}</a></p>
        <div class="page-head">
            <h1>{r.name.clone()}</h1>
            <p class="muted">{format!("{} · {} · ", r.email, r.extra_time)}
                <span class=r.state.css_class() title=r.state.explain()>{r.state.label()}</span>
                {r.state.is_finished().then(|| format!(" {}", r.closed))}</p>
        </div>
        {note.map(|n| view! { <p class="alert success" role="status">{n}</p> })}
        <section class="panel">
            <h2>{format!("Result: {verdict}")}</h2>
            <ul class="stats">
                <li><strong>{gate_text(r.attitude, r.attitude_short)}</strong>{format!(" attitude{}", if r.rule.both_gates { format!(" (pass {:.0})", r.rule.attitude_pass) } else { String::new() })}</li>
                <li><strong>{gate_text(r.skill, r.skill_short)}</strong>{format!(" skill{}", if r.rule.both_gates { format!(" (pass {:.0})", r.rule.skill_pass) } else { String::new() })}</li>
                <li><strong>{score_text(r.total)}</strong>" total"</li>
                <li><strong>{r.percentile.map(|p| format!("{p:.0}")).unwrap_or_else(|| "—".into())}</strong>" percentile"</li>
            </ul>
            <p class="muted small">{r.rule.describe()}</p>
            {short.then(|| view! {
                <p class="alert warn">"Fewer than four in five of the questions were answered in a section, so it has no score and its gate does not pass on its own. Override the gate, with your reason, if the answers given are enough for you."</p>
            })}
            {r.run.clone().map(|run| view! {
                <p class="muted small">{format!(
                    "Scored {} by the {} run{}{}{}",
                    run.at,
                    run.kind,
                    r.detail.as_ref().map(|d| format!(" with the keys of attitude version {} and skill version {} (taken: versions {} and {})", d.key_versions[0], d.key_versions[1], d.taken_versions[0], d.taken_versions[1])).unwrap_or_default(),
                    run.by.map(|b| format!(", started by {b}")).unwrap_or_default(),
                    run.reason.map(|x| format!(": {x}")).unwrap_or_default()
                )}</p>
            })}
            {(!r.earlier_results.is_empty()).then(|| view! {
                <details class="disclosure"><summary>"Earlier results"</summary>
                    <ul>{r.earlier_results.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
                </details>
            })}
        </section>
        {r.detail.clone().map(|d| view! { <DetailView detail=d/> })}
        {r.signals.clone().map(|s| view! { <SignalsPanel signals=s/> })}
        <section class="panel">
            <h2>"Decision"</h2>
            {if r.decisions.is_empty() {
                view! { <p class="empty">"No decision yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="history">
                        {r.decisions.iter().map(|d| view! {
                            <li>
                                <strong>{d.decision.label()}</strong>{format!(" · {} · {}", d.by, d.at)}
                                <br/><span>{d.reason.clone()}</span>
                                <br/><span class="muted small">{format!("On the evidence: {}", d.evidence)}</span>
                                {d.evidence_changed.then(|| view! {
                                    <br/><span class="flag-warn">"Evidence changed since the decision: the scores are no longer the ones it was made on. Review it, and record a new decision if it no longer holds."</span>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <ActionForm action=decide_action>
                <FormError error=decide_error fields=&["decision", "reason"]/>
                <input type="hidden" name="invitation_id" value=invitation/>
                <fieldset class="field">
                    <legend>{if r.decisions.is_empty() { "Decide" } else { "Change the decision (a new entry; the history stays)" }}</legend>
                    {[("hire", "Hire"), ("hold", "Hold"), ("reject", "Reject")].into_iter().enumerate().map(|(i, (value, label))| view! {
                        <label class="check"><input type="radio" name="decision" value=value required=i == 0
                            checked=decide.chose("decision", value, false) autofocus=i == 0 && decide.focus("decision")/><span>{label}</span></label>
                    }).collect_view()}
                    <FieldError error=decide_error field="decision"/>
                </fieldset>
                <div class="field">
                    <label for="decision-reason">"Why"</label>
                    <textarea id="decision-reason" name="reason" rows="2" required maxlength="2000" autofocus=decide.focus("reason")
                        aria-describedby="reason-error" aria-invalid=decide.invalid("reason")>{decide.text("reason")}</textarea>
                    <FieldError error=decide_error field="reason"/>
                </div>
                <button type="submit" class="primary">"Record decision"</button>
            </ActionForm>
        </section>
        <section class="panel">
            <h2>"Gate overrides"</h2>
            {if r.overrides.is_empty() {
                view! { <p class="empty">"None."</p> }.into_any()
            } else {
                view! {
                    <ul class="history">
                        {r.overrides.iter().map(|o| view! {
                            <li><strong>{format!("{} gate passed by override", o.gate)}</strong>{format!(" · {} · {}", o.by, o.at)}<br/>{o.reason.clone()}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {can_override.then(|| view! {
                <ActionForm action=override_action>
                    <FormError error=override_error fields=&["gate", "reason"]/>
                    <input type="hidden" name="invitation_id" value=invitation2.clone()/>
                    <div class="field">
                        <label for="override-gate">"Gate"</label>
                        <select id="override-gate" name="gate" autofocus=overriding.focus("gate")>
                            {failed_gates.iter().enumerate().map(|(i, g)| view! { <option value=*g selected=overriding.chose("gate", g, i == 0)>{*g}</option> }).collect_view()}
                        </select>
                        <FieldError error=override_error field="gate"/>
                    </div>
                    <div class="field">
                        <label for="override-reason">"Why this gate should count as passed"</label>
                        <textarea id="override-reason" name="reason" rows="2" required maxlength="2000" autofocus=overriding.focus("reason")
                            aria-describedby="override-reason-error" aria-invalid=overriding.invalid("reason")>{overriding.text("reason")}</textarea>
                        <FieldError error=override_error field="reason" id="override-reason-error"/>
                    </div>
                    <button type="submit" class="secondary">"Override gate"</button>
                </ActionForm>
            })}
        </section>
    }
}

/// How the screening was taken, right above the decision: information, never a verdict.
#[component]
fn SignalsPanel(signals: crate::attempt::integrity::Signals) -> impl IntoView {
    use crate::attempt::integrity::Tier;
    let class = match signals.tier {
        Tier::None => "state state-submitted",
        Tier::Some => "state",
        Tier::Many => "state state-failed",
    };
    view! {
        <section class="panel" aria-labelledby="signals-heading">
            <h2 id="signals-heading">"How the screening was taken " <span class=class>{signals.tier.label()}</span></h2>
            <p class="muted small">"Recorded by the server while the candidate took the screening. Each has ordinary explanations: nothing here rejects anyone, and nothing is decided automatically."</p>
            {if signals.signals.is_empty() {
                view! { <p class="empty">"No paste attempts, no time away from the page, one device, typing at a human pace."</p> }.into_any()
            } else {
                view! {
                    <dl class="signals">
                        {signals.signals.into_iter().map(|s| view! {
                            <dt>{s.label}</dt>
                            <dd>{s.detail}<br/><span class="muted small">{s.meaning}</span></dd>
                        }).collect_view()}
                    </dl>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn DetailView(detail: ResultDetail) -> impl IntoView {
    let values: Vec<ValueScore> = detail.values.clone();
    view! {
        <section class="panel">
            <h2>"Sections"</h2>
            <div class="table-wrap">
                <table class="stack">
                    <caption class="visually-hidden">"Section scores"</caption>
                    <thead><tr><th scope="col">"Section"</th><th scope="col">"Gate"</th><th scope="col">"Answered"</th><th scope="col">"Score"</th></tr></thead>
                    <tbody>
                        {detail.sections.iter().map(|s| view! {
                            <tr>
                                <td data-label="Section">{s.title.clone()}</td>
                                <td data-label="Gate">{if s.part == 0 { "Attitude" } else { "Skill" }}</td>
                                <td data-label="Answered">{format!("{} of {}", s.answered, s.items)}</td>
                                <td data-label="Score">{match (s.score, s.short) {
                                    (Some(v), _) => format!("{v:.0}"),
                                    (None, true) => "not enough answers".into(),
                                    (None, false) => "awaiting grading".into(),
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="panel">
            <h2>"Values profile"</h2>
            {if values.is_empty() {
                view! { <p class="empty">"No value items were answered."</p> }.into_any()
            } else {
                view! { <chart::ValueProfile values=values id="values"/> }.into_any()
            }}
        </section>
        {detail.typing.clone().map(|t| view! {
            <section class="panel">
                <h2>"Typing"</h2>
                <ul class="stats">
                    <li><strong>{format!("{:.0}", t.net_wpm)}</strong>" net words per minute"</li>
                    <li><strong>{format!("{:.0}", t.gross_wpm)}</strong>" gross"</li>
                    <li><strong>{format!("{:.0}%", t.accuracy * 100.0)}</strong>" accuracy"</li>
                    <li><strong>{t.errors}</strong>" uncorrected errors"</li>
                </ul>
                {t.review.clone().map(|reason| view! { <p class="alert warn">{reason}</p> })}
                <p class="muted small">{format!(
                    "{} characters over {:.1} minutes, timed by the server from the text it received (a test ended early counts its whole time unless the whole passage was copied). Full marks at {} net words per minute.",
                    t.typed_chars, t.minutes, detail.typing_target_wpm.unwrap_or(40)
                )}</p>
            </section>
        })}
        {detail.written.iter().map(|w| view! {
            <section class="panel">
                <h2>"Written reply"</h2>
                <div class="reply">{if w.reply.is_empty() { "(No reply written.)".to_string() } else { w.reply.clone() }}</div>
                <p class="muted small">{format!("{} words", w.words)}</p>
                {w.disagreement.then(|| view! { <p class="alert warn">"The graders disagree by two or more levels on at least one criterion. The score is their average; consider discussing it."</p> })}
                {if w.grades.is_empty() {
                    view! {
                        <p class="empty">"Not graded yet. " <a href=format!("/grading")>"Open the grading queue"</a></p>
                    }.into_any()
                } else {
                    view! {
                        {w.grades.iter().map(|g| view! {
                            <div class="grade">
                                <h3>{format!("{:.0} from {} · {}", g.score, g.grader, g.graded)}</h3>
                                <ul>{g.levels.iter().map(|(name, level, n, d)| view! { <li><strong>{format!("{name}: {level} of {n}")}</strong>" · "{d.clone()}</li> }).collect_view()}</ul>
                                {(!g.comment.is_empty()).then(|| view! { <p>"“"{g.comment.clone()}"”"</p> })}
                            </div>
                        }).collect_view()}
                    }.into_any()
                }}
                {(w.needs_grades > 0 && !w.grades.is_empty()).then(|| view! { <p class="muted">"A second grade is needed; it is in the grading queue."</p> })}
            </section>
        }).collect_view()}
    }
}
