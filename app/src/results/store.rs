//! Results in the database: a position's scoring rule, its submitted attempts, a candidate's
//! result with its history, and the decisions and overrides recorded about them. SQL only: the
//! rules (who may be hired, what the candidate is told) live in `decide`, `report` and
//! `outcome`. Decisions and overrides are only ever inserted: they are history.

use super::table::Stored;
use super::types::{Decision, DecisionEntry, OverrideEntry, RuleView, RunInfo};
use crate::clock::{format_utc, Millis};
use crate::db::{new_id, Db, RowExt};
use crate::error::{internal, AppError};
use crate::positions::CandidateState;
use crate::scoring::ResultDetail;

/// Whether each gate of invitation `i` was passed by override (`ov_a`, `ov_s`: how many
/// overrides). One text for the table, the reports and the analytics, so they cannot disagree.
pub const OVERRIDES: &str = "
    (SELECT COUNT(*) FROM gate_overrides o WHERE o.invitation_id = i.id AND o.gate = 'attitude') AS ov_a,
    (SELECT COUNT(*) FROM gate_overrides o WHERE o.invitation_id = i.id AND o.gate = 'skill') AS ov_s";

/// The latest hiring decision about invitation `i`: a later entry replaces an earlier one, and
/// none is ever edited.
macro_rules! latest {
    ($column:literal) => {
        concat!(
            "(SELECT d.", $column, " FROM hiring_decisions d WHERE d.invitation_id = i.id ORDER BY d.decided_at DESC, d.id DESC LIMIT 1)"
        )
    };
}

/// The latest decision about invitation `i` (`decision`).
pub const LATEST_DECISION: &str = concat!(latest!("decision"), " AS decision");

/// When the latest decision about invitation `i` was made (`decided_at`), for readers that
/// need it (the analytics date a hire by it).
pub const LATEST_DECISION_AT: &str = concat!(latest!("decided_at"), " AS decided_at");

/// Whether invitation `i` is hired: its latest decision is a hire.
pub const HIRED: &str = concat!(latest!("decision"), " = 'hire'");

/// A position's name as staff read it ("Title, Location") and its scoring rule.
pub async fn rule_of(db: &Db, position_id: &str) -> Result<(String, RuleView), AppError> {
    let r = sqlx::query(
        "SELECT title, location, gate_rule, attitude_pass, skill_pass, attitude_weight, skill_weight, total_pass, double_grading, show_results
         FROM positions WHERE id = $1",
    )
    .bind(position_id)
    .fetch_optional(db.reader())
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

/// Every submitted (or timed-out) attempt of a position as stored; the rule is applied by
/// `table`.
pub async fn submitted(db: &Db, position_id: &str) -> Result<Vec<Stored>, AppError> {
    let sql = format!(
        "SELECT i.id AS invitation_id, c.name, a.closed_at, a.closed_reason,
                r.complete, r.attitude_score, r.skill_score, r.attitude_short, r.skill_short,
                {OVERRIDES}, {LATEST_DECISION}
         FROM invitations i
         JOIN candidates c ON c.id = i.candidate_id
         JOIN attempts a ON a.invitation_id = i.id
         LEFT JOIN results r ON r.attempt_id = a.id
         WHERE i.position_id = $1 AND a.closed_at IS NOT NULL"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(position_id).fetch_all(db.reader()).await?;
    rows.iter()
        .map(|r| {
            Ok(Stored {
                invitation_id: r.text("invitation_id")?,
                name: r.text("name")?,
                closed_at: r.int("closed_at")?,
                closed: format_utc(r.int("closed_at")?),
                state: CandidateState::closed(r.opt_text("closed_reason")?.as_deref().unwrap_or_default()),
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

/// One invitation with its candidate, its attempt (if started) and its current result.
pub struct Candidate {
    pub position_id: String,
    pub name: String,
    pub email: String,
    pub time_percent: i64,
    pub state: CandidateState,
    pub attempt_id: Option<String>,
    pub closed_at: Option<Millis>,
    pub complete: bool,
    pub attitude: Option<f64>,
    pub skill: Option<f64>,
    pub detail: Option<ResultDetail>,
    pub run: Option<RunInfo>,
}

pub async fn candidate(db: &Db, invitation_id: &str, now: Millis) -> Result<Candidate, AppError> {
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
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(|| AppError::not_found("That candidate"))?;
    Ok(Candidate {
        position_id: r.text("position_id")?,
        name: r.text("name")?,
        email: r.text("email")?,
        time_percent: r.int("time_percent")?,
        state: CandidateState::of(
            now,
            r.int("expires_at")?,
            r.opt_int("revoked_at")?.is_some(),
            r.opt_int("deadline_at")?,
            r.opt_text("closed_reason")?.as_deref(),
        ),
        attempt_id: r.opt_text("attempt_id")?,
        closed_at: r.opt_int("closed_at")?,
        complete: r.opt_int("complete")?.unwrap_or(0) == 1,
        attitude: r.opt_float("attitude_score")?,
        skill: r.opt_float("skill_score")?,
        detail: r.opt_text("detail")?.map(|d| serde_json::from_str(&d)).transpose().map_err(internal)?,
        run: match r.opt_text("run_kind")? {
            Some(kind) => Some(RunInfo { kind, at: format_utc(r.int("run_at")?), reason: r.opt_text("run_reason")?, by: r.opt_text("run_by")? }),
            None => None,
        },
    })
}

/// The gate overrides recorded for an invitation, oldest first.
pub async fn overrides(db: &Db, invitation_id: &str) -> Result<Vec<OverrideEntry>, AppError> {
    sqlx::query(
        "SELECT o.gate, o.reason, o.decided_at, u.name FROM gate_overrides o JOIN users u ON u.id = o.decided_by
         WHERE o.invitation_id = $1 ORDER BY o.decided_at, o.id",
    )
    .bind(invitation_id)
    .fetch_all(db.reader())
    .await?
    .iter()
    .map(|o| Ok(OverrideEntry { gate: o.text("gate")?, reason: o.text("reason")?, by: o.text("name")?, at: format_utc(o.int("decided_at")?) }))
    .collect::<Result<Vec<_>, sqlx::Error>>()
    .map_err(AppError::from)
}

/// The hiring decisions about an invitation, newest first, with the scores each was made on.
pub async fn decisions(db: &Db, invitation_id: &str) -> Result<Vec<DecisionEntry>, AppError> {
    sqlx::query(
        "SELECT d.decision, d.reason, d.decided_at, d.attitude_score, d.skill_score, u.name FROM hiring_decisions d
         JOIN users u ON u.id = d.decided_by WHERE d.invitation_id = $1 ORDER BY d.decided_at DESC, d.id DESC",
    )
    .bind(invitation_id)
    .fetch_all(db.reader())
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
    .collect::<Result<Vec<_>, sqlx::Error>>()
    .map_err(AppError::from)
}

/// An attempt's earlier results (before a rescore or a new grade), oldest first, as shown.
pub async fn earlier_results(db: &Db, attempt_id: &str) -> Result<Vec<String>, AppError> {
    let pending = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "pending".into());
    sqlx::query(
        "SELECT h.computed_at, h.attitude_score, h.skill_score, s.kind FROM result_history h
         JOIN scoring_runs s ON s.id = h.run_id WHERE h.attempt_id = $1 ORDER BY h.computed_at",
    )
    .bind(attempt_id)
    .fetch_all(db.reader())
    .await?
    .iter()
    .map(|h| {
        Ok(format!(
            "{} ({} run): attitude {}, skill {}",
            format_utc(h.int("computed_at")?),
            h.text("kind")?,
            pending(h.opt_float("attitude_score")?),
            pending(h.opt_float("skill_score")?),
        ))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()
    .map_err(AppError::from)
}

/// A decision as it is recorded: on the scores of the result it was made on.
pub struct NewDecision<'a> {
    pub invitation_id: &'a str,
    pub decision: Decision,
    pub reason: &'a str,
    pub attitude: Option<f64>,
    pub skill: Option<f64>,
    pub by: &'a str,
}

/// Inserts a decision, naming the scoring run of the result it was made on.
pub async fn insert_decision(conn: &mut sqlx::AnyConnection, d: &NewDecision<'_>, now: Millis) -> Result<(), AppError> {
    let run_id = sqlx::query("SELECT r.run_id FROM results r JOIN attempts a ON a.id = r.attempt_id WHERE a.invitation_id = $1")
        .bind(d.invitation_id)
        .fetch_optional(&mut *conn)
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
    .bind(d.invitation_id)
    .bind(d.decision.as_str())
    .bind(d.reason)
    .bind(run_id)
    .bind(d.attitude)
    .bind(d.skill)
    .bind(d.by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn insert_override(
    conn: &mut sqlx::AnyConnection,
    invitation_id: &str,
    gate: &str,
    reason: &str,
    by: &str,
    now: Millis,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO gate_overrides (id, invitation_id, gate, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(new_id().to_string())
        .bind(invitation_id)
        .bind(gate)
        .bind(reason)
        .bind(by)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Sets a position's scoring rule; false when there is no such position.
pub async fn set_rule(conn: &mut sqlx::AnyConnection, position_id: &str, rule: &RuleView) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE positions SET gate_rule = $2, attitude_pass = $3, skill_pass = $4, attitude_weight = $5, skill_weight = $6,
                total_pass = $7, double_grading = $8, show_results = $9 WHERE id = $1",
    )
    .bind(position_id)
    .bind(if rule.both_gates { "both" } else { "weighted" })
    .bind(rule.attitude_pass)
    .bind(rule.skill_pass)
    .bind(rule.attitude_weight)
    .bind(rule.skill_weight)
    .bind(rule.total_pass)
    .bind(rule.double_grading as i64)
    .bind(rule.show_results as i64)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
