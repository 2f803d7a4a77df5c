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

/// Filters of the audit log page and its CSV export.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// One of `AREAS`' keys, or empty for everything.
    pub area: String,
    /// Words to find in the summary, the actor or the reason.
    pub q: String,
    /// YYYY-MM-DD, inclusive, UTC.
    pub from: String,
    pub to: String,
    pub page: i64,
}

impl AuditQuery {
    /// The query string that reproduces these filters (for page links and the CSV export).
    pub fn to_query(&self, page: Option<i64>) -> String {
        let mut parts = vec![
            format!("area={}", crate::ui::url_encode(&self.area)),
            format!("q={}", crate::ui::url_encode(&self.q)),
            format!("from={}", crate::ui::url_encode(&self.from)),
            format!("to={}", crate::ui::url_encode(&self.to)),
        ];
        if let Some(p) = page {
            parts.push(format!("page={p}"));
        }
        parts.join("&")
    }
}

/// The longest search the log accepts, in characters.
pub const MAX_SEARCH: usize = 200;

/// The message for a date range whose start is after its end (shown next to "From").
pub const REVERSED_RANGE: &str = "The start date is after the end date. Choose a “From” date on or before the “To” date.";

/// The filter fields a refused query names.
const FILTER_FIELDS: [&str; 3] = ["q", "from", "to"];

/// The areas of the product, and the action prefixes that belong to each.
pub const AREAS: &[(&str, &str, &[&str])] = &[
    ("staff", "Staff, roles and settings", &["staff.", "account.", "org."]),
    (
        "hiring",
        "Hiring decisions and overrides",
        &["hiring.", "results.", "invitations.", "position.", "positions.", "grading.", "attempt."],
    ),
    ("screenings", "Screenings and values", &["screening.", "values."]),
    ("training", "Training: cohorts, grades, corrections", &["programme.", "cohort.", "training.", "trainee."]),
    ("offer", "The Offer: answers, corrections, payouts", &["offer."]),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditResults {
    pub entries: Vec<AuditEntry>,
    pub matching: i64,
    pub page: i64,
    pub pages: i64,
    pub query: AuditQuery,
}

#[server(prefix = "/api", endpoint = "admin/audit_log")]
pub async fn audit_log(query: Option<AuditQuery>) -> Result<AuditResults, AppError> {
    crate::auth::guard::require::<AuditLog>()?;
    let state = crate::state::app_state()?;
    server::page(&state, query.unwrap_or_default()).await
}

#[component]
pub fn AuditPage() -> impl IntoView {
    use crate::auth::Role;
    use leptos_router::hooks::use_query_map;
    let query = use_query_map().with_untracked(|q| AuditQuery {
        area: q.get("area").unwrap_or_default(),
        q: q.get("q").unwrap_or_default(),
        from: q.get("from").unwrap_or_default(),
        to: q.get("to").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    });
    let asked = StoredValue::new(query.clone());
    let entries = Resource::new(move || query.clone(), |q| audit_log(Some(q)));
    view! {
        <Title text="Audit log · Keepers"/>
        <Guarded roles=&[Role::Admin, Role::Hr]>
            <h1>"Audit log"</h1>
            <p class="muted">"Who did what, when and why, across the product, newest first. Entries cannot be edited or deleted, by anyone."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(p) => view! { <AuditView page=p/> }.into_any(),
                        // Filters refused (a search too long, a date range reversed) keep the form,
                        // with the message next to its field.
                        Err(e) if FILTER_FIELDS.iter().any(|f| e.for_field(f).is_some()) => {
                            let page = AuditResults { entries: vec![], matching: 0, page: 1, pages: 1, query: asked.get_value() };
                            view! { <AuditView page=page error=e/> }.into_any()
                        }
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn AuditView(page: AuditResults, #[prop(optional)] error: Option<AppError>) -> impl IntoView {
    let q = page.query.clone();
    let refused = error.is_some();
    let [q_error, from_error, to_error] = FILTER_FIELDS.map(|f| error.as_ref().and_then(|e| e.for_field(f)));
    let csv = format!("/admin/audit.csv?{}", q.to_query(None));
    view! {
        <form method="get" action="/admin/audit" class="filters">
            <div class="field inline">
                <label for="audit-area">"Area"</label>
                <select id="audit-area" name="area">
                    <option value="" selected=q.area.is_empty()>"Everything"</option>
                    {AREAS.iter().map(|(key, label, _)| view! { <option value=*key selected=q.area == *key>{*label}</option> }).collect_view()}
                </select>
            </div>
            <div class="field inline">
                <label for="audit-q">"Containing"</label>
                <input id="audit-q" name="q" type="search" value=q.q.clone() maxlength=MAX_SEARCH.to_string()
                    aria-invalid=q_error.is_some().to_string() aria-describedby="audit-q-error"/>
                <p class="field-error" id="audit-q-error" role="alert">{q_error.clone()}</p>
            </div>
            <div class="field inline">
                <label for="audit-from">"From"</label>
                <input id="audit-from" name="from" type="date" value=q.from.clone()
                    aria-invalid=from_error.is_some().to_string() aria-describedby="audit-from-error" autofocus=from_error.is_some()/>
                <p class="field-error" id="audit-from-error" role="alert">{from_error.clone()}</p>
            </div>
            <div class="field inline">
                <label for="audit-to">"To"</label>
                <input id="audit-to" name="to" type="date" value=q.to.clone()
                    aria-invalid=to_error.is_some().to_string() aria-describedby="audit-to-error"/>
                <p class="field-error" id="audit-to-error" role="alert">{to_error.clone()}</p>
            </div>
            <button type="submit" class="secondary">"Filter"</button>
        </form>
        {(!refused).then(|| view! {
            <p class="muted">{format!("{} entr{} match. ", page.matching, if page.matching == 1 { "y" } else { "ies" })}
                <a href=csv download="">"Download these as CSV"</a></p>
        })}
        {if refused {
            view! { <p class="empty">"Correct the filter above to see entries."</p> }.into_any()
        } else if page.entries.is_empty() {
            view! { <p class="empty">"Nothing matches. Try fewer filters."</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="stack">
                        <caption class="visually-hidden">"Audit log entries"</caption>
                        <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"Reason"</th></tr></thead>
                        <tbody>
                            {page.entries.into_iter().map(|e| view! {
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
            }.into_any()
        }}
        {(page.pages > 1).then(|| view! {
            <nav class="pager" aria-label="Audit log pages">
                {(page.page > 1).then(|| view! { <a href=format!("/admin/audit?{}", q.to_query(Some(page.page - 1)))>"← Newer"</a> })}
                <span>{format!("Page {} of {}", page.page, page.pages)}</span>
                {(page.page < page.pages).then(|| view! { <a href=format!("/admin/audit?{}", q.to_query(Some(page.page + 1)))>"Older →"</a> })}
            </nav>
        })}
    }
}

#[cfg(feature = "ssr")]
pub use server::{csv, page, record, Actor, Entry};

#[cfg(feature = "ssr")]
mod server {
    use super::{AuditEntry, AuditQuery, AuditResults, AREAS};
    use crate::auth::Viewer;
    use crate::clock::{format_utc, Millis};
    use crate::db::RowExt;
    use crate::error::AppError;
    use crate::state::AppState;
    use sqlx::{Any, Executor};

    pub const PAGE_SIZE: i64 = 50;

    /// The WHERE clause for a query and its bound values ($1 to $4). Area prefixes come from
    /// `AREAS`, never from the request.
    fn filter(q: &AuditQuery) -> (String, String, i64, i64) {
        let area = AREAS
            .iter()
            .find(|(key, _, _)| *key == q.area)
            .map(|(_, _, prefixes)| prefixes.iter().map(|p| format!("action LIKE '{p}%'")).collect::<Vec<_>>().join(" OR "))
            .unwrap_or_else(|| "1 = 1".into());
        let words = q.q.trim().to_lowercase();
        let day = |raw: &str| crate::training::store::parse_date(raw).map(crate::training::store::start_millis);
        let from = day(&q.from).unwrap_or(i64::MIN);
        let to = day(&q.to).map(|d| d + 86_400_000).unwrap_or(i64::MAX);
        // `%` and `_` typed into the box are searched for, not wildcards.
        let sql = format!(
            "({area}) AND ($1 = '' OR LOWER(summary || ' ' || actor_label || ' ' || COALESCE(reason, '')) LIKE $2 ESCAPE '!') AND at >= $3 AND at < $4"
        );
        (sql, words, from, to)
    }

    fn entry(r: &sqlx::any::AnyRow) -> Result<AuditEntry, sqlx::Error> {
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
    }

    async fn select(state: &AppState, q: &AuditQuery, limit: i64, offset: i64) -> Result<(Vec<AuditEntry>, i64), AppError> {
        let (clause, words, from, to) = filter(q);
        let sql = format!(
            "SELECT id, at, actor_label, action, subject_type, subject_id, summary, reason, COUNT(*) OVER () AS matching
             FROM audit_log WHERE {clause} ORDER BY at DESC, id DESC LIMIT $5 OFFSET $6"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&words)
            .bind(crate::db::contains_pattern(&words))
            .bind(from)
            .bind(to)
            .bind(limit)
            .bind(offset)
            .fetch_all(state.db.reader())
            .await?;
        let matching = rows.first().map(|r| r.int("matching")).transpose()?.unwrap_or(0);
        Ok((rows.iter().map(entry).collect::<Result<Vec<_>, _>>()?, matching))
    }

    /// The filters' own mistakes, each for its field: the page shows the message there, and
    /// the CSV is refused with it (422) rather than sent empty.
    fn check(q: &AuditQuery) -> Result<(), AppError> {
        if q.q.chars().count() > super::MAX_SEARCH {
            return Err(AppError::invalid("q", format!("Search for at most {} characters.", super::MAX_SEARCH)));
        }
        let date = |field: &str, raw: &str| match raw.trim() {
            "" => Ok(None),
            text => crate::training::store::parse_date(text)
                .map(Some)
                .ok_or_else(|| AppError::invalid(field, "Enter the date as year-month-day, for example 2025-10-31.")),
        };
        if let (Some(from), Some(to)) = (date("from", &q.from)?, date("to", &q.to)?) {
            if from > to {
                return Err(AppError::invalid("from", super::REVERSED_RANGE));
            }
        }
        Ok(())
    }

    pub async fn page(state: &AppState, q: AuditQuery) -> Result<AuditResults, AppError> {
        check(&q)?;
        // Page numbers outside the pages that exist show the nearest page that does.
        let mut page = q.page.clamp(1, i64::MAX / PAGE_SIZE);
        let (mut entries, mut matching) = select(state, &q, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
        let pages = |matching: i64| ((matching + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
        if entries.is_empty() && page > 1 {
            let (_, all) = select(state, &q, 1, 0).await?;
            page = pages(all);
            (entries, matching) = select(state, &q, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
        }
        Ok(AuditResults { entries, matching, page, pages: pages(matching), query: AuditQuery { page, ..q } })
    }

    /// Every matching entry as CSV, in the page's order (newest first) and with its filters.
    pub async fn csv(state: &AppState, q: &AuditQuery) -> Result<String, AppError> {
        check(q)?;
        let (entries, _) = select(state, q, 1_000_000, 0).await?;
        let mut csv = crate::export::Csv::new(&["id", "at", "who", "action", "subject", "summary", "reason"]);
        for e in &entries {
            csv.row(&[&e.id.to_string(), &e.at, &e.actor, &e.action, &e.subject, &e.summary, e.reason.as_deref().unwrap_or("")]);
        }
        Ok(csv.finish())
    }

    /// Who made a change.
    pub enum Actor<'a> {
        /// A signed-in person: staff, or a trainee answering their Offer.
        Staff(&'a Viewer),
        /// The product itself (a deadline passing, a seed, a command-line action).
        System(&'a str),
        /// A candidate, through their invitation link (they have no account): their name.
        Candidate(&'a str),
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
            Actor::Candidate(name) => (None, format!("{name} (candidate, by their link)")),
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
