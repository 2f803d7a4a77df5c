//! The server functions for making the Offer: guard, state, call.

use crate::error::AppError;
use leptos::prelude::*;

/// Checks the Offer and keeps it as the caller's draft; nothing is sent.
#[server(prefix = "/api", endpoint = "offers/preview")]
#[allow(clippy::too_many_arguments)]
pub async fn preview_offer(
    cohort_id: String,
    week: String,
    amount: String,
    currency: String,
    deadline_date: String,
    deadline_time: String,
    message: String,
    rehire: Option<String>,
    payout_terms: String,
    no_response: String,
) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<PreviewOffer>()?;
    let state = crate::state::app_state()?;
    let zone = crate::org::store::zone(&state.db).await?;
    let fields = super::rules::Fields {
        week: &week,
        amount: &amount,
        currency: &currency,
        date: &deadline_date,
        time_of_day: &deadline_time,
        message: &message,
        rehire_allowed: rehire.is_some(),
        payout_terms: &payout_terms,
        no_response: &no_response,
    };
    let draft = super::rules::parse(state.now(), &zone, fields)?;
    super::rules::preview(&state, &viewer, &cohort_id, draft).await?;
    crate::ui::redirect_after(&format!("/cohorts/{cohort_id}/offer?preview=1"));
    Ok(())
}

/// Makes the Offer the caller previewed, if it would still go to `recipients` trainees.
#[server(prefix = "/api", endpoint = "offers/open")]
pub async fn open_offer(cohort_id: String, recipients: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<OpenOffer>()?;
    let state = crate::state::app_state()?;
    super::rules::confirm(&state, &viewer, &cohort_id, &recipients).await?;
    crate::ui::redirect_after(&format!("/cohorts/{cohort_id}/offer?opened=1"));
    Ok(())
}
