//! The admin's page for the organisation's name and time zone.

use super::api::{load_org_settings, SaveOrgSettings};
use super::types::OrgSettings;
use crate::auth::Role;
use crate::ui::{FieldError, FormError, Guarded, Kept, LoadError, TextField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let saved = use_query_map().with_untracked(|q| q.get("saved").is_some());
    let settings = Resource::new(|| (), |_| load_org_settings());
    view! {
        <Title text="Organisation · Keepers"/>
        <Guarded roles=&[Role::Admin]>
            <h1>"Organisation"</h1>
            {saved.then(|| view! { <p class="alert success" role="status">"Settings saved."</p> })}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! { <SettingsForm settings=s/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn SettingsForm(settings: OrgSettings) -> impl IntoView {
    let action = ServerAction::<SaveOrgSettings>::new();
    let kept = Kept::new(action);
    let error = kept.error();
    let current = settings.time_zone.clone();
    view! {
        <section class="panel">
            <ActionForm action=action>
                <FormError error=error fields=&["name", "time_zone"]/>
                <TextField kept=kept name="name" id="org-name" label="Name" required=true maxlength=120 value=settings.name.clone()
                    hint="Candidates and trainees see it in every email and on their pages."/>
                <div class="field">
                    <label for="org-zone">"Time zone"</label>
                    <p class="hint" id="org-zone-hint">"Offer deadlines are entered and shown in it, to HR and to trainees."</p>
                    <select id="org-zone" name="time_zone" aria-describedby="org-zone-hint time_zone-error" autofocus=kept.focus("time_zone") aria-invalid=kept.invalid("time_zone")>
                        {settings.zones.iter().map(|z| view! { <option value=z.clone() selected=kept.chose("time_zone", z, *z == current)>{z.replace('_', " ")}</option> }).collect_view()}
                    </select>
                    <FieldError error=error field="time_zone"/>
                </div>
                <button type="submit" class="primary">"Save"</button>
            </ActionForm>
        </section>
    }
}
