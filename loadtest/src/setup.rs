//! A fresh database, a server started on it with the demo organisation, and candidates invited
//! through HR's own pages.

use crate::client::Api;
use crate::process::{free_addr, Launch};
use std::path::{Path, PathBuf};

pub const HR_EMAIL: &str = "hr@sunrise.example";
/// The demo organisation's published sign-in password (README).
pub const DEMO_PASSWORD: &str = "demo-lantern-harbour";
const POSITION: &str = "Customer Loyalty Team";

/// A database that exists for one run.
pub enum Database {
    Sqlite { file: PathBuf },
    Postgres { admin_url: String, name: String },
}

impl Database {
    /// `engine` is "sqlite" or a PostgreSQL URL whose user may create databases.
    pub async fn fresh(engine: &str, dir: &Path) -> Result<Database, String> {
        let unique = uuid::Uuid::new_v4().simple().to_string();
        if engine == "sqlite" {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            return Ok(Database::Sqlite { file: dir.join(format!("keepers-{unique}.db")) });
        }
        if !engine.starts_with("postgres") {
            return Err(format!("unknown engine {engine}: give sqlite or a postgres:// URL"));
        }
        use sqlx::Connection;
        let name = format!("keepers_load_{unique}");
        let mut conn = sqlx::PgConnection::connect(engine).await.map_err(|e| format!("connect to PostgreSQL: {e}"))?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.map_err(|e| e.to_string())?;
        conn.close().await.ok();
        Ok(Database::Postgres { admin_url: engine.to_string(), name })
    }

    pub fn url(&self) -> String {
        match self {
            Database::Sqlite { file } => format!("sqlite://{}", file.display()),
            Database::Postgres { admin_url, name } => {
                let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin_url);
                format!("{base}/{name}")
            }
        }
    }

    pub fn engine(&self) -> &'static str {
        match self {
            Database::Sqlite { .. } => "SQLite",
            Database::Postgres { .. } => "PostgreSQL",
        }
    }

    /// SQLite's own check of the file ("ok" when sound); PostgreSQL checks itself on recovery.
    pub async fn integrity(&self) -> Result<String, String> {
        use sqlx::{Connection, Row};
        match self {
            Database::Sqlite { file } => {
                let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display())).await.map_err(|e| e.to_string())?;
                let row = sqlx::query("PRAGMA integrity_check").fetch_one(&mut conn).await.map_err(|e| e.to_string())?;
                let verdict: String = row.try_get(0).map_err(|e| e.to_string())?;
                conn.close().await.ok();
                Ok(verdict)
            }
            Database::Postgres { .. } => {
                let mut conn = sqlx::PgConnection::connect(&self.url()).await.map_err(|e| e.to_string())?;
                sqlx::query("SELECT count(*) FROM answers").execute(&mut conn).await.map_err(|e| e.to_string())?;
                conn.close().await.ok();
                Ok("ok".into())
            }
        }
    }

    pub async fn remove(self) {
        match self {
            Database::Sqlite { file } => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
                }
            }
            Database::Postgres { admin_url, name } => {
                use sqlx::Connection;
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&mut conn).await;
                }
            }
        }
    }
}

/// How to start Keepers itself on `db`, with the demo organisation.
pub fn keepers(program: &Path, db: &Database, log: &Path) -> Launch {
    let addr = free_addr();
    Launch {
        program: program.to_path_buf(),
        args: vec!["serve".into(), "--demo".into(), "--database-url".into(), db.url(), "--addr".into(), addr.to_string()],
        // Logging as deployed (the default filter), so its cost is in the figures.
        env: vec![],
        addr,
        log: log.to_path_buf(),
    }
}

/// Signs in as HR, invites `count` people to the demo position (untimed, so a long run is not
/// cut short by section limits) and returns their link tokens, read from the outbox.
pub async fn invite(base: &str, count: usize) -> Result<Vec<String>, String> {
    let hr = Api::with_cookies(base);
    hr.call("/api/auth/sign_in", &[("email", HR_EMAIL), ("password", DEMO_PASSWORD), ("next", "")])
        .await
        .map_err(|e| format!("HR sign-in: {e}"))?;
    let positions = hr.call("/api/positions/list", &[]).await.map_err(|e| format!("positions: {e}"))?;
    let position = positions
        .as_array()
        .and_then(|list| list.iter().find(|p| p["title"] == POSITION))
        .and_then(|p| p["id"].as_str())
        .ok_or("the demo position is missing")?
        .to_string();
    let batch = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
    let mut wanted = std::collections::HashSet::new();
    for chunk in (0..count).collect::<Vec<_>>().chunks(1000) {
        let people: Vec<String> = chunk
            .iter()
            .map(|i| {
                let email = format!("load{i}.{batch}@candidates.example");
                wanted.insert(email.clone());
                format!("Load Candidate {i} <{email}>")
            })
            .collect();
        hr.call("/api/positions/invite", &[("position_id", &position), ("people", &people.join("\n")), ("extra_time", "0")])
            .await
            .map_err(|e| format!("invite: {e}"))?;
    }
    let mut tokens = Vec::with_capacity(count);
    let mut page = 1;
    while tokens.len() < count {
        let list = hr.call("/api/outbox/list", &[("page", &page.to_string())]).await.map_err(|e| format!("outbox: {e}"))?;
        for message in list["messages"].as_array().ok_or("outbox: no messages")? {
            let to = message["to"].as_str().unwrap_or("");
            let email = to.rsplit_once('<').map(|(_, e)| e.trim_end_matches('>')).unwrap_or(to);
            if let (true, Some(link)) = (wanted.contains(email), message["link"].as_str()) {
                tokens.push(link.rsplit('/').next().unwrap_or("").to_string());
            }
        }
        if list["more"] != true {
            break;
        }
        page += 1;
    }
    if tokens.len() != count {
        return Err(format!("found {} invitation links in the outbox, expected {count}", tokens.len()));
    }
    Ok(tokens)
}
