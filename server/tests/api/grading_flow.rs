//! Grading flows: "save and next" goes from one reply to the next waiting for this grader, and
//! back to the queue when none is left; the sheet says how many are left.

use crate::helpers::*;
use app::db::RowExt;

async fn reply_of(app: &TestApp, email: &str) -> (String, String) {
    let r = sqlx::query(
        "SELECT an.attempt_id, an.item_ref FROM answers an JOIN attempts a ON a.id = an.attempt_id JOIN invitations i ON i.id = a.invitation_id
         JOIN candidates c ON c.id = i.candidate_id WHERE c.email = $1 AND an.response LIKE '{\"text\":%'",
    )
    .bind(email)
    .fetch_one(app.state.db.reader())
    .await
    .unwrap();
    (r.text("attempt_id").unwrap(), r.text("item_ref").unwrap())
}

async fn save(app: &TestApp, hr: &reqwest::Client, (attempt, item): &(String, String), then: &str) -> reqwest::Response {
    hr.post(app.url("/api/grading/submit"))
        .header("accept", "text/html")
        .header("referer", app.url(&format!("/grading/{attempt}/{item}")))
        .form(&[
            ("attempt_id", attempt.as_str()),
            ("item_ref", item.as_str()),
            ("l[c_empathy]", "3"),
            ("l[c_solution]", "3"),
            ("l[c_accuracy]", "4"),
            ("l[c_clarity]", "4"),
            ("comment", ""),
            ("then", then),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn save_and_next_walks_the_queue_and_ends_on_it() {
    let app = spawn_app().await;
    // Mei's reply waits again, beside Grace's (the demo leaves Grace's alone in the queue).
    let mei = reply_of(&app, "mei.chen@mail.example").await;
    sqlx::query("DELETE FROM grades WHERE attempt_id = $1").bind(&mei.0).execute(app.state.db.writer()).await.unwrap();
    let grace = reply_of(&app, "grace.mensah@mail.example").await;
    let hr = app.signed_in(HR).await;

    let queue: Vec<app::grading::QueueItem> = app.call(&hr, "/api/grading/queue", &[]).await.json().await.unwrap();
    assert_eq!(queue.len(), 2);
    let (first, second) = ((queue[0].attempt_id.clone(), queue[0].item_ref.clone()), (queue[1].attempt_id.clone(), queue[1].item_ref.clone()));
    assert!([&first, &second].contains(&&mei) && [&first, &second].contains(&&grace));

    let page = app.get(&hr, &format!("/grading/{}/{}", first.0, first.1)).await.page().await;
    assert!(page.contains("1 more reply waits for you after this one."), "the count of what is left");
    let res = save(&app, &hr, &first, "next").await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], format!("/grading/{}/{}?saved=1", second.0, second.1).as_str(), "on to the next reply");
    let page = app.get(&hr, &format!("/grading/{}/{}?saved=1", second.0, second.1)).await.page().await;
    assert!(page.contains("Grade saved.") && page.contains("This is the last reply waiting for you."));

    let res = save(&app, &hr, &second, "next").await;
    assert_eq!(res.headers()["location"], "/grading?graded=1", "none left: back to the queue");
    let queue: Vec<app::grading::QueueItem> = app.call(&hr, "/api/grading/queue", &[]).await.json().await.unwrap();
    assert!(queue.is_empty());
}

#[tokio::test]
async fn save_and_back_goes_to_the_queue_even_when_more_wait() {
    let app = spawn_app().await;
    let mei = reply_of(&app, "mei.chen@mail.example").await;
    sqlx::query("DELETE FROM grades WHERE attempt_id = $1").bind(&mei.0).execute(app.state.db.writer()).await.unwrap();
    let hr = app.signed_in(HR).await;
    let res = save(&app, &hr, &mei, "queue").await;
    assert_eq!(res.headers()["location"], "/grading?graded=1");
    let saved = sqlx::query("SELECT COUNT(*) AS n FROM grades WHERE attempt_id = $1").bind(&mei.0).fetch_one(app.state.db.reader()).await.unwrap();
    assert_eq!(saved.int("n").unwrap(), 1, "the grade was saved");
}

#[tokio::test]
async fn save_and_next_goes_on_from_the_reply_just_graded_then_round_to_the_oldest() {
    let app = spawn_app().await;
    for email in ["mei.chen@mail.example", "joon.kim@mail.example"] {
        let (attempt, _) = reply_of(&app, email).await;
        sqlx::query("DELETE FROM grades WHERE attempt_id = $1").bind(&attempt).execute(app.state.db.writer()).await.unwrap();
    }
    let hr = app.signed_in(HR).await;
    let queue: Vec<app::grading::QueueItem> = app.call(&hr, "/api/grading/queue", &[]).await.json().await.unwrap();
    assert_eq!(queue.len(), 3);
    let at = |i: usize| (queue[i].attempt_id.clone(), queue[i].item_ref.clone());
    let link = |(a, i): (String, String)| format!("/grading/{a}/{i}?saved=1");
    // Opened from the middle of the queue, "next" is the one after it, not the oldest.
    let res = save(&app, &hr, &at(1), "next").await;
    assert_eq!(res.headers()["location"], link(at(2)).as_str());
    // From the last, round to the oldest still waiting.
    let res = save(&app, &hr, &at(2), "next").await;
    assert_eq!(res.headers()["location"], link(at(0)).as_str());
}
