//! Parsed screening versions, kept for the life of the process. Only frozen versions are kept,
//! and a frozen version never changes, so the cache never goes stale (`load` fills it from the
//! store).

use super::definition::Screening;
use crate::db::Db;
use crate::error::{internal, AppError};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Clone, Default)]
pub struct Cache(pub(super) Arc<RwLock<HashMap<String, Arc<Screening>>>>);

impl Cache {
    /// The parsed screening of a version, read through the cache (kept once frozen).
    pub async fn load(&self, db: &Db, version_id: &str) -> Result<Arc<Screening>, AppError> {
        if let Some(hit) = self.0.read().ok().and_then(|c| c.get(version_id).cloned()) {
            return Ok(hit);
        }
        let row = super::store::version(db, version_id).await?.ok_or_else(|| AppError::not_found("That screening version"))?;
        let parsed = Arc::new(
            Screening::from_toml(&row.definition, None)
                .map_err(|p| internal(format!("stored screening {version_id} does not parse: {p:?}")))?,
        );
        if row.frozen {
            if let Ok(mut cache) = self.0.write() {
                cache.insert(version_id.to_string(), parsed.clone());
            }
        }
        Ok(parsed)
    }
}
