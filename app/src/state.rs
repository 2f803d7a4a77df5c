//! The one `AppState`: handed to axum with `.with_state` and to server functions as context.

use crate::clock::Clock;
use crate::db::Db;
use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub settings: Arc<crate::config::Settings>,
    pub clock: Clock,
    /// Parsed screening versions (frozen ones only; they never change).
    pub screenings: crate::screening::cache::Cache,
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
