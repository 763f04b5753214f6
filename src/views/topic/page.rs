//! A topic page: its posts, pagination and reply controls.

use std::collections::{HashMap, HashSet};

use maud::{Markup, html};

use super::{post_url, topic_url};
use crate::auth::Refusal;
use crate::models::category::Category;
use crate::models::ids::PostId;
use crate::models::post::PostWithAuthor;
use crate::models::topic::Topic;
use crate::models::watching::Level;
use crate::views::components::{category_link, cooked, page_links, time, user_link};
use crate::views::layout::{PageContext, page, url_component};
use crate::views::notification::watch_form;

/// Everything the topic page shows.
pub struct TopicView<'a> {
    /// The topic.
    pub topic: &'a Topic,
    /// Its category.
    pub category: &'a Category,
    /// The parent category, for subcategories.
    pub parent: Option<&'a Category>,
    /// This page's posts.
    pub posts: &'a [PostWithAuthor],
    /// Usernames of the posts that posts on this page reply to, by post number.
    pub reply_authors: &'a HashMap<i32, String>,
    /// 1-based page number.
    pub page: i64,
    /// Number of pages.
    pub total_pages: i64,
    /// Why the viewer cannot reply, or `None` if they can.
    pub reply_blocked: Option<Refusal>,
    /// The posts on this page the viewer may edit.
    pub editable: &'a HashSet<PostId>,
    /// The signed-in viewer's watching level (`None` when nobody is signed in).
    pub watching: Option<Level>,
}

/// A topic with one page of its posts.
pub fn topic_page(ctx: &PageContext, view: &TopicView) -> Markup {
    let topic = view.topic;
    let base = topic_url(topic);
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumbs" {
            ol {
                li { a href="/categories" { "Categories" } }
                @if let Some(parent) = view.parent { li { (category_link(parent)) } }
                li { (category_link(view.category)) }
            }
        }
        h1 { (topic.title) }
        @if topic.closed { p.notice { "This topic is closed: it no longer accepts replies." } }
        (page_links(&base, view.page, view.total_pages))
        div.posts {
            @for item in view.posts {
                (post_article(topic, item, view.reply_authors, view.reply_blocked.is_none(), view.editable.contains(&item.post.id)))
            }
        }
        (page_links(&base, view.page, view.total_pages))
        div.topic-actions {
            @match view.reply_blocked {
                None => a.button.primary href={ "/t/" (topic.id) "/reply" } { "Reply to topic" },
                Some(Refusal::NotSignedIn) => p {
                    a href={ "/login?next=" (url_component(&ctx.path)) } { "Log in" }
                    " or " a href="/signup" { "sign up" } " to reply."
                },
                Some(refusal) => p.notice { (refusal.to_string()) },
            }
            @if let Some(level) = view.watching {
                (watch_form(ctx, &format!("/t/{}/notifications", topic.id), "topic", level, &Level::FOR_TOPICS))
            }
        }
    };
    let title = if view.page > 1 {
        format!("{} (page {})", topic.title, view.page)
    } else {
        topic.title.clone()
    };
    page(ctx, &title, body)
}

fn post_article(
    topic: &Topic,
    item: &PostWithAuthor,
    reply_authors: &HashMap<i32, String>,
    can_reply: bool,
    can_edit: bool,
) -> Markup {
    let post = &item.post;
    let author = &item.author;
    let heading_id = format!("post_{}_author", post.post_number);
    html! {
        article.post id={ "post_" (post.post_number) } aria-labelledby=(heading_id) {
            header {
                h2 #(heading_id) {
                    (user_link(&author.username))
                    @if !author.name.is_empty() { " " span.name { (author.name) } }
                    @if author.role.is_staff() { " " span.badge { (author.role) } }
                }
                p.meta {
                    @if let Some(n) = post.reply_to_post_number {
                        "in reply to "
                        a href=(post_url(topic, n)) {
                            @if let Some(name) = reply_authors.get(&n) { "@" (name) " " }
                            "#" (n)
                        }
                        " · "
                    }
                    a href=(post_url(topic, post.post_number)) aria-label={ "Post " (post.post_number) ", " (crate::views::components::human_date(post.created_at)) } {
                        "#" (post.post_number) " · " (time(post.created_at))
                    }
                    @if post.version > 1 {
                        " · " a href={ "/posts/" (post.id) "/revisions" } { "edited (" (post.version) " versions)" }
                    }
                }
            }
            (cooked(&post.cooked))
            @if can_reply || can_edit {
                footer.post-actions {
                    @if can_reply {
                        a href={ "/t/" (topic.id) "/reply?to=" (post.post_number) } aria-label={ "Reply to post " (post.post_number) } { "Reply" }
                        a href={ "/t/" (topic.id) "/reply?quote=" (post.post_number) } aria-label={ "Quote post " (post.post_number) } { "Quote" }
                    }
                    @if can_edit {
                        a href={ "/posts/" (post.id) "/edit" } aria-label={ "Edit post " (post.post_number) } { "Edit" }
                    }
                }
            }
        }
    }
}
