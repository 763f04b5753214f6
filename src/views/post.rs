//! Post pages: the edit form and the revision history.

use maud::{Markup, html};

use crate::markdown::Rendered;
use crate::models::post::Post;
use crate::models::revision::Version;
use crate::models::topic::Topic;
use crate::views::components::{
    cooked, csrf_field, editor, editor_actions, form_errors, preview, time, user_link,
};
use crate::views::layout::{PageContext, page};
use crate::views::topic::{post_url, topic_url};

/// What the edit form holds.
#[derive(Debug, Clone, Default)]
pub struct EditDraft {
    /// Markdown.
    pub raw: String,
    /// Why the edit is made.
    pub edit_reason: String,
    /// The version being edited, so a concurrent edit is noticed.
    pub version: i32,
    /// The topic's title, when the post is its first (editing it renames the topic).
    pub title: Option<String>,
}

/// The edit form.
pub fn edit_page(
    ctx: &PageContext,
    topic: &Topic,
    post: &Post,
    draft: &EditDraft,
    errors: &[String],
    rendered: Option<&Rendered>,
) -> Markup {
    let body = html! {
        h1 { "Edit post #" (post.post_number) " in " a href=(topic_url(topic)) { (topic.title) } }
        (form_errors(errors))
        form.editor method="post" action={ "/posts/" (post.id) "/edit" } {
            (csrf_field(ctx))
            input type="hidden" name="version" value=(draft.version);
            @if let Some(title) = &draft.title {
                div.field {
                    label for="title" { "Topic title" }
                    input #title name="title" type="text" maxlength="255" required value=(title);
                }
            }
            (editor(&draft.raw))
            div.field {
                label for="edit_reason" { "Reason for the edit (optional)" }
                input #edit_reason name="edit_reason" type="text" maxlength="255" value=(draft.edit_reason);
            }
            (editor_actions("Save edit"))
        }
        @if let Some(r) = rendered { (preview(r)) }
    };
    page(ctx, &format!("Edit post #{}", post.post_number), body)
}

/// Every version of a post, newest first, each with a link to read it.
pub fn revisions_page(
    ctx: &PageContext,
    topic: &Topic,
    post: &Post,
    versions: &[Version],
) -> Markup {
    let body = html! {
        h1 { "History of post #" (post.post_number) }
        p { "In " a href=(post_url(topic, post.post_number)) { (topic.title) } ". Every edit keeps the version before it." }
        ol.revisions reversed {
            @for v in versions.iter().rev() {
                li {
                    a href={ "/posts/" (post.id) "/revisions/" (v.version) } { "Version " (v.version) }
                    @if v.version == post.version { " (current)" }
                    " by " (user_link(&v.editor.username)) ", " (time(v.created_at))
                    @if let Some(reason) = &v.edit_reason { ": " em { (reason) } }
                }
            }
        }
    };
    page(ctx, &format!("History of post #{}", post.post_number), body)
}

/// One version of a post, rendered, with its Markdown source.
pub fn revision_page(
    ctx: &PageContext,
    topic: &Topic,
    post: &Post,
    version: &Version,
    count: i32,
) -> Markup {
    let body = html! {
        h1 { "Post #" (post.post_number) ", version " (version.version) " of " (count) }
        p {
            "Written by " (user_link(&version.editor.username)) ", " (time(version.created_at)) ". "
            a href={ "/posts/" (post.id) "/revisions" } { "All versions" }
            " · "
            a href=(post_url(topic, post.post_number)) { "Back to the topic" }
        }
        @if let Some(reason) = &version.edit_reason { p { "Reason: " em { (reason) } } }
        article.post { (cooked(&version.cooked)) }
        details {
            summary { "Markdown source" }
            pre.source { (version.raw) }
        }
    };
    page(
        ctx,
        &format!("Post #{} version {}", post.post_number, version.version),
        body,
    )
}

/// A post in Discourse's JSON shape (`post_stream.posts[]`, `GET /posts/{id}.json`).
pub fn post_json(
    post: &Post,
    author: &crate::models::user::UserSummary,
    topic: &Topic,
    viewer: Option<&crate::models::user::User>,
    include_raw: bool,
) -> serde_json::Value {
    use crate::views::components::{avatar_template, json_time};
    let role = author.role();
    let yours = viewer.is_some_and(|v| v.id == post.user_id);
    let can_edit = viewer.is_some_and(|v| v.id == post.user_id || v.role().is_staff());
    let mut value = serde_json::json!({
        "id": post.id,
        "name": author.name,
        "username": author.username,
        "avatar_template": avatar_template(&author.username),
        "created_at": json_time(post.created_at),
        "updated_at": json_time(post.updated_at),
        "cooked": post.cooked,
        "post_number": post.post_number,
        "post_type": 1,
        "reply_count": 0,
        "reply_to_post_number": post.reply_to_post_number,
        "quote_count": 0,
        "incoming_link_count": 0,
        "reads": 0,
        "readers_count": 0,
        "score": 0,
        "yours": yours,
        "topic_id": topic.id,
        "topic_slug": topic.slug,
        "display_username": author.name,
        "primary_group_name": null,
        "flair_name": null,
        "flair_url": null,
        "flair_bg_color": null,
        "flair_color": null,
        "version": post.version,
        "edit_reason": post.edit_reason,
        "can_edit": can_edit,
        "can_delete": false,
        "can_recover": false,
        "can_see_hidden_post": false,
        "can_wiki": false,
        "can_view_edit_history": true,
        "user_title": null,
        "link_counts": [],
        "read": true,
        "bookmarked": false,
        "actions_summary": [],
        "moderator": role == crate::models::user::Role::Moderator,
        "admin": role == crate::models::user::Role::Admin,
        "staff": role.is_staff(),
        "user_id": post.user_id,
        "hidden": false,
        "trust_level": 1,
        "deleted_at": null,
        "user_deleted": false,
        "wiki": false,
        "reviewable_id": null,
        "reviewable_score_count": 0,
        "reviewable_score_pending_count": 0,
    });
    if include_raw {
        value["raw"] = serde_json::Value::String(post.raw.clone());
    }
    value
}
