//! What the training pages exchange with the server: programmes as shown, where a trainee
//! stands, the hired candidates to enrol, and the programme library.

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
impl From<&super::definition::Programme> for ProgrammeView {
    fn from(p: &super::definition::Programme) -> Self {
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
    pub progress: super::progress::Progress,
    pub left_reason: Option<String>,
}

/// A hired candidate who can be enrolled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hired {
    pub invitation_id: String,
    pub name: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrolOptions {
    /// Hired (their latest decision) and not yet in a cohort.
    pub hired: Vec<Hired>,
    /// Cohorts that have not finished, by start: (id, name, when: "starts Mon 4 Jan" or
    /// "started Mon 5 Oct, in week 3").
    pub cohorts: Vec<(String, String, String)>,
    /// The one the form offers first: the next cohort that has not started (people hired now
    /// join at the beginning); none when every cohort is under way, so HR chooses.
    pub suggested: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeSummary {
    pub id: String,
    pub key: String,
    pub title: String,
    pub version: i64,
    pub weeks: usize,
    /// A cohort runs the current version, so saving makes a new one.
    pub in_use: bool,
    pub cohorts: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeVersionInfo {
    pub version: i64,
    pub created: String,
    pub by: Option<String>,
    pub cohorts: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeDetail {
    pub summary: ProgrammeSummary,
    pub view: ProgrammeView,
    pub definition: String,
    pub versions: Vec<ProgrammeVersionInfo>,
}
