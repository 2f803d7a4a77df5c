//! Training's pages that have moved out of their feature files (the rest are still in
//! `cohorts`, `grid` and `mine`).

pub mod enrol;
pub mod programmes;

pub use enrol::EnrolPanel;
pub use programmes::{EditProgrammePage, ProgrammeOutline, ProgrammePage, ProgrammesPage};
