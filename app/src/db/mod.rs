//! Storage: one SQL dialect spoken to SQLite or PostgreSQL through sqlx's `Any` driver,
//! the engine picked at start-up from the database URL.
//!
//! Conventions every query follows so one text runs on both engines:
//! ids are UUID text, instants are `BIGINT` milliseconds since the epoch (from [`crate::clock`]),
//! flags are `BIGINT` 0/1 or nullable instants, parameters are `$1, $2, ...`.

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

pub mod group_commit;
pub mod rows;
pub mod versioned;
pub use rows::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the database URL {0:?} names no engine Keepers knows; use sqlite://path/to/file.db or postgres://user@host/db")]
    UnknownScheme(String),
    #[error("could not open the database at {url}: {source}")]
    Unreachable { url: String, source: sqlx::Error },
    #[error("could not bring the database schema up to date: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("KEEPERS_SQLITE_SYNCHRONOUS must be full or normal, not {0:?}")]
    Synchronous(String),
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
}

impl Engine {
    pub fn from_url(url: &str) -> Result<Engine, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else {
            Err(DbError::UnknownScheme(redact(url)))
        }
    }
}

/// Hides a password in a URL before it reaches a log or an error message.
/// A `LIKE ... ESCAPE '!'` pattern that finds `words` anywhere: `%` and `_` typed into a search
/// box are searched for, not wildcards.
pub fn contains_pattern(words: &str) -> String {
    format!("%{}%", words.replace('!', "!!").replace('%', "!%").replace('_', "!_"))
}

pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The database handle in `AppState`.
///
/// SQLite allows one writer at a time, so writes go through a pool of one connection
/// (they queue in the app instead of failing with SQLITE_BUSY) and reads use their own pool.
/// On PostgreSQL both are the same pool.
#[derive(Clone, Debug)]
pub struct Db {
    engine: Engine,
    read: AnyPool,
    write: AnyPool,
    /// On SQLite, small writes share commits (see `group_commit`); PostgreSQL commits in parallel.
    group: Option<group_commit::GroupCommit>,
}

impl Db {
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url)?;
        let unreachable = |source| DbError::Unreachable { url: redact(url), source };
        match engine {
            Engine::Sqlite => {
                let pragmas = sqlite_pragmas(std::env::var("KEEPERS_SQLITE_SYNCHRONOUS").ok().as_deref())?;
                ensure_sqlite_parent(url);
                let rwc = with_query(url, "mode=rwc");
                let options = AnyConnectOptions::from_str(&rwc).map_err(unreachable)?;
                let write = AnyPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(Duration::from_secs(30))
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            conn.execute(pragmas).await?;
                            Ok(())
                        })
                    })
                    .connect_with(options.clone())
                    .await
                    .map_err(unreachable)?;
                // WAL is a property of the file: set once, before readers open it.
                sqlx::query("PRAGMA journal_mode = WAL").execute(&write).await.map_err(unreachable)?;
                let read = AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(30))
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            conn.execute(pragmas).await?;
                            conn.execute("PRAGMA query_only = ON").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await
                    .map_err(unreachable)?;
                let group = Some(group_commit::GroupCommit::start(write.clone()));
                Ok(Db { engine, read, write, group })
            }
            Engine::Postgres => {
                let options = AnyConnectOptions::from_str(url).map_err(unreachable)?;
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await
                    .map_err(unreachable)?;
                Ok(Db { engine, read: pool.clone(), write: pool, group: None })
            }
        }
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// For queries that only read.
    pub fn reader(&self) -> &AnyPool {
        &self.read
    }

    /// For anything that writes, and for reads that must see this request's own writes.
    pub fn writer(&self) -> &AnyPool {
        &self.write
    }

    /// A write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`): a
    /// deferred one that reads first fails with SQLITE_BUSY, busy timeout or not, when another
    /// connection to the file (a second app server) commits between its read and its write.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres => self.write.begin().await,
        }
    }

    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.engine {
            Engine::Sqlite => sqlx::migrate!("../migrations/sqlite").run(&self.write).await?,
            Engine::Postgres => sqlx::migrate!("../migrations/postgres").run(&self.write).await?,
        }
        Ok(())
    }

    /// A small write that may share its commit with others writing at the same moment (autosaves).
    /// Returns once it is committed.
    pub async fn write_grouped(&self, statement: group_commit::Statement) -> Result<(), sqlx::Error> {
        match &self.group {
            Some(group) => group.write(statement).await,
            None => group_commit::execute(&self.write, &statement).await,
        }
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.read).await.is_ok()
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// Per-connection settings: durability and integrity are not left to defaults.
///
/// `synchronous = FULL` (the default) makes every acknowledged commit survive power loss, not
/// only a crash of Keepers. `normal` keeps commits through a crash of the process but may lose
/// the last ones if the machine loses power; the README's Performance section has the figures.
fn sqlite_pragmas(synchronous: Option<&str>) -> Result<&'static str, DbError> {
    match synchronous.map(str::to_ascii_lowercase).as_deref() {
        None | Some("") | Some("full") => Ok("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;"),
        Some("normal") => Ok("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;"),
        Some(other) => Err(DbError::Synchronous(other.to_string())),
    }
}

fn with_query(url: &str, param: &str) -> String {
    let key = param.split('=').next().unwrap_or(param);
    if url.contains(&format!("{key}=")) {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&{param}")
    } else {
        format!("{url}?{param}")
    }
}

/// Creates the folder that will hold the SQLite file, so a fresh clone needs no set-up.
fn ensure_sqlite_parent(url: &str) {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() || path == ":memory:" {
        return;
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            let _ = std::fs::create_dir_all(parent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_durability_is_full_unless_asked() {
        assert!(sqlite_pragmas(None).unwrap().contains("synchronous = FULL"));
        assert!(sqlite_pragmas(Some("NORMAL")).unwrap().contains("synchronous = NORMAL"));
        assert!(matches!(sqlite_pragmas(Some("off")), Err(DbError::Synchronous(v)) if v == "off"));
    }

    #[test]
    fn engine_comes_from_the_url_scheme() {
        assert_eq!(Engine::from_url("sqlite://data/k.db").unwrap(), Engine::Sqlite);
        assert_eq!(Engine::from_url("postgres://u@h/db").unwrap(), Engine::Postgres);
        assert_eq!(Engine::from_url("postgresql://u@h/db").unwrap(), Engine::Postgres);
        let err = Engine::from_url("mysql://root:secret@h/db").unwrap_err().to_string();
        assert!(err.contains("names no engine"), "{err}");
        assert!(!err.contains("secret"), "{err}");
    }

    #[test]
    fn passwords_in_urls_are_redacted() {
        assert_eq!(redact("postgres://app:hunter2@db:5432/k"), "postgres://app:***@db:5432/k");
        assert_eq!(redact("postgres://app@db/k"), "postgres://app@db/k");
        assert_eq!(redact("sqlite://data/k.db"), "sqlite://data/k.db");
    }

    #[test]
    fn query_parameters_are_added_once() {
        assert_eq!(with_query("sqlite://a.db", "mode=rwc"), "sqlite://a.db?mode=rwc");
        assert_eq!(with_query("sqlite://a.db?cache=shared", "mode=rwc"), "sqlite://a.db?cache=shared&mode=rwc");
        assert_eq!(with_query("sqlite://a.db?mode=ro", "mode=rwc"), "sqlite://a.db?mode=ro");
    }
}
