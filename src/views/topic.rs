//! Topic pages: lists of topics, a topic with its posts, and the new-topic and reply forms.

use std::collections::HashMap;

use maud::{Markup, html};

use crate::markdown::Rendered;
use crate::models::category::Category;
use crate::models::ids::CategoryId;
use crate::models::post::PostWithAuthor;
use crate::models::topic::{ReplyRefusal, Topic, TopicPage};
use crate::views::components::{
    category_link, cooked, csrf_field, editor, form_errors, list_pager, page_links, preview, time,
    user_link,
};
use crate::views::layout::{PageContext, page, url_component};

/// The path of a topic page.
pub fn topic_url(topic: &Topic) -> String {
    format!("/t/{}/{}", topic.slug, topic.id)
}

/// The path of a post within its topic.
pub fn post_url(topic: &Topic, post_number: i32) -> String {
    format!("/t/{}/{}/{}", topic.slug, topic.id, post_number)
}

/// A list of topics (front page, category page).
pub fn topic_list(
    topics: &TopicPage,
    categories: &HashMap<CategoryId, Category>,
    pager_base: &str,
    page_number: i64,
) -> Markup {
    html! {
        @if topics.items.is_empty() {
            p.empty { "No topics here yet." }
        } @else {
            ol.topic-list {
                @for item in &topics.items {
                    @let t = &item.topic;
                    li {
                        h3 {
                            @if t.pinned { span.badge { "Pinned" } " " }
                            @if t.closed { span.badge { "Closed" } " " }
                            a href=(topic_url(t)) { (t.title) }
                        }
                        p.meta {
                            @if let Some(c) = categories.get(&t.category_id) { (category_link(c)) " · " }
                            "by " (user_link(&item.author.username)) " · "
                            span { (t.posts_count - 1) @if t.posts_count == 2 { " reply" } @else { " replies" } }
                            " · last post "
                            @if let Some(last) = &item.last_poster { "by " (user_link(&last.username)) " " }
                            (time(t.last_posted_at))
                        }
                    }
                }
            }
        }
        (list_pager(pager_base, page_number, topics.has_more))
    }
}

/// The front page: latest topics everywhere.
pub fn latest_page(
    ctx: &PageContext,
    topics: &TopicPage,
    categories: &HashMap<CategoryId, Category>,
    page_number: i64,
) -> Markup {
    let body = html! {
        div.page-head {
            h1 { "Latest topics" }
            @if ctx.viewer.is_some() { a.button.primary href="/new-topic" { "New topic" } }
        }
        p.lead { (ctx.config.site.description) }
        // Topic titles are h3 wherever lists appear; this keeps the outline h1 → h2 → h3.
        h2.visually-hidden { "Topics" }
        (topic_list(topics, categories, "/latest", page_number))
    };
    page(
        ctx,
        if page_number == 0 {
            ""
        } else {
            "Latest topics"
        },
        body,
    )
}

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

/// What the new-topic form holds.
#[derive(Debug, Default, Clone)]
pub struct TopicDraft {
    /// Title as typed.
    pub title: String,
    /// Chosen category.
    pub category_id: Option<i64>,
    /// Markdown.
    pub raw: String,
}

/// The new-topic form, with errors and preview when it comes back.
pub fn new_topic_page(
    ctx: &PageContext,
    categories: &[Category],
    draft: &TopicDraft,
    errors: &[String],
    rendered: Option<&Rendered>,
) -> Markup {
    let staff = ctx.is_staff();
    let body = html! {
        h1 { "New topic" }
        (form_errors(errors))
        form.editor method="post" action="/new-topic" {
            (csrf_field(ctx))
            div.field {
                label for="title" { "Title" }
                input #title name="title" type="text" maxlength="255" required value=(draft.title);
            }
            div.field {
                label for="category" { "Category" }
                select #category name="category" required {
                    option value="" { "Choose a category" }
                    @for c in categories.iter().filter(|c| staff || !c.read_only) {
                        option value=(c.id) selected[draft.category_id == Some(c.id.0)] {
                            @if c.parent_id.is_some() { "— " } (c.name)
                        }
                    }
                }
            }
            (editor(&draft.raw, "Create topic"))
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
    errors: &[String],
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
            (editor(raw, "Post reply"))
        }
        @if let Some(r) = rendered { (preview(r)) }
    };
    page(ctx, &format!("Reply to {}", topic.title), body)
}

/// A topic in a list, in Discourse's `TopicListItem` shape.
fn topic_list_item_json(item: &crate::models::topic::TopicListItem) -> serde_json::Value {
    use crate::views::components::json_time;
    let t = &item.topic;
    let last = item.last_poster.as_ref().unwrap_or(&item.author);
    let single = last.id == item.author.id;
    let mut posters = vec![serde_json::json!({
        "extras": if single { serde_json::Value::from("latest single") } else { serde_json::Value::Null },
        "description": if single { "Original Poster, Most Recent Poster" } else { "Original Poster" },
        "user_id": item.author.id,
        "primary_group_id": null,
    })];
    if !single {
        posters.push(serde_json::json!({
            "extras": "latest", "description": "Most Recent Poster", "user_id": last.id, "primary_group_id": null,
        }));
    }
    serde_json::json!({
        "id": t.id,
        "title": t.title,
        "fancy_title": t.title,
        "slug": t.slug,
        "posts_count": t.posts_count,
        "reply_count": t.posts_count - 1,
        "highest_post_number": t.highest_post_number,
        "image_url": null,
        "created_at": json_time(t.created_at),
        "last_posted_at": json_time(t.last_posted_at),
        "bumped": t.bumped_at > t.created_at,
        "bumped_at": json_time(t.bumped_at),
        "archetype": "regular",
        "unseen": false,
        "pinned": t.pinned,
        "unpinned": null,
        "excerpt": null,
        "visible": true,
        "closed": t.closed,
        "archived": false,
        "bookmarked": null,
        "liked": null,
        "views": 0,
        "like_count": 0,
        "has_summary": false,
        "last_poster_username": last.username,
        "category_id": t.category_id,
        "pinned_globally": false,
        "featured_link": null,
        "posters": posters,
    })
}

/// `GET /latest.json` and `GET /c/{slug}/{id}.json`: a topic list in Discourse's shape.
pub fn topic_list_json(
    topics: &TopicPage,
    per_page: i64,
    more_topics_url: Option<String>,
    can_create_topic: bool,
) -> serde_json::Value {
    use crate::views::components::avatar_template;
    let mut users: Vec<&crate::models::user::UserSummary> = Vec::new();
    for item in &topics.items {
        for u in std::iter::once(&item.author).chain(item.last_poster.as_ref()) {
            if !users.iter().any(|seen| seen.id == u.id) {
                users.push(u);
            }
        }
    }
    let users: Vec<serde_json::Value> = users
        .iter()
        .map(|u| serde_json::json!({"id": u.id, "username": u.username, "name": u.name, "avatar_template": avatar_template(&u.username)}))
        .collect();
    let mut topic_list = serde_json::json!({
        "can_create_topic": can_create_topic,
        "draft": null,
        "draft_key": "new_topic",
        "draft_sequence": 0,
        "per_page": per_page,
        "topics": topics.items.iter().map(topic_list_item_json).collect::<Vec<_>>(),
    });
    if let Some(url) = more_topics_url {
        topic_list["more_topics_url"] = serde_json::Value::String(url);
    }
    serde_json::json!({
        "users": users,
        "primary_groups": [],
        "flair_groups": [],
        "topic_list": topic_list,
    })
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
