//! The trainee's own page ("My training"): where they stand, the week ahead, their closed
//! weeks, and the programme with what each level means.

use super::{FlagList, StatusTag, WeekRecords};
use crate::auth::Role;
use crate::training::api::my_training;
use crate::training::types::TrainingRecord;
use crate::ui::{Guarded, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;

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
            <super::ProgrammeOutline view=mine.programme.clone()/>
        </details>
    }
}
