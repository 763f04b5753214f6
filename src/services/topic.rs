//! Starting topics, and the topic tools (pin, close, unlist, rename, move). Renaming is also
//! part of editing the first post (`services::post::edit`). What a moderator does to someone
//! else's topic is written to the staff action log.

use crate::auth::Guardian;
use crate::markdown::Cooked;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, TopicId};
use crate::models::invalid::{Field, Problem};
use crate::models::post::{NewPost, Post};
use crate::models::staff_log::StaffAction;
use crate::models::topic::{NewTopic, NewTopicInput, Topic};
use crate::models::user::User;
use crate::services::effects::StaffRecord;
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
    let category = destination(tx, guardian, input.category_id)?;
    super::watched_words::refuse_blocked(tx, None, input.body.as_str())?;
    let title = super::watched_words::stored_title(tx, &input.title)?;
    let topic = NewTopic::started(&title, category.id, author, now).insert(tx.conn())?;
    let post = NewPost::written(topic.id, 1, None, author, &input.body, cooked.as_str(), now)
        .insert(tx.conn())?;
    Category::count_posts(tx.conn(), category.id, 1, 1, Some(now))?;
    User::count_posts(tx.conn(), author, 1, 1)?;
    super::tags::tag_new_topic(tx, guardian, &input.tag_rules, &topic, &input.tags)?;
    super::polls::sync(tx, post.id, input.body.as_str(), super::polls::Written::New)?;
    tx.record(Event::TopicCreated {
        topic: topic.id,
        first_post: post.id,
        author,
    })?;
    // A topic started where proposals are made is one: an idea, until the committee decides.
    if category.proposals {
        super::proposals::open(tx, &topic, author)?;
    }
    Ok((topic, post))
}

/// The category `id` names, if the guardian's member may start topics there: an unknown id is
/// a mistake in the form's category field, not a missing page.
pub(crate) fn destination(
    tx: &mut Tx,
    guardian: &Guardian,
    id: CategoryId,
) -> Result<Category, ServiceError> {
    let category = match Category::find(tx.conn(), id) {
        Err(diesel::result::Error::NotFound) => {
            return Err(ServiceError::invalid(
                Field::Category,
                Problem::Unknown(id.0),
            ));
        }
        other => other?,
    };
    guardian.can_create_topic_in(&category)?;
    Ok(category)
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
    // Its starter, staff, and the moderators of its category.
    let moderating = guardian.can_moderate_in(topic.category_id).is_ok();
    if !moderating {
        guardian.can_edit_topic(&topic)?;
    }
    let by = guardian.actor().map(|a| a.id);
    let for_the_log = moderating && by != Some(topic.user_id);
    let title = match title {
        Some(typed) => Some(super::watched_words::stored_title(tx, typed)?),
        None => None,
    };
    if let Some(title) = title.filter(|t| *t != topic.title) {
        let before = std::mem::replace(&mut topic.title, title.clone());
        Topic::rename(tx.conn(), topic.id, &title)?;
        topic.slug = crate::models::topic_slug(&title);
        tx.record(Event::TopicRenamed {
            topic: topic.id,
            by,
        })?;
        if for_the_log {
            tx.record(Event::Staff(
                StaffRecord::new(StaffAction::TopicRenamed, by)
                    .topic(topic.id)
                    .change(before, title),
            ))?;
        }
    }
    if let Some(to) = category.filter(|c| *c != topic.category_id) {
        let destination = destination(tx, guardian, to)?;
        if for_the_log {
            // A category moderator moves topics out of their category only into another
            // they moderate: their powers end at its edge.
            guardian.can_moderate(&destination)?;
        }
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
        if for_the_log {
            let from = Category::find(tx.conn(), topic.category_id)?;
            tx.record(Event::Staff(
                StaffRecord::new(StaffAction::TopicMoved, by)
                    .topic(topic.id)
                    .category(to)
                    .change(from.name, destination.name.clone()),
            ))?;
        }
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
    /// Listed (off: unlisted, left out of lists and search but for staff).
    Visible,
}

impl Status {
    /// Discourse's name for it (`status=` in `PUT /t/{id}/status`).
    pub fn parse(name: &str) -> Option<Status> {
        match name {
            "closed" => Some(Status::Closed),
            "pinned" | "pinned_globally" => Some(Status::Pinned),
            "visible" => Some(Status::Visible),
            _ => None,
        }
    }
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
    let (pinned, closed, visible) = match status {
        Status::Closed => (topic.pinned, enabled, topic.visible),
        Status::Pinned => (enabled, topic.closed, topic.visible),
        Status::Visible => (topic.pinned, topic.closed, enabled),
    };
    let action = match (status, enabled) {
        (Status::Closed, true) => StaffAction::TopicClosed,
        (Status::Closed, false) => StaffAction::TopicOpened,
        (Status::Pinned, true) => StaffAction::TopicPinned,
        (Status::Pinned, false) => StaffAction::TopicUnpinned,
        (Status::Visible, true) => StaffAction::TopicListed,
        (Status::Visible, false) => StaffAction::TopicUnlisted,
    };
    let unchanged = (pinned, closed, visible) == (topic.pinned, topic.closed, topic.visible);
    Topic::set_status(tx.conn(), topic.id, pinned, closed, visible)?;
    let by = guardian.actor().map(|a| a.id);
    tx.record(Event::TopicStatusChanged {
        topic: topic.id,
        pinned,
        closed,
        by,
    })?;
    // Asking for what already is changes nothing, and is not an action to log.
    if !unchanged {
        tx.record(Event::Staff(StaffRecord::new(action, by).topic(topic.id)))?;
    }
    Ok(Topic {
        pinned,
        closed,
        visible,
        ..topic
    })
}

/// The longest slow mode: a week between one member's posts.
pub const MAX_SLOW_MODE_SECONDS: i32 = 7 * 24 * 3600;

/// Puts a topic in slow mode (each member may post once in `seconds`), or takes it out (0).
/// For those who moderate its category; they, and staff, are never slowed.
pub fn set_slow_mode(
    tx: &mut Tx,
    guardian: &Guardian,
    id: TopicId,
    seconds: i32,
) -> Result<Topic, ServiceError> {
    let (topic, category) =
        Topic::find_with_category(tx.conn(), id).found_or(Missing::Topic(id))?;
    guardian.can_moderate(&category)?;
    if seconds != 0 && !(60..=MAX_SLOW_MODE_SECONDS).contains(&seconds) {
        return Err(ServiceError::invalid(Field::SlowMode, Problem::Malformed));
    }
    if seconds == topic.slow_mode_seconds {
        return Ok(topic);
    }
    let words = |s: i32| {
        if s == 0 {
            "off".to_owned()
        } else {
            format!("one post every {}", crate::models::topic::interval_words(s))
        }
    };
    Topic::set_slow_mode(tx.conn(), topic.id, seconds)?;
    tx.record(Event::Staff(
        StaffRecord::new(StaffAction::SlowModeChanged, guardian.actor().map(|a| a.id))
            .topic(topic.id)
            .change(words(topic.slow_mode_seconds), words(seconds)),
    ))?;
    Ok(Topic {
        slow_mode_seconds: seconds,
        ..topic
    })
}
