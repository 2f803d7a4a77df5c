//! What the audit log page and its CSV exchange with the server: entries, filters and a page.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub summary: String,
    pub reason: Option<String>,
}

/// Filters of the audit log page and its CSV export.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// One of `AREAS`' keys, or empty for everything.
    pub area: String,
    /// Words to find in the summary, the actor or the reason.
    pub q: String,
    /// YYYY-MM-DD, inclusive, UTC.
    pub from: String,
    pub to: String,
    pub page: i64,
}

impl AuditQuery {
    /// The query string that reproduces these filters (for page links and the CSV export).
    pub fn to_query(&self, page: Option<i64>) -> String {
        let mut parts = vec![
            format!("area={}", crate::ui::url_encode(&self.area)),
            format!("q={}", crate::ui::url_encode(&self.q)),
            format!("from={}", crate::ui::url_encode(&self.from)),
            format!("to={}", crate::ui::url_encode(&self.to)),
        ];
        if let Some(p) = page {
            parts.push(format!("page={p}"));
        }
        parts.join("&")
    }
}

/// The longest search the log accepts, in characters.
pub const MAX_SEARCH: usize = 200;

/// The message for a date range whose start is after its end (shown next to "From").
pub const REVERSED_RANGE: &str = "The start date is after the end date. Choose a “From” date on or before the “To” date.";

/// The filter fields a refused query names.
pub(crate) const FILTER_FIELDS: [&str; 3] = ["q", "from", "to"];

/// The areas of the product, and the action prefixes that belong to each.
pub const AREAS: &[(&str, &str, &[&str])] = &[
    ("staff", "Staff, roles and settings", &["staff.", "account.", "org."]),
    (
        "hiring",
        "Hiring decisions and overrides",
        &["hiring.", "results.", "invitations.", "position.", "positions.", "grading.", "attempt."],
    ),
    ("screenings", "Screenings and values", &["screening.", "values."]),
    ("training", "Training: cohorts, grades, corrections", &["programme.", "cohort.", "training.", "trainee."]),
    ("offer", "The Offer: answers, corrections, payouts", &["offer."]),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditResults {
    pub entries: Vec<AuditEntry>,
    pub matching: i64,
    pub page: i64,
    pub pages: i64,
    pub query: AuditQuery,
}
