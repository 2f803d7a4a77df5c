//! The `keepers` command: serve (the default), migrate, create-admin, seed-demo.

use app::audit::Actor;
use app::db::Db;
use server::{telemetry, Application, Config};
use std::process::ExitCode;

const HELP: &str = "\
Keepers: hiring and onboarding for customer-service teams.

USAGE:
    keepers [COMMAND] [OPTIONS]

COMMANDS:
    serve                 Migrate the database and serve the app (the default)
    migrate               Bring the database schema up to date and exit
    create-admin          Create an administrator and print a link to set their password
    seed-demo             Seed the demo organisation into an empty database and exit
    help                  Show this text

OPTIONS:
    --database-url URL    sqlite://path/to/file.db (default sqlite://data/keepers.db) or postgres://...
    --addr HOST:PORT      Where to listen (default 127.0.0.1:3000)
    --demo                With serve: seed the demo organisation when the database is empty
    --email EMAIL         With create-admin: their email address
    --name NAME           With create-admin: their name

ENVIRONMENT:
    KEEPERS_DATABASE_URL, KEEPERS_ADDR, KEEPERS_SITE_ROOT, KEEPERS_PUBLIC_URL,
    KEEPERS_TRUST_PROXY, KEEPERS_SESSION_IDLE_MINUTES, KEEPERS_LOG_FORMAT=json, RUST_LOG
";

struct Args {
    command: String,
    demo: bool,
    email: Option<String>,
    name: Option<String>,
}

fn parse_args(config: &mut Config) -> Result<Args, String> {
    let mut args = Args { command: "serve".into(), demo: false, email: None, name: None };
    let mut it = std::env::args().skip(1);
    let mut command_seen = false;
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| it.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--demo" => args.demo = true,
            "--database-url" => config.database_url = value("--database-url")?,
            "--addr" => {
                config.addr = value("--addr")?.parse().map_err(|e| format!("--addr: {e}"))?;
            }
            "--email" => args.email = Some(value("--email")?),
            "--name" => args.name = Some(value("--name")?),
            "-h" | "--help" => args.command = "help".into(),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            command if !command_seen => {
                args.command = command.to_string();
                command_seen = true;
            }
            extra => return Err(format!("unexpected argument {extra}")),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    telemetry::init();
    let mut config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(&e.to_string()),
    };
    let args = match parse_args(&mut config) {
        Ok(a) => a,
        Err(e) => return fail(&format!("{e}\n\n{HELP}")),
    };
    match args.command.as_str() {
        "serve" => serve(config, args.demo).await,
        "migrate" => migrate(&config.database_url).await,
        "seed-demo" => seed_demo(&config).await,
        "create-admin" => create_admin(config, args.email, args.name).await,
        "help" => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        other => fail(&format!("unknown command {other}\n\n{HELP}")),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("keepers: {message}");
    ExitCode::FAILURE
}

async fn serve(mut config: Config, demo: bool) -> ExitCode {
    config.seed_demo = demo;
    let app = match Application::build(config.clone()).await {
        Ok(app) => app,
        Err(e) => return fail(&e.to_string()),
    };
    let url = format!("http://{}:{}", config.addr.ip(), app.port());
    println!("\nKeepers is running at {url}");
    println!("Database: {}", app::db::redact(&config.database_url));
    if demo {
        if app.seeded_demo {
            println!("The demo organisation ({}) was created.", app::demo::ORG_NAME);
        }
        println!("{}", app::demo::sign_in_help());
    }
    println!("Press Ctrl+C to stop.\n");
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("server stopped: {e}")),
    }
}

async fn open_db(url: &str) -> Result<Db, ExitCode> {
    let db = Db::connect(url).await.map_err(|e| fail(&e.to_string()))?;
    db.migrate().await.map_err(|e| fail(&e.to_string()))?;
    Ok(db)
}

async fn migrate(url: &str) -> ExitCode {
    match open_db(url).await {
        Ok(db) => {
            db.close().await;
            println!("The database schema is up to date.");
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

async fn seed_demo(config: &Config) -> ExitCode {
    let db = match open_db(&config.database_url).await {
        Ok(db) => db,
        Err(code) => return code,
    };
    let state = cli_state(config, db.clone());
    let result = app::demo::seed_if_empty(&state).await;
    db.close().await;
    match result {
        Ok(true) => {
            println!("Seeded the demo organisation.\n{}", app::demo::sign_in_help());
            ExitCode::SUCCESS
        }
        Ok(false) => {
            println!("The database already has staff; nothing was seeded.");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

/// State for one-off commands: links they print point at the configured address.
fn cli_state(config: &Config, db: Db) -> app::state::AppState {
    let mut config = config.clone();
    if config.settings.public_url.is_none() {
        config.settings.public_url = Some(format!("http://{}", config.addr));
    }
    server::startup::state_for(leptos::prelude::LeptosOptions::builder().output_name("keepers").build(), db, &config)
}

async fn create_admin(config: Config, email: Option<String>, name: Option<String>) -> ExitCode {
    let (Some(email), Some(name)) = (email, name) else {
        return fail("create-admin needs --email and --name");
    };
    let email = match app::auth::email::Email::parse(&email) {
        Ok(e) => e,
        Err(m) => return fail(&format!("--email: {m}")),
    };
    let name = match app::admin::staff::parse_name(&name) {
        Ok(n) => n,
        Err(m) => return fail(&format!("--name: {m}")),
    };
    let db = match open_db(&config.database_url).await {
        Ok(db) => db,
        Err(code) => return code,
    };
    let state = cli_state(&config, db.clone());
    let result = app::admin::staff::server::create(
        &state,
        &Actor::System("command line"),
        &name,
        &email,
        &[app::auth::Role::Admin],
        app::admin::staff::server::Method::Link,
    )
    .await;
    db.close().await;
    match result {
        Ok(issued) => {
            if let app::admin::staff::Credential::Link(link) = issued.credential {
                println!("Created administrator {name} <{email}>.");
                println!("Open this link to set their password (it works once, within 3 days):\n  {link}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}
