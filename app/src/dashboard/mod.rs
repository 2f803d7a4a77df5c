//! The home page after sign-in: one panel per role the viewer holds, each saying what to do next.

use crate::auth::{Role, Viewer};
use crate::error::AppError;
use crate::ui::{current_viewer, Guarded, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffCounts {
    pub active: i64,
    pub invited: i64,
    pub disabled: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Present for admins.
    pub staff: Option<StaffCounts>,
    /// Present for HR.
    pub positions: Option<Vec<crate::positions::PositionSummary>>,
    /// Present for HR (every cohort) and trainers (their own).
    pub cohorts: Option<Vec<crate::training::CohortSummary>>,
    /// Present for trainees.
    pub training: Option<crate::training::TrainingRecord>,
    /// A trainee's Offer, once HR has made it.
    pub offer: Option<crate::offer::answer::OwnOffer>,
}

#[server(prefix = "/api", endpoint = "dashboard/summary")]
pub async fn dashboard_summary() -> Result<Summary, AppError> {
    use crate::db::RowExt;
    let viewer = crate::auth::guard::require::<DashboardSummary>()?;
    let state = crate::state::app_state()?;
    let staff = if viewer.has(Role::Admin) {
        let row = sqlx::query(
            "SELECT
                SUM(CASE WHEN disabled_at IS NULL AND password_hash IS NOT NULL THEN 1 ELSE 0 END) AS active,
                SUM(CASE WHEN disabled_at IS NULL AND password_hash IS NULL THEN 1 ELSE 0 END) AS invited,
                SUM(CASE WHEN disabled_at IS NOT NULL THEN 1 ELSE 0 END) AS disabled
             FROM users",
        )
        .fetch_one(state.db.reader())
        .await?;
        Some(StaffCounts {
            active: row.opt_int("active")?.unwrap_or(0),
            invited: row.opt_int("invited")?.unwrap_or(0),
            disabled: row.opt_int("disabled")?.unwrap_or(0),
        })
    } else {
        None
    };
    let positions = if viewer.has(Role::Hr) {
        Some(crate::positions::server::summaries(&state, None).await?)
    } else {
        None
    };
    let cohorts = if viewer.has_any(&[Role::Hr, Role::Trainer]) {
        Some(crate::training::cohorts::summaries(&state, &viewer).await?)
    } else {
        None
    };
    let training = if viewer.has(Role::Trainee) {
        crate::training::mine::mine(&state, &viewer.user_id).await.ok()
    } else {
        None
    };
    let offer = if viewer.has(Role::Trainee) { crate::offer::answer::server::mine(&state, &viewer.user_id).await? } else { None };
    Ok(Summary { staff, positions, cohorts, training, offer })
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let note = query.with_untracked(|q| {
        if q.get("welcome").is_some() {
            Some("Your password is set. Welcome to Keepers.")
        } else if q.get("password_changed").is_some() {
            Some("Your password has been changed. Other devices have been signed out.")
        } else {
            None
        }
    });
    let summary = Resource::new(|| (), |_| dashboard_summary());
    view! {
        <Title text="Dashboard · Keepers"/>
        <Guarded>
            {note.map(|n| view! { <p class="alert success" role="status">{n}</p> })}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match (summary.await, current_viewer()) {
                        (Ok(s), Some(v)) => view! { <Dashboard viewer=v summary=s/> }.into_any(),
                        (Err(e), _) => view! { <LoadError error=e/> }.into_any(),
                        (_, None) => ().into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn Dashboard(viewer: Viewer, summary: Summary) -> impl IntoView {
    let first_name = viewer.name.split_whitespace().next().unwrap_or("there").to_string();
    view! {
        <div class="page-head">
            <h1>"Hello, " {first_name}</h1>
            <p class="muted">{viewer.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(" · ")}</p>
        </div>
        <div class="cards">
            {summary.positions.map(|p| view! { <HrPanel positions=p/> })}
            {summary.offer.map(|o| view! { <OfferNotice offer=o/> })}
            {summary.training.map(|t| view! { <TraineePanel training=t/> })}
            {summary.cohorts.map(|c| view! { <TrainingPanel cohorts=c trainer=viewer.has(Role::Trainer) hr=viewer.has(Role::Hr)/> })}
            {summary.staff.map(|c| view! { <AdminPanel counts=c/> })}
            {viewer.has(Role::Analyst).then(|| view! {
                <section class="panel card" aria-labelledby="analytics-title">
                    <h2 id="analytics-title">"Analytics"</h2>
                    <p>"Where candidates drop out, whether the screening predicts training and staying, and whether it treats every group fairly."</p>
                    <p><a href="/analytics">"Open analytics"</a></p>
                </section>
            })}
        </div>
    }
}

#[component]
fn HrPanel(positions: Vec<crate::positions::PositionSummary>) -> impl IntoView {
    let open: Vec<_> = positions.into_iter().filter(|p| p.open).collect();
    view! {
        <section class="panel card" aria-labelledby="hr-title">
            <h2 id="hr-title">"Hiring"</h2>
            {if open.is_empty() {
                view! {
                    <p class="empty">"No positions are open yet. " <a href="/positions">"Open a position"</a> ", choose its culture and skill screenings, then invite candidates."</p>
                }.into_any()
            } else {
                view! {
                    <ul class="position-cards">
                        {open.into_iter().map(|p| view! {
                            <li>
                                <a href=format!("/positions/{}", p.id)>{p.title.clone()}</a>
                                {(!p.location.is_empty()).then(|| format!(", {}", p.location))}
                                <br/>
                                <span class="muted small">{p.counts.describe()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    <p><a href="/positions">"All positions"</a>" · "<a href="/outbox">"Outbox"</a></p>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn TrainingPanel(cohorts: Vec<crate::training::CohortSummary>, trainer: bool, hr: bool) -> impl IntoView {
    let running: Vec<_> = cohorts.into_iter().filter(|c| c.current_week <= c.weeks).collect();
    view! {
        <section class="panel card" aria-labelledby="trainer-title">
            <h2 id="trainer-title">"Training"</h2>
            {if running.is_empty() {
                let text = if hr {
                    "No cohort is in training. Create a cohort, then enrol hired candidates from a position's results."
                } else {
                    "You are not running a cohort yet. When HR assigns you to one, its weekly grading grid appears here."
                };
                view! { <p class="empty">{text}</p> }.into_any()
            } else {
                view! {
                    <ul class="position-cards">
                        {running.into_iter().map(|c| {
                            let week = c.current_week.clamp(1, c.weeks.max(1));
                            view! {
                                <li>
                                    <a href=format!("/cohorts/{}", c.id)>{c.name.clone()}</a>
                                    <span class="muted">{format!(" · {}", c.phase())}</span>
                                    <br/>
                                    <span class="muted small">{format!("{} trainees · {} need attention", c.trainees, c.at_risk)}</span>
                                    {(trainer && c.current_week >= 1).then(|| view! {
                                        <br/><a class="small" href=format!("/cohorts/{}/weeks/{}", c.id, week)>{format!("Grade week {week}")}</a>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p><a href="/cohorts">"All cohorts"</a></p>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn OfferNotice(offer: crate::offer::answer::OwnOffer) -> impl IntoView {
    let text = match &offer.decision {
        Some(d) => format!("Your answer to the Offer: {} ({}).", d.answer.label(), d.at),
        None if offer.can_answer() => format!("HR has made you the Offer: {} to leave now, or stay. Answer by {}.", offer.offer.money.display(), offer.offer.deadline),
        None => "The deadline of the Offer has passed.".to_string(),
    };
    view! {
        <section class="panel card offer-notice" aria-labelledby="offer-title">
            <h2 id="offer-title">"The Offer"</h2>
            <p>{text}</p>
            <p><a href="/offer">{if offer.can_answer() { "Read the Offer and answer" } else { "See the Offer" }}</a></p>
        </section>
    }
}

#[component]
fn TraineePanel(training: crate::training::TrainingRecord) -> impl IntoView {
    view! {
        <section class="panel card" aria-labelledby="trainee-title">
            <h2 id="trainee-title">"Your training"</h2>
            <p>{format!("{} · {}", training.cohort, training.phase)}</p>
            <p><crate::training::pages::StatusTag status=training.progress.status/></p>
            <p><a href="/my-training">"See your grades, attendance and the week ahead"</a></p>
        </section>
    }
}

#[component]
fn AdminPanel(counts: StaffCounts) -> impl IntoView {
    let alone = counts.active + counts.invited <= 1;
    view! {
        <section class="panel card" aria-labelledby="admin-title">
            <h2 id="admin-title">"Staff"</h2>
            <ul class="stats">
                <li><strong>{counts.active}</strong>" active"</li>
                <li><strong>{counts.invited}</strong>" invited"</li>
                <li><strong>{counts.disabled}</strong>" disabled"</li>
            </ul>
            {if alone {
                view! { <p class="empty">"You are the only one here. " <a href="/admin/staff">"Add your HR team and trainers"</a> "."</p> }.into_any()
            } else {
                view! { <p><a href="/admin/staff">"Manage staff and roles"</a></p> }.into_any()
            }}
        </section>
    }
}
