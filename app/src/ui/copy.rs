//! A button that copies a value (a link, a one-time password) to the clipboard. A candidate's
//! invitation link copied from the outbox is recorded in the audit log (`record` names the
//! message).

use leptos::prelude::*;

#[island(lazy)]
pub fn CopyButton(value: String, #[prop(optional)] label: Option<String>, #[prop(optional)] record: Option<String>) -> impl IntoView {
    let label = label.unwrap_or_else(|| "Copy".to_string());
    let copied = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let on_click = {
        let value = value.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            {
                let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
                if let Some(clipboard) = clipboard {
                    let _ = clipboard.write_text(&value);
                    copied.set(true);
                    if let Some(message_id) = record.clone() {
                        leptos::task::spawn_local(async move {
                            let _ = crate::outbox::copied::link_copied(message_id).await;
                        });
                    }
                }
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (&value, &record);
        }
    };
    view! {
        <button type="button" class="secondary small" class:awaiting-script=move || !hydrated.get() on:click=on_click>
            {move || if copied.get() { "Copied".to_string() } else { label.clone() }}
        </button>
        <span class="visually-hidden" aria-live="polite">{move || if copied.get() { "Copied to the clipboard" } else { "" }}</span>
    }
}
