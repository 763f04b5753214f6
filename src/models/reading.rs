//! Read tracking (`topic_reads`): how far each member has read each topic they opened, the
//! conditions of the "new" and "unread" lists, and the statements `services::reading` runs when a
//! node writes the reads and views it gathered ([`Batch`], filled by `crate::reading`).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{topic_reads, topics, users};
use crate::models::ids::{TopicId, UserId};
use crate::models::topic::TopicFilter;
use crate::models::user::User;

/// How far one member read one topic, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    /// The highest post number they had in front of them.
    pub through: i32,
    /// When.
    pub at: NaiveDateTime,
}

/// What a node gathered between two writes: the furthest read per member and topic, and the
/// views per topic.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// Member and topic → furthest read.
    pub reads: HashMap<(UserId, TopicId), Read>,
    /// Topic → views to add.
    pub views: HashMap<TopicId, i64>,
}

impl Batch {
    /// Nothing to write.
    pub fn is_empty(&self) -> bool {
        self.reads.is_empty() && self.views.is_empty()
    }

    /// Notes a read, keeping the furthest one and the latest time.
    pub fn read(&mut self, user: UserId, topic: TopicId, read: Read) {
        self.reads
            .entry((user, topic))
            .and_modify(|kept| {
                kept.through = kept.through.max(read.through);
                kept.at = kept.at.max(read.at);
            })
            .or_insert(read);
    }

    /// Adds `count` views of `topic`.
    pub fn view(&mut self, topic: TopicId, count: i64) {
        *self.views.entry(topic).or_default() += count;
    }

    /// Adds everything in `other` (a batch whose write failed goes back this way).
    pub fn merge(&mut self, other: Batch) {
        for ((user, topic), read) in other.reads {
            self.read(user, topic, read);
        }
        for (topic, count) in other.views {
            self.view(topic, count);
        }
    }
}

/// What recording one read changed, for the reader's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadRecorded {
    /// It was the first time they opened the topic.
    pub first_visit: bool,
    /// Posts newly read (beyond where they had stopped).
    pub newly_read: i64,
}

/// Read-tracking queries.
pub struct TopicRead;

impl TopicRead {
    /// How far `user` has read each of `topics` that they opened.
    pub fn last_read(
        conn: &mut AnyConnection,
        user: UserId,
        topics: &[TopicId],
    ) -> QueryResult<HashMap<TopicId, i32>> {
        if topics.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(TopicId, i32)> = topic_reads::table
            .filter(topic_reads::user_id.eq(user))
            .filter(topic_reads::topic_id.eq_any(topics))
            .select((topic_reads::topic_id, topic_reads::last_read_post_number))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// Records that `user` read `topic` through `read.through`: the furthest read is kept (a
    /// second tab on page 1 does not undo page 3).
    pub(crate) fn record(
        conn: &mut AnyConnection,
        user: UserId,
        topic: TopicId,
        read: Read,
    ) -> QueryResult<ReadRecorded> {
        let inserted = crate::with_conn!(conn, |c| diesel::insert_into(topic_reads::table)
            .values((
                topic_reads::user_id.eq(user),
                topic_reads::topic_id.eq(topic),
                topic_reads::last_read_post_number.eq(read.through),
                topic_reads::first_visited_at.eq(read.at),
                topic_reads::last_visited_at.eq(read.at),
            ))
            .on_conflict((topic_reads::user_id, topic_reads::topic_id))
            .do_nothing()
            .execute(c))?;
        if inserted > 0 {
            return Ok(ReadRecorded {
                first_visit: true,
                newly_read: i64::from(read.through.max(0)),
            });
        }
        let before: i32 = topic_reads::table
            .find((user, topic))
            .select(topic_reads::last_read_post_number)
            .first(conn)?;
        let row = topic_reads::table.find((user, topic));
        if read.through > before {
            diesel::update(row)
                .set((
                    topic_reads::last_read_post_number.eq(read.through),
                    topic_reads::last_visited_at.eq(read.at),
                ))
                .execute(conn)?;
        } else {
            diesel::update(row)
                .set(topic_reads::last_visited_at.eq(read.at))
                .execute(conn)?;
        }
        Ok(ReadRecorded {
            first_visit: false,
            newly_read: i64::from((read.through - before).max(0)),
        })
    }

    /// Marks every topic `user` opened as read to its latest post ("dismiss unread").
    pub(crate) fn dismiss_unread(conn: &mut AnyConnection, user: UserId) -> QueryResult<usize> {
        let latest = topics::table
            .filter(topics::id.eq(topic_reads::topic_id))
            .select(topics::highest_post_number)
            .single_value()
            .assume_not_null();
        diesel::update(
            topic_reads::table
                .filter(topic_reads::user_id.eq(user))
                .filter(topic_reads::last_read_post_number.lt(latest)),
        )
        .set(topic_reads::last_read_post_number.eq(latest))
        .execute(conn)
    }

    /// Forgets what `user` read (their account is being anonymised).
    pub(crate) fn forget_all(conn: &mut AnyConnection, user: UserId) -> QueryResult<usize> {
        diesel::delete(topic_reads::table.filter(topic_reads::user_id.eq(user))).execute(conn)
    }

    /// Adds `count` views to `topic`.
    pub(crate) fn add_views(
        conn: &mut AnyConnection,
        topic: TopicId,
        count: i64,
    ) -> QueryResult<usize> {
        diesel::update(topics::table.find(topic))
            .set(topics::views.eq(topics::views + count))
            .execute(conn)
    }

    /// Adds to `user`'s reading counters.
    pub(crate) fn count_reading(
        conn: &mut AnyConnection,
        user: UserId,
        topics_entered: i64,
        posts_read: i64,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(user))
            .set((
                users::topics_entered.eq(users::topics_entered + topics_entered),
                users::posts_read_count.eq(users::posts_read_count + posts_read),
            ))
            .execute(conn)
    }

    /// Sets when `user` last dismissed their new topics.
    pub(crate) fn dismiss_new(
        conn: &mut AnyConnection,
        user: UserId,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(user))
            .set(users::dismissed_new_at.eq(Some(at)))
            .execute(conn)
    }
}

/// The topics that are new to `member` (what `/new` lists): started, by someone else, after
/// [`new_since`].
pub fn new_topics(member: &User, days: i64, now: NaiveDateTime) -> TopicFilter {
    TopicFilter::New(member.id, new_since(member, days, now))
}

/// When topics start being new to `member`: the last `days`, but not before they joined or
/// last dismissed new topics.
pub fn new_since(member: &User, days: i64, now: NaiveDateTime) -> NaiveDateTime {
    let window = now - chrono::Duration::days(days.max(0));
    [member.dismissed_new_at, Some(member.created_at)]
        .into_iter()
        .flatten()
        .fold(window, NaiveDateTime::max)
}

/// The header's counts for a member: topics new to them, and topics with unread posts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadingCounts {
    /// Topics new to them (`/new`).
    pub new_topics: i64,
    /// Topics they opened that have posts since (`/unread`).
    pub unread_topics: i64,
}

impl ReadingCounts {
    /// `member`'s counts now, topics counting as new for `new_topic_days`. Counted as a reader
    /// sees the lists (deleted and unlisted topics left out, for staff too).
    pub fn load(
        conn: &mut AnyConnection,
        member: &User,
        new_topic_days: i64,
        now: NaiveDateTime,
    ) -> QueryResult<ReadingCounts> {
        let seen = crate::models::visibility::Visibility {
            staff: false,
            viewer: Some(member.id),
        };
        let new = new_topics(member, new_topic_days, now);
        Ok(ReadingCounts {
            new_topics: crate::models::topic::Topic::count_listed(conn, &new, seen)?,
            unread_topics: crate::models::topic::Topic::count_listed(
                conn,
                &TopicFilter::Unread(member.id),
                seen,
            )?,
        })
    }
}

/// A listed topic as one member stands with it: how far they read it, and whether they liked
/// or bookmarked a post in it (Discourse keeps all of these on the member's topic row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemReading {
    /// The furthest post they read, if they opened it.
    pub last_read: Option<i32>,
    /// New to them: never opened, started since their new-topic start by someone else.
    pub new: bool,
    /// They like a post in it.
    pub liked: bool,
    /// They bookmarked a post in it.
    pub bookmarked: bool,
}

impl ItemReading {
    /// Posts beyond where they stopped (0 if they never opened the topic).
    pub fn unread(&self, highest_post_number: i32) -> i32 {
        self.last_read
            .map_or(0, |read| (highest_post_number - read).max(0))
    }
}

/// Fills in how `member` stands with each topic of `page`: what they read, from the database
/// and from `pending` (what this node gathered and has not written yet, so a topic just read
/// shows read), and what they liked and bookmarked; `new_since` is when topics start being
/// new to them ([`new_topics`]).
pub fn mark_page(
    conn: &mut AnyConnection,
    page: &mut crate::models::topic::TopicPage,
    member: &User,
    new_since: NaiveDateTime,
    pending: &HashMap<TopicId, i32>,
) -> QueryResult<()> {
    let ids: Vec<TopicId> = page.items.iter().map(|item| item.topic.id).collect();
    let stored = TopicRead::last_read(conn, member.id, &ids)?;
    let liked = crate::models::like::Like::topics_liked_among(conn, member.id, &ids)?;
    let bookmarked = crate::models::bookmark::Bookmark::topics_among(conn, member.id, &ids)?;
    for item in &mut page.items {
        let t = &item.topic;
        let last_read = match (stored.get(&t.id), pending.get(&t.id)) {
            (Some(a), Some(b)) => Some(*a.max(b)),
            (a, b) => a.or(b).copied(),
        };
        item.reading = Some(ItemReading {
            last_read,
            new: last_read.is_none() && t.created_at > new_since && t.user_id != member.id,
            liked: liked.contains(&t.id),
            bookmarked: bookmarked.contains(&t.id),
        });
    }
    Ok(())
}
