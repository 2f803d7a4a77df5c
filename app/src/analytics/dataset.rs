//! Loads the data trail (`people::Person`) from storage: invitations, attempts, results,
//! overrides and hiring decisions, training outcomes, Offer decisions and self-identification.
//! A handful of queries over whole tables, then joined in memory: the analytics read every
//! candidate anyway, and this keeps the SQL the same on both engines.

use super::people::{Group, OfferOutcome, Person, Scored, Taken, Training};
use crate::clock::Millis;
use crate::db::RowExt;
use crate::error::AppError;
use crate::results::store::{rule_of, LATEST_DECISION, LATEST_DECISION_AT, OVERRIDES};
use crate::results::table::gate_rule;
use crate::results::Decision;
use crate::scoring::{rules, ResultDetail};
use crate::state::AppState;
use crate::training::progress::Status;
use std::collections::HashMap;

/// Which invitations to read: one position or all, invited within [from, to).
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub position_id: Option<String>,
    pub from: Option<Millis>,
    pub to: Option<Millis>,
}

/// Every invitation in the scope with its attempt, result, overrides, latest decision and
/// self-identification; the override and decision columns are the results table's own text.
fn people_sql() -> String {
    format!(
        "SELECT i.id, i.position_id, i.created_at AS invited_at,
                a.id AS attempt_id, a.started_at, a.closed_at, a.attitude_version_id, a.skill_version_id,
                r.complete, r.attitude_score, r.skill_score, r.detail,
                {OVERRIDES}, {LATEST_DECISION}, {LATEST_DECISION_AT},
                s.gender, s.ethnicity, s.age_band
         FROM invitations i
         LEFT JOIN attempts a ON a.invitation_id = i.id
         LEFT JOIN results r ON r.attempt_id = a.id
         LEFT JOIN self_identifications s ON s.invitation_id = i.id
         WHERE i.revoked_at IS NULL AND ($1 = '' OR i.position_id = $1) AND i.created_at >= $2 AND i.created_at < $3"
    )
}

pub async fn load(state: &AppState, scope: &Scope) -> Result<Vec<Person>, AppError> {
    let db = state.db.reader();
    let rows = sqlx::query(sqlx::AssertSqlSafe(people_sql()))
        .bind(scope.position_id.clone().unwrap_or_default())
        .bind(scope.from.unwrap_or(i64::MIN))
        .bind(scope.to.unwrap_or(i64::MAX))
        .fetch_all(db)
        .await?;
    let signalled = signalled_attempts(state).await?;
    let training = training_outcomes(state).await?;
    let mut rules_by_position: HashMap<String, rules::GateRule> = HashMap::new();
    let mut people = Vec::with_capacity(rows.len());
    for r in &rows {
        let invitation = r.text("id")?;
        let position_id = r.text("position_id")?;
        let complete = r.opt_int("complete")?.unwrap_or(0) == 1;
        let detail: Option<ResultDetail> = r.opt_text("detail")?.and_then(|d| serde_json::from_str(&d).ok());
        // Both gates scored and nothing awaiting a grader; a gate without enough answers has no
        // score to compare, so such a result is left out of the score analyses.
        let scored = match (complete, r.opt_float("attitude_score")?, r.opt_float("skill_score")?) {
            (true, Some(attitude), Some(skill)) => {
                let rule = match rules_by_position.get(&position_id) {
                    Some(rule) => *rule,
                    None => {
                        let rule = gate_rule(&rule_of(&state.db, &position_id).await?.1);
                        rules_by_position.insert(position_id.clone(), rule);
                        rule
                    }
                };
                let outcome = rules::gates(rule, Some(attitude), Some(skill), r.int("ov_a")? > 0, r.int("ov_s")? > 0);
                let detail = detail.clone().unwrap_or_default();
                Some(Scored {
                    attitude,
                    skill,
                    total: outcome.total.unwrap_or_default(),
                    passed_attitude: outcome.attitude_passed,
                    passed_skill: outcome.skill_passed,
                    passed: outcome.passed,
                    sections: detail.sections.iter().filter_map(|s| Some((s.key.clone(), s.title.clone(), s.score?))).collect(),
                    values: detail.values.iter().filter_map(|v| Some((v.key.clone(), v.name.clone(), v.mean?))).collect(),
                })
            }
            _ => None,
        };
        let signals = match r.opt_text("attempt_id")? {
            Some(attempt) => {
                let trace = detail.as_ref().and_then(|d| d.typing.as_ref()).map(|t| (t.trace.bursts, t.trace.gaps));
                Some(signalled.contains(&attempt) || trace.is_some_and(|(b, g)| b + g > 0))
            }
            None => None,
        };
        // Hired when the latest decision is a hire, as of that decision.
        let hired_at = match r.opt_text("decision")?.as_deref().and_then(Decision::parse) {
            Some(Decision::Hire) => r.opt_int("decided_at")?,
            _ => None,
        };
        people.push(Person {
            position_id,
            invited_at: r.int("invited_at")?,
            started_at: r.opt_int("started_at")?,
            submitted_at: r.opt_int("closed_at")?,
            scored,
            // Item statistics read every attempt with a result, graded or not: an ungraded
            // written reply does not take the other items out of the analysis.
            taken: detail.map(|d| Taken {
                versions: [r.opt_text("attitude_version_id").ok().flatten().unwrap_or_default(), r.opt_text("skill_version_id").ok().flatten().unwrap_or_default()],
                items: d.items,
            }),
            signals,
            hired_at,
            training: training.get(&invitation).cloned(),
            group: Group { gender: r.opt_text("gender")?, ethnicity: r.opt_text("ethnicity")?, age_band: r.opt_text("age_band")? },
        });
    }
    Ok(people)
}

/// Attempts with a paste attempt, time away from the page (a "visible" that ends it), or
/// answers from more than one device or address (sections much faster than the median are left to the report).
async fn signalled_attempts(state: &AppState) -> Result<std::collections::HashSet<String>, AppError> {
    let rows = sqlx::query(
        "SELECT attempt_id FROM attempt_signals GROUP BY attempt_id
         HAVING SUM(CASE WHEN kind IN ('paste', 'visible') THEN 1 ELSE 0 END) > 0
             OR COUNT(DISTINCT CASE WHEN kind = 'seen' THEN client END) > 1",
    )
    .fetch_all(state.db.reader())
    .await?;
    rows.iter().map(|r| r.text("attempt_id")).collect::<Result<_, _>>().map_err(AppError::from)
}

/// Invitation -> how its trainee did in training and what they answered to the Offer.
async fn training_outcomes(state: &AppState) -> Result<HashMap<String, Training>, AppError> {
    let db = state.db.reader();
    let mut offers: HashMap<String, (i64, OfferOutcome)> = HashMap::new();
    for r in sqlx::query("SELECT trainee_id, seq, outcome, recorded_at FROM offer_decisions").fetch_all(db).await? {
        let seq = r.int("seq")?;
        let outcome = OfferOutcome { stayed: r.text("outcome")? == "stays", decided_at: r.int("recorded_at")? };
        let trainee = r.text("trainee_id")?;
        if offers.get(&trainee).is_none_or(|(s, _)| *s < seq) {
            offers.insert(trainee, (seq, outcome));
        }
    }
    let mut out = HashMap::new();
    for c in sqlx::query("SELECT id FROM cohorts").fetch_all(db).await? {
        let cohort = crate::training::store::load_cohort(&state.db, &c.text("id")?).await?;
        let finished = cohort.closed.len() >= cohort.programme.weeks() && cohort.closed.iter().all(|c| *c);
        let sheet = crate::training::store::sheet(&state.db, &cohort.id, None).await?;
        for t in crate::training::store::trainees(&state.db, &cohort.id).await? {
            let Some(invitation) = t.invitation_id.clone() else { continue };
            let progress = crate::training::store::assess(&cohort, &sheet, &t);
            out.insert(
                invitation,
                Training {
                    enrolled_at: t.enrolled_at,
                    final_grade: progress.overall.filter(|_| finished),
                    completed: progress.status == Status::Completed,
                    left: t.left,
                    offer: offers.get(&t.id).map(|(_, o)| o.clone()),
                },
            );
        }
    }
    Ok(out)
}
