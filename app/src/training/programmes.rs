//! The programme library's reads: one programme with its outline and versions, and its file for
//! download. Saving and importing are `store::save` and `store::import`, called by `api`.

use super::store;
use super::types::{ProgrammeDetail, ProgrammeView};
use crate::db::Db;
use crate::error::AppError;

#[tracing::instrument(skip(db))]
pub async fn detail(db: &Db, id: &str) -> Result<ProgrammeDetail, AppError> {
    let summary = store::summaries(db, Some(id)).await?.into_iter().next().ok_or_else(|| AppError::not_found("That programme"))?;
    let current = store::current(db, id).await?.ok_or_else(|| AppError::not_found("That programme"))?;
    let parsed = store::parse_stored(&current.definition, &current.id)?;
    let versions = store::versions(db, id).await?;
    Ok(ProgrammeDetail { summary, view: ProgrammeView::from(&parsed), definition: current.definition, versions })
}

/// The file of a programme's current version, for download.
pub async fn export(db: &Db, id: &str) -> Result<(String, String), AppError> {
    let current = store::current(db, id).await?.ok_or_else(|| AppError::not_found("That programme"))?;
    let key = store::key(db, id).await?.ok_or_else(|| AppError::not_found("That programme"))?;
    Ok((format!("{key}-v{}.toml", current.version), current.definition))
}
