//! One invitation's actions on the position page: its link copied, sent again, or withdrawn
//! with a reason, each only in the states where it makes sense, each in the audit log, and a
//! withdrawal counted once however many arrive at once.

use crate::helpers::*;
use crate::screening::demo_position;
use app::db::RowExt;
use reqwest::StatusCode;

async fn invitation_of(app: &TestApp, email: &str) -> String {
    sqlx::query("SELECT i.id FROM invitations i JOIN candidates c ON c.id = i.candidate_id WHERE c.email = $1")
        .bind(email)
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("id")
        .unwrap()
}

async fn emails_to(app: &TestApp, email: &str) -> Vec<String> {
    sqlx::query("SELECT link FROM outbox WHERE to_email = $1 ORDER BY created_at, id")
        .bind(email)
        .fetch_all(app.state.db.reader())
        .await
        .unwrap()
        .iter()
        .map(|r| r.text("link").unwrap())
        .collect()
}

#[tokio::test]
async fn hr_sends_an_invitation_again_with_the_same_link_only_while_it_works() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let ravi = invitation_of(&app, "ravi.patel@mail.example").await;
    let before = emails_to(&app, "ravi.patel@mail.example").await;
    let res = app.call(&hr, "/api/invitations/resend", &[("invitation_id", ravi.as_str())]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let after = emails_to(&app, "ravi.patel@mail.example").await;
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after.last(), before.last(), "the same link, so the one he may already have still works");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'invitations.resent' AND summary LIKE '%Ravi Patel%'").await, 1);

    // A link that expired, or one already used to submit, is not sent again.
    for email in ["daniel.novak@mail.example", "ana.lopez@mail.example", "olivia.brown@mail.example"] {
        let id = invitation_of(&app, email).await;
        let n = emails_to(&app, email).await.len();
        let res = app.call(&hr, "/api/invitations/resend", &[("invitation_id", id.as_str())]).await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{email}");
        assert_eq!(emails_to(&app, email).await.len(), n, "{email}");
    }
    // Other roles cannot, and an unknown invitation is not found.
    let tom = app.signed_in(TRAINER).await;
    assert_eq!(app.call(&tom, "/api/invitations/resend", &[("invitation_id", ravi.as_str())]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.call(&hr, "/api/invitations/resend", &[("invitation_id", "nope")]).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_withdrawn_invitation_stops_working_and_the_candidate_is_told() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let ravi = invitation_of(&app, "ravi.patel@mail.example").await;
    let res = app.call(&hr, "/api/invitations/withdraw", &[("invitation_id", ravi.as_str()), ("reason", "  ")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(matches!(error_of(res).await, app::error::AppError::Invalid { field, .. } if field == "reason"));
    let res = app.call(&hr, "/api/invitations/withdraw", &[("invitation_id", ravi.as_str()), ("reason", "The role was filled.")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let entry = sqlx::query("SELECT summary, reason FROM audit_log WHERE action = 'invitations.withdrawn' AND summary LIKE '%Ravi Patel%'")
        .fetch_one(app.state.db.reader())
        .await
        .unwrap();
    assert_eq!(entry.opt_text("reason").unwrap().as_deref(), Some("The role was filled."));

    // His link now says so, and cannot start the screening.
    let link = emails_to(&app, "ravi.patel@mail.example").await.pop().unwrap();
    let token = link.rsplit('/').next().unwrap();
    let anon = browser();
    let html = app.get(&anon, &format!("/take/{token}")).await.page().await;
    assert!(html.contains("This invitation has been withdrawn"), "{html}");
    assert_eq!(app.call(&anon, "/api/take/start", &[("token", token), ("consent", "yes")]).await.status(), StatusCode::CONFLICT);

    // The position page shows it withdrawn, with nothing left to do on it.
    let position = demo_position(&app).await;
    let detail: app::positions::PositionDetail = app.call(&hr, "/api/positions/get", &[("id", position.as_str())]).await.json().await.unwrap();
    let row = detail.invitations.iter().find(|i| i.name == "Ravi Patel").unwrap();
    assert_eq!(row.state, app::positions::CandidateState::Withdrawn);
    assert!(row.link.is_none());
    // Once a screening has begun it is decided on with the results, not withdrawn.
    let tomas = invitation_of(&app, "tomas.rivera@mail.example").await;
    let res = app.call(&hr, "/api/invitations/withdraw", &[("invitation_id", tomas.as_str()), ("reason", "Changed my mind.")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn twenty_withdrawals_at_once_withdraw_once() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let noah = invitation_of(&app, "noah.williams@mail.example").await;
    let mut all = tokio::task::JoinSet::new();
    for n in 0..20 {
        let (client, url, noah) = (hr.clone(), app.url("/api/invitations/withdraw"), noah.clone());
        all.spawn(async move {
            let form = [("invitation_id", noah), ("reason", format!("Tab {n}"))];
            client.post(url).header("accept", "application/json").form(&form).send().await.expect("request").status()
        });
    }
    let statuses = all.join_all().await;
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT), "{statuses:?}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'invitations.withdrawn' AND summary LIKE '%Noah Williams%'").await, 1);
}

#[tokio::test]
async fn the_position_page_offers_each_action_where_it_applies_and_the_demo_shows_them() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let html = app.get(&hr, &format!("/positions/{position}")).await.page().await;
    for name in ["Noah Williams", "Ravi Patel", "Tomás Rivera"] {
        assert!(html.contains(&format!("Copy {name}&#x27;s link")) || html.contains(&format!("Copy {name}'s link")), "{name}: {html}");
    }
    for name in ["Daniel Novak", "Ana López", "Olivia Brown", "Sofia Rossi"] {
        assert!(!html.contains(&format!("Copy {name}")), "{name}");
    }
    let detail: app::positions::PositionDetail = app.call(&hr, "/api/positions/get", &[("id", position.as_str())]).await.json().await.unwrap();
    let state_of = |name: &str| detail.invitations.iter().find(|i| i.name == name).unwrap().state;
    assert_eq!(state_of("Olivia Brown"), app::positions::CandidateState::Withdrawn, "the demo's withdrawn invitation");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('invitations.resent', 'invitations.withdrawn')").await, 2);
}
