//! Screenings, part 1: invitations, the timed attempt, autosave and resume, expiry, versions,
//! import and export, and the candidate link's boundaries.

use crate::helpers::*;
use app::attempt::types::{Answer, ItemBody, SectionPage, Step};
use app::db::RowExt;
use app::error::AppError;
use reqwest::{Client, StatusCode};
use std::time::Duration;

pub async fn demo_position(app: &TestApp) -> String {
    sqlx::query("SELECT id FROM positions WHERE title = 'Customer Loyalty Team'")
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("id")
        .unwrap()
}

/// Invites one person and returns their link token (read from the outbox, as HR would copy it).
pub async fn invite(app: &TestApp, hr: &Client, position: &str, name: &str, email: &str, extra: &str) -> String {
    let res = app
        .call(hr, "/api/positions/invite", &[("position_id", position), ("people", &format!("{name} <{email}>")), ("extra_time", extra)])
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let link = sqlx::query("SELECT link FROM outbox WHERE to_email = $1")
        .bind(email.to_lowercase())
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("link")
        .unwrap();
    link.rsplit('/').next().unwrap().to_string()
}

pub async fn step(app: &TestApp, token: &str) -> Step {
    let res = app.call(&browser(), "/api/take/now", &[("token", token)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

pub async fn section(app: &TestApp, token: &str) -> SectionPage {
    match step(app, token).await {
        Step::Section(page) => page,
        other => panic!("expected a section, got {other:?}"),
    }
}

pub async fn start(app: &TestApp, token: &str) {
    let res = app.call(&browser(), "/api/take/start", &[("token", token), ("consent", "yes")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
}

pub async fn save(app: &TestApp, token: &str, section: usize, item: &str, value: &str) -> reqwest::Response {
    app.call(&browser(), "/api/take/save", &[("token", token), ("section", &section.to_string()), ("item", item), ("value", value)]).await
}

/// A plausible answer for any item, as the browser would send it.
pub fn some_answer(item: &app::attempt::types::ItemView) -> Option<String> {
    match &item.body {
        ItemBody::Likert { .. } => Some("4".into()),
        ItemBody::Judgement { options, .. } => Some(options[0].id.clone()),
        ItemBody::Choice { options, .. } => Some(options[0].id.clone()),
        ItemBody::Written { .. } => Some("Hello Dana, I am sorry. A new pair ships today.".into()),
        ItemBody::Typing { .. } => None,
    }
}

/// Moves on from a section, answered or not (as "Continue without answering" does).
pub async fn finish_section(app: &TestApp, token: &str, section: usize) -> reqwest::Response {
    app.call(&browser(), "/api/take/section", &[("token", token), ("section", &section.to_string()), ("finish", "1"), ("blank_ok", "1")]).await
}

async fn new_candidate(app: &TestApp, extra: &str) -> String {
    let hr = app.signed_in(HR).await;
    let position = demo_position(app).await;
    let email = format!("cand.{}@mail.example", uuid::Uuid::new_v4().simple());
    invite(app, &hr, &position, "Casey Candidate", &email, extra).await
}

#[tokio::test]
async fn a_candidate_takes_the_screening_with_autosave_and_resume() {
    let app = spawn_app().await;
    let token = new_candidate(&app, "100").await;
    let attempts_before = app.count("SELECT COUNT(*) AS n FROM attempts").await;
    assert!(matches!(step(&app, &token).await, Step::NotStarted));
    // Consent is required.
    let res = app.call(&browser(), "/api/take/start", &[("token", token.as_str())]).await;
    assert!(error_of(res).await.for_field("consent").is_some());
    start(&app, &token).await;
    start(&app, &token).await; // a second start (another tab) finds the same attempt
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM attempts").await, attempts_before + 1, "one attempt, never 2 for one link");

    let first = section(&app, &token).await;
    assert_eq!(first.index, 0);
    assert!(first.deadline.is_some(), "the statements section is timed");
    assert_eq!(first.items.len(), 20, "20 drawn from a pool of 30");
    let item = &first.items[3];
    assert_eq!(save(&app, &token, 0, &item.id, "5").await.status(), StatusCode::OK);
    assert_eq!(save(&app, &token, 0, &first.items[4].id, "2").await.status(), StatusCode::OK);

    // Reload (or another device): the same section, the same order, the answers as given.
    let again = section(&app, &token).await;
    assert_eq!(again.items, first.items);
    assert_eq!(again.deadline, first.deadline, "reloading does not restart the clock");
    assert_eq!(again.answer(&item.id), Some(&Answer::Likert(5)));
    assert_eq!(again.answer(&first.items[4].id), Some(&Answer::Likert(2)));
    // Changing an answer replaces it.
    save(&app, &token, 0, &item.id, "3").await;
    assert_eq!(section(&app, &token).await.answer(&item.id), Some(&Answer::Likert(3)));

    // Bad values are refused and change nothing.
    assert_eq!(save(&app, &token, 0, &item.id, "9").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(save(&app, &token, 0, "99", "3").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(section(&app, &token).await.answer(&item.id), Some(&Answer::Likert(3)));

    // Work through every section, the typing test included, then submit.
    let mut guard = 0;
    loop {
        guard += 1;
        assert!(guard < 10);
        match step(&app, &token).await {
            Step::Section(page) => {
                for item in &page.items {
                    if let ItemBody::Typing { passage, .. } = &item.body {
                        let s = page.index.to_string();
                        let res = app.call(&browser(), "/api/take/typing_start", &[("token", token.as_str()), ("section", &s), ("item", &item.id)]).await;
                        assert_eq!(res.status(), StatusCode::OK);
                        app.clock.advance(Duration::from_secs(60));
                        let typed: String = passage.chars().take(150).collect();
                        let res = app.call(&browser(), "/api/take/typing_save", &[("token", token.as_str()), ("section", &s), ("item", &item.id), ("text", &typed), ("done", "1")]).await;
                        assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
                    } else if let Some(v) = some_answer(item) {
                        assert_eq!(save(&app, &token, page.index, &item.id, &v).await.status(), StatusCode::OK);
                    }
                }
                assert_eq!(finish_section(&app, &token, page.index).await.status(), StatusCode::OK);
                // Once finished, a section cannot be written to.
                let late = save(&app, &token, page.index, "0", "1").await;
                assert_eq!(late.status(), StatusCode::CONFLICT);
            }
            Step::Review(review) => {
                assert!(review.answered >= review.questions - 1, "{review:?}");
                let res = app.call(&browser(), "/api/take/submit", &[("token", token.as_str())]).await;
                assert_eq!(res.status(), StatusCode::OK);
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(matches!(step(&app, &token).await, Step::Finished(app::attempt::types::Stage::Submitted)));
    let e = error_of(save(&app, &token, 0, "0", "1").await).await;
    assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
    // The answers are stored in the screening's keys, with the typing times measured by the server.
    let typing = sqlx::query("SELECT response FROM answers a JOIN attempts t ON t.id = a.attempt_id JOIN invitations i ON i.id = t.invitation_id WHERE i.token_hash = $1 AND response LIKE '%typing%'")
        .bind(app::auth::tokens::digest(&token))
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("response")
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&typing).unwrap();
    let t = &v["typing"];
    assert_eq!(t["ended_at"].as_i64().unwrap() - t["started_at"].as_i64().unwrap(), 60_000);
}

#[tokio::test]
async fn the_server_owns_time_grace_then_refusal_then_closing() {
    let app = spawn_app().await;
    let token = new_candidate(&app, "100").await;
    start(&app, &token).await;
    let page = section(&app, &token).await;
    let deadline = page.deadline.unwrap();
    assert_eq!(deadline - page.server_now, 12 * 60 * 1000, "12 minutes, standard time");
    save(&app, &token, 0, &page.items[0].id, "4").await;
    // Just past the deadline, within the grace period: still saved (network lag).
    app.clock.advance(Duration::from_millis((deadline - page.server_now + 5_000) as u64));
    assert_eq!(save(&app, &token, 0, &page.items[1].id, "4").await.status(), StatusCode::OK);
    // Past the grace period: refused with a clear message.
    app.clock.advance(Duration::from_secs(10));
    let res = save(&app, &token, 0, &page.items[2].id, "4").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(error_of(res).await.to_string().contains("Time is up"));
    // The server moved the candidate on, keeping what was saved.
    let next = section(&app, &token).await;
    assert_eq!(next.index, 1);
    let saved = app.count("SELECT COUNT(*) AS n FROM answers a JOIN attempts t ON t.id = a.attempt_id WHERE t.closed_at IS NULL").await;
    assert!(saved >= 2);

    // The candidate walks away; when the attempt's time runs out the server closes it.
    app.clock.advance(Duration::from_secs(3 * 60 * 60));
    let closed = app::attempt::flow::sweep_expired(&app.state).await.unwrap();
    assert!(closed >= 1);
    let row = sqlx::query("SELECT t.closed_reason FROM attempts t JOIN invitations i ON i.id = t.invitation_id WHERE i.token_hash = $1")
        .bind(app::auth::tokens::digest(&token))
        .fetch_one(app.state.db.reader())
        .await
        .unwrap();
    assert_eq!(row.text("closed_reason").unwrap(), "expired");
    assert!(matches!(step(&app, &token).await, Step::Finished(app::attempt::types::Stage::TimedOut)));
    let kept = sqlx::query("SELECT COUNT(*) AS n FROM answers a JOIN attempts t ON t.id = a.attempt_id JOIN invitations i ON i.id = t.invitation_id WHERE i.token_hash = $1")
        .bind(app::auth::tokens::digest(&token))
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .int("n")
        .unwrap();
    assert_eq!(kept, 2, "what was saved in time is kept");
}

#[tokio::test]
async fn extra_time_stretches_timed_sections_and_untimed_removes_them() {
    let app = spawn_app().await;
    let slow = new_candidate(&app, "150").await;
    start(&app, &slow).await;
    let page = section(&app, &slow).await;
    assert_eq!(page.deadline.unwrap() - page.server_now, 18 * 60 * 1000, "1.5 x 12 minutes");
    let untimed = new_candidate(&app, "0").await;
    start(&app, &untimed).await;
    assert_eq!(section(&app, &untimed).await.deadline, None);
    let landing: app::attempt::types::Landing =
        app.call(&browser(), "/api/take/landing", &[("token", slow.as_str())]).await.json().await.unwrap();
    assert_eq!(landing.sections[0].minutes, Some(18));
}

#[tokio::test]
async fn a_link_opens_its_own_attempt_and_nothing_else() {
    let app = spawn_app().await;
    let a = new_candidate(&app, "100").await;
    let b = new_candidate(&app, "100").await;
    start(&app, &a).await;
    start(&app, &b).await;
    let page_a = section(&app, &a).await;
    save(&app, &a, 0, &page_a.items[0].id, "5").await;
    let page_b = section(&app, &b).await;
    assert!(page_b.answers.is_empty(), "B sees none of A's answers");
    // Tampered and made-up tokens get a clear refusal.
    let mut tampered = a.clone();
    tampered.replace_range(0..1, if a.starts_with('A') { "B" } else { "A" });
    for bad in [tampered.as_str(), "short", "../../etc/passwd"] {
        let res = app.call(&browser(), "/api/take/now", &[("token", bad)]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(error_of(res).await.to_string(), "This screening link was not found.");
    }
    let page = app.get(&browser(), &format!("/take/{tampered}")).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let html = page.page().await;
    assert!(html.contains("This link cannot be opened"));
    // One sentence, then what to do: not "…for a new one. was not found."
    assert!(html.contains("This screening link was not found."), "{html}");
    assert!(html.contains("ask the person who invited you for a new one."));
    assert!(!html.contains("new one. was not found"));
    // A candidate token is not a staff session.
    let res = app.get(&with_token(&a), "/").await;
    assert_eq!(res.status(), StatusCode::FOUND);
    // The token is stored only as a digest.
    assert_eq!(app.count(&format!("SELECT COUNT(*) AS n FROM invitations WHERE token_hash = '{a}'")).await, 0);
}

#[tokio::test]
async fn candidate_responses_carry_no_answer_key() {
    let app = spawn_app().await;
    let token = new_candidate(&app, "100").await;
    let mut bodies = Vec::new();
    bodies.push(app.call(&browser(), "/api/take/landing", &[("token", token.as_str())]).await.text().await.unwrap());
    bodies.push(app.get(&browser(), &format!("/take/{token}")).await.text().await.unwrap());
    start(&app, &token).await;
    loop {
        bodies.push(app.get(&browser(), &format!("/take/{token}/now")).await.text().await.unwrap());
        let now = app.call(&browser(), "/api/take/now", &[("token", token.as_str())]).await.text().await.unwrap();
        bodies.push(now.clone());
        match serde_json::from_str::<Step>(&now).unwrap() {
            Step::Section(page) => {
                for item in page.items.iter().take(2) {
                    if let Some(v) = some_answer(item) {
                        bodies.push(save(&app, &token, page.index, &item.id, &v).await.text().await.unwrap());
                    }
                }
                finish_section(&app, &token, page.index).await;
            }
            _ => break,
        }
    }
    let all = bodies.join("\n");
    for needle in ["\"score\"", "\"correct\"", "\"reverse\"", "\"weight\"", "\"levels\"", "rubric", "criterion", "score =", "correct = true"] {
        assert!(!all.contains(needle), "candidate responses contain {needle}");
    }
    // The rubric's level descriptors and the value keys never reach the candidate.
    for secret in ["Ignores Dana's frustration", "Takes ownership: confirms the express replacement", "\"value\":\"wow\""] {
        assert!(!all.contains(secret), "candidate responses contain {secret}");
    }
}

#[tokio::test]
async fn a_taken_screening_is_frozen_and_edits_make_a_new_version() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let culture = sqlx::query("SELECT id FROM screenings WHERE key = 'culture'").fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap();
    let export = app.get(&hr, &format!("/screenings/{culture}/export")).await;
    assert_eq!(export.status(), StatusCode::OK);
    assert!(export.headers()["content-disposition"].to_str().unwrap().contains("culture-v1.toml"));
    let original = export.text().await.unwrap();
    // The demo candidates took version 1, so it is frozen: saving makes version 2.
    let edited = original.replacen("title = \"Culture and values\"", "title = \"Culture and values (2027)\"", 1);
    assert_ne!(edited, original);
    let res = app.call(&hr, "/api/screenings/save", &[("id", culture.as_str()), ("definition", edited.as_str())]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM screening_versions v JOIN screenings s ON s.id = v.screening_id WHERE s.key = 'culture'").await, 2);
    let v1 = sqlx::query("SELECT definition FROM screening_versions WHERE version = 1 AND screening_id = $1").bind(&culture).fetch_one(app.state.db.reader()).await.unwrap().text("definition").unwrap();
    assert_eq!(v1, original, "version 1 is untouched");
    // Version 2 is untaken, so a second edit changes it in place.
    let again = edited.replacen("(2027)", "(2027, revised)", 1);
    app.call(&hr, "/api/screenings/save", &[("id", culture.as_str()), ("definition", again.as_str())]).await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM screening_versions v JOIN screenings s ON s.id = v.screening_id WHERE s.key = 'culture'").await, 2);
    // Existing attempts still name version 1; a new attempt takes version 2.
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM attempts a JOIN screening_versions v ON v.id = a.attitude_version_id WHERE v.version = 2").await, 0);
    let token = new_candidate(&app, "100").await;
    start(&app, &token).await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM attempts a JOIN screening_versions v ON v.id = a.attitude_version_id WHERE v.version = 2").await, 1);
    // A bad edit is refused with every problem listed, and nothing changes.
    let broken = again.replacen("value = \"wow\"", "value = \"kindness\"", 1);
    let e = error_of(app.call(&hr, "/api/screenings/save", &[("id", culture.as_str()), ("definition", broken.as_str())]).await).await;
    assert!(e.for_field("definition").unwrap().contains("'kindness' is not one of the organisation's values"), "{e:?}");
}

#[tokio::test]
async fn a_screening_file_round_trips_through_export_and_import() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let skills = sqlx::query("SELECT id FROM screenings WHERE key = 'skills'").fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap();
    let exported = app.get(&hr, &format!("/screenings/{skills}/export")).await.text().await.unwrap();
    let copy = exported.replacen("key = \"skills\"", "key = \"skills-copy\"", 1);
    let res = app.call(&hr, "/api/screenings/import", &[("definition", copy.as_str())]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let id = sqlx::query("SELECT id FROM screenings WHERE key = 'skills-copy'").fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap();
    let back = app.get(&hr, &format!("/screenings/{id}/export")).await.text().await.unwrap();
    assert_eq!(back, copy, "exported exactly as imported");
    let a = app::screening::definition::Screening::from_toml(&exported, None).unwrap();
    let b = app::screening::definition::Screening::from_toml(&back, None).unwrap();
    assert_eq!(a.sections(), b.sections());
    // Other roles cannot export.
    let trainer = app.signed_in(TRAINER).await;
    assert_eq!(app.get(&trainer, &format!("/screenings/{id}/export")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&browser(), &format!("/screenings/{id}/export")).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn inviting_many_at_once_is_all_or_nothing() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let before = app.count("SELECT COUNT(*) AS n FROM invitations").await;
    let bad = "Ana Two <ana2@mail.example>\nnot an address\nBo <bo@mail.example>";
    let e = error_of(app.call(&hr, "/api/positions/invite", &[("position_id", position.as_str()), ("people", bad), ("extra_time", "100")]).await).await;
    assert!(e.for_field("people").unwrap().contains("Line 2"), "{e:?}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM invitations").await, before);
    // Someone already invited also stops the batch.
    let dup = "New Person <new.person@mail.example>\nAna López <ana.lopez@mail.example>";
    let e = error_of(app.call(&hr, "/api/positions/invite", &[("position_id", position.as_str()), ("people", dup), ("extra_time", "100")]).await).await;
    assert!(e.for_field("people").unwrap().contains("already been invited"), "{e:?}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM invitations").await, before);
    // A CSV with a header and quoted names works, with extra time for the batch.
    let csv = "name,email\n\"Okafor, Chidi\",chidi@mail.example\nLena Park,lena.park@mail.example\n";
    let res = app.call(&hr, "/api/positions/invite", &[("position_id", position.as_str()), ("people", csv), ("extra_time", "200")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM invitations WHERE time_percent = 200").await, 2);
    let mail = sqlx::query("SELECT subject, body, link FROM outbox WHERE to_email = 'chidi@mail.example'").fetch_one(app.state.db.reader()).await.unwrap();
    assert_eq!(mail.text("subject").unwrap(), "Your screening for Customer Loyalty Team, Las Vegas");
    assert!(mail.text("body").unwrap().contains("2× time"));
    assert!(mail.text("body").unwrap().contains(&mail.text("link").unwrap()));
    // The outbox page shows it to HR, and to nobody else.
    assert!(app.get(&hr, "/outbox").await.page().await.contains("chidi@mail.example"));
    assert_eq!(app.get(&app.signed_in(TRAINER).await, "/outbox").await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn hr_sees_each_invitations_state() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let detail: app::positions::PositionDetail =
        app.call(&hr, "/api/positions/get", &[("id", position.as_str())]).await.json().await.unwrap();
    let c = &detail.summary.counts;
    assert_eq!((c.not_started, c.in_progress, c.submitted, c.timed_out, c.link_expired, c.withdrawn), (2, 2, 6, 1, 1, 1), "{c:?}");
    let state_of = |name: &str| detail.invitations.iter().find(|i| i.name == name).map(|i| i.state);
    use app::positions::CandidateState::*;
    assert_eq!(state_of("Ana López"), Some(Submitted));
    assert_eq!(state_of("Tomás Rivera"), Some(InProgress));
    assert_eq!(state_of("Noah Williams"), Some(NotStarted));
    // Running out of time during the screening is not a link that expired unused.
    assert_eq!(state_of("Sofia Rossi"), Some(TimedOut));
    assert_eq!(state_of("Daniel Novak"), Some(LinkExpired));
    let html = app.get(&hr, &format!("/positions/{position}")).await.page().await;
    assert!(html.contains("Fatima Diallo") && html.contains("1.5× time"));
}

#[tokio::test]
async fn a_section_posted_without_javascript_saves_every_answer() {
    let app = spawn_app().await;
    let token = new_candidate(&app, "100").await;
    start(&app, &token).await;
    // Skip to the knowledge section, whose pool has choose-all-that-apply questions.
    let mut page = section(&app, &token).await;
    while !page.items.iter().any(|i| matches!(i.body, ItemBody::Choice { .. })) {
        finish_section(&app, &token, page.index).await;
        match step(&app, &token).await {
            Step::Section(p) => page = p,
            other => panic!("no section with multiple-choice questions: {other:?}"),
        }
    }
    // The form exactly as the browser posts it without JavaScript.
    let mut form: Vec<(String, String)> = vec![("token".into(), token.clone()), ("section".into(), page.index.to_string()), ("finish".into(), "1".into())];
    for item in &page.items {
        match &item.body {
            ItemBody::Choice { multiple: true, options, .. } => {
                form.push((format!("a[q{}~{}]", item.id, options[0].id), "on".into()));
                form.push((format!("a[q{}~{}]", item.id, options[2].id), "on".into()));
            }
            ItemBody::Choice { options, .. } => form.push((format!("a[q{}]", item.id), options[1].id.clone())),
            _ => {}
        }
    }
    let res = browser()
        .post(app.url("/api/take/section"))
        .header("accept", "text/html")
        .header("referer", app.url(&format!("/take/{token}/now")))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], format!("/take/{token}/now"));
    let stored = app
        .count(&format!(
            "SELECT COUNT(*) AS n FROM answers a JOIN attempts t ON t.id = a.attempt_id JOIN invitations i ON i.id = t.invitation_id
             WHERE i.token_hash = '{}' AND a.item_ref LIKE '{}:%'",
            app::auth::tokens::digest(&token),
            page.index
        ))
        .await;
    assert_eq!(stored as usize, page.items.len(), "every answer in the posted form was saved");
    // Ten of the pool are drawn, so a candidate may (rarely) get no choose-all question.
    if page.items.iter().any(|i| matches!(i.body, ItemBody::Choice { multiple: true, .. })) {
        let multi = sqlx::query(
            "SELECT a.response FROM answers a JOIN attempts t ON t.id = a.attempt_id JOIN invitations i ON i.id = t.invitation_id
             WHERE i.token_hash = $1 AND a.response LIKE '%\"options\"%'",
        )
        .bind(app::auth::tokens::digest(&token))
        .fetch_all(app.state.db.reader())
        .await
        .unwrap();
        assert!(multi.iter().any(|r| serde_json::from_str::<serde_json::Value>(&r.text("response").unwrap()).unwrap()["options"].as_array().unwrap().len() == 2));
    }
    // The candidate is on the next section now.
    assert_eq!(section(&app, &token).await.index, page.index + 1);
}
