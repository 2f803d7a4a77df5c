//! Programme pages (HR): the list with import, one programme with its weeks and rubrics, and
//! the file editor. A version that a cohort runs is frozen; saving makes the next version.

use crate::auth::Role;
use crate::screening::library::{DefinitionErrors, FileToTextarea};
use crate::training::api::{get_programme, list_programmes, ImportProgramme, SaveProgramme};
use crate::training::types::{ProgrammeDetail, ProgrammeView, WeekView};
use crate::ui::{FormError, Guarded, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ProgrammesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_programmes());
    view! {
        <Title text="Programmes · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <div class="page-head">
                <h1>"Training programmes"</h1>
                <p class="muted">"The weeks, competencies and rubrics a cohort is trained and graded on. Each programme is one readable file."</p>
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">"No programmes yet. Import a programme file below, or start from the template."</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="stack">
                                    <caption class="visually-hidden">"Programmes"</caption>
                                    <thead><tr><th scope="col">"Title"</th><th scope="col">"Weeks"</th><th scope="col">"Version"</th><th scope="col">"Cohorts"</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|p| view! {
                                            <tr>
                                                <td data-label="Title"><a href=format!("/programmes/{}", p.id)>{p.title}</a></td>
                                                <td data-label="Weeks">{p.weeks}</td>
                                                <td data-label="Version">{format!("{}{}", p.version, if p.in_use { " (in use)" } else { "" })}</td>
                                                <td data-label="Cohorts">{p.cohorts}</td>
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
            <section class="panel">
                <h2>"Import a programme file"</h2>
                <p>"A file with a new key becomes a new programme; a file with an existing key becomes that programme's next version. The box starts with a four-week template."</p>
                <ImportProgrammeForm/>
            </section>
        </Guarded>
    }
}

#[component]
fn ImportProgrammeForm() -> impl IntoView {
    let action = ServerAction::<ImportProgramme>::new();
    let kept = crate::ui::Kept::new(action);
    let error = kept.error();
    #[cfg(feature = "ssr")]
    let template = crate::training::definition::TEMPLATE;
    #[cfg(not(feature = "ssr"))]
    let template = "";
    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["definition"]/>
            <FileToTextarea target="import-definition".to_string() accept=".toml,text/plain".to_string() label="Or choose a programme file".to_string()/>
            <div class="field">
                <label for="import-definition">"Programme file (TOML)"</label>
                <textarea id="import-definition" name="definition" rows="14" class="mono" spellcheck="false"
                    autofocus=kept.focus("definition") aria-invalid=kept.invalid("definition")
                    aria-describedby="definition-error">{kept.text_or("definition", template)}</textarea>
                <DefinitionErrors error=error/>
            </div>
            <button type="submit" class="primary">"Import"</button>
        </ActionForm>
    }
}

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let saved = StoredValue::new(use_query_map().with_untracked(|q| q.get("saved")));
    let detail = Resource::new(move || id.clone(), get_programme);
    view! {
        <Title text="Programme · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <p><a href="/programmes">"← All programmes"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <ProgrammeDetailView detail=d saved=saved.get_value()/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn ProgrammeDetailView(detail: ProgrammeDetail, saved: Option<String>) -> impl IntoView {
    let s = detail.summary.clone();
    let note = saved.map(|k| match k.as_str() {
        "new-version" => format!("Saved as version {}. Cohorts already running keep the version they started with.", s.version),
        "imported" => format!("Imported as version {}.", s.version),
        _ => format!("Saved version {}.", s.version),
    });
    view! {
        <div class="page-head">
            <h1>{s.title.clone()}</h1>
            <p class="muted">{format!("Key {} · version {} · {} weeks", s.key, s.version, s.weeks)}</p>
        </div>
        {note.map(|n| view! { <p class="alert success" role="status">{n}</p> })}
        <p class="actions">
            <a class="button secondary" href=format!("/programmes/{}/edit", s.id)>"Edit the file"</a>
            " "
            <a class="button secondary" href=format!("/programmes/{}/export", s.id) download="">"Export (TOML)"</a>
        </p>
        <ProgrammeOutline view=detail.view.clone()/>
        <section class="panel">
            <h2>"Versions"</h2>
            <ul>
                {detail.versions.into_iter().map(|v| view! {
                    <li>{format!(
                        "Version {} · {}{} · {}",
                        v.version,
                        v.created,
                        v.by.map(|b| format!(" by {b}")).unwrap_or_default(),
                        if v.cohorts > 0 { format!("run by {} cohort{}", v.cohorts, if v.cohorts == 1 { "" } else { "s" }) } else { "no cohort yet, editable".into() }
                    )}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The weeks and rubrics of a programme; the trainee's page shows the same.
#[component]
pub fn ProgrammeOutline(view: ProgrammeView) -> impl IntoView {
    let weeks = view.weeks.clone();
    let v = view.clone();
    view! {
        {(!view.intro.is_empty()).then(|| view! { <p>{view.intro.clone()}</p> })}
        <p class="muted">{format!(
            "To complete: an average of {:.1} or more, each competency at its pass level, and {}% attendance ({} training days a week).",
            view.pass_overall, view.attendance_expected, view.days_per_week
        )}</p>
        <section class="panel">
            <h2>"Weeks"</h2>
            <ol class="weeks">
                {weeks.into_iter().map(|w: WeekView| {
                    let names = w.competencies.iter().filter_map(|k| v.competency(k)).map(|c| c.name.clone()).collect::<Vec<_>>().join(", ");
                    view! {
                        <li>
                            <h3>{format!("Week {}: {}", w.number, w.title)}</h3>
                            {(!w.focus.is_empty()).then(|| view! { <p>{w.focus.clone()}</p> })}
                            <p class="muted small">{format!("Graded: {names}")}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        <section class="panel">
            <h2>"Competencies and rubrics"</h2>
            {view.competencies.into_iter().map(|c| view! {
                <details class="disclosure rubric-view">
                    <summary>{format!("{} · weight {} · pass {}", c.name, c.weight, c.pass)}</summary>
                    <ol class="levels">
                        {c.levels.into_iter().enumerate().map(|(i, l)| view! { <li><strong>{format!("{}: ", i + 1)}</strong>{l}</li> }).collect_view()}
                    </ol>
                </details>
            }).collect_view()}
        </section>
    }
}

#[component]
pub fn EditProgrammePage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let detail = Resource::new(move || id.clone(), get_programme);
    view! {
        <Title text="Edit programme · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <EditProgrammeForm detail=d/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn EditProgrammeForm(detail: ProgrammeDetail) -> impl IntoView {
    let action = ServerAction::<SaveProgramme>::new();
    let kept = crate::ui::Kept::new(action);
    let error = kept.error();
    let s = detail.summary;
    view! {
        <p><a href=format!("/programmes/{}", s.id)>"← Back to the programme"</a></p>
        <div class="page-head">
            <h1>{format!("Edit “{}”", s.title)}</h1>
            {if s.in_use {
                view! { <p class="alert info">{format!("A cohort runs version {}, so saving creates version {}. Running cohorts keep the version they started with.", s.version, s.version + 1)}</p> }.into_any()
            } else {
                view! { <p class="muted">{format!("No cohort runs version {} yet; saving changes it in place.", s.version)}</p> }.into_any()
            }}
        </div>
        <ActionForm action=action>
            <FormError error=error fields=&["definition"]/>
            <input type="hidden" name="id" value=s.id.clone()/>
            <div class="field">
                <label for="definition">"Programme file (TOML)"</label>
                <p class="hint" id="definition-hint">"One [[competency]] per graded skill with five level descriptors, lowest first; one [[week]] per week listing the competencies graded that week. Problems are listed below the editor with where they are."</p>
                <textarea id="definition" name="definition" rows="28" class="mono editor" spellcheck="false"
                    autofocus=kept.focus("definition") aria-invalid=kept.invalid("definition")
                    aria-describedby="definition-hint definition-error">{kept.text_or("definition", detail.definition)}</textarea>
                <DefinitionErrors error=error/>
            </div>
            <button type="submit" class="primary">"Save"</button>
        </ActionForm>
    }
}
