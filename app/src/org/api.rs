//! The server functions for the organisation's settings: guard, state, call.

use super::types::OrgSettings;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "org/settings")]
pub async fn load_org_settings() -> Result<OrgSettings, AppError> {
    crate::auth::guard::require::<LoadOrgSettings>()?;
    let state = crate::state::app_state()?;
    super::settings::load(&state.db).await
}

#[server(prefix = "/api", endpoint = "org/save")]
pub async fn save_org_settings(name: String, time_zone: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<SaveOrgSettings>()?;
    let state = crate::state::app_state()?;
    super::settings::save(&state.db, state.now(), &viewer, &name, &time_zone).await?;
    crate::ui::redirect_after("/admin/organisation?saved=1");
    Ok(())
}
