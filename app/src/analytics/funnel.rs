//! The hiring funnel: from invitation to staying after the Offer, with counts, conversion
//! rates and the median days each stage took.

use super::people::{days, Person};
use super::stats;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub label: String,
    pub count: usize,
    /// Share of the stage this one is measured from (`from`), and of everyone invited.
    pub of_previous: Option<f64>,
    pub of_invited: Option<f64>,
    /// The stage the conversion is measured from.
    pub from: Option<String>,
    /// Median days from the `from` stage to this one, where both have dates.
    pub median_days: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Funnel {
    pub title: String,
    pub stages: Vec<Stage>,
}

/// What each stage asks of a person, and when they reached it.
struct Step {
    label: &'static str,
    /// Index of the stage the conversion is measured from.
    from: Option<usize>,
    reached: fn(&Person) -> bool,
    at: fn(&Person) -> Option<i64>,
}

const STEPS: &[Step] = &[
    Step { label: "Invited", from: None, reached: |_| true, at: |p| Some(p.invited_at) },
    Step { label: "Started", from: Some(0), reached: |p| p.started_at.is_some(), at: |p| p.started_at },
    Step { label: "Submitted", from: Some(1), reached: |p| p.submitted_at.is_some(), at: |p| p.submitted_at },
    Step {
        label: "Passed the culture gate",
        from: Some(2),
        reached: |p| p.scored.as_ref().is_some_and(|s| s.passed_attitude),
        at: |_| None,
    },
    Step {
        label: "Passed the skill gate",
        from: Some(2),
        reached: |p| p.scored.as_ref().is_some_and(|s| s.passed_skill),
        at: |_| None,
    },
    Step { label: "Passed the screening", from: Some(2), reached: |p| p.scored.as_ref().is_some_and(|s| s.passed), at: |_| None },
    Step { label: "Hired", from: Some(5), reached: |p| p.hired_at.is_some(), at: |p| p.hired_at },
    Step { label: "Enrolled in training", from: Some(6), reached: |p| p.training.is_some(), at: |p| p.training.as_ref().map(|t| t.enrolled_at) },
    Step { label: "Completed training", from: Some(7), reached: |p| p.training.as_ref().is_some_and(|t| t.completed), at: |_| None },
    Step {
        label: "Took the Offer",
        from: Some(7),
        reached: |p| p.training.as_ref().and_then(|t| t.offer.as_ref()).is_some_and(|o| !o.stayed),
        at: |p| p.training.as_ref().and_then(|t| t.offer.as_ref()).map(|o| o.decided_at),
    },
    Step {
        label: "Stayed after the Offer",
        from: Some(7),
        reached: |p| p.training.as_ref().and_then(|t| t.offer.as_ref()).is_some_and(|o| o.stayed),
        at: |p| p.training.as_ref().and_then(|t| t.offer.as_ref()).map(|o| o.decided_at),
    },
];

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The funnel of a set of people.
pub fn funnel(title: &str, people: &[&Person]) -> Funnel {
    let counts: Vec<usize> = STEPS.iter().map(|s| people.iter().filter(|p| (s.reached)(p)).count()).collect();
    let stages = STEPS
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let waits: Vec<f64> = step
                .from
                .map(|from| {
                    people
                        .iter()
                        .filter_map(|p| Some(days((STEPS[from].at)(p)?, (step.at)(p)?)))
                        .filter(|d| *d >= 0.0)
                        .collect()
                })
                .unwrap_or_default();
            Stage {
                label: step.label.to_string(),
                count: counts[i],
                of_previous: step.from.and_then(|f| share(counts[i], counts[f])),
                of_invited: share(counts[i], counts[0]),
                from: step.from.map(|f| STEPS[f].label.to_string()),
                median_days: stats::median(&waits),
            }
        })
        .collect();
    Funnel { title: title.to_string(), stages }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::people::{OfferOutcome, Scored, Training, DAY_MS};

    fn person(started: Option<i64>, submitted: Option<i64>, passed: Option<bool>, hired: Option<i64>) -> Person {
        let d = DAY_MS as i64;
        Person {
            invited_at: 0,
            started_at: started.map(|x| x * d),
            submitted_at: submitted.map(|x| x * d),
            scored: passed.map(|p| Scored { passed_attitude: p, passed_skill: true, passed: p, ..Scored::default() }),
            hired_at: hired.map(|x| x * d),
            ..Person::default()
        }
    }

    #[test]
    fn counts_conversions_and_median_days() {
        let mut hired = person(Some(1), Some(2), Some(true), Some(5));
        hired.training =
            Some(Training { enrolled_at: 9 * DAY_MS as i64, completed: true, offer: Some(OfferOutcome { stayed: true, decided_at: 40 * DAY_MS as i64 }), ..Training::default() });
        let people = [
            hired,
            person(Some(3), Some(3), Some(false), None),
            person(Some(2), None, None, None),
            person(None, None, None, None),
        ];
        let refs: Vec<&Person> = people.iter().collect();
        let f = funnel("All", &refs);
        let by = |label: &str| f.stages.iter().find(|s| s.label == label).unwrap().clone();
        assert_eq!(by("Invited").count, 4);
        assert_eq!(by("Started").count, 3);
        assert_eq!(by("Started").of_previous, Some(0.75));
        // Days from invitation to start: 1, 3, 2 -> median 2.
        assert_eq!(by("Started").median_days, Some(2.0));
        assert_eq!(by("Submitted").count, 2);
        assert_eq!(by("Passed the culture gate").count, 1);
        assert_eq!(by("Passed the culture gate").of_previous, Some(0.5));
        assert_eq!(by("Hired").count, 1);
        assert_eq!(by("Stayed after the Offer").count, 1);
        assert_eq!(by("Took the Offer").count, 0);
        assert_eq!(by("Stayed after the Offer").of_invited, Some(0.25));
        assert_eq!(by("Enrolled in training").median_days, Some(4.0));
    }

    #[test]
    fn an_empty_funnel_has_no_rates() {
        let f = funnel("None", &[]);
        assert!(f.stages.iter().all(|s| s.count == 0 && s.of_previous.is_none() && s.median_days.is_none()));
    }
}
