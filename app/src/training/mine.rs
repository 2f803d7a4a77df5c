//! The trainee's own record: where they stand, the grades and trainer notes of closed weeks,
//! their attendance, and the week ahead. A trainee sees only their own record; grades of a
//! week still open are not shown until the trainer closes it.

use super::store::{self, date_label, day_label};
use super::types::{ProgrammeView, TrainingRecord};
use crate::error::AppError;
use crate::state::AppState;

/// Only the caller's own record: the trainee is found by the signed-in user, never by a parameter.
#[tracing::instrument(skip(state))]
pub async fn mine(state: &AppState, user_id: &str) -> Result<TrainingRecord, AppError> {
    let (trainee, cohort_id) =
        store::trainee_of_user(&state.db, user_id).await?.ok_or_else(|| AppError::not_found("Your training record"))?;
    let cohort = store::load_cohort(&state.db, &cohort_id).await?;
    let mut sheet = store::sheet(&state.db, &cohort_id, Some(&trainee.id)).await?;
    // Grades of open weeks are still being entered; the trainee sees a week once it is closed.
    for grades in sheet.grades.values_mut() {
        grades.retain(|(week, _), _| cohort.is_closed(*week));
    }
    let progress = store::assess(&cohort, &sheet, &trainee);
    let now = state.now();
    let current = cohort.week_at(now);
    let programme = ProgrammeView::from(&cohort.programme);
    let ahead_week = if current == 0 { 1 } else { current };
    let ahead = programme.week(ahead_week).cloned().map(|w| {
        let days = cohort.days_of(w.number);
        let dates = format!("{} to {}", day_label(cohort.day_date(days.start)), day_label(cohort.day_date(days.end - 1)));
        (w, dates)
    });
    // An answer to the Offer that means leaving ends the week ahead for them.
    let leaving = match crate::offer::store::for_trainee(&state.db, &trainee.id).await? {
        Some(offer) => crate::offer::store::history(&state.db, &offer.id, &trainee.id)
            .await?
            .last()
            .filter(|d| d.leaves && d.answer != crate::offer::Answer::Withdrawn)
            .map(|d| format!("{} ({}). Training ends for you: HR will be in touch about your last day.", d.answer.label(), d.at)),
        None => None,
    };
    let ahead = if leaving.is_some() { None } else { ahead };
    let summary_phase = if current == 0 {
        format!("Training starts {}", date_label(cohort.start))
    } else if current > cohort.programme.weeks() {
        "Training has finished".to_string()
    } else {
        format!("Week {} of {}", current, cohort.programme.weeks())
    };
    Ok(TrainingRecord {
        name: trainee.name.clone(),
        cohort: cohort.name.clone(),
        start: date_label(cohort.start),
        phase: summary_phase,
        trainers: cohort.trainers.iter().map(|(_, n)| n.clone()).collect(),
        weeks: super::cohorts::week_records(&cohort, &sheet, &trainee.id, true),
        open_week: (1..=cohort.programme.weeks().min(current)).find(|w| !cohort.is_closed(*w)),
        programme,
        progress,
        ahead,
        left_reason: trainee.left_reason.clone(),
        leaving,
    })
}
