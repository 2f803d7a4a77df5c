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
    /// This candidate's own time for the section, extra time included ("You have 18 minutes…").
    pub time_allowed: Option<String>,
    /// Something the candidate must know on arriving here (the previous section's time ran out).
    pub notice: Option<String>,
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

/// Where the candidate stands with their invitation: the one state the staff pages show too.
pub use crate::positions::state::CandidateState as Stage;

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
    pub sections: Vec<ReviewSection>,
    pub attempt_deadline: i64,
    pub server_now: i64,
}

/// One section on the review page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewSection {
    pub index: usize,
    pub title: String,
    pub questions: usize,
    /// Positions (item ids) of the questions without an answer.
    pub unanswered: Vec<usize>,
    /// The section closed because its time ran out.
    pub timed_out: bool,
    /// The candidate may go back to it (they left it, and its clock still runs).
    pub can_reopen: bool,
}

/// What posting a section's form did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SectionSaved {
    /// The answers are saved; the section stays open.
    Saved,
    /// Saved, but not left: these questions (item positions) have no answer yet.
    Unanswered(Vec<usize>),
    /// Saved and closed; the candidate goes on.
    MovedOn,
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

/// A countdown from milliseconds: "12:05" under an hour, "1 h 58 min" from an hour on.
pub fn clock_text(ms: i64) -> String {
    let secs = (ms.max(0) + 999) / 1000;
    if secs >= 3600 {
        return duration_text(ms);
    }
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// A duration in words, in whole minutes (never more than is left): "12 minutes", "1 h 58 min".
pub fn duration_text(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    match (minutes / 60, minutes % 60) {
        (0, 0) => "less than a minute".into(),
        (0, 1) => "1 minute".into(),
        (0, m) => format!("{m} minutes"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// "questions 2, 5 and 9" from item positions.
pub fn question_list(positions: &[usize]) -> String {
    let numbers: Vec<String> = positions.iter().map(|p| (p + 1).to_string()).collect();
    match numbers.as_slice() {
        [] => String::new(),
        [one] => format!("question {one}"),
        [rest @ .., last] => format!("questions {} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clock_text_rounds_up_to_whole_seconds() {
        assert_eq!(super::clock_text(0), "0:00");
        assert_eq!(super::clock_text(1), "0:01");
        assert_eq!(super::clock_text(61_000), "1:01");
        assert_eq!(super::clock_text(-5), "0:00");
        assert_eq!(super::clock_text(3_599_000), "59:59");
    }

    #[test]
    fn long_durations_read_in_hours_and_minutes() {
        // 118 minutes 29 seconds used to read "118:29".
        assert_eq!(super::clock_text((118 * 60 + 29) * 1000), "1 h 58 min");
        assert_eq!(super::duration_text(118 * 60_000), "1 h 58 min");
        assert_eq!(super::duration_text(120 * 60_000), "2 h");
        assert_eq!(super::duration_text(18 * 60_000), "18 minutes");
        assert_eq!(super::duration_text(90_000), "1 minute");
        assert_eq!(super::duration_text(30_000), "less than a minute");
    }

    #[test]
    fn question_lists_read_as_a_sentence() {
        assert_eq!(super::question_list(&[3]), "question 4");
        assert_eq!(super::question_list(&[0, 4, 8]), "questions 1, 5 and 9");
    }
}
