//! The statistics behind the analytics pages: validity (correlations with
//! confidence intervals), adverse impact (selection rates, the four-fifths
//! rule, Fisher's exact test) and item analysis (Cronbach's alpha, item
//! difficulty).
//!
//! Everything here is a pure function over plain slices: no I/O, no state.
//! When there is not enough data the answer is `None` rather than a panic or
//! a NaN, so that pages can show "n/a" instead of a misleading number.

/// Two-sided 95% critical value of the standard normal, `Φ⁻¹(0.975)`
/// (the same constant as scipy's `stats.norm.ppf(0.975)`).
pub const Z_95: f64 = 1.959_963_984_540_054;

/// Ratio of a group's selection rate to the highest group's below which the
/// Uniform Guidelines (29 CFR 1607.4(D)) treat a difference as evidence of
/// adverse impact.
pub const FOUR_FIFTHS: f64 = 0.8;

/// Relative tolerance when deciding which tables are "as or less likely" than
/// the observed one in [`fisher_exact`]. Tables that tie in exact arithmetic
/// (e.g. mirror images in a symmetric table) differ by rounding after the
/// log-factorials, up to ~1e-9 relatively at n = 100_000; 1e-7 (the value
/// older scipy releases used; scipy 1.17 uses 1e-14 on its more exact pmf) keeps
/// those ties on the "as extreme" side, while distinct tables of realistic size
/// are much further apart.
const FISHER_REL_TOL: f64 = 1e-7;

// ---------------------------------------------------------------------------
// Descriptive statistics
// ---------------------------------------------------------------------------

/// Arithmetic mean; `None` for an empty slice.
pub fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    Some(xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Median; for an even count the mean of the two middle values. `None` when
/// empty. Works on a sorted copy (`total_cmp`, so NaNs sort last instead of
/// panicking).
pub fn median(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        Some(sorted[mid])
    } else {
        Some((sorted[mid - 1] + sorted[mid]) / 2.0)
    }
}

/// Sample variance (denominator n - 1); `None` when fewer than two values.
pub fn sample_variance(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    // A constant column must give exactly 0 so that callers can test for
    // "no variance": the two-pass formula gives ~1e-34 for [0.1, 0.1, 0.1],
    // because their floating-point mean is not exactly 0.1.
    if is_constant(xs) {
        return Some(0.0);
    }
    let m = mean(xs)?;
    let squares: f64 = xs.iter().map(|x| (x - m) * (x - m)).sum();
    Some(squares / (xs.len() - 1) as f64)
}

/// True when every value equals the first (an empty slice counts as constant).
fn is_constant(xs: &[f64]) -> bool {
    xs.iter().all(|&x| x == xs[0])
}

// ---------------------------------------------------------------------------
// Correlation (validity)
// ---------------------------------------------------------------------------

/// Pearson's r. `None` when the lengths differ, n < 2, either variable is
/// constant, or the inputs are not finite. Clamped to [-1, 1] because rounding
/// can push a perfect correlation a hair past 1.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() != ys.len() || xs.len() < 2 || is_constant(xs) || is_constant(ys) {
        return None;
    }
    let (mx, my) = (mean(xs)?, mean(ys)?);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        let (dx, dy) = (x - mx, y - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    // One square root of the product: sqrt(5) * sqrt(20) rounds to just over
    // 10, which would report a perfect correlation as 0.9999999999999998.
    let r = sxy / (sxx * syy).sqrt();
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

/// Point-biserial correlation between a score and a yes/no group: Pearson's r
/// with `true` coded 1 and `false` coded 0 (as scipy's `pointbiserialr`).
pub fn point_biserial(values: &[f64], group: &[bool]) -> Option<f64> {
    let coded: Vec<f64> = group.iter().map(|&g| if g { 1.0 } else { 0.0 }).collect();
    pearson(values, &coded)
}

/// A correlation with its sample size and 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Correlation {
    pub r: f64,
    pub n: usize,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

/// Pearson r with a 95% confidence interval from Fisher's z transform:
/// z = atanh(r), se = 1/sqrt(n-3), interval tanh(z ± Z_95*se).
/// CI is None when n < 4; when |r| == 1 the CI is (r, r).
pub fn correlate(xs: &[f64], ys: &[f64]) -> Option<Correlation> {
    pearson(xs, ys).map(|r| with_fisher_ci(r, xs.len()))
}

/// Point-biserial r with the same Fisher-z confidence interval as [`correlate`].
pub fn correlate_binary(values: &[f64], group: &[bool]) -> Option<Correlation> {
    point_biserial(values, group).map(|r| with_fisher_ci(r, values.len()))
}

fn with_fisher_ci(r: f64, n: usize) -> Correlation {
    let (ci_low, ci_high) = match fisher_z_interval(r, n) {
        Some((low, high)) => (Some(low), Some(high)),
        None => (None, None),
    };
    Correlation {
        r,
        n,
        ci_low,
        ci_high,
    }
}

/// Why Fisher's z: the sampling distribution of r is bounded and skewed near
/// ±1, so "r ± 1.96·se" can leave [-1, 1]; atanh(r) is close to normal with a
/// variance of 1/(n-3) whatever the true correlation, and mapping the interval
/// back with tanh keeps it inside [-1, 1] and asymmetric as it should be. It is
/// also what scipy's `pearsonr(...).confidence_interval()` does, so analysts
/// can reproduce the numbers.
fn fisher_z_interval(r: f64, n: usize) -> Option<(f64, f64)> {
    if n < 4 {
        return None; // se = 1/sqrt(n-3) is undefined
    }
    if r.abs() == 1.0 {
        return Some((r, r)); // atanh(±1) is infinite; the interval collapses
    }
    let z = r.atanh();
    let half_width = Z_95 / ((n - 3) as f64).sqrt();
    Some(((z - half_width).tanh(), (z + half_width).tanh()))
}

// ---------------------------------------------------------------------------
// Fisher's exact test (adverse impact with small or uneven groups)
// ---------------------------------------------------------------------------

/// Two-sided Fisher's exact test for the 2x2 table [[a, b], [c, d]].
///
/// With the margins fixed, the table is determined by its top-left cell x,
/// which is hypergeometric. The two-sided p-value is, as in scipy, the total
/// probability of every table with the same margins whose probability is at
/// most the observed one's times (1 + 1e-7). Probabilities come from
/// log-factorials (no overflow for n up to 100_000 and well beyond) and are
/// scaled by the most likely table before `exp`, so nothing underflows that
/// matters. Cost is O(min(row, column total)). An all-zero table (or any
/// table with an empty row or column) has only one possible table: p = 1.
pub fn fisher_exact(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let row1 = a + b;
    let col1 = a + c;
    let n = row1 + c + d;
    // log P(x) up to a constant (the margins' factorials over n!), which
    // cancels because the result is a ratio of sums over the same tables.
    let ln_weight = |x: u64| {
        -(ln_factorial(x)
            + ln_factorial(row1 - x)
            + ln_factorial(col1 - x)
            + ln_factorial(x + n - row1 - col1))
    };
    let lowest = (row1 + col1).saturating_sub(n);
    let highest = row1.min(col1);
    // The hypergeometric mode; scaling by it keeps every exp() <= 1.
    let mode = ((row1 + 1) * (col1 + 1) / (n + 2)).clamp(lowest, highest);
    let peak = ln_weight(mode);
    let cutoff = ln_weight(a) + FISHER_REL_TOL.ln_1p();

    let (mut as_extreme, mut total) = (0.0, 0.0);
    for x in lowest..=highest {
        let ln_w = ln_weight(x);
        let w = (ln_w - peak).exp();
        total += w;
        if ln_w <= cutoff {
            as_extreme += w;
        }
    }
    (as_extreme / total).clamp(0.0, 1.0)
}

/// ln(k!). Exact product for k <= 20 (20! fits in a u64 and converts to f64
/// exactly), otherwise Stirling's series for ln Γ(k+1) to the k^-7 term, whose
/// truncation error at k = 21 (~1e-15) is already below the rounding of the
/// result. Unlike a running sum of ln i it costs O(1) and does not accumulate
/// rounding over 100_000 terms.
fn ln_factorial(k: u64) -> f64 {
    const EXACT_UP_TO: u64 = 20;
    if k <= EXACT_UP_TO {
        return ((1..=k).product::<u64>() as f64).ln();
    }
    let x = k as f64;
    let (x2, ln_2pi) = (x * x, (2.0 * std::f64::consts::PI).ln());
    let series = (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - 1.0 / (1680.0 * x2)) / x2) / x2) / x;
    (x + 0.5) * x.ln() - x + 0.5 * ln_2pi + series
}

// ---------------------------------------------------------------------------
// Adverse impact
// ---------------------------------------------------------------------------

/// Adverse impact: selection rate = selected / total (None when total == 0).
pub fn selection_rate(selected: u64, total: u64) -> Option<f64> {
    (total != 0).then(|| selected as f64 / total as f64)
}

/// Impact ratio: a group's rate over the highest group's rate. `None` when
/// `highest` is 0 or either rate is NaN (e.g. an empty group upstream).
/// For display: the flag itself is [`below_four_fifths`], on the counts.
pub fn impact_ratio(rate: f64, highest: f64) -> Option<f64> {
    if rate.is_nan() || highest.is_nan() || highest == 0.0 {
        return None;
    }
    Some(rate / highest)
}

/// Whether `selected` of `total` is a lower selection rate than `top_selected` of `top_total`,
/// compared exactly by cross-multiplying counts (no floating-point rates).
pub fn rate_below(selected: u64, total: u64, top_selected: u64, top_total: u64) -> bool {
    (selected as u128) * (top_total as u128) < (top_selected as u128) * (total as u128)
}

/// The four-fifths rule, exactly: a group's rate is flagged when it is *less than* four fifths
/// of the highest group's, `selected / total < 4/5 × top_selected / top_total`, compared by
/// cross-multiplying the counts. At exactly four fifths (60% against 75%) nothing is flagged.
pub fn below_four_fifths(selected: u64, total: u64, top_selected: u64, top_total: u64) -> bool {
    if total == 0 || top_total == 0 || top_selected == 0 {
        return false;
    }
    5 * (selected as u128) * (top_total as u128) < 4 * (top_selected as u128) * (total as u128)
}

// ---------------------------------------------------------------------------
// Item analysis
// ---------------------------------------------------------------------------

/// Cronbach's alpha for a respondents x items matrix (each row one respondent,
/// every row the same length, k >= 2 items, n >= 2 rows).
/// alpha = k/(k-1) * (1 - sum(item variances)/variance(row totals)), sample
/// variances. None when shapes are wrong, k < 2, n < 2 or the total variance
/// is 0.
pub fn cronbach_alpha(rows: &[Vec<f64>]) -> Option<f64> {
    let k = item_count(rows)?;
    if k < 2 || rows.len() < 2 {
        return None;
    }
    let totals: Vec<f64> = rows.iter().map(|row| row.iter().sum()).collect();
    let total_variance = sample_variance(&totals)?;
    if total_variance == 0.0 {
        return None;
    }
    let item_variances = (0..k)
        .map(|item| sample_variance(&column(rows, item)))
        .sum::<Option<f64>>()?;
    let k = k as f64;
    Some(k / (k - 1.0) * (1.0 - item_variances / total_variance))
}

/// Item difficulty: the mean score as a share of the item's maximum (for
/// right/wrong items scored 0/1, the share correct). `None` when there are no
/// scores or `max` is not a positive number.
pub fn difficulty(scores: &[f64], max: f64) -> Option<f64> {
    if max.is_nan() || max <= 0.0 {
        return None;
    }
    mean(scores).map(|m| m / max)
}

/// The common row length, or `None` for no rows or a ragged matrix.
fn item_count(rows: &[Vec<f64>]) -> Option<usize> {
    let k = rows.first()?.len();
    rows.iter().all(|row| row.len() == k).then_some(k)
}

fn column(rows: &[Vec<f64>], item: usize) -> Vec<f64> {
    rows.iter().map(|row| row[item]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values were computed with Python 3, scipy 1.17.1, numpy 2.4.6
    // and pingouin 0.7.0 (`from scipy import stats`), except where a
    // published value is named.

    fn assert_close(actual: f64, expected: f64, tol: f64) {
        assert!(
            (actual - expected).abs() <= tol,
            "expected {expected}, got {actual} (tolerance {tol})"
        );
    }

    fn assert_rel_close(actual: f64, expected: f64, rel: f64) {
        assert!(
            (actual - expected).abs() <= rel * expected.abs(),
            "expected {expected}, got {actual} (relative tolerance {rel})"
        );
    }

    // Anscombe (1973), "Graphs in Statistical Analysis", set I.
    const ANSCOMBE_X: [f64; 11] = [10.0, 8.0, 13.0, 9.0, 11.0, 14.0, 6.0, 4.0, 12.0, 7.0, 5.0];
    const ANSCOMBE_Y1: [f64; 11] = [
        8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68,
    ];

    /// 6 respondents x 4 Likert (1-5) items.
    fn likert() -> Vec<Vec<f64>> {
        vec![
            vec![4.0, 5.0, 4.0, 3.0],
            vec![2.0, 3.0, 2.0, 2.0],
            vec![5.0, 5.0, 4.0, 5.0],
            vec![3.0, 3.0, 3.0, 2.0],
            vec![4.0, 4.0, 5.0, 4.0],
            vec![1.0, 2.0, 2.0, 1.0],
        ]
    }

    #[test]
    fn z_95_matches_normal_quantile() {
        // stats.norm.ppf(0.975) -> 1.959963984540054
        assert_eq!(Z_95, 1.959963984540054);
    }

    #[test]
    fn mean_and_empty() {
        // np.mean([1.0, 2.0, 3.0, 4.0]) -> 2.5
        assert_eq!(mean(&[1.0, 2.0, 3.0, 4.0]), Some(2.5));
        assert_eq!(mean(&[]), None);
    }

    #[test]
    fn median_odd_even_and_empty() {
        // np.median([3.0, 1.0, 2.0]) -> 2.0; np.median([4.0, 1.0, 3.0, 2.0]) -> 2.5
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn sample_variance_values_and_edges() {
        // np.var([2, 4, 4, 4, 5, 5, 7, 9], ddof=1) -> 4.571428571428571
        let v = sample_variance(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
        assert_close(v, 4.571428571428571, 1e-12);
        assert_eq!(sample_variance(&[1.0]), None);
        assert_eq!(sample_variance(&[]), None);
        // np.var([0.1, 0.1, 0.1], ddof=1) -> 2.8888949165808538e-34; exactly 0 here.
        assert_eq!(sample_variance(&[0.1, 0.1, 0.1]), Some(0.0));
    }

    #[test]
    fn pearson_anscombe_set_one() {
        // stats.pearsonr(x, y1).statistic -> 0.8164205163448395
        let r = pearson(&ANSCOMBE_X, &ANSCOMBE_Y1).unwrap();
        assert_close(r, 0.8164205163448395, 1e-12);
        // Anscombe (1973): correlation coefficient 0.816 (three decimals).
        assert_close(r, 0.816, 5e-4);
    }

    #[test]
    fn pearson_none_cases() {
        assert_eq!(pearson(&[1.0, 2.0], &[1.0, 2.0, 3.0]), None); // lengths differ
        assert_eq!(pearson(&[1.0], &[2.0]), None); // n < 2
        assert_eq!(pearson(&[], &[]), None);
        assert_eq!(pearson(&[0.1, 0.1, 0.1], &[1.0, 2.0, 3.0]), None); // zero variance
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]), None);
        assert_eq!(pearson(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0]), None);
    }

    #[test]
    fn pearson_perfect_is_clamped() {
        // stats.pearsonr([0.1, 0.2, 0.3, 0.7], [0.3, 0.6, 0.9, 2.1]).statistic -> 1.0
        // (np.corrcoef of the same -> 0.9999999999999999: rounding, hence the tolerance)
        let r = pearson(&[0.1, 0.2, 0.3, 0.7], &[0.3, 0.6, 0.9, 2.1]).unwrap();
        assert!(r <= 1.0);
        assert_close(r, 1.0, 1e-12);
    }

    #[test]
    fn correlate_ci_anscombe() {
        // stats.pearsonr(x, y1).confidence_interval(0.95)
        //   -> (0.4243912133932152, 0.9506932537865604)
        let c = correlate(&ANSCOMBE_X, &ANSCOMBE_Y1).unwrap();
        assert_eq!(c.n, 11);
        assert_close(c.ci_low.unwrap(), 0.4243912133932152, 1e-9);
        assert_close(c.ci_high.unwrap(), 0.9506932537865604, 1e-9);
    }

    #[test]
    fn correlate_ci_negative() {
        // stats.pearsonr([1, 2, 3, 4, 5, 6], [6, 4, 5, 3, 1, 2]) -> r = -0.8857142857142857,
        //   .confidence_interval(0.95) -> (-0.9874704963803648, -0.26371272512610855)
        let c = correlate(
            &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
            &[6.0, 4.0, 5.0, 3.0, 1.0, 2.0],
        )
        .unwrap();
        assert_close(c.r, -0.8857142857142857, 1e-12);
        assert_close(c.ci_low.unwrap(), -0.9874704963803648, 1e-9);
        assert_close(c.ci_high.unwrap(), -0.26371272512610855, 1e-9);
    }

    #[test]
    fn correlate_ci_smallest_n() {
        // stats.pearsonr([1, 2, 3, 4], [1, 3, 2, 4]) -> r = 0.8,
        //   .confidence_interval(0.95) -> (-0.6969534452993225, 0.9956002504665856)
        let c = correlate(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert_close(c.r, 0.8, 1e-12);
        assert_close(c.ci_low.unwrap(), -0.6969534452993225, 1e-9);
        assert_close(c.ci_high.unwrap(), 0.9956002504665856, 1e-9);
    }

    #[test]
    fn correlate_no_ci_below_four() {
        // stats.pearsonr([1, 2, 3], [1, 3, 2]).statistic -> 0.5 (n - 3 = 0: no interval)
        let c = correlate(&[1.0, 2.0, 3.0], &[1.0, 3.0, 2.0]).unwrap();
        assert_close(c.r, 0.5, 1e-12);
        assert_eq!((c.ci_low, c.ci_high), (None, None));
        assert_eq!(
            correlate(&[1.0, 1.0, 1.0, 1.0], &[1.0, 2.0, 3.0, 4.0]),
            None
        );
    }

    #[test]
    fn correlate_perfect_ci_collapses() {
        // stats.pearsonr([1, 2, 3, 4], [2, 4, 6, 8]).confidence_interval(0.95) -> (1.0, 1.0)
        let c = correlate(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 6.0, 8.0]).unwrap();
        assert_eq!(
            c,
            Correlation {
                r: 1.0,
                n: 4,
                ci_low: Some(1.0),
                ci_high: Some(1.0)
            }
        );
    }

    const SCORES: [f64; 10] = [72.0, 65.5, 80.0, 58.0, 90.5, 77.0, 61.0, 84.0, 69.5, 73.0];
    const HIRED: [bool; 10] = [
        true, false, true, false, true, true, false, true, false, false,
    ];

    #[test]
    fn point_biserial_matches_scipy() {
        // stats.pointbiserialr([1,0,1,0,1,1,0,1,0,0], SCORES).statistic -> 0.7929590231931296
        let r = point_biserial(&SCORES, &HIRED).unwrap();
        assert_close(r, 0.7929590231931296, 1e-12);
        assert_eq!(point_biserial(&SCORES, &HIRED[..9]), None);
        assert_eq!(point_biserial(&SCORES, &[true; 10]), None); // one group only
    }

    #[test]
    fn correlate_binary_ci() {
        // stats.pearsonr([1,0,1,0,1,1,0,1,0,0], SCORES).confidence_interval(0.95)
        //   -> (0.3261878127961039, 0.9488533471604084)
        let c = correlate_binary(&SCORES, &HIRED).unwrap();
        assert_eq!(c.n, 10);
        assert_close(c.r, 0.7929590231931296, 1e-12);
        assert_close(c.ci_low.unwrap(), 0.3261878127961039, 1e-9);
        assert_close(c.ci_high.unwrap(), 0.9488533471604084, 1e-9);
    }

    #[test]
    fn ln_factorial_matches_lgamma() {
        // math.lgamma(21.0) -> 42.335616460753485; math.lgamma(22.0) -> 45.38013889847691
        // math.lgamma(51.0) -> 148.47776695177305; math.lgamma(100001.0) -> 1051299.221899122
        assert_close(ln_factorial(20), 42.335616460753485, 1e-12);
        assert_close(ln_factorial(21), 45.38013889847691, 1e-12);
        assert_close(ln_factorial(50), 148.47776695177305, 1e-12);
        assert_rel_close(ln_factorial(100_000), 1051299.221899122, 1e-15);
        assert_eq!(ln_factorial(0), 0.0);
        assert_eq!(ln_factorial(1), 0.0);
    }

    #[test]
    fn fisher_lady_tasting_tea() {
        // stats.fisher_exact([[3, 1], [1, 3]]).pvalue -> 0.48571428571428565 (exactly 17/35)
        let p = fisher_exact(3, 1, 1, 3);
        assert_close(p, 0.48571428571428565, 1e-12);
        // Fisher (1935), The Design of Experiments: two-sided p = 0.4857.
        assert_close(p, 0.4857, 5e-5);
    }

    #[test]
    fn fisher_unbalanced() {
        // stats.fisher_exact([[10, 40], [30, 20]]).pvalue -> 8.308658706239148e-05
        assert_rel_close(fisher_exact(10, 40, 30, 20), 8.308658706239148e-05, 1e-9);
        // stats.fisher_exact([[8, 2], [1, 5]]).pvalue -> 0.034965034965034975
        assert_close(fisher_exact(8, 2, 1, 5), 0.034965034965034975, 1e-12);
    }

    #[test]
    fn fisher_big() {
        // stats.fisher_exact([[120, 380], [200, 300]]).pvalue -> 7.632748578252527e-08
        assert_rel_close(
            fisher_exact(120, 380, 200, 300),
            7.632748578252527e-08,
            1e-9,
        );
    }

    #[test]
    fn fisher_zero_cells() {
        // stats.fisher_exact([[0, 5], [7, 3]]).pvalue -> 0.025641025641025637
        assert_close(fisher_exact(0, 5, 7, 3), 0.025641025641025637, 1e-12);
        // stats.fisher_exact([[5, 0], [0, 5]]).pvalue -> 0.007936507936507938
        assert_close(fisher_exact(5, 0, 0, 5), 0.007936507936507938, 1e-12);
        // stats.fisher_exact([[1, 0], [0, 0]]).pvalue -> 1.0 (empty row and column)
        assert_eq!(fisher_exact(1, 0, 0, 0), 1.0);
        // stats.fisher_exact([[0, 0], [0, 0]]).pvalue -> 1.0
        assert_eq!(fisher_exact(0, 0, 0, 0), 1.0);
    }

    #[test]
    fn fisher_balanced_is_one() {
        // stats.fisher_exact([[4, 4], [4, 4]]).pvalue -> 1.0
        assert_close(fisher_exact(4, 4, 4, 4), 1.0, 1e-12);
    }

    #[test]
    fn fisher_hundred_thousand() {
        // stats.fisher_exact([[25100, 24900], [24900, 25100]]).pvalue -> 0.20817950119479375
        assert_rel_close(
            fisher_exact(25_100, 24_900, 24_900, 25_100),
            0.20817950119479375,
            1e-6,
        );
        // stats.fisher_exact([[25300, 24700], [24900, 25100]]).pvalue -> 0.01161834604744194
        assert_rel_close(
            fisher_exact(25_300, 24_700, 24_900, 25_100),
            0.01161834604744194,
            1e-6,
        );
        // stats.fisher_exact([[30000, 20000], [29500, 20500]]).pvalue -> 0.0013065505471469886
        assert_rel_close(
            fisher_exact(30_000, 20_000, 29_500, 20_500),
            0.0013065505471469886,
            1e-6,
        );
        // stats.fisher_exact([[50000, 0], [0, 50000]]).pvalue -> 0.0 (underflows)
        assert_eq!(fisher_exact(50_000, 0, 0, 50_000), 0.0);
    }

    #[test]
    fn four_fifths_is_compared_exactly() {
        // 60% against 75% is exactly four fifths, although 0.6 / 0.75 is 0.7999... in floats.
        let (men, women) = (std::hint::black_box(0.6_f64), std::hint::black_box(0.75_f64));
        assert!(men / women < FOUR_FIFTHS, "the floating-point trap this rule avoids");
        assert!(!below_four_fifths(60, 100, 75, 100));
        assert!(!below_four_fifths(3, 5, 3, 4));
        assert!(below_four_fifths(59, 100, 75, 100));
        assert!(below_four_fifths(0, 10, 1, 10));
        assert!(!below_four_fifths(0, 10, 0, 10), "no one selected anywhere: nothing to compare");
        assert!(!below_four_fifths(0, 0, 5, 10), "an empty group is not flagged");
        assert!(rate_below(1, 3, 2, 5) && !rate_below(2, 5, 1, 3) && !rate_below(2, 4, 1, 2));
    }

    #[test]
    fn selection_rate_and_impact_ratio() {
        // 30 / 100 -> 0.3; 50 / 100 -> 0.5; 0.3 / 0.5 -> 0.6 (Python float division)
        let low = selection_rate(30, 100).unwrap();
        let high = selection_rate(50, 100).unwrap();
        assert_close(low, 0.3, 1e-15);
        assert_close(high, 0.5, 1e-15);
        let ratio = impact_ratio(low, high).unwrap();
        assert_close(ratio, 0.6, 1e-15);
        assert!(ratio < FOUR_FIFTHS);
        // 0.45 / 0.5 -> 0.9 (Python): not flagged.
        assert!(impact_ratio(0.45, 0.5).unwrap() >= FOUR_FIFTHS);
    }

    #[test]
    fn rate_and_ratio_none_cases() {
        assert_eq!(selection_rate(0, 0), None);
        assert_eq!(selection_rate(0, 10), Some(0.0));
        assert_eq!(impact_ratio(0.3, 0.0), None);
        assert_eq!(impact_ratio(f64::NAN, 0.5), None);
        assert_eq!(impact_ratio(0.3, f64::NAN), None);
    }

    #[test]
    fn cronbach_alpha_likert() {
        // numpy: M = np.array(likert); k = 4
        //   k/(k-1) * (1 - M.var(axis=0, ddof=1).sum() / M.sum(axis=1).var(ddof=1))
        //   -> 0.9606837606837608
        // pingouin 0.7.0: pingouin.cronbach_alpha(pd.DataFrame(M)) -> (0.9606837606837606, [0.859, 0.994])
        let alpha = cronbach_alpha(&likert()).unwrap();
        assert_close(alpha, 0.9606837606837608, 1e-12);
        assert_close(alpha, 0.9606837606837606, 1e-12);
    }

    #[test]
    fn cronbach_alpha_none_cases() {
        assert_eq!(cronbach_alpha(&[]), None);
        assert_eq!(cronbach_alpha(&[vec![1.0, 2.0]]), None); // n < 2
        assert_eq!(cronbach_alpha(&[vec![1.0], vec![2.0]]), None); // k < 2
        assert_eq!(cronbach_alpha(&[vec![1.0, 2.0], vec![3.0]]), None); // ragged

        // Every respondent has the same total: zero total variance.
        assert_eq!(
            cronbach_alpha(&[vec![1.0, 3.0], vec![3.0, 1.0], vec![2.0, 2.0]]),
            None
        );
    }

    #[test]
    fn difficulty_share_of_max() {
        // np.mean([1, 0, 1, 1, 0, 1, 1, 1]) / 1 -> 0.75; np.mean([3, 4, 2, 5, 4]) / 5 -> 0.72
        assert_close(
            difficulty(&[1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0], 1.0).unwrap(),
            0.75,
            1e-15,
        );
        assert_close(
            difficulty(&[3.0, 4.0, 2.0, 5.0, 4.0], 5.0).unwrap(),
            0.72,
            1e-15,
        );
        assert_eq!(difficulty(&[], 1.0), None);
        assert_eq!(difficulty(&[1.0], 0.0), None);
        assert_eq!(difficulty(&[1.0], f64::NAN), None);
    }
}
