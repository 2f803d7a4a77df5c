//! Training: programmes (a readable file of weeks, competencies and rubrics, versioned like
//! screenings), cohorts that run a programme with trainers and trainees, the weekly grid where
//! trainers grade and take attendance, progress with at-risk flags, and the trainee's own view.
//!
//! In the shape of `results/`: `types` cross the wire, `api` holds the server functions, the use
//! cases are `programmes`, `cohorts`, `grid`, `enrol` and `mine` (the trainee's own record),
//! their SQL is in `store/`, and the pages in `pages/`.

pub mod api;
pub mod chart;
pub mod pages;
pub mod progress;
pub mod types;

#[cfg(feature = "ssr")]
pub mod cohorts;
#[cfg(feature = "ssr")]
pub mod definition;
#[cfg(feature = "ssr")]
pub mod enrol;
#[cfg(feature = "ssr")]
pub mod grid;
#[cfg(feature = "ssr")]
pub mod mine;
#[cfg(feature = "ssr")]
pub mod programmes;
#[cfg(feature = "ssr")]
pub mod store;

pub use api::*;
pub use types::*;

