//! Cohorts: a programme run from a start date by one or more trainers with hired trainees.
//! HR sees and opens every cohort; a trainer sees only the cohorts they run. The rules and
//! audit entries of creating a cohort and of a trainee leaving, and the figures the cohort and
//! trainee pages show (each trainee's status, weekly averages per competency).

use super::progress::Status;
use super::store::{self, date_label, day_label, Cohort, NewCohort};
use super::types::{CohortDetail, CohortSummary, CompetencyAverages, NewCohortOptions, ProgrammeView, TraineeDetail, TraineeProgress, WeekInfo, WeekRecord};
use crate::audit::{self, Actor, Entry};
use crate::auth::{Role, Viewer};
use crate::db::{new_id, Db};
use crate::error::AppError;
use crate::state::AppState;

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
#[tracing::instrument(skip(state, viewer), fields(user = %viewer.user_id))]
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
    store::newest_first(&state.db, (!viewer.has(Role::Hr)).then_some(viewer.user_id.as_str())).await
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

pub async fn choices(db: &Db) -> Result<NewCohortOptions, AppError> {
    Ok(NewCohortOptions { programmes: store::programme_choices(db).await?, trainers: store::trainer_choices(db).await? })
}

#[tracing::instrument(skip(state, viewer, name, trainers), fields(user = %viewer.user_id, trainers = trainers.len()))]
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
    let allowed = store::trainer_choices(&state.db).await?;
    if trainers.iter().any(|t| !allowed.iter().any(|a| a.id == *t)) {
        return Err(AppError::invalid("trainers", "Only active staff with the trainer role can run a cohort."));
    }
    let programme = store::parse_stored(&version.definition, &version.id)?;
    let now = state.now();
    let id = new_id().to_string();
    let mut tx = state.db.begin().await?;
    let cohort = NewCohort { id: &id, name: &name, version_id: &version.id, start_date: start, trainers, by: &viewer.user_id };
    store::insert_cohort(&mut tx, &cohort, now).await?;
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

#[tracing::instrument(skip(state, viewer), fields(user = %viewer.user_id))]
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
    let cohort_id = store::cohort_of_trainee(&state.db, trainee_id).await?.ok_or_else(|| AppError::not_found("That trainee"))?;
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

#[tracing::instrument(skip(state, viewer), fields(user = %viewer.user_id))]
pub async fn trainee_detail(state: &AppState, viewer: &Viewer, trainee_id: &str) -> Result<TraineeDetail, AppError> {
    let (trainee, cohort) = trainee_in_view(state, viewer, trainee_id).await?;
    let sheet = store::sheet(&state.db, &cohort.id, Some(trainee_id)).await?;
    let mut changes = store::grade_changes(&state.db, trainee_id).await?;
    for c in &mut changes {
        if let Some(competency) = cohort.programme.competency(&c.competency) {
            c.competency = competency.name.clone();
        }
    }
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

#[tracing::instrument(skip(state, viewer, reason), fields(user = %viewer.user_id))]
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
    store::set_left(&mut tx, trainee_id, reason, now).await?;
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
