//! Training: programme versions, cohorts, enrolment with trainee accounts, the weekly grid with
//! its history, closing weeks and corrections, progress and at-risk flags, and what a trainee
//! and a trainer may see.

use crate::helpers::*;
use crate::screening::demo_position;
use app::db::RowExt;
use app::training::{CohortDetail, CohortSummary, TraineeDetail};
use app::training::WeekGrid;
use app::training::TrainingRecord;
use app::training::progress::{Flag, Status};
use reqwest::{Client, StatusCode};

async fn cohort_id(app: &TestApp, name: &str) -> String {
    sqlx::query("SELECT id FROM cohorts WHERE name = $1").bind(name).fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap()
}

async fn programme_id(app: &TestApp) -> String {
    sqlx::query("SELECT id FROM programmes WHERE key = 'loyalty-foundations'").fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap()
}

async fn cohort(app: &TestApp, who: &Client, id: &str) -> CohortDetail {
    let res = app.call(who, "/api/cohorts/get", &[("id", id)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn week(app: &TestApp, who: &Client, id: &str, week: usize) -> WeekGrid {
    let res = app.call(who, "/api/training/week", &[("cohort_id", id), ("week", &week.to_string())]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn save_cell(app: &TestApp, who: &Client, cohort: &str, week: usize, trainee: &str, field: &str, value: &str) -> reqwest::Response {
    app.call(
        who,
        "/api/training/save_cell",
        &[("cohort_id", cohort), ("week", &week.to_string()), ("trainee_id", trainee), ("field", field), ("value", value)],
    )
    .await
}

fn row<'a>(grid: &'a WeekGrid, name: &str) -> &'a app::training::GridRow {
    grid.rows.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("{name} is in the grid"))
}

#[tokio::test]
async fn the_demo_cohort_shows_who_needs_attention_and_why() {
    let app = spawn_app().await;
    let tom = app.signed_in(TRAINER).await;
    let id = cohort_id(&app, "October cohort").await;
    let detail = cohort(&app, &tom, &id).await;
    assert_eq!(detail.summary.current_week, 3);
    assert_eq!(detail.weeks.iter().filter(|w| w.closed).count(), 2, "weeks 1 and 2 are closed");
    let status = |name: &str| detail.trainees.iter().find(|t| t.name == name).unwrap().progress.clone();
    assert_eq!(status("Carmen Ortiz").status, Status::OnTrack);
    assert_eq!(status("Yuki Tanaka").status, Status::OnTrack);
    let hannah = status("Hannah Schmidt");
    assert_eq!(hannah.status, Status::AtRisk);
    assert_eq!(hannah.flags, vec![Flag::FallingTrend { scores: [5.0, 4.0, 3.0] }]);
    let diego = status("Diego Fernández");
    assert_eq!(diego.status, Status::AtRisk);
    assert!(matches!(diego.flags[0], Flag::Attendance { rate, .. } if rate < 0.9), "{:?}", diego.flags);
    let priyanka = status("Priyanka Sharma");
    assert_eq!(priyanka.status, Status::Failing);
    assert!(priyanka.flags.iter().any(|f| matches!(f, Flag::PassUnreachable { what, .. } if what == "Product and policy knowledge")));
    assert_eq!(status("Ben Carter").status, Status::Left);
    assert_eq!(detail.summary.trainees, 7, "Ben left");
    assert_eq!(detail.summary.at_risk, 3);
    // Weekly averages per competency: product in week 1 averages the seven still here.
    let product = detail.averages.iter().find(|a| a.name == "Product and policy knowledge").unwrap();
    assert!(product.per_week[0].is_some() && product.per_week[2].is_none(), "{product:?}");

    // The page says the same, with a trend line per trainee that has a text alternative.
    let html = app.get(&tom, &format!("/cohorts/{id}")).await.page().await;
    assert!(html.contains("Week scores fell two weeks running (5.0 → 4.0 → 3.0)"), "the reason is shown");
    assert!(html.contains("role=\"img\"") && html.contains("Week scores of Hannah Schmidt, 1 to 5: week 1: 5.0, week 2: 4.0, week 3: 3.0"));
    assert!(html.contains("The pass is out of reach"));
}

#[tokio::test]
async fn trainers_see_and_grade_only_their_own_cohorts() {
    let app = spawn_app().await;
    let priya = app.signed_in("priya@sunrise.example").await;
    let tom = app.signed_in(TRAINER).await;
    let january = cohort_id(&app, "January cohort").await;
    let october = cohort_id(&app, "October cohort").await;
    // Priya is HR too, so she sees every cohort; a trainer without HR sees only theirs.
    let admin = app.signed_in(ADMIN).await;
    let res = app.call(&admin, "/api/admin/set_roles", &[("user_id", &user_id(&app, "priya@sunrise.example").await), ("role_trainer", "on")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let priya_list: Vec<CohortSummary> = app.call(&priya, "/api/cohorts/list", &[]).await.json().await.unwrap();
    assert_eq!(priya_list.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["October cohort", "August cohort"]);
    let tom_list: Vec<CohortSummary> = app.call(&tom, "/api/cohorts/list", &[]).await.json().await.unwrap();
    assert_eq!(tom_list.len(), 3, "October, January and August");
    // Someone else's cohort looks like no cohort at all, for reading and for writing.
    let res = app.call(&priya, "/api/cohorts/get", &[("id", january.as_str())]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.call(&priya, "/api/training/week", &[("cohort_id", january.as_str()), ("week", "1")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let grid = week(&app, &tom, &october, 3).await;
    let carmen = row(&grid, "Carmen Ortiz").trainee_id.clone();
    let res = save_cell(&app, &priya, &january, 1, &carmen, "g~values", "4").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Tom's page for the January cohort works, and says nobody is enrolled yet.
    let html = app.get(&tom, &format!("/cohorts/{january}/weeks/1")).await.page().await;
    assert!(html.contains("Nobody is enrolled in this cohort yet."));
}

async fn user_id(app: &TestApp, email: &str) -> String {
    sqlx::query("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap()
}

#[tokio::test]
async fn grades_are_saved_as_entered_with_their_history_and_bad_cells_change_nothing() {
    let app = spawn_app().await;
    let tom = app.signed_in(TRAINER).await;
    let id = cohort_id(&app, "October cohort").await;
    let grid = week(&app, &tom, &id, 3).await;
    assert_eq!(grid.competencies.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(), ["listening", "ownership", "values"]);
    let carmen = row(&grid, "Carmen Ortiz");
    assert_eq!(carmen.grades, vec![Some(4), None, Some(4)], "ownership is not graded yet");
    let carmen = carmen.trainee_id.clone();
    let history = || app.count("SELECT COUNT(*) AS n FROM grade_history");
    let before = history().await;

    let res = save_cell(&app, &tom, &id, 3, &carmen, "g~ownership", "4").await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let res = save_cell(&app, &tom, &id, 3, &carmen, "g~ownership", "5").await;
    assert_eq!(res.status(), StatusCode::OK);
    // The same value again is not a change.
    save_cell(&app, &tom, &id, 3, &carmen, "g~ownership", "5").await;
    assert_eq!(history().await, before + 2);
    let last = sqlx::query("SELECT old_level, new_level, correction FROM grade_history WHERE trainee_id = $1 AND competency = 'ownership' ORDER BY changed_at DESC, id DESC")
        .bind(&carmen)
        .fetch_all(app.state.db.reader())
        .await
        .unwrap();
    assert_eq!(last[0].opt_int("old_level").unwrap(), Some(4));
    assert_eq!(last[0].opt_int("new_level").unwrap(), Some(5));
    assert_eq!(last[1].opt_int("old_level").unwrap(), None);

    // Bad cells are refused next to their field and change nothing.
    for (field, value, named) in [
        ("g~ownership", "7", "value"),
        ("g~ownership", "three", "value"),
        ("g~product", "3", "field"),
        ("a~2", "present", "field"),
        ("a~12", "asleep", "value"),
        ("bogus", "1", "field"),
    ] {
        let res = save_cell(&app, &tom, &id, 3, &carmen, field, value).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        assert!(error_of(res).await.for_field(named).is_some(), "{field}={value} is reported at {named}");
    }
    let res = save_cell(&app, &tom, &id, 9, &carmen, "g~ownership", "3").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(history().await, before + 2);
    let grid = week(&app, &tom, &id, 3).await;
    assert_eq!(row(&grid, "Carmen Ortiz").grades, vec![Some(4), Some(5), Some(4)]);

    // Attendance and notes; clearing a grade is a change too.
    let today = grid.days.iter().map(|(d, _)| *d).max().unwrap();
    assert_eq!(save_cell(&app, &tom, &id, 3, &carmen, &format!("a~{today}"), "late").await.status(), StatusCode::OK);
    assert_eq!(save_cell(&app, &tom, &id, 3, &carmen, "note", "Handled the angry-caller role-play calmly.").await.status(), StatusCode::OK);
    assert_eq!(save_cell(&app, &tom, &id, 3, &carmen, "g~ownership", "").await.status(), StatusCode::OK);
    let grid = week(&app, &tom, &id, 3).await;
    let carmen_row = row(&grid, "Carmen Ortiz");
    assert_eq!(carmen_row.grades[1], None);
    assert_eq!(carmen_row.marks.last().copied().flatten(), Some(app::training::progress::Mark::Late));
    assert_eq!(carmen_row.note, "Handled the angry-caller role-play calmly.");
    // A trainee who left cannot be graded.
    let ben = row(&grid, "Ben Carter").trainee_id.clone();
    let res = save_cell(&app, &tom, &id, 3, &ben, "g~values", "3").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_grid_posted_without_javascript_saves_every_cell() {
    let app = spawn_app().await;
    let tom = app.signed_in(TRAINER).await;
    let id = cohort_id(&app, "October cohort").await;
    let grid = week(&app, &tom, &id, 3).await;
    let mut form: Vec<(String, String)> = vec![("cohort_id".into(), id.clone()), ("week".into(), "3".into())];
    for r in grid.rows.iter().filter(|r| !r.left) {
        form.push((format!("cells[t{}~g~ownership]", r.trainee_id), "3".into()));
        form.push((format!("cells[t{}~note]", r.trainee_id), format!("Note for {}", r.name)));
    }
    let res = tom
        .post(app.url("/api/training/save_week"))
        .header("accept", "text/html")
        .header("referer", app.url(&format!("/cohorts/{id}/weeks/3")))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], format!("/cohorts/{id}/weeks/3?saved=14"));
    let grid = week(&app, &tom, &id, 3).await;
    assert!(grid.rows.iter().filter(|r| !r.left).all(|r| r.grades[1] == Some(3) && r.note.starts_with("Note for")));
    assert_eq!(grid.missing, 0);
}

#[tokio::test]
async fn a_closed_week_changes_only_by_a_correction_with_a_reason() {
    let app = spawn_app().await;
    let tom = app.signed_in(TRAINER).await;
    let id = cohort_id(&app, "October cohort").await;
    let grid = week(&app, &tom, &id, 2).await;
    assert!(grid.closed.as_deref().unwrap().starts_with("Closed by Tom Becker"));
    let kwame = row(&grid, "Kwame Asante").trainee_id.clone();
    let res = save_cell(&app, &tom, &id, 2, &kwame, "g~tools", "2").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(error_of(res).await.to_string().contains("Week 2 is closed"));
    // A correction needs a reason.
    let correct = |value: &'static str, reason: &'static str| {
        let (id, kwame) = (id.clone(), kwame.clone());
        let tom = tom.clone();
        let app = &app;
        async move {
            app.call(&tom, "/api/training/correct", &[
                ("cohort_id", id.as_str()), ("week", "2"), ("trainee_id", kwame.as_str()), ("field", "g~tools"), ("value", value), ("reason", reason),
            ])
            .await
        }
    };
    let res = correct("2", " ").await;
    assert!(error_of(res).await.for_field("reason").is_some());
    let res = correct("2", "Misread the rubric for the refunds exercise.").await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let fix = sqlx::query("SELECT old_level, new_level, correction, reason FROM grade_history WHERE trainee_id = $1 AND week = 2 AND competency = 'tools' ORDER BY changed_at DESC, id DESC")
        .bind(&kwame)
        .fetch_one(app.state.db.reader())
        .await
        .unwrap();
    assert_eq!((fix.opt_int("old_level").unwrap(), fix.opt_int("new_level").unwrap()), (Some(4), Some(2)));
    assert!(fix.flag("correction").unwrap());
    assert_eq!(fix.opt_text("reason").unwrap().as_deref(), Some("Misread the rubric for the refunds exercise."));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'training.corrected' AND reason LIKE 'Misread%'").await, 1);
    // The trainee's page shows it as a correction, with who and why.
    let detail: TraineeDetail = app.call(&tom, "/api/cohorts/trainee", &[("id", kwame.as_str())]).await.json().await.unwrap();
    let change = &detail.changes[0];
    assert!(change.correction && change.by == "Tom Becker" && change.old == Some(4) && change.new == Some(2));
    // The same value again is refused: nothing to correct.
    let res = correct("2", "Misread the rubric for the refunds exercise.").await;
    assert!(error_of(res).await.for_field("value").is_some());
    // History cannot be rewritten, even directly in the database.
    assert!(sqlx::query("UPDATE grade_history SET new_level = 5").execute(app.state.db.writer()).await.is_err());
    assert!(sqlx::query("DELETE FROM grade_history").execute(app.state.db.writer()).await.is_err());

    // Closing: a week not yet started cannot be closed; the current one can, once.
    let res = app.call(&tom, "/api/training/close_week", &[("cohort_id", id.as_str()), ("week", "4")]).await;
    assert!(error_of(res).await.for_field("week").is_some());
    let res = app.call(&tom, "/api/training/close_week", &[("cohort_id", id.as_str()), ("week", "3")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.call(&tom, "/api/training/close_week", &[("cohort_id", id.as_str()), ("week", "3")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_programme_in_use_is_frozen_and_edits_make_a_new_version() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let id = programme_id(&app).await;
    let text = app::demo::FOUNDATIONS.replace("pass_overall = 3.0", "pass_overall = 3.2");
    let res = app.call(&hr, "/api/programmes/save", &[("id", id.as_str()), ("definition", text.as_str())]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM programme_versions").await, 2, "the cohorts keep version 1");
    let tom = app.signed_in(TRAINER).await;
    let october = cohort(&app, &tom, &cohort_id(&app, "October cohort").await).await;
    assert_eq!(october.version, 1);
    assert_eq!(october.view.pass_overall, 3.0);
    // Version 2 is not run by anyone yet, so saving again changes it in place.
    let again = text.replace("attendance_expected = 90", "attendance_expected = 85");
    app.call(&hr, "/api/programmes/save", &[("id", id.as_str()), ("definition", again.as_str())]).await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM programme_versions").await, 2);
    // A bad file is refused with every problem and where it is; nothing changes.
    let bad = again.replace("weight = 3", "weight = 30").replace(r#"competencies = ["calls", "ownership", "tools"]"#, r#"competencies = ["calls", "typing"]"#);
    let res = app.call(&hr, "/api/programmes/save", &[("id", id.as_str()), ("definition", bad.as_str())]).await;
    let message = error_of(res).await.for_field("definition").unwrap();
    assert!(message.contains("competency 'calls': weight") && message.contains("week 4: 'typing' is not one of the programme's competencies."), "{message}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM programme_versions").await, 2);
    // A new file imports as a new programme; the export is the stored file.
    let new = app::training::definition::TEMPLATE.replace("new-programme", "night-shift");
    let res = app.call(&hr, "/api/programmes/import", &[("definition", new.as_str())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let night = sqlx::query("SELECT id FROM programmes WHERE key = 'night-shift'").fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap();
    let file = app.get(&hr, &format!("/programmes/{night}/export")).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.text().await.unwrap(), new);
    let res = app.get(&tom, &format!("/programmes/{night}/export")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn hr_creates_a_cohort_and_enrols_hired_candidates_who_then_sign_in() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let programme = programme_id(&app).await;
    let tom_id = user_id(&app, TRAINER).await;
    let daniel_id = user_id(&app, HR).await;
    let cohorts_before = app.count("SELECT COUNT(*) AS n FROM cohorts").await;
    // Bad input is refused next to the field and creates nothing.
    let (tom_box, daniel_box) = (format!("trainer[u{tom_id}]"), format!("trainer[u{daniel_id}]"));
    let p = programme.as_str();
    for (form, field) in [
        (vec![("name", " "), ("programme", p), ("start_date", "2027-01-04"), (tom_box.as_str(), "on")], "name"),
        (vec![("name", "Spring"), ("programme", p), ("start_date", "4 January"), (tom_box.as_str(), "on")], "start_date"),
        (vec![("name", "Spring"), ("programme", "nope"), ("start_date", "2027-01-04"), (tom_box.as_str(), "on")], "programme"),
        (vec![("name", "Spring"), ("programme", p), ("start_date", "2027-01-04")], "trainers"),
        (vec![("name", "Spring"), ("programme", p), ("start_date", "2027-01-04"), (daniel_box.as_str(), "on")], "trainers"),
    ] {
        let res = app.call(&hr, "/api/cohorts/create", &form).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(error_of(res).await.for_field(field).is_some(), "{field}");
    }
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM cohorts").await, cohorts_before);
    let key = format!("trainer[u{tom_id}]");
    let res = app
        .call(&hr, "/api/cohorts/create", &[("name", "Spring cohort"), ("programme", programme.as_str()), ("start_date", "2027-03-01"), (key.as_str(), "on")])
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM cohorts").await, cohorts_before + 1);
    let spring = cohort_id(&app, "Spring cohort").await;

    // Ana was hired from the demo position and is not in a cohort yet.
    let position = demo_position(&app).await;
    let choices: app::training::EnrolOptions = app.call(&hr, "/api/cohorts/enrol_choices", &[("position_id", position.as_str())]).await.json().await.unwrap();
    assert_eq!(choices.hired.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(), ["Ana López"]);
    assert!(choices.cohorts.iter().any(|(id, _, _)| *id == spring));
    let ana = &choices.hired[0].invitation_id;
    // Someone not hired cannot be enrolled, and the whole request changes nothing.
    let joon = sqlx::query("SELECT i.id FROM invitations i JOIN candidates c ON c.id = i.candidate_id WHERE c.email = 'joon.kim@mail.example'")
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("id")
        .unwrap();
    let (pick_ana, pick_joon) = (format!("pick[i{ana}]"), format!("pick[i{joon}]"));
    let res = app
        .call(&hr, "/api/cohorts/enrol", &[("position_id", position.as_str()), ("cohort_id", spring.as_str()), (pick_ana.as_str(), "on"), (pick_joon.as_str(), "on")])
        .await;
    assert!(error_of(res).await.for_field("pick").is_some());
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM users WHERE email = 'ana.lopez@mail.example'").await, 0);
    let res = app.call(&hr, "/api/cohorts/enrol", &[("position_id", position.as_str()), ("cohort_id", spring.as_str()), (pick_ana.as_str(), "on")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    // Enrolled once only.
    let res = app.call(&hr, "/api/cohorts/enrol", &[("position_id", position.as_str()), ("cohort_id", spring.as_str()), (pick_ana.as_str(), "on")]).await;
    assert!(error_of(res).await.for_field("pick").is_some());
    let trainee = sqlx::query("SELECT t.invitation_id, t.cohort_id FROM trainees t JOIN users u ON u.id = t.user_id WHERE u.email = 'ana.lopez@mail.example'")
        .fetch_one(app.state.db.reader())
        .await
        .unwrap();
    assert_eq!(&trainee.text("invitation_id").unwrap(), ana, "the trainee keeps the screening that got them hired");

    // Her welcome email has a link to set a password; then she signs in and sees her training.
    let link = sqlx::query("SELECT link FROM outbox WHERE to_email = 'ana.lopez@mail.example' AND subject LIKE 'Welcome%'")
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("link")
        .unwrap();
    let token = link.rsplit('/').next().unwrap();
    let ana_client = browser();
    let password = "violet-canyon-lantern-42";
    let res = app.call(&ana_client, "/api/auth/set_password", &[("token", token), ("password", password), ("confirm", password)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let mine: TrainingRecord = app.call(&ana_client, "/api/me/training", &[]).await.json().await.unwrap();
    assert_eq!(mine.cohort, "Spring cohort");
    assert!(mine.phase.starts_with("Training starts"));
    assert_eq!(mine.ahead.as_ref().unwrap().0.number, 1);
    // A trainee reaches nothing of the staff's.
    for path in ["/api/cohorts/list", "/api/cohorts/get", "/api/training/week", "/api/results/list", "/api/grading/queue"] {
        assert_eq!(app.call(&ana_client, path, &[("id", spring.as_str())]).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let html = app.get(&ana_client, "/").await.page().await;
    assert!(html.contains("Your training") && html.contains("My training"));
}

#[tokio::test]
async fn a_trainee_sees_only_their_own_closed_weeks() {
    let app = spawn_app().await;
    let carmen = app.signed_in(TRAINEE).await;
    let mine: TrainingRecord = app.call(&carmen, "/api/me/training", &[]).await.json().await.unwrap();
    assert_eq!(mine.name, "Carmen Ortiz");
    assert_eq!(mine.weeks.iter().map(|w| w.number).collect::<Vec<_>>(), [1, 2], "week 3 is still open");
    assert_eq!(mine.open_week, Some(3));
    assert!(mine.weeks[0].note.as_deref().unwrap().contains("slowing down"), "the trainer's note is shown");
    assert_eq!(mine.ahead.as_ref().unwrap().0.number, 3);
    let html = app.get(&carmen, "/my-training").await.page().await;
    assert!(html.contains("Carmen Ortiz") || html.contains("My training"));
    for other in ["Hannah Schmidt", "Priyanka Sharma", "Diego"] {
        assert!(!html.contains(other), "{other} is not on Carmen's page");
    }
    // Staff pages are closed to her.
    let res = app.get(&carmen, "/cohorts").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
