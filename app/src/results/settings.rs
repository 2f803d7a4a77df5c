//! A position's scoring settings: how the gates combine, the pass marks and weights, second
//! grading, and whether candidates see their own scores. Parsed once from the form; saved with
//! its audit entry in one transaction.

use super::store;
use super::types::{RuleView, ScoringForm};
use crate::audit::{self, Actor, Entry};
use crate::auth::Viewer;
use crate::error::AppError;
use crate::state::AppState;

fn mark(raw: &str, field: &str) -> Result<f64, AppError> {
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| (0.0..=100.0).contains(v))
        .ok_or_else(|| AppError::invalid(field, "Enter a mark from 0 to 100."))
}

fn weight(raw: &str, field: &str) -> Result<f64, AppError> {
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| (0.0..=10.0).contains(v) && *v > 0.0)
        .ok_or_else(|| AppError::invalid(field, "Enter a weight above 0 and up to 10."))
}

impl TryFrom<&ScoringForm> for RuleView {
    type Error = AppError;

    /// The first field that does not parse is the one named in the error, in the form's order.
    fn try_from(f: &ScoringForm) -> Result<RuleView, AppError> {
        let both_gates = match f.gate_rule.as_str() {
            "both" => true,
            "weighted" => false,
            _ => return Err(AppError::invalid("gate_rule", "Choose how the gates combine.")),
        };
        Ok(RuleView {
            both_gates,
            attitude_pass: mark(&f.attitude_pass, "attitude_pass")?,
            skill_pass: mark(&f.skill_pass, "skill_pass")?,
            attitude_weight: weight(&f.attitude_weight, "attitude_weight")?,
            skill_weight: weight(&f.skill_weight, "skill_weight")?,
            total_pass: mark(&f.total_pass, "total_pass")?,
            double_grading: f.double_grading.is_some(),
            show_results: f.show_results.is_some(),
        })
    }
}

#[tracing::instrument(skip(state, viewer, rule), fields(user = %viewer.user_id))]
pub async fn save(state: &AppState, viewer: &Viewer, position_id: &str, rule: &RuleView) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.db.begin().await?;
    if !store::set_rule(&mut tx, position_id, rule).await? {
        return Err(AppError::not_found("That position"));
    }
    audit::record(
        &mut *tx,
        now,
        &Actor::Staff(viewer),
        Entry {
            action: "position.scoring_changed",
            subject_type: "position",
            subject_id: Some(position_id),
            summary: format!(
                "Scoring set to {}: attitude {:.0}, skill {:.0}, weights {}/{}, total {:.0}; second grader {}; candidates {} their results",
                if rule.both_gates { "both gates" } else { "weighted total" },
                rule.attitude_pass,
                rule.skill_pass,
                rule.attitude_weight,
                rule.skill_weight,
                rule.total_pass,
                if rule.double_grading { "on" } else { "off" },
                if rule.show_results { "see" } else { "do not see" }
            ),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ScoringForm {
        ScoringForm {
            position_id: "p".into(),
            gate_rule: "weighted".into(),
            attitude_pass: " 60 ".into(),
            skill_pass: "55.5".into(),
            attitude_weight: "2".into(),
            skill_weight: "0.5".into(),
            total_pass: "100".into(),
            double_grading: Some("on".into()),
            show_results: None,
        }
    }

    fn refused(f: &ScoringForm) -> String {
        match RuleView::try_from(f) {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn the_form_parses_once_into_the_rule() {
        let rule = RuleView::try_from(&form()).unwrap();
        assert_eq!(
            rule,
            RuleView {
                both_gates: false,
                attitude_pass: 60.0,
                skill_pass: 55.5,
                attitude_weight: 2.0,
                skill_weight: 0.5,
                total_pass: 100.0,
                double_grading: true,
                show_results: false,
            }
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        assert_eq!(refused(&ScoringForm { gate_rule: "either".into(), ..form() }), "gate_rule");
        assert_eq!(refused(&ScoringForm { attitude_pass: "101".into(), ..form() }), "attitude_pass");
        assert_eq!(refused(&ScoringForm { skill_pass: "NaN".into(), ..form() }), "skill_pass");
        assert_eq!(refused(&ScoringForm { attitude_weight: "0".into(), ..form() }), "attitude_weight");
        assert_eq!(refused(&ScoringForm { skill_weight: "10.5".into(), ..form() }), "skill_weight");
        assert_eq!(refused(&ScoringForm { total_pass: "-1".into(), ..form() }), "total_pass");
    }
}
