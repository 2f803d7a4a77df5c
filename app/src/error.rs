//! The one error type that crosses the wire between browser and server.
//! Use-case errors (sign-in, staff admin, ...) convert into it at the server-function boundary.

use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You do not have access to this.")]
    Forbidden,
    #[error("{0} was not found.")]
    NotFound(String),
    /// Bad input: `field` names the form field the message belongs next to
    /// (empty when it belongs to the form as a whole).
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{message}")]
    Throttled { message: String, retry_after_secs: u64 },
    #[error("Something went wrong on our side and nothing was changed. If it happens again, quote reference {reference}.")]
    Internal { reference: String },
    #[error("The server could not be reached. Check your connection and try again.")]
    Unreachable(String),
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid { field: field.into(), message: message.into() }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        AppError::NotFound(what.into())
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound(_) => 404,
            AppError::Invalid { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::Throttled { .. } => 429,
            AppError::Internal { .. } => 500,
            AppError::Unreachable(_) => 502,
        }
    }

    /// The message to show next to `field`, if this error is about it.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid { field: f, message } if f == field => Some(message.clone()),
            _ => None,
        }
    }

    /// The message to show at the top of a form: everything not tied to one field.
    pub fn for_form(&self, fields: &[&str]) -> Option<String> {
        match self {
            AppError::Invalid { field, .. } if fields.contains(&field.as_str()) => None,
            other => Some(other.to_string()),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(msg) => AppError::Unreachable(msg),
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => AppError::invalid(
                "",
                "The form could not be read. Please check every field and try again.",
            ),
            other => AppError::Internal { reference: short_reference(&other.to_string()) },
        }
    }
}

/// A short, stable tag for an otherwise opaque failure, so a user can quote it.
fn short_reference(text: &str) -> String {
    // FNV-1a: deterministic on both targets, no dependency.
    let mut hash: u32 = 0x811c9dc5;
    for byte in text.bytes() {
        hash ^= byte as u32;
        hash = hash.wrapping_mul(0x01000193);
    }
    format!("E{hash:08X}")
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(feature = "ssr")]
mod unexpected {
    use super::AppError;
    use leptos::prelude::use_context;

    /// The id tracing gave this request, so an error shown to a person can be found in the logs.
    pub fn request_id() -> Option<String> {
        use_context::<http::request::Parts>()
            .and_then(|p| p.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned))
    }

    impl From<sqlx::Error> for AppError {
        fn from(e: sqlx::Error) -> Self {
            internal(e)
        }
    }

    /// Logs an unexpected failure with the request id and turns it into something a person can quote.
    pub fn internal(e: impl std::fmt::Display) -> AppError {
        let reference = request_id()
            .map(|id| id.chars().take(8).collect())
            .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string()[..8].to_string());
        tracing::error!(reference = %reference, error = %e, "unexpected failure");
        AppError::Internal { reference }
    }
}
#[cfg(feature = "ssr")]
pub use unexpected::{internal, request_id};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_stay_with_their_field() {
        let e = AppError::invalid("email", "Enter an email address.");
        assert_eq!(e.for_field("email").as_deref(), Some("Enter an email address."));
        assert_eq!(e.for_field("password"), None);
        assert_eq!(e.for_form(&["email", "password"]), None);
        assert_eq!(e.for_form(&["name"]).as_deref(), Some("Enter an email address."));
    }

    #[test]
    fn statuses_are_never_a_bare_500_for_user_errors() {
        assert_eq!(AppError::invalid("x", "y").status(), 422);
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(
            AppError::Throttled { message: "wait".into(), retry_after_secs: 3 }.status(),
            429
        );
    }

    #[test]
    fn transport_failures_read_as_unreachable() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Request("offline".into()));
        assert!(matches!(e, AppError::Unreachable(_)));
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("bad".into()));
        assert!(matches!(e, AppError::Invalid { .. }));
    }
}
