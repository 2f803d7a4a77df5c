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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResultsQuery {
    pub sort: String,
    pub dir: String,
    pub status: String,
    pub gates: String,
    pub decision: String,
    pub page: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsPage {
    pub position_id: String,
    pub position: String,
    pub rule: RuleView,
    pub rows: Vec<ResultRow>,
    pub matching: i64,
    pub page: i64,
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
