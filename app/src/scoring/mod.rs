//! Scoring: turning a closed attempt into section, value, gate and total scores, with the
//! scoring run and screening versions they came from. Written replies wait for a person.

pub mod rules;

#[cfg(feature = "ssr")]
pub mod engine;

use serde::{Deserialize, Serialize};

/// A section's result. `score` is `None` while it waits for a grader, or when too few of its
/// items were answered (`short`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionResult {
    /// 0 attitude, 1 skill.
    pub part: usize,
    pub key: String,
    pub title: String,
    /// The item types it holds, joined with `+`.
    pub kind: String,
    pub score: Option<f64>,
    /// Fewer than four in five of its items answered: "not enough answers".
    #[serde(default)]
    pub short: bool,
    pub weight: f64,
    pub answered: usize,
    pub items: usize,
}

/// A company value's score: the mean on the 1..5 scale of the items keyed to it that were
/// answered, or `None` ("incomplete") when fewer than four in five of them were.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueScore {
    pub key: String,
    pub name: String,
    pub mean: Option<f64>,
    /// Items answered.
    pub items: usize,
    /// Items keyed to the value in this attempt (0 in results scored before this was kept).
    #[serde(default)]
    pub drawn: usize,
}

/// An attempt of a position that could not be scored, for HR's position page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub candidate: String,
    pub tries: i64,
    pub reference: String,
    pub failed_at: String,
    pub next_try_at: String,
}

/// Where a gate stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GateScore {
    Scored(f64),
    /// A written reply waits for a grader.
    Pending,
    /// A section has fewer answers than it needs.
    NotEnough,
}

impl GateScore {
    pub fn score(self) -> Option<f64> {
        match self {
            GateScore::Scored(s) => Some(s),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeView {
    pub grader: String,
    pub graded: String,
    /// (criterion name, level, number of levels, descriptor of the level)
    pub levels: Vec<(String, u8, usize, String)>,
    pub comment: String,
    pub score: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WrittenResult {
    pub item_ref: String,
    pub prompt: String,
    pub reply: String,
    pub words: usize,
    pub score: Option<f64>,
    pub grades: Vec<GradeView>,
    pub disagreement: bool,
    pub needs_grades: usize,
}

/// One item's score in an attempt, kept for item analysis (difficulty, discrimination,
/// option shares, scale reliability). Never shown to candidates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemScore {
    /// 0 attitude, 1 skill.
    pub part: usize,
    pub section: String,
    pub item: String,
    /// `likert`, `judgement`, `choice`, `typing` or `written`.
    pub kind: String,
    /// The value a Likert item is keyed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Points earned (Likert: 1..5 in the value's direction); `None` when unanswered or ungraded.
    pub points: Option<f64>,
    pub max: f64,
    /// The option keys chosen (judgement and multiple choice), joined with `+`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen: Option<String>,
}

/// Everything computed for one attempt, kept as the result's detail.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultDetail {
    pub sections: Vec<SectionResult>,
    pub values: Vec<ValueScore>,
    pub typing: Option<rules::TypingFigures>,
    pub typing_target_wpm: Option<u32>,
    pub written: Vec<WrittenResult>,
    /// Version numbers taken, and the versions whose keys scored them.
    pub taken_versions: [i64; 2],
    pub key_versions: [i64; 2],
    /// Per-item scores (results computed before item analysis existed have none until rescored).
    #[serde(default)]
    pub items: Vec<ItemScore>,
}
