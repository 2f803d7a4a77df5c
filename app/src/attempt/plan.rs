//! An attempt's plan, fixed when it starts: which items each section draws (k of n), in what
//! order, and in what order each item's options appear. Built from a seed, so the same attempt
//! always gets the same plan; stored with the attempt, so a later edit to the code or the
//! screening cannot change what a candidate already saw.

use crate::screening::definition::Screening;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub sections: Vec<PlannedSection>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedSection {
    /// 0 for the attitude screening, 1 for the skill screening.
    pub part: usize,
    pub section_key: String,
    pub items: Vec<PlannedItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedItem {
    pub key: String,
    /// Option keys in the order this candidate sees them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// SplitMix64: small, fast and the same on every platform, which is all a shuffle needs here.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// A seed from any text (the attempt id), stable across platforms and releases.
pub fn seed_from(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= b as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

pub fn build(seed: u64, parts: &[&Screening]) -> Plan {
    let mut sections = Vec::new();
    for (part, screening) in parts.iter().enumerate() {
        for section in screening.sections() {
            // Each section has its own stream, so editing one section does not reshuffle another.
            let mut rng = Rng(seed ^ seed_from(&format!("{part}/{}", section.key)));
            let mut chosen: Vec<usize> = (0..section.items.len()).collect();
            rng.shuffle(&mut chosen);
            if let Some(k) = section.draw {
                chosen.truncate(k as usize);
            }
            let items = chosen
                .into_iter()
                .map(|i| {
                    let item = &section.items[i];
                    let mut options = item.option_keys();
                    rng.shuffle(&mut options);
                    PlannedItem { key: item.key().to_string(), options }
                })
                .collect();
            sections.push(PlannedSection { part, section_key: section.key.clone(), items });
        }
    }
    Plan { sections }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screening::definition::Screening;

    fn screening() -> Screening {
        let mut text = String::from("[screening]\nkey = \"s\"\ntitle = \"S\"\nkind = \"attitude\"\n\n[[section]]\nkey = \"pool\"\ntitle = \"Pool\"\ndraw = 5\n");
        for i in 0..12 {
            text.push_str(&format!(
                "\n[[section.item]]\ntype = \"choice\"\nkey = \"q{i}\"\nquestion = \"Q{i}\"\n  [[section.item.option]]\n  key = \"a\"\n  text = \"A\"\n  correct = true\n  [[section.item.option]]\n  key = \"b\"\n  text = \"B\"\n  [[section.item.option]]\n  key = \"c\"\n  text = \"C\"\n  [[section.item.option]]\n  key = \"d\"\n  text = \"D\"\n"
            ));
        }
        Screening::from_toml(&text, None).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_plan() {
        let s = screening();
        assert_eq!(build(42, &[&s]), build(42, &[&s]));
    }

    #[test]
    fn a_section_draws_k_distinct_items_of_n() {
        let s = screening();
        let plan = build(7, &[&s]);
        let keys: Vec<_> = plan.sections[0].items.iter().map(|i| i.key.clone()).collect();
        assert_eq!(keys.len(), 5);
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 5);
    }

    #[test]
    fn candidates_get_different_draws_and_option_orders() {
        let s = screening();
        let plans: Vec<Plan> = (0..20).map(|seed| build(seed_from(&format!("attempt-{seed}")), &[&s])).collect();
        let distinct_draws: std::collections::HashSet<Vec<String>> =
            plans.iter().map(|p| p.sections[0].items.iter().map(|i| i.key.clone()).collect()).collect();
        assert!(distinct_draws.len() > 10, "draws vary between candidates");
        // The correct option ("a") is not always shown first.
        let first_is_a = plans
            .iter()
            .flat_map(|p| p.sections[0].items.iter())
            .filter(|i| i.options[0] == "a")
            .count();
        assert!(first_is_a < 60, "options are shuffled ({first_is_a} of 100 first)");
        for p in &plans {
            for item in &p.sections[0].items {
                let mut o = item.options.clone();
                o.sort();
                assert_eq!(o, vec!["a", "b", "c", "d"]);
            }
        }
    }
}
