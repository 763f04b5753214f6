//! Topic lists and topics as Discourse's JSON has them.

use std::collections::HashSet;

use crate::api::{avatar_template, json_time};
use crate::models::ids::{PostId, UserId};
use crate::models::post::PostWithAuthor;
use crate::models::topic::{Topic, TopicListItem, TopicPage};
use crate::models::user::{Role, UserSummary};

/// A topic in a list, in Discourse's `TopicListItem` shape.
fn topic_list_item_json(item: &TopicListItem) -> serde_json::Value {
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
    let mut users: Vec<&UserSummary> = Vec::new();
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

/// Everything a topic's JSON shows, with the viewer's permissions already answered.
#[derive(Clone, Copy)]
pub struct TopicJson<'a> {
    /// The topic.
    pub topic: &'a Topic,
    /// This chunk of its posts.
    pub posts: &'a [PostWithAuthor],
    /// The ids of all its posts, in order.
    pub stream: &'a [PostId],
    /// Who started it.
    pub creator: &'a UserSummary,
    /// Who is looking.
    pub viewer: Option<UserId>,
    /// The posts in this chunk they may edit.
    pub editable: &'a HashSet<PostId>,
    /// Whether they may reply.
    pub can_create_post: bool,
    /// Whether they may use the topic tools (close, pin).
    pub can_moderate: bool,
}

/// `GET /t/{id}.json`: a topic with one chunk of posts and the ids of all of them.
pub fn topic_json(view: &TopicJson) -> serde_json::Value {
    let TopicJson {
        topic,
        posts,
        stream,
        creator,
        viewer,
        editable,
        can_create_post,
        can_moderate,
    } = *view;
    let post_values: Vec<serde_json::Value> = posts
        .iter()
        .map(|p| {
            let can_edit = editable.contains(&p.post.id);
            crate::api::post::post_json(&p.post, &p.author, topic, viewer, can_edit, false)
        })
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
                "admin": p.author.role == Role::Admin,
                "moderator": p.author.role == Role::Moderator,
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
            "can_edit": can_moderate,
            "notification_level": 1,
            "can_move_posts": false,
            "can_delete": false,
            "can_create_post": can_create_post,
            "can_reply_as_new_topic": false,
            "can_flag_topic": false,
            "can_close_topic": can_moderate,
            "can_moderate_category": can_moderate,
            "participants": participants,
            "created_by": {
                "id": creator.id, "username": creator.username, "name": creator.name,
                "avatar_template": avatar_template(&creator.username),
            },
        },
    })
}
