//! HR's side of the Offer: open it for a cohort, follow the answers, record an answer given in
//! person, correct an entry (a new entry with a reason, never an edit), and mark payouts paid.

use super::make::pages::{OfferPreview, OpenOfferForm};
use crate::auth::Role;
use crate::error::AppError;
use crate::ui::{Choices, FormError, Guarded, Kept, LoadError, TextArea, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub use super::types::{Counts, OfferPage, OfferSummary, Payout, RecipientRow, TraineeOffer};

#[server(prefix = "/api", endpoint = "offers/page")]
pub async fn load_offer_page(cohort_id: String) -> Result<OfferPage, AppError> {
    let viewer = crate::auth::guard::require::<LoadOfferPage>()?;
    let state = crate::state::app_state()?;
    server::page(&state, &viewer, &cohort_id).await
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
    use crate::db::RowExt;
    use crate::offer::store::{self, NewDecision, Offer};
    use crate::offer::{Answer, DecisionView, Source};
    use crate::org::zone::Zone;
    use crate::state::AppState;
    use crate::training::store as training;

    pub fn summary(offer: &Offer, now: Millis, zone: &Zone) -> OfferSummary {
        OfferSummary {
            id: offer.id.clone(),
            cohort_id: offer.cohort_id.clone(),
            cohort: offer.cohort.clone(),
            week: offer.week,
            money: offer.money,
            deadline: zone.format(offer.deadline_at),
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
        let mut decisions = store::decisions(&state.db, &offer.id).await?;
        let payments = store::payments(&state.db, &offer.id).await?;
        Ok(store::recipients(&state.db, &offer.id)
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

    pub async fn page(state: &AppState, viewer: &Viewer, cohort_id: &str) -> Result<OfferPage, AppError> {
        store::sweep(&state.db, state.now()).await?;
        let cohort = training::load_cohort(&state.db, cohort_id).await?;
        let now = state.now();
        let zone = crate::org::store::zone(&state.db).await?;
        let active = training::trainees(&state.db, cohort_id).await?.iter().filter(|t| !t.left).count();
        let offer = match store::for_cohort(&state.db, cohort_id).await? {
            Some(o) => {
                let rows = rows(state, &o).await?;
                let counts = Counts::of(&rows);
                Some((summary(&o, now, &zone), rows, counts))
            }
            None => None,
        };
        let draft = match offer {
            None => crate::offer::make::rules::draft_view(state, viewer, cohort_id, &zone).await?,
            Some(_) => None,
        };
        Ok(OfferPage {
            cohort_id: cohort.id.clone(),
            cohort: cohort.name.clone(),
            weeks: cohort.programme.weeks(),
            current_week: cohort.week_at(now),
            active_trainees: active,
            offer,
            zone: zone.name().to_string(),
            draft,
        })
    }

    /// The Offer of a cohort and where one of its recipients stands, with their record.
    async fn one(state: &AppState, cohort_id: &str, trainee_id: &str) -> Result<(Offer, RecipientRow, Vec<DecisionView>), AppError> {
        let offer = store::for_cohort(&state.db, cohort_id).await?.ok_or_else(|| AppError::not_found("This cohort's Offer"))?;
        let (row, history) = records(state, &offer)
            .await?
            .into_iter()
            .find(|(r, _)| r.trainee_id == trainee_id)
            .ok_or_else(|| AppError::not_found("That trainee's Offer"))?;
        Ok((offer, row, history))
    }

    pub async fn trainee(state: &AppState, cohort_id: &str, trainee_id: &str) -> Result<TraineeOffer, AppError> {
        store::sweep(&state.db, state.now()).await?;
        let (offer, row, history) = one(state, cohort_id, trainee_id).await?;
        let zone = crate::org::store::zone(&state.db).await?;
        Ok(TraineeOffer { offer: summary(&offer, state.now(), &zone), trainee_id: row.trainee_id, name: row.name, history, payout: row.payout })
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
        store::sweep(&state.db, state.now()).await?;
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
        store::sweep(&state.db, state.now()).await?;
        let offer = store::for_cohort(&state.db, cohort_id).await?.ok_or_else(|| AppError::not_found("This cohort's Offer"))?;
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
    let (opened, preview) = use_query_map().with_untracked(|q| (q.get("opened").is_some(), q.get("preview").is_some()));
    let page = Resource::new(move || id.clone(), load_offer_page);
    view! {
        <Title text="The Offer · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <OfferAdmin page=p opened=opened preview=preview/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn OfferAdmin(page: OfferPage, opened: bool, preview: bool) -> impl IntoView {
    let cohort_id = page.cohort_id.clone();
    view! {
        <p><a href=format!("/cohorts/{}", page.cohort_id)>"← " {page.cohort.clone()}</a>" · "<a href="/offers">"All Offers"</a></p>
        <div class="page-head">
            <h1>"The Offer"</h1>
            <p class="muted">{page.cohort.clone()}</p>
        </div>
        {opened.then(|| view! { <p class="alert success" role="status">"The Offer is made. Every trainee has it on their page and in an email in the outbox."</p> })}
        {match page.offer.clone() {
            None => match page.draft.clone().filter(|_| preview) {
                Some(draft) => view! { <OfferPreview page=page.clone() draft=draft/> }.into_any(),
                None => view! { <OpenOfferForm page=page.clone()/> }.into_any(),
            },
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
    let recording = Kept::new(record);
    let record_error = recording.error();
    let correct = ServerAction::<CorrectOffer>::new();
    let correcting = Kept::new(correct);
    let correct_error = correcting.error();
    let paid = ServerAction::<MarkPaid>::new();
    let paying = Kept::new(paid);
    let paid_error = paying.error();
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
                    <Choices kept=recording name="answer" legend="Their answer" required=true options=&[("stay", "Stay"), ("take", "Take the Offer")]/>
                    <TextField kept=recording name="note" id="record-note" label="When and how they told you" required=true maxlength=2000/>
                    <button type="submit" class="primary">"Record on their behalf"</button>
                </ActionForm>
            </section>
        })}
        {answered.then(|| view! {
            <details class="panel disclosure" open=correcting.was_refused()>
                <summary>"Correct the record"</summary>
                <ActionForm action=correct>
                    <FormError error=correct_error fields=&["answer", "reason"]/>
                    {hidden()}
                    <Choices kept=correcting name="answer" legend="What it should say" required=true
                        options=&[("stay", "Stays"), ("take", "Took the Offer"), ("no_response", "No response")]/>
                    <TextArea kept=correcting name="reason" id="correct-reason" label="Why (kept next to the earlier entry)" rows=2 required=true maxlength=2000/>
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
                    <TextField kept=paying name="reference" id="paid-reference" label="Payment reference" required=true maxlength=200/>
                    <button type="submit" class="secondary">"Mark paid"</button>
                </ActionForm>
            })}
        </section>
    }
}
