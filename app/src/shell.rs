//! The HTML document and the route table.

use crate::admin::staff::{StaffDetailPage, StaffPage};
use crate::analytics::AnalyticsPage;
use crate::attempt::{TakeDonePage, TakeLandingPage, TakeNowPage};
use crate::grading::{GradeReplyPage, GradingPage};
use crate::offer::answer::{ConfirmOfferPage, MyOfferPage};
use crate::offer::board::OfferBoardPage;
use crate::offer::manage::{OfferAdminPage, TraineeOfferPage};
use crate::outbox::OutboxPage;
use crate::results::{ReportPage, ResultsPage};
use crate::positions::{PositionPage, PositionsPage};
use crate::screening::library::{EditScreeningPage, LibraryPage, ScreeningPage};
use crate::screening::values::ValuesPage;
use crate::training::pages::{CohortPage, CohortsPage, TraineePage};
use crate::training::pages::WeekPage;
use crate::training::pages::MyTrainingPage;
use crate::training::pages::{EditProgrammePage, ProgrammePage, ProgrammesPage};
use crate::audit::AuditPage;
use crate::auth::account::ChangePasswordPage;
use crate::auth::set_password::SetPasswordPage;
use crate::auth::sign_in::SignInPage;
use crate::dashboard::DashboardPage;
use crate::layout::{Layout, NotFound};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    ParamSegment, SsrMode, StaticSegment,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="stylesheet" href="/pkg/keepers.css"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // Without JavaScript the script-only controls never come: take their space back.
                <noscript><style>".awaiting-script { display: none; }"</style></noscript>
                <HydrationScripts options=options islands=cfg!(feature = "islands")/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// A refused plain-form submission kept for this page (`ui::kept`) reaches every
/// `ServerAction` for its server function, as server_fn's own `__err` address would have.
fn provide_kept_error() {
    #[cfg(feature = "ssr")]
    if let Some(refused) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<crate::ui::kept::Refused>().cloned()) {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::URL_SAFE.encode(serde_json::to_vec(&refused.error).unwrap_or_default());
        provide_context(leptos::server::ServerActionError::new(&refused.action, &encoded));
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_kept_error();
    // Every page renders completely on the server before it is sent: pages work without
    // JavaScript, and a page can still redirect or set its status.
    view! {
        <Title text="Keepers"/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=StaticSegment("") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("set-password"), ParamSegment("token")) view=SetPasswordPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("account"), StaticSegment("password")) view=ChangePasswordPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("staff")) view=StaffPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("staff"), ParamSegment("id")) view=StaffDetailPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("audit")) view=AuditPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("organisation")) view=crate::org::pages::OrganisationPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("positions") view=PositionsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("positions"), ParamSegment("id")) view=PositionPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("screenings") view=LibraryPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("screenings"), ParamSegment("id")) view=ScreeningPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("screenings"), ParamSegment("id"), StaticSegment("edit")) view=EditScreeningPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("outbox") view=OutboxPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("positions"), ParamSegment("id"), StaticSegment("results")) view=ResultsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("positions"), ParamSegment("id"), StaticSegment("candidates"), ParamSegment("invitation")) view=ReportPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("grading") view=GradingPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("grading"), ParamSegment("attempt"), ParamSegment("item")) view=GradeReplyPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("settings"), StaticSegment("values")) view=ValuesPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("programmes") view=ProgrammesPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("programmes"), ParamSegment("id")) view=ProgrammePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("programmes"), ParamSegment("id"), StaticSegment("edit")) view=EditProgrammePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("cohorts") view=CohortsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cohorts"), ParamSegment("id")) view=CohortPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cohorts"), ParamSegment("id"), StaticSegment("weeks"), ParamSegment("week")) view=WeekPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cohorts"), ParamSegment("id"), StaticSegment("trainees"), ParamSegment("trainee")) view=TraineePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("my-training") view=MyTrainingPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("offers") view=OfferBoardPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("analytics") view=AnalyticsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cohorts"), ParamSegment("id"), StaticSegment("offer")) view=OfferAdminPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cohorts"), ParamSegment("id"), StaticSegment("offer"), ParamSegment("trainee")) view=TraineeOfferPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("offer") view=MyOfferPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("offer"), StaticSegment("confirm"), ParamSegment("answer")) view=ConfirmOfferPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("take"), ParamSegment("token")) view=TakeLandingPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("take"), ParamSegment("token"), StaticSegment("now")) view=TakeNowPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("take"), ParamSegment("token"), StaticSegment("done")) view=TakeDonePage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
