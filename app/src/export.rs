//! CSV files HR downloads (payouts, the audit log, results, grades): UTF-8 with a header row,
//! quoted where needed, and with values a spreadsheet would run as a formula neutralised.

/// Builds a CSV file row by row.
pub struct Csv {
    out: String,
    columns: usize,
}

impl Csv {
    pub fn new(header: &[&str]) -> Csv {
        let mut csv = Csv { out: String::new(), columns: header.len() };
        csv.row(header);
        csv
    }

    pub fn row(&mut self, fields: &[&str]) {
        debug_assert_eq!(fields.len(), self.columns, "every row has the header's columns");
        let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
        self.out.push_str(&line.join(","));
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// One field: a leading `=`, `+`, `-`, `@`, tab or carriage return would make a spreadsheet
/// evaluate the cell, so it is prefixed with an apostrophe (OWASP's advice for CSV injection);
/// plain numbers stay numbers. Fields with commas, quotes or line breaks are quoted.
pub fn field(raw: &str) -> String {
    let looks_numeric = raw.parse::<f64>().is_ok() && !raw.starts_with(['+', '=', '@']);
    let risky = !looks_numeric && raw.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let value = if risky { format!("'{raw}") } else { raw.to_string() };
    if value.contains([',', '"', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ') {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A file-name-safe form of a name: "October cohort" -> "october-cohort".
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "export".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        assert_eq!(field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(field("+1 555"), "'+1 555");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(field("\tcmd"), "'\tcmd");
        assert_eq!(field("-12.5"), "-12.5");
        assert_eq!(field("4000.00"), "4000.00");
        assert_eq!(field("Ana López"), "Ana López");
    }

    #[test]
    fn fields_with_separators_are_quoted() {
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        let mut csv = Csv::new(&["name", "note"]);
        csv.row(&["Ana", "fine"]);
        assert_eq!(csv.finish(), "name,note\r\nAna,fine\r\n");
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("October cohort"), "october-cohort");
        assert_eq!(slug(" Spring / Las Vegas 2027 "), "spring-las-vegas-2027");
        assert_eq!(slug("!!!"), "export");
    }
}
