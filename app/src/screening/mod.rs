//! Screenings: the attitude and skill tests a position uses, their versions, the readable file
//! they are written in, and the organisation's values that culture items are keyed to.

pub mod library;
pub mod values;

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod definition;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// Which gate a screening serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Attitude,
    Skill,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Attitude => "attitude",
            Kind::Skill => "skill",
        }
    }

    pub fn parse(raw: &str) -> Option<Kind> {
        match raw {
            "attitude" => Some(Kind::Attitude),
            "skill" => Some(Kind::Skill),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Attitude => "Attitude",
            Kind::Skill => "Skill",
        }
    }
}

/// A company value culture items are keyed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgValue {
    pub key: String,
    pub name: String,
    pub description: String,
}
