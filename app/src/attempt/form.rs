//! One section of a screening in the candidate's browser. Without JavaScript it is a plain form
//! that saves the whole section when posted. With JavaScript (this island hydrated) every
//! answer is saved as it is given, each save numbered with the moment of its edit so a late one
//! cannot overwrite a newer one; text is saved a moment after typing stops, when its box loses
//! focus and when the page is hidden; the form that moves on carries every changed field, so
//! nothing typed is lost to a save still in flight. The save status sits by the Continue button,
//! the section's timer follows the server's clock, and the typing test runs.

use super::types::*;
use super::{save_answer, save_section, typing_save, typing_start};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Saving,
    Saved,
    Offline,
    Refused(String),
}

/// Milliseconds on the browser's clock (the server's clock during server rendering).
fn client_now(fallback: i64) -> i64 {
    #[cfg(feature = "hydrate")]
    {
        let _ = fallback;
        js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        fallback
    }
}

#[cfg(feature = "hydrate")]
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn go_to(_url: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(_url);
    }
}

/// Moves focus to the first control of question `item` (or the element itself) and into view.
fn focus_item(_item: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(el) = doc.get_element_by_id(&format!("item-{_item}")) else { return };
        let target = el
            .query_selector("input, textarea, button")
            .ok()
            .flatten()
            .unwrap_or(el);
        if let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() {
            let _ = target.focus();
            target.scroll_into_view_with_bool(false);
        }
    }
}

/// Moves focus to the element with this id once the page has drawn it (it may have only just
/// been asked for).
fn focus_id(id: &str) {
    let _id = id.to_string();
    #[cfg(feature = "hydrate")]
    set_timeout(
        move || {
            use wasm_bindgen::JsCast;
            if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&_id)) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        },
        std::time::Duration::from_millis(0),
    );
}

/// Runs `save` when the page is hidden (another tab, the phone locked) or being closed, and asks
/// before closing while `at_risk` says answers could not be saved (offline: the beacon cannot
/// help either).
fn when_hidden(_save: impl Fn() + 'static, _at_risk: impl Fn() -> bool + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        let Some(window) = web_sys::window() else { return };
        let save = std::rc::Rc::new(_save);
        let on_pagehide = {
            let save = save.clone();
            Closure::<dyn Fn()>::new(move || save())
        };
        let _ = window.add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
        on_pagehide.forget();
        if let Some(doc) = window.document() {
            let on_visibility = {
                let (save, doc) = (save.clone(), doc.clone());
                Closure::<dyn Fn()>::new(move || {
                    if doc.hidden() {
                        save()
                    }
                })
            };
            let _ = doc.add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
            on_visibility.forget();
        }
        let on_beforeunload = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(move |ev: web_sys::BeforeUnloadEvent| {
            if _at_risk() {
                ev.prevent_default();
                ev.set_return_value("Some answers are not saved yet.");
            }
        });
        let _ = window.add_event_listener_with_callback("beforeunload", on_beforeunload.as_ref().unchecked_ref());
        on_beforeunload.forget();
    }
}

/// Tells the server what the candidate's browser noticed (see `attempt::integrity`), with the
/// beacon, which is sent even as the page is hidden or closed.
fn signal(_token: &str, _kind: &str) {
    #[cfg(feature = "hydrate")]
    {
        let Ok(params) = web_sys::UrlSearchParams::new() else { return };
        params.append("token", _token);
        params.append("kind", _kind);
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().send_beacon_with_opt_url_search_params("/api/take/signal", Some(&params));
        }
    }
}

/// Reports each time the page is hidden and shown again, so HR can see time away from it. A
/// page being left for the next one (pagehide comes first) is not time away and is not reported.
fn report_visibility(_token: String) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        let Some(window) = web_sys::window() else { return };
        let Some(doc) = window.document() else { return };
        let leaving = std::rc::Rc::new(std::cell::Cell::new(false));
        let on_pagehide = {
            let leaving = leaving.clone();
            Closure::<dyn Fn()>::new(move || leaving.set(true))
        };
        let _ = window.add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
        on_pagehide.forget();
        let on_change = {
            let doc = doc.clone();
            Closure::<dyn Fn()>::new(move || {
                if !leaving.get() {
                    signal(&_token, if doc.hidden() { "hidden" } else { "visible" })
                }
            })
        };
        let _ = doc.add_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
        on_change.forget();
    }
}

/// Sends a section's changed fields with the browser's beacon, which outlives the page.
fn beacon(_token: &str, _section: usize, _fields: &HashMap<String, String>, _seqs: &HashMap<String, String>) {
    #[cfg(feature = "hydrate")]
    {
        let Ok(params) = web_sys::UrlSearchParams::new() else { return };
        params.append("token", _token);
        params.append("section", &_section.to_string());
        for (name, value) in _fields {
            params.append(&format!("a[{name}]"), value);
        }
        for (name, seq) in _seqs {
            params.append(&format!("s[{name}]"), seq);
        }
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().send_beacon_with_opt_url_search_params("/api/take/section", Some(&params));
        }
    }
}

/// A network failure (as opposed to the server refusing): worth retrying.
fn is_transient(e: &AppError) -> bool {
    matches!(e, AppError::Unreachable(_) | AppError::Internal { .. })
}

fn encode(answer: &Answer) -> Option<String> {
    match answer {
        Answer::Likert(v) => Some(v.to_string()),
        Answer::Option(id) => Some(id.clone()),
        Answer::Options(ids) => Some(ids.join(",")),
        Answer::Text(t) => Some(t.clone()),
        Answer::Typing { .. } => None,
    }
}

/// What a field holds, as the section form posts it (the typing test's text included).
fn form_value(answer: &Answer) -> String {
    match answer {
        Answer::Typing { text, .. } => text.clone(),
        other => encode(other).unwrap_or_default(),
    }
}

/// Whether the candidate has given something: text counts as soon as there is some.
fn is_given(answer: &Answer) -> bool {
    match answer {
        Answer::Text(t) | Answer::Typing { text: t, .. } => !t.trim().is_empty(),
        Answer::Options(o) => !o.is_empty(),
        _ => true,
    }
}

/// Shared by every item of the section: what is on screen, what is saved, how saving goes.
#[derive(Clone, Copy)]
struct Saver {
    token: StoredValue<String>,
    section: usize,
    /// What the page shows now, saved or not.
    answers: RwSignal<HashMap<String, Answer>>,
    /// The edit number of each item changed on this page.
    edits: StoredValue<HashMap<String, i64>>,
    last_seq: StoredValue<i64>,
    /// Answers not yet acknowledged by the server, with their edit numbers.
    pending: RwSignal<HashMap<String, (String, i64)>>,
    /// The typing test has text the server has not acknowledged.
    typing_unsaved: StoredValue<bool>,
    status: RwSignal<Status>,
    flushing: StoredValue<bool>,
    /// The candidate is moving on: late refusals of autosaves are not shown.
    leaving: StoredValue<bool>,
    /// Server clock minus browser clock.
    offset: StoredValue<i64>,
}

impl Saver {
    fn server_now(&self) -> i64 {
        client_now(0) + self.offset.get_value()
    }

    /// The next edit number: the server's time as this browser estimates it, always rising.
    fn next_seq(&self) -> i64 {
        let seq = (self.last_seq.get_value() + 1).max(self.server_now());
        self.last_seq.set_value(seq);
        seq
    }

    /// Records what the page shows for an item, without saving it yet; returns its edit number.
    fn note(&self, item: &str, answer: Option<Answer>) -> i64 {
        let seq = self.next_seq();
        self.answers.update(|a| match answer {
            Some(ans) => {
                a.insert(item.to_string(), ans);
            }
            None => {
                a.remove(item);
            }
        });
        self.edits.update_value(|e| {
            e.insert(item.to_string(), seq);
        });
        seq
    }

    /// Records an answer and queues it; `at_once` saves now (text waits for a pause in typing).
    fn give(&self, item: String, answer: Option<Answer>, at_once: bool) {
        let value = answer.as_ref().and_then(encode).unwrap_or_default();
        let seq = self.note(&item, answer);
        self.pending.update(|p| {
            p.insert(item, (value, seq));
        });
        if at_once {
            self.flush();
        }
    }

    fn unsaved(&self) -> bool {
        self.pending.with_untracked(|p| !p.is_empty()) || self.typing_unsaved.get_value()
    }

    /// Every field changed on this page with its current value and edit number, as the section
    /// form carries them.
    fn form_fields(&self) -> (HashMap<String, String>, HashMap<String, String>) {
        let mut fields = HashMap::new();
        let mut seqs = HashMap::new();
        self.edits.with_value(|edits| {
            self.answers.with_untracked(|answers| {
                for (item, seq) in edits {
                    fields.insert(format!("q{item}"), answers.get(item).map(form_value).unwrap_or_default());
                    seqs.insert(format!("q{item}"), seq.to_string());
                }
            })
        });
        (fields, seqs)
    }

    /// Sends what is unsaved with the beacon, which survives the page closing.
    fn save_before_hiding(&self) {
        if self.leaving.get_value() || !self.unsaved() {
            return;
        }
        let (fields, seqs) = self.form_fields();
        beacon(&self.token.get_value(), self.section, &fields, &seqs);
    }

    fn flush(&self) {
        if self.flushing.get_value() {
            return;
        }
        self.flushing.set_value(true);
        let this = *self;
        leptos::task::spawn_local(async move {
            loop {
                let next = this.pending.with_untracked(|p| p.iter().next().map(|(k, v)| (k.clone(), v.clone())));
                let Some((item, (value, seq))) = next else { break };
                this.status.set(Status::Saving);
                match save_answer(this.token.get_value(), this.section, item.clone(), value.clone(), Some(seq.to_string())).await {
                    Ok(saved) => {
                        this.offset.set_value(saved.server_now - client_now(saved.server_now));
                        this.pending.update(|p| {
                            if p.get(&item).map(|(_, s)| *s) == Some(seq) {
                                p.remove(&item);
                            }
                        });
                    }
                    Err(e) if is_transient(&e) => {
                        // Kept in the queue; the retry timer tries again. Never reported as saved.
                        this.status.set(Status::Offline);
                        this.flushing.set_value(false);
                        return;
                    }
                    Err(e) => {
                        this.pending.update(|p| {
                            p.remove(&item);
                        });
                        if !this.leaving.get_value() {
                            this.status.set(Status::Refused(e.to_string()));
                        }
                    }
                }
            }
            if !matches!(this.status.get_untracked(), Status::Refused(_)) {
                this.status.set(Status::Saved);
            }
            this.flushing.set_value(false);
        });
    }
}

#[island]
pub fn SectionForm(page: SectionPage, ask_blank: bool) -> impl IntoView {
    let saver = Saver {
        token: StoredValue::new(page.token.clone()),
        section: page.index,
        answers: RwSignal::new(page.answers.iter().cloned().collect()),
        edits: StoredValue::new(HashMap::new()),
        last_seq: StoredValue::new(0),
        pending: RwSignal::new(HashMap::new()),
        typing_unsaved: StoredValue::new(false),
        status: RwSignal::new(Status::Idle),
        flushing: StoredValue::new(false),
        leaving: StoredValue::new(false),
        offset: StoredValue::new(0),
    };
    let hydrated = RwSignal::new(false);
    let submitting = RwSignal::new(false);
    let show_blank = RwSignal::new(ask_blank);
    let now = RwSignal::new(page.server_now);
    let announcement = RwSignal::new(String::new());
    let announced = StoredValue::new(Vec::<i64>::new());
    let deadline = page.deadline;
    let server_now_at_render = page.server_now;
    let item_ids: Vec<String> = page.items.iter().map(|i| i.id.clone()).collect();
    let item_count = item_ids.len();
    let blank = {
        let ids = item_ids.clone();
        move || saver.answers.with(|a| ids.iter().filter(|id| !a.get(*id).is_some_and(is_given)).cloned().collect::<Vec<String>>())
    };
    let blank = Memo::new(move |_| blank());

    // Moves on: every changed field goes with the request, so nothing waits on an autosave.
    // Unless `anyway`, blank questions are shown first and the section stays open.
    let leave = move |anyway: bool| {
        if submitting.get_untracked() {
            return;
        }
        if !anyway && !blank.get_untracked().is_empty() {
            show_blank.set(true);
            focus_id("unanswered");
            return;
        }
        submitting.set(true);
        saver.leaving.set_value(true);
        leptos::task::spawn_local(async move {
            let token = saver.token.get_value();
            loop {
                let (fields, seqs) = saver.form_fields();
                let blank_ok = anyway.then(|| "1".to_string());
                match save_section(token.clone(), saver.section, Some(fields), Some(seqs), Some("1".into()), blank_ok).await {
                    Ok(SectionSaved::Unanswered(_)) => {
                        saver.leaving.set_value(false);
                        submitting.set(false);
                        show_blank.set(true);
                        focus_id("unanswered");
                        return;
                    }
                    Ok(_) => {
                        saver.pending.update(|p| p.clear());
                        saver.typing_unsaved.set_value(false);
                        go_to(&format!("/take/{token}/now"));
                        return;
                    }
                    Err(e) if is_transient(&e) => {
                        saver.status.set(Status::Offline);
                        #[cfg(feature = "hydrate")]
                        sleep_ms(3_000).await;
                    }
                    Err(e) => {
                        saver.leaving.set_value(false);
                        saver.status.set(Status::Refused(e.to_string()));
                        submitting.set(false);
                        return;
                    }
                }
            }
        });
    };

    // In the browser: align with the server's clock, retry queued saves, save before the page
    // is hidden, run the timer.
    Effect::new(move |_| {
        saver.offset.set_value(server_now_at_render - client_now(server_now_at_render));
        hydrated.set(true);
        when_hidden(
            move || saver.save_before_hiding(),
            move || saver.unsaved() && !saver.leaving.get_value() && saver.status.get_untracked() == Status::Offline,
        );
        report_visibility(saver.token.get_value());
        set_interval(
            move || {
                if saver.pending.with_untracked(|p| !p.is_empty()) {
                    saver.flush();
                }
            },
            std::time::Duration::from_secs(3),
        );
        if let Some(deadline) = deadline {
            set_interval(
                move || {
                    let server_now = saver.server_now();
                    now.set(server_now);
                    let left = deadline - server_now;
                    for (threshold, text) in [(600_000, "10 minutes left in this section."), (300_000, "5 minutes left in this section."), (60_000, "1 minute left in this section.")] {
                        if left <= threshold && left > threshold - 60_000 && !announced.with_value(|a| a.contains(&threshold)) {
                            announced.update_value(|a| a.push(threshold));
                            announcement.set(text.to_string());
                        }
                    }
                    if left <= 0 && !submitting.get_untracked() {
                        announcement.set("Time is up for this section. Saving your answers and moving on.".into());
                        leave(true);
                    }
                },
                std::time::Duration::from_millis(500),
            );
        }
    });

    let answered = move || saver.answers.with(|a| a.values().filter(|v| is_given(v)).count());
    let status_text = move || {
        if submitting.get() {
            return "Saving your answers…";
        }
        match saver.status.get() {
            Status::Offline | Status::Refused(_) => "",
            _ if saver.pending.with(|p| !p.is_empty()) => "Saving…",
            Status::Saving => "Saving…",
            Status::Saved => "All answers saved.",
            Status::Idle => "",
        }
    };
    let token = page.token.clone();
    let continue_label = if page.is_last { "Finish and review" } else { "Save and continue" };
    let static_time = deadline.map(|d| format!("You have {} for this section.", clock_text(d - page.server_now)));

    view! {
        <article class="take">
            <header class="take-head">
                <p class="progress-text">{format!("Section {} of {} · {}", page.index + 1, page.total, page.part)}</p>
                <progress max=page.total.to_string() value=(page.index + 1).to_string() aria-hidden="true"></progress>
                {deadline.map(|d| view! {
                    <p class="timer" class:urgent=move || d - now.get() < 60_000>
                        <span class="visually-hidden">{static_time.clone()}</span>
                        <span aria-hidden="true">"Time left: " {move || clock_text(d - now.get())}</span>
                    </p>
                })}
                <div class="visually-hidden" role="status" aria-live="polite">{move || announcement.get()}</div>
            </header>
            {page.notice.clone().map(|n| view! { <p class="alert info" role="status">{n}</p> })}
            <h1>{page.title.clone()}</h1>
            {(!page.instructions.is_empty()).then(|| view! { <p class="instructions">{page.instructions.clone()}</p> })}
            {page.time_allowed.clone().map(|t| view! { <p class="time-allowed"><strong>{t}</strong></p> })}
            <form id="section-form" method="post" action="/api/take/section"
                on:submit=move |ev| {
                    ev.prevent_default();
                    leave(false);
                }>
                <input type="hidden" name="token" value=token.clone()/>
                <input type="hidden" name="section" value=page.index.to_string()/>
                <input type="hidden" name="finish" value="1"/>
                {page.items.iter().enumerate().map(|(n, item)| {
                    let initial = page.answer(&item.id).cloned();
                    view! {
                        <div class="item-slot" id=format!("item-{}", item.id) tabindex="-1">
                            <ItemField item=item.clone() number=n + 1 initial=initial saver=saver hydrated=hydrated/>
                        </div>
                    }
                }).collect_view()}
                <div class="take-actions">
                    {move || match saver.status.get() {
                        Status::Offline => Some(view! {
                            <p class="alert warn" role="status">"You are offline or the server cannot be reached. Keep this page open: your latest answers are saved as soon as the connection returns."</p>
                        }.into_any()),
                        Status::Refused(m) => Some(view! { <p class="alert error" role="alert">{m}</p> }.into_any()),
                        _ => None,
                    }}
                    <p class="save-state" role="status" aria-live="polite">
                        {move || format!("{} of {} answered. ", answered(), item_count)}
                        {status_text}
                    </p>
                    <button type="submit" class="primary" disabled=move || submitting.get()>
                        {move || if submitting.get() { "Saving…" } else { continue_label }}
                    </button>
                </div>
                // After the Continue button, so pressing Enter in the form never means "continue
                // without answering".
                {move || show_blank.get().then(|| {
                    let missing = blank.get();
                    let positions: Vec<usize> = missing.iter().filter_map(|m| m.parse().ok()).collect();
                    let first = missing.first().cloned().unwrap_or_default();
                    view! {
                        <section id="unanswered" class="unanswered" tabindex="-1" aria-labelledby="unanswered-title">
                            {if missing.is_empty() {
                                view! { <h2 id="unanswered-title">"Every question is answered"</h2> }.into_any()
                            } else {
                                view! {
                                    <h2 id="unanswered-title">{format!(
                                        "{} question{} not answered yet",
                                        missing.len(),
                                        if missing.len() == 1 { " is" } else { "s are" }
                                    )}</h2>
                                    <p>{format!(
                                        "You have not answered {}. Go back to {}, or continue and leave {} blank.",
                                        question_list(&positions),
                                        if missing.len() == 1 { "it" } else { "them" },
                                        if missing.len() == 1 { "it" } else { "them" }
                                    )}</p>
                                    <ul class="inline-list">
                                        {missing.iter().map(|id| {
                                            let target = id.clone();
                                            let number = id.parse::<usize>().map(|n| n + 1).unwrap_or(0);
                                            view! {
                                                <li><a href=format!("#item-{id}") on:click=move |ev| {
                                                    ev.prevent_default();
                                                    focus_item(&target);
                                                }>{format!("Question {number}")}</a></li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    <p class="actions">
                                        <a class="button" href=format!("#item-{first}") on:click={
                                            let first = first.clone();
                                            move |ev| {
                                                ev.prevent_default();
                                                focus_item(&first);
                                            }
                                        }>{if missing.len() == 1 { "Go back to it" } else { "Go back to them" }}</a>
                                        <button type="submit" name="blank_ok" value="1" class="secondary"
                                            disabled=move || submitting.get()
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                leave(true);
                                            }>"Continue without answering"</button>
                                    </p>
                                }.into_any()
                            }}
                        </section>
                    }
                })}
            </form>
        </article>
    }
}

#[component]
fn ItemField(item: ItemView, number: usize, initial: Option<Answer>, saver: Saver, hydrated: RwSignal<bool>) -> impl IntoView {
    let id = item.id.clone();
    match item.body {
        ItemBody::Likert { statement } => {
            let chosen = match initial {
                Some(Answer::Likert(v)) => Some(v),
                _ => None,
            };
            view! {
                <fieldset class="item likert">
                    <legend><span class="num">{format!("{number}. ")}</span>{statement}</legend>
                    <div class="scale">
                        {(1u8..=5).map(|v| {
                            let (input_id, label_for) = (format!("q{id}-{v}"), format!("q{id}-{v}"));
                            let item_id = id.clone();
                            view! {
                                <label class="scale-option" for=label_for>
                                    <input type="radio" id=input_id name=format!("a[q{id}]") value=v.to_string()
                                        checked=chosen == Some(v)
                                        on:change=move |_| saver.give(item_id.clone(), Some(Answer::Likert(v)), true)/>
                                    <span>{LIKERT_LABELS[(v - 1) as usize]}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            }
            .into_any()
        }
        ItemBody::Judgement { scenario, question, options } => {
            let chosen = match initial {
                Some(Answer::Option(o)) => Some(o),
                _ => None,
            };
            let (scenario_id, described_by) = (format!("q{id}-scenario"), format!("q{id}-scenario"));
            view! {
                <fieldset class="item judgement" aria-describedby=described_by>
                    <legend><span class="num">{format!("{number}. ")}</span>{question}</legend>
                    <p class="scenario" id=scenario_id>{scenario}</p>
                    <OptionList id=id.clone() options=options multiple=false chosen=chosen.into_iter().collect() saver=saver/>
                </fieldset>
            }
            .into_any()
        }
        ItemBody::Choice { question, multiple, options } => {
            let chosen = match initial {
                Some(Answer::Option(o)) => vec![o],
                Some(Answer::Options(os)) => os,
                _ => Vec::new(),
            };
            view! {
                <fieldset class="item choice">
                    <legend>
                        <span class="num">{format!("{number}. ")}</span>{question}
                        {multiple.then(|| view! { <span class="hint">" Choose all that apply."</span> })}
                    </legend>
                    <OptionList id=id.clone() options=options multiple=multiple chosen=chosen saver=saver/>
                </fieldset>
            }
            .into_any()
        }
        ItemBody::Written { channel, customer_message, instructions, max_words } => {
            let text = match initial {
                Some(Answer::Text(t)) => t,
                _ => String::new(),
            };
            view! { <WrittenField id=id number=number channel=channel customer_message=customer_message instructions=instructions max_words=max_words initial=text saver=saver/> }.into_any()
        }
        ItemBody::Typing { title, passage, duration_seconds } => {
            view! { <TypingField id=id title=title passage=passage duration_seconds=duration_seconds initial=initial saver=saver hydrated=hydrated/> }.into_any()
        }
    }
}

#[component]
fn OptionList(id: String, options: Vec<OptionView>, multiple: bool, chosen: Vec<String>, saver: Saver) -> impl IntoView {
    let selected = RwSignal::new(chosen);
    options
        .into_iter()
        .map(|o| {
            let (input_id, label_for) = (format!("q{id}-o{}", o.id), format!("q{id}-o{}", o.id));
            let is_checked = selected.with_untracked(|s| s.contains(&o.id));
            let item_id = id.clone();
            let opt = o.id.clone();
            let name = if multiple { format!("a[q{id}~{}]", o.id) } else { format!("a[q{id}]") };
            let value = if multiple { "on".to_string() } else { o.id.clone() };
            view! {
                <label class="option" for=label_for>
                    <input type=if multiple { "checkbox" } else { "radio" } id=input_id name=name value=value checked=is_checked
                        on:change=move |_| {
                            if multiple {
                                selected.update(|s| {
                                    if let Some(i) = s.iter().position(|x| *x == opt) {
                                        s.remove(i);
                                    } else {
                                        s.push(opt.clone());
                                    }
                                    s.sort();
                                });
                                let now = selected.get_untracked();
                                saver.give(item_id.clone(), (!now.is_empty()).then_some(Answer::Options(now)), true);
                            } else {
                                selected.set(vec![opt.clone()]);
                                saver.give(item_id.clone(), Some(Answer::Option(opt.clone())), true);
                            }
                        }/>
                    <span>{o.text}</span>
                </label>
            }
        })
        .collect_view()
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[component]
fn WrittenField(
    id: String,
    number: usize,
    channel: String,
    customer_message: String,
    instructions: String,
    max_words: u32,
    initial: String,
    saver: Saver,
) -> impl IntoView {
    let text = RwSignal::new(initial.clone());
    let version = StoredValue::new(0u64);
    let area_id = format!("q{id}-reply");
    let count_id = format!("q{id}-count");
    let item_id = id.clone();
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        // Counted and carried by the Continue form at once; sent a moment after typing stops.
        saver.give(item_id.clone(), (!value.trim().is_empty()).then_some(Answer::Text(value)), false);
        version.update_value(|v| *v += 1);
        let mine = version.get_value();
        set_timeout(
            move || {
                if version.get_value() == mine {
                    saver.flush();
                }
            },
            std::time::Duration::from_millis(1_200),
        );
    };
    // Text typed before the page finished loading is in the box but was never seen by
    // `on_input`: pick it up once, in the browser, and save it like any other change.
    let area = NodeRef::<leptos::html::Textarea>::new();
    Effect::new({
        let (item_id, initial) = (id.clone(), initial.clone());
        move |_| {
            if let Some(el) = area.get() {
                let value = el.value();
                if value != initial {
                    text.set(value.clone());
                    saver.give(item_id.clone(), (!value.trim().is_empty()).then_some(Answer::Text(value)), true);
                }
            }
        }
    });
    let label = if channel == "chat" { "The customer's chat message" } else { "The customer's email" };
    let count_class = move || if word_count(&text.get()) as u32 > max_words { "hint over" } else { "hint" };
    view! {
        <div class="item written">
            <p class="legend"><span class="num">{format!("{number}. ")}</span>{label}</p>
            <blockquote class="customer-message">{customer_message}</blockquote>
            {(!instructions.is_empty()).then(|| view! { <p class="instructions">{instructions}</p> })}
            <label for=area_id.clone()>"Your reply"</label>
            <textarea node_ref=area id=area_id name=format!("a[q{id}]") rows="12" aria-describedby=count_id.clone()
                on:input=on_input on:blur=move |_| saver.flush()>{initial}</textarea>
            <p id=count_id class=count_class>
                {move || format!("{} of about {} words", word_count(&text.get()), max_words)}
            </p>
        </div>
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    Ready,
    Running(i64),
    Done,
}

#[component]
fn TypingField(
    id: String,
    title: String,
    passage: String,
    duration_seconds: u32,
    initial: Option<Answer>,
    saver: Saver,
    hydrated: RwSignal<bool>,
) -> impl IntoView {
    let (start_phase, start_text) = match initial {
        Some(Answer::Typing { text, finished: true, .. }) => (Phase::Done, text),
        Some(Answer::Typing { text, ends_at, .. }) => (Phase::Running(ends_at), text),
        _ => (Phase::Ready, String::new()),
    };
    let phase = RwSignal::new(start_phase);
    let text = RwSignal::new(start_text.clone());
    let saved_text = StoredValue::new(start_text.clone());
    let now = RwSignal::new(0i64);
    let note = RwSignal::new(String::new());
    let item = StoredValue::new(id.clone());
    let area_id = format!("q{id}-typing");

    // What the page shows, for the answered count and for the form that moves on.
    let record = move |value: String, finished: bool| {
        let ends_at = match phase.get_untracked() {
            Phase::Running(e) => e,
            _ => 0,
        };
        saver.note(&item.get_value(), Some(Answer::Typing { text: value.clone(), ends_at, finished }));
        saver.typing_unsaved.set_value(saved_text.with_value(|s| *s != value) || finished);
    };
    let save = move |done: bool| {
        let value = text.get_untracked();
        let seq = saver.edits.with_value(|e| e.get(&item.get_value()).copied()).unwrap_or_else(|| saver.next_seq());
        leptos::task::spawn_local(async move {
            loop {
                let sent = typing_save(
                    saver.token.get_value(),
                    saver.section,
                    item.get_value(),
                    value.clone(),
                    done.then(|| "1".to_string()),
                    Some(seq.to_string()),
                )
                .await;
                match sent {
                    Ok(_) => {
                        saved_text.set_value(value.clone());
                        if text.get_untracked() == value {
                            saver.typing_unsaved.set_value(false);
                        }
                        return;
                    }
                    Err(e) if is_transient(&e) => {
                        saver.status.set(Status::Offline);
                        if !done {
                            return;
                        }
                        #[cfg(feature = "hydrate")]
                        sleep_ms(3_000).await;
                    }
                    Err(e) => {
                        if !saver.leaving.get_value() {
                            note.set(e.to_string());
                        }
                        phase.set(Phase::Done);
                        return;
                    }
                }
            }
        });
    };
    let finish = move || {
        if matches!(phase.get_untracked(), Phase::Running(_)) {
            record(text.get_untracked(), true);
            phase.set(Phase::Done);
            save(true);
        }
    };
    let start = move |_| {
        leptos::task::spawn_local(async move {
            match typing_start(saver.token.get_value(), saver.section, item.get_value()).await {
                Ok(clock) => {
                    saver.offset.set_value(clock.server_now - client_now(clock.server_now));
                    phase.set(Phase::Running(clock.ends_at));
                    focus_id(&format!("q{}-typing", item.get_value()));
                }
                Err(e) => note.set(e.to_string()),
            }
        });
    };
    // Seconds since the last save: the text is sent every second while it changes, and every
    // five seconds while it does not, so the server can follow the typing by its own clock.
    let quiet = StoredValue::new(0u32);
    Effect::new(move |_| {
        set_interval(
            move || {
                now.set(saver.server_now());
                if let Phase::Running(ends_at) = phase.get_untracked() {
                    if saver.server_now() >= ends_at {
                        finish();
                    } else if saved_text.with_value(|s| *s != text.get_untracked()) || quiet.get_value() >= 4 {
                        quiet.set_value(0);
                        save(false);
                    } else {
                        quiet.update_value(|q| *q += 1);
                    }
                }
            },
            std::time::Duration::from_millis(1_000),
        );
    });
    view! {
        <div class="item typing">
            <h2 class="h3">{title}</h2>
            <noscript>
                <p class="alert warn">"The typing test needs JavaScript. Turn it on in your browser to take it, or press the button below to skip it and continue; the hiring team will see that it was skipped."</p>
            </noscript>
            <p class="hint">{format!("When you press Start you have {} seconds to copy the passage. Speed and accuracy both count. Pasting is turned off.", duration_seconds)}</p>
            <blockquote class="passage" id=format!("q{id}-passage")>{passage}</blockquote>
            <div class:awaiting-script=move || !hydrated.get()>
                {move || match phase.get() {
                    Phase::Ready => Some(view! { <button type="button" class="primary" on:click=start>"Start the typing test"</button> }.into_any()),
                    Phase::Running(ends_at) => Some(view! {
                        <p class="timer" aria-hidden="true">"Typing time left: " {move || clock_text(ends_at - now.get())}</p>
                    }.into_any()),
                    Phase::Done => Some(view! { <p class="alert success">"Typing test finished. Press the button below to continue."</p> }.into_any()),
                }}
                <label for=area_id.clone()>"Type the passage here"</label>
                <textarea id=area_id rows="8" autocomplete="off" autocapitalize="off" spellcheck="false"
                    aria-describedby=format!("q{id}-passage")
                    readonly=move || !matches!(phase.get(), Phase::Running(_))
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        text.set(value.clone());
                        record(value, false);
                    }
                    on:paste=move |ev| {
                        ev.prevent_default();
                        note.set("Pasting is turned off for the typing test, and the attempt is noted for the hiring team.".into());
                        signal(&saver.token.get_value(), "paste");
                    }
                    on:drop=move |ev| {
                        // Dropping text in is pasting by another name.
                        ev.prevent_default();
                        note.set("Pasting is turned off for the typing test, and the attempt is noted for the hiring team.".into());
                        signal(&saver.token.get_value(), "paste");
                    }
                    prop:value=move || text.get()></textarea>
                // After the box, so Tab from the box reaches it.
                {move || matches!(phase.get(), Phase::Running(_)).then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| finish()>"I have finished typing"</button>
                })}
                <p class="field-error" role="status">{move || note.get()}</p>
            </div>
        </div>
    }
}
