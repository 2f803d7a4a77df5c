//! Enrolment: HR puts hired candidates of a position into a cohort in one step. Each becomes a
//! trainee with their own sign-in (a set-password link in the outbox) and keeps the link to
//! the screening that got them hired.

use super::store::{self, date_label, NewTrainee};
use super::types::EnrolOptions;
use crate::audit::{self, Actor, Entry};
use crate::auth::guard::base_url;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::state::AppState;

/// The hired candidates of a position not yet in a cohort, the cohorts not finished, and the
/// one to offer first: the next that has not started (people hired now join at the beginning).
#[tracing::instrument(skip(state))]
pub async fn choices(state: &AppState, position_id: &str) -> Result<EnrolOptions, AppError> {
    let hired = store::hired(&state.db, position_id).await?;
    let now = state.now();
    let mut cohorts = Vec::new();
    let mut suggested = None;
    for id in store::cohort_ids(&state.db).await? {
        let cohort = store::load_cohort(&state.db, &id).await?;
        let week = cohort.week_at(now);
        if week > cohort.programme.weeks() {
            continue;
        }
        let when = if week == 0 {
            suggested.get_or_insert_with(|| cohort.id.clone());
            format!("starts {}", date_label(cohort.start))
        } else {
            format!("started {}, in week {week} of {}", date_label(cohort.start), cohort.programme.weeks())
        };
        cohorts.push((cohort.id.clone(), cohort.name.clone(), when));
    }
    Ok(EnrolOptions { hired, cohorts, suggested })
}

pub fn welcome(org: &str, name: &str, cohort: &str, programme: &str, start: &str, link: &str) -> (String, String) {
    let first = name.split_whitespace().next().unwrap_or(name);
    (
        format!("Welcome to {org}: your training starts {start}"),
        format!(
            "Hello {first},\n\nWelcome aboard. You are in the {cohort} of {programme}, starting {start}.\n\n\
             Keepers is where you will see your progress during training: your grades with your trainers' notes, \
             your attendance and the week ahead. Open this link to choose your password (it works once):\n\n{link}\n\n\
             See you on the first day,\nThe {org} training team\n"
        ),
    )
}

/// Enrols the picked invitations (all or nothing) and returns how many.
#[tracing::instrument(skip(state, viewer, picked), fields(user = %viewer.user_id, picked = picked.len()))]
pub async fn enrol(state: &AppState, viewer: &Viewer, position_id: &str, cohort_id: &str, picked: &[String]) -> Result<usize, AppError> {
    if picked.is_empty() {
        return Err(AppError::invalid("pick", "Choose at least one hired candidate to enrol."));
    }
    let cohort = store::load_cohort(&state.db, cohort_id).await.map_err(|_| AppError::invalid("cohort_id", "Choose the cohort to enrol them in."))?;
    if cohort.week_at(state.now()) > cohort.programme.weeks() {
        return Err(AppError::invalid("cohort_id", "That cohort has finished its training; choose another."));
    }
    let eligible = store::hired(&state.db, position_id).await?;
    let org = crate::org::store::name(&state.db).await?;
    let base = base_url(&state.settings);
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let mut names = Vec::new();
    for invitation_id in picked {
        let Some(person) = eligible.iter().find(|h| h.invitation_id == *invitation_id) else {
            return Err(AppError::invalid("pick", "Someone chosen is not hired for this position, or is already in a cohort. Reload the page and try again."));
        };
        if store::email_taken(&mut tx, &person.email).await? {
            return Err(AppError::invalid("pick", format!("{} already has a Keepers account with {}; nothing was enrolled.", person.name, person.email)));
        }
        let trainee = NewTrainee { cohort_id, invitation_id, name: &person.name, email: &person.email, by: &viewer.user_id };
        let user_id = store::add_trainee(&mut tx, &trainee, now).await?;
        let token = crate::auth::set_password::server::issue(&mut tx, &state.settings, now, &user_id, "invite", Some(&viewer.user_id)).await?;
        let link = format!("{base}/set-password/{token}");
        let (subject, body) = welcome(&org, &person.name, &cohort.name, cohort.programme.title(), &date_label(cohort.start), &link);
        let email = crate::outbox::server::Email { to_name: &person.name, to_email: &person.email, subject, body, link: Some(&link), invitation_id: None, private_to: Some(&user_id) };
        crate::outbox::server::queue(&mut tx, now, email).await?;
        names.push(person.name.clone());
    }
    audit::record(
        &mut *tx,
        now,
        &Actor::Staff(viewer),
        Entry {
            action: "cohort.enrolled",
            subject_type: "cohort",
            subject_id: Some(cohort_id),
            summary: format!("Enrolled {} in {}: {}", names.len(), cohort.name, names.join(", ")),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(names.len())
}
