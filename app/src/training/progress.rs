//! How a trainee is doing: week scores, competency averages, attendance, the flags trainers
//! asked for (attendance below expectation, a falling trend, a pass out of reach) and the
//! status they add up to. Pure functions over what is stored, so every rule is unit-tested.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The lowest and highest rubric level.
pub const MIN_LEVEL: u8 = 1;
pub const MAX_LEVEL: u8 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mark {
    Present,
    Late,
    Absent,
    Excused,
}

impl Mark {
    pub const ALL: [Mark; 4] = [Mark::Present, Mark::Late, Mark::Absent, Mark::Excused];

    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Present => "present",
            Mark::Late => "late",
            Mark::Absent => "absent",
            Mark::Excused => "excused",
        }
    }

    pub fn parse(raw: &str) -> Option<Mark> {
        Mark::ALL.into_iter().find(|m| m.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            Mark::Present => "Present",
            Mark::Late => "Late",
            Mark::Absent => "Absent",
            Mark::Excused => "Excused",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    OnTrack,
    AtRisk,
    /// The pass can no longer be reached.
    Failing,
    /// Every week is closed and the pass was reached.
    Completed,
    /// Every week is closed and the pass was not reached.
    Failed,
    Left,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::Failing => "Failing",
            Status::Completed => "Completed",
            Status::Failed => "Did not pass",
            Status::Left => "Left",
        }
    }

    /// For CSS: `status-on-track` and so on.
    pub fn slug(self) -> &'static str {
        match self {
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::Failing => "failing",
            Status::Completed => "completed",
            Status::Failed => "failed",
            Status::Left => "left",
        }
    }
}

/// One reason a trainee needs attention, with the figures that explain it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Flag {
    Attendance { rate: f64, expected: f64 },
    FallingTrend { scores: [f64; 3] },
    BelowPass { overall: f64, needed: f64 },
    CompetencyBelowPass { name: String, mean: f64, needed: f64 },
    PassUnreachable { best: f64, needed: f64, what: String },
}

impl Flag {
    pub fn reason(&self) -> String {
        match self {
            Flag::Attendance { rate, expected } => {
                format!("Attendance {:.0}% is below the {:.0}% expected", rate * 100.0, expected * 100.0)
            }
            Flag::FallingTrend { scores } => {
                format!("Week scores fell two weeks running ({:.1} → {:.1} → {:.1})", scores[0], scores[1], scores[2])
            }
            Flag::BelowPass { overall, needed } => format!("Average {overall:.1} is below the {needed:.1} needed to pass"),
            Flag::CompetencyBelowPass { name, mean, needed } => {
                format!("{name} averages {mean:.1}; {needed:.0} is needed")
            }
            Flag::PassUnreachable { best, needed, what } => {
                format!("The pass is out of reach: even top marks from here give {what} {best:.1}, below {needed:.1}")
            }
        }
    }
}

/// What the rules need of a programme.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub competencies: Vec<CompetencyRule>,
    /// For each week, the keys of the competencies graded that week.
    pub weeks: Vec<Vec<String>>,
    pub pass_overall: f64,
    /// Share of training days attended (present or late) that is expected, 0..1.
    pub attendance_expected: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CompetencyRule {
    pub key: String,
    pub name: String,
    pub weight: f64,
    pub pass: f64,
}

/// What is stored about one trainee.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// (week index from 0, competency key) -> level.
    pub grades: HashMap<(usize, String), u8>,
    pub marks: Vec<Mark>,
    pub left: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Weighted mean level per week (None for a week with no grades yet).
    pub week_scores: Vec<Option<f64>>,
    /// Mean level per competency, in programme order.
    pub competency_means: Vec<Option<f64>>,
    /// Weighted mean of the competency means.
    pub overall: Option<f64>,
    /// Share of recorded days attended (excused days do not count), if any are recorded.
    pub attendance: Option<f64>,
    pub flags: Vec<Flag>,
    pub status: Status,
}

fn weighted_mean(pairs: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (sum, weights) = pairs.fold((0.0, 0.0), |(s, w), (value, weight)| (s + value * weight, w + weight));
    (weights > 0.0).then(|| sum / weights)
}

fn competency_mean(shape: &Shape, key: &str, grade: impl Fn(usize) -> Option<f64>) -> Option<f64> {
    let levels: Vec<f64> = shape
        .weeks
        .iter()
        .enumerate()
        .filter(|(_, keys)| keys.iter().any(|k| k == key))
        .filter_map(|(w, _)| grade(w))
        .collect();
    (!levels.is_empty()).then(|| levels.iter().sum::<f64>() / levels.len() as f64)
}

/// Competency means and the overall, with `grade(week, key)` giving each cell.
fn summarise(shape: &Shape, grade: impl Fn(usize, &str) -> Option<f64>) -> (Vec<Option<f64>>, Option<f64>) {
    let means: Vec<Option<f64>> = shape.competencies.iter().map(|c| competency_mean(shape, &c.key, |w| grade(w, &c.key))).collect();
    let overall = weighted_mean(shape.competencies.iter().zip(&means).filter_map(|(c, m)| m.map(|m| (m, c.weight))));
    (means, overall)
}

pub fn attendance_rate(marks: &[Mark]) -> Option<f64> {
    let attended = marks.iter().filter(|m| matches!(m, Mark::Present | Mark::Late)).count();
    let counted = marks.iter().filter(|m| !matches!(m, Mark::Excused)).count();
    (counted > 0).then(|| attended as f64 / counted as f64)
}

/// `closed[w]` says whether week `w` is closed; grades in open weeks may still change, and
/// cells not yet graded in them could still be the top level.
pub fn assess(shape: &Shape, record: &Record, closed: &[bool]) -> Progress {
    let cell = |w: usize, key: &str| record.grades.get(&(w, key.to_string())).map(|l| *l as f64);
    let weight_of = |key: &str| shape.competencies.iter().find(|c| c.key == key).map(|c| c.weight).unwrap_or(1.0);
    let week_scores: Vec<Option<f64>> = shape
        .weeks
        .iter()
        .enumerate()
        .map(|(w, keys)| weighted_mean(keys.iter().filter_map(|k| cell(w, k).map(|l| (l, weight_of(k))))))
        .collect();
    let (competency_means, overall) = summarise(shape, cell);
    let attendance = attendance_rate(&record.marks);
    let finished = !shape.weeks.is_empty() && closed.len() >= shape.weeks.len() && closed.iter().all(|c| *c);

    let mut flags = Vec::new();
    if let Some(rate) = attendance {
        if rate + 1e-9 < shape.attendance_expected {
            flags.push(Flag::Attendance { rate, expected: shape.attendance_expected });
        }
    }
    let graded: Vec<f64> = week_scores.iter().flatten().copied().collect();
    if let [.., a, b, c] = graded[..] {
        if a > b && b > c {
            flags.push(Flag::FallingTrend { scores: [a, b, c] });
        }
    }
    if let Some(overall) = overall {
        if overall + 1e-9 < shape.pass_overall {
            flags.push(Flag::BelowPass { overall, needed: shape.pass_overall });
        }
    }
    for (c, mean) in shape.competencies.iter().zip(&competency_means) {
        if let Some(mean) = mean {
            if mean + 1e-9 < c.pass {
                flags.push(Flag::CompetencyBelowPass { name: c.name.clone(), mean: *mean, needed: c.pass });
            }
        }
    }
    // The best that can still happen: every cell of an open week not yet graded at the top.
    let best = |w: usize, key: &str| match cell(w, key) {
        Some(level) => Some(level),
        None if !closed.get(w).copied().unwrap_or(false) => Some(MAX_LEVEL as f64),
        None => None,
    };
    let (best_means, best_overall) = summarise(shape, best);
    let mut unreachable = None;
    if let Some(best) = best_overall {
        if best + 1e-9 < shape.pass_overall {
            unreachable = Some(Flag::PassUnreachable { best, needed: shape.pass_overall, what: "an average of".into() });
        }
    }
    if unreachable.is_none() {
        for (c, best) in shape.competencies.iter().zip(&best_means) {
            if let Some(best) = best {
                if best + 1e-9 < c.pass {
                    unreachable = Some(Flag::PassUnreachable { best: *best, needed: c.pass, what: c.name.clone() });
                    break;
                }
            }
        }
    }
    let passed = overall.is_some_and(|o| o + 1e-9 >= shape.pass_overall)
        && !flags.iter().any(|f| matches!(f, Flag::CompetencyBelowPass { .. } | Flag::Attendance { .. }));
    let status = if record.left {
        Status::Left
    } else if finished {
        if passed {
            Status::Completed
        } else {
            Status::Failed
        }
    } else if unreachable.is_some() {
        Status::Failing
    } else if !flags.is_empty() {
        Status::AtRisk
    } else {
        Status::OnTrack
    };
    flags.extend(unreachable);
    Progress { week_scores, competency_means, overall, attendance, flags, status }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape() -> Shape {
        let c = |key: &str, weight: f64| CompetencyRule { key: key.into(), name: key.to_uppercase(), weight, pass: 3.0 };
        Shape {
            competencies: vec![c("values", 2.0), c("tools", 1.0), c("calls", 1.0)],
            weeks: vec![
                vec!["values".into()],
                vec!["values".into(), "tools".into()],
                vec!["tools".into()],
                vec!["calls".into()],
            ],
            pass_overall: 3.0,
            attendance_expected: 0.9,
        }
    }

    fn record(cells: &[(usize, &str, u8)]) -> Record {
        Record { grades: cells.iter().map(|(w, k, l)| ((*w, k.to_string()), *l)).collect(), ..Default::default() }
    }

    #[test]
    fn a_new_trainee_is_on_track_with_nothing_to_show() {
        let p = assess(&shape(), &Record::default(), &[false; 4]);
        assert_eq!(p.status, Status::OnTrack);
        assert_eq!(p.overall, None);
        assert_eq!(p.week_scores, vec![None; 4]);
        assert!(p.flags.is_empty());
    }

    #[test]
    fn week_scores_and_the_overall_are_weighted() {
        let r = record(&[(0, "values", 4), (1, "values", 2), (1, "tools", 5)]);
        let p = assess(&shape(), &r, &[true, true, false, false]);
        assert_eq!(p.week_scores[0], Some(4.0));
        // week 2: (2 * 2 + 5 * 1) / 3
        assert_eq!(p.week_scores[1], Some(3.0));
        // values mean 3 (weight 2), tools 5 (weight 1): 11 / 3
        assert!((p.overall.unwrap() - 11.0 / 3.0).abs() < 1e-9);
        assert_eq!(p.competency_means, vec![Some(3.0), Some(5.0), None]);
        assert_eq!(p.status, Status::OnTrack);
    }

    #[test]
    fn attendance_counts_late_as_present_and_leaves_excused_days_out() {
        use Mark::*;
        assert_eq!(attendance_rate(&[]), None);
        assert_eq!(attendance_rate(&[Excused, Excused]), None);
        assert_eq!(attendance_rate(&[Present, Late, Absent, Excused]), Some(2.0 / 3.0));
        let r = Record { marks: vec![Present; 9].into_iter().chain([Absent]).collect(), ..Default::default() };
        // 9 of 10 is exactly the 90% expected: not flagged.
        assert!(assess(&shape(), &r, &[false; 4]).flags.is_empty());
        let r = Record { marks: vec![Present, Present, Absent, Absent], ..Default::default() };
        let p = assess(&shape(), &r, &[false; 4]);
        assert_eq!(p.status, Status::AtRisk);
        assert!(matches!(p.flags[0], Flag::Attendance { .. }));
        assert_eq!(p.flags[0].reason(), "Attendance 50% is below the 90% expected");
    }

    #[test]
    fn a_fall_two_weeks_running_is_flagged_but_one_fall_is_not() {
        let one = record(&[(0, "values", 5), (1, "values", 4), (1, "tools", 4)]);
        assert!(assess(&shape(), &one, &[true, true, false, false]).flags.is_empty());
        let two = record(&[(0, "values", 5), (1, "values", 4), (1, "tools", 4), (2, "tools", 3)]);
        let p = assess(&shape(), &two, &[true, true, true, false]);
        assert_eq!(p.flags, vec![Flag::FallingTrend { scores: [5.0, 4.0, 3.0] }]);
        assert_eq!(p.status, Status::AtRisk);
        // A flat week in between breaks the run.
        let flat = record(&[(0, "values", 5), (1, "values", 5), (1, "tools", 5), (2, "tools", 4)]);
        assert!(assess(&shape(), &flat, &[true, true, true, false]).flags.is_empty());
    }

    #[test]
    fn a_competency_below_its_pass_puts_a_trainee_at_risk() {
        // Values is graded again in week 2, still open: 3 can still be reached.
        let r = record(&[(0, "values", 2), (1, "tools", 5)]);
        let p = assess(&shape(), &r, &[true, false, false, false]);
        assert_eq!(p.status, Status::AtRisk);
        assert_eq!(p.flags, vec![Flag::CompetencyBelowPass { name: "VALUES".into(), mean: 2.0, needed: 3.0 }]);
        assert_eq!(p.flags[0].reason(), "VALUES averages 2.0; 3 is needed");
    }

    #[test]
    fn a_pass_out_of_reach_means_failing() {
        // Values is graded in weeks 1 and 2 only; both closed at 1: its mean can never reach 3.
        let r = record(&[(0, "values", 1), (1, "values", 1), (1, "tools", 5)]);
        let p = assess(&shape(), &r, &[true, true, false, false]);
        assert_eq!(p.status, Status::Failing);
        let last = p.flags.last().unwrap();
        assert!(matches!(last, Flag::PassUnreachable { .. }));
        assert!(last.reason().contains("out of reach"), "{}", last.reason());
        // The same grades while week 2 is still open: values could still be corrected, but an
        // ungraded cell is what counts as open, so only the week-2 values grade being missing helps.
        let r = record(&[(0, "values", 1), (1, "tools", 5)]);
        let p = assess(&shape(), &r, &[true, false, false, false]);
        assert_eq!(p.status, Status::AtRisk, "values could still reach (1 + 5) / 2 = 3");
    }

    #[test]
    fn finished_trainees_completed_or_did_not_pass() {
        let all = [true; 4];
        let good = record(&[(0, "values", 4), (1, "values", 4), (1, "tools", 3), (2, "tools", 4), (3, "calls", 3)]);
        assert_eq!(assess(&shape(), &good, &all).status, Status::Completed);
        let weak = record(&[(0, "values", 3), (1, "values", 3), (1, "tools", 3), (2, "tools", 3), (3, "calls", 2)]);
        assert_eq!(assess(&shape(), &weak, &all).status, Status::Failed);
        // Good grades but poor attendance do not complete the programme.
        let mut absent = good.clone();
        absent.marks = vec![Mark::Present, Mark::Absent];
        assert_eq!(assess(&shape(), &absent, &all).status, Status::Failed);
    }

    #[test]
    fn leaving_overrides_everything_else() {
        let mut r = record(&[(0, "values", 1)]);
        r.left = true;
        assert_eq!(assess(&shape(), &r, &[true, false, false, false]).status, Status::Left);
    }

    #[test]
    fn marks_round_trip_through_their_stored_spelling() {
        for m in Mark::ALL {
            assert_eq!(Mark::parse(m.as_str()), Some(m));
        }
        assert_eq!(Mark::parse("Present"), None);
    }
}
