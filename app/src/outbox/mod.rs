//! The outbox: every email Keepers has written (invitations now; more later), kept for HR to
//! read and to copy links from until a mail transport sends them.

use crate::auth::Role;
use crate::error::AppError;
use crate::ui::{CopyButton, Guarded, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    pub created: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxPage {
    pub messages: Vec<Message>,
    pub page: i64,
    pub more: bool,
}

#[cfg(feature = "ssr")]
const PAGE: i64 = 30;

#[server(prefix = "/api", endpoint = "outbox/list")]
pub async fn list_outbox(page: Option<i64>) -> Result<OutboxPage, AppError> {
    use crate::clock::format_utc;
    use crate::db::RowExt;
    crate::auth::guard::require::<ListOutbox>()?;
    let state = crate::state::app_state()?;
    let page = page.unwrap_or(1).max(1);
    let rows = sqlx::query(
        "SELECT id, to_name, to_email, subject, body, link, created_at FROM outbox
         ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2",
    )
    .bind(PAGE + 1)
    .bind((page - 1) * PAGE)
    .fetch_all(state.db.reader())
    .await?;
    let more = rows.len() as i64 > PAGE;
    let messages = rows
        .iter()
        .take(PAGE as usize)
        .map(|r| {
            Ok(Message {
                id: r.text("id")?,
                to: format!("{} <{}>", r.text("to_name")?, r.text("to_email")?),
                subject: r.text("subject")?,
                body: r.text("body")?,
                link: r.opt_text("link")?,
                created: format_utc(r.int("created_at")?),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(OutboxPage { messages, page, more })
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let page = use_query_map().with_untracked(|q| q.get("page").and_then(|p| p.parse::<i64>().ok()));
    let list = Resource::new(move || page, list_outbox);
    view! {
        <Title text="Outbox · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <div class="page-head">
                <h1>"Outbox"</h1>
                <p class="muted">"Emails Keepers has written, newest first. Sending by email is not set up yet: copy a link to pass it on yourself."</p>
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) if p.messages.is_empty() => view! { <p class="empty">"No emails yet. Inviting candidates to a position writes their invitations here."</p> }.into_any(),
                        Ok(p) => view! {
                            <ul class="messages">
                                {p.messages.into_iter().map(|m| view! {
                                    <li class="panel">
                                        <p class="muted small">{m.created.clone()}" · to "{m.to.clone()}</p>
                                        <details class="disclosure">
                                            <summary>{m.subject.clone()}</summary>
                                            <pre class="email-body">{m.body.clone()}</pre>
                                        </details>
                                        {m.link.clone().map(|link| view! {
                                            <p class="link-row">
                                                <input type="text" readonly value=link.clone() class="mono" aria-label=format!("Link for {}", m.to)/>
                                                <CopyButton value=link label="Copy link".to_string()/>
                                            </p>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                            <nav class="pager" aria-label="Outbox pages">
                                {(p.page > 1).then(|| view! { <a href=format!("/outbox?page={}", p.page - 1)>"← Newer"</a> })}
                                {p.more.then(|| view! { <a href=format!("/outbox?page={}", p.page + 1)>"Older →"</a> })}
                            </nav>
                        }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[cfg(feature = "ssr")]
pub mod server {
    use crate::clock::Millis;
    use crate::db::new_id;

    /// An email to write into the outbox, inside the transaction of what it announces.
    pub struct Email<'a> {
        pub to_name: &'a str,
        pub to_email: &'a str,
        pub subject: String,
        pub body: String,
        pub link: Option<&'a str>,
        pub invitation_id: Option<&'a str>,
    }

    pub async fn queue(conn: &mut sqlx::AnyConnection, now: Millis, email: Email<'_>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO outbox (id, to_name, to_email, subject, body, link, invitation_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(new_id().to_string())
        .bind(email.to_name)
        .bind(email.to_email)
        .bind(email.subject)
        .bind(email.body)
        .bind(email.link)
        .bind(email.invitation_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}
