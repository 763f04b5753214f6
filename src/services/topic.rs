//! Starting topics, and the topic tools (pin, close). Renaming is part of editing the first
//! post (`services::post::edit`).

use crate::auth::Guardian;
use crate::markdown::Cooked;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, TopicId};
use crate::models::invalid::{Field, Problem};
use crate::models::post::{NewPost, Post};
use crate::models::topic::{NewTopic, NewTopicInput, Topic};
use crate::models::user::User;
use crate::services::{Event, Found, Missing, ServiceError, Tx};

/// Starts a topic with its first post, in the category the input names, as the guardian's
/// member. Refused unless that category takes their topics.
pub fn create(
    tx: &mut Tx,
    guardian: &Guardian,
    input: &NewTopicInput,
    cooked: &Cooked,
) -> Result<(Topic, Post), ServiceError> {
    let author = guardian.acting_user()?;
    let now = tx.now();
    let category = match Category::find(tx.conn(), input.category_id) {
        Err(diesel::result::Error::NotFound) => {
            return Err(ServiceError::invalid(
                Field::Category,
                Problem::Unknown(input.category_id.0),
            ));
        }
        other => other?,
    };
    guardian.can_create_topic_in(&category)?;
    let topic = NewTopic::started(&input.title, category.id, author, now).insert(tx.conn())?;
    let post = NewPost::written(topic.id, 1, None, author, &input.body, cooked.as_str(), now)
        .insert(tx.conn())?;
    Category::count_posts(tx.conn(), category.id, 1, 1, Some(now))?;
    User::count_posts(tx.conn(), author, 1, 1)?;
    tx.record(Event::TopicCreated {
        topic: topic.id,
        first_post: post.id,
        author,
    })?;
    Ok((topic, post))
}

/// Changes a topic's title, its category, or both. For its starter and staff; moving it needs
/// permission to start topics in the new category.
pub fn update(
    tx: &mut Tx,
    guardian: &Guardian,
    id: TopicId,
    title: Option<&str>,
    category: Option<CategoryId>,
) -> Result<Topic, ServiceError> {
    let mut topic = Topic::find(tx.conn(), id).found_or(Missing::Topic(id))?;
    guardian.can_edit_topic(&topic)?;
    let by = guardian.actor().map(|a| a.id);
    if let Some(title) = title.filter(|t| *t != topic.title) {
        Topic::rename(tx.conn(), topic.id, title)?;
        topic.title = title.to_owned();
        topic.slug = crate::models::topic_slug(title);
        tx.record(Event::TopicRenamed {
            topic: topic.id,
            by,
        })?;
    }
    if let Some(to) = category.filter(|c| *c != topic.category_id) {
        let destination = match Category::find(tx.conn(), to) {
            Err(diesel::result::Error::NotFound) => {
                return Err(ServiceError::invalid(
                    Field::Category,
                    Problem::Unknown(to.0),
                ));
            }
            other => other?,
        };
        guardian.can_create_topic_in(&destination)?;
        Topic::move_to(tx.conn(), topic.id, to)?;
        // Its posts are counted where it now is, and its old category's last activity is
        // found again among the topics left there.
        let posts = i64::from(topic.posts_count);
        Category::count_posts(tx.conn(), topic.category_id, -1, -posts, None)?;
        Category::recount_last_posted(tx.conn(), topic.category_id)?;
        Category::count_posts(tx.conn(), to, 1, posts, Some(topic.last_posted_at))?;
        tx.record(Event::TopicMoved {
            topic: topic.id,
            from: topic.category_id,
            to,
            by,
        })?;
        topic.category_id = to;
    }
    Ok(topic)
}

/// A status the topic tools turn on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Closed to replies.
    Closed,
    /// Shown first in lists.
    Pinned,
}

/// Turns one of a topic's statuses on or off. For those who moderate its category.
pub fn update_status(
    tx: &mut Tx,
    guardian: &Guardian,
    id: TopicId,
    status: Status,
    enabled: bool,
) -> Result<Topic, ServiceError> {
    let (topic, category) =
        Topic::find_with_category(tx.conn(), id).found_or(Missing::Topic(id))?;
    guardian.can_moderate(&category)?;
    let (pinned, closed) = match status {
        Status::Closed => (topic.pinned, enabled),
        Status::Pinned => (enabled, topic.closed),
    };
    Topic::set_status(tx.conn(), topic.id, pinned, closed)?;
    tx.record(Event::TopicStatusChanged {
        topic: topic.id,
        pinned,
        closed,
        by: guardian.actor().map(|a| a.id),
    })?;
    Ok(Topic {
        pinned,
        closed,
        ..topic
    })
}
