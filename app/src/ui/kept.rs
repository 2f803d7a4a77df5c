//! Forms that keep the user's work. One mechanism serves every form, with and without
//! JavaScript:
//!
//! - A plain form post (no JavaScript yet, or none at all) that the server refuses comes back
//!   to the page it came from with a clean address; the server kept what was typed for ten
//!   minutes (`kept_store`, never passwords or link tokens), and the page renders it into the
//!   fields with the message next to its field and `autofocus` on the first error.
//! - A form in an island submits by fetch: the page stays, so the fields keep their values,
//!   and focus moves to the first error once it is shown.
//!
//! A form asks `Kept::new(action)` (or `Kept::keyed` where one page holds several forms for
//! the same server function) and reads each field's value, choice and error from it.

use crate::error::AppError;
use leptos::prelude::*;
use server_fn::ServerFn;

pub use super::refused::{is_secret_field, Refused};

/// The refused submission the server kept for this page, if it was for `action`.
pub fn refused_for(action: &str) -> Option<Refused> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Refused>().cloned())
            .filter(|r| r.action == action)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = action;
        None
    }
}

/// The refused submission kept for this page for server function `S`: what a page hands an
/// island's form as a prop.
pub fn refused_for_fn<S: ServerFn>() -> Option<Refused> {
    refused_for(S::PATH)
}

/// One form's memory of its last refused submission, and the error to show now.
#[derive(Clone, Copy)]
pub struct Kept {
    refused: StoredValue<Option<Refused>>,
    error: Signal<Option<AppError>>,
}

impl Kept {
    /// For the form posting to `S`'s action.
    pub fn new<S>(action: ServerAction<S>) -> Self
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        Self::from_parts(action, refused_for(S::PATH))
    }

    /// For one of several forms posting to `S` on one page: the kept values apply to the form
    /// whose hidden `key` field holds `value`.
    pub fn keyed<S>(action: ServerAction<S>, key: &str, value: &str) -> Self
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        let refused = refused_for(S::PATH).filter(|r| r.value(key) == Some(value));
        Self::from_parts(action, refused)
    }

    /// For a form in an island: the page passes `refused_for(S::PATH)` in as a prop, since the
    /// browser has no request to read it from.
    pub fn from_parts<S>(action: ServerAction<S>, refused: Option<Refused>) -> Self
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        let kept_error = refused.as_ref().map(|r| r.error.clone());
        let value = action.value();
        let error = Signal::derive(move || {
            value.with(|v| match v {
                Some(Err(e)) => Some(e.clone()),
                Some(Ok(_)) => None,
                None => kept_error.clone(),
            })
        });
        focus_first_error_when_shown(error);
        Kept { refused: StoredValue::new(refused), error }
    }

    pub fn error(&self) -> Signal<Option<AppError>> {
        self.error
    }

    /// Whether the page came back from a refused submission of this form.
    pub fn was_refused(&self) -> bool {
        self.refused.with_value(|r| r.is_some())
    }

    /// What was typed into `field`, or `default` when nothing was refused.
    pub fn text_or(&self, field: &str, default: impl Into<String>) -> String {
        self.refused
            .with_value(|r| r.as_ref().map(|r| r.value(field).unwrap_or_default().to_string()))
            .unwrap_or_else(|| default.into())
    }

    pub fn text(&self, field: &str) -> String {
        self.text_or(field, "")
    }

    /// Whether `value` of `field` (an option, a radio button, a checkbox) was chosen, or
    /// `default` when nothing was refused.
    pub fn chose(&self, field: &str, value: &str, default: bool) -> bool {
        self.refused.with_value(|r| r.as_ref().map(|r| r.holds(field, value))).unwrap_or(default)
    }

    /// Whether `field` gets `autofocus`: the field the refusal was about, on the page that
    /// came back from it (a form's own error takes focus in `FormError`).
    pub fn focus(&self, field: &'static str) -> bool {
        self.refused.with_value(|r| {
            r.as_ref().is_some_and(|r| matches!(&r.error, AppError::Invalid { field: f, .. } if f == field))
        })
    }

    /// `aria-invalid` for `field`.
    pub fn invalid(&self, field: &'static str) -> impl Fn() -> &'static str + Copy {
        super::invalid_attr(self.error, field)
    }
}

/// In the browser, moves focus to the first invalid field (or the form's own message) once an
/// error is on screen: the person sees and hears what to fix without hunting for it.
fn focus_first_error_when_shown(error: Signal<Option<AppError>>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |was: Option<bool>| {
        let now = error.with(|e| e.is_some());
        if now && was == Some(false) {
            let field = error.with_untracked(|e| match e {
                Some(AppError::Invalid { field, .. }) => field.clone(),
                _ => String::new(),
            });
            request_animation_frame(move || {
                use wasm_bindgen::JsCast;
                let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
                let first = |root: &web_sys::Element, selector: &str| root.query_selector(selector).ok().flatten();
                // The invalid field; else the first control of the group its message sits in
                // (a set of checkboxes); else the form's own message.
                let found = doc
                    .query_selector("[aria-invalid=\"true\"]")
                    .ok()
                    .flatten()
                    .or_else(|| {
                        (!field.is_empty())
                            .then(|| doc.get_element_by_id(&format!("{field}-error")))
                            .flatten()
                            .and_then(|m| m.closest("fieldset, .field").ok().flatten())
                            .and_then(|group| first(&group, "input, select, textarea"))
                    })
                    .or_else(|| doc.query_selector(".form-error-slot .alert").ok().flatten())
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(el) = found {
                    let _ = el.focus();
                }
            });
        }
        now
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = error;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_never_kept() {
        assert!(is_secret_field("password"));
        assert!(is_secret_field("new_password"));
        assert!(is_secret_field("token"));
        assert!(is_secret_field("current") && is_secret_field("confirm"));
        assert!(!is_secret_field("people"));
    }

    #[test]
    fn a_refusal_remembers_every_choice_of_a_group() {
        let r = Refused {
            action: "/api/x".into(),
            error: AppError::invalid("name", "Enter a name."),
            values: vec![("role".into(), "hr".into()), ("role".into(), "trainer".into()), ("name".into(), "".into())],
        };
        assert!(r.holds("role", "hr") && r.holds("role", "trainer") && !r.holds("role", "admin"));
        assert_eq!(r.value("name"), Some(""));
        assert_eq!(r.value("missing"), None);
    }
}

/// A labelled text input (or number, date, time, email) that keeps what was typed, with its
/// message next to it.
#[component]
pub fn TextField(
    kept: Kept,
    name: &'static str,
    label: &'static str,
    /// The value when nothing was refused.
    #[prop(optional, into)]
    value: String,
    #[prop(default = "text")] kind: &'static str,
    /// Defaults to `name`.
    #[prop(optional, into)]
    id: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] min: Option<&'static str>,
    #[prop(optional)] max: Option<&'static str>,
    #[prop(optional)] step: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_string());
    view! {
        <FieldShell kept=kept name=name id=id.clone() label=label hint=hint>
            <input id=id.clone() name=name type=kind value=kept.text_or(name, value) required=required maxlength=maxlength
                min=min max=max step=step placeholder=placeholder inputmode=inputmode autofocus=kept.focus(name)
                aria-describedby=described_by(&id, hint.is_some()) aria-invalid=kept.invalid(name)/>
        </FieldShell>
    }
}

/// The hint (if there is one) and the message that describe the control `id`.
fn described_by(id: &str, hint: bool) -> String {
    if hint {
        format!("{id}-hint {id}-error")
    } else {
        format!("{id}-error")
    }
}

/// A control's label, hint and message around it.
#[component]
fn FieldShell(kept: Kept, name: &'static str, id: String, label: &'static str, hint: Option<&'static str>, children: Children) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            {children()}
            <super::FieldError error=kept.error() field=name id=format!("{id}-error")/>
        </div>
    }
}

/// A labelled textarea that keeps what was typed, with its message next to it.
#[component]
pub fn TextArea(
    kept: Kept,
    name: &'static str,
    label: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] id: Option<String>,
    #[prop(default = 3)] rows: u32,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_string());
    view! {
        <FieldShell kept=kept name=name id=id.clone() label=label hint=hint>
            <textarea id=id.clone() name=name rows=rows required=required maxlength=maxlength class=class
                autofocus=kept.focus(name) aria-describedby=described_by(&id, hint.is_some()) aria-invalid=kept.invalid(name)>{kept.text_or(name, value)}</textarea>
        </FieldShell>
    }
}

/// A group of radio buttons that keeps the choice, with its message under the group.
#[component]
pub fn Choices(
    kept: Kept,
    name: &'static str,
    legend: &'static str,
    /// (value, label) for each button.
    options: &'static [(&'static str, &'static str)],
    /// The value chosen when nothing was refused.
    #[prop(optional)]
    chosen: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let described = error_id.clone();
    view! {
        <fieldset class="field" aria-describedby=described>
            <legend>{legend}</legend>
            {options.iter().enumerate().map(|(i, (value, label))| view! {
                <label class="check">
                    <input type="radio" name=name value=*value required=required && i == 0
                        checked=kept.chose(name, value, chosen == Some(*value)) autofocus=i == 0 && kept.focus(name)/>
                    <span>{*label}</span>
                </label>
            }).collect_view()}
            <super::FieldError error=kept.error() field=name id=error_id/>
        </fieldset>
    }
}
