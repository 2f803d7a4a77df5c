//! The access table, tested exhaustively: every server function, called by an anonymous
//! visitor and by each single role, is refused unless the table allows it.

use crate::helpers::*;
use app::auth::policy::{Access, POLICY};
use app::auth::Role;
use reqwest::StatusCode;

#[test]
fn every_server_function_is_in_the_access_table() {
    let unlisted = server::middleware::unlisted_server_fns();
    assert!(unlisted.is_empty(), "server functions missing from the access table: {unlisted:?}");
    for (path, _) in POLICY {
        assert!(server::middleware::server_fn_paths().contains(*path), "{path} is in the table but is not a server function");
    }
}

#[tokio::test]
async fn each_role_reaches_exactly_what_the_table_allows() {
    let app = spawn_app().await;
    // Each caller with the roles their demo account holds.
    let callers: Vec<(&str, Option<&[Role]>, reqwest::Client)> = vec![
        ("anonymous", None, browser()),
        ("admin", Some(&[Role::Admin]), app.signed_in(ADMIN).await),
        ("hr", Some(&[Role::Hr]), app.signed_in(HR).await),
        ("hr analyst", Some(&[Role::Hr, Role::Analyst]), app.signed_in(ANALYST).await),
        ("trainer", Some(&[Role::Trainer]), app.signed_in(TRAINER).await),
        ("trainee", Some(&[Role::Trainee]), app.signed_in(TRAINEE).await),
    ];
    let mut checked = 0;
    for (path, access) in POLICY {
        // Signing out would end the caller's session for the calls after it.
        if *path == "/api/auth/sign_out" {
            continue;
        }
        for (who, role, client) in &callers {
            let allowed = match (access, role) {
                (Access::Public, _) => true,
                (_, None) => false,
                (Access::SignedIn, Some(_)) => true,
                (Access::AnyOf(roles), Some(held)) => held.iter().any(|r| roles.contains(r)),
            };
            let status = app.call(client, path, &[]).await.status();
            if allowed {
                assert!(
                    status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                    "{who} should reach {path}, got {status}"
                );
            } else if role.is_none() {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{who} calling {path}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{who} calling {path}");
            }
            checked += 1;
        }
    }
    assert!(checked >= (POLICY.len() - 1) * 6);
}

#[tokio::test]
async fn pages_follow_the_same_roles() {
    let app = spawn_app().await;
    let anon = app.get(&browser(), "/admin/staff").await;
    assert_eq!(anon.status(), StatusCode::FOUND);
    assert_eq!(anon.headers()["location"], "/sign-in?next=/admin/staff");
    let hr = app.signed_in(HR).await;
    let res = app.get(&hr, "/admin/staff").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.page().await.contains("Not available to you"));
    let admin = app.signed_in(ADMIN).await;
    let res = app.get(&admin, "/admin/staff").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.page().await;
    assert!(html.contains("trainer@sunrise.example"));
    assert!(!html.contains("$argon2"), "password hashes never reach a page");
}

#[tokio::test]
async fn requests_from_another_site_are_refused() {
    let app = spawn_app().await;
    let client = browser();
    let res = client
        .post(app.url("/api/auth/sign_in"))
        .header("origin", "https://evil.example")
        .form(&[("email", HR), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(session_cookie(&res).is_none());
    let res = client
        .post(app.url("/api/auth/sign_in"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", HR), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The same site is fine.
    let res = client
        .post(app.url("/api/auth/sign_in"))
        .header("origin", app.base.clone())
        .form(&[("email", HR), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn mutations_are_posts() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN).await;
    let res = admin.get(app.url("/api/admin/set_disabled?user_id=x&disabled=true")).send().await.unwrap();
    assert!(res.status().is_client_error(), "GET on a server function is not accepted: {}", res.status());
}
