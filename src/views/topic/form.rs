//! The new-topic and reply forms.

use maud::{Markup, html};

use super::{post_url, topic_url};
use crate::markdown::Rendered;
use crate::messages::Complaint;
use crate::models::category::Category;
use crate::models::topic::Topic;
use crate::views::components::{
    csrf_field, described_by, editor, editor_actions, field_error, form_errors, invalid, preview,
    user_link,
};
use crate::views::layout::{PageContext, page};

/// What the new-topic form holds.
#[derive(Debug, Default, Clone)]
pub struct TopicDraft {
    /// Title as typed.
    pub title: String,
    /// Chosen category.
    pub category_id: Option<i64>,
    /// Markdown.
    pub raw: String,
    /// Tags as typed (commas or spaces between them).
    pub tags: String,
}

/// What the tag field offers: how many, and the tags most used.
#[derive(Debug, Default, Clone)]
pub struct TagChoices {
    /// Most tags a topic carries.
    pub max: usize,
    /// The most used tags, for the hint.
    pub popular: Vec<String>,
    /// Whether the viewer makes a tag by using it (or chooses from those that exist).
    pub may_make: bool,
}

/// The tag field of the new-topic form and the topic's tag form.
pub fn tag_field(value: &str, choices: &TagChoices, errors: &[Complaint]) -> Markup {
    html! {
        div.field {
            label for="tags" { "Tags " span.optional { "(optional)" } }
            input #tags name="tags" type="text" value=(value) autocomplete="off" spellcheck="false"
                aria-invalid=[invalid(errors, "tags")] aria-describedby=[described_by(errors, "tags", Some("tags-hint"))];
            p.hint #tags-hint {
                "Up to " (choices.max) ", separated by commas or spaces"
                @if choices.may_make { "; a new word makes a new tag" } @else { ", from " a href="/tags" { "the forum's tags" } }
                "."
                @if !choices.popular.is_empty() {
                    " Often used: " (choices.popular.join(", ")) "."
                }
            }
            (field_error(errors, "tags"))
        }
    }
}

/// The new-topic form, with errors and preview when it comes back. `categories` are the ones
/// the viewer may start topics in.
pub fn new_topic_page(
    ctx: &PageContext,
    categories: &[Category],
    draft: &TopicDraft,
    tags: &TagChoices,
    errors: &[Complaint],
    rendered: Option<&Rendered>,
    similar: &[Topic],
) -> Markup {
    let body = html! {
        h1 { "New topic" }
        (form_errors(errors))
        form.editor method="post" action="/new-topic" {
            (csrf_field(ctx))
            div.field {
                label for="title" { "Title" }
                input #title name="title" type="text" maxlength="255" required value=(draft.title)
                    aria-invalid=[invalid(errors, "title")] aria-describedby=[described_by(errors, "title", None)];
                (field_error(errors, "title"))
            }
            div.field {
                label for="category" { "Category" }
                select #category name="category" required
                    aria-invalid=[invalid(errors, "category")] aria-describedby=[described_by(errors, "category", None)] {
                    option value="" { "Choose a category" }
                    @for c in categories {
                        option value=(c.id) selected[draft.category_id == Some(c.id.0)] {
                            @if c.parent_id.is_some() { "— " } (c.name)
                        }
                    }
                }
                (field_error(errors, "category"))
            }
            (tag_field(&draft.tags, tags, errors))
            (editor(&draft.raw, errors))
            (editor_actions("Create topic"))
        }
        @if !similar.is_empty() {
            section.similar-topics aria-labelledby="similar-heading" {
                h2 #similar-heading { "Similar topics" }
                p { "Before you post: these topics may already answer it." }
                ul { @for topic in similar { li { a href=(topic_url(topic)) { (topic.title) } } } }
            }
        }
        @if let Some(r) = rendered { (preview(r)) }
    };
    page(ctx, "New topic", body)
}

/// The reply form for a topic, optionally answering one post.
pub fn reply_page(
    ctx: &PageContext,
    topic: &Topic,
    reply_to: Option<(i32, &str)>,
    raw: &str,
    errors: &[Complaint],
    rendered: Option<&Rendered>,
) -> Markup {
    let body = html! {
        h1 { "Reply to " a href=(topic_url(topic)) { (topic.title) } }
        @if let Some((number, username)) = reply_to {
            p {
                "In reply to " a href=(post_url(topic, number)) { "post #" (number) }
                @if !username.is_empty() { " by " (user_link(username)) }
                "."
            }
        }
        (form_errors(errors))
        form.editor method="post" action={ "/t/" (topic.id) "/reply" } {
            (csrf_field(ctx))
            @if let Some((number, _)) = reply_to {
                input type="hidden" name="reply_to_post_number" value=(number);
            }
            (editor(raw, errors))
            (editor_actions("Post reply"))
        }
        @if let Some(r) = rendered { (preview(r)) }
    };
    page(ctx, &format!("Reply to {}", topic.title), body)
}
