//! Starting the real server on a random port with a fresh database, on SQLite by default or on
//! PostgreSQL when KEEPERS_TEST_POSTGRES_URL names a server (each test gets its own database).

use app::clock::Clock;
use app::state::AppState;
use reqwest::{Client, Response, StatusCode};
use server::{Application, Config};
use sqlx::Connection;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const PASSWORD: &str = app::demo::DEMO_PASSWORD;
pub const ADMIN: &str = "admin@sunrise.example";
pub const HR: &str = "hr@sunrise.example";
/// HR with the analyst role.
pub const ANALYST: &str = "analyst@sunrise.example";
pub const TRAINER: &str = "trainer@sunrise.example";
pub const TRAINEE: &str = app::demo::TRAINEE.1;

/// A database that exists for one test and is removed afterwards.
pub enum TestDb {
    Sqlite { dir: PathBuf },
    Postgres { admin_url: String, name: String },
}

/// A database seeded with the demo organisation once per test run; each test starts from a
/// copy, so the suite does not seed thirty times.
enum Template {
    Sqlite(PathBuf),
    Postgres(String),
}

static TEMPLATE: tokio::sync::OnceCell<Template> = tokio::sync::OnceCell::const_new();

fn postgres_admin_url() -> Option<String> {
    std::env::var("KEEPERS_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty())
}

fn database_url(admin_url: &str, name: &str) -> String {
    let (base, _) = admin_url.rsplit_once('/').expect("a PostgreSQL URL ends with /database");
    format!("{base}/{name}")
}

async fn seed_into(url: String) {
    if std::env::var("KEEPERS_TEST_LOG").is_ok() {
        server::telemetry::init();
    }
    let mut config = test_config(url, Clock::System);
    config.seed_demo = true;
    let app = Application::build(config).await.expect("the template seeds");
    let db = app.state().db.clone();
    if db.engine() == app::db::Engine::Sqlite {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(db.writer()).await.expect("checkpoint");
    }
    drop(app);
    db.close().await;
}

/// Whether a template was made by a test process that no longer runs (`keepers_tpl_<pid>_…`).
/// A name without a process id is from before they carried one, and is abandoned.
fn template_is_abandoned(name: &str) -> bool {
    let pid = name.strip_prefix("keepers_tpl_").and_then(|rest| rest.split('_').next()).and_then(|p| p.parse::<u32>().ok());
    match pid {
        Some(pid) => pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists(),
        None => true,
    }
}

async fn template() -> &'static Template {
    TEMPLATE
        .get_or_init(|| async {
            let unique = uuid::Uuid::new_v4().simple().to_string();
            match postgres_admin_url() {
                Some(admin_url) => {
                    let mut conn = sqlx::PgConnection::connect(&admin_url).await.expect("connect to the PostgreSQL test server");
                    // Templates left by earlier runs, whose process has ended. A template of a
                    // run still going (another clone's suite on the same server) is in use:
                    // dropping it would fail every test of that run.
                    let old = sqlx::query_scalar::<_, String>("SELECT datname FROM pg_database WHERE datname LIKE 'keepers_tpl_%'")
                        .fetch_all(&mut conn)
                        .await
                        .unwrap_or_default();
                    for name in old.into_iter().filter(|name| template_is_abandoned(name)) {
                        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}"))).execute(&mut conn).await;
                    }
                    let name = format!("keepers_tpl_{}_{unique}", std::process::id());
                    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.expect("create template");
                    conn.close().await.ok();
                    seed_into(database_url(&admin_url, &name)).await;
                    Template::Postgres(name)
                }
                None => {
                    let dir = std::env::temp_dir().join(format!("keepers-template-{unique}"));
                    std::fs::create_dir_all(&dir).expect("temp dir");
                    let file = dir.join("keepers.db");
                    seed_into(format!("sqlite://{}", file.display())).await;
                    Template::Sqlite(file)
                }
            }
        })
        .await
}

impl TestDb {
    pub async fn fresh() -> TestDb {
        let unique = uuid::Uuid::new_v4().simple().to_string();
        match (template().await, postgres_admin_url()) {
            (Template::Postgres(tpl), Some(admin_url)) => {
                let name = format!("keepers_test_{unique}");
                let mut conn = sqlx::PgConnection::connect(&admin_url).await.expect("connect to the PostgreSQL test server");
                let mut tries = 0;
                loop {
                    let sql = format!("CREATE DATABASE {name} TEMPLATE {tpl}");
                    match sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await {
                        Ok(_) => break,
                        // Two copies at the same instant can collide; try again.
                        Err(e) if tries < 20 => {
                            tries += 1;
                            let _ = e;
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                        Err(e) => panic!("create test database: {e}"),
                    }
                }
                conn.close().await.ok();
                TestDb::Postgres { admin_url, name }
            }
            (Template::Sqlite(file), _) => {
                let dir = std::env::temp_dir().join(format!("keepers-test-{unique}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                std::fs::copy(file, dir.join("keepers.db")).expect("copy the template");
                TestDb::Sqlite { dir }
            }
            _ => unreachable!("the template and the test use the same engine"),
        }
    }

    pub fn url(&self) -> String {
        match self {
            TestDb::Sqlite { dir } => format!("sqlite://{}", dir.join("keepers.db").display()),
            TestDb::Postgres { admin_url, name } => database_url(admin_url, name),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self {
            TestDb::Sqlite { dir } => {
                let _ = std::fs::remove_dir_all(dir);
            }
            TestDb::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime; do the async clean-up on a thread of its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                    rt.block_on(async {
                        if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&mut conn).await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub clock: Clock,
    pub db: std::sync::Arc<TestDb>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn real_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64
}

pub fn test_config(url: String, clock: Clock) -> Config {
    let mut config = Config::from_env().expect("config");
    config.database_url = url;
    config.addr = "127.0.0.1:0".parse().unwrap();
    config.clock = clock;
    config.seed_demo = true;
    config.housekeeping_every = None;
    config.site_root = "../target/site".into();
    config
}

/// A server with the demo organisation on a fresh database and a clock the test controls.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let db = std::sync::Arc::new(TestDb::fresh().await);
    spawn_on(db, Clock::manual_at(real_now()), adjust).await
}

/// Another server on the same database (and the same clock), as behind a load balancer.
pub async fn spawn_on(db: std::sync::Arc<TestDb>, clock: Clock, adjust: impl FnOnce(&mut Config)) -> TestApp {
    if std::env::var("KEEPERS_TEST_LOG").is_ok() {
        server::telemetry::init();
    }
    let mut config = test_config(db.url(), clock.clone());
    adjust(&mut config);
    let app = Application::build(config).await.expect("the server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    let server = tokio::spawn(async move {
        let _ = app.run_until_stopped().await;
    });
    TestApp { base, state, clock, db, server }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
pub fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Calls a server function the way the browser's fetch does.
    pub async fn call(&self, client: &Client, path: &str, form: &[(&str, &str)]) -> Response {
        client
            .post(self.url(path))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// Posts a form the way a browser without JavaScript does (it accepts HTML and says which
    /// page the form was on), so server functions answer with a redirect.
    pub async fn post_without_js(&self, path: &str, from: &str, form: &[(&str, &str)]) -> Response {
        browser()
            .post(self.url(path))
            .header("accept", "text/html")
            .header("referer", self.url(from))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    pub async fn sign_in(&self, client: &Client, email: &str, password: &str) -> Response {
        self.call(client, "/api/auth/sign_in", &[("email", email), ("password", password), ("next", "")]).await
    }

    /// A fresh client signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Client {
        let client = browser();
        let res = self.sign_in(&client, email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "sign-in as {email}: {}", res.text().await.unwrap_or_default());
        client
    }

    pub async fn get(&self, client: &Client, path: &str) -> Response {
        client.get(self.url(path)).send().await.unwrap_or_else(|e| panic!("GET {path}: {e:?}"))
    }

    pub async fn count(&self, sql: &str) -> i64 {
        use app::db::RowExt;
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(self.state.db.reader()).await.expect("count").int("n").expect("n")
    }
}

/// The session token a response set, if any.
pub fn session_cookie(res: &Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("keepers_session="))
        .map(|v| v["keepers_session=".len()..].split(';').next().unwrap_or("").to_string())
}

/// A client that presents exactly this session token.
pub fn with_token(token: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", format!("keepers_session={token}").parse().unwrap());
    Client::builder().default_headers(headers).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub async fn error_of(res: Response) -> app::error::AppError {
    let body = res.text().await.unwrap();
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("not an AppError ({e}): {body}"))
}

/// The text of a server-rendered page, without the hydration markers Leptos puts between nodes.
pub trait PageText {
    fn page(self) -> impl std::future::Future<Output = String>;
}

impl PageText for Response {
    async fn page(self) -> String {
        self.text().await.expect("a body").replace("<!>", "")
    }
}

/// Two suites share one PostgreSQL server (two clones tested at once): the one that starts
/// second must not drop the first one's template, which would fail every test of that run.
#[test]
fn a_template_of_a_running_suite_is_kept() {
    assert!(!template_is_abandoned("keepers_tpl_1_0123abcd"), "process 1 runs");
    assert!(!template_is_abandoned(&format!("keepers_tpl_{}_0123abcd", std::process::id())), "this process runs");
    assert!(template_is_abandoned("keepers_tpl_4294967295_0123abcd"), "no such process");
    assert!(template_is_abandoned("keepers_tpl_0123456789abcdef0123456789abcdef"), "named before names carried a process");
}
