//! The rules of making the Offer: what a valid Offer is, who receives it, the email they get,
//! and the one transaction that makes it (recipients, emails and the audit entry together).

use super::types::DraftView;
use crate::audit::{self, Actor, Entry};
use crate::auth::Viewer;
use crate::clock::{Millis, HOUR};
use crate::db::new_id;
use crate::error::AppError;
use crate::offer::drafts::{self, Draft};
use crate::offer::money::Money;
use crate::org::zone::Zone;
use crate::auth::guard::base_url;
use crate::state::AppState;
use crate::training::store::{self as training, Cohort, TraineeRow};

/// The form's fields as typed.
pub struct Fields<'a> {
    pub week: &'a str,
    pub amount: &'a str,
    pub currency: &'a str,
    pub date: &'a str,
    pub time_of_day: &'a str,
    pub message: &'a str,
    pub rehire_allowed: bool,
    pub payout_terms: &'a str,
    pub no_response: &'a str,
}

/// The Offer as typed, checked; the deadline's date and time are read in `zone`.
pub fn parse(now: Millis, zone: &Zone, f: Fields<'_>) -> Result<Draft, AppError> {
    let week = f.week.trim().parse::<usize>().ok().filter(|w| *w >= 1).ok_or_else(|| AppError::invalid("week", "Choose the week the Offer is made in."))?;
    let money = Money::parse(f.amount, f.currency).map_err(|m| AppError::invalid(if m.contains("currency") { "currency" } else { "amount" }, m))?;
    let day = crate::clock::parse_date(f.date).ok_or_else(|| AppError::invalid("deadline", "Enter the date of the deadline."))?;
    let clock = time::Time::parse(f.time_of_day.trim(), time::macros::format_description!("[hour]:[minute]"))
        .map_err(|_| AppError::invalid("deadline", "Enter the time of the deadline, for example 17:00."))?;
    let deadline_at = zone.instant(day, clock).ok_or_else(|| AppError::invalid("deadline", "Enter a date within the next 60 days."))?;
    check_deadline(deadline_at, now)?;
    let message = f.message.trim().to_string();
    if message.is_empty() || message.chars().count() > 4_000 {
        return Err(AppError::invalid("message", "Write a message for the trainees (up to 4,000 characters)."));
    }
    let payout_terms = f.payout_terms.trim().to_string();
    if payout_terms.is_empty() || payout_terms.chars().count() > 2_000 {
        return Err(AppError::invalid("payout_terms", "Say how and when the money is paid (up to 2,000 characters)."));
    }
    let no_response_leaves = match f.no_response {
        "stays" => false,
        "leaves" => true,
        _ => return Err(AppError::invalid("no_response", "Choose what happens when a trainee does not answer.")),
    };
    Ok(Draft { week, money, deadline_at, message, rehire_allowed: f.rehire_allowed, payout_terms, no_response_leaves })
}

/// A deadline gives trainees at least an hour and falls within 60 days; checked again on
/// confirmation, since time passes while HR reads the preview.
fn check_deadline(deadline_at: Millis, now: Millis) -> Result<(), AppError> {
    if deadline_at < now + HOUR {
        return Err(AppError::invalid("deadline", "Give trainees at least an hour: the deadline must be later than that."));
    }
    if deadline_at > now + 60 * 24 * HOUR {
        return Err(AppError::invalid("deadline", "The deadline must be within 60 days."));
    }
    Ok(())
}

/// The cohort and who would receive the Offer now, if it can be made at all.
async fn ready(state: &AppState, cohort_id: &str, draft: &Draft) -> Result<(Cohort, Vec<TraineeRow>), AppError> {
    let cohort = training::load_cohort(&state.db, cohort_id).await?;
    if crate::offer::store::for_cohort(&state.db, cohort_id).await?.is_some() {
        return Err(AppError::Conflict("This cohort already has an Offer.".into()));
    }
    let weeks = cohort.programme.weeks();
    if draft.week > weeks {
        return Err(AppError::invalid("week", format!("This programme has {weeks} weeks.")));
    }
    if cohort.week_at(state.now()) < draft.week {
        let opens = training::date_label(cohort.day_date(cohort.days_of(draft.week).start));
        return Err(AppError::invalid("week", format!("The cohort reaches week {} on {opens}; open the Offer then, or choose an earlier week.", draft.week)));
    }
    let trainees: Vec<_> = training::trainees(&state.db, cohort_id).await?.into_iter().filter(|t| !t.left).collect();
    if trainees.is_empty() {
        return Err(AppError::invalid("week", "Nobody is in training in this cohort, so there is nobody to make the Offer to."));
    }
    Ok((cohort, trainees))
}

/// Keeps a checked Offer as the caller's draft, to preview; nothing is sent.
pub async fn preview(state: &AppState, viewer: &Viewer, cohort_id: &str, draft: Draft) -> Result<(), AppError> {
    ready(state, cohort_id, &draft).await?;
    drafts::save(&state.db, state.now(), cohort_id, &viewer.user_id, &draft).await
}

/// The caller's draft as the preview shows it, if they have one.
pub async fn draft_view(state: &AppState, viewer: &Viewer, cohort_id: &str, zone: &Zone) -> Result<Option<DraftView>, AppError> {
    let Some(d) = drafts::get(&state.db, state.now(), cohort_id, &viewer.user_id).await? else { return Ok(None) };
    let recipients: Vec<(String, String)> =
        training::trainees(&state.db, cohort_id).await?.into_iter().filter(|t| !t.left).map(|t| (t.name, t.email)).collect();
    let org = crate::org::store::name(&state.db).await?;
    let first = recipients.first().map(|(n, _)| n.as_str()).unwrap_or("there");
    let (email_subject, email_body) = email(&org, first, &d, &format!("{}/offer", base_url(&state.settings)), zone);
    let (deadline_date, deadline_time) = zone.fields(d.deadline_at);
    Ok(Some(DraftView {
        week: d.week,
        money: d.money,
        amount: d.money.plain(),
        deadline_date,
        deadline_time,
        deadline: zone.format(d.deadline_at),
        message: d.message,
        rehire_allowed: d.rehire_allowed,
        payout_terms: d.payout_terms,
        no_response_leaves: d.no_response_leaves,
        recipients,
        email_subject,
        email_body,
    }))
}

/// Makes the Offer the caller previewed. `recipients` is the count the preview showed: if the
/// cohort changed since (someone left or joined), nothing is sent and the preview is shown again.
pub async fn confirm(state: &AppState, viewer: &Viewer, cohort_id: &str, recipients: &str) -> Result<String, AppError> {
    let draft = drafts::get(&state.db, state.now(), cohort_id, &viewer.user_id)
        .await?
        .ok_or_else(|| AppError::Conflict("There is no Offer waiting for confirmation: fill it in and preview it first. Nothing was sent.".into()))?;
    check_deadline(draft.deadline_at, state.now())?;
    let (cohort, trainees) = ready(state, cohort_id, &draft).await?;
    let seen = recipients.trim().parse::<usize>().ok();
    if seen != Some(trainees.len()) {
        return Err(AppError::Conflict(format!(
            "The cohort changed after the preview: the Offer would now go to {} trainees. Nothing was sent; check the list below and confirm again.",
            trainees.len()
        )));
    }
    make(state, viewer, &cohort, &trainees, &draft).await
}

/// Makes an Offer without a preview (the demo organisation's history).
pub async fn open(state: &AppState, viewer: &Viewer, cohort_id: &str, draft: Draft) -> Result<String, AppError> {
    let (cohort, trainees) = ready(state, cohort_id, &draft).await?;
    make(state, viewer, &cohort, &trainees, &draft).await
}

async fn make(state: &AppState, viewer: &Viewer, cohort: &Cohort, trainees: &[TraineeRow], form: &Draft) -> Result<String, AppError> {
    let org = crate::org::store::name(&state.db).await?;
    let zone = crate::org::store::zone(&state.db).await?;
    let link = format!("{}/offer", base_url(&state.settings));
    let now = state.now();
    let id = new_id().to_string();
    let mut tx = state.db.begin().await?;
    let insert = sqlx::query(
        "INSERT INTO offers (id, cohort_id, week, amount_cents, currency, deadline_at, message, rehire_allowed, payout_terms, no_response_rule, opened_at, opened_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (cohort_id) DO NOTHING",
    )
    .bind(&id)
    .bind(&cohort.id);
    let done = drafts::bind_terms(insert, form).bind(now).bind(&viewer.user_id).execute(&mut *tx).await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict("This cohort already has an Offer.".into()));
    }
    for t in trainees {
        sqlx::query("INSERT INTO offer_recipients (offer_id, trainee_id) VALUES ($1, $2)").bind(&id).bind(&t.id).execute(&mut *tx).await?;
        let (subject, body) = email(&org, &t.name, form, &link, &zone);
        let message = crate::outbox::server::Email { to_name: &t.name, to_email: &t.email, subject, body, link: Some(&link), invitation_id: None, private_to: None };
        crate::outbox::server::queue(&mut tx, now, message).await?;
    }
    drafts::clear(&mut tx, &cohort.id).await?;
    let summary = format!(
        "Made the Offer to {} trainees of {}: {} to leave now, answer by {}; {}; silence means {}",
        trainees.len(),
        cohort.name,
        form.money.display(),
        zone.format(form.deadline_at),
        if form.rehire_allowed { "takers may be rehired" } else { "takers may not be rehired" },
        if form.no_response_leaves { "leaving" } else { "staying" }
    );
    let entry = Entry { action: "offer.opened", subject_type: "cohort", subject_id: Some(&cohort.id), summary, reason: None };
    audit::record(&mut *tx, now, &Actor::Staff(viewer), entry).await?;
    tx.commit().await?;
    Ok(id)
}

/// The email a trainee gets, with the deadline in the organisation's time zone.
fn email(org: &str, name: &str, offer: &Draft, link: &str, zone: &Zone) -> (String, String) {
    let first = name.split_whitespace().next().unwrap_or(name);
    let rehire = if offer.rehire_allowed { "If you take it, you may apply to work here again later." } else { "If you take it, you cannot be rehired." };
    (
        format!("The Offer: {} to leave now, or stay", offer.money.display()),
        format!(
            "Hello {first},\n\nYou are nearly through training, and {org} wants everyone who stays to have chosen to.\n\n\
             So here is the Offer: {amount} to leave now, or stay. {rehire}\n\n{message}\n\n\
             Payout: {terms}\n\nPlease answer by {deadline} on your Offer page:\n\n{link}\n\n\
             Whatever you choose, thank you for these weeks.\n",
            amount = offer.money.display(),
            message = offer.message,
            terms = offer.payout_terms,
            deadline = zone.format(offer.deadline_at),
        ),
    )
}
