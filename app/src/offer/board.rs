//! The Offer dashboard (HR): for every cohort, how many were offered, took it, stayed or did
//! not answer, the take rate and the amount; the same compared across amounts; and cohorts that
//! have reached their last week without an Offer yet.

use super::manage::Counts;
use super::money::Money;
use crate::auth::Role;
use crate::error::AppError;
use crate::ui::chart::{Bar, BarChart};
use crate::ui::{Guarded, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardRow {
    pub cohort_id: String,
    pub cohort: String,
    pub opened: String,
    pub money: Money,
    pub deadline: String,
    pub counts: Counts,
    pub pending_payouts: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AmountRow {
    pub money: Money,
    pub cohorts: usize,
    pub counts: Counts,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub rows: Vec<BoardRow>,
    pub by_amount: Vec<AmountRow>,
    /// Cohorts in (or past) their last week without an Offer: (id, name, phase).
    pub ready: Vec<(String, String, String)>,
}

#[server(prefix = "/api", endpoint = "offers/board")]
pub async fn offer_board() -> Result<Board, AppError> {
    crate::auth::guard::require::<OfferBoard>()?;
    let state = crate::state::app_state()?;
    server::board(&state).await
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::clock::format_utc;
    use crate::db::RowExt;
    use crate::offer::manage::{server::rows, Payout};
    use crate::offer::store;
    use crate::state::AppState;

    pub async fn board(state: &AppState) -> Result<Board, AppError> {
        store::sweep(&state.db, state.now()).await?;
        let zone = crate::org::store::zone(&state.db).await?;
        let mut rows_out = Vec::new();
        for offer in store::all(&state.db).await? {
            let recipients = rows(state, &offer).await?;
            rows_out.push(BoardRow {
                cohort_id: offer.cohort_id.clone(),
                cohort: offer.cohort.clone(),
                opened: format_utc(offer.opened_at),
                money: offer.money,
                deadline: zone.format(offer.deadline_at),
                counts: Counts::of(&recipients),
                pending_payouts: recipients.iter().filter(|r| r.payout == Payout::Pending).count(),
            });
        }
        let mut by_amount: Vec<AmountRow> = Vec::new();
        for r in &rows_out {
            match by_amount.iter_mut().find(|a| a.money == r.money) {
                Some(a) => {
                    a.cohorts += 1;
                    a.counts.add(&r.counts);
                }
                None => by_amount.push(AmountRow { money: r.money, cohorts: 1, counts: r.counts.clone() }),
            }
        }
        by_amount.sort_by(|a, b| (a.money.currency(), a.money.cents).cmp(&(b.money.currency(), b.money.cents)));
        let now = state.now();
        let mut ready = Vec::new();
        for r in sqlx::query("SELECT c.id FROM cohorts c WHERE NOT EXISTS (SELECT 1 FROM offers o WHERE o.cohort_id = c.id) ORDER BY c.start_at")
            .fetch_all(state.db.reader())
            .await?
        {
            let cohort = crate::training::store::load_cohort(&state.db, &r.text("id")?).await?;
            let week = cohort.week_at(now);
            if week >= cohort.programme.weeks() {
                let phase = if week > cohort.programme.weeks() { "training finished".to_string() } else { format!("in week {week}, the last") };
                ready.push((cohort.id.clone(), cohort.name.clone(), phase));
            }
        }
        Ok(Board { rows: rows_out, by_amount, ready })
    }
}

fn rate(c: &Counts) -> String {
    c.take_rate().map(|r| format!("{:.0}%", r * 100.0)).unwrap_or_else(|| "—".into())
}

#[component]
pub fn OfferBoardPage() -> impl IntoView {
    let board = Resource::new(|| (), |_| offer_board());
    view! {
        <Title text="Offers · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <div class="page-head">
                <h1>"Offers"</h1>
                <p class="muted">"Money to leave now, or stay: who took it, who stayed, per cohort and per amount."</p>
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(b) => view! { <BoardView board=b/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn BoardView(board: Board) -> impl IntoView {
    let bars: Vec<Bar> = board
        .rows
        .iter()
        .map(|r| {
            let rate_value = r.counts.take_rate().unwrap_or(0.0) * 100.0;
            Bar {
                label: format!("{} ({})", r.cohort, r.money.display()),
                value: rate_value,
                shown: format!("{} of {}", r.counts.taken, r.counts.offered),
                cells: vec![r.cohort.clone(), r.money.display(), r.counts.offered.to_string(), r.counts.taken.to_string(), rate(&r.counts)],
            }
        })
        .collect();
    let top = bars.iter().map(|b| b.value).fold(10.0_f64, f64::max).min(100.0);
    let step = if top <= 20.0 { 5.0 } else if top <= 50.0 { 10.0 } else { 25.0 };
    let ticks = (0..).map(|i| i as f64 * step).take_while(|t| *t <= top + 1e-9).map(|t| (t, format!("{t:.0}%"))).collect();
    let headers = ["Cohort", "Amount", "Offered", "Took it", "Take rate"].map(String::from).to_vec();
    view! {
        {(!board.ready.is_empty()).then(|| view! {
            <section class="panel">
                <h2>"Ready for the Offer"</h2>
                <ul>
                    {board.ready.iter().map(|(id, name, phase)| view! {
                        <li><a href=format!("/cohorts/{id}/offer")>{name.clone()}</a>{format!(" · {phase}")}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {if board.rows.is_empty() {
            view! { <p class="empty">"No Offer has been made yet. Open one from a cohort's page when it reaches its last week."</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="stack">
                        <caption class="visually-hidden">"The Offer per cohort"</caption>
                        <thead><tr>
                            <th scope="col">"Cohort"</th><th scope="col">"Amount"</th><th scope="col">"Offered"</th><th scope="col">"Took it"</th>
                            <th scope="col">"Stayed"</th><th scope="col">"No response"</th><th scope="col">"Waiting"</th><th scope="col">"Take rate"</th><th scope="col">"Payouts pending"</th>
                        </tr></thead>
                        <tbody>
                            {board.rows.iter().map(|r| view! {
                                <tr>
                                    <td data-label="Cohort"><a href=format!("/cohorts/{}/offer", r.cohort_id)>{r.cohort.clone()}</a></td>
                                    <td data-label="Amount">{r.money.display()}</td>
                                    <td data-label="Offered">{r.counts.offered}</td>
                                    <td data-label="Took it">{r.counts.taken}</td>
                                    <td data-label="Stayed">{r.counts.stayed}</td>
                                    <td data-label="No response">{r.counts.no_response}</td>
                                    <td data-label="Waiting">{r.counts.waiting}</td>
                                    <td data-label="Take rate"><strong>{rate(&r.counts)}</strong></td>
                                    <td data-label="Payouts pending">{r.pending_payouts}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <section class="panel">
                    <h2>"Take rate by cohort"</h2>
                    <BarChart id="take-rate" title="Share of trainees who took the Offer, by cohort" bars=bars min=0.0 max=top ticks=ticks headers=headers/>
                </section>
                <section class="panel">
                    <h2>"By amount"</h2>
                    <div class="table-wrap">
                        <table class="stack">
                            <caption class="visually-hidden">"The Offer compared across amounts"</caption>
                            <thead><tr><th scope="col">"Amount"</th><th scope="col">"Cohorts"</th><th scope="col">"Offered"</th><th scope="col">"Took it"</th><th scope="col">"Take rate"</th></tr></thead>
                            <tbody>
                                {board.by_amount.iter().map(|a| view! {
                                    <tr>
                                        <td data-label="Amount">{a.money.display()}</td>
                                        <td data-label="Cohorts">{a.cohorts}</td>
                                        <td data-label="Offered">{a.counts.offered}</td>
                                        <td data-label="Took it">{a.counts.taken}</td>
                                        <td data-label="Take rate">{rate(&a.counts)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }.into_any()
        }}
    }
}
