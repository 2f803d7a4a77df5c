//! Keepers: hire for attitude, train for skill, keep the people who choose to stay.
//! Pages, server functions and domain types, shared by the server and the browser bundle.
#![recursion_limit = "256"]

pub mod admin;
pub mod analytics;
pub mod clock;
pub mod attempt;
pub mod audit;
pub mod auth;
pub mod dashboard;
pub mod error;
pub mod export;
pub mod grading;
pub mod invitations;
pub mod layout;
pub mod offer;
pub mod org;
pub mod outbox;
pub mod positions;
pub mod results;
pub mod scoring;
pub mod screening;
pub mod shell;
pub mod text;
pub mod training;
pub mod ui;

#[cfg(test)]
mod architecture;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod state;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `full-hydration` exists only so scripts/measure-bundle can weigh the alternative.
    #[cfg(not(feature = "full-hydration"))]
    leptos::mount::hydrate_islands();
    #[cfg(feature = "full-hydration")]
    leptos::mount::hydrate_body(shell::App);
}
