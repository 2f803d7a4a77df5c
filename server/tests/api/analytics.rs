//! Analytics over a generated organisation of 520 candidates, five cohorts and their Offers,
//! written straight into the database beside the demo: the funnel's counts, the validity and
//! adverse-impact figures, item statistics, the CSV exports read back with a CSV parser, and
//! who may see any of it. The candidate's self-identification form is tested here too.

use crate::helpers::*;
use app::analytics::Report;
use app::db::{new_id, RowExt};
use app::scoring::{ItemScore, ResultDetail, SectionResult, ValueScore};
use reqwest::StatusCode;


const CANDIDATES: usize = 520;
const COHORTS: usize = 5;
const DAY: i64 = 24 * 60 * 60 * 1000;
const POSITION: &str = "Synthetic intake";

/// A small deterministic stream of numbers in [0, 1).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64) / ((1u64 << 53) as f64)
    }
}

/// What the generator made, counted as it went: the figures the analytics must reproduce.
#[derive(Default, Debug)]
struct Made {
    position_id: String,
    cohort_ids: Vec<String>,
    invited: usize,
    started: usize,
    submitted: usize,
    passed_attitude: usize,
    passed_skill: usize,
    passed: usize,
    hired: usize,
    enrolled: usize,
    took: usize,
    stayed: usize,
    /// (age band, scored, passed the culture gate)
    by_age: Vec<(&'static str, usize, usize)>,
    /// (trainee id, screening total, stayed after the Offer)
    offered: Vec<(String, f64, Option<bool>)>,
}

const AGES: [&str; 4] = ["under-25", "25-39", "40-54", "55-plus"];
const GENDERS: [&str; 2] = ["woman", "man"];
const ETHNICITIES: [&str; 4] = ["hispanic", "white", "black", "asian"];

async fn one(app: &TestApp, sql: &str) -> String {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(app.state.db.reader()).await.unwrap().text("id").unwrap()
}

/// Writes the organisation. The oldest people (55 and over) score 15 points lower on the culture
/// screening, so the culture gate shows adverse impact against them.
async fn generate(app: &TestApp) -> Made {
    let db = app.state.db.writer();
    let now = app.state.now();
    let hr = one(app, "SELECT id FROM users WHERE email = 'hr@sunrise.example'").await;
    let culture = one(app, "SELECT id FROM screenings WHERE kind = 'attitude'").await;
    let skills = one(app, "SELECT id FROM screenings WHERE kind = 'skill'").await;
    let culture_v = one(app, "SELECT current_version_id AS id FROM screenings WHERE kind = 'attitude'").await;
    let skills_v = one(app, "SELECT current_version_id AS id FROM screenings WHERE kind = 'skill'").await;
    let programme_v = one(app, "SELECT current_version_id AS id FROM programmes").await;
    let mut made = Made { position_id: new_id().to_string(), by_age: AGES.iter().map(|a| (*a, 0, 0)).collect(), ..Made::default() };
    let mut tx = db.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO positions (id, title, location, description, attitude_screening_id, skill_screening_id, window_minutes, invite_valid_days, created_at)
         VALUES ($1, $2, 'Reno', 'Generated for the analytics tests', $3, $4, 120, 14, $5)",
    )
    .bind(&made.position_id)
    .bind(POSITION)
    .bind(&culture)
    .bind(&skills)
    .bind(now - 300 * DAY)
    .execute(&mut *tx)
    .await
    .unwrap();
    let run = new_id().to_string();
    sqlx::query("INSERT INTO scoring_runs (id, kind, position_id, created_at) VALUES ($1, 'submission', $2, $3)")
        .bind(&run)
        .bind(&made.position_id)
        .bind(now - 300 * DAY)
        .execute(&mut *tx)
        .await
        .unwrap();

    // Five cohorts, all four weeks closed, started 120 days ago.
    let start = app::clock::parse_date(&app::clock::format_utc(now - 120 * DAY)[..10]).unwrap();
    for c in 0..COHORTS {
        let id = new_id().to_string();
        sqlx::query(
            "INSERT INTO cohorts (id, name, programme_version_id, start_date, start_at, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(format!("Synthetic cohort {}", c + 1))
        .bind(&programme_v)
        .bind(start.to_string())
        .bind(app::clock::start_millis(start))
        .bind(now - 130 * DAY)
        .bind(&hr)
        .execute(&mut *tx)
        .await
        .unwrap();
        for week in 1..=4i64 {
            sqlx::query("INSERT INTO cohort_weeks (cohort_id, week, closed_at, closed_by) VALUES ($1, $2, $3, $4)")
                .bind(&id)
                .bind(week)
                .bind(now - (120 - week * 7) * DAY)
                .bind(&hr)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        sqlx::query(
            "INSERT INTO offers (id, cohort_id, week, amount_cents, currency, deadline_at, message, rehire_allowed, payout_terms, no_response_rule, opened_at, opened_by)
             VALUES ($1, $2, 4, $3, 'USD', $4, 'Stay or go', 0, 'Paid within 14 days', 'stays', $5, $6)",
        )
        .bind(format!("offer-{id}"))
        .bind(&id)
        .bind(200_000 + 100_000 * c as i64)
        .bind(now - 95 * DAY)
        .bind(now - 100 * DAY)
        .bind(&hr)
        .execute(&mut *tx)
        .await
        .unwrap();
        made.cohort_ids.push(id);
    }
    tx.commit().await.unwrap();
    let programme = app::training::store::load_cohort(&app.state.db, &made.cohort_ids[0]).await.unwrap().programme;

    let mut rng = Rng(7);
    let mut tx = db.begin().await.unwrap();
    for i in 0..CANDIDATES {
        let ability = rng.next();
        let age = AGES[i % 4];
        // The first candidate's name would run as a formula in a spreadsheet.
        let name = if i == 1 { "=HYPERLINK(\"http://x\")".to_string() } else { format!("Synthetic Candidate {i:03}") };
        let candidate = new_id().to_string();
        let invitation = new_id().to_string();
        let invited_at = now - 300 * DAY + (i as i64) * DAY / 4;
        made.invited += 1;
        sqlx::query("INSERT INTO candidates (id, name, email, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&candidate)
            .bind(&name)
            .bind(format!("synthetic{i}@mail.example"))
            .bind(invited_at)
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO invitations (id, position_id, candidate_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&invitation)
        .bind(&made.position_id)
        .bind(&candidate)
        .bind(format!("synthetic-token-{i}"))
        .bind(invited_at)
        .bind(invited_at + 14 * DAY)
        .execute(&mut *tx)
        .await
        .unwrap();
        if (i / 4) % 10 != 9 {
            sqlx::query("INSERT INTO self_identifications (invitation_id, gender, ethnicity, age_band, answered_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(&invitation)
                .bind(GENDERS[i % 2])
                .bind(ETHNICITIES[(i / 2) % 4])
                .bind(age)
                .bind(invited_at + DAY)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        if i % 13 == 0 {
            continue; // never opened the link
        }
        made.started += 1;
        let attempt = new_id().to_string();
        let started_at = invited_at + DAY;
        let submitted = i % 17 != 0;
        sqlx::query(
            "INSERT INTO attempts (id, invitation_id, attitude_version_id, skill_version_id, plan, consented_at, started_at, deadline_at, closed_at, closed_reason)
             VALUES ($1, $2, $3, $4, '{}', $5, $5, $6, $7, $8)",
        )
        .bind(&attempt)
        .bind(&invitation)
        .bind(&culture_v)
        .bind(&skills_v)
        .bind(started_at)
        .bind(started_at + 2 * 60 * 60 * 1000)
        .bind(submitted.then_some(started_at + 60 * 60 * 1000))
        .bind(submitted.then_some("submitted"))
        .execute(&mut *tx)
        .await
        .unwrap();
        if !submitted {
            continue;
        }
        made.submitted += 1;
        let penalty = if age == "55-plus" { 15.0 } else { 0.0 };
        let attitude = (35.0 + 55.0 * ability + 16.0 * (rng.next() - 0.5) - penalty).clamp(0.0, 100.0);
        let skill = (25.0 + 65.0 * (0.6 * ability + 0.4 * rng.next())).clamp(0.0, 100.0);
        let total = (attitude + skill) / 2.0;
        let (pass_a, pass_s) = (attitude >= 60.0, skill >= 50.0);
        made.passed_attitude += usize::from(pass_a);
        made.passed_skill += usize::from(pass_s);
        made.passed += usize::from(pass_a && pass_s);
        let age_row = made.by_age.iter_mut().find(|(a, _, _)| *a == age).unwrap();
        age_row.1 += 1;
        age_row.2 += usize::from(pass_a);
        let likert = |rng: &mut Rng| (1.0 + (4.0 * (0.7 * ability + 0.3 * rng.next())).round()).clamp(1.0, 5.0);
        let mut items: Vec<ItemScore> = (1..=3)
            .map(|k| ItemScore {
                part: 0,
                section: "values".into(),
                item: format!("wow-{k}"),
                kind: "likert".into(),
                value: Some("wow".into()),
                points: Some(likert(&mut rng)),
                max: 5.0,
                chosen: None,
            })
            .collect();
        for k in 1..=3 {
            let right = rng.next() < 0.2 + 0.7 * ability;
            items.push(ItemScore {
                part: 1,
                section: "knowledge".into(),
                item: format!("q{k}"),
                kind: "choice".into(),
                value: None,
                points: Some(if right { 1.0 } else { 0.0 }),
                max: 1.0,
                chosen: Some(if right { "a".into() } else { "b".into() }),
            });
        }
        let detail = ResultDetail {
            sections: vec![
                SectionResult { part: 0, key: "values".into(), title: "Values".into(), kind: "likert".into(), score: Some(attitude), short: false, weight: 1.0, answered: 3, items: 3 },
                SectionResult { part: 1, key: "knowledge".into(), title: "Knowledge".into(), kind: "choice".into(), score: Some(skill), short: false, weight: 1.0, answered: 3, items: 3 },
            ],
            values: vec![ValueScore { key: "wow".into(), name: "Deliver delight through service".into(), mean: Some(1.0 + attitude / 25.0), items: 3, drawn: 3 }],
            typing: None,
            typing_target_wpm: None,
            written: Vec::new(),
            taken_versions: [1, 1],
            key_versions: [1, 1],
            items,
        };
        sqlx::query(
            "INSERT INTO results (attempt_id, run_id, computed_at, complete, attitude_score, skill_score, detail) VALUES ($1, $2, $3, 1, $4, $5, $6)",
        )
        .bind(&attempt)
        .bind(&run)
        .bind(started_at + 60 * 60 * 1000)
        .bind(attitude)
        .bind(skill)
        .bind(serde_json::to_string(&detail).unwrap())
        .execute(&mut *tx)
        .await
        .unwrap();
        let decided_at = started_at + 3 * DAY;
        let hire = pass_a && pass_s && i % 5 != 0;
        let decisions: &[&str] = match (hire, i % 7) {
            // Hired, then reconsidered: the latest decision is what counts.
            (false, 0) if pass_a && pass_s => &["hire", "reject"],
            (true, _) => &["hire"],
            _ => &["reject"],
        };
        for (k, d) in decisions.iter().enumerate() {
            sqlx::query(
                "INSERT INTO hiring_decisions (id, invitation_id, decision, reason, decided_by, decided_at) VALUES ($1, $2, $3, 'generated', $4, $5)",
            )
            .bind(new_id().to_string())
            .bind(&invitation)
            .bind(*d)
            .bind(&hr)
            .bind(decided_at + k as i64 * DAY)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        if !hire {
            continue;
        }
        made.hired += 1;
        made.enrolled += 1;
        let cohort = &made.cohort_ids[made.enrolled % COHORTS];
        let user = new_id().to_string();
        let trainee = new_id().to_string();
        sqlx::query("INSERT INTO users (id, email, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&user)
            .bind(format!("synthetic{i}@mail.example"))
            .bind(&name)
            .bind(decided_at)
            .execute(&mut *tx)
            .await
            .unwrap();
        let left = i % 23 == 0;
        sqlx::query(
            "INSERT INTO trainees (id, cohort_id, user_id, invitation_id, name, enrolled_at, enrolled_by, left_at, left_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&trainee)
        .bind(cohort)
        .bind(&user)
        .bind(&invitation)
        .bind(&name)
        .bind(now - 125 * DAY)
        .bind(&hr)
        .bind(left.then_some(now - 110 * DAY))
        .bind(left.then_some("Moved away"))
        .execute(&mut *tx)
        .await
        .unwrap();
        for week in 1..=4usize {
            let graded_weeks = if left { 1 } else { 4 };
            if week > graded_weeks {
                break;
            }
            for c in programme.week_competencies(week) {
                let level = (1.0 + (4.0 * (0.6 * ability + 0.4 * rng.next())).round()).clamp(1.0, 5.0) as i64;
                sqlx::query(
                    "INSERT INTO training_grades (trainee_id, week, competency, level, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&trainee)
                .bind(week as i64)
                .bind(&c.key)
                .bind(level)
                .bind(now - (118 - week as i64 * 7) * DAY)
                .bind(&hr)
                .execute(&mut *tx)
                .await
                .unwrap();
            }
        }
        if left {
            made.offered.push((trainee, total, None));
            continue;
        }
        let offer = format!("offer-{cohort}");
        sqlx::query("INSERT INTO offer_recipients (offer_id, trainee_id) VALUES ($1, $2)").bind(&offer).bind(&trainee).execute(&mut *tx).await.unwrap();
        // Stronger trainees stay more often.
        let stays = rng.next() < 0.4 + 0.5 * ability;
        made.took += usize::from(!stays);
        made.stayed += usize::from(stays);
        sqlx::query(
            "INSERT INTO offer_decisions (id, offer_id, trainee_id, seq, answer, outcome, source, recorded_by, recorded_at)
             VALUES ($1, $2, $3, 1, $4, $5, 'trainee', $6, $7)",
        )
        .bind(new_id().to_string())
        .bind(&offer)
        .bind(&trainee)
        .bind(if stays { "stay" } else { "take" })
        .bind(if stays { "stays" } else { "leaves" })
        .bind(&user)
        .bind(now - 97 * DAY)
        .execute(&mut *tx)
        .await
        .unwrap();
        made.offered.push((trainee, total, Some(stays)));
    }
    tx.commit().await.unwrap();
    made
}

async fn report(app: &TestApp, client: &reqwest::Client, form: &[(&str, &str)]) -> Report {
    let res = app.call(client, "/api/analytics/report", form).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

/// Pearson's r by the textbook definition, written out here so the product's own statistics
/// code is not what checks itself.
fn reference_r(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let (mx, my) = (pairs.iter().map(|p| p.0).sum::<f64>() / n, pairs.iter().map(|p| p.1).sum::<f64>() / n);
    let sxy: f64 = pairs.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = pairs.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    let syy: f64 = pairs.iter().map(|(_, y)| (y - my).powi(2)).sum();
    sxy / (sxx * syy).sqrt()
}

#[tokio::test]
async fn the_funnel_validity_impact_and_items_of_a_generated_organisation() {
    let app = spawn_app().await;
    let made = generate(&app).await;
    // Without the demo's few self-identifications, this position's view differs from the whole
    // organisation's by no group, so its group figures are shown (see the differencing test).
    sqlx::query("DELETE FROM self_identifications WHERE invitation_id IN (SELECT id FROM invitations WHERE position_id <> $1)")
        .bind(&made.position_id)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let analyst = app.signed_in(ANALYST).await;
    let r = report(&app, &analyst, &[("filters[position]", &made.position_id)]).await;
    assert_eq!(r.impact_withheld, None);

    // The funnel counts what was generated, stage by stage.
    assert_eq!(r.funnels.len(), 1, "one position chosen: one funnel");
    let stage = |label: &str| r.funnels[0].stages.iter().find(|s| s.label == label).unwrap_or_else(|| panic!("{label}")).clone();
    assert_eq!(r.funnels[0].title, POSITION);
    assert_eq!(stage("Invited").count, made.invited);
    assert_eq!(stage("Started").count, made.started);
    assert_eq!(stage("Submitted").count, made.submitted);
    assert_eq!(stage("Passed the culture gate").count, made.passed_attitude);
    assert_eq!(stage("Passed the skill gate").count, made.passed_skill);
    assert_eq!(stage("Passed the screening").count, made.passed);
    assert_eq!(stage("Hired").count, made.hired);
    assert_eq!(stage("Enrolled in training").count, made.enrolled);
    assert_eq!(stage("Took the Offer").count, made.took);
    assert_eq!(stage("Stayed after the Offer").count, made.stayed);
    assert!(made.invited >= 500 && made.enrolled >= 60, "{made:?}");
    let started = stage("Started");
    assert!((started.of_previous.unwrap() - made.started as f64 / made.invited as f64).abs() < 1e-12);
    assert_eq!(started.median_days, Some(1.0), "everyone who started did so a day after the invitation");

    // Completed training: every week is closed, so it is whoever the progress rules pass.
    let mut completed = 0;
    let mut grade_pairs = Vec::new();
    let mut stay_pairs = Vec::new();
    for cohort_id in &made.cohort_ids {
        let cohort = app::training::store::load_cohort(&app.state.db, cohort_id).await.unwrap();
        let sheet = app::training::store::sheet(&app.state.db, cohort_id, None).await.unwrap();
        for t in app::training::store::trainees(&app.state.db, cohort_id).await.unwrap() {
            let progress = app::training::store::assess(&cohort, &sheet, &t);
            completed += usize::from(progress.status == app::training::progress::Status::Completed);
            let (_, total, stayed) = made.offered.iter().find(|(id, _, _)| *id == t.id).unwrap();
            if let Some(grade) = progress.overall {
                grade_pairs.push((*total, grade));
            }
            if let Some(stayed) = stayed {
                stay_pairs.push((*total, if *stayed { 1.0 } else { 0.0 }));
            }
        }
    }
    assert_eq!(stage("Completed training").count, completed);
    assert!(completed > 0);

    // Validity: the screening total against the final grade and against staying.
    let total = &r.validity.rows[0];
    assert_eq!(total.predictor, "Screening total");
    assert_eq!(total.final_grade.n, grade_pairs.len());
    assert!((total.final_grade.r.unwrap() - reference_r(&grade_pairs)).abs() < 1e-9);
    assert!(total.final_grade.r.unwrap() > 0.3, "ability drives both: {:?}", total.final_grade);
    let (lo, hi) = total.final_grade.ci.unwrap();
    assert!(lo < total.final_grade.r.unwrap() && total.final_grade.r.unwrap() < hi);
    assert!(!total.final_grade.small());
    assert_eq!(total.stayed.n, stay_pairs.len());
    assert!((total.stayed.r.unwrap() - reference_r(&stay_pairs)).abs() < 1e-9);
    assert_eq!(r.validity.points.len(), grade_pairs.len());
    assert!(r.validity.rows.iter().any(|row| row.predictor == "Section: Values"));
    assert!(r.validity.rows.iter().any(|row| row.predictor == "Value: Deliver delight through service"));

    // Adverse impact: the culture gate against age, with the counts generated.
    let age = r.impact.iter().find(|d| d.question == "Age").unwrap();
    let culture = age.stages.iter().find(|s| s.stage == "Passed the culture gate").unwrap();
    for (band, scored, passed) in &made.by_age {
        let label = app::analytics::identity::label(&app::analytics::identity::QUESTIONS[2], band);
        let row = culture.rows.iter().find(|g| g.group == label).unwrap_or_else(|| panic!("{label}"));
        // One in ten never answered the form.
        assert!(row.total <= *scored && row.total * 10 >= *scored * 8, "{row:?} of {scored}");
        assert!(row.selected <= *passed);
    }
    let oldest = culture.rows.iter().find(|g| g.group == "55 or over").unwrap();
    assert!(oldest.below_four_fifths, "{oldest:?}");
    assert!(oldest.p_value.unwrap() < 0.01, "{oldest:?}");
    assert!(culture.unanswered > 0);
    let hired = age.stages.iter().find(|s| s.stage == "Hired").unwrap();
    assert_eq!(hired.rows.iter().map(|g| g.total).sum::<usize>() + hired.unanswered + hired.suppressed, made.submitted);

    // Item statistics for the two versions taken.
    assert_eq!(r.items.len(), 2);
    let culture_items = r.items.iter().find(|v| v.items.iter().any(|i| i.kind == "likert")).unwrap();
    assert!(culture_items.label.contains("version"));
    assert_eq!(culture_items.attempts, made.submitted);
    let wow = culture_items.scales.iter().find(|s| s.value == "wow").unwrap();
    assert_eq!((wow.items, wow.complete), (3, made.submitted));
    assert!(wow.alpha.unwrap() > 0.7, "{wow:?}");
    let q1 = r.items.iter().flat_map(|v| v.items.iter()).find(|i| i.item == "q1").unwrap();
    assert_eq!(q1.n, made.submitted);
    assert!(q1.discrimination.unwrap() > 0.0);
    assert!((q1.options.iter().map(|(_, s)| s).sum::<f64>() - 1.0).abs() < 1e-9);

    // A narrow filter cannot single anyone out: one day counts as its whole month, and a
    // month's view either differs from everyone by groups of five or more, or shows no groups.
    let first_day = app::clock::format_utc(app.state.now() - 300 * DAY)[..10].to_string();
    let narrow = report(&app, &analyst, &[("filters[position]", &made.position_id), ("filters[from]", &first_day), ("filters[to]", &first_day)]).await;
    assert!(narrow.filters.from.ends_with("-01") && narrow.filters.from <= first_day && narrow.filters.to >= first_day);
    assert!(narrow.funnels[0].stages[0].count >= 5, "a month of invitations: {}", narrow.funnels[0].stages[0].count);
    assert!(narrow.impact.iter().flat_map(|d| d.stages.iter()).flat_map(|s| s.rows.iter()).all(|r| r.total >= 5));
}

#[tokio::test]
async fn exports_round_trip_through_a_csv_parser() {
    let app = spawn_app().await;
    let made = generate(&app).await;
    let hr = app.signed_in(HR).await;
    let read = |text: String| {
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(std::io::Cursor::new(text.into_bytes()));
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
        (header, rows)
    };

    let res = app.get(&hr, &format!("/positions/{}/results.csv", made.position_id)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let (header, rows) = read(res.text().await.unwrap());
    assert_eq!(header[0], "candidate");
    assert_eq!(rows.len(), made.submitted);
    assert_eq!(rows.iter().filter(|r| r[10] == "hire").count(), made.hired);
    // The name that was a formula arrives as text.
    assert!(rows.iter().any(|r| r[0] == "'=HYPERLINK(\"http://x\")"), "{:?}", rows.iter().find(|r| r[0].contains("HYPERLINK")));
    let filtered = app.get(&hr, &format!("/positions/{}/results.csv?decision=hire", made.position_id)).await.text().await.unwrap();
    assert_eq!(read(filtered).1.len(), made.hired);

    let cohort = &made.cohort_ids[0];
    let (header, rows) = read(app.get(&hr, &format!("/cohorts/{cohort}/grades.csv")).await.text().await.unwrap());
    assert_eq!(header, ["trainee", "email", "status", "overall", "week", "competency", "level"]);
    let cells = app
        .count(&format!("SELECT COUNT(*) AS n FROM training_grades g JOIN trainees t ON t.id = g.trainee_id WHERE t.cohort_id = '{cohort}'"))
        .await;
    assert_eq!(rows.len() as i64, cells);

    let (_, rows) = read(app.get(&hr, &format!("/cohorts/{cohort}/offer/payouts.csv")).await.text().await.unwrap());
    let takers = app
        .count(&format!("SELECT COUNT(*) AS n FROM offer_decisions d WHERE d.offer_id = 'offer-{cohort}' AND d.outcome = 'leaves'"))
        .await;
    assert_eq!(rows.len() as i64, takers);
    assert!(takers > 0);
    let (header, rows) = read(app.get(&hr, &format!("/cohorts/{cohort}/offer/answers.csv")).await.text().await.unwrap());
    assert_eq!(header[5], "answer");
    let recipients = app.count(&format!("SELECT COUNT(*) AS n FROM offer_recipients WHERE offer_id = 'offer-{cohort}'")).await;
    assert_eq!(rows.len() as i64, recipients);
    assert_eq!(rows.iter().filter(|r| r[6] == "leaves").count() as i64, takers);

    let (_, rows) = read(app.get(&hr, "/admin/audit.csv").await.text().await.unwrap());
    assert_eq!(rows.len() as i64, app.count("SELECT COUNT(*) AS n FROM audit_log").await);

    // A trainer downloads their own cohort's grades only; other roles get no results.
    let trainer = app.signed_in(TRAINER).await;
    assert_eq!(app.get(&trainer, &format!("/cohorts/{cohort}/grades.csv")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&trainer, &format!("/positions/{}/results.csv", made.position_id)).await.status(), StatusCode::FORBIDDEN);
    let own = one(&app, "SELECT c.id FROM cohorts c JOIN cohort_trainers t ON t.cohort_id = c.id JOIN users u ON u.id = t.user_id WHERE u.email = 'trainer@sunrise.example'").await;
    assert_eq!(app.get(&trainer, &format!("/cohorts/{own}/grades.csv")).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn only_analysts_read_analytics_and_nobody_reads_demographics_per_person() {
    let app = spawn_app().await;
    for email in [ADMIN, HR, TRAINER, "priya@sunrise.example", TRAINEE] {
        let client = app.signed_in(email).await;
        let res = app.call(&client, "/api/analytics/report", &[]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{email}");
        let page = app.get(&client, "/analytics").await;
        assert_eq!(page.status(), StatusCode::FORBIDDEN, "{email}");
    }
    let res = app.call(&browser(), "/api/analytics/report", &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // The analyst sees the demo organisation's figures: groups, never people.
    let hr = app.signed_in(ANALYST).await;
    let text = app.call(&hr, "/api/analytics/report", &[]).await.text().await.unwrap();
    let report: Report = serde_json::from_str(&text).unwrap();
    assert!(report.self_identified > 0);
    assert!(report.funnels.len() >= 2, "all positions, then each");
    assert!(report.validity.rows[0].final_grade.n > 0 && report.validity.rows[0].final_grade.small());
    for name in ["Ana López", "ana.lopez@mail.example", "Carmen Ortiz"] {
        assert!(!text.contains(name), "{name} appears in the analytics");
    }
    let invitation = one(&app, "SELECT i.id FROM invitations i JOIN candidates c ON c.id = i.candidate_id WHERE c.email = 'ana.lopez@mail.example'").await;
    assert!(!text.contains(&invitation));

    // The candidate's report, for HR, carries nothing of the self-identification.
    let gender = sqlx::query("SELECT gender FROM self_identifications WHERE invitation_id = $1")
        .bind(&invitation)
        .fetch_optional(app.state.db.reader())
        .await
        .unwrap();
    assert!(gender.is_some(), "the demo has Ana's answers");
    let report = app.call(&hr, "/api/results/report", &[("invitation_id", &invitation)]).await.text().await.unwrap();
    for word in ["gender", "ethnicity", "age_band", "self_ident"] {
        assert!(!report.contains(word), "{word} in a candidate's report");
    }

    // Bad filters get a message for the field and change nothing.
    let res = app.call(&hr, "/api/analytics/report", &[("filters[from]", "yesterday")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(matches!(error_of(res).await, app::error::AppError::Invalid { field, .. } if field == "from"));
    let res = app.call(&hr, "/api/analytics/report", &[("filters[position]", "no-such-position")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_candidate_answers_the_self_identification_once_after_submitting() {
    let app = spawn_app().await;
    let hr = app.signed_in(HR).await;
    let position = one(&app, "SELECT id FROM positions WHERE title = 'Customer Loyalty Team'").await;
    let token = crate::screening::invite(&app, &hr, &position, "Ines Duarte", "ines.duarte@mail.example", "100").await;
    let candidate = browser();
    let answer = |gender: &'static str| {
        let token = token.clone();
        let candidate = candidate.clone();
        let app = &app;
        async move {
            app.call(&candidate, "/api/take/self_identify", &[("token", &token), ("gender", gender), ("ethnicity", ""), ("age_band", "25-39")]).await
        }
    };
    // Not before the screening is finished.
    assert_eq!(answer("woman").await.status(), StatusCode::CONFLICT);
    assert_eq!(app.call(&candidate, "/api/take/start", &[("token", &token), ("consent", "yes")]).await.status(), StatusCode::OK);
    // Through every section without answering, then submit.
    loop {
        match crate::screening::step(&app, &token).await {
            app::attempt::types::Step::Section(page) => {
                assert_eq!(crate::screening::finish_section(&app, &token, page.index).await.status(), StatusCode::OK);
            }
            app::attempt::types::Step::Review(_) => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(app.call(&candidate, "/api/take/submit", &[("token", &token)]).await.status(), StatusCode::OK);
    // An answer that is not an option is refused, next to its field, and stores nothing.
    let res = answer("<script>").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(matches!(error_of(res).await, app::error::AppError::Invalid { field, .. } if field == "gender"));
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM self_identifications s JOIN invitations i ON i.id = s.invitation_id JOIN candidates c ON c.id = i.candidate_id WHERE c.email = 'ines.duarte@mail.example'").await, 0);
    assert_eq!(answer("woman").await.status(), StatusCode::OK);
    // Once: a second answer changes nothing.
    assert_eq!(answer("man").await.status(), StatusCode::CONFLICT);
    let row = sqlx::query("SELECT s.gender, s.ethnicity, s.age_band FROM self_identifications s JOIN invitations i ON i.id = s.invitation_id JOIN candidates c ON c.id = i.candidate_id WHERE c.email = 'ines.duarte@mail.example'")
        .fetch_one(app.state.db.reader())
        .await
        .unwrap();
    assert_eq!(row.opt_text("gender").unwrap().as_deref(), Some("woman"));
    assert_eq!(row.opt_text("ethnicity").unwrap(), None);
    assert_eq!(row.opt_text("age_band").unwrap().as_deref(), Some("25-39"));
    // The done page no longer asks, and never shows the answers back.
    let page = app.get(&candidate, &format!("/take/{token}/done")).await.page().await;
    assert!(page.contains("Thank you for answering the optional questions"));
    assert!(!page.contains("Woman"));
}

#[tokio::test]
async fn two_reports_a_day_apart_do_not_single_out_the_one_candidate_between_them() {
    let app = spawn_app().await;
    let made = generate(&app).await;
    let analyst = app.signed_in(ANALYST).await;
    // One more candidate, invited today, who self-identifies (HR can see who was invited today).
    let now = app.state.now();
    let (candidate, invitation) = (new_id().to_string(), new_id().to_string());
    let db = app.state.db.writer();
    sqlx::query("INSERT INTO candidates (id, name, email, created_at) VALUES ($1, 'Today Only', 'today.only@mail.example', $2)").bind(&candidate).bind(now).execute(db).await.unwrap();
    sqlx::query("INSERT INTO invitations (id, position_id, candidate_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, 'today-token', $4, $5)")
        .bind(&invitation)
        .bind(&made.position_id)
        .bind(&candidate)
        .bind(now)
        .bind(now + 14 * DAY)
        .execute(db)
        .await
        .unwrap();
    sqlx::query("INSERT INTO self_identifications (invitation_id, gender, ethnicity, age_band, answered_at) VALUES ($1, 'woman', 'white', '25-39', $2)")
        .bind(&invitation)
        .bind(now)
        .execute(db)
        .await
        .unwrap();

    let today = app::clock::format_utc(now)[..10].to_string();
    let yesterday = app::clock::format_utc(now - DAY)[..10].to_string();
    let before = report(&app, &analyst, &[("filters[to]", &yesterday)]).await;
    let through = report(&app, &analyst, &[("filters[to]", &today)]).await;
    // Dates count in whole months.
    for r in [&before, &through] {
        let end = app::clock::parse_date(&r.filters.to).unwrap();
        assert_eq!(end.next_day().unwrap().day(), 1, "{} is the end of its month", r.filters.to);
    }
    assert!(before.filters.to >= yesterday && through.filters.to >= today);
    let shown = |r: &Report| r.impact_withheld.is_none();
    if shown(&before) && shown(&through) {
        // Both shown only when the two are the same report (the same month).
        assert_eq!(before.impact, through.impact, "the pair differs by one person: {} vs {}", before.filters.to, through.filters.to);
    }
    // The narrower of a pair that differs is the one withheld, and it says why.
    if before.filters.to != through.filters.to {
        assert!(!shown(&before));
        assert!(before.impact.is_empty() && before.impact_withheld.unwrap().contains("fewer than 5"));
    }
    let html = app.get(&analyst, &format!("/analytics?to={yesterday}")).await.page().await;
    assert!(html.contains("whole months"), "the rule is stated on the page");
}

#[tokio::test]
async fn the_demo_names_items_by_their_text_and_scales_by_their_values_name() {
    let app = spawn_app().await;
    let analyst = app.signed_in(ANALYST).await;
    let r = report(&app, &analyst, &[]).await;
    let culture = r.items.iter().find(|v| v.items.iter().any(|i| i.kind == "judgement")).expect("the culture screening's items");
    let judgements: Vec<_> = culture.items.iter().filter(|i| i.kind == "judgement").collect();
    assert!(!judgements.is_empty());
    for i in &judgements {
        assert!(!i.text.contains("What would you do"), "{i:?}");
        assert!(i.text.len() > 20, "named by its situation: {i:?}");
    }
    assert!(judgements.iter().any(|i| i.text.starts_with("You are on the phone with Marisol Ortega")), "{judgements:?}");
    let wow = culture.scales.iter().find(|s| s.value == "wow").expect("the wow scale");
    assert_eq!(wow.name, "Deliver delight through service");
    let html = app.get(&analyst, "/analytics").await.page().await;
    assert!(html.contains("Deliver delight through service") && html.contains("page-toc"), "{html}");
}
