//! The grading queue: written replies wait here for HR or a trainer to grade them on the
//! rubric, blind to the candidate's name. Each grade records who graded and when; a position can
//! ask for a second grader, and a report shows where two graders disagree.

use crate::auth::Role;
use crate::error::AppError;
use crate::ui::{FieldError, FormError, Guarded, Kept, LoadError, TextArea};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

mod keys;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub attempt_id: String,
    pub item_ref: String,
    /// A name for the reply that does not reveal the candidate.
    pub label: String,
    pub position: String,
    pub closed: String,
    /// When the attempt closed: the queue's order, oldest first.
    pub closed_at: i64,
    pub grades: i64,
    pub wanted: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriterionView {
    pub key: String,
    pub name: String,
    pub levels: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeSheet {
    pub attempt_id: String,
    pub item_ref: String,
    pub label: String,
    pub position: String,
    pub customer_message: String,
    pub instructions: String,
    pub reply: String,
    pub words: usize,
    pub max_words: u32,
    pub criteria: Vec<CriterionView>,
    pub grades_so_far: i64,
    /// How many grades the position asks for.
    pub wanted: i64,
    pub graded_by_me: bool,
    /// Replies waiting for this grader besides this one.
    pub others_waiting: usize,
}

/// "Reply 4F2A9C": stable for an attempt and reply, and says nothing about the person.
pub fn blind_label(attempt_id: &str, item_ref: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for b in attempt_id.bytes().chain(item_ref.bytes()) {
        hash ^= b as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("Reply {:06X}", hash & 0xFF_FFFF)
}

#[server(prefix = "/api", endpoint = "grading/queue")]
pub async fn grading_queue() -> Result<Vec<QueueItem>, AppError> {
    let viewer = crate::auth::guard::require::<GradingQueue>()?;
    let state = crate::state::app_state()?;
    server::queue(&state, &viewer).await
}

#[server(prefix = "/api", endpoint = "grading/sheet")]
pub async fn load_grade_sheet(attempt_id: String, item_ref: String) -> Result<GradeSheet, AppError> {
    let viewer = crate::auth::guard::require::<LoadGradeSheet>()?;
    let state = crate::state::app_state()?;
    server::sheet(&state, &viewer, &attempt_id, &item_ref).await
}

#[server(prefix = "/api", endpoint = "grading/submit")]
pub async fn submit_grade(
    attempt_id: String,
    item_ref: String,
    l: Option<HashMap<String, String>>,
    comment: String,
    reason: Option<String>,
    then: Option<String>,
) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<SubmitGrade>()?;
    let state = crate::state::app_state()?;
    server::record(&state, &viewer, &attempt_id, &item_ref, &l.unwrap_or_default(), &comment, reason.as_deref().unwrap_or_default()).await?;
    // "Save and next" goes on to the reply after this one in the queue's order (the one just
    // graded has left it), round to the oldest at the end; the queue when none is left or when
    // the grader asked for it.
    let next = match then.as_deref() {
        Some("queue") => None,
        _ => server::after(&state, &viewer, &attempt_id, &item_ref).await?,
    };
    match next {
        Some(n) => crate::ui::redirect_after(&format!("/grading/{}/{}?saved=1", n.attempt_id, n.item_ref)),
        None => crate::ui::redirect_after("/grading?graded=1"),
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::attempt::answer::Response;
    use crate::attempt::plan::Plan;
    use crate::audit::{self, Actor, Entry};
    use crate::auth::Viewer;
    use crate::clock::format_utc;
    use crate::db::{new_id, RowExt};
    use crate::screening::definition::{Item, Written};
    use crate::error::internal;
    use crate::state::AppState;

    /// Whether `viewer` grades the position an attempt belongs to: HR grade every position; a
    /// trainer grades the positions HR named them for.
    pub async fn may_grade(state: &AppState, viewer: &Viewer, attempt_id: &str) -> Result<bool, AppError> {
        if viewer.has(crate::auth::Role::Hr) {
            return Ok(true);
        }
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM attempts t JOIN invitations i ON i.id = t.invitation_id
             JOIN position_graders g ON g.position_id = i.position_id AND g.user_id = $2 WHERE t.id = $1",
        )
        .bind(attempt_id)
        .bind(&viewer.user_id)
        .fetch_one(state.db.reader())
        .await?;
        Ok(row.int("n")? > 0)
    }

    /// The reply waiting for `viewer` that comes after this one in the queue's order (closing
    /// time, then attempt and item), or the first waiting if none comes after.
    pub async fn after(state: &AppState, viewer: &Viewer, attempt_id: &str, item_ref: &str) -> Result<Option<QueueItem>, AppError> {
        let closed = sqlx::query("SELECT closed_at FROM attempts WHERE id = $1").bind(attempt_id).fetch_optional(state.db.reader()).await?;
        let here = match closed {
            Some(r) => Some((r.opt_int("closed_at")?.unwrap_or(0), attempt_id.to_string(), item_ref.to_string())),
            None => None,
        };
        let waiting = queue(state, viewer).await?;
        let later = here.and_then(|here| waiting.iter().position(|q| (q.closed_at, q.attempt_id.clone(), q.item_ref.clone()) > here));
        Ok(match later {
            Some(i) => waiting.into_iter().nth(i),
            None => waiting.into_iter().next(),
        })
    }

    pub async fn queue(state: &AppState, viewer: &Viewer) -> Result<Vec<QueueItem>, AppError> {
        let me = viewer.user_id.as_str();
        let everyone = viewer.has(crate::auth::Role::Hr);
        let rows = sqlx::query(
            "SELECT t.id AS attempt_id, an.item_ref, an.response, t.closed_at, p.title, p.double_grading,
                    (SELECT COUNT(*) FROM grades g WHERE g.attempt_id = t.id AND g.item_ref = an.item_ref) AS graded,
                    (SELECT COUNT(*) FROM grades g WHERE g.attempt_id = t.id AND g.item_ref = an.item_ref AND g.grader_id = $1) AS mine
             FROM answers an
             JOIN attempts t ON t.id = an.attempt_id
             JOIN invitations i ON i.id = t.invitation_id
             JOIN positions p ON p.id = i.position_id
             WHERE t.closed_at IS NOT NULL AND an.response LIKE '{\"text\":%'
               AND ($2 = 1 OR EXISTS (SELECT 1 FROM position_graders pg WHERE pg.position_id = p.id AND pg.user_id = $1))
             ORDER BY t.closed_at, t.id, an.item_ref",
        )
        .bind(me)
        .bind(everyone as i64)
        .fetch_all(state.db.reader())
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let wanted = if r.flag("double_grading")? { 2 } else { 1 };
            let graded = r.int("graded")?;
            let text_empty = matches!(serde_json::from_str::<Response>(&r.text("response")?), Ok(Response::Text(t)) if t.trim().is_empty());
            if graded >= wanted || r.int("mine")? > 0 || text_empty {
                continue;
            }
            let (attempt_id, item_ref) = (r.text("attempt_id")?, r.text("item_ref")?);
            out.push(QueueItem {
                label: blind_label(&attempt_id, &item_ref),
                attempt_id,
                item_ref,
                position: r.text("title")?,
                closed: format_utc(r.int("closed_at")?),
                closed_at: r.int("closed_at")?,
                grades: graded,
                wanted,
            });
        }
        Ok(out)
    }

    /// The written item an answer belongs to, from the version the candidate took.
    async fn written_item(state: &AppState, attempt_id: &str, item_ref: &str) -> Result<(Written, String, String), AppError> {
        let row = sqlx::query(
            "SELECT t.plan, t.attitude_version_id, t.skill_version_id, t.closed_at, p.title, an.response
             FROM attempts t JOIN invitations i ON i.id = t.invitation_id JOIN positions p ON p.id = i.position_id
             JOIN answers an ON an.attempt_id = t.id AND an.item_ref = $2
             WHERE t.id = $1",
        )
        .bind(attempt_id)
        .bind(item_ref)
        .fetch_optional(state.db.reader())
        .await?
        .ok_or_else(|| AppError::not_found("That reply"))?;
        if row.opt_int("closed_at")?.is_none() {
            return Err(AppError::Conflict("This screening is still being taken; grade it once it is submitted.".into()));
        }
        let plan: Plan = serde_json::from_str(&row.text("plan")?).map_err(internal)?;
        let (index, key) = item_ref.split_once(':').ok_or_else(|| AppError::not_found("That reply"))?;
        let index: usize = index.parse().map_err(|_| AppError::not_found("That reply"))?;
        let planned = plan.sections.get(index).ok_or_else(|| AppError::not_found("That reply"))?;
        let version = if planned.part == 0 { row.text("attitude_version_id")? } else { row.text("skill_version_id")? };
        let screening = state.screenings.load(&state.db, &version).await?;
        let item = screening
            .section(&planned.section_key)
            .and_then(|s| s.items.iter().find(|i| i.key() == key))
            .ok_or_else(|| AppError::not_found("That reply"))?;
        let Item::Written(w) = item else { return Err(AppError::not_found("That reply")) };
        let reply = match serde_json::from_str::<Response>(&row.text("response")?) {
            Ok(Response::Text(t)) => t,
            _ => String::new(),
        };
        Ok((w.clone(), reply, row.text("title")?))
    }

    /// How many grades a reply of this attempt takes: two where the position asks for a second
    /// grader, else one.
    async fn grades_wanted<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, attempt_id: &str) -> Result<i64, AppError> {
        let double = sqlx::query(
            "SELECT p.double_grading FROM attempts t JOIN invitations i ON i.id = t.invitation_id JOIN positions p ON p.id = i.position_id WHERE t.id = $1",
        )
        .bind(attempt_id)
        .fetch_one(exec)
        .await?
        .flag("double_grading")?;
        Ok(if double { 2 } else { 1 })
    }

    pub async fn sheet(state: &AppState, viewer: &Viewer, attempt_id: &str, item_ref: &str) -> Result<GradeSheet, AppError> {
        if !may_grade(state, viewer, attempt_id).await? {
            return Err(AppError::Forbidden);
        }
        let me = viewer.user_id.as_str();
        let (item, reply, position) = written_item(state, attempt_id, item_ref).await?;
        let others_waiting =
            queue(state, viewer).await?.iter().filter(|q| !(q.attempt_id == attempt_id && q.item_ref == item_ref)).count();
        let wanted = grades_wanted(state.db.reader(), attempt_id).await?;
        let counts = sqlx::query(
            "SELECT COUNT(*) AS n, SUM(CASE WHEN grader_id = $3 THEN 1 ELSE 0 END) AS mine FROM grades WHERE attempt_id = $1 AND item_ref = $2",
        )
        .bind(attempt_id)
        .bind(item_ref)
        .bind(me)
        .fetch_one(state.db.reader())
        .await?;
        Ok(GradeSheet {
            attempt_id: attempt_id.to_string(),
            item_ref: item_ref.to_string(),
            label: blind_label(attempt_id, item_ref),
            position,
            customer_message: item.customer_message.clone(),
            instructions: item.instructions.clone(),
            words: reply.split_whitespace().count(),
            reply,
            max_words: item.max_words,
            criteria: item.rubric.iter().map(|c| CriterionView { key: c.key.clone(), name: c.name.clone(), levels: c.levels.clone() }).collect(),
            grades_so_far: counts.int("n")?,
            wanted,
            graded_by_me: counts.opt_int("mine")?.unwrap_or(0) > 0,
            others_waiting,
        })
    }

    /// Records a grade. A reply takes the number of grades its position asks for (one, or two);
    /// a grader who has graded it may change their grade only as a regrade with a reason, which
    /// keeps the grade it replaces.
    #[allow(clippy::too_many_arguments)]
    pub async fn record(
        state: &AppState,
        viewer: &Viewer,
        attempt_id: &str,
        item_ref: &str,
        fields: &HashMap<String, String>,
        comment: &str,
        reason: &str,
    ) -> Result<(), AppError> {
        if !may_grade(state, viewer, attempt_id).await? {
            return Err(AppError::Forbidden);
        }
        let (item, _, _) = written_item(state, attempt_id, item_ref).await?;
        let mut levels = HashMap::new();
        for c in &item.rubric {
            let level = fields
                .get(&format!("c_{}", c.key))
                .and_then(|v| v.trim().parse::<u8>().ok())
                .filter(|l| *l >= 1 && (*l as usize) <= c.levels.len())
                .ok_or_else(|| AppError::invalid("levels", format!("Choose a level for “{}”.", c.name)))?;
            levels.insert(c.key.clone(), level);
        }
        let comment = comment.trim();
        if comment.chars().count() > 2_000 {
            return Err(AppError::invalid("comment", "Keep the comment under 2,000 characters."));
        }
        let reason = reason.trim();
        if reason.chars().count() > 2_000 {
            return Err(AppError::invalid("reason", "Keep the reason under 2,000 characters."));
        }
        let levels_json = serde_json::to_string(&levels).map_err(internal)?;
        let now = state.now();
        let mut tx = state.db.begin().await?;
        let wanted = grades_wanted(&mut *tx, attempt_id).await? as usize;
        let existing = sqlx::query("SELECT id, grader_id FROM grades WHERE attempt_id = $1 AND item_ref = $2 ORDER BY graded_at, id")
            .bind(attempt_id)
            .bind(item_ref)
            .fetch_all(&mut *tx)
            .await?;
        let mine = existing.iter().find(|g| g.text("grader_id").ok().as_deref() == Some(viewer.user_id.as_str()));
        if let Some(own) = mine {
            // A change of one's own grade: a regrade, with its reason, the old grade kept.
            if reason.chars().count() < 3 {
                return Err(AppError::invalid(
                    "reason",
                    "You have graded this reply already. To change your grade, write why: the change is recorded, and a decision made on the old grade is marked.",
                ));
            }
            let grade_id = own.text("id")?;
            sqlx::query(
                "INSERT INTO grade_revisions (grade_id, levels, comment, graded_at, replaced_at, reason)
                 SELECT id, levels, comment, graded_at, $2, $3 FROM grades WHERE id = $1",
            )
            .bind(&grade_id)
            .bind(now)
            .bind(reason)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE grades SET levels = $2, comment = $3, graded_at = $4 WHERE id = $1")
                .bind(&grade_id)
                .bind(&levels_json)
                .bind(comment)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        } else {
            if existing.len() >= wanted {
                return Err(AppError::Conflict(format!(
                    "This reply already has the {} it needs, so no further grade is taken. A grader can change their own grade, with a reason.",
                    if wanted == 1 { "grade" } else { "two grades" }
                )));
            }
            // The unique key stops the same grader twice; a concurrent second grader past the
            // count is caught by re-counting inside this transaction before commit.
            sqlx::query(
                "INSERT INTO grades (id, attempt_id, item_ref, grader_id, levels, comment, graded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(new_id().to_string())
            .bind(attempt_id)
            .bind(item_ref)
            .bind(&viewer.user_id)
            .bind(&levels_json)
            .bind(comment)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(d) if d.is_unique_violation() => {
                    AppError::Conflict("You have already graded this reply; a second grade must come from someone else.".into())
                }
                other => AppError::from(other),
            })?;
            let count = sqlx::query("SELECT COUNT(*) AS n FROM grades WHERE attempt_id = $1 AND item_ref = $2")
                .bind(attempt_id)
                .bind(item_ref)
                .fetch_one(&mut *tx)
                .await?
                .int("n")?;
            if count > wanted as i64 {
                tx.rollback().await?;
                return Err(AppError::Conflict("Someone else graded this reply a moment ago; it has the grades it needs.".into()));
            }
        }
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: if mine.is_some() { "grading.regraded" } else { "grading.graded" },
                subject_type: "attempt",
                subject_id: Some(attempt_id),
                summary: format!("{} {}", if mine.is_some() { "Regraded" } else { "Graded" }, blind_label(attempt_id, item_ref)),
                reason: (mine.is_some()).then_some(reason),
            },
        )
        .await?;
        tx.commit().await?;
        crate::scoring::engine::rescore_in_place(state, attempt_id).await?;
        Ok(())
    }
}

#[component]
pub fn GradingPage() -> impl IntoView {
    let queue = Resource::new(|| (), |_| grading_queue());
    let graded = use_query_map().with_untracked(|q| q.get("graded").is_some());
    view! {
        <Title text="Grading · Keepers"/>
        <Guarded roles=&[Role::Hr, Role::Trainer]>
            <div class="page-head">
                <h1>"Grading"</h1>
                <p class="muted">"Written replies waiting for a grade, oldest first. Replies are shown without the candidate's name."</p>
            </div>
            {graded.then(|| view! { <p class="alert success" role="status">"Grade saved. Thank you."</p> })}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">"Nothing to grade. Replies appear here when candidates submit their screenings."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="queue">
                                {list.into_iter().map(|q| view! {
                                    <li class="panel">
                                        <a href=format!("/grading/{}/{}", q.attempt_id, q.item_ref)>{q.label.clone()}</a>
                                        <span class="muted">{format!(" · {} · submitted {}", q.position, q.closed)}</span>
                                        {(q.grades > 0).then(|| view! { <span class="tag">"Needs a second grade"</span> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
pub fn GradeReplyPage() -> impl IntoView {
    let params = use_params_map();
    let (attempt, item) = params.with_untracked(|p| (p.get("attempt").unwrap_or_default(), p.get("item").unwrap_or_default()));
    let saved = use_query_map().with_untracked(|q| q.get("saved").is_some());
    let sheet = Resource::new(move || (attempt.clone(), item.clone()), |(a, i)| load_grade_sheet(a, i));
    view! {
        <Title text="Grade a reply · Keepers"/>
        <Guarded roles=&[Role::Hr, Role::Trainer]>
            <p><a href="/grading">"← Grading queue"</a></p>
            {saved.then(|| view! { <p class="alert success" role="status">"Grade saved. Thank you. Here is the next reply."</p> })}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match sheet.await {
                        Ok(s) => view! { <GradeForm sheet=s/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

/// "2 more replies wait for you after this one."
fn waiting_text(others: usize) -> String {
    match others {
        0 => "This is the last reply waiting for you.".to_string(),
        1 => "1 more reply waits for you after this one.".to_string(),
        n => format!("{n} more replies wait for you after this one."),
    }
}

/// The reply on one side and the rubric on the other on a wide screen (stacked on a phone),
/// so the grader reads and grades without scrolling between them.
#[component]
fn GradeForm(sheet: GradeSheet) -> impl IntoView {
    let action = ServerAction::<SubmitGrade>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let can_grade = sheet.graded_by_me || sheet.grades_so_far < sheet.wanted;
    let regrade = sheet.graded_by_me;
    view! {
        <div class="page-head">
            <h1>{sheet.label.clone()}</h1>
            <p class="muted">{format!("{} · {} words (limit {}) · {}", sheet.position, sheet.words, sheet.max_words, waiting_text(sheet.others_waiting))}</p>
        </div>
        {(sheet.grades_so_far > 0 && !sheet.graded_by_me).then(|| view! {
            <p class="alert info">"Another grader has graded this reply. Grade it independently: their grade is not shown until yours is saved."</p>
        })}
        <div class="grade-layout">
            <div class="grade-reply" role="region" aria-label="The reply" tabindex="0">
                <section class="panel">
                    <h2>"The customer wrote"</h2>
                    <blockquote class="customer-message">{sheet.customer_message.clone()}</blockquote>
                    {(!sheet.instructions.is_empty()).then(|| view! {
                        <details class="disclosure"><summary>"What the candidate was told"</summary><p class="preview-text">{sheet.instructions.clone()}</p></details>
                    })}
                </section>
                <section class="panel">
                    <h2>"The candidate replied"</h2>
                    <div class="reply">{sheet.reply.clone()}</div>
                </section>
            </div>
            <div class="grade-rubric">
                {if !can_grade {
                    view! { <p class="alert info">"This reply has the grades it needs. Its graders can change their own grades, with a reason."</p> }.into_any()
                } else {
                    view! {
                        {regrade.then(|| view! {
                            <p class="alert info">"You have graded this reply. You can change your grade below: write why, because the change is recorded and a decision made on your earlier grade is marked as made on evidence that has since changed."</p>
                        })}
                        <section class="panel" aria-labelledby="rubric-title">
                            <h2 id="rubric-title">"Rubric"</h2>
                            <keys::LevelKeys/>
                            <ActionForm action=action>
                                <FormError error=error fields=&["comment", "levels", "reason"]/>
                                <input type="hidden" name="attempt_id" value=sheet.attempt_id.clone()/>
                                <input type="hidden" name="item_ref" value=sheet.item_ref.clone()/>
                                {sheet.criteria.iter().enumerate().map(|(n, c)| {
                                    let field = format!("c_{}", c.key);
                                    view! {
                                        <fieldset class="item rubric">
                                            <legend>{c.name.clone()}</legend>
                                            {c.levels.iter().enumerate().map(|(i, d)| {
                                                let id = format!("{}-{}", field, i + 1);
                                                let label_for = id.clone();
                                                let name = format!("l[{field}]");
                                                let value = (i + 1).to_string();
                                                let checked = kept.chose(&name, &value, false);
                                                let focus = n == 0 && i == 0 && kept.focus("levels");
                                                view! {
                                                    <label class="option" for=label_for>
                                                        <input type="radio" id=id name=name value=value required checked=checked autofocus=focus/>
                                                        <span><strong>{format!("{} · ", i + 1)}</strong>{d.clone()}</span>
                                                    </label>
                                                }
                                            }).collect_view()}
                                        </fieldset>
                                    }
                                }).collect_view()}
                                <FieldError error=error field="levels"/>
                                <TextArea kept=kept name="comment" label="Comment for the hiring team" rows=3 maxlength=2000/>
                                {regrade.then(|| view! {
                                    <TextArea kept=kept name="reason" id="regrade-reason" label="Why you are changing your grade" rows=2 required=true maxlength=2000/>
                                })}
                                <div class="actions">
                                    <button type="submit" name="then" value="next" class="primary">
                                        {if regrade { "Save the new grade and go to the next" } else { "Save and next" }}
                                    </button>
                                    " "
                                    <button type="submit" name="then" value="queue" class="secondary">"Save and back to the queue"</button>
                                </div>
                            </ActionForm>
                        </section>
                    }.into_any()
                }}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn blind_labels_are_stable_and_do_not_echo_ids() {
        let a = super::blind_label("01a2-attempt", "4:reply-1");
        assert_eq!(a, super::blind_label("01a2-attempt", "4:reply-1"));
        assert_ne!(a, super::blind_label("01a2-attempt-2", "4:reply-1"));
        assert!(a.starts_with("Reply ") && a.len() == 12);
    }
}
