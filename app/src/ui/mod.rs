//! Small pieces every page uses: field and form error messages, status codes and redirects
//! for server rendering, the access guard around a page.

use crate::auth::{Role, Viewer};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

pub mod chart;
pub mod copy;
pub mod kept;
pub mod pager;
pub mod refused;
#[cfg(feature = "ssr")]
pub mod kept_store;
pub use copy::CopyButton;
pub use pager::Pager;
pub use kept::{Choices, Kept, TextArea, TextField};

/// The message for one field, rendered next to it. The element is always present, so
/// `aria-describedby` on the input resolves; it is empty (and hidden by CSS) when all is well.
#[component]
pub fn FieldError(
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
    /// Replaces the usual `{field}-error` where two forms on one page share a field name.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let message = move || error.with(|e| e.as_ref().and_then(|e| e.for_field(field)));
    let id = id.unwrap_or_else(|| format!("{field}-error"));
    view! { <p class="field-error" id=id>{message}</p> }
}

/// Errors that belong to the form as a whole (anything not tied to one of `fields`).
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>, fields: &'static [&'static str]) -> impl IntoView {
    let message = move || error.with(|e| e.as_ref().and_then(|e| e.for_form(fields)));
    view! {
        <div role="alert" aria-live="assertive" class="form-error-slot">
            // `autofocus` takes effect when the page itself came back with the message (a plain
            // form post); in the browser, `kept` moves focus when a message appears.
            {move || message().map(|m| view! { <p class="alert error" tabindex="-1" autofocus=true>{m}</p> })}
        </div>
    }
}

/// Whether an input should be marked invalid, for `aria-invalid`.
pub fn invalid_attr(error: Signal<Option<AppError>>, field: &'static str) -> impl Fn() -> &'static str + Copy {
    move || if error.with(|e| e.as_ref().and_then(|e| e.for_field(field)).is_some()) { "true" } else { "false" }
}

/// Sets the HTTP status of the page being rendered on the server.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(code)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
    {
        res.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// Sends the browser elsewhere from a server-rendered page (always a 302, whatever the
/// request accepts; `leptos_axum::redirect` is for server functions).
pub fn redirect(to: &str) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(location)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(to))
    {
        res.set_status(http::StatusCode::FOUND);
        res.insert_header(http::header::LOCATION, location);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = to;
}

/// After a server function succeeds: where the browser goes next (a page load for a plain
/// form post, a client-side redirect for a fetch). Never panics on a bad target.
#[cfg(feature = "ssr")]
pub fn redirect_after(to: &str) {
    if http::HeaderValue::from_str(to).is_ok() {
        leptos_axum::redirect(to);
    }
}

/// The signed-in viewer while rendering on the server.
pub fn current_viewer() -> Option<Viewer> {
    #[cfg(feature = "ssr")]
    {
        crate::auth::guard::viewer()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// Renders `children` only for a signed-in viewer holding one of `roles` (any role when empty).
/// Anonymous visitors are sent to sign in and brought back; others get a 403 page.
#[component]
pub fn Guarded(#[prop(optional)] roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let location = use_location();
    let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
    match current_viewer() {
        None => {
            let next: String = url_encode(&here);
            redirect(&format!("/sign-in?next={next}"));
            view! { <p>"Please " <a href=format!("/sign-in?next={next}")>"sign in"</a> " to continue."</p> }
                .into_any()
        }
        Some(v) if v.must_change_password && here != "/account/password" => {
            redirect("/account/password");
            view! { <p>"Please " <a href="/account/password">"choose a new password"</a> " first."</p> }.into_any()
        }
        Some(v) if !roles.is_empty() && !v.has_any(roles) => {
            set_status(403);
            view! { <Forbidden/> }.into_any()
        }
        Some(_) => children().into_any(),
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"Not available to you"</h1>
            <p>"Your account does not have the role this page needs. If you think it should, ask an administrator."</p>
            <p><a href="/">"Back to your dashboard"</a></p>
        </section>
    }
}

/// Shown when loading a page's data failed.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    set_status(error.status());
    view! {
        <section class="panel" role="alert">
            <h2>"This could not be loaded"</h2>
            <p>{error.to_string()}</p>
        </section>
    }
}

/// Percent-encodes a value for a query string.
pub fn url_encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_encoded() {
        assert_eq!(super::url_encode("/admin/staff?x=1&y=2"), "/admin/staff%3Fx%3D1%26y%3D2");
    }
}
