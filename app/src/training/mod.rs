//! Training: programmes (a readable file of weeks, competencies and rubrics, versioned like
//! screenings), cohorts that run a programme with trainers and trainees, the weekly grid where
//! trainers grade and take attendance, progress with at-risk flags, and the trainee's own view.
//!
//! Moving to the shape of `results/`: `types`, `api` and `pages/` hold enrolment and the
//! programme library, whose use cases are `enrol` and `programmes` and whose SQL is in `store/`;
//! `cohorts`, `grid` and `mine` still hold their own server functions and pages.

pub mod api;
pub mod chart;
pub mod cohorts;
pub mod grid;
pub mod mine;
pub mod pages;
pub mod progress;
pub mod types;

#[cfg(feature = "ssr")]
pub mod definition;
#[cfg(feature = "ssr")]
pub mod enrol;
#[cfg(feature = "ssr")]
pub mod programmes;
#[cfg(feature = "ssr")]
pub mod store;

pub use api::*;
pub use types::*;

