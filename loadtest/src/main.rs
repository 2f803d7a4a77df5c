//! `keepers-load`: the load benchmark, the crash test, and the ceiling handler they compare with.

use loadtest::bench::{self, BenchOptions};
use loadtest::crash::{self, CrashOptions};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

const HELP: &str = "\
keepers-load: many candidates screening at once against a real Keepers server.

USAGE:
    keepers-load bench --server PATH [options]     The load benchmark; prints a Markdown report
    keepers-load crash --server PATH [options]     SIGKILL the server under load; check nothing is lost
    keepers-load ceiling --database-url URL --addr HOST:PORT [--synchronous full|normal]

OPTIONS (bench):
    --engine E            sqlite, or a postgres:// URL that may create databases; repeatable (default sqlite)
    --scenarios abc       which of (a) steady, (b) flat out, (c) rush to run (default abc)
    --candidates N        candidates in (a) and (c) (default 1000)
    --steady-seconds S    how long (a) runs (default 240)
    --flat-out N          candidates saving at once in (b) (default 64)
    --flat-out-seconds S  how long each (b) run lasts (default 20)
    --synchronous L       SQLite settings to compare in (b), e.g. full,normal (default full,normal)
    --out FILE            also write the report to FILE

OPTIONS (crash):
    --engine E            sqlite or a postgres:// URL (default sqlite)
    --candidates N        (default 50)
    --kills N             (default 200)
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_else(|| "help".into());
    let mut flags: HashMap<String, Vec<String>> = HashMap::new();
    while let Some(flag) = args.next() {
        let Some(name) = flag.strip_prefix("--") else { return fail(&format!("unexpected argument {flag}")) };
        let Some(value) = args.next() else { return fail(&format!("--{name} needs a value")) };
        flags.entry(name.to_string()).or_default().push(value);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a Tokio runtime");
    let result = runtime.block_on(async move {
        match command.as_str() {
            "bench" => run_bench(&flags).await,
            "crash" => run_crash(&flags).await,
            "ceiling" => run_ceiling(&flags).await,
            "help" | "-h" | "--help" => {
                print!("{HELP}");
                Ok(())
            }
            other => Err(format!("unknown command {other}\n\n{HELP}")),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("keepers-load: {message}");
    ExitCode::FAILURE
}

fn one<'a>(flags: &'a HashMap<String, Vec<String>>, name: &str) -> Option<&'a str> {
    flags.get(name).and_then(|v| v.last()).map(String::as_str)
}

fn number(flags: &HashMap<String, Vec<String>>, name: &str, default: u64) -> Result<u64, String> {
    match one(flags, name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| format!("--{name} must be a whole number, not {v:?}")),
    }
}

fn server(flags: &HashMap<String, Vec<String>>) -> Result<PathBuf, String> {
    let path = PathBuf::from(one(flags, "server").ok_or("--server PATH (the keepers binary) is needed")?);
    if !path.is_file() {
        return Err(format!("no server binary at {}", path.display()));
    }
    Ok(path)
}

fn work_dir() -> PathBuf {
    std::env::temp_dir().join(format!("keepers-load-{}", std::process::id()))
}

async fn run_bench(flags: &HashMap<String, Vec<String>>) -> Result<(), String> {
    let options = BenchOptions {
        server: server(flags)?,
        engines: flags.get("engine").cloned().unwrap_or_else(|| vec!["sqlite".into()]),
        scenarios: one(flags, "scenarios").unwrap_or("abc").chars().collect(),
        candidates: number(flags, "candidates", 1000)? as usize,
        steady_for: Duration::from_secs(number(flags, "steady-seconds", 240)?),
        think: (Duration::from_secs(30), Duration::from_secs(90)),
        steady_ramp: Duration::from_secs(30),
        flat_out_candidates: number(flags, "flat-out", 64)? as usize,
        flat_out_for: Duration::from_secs(number(flags, "flat-out-seconds", 20)?),
        rush_within: Duration::from_secs(10),
        synchronous: one(flags, "synchronous").unwrap_or("full,normal").split(',').map(str::to_string).collect(),
        work_dir: work_dir(),
    };
    let report = bench::run(&options).await;
    let _ = std::fs::remove_dir_all(&options.work_dir);
    let report = report?;
    print!("{report}");
    if let Some(out) = one(flags, "out") {
        std::fs::write(out, &report).map_err(|e| format!("{out}: {e}"))?;
    }
    Ok(())
}

async fn run_crash(flags: &HashMap<String, Vec<String>>) -> Result<(), String> {
    let options = CrashOptions {
        server: server(flags)?,
        engine: one(flags, "engine").unwrap_or("sqlite").to_string(),
        candidates: number(flags, "candidates", 50)? as usize,
        kills: number(flags, "kills", 200)? as usize,
        uptime: (Duration::from_millis(300), Duration::from_millis(2000)),
        work_dir: work_dir(),
    };
    let report = crash::run(options.clone()).await;
    let _ = std::fs::remove_dir_all(&options.work_dir);
    let report = report?;
    println!("{report}");
    if report.lost > 0 || report.errors > 0 || report.integrity != "ok" {
        return Err(format!("answers were lost or requests failed: {:?}", report.first_errors));
    }
    Ok(())
}

async fn run_ceiling(flags: &HashMap<String, Vec<String>>) -> Result<(), String> {
    let url = one(flags, "database-url").ok_or("--database-url is needed")?;
    let addr = one(flags, "addr").ok_or("--addr is needed")?.parse().map_err(|e| format!("--addr: {e}"))?;
    let synchronous = match one(flags, "synchronous").unwrap_or("full") {
        "full" => "FULL",
        "normal" => "NORMAL",
        other => return Err(format!("--synchronous must be full or normal, not {other:?}")),
    };
    loadtest::ceiling::serve(url, addr, synchronous).await
}
