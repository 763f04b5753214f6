//! Posts as Discourse's JSON has them (`post_stream.posts[]`, `GET /posts/{id}.json`).

use crate::api::{avatar_template, json_time};
use crate::models::ids::UserId;
use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::models::user::{Role, UserSummary};

/// A post in Discourse's JSON shape (`post_stream.posts[]`, `GET /posts/{id}.json`).
///
/// `viewer` is who is looking (for `yours`); `can_edit` is the guardian's answer for them.
pub fn post_json(
    post: &Post,
    author: &UserSummary,
    topic: &Topic,
    viewer: Option<UserId>,
    can_edit: bool,
    include_raw: bool,
) -> serde_json::Value {
    let role = author.role;
    let yours = viewer == Some(post.user_id);
    let mut value = serde_json::json!({
        "id": post.id,
        "name": author.name,
        "username": author.username,
        "avatar_template": avatar_template(&author.username),
        "created_at": json_time(post.created_at),
        "updated_at": json_time(post.updated_at),
        "cooked": post.cooked,
        "post_number": post.post_number,
        "post_type": 1,
        "reply_count": 0,
        "reply_to_post_number": post.reply_to_post_number,
        "quote_count": 0,
        "incoming_link_count": 0,
        "reads": 0,
        "readers_count": 0,
        "score": 0,
        "yours": yours,
        "topic_id": topic.id,
        "topic_slug": topic.slug,
        "display_username": author.name,
        "primary_group_name": null,
        "flair_name": null,
        "flair_url": null,
        "flair_bg_color": null,
        "flair_color": null,
        "version": post.version,
        "edit_reason": post.edit_reason,
        "can_edit": can_edit,
        "can_delete": false,
        "can_recover": false,
        "can_see_hidden_post": false,
        "can_wiki": false,
        "can_view_edit_history": true,
        "user_title": null,
        "link_counts": [],
        "read": true,
        "bookmarked": false,
        "actions_summary": [],
        "moderator": role == Role::Moderator,
        "admin": role == Role::Admin,
        "staff": role.is_staff(),
        "user_id": post.user_id,
        "hidden": false,
        "trust_level": 1,
        "deleted_at": null,
        "user_deleted": false,
        "wiki": false,
        "reviewable_id": null,
        "reviewable_score_count": 0,
        "reviewable_score_pending_count": 0,
    });
    if include_raw {
        value["raw"] = serde_json::Value::String(post.raw.clone());
    }
    value
}
