//! What the training pages exchange with the server: programmes as shown, where a trainee
//! stands, the hired candidates to enrol, the programme library, cohorts with their
//! trainees' records, the weekly grid, and a
//! trainee's own record.

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortSummary {
    pub id: String,
    pub name: String,
    pub programme: String,
    pub start: String,
    pub weeks: usize,
    /// 0 before the start; past `weeks` after the end.
    pub current_week: usize,
    pub trainers: Vec<String>,
    pub trainees: usize,
    pub at_risk: usize,
}

impl CohortSummary {
    pub fn phase(&self) -> String {
        if self.current_week == 0 {
            format!("Starts {}", self.start)
        } else if self.current_week > self.weeks {
            "Training finished".into()
        } else {
            format!("Week {} of {}", self.current_week, self.weeks)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekInfo {
    pub number: usize,
    pub title: String,
    pub dates: String,
    pub closed: bool,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetencyAverages {
    pub name: String,
    /// Average level across active trainees per week (None where it is not graded that week).
    pub per_week: Vec<Option<f64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortDetail {
    pub summary: CohortSummary,
    pub programme_id: String,
    pub version: i64,
    pub view: ProgrammeView,
    pub weeks: Vec<WeekInfo>,
    pub trainees: Vec<TraineeProgress>,
    pub averages: Vec<CompetencyAverages>,
    pub hr: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainerChoice {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewCohortOptions {
    pub programmes: Vec<(String, String)>,
    pub trainers: Vec<TrainerChoice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekRecord {
    pub number: usize,
    pub title: String,
    pub closed: bool,
    /// (competency name, level)
    pub grades: Vec<(String, Option<u8>)>,
    pub note: Option<String>,
    /// (day label, mark)
    pub days: Vec<(String, Option<super::progress::Mark>)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeChange {
    pub week: usize,
    pub competency: String,
    pub old: Option<u8>,
    pub new: Option<u8>,
    pub by: String,
    pub at: String,
    pub correction: bool,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraineeDetail {
    pub cohort_id: String,
    pub cohort: String,
    pub email: String,
    pub progress: TraineeProgress,
    pub weeks: Vec<WeekRecord>,
    pub changes: Vec<GradeChange>,
    /// HR only: the screening report that got them hired.
    pub report: Option<String>,
    pub hr: bool,
}

/// A week of a cohort as the grid shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridRow {
    pub trainee_id: String,
    pub name: String,
    pub left: bool,
    /// Aligned with `WeekGrid::competencies`.
    pub grades: Vec<Option<u8>>,
    /// Aligned with `WeekGrid::days`.
    pub marks: Vec<Option<super::progress::Mark>>,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekGrid {
    pub cohort_id: String,
    pub cohort: String,
    pub week: usize,
    pub weeks: usize,
    pub title: String,
    pub focus: String,
    pub closed: Option<String>,
    pub competencies: Vec<CompetencyView>,
    /// (day index in the programme, label)
    pub days: Vec<(usize, String)>,
    pub rows: Vec<GridRow>,
    /// Grades still empty for trainees who have not left.
    pub missing: usize,
}

/// A cell of the grid, as the browser names it: `g~<competency>`, `a~<day>` or `note`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    Grade(String),
    Attendance(usize),
    Note,
}

impl Field {
    pub fn parse(raw: &str) -> Option<Field> {
        match raw.split_once('~') {
            Some(("g", key)) if !key.is_empty() => Some(Field::Grade(key.to_string())),
            Some(("a", day)) => day.parse().ok().map(Field::Attendance),
            None if raw == "note" => Some(Field::Note),
            _ => None,
        }
    }

    pub fn encode(&self) -> String {
        match self {
            Field::Grade(key) => format!("g~{key}"),
            Field::Attendance(day) => format!("a~{day}"),
            Field::Note => "note".into(),
        }
    }
}

/// A trainee's own record, as their page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainingRecord {
    pub name: String,
    pub cohort: String,
    pub start: String,
    pub phase: String,
    pub trainers: Vec<String>,
    pub programme: ProgrammeView,
    pub progress: super::progress::Progress,
    pub weeks: Vec<WeekRecord>,
    /// The week being taught now, or the first week before the start.
    pub ahead: Option<(WeekView, String)>,
    pub open_week: Option<usize>,
    pub left_reason: Option<String>,
    /// Set when the trainee's answer to the Offer means they leave: what that means now. The
    /// week ahead is not shown then.
    pub leaving: Option<String>,
}
