//! Read tracking's writes: a node's gathered reads and views in one transaction
//! ([`flush`], run by the `reading` job), and "dismiss new" / "dismiss unread". (A member's own
//! new post is marked read to them by `effects`, in the transaction that writes it.)

use crate::auth::Guardian;
use crate::config::ModerationConfig;
use crate::models::ids::{TopicId, UserId};
use crate::models::reading::{Batch, TopicRead};
use crate::models::topic::Topic;
use crate::services::{ServiceError, Tx};

/// What one write of gathered reading did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Flushed {
    /// Member and topic pairs written.
    pub reads: usize,
    /// Views added.
    pub views: i64,
    /// New members promoted to trust level 1 by what they read.
    pub promoted: usize,
}

/// Writes `batch`: how far each member read (the furthest read kept), their reading counters,
/// the topics' views, and trust level 1 for new members who have now read enough. Topics
/// deleted since the views were noted are passed over.
pub fn flush(
    tx: &mut Tx,
    batch: &Batch,
    settings: &ModerationConfig,
) -> Result<Flushed, ServiceError> {
    let mut flushed = Flushed::default();
    // Rows of topics gone since would break the transaction (on PostgreSQL a refused
    // statement ends it), so they are left out first.
    let mut mentioned: Vec<TopicId> = batch
        .reads
        .keys()
        .map(|(_, topic)| *topic)
        .chain(batch.views.keys().copied())
        .collect();
    mentioned.sort_unstable();
    mentioned.dedup();
    let present: std::collections::HashSet<TopicId> =
        Topic::titles(tx.conn(), &mentioned)?.into_keys().collect();
    // In a fixed order, so two nodes writing at once take row locks in the same order.
    let mut reads: Vec<_> = batch
        .reads
        .iter()
        .filter(|((_, topic), _)| present.contains(topic))
        .collect();
    reads.sort_unstable_by_key(|((user, topic), _)| (*user, *topic));
    let mut readers: Vec<(UserId, i64, i64)> = Vec::new();
    for (&(user, topic), &read) in reads {
        let recorded = TopicRead::record(tx.conn(), user, topic, read)?;
        flushed.reads += 1;
        let entered = i64::from(recorded.first_visit);
        match readers.last_mut() {
            Some((last, topics, posts)) if *last == user => {
                *topics += entered;
                *posts += recorded.newly_read;
            }
            _ => readers.push((user, entered, recorded.newly_read)),
        }
    }
    for (user, topics, posts) in readers {
        if topics + posts == 0 {
            continue;
        }
        TopicRead::count_reading(tx.conn(), user, topics, posts)?;
        if super::queue::promote_when_ready(tx, user, settings)? {
            flushed.promoted += 1;
        }
    }
    let mut views: Vec<_> = batch
        .views
        .iter()
        .filter(|(topic, _)| present.contains(topic))
        .collect();
    views.sort_unstable_by_key(|(topic, _)| **topic);
    for (&topic, &count) in views {
        if TopicRead::add_views(tx.conn(), topic, count)? > 0 {
            flushed.views += count;
        }
    }
    Ok(flushed)
}

/// "Dismiss new": topics started until now are no longer new to the signed-in member.
pub fn dismiss_new(tx: &mut Tx, guardian: &Guardian) -> Result<(), ServiceError> {
    let member = guardian.acting_user()?;
    let now = tx.now();
    TopicRead::dismiss_new(tx.conn(), member, now)?;
    Ok(())
}

/// "Dismiss unread": every topic the signed-in member opened counts as read to its latest post.
/// Returns how many topics were unread.
pub fn dismiss_unread(tx: &mut Tx, guardian: &Guardian) -> Result<usize, ServiceError> {
    let member = guardian.acting_user()?;
    Ok(TopicRead::dismiss_unread(tx.conn(), member)?)
}
