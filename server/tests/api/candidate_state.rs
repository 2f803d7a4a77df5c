//! One state per candidate, named the same on every page: the candidate who ran out of time
//! during the screening reads "Timed out" on the position page, in the ranked results and on
//! their report; the one whose link expired unused reads "Link expired", not the same word.

use crate::helpers::*;
use crate::screening::demo_position;
use app::db::RowExt;
use app::positions::CandidateState;
use reqwest::StatusCode;

/// The table row that names `name`.
fn row_of<'a>(html: &'a str, name: &str) -> &'a str {
    html.split("<tr")
        .skip(1)
        .map(|row| row.split("</tr>").next().unwrap_or(row))
        .find(|row| row.contains(name))
        .unwrap_or_else(|| panic!("{name} is in a table on the page"))
}

/// The state labels a piece of a page shows.
fn labels_in(piece: &str) -> Vec<&'static str> {
    CandidateState::ALL.iter().map(|s| s.label()).filter(|l| piece.contains(&format!(">{l}<"))).collect()
}

#[tokio::test]
async fn a_timed_out_candidate_carries_the_same_words_on_every_page() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = demo_position(&app).await;
    let sofia = sqlx::query("SELECT i.id FROM invitations i JOIN candidates c ON c.id = i.candidate_id WHERE c.email = 'sofia.rossi@mail.example'")
        .fetch_one(app.state.db.reader())
        .await
        .unwrap()
        .text("id")
        .unwrap();

    let positions = app.get(&hr, &format!("/positions/{position}")).await;
    assert_eq!(positions.status(), StatusCode::OK);
    let positions = positions.page().await;
    assert_eq!(labels_in(row_of(&positions, "Sofia Rossi")), ["Timed out"], "the position page");
    assert_eq!(labels_in(row_of(&positions, "Daniel Novak")), ["Link expired"], "a link that expired unused is not a time-out");
    assert_eq!(labels_in(row_of(&positions, "Tomás Rivera")), ["In progress"]);
    assert_eq!(labels_in(row_of(&positions, "Noah Williams")), ["Not started"]);
    assert_eq!(labels_in(row_of(&positions, "Ana López")), ["Submitted"]);
    assert!(!positions.contains(">Expired<"), "no bare “Expired” that could mean either");

    let results = app.get(&hr, &format!("/positions/{position}/results")).await.page().await;
    assert_eq!(labels_in(row_of(&results, "Sofia Rossi")), ["Timed out"], "the results table");
    assert!(!results.contains("(timed out)"));

    let report = app.get(&hr, &format!("/positions/{position}/candidates/{sofia}")).await;
    assert_eq!(report.status(), StatusCode::OK);
    let report = report.page().await;
    let head = report.split("class=\"page-head\"").nth(1).expect("the report's heading");
    let head = &head[..head.find("</div>").unwrap()];
    assert!(head.contains("Sofia Rossi"));
    assert_eq!(labels_in(head), ["Timed out"], "the candidate report: {head}");
    assert!(!report.contains("time ran out)"));

    // The data behind the pages agrees too.
    let detail: app::positions::PositionDetail = app.call(&hr, "/api/positions/get", &[("id", position.as_str())]).await.json().await.unwrap();
    assert_eq!(detail.invitations.iter().find(|i| i.name == "Sofia Rossi").unwrap().state, CandidateState::TimedOut);
    let table: app::results::ResultsPage = app.call(&hr, "/api/results/list", &[("id", position.as_str())]).await.json().await.unwrap();
    assert_eq!(table.rows.iter().find(|r| r.name == "Sofia Rossi").unwrap().state, CandidateState::TimedOut);
    let report: app::results::Report = app.call(&hr, "/api/results/report", &[("invitation_id", sofia.as_str())]).await.json().await.unwrap();
    assert_eq!(report.state, CandidateState::TimedOut);
    // The time-out itself is on record, by the product, for her invitation.
    let entries = sqlx::query("SELECT actor_label FROM audit_log WHERE action = 'attempt.timed_out' AND subject_id = $1")
        .bind(&sofia)
        .fetch_all(app.state.db.reader())
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].text("actor_label").unwrap(), "Keepers (time limit)");
    // And the counts use the same words.
    assert!(positions.contains("timed out") && positions.contains("link expired"), "the position's counts");
}
