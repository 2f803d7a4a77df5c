//! Programmes and their versions. A version that a cohort runs is frozen: saving changes to it
//! creates the next version, and the cohort keeps the one it started with.

use crate::audit::{self, Actor, Entry};
use crate::clock::{format_utc, Millis};
use crate::db::versioned::{Current, Versioned};
use crate::db::{new_id, Db, RowExt};
use crate::error::{internal, AppError};
use crate::screening::store::problems_error;
use crate::training::definition::Programme;
use crate::training::types::{ProgrammeSummary, ProgrammeVersionInfo};

const VERSIONS: Versioned = Versioned {
    parent: "programmes",
    versions: "programme_versions",
    parent_column: "programme_id",
    froze_meanwhile: "A cohort started on this programme while you were editing; save again to create a new version.",
};

pub struct VersionRow {
    pub id: String,
    pub programme_id: String,
    pub version: i64,
    pub definition: String,
    pub frozen: bool,
}

fn version_row(r: &sqlx::any::AnyRow) -> Result<VersionRow, sqlx::Error> {
    Ok(VersionRow {
        id: r.text("id")?,
        programme_id: r.text("programme_id")?,
        version: r.int("version")?,
        definition: r.text("definition")?,
        frozen: r.opt_int("frozen_at")?.is_some(),
    })
}

pub async fn current(db: &Db, programme_id: &str) -> Result<Option<VersionRow>, AppError> {
    let row = sqlx::query(
        "SELECT v.id, v.programme_id, v.version, v.definition, v.frozen_at
         FROM programmes p JOIN programme_versions v ON v.id = p.current_version_id WHERE p.id = $1",
    )
    .bind(programme_id)
    .fetch_optional(db.reader())
    .await?;
    Ok(row.as_ref().map(version_row).transpose()?)
}

pub fn parse_stored(definition: &str, version_id: &str) -> Result<Programme, AppError> {
    Programme::from_toml(definition).map_err(|p| internal(format!("stored programme {version_id} does not parse: {p:?}")))
}

/// What saving a programme file did.
pub struct Saved {
    pub programme_id: String,
    pub version: i64,
    pub new_version: bool,
}

/// Imports a programme file: a new programme, or the next version of the one with its key.
pub async fn import(db: &Db, now: Millis, actor: &Actor<'_>, text: &str) -> Result<Saved, AppError> {
    let parsed = Programme::from_toml(text).map_err(|p| problems_error(&p))?;
    let existing = sqlx::query("SELECT id FROM programmes WHERE key = $1").bind(parsed.key()).fetch_optional(db.reader()).await?;
    if let Some(row) = existing {
        return save(db, now, actor, &row.text("id")?, text).await;
    }
    let (programme_id, version_id) = (new_id().to_string(), new_id().to_string());
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO programmes (id, key, title, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&programme_id)
        .bind(parsed.key())
        .bind(parsed.title())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    VERSIONS.insert(&mut tx, &version_id, &programme_id, 1, text, now, actor).await?;
    audit::record(
        &mut *tx,
        now,
        actor,
        Entry {
            action: "programme.created",
            subject_type: "programme",
            subject_id: Some(&programme_id),
            summary: format!("Created the training programme “{}” (version 1, {} weeks)", parsed.title(), parsed.weeks()),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Saved { programme_id, version: 1, new_version: true })
}

/// Saves an edited file: in place while no cohort runs the current version, as the next version
/// once one does.
pub async fn save(db: &Db, now: Millis, actor: &Actor<'_>, programme_id: &str, text: &str) -> Result<Saved, AppError> {
    let parsed = Programme::from_toml(text).map_err(|p| problems_error(&p))?;
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "SELECT p.key, v.id, v.version, v.frozen_at, v.definition
         FROM programmes p JOIN programme_versions v ON v.id = p.current_version_id WHERE p.id = $1",
    )
    .bind(programme_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::not_found("That programme"))?;
    if row.text("key")? != parsed.key() {
        return Err(AppError::invalid(
            "definition",
            "programme.key: the key identifies this programme and cannot change; import the file to create a new programme.",
        ));
    }
    let current_version = row.int("version")?;
    if row.text("definition")? == text {
        return Ok(Saved { programme_id: programme_id.into(), version: current_version, new_version: false });
    }
    let version_id = row.text("id")?;
    let current = Current { version_id: &version_id, version: current_version, frozen: row.opt_int("frozen_at")?.is_some() };
    let (version, new_version) = VERSIONS.write(&mut tx, programme_id, current, text, now, actor).await?;
    let saved = Saved { programme_id: programme_id.into(), version, new_version };
    sqlx::query("UPDATE programmes SET title = $2 WHERE id = $1").bind(programme_id).bind(parsed.title()).execute(&mut *tx).await?;
    audit::record(
        &mut *tx,
        now,
        actor,
        Entry {
            action: if saved.new_version { "programme.version_created" } else { "programme.edited" },
            subject_type: "programme",
            subject_id: Some(programme_id),
            summary: if saved.new_version {
                format!("Created version {} of “{}” (a cohort runs version {})", saved.version, parsed.title(), current_version)
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

/// Every programme (or the one `only` names) with its current version, by title.
pub async fn summaries(db: &Db, only: Option<&str>) -> Result<Vec<ProgrammeSummary>, AppError> {
    let rows = sqlx::query(
        "SELECT p.id, p.key, p.title, v.id AS version_id, v.version, v.definition, v.frozen_at,
                (SELECT COUNT(*) FROM cohorts c JOIN programme_versions cv ON cv.id = c.programme_version_id
                 WHERE cv.programme_id = p.id) AS cohorts
         FROM programmes p JOIN programme_versions v ON v.id = p.current_version_id
         WHERE ($1 = '' OR p.id = $1)
         ORDER BY LOWER(p.title)",
    )
    .bind(only.unwrap_or(""))
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let parsed = parse_stored(&r.text("definition")?, &r.text("version_id")?)?;
            Ok(ProgrammeSummary {
                id: r.text("id")?,
                key: r.text("key")?,
                title: r.text("title")?,
                version: r.int("version")?,
                weeks: parsed.weeks(),
                in_use: r.opt_int("frozen_at")?.is_some(),
                cohorts: r.int("cohorts")?,
            })
        })
        .collect()
}

/// A programme's versions, newest first, with who made each and how many cohorts run it.
pub async fn versions(db: &Db, programme_id: &str) -> Result<Vec<ProgrammeVersionInfo>, AppError> {
    sqlx::query(
        "SELECT v.version, v.created_at, u.name,
                (SELECT COUNT(*) FROM cohorts c WHERE c.programme_version_id = v.id) AS cohorts
         FROM programme_versions v LEFT JOIN users u ON u.id = v.created_by
         WHERE v.programme_id = $1 ORDER BY v.version DESC",
    )
    .bind(programme_id)
    .fetch_all(db.reader())
    .await?
    .iter()
    .map(|r| {
        Ok(ProgrammeVersionInfo {
            version: r.int("version")?,
            created: format_utc(r.int("created_at")?),
            by: r.opt_text("name")?,
            cohorts: r.int("cohorts")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()
    .map_err(AppError::from)
}

/// A programme's key (the name its file gives it), if there is such a programme.
pub async fn key(db: &Db, programme_id: &str) -> Result<Option<String>, AppError> {
    let row = sqlx::query("SELECT key FROM programmes WHERE id = $1").bind(programme_id).fetch_optional(db.reader()).await?;
    Ok(row.map(|r| r.text("key")).transpose()?)
}
