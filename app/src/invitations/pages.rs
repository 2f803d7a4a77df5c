//! The actions on one row of the position's invitations: copy the link, send it again,
//! withdraw it (with a reason). Plain forms, so they work without JavaScript; a refused
//! withdrawal comes back open on its own row with the reason kept.

use super::api::{ResendInvitation, WithdrawInvitation};
use crate::positions::state::CandidateState;
use crate::ui::{CopyButton, FormError, Kept, TextField};
use leptos::prelude::*;

#[component]
pub fn InvitationActions(
    invitation_id: String,
    name: String,
    state: CandidateState,
    /// (outbox message, link) while the link works.
    link: Option<(String, String)>,
) -> impl IntoView {
    let resend = ServerAction::<ResendInvitation>::new();
    let resending = Kept::keyed(resend, "invitation_id", &invitation_id);
    let withdraw = ServerAction::<WithdrawInvitation>::new();
    let withdrawing = Kept::keyed(withdraw, "invitation_id", &invitation_id);
    let reason_id = format!("withdraw-{invitation_id}");
    let id = StoredValue::new(invitation_id);
    let hidden = move || view! { <input type="hidden" name="invitation_id" value=id.get_value()/> };
    view! {
        <div class="row-actions">
            <FormError error=resending.error() fields=&[]/>
            {link.map(|(message, link)| view! {
                <CopyButton value=link label=format!("Copy {name}'s link") record=message/>
                <ActionForm action=resend attr:class="inline-form">
                    {hidden()}
                    <button type="submit" class="secondary small">"Send again"</button>
                </ActionForm>
            })}
            {state.withdrawable().then(|| view! {
                <details class="disclosure" open=withdrawing.was_refused()>
                    <summary>"Withdraw"</summary>
                    <ActionForm action=withdraw>
                        <FormError error=withdrawing.error() fields=&["reason"]/>
                        {hidden()}
                        <TextField kept=withdrawing name="reason" id=reason_id label="Why (kept in the audit log)" required=true maxlength=500/>
                        <button type="submit" class="danger small">"Withdraw the invitation"</button>
                    </ActionForm>
                </details>
            })}
        </div>
    }
}
