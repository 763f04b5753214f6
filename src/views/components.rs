//! Small pieces shared by pages: form helpers, dates, user and category links, pagination,
//! and the one partial that emits stored post HTML.

use std::sync::LazyLock;

use chrono::NaiveDateTime;
use chrono::format::{Item, StrftimeItems};
use maud::{Markup, PreEscaped, html};

use crate::messages::Complaint;
use crate::models::category::Category;
use crate::views::layout::PageContext;

/// The hidden CSRF field every form carries.
pub fn csrf_field(ctx: &PageContext) -> Markup {
    html! { input type="hidden" name=(crate::auth::csrf::FIELD) value=(ctx.csrf_token); }
}

/// Emits HTML that `markdown::render` made and sanitised. The only place stored user HTML
/// reaches a page; `grep PreEscaped` finds it.
pub fn cooked(html: &str) -> Markup {
    html! { div.cooked { (PreEscaped(html)) } }
}

/// Date formats, parsed once: chrono otherwise re-parses a format string on every use, which
/// showed up in profiles of list pages (three dates per topic).
static MACHINE_TIME: LazyLock<Vec<Item<'static>>> =
    LazyLock::new(|| StrftimeItems::new("%Y-%m-%dT%H:%M:%SZ").collect());
static TITLE_TIME: LazyLock<Vec<Item<'static>>> =
    LazyLock::new(|| StrftimeItems::new("%Y-%m-%d %H:%M UTC").collect());
static HUMAN_DATE: LazyLock<Vec<Item<'static>>> =
    LazyLock::new(|| StrftimeItems::new("%b %-d, %Y").collect());

/// A date as people read it: "Nov 21, 2026".
pub fn human_date(at: NaiveDateTime) -> String {
    at.format_with_items(HUMAN_DATE.iter()).to_string()
}

/// A `<time>` with a machine-readable UTC stamp and a readable date.
pub fn time(at: NaiveDateTime) -> Markup {
    html! {
        time datetime=(at.format_with_items(MACHINE_TIME.iter())) title=(at.format_with_items(TITLE_TIME.iter())) {
            (human_date(at))
        }
    }
}

/// A link to a user's profile.
pub fn user_link(username: &str) -> Markup {
    html! { a.user href={ "/u/" (username) } { (username) } }
}

/// A category's name with its colour swatch, linking to it.
pub fn category_link(category: &Category) -> Markup {
    html! {
        a.category href=(category_url(category)) {
            span.swatch style={ "background:#" (category.color) } aria-hidden="true" {}
            (category.name)
        }
    }
}

/// The path of a category page.
pub fn category_url(category: &Category) -> String {
    category.url()
}

/// Everything wrong with what was sent, above the form and announced to screen readers. The
/// problems tied to a field are shown again beside it ([`field_error`]).
pub fn form_errors(complaints: &[Complaint]) -> Markup {
    html! {
        @if !complaints.is_empty() {
            div.errors role="alert" {
                h2 { "Please fix this:" }
                ul { @for c in complaints { li { (c.text) } } }
            }
        }
    }
}

/// The id of the message shown under a field.
fn error_id(field: &str) -> String {
    format!("{field}-error")
}

/// The messages about one field, under it, with the id its input points to.
pub fn field_error(complaints: &[Complaint], field: &str) -> Markup {
    let texts: Vec<&str> = complaints
        .iter()
        .filter(|c| c.field == Some(field))
        .map(|c| c.text.as_str())
        .collect();
    html! {
        @if !texts.is_empty() {
            p.field-error id=(error_id(field)) { (texts.join(" ")) }
        }
    }
}

/// `aria-invalid` for a field's input: `"true"` when something is wrong with it.
pub fn invalid(complaints: &[Complaint], field: &str) -> Option<&'static str> {
    complaints
        .iter()
        .any(|c| c.field == Some(field))
        .then_some("true")
}

/// `aria-describedby` for a field's input: its hint, and its error message when it has one.
pub fn described_by(complaints: &[Complaint], field: &str, hint: Option<&str>) -> Option<String> {
    let error = invalid(complaints, field).map(|_| error_id(field));
    match (hint, error) {
        (Some(hint), Some(error)) => Some(format!("{hint} {error}")),
        (Some(hint), None) => Some(hint.to_owned()),
        (None, error) => error,
    }
}

/// Links between the admin pages, the current one marked.
pub fn admin_tabs(current: &str) -> Markup {
    html! {
        nav.tabs aria-label="Admin" {
            ul {
                @for (key, label, href) in [("categories", "Categories", "/admin/categories"), ("api-keys", "API keys", "/admin/api-keys"), ("watched-words", "Watched words", "/admin/watched_words"), ("tags", "Tags", "/admin/tags"), ("projects", "Projects", "/admin/projects"), ("logs", "Staff log", "/admin/logs")] {
                    li { a href=(href) aria-current=[(key == current).then_some("page")] { (label) } }
                }
            }
        }
    }
}

/// Links to every page of a topic (1-based), marking the current one.
pub fn page_links(base: &str, current: i64, total: i64) -> Markup {
    html! {
        @if total > 1 {
            nav.pagination aria-label="Pages" {
                ul {
                    @if current > 1 {
                        li { a rel="prev" href={ (base) "?page=" (current - 1) } { "← Previous" } }
                    }
                    @for p in 1..=total {
                        li {
                            @if p == current {
                                a aria-current="page" href={ (base) "?page=" (p) } { (p) }
                            } @else {
                                a href={ (base) "?page=" (p) } aria-label={ "Page " (p) } { (p) }
                            }
                        }
                    }
                    @if current < total {
                        li { a rel="next" href={ (base) "?page=" (current + 1) } { "Next →" } }
                    }
                }
            }
        }
    }
}

/// What a list's pager calls the previous and the next page.
pub type PagerLabels = (&'static str, &'static str);

/// Labels for lists in time order (latest first).
pub const NEWER_OLDER: PagerLabels = ("← Newer topics", "Older topics →");

/// Labels for lists in any other order.
pub const PREVIOUS_NEXT: PagerLabels = ("← Previous page", "Next page →");

/// Links to the previous and next page of a topic list (0-based pages, as Discourse). `base`
/// may carry a query.
pub fn list_pager(base: &str, page: i64, has_more: bool, labels: PagerLabels) -> Markup {
    let joint = if base.contains('?') { "&" } else { "?" };
    html! {
        @if page > 0 || has_more {
            nav.pagination aria-label="Pages" {
                ul {
                    @if page > 0 {
                        li { a rel="prev" href={ (base) (joint) "page=" (page - 1) } { (labels.0) } }
                    }
                    @if has_more {
                        li { a rel="next" href={ (base) (joint) "page=" (page + 1) } { (labels.1) } }
                    }
                }
            }
        }
    }
}

/// The Markdown editor: a labelled textarea with a hint (and what is wrong with the text, if
/// anything). Forms put their other fields after it, then `editor_actions`.
pub fn editor(raw: &str, complaints: &[Complaint]) -> Markup {
    html! {
        div.field {
            label for="raw" { "Your post" }
            p.hint #raw-hint {
                "Markdown: **bold**, `code`, ```fenced blocks```, tables, $math$, @mentions. "
                "Describe every image in its alt text: ![what it shows](url)."
            }
            textarea #raw name="raw" rows="14" required
                aria-invalid=[invalid(complaints, "raw")]
                aria-describedby=[described_by(complaints, "raw", Some("raw-hint"))] { (raw) }
            (field_error(complaints, "raw"))
        }
    }
}

/// The editor's buttons, last in its form. Preview posts the form back and shows the
/// rendering, so it needs no JavaScript.
pub fn editor_actions(submit_label: &str) -> Markup {
    html! {
        div.actions {
            button type="submit" name="intent" value="preview" { "Preview" }
            button.primary type="submit" name="intent" value="submit" { (submit_label) }
        }
    }
}

/// The preview of a post being written, with advice about it.
pub fn preview(rendered: &crate::markdown::Rendered) -> Markup {
    html! {
        section.preview aria-labelledby="preview-heading" {
            h2 #preview-heading { "Preview" }
            @if !rendered.warnings.is_empty() {
                div.warnings role="status" {
                    ul { @for w in &rendered.warnings { li { (w) } } }
                }
            }
            (cooked(&rendered.html))
        }
    }
}
