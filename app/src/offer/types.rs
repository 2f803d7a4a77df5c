//! What HR's Offer pages exchange with the server: the Offer, who it went to and how they
//! answered, and a payout.

use super::money::Money;
use super::{Answer, DecisionView};
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
    /// The organisation's time zone, in which the deadline is entered.
    pub zone: String,
    /// The caller's Offer waiting for confirmation, if any.
    pub draft: Option<super::make::types::DraftView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraineeOffer {
    pub offer: OfferSummary,
    pub trainee_id: String,
    pub name: String,
    pub history: Vec<DecisionView>,
    pub payout: Payout,
}
