//! Storing screenings and their versions. A version that an attempt has used is frozen:
//! saving changes to it creates the next version instead, and attempts keep naming the one
//! they used. Parsed versions are cached; a frozen version never changes, so the cache never
//! goes stale.

use super::definition::{Problem, Screening};
use super::{Kind, OrgValue};
use crate::audit::{self, Actor, Entry};
use crate::clock::Millis;
use crate::db::{new_id, Db, RowExt};
use crate::error::AppError;
use crate::db::versioned::{Current, Versioned};

const VERSIONS: Versioned = Versioned {
    parent: "screenings",
    versions: "screening_versions",
    parent_column: "screening_id",
    froze_meanwhile: "Someone started this screening while you were editing; save again to create a new version.",
};

#[derive(Clone, Debug)]
pub struct VersionRow {
    pub id: String,
    pub screening_id: String,
    pub version: i64,
    pub definition: String,
    pub frozen: bool,
}

fn version_row(r: &sqlx::any::AnyRow) -> Result<VersionRow, sqlx::Error> {
    Ok(VersionRow {
        id: r.text("id")?,
        screening_id: r.text("screening_id")?,
        version: r.int("version")?,
        definition: r.text("definition")?,
        frozen: r.opt_int("frozen_at")?.is_some(),
    })
}

pub async fn values(db: &Db) -> Result<Vec<OrgValue>, sqlx::Error> {
    let rows = sqlx::query("SELECT key, name, description FROM org_values ORDER BY position, key")
        .fetch_all(db.reader())
        .await?;
    rows.iter()
        .map(|r| Ok(OrgValue { key: r.text("key")?, name: r.text("name")?, description: r.text("description")? }))
        .collect()
}

pub async fn value_keys(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    Ok(values(db).await?.into_iter().map(|v| v.key).collect())
}

pub async fn current(db: &Db, screening_id: &str) -> Result<Option<VersionRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT v.id, v.screening_id, v.version, v.definition, v.frozen_at
         FROM screenings s JOIN screening_versions v ON v.id = s.current_version_id WHERE s.id = $1",
    )
    .bind(screening_id)
    .fetch_optional(db.reader())
    .await?;
    row.as_ref().map(version_row).transpose()
}

pub async fn version(db: &Db, version_id: &str) -> Result<Option<VersionRow>, sqlx::Error> {
    let row = sqlx::query("SELECT id, screening_id, version, definition, frozen_at FROM screening_versions WHERE id = $1")
        .bind(version_id)
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(version_row).transpose()
}

/// What saving a screening file did.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Saved {
    pub screening_id: String,
    pub version: i64,
    /// True when the previous version had been taken, so this became a new version.
    pub new_version: bool,
}

/// Problems in a file, as one field error for the editor.
pub fn problems_error(problems: &[Problem]) -> AppError {
    let text = problems.iter().map(|p| format!("{}: {}", p.at, p.message)).collect::<Vec<_>>().join("\n");
    AppError::invalid("definition", text)
}

/// Imports a screening file: a new screening, or the next version of the one with its key.
pub async fn import(db: &Db, now: Millis, actor: &Actor<'_>, text: &str) -> Result<Saved, AppError> {
    let keys = value_keys(db).await?;
    let parsed = Screening::from_toml(text, Some(&keys)).map_err(|p| problems_error(&p))?;
    let existing = sqlx::query("SELECT id FROM screenings WHERE key = $1")
        .bind(parsed.key())
        .fetch_optional(db.reader())
        .await?;
    match existing {
        Some(row) => save(db, now, actor, &row.text("id")?, text).await,
        None => create(db, now, actor, &parsed, text).await,
    }
}

async fn create(db: &Db, now: Millis, actor: &Actor<'_>, parsed: &Screening, text: &str) -> Result<Saved, AppError> {
    let (screening_id, version_id) = (new_id().to_string(), new_id().to_string());
    let kind = kind_of(parsed);
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO screenings (id, key, kind, title, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&screening_id)
        .bind(parsed.key())
        .bind(kind.as_str())
        .bind(parsed.title())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    VERSIONS.insert(&mut tx, &version_id, &screening_id, 1, text, now, actor).await?;
    audit::record(
        &mut *tx,
        now,
        actor,
        Entry {
            action: "screening.created",
            subject_type: "screening",
            subject_id: Some(&screening_id),
            summary: format!("Created the {} screening “{}” (version 1)", kind.label().to_lowercase(), parsed.title()),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Saved { screening_id, version: 1, new_version: true })
}

fn kind_of(s: &Screening) -> Kind {
    match s.kind() {
        super::definition::KindName::Attitude => Kind::Attitude,
        super::definition::KindName::Skill => Kind::Skill,
    }
}

/// Saves an edited file for a screening: in place while its current version is untaken,
/// as the next version once it has been taken.
pub async fn save(db: &Db, now: Millis, actor: &Actor<'_>, screening_id: &str, text: &str) -> Result<Saved, AppError> {
    let keys = value_keys(db).await?;
    let parsed = Screening::from_toml(text, Some(&keys)).map_err(|p| problems_error(&p))?;
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "SELECT s.key, s.kind, v.id, v.version, v.frozen_at, v.definition
         FROM screenings s JOIN screening_versions v ON v.id = s.current_version_id WHERE s.id = $1",
    )
    .bind(screening_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::not_found("That screening"))?;
    if row.text("key")? != parsed.key() {
        return Err(AppError::invalid("definition", "screening.key: the key identifies this screening and cannot change; import the file to create a new screening."));
    }
    if row.text("kind")? != kind_of(&parsed).as_str() {
        return Err(AppError::invalid("definition", "screening.kind: an attitude screening cannot become a skill screening (or the other way round)."));
    }
    if row.text("definition")? == text {
        return Ok(Saved { screening_id: screening_id.into(), version: row.int("version")?, new_version: false });
    }
    let current_version = row.int("version")?;
    let version_id = row.text("id")?;
    let current = Current { version_id: &version_id, version: current_version, frozen: row.opt_int("frozen_at")?.is_some() };
    let (version, new_version) = VERSIONS.write(&mut tx, screening_id, current, text, now, actor).await?;
    let saved = Saved { screening_id: screening_id.into(), version, new_version };
    sqlx::query("UPDATE screenings SET title = $2 WHERE id = $1")
        .bind(screening_id)
        .bind(parsed.title())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        now,
        actor,
        Entry {
            action: if saved.new_version { "screening.version_created" } else { "screening.edited" },
            subject_type: "screening",
            subject_id: Some(screening_id),
            summary: if saved.new_version {
                format!("Created version {} of “{}” (version {} had been taken)", saved.version, parsed.title(), current_version)
            } else {
                format!("Edited version {} of “{}”", saved.version, parsed.title())
            },
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Marks versions as taken; from now on they never change.
pub async fn freeze(tx: &mut sqlx::AnyConnection, version_ids: &[&str], now: Millis) -> Result<(), sqlx::Error> {
    for id in version_ids {
        sqlx::query("UPDATE screening_versions SET frozen_at = $2 WHERE id = $1 AND frozen_at IS NULL")
            .bind(*id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
