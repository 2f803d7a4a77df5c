//! The voluntary self-identification a candidate may answer after their screening: the
//! questions, their options, and parsing of a submitted form. Every question can be skipped.

pub struct Question {
    /// The form field and the stored column.
    pub key: &'static str,
    pub label: &'static str,
    /// (stored value, shown label)
    pub options: &'static [(&'static str, &'static str)],
}

/// The groups follow the US EEO-1 categories, which the four-fifths rule is usually read with;
/// the age bands split at 40, the line the US Age Discrimination in Employment Act draws.
pub const QUESTIONS: [Question; 3] = [
    Question {
        key: "gender",
        label: "Gender",
        options: &[("woman", "Woman"), ("man", "Man"), ("non-binary", "Non-binary"), ("self-described", "I describe myself another way")],
    },
    Question {
        key: "ethnicity",
        label: "Race or ethnicity",
        options: &[
            ("hispanic", "Hispanic or Latino"),
            ("white", "White"),
            ("black", "Black or African American"),
            ("asian", "Asian"),
            ("pacific", "Native Hawaiian or Other Pacific Islander"),
            ("native", "American Indian or Alaska Native"),
            ("two-or-more", "Two or more races"),
        ],
    },
    Question {
        key: "age_band",
        label: "Age",
        options: &[("under-25", "Under 25"), ("25-39", "25 to 39"), ("40-54", "40 to 54"), ("55-plus", "55 or over")],
    },
];

/// The label of a stored answer.
pub fn label(question: &Question, value: &str) -> String {
    question.options.iter().find(|(v, _)| *v == value).map(|(_, l)| l.to_string()).unwrap_or_else(|| value.to_string())
}

/// A submitted answer: empty means skipped; anything not among the options is refused.
pub fn parse(question: &Question, raw: &str) -> Result<Option<String>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    question
        .options
        .iter()
        .find(|(v, _)| *v == raw)
        .map(|(v, _)| Some(v.to_string()))
        .ok_or_else(|| format!("Choose one of the listed answers for {}, or leave it blank.", question.label.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_one_of_the_options_or_skipped() {
        let gender = &QUESTIONS[0];
        assert_eq!(parse(gender, "woman"), Ok(Some("woman".into())));
        assert_eq!(parse(gender, "  "), Ok(None));
        assert!(parse(gender, "<script>").is_err());
        assert_eq!(label(&QUESTIONS[2], "40-54"), "40 to 54");
    }
}
