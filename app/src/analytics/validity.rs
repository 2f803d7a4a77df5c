//! Predictive validity: does a screening score predict the final training grade, and staying
//! after the Offer? Pearson's r (point-biserial for staying) with n and a 95% interval.

use super::people::Person;
use super::stats::{self, Correlation};
use serde::{Deserialize, Serialize};

/// Below this many people a correlation is too unstable to act on (the usual rule of thumb).
pub const SMALL_N: usize = 30;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Coefficient {
    pub n: usize,
    pub r: Option<f64>,
    pub ci: Option<(f64, f64)>,
}

impl Coefficient {
    fn of(n: usize, c: Option<Correlation>) -> Coefficient {
        Coefficient { n, r: c.map(|c| c.r), ci: c.and_then(|c| Some((c.ci_low?, c.ci_high?))) }
    }

    pub fn small(&self) -> bool {
        self.n < SMALL_N
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PredictorRow {
    pub predictor: String,
    /// `total`, `section` or `value`.
    pub kind: String,
    pub final_grade: Coefficient,
    pub stayed: Coefficient,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Validity {
    pub rows: Vec<PredictorRow>,
    /// (overall screening total, final training grade) of everyone who has both: the scatter plot.
    pub points: Vec<(f64, f64)>,
}

/// A predictor: its name, kind, and how to read it off a person.
struct Predictor {
    name: String,
    kind: &'static str,
    read: Box<dyn Fn(&Person) -> Option<f64>>,
}

fn predictors(people: &[&Person]) -> Vec<Predictor> {
    let mut out: Vec<Predictor> = vec![
        Predictor { name: "Screening total".into(), kind: "total", read: Box::new(|p| p.scored.as_ref().map(|s| s.total)) },
        Predictor { name: "Culture screening".into(), kind: "total", read: Box::new(|p| p.scored.as_ref().map(|s| s.attitude)) },
        Predictor { name: "Skill screening".into(), kind: "total", read: Box::new(|p| p.scored.as_ref().map(|s| s.skill)) },
    ];
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut values: Vec<(String, String)> = Vec::new();
    for s in people.iter().filter_map(|p| p.scored.as_ref()) {
        for (key, title, _) in &s.sections {
            if !sections.iter().any(|(k, _)| k == key) {
                sections.push((key.clone(), title.clone()));
            }
        }
        for (key, name, _) in &s.values {
            if !values.iter().any(|(k, _)| k == key) {
                values.push((key.clone(), name.clone()));
            }
        }
    }
    for (key, title) in sections {
        out.push(Predictor {
            name: format!("Section: {title}"),
            kind: "section",
            read: Box::new(move |p| p.scored.as_ref()?.sections.iter().find(|(k, _, _)| *k == key).map(|(_, _, v)| *v)),
        });
    }
    for (key, name) in values {
        out.push(Predictor {
            name: format!("Value: {name}"),
            kind: "value",
            read: Box::new(move |p| p.scored.as_ref()?.values.iter().find(|(k, _, _)| *k == key).map(|(_, _, v)| *v)),
        });
    }
    out
}

fn final_grade(p: &Person) -> Option<f64> {
    p.training.as_ref()?.final_grade
}

fn stayed(p: &Person) -> Option<bool> {
    Some(p.training.as_ref()?.offer.as_ref()?.stayed)
}

pub fn validity(people: &[&Person]) -> Validity {
    let rows = predictors(people)
        .into_iter()
        .map(|pred| {
            let (xs, ys): (Vec<f64>, Vec<f64>) = people.iter().filter_map(|p| Some(((pred.read)(p)?, final_grade(p)?))).unzip();
            let (vs, gs): (Vec<f64>, Vec<bool>) = people.iter().filter_map(|p| Some(((pred.read)(p)?, stayed(p)?))).unzip();
            PredictorRow {
                predictor: pred.name,
                kind: pred.kind.to_string(),
                final_grade: Coefficient::of(xs.len(), stats::correlate(&xs, &ys)),
                stayed: Coefficient::of(vs.len(), stats::correlate_binary(&vs, &gs)),
            }
        })
        .collect();
    let points = people.iter().filter_map(|p| Some((p.scored.as_ref()?.total, final_grade(p)?))).collect();
    Validity { rows, points }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::people::{OfferOutcome, Scored, Training};

    fn trainee(total: f64, grade: f64, stayed: bool) -> Person {
        Person {
            scored: Some(Scored {
                total,
                attitude: total,
                skill: 100.0 - total,
                sections: vec![("phone".into(), "Phone".into(), total / 2.0)],
                ..Scored::default()
            }),
            training: Some(Training { final_grade: Some(grade), offer: Some(OfferOutcome { stayed, decided_at: 0 }), ..Training::default() }),
            ..Person::default()
        }
    }

    #[test]
    fn correlations_use_only_people_with_both_figures() {
        // Anscombe's quartet, set I (Anscombe 1973): r = 0.816.
        let x = [10.0, 8.0, 13.0, 9.0, 11.0, 14.0, 6.0, 4.0, 12.0, 7.0, 5.0];
        let y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];
        let mut people: Vec<Person> = x.iter().zip(&y).enumerate().map(|(i, (a, b))| trainee(*a, *b, i % 2 == 0)).collect();
        people.push(Person::default()); // invited only: in neither figure
        let refs: Vec<&Person> = people.iter().collect();
        let v = validity(&refs);
        let total = &v.rows[0];
        assert_eq!(total.predictor, "Screening total");
        assert_eq!(total.final_grade.n, 11);
        assert!((total.final_grade.r.unwrap() - 0.81642).abs() < 1e-4);
        assert!(total.final_grade.small());
        // The skill score is 100 - total: a perfect negative relation with the total.
        assert!((v.rows[2].final_grade.r.unwrap() + 0.81642).abs() < 1e-4);
        // A section is found by key and correlates like the total it halves.
        assert_eq!(v.rows[3].predictor, "Section: Phone");
        assert!((v.rows[3].final_grade.r.unwrap() - 0.81642).abs() < 1e-4);
        assert_eq!(total.stayed.n, 11);
        assert_eq!(v.points.len(), 11);
    }
}
