//! Staff identity: roles, the signed-in viewer, sign-in, sessions and passwords.
//! Server-only parts (sessions, throttling, hashing, the access table) sit behind the `ssr` feature.

pub mod account;
pub mod email;
pub mod password;
pub mod set_password;
pub mod sign_in;

#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod policy;
#[cfg(feature = "ssr")]
pub mod proxy;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod tokens;

use serde::{Deserialize, Serialize};

/// What a person may do. Staff may hold several roles; a trainee (a hired candidate in a
/// cohort) gets the trainee role from enrolment, never from the staff pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Hr,
    Trainer,
    Trainee,
    /// Reads the analytics pages, the only place self-identified demographics appear, and only
    /// in aggregate. Given by an admin, usually to someone in HR.
    Analyst,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Hr, Role::Trainer, Role::Trainee, Role::Analyst];
    /// The roles an admin grants on the staff pages.
    pub const STAFF: [Role; 4] = [Role::Admin, Role::Hr, Role::Trainer, Role::Analyst];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Hr => "hr",
            Role::Trainer => "trainer",
            Role::Trainee => "trainee",
            Role::Analyst => "analyst",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Hr => "HR",
            Role::Trainer => "Trainer",
            Role::Trainee => "Trainee",
            Role::Analyst => "HR analytics",
        }
    }
}

/// The signed-in staff member, as pages and server functions see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// Signed in with a one-time password that must be replaced before anything else.
    pub must_change_password: bool,
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_stored_spelling() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("Admin"), None);
        assert_eq!(Role::parse("candidate"), None);
    }
}
