//! The results pages: the table of a position and the report of one candidate.

pub mod report;
pub mod table;

pub use report::ReportPage;
pub use table::ResultsPage;

pub(crate) fn score_text(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "—".into())
}

/// A gate's score as shown: a number, or why there is none.
pub(crate) fn gate_text(v: Option<f64>, short: bool) -> String {
    if short {
        "not enough answers".into()
    } else {
        score_text(v)
    }
}
