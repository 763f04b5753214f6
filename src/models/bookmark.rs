//! Bookmarks: posts a member keeps to come back to, each with an optional note and reminder
//! time, one per member and post. Written by `services::bookmarks`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{bookmarks, posts, topics, users};
use crate::models::ids::{BookmarkId, PostId, TopicId, UserId};
use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::models::user::UserSummary;

/// The longest note on a bookmark, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// A `bookmarks` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = bookmarks)]
pub struct Bookmark {
    /// Id.
    pub id: BookmarkId,
    /// Whose it is.
    pub user_id: UserId,
    /// The post kept.
    pub post_id: PostId,
    /// The member's note (Discourse's `name`).
    pub name: Option<String>,
    /// When to remind them.
    pub reminder_at: Option<NaiveDateTime>,
    /// Made.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// When its reminder became a notification (cleared when the reminder changes).
    pub reminded_at: Option<NaiveDateTime>,
}

/// A bookmark with the post, its topic and author, for the member's list.
#[derive(Debug, Clone)]
pub struct ListedBookmark {
    /// The bookmark.
    pub bookmark: Bookmark,
    /// Its post.
    pub post: Post,
    /// The post's topic.
    pub topic: Topic,
    /// The post's author.
    pub author: UserSummary,
}

impl ListedBookmark {
    /// Its reminder is due at `now`.
    pub fn due(&self, now: NaiveDateTime) -> bool {
        self.bookmark.reminder_at.is_some_and(|at| at <= now)
    }
}

impl Bookmark {
    /// `user`'s bookmark of `post`, if any.
    pub fn of_post(
        conn: &mut AnyConnection,
        user: UserId,
        post: PostId,
    ) -> QueryResult<Option<Bookmark>> {
        bookmarks::table
            .filter(bookmarks::user_id.eq(user))
            .filter(bookmarks::post_id.eq(post))
            .select(Bookmark::as_select())
            .first(conn)
            .optional()
    }

    /// The bookmark with this id.
    pub fn find(conn: &mut AnyConnection, id: BookmarkId) -> QueryResult<Option<Bookmark>> {
        bookmarks::table
            .find(id)
            .select(Bookmark::as_select())
            .first(conn)
            .optional()
    }

    /// Which posts numbered `numbers` in `topic` `user` has bookmarked (a page of posts). One
    /// statement whatever the page, so its prepared form is kept (a list of ids would make
    /// new SQL for each length); it walks the member's own bookmarks, which are few.
    pub fn in_topic(
        conn: &mut AnyConnection,
        user: UserId,
        topic: crate::models::ids::TopicId,
        numbers: std::ops::RangeInclusive<i32>,
    ) -> QueryResult<std::collections::HashSet<PostId>> {
        let rows: Vec<PostId> = bookmarks::table
            .inner_join(posts::table)
            .filter(bookmarks::user_id.eq(user))
            .filter(posts::topic_id.eq(topic))
            .filter(posts::post_number.between(*numbers.start(), *numbers.end()))
            .select(bookmarks::post_id)
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// Which of `topics` `user` bookmarked a standing post in (one query for a page of a topic
    /// list: its `bookmarked`).
    pub fn topics_among(
        conn: &mut AnyConnection,
        user: UserId,
        topics: &[TopicId],
    ) -> QueryResult<std::collections::HashSet<TopicId>> {
        if topics.is_empty() {
            return Ok(Default::default());
        }
        let rows: Vec<TopicId> = bookmarks::table
            .inner_join(posts::table)
            .filter(bookmarks::user_id.eq(user))
            .filter(posts::topic_id.eq_any(topics))
            .filter(posts::deleted_at.is_null())
            .select(posts::topic_id)
            .distinct()
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// `user`'s bookmarks of posts that are still there: reminders due by `now` first (soonest
    /// due first), then the rest newest first; at most `limit`.
    pub fn list(
        conn: &mut AnyConnection,
        user: UserId,
        now: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<ListedBookmark>> {
        let rows: Vec<(Bookmark, Post, Topic, UserSummary)> = bookmarks::table
            .inner_join(
                posts::table
                    .inner_join(topics::table)
                    .inner_join(users::table),
            )
            .filter(bookmarks::user_id.eq(user))
            .filter(posts::deleted_at.is_null())
            .filter(topics::deleted_at.is_null())
            .order((bookmarks::created_at.desc(), bookmarks::id.desc()))
            .limit(limit)
            .select((
                Bookmark::as_select(),
                Post::as_select(),
                Topic::as_select(),
                UserSummary::as_select(),
            ))
            .load(conn)?;
        let mut listed: Vec<ListedBookmark> = rows
            .into_iter()
            .map(|(bookmark, post, topic, author)| ListedBookmark {
                bookmark,
                post,
                topic,
                author,
            })
            .collect();
        // Due ones first, in the order they fell due; the sort is stable, so the rest stay
        // newest first.
        listed.sort_by_key(|item| match item.bookmark.reminder_at {
            Some(at) if at <= now => (0, Some(at)),
            _ => (1, None),
        });
        Ok(listed)
    }

    /// Makes `user`'s bookmark of `post`; `None` if they have one already.
    pub(crate) fn insert(
        conn: &mut AnyConnection,
        user: UserId,
        post: PostId,
        name: Option<&str>,
        reminder_at: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> QueryResult<Option<Bookmark>> {
        let inserted = crate::with_conn!(conn, |c| diesel::insert_into(bookmarks::table)
            .values((
                bookmarks::user_id.eq(user),
                bookmarks::post_id.eq(post),
                bookmarks::name.eq(name),
                bookmarks::reminder_at.eq(reminder_at),
                bookmarks::created_at.eq(now),
                bookmarks::updated_at.eq(now),
            ))
            .on_conflict((bookmarks::user_id, bookmarks::post_id))
            .do_nothing()
            .execute(c))?;
        if inserted == 0 {
            return Ok(None);
        }
        Bookmark::of_post(conn, user, post)
    }

    /// Changes the note and reminder; a reminder moved is sent again when it falls due.
    pub(crate) fn update(
        conn: &mut AnyConnection,
        bookmark: &Bookmark,
        name: Option<&str>,
        reminder_at: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        let reminded_at = if reminder_at == bookmark.reminder_at {
            bookmark.reminded_at
        } else {
            None
        };
        diesel::update(bookmarks::table.find(bookmark.id))
            .set((
                bookmarks::name.eq(name),
                bookmarks::reminder_at.eq(reminder_at),
                bookmarks::reminded_at.eq(reminded_at),
                bookmarks::updated_at.eq(now),
            ))
            .execute(conn)
    }

    /// Up to `limit` bookmarks whose reminders are due at `now` and not yet sent, oldest due
    /// first, with their posts (bookmarks of deleted posts remind no one; the partial index
    /// `bookmarks_reminders_due` holds only the unsent).
    pub fn due_unsent(
        conn: &mut AnyConnection,
        now: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<(Bookmark, Post)>> {
        bookmarks::table
            .inner_join(posts::table.inner_join(topics::table))
            .filter(bookmarks::reminder_at.is_not_null())
            .filter(bookmarks::reminded_at.is_null())
            .filter(bookmarks::reminder_at.le(now))
            .filter(posts::deleted_at.is_null())
            .filter(topics::deleted_at.is_null())
            .order((bookmarks::reminder_at.asc(), bookmarks::id.asc()))
            .limit(limit)
            .select((Bookmark::as_select(), Post::as_select()))
            .load(conn)
    }

    /// Marks these bookmarks' reminders sent at `now`.
    pub(crate) fn mark_reminded(
        conn: &mut AnyConnection,
        ids: &[BookmarkId],
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(bookmarks::table.filter(bookmarks::id.eq_any(ids)))
            .set(bookmarks::reminded_at.eq(Some(now)))
            .execute(conn)
    }

    /// Removes it.
    pub(crate) fn delete(conn: &mut AnyConnection, id: BookmarkId) -> QueryResult<usize> {
        diesel::delete(bookmarks::table.find(id)).execute(conn)
    }
}
