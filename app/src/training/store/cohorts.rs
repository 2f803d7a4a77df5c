//! Cohorts in the database: which a viewer sees, what a new one can run and who can run it,
//! a new cohort, a trainee's grade history, and a trainee who left.

use crate::clock::{format_utc, Millis};
use crate::db::{Db, RowExt};
use crate::error::AppError;
use crate::training::types::{GradeChange, TrainerChoice};

/// Cohort ids, newest start first: every cohort, or only those `trainer` runs.
pub async fn newest_first(db: &Db, trainer: Option<&str>) -> Result<Vec<String>, AppError> {
    let rows = match trainer {
        None => sqlx::query("SELECT id FROM cohorts ORDER BY start_at DESC, id").fetch_all(db.reader()).await?,
        Some(user_id) => {
            sqlx::query("SELECT c.id FROM cohorts c JOIN cohort_trainers t ON t.cohort_id = c.id WHERE t.user_id = $1 ORDER BY c.start_at DESC, c.id")
                .bind(user_id)
                .fetch_all(db.reader())
                .await?
        }
    };
    Ok(rows.iter().map(|r| r.text("id")).collect::<Result<_, _>>()?)
}

/// Every programme as (id, title), by title.
pub async fn programme_choices(db: &Db) -> Result<Vec<(String, String)>, AppError> {
    Ok(sqlx::query("SELECT id, title FROM programmes ORDER BY LOWER(title)")
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(|r| Ok((r.text("id")?, r.text("title")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// Active staff with the trainer role, by name.
pub async fn trainer_choices(db: &Db) -> Result<Vec<TrainerChoice>, AppError> {
    Ok(sqlx::query(
        "SELECT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = 'trainer' AND u.disabled_at IS NULL ORDER BY LOWER(u.name)",
    )
    .fetch_all(db.reader())
    .await?
    .iter()
    .map(|r| Ok(TrainerChoice { id: r.text("id")?, name: r.text("name")? }))
    .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

pub struct NewCohort<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub version_id: &'a str,
    pub start_date: time::Date,
    pub trainers: &'a [String],
    pub by: &'a str,
}

/// Adds the cohort with its trainers, and freezes the programme version it runs: from now on
/// that version never changes, and edits make the next one.
pub async fn insert_cohort(conn: &mut sqlx::AnyConnection, c: &NewCohort<'_>, now: Millis) -> Result<(), AppError> {
    sqlx::query("INSERT INTO cohorts (id, name, programme_version_id, start_date, start_at, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(c.id)
        .bind(c.name)
        .bind(c.version_id)
        .bind(c.start_date.to_string())
        .bind(crate::clock::start_millis(c.start_date))
        .bind(now)
        .bind(c.by)
        .execute(&mut *conn)
        .await?;
    for t in c.trainers {
        sqlx::query("INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2)").bind(c.id).bind(t).execute(&mut *conn).await?;
    }
    sqlx::query("UPDATE programme_versions SET frozen_at = $2 WHERE id = $1 AND frozen_at IS NULL")
        .bind(c.version_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The cohort a trainee is in.
pub async fn cohort_of_trainee(db: &Db, trainee_id: &str) -> Result<Option<String>, AppError> {
    let row = sqlx::query("SELECT cohort_id FROM trainees WHERE id = $1").bind(trainee_id).fetch_optional(db.reader()).await?;
    Ok(row.map(|r| r.text("cohort_id")).transpose()?)
}

/// Every change to a trainee's grades, newest first; `competency` is the competency's key.
pub async fn grade_changes(db: &Db, trainee_id: &str) -> Result<Vec<GradeChange>, AppError> {
    Ok(sqlx::query(
        "SELECT h.week, h.competency, h.old_level, h.new_level, h.changed_at, h.correction, h.reason, u.name
         FROM grade_history h JOIN users u ON u.id = h.changed_by WHERE h.trainee_id = $1 ORDER BY h.changed_at DESC, h.id DESC",
    )
    .bind(trainee_id)
    .fetch_all(db.reader())
    .await?
    .iter()
    .map(|r| {
        Ok(GradeChange {
            week: r.int("week")? as usize,
            competency: r.text("competency")?,
            old: r.opt_int("old_level")?.map(|l| l as u8),
            new: r.opt_int("new_level")?.map(|l| l as u8),
            by: r.text("name")?,
            at: format_utc(r.int("changed_at")?),
            correction: r.flag("correction")?,
            reason: r.opt_text("reason")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// Records that a trainee left, unless they already had.
pub async fn set_left(conn: &mut sqlx::AnyConnection, trainee_id: &str, reason: &str, now: Millis) -> Result<(), AppError> {
    sqlx::query("UPDATE trainees SET left_at = $2, left_reason = $3 WHERE id = $1 AND left_at IS NULL")
        .bind(trainee_id)
        .bind(now)
        .bind(reason)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
