//! Training's pages: programmes, cohorts and trainees, the weekly grid, enrolment, and the
//! trainee's own page.

pub mod cohorts;
pub mod enrol;
pub mod grid;
pub mod mine;
pub mod programmes;

pub use cohorts::{CohortPage, CohortsPage, FlagList, StatusTag, TraineePage, WeekRecords};
pub use enrol::EnrolPanel;
pub use grid::WeekPage;
pub use mine::MyTrainingPage;
pub use programmes::{EditProgrammePage, ProgrammeOutline, ProgrammePage, ProgrammesPage};
