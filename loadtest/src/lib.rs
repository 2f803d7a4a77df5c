//! Load and crash testing for Keepers, over real HTTP against the real server binary.
//!
//! `keepers-load bench` plays hundreds of candidates and compares the product's autosave with a
//! minimal axum + sqlx handler doing the same write (the stack's ceiling); `keepers-load crash`
//! kills the server with SIGKILL under load and checks that no acknowledged answer was lost.

pub mod bench;
pub mod candidate;
pub mod ceiling;
pub mod client;
pub mod crash;
pub mod process;
pub mod setup;
pub mod stats;
