//! Screenings, part 2: scoring, blind grading with a second grader, rescoring, ranked results,
//! decisions and their history, and what a candidate may see.

use crate::helpers::*;
use crate::screening::{demo_position, save, section, start};
use app::db::RowExt;
use app::results::{Report, ResultsPage};
use reqwest::{Client, StatusCode};
use std::time::Duration;

pub async fn invitation_of(app: &TestApp, email: &str) -> String {
    sqlx::query("SELECT i.id FROM invitations i JOIN candidates c ON c.id = i.candidate_id WHERE c.email = $1")
        .bind(email)
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("id")
        .unwrap()
}

pub async fn report(app: &TestApp, hr: &Client, email: &str) -> Report {
    let id = invitation_of(app, email).await;
    let res = app.call(hr, "/api/results/report", &[("invitation_id", id.as_str())]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn results(app: &TestApp, hr: &Client, extra: &[(&str, &str)]) -> ResultsPage {
    let position = demo_position(app).await;
    let mut form = vec![("id", position.as_str())];
    form.extend_from_slice(extra);
    let res = app.call(hr, "/api/results/list", &form).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

#[tokio::test]
async fn submitted_and_expired_attempts_are_scored() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let scored = app
        .count(&format!(
            "SELECT COUNT(*) AS n FROM results r JOIN attempts a ON a.id = r.attempt_id
             JOIN invitations i ON i.id = a.invitation_id WHERE i.position_id = '{position}'"
        ))
        .await;
    assert_eq!(scored, 7, "6 submitted + 1 timed out");
    let ana = report(&app, &hr, "ana.lopez@mail.example").await;
    let mei = report(&app, &hr, "mei.chen@mail.example").await;
    assert!(ana.complete && ana.passed, "{ana:?}");
    assert!(ana.total.unwrap() > mei.total.unwrap());
    let detail = ana.detail.unwrap();
    assert_eq!(detail.values.len(), 10, "a score for every value");
    assert!(detail.values.iter().all(|v| v.mean.is_some_and(|m| (1.0..=5.0).contains(&m))), "{:?}", detail.values);
    let typing = detail.typing.unwrap();
    assert!(typing.net_wpm > 40.0 && typing.accuracy > 0.9, "{typing:?}");
    assert_eq!(detail.taken_versions, [1, 1]);
    // The Zappos rule: Liam's skills are excellent, his culture score is not, and he has not passed.
    let liam = report(&app, &hr, "liam.oconnor@mail.example").await;
    assert!(liam.skill.unwrap() > 80.0 && liam.attitude.unwrap() < 60.0, "{:?} {:?}", liam.attitude, liam.skill);
    assert!(!liam.passed && !liam.attitude_passed && liam.skill_passed);
    // The candidate who timed out is scored with what was saved.
    let sofia = report(&app, &hr, "sofia.rossi@mail.example").await;
    assert!(sofia.state == app::positions::CandidateState::TimedOut && sofia.detail.is_some());
    // She never reached the skill screening: not a skill score of 0, but not enough answers.
    assert!(sofia.skill.is_none() && sofia.skill_short && !sofia.skill_passed, "{:?}", sofia.skill);

    // A new attempt that runs out of time is closed and scored by the server.
    let token = {
        let position = demo_position(&app).await;
        crate::screening::invite(&app, &hr, &position, "Tim Out", "tim.out@mail.example", "100").await
    };
    start(&app, &token).await;
    let page = section(&app, &token).await;
    // The middle of the scale scores the same whether or not a statement is reverse-keyed.
    save(&app, &token, 0, &page.items[0].id, "3").await;
    save(&app, &token, 0, &page.items[1].id, "3").await;
    app.clock.advance(Duration::from_secs(3 * 60 * 60));
    app::attempt::flow::sweep_expired(&app.state).await.unwrap();
    assert!(app::scoring::engine::score_unscored(&app.state).await.unwrap().scored >= 1);
    let hr = app.signed_in(HR).await; // the earlier session went idle while time passed
    let tim = report(&app, &hr, "tim.out@mail.example").await;
    let statements = &tim.detail.unwrap().sections[0];
    assert_eq!(statements.answered, 2);
    // Two of twenty statements is not a scale: no score, and no pass without an override.
    assert!(statements.short && statements.score.is_none(), "{statements:?}");
    assert!(tim.attitude_short && tim.attitude.is_none() && !tim.attitude_passed && !tim.passed);
}

#[tokio::test]
async fn written_replies_are_graded_blind_with_an_optional_second_grader() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let trainer = app.signed_in(TRAINER).await;
    // Grace's reply is the one waiting; the queue never names her.
    let res = app.call(&trainer, "/api/grading/queue", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    let queue: Vec<app::grading::QueueItem> = serde_json::from_str(&body).unwrap();
    assert_eq!(queue.len(), 1, "{body}");
    assert!(!body.contains("Grace") && !body.contains("grace.mensah"), "blind: {body}");
    assert_eq!(app.call(&app.signed_in(ADMIN).await, "/api/grading/queue", &[]).await.status(), StatusCode::FORBIDDEN);
    let item = &queue[0];
    let sheet = app.call(&trainer, "/api/grading/sheet", &[("attempt_id", item.attempt_id.as_str()), ("item_ref", item.item_ref.as_str())]).await.text().await.unwrap();
    assert!(!sheet.contains("Grace") && sheet.contains("Dana"), "the sheet shows the task and the reply, not the person");
    let before = report(&app, &hr, "grace.mensah@mail.example").await;
    assert!(!before.complete && before.skill.is_none(), "waiting for a grade");

    // An incomplete grade is refused with a message, and nothing is stored.
    let partial = app
        .call(&trainer, "/api/grading/submit", &[("attempt_id", item.attempt_id.as_str()), ("item_ref", item.item_ref.as_str()), ("l[c_empathy]", "4"), ("comment", "")])
        .await;
    assert!(error_of(partial).await.for_field("levels").is_some());
    let grade = |client: Client, levels: [&'static str; 4]| {
        let (attempt, item_ref) = (item.attempt_id.clone(), item.item_ref.clone());
        let app = &app;
        async move {
            app.call(
                &client,
                "/api/grading/submit",
                &[
                    ("attempt_id", attempt.as_str()),
                    ("item_ref", item_ref.as_str()),
                    ("l[c_empathy]", levels[0]),
                    ("l[c_solution]", levels[1]),
                    ("l[c_accuracy]", levels[2]),
                    ("l[c_clarity]", levels[3]),
                    ("comment", "Clear and kind."),
                ],
            )
            .await
        }
    };
    assert_eq!(grade(trainer.clone(), ["4", "4", "4", "4"]).await.status(), StatusCode::OK);
    // A second grade from the same grader is a change of their grade, which needs a reason.
    let again = error_of(grade(trainer.clone(), ["1", "1", "1", "1"]).await).await;
    assert!(again.for_field("reason").is_some(), "{again:?}");
    // The demo position asks for two graders: one grade is not yet a result.
    let after = report(&app, &hr, "grace.mensah@mail.example").await;
    assert!(!after.complete);
    let written = &after.detail.as_ref().unwrap().written[0];
    assert_eq!((written.grades.len(), written.needs_grades), (1, 1));
    assert_eq!(written.grades[0].grader, "Tom Becker");
    let queue: Vec<app::grading::QueueItem> = app.call(&trainer, "/api/grading/queue", &[]).await.json().await.unwrap();
    assert!(queue.is_empty(), "Tom has graded it; the second grade is someone else's");
    let priya = app.signed_in("priya@sunrise.example").await;
    let for_priya: Vec<app::grading::QueueItem> = app.call(&priya, "/api/grading/queue", &[]).await.json().await.unwrap();
    assert!(for_priya.iter().any(|q| q.attempt_id == item.attempt_id && q.grades == 1), "Priya can give Grace's reply its second grade");
    let res = grade(priya.clone(), ["2", "4", "4", "4"]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let graded_twice = report(&app, &hr, "grace.mensah@mail.example").await;
    assert!(graded_twice.complete);
    let w = &graded_twice.detail.unwrap().written[0];
    assert_eq!(w.grades.len(), 2);
    assert!(w.disagreement, "4 and 2 on empathy are two levels apart");
    assert!((w.score.unwrap() - (100.0 + 100.0 * (2.0 * (1.0 / 3.0) + 3.0 + 2.0 + 1.0) / 8.0) / 2.0).abs() < 1e-6);
    // A third grade is refused with a message, and nothing changes.
    let third = grade(hr.clone(), ["1", "1", "1", "1"]).await;
    assert_eq!(third.status(), StatusCode::CONFLICT);
    assert!(third.text().await.unwrap().contains("already has the two grades it needs"));
    let still = report(&app, &hr, "grace.mensah@mail.example").await;
    assert_eq!(still.detail.unwrap().written[0].score, w.score);
}

#[tokio::test]
async fn rescoring_after_a_key_correction_is_recorded_and_named() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let skills = sqlx::query("SELECT id FROM screenings WHERE key = 'skills'").fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap();
    let file = app.get(&hr, &format!("/screenings/{skills}/export")).await.text().await.unwrap();
    // Correct the key: every choice option becomes correct, so every answered question scores.
    let mut corrected = String::new();
    for line in file.lines() {
        if line.trim() == "correct = true" || line.trim().starts_with("multiple =") {
            continue;
        }
        corrected.push_str(line);
        corrected.push('\n');
        if line.starts_with("type = \"choice\"") {
            corrected.push_str("multiple = true\n");
        }
        if line.starts_with("  text = ") {
            corrected.push_str("  correct = true\n");
        }
    }
    let res = app.call(&hr, "/api/screenings/save", &[("id", skills.as_str()), ("definition", corrected.as_str())]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let mei_before = report(&app, &hr, "mei.chen@mail.example").await;
    let position = demo_position(&app).await;
    let refused = app.call(&hr, "/api/results/rescore", &[("position_id", position.as_str()), ("reason", "")]).await;
    assert!(error_of(refused).await.for_field("reason").is_some());
    let res = app.call(&hr, "/api/results/rescore", &[("position_id", position.as_str()), ("reason", "Question keys corrected after review")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mei = report(&app, &hr, "mei.chen@mail.example").await;
    let detail = mei.detail.as_ref().unwrap();
    assert_eq!(detail.taken_versions, [1, 1]);
    assert_eq!(detail.key_versions, [1, 2], "scored with the corrected skills key");
    assert_eq!(mei.run.as_ref().unwrap().kind, "rescore");
    assert_eq!(mei.run.as_ref().unwrap().reason.as_deref(), Some("Question keys corrected after review"));
    assert_ne!(mei.skill.unwrap(), mei_before.skill.unwrap(), "the corrected key changes her score");
    assert_eq!(mei.earlier_results.len(), 1, "the earlier result is kept");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'results.rescored'").await, 1);
}

#[tokio::test]
async fn decisions_need_a_pass_or_a_recorded_override_and_are_never_edited() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let liam = invitation_of(&app, "liam.oconnor@mail.example").await;
    let recorded_before = app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('hiring.decided', 'hiring.gate_overridden')").await;
    // Liam was rejected in the demo; hiring him is refused while his culture gate is failed.
    let res = app.call(&hr, "/api/results/decide", &[("invitation_id", liam.as_str()), ("decision", "hire"), ("reason", "Great skills")]).await;
    let e = error_of(res).await;
    assert!(e.for_field("decision").unwrap().contains("Override a gate"), "{e:?}");
    // A decision needs a reason.
    let res = app.call(&hr, "/api/results/decide", &[("invitation_id", liam.as_str()), ("decision", "hold"), ("reason", " ")]).await;
    assert!(error_of(res).await.for_field("reason").is_some());
    // An override needs a real reason, and then counts.
    let res = app.call(&hr, "/api/results/override", &[("invitation_id", liam.as_str()), ("gate", "attitude"), ("reason", "short")]).await;
    assert!(error_of(res).await.for_field("reason").is_some());
    let res = app
        .call(&hr, "/api/results/override", &[("invitation_id", liam.as_str()), ("gate", "attitude"), ("reason", "Interview showed the scenarios were misread; references confirm a customer-first attitude.")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.call(&hr, "/api/results/decide", &[("invitation_id", liam.as_str()), ("decision", "hire"), ("reason", "Hired after the override; see its reason.")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let r = report(&app, &hr, "liam.oconnor@mail.example").await;
    assert!(r.passed);
    let history: Vec<_> = r.decisions.iter().map(|d| d.decision.as_str()).collect();
    assert_eq!(history, ["hire", "reject"], "newest first; the earlier decision stays");
    assert_eq!(r.decisions[0].by, "Daniel Reyes");
    assert_eq!(r.overrides.len(), 1);
    let recorded = app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('hiring.decided', 'hiring.gate_overridden')").await;
    assert_eq!(recorded, recorded_before + 2, "the override and the new decision");
    // The records cannot be changed, even directly in the database.
    assert!(sqlx::query("UPDATE hiring_decisions SET decision = 'reject'").execute(app.state.db.writer()).await.is_err());
    assert!(sqlx::query("DELETE FROM hiring_decisions").execute(app.state.db.writer()).await.is_err());
    assert!(sqlx::query("DELETE FROM gate_overrides").execute(app.state.db.writer()).await.is_err());
}

#[tokio::test]
async fn the_ranked_table_sorts_and_filters() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let all = results(&app, &hr, &[]).await;
    assert_eq!(all.matching, 7);
    let totals: Vec<f64> = all.rows.iter().filter_map(|r| r.total).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "ranked by total, highest first: {totals:?}");
    assert!(all.rows.last().unwrap().total.is_none(), "awaiting grading sorts last");
    let top = &all.rows[0];
    assert!(top.percentile.unwrap() > 50.0);
    let by_name = results(&app, &hr, &[("query[sort]", "name"), ("query[dir]", "asc")]).await;
    let names: Vec<_> = by_name.rows.iter().map(|r| r.name.clone()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    let failed_attitude = results(&app, &hr, &[("query[gates]", "failed-attitude")]).await;
    assert!(failed_attitude.rows.iter().any(|r| r.name == "Liam O'Connor"));
    assert!(failed_attitude.rows.iter().all(|r| !r.attitude_passed));
    let grading = results(&app, &hr, &[("query[status]", "grading")]).await;
    assert_eq!(grading.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Grace Mensah"]);
    let hired = results(&app, &hr, &[("query[decision]", "hire")]).await;
    assert_eq!(hired.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Ana López"]);
    // The page renders, and other roles are refused.
    let position = demo_position(&app).await;
    let html = app.get(&hr, &format!("/positions/{position}/results?sort=skill&dir=desc")).await.page().await;
    assert!(html.contains("Liam O&#x27;Connor") || html.contains("Liam O'Connor"));
    assert_eq!(app.get(&app.signed_in(TRAINER).await, &format!("/positions/{position}/results")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.call(&app.signed_in(TRAINER).await, "/api/results/list", &[("id", position.as_str())]).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_candidate_sees_their_own_status_and_scores_only_when_allowed() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let token_of = |email: &'static str| {
        let app = &app;
        async move {
            let link = sqlx::query("SELECT link FROM outbox WHERE to_email = $1").bind(email).fetch_one(app.state.db.reader()).await.unwrap().text("link").unwrap();
            link.rsplit('/').next().unwrap().to_string()
        }
    };
    let ana = token_of("ana.lopez@mail.example").await;
    let mei = token_of("mei.chen@mail.example").await;
    let landing = |token: String| {
        let app = &app;
        async move {
            let body = app.call(&browser(), "/api/take/landing", &[("token", token.as_str())]).await.text().await.unwrap();
            let parsed: app::attempt::types::Landing = serde_json::from_str(&body).unwrap();
            (parsed, body)
        }
    };
    let (a, _) = landing(ana.clone()).await;
    let outcome = a.outcome.unwrap();
    assert_eq!(outcome.headline, "Good news");
    assert!(outcome.result.is_none(), "scores are hidden unless HR allows it");
    let (m, _) = landing(mei.clone()).await;
    assert_eq!(m.outcome.unwrap().headline, "Your answers are with the hiring team");

    let position = demo_position(&app).await;
    app.call(&hr, "/api/results/scoring_settings", &[
        ("position_id", position.as_str()), ("gate_rule", "both"), ("attitude_pass", "60"), ("skill_pass", "50"),
        ("attitude_weight", "1"), ("skill_weight", "1"), ("total_pass", "55"), ("show_results", "on"),
    ]).await;
    let (m, body) = landing(mei).await;
    let own = m.outcome.unwrap().result.unwrap();
    let mei_report = report(&app, &hr, "mei.chen@mail.example").await;
    assert!((own.attitude - mei_report.attitude.unwrap()).abs() < 1e-9);
    assert_eq!(own.values.len(), 10);
    assert!(!body.contains("Ana") && !body.contains("ana.lopez"), "nothing of anyone else");
    assert!(!body.contains("grader") && !body.contains("Priya"), "no grading details");
    let page = app.get(&browser(), &format!("/take/{ana}/done")).await.page().await;
    assert!(page.contains("Good news") && page.contains("Your scores"));
    // Opening the invitation link again shows the same, not a generic "submitted".
    let landing = app.get(&browser(), &format!("/take/{ana}")).await.page().await;
    assert!(landing.contains("Good news") && !landing.contains("You have submitted this screening"), "{landing}");
}
