//! A staff member's own account: changing their password (required after a one-time password).

use crate::error::AppError;
use crate::ui::{FieldError, FormError, Guarded};
use leptos::prelude::*;
use leptos_meta::Title;

#[server(prefix = "/api", endpoint = "account/change_password")]
pub async fn change_password(current: Option<String>, password: String, confirm: String) -> Result<(), AppError> {
    use super::{guard, password as pw};
    use crate::state::app_state;

    let viewer = guard::require::<ChangePassword>()?;
    let state = app_state()?;
    // Someone finishing a one-time-password sign-in has just proved they hold it.
    if !viewer.must_change_password {
        let current = current.unwrap_or_default();
        if current.is_empty() {
            return Err(AppError::invalid("current", "Enter your current password."));
        }
        let stored = server::stored_hash(&state.db, &viewer.user_id).await?;
        if !pw::verify(current, stored).await {
            return Err(AppError::invalid("current", "That is not your current password."));
        }
    }
    let new = server::parse_new(&password, &confirm, &[&viewer.email, &viewer.name])?;
    server::replace_password(&state, &viewer.user_id, &new, false).await?;
    server::sign_in_fresh(&state, &viewer.user_id).await?;
    crate::audit::record(
        state.db.writer(),
        state.now(),
        &crate::audit::Actor::Staff(&viewer),
        crate::audit::Entry {
            action: "account.password_changed",
            subject_type: "user",
            subject_id: Some(&viewer.user_id),
            summary: "Changed their own password".into(),
            reason: None,
        },
    )
    .await?;
    crate::ui::redirect_after("/?password_changed=1");
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    //! Storing a new password, shared by every way a password gets set.

    use crate::auth::password::{NewPassword, PasswordHash};
    use crate::auth::{guard, session};
    use crate::db::{Db, RowExt};
    use crate::error::AppError;
    use crate::error::internal;
    use crate::state::AppState;
    use leptos::prelude::*;

    pub async fn stored_hash(db: &Db, user_id: &str) -> Result<Option<PasswordHash>, AppError> {
        let row = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(db.reader())
            .await?;
        Ok(match row {
            Some(r) => r.opt_text("password_hash")?.map(PasswordHash::from_stored),
            None => None,
        })
    }

    /// Checks a new password and its confirmation, with messages for their fields.
    pub fn parse_new(password: &str, confirm: &str, personal: &[&str]) -> Result<NewPassword, AppError> {
        let new = NewPassword::parse(password, personal).map_err(|m| AppError::invalid("password", m))?;
        if password != confirm {
            return Err(AppError::invalid("confirm", "The two passwords are different. Type the same password twice."));
        }
        Ok(new)
    }

    /// Hashes and stores `new`, and ends every session the person had.
    pub async fn replace_password(state: &AppState, user_id: &str, new: &NewPassword, must_change: bool) -> Result<(), AppError> {
        let hash = state.hashing.hash(new).await.map_err(internal)?;
        sqlx::query("UPDATE users SET password_hash = $2, must_change_password = $3 WHERE id = $1")
            .bind(user_id)
            .bind(hash.as_stored())
            .bind(must_change as i64)
            .execute(state.db.writer())
            .await?;
        session::end_all_for(&state.db, user_id).await?;
        Ok(())
    }

    /// Starts a new session for `user_id` on this response (after a password change).
    pub async fn sign_in_fresh(state: &AppState, user_id: &str) -> Result<(), AppError> {
        let started = session::start(
            &state.db,
            state.now(),
            &state.settings,
            user_id,
            Some(&guard::client_ip()),
            guard::user_agent().as_deref(),
        )
        .await?;
        let secure = guard::is_https(&state.settings);
        if let (Some(res), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(&session::set_cookie(&started.token, started.max_age_secs, secure)),
        ) {
            res.append_header(http::header::SET_COOKIE, value);
        }
        Ok(())
    }
}

/// The new-password and confirmation fields, shared by every password form.
#[component]
pub fn NewPasswordFields(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    // A page that came back refused opens with focus on the field the message is about.
    let focus = move |field: &str| error.with_untracked(|e| e.as_ref().and_then(|e| e.for_field(field)).is_some());
    view! {
        <div class="field">
            <label for="password">"New password"</label>
            <p class="hint" id="password-hint">
                {format!("At least {} characters. A few unrelated words make a strong password that is easy to remember.", super::password::MIN_LEN)}
            </p>
            <input id="password" name="password" type="password" autocomplete="new-password" required
                minlength=super::password::MIN_LEN.to_string() autofocus=focus("password")
                aria-describedby="password-hint password-error"
                aria-invalid=crate::ui::invalid_attr(error, "password")/>
            <FieldError error=error field="password"/>
        </div>
        <div class="field">
            <label for="confirm">"Type it again"</label>
            <input id="confirm" name="confirm" type="password" autocomplete="new-password" required autofocus=focus("confirm")
                aria-describedby="confirm-error" aria-invalid=crate::ui::invalid_attr(error, "confirm")/>
            <FieldError error=error field="confirm"/>
        </div>
    }
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let must_change = crate::ui::current_viewer().map(|v| v.must_change_password).unwrap_or(false);
    view! {
        <Title text="Your password · Keepers"/>
        <Guarded>
            <section class="auth-card">
                <h1>"Choose a new password"</h1>
                {must_change.then(|| view! {
                    <p class="alert info">"You signed in with a one-time password. Choose your own password to continue."</p>
                })}
                <ChangePasswordForm must_change=must_change refused={crate::ui::kept::refused_for_fn::<ChangePassword>()}/>
            </section>
        </Guarded>
    }
}

#[island(lazy)]
fn ChangePasswordForm(must_change: bool, refused: Option<crate::ui::kept::Refused>) -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let kept = crate::ui::Kept::from_parts(action, refused);
    let error = kept.error();
    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["current", "password", "confirm"]/>
            {(!must_change).then(|| view! {
                <div class="field">
                    <label for="current">"Current password"</label>
                    <input id="current" name="current" type="password" autocomplete="current-password" required autofocus=kept.focus("current")
                        aria-describedby="current-error" aria-invalid=crate::ui::invalid_attr(error, "current")/>
                    <FieldError error=error field="current"/>
                </div>
            })}
            <NewPasswordFields error=error/>
            <button type="submit" class="primary" disabled=move || action.pending().get()>"Save password"</button>
        </ActionForm>
    }
}
