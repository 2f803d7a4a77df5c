//! The screening file: a readable TOML document, one per screening, that HR edits, exports,
//! imports and keeps under version control. It holds the answer key (option scores, correct
//! options, reverse keys, rubrics), so it lives on the server only; candidates see `attempt` views.
//!
//! `Screening::parse` is the only way to a usable screening: it checks the file against the
//! organisation's values and reports every problem with where it is.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindName {
    Attitude,
    Skill,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreeningFile {
    pub screening: Meta,
    #[serde(rename = "section", default)]
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub key: String,
    pub title: String,
    pub kind: KindName,
    #[serde(default)]
    pub intro: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub instructions: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draw: Option<u32>,
    /// How much the section counts in its screening's score (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<u32>,
    #[serde(rename = "item", default)]
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Item {
    Likert(Likert),
    Judgement(Judgement),
    Choice(Choice),
    Typing(Typing),
    Written(Written),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Likert {
    pub key: String,
    pub statement: String,
    /// The organisation value (or trait) the statement measures.
    pub value: String,
    #[serde(default)]
    pub reverse: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub scenario: String,
    pub question: String,
    #[serde(rename = "option", default)]
    pub options: Vec<ScoredOption>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoredOption {
    pub key: String,
    pub text: String,
    pub score: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    pub question: String,
    #[serde(default)]
    pub multiple: bool,
    #[serde(rename = "option", default)]
    pub options: Vec<ChoiceOption>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub key: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub correct: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Typing {
    pub key: String,
    #[serde(default = "typing_title")]
    pub title: String,
    pub passage: String,
    pub duration_seconds: u32,
    /// Net words per minute that earn the full typing score (default 40).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_wpm: Option<u32>,
}

fn typing_title() -> String {
    "Typing".into()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Written {
    pub key: String,
    pub channel: Channel,
    pub customer_message: String,
    #[serde(default)]
    pub instructions: String,
    #[serde(default = "default_max_words")]
    pub max_words: u32,
    #[serde(rename = "criterion", default)]
    pub rubric: Vec<Criterion>,
}

fn default_max_words() -> u32 {
    300
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Chat,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub key: String,
    pub name: String,
    #[serde(default = "one")]
    pub weight: u32,
    /// Descriptors for levels 1..n, lowest first.
    pub levels: Vec<String>,
}

fn one() -> u32 {
    1
}

impl Item {
    pub fn key(&self) -> &str {
        match self {
            Item::Likert(i) => &i.key,
            Item::Judgement(i) => &i.key,
            Item::Choice(i) => &i.key,
            Item::Typing(i) => &i.key,
            Item::Written(i) => &i.key,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Item::Likert(_) => "likert",
            Item::Judgement(_) => "judgement",
            Item::Choice(_) => "choice",
            Item::Typing(_) => "typing",
            Item::Written(_) => "written",
        }
    }

    /// The keys of the options a candidate picks from, in authored order (empty for other types).
    pub fn option_keys(&self) -> Vec<String> {
        match self {
            Item::Judgement(i) => i.options.iter().map(|o| o.key.clone()).collect(),
            Item::Choice(i) => i.options.iter().map(|o| o.key.clone()).collect(),
            _ => Vec::new(),
        }
    }
}

/// One thing wrong with a screening file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub at: String,
    pub message: String,
}

/// Reads a readable file into its structure; a syntax error is reported with its line.
pub(crate) fn read_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Vec<Problem>> {
    toml::from_str(text).map_err(|e| {
        let at = match e.span() {
            Some(span) => {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                format!("line {line}")
            }
            None => "file".into(),
        };
        vec![Problem { at, message: e.message().to_string() }]
    })
}

/// A screening file that has passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct Screening {
    file: ScreeningFile,
}

const MAX_TEXT: usize = 5_000;
const MAX_ITEMS: usize = 500;

/// Keys in readable files: lowercase letters, digits and hyphens, up to 60.
pub(crate) fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 60
        && k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !k.starts_with('-')
}

impl Screening {
    /// Reads a screening file. `values` are the organisation's value keys, which Likert and
    /// judgement items must be keyed to; `None` skips that check, for versions already stored
    /// (a value renamed later must not make a taken screening unreadable).
    pub fn from_toml(text: &str, values: Option<&[String]>) -> Result<Screening, Vec<Problem>> {
        Screening::parse(read_toml(text)?, values)
    }

    pub fn parse(file: ScreeningFile, values: Option<&[String]>) -> Result<Screening, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut say = |at: String, message: &str| problems.push(Problem { at, message: message.to_string() });
        let meta = &file.screening;
        if !valid_key(&meta.key) {
            say("screening.key".into(), "Use lowercase letters, digits and hyphens (up to 60).");
        }
        if meta.title.trim().is_empty() || meta.title.len() > 200 {
            say("screening.title".into(), "Give the screening a title (up to 200 characters).");
        }
        if meta.intro.len() > MAX_TEXT {
            say("screening.intro".into(), "The introduction is too long.");
        }
        if file.sections.is_empty() {
            say("screening".into(), "A screening needs at least one [[section]].");
        }
        let mut section_keys = HashSet::new();
        let mut item_keys = HashSet::new();
        let total_items: usize = file.sections.iter().map(|s| s.items.len()).sum();
        if total_items > MAX_ITEMS {
            say("screening".into(), "A screening can hold at most 500 items.");
        }
        for section in &file.sections {
            let at = format!("section '{}'", section.key);
            if !valid_key(&section.key) {
                say(at.clone(), "Its key must use lowercase letters, digits and hyphens.");
            }
            if !section_keys.insert(section.key.clone()) {
                say(at.clone(), "Two sections have this key.");
            }
            if section.title.trim().is_empty() {
                say(at.clone(), "Give the section a title.");
            }
            if section.instructions.len() > MAX_TEXT {
                say(at.clone(), "The instructions are too long.");
            }
            if section.items.is_empty() {
                say(at.clone(), "A section needs at least one [[section.item]].");
            }
            if let Some(limit) = section.time_limit_minutes {
                if !(1..=180).contains(&limit) {
                    say(at.clone(), "time_limit_minutes must be between 1 and 180.");
                }
            }
            if let Some(draw) = section.draw {
                if draw == 0 || draw as usize > section.items.len() {
                    say(at.clone(), "draw must be at least 1 and at most the number of items in the section.");
                }
            }
            if let Some(w) = section.weight {
                if !(1..=10).contains(&w) {
                    say(at.clone(), "weight must be between 1 and 10.");
                }
            }
            let has_typing = section.items.iter().any(|i| matches!(i, Item::Typing(_)));
            if has_typing && section.items.len() > 1 {
                say(at.clone(), "A typing item must be alone in its section.");
            }
            for item in &section.items {
                let at = format!("{at} › item '{}'", item.key());
                if !valid_key(item.key()) {
                    say(at.clone(), "Its key must use lowercase letters, digits and hyphens.");
                }
                if !item_keys.insert(item.key().to_string()) {
                    say(at.clone(), "Two items have this key; keys must be unique in the file.");
                }
                check_item(item, values, &at, &mut say);
            }
        }
        if problems.is_empty() {
            Ok(Screening { file })
        } else {
            Err(problems)
        }
    }

    pub fn file(&self) -> &ScreeningFile {
        &self.file
    }

    pub fn key(&self) -> &str {
        &self.file.screening.key
    }

    pub fn title(&self) -> &str {
        &self.file.screening.title
    }

    pub fn kind(&self) -> KindName {
        self.file.screening.kind
    }

    pub fn sections(&self) -> &[Section] {
        &self.file.sections
    }

    pub fn section(&self, key: &str) -> Option<&Section> {
        self.file.sections.iter().find(|s| s.key == key)
    }

    /// The file as TOML, for export (round-trips through `from_toml`).
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(&self.file).unwrap_or_default()
    }

    /// Minutes of timed sections, for telling candidates how long it takes.
    pub fn timed_minutes(&self) -> u32 {
        self.file.sections.iter().filter_map(|s| s.time_limit_minutes).sum()
    }
}

fn check_item(item: &Item, values: Option<&[String]>, at: &str, say: &mut impl FnMut(String, &str)) {
    let text_ok = |t: &str| !t.trim().is_empty() && t.len() <= MAX_TEXT;
    let known_value = |v: &str| values.map_or(true, |values| values.iter().any(|k| k == v));
    match item {
        Item::Likert(i) => {
            if !text_ok(&i.statement) {
                say(at.into(), "Write the statement (up to 5,000 characters).");
            }
            if !known_value(&i.value) {
                say(at.into(), &format!("value '{}' is not one of the organisation's values.", i.value));
            }
        }
        Item::Judgement(i) => {
            if !text_ok(&i.scenario) || !text_ok(&i.question) {
                say(at.into(), "Write both the scenario and the question.");
            }
            if let Some(v) = &i.value {
                if !known_value(v) {
                    say(at.into(), &format!("value '{v}' is not one of the organisation's values."));
                }
            }
            check_options(i.options.iter().map(|o| (o.key.as_str(), o.text.as_str())), at, say);
            let best = i.options.iter().map(|o| o.score).max().unwrap_or(0);
            if best <= 0 {
                say(at.into(), "At least one option needs a positive score.");
            }
            if i.options.iter().any(|o| !(-5..=5).contains(&o.score)) {
                say(at.into(), "Option scores must be between -5 and 5.");
            }
        }
        Item::Choice(i) => {
            if !text_ok(&i.question) {
                say(at.into(), "Write the question.");
            }
            check_options(i.options.iter().map(|o| (o.key.as_str(), o.text.as_str())), at, say);
            let correct = i.options.iter().filter(|o| o.correct).count();
            if correct == 0 {
                say(at.into(), "Mark at least one option correct = true.");
            }
            if !i.multiple && correct > 1 {
                say(at.into(), "Only one option can be correct unless multiple = true.");
            }
        }
        Item::Typing(i) => {
            let len = i.passage.chars().count();
            if !(50..=3_000).contains(&len) {
                say(at.into(), "The passage must be 50 to 3,000 characters long.");
            }
            if !(30..=600).contains(&i.duration_seconds) {
                say(at.into(), "duration_seconds must be between 30 and 600.");
            }
            if let Some(t) = i.target_wpm {
                if !(10..=150).contains(&t) {
                    say(at.into(), "target_wpm must be between 10 and 150.");
                }
            }
        }
        Item::Written(i) => {
            if !text_ok(&i.customer_message) {
                say(at.into(), "Write the customer's message.");
            }
            if !(20..=2_000).contains(&i.max_words) {
                say(at.into(), "max_words must be between 20 and 2,000.");
            }
            if i.rubric.is_empty() {
                say(at.into(), "A written item needs a rubric: at least one [[section.item.criterion]].");
            }
            let mut keys = HashSet::new();
            for c in &i.rubric {
                if !valid_key(&c.key) || !keys.insert(c.key.as_str()) {
                    say(at.into(), &format!("Criterion key '{}' is missing, malformed or repeated.", c.key));
                }
                if c.name.trim().is_empty() {
                    say(at.into(), "Every criterion needs a name.");
                }
                if !(1..=5).contains(&c.weight) {
                    say(at.into(), "Criterion weights must be between 1 and 5.");
                }
                if !(2..=7).contains(&c.levels.len()) || c.levels.iter().any(|l| l.trim().is_empty()) {
                    say(at.into(), &format!("Criterion '{}' needs 2 to 7 level descriptors.", c.key));
                }
            }
        }
    }
}

fn check_options<'a>(options: impl Iterator<Item = (&'a str, &'a str)>, at: &str, say: &mut impl FnMut(String, &str)) {
    let mut keys = HashSet::new();
    let mut n = 0;
    for (key, text) in options {
        n += 1;
        if !valid_key(key) || !keys.insert(key) {
            say(at.into(), &format!("Option key '{key}' is missing, malformed or repeated."));
        }
        if text.trim().is_empty() {
            say(at.into(), "Every option needs text.");
        }
    }
    if !(2..=8).contains(&n) {
        say(at.into(), "Give 2 to 8 options.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Vec<String> {
        ["wow", "honest"].iter().map(|s| s.to_string()).collect()
    }

    const SMALL: &str = r#"
[screening]
key = "mini"
title = "Mini"
kind = "attitude"
intro = "Hello"

[[section]]
key = "one"
title = "One"
time_limit_minutes = 5
draw = 1

[[section.item]]
type = "likert"
key = "l1"
statement = "I like helping."
value = "wow"

[[section.item]]
type = "likert"
key = "l2"
statement = "Rules first."
value = "honest"
reverse = true

[[section]]
key = "two"
title = "Two"

[[section.item]]
type = "judgement"
key = "j1"
scenario = "A customer calls."
question = "What do you do?"
  [[section.item.option]]
  key = "a"
  text = "Help"
  score = 2
  [[section.item.option]]
  key = "b"
  text = "Hang up"
  score = -1

[[section.item]]
type = "choice"
key = "c1"
question = "Pick"
multiple = true
  [[section.item.option]]
  key = "a"
  text = "Yes"
  correct = true
  [[section.item.option]]
  key = "b"
  text = "Also yes"
  correct = true
  [[section.item.option]]
  key = "c"
  text = "No"

[[section.item]]
type = "written"
key = "w1"
channel = "email"
customer_message = "My boots broke."
  [[section.item.criterion]]
  key = "empathy"
  name = "Empathy"
  weight = 2
  levels = ["None", "Some", "Warm"]
"#;

    #[test]
    fn a_valid_file_parses_and_round_trips() {
        let s = Screening::from_toml(SMALL, Some(&values())).expect("valid");
        assert_eq!(s.sections().len(), 2);
        assert_eq!(s.timed_minutes(), 5);
        let again = Screening::from_toml(&s.to_toml(), Some(&values())).expect("export parses");
        assert_eq!(s, again);
    }

    #[test]
    fn syntax_errors_say_which_line() {
        let err = Screening::from_toml("[screening]\nkey = \"x\"\ntitle = ", Some(&values())).unwrap_err();
        assert!(err[0].at.starts_with("line 3"), "{err:?}");
    }

    #[test]
    fn unknown_fields_are_refused() {
        let text = SMALL.replace("reverse = true", "reverse = true\nweight = 3");
        let err = Screening::from_toml(&text, Some(&values())).unwrap_err();
        assert!(err[0].message.contains("unknown field"), "{err:?}");
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let text = SMALL
            .replace("value = \"honest\"", "value = \"kindness\"")
            .replace("draw = 1", "draw = 9")
            .replace("  score = 2", "  score = 0")
            .replace("key = \"l2\"", "key = \"l1\"");
        let err = Screening::from_toml(&text, Some(&values())).unwrap_err();
        let all = format!("{err:?}");
        assert!(all.contains("'kindness' is not one of the organisation's values"), "{all}");
        assert!(all.contains("draw must be"), "{all}");
        assert!(all.contains("positive score"), "{all}");
        assert!(all.contains("Two items have this key"), "{all}");
        assert!(err.iter().any(|p| p.at == "section 'one' › item 'l1'"), "{all}");
    }

    #[test]
    fn single_answer_questions_have_one_correct_option() {
        let text = SMALL.replace("multiple = true", "multiple = false");
        let err = Screening::from_toml(&text, Some(&values())).unwrap_err();
        assert!(format!("{err:?}").contains("Only one option can be correct"));
    }
}
