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
    Ok(Summary { staff, positions })
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
            {viewer.has(Role::Trainer).then(|| view! { <TrainerPanel/> })}
            {summary.staff.map(|c| view! { <AdminPanel counts=c/> })}
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
                                <span class="muted small">{format!(
                                    "{} invited · {} started · {} submitted · {} expired",
                                    p.counts.invited, p.counts.started, p.counts.submitted, p.counts.expired
                                )}</span>
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
fn TrainerPanel() -> impl IntoView {
    view! {
        <section class="panel card" aria-labelledby="trainer-title">
            <h2 id="trainer-title">"Training"</h2>
            <p class="empty">"You are not running a cohort yet. When HR assigns you to one, its weekly grading grid appears here."</p>
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
