//! Training's server functions: programmes, cohorts, the weekly grid, enrolment and the
//! trainee's own record. Each checks the caller's role, takes the state and calls one use case
//! or store read.

use super::types::{CohortDetail, CohortSummary, EnrolOptions, NewCohortOptions, ProgrammeDetail, ProgrammeSummary, TraineeDetail, TrainingRecord, WeekGrid};
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

#[server(prefix = "/api", endpoint = "cohorts/list")]
pub async fn list_cohorts() -> Result<Vec<CohortSummary>, AppError> {
    let viewer = crate::auth::guard::require::<ListCohorts>()?;
    let state = crate::state::app_state()?;
    super::cohorts::summaries(&state, &viewer).await
}

#[server(prefix = "/api", endpoint = "cohorts/choices")]
pub async fn new_cohort_choices() -> Result<NewCohortOptions, AppError> {
    crate::auth::guard::require::<NewCohortChoices>()?;
    let state = crate::state::app_state()?;
    super::cohorts::choices(&state.db).await
}

#[server(prefix = "/api", endpoint = "cohorts/create")]
pub async fn create_cohort(
    name: String,
    programme: String,
    start_date: String,
    trainer: Option<std::collections::HashMap<String, String>>,
) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<CreateCohort>()?;
    let state = crate::state::app_state()?;
    // Keys carry a letter before the id: a leading digit would read as a list index.
    let trainers: Vec<String> = trainer.unwrap_or_default().into_keys().filter_map(|k| k.strip_prefix('u').map(str::to_owned)).collect();
    let id = super::cohorts::create(&state, &viewer, &name, &programme, &start_date, &trainers).await?;
    crate::ui::redirect_after(&format!("/cohorts/{id}?created=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "cohorts/get")]
pub async fn get_cohort(id: String) -> Result<CohortDetail, AppError> {
    let viewer = crate::auth::guard::require::<GetCohort>()?;
    let state = crate::state::app_state()?;
    super::cohorts::detail(&state, &viewer, &id).await
}

#[server(prefix = "/api", endpoint = "cohorts/trainee")]
pub async fn get_trainee(id: String) -> Result<TraineeDetail, AppError> {
    let viewer = crate::auth::guard::require::<GetTrainee>()?;
    let state = crate::state::app_state()?;
    super::cohorts::trainee_detail(&state, &viewer, &id).await
}

#[server(prefix = "/api", endpoint = "cohorts/trainee_left")]
pub async fn trainee_left(trainee_id: String, reason: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<TraineeLeft>()?;
    let state = crate::state::app_state()?;
    let cohort = super::cohorts::mark_left(&state, &viewer, &trainee_id, &reason).await?;
    crate::ui::redirect_after(&format!("/cohorts/{cohort}/trainees/{trainee_id}?left=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "training/week")]
pub async fn get_week(cohort_id: String, week: usize) -> Result<WeekGrid, AppError> {
    let viewer = crate::auth::guard::require::<GetWeek>()?;
    let state = crate::state::app_state()?;
    super::grid::grid(&state, &viewer, &cohort_id, week).await
}

#[server(prefix = "/api", endpoint = "training/save_cell")]
pub async fn save_cell(cohort_id: String, week: usize, trainee_id: String, field: String, value: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<SaveCell>()?;
    let state = crate::state::app_state()?;
    let cells = vec![(trainee_id, field, value)];
    super::grid::save(&state, &viewer, &cohort_id, week, &cells, None).await?;
    Ok(())
}

#[server(prefix = "/api", endpoint = "training/save_week")]
pub async fn save_week(cohort_id: String, week: usize, cells: Option<HashMap<String, String>>) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<SaveWeek>()?;
    let state = crate::state::app_state()?;
    let cells: Vec<(String, String, String)> = cells
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| {
            let (trainee, field) = k.split_once('~')?;
            Some((trainee.strip_prefix('t')?.to_string(), field.to_string(), v))
        })
        .collect();
    let changed = super::grid::save(&state, &viewer, &cohort_id, week, &cells, None).await?;
    crate::ui::redirect_after(&format!("/cohorts/{cohort_id}/weeks/{week}?saved={changed}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "training/close_week")]
pub async fn close_week(cohort_id: String, week: usize) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<CloseWeek>()?;
    let state = crate::state::app_state()?;
    super::grid::close(&state, &viewer, &cohort_id, week).await?;
    crate::ui::redirect_after(&format!("/cohorts/{cohort_id}/weeks/{week}?closed=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "training/correct")]
pub async fn correct_cell(
    cohort_id: String,
    week: usize,
    trainee_id: String,
    field: String,
    value: String,
    reason: String,
) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<CorrectCell>()?;
    let state = crate::state::app_state()?;
    let reason = reason.trim();
    if reason.chars().count() < 5 || reason.chars().count() > 1_000 {
        return Err(AppError::invalid("reason", "Say why this is corrected (5 to 1,000 characters); the reason is kept with the change."));
    }
    let cells = vec![(trainee_id, field, value)];
    let changed = super::grid::save(&state, &viewer, &cohort_id, week, &cells, Some(reason)).await?;
    if changed == 0 {
        return Err(AppError::invalid("value", "That is already the recorded value; nothing was changed."));
    }
    crate::ui::redirect_after(&format!("/cohorts/{cohort_id}/weeks/{week}?corrected=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "me/training")]
pub async fn my_training() -> Result<TrainingRecord, AppError> {
    let viewer = crate::auth::guard::require::<MyTraining>()?;
    let state = crate::state::app_state()?;
    super::mine::mine(&state, &viewer.user_id).await
}
