//! Scores that hold up: complete scales, one rule per item type whatever the shuffle, one gate
//! rule in the report, the table and the analytics, item statistics from every attempt, and
//! scoring that neither stalls on a bad attempt nor half-applies a rescore.

use crate::helpers::*;
use crate::results::{invitation_of, report};
use crate::screening::{demo_position, finish_section, invite, save, section, start};
use app::analytics::Report as Analytics;
use app::attempt::types::ItemBody;
use app::db::RowExt;
use app::results::{Report, ResultsPage};
use reqwest::{Client, StatusCode};
use std::time::Duration;

async fn table(app: &TestApp, hr: &Client, position: &str, gates: &str) -> ResultsPage {
    let res = app.call(hr, "/api/results/list", &[("id", position), ("query[gates]", gates)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

/// Closes every open attempt at its time limit and scores what was saved, as the server's
/// housekeeping does.
async fn let_time_run_out(app: &TestApp) {
    app.clock.advance(Duration::from_secs(4 * 60 * 60));
    app::attempt::flow::sweep_expired(&app.state).await.unwrap();
    app::scoring::engine::score_unscored(&app.state).await.unwrap();
}

#[tokio::test]
async fn one_likert_answer_of_twenty_is_not_a_scale() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let token = invite(&app, &hr, &position, "Una Answer", "una.answer@mail.example", "100").await;
    start(&app, &token).await;
    let page = section(&app, &token).await;
    assert_eq!(page.items.len(), 20);
    // "Strongly agree" to one statement, then on without answering the other nineteen.
    assert_eq!(save(&app, &token, 0, &page.items[0].id, "5").await.status(), StatusCode::OK);
    assert_eq!(finish_section(&app, &token, 0).await.status(), StatusCode::OK);
    let_time_run_out(&app).await;
    let hr = app.signed_in(HR).await;
    let una = report(&app, &hr, "una.answer@mail.example").await;
    let detail = una.detail.clone().unwrap();
    let statements = &detail.sections[0];
    assert_eq!((statements.answered, statements.items), (1, 20));
    assert!(statements.short && statements.score.is_none(), "not a score of 100: {statements:?}");
    assert!(una.complete && una.attitude.is_none() && una.attitude_short && !una.attitude_passed && !una.passed, "{una:?}");
    assert!(detail.values.iter().all(|v| v.mean.is_none()), "no value has four in five of its statements: {:?}", detail.values);
    // The table says the same, sorts her last and counts her among the failed attitude gates.
    let failed = table(&app, &hr, &position, "failed-attitude").await;
    let row = failed.rows.iter().find(|r| r.invitation_id == una.invitation_id).expect("listed as failing the attitude gate");
    assert!(row.attitude_short && row.attitude.is_none() && row.total.is_none());
    let all = table(&app, &hr, &position, "").await;
    assert_eq!(all.rows.last().map(|r| r.invitation_id.as_str()), Some(una.invitation_id.as_str()), "no total: ranked last");
    let csv = app.get(&hr, &format!("/positions/{position}/results.csv")).await.text().await.unwrap();
    assert!(csv.lines().any(|l| l.starts_with("\"Una Answer\"") && l.contains("not enough answers")), "{csv}");
    // Hiring needs a pass; the gate passes only by an override with a reason.
    let decide = app.call(&hr, "/api/results/decide", &[("invitation_id", una.invitation_id.as_str()), ("decision", "hire"), ("reason", "Keen")]).await;
    assert_eq!(decide.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .call(&hr, "/api/results/override", &[("invitation_id", una.invitation_id.as_str()), ("gate", "attitude"), ("reason", "Interviewed in person; values discussed at length.")])
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let after = report(&app, &hr, "una.answer@mail.example").await;
    assert!(after.attitude_passed && after.attitude.is_none(), "passed by override, still without a score");
}

const MIXED: &str = r#"
[screening]
key = "mixed-check"
title = "Mixed check"
kind = "attitude"
intro = "Statements and questions together."

[[section]]
key = "mixed"
title = "Statements and questions"
instructions = "Answer each."

[[section.item]]
type = "likert"
key = "m-l1"
statement = "I like helping customers."
value = "wow"
reverse = false

[[section.item]]
type = "likert"
key = "m-l2"
statement = "I follow problems through."
value = "determined"
reverse = false

[[section.item]]
type = "likert"
key = "m-l3"
statement = "I enjoy learning new things."
value = "growth"
reverse = false

[[section.item]]
type = "choice"
key = "m-c1"
question = "Question one"
multiple = false
  [[section.item.option]]
  key = "a"
  text = "Right one"
  correct = true
  [[section.item.option]]
  key = "b"
  text = "Wrong one"

[[section.item]]
type = "choice"
key = "m-c2"
question = "Question two"
multiple = false
  [[section.item.option]]
  key = "a"
  text = "Wrong two"
  [[section.item.option]]
  key = "b"
  text = "Right two"
  correct = true

[[section.item]]
type = "choice"
key = "m-c3"
question = "Question three"
multiple = false
  [[section.item.option]]
  key = "a"
  text = "Right three"
  correct = true
  [[section.item.option]]
  key = "b"
  text = "Wrong three"
"#;

#[tokio::test]
async fn a_mixed_section_scores_the_same_whatever_the_shuffle() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let saved = app::screening::store::import(&app.state.db, app.state.now(), &app::audit::Actor::System("test"), MIXED).await.unwrap();
    let skills = sqlx::query("SELECT id FROM screenings WHERE key = 'skills'").fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap();
    let res = app
        .call(
            &hr,
            "/api/positions/create",
            &[
                ("title", "Mixed check"),
                ("location", ""),
                ("description", ""),
                ("attitude", saved.screening_id.as_str()),
                ("skill", skills.as_str()),
                ("window_minutes", "180"),
                ("invite_valid_days", "14"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let position = sqlx::query("SELECT id FROM positions WHERE title = 'Mixed check'").fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap();
    // Twelve candidates give the same answers, each in their own shuffled order: "agree" to
    // every statement, the right option to every question.
    let mut orders = std::collections::HashSet::new();
    let mut emails = Vec::new();
    for n in 0..12 {
        let email = format!("same.sheet.{n}@mail.example");
        let token = invite(&app, &hr, &position, &format!("Same Sheet {n}"), &email, "100").await;
        start(&app, &token).await;
        let page = section(&app, &token).await;
        let mut order = Vec::new();
        for item in &page.items {
            let value = match &item.body {
                ItemBody::Likert { statement } => {
                    order.push(statement.clone());
                    "4".to_string()
                }
                ItemBody::Choice { question, options, .. } => {
                    order.push(question.clone());
                    options.iter().find(|o| o.text.starts_with("Right")).unwrap().id.clone()
                }
                other => panic!("unexpected item {other:?}"),
            };
            assert_eq!(save(&app, &token, 0, &item.id, &value).await.status(), StatusCode::OK);
        }
        orders.insert(order);
        emails.push(email);
    }
    assert!(orders.len() >= 3, "the candidates saw different orders: {}", orders.len());
    let_time_run_out(&app).await;
    let hr = app.signed_in(HR).await;
    for email in &emails {
        let r = report(&app, &hr, email).await;
        let mixed = &r.detail.unwrap().sections[0];
        assert!(mixed.kind.contains("likert") && mixed.kind.contains("choice"), "{}", mixed.kind);
        // Every item counts equally: three statements at 4 of 5 (0.75 each) and three right
        // answers (1 each) make 87.5, never 75 (the statements alone) or 100 (the questions alone).
        let score = mixed.score.unwrap_or_else(|| panic!("{email}: {mixed:?}"));
        assert!((score - 87.5).abs() < 1e-9, "{email}: {score}");
    }
}

#[tokio::test]
async fn the_weighted_rule_is_the_same_in_the_table_the_report_and_the_analytics() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let res = app
        .call(
            &hr,
            "/api/results/scoring_settings",
            &[
                ("position_id", position.as_str()),
                ("gate_rule", "weighted"),
                ("attitude_pass", "60"),
                ("skill_pass", "50"),
                ("attitude_weight", "1"),
                ("skill_weight", "3"),
                ("total_pass", "70"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let all = table(&app, &hr, &position, "").await;
    let passed = table(&app, &hr, &position, "passed").await;
    assert!(!passed.rows.is_empty() && passed.rows.len() < all.rows.iter().filter(|r| r.complete).count(), "the rule separates candidates");
    for row in all.rows.iter().filter(|r| r.complete) {
        let r: Report = app.call(&hr, "/api/results/report", &[("invitation_id", row.invitation_id.as_str())]).await.json().await.unwrap();
        let expected = match (r.attitude, r.skill) {
            (Some(a), Some(s)) => Some((a + 3.0 * s) / 4.0),
            _ => None,
        };
        assert_eq!(r.total, row.total, "{}: report and table totals", row.name);
        assert!(r.total.zip(expected).is_none_or(|(t, e)| (t - e).abs() < 1e-9), "{}: weighted 1:3", row.name);
        assert_eq!(r.passed, passed.rows.iter().any(|p| p.invitation_id == row.invitation_id), "{}: report and table agree on the pass", row.name);
        assert_eq!(r.passed, r.total.is_some_and(|t| t >= 70.0 - 1e-9));
        // Liam: a failed culture gate no longer matters under the weighted rule if the total is high.
        assert_eq!(r.attitude_passed, r.passed, "one outcome for both gates under the weighted rule");
    }
    // The analytics funnel counts the same passes for this position.
    let analyst = app.signed_in(ANALYST).await;
    let analytics: Analytics = app.call(&analyst, "/api/analytics/report", &[("filters[position]", position.as_str())]).await.json().await.unwrap();
    let funnel = &analytics.funnels[0];
    let step = funnel.stages.iter().find(|s| s.label == "Passed the screening").unwrap();
    assert_eq!(step.count, passed.matching as usize, "{funnel:?}");
}

#[tokio::test]
async fn item_statistics_count_attempts_still_awaiting_grading() {
    let app = spawn_app().await;
    let analyst = app.signed_in(ANALYST).await;
    let analytics: Analytics = app.call(&analyst, "/api/analytics/report", &[]).await.json().await.unwrap();
    for version in &analytics.items {
        let with_result = app
            .count(&format!(
                "SELECT COUNT(*) AS n FROM results r JOIN attempts a ON a.id = r.attempt_id
                 WHERE a.attitude_version_id = '{v}' OR a.skill_version_id = '{v}'",
                v = version.version_id
            ))
            .await;
        assert_eq!(version.attempts as i64, with_result, "{}: every attempt with a result, graded or not", version.label);
    }
    let waiting = app.count("SELECT COUNT(*) AS n FROM results WHERE complete = 0").await;
    assert!(waiting >= 1, "the demo keeps a reply waiting for a grader, so the case is exercised");
}

#[tokio::test]
async fn a_poisoned_attempt_does_not_stop_the_others_being_scored() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let mut tokens = Vec::new();
    for n in 0..3 {
        let token = invite(&app, &hr, &position, &format!("Queue {n}"), &format!("queue.{n}@mail.example"), "100").await;
        start(&app, &token).await;
        let page = section(&app, &token).await;
        for item in &page.items {
            save(&app, &token, 0, &item.id, "4").await;
        }
        tokens.push(token);
        app.clock.advance(Duration::from_secs(60));
    }
    // The oldest attempt is damaged: its stored plan no longer reads.
    let first = invitation_of(&app, "queue.0@mail.example").await;
    sqlx::query("UPDATE attempts SET plan = 'not a plan' WHERE invitation_id = $1").bind(&first).execute(app.state.db.writer()).await.unwrap();
    let runs_before = app.count("SELECT COUNT(*) AS n FROM scoring_runs").await;
    app.clock.advance(Duration::from_secs(4 * 60 * 60));
    app::attempt::flow::sweep_expired(&app.state).await.unwrap();
    let pass = app::scoring::engine::score_unscored(&app.state).await.unwrap();
    assert_eq!(pass.failed, 1);
    for later in ["queue.1@mail.example", "queue.2@mail.example"] {
        let scored = app
            .count(&format!(
                "SELECT COUNT(*) AS n FROM results r JOIN attempts a ON a.id = r.attempt_id WHERE a.invitation_id = '{}'",
                invitation_of(&app, later).await
            ))
            .await;
        assert_eq!(scored, 1, "{later}, after the damaged one, is scored in the same pass");
    }
    let runs_after = runs_before + pass.scored as i64;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM scoring_runs").await, runs_after, "no run without a result");
    let failure = sqlx::query("SELECT tries, error_ref, next_try_at FROM scoring_failures").fetch_all(app.state.db.reader()).await.unwrap();
    assert_eq!(failure.len(), 1);
    assert_eq!(failure[0].int("tries").unwrap(), 1);
    assert!(!failure[0].text("error_ref").unwrap().is_empty());
    // The next pass, a minute later, leaves it alone (backoff) and finds nothing else to do.
    let again = app::scoring::engine::score_unscored(&app.state).await.unwrap();
    assert_eq!((again.scored, again.failed), (0, 0));
    // After the delay it is tried again, and fails again with a longer delay.
    app.clock.advance(Duration::from_secs(61));
    let retry = app::scoring::engine::score_unscored(&app.state).await.unwrap();
    assert_eq!(retry.failed, 1);
    assert_eq!(app.count("SELECT tries AS n FROM scoring_failures").await, 2);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM scoring_runs").await, runs_after, "still no orphan runs");
    // HR sees it on the position page, with the reference to quote.
    let hr = app.signed_in(HR).await;
    let detail = app.call(&hr, "/api/positions/get", &[("id", position.as_str())]).await.text().await.unwrap();
    let reference = sqlx::query("SELECT error_ref FROM scoring_failures").fetch_one(app.state.db.reader()).await.unwrap().text("error_ref").unwrap();
    assert!(detail.contains("Queue 0") && detail.contains(&reference), "the latest try's reference: {detail}");
    // Mended, it is scored on the next due try and leaves the list.
    let plan = sqlx::query("SELECT plan FROM attempts a JOIN invitations i ON i.id = a.invitation_id WHERE i.id = $1")
        .bind(invitation_of(&app, "queue.1@mail.example").await)
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("plan")
        .unwrap();
    sqlx::query("UPDATE attempts SET plan = $2 WHERE invitation_id = $1").bind(&first).bind(&plan).execute(app.state.db.writer()).await.unwrap();
    app.clock.advance(Duration::from_secs(3 * 60));
    let mended = app::scoring::engine::score_unscored(&app.state).await.unwrap();
    assert_eq!((mended.scored, mended.failed), (1, 0));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM scoring_failures").await, 0);
}

async fn snapshot(app: &TestApp) -> Vec<(String, String, String)> {
    let rows = sqlx::query("SELECT attempt_id, run_id, detail FROM results ORDER BY attempt_id").fetch_all(app.state.db.reader()).await.unwrap();
    rows.iter().map(|r| (r.text("attempt_id").unwrap(), r.text("run_id").unwrap(), r.text("detail").unwrap())).collect()
}

#[tokio::test]
async fn a_rescore_that_fails_half_way_changes_nothing() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let before = snapshot(&app).await;
    let runs = app.count("SELECT COUNT(*) AS n FROM scoring_runs").await;
    let audits = app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'results.rescored'").await;
    // The last attempt of the position (in the order a rescore goes) cannot be read.
    let last = sqlx::query(
        "SELECT a.id FROM attempts a JOIN invitations i ON i.id = a.invitation_id WHERE i.position_id = $1 AND a.closed_at IS NOT NULL
         ORDER BY a.closed_at DESC, a.id DESC LIMIT 1",
    )
    .bind(&position)
    .fetch_one(app.state.db.reader())
    .await
    .unwrap()
    .text("id")
    .unwrap();
    sqlx::query("UPDATE attempts SET plan = 'broken' WHERE id = $1").bind(&last).execute(app.state.db.writer()).await.unwrap();
    let res = app.call(&hr, "/api/results/rescore", &[("position_id", position.as_str()), ("reason", "Key corrected")]).await;
    let e = error_of(res).await;
    let message = e.for_field("reason").expect("a message at the form");
    assert!(message.contains("nothing was rescored"), "{message}");
    assert_eq!(snapshot(&app).await, before, "every result stays as it was");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM scoring_runs").await, runs, "no run");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'results.rescored'").await, audits, "no audit entry");
    // Mended, the rescore is one run over every attempt, with its audit entry.
    sqlx::query("UPDATE attempts SET plan = (SELECT plan FROM attempts b WHERE b.id <> $1 AND b.closed_at IS NOT NULL LIMIT 1) WHERE id = $1")
        .bind(&last)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let res = app.call(&hr, "/api/results/rescore", &[("position_id", position.as_str()), ("reason", "Key corrected")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM scoring_runs").await, runs + 1);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'results.rescored'").await, audits + 1);
    let in_run = app
        .count(&format!(
            "SELECT COUNT(DISTINCT r.run_id) AS n FROM results r JOIN attempts a ON a.id = r.attempt_id
             JOIN invitations i ON i.id = a.invitation_id WHERE i.position_id = '{position}'"
        ))
        .await;
    assert_eq!(in_run, 1, "all the position's results changed together");
}

/// Answers the two culture sections and opens the typing test; returns the passage.
async fn reach_typing(app: &TestApp, token: &str) -> String {
    start(app, token).await;
    for index in 0..2 {
        let page = section(app, token).await;
        assert_eq!(page.index, index);
        for item in &page.items {
            if let Some(value) = crate::screening::some_answer(item) {
                save(app, token, index, &item.id, &value).await;
            }
        }
        assert_eq!(finish_section(app, token, index).await.status(), StatusCode::OK);
    }
    let page = section(app, token).await;
    let Some(ItemBody::Typing { passage, .. }) = page.items.first().map(|i| i.body.clone()) else { panic!("{page:?}") };
    let res = app.call(&browser(), "/api/take/typing_start", &[("token", token), ("section", "2"), ("item", "0")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    passage
}

async fn typing_save(app: &TestApp, token: &str, text: &str, done: bool) -> reqwest::Response {
    let mut form = vec![("token", token), ("section", "2"), ("item", "0"), ("text", text)];
    if done {
        form.push(("done", "1"));
    }
    app.call(&browser(), "/api/take/typing_save", &form).await
}

#[tokio::test]
async fn a_forged_typing_save_earns_no_typing_score_and_is_flagged() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let token = invite(&app, &hr, &position, "Fay Forger", "fay.forger@mail.example", "100").await;
    let passage = reach_typing(&app, &token).await;
    // The whole passage (it is in the page) one second after Start, in one request.
    app.clock.advance(Duration::from_secs(1));
    assert_eq!(typing_save(&app, &token, &passage, true).await.status(), StatusCode::OK);
    let_time_run_out(&app).await;
    let hr = app.signed_in(HR).await;
    let fay = report(&app, &hr, "fay.forger@mail.example").await;
    let detail = fay.detail.clone().unwrap();
    let typing = detail.typing.clone().unwrap();
    assert_eq!(typing.trace.bursts, 1);
    assert!(typing.review.as_deref().is_some_and(|r| r.contains("Not credited")), "{typing:?}");
    let section = detail.sections.iter().find(|s| s.key == "typing").unwrap();
    assert_eq!(section.score, Some(0.0), "no passing typing score");
    let signals = fay.signals.unwrap();
    assert_eq!(signals.tier, app::attempt::integrity::Tier::Many);
    assert!(signals.signals.iter().any(|s| s.label.contains("faster than anyone")), "{signals:?}");
    // The report page shows the flag next to the decision.
    let page = app.get(&hr, &format!("/positions/{position}/candidates/{}", fay.invitation_id)).await.text().await.unwrap();
    assert!(page.contains("Typing faster than anyone types") && page.contains("Not credited, for review"), "{page}");
}

#[tokio::test]
async fn a_typing_test_stopped_after_a_few_words_is_measured_over_its_whole_time() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let token = invite(&app, &hr, &position, "Sam Short", "sam.short@mail.example", "100").await;
    let passage = reach_typing(&app, &token).await;
    // 37 characters typed at a human pace, then "I have finished typing".
    let typed: String = passage.chars().take(37).collect();
    for n in [8, 16, 24, 32, 37] {
        app.clock.advance(Duration::from_secs(1));
        let text: String = typed.chars().take(n).collect();
        assert_eq!(typing_save(&app, &token, &text, n == 37).await.status(), StatusCode::OK);
    }
    let_time_run_out(&app).await;
    let hr = app.signed_in(HR).await;
    let sam = report(&app, &hr, "sam.short@mail.example").await;
    let detail = sam.detail.unwrap();
    let typing = detail.typing.unwrap();
    assert_eq!((typing.typed_chars, typing.errors, typing.trace.bursts), (37, 0, 0));
    assert!((typing.minutes - 2.0).abs() < 1e-9, "over the test's two minutes: {}", typing.minutes);
    let score = detail.sections.iter().find(|s| s.key == "typing").unwrap().score.unwrap();
    assert!(score < 10.0, "37 characters in two minutes is 3.7 WPM, not full marks: {score}");
    assert!(sam.signals.unwrap().signals.iter().all(|s| !s.label.contains("Typing")), "an honest pace raises nothing");
}

#[tokio::test]
async fn signals_are_recorded_by_the_server_and_shown_before_the_decision() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let token = invite(&app, &hr, &position, "Tab Switcher", "tab.switcher@mail.example", "100").await;
    // The landing page says what is recorded.
    let landing = app.get(&browser(), &format!("/take/{token}")).await.text().await.unwrap();
    assert!(landing.contains("never as a verdict") && landing.contains("when you leave the page"), "{landing}");
    // Before the attempt starts there is nothing to record, and nothing fails.
    assert_eq!(app.call(&browser(), "/api/take/signal", &[("token", token.as_str()), ("kind", "paste")]).await.status(), StatusCode::OK);
    start(&app, &token).await;
    let signal = |kind: &'static str| {
        let (app, token) = (&app, token.clone());
        async move { app.call(&browser(), "/api/take/signal", &[("token", token.as_str()), ("kind", kind)]).await.status() }
    };
    assert_eq!(signal("paste").await, StatusCode::OK);
    assert_eq!(signal("hidden").await, StatusCode::OK);
    app.clock.advance(Duration::from_secs(40));
    assert_eq!(signal("visible").await, StatusCode::OK);
    assert_eq!(signal("reject-me").await, StatusCode::UNPROCESSABLE_ENTITY, "only known kinds");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM attempt_signals WHERE kind = 'reject-me'").await, 0);
    // The section, opened here, is sent from a second device.
    section(&app, &token).await;
    let phone = reqwest::Client::builder().user_agent("Phone/1.0").build().unwrap();
    let res = phone
        .post(app.url("/api/take/section"))
        .header("accept", "application/json")
        .form(&[("token", token.as_str()), ("section", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let r = report(&app, &hr, "tab.switcher@mail.example").await;
    let signals = r.signals.unwrap();
    let labels: Vec<&str> = signals.signals.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Paste attempts", "Left the page", "More than one device or address"], "{signals:?}");
    assert!(signals.signals[1].detail.contains("1 time, 40 s"), "{:?}", signals.signals[1]);
    assert_eq!(signals.tier, app::attempt::integrity::Tier::Many);
    // A candidate who did none of that has none, and the demo has one who did.
    let ana = report(&app, &hr, "ana.lopez@mail.example").await;
    assert_eq!(ana.signals.clone().unwrap().tier, app::attempt::integrity::Tier::None, "{:?}", ana.signals);
    let mei = report(&app, &hr, "mei.chen@mail.example").await;
    assert_ne!(mei.signals.unwrap().tier, app::attempt::integrity::Tier::None);
    // The analytics count attempts with signals by group, under the same small-group rule.
    let analyst = app.signed_in(ANALYST).await;
    let analytics: Analytics = app.call(&analyst, "/api/analytics/report", &[]).await.json().await.unwrap();
    assert!(analytics.impact.iter().all(|d| d.stages.iter().any(|s| s.stage == "Had integrity signals" && s.higher_is_worse)));
}

/// Grades Grace's waiting reply as `client`, with an optional regrade reason.
async fn grade_grace(app: &TestApp, client: &Client, levels: [&str; 4], reason: Option<&str>) -> reqwest::Response {
    let (attempt, item_ref) = {
        let r = sqlx::query(
            "SELECT an.attempt_id, an.item_ref FROM answers an JOIN attempts a ON a.id = an.attempt_id JOIN invitations i ON i.id = a.invitation_id
             JOIN candidates c ON c.id = i.candidate_id WHERE c.email = 'grace.mensah@mail.example' AND an.response LIKE '{\"text\":%'",
        )
        .fetch_one(app.state.db.reader())
        .await
        .unwrap();
        (r.text("attempt_id").unwrap(), r.text("item_ref").unwrap())
    };
    let mut form = vec![
        ("attempt_id", attempt.as_str()),
        ("item_ref", item_ref.as_str()),
        ("l[c_empathy]", levels[0]),
        ("l[c_solution]", levels[1]),
        ("l[c_accuracy]", levels[2]),
        ("l[c_clarity]", levels[3]),
        ("comment", ""),
    ];
    if let Some(reason) = reason {
        form.push(("reason", reason));
    }
    app.call(client, "/api/grading/submit", &form).await
}

#[tokio::test]
async fn a_grade_after_a_decision_is_a_recorded_regrade_and_marks_the_decision() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let trainer = app.signed_in(TRAINER).await;
    let priya = app.signed_in("priya@sunrise.example").await;
    assert_eq!(grade_grace(&app, &trainer, ["4", "4", "4", "4"], None).await.status(), StatusCode::OK);
    assert_eq!(grade_grace(&app, &priya, ["4", "4", "4", "4"], None).await.status(), StatusCode::OK);
    let grace = report(&app, &hr, "grace.mensah@mail.example").await;
    assert!(grace.complete);
    let res = app.call(&hr, "/api/results/decide", &[("invitation_id", grace.invitation_id.as_str()), ("decision", "hold"), ("reason", "Strong reply; waiting for the rest.")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert!(!report(&app, &hr, "grace.mensah@mail.example").await.decisions[0].evidence_changed);
    // The trainer, another HR user and an analyst try to add grades: each is refused.
    for client in [&trainer, &priya, &hr, &app.signed_in(ANALYST).await] {
        let res = grade_grace(&app, client, ["1", "1", "1", "1"], None).await;
        assert!(res.status() == StatusCode::CONFLICT || res.status() == StatusCode::UNPROCESSABLE_ENTITY, "{}", res.status());
    }
    let unchanged = report(&app, &hr, "grace.mensah@mail.example").await;
    assert_eq!(unchanged.skill, grace.skill, "the evidence under the decision stands");
    // Tom changes his own grade, with his reason: recorded, the old grade kept, the decision marked.
    let res = grade_grace(&app, &trainer, ["2", "2", "2", "2"], Some("Re-read it against the rubric: the date is wrong.")).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let after = report(&app, &hr, "grace.mensah@mail.example").await;
    assert_ne!(after.skill, grace.skill);
    assert!(after.decisions[0].evidence_changed, "{:?}", after.decisions[0]);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM grade_revisions").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'grading.regraded' AND reason = 'Re-read it against the rubric: the date is wrong.'").await,
        1
    );
    let page = app.get(&hr, &format!("/positions/{}/candidates/{}", after.position_id, after.invitation_id)).await.text().await.unwrap();
    assert!(page.contains("Evidence changed since the decision"));
}

#[tokio::test]
async fn only_the_positions_graders_see_its_replies() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    // A second trainer, who runs no cohort and grades nothing yet.
    sqlx::query(
        "INSERT INTO users (id, email, name, password_hash, must_change_password, created_at)
         SELECT 'other-trainer', 'other.trainer@sunrise.example', 'Olu Other', password_hash, 0, created_at FROM users WHERE email = $1",
    )
    .bind(TRAINER)
    .execute(app.state.db.writer())
    .await
    .unwrap();
    sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ('other-trainer', 'trainer', 0)").execute(app.state.db.writer()).await.unwrap();
    let other = app.signed_in("other.trainer@sunrise.example").await;
    let queue: Vec<app::grading::QueueItem> = app.call(&other, "/api/grading/queue", &[]).await.json().await.unwrap();
    assert!(queue.is_empty(), "not a grader of any position: {queue:?}");
    let hr_queue: Vec<app::grading::QueueItem> = app.call(&hr, "/api/grading/queue", &[]).await.json().await.unwrap();
    let item = hr_queue.first().expect("Grace's reply waits");
    let sheet = app.call(&other, "/api/grading/sheet", &[("attempt_id", item.attempt_id.as_str()), ("item_ref", item.item_ref.as_str())]).await;
    assert_eq!(sheet.status(), StatusCode::FORBIDDEN, "the reply itself is not readable");
    assert_eq!(grade_grace(&app, &other, ["4", "4", "4", "4"], None).await.status(), StatusCode::FORBIDDEN);
    // Named by HR, the trainer sees the position's replies; removed, no longer.
    let res = app.call(&hr, "/api/positions/name_grader", &[("position_id", position.as_str()), ("user_id", "other-trainer")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let graders: app::positions::graders::Graders = app.call(&hr, "/api/positions/graders", &[("position_id", position.as_str())]).await.json().await.unwrap();
    assert!(graders.named.iter().any(|g| g.name == "Olu Other") && graders.named.iter().any(|g| g.name == "Tom Becker"));
    let queue: Vec<app::grading::QueueItem> = app.call(&other, "/api/grading/queue", &[]).await.json().await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(app.call(&other, "/api/grading/sheet", &[("attempt_id", item.attempt_id.as_str()), ("item_ref", item.item_ref.as_str())]).await.status(), StatusCode::OK);
    // Only HR names graders.
    let trainer = app.signed_in(TRAINER).await;
    assert_eq!(app.call(&trainer, "/api/positions/name_grader", &[("position_id", position.as_str()), ("user_id", "other-trainer"), ("remove", "1")]).await.status(), StatusCode::FORBIDDEN);
    let res = app.call(&hr, "/api/positions/name_grader", &[("position_id", position.as_str()), ("user_id", "other-trainer"), ("remove", "1")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let queue: Vec<app::grading::QueueItem> = app.call(&other, "/api/grading/queue", &[]).await.json().await.unwrap();
    assert!(queue.is_empty());
    // Naming someone who is not a trainer is refused at the field.
    let e = error_of(app.call(&hr, "/api/positions/name_grader", &[("position_id", position.as_str()), ("user_id", "nobody")]).await).await;
    assert!(e.for_field("user_id").is_some());
}
