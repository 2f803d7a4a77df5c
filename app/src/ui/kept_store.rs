//! Where a refused plain-form submission waits for the page it came from: one row per
//! refusal, found by a random cookie (stored as a digest), read once, gone after ten minutes.
//! In the database rather than in memory so that, with several app servers, the page can be
//! served by any of them.

use super::refused::{is_secret_field, Refused};
use crate::auth::tokens;
use crate::clock::Millis;
use crate::db::{Db, RowExt};
use crate::error::AppError;

pub const COOKIE_NAME: &str = "keepers_form";

/// How long a refused submission is kept for its page.
pub const KEPT_FOR_MS: Millis = 10 * 60 * 1000;

/// Keeps `values` (secrets left out) with `error` for `page`, seen only by `user_id` (or by
/// nobody signed in). Returns the cookie value that finds it.
pub async fn keep(
    db: &Db,
    now: Millis,
    user_id: Option<&str>,
    page: &str,
    action: &str,
    error: &AppError,
    values: Vec<(String, String)>,
) -> Result<String, sqlx::Error> {
    let values: Vec<(String, String)> = values.into_iter().filter(|(k, _)| !is_secret_field(k)).collect();
    let minted = tokens::mint();
    sqlx::query(
        "INSERT INTO refused_forms (id_hash, user_id, page, action, error, form_values, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&minted.digest)
    .bind(user_id)
    .bind(page)
    .bind(action)
    .bind(serde_json::to_string(error).unwrap_or_default())
    .bind(serde_json::to_string(&values).unwrap_or_default())
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(minted.raw)
}

/// Takes the refusal `cookie` finds, once: it is the page's if it was kept for `page` and the
/// same person. A second look finds nothing.
pub async fn take(db: &Db, now: Millis, cookie: &str, user_id: Option<&str>, page: &str) -> Result<Option<Refused>, sqlx::Error> {
    if !tokens::looks_valid(cookie) {
        return Ok(None);
    }
    let row = sqlx::query("DELETE FROM refused_forms WHERE id_hash = $1 RETURNING user_id, page, action, error, form_values, created_at")
        .bind(tokens::digest(cookie))
        .fetch_optional(db.writer())
        .await?;
    let Some(row) = row else { return Ok(None) };
    let fresh = row.int("created_at")? > now - KEPT_FOR_MS;
    if !fresh || row.opt_text("user_id")?.as_deref() != user_id || row.text("page")? != page {
        return Ok(None);
    }
    let error = serde_json::from_str::<AppError>(&row.text("error")?).ok();
    let values = serde_json::from_str::<Vec<(String, String)>>(&row.text("form_values")?).ok();
    Ok(error.zip(values).map(|(error, values)| Refused { action: row.text("action").unwrap_or_default(), error, values }))
}

/// Forgets refusals nobody came back for.
pub async fn purge(db: &Db, now: Millis) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM refused_forms WHERE created_at <= $1").bind(now - KEPT_FOR_MS).execute(db.writer()).await?;
    Ok(done.rows_affected())
}

/// The refusal cookie in a request's cookies.
pub fn cookie_from(headers: &http::HeaderMap) -> Option<String> {
    crate::auth::session::cookie(headers, COOKIE_NAME)
}

pub fn set_cookie(value: &str, secure: bool) -> String {
    let max_age = if value.is_empty() { 0 } else { KEPT_FOR_MS / 1000 };
    format!("{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}", if secure { "; Secure" } else { "" })
}
