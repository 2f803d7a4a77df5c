//! Item and scale statistics per screening version: difficulty, corrected item-total
//! discrimination, option choice shares, and Cronbach's alpha per Likert value scale.

use super::people::Person;
use super::stats;
use crate::scoring::ItemScore;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The usual floor for a scale's reliability.
pub const ALPHA_FLOOR: f64 = 0.70;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemRow {
    pub section: String,
    pub item: String,
    /// The statement or question, filled in from the screening file.
    pub text: String,
    pub kind: String,
    /// Attempts that answered it.
    pub n: usize,
    /// Mean score as a share of the item's maximum (the share correct for right/wrong items);
    /// for Likert items, the mean on 1..5 is in `likert_mean` instead.
    pub difficulty: Option<f64>,
    pub likert_mean: Option<f64>,
    /// Correlation of the item with the rest of its screening (the item itself left out).
    pub discrimination: Option<f64>,
    /// (option key, share of those who answered)
    pub options: Vec<(String, f64)>,
}

impl ItemRow {
    pub fn negative(&self) -> bool {
        self.discrimination.is_some_and(|d| d < 0.0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScaleRow {
    /// The value's key, as the screening file names it.
    pub value: String,
    /// The value's name, filled in from the organisation's values (the key if it has none).
    pub name: String,
    pub items: usize,
    /// Attempts that answered every item of the scale (screenings that draw k of n items leave
    /// fewer complete answers).
    pub complete: usize,
    pub alpha: Option<f64>,
}

impl ScaleRow {
    pub fn low(&self) -> bool {
        self.alpha.is_some_and(|a| a < ALPHA_FLOOR)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionItems {
    pub version_id: String,
    /// "Culture screening, version 2", filled in from the stored version.
    pub label: String,
    pub attempts: usize,
    pub items: Vec<ItemRow>,
    pub scales: Vec<ScaleRow>,
}

/// An item's score on 0..1, so items of every kind can be added up.
fn share(s: &ItemScore) -> Option<f64> {
    let points = s.points?;
    if s.kind == "likert" {
        Some((points - 1.0) / 4.0)
    } else if s.max > 0.0 {
        Some((points / s.max).clamp(0.0, 1.0))
    } else {
        None
    }
}

/// The statistics of one version from the item scores of the attempts that took it.
fn version_items(version_id: &str, attempts: &[Vec<ItemScore>]) -> VersionItems {
    // Items in the order they were first seen (the screening's own order for the first attempt).
    let mut order: Vec<(String, String, String)> = Vec::new();
    for a in attempts {
        for s in a.iter() {
            if !order.iter().any(|(sec, it, _)| *sec == s.section && *it == s.item) {
                order.push((s.section.clone(), s.item.clone(), s.kind.clone()));
            }
        }
    }
    let items = order
        .iter()
        .map(|(section, item, kind)| {
            let mut xs = Vec::new();
            let mut rests = Vec::new();
            let mut points = Vec::new();
            let mut max = 0.0;
            let mut chosen: BTreeMap<String, usize> = BTreeMap::new();
            for a in attempts {
                let Some(me) = a.iter().find(|s| s.section == *section && s.item == *item) else { continue };
                let (Some(x), Some(p)) = (share(me), me.points) else { continue };
                points.push(p);
                max = me.max;
                if let Some(c) = &me.chosen {
                    for key in c.split('+') {
                        *chosen.entry(key.to_string()).or_default() += 1;
                    }
                }
                let others: Vec<f64> = a.iter().filter(|s| !(s.section == *section && s.item == *item)).filter_map(share).collect();
                if let Some(rest) = stats::mean(&others) {
                    xs.push(x);
                    rests.push(rest);
                }
            }
            let n = points.len();
            let likert = kind == "likert";
            ItemRow {
                section: section.clone(),
                item: item.clone(),
                text: String::new(),
                kind: kind.clone(),
                n,
                difficulty: if likert { None } else { stats::difficulty(&points, max) },
                likert_mean: if likert { stats::mean(&points) } else { None },
                discrimination: stats::pearson(&xs, &rests),
                options: chosen.into_iter().map(|(k, c)| (k, c as f64 / n.max(1) as f64)).collect(),
            }
        })
        .collect();

    let mut scales: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for a in attempts {
        for s in a.iter() {
            if let Some(v) = &s.value {
                let list = scales.entry(v.clone()).or_default();
                if !list.iter().any(|(sec, it)| *sec == s.section && *it == s.item) {
                    list.push((s.section.clone(), s.item.clone()));
                }
            }
        }
    }
    let scales = scales
        .into_iter()
        .map(|(value, keys)| {
            let rows: Vec<Vec<f64>> = attempts
                .iter()
                .filter_map(|a| {
                    let by: HashMap<(&str, &str), f64> =
                        a.iter().filter_map(|s| Some(((s.section.as_str(), s.item.as_str()), s.points?))).collect();
                    keys.iter().map(|(sec, it)| by.get(&(sec.as_str(), it.as_str())).copied()).collect::<Option<Vec<f64>>>()
                })
                .collect();
            ScaleRow { name: value.clone(), value, items: keys.len(), complete: rows.len(), alpha: stats::cronbach_alpha(&rows) }
        })
        .collect();
    VersionItems { version_id: version_id.to_string(), label: String::new(), attempts: attempts.len(), items, scales }
}

/// Item statistics for every screening version taken, most attempts first.
pub fn items(people: &[&Person]) -> Vec<VersionItems> {
    let mut by_version: BTreeMap<String, Vec<Vec<ItemScore>>> = BTreeMap::new();
    for s in people.iter().filter_map(|p| p.taken.as_ref()) {
        for (part, version) in s.versions.iter().enumerate() {
            let taken: Vec<ItemScore> = s.items.iter().filter(|i| i.part == part).cloned().collect();
            if !taken.is_empty() {
                by_version.entry(version.clone()).or_default().push(taken);
            }
        }
    }
    let mut out: Vec<VersionItems> = by_version.iter().map(|(v, attempts)| version_items(v, attempts)).collect();
    out.sort_by(|a, b| b.attempts.cmp(&a.attempts).then(a.version_id.cmp(&b.version_id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::people::Taken;

    fn score(item: &str, kind: &str, value: Option<&str>, points: Option<f64>, max: f64, chosen: Option<&str>) -> ItemScore {
        ItemScore {
            part: 0,
            section: "s".into(),
            item: item.into(),
            kind: kind.into(),
            value: value.map(String::from),
            points,
            max,
            chosen: chosen.map(String::from),
        }
    }

    fn person(items: Vec<ItemScore>) -> Person {
        // No `scored`: item statistics do not wait for grading.
        Person { taken: Some(Taken { versions: ["v1".into(), "v2".into()], items }), ..Person::default() }
    }

    #[test]
    fn difficulty_shares_discrimination_and_alpha() {
        // Likert answers (rows: respondents; columns: items l1, l2, l3 keyed to one value), and
        // a choice item q answered right exactly by the people who score high on the scale.
        let likert = [[5.0, 4.0, 5.0], [4.0, 4.0, 4.0], [2.0, 3.0, 2.0], [1.0, 2.0, 1.0], [3.0, 3.0, 4.0], [2.0, 1.0, 2.0]];
        let right = [true, true, false, false, true, false];
        let people: Vec<Person> = likert
            .iter()
            .zip(right)
            .map(|(row, ok)| {
                let mut items: Vec<ItemScore> =
                    row.iter().enumerate().map(|(i, p)| score(&format!("l{}", i + 1), "likert", Some("wow"), Some(*p), 5.0, None)).collect();
                items.push(score("q", "choice", None, Some(if ok { 1.0 } else { 0.0 }), 1.0, Some(if ok { "a" } else { "b" })));
                person(items)
            })
            .collect();
        let refs: Vec<&Person> = people.iter().collect();
        let all = items(&refs);
        assert_eq!(all.len(), 1, "only part 0 was taken");
        let v = &all[0];
        assert_eq!(v.version_id, "v1");
        assert_eq!(v.attempts, 6);
        let q = v.items.iter().find(|i| i.item == "q").unwrap();
        assert_eq!(q.n, 6);
        assert_eq!(q.difficulty, Some(0.5));
        assert_eq!(q.options, vec![("a".to_string(), 0.5), ("b".to_string(), 0.5)]);
        assert!(q.discrimination.unwrap() > 0.8, "{:?}", q.discrimination);
        assert!(!q.negative());
        let l1 = v.items.iter().find(|i| i.item == "l1").unwrap();
        assert!((l1.likert_mean.unwrap() - 17.0 / 6.0).abs() < 1e-12);
        // numpy: k/(k-1) * (1 - sum(var(items, ddof=1)) / var(totals, ddof=1)) for the 6x3 matrix
        // above: item variances 2.166667, 1.366667, 2.4; total variance 15.866667; alpha = 0.9390756302521008
        let wow = &v.scales[0];
        assert_eq!((wow.items, wow.complete), (3, 6));
        assert!((wow.alpha.unwrap() - 0.939_075_630_252_100_8).abs() < 1e-9, "{:?}", wow.alpha);
        assert!(!wow.low());
    }

    #[test]
    fn an_item_that_runs_against_the_rest_is_flagged() {
        let people: Vec<Person> = (0..8)
            .map(|i| {
                let good = i < 4;
                person(vec![
                    score("a", "choice", None, Some(if good { 1.0 } else { 0.0 }), 1.0, None),
                    score("b", "choice", None, Some(if good { 1.0 } else { 0.0 }), 1.0, None),
                    score("trap", "choice", None, Some(if good { 0.0 } else { 1.0 }), 1.0, None),
                    score("skipped", "choice", None, None, 1.0, None),
                ])
            })
            .collect();
        let refs: Vec<&Person> = people.iter().collect();
        let v = &items(&refs)[0];
        assert!(v.items.iter().find(|i| i.item == "trap").unwrap().negative());
        assert!(!v.items.iter().find(|i| i.item == "a").unwrap().negative());
        assert_eq!(v.items.iter().find(|i| i.item == "skipped").unwrap().n, 0);
    }
}
