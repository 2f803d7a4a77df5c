//! Administration: staff accounts and roles.

pub mod staff;
