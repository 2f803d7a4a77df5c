//! The organisation's values: a setting HR keeps, which culture items are keyed to.

use super::OrgValue;
use crate::auth::Role;
use crate::error::AppError;
use crate::ui::{FieldError, FormError, Guarded, Kept, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/api", endpoint = "values/list")]
pub async fn list_values() -> Result<Vec<OrgValue>, AppError> {
    crate::auth::guard::require::<ListValues>()?;
    let state = crate::state::app_state()?;
    Ok(super::store::values(&state.db).await?)
}

/// A value's key from its name: "Be humble" -> "be-humble".
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(40).collect()
}

#[server(prefix = "/api", endpoint = "values/save")]
pub async fn save_value(key: String, name: String, description: String) -> Result<(), AppError> {
    use crate::audit::{self, Actor, Entry};
    use crate::db::RowExt;
    let viewer = crate::auth::guard::require::<SaveValue>()?;
    let state = crate::state::app_state()?;
    if let Some(why) = crate::text::refused_characters(name.trim()) {
        return Err(AppError::invalid("name", why));
    }
    let name = crate::text::tidy(&name);
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid("name", "Give the value a name of up to 80 characters."));
    }
    let description = description.trim().to_string();
    if description.chars().count() > 400 {
        return Err(AppError::invalid("description", "Keep the description under 400 characters."));
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let (key, summary) = if key.is_empty() {
        let key = slug(&name);
        if key.is_empty() {
            return Err(AppError::invalid("name", "Use at least one letter or digit in the name."));
        }
        let taken = sqlx::query("SELECT 1 AS x FROM org_values WHERE key = $1").bind(&key).fetch_optional(&mut *tx).await?;
        if taken.is_some() {
            return Err(AppError::invalid("name", "A value with this name already exists."));
        }
        let next = sqlx::query("SELECT COALESCE(MAX(position), 0) + 1 AS n FROM org_values").fetch_one(&mut *tx).await?.int("n")?;
        sqlx::query("INSERT INTO org_values (key, name, description, position) VALUES ($1, $2, $3, $4)")
            .bind(&key)
            .bind(&name)
            .bind(&description)
            .bind(next)
            .execute(&mut *tx)
            .await?;
        (key, format!("Added the value “{name}”"))
    } else {
        let done = sqlx::query("UPDATE org_values SET name = $2, description = $3 WHERE key = $1")
            .bind(&key)
            .bind(&name)
            .bind(&description)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(AppError::not_found("That value"));
        }
        (key, format!("Renamed or described the value “{name}”"))
    };
    audit::record(
        &mut *tx,
        now,
        &Actor::Staff(&viewer),
        Entry { action: "values.saved", subject_type: "value", subject_id: Some(&key), summary, reason: None },
    )
    .await?;
    tx.commit().await?;
    crate::ui::redirect_after("/settings/values?saved=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "values/remove")]
pub async fn remove_value(key: String) -> Result<(), AppError> {
    use crate::audit::{self, Actor, Entry};
    let viewer = crate::auth::guard::require::<RemoveValue>()?;
    let state = crate::state::app_state()?;
    // A value still used by the current version of a screening stays.
    let current = sqlx::query(
        "SELECT v.definition FROM screenings s JOIN screening_versions v ON v.id = s.current_version_id",
    )
    .fetch_all(state.db.reader())
    .await?;
    for row in &current {
        use crate::db::RowExt;
        if let Ok(s) = super::definition::Screening::from_toml(&row.text("definition")?, None) {
            let uses = s.sections().iter().flat_map(|sec| sec.items.iter()).any(|item| match item {
                super::definition::Item::Likert(l) => l.value == key,
                super::definition::Item::Judgement(j) => j.value.as_deref() == Some(key.as_str()),
                _ => false,
            });
            if uses {
                return Err(AppError::invalid(
                    "",
                    format!("“{}” is used by items in “{}”. Re-key those items first.", key, s.title()),
                ));
            }
        }
    }
    let mut tx = state.db.begin().await?;
    let done = sqlx::query("DELETE FROM org_values WHERE key = $1").bind(&key).execute(&mut *tx).await?;
    if done.rows_affected() == 1 {
        audit::record(
            &mut *tx,
            state.now(),
            &Actor::Staff(&viewer),
            Entry {
                action: "values.removed",
                subject_type: "value",
                subject_id: Some(&key),
                summary: format!("Removed the value “{key}”"),
                reason: None,
            },
        )
        .await?;
    }
    tx.commit().await?;
    crate::ui::redirect_after("/settings/values?saved=1");
    Ok(())
}

#[component]
pub fn ValuesPage() -> impl IntoView {
    let values = Resource::new(|| (), |_| list_values());
    let saved = use_query_map().with_untracked(|q| q.get("saved").is_some());
    view! {
        <Title text="Values · Keepers"/>
        <Guarded roles=&[Role::Hr, Role::Admin]>
            <div class="page-head">
                <h1>"Company values"</h1>
                <p class="muted">"Culture items in your screenings are keyed to these values, and candidates get a score for each."</p>
            </div>
            {saved.then(|| view! { <p class="alert success" role="status">"Saved."</p> })}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match values.await {
                        Ok(list) => view! { <ValueList list=list/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn ValueList(list: Vec<OrgValue>) -> impl IntoView {
    let remove = ServerAction::<RemoveValue>::new();
    let remove_error = Signal::derive(move || remove.value().with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    view! {
        <FormError error=remove_error fields=&[]/>
        {list.is_empty().then(|| view! { <p class="empty">"No values yet. Add the first one below."</p> })}
        <ol class="value-list">
            {list.into_iter().map(|v| view! { <ValueRow value=v remove=remove/> }).collect_view()}
        </ol>
        <section class="panel">
            <h2>"Add a value"</h2>
            <ValueForm key=String::new() name=String::new() description=String::new()/>
        </section>
    }
}

#[component]
fn ValueRow(value: OrgValue, remove: ServerAction<RemoveValue>) -> impl IntoView {
    let key = value.key.clone();
    view! {
        <li class="panel">
            <h2 class="h3">{value.name.clone()}</h2>
            <p>{value.description.clone()}</p>
            <p class="muted small">"Key in screening files: " <code>{value.key.clone()}</code></p>
            <details class="disclosure">
                <summary>"Edit"</summary>
                <ValueForm key=value.key.clone() name=value.name.clone() description=value.description.clone()/>
                <ActionForm action=remove>
                    <input type="hidden" name="key" value=key/>
                    <button type="submit" class="link-button danger-text">"Remove this value"</button>
                </ActionForm>
            </details>
        </li>
    }
}

#[component]
fn ValueForm(key: String, name: String, description: String) -> impl IntoView {
    let action = ServerAction::<SaveValue>::new();
    let kept = Kept::keyed(action, "key", &key);
    let error = kept.error();
    let id = if key.is_empty() { "new".to_string() } else { key.clone() };
    let name_id = format!("value-name-{id}");
    let desc_id = format!("value-description-{id}");
    view! {
        <ActionForm action=action>
            <FormError error=error fields=&["name", "description"]/>
            <input type="hidden" name="key" value=key/>
            <div class="field">
                <label for=name_id.clone()>"Name"</label>
                <input id=name_id name="name" type="text" required maxlength="80" value=kept.text_or("name", name)
                    autofocus=kept.focus("name") aria-invalid=kept.invalid("name")/>
                <FieldError error=error field="name"/>
            </div>
            <div class="field">
                <label for=desc_id.clone()>"What it means here"</label>
                <textarea id=desc_id name="description" rows="2" maxlength="400" autofocus=kept.focus("description")
                    aria-invalid=kept.invalid("description")>{kept.text_or("description", description)}</textarea>
                <FieldError error=error field="description"/>
            </div>
            <button type="submit" class="secondary">"Save value"</button>
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_plain_keys() {
        assert_eq!(super::slug("Be humble"), "be-humble");
        assert_eq!(super::slug("  Do More With Less! "), "do-more-with-less");
        assert_eq!(super::slug("???"), "");
    }
}
