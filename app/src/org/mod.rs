//! The organisation's own settings: its name (in every email and page a candidate sees) and its
//! time zone (Offer deadlines are entered and shown in it). An admin changes them.

pub mod api;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod zone;
