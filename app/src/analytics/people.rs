//! The one data trail the analytics read: a record per invitation, from the invitation to the
//! Offer. Built on the server from the stored tables (`dataset`), then summarised by the pure
//! functions of `funnel`, `validity`, `impact` and `items`. Never sent to a browser as is.

pub use crate::clock::Millis;
use crate::scoring::ItemScore;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Person {
    pub position_id: String,
    pub invited_at: Millis,
    pub started_at: Option<Millis>,
    /// When the attempt closed: submitted by the candidate, or closed by the server at the time
    /// limit with what was saved.
    pub submitted_at: Option<Millis>,
    /// Present once the result is complete (every written reply graded) and both gates scored.
    pub scored: Option<Scored>,
    /// Present once the attempt has a result, for item statistics.
    pub taken: Option<Taken>,
    /// Whether the attempt had integrity signals; `None` before the candidate starts.
    pub signals: Option<bool>,
    /// When the latest hiring decision, a hire, was made.
    pub hired_at: Option<Millis>,
    pub training: Option<Training>,
    /// The voluntary self-identification: read in aggregate only.
    pub group: Group,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scored {
    pub attitude: f64,
    pub skill: f64,
    /// The position's total (its rule's weights).
    pub total: f64,
    pub passed_attitude: bool,
    pub passed_skill: bool,
    /// Passed under the position's rule (both gates, or the weighted total).
    pub passed: bool,
    /// (section key, section title, score 0..100)
    pub sections: Vec<(String, String, f64)>,
    /// (value key, value name, mean 1..5), for the scales with enough answers.
    pub values: Vec<(String, String, f64)>,
}

/// What an attempt with a result answered, item by item, whether or not grading is done.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Taken {
    /// The screening versions taken: attitude, skill.
    pub versions: [String; 2],
    pub items: Vec<ItemScore>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Training {
    pub enrolled_at: Millis,
    /// The overall grade (levels 1..5) once every week of the programme is closed.
    pub final_grade: Option<f64>,
    /// Every week closed and the pass reached.
    pub completed: bool,
    pub left: bool,
    pub offer: Option<OfferOutcome>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OfferOutcome {
    /// The latest recorded decision: stays (true) or leaves with the payout (false).
    pub stayed: bool,
    pub decided_at: Millis,
}

/// Self-identified groups; `None` where the candidate skipped the question or never answered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Group {
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub age_band: Option<String>,
}

pub const DAY_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// Days between two instants.
pub fn days(from: Millis, to: Millis) -> f64 {
    (to - from) as f64 / DAY_MS
}
