//! The weekly grid in the database: grades (each change kept in `grade_history`), attendance,
//! notes, and closed weeks. Each write returns whether it changed anything.

use crate::clock::{format_utc, Millis};
use crate::db::{new_id, Db, RowExt};
use crate::error::AppError;
use crate::training::progress::Mark;

/// Who closed a week and when, as shown ("Closed by … on …"), if it is closed.
pub async fn closed_note(db: &Db, cohort_id: &str, week: usize) -> Result<Option<String>, AppError> {
    let row = sqlx::query("SELECT w.closed_at, u.name FROM cohort_weeks w JOIN users u ON u.id = w.closed_by WHERE w.cohort_id = $1 AND w.week = $2")
        .bind(cohort_id)
        .bind(week as i64)
        .fetch_optional(db.reader())
        .await?;
    Ok(row.map(|r| Ok::<_, sqlx::Error>(format!("Closed by {} on {}", r.text("name")?, format_utc(r.int("closed_at")?)))).transpose()?)
}

/// Whether a week is closed, read inside the caller's transaction.
pub async fn is_closed(conn: &mut sqlx::AnyConnection, cohort_id: &str, week: usize) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT 1 AS x FROM cohort_weeks WHERE cohort_id = $1 AND week = $2")
        .bind(cohort_id)
        .bind(week as i64)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// Closes a week; false when it already was.
pub async fn close_week(conn: &mut sqlx::AnyConnection, cohort_id: &str, week: usize, by: &str, now: Millis) -> Result<bool, AppError> {
    let done = sqlx::query("INSERT INTO cohort_weeks (cohort_id, week, closed_at, closed_by) VALUES ($1, $2, $3, $4) ON CONFLICT (cohort_id, week) DO NOTHING")
        .bind(cohort_id)
        .bind(week as i64)
        .bind(now)
        .bind(by)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// One grade as entered (`level: None` clears it); `correction` is the reason when the week
/// was closed.
pub struct Grade<'a> {
    pub trainee_id: &'a str,
    pub week: usize,
    pub competency: &'a str,
    pub level: Option<u8>,
    pub by: &'a str,
    pub correction: Option<&'a str>,
}

/// Sets a grade and records the change with its old and new level.
pub async fn set_grade(conn: &mut sqlx::AnyConnection, g: &Grade<'_>, now: Millis) -> Result<bool, AppError> {
    let week = g.week as i64;
    let old = sqlx::query("SELECT level FROM training_grades WHERE trainee_id = $1 AND week = $2 AND competency = $3")
        .bind(g.trainee_id)
        .bind(week)
        .bind(g.competency)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.int("level"))
        .transpose()?;
    let new = g.level.map(i64::from);
    if old == new {
        return Ok(false);
    }
    match new {
        Some(level) => {
            sqlx::query(
                "INSERT INTO training_grades (trainee_id, week, competency, level, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (trainee_id, week, competency) DO UPDATE SET level = excluded.level, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            )
            .bind(g.trainee_id)
            .bind(week)
            .bind(g.competency)
            .bind(level)
            .bind(now)
            .bind(g.by)
            .execute(&mut *conn)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM training_grades WHERE trainee_id = $1 AND week = $2 AND competency = $3")
                .bind(g.trainee_id)
                .bind(week)
                .bind(g.competency)
                .execute(&mut *conn)
                .await?;
        }
    }
    sqlx::query(
        "INSERT INTO grade_history (id, trainee_id, week, competency, old_level, new_level, changed_at, changed_by, correction, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(new_id().to_string())
    .bind(g.trainee_id)
    .bind(week)
    .bind(g.competency)
    .bind(old)
    .bind(new)
    .bind(now)
    .bind(g.by)
    .bind(g.correction.is_some() as i64)
    .bind(g.correction)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Sets (or, for `None`, clears) a day's attendance mark.
pub async fn set_mark(conn: &mut sqlx::AnyConnection, trainee_id: &str, day: usize, mark: Option<Mark>, by: &str, now: Millis) -> Result<bool, AppError> {
    let old = sqlx::query("SELECT mark FROM attendance WHERE trainee_id = $1 AND day = $2")
        .bind(trainee_id)
        .bind(day as i64)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.text("mark"))
        .transpose()?;
    if old.as_deref() == mark.map(Mark::as_str) {
        return Ok(false);
    }
    match mark {
        Some(mark) => sqlx::query(
            "INSERT INTO attendance (trainee_id, day, mark, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (trainee_id, day) DO UPDATE SET mark = excluded.mark, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(trainee_id)
        .bind(day as i64)
        .bind(mark.as_str())
        .bind(now)
        .bind(by)
        .execute(&mut *conn)
        .await?,
        None => sqlx::query("DELETE FROM attendance WHERE trainee_id = $1 AND day = $2").bind(trainee_id).bind(day as i64).execute(&mut *conn).await?,
    };
    Ok(true)
}

/// Sets (or, when empty, clears) a trainee's note for a week.
pub async fn set_note(conn: &mut sqlx::AnyConnection, trainee_id: &str, week: usize, note: &str, by: &str, now: Millis) -> Result<bool, AppError> {
    let old = sqlx::query("SELECT note FROM training_notes WHERE trainee_id = $1 AND week = $2")
        .bind(trainee_id)
        .bind(week as i64)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.text("note"))
        .transpose()?
        .unwrap_or_default();
    if old == note {
        return Ok(false);
    }
    if note.is_empty() {
        sqlx::query("DELETE FROM training_notes WHERE trainee_id = $1 AND week = $2").bind(trainee_id).bind(week as i64).execute(&mut *conn).await?;
    } else {
        sqlx::query(
            "INSERT INTO training_notes (trainee_id, week, note, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (trainee_id, week) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(trainee_id)
        .bind(week as i64)
        .bind(note)
        .bind(now)
        .bind(by)
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}
