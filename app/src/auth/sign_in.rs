//! The staff sign-in page, sign-in and sign-out. The form works without JavaScript
//! (a plain POST that redirects back with the error); with JavaScript it stays on the page.

use crate::error::AppError;
use crate::ui::{FieldError, FormError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/api", endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use super::{guard, session};
    use crate::state::app_state;

    guard::authorize::<SignIn>()?;
    let state = app_state()?;
    let ip = guard::client_ip();
    let user = server::authenticate(&state, &email, password, &ip).await?;

    let now = state.now();
    let parts = use_context::<http::request::Parts>();
    // A new token at every sign-in; the one the browser held before (if any) ends now.
    if let Some(old) = parts.as_ref().and_then(|p| session::token_from(&p.headers)) {
        session::end(&state.db, &old).await?;
    }
    let started =
        session::start(&state.db, now, &state.settings, &user.id, Some(&ip), guard::user_agent().as_deref()).await?;
    let secure = guard::is_https(&state.settings);
    set_cookie(&session::set_cookie(&started.token, started.max_age_secs, secure));
    tracing::info!(user_id = %user.id, %ip, "signed in");

    let target = if user.must_change_password { "/account/password".to_string() } else { safe_next(next.as_deref()) };
    crate::ui::redirect_after(&target);
    Ok(())
}

#[server(prefix = "/api", endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use super::{guard, session};
    use crate::state::app_state;

    guard::authorize::<SignOut>()?;
    let state = app_state()?;
    let parts = use_context::<http::request::Parts>();
    if let Some(token) = parts.as_ref().and_then(|p| session::token_from(&p.headers)) {
        session::end(&state.db, &token).await?;
    }
    let secure = guard::is_https(&state.settings);
    set_cookie(&session::clear_cookie(secure));
    crate::ui::redirect_after("/sign-in?signed_out=1");
    Ok(())
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) {
    if let (Some(res), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(value))
    {
        res.append_header(http::header::SET_COOKIE, value);
    }
}

/// Where to go after signing in: a path on this site, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && n.len() <= 512
                && n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
                && !n.starts_with("/api/")
                && !n.starts_with("/sign-in") =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(feature = "ssr")]
pub mod server {
    //! Checking a sign-in: throttling, the password, the account's state.

    use crate::auth::{email::Email, password, throttle};
    use crate::clock::Millis;
    use crate::db::RowExt;
    use crate::error::AppError;
    use crate::error::internal;
    use crate::state::AppState;

    pub struct SignedIn {
        pub id: String,
        pub must_change_password: bool,
    }

    #[derive(Debug)]
    pub enum SignInError {
        BadEmail(String),
        EmptyPassword,
        WrongCredentials,
        Disabled,
        Throttled { until: Millis, now: Millis },
        /// Too many passwords are being checked at this moment.
        Busy(u64),
        Store(sqlx::Error),
    }

    impl From<sqlx::Error> for SignInError {
        fn from(e: sqlx::Error) -> Self {
            SignInError::Store(e)
        }
    }

    impl From<SignInError> for AppError {
        fn from(e: SignInError) -> Self {
            match e {
                SignInError::BadEmail(m) => AppError::invalid("email", m),
                SignInError::EmptyPassword => AppError::invalid("password", "Enter your password."),
                SignInError::WrongCredentials => {
                    AppError::invalid("", "That email and password do not match an account. Check both and try again.")
                }
                SignInError::Disabled => AppError::invalid(
                    "",
                    "This account has been disabled. Ask an administrator if you think that is a mistake.",
                ),
                SignInError::Throttled { until, now } => {
                    let secs = ((until - now).max(0) as u64).div_ceil(1000).max(1);
                    AppError::Throttled {
                        message: format!(
                            "Too many unsuccessful sign-ins. Wait {} and try again.",
                            human_wait(secs)
                        ),
                        retry_after_secs: secs,
                    }
                }
                SignInError::Busy(secs) => AppError::Throttled {
                    message: "Keepers is checking many sign-ins at this moment. Wait a few seconds and try again.".into(),
                    retry_after_secs: secs,
                },
                SignInError::Store(e) => internal(e),
            }
        }
    }

    fn human_wait(secs: u64) -> String {
        match secs {
            0..=59 => format!("{secs} second{}", if secs == 1 { "" } else { "s" }),
            _ => {
                let mins = secs.div_ceil(60);
                format!("{mins} minute{}", if mins == 1 { "" } else { "s" })
            }
        }
    }

    pub async fn authenticate(state: &AppState, email: &str, password: String, ip: &str) -> Result<SignedIn, SignInError> {
        let email = Email::parse(email).map_err(SignInError::BadEmail)?;
        if password.is_empty() {
            return Err(SignInError::EmptyPassword);
        }
        // Over-long input is refused before it reaches the hasher.
        if password.chars().count() > password::MAX_LEN {
            return Err(SignInError::WrongCredentials);
        }
        let db = &state.db;
        let now = state.now();
        let policy = &state.settings.throttle;
        // The try is counted before the password is checked, so parallel guesses cannot all
        // slip in under the allowance.
        let ticket = match throttle::reserve(db, now, policy, email.as_str(), ip).await? {
            throttle::Reservation::Granted(ticket) => ticket,
            throttle::Reservation::Refused { until } => {
                tracing::warn!(email = %email, %ip, "sign-in refused: throttled");
                return Err(SignInError::Throttled { until, now });
            }
        };

        let row = sqlx::query("SELECT id, password_hash, disabled_at, must_change_password FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(db.reader())
            .await?;
        let (id, stored, disabled, must_change) = match &row {
            Some(r) => (
                Some(r.text("id")?),
                r.opt_text("password_hash")?.map(password::PasswordHash::from_stored),
                r.opt_int("disabled_at")?.is_some(),
                r.flag("must_change_password")?,
            ),
            None => (None, None, false, false),
        };
        // Always one argon2 verification, so an unknown email takes as long as a wrong password.
        let ok = state.hashing.verify(password, stored).await.map_err(|busy| SignInError::Busy(busy.retry_after_secs))?;
        let Some(id) = id.filter(|_| ok) else {
            tracing::warn!(email = %email, %ip, "sign-in failed");
            return Err(SignInError::WrongCredentials);
        };
        if disabled {
            tracing::warn!(email = %email, %ip, "sign-in refused: account disabled");
            return Err(SignInError::Disabled);
        }
        throttle::succeeded(db, now, policy, email.as_str(), ip, ticket).await?;
        sqlx::query("UPDATE users SET last_sign_in_at = $2 WHERE id = $1").bind(&id).bind(now).execute(db.writer()).await?;
        Ok(SignedIn { id, must_change_password: must_change })
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = query.with_untracked(|q| q.get("next"));
    let signed_out = query.with_untracked(|q| q.get("signed_out").is_some());
    view! {
        <Title text="Sign in · Keepers"/>
        <section class="auth-card">
            <h1>"Sign in"</h1>
            <p class="muted">
                "For HR, trainers and administrators. Candidates: use the link in your invitation email."
            </p>
            {signed_out.then(|| view! { <p class="alert info" role="status">"You have signed out."</p> })}
            <SignInForm next=next refused={crate::ui::kept::refused_for_fn::<SignIn>()}/>
        </section>
    }
}

#[island(lazy)]
fn SignInForm(next: Option<String>, refused: Option<crate::ui::kept::Refused>) -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let kept = crate::ui::Kept::from_parts(action, refused);
    let pending = action.pending();
    let show_password = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let error = kept.error();

    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["email", "password"]/>
            <div class="field">
                <label for="email">"Email"</label>
                <input
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="username"
                    inputmode="email"
                    required
                    value=kept.text("email")
                    autofocus=kept.focus("email")
                    aria-describedby="email-error"
                    aria-invalid=kept.invalid("email")
                />
                <FieldError error=error field="email"/>
            </div>
            <div class="field">
                <label for="password">"Password"</label>
                <div class="input-with-button">
                    <input
                        id="password"
                        name="password"
                        type=move || if show_password.get() { "text" } else { "password" }
                        autocomplete="current-password"
                        required
                        autofocus=kept.focus("password")
                        aria-describedby="password-error"
                    />
                    <button
                        type="button"
                        class="secondary"
                        class:awaiting-script=move || !hydrated.get()
                        aria-pressed=move || show_password.get().to_string()
                        aria-controls="password"
                        on:click=move |_| show_password.update(|s| *s = !*s)
                    >
                        {move || if show_password.get() { "Hide" } else { "Show" }}
                    </button>
                </div>
                <FieldError error=error field="password"/>
            </div>
            <input type="hidden" name="next" value=next.unwrap_or_default()/>
            <button type="submit" class="primary" disabled=move || pending.get()>
                {move || if pending.get() { "Signing in…" } else { "Sign in" }}
            </button>
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/admin/staff")), "/admin/staff");
        assert_eq!(safe_next(Some("/admin/staff?tab=roles")), "/admin/staff?tab=roles");
        for bad in ["https://evil.example", "//evil.example", "/\\evil", "javascript:alert(1)", "/a b", "/api/x", ""] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
