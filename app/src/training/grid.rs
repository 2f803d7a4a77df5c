//! The weekly grid's rules: which cells a week has, what a cell may hold, that a closed week
//! changes only by a correction with a reason, and the audit entries of saving, correcting and
//! closing. Every grade change keeps who, when, old and new (`store::set_grade`).

use super::progress::Mark;
use super::store::{self, day_label, Cohort, Grade, TraineeRow};
use super::types::{CompetencyView, Field, GridRow, WeekGrid};
use crate::audit::{self, Actor, Entry};
use crate::auth::Viewer;
use crate::error::AppError;
use crate::state::AppState;

const MAX_NOTE: usize = 2_000;

fn check_week(cohort: &Cohort, week: usize) -> Result<(), AppError> {
    if week == 0 || week > cohort.programme.weeks() {
        return Err(AppError::not_found(format!("Week {week} of this cohort")));
    }
    Ok(())
}

#[tracing::instrument(skip(state, viewer), fields(user = %viewer.user_id))]
pub async fn grid(state: &AppState, viewer: &Viewer, cohort_id: &str, week: usize) -> Result<WeekGrid, AppError> {
    let cohort = store::cohort_for(&state.db, viewer, cohort_id).await?;
    check_week(&cohort, week)?;
    let trainees = store::trainees(&state.db, cohort_id).await?;
    let sheet = store::sheet(&state.db, cohort_id, None).await?;
    let competencies: Vec<CompetencyView> = cohort
        .programme
        .week_competencies(week)
        .into_iter()
        .map(|c| CompetencyView { key: c.key.clone(), name: c.name.clone(), weight: c.weight, pass: c.pass, levels: c.levels.clone() })
        .collect();
    let days: Vec<(usize, String)> = cohort.days_of(week).map(|d| (d, day_label(cohort.day_date(d)))).collect();
    let rows: Vec<GridRow> = trainees
        .iter()
        .map(|t| GridRow {
            trainee_id: t.id.clone(),
            name: t.name.clone(),
            left: t.left,
            grades: competencies.iter().map(|c| sheet.grades.get(&t.id).and_then(|g| g.get(&(week, c.key.clone()))).copied()).collect(),
            marks: days.iter().map(|(d, _)| sheet.marks.get(&t.id).and_then(|m| m.get(d)).copied()).collect(),
            note: sheet.notes.get(&t.id).and_then(|n| n.get(&week)).cloned().unwrap_or_default(),
        })
        .collect();
    let missing = rows.iter().filter(|r| !r.left).map(|r| r.grades.iter().filter(|g| g.is_none()).count()).sum();
    let closed = store::closed_note(&state.db, cohort_id, week).await?;
    let w = &cohort.programme.file().weeks[week - 1];
    Ok(WeekGrid {
        cohort_id: cohort.id.clone(),
        cohort: cohort.name.clone(),
        week,
        weeks: cohort.programme.weeks(),
        title: w.title.clone(),
        focus: w.focus.clone(),
        closed,
        competencies,
        days,
        rows,
        missing,
    })
}

/// A cell checked against the cohort's programme and week.
enum Cell {
    Grade { key: String, level: Option<u8> },
    Attendance { day: usize, mark: Option<Mark> },
    Note(String),
}

fn parse_cell(cohort: &Cohort, week: usize, trainee: &TraineeRow, field: &str, value: &str) -> Result<Cell, AppError> {
    let field = Field::parse(field).ok_or_else(|| AppError::invalid("field", "That is not a cell of this grid."))?;
    let value = value.trim();
    match field {
        Field::Grade(key) => {
            let Some(c) = cohort.programme.week_competencies(week).into_iter().find(|c| c.key == key) else {
                return Err(AppError::invalid("field", format!("That competency is not graded in week {week}.")));
            };
            let level = match value {
                "" => None,
                v => Some(v.parse::<u8>().ok().filter(|l| (1..=5).contains(l)).ok_or_else(|| {
                    AppError::invalid("value", format!("Grade {} for {} with a level from 1 to 5.", c.name, trainee.name))
                })?),
            };
            Ok(Cell::Grade { key, level })
        }
        Field::Attendance(day) => {
            if !cohort.days_of(week).contains(&day) {
                return Err(AppError::invalid("field", format!("That day is not in week {week}.")));
            }
            let mark = match value {
                "" => None,
                v => Some(Mark::parse(v).ok_or_else(|| AppError::invalid("value", "Mark the day present, late, absent or excused."))?),
            };
            Ok(Cell::Attendance { day, mark })
        }
        Field::Note => {
            if value.chars().count() > MAX_NOTE {
                return Err(AppError::invalid("value", format!("Keep the note for {} under 2,000 characters.", trainee.name)));
            }
            Ok(Cell::Note(value.to_string()))
        }
    }
}

/// Saves cells of one week (all or nothing) and returns how many changed. After the week is
/// closed, only a correction (with a reason) may change it.
#[tracing::instrument(skip(state, viewer, cells), fields(user = %viewer.user_id, cells = cells.len(), correction = correction.is_some()))]
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    cohort_id: &str,
    week: usize,
    cells: &[(String, String, String)],
    correction: Option<&str>,
) -> Result<usize, AppError> {
    let cohort = store::cohort_for(&state.db, viewer, cohort_id).await?;
    check_week(&cohort, week)?;
    let trainees = store::trainees(&state.db, cohort_id).await?;
    let mut parsed = Vec::with_capacity(cells.len());
    for (trainee_id, field, value) in cells {
        let trainee = trainees.iter().find(|t| t.id == *trainee_id).ok_or_else(|| AppError::not_found("That trainee"))?;
        if trainee.left {
            return Err(AppError::Conflict(format!("{} has left the cohort; their record is closed.", trainee.name)));
        }
        parsed.push((trainee, parse_cell(&cohort, week, trainee, field, value)?));
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    // Read inside the transaction, so a week closed a moment ago is seen.
    let closed = store::is_closed(&mut tx, cohort_id, week).await?;
    if closed && correction.is_none() {
        return Err(AppError::Conflict(format!(
            "Week {week} is closed. To change it, use “Correct a closed week” and give a reason."
        )));
    }
    let mut changed = 0;
    // What changed, in words, for the audit log.
    let mut saved: Vec<String> = Vec::new();
    for (trainee, cell) in parsed {
        let what = match &cell {
            Cell::Grade { key, level } => format!(
                "{}: {} {}",
                trainee.name,
                cohort.programme.competency(key).map(|c| c.name.as_str()).unwrap_or(key),
                level.map(|l| l.to_string()).unwrap_or_else(|| "no grade".into())
            ),
            Cell::Attendance { day, mark } => {
                format!("{}: {} {}", trainee.name, day_label(cohort.day_date(*day)), mark.map(Mark::as_str).unwrap_or("not recorded"))
            }
            Cell::Note(_) => format!("{}: note", trainee.name),
        };
        let did = match cell {
            Cell::Grade { key, level } => {
                let grade = Grade { trainee_id: &trainee.id, week, competency: &key, level, by: &viewer.user_id, correction };
                store::set_grade(&mut tx, &grade, now).await?
            }
            Cell::Attendance { day, mark } => store::set_mark(&mut tx, &trainee.id, day, mark, &viewer.user_id, now).await?,
            Cell::Note(note) => store::set_note(&mut tx, &trainee.id, week, &note, &viewer.user_id, now).await?,
        };
        if did {
            changed += 1;
            saved.push(what);
        }
    }
    // Grades, marks and notes entered in an open week: one entry per save (a cell, or the
    // whole grid posted without JavaScript), in the same transaction. A correction has its
    // own entry below, with its reason.
    if correction.is_none() && !saved.is_empty() {
        const SHOWN: usize = 12;
        let more = saved.len().saturating_sub(SHOWN);
        let list = saved.iter().take(SHOWN).cloned().collect::<Vec<_>>().join("; ");
        let subject = if cells.iter().all(|(t, _, _)| *t == cells[0].0) { Some(cells[0].0.as_str()) } else { None };
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "training.grades_saved",
                subject_type: if subject.is_some() { "trainee" } else { "cohort" },
                subject_id: subject.or(Some(cohort_id)),
                summary: format!(
                    "Saved week {week} of {}: {list}{}",
                    cohort.name,
                    if more > 0 { format!("; and {more} more") } else { String::new() }
                ),
                reason: None,
            },
        )
        .await?;
    }
    if let (Some(reason), true) = (correction, changed > 0) {
        let (trainee, field, value) = &cells[0];
        let name = trainees.iter().find(|t| t.id == *trainee).map(|t| t.name.clone()).unwrap_or_default();
        let what = match Field::parse(field) {
            Some(Field::Grade(key)) => format!(
                "{} to {}",
                cohort.programme.competency(&key).map(|c| c.name.as_str()).unwrap_or(&key),
                if value.is_empty() { "no grade" } else { value }
            ),
            Some(Field::Attendance(day)) => format!("attendance on {} to {}", day_label(cohort.day_date(day)), if value.is_empty() { "not recorded" } else { value }),
            _ => "the note".into(),
        };
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "training.corrected",
                subject_type: "trainee",
                subject_id: Some(trainee),
                summary: format!("Corrected week {week} of {name} ({}): {what}", cohort.name),
                reason: Some(reason),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

#[tracing::instrument(skip(state, viewer), fields(user = %viewer.user_id))]
pub async fn close(state: &AppState, viewer: &Viewer, cohort_id: &str, week: usize) -> Result<(), AppError> {
    let cohort = store::cohort_for(&state.db, viewer, cohort_id).await?;
    check_week(&cohort, week)?;
    let now = state.now();
    if cohort.week_at(now) < week {
        return Err(AppError::invalid("week", format!("Week {week} has not started yet; close it once it has been taught.")));
    }
    let mut tx = state.db.begin().await?;
    if !store::close_week(&mut tx, cohort_id, week, &viewer.user_id, now).await? {
        return Err(AppError::Conflict(format!("Week {week} is already closed.")));
    }
    audit::record(
        &mut *tx,
        now,
        &Actor::Staff(viewer),
        Entry {
            action: "training.week_closed",
            subject_type: "cohort",
            subject_id: Some(cohort_id),
            summary: format!("Closed week {week} of {}", cohort.name),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
