//! Handlers for topic lists, topic pages, new topics and replies, split by action.

mod create;
mod reply;
mod show;

pub use create::{create_topic, new_topic_form};
pub use reply::{create_reply, reply_form};
pub use show::{show_latest, show_topic, show_topic_at_post};

pub use crate::models::topic::POSTS_PER_PAGE;

/// The page of its topic that post number `index + 1` in the stream falls on (1-based).
pub fn page_of_index(index: i64) -> i64 {
    index / POSTS_PER_PAGE + 1
}
