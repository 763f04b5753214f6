//! Tag pages: the list of tags (`/tags`), one tag's topics (`/tag/{name}`), and the staff's
//! page for tags and tag groups (`/admin/tags`).

use std::collections::HashMap;

use maud::{Markup, html};

use crate::messages::Complaint;
use crate::models::category::Category;
use crate::models::ids::CategoryId;
use crate::models::tag::{
    MAX_DESCRIPTION_CHARS, MAX_GROUP_CHARS, MAX_TAG_CHARS, Tag, TagCount, TagGroup,
};
use crate::models::topic::TopicPage;
use crate::views::components::{
    NEWER_OLDER, admin_tabs, csrf_field, described_by, field_error, form_errors, invalid,
};
use crate::views::layout::{PageContext, page};
use crate::views::topic::{tag_url, topic_list};

/// `GET /tags`: every tag with its topics, the most used first.
pub fn tags_page(ctx: &PageContext, tags: &[TagCount], may_manage: bool) -> Markup {
    let body = html! {
        div.page-head {
            h1 { "Tags" }
            @if may_manage { a.button href="/admin/tags" { "Manage tags" } }
        }
        @if tags.is_empty() {
            p.empty { "No tags yet." }
        } @else {
            ul.tag-list {
                @for counted in tags {
                    li {
                        a.tag href=(tag_url(&counted.tag.name)) rel="tag" { (counted.tag.name) }
                        " "
                        span.count { (counted.topics) @if counted.topics == 1 { " topic" } @else { " topics" } }
                        @if let Some(about) = &counted.tag.description { " — " (about) }
                    }
                }
            }
        }
    };
    page(ctx, "Tags", body)
}

/// `GET /tag/{name}`: the topics carrying a tag.
pub fn tag_page(
    ctx: &PageContext,
    tag: &Tag,
    topics: &TopicPage,
    categories: &HashMap<CategoryId, Category>,
    page_number: i64,
) -> Markup {
    let base = tag_url(&tag.name);
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumbs" {
            ol { li { a href="/tags" { "Tags" } } }
        }
        div.page-head {
            h1 { "Topics tagged " span.tag { (tag.name) } }
            @if ctx.may.create_topic { a.button.primary href="/new-topic" { "New topic" } }
        }
        @if let Some(about) = &tag.description { p.lead { (about) } }
        h2.visually-hidden { "Topics" }
        (topic_list(topics, categories, &base, page_number, NEWER_OLDER))
    };
    let title = if page_number == 0 {
        format!("Topics tagged {}", tag.name)
    } else {
        format!("Topics tagged {} (page {})", tag.name, page_number + 1)
    };
    page(ctx, &title, body)
}

/// What the admin page's forms were filled in with, to show them again beside problems.
#[derive(Debug, Clone, Default)]
pub struct TagAdminDraft {
    /// The tag form's name.
    pub name: String,
    /// The tag form's description.
    pub description: String,
    /// The new-group form's name.
    pub group_name: String,
    /// The new-group form's tags.
    pub group_tags: String,
    /// The new-group form's categories.
    pub group_categories: Vec<CategoryId>,
    /// Which form the complaints are about (`tag` or `group`).
    pub form: &'static str,
}

/// `GET /admin/tags`: make and describe tags, delete them, and keep tag groups.
pub fn admin_tags_page(
    ctx: &PageContext,
    tags: &[TagCount],
    groups: &[TagGroup],
    categories: &[Category],
    draft: &TagAdminDraft,
    errors: &[Complaint],
) -> Markup {
    let tag_errors: &[Complaint] = if draft.form == "tag" { errors } else { &[] };
    let group_errors: &[Complaint] = if draft.form == "group" { errors } else { &[] };
    let body = html! {
        h1 { "Tags" }
        (admin_tabs("tags"))
        p.lead {
            "Topics carry up to " (ctx.config.tags.max_per_topic) " tags. "
            @if ctx.config.tags.create_min_trust_level > 4 {
                "Only staff make tags: members choose from this list."
            } @else {
                "Members of trust level " (ctx.config.tags.create_min_trust_level)
                " and above make a tag by using it; others choose from this list."
            }
        }
        section aria-labelledby="tags-heading" {
            h2 #tags-heading { "Tags" }
            @if tags.is_empty() {
                p.empty { "No tags yet." }
            } @else {
                table {
                    thead { tr { th scope="col" { "Tag" } th scope="col" { "Topics" } th scope="col" { "Description" } th scope="col" { "Delete" } } }
                    tbody {
                        @for counted in tags {
                            tr {
                                td { a.tag href=(tag_url(&counted.tag.name)) { (counted.tag.name) } }
                                td { (counted.topics) }
                                td { (counted.tag.description.as_deref().unwrap_or("")) }
                                td {
                                    form.inline method="post" action={ "/admin/tags/" (counted.tag.name) "/delete" } {
                                        (csrf_field(ctx))
                                        button.danger type="submit" aria-label={ "Delete the tag " (counted.tag.name) } { "Delete" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h3 #tag-form-heading { "Make or describe a tag" }
            (form_errors(tag_errors))
            form.stacked method="post" action="/admin/tags" aria-labelledby="tag-form-heading" {
                (csrf_field(ctx))
                div.field {
                    label for="tag-name" { "Name" }
                    input #tag-name name="name" type="text" required maxlength=(MAX_TAG_CHARS) value=(draft.name)
                        autocomplete="off" spellcheck="false"
                        aria-invalid=[invalid(tag_errors, "name")] aria-describedby=[described_by(tag_errors, "name", Some("tag-name-hint"))];
                    p.hint #tag-name-hint { "Letters, digits, - or _; stored in lower case. An existing tag's name changes its description." }
                    (field_error(tag_errors, "name"))
                }
                div.field {
                    label for="tag-description" { "Description " span.optional { "(optional)" } }
                    input #tag-description name="description" type="text" maxlength=(MAX_DESCRIPTION_CHARS) value=(draft.description)
                        aria-invalid=[invalid(tag_errors, "description")] aria-describedby=[described_by(tag_errors, "description", None)];
                    (field_error(tag_errors, "description"))
                }
                div.actions { button type="submit" { "Save tag" } }
            }
        }
        section aria-labelledby="groups-heading" {
            h2 #groups-heading { "Tag groups" }
            p.hint { "A group restricted to categories allows its tags only in those categories (a tag in several groups, in any of theirs). A group without categories only gathers its tags." }
            @for group in groups {
                (group_form(ctx, Some(group), categories, &GroupFields {
                    name: group.name.clone(),
                    tags: group.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(" "),
                    categories: group.categories.clone(),
                }, &[]))
            }
            (form_errors(group_errors))
            (group_form(ctx, None, categories, &GroupFields {
                name: draft.group_name.clone(),
                tags: draft.group_tags.clone(),
                categories: draft.group_categories.clone(),
            }, group_errors))
        }
    };
    page(ctx, "Tags", body)
}

/// A tag group form's values.
struct GroupFields {
    name: String,
    tags: String,
    categories: Vec<CategoryId>,
}

/// The form that changes `group`, or makes a new one (`None`).
fn group_form(
    ctx: &PageContext,
    group: Option<&TagGroup>,
    categories: &[Category],
    fields: &GroupFields,
    errors: &[Complaint],
) -> Markup {
    let key = group.map_or_else(|| "new".to_owned(), |g| g.id.to_string());
    let heading = format!("group-{key}-heading");
    let action = group.map_or_else(
        || "/admin/tag-groups".to_owned(),
        |g| format!("/admin/tag-groups/{}", g.id),
    );
    html! {
        h3 id=(heading) { @match group { Some(g) => { "Group: " (g.name) }, None => "New tag group" } }
        form.stacked method="post" action=(action) aria-labelledby=(heading) {
            (csrf_field(ctx))
            div.field {
                label for={ "group-" (key) "-name" } { "Name" }
                input id={ "group-" (key) "-name" } name="name" type="text" required maxlength=(MAX_GROUP_CHARS) value=(fields.name)
                    aria-invalid=[invalid(errors, "name")] aria-describedby=[described_by(errors, "name", None)];
                (field_error(errors, "name"))
            }
            div.field {
                label for={ "group-" (key) "-tags" } { "Tags" }
                input id={ "group-" (key) "-tags" } name="tags" type="text" value=(fields.tags) autocomplete="off" spellcheck="false"
                    aria-invalid=[invalid(errors, "tags")] aria-describedby=[described_by(errors, "tags", Some(&format!("group-{key}-tags-hint")))];
                p.hint id={ "group-" (key) "-tags-hint" } { "Existing tags, separated by commas or spaces." }
                (field_error(errors, "tags"))
            }
            fieldset {
                legend { "Only in these categories (none ticked: anywhere)" }
                // Sent even when none is ticked, so unticking the last one clears them.
                input type="hidden" name="category_ids[]" value="";
                @for category in categories {
                    @let id = format!("group-{key}-category-{}", category.id);
                    div.field.checkbox {
                        input id=(id) type="checkbox" name="category_ids[]" value=(category.id) checked[fields.categories.contains(&category.id)];
                        label for=(id) { @if category.parent_id.is_some() { "— " } (category.name) }
                    }
                }
            }
            div.actions {
                button type="submit" { @if group.is_some() { "Save group" } @else { "Make group" } }
            }
        }
        @if let Some(g) = group {
            form.inline method="post" action={ "/admin/tag-groups/" (g.id) "/delete" } {
                (csrf_field(ctx))
                button.danger type="submit" aria-label={ "Delete the tag group " (g.name) } { "Delete group" }
            }
        }
    }
}
