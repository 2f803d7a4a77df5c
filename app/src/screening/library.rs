//! HR's screening library: the list, a readable preview with the answer key, the version
//! history, editing the file in the browser, importing and exporting it.

use super::Kind;
use crate::auth::Role;
use crate::error::AppError;
use crate::ui::{FormError, Guarded, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreeningSummary {
    pub id: String,
    pub key: String,
    pub title: String,
    pub kind: Kind,
    pub version: i64,
    pub taken: bool,
    pub positions: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub version: i64,
    pub created: String,
    pub by: Option<String>,
    pub taken: bool,
    pub attempts: i64,
}

/// A screening as HR reads it: every item with its key material (HR only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreeningDetail {
    pub summary: ScreeningSummary,
    pub intro: String,
    pub definition: String,
    pub sections: Vec<SectionPreview>,
    pub versions: Vec<VersionInfo>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionPreview {
    pub key: String,
    pub title: String,
    pub instructions: String,
    pub time_limit_minutes: Option<u32>,
    pub draw: Option<u32>,
    pub items: Vec<ItemPreview>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemPreview {
    pub key: String,
    pub kind: String,
    pub text: String,
    /// One line per option or criterion, with its score or correctness.
    pub details: Vec<String>,
}

#[server(prefix = "/api", endpoint = "screenings/list")]
pub async fn list_screenings() -> Result<Vec<ScreeningSummary>, AppError> {
    crate::auth::guard::require::<ListScreenings>()?;
    let state = crate::state::app_state()?;
    server::summaries(&state, None).await
}

#[server(prefix = "/api", endpoint = "screenings/get")]
pub async fn get_screening(id: String) -> Result<ScreeningDetail, AppError> {
    crate::auth::guard::require::<GetScreening>()?;
    let state = crate::state::app_state()?;
    server::detail(&state, &id).await
}

#[server(prefix = "/api", endpoint = "screenings/save")]
pub async fn save_screening(id: String, definition: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<SaveScreening>()?;
    let state = crate::state::app_state()?;
    let saved = super::store::save(&state.db, state.now(), &crate::audit::Actor::Staff(&viewer), &id, &definition).await?;
    crate::ui::redirect_after(&format!(
        "/screenings/{}?saved={}",
        saved.screening_id,
        if saved.new_version { "new-version" } else { "edited" }
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "screenings/import")]
pub async fn import_screening(definition: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<ImportScreening>()?;
    let state = crate::state::app_state()?;
    if definition.trim().is_empty() {
        return Err(AppError::invalid("definition", "Paste a screening file, or choose one."));
    }
    let saved = super::store::import(&state.db, state.now(), &crate::audit::Actor::Staff(&viewer), &definition).await?;
    crate::ui::redirect_after(&format!("/screenings/{}?saved=imported", saved.screening_id));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::clock::format_utc;
    use crate::db::RowExt;
    use crate::screening::definition::{Channel, Item};
    use crate::state::AppState;

    pub async fn summaries(state: &AppState, only: Option<&str>) -> Result<Vec<ScreeningSummary>, AppError> {
        let rows = sqlx::query(
            "SELECT s.id, s.key, s.title, s.kind, v.version, v.frozen_at,
                    (SELECT COUNT(*) FROM positions p WHERE p.attitude_screening_id = s.id OR p.skill_screening_id = s.id) AS positions
             FROM screenings s JOIN screening_versions v ON v.id = s.current_version_id
             WHERE ($1 = '' OR s.id = $1)
             ORDER BY s.kind, LOWER(s.title)",
        )
        .bind(only.unwrap_or(""))
        .fetch_all(state.db.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ScreeningSummary {
                    id: r.text("id")?,
                    key: r.text("key")?,
                    title: r.text("title")?,
                    kind: Kind::parse(&r.text("kind")?).unwrap_or(Kind::Attitude),
                    version: r.int("version")?,
                    taken: r.opt_int("frozen_at")?.is_some(),
                    positions: r.int("positions")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(AppError::from)
    }

    pub async fn detail(state: &AppState, id: &str) -> Result<ScreeningDetail, AppError> {
        let summary = summaries(state, Some(id)).await?.into_iter().next().ok_or_else(|| AppError::not_found("That screening"))?;
        let current = crate::screening::store::current(&state.db, id).await?.ok_or_else(|| AppError::not_found("That screening"))?;
        let parsed = crate::screening::definition::Screening::from_toml(&current.definition, None)
            .map_err(|p| crate::error::internal(format!("{p:?}")))?;
        let versions = sqlx::query(
            "SELECT v.version, v.created_at, v.frozen_at, u.name,
                    (SELECT COUNT(*) FROM attempts a WHERE a.attitude_version_id = v.id OR a.skill_version_id = v.id) AS attempts
             FROM screening_versions v LEFT JOIN users u ON u.id = v.created_by
             WHERE v.screening_id = $1 ORDER BY v.version DESC",
        )
        .bind(id)
        .fetch_all(state.db.reader())
        .await?
        .iter()
        .map(|r| {
            Ok(VersionInfo {
                version: r.int("version")?,
                created: format_utc(r.int("created_at")?),
                by: r.opt_text("name")?,
                taken: r.opt_int("frozen_at")?.is_some(),
                attempts: r.int("attempts")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let sections = parsed
            .sections()
            .iter()
            .map(|s| SectionPreview {
                key: s.key.clone(),
                title: s.title.clone(),
                instructions: s.instructions.clone(),
                time_limit_minutes: s.time_limit_minutes,
                draw: s.draw,
                items: s.items.iter().map(preview).collect(),
            })
            .collect();
        Ok(ScreeningDetail {
            summary,
            intro: parsed.file().screening.intro.clone(),
            definition: current.definition,
            sections,
            versions,
        })
    }

    fn preview(item: &Item) -> ItemPreview {
        let (text, details) = match item {
            Item::Likert(i) => (
                i.statement.clone(),
                vec![format!("Value: {}{}", i.value, if i.reverse { " (reverse-keyed)" } else { "" })],
            ),
            Item::Judgement(i) => (
                format!("{} {}", i.scenario, i.question),
                i.options.iter().map(|o| format!("{} · score {} · {}", o.key, o.score, o.text)).collect(),
            ),
            Item::Choice(i) => (
                format!("{}{}", i.question, if i.multiple { " (choose all that apply)" } else { "" }),
                i.options
                    .iter()
                    .map(|o| format!("{} · {} · {}", o.key, if o.correct { "correct" } else { "wrong" }, o.text))
                    .collect(),
            ),
            Item::Typing(i) => (i.passage.clone(), vec![format!("{} seconds", i.duration_seconds)]),
            Item::Written(i) => (
                i.customer_message.clone(),
                std::iter::once(format!(
                    "{} reply, up to {} words",
                    match i.channel {
                        Channel::Email => "Email",
                        Channel::Chat => "Chat",
                    },
                    i.max_words
                ))
                .chain(i.rubric.iter().map(|c| format!("{} (weight {}): {}", c.name, c.weight, c.levels.join(" / "))))
                .collect(),
            ),
        };
        ItemPreview { key: item.key().to_string(), kind: item.type_name().to_string(), text, details }
    }

    /// The file of a screening's current version, for download.
    pub async fn export(state: &AppState, id: &str) -> Result<(String, String), AppError> {
        let current = crate::screening::store::current(&state.db, id).await?.ok_or_else(|| AppError::not_found("That screening"))?;
        let key = sqlx::query("SELECT key FROM screenings WHERE id = $1").bind(id).fetch_one(state.db.reader()).await?.text("key")?;
        Ok((format!("{key}-v{}.toml", current.version), current.definition))
    }
}

#[component]
pub fn LibraryPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_screenings());
    view! {
        <Title text="Screenings · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <div class="page-head">
                <h1>"Screenings"</h1>
                <p class="muted">"The attitude and skill screenings your positions use. Each is one readable file you can export, review and import again."</p>
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">"No screenings yet. Import a screening file below to start."</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="stack">
                                    <caption class="visually-hidden">"Screenings"</caption>
                                    <thead><tr><th scope="col">"Title"</th><th scope="col">"Gate"</th><th scope="col">"Version"</th><th scope="col">"Used by"</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|s| view! {
                                            <tr>
                                                <td data-label="Title"><a href=format!("/screenings/{}", s.id)>{s.title}</a></td>
                                                <td data-label="Gate">{s.kind.label()}</td>
                                                <td data-label="Version">{format!("{}{}", s.version, if s.taken { " (taken)" } else { "" })}</td>
                                                <td data-label="Used by">{format!("{} position{}", s.positions, if s.positions == 1 { "" } else { "s" })}</td>
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
                <h2>"Import a screening file"</h2>
                <p>"A file with a new key becomes a new screening; a file with an existing key becomes that screening's next version."</p>
                <ImportForm/>
            </section>
        </Guarded>
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    let action = ServerAction::<ImportScreening>::new();
    let kept = crate::ui::Kept::new(action);
    let error = kept.error();
    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["definition"]/>
            <FileToTextarea target="import-definition".to_string() accept=".toml,text/plain".to_string() label="Or choose a screening file".to_string()/>
            <div class="field">
                <label for="import-definition">"Screening file (TOML)"</label>
                <textarea id="import-definition" name="definition" rows="10" class="mono" spellcheck="false"
                    autofocus=kept.focus("definition") aria-invalid=kept.invalid("definition")
                    aria-describedby="definition-error">{kept.text("definition")}</textarea>
                <DefinitionErrors error=error/>
            </div>
            <button type="submit" class="primary">"Import"</button>
        </ActionForm>
    }
}

/// File problems, one per line, next to the editor.
#[component]
pub fn DefinitionErrors(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let lines = move || {
        error.with(|e| e.as_ref().and_then(|e| e.for_field("definition")).map(|m| m.lines().map(str::to_owned).collect::<Vec<_>>()))
    };
    view! {
        <div id="definition-error" class="field-error-list" role="alert">
            {move || lines().map(|lines| view! {
                <p class="field-error">{format!("The file has {} problem{}:", lines.len(), if lines.len() == 1 { "" } else { "s" })}</p>
                <ul class="field-error">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            })}
        </div>
    }
}

/// A file picker that loads a text file into a textarea (the upload happens with the form).
#[island(lazy)]
pub fn FileToTextarea(target: String, accept: String, label: String) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let input_id = format!("{target}-file");
    let on_change = {
        let target = target.clone();
        move |ev: leptos::ev::Event| {
            #[cfg(feature = "hydrate")]
            {
                use wasm_bindgen::JsCast;
                let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
                let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
                let target = target.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                        let doc = web_sys::window().and_then(|w| w.document());
                        if let Some(area) = doc
                            .and_then(|d| d.get_element_by_id(&target))
                            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                        {
                            area.set_value(&text.as_string().unwrap_or_default());
                        }
                    }
                });
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (&ev, &target);
        }
    };
    view! {
        <div class="field" class:awaiting-script=move || !hydrated.get()>
            <label for=input_id.clone()>{label}</label>
            <input id=input_id type="file" accept=accept on:change=on_change/>
        </div>
    }
}

#[component]
pub fn ScreeningPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let saved = use_query_map().with_untracked(|q| q.get("saved"));
    let detail = Resource::new(move || id.clone(), get_screening);
    let saved = StoredValue::new(saved);
    view! {
        <Title text="Screening · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <p><a href="/screenings">"← All screenings"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <ScreeningView detail=d saved=saved.get_value()/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn ScreeningView(detail: ScreeningDetail, saved: Option<String>) -> impl IntoView {
    let s = detail.summary.clone();
    let note = saved.map(|k| match k.as_str() {
        "new-version" => format!("Saved as version {}. The earlier version had been taken, so it stays as it was.", s.version),
        "imported" => format!("Imported as version {}.", s.version),
        _ => format!("Saved version {}.", s.version),
    });
    view! {
        <div class="page-head">
            <h1>{s.title.clone()}</h1>
            <p class="muted">{format!("{} screening · key {} · version {}", s.kind.label(), s.key, s.version)}</p>
        </div>
        {note.map(|n| view! { <p class="alert success" role="status">{n}</p> })}
        <p class="actions">
            <a class="button secondary" href=format!("/screenings/{}/edit", s.id)>"Edit the file"</a>
            " "
            <a class="button secondary" href=format!("/screenings/{}/export", s.id) download="">"Export (TOML)"</a>
        </p>
        {(!detail.intro.is_empty()).then(|| view! { <p>{detail.intro.clone()}</p> })}
        {detail.sections.into_iter().map(|sec| view! {
            <section class="panel">
                <h2>{sec.title}</h2>
                <p class="muted">{format!(
                    "{} items{}{}",
                    sec.items.len(),
                    sec.draw.map(|d| format!(", {d} drawn for each candidate")).unwrap_or_default(),
                    sec.time_limit_minutes.map(|m| format!(", {m} minutes")).unwrap_or_else(|| ", untimed".into())
                )}</p>
                <ol class="preview-items">
                    {sec.items.into_iter().map(|i| view! {
                        <li>
                            <p><span class="tag">{i.kind}</span>" "<code>{i.key}</code></p>
                            <p class="preview-text">{i.text}</p>
                            <ul class="muted small">{i.details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }).collect_view()}
        <section class="panel">
            <h2>"Versions"</h2>
            <ul>
                {detail.versions.into_iter().map(|v| view! {
                    <li>{format!(
                        "Version {} · {}{} · {}",
                        v.version,
                        v.created,
                        v.by.map(|b| format!(" by {b}")).unwrap_or_default(),
                        if v.taken { format!("taken ({} attempt{})", v.attempts, if v.attempts == 1 { "" } else { "s" }) } else { "not taken yet, editable".into() }
                    )}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn EditScreeningPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let detail = Resource::new(move || id.clone(), get_screening);
    view! {
        <Title text="Edit screening · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <EditForm detail=d/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn EditForm(detail: ScreeningDetail) -> impl IntoView {
    let action = ServerAction::<SaveScreening>::new();
    let kept = crate::ui::Kept::new(action);
    let error = kept.error();
    let s = detail.summary;
    view! {
        <p><a href=format!("/screenings/{}", s.id)>"← Back to the screening"</a></p>
        <div class="page-head">
            <h1>{format!("Edit “{}”", s.title)}</h1>
            {if s.taken {
                view! { <p class="alert info">{format!("Version {} has been taken, so saving creates version {}. Attempts keep the version they used.", s.version, s.version + 1)}</p> }.into_any()
            } else {
                view! { <p class="muted">{format!("Version {} has not been taken yet; saving changes it in place.", s.version)}</p> }.into_any()
            }}
        </div>
        <ActionForm action=action>
            <FormError error=error fields=&["definition"]/>
            <input type="hidden" name="id" value=s.id.clone()/>
            <div class="field">
                <label for="definition">"Screening file (TOML)"</label>
                <p class="hint" id="definition-hint">"Item types: likert, judgement, choice, typing, written. Keys use lowercase letters, digits and hyphens. Problems are listed below the editor with where they are."</p>
                <textarea id="definition" name="definition" rows="28" class="mono editor" spellcheck="false"
                    autofocus=kept.focus("definition") aria-invalid=kept.invalid("definition")
                    aria-describedby="definition-hint definition-error">{kept.text_or("definition", detail.definition)}</textarea>
                <DefinitionErrors error=error/>
            </div>
            <button type="submit" class="primary">"Save"</button>
        </ActionForm>
    }
}
