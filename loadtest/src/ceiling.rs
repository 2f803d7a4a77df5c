//! The stack's own ceiling: a minimal axum handler that takes the same autosave form and does
//! the same single-row upsert through sqlx, with the same pools and durability settings as
//! Keepers, and nothing else (no link lookup, no time check, no parsing of the answer).

use axum::extract::{Form, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::net::SocketAddr;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Deserialize)]
struct SaveForm {
    token: String,
    section: String,
    item: String,
    value: String,
}

/// `synchronous` is SQLite's setting ("FULL" or "NORMAL"), as Keepers reads it.
pub async fn serve(database_url: &str, addr: SocketAddr, synchronous: &str) -> Result<(), String> {
    sqlx::any::install_default_drivers();
    let pool = connect(database_url, synchronous).await?;
    pool.execute(
        "CREATE TABLE IF NOT EXISTS answers (attempt_id TEXT NOT NULL, item_ref TEXT NOT NULL, response TEXT NOT NULL,
             saved_at BIGINT NOT NULL, revision INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (attempt_id, item_ref))",
    )
    .await
    .map_err(|e| e.to_string())?;
    let app = Router::new().route("/healthz", get(|| async { "ok" })).route("/api/take/save", post(save)).with_state(pool);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("listen on {addr}: {e}"))?;
    axum::serve(listener, app).await.map_err(|e| e.to_string())
}

async fn connect(url: &str, synchronous: &str) -> Result<AnyPool, String> {
    if url.starts_with("sqlite") {
        let options = AnyConnectOptions::from_str(&format!("{url}?mode=rwc")).map_err(|e| e.to_string())?;
        let pragmas = format!("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = {synchronous};");
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                let pragmas = pragmas.clone();
                Box::pin(async move {
                    conn.execute(sqlx::AssertSqlSafe(pragmas)).await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| e.to_string())?;
        pool.execute("PRAGMA journal_mode = WAL").await.map_err(|e| e.to_string())?;
        Ok(pool)
    } else {
        let options = AnyConnectOptions::from_str(url).map_err(|e| e.to_string())?;
        AnyPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| e.to_string())
    }
}

async fn save(State(pool): State<AnyPool>, Form(form): Form<SaveForm>) -> Result<Json<serde_json::Value>, (axum::http::StatusCode, String)> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    let response = serde_json::json!({ "Likert": form.value }).to_string();
    sqlx::query(
        "INSERT INTO answers (attempt_id, item_ref, response, saved_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (attempt_id, item_ref) DO UPDATE SET response = excluded.response,
             saved_at = excluded.saved_at, revision = answers.revision + 1",
    )
    .bind(form.token)
    .bind(format!("{}:{}", form.section, form.item))
    .bind(response)
    .bind(now)
    .execute(&pool)
    .await
    .map_err(|e| (axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(Json(serde_json::json!({ "server_now": now })))
}
