//! The audit log page: filters, a page of entries newest first, and the CSV of the same.

use super::api::audit_log;
use super::types::{AuditResults, AuditQuery, AREAS, FILTER_FIELDS, MAX_SEARCH};
use crate::error::AppError;
use crate::ui::{Guarded, LoadError, Pager};
use leptos::prelude::*;
use leptos_meta::Title;

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
        <Pager label="Audit log pages" page=page.page pages=page.pages href=move |n| format!("/admin/audit?{}", q.to_query(Some(n)))/>
    }
}
