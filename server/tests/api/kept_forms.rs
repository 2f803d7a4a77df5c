//! A form posted without JavaScript that the server refuses comes back to its page with a
//! clean address, every value as typed, the message next to its field and focus on it; what
//! was typed is kept once, for the person who typed it, and never a password.

use crate::helpers::*;
use app::db::RowExt;
use reqwest::StatusCode;

async fn a_position(app: &TestApp) -> String {
    sqlx::query("SELECT id FROM positions WHERE status = 'open' ORDER BY created_at LIMIT 1")
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("id")
        .unwrap()
}

/// Posts `form` to `path` from `page` as a browser without JavaScript does, with `client`'s
/// cookies.
async fn post_plain(app: &TestApp, client: &reqwest::Client, path: &str, page: &str, form: &[(&str, &str)]) -> reqwest::Response {
    client
        .post(app.url(path))
        .header("accept", "text/html")
        .header("referer", app.url(page))
        .form(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_refused_batch_of_invitations_comes_back_with_the_list_and_its_extra_time() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = a_position(&app).await;
    let page = format!("/positions/{position}");
    let before = app.count("SELECT COUNT(*) AS n FROM invitations").await;
    let list = "Ana López <ana.lopez@example.com>\nJoon Kim, not-an-email";
    let res = post_plain(&app, &hr, "/api/positions/invite", &page, &[("position_id", &position), ("people", list), ("extra_time", "200")]).await;

    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], page.as_str(), "the address stays clean");
    let html = app.get(&hr, &page).await.page().await;
    assert!(html.contains("Ana López &lt;ana.lopez@example.com&gt;") && html.contains("Joon Kim, not-an-email"), "the list is as typed: {html}");
    assert!(html.contains(r#"<option value="200" selected"#), "extra time stays ×2");
    assert!(!html.contains(r#"<option value="100" selected"#));
    assert!(html.contains("not-an-email"), "the message names the bad line");
    let textarea = &html[html.find("<textarea id=\"people\"").expect("the list field")..];
    let textarea = &textarea[..textarea.find('>').unwrap()];
    assert!(textarea.contains("autofocus") && textarea.contains(r#"aria-invalid="true""#), "focus is on the list: {textarea}");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM invitations").await, before, "nobody was invited");

    // Read once: a reload shows the empty form.
    let again = app.get(&hr, &page).await.page().await;
    assert!(!again.contains("not-an-email"));
}

#[tokio::test]
async fn the_sign_in_form_keeps_the_email_but_never_the_password() {
    let app = spawn_app().await;
    let client = browser();
    let res = post_plain(&app, &client, "/api/auth/sign_in", "/sign-in", &[("email", HR), ("password", "definitely wrong!"), ("next", "")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/sign-in");
    let kept = app.count("SELECT COUNT(*) AS n FROM refused_forms WHERE form_values LIKE '%definitely wrong%'").await;
    assert_eq!(kept, 0, "the password is not stored");
    let html = app.get(&client, "/sign-in").await.page().await;
    assert!(html.contains("do not match an account"), "the error is on the page");
    assert!(html.contains(&format!(r#"value="{HR}""#)), "the email is as typed: {html}");
    assert!(!html.contains("definitely wrong"));
}

#[tokio::test]
async fn what_one_person_typed_is_never_shown_to_another() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = a_position(&app).await;
    let page = format!("/positions/{position}");
    let res = post_plain(&app, &hr, "/api/positions/invite", &page, &[("position_id", &position), ("people", "Secret Person, nope"), ("extra_time", "100")]).await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("keepers_form="))
        .map(|v| v.split(';').next().unwrap().to_string())
        .expect("a cookie finds the kept form");
    let kept = app::ui::kept_store::take(&app.state.db, app.state.now(), &cookie, Some("someone-else"), &page).await.unwrap();
    assert!(kept.is_none(), "another person's cookie copy finds nothing");
    let html = app.get(&hr, &page).await.page().await;
    assert!(!html.contains("Secret Person"), "and the attempt used it up");
}

#[tokio::test]
async fn a_refused_form_left_alone_is_forgotten() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = a_position(&app).await;
    let page = format!("/positions/{position}");
    post_plain(&app, &hr, "/api/positions/invite", &page, &[("position_id", &position), ("people", "Late Person, nope"), ("extra_time", "100")]).await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM refused_forms").await, 1);
    app.clock.advance(std::time::Duration::from_secs(11 * 60));
    server::startup::housekeeping_pass(&app.state).await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM refused_forms").await, 0);
    let html = app.get(&hr, &page).await.page().await;
    assert!(!html.contains("Late Person"));
}

#[tokio::test]
async fn enrolling_offers_the_next_cohort_that_has_not_started() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = crate::screening::demo_position(&app).await;
    let choices: app::training::EnrolOptions =
        app.call(&hr, "/api/cohorts/enrol_choices", &[("position_id", position.as_str())]).await.json().await.unwrap();
    let january = crate::offer::cohort_id(&app, "January cohort").await;
    let october = crate::offer::cohort_id(&app, "October cohort").await;
    assert_eq!(choices.suggested.as_deref(), Some(january.as_str()), "the cohort that has not started comes first");
    let (_, _, when) = choices.cohorts.iter().find(|(id, _, _)| *id == october).expect("October is still running");
    assert!(when.contains("in week 3"), "a running cohort says how far it is: {when}");

    let html = app.get(&hr, &format!("/positions/{position}/results")).await.page().await;
    let select = &html[html.find("id=\"enrol-cohort\"").expect("the enrol form")..];
    let chosen = &select[..select.find("</select>").unwrap()];
    let selected = chosen.split("<option").find(|o| o.contains(" selected")).expect("one option is chosen");
    assert!(selected.contains(&january) && selected.contains("January"), "{selected}");
}
