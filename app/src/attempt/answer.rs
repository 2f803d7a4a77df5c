//! An answer as the server keeps it: in the screening's own keys, never the shuffled positions
//! the candidate saw, and stamped with the edit it came from so saves apply in the order the
//! candidate made them, not the order they arrive.

use crate::clock::Millis;
use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// What is stored for an answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    Likert(u8),
    Option(String),
    Options(Vec<String>),
    Text(String),
    Typing { text: String, started_at: Millis, ended_at: Option<Millis> },
}

impl Response {
    /// Whether the candidate has given something here: a typing test counts once text is typed.
    pub fn is_given(&self) -> bool {
        match self {
            Response::Typing { text, .. } | Response::Text(text) => !text.trim().is_empty(),
            Response::Options(keys) => !keys.is_empty(),
            _ => true,
        }
    }
}

/// How far ahead of the server's clock an edit's number may be. The browser estimates the
/// server's clock from its answers, so a genuine edit is never ahead by more than a round trip.
const MAX_AHEAD_MS: i64 = 5 * 60_000;

/// Orders the edits of one answer: the moment the edit was made, in milliseconds on the server's
/// clock as the browser estimates it. A later edit has a larger number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EditSeq(i64);

impl EditSeq {
    /// An edit made now, on the server: a form posted without JavaScript carries no number.
    pub fn at(now: Millis) -> EditSeq {
        EditSeq(now)
    }

    /// Reads the number a browser sent. A number further ahead than any browser's clock estimate
    /// can be is taken as now, so no request can make an answer unchangeable.
    pub fn parse(raw: Option<&str>, now: Millis) -> Result<EditSeq, AppError> {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return Ok(EditSeq::at(now));
        };
        match raw.parse::<i64>() {
            Ok(n) if n >= 0 => Ok(EditSeq(if n > now + MAX_AHEAD_MS { now } else { n })),
            _ => Err(AppError::invalid("", "That answer could not be read; please give it again.")),
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_number_is_read_or_made_now() {
        let now = 1_000_000;
        assert_eq!(EditSeq::parse(None, now).unwrap(), EditSeq::at(now));
        assert_eq!(EditSeq::parse(Some(" "), now).unwrap(), EditSeq::at(now));
        assert_eq!(EditSeq::parse(Some("999000"), now).unwrap().get(), 999_000);
        assert!(EditSeq::parse(Some("-4"), now).is_err());
        assert!(EditSeq::parse(Some("soon"), now).is_err());
        // Far in the future: taken as now, so it cannot lock the answer.
        assert_eq!(EditSeq::parse(Some(&i64::MAX.to_string()), now).unwrap().get(), now);
    }

    #[test]
    fn a_typing_test_counts_once_text_is_typed() {
        let t = |text: &str| Response::Typing { text: text.into(), started_at: 0, ended_at: None };
        assert!(!t("").is_given());
        assert!(t("Hi").is_given());
        assert!(Response::Likert(3).is_given());
    }
}
