//! Never losing an answer: saves are applied in the order the candidate made them, not the order
//! they arrive; the form that moves on carries every field; no section closes by surprise; the
//! review says what is missing and leads back to it; counts and times tell the truth.

use crate::helpers::*;
use crate::screening::{demo_position, invite, section, start, step};
use app::attempt::types::{Answer, ItemBody, SectionPage, SectionSaved, Step};
use app::db::RowExt;
use reqwest::StatusCode;
use std::time::Duration;

async fn candidate(app: &TestApp, extra: &str) -> String {
    let hr = app.signed_in(HR).await;
    let position = demo_position(app).await;
    let email = format!("hurried.{}@mail.example", uuid::Uuid::new_v4().simple());
    let token = invite(app, &hr, &position, "Harper Hurried", &email, extra).await;
    start(app, &token).await;
    token
}

async fn save_seq(app: &TestApp, token: &str, section: usize, item: &str, value: &str, seq: i64) -> reqwest::Response {
    let (s, q) = (section.to_string(), seq.to_string());
    app.call(&browser(), "/api/take/save", &[("token", token), ("section", &s), ("item", item), ("value", value), ("seq", &q)]).await
}

/// Posts a section's form as the browser's script does: each field with its edit number.
async fn post_section(app: &TestApp, token: &str, section: usize, fields: &[(&str, &str, i64)], extra: &[(&str, &str)]) -> reqwest::Response {
    let mut form: Vec<(String, String)> = vec![("token".into(), token.into()), ("section".into(), section.to_string())];
    for (item, value, seq) in fields {
        form.push((format!("a[q{item}]"), value.to_string()));
        form.push((format!("s[q{item}]"), seq.to_string()));
    }
    for (k, v) in extra {
        form.push((k.to_string(), v.to_string()));
    }
    browser().post(app.url("/api/take/section")).header("accept", "application/json").form(&form).send().await.unwrap()
}

/// Moves on from sections until one holds an item of the kind `want` picks.
async fn skip_to(app: &TestApp, token: &str, want: impl Fn(&ItemBody) -> bool) -> SectionPage {
    for _ in 0..6 {
        let page = section(app, token).await;
        if page.items.iter().any(|i| want(&i.body)) {
            return page;
        }
        crate::screening::finish_section(app, token, page.index).await;
    }
    panic!("no such section");
}

/// Leaves every remaining section as it is, to reach the review.
async fn finish_every_section(app: &TestApp, token: &str) {
    while let Step::Section(p) = step(app, token).await {
        crate::screening::finish_section(app, token, p.index).await;
    }
}

/// The stored responses of one section (a closed one included), as JSON.
async fn stored(app: &TestApp, token: &str, section: usize) -> Vec<serde_json::Value> {
    sqlx::query(
        "SELECT a.response FROM answers a JOIN attempts t ON t.id = a.attempt_id JOIN invitations i ON i.id = t.invitation_id
         WHERE i.token_hash = $1 AND a.item_ref LIKE $2",
    )
    .bind(app::auth::tokens::digest(token))
    .bind(format!("{section}:%"))
    .fetch_all(app.state.db.reader())
    .await
    .unwrap()
    .iter()
    .map(|r| serde_json::from_str(&r.text("response").unwrap()).unwrap())
    .collect()
}

#[tokio::test]
async fn a_late_autosave_never_overwrites_a_newer_answer() {
    let app = spawn_app().await;
    let token = candidate(&app, "100").await;
    let page = section(&app, &token).await;
    let t = page.server_now;
    let (a, b) = (page.items[0].id.as_str(), page.items[1].id.as_str());

    // The section form (saved before the page was hidden) carries a newer edit than an autosave
    // still in flight; the autosave arrives last and changes nothing.
    let res = post_section(&app, &token, 0, &[(a, "5", t + 300)], &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<SectionSaved>().await.unwrap(), SectionSaved::Saved);
    assert_eq!(save_seq(&app, &token, 0, a, "2", t + 200).await.status(), StatusCode::OK);
    assert_eq!(section(&app, &token).await.answer(a), Some(&Answer::Likert(5)));
    // Two autosaves out of order: the older one never wins.
    save_seq(&app, &token, 0, b, "4", t + 500).await;
    save_seq(&app, &token, 0, b, "1", t + 400).await;
    assert_eq!(section(&app, &token).await.answer(b), Some(&Answer::Likert(4)));
    // A newer edit does replace it.
    save_seq(&app, &token, 0, b, "3", t + 600).await;
    assert_eq!(section(&app, &token).await.answer(b), Some(&Answer::Likert(3)));

    // Twenty saves of one answer at once, in shuffled order: the newest edit is what stays.
    let c = page.items[2].id.clone();
    let mut saves = tokio::task::JoinSet::new();
    for n in (0..20i64).map(|n| (n * 7) % 20) {
        let (url, token, c) = (app.url("/api/take/save"), token.clone(), c.clone());
        saves.spawn(async move {
            let form = [("token", token), ("section", "0".into()), ("item", c), ("value", (1 + n % 5).to_string()), ("seq", (t + 1_000 + n).to_string())];
            browser().post(url).header("accept", "application/json").form(&form).send().await.unwrap().status()
        });
    }
    while let Some(status) = saves.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::OK);
    }
    assert_eq!(section(&app, &token).await.answer(&c), Some(&Answer::Likert(1 + 19 % 5)), "the edit numbered last wins");

    // A made-up edit number is refused and changes nothing.
    let res = app.call(&browser(), "/api/take/save", &[("token", &token), ("section", "0"), ("item", a), ("value", "1"), ("seq", "soon")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(section(&app, &token).await.answer(a), Some(&Answer::Likert(5)));
}


#[tokio::test]
async fn the_form_that_moves_on_keeps_the_whole_reply_over_an_autosave_in_flight() {
    let app = spawn_app().await;
    let token = candidate(&app, "100").await;
    let page = skip_to(&app, &token, |b| matches!(b, ItemBody::Written { .. })).await;
    let item = page.items.iter().find(|i| matches!(i.body, ItemBody::Written { .. })).unwrap().id.clone();
    let t = page.server_now;
    let full = "Hi Dana, I am so sorry the sole came away on the trail. A new pair ships today by express.";
    // The candidate pressed "Finish and review" a moment after the last keystroke: the form
    // carries the whole reply; the autosave of the first words arrives after it.
    let res = post_section(&app, &token, page.index, &[(&item, full, t + 900)], &[("finish", "1")]).await;
    assert_eq!(res.json::<SectionSaved>().await.unwrap(), SectionSaved::MovedOn);
    let late = save_seq(&app, &token, page.index, &item, "Hi Dana, I am", t + 400).await;
    assert_eq!(late.status(), StatusCode::CONFLICT, "the section is closed");
    assert_eq!(stored(&app, &token, page.index).await, vec![serde_json::json!({ "text": full })]);
    match step(&app, &token).await {
        Step::Review(r) => {
            let s = r.sections.iter().find(|s| s.index == page.index).unwrap();
            assert!(s.unanswered.is_empty(), "{s:?}");
        }
        other => panic!("expected the review, got {other:?}"),
    }
}

#[tokio::test]
async fn a_form_posted_without_javascript_or_by_the_beacon_saves_the_reply() {
    let app = spawn_app().await;
    let token = candidate(&app, "100").await;
    let page = skip_to(&app, &token, |b| matches!(b, ItemBody::Written { .. })).await;
    let item = page.items.iter().find(|i| matches!(i.body, ItemBody::Written { .. })).unwrap().id.clone();
    let section = page.index.to_string();
    // The page being hidden: the browser's beacon posts the section without `finish` and with
    // no Accept header of its own.
    let draft = "Hi Dana, I'm sorry";
    let res = browser()
        .post(app.url("/api/take/section"))
        .form(&[("token", token.as_str()), ("section", &section), (&format!("a[q{item}]"), draft), (&format!("s[q{item}]"), &page.server_now.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(crate::screening::section(&app, &token).await.answer(&item), Some(&Answer::Text(draft.into())));
    // Without JavaScript the form posts the reply as typed, with no edit numbers.
    let full = "Hi Dana, I'm sorry about the boots. A new pair ships today.";
    let from = format!("/take/{token}/now");
    let res = app.post_without_js("/api/take/section", &from, &[("token", token.as_str()), ("section", &section), ("finish", "1"), (&format!("a[q{item}]"), full)]).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], format!("/take/{token}/now"));
    assert_eq!(stored(&app, &token, page.index).await, vec![serde_json::json!({ "text": full })]);
}

#[tokio::test]
async fn the_typing_text_the_form_carries_is_kept() {
    let app = spawn_app().await;
    let token = candidate(&app, "100").await;
    let page = skip_to(&app, &token, |b| matches!(b, ItemBody::Typing { .. })).await;
    let (item, passage) = page
        .items
        .iter()
        .find_map(|i| match &i.body {
            ItemBody::Typing { passage, .. } => Some((i.id.clone(), passage.clone())),
            _ => None,
        })
        .unwrap();
    let s = page.index.to_string();
    let started = app.call(&browser(), "/api/take/typing_start", &[("token", token.as_str()), ("section", &s), ("item", &item)]).await;
    assert_eq!(started.status(), StatusCode::OK);
    app.clock.advance(Duration::from_secs(30));
    let t = page.server_now + 30_000;
    let part: String = passage.chars().take(40).collect();
    let all: String = passage.chars().take(90).collect();
    let res = app.call(&browser(), "/api/take/typing_save", &[("token", token.as_str()), ("section", &s), ("item", &item), ("text", &part), ("seq", &(t - 2_000).to_string())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    // The typing counts as answered as soon as there is text.
    assert!(matches!(section(&app, &token).await.answer(&item), Some(Answer::Typing { text, .. }) if *text == part));
    // "Save and continue" at once after the last keystrokes: the form carries them.
    let res = post_section(&app, &token, page.index, &[(&item, &all, t)], &[("finish", "1")]).await;
    assert_eq!(res.json::<SectionSaved>().await.unwrap(), SectionSaved::MovedOn);
    // The periodic save of the older text, still in flight, arrives after: it changes nothing.
    let late = app.call(&browser(), "/api/take/typing_save", &[("token", token.as_str()), ("section", &s), ("item", &item), ("text", &part), ("seq", &(t - 1_000).to_string())]).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let typed = stored(&app, &token, page.index).await;
    assert_eq!(typed[0]["typing"]["text"], serde_json::json!(all));
    assert!(typed[0]["typing"]["ended_at"].as_i64().is_some(), "the test ended with the section");
}

#[tokio::test]
async fn a_section_with_blank_questions_is_not_left_by_surprise() {
    let app = spawn_app().await;
    let token = candidate(&app, "100").await;
    let page = section(&app, &token).await;
    let t = page.server_now;
    // Every statement answered but two.
    for item in page.items.iter().filter(|i| i.id != "3" && i.id != "11") {
        assert_eq!(save_seq(&app, &token, 0, &item.id, "4", t).await.status(), StatusCode::OK);
    }
    let res = post_section(&app, &token, 0, &[], &[("finish", "1")]).await;
    assert_eq!(res.json::<SectionSaved>().await.unwrap(), SectionSaved::Unanswered(vec![3, 11]));
    assert_eq!(section(&app, &token).await.index, 0, "the section stays open");

    // Without JavaScript: back to the same section, which lists the two questions.
    let from = format!("/take/{token}/now");
    let res = app.post_without_js("/api/take/section", &from, &[("token", token.as_str()), ("section", "0"), ("finish", "1")]).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(location, format!("/take/{token}/now?unanswered=1#unanswered"));
    let html = app.get(&browser(), &location).await.page().await;
    assert!(html.contains("2 questions are not answered yet"), "{html}");
    assert!(html.contains("You have not answered questions 4 and 12."));
    assert!(html.contains("href=\"#item-3\"") && html.contains("href=\"#item-11\""));
    assert!(html.contains("Continue without answering"));

    // The candidate chooses to continue: the section closes with what was given.
    let res = post_section(&app, &token, 0, &[], &[("finish", "1"), ("blank_ok", "1")]).await;
    assert_eq!(res.json::<SectionSaved>().await.unwrap(), SectionSaved::MovedOn);
    assert_eq!(section(&app, &token).await.index, 1);

    // The rest, answered or not, then the review: it names the blank questions per section and
    // leads back to the first section, whose clock still runs.
    finish_every_section(&app, &token).await;
    let Step::Review(review) = step(&app, &token).await else { panic!("expected the review") };
    let first = &review.sections[0];
    assert_eq!(first.unanswered, vec![3, 11]);
    assert!(first.can_reopen && !first.timed_out, "{first:?}");
    assert_eq!(review.answered, 18, "{review:?}");
    let html = app.get(&browser(), &format!("/take/{token}/now")).await.page().await;
    assert!(html.contains("Question 4") && html.contains("Question 12"), "{html}");

    // Going back to question 4: a plain form post, as the review's button makes.
    let res = app.post_without_js("/api/take/reopen", &from, &[("token", token.as_str()), ("section", "0"), ("item", "3")]).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], format!("/take/{token}/now#item-3"));
    let again = section(&app, &token).await;
    assert_eq!(again.index, 0);
    assert_eq!(again.deadline, page.deadline, "the section's own clock goes on");
    assert_eq!(save_seq(&app, &token, 0, "3", "5", t + 10_000).await.status(), StatusCode::OK);
    let res = post_section(&app, &token, 0, &[], &[("finish", "1"), ("blank_ok", "1")]).await;
    assert_eq!(res.json::<SectionSaved>().await.unwrap(), SectionSaved::MovedOn);
    // Straight back to the review: the later sections stay as they were.
    let Step::Review(review) = step(&app, &token).await else { panic!("expected the review") };
    assert_eq!(review.sections[0].unanswered, vec![11]);

    // Once the section's time is over it cannot be opened again, and the review says so.
    app.clock.advance(Duration::from_secs(13 * 60));
    let res = app.call(&browser(), "/api/take/reopen", &[("token", token.as_str()), ("section", "0"), ("item", "11")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let Step::Review(review) = step(&app, &token).await else { panic!("expected the review") };
    assert!(!review.sections[0].can_reopen);
    let html = app.get(&browser(), &format!("/take/{token}/now")).await.page().await;
    assert!(html.contains("cannot be opened again"), "{html}");
}

#[tokio::test]
async fn a_section_whose_time_ran_out_closes_with_what_was_saved_and_says_so() {
    let app = spawn_app().await;
    let token = candidate(&app, "100").await;
    let page = section(&app, &token).await;
    save_seq(&app, &token, 0, &page.items[0].id, "4", page.server_now).await;
    // The timer ran out: the form arrives just after the deadline, blanks and all.
    app.clock.advance(Duration::from_millis((page.deadline.unwrap() - page.server_now + 2_000) as u64));
    let res = post_section(&app, &token, 0, &[(&page.items[1].id, "2", page.server_now + 5_000)], &[("finish", "1")]).await;
    assert_eq!(res.json::<SectionSaved>().await.unwrap(), SectionSaved::MovedOn, "time, not blanks, decides");
    let next = section(&app, &token).await;
    assert_eq!(next.index, 1);
    let notice = next.notice.expect("the next section says the time ran out");
    assert!(notice.contains("Time ran out for “How you like to work”"), "{notice}");
    assert_eq!(stored(&app, &token, 0).await.len(), 2, "both answers given in time are kept");
}

#[tokio::test]
async fn counts_and_times_are_the_candidates_own() {
    let app = spawn_app().await;
    let token = candidate(&app, "150").await;
    let page = section(&app, &token).await;
    // The instructions and the page state the candidate's own time, not the standard 12 minutes.
    assert_eq!(page.time_allowed.as_deref(), Some("You have 18 minutes for this section, with your 1.5× time."));
    assert!(!page.instructions.contains("12 minutes"), "{}", page.instructions);
    let html = app.get(&browser(), &format!("/take/{token}/now")).await.page().await;
    assert!(html.contains("You have 18 minutes for this section, with your 1.5× time."));
    // The review reads long durations in hours and minutes.
    finish_every_section(&app, &token).await;
    let html = app.get(&browser(), &format!("/take/{token}/now")).await.page().await;
    assert!(html.contains("Ready to submit?"), "{html}");
    let from_now = html.split(" from now").next().unwrap();
    let tail: String = from_now.chars().rev().take(14).collect::<String>().chars().rev().collect();
    assert!(tail.contains(" h"), "an hour or more reads in hours: {tail}");
    assert!(!tail.contains(':'), "no minutes:seconds beyond an hour: {tail}");
}
