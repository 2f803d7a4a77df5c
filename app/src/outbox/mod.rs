//! The outbox: every email Keepers has written, kept for HR to read and to copy invitation links
//! from until a mail transport sends them. A message that carries someone's own secret (a
//! set-password link) is shown without it: HR sees that it went out and can send a new one.

use crate::auth::Role;
use crate::error::AppError;
use crate::ui::{CopyButton, Guarded, LoadError, Pager};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub mod copied;
pub use copied::{link_copied, LinkCopied};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    pub created: String,
    /// The message holds the recipient's own set-password link, which is not shown.
    pub private: bool,
    /// HR may send a new link (the person has not set a password yet).
    pub can_send_new: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxPage {
    pub messages: Vec<Message>,
    /// The search the list answers (recipient or subject), empty for everything.
    pub q: String,
    pub page: i64,
    pub more: bool,
}

/// The longest search the outbox accepts, in characters.
pub const MAX_SEARCH: usize = 200;

#[cfg(feature = "ssr")]
const PAGE: i64 = 30;

#[server(prefix = "/api", endpoint = "outbox/list")]
pub async fn list_outbox(page: Option<i64>, q: Option<String>) -> Result<OutboxPage, AppError> {
    use crate::clock::format_utc;
    use crate::db::RowExt;
    crate::auth::guard::require::<ListOutbox>()?;
    let state = crate::state::app_state()?;
    let page = page.unwrap_or(1).clamp(1, 1_000_000);
    let q = crate::text::tidy(q.as_deref().unwrap_or(""));
    if q.chars().count() > MAX_SEARCH {
        return Err(AppError::invalid("q", format!("Search for at most {MAX_SEARCH} characters.")));
    }
    let rows = sqlx::query(
        "SELECT o.id, o.to_name, o.to_email, o.subject, o.body, o.link, o.created_at, o.private_to,
                CASE WHEN u.id IS NOT NULL AND u.password_hash IS NULL AND u.disabled_at IS NULL THEN 1 ELSE 0 END AS can_send_new
         FROM outbox o LEFT JOIN users u ON u.id = o.private_to
         WHERE $1 = '' OR LOWER(o.to_name || ' ' || o.to_email || ' ' || o.subject) LIKE $2 ESCAPE '!'
         ORDER BY o.created_at DESC, o.id DESC LIMIT $3 OFFSET $4",
    )
    .bind(&q)
    .bind(crate::db::contains_pattern(&q.to_lowercase()))
    .bind(PAGE + 1)
    .bind((page - 1) * PAGE)
    .fetch_all(state.db.reader())
    .await?;
    let more = rows.len() as i64 > PAGE;
    let messages = rows
        .iter()
        .take(PAGE as usize)
        .map(|r| {
            let private = r.opt_text("private_to")?.is_some();
            let (mut body, mut link) = (r.text("body")?, r.opt_text("link")?);
            if private {
                // The secret never leaves the server for anyone but its owner.
                if let Some(l) = link.take() {
                    body = body.replace(&l, WITHHELD);
                }
            }
            Ok(Message {
                id: r.text("id")?,
                to: format!("{} <{}>", r.text("to_name")?, r.text("to_email")?),
                subject: r.text("subject")?,
                body,
                link,
                created: format_utc(r.int("created_at")?),
                private,
                can_send_new: private && r.flag("can_send_new")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(OutboxPage { messages, q, page, more })
}

/// What stands in a private message's body where its link was.
pub const WITHHELD: &str = "[their own set-password link: sent only to them, not shown here]";

/// Sends a person a new set-password link in place of the one in `message_id`, which stops
/// working. For people who have not set a password yet; after that, an admin resets it.
#[server(prefix = "/api", endpoint = "outbox/new_link")]
pub async fn send_new_link(message_id: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<SendNewLink>()?;
    let state = crate::state::app_state()?;
    server::send_new_link(&state, &viewer, &message_id).await?;
    crate::ui::redirect_after("/outbox?sent=1");
    Ok(())
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let page = use_query_map().with_untracked(|q| q.get("page").and_then(|p| p.parse::<i64>().ok()));
    let search = use_query_map().with_untracked(|q| q.get("q"));
    let sent = use_query_map().with_untracked(|q| q.get("sent").is_some());
    let typed = search.clone().unwrap_or_default();
    let list = Resource::new(move || (page, search.clone()), |(page, q)| list_outbox(page, q));
    view! {
        <Title text="Outbox · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <div class="page-head">
                <h1>"Outbox"</h1>
                <p class="muted">"Emails Keepers has written, newest first. Sending by email is not set up yet: copy an invitation link to pass it on yourself. Set-password links belong to the person they were written for and are not shown here."</p>
            </div>
            {sent.then(|| view! { <p class="alert success" role="status">"A new link is on its way; the earlier one no longer works."</p> })}
            <form method="get" action="/outbox" class="filters" role="search">
                <div class="field">
                    <label for="outbox-q">"Search by name, email or subject"</label>
                    <input id="outbox-q" name="q" type="search" value=typed.clone() maxlength=MAX_SEARCH.to_string() aria-describedby="q-error"/>
                </div>
                <button type="submit" class="secondary">"Search"</button>
            </form>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) if p.messages.is_empty() && !p.q.is_empty() => view! {
                            <p class="empty" role="status">{format!("No emails match “{}”.", p.q)}" "<a href="/outbox">"Show every email"</a></p>
                        }.into_any(),
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
                                        {m.private.then(|| view! {
                                            <p class="muted small">"Holds their own set-password link, which only they receive."</p>
                                        })}
                                        {m.can_send_new.then(|| view! {
                                            <form method="post" action="/api/outbox/new_link" class="inline-form">
                                                <input type="hidden" name="message_id" value=m.id.clone()/>
                                                <button type="submit" class="secondary">"Send a new link"</button>
                                            </form>
                                        })}
                                        {m.link.clone().map(|link| view! {
                                            <p class="link-row">
                                                <input type="text" readonly value=link.clone() class="mono" aria-label=format!("Link for {}", m.to)/>
                                                <CopyButton value=link label="Copy link".to_string() record=m.id.clone()/>
                                            </p>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                            <Pager label="Outbox pages" page=p.page more=p.more
                                href={let q = crate::ui::url_encode(&p.q); move |n| format!("/outbox?q={q}&page={n}")}/>
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
    use crate::audit::{self, Actor, Entry};
    use crate::auth::Viewer;
    use crate::clock::Millis;
    use crate::db::{new_id, RowExt};
    use crate::error::AppError;
    use crate::state::AppState;

    pub async fn send_new_link(state: &AppState, viewer: &Viewer, message_id: &str) -> Result<(), AppError> {
        let row = sqlx::query(
            "SELECT u.id, u.name, u.email, u.password_hash, u.disabled_at FROM outbox o JOIN users u ON u.id = o.private_to WHERE o.id = $1",
        )
        .bind(message_id)
        .fetch_optional(state.db.reader())
        .await?
        .ok_or_else(|| AppError::not_found("That message"))?;
        let (user_id, name, email) = (row.text("id")?, row.text("name")?, row.text("email")?);
        if row.opt_text("password_hash")?.is_some() {
            return Err(AppError::Conflict(format!("{name} has set a password already; an administrator can reset it if they have lost it.")));
        }
        if row.opt_int("disabled_at")?.is_some() {
            return Err(AppError::Conflict(format!("{name}'s account is disabled.")));
        }
        let now = state.now();
        let org = crate::org::store::name(&state.db).await?;
        let base = crate::auth::guard::base_url(&state.settings);
        let mut tx = state.db.begin().await?;
        // Issuing ends every earlier link of theirs.
        let token = crate::auth::set_password::server::issue(&mut tx, &state.settings, now, &user_id, "invite", Some(&viewer.user_id)).await?;
        let link = format!("{base}/set-password/{token}");
        let first = name.split_whitespace().next().unwrap_or(&name).to_string();
        let subject = format!("Your new link to Keepers at {org}");
        let body = format!(
            "Hello {first},\n\nHere is a new link to choose your Keepers password (it works once; any earlier link no longer works):\n\n{link}\n\nThe {org} training team\n"
        );
        queue(&mut tx, now, Email { to_name: &name, to_email: &email, subject, body, link: Some(&link), invitation_id: None, private_to: Some(&user_id) }).await?;
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "staff.password_link_sent",
                subject_type: "user",
                subject_id: Some(&user_id),
                summary: format!("Sent {name} <{email}> a new set-password link"),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// An email to write into the outbox, inside the transaction of what it announces.
    pub struct Email<'a> {
        pub to_name: &'a str,
        pub to_email: &'a str,
        pub subject: String,
        pub body: String,
        pub link: Option<&'a str>,
        pub invitation_id: Option<&'a str>,
        /// The user whose own secret the message carries, if it does.
        pub private_to: Option<&'a str>,
    }

    pub async fn queue(conn: &mut sqlx::AnyConnection, now: Millis, email: Email<'_>) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO outbox (id, to_name, to_email, subject, body, link, invitation_id, created_at, private_to)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(new_id().to_string())
        .bind(email.to_name)
        .bind(email.to_email)
        .bind(email.subject)
        .bind(email.body)
        .bind(email.link)
        .bind(email.invitation_id)
        .bind(now)
        .bind(email.private_to)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}
