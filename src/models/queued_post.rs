//! Posts waiting for a moderator's approval before anyone else sees them (Discourse's queued
//! posts): each is the payload of one `queued_post` review item, kept as its author wrote it
//! until a moderator approves it (`services::queue` then publishes it) or rejects it.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{queued_posts, reviewables};
use crate::models::ids::{CategoryId, ReviewableId, TopicId, UserId};
use crate::models::reviewable::{Reviewable, ReviewableKind};

/// Why a post waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueReason {
    /// Its author is a new member whose first posts are reviewed
    /// (`moderation.approve_new_member_posts`).
    NewMember,
    /// It has a watched word that requires approval.
    WatchedWord(String),
}

impl QueueReason {
    /// As stored in `reason`.
    pub fn as_str(&self) -> &'static str {
        match self {
            QueueReason::NewMember => "new_member",
            QueueReason::WatchedWord(_) => "watched_word",
        }
    }

    /// For the author and the reviewer.
    pub fn explain(&self) -> String {
        match self {
            QueueReason::NewMember => "A moderator reviews the first posts of new members \
                                       before they are published."
                .to_owned(),
            QueueReason::WatchedWord(word) => format!(
                "It contains “{word}”, a word this forum's moderators look at before a post \
                 with it is published."
            ),
        }
    }
}

/// A `queued_posts` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = queued_posts)]
pub struct QueuedPost {
    /// The review item it belongs to.
    pub reviewable_id: ReviewableId,
    /// Its author.
    pub user_id: UserId,
    /// A new topic's category.
    pub category_id: Option<CategoryId>,
    /// A reply's topic (`None` for a new topic).
    pub topic_id: Option<TopicId>,
    /// A new topic's title.
    pub title: Option<String>,
    /// The post a reply answers.
    pub reply_to_post_number: Option<i32>,
    /// Markdown.
    pub raw: String,
    /// Sanitised HTML, cooked when it was sent.
    pub cooked: String,
    /// [`QueueReason::as_str`].
    pub reason: String,
    /// The watched word, for that reason.
    pub word: Option<String>,
    /// When it was sent.
    pub created_at: NaiveDateTime,
    /// A new topic's tags, space-separated.
    pub tags: Option<String>,
}

impl QueuedPost {
    /// Why it waits.
    pub fn reason(&self) -> QueueReason {
        match (&*self.reason, &self.word) {
            ("watched_word", Some(word)) => QueueReason::WatchedWord(word.clone()),
            _ => QueueReason::NewMember,
        }
    }

    /// A new topic's tags, as sent.
    pub fn tag_names(&self) -> Vec<String> {
        self.tags
            .as_deref()
            .map(|t| t.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// Whether it would start a topic (rather than reply to one).
    pub fn is_topic(&self) -> bool {
        self.topic_id.is_none()
    }

    /// The one of a review item.
    pub fn of(conn: &mut AnyConnection, item: ReviewableId) -> QueryResult<QueuedPost> {
        queued_posts::table
            .find(item)
            .select(QueuedPost::as_select())
            .first(conn)
    }

    /// Those of these items, by item.
    pub fn of_items(
        conn: &mut AnyConnection,
        items: &[ReviewableId],
    ) -> QueryResult<HashMap<ReviewableId, QueuedPost>> {
        if items.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<QueuedPost> = queued_posts::table
            .filter(queued_posts::reviewable_id.eq_any(items.to_vec()))
            .select(QueuedPost::as_select())
            .load(conn)?;
        Ok(rows.into_iter().map(|q| (q.reviewable_id, q)).collect())
    }

    /// `user`'s queued posts with their items, newest first: what they see waiting, and what
    /// became of it.
    pub fn by_author(
        conn: &mut AnyConnection,
        user: UserId,
        limit: i64,
    ) -> QueryResult<Vec<(QueuedPost, Reviewable)>> {
        queued_posts::table
            .inner_join(reviewables::table)
            .filter(queued_posts::user_id.eq(user))
            .filter(reviewables::kind.eq(ReviewableKind::QueuedPost.as_str()))
            .order(reviewables::id.desc())
            .limit(limit)
            .select((QueuedPost::as_select(), Reviewable::as_select()))
            .load(conn)
    }

    /// How many of `user`'s posts wait now.
    pub fn pending_of(conn: &mut AnyConnection, user: UserId) -> QueryResult<i64> {
        queued_posts::table
            .inner_join(reviewables::table)
            .filter(queued_posts::user_id.eq(user))
            .filter(reviewables::status.eq(crate::models::reviewable::ReviewStatus::Pending as i32))
            .count()
            .get_result(conn)
    }
}

/// A new queued post.
#[derive(Debug, Insertable)]
#[diesel(table_name = queued_posts)]
pub(crate) struct NewQueuedPost<'a> {
    pub reviewable_id: ReviewableId,
    pub user_id: UserId,
    pub category_id: Option<CategoryId>,
    pub topic_id: Option<TopicId>,
    pub title: Option<&'a str>,
    pub reply_to_post_number: Option<i32>,
    pub raw: &'a str,
    pub cooked: &'a str,
    pub reason: &'a str,
    pub word: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub tags: Option<String>,
}

impl NewQueuedPost<'_> {
    /// Inserts it.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<QueuedPost> {
        diesel::insert_into(queued_posts::table)
            .values(self)
            .returning(queued_posts::all_columns)
            .get_result(conn)
    }
}
