//! Definitions kept as numbered versions (screenings, programmes). A version is edited in place
//! until something uses it (it is frozen); from then on each save makes the next version, so
//! whatever used a version keeps exactly what it used.

use crate::audit::Actor;
use crate::clock::Millis;
use crate::db::new_id;
use crate::error::AppError;

/// The tables of one kind of versioned definition.
pub struct Versioned {
    /// The table of the definitions themselves, with `current_version_id`.
    pub parent: &'static str,
    /// The table of their versions.
    pub versions: &'static str,
    /// The versions table's column naming the parent.
    pub parent_column: &'static str,
    /// Said when a version froze while someone was editing it.
    pub froze_meanwhile: &'static str,
}

/// The current version, as read inside the saving transaction.
pub struct Current<'a> {
    pub version_id: &'a str,
    pub version: i64,
    pub frozen: bool,
}

impl Versioned {
    /// Adds version `version` of `parent_id` and makes it the current one.
    pub async fn insert(
        &self,
        tx: &mut sqlx::AnyConnection,
        version_id: &str,
        parent_id: &str,
        version: i64,
        text: &str,
        now: Millis,
        actor: &Actor<'_>,
    ) -> Result<(), sqlx::Error> {
        let created_by = match actor {
            Actor::Staff(v) => Some(v.user_id.clone()),
            Actor::System(_) | Actor::Candidate(_) => None,
        };
        let sql = format!(
            "INSERT INTO {} (id, {}, version, definition, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)",
            self.versions, self.parent_column
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(version_id)
            .bind(parent_id)
            .bind(version)
            .bind(text)
            .bind(now)
            .bind(created_by)
            .execute(&mut *tx)
            .await?;
        let sql = format!("UPDATE {} SET current_version_id = $2 WHERE id = $1", self.parent);
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(parent_id).bind(version_id).execute(&mut *tx).await?;
        Ok(())
    }

    /// Saves `text` over the current version: in place while it is not frozen, as the next
    /// version once it is. Returns the version saved and whether it is new.
    pub async fn write(
        &self,
        tx: &mut sqlx::AnyConnection,
        parent_id: &str,
        current: Current<'_>,
        text: &str,
        now: Millis,
        actor: &Actor<'_>,
    ) -> Result<(i64, bool), AppError> {
        if current.frozen {
            let version = current.version + 1;
            self.insert(tx, &new_id().to_string(), parent_id, version, text, now, actor).await?;
            return Ok((version, true));
        }
        // Guarded on frozen_at: if the version froze in between, nothing changes and the person
        // is asked to save again.
        let sql = format!("UPDATE {} SET definition = $2 WHERE id = $1 AND frozen_at IS NULL", self.versions);
        let done = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(current.version_id).bind(text).execute(&mut *tx).await?;
        if done.rows_affected() != 1 {
            return Err(AppError::Conflict(self.froze_meanwhile.into()));
        }
        Ok((current.version, false))
    }
}
