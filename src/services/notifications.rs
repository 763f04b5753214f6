//! A person's notifications, watching levels and mail choices: marking read, choosing how
//! closely to follow a topic or a category, and what is mailed to them.

use crate::auth::Guardian;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, NotificationId, TopicId};
use crate::models::notification::Notification;
use crate::models::topic::Topic;
use crate::models::user_option::{Preferences, UserOptions};
use crate::models::watching::{CategoryWatch, Level, TopicWatch};
use crate::services::{Found, Missing, ServiceError, Tx};

/// Marks one of the guardian's member's notifications read, or all of them (`None`);
/// returns how many changed.
pub fn mark_read(
    tx: &mut Tx,
    guardian: &Guardian,
    only: Option<NotificationId>,
) -> Result<usize, ServiceError> {
    let user = guardian.acting_user()?;
    if let Some(id) = only
        && Notification::find_for(tx.conn(), user, id)?.is_none()
    {
        return Err(Missing::Notification(id).into());
    }
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

/// Sets how closely the member follows `topic`; returns the topic's address.
pub fn watch_topic(
    tx: &mut Tx,
    guardian: &Guardian,
    topic: TopicId,
    level: Level,
) -> Result<String, ServiceError> {
    let user = guardian.acting_user()?;
    let found = Topic::find(tx.conn(), topic).found_or(Missing::Topic(topic))?;
    // "Watching first post" is a category's level; for a topic it means nothing.
    let level = if level == Level::WatchingFirstPost {
        Level::Normal
    } else {
        level
    };
    TopicWatch::set(tx.conn(), user, topic, level)?;
    Ok(found.url())
}

/// Sets how closely the member follows `category`; returns the category's address.
pub fn watch_category(
    tx: &mut Tx,
    guardian: &Guardian,
    category: CategoryId,
    level: Level,
) -> Result<String, ServiceError> {
    let user = guardian.acting_user()?;
    let found = Category::find(tx.conn(), category).found_or(Missing::Category(category))?;
    CategoryWatch::set(tx.conn(), user, category, level)?;
    Ok(found.url())
}

/// Saves the member's mail choices: notification mail, digest (how often, from which
/// categories), time zone and mailing-list mode. Every category named must exist.
pub fn save_preferences(
    tx: &mut Tx,
    guardian: &Guardian,
    choices: &Preferences,
) -> Result<(), ServiceError> {
    let user = guardian.acting_user()?;
    let conn = tx.conn();
    for &category in choices
        .digest_categories
        .iter()
        .chain(&choices.mailing_list_categories)
    {
        Category::find(conn, category).found_or(Missing::Category(category))?;
    }
    UserOptions::save(conn, user, choices)?;
    CategoryWatch::set_mail_choices(
        conn,
        user,
        &choices.digest_categories,
        &choices.mailing_list_categories,
    )?;
    Ok(())
}
