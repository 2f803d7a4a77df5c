//! The Offer: HR opens it for a cohort, trainees answer once, silence follows the cohort's rule
//! at the deadline, corrections are new entries with a reason, payouts are paid once, and the
//! record (decisions, payments, audit log) cannot be rewritten.

use crate::helpers::*;
use app::db::RowExt;
use app::error::AppError;
use app::offer::answer::OwnOffer;
use app::offer::manage::{OfferPage, Payout, TraineeOffer};
use app::offer::Answer;
use reqwest::{Client, StatusCode};
use std::time::Duration;

const HOUR: i64 = 60 * 60 * 1000;

pub async fn cohort_id(app: &TestApp, name: &str) -> String {
    sqlx::query("SELECT id FROM cohorts WHERE name = $1").bind(name).fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap()
}

pub async fn trainee_id(app: &TestApp, email: &str) -> String {
    sqlx::query("SELECT t.id FROM trainees t JOIN users u ON u.id = t.user_id WHERE u.email = $1")
        .bind(email)
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("id")
        .unwrap()
}

pub async fn offer_page(app: &TestApp, hr: &Client, cohort: &str) -> OfferPage {
    let res = app.call(hr, "/api/offers/page", &[("cohort_id", cohort)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn mine(app: &TestApp, trainee: &Client) -> Option<OwnOffer> {
    let res = app.call(trainee, "/api/offer/mine", &[]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

/// The deadline `hours` from the test clock's now, as the form's date and time fields hold it:
/// in the organisation's time zone.
async fn deadline_in(app: &TestApp, hours: i64) -> (String, String) {
    app::org::store::zone(&app.state.db).await.unwrap().fields(app.state.now() + hours * HOUR)
}

/// Makes the Offer as HR does: previews it, then confirms it for the trainees the preview
/// listed. A refused preview's response is returned as it is.
pub async fn open(app: &TestApp, hr: &Client, cohort: &str, week: &str, amount: &str, hours: i64, no_response: &str) -> reqwest::Response {
    let res = preview(app, hr, cohort, week, amount, hours, no_response).await;
    if res.status() != StatusCode::OK {
        return res;
    }
    let listed = offer_page(app, hr, cohort).await.draft.expect("the preview").recipients.len();
    confirm(app, hr, cohort, listed).await
}

pub async fn confirm(app: &TestApp, hr: &Client, cohort: &str, recipients: usize) -> reqwest::Response {
    app.call(hr, "/api/offers/open", &[("cohort_id", cohort), ("recipients", &recipients.to_string())]).await
}

pub async fn preview(app: &TestApp, hr: &Client, cohort: &str, week: &str, amount: &str, hours: i64, no_response: &str) -> reqwest::Response {
    let (date, time) = deadline_in(app, hours).await;
    app.call(
        hr,
        "/api/offers/preview",
        &[
            ("cohort_id", cohort),
            ("week", week),
            ("amount", amount),
            ("currency", "USD"),
            ("deadline_date", &date),
            ("deadline_time", &time),
            ("message", "We want everyone who stays to have chosen to."),
            ("rehire", "on"),
            ("payout_terms", "Paid with the final paycheck."),
            ("no_response", no_response),
        ],
    )
    .await
}

pub async fn answer(app: &TestApp, trainee: &Client, answer: &str) -> reqwest::Response {
    app.call(trainee, "/api/offer/answer", &[("answer", answer), ("reason", "")]).await
}

async fn invalid_field(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    match error_of(res).await {
        AppError::Invalid { field, .. } => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_demo_offer_shows_who_took_it_who_stayed_and_the_correction() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let august = cohort_id(&app, "August cohort").await;
    let page = offer_page(&app, &hr, &august).await;
    let (summary, rows, counts) = page.offer.expect("the August cohort has an Offer");
    assert_eq!(summary.money.display(), "$4,000");
    assert!(summary.deadline_passed);
    assert_eq!((counts.offered, counts.taken, counts.stayed, counts.no_response, counts.waiting), (8, 1, 7, 0, 0));
    let row = |name: &str| rows.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("{name} got the Offer"));
    assert!(matches!(&row("Rafael Souza").payout, Payout::Paid { reference, .. } if reference.starts_with("PAYROLL-")));
    assert_eq!(row("Nadia Haddad").latest.as_ref().unwrap().source, app::offer::Source::InPerson);
    // Tariq said nothing by the deadline, then HR corrected it with a reason: two entries.
    let tariq = row("Tariq Aziz");
    assert_eq!(tariq.entries, 2);
    assert_eq!(tariq.latest.as_ref().unwrap().answer, Answer::Stay);
    let detail: TraineeOffer = app.call(&hr, "/api/offers/trainee", &[("cohort_id", &august), ("trainee_id", &tariq.trainee_id)]).await.json().await.unwrap();
    assert_eq!(detail.history.iter().map(|d| d.answer).collect::<Vec<_>>(), [Answer::NoResponse, Answer::Stay]);
    assert!(detail.history[1].reason.as_deref().unwrap().contains("mail server"));

    // The board across cohorts counts the same.
    let html = app.get(&hr, "/offers").await.page().await;
    assert!(html.contains("August cohort"), "{html}");
    // Rafael, who took it, still sees his own Offer and answer; he is no longer in training.
    let rafael = app.signed_in("rafael.souza@mail.example").await;
    let own = mine(&app, &rafael).await.expect("Rafael's Offer");
    assert_eq!(own.decision.as_ref().unwrap().answer, Answer::Take);
    assert!(!own.can_answer());
}

#[tokio::test]
async fn bad_offers_are_refused_next_to_the_field_and_change_nothing() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let october = cohort_id(&app, "October cohort").await;
    let offers = || app.count("SELECT COUNT(*) AS n FROM offers");
    let before = offers().await;
    assert_eq!(invalid_field(open(&app, &hr, &october, "3", "four thousand", 72, "stays").await).await, "amount");
    assert_eq!(invalid_field(open(&app, &hr, &october, "3", "-50", 72, "stays").await).await, "amount");
    assert_eq!(invalid_field(open(&app, &hr, &october, "3", "4000", 0, "stays").await).await, "deadline");
    assert_eq!(invalid_field(open(&app, &hr, &october, "3", "4000", 24 * 90, "stays").await).await, "deadline");
    assert_eq!(invalid_field(open(&app, &hr, &october, "0", "4000", 72, "stays").await).await, "week");
    // The cohort is in week 3: the Offer of week 4 waits for week 4.
    assert_eq!(invalid_field(open(&app, &hr, &october, "4", "4000", 72, "stays").await).await, "week");
    assert_eq!(invalid_field(open(&app, &hr, &october, "3", "4000", 72, "maybe").await).await, "no_response");
    // Nobody is in the January cohort yet.
    let january = cohort_id(&app, "January cohort").await;
    assert_eq!(invalid_field(open(&app, &hr, &january, "1", "4000", 72, "stays").await).await, "week");
    assert_eq!(offers().await, before);
    // A cohort that already has an Offer cannot get a second one.
    let august = cohort_id(&app, "August cohort").await;
    let res = open(&app, &hr, &august, "4", "100", 72, "stays").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(offers().await, before);
}

#[tokio::test]
async fn hr_opens_the_offer_and_each_trainee_answers_once() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let october = cohort_id(&app, "October cohort").await;
    let carmen = app.signed_in(TRAINEE).await;
    assert!(mine(&app, &carmen).await.is_none(), "no Offer yet");
    let emails = || app.count("SELECT COUNT(*) AS n FROM outbox WHERE subject LIKE 'The Offer:%'");
    let emails_before = emails().await;

    let res = open(&app, &hr, &october, "3", "2,500", 72, "stays").await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let page = offer_page(&app, &hr, &october).await;
    let (summary, rows, counts) = page.offer.unwrap();
    assert_eq!(summary.money.display(), "$2,500");
    // Ben left in week 2, so seven trainees get the Offer, each by email.
    assert_eq!(counts.offered, 7);
    assert!(rows.iter().all(|r| r.name != "Ben Carter"));
    assert_eq!(emails().await, emails_before + 7);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'offer.opened'").await, 2, "August's and October's");

    let own = mine(&app, &carmen).await.expect("Carmen's Offer");
    assert!(own.can_answer());
    // Her dashboard says so.
    let html = app.get(&carmen, "/").await.page().await;
    assert!(html.contains("HR has made you the Offer: $2,500 to leave now, or stay."), "{html}");

    let yuki = app.signed_in("yuki.tanaka@mail.example").await;
    assert_eq!(invalid_field(answer(&app, &yuki, "maybe").await).await, "answer");
    let res = answer(&app, &yuki, "take").await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    // The first answer is final: a second one is refused and says what was recorded.
    let res = answer(&app, &yuki, "stay").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(error_of(res).await.to_string().contains("Took the Offer"));
    let yuki_id = trainee_id(&app, "yuki.tanaka@mail.example").await;
    let left = sqlx::query("SELECT left_reason FROM trainees WHERE id = $1").bind(&yuki_id).fetch_one(app.state.db.reader()).await.unwrap();
    assert_eq!(left.opt_text("left_reason").unwrap().as_deref(), Some("Took the Offer"));
    // HR cannot record an in-person answer over hers either.
    let res = app.call(&hr, "/api/offers/record", &[("cohort_id", &october), ("trainee_id", &yuki_id), ("answer", "stay"), ("note", "Said so at lunch.")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // Kwame tells HR in person.
    let kwame_id = trainee_id(&app, "kwame.asante@mail.example").await;
    let res = app.call(&hr, "/api/offers/record", &[("cohort_id", &october), ("trainee_id", &kwame_id), ("answer", "stay"), ("note", "")]).await;
    assert_eq!(invalid_field(res).await, "note");
    let res = app.call(&hr, "/api/offers/record", &[("cohort_id", &october), ("trainee_id", &kwame_id), ("answer", "stay"), ("note", "Told me after the Tuesday session.")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let counts = offer_page(&app, &hr, &october).await.offer.unwrap().2;
    assert_eq!((counts.taken, counts.stayed, counts.waiting), (1, 1, 5));
    // Each answer is in the audit log, with who recorded it.
    let who = sqlx::query("SELECT actor_label FROM audit_log WHERE action = 'offer.recorded_in_person' AND subject_id = $1").bind(&kwame_id).fetch_one(app.state.db.reader()).await.unwrap();
    assert!(who.text("actor_label").unwrap().contains("Daniel"), "recorded by Daniel (HR)");
}

#[tokio::test]
async fn two_answers_at_the_same_moment_record_exactly_one() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let october = cohort_id(&app, "October cohort").await;
    assert_eq!(open(&app, &hr, &october, "3", "3000", 72, "stays").await.status(), StatusCode::OK);
    // Two tabs of the same trainee, answering differently at once, several times over trainees.
    for email in ["carmen.ortiz@mail.example", "hannah.schmidt@mail.example", "lucia.gomez@mail.example"] {
        let (a, b) = (app.signed_in(email).await, app.signed_in(email).await);
        let (ra, rb) = tokio::join!(answer(&app, &a, "take"), answer(&app, &b, "stay"));
        let mut statuses = [ra.status(), rb.status()];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{email}");
        let id = trainee_id(&app, email).await;
        let n = sqlx::query("SELECT COUNT(*) AS n FROM offer_decisions WHERE trainee_id = $1").bind(&id).fetch_one(app.state.db.reader()).await.unwrap().int("n").unwrap();
        assert_eq!(n, 1, "{email}");
    }
}

#[tokio::test]
async fn silence_at_the_deadline_follows_the_cohorts_rule_and_hr_corrects_with_a_reason() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let october = cohort_id(&app, "October cohort").await;
    // This cohort's rule: whoever does not answer leaves.
    assert_eq!(open(&app, &hr, &october, "3", "3000", 2, "leaves").await.status(), StatusCode::OK);
    let yuki = app.signed_in("yuki.tanaka@mail.example").await;
    assert_eq!(answer(&app, &yuki, "stay").await.status(), StatusCode::OK);

    app.clock.advance(Duration::from_millis(3 * HOUR as u64));
    // Idle sessions end, so everyone signs in again after the wait.
    let hr = app.signed_in(HR).await;
    let carmen = app.signed_in(TRAINEE).await;
    let res = answer(&app, &carmen, "stay").await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "too late");
    assert!(error_of(res).await.to_string().contains("No response"));
    let own = mine(&app, &carmen).await.unwrap();
    assert_eq!(own.decision.as_ref().map(|d| (d.answer, d.leaves)), Some((Answer::NoResponse, true)));
    let counts = offer_page(&app, &hr, &october).await.offer.unwrap().2;
    assert_eq!((counts.stayed, counts.no_response, counts.waiting), (1, 6, 0));
    let carmen_id = trainee_id(&app, TRAINEE).await;
    let left = || async {
        sqlx::query("SELECT left_at FROM trainees WHERE id = $1").bind(&carmen_id).fetch_one(app.state.db.reader()).await.unwrap().opt_int("left_at").unwrap()
    };
    assert!(left().await.is_some(), "silence means leaving in this cohort");
    // The sweep is idempotent: a second run records nothing new.
    assert_eq!(app::offer::store::sweep(&app.state.db, app.state.now()).await.unwrap(), 0);

    // Carmen had in fact answered by phone: HR corrects it, with a reason, as a new entry.
    let correct = |reason: &'static str| {
        let (hr, october, carmen_id) = (hr.clone(), october.clone(), carmen_id.clone());
        let app = &app;
        async move { app.call(&hr, "/api/offers/correct", &[("cohort_id", &october), ("trainee_id", &carmen_id), ("answer", "stay"), ("reason", reason)]).await }
    };
    assert_eq!(invalid_field(correct("oops").await).await, "reason");
    let res = correct("She phoned the trainer on Monday to say she stays; the call was logged.").await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert!(left().await.is_none(), "staying puts her back in training");
    let own = mine(&app, &carmen).await.unwrap();
    assert_eq!(own.history.iter().map(|d| d.answer).collect::<Vec<_>>(), [Answer::NoResponse, Answer::Stay]);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'offer.no_response'").await, 6 + 1, "October's six and August's Tariq");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'offer.corrected'").await, 2);
}

#[tokio::test]
async fn payouts_are_marked_paid_once_and_exported_for_payroll() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let october = cohort_id(&app, "October cohort").await;
    assert_eq!(open(&app, &hr, &october, "3", "1234.50", 72, "stays").await.status(), StatusCode::OK);
    let yuki = app.signed_in("yuki.tanaka@mail.example").await;
    assert_eq!(answer(&app, &yuki, "take").await.status(), StatusCode::OK);
    let yuki_id = trainee_id(&app, "yuki.tanaka@mail.example").await;
    let kwame_id = trainee_id(&app, "kwame.asante@mail.example").await;
    let paid = |trainee: String, reference: &'static str| {
        let (hr, october) = (hr.clone(), october.clone());
        let app = &app;
        async move { app.call(&hr, "/api/offers/paid", &[("cohort_id", &october), ("trainee_id", &trainee), ("reference", reference)]).await }
    };
    assert_eq!(invalid_field(paid(yuki_id.clone(), "  ").await).await, "reference");
    assert_eq!(invalid_field(paid(kwame_id.clone(), "PAY-1").await).await, "reference", "Kwame owes nothing");

    // The CSV lists the pending payout before it is paid, and the reference after.
    let csv = app.get(&hr, &format!("/cohorts/{october}/offer/payouts.csv")).await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("payouts-october-cohort.csv"));
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].starts_with("\"Yuki Tanaka\",\"yuki.tanaka@mail.example\",\"October cohort\",1234.50,\"USD\",") && lines[1].contains(",\"pending\","), "{text}");

    assert_eq!(paid(yuki_id.clone(), "PAYROLL-2026-077").await.status(), StatusCode::OK);
    assert_eq!(paid(yuki_id.clone(), "PAYROLL-2026-078").await.status(), StatusCode::CONFLICT);
    let text = app.get(&hr, &format!("/cohorts/{october}/offer/payouts.csv")).await.text().await.unwrap();
    let line = text.lines().nth(1).unwrap();
    assert!(line.contains(",\"paid\",") && line.ends_with(",\"PAYROLL-2026-077\""), "{text}");
    let detail: TraineeOffer = app.call(&hr, "/api/offers/trainee", &[("cohort_id", &october), ("trainee_id", &yuki_id)]).await.json().await.unwrap();
    assert!(matches!(detail.payout, Payout::Paid { ref reference, .. } if reference == "PAYROLL-2026-077"));

    // Only HR downloads payouts.
    let tom = app.signed_in(TRAINER).await;
    assert_eq!(app.get(&tom, &format!("/cohorts/{october}/offer/payouts.csv")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&yuki, &format!("/cohorts/{october}/offer/payouts.csv")).await.status(), StatusCode::FORBIDDEN);
    let anonymous = app.get(&browser(), &format!("/cohorts/{october}/offer/payouts.csv")).await;
    assert!(anonymous.status().is_redirection());
}

#[tokio::test]
async fn trainees_see_only_their_own_offer_and_staff_only_what_their_role_allows() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let october = cohort_id(&app, "October cohort").await;
    let august = cohort_id(&app, "August cohort").await;
    assert_eq!(open(&app, &hr, &october, "3", "3000", 72, "stays").await.status(), StatusCode::OK);
    let carmen = app.signed_in(TRAINEE).await;
    // The answer names no trainee: it is always the caller's own. Extra parameters do nothing.
    let rafael_id = trainee_id(&app, "rafael.souza@mail.example").await;
    let res = app.call(&carmen, "/api/offer/answer", &[("answer", "stay"), ("reason", ""), ("trainee_id", &rafael_id)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let own = mine(&app, &carmen).await.unwrap();
    assert_eq!(own.offer.cohort, "October cohort");
    assert_eq!(own.decision.map(|d| d.answer), Some(Answer::Stay), "the answer is Carmen's own");
    assert_eq!(app.count(&format!("SELECT COUNT(*) AS n FROM offer_decisions WHERE trainee_id = '{rafael_id}'")).await, 1, "Rafael's record is untouched");
    // HR's views of the Offer are HR's alone.
    for path in ["/api/offers/page", "/api/offers/board"] {
        assert_eq!(app.call(&carmen, path, &[("cohort_id", &august)]).await.status(), StatusCode::FORBIDDEN, "{path}");
        let tom = app.signed_in(TRAINER).await;
        assert_eq!(app.call(&tom, path, &[("cohort_id", &august)]).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
    // Staff are not trainees and have no Offer to answer.
    assert_eq!(answer(&app, &hr, "take").await.status(), StatusCode::FORBIDDEN);
    // A trainee who left before the Offer has none.
    let ben = app.signed_in("ben.carter@mail.example").await;
    assert!(mine(&app, &ben).await.is_none());
    assert_eq!(answer(&app, &ben, "take").await.status(), StatusCode::NOT_FOUND);
    // An unknown trainee or a trainee of another cohort is not found, not leaked.
    let res = app.call(&hr, "/api/offers/trainee", &[("cohort_id", &october), ("trainee_id", &rafael_id)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn decisions_payments_and_the_audit_log_cannot_be_rewritten() {
    let app = spawn_app().await;
    let db = app.state.db.writer();
    for sql in [
        "UPDATE offer_decisions SET answer = 'stay'",
        "DELETE FROM offer_decisions",
        "UPDATE offer_payments SET reference = 'changed'",
        "DELETE FROM offer_payments",
        "UPDATE audit_log SET summary = 'changed'",
        "DELETE FROM audit_log",
    ] {
        let res = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(db).await;
        let err = res.expect_err(sql).to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    assert!(app.count("SELECT COUNT(*) AS n FROM offer_decisions").await >= 8);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM offer_payments").await, 1);
}

#[tokio::test]
async fn the_audit_log_filters_and_exports_what_it_shows() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let res: app::audit::AuditResults =
        app.call(&hr, "/api/admin/audit_log", &[("query[area]", "offer"), ("query[q]", "Tariq")]).await.json().await.unwrap();
    assert!(res.matching >= 2, "Tariq's no response and its correction: {res:?}");
    assert!(res.entries.iter().all(|e| e.action.starts_with("offer.") && e.summary.contains("Tariq")), "{res:?}");
    let csv = app.get(&hr, "/admin/audit.csv?area=offer&q=Tariq&from=&to=").await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    assert_eq!(text.lines().count() as i64, res.matching + 1, "a header and one line per entry: {text}");
    assert!(text.contains("offer.corrected") && !text.contains("staff."));
    // Trainers and trainees do not read the audit log.
    let tom = app.signed_in(TRAINER).await;
    assert_eq!(app.get(&tom, "/admin/audit.csv").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.call(&tom, "/api/admin/audit_log", &[]).await.status(), StatusCode::FORBIDDEN);
}
