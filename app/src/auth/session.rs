//! Server-side sessions: the browser holds a random token in an HttpOnly cookie, the database
//! holds its digest with idle and absolute expiry. Any app server can resolve any session.

use super::tokens;
use super::{Role, Viewer};
use crate::clock::{ms, Millis};
use crate::db::{Db, RowExt};
use crate::config::Settings;
use http::HeaderMap;

pub const COOKIE_NAME: &str = "keepers_session";

/// Sessions are touched at most this often, so browsing does not write on every request.
const TOUCH_EVERY_MS: Millis = 60_000;

pub struct Started {
    pub token: String,
    pub max_age_secs: i64,
}

pub async fn start(
    db: &Db,
    now: Millis,
    settings: &Settings,
    user_id: &str,
    ip: Option<&str>,
    user_agent: Option<&str>,
) -> Result<Started, sqlx::Error> {
    let minted = tokens::mint();
    let absolute = now + ms(settings.session_absolute);
    let idle = (now + ms(settings.session_idle)).min(absolute);
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7)",
    )
    .bind(&minted.digest)
    .bind(user_id)
    .bind(now)
    .bind(idle)
    .bind(absolute)
    .bind(ip)
    .bind(user_agent.map(|ua| ua.chars().take(300).collect::<String>()))
    .execute(db.writer())
    .await?;
    Ok(Started { token: minted.raw, max_age_secs: settings.session_absolute.as_secs() as i64 })
}

/// The viewer a session token belongs to, if the session is live and the person enabled.
/// Expired or orphaned sessions are deleted on sight.
pub async fn resolve(db: &Db, now: Millis, settings: &Settings, raw: &str) -> Result<Option<Viewer>, sqlx::Error> {
    if !tokens::looks_valid(raw) {
        return Ok(None);
    }
    let digest = tokens::digest(raw);
    let rows = sqlx::query(
        "SELECT s.last_seen_at, s.idle_expires_at, s.absolute_expires_at,
                u.id, u.name, u.email, u.must_change_password, u.disabled_at, r.role
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN user_roles r ON r.user_id = u.id
         WHERE s.token_hash = $1",
    )
    .bind(&digest)
    .fetch_all(db.reader())
    .await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let idle_expires = first.int("idle_expires_at")?;
    let absolute_expires = first.int("absolute_expires_at")?;
    let disabled = first.opt_int("disabled_at")?.is_some();
    if now >= idle_expires || now >= absolute_expires || disabled {
        end_by_digest(db, &digest).await?;
        return Ok(None);
    }
    let mut roles = Vec::new();
    for row in &rows {
        if let Some(role) = row.opt_text("role")?.as_deref().and_then(Role::parse) {
            roles.push(role);
        }
    }
    roles.sort();
    let viewer = Viewer {
        user_id: first.text("id")?,
        name: first.text("name")?,
        email: first.text("email")?,
        roles,
        must_change_password: first.flag("must_change_password")?,
    };
    if now - first.int("last_seen_at")? >= TOUCH_EVERY_MS {
        let idle = (now + ms(settings.session_idle)).min(absolute_expires);
        sqlx::query("UPDATE sessions SET last_seen_at = $2, idle_expires_at = $3 WHERE token_hash = $1")
            .bind(&digest)
            .bind(now)
            .bind(idle)
            .execute(db.writer())
            .await?;
    }
    Ok(Some(viewer))
}

pub async fn end(db: &Db, raw: &str) -> Result<(), sqlx::Error> {
    end_by_digest(db, &tokens::digest(raw)).await
}

async fn end_by_digest(db: &Db, digest: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(digest).execute(db.writer()).await?;
    Ok(())
}

/// Ends every session a person has (disabling them, a password change, an admin reset).
pub async fn end_all_for(db: &Db, user_id: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(db.writer()).await?;
    Ok(done.rows_affected())
}

/// Housekeeping: sessions past either expiry.
pub async fn purge_expired(db: &Db, now: Millis) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE idle_expires_at <= $1 OR absolute_expires_at <= $1")
        .bind(now)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}

/// The session token from a request's cookies.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    cookie(headers, COOKIE_NAME)
}

/// The value of the cookie called `wanted` in a request's cookies.
pub fn cookie(headers: &HeaderMap, wanted: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value.trim().to_string())
}

pub fn set_cookie(token: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_cookie(secure: bool) -> String {
    set_cookie("", 0, secure)
}

/// Whether the request came over HTTPS, directly or through a trusted proxy that says so.
pub fn is_https(site: Option<&super::proxy::Forwarded>, settings: &Settings) -> bool {
    site.map(|s| s.https).unwrap_or(false) || settings.public_url.as_deref().map(|u| u.starts_with("https://")).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(http::header::COOKIE, "theme=dark; keepers_session=abc; other=1".parse().unwrap());
        assert_eq!(token_from(&h).as_deref(), Some("abc"));
        let mut h = HeaderMap::new();
        h.insert(http::header::COOKIE, "keepers_session_old=x".parse().unwrap());
        assert_eq!(token_from(&h), None);
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_only_over_https() {
        let c = set_cookie("t", 60, false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && !c.contains("Secure"));
        assert!(set_cookie("t", 60, true).ends_with("; Secure"));
        assert!(clear_cookie(false).contains("Max-Age=0"));
    }
}
