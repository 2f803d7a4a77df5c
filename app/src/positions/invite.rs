//! Inviting candidates to a position: one or many at once (pasted or from a CSV file), each
//! with a personal link whose 256-bit token is stored only as a digest and expires. The email
//! is rendered into the outbox for HR to read and copy.

use super::ExtraTime;
use crate::error::AppError;
use crate::screening::library::FileToTextarea;
use crate::ui::{FieldError, FormError, Kept};
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "positions/invite")]
pub async fn invite_candidates(position_id: String, people: String, extra_time: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<InviteCandidates>()?;
    let state = crate::state::app_state()?;
    let people = super::people::parse_people(&people).map_err(|problems| AppError::invalid("people", problems.join("\n")))?;
    let extra = extra_time
        .parse::<i64>()
        .ok()
        .map(ExtraTime::from_percent)
        .filter(|e| e.percent().to_string() == extra_time)
        .ok_or_else(|| AppError::invalid("extra_time", "Choose the time candidates get."))?;
    let n = server::invite(&state, &crate::audit::Actor::Staff(&viewer), &position_id, &people, extra).await?;
    crate::ui::redirect_after(&format!("/positions/{position_id}?invited={n}"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::super::people::Person;
    use super::ExtraTime;
    use crate::audit::{self, Actor, Entry};
    use crate::auth::tokens;
    use crate::clock::{format_utc, Millis};
    use crate::db::{new_id, RowExt};
    use crate::error::AppError;
    use crate::auth::guard::base_url;
    use crate::state::AppState;

    pub struct Created {
        pub invitation_id: String,
        pub token: String,
    }

    /// Invites everyone in `people`, or nobody if any of them cannot be invited.
    pub async fn invite(
        state: &AppState,
        actor: &Actor<'_>,
        position_id: &str,
        people: &[Person],
        extra: ExtraTime,
    ) -> Result<usize, AppError> {
        let created = invite_returning(state, actor, position_id, people, extra, state.now()).await?;
        Ok(created.len())
    }

    pub async fn invite_returning(
        state: &AppState,
        actor: &Actor<'_>,
        position_id: &str,
        people: &[Person],
        extra: ExtraTime,
        now: Millis,
    ) -> Result<Vec<Created>, AppError> {
        let created_by = match actor {
            Actor::Staff(v) => Some(v.user_id.clone()),
            Actor::System(_) | Actor::Candidate(_) => None,
        };
        let base = base_url(&state.settings);
        let org = crate::org::store::name(&state.db).await?;
        let mut tx = state.db.begin().await?;
        let position = sqlx::query("SELECT title, location, status, invite_valid_days, window_minutes FROM positions WHERE id = $1")
            .bind(position_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| AppError::not_found("That position"))?;
        if position.text("status")? != "open" {
            return Err(AppError::invalid("people", "This position is closed to new candidates."));
        }
        let title = position.text("title")?;
        let location = position.text("location")?;
        let expires_at = now + position.int("invite_valid_days")? * 24 * 60 * 60 * 1000;
        let window = position.int("window_minutes")?;
        let mut problems = Vec::new();
        let mut created = Vec::new();
        let mut invited: Vec<String> = Vec::new();
        for person in people {
            let existing = sqlx::query("SELECT id FROM candidates WHERE email = $1")
                .bind(person.email.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let candidate_id = match existing {
                Some(r) => {
                    let id = r.text("id")?;
                    sqlx::query("UPDATE candidates SET name = $2 WHERE id = $1").bind(&id).bind(&person.name).execute(&mut *tx).await?;
                    id
                }
                None => {
                    let id = new_id().to_string();
                    sqlx::query("INSERT INTO candidates (id, name, email, created_at) VALUES ($1, $2, $3, $4)")
                        .bind(&id)
                        .bind(&person.name)
                        .bind(person.email.as_str())
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    id
                }
            };
            let already = sqlx::query("SELECT 1 AS x FROM invitations WHERE position_id = $1 AND candidate_id = $2")
                .bind(position_id)
                .bind(&candidate_id)
                .fetch_optional(&mut *tx)
                .await?;
            if already.is_some() {
                problems.push(format!("{} has already been invited to this position.", person.email));
                continue;
            }
            let minted = tokens::mint();
            let invitation_id = new_id().to_string();
            sqlx::query(
                "INSERT INTO invitations (id, position_id, candidate_id, token_hash, time_percent, created_at, created_by, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&invitation_id)
            .bind(position_id)
            .bind(&candidate_id)
            .bind(&minted.digest)
            .bind(extra.percent())
            .bind(now)
            .bind(created_by.as_deref())
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            let link = format!("{base}/take/{}", minted.raw);
            let (subject, body) = render_email(&org, &person.name, &title, &location, &link, expires_at, window, extra);
            let email = crate::outbox::server::Email {
                to_name: &person.name,
                to_email: person.email.as_str(),
                subject,
                body,
                link: Some(&link),
                invitation_id: Some(&invitation_id),
                private_to: None,
            };
            crate::outbox::server::queue(&mut tx, now, email).await?;
            created.push(Created { invitation_id, token: minted.raw });
            invited.push(format!("{} <{}>", person.name, person.email.as_str()));
        }
        if !problems.is_empty() {
            // Dropping the transaction rolls back everything: all or nothing.
            return Err(AppError::invalid("people", problems.join("\n")));
        }
        audit::record(
            &mut *tx,
            now,
            actor,
            Entry {
                action: "invitations.sent",
                subject_type: "position",
                subject_id: Some(position_id),
                summary: format!(
                    "Invited {} candidate{} to {title} ({}): {}{}",
                    created.len(),
                    if created.len() == 1 { "" } else { "s" },
                    extra.label().to_lowercase(),
                    invited.iter().take(20).cloned().collect::<Vec<_>>().join(", "),
                    if invited.len() > 20 { format!(", and {} more", invited.len() - 20) } else { String::new() }
                ),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn render_email(
        org: &str,
        name: &str,
        title: &str,
        location: &str,
        link: &str,
        expires_at: Millis,
        window_minutes: i64,
        extra: ExtraTime,
    ) -> (String, String) {
        let role = if location.is_empty() { title.to_string() } else { format!("{title}, {location}") };
        let first = name.split_whitespace().next().unwrap_or(name);
        let time_note = match extra {
            ExtraTime::None => String::new(),
            ExtraTime::Untimed => "\nYour screening is untimed, as arranged.\n".to_string(),
            other => format!("\nYour screening includes extra time on the timed parts ({}), as arranged.\n", other.label()),
        };
        let subject = format!("Your screening for {role}");
        let body = format!(
            "Hello {first},\n\n\
             Thank you for your interest in the {role} role at {org}.\n\n\
             The next step is a short online screening in two parts: one about how you like to work \
             and what matters to you, and one about customer-service skills. Once you start, you have \
             {window_minutes} minutes to finish. You can use a phone or a computer, and your answers \
             are saved as you go.\n\n\
             Start here:\n{link}\n\n\
             This link is personal to you, so please do not share it. It works until {expires}.\n{time_note}\n\
             If you need an adjustment (for example more time or a different format), reply to this \
             email before you start and we will arrange it.\n\n\
             Best wishes,\n{org} hiring team\n",
            expires = format_utc(expires_at),
        );
        (subject, body)
    }
}

#[component]
pub fn InviteForm(position_id: String) -> impl IntoView {
    let action = ServerAction::<InviteCandidates>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let people_errors = move || {
        error.with(|e| e.as_ref().and_then(|e| e.for_field("people")).map(|m| m.lines().map(str::to_owned).collect::<Vec<_>>()))
    };
    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["people", "extra_time"]/>
            <input type="hidden" name="position_id" value=position_id/>
            <div class="field">
                <label for="people">"Candidates, one per line"</label>
                <p class="hint" id="people-hint">"Name <email> or Name, email. You can also paste a spreadsheet column pair, or choose a CSV file with a name and an email column."</p>
                <textarea id="people" name="people" rows="6" required autofocus=kept.focus("people")
                    placeholder="Ana López <ana.lopez@example.com>\nJoon Kim, joon.kim@example.com"
                    aria-describedby="people-hint people-error" aria-invalid=kept.invalid("people")>{kept.text("people")}</textarea>
                <div id="people-error" role="alert">
                    {move || people_errors().map(|lines| view! {
                        <ul class="field-error">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    })}
                </div>
            </div>
            <FileToTextarea target="people".to_string() accept=".csv,text/csv,text/plain".to_string() label="Or choose a CSV file (name and email columns)".to_string()/>
            <div class="field">
                <label for="extra_time">"Time"</label>
                <select id="extra_time" name="extra_time" aria-describedby="extra_time-hint extra_time-error"
                    autofocus=kept.focus("extra_time") aria-invalid=kept.invalid("extra_time")>
                    {ExtraTime::ALL.into_iter().enumerate().map(|(i, e)| {
                        let value = e.percent().to_string();
                        let selected = kept.chose("extra_time", &value, i == 0);
                        view! { <option value=value selected=selected>{e.label()}</option> }
                    }).collect_view()}
                </select>
                <p class="hint" id="extra_time-hint">"Extra time applies to every timed section, for everyone in this batch. Invite people who need different arrangements in separate batches."</p>
                <FieldError error=error field="extra_time"/>
            </div>
            <button type="submit" class="primary">"Send invitations"</button>
        </ActionForm>
    }
}
