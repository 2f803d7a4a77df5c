//! HR's side of the Offer: open it for a cohort, follow the answers, record an answer given in
//! person, correct an entry (a new entry with a reason, never an edit), and mark payouts paid.

use super::money::{Money, CURRENCIES};
use super::{Answer, DecisionView};
use crate::auth::Role;
use crate::error::AppError;
use crate::ui::{invalid_attr, FieldError, FormError, Guarded, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferSummary {
    pub id: String,
    pub cohort_id: String,
    pub cohort: String,
    pub week: i64,
    pub money: Money,
    pub deadline: String,
    pub deadline_passed: bool,
    pub message: String,
    pub rehire_allowed: bool,
    pub payout_terms: String,
    pub no_response_leaves: bool,
    pub opened: String,
    pub opened_by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Payout {
    /// Nothing is owed.
    None,
    Pending,
    Paid { at: String, reference: String, by: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecipientRow {
    pub trainee_id: String,
    pub name: String,
    pub email: String,
    /// The entry that counts now (the latest).
    pub latest: Option<DecisionView>,
    pub entries: usize,
    pub payout: Payout,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub offered: usize,
    pub taken: usize,
    pub stayed: usize,
    pub no_response: usize,
    pub waiting: usize,
    /// Left training while the Offer was open; not counted as offered.
    pub withdrawn: usize,
}

impl Counts {
    pub fn take_rate(&self) -> Option<f64> {
        (self.offered > 0).then(|| self.taken as f64 / self.offered as f64)
    }

    pub fn add(&mut self, other: &Counts) {
        self.offered += other.offered;
        self.taken += other.taken;
        self.stayed += other.stayed;
        self.no_response += other.no_response;
        self.waiting += other.waiting;
        self.withdrawn += other.withdrawn;
    }

    pub fn of(rows: &[RecipientRow]) -> Counts {
        let mut c = Counts { offered: rows.len(), ..Default::default() };
        for r in rows {
            match r.latest.as_ref().map(|d| d.answer) {
                Some(Answer::Take) => c.taken += 1,
                Some(Answer::Stay) => c.stayed += 1,
                Some(Answer::NoResponse) => c.no_response += 1,
                Some(Answer::Withdrawn) => c.withdrawn += 1,
                None => c.waiting += 1,
            }
        }
        c.offered -= c.withdrawn;
        c
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferPage {
    pub cohort_id: String,
    pub cohort: String,
    pub weeks: usize,
    pub current_week: usize,
    pub active_trainees: usize,
    pub offer: Option<(OfferSummary, Vec<RecipientRow>, Counts)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraineeOffer {
    pub offer: OfferSummary,
    pub trainee_id: String,
    pub name: String,
    pub history: Vec<DecisionView>,
    pub payout: Payout,
}

#[server(prefix = "/api", endpoint = "offers/page")]
pub async fn load_offer_page(cohort_id: String) -> Result<OfferPage, AppError> {
    crate::auth::guard::require::<LoadOfferPage>()?;
    let state = crate::state::app_state()?;
    server::page(&state, &cohort_id).await
}

#[server(prefix = "/api", endpoint = "offers/open")]
#[allow(clippy::too_many_arguments)]
pub async fn open_offer(
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
    let viewer = crate::auth::guard::require::<OpenOffer>()?;
    let state = crate::state::app_state()?;
    let form = server::OpenForm::parse(&state, &week, &amount, &currency, &deadline_date, &deadline_time, &message, rehire.is_some(), &payout_terms, &no_response)?;
    server::open(&state, &viewer, &cohort_id, form).await?;
    crate::ui::redirect_after(&format!("/cohorts/{cohort_id}/offer?opened=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "offers/trainee")]
pub async fn load_trainee_offer(cohort_id: String, trainee_id: String) -> Result<TraineeOffer, AppError> {
    crate::auth::guard::require::<LoadTraineeOffer>()?;
    let state = crate::state::app_state()?;
    server::trainee(&state, &cohort_id, &trainee_id).await
}

#[server(prefix = "/api", endpoint = "offers/record")]
pub async fn record_in_person(cohort_id: String, trainee_id: String, answer: String, note: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<RecordInPerson>()?;
    let state = crate::state::app_state()?;
    server::record(&state, &viewer, &cohort_id, &trainee_id, &answer, &note, false).await?;
    crate::ui::redirect_after(&format!("/cohorts/{cohort_id}/offer/{trainee_id}?recorded=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "offers/correct")]
pub async fn correct_offer(cohort_id: String, trainee_id: String, answer: String, reason: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<CorrectOffer>()?;
    let state = crate::state::app_state()?;
    server::record(&state, &viewer, &cohort_id, &trainee_id, &answer, &reason, true).await?;
    crate::ui::redirect_after(&format!("/cohorts/{cohort_id}/offer/{trainee_id}?corrected=1"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "offers/paid")]
pub async fn mark_paid(cohort_id: String, trainee_id: String, reference: String) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<MarkPaid>()?;
    let state = crate::state::app_state()?;
    server::paid(&state, &viewer, &cohort_id, &trainee_id, &reference).await?;
    crate::ui::redirect_after(&format!("/cohorts/{cohort_id}/offer/{trainee_id}?paid=1"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::audit::{self, Actor, Entry};
    use crate::auth::Viewer;
    use crate::clock::{format_utc, Millis};
    use crate::db::{new_id, RowExt};
    use crate::offer::store::{self, NewDecision, Offer};
    use crate::offer::Source;
    use crate::state::{base_url, AppState};
    use crate::training::store as training;

    pub fn summary(offer: &Offer, now: Millis) -> OfferSummary {
        OfferSummary {
            id: offer.id.clone(),
            cohort_id: offer.cohort_id.clone(),
            cohort: offer.cohort.clone(),
            week: offer.week,
            money: offer.money,
            deadline: format_utc(offer.deadline_at),
            deadline_passed: now > offer.deadline_at,
            message: offer.message.clone(),
            rehire_allowed: offer.rehire_allowed,
            payout_terms: offer.payout_terms.clone(),
            no_response_leaves: offer.no_response_leaves,
            opened: format_utc(offer.opened_at),
            opened_by: offer.opened_by.clone(),
        }
    }

    /// Recipients with where each stands and their whole record; `sweep` has run first, so
    /// silence past the deadline is already recorded.
    async fn records(state: &AppState, offer: &Offer) -> Result<Vec<(RecipientRow, Vec<DecisionView>)>, AppError> {
        let mut decisions = store::decisions(state, &offer.id).await?;
        let payments = store::payments(state, &offer.id).await?;
        Ok(store::recipients(state, &offer.id)
            .await?
            .into_iter()
            .map(|(trainee_id, name, email)| {
                let history = decisions.remove(&trainee_id).unwrap_or_default();
                let latest = history.last().cloned();
                let payout = match (payments.get(&trainee_id), latest.as_ref().map(|d| d.answer)) {
                    (Some((at, reference, by)), _) => Payout::Paid { at: at.clone(), reference: reference.clone(), by: by.clone() },
                    (None, Some(Answer::Take)) => Payout::Pending,
                    _ => Payout::None,
                };
                (RecipientRow { trainee_id, name, email, latest, entries: history.len(), payout }, history)
            })
            .collect())
    }

    pub async fn rows(state: &AppState, offer: &Offer) -> Result<Vec<RecipientRow>, AppError> {
        Ok(records(state, offer).await?.into_iter().map(|(row, _)| row).collect())
    }

    pub async fn page(state: &AppState, cohort_id: &str) -> Result<OfferPage, AppError> {
        store::sweep(state).await?;
        let cohort = training::load_cohort(state, cohort_id).await?;
        let now = state.now();
        let active = training::trainees(state, cohort_id).await?.iter().filter(|t| !t.left).count();
        let offer = match store::for_cohort(state, cohort_id).await? {
            Some(o) => {
                let rows = rows(state, &o).await?;
                let counts = Counts::of(&rows);
                Some((summary(&o, now), rows, counts))
            }
            None => None,
        };
        Ok(OfferPage {
            cohort_id: cohort.id.clone(),
            cohort: cohort.name.clone(),
            weeks: cohort.programme.weeks(),
            current_week: cohort.week_at(now),
            active_trainees: active,
            offer,
        })
    }

    pub struct OpenForm {
        pub week: usize,
        pub money: Money,
        pub deadline_at: Millis,
        pub message: String,
        pub rehire_allowed: bool,
        pub payout_terms: String,
        pub no_response_leaves: bool,
    }

    impl OpenForm {
        #[allow(clippy::too_many_arguments)]
        pub fn parse(
            state: &AppState,
            week: &str,
            amount: &str,
            currency: &str,
            date: &str,
            time_of_day: &str,
            message: &str,
            rehire_allowed: bool,
            payout_terms: &str,
            no_response: &str,
        ) -> Result<OpenForm, AppError> {
            let week = week.trim().parse::<usize>().ok().filter(|w| *w >= 1).ok_or_else(|| AppError::invalid("week", "Choose the week the Offer is made in."))?;
            let money = Money::parse(amount, currency).map_err(|m| AppError::invalid(if m.contains("currency") { "currency" } else { "amount" }, m))?;
            let day = training::parse_date(date).ok_or_else(|| AppError::invalid("deadline", "Enter the date of the deadline."))?;
            let clock = time::Time::parse(time_of_day.trim(), time::macros::format_description!("[hour]:[minute]"))
                .map_err(|_| AppError::invalid("deadline", "Enter the time of the deadline, for example 17:00."))?;
            let deadline_at = day.with_time(clock).assume_utc().unix_timestamp() * 1000;
            let now = state.now();
            if deadline_at < now + 60 * 60 * 1000 {
                return Err(AppError::invalid("deadline", "Give trainees at least an hour: the deadline must be later than that."));
            }
            if deadline_at > now + 60 * 24 * 60 * 60 * 1000 {
                return Err(AppError::invalid("deadline", "The deadline must be within 60 days."));
            }
            let message = message.trim().to_string();
            if message.is_empty() || message.chars().count() > 4_000 {
                return Err(AppError::invalid("message", "Write a message for the trainees (up to 4,000 characters)."));
            }
            let payout_terms = payout_terms.trim().to_string();
            if payout_terms.is_empty() || payout_terms.chars().count() > 2_000 {
                return Err(AppError::invalid("payout_terms", "Say how and when the money is paid (up to 2,000 characters)."));
            }
            let no_response_leaves = match no_response {
                "stays" => false,
                "leaves" => true,
                _ => return Err(AppError::invalid("no_response", "Choose what happens when a trainee does not answer.")),
            };
            Ok(OpenForm { week, money, deadline_at, message, rehire_allowed, payout_terms, no_response_leaves })
        }
    }

    fn email(org: &str, name: &str, offer: &OpenForm, link: &str) -> (String, String) {
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
                deadline = format_utc(offer.deadline_at),
            ),
        )
    }

    pub async fn open(state: &AppState, viewer: &Viewer, cohort_id: &str, form: OpenForm) -> Result<String, AppError> {
        let cohort = training::load_cohort(state, cohort_id).await?;
        let weeks = cohort.programme.weeks();
        if form.week > weeks {
            return Err(AppError::invalid("week", format!("This programme has {weeks} weeks.")));
        }
        let now = state.now();
        if cohort.week_at(now) < form.week {
            let opens = training::date_label(cohort.day_date(cohort.days_of(form.week).start));
            return Err(AppError::invalid("week", format!("The cohort reaches week {} on {opens}; open the Offer then, or choose an earlier week.", form.week)));
        }
        let trainees: Vec<_> = training::trainees(state, cohort_id).await?.into_iter().filter(|t| !t.left).collect();
        if trainees.is_empty() {
            return Err(AppError::invalid("week", "Nobody is in training in this cohort, so there is nobody to make the Offer to."));
        }
        let org = crate::attempt::flow::org_name(state).await?;
        let link = format!("{}/offer", base_url(state));
        let id = new_id().to_string();
        let mut tx = state.db.begin().await?;
        let done = sqlx::query(
            "INSERT INTO offers (id, cohort_id, week, amount_cents, currency, deadline_at, message, rehire_allowed, payout_terms, no_response_rule, opened_at, opened_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (cohort_id) DO NOTHING",
        )
        .bind(&id)
        .bind(cohort_id)
        .bind(form.week as i64)
        .bind(form.money.cents)
        .bind(form.money.currency())
        .bind(form.deadline_at)
        .bind(&form.message)
        .bind(form.rehire_allowed as i64)
        .bind(&form.payout_terms)
        .bind(if form.no_response_leaves { "leaves" } else { "stays" })
        .bind(now)
        .bind(&viewer.user_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(AppError::Conflict("This cohort already has an Offer.".into()));
        }
        for t in &trainees {
            sqlx::query("INSERT INTO offer_recipients (offer_id, trainee_id) VALUES ($1, $2)").bind(&id).bind(&t.id).execute(&mut *tx).await?;
            let (subject, body) = email(&org, &t.name, &form, &link);
            let message = crate::outbox::server::Email { to_name: &t.name, to_email: &t.email, subject, body, link: Some(&link), invitation_id: None, private_to: None };
            crate::outbox::server::queue(&mut tx, now, message).await?;
        }
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "offer.opened",
                subject_type: "cohort",
                subject_id: Some(cohort_id),
                summary: format!(
                    "Made the Offer to {} trainees of {}: {} to leave now, answer by {}; {}; silence means {}",
                    trainees.len(),
                    cohort.name,
                    form.money.display(),
                    format_utc(form.deadline_at),
                    if form.rehire_allowed { "takers may be rehired" } else { "takers may not be rehired" },
                    if form.no_response_leaves { "leaving" } else { "staying" }
                ),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The Offer of a cohort and where one of its recipients stands, with their record.
    async fn one(state: &AppState, cohort_id: &str, trainee_id: &str) -> Result<(Offer, RecipientRow, Vec<DecisionView>), AppError> {
        let offer = store::for_cohort(state, cohort_id).await?.ok_or_else(|| AppError::not_found("This cohort's Offer"))?;
        let (row, history) = records(state, &offer)
            .await?
            .into_iter()
            .find(|(r, _)| r.trainee_id == trainee_id)
            .ok_or_else(|| AppError::not_found("That trainee's Offer"))?;
        Ok((offer, row, history))
    }

    pub async fn trainee(state: &AppState, cohort_id: &str, trainee_id: &str) -> Result<TraineeOffer, AppError> {
        store::sweep(state).await?;
        let (offer, row, history) = one(state, cohort_id, trainee_id).await?;
        Ok(TraineeOffer { offer: summary(&offer, state.now()), trainee_id: row.trainee_id, name: row.name, history, payout: row.payout })
    }

    /// An answer given in person (the first entry) or a correction (a later entry, with a reason).
    pub async fn record(
        state: &AppState,
        viewer: &Viewer,
        cohort_id: &str,
        trainee_id: &str,
        answer: &str,
        note: &str,
        correction: bool,
    ) -> Result<(), AppError> {
        let answer = match Answer::parse(answer) {
            Some(a @ (Answer::Take | Answer::Stay)) => a,
            Some(Answer::NoResponse) if correction => Answer::NoResponse,
            _ => return Err(AppError::invalid("answer", "Choose what the trainee decided.")),
        };
        let note = note.trim();
        let (field, least) = if correction { ("reason", 10) } else { ("note", 3) };
        if note.chars().count() < least || note.chars().count() > 2_000 {
            let message = if correction {
                "Explain the correction in a sentence or more; it stays on the record next to the earlier entry."
            } else {
                "Say when and how they told you (for example, in person on Thursday with their trainer present)."
            };
            return Err(AppError::invalid(field, message));
        }
        store::sweep(state).await?;
        let (offer, RecipientRow { name, .. }, _) = one(state, cohort_id, trainee_id).await?;
        let now = state.now();
        let mut tx = state.db.begin().await?;
        let last = sqlx::query("SELECT MAX(seq) AS n, COUNT(*) AS c FROM offer_decisions WHERE offer_id = $1 AND trainee_id = $2")
            .bind(&offer.id)
            .bind(trainee_id)
            .fetch_one(&mut *tx)
            .await?;
        let entries = last.int("c")?;
        let seq = if correction {
            if entries == 0 {
                return Err(AppError::invalid("answer", "There is nothing to correct yet: record their answer instead."));
            }
            last.opt_int("n")?.unwrap_or(0) + 1
        } else {
            if entries > 0 {
                return Err(AppError::Conflict(format!("{name} has already answered. To change it, add a correction with a reason.")));
            }
            1
        };
        let d = NewDecision {
            trainee_id,
            trainee_name: &name,
            answer,
            source: if correction { Source::Correction } else { Source::InPerson },
            reason: Some(note),
            by: Some(viewer),
        };
        if !store::insert(&mut tx, now, &offer, seq, &d).await? {
            return Err(AppError::Conflict(format!("Someone recorded an entry for {name} at the same moment. Reload to see it.")));
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn paid(state: &AppState, viewer: &Viewer, cohort_id: &str, trainee_id: &str, reference: &str) -> Result<(), AppError> {
        let reference = reference.trim();
        if reference.is_empty() || reference.chars().count() > 200 {
            return Err(AppError::invalid("reference", "Enter the payment reference (a payroll or transfer number, up to 200 characters)."));
        }
        let (offer, RecipientRow { name, payout, .. }, _) = one(state, cohort_id, trainee_id).await?;
        match payout {
            Payout::Pending => {}
            Payout::Paid { .. } => return Err(AppError::Conflict(format!("The payout to {name} is already marked paid."))),
            Payout::None => return Err(AppError::invalid("reference", format!("{name} has not taken the Offer, so nothing is owed."))),
        }
        let now = state.now();
        let mut tx = state.db.begin().await?;
        let done = sqlx::query(
            "INSERT INTO offer_payments (offer_id, trainee_id, amount_cents, currency, reference, paid_at, recorded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (offer_id, trainee_id) DO NOTHING",
        )
        .bind(&offer.id)
        .bind(trainee_id)
        .bind(offer.money.cents)
        .bind(offer.money.currency())
        .bind(reference)
        .bind(now)
        .bind(&viewer.user_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(AppError::Conflict(format!("The payout to {name} is already marked paid.")));
        }
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "offer.payout_paid",
                subject_type: "trainee",
                subject_id: Some(trainee_id),
                summary: format!("Paid {} to {name} ({})", offer.money.display(), offer.cohort),
                reason: Some(reference),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A cohort's Offer and its recipients, after the deadline sweep has recorded silence.
    async fn swept_rows(state: &AppState, cohort_id: &str) -> Result<(store::Offer, Vec<RecipientRow>), AppError> {
        store::sweep(state).await?;
        let offer = store::for_cohort(state, cohort_id).await?.ok_or_else(|| AppError::not_found("This cohort's Offer"))?;
        let recipients = rows(state, &offer).await?;
        Ok((offer, recipients))
    }

    /// Every recipient of an Offer and where they stand, as CSV: the answer that counts now,
    /// where it came from, how many entries (corrections) it took, and the payout.
    pub async fn answers_csv(state: &AppState, cohort_id: &str) -> Result<(String, String), AppError> {
        let (offer, recipients) = swept_rows(state, cohort_id).await?;
        let mut csv = crate::export::Csv::new(&[
            "trainee", "email", "cohort", "amount", "currency", "answer", "outcome", "source", "entries", "decided", "payout",
        ]);
        for r in recipients {
            let (answer, outcome, source, decided) = match &r.latest {
                Some(d) => (d.answer.label(), if d.leaves { "leaves" } else { "stays" }, d.source.label(), d.at.clone()),
                None => ("", "waiting", "", String::new()),
            };
            let payout = match &r.payout {
                Payout::None => "",
                Payout::Pending => "pending",
                Payout::Paid { .. } => "paid",
            };
            csv.row(&[
                &r.name, &r.email, &offer.cohort, &offer.money.plain(), offer.money.currency(), answer, outcome, source, &r.entries.to_string(), &decided, payout,
            ]);
        }
        Ok((format!("offer-answers-{}.csv", crate::export::slug(&offer.cohort)), csv.finish()))
    }

    /// The payouts of an Offer as CSV rows (HR downloads them for payroll).
    pub async fn payouts_csv(state: &AppState, cohort_id: &str) -> Result<(String, String), AppError> {
        let (offer, recipients) = swept_rows(state, cohort_id).await?;
        let mut csv = crate::export::Csv::new(&["trainee", "email", "cohort", "amount", "currency", "decided", "status", "paid_at", "reference"]);
        for r in recipients {
            let (status, paid_at, reference) = match &r.payout {
                Payout::Pending => ("pending", String::new(), String::new()),
                Payout::Paid { at, reference, .. } => ("paid", at.clone(), reference.clone()),
                Payout::None => continue,
            };
            let decided = r.latest.as_ref().map(|d| d.at.clone()).unwrap_or_default();
            csv.row(&[&r.name, &r.email, &offer.cohort, &offer.money.plain(), offer.money.currency(), &decided, status, &paid_at, &reference]);
        }
        let file = format!("payouts-{}.csv", crate::export::slug(&offer.cohort));
        Ok((file, csv.finish()))
    }
}

fn payout_text(p: &Payout) -> String {
    match p {
        Payout::None => "—".into(),
        Payout::Pending => "Pending".into(),
        Payout::Paid { at, .. } => format!("Paid {at}"),
    }
}

#[component]
pub fn OfferAdminPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let opened = use_query_map().with_untracked(|q| q.get("opened").is_some());
    let page = Resource::new(move || id.clone(), load_offer_page);
    view! {
        <Title text="The Offer · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <OfferAdmin page=p opened=opened/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn OfferAdmin(page: OfferPage, opened: bool) -> impl IntoView {
    let cohort_id = page.cohort_id.clone();
    view! {
        <p><a href=format!("/cohorts/{}", page.cohort_id)>"← " {page.cohort.clone()}</a>" · "<a href="/offers">"All Offers"</a></p>
        <div class="page-head">
            <h1>"The Offer"</h1>
            <p class="muted">{page.cohort.clone()}</p>
        </div>
        {opened.then(|| view! { <p class="alert success" role="status">"The Offer is made. Every trainee has it on their page and in an email in the outbox."</p> })}
        {match page.offer.clone() {
            None => view! { <OpenOfferForm page=page.clone()/> }.into_any(),
            Some((offer, rows, counts)) => view! {
                <section class="panel">
                    <h2>{format!("{} to leave now, or stay", offer.money.display())}</h2>
                    <dl class="facts">
                        <dt>"Made"</dt><dd>{format!("in week {}, {} by {}", offer.week, offer.opened, offer.opened_by)}</dd>
                        <dt>"Answer by"</dt><dd>{offer.deadline.clone()}{offer.deadline_passed.then_some(" (passed)")}</dd>
                        <dt>"No answer means"</dt><dd>{if offer.no_response_leaves { "leaving" } else { "staying" }}</dd>
                        <dt>"Rehire"</dt><dd>{if offer.rehire_allowed { "Takers may be rehired" } else { "Takers may not be rehired" }}</dd>
                        <dt>"Payout"</dt><dd>{offer.payout_terms.clone()}</dd>
                    </dl>
                    <ul class="stats">
                        <li><strong>{counts.offered}</strong>" offered"</li>
                        <li><strong>{counts.taken}</strong>" took it"</li>
                        <li><strong>{counts.stayed}</strong>" stay"</li>
                        <li><strong>{counts.no_response}</strong>" no response"</li>
                        <li><strong>{counts.waiting}</strong>" not answered yet"</li>
                    </ul>
                    <p>
                        <a class="button secondary" href=format!("/cohorts/{}/offer/payouts.csv", cohort_id) download="">"Download payouts (CSV)"</a>" "
                        <a class="button secondary" href=format!("/cohorts/{}/offer/answers.csv", cohort_id) download="">"Download every answer (CSV)"</a>
                    </p>
                </section>
                <div class="table-wrap">
                    <table class="stack">
                        <caption class="visually-hidden">"Each trainee's answer to the Offer and payout"</caption>
                        <thead><tr><th scope="col">"Trainee"</th><th scope="col">"Decision"</th><th scope="col">"How"</th><th scope="col">"Payout"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>
                                    <td data-label="Trainee"><a href=format!("/cohorts/{}/offer/{}", cohort_id, r.trainee_id)>{r.name.clone()}</a></td>
                                    <td data-label="Decision">{r.latest.as_ref().map(|d| d.answer.label()).unwrap_or("Not answered yet")}
                                        {(r.entries > 1).then(|| view! { <span class="tag">"corrected"</span> })}</td>
                                    <td data-label="How">{r.latest.as_ref().map(|d| format!("{} · {}", d.source.label(), d.at)).unwrap_or_default()}</td>
                                    <td data-label="Payout">{payout_text(&r.payout)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
    }
}

#[component]
fn OpenOfferForm(page: OfferPage) -> impl IntoView {
    let action = ServerAction::<OpenOffer>::new();
    let error = Signal::derive(move || action.value().with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    let weeks = page.weeks;
    // The week it is now, if the cohort is running; the last week otherwise.
    let suggested = if (1..=weeks).contains(&page.current_week) { page.current_week } else { weeks };
    view! {
        <section class="panel">
            <h2>"Make the Offer"</h2>
            <p>{format!(
                "Every trainee still in training ({}) gets the Offer on their page and by email. The cohort is in {}.",
                page.active_trainees,
                if page.current_week == 0 { "its first days soon".to_string() } else if page.current_week > weeks { "its last week (finished)".to_string() } else { format!("week {} of {}", page.current_week, weeks) }
            )}</p>
            <ActionForm action=action>
                <FormError error=error fields=&["week", "amount", "currency", "deadline", "message", "payout_terms", "no_response"]/>
                <input type="hidden" name="cohort_id" value=page.cohort_id.clone()/>
                <div class="row">
                    <div class="field">
                        <label for="offer-week">"Made in week"</label>
                        <select id="offer-week" name="week" aria-describedby="week-error">
                            {(1..=weeks).map(|w| view! { <option value=w.to_string() selected=w == suggested>{format!("Week {w}{}", if w == weeks { " (the last)" } else { "" })}</option> }).collect_view()}
                        </select>
                        <FieldError error=error field="week"/>
                    </div>
                    <div class="field">
                        <label for="offer-amount">"Amount"</label>
                        <input id="offer-amount" name="amount" type="text" inputmode="decimal" required value="4000"
                            aria-describedby="amount-error" aria-invalid=invalid_attr(error, "amount")/>
                        <FieldError error=error field="amount"/>
                    </div>
                    <div class="field">
                        <label for="offer-currency">"Currency"</label>
                        <select id="offer-currency" name="currency" aria-describedby="currency-error">
                            {CURRENCIES.iter().map(|(c, _)| view! { <option value=*c>{*c}</option> }).collect_view()}
                        </select>
                        <FieldError error=error field="currency"/>
                    </div>
                </div>
                <fieldset class="field" aria-describedby="deadline-error">
                    <legend>"Answer by (UTC)"</legend>
                    <div class="row">
                        <label class="field"><span>"Date"</span><input name="deadline_date" type="date" required aria-invalid=invalid_attr(error, "deadline")/></label>
                        <label class="field"><span>"Time"</span><input name="deadline_time" type="time" required value="17:00"/></label>
                    </div>
                    <FieldError error=error field="deadline"/>
                </fieldset>
                <div class="field">
                    <label for="offer-message">"Message to the trainees"</label>
                    <textarea id="offer-message" name="message" rows="4" required maxlength="4000" aria-describedby="message-error">
                        "We want everyone on the team to be here because they chose to be. If this is not the job for you, there is no shame in taking the Offer: we would rather you leave now with the money than stay unhappy."
                    </textarea>
                    <FieldError error=error field="message"/>
                </div>
                <div class="field">
                    <label for="offer-terms">"Payout terms"</label>
                    <textarea id="offer-terms" name="payout_terms" rows="2" required maxlength="2000" aria-describedby="payout_terms-error">
                        "Paid with your final paycheck, within 14 days of your last day, in addition to pay for the training you completed."
                    </textarea>
                    <FieldError error=error field="payout_terms"/>
                </div>
                <label class="check"><input type="checkbox" name="rehire" value="on" checked=true/><span>"People who take the Offer may be rehired later"</span></label>
                <fieldset class="field" aria-describedby="no_response-error">
                    <legend>"When a trainee does not answer by the deadline"</legend>
                    <label class="check"><input type="radio" name="no_response" value="stays" checked=true/><span>"They stay (the usual rule)"</span></label>
                    <label class="check"><input type="radio" name="no_response" value="leaves"/><span>"They leave"</span></label>
                    <FieldError error=error field="no_response"/>
                </fieldset>
                <button type="submit" class="primary">"Make the Offer"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn TraineeOfferPage() -> impl IntoView {
    let (cohort, trainee) = use_params_map().with_untracked(|p| (p.get("id").unwrap_or_default(), p.get("trainee").unwrap_or_default()));
    let note = use_query_map().with_untracked(|q| {
        if q.get("recorded").is_some() {
            Some("Answer recorded.")
        } else if q.get("corrected").is_some() {
            Some("Correction recorded. The earlier entry stays in the history.")
        } else if q.get("paid").is_some() {
            Some("Payout marked paid.")
        } else {
            None
        }
    });
    let data = Resource::new(move || (cohort.clone(), trainee.clone()), |(c, t)| load_trainee_offer(c, t));
    view! {
        <Title text="Offer decision · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <TraineeOfferView data=d note=note/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn TraineeOfferView(data: TraineeOffer, note: Option<&'static str>) -> impl IntoView {
    let record = ServerAction::<RecordInPerson>::new();
    let record_error = Signal::derive(move || record.value().with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    let correct = ServerAction::<CorrectOffer>::new();
    let correct_error = Signal::derive(move || correct.value().with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    let paid = ServerAction::<MarkPaid>::new();
    let paid_error = Signal::derive(move || paid.value().with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    let o = data.offer.clone();
    let (cohort, trainee) = (o.cohort_id.clone(), data.trainee_id.clone());
    let answered = !data.history.is_empty();
    let hidden = StoredValue::new((cohort, trainee));
    let hidden = move || {
        let (cohort, trainee) = hidden.get_value();
        view! {
            <input type="hidden" name="cohort_id" value=cohort/>
            <input type="hidden" name="trainee_id" value=trainee/>
        }
    };
    view! {
        <p><a href=format!("/cohorts/{}/offer", o.cohort_id)>"← The Offer for " {o.cohort.clone()}</a></p>
        <div class="page-head">
            <h1>{data.name.clone()}</h1>
            <p class="muted">{format!("{} Offer · answer by {}", o.money.display(), o.deadline)}</p>
        </div>
        {note.map(|n| view! { <p class="alert success" role="status">{n}</p> })}
        <section class="panel">
            <h2>"Record"</h2>
            {if answered {
                view! {
                    <ol class="history">
                        {data.history.iter().map(|d| view! {
                            <li>
                                <strong>{d.describe()}</strong>
                                {d.by.clone().map(|b| format!(" · {b}"))}
                                {d.reason.clone().map(|r| view! { <br/><span>{r}</span> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            } else {
                view! { <p class="empty">{if o.deadline_passed { "No answer." } else { "Not answered yet." }}</p> }.into_any()
            }}
            <p class="muted small">"Entries are never edited or removed; a correction is a new entry with its reason."</p>
        </section>
        {(!answered).then(|| view! {
            <section class="panel">
                <h2>"Record an answer given in person"</h2>
                <ActionForm action=record>
                    <FormError error=record_error fields=&["answer", "note"]/>
                    {hidden()}
                    <fieldset class="field" aria-describedby="answer-error">
                        <legend>"Their answer"</legend>
                        <label class="check"><input type="radio" name="answer" value="stay" required/><span>"Stay"</span></label>
                        <label class="check"><input type="radio" name="answer" value="take"/><span>"Take the Offer"</span></label>
                        <FieldError error=record_error field="answer"/>
                    </fieldset>
                    <div class="field">
                        <label for="record-note">"When and how they told you"</label>
                        <input id="record-note" name="note" type="text" required maxlength="2000" aria-describedby="note-error"/>
                        <FieldError error=record_error field="note"/>
                    </div>
                    <button type="submit" class="primary">"Record on their behalf"</button>
                </ActionForm>
            </section>
        })}
        {answered.then(|| view! {
            <details class="panel disclosure">
                <summary>"Correct the record"</summary>
                <ActionForm action=correct>
                    <FormError error=correct_error fields=&["answer", "reason"]/>
                    {hidden()}
                    <fieldset class="field" aria-describedby="answer-error">
                        <legend>"What it should say"</legend>
                        <label class="check"><input type="radio" name="answer" value="stay" required/><span>"Stays"</span></label>
                        <label class="check"><input type="radio" name="answer" value="take"/><span>"Took the Offer"</span></label>
                        <label class="check"><input type="radio" name="answer" value="no_response"/><span>"No response"</span></label>
                        <FieldError error=correct_error field="answer"/>
                    </fieldset>
                    <div class="field">
                        <label for="correct-reason">"Why (kept next to the earlier entry)"</label>
                        <textarea id="correct-reason" name="reason" rows="2" required maxlength="2000" aria-describedby="reason-error"></textarea>
                        <FieldError error=correct_error field="reason"/>
                    </div>
                    <button type="submit" class="secondary">"Add correction"</button>
                </ActionForm>
            </details>
        })}
        <section class="panel">
            <h2>"Payout"</h2>
            <p>{payout_text(&data.payout)}
                {match &data.payout { Payout::Paid { reference, by, .. } => format!(" · reference {reference} · recorded by {by}"), _ => String::new() }}</p>
            {(data.payout == Payout::Pending).then(|| view! {
                <ActionForm action=paid>
                    <FormError error=paid_error fields=&["reference"]/>
                    {hidden()}
                    <div class="field">
                        <label for="paid-reference">"Payment reference"</label>
                        <input id="paid-reference" name="reference" type="text" required maxlength="200" aria-describedby="reference-error"/>
                        <FieldError error=paid_error field="reference"/>
                    </div>
                    <button type="submit" class="secondary">"Mark paid"</button>
                </ActionForm>
            })}
        </section>
    }
}
