//! What crosses the wire while the Offer is being made.

use crate::offer::money::Money;
use serde::{Deserialize, Serialize};

/// An Offer filled in and waiting for confirmation, as its author sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftView {
    pub week: usize,
    pub money: Money,
    /// The amount as the form's field holds it ("2500.00").
    pub amount: String,
    /// The deadline in the organisation's time zone, as the form's fields hold it.
    pub deadline_date: String,
    pub deadline_time: String,
    /// "Fri 18 Dec 2026, 17:00 CST".
    pub deadline: String,
    pub message: String,
    pub rehire_allowed: bool,
    pub payout_terms: String,
    pub no_response_leaves: bool,
    /// Who would receive it now: (name, email), by name.
    pub recipients: Vec<(String, String)>,
    /// The email the first recipient would get.
    pub email_subject: String,
    pub email_body: String,
}

impl DraftView {
    /// "$2,500.00 to each of 7 trainees ($17,500.00 in all)".
    pub fn total_text(&self) -> String {
        let n = self.recipients.len();
        let total = Money { cents: self.money.cents.saturating_mul(n as i64), currency: self.money.currency };
        if n == 1 {
            format!("{} to 1 trainee", self.money.display())
        } else {
            format!("{} to each of {n} trainees ({} in all)", self.money.display(), total.display())
        }
    }
}
