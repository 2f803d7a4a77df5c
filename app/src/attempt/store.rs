//! The attempt's answers in the database, one row per item. SQL only: the rules about when an
//! answer may be written live in `flow`. Every write names the edit it carries, and replaces
//! only an answer from an earlier (or the same) edit.

use super::answer::{EditSeq, Response};
use crate::clock::Millis;
use crate::db::group_commit::{Bind, Statement};
use crate::db::{Db, RowExt};
use crate::error::{internal, AppError};
use std::collections::HashMap;

/// How an item is named in `answers`: its section in the plan and its key in the screening.
pub fn item_ref(section: usize, key: &str) -> String {
    format!("{section}:{key}")
}

/// Stores (or, for `None`, clears) one answer, unless a newer edit is already stored. Returns
/// once the write is committed: autosaves from many candidates share commits.
pub async fn put(
    db: &Db,
    attempt_id: &str,
    item_ref: &str,
    response: Option<&Response>,
    seq: EditSeq,
    now: Millis,
) -> Result<(), AppError> {
    let statement = match response {
        Some(r) => Statement {
            sql: "INSERT INTO answers (attempt_id, item_ref, response, saved_at, client_seq) VALUES ($1, $2, $3, $4, $5)
                  ON CONFLICT (attempt_id, item_ref) DO UPDATE SET response = excluded.response,
                      saved_at = excluded.saved_at, client_seq = excluded.client_seq, revision = answers.revision + 1
                  WHERE answers.client_seq <= excluded.client_seq",
            binds: vec![
                Bind::Text(attempt_id.to_string()),
                Bind::Text(item_ref.to_string()),
                Bind::Text(serde_json::to_string(r).map_err(internal)?),
                Bind::Int(now),
                Bind::Int(seq.get()),
            ],
        },
        None => Statement {
            sql: "DELETE FROM answers WHERE attempt_id = $1 AND item_ref = $2 AND client_seq <= $3",
            binds: vec![Bind::Text(attempt_id.to_string()), Bind::Text(item_ref.to_string()), Bind::Int(seq.get())],
        },
    };
    db.write_grouped(statement).await?;
    Ok(())
}

/// Every stored answer of an attempt, by item ref. Rows that no longer parse are skipped.
pub async fn all(db: &Db, attempt_id: &str) -> Result<HashMap<String, Response>, AppError> {
    let rows = sqlx::query("SELECT item_ref, response FROM answers WHERE attempt_id = $1")
        .bind(attempt_id)
        .fetch_all(db.reader())
        .await?;
    let mut out = HashMap::new();
    for r in rows {
        if let Ok(resp) = serde_json::from_str::<Response>(&r.text("response")?) {
            out.insert(r.text("item_ref")?, resp);
        }
    }
    Ok(out)
}

/// One section's stored answers, by item key.
pub async fn section(db: &Db, attempt_id: &str, section: usize) -> Result<HashMap<String, Response>, AppError> {
    let prefix = format!("{section}:");
    Ok(all(db, attempt_id)
        .await?
        .into_iter()
        .filter_map(|(item_ref, r)| item_ref.strip_prefix(&prefix).map(|key| (key.to_string(), r)))
        .collect())
}
