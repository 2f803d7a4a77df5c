//! CSV files HR downloads (payouts, the audit log, results, grades): UTF-8 with a header row,
//! written by the `csv` crate, with values a spreadsheet would run as a formula neutralised.
//!
//! Every field that is not a plain number is quoted, so a `;` or a tab inside a name cannot
//! split the cell in a spreadsheet that separates with `;` (common in Europe) or tabs.

/// Builds a CSV file row by row.
#[cfg(feature = "ssr")]
pub struct Csv {
    out: csv::Writer<Vec<u8>>,
    columns: usize,
}

#[cfg(feature = "ssr")]
impl Csv {
    pub fn new(header: &[&str]) -> Csv {
        let out = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::NonNumeric)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let mut csv = Csv { out, columns: header.len() };
        csv.row(header);
        csv
    }

    pub fn row(&mut self, fields: &[&str]) {
        debug_assert_eq!(fields.len(), self.columns, "every row has the header's columns");
        // Writing to memory cannot fail, and every row has the header's length.
        let _ = self.out.write_record(fields.iter().map(|f| neutralise(f).into_owned()));
    }

    pub fn finish(self) -> String {
        let bytes = self.out.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// A leading `=`, `+`, `-`, `@`, tab or carriage return would make a spreadsheet evaluate the
/// cell, so it is prefixed with an apostrophe (OWASP's advice for CSV injection); plain
/// numbers such as `-12.5` stay numbers. The same goes for what follows a `,` `;` or tab inside
/// a field: a spreadsheet that splits on another separator than ours (`;` in much of Europe)
/// would start a cell there.
pub fn neutralise(raw: &str) -> std::borrow::Cow<'_, str> {
    const TRIGGERS: [char; 4] = ['=', '+', '-', '@'];
    let looks_numeric = raw.parse::<f64>().is_ok() && !raw.starts_with(['+', '=', '@']) && !raw.contains(char::is_alphabetic);
    if looks_numeric {
        return raw.into();
    }
    let leading = raw.starts_with(TRIGGERS) || raw.starts_with(['\t', '\r']);
    let inner = raw.as_bytes().windows(2).any(|w| b",;\t".contains(&w[0]) && TRIGGERS.contains(&(w[1] as char)));
    if !leading && !inner {
        return raw.into();
    }
    let mut out = String::with_capacity(raw.len() + 4);
    if leading {
        out.push('\'');
    }
    let mut after_separator = false;
    for c in raw.chars() {
        if after_separator && TRIGGERS.contains(&c) {
            out.push('\'');
        }
        out.push(c);
        after_separator = matches!(c, ',' | ';' | '\t');
    }
    out.into()
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn one(value: &str) -> String {
        let mut csv = Csv::new(&["v"]);
        csv.row(&[value]);
        csv.finish().trim_start_matches("\"v\"\r\n").trim_end_matches("\r\n").to_string()
    }

    /// Reads a file back the way a spreadsheet with this separator would.
    fn cells(file: &str, separator: u8) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(false)
            .flexible(true)
            .from_reader(file.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutralise("+1 555"), "'+1 555");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("\tcmd"), "'\tcmd");
        assert_eq!(neutralise("\rcmd"), "'\rcmd");
        assert_eq!(neutralise("-inf"), "'-inf");
        assert_eq!(neutralise("-12.5"), "-12.5");
        assert_eq!(one("-12.5"), "-12.5");
        assert_eq!(one("4000.00"), "4000.00");
        assert_eq!(one("Ana López"), "\"Ana López\"");
    }

    #[test]
    fn a_separator_inside_a_field_never_starts_a_cell_with_either_separator() {
        let mut csv = Csv::new(&["name", "note"]);
        let tricky = ["Zed;=1+2;@SUM(A1)", "a, b", "say \"hi\"", "two\nlines", "tab\there", "=cmd|' /C calc'!A0"];
        for t in tricky {
            csv.row(&[t, "fine"]);
        }
        let file = csv.finish();
        for separator in [b',', b';'] {
            let rows = cells(&file, separator);
            assert_eq!(rows.len(), tricky.len() + 1, "{}: {file}", separator as char);
            for (row, raw) in rows.iter().skip(1).zip(tricky) {
                // Read with the other separator a row may split, but no cell starts a formula.
                for cell in row {
                    assert!(!cell.starts_with(['=', '+', '-', '@']), "{} splits {raw:?} into {row:?}", separator as char);
                }
            }
            if separator == b',' {
                for (row, raw) in rows.iter().skip(1).zip(tricky) {
                    assert_eq!(row.len(), 2);
                    assert_eq!(row[0], neutralise(raw), "our own separator keeps each field whole");
                }
            }
        }
        // What a `;` would split off is neutralised too.
        assert_eq!(neutralise("Zed;=1+2;@SUM(A1)"), "Zed;'=1+2;'@SUM(A1)");
        assert_eq!(neutralise("a, b; c"), "a, b; c");
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("October cohort"), "october-cohort");
        assert_eq!(slug(" Spring / Las Vegas 2027 "), "spring-las-vegas-2027");
        assert_eq!(slug("!!!"), "export");
    }
}
