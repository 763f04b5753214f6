//! A person's notifications and watching levels: marking read, and choosing how closely to
//! follow a topic or a category.

use crate::auth::Guardian;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, NotificationId, TopicId};
use crate::models::notification::Notification;
use crate::models::topic::Topic;
use crate::models::watching::{CategoryWatch, Level, TopicWatch};
use crate::services::{Missing, ServiceError, Tx};

/// Marks one of the guardian's member's notifications read, or all of them (`None`);
/// returns how many changed.
pub fn mark_read(
    tx: &mut Tx,
    guardian: &Guardian,
    only: Option<NotificationId>,
) -> Result<usize, ServiceError> {
    let user = guardian.acting_user()?;
    Ok(Notification::mark_read(tx.conn(), user, only)?)
}

/// Marks read what the member was notified of in `topic` up to post `through` (they are
/// reading it now).
pub fn saw_topic(
    tx: &mut Tx,
    guardian: &Guardian,
    topic: TopicId,
    through: i32,
) -> Result<usize, ServiceError> {
    let user = guardian.acting_user()?;
    Ok(Notification::mark_read_in_topic(
        tx.conn(),
        user,
        topic,
        through,
    )?)
}

/// Sets how closely the member follows `topic`.
pub fn watch_topic(
    tx: &mut Tx,
    guardian: &Guardian,
    topic: TopicId,
    level: Level,
) -> Result<(), ServiceError> {
    let user = guardian.acting_user()?;
    Topic::find(tx.conn(), topic).map_err(|_| Missing::Topic(topic))?;
    // "Watching first post" is a category's level; for a topic it means nothing.
    let level = if level == Level::WatchingFirstPost {
        Level::Normal
    } else {
        level
    };
    Ok(TopicWatch::set(tx.conn(), user, topic, level)?)
}

/// Sets how closely the member follows `category`.
pub fn watch_category(
    tx: &mut Tx,
    guardian: &Guardian,
    category: CategoryId,
    level: Level,
) -> Result<(), ServiceError> {
    let user = guardian.acting_user()?;
    Category::find(tx.conn(), category).map_err(|_| Missing::Category(category))?;
    Ok(CategoryWatch::set(tx.conn(), user, category, level)?)
}
