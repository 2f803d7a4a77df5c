//! Adverse impact (US Uniform Guidelines, 29 CFR 1607.4(D)): at each selection stage, each
//! self-identified group's selection rate against the highest group's. A ratio under four
//! fifths is flagged; Fisher's exact test says whether the gap could be chance.
//!
//! Only aggregates leave this module. Groups with fewer than `MIN_GROUP` people are not shown,
//! so that a narrow filter cannot reveal one person's answers.

use super::identity::{self, QUESTIONS};
use super::people::{Group, Person};
use super::stats;
use serde::{Deserialize, Serialize};

/// Smaller groups are suppressed (counted as "not shown"), never displayed.
pub const MIN_GROUP: usize = 5;
/// Below this many people in a group the rate is flagged as a small sample.
pub const SMALL_GROUP: usize = 30;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    pub group: String,
    pub total: usize,
    pub selected: usize,
    pub rate: f64,
    /// Rate over the highest group's rate.
    pub ratio: Option<f64>,
    pub below_four_fifths: bool,
    /// Two-sided Fisher's exact test against the highest group (none for that group itself).
    pub p_value: Option<f64>,
    pub small: bool,
    pub highest: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageTable {
    pub stage: String,
    /// Who the rate is measured among.
    pub among: String,
    pub rows: Vec<GroupRow>,
    /// People in groups too small to show, and people who did not answer the question.
    pub suppressed: usize,
    pub unanswered: usize,
    /// A count nobody wants (signals): the reference group is the lowest rate.
    #[serde(default)]
    pub higher_is_worse: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    pub question: String,
    pub stages: Vec<StageTable>,
}

struct Selection {
    stage: &'static str,
    among: &'static str,
    /// `None` when the person is not in this stage's pool; otherwise whether they were selected.
    outcome: fn(&Person) -> Option<bool>,
    /// For a count nobody wants (integrity signals): groups are compared with the lowest rate,
    /// and the four-fifths rule, which is about being selected, does not apply.
    higher_is_worse: bool,
}

const SELECTIONS: &[Selection] = &[
    Selection {
        stage: "Passed the culture gate",
        among: "candidates with a complete result",
        outcome: |p| p.scored.as_ref().map(|s| s.passed_attitude),
        higher_is_worse: false,
    },
    Selection {
        stage: "Passed the skill gate",
        among: "candidates with a complete result",
        outcome: |p| p.scored.as_ref().map(|s| s.passed_skill),
        higher_is_worse: false,
    },
    Selection {
        stage: "Hired",
        among: "candidates with a complete result",
        outcome: |p| p.scored.as_ref().map(|_| p.hired_at.is_some()),
        higher_is_worse: false,
    },
    Selection {
        stage: "Completed training",
        among: "trainees whose training has ended",
        outcome: |p| {
            let t = p.training.as_ref()?;
            (t.final_grade.is_some() || t.left || t.completed).then_some(t.completed)
        },
        higher_is_worse: false,
    },
    Selection {
        stage: "Had integrity signals",
        among: "candidates who started the screening (paste attempts, time away from the page, more than one device, typing not followed as typed)",
        outcome: |p| p.signals,
        higher_is_worse: true,
    },
];

fn answer<'a>(group: &'a Group, key: &str) -> Option<&'a str> {
    match key {
        "gender" => group.gender.as_deref(),
        "ethnicity" => group.ethnicity.as_deref(),
        "age_band" => group.age_band.as_deref(),
        _ => None,
    }
}

fn stage_table(question: &identity::Question, sel: &Selection, people: &[&Person]) -> StageTable {
    let mut unanswered = 0;
    let mut counts: Vec<(usize, usize)> = vec![(0, 0); question.options.len()];
    for p in people {
        let Some(selected) = (sel.outcome)(p) else { continue };
        let Some(i) = answer(&p.group, question.key).and_then(|a| question.options.iter().position(|(v, _)| *v == a)) else {
            unanswered += 1;
            continue;
        };
        counts[i].0 += 1;
        counts[i].1 += usize::from(selected);
    }
    let suppressed = counts.iter().filter(|(n, _)| *n > 0 && *n < MIN_GROUP).map(|(n, _)| n).sum();
    let shown: Vec<(usize, usize, usize)> = counts.iter().enumerate().filter(|(_, (n, _))| *n >= MIN_GROUP).map(|(i, (n, s))| (i, *n, *s)).collect();
    let rate = |n: usize, s: usize| stats::selection_rate(s as u64, n as u64).unwrap_or(0.0);
    // The reference group: the highest rate (the lowest, for signals), compared exactly by
    // counts; among equal rates the larger group.
    let compare = |a: &(usize, usize, usize), b: &(usize, usize, usize)| {
        let (an, as_, bn, bs) = (a.1 as u64, a.2 as u64, b.1 as u64, b.2 as u64);
        let order = if stats::rate_below(as_, an, bs, bn) {
            std::cmp::Ordering::Less
        } else if stats::rate_below(bs, bn, as_, an) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        };
        order.then(b.1.cmp(&a.1))
    };
    let highest = if sel.higher_is_worse { shown.iter().min_by(|a, b| compare(a, b)).copied() } else { shown.iter().max_by(|a, b| compare(a, b)).copied() };
    let rows = shown
        .iter()
        .map(|&(i, n, s)| {
            let is_highest = highest.is_some_and(|h| h.0 == i);
            let (top_n, top_s) = highest.map(|h| (h.1, h.2)).unwrap_or((0, 0));
            let ratio = if sel.higher_is_worse { None } else { stats::impact_ratio(rate(n, s), rate(top_n, top_s)) };
            GroupRow {
                group: question.options[i].1.to_string(),
                total: n,
                selected: s,
                rate: rate(n, s),
                ratio,
                below_four_fifths: !sel.higher_is_worse && stats::below_four_fifths(s as u64, n as u64, top_s as u64, top_n as u64),
                p_value: (!is_highest).then(|| stats::fisher_exact(s as u64, (n - s) as u64, top_s as u64, (top_n - top_s) as u64)),
                small: n < SMALL_GROUP,
                highest: is_highest,
            }
        })
        .collect();
    StageTable { stage: sel.stage.to_string(), among: sel.among.to_string(), rows, suppressed, unanswered, higher_is_worse: sel.higher_is_worse }
}

/// How many people each group has in each stage's pool, for every question, in a fixed order.
fn pools(people: &[&Person]) -> Vec<usize> {
    let mut out = Vec::new();
    for q in QUESTIONS {
        for sel in SELECTIONS {
            let mut counts = vec![0usize; q.options.len()];
            for p in people {
                if (sel.outcome)(p).is_none() {
                    continue;
                }
                if let Some(i) = answer(&p.group, q.key).and_then(|a| q.options.iter().position(|(v, _)| *v == a)) {
                    counts[i] += 1;
                }
            }
            out.extend(counts);
        }
    }
    out
}

/// Whether a filtered view's group figures could be subtracted from the whole organisation's
/// to single someone out: some group, in some stage, has between 1 and `MIN_GROUP - 1` people
/// outside the view. Such a view shows no group figures at all (hiding only the group
/// concerned would itself say which group the people outside belong to).
pub fn differs_by_a_few(view: &[&Person], everyone: &[&Person]) -> bool {
    pools(everyone).iter().zip(pools(view)).any(|(all, shown)| (1..MIN_GROUP).contains(&all.saturating_sub(shown)))
}

pub fn impact(people: &[&Person]) -> Vec<Dimension> {
    QUESTIONS
        .iter()
        .map(|q| Dimension { question: q.label.to_string(), stages: SELECTIONS.iter().map(|sel| stage_table(q, sel, people)).collect() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::people::Scored;

    fn candidate(gender: Option<&str>, passed: bool, hired: bool) -> Person {
        Person {
            scored: Some(Scored { passed_attitude: passed, passed_skill: true, passed, ..Scored::default() }),
            hired_at: hired.then_some(1),
            group: Group { gender: gender.map(String::from), ..Group::default() },
            ..Person::default()
        }
    }

    #[test]
    fn a_view_missing_a_few_people_of_a_group_is_one_that_could_be_subtracted() {
        let everyone: Vec<Person> = (0..12).map(|i| candidate(Some(if i % 2 == 0 { "woman" } else { "man" }), i % 3 == 0, false)).collect();
        let all: Vec<&Person> = everyone.iter().collect();
        assert!(!differs_by_a_few(&all, &all));
        // One woman left out: the view differs by one.
        let but_one: Vec<&Person> = everyone.iter().skip(1).collect();
        assert!(differs_by_a_few(&but_one, &all));
        // Five women left out is a group, not a person.
        let women_out: Vec<&Person> = everyone.iter().filter(|p| p.group.gender.as_deref() == Some("man")).chain(everyone.iter().filter(|p| p.group.gender.as_deref() == Some("woman")).take(1)).collect();
        assert!(!differs_by_a_few(&women_out, &all));
    }

    #[test]
    fn ratios_flags_suppression_and_fisher() {
        let mut people = Vec::new();
        // Women: 40 of 50 pass the culture gate; men: 20 of 50; 3 non-binary people (suppressed);
        // 4 skipped the question.
        people.extend((0..50).map(|i| candidate(Some("woman"), i < 40, i < 10)));
        people.extend((0..50).map(|i| candidate(Some("man"), i < 20, i < 10)));
        people.extend((0..3).map(|_| candidate(Some("non-binary"), true, false)));
        people.extend((0..4).map(|_| candidate(None, true, false)));
        let refs: Vec<&Person> = people.iter().collect();
        let dims = impact(&refs);
        let gender = &dims[0];
        assert_eq!(gender.question, "Gender");
        let culture = &gender.stages[0];
        assert_eq!(culture.suppressed, 3);
        assert_eq!(culture.unanswered, 4);
        assert_eq!(culture.rows.len(), 2);
        let women = culture.rows.iter().find(|r| r.group == "Woman").unwrap();
        let men = culture.rows.iter().find(|r| r.group == "Man").unwrap();
        assert!(women.highest && women.p_value.is_none());
        assert_eq!(men.ratio, Some(0.5));
        assert!(men.below_four_fifths);
        // scipy 1.x: stats.fisher_exact([[20, 30], [40, 10]]).pvalue -> 8.30865870623915e-05 (two-sided)
        assert!((men.p_value.unwrap() - 8.308_658_706_239_15e-5).abs() < 1e-12, "{:?}", men.p_value);
        // Equal hiring rates: ratio 1, no flag.
        let hired = &gender.stages[2];
        assert!(hired.rows.iter().all(|r| !r.below_four_fifths && (r.ratio.unwrap() - 1.0).abs() < 1e-12));
    }

    #[test]
    fn exactly_four_fifths_is_not_flagged() {
        // Women 15 of 20 (75%), men 12 of 20 (60%): a ratio of exactly 0.8, which the rule
        // ("less than four fifths") does not flag, although 0.6 / 0.75 < 0.8 in floating point.
        let mut people: Vec<Person> = (0..20).map(|i| candidate(Some("woman"), i < 15, false)).collect();
        people.extend((0..20).map(|i| candidate(Some("man"), i < 12, false)));
        let refs: Vec<&Person> = people.iter().collect();
        let culture = &impact(&refs)[0].stages[0];
        let men = culture.rows.iter().find(|r| r.group == "Man").unwrap();
        assert!(!men.below_four_fifths, "{men:?}");
        // One fewer man passing (11 of 20) is below.
        people[31] = candidate(Some("man"), false, false);
        let refs: Vec<&Person> = people.iter().collect();
        let culture = &impact(&refs)[0].stages[0];
        assert!(culture.rows.iter().find(|r| r.group == "Man").unwrap().below_four_fifths);
    }
}
