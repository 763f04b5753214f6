//! Posts: replies, edits (each keeping a revision), and the queries pages need.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{post_revisions, posts, topics, users};
use crate::models::ids::{PostId, TopicId, UserId};
use crate::models::topic::Topic;
use crate::models::user::UserSummary;

/// A `posts` row.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = posts)]
pub struct Post {
    /// Id.
    pub id: PostId,
    /// Topic.
    pub topic_id: TopicId,
    /// Author.
    pub user_id: UserId,
    /// Position in the topic, from 1.
    pub post_number: i32,
    /// The post this answers, if any.
    pub reply_to_post_number: Option<i32>,
    /// Markdown as written.
    pub raw: String,
    /// Sanitised HTML from `markdown::render`.
    pub cooked: String,
    /// Creation time.
    pub created_at: NaiveDateTime,
    /// Time of the latest edit (or creation).
    pub updated_at: NaiveDateTime,
    /// 1, plus one per edit.
    pub version: i32,
    /// Why the latest edit was made.
    pub edit_reason: Option<String>,
    /// Who wrote the current version.
    pub last_editor_id: UserId,
}

/// An insert into `posts`.
#[derive(Debug, Insertable)]
#[diesel(table_name = posts)]
pub struct NewPost<'a> {
    /// Topic.
    pub topic_id: TopicId,
    /// Author.
    pub user_id: UserId,
    /// Position.
    pub post_number: i32,
    /// The post answered.
    pub reply_to_post_number: Option<i32>,
    /// Markdown.
    pub raw: &'a str,
    /// HTML.
    pub cooked: &'a str,
    /// Now.
    pub created_at: NaiveDateTime,
    /// Now.
    pub updated_at: NaiveDateTime,
    /// The author.
    pub last_editor_id: UserId,
}

impl NewPost<'_> {
    /// Inserts the post row alone (callers keep the topic's counters in step).
    pub fn insert(&self, conn: &mut AnyConnection) -> QueryResult<Post> {
        diesel::insert_into(posts::table)
            .values(self)
            .returning(posts::all_columns)
            .get_result(conn)
    }
}

/// Why a body was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Nothing but white space.
    Empty,
    /// More bytes than allowed: (actual, limit).
    TooLarge(usize, usize),
}

/// Checks a Markdown body against the configured limit.
pub fn check_body(raw: &str, max_bytes: usize) -> Result<(), BodyError> {
    if raw.len() > max_bytes {
        Err(BodyError::TooLarge(raw.len(), max_bytes))
    } else if raw.trim().is_empty() {
        Err(BodyError::Empty)
    } else {
        Ok(())
    }
}

/// Why an edit was refused.
#[derive(Debug)]
pub enum EditError {
    /// Someone saved another version first.
    Conflict,
    /// The database failed.
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for EditError {
    fn from(error: diesel::result::Error) -> Self {
        EditError::Database(error)
    }
}

/// A post with its author, as topic pages show it.
#[derive(Debug, Clone)]
pub struct PostWithAuthor {
    /// The post.
    pub post: Post,
    /// Its author.
    pub author: UserSummary,
}

/// A post and the topic it is in, for profile pages and the JSON API.
#[derive(Debug, Clone)]
pub struct PostInTopic {
    /// The post.
    pub post: Post,
    /// Its topic.
    pub topic: Topic,
    /// Its author.
    pub author: UserSummary,
}

impl Post {
    /// Authors edit their own posts; moderators and admins edit any.
    pub fn editable_by(&self, user: &crate::models::user::User) -> bool {
        self.user_id == user.id || user.role().is_staff()
    }

    /// The post with this id.
    pub fn find(conn: &mut AnyConnection, id: PostId) -> QueryResult<Post> {
        posts::table.find(id).select(Post::as_select()).first(conn)
    }

    /// The post with its topic and author.
    pub fn find_in_topic(conn: &mut AnyConnection, id: PostId) -> QueryResult<PostInTopic> {
        let (post, topic, author) = posts::table
            .find(id)
            .inner_join(topics::table)
            .inner_join(users::table)
            .select((
                Post::as_select(),
                Topic::as_select(),
                UserSummary::as_select(),
            ))
            .first(conn)?;
        Ok(PostInTopic {
            post,
            topic,
            author,
        })
    }

    /// The post at `number` in a topic.
    pub fn find_by_number(
        conn: &mut AnyConnection,
        topic: TopicId,
        number: i32,
    ) -> QueryResult<Option<Post>> {
        posts::table
            .filter(posts::topic_id.eq(topic))
            .filter(posts::post_number.eq(number))
            .select(Post::as_select())
            .first(conn)
            .optional()
    }

    /// A page of a topic's posts with their authors, in order. `page` counts from 0.
    pub fn page_of_topic(
        conn: &mut AnyConnection,
        topic: TopicId,
        page: i64,
        per_page: i64,
    ) -> QueryResult<Vec<PostWithAuthor>> {
        let rows: Vec<(Post, UserSummary)> = posts::table
            .inner_join(users::table)
            .filter(posts::topic_id.eq(topic))
            .order(posts::post_number.asc())
            .limit(per_page)
            .offset(page.saturating_mul(per_page))
            .select((Post::as_select(), UserSummary::as_select()))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(post, author)| PostWithAuthor { post, author })
            .collect())
    }

    /// How many posts come before post `number` in its topic (its index in the stream).
    pub fn index_in_topic(
        conn: &mut AnyConnection,
        topic: TopicId,
        number: i32,
    ) -> QueryResult<i64> {
        posts::table
            .filter(posts::topic_id.eq(topic))
            .filter(posts::post_number.lt(number))
            .count()
            .get_result(conn)
    }

    /// The authors of the posts with these numbers in a topic, for "in reply to" links.
    pub fn authors_by_number(
        conn: &mut AnyConnection,
        topic: TopicId,
        numbers: &[i32],
    ) -> QueryResult<HashMap<i32, String>> {
        if numbers.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(i32, String)> = posts::table
            .inner_join(users::table)
            .filter(posts::topic_id.eq(topic))
            .filter(posts::post_number.eq_any(numbers.to_vec()))
            .select((posts::post_number, users::username))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// A user's latest posts with their topics, newest first.
    pub fn recent_by_user(
        conn: &mut AnyConnection,
        user: UserId,
        limit: i64,
    ) -> QueryResult<Vec<(Post, Topic)>> {
        posts::table
            .inner_join(topics::table)
            .filter(posts::user_id.eq(user))
            .order((posts::created_at.desc(), posts::id.desc()))
            .limit(limit)
            .select((Post::as_select(), Topic::as_select()))
            .load(conn)
    }

    /// Adds a reply: takes the next post number and bumps the topic, in one transaction.
    pub fn create_reply(
        conn: &mut AnyConnection,
        topic: TopicId,
        author: UserId,
        raw: &str,
        cooked: &str,
        reply_to_post_number: Option<i32>,
    ) -> QueryResult<Post> {
        Post::create_reply_at(
            conn,
            topic,
            author,
            raw,
            cooked,
            reply_to_post_number,
            crate::db::now(),
        )
    }

    /// [`Post::create_reply`] at a given time (the demo loader writes history).
    pub fn create_reply_at(
        conn: &mut AnyConnection,
        topic: TopicId,
        author: UserId,
        raw: &str,
        cooked: &str,
        reply_to_post_number: Option<i32>,
        now: NaiveDateTime,
    ) -> QueryResult<Post> {
        conn.transaction(|conn| {
            // The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) first, so
            // two replies can never be given the same number.
            let post_number: i32 = diesel::update(topics::table.find(topic))
                .set((
                    topics::highest_post_number.eq(topics::highest_post_number + 1),
                    topics::posts_count.eq(topics::posts_count + 1),
                    topics::bumped_at.eq(now),
                    topics::last_posted_at.eq(now),
                    topics::last_poster_id.eq(author),
                ))
                .returning(topics::highest_post_number)
                .get_result(conn)?;
            NewPost {
                topic_id: topic,
                user_id: author,
                post_number,
                reply_to_post_number,
                raw,
                cooked,
                created_at: now,
                updated_at: now,
                last_editor_id: author,
            }
            .insert(conn)
        })
    }

    /// Saves a new version of a post, keeping the current one as a revision. Refuses with
    /// `Conflict` if the post is no longer at `expected_version` (someone else saved first).
    /// Saving the same text again changes nothing.
    pub fn edit(
        conn: &mut AnyConnection,
        id: PostId,
        expected_version: i32,
        raw: &str,
        cooked: &str,
        editor: UserId,
        reason: Option<&str>,
    ) -> Result<Post, EditError> {
        let now = crate::db::now();
        conn.transaction(|conn| {
            let current = Post::find(conn, id)?;
            if current.version != expected_version {
                return Err(EditError::Conflict);
            }
            if current.raw == raw {
                return Ok(current);
            }
            diesel::insert_into(post_revisions::table)
                .values((
                    post_revisions::post_id.eq(current.id),
                    post_revisions::version.eq(current.version),
                    post_revisions::raw.eq(&current.raw),
                    post_revisions::cooked.eq(&current.cooked),
                    post_revisions::edit_reason.eq(&current.edit_reason),
                    post_revisions::editor_id.eq(current.last_editor_id),
                    post_revisions::created_at.eq(current.updated_at),
                ))
                .execute(conn)?;
            let updated = diesel::update(
                posts::table
                    .find(id)
                    .filter(posts::version.eq(expected_version)),
            )
            .set((
                posts::raw.eq(raw),
                posts::cooked.eq(cooked),
                posts::updated_at.eq(now),
                posts::version.eq(expected_version + 1),
                posts::edit_reason.eq(reason),
                posts::last_editor_id.eq(editor),
            ))
            .returning(posts::all_columns)
            .get_result(conn)
            .optional()?;
            updated.ok_or(EditError::Conflict)
        })
    }

    /// Total number of posts.
    pub fn count(conn: &mut AnyConnection) -> QueryResult<i64> {
        posts::table.count().get_result(conn)
    }
}
