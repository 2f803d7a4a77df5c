//! What crosses the wire for the organisation's settings.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgSettings {
    pub name: String,
    /// An IANA time zone name, such as "America/Chicago".
    pub time_zone: String,
    /// Every time zone the setting accepts, for the menu.
    pub zones: Vec<String>,
}
