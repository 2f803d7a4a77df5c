//! The audit log: one append-only record across the product of who did what, when and why.
//! Rows are written inside the transaction of the change they describe; the database refuses
//! updates and deletes of them (triggers in the migrations).

use crate::error::AppError;
use crate::ui::{Guarded, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub summary: String,
    pub reason: Option<String>,
}

#[server(prefix = "/api", endpoint = "admin/audit_log")]
pub async fn audit_log() -> Result<Vec<AuditEntry>, AppError> {
    use crate::clock::format_utc;
    use crate::db::RowExt;
    crate::auth::guard::require::<AuditLog>()?;
    let state = crate::state::app_state()?;
    let rows = sqlx::query(
        "SELECT id, at, actor_label, action, subject_type, subject_id, summary, reason
         FROM audit_log ORDER BY id DESC LIMIT 200",
    )
    .fetch_all(state.db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AuditEntry {
                id: r.int("id")?,
                at: format_utc(r.int("at")?),
                actor: r.text("actor_label")?,
                action: r.text("action")?,
                subject: match r.opt_text("subject_id")? {
                    Some(id) => format!("{} {}", r.text("subject_type")?, &id[..id.len().min(8)]),
                    None => r.text("subject_type")?,
                },
                summary: r.text("summary")?,
                reason: r.opt_text("reason")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::from)
}

#[component]
pub fn AuditPage() -> impl IntoView {
    use crate::auth::Role;
    let entries = Resource::new(|| (), |_| audit_log());
    view! {
        <Title text="Audit log · Keepers"/>
        <Guarded roles=&[Role::Admin]>
            <h1>"Audit log"</h1>
            <p class="muted">"Every change to accounts and roles, newest first. Entries cannot be edited or deleted."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">"Nothing has been recorded yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="stack">
                                    <caption class="visually-hidden">"Audit log entries"</caption>
                                    <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"Reason"</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|e| view! {
                                            <tr>
                                                <td data-label="When" class="nowrap">{e.at}</td>
                                                <td data-label="Who">{e.actor}</td>
                                                <td data-label="What"><span class="tag">{e.action}</span>" "{e.summary}</td>
                                                <td data-label="Reason">{e.reason.unwrap_or_default()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use crate::auth::Viewer;
    use crate::clock::Millis;
    use sqlx::{Any, Executor};

    /// Who made a change.
    pub enum Actor<'a> {
        Staff(&'a Viewer),
        /// The product itself (a deadline passing, a seed, a command-line action).
        System(&'a str),
    }

    pub struct Entry<'a> {
        pub action: &'a str,
        pub subject_type: &'a str,
        pub subject_id: Option<&'a str>,
        pub summary: String,
        pub reason: Option<&'a str>,
    }

    pub async fn record<'e, E>(exec: E, now: Millis, actor: &Actor<'_>, entry: Entry<'_>) -> Result<(), sqlx::Error>
    where
        E: Executor<'e, Database = Any>,
    {
        let (actor_id, actor_label) = match actor {
            Actor::Staff(v) => (Some(v.user_id.clone()), format!("{} <{}>", v.name, v.email)),
            Actor::System(what) => (None, format!("Keepers ({what})")),
        };
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor_label, action, subject_type, subject_id, summary, reason)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(now)
        .bind(actor_id)
        .bind(actor_label)
        .bind(entry.action)
        .bind(entry.subject_type)
        .bind(entry.subject_id)
        .bind(entry.summary)
        .bind(entry.reason)
        .execute(exec)
        .await?;
        Ok(())
    }
}
