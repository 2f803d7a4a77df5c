//! The results table of a position: filters, sortable columns, pages, the CSV link, and the
//! settings beneath it (enrolment, scoring, rescoring).

use super::{gate_text, score_text};
use crate::auth::Role;
use crate::results::api::{position_results, Rescore, SaveScoring};
use crate::results::types::{DecisionFilter, GateFilter, Order, ResultsPage, ResultsQuery, RuleView, SortBy, StatusFilter};
use crate::ui::{FieldError, FormError, Guarded, Kept, LoadError, Pager};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ResultsPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let q = use_query_map().with_untracked(|q| {
        let read = |key: &str| q.get(key).unwrap_or_default();
        ResultsQuery {
            sort: SortBy::parse(&read("sort")),
            dir: Order::parse(&read("dir")),
            status: StatusFilter::parse(&read("status")),
            gates: GateFilter::parse(&read("gates")),
            decision: DecisionFilter::parse(&read("decision")),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
    });
    let note = use_query_map().with_untracked(|q| {
        q.get("rescored").map(|n| format!("Rescored {n} attempts with the current key. Earlier results are kept on each report."))
            .or_else(|| q.get("saved").map(|_| "Scoring settings saved.".to_string()))
            .or_else(|| q.get("enrolled").map(|n| format!("Enrolled {n} in training. Their welcome emails are in the outbox.")))
    });
    let page = Resource::new(move || (id.clone(), q.clone()), |(id, q)| position_results(id, Some(q)));
    let note = StoredValue::new(note);
    view! {
        <Title text="Results · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <ResultsView page=p note=note.get_value()/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn ResultsView(page: ResultsPage, note: Option<String>) -> impl IntoView {
    let q = page.query.clone();
    let id = page.position_id.clone();
    let link = {
        let q = q.clone();
        let id = id.clone();
        move |sort: SortBy, dir: Order, page_no: i64| format!("/positions/{id}/results?{}", q.href(sort, dir, Some(page_no)))
    };
    let sort_link = {
        let link = link.clone();
        let q = q.clone();
        move |col: SortBy| {
            let active = q.sort == col;
            let descending = col.descending(q.dir);
            let next_dir = if active && descending { Order::Asc } else if col == SortBy::Name && !active { Order::Asc } else { Order::Desc };
            let sort_state = if !active { "none" } else if descending { "descending" } else { "ascending" };
            view! {
                <th scope="col" aria-sort=sort_state>
                    <a href=link(col, next_dir, 1)>{col.label()}{active.then(|| if descending { " ▼" } else { " ▲" })}</a>
                </th>
            }
        }
    };
    let select = |name: &'static str, label: &'static str, current: &'static str, options: Vec<(&'static str, &'static str)>| {
        view! {
            <div class="field inline">
                <label for=format!("filter-{name}")>{label}</label>
                <select id=format!("filter-{name}") name=name>
                    {options.into_iter().map(|(value, text)| view! { <option value=value selected=current == value>{text}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    let rule = page.rule.clone();
    view! {
        <p><a href=format!("/positions/{}", id)>"← " {page.position.clone()}</a></p>
        <div class="page-head">
            <h1>"Results"</h1>
            <p class="muted">{page.position.clone()}" · "{rule.describe()}</p>
        </div>
        {note.map(|n| view! { <p class="alert success" role="status">{n}</p> })}
        <form method="get" class="filters" action=format!("/positions/{id}/results")>
            <input type="hidden" name="sort" value=q.sort.as_str()/>
            <input type="hidden" name="dir" value=q.dir.as_str()/>
            {select("status", "Status", q.status.as_str(), StatusFilter::ALL.iter().map(|c| (c.as_str(), c.label())).collect())}
            {select("gates", "Gates", q.gates.as_str(), GateFilter::ALL.iter().map(|c| (c.as_str(), c.label())).collect())}
            {select("decision", "Decision", q.decision.as_str(), DecisionFilter::ALL.iter().map(|c| (c.as_str(), c.label())).collect())}
            <button type="submit" class="secondary">"Filter"</button>
        </form>
        <p class="muted">
            {format!("{} candidate{} match. ", page.matching, if page.matching == 1 { "" } else { "s" })}
            <a href=format!("/positions/{id}/results.csv?{}", q.href(q.sort, q.dir, None)) download="">"Download these as CSV"</a>
        </p>
        {if page.rows.is_empty() {
            view! { <p class="empty">"No submitted screenings match. Results appear here as candidates submit."</p> }.into_any()
        } else {
            let first_rank = (page.page - 1) * page.page_size;
            view! {
                <div class="table-wrap">
                    <table class="stack results">
                        <caption class="visually-hidden">"Candidates ranked by total score; column headers sort"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"#"</th>
                                {sort_link(SortBy::Name)}
                                {sort_link(SortBy::Attitude)}
                                {sort_link(SortBy::Skill)}
                                {sort_link(SortBy::Total)}
                                <th scope="col">"Percentile"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Decision"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.rows.iter().enumerate().map(|(i, r)| {
                                let status = if !r.complete {
                                    "Awaiting grading".to_string()
                                } else if r.attitude_passed && r.skill_passed {
                                    "Passed".to_string()
                                } else if (r.attitude_short && !r.attitude_passed) || (r.skill_short && !r.skill_passed) {
                                    "Not enough answers".to_string()
                                } else if !r.attitude_passed && rule.both_gates {
                                    "Failed attitude".to_string()
                                } else {
                                    "Failed".to_string()
                                };
                                let status_class = if !r.complete { "state" } else if r.attitude_passed && r.skill_passed { "state state-submitted" } else { "state state-failed" };
                                view! {
                                    <tr>
                                        <td data-label="#">{first_rank + i as i64 + 1}</td>
                                        <td data-label="Candidate">
                                            <a href=format!("/positions/{}/candidates/{}", id, r.invitation_id)>{r.name.clone()}</a>
                                            {(r.state != crate::positions::CandidateState::Submitted).then(|| view! {
                                                " "<span class=r.state.css_class() title=r.state.explain()>{r.state.label()}</span>
                                            })}
                                        </td>
                                        <td data-label="Attitude" class:fail=r.complete && !r.attitude_passed && rule.both_gates>{gate_text(r.attitude, r.attitude_short)}</td>
                                        <td data-label="Skill" class:fail=r.complete && !r.skill_passed && rule.both_gates>{gate_text(r.skill, r.skill_short)}</td>
                                        <td data-label="Total"><strong>{score_text(r.total)}</strong></td>
                                        <td data-label="Percentile">{r.percentile.map(|p| format!("{p:.0}")).unwrap_or_else(|| "—".into())}</td>
                                        <td data-label="Status"><span class=status_class>{status}</span></td>
                                        <td data-label="Decision">{r.decision.map(|d| d.label()).unwrap_or("—")}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <Pager label="Result pages" page=page.page pages=page.pages words=("← Previous", "Next →")
            href=move |n| link(q.sort, q.dir, n)/>
        <crate::training::pages::EnrolPanel position_id=id.clone()/>
        <details class="panel disclosure">
            <summary>"Scoring settings"</summary>
            <ScoringSettings position_id=id.clone() rule=page.rule.clone()/>
        </details>
        <details class="panel disclosure">
            <summary>"Rescore after a key correction"</summary>
            <RescoreForm position_id=id.clone()/>
        </details>
    }
}

#[component]
fn ScoringSettings(position_id: String, rule: RuleView) -> impl IntoView {
    let action = ServerAction::<SaveScoring>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let number = move |name: &'static str, label: &'static str, value: f64, step: &'static str| {
        view! {
            <div class="field inline">
                <label for=name>{label}</label>
                <input id=name name=name type="number" min="0" max="100" step=step value=kept.text_or(name, value.to_string()) required
                    autofocus=kept.focus(name) aria-describedby=format!("{name}-error") aria-invalid=kept.invalid(name)/>
                <FieldError error=error field=name/>
            </div>
        }
    };
    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["gate_rule", "attitude_pass", "skill_pass", "attitude_weight", "skill_weight", "total_pass"]/>
            <input type="hidden" name="position_id" value=position_id/>
            <fieldset class="field">
                <legend>"How the gates combine"</legend>
                <label class="check"><input type="radio" name="gate_rule" value="both" checked=kept.chose("gate_rule", "both", rule.both_gates)/>
                    <span>"Both gates must be passed (a strong skill score does not make up for a failed culture gate)"</span></label>
                <label class="check"><input type="radio" name="gate_rule" value="weighted" checked=kept.chose("gate_rule", "weighted", !rule.both_gates)/>
                    <span>"A weighted total against one pass mark"</span></label>
            </fieldset>
            <div class="row">
                {number("attitude_pass", "Attitude pass mark", rule.attitude_pass, "1")}
                {number("skill_pass", "Skill pass mark", rule.skill_pass, "1")}
            </div>
            <div class="row">
                {number("attitude_weight", "Attitude weight", rule.attitude_weight, "0.1")}
                {number("skill_weight", "Skill weight", rule.skill_weight, "0.1")}
                {number("total_pass", "Total pass mark", rule.total_pass, "1")}
            </div>
            <label class="check"><input type="checkbox" name="double_grading" value="on" checked=kept.chose("double_grading", "on", rule.double_grading)/>
                <span>"Written replies need two graders"</span></label>
            <label class="check"><input type="checkbox" name="show_results" value="on" checked=kept.chose("show_results", "on", rule.show_results)/>
                <span>"Candidates see their own scores on their link"</span></label>
            <button type="submit" class="primary">"Save scoring settings"</button>
        </ActionForm>
    }
}

#[component]
fn RescoreForm(position_id: String) -> impl IntoView {
    let action = ServerAction::<Rescore>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    view! {
        <p>"After correcting a key in a screening (which makes a new version), rescore every submitted attempt of this position with the current versions' keys. Each report keeps its earlier result and names the run."</p>
        <ActionForm action=action>
            <FormError error=error fields=&["reason"]/>
            <input type="hidden" name="position_id" value=position_id/>
            <div class="field">
                <label for="rescore-reason">"Reason (kept in the audit log)"</label>
                <input id="rescore-reason" name="reason" type="text" required maxlength="500" value=kept.text("reason")
                    autofocus=kept.focus("reason") aria-describedby="reason-error" aria-invalid=kept.invalid("reason")/>
                <FieldError error=error field="reason"/>
            </div>
            <button type="submit" class="secondary">"Rescore all"</button>
        </ActionForm>
    }
}
