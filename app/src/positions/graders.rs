//! Who grades a position's written replies: HR always, and the trainers HR names here. Only
//! they see the position's replies in the grading queue and may grade them.

use crate::error::AppError;
use crate::ui::FormError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grader {
    pub user_id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Graders {
    pub named: Vec<Grader>,
    /// Trainers who could be named (active, not yet named).
    pub available: Vec<Grader>,
}

#[server(prefix = "/api", endpoint = "positions/graders")]
pub async fn position_graders(position_id: String) -> Result<Graders, AppError> {
    crate::auth::guard::require::<PositionGraders>()?;
    let state = crate::state::app_state()?;
    server::list(&state, &position_id).await
}

#[server(prefix = "/api", endpoint = "positions/name_grader")]
pub async fn name_grader(position_id: String, user_id: String, remove: Option<String>) -> Result<(), AppError> {
    let viewer = crate::auth::guard::require::<NameGrader>()?;
    let state = crate::state::app_state()?;
    if remove.is_some() {
        server::remove(&state, &viewer, &position_id, &user_id).await?;
    } else {
        server::add(&state, &viewer, &position_id, &user_id).await?;
    }
    crate::ui::redirect_after(&format!("/positions/{position_id}?graders=1"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::audit::{self, Actor, Entry};
    use crate::auth::Viewer;
    use crate::db::RowExt;
    use crate::state::AppState;

    async fn position_title(state: &AppState, position_id: &str) -> Result<String, AppError> {
        Ok(sqlx::query("SELECT title FROM positions WHERE id = $1")
            .bind(position_id)
            .fetch_optional(state.db.reader())
            .await?
            .ok_or_else(|| AppError::not_found("That position"))?
            .text("title")?)
    }

    pub async fn list(state: &AppState, position_id: &str) -> Result<Graders, AppError> {
        position_title(state, position_id).await?;
        let named = sqlx::query(
            "SELECT u.id, u.name FROM position_graders g JOIN users u ON u.id = g.user_id WHERE g.position_id = $1 ORDER BY LOWER(u.name), u.id",
        )
        .bind(position_id)
        .fetch_all(state.db.reader())
        .await?;
        let available = sqlx::query(
            "SELECT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'trainer'
             WHERE u.disabled_at IS NULL AND NOT EXISTS (SELECT 1 FROM position_graders g WHERE g.position_id = $1 AND g.user_id = u.id)
             ORDER BY LOWER(u.name), u.id",
        )
        .bind(position_id)
        .fetch_all(state.db.reader())
        .await?;
        let read = |rows: Vec<sqlx::any::AnyRow>| -> Result<Vec<Grader>, sqlx::Error> {
            rows.iter().map(|r| Ok(Grader { user_id: r.text("id")?, name: r.text("name")? })).collect()
        };
        Ok(Graders { named: read(named)?, available: read(available)? })
    }

    pub async fn add(state: &AppState, viewer: &Viewer, position_id: &str, user_id: &str) -> Result<(), AppError> {
        let title = position_title(state, position_id).await?;
        let trainer = sqlx::query(
            "SELECT u.name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'trainer' WHERE u.id = $1 AND u.disabled_at IS NULL",
        )
        .bind(user_id)
        .fetch_optional(state.db.reader())
        .await?
        .ok_or_else(|| AppError::invalid("user_id", "Choose a trainer."))?
        .text("name")?;
        let now = state.now();
        let mut tx = state.db.begin().await?;
        let added = sqlx::query(
            "INSERT INTO position_graders (position_id, user_id, added_by, added_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (position_id, user_id) DO NOTHING",
        )
        .bind(position_id)
        .bind(user_id)
        .bind(&viewer.user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() == 1 {
            audit::record(
                &mut *tx,
                now,
                &Actor::Staff(viewer),
                Entry {
                    action: "positions.grader_named",
                    subject_type: "position",
                    subject_id: Some(position_id),
                    summary: format!("Named {trainer} a grader for {title}"),
                    reason: None,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove(state: &AppState, viewer: &Viewer, position_id: &str, user_id: &str) -> Result<(), AppError> {
        let title = position_title(state, position_id).await?;
        let now = state.now();
        let mut tx = state.db.begin().await?;
        let removed = sqlx::query("DELETE FROM position_graders WHERE position_id = $1 AND user_id = $2")
            .bind(position_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if removed.rows_affected() == 1 {
            let name = sqlx::query("SELECT name FROM users WHERE id = $1").bind(user_id).fetch_one(&mut *tx).await?.text("name")?;
            audit::record(
                &mut *tx,
                now,
                &Actor::Staff(viewer),
                Entry {
                    action: "positions.grader_removed",
                    subject_type: "position",
                    subject_id: Some(position_id),
                    summary: format!("{name} no longer grades {title}"),
                    reason: None,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The position page's panel: who grades, and naming or removing a trainer.
#[component]
pub fn GradersPanel(position_id: String) -> impl IntoView {
    let id = position_id.clone();
    let graders = Resource::new(move || id.clone(), position_graders);
    let action = ServerAction::<NameGrader>::new();
    let error = Signal::derive(move || action.value().with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    let position_id = StoredValue::new(position_id);
    view! {
            <section class="panel" aria-labelledby="graders-heading">
                <h2 id="graders-heading">"Graders"</h2>
                <p class="muted">"HR grade every written reply. Trainers named here grade this position's replies too; no other trainer sees them."</p>
                <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match graders.await {
                            Ok(g) => view! {
                                {if g.named.is_empty() {
                                    view! { <p class="empty">"No trainers named: only HR grade this position."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="history">
                                            {g.named.into_iter().map(|t| view! {
                                                <li>
                                                    {t.name.clone()}" "
                                                    <ActionForm action=action attr:class="inline">
                                                        <input type="hidden" name="position_id" value=position_id.get_value()/>
                                                        <input type="hidden" name="user_id" value=t.user_id.clone()/>
                                                        <input type="hidden" name="remove" value="1"/>
                                                        <button type="submit" class="secondary small">{format!("Remove {}", t.name)}</button>
                                                    </ActionForm>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                {(!g.available.is_empty()).then(|| view! {
                                    <ActionForm action=action>
                                        <FormError error=error fields=&[]/>
                                        <input type="hidden" name="position_id" value=position_id.get_value()/>
                                        <div class="field inline">
                                            <label for="grader-user">"Trainer"</label>
                                            <select id="grader-user" name="user_id">
                                                {g.available.into_iter().map(|t| view! { <option value=t.user_id>{t.name}</option> }).collect_view()}
                                            </select>
                                        </div>
                                        <button type="submit" class="secondary">"Name as grader"</button>
                                    </ActionForm>
                                })}
                            }.into_any(),
                            Err(e) => view! { <crate::ui::LoadError error=e/> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
    }
}
