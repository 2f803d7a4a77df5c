//! The audit log's server function: the guard, then the search.

use super::types::{AuditQuery, AuditResults};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "admin/audit_log")]
pub async fn audit_log(query: Option<AuditQuery>) -> Result<AuditResults, AppError> {
    crate::auth::guard::require::<AuditLog>()?;
    let state = crate::state::app_state()?;
    super::search::page(&state.db, query.unwrap_or_default()).await
}
