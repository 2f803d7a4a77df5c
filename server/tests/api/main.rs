//! Integration tests: the real server on a random port with a fresh database.
//! Run on SQLite by default; set KEEPERS_TEST_POSTGRES_URL to run the same suite on PostgreSQL.

mod access;
mod admin;
mod analytics;
mod answers;
mod audit_complete;
mod auth;
mod bad_input;
mod candidate_state;
mod grading_flow;
mod helpers;
mod invitation_actions;
mod kept_forms;
mod offer;
mod offer_checked;
mod results;
mod scores;
mod screening;
mod shell;
mod stress;
mod training;
mod trust;
