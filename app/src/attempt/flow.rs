//! The rules of taking a screening, on the server. The server owns time: it opens a section
//! and sets its deadline, refuses saves after the deadline plus a grace period, moves on when a
//! section's time is up, and closes an attempt whose time has run out with what was saved.

use super::answer::{EditSeq, Response};
use super::plan::{self, Plan, PlannedItem};
use super::store::{self as answers_store, item_ref};
use super::types::*;
use crate::auth::tokens;
use crate::clock::{format_utc, Millis};
use crate::db::{new_id, RowExt};
use crate::error::{internal, AppError};
use crate::positions::{ExtraTime, GRACE_MS};
use crate::screening::definition::{Channel, Item, Screening};
use crate::state::AppState;
use std::collections::HashMap;
use std::sync::Arc;

/// The longest written reply or typed text accepted, in characters.
const MAX_TEXT: usize = 20_000;

/// Shown as "This screening link was not found."; the page adds what to do about it.
const DEAD_LINK: &str = "This screening link";

/// What a candidate's link opens.
pub struct Ticket {
    pub token: String,
    pub invitation_id: String,
    pub candidate_name: String,
    pub position_title: String,
    pub location: String,
    pub description: String,
    pub attitude_screening_id: String,
    pub skill_screening_id: String,
    pub window_minutes: i64,
    pub extra: ExtraTime,
    pub expires_at: Millis,
    pub revoked: bool,
    pub attempt: Option<AttemptRow>,
}

#[derive(Clone)]
pub struct AttemptRow {
    pub id: String,
    pub versions: [String; 2],
    pub plan: Plan,
    pub deadline_at: Millis,
    pub current_section: usize,
    pub closed_reason: Option<String>,
    /// The current section's state, read with the attempt (one query for every autosave).
    current: Option<SectionState>,
}

impl AttemptRow {
    pub fn is_open(&self) -> bool {
        self.closed_reason.is_none()
    }
}

pub async fn ticket(state: &AppState, token: &str) -> Result<Ticket, AppError> {
    if !tokens::looks_valid(token) {
        return Err(AppError::NotFound(DEAD_LINK.into()));
    }
    let row = sqlx::query(
        "SELECT i.id AS invitation_id, i.time_percent, i.expires_at, i.revoked_at,
                c.name, p.title, p.location, p.description, p.attitude_screening_id, p.skill_screening_id, p.window_minutes,
                a.id AS attempt_id, a.attitude_version_id, a.skill_version_id, a.plan, a.deadline_at,
                a.current_section, a.closed_reason,
                s.attempt_id AS section_opened, s.deadline_at AS section_deadline_at, s.closed_at AS section_closed_at,
                s.closed_reason AS section_closed_reason
         FROM invitations i
         JOIN candidates c ON c.id = i.candidate_id
         JOIN positions p ON p.id = i.position_id
         LEFT JOIN attempts a ON a.invitation_id = i.id
         LEFT JOIN attempt_sections s ON s.attempt_id = a.id AND s.section_index = a.current_section
         WHERE i.token_hash = $1",
    )
    .bind(tokens::digest(token))
    .fetch_optional(state.db.reader())
    .await?
    .ok_or_else(|| AppError::NotFound(DEAD_LINK.into()))?;
    let attempt = match row.opt_text("attempt_id")? {
        Some(id) => Some(AttemptRow {
            id,
            versions: [row.text("attitude_version_id")?, row.text("skill_version_id")?],
            plan: serde_json::from_str(&row.text("plan")?).map_err(internal)?,
            deadline_at: row.int("deadline_at")?,
            current_section: row.int("current_section")? as usize,
            closed_reason: row.opt_text("closed_reason")?,
            current: match row.opt_text("section_opened")? {
                Some(_) => Some(SectionState {
                    deadline_at: row.opt_int("section_deadline_at")?,
                    closed: row.opt_int("section_closed_at")?.is_some(),
                    reason: row.opt_text("section_closed_reason")?,
                }),
                None => None,
            },
        }),
        None => None,
    };
    let mut ticket = Ticket {
        token: token.to_string(),
        invitation_id: row.text("invitation_id")?,
        candidate_name: row.text("name")?,
        position_title: row.text("title")?,
        location: row.text("location")?,
        description: row.text("description")?,
        attitude_screening_id: row.text("attitude_screening_id")?,
        skill_screening_id: row.text("skill_screening_id")?,
        window_minutes: row.int("window_minutes")?,
        extra: ExtraTime::from_percent(row.int("time_percent")?),
        expires_at: row.int("expires_at")?,
        revoked: row.opt_int("revoked_at")?.is_some(),
        attempt,
    };
    close_if_out_of_time(state, &mut ticket).await?;
    Ok(ticket)
}

/// Closes an open attempt whose overall deadline (plus grace) has passed, with what was saved.
async fn close_if_out_of_time(state: &AppState, ticket: &mut Ticket) -> Result<(), AppError> {
    let now = state.now();
    let due = ticket.attempt.as_ref().filter(|a| a.is_open() && now > a.deadline_at + GRACE_MS).map(|a| (a.id.clone(), a.deadline_at));
    if let Some((id, deadline)) = due {
        expire_attempt(state, &id, deadline, &ticket.invitation_id, &ticket.candidate_name, &ticket.position_title).await?;
        if let Some(a) = ticket.attempt.as_mut() {
            a.closed_reason = Some("expired".into());
        }
    }
    Ok(())
}

/// Closes one attempt whose time ran out, with its audit entry, unless someone (another
/// request, another server) closed it first. Returns whether this call closed it.
async fn expire_attempt(state: &AppState, attempt_id: &str, at: Millis, invitation_id: &str, candidate: &str, position: &str) -> Result<bool, AppError> {
    let mut tx = state.db.begin().await?;
    let done = sqlx::query("UPDATE attempts SET closed_at = $2, closed_reason = 'expired' WHERE id = $1 AND closed_at IS NULL")
        .bind(attempt_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    crate::audit::record(
        &mut *tx,
        state.now(),
        &crate::audit::Actor::System("time limit"),
        crate::audit::Entry {
            action: "attempt.timed_out",
            subject_type: "invitation",
            subject_id: Some(invitation_id),
            summary: format!("{candidate}'s time for the screening for {position} ran out; closed with what was saved"),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Closes every attempt that ran out of time, whether or not anyone comes back to it. Each is
/// closed by a conditional UPDATE, so one closed meanwhile by another server is left alone.
pub async fn sweep_expired(state: &AppState) -> Result<u64, AppError> {
    let due = sqlx::query(
        "SELECT a.id, a.deadline_at, i.id AS invitation_id, c.name, p.title
         FROM attempts a JOIN invitations i ON i.id = a.invitation_id
         JOIN candidates c ON c.id = i.candidate_id JOIN positions p ON p.id = i.position_id
         WHERE a.closed_at IS NULL AND a.deadline_at + $2 < $1",
    )
    .bind(state.now())
    .bind(GRACE_MS)
    .fetch_all(state.db.reader())
    .await?;
    let mut closed = 0;
    for r in &due {
        let (id, invitation, name, title) = (r.text("id")?, r.text("invitation_id")?, r.text("name")?, r.text("title")?);
        if expire_attempt(state, &id, r.int("deadline_at")?, &invitation, &name, &title).await? {
            closed += 1;
        }
    }
    Ok(closed)
}

fn first_name(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_string()
}

/// Where the candidate stands: the same rule as every staff page uses.
pub fn stage(ticket: &Ticket, now: Millis) -> Stage {
    let attempt = ticket.attempt.as_ref();
    Stage::of(now, ticket.expires_at, ticket.revoked, attempt.map(|a| a.deadline_at), attempt.and_then(|a| a.closed_reason.as_deref()))
}

/// The screenings a ticket uses: the versions its attempt pinned, or the current ones.
async fn screenings(state: &AppState, ticket: &Ticket) -> Result<[(String, Arc<Screening>); 2], AppError> {
    let ids = match &ticket.attempt {
        Some(a) => a.versions.clone(),
        None => {
            let mut ids = [String::new(), String::new()];
            for (i, sid) in [&ticket.attitude_screening_id, &ticket.skill_screening_id].iter().enumerate() {
                ids[i] = crate::screening::store::current(&state.db, sid)
                    .await?
                    .ok_or_else(|| internal("a position's screening has no version"))?
                    .id;
            }
            ids
        }
    };
    let attitude = state.screenings.load(&state.db, &ids[0]).await?;
    let skill = state.screenings.load(&state.db, &ids[1]).await?;
    let [a, s] = ids;
    Ok([(a, attitude), (s, skill)])
}

fn window_ms(ticket: &Ticket) -> i64 {
    match ticket.extra {
        // Untimed candidates still get a generous window, so an abandoned attempt ends.
        ExtraTime::Untimed => ticket.window_minutes * 3 * 60_000,
        other => ticket.window_minutes * 60_000 * other.percent() / 100,
    }
}

pub async fn landing(state: &AppState, ticket: &Ticket) -> Result<Landing, AppError> {
    let [(_, attitude), (_, skill)] = screenings(state, ticket).await?;
    let mut sections = Vec::new();
    let mut has_typing = false;
    for (part, s) in [("Attitude", &attitude), ("Skills", &skill)] {
        for sec in s.sections() {
            has_typing |= sec.items.iter().any(|i| matches!(i, Item::Typing(_)));
            sections.push(SectionOutline {
                part: part.into(),
                title: sec.title.clone(),
                items: sec.draw.map(|d| d as usize).unwrap_or(sec.items.len()),
                minutes: sec.time_limit_minutes.and_then(|m| ticket.extra.apply(m)).map(|ms| (ms + 59_999) / 60_000),
            });
        }
    }
    let stage_now = stage(ticket, state.now());
    let finished = matches!(stage_now, Stage::Submitted | Stage::TimedOut);
    let outcome = if finished {
        crate::results::outcome::candidate_outcome(state, &ticket.invitation_id).await?
    } else {
        None
    };
    Ok(Landing {
        stage: stage_now,
        first_name: first_name(&ticket.candidate_name),
        org: crate::org::store::name(&state.db).await?,
        position: if ticket.location.is_empty() {
            ticket.position_title.clone()
        } else {
            format!("{}, {}", ticket.position_title, ticket.location)
        },
        description: ticket.description.clone(),
        intros: [&attitude, &skill].iter().map(|s| s.file().screening.intro.clone()).filter(|i| !i.is_empty()).collect(),
        sections,
        window_minutes: Some(window_ms(ticket) / 60_000),
        extra: ticket.extra,
        link_valid_until: format_utc(ticket.expires_at),
        has_typing,
        outcome,
        self_identified: finished && self_identified(state, &ticket.invitation_id).await?,
    })
}

async fn self_identified(state: &AppState, invitation_id: &str) -> Result<bool, AppError> {
    let row = sqlx::query("SELECT 1 AS one FROM self_identifications WHERE invitation_id = $1")
        .bind(invitation_id)
        .fetch_optional(state.db.reader())
        .await?;
    Ok(row.is_some())
}

/// Stores the voluntary self-identification, once, after the screening. Answers that are all
/// skipped are stored too, as a decline, so the questions are not asked again.
pub async fn self_identify(state: &AppState, ticket: &Ticket, answers: [Option<String>; 3]) -> Result<(), AppError> {
    if !matches!(stage(ticket, state.now()), Stage::Submitted | Stage::TimedOut) {
        return Err(AppError::Conflict("These questions come after your screening is finished.".into()));
    }
    let [gender, ethnicity, age_band] = answers;
    let inserted = sqlx::query(
        "INSERT INTO self_identifications (invitation_id, gender, ethnicity, age_band, answered_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invitation_id) DO NOTHING",
    )
    .bind(&ticket.invitation_id)
    .bind(gender)
    .bind(ethnicity)
    .bind(age_band)
    .bind(state.now())
    .execute(state.db.writer())
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::Conflict("You have already answered these questions. Thank you.".into()));
    }
    Ok(())
}

/// Starts the attempt (once: a second start, from another tab or device, finds the first).
pub async fn start(state: &AppState, ticket: &Ticket) -> Result<(), AppError> {
    let now = state.now();
    match stage(ticket, now) {
        Stage::NotStarted => {}
        Stage::InProgress => return Ok(()),
        Stage::Submitted => return Err(AppError::Conflict("You have already submitted this screening.".into())),
        Stage::TimedOut => return Err(AppError::Conflict("The time for this screening has run out.".into())),
        Stage::LinkExpired => {
            return Err(AppError::Conflict(
                "This invitation has expired. Ask the person who invited you if it can be renewed.".into(),
            ))
        }
        Stage::Withdrawn => return Err(AppError::Conflict("This invitation has been withdrawn.".into())),
    }
    let [(attitude_id, attitude), (skill_id, skill)] = screenings(state, ticket).await?;
    let id = new_id().to_string();
    let plan = plan::build(plan::seed_from(&id), &[&attitude, &skill]);
    let plan_json = serde_json::to_string(&plan).map_err(internal)?;
    let mut tx = state.db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO attempts (id, invitation_id, attitude_version_id, skill_version_id, plan, consented_at, started_at, deadline_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
         ON CONFLICT (invitation_id) DO NOTHING",
    )
    .bind(&id)
    .bind(&ticket.invitation_id)
    .bind(&attitude_id)
    .bind(&skill_id)
    .bind(&plan_json)
    .bind(now)
    .bind(now + window_ms(ticket))
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        crate::screening::store::freeze(&mut tx, &[&attitude_id, &skill_id], now).await?;
        audit_candidate(&mut tx, now, ticket, "attempt.started", format!("Consented and started the screening for {}", ticket.position_title)).await?;
    }
    tx.commit().await?;
    if inserted.rows_affected() == 1 {
        crate::attempt::integrity::server::record(state, &id, "seen").await?;
    }
    Ok(())
}

/// Records what the candidate's browser reported (a paste refused, the page hidden or shown
/// again), stamped with the server's clock. Only while the attempt is open.
pub async fn signal(state: &AppState, ticket: &Ticket, kind: &str) -> Result<(), AppError> {
    let kind = crate::attempt::integrity::server::parse_kind(kind)?;
    match &ticket.attempt {
        Some(a) if a.is_open() => crate::attempt::integrity::server::record(state, &a.id, kind).await,
        _ => Ok(()),
    }
}

/// Loads the screening item behind a planned item.
fn find_item<'a>(screening: &'a Screening, section_key: &str, key: &str) -> Option<&'a Item> {
    screening.section(section_key)?.items.iter().find(|i| i.key() == key)
}

#[derive(Clone, Debug)]
struct SectionState {
    deadline_at: Option<Millis>,
    closed: bool,
    /// Why it closed: `finished` (the candidate moved on) or `expired` (its time ran out).
    reason: Option<String>,
}

impl SectionState {
    fn from_row(r: &sqlx::any::AnyRow) -> Result<SectionState, AppError> {
        Ok(SectionState {
            deadline_at: r.opt_int("deadline_at")?,
            closed: r.opt_int("closed_at")?.is_some(),
            reason: r.opt_text("closed_reason")?,
        })
    }

    fn timed_out(&self) -> bool {
        self.reason.as_deref() == Some("expired")
    }

    /// A section the candidate left (rather than one whose time ran out) can be opened again
    /// while its own clock still runs.
    fn can_reopen(&self, now: Millis) -> bool {
        self.closed && self.reason.as_deref() == Some("finished") && self.deadline_at.is_none_or(|d| now < d)
    }
}

async fn section_state(state: &AppState, attempt_id: &str, index: usize) -> Result<Option<SectionState>, AppError> {
    let row = sqlx::query("SELECT deadline_at, closed_at, closed_reason FROM attempt_sections WHERE attempt_id = $1 AND section_index = $2")
        .bind(attempt_id)
        .bind(index as i64)
        .fetch_optional(state.db.reader())
        .await?;
    row.as_ref().map(SectionState::from_row).transpose()
}

/// Every opened section of an attempt, by index.
async fn section_states(state: &AppState, attempt_id: &str) -> Result<HashMap<usize, SectionState>, AppError> {
    let rows = sqlx::query("SELECT section_index, deadline_at, closed_at, closed_reason FROM attempt_sections WHERE attempt_id = $1")
        .bind(attempt_id)
        .fetch_all(state.db.reader())
        .await?;
    rows.iter().map(|r| Ok((r.int("section_index")? as usize, SectionState::from_row(r)?))).collect()
}

/// Closes section `index` and moves the attempt to the next one (once, whoever asks first).
async fn close_section(state: &AppState, attempt_id: &str, index: usize, reason: &str) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE attempt_sections SET closed_at = $3, closed_reason = $4 WHERE attempt_id = $1 AND section_index = $2 AND closed_at IS NULL")
        .bind(attempt_id)
        .bind(index as i64)
        .bind(now)
        .bind(reason)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE attempts SET current_section = $3 WHERE id = $1 AND current_section = $2 AND closed_at IS NULL")
        .bind(attempt_id)
        .bind(index as i64)
        .bind(index as i64 + 1)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Where the candidate is now. Opens the current section (starting its clock) on first view,
/// and moves past sections whose time is up.
pub async fn step(state: &AppState, ticket: &Ticket) -> Result<Step, AppError> {
    let now = state.now();
    let Some(attempt) = ticket.attempt.clone() else {
        return Ok(match stage(ticket, now) {
            Stage::NotStarted => Step::NotStarted,
            other => Step::Finished(other),
        });
    };
    if !attempt.is_open() {
        return Ok(Step::Finished(stage(ticket, now)));
    }
    let parts = screenings(state, ticket).await?;
    let total = attempt.plan.sections.len();
    let mut index = attempt.current_section;
    loop {
        if index >= total {
            return Ok(Step::Review(review(state, ticket, &attempt, &parts).await?));
        }
        let planned = &attempt.plan.sections[index];
        let (_, screening) = &parts[planned.part];
        let section = screening.section(&planned.section_key).ok_or_else(|| internal("planned section missing"))?;
        let opened = match section_state(state, &attempt.id, index).await? {
            Some(s) => s,
            None => {
                let deadline = section
                    .time_limit_minutes
                    .and_then(|m| ticket.extra.apply(m))
                    .map(|ms| (now + ms).min(attempt.deadline_at));
                sqlx::query(
                    "INSERT INTO attempt_sections (attempt_id, section_index, opened_at, deadline_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (attempt_id, section_index) DO NOTHING",
                )
                .bind(&attempt.id)
                .bind(index as i64)
                .bind(now)
                .bind(deadline)
                .execute(state.db.writer())
                .await?;
                section_state(state, &attempt.id, index).await?.ok_or_else(|| internal("section did not open"))?
            }
        };
        let out_of_time = opened.deadline_at.map(|d| now > d + GRACE_MS).unwrap_or(false);
        if opened.closed || out_of_time {
            close_section(state, &attempt.id, index, "expired").await?;
            index += 1;
            continue;
        }
        let answers = answers_store::section(&state.db, &attempt.id, index).await?;
        let items = planned
            .items
            .iter()
            .enumerate()
            .filter_map(|(pos, p)| find_item(screening, &planned.section_key, &p.key).map(|i| (pos, p, i)))
            .map(|(pos, p, i)| ItemView { id: pos.to_string(), body: body(i, p) })
            .collect();
        let answers = planned
            .items
            .iter()
            .enumerate()
            .filter_map(|(pos, p)| {
                let stored = answers.get(&p.key)?;
                let item = find_item(screening, &planned.section_key, &p.key)?;
                Some((pos.to_string(), to_view(stored, p, item)))
            })
            .collect();
        let allowed = section.time_limit_minutes.map(|m| ticket.extra.apply(m));
        return Ok(Step::Section(SectionPage {
            token: ticket.token.clone(),
            index,
            total,
            part: if planned.part == 0 { "Attitude".into() } else { "Skills".into() },
            title: section.title.clone(),
            instructions: with_minutes(&section.instructions, allowed),
            time_allowed: allowed.map(|ms| time_allowed(ms, ticket.extra)),
            notice: timed_out_before(state, &attempt, &parts, index).await?,
            deadline: opened.deadline_at,
            attempt_deadline: attempt.deadline_at,
            server_now: now,
            items,
            answers,
            is_last: index + 1 == total,
        }));
    }
}

/// `{minutes}` in a section's instructions becomes this candidate's own time, so instructions
/// never contradict the timer for someone with extra time.
fn with_minutes(instructions: &str, allowed: Option<Option<i64>>) -> String {
    let minutes = match allowed.flatten() {
        Some(ms) => duration_text(ms),
        None => "as long as you need".into(),
    };
    instructions.replace("{minutes}", &minutes)
}

/// What the section page says about its time limit, extra time included.
fn time_allowed(allowed: Option<i64>, extra: ExtraTime) -> String {
    match (allowed, extra) {
        (None, _) => "This section has no time limit for you, as arranged.".into(),
        (Some(ms), ExtraTime::None) => format!("You have {} for this section.", duration_text(ms)),
        (Some(ms), other) => format!("You have {} for this section, with your {}.", duration_text(ms), other.label().to_lowercase()),
    }
}

/// When the section just before this one closed because its time ran out, the candidate is told.
async fn timed_out_before(
    state: &AppState,
    attempt: &AttemptRow,
    parts: &[(String, Arc<Screening>); 2],
    index: usize,
) -> Result<Option<String>, AppError> {
    let Some(before) = index.checked_sub(1) else { return Ok(None) };
    let Some(st) = section_state(state, &attempt.id, before).await? else { return Ok(None) };
    if !st.timed_out() {
        return Ok(None);
    }
    let planned = &attempt.plan.sections[before];
    let title = parts[planned.part].1.section(&planned.section_key).map(|s| s.title.clone()).unwrap_or_default();
    Ok(Some(format!("Time ran out for “{title}”, so it closed with the answers you had saved. This is the next section.")))
}

/// The review before submitting: per section, what is answered, what is not, and whether the
/// candidate can still go back to it.
async fn review(state: &AppState, ticket: &Ticket, attempt: &AttemptRow, parts: &[(String, Arc<Screening>); 2]) -> Result<Review, AppError> {
    let now = state.now();
    let answers = answers_store::all(&state.db, &attempt.id).await?;
    let states = section_states(state, &attempt.id).await?;
    let mut sections = Vec::new();
    for (index, planned) in attempt.plan.sections.iter().enumerate() {
        let title = parts[planned.part].1.section(&planned.section_key).map(|s| s.title.clone()).unwrap_or_default();
        let unanswered = planned
            .items
            .iter()
            .enumerate()
            .filter(|(_, p)| !answers.get(&item_ref(index, &p.key)).is_some_and(Response::is_given))
            .map(|(pos, _)| pos)
            .collect();
        let st = states.get(&index);
        sections.push(ReviewSection {
            index,
            title,
            questions: planned.items.len(),
            unanswered,
            timed_out: st.is_some_and(SectionState::timed_out),
            can_reopen: st.is_some_and(|s| s.can_reopen(now)),
        });
    }
    Ok(Review {
        token: ticket.token.clone(),
        answered: sections.iter().map(|s| s.questions - s.unanswered.len()).sum(),
        questions: sections.iter().map(|s| s.questions).sum(),
        sections,
        attempt_deadline: attempt.deadline_at,
        server_now: now,
    })
}

/// The candidate's view of an item: no key material, options in their shuffled order.
fn body(item: &Item, planned: &PlannedItem) -> ItemBody {
    let ordered = |texts: &dyn Fn(&str) -> Option<String>| -> Vec<OptionView> {
        planned
            .options
            .iter()
            .enumerate()
            .filter_map(|(pos, key)| texts(key).map(|text| OptionView { id: pos.to_string(), text }))
            .collect()
    };
    match item {
        Item::Likert(i) => ItemBody::Likert { statement: i.statement.clone() },
        Item::Judgement(i) => ItemBody::Judgement {
            scenario: i.scenario.clone(),
            question: i.question.clone(),
            options: ordered(&|k| i.options.iter().find(|o| o.key == k).map(|o| o.text.clone())),
        },
        Item::Choice(i) => ItemBody::Choice {
            question: i.question.clone(),
            multiple: i.multiple,
            options: ordered(&|k| i.options.iter().find(|o| o.key == k).map(|o| o.text.clone())),
        },
        Item::Typing(i) => ItemBody::Typing { title: i.title.clone(), passage: i.passage.clone(), duration_seconds: i.duration_seconds },
        Item::Written(i) => ItemBody::Written {
            channel: match i.channel {
                Channel::Email => "email".into(),
                Channel::Chat => "chat".into(),
            },
            customer_message: i.customer_message.clone(),
            instructions: i.instructions.clone(),
            max_words: i.max_words,
        },
    }
}

fn typing_duration(item: &Item) -> Option<i64> {
    match item {
        Item::Typing(t) => Some(t.duration_seconds as i64 * 1000),
        _ => None,
    }
}

fn to_view(stored: &Response, planned: &PlannedItem, item: &Item) -> Answer {
    let position = |key: &str| planned.options.iter().position(|k| k == key).map(|p| p.to_string());
    match stored {
        Response::Likert(v) => Answer::Likert(*v),
        Response::Option(k) => Answer::Option(position(k).unwrap_or_default()),
        Response::Options(ks) => Answer::Options(ks.iter().filter_map(|k| position(k)).collect()),
        Response::Text(t) => Answer::Text(t.clone()),
        Response::Typing { text, started_at, ended_at } => Answer::Typing {
            text: text.clone(),
            ends_at: started_at + typing_duration(item).unwrap_or(0),
            finished: ended_at.is_some(),
        },
    }
}

/// Reads what the browser sent for an item into the screening's keys; `None` clears the answer.
pub fn parse_value(item: &Item, planned: &PlannedItem, raw: &str) -> Result<Option<Response>, AppError> {
    let bad = || AppError::invalid("", "That answer could not be read; please choose again.");
    let option_key = |pos: &str| -> Result<String, AppError> {
        let pos: usize = pos.trim().parse().map_err(|_| bad())?;
        planned.options.get(pos).cloned().ok_or_else(bad)
    };
    let raw_trimmed = raw.trim();
    match item {
        Item::Likert(_) => {
            if raw_trimmed.is_empty() {
                return Ok(None);
            }
            match raw_trimmed.parse::<u8>() {
                Ok(v @ 1..=5) => Ok(Some(Response::Likert(v))),
                _ => Err(bad()),
            }
        }
        Item::Judgement(_) => {
            if raw_trimmed.is_empty() {
                return Ok(None);
            }
            Ok(Some(Response::Option(option_key(raw_trimmed)?)))
        }
        Item::Choice(c) => {
            let mut keys = Vec::new();
            for part in raw_trimmed.split(',').filter(|p| !p.trim().is_empty()) {
                let key = option_key(part)?;
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            if keys.is_empty() {
                return Ok(None);
            }
            if c.multiple {
                Ok(Some(Response::Options(keys)))
            } else if keys.len() == 1 {
                Ok(Some(Response::Option(keys.remove(0))))
            } else {
                Err(bad())
            }
        }
        Item::Written(_) => {
            if raw.chars().count() > MAX_TEXT {
                return Err(AppError::invalid("", "That reply is too long to save."));
            }
            if raw.trim().is_empty() {
                return Ok(None);
            }
            Ok(Some(Response::Text(raw.to_string())))
        }
        Item::Typing(_) => Err(AppError::invalid("", "The typing test saves through its own controls.")),
    }
}

/// The open section a save is for, with its deadline checked.
struct Target {
    attempt: AttemptRow,
    opened: SectionState,
    parts: [(String, Arc<Screening>); 2],
}

async fn writable(state: &AppState, ticket: &Ticket, section: usize) -> Result<Target, AppError> {
    let now = state.now();
    let attempt = ticket.attempt.clone().ok_or_else(|| AppError::Conflict("Start the screening first.".into()))?;
    match attempt.closed_reason.as_deref() {
        Some("submitted") => return Err(AppError::Conflict("You have already submitted your answers; they can no longer change.".into())),
        Some(_) => return Err(AppError::Conflict(time_up_message())),
        None => {}
    }
    if attempt.current_section != section {
        return Err(AppError::Conflict(
            "This section is already finished. Reload the page to continue where you are.".into(),
        ));
    }
    // Read with the ticket; a ticket read before its section opened asks again.
    let opened = match attempt.current.clone() {
        Some(current) => current,
        None => section_state(state, &attempt.id, section).await?.ok_or_else(|| AppError::Conflict("Reload the page to continue.".into()))?,
    };
    let past = opened.deadline_at.map(|d| now > d + GRACE_MS).unwrap_or(false);
    if opened.closed || past {
        return Err(AppError::Conflict(time_up_message()));
    }
    let parts = screenings(state, ticket).await?;
    Ok(Target { attempt, opened, parts })
}

fn time_up_message() -> String {
    "Time is up for this section, so this answer was not saved. Answers you gave before the time ran out are kept.".into()
}

impl Target {
    fn item(&self, section: usize, position: &str) -> Result<(&Item, &PlannedItem, &str), AppError> {
        let planned_section = &self.attempt.plan.sections[section];
        let pos: usize = position.parse().map_err(|_| AppError::invalid("", "Unknown question."))?;
        let planned = planned_section.items.get(pos).ok_or_else(|| AppError::invalid("", "Unknown question."))?;
        let (_, screening) = &self.parts[planned_section.part];
        let item = find_item(screening, &planned_section.section_key, &planned.key).ok_or_else(|| internal("planned item missing"))?;
        Ok((item, planned, &planned.key))
    }
}

async fn store(state: &AppState, attempt_id: &str, section: usize, key: &str, response: Option<&Response>, seq: EditSeq) -> Result<(), AppError> {
    answers_store::put(&state.db, attempt_id, &item_ref(section, key), response, seq, state.now()).await
}

/// Saves one answer as it is given. `seq` numbers the edit (see `EditSeq`): a save that arrives
/// after a newer edit of the same answer changes nothing.
pub async fn save_answer(
    state: &AppState,
    ticket: &Ticket,
    section: usize,
    position: &str,
    value: &str,
    seq: Option<&str>,
) -> Result<Saved, AppError> {
    let seq = EditSeq::parse(seq, state.now())?;
    let target = writable(state, ticket, section).await?;
    let (item, planned, key) = target.item(section, position)?;
    let response = parse_value(item, planned, value)?;
    store(state, &target.attempt.id, section, key, response.as_ref(), seq).await?;
    Ok(Saved { server_now: state.now() })
}

/// What posting a section's form asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leave {
    /// Save the answers and stay (the browser saving before the page is hidden).
    Stay,
    /// Save and move on, unless a question is unanswered: then say which.
    IfComplete,
    /// Save and move on, answered or not (the candidate chose to, or the time is up).
    Anyway,
}

impl Leave {
    pub fn parse(finish: Option<&str>, blank_ok: Option<&str>) -> Leave {
        match (finish.is_some_and(|f| !f.is_empty()), blank_ok.is_some_and(|b| !b.is_empty())) {
            (false, _) => Leave::Stay,
            (true, false) => Leave::IfComplete,
            (true, true) => Leave::Anyway,
        }
    }
}

/// Saves a whole section's answers: a form posted without JavaScript, the browser's last save
/// before the page is hidden, or the save that moves on, which carries every field's current
/// value (the written reply and the typing text included) so nothing typed is lost to a save
/// still in flight. Each field may carry its edit number in `seqs` (by field name); a field
/// without one is an edit made now. Blank fields without an edit number are left as they were.
pub async fn save_section(
    state: &AppState,
    ticket: &Ticket,
    section: usize,
    fields: &HashMap<String, String>,
    seqs: &HashMap<String, String>,
    leave: Leave,
) -> Result<SectionSaved, AppError> {
    let now = state.now();
    let target = match writable(state, ticket, section).await {
        Ok(t) => t,
        // Time ran out before the form arrived: move on with what was saved.
        Err(AppError::Conflict(m)) if m == time_up_message() && leave != Leave::Stay => {
            if let Some(a) = &ticket.attempt {
                if a.is_open() && a.current_section == section {
                    close_section(state, &a.id, section, "expired").await?;
                }
            }
            return Ok(SectionSaved::MovedOn);
        }
        Err(e) => return Err(e),
    };
    // Where the section came from, so answers from a second device are counted.
    crate::attempt::integrity::server::record(state, &target.attempt.id, "seen").await?;
    for (position, value, seq) in form_values(fields, seqs) {
        let (item, planned, key) = target.item(section, &position)?;
        let explicit = seq.is_some();
        let seq = EditSeq::parse(seq.as_deref(), now)?;
        if matches!(item, Item::Typing(_)) {
            typing_text_from_form(state, &target, section, item, key, &value, seq).await?;
            continue;
        }
        match parse_value(item, planned, &value)? {
            Some(response) => store(state, &target.attempt.id, section, key, Some(&response), seq).await?,
            // Cleared on this page: a numbered edit. Blank in a plain form: left alone.
            None if explicit => store(state, &target.attempt.id, section, key, None, seq).await?,
            None => {}
        }
    }
    let time_is_up = target.opened.deadline_at.is_some_and(|d| now > d);
    match leave {
        Leave::Stay => return Ok(SectionSaved::Saved),
        Leave::IfComplete if !time_is_up => {
            let missing = unanswered(state, &target, section).await?;
            if !missing.is_empty() {
                return Ok(SectionSaved::Unanswered(missing));
            }
        }
        _ => {}
    }
    finish_typing_items(state, &target, section).await?;
    close_section(state, &target.attempt.id, section, if time_is_up { "expired" } else { "finished" }).await?;
    Ok(SectionSaved::MovedOn)
}

/// The form's fields as (item position, value, edit number). Fields are named "q3" (the letter
/// keeps form decoding from reading them as a list); checkboxes arrive as "q3~0", "q3~2" and are
/// gathered into "0,2" for item 3. A numbered field sent without a value was cleared on the page.
fn form_values(fields: &HashMap<String, String>, seqs: &HashMap<String, String>) -> Vec<(String, String, Option<String>)> {
    let mut values: HashMap<String, String> = HashMap::new();
    for (name, value) in fields {
        let name = name.strip_prefix('q').unwrap_or(name);
        match name.split_once('~') {
            Some((item, option)) => {
                let entry = values.entry(item.to_string()).or_default();
                if !entry.is_empty() {
                    entry.push(',');
                }
                entry.push_str(option);
            }
            None => {
                values.insert(name.to_string(), value.clone());
            }
        }
    }
    for name in seqs.keys() {
        values.entry(name.strip_prefix('q').unwrap_or(name).to_string()).or_default();
    }
    let mut out: Vec<_> = values
        .into_iter()
        .map(|(position, value)| {
            let seq = seqs.get(&format!("q{position}")).cloned();
            (position, value, seq)
        })
        .collect();
    out.sort();
    out
}

/// The positions of the section's questions that have no answer.
async fn unanswered(state: &AppState, target: &Target, section: usize) -> Result<Vec<usize>, AppError> {
    let answers = answers_store::section(&state.db, &target.attempt.id, section).await?;
    Ok(target.attempt.plan.sections[section]
        .items
        .iter()
        .enumerate()
        .filter(|(_, p)| !answers.get(&p.key).is_some_and(Response::is_given))
        .map(|(pos, _)| pos)
        .collect())
}

/// The typing text a section form carries: kept while the test is running and in time, like a
/// typing save; ignored once the test has ended (its text can no longer change).
async fn typing_text_from_form(
    state: &AppState,
    target: &Target,
    section: usize,
    item: &Item,
    key: &str,
    text: &str,
    seq: EditSeq,
) -> Result<(), AppError> {
    let answers = answers_store::section(&state.db, &target.attempt.id, section).await?;
    let Some(Response::Typing { started_at, ended_at: None, .. }) = answers.get(key).cloned() else {
        return Ok(());
    };
    let duration = typing_duration(item).unwrap_or(0);
    if text.chars().count() > MAX_TEXT || state.now() > started_at + duration + GRACE_MS {
        return Ok(());
    }
    let r = Response::Typing { text: text.to_string(), started_at, ended_at: None };
    crate::attempt::integrity::server::typing_sample(state, &target.attempt.id, &item_ref(section, key), text).await?;
    store(state, &target.attempt.id, section, key, Some(&r), seq).await
}

/// A typing test left running when its section is finished ends now, with its newest text.
async fn finish_typing_items(state: &AppState, target: &Target, section: usize) -> Result<(), AppError> {
    let answers = answers_store::section(&state.db, &target.attempt.id, section).await?;
    let planned_section = &target.attempt.plan.sections[section];
    for planned in &planned_section.items {
        if let Some(Response::Typing { text, started_at, ended_at: None }) = answers.get(&planned.key) {
            let (_, screening) = &target.parts[planned_section.part];
            let duration = find_item(screening, &planned_section.section_key, &planned.key).and_then(typing_duration).unwrap_or(0);
            let ended = state.now().min(started_at + duration);
            let r = Response::Typing { text: text.clone(), started_at: *started_at, ended_at: Some(ended) };
            store(state, &target.attempt.id, section, &planned.key, Some(&r), EditSeq::at(state.now())).await?;
        }
    }
    Ok(())
}

pub async fn typing_start(state: &AppState, ticket: &Ticket, section: usize, position: &str) -> Result<TypingClock, AppError> {
    let target = writable(state, ticket, section).await?;
    let (item, _, key) = target.item(section, position)?;
    let duration = typing_duration(item).ok_or_else(|| AppError::invalid("", "That is not a typing test."))?;
    let answers = answers_store::section(&state.db, &target.attempt.id, section).await?;
    let started_at = match answers.get(key) {
        Some(Response::Typing { started_at, .. }) => *started_at,
        _ => {
            let now = state.now();
            let r = Response::Typing { text: String::new(), started_at: now, ended_at: None };
            // The oldest edit: any text the browser saves after pressing Start replaces it.
            store(state, &target.attempt.id, section, key, Some(&r), EditSeq::parse(Some("0"), now)?).await?;
            crate::attempt::integrity::server::record(state, &target.attempt.id, "seen").await?;
            now
        }
    };
    Ok(TypingClock { ends_at: started_at + duration, server_now: state.now() })
}

/// Saves the typing test's text (`done`: the candidate finished). `seq` numbers the edit.
#[allow(clippy::too_many_arguments)]
pub async fn typing_save(
    state: &AppState,
    ticket: &Ticket,
    section: usize,
    position: &str,
    text: &str,
    done: bool,
    seq: Option<&str>,
) -> Result<Saved, AppError> {
    let seq = EditSeq::parse(seq, state.now())?;
    let target = writable(state, ticket, section).await?;
    let (item, _, key) = target.item(section, position)?;
    let duration = typing_duration(item).ok_or_else(|| AppError::invalid("", "That is not a typing test."))?;
    if text.chars().count() > MAX_TEXT {
        return Err(AppError::invalid("", "That text is too long to save."));
    }
    let answers = answers_store::section(&state.db, &target.attempt.id, section).await?;
    let Some(Response::Typing { started_at, ended_at, .. }) = answers.get(key).cloned() else {
        return Err(AppError::Conflict("Press Start to begin the typing test.".into()));
    };
    let now = state.now();
    if ended_at.is_some() {
        return Err(AppError::Conflict("The typing test is finished; its text can no longer change.".into()));
    }
    if now > started_at + duration + GRACE_MS {
        // Time is up: the test ends with the text saved before the end.
        let r = Response::Typing { text: current_text(&answers, key), started_at, ended_at: Some(started_at + duration) };
        store(state, &target.attempt.id, section, key, Some(&r), EditSeq::at(now)).await?;
        return Err(AppError::Conflict("Time is up for the typing test. The text you typed before the end is saved.".into()));
    }
    let ended = (done || now >= started_at + duration).then(|| now.min(started_at + duration));
    let r = Response::Typing { text: text.to_string(), started_at, ended_at: ended };
    // Every save is a sample of the text so far on the server's clock, which is what the
    // result is measured from (see `scoring::rules::typing_trace`).
    crate::attempt::integrity::server::typing_sample(state, &target.attempt.id, &item_ref(section, key), text).await?;
    store(state, &target.attempt.id, section, key, Some(&r), seq).await?;
    Ok(Saved { server_now: now })
}

fn current_text(answers: &HashMap<String, Response>, key: &str) -> String {
    match answers.get(key) {
        Some(Response::Typing { text, .. }) => text.clone(),
        _ => String::new(),
    }
}

/// Opens a section the candidate left again, to answer what they skipped: only while the attempt
/// is open and the section's own clock still runs. The sections after it stay as they were, and
/// moving on from it returns to the review.
pub async fn reopen(state: &AppState, ticket: &Ticket, section: usize) -> Result<(), AppError> {
    let attempt = ticket.attempt.clone().ok_or_else(|| AppError::Conflict("Start the screening first.".into()))?;
    match attempt.closed_reason.as_deref() {
        Some("submitted") => return Err(AppError::Conflict("You have already submitted your answers; they can no longer change.".into())),
        Some(_) => return Err(AppError::Conflict("The time for this screening has run out.".into())),
        None => {}
    }
    if section >= attempt.plan.sections.len() {
        return Err(AppError::invalid("", "Unknown section."));
    }
    if section == attempt.current_section {
        return Ok(());
    }
    let st = section_state(state, &attempt.id, section).await?;
    if !st.as_ref().is_some_and(|s| s.can_reopen(state.now())) {
        return Err(AppError::Conflict("That section's time is over, so it cannot be opened again. Its saved answers are kept.".into()));
    }
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "UPDATE attempt_sections SET closed_at = NULL, closed_reason = NULL
         WHERE attempt_id = $1 AND section_index = $2 AND closed_reason = 'finished'",
    )
    .bind(&attempt.id)
    .bind(section as i64)
    .execute(&mut *tx)
    .await?;
    let moved = sqlx::query("UPDATE attempts SET current_section = $2 WHERE id = $1 AND closed_at IS NULL")
        .bind(&attempt.id)
        .bind(section as i64)
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() == 1 {
        let summary = format!("Went back to section {} of the screening for {} to answer what was left", section + 1, ticket.position_title);
        audit_candidate(&mut tx, state.now(), ticket, "attempt.section_reopened", summary).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The audit entry for something the candidate did with their link, in its transaction.
async fn audit_candidate(tx: &mut sqlx::AnyConnection, now: Millis, ticket: &Ticket, action: &str, summary: String) -> Result<(), AppError> {
    use crate::audit::{self, Actor, Entry};
    let entry = Entry { action, subject_type: "invitation", subject_id: Some(&ticket.invitation_id), summary, reason: None };
    audit::record(&mut *tx, now, &Actor::Candidate(&ticket.candidate_name), entry).await?;
    Ok(())
}

/// Submits the attempt after its last section.
pub async fn submit(state: &AppState, ticket: &Ticket) -> Result<(), AppError> {
    let attempt = ticket.attempt.clone().ok_or_else(|| AppError::Conflict("Start the screening first.".into()))?;
    match attempt.closed_reason.as_deref() {
        Some("submitted") => return Ok(()),
        Some(_) => return Err(AppError::Conflict("The time for this screening ran out; the answers you gave before then were kept.".into())),
        None => {}
    }
    if attempt.current_section < attempt.plan.sections.len() {
        return Err(AppError::Conflict("Finish every section before submitting.".into()));
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let done = sqlx::query("UPDATE attempts SET closed_at = $2, closed_reason = 'submitted' WHERE id = $1 AND closed_at IS NULL")
        .bind(&attempt.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 1 {
        audit_candidate(&mut tx, now, ticket, "attempt.submitted", format!("Submitted the screening for {}", ticket.position_title)).await?;
    }
    tx.commit().await?;
    if done.rows_affected() == 1 {
        tracing::info!(attempt = %attempt.id, "attempt submitted");
        // Scoring failure must not lose the submission; housekeeping scores it later.
        if let Err(e) = crate::scoring::engine::score_closed(state, &attempt.id).await {
            tracing::error!(attempt = %attempt.id, error = %e, "scoring after submission failed");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attempt::plan::PlannedItem;
    use crate::screening::definition::{Choice, ChoiceOption, Likert};

    fn choice(multiple: bool) -> Item {
        Item::Choice(Choice {
            key: "q".into(),
            topic: None,
            question: "Q".into(),
            multiple,
            options: ["a", "b", "c"].iter().map(|k| ChoiceOption { key: k.to_string(), text: k.to_string(), correct: *k == "a" }).collect(),
        })
    }

    fn planned() -> PlannedItem {
        PlannedItem { key: "q".into(), options: vec!["c".into(), "a".into(), "b".into()] }
    }

    #[test]
    fn positions_are_translated_to_the_screening_keys() {
        assert_eq!(parse_value(&choice(false), &planned(), "1").unwrap(), Some(Response::Option("a".into())));
        assert_eq!(parse_value(&choice(true), &planned(), "0,2").unwrap(), Some(Response::Options(vec!["c".into(), "b".into()])));
        let r = Response::Options(vec!["c".into(), "b".into()]);
        assert_eq!(to_view(&r, &planned(), &choice(true)), Answer::Options(vec!["0".into(), "2".into()]));
    }

    #[test]
    fn bad_values_are_refused_and_blank_clears() {
        assert!(parse_value(&choice(false), &planned(), "7").is_err());
        assert!(parse_value(&choice(false), &planned(), "0,1").is_err(), "one answer only");
        assert!(parse_value(&choice(false), &planned(), "x").is_err());
        assert_eq!(parse_value(&choice(true), &planned(), "").unwrap(), None);
        let likert = Item::Likert(Likert { key: "l".into(), statement: "S".into(), value: "wow".into(), reverse: false });
        let p = PlannedItem { key: "l".into(), options: vec![] };
        assert_eq!(parse_value(&likert, &p, "5").unwrap(), Some(Response::Likert(5)));
        assert!(parse_value(&likert, &p, "6").is_err());
        assert!(parse_value(&likert, &p, "0").is_err());
        assert_eq!(parse_value(&likert, &p, " ").unwrap(), None);
    }
}
