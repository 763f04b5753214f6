//! The notifications page, and the "notify me" form topic and category pages carry. Both are
//! plain forms: marking read and choosing a watching level work without JavaScript.

use maud::{Markup, html};

use crate::models::notification::{Kind, Listed};
use crate::models::watching::Level;
use crate::views::components::{PREVIOUS_NEXT, csrf_field, list_pager, time};
use crate::views::layout::{PageContext, page};

/// What a page of notifications shows.
pub struct NotificationsView<'a> {
    /// This page, newest first.
    pub items: &'a [Listed],
    /// How many are unread, of all the member's notifications.
    pub unread: i64,
    /// 0-based page number.
    pub page: i64,
    /// Whether an older page exists.
    pub has_more: bool,
}

/// `/notifications`: newest first, unread ones marked, each with a "mark read" button, and
/// one for all.
pub fn notifications_page(ctx: &PageContext, view: &NotificationsView) -> Markup {
    let body = html! {
        h1 { "Notifications" }
        @if view.unread > 0 {
            div.list-actions {
                p { (view.unread) " unread." }
                form method="post" action="/notifications/mark-read" {
                    (csrf_field(ctx))
                    button type="submit" { "Mark all read" }
                }
            }
        }
        @if view.items.is_empty() && view.page == 0 {
            p {
                "Nothing yet. You are told here when someone replies to you, quotes you or \
                 mentions @" (ctx.viewer.as_deref().unwrap_or("you")) ", and of new posts in the \
                 topics and categories you watch."
            }
        } @else {
            ol.notifications {
                @for item in view.items {
                    (notification_item(ctx, item))
                }
            }
        }
        (list_pager("/notifications", view.page, view.has_more, PREVIOUS_NEXT))
        p { a href="/my/preferences" { "Choose what is mailed to you" } }
    };
    page(ctx, "Notifications", body)
}

fn notification_item(ctx: &PageContext, item: &Listed) -> Markup {
    let n = &item.notification;
    let link = match (&item.topic, n.topic_id) {
        (Some((_, slug)), Some(topic)) => match n.post_number {
            Some(number) => format!("/t/{slug}/{topic}/{number}"),
            None => format!("/t/{slug}/{topic}"),
        },
        _ => "/notifications".to_owned(),
    };
    let title = item.topic.as_ref().map_or("a topic", |(title, _)| title);
    html! {
        li.unread[!n.read] {
            @if !n.read { span.badge { "New" } " " }
            @match (n.kind(), &item.actor) {
                (Kind::BookmarkReminder, _) => { "Reminder: your bookmark in " }
                (kind, Some(actor)) => { a href={ "/u/" (actor) } { (actor) } " " (kind.verb()) " " }
                (kind, None) => { "Someone " (kind.verb()) " " }
            }
            a href=(link) { (title) }
            " · " (time(n.created_at))
            @if !n.read {
                " "
                form.inline method="post" action="/notifications/mark-read" {
                    (csrf_field(ctx))
                    input type="hidden" name="id" value=(n.id);
                    button.link type="submit" aria-label={ "Mark read: " (title) } { "Mark read" }
                }
            }
        }
    }
}

/// What each level means, as a form offers it.
fn describe(level: Level) -> &'static str {
    match level {
        Level::Watching => "Watching: tell me of every new post",
        Level::Tracking => "Tracking: tell me when someone replies to me or mentions me",
        Level::WatchingFirstPost => "Watching first post: tell me of each new topic",
        Level::Normal => "Normal: tell me when someone replies to me or mentions me",
        Level::Muted => "Muted: never tell me, and leave it out of digests",
    }
}

/// The "notify me" form of a topic (`levels` without "watching first post") or a category.
pub fn watch_form(
    ctx: &PageContext,
    action: &str,
    what: &str,
    current: Level,
    levels: &[Level],
) -> Markup {
    let id = format!("watch-{what}");
    html! {
        form.watch method="post" action=(action) {
            (csrf_field(ctx))
            label for=(id) { "Notifications for this " (what) }
            " "
            select #(id) name="notification_level" {
                @for level in levels {
                    option value=(level.code()) selected[*level == current] { (describe(*level)) }
                }
            }
            " "
            button type="submit" { "Save" }
        }
    }
}
