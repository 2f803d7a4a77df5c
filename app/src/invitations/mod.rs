//! One invitation's life after it is sent, from the position page: copy its link, send it
//! again, or withdraw it before it is used. Each step is in the audit log with who (and, for a
//! withdrawal, why).

pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
