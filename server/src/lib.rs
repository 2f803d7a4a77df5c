//! The Keepers server: configuration, HTTP layers and start-up. `main.rs` is the command line.

pub mod config;
pub mod middleware;
pub mod startup;
pub mod telemetry;

pub use config::Config;
pub use startup::{Application, StartupError};
