//! Building the application: database, migrations, optional demo seed, the router with its
//! layers, and the listener. Tests build it on port 0 and read the port back.

use crate::config::Config;
use crate::middleware;
use app::db::{Db, DbError};
use app::shell::{shell, App};
use app::auth::Role;
use app::state::AppState;
use axum::routing::get;
use axum::{extract::State, response::IntoResponse, Json, Router};
use http::{header::CACHE_CONTROL, HeaderValue, StatusCode};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("could not seed the demo organisation: {0}")]
    Seed(#[from] app::demo::SeedError),
    #[error("could not listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    housekeeping_every: Option<Duration>,
    pub seeded_demo: bool,
}

impl Application {
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        let db = Db::connect(&config.database_url).await?;
        db.migrate().await?;
        tokio::task::spawn_blocking(app::auth::password::warm_up);

        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| StartupError::Listen { addr: config.addr, source })?;
        let addr = listener.local_addr().map_err(|source| StartupError::Listen { addr: config.addr, source })?;
        let leptos_options = LeptosOptions::builder()
            .output_name("keepers")
            .site_root(config.site_root.clone())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .env(leptos::config::Env::PROD)
            .build();
        let state = state_for(leptos_options, db, &config);
        let seeded_demo = if config.seed_demo {
            // Links in the demo outbox point at this server unless a public address is set.
            let mut seed_config = config.clone();
            if seed_config.settings.public_url.is_none() {
                seed_config.settings.public_url = Some(format!("http://{addr}"));
            }
            let seed_state = state_for(state.leptos_options.clone(), state.db.clone(), &seed_config);
            app::demo::seed_if_empty(&seed_state).await?
        } else {
            false
        };
        let router = router(state.clone());
        Ok(Application { listener, router, state, housekeeping_every: config.housekeeping_every, seeded_demo })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        if let Some(every) = self.housekeeping_every {
            tokio::spawn(housekeeping(self.state.clone(), every));
        }
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service).with_graceful_shutdown(shutdown_signal()).await
    }
}

/// The state the app runs with; the command line builds one too, for its one-off jobs.
pub fn state_for(leptos_options: LeptosOptions, db: Db, config: &Config) -> AppState {
    AppState {
        leptos_options,
        db,
        settings: Arc::new(config.settings.clone()),
        clock: config.clock.clone(),
        screenings: Default::default(),
        hashing: Arc::new(app::auth::password::Hashing::new(config.settings.hashing_permits, config.settings.hashing_wait)),
    }
}

/// The app's routes, generated once per process. Generating them runs the app with resource
/// loading suppressed by a process-wide flag (leptos_server's `SuppressResourceLoad`); a
/// resource first polled by another server's page render in that window waits forever
/// (leptos issue #4773). So it happens once, before any server in this process serves.
fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(state: AppState) -> Router {
    let routes = routes();
    let site_root = state.leptos_options.site_root.to_string();
    let pages = Router::new()
        .route("/screenings/{id}/export", get(export_screening))
        .route("/programmes/{id}/export", get(export_programme))
        .route("/cohorts/{id}/offer/payouts.csv", get(export_payouts))
        .route("/cohorts/{id}/offer/answers.csv", get(export_offer_answers))
        .route("/admin/audit.csv", get(export_audit))
        .route("/positions/{id}/results.csv", get(export_results))
        .route("/cohorts/{id}/grades.csv", get(export_grades))
        .leptos_routes_with_context(&state, routes, || (), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(middleware::guard_server_fns))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::kept_forms))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::resolve_session))
        .layer(axum::middleware::from_fn(middleware::limit_body))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::same_origin));

    // Compiled assets keep their names between builds, so browsers revalidate them.
    let assets = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("no-cache")))
        .service(ServeDir::new(format!("{site_root}/pkg")).precompressed_br().precompressed_gzip());
    let favicon = ServeFile::new(format!("{site_root}/favicon.svg"));

    Router::new()
        .route("/healthz", get(healthz))
        .nest_service("/pkg", assets)
        .route_service("/favicon.svg", favicon)
        .merge(pages)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &http::Request<_>| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                    let path = app::auth::tokens::loggable_path(req.uri().path());
                    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %path)
                }))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(CatchPanicLayer::custom(middleware::panic_response))
                .layer(axum::middleware::from_fn(middleware::security_headers))
                .layer(CompressionLayer::new()),
        )
        .with_state(state)
}

const TOML: &str = "application/toml; charset=utf-8";
const CSV: &str = "text/csv; charset=utf-8";

/// Downloads a screening's file (HR only). A GET that changes nothing, so not a server function.
async fn export_screening(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    axum::Extension(viewer): axum::Extension<app::auth::guard::CurrentViewer>,
) -> axum::response::Response {
    let back = format!("/screenings/{}", app::ui::url_encode(&id));
    download(viewer, &back, &[Role::Hr], TOML, app::screening::library::server::export(&state, &id)).await
}

/// Downloads a training programme's file (HR only).
async fn export_programme(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    axum::Extension(viewer): axum::Extension<app::auth::guard::CurrentViewer>,
) -> axum::response::Response {
    let back = format!("/programmes/{}", app::ui::url_encode(&id));
    download(viewer, &back, &[Role::Hr], TOML, app::training::programmes::export(&state.db, &id)).await
}

/// The payouts of a cohort's Offer, for payroll (HR only).
async fn export_payouts(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    axum::Extension(viewer): axum::Extension<app::auth::guard::CurrentViewer>,
) -> axum::response::Response {
    let back = format!("/cohorts/{}/offer", app::ui::url_encode(&id));
    download(viewer, &back, &[Role::Hr], CSV, app::offer::manage::server::payouts_csv(&state, &id)).await
}

/// Every recipient of a cohort's Offer and their answer (HR).
async fn export_offer_answers(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    axum::Extension(viewer): axum::Extension<app::auth::guard::CurrentViewer>,
) -> axum::response::Response {
    let back = format!("/cohorts/{}/offer", app::ui::url_encode(&id));
    download(viewer, &back, &[Role::Hr], CSV, app::offer::manage::server::answers_csv(&state, &id)).await
}

/// A position's results with the table's filters and order (HR).
async fn export_results(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    axum::extract::Query(query): axum::extract::Query<app::results::ResultsQuery>,
    axum::Extension(viewer): axum::Extension<app::auth::guard::CurrentViewer>,
) -> axum::response::Response {
    let back = format!("/positions/{}/results", app::ui::url_encode(&id));
    download(viewer, &back, &[Role::Hr], CSV, app::results::list::csv(&state.db, &id, &query)).await
}

/// A cohort's grades (HR, or the cohort's trainers: checked with the cohort).
async fn export_grades(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    axum::Extension(viewer): axum::Extension<app::auth::guard::CurrentViewer>,
) -> axum::response::Response {
    let back = format!("/cohorts/{}", app::ui::url_encode(&id));
    let who = viewer.0.clone();
    let file = async move {
        let viewer = who.ok_or(app::error::AppError::Unauthenticated)?;
        app::training::cohorts::grades_csv(&state, &viewer, &id).await
    };
    download(viewer, &back, &[Role::Hr, Role::Trainer], CSV, file).await
}

/// The audit log with the page's filters (HR and admins).
async fn export_audit(
    State(state): State<AppState>,
    axum::extract::Query(query): axum::extract::Query<app::audit::AuditQuery>,
    axum::Extension(viewer): axum::Extension<app::auth::guard::CurrentViewer>,
) -> axum::response::Response {
    let file = async {
        let text = app::audit::csv(&state.db, &query).await?;
        Ok::<_, app::error::AppError>((format!("keepers-audit-log-{}.csv", &app::clock::format_utc(state.now())[..10]), text))
    };
    download(viewer, "/admin/audit", &[Role::Hr, Role::Admin], CSV, file).await
}

/// A file for staff to download: anonymous visitors are sent to sign in and back; other roles
/// are refused.
async fn download(
    viewer: app::auth::guard::CurrentViewer,
    back: &str,
    allowed: &[Role],
    content_type: &str,
    file: impl std::future::Future<Output = Result<(String, String), app::error::AppError>>,
) -> axum::response::Response {
    match viewer.0 {
        None => axum::response::Redirect::to(&format!("/sign-in?next={back}")).into_response(),
        Some(v) if !v.has_any(allowed) || v.must_change_password => (StatusCode::FORBIDDEN, "Your role cannot download this file.").into_response(),
        Some(_) => match file.await {
            Ok((filename, text)) => (
                [
                    (http::header::CONTENT_TYPE, content_type.to_string()),
                    (http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
                ],
                text,
            )
                .into_response(),
            Err(e) => (StatusCode::from_u16(e.status()).unwrap_or(StatusCode::NOT_FOUND), e.to_string()).into_response(),
        },
    }
}

/// Whether this server and its database answer.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    if state.db.ping().await {
        (StatusCode::OK, Json(serde_json::json!({ "status": "ok", "database": "ok" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "database": "unreachable" })),
        )
    }
}

/// Periodic clean-up that must happen even when nobody visits.
async fn housekeeping(state: AppState, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        housekeeping_pass(&state).await;
    }
}

/// What one housekeeping pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Housekeeping {
    pub sessions: u64,
    pub counters: u64,
    pub attempts_closed: u64,
    pub offer_silences: usize,
    pub scored: usize,
    pub scoring_failed: usize,
}

/// One pass of every job. Each is safe with several app servers on one database: a job's
/// statement or transaction claims each piece of work, so none is done twice or lost.
pub async fn housekeeping_pass(state: &AppState) -> Housekeeping {
    let mut done = Housekeeping::default();
    match app::auth::session::purge_expired(&state.db, state.now()).await {
        Ok(n) => done.sessions = n,
        Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
    }
    match app::auth::throttle::purge(&state.db, state.now(), &state.settings.throttle).await {
        Ok(n) => done.counters = n,
        Err(e) => tracing::warn!(error = %e, "purging sign-in counters failed"),
    }
    if let Err(e) = app::ui::kept_store::purge(&state.db, state.now()).await {
        tracing::warn!(error = %e, "purging refused forms failed");
    }
    if let Err(e) = app::offer::drafts::purge(&state.db, state.now()).await {
        tracing::warn!(error = %e, "purging Offer drafts failed");
    }
    // Attempts whose time ran out are closed with what was saved, even if nobody returns
    // (one conditional UPDATE: a row closed by another server no longer matches).
    match app::attempt::flow::sweep_expired(state).await {
        Ok(n) => done.attempts_closed = n,
        Err(e) => tracing::warn!(error = %e, "closing expired attempts failed"),
    }
    // Offers whose deadline passed record "no response" for those who did not answer (the
    // first entry's unique key lets only one server record it).
    match app::offer::store::sweep(&state.db, state.now()).await {
        Ok(n) => done.offer_silences = n,
        Err(e) => tracing::warn!(error = %e, "closing Offer deadlines failed"),
    }
    // Closed attempts are scored; the ones closed by the sweep (or whose scoring failed) here,
    // each by the server that claimed it.
    match app::scoring::engine::score_unscored(state).await {
        Ok(pass) => (done.scored, done.scoring_failed) = (pass.scored, pass.failed),
        Err(e) => tracing::warn!(error = %e, "scoring closed attempts failed"),
    }
    if done != Housekeeping::default() {
        tracing::info!(?done, "housekeeping");
    }
    done
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
