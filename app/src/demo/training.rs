//! The demo's training and Offers. Two earlier hiring rounds trained in cohorts: the summer
//! intake finished the August cohort and answered the Offer (one took it, one told HR in person,
//! one did not answer, one answer was corrected, the payout is paid); the autumn intake is in
//! week three of the October cohort (closed weeks, attendance, notes, a correction, trainees on
//! track, at risk, failing and one who left). A January cohort waits for the current round.
//! Trainers and HR act through the same code the pages use, on a clock moved by hand.

use super::hiring::{self, Candidate, Outcome, DAY, HOUR};
use super::error::SeedError;
use crate::auth::password::PasswordHash;
use crate::auth::Viewer;
use crate::clock::{Clock, Millis};
use crate::db::RowExt;
use crate::offer::make::rules as making;
use crate::offer::manage::server as offers;
use crate::positions::ExtraTime;
use crate::results::Decision;
use crate::state::AppState;
use crate::training::types::Field;
use crate::training::store;
use time::{Date, OffsetDateTime};

pub const FOUNDATIONS: &str = include_str!("../training/demo/foundations.toml");

/// The trainee the README names; every demo trainee signs in with the demo password.
pub const TRAINEE: (&str, &str) = ("Carmen Ortiz", "carmen.ortiz@mail.example");

const fn hire(name: &'static str, email: &'static str, culture: f64, skill: f64, days_ago: i64) -> Candidate {
    Candidate { name, email, culture, skill, outcome: Outcome::Submitted, extra: ExtraTime::None, invited_days_ago: days_ago }
}

/// How a hire does in training.
struct Course {
    email: &'static str,
    /// The level they are graded at, week by week.
    levels: [u8; 4],
    /// Competencies graded at a fixed level every week, whatever `levels` says.
    fixed: &'static [(&'static str, u8)],
    absent: &'static [usize],
    late: &'static [usize],
    excused: &'static [usize],
    note: Option<&'static str>,
    /// They leave in this week, for this reason.
    leaves: Option<(usize, &'static str)>,
}

const fn course(email: &'static str, levels: [u8; 4]) -> Course {
    Course { email, levels, fixed: &[], absent: &[], late: &[], excused: &[], note: None, leaves: None }
}

/// How a trainee answers the Offer.
#[derive(Clone, Copy)]
enum Reply {
    Takes,
    Stays,
    /// Told HR in person; HR records it.
    InPerson,
    Silent,
}

struct OfferPlan {
    amount: &'static str,
    replies: &'static [(&'static str, Reply)],
    /// (email, answer, reason): an entry corrected by HR afterwards.
    correction: Option<(&'static str, &'static str, &'static str)>,
}

struct Intake {
    position: &'static str,
    opened_days_ago: i64,
    candidates: &'static [Candidate],
    courses: &'static [Course],
    cohort: &'static str,
    /// The Monday the cohort started, in weeks from this week (negative: in the past).
    start_week: i64,
    /// (email, from, to, reason): a grade of week 1 corrected after the week closed.
    correction: Option<(&'static str, &'static str, u8, u8, &'static str)>,
    offer: Option<OfferPlan>,
}

const SUMMER: Intake = Intake {
    position: "Customer Loyalty Team, summer intake",
    opened_days_ago: 150,
    candidates: &[
        hire("Rafael Souza", "rafael.souza@mail.example", 0.8, 0.74, 140),
        hire("Amara Okonkwo", "amara.okonkwo@mail.example", 0.9, 0.8, 140),
        hire("Lars Eriksson", "lars.eriksson@mail.example", 0.78, 0.72, 139),
        hire("Nadia Haddad", "nadia.haddad@mail.example", 0.86, 0.66, 139),
        hire("Owen Price", "owen.price@mail.example", 0.82, 0.78, 138),
        hire("Sun-hee Park", "sunhee.park@mail.example", 0.88, 0.7, 138),
        hire("Tariq Aziz", "tariq.aziz@mail.example", 0.8, 0.68, 137),
        hire("Zoe Martin", "zoe.martin@mail.example", 0.84, 0.76, 137),
        hire("Grace Liu", "grace.liu@mail.example", 0.35, 0.9, 136),
        hire("Peter Novak", "peter.novak@mail.example", 0.4, 0.45, 136),
    ],
    courses: &[
        course("rafael.souza@mail.example", [3, 3, 3, 3]),
        course("amara.okonkwo@mail.example", [4, 5, 5, 5]),
        course("lars.eriksson@mail.example", [3, 3, 4, 4]),
        course("nadia.haddad@mail.example", [3, 4, 4, 4]),
        course("owen.price@mail.example", [4, 4, 3, 4]),
        course("sunhee.park@mail.example", [4, 4, 4, 5]),
        course("tariq.aziz@mail.example", [3, 3, 3, 4]),
        course("zoe.martin@mail.example", [4, 4, 4, 4]),
    ],
    cohort: "August cohort",
    start_week: -16,
    correction: None,
    offer: Some(OfferPlan {
        amount: "4000",
        replies: &[
            ("rafael.souza@mail.example", Reply::Takes),
            ("amara.okonkwo@mail.example", Reply::Stays),
            ("lars.eriksson@mail.example", Reply::Stays),
            ("nadia.haddad@mail.example", Reply::InPerson),
            ("owen.price@mail.example", Reply::Stays),
            ("sunhee.park@mail.example", Reply::Stays),
            ("tariq.aziz@mail.example", Reply::Silent),
            ("zoe.martin@mail.example", Reply::Stays),
        ],
        correction: Some((
            "tariq.aziz@mail.example",
            "stay",
            "Tariq emailed HR on Friday at 16:40 that he stays; the mail server held the message until after the deadline.",
        )),
    }),
};

const AUTUMN: Intake = Intake {
    position: "Customer Loyalty Team, autumn intake",
    opened_days_ago: 50,
    candidates: &[
        hire("Carmen Ortiz", "carmen.ortiz@mail.example", 0.88, 0.78, 45),
        hire("Kwame Asante", "kwame.asante@mail.example", 0.85, 0.72, 45),
        hire("Hannah Schmidt", "hannah.schmidt@mail.example", 0.82, 0.8, 45),
        hire("Diego Fernández", "diego.fernandez@mail.example", 0.8, 0.7, 45),
        hire("Yuki Tanaka", "yuki.tanaka@mail.example", 0.92, 0.74, 45),
        hire("Priyanka Sharma", "priyanka.sharma@mail.example", 0.8, 0.7, 45),
        hire("Ben Carter", "ben.carter@mail.example", 0.82, 0.76, 45),
        hire("Lucía Gómez", "lucia.gomez@mail.example", 0.86, 0.7, 45),
        hire("Marcus Johnson", "marcus.johnson@mail.example", 0.3, 0.85, 45),
        hire("Elena Petrova", "elena.petrova@mail.example", 0.45, 0.4, 45),
    ],
    courses: &[
        Course { excused: &[4], note: Some("Great instincts on the practice line; keep slowing down before you answer."), ..course("carmen.ortiz@mail.example", [4, 4, 4, 4]) },
        Course { late: &[3], note: Some("Big step up this week: your order notes are the clearest in the room."), ..course("kwame.asante@mail.example", [3, 4, 4, 4]) },
        Course { note: Some("Strong start; in role-plays you rush to the fix before the customer feels heard."), ..course("hannah.schmidt@mail.example", [5, 4, 3, 3]) },
        Course {
            absent: &[2, 6, 7],
            late: &[9],
            note: Some("Missed two days this week; we talked about catching up on the refunds module."),
            ..course("diego.fernandez@mail.example", [3, 3, 3, 3])
        },
        course("yuki.tanaka@mail.example", [4, 5, 5, 5]),
        Course {
            fixed: &[("product", 1)],
            late: &[1],
            note: Some("Warm with customers; product knowledge needs real work before live calls."),
            ..course("priyanka.sharma@mail.example", [3, 3, 3, 3])
        },
        Course { leaves: Some((2, "Accepted a job offer closer to home.")), ..course("ben.carter@mail.example", [3, 3, 3, 3]) },
        course("lucia.gomez@mail.example", [3, 3, 4, 4]),
    ],
    cohort: "October cohort",
    start_week: -2,
    correction: Some(("lucia.gomez@mail.example", "product", 2, 3, "Re-marked after she re-sat the returns policy quiz on Monday.")),
    offer: None,
};

fn at(state: &AppState, when: Millis) -> AppState {
    let mut s = state.clone();
    s.clock = Clock::manual_at(when);
    s
}

fn today(now: Millis) -> Date {
    OffsetDateTime::from_unix_timestamp(now / 1000).map(|t| t.date()).unwrap_or(Date::MIN)
}

/// Monday of the week `weeks` weeks from the one `now` is in (negative for earlier).
fn monday(now: Millis, weeks: i64) -> Date {
    let d = today(now);
    let back = d.weekday().number_days_from_monday() as i64;
    d.checked_add(time::Duration::days(weeks * 7 - back)).unwrap_or(d)
}

struct Staff {
    daniel: Viewer,
    tom: Viewer,
    priya: Viewer,
}

pub async fn seed(state: &AppState, demo_hash: &PasswordHash) -> Result<(), SeedError> {
    let now = state.now();
    store::import(&state.db, now - 200 * DAY, &hiring::SYSTEM, FOUNDATIONS).await?;
    let staff = Staff {
        daniel: hiring::viewer_for(state, "hr@sunrise.example").await?,
        tom: hiring::viewer_for(state, "trainer@sunrise.example").await?,
        priya: hiring::viewer_for(state, "priya@sunrise.example").await?,
    };
    for intake in [&SUMMER, &AUTUMN] {
        run(state, &staff, intake).await?;
    }
    let programme_id = sqlx::query("SELECT id FROM programmes WHERE key = 'loyalty-foundations'").fetch_one(state.db.reader()).await?.text("id")?;
    let trainers = [staff.tom.user_id.clone()];
    let start = monday(now, 5).to_string();
    crate::training::cohorts::create(&at(state, now - 20 * DAY), &staff.daniel, "January cohort", &programme_id, &start, &trainers).await?;
    // Every demo trainee signs in with the demo password.
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id IN (SELECT user_id FROM trainees)")
        .bind(demo_hash.as_stored())
        .execute(state.db.writer())
        .await?;
    Ok(())
}

/// One intake: screened, graded, decided, enrolled, trained week by week, and offered.
async fn run(state: &AppState, staff: &Staff, intake: &Intake) -> Result<(), SeedError> {
    let now = state.now();
    let screening = |key: &'static str| async move {
        sqlx::query("SELECT id FROM screenings WHERE key = $1").bind(key).fetch_one(state.db.reader()).await.and_then(|r| r.text("id"))
    };
    let description = "Phone, chat and email support. This intake trains together in one cohort.";
    let opened = now - intake.opened_days_ago * DAY;
    let position_id = hiring::open_position(state, &screening("culture").await?, &screening("skills").await?, intake.position, description, opened).await?;
    for candidate in intake.candidates {
        hiring::take_part(state, &position_id, candidate, now).await?;
    }
    crate::attempt::flow::sweep_expired(state).await?;
    crate::scoring::engine::score_unscored(state).await?;
    let screened = now - (intake.candidates[0].invited_days_ago - 5) * DAY;
    for c in intake.candidates {
        let (levels, comment) = if c.skill > 0.75 {
            ([4, 4, 4, 3], "Warm and specific, with a clear next step.")
        } else if c.skill > 0.6 {
            ([3, 3, 4, 3], "Friendly and accurate; could be more specific about dates.")
        } else {
            ([2, 2, 3, 2], "Polite but defensive; the customer is asked to wait.")
        };
        hiring::grade_reply(&at(state, screened), "priya@sunrise.example", c.email, &levels, comment).await?;
    }
    let mut hires = Vec::new();
    for c in intake.candidates {
        let invitation = hiring::invitation_of(state, c.email).await?;
        let (decision, reason) = if intake.courses.iter().any(|k| k.email == c.email) {
            hires.push(invitation.clone());
            (Decision::Hire, "Passed both gates; a good fit for this intake.")
        } else {
            (Decision::Reject, "Did not pass the culture gate.")
        };
        crate::results::decide::decide(&at(state, screened + 2 * DAY), &staff.daniel, &invitation, decision, reason).await?;
    }
    // The intake is over: no more invitations.
    sqlx::query("UPDATE positions SET status = 'closed' WHERE id = $1").bind(&position_id).execute(state.db.writer()).await?;

    let programme_id = sqlx::query("SELECT id FROM programmes WHERE key = 'loyalty-foundations'").fetch_one(state.db.reader()).await?.text("id")?;
    let start = monday(now, intake.start_week);
    let start_ms = crate::clock::start_millis(start);
    let before = at(state, start_ms - 14 * DAY);
    let trainers = [staff.tom.user_id.clone(), staff.priya.user_id.clone()];
    let cohort_id = crate::training::cohorts::create(&before, &staff.daniel, intake.cohort, &programme_id, &start.to_string(), &trainers).await?;
    crate::training::enrol::enrol(&at(state, start_ms - 10 * DAY), &staff.daniel, &position_id, &cohort_id, &hires).await?;
    train(state, staff, intake, &cohort_id).await?;
    if let Some(plan) = &intake.offer {
        offer(state, staff, plan, &cohort_id).await?;
    }
    Ok(())
}

async fn train(state: &AppState, staff: &Staff, intake: &Intake, cohort_id: &str) -> Result<(), SeedError> {
    let now = state.now();
    let cohort = store::load_cohort(&state.db, cohort_id).await?;
    let trainees = store::trainees(&state.db, cohort_id).await?;
    let start_ms = crate::clock::start_millis(cohort.start);
    let id_of = |email: &str| trainees.iter().find(|t| t.email == email).map(|t| t.id.clone()).unwrap_or_default();
    let weeks = cohort.programme.weeks();
    let current = cohort.week_at(now);
    for week in 1..=weeks.min(current) {
        let friday = start_ms + ((week as i64 - 1) * 7 + 4) * DAY + 16 * HOUR;
        let under_way = week == current && current <= weeks;
        let mut cells = Vec::new();
        for course in intake.courses {
            if course.leaves.is_some_and(|(w, _)| week >= w) {
                continue;
            }
            let trainee = id_of(course.email);
            for c in cohort.programme.week_competencies(week) {
                // In the week under way, ownership is graded on Friday.
                if under_way && c.key == "ownership" {
                    continue;
                }
                let level = match intake.correction {
                    Some((email, key, from, _, _)) if email == course.email && key == c.key && week == 1 => from,
                    _ => course.fixed.iter().find(|(k, _)| *k == c.key).map(|(_, l)| *l).unwrap_or(course.levels[week - 1]),
                };
                cells.push((trainee.clone(), Field::Grade(c.key.clone()).encode(), level.to_string()));
            }
            if let (Some(note), false) = (course.note, under_way) {
                cells.push((trainee.clone(), Field::Note.encode(), format!("Week {week}: {note}")));
            }
            for day in cohort.days_of(week) {
                if cohort.day_date(day) >= today(now) {
                    continue;
                }
                let mark = if course.absent.contains(&day) {
                    "absent"
                } else if course.late.contains(&day) {
                    "late"
                } else if course.excused.contains(&day) {
                    "excused"
                } else {
                    "present"
                };
                cells.push((trainee.clone(), Field::Attendance(day).encode(), mark.to_string()));
            }
        }
        let grader = if week % 2 == 0 { &staff.priya } else { &staff.tom };
        crate::training::grid::save(&at(state, friday.min(now - HOUR)), grader, cohort_id, week, &cells, None).await?;
        if !under_way {
            crate::training::grid::close(&at(state, friday + HOUR), &staff.tom, cohort_id, week).await?;
        }
        if let (1, Some((email, key, _, to, reason))) = (week, intake.correction) {
            let fix = vec![(id_of(email), Field::Grade(key.into()).encode(), to.to_string())];
            crate::training::grid::save(&at(state, friday + 3 * DAY), &staff.tom, cohort_id, 1, &fix, Some(reason)).await?;
        }
        for course in intake.courses {
            if let Some((w, reason)) = course.leaves.filter(|(w, _)| *w == week) {
                let wednesday = start_ms + ((w as i64 - 1) * 7 + 2) * DAY + 11 * HOUR;
                crate::training::cohorts::mark_left(&at(state, wednesday), &staff.daniel, &id_of(course.email), reason).await?;
            }
        }
    }
    Ok(())
}

/// HR makes the Offer on Monday of the last week; answers come in over the week.
async fn offer(state: &AppState, staff: &Staff, plan: &OfferPlan, cohort_id: &str) -> Result<(), SeedError> {
    let cohort = store::load_cohort(&state.db, cohort_id).await?;
    let trainees = store::trainees(&state.db, cohort_id).await?;
    let last = cohort.programme.weeks();
    let monday_ms = crate::clock::start_millis(cohort.start) + (last as i64 - 1) * 7 * DAY;
    let opening = at(state, monday_ms + 10 * HOUR);
    let deadline = cohort.day_date(cohort.days_of(last).start + 4);
    let zone = crate::org::store::zone(&opening.db).await?;
    let fields = making::Fields {
        week: &last.to_string(),
        amount: plan.amount,
        currency: "USD",
        date: &deadline.to_string(),
        time_of_day: "17:00",
        message: "We want everyone on the team to be here because they chose to be. If this is not the job for you, there is no shame in taking the Offer.",
        rehire_allowed: true,
        payout_terms: "Paid with your final paycheck, within 14 days of your last day, on top of pay for the training you completed.",
        no_response: "stays",
    };
    let form = making::parse(opening.now(), &zone, fields)?;
    making::open(&opening, &staff.daniel, cohort_id, form).await?;
    for (n, (email, reply)) in plan.replies.iter().enumerate() {
        let Some(t) = trainees.iter().find(|t| t.email == *email) else { continue };
        let when = at(state, monday_ms + DAY + n as i64 * 3 * HOUR);
        match reply {
            Reply::Takes | Reply::Stays => {
                let trainee = hiring::viewer_for(state, email).await?;
                let answer = if matches!(reply, Reply::Takes) { "take" } else { "stay" };
                let reason = matches!(reply, Reply::Takes).then_some("Retail suits me better; thank you for being so straight with us.");
                crate::offer::answer::server::answer(&when, &trainee, answer, reason.unwrap_or("")).await?;
            }
            Reply::InPerson => {
                offers::record(&when, &staff.daniel, cohort_id, &t.id, "stay", "Told me in person after Wednesday's session, with Tom present.", false).await?;
            }
            Reply::Silent => {}
        }
    }
    let after = at(state, monday_ms + 5 * DAY);
    crate::offer::store::sweep(&after.db, after.now()).await?;
    if let Some((email, answer, reason)) = plan.correction {
        if let Some(t) = trainees.iter().find(|t| t.email == email) {
            offers::record(&after, &staff.daniel, cohort_id, &t.id, answer, reason, true).await?;
        }
    }
    // The payouts are made with the next payroll.
    let payroll = at(state, monday_ms + 12 * DAY);
    for (n, t) in trainees.iter().enumerate() {
        let row = offers::trainee(&payroll, cohort_id, &t.id).await?;
        if row.payout == crate::offer::manage::Payout::Pending {
            offers::paid(&payroll, &staff.daniel, cohort_id, &t.id, &format!("PAYROLL-{}-{:03}", cohort.start.year(), n + 1)).await?;
        }
    }
    Ok(())
}
