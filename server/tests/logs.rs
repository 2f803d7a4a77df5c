//! Tokens never reach the logs: the real `keepers` binary, logging everything, is sent a
//! refused cross-site POST to an invitation link, a visit to it, and a set-password link; its
//! whole output is then searched for the tokens.
//!
//! On SQLite (a file of its own); the logging does not depend on the engine.

use loadtest::process::{free_addr, Launch};
use std::path::PathBuf;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_in_paths_are_not_logged() {
    let dir = std::env::temp_dir().join(format!("keepers-logs-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let addr = free_addr();
    let log = dir.join("server.log");
    let launch = Launch {
        program: PathBuf::from(env!("CARGO_BIN_EXE_keepers")),
        args: vec!["serve".into(), "--demo".into()],
        env: vec![
            ("KEEPERS_DATABASE_URL".into(), format!("sqlite://{}/keepers.db", dir.display())),
            ("KEEPERS_ADDR".into(), addr.to_string()),
            ("KEEPERS_SITE_ROOT".into(), "../target/site".into()),
            ("RUST_LOG".into(), "trace,hyper=info,h2=info,sqlx=info".into()),
        ],
        addr,
        log: log.clone(),
    };
    let mut server = launch.start().await.expect("the server starts");
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    // Tokens shaped like real ones (43 characters of base64url): they need not exist to be logged.
    let invitation = "Zk9xQ3JtV0lKb3R0b0tLRmE2a0NBbGl0dGxlc2VjcmV";
    let password = "c2V0LXBhc3N3b3JkLWxpbmstZm9yLXNvbWVvbmUtZWxz";
    assert_eq!(invitation.len(), 43);
    let refused = client
        .post(format!("{}/take/{invitation}", server.base))
        .header("origin", "https://evil.example")
        .form(&[("consent", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), reqwest::StatusCode::FORBIDDEN);
    let _ = client.get(format!("{}/take/{invitation}", server.base)).send().await.unwrap().text().await;
    let _ = client.get(format!("{}/set-password/{password}", server.base)).send().await.unwrap().text().await;
    server.kill().await;

    let text = std::fs::read_to_string(&log).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(text.contains("cross-site request refused"), "the refusal is logged:\n{}", &text[text.len().saturating_sub(3000)..]);
    assert!(text.contains("/take/:token"), "with the token replaced");
    for token in [invitation, password] {
        assert!(!text.contains(token), "a token reached the log");
    }
}
