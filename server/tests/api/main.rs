//! Integration tests: the real server on a random port with a fresh database.
//! Run on SQLite by default; set KEEPERS_TEST_POSTGRES_URL to run the same suite on PostgreSQL.

mod access;
mod admin;
mod analytics;
mod answers;
mod auth;
mod bad_input;
mod helpers;
mod offer;
mod results;
mod scores;
mod screening;
mod shell;
mod stress;
mod training;
mod trust;
