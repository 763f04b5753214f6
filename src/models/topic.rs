//! Topics: creating one with its first post, and the lists that show them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{posts, topics, users};
use crate::models::category::Category;
use crate::models::ids::{CategoryId, TopicId, UserId};
use crate::models::post::{NewPost, Post};
use crate::models::user::UserSummary;

/// A `topics` row.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = topics)]
pub struct Topic {
    /// Id.
    pub id: TopicId,
    /// Title, 1–255 characters.
    pub title: String,
    /// URL slug from the title.
    pub slug: String,
    /// Category.
    pub category_id: CategoryId,
    /// Who started it.
    pub user_id: UserId,
    /// When it was started.
    pub created_at: NaiveDateTime,
    /// Sort key for "latest": moves on every reply.
    pub bumped_at: NaiveDateTime,
    /// Time of the latest post.
    pub last_posted_at: NaiveDateTime,
    /// Author of the latest post.
    pub last_poster_id: UserId,
    /// Number of posts.
    pub posts_count: i32,
    /// The latest post number given out.
    pub highest_post_number: i32,
    /// No more replies.
    pub closed: bool,
    /// Shown first in lists.
    pub pinned: bool,
}

/// A validated new topic: title and body checked, body cooked.
#[derive(Debug, Clone)]
pub struct NewTopicInput {
    /// Trimmed title.
    pub title: String,
    /// Category to post in.
    pub category_id: CategoryId,
    /// Markdown.
    pub raw: String,
}

/// Checks a title: present, at most 255 characters.
pub fn validate_title(title: &str, errors: &mut Vec<String>) -> String {
    let title = title.trim();
    if title.is_empty() {
        errors.push("The title cannot be empty.".to_owned());
    } else if title.chars().count() > 255 {
        errors.push(format!(
            "The title is {} characters long; at most 255 are allowed.",
            title.chars().count()
        ));
    }
    title.to_owned()
}

/// A topic as lists show it.
#[derive(Debug, Clone)]
pub struct TopicListItem {
    /// The topic.
    pub topic: Topic,
    /// Who started it.
    pub author: UserSummary,
    /// Who posted last.
    pub last_poster: Option<UserSummary>,
}

/// One page of a topic list.
#[derive(Debug, Clone)]
pub struct TopicPage {
    /// The topics, pinned first, then most recently active.
    pub items: Vec<TopicListItem>,
    /// Whether a next page exists.
    pub has_more: bool,
}

/// Which topics a list shows.
#[derive(Debug, Clone)]
pub enum TopicFilter {
    /// Every topic.
    All,
    /// Topics in these categories.
    Categories(Vec<CategoryId>),
    /// Topics started by this user.
    StartedBy(UserId),
}

/// Why someone may not reply to a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyRefusal {
    /// Nobody is signed in.
    NotSignedIn,
    /// The topic is closed (staff may still reply).
    Closed,
    /// The category is read-only (staff may still reply).
    ReadOnly,
}

impl ReplyRefusal {
    /// The reason, for people.
    pub fn message(self) -> &'static str {
        match self {
            ReplyRefusal::NotSignedIn => "Log in or sign up to reply.",
            ReplyRefusal::Closed => "This topic is closed: it no longer accepts replies.",
            ReplyRefusal::ReadOnly => "Only staff can post in this category.",
        }
    }
}

impl Topic {
    /// Why `viewer` may not reply here, or `None` if they may.
    pub fn reply_refusal(
        &self,
        category: &Category,
        viewer: Option<&crate::models::user::User>,
    ) -> Option<ReplyRefusal> {
        let Some(viewer) = viewer else {
            return Some(ReplyRefusal::NotSignedIn);
        };
        if viewer.role().is_staff() {
            None
        } else if category.read_only {
            Some(ReplyRefusal::ReadOnly)
        } else if self.closed {
            Some(ReplyRefusal::Closed)
        } else {
            None
        }
    }

    /// The topic with this id.
    pub fn find(conn: &mut AnyConnection, id: TopicId) -> QueryResult<Topic> {
        topics::table
            .find(id)
            .select(Topic::as_select())
            .first(conn)
    }

    /// The topic and its category.
    pub fn find_with_category(
        conn: &mut AnyConnection,
        id: TopicId,
    ) -> QueryResult<(Topic, Category)> {
        let topic = Topic::find(conn, id)?;
        let category = Category::find(conn, topic.category_id)?;
        Ok((topic, category))
    }

    /// Creates a topic and its first post in one transaction.
    pub fn create(
        conn: &mut AnyConnection,
        input: &NewTopicInput,
        author: UserId,
        cooked: &str,
    ) -> QueryResult<(Topic, Post)> {
        Topic::create_at(conn, input, author, cooked, crate::db::now())
    }

    /// [`Topic::create`] at a given time (the demo loader writes history).
    pub fn create_at(
        conn: &mut AnyConnection,
        input: &NewTopicInput,
        author: UserId,
        cooked: &str,
        now: NaiveDateTime,
    ) -> QueryResult<(Topic, Post)> {
        conn.transaction(|conn| {
            let topic: Topic = diesel::insert_into(topics::table)
                .values((
                    topics::title.eq(&input.title),
                    topics::slug.eq(crate::models::slugify(&input.title)),
                    topics::category_id.eq(input.category_id),
                    topics::user_id.eq(author),
                    topics::created_at.eq(now),
                    topics::bumped_at.eq(now),
                    topics::last_posted_at.eq(now),
                    topics::last_poster_id.eq(author),
                    topics::posts_count.eq(1),
                    topics::highest_post_number.eq(1),
                ))
                .returning(topics::all_columns)
                .get_result(conn)?;
            let post = NewPost {
                topic_id: topic.id,
                user_id: author,
                post_number: 1,
                reply_to_post_number: None,
                raw: &input.raw,
                cooked,
                created_at: now,
                updated_at: now,
                last_editor_id: author,
            }
            .insert(conn)?;
            Ok((topic, post))
        })
    }

    /// One page of topics, pinned first, then by latest activity. `page` counts from 0.
    pub fn list(
        conn: &mut AnyConnection,
        filter: &TopicFilter,
        page: i64,
        per_page: i64,
    ) -> QueryResult<TopicPage> {
        let mut query = topics::table
            .inner_join(users::table.on(users::id.eq(topics::user_id)))
            .select((Topic::as_select(), UserSummary::as_select()))
            .order((
                topics::pinned.desc(),
                topics::bumped_at.desc(),
                topics::id.desc(),
            ))
            .limit(per_page + 1)
            .offset(page.saturating_mul(per_page))
            .into_boxed();
        match filter {
            TopicFilter::All => {}
            TopicFilter::Categories(ids) => {
                query = query.filter(topics::category_id.eq_any(ids.clone()))
            }
            TopicFilter::StartedBy(id) => query = query.filter(topics::user_id.eq(*id)),
        }
        let mut rows: Vec<(Topic, UserSummary)> = query.load(conn)?;
        let has_more = rows.len() as i64 > per_page;
        rows.truncate(per_page as usize);
        let last_ids: Vec<UserId> = rows.iter().map(|(t, _)| t.last_poster_id).collect();
        let mut last_posters = UserSummary::by_ids(conn, &last_ids)?;
        let items = rows
            .into_iter()
            .map(|(topic, author)| TopicListItem {
                last_poster: last_posters
                    .remove(&topic.last_poster_id)
                    .or_else(|| Some(author.clone())),
                topic,
                author,
            })
            .collect();
        Ok(TopicPage { items, has_more })
    }

    /// Every post id of a topic in order (Discourse's `post_stream.stream`).
    pub fn post_ids(
        conn: &mut AnyConnection,
        id: TopicId,
    ) -> QueryResult<Vec<crate::models::ids::PostId>> {
        posts::table
            .filter(posts::topic_id.eq(id))
            .order(posts::post_number.asc())
            .select(posts::id)
            .load(conn)
    }

    /// Changes a topic's title (and so its slug; old links still work, as ids decide).
    pub fn rename(conn: &mut AnyConnection, id: TopicId, title: &str) -> QueryResult<usize> {
        diesel::update(topics::table.find(id))
            .set((
                topics::title.eq(title),
                topics::slug.eq(crate::models::slugify(title)),
            ))
            .execute(conn)
    }

    /// Pins or unpins a topic, and closes or opens it (staff tools; the demo uses them too).
    pub fn set_flags(
        conn: &mut AnyConnection,
        id: TopicId,
        pinned: bool,
        closed: bool,
    ) -> QueryResult<usize> {
        diesel::update(topics::table.find(id))
            .set((topics::pinned.eq(pinned), topics::closed.eq(closed)))
            .execute(conn)
    }

    /// Total number of topics.
    pub fn count(conn: &mut AnyConnection) -> QueryResult<i64> {
        topics::table.count().get_result(conn)
    }
}
