//! Users as Discourse's JSON has them.

use crate::api::{avatar_template, json_time};
use crate::models::user::{Role, User, UserStats};

/// `GET /u/{username}.json`, in Discourse's shape.
pub fn user_json(user: &User, stats: &UserStats) -> serde_json::Value {
    let role = user.role;
    serde_json::json!({
        "user": {
            "id": user.id,
            "username": user.username,
            "name": user.name,
            "avatar_template": avatar_template(&user.username),
            "created_at": json_time(user.created_at),
            "admin": role == Role::Admin,
            "moderator": role == Role::Moderator,
            "trust_level": 1,
            "topic_count": stats.topic_count,
            "post_count": stats.post_count,
        }
    })
}
