//! Latencies and errors per kind of request, summarised as rates and percentiles.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

#[derive(Default)]
struct Samples {
    micros: Vec<u64>,
    errors: u64,
    first_errors: Vec<String>,
}

/// Shared by every simulated candidate of one run.
#[derive(Default)]
pub struct Recorder {
    kinds: Mutex<BTreeMap<&'static str, Samples>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct KindSummary {
    pub kind: &'static str,
    pub count: usize,
    pub errors: u64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub first_errors: Vec<String>,
}

impl Recorder {
    pub fn ok(&self, kind: &'static str, took: Duration) {
        let mut kinds = self.kinds.lock().unwrap();
        kinds.entry(kind).or_default().micros.push(took.as_micros() as u64);
    }

    pub fn error(&self, kind: &'static str, what: String) {
        let mut kinds = self.kinds.lock().unwrap();
        let samples = kinds.entry(kind).or_default();
        samples.errors += 1;
        if samples.first_errors.len() < 5 {
            samples.first_errors.push(what);
        }
    }

    pub fn total_errors(&self) -> u64 {
        self.kinds.lock().unwrap().values().map(|s| s.errors).sum()
    }

    /// One line per kind, over `wall` seconds of running.
    pub fn summary(&self, wall: Duration) -> Vec<KindSummary> {
        let kinds = self.kinds.lock().unwrap();
        kinds
            .iter()
            .map(|(kind, samples)| {
                let mut sorted = samples.micros.clone();
                sorted.sort_unstable();
                let ms = |p: f64| percentile(&sorted, p) as f64 / 1000.0;
                KindSummary {
                    kind,
                    count: sorted.len(),
                    errors: samples.errors,
                    per_second: sorted.len() as f64 / wall.as_secs_f64().max(1e-9),
                    p50_ms: ms(0.50),
                    p95_ms: ms(0.95),
                    p99_ms: ms(0.99),
                    max_ms: sorted.last().copied().unwrap_or(0) as f64 / 1000.0,
                    first_errors: samples.first_errors.clone(),
                }
            })
            .collect()
    }
}

/// Nearest-rank percentile of sorted values (0 when there are none).
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&values, 0.50), 50);
        assert_eq!(percentile(&values, 0.95), 95);
        assert_eq!(percentile(&values, 0.99), 99);
        assert_eq!(percentile(&values, 1.0), 100);
        assert_eq!(percentile(&[7], 0.99), 7);
        assert_eq!(percentile(&[], 0.5), 0);
    }

    #[test]
    fn summary_counts_per_kind() {
        let r = Recorder::default();
        for ms in [10, 20, 30, 40] {
            r.ok("save", Duration::from_millis(ms));
        }
        r.error("save", "HTTP 500".into());
        r.ok("start", Duration::from_millis(5));
        let s = r.summary(Duration::from_secs(2));
        let save = s.iter().find(|k| k.kind == "save").unwrap();
        assert_eq!((save.count, save.errors), (4, 1));
        assert_eq!(save.per_second, 2.0);
        assert_eq!(save.p50_ms, 20.0);
        assert_eq!(save.max_ms, 40.0);
        assert_eq!(r.total_errors(), 1);
    }
}
