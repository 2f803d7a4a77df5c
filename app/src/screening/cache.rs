//! Parsed screening versions, kept for the life of the process. Only frozen versions are kept,
//! and a frozen version never changes, so the cache never goes stale (`store::load` fills it).

use super::definition::Screening;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Clone, Default)]
pub struct Cache(pub(super) Arc<RwLock<HashMap<String, Arc<Screening>>>>);
