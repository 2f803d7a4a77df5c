//! Reading and changing the organisation's settings: the rules and the audit entry.

use super::store;
use super::types::OrgSettings;
use super::zone::{zone_names, Zone};
use crate::audit::{self, Actor, Entry};
use crate::auth::Viewer;
use crate::clock::Millis;
use crate::db::Db;
use crate::error::AppError;

pub async fn load(db: &Db) -> Result<OrgSettings, AppError> {
    Ok(OrgSettings { name: store::name(db).await?, time_zone: store::zone(db).await?.name().to_string(), zones: zone_names() })
}

pub async fn save(db: &Db, now: Millis, viewer: &Viewer, name: &str, time_zone: &str) -> Result<(), AppError> {
    let name = crate::text::tidy(name);
    if let Some(why) = crate::text::refused_characters(&name) {
        return Err(AppError::invalid("name", why));
    }
    if name.is_empty() || name.chars().count() > 120 {
        return Err(AppError::invalid("name", "Enter the organisation's name (up to 120 characters)."));
    }
    let zone = Zone::parse(time_zone).ok_or_else(|| AppError::invalid("time_zone", "Choose a time zone from the list, for example Europe/London."))?;
    let before = load(db).await?;
    let mut tx = db.begin().await?;
    store::save(&mut tx, &name, &zone).await?;
    let mut changes = Vec::new();
    if before.name != name {
        changes.push(format!("name \"{}\" → \"{}\"", before.name, name));
    }
    if before.time_zone != zone.name() {
        changes.push(format!("time zone {} → {}", before.time_zone, zone.name()));
    }
    if !changes.is_empty() {
        let entry = Entry { action: "org.settings_saved", subject_type: "organisation", subject_id: None, summary: format!("Changed the organisation's {}", changes.join(", ")), reason: None };
        audit::record(&mut *tx, now, &Actor::Staff(viewer), entry).await?;
    }
    tx.commit().await?;
    Ok(())
}
