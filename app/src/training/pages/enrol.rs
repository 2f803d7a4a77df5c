//! The enrolment panel on a position's results page: its hired candidates, into a cohort.

use crate::training::api::{enrol_choices, Enrol};
use crate::training::types::EnrolOptions;
use crate::ui::{FieldError, FormError, Kept};
use leptos::prelude::*;

/// On a position's results page: enrol its hired candidates in a cohort.
#[component]
pub fn EnrolPanel(position_id: String) -> impl IntoView {
    let choices = Resource::new(move || position_id.clone(), enrol_choices);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match choices.await {
                    Ok(c) if c.hired.is_empty() => ().into_any(),
                    Ok(c) => view! { <EnrolForm choices=c/> }.into_any(),
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EnrolForm(choices: EnrolOptions) -> impl IntoView {
    let action = ServerAction::<Enrol>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let suggested = choices.suggested.clone();
    let position_id = leptos_router::hooks::use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let n = choices.hired.len();
    view! {
        <section class="panel" aria-labelledby="enrol-title">
            <h2 id="enrol-title">{format!("Enrol {n} hired candidate{} in training", if n == 1 { "" } else { "s" })}</h2>
            {if choices.cohorts.is_empty() {
                view! { <p class="empty">"There is no cohort to enrol them in yet. " <a href="/cohorts">"Create a cohort"</a> " first."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=action>
                        <FormError error=error fields=&["pick", "cohort_id"]/>
                        <input type="hidden" name="position_id" value=position_id/>
                        <fieldset class="field" aria-describedby="pick-error">
                            <legend>"Who"</legend>
                            {choices.hired.into_iter().map(|h| view! {
                                <label class="check">
                                    <input type="checkbox" name=format!("pick[i{}]", h.invitation_id) value="on"
                                        checked=kept.chose(&format!("pick[i{}]", h.invitation_id), "on", true)/>
                                    <span>{h.name}<span class="muted small">{format!(" · {}", h.email)}</span></span>
                                </label>
                            }).collect_view()}
                            <FieldError error=error field="pick"/>
                        </fieldset>
                        <div class="field">
                            <label for="enrol-cohort">"Cohort"</label>
                            <select id="enrol-cohort" name="cohort_id" aria-describedby="cohort_id-error"
                                autofocus=kept.focus("cohort_id") aria-invalid=kept.invalid("cohort_id")>
                                {suggested.is_none().then(|| view! { <option value="" selected=kept.chose("cohort_id", "", true)>"Choose a cohort"</option> })}
                                {choices.cohorts.into_iter().map(|(id, name, when)| {
                                    let selected = kept.chose("cohort_id", &id, suggested.as_deref() == Some(id.as_str()));
                                    view! { <option value=id selected=selected>{format!("{name} ({when})")}</option> }
                                }).collect_view()}
                            </select>
                            <FieldError error=error field="cohort_id"/>
                        </div>
                        <p class="hint">"Each gets a trainee account; their welcome email with a link to set a password is written to the outbox."</p>
                        <button type="submit" class="primary">"Enrol"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}
