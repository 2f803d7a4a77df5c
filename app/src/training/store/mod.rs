//! Training in the database. SQL only, on the database handle or a transaction: programmes and
//! their versions (`programmes`), enrolment (`enrol`), the list and creation of cohorts
//! (`cohorts`), the weekly grid's writes (`grid`), and here one cohort as read, its trainees and their grades, attendance and
//! notes. Every read of a cohort for a viewer goes through `cohort_for`,
//! which checks that the viewer may see it.

mod cohorts;
mod enrol;
mod grid;
mod programmes;

pub use cohorts::*;
pub use enrol::*;
pub use grid::*;
pub use programmes::*;

use crate::training::definition::Programme;
use crate::training::progress::{self, Mark, Record};
use crate::auth::{Role, Viewer};
use crate::clock::Millis;
use crate::db::{Db, RowExt};
use crate::error::{internal, AppError};
use std::collections::HashMap;
use time::Date;

/// A cohort as the server works with it.
pub struct Cohort {
    pub id: String,
    pub name: String,
    pub programme: Programme,
    pub programme_id: String,
    pub version: i64,
    pub start: Date,
    pub trainers: Vec<(String, String)>,
    /// Week n (from 1) is closed when `closed[n - 1]`.
    pub closed: Vec<bool>,
}

impl Cohort {
    /// The date of training day `day` (0-based across the programme).
    pub fn day_date(&self, day: usize) -> Date {
        let dpw = self.programme.days_per_week().max(1);
        let offset = (day / dpw) * 7 + day % dpw;
        self.start.checked_add(time::Duration::days(offset as i64)).unwrap_or(self.start)
    }

    /// The days (0-based) of week `week` (from 1).
    pub fn days_of(&self, week: usize) -> std::ops::Range<usize> {
        let dpw = self.programme.days_per_week();
        (week - 1) * dpw..week * dpw
    }

    /// The week (from 1) that `now` falls in: 0 before the start, past the last week after the end.
    pub fn week_at(&self, now: Millis) -> usize {
        let start = crate::clock::start_millis(self.start);
        if now < start {
            0
        } else {
            ((now - start) / (7 * 86_400_000)) as usize + 1
        }
    }

    pub fn is_closed(&self, week: usize) -> bool {
        self.closed.get(week.wrapping_sub(1)).copied().unwrap_or(false)
    }
}

/// "Mon 2 Nov".
pub fn day_label(date: Date) -> String {
    let weekday = &date.weekday().to_string()[..3];
    let month = &date.month().to_string()[..3];
    format!("{weekday} {} {month}", date.day())
}

/// "2 Nov 2026".
pub fn date_label(date: Date) -> String {
    format!("{} {} {}", date.day(), &date.month().to_string()[..3], date.year())
}


/// The cohort, if `viewer` may see it: HR sees every cohort, a trainer only their own.
pub async fn cohort_for(db: &Db, viewer: &Viewer, cohort_id: &str) -> Result<Cohort, AppError> {
    let cohort = load_cohort(db, cohort_id).await?;
    if viewer.has(Role::Hr) || cohort.trainers.iter().any(|(id, _)| *id == viewer.user_id) {
        Ok(cohort)
    } else {
        // Someone else's cohort looks the same as one that does not exist.
        Err(AppError::not_found("That cohort"))
    }
}

pub async fn load_cohort(db: &Db, cohort_id: &str) -> Result<Cohort, AppError> {
    let row = sqlx::query(
        "SELECT c.id, c.name, c.start_date, v.id AS version_id, v.version, v.definition, v.programme_id
         FROM cohorts c JOIN programme_versions v ON v.id = c.programme_version_id WHERE c.id = $1",
    )
    .bind(cohort_id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(|| AppError::not_found("That cohort"))?;
    let programme = parse_stored(&row.text("definition")?, &row.text("version_id")?)?;
    let trainers = sqlx::query(
        "SELECT u.id, u.name FROM cohort_trainers t JOIN users u ON u.id = t.user_id WHERE t.cohort_id = $1 ORDER BY LOWER(u.name)",
    )
    .bind(cohort_id)
    .fetch_all(db.reader())
    .await?
    .iter()
    .map(|r| Ok((r.text("id")?, r.text("name")?)))
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let closed_weeks: Vec<i64> = sqlx::query("SELECT week FROM cohort_weeks WHERE cohort_id = $1")
        .bind(cohort_id)
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(|r| r.int("week"))
        .collect::<Result<_, _>>()?;
    let closed = (1..=programme.weeks()).map(|w| closed_weeks.contains(&(w as i64))).collect();
    let start = crate::clock::parse_date(&row.text("start_date")?).ok_or_else(|| internal("a cohort's start date does not parse"))?;
    Ok(Cohort {
        id: row.text("id")?,
        name: row.text("name")?,
        programme,
        programme_id: row.text("programme_id")?,
        version: row.int("version")?,
        start,
        trainers,
        closed,
    })
}

/// A trainee as the server reads them.
pub struct TraineeRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub invitation_id: Option<String>,
    pub position_id: Option<String>,
    pub left_reason: Option<String>,
    pub left: bool,
    pub enrolled_at: Millis,
}

pub async fn trainees(db: &Db, cohort_id: &str) -> Result<Vec<TraineeRow>, AppError> {
    trainee_rows(db, "t.cohort_id = $1", cohort_id).await
}

pub async fn trainee(db: &Db, trainee_id: &str) -> Result<Option<TraineeRow>, AppError> {
    Ok(trainee_rows(db, "t.id = $1", trainee_id).await?.into_iter().next())
}

pub async fn trainee_of_user(db: &Db, user_id: &str) -> Result<Option<(TraineeRow, String)>, AppError> {
    let row = sqlx::query("SELECT id, cohort_id FROM trainees WHERE user_id = $1").bind(user_id).fetch_optional(db.reader()).await?;
    match row {
        Some(r) => Ok(trainee(db, &r.text("id")?).await?.map(|t| (t, r.text("cohort_id").unwrap_or_default()))),
        None => Ok(None),
    }
}

/// Active trainees first, then those who left, each by name.
async fn trainee_rows(db: &Db, filter: &'static str, value: &str) -> Result<Vec<TraineeRow>, AppError> {
    let sql = format!(
        "SELECT t.id, t.user_id, t.name, u.email, t.invitation_id, i.position_id, t.left_at, t.left_reason, t.enrolled_at
         FROM trainees t JOIN users u ON u.id = t.user_id LEFT JOIN invitations i ON i.id = t.invitation_id
         WHERE {filter} ORDER BY CASE WHEN t.left_at IS NULL THEN 0 ELSE 1 END, LOWER(t.name), t.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(value).fetch_all(db.reader()).await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(TraineeRow {
                id: r.text("id")?,
                user_id: r.text("user_id")?,
                name: r.text("name")?,
                email: r.text("email")?,
                invitation_id: r.opt_text("invitation_id")?,
                position_id: r.opt_text("position_id")?,
                left: r.opt_int("left_at")?.is_some(),
                left_reason: r.opt_text("left_reason")?,
                enrolled_at: r.int("enrolled_at")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// Grades, attendance and notes of every trainee in a cohort (or of one trainee).
pub struct Sheet {
    /// trainee -> (week, competency) -> level
    pub grades: HashMap<String, HashMap<(usize, String), u8>>,
    /// trainee -> day -> mark
    pub marks: HashMap<String, HashMap<usize, Mark>>,
    /// trainee -> week -> note
    pub notes: HashMap<String, HashMap<usize, String>>,
}

pub async fn sheet(db: &Db, cohort_id: &str, only: Option<&str>) -> Result<Sheet, AppError> {
    let db = db.reader();
    let scope = "JOIN trainees t ON t.id = x.trainee_id WHERE t.cohort_id = $1 AND ($2 = '' OR t.id = $2)";
    let only = only.unwrap_or("");
    let mut sheet = Sheet { grades: HashMap::new(), marks: HashMap::new(), notes: HashMap::new() };
    let sql = format!("SELECT x.trainee_id, x.week, x.competency, x.level FROM training_grades x {scope}");
    for r in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(cohort_id).bind(only).fetch_all(db).await? {
        let week = r.int("week")?.max(1) as usize;
        let level = r.int("level")?.clamp(1, 5) as u8;
        sheet.grades.entry(r.text("trainee_id")?).or_default().insert((week, r.text("competency")?), level);
    }
    let sql = format!("SELECT x.trainee_id, x.day, x.mark FROM attendance x {scope}");
    for r in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(cohort_id).bind(only).fetch_all(db).await? {
        if let Some(mark) = Mark::parse(&r.text("mark")?) {
            sheet.marks.entry(r.text("trainee_id")?).or_default().insert(r.int("day")?.max(0) as usize, mark);
        }
    }
    let sql = format!("SELECT x.trainee_id, x.week, x.note FROM training_notes x {scope}");
    for r in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(cohort_id).bind(only).fetch_all(db).await? {
        sheet.notes.entry(r.text("trainee_id")?).or_default().insert(r.int("week")?.max(1) as usize, r.text("note")?);
    }
    Ok(sheet)
}

impl Sheet {
    /// The progress rules' view of one trainee (weeks there count from 0).
    pub fn record(&self, trainee: &TraineeRow) -> Record {
        Record {
            grades: self
                .grades
                .get(&trainee.id)
                .map(|g| g.iter().map(|((w, k), l)| ((w - 1, k.clone()), *l)).collect())
                .unwrap_or_default(),
            marks: self.marks.get(&trainee.id).map(|m| m.values().copied().collect()).unwrap_or_default(),
            left: trainee.left,
        }
    }
}

pub fn assess(cohort: &Cohort, sheet: &Sheet, trainee: &TraineeRow) -> progress::Progress {
    progress::assess(&cohort.programme.shape(), &sheet.record(trainee), &cohort.closed)
}
