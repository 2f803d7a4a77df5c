//! One section of a screening in the candidate's browser. Without JavaScript it is a plain form
//! that saves the whole section when posted. With JavaScript (this island hydrated) every
//! answer is saved as it is given, a banner says when the connection drops while saves are
//! retried, the section's timer follows the server's clock, and the typing test runs.

use super::view::*;
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

/// Shared by every item of the section: where saves go and how they are doing.
#[derive(Clone, Copy)]
struct Saver {
    token: StoredValue<String>,
    section: usize,
    answers: RwSignal<HashMap<String, Answer>>,
    pending: RwSignal<HashMap<String, String>>,
    status: RwSignal<Status>,
    flushing: StoredValue<bool>,
    /// Server clock minus browser clock.
    offset: StoredValue<i64>,
}

impl Saver {
    fn server_now(&self) -> i64 {
        client_now(0) + self.offset.get_value()
    }

    /// Records an answer and saves it; failures stay queued and are retried.
    fn give(&self, item: String, answer: Option<Answer>) {
        let value = answer.as_ref().and_then(encode).unwrap_or_default();
        self.answers.update(|a| match answer {
            Some(ans) => {
                a.insert(item.clone(), ans);
            }
            None => {
                a.remove(&item);
            }
        });
        self.pending.update(|p| {
            p.insert(item, value);
        });
        self.flush();
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
                let Some((item, value)) = next else { break };
                this.status.set(Status::Saving);
                match save_answer(this.token.get_value(), this.section, item.clone(), value.clone()).await {
                    Ok(saved) => {
                        this.offset.set_value(saved.server_now - client_now(saved.server_now));
                        this.pending.update(|p| {
                            if p.get(&item) == Some(&value) {
                                p.remove(&item);
                            }
                        });
                    }
                    Err(e) if is_transient(&e) => {
                        // Kept in the queue; the retry timer tries again.
                        this.status.set(Status::Offline);
                        this.flushing.set_value(false);
                        return;
                    }
                    Err(e) => {
                        this.pending.update(|p| {
                            p.remove(&item);
                        });
                        this.status.set(Status::Refused(e.to_string()));
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
pub fn SectionForm(page: SectionPage) -> impl IntoView {
    let saver = Saver {
        token: StoredValue::new(page.token.clone()),
        section: page.index,
        answers: RwSignal::new(page.answers.iter().cloned().collect()),
        pending: RwSignal::new(HashMap::new()),
        status: RwSignal::new(Status::Idle),
        flushing: StoredValue::new(false),
        offset: StoredValue::new(0),
    };
    let hydrated = RwSignal::new(false);
    let submitting = RwSignal::new(false);
    let now = RwSignal::new(page.server_now);
    let announcement = RwSignal::new(String::new());
    let announced = StoredValue::new(Vec::<i64>::new());
    let deadline = page.deadline;
    let server_now_at_render = page.server_now;
    let item_count = page.items.len();

    let submit = move || {
        if submitting.get_untracked() {
            return;
        }
        submitting.set(true);
        let fields: HashMap<String, String> =
            saver.answers.with_untracked(|a| a.iter().filter_map(|(id, ans)| encode(ans).map(|v| (format!("q{id}"), v))).collect());
        leptos::task::spawn_local(async move {
            let token = saver.token.get_value();
            loop {
                match save_section(token.clone(), saver.section, Some(fields.clone()), Some("1".into())).await {
                    Ok(()) => {
                        go_to(&format!("/take/{token}/now"));
                        return;
                    }
                    Err(e) if is_transient(&e) => {
                        saver.status.set(Status::Offline);
                        #[cfg(feature = "hydrate")]
                        sleep_ms(3_000).await;
                    }
                    Err(e) => {
                        saver.status.set(Status::Refused(e.to_string()));
                        submitting.set(false);
                        return;
                    }
                }
            }
        });
    };

    // In the browser: align with the server's clock, retry queued saves, run the timer.
    Effect::new(move |_| {
        saver.offset.set_value(server_now_at_render - client_now(server_now_at_render));
        hydrated.set(true);
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
                        submit();
                    }
                },
                std::time::Duration::from_millis(500),
            );
        }
    });

    let answered = move || saver.answers.with(|a| a.len());
    let status_text = move || match saver.status.get() {
        Status::Idle => String::new(),
        Status::Saving => "Saving…".into(),
        Status::Saved => "All answers saved.".into(),
        Status::Offline => String::new(),
        Status::Refused(_) => String::new(),
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
            <h1>{page.title.clone()}</h1>
            {(!page.instructions.is_empty()).then(|| view! { <p class="instructions">{page.instructions.clone()}</p> })}
            <div class="save-banner" role="alert">
                {move || match saver.status.get() {
                    Status::Offline => Some(view! {
                        <p class="alert warn">"You are offline or the server cannot be reached. The answers you have given are safe, and we keep trying to save the latest ones."</p>
                    }.into_any()),
                    Status::Refused(m) => Some(view! { <p class="alert error">{m}</p> }.into_any()),
                    _ => None,
                }}
            </div>
            <form id="section-form" method="post" action="/api/take/section"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }>
                <input type="hidden" name="token" value=token.clone()/>
                <input type="hidden" name="section" value=page.index.to_string()/>
                <input type="hidden" name="finish" value="1"/>
                {page.items.iter().enumerate().map(|(n, item)| {
                    let initial = page.answer(&item.id).cloned();
                    view! { <ItemField item=item.clone() number=n + 1 initial=initial saver=saver hydrated=hydrated/> }
                }).collect_view()}
                <p class="save-state" aria-live="polite">
                    {move || format!("{} of {} answered. ", answered(), item_count)}
                    {status_text}
                </p>
                <button type="submit" class="primary" disabled=move || submitting.get()>
                    {move || if submitting.get() { "Saving…" } else { continue_label }}
                </button>
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
                                        on:change=move |_| saver.give(item_id.clone(), Some(Answer::Likert(v)))/>
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
                                saver.give(item_id.clone(), (!now.is_empty()).then_some(Answer::Options(now)));
                            } else {
                                selected.set(vec![opt.clone()]);
                                saver.give(item_id.clone(), Some(Answer::Option(opt.clone())));
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
        // Save a moment after typing stops, not on every key.
        version.update_value(|v| *v += 1);
        let mine = version.get_value();
        let item_id = item_id.clone();
        set_timeout(
            move || {
                if version.get_value() == mine {
                    saver.give(item_id, (!value.trim().is_empty()).then_some(Answer::Text(value)));
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
                    saver.give(item_id.clone(), (!value.trim().is_empty()).then_some(Answer::Text(value)));
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
            <textarea node_ref=area id=area_id name=format!("a[q{id}]") rows="12" aria-describedby=count_id.clone() on:input=on_input>{initial}</textarea>
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

    let save = move |done: bool| {
        let value = text.get_untracked();
        leptos::task::spawn_local(async move {
            loop {
                match typing_save(saver.token.get_value(), saver.section, item.get_value(), value.clone(), done.then(|| "1".to_string())).await {
                    Ok(_) => {
                        saved_text.set_value(value);
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
                        note.set(e.to_string());
                        phase.set(Phase::Done);
                        return;
                    }
                }
            }
        });
    };
    let finish = move || {
        if matches!(phase.get_untracked(), Phase::Running(_)) {
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
                    #[cfg(feature = "hydrate")]
                    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&format!("q{}-typing", item.get_value()))) {
                        use wasm_bindgen::JsCast;
                        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                            let _ = el.focus();
                        }
                    }
                }
                Err(e) => note.set(e.to_string()),
            }
        });
    };
    Effect::new(move |_| {
        set_interval(
            move || {
                now.set(saver.server_now());
                if let Phase::Running(ends_at) = phase.get_untracked() {
                    if saver.server_now() >= ends_at {
                        finish();
                    } else if saved_text.with_value(|s| *s != text.get_untracked()) {
                        save(false);
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
            <div hidden=move || !hydrated.get()>
                {move || match phase.get() {
                    Phase::Ready => view! { <button type="button" class="primary" on:click=start>"Start the typing test"</button> }.into_any(),
                    Phase::Running(ends_at) => view! {
                        <p class="timer" aria-hidden="true">"Typing time left: " {move || clock_text(ends_at - now.get())}</p>
                        <button type="button" class="secondary" on:click=move |_| finish()>"I have finished typing"</button>
                    }.into_any(),
                    Phase::Done => view! { <p class="alert success">"Typing test finished. Press the button below to continue."</p> }.into_any(),
                }}
                <label for=area_id.clone()>"Type the passage here"</label>
                <textarea id=area_id rows="8" autocomplete="off" autocapitalize="off" spellcheck="false"
                    aria-describedby=format!("q{id}-passage")
                    readonly=move || !matches!(phase.get(), Phase::Running(_))
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:paste=move |ev| {
                        ev.prevent_default();
                        note.set("Pasting is turned off for the typing test.".into());
                    }
                    prop:value=move || text.get()></textarea>
                <p class="field-error" role="status">{move || note.get()}</p>
            </div>
        </div>
    }
}
