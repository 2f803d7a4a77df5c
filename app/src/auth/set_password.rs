//! The page behind a set-password link (a new staff member's invitation, or an admin's reset).
//! The link carries a 256-bit secret, stored only as a digest, used once, and it expires.

use super::account::NewPasswordFields;
use crate::error::AppError;
use crate::ui::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkInfo {
    pub name: String,
    pub email: String,
}

#[cfg(feature = "ssr")]
const DEAD_LINK: &str = "This link has expired or has already been used. Ask an administrator to send you a new one.";

#[server(prefix = "/api", endpoint = "auth/password_link")]
pub async fn password_link(token: String) -> Result<LinkInfo, AppError> {
    super::guard::authorize::<PasswordLink>()?;
    let state = crate::state::app_state()?;
    let link = server::live_link(&state, &token).await?;
    Ok(LinkInfo { name: link.name, email: link.email })
}

#[server(prefix = "/api", endpoint = "auth/set_password")]
pub async fn set_password(token: String, password: String, confirm: String) -> Result<(), AppError> {
    use super::account::server as account;
    super::guard::authorize::<SetPassword>()?;
    let state = crate::state::app_state()?;
    let link = server::live_link(&state, &token).await?;
    let new = account::parse_new(&password, &confirm, &[&link.email, &link.name])?;
    // Claim the link first: of two tabs racing, exactly one wins.
    let claimed = sqlx::query("UPDATE password_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL")
        .bind(&link.digest)
        .bind(state.now())
        .execute(state.db.writer())
        .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::Conflict(DEAD_LINK.into()));
    }
    account::replace_password(&state, &link.user_id, &new, false).await?;
    account::sign_in_fresh(&state, &link.user_id).await?;
    // The person behind the link did it (the link is their credential).
    let person = super::Viewer { user_id: link.user_id.clone(), name: link.name.clone(), email: link.email.clone(), roles: vec![], must_change_password: false };
    crate::audit::record(
        state.db.writer(),
        state.now(),
        &crate::audit::Actor::Staff(&person),
        crate::audit::Entry {
            action: "account.password_set",
            subject_type: "user",
            subject_id: Some(&link.user_id),
            summary: "Chose their password with a set-password link".into(),
            reason: None,
        },
    )
    .await?;
    tracing::info!(user_id = %link.user_id, "password set from a link");
    crate::ui::redirect_after("/?welcome=1");
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::DEAD_LINK;
    use crate::auth::tokens;
    use crate::clock::{ms, Millis};
    use crate::db::RowExt;
    use crate::error::AppError;
    use crate::state::AppState;

    pub struct LiveLink {
        pub digest: String,
        pub user_id: String,
        pub name: String,
        pub email: String,
    }

    pub async fn live_link(state: &AppState, raw: &str) -> Result<LiveLink, AppError> {
        if !tokens::looks_valid(raw) {
            return Err(AppError::Conflict(DEAD_LINK.into()));
        }
        let digest = tokens::digest(raw);
        let row = sqlx::query(
            "SELECT l.user_id, l.expires_at, l.used_at, u.name, u.email, u.disabled_at
             FROM password_links l JOIN users u ON u.id = l.user_id WHERE l.token_hash = $1",
        )
        .bind(&digest)
        .fetch_optional(state.db.reader())
        .await?;
        let Some(row) = row else { return Err(AppError::Conflict(DEAD_LINK.into())) };
        let live = row.opt_int("used_at")?.is_none()
            && row.int("expires_at")? > state.now()
            && row.opt_int("disabled_at")?.is_none();
        if !live {
            return Err(AppError::Conflict(DEAD_LINK.into()));
        }
        Ok(LiveLink { digest, user_id: row.text("user_id")?, name: row.text("name")?, email: row.text("email")? })
    }

    /// Issues a set-password link for `user_id`; earlier unused links for them stop working.
    pub async fn issue(
        conn: &mut sqlx::AnyConnection,
        settings: &crate::config::Settings,
        now: Millis,
        user_id: &str,
        purpose: &str,
        created_by: Option<&str>,
    ) -> Result<String, sqlx::Error> {
        sqlx::query("UPDATE password_links SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
            .bind(user_id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        let minted = tokens::mint();
        sqlx::query(
            "INSERT INTO password_links (token_hash, user_id, purpose, created_at, created_by, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&minted.digest)
        .bind(user_id)
        .bind(purpose)
        .bind(now)
        .bind(created_by)
        .bind(now + ms(settings.password_link_ttl))
        .execute(&mut *conn)
        .await?;
        Ok(minted.raw)
    }
}

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let info = Resource::new({
        let token = token.clone();
        move || token.clone()
    }, password_link);
    view! {
        <Title text="Set your password · Keepers"/>
        <section class="auth-card">
            <Suspense fallback=|| view! { <p>"Checking your link…"</p> }>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match info.await {
                            Ok(link) => view! {
                                <h1>"Welcome, " {link.name.clone()}</h1>
                                <p>"Choose the password you will use to sign in as " <strong>{link.email.clone()}</strong> "."</p>
                                <SetPasswordForm token=token refused={crate::ui::kept::refused_for_fn::<SetPassword>()}/>
                            }.into_any(),
                            Err(e) => {
                                crate::ui::set_status(410);
                                view! {
                                    <h1>"This link cannot be used"</h1>
                                    <p>{e.to_string()}</p>
                                    <p><a href="/sign-in">"Go to sign in"</a></p>
                                }.into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[island(lazy)]
fn SetPasswordForm(token: String, refused: Option<crate::ui::kept::Refused>) -> impl IntoView {
    let action = ServerAction::<SetPassword>::new();
    let kept = crate::ui::Kept::from_parts(action, refused);
    let error = kept.error();
    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["password", "confirm"]/>
            <input type="hidden" name="token" value=token/>
            <NewPasswordFields error=error/>
            <button type="submit" class="primary" disabled=move || action.pending().get()>"Set password and sign in"</button>
        </ActionForm>
    }
}
