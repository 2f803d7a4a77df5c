//! The trainee's side of the Offer: what it is, what taking it and staying mean, and a choice
//! that asks for confirmation on a page of its own (so it works without JavaScript). The first
//! answer recorded is final; a second one, from another tab or after the deadline, is told so.

use super::manage::OfferSummary;
use super::{Answer, DecisionView};
use crate::auth::Role;
use crate::error::AppError;
use crate::ui::{FormError, Guarded, Kept, LoadError, TextArea};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnOffer {
    pub name: String,
    pub offer: OfferSummary,
    /// The entry that counts now, if any.
    pub decision: Option<DecisionView>,
    pub history: Vec<DecisionView>,
}

impl OwnOffer {
    pub fn can_answer(&self) -> bool {
        self.decision.is_none() && !self.offer.deadline_passed
    }
}

#[server(prefix = "/api", endpoint = "offer/mine")]
pub async fn my_offer() -> Result<Option<OwnOffer>, AppError> {
    let viewer = crate::auth::guard::require::<MyOffer>()?;
    let state = crate::state::app_state()?;
    server::mine(&state, &viewer.user_id).await
}

#[server(prefix = "/api", endpoint = "offer/answer")]
pub async fn answer_offer(answer: String, reason: Option<String>) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<AnswerOffer>()?;
    let state = crate::state::app_state()?;
    server::answer(&state, &viewer, &answer, reason.as_deref().unwrap_or("")).await?;
    crate::ui::redirect_after("/offer?answered=1");
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::auth::Viewer;
    use crate::offer::store::{self, NewDecision};
    use crate::offer::Source;
    use crate::state::AppState;

    /// The caller's own Offer: found from the signed-in user, never from a parameter.
    pub async fn mine(state: &AppState, user_id: &str) -> Result<Option<OwnOffer>, AppError> {
        let Some((trainee, _)) = crate::training::store::trainee_of_user(&state.db, user_id).await? else { return Ok(None) };
        let Some(offer) = store::for_trainee(&state.db, &trainee.id).await? else { return Ok(None) };
        let mut history = store::history(&state.db, &offer.id, &trainee.id).await?;
        // Only a deadline that has passed without an answer needs the sweep (this runs on
        // every trainee's dashboard).
        if history.is_empty() && state.now() > offer.deadline_at {
            store::sweep(&state.db, state.now()).await?;
            history = store::history(&state.db, &offer.id, &trainee.id).await?;
        }
        let zone = crate::org::store::zone(&state.db).await?;
        Ok(Some(OwnOffer {
            name: trainee.name.clone(),
            offer: crate::offer::manage::server::summary(&offer, state.now(), &zone),
            decision: history.last().cloned(),
            history,
        }))
    }

    pub async fn answer(state: &AppState, viewer: &Viewer, answer: &str, reason: &str) -> Result<(), AppError> {
        let answer = match Answer::parse(answer) {
            Some(a @ (Answer::Take | Answer::Stay)) => a,
            _ => return Err(AppError::invalid("answer", "Choose to take the Offer or to stay.")),
        };
        let reason = reason.trim();
        if reason.chars().count() > 2_000 {
            return Err(AppError::invalid("reason", "Keep your reason under 2,000 characters."));
        }
        let (trainee, _) = crate::training::store::trainee_of_user(&state.db, &viewer.user_id).await?.ok_or_else(|| AppError::not_found("Your Offer"))?;
        let offer = store::for_trainee(&state.db, &trainee.id).await?.ok_or_else(|| AppError::not_found("Your Offer"))?;
        let now = state.now();
        // Only active trainees answer. One who has left (and whose Offer was withdrawn with
        // it) is told so, whichever request of theirs arrives first.

        let already = |d: &DecisionView| {
            AppError::Conflict(format!(
                "Your answer is already recorded: {} ({}). It is final; if something is wrong, talk to HR.",
                d.answer.label(),
                d.at
            ))
        };
        if trainee.left {
            return Err(match store::history(&state.db, &offer.id, &trainee.id).await?.first() {
                Some(d) if d.answer != Answer::Withdrawn => already(d),
                _ => AppError::Conflict("You have left training, so the Offer no longer applies to you. If that is wrong, talk to HR.".into()),
            });
        }
        if now > offer.deadline_at {
            // Record the silence first, so the trainee is told what now stands.
            store::sweep(&state.db, state.now()).await?;
            let recorded = store::history(&state.db, &offer.id, &trainee.id).await?.last().cloned();
            return Err(match recorded {
                Some(d) => already(&d),
                None => AppError::Conflict(format!(
                    "The deadline passed at {}; your answer could not be recorded.",
                    crate::org::store::zone(&state.db).await?.format(offer.deadline_at)
                )),
            });
        }
        let d = NewDecision {
            trainee_id: &trainee.id,
            trainee_name: &trainee.name,
            answer,
            source: Source::Trainee,
            reason: (!reason.is_empty()).then_some(reason),
            by: Some(viewer),
        };
        let mut tx = state.db.begin().await?;
        let recorded = store::insert(&mut tx, now, &offer, 1, &d).await?;
        tx.commit().await?;
        if !recorded {
            let first = store::history(&state.db, &offer.id, &trainee.id).await?.first().cloned();
            return Err(match first {
                Some(d) => already(&d),
                None => AppError::Conflict("Your answer could not be recorded; please reload and try again.".into()),
            });
        }
        Ok(())
    }
}

#[component]
pub fn MyOfferPage() -> impl IntoView {
    let answered = use_query_map().with_untracked(|q| q.get("answered").is_some());
    let data = Resource::new(|| (), |_| my_offer());
    view! {
        <Title text="Your Offer · Keepers"/>
        <Guarded roles=&[Role::Trainee]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(o)) => view! { <OfferView mine=o answered=answered/> }.into_any(),
                        Ok(None) => view! {
                            <h1>"The Offer"</h1>
                            <p class="empty">"There is no Offer for you yet. Near the end of training, every trainee is offered money to leave now or stay; it will appear here."</p>
                        }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

/// What taking the Offer and staying each mean, in plain words.
#[component]
fn Meaning(offer: OfferSummary) -> impl IntoView {
    view! {
        <div class="choices">
            <section class="panel choice-card">
                <h2>"If you take the Offer"</h2>
                <ul>
                    <li>{format!("You leave now and are paid {}.", offer.money.display())}</li>
                    <li>{offer.payout_terms.clone()}</li>
                    <li>{if offer.rehire_allowed { "You may apply to work here again later." } else { "You cannot be rehired later." }}</li>
                </ul>
            </section>
            <section class="panel choice-card">
                <h2>"If you stay"</h2>
                <ul>
                    <li>"You finish training and join the team."</li>
                    <li>"You have chosen to be here, and everyone around you has too."</li>
                </ul>
            </section>
        </div>
    }
}

/// What follows from the answer that counts now, in plain words for the trainee.
pub fn next_steps(decision: &DecisionView, offer: &OfferSummary) -> Vec<String> {
    match decision.answer {
        Answer::Take => vec![
            "Training ends for you now: HR will be in touch about your last day.".into(),
            format!("You are paid {}. {}", offer.money.display(), offer.payout_terms),
            if offer.rehire_allowed { "You may apply to work here again later.".into() } else { "You cannot be rehired later.".into() },
        ],
        Answer::Stay => vec![
            "You finish training with your cohort and join the team.".into(),
            "Your grades, attendance and the week ahead are on your training page.".into(),
        ],
        Answer::NoResponse if decision.leaves => vec![
            "You did not answer by the deadline; your cohort's rule is that you leave training.".into(),
            "HR will be in touch about your last day.".into(),
        ],
        Answer::NoResponse => vec![
            "You did not answer by the deadline; your cohort's rule is that you stay.".into(),
            "You finish training with your cohort and join the team.".into(),
        ],
        Answer::Withdrawn => vec!["You left training, so the Offer no longer applies to you.".into()],
    }
}

#[component]
fn OfferView(mine: OwnOffer, answered: bool) -> impl IntoView {
    let o = mine.offer.clone();
    let first = mine.name.split_whitespace().next().unwrap_or("").to_string();
    view! {
        <div class="page-head">
            <h1>"The Offer"</h1>
            <p class="muted">{format!("{} · answer by {}", o.cohort, o.deadline)}</p>
        </div>
        {answered.then(|| view! { <p class="alert success" role="status">"Your answer is recorded. Thank you."</p> })}
        {match mine.decision.clone() {
            // Answered: what they chose and what happens now, not the choices again.
            Some(d) => view! {
                <section class="panel" aria-labelledby="your-answer">
                    <h2 id="your-answer">"Your answer"</h2>
                    <p class="lead"><strong>{d.answer.label()}</strong>{format!(" · {}", d.at)}</p>
                    {(mine.history.len() > 1).then(|| view! {
                        <ol class="history">{mine.history.iter().map(|h| view! { <li>{h.describe()}{h.reason.clone().map(|r| format!(": {r}"))}</li> }).collect_view()}</ol>
                    })}
                    <h3>"What happens next"</h3>
                    <ul>{next_steps(&d, &o).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                    {(!d.leaves).then(|| view! { <p><a href="/my-training">"Go to your training"</a></p> })}
                    <p class="muted">"Your answer is final. If something is wrong, talk to HR."</p>
                </section>
            }.into_any(),
            None => view! {
                <p class="lead">{format!("{first}, you are nearly through training. Here is the Offer: {} to leave now, or stay.", o.money.display())}</p>
                <blockquote class="note">{o.message.clone()}</blockquote>
                <Meaning offer=o.clone()/>
                {if o.deadline_passed {
                    view! { <p class="alert info">"The deadline has passed."</p> }.into_any()
                } else {
                    view! {
                        <p class="actions">
                            <a class="button primary" href="/offer/confirm/stay">"Stay"</a>
                            " "
                            <a class="button secondary" href="/offer/confirm/take">"Take the offer"</a>
                        </p>
                        <p class="muted small">"Each asks you to confirm on the next page."</p>
                    }.into_any()
                }}
            }.into_any(),
        }}
    }
}

#[component]
pub fn ConfirmOfferPage() -> impl IntoView {
    let answer = use_params_map().with_untracked(|p| p.get("answer").unwrap_or_default());
    let data = Resource::new(|| (), |_| my_offer());
    let answer = StoredValue::new(answer);
    view! {
        <Title text="Confirm your answer · Keepers"/>
        <Guarded roles=&[Role::Trainee]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match (data.await, Answer::parse(&answer.get_value())) {
                        (Ok(Some(o)), Some(a @ (Answer::Take | Answer::Stay))) => view! { <ConfirmForm mine=o answer=a/> }.into_any(),
                        (Ok(_), _) => view! { <crate::layout::NotFound/> }.into_any(),
                        (Err(e), _) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn ConfirmForm(mine: OwnOffer, answer: Answer) -> impl IntoView {
    let action = ServerAction::<AnswerOffer>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let o = mine.offer.clone();
    let (title, button, consequence) = match answer {
        Answer::Take => (
            format!("Take the Offer of {}?", o.money.display()),
            "Yes, take the offer",
            format!(
                "You leave now and are paid {}. {}",
                o.money.display(),
                if o.rehire_allowed { "You may apply again later." } else { "You cannot be rehired." }
            ),
        ),
        _ => ("Stay?".to_string(), "Yes, I stay", "You finish training and join the team.".to_string()),
    };
    view! {
        <p><a href="/offer">"← Back to the Offer"</a></p>
        <h1>{title}</h1>
        {if !mine.can_answer() {
            view! { <p class="alert info">"You cannot answer any more: " {if mine.decision.is_some() { "your answer is already recorded." } else { "the deadline has passed." }} " " <a href="/offer">"See the Offer"</a></p> }.into_any()
        } else {
            view! {
                <p class="lead">{consequence}</p>
                <p>"Your answer is final once you confirm it."</p>
                <ActionForm action=action>
                    <FormError error=error fields=&["reason"]/>
                    <input type="hidden" name="answer" value=answer.as_str()/>
                    <TextArea kept=kept name="reason" id="offer-reason" label="Anything you would like to tell us (optional)" rows=3 maxlength=2000/>
                    <button type="submit" class=if answer == Answer::Take { "danger" } else { "primary" }>{button}</button>
                    " "
                    <a href="/offer">"Not now"</a>
                </ActionForm>
            }.into_any()
        }}
    }
}
