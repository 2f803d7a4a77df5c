//! Positions: a role HR is hiring for, its screening plan (an attitude and a skill screening),
//! and the candidates invited to it.

pub mod graders;
pub mod invite;
#[cfg(feature = "ssr")]
pub mod people;
pub mod state;
pub mod types;

pub use state::{CandidateState, GRACE_MS};
pub use types::ExtraTime;

use crate::auth::Role;
use crate::error::AppError;
use crate::screening::Kind;
use crate::ui::{FieldError, FormError, Guarded, Kept, LoadError, Pager, TextArea, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};


/// How many of a position's invitations are in each state (every invitation in exactly one).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StateCounts {
    pub not_started: i64,
    pub in_progress: i64,
    pub submitted: i64,
    pub timed_out: i64,
    pub link_expired: i64,
    pub withdrawn: i64,
}

impl StateCounts {
    pub fn get(&self, state: CandidateState) -> i64 {
        match state {
            CandidateState::NotStarted => self.not_started,
            CandidateState::InProgress => self.in_progress,
            CandidateState::Submitted => self.submitted,
            CandidateState::TimedOut => self.timed_out,
            CandidateState::LinkExpired => self.link_expired,
            CandidateState::Withdrawn => self.withdrawn,
        }
    }

    pub fn total(&self) -> i64 {
        CandidateState::ALL.iter().map(|s| self.get(*s)).sum()
    }

    /// "3 not started · 2 in progress · 6 submitted …", with the states' own words; a state
    /// nobody is in is left out, except the first three.
    pub fn describe(&self) -> String {
        CandidateState::ALL
            .iter()
            .enumerate()
            .filter(|(i, s)| *i < 3 || self.get(**s) > 0)
            .map(|(_, s)| format!("{} {}", self.get(*s), s.label().to_lowercase()))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PositionSummary {
    pub id: String,
    pub title: String,
    pub location: String,
    pub open: bool,
    pub counts: StateCounts,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreeningRef {
    pub id: String,
    pub title: String,
    pub version: i64,
    pub minutes: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub state: CandidateState,
    pub extra_time: ExtraTime,
    pub invited: String,
    pub expires: String,
    /// (outbox message, link) while the link works, to copy.
    pub link: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PositionDetail {
    pub summary: PositionSummary,
    pub description: String,
    pub attitude: ScreeningRef,
    pub skill: ScreeningRef,
    pub window_minutes: i64,
    pub invite_valid_days: i64,
    pub invitations: Vec<InvitationRow>,
    pub page: i64,
    pub pages: i64,
    /// Submitted attempts the scorer could not score yet (retried automatically).
    pub scoring_failures: Vec<crate::scoring::Failure>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreeningChoice {
    pub id: String,
    pub title: String,
    pub kind: Kind,
}

#[server(prefix = "/api", endpoint = "positions/list")]
pub async fn list_positions() -> Result<Vec<PositionSummary>, AppError> {
    crate::auth::guard::require::<ListPositions>()?;
    let state = crate::state::app_state()?;
    server::summaries(&state, None).await
}

#[server(prefix = "/api", endpoint = "positions/get")]
pub async fn get_position(id: String, page: Option<i64>) -> Result<PositionDetail, AppError> {
    crate::auth::guard::require::<GetPosition>()?;
    let state = crate::state::app_state()?;
    server::detail(&state, &id, page.unwrap_or(1)).await
}

#[server(prefix = "/api", endpoint = "positions/screening_choices")]
pub async fn screening_choices() -> Result<Vec<ScreeningChoice>, AppError> {
    crate::auth::guard::require::<ScreeningChoices>()?;
    let state = crate::state::app_state()?;
    let list = crate::screening::library::server::summaries(&state, None).await?;
    Ok(list.into_iter().map(|s| ScreeningChoice { id: s.id, title: s.title, kind: s.kind }).collect())
}

#[server(prefix = "/api", endpoint = "positions/create")]
pub async fn create_position(
    title: String,
    location: String,
    description: String,
    attitude: String,
    skill: String,
    window_minutes: String,
    invite_valid_days: String,
) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<CreatePosition>()?;
    let state = crate::state::app_state()?;
    let form = server::PositionForm::parse(&title, &location, &description, &window_minutes, &invite_valid_days)?;
    let id = server::create(&state, &viewer, form, &attitude, &skill).await?;
    crate::ui::redirect_after(&format!("/positions/{id}?created=1"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::audit::{self, Actor, Entry};
    use crate::auth::Viewer;
    use crate::clock::format_utc;
    use crate::db::{new_id, RowExt};
    use crate::state::AppState;

    pub const PAGE_SIZE: i64 = 50;

    pub struct PositionForm {
        pub title: String,
        pub location: String,
        pub description: String,
        pub window_minutes: i64,
        pub invite_valid_days: i64,
    }

    fn tidy(raw: &str) -> String {
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    impl PositionForm {
        pub fn parse(title: &str, location: &str, description: &str, window: &str, valid: &str) -> Result<PositionForm, AppError> {
            for (field, raw) in [("title", title), ("location", location)] {
                if let Some(why) = crate::text::refused_characters(raw.trim()) {
                    return Err(AppError::invalid(field, why));
                }
            }
            let title = tidy(title);
            if title.is_empty() || title.chars().count() > 120 {
                return Err(AppError::invalid("title", "Give the position a title of up to 120 characters."));
            }
            let location = tidy(location);
            if location.chars().count() > 120 {
                return Err(AppError::invalid("location", "Keep the location under 120 characters."));
            }
            let description = description.trim().to_string();
            if description.chars().count() > 4_000 {
                return Err(AppError::invalid("description", "Keep the description under 4,000 characters."));
            }
            let window_minutes = window.trim().parse::<i64>().ok().filter(|m| (30..=1_440).contains(m)).ok_or_else(|| {
                AppError::invalid("window_minutes", "Enter the minutes a candidate has to finish, between 30 and 1,440.")
            })?;
            let invite_valid_days = valid.trim().parse::<i64>().ok().filter(|d| (1..=90).contains(d)).ok_or_else(|| {
                AppError::invalid("invite_valid_days", "Enter how many days an invitation stays valid, between 1 and 90.")
            })?;
            Ok(PositionForm { title, location, description, window_minutes, invite_valid_days })
        }
    }

    async fn screening_kind(state: &AppState, id: &str) -> Result<Option<Kind>, AppError> {
        let row = sqlx::query("SELECT kind FROM screenings WHERE id = $1").bind(id).fetch_optional(state.db.reader()).await?;
        Ok(match row {
            Some(r) => Kind::parse(&r.text("kind")?),
            None => None,
        })
    }

    pub async fn create(state: &AppState, viewer: &Viewer, form: PositionForm, attitude: &str, skill: &str) -> Result<String, AppError> {
        if screening_kind(state, attitude).await? != Some(Kind::Attitude) {
            return Err(AppError::invalid("attitude", "Choose the attitude screening for this position."));
        }
        if screening_kind(state, skill).await? != Some(Kind::Skill) {
            return Err(AppError::invalid("skill", "Choose the skill screening for this position."));
        }
        let now = state.now();
        let id = new_id().to_string();
        let mut tx = state.db.begin().await?;
        sqlx::query(
            "INSERT INTO positions (id, title, location, description, attitude_screening_id, skill_screening_id,
                                    window_minutes, invite_valid_days, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&id)
        .bind(&form.title)
        .bind(&form.location)
        .bind(&form.description)
        .bind(attitude)
        .bind(skill)
        .bind(form.window_minutes)
        .bind(form.invite_valid_days)
        .bind(now)
        .bind(&viewer.user_id)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut *tx,
            now,
            &Actor::Staff(viewer),
            Entry {
                action: "position.opened",
                subject_type: "position",
                subject_id: Some(&id),
                summary: format!("Opened the position {}{}", form.title, if form.location.is_empty() { String::new() } else { format!(", {}", form.location) }),
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Counts per invitation state, computed in SQL so a position with thousands stays fast.
    /// The same rule as `CandidateState::of`, case by case: a closed attempt by its reason,
    /// then a withdrawn invitation, then an open attempt by its deadline, then the link.
    const COUNTS: &str = "
        SUM(CASE WHEN a.closed_reason = 'submitted' THEN 1 ELSE 0 END) AS submitted,
        SUM(CASE WHEN (a.closed_reason IS NOT NULL AND a.closed_reason <> 'submitted')
                   OR (a.id IS NOT NULL AND a.closed_reason IS NULL AND i.revoked_at IS NULL AND a.deadline_at + $2 < $1) THEN 1 ELSE 0 END) AS timed_out,
        SUM(CASE WHEN a.closed_reason IS NULL AND i.revoked_at IS NOT NULL THEN 1 ELSE 0 END) AS withdrawn,
        SUM(CASE WHEN a.id IS NOT NULL AND a.closed_reason IS NULL AND i.revoked_at IS NULL AND a.deadline_at + $2 >= $1 THEN 1 ELSE 0 END) AS in_progress,
        SUM(CASE WHEN a.id IS NULL AND i.revoked_at IS NULL AND i.expires_at < $1 THEN 1 ELSE 0 END) AS link_expired,
        SUM(CASE WHEN a.id IS NULL AND i.revoked_at IS NULL AND i.expires_at >= $1 THEN 1 ELSE 0 END) AS not_started";

    pub async fn summaries(state: &AppState, only: Option<&str>) -> Result<Vec<PositionSummary>, AppError> {
        // An empty id names no position (the query reads "" as "every position").
        if only.is_some_and(|id| id.trim().is_empty()) {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT p.id, p.title, p.location, p.status, {COUNTS}
             FROM positions p
             LEFT JOIN invitations i ON i.position_id = p.id
             LEFT JOIN attempts a ON a.invitation_id = i.id
             WHERE ($3 = '' OR p.id = $3)
             GROUP BY p.id, p.title, p.location, p.status, p.created_at
             ORDER BY p.created_at DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(state.now())
            .bind(GRACE_MS)
            .bind(only.unwrap_or(""))
            .fetch_all(state.db.reader())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PositionSummary {
                    id: r.text("id")?,
                    title: r.text("title")?,
                    location: r.text("location")?,
                    open: r.text("status")? == "open",
                    counts: StateCounts {
                        not_started: r.opt_int("not_started")?.unwrap_or(0),
                        in_progress: r.opt_int("in_progress")?.unwrap_or(0),
                        submitted: r.opt_int("submitted")?.unwrap_or(0),
                        timed_out: r.opt_int("timed_out")?.unwrap_or(0),
                        link_expired: r.opt_int("link_expired")?.unwrap_or(0),
                        withdrawn: r.opt_int("withdrawn")?.unwrap_or(0),
                    },
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(AppError::from)
    }

    async fn screening_ref(state: &AppState, id: &str) -> Result<ScreeningRef, AppError> {
        let current = crate::screening::store::current(&state.db, id).await?.ok_or_else(|| AppError::not_found("A screening"))?;
        let parsed = state.screenings.load(&state.db, &current.id).await?;
        Ok(ScreeningRef { id: id.to_string(), title: parsed.title().to_string(), version: current.version, minutes: parsed.timed_minutes() })
    }

    pub async fn detail(state: &AppState, id: &str, page: i64) -> Result<PositionDetail, AppError> {
        let summary = summaries(state, Some(id)).await?.into_iter().next().ok_or_else(|| AppError::not_found("That position"))?;
        let row = sqlx::query(
            "SELECT description, attitude_screening_id, skill_screening_id, window_minutes, invite_valid_days FROM positions WHERE id = $1",
        )
        .bind(id)
        .fetch_one(state.db.reader())
        .await?;
        // Every invitation is in exactly one state, withdrawn ones included.
        let total = summary.counts.total();
        let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
        let page = page.clamp(1, pages);
        let now = state.now();
        let invitations = sqlx::query(
            "SELECT i.id, c.name, c.email, i.created_at, i.expires_at, i.revoked_at, i.time_percent,
                    a.deadline_at, a.closed_reason,
                    (SELECT o.id FROM outbox o WHERE o.invitation_id = i.id AND o.link IS NOT NULL ORDER BY o.created_at DESC, o.id DESC LIMIT 1) AS message_id,
                    (SELECT o.link FROM outbox o WHERE o.invitation_id = i.id AND o.link IS NOT NULL ORDER BY o.created_at DESC, o.id DESC LIMIT 1) AS link
             FROM invitations i JOIN candidates c ON c.id = i.candidate_id
             LEFT JOIN attempts a ON a.invitation_id = i.id
             WHERE i.position_id = $1
             ORDER BY i.created_at DESC, LOWER(c.name), i.id
             LIMIT $2 OFFSET $3",
        )
        .bind(id)
        .bind(PAGE_SIZE)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(state.db.reader())
        .await?
        .iter()
        .map(|r| {
            let state = CandidateState::of(
                now,
                r.int("expires_at")?,
                r.opt_int("revoked_at")?.is_some(),
                r.opt_int("deadline_at")?,
                r.opt_text("closed_reason")?.as_deref(),
            );
            Ok(InvitationRow {
                id: r.text("id")?,
                name: r.text("name")?,
                email: r.text("email")?,
                link: r.opt_text("message_id")?.zip(r.opt_text("link")?).filter(|_| state.link_works()),
                state,
                extra_time: ExtraTime::from_percent(r.int("time_percent")?),
                invited: format_utc(r.int("created_at")?),
                expires: format_utc(r.int("expires_at")?),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(PositionDetail {
            summary,
            description: row.text("description")?,
            attitude: screening_ref(state, &row.text("attitude_screening_id")?).await?,
            skill: screening_ref(state, &row.text("skill_screening_id")?).await?,
            window_minutes: row.int("window_minutes")?,
            invite_valid_days: row.int("invite_valid_days")?,
            invitations,
            page,
            pages,
            scoring_failures: crate::scoring::engine::failures(state, id).await?,
        })
    }
}

#[component]
pub fn PositionsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_positions());
    let choices = Resource::new(|| (), |_| screening_choices());
    view! {
        <Title text="Positions · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <div class="page-head">
                <h1>"Positions"</h1>
                <p class="muted">"Each position screens candidates for attitude and for skill, then you decide who is hired."</p>
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match (list.await, choices.await) {
                        (Ok(list), Ok(choices)) => view! {
                            <PositionList list=list/>
                            <details class="panel disclosure" open={crate::ui::kept::refused_for_fn::<CreatePosition>().is_some()}>
                                <summary>"Open a position"</summary>
                                <NewPositionForm choices=choices/>
                            </details>
                        }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn PositionList(list: Vec<PositionSummary>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty">"No positions yet. Open one below: give it a title and choose its two screenings."</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="stack">
                <caption class="visually-hidden">"Positions"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Position"</th>
                        {CandidateState::ALL.iter().map(|st| view! { <th scope="col">{st.label()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|p| view! {
                        <tr>
                            <td data-label="Position">
                                <a href=format!("/positions/{}", p.id)>{p.title}</a>
                                {(!p.location.is_empty()).then(|| view! { <span class="muted">", "{p.location}</span> })}
                            </td>
                            {CandidateState::ALL.iter().map(|st| view! { <td data-label=st.label()>{p.counts.get(*st)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NewPositionForm(choices: Vec<ScreeningChoice>) -> impl IntoView {
    let action = ServerAction::<CreatePosition>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let options = move |kind: Kind| {
        let name = if kind == Kind::Attitude { "attitude" } else { "skill" };
        choices
            .iter()
            .filter(|c| c.kind == kind)
            .enumerate()
            .map(|(i, c)| view! { <option value=c.id.clone() selected=kept.chose(name, &c.id, i == 0)>{c.title.clone()}</option> })
            .collect_view()
    };
    let (attitude, skill) = (options(Kind::Attitude), options(Kind::Skill));
    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["title", "location", "description", "attitude", "skill", "window_minutes", "invite_valid_days"]/>
            <TextField kept=kept name="title" label="Title" required=true maxlength=120 placeholder="Customer Loyalty Team"/>
            <TextField kept=kept name="location" label="Location" maxlength=120 placeholder="Las Vegas"/>
            <TextArea kept=kept name="description" label="About the role (shown to candidates)" rows=3 maxlength=4000/>
            <div class="field">
                <label for="attitude">"Attitude screening"</label>
                <select id="attitude" name="attitude" required aria-describedby="attitude-error"
                    autofocus=kept.focus("attitude") aria-invalid=kept.invalid("attitude")>{attitude}</select>
                <FieldError error=error field="attitude"/>
            </div>
            <div class="field">
                <label for="skill">"Skill screening"</label>
                <select id="skill" name="skill" required aria-describedby="skill-error"
                    autofocus=kept.focus("skill") aria-invalid=kept.invalid("skill")>{skill}</select>
                <FieldError error=error field="skill"/>
            </div>
            <TextField kept=kept name="window_minutes" label="Minutes to finish once started" kind="number" min="30" max="1440" value="120" required=true/>
            <TextField kept=kept name="invite_valid_days" label="Days an invitation stays valid" kind="number" min="1" max="90" value="14" required=true/>
            <button type="submit" class="primary">"Open position"</button>
        </ActionForm>
    }
}

#[component]
pub fn PositionPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let query = use_query_map();
    let page = query.with_untracked(|q| q.get("page").and_then(|p| p.parse::<i64>().ok()));
    let note = query.with_untracked(|q| {
        if q.get("created").is_some() {
            Some("The position is open. Invite candidates below.".to_string())
        } else {
            q.get("invited")
                .map(|n| format!("Invited {n}. Their emails are in the outbox."))
                .or_else(|| q.get("graders").map(|_| "Graders saved.".to_string()))
                .or_else(|| q.get("resent").map(|_| "Sent again: the email is in the outbox, with the same link.".to_string()))
                .or_else(|| q.get("withdrawn").map(|_| "Invitation withdrawn. Its link no longer works, and the candidate is told so if they open it.".to_string()))
        }
    });
    let detail = Resource::new(move || (id.clone(), page), |(id, page)| get_position(id, page));
    let note = StoredValue::new(note);
    view! {
        <Title text="Position · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <p><a href="/positions">"← All positions"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <PositionView detail=d note=note.get_value()/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn PositionView(detail: PositionDetail, note: Option<String>) -> impl IntoView {
    let s = detail.summary.clone();
    let c = s.counts.clone();
    let position_id = s.id.clone();
    view! {
        <div class="page-head">
            <h1>{s.title.clone()}</h1>
            <p class="muted">{s.location.clone()}</p>
        </div>
        {note.map(|n| view! { <p class="alert success" role="status">{n}</p> })}
        {(!detail.scoring_failures.is_empty()).then(|| view! {
            <section class="alert warn" aria-labelledby="scoring-failures">
                <h2 id="scoring-failures">"Not scored yet"</h2>
                <p>"These submitted attempts could not be scored. Keepers tries again on its own, waiting longer each time; the others are scored as usual. If one stays here, give its reference to whoever runs Keepers."</p>
                <ul>
                    {detail.scoring_failures.iter().map(|f| view! {
                        <li>{format!(
                            "{}: reference {}, {} tr{} (last {}), next try {}",
                            f.candidate, f.reference, f.tries, if f.tries == 1 { "y" } else { "ies" }, f.failed_at, f.next_try_at
                        )}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <p class="actions"><a class="button primary" href=format!("/positions/{}/results", s.id)>"Ranked results and decisions"</a></p>
        <ul class="stats">
            {CandidateState::ALL.iter().filter(|st| **st != CandidateState::Withdrawn || c.get(**st) > 0).map(|st| view! {
                <li title=st.explain()><strong>{c.get(*st)}</strong>" "{st.label().to_lowercase()}</li>
            }).collect_view()}
        </ul>
        <section class="panel">
            <h2>"Screening plan"</h2>
            <dl class="facts">
                <dt>"Attitude"</dt>
                <dd><a href=format!("/screenings/{}", detail.attitude.id)>{detail.attitude.title.clone()}</a>{format!(" (version {}, {} timed minutes)", detail.attitude.version, detail.attitude.minutes)}</dd>
                <dt>"Skill"</dt>
                <dd><a href=format!("/screenings/{}", detail.skill.id)>{detail.skill.title.clone()}</a>{format!(" (version {}, {} timed minutes)", detail.skill.version, detail.skill.minutes)}</dd>
                <dt>"Time to finish"</dt>
                <dd>{format!("{} minutes once started", detail.window_minutes)}</dd>
                <dt>"Invitations valid"</dt>
                <dd>{format!("{} days", detail.invite_valid_days)}</dd>
            </dl>
        </section>
        <section class="panel">
            <h2>"Invite candidates"</h2>
            <invite::InviteForm position_id=position_id.clone()/>
        </section>
        <section>
            <h2>"Invitations"</h2>
            {if detail.invitations.is_empty() {
                view! { <p class="empty">"Nobody has been invited yet."</p> }.into_any()
            } else {
                view! { <InvitationTable rows=detail.invitations.clone()/> }.into_any()
            }}
            <Pager label="Invitation pages" page=detail.page pages=detail.pages
                href={let id = position_id.clone(); move |n| format!("/positions/{id}?page={n}")}/>
        </section>
        <graders::GradersPanel position_id=position_id.clone()/>
    }
}

#[component]
fn InvitationTable(rows: Vec<InvitationRow>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="stack">
                <caption class="visually-hidden">"Invitations"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Candidate"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Time"</th>
                        <th scope="col">"Invited"</th>
                        <th scope="col">"Link valid until"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td data-label="Candidate">{r.name.clone()}<br/><span class="muted small break">{r.email}</span></td>
                            <td data-label="State"><span class=r.state.css_class() title=r.state.explain()>{r.state.label()}</span></td>
                            <td data-label="Time">{r.extra_time.label()}</td>
                            <td data-label="Invited" class="nowrap">{r.invited}</td>
                            <td data-label="Link valid until" class="nowrap">{r.expires}</td>
                            <td data-label="Actions">
                                <crate::invitations::pages::InvitationActions invitation_id=r.id.clone() name=r.name.clone() state=r.state link=r.link.clone()/>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_time_scales_limits() {
        assert_eq!(ExtraTime::None.apply(10), Some(600_000));
        assert_eq!(ExtraTime::X125.apply(10), Some(750_000));
        assert_eq!(ExtraTime::X150.apply(10), Some(900_000));
        assert_eq!(ExtraTime::X200.apply(10), Some(1_200_000));
        assert_eq!(ExtraTime::Untimed.apply(10), None);
        for e in ExtraTime::ALL {
            assert_eq!(ExtraTime::from_percent(e.percent()), e);
        }
    }
}
