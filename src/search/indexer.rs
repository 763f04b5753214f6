//! Keeping the index up to date: applying `search_changes` rows in batches, rebuilding from the
//! posts when the index is new, and the thread on each node that does both.
//!
//! A feed row names a post or a topic; applying it deletes their documents and adds them again
//! from the rows as they are now, so applying a row twice, or late, is harmless. That is what
//! makes restarts simple: the index commits how far it got, and after a crash the rows after
//! that are applied again.
//!
//! On PostgreSQL, ids are taken when a transaction inserts and become visible when it commits,
//! which need not be in id order; a rolled-back transaction leaves an id unused for ever. So
//! the committed position (the watermark) only moves past a missing id once it has been missing
//! for [`GAP_PATIENCE`]: rows after it are applied at once, and the missing one, if it turns
//! up, is applied then. SQLite has one writer, whose ids commit in order.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use anyhow::Context;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::{Payload, Progress, SearchIndex, schema};
use crate::db::Db;
use crate::models::search_change::{DOORBELL, SearchChange, SearchSource};

/// How long an id missing from the feed may be a transaction still in flight.
pub const GAP_PATIENCE: Duration = Duration::from_secs(10);

/// Feed rows read per step.
const FEED_BATCH: i64 = 1000;

/// Posts read per rebuild step.
const REBUILD_BATCH: i64 = 5000;

/// While rebuilding, commit (making the part done searchable) at most this often.
const REBUILD_COMMIT_EVERY: Duration = Duration::from_secs(2);

/// Following the feed, commit at most this often. A commit writes a segment, syncs it and
/// reopens the searcher, and each new segment is merged later: committing after every post,
/// a stream of replies over a million posts stored 419 a second; spaced like this, 484–527
/// (docs/performance.md). A post made after a quiet spell is still searchable at once; under
/// load, within this long.
const FEED_COMMIT_EVERY: Duration = Duration::from_millis(250);

/// The writer and where the feed and the rebuild stand.
pub struct Writer {
    writer: IndexWriter,
    feed: FeedPosition,
    rebuild: Option<Rebuild>,
    /// Changes not yet committed.
    uncommitted: bool,
    last_commit: Instant,
}

/// Where the index stands in the feed.
#[derive(Debug, Default)]
struct FeedPosition {
    /// Every feed row up to here is applied and committed (or will be at the next commit).
    watermark: i64,
    /// Rows after the watermark already applied.
    applied_above: BTreeSet<i64>,
    /// Missing ids after the watermark, and when each was first noticed.
    gaps: BTreeMap<i64, Instant>,
}

impl FeedPosition {
    /// Moves the watermark over applied rows, and over gaps that have waited long enough;
    /// true if it moved.
    fn advance(&mut self, now: Instant) -> bool {
        let before = self.watermark;
        loop {
            let next = self.watermark + 1;
            if self.applied_above.remove(&next) {
                self.watermark = next;
                self.gaps.remove(&next);
                continue;
            }
            let Some(&lowest_applied) = self.applied_above.first() else {
                break;
            };
            // `next` .. `lowest_applied - 1` are missing.
            let noticed = *self.gaps.entry(next).or_insert(now);
            if now.duration_since(noticed) >= GAP_PATIENCE {
                self.watermark = lowest_applied - 1;
                let watermark = self.watermark;
                self.gaps.retain(|&id, _| id > watermark);
                continue;
            }
            break;
        }
        self.watermark != before
    }
}

/// A rebuild under way.
#[derive(Debug, Clone, Copy)]
struct Rebuild {
    /// Posts up to this id are indexed.
    up_to: i64,
    /// Whether the feed position it started from has been taken (a fresh index has none).
    started: bool,
    done: u64,
    total: u64,
}

impl Rebuild {
    /// A rebuild from the first post, its feed position not yet taken.
    fn from_start() -> Rebuild {
        Rebuild {
            up_to: 0,
            started: false,
            done: 0,
            total: 0,
        }
    }
}

/// What one step did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stepped {
    /// Feed rows applied.
    pub changes: usize,
    /// Posts indexed by the rebuild.
    pub rebuilt: usize,
    /// Whether there may be more to do at once (a full batch was read).
    pub more: bool,
    /// What was applied waits for a commit due in this long (commits are spaced out).
    pub commit_due_in: Option<Duration>,
}

impl Writer {
    pub(super) fn new(writer: IndexWriter, payload: Option<Payload>) -> Writer {
        let (watermark, rebuild) = match payload {
            Some(p) => (
                p.applied,
                p.rebuilt_up_to.map(|up_to| Rebuild {
                    up_to,
                    started: true,
                    done: 0,
                    total: 0,
                }),
            ),
            None => (0, Some(Rebuild::from_start())),
        };
        Writer {
            writer,
            feed: FeedPosition {
                watermark,
                ..FeedPosition::default()
            },
            rebuild,
            uncommitted: false,
            last_commit: Instant::now(),
        }
    }

    pub(super) fn progress(&self) -> Progress {
        Progress {
            applied: self.feed.watermark,
            rebuilding: self.rebuild.map(|r| (r.done, r.total)),
        }
    }

    /// Commits what was applied, with where the feed and the rebuild stand, and shows it to
    /// searches.
    fn commit(
        &mut self,
        reader: &tantivy::IndexReader,
        columns: &super::find::ColumnCache,
    ) -> anyhow::Result<()> {
        let payload = serde_json::to_string(&Payload {
            version: schema::VERSION,
            applied: self.feed.watermark,
            rebuilt_up_to: self.rebuild.map(|r| r.up_to),
        })?;
        let mut commit = self.writer.prepare_commit()?;
        commit.set_payload(&payload);
        commit.commit()?;
        self.uncommitted = false;
        self.last_commit = Instant::now();
        reader.reload()?;
        // Segments merged away no longer need their ranking columns.
        columns.keep_only(&reader.searcher());
        Ok(())
    }
}

impl SearchIndex {
    /// The writer and its state, held until the guard drops: one indexer at a time.
    fn writer(&self) -> anyhow::Result<std::sync::MutexGuard<'_, Writer>> {
        self.inner
            .writer
            .lock()
            .map_err(|_| anyhow::anyhow!("the search writer's lock is poisoned"))
    }

    /// Applies what is new in the feed (one batch) and takes one rebuild step if one is under
    /// way, then commits. Blocking.
    pub fn step(&self, db: &Db) -> anyhow::Result<Stepped> {
        let mut guard = self.writer()?;
        let state = &mut *guard;
        let mut conn = db.read_conn()?;
        let mut stepped = Stepped::default();

        if let Some(rebuild) = &mut state.rebuild
            && !rebuild.started
        {
            // Everything in the feed so far is covered by reading the posts as they are now.
            state.feed.watermark = SearchChange::latest_id(&mut conn)?;
            rebuild.started = true;
            state.uncommitted = true;
        }
        if let Some(rebuild) = &mut state.rebuild
            && rebuild.total == 0
        {
            let (count, _) = SearchSource::extent(&mut conn)?;
            rebuild.total = u64::try_from(count).unwrap_or(0);
        }

        // The feed.
        let rows = SearchChange::after(&mut conn, state.feed.watermark, FEED_BATCH)?;
        stepped.more |= rows.len() as i64 == FEED_BATCH;
        let fresh: Vec<&SearchChange> = rows
            .iter()
            .filter(|row| !state.feed.applied_above.contains(&row.id))
            .collect();
        if !fresh.is_empty() {
            let rebuilt_up_to = state.rebuild.map(|r| r.up_to);
            self.apply(&state.writer, &mut conn, &fresh, rebuilt_up_to)?;
            stepped.changes = fresh.len();
            state.uncommitted = true;
        }
        state
            .feed
            .applied_above
            .extend(rows.iter().map(|row| row.id));
        if state.feed.advance(Instant::now()) {
            state.uncommitted = true;
        }

        // The rebuild.
        let mut rebuild_done = false;
        if let Some(rebuild) = &mut state.rebuild {
            let posts = SearchSource::after(&mut conn, rebuild.up_to, REBUILD_BATCH)?;
            drop(conn);
            let documents = self.documents_for(&posts);
            for document in documents {
                state.writer.add_document(document)?;
            }
            stepped.rebuilt = posts.len();
            rebuild.done += posts.len() as u64;
            if let Some(last) = posts.last() {
                rebuild.up_to = last.post_id;
            }
            if (posts.len() as i64) < REBUILD_BATCH {
                rebuild_done = true;
            } else {
                stepped.more = true;
            }
            state.uncommitted = true;
        }
        if rebuild_done {
            state.rebuild = None;
            tracing::info!(directory = %self.inner.directory.display(), "the search index is rebuilt");
        }

        let every = if state.rebuild.is_some() {
            REBUILD_COMMIT_EVERY
        } else {
            FEED_COMMIT_EVERY
        };
        if state.uncommitted {
            let since = state.last_commit.elapsed();
            if since >= every {
                state.commit(&self.inner.reader, &self.inner.columns)?;
            } else {
                stepped.commit_due_in = Some(every - since);
            }
        }
        if let Ok(mut progress) = self.inner.progress.lock() {
            *progress = state.progress();
        }
        Ok(stepped)
    }

    /// Steps until the feed is applied and any rebuild is done: start-up catch-up, tests and
    /// `convene reindex`. Calls `report` after each step.
    pub fn catch_up(&self, db: &Db, mut report: impl FnMut(Progress)) -> anyhow::Result<()> {
        loop {
            let stepped = self.step(db)?;
            report(self.progress());
            if !stepped.more {
                // Nothing more to read (a rebuild is done by then): commit what waits.
                return self.commit_pending();
            }
        }
    }

    /// Commits whatever a step left uncommitted.
    fn commit_pending(&self) -> anyhow::Result<()> {
        let mut state = self.writer()?;
        if state.uncommitted {
            state.commit(&self.inner.reader, &self.inner.columns)?;
        }
        Ok(())
    }

    /// Starts over: every document deleted, the rebuild begun from the first post. The
    /// indexer thread (or [`SearchIndex::catch_up`]) does the work.
    pub fn start_rebuild(&self) -> anyhow::Result<()> {
        let mut state = self.writer()?;
        state.writer.delete_all_documents()?;
        state.rebuild = Some(Rebuild::from_start());
        state.feed.applied_above.clear();
        state.feed.gaps.clear();
        state.uncommitted = true;
        Ok(())
    }

    /// Leaves segments unmerged until [`SearchIndex::merge_segments`]: `convene reindex` writes
    /// the whole index at once, and merges tantivy starts meanwhile would be redone anyway.
    pub fn hold_merges(&self) -> anyhow::Result<()> {
        let state = self.writer()?;
        state
            .writer
            .set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        Ok(())
    }

    /// Merges every segment into one and waits for it, then returns to tantivy's usual merge
    /// policy. A rebuilt index is otherwise left in tens of segments, which the serving node
    /// would merge on its first commits (taking the CPU from the writes that caused them), and
    /// each of which costs every search its own lookups. Returns the segments merged.
    pub fn merge_segments(&self) -> anyhow::Result<usize> {
        let mut state = self.writer()?;
        let segments = state.writer.index().searchable_segment_ids()?;
        if segments.len() > 1 {
            state.writer.merge(&segments).wait()?;
        }
        state
            .writer
            .set_merge_policy(Box::new(tantivy::indexer::LogMergePolicy::default()));
        self.inner.reader.reload()?;
        self.inner.columns.keep_only(&self.inner.reader.searcher());
        Ok(segments.len())
    }

    /// Applies feed rows: deletes the documents of the posts and topics they name and adds
    /// them again as they are now. During a rebuild, posts it has not reached yet are left to
    /// it (it will read them as they are then).
    fn apply(
        &self,
        writer: &IndexWriter,
        conn: &mut crate::db::AnyConnection,
        rows: &[&SearchChange],
        rebuilt_up_to: Option<i64>,
    ) -> anyhow::Result<()> {
        let fields = &self.inner.fields;
        let topics: BTreeSet<i64> = rows.iter().filter_map(|r| r.topic_id).collect();
        let posts: BTreeSet<i64> = rows.iter().filter_map(|r| r.post_id).collect();
        let mut current: HashMap<i64, SearchSource> = HashMap::new();
        for chunk in topics.iter().copied().collect::<Vec<_>>().chunks(500) {
            for source in SearchSource::topics(conn, chunk)? {
                current.insert(source.post_id, source);
            }
        }
        for chunk in posts.iter().copied().collect::<Vec<_>>().chunks(500) {
            for source in SearchSource::posts(conn, chunk)? {
                current.insert(source.post_id, source);
            }
        }
        let reached = |post: i64| rebuilt_up_to.is_none_or(|up_to| post <= up_to);
        for &topic in &topics {
            writer.delete_term(Term::from_field_i64(fields.topic_id, topic));
        }
        for &post in &posts {
            writer.delete_term(Term::from_field_i64(fields.post_id, post));
        }
        let sources: Vec<SearchSource> = current
            .into_values()
            .filter(|source| reached(source.post_id))
            .collect();
        for document in self.documents_for(&sources) {
            writer.add_document(document)?;
        }
        Ok(())
    }

    /// Documents for posts. Turning Markdown into text is most of the cost of indexing, so a
    /// large batch is split over the machine's cores.
    fn documents_for(&self, sources: &[SearchSource]) -> Vec<TantivyDocument> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if sources.len() < 256 || threads == 1 {
            return sources.iter().map(|s| self.document(s)).collect();
        }
        let per_thread = sources.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = sources
                .chunks(per_thread)
                .map(|chunk| {
                    scope.spawn(move || chunk.iter().map(|s| self.document(s)).collect::<Vec<_>>())
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|handle| handle.join().unwrap_or_default())
                .collect()
        })
    }

    /// One post's document.
    fn document(&self, source: &SearchSource) -> TantivyDocument {
        let fields = &self.inner.fields;
        let mut document = TantivyDocument::default();
        document.add_i64(fields.post_id, source.post_id);
        document.add_i64(fields.topic_id, source.topic_id);
        document.add_i64(fields.user_id, source.user_id);
        document.add_i64(fields.category_id, source.category_id);
        document.add_i64(fields.post_number, i64::from(source.post_number));
        document.add_i64(fields.created, source.created_at.and_utc().timestamp());
        document.add_i64(
            fields.topic_created,
            source.topic_created_at.and_utc().timestamp(),
        );
        document.add_i64(fields.closed, i64::from(source.closed));
        document.add_i64(fields.solved, i64::from(source.solved));
        document.add_i64(fields.likes, i64::from(source.like_count));
        if source.post_number == 1 {
            document.add_text(fields.title, &source.title);
            document.add_text(fields.title_stem, &source.title);
        }
        let text = crate::markdown::plain_text(&source.raw);
        document.add_text(fields.body_stem, &text);
        document.add_text(fields.body, text);
        document
    }
}

/// The indexer thread of a node.
pub struct Indexer {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Indexer {
    /// Starts following the feed: at once, then whenever a write on this node rings the
    /// doorbell, and every `poll` otherwise.
    pub fn start(index: SearchIndex, db: Db, poll: Duration) -> anyhow::Result<Indexer> {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let stopping = std::sync::Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("search-indexer".into())
            .spawn(move || {
                let mut failing = false;
                while !stopping.load(Ordering::Acquire) {
                    let seen = DOORBELL.rings();
                    match index.step(&db) {
                        Ok(stepped) => {
                            failing = false;
                            if stepped.more {
                                continue;
                            }
                            if let Some(due) = stepped.commit_due_in {
                                // Let the posts made meanwhile gather, then apply them all
                                // and commit in one step.
                                std::thread::sleep(due);
                                continue;
                            }
                        }
                        Err(error) => {
                            if !failing {
                                tracing::warn!(error = %format!("{error:#}"), "search indexing failed; trying again");
                            }
                            failing = true;
                        }
                    }
                    DOORBELL.wait(seen, poll);
                }
                // Whatever was applied last is committed before the thread ends.
                if let Err(error) = index.commit_pending() {
                    tracing::warn!(error = %format!("{error:#}"), "could not commit the search index at shutdown");
                }
            })
            .context("cannot start the search indexer thread")?;
        Ok(Indexer {
            stop,
            thread: Some(thread),
        })
    }

    /// Stops the thread after its current step, committing what it applied.
    pub fn stop(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Release);
        DOORBELL.ring();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watermark_waits_at_a_gap_then_moves_past_it() {
        let mut feed = FeedPosition {
            watermark: 10,
            applied_above: [11, 12, 14, 15].into_iter().collect(),
            gaps: BTreeMap::new(),
        };
        let start = Instant::now();
        assert!(feed.advance(start));
        assert_eq!(feed.watermark, 12, "13 may still be committing");
        // 13 turns up: everything is applied.
        feed.applied_above.insert(13);
        feed.advance(start + Duration::from_secs(1));
        assert_eq!(feed.watermark, 15);
        // A gap that never fills (a rolled-back transaction) is passed after the patience.
        feed.applied_above.extend([17, 18]);
        assert!(!feed.advance(start + Duration::from_secs(2)));
        assert_eq!(feed.watermark, 15);
        feed.advance(start + Duration::from_secs(2) + GAP_PATIENCE);
        assert_eq!(feed.watermark, 18);
        assert!(feed.gaps.is_empty());
    }
}
