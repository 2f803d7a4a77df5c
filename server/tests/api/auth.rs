//! Sign-in, throttling, sessions: rotation, expiry, sign-out, disabled accounts, two servers.

use crate::helpers::*;
use app::error::AppError;
use reqwest::StatusCode;
use std::time::Duration;

#[tokio::test]
async fn signing_in_opens_the_dashboard() {
    let app = spawn_app().await;
    let client = browser();
    let res = app.sign_in(&client, "HR@Sunrise.example ", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>().join("\n");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http gets no Secure flag: {cookie}");
    let page = app.get(&client, "/").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.page().await;
    assert!(html.contains("Hello, Daniel"), "{html}");
    assert!(html.contains("Hiring"));
    assert!(!html.contains("href=\"/admin/staff\""), "HR sees no admin navigation");
}

#[tokio::test]
async fn the_session_cookie_is_secure_behind_https() {
    let app = spawn_app_with(|c| c.settings.proxies = app::auth::proxy::ProxyTrust::Hops(1)).await;
    let res = browser()
        .post(app.url("/api/auth/sign_in"))
        .header("x-forwarded-proto", "https")
        .form(&[("email", HR), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let client = browser();
    let wrong = app.sign_in(&client, HR, "not the password at all").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(session_cookie(&wrong).is_none());
    let wrong = error_of(wrong).await;
    let unknown = error_of(app.sign_in(&client, "nobody@sunrise.example", "not the password at all").await).await;
    assert_eq!(wrong, unknown);
    assert!(wrong.to_string().contains("do not match"), "{wrong}");
    // Nothing signed in.
    let page = app.get(&client, "/").await;
    assert_eq!(page.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn bad_input_is_answered_next_to_the_field() {
    let app = spawn_app().await;
    let client = browser();
    let e = error_of(app.sign_in(&client, "not-an-email", PASSWORD).await).await;
    assert_eq!(e.for_field("email").is_some(), true, "{e:?}");
    let e = error_of(app.sign_in(&client, HR, "").await).await;
    assert!(e.for_field("password").is_some(), "{e:?}");
    let huge = "x".repeat(100_000);
    let res = app.sign_in(&client, HR, &huge).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Missing fields altogether.
    let res = app.call(&client, "/api/auth/sign_in", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn repeated_failures_slow_an_account_down_but_do_not_lock_it_for_good() {
    let app = spawn_app().await;
    let client = browser();
    for _ in 0..5 {
        let res = app.sign_in(&client, TRAINER, "guessing wrongly again").await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Even the right password is refused while the account is throttled.
    let res = app.sign_in(&client, TRAINER, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    match error_of(res).await {
        AppError::Throttled { retry_after_secs, .. } => assert!((1..=30).contains(&retry_after_secs)),
        other => panic!("expected throttling, got {other:?}"),
    }
    // Other accounts are unaffected.
    assert_eq!(app.sign_in(&browser(), HR, PASSWORD).await.status(), StatusCode::OK);
    // The block expires by itself.
    app.clock.advance(Duration::from_secs(31));
    assert_eq!(app.sign_in(&client, TRAINER, PASSWORD).await.status(), StatusCode::OK);
    // A success clears the count: one more failure does not block again.
    assert_eq!(app.sign_in(&browser(), TRAINER, "one more wrong one").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.sign_in(&browser(), TRAINER, PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_slowed() {
    let app = spawn_app().await;
    let client = browser();
    for i in 0..20 {
        let email = format!("guess{i}@sunrise.example");
        assert_eq!(app.sign_in(&client, &email, "guessing wrongly again").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(app.sign_in(&client, HR, PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(Duration::from_secs(31));
    assert_eq!(app.sign_in(&client, HR, PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_sign_in_gets_a_new_token_and_the_old_one_ends() {
    let app = spawn_app().await;
    let client = browser();
    let first = session_cookie(&app.sign_in(&client, HR, PASSWORD).await).expect("a session cookie");
    let second = session_cookie(&app.sign_in(&client, HR, PASSWORD).await).expect("a session cookie");
    assert_ne!(first, second);
    assert!(first.len() >= 43, "at least 256 bits in base64url");
    assert_eq!(app.get(&with_token(&first), "/").await.status(), StatusCode::FOUND, "the old token is dead");
    assert_eq!(app.get(&with_token(&second), "/").await.status(), StatusCode::OK);
    // The database holds a digest, never the token itself.
    let stored = app.count(&format!("SELECT COUNT(*) AS n FROM sessions WHERE token_hash = '{second}'")).await;
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn sessions_expire_when_idle() {
    let app = spawn_app().await;
    let client = app.signed_in(HR).await;
    app.clock.advance(Duration::from_secs(90 * 60));
    assert_eq!(app.get(&client, "/").await.status(), StatusCode::OK, "used within the idle limit");
    app.clock.advance(Duration::from_secs(90 * 60));
    assert_eq!(app.get(&client, "/").await.status(), StatusCode::OK, "activity extends the idle limit");
    app.clock.advance(Duration::from_secs(2 * 60 * 60 + 1));
    let res = app.get(&client, "/").await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/sign-in"));
}

#[tokio::test]
async fn sessions_end_at_the_absolute_limit_however_active() {
    let app = spawn_app().await;
    let client = app.signed_in(HR).await;
    for _ in 0..11 {
        app.clock.advance(Duration::from_secs(60 * 60));
        assert_eq!(app.get(&client, "/").await.status(), StatusCode::OK);
    }
    app.clock.advance(Duration::from_secs(60 * 60));
    assert_eq!(app.get(&client, "/").await.status(), StatusCode::FOUND, "12 hours after sign-in");
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let client = browser();
    let token = session_cookie(&app.sign_in(&client, HR, PASSWORD).await).unwrap();
    let res = app.call(&client, "/api/auth/sign_out", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cleared = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    // Replaying the old cookie does not work: the session is gone server-side.
    assert_eq!(app.get(&with_token(&token), "/").await.status(), StatusCode::FOUND);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM sessions").await, 0);
}

#[tokio::test]
async fn disabling_a_person_ends_their_sessions_and_stops_sign_in() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let admin = app.signed_in(ADMIN).await;
    let hr_id = crate::admin::user_id(&app, HR).await;
    let res = app
        .call(&admin, "/api/admin/set_disabled", &[("user_id", &hr_id), ("disabled", "true"), ("reason", "Left the company")])
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.page().await);
    assert_eq!(app.get(&hr, "/").await.status(), StatusCode::FOUND, "their open session ended");
    let e = error_of(app.sign_in(&browser(), HR, PASSWORD).await).await;
    assert!(e.to_string().contains("disabled"), "{e}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'staff.disabled' AND reason = 'Left the company'").await, 1);
    // Re-enabled, they can sign in again.
    let res = app.call(&admin, "/api/admin/set_disabled", &[("user_id", &hr_id), ("disabled", "false")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.sign_in(&browser(), HR, PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn two_servers_on_one_database_share_sessions_and_throttling() {
    let first = spawn_app().await;
    let second = spawn_on(first.db.clone(), first.clock.clone(), |_| {}).await;
    let client = browser();
    let token = session_cookie(&first.sign_in(&client, HR, PASSWORD).await).unwrap();
    let res = second.get(&with_token(&token), "/").await;
    assert_eq!(res.status(), StatusCode::OK, "a session from one server works on the other");
    assert!(res.page().await.contains("Hello, Daniel"));
    // Sign out on the second; the first no longer accepts the token.
    assert_eq!(second.call(&with_token(&token), "/api/auth/sign_out", &[]).await.status(), StatusCode::OK);
    assert_eq!(first.get(&with_token(&token), "/").await.status(), StatusCode::FOUND);
    // Failures counted on one server throttle on the other.
    for _ in 0..5 {
        first.sign_in(&browser(), TRAINER, "wrong wrong wrong").await;
    }
    assert_eq!(second.sign_in(&browser(), TRAINER, PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_form_posted_without_javascript_comes_back_with_its_error() {
    let app = spawn_app().await;
    let client = browser();
    let res = client
        .post(app.url("/api/auth/sign_in"))
        .header("accept", "text/html")
        .header("referer", app.url("/sign-in"))
        .form(&[("email", HR), ("password", "definitely wrong!")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(back, "/sign-in", "the error waits on the server, not in the address");
    let page = client.get(app.url(&back)).send().await.unwrap().page().await;
    assert!(page.contains("do not match an account"), "the error is on the page: {page}");

    // And success sends the person on.
    let res = client
        .post(app.url("/api/auth/sign_in"))
        .header("accept", "text/html")
        .header("referer", app.url("/sign-in?next=/admin/staff"))
        .form(&[("email", ADMIN), ("password", PASSWORD), ("next", "/admin/staff")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/admin/staff");
}
