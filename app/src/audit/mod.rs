//! The audit log: one append-only record across the product of who did what, when and why.
//! Rows are written inside the transaction of the change they describe; the database refuses
//! updates and deletes of them (triggers in the migrations).
//!
//! `writer` records entries (every store calls it); `types`, `api`, `store`, `search` and
//! `pages` are the log's own page and CSV.

pub mod api;
pub mod pages;
pub mod types;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod writer;

pub use api::{audit_log, AuditLog};
pub use pages::AuditPage;
pub use types::{AuditEntry, AuditQuery, AuditResults, AREAS, MAX_SEARCH, REVERSED_RANGE};
#[cfg(feature = "ssr")]
pub use search::{csv, page};
#[cfg(feature = "ssr")]
pub use writer::{record, Actor, Entry};
