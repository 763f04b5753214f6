//! Topic views: lists of topics, a topic with its posts, and the new-topic and reply forms.

mod form;
mod list;
mod page;
mod split;

pub use form::{TagChoices, TopicDraft, new_topic_page, reply_page, tag_field};
pub use list::{
    Unseen, latest_page, sort_links, tag_links, tag_url, top_page, topic_list, unseen_page,
};
pub use page::{TopicView, topic_page};
pub use split::{MoveDraft, MoveView, move_page};

use crate::models::topic::Topic;

/// The path of a topic page.
pub fn topic_url(topic: &Topic) -> String {
    topic.url()
}

/// The path of a post within its topic.
pub fn post_url(topic: &Topic, post_number: i32) -> String {
    topic.post_url(post_number)
}
