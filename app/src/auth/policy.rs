//! The access table: which roles may call which server function. It is the single source of
//! truth, enforced twice: by the HTTP layer before arguments are read, and by `guard::authorize`
//! inside each function (server rendering calls functions directly, without HTTP).
//! A function missing from the table is refused for everyone.

use super::{Role, Viewer};
use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in itself, links that carry their own secret).
    Public,
    /// Any signed-in staff member.
    SignedIn,
    /// A signed-in staff member holding at least one of these roles.
    AnyOf(&'static [Role]),
}

const ADMIN: Access = Access::AnyOf(&[Role::Admin]);
const HR: Access = Access::AnyOf(&[Role::Hr]);
const HR_OR_ADMIN: Access = Access::AnyOf(&[Role::Hr, Role::Admin]);
const HR_OR_TRAINER: Access = Access::AnyOf(&[Role::Hr, Role::Trainer]);
const TRAINEE: Access = Access::AnyOf(&[Role::Trainee]);
const ANALYST: Access = Access::AnyOf(&[Role::Analyst]);

/// Endpoint path -> who may call it. Keep it sorted by feature.
pub const POLICY: &[(&str, Access)] = &[
    // auth
    ("/api/auth/sign_in", Access::Public),
    ("/api/auth/sign_out", Access::Public),
    ("/api/auth/password_link", Access::Public),
    ("/api/auth/set_password", Access::Public),
    ("/api/account/change_password", Access::SignedIn),
    // dashboard
    ("/api/dashboard/summary", Access::SignedIn),
    // admin
    ("/api/admin/list_staff", ADMIN),
    ("/api/admin/get_staff", ADMIN),
    ("/api/admin/create_staff", ADMIN),
    ("/api/admin/set_roles", ADMIN),
    ("/api/admin/set_disabled", ADMIN),
    ("/api/admin/reset_password", ADMIN),
    ("/api/admin/audit_log", HR_OR_ADMIN),
    // org
    ("/api/org/settings", ADMIN),
    ("/api/org/save", ADMIN),
    // screenings and values
    ("/api/screenings/list", HR),
    ("/api/screenings/get", HR),
    ("/api/screenings/save", HR),
    ("/api/screenings/import", HR),
    ("/api/values/list", HR_OR_ADMIN),
    ("/api/values/save", HR_OR_ADMIN),
    ("/api/values/remove", HR_OR_ADMIN),
    // positions, invitations, outbox
    ("/api/positions/list", HR),
    ("/api/positions/get", HR),
    ("/api/positions/screening_choices", HR),
    ("/api/positions/create", HR),
    ("/api/positions/invite", HR),
    ("/api/positions/graders", HR),
    ("/api/positions/name_grader", HR),
    ("/api/invitations/resend", HR),
    ("/api/invitations/withdraw", HR),
    ("/api/outbox/list", HR),
    ("/api/outbox/new_link", HR),
    ("/api/outbox/link_copied", HR),
    // grading, results and decisions
    ("/api/grading/queue", HR_OR_TRAINER),
    ("/api/grading/sheet", HR_OR_TRAINER),
    ("/api/grading/submit", HR_OR_TRAINER),
    ("/api/results/list", HR),
    ("/api/results/report", HR),
    ("/api/results/decide", HR),
    ("/api/results/override", HR),
    ("/api/results/rescore", HR),
    ("/api/results/scoring_settings", HR),
    // training: a trainer reaches only their own cohorts (checked inside each function)
    ("/api/programmes/list", HR),
    ("/api/programmes/get", HR),
    ("/api/programmes/save", HR),
    ("/api/programmes/import", HR),
    ("/api/cohorts/list", HR_OR_TRAINER),
    ("/api/cohorts/choices", HR),
    ("/api/cohorts/create", HR),
    ("/api/cohorts/get", HR_OR_TRAINER),
    ("/api/cohorts/trainee", HR_OR_TRAINER),
    ("/api/cohorts/trainee_left", HR),
    ("/api/cohorts/enrol_choices", HR),
    ("/api/cohorts/enrol", HR),
    ("/api/training/week", HR_OR_TRAINER),
    ("/api/training/save_cell", HR_OR_TRAINER),
    ("/api/training/save_week", HR_OR_TRAINER),
    ("/api/training/close_week", HR_OR_TRAINER),
    ("/api/training/correct", HR_OR_TRAINER),
    ("/api/me/training", TRAINEE),
    // the Offer: HR makes and records it; a trainee reads and answers only their own
    ("/api/offers/page", HR),
    ("/api/offers/preview", HR),
    ("/api/offers/open", HR),
    ("/api/offers/trainee", HR),
    ("/api/offers/record", HR),
    ("/api/offers/correct", HR),
    ("/api/offers/paid", HR),
    ("/api/offers/board", HR),
    ("/api/offer/mine", TRAINEE),
    ("/api/offer/answer", TRAINEE),
    // analytics: aggregates only, for staff given the analyst role
    ("/api/analytics/report", ANALYST),
    // candidates: the link's token is the credential, checked inside each function
    ("/api/take/landing", Access::Public),
    ("/api/take/start", Access::Public),
    ("/api/take/now", Access::Public),
    ("/api/take/save", Access::Public),
    ("/api/take/section", Access::Public),
    ("/api/take/reopen", Access::Public),
    ("/api/take/submit", Access::Public),
    ("/api/take/typing_start", Access::Public),
    ("/api/take/typing_save", Access::Public),
    ("/api/take/signal", Access::Public),
    ("/api/take/self_identify", Access::Public),
];

/// The one function someone who must replace a one-time password may still call.
pub const CHANGE_PASSWORD: &str = "/api/account/change_password";

pub fn access_for(path: &str) -> Option<Access> {
    POLICY.iter().find(|(p, _)| *p == path).map(|(_, a)| *a)
}

/// Refuses the call unless `viewer` may make it.
pub fn check(path: &str, viewer: Option<&Viewer>) -> Result<(), AppError> {
    let access = access_for(path).ok_or(AppError::Forbidden)?;
    if access == Access::Public {
        return Ok(());
    }
    let viewer = viewer.ok_or(AppError::Unauthenticated)?;
    if viewer.must_change_password && path != CHANGE_PASSWORD {
        return Err(AppError::Forbidden);
    }
    match access {
        Access::Public | Access::SignedIn => Ok(()),
        Access::AnyOf(roles) if viewer.has_any(roles) => Ok(()),
        Access::AnyOf(_) => Err(AppError::Forbidden),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(roles: &[Role]) -> Viewer {
        Viewer {
            user_id: "u".into(),
            name: "N".into(),
            email: "n@example.com".into(),
            roles: roles.to_vec(),
            must_change_password: false,
        }
    }

    #[test]
    fn every_path_is_listed_once() {
        let mut paths: Vec<_> = POLICY.iter().map(|(p, _)| *p).collect();
        paths.sort();
        let n = paths.len();
        paths.dedup();
        assert_eq!(n, paths.len(), "a path is listed twice");
        assert!(paths.iter().all(|p| p.starts_with("/api/")));
    }

    #[test]
    fn unlisted_functions_are_refused_even_to_admins() {
        let admin = viewer(&Role::ALL);
        assert_eq!(check("/api/nowhere", Some(&admin)), Err(AppError::Forbidden));
    }

    #[test]
    fn anonymous_callers_are_asked_to_sign_in_and_wrong_roles_are_forbidden() {
        assert_eq!(check("/api/admin/list_staff", None), Err(AppError::Unauthenticated));
        assert_eq!(check("/api/admin/list_staff", Some(&viewer(&[Role::Hr, Role::Trainer]))), Err(AppError::Forbidden));
        assert_eq!(check("/api/admin/list_staff", Some(&viewer(&[Role::Admin]))), Ok(()));
        assert_eq!(check("/api/auth/sign_in", None), Ok(()));
    }

    #[test]
    fn a_pending_password_change_blocks_everything_else() {
        let mut v = viewer(&[Role::Admin]);
        v.must_change_password = true;
        assert_eq!(check("/api/admin/list_staff", Some(&v)), Err(AppError::Forbidden));
        assert_eq!(check(CHANGE_PASSWORD, Some(&v)), Ok(()));
        assert_eq!(check("/api/auth/sign_out", Some(&v)), Ok(()));
    }
}
