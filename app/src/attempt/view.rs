//! What a candidate's browser receives: items without their answer key, options under opaque
//! positional ids, answers translated to those ids. Nothing here carries a score, a correct flag,
//! a value key, a reverse key or a rubric.

use crate::positions::ExtraTime;
use serde::{Deserialize, Serialize};

pub const LIKERT_LABELS: [&str; 5] = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionView {
    pub id: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ItemBody {
    Likert { statement: String },
    Judgement { scenario: String, question: String, options: Vec<OptionView> },
    Choice { question: String, multiple: bool, options: Vec<OptionView> },
    Typing { title: String, passage: String, duration_seconds: u32 },
    Written { channel: String, customer_message: String, instructions: String, max_words: u32 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    /// The item's position in the section ("0", "1", ...), the only id the browser knows.
    pub id: String,
    pub body: ItemBody,
}

/// An answer as the browser shows it (option ids are positions in the candidate's order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Likert(u8),
    Option(String),
    Options(Vec<String>),
    Text(String),
    Typing { text: String, ends_at: i64, finished: bool },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionPage {
    pub token: String,
    pub index: usize,
    pub total: usize,
    pub part: String,
    pub title: String,
    pub instructions: String,
    /// When this section closes, in server milliseconds (none when untimed).
    pub deadline: Option<i64>,
    pub attempt_deadline: i64,
    pub server_now: i64,
    pub items: Vec<ItemView>,
    pub answers: Vec<(String, Answer)>,
    pub is_last: bool,
}

impl SectionPage {
    pub fn answer(&self, item: &str) -> Option<&Answer> {
        self.answers.iter().find(|(id, _)| id == item).map(|(_, a)| a)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionOutline {
    pub part: String,
    pub title: String,
    pub items: usize,
    /// Minutes this candidate gets (with extra time applied); none when untimed.
    pub minutes: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    NotStarted,
    InProgress,
    Submitted,
    Expired,
    LinkExpired,
    Withdrawn,
}

/// A candidate's own scores, shown only where HR allows it for the position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnResult {
    pub attitude: f64,
    pub skill: f64,
    pub values: Vec<(String, f64)>,
}

/// What the candidate is told once they have finished.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub headline: String,
    pub text: String,
    pub result: Option<OwnResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Landing {
    pub stage: Stage,
    pub first_name: String,
    pub org: String,
    pub position: String,
    pub description: String,
    pub intros: Vec<String>,
    pub sections: Vec<SectionOutline>,
    pub window_minutes: Option<i64>,
    pub extra: ExtraTime,
    pub link_valid_until: String,
    pub has_typing: bool,
    pub outcome: Option<Outcome>,
    /// The optional self-identification has been answered (or declined).
    pub self_identified: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub token: String,
    pub answered: usize,
    pub questions: usize,
    pub attempt_deadline: i64,
    pub server_now: i64,
}

/// Where a candidate is: the page `/take/{token}/now` shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Step {
    NotStarted,
    Section(SectionPage),
    Review(Review),
    Finished(Stage),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub server_now: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypingClock {
    pub ends_at: i64,
    pub server_now: i64,
}

/// "12:05" from milliseconds.
pub fn clock_text(ms: i64) -> String {
    let secs = (ms.max(0) + 999) / 1000;
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn clock_text_rounds_up_to_whole_seconds() {
        assert_eq!(super::clock_text(0), "0:00");
        assert_eq!(super::clock_text(1), "0:01");
        assert_eq!(super::clock_text(61_000), "1:01");
        assert_eq!(super::clock_text(-5), "0:00");
    }
}
