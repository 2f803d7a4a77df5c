//! The one `AppState`: handed to axum with `.with_state` and to server functions as context.

use crate::auth::throttle::ThrottlePolicy;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// Behaviour settings that are not the database URL or the listen address.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The address people reach Keepers at (for links in emails); when unset, links are
    /// built from the Host of the request that made them.
    pub public_url: Option<String>,
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub session_absolute: Duration,
    /// How long a set-password link stays valid.
    pub password_link_ttl: Duration,
    pub throttle: ThrottlePolicy,
    /// Which proxies in front of Keepers may say who the client is (X-Forwarded-*).
    pub proxies: crate::auth::proxy::ProxyTrust,
    /// How many passwords may be hashed at once, and how long a sign-in waits for a turn.
    pub hashing_permits: usize,
    pub hashing_wait: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_url: None,
            session_idle: Duration::from_secs(2 * 60 * 60),
            session_absolute: Duration::from_secs(12 * 60 * 60),
            password_link_ttl: Duration::from_secs(72 * 60 * 60),
            throttle: ThrottlePolicy::default(),
            proxies: Default::default(),
            hashing_permits: crate::auth::password::Hashing::default_size(),
            hashing_wait: Duration::from_secs(2),
        }
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    /// Parsed screening versions (frozen ones only; they never change).
    pub screenings: crate::screening::store::Cache,
    /// The cap on concurrent password hashing, for this whole process.
    pub hashing: Arc<crate::auth::password::Hashing>,
}

impl AppState {
    pub fn now(&self) -> crate::clock::Millis {
        self.clock.now()
    }
}

/// The state, from inside a server function or a server-rendered component.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::Internal { reference: "no-state".into() })
}

/// The id tracing gave this request, so an error shown to a person can be found in the logs.
pub fn request_id() -> Option<String> {
    use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned))
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        internal(e)
    }
}

/// Logs an unexpected failure with the request id and turns it into something a person can quote.
pub fn internal(e: impl std::fmt::Display) -> AppError {
    let reference = request_id()
        .map(|id| id.chars().take(8).collect())
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string()[..8].to_string());
    tracing::error!(reference = %reference, error = %e, "unexpected failure");
    AppError::Internal { reference }
}

/// Where people reach this server, for links that leave it (emails, copied links).
pub fn base_url(state: &AppState) -> String {
    if let Some(url) = &state.settings.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let site = crate::auth::guard::request_site();
    let host = site
        .as_ref()
        .and_then(|s| s.host.clone())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b)))
        .unwrap_or_else(|| "127.0.0.1:3000".into());
    let https = crate::auth::session::is_https(site.as_ref(), &state.settings);
    format!("{}://{host}", if https { "https" } else { "http" })
}
