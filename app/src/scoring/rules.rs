//! The scoring rules, as pure functions: no storage, no clock. Every number a candidate is
//! ranked by comes from here.
//!
//! Scales: Likert answers are 1..5 (reverse-keyed items flip to 6 - answer); a value's score
//! is the mean on that 1..5 scale. Section, gate and total scores are 0..100.
//!
//! Sections: every item earns a share of its own maximum, 0..1, by the rule of its type
//! ([`Mark`]); a section's score is the mean of its items' shares, times 100, whatever the
//! types and whatever order the candidate saw them in. A knowledge item left blank earns 0;
//! a Likert statement left blank is left out (there is no right answer to miss). A section,
//! and a value scale, is scored only when at least four in five of the items drawn for that
//! candidate were answered ([`enough_answered`]); below that it is "not enough answers".
//!
//! Thresholds are compared exactly: pass marks on scores kept to a millionth of a point
//! ([`meets`]), ratios of counts by cross-multiplying (`analytics::stats::below_four_fifths`).
//! Figures are rounded only where they are shown.

/// A Likert answer on the value's own direction.
pub fn likert_points(answer: u8, reverse: bool) -> f64 {
    let a = answer.clamp(1, 5) as f64;
    if reverse {
        6.0 - a
    } else {
        a
    }
}

/// Score of the chosen option of a judgement item, and the best available.
pub fn judgement_points(chosen: Option<i32>, options: &[i32]) -> (f64, f64) {
    let best = options.iter().copied().max().unwrap_or(0).max(0) as f64;
    (chosen.unwrap_or(0) as f64, best)
}

/// A multiple-choice answer: 1 for exactly right. With several correct options, each correct
/// pick earns a share and each wrong pick takes one back, never below 0 (guessing everything
/// earns nothing).
pub fn choice_points(chosen: &[&str], correct: &[&str], multiple: bool) -> f64 {
    if correct.is_empty() {
        return 0.0;
    }
    if !multiple {
        return if chosen.len() == 1 && correct.contains(&chosen[0]) { 1.0 } else { 0.0 };
    }
    let right = chosen.iter().filter(|c| correct.contains(c)).count() as f64;
    let wrong = chosen.iter().filter(|c| !correct.contains(c)).count() as f64;
    ((right - wrong) / correct.len() as f64).clamp(0.0, 1.0)
}

/// What one item earned, by the rule of its type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    /// A share of the item's maximum (below 0 for a harmful judgement option).
    Earned(f64),
    /// A Likert statement left blank: left out of the mean.
    SkippedStatement,
    /// A knowledge item (judgement, choice, typing, written) left blank: earns 0.
    Blank,
    /// A written reply waiting for its grades.
    Ungraded,
}

impl Mark {
    fn answered(self) -> bool {
        matches!(self, Mark::Earned(_) | Mark::Ungraded)
    }
}

/// A section's or a scale's outcome.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    Scored(f64),
    /// Fewer answers than [`enough_answered`] asks for.
    NotEnough,
    /// Enough answers, but a written reply still waits for a grader.
    Pending,
}

/// Four in five of the items drawn must be answered for a score (compared exactly, by counts).
pub fn enough_answered(answered: usize, drawn: usize) -> bool {
    drawn > 0 && answered * 5 >= drawn * 4
}

/// A section's score from its items' marks: the mean share, as 0..100.
pub fn section_score(marks: &[Mark]) -> Outcome {
    let answered = marks.iter().filter(|m| m.answered()).count();
    if !enough_answered(answered, marks.len()) {
        return Outcome::NotEnough;
    }
    if marks.contains(&Mark::Ungraded) {
        return Outcome::Pending;
    }
    let shares: Vec<f64> = marks
        .iter()
        .filter_map(|m| match m {
            Mark::Earned(share) => Some(*share),
            Mark::Blank => Some(0.0),
            _ => None,
        })
        .collect();
    // Summed in a fixed order of values, so the candidate's shuffled order cannot change a bit.
    let mut sorted = shares.clone();
    sorted.sort_by(f64::total_cmp);
    Outcome::Scored((sorted.iter().sum::<f64>() * 100.0 / sorted.len() as f64).clamp(0.0, 100.0))
}

/// A value scale's mean on 1..5 from the points of the items answered, out of `drawn` items
/// keyed to it; `None` when fewer than four in five were answered.
pub fn scale_mean(points: &[f64], drawn: usize) -> Option<f64> {
    if !enough_answered(points.len(), drawn) {
        return None;
    }
    let mut sorted = points.to_vec();
    sorted.sort_by(f64::total_cmp);
    Some(sorted.iter().sum::<f64>() / sorted.len() as f64)
}

/// A Likert answer's share: 1 is 0, 5 is 1.
pub fn likert_share(points: f64) -> f64 {
    (points - 1.0) / 4.0
}

/// Scores are kept to a millionth of a point when compared with a mark, so that 60 reached by
/// floating-point sums (59.99999999999999) meets a mark of 60.
fn micro(x: f64) -> i64 {
    (x * 1_000_000.0).round() as i64
}

/// Whether a score reaches a pass mark (at or above), compared exactly at a millionth.
pub fn meets(score: f64, mark: f64) -> bool {
    micro(score) >= micro(mark)
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TypingFigures {
    pub typed_chars: usize,
    pub errors: usize,
    pub minutes: f64,
    pub gross_wpm: f64,
    pub net_wpm: f64,
    /// Share of typed characters that were right, 0..1.
    pub accuracy: f64,
    /// What the server saw as the text arrived.
    #[serde(default)]
    pub trace: TypingTrace,
    /// Set when the result is not credited (see [`TypingTrace::review_reason`]).
    #[serde(default)]
    pub review: Option<String>,
}

/// Longest text considered, so one pathological answer cannot make scoring slow.
const MAX_TYPED: usize = 5_000;

/// Edit distance in characters (insertions, deletions, substitutions), two rows of memory.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Typing speed and accuracy from the text and the server-measured time.
/// Gross WPM = characters / 5 / minutes; uncorrected errors are the edit distance between what
/// was typed and the same length of the passage; net WPM = gross - errors / minutes;
/// accuracy = (typed - errors) / typed.
pub fn typing(passage: &str, typed: &str, elapsed_ms: i64) -> TypingFigures {
    let typed: Vec<char> = typed.chars().take(MAX_TYPED).collect();
    let passage: Vec<char> = passage.chars().collect();
    let target = &passage[..typed.len().min(passage.len())];
    let errors = edit_distance(&typed, target);
    // At least one second, so a near-zero time cannot produce absurd speeds.
    let minutes = (elapsed_ms.max(1_000) as f64) / 60_000.0;
    let n = typed.len();
    let gross = n as f64 / 5.0 / minutes;
    let net = (gross - errors as f64 / minutes).max(0.0);
    let accuracy = if n == 0 { 0.0 } else { (n.saturating_sub(errors)) as f64 / n as f64 };
    TypingFigures { typed_chars: n, errors, minutes, gross_wpm: gross, net_wpm: net, accuracy, trace: TypingTrace::default(), review: None }
}

/// The fastest sustained typists reach about 200 words a minute, some 17 characters a second.
/// Text that grows faster than 20 characters a second (240 WPM, a fifth above that) between two
/// saves the server received is not typing.
pub const MAX_CHARS_PER_SECOND: i64 = 20;
/// On top of that rate, a save may carry this many characters at once: a phone keyboard's word
/// suggestion, or two saves bunched together by the network.
pub const BURST_CHARS: i64 = 40;
/// Saves arrive every second or so while the candidate types; a longer silence followed by new
/// text means the text could not be followed as it was typed.
pub const GAP_MS: i64 = 15_000;

/// What the server saw of a typing test: `(ms after Start, characters so far)` per save, by
/// the server's clock, in the order received.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TypingTrace {
    /// Saves whose text grew faster than a person can type, with the worst one's growth and the
    /// time since the save before it.
    pub bursts: usize,
    pub worst_burst: Option<(i64, i64)>,
    /// Silences of more than [`GAP_MS`] after which the text had grown: count, and the longest.
    pub gaps: usize,
    pub longest_gap_ms: i64,
}

impl TypingTrace {
    /// Why the typing result is not credited, if it is not.
    pub fn review_reason(&self) -> Option<String> {
        self.worst_burst.map(|(chars, ms)| {
            format!(
                "Not credited, for review: {chars} characters arrived {:.1} s after the save before them, faster than anyone types ({} characters a second at most). {} such save{}.",
                ms as f64 / 1000.0,
                MAX_CHARS_PER_SECOND,
                self.bursts,
                if self.bursts == 1 { "" } else { "s" }
            )
        })
    }
}

/// Checks the growth of the text between consecutive saves (the first against Start, with no
/// text) against [`MAX_CHARS_PER_SECOND`] plus [`BURST_CHARS`].
pub fn typing_trace(samples: &[(i64, i64)]) -> TypingTrace {
    let mut trace = TypingTrace::default();
    let mut previous = (0_i64, 0_i64);
    for &(at, chars) in samples {
        let dt = (at - previous.0).max(0);
        let growth = chars - previous.1;
        if growth > BURST_CHARS + MAX_CHARS_PER_SECOND * dt / 1000 {
            trace.bursts += 1;
            if trace.worst_burst.is_none_or(|(g, t)| growth * t.max(1) > g * dt.max(1)) {
                trace.worst_burst = Some((growth, dt));
            }
        }
        if dt > GAP_MS && growth > 0 {
            trace.gaps += 1;
            trace.longest_gap_ms = trace.longest_gap_ms.max(dt);
        }
        previous = (at, chars);
    }
    trace
}

/// The minutes a typing result is measured over: the whole test, unless the candidate copied the
/// whole passage sooner (then the time they took). Stopping early is no shortcut to a speed.
pub fn typing_minutes_ms(passage_chars: usize, typed_chars: usize, used_ms: i64, duration_ms: i64) -> i64 {
    if typed_chars >= passage_chars {
        used_ms.clamp(0, duration_ms)
    } else {
        duration_ms
    }
}

/// A typing result on 0..100: net words per minute against the target (at or above = 100).
pub fn typing_percent(figures: &TypingFigures, target_wpm: u32) -> f64 {
    (figures.net_wpm / target_wpm.max(1) as f64 * 100.0).clamp(0.0, 100.0)
}

/// A rubric grade on 0..100: each criterion's level placed on its own scale, weighted.
/// `criteria` are (weight, number of levels); `levels` are the chosen levels, 1-based.
pub fn rubric_percent(criteria: &[(u32, usize)], levels: &[u8]) -> Option<f64> {
    if criteria.is_empty() || criteria.len() != levels.len() {
        return None;
    }
    let mut sum = 0.0;
    let mut weights = 0.0;
    for ((weight, n), level) in criteria.iter().zip(levels) {
        if *level == 0 || *level as usize > *n || *n < 2 {
            return None;
        }
        sum += *weight as f64 * (*level as f64 - 1.0) / (*n as f64 - 1.0);
        weights += *weight as f64;
    }
    Some(sum / weights * 100.0)
}

/// Two graders disagree when any criterion is two or more levels apart.
pub fn graders_disagree(a: &[u8], b: &[u8]) -> bool {
    a.iter().zip(b).any(|(x, y)| x.abs_diff(*y) >= 2)
}

/// A weighted mean of (weight, score) pairs; `None` when nothing is weighed.
pub fn weighted_mean(parts: &[(f64, f64)]) -> Option<f64> {
    let weights: f64 = parts.iter().map(|(w, _)| w).sum();
    (weights > 0.0).then(|| parts.iter().map(|(w, s)| w * s).sum::<f64>() / weights)
}

/// How a position combines its two gates.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum GateRule {
    /// The Zappos rule: both gates must be passed; a strong skill score does not make up for a
    /// failed culture gate.
    BothGates { attitude_pass: f64, skill_pass: f64 },
    /// A weighted total against one pass mark.
    Weighted { attitude_weight: f64, skill_weight: f64, total_pass: f64 },
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GateOutcome {
    /// `None` when a gate has not enough answers to be scored.
    pub total: Option<f64>,
    pub attitude_passed: bool,
    pub skill_passed: bool,
    pub passed: bool,
}

/// Applies a position's rule to the two gate scores (`None`: not enough answers). An override
/// passes a gate whatever its score, or its lack of one (HR records why). This is the one gate
/// rule: the report, the ranked table and the analytics all call it.
pub fn gates(rule: GateRule, attitude: Option<f64>, skill: Option<f64>, override_attitude: bool, override_skill: bool) -> GateOutcome {
    match rule {
        GateRule::BothGates { attitude_pass, skill_pass } => {
            let a = attitude.is_some_and(|a| meets(a, attitude_pass)) || override_attitude;
            let s = skill.is_some_and(|s| meets(s, skill_pass)) || override_skill;
            let total = attitude.zip(skill).map(|(a, s)| (a + s) / 2.0);
            GateOutcome { total, attitude_passed: a, skill_passed: s, passed: a && s }
        }
        GateRule::Weighted { attitude_weight, skill_weight, total_pass } => {
            let total = attitude.zip(skill).map(|(a, s)| weighted_mean(&[(attitude_weight, a), (skill_weight, s)]).unwrap_or(0.0));
            let passed = total.is_some_and(|t| meets(t, total_pass)) || (override_attitude && override_skill);
            GateOutcome { total, attitude_passed: passed, skill_passed: passed, passed }
        }
    }
}

/// Percentile rank of `x` among `sorted` (ascending): the share below plus half the share
/// equal, so tied candidates share one percentile.
pub fn percentile(sorted: &[f64], x: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let below = sorted.partition_point(|v| *v < x);
    let not_above = sorted.partition_point(|v| *v <= x);
    let equal = not_above - below;
    (below as f64 + equal as f64 / 2.0) / sorted.len() as f64 * 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn likert_reverse_keys_flip_the_scale() {
        assert_eq!(likert_points(5, false), 5.0);
        assert_eq!(likert_points(5, true), 1.0);
        assert_eq!(likert_points(2, true), 4.0);
        assert_eq!(likert_points(3, true), 3.0);
        assert_eq!(likert_share(1.0), 0.0);
        assert_eq!(likert_share(5.0), 1.0);
        assert_eq!(likert_share(3.0), 0.5);
    }

    #[test]
    fn judgement_counts_the_chosen_option_and_missing_as_zero() {
        assert_eq!(judgement_points(Some(2), &[2, 1, 0, -1]), (2.0, 2.0));
        assert_eq!(judgement_points(Some(-1), &[2, 1, 0, -1]), (-1.0, 2.0));
        assert_eq!(judgement_points(None, &[2, 1, 0, -1]), (0.0, 2.0));
    }

    #[test]
    fn choice_single_and_multiple() {
        assert_eq!(choice_points(&["a"], &["a"], false), 1.0);
        assert_eq!(choice_points(&["b"], &["a"], false), 0.0);
        assert_eq!(choice_points(&[], &["a"], false), 0.0);
        assert_eq!(choice_points(&["a", "b"], &["a"], false), 0.0, "two picks on a one-answer question");
        assert!(close(choice_points(&["a", "c"], &["a", "c"], true), 1.0));
        assert!(close(choice_points(&["a"], &["a", "c"], true), 0.5));
        assert!(close(choice_points(&["a", "b"], &["a", "c"], true), 0.0), "one right, one wrong");
        assert!(close(choice_points(&["a", "b", "c", "d"], &["a", "c"], true), 0.0), "ticking everything earns nothing");
        assert!(close(choice_points(&["a", "c", "d"], &["a", "c", "d"], true), 1.0));
    }

    #[test]
    fn typing_perfect_copy() {
        let passage = "The quick brown fox jumps over the lazy dog again and again.";
        let f = typing(passage, &passage[..50], 60_000);
        assert_eq!(f.errors, 0);
        assert!(close(f.gross_wpm, 10.0));
        assert!(close(f.net_wpm, 10.0));
        assert!(close(f.accuracy, 1.0));
    }

    #[test]
    fn typing_errors_lower_net_speed_and_accuracy() {
        let passage = "abcdefghij".repeat(10);
        // 100 characters in 30 seconds with 4 substitutions.
        let mut typed: Vec<char> = passage.chars().collect();
        for i in [3, 20, 50, 77] {
            typed[i] = 'x';
        }
        let typed: String = typed.into_iter().collect();
        let f = typing(&passage, &typed, 30_000);
        assert_eq!(f.errors, 4);
        assert!(close(f.gross_wpm, 40.0));
        assert!(close(f.net_wpm, 32.0), "{}", f.net_wpm);
        assert!(close(f.accuracy, 0.96));
    }

    #[test]
    fn a_skipped_character_is_one_error_not_a_cascade() {
        let passage = "customer service matters";
        let typed = "custmer service matters"; // one letter left out
        let f = typing(passage, typed, 60_000);
        assert!(f.errors <= 2, "alignment, not position-by-position comparison: {}", f.errors);
    }

    #[test]
    fn typing_edge_cases() {
        let empty = typing("hello", "", 120_000);
        assert_eq!((empty.typed_chars, empty.gross_wpm, empty.net_wpm, empty.accuracy), (0, 0.0, 0.0, 0.0));
        // Typing past the end of the passage counts the extra as errors.
        let over = typing("short", "short and then some more", 60_000);
        assert_eq!(over.errors, "short and then some more".len() - 5);
        assert_eq!(over.net_wpm, 0.0);
        // Non-ASCII text counts characters, not bytes.
        let accents = typing("Café crème, señor", "Café crème, señor", 60_000);
        assert_eq!(accents.typed_chars, 17);
        assert_eq!(accents.errors, 0);
        // Over-long input is cut, and a zero time cannot divide by zero.
        let long = typing("a", &"a".repeat(100_000), 0);
        assert_eq!(long.typed_chars, 5_000);
        assert!(long.gross_wpm.is_finite());
        assert!(close(typing_percent(&TypingFigures { net_wpm: 60.0, ..over.clone() }, 40), 100.0));
        assert!(close(typing_percent(&TypingFigures { net_wpm: 20.0, ..over }, 40), 50.0));
    }

    #[test]
    fn typing_that_arrives_faster_than_anyone_types_is_caught() {
        // The forged request: the whole passage one second after Start.
        let forged = typing_trace(&[(1_000, 783)]);
        assert_eq!(forged.bursts, 1);
        assert!(forged.review_reason().unwrap().contains("783 characters arrived 1.0 s"), "{:?}", forged.review_reason());
        // At the threshold exactly: 40 + 20 a second is allowed, one more is not.
        assert_eq!(typing_trace(&[(1_000, 60)]).bursts, 0);
        assert_eq!(typing_trace(&[(1_000, 61)]).bursts, 1);
        assert_eq!(typing_trace(&[(2_000, 10), (2_500, 10 + 50)]).bursts, 0, "half a second: 40 + 10");
        assert_eq!(typing_trace(&[(2_000, 10), (2_500, 10 + 51)]).bursts, 1);
        // A fast honest typist: 150 WPM (12.5 characters a second), saved every second.
        let fast: Vec<(i64, i64)> = (1..=120).map(|s| (s * 1_000 + 37, s * 25 / 2)).collect();
        assert_eq!(typing_trace(&fast), TypingTrace::default());
        // A slow one, with pauses and corrections (text shrinks), never a burst.
        let slow = [(3_000, 4), (9_000, 12), (10_000, 9), (14_000, 20), (20_000, 31)];
        assert_eq!(typing_trace(&slow).bursts, 0);
        // A reload in the middle: the page comes back with the saved text and goes on from it.
        let reload = [(1_000, 8), (2_000, 16), (9_000, 16), (10_000, 24)];
        assert_eq!(typing_trace(&reload), TypingTrace::default());
        // A long silence and then a lot of text: not a burst at 20 a second, but a gap.
        let gap = typing_trace(&[(1_000, 5), (41_000, 783)]);
        assert_eq!((gap.bursts, gap.gaps, gap.longest_gap_ms), (0, 1, 40_000));
        assert_eq!(gap.review_reason(), None, "a gap is information, not a verdict");
        // Saves bunched by the network (two arrive together) stay within the burst allowance.
        let bunched = [(1_000, 12), (3_000, 36), (3_010, 38)];
        assert_eq!(typing_trace(&bunched).bursts, 0);
    }

    #[test]
    fn a_typing_test_ended_early_is_measured_over_its_whole_time() {
        // 37 of 783 characters and "I have finished": over two minutes, not over the moments typed.
        assert_eq!(typing_minutes_ms(783, 37, 5_000, 120_000), 120_000);
        let f = typing("abcdefghij".repeat(80).as_str(), &"abcdefghij".repeat(80)[..37], typing_minutes_ms(800, 37, 5_000, 120_000));
        assert!(typing_percent(&f, 40) < 10.0, "{f:?}");
        // The whole passage copied early: the time taken.
        assert_eq!(typing_minutes_ms(783, 783, 90_000, 120_000), 90_000);
        // Non-ASCII passages count characters.
        assert_eq!(typing_minutes_ms("Café crème".chars().count(), "Café crème".chars().count(), 4_000, 120_000), 4_000);
    }

    #[test]
    fn rubric_levels_are_weighted_on_their_own_scales() {
        let criteria = [(2, 4), (3, 4), (2, 4), (1, 4)];
        assert!(close(rubric_percent(&criteria, &[4, 4, 4, 4]).unwrap(), 100.0));
        assert!(close(rubric_percent(&criteria, &[1, 1, 1, 1]).unwrap(), 0.0));
        // (2*1/3 + 3*2/3 + 2*1 + 1*0) / 8
        assert!(close(rubric_percent(&criteria, &[2, 3, 4, 1]).unwrap(), (2.0 / 3.0 + 2.0 + 2.0) / 8.0 * 100.0));
        assert_eq!(rubric_percent(&criteria, &[5, 1, 1, 1]), None, "a level the criterion does not have");
        assert_eq!(rubric_percent(&criteria, &[1, 1]), None, "a grade for every criterion");
        assert!(graders_disagree(&[4, 2], &[2, 2]));
        assert!(!graders_disagree(&[4, 2], &[3, 3]));
    }

    #[test]
    fn the_zappos_rule_does_not_let_skill_buy_a_failed_culture_gate() {
        let rule = GateRule::BothGates { attitude_pass: 60.0, skill_pass: 50.0 };
        let strong_skill_weak_culture = gates(rule, Some(40.0), Some(100.0), false, false);
        assert!(!strong_skill_weak_culture.passed);
        assert!(!strong_skill_weak_culture.attitude_passed && strong_skill_weak_culture.skill_passed);
        assert!(gates(rule, Some(60.0), Some(50.0), false, false).passed, "a mark exactly met is passed");
        // HR may override a gate, with a reason recorded elsewhere.
        assert!(gates(rule, Some(40.0), Some(100.0), true, false).passed);
        assert!(!gates(rule, Some(40.0), Some(10.0), true, false).passed, "an override covers one gate only");
    }

    #[test]
    fn a_gate_without_enough_answers_passes_only_by_override() {
        let rule = GateRule::BothGates { attitude_pass: 60.0, skill_pass: 50.0 };
        let short = gates(rule, None, Some(90.0), false, false);
        assert!(!short.attitude_passed && short.skill_passed && !short.passed);
        assert_eq!(short.total, None, "no total to rank by");
        assert!(gates(rule, None, Some(90.0), true, false).passed);
        let weighted = GateRule::Weighted { attitude_weight: 1.0, skill_weight: 1.0, total_pass: 50.0 };
        assert!(!gates(weighted, Some(100.0), None, false, false).passed);
        assert!(!gates(weighted, Some(100.0), None, false, true).passed, "the weighted rule overrides both gates together");
        assert!(gates(weighted, Some(100.0), None, true, true).passed);
    }

    #[test]
    fn the_weighted_rule_trades_one_gate_against_the_other() {
        let rule = GateRule::Weighted { attitude_weight: 2.0, skill_weight: 1.0, total_pass: 60.0 };
        let g = gates(rule, Some(70.0), Some(40.0), false, false);
        assert!(close(g.total.unwrap(), 60.0));
        assert!(g.passed);
        assert!(!gates(rule, Some(50.0), Some(60.0), false, false).passed);
    }

    #[test]
    fn marks_are_met_exactly_whatever_the_floating_point_sum() {
        // Three shares of 0.2 sum to 0.6000000000000001, ten of 0.1 to 0.9999999999999999.
        let tenths = [0.1; 10].iter().sum::<f64>() * 100.0;
        assert!(tenths < 100.0, "the trap: {tenths}");
        assert!(meets(tenths, 100.0));
        let rule = GateRule::BothGates { attitude_pass: 70.0, skill_pass: 70.0 };
        let seventy = 0.7 * 100.0; // 70.00000000000001 or 69.99999999999999 depending on the path
        assert!(gates(rule, Some(seventy), Some(70.0), false, false).passed);
        assert!(!meets(69.9999, 70.0), "a real shortfall is still short");
        let weighted = GateRule::Weighted { attitude_weight: 1.0, skill_weight: 2.0, total_pass: 60.0 };
        // (1 × 80 + 2 × 50) / 3 = 60, reached through floating point.
        assert!(gates(weighted, Some(80.0), Some(50.0), false, false).passed);
    }

    #[test]
    fn a_section_needs_four_in_five_answers() {
        assert!(enough_answered(16, 20) && !enough_answered(15, 20));
        assert!(enough_answered(4, 5) && !enough_answered(3, 5));
        assert!(enough_answered(1, 1) && !enough_answered(0, 1) && !enough_answered(0, 0));
        // One Likert answer of twenty: not a score of 100.
        let mut marks = vec![Mark::SkippedStatement; 19];
        marks.push(Mark::Earned(1.0));
        assert_eq!(section_score(&marks), Outcome::NotEnough);
        // Sixteen of twenty, all "strongly agree": the scale is full.
        let mut marks = vec![Mark::Earned(1.0); 16];
        marks.extend([Mark::SkippedStatement; 4]);
        assert_eq!(section_score(&marks), Outcome::Scored(100.0));
        // Knowledge items left blank earn 0 but still count as unanswered.
        let marks = [Mark::Earned(1.0), Mark::Earned(1.0), Mark::Earned(1.0), Mark::Earned(1.0), Mark::Blank];
        assert_eq!(section_score(&marks), Outcome::Scored(80.0));
        assert_eq!(section_score(&[Mark::Blank]), Outcome::NotEnough, "a typing test never started");
        assert_eq!(section_score(&[Mark::Ungraded, Mark::Earned(1.0)]), Outcome::Pending);
        assert_eq!(section_score(&[Mark::Ungraded, Mark::Blank, Mark::Blank]), Outcome::NotEnough, "not enough answers, whatever grading is left");
        assert_eq!(section_score(&[Mark::Earned(-0.5), Mark::Earned(-0.5)]), Outcome::Scored(0.0), "harmful options never take a section below 0");
    }

    #[test]
    fn a_scale_needs_four_in_five_answers() {
        assert_eq!(scale_mean(&[5.0], 3), None);
        assert_eq!(scale_mean(&[5.0, 4.0, 3.0], 3), Some(4.0));
        assert_eq!(scale_mean(&[5.0, 4.0, 3.0, 4.0], 5), Some(4.0));
        assert_eq!(scale_mean(&[], 0), None);
    }

    #[test]
    fn mixed_sections_score_the_same_in_any_order() {
        // Likert, judgement and choice items together: one rule, whatever the order.
        let marks = [
            Mark::Earned(likert_share(5.0)),
            Mark::Earned(likert_share(2.0)),
            Mark::Earned(0.5),
            Mark::Earned(-0.5),
            Mark::Earned(1.0),
            Mark::Blank,
            Mark::Earned(1.0 / 3.0),
            Mark::Earned(0.1),
            Mark::Earned(0.7),
            Mark::SkippedStatement,
        ];
        let first = section_score(&marks);
        let Outcome::Scored(score) = first else { panic!("{first:?}") };
        let expected = (1.0 + 0.25 + 0.5 - 0.5 + 1.0 + 0.0 + 1.0 / 3.0 + 0.1 + 0.7) / 9.0 * 100.0;
        assert!(close(score, expected), "{score} {expected}");
        // Every rotation and a few hundred pseudo-random shuffles give the same bits.
        let mut order = marks.to_vec();
        let mut seed = 7u64;
        for _ in 0..500 {
            for i in (1..order.len()).rev() {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (seed >> 33) as usize % (i + 1));
            }
            assert_eq!(section_score(&order), first);
        }
    }

    #[test]
    fn tied_candidates_share_a_percentile() {
        let totals = [40.0, 50.0, 50.0, 70.0];
        assert!(close(percentile(&totals, 50.0), 50.0), "one below, two equal: (1 + 1) / 4");
        assert!(close(percentile(&totals, 40.0), 12.5));
        assert!(close(percentile(&totals, 70.0), 87.5));
        assert!(close(percentile(&[55.0], 55.0), 50.0));
        assert_eq!(percentile(&[], 1.0), 0.0);
    }

    #[test]
    fn weighted_means_need_weight() {
        assert_eq!(weighted_mean(&[]), None);
        assert!(close(weighted_mean(&[(1.0, 80.0), (3.0, 40.0)]).unwrap(), 50.0));
    }
}
