//! Handlers for topic lists, topic pages, new topics and replies, split by action.

mod create;
mod reply;
mod show;
mod split;
mod status;

pub use create::{create_topic, new_topic_form};
pub use reply::{create_reply, reply_form};
pub use show::{show_latest, show_top, show_topic, show_topic_at_post, show_topic_posts};
pub use split::{merge_topic, move_form, move_posts};
pub use status::{set_slow_mode, update_topic, update_topic_status};

pub use crate::models::topic::POSTS_PER_PAGE;

/// The page of its topic that post number `index + 1` in the stream falls on (1-based).
pub fn page_of_index(index: i64) -> i64 {
    index / POSTS_PER_PAGE + 1
}
