//! Making the Offer on the page: the form, then the preview with the confirmation.

use super::api::{OpenOffer, PreviewOffer};
use super::types::DraftView;
use crate::offer::types::OfferPage;
use crate::offer::money::CURRENCIES;
use crate::ui::{Choices, FieldError, FormError, Kept, TextArea, TextField};
use leptos::prelude::*;

const MESSAGE: &str = "We want everyone on the team to be here because they chose to be. If this is not the job for you, there is no shame in taking the Offer: we would rather you leave now with the money than stay unhappy.";
const TERMS: &str = "Paid with your final paycheck, within 14 days of your last day, in addition to pay for the training you completed.";

/// The form, filled from the caller's draft when they come back to change it.
#[component]
pub fn OpenOfferForm(page: OfferPage) -> impl IntoView {
    let action = ServerAction::<PreviewOffer>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let weeks = page.weeks;
    let draft = page.draft.clone();
    // The draft's week; else the week it is now, if the cohort is running; the last week otherwise.
    let suggested = draft.as_ref().map(|d| d.week).unwrap_or(if (1..=weeks).contains(&page.current_week) { page.current_week } else { weeks });
    let currency = draft.as_ref().map(|d| d.money.currency().to_string()).unwrap_or_else(|| CURRENCIES[0].0.to_string());
    let d = |f: fn(&DraftView) -> String, default: &str| draft.as_ref().map(f).unwrap_or_else(|| default.to_string());
    let (amount, date, time_of_day) = (d(|d| d.amount.clone(), "4000"), d(|d| d.deadline_date.clone(), ""), d(|d| d.deadline_time.clone(), "17:00"));
    let (message, terms) = (d(|d| d.message.clone(), MESSAGE), d(|d| d.payout_terms.clone(), TERMS));
    let rehire = draft.as_ref().map(|d| d.rehire_allowed).unwrap_or(true);
    let leaves = draft.as_ref().is_some_and(|d| d.no_response_leaves);
    let zone_label = format!("Answer by ({} time)", page.zone.replace('_', " "));
    view! {
        <section class="panel">
            <h2>"Make the Offer"</h2>
            <p>{format!(
                "Every trainee still in training ({}) gets the Offer on their page and by email. The cohort is in {}. You see who receives it and the email before anything is sent.",
                page.active_trainees,
                if page.current_week == 0 { "its first days soon".to_string() } else if page.current_week > weeks { "its last week (finished)".to_string() } else { format!("week {} of {}", page.current_week, weeks) }
            )}</p>
            <ActionForm action=action>
                <FormError error=error fields=&["week", "amount", "currency", "deadline", "message", "payout_terms", "no_response"]/>
                <input type="hidden" name="cohort_id" value=page.cohort_id.clone()/>
                <div class="row">
                    <div class="field">
                        <label for="offer-week">"Made in week"</label>
                        <select id="offer-week" name="week" aria-describedby="week-error" autofocus=kept.focus("week") aria-invalid=kept.invalid("week")>
                            {(1..=weeks).map(|w| view! { <option value=w.to_string() selected=kept.chose("week", &w.to_string(), w == suggested)>{format!("Week {w}{}", if w == weeks { " (the last)" } else { "" })}</option> }).collect_view()}
                        </select>
                        <FieldError error=error field="week"/>
                    </div>
                    <TextField kept=kept name="amount" id="offer-amount" label="Amount" inputmode="decimal" required=true value=amount/>
                    <div class="field">
                        <label for="offer-currency">"Currency"</label>
                        <select id="offer-currency" name="currency" aria-describedby="currency-error" autofocus=kept.focus("currency") aria-invalid=kept.invalid("currency")>
                            {CURRENCIES.iter().map(|(c, _)| view! { <option value=*c selected=kept.chose("currency", c, *c == currency)>{*c}</option> }).collect_view()}
                        </select>
                        <FieldError error=error field="currency"/>
                    </div>
                </div>
                <fieldset class="field" aria-describedby="deadline-error">
                    <legend>{zone_label}</legend>
                    <div class="row">
                        <label class="field"><span>"Date"</span><input name="deadline_date" type="date" required value=kept.text_or("deadline_date", date)
                            autofocus=kept.focus("deadline") aria-invalid=kept.invalid("deadline")/></label>
                        <label class="field"><span>"Time"</span><input name="deadline_time" type="time" required value=kept.text_or("deadline_time", time_of_day)/></label>
                    </div>
                    <FieldError error=error field="deadline"/>
                </fieldset>
                <TextArea kept=kept name="message" id="offer-message" label="Message to the trainees" rows=4 required=true maxlength=4000 value=message/>
                <TextArea kept=kept name="payout_terms" id="offer-terms" label="Payout terms" rows=2 required=true maxlength=2000 value=terms/>
                <label class="check"><input type="checkbox" name="rehire" value="on" checked=kept.chose("rehire", "on", rehire)/>
                    <span>"People who take the Offer may be rehired later"</span></label>
                <Choices kept=kept name="no_response" legend="When a trainee does not answer by the deadline"
                    chosen=if leaves { "leaves" } else { "stays" }
                    options=&[("stays", "They stay (the usual rule)"), ("leaves", "They leave")]/>
                <button type="submit" class="primary">"Preview the Offer"</button>
            </ActionForm>
        </section>
    }
}

/// Who receives the Offer and what they read, with the one button that sends it.
#[component]
pub fn OfferPreview(page: OfferPage, draft: DraftView) -> impl IntoView {
    let action = ServerAction::<OpenOffer>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let count = draft.recipients.len();
    let button = format!("Make the Offer: {} to {count} trainee{}", draft.money.display(), if count == 1 { "" } else { "s" });
    view! {
        <section class="panel" aria-labelledby="preview-title">
            <h2 id="preview-title" tabindex="-1" autofocus=!kept.was_refused()>"Check the Offer before it goes"</h2>
            <p class="lead">{format!("You are offering {}.", draft.total_text())}</p>
            <dl class="facts">
                <dt>"Made in"</dt><dd>{format!("week {}", draft.week)}</dd>
                <dt>"Answer by"</dt><dd>{draft.deadline.clone()}</dd>
                <dt>"No answer means"</dt><dd>{if draft.no_response_leaves { "leaving" } else { "staying" }}</dd>
                <dt>"Rehire"</dt><dd>{if draft.rehire_allowed { "Takers may be rehired" } else { "Takers may not be rehired" }}</dd>
            </dl>
            <h3>{format!("Who receives it ({count})")}</h3>
            <ul class="recipients">
                {draft.recipients.iter().map(|(name, email)| view! { <li>{name.clone()}" · "<span class="muted">{email.clone()}</span></li> }).collect_view()}
            </ul>
            <h3>"The email each receives"</h3>
            <div class="email-preview" role="region" aria-label="The email" tabindex="0">
                <p><strong>"Subject: "</strong>{draft.email_subject.clone()}</p>
                <pre class="email-body">{draft.email_body.clone()}</pre>
            </div>
            <ActionForm action=action>
                <FormError error=error fields=&[]/>
                <input type="hidden" name="cohort_id" value=page.cohort_id.clone()/>
                <input type="hidden" name="recipients" value=count.to_string()/>
                <p>"Once made, the Offer stands: every trainee above gets the email and can answer at once."</p>
                <p class="actions">
                    <button type="submit" class="primary">{button}</button>
                    " "
                    <a class="button secondary" href=format!("/cohorts/{}/offer", page.cohort_id)>"Change the Offer"</a>
                </p>
            </ActionForm>
        </section>
    }
}
