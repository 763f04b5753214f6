//! Post pages: the edit form, the revision history, and who liked a post.

use maud::{Markup, html};

use crate::markdown::Rendered;
use crate::messages::Complaint;
use crate::models::post::Post;
use crate::models::revision::Version;
use crate::models::topic::Topic;
use crate::views::components::{
    cooked, csrf_field, described_by, editor, editor_actions, field_error, form_errors, invalid,
    preview, time, user_link,
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
    errors: &[Complaint],
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
                    input #title name="title" type="text" maxlength="255" required value=(title)
                        aria-invalid=[invalid(errors, "title")] aria-describedby=[described_by(errors, "title", None)];
                    (field_error(errors, "title"))
                }
            }
            (editor(&draft.raw, errors))
            div.field {
                label for="edit_reason" { "Reason for the edit (optional)" }
                input #edit_reason name="edit_reason" type="text" maxlength="255" value=(draft.edit_reason)
                    aria-invalid=[invalid(errors, "edit_reason")] aria-describedby=[described_by(errors, "edit_reason", None)];
                (field_error(errors, "edit_reason"))
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

/// Who liked a post (`/posts/{id}/likes`), first likes first.
pub fn likers_page(
    ctx: &PageContext,
    found: &crate::models::post::PostInTopic,
    likers: &[(crate::models::user::UserSummary, chrono::NaiveDateTime)],
) -> Markup {
    let (topic, post) = (&found.topic, &found.post);
    let title = format!("Who liked post #{}", post.post_number);
    let body = html! {
        h1 { (title) }
        p {
            "Post #" (post.post_number) " by " (user_link(&found.author.username)) " in "
            a href=(post_url(topic, post.post_number)) { (topic.title) } ": "
            (post.like_count) @if post.like_count == 1 { " like." } @else { " likes." }
        }
        @if likers.is_empty() {
            p.empty { "Nobody has liked it yet." }
        } @else {
            ul.activity {
                @for (liker, at) in likers {
                    li { (user_link(&liker.username)) @if !liker.name.is_empty() { " " span.name { (liker.name) } } ", " (time(*at)) }
                }
            }
        }
    };
    page(ctx, &title, body)
}
