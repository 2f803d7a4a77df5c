//! What the position pages exchange with the server besides their own forms.

use serde::{Deserialize, Serialize};

/// Extra time a candidate gets on timed sections; `Untimed` removes section limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExtraTime {
    None,
    X125,
    X150,
    X200,
    Untimed,
}

impl ExtraTime {
    pub const ALL: [ExtraTime; 5] = [ExtraTime::None, ExtraTime::X125, ExtraTime::X150, ExtraTime::X200, ExtraTime::Untimed];

    /// Stored as a percentage of the normal time; 0 means untimed.
    pub fn percent(self) -> i64 {
        match self {
            ExtraTime::None => 100,
            ExtraTime::X125 => 125,
            ExtraTime::X150 => 150,
            ExtraTime::X200 => 200,
            ExtraTime::Untimed => 0,
        }
    }

    pub fn from_percent(p: i64) -> ExtraTime {
        match p {
            125 => ExtraTime::X125,
            150 => ExtraTime::X150,
            200 => ExtraTime::X200,
            0 => ExtraTime::Untimed,
            _ => ExtraTime::None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ExtraTime::None => "Standard time",
            ExtraTime::X125 => "1.25× time",
            ExtraTime::X150 => "1.5× time",
            ExtraTime::X200 => "2× time",
            ExtraTime::Untimed => "Untimed",
        }
    }

    /// A limit of `minutes` for this candidate, in milliseconds (`None` when untimed).
    pub fn apply(self, minutes: u32) -> Option<i64> {
        match self {
            ExtraTime::Untimed => None,
            other => Some(minutes as i64 * 60_000 * other.percent() / 100),
        }
    }
}
