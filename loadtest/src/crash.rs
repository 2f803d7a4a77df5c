//! The crash test: candidates keep saving answers while the server is killed with SIGKILL at
//! random moments and started again. Every answer the server acknowledged must be there after,
//! and the database must pass its integrity check.
//!
//! Each candidate sends one save at a time and, like the browser's autosave, sends the same save
//! again until it is acknowledged. So the last acknowledged value of each item is what must be
//! stored: a later save to that item was never sent before this one was acknowledged.

use crate::candidate::{open_and_start, stored_value, value_items};
use crate::client::{Api, CallError};
use crate::setup::{self, Database};
use crate::stats::Recorder;
use rand::Rng;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct CrashOptions {
    pub server: PathBuf,
    /// "sqlite" or a PostgreSQL URL that may create databases.
    pub engine: String,
    pub candidates: usize,
    pub kills: usize,
    /// The server runs between kills for a random time in this range.
    pub uptime: (Duration, Duration),
    pub work_dir: PathBuf,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CrashReport {
    pub engine: &'static str,
    pub kills: usize,
    pub candidates: usize,
    pub acknowledged: u64,
    /// Acknowledged answers whose stored value differs or is missing.
    pub lost: u64,
    /// Answers other than success, or failures that were not the server being down.
    pub errors: u64,
    pub first_errors: Vec<String>,
    /// Saves that got no answer because the server was down, then were sent again.
    pub retried: u64,
    pub integrity: String,
    pub seconds: f64,
}

impl std::fmt::Display for CrashReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} kills, {} candidates: acknowledged {}, lost {}; {} errors; {} saves sent again after a kill; integrity check: {} ({:.0} s)",
            self.engine, self.kills, self.candidates, self.acknowledged, self.lost, self.errors, self.retried, self.integrity, self.seconds
        )
    }
}

/// What one candidate was told was saved: item id to value.
type Acked = HashMap<String, String>;

pub async fn run(options: CrashOptions) -> Result<CrashReport, String> {
    let started = Instant::now();
    std::fs::create_dir_all(&options.work_dir).map_err(|e| e.to_string())?;
    let db = Database::fresh(&options.engine, &options.work_dir).await?;
    let result = run_on(&options, &db, started).await;
    db.remove().await;
    result
}

async fn run_on(options: &CrashOptions, db: &Database, started: Instant) -> Result<CrashReport, String> {
    let log = options.work_dir.join(format!("crash-server-{}.log", std::process::id()));
    let launch = setup::keepers(&options.server, db, &log);
    let mut server = launch.start().await?;
    let api = Api::new(&server.base);
    let rec = Arc::new(Recorder::default());
    let tokens = setup::invite(&server.base, options.candidates).await?;
    let mut plans = Vec::new();
    for token in &tokens {
        open_and_start(&api, &rec, token).await.ok_or_else(|| format!("start failed: {:?}", rec.summary(Duration::from_secs(1))))?;
        let (section, items) = value_items(&api, &rec, token).await.ok_or("the first section did not load")?;
        if items.is_empty() {
            return Err("the first section has no items to answer".into());
        }
        plans.push((token.clone(), section, items));
    }

    let stop = Arc::new(AtomicBool::new(false));
    let retried = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for (token, section, items) in plans.clone() {
        let (api, rec, stop, retried) = (api.clone(), rec.clone(), stop.clone(), retried.clone());
        workers.push(tokio::spawn(async move { keep_saving(&api, &rec, &token, &section, &items, &stop, &retried).await }));
    }

    for _ in 0..options.kills {
        let (lo, hi) = options.uptime;
        let up = if hi > lo { rand::rng().random_range(lo..hi) } else { lo };
        tokio::time::sleep(up).await;
        server.kill().await;
        server = launch.start().await?;
    }
    stop.store(true, Ordering::SeqCst);
    let mut acked: Vec<(String, u64, Acked)> = Vec::new();
    for (worker, (token, _, _)) in workers.into_iter().zip(&plans) {
        let (count, values) = worker.await.map_err(|e| e.to_string())?;
        acked.push((token.clone(), count, values));
    }

    // One more kill once everything is acknowledged, then read every answer back.
    server.kill().await;
    server = launch.start().await?;
    let mut lost = 0;
    for (token, _, values) in &acked {
        let step = api.call("/api/take/now", &[("token", token)]).await.map_err(|e| format!("read back: {e}"))?;
        let stored: HashMap<String, String> = step["Section"]["answers"]
            .as_array()
            .map(|answers| {
                answers
                    .iter()
                    .filter_map(|pair| {
                        let id = pair[0].as_str()?.to_string();
                        Some((id, stored_value(&pair[1])?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        lost += values.iter().filter(|(item, value)| stored.get(*item) != Some(*value)).count() as u64;
    }
    server.kill().await;
    let integrity = db.integrity().await?;
    let errors = rec.total_errors();
    let first_errors = rec.summary(Duration::from_secs(1)).into_iter().flat_map(|k| k.first_errors).take(5).collect();
    Ok(CrashReport {
        engine: db.engine(),
        kills: options.kills,
        candidates: options.candidates,
        acknowledged: acked.iter().map(|(_, n, _)| n).sum(),
        lost,
        errors,
        first_errors,
        retried: retried.load(Ordering::SeqCst),
        integrity,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Saves answers one at a time until told to stop; returns how many were acknowledged and the
/// last acknowledged value of each item.
async fn keep_saving(
    api: &Api,
    rec: &Recorder,
    token: &str,
    section: &str,
    items: &[(String, Vec<String>)],
    stop: &AtomicBool,
    retried: &AtomicU64,
) -> (u64, Acked) {
    let mut acked = Acked::new();
    let mut count = 0;
    while !stop.load(Ordering::SeqCst) {
        // A fresh value each time, so a lost write shows up as an older value.
        let (item, value) = {
            let mut rng = rand::rng();
            let (item, choices) = &items[rng.random_range(0..items.len())];
            (item.clone(), choices[rng.random_range(0..choices.len())].clone())
        };
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            let sent = Instant::now();
            match api.call("/api/take/save", &[("token", token), ("section", section), ("item", &item), ("value", &value)]).await {
                Ok(_) => {
                    rec.ok("save answer", sent.elapsed());
                    acked.insert(item.clone(), value.clone());
                    count += 1;
                    break;
                }
                Err(CallError::Transport(e)) if Instant::now() < deadline => {
                    let _ = e;
                    retried.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => {
                    rec.error("save answer", e.to_string());
                    break;
                }
            }
        }
        let pause = rand::rng().random_range(10..120);
        tokio::time::sleep(Duration::from_millis(pause)).await;
    }
    (count, acked)
}
