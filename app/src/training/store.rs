//! Storing programmes and reading cohorts. A programme version that a cohort runs is frozen:
//! saving changes to it creates the next version, and the cohort keeps the one it started with.
//! Every read of a cohort goes through `cohort_for`, which checks that the viewer may see it.

use super::definition::Programme;
use super::progress::{self, Mark, Record};
use crate::audit::{self, Actor, Entry};
use crate::auth::{Role, Viewer};
use crate::clock::Millis;
use crate::db::{new_id, RowExt};
use crate::error::{internal, AppError};
use crate::screening::store::problems_error;
use crate::state::AppState;
use std::collections::HashMap;
use time::Date;
use crate::db::versioned::{Current, Versioned};

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

pub async fn current(state: &AppState, programme_id: &str) -> Result<Option<VersionRow>, AppError> {
    let row = sqlx::query(
        "SELECT v.id, v.programme_id, v.version, v.definition, v.frozen_at
         FROM programmes p JOIN programme_versions v ON v.id = p.current_version_id WHERE p.id = $1",
    )
    .bind(programme_id)
    .fetch_optional(state.db.reader())
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
pub async fn import(state: &AppState, actor: &Actor<'_>, text: &str) -> Result<Saved, AppError> {
    let parsed = Programme::from_toml(text).map_err(|p| problems_error(&p))?;
    let existing = sqlx::query("SELECT id FROM programmes WHERE key = $1").bind(parsed.key()).fetch_optional(state.db.reader()).await?;
    if let Some(row) = existing {
        return save(state, actor, &row.text("id")?, text).await;
    }
    let now = state.now();
    let (programme_id, version_id) = (new_id().to_string(), new_id().to_string());
    let mut tx = state.db.begin().await?;
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
pub async fn save(state: &AppState, actor: &Actor<'_>, programme_id: &str, text: &str) -> Result<Saved, AppError> {
    let parsed = Programme::from_toml(text).map_err(|p| problems_error(&p))?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
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
pub async fn cohort_for(state: &AppState, viewer: &Viewer, cohort_id: &str) -> Result<Cohort, AppError> {
    let cohort = load_cohort(state, cohort_id).await?;
    if viewer.has(Role::Hr) || cohort.trainers.iter().any(|(id, _)| *id == viewer.user_id) {
        Ok(cohort)
    } else {
        // Someone else's cohort looks the same as one that does not exist.
        Err(AppError::not_found("That cohort"))
    }
}

pub async fn load_cohort(state: &AppState, cohort_id: &str) -> Result<Cohort, AppError> {
    let row = sqlx::query(
        "SELECT c.id, c.name, c.start_date, v.id AS version_id, v.version, v.definition, v.programme_id
         FROM cohorts c JOIN programme_versions v ON v.id = c.programme_version_id WHERE c.id = $1",
    )
    .bind(cohort_id)
    .fetch_optional(state.db.reader())
    .await?
    .ok_or_else(|| AppError::not_found("That cohort"))?;
    let programme = parse_stored(&row.text("definition")?, &row.text("version_id")?)?;
    let trainers = sqlx::query(
        "SELECT u.id, u.name FROM cohort_trainers t JOIN users u ON u.id = t.user_id WHERE t.cohort_id = $1 ORDER BY LOWER(u.name)",
    )
    .bind(cohort_id)
    .fetch_all(state.db.reader())
    .await?
    .iter()
    .map(|r| Ok((r.text("id")?, r.text("name")?)))
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let closed_weeks: Vec<i64> = sqlx::query("SELECT week FROM cohort_weeks WHERE cohort_id = $1")
        .bind(cohort_id)
        .fetch_all(state.db.reader())
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

pub async fn trainees(state: &AppState, cohort_id: &str) -> Result<Vec<TraineeRow>, AppError> {
    trainee_rows(state, "t.cohort_id = $1", cohort_id).await
}

pub async fn trainee(state: &AppState, trainee_id: &str) -> Result<Option<TraineeRow>, AppError> {
    Ok(trainee_rows(state, "t.id = $1", trainee_id).await?.into_iter().next())
}

pub async fn trainee_of_user(state: &AppState, user_id: &str) -> Result<Option<(TraineeRow, String)>, AppError> {
    let row = sqlx::query("SELECT id, cohort_id FROM trainees WHERE user_id = $1").bind(user_id).fetch_optional(state.db.reader()).await?;
    match row {
        Some(r) => Ok(trainee(state, &r.text("id")?).await?.map(|t| (t, r.text("cohort_id").unwrap_or_default()))),
        None => Ok(None),
    }
}

/// Active trainees first, then those who left, each by name.
async fn trainee_rows(state: &AppState, filter: &'static str, value: &str) -> Result<Vec<TraineeRow>, AppError> {
    let sql = format!(
        "SELECT t.id, t.user_id, t.name, u.email, t.invitation_id, i.position_id, t.left_at, t.left_reason, t.enrolled_at
         FROM trainees t JOIN users u ON u.id = t.user_id LEFT JOIN invitations i ON i.id = t.invitation_id
         WHERE {filter} ORDER BY CASE WHEN t.left_at IS NULL THEN 0 ELSE 1 END, LOWER(t.name), t.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(value).fetch_all(state.db.reader()).await?;
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

pub async fn sheet(state: &AppState, cohort_id: &str, only: Option<&str>) -> Result<Sheet, AppError> {
    let db = state.db.reader();
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
