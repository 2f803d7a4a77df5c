//! What the results pages exchange with the server: the table's rows and filters, a candidate's
//! report, and the decisions and overrides recorded about them.

use crate::scoring::ResultDetail;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Hire,
    Reject,
    Hold,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Hire => "hire",
            Decision::Reject => "reject",
            Decision::Hold => "hold",
        }
    }
    pub fn parse(raw: &str) -> Option<Decision> {
        match raw {
            "hire" => Some(Decision::Hire),
            "reject" => Some(Decision::Reject),
            "hold" => Some(Decision::Hold),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Decision::Hire => "Hire",
            Decision::Reject => "Reject",
            Decision::Hold => "Hold",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleView {
    pub both_gates: bool,
    pub attitude_pass: f64,
    pub skill_pass: f64,
    pub attitude_weight: f64,
    pub skill_weight: f64,
    pub total_pass: f64,
    pub double_grading: bool,
    pub show_results: bool,
}

impl RuleView {
    pub fn describe(&self) -> String {
        if self.both_gates {
            format!(
                "Both gates must be passed: attitude {:.0} or more and skill {:.0} or more.",
                self.attitude_pass, self.skill_pass
            )
        } else {
            format!(
                "Weighted total (attitude ×{}, skill ×{}) of {:.0} or more.",
                self.attitude_weight, self.skill_weight, self.total_pass
            )
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    pub invitation_id: String,
    pub name: String,
    pub complete: bool,
    /// Submitted or timed out: the table holds attempts that are over.
    pub state: crate::positions::CandidateState,
    pub attitude: Option<f64>,
    pub skill: Option<f64>,
    /// A gate without enough answers to be scored.
    pub attitude_short: bool,
    pub skill_short: bool,
    pub total: Option<f64>,
    pub attitude_passed: bool,
    pub skill_passed: bool,
    pub percentile: Option<f64>,
    pub decision: Option<Decision>,
    pub closed: String,
}

/// One of a fixed set of choices, read from an address or a form. A value that is not one of
/// them reads as the first (the table unfiltered, in its usual order): an address edited by hand
/// shows the whole table rather than an error. On the wire it stays the plain text.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $first:ident = $first_text:literal: $first_label:literal $(, $variant:ident = $text:literal: $label:literal)* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            #[default]
            $first,
            $($variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$name::$first, $($name::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $name::$first => $first_text,
                    $($name::$variant => $text,)*
                }
            }

            /// How the choice is offered in the filter form.
            pub fn label(self) -> &'static str {
                match self {
                    $name::$first => $first_label,
                    $($name::$variant => $label,)*
                }
            }

            pub fn parse(raw: &str) -> $name {
                Self::ALL.iter().copied().find(|c| c.as_str() == raw).unwrap_or_default()
            }
        }

        impl From<String> for $name {
            fn from(raw: String) -> $name {
                $name::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(c: $name) -> String {
                c.as_str().to_string()
            }
        }
    };
}

choice! {
    /// The column the table is ordered by.
    SortBy { Total = "total": "Total", Name = "name": "Candidate", Attitude = "attitude": "Attitude", Skill = "skill": "Skill", Submitted = "submitted": "Submitted" }
}

choice! {
    /// Which way: left to the column (names A to Z, scores and dates highest or newest first), or
    /// as asked.
    Order { Usual = "": "Usual", Asc = "asc": "Ascending", Desc = "desc": "Descending" }
}

choice! {
    StatusFilter { All = "": "All", Complete = "complete": "Complete", Grading = "grading": "Awaiting grading" }
}

choice! {
    GateFilter {
        All = "": "All",
        Passed = "passed": "Passed",
        Failed = "failed": "Failed",
        FailedAttitude = "failed-attitude": "Failed attitude",
        FailedSkill = "failed-skill": "Failed skill",
    }
}

choice! {
    DecisionFilter { All = "": "All", Undecided = "none": "Not decided", Hire = "hire": "Hire", Hold = "hold": "Hold", Reject = "reject": "Reject" }
}

impl SortBy {
    /// Names read A to Z unless asked otherwise; scores and dates highest or newest first.
    pub fn descending(self, order: Order) -> bool {
        match order {
            Order::Asc => false,
            Order::Desc => true,
            Order::Usual => self != SortBy::Name,
        }
    }
}

impl DecisionFilter {
    pub fn keeps(self, decision: Option<Decision>) -> bool {
        match self {
            DecisionFilter::All => true,
            DecisionFilter::Undecided => decision.is_none(),
            DecisionFilter::Hire => decision == Some(Decision::Hire),
            DecisionFilter::Hold => decision == Some(Decision::Hold),
            DecisionFilter::Reject => decision == Some(Decision::Reject),
        }
    }
}

/// The results table's filters, order and page, as on its address.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResultsQuery {
    pub sort: SortBy,
    pub dir: Order,
    pub status: StatusFilter,
    pub gates: GateFilter,
    pub decision: DecisionFilter,
    pub page: i64,
}

impl ResultsQuery {
    /// The address's query for these filters and order, on page `page` (none for a download).
    pub fn href(&self, sort: SortBy, dir: Order, page: Option<i64>) -> String {
        let mut out = format!(
            "sort={}&dir={}&status={}&gates={}&decision={}",
            sort.as_str(),
            dir.as_str(),
            self.status.as_str(),
            self.gates.as_str(),
            self.decision.as_str()
        );
        if let Some(page) = page {
            out.push_str(&format!("&page={page}"));
        }
        out
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsPage {
    pub position_id: String,
    pub position: String,
    pub rule: RuleView,
    pub rows: Vec<ResultRow>,
    pub matching: i64,
    pub page: i64,
    /// Rows per page, so the page can number its ranks.
    pub page_size: i64,
    pub pages: i64,
    pub query: ResultsQuery,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionEntry {
    pub decision: Decision,
    pub reason: String,
    pub by: String,
    pub at: String,
    pub evidence: String,
    /// The scores it was made on are no longer the result's (a regrade, a new grade, a rescore).
    #[serde(default)]
    pub evidence_changed: bool,
    /// The scores it was made on, kept on the server only.
    #[serde(skip)]
    pub(crate) scores: (Option<f64>, Option<f64>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverrideEntry {
    pub gate: String,
    pub reason: String,
    pub by: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    pub kind: String,
    pub at: String,
    pub reason: Option<String>,
    pub by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub invitation_id: String,
    pub position_id: String,
    pub position: String,
    pub name: String,
    pub email: String,
    pub extra_time: String,
    pub closed: String,
    pub state: crate::positions::CandidateState,
    pub rule: RuleView,
    pub detail: Option<ResultDetail>,
    pub run: Option<RunInfo>,
    pub attitude: Option<f64>,
    pub skill: Option<f64>,
    /// A gate without enough answers to be scored ("not enough answers").
    pub attitude_short: bool,
    pub skill_short: bool,
    pub total: Option<f64>,
    pub complete: bool,
    pub attitude_passed: bool,
    pub skill_passed: bool,
    pub passed: bool,
    pub percentile: Option<f64>,
    pub decisions: Vec<DecisionEntry>,
    pub overrides: Vec<OverrideEntry>,
    pub earlier_results: Vec<String>,
    /// How the screening was taken, as information (none before the candidate starts).
    pub signals: Option<crate::attempt::integrity::Signals>,
}

/// The scoring settings form as posted: text until `settings` parses it into a `RuleView`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoringForm {
    pub position_id: String,
    pub gate_rule: String,
    pub attitude_pass: String,
    pub skill_pass: String,
    pub attitude_weight: String,
    pub skill_weight: String,
    pub total_pass: String,
    /// Checkboxes: present when ticked.
    pub double_grading: Option<String>,
    pub show_results: Option<String>,
}
