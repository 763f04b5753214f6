//! Category pages: the overview of all categories, one category's topics, and the admin forms.

use std::collections::HashMap;

use maud::{Markup, html};

use crate::models::category::{Category, CategoryDraft, CategoryStats};
use crate::models::ids::CategoryId;
use crate::models::topic::TopicPage;
use crate::views::components::{category_link, category_url, csrf_field, form_errors, time};
use crate::views::layout::{PageContext, page};
use crate::views::topic::topic_list;

/// A top-level category with its subcategories and their combined activity.
pub struct CategoryTree<'a> {
    /// The category.
    pub category: &'a Category,
    /// Its subcategories, in order.
    pub children: Vec<&'a Category>,
    /// Its own activity plus its children's.
    pub stats: CategoryStats,
}

/// Groups categories under their parents and adds up their activity.
pub fn tree<'a>(
    categories: &'a [Category],
    stats: &HashMap<CategoryId, CategoryStats>,
) -> Vec<CategoryTree<'a>> {
    categories
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|category| {
            let children: Vec<&Category> = categories
                .iter()
                .filter(|c| c.parent_id == Some(category.id))
                .collect();
            let mut total = stats.get(&category.id).copied().unwrap_or_default();
            for child in &children {
                let s = stats.get(&child.id).copied().unwrap_or_default();
                total.topic_count += s.topic_count;
                total.post_count += s.post_count;
                total.last_posted_at = total.last_posted_at.max(s.last_posted_at);
            }
            CategoryTree {
                category,
                children,
                stats: total,
            }
        })
        .collect()
}

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
}

/// A category page.
pub fn category_page(ctx: &PageContext, view: &CategoryView) -> Markup {
    let c = view.category;
    let can_post = ctx.viewer.is_some() && (!c.read_only || ctx.is_staff());
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
        h2 { "Topics" }
        (topic_list(view.topics, view.by_id, &category_url(c), view.page))
    };
    page(ctx, &c.name, body)
}

/// The admin page: every category with an edit link, and the form for a new one.
pub fn admin_categories_page(
    ctx: &PageContext,
    categories: &[Category],
    draft: &CategoryDraft,
    errors: &[String],
) -> Markup {
    let body = html! {
        h1 { "Manage categories" }
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
    errors: &[String],
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
    errors: &[String],
    submit: &str,
) -> Markup {
    html! {
        (form_errors(errors))
        form.stacked method="post" action=(action) {
            (csrf_field(ctx))
            div.field { label for="name" { "Name" } input #name name="name" type="text" required maxlength="50" value=(draft.name); }
            div.field {
                label for="slug" { "Slug" }
                input #slug name="slug" type="text" maxlength="50" value=(draft.slug) aria-describedby="slug-hint";
                p.hint #slug-hint { "Lowercase letters, digits and hyphens; left empty, it is made from the name." }
            }
            div.field { label for="description" { "Description" } textarea #description name="description" rows="3" { (draft.description) } }
            div.field { label for="color" { "Colour (hex)" } input #color name="color" type="text" maxlength="7" value=(draft.color); }
            div.field {
                label for="parent_id" { "Parent category" }
                select #parent_id name="parent_id" {
                    option value="" { "None (top level)" }
                    @for c in categories.iter().filter(|c| c.parent_id.is_none() && Some(c.id) != own_id) {
                        option value=(c.id) selected[draft.parent_id == Some(c.id.0)] { (c.name) }
                    }
                }
            }
            div.field { label for="position" { "Position" } input #position name="position" type="number" value=(draft.position); }
            div.field.checkbox {
                input #read_only name="read_only" type="checkbox" value="on" checked[draft.read_only];
                label for="read_only" { "Read-only: only staff can post" }
            }
            div.field { label for="homepage_url" { "Homepage" } input #homepage_url name="homepage_url" type="url" value=(draft.homepage_url); }
            div.field { label for="repository_url" { "Source repository" } input #repository_url name="repository_url" type="url" value=(draft.repository_url); }
            div.actions { button.primary type="submit" { (submit) } }
        }
    }
}

/// A category in Discourse's JSON shape.
pub fn category_json(
    c: &Category,
    stats: CategoryStats,
    subcategory_ids: &[CategoryId],
    can_edit: bool,
) -> serde_json::Value {
    serde_json::json!({
        "id": c.id,
        "name": c.name,
        "color": c.color,
        "text_color": "FFFFFF",
        "slug": c.slug,
        "topic_count": stats.topic_count,
        "post_count": stats.post_count,
        "position": c.position,
        "description": c.description,
        "description_text": c.description,
        "description_excerpt": c.description,
        "topic_url": category_url(c),
        "read_restricted": false,
        "permission": if c.read_only { 3 } else { 1 },
        "notification_level": 1,
        "can_edit": can_edit,
        "topic_template": null,
        "has_children": !subcategory_ids.is_empty(),
        "subcategory_ids": subcategory_ids,
        "parent_category_id": c.parent_id,
        "sort_order": null,
        "sort_ascending": null,
        "show_subcategory_list": !subcategory_ids.is_empty(),
        "num_featured_topics": 3,
        "default_view": "latest",
        "subcategory_list_style": "rows_with_featured_topics",
        "default_top_period": "all",
        "default_list_filter": "all",
        "minimum_required_tags": 0,
        "navigate_to_first_post_after_read": false,
        "is_uncategorized": false,
        "uploaded_logo": null,
        "uploaded_background": null,
        "read_only": c.read_only,
        "homepage_url": c.homepage_url,
        "repository_url": c.repository_url,
    })
}

/// `GET /categories.json`: top-level categories with their subcategory ids and rolled-up counts.
pub fn categories_json(
    trees: &[CategoryTree],
    can_create_category: bool,
    can_create_topic: bool,
) -> serde_json::Value {
    let categories: Vec<serde_json::Value> = trees
        .iter()
        .map(|t| {
            let ids: Vec<CategoryId> = t.children.iter().map(|c| c.id).collect();
            category_json(t.category, t.stats, &ids, can_create_category)
        })
        .collect();
    serde_json::json!({
        "category_list": {
            "can_create_category": can_create_category,
            "can_create_topic": can_create_topic,
            "categories": categories,
        }
    })
}
