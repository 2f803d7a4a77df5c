//! Cohorts: a programme run from a start date by one or more trainers with hired trainees.
//! HR sees and opens every cohort; a trainer sees only the cohorts they run. The cohort page
//! shows each trainee's status with the reasons behind it, weekly averages per competency and
//! a trend per trainee; the trainee page shows one person's grades, history and attendance.

use super::chart::Trend;
use super::progress::{Flag, Mark, Status};
use super::{ProgrammeView, TraineeProgress};
use crate::auth::Role;
use crate::error::AppError;
use crate::ui::{FieldError, FormError, Guarded, Kept, LoadError, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortSummary {
    pub id: String,
    pub name: String,
    pub programme: String,
    pub start: String,
    pub weeks: usize,
    /// 0 before the start; past `weeks` after the end.
    pub current_week: usize,
    pub trainers: Vec<String>,
    pub trainees: usize,
    pub at_risk: usize,
}

impl CohortSummary {
    pub fn phase(&self) -> String {
        if self.current_week == 0 {
            format!("Starts {}", self.start)
        } else if self.current_week > self.weeks {
            "Training finished".into()
        } else {
            format!("Week {} of {}", self.current_week, self.weeks)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekInfo {
    pub number: usize,
    pub title: String,
    pub dates: String,
    pub closed: bool,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetencyAverages {
    pub name: String,
    /// Average level across active trainees per week (None where it is not graded that week).
    pub per_week: Vec<Option<f64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortDetail {
    pub summary: CohortSummary,
    pub programme_id: String,
    pub version: i64,
    pub view: ProgrammeView,
    pub weeks: Vec<WeekInfo>,
    pub trainees: Vec<TraineeProgress>,
    pub averages: Vec<CompetencyAverages>,
    pub hr: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainerChoice {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewCohortOptions {
    pub programmes: Vec<(String, String)>,
    pub trainers: Vec<TrainerChoice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekRecord {
    pub number: usize,
    pub title: String,
    pub closed: bool,
    /// (competency name, level)
    pub grades: Vec<(String, Option<u8>)>,
    pub note: Option<String>,
    /// (day label, mark)
    pub days: Vec<(String, Option<Mark>)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeChange {
    pub week: usize,
    pub competency: String,
    pub old: Option<u8>,
    pub new: Option<u8>,
    pub by: String,
    pub at: String,
    pub correction: bool,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraineeDetail {
    pub cohort_id: String,
    pub cohort: String,
    pub email: String,
    pub progress: TraineeProgress,
    pub weeks: Vec<WeekRecord>,
    pub changes: Vec<GradeChange>,
    /// HR only: the screening report that got them hired.
    pub report: Option<String>,
    pub hr: bool,
}

#[server(prefix = "/api", endpoint = "cohorts/list")]
pub async fn list_cohorts() -> Result<Vec<CohortSummary>, AppError> {
    let viewer = crate::auth::guard::require::<ListCohorts>()?;
    let state = crate::state::app_state()?;
    server::summaries(&state, &viewer).await
}

#[server(prefix = "/api", endpoint = "cohorts/choices")]
pub async fn new_cohort_choices() -> Result<NewCohortOptions, AppError> {
    crate::auth::guard::require::<NewCohortChoices>()?;
    let state = crate::state::app_state()?;
    server::choices(&state).await
}

#[server(prefix = "/api", endpoint = "cohorts/create")]
pub async fn create_cohort(
    name: String,
    programme: String,
    start_date: String,
    trainer: Option<std::collections::HashMap<String, String>>,
) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<CreateCohort>()?;
    let state = crate::state::app_state()?;
    // Keys carry a letter before the id: a leading digit would read as a list index.
    let trainers: Vec<String> = trainer.unwrap_or_default().into_keys().filter_map(|k| k.strip_prefix('u').map(str::to_owned)).collect();
    let id = server::create(&state, &viewer, &name, &programme, &start_date, &trainers).await?;
    crate::ui::redirect_after(&format!("/cohorts/{id}?created=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "cohorts/get")]
pub async fn get_cohort(id: String) -> Result<CohortDetail, AppError> {
    let viewer = crate::auth::guard::require::<GetCohort>()?;
    let state = crate::state::app_state()?;
    server::detail(&state, &viewer, &id).await
}

#[server(prefix = "/api", endpoint = "cohorts/trainee")]
pub async fn get_trainee(id: String) -> Result<TraineeDetail, AppError> {
    let viewer = crate::auth::guard::require::<GetTrainee>()?;
    let state = crate::state::app_state()?;
    server::trainee_detail(&state, &viewer, &id).await
}

#[server(prefix = "/api", endpoint = "cohorts/trainee_left")]
pub async fn trainee_left(trainee_id: String, reason: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<TraineeLeft>()?;
    let state = crate::state::app_state()?;
    let cohort = server::mark_left(&state, &viewer, &trainee_id, &reason).await?;
    crate::ui::redirect_after(&format!("/cohorts/{cohort}/trainees/{trainee_id}?left=1"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::audit::{self, Actor, Entry};
    use crate::auth::Viewer;
    use crate::clock::format_utc;
    use crate::db::{new_id, RowExt};
    use crate::state::AppState;
    use crate::training::store::{self, date_label, day_label, Cohort};

    fn summary_of(cohort: &Cohort, now: i64, trainees: usize, at_risk: usize) -> CohortSummary {
        CohortSummary {
            id: cohort.id.clone(),
            name: cohort.name.clone(),
            programme: cohort.programme.title().to_string(),
            start: date_label(cohort.start),
            weeks: cohort.programme.weeks(),
            current_week: cohort.week_at(now),
            trainers: cohort.trainers.iter().map(|(_, n)| n.clone()).collect(),
            trainees,
            at_risk,
        }
    }

    /// Progress of every trainee in a cohort.
    pub async fn progress_of(state: &AppState, cohort: &Cohort) -> Result<Vec<TraineeProgress>, AppError> {
        let trainees = store::trainees(&state.db, &cohort.id).await?;
        let sheet = store::sheet(&state.db, &cohort.id, None).await?;
        Ok(trainees
            .iter()
            .map(|t| TraineeProgress {
                trainee_id: t.id.clone(),
                name: t.name.clone(),
                progress: store::assess(cohort, &sheet, t),
                left_reason: t.left_reason.clone(),
            })
            .collect())
    }

    /// A cohort's grades as CSV: one row per trainee, week and competency graded, with each
    /// trainee's status and overall grade. HR, or the cohort's own trainers.
    pub async fn grades_csv(state: &AppState, viewer: &Viewer, cohort_id: &str) -> Result<(String, String), AppError> {
        let cohort = store::cohort_for(&state.db, viewer, cohort_id).await?;
        let trainees = store::trainees(&state.db, &cohort.id).await?;
        let sheet = store::sheet(&state.db, &cohort.id, None).await?;
        let mut csv = crate::export::Csv::new(&["trainee", "email", "status", "overall", "week", "competency", "level"]);
        for t in &trainees {
            let progress = store::assess(&cohort, &sheet, t);
            let overall = progress.overall.map(|o| format!("{o:.2}")).unwrap_or_default();
            let mut cells: Vec<(&(usize, String), &u8)> = sheet.grades.get(&t.id).map(|g| g.iter().collect()).unwrap_or_default();
            cells.sort();
            for ((week, key), level) in cells {
                let name = cohort.programme.competency(key).map(|c| c.name.as_str()).unwrap_or(key.as_str());
                csv.row(&[&t.name, &t.email, progress.status.label(), &overall, &week.to_string(), name, &level.to_string()]);
            }
        }
        Ok((format!("grades-{}.csv", crate::export::slug(&cohort.name)), csv.finish()))
    }

    /// The cohorts a viewer may see: all for HR, their own for a trainer.
    pub async fn visible_ids(state: &AppState, viewer: &Viewer) -> Result<Vec<String>, AppError> {
        let rows = if viewer.has(Role::Hr) {
            sqlx::query("SELECT id FROM cohorts ORDER BY start_at DESC, id").fetch_all(state.db.reader()).await?
        } else {
            sqlx::query(
                "SELECT c.id FROM cohorts c JOIN cohort_trainers t ON t.cohort_id = c.id WHERE t.user_id = $1 ORDER BY c.start_at DESC, c.id",
            )
            .bind(&viewer.user_id)
            .fetch_all(state.db.reader())
            .await?
        };
        Ok(rows.iter().map(|r| r.text("id")).collect::<Result<_, _>>()?)
    }

    pub async fn summaries(state: &AppState, viewer: &Viewer) -> Result<Vec<CohortSummary>, AppError> {
        let now = state.now();
        let mut out = Vec::new();
        for id in visible_ids(state, viewer).await? {
            let cohort = store::load_cohort(&state.db, &id).await?;
            let progress = progress_of(state, &cohort).await?;
            let active = progress.iter().filter(|p| p.progress.status != Status::Left).count();
            let at_risk = progress.iter().filter(|p| matches!(p.progress.status, Status::AtRisk | Status::Failing)).count();
            out.push(summary_of(&cohort, now, active, at_risk));
        }
        Ok(out)
    }

    pub async fn choices(state: &AppState) -> Result<NewCohortOptions, AppError> {
        let programmes = sqlx::query("SELECT id, title FROM programmes ORDER BY LOWER(title)")
            .fetch_all(state.db.reader())
            .await?
            .iter()
            .map(|r| Ok((r.text("id")?, r.text("title")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let trainers = sqlx::query(
            "SELECT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id
             WHERE r.role = 'trainer' AND u.disabled_at IS NULL ORDER BY LOWER(u.name)",
        )
        .fetch_all(state.db.reader())
        .await?
        .iter()
        .map(|r| Ok(TrainerChoice { id: r.text("id")?, name: r.text("name")? }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(NewCohortOptions { programmes, trainers })
    }

    pub async fn create(
        state: &AppState,
        viewer: &Viewer,
        name: &str,
        programme_id: &str,
        start_date: &str,
        trainers: &[String],
    ) -> Result<String, AppError> {
        if let Some(why) = crate::text::refused_characters(name.trim()) {
            return Err(AppError::invalid("name", why));
        }
        let name = crate::text::tidy(name);
        if name.is_empty() || name.chars().count() > 120 {
            return Err(AppError::invalid("name", "Give the cohort a name of up to 120 characters."));
        }
        let start = crate::clock::parse_date(start_date).ok_or_else(|| AppError::invalid("start_date", "Enter the first training day as a date."))?;
        if !(2000..=2100).contains(&start.year()) {
            return Err(AppError::invalid("start_date", "Enter a start date between the years 2000 and 2100."));
        }
        let version = store::current(&state.db, programme_id).await?.ok_or_else(|| AppError::invalid("programme", "Choose the programme this cohort runs."))?;
        if trainers.is_empty() {
            return Err(AppError::invalid("trainers", "Choose at least one trainer."));
        }
        let allowed = choices(state).await?.trainers;
        if trainers.iter().any(|t| !allowed.iter().any(|a| a.id == *t)) {
            return Err(AppError::invalid("trainers", "Only active staff with the trainer role can run a cohort."));
        }
        let programme = store::parse_stored(&version.definition, &version.id)?;
        let now = state.now();
        let id = new_id().to_string();
        let mut tx = state.db.begin().await?;
        sqlx::query(
            "INSERT INTO cohorts (id, name, programme_version_id, start_date, start_at, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(&name)
        .bind(&version.id)
        .bind(start.to_string())
        .bind(crate::clock::start_millis(start))
        .bind(now)
        .bind(&viewer.user_id)
        .execute(&mut *tx)
        .await?;
        for t in trainers {
            sqlx::query("INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2)").bind(&id).bind(t).execute(&mut *tx).await?;
        }
        // From now on this version never changes; edits make the next one.
        sqlx::query("UPDATE programme_versions SET frozen_at = $2 WHERE id = $1 AND frozen_at IS NULL")
            .bind(&version.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "cohort.created",
                subject_type: "cohort",
                subject_id: Some(&id),
                summary: format!(
                    "Created the cohort {name}: {} version {}, starting {}",
                    programme.title(),
                    version.version,
                    date_label(start)
                ),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn detail(state: &AppState, viewer: &Viewer, id: &str) -> Result<CohortDetail, AppError> {
        let cohort = store::cohort_for(&state.db, viewer, id).await?;
        let now = state.now();
        let trainees = progress_of(state, &cohort).await?;
        let sheet = store::sheet(&state.db, &cohort.id, None).await?;
        let active: Vec<String> = store::trainees(&state.db, &cohort.id).await?.into_iter().filter(|t| !t.left).map(|t| t.id).collect();
        let view = ProgrammeView::from(&cohort.programme);
        let current = cohort.week_at(now);
        let weeks = view
            .weeks
            .iter()
            .map(|w| {
                let days = cohort.days_of(w.number);
                WeekInfo {
                    number: w.number,
                    title: w.title.clone(),
                    dates: format!("{} to {}", day_label(cohort.day_date(days.start)), day_label(cohort.day_date(days.end - 1))),
                    closed: cohort.is_closed(w.number),
                    current: w.number == current,
                }
            })
            .collect();
        let averages = view
            .competencies
            .iter()
            .map(|c| CompetencyAverages {
                name: c.name.clone(),
                per_week: view
                    .weeks
                    .iter()
                    .map(|w| {
                        if !w.competencies.contains(&c.key) {
                            return None;
                        }
                        let levels: Vec<f64> = active
                            .iter()
                            .filter_map(|t| sheet.grades.get(t).and_then(|g| g.get(&(w.number, c.key.clone()))).map(|l| *l as f64))
                            .collect();
                        (!levels.is_empty()).then(|| levels.iter().sum::<f64>() / levels.len() as f64)
                    })
                    .collect(),
            })
            .collect();
        let active_count = trainees.iter().filter(|p| p.progress.status != Status::Left).count();
        let at_risk = trainees.iter().filter(|p| matches!(p.progress.status, Status::AtRisk | Status::Failing)).count();
        Ok(CohortDetail {
            summary: summary_of(&cohort, now, active_count, at_risk),
            programme_id: cohort.programme_id.clone(),
            version: cohort.version,
            view,
            weeks,
            trainees,
            averages,
            hr: viewer.has(Role::Hr),
        })
    }

    /// The trainee and their cohort, if the viewer may see the cohort.
    pub async fn trainee_in_view(state: &AppState, viewer: &Viewer, trainee_id: &str) -> Result<(store::TraineeRow, Cohort), AppError> {
        let cohort_id = sqlx::query("SELECT cohort_id FROM trainees WHERE id = $1")
            .bind(trainee_id)
            .fetch_optional(state.db.reader())
            .await?
            .ok_or_else(|| AppError::not_found("That trainee"))?
            .text("cohort_id")?;
        let cohort = store::cohort_for(&state.db, viewer, &cohort_id).await.map_err(|_| AppError::not_found("That trainee"))?;
        let trainee = store::trainee(&state.db, trainee_id).await?.ok_or_else(|| AppError::not_found("That trainee"))?;
        Ok((trainee, cohort))
    }

    /// Week by week, what a trainee has: used by staff pages and the trainee's own page.
    pub fn week_records(cohort: &Cohort, sheet: &store::Sheet, trainee_id: &str, only_closed: bool) -> Vec<WeekRecord> {
        (1..=cohort.programme.weeks())
            .filter(|w| !only_closed || cohort.is_closed(*w))
            .map(|w| {
                let grades = cohort
                    .programme
                    .week_competencies(w)
                    .iter()
                    .map(|c| (c.name.clone(), sheet.grades.get(trainee_id).and_then(|g| g.get(&(w, c.key.clone()))).copied()))
                    .collect();
                let days = cohort
                    .days_of(w)
                    .map(|d| (day_label(cohort.day_date(d)), sheet.marks.get(trainee_id).and_then(|m| m.get(&d)).copied()))
                    .collect();
                WeekRecord {
                    number: w,
                    title: cohort.programme.file().weeks[w - 1].title.clone(),
                    closed: cohort.is_closed(w),
                    grades,
                    note: sheet.notes.get(trainee_id).and_then(|n| n.get(&w)).cloned(),
                    days,
                }
            })
            .collect()
    }

    pub async fn trainee_detail(state: &AppState, viewer: &Viewer, trainee_id: &str) -> Result<TraineeDetail, AppError> {
        let (trainee, cohort) = trainee_in_view(state, viewer, trainee_id).await?;
        let sheet = store::sheet(&state.db, &cohort.id, Some(trainee_id)).await?;
        let changes = sqlx::query(
            "SELECT h.week, h.competency, h.old_level, h.new_level, h.changed_at, h.correction, h.reason, u.name
             FROM grade_history h JOIN users u ON u.id = h.changed_by WHERE h.trainee_id = $1 ORDER BY h.changed_at DESC, h.id DESC",
        )
        .bind(trainee_id)
        .fetch_all(state.db.reader())
        .await?
        .iter()
        .map(|r| {
            let key = r.text("competency")?;
            Ok(GradeChange {
                week: r.int("week")? as usize,
                competency: cohort.programme.competency(&key).map(|c| c.name.clone()).unwrap_or(key),
                old: r.opt_int("old_level")?.map(|l| l as u8),
                new: r.opt_int("new_level")?.map(|l| l as u8),
                by: r.text("name")?,
                at: format_utc(r.int("changed_at")?),
                correction: r.flag("correction")?,
                reason: r.opt_text("reason")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let hr = viewer.has(Role::Hr);
        Ok(TraineeDetail {
            cohort_id: cohort.id.clone(),
            cohort: cohort.name.clone(),
            email: trainee.email.clone(),
            progress: TraineeProgress {
                trainee_id: trainee.id.clone(),
                name: trainee.name.clone(),
                progress: store::assess(&cohort, &sheet, &trainee),
                left_reason: trainee.left_reason.clone(),
            },
            weeks: week_records(&cohort, &sheet, trainee_id, false),
            changes,
            report: match (&trainee.position_id, &trainee.invitation_id, hr) {
                (Some(p), Some(i), true) => Some(format!("/positions/{p}/candidates/{i}")),
                _ => None,
            },
            hr,
        })
    }

    pub async fn mark_left(state: &AppState, viewer: &Viewer, trainee_id: &str, reason: &str) -> Result<String, AppError> {
        let reason = reason.trim();
        if reason.chars().count() < 3 || reason.chars().count() > 500 {
            return Err(AppError::invalid("reason", "Say why they left (up to 500 characters); it is kept on the record."));
        }
        let (trainee, cohort) = trainee_in_view(state, viewer, trainee_id).await?;
        if trainee.left {
            return Err(AppError::Conflict(format!("{} has already left the cohort.", trainee.name)));
        }
        let now = state.now();
        let mut tx = state.db.begin().await?;
        sqlx::query("UPDATE trainees SET left_at = $2, left_reason = $3 WHERE id = $1 AND left_at IS NULL")
            .bind(trainee_id)
            .bind(now)
            .bind(reason)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "trainee.left",
                subject_type: "trainee",
                subject_id: Some(trainee_id),
                summary: format!("{} left the cohort {}", trainee.name, cohort.name),
                reason: Some(reason),
            },
        )
        .await?;
        // An open Offer they have not answered is withdrawn, as the first entry of their Offer
        // record: a trainee's own answer racing this one finds that entry taken.
        if let Some(offer) = crate::offer::store::for_trainee(&state.db, trainee_id).await? {
            if now <= offer.deadline_at {
                let d = crate::offer::store::NewDecision {
                    trainee_id,
                    trainee_name: &trainee.name,
                    answer: crate::offer::Answer::Withdrawn,
                    source: crate::offer::Source::Left,
                    reason: Some(reason),
                    by: Some(viewer),
                };
                crate::offer::store::insert(&mut tx, now, &offer, 1, &d).await?;
            }
        }
        tx.commit().await?;
        Ok(cohort.id)
    }
}

#[component]
pub fn CohortsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_cohorts());
    let hr = crate::ui::current_viewer().map(|v| v.has(Role::Hr)).unwrap_or(false);
    view! {
        <Title text="Cohorts · Keepers"/>
        <Guarded roles=&[Role::Hr, Role::Trainer]>
            <div class="page-head">
                <h1>"Cohorts"</h1>
                <p class="muted">{if hr { "Every cohort in training." } else { "The cohorts you run." }}</p>
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <CohortList list=list hr=hr/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
            {hr.then(|| view! { <NewCohortPanel/> })}
        </Guarded>
    }
}

#[component]
pub fn CohortList(list: Vec<CohortSummary>, hr: bool) -> impl IntoView {
    if list.is_empty() {
        let text = if hr {
            "No cohorts yet. Create one below: choose a programme, a start date and its trainers, then enrol hired candidates from a position's results."
        } else {
            "You are not running a cohort yet. When HR assigns you to one, it appears here with its weekly grading grid."
        };
        return view! { <p class="empty">{text}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="stack">
                <caption class="visually-hidden">"Cohorts"</caption>
                <thead><tr>
                    <th scope="col">"Cohort"</th><th scope="col">"Programme"</th><th scope="col">"Where it is"</th>
                    <th scope="col">"Trainees"</th><th scope="col">"Need attention"</th><th scope="col">"Trainers"</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|c| view! {
                        <tr>
                            <td data-label="Cohort"><a href=format!("/cohorts/{}", c.id)>{c.name.clone()}</a></td>
                            <td data-label="Programme">{c.programme.clone()}</td>
                            <td data-label="Where it is">{c.phase()}</td>
                            <td data-label="Trainees">{c.trainees}</td>
                            <td data-label="Need attention">{if c.at_risk > 0 { view! { <span class="state state-failed">{c.at_risk}</span> }.into_any() } else { view! { <span>"0"</span> }.into_any() }}</td>
                            <td data-label="Trainers">{c.trainers.join(", ")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NewCohortPanel() -> impl IntoView {
    let choices = Resource::new(|| (), |_| new_cohort_choices());
    view! {
        <details class="panel disclosure" open={crate::ui::kept::refused_for_fn::<CreateCohort>().is_some()}>
            <summary>"Create a cohort"</summary>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match choices.await {
                        Ok(c) => view! { <NewCohortForm choices=c/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </details>
    }
}

#[component]
fn NewCohortForm(choices: NewCohortOptions) -> impl IntoView {
    let action = ServerAction::<CreateCohort>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    if choices.programmes.is_empty() {
        return view! { <p class="empty">"Add a training programme first: " <a href="/programmes">"Programmes"</a></p> }.into_any();
    }
    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["name", "programme", "start_date", "trainers"]/>
            <TextField kept=kept name="name" id="cohort-name" label="Name" required=true maxlength=120 placeholder="January cohort"/>
            <div class="field">
                <label for="cohort-programme">"Programme"</label>
                <select id="cohort-programme" name="programme" required aria-describedby="programme-error"
                    autofocus=kept.focus("programme") aria-invalid=kept.invalid("programme")>
                    {choices.programmes.into_iter().enumerate().map(|(i, (id, title))| {
                        let selected = kept.chose("programme", &id, i == 0);
                        view! { <option value=id selected=selected>{title}</option> }
                    }).collect_view()}
                </select>
                <FieldError error=error field="programme"/>
            </div>
            <TextField kept=kept name="start_date" id="cohort-start" label="First training day" kind="date" required=true/>
            <fieldset class="field" aria-describedby="trainers-error">
                <legend>"Trainers"</legend>
                {choices.trainers.into_iter().map(|t| {
                    let name = format!("trainer[u{}]", t.id);
                    let checked = kept.chose(&name, "on", false);
                    view! { <label class="check"><input type="checkbox" name=name value="on" checked=checked/><span>{t.name}</span></label> }
                }).collect_view()}
                <FieldError error=error field="trainers"/>
            </fieldset>
            <button type="submit" class="primary">"Create cohort"</button>
        </ActionForm>
    }
    .into_any()
}

fn level_text(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into())
}

fn percent_text(v: Option<f64>) -> String {
    v.map(|v| format!("{:.0}%", v * 100.0)).unwrap_or_else(|| "—".into())
}

#[component]
pub fn StatusTag(status: Status) -> impl IntoView {
    view! { <span class=format!("status-tag status-{}", status.slug())>{status.label()}</span> }
}

#[component]
pub fn FlagList(flags: Vec<Flag>) -> impl IntoView {
    (!flags.is_empty()).then(|| {
        view! { <ul class="flags">{flags.into_iter().map(|f| view! { <li>{f.reason()}</li> }).collect_view()}</ul> }
    })
}

#[component]
pub fn CohortPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let created = use_query_map().with_untracked(|q| q.get("created").is_some());
    let detail = Resource::new(move || id.clone(), get_cohort);
    view! {
        <Title text="Cohort · Keepers"/>
        <Guarded roles=&[Role::Hr, Role::Trainer]>
            <p><a href="/cohorts">"← All cohorts"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <CohortView detail=d created=created/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn CohortView(detail: CohortDetail, created: bool) -> impl IntoView {
    let s = detail.summary.clone();
    let cohort_id = s.id.clone();
    let weeks_total = detail.weeks.len();
    view! {
        <div class="page-head">
            <h1>{s.name.clone()}</h1>
            <p class="muted">{format!("{} (version {}) · starts {} · {} · trainers: {}", s.programme, detail.version, s.start, s.phase(), s.trainers.join(", "))}</p>
            <p>
                {detail.hr.then(|| view! { <a class="button secondary" href=format!("/cohorts/{}/offer", s.id)>"The Offer"</a>" " })}
                <a class="button secondary" href=format!("/cohorts/{}/grades.csv", s.id) download="">"Download grades (CSV)"</a>
            </p>
        </div>
        {created.then(|| view! {
            <p class="alert success" role="status">"The cohort is created. Enrol hired candidates from a position's results page: "<a href="/positions">"Positions"</a></p>
        })}
        <section class="panel">
            <h2>"Weeks"</h2>
            <ul class="week-links">
                {detail.weeks.iter().map(|w| view! {
                    <li class:current=w.current>
                        <a href=format!("/cohorts/{}/weeks/{}", cohort_id, w.number)>{format!("Week {}: {}", w.number, w.title)}</a>
                        <span class="muted small">{format!(" · {} · {}", w.dates, if w.closed { "closed" } else if w.current { "this week" } else { "open" })}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section>
            <h2>"Trainees"</h2>
            {if detail.trainees.is_empty() {
                view! { <p class="empty">{if detail.hr { "Nobody is enrolled yet. Enrol hired candidates from a position's results page." } else { "Nobody is enrolled yet." }}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="stack trainees">
                            <caption class="visually-hidden">"Trainees with status, the reasons for it, average and attendance"</caption>
                            <thead><tr>
                                <th scope="col">"Trainee"</th><th scope="col">"Status"</th><th scope="col">"Why"</th>
                                <th scope="col">"Average"</th><th scope="col">"Attendance"</th><th scope="col">"Week by week"</th>
                            </tr></thead>
                            <tbody>
                                {detail.trainees.iter().map(|t| view! {
                                    <tr>
                                        <td data-label="Trainee"><a href=format!("/cohorts/{}/trainees/{}", cohort_id, t.trainee_id)>{t.name.clone()}</a></td>
                                        <td data-label="Status"><StatusTag status=t.progress.status/></td>
                                        <td data-label="Why">
                                            <FlagList flags=t.progress.flags.clone()/>
                                            {t.left_reason.clone().map(|r| view! { <span class="muted small">{r}</span> })}
                                        </td>
                                        <td data-label="Average">{level_text(t.progress.overall)}</td>
                                        <td data-label="Attendance">{percent_text(t.progress.attendance)}</td>
                                        <td data-label="Week by week"><Trend scores=t.progress.week_scores.clone() name=t.name.clone() small=true/></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section class="panel">
            <h2>"Weekly averages per competency"</h2>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">"Average level of active trainees per competency and week; a dash where the competency is not graded that week"</caption>
                    <thead><tr>
                        <th scope="col">"Competency"</th>
                        {(1..=weeks_total).map(|w| view! { <th scope="col">{format!("Week {w}")}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {detail.averages.into_iter().map(|a| view! {
                            <tr>
                                <th scope="row">{a.name}</th>
                                {a.per_week.into_iter().map(|v| view! { <td>{level_text(v)}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <details class="panel disclosure">
            <summary>"The programme this cohort runs"</summary>
            <super::pages::ProgrammeOutline view=detail.view.clone()/>
        </details>
    }
}

#[component]
pub fn TraineePage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("trainee").unwrap_or_default());
    let left = use_query_map().with_untracked(|q| q.get("left").is_some());
    let detail = Resource::new(move || id.clone(), get_trainee);
    view! {
        <Title text="Trainee · Keepers"/>
        <Guarded roles=&[Role::Hr, Role::Trainer]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <TraineeView detail=d left=left/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

/// Grades, notes and attendance week by week (staff and the trainee see the same layout).
#[component]
pub fn WeekRecords(weeks: Vec<WeekRecord>) -> impl IntoView {
    weeks
        .into_iter()
        .map(|w| {
            let missed: Vec<String> = w
                .days
                .iter()
                .filter_map(|(day, mark)| match mark {
                    Some(m) if *m != Mark::Present => Some(format!("{day}: {}", m.label().to_lowercase())),
                    _ => None,
                })
                .collect();
            let recorded = w.days.iter().filter(|(_, m)| m.is_some()).count();
            view! {
                <section class="panel week-record">
                    <h3>{format!("Week {}: {}{}", w.number, w.title, if w.closed { "" } else { " (open)" })}</h3>
                    <ul class="stats">
                        {w.grades.into_iter().map(|(name, level)| view! {
                            <li><strong>{level.map(|l| l.to_string()).unwrap_or_else(|| "—".into())}</strong>" "{name}</li>
                        }).collect_view()}
                    </ul>
                    {w.note.map(|n| view! { <p class="note">"Trainer's note: “"{n}"”"</p> })}
                    <p class="muted small">{if recorded == 0 {
                        "No attendance recorded yet.".to_string()
                    } else if missed.is_empty() {
                        format!("Present every recorded day ({recorded}).")
                    } else {
                        format!("Attendance: {}.", missed.join("; "))
                    }}</p>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn TraineeView(detail: TraineeDetail, left: bool) -> impl IntoView {
    let p = detail.progress.clone();
    let action = ServerAction::<TraineeLeft>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let active = p.progress.status != Status::Left;
    view! {
        <p><a href=format!("/cohorts/{}", detail.cohort_id)>"← " {detail.cohort.clone()}</a></p>
        <div class="page-head">
            <h1>{p.name.clone()}</h1>
            <p class="muted">{detail.email.clone()}" · "<StatusTag status=p.progress.status/></p>
        </div>
        {left.then(|| view! { <p class="alert success" role="status">"Recorded: they have left the cohort."</p> })}
        <section class="panel">
            <h2>"Progress"</h2>
            <ul class="stats">
                <li><strong>{level_text(p.progress.overall)}</strong>" average"</li>
                <li><strong>{percent_text(p.progress.attendance)}</strong>" attendance"</li>
            </ul>
            <FlagList flags=p.progress.flags.clone()/>
            {p.left_reason.clone().map(|r| view! { <p>"Left: "{r}</p> })}
            <Trend scores=p.progress.week_scores.clone() name=p.name.clone() small=false/>
            {detail.report.clone().map(|r| view! { <p><a href=r>"The screening report that got them hired"</a></p> })}
        </section>
        <WeekRecords weeks=detail.weeks.clone()/>
        <section class="panel">
            <h2>"Grade history"</h2>
            {if detail.changes.is_empty() {
                view! { <p class="empty">"No grades yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="history">
                        {detail.changes.iter().map(|c| {
                            let level = |l: Option<u8>| l.map(|l| l.to_string()).unwrap_or_else(|| "none".into());
                            view! {
                                <li>
                                    {c.correction.then(|| view! { <span class="tag">"Correction"</span>" " })}
                                    <strong>{format!("Week {} · {}: {} → {}", c.week, c.competency, level(c.old), level(c.new))}</strong>
                                    {format!(" · {} · {}", c.by, c.at)}
                                    {c.reason.clone().map(|r| view! { <br/><span>{r}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        {(detail.hr && active).then(|| view! {
            <details class="panel disclosure" open=kept.was_refused()>
                <summary>"They have left the cohort"</summary>
                <ActionForm action=action>
                    <FormError error=error fields=&["reason"]/>
                    <input type="hidden" name="trainee_id" value=p.trainee_id.clone()/>
                    <TextField kept=kept name="reason" id="left-reason" label="Why (kept on the record)" required=true maxlength=500/>
                    <button type="submit" class="danger">"Record that they left"</button>
                </ActionForm>
            </details>
        })}
    }
}
