//! Analytics for HR: the hiring funnel, predictive validity, adverse impact and item
//! statistics, from one data trail that runs from the invitation to the Offer. Only staff
//! holding the analyst role see these pages; self-identified demographics appear nowhere else,
//! and here only as group totals.

pub mod funnel;
pub mod identity;
pub mod impact;
pub mod items;
pub mod people;
pub mod stats;
pub mod validity;

#[cfg(feature = "ssr")]
pub mod dataset;

mod page;
pub use page::AnalyticsPage;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The page's filters, as its query string carries them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// A position id, or empty for every position.
    pub position: String,
    /// YYYY-MM-DD, inclusive, UTC; by invitation date.
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub filters: Filters,
    /// (id, title) of every position, for the filter.
    pub positions: Vec<(String, String)>,
    /// Overall first, then one per position (when no position is chosen).
    pub funnels: Vec<funnel::Funnel>,
    pub validity: validity::Validity,
    pub impact: Vec<impact::Dimension>,
    /// Why the group figures of this (filtered) view are not shown, if they are not.
    #[serde(default)]
    pub impact_withheld: Option<String>,
    /// How many in scope answered the self-identification at all.
    pub self_identified: usize,
    pub items: Vec<items::VersionItems>,
}

#[server(prefix = "/api", endpoint = "analytics/report")]
pub async fn analytics_report(filters: Option<Filters>) -> Result<Report, AppError> {
    crate::auth::guard::require::<AnalyticsReport>()?;
    let state = crate::state::app_state()?;
    server::report(&state, filters.unwrap_or_default()).await
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::db::RowExt;
    use crate::screening::definition::Item;
    use crate::state::AppState;

    /// A date filter, widened to the whole month it falls in: reports whose dates differ by a
    /// day are the same report, so comparing them reveals no one.
    fn month(field: &str, raw: &str, end: bool) -> Result<Option<time::Date>, AppError> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        let date = crate::clock::parse_date(raw.trim()).ok_or_else(|| AppError::invalid(field, "Use a date like 2026-11-30."))?;
        let first = date.replace_day(1).map_err(crate::error::internal)?;
        Ok(Some(if end { first.replace_day(first.month().length(first.year())).map_err(crate::error::internal)? } else { first }))
    }

    pub async fn report(state: &AppState, mut filters: Filters) -> Result<Report, AppError> {
        let (from_day, to_day) = (month("from", &filters.from, false)?, month("to", &filters.to, true)?);
        let iso = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
        filters.from = from_day.map(iso).unwrap_or_default();
        filters.to = to_day.map(iso).unwrap_or_default();
        let from = from_day.map(crate::clock::start_millis);
        let to = to_day.map(|d| crate::clock::start_millis(d) + 86_400_000);
        if let (Some(f), Some(t)) = (from, to) {
            if t <= f {
                return Err(AppError::invalid("to", "The end date is before the start date."));
            }
        }
        let positions: Vec<(String, String)> = sqlx::query("SELECT id, title FROM positions ORDER BY created_at, title")
            .fetch_all(state.db.reader())
            .await?
            .iter()
            .map(|r| Ok((r.text("id")?, r.text("title")?)))
            .collect::<Result<_, sqlx::Error>>()?;
        let position_id = (!filters.position.is_empty()).then(|| filters.position.clone());
        if let Some(id) = &position_id {
            if !positions.iter().any(|(p, _)| p == id) {
                return Err(AppError::invalid("position", "Choose a position from the list."));
            }
        }
        let people = dataset::load(state, &dataset::Scope { position_id: position_id.clone(), from, to }).await?;
        let everyone: Vec<&people::Person> = people.iter().collect();

        let mut funnels = vec![funnel::funnel(
            &position_id.as_ref().and_then(|id| positions.iter().find(|(p, _)| p == id)).map(|(_, t)| t.clone()).unwrap_or_else(|| "All positions".into()),
            &everyone,
        )];
        if position_id.is_none() {
            for (id, title) in &positions {
                let of_position: Vec<&people::Person> = people.iter().filter(|p| p.position_id == *id).collect();
                if !of_position.is_empty() {
                    funnels.push(funnel::funnel(title, &of_position));
                }
            }
        }
        // A filtered view shows group figures only if subtracting them from the whole
        // organisation's leaves no group of fewer than five in any stage.
        let withheld = if position_id.is_some() || from.is_some() || to.is_some() {
            let all = dataset::load(state, &dataset::Scope::default()).await?;
            let all: Vec<&people::Person> = all.iter().collect();
            impact::differs_by_a_few(&everyone, &all).then(|| {
                format!(
                    "Group figures are not shown for this view: compared with the whole organisation it leaves out fewer than {} people of some group, so the difference could single them out. Widen the dates or choose every position.",
                    impact::MIN_GROUP
                )
            })
        } else {
            None
        };
        let mut versions = items::items(&everyone);
        for v in &mut versions {
            label_version(state, v).await?;
        }
        Ok(Report {
            filters,
            positions,
            funnels,
            validity: validity::validity(&everyone),
            impact: if withheld.is_some() { vec![] } else { impact::impact(&everyone) },
            impact_withheld: withheld,
            self_identified: people.iter().filter(|p| p.group != people::Group::default()).count(),
            items: versions,
        })
    }

    /// Names a version and its items from the stored screening file.
    async fn label_version(state: &AppState, v: &mut items::VersionItems) -> Result<(), AppError> {
        let Some(row) = crate::screening::store::version(&state.db, &v.version_id).await? else {
            v.label = "A removed screening version".into();
            return Ok(());
        };
        let screening = state.screenings.load(&state.db, &v.version_id).await?;
        v.label = format!("{}, version {}", screening.title(), row.version);
        let values = crate::screening::store::values(&state.db).await?;
        for scale in &mut v.scales {
            if let Some(value) = values.iter().find(|o| o.key == scale.value) {
                scale.name = value.name.clone();
            }
        }
        for item in &mut v.items {
            let found = screening.section(&item.section).and_then(|s| s.items.iter().find(|i| i.key() == item.item));
            item.text = match found {
                Some(Item::Likert(l)) => l.statement.clone(),
                // Every scenario asks much the same question; the situation is what tells them apart.
                Some(Item::Judgement(j)) => judgement_label(&j.scenario, &j.question),
                Some(Item::Choice(c)) => c.question.clone(),
                Some(Item::Typing(t)) => t.title.clone(),
                Some(Item::Written(_)) => "Written reply to a customer".into(),
                None => item.item.clone(),
            };
        }
        Ok(())
    }

    /// A judgement item named by the first sentence of its situation, with its question when
    /// that says more than the usual "What would you do?".
    pub fn judgement_label(scenario: &str, question: &str) -> String {
        let scenario = scenario.trim();
        let first = match scenario.find(". ") {
            Some(end) => format!("{}. …", &scenario[..end]),
            None => scenario.to_string(),
        };
        let generic = question.trim().trim_end_matches('?').eq_ignore_ascii_case("what would you do");
        if generic || question.trim().is_empty() {
            first
        } else {
            format!("{first} {}", question.trim())
        }
    }
}
