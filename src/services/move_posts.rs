//! Splitting and merging topics: moving chosen posts into a new topic or onto the end of
//! another, and merging a whole topic into another. For those who moderate both topics'
//! categories.
//!
//! Moved posts keep their ids, authors, times, revisions and flags; they take the next numbers
//! in the destination (in their old order), and a reply keeps what it answered only when that
//! moved with it. Posts left behind that answered a moved one answer nothing in particular
//! (rather than whatever later takes the old number). Notifications and review items follow
//! the posts, and search sees the destination's posts again, in the same transaction.

use std::collections::HashMap;

use crate::auth::Guardian;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, PostId, TopicId};
use crate::models::invalid::{Field, Problem};
use crate::models::notification::Notification;
use crate::models::post::Post;
use crate::models::reviewable::Reviewable;
use crate::models::staff_log::StaffAction;
use crate::models::topic::{NewTopic, Topic, check_title};
use crate::models::user::User;
use crate::services::effects::StaffRecord;
use crate::services::{Event, Found, Missing, ServiceError, Tx};

/// Where moved posts go.
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// A new topic with this title, in this category; its first post is the first one moved.
    NewTopic {
        /// Its title (checked here).
        title: &'a str,
        /// Its category.
        category: CategoryId,
    },
    /// The end of an existing topic.
    Existing(TopicId),
}

/// A topic that posts may move into, if the guardian moderates its category.
fn existing_destination(
    tx: &mut Tx,
    guardian: &Guardian,
    from: TopicId,
    id: TopicId,
) -> Result<(Topic, Category), ServiceError> {
    if id == from {
        return Err(ServiceError::invalid(
            Field::DestinationTopic,
            Problem::NotAllowed,
        ));
    }
    let (topic, category) = match Topic::find_with_category(tx.conn(), id) {
        Ok(found) if found.0.deleted_at.is_none() => found,
        Ok(_) | Err(diesel::result::Error::NotFound) => {
            return Err(ServiceError::invalid(
                Field::DestinationTopic,
                Problem::Unknown(id.0),
            ));
        }
        Err(other) => return Err(other.into()),
    };
    guardian.can_moderate(&category)?;
    Ok((topic, category))
}

/// Moves the posts `ids` of topic `from` to `to`; returns the destination as it now is.
pub fn move_posts(
    tx: &mut Tx,
    guardian: &Guardian,
    from: TopicId,
    ids: &[PostId],
    to: Destination,
) -> Result<Topic, ServiceError> {
    let (source, source_category) =
        Topic::find_with_category(tx.conn(), from).found_or(Missing::Topic(from))?;
    guardian.can_moderate(&source_category)?;
    let mut wanted = ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.is_empty() {
        return Err(ServiceError::invalid(Field::MovedPosts, Problem::Blank));
    }
    let posts = Post::of_topic_with_ids(tx.conn(), from, &wanted)?;
    if let Some(stray) = wanted.iter().find(|id| !posts.iter().any(|p| p.id == **id)) {
        return Err(ServiceError::invalid(
            Field::MovedPosts,
            Problem::Unknown(stray.0),
        ));
    }
    if posts.iter().any(|p| p.post_number == 1) {
        return Err(ServiceError::invalid(
            Field::MovedPosts,
            Problem::NotAllowed,
        ));
    }
    let (destination, category, created) = match to {
        Destination::Existing(id) => {
            let (topic, category) = existing_destination(tx, guardian, from, id)?;
            (topic, category, false)
        }
        Destination::NewTopic { title, category } => {
            let title = check_title(title).map_err(|e| ServiceError::Invalid(vec![e]))?;
            let title = super::watched_words::stored_title(tx, &title)?;
            let category = super::topic::destination(tx, guardian, category)?;
            guardian.can_moderate(&category)?;
            let first = &posts[0];
            let mut row = NewTopic::started(&title, category.id, first.user_id, first.created_at);
            // The moved posts are counted in below, from 1.
            row.posts_count = 0;
            row.highest_post_number = 0;
            let topic = row.insert(tx.conn())?;
            User::count_posts(tx.conn(), first.user_id, 1, 0)?;
            (topic, category, true)
        }
    };
    let moved = relocate(tx, &posts, &destination, category.id)?;
    Post::forget_replies_to(tx.conn(), from, &moved)?;
    finish(
        tx,
        (&source, &source_category),
        (&destination, &category),
        &posts,
        created,
    )?;
    let destination = Topic::find(tx.conn(), destination.id)?;
    tx.record(Event::Staff(
        StaffRecord::new(StaffAction::PostsMoved, guardian.actor().map(|a| a.id))
            .topic(source.id)
            .change(posts.len().to_string(), destination.url()),
    ))?;
    Ok(destination)
}

/// Moves every post of topic `from` onto the end of `into`, and deletes `from` (softly: staff
/// still see it, with its notice). Returns `into` as it now is.
pub fn merge(
    tx: &mut Tx,
    guardian: &Guardian,
    from: TopicId,
    into: TopicId,
) -> Result<Topic, ServiceError> {
    let (source, source_category) =
        Topic::find_with_category(tx.conn(), from).found_or(Missing::Topic(from))?;
    guardian.can_moderate(&source_category)?;
    let (destination, category) = existing_destination(tx, guardian, from, into)?;
    let posts = Post::all_of_topic(tx.conn(), from)?;
    relocate(tx, &posts, &destination, category.id)?;
    finish(
        tx,
        (&source, &source_category),
        (&destination, &category),
        &posts,
        false,
    )?;
    let now = tx.now();
    Topic::set_deleted(tx.conn(), source.id, Some(now))?;
    Topic::set_merged_into(tx.conn(), source.id, destination.id)?;
    let by = guardian.actor().map(|a| a.id);
    tx.record(Event::TopicStatusChanged {
        topic: source.id,
        pinned: false,
        closed: false,
        by,
    })?;
    tx.record(Event::Staff(
        StaffRecord::new(StaffAction::TopicMerged, by)
            .topic(destination.id)
            .change(source.title.clone(), destination.title.clone()),
    ))?;
    Ok(Topic::find(tx.conn(), destination.id)?)
}

/// Gives `posts` (in order) the next numbers of `destination`, keeping a reply's link when
/// what it answers moved too; returns their old numbers.
fn relocate(
    tx: &mut Tx,
    posts: &[Post],
    destination: &Topic,
    category: CategoryId,
) -> Result<Vec<i32>, ServiceError> {
    let mut numbers: HashMap<i32, i32> = HashMap::new();
    let mut next = destination.highest_post_number;
    for post in posts {
        next += 1;
        numbers.insert(post.post_number, next);
        let reply_to = post
            .reply_to_post_number
            .and_then(|n| numbers.get(&n).copied());
        Post::move_to_topic(tx.conn(), post.id, destination.id, next, reply_to)?;
        // A solution moved out of its question no longer answers it.
        Topic::drop_solution(tx.conn(), post.topic_id, post.id)?;
        Notification::follow_post(tx.conn(), post.id, destination.id, next)?;
        Reviewable::follow_post(tx.conn(), post.id, destination.id, category)?;
    }
    Ok(posts.iter().map(|p| p.post_number).collect())
}

/// Counts both topics and their categories again after `posts` moved (into a new topic when
/// `created`), and tells search.
fn finish(
    tx: &mut Tx,
    (source, source_category): (&Topic, &Category),
    (destination, category): (&Topic, &Category),
    posts: &[Post],
    created: bool,
) -> Result<(), ServiceError> {
    Topic::recount(tx.conn(), source.id)?;
    Topic::recount(tx.conn(), destination.id)?;
    let n = i64::try_from(posts.len()).unwrap_or(i64::MAX);
    let new_topics = i64::from(created);
    if source_category.id == category.id {
        Category::count_posts(tx.conn(), category.id, new_topics, 0, None)?;
    } else {
        let last_posted_at = posts.iter().map(|p| p.created_at).max();
        Category::count_posts(tx.conn(), source_category.id, 0, -n, None)?;
        Category::count_posts(tx.conn(), category.id, new_topics, n, last_posted_at)?;
    }
    tx.record(Event::PostsMoved {
        from: source.id,
        to: destination.id,
    })?;
    Ok(())
}
