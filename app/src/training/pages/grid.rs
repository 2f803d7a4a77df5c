//! The weekly grid page: trainees by the week's competencies, attendance per day, a note per
//! trainee. With JavaScript every cell is saved as it is entered (Enter moves down a column);
//! without it the grid is one form. Closing the week, and correcting a closed one with a reason.

use crate::auth::Role;
use crate::error::AppError;
use crate::training::api::{get_week, save_cell, CloseWeek, CorrectCell};
use crate::training::progress::Mark;
use crate::training::types::{CompetencyView, Field, WeekGrid};
use crate::ui::{FieldError, FormError, Guarded, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn WeekPage() -> impl IntoView {
    let params = use_params_map();
    let (id, week) = params.with_untracked(|p| (p.get("id").unwrap_or_default(), p.get("week").and_then(|w| w.parse::<usize>().ok()).unwrap_or(0)));
    let note = use_query_map().with_untracked(|q| {
        if let Some(n) = q.get("saved") {
            Some(format!("Saved. {n} cell{} changed.", if n == "1" { "" } else { "s" }))
        } else if q.get("closed").is_some() {
            Some("The week is closed. Changes from now on need a reason and are shown as corrections.".into())
        } else {
            q.get("corrected").map(|_| "Correction recorded with its reason.".to_string())
        }
    });
    let grid = Resource::new(move || (id.clone(), week), |(id, week)| get_week(id, week));
    let note = StoredValue::new(note);
    view! {
        <Title text="Week grid · Keepers"/>
        <Guarded roles=&[Role::Hr, Role::Trainer]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match grid.await {
                        Ok(g) => view! { <WeekView grid=g note=note.get_value()/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn WeekView(grid: WeekGrid, note: Option<String>) -> impl IntoView {
    let g = grid.clone();
    view! {
        <p><a href=format!("/cohorts/{}", g.cohort_id)>"← " {g.cohort.clone()}</a></p>
        <div class="page-head">
            <h1>{format!("Week {}: {}", g.week, g.title)}</h1>
            <p class="muted">{format!("{} · week {} of {}", g.cohort, g.week, g.weeks)}</p>
        </div>
        <nav class="pager" aria-label="Weeks">
            {(g.week > 1).then(|| view! { <a href=format!("/cohorts/{}/weeks/{}", g.cohort_id, g.week - 1)>"← Week " {g.week - 1}</a> })}
            {(g.week < g.weeks).then(|| view! { <a href=format!("/cohorts/{}/weeks/{}", g.cohort_id, g.week + 1)>"Week " {g.week + 1} " →"</a> })}
        </nav>
        {note.map(|n| view! { <p class="alert success" role="status">{n}</p> })}
        {(!g.focus.is_empty()).then(|| view! { <p>{g.focus.clone()}</p> })}
        {g.closed.clone().map(|c| view! { <p class="alert info">{c}". Changes need a reason; use the correction form below."</p> })}
        {if g.rows.is_empty() {
            view! { <p class="empty">"Nobody is enrolled in this cohort yet."</p> }.into_any()
        } else {
            view! { <GradeGrid grid=grid.clone()/> }.into_any()
        }}
        <RubricHelp competencies=g.competencies.clone()/>
        {match (&g.closed, g.rows.is_empty()) {
            (None, false) => view! { <CloseWeekForm cohort_id=g.cohort_id.clone() week=g.week missing=g.missing/> }.into_any(),
            (Some(_), false) => view! { <CorrectionForm grid=g.clone()/> }.into_any(),
            _ => ().into_any(),
        }}
    }
}

#[component]
fn RubricHelp(competencies: Vec<CompetencyView>) -> impl IntoView {
    view! {
        <details class="panel disclosure">
            <summary>"What the levels mean"</summary>
            {competencies.into_iter().map(|c| view! {
                <h3>{format!("{} (pass {})", c.name, c.pass)}</h3>
                <ol class="levels">{c.levels.into_iter().enumerate().map(|(i, l)| view! { <li><strong>{format!("{}: ", i + 1)}</strong>{l}</li> }).collect_view()}</ol>
            }).collect_view()}
        </details>
    }
}

#[component]
fn CloseWeekForm(cohort_id: String, week: usize, missing: usize) -> impl IntoView {
    let action = ServerAction::<CloseWeek>::new();
    let error = Signal::derive(move || action.value().with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    view! {
        <section class="panel">
            <h2>"Close the week"</h2>
            <p>"Closing says the week's grades and attendance are final. After that, a change needs a reason and is shown as a correction. Trainees see a week's grades once it is closed."</p>
            {(missing > 0).then(|| view! {
                <p class="alert warn">{format!("{missing} grade{} still empty. Closing now leaves {} ungraded.", if missing == 1 { " is" } else { "s are" }, if missing == 1 { "it" } else { "them" })}</p>
            })}
            <ActionForm action=action>
                <FormError error=error fields=&[]/>
                <input type="hidden" name="cohort_id" value=cohort_id/>
                <input type="hidden" name="week" value=week.to_string()/>
                <button type="submit" class="secondary">{format!("Close week {week}")}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn CorrectionForm(grid: WeekGrid) -> impl IntoView {
    let action = ServerAction::<CorrectCell>::new();
    let kept = crate::ui::Kept::new(action);
    let error = kept.error();
    let pick = move |field: &'static str, value: String, label: String, first: bool| {
        let selected = kept.chose(field, &value, first);
        view! { <option value=value selected=selected>{label}</option> }
    };
    let trainees: Vec<_> = grid.rows.iter().filter(|r| !r.left).map(|r| (r.trainee_id.clone(), r.name.clone())).collect();
    view! {
        <section class="panel">
            <h2>"Correct a closed week"</h2>
            <ActionForm action=action>
                <FormError error=error fields=&["field", "value", "reason"]/>
                <input type="hidden" name="cohort_id" value=grid.cohort_id.clone()/>
                <input type="hidden" name="week" value=grid.week.to_string()/>
                <div class="row">
                    <div class="field">
                        <label for="fix-trainee">"Trainee"</label>
                        <select id="fix-trainee" name="trainee_id">
                            {trainees.into_iter().enumerate().map(|(i, (id, name))| pick("trainee_id", id, name, i == 0)).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="fix-field">"What"</label>
                        <select id="fix-field" name="field" aria-describedby="field-error" autofocus=kept.focus("field") aria-invalid=kept.invalid("field")>
                            {grid.competencies.iter().enumerate().map(|(i, c)| pick("field", Field::Grade(c.key.clone()).encode(), format!("Grade: {}", c.name), i == 0)).collect_view()}
                            {grid.days.iter().map(|(d, label)| pick("field", Field::Attendance(*d).encode(), format!("Attendance: {label}"), false)).collect_view()}
                        </select>
                        <FieldError error=error field="field"/>
                    </div>
                    <div class="field">
                        <label for="fix-value">"New value"</label>
                        <select id="fix-value" name="value" aria-describedby="value-error" autofocus=kept.focus("value") aria-invalid=kept.invalid("value")>
                            {(1..=5).map(|l| pick("value", l.to_string(), format!("Level {l}"), l == 1)).collect_view()}
                            {Mark::ALL.into_iter().map(|m| pick("value", m.as_str().to_string(), m.label().to_string(), false)).collect_view()}
                            {pick("value", String::new(), "Clear it".to_string(), false)}
                        </select>
                        <FieldError error=error field="value"/>
                    </div>
                </div>
                <div class="field">
                    <label for="fix-reason">"Reason (kept with the change and in the audit log)"</label>
                    <input id="fix-reason" name="reason" type="text" required maxlength="1000" value=kept.text("reason")
                        autofocus=kept.focus("reason") aria-describedby="reason-error" aria-invalid=kept.invalid("reason")/>
                    <FieldError error=error field="reason"/>
                </div>
                <button type="submit" class="secondary">"Record correction"</button>
            </ActionForm>
        </section>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Saved,
    Offline,
    Refused(String),
}

/// Cells waiting to be saved, and how saving is going.
#[derive(Clone, Copy)]
struct Queue {
    cohort_id: StoredValue<String>,
    week: usize,
    /// (trainee, field) -> value
    pending: RwSignal<Vec<((String, String), String)>>,
    state: RwSignal<SaveState>,
    busy: StoredValue<bool>,
}

impl Queue {
    fn put(&self, trainee: String, field: String, value: String) {
        self.pending.update(|p| {
            p.retain(|(k, _)| *k != (trainee.clone(), field.clone()));
            p.push(((trainee, field), value));
        });
        self.flush();
    }

    fn flush(&self) {
        if self.busy.get_value() {
            return;
        }
        self.busy.set_value(true);
        let this = *self;
        leptos::task::spawn_local(async move {
            loop {
                let Some(((trainee, field), value)) = this.pending.with_untracked(|p| p.first().cloned()) else { break };
                this.state.set(SaveState::Saving);
                match save_cell(this.cohort_id.get_value(), this.week, trainee.clone(), field.clone(), value.clone()).await {
                    Ok(()) => this.pending.update(|p| p.retain(|(k, v)| !(*k == (trainee.clone(), field.clone()) && *v == value))),
                    Err(AppError::Unreachable(_) | AppError::Internal { .. }) => {
                        this.state.set(SaveState::Offline);
                        this.busy.set_value(false);
                        return;
                    }
                    Err(e) => {
                        this.pending.update(|p| p.retain(|(k, _)| *k != (trainee.clone(), field.clone())));
                        this.state.set(SaveState::Refused(e.to_string()));
                        this.busy.set_value(false);
                        return;
                    }
                }
            }
            this.state.set(SaveState::Saved);
            this.busy.set_value(false);
        });
    }
}

/// Every editable cell of the grid: its element id, whose it is, its field as the server names
/// it, and the value the page was rendered with.
fn editable_cells(grid: &WeekGrid) -> Vec<(String, String, String, String)> {
    if grid.closed.is_some() {
        return Vec::new();
    }
    let mut cells = Vec::new();
    for (r, row) in grid.rows.iter().enumerate().filter(|(_, row)| !row.left) {
        for (c, (comp, level)) in grid.competencies.iter().zip(&row.grades).enumerate() {
            let value = level.map(|l| l.to_string()).unwrap_or_default();
            cells.push((format!("g-{r}-{c}"), row.trainee_id.clone(), Field::Grade(comp.key.clone()).encode(), value));
        }
        for (d, ((day, _), mark)) in grid.days.iter().zip(&row.marks).enumerate() {
            let value = mark.map(|m| m.as_str().to_string()).unwrap_or_default();
            cells.push((format!("a-{r}-{d}"), row.trainee_id.clone(), Field::Attendance(*day).encode(), value));
        }
        cells.push((format!("note-{}", row.trainee_id), row.trainee_id.clone(), Field::Note.encode(), row.note.clone()));
    }
    cells
}

/// The value a form control holds in the page now, which may differ from what it was rendered
/// with: a trainer can choose a level before the grid's script has loaded.
fn current_value(_id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let el = web_sys::window()?.document()?.get_element_by_id(_id)?;
        return js_sys::Reflect::get(&el, &"value".into()).ok()?.as_string();
    }
    #[allow(unreachable_code)]
    None
}

/// Moves keyboard focus to the cell with this id, if there is one.
fn focus(_id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(_id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
}

#[island(lazy)]
pub fn GradeGrid(grid: WeekGrid) -> impl IntoView {
    let queue = Queue {
        cohort_id: StoredValue::new(grid.cohort_id.clone()),
        week: grid.week,
        pending: RwSignal::new(Vec::new()),
        state: RwSignal::new(SaveState::Idle),
        busy: StoredValue::new(false),
    };
    let hydrated = RwSignal::new(false);
    let cells = StoredValue::new(editable_cells(&grid));
    Effect::new(move |_| {
        hydrated.set(true);
        // Changes made while the script loaded raised no event: find them and save them.
        for (id, trainee, field, rendered) in cells.get_value() {
            match current_value(&id) {
                Some(now) if now != rendered => queue.put(trainee, field, now),
                _ => {}
            }
        }
        set_interval(
            move || {
                if queue.pending.with_untracked(|p| !p.is_empty()) {
                    queue.flush();
                }
            },
            std::time::Duration::from_secs(3),
        );
    });
    let locked = grid.closed.is_some();
    let rows = grid.rows.len();
    // Enter moves down a column, as in a spreadsheet; Tab moves along a row.
    let on_key = move |kind: &'static str, row: usize, col: usize| {
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Enter" {
                ev.prevent_default();
                let next = if ev.shift_key() { row.checked_sub(1) } else { Some(row + 1).filter(|r| *r < rows) };
                if let Some(next) = next {
                    focus(&format!("{kind}-{next}-{col}"));
                }
            }
        }
    };
    let status = move || match queue.state.get() {
        SaveState::Idle => String::new(),
        SaveState::Saving => "Saving…".into(),
        SaveState::Saved => "All changes saved.".into(),
        SaveState::Offline | SaveState::Refused(_) => String::new(),
    };
    let g = grid.clone();
    view! {
        <div class="save-banner" role="alert">
            {move || match queue.state.get() {
                SaveState::Offline => Some(view! { <p class="alert warn">"The server cannot be reached. Your latest changes are kept in this page and saved as soon as it answers."</p> }.into_any()),
                SaveState::Refused(m) => Some(view! { <p class="alert error">{m}</p> }.into_any()),
                _ => None,
            }}
        </div>
        <form method="post" action="/api/training/save_week" class="grid-form">
            <input type="hidden" name="cohort_id" value=g.cohort_id.clone()/>
            <input type="hidden" name="week" value=g.week.to_string()/>
            <h2 id="grades-title">"Grades"</h2>
            <p class="hint" id="grid-hint">{if locked {
                "This week is closed."
            } else {
                "Choose a level from 1 to 5 (type the digit). Tab moves along a row, Enter moves down a column. Each change is saved as you make it."
            }}</p>
            <div class="table-wrap">
                <table class="grid" aria-labelledby="grades-title" aria-describedby="grid-hint">
                    <thead><tr>
                        <th scope="col">"Trainee"</th>
                        {g.competencies.iter().enumerate().map(|(c, comp)| view! { <th scope="col" id=format!("gc-{c}")>{comp.name.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {g.rows.iter().enumerate().map(|(r, row)| {
                            let tid = row.trainee_id.clone();
                            view! {
                                <tr class:left=row.left>
                                    <th scope="row" id=format!("gr-{r}")>{row.name.clone()}{row.left.then_some(" (left)")}</th>
                                    {g.competencies.iter().zip(&row.grades).enumerate().map(|(c, (comp, level))| {
                                        let field = Field::Grade(comp.key.clone()).encode();
                                        let (t, f) = (tid.clone(), field.clone());
                                        view! {
                                            <td>
                                                <select id=format!("g-{r}-{c}") name=format!("cells[t{tid}~{field}]")
                                                    aria-labelledby=format!("gr-{r} gc-{c}") disabled=locked || row.left
                                                    on:change=move |ev| queue.put(t.clone(), f.clone(), event_target_value(&ev))
                                                    on:keydown=on_key("g", r, c)>
                                                    <option value="" selected=level.is_none()>"—"</option>
                                                    {(1u8..=5).map(|l| view! { <option value=l.to_string() selected=*level == Some(l)>{l.to_string()}</option> }).collect_view()}
                                                </select>
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <h2 id="attendance-title">"Attendance"</h2>
            <div class="table-wrap">
                <table class="grid" aria-labelledby="attendance-title">
                    <thead><tr>
                        <th scope="col">"Trainee"</th>
                        {g.days.iter().enumerate().map(|(d, (_, label))| view! { <th scope="col" id=format!("ad-{d}")>{label.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {g.rows.iter().enumerate().map(|(r, row)| {
                            let tid = row.trainee_id.clone();
                            view! {
                                <tr class:left=row.left>
                                    <th scope="row" id=format!("ar-{r}")>{row.name.clone()}</th>
                                    {g.days.iter().zip(&row.marks).enumerate().map(|(d, ((day, _), mark))| {
                                        let field = Field::Attendance(*day).encode();
                                        let (t, f) = (tid.clone(), field.clone());
                                        view! {
                                            <td>
                                                <select id=format!("a-{r}-{d}") name=format!("cells[t{tid}~{field}]")
                                                    aria-labelledby=format!("ar-{r} ad-{d}") disabled=locked || row.left
                                                    on:change=move |ev| queue.put(t.clone(), f.clone(), event_target_value(&ev))
                                                    on:keydown=on_key("a", r, d)>
                                                    <option value="" selected=mark.is_none()>"—"</option>
                                                    {Mark::ALL.into_iter().map(|m| view! { <option value=m.as_str() selected=*mark == Some(m)>{m.label()}</option> }).collect_view()}
                                                </select>
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <h2>"Notes for the week"</h2>
            <p class="hint">"Notes are shown to the trainee with the week's grades once the week is closed."</p>
            {g.rows.iter().filter(|r| !r.left).map(|row| {
                let (t, id) = (row.trainee_id.clone(), format!("note-{}", row.trainee_id));
                view! {
                    <div class="field">
                        <label for=id.clone()>{format!("Note for {}", row.name)}</label>
                        <textarea id=id name=format!("cells[t{}~note]", row.trainee_id) rows="2" maxlength="2000" disabled=locked
                            on:change=move |ev| queue.put(t.clone(), "note".into(), event_target_value(&ev))>{row.note.clone()}</textarea>
                    </div>
                }
            }).collect_view()}
            <p class="save-state" aria-live="polite">{status}</p>
            {(!locked).then(|| view! {
                <noscript><p class="hint">"Without JavaScript, changes are saved when you press the button."</p></noscript>
                <button type="submit" class="primary">"Save the week"</button>
            })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::types::GridRow;

    #[test]
    fn cell_names_round_trip() {
        for f in [Field::Grade("values".into()), Field::Attendance(7), Field::Note] {
            assert_eq!(Field::parse(&f.encode()), Some(f));
        }
        assert_eq!(Field::parse("g~"), None);
        assert_eq!(Field::parse("a~x"), None);
        assert_eq!(Field::parse("level"), None);
    }

    #[test]
    fn the_cells_checked_after_loading_are_the_open_ones_with_their_rendered_values() {
        let comp = CompetencyView { key: "values".into(), name: "Values".into(), weight: 1, pass: 3, levels: vec![] };
        let row = |id: &str, left: bool| GridRow {
            trainee_id: id.into(),
            name: id.into(),
            left,
            grades: vec![Some(4)],
            marks: vec![None],
            note: "Good week".into(),
        };
        let mut grid = WeekGrid {
            cohort_id: "c".into(),
            cohort: "October".into(),
            week: 3,
            weeks: 6,
            title: "On the phone".into(),
            focus: String::new(),
            closed: None,
            competencies: vec![comp],
            days: vec![(10, "Mon".into())],
            rows: vec![row("ana", false), row("ben", true)],
            missing: 0,
        };
        let cells = editable_cells(&grid);
        assert_eq!(
            cells,
            vec![
                ("g-0-0".into(), "ana".into(), "g~values".into(), "4".into()),
                ("a-0-0".into(), "ana".into(), "a~10".into(), String::new()),
                ("note-ana".into(), "ana".into(), "note".into(), "Good week".into()),
            ]
        );
        grid.closed = Some("closed".into());
        assert!(editable_cells(&grid).is_empty());
    }
}
