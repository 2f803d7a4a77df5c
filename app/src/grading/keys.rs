//! Keyboard shortcuts on the rubric: with focus on a criterion, the keys 1 to 5 choose that
//! level and move to the next criterion (then to the comment), so a grader can grade a reply
//! without reaching for the mouse. Without JavaScript, arrow keys move between the levels.

use leptos::prelude::*;

#[island(lazy)]
pub fn LevelKeys() -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, |ev| choose_level(&ev));
        on_cleanup(move || handle.remove());
    }
    view! {
        <p class="hint" class:awaiting-script=move || !hydrated.get()>
            "Keyboard: with a criterion in focus, press 1 to 5 to choose its level and move to the next."
        </p>
    }
}

#[cfg(feature = "hydrate")]
fn choose_level(ev: &web_sys::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
    let Some(level) = ev.key().parse::<u8>().ok().filter(|l| (1..=9).contains(l)) else { return };
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    // Only on the rubric's own buttons: a digit typed in the comment is a digit.
    if target.tag_name() != "INPUT" {
        return;
    }
    let Some(fieldset) = target.closest("fieldset.rubric").ok().flatten() else { return };
    let radio = fieldset
        .query_selector(&format!("input[type=radio][value=\"{level}\"]"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    let Some(radio) = radio else { return };
    ev.prevent_default();
    radio.set_checked(true);
    let mut next = fieldset.next_element_sibling();
    while let Some(el) = next.clone() {
        if el.matches("fieldset.rubric").unwrap_or(false) {
            break;
        }
        next = el.next_element_sibling();
    }
    let focus_in = |el: &web_sys::Element, selector: &str| {
        el.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()).map(|e| e.focus())
    };
    let moved = match next {
        Some(fs) => focus_in(&fs, "input[type=radio]:checked").or_else(|| focus_in(&fs, "input[type=radio]")),
        None => web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("comment")).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()).map(|e| e.focus()),
    };
    let _ = moved;
}
