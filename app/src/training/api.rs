//! Training's server functions (enrolment and the programme library so far): each checks the
//! caller's role, takes the state and calls one use case or store read.

use super::types::{EnrolOptions, ProgrammeDetail, ProgrammeSummary};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

#[server(prefix = "/api", endpoint = "cohorts/enrol_choices")]
pub async fn enrol_choices(position_id: String) -> Result<EnrolOptions, AppError> {
    crate::auth::guard::require::<EnrolChoices>()?;
    let state = crate::state::app_state()?;
    super::enrol::choices(&state, &position_id).await
}

#[server(prefix = "/api", endpoint = "cohorts/enrol")]
pub async fn enrol(position_id: String, cohort_id: String, pick: Option<HashMap<String, String>>) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<Enrol>()?;
    let state = crate::state::app_state()?;
    // Keys carry a letter before the id: a leading digit would read as a list index.
    let picked: Vec<String> = pick.unwrap_or_default().into_keys().filter_map(|k| k.strip_prefix('i').map(str::to_owned)).collect();
    let n = super::enrol::enrol(&state, &viewer, &position_id, &cohort_id, &picked).await?;
    crate::ui::redirect_after(&format!("/positions/{position_id}/results?enrolled={n}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "programmes/list")]
pub async fn list_programmes() -> Result<Vec<ProgrammeSummary>, AppError> {
    crate::auth::guard::require::<ListProgrammes>()?;
    let state = crate::state::app_state()?;
    super::store::summaries(&state.db, None).await
}

#[server(prefix = "/api", endpoint = "programmes/get")]
pub async fn get_programme(id: String) -> Result<ProgrammeDetail, AppError> {
    crate::auth::guard::require::<GetProgramme>()?;
    let state = crate::state::app_state()?;
    super::programmes::detail(&state.db, &id).await
}

#[server(prefix = "/api", endpoint = "programmes/save")]
pub async fn save_programme(id: String, definition: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<SaveProgramme>()?;
    let state = crate::state::app_state()?;
    let saved = super::store::save(&state.db, state.now(), &crate::audit::Actor::Staff(&viewer), &id, &definition).await?;
    crate::ui::redirect_after(&format!(
        "/programmes/{}?saved={}",
        saved.programme_id,
        if saved.new_version { "new-version" } else { "edited" }
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "programmes/import")]
pub async fn import_programme(definition: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<ImportProgramme>()?;
    let state = crate::state::app_state()?;
    if definition.trim().is_empty() {
        return Err(AppError::invalid("definition", "Paste a programme file, or choose one."));
    }
    let saved = super::store::import(&state.db, state.now(), &crate::audit::Actor::Staff(&viewer), &definition).await?;
    crate::ui::redirect_after(&format!("/programmes/{}?saved=imported", saved.programme_id));
    Ok(())
}
