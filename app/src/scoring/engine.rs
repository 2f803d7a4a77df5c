//! Scoring attempts and storing results. A result names its scoring run; the run names the
//! screening versions whose keys were used (the versions taken, or a corrected key).

use super::rules::{self, TypingFigures};
use super::*;
use crate::attempt::flow::Response;
use crate::attempt::plan::Plan;
use crate::audit::{self, Actor, Entry};
use crate::auth::Viewer;
use crate::clock::{format_utc, Millis};
use crate::db::{new_id, RowExt};
use crate::error::AppError;
use crate::screening::definition::{Item, Screening, Written};
use crate::screening::store;
use crate::state::{internal, AppState};
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
    let key_screenings: [Arc<Screening>; 2] = [store::load(state, &keys[0]).await?, store::load(state, &keys[1]).await?];
    let value_names: HashMap<String, String> =
        store::values(&state.db).await?.into_iter().map(|v| (v.key, v.name)).collect();
    let mut sections = Vec::new();
    let mut value_points: HashMap<String, Vec<f64>> = HashMap::new();
    let mut typing: Option<TypingFigures> = None;
    let mut typing_target = None;
    let mut written = Vec::new();
    let mut item_scores = Vec::new();

    for (index, planned) in loaded.plan.sections.iter().enumerate() {
        let screening = &key_screenings[planned.part];
        // A section missing from a corrected key is left out of the score.
        let Some(section) = screening.section(&planned.section_key) else { continue };
        let mut points = 0.0;
        let mut max = 0.0;
        let mut likert = Vec::new();
        let mut answered = 0;
        let mut pending = false;
        let mut kind = "";
        let mut counted = 0;
        for p in &planned.items {
            let Some(item) = section.items.iter().find(|i| i.key() == p.key) else { continue };
            counted += 1;
            let item_ref = format!("{index}:{}", p.key);
            let answer = loaded.answers.get(&item_ref);
            answered += usize::from(answer.is_some());
            kind = item.type_name();
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
            match item {
                Item::Likert(l) => {
                    scored.value = Some(l.value.clone());
                    scored.max = 5.0;
                    if let Some(Response::Likert(v)) = answer {
                        let pts = rules::likert_points(*v, l.reverse);
                        likert.push(pts);
                        value_points.entry(l.value.clone()).or_default().push(pts);
                        scored.points = Some(pts);
                    }
                }
                Item::Judgement(j) => {
                    let chosen = match answer {
                        Some(Response::Option(k)) => j.options.iter().find(|o| &o.key == k).map(|o| o.score),
                        _ => None,
                    };
                    let all: Vec<i32> = j.options.iter().map(|o| o.score).collect();
                    let (pts, best) = rules::judgement_points(chosen, &all);
                    points += pts;
                    max += best;
                    scored.max = best;
                    if let (Some(Response::Option(k)), Some(_)) = (answer, chosen) {
                        scored.points = Some(pts);
                        scored.chosen = Some(k.clone());
                    }
                    if let (Some(v), Some(_)) = (&j.value, chosen) {
                        // On the value's 1..5 scale: the worst option is 1, the best 5.
                        let worst = all.iter().copied().min().unwrap_or(0) as f64;
                        let span = (best - worst).max(1.0);
                        value_points.entry(v.clone()).or_default().push(1.0 + 4.0 * (pts - worst) / span);
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
                    points += pts;
                    max += 1.0;
                    if !chosen.is_empty() {
                        scored.points = Some(pts);
                        scored.chosen = Some(chosen.join("+"));
                    }
                }
                Item::Typing(t) => {
                    let (text, elapsed) = match answer {
                        Some(Response::Typing { text, started_at, ended_at }) => {
                            (text.clone(), ended_at.unwrap_or(started_at + t.duration_seconds as i64 * 1000) - started_at)
                        }
                        _ => (String::new(), t.duration_seconds as i64 * 1000),
                    };
                    let figures = rules::typing(&t.passage, &text, elapsed);
                    let target = t.target_wpm.unwrap_or(40);
                    let pts = rules::typing_percent(&figures, target) / 100.0;
                    points += pts;
                    max += 1.0;
                    if answer.is_some() {
                        scored.points = Some(pts);
                    }
                    typing = Some(figures);
                    typing_target = Some(target);
                }
                Item::Written(w) => {
                    let reply = match answer {
                        Some(Response::Text(t)) => t.clone(),
                        _ => String::new(),
                    };
                    let grades = loaded.grades.get(&item_ref).map(Vec::as_slice).unwrap_or(&[]);
                    let result = written_result(w, &item_ref, &reply, grades, loaded.double_grading);
                    match result.score {
                        Some(s) => {
                            points += s / 100.0;
                            scored.points = (!reply.trim().is_empty()).then_some(s / 100.0);
                        }
                        None => pending = true,
                    }
                    max += 1.0;
                    written.push(result);
                }
            }
            item_scores.push(scored);
        }
        let score = if pending {
            None
        } else if kind == "likert" {
            // A scale is the mean of what was answered; with nothing answered it scores 0.
            Some(if likert.is_empty() { 0.0 } else { rules::likert_percent(likert.iter().sum::<f64>() / likert.len() as f64) })
        } else if max > 0.0 {
            Some((points / max * 100.0).clamp(0.0, 100.0))
        } else {
            Some(0.0)
        };
        sections.push(SectionResult {
            part: planned.part,
            key: section.key.clone(),
            title: section.title.clone(),
            kind: kind.to_string(),
            score,
            weight: section.weight.unwrap_or(1) as f64,
            answered,
            items: counted,
        });
    }
    let mut values: Vec<ValueScore> = value_points
        .into_iter()
        .map(|(key, pts)| ValueScore {
            name: value_names.get(&key).cloned().unwrap_or_else(|| key.clone()),
            mean: pts.iter().sum::<f64>() / pts.len() as f64,
            items: pts.len(),
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

/// The gate scores of a result: the weighted mean of each screening's sections.
pub fn gate_scores(detail: &ResultDetail) -> (Option<f64>, Option<f64>, bool) {
    let mut gates = [Vec::new(), Vec::new()];
    let mut complete = true;
    for s in &detail.sections {
        match s.score {
            Some(score) => gates[s.part].push((s.weight, score)),
            None => complete = false,
        }
    }
    let pending = |part: usize| detail.sections.iter().any(|s| s.part == part && s.score.is_none());
    let a = if pending(0) { None } else { rules::weighted_mean(&gates[0]) };
    let s = if pending(1) { None } else { rules::weighted_mean(&gates[1]) };
    (a, s, complete)
}

/// Scores an attempt and stores the result under `run_id`, keeping any earlier result of
/// another run in the history.
pub async fn score_and_store(state: &AppState, attempt_id: &str, run_id: &str, keys: Option<&[String; 2]>) -> Result<(), AppError> {
    let detail = compute(state, attempt_id, keys).await?;
    let (attitude, skill, complete) = gate_scores(&detail);
    let json = serde_json::to_string(&detail).map_err(internal)?;
    let now = state.now();
    let mut tx = state.db.writer().begin().await?;
    let previous = sqlx::query("SELECT run_id FROM results WHERE attempt_id = $1").bind(attempt_id).fetch_optional(&mut *tx).await?;
    if let Some(prev) = previous {
        if prev.text("run_id")? != run_id {
            sqlx::query(
                "INSERT INTO result_history (attempt_id, run_id, computed_at, complete, attitude_score, skill_score, detail, replaced_at)
                 SELECT attempt_id, run_id, computed_at, complete, attitude_score, skill_score, detail, $2 FROM results WHERE attempt_id = $1",
            )
            .bind(attempt_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM results WHERE attempt_id = $1").bind(attempt_id).execute(&mut *tx).await?;
    }
    sqlx::query(
        "INSERT INTO results (attempt_id, run_id, computed_at, complete, attitude_score, skill_score, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    // sqlx 0.9's Any driver sends a NULL f64 to PostgreSQL as float4, and a cached statement
    // then refuses the next real f64; not caching statements that bind Option<f64> avoids it.
    .persistent(false)
    .bind(attempt_id)
    .bind(run_id)
    .bind(now)
    .bind(complete as i64)
    .bind(attitude)
    .bind(skill)
    .bind(json)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Scores a freshly closed attempt in a run of its own, with the keys of the versions taken.
pub async fn score_closed(state: &AppState, attempt_id: &str) -> Result<(), AppError> {
    let run_id = new_id().to_string();
    sqlx::query(
        "INSERT INTO scoring_runs (id, kind, position_id, created_at)
         SELECT $1, 'submission', i.position_id, $3 FROM attempts a JOIN invitations i ON i.id = a.invitation_id WHERE a.id = $2",
    )
    .bind(&run_id)
    .bind(attempt_id)
    .bind(state.now())
    .execute(state.db.writer())
    .await?;
    score_and_store(state, attempt_id, &run_id, None).await
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
        None => score_closed(state, attempt_id).await,
    }
}

/// Scores every closed attempt that has no result yet (attempts the server closed on expiry).
pub async fn score_unscored(state: &AppState) -> Result<usize, AppError> {
    let rows = sqlx::query(
        "SELECT a.id FROM attempts a LEFT JOIN results r ON r.attempt_id = a.id
         WHERE a.closed_at IS NOT NULL AND r.attempt_id IS NULL ORDER BY a.closed_at LIMIT 200",
    )
    .fetch_all(state.db.reader())
    .await?;
    for r in &rows {
        score_closed(state, &r.text("id")?).await?;
    }
    Ok(rows.len())
}

/// Rescores every closed attempt of a position with the current versions' keys, as one run.
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
    let run_id = new_id().to_string();
    let now = state.now();
    let mut tx = state.db.writer().begin().await?;
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
    tx.commit().await?;
    let attempts = sqlx::query(
        "SELECT a.id FROM attempts a JOIN invitations i ON i.id = a.invitation_id
         WHERE i.position_id = $1 AND a.closed_at IS NOT NULL",
    )
    .bind(position_id)
    .fetch_all(state.db.reader())
    .await?;
    for a in &attempts {
        score_and_store(state, &a.text("id")?, &run_id, Some(&keys)).await?;
    }
    let versions = [
        store::version(&state.db, &keys[0]).await?.map(|v| v.version).unwrap_or(0),
        store::version(&state.db, &keys[1]).await?.map(|v| v.version).unwrap_or(0),
    ];
    audit::record(
        state.db.writer(),
        state.now(),
        &Actor::Staff(viewer),
        Entry {
            action: "results.rescored",
            subject_type: "position",
            subject_id: Some(position_id),
            summary: format!(
                "Rescored {} attempt{} for {} with the keys of attitude version {} and skill version {}",
                attempts.len(),
                if attempts.len() == 1 { "" } else { "s" },
                p.text("title")?,
                versions[0],
                versions[1]
            ),
            reason: Some(reason),
        },
    )
    .await?;
    Ok((run_id, attempts.len()))
}
