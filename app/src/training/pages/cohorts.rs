//! Cohort pages: the list (with a new cohort for HR), one cohort with each trainee's status,
//! the reasons behind it, weekly averages and trends, and one trainee's grades, history and
//! attendance.

use crate::auth::Role;
use crate::training::api::{get_cohort, get_trainee, list_cohorts, new_cohort_choices, CreateCohort, TraineeLeft};
use crate::training::chart::Trend;
use crate::training::progress::{Flag, Mark, Status};
use crate::training::types::{CohortDetail, CohortSummary, NewCohortOptions, TraineeDetail, WeekRecord};
use crate::ui::{FieldError, FormError, Guarded, Kept, LoadError, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CohortsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_cohorts());
    let hr = crate::ui::current_viewer().map(|v| v.has(Role::Hr)).unwrap_or(false);
    view! {
        <Title text="Cohorts · Keepers"/>
        <Guarded roles=&[Role::Hr, Role::Trainer]>
            <div class="page-head">
                <h1>"Cohorts"</h1>
                <p class="muted">{if hr { "Every cohort in training." } else { "The cohorts you run." }}</p>
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <CohortList list=list hr=hr/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
            {hr.then(|| view! { <NewCohortPanel/> })}
        </Guarded>
    }
}

#[component]
pub fn CohortList(list: Vec<CohortSummary>, hr: bool) -> impl IntoView {
    if list.is_empty() {
        let text = if hr {
            "No cohorts yet. Create one below: choose a programme, a start date and its trainers, then enrol hired candidates from a position's results."
        } else {
            "You are not running a cohort yet. When HR assigns you to one, it appears here with its weekly grading grid."
        };
        return view! { <p class="empty">{text}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="stack">
                <caption class="visually-hidden">"Cohorts"</caption>
                <thead><tr>
                    <th scope="col">"Cohort"</th><th scope="col">"Programme"</th><th scope="col">"Where it is"</th>
                    <th scope="col">"Trainees"</th><th scope="col">"Need attention"</th><th scope="col">"Trainers"</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|c| view! {
                        <tr>
                            <td data-label="Cohort"><a href=format!("/cohorts/{}", c.id)>{c.name.clone()}</a></td>
                            <td data-label="Programme">{c.programme.clone()}</td>
                            <td data-label="Where it is">{c.phase()}</td>
                            <td data-label="Trainees">{c.trainees}</td>
                            <td data-label="Need attention">{if c.at_risk > 0 { view! { <span class="state state-failed">{c.at_risk}</span> }.into_any() } else { view! { <span>"0"</span> }.into_any() }}</td>
                            <td data-label="Trainers">{c.trainers.join(", ")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NewCohortPanel() -> impl IntoView {
    let choices = Resource::new(|| (), |_| new_cohort_choices());
    view! {
        <details class="panel disclosure" open={crate::ui::kept::refused_for_fn::<CreateCohort>().is_some()}>
            <summary>"Create a cohort"</summary>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match choices.await {
                        Ok(c) => view! { <NewCohortForm choices=c/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </details>
    }
}

#[component]
fn NewCohortForm(choices: NewCohortOptions) -> impl IntoView {
    let action = ServerAction::<CreateCohort>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    if choices.programmes.is_empty() {
        return view! { <p class="empty">"Add a training programme first: " <a href="/programmes">"Programmes"</a></p> }.into_any();
    }
    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["name", "programme", "start_date", "trainers"]/>
            <TextField kept=kept name="name" id="cohort-name" label="Name" required=true maxlength=120 placeholder="January cohort"/>
            <div class="field">
                <label for="cohort-programme">"Programme"</label>
                <select id="cohort-programme" name="programme" required aria-describedby="programme-error"
                    autofocus=kept.focus("programme") aria-invalid=kept.invalid("programme")>
                    {choices.programmes.into_iter().enumerate().map(|(i, (id, title))| {
                        let selected = kept.chose("programme", &id, i == 0);
                        view! { <option value=id selected=selected>{title}</option> }
                    }).collect_view()}
                </select>
                <FieldError error=error field="programme"/>
            </div>
            <TextField kept=kept name="start_date" id="cohort-start" label="First training day" kind="date" required=true/>
            <fieldset class="field" aria-describedby="trainers-error">
                <legend>"Trainers"</legend>
                {choices.trainers.into_iter().map(|t| {
                    let name = format!("trainer[u{}]", t.id);
                    let checked = kept.chose(&name, "on", false);
                    view! { <label class="check"><input type="checkbox" name=name value="on" checked=checked/><span>{t.name}</span></label> }
                }).collect_view()}
                <FieldError error=error field="trainers"/>
            </fieldset>
            <button type="submit" class="primary">"Create cohort"</button>
        </ActionForm>
    }
    .into_any()
}

fn level_text(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into())
}

fn percent_text(v: Option<f64>) -> String {
    v.map(|v| format!("{:.0}%", v * 100.0)).unwrap_or_else(|| "—".into())
}

#[component]
pub fn StatusTag(status: Status) -> impl IntoView {
    view! { <span class=format!("status-tag status-{}", status.slug())>{status.label()}</span> }
}

#[component]
pub fn FlagList(flags: Vec<Flag>) -> impl IntoView {
    (!flags.is_empty()).then(|| {
        view! { <ul class="flags">{flags.into_iter().map(|f| view! { <li>{f.reason()}</li> }).collect_view()}</ul> }
    })
}

#[component]
pub fn CohortPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let created = use_query_map().with_untracked(|q| q.get("created").is_some());
    let detail = Resource::new(move || id.clone(), get_cohort);
    view! {
        <Title text="Cohort · Keepers"/>
        <Guarded roles=&[Role::Hr, Role::Trainer]>
            <p><a href="/cohorts">"← All cohorts"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <CohortView detail=d created=created/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn CohortView(detail: CohortDetail, created: bool) -> impl IntoView {
    let s = detail.summary.clone();
    let cohort_id = s.id.clone();
    let weeks_total = detail.weeks.len();
    view! {
        <div class="page-head">
            <h1>{s.name.clone()}</h1>
            <p class="muted">{format!("{} (version {}) · starts {} · {} · trainers: {}", s.programme, detail.version, s.start, s.phase(), s.trainers.join(", "))}</p>
            <p>
                {detail.hr.then(|| view! { <a class="button secondary" href=format!("/cohorts/{}/offer", s.id)>"The Offer"</a>" " })}
                <a class="button secondary" href=format!("/cohorts/{}/grades.csv", s.id) download="">"Download grades (CSV)"</a>
            </p>
        </div>
        {created.then(|| view! {
            <p class="alert success" role="status">"The cohort is created. Enrol hired candidates from a position's results page: "<a href="/positions">"Positions"</a></p>
        })}
        <section class="panel">
            <h2>"Weeks"</h2>
            <ul class="week-links">
                {detail.weeks.iter().map(|w| view! {
                    <li class:current=w.current>
                        <a href=format!("/cohorts/{}/weeks/{}", cohort_id, w.number)>{format!("Week {}: {}", w.number, w.title)}</a>
                        <span class="muted small">{format!(" · {} · {}", w.dates, if w.closed { "closed" } else if w.current { "this week" } else { "open" })}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section>
            <h2>"Trainees"</h2>
            {if detail.trainees.is_empty() {
                view! { <p class="empty">{if detail.hr { "Nobody is enrolled yet. Enrol hired candidates from a position's results page." } else { "Nobody is enrolled yet." }}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="stack trainees">
                            <caption class="visually-hidden">"Trainees with status, the reasons for it, average and attendance"</caption>
                            <thead><tr>
                                <th scope="col">"Trainee"</th><th scope="col">"Status"</th><th scope="col">"Why"</th>
                                <th scope="col">"Average"</th><th scope="col">"Attendance"</th><th scope="col">"Week by week"</th>
                            </tr></thead>
                            <tbody>
                                {detail.trainees.iter().map(|t| view! {
                                    <tr>
                                        <td data-label="Trainee"><a href=format!("/cohorts/{}/trainees/{}", cohort_id, t.trainee_id)>{t.name.clone()}</a></td>
                                        <td data-label="Status"><StatusTag status=t.progress.status/></td>
                                        <td data-label="Why">
                                            <FlagList flags=t.progress.flags.clone()/>
                                            {t.left_reason.clone().map(|r| view! { <span class="muted small">{r}</span> })}
                                        </td>
                                        <td data-label="Average">{level_text(t.progress.overall)}</td>
                                        <td data-label="Attendance">{percent_text(t.progress.attendance)}</td>
                                        <td data-label="Week by week"><Trend scores=t.progress.week_scores.clone() name=t.name.clone() small=true/></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section class="panel">
            <h2>"Weekly averages per competency"</h2>
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">"Average level of active trainees per competency and week; a dash where the competency is not graded that week"</caption>
                    <thead><tr>
                        <th scope="col">"Competency"</th>
                        {(1..=weeks_total).map(|w| view! { <th scope="col">{format!("Week {w}")}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {detail.averages.into_iter().map(|a| view! {
                            <tr>
                                <th scope="row">{a.name}</th>
                                {a.per_week.into_iter().map(|v| view! { <td>{level_text(v)}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <details class="panel disclosure">
            <summary>"The programme this cohort runs"</summary>
            <super::ProgrammeOutline view=detail.view.clone()/>
        </details>
    }
}

#[component]
pub fn TraineePage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("trainee").unwrap_or_default());
    let left = use_query_map().with_untracked(|q| q.get("left").is_some());
    let detail = Resource::new(move || id.clone(), get_trainee);
    view! {
        <Title text="Trainee · Keepers"/>
        <Guarded roles=&[Role::Hr, Role::Trainer]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <TraineeView detail=d left=left/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

/// Grades, notes and attendance week by week (staff and the trainee see the same layout).
#[component]
pub fn WeekRecords(weeks: Vec<WeekRecord>) -> impl IntoView {
    weeks
        .into_iter()
        .map(|w| {
            let missed: Vec<String> = w
                .days
                .iter()
                .filter_map(|(day, mark)| match mark {
                    Some(m) if *m != Mark::Present => Some(format!("{day}: {}", m.label().to_lowercase())),
                    _ => None,
                })
                .collect();
            let recorded = w.days.iter().filter(|(_, m)| m.is_some()).count();
            view! {
                <section class="panel week-record">
                    <h3>{format!("Week {}: {}{}", w.number, w.title, if w.closed { "" } else { " (open)" })}</h3>
                    <ul class="stats">
                        {w.grades.into_iter().map(|(name, level)| view! {
                            <li><strong>{level.map(|l| l.to_string()).unwrap_or_else(|| "—".into())}</strong>" "{name}</li>
                        }).collect_view()}
                    </ul>
                    {w.note.map(|n| view! { <p class="note">"Trainer's note: “"{n}"”"</p> })}
                    <p class="muted small">{if recorded == 0 {
                        "No attendance recorded yet.".to_string()
                    } else if missed.is_empty() {
                        format!("Present every recorded day ({recorded}).")
                    } else {
                        format!("Attendance: {}.", missed.join("; "))
                    }}</p>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn TraineeView(detail: TraineeDetail, left: bool) -> impl IntoView {
    let p = detail.progress.clone();
    let action = ServerAction::<TraineeLeft>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let active = p.progress.status != Status::Left;
    view! {
        <p><a href=format!("/cohorts/{}", detail.cohort_id)>"← " {detail.cohort.clone()}</a></p>
        <div class="page-head">
            <h1>{p.name.clone()}</h1>
            <p class="muted">{detail.email.clone()}" · "<StatusTag status=p.progress.status/></p>
        </div>
        {left.then(|| view! { <p class="alert success" role="status">"Recorded: they have left the cohort."</p> })}
        <section class="panel">
            <h2>"Progress"</h2>
            <ul class="stats">
                <li><strong>{level_text(p.progress.overall)}</strong>" average"</li>
                <li><strong>{percent_text(p.progress.attendance)}</strong>" attendance"</li>
            </ul>
            <FlagList flags=p.progress.flags.clone()/>
            {p.left_reason.clone().map(|r| view! { <p>"Left: "{r}</p> })}
            <Trend scores=p.progress.week_scores.clone() name=p.name.clone() small=false/>
            {detail.report.clone().map(|r| view! { <p><a href=r>"The screening report that got them hired"</a></p> })}
        </section>
        <WeekRecords weeks=detail.weeks.clone()/>
        <section class="panel">
            <h2>"Grade history"</h2>
            {if detail.changes.is_empty() {
                view! { <p class="empty">"No grades yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="history">
                        {detail.changes.iter().map(|c| {
                            let level = |l: Option<u8>| l.map(|l| l.to_string()).unwrap_or_else(|| "none".into());
                            view! {
                                <li>
                                    {c.correction.then(|| view! { <span class="tag">"Correction"</span>" " })}
                                    <strong>{format!("Week {} · {}: {} → {}", c.week, c.competency, level(c.old), level(c.new))}</strong>
                                    {format!(" · {} · {}", c.by, c.at)}
                                    {c.reason.clone().map(|r| view! { <br/><span>{r}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        {(detail.hr && active).then(|| view! {
            <details class="panel disclosure" open=kept.was_refused()>
                <summary>"They have left the cohort"</summary>
                <ActionForm action=action>
                    <FormError error=error fields=&["reason"]/>
                    <input type="hidden" name="trainee_id" value=p.trainee_id.clone()/>
                    <TextField kept=kept name="reason" id="left-reason" label="Why (kept on the record)" required=true maxlength=500/>
                    <button type="submit" class="danger">"Record that they left"</button>
                </ActionForm>
            </details>
        })}
    }
}
