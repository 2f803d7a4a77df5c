//! Staff administration: add people, give and take roles, disable, reset passwords.
//! Every change is written to the audit log in the same transaction.

use crate::auth::Role;
use crate::error::AppError;
use crate::ui::{CopyButton, FieldError, FormError, Guarded, Kept, LoadError, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffStatus {
    Active,
    /// Has never set a password.
    Invited,
    /// Signed in with a one-time password and has not chosen their own yet.
    MustChangePassword,
    Disabled,
}

impl StaffStatus {
    pub fn label(self) -> &'static str {
        match self {
            StaffStatus::Active => "Active",
            StaffStatus::Invited => "Invited",
            StaffStatus::MustChangePassword => "One-time password",
            StaffStatus::Disabled => "Disabled",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub status: StaffStatus,
    pub last_sign_in: Option<String>,
    pub created: String,
    pub open_sessions: i64,
}

/// A secret handed to an admin once, to pass on to the person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Credential {
    Link(String),
    OneTimePassword(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Issued {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub credential: Credential,
}

#[cfg(feature = "ssr")]
fn roles_from_form(admin: &Option<String>, hr: &Option<String>, trainer: &Option<String>, analyst: &Option<String>) -> Vec<Role> {
    [(admin, Role::Admin), (hr, Role::Hr), (trainer, Role::Trainer), (analyst, Role::Analyst)]
        .into_iter()
        .filter(|(checked, _)| checked.is_some())
        .map(|(_, role)| role)
        .collect()
}

/// A person's display name: trimmed, 1 to 120 characters, no control or direction characters.
pub fn parse_name(raw: &str) -> Result<String, String> {
    // Refused before tidying, which would quietly turn a NUL or a line break into a space.
    if let Some(why) = crate::text::refused_characters(raw.trim()) {
        return Err(why.into());
    }
    let name = crate::text::tidy(raw);
    if name.is_empty() {
        return Err("Enter the person's name.".into());
    }
    if name.chars().count() > 120 {
        return Err("Use at most 120 characters for a name.".into());
    }
    Ok(name)
}

#[server(prefix = "/api", endpoint = "admin/list_staff")]
pub async fn list_staff() -> Result<Vec<StaffMember>, AppError> {
    crate::auth::guard::require::<ListStaff>()?;
    let state = crate::state::app_state()?;
    server::load(&state, None).await
}

#[server(prefix = "/api", endpoint = "admin/get_staff")]
pub async fn get_staff(id: String) -> Result<StaffMember, AppError> {
    crate::auth::guard::require::<GetStaff>()?;
    let state = crate::state::app_state()?;
    server::load(&state, Some(&id)).await?.into_iter().next().ok_or_else(|| AppError::not_found("That person"))
}

#[cfg(feature = "ssr")]
use crate::audit::Actor;

#[server(prefix = "/api", endpoint = "admin/create_staff")]
pub async fn create_staff(
    name: String,
    email: String,
    role_admin: Option<String>,
    role_hr: Option<String>,
    role_trainer: Option<String>,
    role_analyst: Option<String>,
    method: String,
) -> Result<Issued, AppError> {
    let admin = crate::auth::guard::require::<CreateStaff>()?;
    let state = crate::state::app_state()?;
    let name = parse_name(&name).map_err(|m| AppError::invalid("name", m))?;
    let email = crate::auth::email::Email::parse(&email).map_err(|m| AppError::invalid("email", m))?;
    let roles = roles_from_form(&role_admin, &role_hr, &role_trainer, &role_analyst);
    if roles.is_empty() {
        return Err(AppError::invalid("roles", "Choose at least one role."));
    }
    let method = server::Method::parse(&method)?;
    server::create(&state, &Actor::Staff(&admin), &name, &email, &roles, method).await
}

#[server(prefix = "/api", endpoint = "admin/set_roles")]
pub async fn set_roles(
    user_id: String,
    role_admin: Option<String>,
    role_hr: Option<String>,
    role_trainer: Option<String>,
    role_analyst: Option<String>,
) -> Result<(), AppError> {
    let admin = crate::auth::guard::require::<SetRoles>()?;
    let state = crate::state::app_state()?;
    let roles = roles_from_form(&role_admin, &role_hr, &role_trainer, &role_analyst);
    if roles.is_empty() {
        return Err(AppError::invalid("roles", "Keep at least one role, or disable the account instead."));
    }
    server::set_roles(&state, &admin, &user_id, &roles).await?;
    crate::ui::redirect_after(&format!("/admin/staff/{user_id}?saved=roles"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/set_disabled")]
pub async fn set_disabled(user_id: String, disabled: bool, reason: Option<String>) -> Result<(), AppError> {
    let admin = crate::auth::guard::require::<SetDisabled>()?;
    let state = crate::state::app_state()?;
    let reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    if reason.as_deref().map(|r| r.chars().count() > 500).unwrap_or(false) {
        return Err(AppError::invalid("reason", "Keep the reason under 500 characters."));
    }
    server::set_disabled(&state, &admin, &user_id, disabled, reason.as_deref()).await?;
    crate::ui::redirect_after(&format!("/admin/staff/{user_id}?saved={}", if disabled { "disabled" } else { "enabled" }));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/reset_password")]
pub async fn reset_password(user_id: String, method: String) -> Result<Issued, AppError> {
    let admin = crate::auth::guard::require::<ResetPassword>()?;
    let state = crate::state::app_state()?;
    let method = server::Method::parse(&method)?;
    server::reset(&state, &admin, &user_id, method).await
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::{Credential, Issued, StaffMember, StaffStatus};
    use crate::audit::{self, Actor, Entry};
    use crate::auth::account::server as account;
    use crate::auth::email::Email;
    use crate::auth::password::NewPassword;
    use crate::auth::set_password::server as links;
    use crate::auth::{session, tokens, Role, Viewer};
    use crate::clock::format_utc;
    use crate::db::{new_id, RowExt};
    use crate::error::AppError;
    use crate::state::AppState;
    use std::collections::BTreeMap;

    #[derive(Clone, Copy, Debug)]
    pub enum Method {
        Link,
        OneTimePassword,
    }

    impl Method {
        pub fn parse(raw: &str) -> Result<Method, AppError> {
            match raw {
                "link" => Ok(Method::Link),
                "password" => Ok(Method::OneTimePassword),
                _ => Err(AppError::invalid("method", "Choose how the person will get their password.")),
            }
        }
    }

    pub async fn load(state: &AppState, only: Option<&str>) -> Result<Vec<StaffMember>, AppError> {
        let now = state.now();
        let rows = sqlx::query(
            "SELECT u.id, u.name, u.email, u.password_hash IS NOT NULL AS has_password, u.must_change_password,
                    u.disabled_at, u.created_at, u.last_sign_in_at, r.role,
                    (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id AND s.idle_expires_at > $2) AS open_sessions
             FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
             WHERE ($1 = '' OR u.id = $1)
             ORDER BY LOWER(u.name), u.id",
        )
        .bind(only.unwrap_or(""))
        .bind(now)
        .fetch_all(state.db.reader())
        .await?;
        let mut people: BTreeMap<String, StaffMember> = BTreeMap::new();
        let mut order = Vec::new();
        for row in &rows {
            let id = row.text("id")?;
            if !people.contains_key(&id) {
                let status = if row.opt_int("disabled_at")?.is_some() {
                    StaffStatus::Disabled
                } else if !bool_col(row, "has_password")? {
                    StaffStatus::Invited
                } else if row.flag("must_change_password")? {
                    StaffStatus::MustChangePassword
                } else {
                    StaffStatus::Active
                };
                order.push(id.clone());
                people.insert(
                    id.clone(),
                    StaffMember {
                        id: id.clone(),
                        name: row.text("name")?,
                        email: row.text("email")?,
                        roles: Vec::new(),
                        status,
                        last_sign_in: row.opt_int("last_sign_in_at")?.map(format_utc),
                        created: format_utc(row.int("created_at")?),
                        open_sessions: row.int("open_sessions")?,
                    },
                );
            }
            if let Some(role) = row.opt_text("role")?.as_deref().and_then(Role::parse) {
                if let Some(p) = people.get_mut(&id) {
                    p.roles.push(role);
                    p.roles.sort();
                }
            }
        }
        Ok(order.into_iter().filter_map(|id| people.remove(&id)).collect())
    }

    /// `x IS NOT NULL` is a boolean in PostgreSQL and an integer in SQLite.
    fn bool_col(row: &sqlx::any::AnyRow, col: &str) -> Result<bool, sqlx::Error> {
        use sqlx::Row;
        match row.try_get::<bool, _>(col) {
            Ok(b) => Ok(b),
            Err(_) => row.int(col).map(|v| v != 0),
        }
    }

    fn role_list(roles: &[Role]) -> String {
        roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")
    }

    pub async fn create(
        state: &AppState,
        actor: &Actor<'_>,
        name: &str,
        email: &Email,
        roles: &[Role],
        method: Method,
    ) -> Result<Issued, AppError> {
        let now = state.now();
        let id = new_id().to_string();
        let granted_by = match actor {
            Actor::Staff(v) => Some(v.user_id.as_str()),
            Actor::System(_) | Actor::Candidate(_) => None,
        };
        let mut tx = state.db.begin().await?;
        let exists = sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(AppError::invalid("email", "Someone already has an account with this email address."));
        }
        sqlx::query("INSERT INTO users (id, email, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(email.as_str())
            .bind(name)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        for role in roles {
            sqlx::query("INSERT INTO user_roles (user_id, role, granted_at, granted_by) VALUES ($1, $2, $3, $4)")
                .bind(&id)
                .bind(role.as_str())
                .bind(now)
                .bind(granted_by)
                .execute(&mut *tx)
                .await?;
        }
        let credential = match method {
            Method::Link => Credential::Link(links::issue(&mut tx, &state.settings, now, &id, "invite", granted_by).await?),
            Method::OneTimePassword => Credential::OneTimePassword(String::new()),
        };
        audit::record(
            &mut *tx,
            now,
            actor,
            Entry {
                action: "staff.created",
                subject_type: "user",
                subject_id: Some(&id),
                summary: format!("Added {name} <{email}> as {}", role_list(roles)),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        let credential = finish_credential(state, &id, credential).await?;
        Ok(Issued { user_id: id, name: name.to_string(), email: email.to_string(), credential })
    }

    /// Turns a requested one-time password into a real one (hashing happens outside the transaction).
    async fn finish_credential(state: &AppState, user_id: &str, credential: Credential) -> Result<Credential, AppError> {
        match credential {
            Credential::Link(token) => Ok(Credential::Link(format!("{}/set-password/{token}", crate::auth::guard::base_url(&state.settings)))),
            Credential::OneTimePassword(_) => {
                let otp = tokens::one_time_password();
                let new = NewPassword::parse(&otp, &[]).map_err(crate::error::internal)?;
                account::replace_password(state, user_id, &new, true).await?;
                Ok(Credential::OneTimePassword(otp))
            }
        }
    }

    async fn active_admins_other_than(tx: &mut sqlx::AnyConnection, user_id: &str) -> Result<i64, sqlx::Error> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM user_roles r JOIN users u ON u.id = r.user_id
             WHERE r.role = 'admin' AND u.disabled_at IS NULL AND u.id <> $1",
        )
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        row.int("n")
    }

    async fn name_of(tx: &mut sqlx::AnyConnection, user_id: &str) -> Result<String, AppError> {
        let row = sqlx::query("SELECT name, email FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| AppError::not_found("That person"))?;
        Ok(format!("{} <{}>", row.text("name")?, row.text("email")?))
    }

    pub async fn set_roles(state: &AppState, admin: &Viewer, user_id: &str, roles: &[Role]) -> Result<(), AppError> {
        let now = state.now();
        let mut tx = state.db.begin().await?;
        let who = name_of(&mut tx, user_id).await?;
        let before: Vec<Role> = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .filter_map(|r| r.text("role").ok().as_deref().and_then(Role::parse))
            .collect();
        let losing_admin = before.contains(&Role::Admin) && !roles.contains(&Role::Admin);
        if losing_admin && user_id == admin.user_id {
            return Err(AppError::invalid("roles", "You cannot remove your own admin role. Ask another admin."));
        }
        if losing_admin && active_admins_other_than(&mut tx, user_id).await? == 0 {
            return Err(AppError::invalid("roles", "This is the last active admin; make someone else an admin first."));
        }
        for role in Role::STAFF {
            let has = before.contains(&role);
            let wants = roles.contains(&role);
            if has && !wants {
                sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role = $2")
                    .bind(user_id)
                    .bind(role.as_str())
                    .execute(&mut *tx)
                    .await?;
            } else if wants && !has {
                sqlx::query("INSERT INTO user_roles (user_id, role, granted_at, granted_by) VALUES ($1, $2, $3, $4)")
                    .bind(user_id)
                    .bind(role.as_str())
                    .bind(now)
                    .bind(&admin.user_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        // The trainee role comes from enrolment and is not the staff page's to change.
        let mut before_sorted: Vec<Role> = before.iter().copied().filter(|r| Role::STAFF.contains(r)).collect();
        before_sorted.sort();
        if before_sorted != roles {
            audit::record(
                &mut *tx,
                now,
                &Actor::Staff(admin),
                Entry {
                    action: "staff.roles_changed",
                    subject_type: "user",
                    subject_id: Some(user_id),
                    summary: format!("Roles of {who}: {} → {}", role_list(&before_sorted), role_list(roles)),
                    reason: None,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_disabled(
        state: &AppState,
        admin: &Viewer,
        user_id: &str,
        disabled: bool,
        reason: Option<&str>,
    ) -> Result<(), AppError> {
        let now = state.now();
        if disabled && user_id == admin.user_id {
            return Err(AppError::invalid("", "You cannot disable your own account."));
        }
        let mut tx = state.db.begin().await?;
        let who = name_of(&mut tx, user_id).await?;
        let is_admin = sqlx::query("SELECT 1 AS x FROM user_roles WHERE user_id = $1 AND role = 'admin'")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if disabled && is_admin && active_admins_other_than(&mut tx, user_id).await? == 0 {
            return Err(AppError::invalid("", "This is the last active admin and cannot be disabled."));
        }
        let changed = if disabled {
            sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL")
                .bind(user_id)
                .bind(now)
                .execute(&mut *tx)
                .await?
        } else {
            sqlx::query("UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL")
                .bind(user_id)
                .execute(&mut *tx)
                .await?
        };
        if changed.rows_affected() == 1 {
            if disabled {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            }
            audit::record(
                &mut *tx,
                now,
                &Actor::Staff(admin),
                Entry {
                    action: if disabled { "staff.disabled" } else { "staff.enabled" },
                    subject_type: "user",
                    subject_id: Some(user_id),
                    summary: format!("{} {who}", if disabled { "Disabled" } else { "Re-enabled" }),
                    reason,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn reset(state: &AppState, admin: &Viewer, user_id: &str, method: Method) -> Result<Issued, AppError> {
        let now = state.now();
        let mut tx = state.db.begin().await?;
        let row = sqlx::query("SELECT name, email, disabled_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| AppError::not_found("That person"))?;
        if row.opt_int("disabled_at")?.is_some() {
            return Err(AppError::invalid("", "Re-enable the account before resetting its password."));
        }
        let (name, email) = (row.text("name")?, row.text("email")?);
        let credential = match method {
            Method::Link => Credential::Link(links::issue(&mut tx, &state.settings, now, user_id, "reset", Some(&admin.user_id)).await?),
            Method::OneTimePassword => Credential::OneTimePassword(String::new()),
        };
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(admin),
            Entry {
                action: "staff.password_reset",
                subject_type: "user",
                subject_id: Some(user_id),
                summary: format!(
                    "Reset the password of {name} <{email}> ({})",
                    match method {
                        Method::Link => "set-password link",
                        Method::OneTimePassword => "one-time password",
                    }
                ),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        // A reset ends every session at once, whichever way the new password is set: whoever
        // asked for it may be locking out someone who has the account.
        let credential = finish_credential(state, user_id, credential).await?;
        session::end_all_for(&state.db, user_id).await?;
        Ok(Issued { user_id: user_id.to_string(), name, email, credential })
    }
}

/// Whom the staff list shows: staff (everyone holding a role other than trainee) unless asked
/// for trainees, one role, or everyone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Staff,
    Holding(Role),
    Everyone,
}

impl Shown {
    pub fn parse(raw: Option<&str>) -> Shown {
        match raw {
            Some("all") => Shown::Everyone,
            Some(r) => Role::parse(r).map(Shown::Holding).unwrap_or(Shown::Staff),
            None => Shown::Staff,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Shown::Staff => "staff",
            Shown::Holding(r) => r.as_str(),
            Shown::Everyone => "all",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Shown::Staff => "Staff (not trainees)",
            Shown::Holding(Role::Admin) => "Admins",
            Shown::Holding(Role::Hr) => "HR",
            Shown::Holding(Role::Trainer) => "Trainers",
            Shown::Holding(Role::Trainee) => "Trainees",
            Shown::Holding(Role::Analyst) => "HR analytics",
            Shown::Everyone => "Everyone",
        }
    }

    pub fn includes(self, p: &StaffMember) -> bool {
        match self {
            Shown::Staff => p.roles.iter().any(|r| *r != Role::Trainee),
            Shown::Holding(role) => p.roles.contains(&role),
            Shown::Everyone => true,
        }
    }

    const MENU: [Shown; 7] = [
        Shown::Staff,
        Shown::Holding(Role::Hr),
        Shown::Holding(Role::Trainer),
        Shown::Holding(Role::Admin),
        Shown::Holding(Role::Analyst),
        Shown::Holding(Role::Trainee),
        Shown::Everyone,
    ];
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let shown = Shown::parse(use_query_map().with_untracked(|q| q.get("show")).as_deref());
    let staff = Resource::new(|| (), |_| list_staff());
    view! {
        <Title text="Staff · Keepers"/>
        <Guarded roles=&[Role::Admin]>
            <div class="page-head">
                <h1>"Staff"</h1>
                <p class="muted">"The people who use Keepers: HR, trainers and administrators."</p>
            </div>
            <details class="panel disclosure" open={crate::ui::kept::refused_for_fn::<CreateStaff>().is_some()}>
                <summary>"Add a person"</summary>
                <AddStaffForm refused={crate::ui::kept::refused_for_fn::<CreateStaff>()}/>
            </details>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match staff.await {
                        Ok(list) => view! { <StaffTable list=list shown=shown/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn StaffTable(list: Vec<StaffMember>, shown: Shown) -> impl IntoView {
    let lonely = list.len() <= 1;
    let count = |s: Shown| list.iter().filter(|p| s.includes(p)).count();
    let menu: Vec<_> = Shown::MENU.iter().map(|s| (*s, count(*s))).collect();
    let list: Vec<_> = list.iter().filter(|p| shown.includes(p)).cloned().collect();
    let nobody = list.is_empty() && !lonely;
    view! {
        <form method="get" action="/admin/staff" class="filters">
            <div class="field">
                <label for="staff-show">"Show"</label>
                <select id="staff-show" name="show">
                    {menu.into_iter().map(|(s, n)| view! { <option value=s.key() selected=s == shown>{format!("{} ({n})", s.label())}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="secondary">"Show"</button>
        </form>
        <p class="muted small" role="status">{format!("{} {}", list.len(), if list.len() == 1 { "person" } else { "people" })}</p>
        {nobody.then(|| view! { <p class="empty">"Nobody here holds that role."</p> })}
        <div class="table-wrap">
            <table class="stack">
                <caption class="visually-hidden">"Staff accounts"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Roles"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Last sign-in"</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|p| view! {
                        <tr>
                            <td data-label="Name"><a href=format!("/admin/staff/{}", p.id)>{p.name}</a></td>
                            <td data-label="Email" class="break">{p.email}</td>
                            <td data-label="Roles">{p.roles.iter().map(|r| view! { <span class="tag">{r.label()}</span>" " }).collect_view()}</td>
                            <td data-label="Status"><span class=format!("status status-{:?}", p.status).to_lowercase()>{p.status.label()}</span></td>
                            <td data-label="Last sign-in" class="nowrap">{p.last_sign_in.unwrap_or_else(|| "Never".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {lonely.then(|| view! {
            <p class="empty">"You are the only person here so far. Use “Add a person” to invite your HR team and trainers."</p>
        })}
    }
}

#[component]
fn RoleCheckboxes(#[prop(optional)] checked: Vec<Role>, kept: Kept) -> impl IntoView {
    let error = kept.error();
    view! {
        <fieldset class="field" aria-describedby="roles-error">
            <legend>"Roles"</legend>
            {Role::STAFF.into_iter().map(|role| {
                let name = format!("role_{}", role.as_str());
                let hint = match role {
                    Role::Admin => "Manages staff accounts and roles.",
                    Role::Hr => "Positions, candidates, hiring decisions, cohorts and the Offer.",
                    Role::Trainer => "Grades and attendance for their cohorts.",
                    Role::Trainee => "A new hire in a cohort (given by enrolment).",
                    Role::Analyst => "The analytics pages: funnel, validity, fairness (adverse impact) and item statistics.",
                };
                view! {
                    <label class="check">
                        <input type="checkbox" name=name.clone() value="on" checked=kept.chose(&name, "on", checked.contains(&role))
                            autofocus=role == Role::STAFF[0] && kept.focus("roles")/>
                        <span><strong>{role.label()}</strong>" — "{hint}</span>
                    </label>
                }
            }).collect_view()}
            <FieldError error=error field="roles"/>
        </fieldset>
    }
}

#[component]
fn MethodChoice(kept: Kept) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>"How they get their password"</legend>
            <label class="check">
                <input type="radio" name="method" value="link" checked=kept.chose("method", "link", true)/>
                <span>"A link to set their own password (works once, expires in 3 days)"</span>
            </label>
            <label class="check">
                <input type="radio" name="method" value="password" checked=kept.chose("method", "password", false)/>
                <span>"A one-time password they replace when they first sign in"</span>
            </label>
        </fieldset>
    }
}

#[component]
fn IssuedPanel(issued: Issued) -> impl IntoView {
    let (what, value, note) = match issued.credential {
        Credential::Link(link) => (
            "Set-password link",
            link,
            "Send this link to them. It works once and expires in 3 days. It is shown only now.",
        ),
        Credential::OneTimePassword(p) => (
            "One-time password",
            p,
            "Give them this password. They choose their own when they first sign in. It is shown only now.",
        ),
    };
    view! {
        <div class="alert success" role="status">
            <p><strong>{issued.name.clone()}</strong>" ("{issued.email}")"</p>
            <p>{note}</p>
            <label class="field">
                <span>{what}</span>
                <input type="text" readonly value=value.clone() class="mono" aria-label=what/>
            </label>
            <CopyButton value=value label="Copy".to_string()/>
            " "
            <a href=format!("/admin/staff/{}", issued.user_id)>"Open their page"</a>
        </div>
    }
}

#[island(lazy)]
fn AddStaffForm(refused: Option<crate::ui::kept::Refused>) -> impl IntoView {
    let action = ServerAction::<CreateStaff>::new();
    let result = action.value();
    let kept = Kept::from_parts(action, refused);
    let error = kept.error();
    let issued = move || result.with(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned()));
    view! {
        {move || issued().map(|i| view! { <IssuedPanel issued=i/> })}
        <ActionForm action=action>
            <FormError error=error fields=&["name", "email", "roles", "method"]/>
            <div class="field">
                <label for="name">"Name"</label>
                <input id="name" name="name" type="text" autocomplete="off" required maxlength="120" value=kept.text("name")
                    autofocus=kept.focus("name") aria-describedby="name-error" aria-invalid=kept.invalid("name")/>
                <FieldError error=error field="name"/>
            </div>
            <div class="field">
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="off" required value=kept.text("email")
                    autofocus=kept.focus("email") aria-describedby="email-error" aria-invalid=kept.invalid("email")/>
                <FieldError error=error field="email"/>
            </div>
            <RoleCheckboxes kept=kept/>
            <MethodChoice kept=kept/>
            <button type="submit" class="primary" disabled=move || action.pending().get()>"Add person"</button>
        </ActionForm>
    }
}

#[island(lazy)]
fn ResetPasswordForm(user_id: String) -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let result = action.value();
    let kept = Kept::from_parts(action, None);
    let error = kept.error();
    let issued = move || result.with(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned()));
    view! {
        {move || issued().map(|i| view! { <IssuedPanel issued=i/> })}
        <ActionForm action=action>
            <FormError error=error fields=&[]/>
            <input type="hidden" name="user_id" value=user_id/>
            <MethodChoice kept=kept/>
            <button type="submit" class="secondary" disabled=move || action.pending().get()>"Reset password"</button>
        </ActionForm>
    }
}

#[component]
pub fn StaffDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let saved = StoredValue::new(use_query_map().with_untracked(|q| q.get("saved")));
    let person = Resource::new(move || id.clone(), get_staff);
    view! {
        <Title text="Staff member · Keepers"/>
        <Guarded roles=&[Role::Admin]>
            <p><a href="/admin/staff">"← All staff"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match person.await {
                        Ok(p) => view! { <StaffDetail person=p saved=saved.get_value()/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn StaffDetail(person: StaffMember, saved: Option<String>) -> impl IntoView {
    let roles_action = ServerAction::<SetRoles>::new();
    let roles_kept = Kept::new(roles_action);
    let roles_error = roles_kept.error();
    let disable_action = ServerAction::<SetDisabled>::new();
    let disabling = Kept::new(disable_action);
    let disable_error = disabling.error();
    let disabled = person.status == StaffStatus::Disabled;
    let (id_for_roles, id_for_reset, id_for_disable) = (person.id.clone(), person.id.clone(), person.id.clone());
    let roles = person.roles.clone();
    let saved_note = saved.map(|s| match s.as_str() {
        "roles" => "Roles saved.",
        "disabled" => "Account disabled. Their sessions have ended.",
        "enabled" => "Account re-enabled.",
        _ => "Saved.",
    });
    view! {
        <div class="page-head">
            <h1>{person.name.clone()}</h1>
            <p class="muted">{person.email.clone()}" · "<span class="status">{person.status.label()}</span></p>
        </div>
        {saved_note.map(|n| view! { <p class="alert success" role="status">{n}</p> })}
        <dl class="facts">
            <dt>"Added"</dt><dd>{person.created.clone()}</dd>
            <dt>"Last sign-in"</dt><dd>{person.last_sign_in.clone().unwrap_or_else(|| "Never".into())}</dd>
            <dt>"Open sessions"</dt><dd>{person.open_sessions}</dd>
        </dl>
        <section class="panel">
            <h2>"Roles"</h2>
            <ActionForm action=roles_action>
                <FormError error=roles_error fields=&["roles"]/>
                <input type="hidden" name="user_id" value=id_for_roles/>
                <RoleCheckboxes checked=roles kept=roles_kept/>
                <button type="submit" class="primary">"Save roles"</button>
            </ActionForm>
        </section>
        <section class="panel">
            <h2>"Password"</h2>
            <p>"Issue a new set-password link or a one-time password. Their current password keeps working until they use a link; a one-time password replaces it at once and signs them out."</p>
            <ResetPasswordForm user_id=id_for_reset/>
        </section>
        <section class="panel">
            <h2>{if disabled { "Re-enable account" } else { "Disable account" }}</h2>
            <FormError error=disable_error fields=&["reason"]/>
            <ActionForm action=disable_action>
                <input type="hidden" name="user_id" value=id_for_disable/>
                <input type="hidden" name="disabled" value=(!disabled).to_string()/>
                {if disabled {
                    view! {
                        <p>"They will be able to sign in again with their password."</p>
                        <button type="submit" class="secondary">"Re-enable account"</button>
                    }.into_any()
                } else {
                    view! {
                        <p>"Disabling signs them out everywhere at once and stops them signing in. Their records stay."</p>
                        <TextField kept=disabling name="reason" label="Reason (kept in the audit log)" maxlength=500/>
                        <button type="submit" class="danger">"Disable account"</button>
                    }.into_any()
                }}
            </ActionForm>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_tidied_and_bounded() {
        assert_eq!(parse_name("  Ana   María  López ").unwrap(), "Ana María López");
        assert!(parse_name("   ").is_err());
        assert!(parse_name(&"a".repeat(121)).is_err());
        assert!(parse_name("Zed\0").is_err());
        assert!(parse_name("Ana\u{202E}zepoL").is_err());
    }

    #[test]
    fn checked_boxes_become_roles() {
        let on = Some("on".to_string());
        assert_eq!(roles_from_form(&on, &None, &on, &None), vec![Role::Admin, Role::Trainer]);
        assert_eq!(roles_from_form(&None, &on, &None, &on), vec![Role::Hr, Role::Analyst]);
        assert!(roles_from_form(&None, &None, &None, &None).is_empty());
    }
}
