//! Topic lists: the front page and the list shared with category pages, in HTML and JSON.

use std::collections::HashMap;

use maud::{Markup, html};

use super::topic_url;
use crate::models::category::Category;
use crate::models::ids::CategoryId;
use crate::models::topic::TopicPage;
use crate::views::components::{category_link, list_pager, time, user_link};
use crate::views::layout::{PageContext, page};

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
