//! The demo organisation: a customer-service company with staff in every role, seeded into an
//! empty database so a newcomer sees the product working. Each feature adds its part here.

mod error;
mod hiring;
mod training;

pub use error::SeedError;

pub use training::{FOUNDATIONS, TRAINEE};

use crate::audit::{self, Actor, Entry};
use crate::auth::password::{self, NewPassword};
use crate::auth::Role;
use crate::db::{new_id, RowExt};
use crate::state::AppState;

pub const ORG_NAME: &str = "Sunrise Outfitters";
/// Where the demo organisation is: Offer deadlines are entered and shown in this zone.
pub const TIME_ZONE: &str = "America/Chicago";

/// Every demo account signs in with this password (printed by `keepers serve --demo`).
pub const DEMO_PASSWORD: &str = "demo-lantern-harbour";

pub struct DemoPerson {
    pub name: &'static str,
    pub email: &'static str,
    pub roles: &'static [Role],
}

pub const STAFF: &[DemoPerson] = &[
    DemoPerson { name: "Maya Okafor", email: "admin@sunrise.example", roles: &[Role::Admin] },
    DemoPerson { name: "Daniel Reyes", email: "hr@sunrise.example", roles: &[Role::Hr] },
    DemoPerson { name: "Lena Fischer", email: "analyst@sunrise.example", roles: &[Role::Hr, Role::Analyst] },
    DemoPerson { name: "Tom Becker", email: "trainer@sunrise.example", roles: &[Role::Trainer] },
    DemoPerson { name: "Priya Nair", email: "priya@sunrise.example", roles: &[Role::Hr, Role::Trainer] },
];

/// Seeds the demo organisation if the database has no staff yet. Returns whether it did.
pub async fn seed_if_empty(state: &AppState) -> Result<bool, SeedError> {
    let db = &state.db;
    let now = state.now();
    let row = sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(db.writer()).await?;
    if row.int("n")? > 0 {
        return Ok(false);
    }
    let pw = NewPassword::parse(DEMO_PASSWORD, &[]).map_err(SeedError::Password)?;
    let hash = password::hash(&pw).await.map_err(SeedError::Password)?;

    let mut tx = db.begin().await?;
    let zone = crate::org::zone::Zone::parse(TIME_ZONE).expect("the demo's time zone is in the database");
    crate::org::store::save(&mut tx, ORG_NAME, &zone).await?;
    for person in STAFF {
        let id = new_id().to_string();
        sqlx::query(
            "INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(person.email)
        .bind(person.name)
        .bind(hash.as_stored())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for role in person.roles {
            sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3)")
                .bind(&id)
                .bind(role.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        audit::record(
            &mut *tx,
            now,
            &Actor::System("demo seed"),
            Entry {
                action: "staff.created",
                subject_type: "user",
                subject_id: Some(&id),
                summary: format!(
                    "Added {} <{}> as {}",
                    person.name,
                    person.email,
                    person.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")
                ),
                reason: None,
            },
        )
        .await?;
    }
    tx.commit().await?;
    hiring::seed(state).await?;
    training::seed(state, &hash).await?;
    self_identify(state).await?;
    Ok(true)
}

/// Most demo candidates who finished a screening answered the voluntary self-identification
/// (some skip a question, a few decline), so the fairness tables have something to show.
async fn self_identify(state: &AppState) -> Result<(), SeedError> {
    use crate::analytics::identity::QUESTIONS;
    let rows = sqlx::query(
        "SELECT i.id, a.closed_at FROM invitations i JOIN attempts a ON a.invitation_id = i.id
         JOIN candidates c ON c.id = i.candidate_id WHERE a.closed_at IS NOT NULL ORDER BY c.email",
    )
    .fetch_all(state.db.reader())
    .await?;
    let mut dice = hiring::Dice(20_261_130);
    for r in &rows {
        if dice.roll() < 0.1 {
            continue; // never answered
        }
        // Roughly the shares of a US customer-service applicant pool, one row per question.
        const SHARES: [&[f64]; 3] = [&[0.5, 0.42, 0.04, 0.04], &[0.28, 0.36, 0.2, 0.1, 0.02, 0.01, 0.03], &[0.3, 0.42, 0.2, 0.08]];
        let answers: Vec<Option<&str>> = QUESTIONS
            .iter()
            .zip(SHARES)
            .map(|(q, shares)| {
                let skip = dice.roll() < 0.08;
                let mut left = dice.roll();
                let pick = shares.iter().position(|s| {
                    left -= s;
                    left < 0.0
                });
                (!skip).then(|| q.options[pick.unwrap_or(0)].0)
            })
            .collect();
        sqlx::query(
            "INSERT INTO self_identifications (invitation_id, gender, ethnicity, age_band, answered_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(r.text("id")?)
        .bind(answers[0])
        .bind(answers[1])
        .bind(answers[2])
        .bind(r.int("closed_at")? + 60_000)
        .execute(state.db.writer())
        .await?;
    }
    Ok(())
}

/// The lines `keepers serve --demo` prints so a newcomer can sign in.
pub fn sign_in_help() -> String {
    let mut rows: Vec<(String, &str, &str)> =
        STAFF.iter().map(|p| (p.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(" + "), p.email, p.name)).collect();
    rows.push(("Trainee".into(), TRAINEE.1, TRAINEE.0));
    let role_w = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let email_w = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    let mut out = format!("Demo sign-ins (password for all: {DEMO_PASSWORD})\n");
    for (roles, email, name) in rows {
        out.push_str(&format!("  {roles:<role_w$}  {email:<email_w$}  {name}\n"));
    }
    out
}
