//! A refused form submission as it is kept and carried back to its page, and which fields are
//! never kept. Shared by the page side (`kept`) and the storage side (`kept_store`).

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// A refused plain-form submission, carried to the page it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    /// The server function's path, such as `/api/positions/invite`.
    pub action: String,
    pub error: AppError,
    /// Every field as posted, in order (a checkbox group repeats its name).
    pub values: Vec<(String, String)>,
}

impl Refused {
    pub fn value(&self, field: &str) -> Option<&str> {
        self.values.iter().find(|(k, _)| k == field).map(|(_, v)| v.as_str())
    }

    pub(crate) fn holds(&self, field: &str, value: &str) -> bool {
        self.values.iter().any(|(k, v)| k == field && v == value)
    }
}

/// Fields whose values are never kept: what was typed there is typed again.
pub fn is_secret_field(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    // "current" and "confirm" are the password forms' other fields.
    name.contains("password") || name.contains("token") || name == "current" || name == "confirm"
}
