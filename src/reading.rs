//! Read tracking and view counting on the request path, without a write per request: each node
//! notes in memory how far signed-in members read topics and which topics were viewed, and the
//! `reading` job (`jobs::reading`) writes what gathered every `reading.flush_seconds` in one
//! transaction (`services::reading::flush`). A page view costs a lock and a hash insert.
//!
//! What a crash loses is at most one period of reading, never a post: reading is a convenience,
//! and Discourse (which writes timings from the browser) loses as much when a tab closes.
//! Repeat views of a topic by one viewer within `reading.view_window_minutes` count once, as
//! Discourse counts a view per viewer and day; the window lives in memory, per node.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDateTime;

use crate::config::ReadingConfig;
use crate::models::ids::{TopicId, UserId};
use crate::models::reading::{Batch, Read};

/// Who viewed a topic, for counting each viewer once in a while.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Viewer {
    /// A signed-in member.
    Member(UserId),
    /// Someone signed out, by address.
    Address(String),
}

/// Marks a response that shows a topic: the anonymous page cache, which answers repeat
/// requests without the handler, counts a view for each answer it gives from this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicViewed(pub TopicId);

/// Views remembered at most (viewer and topic pairs); past that the oldest are forgotten and
/// may count again.
const VIEWS_REMEMBERED: u64 = 200_000;

/// This node's gathered reads and views, shared by every worker.
#[derive(Clone, Debug)]
pub struct Reading {
    pending: Arc<Mutex<Batch>>,
    counted: moka::sync::Cache<(TopicId, Viewer), ()>,
}

impl Reading {
    /// An empty buffer, counting repeat views once per `config.view_window_minutes`.
    pub fn new(config: &ReadingConfig) -> Reading {
        Reading {
            pending: Arc::new(Mutex::new(Batch::default())),
            counted: moka::sync::Cache::builder()
                .time_to_live(Duration::from_secs(
                    config.view_window_minutes.max(1).saturating_mul(60),
                ))
                .max_capacity(VIEWS_REMEMBERED)
                .build(),
        }
    }

    fn with_pending<T>(&self, f: impl FnOnce(&mut Batch) -> T) -> T {
        // A panic while holding the lock cannot leave the batch half-changed in a way that
        // matters (each change is one insert), so a poisoned lock is used as it is.
        let mut pending = self
            .pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut pending)
    }

    /// Notes that `user` had `topic` in front of them through post `through` at `at`.
    pub fn read(&self, user: UserId, topic: TopicId, through: i32, at: NaiveDateTime) {
        self.with_pending(|batch| batch.read(user, topic, Read { through, at }));
    }

    /// Notes that `viewer` viewed `topic`, unless they did within the window.
    pub fn viewed(&self, topic: TopicId, viewer: Viewer) {
        let key = (topic, viewer);
        if self.counted.contains_key(&key) {
            return;
        }
        self.counted.insert(key, ());
        self.with_pending(|batch| batch.view(topic, 1));
    }

    /// How far `user` read these topics in what this node has not written yet (lists show it
    /// at once, before the next write).
    pub fn pending_reads(&self, user: UserId, topics: &[TopicId]) -> HashMap<TopicId, i32> {
        self.with_pending(|batch| {
            topics
                .iter()
                .filter_map(|t| batch.reads.get(&(user, *t)).map(|r| (*t, r.through)))
                .collect()
        })
    }

    /// Takes what gathered, leaving the buffer empty.
    pub fn take(&self) -> Batch {
        self.with_pending(std::mem::take)
    }

    /// Puts back a batch whose write failed, to be tried with the next.
    pub fn put_back(&self, batch: Batch) {
        self.with_pending(|pending| pending.merge(batch));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> ReadingConfig {
        ReadingConfig {
            flush_seconds: 5,
            new_topic_days: 2,
            view_window_minutes: 60,
        }
    }

    #[test]
    fn keeps_the_furthest_read_and_counts_a_viewer_once() {
        let reading = Reading::new(&config());
        let (ada, topic) = (UserId(1), TopicId(9));
        let at = NaiveDateTime::default();
        reading.read(ada, topic, 20, at);
        reading.read(ada, topic, 3, at);
        reading.viewed(topic, Viewer::Member(ada));
        reading.viewed(topic, Viewer::Member(ada));
        reading.viewed(topic, Viewer::Address("127.0.0.1".into()));
        assert_eq!(reading.pending_reads(ada, &[topic, TopicId(10)]).len(), 1);
        let batch = reading.take();
        assert_eq!(batch.reads[&(ada, topic)].through, 20);
        assert_eq!(batch.views[&topic], 2);
        assert!(reading.take().is_empty());
        reading.read(ada, topic, 25, at);
        reading.put_back(batch);
        let merged = reading.take();
        assert_eq!(merged.reads[&(ada, topic)].through, 25);
        assert_eq!(merged.views[&topic], 2);
    }
}
