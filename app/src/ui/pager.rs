//! Links to the page before and after, for every paged list (results, audit log, invitations,
//! outbox): one piece of markup, so every list pages the same way.

use leptos::prelude::*;

/// `pages` is the count when it is known; a list that only knows whether more follow (the
/// outbox) passes `None` and `more`. Nothing is drawn when there is only one page.
#[component]
pub fn Pager<F>(
    label: &'static str,
    page: i64,
    #[prop(optional)] pages: Option<i64>,
    #[prop(optional)] more: bool,
    href: F,
    /// The words for the links back and on ("← Newer", "Older →" unless given).
    #[prop(default = ("← Newer", "Older →"))]
    words: (&'static str, &'static str),
) -> impl IntoView
where
    F: Fn(i64) -> String + 'static,
{
    let next = pages.map_or(more, |n| page < n);
    (page > 1 || next).then(|| {
        view! {
            <nav class="pager" aria-label=label>
                {(page > 1).then(|| view! { <a href=href(page - 1)>{words.0}</a> })}
                {pages.map(|n| view! { <span>{format!("Page {page} of {n}")}</span> })}
                {next.then(|| view! { <a href=href(page + 1)>{words.1}</a> })}
            </nav>
        }
    })
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn html(view: impl IntoView) -> String {
        view.into_view().to_html()
    }

    #[test]
    fn a_middle_page_links_both_ways_and_a_single_page_draws_nothing() {
        let middle = html(view! { <Pager label="Pages" page=2 pages=3 href=|n| format!("/x?page={n}")/> });
        assert!(middle.contains(r#"href="/x?page=1""#) && middle.contains(r#"href="/x?page=3""#), "{middle}");
        assert!(middle.contains("Page 2 of 3") && middle.contains("← Newer") && middle.contains("Older →"), "{middle}");
        let last = html(view! { <Pager label="Pages" page=3 pages=3 words=("← Previous", "Next →") href=|n| format!("/x?page={n}")/> });
        assert!(last.contains("← Previous") && !last.contains("Next →"), "{last}");
        let only = html(view! { <Pager label="Pages" page=1 pages=1 href=|n| format!("/x?page={n}")/> });
        assert!(!only.contains("<nav"), "{only}");
        // A list that knows only whether more follow shows no count.
        let more = html(view! { <Pager label="Pages" page=1 more=true href=|n| format!("/x?page={n}")/> });
        assert!(more.contains(r#"href="/x?page=2""#) && !more.contains("Page 1"), "{more}");
    }
}
