//! The load benchmark: three scenarios of a hiring day, each on a fresh database and a freshly
//! started server, so CPU time and peak memory are the scenario's own.

use crate::candidate::{load_step, open_and_start, take_screening, timed, value_items, Think};
use crate::client::Api;
use crate::process::{free_addr, Launch, Running, Usage};
use crate::setup::{self, Database};
use crate::stats::{KindSummary, Recorder};
use rand::Rng;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct BenchOptions {
    pub server: PathBuf,
    /// "sqlite" and/or PostgreSQL URLs that may create databases.
    pub engines: Vec<String>,
    pub scenarios: Vec<char>,
    pub candidates: usize,
    /// Scenario (a): how long it runs, the think time, and how spread out the starts are.
    pub steady_for: Duration,
    pub think: (Duration, Duration),
    pub steady_ramp: Duration,
    /// Scenario (b): how many candidates save at once with no think time, and for how long.
    pub flat_out_candidates: usize,
    pub flat_out_for: Duration,
    /// Scenario (c): the window in which every candidate starts.
    pub rush_within: Duration,
    /// SQLite `synchronous` settings to measure (b) with; (a) and (c) use the first.
    pub synchronous: Vec<String>,
    pub work_dir: PathBuf,
}

/// One measured run.
#[derive(Clone, Debug)]
pub struct Run {
    pub scenario: String,
    pub engine: String,
    pub wall: Duration,
    pub kinds: Vec<KindSummary>,
    pub usage: Usage,
}

impl Run {
    pub fn kind(&self, kind: &str) -> Option<&KindSummary> {
        self.kinds.iter().find(|k| k.kind == kind)
    }

    pub fn errors(&self) -> u64 {
        self.kinds.iter().map(|k| k.errors).sum()
    }
}

/// The whole report, as Markdown.
pub async fn run(options: &BenchOptions) -> Result<String, String> {
    std::fs::create_dir_all(&options.work_dir).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for engine in &options.engines {
        let sqlite = engine == "sqlite";
        let first_sync = options.synchronous.first().cloned().unwrap_or_else(|| "full".into());
        let name = if sqlite { format!("SQLite (synchronous = {})", first_sync.to_uppercase()) } else { "PostgreSQL".into() };
        let _ = writeln!(out, "\n## {name}\n");
        eprintln!("== {name}");
        if options.scenarios.contains(&'a') {
            let run = steady(options, engine, &first_sync).await?;
            let save_p99 = run.kind("save answer").map(|k| k.p99_ms).unwrap_or(f64::NAN);
            let title = format!(
                "(a) {} candidates, {}–{} s think time, {} s",
                options.candidates,
                options.think.0.as_secs(),
                options.think.1.as_secs(),
                options.steady_for.as_secs()
            );
            table(&mut out, &title, &run);
            let met = save_p99 < 100.0 && run.errors() == 0;
            let _ = writeln!(out, "Target: autosave p99 under 100 ms and no errors: **{}** (p99 {save_p99:.1} ms, {} errors).\n", verdict(met), run.errors());
        }
        if options.scenarios.contains(&'b') {
            let settings: Vec<String> = if sqlite { options.synchronous.clone() } else { vec![first_sync.clone()] };
            let _ = writeln!(
                out,
                "### (b) As fast as it goes: {} candidates saving with no think time, {} s each\n",
                options.flat_out_candidates,
                options.flat_out_for.as_secs()
            );
            let _ = writeln!(out, "| target | setting | saves/s | p50 ms | p99 ms | errors | server CPU | peak memory |");
            let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|");
            let mut verdicts = Vec::new();
            for sync in &settings {
                let setting = if sqlite { format!("synchronous = {}", sync.to_uppercase()) } else { "default".into() };
                let product = flat_out(options, engine, sync, false).await?;
                let ceiling = flat_out(options, engine, sync, true).await?;
                for (label, run) in [("Keepers autosave", &product), ("ceiling: axum + sqlx upsert", &ceiling)] {
                    let save = run.kind("save answer").cloned().unwrap_or_else(|| empty("save answer"));
                    let _ = writeln!(
                        out,
                        "| {label} | {setting} | {:.0} | {:.1} | {:.1} | {} | {} | {:.0} MB |",
                        save.per_second,
                        save.p50_ms,
                        save.p99_ms,
                        save.errors,
                        cpu(run),
                        run.usage.peak_rss_mb
                    );
                }
                let ratio = rate(&product) / rate(&ceiling).max(1e-9);
                verdicts.push(format!("{setting}: {:.0}% of the ceiling, **{}**", ratio * 100.0, verdict(ratio >= 0.70)));
            }
            let _ = writeln!(out, "\nTarget: at least 70% of the ceiling. {}.\n", verdicts.join("; "));
        }
        if options.scenarios.contains(&'c') {
            let run = rush(options, engine, &first_sync).await?;
            let start_p99 = run.kind("start").map(|k| k.p99_ms).unwrap_or(f64::NAN);
            let title = format!("(c) {} candidates starting within {} s", options.candidates, options.rush_within.as_secs());
            table(&mut out, &title, &run);
            let _ = writeln!(out, "Target: start p99 under 1 s: **{}** (p99 {start_p99:.0} ms, {} errors).\n", verdict(start_p99 < 1000.0 && run.errors() == 0), run.errors());
        }
    }
    Ok(out)
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "missed"
    }
}

fn empty(kind: &'static str) -> KindSummary {
    KindSummary { kind, count: 0, errors: 0, per_second: 0.0, p50_ms: 0.0, p95_ms: 0.0, p99_ms: 0.0, max_ms: 0.0, first_errors: vec![] }
}

fn rate(run: &Run) -> f64 {
    run.kind("save answer").map(|k| k.per_second).unwrap_or(0.0)
}

fn cpu(run: &Run) -> String {
    format!("{:.0}% of a core", 100.0 * run.usage.cpu_seconds / run.wall.as_secs_f64().max(1e-9))
}

fn table(out: &mut String, title: &str, run: &Run) {
    let _ = writeln!(out, "### {title}\n");
    let _ = writeln!(out, "| request | count | per s | p50 ms | p95 ms | p99 ms | max ms | errors |");
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for k in &run.kinds {
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {} |",
            k.kind, k.count, k.per_second, k.p50_ms, k.p95_ms, k.p99_ms, k.max_ms, k.errors
        );
    }
    let _ = writeln!(out, "\nServer over {:.0} s: {}, peak memory {:.0} MB.", run.wall.as_secs_f64(), cpu(run), run.usage.peak_rss_mb);
    for e in run.kinds.iter().flat_map(|k| k.first_errors.iter().map(move |e| (k.kind, e))).take(5) {
        let _ = writeln!(out, "\n- first errors, {}: `{}`", e.0, e.1.replace('`', "'"));
    }
    let _ = writeln!(out);
}

/// A fresh database and Keepers started on it.
async fn keepers(options: &BenchOptions, engine: &str, synchronous: &str, label: &str) -> Result<(Database, Running), String> {
    let db = Database::fresh(engine, &options.work_dir).await?;
    let log = options.work_dir.join(format!("{label}.log"));
    let mut launch = setup::keepers(&options.server, &db, &log);
    launch.env.push(("KEEPERS_SQLITE_SYNCHRONOUS".into(), synchronous.into()));
    let server = launch.start().await?;
    Ok((db, server))
}

async fn finish(db: Database, mut server: Running, scenario: String, wall: Duration, rec: &Recorder, before: Usage) -> Run {
    let after = server.usage();
    server.kill().await;
    let engine = db.engine().to_string();
    db.remove().await;
    let usage = Usage { cpu_seconds: after.cpu_seconds - before.cpu_seconds, peak_rss_mb: after.peak_rss_mb };
    Run { scenario, engine, wall, kinds: rec.summary(wall), usage }
}

/// (a) Candidates starting over the ramp, then answering at a human pace.
async fn steady(options: &BenchOptions, engine: &str, synchronous: &str) -> Result<Run, String> {
    eprintln!("(a) steady: inviting {} candidates", options.candidates);
    let (db, server) = keepers(options, engine, synchronous, "steady").await?;
    let tokens = setup::invite(&server.base, options.candidates).await?;
    let api = Api::new(&server.base);
    let rec = Arc::new(Recorder::default());
    let before = server.usage();
    let started = Instant::now();
    let until = started + options.steady_for;
    let think = Think::Between(options.think.0, options.think.1);
    let mut tasks = Vec::new();
    for token in tokens {
        let (api, rec, ramp) = (api.clone(), rec.clone(), options.steady_ramp);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(random_up_to(ramp)).await;
            take_screening(&api, &rec, &token, think, until).await;
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    // Rates are over the whole window, including its quiet end.
    tokio::time::sleep_until(until.into()).await;
    Ok(finish(db, server, "a".into(), started.elapsed(), &rec, before).await)
}

/// (b) Every candidate saving again the moment the last save is acknowledged, against Keepers or
/// against the ceiling handler.
async fn flat_out(options: &BenchOptions, engine: &str, synchronous: &str, ceiling: bool) -> Result<Run, String> {
    let n = options.flat_out_candidates;
    eprintln!("(b) flat out: {} with {n} candidates, synchronous = {synchronous}", if ceiling { "ceiling" } else { "Keepers" });
    let setup_rec = Recorder::default();
    let (db, server, plans) = if ceiling {
        let db = Database::fresh(engine, &options.work_dir).await?;
        let addr = free_addr();
        let launch = Launch {
            program: std::env::current_exe().map_err(|e| e.to_string())?,
            args: vec!["ceiling".into(), "--database-url".into(), db.url(), "--addr".into(), addr.to_string(), "--synchronous".into(), synchronous.into()],
            env: vec![],
            addr,
            log: options.work_dir.join("ceiling.log"),
        };
        let server = launch.start().await?;
        // The same form as Keepers gets: a token, a section and one of twenty items.
        let items: Vec<(String, Vec<String>)> = (0..20).map(|i| (i.to_string(), (1..=5).map(|v: u8| v.to_string()).collect())).collect();
        let plans = (0..n).map(|_| (uuid::Uuid::new_v4().to_string(), "0".to_string(), items.clone())).collect();
        (db, server, plans)
    } else {
        let (db, server) = keepers(options, engine, synchronous, "flat-out").await?;
        let tokens = setup::invite(&server.base, n).await?;
        let api = Api::new(&server.base);
        let mut plans = Vec::new();
        for token in tokens {
            open_and_start(&api, &setup_rec, &token).await.ok_or("a candidate could not start")?;
            let (section, items) = value_items(&api, &setup_rec, &token).await.ok_or("the first section did not load")?;
            plans.push((token, section, items));
        }
        (db, server, plans)
    };
    measure_flat_out(options, db, server, plans).await
}

/// A candidate's token, current section, and the items they answer with the values each takes.
type Plan = (String, String, Vec<(String, Vec<String>)>);

async fn measure_flat_out(options: &BenchOptions, db: Database, server: Running, plans: Vec<Plan>) -> Result<Run, String> {
    let api = Api::new(&server.base);
    let rec = Arc::new(Recorder::default());
    let before = server.usage();
    let started = Instant::now();
    let until = started + options.flat_out_for;
    let mut tasks = Vec::new();
    for (token, section, items) in plans {
        let (api, rec) = (api.clone(), rec.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < until {
                let (item, value) = {
                    let mut rng = rand::rng();
                    let (item, choices) = &items[rng.random_range(0..items.len())];
                    (item.clone(), choices[rng.random_range(0..choices.len())].clone())
                };
                let form = [("token", token.as_str()), ("section", section.as_str()), ("item", item.as_str()), ("value", value.as_str())];
                timed(&rec, "save answer", api.call("/api/take/save", &form)).await;
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    Ok(finish(db, server, "b".into(), started.elapsed(), &rec, before).await)
}

/// (c) Everyone opening their link and starting within a few seconds, then answering a little.
async fn rush(options: &BenchOptions, engine: &str, synchronous: &str) -> Result<Run, String> {
    eprintln!("(c) rush: inviting {} candidates", options.candidates);
    let (db, server) = keepers(options, engine, synchronous, "rush").await?;
    let tokens = setup::invite(&server.base, options.candidates).await?;
    let api = Api::new(&server.base);
    let rec = Arc::new(Recorder::default());
    let before = server.usage();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for token in tokens {
        let (api, rec, within) = (api.clone(), rec.clone(), options.rush_within);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(random_up_to(within)).await;
            open_and_start(&api, &rec, &token).await?;
            let step = load_step(&api, &rec, &token).await?;
            let page = step.get("Section")?;
            let section = page["index"].as_u64()?.to_string();
            for item in page["items"].as_array()?.iter().take(3) {
                tokio::time::sleep(Think::Between(Duration::from_secs(1), Duration::from_secs(3)).pause()).await;
                let reply = crate::candidate::reply_for(item)?;
                crate::candidate::answer(&api, &rec, &token, &section, item["id"].as_str()?, &reply).await?;
            }
            Some(())
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    Ok(finish(db, server, "c".into(), started.elapsed(), &rec, before).await)
}

fn random_up_to(d: Duration) -> Duration {
    if d.is_zero() {
        Duration::ZERO
    } else {
        rand::rng().random_range(Duration::ZERO..d)
    }
}
