//! A topic page: its posts, pagination and reply controls, in HTML and JSON.

use std::collections::HashMap;

use maud::{Markup, html};

use super::{post_url, topic_url};
use crate::models::category::Category;
use crate::models::post::PostWithAuthor;
use crate::models::topic::{ReplyRefusal, Topic};
use crate::views::components::{category_link, cooked, page_links, time, user_link};
use crate::views::layout::{PageContext, page, url_component};

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
    pub reply_blocked: Option<ReplyRefusal>,
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
            @for item in view.posts { (post_article(ctx, topic, item, view.reply_authors, view.reply_blocked.is_none())) }
        }
        (page_links(&base, view.page, view.total_pages))
        div.topic-actions {
            @match view.reply_blocked {
                None => a.button.primary href={ "/t/" (topic.id) "/reply" } { "Reply to topic" },
                Some(ReplyRefusal::NotSignedIn) => p {
                    a href={ "/login?next=" (url_component(&ctx.path)) } { "Log in" }
                    " or " a href="/signup" { "sign up" } " to reply."
                },
                Some(refusal) => p.notice { (refusal.message()) },
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
    ctx: &PageContext,
    topic: &Topic,
    item: &PostWithAuthor,
    reply_authors: &HashMap<i32, String>,
    can_reply: bool,
) -> Markup {
    let post = &item.post;
    let author = &item.author;
    let heading_id = format!("post_{}_author", post.post_number);
    let can_edit = ctx
        .viewer
        .as_ref()
        .is_some_and(|v| v.id == post.user_id || v.role().is_staff());
    html! {
        article.post id={ "post_" (post.post_number) } aria-labelledby=(heading_id) {
            header {
                h2 #(heading_id) {
                    (user_link(&author.username))
                    @if !author.name.is_empty() { " " span.name { (author.name) } }
                    @if author.role().is_staff() { " " span.badge { (author.role) } }
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

/// `GET /t/{id}.json`: a topic with one chunk of posts and the ids of all of them.
pub fn topic_json(
    topic: &Topic,
    posts: &[PostWithAuthor],
    stream: &[crate::models::ids::PostId],
    creator: &crate::models::user::UserSummary,
    viewer: Option<&crate::models::user::User>,
    can_create_post: bool,
) -> serde_json::Value {
    use crate::views::components::{avatar_template, json_time};
    let viewer_is_staff = viewer.is_some_and(|v| v.role().is_staff());
    let post_values: Vec<serde_json::Value> = posts
        .iter()
        .map(|p| crate::views::post::post_json(&p.post, &p.author, topic, viewer, false))
        .collect();
    let mut participants: Vec<serde_json::Value> = Vec::new();
    let mut seen = Vec::new();
    for p in posts {
        if !seen.contains(&p.author.id) {
            seen.push(p.author.id);
            let count = posts.iter().filter(|q| q.author.id == p.author.id).count();
            participants.push(serde_json::json!({
                "id": p.author.id, "username": p.author.username, "name": p.author.name,
                "avatar_template": avatar_template(&p.author.username), "post_count": count,
                "admin": p.author.role() == crate::models::user::Role::Admin,
                "moderator": p.author.role() == crate::models::user::Role::Moderator,
                "trust_level": 1,
            }));
        }
    }
    serde_json::json!({
        "post_stream": { "posts": post_values, "stream": stream },
        "timeline_lookup": [],
        "suggested_topics": [],
        "tags": [],
        "tags_descriptions": {},
        "id": topic.id,
        "title": topic.title,
        "fancy_title": topic.title,
        "slug": topic.slug,
        "category_id": topic.category_id,
        "archetype": "regular",
        "user_id": topic.user_id,
        "posts_count": topic.posts_count,
        "created_at": json_time(topic.created_at),
        "last_posted_at": json_time(topic.last_posted_at),
        "views": 0,
        "reply_count": topic.posts_count - 1,
        "like_count": 0,
        "word_count": null,
        "participant_count": participants.len(),
        "highest_post_number": topic.highest_post_number,
        "current_post_number": posts.first().map(|p| p.post.post_number),
        "visible": true,
        "closed": topic.closed,
        "archived": false,
        "has_summary": false,
        "deleted_at": null,
        "deleted_by": null,
        "has_deleted": false,
        "featured_link": null,
        "pinned_globally": false,
        "pinned_at": null,
        "pinned_until": null,
        "pinned": topic.pinned,
        "unpinned": null,
        "image_url": null,
        "thumbnails": null,
        "slow_mode_seconds": 0,
        "slow_mode_enabled_until": null,
        "draft": null,
        "draft_key": format!("topic_{}", topic.id),
        "draft_sequence": 0,
        "actions_summary": [],
        "bookmarked": false,
        "bookmarks": [],
        "topic_timer": null,
        "message_bus_last_id": 0,
        "show_read_indicator": false,
        "summarizable": false,
        "chunk_size": 20,
        "details": {
            "can_edit": viewer_is_staff,
            "notification_level": 1,
            "can_move_posts": false,
            "can_delete": false,
            "can_create_post": can_create_post,
            "can_reply_as_new_topic": false,
            "can_flag_topic": false,
            "can_close_topic": viewer_is_staff,
            "can_moderate_category": viewer_is_staff,
            "participants": participants,
            "created_by": {
                "id": creator.id, "username": creator.username, "name": creator.name,
                "avatar_template": avatar_template(&creator.username),
            },
        },
    })
}
