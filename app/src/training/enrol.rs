//! Enrolment: HR puts hired candidates of a position into a cohort in one step. Each becomes a
//! trainee with their own sign-in (a set-password link in the outbox) and keeps the link to
//! the screening that got them hired.

use crate::error::AppError;
use crate::ui::{FieldError, FormError, Kept};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hired {
    pub invitation_id: String,
    pub name: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrolOptions {
    /// Hired (their latest decision) and not yet in a cohort.
    pub hired: Vec<Hired>,
    /// Cohorts that have not finished, by start: (id, name, when: "starts Mon 4 Jan" or
    /// "started Mon 5 Oct, in week 3").
    pub cohorts: Vec<(String, String, String)>,
    /// The one the form offers first: the next cohort that has not started (people hired now
    /// join at the beginning); none when every cohort is under way, so HR chooses.
    pub suggested: Option<String>,
}

#[server(prefix = "/api", endpoint = "cohorts/enrol_choices")]
pub async fn enrol_choices(position_id: String) -> Result<EnrolOptions, AppError> {
    crate::auth::guard::require::<EnrolChoices>()?;
    let state = crate::state::app_state()?;
    server::choices(&state, &position_id).await
}

#[server(prefix = "/api", endpoint = "cohorts/enrol")]
pub async fn enrol(position_id: String, cohort_id: String, pick: Option<HashMap<String, String>>) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<Enrol>()?;
    let state = crate::state::app_state()?;
    // Keys carry a letter before the id: a leading digit would read as a list index.
    let picked: Vec<String> = pick.unwrap_or_default().into_keys().filter_map(|k| k.strip_prefix('i').map(str::to_owned)).collect();
    let n = server::enrol(&state, &viewer, &position_id, &cohort_id, &picked).await?;
    crate::ui::redirect_after(&format!("/positions/{position_id}/results?enrolled={n}"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::audit::{self, Actor, Entry};
    use crate::auth::Viewer;
    use crate::db::{new_id, RowExt};
    use crate::auth::guard::base_url;
    use crate::state::AppState;
    use crate::training::store::{self, date_label};

    /// Hired candidates of a position who are not in a cohort yet.
    pub async fn hired(state: &AppState, position_id: &str) -> Result<Vec<Hired>, AppError> {
        let rows = sqlx::query(
            "SELECT i.id, c.name, c.email FROM invitations i JOIN candidates c ON c.id = i.candidate_id
             WHERE i.position_id = $1
               AND (SELECT d.decision FROM hiring_decisions d WHERE d.invitation_id = i.id ORDER BY d.decided_at DESC, d.id DESC LIMIT 1) = 'hire'
               AND NOT EXISTS (SELECT 1 FROM trainees t WHERE t.invitation_id = i.id)
             ORDER BY LOWER(c.name), i.id",
        )
        .bind(position_id)
        .fetch_all(state.db.reader())
        .await?;
        Ok(rows
            .iter()
            .map(|r| Ok(Hired { invitation_id: r.text("id")?, name: r.text("name")?, email: r.text("email")? }))
            .collect::<Result<Vec<_>, sqlx::Error>>()?)
    }

    pub async fn choices(state: &AppState, position_id: &str) -> Result<EnrolOptions, AppError> {
        let hired = hired(state, position_id).await?;
        let now = state.now();
        let mut cohorts = Vec::new();
        let mut suggested = None;
        for r in sqlx::query("SELECT id FROM cohorts ORDER BY start_at, id").fetch_all(state.db.reader()).await? {
            let cohort = store::load_cohort(state, &r.text("id")?).await?;
            let week = cohort.week_at(now);
            if week > cohort.programme.weeks() {
                continue;
            }
            let when = if week == 0 {
                suggested.get_or_insert_with(|| cohort.id.clone());
                format!("starts {}", date_label(cohort.start))
            } else {
                format!("started {}, in week {week} of {}", date_label(cohort.start), cohort.programme.weeks())
            };
            cohorts.push((cohort.id.clone(), cohort.name.clone(), when));
        }
        Ok(EnrolOptions { hired, cohorts, suggested })
    }

    pub fn welcome(org: &str, name: &str, cohort: &str, programme: &str, start: &str, link: &str) -> (String, String) {
        let first = name.split_whitespace().next().unwrap_or(name);
        (
            format!("Welcome to {org}: your training starts {start}"),
            format!(
                "Hello {first},\n\nWelcome aboard. You are in the {cohort} of {programme}, starting {start}.\n\n\
                 Keepers is where you will see your progress during training: your grades with your trainers' notes, \
                 your attendance and the week ahead. Open this link to choose your password (it works once):\n\n{link}\n\n\
                 See you on the first day,\nThe {org} training team\n"
            ),
        )
    }

    pub async fn enrol(state: &AppState, viewer: &Viewer, position_id: &str, cohort_id: &str, picked: &[String]) -> Result<usize, AppError> {
        if picked.is_empty() {
            return Err(AppError::invalid("pick", "Choose at least one hired candidate to enrol."));
        }
        let cohort = store::load_cohort(state, cohort_id).await.map_err(|_| AppError::invalid("cohort_id", "Choose the cohort to enrol them in."))?;
        if cohort.week_at(state.now()) > cohort.programme.weeks() {
            return Err(AppError::invalid("cohort_id", "That cohort has finished its training; choose another."));
        }
        let eligible = hired(state, position_id).await?;
        let org = crate::org::store::name(&state.db).await?;
        let base = base_url(&state.settings);
        let now = state.now();
        let mut tx = state.db.begin().await?;
        let mut names = Vec::new();
        for invitation_id in picked {
            let Some(person) = eligible.iter().find(|h| h.invitation_id == *invitation_id) else {
                return Err(AppError::invalid("pick", "Someone chosen is not hired for this position, or is already in a cohort. Reload the page and try again."));
            };
            let taken = sqlx::query("SELECT 1 AS x FROM users WHERE email = $1").bind(&person.email).fetch_optional(&mut *tx).await?;
            if taken.is_some() {
                return Err(AppError::invalid("pick", format!("{} already has a Keepers account with {}; nothing was enrolled.", person.name, person.email)));
            }
            let user_id = new_id().to_string();
            sqlx::query("INSERT INTO users (id, email, name, created_at) VALUES ($1, $2, $3, $4)")
                .bind(&user_id)
                .bind(&person.email)
                .bind(&person.name)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO user_roles (user_id, role, granted_at, granted_by) VALUES ($1, 'trainee', $2, $3)")
                .bind(&user_id)
                .bind(now)
                .bind(&viewer.user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO trainees (id, cohort_id, user_id, invitation_id, name, enrolled_at, enrolled_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(new_id().to_string())
            .bind(cohort_id)
            .bind(&user_id)
            .bind(invitation_id)
            .bind(&person.name)
            .bind(now)
            .bind(&viewer.user_id)
            .execute(&mut *tx)
            .await?;
            let token = crate::auth::set_password::server::issue(&mut tx, &state.settings, now, &user_id, "invite", Some(&viewer.user_id)).await?;
            let link = format!("{base}/set-password/{token}");
            let (subject, body) = welcome(&org, &person.name, &cohort.name, cohort.programme.title(), &date_label(cohort.start), &link);
            let email = crate::outbox::server::Email { to_name: &person.name, to_email: &person.email, subject, body, link: Some(&link), invitation_id: None, private_to: Some(&user_id) };
            crate::outbox::server::queue(&mut tx, now, email).await?;
            names.push(person.name.clone());
        }
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "cohort.enrolled",
                subject_type: "cohort",
                subject_id: Some(cohort_id),
                summary: format!("Enrolled {} in {}: {}", names.len(), cohort.name, names.join(", ")),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(names.len())
    }
}

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
