//! Enrolment in the database: who of a position is hired and not yet in a cohort, and a new
//! trainee (a user with the trainee role, and their place in the cohort).

use crate::clock::Millis;
use crate::db::{new_id, Db, RowExt};
use crate::error::AppError;
use crate::results::store::HIRED;
use crate::training::types::Hired;

/// Hired candidates of a position who are not in a cohort yet, by name.
pub async fn hired(db: &Db, position_id: &str) -> Result<Vec<Hired>, AppError> {
    let sql = format!(
        "SELECT i.id, c.name, c.email FROM invitations i JOIN candidates c ON c.id = i.candidate_id
         WHERE i.position_id = $1 AND {HIRED}
           AND NOT EXISTS (SELECT 1 FROM trainees t WHERE t.invitation_id = i.id)
         ORDER BY LOWER(c.name), i.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(position_id).fetch_all(db.reader()).await?;
    Ok(rows
        .iter()
        .map(|r| Ok(Hired { invitation_id: r.text("id")?, name: r.text("name")?, email: r.text("email")? }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// Every cohort, by start.
pub async fn cohort_ids(db: &Db) -> Result<Vec<String>, AppError> {
    let rows = sqlx::query("SELECT id FROM cohorts ORDER BY start_at, id").fetch_all(db.reader()).await?;
    Ok(rows.iter().map(|r| r.text("id")).collect::<Result<Vec<_>, sqlx::Error>>()?)
}

pub async fn email_taken(conn: &mut sqlx::AnyConnection, email: &str) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT 1 AS x FROM users WHERE email = $1").bind(email).fetch_optional(&mut *conn).await?.is_some())
}

/// A hired candidate as a trainee of a cohort.
pub struct NewTrainee<'a> {
    pub cohort_id: &'a str,
    pub invitation_id: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub by: &'a str,
}

/// Adds the trainee's user (with the trainee role) and their place in the cohort; returns the
/// new user's id.
pub async fn add_trainee(conn: &mut sqlx::AnyConnection, t: &NewTrainee<'_>, now: Millis) -> Result<String, AppError> {
    let user_id = new_id().to_string();
    sqlx::query("INSERT INTO users (id, email, name, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&user_id)
        .bind(t.email)
        .bind(t.name)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO user_roles (user_id, role, granted_at, granted_by) VALUES ($1, 'trainee', $2, $3)")
        .bind(&user_id)
        .bind(now)
        .bind(t.by)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO trainees (id, cohort_id, user_id, invitation_id, name, enrolled_at, enrolled_by) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(new_id().to_string())
        .bind(t.cohort_id)
        .bind(&user_id)
        .bind(t.invitation_id)
        .bind(t.name)
        .bind(now)
        .bind(t.by)
        .execute(&mut *conn)
        .await?;
    Ok(user_id)
}
