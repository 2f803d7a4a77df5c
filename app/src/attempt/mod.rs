//! Taking a screening: the candidate's link opens a landing page (what it is, how long, the
//! accommodations, privacy and consent), then one section at a time, then a review and submit.
//! Every server function here is reached with the candidate's link token and nothing else.

pub mod form;
pub mod integrity;
pub mod types;

#[cfg(feature = "ssr")]
pub mod answer;
#[cfg(feature = "ssr")]
pub mod flow;
#[cfg(feature = "ssr")]
pub mod plan;
#[cfg(feature = "ssr")]
pub mod store;

use crate::error::AppError;
use crate::positions::ExtraTime;
use crate::ui::{set_status, FormError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::collections::HashMap;
use types::*;

#[cfg(feature = "ssr")]
async fn ticket_for(token: &str) -> Result<(crate::state::AppState, flow::Ticket), AppError> {
    let state = crate::state::app_state()?;
    let ticket = flow::ticket(&state, token).await?;
    Ok((state, ticket))
}

#[server(prefix = "/api", endpoint = "take/landing")]
pub async fn take_landing(token: String) -> Result<Landing, AppError> {
    crate::auth::guard::authorize::<TakeLanding>()?;
    let (state, ticket) = ticket_for(&token).await?;
    flow::landing(&state, &ticket).await
}

#[server(prefix = "/api", endpoint = "take/start")]
pub async fn start_attempt(token: String, consent: Option<String>) -> Result<(), AppError> {
    crate::auth::guard::authorize::<StartAttempt>()?;
    if consent.as_deref() != Some("yes") {
        return Err(AppError::invalid("consent", "Please tick the box to agree before you start."));
    }
    let (state, ticket) = ticket_for(&token).await?;
    flow::start(&state, &ticket).await?;
    crate::ui::redirect_after(&format!("/take/{token}/now"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "take/now")]
pub async fn take_step(token: String) -> Result<Step, AppError> {
    crate::auth::guard::authorize::<TakeStep>()?;
    let (state, ticket) = ticket_for(&token).await?;
    flow::step(&state, &ticket).await
}

/// Saves one answer. `seq` numbers the edit, so a save that arrives late cannot overwrite a
/// newer one.
#[server(prefix = "/api", endpoint = "take/save")]
pub async fn save_answer(token: String, section: usize, item: String, value: String, seq: Option<String>) -> Result<Saved, AppError> {
    crate::auth::guard::authorize::<SaveAnswer>()?;
    let (state, ticket) = ticket_for(&token).await?;
    flow::save_answer(&state, &ticket, section, &item, &value, seq.as_deref()).await
}

/// Saves a section's form: `a` holds the fields by name ("q3"), `s` their edit numbers. With
/// `finish` it moves on, unless a question is blank and `blank_ok` is not given: then the page
/// comes back listing the blank questions.
#[server(prefix = "/api", endpoint = "take/section")]
pub async fn save_section(
    token: String,
    section: usize,
    a: Option<HashMap<String, String>>,
    s: Option<HashMap<String, String>>,
    finish: Option<String>,
    blank_ok: Option<String>,
) -> Result<SectionSaved, AppError> {
    crate::auth::guard::authorize::<SaveSection>()?;
    let (state, ticket) = ticket_for(&token).await?;
    let leave = flow::Leave::parse(finish.as_deref(), blank_ok.as_deref());
    let saved = flow::save_section(&state, &ticket, section, &a.unwrap_or_default(), &s.unwrap_or_default(), leave).await?;
    match &saved {
        SectionSaved::MovedOn => crate::ui::redirect_after(&format!("/take/{token}/now")),
        SectionSaved::Unanswered(_) => crate::ui::redirect_after(&format!("/take/{token}/now?unanswered=1#unanswered")),
        SectionSaved::Saved => {}
    }
    Ok(saved)
}

/// Goes back to a section the candidate left, at question `item`.
#[server(prefix = "/api", endpoint = "take/reopen")]
pub async fn reopen_section(token: String, section: usize, item: Option<usize>) -> Result<(), AppError> {
    crate::auth::guard::authorize::<ReopenSection>()?;
    let (state, ticket) = ticket_for(&token).await?;
    flow::reopen(&state, &ticket, section).await?;
    let anchor = item.map(|i| format!("#item-{i}")).unwrap_or_default();
    crate::ui::redirect_after(&format!("/take/{token}/now{anchor}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "take/submit")]
pub async fn submit_attempt(token: String) -> Result<(), AppError> {
    crate::auth::guard::authorize::<SubmitAttempt>()?;
    let (state, ticket) = ticket_for(&token).await?;
    flow::submit(&state, &ticket).await?;
    crate::ui::redirect_after(&format!("/take/{token}/done"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "take/typing_start")]
pub async fn typing_start(token: String, section: usize, item: String) -> Result<TypingClock, AppError> {
    crate::auth::guard::authorize::<TypingStart>()?;
    let (state, ticket) = ticket_for(&token).await?;
    flow::typing_start(&state, &ticket, section, &item).await
}

#[server(prefix = "/api", endpoint = "take/typing_save")]
pub async fn typing_save(
    token: String,
    section: usize,
    item: String,
    text: String,
    done: Option<String>,
    seq: Option<String>,
) -> Result<Saved, AppError> {
    crate::auth::guard::authorize::<TypingSave>()?;
    let (state, ticket) = ticket_for(&token).await?;
    flow::typing_save(&state, &ticket, section, &item, &text, done.is_some(), seq.as_deref()).await
}

/// What the browser noticed while the screening was open: `paste` (refused in the typing test),
/// `hidden` and `visible` (the page left and returned to). Information for HR, stamped here.
#[server(prefix = "/api", endpoint = "take/signal")]
pub async fn report_signal(token: String, kind: String) -> Result<(), AppError> {
    crate::auth::guard::authorize::<ReportSignal>()?;
    let (state, ticket) = ticket_for(&token).await?;
    flow::signal(&state, &ticket, &kind).await
}

#[server(prefix = "/api", endpoint = "take/self_identify")]
pub async fn self_identify(
    token: String,
    gender: Option<String>,
    ethnicity: Option<String>,
    age_band: Option<String>,
) -> Result<(), AppError> {
    use crate::analytics::identity::{parse, QUESTIONS};
    crate::auth::guard::authorize::<SelfIdentify>()?;
    let raw = [gender, ethnicity, age_band];
    let mut answers: [Option<String>; 3] = Default::default();
    for ((question, raw), answer) in QUESTIONS.iter().zip(raw).zip(answers.iter_mut()) {
        *answer = parse(question, raw.as_deref().unwrap_or("")).map_err(|m| AppError::invalid(question.key, m))?;
    }
    let (state, ticket) = ticket_for(&token).await?;
    flow::self_identify(&state, &ticket, answers).await?;
    crate::ui::redirect_after(&format!("/take/{token}/done"));
    Ok(())
}

fn token_param() -> String {
    use_params_map().with_untracked(|p| p.get("token").unwrap_or_default())
}

/// The page for a link that opens nothing.
#[component]
fn DeadLink(error: AppError) -> impl IntoView {
    set_status(error.status());
    let unknown = matches!(error, AppError::NotFound(_));
    view! {
        <section class="panel narrow">
            <h1>"This link cannot be opened"</h1>
            <p>{error.to_string()}</p>
            {unknown.then(|| view! {
                <p>"Check that you copied the whole link from your email, or ask the person who invited you for a new one."</p>
            })}
        </section>
    }
}

#[component]
pub fn TakeLandingPage() -> impl IntoView {
    let token = token_param();
    let landing = Resource::new({
        let token = token.clone();
        move || token.clone()
    }, take_landing);
    let token = StoredValue::new(token);
    view! {
        <Title text="Your screening · Keepers"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match landing.await {
                    Ok(l) => view! { <LandingView landing=l token=token.get_value()/> }.into_any(),
                    Err(e) => view! { <DeadLink error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn minutes(n: i64) -> String {
    format!("{n} minute{}", if n == 1 { "" } else { "s" })
}

#[component]
fn LandingView(landing: Landing, token: String) -> impl IntoView {
    let start = ServerAction::<StartAttempt>::new();
    let error = Signal::derive(move || start.value().with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    let timed: i64 = landing.sections.iter().filter_map(|s| s.minutes).sum();
    let untimed = landing.sections.iter().filter(|s| s.minutes.is_none()).count();
    let stage = landing.stage;
    let closed_message = match stage {
        Stage::Submitted => Some(("You have submitted this screening", "Thank you. The hiring team has your answers and will be in touch.")),
        Stage::TimedOut => Some(("The time for this screening has run out", "The answers you gave before the time ran out were kept and sent to the hiring team.")),
        Stage::LinkExpired => Some(("This invitation has expired", "Ask the person who invited you whether it can be renewed.")),
        Stage::Withdrawn => Some(("This invitation has been withdrawn", "If you think this is a mistake, reply to your invitation email.")),
        _ => None,
    };
    view! {
        <article class="take narrow">
            <p class="muted">{landing.org.clone()}</p>
            <h1>{format!("Hello {}, welcome to your screening", landing.first_name)}</h1>
            <p class="lead">{format!("For the {} role.", landing.position)}</p>
            {(!landing.description.is_empty()).then(|| view! { <p>{landing.description.clone()}</p> })}
            {match (closed_message, landing.outcome.clone()) {
                (Some(_), Some(o)) => view! { <OutcomePanel outcome=o/> }.into_any(),
                (Some((title, text)), None) => view! {
                    <section class="alert info" role="status"><h2>{title}</h2><p>{text}</p></section>
                }.into_any(),
                (None, _) => view! {
                    <section class="panel">
                        <h2>"What it is"</h2>
                        {landing.intros.iter().map(|i| view! { <p>{i.clone()}</p> }).collect_view()}
                        <ol class="outline">
                            {landing.sections.iter().map(|s| view! {
                                <li>
                                    <strong>{s.title.clone()}</strong>
                                    <span class="muted">{format!(
                                        " · {} · {} question{} · {}",
                                        s.part,
                                        s.items,
                                        if s.items == 1 { "" } else { "s" },
                                        s.minutes.map(minutes).unwrap_or_else(|| "no time limit".into())
                                    )}</span>
                                </li>
                            }).collect_view()}
                        </ol>
                    </section>
                    <section class="panel">
                        <h2>"How long it takes"</h2>
                        <p>{format!(
                            "The timed sections take up to {} in all{}. Once you start, you have {} to finish everything.",
                            minutes(timed),
                            if untimed > 0 { ", and the others are untimed" } else { "" },
                            landing.window_minutes.map(minutes).unwrap_or_default()
                        )}</p>
                        <p>"Each section's clock starts when you open it. Your answers are saved as you give them: if you lose your connection, or need to reload, you can carry on where you were, on this device or another."</p>
                    </section>
                    <section class="panel">
                        <h2>"Accommodations"</h2>
                        {match landing.extra {
                            ExtraTime::None => view! { <p>"Your timed sections have the standard time."</p> }.into_any(),
                            ExtraTime::Untimed => view! { <p><strong>"Your screening is untimed,"</strong>" as arranged: the sections have no time limit."</p> }.into_any(),
                            other => view! { <p><strong>{format!("You have {} on every timed section,", other.label().to_lowercase())}</strong>" as arranged. The times above include it."</p> }.into_any(),
                        }}
                        <p>"The screening works with a keyboard alone and with screen readers; the timer announces when 10, 5 and 1 minutes are left rather than every second. You can zoom the page."</p>
                        {landing.has_typing.then(|| view! { <p>"The typing test needs JavaScript turned on in your browser; everything else works without it."</p> })}
                        <p>"If you need something else (more time, another format), reply to your invitation email before you start."</p>
                    </section>
                    <section class="panel">
                        <h2>"Your privacy"</h2>
                        <p>{format!(
                            "{} keeps your answers, the times you started and finished, and the name and email you were invited with. Only its hiring team sees them, to decide about your application. They are kept for as long as hiring records must be kept and then erased. You can ask for a copy, or for them to be erased, by replying to your invitation email.",
                            landing.org
                        )}</p>
                        <p>"While you take it, we also note a few things about how it was taken, and show them to the hiring team as information, never as a verdict: attempts to paste into the typing test (pasting is turned off there), when you leave the page and for how long, typing that arrives faster than anyone can type, answers sent from more than one device or network, and sections finished much faster than most candidates take. None of these rejects anyone on its own. We keep a one-way code for your device and network, never the address itself."</p>
                    </section>
                    {match stage {
                        Stage::InProgress => view! {
                            <p><a class="button primary" href=format!("/take/{}/now", token)>"Continue where you left off"</a></p>
                        }.into_any(),
                        _ => view! {
                            <ActionForm action=start>
                                <FormError error=error fields=&["consent"]/>
                                <input type="hidden" name="token" value=token.clone()/>
                                <div class="field">
                                    <label class="check">
                                        <input type="checkbox" name="consent" value="yes" required aria-describedby="consent-error"/>
                                        <span>"I have read how my answers are used and I agree to take the screening."</span>
                                    </label>
                                    <crate::ui::FieldError error=error field="consent"/>
                                </div>
                                <button type="submit" class="primary">"Start the screening"</button>
                            </ActionForm>
                            <p class="muted small">{format!("This link works until {}.", landing.link_valid_until)}</p>
                        }.into_any(),
                    }}
                }.into_any(),
            }}
        </article>
    }
}

#[component]
pub fn TakeNowPage() -> impl IntoView {
    let token = token_param();
    // Set when a form posted without JavaScript left questions blank: the page lists them.
    let ask_blank = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("unanswered").is_some());
    let step = Resource::new({
        let token = token.clone();
        move || token.clone()
    }, take_step);
    let token = StoredValue::new(token);
    view! {
        <Title text="Your screening · Keepers"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let token = token.get_value();
                match step.await {
                    Ok(Step::NotStarted) => {
                        crate::ui::redirect(&format!("/take/{token}"));
                        view! { <p><a href=format!("/take/{token}")>"Start the screening"</a></p> }.into_any()
                    }
                    Ok(Step::Section(page)) => view! { <form::SectionForm page=page ask_blank=ask_blank/> }.into_any(),
                    Ok(Step::Review(review)) => view! { <ReviewView review=review/> }.into_any(),
                    Ok(Step::Finished(_)) => {
                        crate::ui::redirect(&format!("/take/{token}/done"));
                        view! { <p><a href=format!("/take/{token}/done")>"Continue"</a></p> }.into_any()
                    }
                    Err(e) => view! { <DeadLink error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReviewView(review: Review) -> impl IntoView {
    let submit = ServerAction::<SubmitAttempt>::new();
    let error = Signal::derive(move || submit.value().with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    let left = duration_text(review.attempt_deadline - review.server_now);
    let missing = review.questions - review.answered;
    let token = review.token.clone();
    view! {
        <article class="take narrow">
            <h1>"Ready to submit?"</h1>
            <p>{format!("You have answered {} of {} questions.", review.answered, review.questions)}</p>
            <table class="stack review">
                <caption>"Your answers, section by section"</caption>
                <thead><tr><th scope="col">"Section"</th><th scope="col">"Answered"</th><th scope="col">"Not answered"</th></tr></thead>
                <tbody>
                    {review.sections.iter().map(|s| {
                        let token = token.clone();
                        view! {
                            <tr>
                                <th scope="row" data-label="Section">
                                    {s.title.clone()}
                                    {s.timed_out.then(|| view! { <span class="muted small">" · time ran out, closed with what you had saved"</span> })}
                                </th>
                                <td data-label="Answered">{format!("{} of {}", s.questions - s.unanswered.len(), s.questions)}</td>
                                <td data-label="Not answered">
                                    {if s.unanswered.is_empty() {
                                        view! { <span>"None"</span> }.into_any()
                                    } else if s.can_reopen {
                                        view! { <ReopenLinks token=token section=s.index unanswered=s.unanswered.clone()/> }.into_any()
                                    } else {
                                        view! {
                                            <span>{capitalised(&question_list(&s.unanswered))}</span>
                                            <span class="muted small">" (this section's time is over, so it cannot be opened again)"</span>
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {(missing > 0).then(|| view! {
                <p>"You can submit with questions unanswered; they score nothing. Where a section can still be opened, choose a question to go back to it."</p>
            })}
            <p>{format!("Once you submit, your answers are final and go to the hiring team. If you do nothing, they are submitted automatically when your time runs out ({left} from now).")}</p>
            <ActionForm action=submit>
                <FormError error=error fields=&[]/>
                <input type="hidden" name="token" value=review.token.clone()/>
                <button type="submit" class="primary">"Submit my answers"</button>
            </ActionForm>
        </article>
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// One button per unanswered question of a section that can still be opened: each goes back to
/// the section at that question. Plain form posts, so they work without JavaScript.
#[component]
fn ReopenLinks(token: String, section: usize, unanswered: Vec<usize>) -> impl IntoView {
    view! {
        <ul class="inline-list">
            {unanswered.into_iter().map(|pos| view! {
                <li>
                    <form method="post" action="/api/take/reopen">
                        <input type="hidden" name="token" value=token.clone()/>
                        <input type="hidden" name="section" value=section.to_string()/>
                        <input type="hidden" name="item" value=pos.to_string()/>
                        <button type="submit" class="link-button">{format!("Question {}", pos + 1)}</button>
                    </form>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn TakeDonePage() -> impl IntoView {
    let token = token_param();
    let landing = Resource::new(move || token.clone(), take_landing);
    view! {
        <Title text="Thank you · Keepers"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match landing.await {
                    Ok(l) => view! {
                        <article class="take narrow">
                            {match l.stage {
                                Stage::TimedOut => view! {
                                    <h1>"Time is up"</h1>
                                    <p>"The time for your screening ran out. The answers you gave before then were saved and have gone to the hiring team."</p>
                                }.into_any(),
                                _ => view! {
                                    <h1>{format!("Thank you, {}", l.first_name)}</h1>
                                    <p>"Your answers have been submitted."</p>
                                }.into_any(),
                            }}
                            {l.outcome.clone().map(|o| view! { <OutcomePanel outcome=o/> })}
                            {if l.self_identified {
                                view! { <p class="muted">"Thank you for answering the optional questions about yourself."</p> }.into_any()
                            } else {
                                view! { <SelfIdForm token=token_param()/> }.into_any()
                            }}
                            <h2>"What happens next"</h2>
                            <ol>
                                <li>{format!("The hiring team at {} reviews every screening, including a person reading your written reply.", l.org)}</li>
                                <li>"You will hear from them by email within a week, whatever the outcome."</li>
                                <li>"If you are offered the role, training starts with a paid programme of several weeks."</li>
                            </ol>
                            <p>"You can close this page. This link will keep showing that your screening is complete."</p>
                        </article>
                    }.into_any(),
                    Err(e) => view! { <DeadLink error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The voluntary self-identification, after the screening. Kept apart from the answers; the
/// hiring team never sees it per person.
#[component]
fn SelfIdForm(token: String) -> impl IntoView {
    use crate::analytics::identity::QUESTIONS;
    let action = ServerAction::<SelfIdentify>::new();
    let error = Signal::derive(move || action.value().with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    view! {
        <section class="panel" aria-labelledby="self-id-title">
            <h2 id="self-id-title">"Optional: help us check our hiring is fair"</h2>
            <p>"These questions are voluntary and do not affect your application. Your answers are kept apart from your screening: the people who read your answers and decide never see them. They are only counted together with everyone else's, to check that the screening treats every group fairly. Leave any question blank to skip it."</p>
            <ActionForm action=action>
                <FormError error=error fields=&["gender", "ethnicity", "age_band"]/>
                <input type="hidden" name="token" value=token/>
                {QUESTIONS.iter().map(|q| {
                    let id = format!("self-id-{}", q.key);
                    view! {
                        <div class="field">
                            <label for=id.clone()>{q.label}</label>
                            <select id=id name=q.key aria-describedby=format!("{}-error", q.key)>
                                <option value="">"Prefer not to say"</option>
                                {q.options.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                            </select>
                            <crate::ui::FieldError error=error field=q.key/>
                        </div>
                    }
                }).collect_view()}
                <button type="submit">"Send my answers"</button>
            </ActionForm>
        </section>
    }
}

/// Where the candidate stands, once they have submitted: on the landing page and the last page.
#[component]
fn OutcomePanel(outcome: crate::attempt::types::Outcome) -> impl IntoView {
    let o = outcome;
    view! {
        <section class="panel" aria-labelledby="status-title">
            <h2 id="status-title">{o.headline.clone()}</h2>
            <p>{o.text.clone()}</p>
            {o.result.clone().map(|r| view! {
                <h3>"Your scores"</h3>
                <ul class="stats">
                    <li><strong>{format!("{:.0}", r.attitude)}</strong>" culture and values (of 100)"</li>
                    <li><strong>{format!("{:.0}", r.skill)}</strong>" customer-service skills (of 100)"</li>
                </ul>
                {(!r.values.is_empty()).then(|| view! {
                    <table class="stack">
                        <caption>"How your answers matched each company value (1 to 5)"</caption>
                        <thead><tr><th scope="col">"Value"</th><th scope="col">"Score"</th></tr></thead>
                        <tbody>{r.values.iter().map(|(n, v)| view! { <tr><td data-label="Value">{n.clone()}</td><td data-label="Score">{format!("{v:.1}")}</td></tr> }).collect_view()}</tbody>
                    </table>
                })}
            })}
        </section>
    }
}
