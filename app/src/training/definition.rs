//! The programme file: a readable TOML document, one per programme, that HR edits, exports and
//! imports. It names the competencies with their rubric (five levels with descriptors), weights
//! and pass marks, and for each week the competencies graded that week.
//!
//! `Programme::from_toml` is the only way to a usable programme: it reports every problem with
//! where it is, like the screening file.

use super::progress::{CompetencyRule, Shape, MAX_LEVEL};
use crate::screening::definition::{read_toml, valid_key, Problem};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeFile {
    pub programme: Meta,
    #[serde(rename = "competency", default)]
    pub competencies: Vec<Competency>,
    #[serde(rename = "week", default)]
    pub weeks: Vec<Week>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub intro: String,
    /// The weighted average level (1 to 5) a trainee needs to complete the programme.
    pub pass_overall: f64,
    /// Percent of training days a trainee is expected to attend (late counts as attended).
    pub attendance_expected: u32,
    #[serde(default = "five")]
    pub days_per_week: u32,
}

fn five() -> u32 {
    5
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    pub key: String,
    pub name: String,
    pub weight: u32,
    /// The average level needed in this competency.
    pub pass: u32,
    /// What each level looks like, from 1 to 5.
    pub levels: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Week {
    pub title: String,
    #[serde(default)]
    pub focus: String,
    pub competencies: Vec<String>,
}

/// A programme file that has passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct Programme {
    file: ProgrammeFile,
}

const MAX_TEXT: usize = 2_000;
pub const MAX_WEEKS: usize = 12;

impl Programme {
    pub fn from_toml(text: &str) -> Result<Programme, Vec<Problem>> {
        Programme::parse(read_toml(text)?)
    }

    pub fn parse(file: ProgrammeFile) -> Result<Programme, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut say = |at: String, message: &str| problems.push(Problem { at, message: message.to_string() });
        let meta = &file.programme;
        if !valid_key(&meta.key) {
            say("programme.key".into(), "Use lowercase letters, digits and hyphens (up to 60).");
        }
        if meta.title.trim().is_empty() || meta.title.len() > 200 {
            say("programme.title".into(), "Give the programme a title (up to 200 characters).");
        }
        if meta.intro.len() > MAX_TEXT {
            say("programme.intro".into(), "The introduction is too long (2,000 characters at most).");
        }
        if !(1.0..=5.0).contains(&meta.pass_overall) {
            say("programme.pass_overall".into(), "The overall pass mark is an average level between 1 and 5.");
        }
        if meta.attendance_expected > 100 {
            say("programme.attendance_expected".into(), "Attendance expected is a percentage from 0 to 100.");
        }
        if !(1..=7).contains(&meta.days_per_week) {
            say("programme.days_per_week".into(), "Training days per week must be between 1 and 7.");
        }
        if file.competencies.is_empty() {
            say("programme".into(), "A programme needs at least one [[competency]].");
        }
        let mut keys = HashSet::new();
        for c in &file.competencies {
            let at = format!("competency '{}'", c.key);
            if !valid_key(&c.key) {
                say(at.clone(), "Its key must use lowercase letters, digits and hyphens.");
            }
            if !keys.insert(c.key.as_str()) {
                say(at.clone(), "Two competencies have this key.");
            }
            if c.name.trim().is_empty() || c.name.len() > 120 {
                say(at.clone(), "Give the competency a name (up to 120 characters).");
            }
            if !(1..=10).contains(&c.weight) {
                say(at.clone(), "weight must be between 1 and 10.");
            }
            if !(1..=MAX_LEVEL as u32).contains(&c.pass) {
                say(at.clone(), "pass is the average level needed, from 1 to 5.");
            }
            if c.levels.len() != MAX_LEVEL as usize {
                say(at.clone(), "levels must describe exactly five levels, lowest first.");
            } else if c.levels.iter().any(|l| l.trim().is_empty() || l.len() > MAX_TEXT) {
                say(at.clone(), "Every level needs a descriptor (up to 2,000 characters).");
            }
        }
        if file.weeks.is_empty() || file.weeks.len() > MAX_WEEKS {
            say("programme".into(), "A programme has between 1 and 12 [[week]] tables, one per week.");
        }
        let mut used = HashSet::new();
        for (i, w) in file.weeks.iter().enumerate() {
            let at = format!("week {}", i + 1);
            if w.title.trim().is_empty() || w.title.len() > 200 {
                say(at.clone(), "Give the week a title (up to 200 characters).");
            }
            if w.focus.len() > MAX_TEXT {
                say(at.clone(), "The focus is too long (2,000 characters at most).");
            }
            if w.competencies.is_empty() {
                say(at.clone(), "List the competencies graded this week.");
            }
            let mut seen = HashSet::new();
            for k in &w.competencies {
                if !keys.contains(k.as_str()) {
                    say(at.clone(), &format!("'{k}' is not one of the programme's competencies."));
                }
                if !seen.insert(k.as_str()) {
                    say(at.clone(), &format!("'{k}' is listed twice."));
                }
                used.insert(k.as_str());
            }
        }
        for c in &file.competencies {
            if !used.contains(c.key.as_str()) {
                say(format!("competency '{}'", c.key), "No week grades this competency; list it in a week or remove it.");
            }
        }
        if problems.is_empty() {
            Ok(Programme { file })
        } else {
            Err(problems)
        }
    }

    pub fn file(&self) -> &ProgrammeFile {
        &self.file
    }

    pub fn key(&self) -> &str {
        &self.file.programme.key
    }

    pub fn title(&self) -> &str {
        &self.file.programme.title
    }

    pub fn weeks(&self) -> usize {
        self.file.weeks.len()
    }

    pub fn days_per_week(&self) -> usize {
        self.file.programme.days_per_week as usize
    }

    pub fn competency(&self, key: &str) -> Option<&Competency> {
        self.file.competencies.iter().find(|c| c.key == key)
    }

    /// The competencies graded in week `week` (from 1), in the file's order for that week.
    pub fn week_competencies(&self, week: usize) -> Vec<&Competency> {
        self.file
            .weeks
            .get(week.wrapping_sub(1))
            .map(|w| w.competencies.iter().filter_map(|k| self.competency(k)).collect())
            .unwrap_or_default()
    }

    /// What the progress rules need.
    pub fn shape(&self) -> Shape {
        Shape {
            competencies: self
                .file
                .competencies
                .iter()
                .map(|c| CompetencyRule { key: c.key.clone(), name: c.name.clone(), weight: c.weight as f64, pass: c.pass as f64 })
                .collect(),
            weeks: self.file.weeks.iter().map(|w| w.competencies.clone()).collect(),
            pass_overall: self.file.programme.pass_overall,
            attendance_expected: self.file.programme.attendance_expected as f64 / 100.0,
        }
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(&self.file).unwrap_or_default()
    }
}

/// The file a new programme starts from: four weeks, ready to edit.
pub const TEMPLATE: &str = r#"[programme]
key = "new-programme"
title = "New training programme"
intro = ""
pass_overall = 3.0
attendance_expected = 90
days_per_week = 5

[[competency]]
key = "service"
name = "Customer service"
weight = 1
pass = 3
levels = ["Not yet", "Beginning", "Competent", "Strong", "Exemplary"]

[[week]]
title = "Week 1"
competencies = ["service"]

[[week]]
title = "Week 2"
competencies = ["service"]

[[week]]
title = "Week 3"
competencies = ["service"]

[[week]]
title = "Week 4"
competencies = ["service"]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("demo/foundations.toml");

    #[test]
    fn the_demo_programme_and_the_template_parse() {
        let p = Programme::from_toml(DEMO).expect("the demo programme parses");
        assert_eq!(p.weeks(), 4);
        assert_eq!(p.week_competencies(1).len(), 2);
        assert_eq!(p.week_competencies(5).len(), 0);
        assert_eq!(p.week_competencies(0).len(), 0);
        let shape = p.shape();
        assert_eq!(shape.attendance_expected, 0.9);
        assert_eq!(shape.weeks.len(), 4);
        let t = Programme::from_toml(TEMPLATE).expect("the template parses");
        assert_eq!(t.weeks(), 4);
    }

    #[test]
    fn export_round_trips() {
        let p = Programme::from_toml(DEMO).unwrap();
        let again = Programme::from_toml(&p.to_toml()).unwrap();
        assert_eq!(p, again);
    }

    #[test]
    fn every_problem_is_reported_with_where_it_is() {
        let text = DEMO
            .replace("pass_overall = 3.0", "pass_overall = 7.0")
            .replacen("weight = 2", "weight = 0", 1)
            .replace(r#"competencies = ["values", "product"]"#, r#"competencies = ["values", "values", "typing"]"#);
        let problems = Programme::from_toml(&text).unwrap_err();
        let text: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.at, p.message)).collect();
        assert!(text.iter().any(|t| t.starts_with("programme.pass_overall")), "{text:?}");
        assert!(text.iter().any(|t| t.starts_with("competency 'values': weight")), "{text:?}");
        assert!(text.iter().any(|t| t == "week 1: 'typing' is not one of the programme's competencies."), "{text:?}");
        assert!(text.iter().any(|t| t == "week 1: 'values' is listed twice."), "{text:?}");
    }

    #[test]
    fn syntax_errors_name_their_line() {
        let problems = Programme::from_toml("[programme]\nkey = \n").unwrap_err();
        assert_eq!(problems[0].at, "line 2");
    }

    #[test]
    fn unused_competencies_and_short_rubrics_are_refused() {
        let text = TEMPLATE.replace(
            "[[week]]\ntitle = \"Week 1\"",
            "[[competency]]\nkey = \"spare\"\nname = \"Spare\"\nweight = 1\npass = 3\nlevels = [\"a\", \"b\"]\n\n[[week]]\ntitle = \"Week 1\"",
        );
        let problems = Programme::from_toml(&text).unwrap_err();
        assert!(problems.iter().any(|p| p.at == "competency 'spare'" && p.message.contains("exactly five")));
        assert!(problems.iter().any(|p| p.at == "competency 'spare'" && p.message.contains("No week grades")));
    }
}
