//! Bookmark pages: the form that keeps a post with a note and a reminder
//! (`/posts/{id}/bookmark`), and the member's list (`/bookmarks`), due reminders first.

use maud::{Markup, html};

use crate::messages::Complaint;
use crate::models::bookmark::{Bookmark, ListedBookmark, MAX_NAME_CHARS};
use crate::models::post::PostInTopic;
use crate::services::bookmarks::BookmarkDraft;
use crate::views::components::{
    csrf_field, described_by, field_error, form_errors, invalid, time, user_link,
};
use crate::views::layout::{PageContext, page};
use crate::views::topic::post_url;

/// What the form page shows.
pub struct BookmarkForm<'a> {
    /// The post.
    pub found: &'a PostInTopic,
    /// The member's bookmark of it, if they have one.
    pub existing: Option<&'a Bookmark>,
    /// What the fields hold.
    pub draft: &'a BookmarkDraft,
    /// The problems of the last form sent.
    pub complaints: &'a [Complaint],
}

/// `GET /posts/{id}/bookmark`.
pub fn bookmark_page(ctx: &PageContext, form: &BookmarkForm) -> Markup {
    let (topic, post) = (&form.found.topic, &form.found.post);
    let errors = form.complaints;
    let title = match form.existing {
        Some(_) => format!("Your bookmark of post #{}", post.post_number),
        None => format!("Bookmark post #{}", post.post_number),
    };
    let body = html! {
        h1 { (title) }
        p {
            "Post #" (post.post_number) " by " (user_link(&form.found.author.username)) " in "
            a href=(post_url(topic, post.post_number)) { (topic.title) } "."
        }
        (form_errors(errors))
        form.stacked method="post" action={ "/posts/" (post.id) "/bookmark" } {
            (csrf_field(ctx))
            div.field {
                label for="note" { "Note (optional)" }
                input #note name="name" type="text" maxlength=(MAX_NAME_CHARS) value=(form.draft.name)
                    aria-invalid=[invalid(errors, "note")] aria-describedby=[described_by(errors, "note", None)];
                (field_error(errors, "note"))
            }
            div.field {
                label for="reminder_at" { "Remind me at (UTC, optional)" }
                // Text, not datetime-local: Chromium's date-time control takes focus in parts
                // that draw no focus indicator, and a typed ISO time reads the same everywhere.
                input #reminder_at name="reminder_at" type="text" autocomplete="off" value=(form.draft.reminder_at)
                    aria-invalid=[invalid(errors, "reminder_at")] aria-describedby=[described_by(errors, "reminder_at", Some("reminder-hint"))];
                p.hint #reminder-hint { "A date and time in UTC, written like 2027-01-31T08:00. Due reminders come first in your bookmarks." }
                (field_error(errors, "reminder_at"))
            }
            div.actions { button.primary type="submit" { "Save bookmark" } }
        }
        @if let Some(bookmark) = form.existing {
            form.inline method="post" action={ "/bookmarks/" (bookmark.id) "/delete" } {
                (csrf_field(ctx))
                button.danger type="submit" { "Remove bookmark" }
            }
        }
        p { a href="/bookmarks" { "All your bookmarks" } }
    };
    page(ctx, &title, body)
}

/// `GET /bookmarks`: the member's bookmarks, due reminders first.
pub fn bookmarks_page(
    ctx: &PageContext,
    listed: &[ListedBookmark],
    now: chrono::NaiveDateTime,
) -> Markup {
    let body = html! {
        h1 { "Bookmarks" }
        p.lead { "Posts you keep to come back to. Those whose reminder is due come first." }
        @if listed.is_empty() {
            p.empty { "No bookmarks yet: use Bookmark under any post to keep it here." }
        } @else {
            ol.activity {
                @for item in listed {
                    @let (topic, post, bookmark) = (&item.topic, &item.post, &item.bookmark);
                    li {
                        @if item.due(now) { span.badge.new { "Reminder due" } " " }
                        a href=(post_url(topic, post.post_number)) { (topic.title) " #" (post.post_number) }
                        " by " (user_link(&item.author.username))
                        " · kept " (time(bookmark.created_at))
                        @if let Some(at) = bookmark.reminder_at {
                            " · reminder " (time(at))
                        }
                        @if let Some(note) = &bookmark.name { p { strong { "Note: " } (note) } }
                        p.excerpt { (crate::markdown::excerpt(&post.cooked, 200)) }
                        // A div: a form inside a p would end the paragraph.
                        div {
                            a href={ "/posts/" (post.id) "/bookmark" } aria-label={ "Change the bookmark of " (topic.title) " #" (post.post_number) } { "Change" }
                            " "
                            form.inline method="post" action={ "/bookmarks/" (bookmark.id) "/delete" } {
                                (csrf_field(ctx))
                                button.danger type="submit" aria-label={ "Remove the bookmark of " (topic.title) " #" (post.post_number) } { "Remove" }
                            }
                        }
                    }
                }
            }
        }
    };
    page(ctx, "Bookmarks", body)
}
