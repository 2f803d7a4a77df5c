//! Making the Offer, checked before it goes: HR fills it in, previews who receives it and the
//! email each gets, then confirms with a button naming the amount and the count. The deadline is
//! entered in the organisation's time zone. Nothing is sent before the confirmation, and a
//! confirmation made stale by a change in the cohort is refused.

pub mod api;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod rules;
