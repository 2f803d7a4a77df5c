//! The ranked table of a position: every submitted attempt with its gate outcome, filtered,
//! sorted and paged in memory. The gate outcome comes from `scoring::rules::gates`, the same
//! rule that scores a report and the analytics, so the table cannot drift from them.

use super::types::{Decision, GateFilter, ResultRow, ResultsQuery, RuleView, SortBy, StatusFilter};
use crate::scoring::rules::{self, GateRule};
use std::cmp::Ordering;

/// One submitted attempt as stored, before the position's rule is applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stored {
    pub invitation_id: String,
    pub name: String,
    /// When the attempt closed (ms), and as shown.
    pub closed_at: i64,
    pub closed: String,
    pub state: crate::positions::CandidateState,
    /// Whether it has a result, and nothing waits for a grader.
    pub complete: bool,
    pub attitude: Option<f64>,
    pub skill: Option<f64>,
    pub attitude_short: bool,
    pub skill_short: bool,
    pub override_attitude: bool,
    pub override_skill: bool,
    pub decision: Option<Decision>,
}

/// The row with the rule applied.
pub fn apply(rule: GateRule, s: &Stored) -> ResultRow {
    let g = rules::gates(rule, s.attitude, s.skill, s.override_attitude, s.override_skill);
    ResultRow {
        invitation_id: s.invitation_id.clone(),
        name: s.name.clone(),
        complete: s.complete,
        state: s.state,
        attitude: s.attitude,
        skill: s.skill,
        attitude_short: s.attitude_short,
        skill_short: s.skill_short,
        total: g.total,
        attitude_passed: g.attitude_passed,
        skill_passed: g.skill_passed,
        percentile: None,
        decision: s.decision,
        closed: s.closed.clone(),
    }
}

/// The scoring rule a position's settings describe.
pub fn gate_rule(rule: &RuleView) -> GateRule {
    if rule.both_gates {
        GateRule::BothGates { attitude_pass: rule.attitude_pass, skill_pass: rule.skill_pass }
    } else {
        GateRule::Weighted { attitude_weight: rule.attitude_weight, skill_weight: rule.skill_weight, total_pass: rule.total_pass }
    }
}

/// Every complete total, ascending, for percentiles.
pub fn totals(rows: &[ResultRow]) -> Vec<f64> {
    let mut totals: Vec<f64> = rows.iter().filter(|r| r.complete).filter_map(|r| r.total).collect();
    totals.sort_by(f64::total_cmp);
    totals
}

fn keep(q: &ResultsQuery, r: &ResultRow) -> bool {
    let status = match q.status {
        StatusFilter::Complete => r.complete,
        StatusFilter::Grading => !r.complete,
        StatusFilter::All => true,
    };
    let both = r.attitude_passed && r.skill_passed;
    let gates = match q.gates {
        GateFilter::Passed => r.complete && both,
        GateFilter::Failed => r.complete && !both,
        GateFilter::FailedAttitude => r.complete && !r.attitude_passed,
        GateFilter::FailedSkill => r.complete && !r.skill_passed,
        GateFilter::All => true,
    };
    status && gates && q.decision.keeps(r.decision)
}

/// Missing scores sort last in either direction.
fn by_score(a: Option<f64>, b: Option<f64>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => {
            let o = x.total_cmp(&y);
            if descending {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The rows `q` asks for, `limit` from `offset`, with percentiles among every complete total
/// of the position, and how many match in all.
pub fn rank(rule: GateRule, stored: &[Stored], q: &ResultsQuery, limit: usize, offset: usize) -> (Vec<ResultRow>, usize) {
    let all: Vec<(ResultRow, i64)> = stored.iter().map(|s| (apply(rule, s), s.closed_at)).collect();
    let totals = totals(&all.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>());
    let mut rows: Vec<(ResultRow, i64)> = all.into_iter().filter(|(r, _)| keep(q, r)).collect();
    let descending = q.sort.descending(q.dir);
    let ordered = |o: Ordering| if descending { o.reverse() } else { o };
    rows.sort_by(|(a, a_closed), (b, b_closed)| {
        let first = match q.sort {
            SortBy::Name => ordered(a.name.to_lowercase().cmp(&b.name.to_lowercase())),
            SortBy::Attitude => by_score(a.attitude, b.attitude, descending),
            SortBy::Skill => by_score(a.skill, b.skill, descending),
            SortBy::Submitted => ordered(a_closed.cmp(b_closed)),
            SortBy::Total => by_score(a.total, b.total, descending),
        };
        first
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then_with(|| a.invitation_id.cmp(&b.invitation_id))
    });
    let matching = rows.len();
    let page = rows
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|(mut r, _)| {
            r.percentile = r.total.filter(|_| r.complete).map(|t| rules::percentile(&totals, t));
            r
        })
        .collect();
    (page, matching)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::types::{DecisionFilter, Order};

    fn stored(name: &str, attitude: Option<f64>, skill: Option<f64>) -> Stored {
        Stored {
            invitation_id: name.to_lowercase(),
            name: name.into(),
            complete: true,
            attitude,
            skill,
            attitude_short: attitude.is_none(),
            skill_short: skill.is_none(),
            ..Stored::default()
        }
    }

    fn q(sort: &str, dir: &str, gates: &str) -> ResultsQuery {
        ResultsQuery { sort: SortBy::parse(sort), dir: Order::parse(dir), gates: GateFilter::parse(gates), ..ResultsQuery::default() }
    }

    fn names(rows: &[ResultRow]) -> Vec<&str> {
        rows.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn both_gates_rank_and_filter_by_the_one_rule() {
        let rule = GateRule::BothGates { attitude_pass: 60.0, skill_pass: 50.0 };
        let people = [
            stored("Ana", Some(90.0), Some(40.0)),
            stored("Bo", Some(40.0), Some(100.0)),
            stored("Cy", Some(60.0), Some(50.0)),
            stored("Di", None, Some(80.0)),
        ];
        let (rows, n) = rank(rule, &people, &q("", "", ""), 50, 0);
        assert_eq!(n, 4);
        assert_eq!(names(&rows), ["Bo", "Ana", "Cy", "Di"], "by total, the one without enough answers last");
        let (passed, _) = rank(rule, &people, &q("", "", "passed"), 50, 0);
        assert_eq!(names(&passed), ["Cy"], "a mark exactly met passes; skill does not buy culture");
        let (failed_attitude, _) = rank(rule, &people, &q("", "", "failed-attitude"), 50, 0);
        assert_eq!(names(&failed_attitude), ["Bo", "Di"]);
        // The table's outcome is the report's.
        for s in &people {
            let g = rules::gates(rule, s.attitude, s.skill, false, false);
            let r = apply(rule, s);
            assert_eq!((r.total, r.attitude_passed, r.skill_passed), (g.total, g.attitude_passed, g.skill_passed));
        }
    }

    #[test]
    fn the_weighted_rule_ranks_and_filters_too() {
        let rule = GateRule::Weighted { attitude_weight: 2.0, skill_weight: 1.0, total_pass: 60.0 };
        let people = [stored("Ana", Some(70.0), Some(40.0)), stored("Bo", Some(50.0), Some(60.0)), stored("Cy", Some(40.0), Some(100.0))];
        let (passed, _) = rank(rule, &people, &q("", "", "passed"), 50, 0);
        assert_eq!(names(&passed), ["Ana", "Cy"], "70×2+40 = 180/3 = 60 passes; 40×2+100 = 60 passes");
        let (failed, _) = rank(rule, &people, &q("", "", "failed-skill"), 50, 0);
        assert_eq!(names(&failed), ["Bo"]);
        let (by_name, _) = rank(rule, &people, &q("name", "desc", ""), 50, 0);
        assert_eq!(names(&by_name), ["Cy", "Bo", "Ana"]);
    }

    #[test]
    fn pages_and_percentiles_cover_the_whole_position() {
        let rule = GateRule::BothGates { attitude_pass: 0.0, skill_pass: 0.0 };
        let people: Vec<Stored> = (0..10).map(|i| stored(&format!("P{i}"), Some(i as f64 * 10.0), Some(i as f64 * 10.0))).collect();
        let (page, n) = rank(rule, &people, &q("total", "asc", ""), 3, 3);
        assert_eq!(n, 10);
        assert_eq!(names(&page), ["P3", "P4", "P5"]);
        assert_eq!(page[0].percentile, Some(35.0), "three below, one equal, of ten");
        let (none, n) = rank(rule, &people, &q("", "", ""), 50, usize::MAX);
        assert!(none.is_empty() && n == 10, "a page past the end is empty, not a panic");
    }

    #[test]
    fn an_address_edited_by_hand_reads_as_the_whole_table() {
        let q: ResultsQuery =
            serde_json::from_str(r#"{"sort":"' OR 1=1","dir":"sideways","status":"\u0000","gates":"FAILED","decision":"maybe","page":2}"#).unwrap();
        assert_eq!(q, ResultsQuery { page: 2, ..ResultsQuery::default() });
        let q: ResultsQuery = serde_json::from_str(r#"{"sort":"skill","dir":"asc","gates":"failed-skill","decision":"none"}"#).unwrap();
        assert_eq!((q.sort, q.dir, q.gates, q.decision), (SortBy::Skill, Order::Asc, GateFilter::FailedSkill, DecisionFilter::Undecided));
        assert_eq!(serde_json::to_value(&q).unwrap()["gates"], "failed-skill", "the wire keeps the plain text");
    }

    #[test]
    fn names_read_a_to_z_and_scores_highest_first_unless_asked() {
        let rule = GateRule::BothGates { attitude_pass: 0.0, skill_pass: 0.0 };
        let people = [stored("Bo", Some(50.0), Some(50.0)), stored("ana", Some(90.0), Some(90.0)), stored("Cy", Some(10.0), Some(10.0))];
        assert_eq!(names(&rank(rule, &people, &q("name", "", ""), 50, 0).0), ["ana", "Bo", "Cy"]);
        assert_eq!(names(&rank(rule, &people, &q("total", "", ""), 50, 0).0), ["ana", "Bo", "Cy"]);
        assert_eq!(names(&rank(rule, &people, &q("total", "asc", ""), 50, 0).0), ["Cy", "Bo", "ana"]);
        let undecided = ResultsQuery { decision: DecisionFilter::Undecided, ..ResultsQuery::default() };
        assert_eq!(rank(rule, &people, &undecided, 50, 0).1, 3);
        let hired = ResultsQuery { decision: DecisionFilter::Hire, ..ResultsQuery::default() };
        assert_eq!(rank(rule, &people, &hired, 50, 0).1, 0);
    }
}
