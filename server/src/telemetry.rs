//! Structured logs: human-readable by default, JSON with `KEEPERS_LOG_FORMAT=json`.
//! The level comes from `RUST_LOG` (default: info for Keepers, warn for libraries).

use tracing_subscriber::{fmt, EnvFilter};

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("warn,server=info,app=info,keepers=info,tower_http=info"));
    let json = std::env::var("KEEPERS_LOG_FORMAT").map(|v| v == "json").unwrap_or(false);
    let builder = fmt().with_env_filter(filter).with_target(false);
    // A second init (tests start many apps in one process) is harmless.
    if json {
        let _ = builder.json().flatten_event(true).try_init();
    } else {
        let _ = builder.compact().try_init();
    }
}
