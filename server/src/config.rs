//! Start-up configuration: from the environment, overridable by command-line flags.

use app::clock::Clock;
use app::config::Settings;
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub addr: SocketAddr,
    /// Where cargo-leptos put the compiled site (`pkg/` with the WASM, JS and CSS).
    pub site_root: String,
    pub settings: Settings,
    pub clock: Clock,
    /// Seed the demo organisation when the database has no staff.
    pub seed_demo: bool,
    /// Run background housekeeping (expired sessions, later: expired attempts).
    pub housekeeping_every: Option<Duration>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {why}")]
    Invalid { name: &'static str, why: String },
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/keepers.db";

impl Config {
    /// Reads `KEEPERS_*` variables; anything unset has a working default for a laptop.
    pub fn from_env() -> Result<Config, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let addr_raw = var("KEEPERS_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr = addr_raw
            .parse()
            .map_err(|e: std::net::AddrParseError| ConfigError::Invalid { name: "KEEPERS_ADDR", why: e.to_string() })?;
        let mut settings = Settings::default();
        settings.public_url = var("KEEPERS_PUBLIC_URL").map(|u| u.trim_end_matches('/').to_string());
        if let Some(u) = &settings.public_url {
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                return Err(ConfigError::Invalid { name: "KEEPERS_PUBLIC_URL", why: "it must start with http:// or https://".into() });
            }
        }
        if let Some(raw) = var("KEEPERS_TRUST_PROXY") {
            settings.proxies = app::auth::proxy::ProxyTrust::parse(&raw)
                .map_err(|why| ConfigError::Invalid { name: "KEEPERS_TRUST_PROXY", why })?;
        }
        if let Some(n) = var("KEEPERS_MAX_PASSWORD_HASHES") {
            settings.hashing_permits = n.parse::<usize>().ok().filter(|n| *n > 0).ok_or(ConfigError::Invalid {
                name: "KEEPERS_MAX_PASSWORD_HASHES",
                why: "use a whole number above 0".into(),
            })?;
        }
        if let Some(mins) = var("KEEPERS_SESSION_IDLE_MINUTES") {
            let m: u64 = mins.parse().map_err(|_| ConfigError::Invalid {
                name: "KEEPERS_SESSION_IDLE_MINUTES",
                why: "use a whole number of minutes".into(),
            })?;
            settings.session_idle = Duration::from_secs(m.max(1) * 60);
        }
        Ok(Config {
            database_url: var("KEEPERS_DATABASE_URL").or_else(|| var("DATABASE_URL")).unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            addr,
            site_root: var("KEEPERS_SITE_ROOT").or_else(|| var("LEPTOS_SITE_ROOT")).unwrap_or_else(|| "target/site".into()),
            settings,
            clock: Clock::System,
            seed_demo: false,
            housekeeping_every: Some(Duration::from_secs(60)),
        })
    }
}
