//! Posts: the rows, the queries pages need, and the statements the post service composes
//! into its transactions (a new post, a new version).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{posts, topics, users};
use crate::models::ids::{PostId, TopicId, UserId};
use crate::models::invalid::{Field, FieldError, Problem, Problems};
use crate::models::topic::Topic;
use crate::models::user::UserSummary;
use crate::models::visibility::Visibility;

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
    /// Hidden by flags or a moderator: readers see a notice, its author and staff the post.
    pub hidden_at: Option<NaiveDateTime>,
    /// How many times it has been hidden; once more than once, the author's edit no longer
    /// unhides it.
    pub times_hidden: i32,
    /// Deleted (soft): gone for readers, kept and marked for staff.
    pub deleted_at: Option<NaiveDateTime>,
    /// Who deleted it.
    pub deleted_by_id: Option<UserId>,
    /// A moderator locked it: only staff may edit it.
    pub locked_at: Option<NaiveDateTime>,
    /// Likes (`post_likes`), kept by `services::likes`.
    pub like_count: i32,
}

/// An insert into `posts`. `None` is written as NULL rather than DEFAULT, which SQLite's
/// multi-row INSERT requires (`insert_many`).
#[derive(Debug, Insertable)]
#[diesel(table_name = posts, treat_none_as_null = true)]
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

impl<'a> NewPost<'a> {
    /// Post number `post_number` of `topic`, written by `author` at `now` (its first version).
    pub fn written(
        topic: TopicId,
        post_number: i32,
        reply_to_post_number: Option<i32>,
        author: UserId,
        body: &'a Body,
        cooked: &'a str,
        now: NaiveDateTime,
    ) -> Self {
        NewPost {
            topic_id: topic,
            user_id: author,
            post_number,
            reply_to_post_number,
            raw: body.as_str(),
            cooked,
            created_at: now,
            updated_at: now,
            last_editor_id: author,
        }
    }

    /// Inserts many post rows in one statement (callers keep their topics' counters in step).
    pub(crate) fn insert_many(conn: &mut AnyConnection, rows: &[NewPost]) -> QueryResult<usize> {
        // The MultiConnection enum cannot express a multi-row INSERT; each backend can.
        crate::with_conn!(conn, |c| diesel::insert_into(posts::table)
            .values(rows)
            .execute(c))
    }

    /// Inserts the post row alone (callers keep the topic's counters in step).
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<Post> {
        diesel::insert_into(posts::table)
            .values(self)
            .returning(posts::all_columns)
            .get_result(conn)
    }
}

/// A post's Markdown, checked: not blank, and no larger than the forum accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body(String);

impl Body {
    /// Checks `raw` against the size limit (`posts.max_body_bytes`).
    pub fn new(raw: String, max_bytes: usize) -> Result<Body, FieldError> {
        if raw.len() > max_bytes {
            Err(FieldError::new(
                Field::Body,
                Problem::TooLarge {
                    max: max_bytes,
                    actual: raw.len(),
                },
            ))
        } else if raw.trim().is_empty() {
            Err(FieldError::new(Field::Body, Problem::Blank))
        } else {
            Ok(Body(raw))
        }
    }

    /// The Markdown.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A reply, checked: which topic, its Markdown, and the post it answers (if any).
#[derive(Debug, Clone)]
pub struct ReplyInput {
    /// The topic replied to.
    pub topic: TopicId,
    /// The reply's Markdown.
    pub body: Body,
    /// The number of the post it answers.
    pub reply_to: Option<i32>,
}

/// The longest edit reason, in characters.
pub const MAX_EDIT_REASON_CHARS: usize = 255;

/// An edit, checked: the new Markdown, why, the version it was based on, and for a topic's
/// first post optionally a new title.
#[derive(Debug, Clone)]
pub struct EditInput {
    /// The post edited.
    pub post: PostId,
    /// Its new Markdown.
    pub body: Body,
    /// Why, trimmed; `None` if not given.
    pub reason: Option<String>,
    /// The version the editor started from; saving over a newer one is a conflict.
    pub expected_version: i32,
    /// A new title, for a topic's first post (ignored for other posts).
    pub title: Option<String>,
}

impl EditInput {
    /// Checks an edit's fields; every problem is reported.
    pub fn new(
        post: PostId,
        raw: String,
        reason: Option<&str>,
        expected_version: i32,
        title: Option<&str>,
        max_body_bytes: usize,
    ) -> Result<EditInput, Vec<FieldError>> {
        let mut problems = Problems::default();
        let body = problems.note(Body::new(raw, max_body_bytes));
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if let Some(reason) = reason
            && reason.chars().count() > MAX_EDIT_REASON_CHARS
        {
            problems.add(
                Field::EditReason,
                Problem::TooLong {
                    max: MAX_EDIT_REASON_CHARS,
                    actual: reason.chars().count(),
                },
            );
        }
        let title = title
            .map(|t| problems.note(crate::models::topic::check_title(t)))
            .unwrap_or(None);
        match body {
            Some(body) if problems.is_empty() => Ok(EditInput {
                post,
                body,
                reason: reason.map(str::to_owned),
                expected_version,
                title,
            }),
            _ => Err(problems.into_errors()),
        }
    }
}

/// Which of someone's posts to list: the first posts of topics they started, their replies,
/// or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostKinds {
    /// First posts (topics started).
    pub first_posts: bool,
    /// Replies.
    pub replies: bool,
}

impl PostKinds {
    /// Every post.
    pub const ALL: PostKinds = PostKinds {
        first_posts: true,
        replies: true,
    };
}

/// A post with its author, as topic pages show it.
#[derive(Debug, Clone)]
pub struct PostWithAuthor {
    /// The post.
    pub post: Post,
    /// Its author.
    pub author: UserSummary,
}

/// Whose posts a feed carries.
#[derive(Debug, Clone, Copy)]
pub enum FeedScope {
    /// Everyone's, anywhere (`/posts.rss`).
    Anywhere,
    /// One topic's.
    Topic(TopicId),
    /// One member's.
    Author(UserId),
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

impl From<(Post, Topic, UserSummary)> for PostInTopic {
    fn from((post, topic, author): (Post, Topic, UserSummary)) -> Self {
        PostInTopic {
            post,
            topic,
            author,
        }
    }
}

impl Post {
    /// The post with this id.
    pub fn find(conn: &mut AnyConnection, id: PostId) -> QueryResult<Post> {
        posts::table.find(id).select(Post::as_select()).first(conn)
    }

    /// The post with its topic and author.
    pub fn find_in_topic(
        conn: &mut AnyConnection,
        id: PostId,
        visibility: Visibility,
    ) -> QueryResult<PostInTopic> {
        // Static queries, one per branch, so their statements are cached (see page_of_topic).
        let query = posts::table
            .find(id)
            .inner_join(topics::table)
            .inner_join(users::table)
            .select((
                Post::as_select(),
                Topic::as_select(),
                UserSummary::as_select(),
            ));
        let (mut post, topic, author) = if visibility.sees_removed() {
            query.first(conn)?
        } else {
            query
                .filter(posts::deleted_at.is_null())
                .filter(topics::deleted_at.is_null())
                .first(conn)?
        };
        visibility.withhold_hidden(&mut post);
        Ok(PostInTopic {
            post,
            topic,
            author,
        })
    }

    /// Posts with their topics and authors by id, in one query, whatever their state: the
    /// review queue shows moderators hidden and deleted posts as they are.
    pub fn in_topics_by_ids(
        conn: &mut AnyConnection,
        ids: &[PostId],
    ) -> QueryResult<HashMap<PostId, PostInTopic>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(Post, Topic, UserSummary)> = posts::table
            .filter(posts::id.eq_any(ids.to_vec()))
            .inner_join(topics::table)
            .inner_join(users::table)
            .select((
                Post::as_select(),
                Topic::as_select(),
                UserSummary::as_select(),
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|row| (row.0.id, PostInTopic::from(row)))
            .collect())
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

    /// When `author` last posted in a topic (deleted posts count: deleting a post does not
    /// buy another in slow mode).
    pub fn last_posted_by(
        conn: &mut AnyConnection,
        topic: TopicId,
        author: UserId,
    ) -> QueryResult<Option<NaiveDateTime>> {
        posts::table
            .filter(posts::topic_id.eq(topic))
            .filter(posts::user_id.eq(author))
            .select(diesel::dsl::max(posts::created_at))
            .first(conn)
    }

    /// When the first post after number `after` that the viewer sees was written: where one
    /// page of a topic ends in time, for the notices between its posts.
    pub fn written_after(
        conn: &mut AnyConnection,
        topic: TopicId,
        after: i32,
        visibility: Visibility,
    ) -> QueryResult<Option<NaiveDateTime>> {
        let query = posts::table
            .filter(posts::topic_id.eq(topic))
            .filter(posts::post_number.gt(after))
            .order(posts::post_number.asc())
            .select(posts::created_at);
        if visibility.sees_removed() {
            query.first(conn).optional()
        } else {
            query
                .filter(posts::deleted_at.is_null())
                .first(conn)
                .optional()
        }
    }

    /// The posts of a topic with these ids, in order (ids of other topics' posts are not
    /// among them).
    pub fn of_topic_with_ids(
        conn: &mut AnyConnection,
        topic: TopicId,
        ids: &[PostId],
    ) -> QueryResult<Vec<Post>> {
        posts::table
            .filter(posts::topic_id.eq(topic))
            .filter(posts::id.eq_any(ids))
            .order(posts::post_number.asc())
            .select(Post::as_select())
            .load(conn)
    }

    /// Every post of a topic, in order.
    pub fn all_of_topic(conn: &mut AnyConnection, topic: TopicId) -> QueryResult<Vec<Post>> {
        posts::table
            .filter(posts::topic_id.eq(topic))
            .order(posts::post_number.asc())
            .select(Post::as_select())
            .load(conn)
    }

    /// Moves a post to `topic` as number `number`, answering `reply_to` there (if anything).
    pub(crate) fn move_to_topic(
        conn: &mut AnyConnection,
        id: PostId,
        topic: TopicId,
        number: i32,
        reply_to: Option<i32>,
    ) -> QueryResult<usize> {
        diesel::update(posts::table.find(id))
            .set((
                posts::topic_id.eq(topic),
                posts::post_number.eq(number),
                posts::reply_to_post_number.eq(reply_to),
            ))
            .execute(conn)
    }

    /// Makes the posts of `topic` that answered one of `numbers` (which left it) answer
    /// nothing in particular, rather than whatever takes those numbers' place.
    pub(crate) fn forget_replies_to(
        conn: &mut AnyConnection,
        topic: TopicId,
        numbers: &[i32],
    ) -> QueryResult<usize> {
        diesel::update(
            posts::table
                .filter(posts::topic_id.eq(topic))
                .filter(posts::reply_to_post_number.eq_any(numbers)),
        )
        .set(posts::reply_to_post_number.eq(None::<i32>))
        .execute(conn)
    }

    /// Every post `author` wrote that is not deleted, oldest first.
    pub fn live_by(conn: &mut AnyConnection, author: UserId) -> QueryResult<Vec<Post>> {
        posts::table
            .filter(posts::user_id.eq(author))
            .filter(posts::deleted_at.is_null())
            .order(posts::id.asc())
            .select(Post::as_select())
            .load(conn)
    }

    /// A page of a topic's posts with their authors, in order. `page` counts from 0.
    pub fn page_of_topic(
        conn: &mut AnyConnection,
        topic: TopicId,
        visibility: Visibility,
        page: i64,
        per_page: i64,
    ) -> QueryResult<Vec<PostWithAuthor>> {
        // Two steps, so a deep page costs what the first does: the page's first post number
        // is found by skipping entries of the (topic_id, post_number) index alone, then the
        // page is read from there. An OFFSET on the joined query would read every skipped
        // post's row (Markdown and HTML) and its author: 0.5 s for the last page of a
        // 10,000-post topic. Numbers may have gaps (deleted or hidden posts, later), so the
        // start is found by position rather than computed.
        // Deleted posts are left out of both steps for readers, so pages stay full; the
        // partial index `posts_live_in_topic` keeps the first step off the table for them.
        // Each branch is its own static query rather than one boxed query: diesel caches the
        // prepared statement of a static query, and re-parsing and planning the SQL on every
        // page view cost a fifth of the topic JSON's throughput (docs/performance.md).
        let skip = page.saturating_mul(per_page);
        let start_query = posts::table
            .filter(posts::topic_id.eq(topic))
            .order(posts::post_number.asc())
            .select(posts::post_number)
            .offset(skip);
        let start: Option<i32> = if visibility.sees_removed() {
            start_query.first(conn).optional()?
        } else {
            start_query
                .filter(posts::deleted_at.is_null())
                .first(conn)
                .optional()?
        };
        let Some(start) = start else {
            return Ok(Vec::new());
        };
        let query = posts::table
            .inner_join(users::table)
            .filter(posts::topic_id.eq(topic))
            .filter(posts::post_number.ge(start))
            .order(posts::post_number.asc())
            .limit(per_page)
            .select((Post::as_select(), UserSummary::as_select()));
        let rows: Vec<(Post, UserSummary)> = if visibility.sees_removed() {
            query.load(conn)?
        } else {
            query.filter(posts::deleted_at.is_null()).load(conn)?
        };
        Ok(visibility.withheld(rows))
    }

    /// The posts of a topic with these ids, with their authors, in topic order.
    pub fn chosen_in_topic(
        conn: &mut AnyConnection,
        topic: TopicId,
        ids: &[PostId],
        visibility: Visibility,
    ) -> QueryResult<Vec<PostWithAuthor>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut query = posts::table
            .inner_join(users::table)
            .filter(posts::topic_id.eq(topic))
            .filter(posts::id.eq_any(ids.to_vec()))
            .order(posts::post_number.asc())
            .select((Post::as_select(), UserSummary::as_select()))
            .into_boxed();
        if !visibility.sees_removed() {
            query = query.filter(posts::deleted_at.is_null());
        }
        let rows: Vec<(Post, UserSummary)> = query.load(conn)?;
        Ok(visibility.withheld(rows))
    }

    /// The replies to post `number` of a topic, in topic order.
    pub fn replies_to(
        conn: &mut AnyConnection,
        topic: TopicId,
        number: i32,
        visibility: Visibility,
        limit: i64,
    ) -> QueryResult<Vec<PostWithAuthor>> {
        // Static queries, one per branch, so their statements are cached (see page_of_topic).
        let query = posts::table
            .inner_join(users::table)
            .filter(posts::topic_id.eq(topic))
            .filter(posts::reply_to_post_number.eq(number))
            .order(posts::post_number.asc())
            .limit(limit)
            .select((Post::as_select(), UserSummary::as_select()));
        let rows: Vec<(Post, UserSummary)> = if visibility.sees_removed() {
            query.load(conn)?
        } else {
            query.filter(posts::deleted_at.is_null()).load(conn)?
        };
        Ok(visibility.withheld(rows))
    }

    /// The latest posts anywhere, newest first, older than `before` when given (Discourse's
    /// `GET /posts.json` pages this way).
    pub fn latest(
        conn: &mut AnyConnection,
        before: Option<PostId>,
        visibility: Visibility,
        limit: i64,
    ) -> QueryResult<Vec<PostInTopic>> {
        let mut query = posts::table
            .inner_join(topics::table)
            .inner_join(users::table)
            .order(posts::id.desc())
            .limit(limit)
            .select((
                Post::as_select(),
                Topic::as_select(),
                UserSummary::as_select(),
            ))
            .into_boxed();
        if let Some(before) = before {
            query = query.filter(posts::id.lt(before));
        }
        if !visibility.sees_removed() {
            query = query
                .filter(posts::deleted_at.is_null())
                .filter(topics::deleted_at.is_null())
                .filter(topics::visible.eq(true))
                .filter(posts::hidden_at.is_null());
        }
        let rows: Vec<(Post, Topic, UserSummary)> = query.load(conn)?;
        Ok(rows.into_iter().map(PostInTopic::from).collect())
    }

    /// What a feed carries (`scope`): posts everyone may read (not deleted or hidden, in
    /// listed topics that are not deleted) with their topics and authors, newest first.
    /// Feeds are public documents, so no viewer widens them.
    pub fn for_feed(
        conn: &mut AnyConnection,
        scope: FeedScope,
        limit: i64,
    ) -> QueryResult<Vec<PostInTopic>> {
        let mut query = posts::table
            .inner_join(topics::table)
            .inner_join(users::table)
            .filter(posts::deleted_at.is_null())
            .filter(posts::hidden_at.is_null())
            .filter(topics::deleted_at.is_null())
            .filter(topics::visible.eq(true))
            .select((
                Post::as_select(),
                Topic::as_select(),
                UserSummary::as_select(),
            ))
            .limit(limit)
            .into_boxed();
        // Each order follows an index: the primary key, (topic_id, post_number), and the
        // author's posts by time.
        query = match scope {
            FeedScope::Anywhere => query.order(posts::id.desc()),
            FeedScope::Topic(topic) => query
                .filter(posts::topic_id.eq(topic))
                .order(posts::post_number.desc()),
            FeedScope::Author(author) => query
                .filter(posts::user_id.eq(author))
                .order((posts::created_at.desc(), posts::id.desc())),
        };
        let rows: Vec<(Post, Topic, UserSummary)> = query.load(conn)?;
        Ok(rows.into_iter().map(PostInTopic::from).collect())
    }

    /// The first posts of these topics that everyone may read, by topic: what a feed of
    /// topics says of each.
    pub fn openers_for_feed(
        conn: &mut AnyConnection,
        topics: &[TopicId],
    ) -> QueryResult<HashMap<TopicId, Post>> {
        let rows: Vec<Post> = posts::table
            .filter(posts::topic_id.eq_any(topics))
            .filter(posts::post_number.eq(1))
            .filter(posts::deleted_at.is_null())
            .filter(posts::hidden_at.is_null())
            .select(Post::as_select())
            .load(conn)?;
        Ok(rows.into_iter().map(|post| (post.topic_id, post)).collect())
    }

    /// These posts with their topics and authors (in no order; missing ids are left out):
    /// the rows behind a page of search results.
    pub fn with_topics(
        conn: &mut AnyConnection,
        ids: &[PostId],
        visibility: Visibility,
    ) -> QueryResult<Vec<PostInTopic>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut query = posts::table
            .inner_join(topics::table)
            .inner_join(users::table)
            .filter(posts::id.eq_any(ids))
            .select((
                Post::as_select(),
                Topic::as_select(),
                UserSummary::as_select(),
            ))
            .into_boxed();
        // The index leaves hidden and deleted posts out; this catches what changed since.
        if !visibility.sees_removed() {
            query = query
                .filter(posts::deleted_at.is_null())
                .filter(topics::deleted_at.is_null())
                .filter(topics::visible.eq(true))
                .filter(posts::hidden_at.is_null());
        }
        let rows: Vec<(Post, Topic, UserSummary)> = query.load(conn)?;
        Ok(rows.into_iter().map(PostInTopic::from).collect())
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
        visibility: Visibility,
        limit: i64,
    ) -> QueryResult<Vec<(Post, Topic)>> {
        Post::by_user(conn, user, visibility, PostKinds::ALL, 0, limit)
    }

    /// `user`'s posts of the given kinds with their topics, newest first, `limit` of them
    /// after skipping `offset`.
    pub fn by_user(
        conn: &mut AnyConnection,
        user: UserId,
        visibility: Visibility,
        kinds: PostKinds,
        offset: i64,
        limit: i64,
    ) -> QueryResult<Vec<(Post, Topic)>> {
        let mut query = posts::table
            .inner_join(topics::table)
            .filter(posts::user_id.eq(user))
            .into_boxed();
        if !visibility.sees_removed() {
            query = query
                .filter(posts::deleted_at.is_null())
                .filter(topics::deleted_at.is_null())
                .filter(topics::visible.eq(true));
            if visibility.viewer != Some(user) {
                query = query.filter(posts::hidden_at.is_null());
            }
        }
        match (kinds.first_posts, kinds.replies) {
            (true, true) => {}
            (true, false) => query = query.filter(posts::post_number.eq(1)),
            (false, true) => query = query.filter(posts::post_number.gt(1)),
            (false, false) => return Ok(Vec::new()),
        }
        query
            .order((posts::created_at.desc(), posts::id.desc()))
            .offset(offset)
            .limit(limit)
            .select((Post::as_select(), Topic::as_select()))
            .load(conn)
    }

    /// Hides a post (counting the time), or shows it again. Returns whether it changed.
    pub(crate) fn set_hidden(
        conn: &mut AnyConnection,
        id: PostId,
        at: Option<NaiveDateTime>,
    ) -> QueryResult<bool> {
        let changed = match at {
            Some(at) => diesel::update(posts::table.find(id).filter(posts::hidden_at.is_null()))
                .set((
                    posts::hidden_at.eq(at),
                    posts::times_hidden.eq(posts::times_hidden + 1),
                ))
                .execute(conn)?,
            None => diesel::update(posts::table.find(id).filter(posts::hidden_at.is_not_null()))
                .set(posts::hidden_at.eq(None::<NaiveDateTime>))
                .execute(conn)?,
        };
        Ok(changed == 1)
    }

    /// Marks a post deleted by `by`, or restores it (`None`). Returns whether it changed.
    pub(crate) fn set_deleted(
        conn: &mut AnyConnection,
        id: PostId,
        deleted: Option<(NaiveDateTime, Option<UserId>)>,
    ) -> QueryResult<bool> {
        let changed = match deleted {
            Some((at, by)) => {
                diesel::update(posts::table.find(id).filter(posts::deleted_at.is_null()))
                    .set((posts::deleted_at.eq(at), posts::deleted_by_id.eq(by)))
                    .execute(conn)?
            }
            None => diesel::update(
                posts::table
                    .find(id)
                    .filter(posts::deleted_at.is_not_null()),
            )
            .set((
                posts::deleted_at.eq(None::<NaiveDateTime>),
                posts::deleted_by_id.eq(None::<UserId>),
            ))
            .execute(conn)?,
        };
        Ok(changed == 1)
    }

    /// Locks a post's edits, or unlocks them.
    pub(crate) fn set_locked(
        conn: &mut AnyConnection,
        id: PostId,
        at: Option<NaiveDateTime>,
    ) -> QueryResult<usize> {
        diesel::update(posts::table.find(id))
            .set(posts::locked_at.eq(at))
            .execute(conn)
    }

    /// Saves a new version of a post, if it is still at `expected_version`; `None` if someone
    /// saved another version first. The caller keeps the current version as a revision
    /// (`PostRevision::keep`) in the same transaction.
    #[expect(
        clippy::too_many_arguments,
        reason = "one column each; a struct would only rename them"
    )]
    pub(crate) fn save_version(
        conn: &mut AnyConnection,
        id: PostId,
        expected_version: i32,
        raw: &str,
        cooked: &str,
        editor: UserId,
        reason: Option<&str>,
        now: NaiveDateTime,
    ) -> QueryResult<Option<Post>> {
        diesel::update(
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
        .optional()
    }

    /// A batch of posts' ids, versions and Markdown, in id order after `after`, for re-rendering.
    pub fn sources_after(
        conn: &mut AnyConnection,
        after: PostId,
        limit: i64,
    ) -> QueryResult<Vec<(PostId, i32, String, String)>> {
        posts::table
            .filter(posts::id.gt(after))
            .order(posts::id.asc())
            .limit(limit)
            .select((posts::id, posts::version, posts::raw, posts::cooked))
            .load(conn)
    }

    /// Replaces a post's HTML with a fresh rendering of the same version; `false` if the post
    /// has moved on to another version since it was read (its HTML is then already fresh).
    pub(crate) fn replace_cooked(
        conn: &mut AnyConnection,
        id: PostId,
        version: i32,
        cooked: &str,
    ) -> QueryResult<bool> {
        let updated = diesel::update(posts::table.find(id).filter(posts::version.eq(version)))
            .set(posts::cooked.eq(cooked))
            .execute(conn)?;
        Ok(updated == 1)
    }

    /// Total number of posts.
    pub fn count(conn: &mut AnyConnection) -> QueryResult<i64> {
        posts::table.count().get_result(conn)
    }
}
