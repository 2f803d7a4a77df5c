//! Reading typed values out of `AnyRow`s: uuids are stored as text, flags as integers.

use sqlx::{any::AnyRow, Row};
use uuid::Uuid;

pub trait RowExt {
    fn text(&self, col: &str) -> Result<String, sqlx::Error>;
    fn opt_text(&self, col: &str) -> Result<Option<String>, sqlx::Error>;
    fn int(&self, col: &str) -> Result<i64, sqlx::Error>;
    fn opt_int(&self, col: &str) -> Result<Option<i64>, sqlx::Error>;
    fn float(&self, col: &str) -> Result<f64, sqlx::Error>;
    fn opt_float(&self, col: &str) -> Result<Option<f64>, sqlx::Error>;
    fn flag(&self, col: &str) -> Result<bool, sqlx::Error>;
    fn uuid(&self, col: &str) -> Result<Uuid, sqlx::Error>;
    fn opt_uuid(&self, col: &str) -> Result<Option<Uuid>, sqlx::Error>;
}

fn bad_uuid(col: &str, e: uuid::Error) -> sqlx::Error {
    sqlx::Error::ColumnDecode { index: col.to_string(), source: Box::new(e) }
}

impl RowExt for AnyRow {
    fn text(&self, col: &str) -> Result<String, sqlx::Error> {
        self.try_get::<String, _>(col)
    }
    fn opt_text(&self, col: &str) -> Result<Option<String>, sqlx::Error> {
        self.try_get::<Option<String>, _>(col)
    }
    fn int(&self, col: &str) -> Result<i64, sqlx::Error> {
        self.try_get::<i64, _>(col)
    }
    fn opt_int(&self, col: &str) -> Result<Option<i64>, sqlx::Error> {
        self.try_get::<Option<i64>, _>(col)
    }
    fn float(&self, col: &str) -> Result<f64, sqlx::Error> {
        // SQLite hands back an integer for a whole-number REAL result; accept both.
        match self.try_get::<f64, _>(col) {
            Ok(v) => Ok(v),
            Err(_) => self.try_get::<i64, _>(col).map(|v| v as f64),
        }
    }
    fn opt_float(&self, col: &str) -> Result<Option<f64>, sqlx::Error> {
        match self.try_get::<Option<f64>, _>(col) {
            Ok(v) => Ok(v),
            Err(_) => self.try_get::<Option<i64>, _>(col).map(|v| v.map(|v| v as f64)),
        }
    }
    fn flag(&self, col: &str) -> Result<bool, sqlx::Error> {
        self.int(col).map(|v| v != 0)
    }
    fn uuid(&self, col: &str) -> Result<Uuid, sqlx::Error> {
        Uuid::parse_str(&self.text(col)?).map_err(|e| bad_uuid(col, e))
    }
    fn opt_uuid(&self, col: &str) -> Result<Option<Uuid>, sqlx::Error> {
        match self.opt_text(col)? {
            Some(s) => Uuid::parse_str(&s).map(Some).map_err(|e| bad_uuid(col, e)),
            None => Ok(None),
        }
    }
}

/// A fresh, time-ordered id (UUIDv7 keeps index inserts local).
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
