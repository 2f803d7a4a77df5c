//! The organisation's settings in `org_settings`, one row per key. SQL only.

use super::zone::Zone;
use crate::db::{Db, RowExt};
use crate::error::AppError;

const NAME: &str = "org_name";
const TIME_ZONE: &str = "time_zone";

async fn get(db: &Db, key: &str) -> Result<Option<String>, AppError> {
    Ok(sqlx::query("SELECT value FROM org_settings WHERE key = $1").bind(key).fetch_optional(db.reader()).await?.map(|r| r.text("value")).transpose()?)
}

/// The organisation's name, as candidates and trainees read it.
pub async fn name(db: &Db) -> Result<String, AppError> {
    Ok(get(db, NAME).await?.unwrap_or_else(|| "the company".into()))
}

/// The organisation's time zone; UTC until an admin sets one.
pub async fn zone(db: &Db) -> Result<Zone, AppError> {
    Ok(get(db, TIME_ZONE).await?.and_then(|n| Zone::parse(&n)).unwrap_or_else(Zone::utc))
}

pub async fn save(conn: &mut sqlx::AnyConnection, name: &str, zone: &Zone) -> Result<(), AppError> {
    for (key, value) in [(NAME, name), (TIME_ZONE, zone.name())] {
        sqlx::query("INSERT INTO org_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
