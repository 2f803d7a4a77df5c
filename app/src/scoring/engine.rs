//! Scoring attempts and storing results. A result names its scoring run; the run names the
//! screening versions whose keys were used (the versions taken, or a corrected key).

use super::rules::{self, TypingFigures};
use super::*;
use crate::attempt::answer::Response;
use crate::attempt::plan::Plan;
use crate::audit::{self, Actor, Entry};
use crate::auth::Viewer;
use crate::clock::{format_utc, Millis};
use crate::db::{new_id, RowExt};
use crate::error::{internal, AppError};
use crate::screening::definition::{Item, Screening, Written};
use crate::screening::store;
use crate::state::AppState;
use std::collections::HashMap;
use std::sync::Arc;

/// A grade as stored: criterion key to level.
pub type Levels = HashMap<String, u8>;

pub struct StoredGrade {
    pub grader: String,
    pub graded_at: Millis,
    pub levels: Levels,
    pub comment: String,
}

struct Loaded {
    plan: Plan,
    taken: [String; 2],
    answers: HashMap<String, Response>,
    grades: HashMap<String, Vec<StoredGrade>>,
    double_grading: bool,
}

async fn load(state: &AppState, attempt_id: &str) -> Result<Loaded, AppError> {
    let row = sqlx::query(
        "SELECT a.plan, a.attitude_version_id, a.skill_version_id, p.double_grading
         FROM attempts a JOIN invitations i ON i.id = a.invitation_id JOIN positions p ON p.id = i.position_id
         WHERE a.id = $1",
    )
    .bind(attempt_id)
    .fetch_optional(state.db.reader())
    .await?
    .ok_or_else(|| AppError::not_found("That attempt"))?;
    let plan: Plan = serde_json::from_str(&row.text("plan")?).map_err(internal)?;
    let mut answers = HashMap::new();
    for r in sqlx::query("SELECT item_ref, response FROM answers WHERE attempt_id = $1")
        .bind(attempt_id)
        .fetch_all(state.db.reader())
        .await?
    {
        if let Ok(resp) = serde_json::from_str::<Response>(&r.text("response")?) {
            answers.insert(r.text("item_ref")?, resp);
        }
    }
    let mut grades: HashMap<String, Vec<StoredGrade>> = HashMap::new();
    for r in sqlx::query(
        "SELECT g.item_ref, g.levels, g.comment, g.graded_at, u.name FROM grades g JOIN users u ON u.id = g.grader_id
         WHERE g.attempt_id = $1 ORDER BY g.graded_at, g.id",
    )
    .bind(attempt_id)
    .fetch_all(state.db.reader())
    .await?
    {
        grades.entry(r.text("item_ref")?).or_default().push(StoredGrade {
            grader: r.text("name")?,
            graded_at: r.int("graded_at")?,
            levels: serde_json::from_str(&r.text("levels")?).map_err(internal)?,
            comment: r.text("comment")?,
        });
    }
    Ok(Loaded {
        plan,
        taken: [row.text("attitude_version_id")?, row.text("skill_version_id")?],
        answers,
        grades,
        double_grading: row.flag("double_grading")?,
    })
}

/// The rubric levels of a grade, in the criterion order of `item`; `None` if they do not fit.
pub fn levels_in_order(item: &Written, levels: &Levels) -> Option<Vec<u8>> {
    item.rubric.iter().map(|c| levels.get(&c.key).copied()).collect()
}

fn written_result(item: &Written, item_ref: &str, reply: &str, grades: &[StoredGrade], double: bool) -> WrittenResult {
    let criteria: Vec<(u32, usize)> = item.rubric.iter().map(|c| (c.weight, c.levels.len())).collect();
    let mut views = Vec::new();
    let mut orders = Vec::new();
    for g in grades {
        let Some(order) = levels_in_order(item, &g.levels) else { continue };
        let Some(score) = rules::rubric_percent(&criteria, &order) else { continue };
        views.push(GradeView {
            grader: g.grader.clone(),
            graded: format_utc(g.graded_at),
            levels: item
                .rubric
                .iter()
                .zip(&order)
                .map(|(c, l)| (c.name.clone(), *l, c.levels.len(), c.levels.get(*l as usize - 1).cloned().unwrap_or_default()))
                .collect(),
            comment: g.comment.clone(),
            score,
        });
        orders.push(order);
    }
    let wanted = if double { 2 } else { 1 };
    let empty = reply.trim().is_empty();
    let score = if empty {
        // Nothing written: nothing to grade, and nothing earned.
        Some(0.0)
    } else if views.len() >= wanted {
        Some(views.iter().map(|v| v.score).sum::<f64>() / views.len() as f64)
    } else {
        None
    };
    WrittenResult {
        item_ref: item_ref.to_string(),
        prompt: item.customer_message.clone(),
        reply: reply.to_string(),
        words: reply.split_whitespace().count(),
        score,
        disagreement: orders.len() >= 2 && rules::graders_disagree(&orders[0], &orders[1]),
        needs_grades: if empty { 0 } else { wanted.saturating_sub(views.len()) },
        grades: views,
    }
}

/// Scores an attempt with the keys of `keys` (the versions taken when `None`).
pub async fn compute(state: &AppState, attempt_id: &str, keys: Option<&[String; 2]>) -> Result<ResultDetail, AppError> {
    let loaded = load(state, attempt_id).await?;
    let keys = keys.cloned().unwrap_or_else(|| loaded.taken.clone());
    let key_screenings: [Arc<Screening>; 2] = [state.screenings.load(&state.db, &keys[0]).await?, state.screenings.load(&state.db, &keys[1]).await?];
    let value_names: HashMap<String, String> =
        store::values(&state.db).await?.into_iter().map(|v| (v.key, v.name)).collect();
    let mut sections = Vec::new();
    // Value key -> (points of the items answered, items drawn).
    let mut value_points: HashMap<String, (Vec<f64>, usize)> = HashMap::new();
    let mut typing: Option<TypingFigures> = None;
    let mut typing_target = None;
    let mut written = Vec::new();
    let mut item_scores = Vec::new();

    for (index, planned) in loaded.plan.sections.iter().enumerate() {
        let screening = &key_screenings[planned.part];
        // A section missing from a corrected key is left out of the score.
        let Some(section) = screening.section(&planned.section_key) else { continue };
        let mut marks = Vec::new();
        let mut kinds: Vec<&str> = Vec::new();
        for p in &planned.items {
            let Some(item) = section.items.iter().find(|i| i.key() == p.key) else { continue };
            let item_ref = format!("{index}:{}", p.key);
            let answer = loaded.answers.get(&item_ref).filter(|a| a.is_given());
            let kind = item.type_name();
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
            let mut scored = ItemScore {
                part: planned.part,
                section: section.key.clone(),
                item: p.key.clone(),
                kind: kind.to_string(),
                value: None,
                points: None,
                max: 1.0,
                chosen: None,
            };
            let mark = match item {
                Item::Likert(l) => {
                    scored.value = Some(l.value.clone());
                    scored.max = 5.0;
                    let scale = value_points.entry(l.value.clone()).or_default();
                    scale.1 += 1;
                    match answer {
                        Some(Response::Likert(v)) => {
                            let pts = rules::likert_points(*v, l.reverse);
                            scale.0.push(pts);
                            scored.points = Some(pts);
                            rules::Mark::Earned(rules::likert_share(pts))
                        }
                        _ => rules::Mark::SkippedStatement,
                    }
                }
                Item::Judgement(j) => {
                    let chosen = match answer {
                        Some(Response::Option(k)) => j.options.iter().find(|o| &o.key == k).map(|o| (k, o.score)),
                        _ => None,
                    };
                    let all: Vec<i32> = j.options.iter().map(|o| o.score).collect();
                    let (pts, best) = rules::judgement_points(chosen.map(|c| c.1), &all);
                    scored.max = best;
                    if let Some(v) = &j.value {
                        value_points.entry(v.clone()).or_default().1 += 1;
                    }
                    match chosen {
                        Some((k, _)) => {
                            scored.points = Some(pts);
                            scored.chosen = Some(k.clone());
                            if let Some(v) = &j.value {
                                // On the value's 1..5 scale: the worst option is 1, the best 5.
                                let worst = all.iter().copied().min().unwrap_or(0) as f64;
                                let span = (best - worst).max(1.0);
                                value_points.entry(v.clone()).or_default().0.push(1.0 + 4.0 * (pts - worst) / span);
                            }
                            rules::Mark::Earned(if best > 0.0 { pts / best } else { 0.0 })
                        }
                        None => rules::Mark::Blank,
                    }
                }
                Item::Choice(c) => {
                    let chosen: Vec<&str> = match answer {
                        Some(Response::Option(k)) => vec![k.as_str()],
                        Some(Response::Options(ks)) => ks.iter().map(String::as_str).collect(),
                        _ => Vec::new(),
                    };
                    let correct: Vec<&str> = c.options.iter().filter(|o| o.correct).map(|o| o.key.as_str()).collect();
                    let pts = rules::choice_points(&chosen, &correct, c.multiple);
                    if chosen.is_empty() {
                        rules::Mark::Blank
                    } else {
                        scored.points = Some(pts);
                        scored.chosen = Some(chosen.join("+"));
                        rules::Mark::Earned(pts)
                    }
                }
                Item::Typing(t) => {
                    let duration = t.duration_seconds as i64 * 1000;
                    let (text, used, trace) = match answer {
                        Some(Response::Typing { text, started_at, ended_at }) => {
                            let samples = crate::attempt::integrity::server::typing_samples(state, attempt_id, &item_ref, *started_at).await?;
                            (text.clone(), ended_at.unwrap_or(started_at + duration) - started_at, rules::typing_trace(&samples))
                        }
                        _ => (String::new(), duration, rules::TypingTrace::default()),
                    };
                    let minutes = rules::typing_minutes_ms(t.passage.chars().count(), text.chars().count(), used, duration);
                    let mut figures = rules::typing(&t.passage, &text, minutes);
                    figures.review = trace.review_reason();
                    figures.trace = trace;
                    let target = t.target_wpm.unwrap_or(40);
                    // Text that arrived faster than anyone types is not credited: 0, for review.
                    let share = if figures.review.is_some() { 0.0 } else { rules::typing_percent(&figures, target) / 100.0 };
                    typing = Some(figures);
                    typing_target = Some(target);
                    if answer.is_some() {
                        scored.points = Some(share);
                        rules::Mark::Earned(share)
                    } else {
                        rules::Mark::Blank
                    }
                }
                Item::Written(w) => {
                    let reply = match answer {
                        Some(Response::Text(t)) => t.clone(),
                        _ => String::new(),
                    };
                    let grades = loaded.grades.get(&item_ref).map(Vec::as_slice).unwrap_or(&[]);
                    let result = written_result(w, &item_ref, &reply, grades, loaded.double_grading);
                    let mark = if reply.trim().is_empty() {
                        rules::Mark::Blank
                    } else {
                        match result.score {
                            Some(s) => {
                                scored.points = Some(s / 100.0);
                                rules::Mark::Earned(s / 100.0)
                            }
                            None => rules::Mark::Ungraded,
                        }
                    };
                    written.push(result);
                    mark
                }
            };
            marks.push(mark);
            item_scores.push(scored);
        }
        let outcome = rules::section_score(&marks);
        sections.push(SectionResult {
            part: planned.part,
            key: section.key.clone(),
            title: section.title.clone(),
            kind: kinds.join("+"),
            score: match outcome {
                rules::Outcome::Scored(s) => Some(s),
                _ => None,
            },
            short: outcome == rules::Outcome::NotEnough,
            weight: section.weight.unwrap_or(1) as f64,
            answered: marks.iter().filter(|m| matches!(m, rules::Mark::Earned(_) | rules::Mark::Ungraded)).count(),
            items: marks.len(),
        });
    }
    let mut values: Vec<ValueScore> = value_points
        .into_iter()
        .map(|(key, (pts, drawn))| ValueScore {
            name: value_names.get(&key).cloned().unwrap_or_else(|| key.clone()),
            mean: rules::scale_mean(&pts, drawn),
            items: pts.len(),
            drawn,
            key,
        })
        .collect();
    let order: Vec<String> = store::value_keys(&state.db).await?;
    values.sort_by_key(|v| order.iter().position(|k| *k == v.key).unwrap_or(usize::MAX));
    Ok(ResultDetail {
        sections,
        values,
        typing,
        typing_target_wpm: typing_target,
        written,
        taken_versions: [version_number(state, &loaded.taken[0]).await?, version_number(state, &loaded.taken[1]).await?],
        key_versions: [version_number(state, &keys[0]).await?, version_number(state, &keys[1]).await?],
        items: item_scores,
    })
}

async fn version_number(state: &AppState, id: &str) -> Result<i64, AppError> {
    Ok(store::version(&state.db, id).await?.map(|v| v.version).unwrap_or(0))
}

/// The gate scores of a result: the weighted mean of each screening's sections; whether
/// nothing waits for a grader.
pub fn gate_scores(detail: &ResultDetail) -> ([GateScore; 2], bool) {
    let gate = |part: usize| {
        let sections: Vec<&SectionResult> = detail.sections.iter().filter(|s| s.part == part).collect();
        if sections.iter().any(|s| s.short) {
            return GateScore::NotEnough;
        }
        if sections.iter().any(|s| s.score.is_none()) {
            return GateScore::Pending;
        }
        let parts: Vec<(f64, f64)> = sections.iter().filter_map(|s| Some((s.weight, s.score?))).collect();
        rules::weighted_mean(&parts).map(GateScore::Scored).unwrap_or(GateScore::NotEnough)
    };
    let complete = !detail.sections.iter().any(|s| s.score.is_none() && !s.short);
    ([gate(0), gate(1)], complete)
}

/// Writes a computed result under `run_id`, keeping any earlier result of another run in the
/// history. Runs inside the caller's transaction, so a result never lands without its run.
async fn store_result(conn: &mut sqlx::AnyConnection, attempt_id: &str, run_id: &str, detail: &ResultDetail, now: Millis) -> Result<(), AppError> {
    let ([attitude, skill], complete) = gate_scores(detail);
    let json = serde_json::to_string(detail).map_err(internal)?;
    let previous = sqlx::query("SELECT run_id FROM results WHERE attempt_id = $1").bind(attempt_id).fetch_optional(&mut *conn).await?;
    if let Some(prev) = previous {
        if prev.text("run_id")? != run_id {
            sqlx::query(
                "INSERT INTO result_history (attempt_id, run_id, computed_at, complete, attitude_score, skill_score, detail, replaced_at)
                 SELECT attempt_id, run_id, computed_at, complete, attitude_score, skill_score, detail, $2 FROM results WHERE attempt_id = $1",
            )
            .bind(attempt_id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
        sqlx::query("DELETE FROM results WHERE attempt_id = $1").bind(attempt_id).execute(&mut *conn).await?;
    }
    sqlx::query(
        "INSERT INTO results (attempt_id, run_id, computed_at, complete, attitude_score, skill_score, attitude_short, skill_short, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    // sqlx 0.9's Any driver sends a NULL f64 to PostgreSQL as float4, and a cached statement
    // then refuses the next real f64; not caching statements that bind Option<f64> avoids it.
    .persistent(false)
    .bind(attempt_id)
    .bind(run_id)
    .bind(now)
    .bind(complete as i64)
    .bind(attitude.score())
    .bind(skill.score())
    .bind((attitude == GateScore::NotEnough) as i64)
    .bind((skill == GateScore::NotEnough) as i64)
    .bind(json)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Scores an attempt and stores the result under an existing run (a grade arrived).
async fn score_and_store(state: &AppState, attempt_id: &str, run_id: &str, keys: Option<&[String; 2]>) -> Result<(), AppError> {
    let detail = compute(state, attempt_id, keys).await?;
    let mut tx = state.db.begin().await?;
    store_result(&mut tx, attempt_id, run_id, &detail, state.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Scores a freshly closed attempt in a run of its own, with the keys of the versions taken.
/// The run, the result and the end of any earlier failure are one transaction: a failure
/// leaves no run behind.
///
/// An attempt that has a result by the time the transaction holds it (another server, or the
/// candidate's own submit, got there first) is left alone: returns false.
pub async fn score_closed(state: &AppState, attempt_id: &str) -> Result<bool, AppError> {
    let detail = compute(state, attempt_id, None).await?;
    let run_id = new_id().to_string();
    let now = state.now();
    let mut tx = state.db.begin().await?;
    // PostgreSQL: two servers scoring the same attempt wait here for each other. SQLite's one
    // writer connection already runs one transaction at a time.
    if state.db.engine() == crate::db::Engine::Postgres {
        sqlx::query("SELECT id FROM attempts WHERE id = $1 FOR UPDATE").bind(attempt_id).fetch_optional(&mut *tx).await?;
    }
    if sqlx::query("SELECT 1 AS x FROM results WHERE attempt_id = $1").bind(attempt_id).fetch_optional(&mut *tx).await?.is_some() {
        tx.rollback().await?;
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO scoring_runs (id, kind, position_id, created_at)
         SELECT $1, 'submission', i.position_id, $3 FROM attempts a JOIN invitations i ON i.id = a.invitation_id WHERE a.id = $2",
    )
    .bind(&run_id)
    .bind(attempt_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    store_result(&mut tx, attempt_id, &run_id, &detail, now).await?;
    sqlx::query("DELETE FROM scoring_failures WHERE attempt_id = $1").bind(attempt_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// How long a claim to score an attempt holds before another server may take it over.
const CLAIM_MS: i64 = 10 * 60_000;

/// Claims an unscored closed attempt for this server; false when another holds it.
async fn claim(state: &AppState, attempt_id: &str, now: Millis) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE attempts SET scoring_claimed_at = $2
         WHERE id = $1 AND (scoring_claimed_at IS NULL OR scoring_claimed_at < $3)
           AND NOT EXISTS (SELECT 1 FROM results r WHERE r.attempt_id = attempts.id)",
    )
    .bind(attempt_id)
    .bind(now)
    .bind(now - CLAIM_MS)
    .execute(state.db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Scores again with the result's own run (after a grade arrives).
pub async fn rescore_in_place(state: &AppState, attempt_id: &str) -> Result<(), AppError> {
    let row = sqlx::query(
        "SELECT r.run_id, s.attitude_key_version_id, s.skill_key_version_id FROM results r
         JOIN scoring_runs s ON s.id = r.run_id WHERE r.attempt_id = $1",
    )
    .bind(attempt_id)
    .fetch_optional(state.db.reader())
    .await?;
    match row {
        Some(r) => {
            let keys = match (r.opt_text("attitude_key_version_id")?, r.opt_text("skill_key_version_id")?) {
                (Some(a), Some(s)) => Some([a, s]),
                _ => None,
            };
            score_and_store(state, attempt_id, &r.text("run_id")?, keys.as_ref()).await
        }
        None => score_closed(state, attempt_id).await.map(|_| ()),
    }
}

/// The first retry of a failed attempt waits a minute; each further one twice as long, up to a day.
pub fn retry_delay_ms(tries: i64) -> i64 {
    const MINUTE: i64 = 60_000;
    MINUTE.saturating_mul(1_i64 << tries.clamp(1, 11).saturating_sub(1)).min(24 * 60 * MINUTE)
}

/// What a background pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pass {
    pub scored: usize,
    pub failed: usize,
}

/// Scores every closed attempt that has no result yet (attempts the server closed on expiry),
/// oldest first. One that fails is recorded with its error reference and retried later with a
/// growing delay; it never stops the others.
pub async fn score_unscored(state: &AppState) -> Result<Pass, AppError> {
    let now = state.now();
    let rows = sqlx::query(
        "SELECT a.id, f.tries FROM attempts a LEFT JOIN results r ON r.attempt_id = a.id
         LEFT JOIN scoring_failures f ON f.attempt_id = a.id
         WHERE a.closed_at IS NOT NULL AND r.attempt_id IS NULL AND (f.attempt_id IS NULL OR f.next_try_at <= $1)
         ORDER BY a.closed_at, a.id LIMIT 200",
    )
    .bind(now)
    .fetch_all(state.db.reader())
    .await?;
    let mut pass = Pass::default();
    for r in &rows {
        let attempt_id = r.text("id")?;
        if !claim(state, &attempt_id, now).await? {
            continue;
        }
        match score_closed(state, &attempt_id).await {
            Ok(true) => pass.scored += 1,
            Ok(false) => {}
            Err(e) => {
                pass.failed += 1;
                let reference = reference_of(e, &attempt_id);
                let tries = r.opt_int("tries")?.unwrap_or(0) + 1;
                tracing::warn!(attempt = %attempt_id, tries, reference = %reference, "an attempt could not be scored; it will be retried");
                record_failure(state, &attempt_id, tries, &reference, now).await?;
                // Given back, so the retry (on whichever server) is not held up by this claim.
                sqlx::query("UPDATE attempts SET scoring_claimed_at = NULL WHERE id = $1").bind(&attempt_id).execute(state.db.writer()).await?;
            }
        }
    }
    Ok(pass)
}

/// The reference a person can quote for a failure (logged once, where it is made).
fn reference_of(e: AppError, attempt_id: &str) -> String {
    match e {
        AppError::Internal { reference } => reference,
        other => match internal(format!("scoring attempt {attempt_id}: {other}")) {
            AppError::Internal { reference } => reference,
            other => other.to_string(),
        },
    }
}

async fn record_failure(state: &AppState, attempt_id: &str, tries: i64, reference: &str, now: Millis) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM scoring_failures WHERE attempt_id = $1").bind(attempt_id).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO scoring_failures (attempt_id, tries, error_ref, failed_at, next_try_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(attempt_id)
        .bind(tries)
        .bind(reference)
        .bind(now)
        .bind(now.saturating_add(retry_delay_ms(tries)))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn failures(state: &AppState, position_id: &str) -> Result<Vec<Failure>, AppError> {
    sqlx::query(
        "SELECT c.name, f.tries, f.error_ref, f.failed_at, f.next_try_at FROM scoring_failures f
         JOIN attempts a ON a.id = f.attempt_id JOIN invitations i ON i.id = a.invitation_id
         JOIN candidates c ON c.id = i.candidate_id
         WHERE i.position_id = $1 AND NOT EXISTS (SELECT 1 FROM results r WHERE r.attempt_id = f.attempt_id)
         ORDER BY f.failed_at, c.name",
    )
    .bind(position_id)
    .fetch_all(state.db.reader())
    .await?
    .iter()
    .map(|r| {
        Ok(Failure {
            candidate: r.text("name")?,
            tries: r.int("tries")?,
            reference: r.text("error_ref")?,
            failed_at: format_utc(r.int("failed_at")?),
            next_try_at: format_utc(r.int("next_try_at")?),
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()
    .map_err(AppError::from)
}

/// Rescores every closed attempt of a position with the current versions' keys, as one
/// operation: every result is computed first, then the run, all the results and the audit entry
/// are written in one transaction. If any attempt cannot be scored, nothing changes.
pub async fn rescore_position(state: &AppState, viewer: &Viewer, position_id: &str, reason: &str) -> Result<(String, usize), AppError> {
    let p = sqlx::query(
        "SELECT p.title, sa.current_version_id AS a, ss.current_version_id AS s FROM positions p
         JOIN screenings sa ON sa.id = p.attitude_screening_id JOIN screenings ss ON ss.id = p.skill_screening_id
         WHERE p.id = $1",
    )
    .bind(position_id)
    .fetch_optional(state.db.reader())
    .await?
    .ok_or_else(|| AppError::not_found("That position"))?;
    let keys = [p.text("a")?, p.text("s")?];
    let attempts = sqlx::query(
        "SELECT a.id, c.name FROM attempts a JOIN invitations i ON i.id = a.invitation_id JOIN candidates c ON c.id = i.candidate_id
         WHERE i.position_id = $1 AND a.closed_at IS NOT NULL ORDER BY a.closed_at, a.id",
    )
    .bind(position_id)
    .fetch_all(state.db.reader())
    .await?;
    let mut computed = Vec::with_capacity(attempts.len());
    for a in &attempts {
        let id = a.text("id")?;
        match compute(state, &id, Some(&keys)).await {
            Ok(detail) => computed.push((id, detail)),
            Err(e) => {
                let reference = reference_of(e, &id);
                return Err(AppError::invalid(
                    "reason",
                    format!(
                        "{}'s attempt could not be rescored (reference {reference}), so nothing was rescored: every result stays as it was.",
                        a.text("name")?
                    ),
                ));
            }
        }
    }
    let versions = [version_number(state, &keys[0]).await?, version_number(state, &keys[1]).await?];
    let run_id = new_id().to_string();
    let now = state.now();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO scoring_runs (id, kind, position_id, attitude_key_version_id, skill_key_version_id, reason, started_by, created_at)
         VALUES ($1, 'rescore', $2, $3, $4, $5, $6, $7)",
    )
    .bind(&run_id)
    .bind(position_id)
    .bind(&keys[0])
    .bind(&keys[1])
    .bind(reason)
    .bind(&viewer.user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for (attempt_id, detail) in &computed {
        store_result(&mut tx, attempt_id, &run_id, detail, now).await?;
        sqlx::query("DELETE FROM scoring_failures WHERE attempt_id = $1").bind(attempt_id).execute(&mut *tx).await?;
    }
    audit::record(
        &mut *tx,
        now,
        &Actor::Staff(viewer),
        Entry {
            action: "results.rescored",
            subject_type: "position",
            subject_id: Some(position_id),
            summary: format!(
                "Rescored {} attempt{} for {} with the keys of attitude version {} and skill version {}",
                computed.len(),
                if computed.len() == 1 { "" } else { "s" },
                p.text("title")?,
                versions[0],
                versions[1]
            ),
            reason: Some(reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((run_id, computed.len()))
}
