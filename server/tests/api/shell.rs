//! Start-up, health, the 404 page and the error paths of the shell.

use crate::helpers::*;
use reqwest::StatusCode;
use server::{Application, StartupError};

#[tokio::test]
async fn health_reports_the_database() {
    let app = spawn_app().await;
    let res = app.get(&browser(), "/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get("x-request-id").is_some(), "every response carries a request id");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    app.state.db.close().await;
    let res = app.get(&browser(), "/healthz").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn unknown_pages_get_a_404_page() {
    let app = spawn_app().await;
    let res = app.get(&browser(), "/no/such/page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.page().await.contains("Page not found"));
    let res = app.get(&browser(), "/admin/staff/not-a-person").await;
    assert_ne!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn an_unknown_database_url_stops_start_up_with_a_clear_message() {
    let config = test_config("mysql://root:secret@127.0.0.1/keepers".into(), app::clock::Clock::System);
    let err = Application::build(config).await.err().expect("start-up fails");
    let text = err.to_string();
    assert!(matches!(err, StartupError::Database(_)));
    assert!(text.contains("names no engine"), "{text}");
    assert!(!text.contains("secret"), "passwords are not echoed: {text}");
}

#[tokio::test]
async fn an_unreachable_database_stops_start_up_with_a_clear_message() {
    let config = test_config("postgres://keepers:pw@127.0.0.1:1/keepers".into(), app::clock::Clock::System);
    let err = Application::build(config).await.err().expect("start-up fails");
    let text = err.to_string();
    assert!(text.contains("could not open the database"), "{text}");
    assert!(!text.contains(":pw@"), "{text}");
}

#[tokio::test]
async fn the_audit_log_cannot_be_changed() {
    let app = spawn_app().await;
    assert!(app.count("SELECT COUNT(*) AS n FROM audit_log").await > 0, "the seed is on record");
    let update = sqlx::query("UPDATE audit_log SET summary = 'rewritten'").execute(app.state.db.writer()).await;
    assert!(update.is_err(), "updates are refused by the database");
    let delete = sqlx::query("DELETE FROM audit_log").execute(app.state.db.writer()).await;
    assert!(delete.is_err(), "deletes are refused by the database");
}
