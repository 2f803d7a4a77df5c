//! One pass over every server function with bad input, as a careless or hostile client sends
//! it: missing, empty, huge, NUL, non-UTF-8, negative and huge numbers, duplicated fields,
//! nested query fields, the wrong content type. Each function is called by a role allowed to
//! call it, so the input reaches the function's own parsing. Nothing may answer 500.

use crate::helpers::*;
use app::auth::policy::{Access, POLICY};
use app::auth::Role;
use app::db::RowExt;
use reqwest::{Client, StatusCode};

/// The argument names server functions use, so malformed values reach their parsing.
const FIELDS: &[&str] = &[
    "id", "token", "position_id", "cohort_id", "trainee_id", "invitation_id", "user_id", "message_id", "screening_id", "programme_id",
    "section", "item", "value", "name", "email", "password", "confirm", "reason", "note", "comment", "page", "week", "answer", "kind",
    "people", "extra_time", "title", "location", "description", "amount", "currency", "deadline_date", "deadline_time", "levels",
    "method", "role_hr", "disabled", "decision", "text", "done", "query[page]", "query[q]", "query[sort]", "query[from]", "query[to]",
];

async fn one_id(app: &TestApp, sql: &str) -> String {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap()
}

/// Bodies to send: each a form (or raw bytes) built from the same field names.
fn bodies(real: &[(&'static str, String)]) -> Vec<(&'static str, Vec<u8>)> {
    let form = |pairs: Vec<(String, String)>| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            s.append_pair(&k, &v);
        }
        s.finish().into_bytes()
    };
    let all = |v: &str| form(FIELDS.iter().map(|f| (f.to_string(), v.to_string())).collect());
    let huge = "x".repeat(20_000);
    let mut out: Vec<(&'static str, Vec<u8>)> = vec![
        ("nothing", Vec::new()),
        ("empty", all("")),
        ("huge", all(&huge)),
        ("nul", all("\0")),
        ("negative", all("-1")),
        ("min", all("-9223372036854775808")),
        ("overflow", all("99999999999999999999999999")),
        ("float", all("1e309")),
        ("direction", all("\u{202E}abc")),
        ("sql", all("' OR 1=1 --")),
        ("percent", all("%_%")),
    ];
    // Real ids in the id fields, nonsense elsewhere: the function gets past its lookups.
    let mut pairs: Vec<(String, String)> = FIELDS.iter().map(|f| (f.to_string(), "\0\u{202E}".to_string())).collect();
    for (field, id) in real {
        pairs.retain(|(f, _)| f != field);
        pairs.push((field.to_string(), id.clone()));
    }
    out.push(("real ids", form(pairs.clone())));
    let mut doubled = pairs.clone();
    doubled.extend(FIELDS.iter().map(|f| (f.to_string(), "second".to_string())));
    out.push(("duplicated", form(doubled)));
    out.push(("not utf-8", b"id=%FF%FE&name=%C3%28&token=%80&page=%FF".to_vec()));
    out.push(("raw bytes", vec![0xff, 0xfe, 0x00, b'=', b'&', 0x80]));
    out
}

#[tokio::test]
async fn no_server_function_answers_bad_input_with_a_500() {
    let app = spawn_app().await;
    let real = vec![
        ("position_id", crate::screening::demo_position(&app).await),
        ("cohort_id", one_id(&app, "SELECT id FROM cohorts WHERE name = 'October cohort'").await),
        ("trainee_id", one_id(&app, "SELECT id FROM trainees ORDER BY name LIMIT 1").await),
        ("invitation_id", one_id(&app, "SELECT id FROM invitations ORDER BY created_at LIMIT 1").await),
        ("screening_id", one_id(&app, "SELECT id FROM screenings ORDER BY id LIMIT 1").await),
        ("id", crate::screening::demo_position(&app).await),
    ];
    let bodies = bodies(&real);
    // Callers by role; each function is called by the first one its access allows.
    let callers: Vec<(Option<Role>, Client)> = vec![
        (Some(Role::Hr), app.signed_in(ANALYST).await),
        (Some(Role::Admin), app.signed_in(ADMIN).await),
        (Some(Role::Trainer), app.signed_in(TRAINER).await),
        (Some(Role::Trainee), app.signed_in(TRAINEE).await),
        (None, browser()),
    ];
    let mut sent = 0;
    let mut failures = Vec::new();
    for (path, access) in POLICY {
        // Signing out, or changing one's own password, would end the caller's session.
        if matches!(*path, "/api/auth/sign_out" | "/api/account/change_password") {
            continue;
        }
        let caller = callers.iter().find(|(role, _)| match (access, role) {
            (Access::Public, None) => true,
            (Access::Public, Some(_)) => false,
            (Access::SignedIn, Some(_)) => true,
            (Access::AnyOf(roles), Some(r)) => roles.contains(r) || (*r == Role::Hr && roles.contains(&Role::Analyst)),
            _ => false,
        });
        let Some((_, client)) = caller else { panic!("no caller for {path}") };
        for (label, body) in &bodies {
            for content_type in ["application/x-www-form-urlencoded", "application/json"] {
                let res = client
                    .post(app.url(path))
                    .header("accept", "application/json")
                    .header("content-type", content_type)
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{path} with {label}: {e}"));
                sent += 1;
                let status = res.status();
                if status.is_server_error() {
                    let text = res.text().await.unwrap_or_default();
                    failures.push(format!("{path} with {label} ({content_type}): {status} {}", text.chars().take(200).collect::<String>()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {sent} requests failed:\n{}", failures.len(), failures.join("\n"));
    assert!(sent > 1_000, "{sent}");
    assert_eq!(app.get(&browser(), "/healthz").await.status(), StatusCode::OK, "the server still answers");
}
