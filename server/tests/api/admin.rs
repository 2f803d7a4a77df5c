//! Staff administration: adding people, password links and one-time passwords, roles.

use crate::helpers::*;
use app::admin::staff::{Credential, Issued};
use app::db::RowExt;
use reqwest::StatusCode;

pub async fn user_id(app: &TestApp, email: &str) -> String {
    sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("id")
        .unwrap()
}

async fn add(app: &TestApp, admin: &reqwest::Client, name: &str, email: &str, method: &str) -> Issued {
    let res = app
        .call(admin, "/api/admin/create_staff", &[("name", name), ("email", email), ("role_trainer", "on"), ("method", method)])
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.page().await);
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_new_person_sets_their_password_from_a_link_that_works_once() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN).await;
    let issued = add(&app, &admin, "Lena Park", "Lena.Park@Sunrise.example", "link").await;
    let Credential::Link(link) = issued.credential else { panic!("expected a link") };
    assert!(link.starts_with(&format!("{}/set-password/", app.base)), "{link}");
    let token = link.rsplit('/').next().unwrap().to_string();
    assert_eq!(app.count(&format!("SELECT COUNT(*) AS n FROM password_links WHERE token_hash = '{token}'")).await, 0, "stored hashed");

    // The link opens a page that greets them.
    let page = app.get(&browser(), &format!("/set-password/{token}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.page().await.contains("Welcome, Lena Park"));

    let lena = browser();
    let weak = app.call(&lena, "/api/auth/set_password", &[("token", &token), ("password", "password1234"), ("confirm", "password1234")]).await;
    assert_eq!(error_of(weak).await.for_field("password").is_some(), true);
    let differ = app
        .call(&lena, "/api/auth/set_password", &[("token", &token), ("password", "copper kettle sings twice"), ("confirm", "copper kettle sings thrice")])
        .await;
    assert!(error_of(differ).await.for_field("confirm").is_some());
    let ok = app
        .call(&lena, "/api/auth/set_password", &[("token", &token), ("password", "copper kettle sings twice"), ("confirm", "copper kettle sings twice")])
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(app.get(&lena, "/").await.page().await.contains("Hello, Lena"), "signed in straight away");

    // Used once: the same link is refused.
    let again = app
        .call(&browser(), "/api/auth/set_password", &[("token", &token), ("password", "another fine phrase"), ("confirm", "another fine phrase")])
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let page = app.get(&browser(), &format!("/set-password/{token}")).await;
    assert_eq!(page.status(), StatusCode::GONE);
    // A tampered token is refused the same way.
    let tampered = app.get(&browser(), &format!("/set-password/{}x", &token[..42])).await;
    assert_eq!(tampered.status(), StatusCode::GONE);
    assert_eq!(app.sign_in(&browser(), "lena.park@sunrise.example", "copper kettle sings twice").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_one_time_password_must_be_replaced_before_anything_else() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN).await;
    let issued = add(&app, &admin, "Sam Ortiz", "sam@sunrise.example", "password").await;
    let Credential::OneTimePassword(otp) = issued.credential else { panic!("expected a one-time password") };
    let sam = browser();
    let res = app.sign_in(&sam, "sam@sunrise.example", &otp).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["location"], "/account/password");
    let page = app.get(&sam, "/").await;
    assert_eq!(page.status(), StatusCode::FOUND);
    assert_eq!(page.headers()["location"], "/account/password");
    assert_eq!(app.call(&sam, "/api/dashboard/summary", &[]).await.status(), StatusCode::FORBIDDEN);
    let res = app
        .call(&sam, "/api/account/change_password", &[("password", "orchard lamp river stone"), ("confirm", "orchard lamp river stone")])
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.page().await);
    assert_eq!(app.get(&sam, "/").await.status(), StatusCode::OK);
    assert_eq!(app.sign_in(&browser(), "sam@sunrise.example", &otp).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn bad_input_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN).await;
    let before = app.count("SELECT COUNT(*) AS n FROM users").await;
    let audit_before = app.count("SELECT COUNT(*) AS n FROM audit_log").await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("name", ""), ("email", "x@sunrise.example"), ("role_hr", "on"), ("method", "link")], "name"),
        (&[("name", "X"), ("email", "not an email"), ("role_hr", "on"), ("method", "link")], "email"),
        (&[("name", "X"), ("email", "x@sunrise.example"), ("method", "link")], "roles"),
        (&[("name", "X"), ("email", "x@sunrise.example"), ("role_hr", "on"), ("method", "carrier pigeon")], "method"),
        (&[("name", "Someone Else"), ("email", HR), ("role_hr", "on"), ("method", "link")], "email"),
    ];
    for (form, field) in cases {
        let res = app.call(&admin, "/api/admin/create_staff", form).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let e = error_of(res).await;
        assert!(e.for_field(field).is_some(), "expected a message for {field}: {e:?}");
    }
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM users").await, before);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log").await, audit_before);
}

#[tokio::test]
async fn role_changes_are_recorded_and_admins_cannot_lock_themselves_out() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN).await;
    let trainer_id = user_id(&app, TRAINER).await;
    let res = app.call(&admin, "/api/admin/set_roles", &[("user_id", &trainer_id), ("role_hr", "on"), ("role_trainer", "on")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'staff.roles_changed'").await, 1);
    let trainer = app.signed_in(TRAINER).await;
    assert!(app.get(&trainer, "/").await.page().await.contains("Hiring"), "the new role shows at once");

    let admin_id = user_id(&app, ADMIN).await;
    let e = error_of(app.call(&admin, "/api/admin/set_roles", &[("user_id", &admin_id), ("role_hr", "on")]).await).await;
    assert!(e.for_field("roles").is_some());
    let e = error_of(app.call(&admin, "/api/admin/set_disabled", &[("user_id", &admin_id), ("disabled", "true")]).await).await;
    assert!(e.to_string().contains("your own"), "{e}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM user_roles WHERE role = 'admin'").await, 1);
}

#[tokio::test]
async fn the_audit_page_lists_changes_for_admins() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN).await;
    add(&app, &admin, "Ola Nordmann", "ola@sunrise.example", "link").await;
    let html = app.get(&admin, "/admin/audit").await.page().await;
    assert!(html.contains("Added Ola Nordmann"), "{html}");
    assert!(html.contains("Maya Okafor"));
}
