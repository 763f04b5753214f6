//! The change feed search follows (`search_changes`): rows naming a post, or every post of a
//! topic, whose indexed form may be out of date. Services append them in the transaction that
//! made the change (`services::effects`); each node's indexer (`search::indexer`) reads them in
//! id order. The doorbell lets a writer wake its own node's indexer at once after committing.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::search_changes;
use crate::models::ids::{PostId, TopicId};

/// A row of the feed.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = search_changes)]
pub struct SearchChange {
    /// Its place in the feed.
    pub id: i64,
    /// A post to index again.
    pub post_id: Option<i64>,
    /// A topic whose every post is to be indexed again (its title, category or status changed).
    pub topic_id: Option<i64>,
    /// When the change was made.
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = search_changes)]
struct NewSearchChange {
    post_id: Option<i64>,
    topic_id: Option<i64>,
    created_at: NaiveDateTime,
}

impl SearchChange {
    /// Appends "index this post again".
    pub(crate) fn post(
        conn: &mut AnyConnection,
        post: PostId,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        Self::append(conn, Some(post.0), None, now)
    }

    /// Appends "index every post of this topic again".
    pub(crate) fn topic(
        conn: &mut AnyConnection,
        topic: TopicId,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        Self::append(conn, None, Some(topic.0), now)
    }

    fn append(
        conn: &mut AnyConnection,
        post_id: Option<i64>,
        topic_id: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(search_changes::table)
            .values(NewSearchChange {
                post_id,
                topic_id,
                created_at: now,
            })
            .execute(conn)?;
        Ok(())
    }

    /// Up to `limit` rows after `id`, oldest first.
    pub fn after(conn: &mut AnyConnection, id: i64, limit: i64) -> QueryResult<Vec<SearchChange>> {
        search_changes::table
            .filter(search_changes::id.gt(id))
            .order(search_changes::id.asc())
            .limit(limit)
            .select(SearchChange::as_select())
            .load(conn)
    }

    /// The newest row's id (0 when the feed is empty).
    pub fn latest_id(conn: &mut AnyConnection) -> QueryResult<i64> {
        let latest: Option<i64> = search_changes::table
            .select(diesel::dsl::max(search_changes::id))
            .first(conn)?;
        Ok(latest.unwrap_or(0))
    }
}

/// A doorbell for this process's indexers: rung after a write that appended changes commits,
/// waited on (with a timeout, the poll interval) by the indexer. Other nodes are not woken;
/// they find the rows on their next poll.
pub struct Doorbell {
    rings: Mutex<u64>,
    rung: Condvar,
}

/// The process's doorbell.
pub static DOORBELL: Doorbell = Doorbell {
    rings: Mutex::new(0),
    rung: Condvar::new(),
};

impl Doorbell {
    /// Wakes every waiting indexer.
    pub fn ring(&self) {
        if let Ok(mut rings) = self.rings.lock() {
            *rings = rings.wrapping_add(1);
        }
        self.rung.notify_all();
    }

    /// How many times it has rung; pass it to [`Doorbell::wait`] to wait for the next ring.
    pub fn rings(&self) -> u64 {
        self.rings.lock().map(|rings| *rings).unwrap_or(0)
    }

    /// Waits until it rings after `seen` (returns at once if it already has) or `timeout`
    /// passes.
    pub fn wait(&self, seen: u64, timeout: Duration) {
        let Ok(rings) = self.rings.lock() else {
            return;
        };
        let _ = self
            .rung
            .wait_timeout_while(rings, timeout, |rings| *rings == seen);
    }
}

/// What the index holds of one post: its words, and the facts search filters and ranks by.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct SearchSource {
    /// The post.
    pub post_id: i64,
    /// Its topic.
    pub topic_id: i64,
    /// Its author.
    pub user_id: i64,
    /// 1 for the first post of its topic.
    pub post_number: i32,
    /// When it was posted.
    pub created_at: NaiveDateTime,
    /// Its Markdown.
    pub raw: String,
    /// Its topic's title.
    pub title: String,
    /// Its topic's category.
    pub category_id: i64,
    /// Whether its topic is closed.
    pub closed: bool,
    /// When its topic was started.
    pub topic_created_at: NaiveDateTime,
    /// Whether its topic has a solution.
    pub solved: bool,
    /// Its likes.
    pub like_count: i32,
}

/// The columns of [`SearchSource`], in order.
type SourceColumns = (
    crate::db::schema::posts::id,
    crate::db::schema::posts::topic_id,
    crate::db::schema::posts::user_id,
    crate::db::schema::posts::post_number,
    crate::db::schema::posts::created_at,
    crate::db::schema::posts::raw,
    crate::db::schema::topics::title,
    crate::db::schema::topics::category_id,
    crate::db::schema::topics::closed,
    crate::db::schema::topics::created_at,
    diesel::dsl::IsNotNull<crate::db::schema::topics::solution_post_id>,
    crate::db::schema::posts::like_count,
);

fn source_columns() -> SourceColumns {
    use crate::db::schema::{posts, topics};
    (
        posts::id,
        posts::topic_id,
        posts::user_id,
        posts::post_number,
        posts::created_at,
        posts::raw,
        topics::title,
        topics::category_id,
        topics::closed,
        topics::created_at,
        topics::solution_post_id.is_not_null(),
        posts::like_count,
    )
}

impl SearchSource {
    // Only what every reader may see is indexed: hidden and deleted posts, and the posts of
    // deleted or unlisted topics, are left out by these queries, and the indexer removes what
    // a change names and these no longer return. (Read-restricted categories, when they come,
    // are filtered on the query side by the searcher's guardian.)

    /// The posts with these ids (missing ones are gone, and leave the index).
    pub fn posts(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<SearchSource>> {
        use crate::db::schema::{posts, topics};
        posts::table
            .inner_join(topics::table)
            .filter(posts::id.eq_any(ids))
            .filter(posts::hidden_at.is_null())
            .filter(posts::deleted_at.is_null())
            .filter(topics::deleted_at.is_null())
            .filter(topics::visible.eq(true))
            .select(source_columns())
            .load(conn)
    }

    /// Every post of these topics.
    pub fn topics(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<SearchSource>> {
        use crate::db::schema::{posts, topics};
        posts::table
            .inner_join(topics::table)
            .filter(posts::topic_id.eq_any(ids))
            .filter(posts::hidden_at.is_null())
            .filter(posts::deleted_at.is_null())
            .filter(topics::deleted_at.is_null())
            .filter(topics::visible.eq(true))
            .select(source_columns())
            .load(conn)
    }

    /// Up to `limit` posts with ids above `after`, in id order: the rebuild walks the forum
    /// with these.
    pub fn after(
        conn: &mut AnyConnection,
        after: i64,
        limit: i64,
    ) -> QueryResult<Vec<SearchSource>> {
        use crate::db::schema::{posts, topics};
        posts::table
            .inner_join(topics::table)
            .filter(posts::id.gt(after))
            .filter(posts::hidden_at.is_null())
            .filter(posts::deleted_at.is_null())
            .filter(topics::deleted_at.is_null())
            .filter(topics::visible.eq(true))
            .order(posts::id.asc())
            .limit(limit)
            .select(source_columns())
            .load(conn)
    }

    /// How many posts there are, and the highest id (for the rebuild's progress).
    pub fn extent(conn: &mut AnyConnection) -> QueryResult<(i64, i64)> {
        use crate::db::schema::posts;
        let (count, max): (i64, Option<i64>) = posts::table
            .select((diesel::dsl::count_star(), diesel::dsl::max(posts::id)))
            .first(conn)?;
        Ok((count, max.unwrap_or(0)))
    }
}
