//! The crash test's short mode: fifty candidates keep saving answers while the real `keepers`
//! binary is killed with SIGKILL a few times and started again. Every acknowledged answer must
//! be stored, no request may fail other than by the server being down, and the database must
//! pass its integrity check. It asserts correctness only; `keepers-load crash` is the long mode.
//!
//! On SQLite by default; on PostgreSQL when KEEPERS_TEST_POSTGRES_URL is set.

use loadtest::crash::{run, CrashOptions};
use std::path::PathBuf;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killing_the_server_loses_no_acknowledged_answer() {
    let engine = std::env::var("KEEPERS_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()).unwrap_or_else(|| "sqlite".into());
    let options = CrashOptions {
        server: PathBuf::from(env!("CARGO_BIN_EXE_keepers")),
        engine,
        candidates: 50,
        kills: 4,
        uptime: (Duration::from_millis(500), Duration::from_millis(2000)),
        work_dir: std::env::temp_dir().join(format!("keepers-crash-{}", uuid::Uuid::new_v4().simple())),
    };
    // The folder (with the server's log) is left behind when the run fails.
    let report = run(options.clone()).await.unwrap_or_else(|e| panic!("the crash test could not run: {e}"));
    let _ = std::fs::remove_dir_all(&options.work_dir);
    println!("{report}");
    assert_eq!(report.kills, 4);
    assert!(report.acknowledged > 0, "no save was acknowledged: {report}");
    assert_eq!(report.errors, 0, "requests failed: {:?}", report.first_errors);
    assert_eq!(report.lost, 0, "acknowledged answers were lost: {report}");
    assert_eq!(report.integrity, "ok");
}
