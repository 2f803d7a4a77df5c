//! The trainee's own page: where they stand, the grades and trainer notes of closed weeks,
//! their attendance, and the week ahead. A trainee sees only their own record; grades of a
//! week still open are not shown until the trainer closes it.

use super::cohorts::{FlagList, StatusTag, WeekRecord, WeekRecords};
use super::progress::Progress;
use super::{ProgrammeView, WeekView};
use crate::auth::Role;
use crate::error::AppError;
use crate::ui::{Guarded, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingRecord {
    pub name: String,
    pub cohort: String,
    pub start: String,
    pub phase: String,
    pub trainers: Vec<String>,
    pub programme: ProgrammeView,
    pub progress: Progress,
    pub weeks: Vec<WeekRecord>,
    /// The week being taught now, or the first week before the start.
    pub ahead: Option<(WeekView, String)>,
    pub open_week: Option<usize>,
    pub left_reason: Option<String>,
    /// Set when the trainee's answer to the Offer means they leave: what that means now. The
    /// week ahead is not shown then.
    pub leaving: Option<String>,
}

#[server(prefix = "/api", endpoint = "me/training")]
pub async fn my_training() -> Result<TrainingRecord, AppError> {
    let viewer = crate::auth::guard::require::<MyTraining>()?;
    let state = crate::state::app_state()?;
    server::mine(&state, &viewer.user_id).await
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::state::AppState;
    use crate::training::store::{self, date_label, day_label};

    /// Only the caller's own record: the trainee is found by the signed-in user, never by a parameter.
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
            weeks: crate::training::cohorts::server::week_records(&cohort, &sheet, &trainee.id, true),
            open_week: (1..=cohort.programme.weeks().min(current)).find(|w| !cohort.is_closed(*w)),
            programme,
            progress,
            ahead,
            left_reason: trainee.left_reason.clone(),
            leaving,
        })
    }
}

#[component]
pub fn MyTrainingPage() -> impl IntoView {
    let mine = Resource::new(|| (), |_| my_training());
    view! {
        <Title text="My training · Keepers"/>
        <Guarded roles=&[Role::Trainee]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match mine.await {
                        Ok(m) => view! { <MyTrainingView mine=m/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn MyTrainingView(mine: TrainingRecord) -> impl IntoView {
    let p = mine.progress.clone();
    let pass = mine.programme.pass_overall;
    let expected = mine.programme.attendance_expected;
    view! {
        <div class="page-head">
            <h1>"My training"</h1>
            <p class="muted">{format!("{} · {} · {}", mine.cohort, mine.programme.title, mine.phase)}</p>
        </div>
        <section class="panel">
            <h2>"Where you stand"</h2>
            <p><StatusTag status=p.status/></p>
            <ul class="stats">
                <li><strong>{p.overall.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into())}</strong>{format!(" average (pass: {pass:.1})")}</li>
                <li><strong>{p.attendance.map(|v| format!("{:.0}%", v * 100.0)).unwrap_or_else(|| "—".into())}</strong>{format!(" attendance (expected: {expected}%)")}</li>
            </ul>
            {(!p.flags.is_empty()).then(|| view! {
                <p>"What to work on with your trainers:"</p>
                <FlagList flags=p.flags.clone()/>
            })}
            {mine.left_reason.clone().map(|r| view! { <p>"You have left the cohort: "{r}</p> })}
            {mine.leaving.clone().filter(|_| mine.left_reason.is_none()).map(|l| view! { <p>"Your answer to the Offer: "{l}" "<a href="/offer">"See your answer"</a></p> })}
            <p class="muted small">{format!("Your trainers: {}", mine.trainers.join(", "))}</p>
        </section>
        {mine.ahead.clone().map(|(w, dates)| view! {
            <section class="panel">
                <h2>{format!("The week ahead: week {}, {}", w.number, w.title)}</h2>
                <p class="muted">{dates}</p>
                {(!w.focus.is_empty()).then(|| view! { <p>{w.focus.clone()}</p> })}
                <p>{format!(
                    "Graded this week: {}.",
                    w.competencies.iter().filter_map(|k| mine.programme.competency(k)).map(|c| c.name.clone()).collect::<Vec<_>>().join(", ")
                )}</p>
            </section>
        })}
        <h2>"Your weeks"</h2>
        {mine.open_week.map(|w| view! { <p class="muted">{format!("Week {w}'s grades appear here when your trainer closes the week.")}</p> })}
        {if mine.weeks.is_empty() {
            view! { <p class="empty">"No week has been closed yet."</p> }.into_any()
        } else {
            view! { <WeekRecords weeks=mine.weeks.clone()/> }.into_any()
        }}
        <details class="panel disclosure">
            <summary>"The programme and what each level means"</summary>
            <super::pages::ProgrammeOutline view=mine.programme.clone()/>
        </details>
    }
}
