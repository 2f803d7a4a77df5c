//! Trust boundaries tried the way an attacker or a careless user would: parallel guessing,
//! spoofed proxy headers, someone else's set-password link, a trainee who has left taking the
//! Offer, a reset that should end sessions, foreign origins and bodies too large to read.

use crate::helpers::*;
use app::auth::proxy::ProxyTrust;
use app::db::RowExt;
use app::error::AppError;
use app::outbox::OutboxPage;
use reqwest::{Client, StatusCode};
use std::time::Duration;

/// A sign-in as a script would send it, from `forwarded_for` when given.
async fn try_sign_in(app: &TestApp, email: &str, password: &str, forwarded_for: Option<&str>) -> reqwest::Response {
    let mut req = browser().post(app.url("/api/auth/sign_in")).header("accept", "application/json");
    if let Some(f) = forwarded_for {
        req = req.header("x-forwarded-for", f);
    }
    req.form(&[("email", email), ("password", password), ("next", "")]).send().await.expect("request")
}

/// Fires `n` sign-ins at once and returns their statuses.
async fn burst(app: &TestApp, n: usize, email: &str, password: &str, forwarded_for: impl Fn(usize) -> Option<String>) -> Vec<StatusCode> {
    let mut all = tokio::task::JoinSet::new();
    for i in 0..n {
        let (url, email, password, from) = (app.url("/api/auth/sign_in"), email.to_string(), password.to_string(), forwarded_for(i));
        all.spawn(async move {
            let mut req = browser().post(url).header("accept", "application/json");
            if let Some(f) = from {
                req = req.header("x-forwarded-for", f);
            }
            req.form(&[("email", email.as_str()), ("password", password.as_str()), ("next", "")]).send().await.expect("request").status()
        });
    }
    all.join_all().await
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test]
async fn sixty_parallel_guesses_check_at_most_the_allowance_and_the_owner_gets_in_after_the_delay() {
    let app = spawn_app().await;
    let statuses = burst(&app, 60, HR, "not the password at all", |_| None).await;
    // A wrong password that was checked answers 422; a try refused before checking, 429.
    let checked = count(&statuses, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(checked <= 5, "at most the free allowance of 5 was checked, not {checked}: {statuses:?}");
    assert!(checked >= 1, "{statuses:?}");
    assert_eq!(checked + count(&statuses, StatusCode::TOO_MANY_REQUESTS), 60, "nothing else, never a 500: {statuses:?}");
    assert!(app.state.hashing.most_at_once() <= app.state.hashing.size());

    // The owner, from the same address, waits out the first delay only: not an hour.
    assert_eq!(try_sign_in(&app, HR, PASSWORD, None).await.status(), StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(Duration::from_secs(31));
    assert_eq!(try_sign_in(&app, HR, PASSWORD, None).await.status(), StatusCode::OK);
    // Other accounts at the address were never blocked.
    let statuses = burst(&app, 1, TRAINER, PASSWORD, |_| None).await;
    assert_eq!(statuses, [StatusCode::OK]);
}

#[tokio::test]
async fn many_addresses_against_one_account_cannot_lock_the_owner_out_at_their_usual_address() {
    let app = spawn_app_with(|c| c.settings.proxies = ProxyTrust::Hops(1)).await;
    // The owner signs in from home once; that address is now theirs.
    assert_eq!(try_sign_in(&app, HR, PASSWORD, Some("198.51.100.7")).await.status(), StatusCode::OK);
    // A botnet: sixty addresses, a few guesses each.
    let statuses = burst(&app, 60, HR, "guess guess guess", |i| Some(format!("203.0.113.{}", i % 20))).await;
    let checked = count(&statuses, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(checked <= 10, "the account's own allowance bounds what is checked: {checked}");
    assert_eq!(count(&statuses, StatusCode::INTERNAL_SERVER_ERROR), 0);
    // A new address is refused while the account is under attack...
    assert_eq!(try_sign_in(&app, HR, PASSWORD, Some("192.0.2.50")).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // ...but the owner at their usual address is not.
    assert_eq!(try_sign_in(&app, HR, PASSWORD, Some("198.51.100.7")).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_spoofed_forwarded_for_does_not_buy_more_guesses() {
    // Without a trusted proxy the header is ignored: every guess counts against the real peer.
    let app = spawn_app().await;
    let mut refused = 0;
    for i in 0..8 {
        let status = try_sign_in(&app, TRAINER, "wrong guess here", Some(&format!("10.9.8.{i}"))).await.status();
        refused += (status == StatusCode::TOO_MANY_REQUESTS) as usize;
    }
    assert_eq!(refused, 3, "the sixth, seventh and eighth are refused");

    // Behind one trusted proxy, only the entry it added counts; the client's own entries vary freely.
    let app = spawn_app_with(|c| c.settings.proxies = ProxyTrust::Hops(1)).await;
    let mut refused = 0;
    for i in 0..8 {
        let header = format!("10.9.8.{i}, 203.0.113.9");
        let status = try_sign_in(&app, TRAINER, "wrong guess here", Some(&header)).await.status();
        refused += (status == StatusCode::TOO_MANY_REQUESTS) as usize;
    }
    assert_eq!(refused, 3);
    let ips: Vec<String> = sqlx::query("SELECT key FROM login_throttle WHERE scope = 'pair'")
        .fetch_all(app.state.db.reader())
        .await
        .unwrap()
        .iter()
        .map(|r| r.text("key").unwrap())
        .collect();
    assert_eq!(ips, [format!("{TRAINER} 203.0.113.9")]);
}

#[tokio::test]
async fn forwarded_proto_is_believed_only_from_a_trusted_proxy() {
    let secure = |res: &reqwest::Response| {
        res.headers().get_all("set-cookie").iter().any(|v| v.to_str().unwrap().starts_with("keepers_session=") && v.to_str().unwrap().contains("; Secure"))
    };
    let post = |app: &TestApp| {
        browser().post(app.url("/api/auth/sign_in")).header("x-forwarded-proto", "https").form(&[("email", HR), ("password", PASSWORD)]).send()
    };
    let direct = spawn_app().await;
    let res = post(&direct).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!secure(&res), "a client cannot claim https for itself");
    let proxied = spawn_app_with(|c| c.settings.proxies = ProxyTrust::parse("127.0.0.1").unwrap()).await;
    let res = post(&proxied).await.unwrap();
    assert!(secure(&res), "the proxy at 127.0.0.1 says the client used https");
}

#[tokio::test]
async fn origins_must_match_in_scheme_host_and_port() {
    let app = spawn_app().await;
    let host = app.base.trim_start_matches("http://").to_string();
    for origin in [format!("https://{host}"), format!("ftp://{host}"), "null".to_string(), format!("http://{host}.evil.example")] {
        let res = browser().post(app.url("/api/auth/sign_in")).header("origin", &origin).form(&[("email", HR), ("password", PASSWORD)]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{origin}");
    }
    let res = browser().post(app.url("/api/auth/sign_in")).header("origin", format!("HTTP://{}", host.to_uppercase())).form(&[("email", HR), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "scheme and host compare without case");

    // With a public address set, that is the origin that counts.
    let public = spawn_app_with(|c| c.settings.public_url = Some("https://keepers.example".into())).await;
    let res = browser().post(public.url("/api/auth/sign_in")).header("origin", public.base.clone()).form(&[("email", HR), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = browser().post(public.url("/api/auth/sign_in")).header("origin", "https://keepers.example").form(&[("email", HR), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_body_too_large_to_read_is_refused_with_a_message() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let huge = "x".repeat(3 * 1024 * 1024);
    for path in ["/api/auth/sign_in", "/api/positions/invite", "/api/admin/audit_log"] {
        let res = app.call(&hr, path, &[("email", huge.as_str()), ("people", huge.as_str())]).await;
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert!(error_of(res).await.to_string().contains("more than Keepers accepts"), "{path}");
    }
    // A body with no length given (chunked) is cut off at the limit too.
    let status = chunked_post(&app, "/api/auth/sign_in", 3 * 1024 * 1024).await;
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");
    // Ordinary requests still work.
    assert_eq!(app.get(&hr, "/").await.status(), StatusCode::OK);
}

/// Posts `size` bytes in chunks without a Content-Length, as a raw HTTP/1.1 client would;
/// returns the status line.
async fn chunked_post(app: &TestApp, path: &str, size: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
    let head = format!("POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", app.base.trim_start_matches("http://"));
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < size {
        // The server may answer and close before everything is sent.
        if stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await.is_err()
            || stream.write_all(&chunk).await.is_err()
            || stream.write_all(b"\r\n").await.is_err()
        {
            break;
        }
        sent += chunk.len();
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).lines().next().unwrap_or("").to_string()
}

/// Ana is enrolled from the demo position into the October cohort, which writes her welcome email.
async fn enrol_ana(app: &TestApp, hr: &Client) {
    let position = crate::screening::demo_position(app).await;
    let choices: app::training::EnrolOptions =
        app.call(hr, "/api/cohorts/enrol_choices", &[("position_id", position.as_str())]).await.json().await.unwrap();
    let ana = &choices.hired[0].invitation_id;
    let (cohort, _, _) = choices.cohorts.iter().find(|(_, name, _)| name.contains("January")).or(choices.cohorts.first()).unwrap();
    let pick = format!("pick[i{ana}]");
    let res = app.call(hr, "/api/cohorts/enrol", &[("position_id", position.as_str()), ("cohort_id", cohort.as_str()), (pick.as_str(), "on")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
}

async fn outbox(app: &TestApp, hr: &Client) -> OutboxPage {
    app.call(hr, "/api/outbox/list", &[]).await.json().await.unwrap()
}

#[tokio::test]
async fn hr_never_sees_a_trainees_set_password_link_and_can_send_a_new_one_that_ends_the_old() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    enrol_ana(&app, &hr).await;
    let page = outbox(&app, &hr).await;
    let welcome = page.messages.iter().find(|m| m.to.contains("ana.lopez@mail.example")).expect("her welcome email");
    assert!(welcome.private && welcome.link.is_none() && welcome.can_send_new);
    assert!(!welcome.body.contains("/set-password/"), "{}", welcome.body);
    let html = app.get(&hr, "/outbox").await.page().await;
    assert!(!html.contains("/set-password/"), "the page holds no set-password link");
    // Candidate invitations stay copyable: HR hands them over, and a copy is recorded.
    let invitation = page.messages.iter().find(|m| m.link.as_deref().is_some_and(|l| l.contains("/take/"))).expect("an invitation");
    assert_eq!(app.call(&hr, "/api/outbox/link_copied", &[("message_id", invitation.id.as_str())]).await.status(), StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'invitations.link_copied'").await, 1);
    assert_eq!(app.call(&hr, "/api/outbox/link_copied", &[("message_id", welcome.id.as_str())]).await.status(), StatusCode::NOT_FOUND, "a private message has no link to copy");

    // Her mailbox (the stored message) has the link; HR sends a new one, which ends it.
    let links = || {
        let app = &app;
        async move {
            sqlx::query("SELECT link FROM outbox WHERE to_email = 'ana.lopez@mail.example' AND link LIKE '%/set-password/%'")
                .fetch_all(app.state.db.reader())
                .await
                .unwrap()
                .iter()
                .map(|r| r.text("link").unwrap())
                .collect::<Vec<_>>()
        }
    };
    let first = links().await.pop().unwrap();
    let res = app.call(&hr, "/api/outbox/new_link", &[("message_id", welcome.id.as_str())]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let all = links().await;
    assert_eq!(all.len(), 2);
    let second = all.into_iter().find(|l| *l != first).unwrap();
    let token = |l: &str| l.rsplit('/').next().unwrap().to_string();
    assert_eq!(app.get(&browser(), &format!("/set-password/{}", token(&first))).await.status(), StatusCode::GONE, "the old link ended");
    let ana = browser();
    let password = "violet-canyon-lantern-42";
    let res = app.call(&ana, "/api/auth/set_password", &[("token", &token(&second)), ("password", password), ("confirm", password)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    // Once she has a password, HR cannot send a link that would replace it.
    let res = app.call(&hr, "/api/outbox/new_link", &[("message_id", welcome.id.as_str())]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'staff.password_link_sent'").await, 1);
    // A trainer cannot ask for one.
    let tom = app.signed_in(TRAINER).await;
    assert_eq!(app.call(&tom, "/api/outbox/new_link", &[("message_id", welcome.id.as_str())]).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_password_reset_by_link_ends_the_persons_sessions_at_once() {
    let app = spawn_app().await;
    let tom = app.signed_in(TRAINER).await;
    assert_eq!(app.get(&tom, "/").await.status(), StatusCode::OK);
    let admin = app.signed_in(ADMIN).await;
    let tom_id = sqlx::query("SELECT id FROM users WHERE email = $1").bind(TRAINER).fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap();
    let res = app.call(&admin, "/api/admin/reset_password", &[("user_id", tom_id.as_str()), ("method", "link")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert_eq!(app.get(&tom, "/").await.status(), StatusCode::FOUND, "whoever held Tom's session is out");
}

#[tokio::test]
async fn a_trainee_marked_as_left_cannot_take_the_offer_and_is_owed_nothing() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let october = crate::offer::cohort_id(&app, "October cohort").await;
    let res = crate::offer::open(&app, &hr, &october, "3", "2,500", 72, "stays").await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let yuki = app.signed_in("yuki.tanaka@mail.example").await;
    let yuki_id = crate::offer::trainee_id(&app, "yuki.tanaka@mail.example").await;
    let res = app.call(&hr, "/api/cohorts/trainee_left", &[("trainee_id", yuki_id.as_str()), ("reason", "Moved to another city.")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());

    let res = crate::offer::answer(&app, &yuki, "take").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(error_of(res).await.to_string().contains("left training"));
    let csv = app.get(&hr, &format!("/cohorts/{october}/offer/payouts.csv")).await.text().await.unwrap();
    assert!(!csv.contains("Yuki"), "no payout for someone who left: {csv}");
    let page = crate::offer::offer_page(&app, &hr, &october).await;
    let (_, rows, counts) = page.offer.unwrap();
    let row = rows.iter().find(|r| r.name == "Yuki Tanaka").unwrap();
    assert_eq!(row.latest.as_ref().map(|d| d.answer), Some(app::offer::Answer::Withdrawn));
    assert_eq!((counts.offered, counts.withdrawn), (6, 1));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'offer.withdrawn'").await, 1);
}

#[tokio::test]
async fn a_refused_cross_site_post_does_not_fail_open_and_a_throttled_reply_says_when() {
    let app = spawn_app().await;
    for _ in 0..5 {
        try_sign_in(&app, TRAINER, "nope nope nope", None).await;
    }
    let res = try_sign_in(&app, TRAINER, PASSWORD, None).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let after: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&after));
    assert!(matches!(error_of(res).await, AppError::Throttled { .. }));
}

#[tokio::test]
async fn expired_throttle_rows_are_purged() {
    let app = spawn_app().await;
    for _ in 0..3 {
        try_sign_in(&app, TRAINER, "nope nope nope", None).await;
    }
    assert!(app.count("SELECT COUNT(*) AS n FROM login_throttle").await > 0);
    app.clock.advance(Duration::from_secs(25 * 60 * 60));
    app::auth::throttle::purge(&app.state.db, app.state.now(), &app.state.settings.throttle).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM login_throttle").await, 0);
}

#[tokio::test]
async fn bad_input_that_used_to_be_a_500_is_answered_plainly() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    // The audit log search: too long is refused next to the field (server function, page, CSV).
    let long = "a".repeat(50_001);
    let res = app.call(&hr, "/api/admin/audit_log", &[("query[q]", long.as_str())]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_of(res).await.for_field("q").is_some());
    let page = app.get(&hr, &format!("/admin/audit?q={}", "a".repeat(300))).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.page().await.contains("Search for at most 200 characters."));
    assert_eq!(app.get(&hr, &format!("/admin/audit.csv?q={}", "a".repeat(300))).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // `%` and `_` are searched for, not wildcards.
    let results: app::audit::AuditResults = app.call(&hr, "/api/admin/audit_log", &[("query[q]", "%")]).await.json().await.unwrap();
    assert!(results.entries.iter().all(|e| format!("{} {} {}", e.summary, e.actor, e.reason.clone().unwrap_or_default()).contains('%')), "{:?}", results.entries.first());

    // An empty position id names no position.
    assert_eq!(app.call(&hr, "/api/positions/get", &[("id", "")]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.call(&hr, "/api/positions/get", &[("id", "not-an-id")]).await.status(), StatusCode::NOT_FOUND);

    // A page past the last shows the last, labelled as such.
    let position = crate::screening::demo_position(&app).await;
    let res = app.call(&hr, "/api/results/list", &[("id", position.as_str()), ("query[page]", "9223372036854775807")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page: app::results::ResultsPage = res.json().await.unwrap();
    assert_eq!(page.page, page.pages);
    assert!(!page.rows.is_empty());
    let audit: app::audit::AuditResults = app.call(&hr, "/api/admin/audit_log", &[("query[page]", "9223372036854775807")]).await.json().await.unwrap();
    assert_eq!(audit.page, audit.pages);
    assert!(!audit.entries.is_empty());
    assert_eq!(app.get(&hr, "/outbox?page=9223372036854775807").await.status(), StatusCode::OK);

    // Names refuse NUL and direction overrides, next to the field, and nothing is created.
    let admin = app.signed_in(ADMIN).await;
    let users = app.count("SELECT COUNT(*) AS n FROM users").await;
    for name in ["Zed\u{0}", "Ana \u{202E}zepoL", "two\nlines"] {
        let res = app.call(&admin, "/api/admin/create_staff", &[("name", name), ("email", "zed@sunrise.example"), ("role_trainer", "on"), ("method", "link")]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        assert!(error_of(res).await.for_field("name").is_some(), "{name:?}");
    }
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM users").await, users);
    let res = app
        .call(&hr, "/api/positions/invite", &[("position_id", position.as_str()), ("people", "Zed \u{202E}evil <zed@mail.example>"), ("extra_time", "100")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .call(&hr, "/api/positions/create", &[("title", "Night\u{0} shift"), ("location", ""), ("description", ""), ("attitude", ""), ("skill", ""), ("window_minutes", "60"), ("invite_valid_days", "7")])
        .await;
    assert!(error_of(res).await.for_field("title").is_some());
}

#[tokio::test]
async fn a_name_with_separators_cannot_become_a_formula_in_any_spreadsheet() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let admin = app.signed_in(ADMIN).await;
    let res = app.call(&admin, "/api/admin/create_staff", &[("name", "Zed;=1+2;@SUM(A1)"), ("email", "zed@sunrise.example"), ("role_trainer", "on"), ("method", "link")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let file = app.get(&hr, "/admin/audit.csv").await.text().await.unwrap();
    assert!(file.contains("Zed;'=1+2;'@SUM(A1)"), "the new person is in the log: {file}");
    for separator in [b',', b';'] {
        let mut reader = csv::ReaderBuilder::new().delimiter(separator).has_headers(false).flexible(true).from_reader(file.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(!cell.starts_with(['=', '+', '@']) && !(cell.starts_with('-') && cell.parse::<f64>().is_err()), "{} splits into {cell:?}", separator as char);
            }
        }
    }
}

#[tokio::test]
async fn two_servers_running_housekeeping_together_do_each_job_once_and_lose_none() {
    use crate::screening::{invite, save, section, start};
    let first = spawn_app().await;
    let second = spawn_on(first.db.clone(), first.clock.clone(), |_| {}).await;
    let hr = first.signed_in(HR).await;
    let position = crate::screening::demo_position(&first).await;
    let mut attempts = Vec::new();
    for n in 0..6 {
        let email = format!("sweep.{n}@mail.example");
        let token = invite(&first, &hr, &position, &format!("Sweep {n}"), &email, "100").await;
        start(&first, &token).await;
        let page = section(&first, &token).await;
        save(&first, &token, 0, &page.items[0].id, "4").await;
        attempts.push(crate::results::invitation_of(&first, &email).await);
    }
    let october = crate::offer::cohort_id(&first, "October cohort").await;
    assert_eq!(crate::offer::open(&first, &hr, &october, "3", "1,000", 48, "stays").await.status(), StatusCode::OK);
    let silent_before = first.count("SELECT COUNT(*) AS n FROM offer_decisions WHERE answer = 'no_response'").await;
    let runs_before = first.count("SELECT COUNT(*) AS n FROM scoring_runs").await;
    let audited_before = first.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'offer.no_response'").await;
    let expired = || first.count("SELECT COUNT(*) AS n FROM attempts WHERE closed_reason = 'expired'");
    let expired_before = expired().await;

    first.clock.advance(Duration::from_secs(50 * 60 * 60));
    let (a, b) = tokio::join!(server::startup::housekeeping_pass(&first.state), server::startup::housekeeping_pass(&second.state));
    let (c, d) = tokio::join!(server::startup::housekeeping_pass(&first.state), server::startup::housekeeping_pass(&second.state));

    let ours = attempts.iter().map(|i| format!("'{i}'")).collect::<Vec<_>>().join(",");
    let closed = first.count(&format!("SELECT COUNT(*) AS n FROM attempts WHERE invitation_id IN ({ours}) AND closed_reason = 'expired'")).await;
    assert_eq!(closed, 6, "every attempt closed");
    assert_eq!((a.attempts_closed + b.attempts_closed) as i64, expired().await - expired_before, "and closed once: {a:?} {b:?}");
    let scored = first.count(&format!("SELECT COUNT(*) AS n FROM results r JOIN attempts t ON t.id = r.attempt_id WHERE t.invitation_id IN ({ours})")).await;
    assert_eq!(scored, 6, "none lost");
    let closed_now = expired().await - expired_before;
    assert_eq!((a.scored + b.scored + c.scored + d.scored) as i64, closed_now, "none scored twice: {a:?} {b:?} {c:?} {d:?}");
    assert_eq!(first.count("SELECT COUNT(*) AS n FROM scoring_runs").await - runs_before, closed_now, "one run per attempt");
    assert_eq!(first.count("SELECT COUNT(*) AS n FROM result_history").await, 0, "nothing re-scored over another server's result");
    assert_eq!(first.count("SELECT COUNT(*) AS n FROM scoring_failures").await, 0, "no spurious failures");
    let silences = first.count("SELECT COUNT(*) AS n FROM offer_decisions WHERE answer = 'no_response'").await - silent_before;
    assert_eq!(silences, 7, "each of October's seven recorded once");
    assert_eq!((a.offer_silences + b.offer_silences + c.offer_silences + d.offer_silences) as i64, silences);
    assert_eq!(first.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'offer.no_response'").await - audited_before, 7, "and audited once");
}
