//! The frame around every page: skip link, header with role-based navigation, sign-out,
//! and the 404 page.

use crate::auth::sign_in::SignOut;
use crate::auth::{Role, Viewer};
use crate::ui::{current_viewer, set_status};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

struct NavItem {
    href: &'static str,
    label: &'static str,
    /// Shown to viewers holding any of these roles (everyone when empty).
    roles: &'static [Role],
}

const NAV: &[NavItem] = &[
    NavItem { href: "/", label: "Dashboard", roles: &[] },
    NavItem { href: "/positions", label: "Positions", roles: &[Role::Hr] },
    NavItem { href: "/screenings", label: "Screenings", roles: &[Role::Hr] },
    NavItem { href: "/grading", label: "Grading", roles: &[Role::Hr, Role::Trainer] },
    NavItem { href: "/cohorts", label: "Cohorts", roles: &[Role::Hr, Role::Trainer] },
    NavItem { href: "/programmes", label: "Programmes", roles: &[Role::Hr] },
    NavItem { href: "/offers", label: "Offers", roles: &[Role::Hr] },
    NavItem { href: "/analytics", label: "Analytics", roles: &[Role::Analyst] },
    NavItem { href: "/my-training", label: "My training", roles: &[Role::Trainee] },
    NavItem { href: "/offer", label: "The Offer", roles: &[Role::Trainee] },
    NavItem { href: "/outbox", label: "Outbox", roles: &[Role::Hr] },
    NavItem { href: "/settings/values", label: "Values", roles: &[Role::Hr, Role::Admin] },
    NavItem { href: "/admin/staff", label: "Staff", roles: &[Role::Admin] },
    NavItem { href: "/admin/organisation", label: "Organisation", roles: &[Role::Admin] },
    NavItem { href: "/admin/audit", label: "Audit log", roles: &[Role::Admin, Role::Hr] },
];

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let viewer = current_viewer();
    let candidate = use_location().pathname.get_untracked().starts_with("/take/");
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="bar">
                {if candidate {
                    view! { <span class="brand">"Keepers"</span> }.into_any()
                } else {
                    view! { <a class="brand" href="/">"Keepers"</a> }.into_any()
                }}
                {viewer.filter(|_| !candidate).map(|v| view! { <Nav viewer=v/> })}
            </div>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>"Keepers · hire for attitude, train for skill, keep the people who choose to stay."</p>
        </footer>
    }
}

#[component]
fn Nav(viewer: Viewer) -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    let items = NAV
        .iter()
        .filter(|i| i.roles.is_empty() || viewer.has_any(i.roles))
        .filter(|_| !viewer.must_change_password)
        .map(|i| {
            let current = if i.href == "/" { path == "/" } else { path.starts_with(i.href) };
            view! {
                <li><a href=i.href aria-current=current.then_some("page")>{i.label}</a></li>
            }
        })
        .collect_view();
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <nav aria-label="Main">
            <ul class="nav-links">{items}</ul>
        </nav>
        <div class="account">
            <a href="/account/password" class="who" title=viewer.email.clone()>{viewer.name.clone()}</a>
            <ActionForm action=sign_out>
                <button type="submit" class="link-button">"Sign out"</button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <Title text="Not found · Keepers"/>
        <section class="panel">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. If you followed a link from an email, it may be mistyped or out of date."</p>
            <p><a href="/">"Go to your dashboard"</a></p>
        </section>
    }
}
