//! HTTP layers around every request: refusing cross-site mutations, resolving the session,
//! enforcing the access table on server functions, and answering errors with real statuses.

use app::auth::guard::{ClientIp, CurrentViewer, RequestSite};
use app::auth::{policy, proxy, session};
use app::error::AppError;
use app::state::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{ACCEPT, CONTENT_TYPE, ORIGIN, SET_COOKIE};
use http::{HeaderValue, Method, StatusCode};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::OnceLock;

/// Refuses state-changing requests that a browser says come from another site.
/// Browsers send `Origin` with every POST; requests without it (scripts, curl) are not CSRF.
/// The origin must match in scheme, host and port: the public address when one is set,
/// otherwise the request's own (as a trusted proxy reports it).
pub async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if is_safe(req.method()) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let cross_site = headers.get("sec-fetch-site").map(|v| v.as_bytes() == b"cross-site").unwrap_or(false);
    let foreign_origin = match headers.get(ORIGIN) {
        Some(origin) => {
            let site = forwarded(&req, &state);
            let own = match &state.settings.public_url {
                Some(url) => proxy::origin_of(url),
                None => site.host.as_deref().and_then(|h| proxy::origin_of(&format!("{}://{h}", if site.https { "https" } else { "http" }))),
            };
            // "null" comes from sandboxed frames and privacy-sensitive redirects: not ours.
            let theirs = origin.to_str().ok().and_then(proxy::origin_of);
            theirs.is_none() || theirs != own
        }
        None => false,
    };
    if cross_site || foreign_origin {
        tracing::warn!(method = %req.method(), path = %app::auth::tokens::loggable_path(req.uri().path()), "cross-site request refused");
        return refusal(StatusCode::FORBIDDEN, "This request came from another site and was refused.");
    }
    next.run(req).await
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The client, scheme and host of a request, read with the configured proxy trust.
fn forwarded(req: &Request, state: &AppState) -> proxy::Forwarded {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    proxy::read(&state.settings.proxies, peer, req.headers())
}

/// Bodies larger than this are refused before anything reads them. The largest thing anyone
/// sends is a screening or programme file (well under 1 MiB) or a written reply.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Reads a request's body up to `BODY_LIMIT`, answering 413 with a message past it, so no
/// handler ever fails half-way through reading one.
pub async fn limit_body(req: Request, next: Next) -> Response {
    if is_safe(req.method()) {
        return next.run(req).await;
    }
    let declared = req.headers().get(http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return too_large();
    }
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return too_large(),
    };
    if let Some(field) = field_with_nul(&bytes) {
        // No text anyone types holds NUL, and PostgreSQL cannot store it in a text column.
        return app_error_response(&AppError::invalid(field, "This holds a NUL character, which is not text. Remove it and try again."));
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// The first form field (or "" for a body that is not a form) whose value holds NUL.
fn field_with_nul(body: &[u8]) -> Option<String> {
    let raw_nul = body.contains(&0);
    let escaped_nul = body.windows(3).any(|w| w.eq_ignore_ascii_case(b"%00")) || body.windows(6).any(|w| w == b"\\u0000");
    if !raw_nul && !escaped_nul {
        return None;
    }
    let field = url::form_urlencoded::parse(body).find(|(_, v)| v.contains('\0')).map(|(k, _)| k.into_owned()).unwrap_or_default();
    Some(field)
}

fn too_large() -> Response {
    let message = format!("This is more than Keepers accepts in one request ({} MiB). Send less at once.", BODY_LIMIT / (1024 * 1024));
    let mut res = app_error_response(&AppError::invalid("", message));
    *res.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    res
}

fn refusal(status: StatusCode, message: &str) -> Response {
    (status, [(CONTENT_TYPE, "text/plain; charset=utf-8")], message.to_string()).into_response()
}

/// Resolves the session cookie once per request and leaves the viewer and client address in
/// the request for pages and server functions. Static files skip the database.
pub async fn resolve_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/pkg/") || path == "/favicon.svg" || path == "/healthz" {
        return next.run(req).await;
    }
    let site = forwarded(&req, &state);
    let token = session::token_from(req.headers());
    let viewer = match &token {
        Some(t) => match session::resolve(&state.db, state.now(), &state.settings, t).await {
            Ok(v) => v,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return refusal(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Keepers cannot reach its database right now. Please try again in a minute.",
                );
            }
        },
        None => None,
    };
    let stale_cookie = token.is_some() && viewer.is_none();
    let secure = session::is_https(Some(&site), &state.settings);
    req.extensions_mut().insert(CurrentViewer(viewer));
    req.extensions_mut().insert(ClientIp(site.client.clone()));
    req.extensions_mut().insert(RequestSite(site));
    let mut res = next.run(req).await;
    // A cookie for a session that has ended is cleared, unless this response sets a new one.
    if stale_cookie && !res.headers().contains_key(SET_COOKIE) {
        if let Ok(v) = HeaderValue::from_str(&session::clear_cookie(secure)) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

/// The paths of every server function compiled into this binary.
pub fn server_fn_paths() -> &'static HashSet<String> {
    static PATHS: OnceLock<HashSet<String>> = OnceLock::new();
    PATHS.get_or_init(|| server_fn::axum::server_fn_paths().map(|(p, _)| p.to_string()).collect())
}

/// Server functions missing from the access table (they would be refused to everyone).
pub fn unlisted_server_fns() -> Vec<String> {
    let mut missing: Vec<String> =
        server_fn_paths().iter().filter(|p| policy::access_for(p).is_none()).cloned().collect();
    missing.sort();
    missing
}

/// Enforces the access table before a server function reads its arguments, and gives error
/// answers their real status (server functions answer every error with 500 by default).
pub async fn guard_server_fns(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if !server_fn_paths().contains(&path) {
        return next.run(req).await;
    }
    let viewer = req.extensions().get::<CurrentViewer>().and_then(|c| c.0.clone());
    let plain_form = accepts_html(&req);
    if let Err(error) = policy::check(&path, viewer.as_ref()) {
        tracing::info!(path = %path, error = ?error, "server function refused");
        if plain_form && error == AppError::Unauthenticated {
            // A form posted after the session ended: send the person to sign in.
            let back = req
                .headers()
                .get(http::header::REFERER)
                .and_then(|r| r.to_str().ok())
                .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
                .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
                .unwrap_or_else(|| "/".into());
            let to = format!("/sign-in?next={}", app::ui::url_encode(&back));
            return (StatusCode::SEE_OTHER, [(http::header::LOCATION, to)]).into_response();
        }
        return app_error_response(&error);
    }
    let res = next.run(req).await;
    with_real_status(res).await
}

fn accepts_html(req: &Request) -> bool {
    req.headers().get(ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")).unwrap_or(false)
}

pub fn app_error_response(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(error).unwrap_or_default();
    let mut res = (status, [(CONTENT_TYPE, "application/json")], body).into_response();
    if let AppError::Throttled { retry_after_secs, .. } = error {
        if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
            res.headers_mut().insert(http::header::RETRY_AFTER, v);
        }
    }
    res
}

async fn with_real_status(res: Response) -> Response {
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR || !res.headers().contains_key("serverfnerror") {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match to_bytes(body, 1 << 20).await {
        Ok(b) => b,
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::Throttled { retry_after_secs, .. } = &error {
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                parts.headers.insert(http::header::RETRY_AFTER, v);
            }
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Headers every response carries.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    if !h.contains_key(http::header::CACHE_CONTROL) {
        h.insert(http::header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The page shown when a handler panics: a calm message instead of a dropped connection.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    let body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Something went wrong · Keepers</title><link rel=\"stylesheet\" href=\"/pkg/keepers.css\"></head><body><main id=\"main\"><section class=\"panel\"><h1>Something went wrong</h1><p>Keepers hit an unexpected problem and nothing was changed. Please go back and try again. If it keeps happening, tell your administrator the time it happened.</p><p><a href=\"/\">Go to your dashboard</a></p></section></main></body></html>";
    (StatusCode::INTERNAL_SERVER_ERROR, [(CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

/// Keeps a refused plain-form submission for the page it came from, and gives it back there.
///
/// A form posted without JavaScript that a server function refuses is redirected by
/// server_fn to the referring page with the error in its address (`__err`), and what was typed
/// is lost. Here, instead, the values and the error are kept (`app::ui::kept_store`) behind a
/// cookie and the address is left clean; the next page load of that page by the same person
/// takes them back out, and its forms render them (`app::ui::Kept`).
pub async fn kept_forms(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let user_id = req.extensions().get::<CurrentViewer>().and_then(|c| c.0.as_ref().map(|v| v.user_id.clone()));
    let secure = session::is_https(req.extensions().get::<RequestSite>().map(|s| &s.0), &state.settings);
    if req.method() == Method::POST && server_fn_paths().contains(&path) && accepts_html(&req) && is_urlencoded(&req) {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else { return too_large() };
        let mut res = next.run(Request::from_parts(parts, Body::from(bytes.clone()))).await;
        let Some((page, action, encoded)) = refusal_in(&res) else { return res };
        let error = server_fn::error::ServerFnUrlError::<AppError>::decode_err(&encoded);
        let values: Vec<(String, String)> = url::form_urlencoded::parse(&bytes).into_owned().collect();
        match app::ui::kept_store::keep(&state.db, state.now(), user_id.as_deref(), &page, &action, &error, values).await {
            Ok(cookie) => {
                if let (Ok(to), Ok(cookie)) =
                    (HeaderValue::from_str(&page), HeaderValue::from_str(&app::ui::kept_store::set_cookie(&cookie, secure)))
                {
                    *res.status_mut() = StatusCode::SEE_OTHER;
                    res.headers_mut().insert(http::header::LOCATION, to);
                    res.headers_mut().append(SET_COOKIE, cookie);
                }
            }
            // The error still reaches the page in its address, as server_fn put it there.
            Err(e) => tracing::warn!(error = %e, "keeping a refused form failed"),
        }
        return res;
    }
    let cookie = app::ui::kept_store::cookie_from(req.headers());
    // Any page load takes it (a page that is not the one it was kept for drops it).
    let Some(cookie) = cookie.filter(|_| req.method() == Method::GET && !path.starts_with("/api/")) else {
        return next.run(req).await;
    };
    let page = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or(path);
    let mut req = req;
    match app::ui::kept_store::take(&state.db, state.now(), &cookie, user_id.as_deref(), &page).await {
        Ok(Some(refused)) => {
            req.extensions_mut().insert(refused);
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "reading a refused form failed"),
    }
    let mut res = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&app::ui::kept_store::set_cookie("", secure)) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    res
}

fn is_urlencoded(req: &Request) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// The page, server function and encoded error of a server_fn redirect that carries an error.
fn refusal_in(res: &Response) -> Option<(String, String, String)> {
    if !res.status().is_redirection() {
        return None;
    }
    let location = res.headers().get(http::header::LOCATION)?.to_str().ok()?;
    let url = url::Url::parse(location).ok()?;
    let (mut action, mut encoded) = (None, None);
    for (k, v) in url.query_pairs() {
        match k.as_ref() {
            "__path" => action = Some(v.into_owned()),
            "__err" => encoded = Some(v.into_owned()),
            _ => {}
        }
    }
    // The page's own query as it was (server_fn appended its two pairs to it), so the page
    // load matches it exactly.
    let query = url.query().unwrap_or_default().split('&').filter(|p| !p.starts_with("__path=") && !p.starts_with("__err=")).collect::<Vec<_>>().join("&");
    let page = if query.is_empty() { url.path().to_string() } else { format!("{}?{query}", url.path()) };
    Some((page, action?, encoded?))
}
