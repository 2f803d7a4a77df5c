//! An audit log that misses nothing. Every server function in the access table is either called
//! here once, successfully, by someone allowed to, and must leave a new audit entry naming its
//! action; or it is listed as read-only; or it is excluded with the reason. A server function
//! added to the table and none of these fails the test, so a new mutation cannot slip through.
//! Also: the CSV follows the page's order and filters, and a reversed date range is an error
//! next to the date field, on the page and for the CSV.

use crate::helpers::*;
use crate::screening::{demo_position, invite, step};
use app::admin::staff::{Credential, Issued};
use app::auth::policy::POLICY;
use app::db::RowExt;
use reqwest::{Client, StatusCode};
use std::collections::BTreeSet;

/// Server functions that change nothing.
const READ_ONLY: &[&str] = &[
    "/api/auth/password_link",
    "/api/dashboard/summary",
    "/api/admin/list_staff",
    "/api/admin/get_staff",
    "/api/admin/audit_log",
    "/api/org/settings",
    "/api/screenings/list",
    "/api/screenings/get",
    "/api/values/list",
    "/api/positions/list",
    "/api/positions/get",
    "/api/positions/screening_choices",
    "/api/positions/graders",
    "/api/outbox/list",
    "/api/grading/queue",
    "/api/grading/sheet",
    "/api/results/list",
    "/api/results/report",
    "/api/programmes/list",
    "/api/programmes/get",
    "/api/cohorts/list",
    "/api/cohorts/choices",
    "/api/cohorts/get",
    "/api/cohorts/trainee",
    "/api/cohorts/enrol_choices",
    "/api/training/week",
    "/api/me/training",
    // These two may record a passed Offer deadline first; that sweep writes its own entries.
    "/api/offers/page",
    "/api/offer/mine",
    "/api/offers/trainee",
    "/api/offers/board",
    "/api/analytics/report",
    "/api/take/landing",
];

/// Server functions that change something but are not an entry in the audit log, and why.
const NOT_AUDITED: &[(&str, &str)] = &[
    ("/api/auth/sign_in", "a sign-in starts a session, which keeps when and from where; failed tries are counted by the throttle in their own table"),
    ("/api/auth/sign_out", "ends the caller's own session; nothing of the product changes"),
    ("/api/take/now", "opens the section the candidate is shown (its clock) and moves past sections whose time is up: the attempt's own timeline"),
    ("/api/take/save", "a candidate's per-keystroke autosave of one answer; the answers table keeps it with its edit number"),
    ("/api/take/section", "a candidate's answers posted with a section's form and moving on; the attempt's sections keep when each closed"),
    ("/api/take/typing_start", "starts the typing test's clock inside the candidate's attempt"),
    ("/api/take/typing_save", "the typing test's text, saved as it is typed"),
    ("/api/take/signal", "what the candidate's browser noticed (a paste, the page hidden); kept as integrity signals in their own table"),
    ("/api/offers/preview", "keeps HR's own draft of an Offer to preview; nothing is sent and nobody else sees it, and making the Offer is audited"),
    ("/api/take/self_identify", "voluntary equal-opportunity answers, kept apart from the candidate on purpose; an entry naming them would link the two"),
];

/// Calls server functions and checks each leaves a new audit entry naming its action.
struct Ledger<'a> {
    app: &'a TestApp,
    exercised: BTreeSet<&'static str>,
    failures: Vec<String>,
}

impl<'a> Ledger<'a> {
    fn new(app: &'a TestApp) -> Self {
        Ledger { app, exercised: BTreeSet::new(), failures: Vec::new() }
    }

    async fn last_id(&self) -> i64 {
        self.app.count("SELECT COALESCE(MAX(id), 0) AS n FROM audit_log").await
    }

    /// Calls `path` with `form`; it must succeed and write an entry with `action`. Returns the
    /// response's body.
    async fn call(&mut self, who: &Client, path: &'static str, form: &[(&str, &str)], action: &str) -> String {
        let before = self.last_id().await;
        let res = self.app.call(who, path, form).await;
        let status = res.status();
        let body = res.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "{path} did not succeed, so it could not be checked: {body}");
        self.exercised.insert(path);
        let rows = sqlx::query("SELECT action, actor_label, summary FROM audit_log WHERE id > $1 ORDER BY id")
            .bind(before)
            .fetch_all(self.app.state.db.reader())
            .await
            .unwrap();
        let written: Vec<(String, String, String)> =
            rows.iter().map(|r| (r.text("action").unwrap(), r.text("actor_label").unwrap(), r.text("summary").unwrap())).collect();
        match written.iter().find(|(a, _, _)| a == action) {
            Some((_, actor, summary)) => {
                if actor.trim().is_empty() || summary.trim().is_empty() {
                    self.failures.push(format!("{path}: the entry {action} does not say who or what: {actor:?} {summary:?}"));
                }
            }
            None => self.failures.push(format!("{path}: no audit entry {action}; written: {written:?}")),
        }
        body
    }
}

async fn one(app: &TestApp, sql: &str, bind: &str) -> String {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).bind(bind).fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap()
}

#[test]
fn every_server_function_is_audited_read_only_or_excluded_with_a_reason() {
    let policy: BTreeSet<&str> = POLICY.iter().map(|(p, _)| *p).collect();
    for path in READ_ONLY.iter().chain(NOT_AUDITED.iter().map(|(p, _)| p)) {
        assert!(policy.contains(path), "{path} is listed here but is not in the access table");
    }
    for (path, why) in NOT_AUDITED {
        assert!(!READ_ONLY.contains(path), "{path} is listed twice");
        assert!(why.len() > 20, "{path}: say why it is not audited");
    }
}

#[tokio::test]
async fn every_mutating_server_function_writes_an_audit_entry() {
    let app = spawn_app().await;
    let mut log = Ledger::new(&app);
    let admin = app.signed_in(ADMIN).await;
    let hr = app.signed_in(HR).await;
    let tom = app.signed_in(TRAINER).await;
    let tom_id = one(&app, "SELECT id FROM users WHERE email = $1", TRAINER).await;

    // Staff: a new person, their password from the link, then changed; roles; a reset.
    let body = log
        .call(&admin, "/api/admin/create_staff", &[("name", "Audra Auditt"), ("email", "audra@sunrise.example"), ("role_trainer", "on"), ("method", "link")], "staff.created")
        .await;
    let issued: Issued = serde_json::from_str(&body).unwrap();
    let Credential::Link(link) = issued.credential else { panic!("expected a link") };
    let token = link.rsplit('/').next().unwrap().to_string();
    let audra = browser();
    let first = "copper kettle sings twice";
    log.call(&audra, "/api/auth/set_password", &[("token", &token), ("password", first), ("confirm", first)], "account.password_set").await;
    let second = "orchard lamp river stone";
    log.call(&audra, "/api/account/change_password", &[("current", first), ("password", second), ("confirm", second)], "account.password_changed")
        .await;
    let audra_id = one(&app, "SELECT id FROM users WHERE email = $1", "audra@sunrise.example").await;
    log.call(&admin, "/api/admin/set_roles", &[("user_id", &audra_id), ("role_trainer", "on"), ("role_hr", "on")], "staff.roles_changed").await;
    log.call(&admin, "/api/admin/reset_password", &[("user_id", &audra_id), ("method", "link")], "staff.password_reset").await;
    log.call(&admin, "/api/org/save", &[("name", "Sunrise Outfitters Ltd"), ("time_zone", "Europe/London")], "org.settings_saved").await;

    // The organisation's values and the screenings.
    log.call(&hr, "/api/values/save", &[("key", ""), ("name", "Audit patience"), ("description", "Checks twice.")], "values.saved").await;
    log.call(&hr, "/api/values/remove", &[("key", "audit-patience")], "values.removed").await;
    let culture = one(&app, "SELECT id FROM screenings WHERE key = $1", "culture").await;
    let skills = one(&app, "SELECT id FROM screenings WHERE key = $1", "skills").await;
    let original = app.get(&hr, &format!("/screenings/{culture}/export")).await.text().await.unwrap();
    let edited = original.replacen("title = \"Culture and values\"", "title = \"Culture and values (audited)\"", 1);
    log.call(&hr, "/api/screenings/save", &[("id", &culture), ("definition", &edited)], "screening.version_created").await;
    let exported = app.get(&hr, &format!("/screenings/{skills}/export")).await.text().await.unwrap();
    let copy = exported.replacen("key = \"skills\"", "key = \"skills-audited\"", 1);
    log.call(&hr, "/api/screenings/import", &[("definition", &copy)], "screening.created").await;

    // Positions, invitations, graders, the outbox.
    log.call(
        &hr,
        "/api/positions/create",
        &[
            ("title", "Audit desk"),
            ("location", ""),
            ("description", ""),
            ("attitude", &culture),
            ("skill", &skills),
            ("window_minutes", "60"),
            ("invite_valid_days", "7"),
        ],
        "position.opened",
    )
    .await;
    let position = demo_position(&app).await;
    log.call(&hr, "/api/positions/invite", &[("position_id", &position), ("people", "Ada Audit <ada.audit@mail.example>"), ("extra_time", "100")], "invitations.sent")
        .await;
    log.call(&hr, "/api/positions/name_grader", &[("position_id", &position), ("user_id", &audra_id)], "positions.grader_named").await;
    let message = one(&app, "SELECT id FROM outbox WHERE to_email = $1", "ada.audit@mail.example").await;
    log.call(&hr, "/api/outbox/link_copied", &[("message_id", &message)], "invitations.link_copied").await;
    let ada_invitation = one(&app, "SELECT invitation_id AS id FROM outbox WHERE to_email = $1", "ada.audit@mail.example").await;
    log.call(&hr, "/api/invitations/resend", &[("invitation_id", &ada_invitation)], "invitations.resent").await;
    log.call(&hr, "/api/positions/invite", &[("position_id", &position), ("people", "Wes Withdrawn <wes.withdrawn@mail.example>"), ("extra_time", "100")], "invitations.sent")
        .await;
    let wes = one(&app, "SELECT invitation_id AS id FROM outbox WHERE to_email = $1", "wes.withdrawn@mail.example").await;
    log.call(&hr, "/api/invitations/withdraw", &[("invitation_id", &wes), ("reason", "Applied twice by mistake.")], "invitations.withdrawn").await;

    // The candidate starts, leaves every section, goes back to the first, and submits.
    let link = sqlx::query("SELECT link FROM outbox WHERE id = $1").bind(&message).fetch_one(app.state.db.reader()).await.unwrap().text("link").unwrap();
    let ada = link.rsplit('/').next().unwrap().to_string();
    let candidate = browser();
    log.call(&candidate, "/api/take/start", &[("token", &ada), ("consent", "yes")], "attempt.started").await;
    while let app::attempt::types::Step::Section(page) = step(&app, &ada).await {
        assert_eq!(crate::screening::finish_section(&app, &ada, page.index).await.status(), StatusCode::OK);
    }
    log.call(&candidate, "/api/take/reopen", &[("token", &ada), ("section", "0")], "attempt.section_reopened").await;
    while let app::attempt::types::Step::Section(page) = step(&app, &ada).await {
        assert_eq!(crate::screening::finish_section(&app, &ada, page.index).await.status(), StatusCode::OK);
    }
    log.call(&candidate, "/api/take/submit", &[("token", &ada)], "attempt.submitted").await;

    // Grading, results and decisions.
    let queue: Vec<app::grading::QueueItem> = app.call(&tom, "/api/grading/queue", &[]).await.json().await.unwrap();
    let item = queue.first().expect("a written reply waits for Tom");
    log.call(
        &tom,
        "/api/grading/submit",
        &[
            ("attempt_id", &item.attempt_id),
            ("item_ref", &item.item_ref),
            ("l[c_empathy]", "4"),
            ("l[c_solution]", "4"),
            ("l[c_accuracy]", "3"),
            ("l[c_clarity]", "4"),
            ("comment", "Kind and clear."),
        ],
        "grading.graded",
    )
    .await;
    let liam = one(&app, "SELECT i.id FROM invitations i JOIN candidates c ON c.id = i.candidate_id WHERE c.email = $1", "liam.oconnor@mail.example").await;
    log.call(&hr, "/api/results/override", &[("invitation_id", &liam), ("gate", "attitude"), ("reason", "The interview showed the scenarios were misread.")], "hiring.gate_overridden")
        .await;
    log.call(&hr, "/api/results/decide", &[("invitation_id", &liam), ("decision", "hold"), ("reason", "A second interview first.")], "hiring.decided").await;
    log.call(&hr, "/api/results/rescore", &[("position_id", &position), ("reason", "Keys checked after the audit.")], "results.rescored").await;
    log.call(
        &hr,
        "/api/results/scoring_settings",
        &[
            ("position_id", &position),
            ("gate_rule", "both"),
            ("attitude_pass", "61"),
            ("skill_pass", "50"),
            ("attitude_weight", "1"),
            ("skill_weight", "1"),
            ("total_pass", "55"),
        ],
        "position.scoring_changed",
    )
    .await;

    // Training: programmes, cohorts, enrolment and its welcome link.
    let programme = one(&app, "SELECT id FROM programmes WHERE key = $1", "loyalty-foundations").await;
    let text = app::demo::FOUNDATIONS.replace("pass_overall = 3.0", "pass_overall = 3.1");
    log.call(&hr, "/api/programmes/save", &[("id", &programme), ("definition", &text)], "programme.version_created").await;
    let new = app::training::definition::TEMPLATE.replace("new-programme", "audit-programme");
    log.call(&hr, "/api/programmes/import", &[("definition", &new)], "programme.created").await;
    let tom_box = format!("trainer[u{tom_id}]");
    log.call(
        &hr,
        "/api/cohorts/create",
        &[("name", "Audit cohort"), ("programme", &programme), ("start_date", "2027-03-01"), (tom_box.as_str(), "on")],
        "cohort.created",
    )
    .await;
    let spring = one(&app, "SELECT id FROM cohorts WHERE name = $1", "Audit cohort").await;
    let ana = one(&app, "SELECT i.id FROM invitations i JOIN candidates c ON c.id = i.candidate_id WHERE c.email = $1", "ana.lopez@mail.example").await;
    let pick = format!("pick[i{ana}]");
    log.call(&hr, "/api/cohorts/enrol", &[("position_id", &position), ("cohort_id", &spring), (pick.as_str(), "on")], "cohort.enrolled").await;
    let welcome = one(&app, "SELECT id FROM outbox WHERE to_email = $1 AND private_to IS NOT NULL", "ana.lopez@mail.example").await;
    log.call(&hr, "/api/outbox/new_link", &[("message_id", &welcome)], "staff.password_link_sent").await;

    // The trainer's grid: a cell, the whole grid without JavaScript, a correction, closing.
    let october = crate::offer::cohort_id(&app, "October cohort").await;
    let carmen = crate::offer::trainee_id(&app, TRAINEE).await;
    let hannah = crate::offer::trainee_id(&app, "hannah.schmidt@mail.example").await;
    let kwame = crate::offer::trainee_id(&app, "kwame.asante@mail.example").await;
    let grid_from = log.last_id().await;
    let cell = |trainee: &str| format!("cells[t{trainee}~g~ownership]");
    let grid: app::training::WeekGrid =
        app.call(&tom, "/api/training/week", &[("cohort_id", &october), ("week", "3")]).await.json().await.unwrap();
    let ownership = grid.competencies.iter().position(|c| c.key == "ownership").unwrap();
    let ownership_name = grid.competencies[ownership].name.clone();
    let hannah_now = grid.rows.iter().find(|r| r.trainee_id == hannah).unwrap().grades[ownership];
    let hannah_new = if hannah_now == Some(2) { "3" } else { "2" };
    log.call(
        &tom,
        "/api/training/save_cell",
        &[("cohort_id", &october), ("week", "3"), ("trainee_id", &carmen), ("field", "g~ownership"), ("value", "4")],
        "training.grades_saved",
    )
    .await;
    let (carmen_cell, hannah_cell) = (cell(&carmen), cell(&hannah));
    log.call(&tom, "/api/training/save_week", &[("cohort_id", &october), ("week", "3"), (&carmen_cell, "5"), (&hannah_cell, hannah_new)], "training.grades_saved").await;
    log.call(
        &tom,
        "/api/training/correct",
        &[("cohort_id", &october), ("week", "2"), ("trainee_id", &kwame), ("field", "g~tools"), ("value", "2"), ("reason", "Misread the rubric for the refunds exercise.")],
        "training.corrected",
    )
    .await;

    // The Offer: opened, answered, recorded in person, corrected, paid.
    let before = log.last_id().await;
    let res = crate::offer::open(&app, &hr, &october, "3", "2,500", 72, "stays").await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    log.exercised.insert("/api/offers/open");
    if app.count(&format!("SELECT COUNT(*) AS n FROM audit_log WHERE id > {before} AND action = 'offer.opened'")).await != 1 {
        log.failures.push("/api/offers/open: no audit entry offer.opened".into());
    }
    let yuki = app.signed_in("yuki.tanaka@mail.example").await;
    log.call(&yuki, "/api/offer/answer", &[("answer", "take"), ("reason", "")], "offer.answered").await;
    log.call(&hr, "/api/offers/record", &[("cohort_id", &october), ("trainee_id", &kwame), ("answer", "stay"), ("note", "Told me after the Tuesday session.")], "offer.recorded_in_person")
        .await;
    log.call(
        &hr,
        "/api/offers/correct",
        &[("cohort_id", &october), ("trainee_id", &kwame), ("answer", "take"), ("reason", "He phoned on Monday: he takes it after all.")],
        "offer.corrected",
    )
    .await;
    let yuki_id = crate::offer::trainee_id(&app, "yuki.tanaka@mail.example").await;
    log.call(&hr, "/api/offers/paid", &[("cohort_id", &october), ("trainee_id", &yuki_id), ("reference", "PAYROLL-AUDIT-1")], "offer.payout_paid").await;

    // Closing the week and someone leaving, once the Offer is out.
    log.call(&tom, "/api/training/close_week", &[("cohort_id", &october), ("week", "3")], "training.week_closed").await;
    let diego = crate::offer::trainee_id(&app, "diego.fernandez@mail.example").await;
    log.call(&hr, "/api/cohorts/trainee_left", &[("trainee_id", &diego), ("reason", "Moved to another city.")], "trainee.left").await;

    // Last, as it closes the account: disabling.
    log.call(&admin, "/api/admin/set_disabled", &[("user_id", &audra_id), ("disabled", "true"), ("reason", "Left the company")], "staff.disabled").await;

    // Every function in the table is accounted for.
    let unaccounted: Vec<&str> = POLICY
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| !log.exercised.contains(p) && !READ_ONLY.contains(p) && !NOT_AUDITED.iter().any(|(n, _)| n == p))
        .collect();
    assert!(
        unaccounted.is_empty(),
        "server functions neither checked for an audit entry here, nor read-only, nor excluded with a reason: {unaccounted:?}"
    );
    for p in &log.exercised {
        assert!(!READ_ONLY.contains(p) && !NOT_AUDITED.iter().any(|(n, _)| n == p), "{p} writes an entry but is listed as not audited");
    }
    assert!(log.failures.is_empty(), "mutations missing from the audit log:\n{}", log.failures.join("\n"));

    // The trainer's grid grades are in the log under Area = Training.
    let training: app::audit::AuditResults =
        app.call(&hr, "/api/admin/audit_log", &[("query[area]", "training"), ("query[q]", "Carmen Ortiz")]).await.json().await.unwrap();
    let grades: Vec<_> = training.entries.iter().filter(|e| e.id > grid_from && e.action == "training.grades_saved").collect();
    assert_eq!(grades.len(), 2, "a cell and the grid: {:?}", training.entries);
    assert!(grades.iter().all(|e| e.actor.contains("Tom Becker") && e.summary.contains("October cohort")), "{grades:?}");
    let (carmen_words, hannah_words) = (format!("Carmen Ortiz: {ownership_name} 5"), format!("Hannah Schmidt: {ownership_name} {hannah_new}"));
    assert!(grades.iter().any(|e| e.summary.contains(&carmen_words) && e.summary.contains(&hannah_words)), "{grades:?}");
    // Each area holds its own actions, and every entry written here belongs to an area.
    for (area, _, prefixes) in app::audit::AREAS {
        let page: app::audit::AuditResults = app.call(&hr, "/api/admin/audit_log", &[("query[area]", *area)]).await.json().await.unwrap();
        assert!(page.entries.iter().all(|e| prefixes.iter().any(|p| e.action.starts_with(p))), "{area}");
    }
    let actions = sqlx::query("SELECT DISTINCT action FROM audit_log").fetch_all(app.state.db.reader()).await.unwrap();
    for action in actions.iter().map(|r| r.text("action").unwrap()) {
        assert!(
            app::audit::AREAS.iter().any(|(_, _, prefixes)| prefixes.iter().any(|p| action.starts_with(p))),
            "{action} is in no area of the audit page's filter"
        );
    }
}

/// A CSV body's rows (without the header) as fields.
fn rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(std::io::Cursor::new(text.as_bytes()))
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[tokio::test]
async fn the_audit_csv_follows_the_pages_order_and_filters() {
    let app = spawn_app().await;
    // Entries on three days, the newest last written.
    let position = demo_position(&app).await;
    for (n, name) in ["Ola One", "Tess Two", "Theo Three"].iter().enumerate() {
        if n > 0 {
            app.clock.advance(std::time::Duration::from_secs(86_400));
        }
        let hr = app.signed_in(HR).await;
        invite(&app, &hr, &position, name, &format!("order.{n}@mail.example"), "100").await;
    }
    // Sessions end when idle, so HR signs in again after the days went by.
    let hr = app.signed_in(HR).await;
    let today = &app::clock::format_utc(app.state.now())[..10];

    for query in ["", "area=hiring&q=&from=&to=", &format!("area=hiring&q=order&from=&to={today}"), &format!("area=&q=Tess&from={today}&to={today}")] {
        let html = app.get(&hr, &format!("/admin/audit?{query}")).await.page().await;
        let res = app.get(&hr, &format!("/admin/audit.csv?{query}")).await;
        assert_eq!(res.status(), StatusCode::OK, "{query}");
        let csv = rows(&res.text().await.unwrap());
        let page: app::audit::AuditResults = {
            let mut form: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (format!("query[{k}]"), v.into_owned())).collect();
            form.push(("query[page]".into(), "1".into()));
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.call(&hr, "/api/admin/audit_log", &pairs).await.json().await.unwrap()
        };
        assert_eq!(csv.len() as i64, page.matching, "{query}: the CSV holds what the page counts");
        // The first page of the CSV is the page, entry by entry, newest first.
        let ids: Vec<String> = csv.iter().map(|r| r[0].clone()).collect();
        let page_ids: Vec<String> = page.entries.iter().map(|e| e.id.to_string()).collect();
        assert_eq!(&ids[..page_ids.len()], &page_ids[..], "{query}");
        let at: Vec<&String> = csv.iter().map(|r| &r[1]).collect();
        assert!(at.windows(2).all(|w| w[0] >= w[1]), "{query}: newest first: {at:?}");
        if let Some(first) = page.entries.first() {
            let shown = first.summary.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            assert!(html.contains(&shown), "{query}: the page shows the same first entry: {shown}");
        }
    }
    // Filters narrow the CSV exactly as they narrow the page.
    let filtered = rows(&app.get(&hr, &format!("/admin/audit.csv?area=hiring&q=Tess&from={today}&to={today}")).await.text().await.unwrap());
    assert!(filtered.is_empty(), "Tess was invited yesterday: {filtered:?}");
    let tess = rows(&app.get(&hr, "/admin/audit.csv?area=hiring&q=Tess&from=&to=").await.text().await.unwrap());
    assert_eq!(tess.len(), 1, "{tess:?}");
    assert!(tess[0][3] == "invitations.sent" && tess[0][5].contains("Tess Two"), "{tess:?}");
    let newest = rows(&app.get(&hr, "/admin/audit.csv?area=hiring&q=order.&from=&to=").await.text().await.unwrap());
    let names: Vec<&str> = newest.iter().map(|r| if r[5].contains("Theo") { "Theo" } else if r[5].contains("Tess") { "Tess" } else { "Ola" }).collect();
    assert_eq!(names, ["Theo", "Tess", "Ola"], "newest first, as on the page: {newest:?}");
}

#[tokio::test]
async fn a_reversed_date_range_is_an_error_next_to_the_date_field() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let page = app.get(&hr, "/admin/audit?area=&q=&from=2026-03-10&to=2026-03-01").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.page().await;
    assert!(html.contains(app::audit::REVERSED_RANGE), "{html}");
    assert!(!html.contains("Nothing matches"), "not an empty result: the range is wrong");
    // The message sits with the From field, which is marked invalid and described by it.
    let input = html.split("id=\"audit-from\"").nth(1).and_then(|rest| rest.split('>').next()).expect("the From field");
    assert!(input.contains("aria-invalid=\"true\"") && input.contains("aria-describedby=\"audit-from-error\""), "{input}");
    let error = html.split("id=\"audit-from-error\"").nth(1).expect("the From field's message");
    assert!(error[..error.find("</p>").unwrap()].contains(app::audit::REVERSED_RANGE), "{error}");
    // The values typed are kept.
    assert!(html.contains("value=\"2026-03-10\"") && html.contains("value=\"2026-03-01\""));
    // The server function says the same, for the field.
    let res = app.call(&hr, "/api/admin/audit_log", &[("query[from]", "2026-03-10"), ("query[to]", "2026-03-01")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(res).await.for_field("from").as_deref(), Some(app::audit::REVERSED_RANGE));
    // The CSV is refused with the message rather than sent empty.
    let res = app.get(&hr, "/admin/audit.csv?area=&q=&from=2026-03-10&to=2026-03-01").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains(app::audit::REVERSED_RANGE));
    // A date that is not a date is an error at its own field; the same day twice is a range.
    let html = app.get(&hr, "/admin/audit?to=yesterday").await.page().await;
    let input = html.split("id=\"audit-to\"").nth(1).and_then(|rest| rest.split('>').next()).unwrap();
    assert!(input.contains("aria-invalid=\"true\""), "{input}");
    assert_eq!(app.get(&hr, "/admin/audit.csv?to=yesterday").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let today = &app::clock::format_utc(app.state.now())[..10];
    let res = app.get(&hr, &format!("/admin/audit.csv?from={today}&to={today}")).await;
    assert_eq!(res.status(), StatusCode::OK);
}
