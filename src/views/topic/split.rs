//! The page that splits a topic (moves chosen posts to a new or another topic) or merges it
//! into another: plain forms, one page of posts at a time, no JavaScript.

use maud::{Markup, html};

use crate::messages::Complaint;
use crate::models::category::Category;
use crate::models::post::PostWithAuthor;
use crate::models::topic::Topic;
use crate::views::components::{
    csrf_field, described_by, field_error, form_errors, invalid, page_links, time,
};
use crate::views::layout::{PageContext, page};

/// What the move form held when it comes back with a problem.
#[derive(Debug, Default, Clone)]
pub struct MoveDraft {
    /// The posts ticked (ids).
    pub post_ids: Vec<i64>,
    /// `new` or `existing`.
    pub move_to: String,
    /// The new topic's title.
    pub title: String,
    /// The new topic's category.
    pub category_id: Option<i64>,
    /// The other topic, as typed (a number or an address).
    pub destination: String,
    /// Which form was sent: `move` or `merge`.
    pub form: String,
}

/// Everything the page shows.
pub struct MoveView<'a> {
    /// The topic.
    pub topic: &'a Topic,
    /// This page of its posts.
    pub posts: &'a [PostWithAuthor],
    /// 1-based page.
    pub page: i64,
    /// Pages.
    pub total_pages: i64,
    /// Categories a new topic may go in.
    pub categories: &'a [Category],
}

/// `GET /t/{id}/move`
pub fn move_page(
    ctx: &PageContext,
    view: &MoveView,
    draft: &MoveDraft,
    complaints: &[Complaint],
) -> Markup {
    let topic = view.topic;
    let (move_errors, merge_errors) = if draft.form == "merge" {
        (&[][..], complaints)
    } else {
        (complaints, &[][..])
    };
    let to_existing = draft.move_to == "existing";
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumbs" {
            ol { li { a href=(topic.url()) { (topic.title) } } }
        }
        h1 { "Move or merge posts" }
        p.lead { "Split posts off into a new topic, move them to the end of another, or merge the whole topic into another. Each moved post keeps its author, time and history." }
        section aria-labelledby="move-heading" {
            h2 #move-heading { "Move chosen posts" }
            (form_errors(move_errors))
            form.stacked method="post" action={ "/t/" (topic.id) "/move-posts" } {
                (csrf_field(ctx))
                fieldset aria-describedby=[described_by(move_errors, "post_ids", None)] {
                    legend { "Posts to move (page " (view.page) " of " (view.total_pages) ")" }
                    @for item in view.posts {
                        @let post = &item.post;
                        @let id = format!("move-{}", post.id);
                        div.choice {
                            input type="checkbox" id=(id) name="post_ids[]" value=(post.id)
                                checked[draft.post_ids.contains(&post.id.0)]
                                disabled[post.post_number == 1];
                            " "
                            label for=(id) {
                                "#" (post.post_number) " by " (item.author.username) ", " (time(post.created_at)) ": "
                                (crate::markdown::excerpt(&post.cooked, 90))
                            }
                        }
                    }
                    @if view.page == 1 { p.hint { "The first post stays with its topic; to move everything, merge the topic below." } }
                    (field_error(move_errors, "post_ids"))
                }
                fieldset {
                    legend { "Move them to" }
                    div.choice {
                        input #move-new type="radio" name="move_to" value="new" checked[!to_existing];
                        " " label for="move-new" { "A new topic" }
                    }
                    div.field {
                        label for="move-title" { "New topic's title" }
                        input #move-title name="title" type="text" value=(draft.title) maxlength="255"
                            aria-invalid=[invalid(move_errors, "title")]
                            aria-describedby=[described_by(move_errors, "title", None)];
                        (field_error(move_errors, "title"))
                    }
                    div.field {
                        label for="move-category" { "New topic's category" }
                        select #move-category name="category_id" aria-invalid=[invalid(move_errors, "category")] {
                            @for category in view.categories {
                                option value=(category.id) selected[draft.category_id.map_or(category.id == topic.category_id, |c| c == category.id.0)] { (category.name) }
                            }
                        }
                        (field_error(move_errors, "category"))
                    }
                    div.choice {
                        input #move-existing type="radio" name="move_to" value="existing" checked[to_existing];
                        " " label for="move-existing" { "The end of another topic" }
                    }
                    (destination_field("move-destination", draft, move_errors))
                }
                div.actions { button type="submit" { "Move posts" } }
            }
            (page_links(&format!("/t/{}/move", topic.id), view.page, view.total_pages))
        }
        section aria-labelledby="merge-heading" {
            h2 #merge-heading { "Merge this topic into another" }
            p.hint { "Every post moves to the end of the other topic, and this one is deleted (staff still see it)." }
            (form_errors(merge_errors))
            form.stacked method="post" action={ "/t/" (topic.id) "/merge-topic" } {
                (csrf_field(ctx))
                (destination_field("merge-destination", draft, merge_errors))
                div.actions { button.danger type="submit" { "Merge topic" } }
            }
        }
    };
    page(ctx, &format!("Move or merge posts: {}", topic.title), body)
}

fn destination_field(id: &str, draft: &MoveDraft, complaints: &[Complaint]) -> Markup {
    let hint = format!("{id}-hint");
    html! {
        div.field {
            label for=(id) { "The other topic" }
            input id=(id) name="destination_topic_id" type="text" value=(draft.destination) inputmode="url"
                aria-invalid=[invalid(complaints, "destination_topic_id")]
                aria-describedby=[described_by(complaints, "destination_topic_id", Some(&hint))];
            p.hint id=(hint) { "Its number, or its address (like /t/its-title/123)." }
            (field_error(complaints, "destination_topic_id"))
        }
    }
}
