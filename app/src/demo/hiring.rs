//! The demo's hiring: the company values, the culture and skill screenings, an open position
//! and candidates at every stage (invited, part-way, submitted, timed out, link expired).
//! Candidates take the screening through the same code a browser uses, on a clock moved by hand.

use super::error::SeedError;
use crate::attempt::flow::{self, Ticket};
use crate::attempt::plan::seed_from;
use crate::attempt::types::Step;
use crate::audit::{self, Actor, Entry};
use crate::auth::email::Email;
use crate::clock::{Clock, Millis};
use crate::db::new_id;
use crate::positions::invite::server as invite;
use crate::positions::people::Person;
use crate::positions::ExtraTime;
use crate::screening::definition::Item;
use crate::screening::store;
use crate::state::AppState;
use std::collections::HashMap;

pub const CULTURE: &str = include_str!("../screening/demo/culture.toml");
pub const SKILLS: &str = include_str!("../screening/demo/skills.toml");

pub const VALUES: &[(&str, &str, &str)] = &[
    ("wow", "Deliver delight through service", "Go past what was asked so customers remember how they were treated."),
    ("change", "Welcome and drive change", "Treat change as normal, and help make it happen."),
    ("fun", "Bring fun and a little weirdness", "Be yourself; a light touch makes hard days easier for customers and colleagues."),
    ("adventurous", "Be adventurous, creative and open-minded", "Try new ways when the usual one does not serve the customer."),
    ("growth", "Pursue growth and learning", "Ask for feedback, learn from mistakes, get better every week."),
    ("honest", "Build open and honest relationships", "Say what is true, kindly, to customers and to each other."),
    ("team", "Build a positive team and family spirit", "Help the people next to you; share credit, share load."),
    ("frugal", "Do more with less", "Spend the company's money as if it were your own."),
    ("determined", "Be passionate and determined", "Follow a problem through to the end."),
    ("humble", "Be humble", "Let the work speak; stay curious about what you do not know."),
];

pub(super) const SYSTEM: Actor<'static> = Actor::System("demo seed");
pub(super) const DAY: i64 = 24 * 60 * 60 * 1000;
pub(super) const HOUR: i64 = 60 * 60 * 1000;

#[derive(Clone, Copy)]
pub(super) enum Outcome {
    /// Invited, has not opened the link.
    Invited,
    /// Stopped after this many sections, still within time.
    PartWay(usize),
    Submitted,
    /// Started days ago and never finished: the server closed it.
    TimedOut,
    /// Invited so long ago that the link has expired.
    LinkExpired,
}

pub(super) struct Candidate {
    pub name: &'static str,
    pub email: &'static str,
    /// How strongly their answers reflect the values (0 to 1) and how skilled they are (0 to 1).
    pub culture: f64,
    pub skill: f64,
    pub outcome: Outcome,
    pub extra: ExtraTime,
    pub invited_days_ago: i64,
}

const CANDIDATES: &[Candidate] = &[
    Candidate { name: "Ana López", email: "ana.lopez@mail.example", culture: 0.9, skill: 0.85, outcome: Outcome::Submitted, extra: ExtraTime::None, invited_days_ago: 9 },
    Candidate { name: "Joon Kim", email: "joon.kim@mail.example", culture: 0.7, skill: 0.6, outcome: Outcome::Submitted, extra: ExtraTime::None, invited_days_ago: 9 },
    Candidate { name: "Fatima Diallo", email: "fatima.diallo@mail.example", culture: 0.85, skill: 0.7, outcome: Outcome::Submitted, extra: ExtraTime::X150, invited_days_ago: 8 },
    Candidate { name: "Liam O'Connor", email: "liam.oconnor@mail.example", culture: 0.3, skill: 0.95, outcome: Outcome::Submitted, extra: ExtraTime::None, invited_days_ago: 8 },
    Candidate { name: "Mei Chen", email: "mei.chen@mail.example", culture: 0.6, skill: 0.45, outcome: Outcome::Submitted, extra: ExtraTime::None, invited_days_ago: 7 },
    Candidate { name: "Grace Mensah", email: "grace.mensah@mail.example", culture: 0.75, skill: 0.8, outcome: Outcome::Submitted, extra: ExtraTime::X125, invited_days_ago: 6 },
    Candidate { name: "Tomás Rivera", email: "tomas.rivera@mail.example", culture: 0.65, skill: 0.55, outcome: Outcome::PartWay(2), extra: ExtraTime::None, invited_days_ago: 3 },
    Candidate { name: "Aisha Rahman", email: "aisha.rahman@mail.example", culture: 0.8, skill: 0.7, outcome: Outcome::PartWay(0), extra: ExtraTime::None, invited_days_ago: 2 },
    Candidate { name: "Sofia Rossi", email: "sofia.rossi@mail.example", culture: 0.5, skill: 0.5, outcome: Outcome::TimedOut, extra: ExtraTime::None, invited_days_ago: 6 },
    Candidate { name: "Noah Williams", email: "noah.williams@mail.example", culture: 0.5, skill: 0.5, outcome: Outcome::Invited, extra: ExtraTime::None, invited_days_ago: 2 },
    Candidate { name: "Olivia Brown", email: "olivia.brown@mail.example", culture: 0.5, skill: 0.5, outcome: Outcome::Invited, extra: ExtraTime::None, invited_days_ago: 1 },
    Candidate { name: "Ravi Patel", email: "ravi.patel@mail.example", culture: 0.5, skill: 0.5, outcome: Outcome::Invited, extra: ExtraTime::Untimed, invited_days_ago: 1 },
    Candidate { name: "Daniel Novak", email: "daniel.novak@mail.example", culture: 0.5, skill: 0.5, outcome: Outcome::LinkExpired, extra: ExtraTime::None, invited_days_ago: 20 },
];

const REPLIES: [&str; 3] = [
    // careful and complete
    "Hi Dana,\n\nI'm so sorry. A sole peeling away halfway up a rocky trail is frightening, and you should never have had to tape your boot together to get down safely. Thank you for telling us.\n\nHere is what I have done for you today:\n- A new pair of Ridgeline Mid boots, size 8 wide, ships today by express at no cost and should arrive by Wednesday, well before your trip with your sister on Saturday.\n- I've emailed you a prepaid return label for the damaged pair. There is no need to send them back first; anytime in the next 30 days is fine.\n- I've added a $20 gift card to your account as a small thank-you for your patience.\n\nIf you would rather have a full refund of the $189 instead of the exchange, just reply and I'll arrange it straight away.\n\nI hope Saturday's hike is a great one.\n\nWarm regards,\nAna\nSunrise Outfitters (order SO-48213)",
    // decent but vague
    "Hello Dana,\n\nSorry for the trouble with your boots. That should not happen with new boots. We can send you a new pair by express shipping and you should get them soon. I will also send a return label so you can send the old ones back.\n\nLet me know if you need anything else.\n\nThanks,\nJoon",
    // defensive and unhelpful
    "Dear customer,\n\nWe are sorry for any inconvenience. Hiking boots sometimes need to be broken in and rocky trails can damage soles. Please send the boots back to our returns center and once we inspect them we will decide if they qualify for an exchange. This usually takes 7-10 business days.\n\nRegards,\nCustomer Service",
];

/// A small deterministic stream of numbers in [0, 1), so the demo is the same every time.
pub(super) struct Dice(pub u64);

impl Dice {
    pub fn roll(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64) / ((1u64 << 53) as f64)
    }
}

pub async fn seed(state: &AppState) -> Result<(), SeedError> {
    let now = state.now();
    for (position, (key, name, description)) in VALUES.iter().enumerate() {
        sqlx::query("INSERT INTO org_values (key, name, description, position) VALUES ($1, $2, $3, $4)")
            .bind(*key)
            .bind(*name)
            .bind(*description)
            .bind(position as i64 + 1)
            .execute(state.db.writer())
            .await?;
    }
    let culture = store::import(&state.db, state.now(), &SYSTEM, CULTURE).await?;
    let skills = store::import(&state.db, state.now(), &SYSTEM, SKILLS).await?;

    let position_id = open_position(
        state,
        &culture.screening_id,
        &skills.screening_id,
        "Customer Loyalty Team",
        "Phone, chat and email support for Sunrise Outfitters customers. Four weeks of paid training before your first solo call.",
        now - 10 * DAY,
    )
    .await?;

    // Two graders read every reply (disagreement shows); HR names the trainer Tom as one.
    sqlx::query("UPDATE positions SET double_grading = 1 WHERE id = $1").bind(&position_id).execute(state.db.writer()).await?;
    let hr = viewer_for(state, "hr@sunrise.example").await?;
    let tom = viewer_for(state, "trainer@sunrise.example").await?;
    let mut at = state.clone();
    at.clock = Clock::manual_at(now - 10 * DAY + HOUR);
    crate::positions::graders::server::add(&at, &hr, &position_id, &tom.user_id).await?;
    for candidate in CANDIDATES {
        take_part(state, &position_id, candidate, now).await?;
    }
    signals_of_one_candidate(state, "mei.chen@mail.example").await?;
    // HR sent Noah's invitation again and withdrew Olivia's (she took another job) a few hours
    // ago: the position page shows both, and the audit log says who and why.
    at.clock = Clock::manual_at(now - 3 * HOUR);
    crate::invitations::rules::resend(&at, &hr, &invitation_of(state, "noah.williams@mail.example").await?).await?;
    let olivia = invitation_of(state, "olivia.brown@mail.example").await?;
    crate::invitations::rules::withdraw(&at, &hr, &olivia, "She wrote that she has accepted another job.").await?;
    flow::sweep_expired(state).await?;
    crate::scoring::engine::score_unscored(state).await?;
    grade_and_decide(state, now).await?;
    Ok(())
}

/// One candidate whose report shows integrity signals: two refused pastes in the typing test and
/// three spells away from the page, the way the browser reports them.
async fn signals_of_one_candidate(state: &AppState, email: &str) -> Result<(), SeedError> {
    use crate::db::RowExt;
    let row = sqlx::query(
        "SELECT a.id, a.started_at FROM attempts a JOIN invitations i ON i.id = a.invitation_id
         JOIN candidates c ON c.id = i.candidate_id WHERE c.email = $1",
    )
    .bind(email)
    .fetch_one(state.db.reader())
    .await?;
    let (attempt, started_at) = (row.text("id")?, row.int("started_at")?);
    let mut at = state.clone();
    for (minute, kind) in [(3, "hidden"), (5, "visible"), (14, "hidden"), (15, "visible"), (22, "paste"), (22, "paste"), (30, "hidden"), (31, "visible")] {
        at.clock = Clock::manual_at(started_at + minute * 60_000 + if kind == "visible" { 25_000 } else { 0 });
        crate::attempt::integrity::server::record(&at, &attempt, kind).await?;
    }
    Ok(())
}

/// Opens a position in Las Vegas for the demo's two screenings.
pub(super) async fn open_position(
    state: &AppState,
    culture_id: &str,
    skills_id: &str,
    title: &str,
    description: &str,
    opened: Millis,
) -> Result<String, SeedError> {
    let position_id = new_id().to_string();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO positions (id, title, location, description, attitude_screening_id, skill_screening_id,
                                window_minutes, invite_valid_days, created_at)
         VALUES ($1, $2, 'Las Vegas', $3, $4, $5, 120, 14, $6)",
    )
    .bind(&position_id)
    .bind(title)
    .bind(description)
    .bind(culture_id)
    .bind(skills_id)
    .bind(opened)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        opened,
        &SYSTEM,
        Entry {
            action: "position.opened",
            subject_type: "position",
            subject_id: Some(&position_id),
            summary: format!("Opened the position {title}, Las Vegas"),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(position_id)
}

/// (candidate, grader, levels for empathy, solution, accuracy, clarity, comment)
const GRADES: &[(&str, &str, [u8; 4], &str)] = &[
    ("ana.lopez@mail.example", "priya@sunrise.example", [4, 4, 4, 4], "Warm, specific and complete: every fact right and the trip date covered."),
    ("ana.lopez@mail.example", "trainer@sunrise.example", [4, 4, 4, 4], "Exactly what we teach: empathy first, then a dated plan."),
    ("liam.oconnor@mail.example", "priya@sunrise.example", [4, 4, 4, 3], "Excellent reply."),
    ("liam.oconnor@mail.example", "trainer@sunrise.example", [4, 4, 4, 3], "Accurate and complete; a little formal."),
    ("joon.kim@mail.example", "priya@sunrise.example", [2, 2, 3, 3], "Polite but vague: 'soon' is not a date, and no refund option."),
    ("joon.kim@mail.example", "trainer@sunrise.example", [2, 2, 3, 3], "Kind, but the customer still does not know when the shoes arrive."),
    ("fatima.diallo@mail.example", "priya@sunrise.example", [3, 2, 3, 3], "Friendly; leaves the delivery day unclear."),
    ("fatima.diallo@mail.example", "trainer@sunrise.example", [1, 2, 3, 3], "Reads as scripted to me; no real acknowledgement of the scare on the trail."),
    ("mei.chen@mail.example", "trainer@sunrise.example", [1, 1, 2, 2], "Blames the customer and asks her to wait 7-10 days for a trip on Saturday."),
    ("mei.chen@mail.example", "priya@sunrise.example", [1, 1, 2, 2], "Defensive; the wait she offers misses the trip."),
];

/// A grader grades a candidate's written reply on the demo rubric.
pub(super) async fn grade_reply(at: &AppState, grader: &str, candidate: &str, levels: &[u8; 4], comment: &str) -> Result<(), SeedError> {
    let grader = viewer_for(at, grader).await?;
    let (attempt, item) = written_reply(at, candidate).await?;
    let fields: HashMap<String, String> =
        ["empathy", "solution", "accuracy", "clarity"].iter().zip(levels).map(|(k, l)| (format!("c_{k}"), l.to_string())).collect();
    crate::grading::server::record(at, &grader, &attempt, &item, &fields, comment, "").await?;
    Ok(())
}

pub(super) async fn viewer_for(state: &AppState, email: &str) -> Result<crate::auth::Viewer, SeedError> {
    use crate::db::RowExt;
    let rows = sqlx::query("SELECT u.id, u.name, u.email, r.role FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.email = $1")
        .bind(email)
        .fetch_all(state.db.reader())
        .await?;
    let first = rows.first().ok_or_else(|| crate::error::AppError::not_found(email.to_string()))?;
    Ok(crate::auth::Viewer {
        user_id: first.text("id")?,
        name: first.text("name")?,
        email: first.text("email")?,
        roles: rows.iter().filter_map(|r| r.opt_text("role").ok().flatten().as_deref().and_then(crate::auth::Role::parse)).collect(),
        must_change_password: false,
    })
}

/// The attempt and item of a candidate's written reply.
pub(super) async fn written_reply(state: &AppState, email: &str) -> Result<(String, String), SeedError> {
    use crate::db::RowExt;
    let row = sqlx::query(
        "SELECT an.attempt_id, an.item_ref FROM answers an JOIN attempts a ON a.id = an.attempt_id
         JOIN invitations i ON i.id = a.invitation_id JOIN candidates c ON c.id = i.candidate_id
         WHERE c.email = $1 AND an.response LIKE '{\"text\":%'",
    )
    .bind(email)
    .fetch_one(state.db.reader())
    .await?;
    Ok((row.text("attempt_id")?, row.text("item_ref")?))
}

pub(super) async fn invitation_of(state: &AppState, email: &str) -> Result<String, SeedError> {
    use crate::db::RowExt;
    Ok(sqlx::query("SELECT i.id FROM invitations i JOIN candidates c ON c.id = i.candidate_id WHERE c.email = $1")
        .bind(email)
        .fetch_one(state.db.reader())
        .await?
        .text("id")?)
}

/// Graders grade most replies (one stays in the queue), and HR decides about three people.
async fn grade_and_decide(state: &AppState, now: Millis) -> Result<(), SeedError> {
    let mut at = state.clone();
    at.clock = Clock::manual_at(now - 3 * DAY);
    for (candidate, grader, levels, comment) in GRADES {
        grade_reply(&at, grader, candidate, levels, comment).await?;
        at.clock.advance(std::time::Duration::from_secs(40 * 60));
    }
    let daniel = viewer_for(state, "hr@sunrise.example").await?;
    at.clock = Clock::manual_at(now - 2 * DAY);
    use crate::results::Decision;
    for (candidate, decision, reason) in [
        ("ana.lopez@mail.example", Decision::Hire, "Top of the ranking on both gates; the written reply was the best we have seen."),
        ("liam.oconnor@mail.example", Decision::Reject, "Outstanding skills, but the culture gate is well short and the situational answers put rules before customers."),
        ("joon.kim@mail.example", Decision::Hold, "Passed both gates narrowly; hold until the remaining candidates have finished."),
    ] {
        let invitation = invitation_of(state, candidate).await?;
        crate::results::decide::decide(&at, &daniel, &invitation, decision, reason).await?;
        at.clock.advance(std::time::Duration::from_secs(15 * 60));
    }
    Ok(())
}

pub(super) async fn take_part(state: &AppState, position_id: &str, c: &Candidate, now: Millis) -> Result<(), SeedError> {
    let invited_at = now - c.invited_days_ago * DAY + (seed_from(c.email) % 8) as i64 * HOUR;
    let person = Person {
        name: c.name.to_string(),
        email: Email::parse(c.email).map_err(crate::error::AppError::Conflict)?,
    };
    let created = invite::invite_returning(state, &SYSTEM, position_id, &[person], c.extra, invited_at).await?;
    let token = created.into_iter().next().map(|c| c.token).unwrap_or_default();
    if matches!(c.outcome, Outcome::Invited | Outcome::LinkExpired) {
        return Ok(());
    }
    // The candidate's own clock: they start a day after the invitation, or (still taking it)
    // a few minutes ago, so they are part-way through when the demo opens.
    let started_at = match c.outcome {
        Outcome::PartWay(sections) => now - (8 + 6 * sections as i64) * 60_000,
        _ => invited_at + DAY + 2 * HOUR,
    };
    let mut at = state.clone();
    at.clock = Clock::manual_at(started_at);
    let ticket = flow::ticket(&at, &token).await?;
    flow::start(&at, &ticket).await?;
    let mut dice = Dice(seed_from(c.email));
    let mut sections_done = 0;
    loop {
        let ticket = flow::ticket(&at, &token).await?;
        match flow::step(&at, &ticket).await? {
            Step::Section(page) => {
                let stop_here = match c.outcome {
                    Outcome::PartWay(n) => sections_done >= n,
                    Outcome::TimedOut => sections_done >= 1,
                    _ => false,
                };
                answer_section(&at, &ticket, page.index, c, &mut dice, stop_here).await?;
                if stop_here {
                    break;
                }
                flow::save_section(&at, &ticket, page.index, &HashMap::new(), &HashMap::new(), flow::Leave::Anyway).await?;
                sections_done += 1;
                at.clock.advance(std::time::Duration::from_secs(20));
            }
            Step::Review(_) => {
                at.clock.advance(std::time::Duration::from_secs(30));
                flow::submit(&at, &ticket).await?;
                break;
            }
            _ => break,
        }
    }
    Ok(())
}

/// Answers one section the way this candidate would; `partial` answers only a few items.
async fn answer_section(
    at: &AppState,
    ticket: &Ticket,
    section: usize,
    c: &Candidate,
    dice: &mut Dice,
    partial: bool,
) -> Result<(), SeedError> {
    let Some(attempt) = &ticket.attempt else { return Ok(()) };
    let planned = attempt.plan.sections[section].clone();
    let screening = at.screenings.load(&at.db, &attempt.versions[planned.part]).await?;
    let Some(definition) = screening.section(&planned.section_key) else { return Ok(()) };
    let count = if partial { planned.items.len().min(3) } else { planned.items.len() };
    for (pos, item_plan) in planned.items.iter().take(count).enumerate() {
        let Some(item) = definition.items.iter().find(|i| i.key() == item_plan.key) else { continue };
        let position_of = |key: &str| item_plan.options.iter().position(|k| k == key).map(|p| p.to_string()).unwrap_or_default();
        let value = match item {
            Item::Likert(l) => {
                let level = (1.0 + 4.0 * c.culture + (dice.roll() - 0.5) * 1.6).round().clamp(1.0, 5.0) as u8;
                let shown = if l.reverse { 6 - level } else { level };
                Some(shown.to_string())
            }
            Item::Judgement(j) => {
                let mut options = j.options.clone();
                options.sort_by_key(|o| -o.score);
                let pick = if dice.roll() < c.culture { &options[0] } else { &options[1 + (dice.roll() * (options.len() - 1) as f64) as usize % (options.len() - 1)] };
                Some(position_of(&pick.key))
            }
            Item::Choice(q) => {
                if dice.roll() < c.skill {
                    Some(q.options.iter().filter(|o| o.correct).map(|o| position_of(&o.key)).collect::<Vec<_>>().join(","))
                } else {
                    let wrong: Vec<_> = q.options.iter().filter(|o| !o.correct).collect();
                    wrong.get((dice.roll() * wrong.len() as f64) as usize).map(|o| position_of(&o.key))
                }
            }
            Item::Written(_) => {
                let reply = if c.skill > 0.75 { REPLIES[0] } else if c.skill > 0.5 { REPLIES[1] } else { REPLIES[2] };
                at.clock.advance(std::time::Duration::from_secs(9 * 60));
                Some(reply.to_string())
            }
            Item::Typing(t) => {
                flow::typing_start(at, ticket, section, &pos.to_string()).await?;
                // Words per minute between about 25 and 70, with more slips for the less skilled.
                let wpm = 25.0 + 45.0 * c.skill;
                let chars = (wpm * 5.0 * t.duration_seconds as f64 / 60.0) as usize;
                let mut typed: String = t.passage.chars().take(chars).collect();
                let slips = ((1.0 - c.skill) * 12.0) as usize;
                for n in 0..slips {
                    let at_char = (n * 37 + 11) % typed.chars().count().max(1);
                    typed = typed.chars().enumerate().map(|(i, ch)| if i == at_char { 'x' } else { ch }).collect();
                }
                // Saved every two seconds as it grows, as the browser does, and finished five
                // seconds before the end.
                let steps = (t.duration_seconds as usize - 5) / 2;
                let total = typed.chars().count();
                for step in 1..=steps {
                    at.clock.advance(std::time::Duration::from_secs(2));
                    let so_far: String = typed.chars().take(total * step / steps).collect();
                    flow::typing_save(at, ticket, section, &pos.to_string(), &so_far, step == steps, None).await?;
                }
                None
            }
        };
        if let Some(value) = value {
            flow::save_answer(at, ticket, section, &pos.to_string(), &value, None).await?;
        }
        at.clock.advance(std::time::Duration::from_secs(6 + (dice.roll() * 20.0) as u64));
    }
    Ok(())
}
