//! HTTP layers around every request: refusing cross-site mutations, resolving the session,
//! enforcing the access table on server functions, and answering errors with real statuses.

use app::auth::guard::{ClientIp, CurrentViewer};
use app::auth::{policy, session};
use app::error::AppError;
use app::state::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{ACCEPT, CONTENT_TYPE, HOST, ORIGIN, SET_COOKIE};
use http::{HeaderValue, Method, StatusCode};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::OnceLock;

/// Refuses state-changing requests that a browser says come from another site.
/// Browsers send `Origin` with every POST; requests without it (scripts, curl) are not CSRF.
pub async fn same_origin(req: Request, next: Next) -> Response {
    if is_safe(req.method()) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let cross_site = headers.get("sec-fetch-site").map(|v| v.as_bytes() == b"cross-site").unwrap_or(false);
    let foreign_origin = match (headers.get(ORIGIN), headers.get(HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or("");
            let host = host.to_str().unwrap_or("");
            // "null" comes from sandboxed frames and privacy-sensitive redirects: not ours.
            origin == "null" || origin_host(origin) != Some(host)
        }
        (Some(_), None) => true,
        (None, _) => false,
    };
    if cross_site || foreign_origin {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
        return refusal(StatusCode::FORBIDDEN, "This request came from another site and was refused.");
    }
    next.run(req).await
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// "https://example.com:8443" -> "example.com:8443"
fn origin_host(origin: &str) -> Option<&str> {
    origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'))
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
    let ip = client_ip(&req, state.settings.trust_forwarded_for);
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
    let secure = session::is_https(req.headers(), &state.settings);
    req.extensions_mut().insert(CurrentViewer(viewer));
    req.extensions_mut().insert(ClientIp(ip));
    let mut res = next.run(req).await;
    // A cookie for a session that has ended is cleared, unless this response sets a new one.
    if stale_cookie && !res.headers().contains_key(SET_COOKIE) {
        if let Ok(v) = HeaderValue::from_str(&session::clear_cookie(secure)) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

fn client_ip(req: &Request, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for {
        if let Some(first) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            return first.to_string();
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_compared_by_host_and_port() {
        assert_eq!(origin_host("http://127.0.0.1:3000"), Some("127.0.0.1:3000"));
        assert_eq!(origin_host("https://keepers.example.com"), Some("keepers.example.com"));
        assert_eq!(origin_host("null"), None);
    }
}
