//! The Offer is checked before it goes: a preview lists who receives it and the email they get,
//! nothing is sent until HR confirms with the count the preview showed, the deadline is entered
//! and shown in the organisation's time zone, and a trainee who has answered sees the answer
//! and what follows, not the choices.

use crate::helpers::*;
use crate::offer::{answer, cohort_id, confirm, offer_page, open, preview, trainee_id};
use app::db::RowExt;
use reqwest::StatusCode;

const HOUR: i64 = 60 * 60 * 1000;

async fn sent(app: &TestApp) -> (i64, i64, i64) {
    (
        app.count("SELECT COUNT(*) AS n FROM offers").await,
        app.count("SELECT COUNT(*) AS n FROM outbox WHERE subject LIKE 'The Offer:%'").await,
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'offer.opened'").await,
    )
}

#[tokio::test]
async fn nothing_is_sent_until_hr_confirms_the_amount_and_count_the_preview_showed() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let october = cohort_id(&app, "October cohort").await;
    let before = sent(&app).await;
    let res = preview(&app, &hr, &october, "3", "2,500", 72, "stays").await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert_eq!(sent(&app).await, before, "a preview sends nothing");

    let page = offer_page(&app, &hr, &october).await;
    assert!(page.offer.is_none());
    let draft = page.draft.expect("HR's preview");
    // Ben left in week 2: the seven others, by name, each with the email they would get.
    assert_eq!(draft.recipients.len(), 7);
    assert!(draft.recipients.iter().all(|(name, _)| name != "Ben Carter"));
    assert_eq!(draft.total_text(), "$2,500 to each of 7 trainees ($17,500 in all)");
    assert!(draft.email_body.contains(&draft.deadline) && draft.email_body.contains("$2,500"), "{}", draft.email_body);
    let html = app.get(&hr, &format!("/cohorts/{october}/offer?preview=1")).await.page().await;
    assert!(html.contains("Make the Offer: $2,500 to 7 trainees"), "{html}");
    assert!(html.contains("Carmen Ortiz") && html.contains("The email each receives"), "{html}");

    // A confirmation naming another count is refused, and nothing goes.
    assert_eq!(confirm(&app, &hr, &october, 6).await.status(), StatusCode::CONFLICT);
    assert_eq!(sent(&app).await, before);
    // Someone who did not preview has nothing to confirm.
    let res = app.call(&hr, "/api/offers/open", &[("cohort_id", &october), ("recipients", "")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    let res = confirm(&app, &hr, &october, 7).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert_eq!(sent(&app).await, (before.0 + 1, before.1 + 7, before.2 + 1));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM offer_drafts").await, 0, "the draft is gone once the Offer is made");
    // Confirming twice (a double click) makes no second Offer and sends nothing more.
    assert_eq!(confirm(&app, &hr, &october, 7).await.status(), StatusCode::CONFLICT);
    assert_eq!(sent(&app).await, (before.0 + 1, before.1 + 7, before.2 + 1));
}

#[tokio::test]
async fn a_confirmation_made_stale_by_a_trainee_leaving_is_refused_and_the_preview_updates() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let october = cohort_id(&app, "October cohort").await;
    assert_eq!(preview(&app, &hr, &october, "3", "2,500", 72, "stays").await.status(), StatusCode::OK);
    let yuki = trainee_id(&app, "yuki.tanaka@mail.example").await;
    let res = app.call(&hr, "/api/cohorts/trainee_left", &[("trainee_id", yuki.as_str()), ("reason", "Moved to another city.")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let before = sent(&app).await;
    let res = confirm(&app, &hr, &october, 7).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(error_of(res).await.to_string().contains("would now go to 6 trainees"));
    assert_eq!(sent(&app).await, before);
    let draft = offer_page(&app, &hr, &october).await.draft.unwrap();
    assert_eq!(draft.recipients.len(), 6);
    assert_eq!(confirm(&app, &hr, &october, 6).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_deadline_is_entered_and_shown_in_the_organisations_time_zone() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let admin = app.signed_in(ADMIN).await;
    let october = cohort_id(&app, "October cohort").await;
    let chicago = app::org::zone::Zone::parse(app::demo::TIME_ZONE).unwrap();
    // 17:00 on a day three days ahead, typed in the demo's zone (Chicago).
    let (date, _) = chicago.fields(app.state.now() + 72 * HOUR);
    let res = app
        .call(
            &hr,
            "/api/offers/preview",
            &[
                ("cohort_id", october.as_str()),
                ("week", "3"),
                ("amount", "1000"),
                ("currency", "USD"),
                ("deadline_date", &date),
                ("deadline_time", "17:00"),
                ("message", "We want everyone who stays to have chosen to."),
                ("payout_terms", "Paid with the final paycheck."),
                ("no_response", "stays"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let expected = sqlx::query("SELECT deadline_at FROM offer_drafts").fetch_one(app.state.db.reader()).await.unwrap().int("deadline_at").unwrap();
    assert_eq!(chicago.fields(expected), (date.clone(), "17:00".to_string()), "17:00 in Chicago");
    assert!(!app::clock::format_utc(expected).contains("17:00"), "not 17:00 UTC");
    let draft = offer_page(&app, &hr, &october).await.draft.unwrap();
    assert!(draft.deadline.contains("17:00 C"), "shown in Chicago time (CST or CDT): {}", draft.deadline);
    assert_eq!(confirm(&app, &hr, &october, 7).await.status(), StatusCode::OK);

    // Trainees read it in the same zone, on their page and in their email.
    let carmen = app.signed_in(TRAINEE).await;
    let html = app.get(&carmen, "/offer").await.page().await;
    assert!(html.contains(&chicago.format(expected)), "{html}");

    // Only an admin changes the zone; the deadline then reads in the new one.
    assert_eq!(app.call(&hr, "/api/org/save", &[("name", "Sunrise Outfitters"), ("time_zone", "Europe/Berlin")]).await.status(), StatusCode::FORBIDDEN);
    let res = app.call(&admin, "/api/org/save", &[("name", "Sunrise Outfitters"), ("time_zone", "Mars/Olympus")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.call(&admin, "/api/org/save", &[("name", "Sunrise Outfitters"), ("time_zone", "Europe/Berlin")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let berlin = app::org::zone::Zone::parse("Europe/Berlin").unwrap();
    let html = app.get(&carmen, "/offer").await.page().await;
    assert!(html.contains(&berlin.format(expected)), "{html}");
    let settings: app::org::types::OrgSettings = app.call(&admin, "/api/org/settings", &[]).await.json().await.unwrap();
    assert_eq!(settings.time_zone, "Europe/Berlin");
    assert!(settings.zones.len() > 300);
    let entry = sqlx::query("SELECT summary FROM audit_log WHERE action = 'org.settings_saved'").fetch_one(app.state.db.reader()).await.unwrap();
    assert!(entry.text("summary").unwrap().contains("America/Chicago → Europe/Berlin"));
}

#[tokio::test]
async fn after_answering_a_trainee_sees_the_answer_and_what_follows_not_the_choices() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let october = cohort_id(&app, "October cohort").await;
    assert_eq!(open(&app, &hr, &october, "3", "2,500", 72, "stays").await.status(), StatusCode::OK);
    let yuki = app.signed_in("yuki.tanaka@mail.example").await;
    let kwame = app.signed_in("kwame.asante@mail.example").await;
    for (who, page) in [(&yuki, "/offer"), (&kwame, "/offer")] {
        let html = app.get(who, page).await.page().await;
        assert!(html.contains("/offer/confirm/take") && html.contains("If you stay"), "before answering, the choices: {html}");
    }
    assert_eq!(answer(&app, &yuki, "take").await.status(), StatusCode::OK);
    assert_eq!(answer(&app, &kwame, "stay").await.status(), StatusCode::OK);

    let html = app.get(&yuki, "/offer").await.page().await;
    assert!(!html.contains("/offer/confirm/") && !html.contains("If you stay"), "no choices after answering: {html}");
    assert!(html.contains("What happens next") && html.contains("Training ends for you now") && html.contains("You are paid $2,500."), "{html}");
    let training = app.get(&yuki, "/my-training").await.page().await;
    assert!(!training.contains("The week ahead"), "{training}");

    let html = app.get(&kwame, "/offer").await.page().await;
    assert!(!html.contains("/offer/confirm/") && html.contains("You finish training with your cohort"), "{html}");
    let training = app.get(&kwame, "/my-training").await.page().await;
    assert!(training.contains("The week ahead"), "{training}");
}
