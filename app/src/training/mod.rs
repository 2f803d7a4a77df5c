//! Training: programmes (a readable file of weeks, competencies and rubrics, versioned like
//! screenings), cohorts that run a programme with trainers and trainees, the weekly grid where
//! trainers grade and take attendance, progress with at-risk flags, and the trainee's own view.

pub mod chart;
pub mod cohorts;
pub mod enrol;
pub mod grid;
pub mod mine;
pub mod programmes;
pub mod progress;

#[cfg(feature = "ssr")]
pub mod definition;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// A programme as pages show it (programmes hold no secrets: trainees may read their rubric).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeView {
    pub title: String,
    pub intro: String,
    pub pass_overall: f64,
    pub attendance_expected: u32,
    pub days_per_week: u32,
    pub competencies: Vec<CompetencyView>,
    pub weeks: Vec<WeekView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetencyView {
    pub key: String,
    pub name: String,
    pub weight: u32,
    pub pass: u32,
    pub levels: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekView {
    pub number: usize,
    pub title: String,
    pub focus: String,
    /// Keys of the competencies graded this week.
    pub competencies: Vec<String>,
}

impl ProgrammeView {
    pub fn competency(&self, key: &str) -> Option<&CompetencyView> {
        self.competencies.iter().find(|c| c.key == key)
    }

    pub fn week(&self, number: usize) -> Option<&WeekView> {
        self.weeks.get(number.wrapping_sub(1))
    }
}

#[cfg(feature = "ssr")]
impl From<&definition::Programme> for ProgrammeView {
    fn from(p: &definition::Programme) -> Self {
        let f = p.file();
        ProgrammeView {
            title: f.programme.title.clone(),
            intro: f.programme.intro.clone(),
            pass_overall: f.programme.pass_overall,
            attendance_expected: f.programme.attendance_expected,
            days_per_week: f.programme.days_per_week,
            competencies: f
                .competencies
                .iter()
                .map(|c| CompetencyView { key: c.key.clone(), name: c.name.clone(), weight: c.weight, pass: c.pass, levels: c.levels.clone() })
                .collect(),
            weeks: f
                .weeks
                .iter()
                .enumerate()
                .map(|(i, w)| WeekView { number: i + 1, title: w.title.clone(), focus: w.focus.clone(), competencies: w.competencies.clone() })
                .collect(),
        }
    }
}

/// Where a trainee stands, as the cohort and trainee pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraineeProgress {
    pub trainee_id: String,
    pub name: String,
    pub progress: progress::Progress,
    pub left_reason: Option<String>,
}
