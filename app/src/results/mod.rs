//! Results and the hire decision: a position's ranked, filterable table; a report per
//! candidate with every score and where it came from; decisions and gate overrides that are
//! recorded with who, when and why, never edited; and what the candidate is told.
//!
//! `types` cross the wire; `api` holds the server functions; `list`, `report`, `decide`,
//! `settings` and `outcome` are the use cases; `store` is the SQL; `table` applies a position's
//! rule to its rows (pure, shared with the analytics); `pages` and `chart` draw them.

pub mod api;
pub mod chart;
pub mod pages;
pub mod table;
pub mod types;

#[cfg(feature = "ssr")]
pub mod decide;
#[cfg(feature = "ssr")]
pub mod list;
#[cfg(feature = "ssr")]
pub mod outcome;
#[cfg(feature = "ssr")]
pub mod report;
#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod store;

pub use api::*;
pub use pages::{ReportPage, ResultsPage};
pub use types::{
    Decision, DecisionEntry, DecisionFilter, GateFilter, Order, OverrideEntry, Report, ResultRow, ResultsPage, ResultsQuery, RuleView, RunInfo,
    ScoringForm, SortBy, StatusFilter,
};
