//! Category pages: the overview of all categories, one category's topics, and the admin forms.

use std::collections::HashMap;

use maud::{Markup, html};

use crate::messages::Complaint;
use crate::models::category::{Category, CategoryDraft, CategoryTree};
use crate::models::ids::CategoryId;
use crate::models::topic::{Sort, TopicPage};
use crate::models::watching::Level;
use crate::views::components::{
    NEWER_OLDER, admin_tabs, category_link, category_url, csrf_field, described_by, field_error,
    form_errors, invalid, time,
};
use crate::views::layout::{PageContext, page};
use crate::views::notification::watch_form;
use crate::views::topic::{sort_links, topic_list};

/// The categories page.
pub fn categories_page(ctx: &PageContext, trees: &[CategoryTree]) -> Markup {
    let body = html! {
        h1 { "Categories" }
        table.categories {
            caption.visually-hidden { "All categories with their activity" }
            thead {
                tr {
                    th scope="col" { "Category" }
                    th scope="col" class="num" { "Topics" }
                    th scope="col" class="num" { "Posts" }
                    th scope="col" { "Latest post" }
                }
            }
            tbody {
                @for t in trees {
                    tr {
                        th scope="row" {
                            (category_link(t.category))
                            @if t.category.read_only { " " span.badge { "Read-only" } }
                            @if !t.category.description.is_empty() { p.description { (t.category.description) } }
                            @if !t.children.is_empty() {
                                ul.subcategories aria-label={ "Subcategories of " (t.category.name) } {
                                    @for child in &t.children { li { (category_link(child)) } }
                                }
                            }
                        }
                        td.num { (t.stats.topic_count) span.unit { " topics" } }
                        td.num { (t.stats.post_count) span.unit { " posts" } }
                        td { span.unit { "latest " } @if let Some(at) = t.stats.last_posted_at { (time(at)) } @else { "—" } }
                    }
                }
            }
        }
    };
    page(ctx, "Categories", body)
}

/// One category's topics.
pub struct CategoryView<'a> {
    /// The category.
    pub category: &'a Category,
    /// Its parent, for subcategories.
    pub parent: Option<&'a Category>,
    /// Its subcategories.
    pub children: Vec<&'a Category>,
    /// Topics in it and its subcategories.
    pub topics: &'a TopicPage,
    /// Every category by id, for the topic list's labels.
    pub by_id: &'a HashMap<CategoryId, Category>,
    /// 0-based page.
    pub page: i64,
    /// Whether the viewer may start a topic here.
    pub can_create_topic: bool,
    /// The signed-in viewer's watching level (`None` when nobody is signed in).
    pub watching: Option<Level>,
    /// For a question category: only the solved (`true`) or the unsolved questions.
    pub solved: Option<bool>,
    /// The list's order.
    pub sort: Sort,
}

/// The address of a category's list: only its solved or unsolved questions, in an order.
pub fn list_address(category: &Category, solved: Option<bool>, sort: Sort) -> String {
    let mut query: Vec<String> = Vec::new();
    match solved {
        Some(true) => query.push("solved=yes".to_owned()),
        Some(false) => query.push("solved=no".to_owned()),
        None => {}
    }
    let sorted = sort.query();
    if !sorted.is_empty() {
        query.push(sorted);
    }
    let base = category_url(category);
    if query.is_empty() {
        base
    } else {
        format!("{base}?{}", query.join("&"))
    }
}

/// A category page.
pub fn category_page(ctx: &PageContext, view: &CategoryView) -> Markup {
    let c = view.category;
    let can_post = view.can_create_topic;
    let body = html! {
        @if let Some(parent) = view.parent {
            nav.breadcrumbs aria-label="Breadcrumbs" {
                ol { li { a href="/categories" { "Categories" } } li { (category_link(parent)) } }
            }
        }
        div.page-head {
            h1 { span.swatch style={ "background:#" (c.color) } aria-hidden="true" {} (c.name) }
            @if can_post { a.button.primary href={ "/new-topic?category=" (c.id) } { "New topic" } }
        }
        @if !c.description.is_empty() { p.lead { (c.description) } }
        @if c.homepage_url.is_some() || c.repository_url.is_some() {
            ul.project-links {
                @if let Some(url) = &c.homepage_url { li { a href=(url) rel="noopener" { "Homepage" } } }
                @if let Some(url) = &c.repository_url { li { a href=(url) rel="noopener" { "Source repository" } } }
            }
        }
        @if c.read_only { p.notice { "Only staff can start topics here." } }
        @if !view.children.is_empty() {
            h2 { "Subcategories" }
            ul.subcategories { @for child in &view.children { li { (category_link(child)) } } }
        }
        @if let Some(level) = view.watching {
            (watch_form(ctx, &format!("/category/{}/notifications", c.id), "category", level, &Level::ALL))
        }
        h2 { "Topics" }
        @let base = category_url(c);
        @if c.questions {
            nav.tabs aria-label="Questions" {
                @for (label, value, query) in [("All questions", None, ""), ("Unsolved", Some(false), "?solved=no"), ("Solved", Some(true), "?solved=yes")] {
                    a href={ (base) (query) } aria-current=[(view.solved == value).then_some("page")] { (label) }
                    " "
                }
            }
        }
        @let pager = list_address(c, view.solved, view.sort);
        (sort_links(&list_address(c, view.solved, Sort::default()), view.sort))
        (topic_list(view.topics, view.by_id, &pager, view.page, NEWER_OLDER))
    };
    page(ctx, &c.name, body)
}

/// The admin page: every category with an edit link, and the form for a new one.
pub fn admin_categories_page(
    ctx: &PageContext,
    categories: &[Category],
    draft: &CategoryDraft,
    errors: &[Complaint],
) -> Markup {
    let body = html! {
        h1 { "Manage categories" }
        (admin_tabs("categories"))
        table.categories {
            caption.visually-hidden { "Categories" }
            thead { tr { th scope="col" { "Category" } th scope="col" { "Slug" } th scope="col" { "Position" } th scope="col" { "Edit" } } }
            tbody {
                @for c in categories {
                    tr {
                        th scope="row" { @if c.parent_id.is_some() { "— " } (category_link(c)) }
                        td { code { (c.slug) } }
                        td.num { (c.position) }
                        td { a href={ "/admin/categories/" (c.id) "/edit" } aria-label={ "Edit " (c.name) } { "Edit" } }
                    }
                }
            }
        }
        h2 #new-category { "New category" }
        (category_form(ctx, "/admin/categories", categories, None, draft, errors, "Create category"))
    };
    page(ctx, "Manage categories", body)
}

/// The edit page for one category.
pub fn edit_category_page(
    ctx: &PageContext,
    category: &Category,
    categories: &[Category],
    draft: &CategoryDraft,
    errors: &[Complaint],
) -> Markup {
    let action = format!("/admin/categories/{}", category.id);
    let body = html! {
        h1 { "Edit " (category.name) }
        (category_form(ctx, &action, categories, Some(category.id), draft, errors, "Save category"))
    };
    page(ctx, &format!("Edit {}", category.name), body)
}

fn category_form(
    ctx: &PageContext,
    action: &str,
    categories: &[Category],
    own_id: Option<CategoryId>,
    draft: &CategoryDraft,
    errors: &[Complaint],
    submit: &str,
) -> Markup {
    html! {
        (form_errors(errors))
        form.stacked method="post" action=(action) {
            (csrf_field(ctx))
            div.field {
                label for="name" { "Name" }
                input #name name="name" type="text" required maxlength="50" value=(draft.name)
                    aria-invalid=[invalid(errors, "name")] aria-describedby=[described_by(errors, "name", None)];
                (field_error(errors, "name"))
            }
            div.field {
                label for="slug" { "Slug" }
                input #slug name="slug" type="text" maxlength="50" value=(draft.slug)
                    aria-invalid=[invalid(errors, "slug")] aria-describedby=[described_by(errors, "slug", Some("slug-hint"))];
                p.hint #slug-hint { "Lowercase letters, digits and hyphens; left empty, it is made from the name." }
                (field_error(errors, "slug"))
            }
            div.field {
                label for="description" { "Description" }
                textarea #description name="description" rows="3"
                    aria-invalid=[invalid(errors, "description")] aria-describedby=[described_by(errors, "description", None)] { (draft.description) }
                (field_error(errors, "description"))
            }
            div.field {
                label for="color" { "Colour (hex)" }
                input #color name="color" type="text" maxlength="7" value=(draft.color)
                    aria-invalid=[invalid(errors, "color")] aria-describedby=[described_by(errors, "color", None)];
                (field_error(errors, "color"))
            }
            div.field {
                label for="parent_id" { "Parent category" }
                select #parent_id name="parent_id"
                    aria-invalid=[invalid(errors, "parent_id")] aria-describedby=[described_by(errors, "parent_id", None)] {
                    option value="" { "None (top level)" }
                    @for c in categories.iter().filter(|c| c.parent_id.is_none() && Some(c.id) != own_id) {
                        option value=(c.id) selected[draft.parent_id == Some(c.id.0)] { (c.name) }
                    }
                }
                (field_error(errors, "parent_id"))
            }
            div.field {
                label for="position" { "Position" }
                input #position name="position" type="number" value=(draft.position)
                    aria-invalid=[invalid(errors, "position")] aria-describedby=[described_by(errors, "position", None)];
                (field_error(errors, "position"))
            }
            div.field.checkbox {
                input #read_only name="read_only" type="checkbox" value="on" checked[draft.read_only];
                label for="read_only" { "Read-only: only staff can post" }
            }
            div.field.checkbox {
                input #proposals name="proposals" type="checkbox" value="on" checked[draft.proposals];
                label for="proposals" { "Proposals: each new topic here is a proposal (an idea until the steering committee decides)" }
            }
            div.field.checkbox {
                input #questions name="questions" type="checkbox" value="on" checked[draft.questions];
                label for="questions" { "Questions: the asker (or staff) marks the reply that solved it" }
            }
            div.field {
                label for="close_solved_after_days" { "Close solved questions after (days, optional)" }
                input #close_solved_after_days name="close_solved_after_days" type="text" inputmode="numeric"
                    value=(draft.close_solved_after_days)
                    aria-invalid=[invalid(errors, "close_solved_after_days")]
                    aria-describedby=[described_by(errors, "close_solved_after_days", Some("close-solved-hint"))];
                p.hint #close-solved-hint { "For question categories: a question closes this many days after its solution is marked. Empty: never." }
                (field_error(errors, "close_solved_after_days"))
            }
            div.field {
                label for="homepage_url" { "Homepage" }
                input #homepage_url name="homepage_url" type="url" value=(draft.homepage_url)
                    aria-invalid=[invalid(errors, "homepage_url")] aria-describedby=[described_by(errors, "homepage_url", None)];
                (field_error(errors, "homepage_url"))
            }
            div.field {
                label for="repository_url" { "Source repository" }
                input #repository_url name="repository_url" type="url" value=(draft.repository_url)
                    aria-invalid=[invalid(errors, "repository_url")] aria-describedby=[described_by(errors, "repository_url", None)];
                (field_error(errors, "repository_url"))
            }
            div.actions { button.primary type="submit" { (submit) } }
        }
    }
}
