//! The Offer: near the end of training HR offers every active trainee money to leave now; the
//! people who stay have chosen to. HR opens it for a cohort, trainees answer (or HR records an
//! answer given in person), the deadline turns silence into "no response" under the cohort's
//! rule, and corrections are new entries with a reason. Payouts are tracked until paid.

pub mod answer;
pub mod board;
pub mod make;
pub mod manage;
pub mod money;
pub mod types;

#[cfg(feature = "ssr")]
pub mod drafts;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Take,
    Stay,
    NoResponse,
    /// The trainee left training while the Offer was open: it no longer applies to them.
    Withdrawn,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Take => "take",
            Answer::Stay => "stay",
            Answer::NoResponse => "no_response",
            Answer::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(raw: &str) -> Option<Answer> {
        [Answer::Take, Answer::Stay, Answer::NoResponse, Answer::Withdrawn].into_iter().find(|a| a.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            Answer::Take => "Took the Offer",
            Answer::Stay => "Stays",
            Answer::NoResponse => "No response",
            Answer::Withdrawn => "Offer withdrawn (left training)",
        }
    }
}

/// Where a decision came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// The trainee answered on their Offer page.
    Trainee,
    /// HR recorded an answer the trainee gave in person.
    InPerson,
    /// Nobody answered by the deadline; the cohort's rule applied.
    Deadline,
    /// HR corrected an earlier entry, with a reason.
    Correction,
    /// The trainee was marked as having left while the Offer was open.
    Left,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Trainee => "trainee",
            Source::InPerson => "in_person",
            Source::Deadline => "deadline",
            Source::Correction => "correction",
            Source::Left => "left",
        }
    }

    pub fn parse(raw: &str) -> Option<Source> {
        [Source::Trainee, Source::InPerson, Source::Deadline, Source::Correction, Source::Left].into_iter().find(|s| s.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::Trainee => "answered by the trainee",
            Source::InPerson => "given in person, recorded by HR",
            Source::Deadline => "no answer by the deadline",
            Source::Correction => "correction by HR",
            Source::Left => "withdrawn when they left the cohort",
        }
    }
}

/// What a decision means for the trainee: they leave (with the payout) or stay.
pub fn leaves(answer: Answer, no_response_leaves: bool) -> bool {
    match answer {
        Answer::Take => true,
        Answer::Stay => false,
        Answer::NoResponse => no_response_leaves,
        Answer::Withdrawn => true,
    }
}

/// One entry of a trainee's Offer record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionView {
    pub seq: i64,
    pub answer: Answer,
    pub leaves: bool,
    pub source: Source,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub at: String,
}

impl DecisionView {
    pub fn describe(&self) -> String {
        format!(
            "{}{} · {} · {}",
            self.answer.label(),
            if self.answer == Answer::NoResponse { if self.leaves { " (leaves, by the cohort's rule)" } else { " (stays, by the cohort's rule)" } } else { "" },
            self.source.label(),
            self.at
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silence_follows_the_cohorts_rule_and_answers_their_own() {
        assert!(leaves(Answer::Take, false));
        assert!(!leaves(Answer::Stay, true));
        assert!(!leaves(Answer::NoResponse, false));
        assert!(leaves(Answer::NoResponse, true));
    }

    #[test]
    fn answers_and_sources_round_trip() {
        for a in [Answer::Take, Answer::Stay, Answer::NoResponse] {
            assert_eq!(Answer::parse(a.as_str()), Some(a));
        }
        for s in [Source::Trainee, Source::InPerson, Source::Deadline, Source::Correction] {
            assert_eq!(Source::parse(s.as_str()), Some(s));
        }
        assert_eq!(Answer::parse("Take"), None);
    }
}
