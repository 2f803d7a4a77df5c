//! Reading the signed-in viewer inside server functions and server-rendered pages.
//! The HTTP layer resolves the session once per request and leaves a `CurrentViewer`
//! in the request's extensions; everything here reads that.

use super::{policy, Viewer};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::ServerFn;

/// Put in request extensions by the session middleware.
#[derive(Clone, Debug, Default)]
pub struct CurrentViewer(pub Option<Viewer>);

/// The client address as the session middleware saw it.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

/// How the client reached us (scheme and host), read with the configured proxy trust.
#[derive(Clone, Debug)]
pub struct RequestSite(pub super::proxy::Forwarded);

/// The request's site, inside a server function or a server-rendered page.
pub fn request_site() -> Option<super::proxy::Forwarded> {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<RequestSite>().map(|s| s.0.clone()))
}

/// Whether cookies set on this response must be `Secure`.
pub fn is_https(settings: &crate::config::Settings) -> bool {
    super::session::is_https(request_site().as_ref(), settings)
}

/// Where people reach this server, for links that leave it (emails, copied links).
pub fn base_url(settings: &crate::config::Settings) -> String {
    if let Some(url) = &settings.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let site = request_site();
    let host = site
        .as_ref()
        .and_then(|s| s.host.clone())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b)))
        .unwrap_or_else(|| "127.0.0.1:3000".into());
    let https = super::session::is_https(site.as_ref(), settings);
    format!("{}://{host}", if https { "https" } else { "http" })
}

pub fn viewer() -> Option<Viewer> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentViewer>().cloned())
        .and_then(|current| current.0)
}

pub fn client_ip() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientIp>().map(|ip| ip.0.clone()))
        .unwrap_or_else(|| "unknown".into())
}

pub fn user_agent() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|parts| {
        parts.headers.get(http::header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned)
    })
}

/// Checks the access table for server function `F` and returns the caller, if signed in.
pub fn authorize<F: ServerFn>() -> Result<Option<Viewer>, AppError> {
    let viewer = viewer();
    policy::check(F::PATH, viewer.as_ref())?;
    Ok(viewer)
}

/// Like `authorize`, for functions that are never public.
pub fn require<F: ServerFn>() -> Result<Viewer, AppError> {
    authorize::<F>()?.ok_or(AppError::Unauthenticated)
}
