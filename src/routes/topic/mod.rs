//! Handlers for topic lists, topic pages, new topics and replies, split by action.

mod create;
mod reply;
mod show;

pub use create::{
    category_id_from, create_topic, new_topic_form, publish_topic, validate_new_topic,
};
pub use reply::{create_reply, publish_reply, reply_form};
pub use show::{
    show_latest, show_latest_json, show_topic, show_topic_at_post, show_topic_by_id,
    show_topic_by_id_json, show_topic_json,
};

/// Posts on one page of a topic (and in one JSON chunk), as Discourse.
pub const POSTS_PER_PAGE: i64 = 20;
