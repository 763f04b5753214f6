//! A member's activity, as their profile's tabs and Discourse's `/user_actions.json` list it:
//! topics they started, their replies, posts they liked, and their replies that solved a
//! question, newest first, as a viewer may see them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{post_likes, posts, topics, users};
use crate::models::ids::UserId;
use crate::models::post::{Post, PostKinds};
use crate::models::topic::Topic;
use crate::models::user::UserSummary;
use crate::models::visibility::Visibility;

/// What a member did, with Discourse's `action_type` numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Liked someone's post (1).
    Liked,
    /// Started a topic (4).
    NewTopic,
    /// Replied (5).
    Reply,
    /// Their reply was marked as a question's solution (15, the Solved plugin's).
    Solved,
}

impl Action {
    /// Discourse's number.
    pub fn code(self) -> i32 {
        match self {
            Action::Liked => 1,
            Action::NewTopic => 4,
            Action::Reply => 5,
            Action::Solved => 15,
        }
    }
}

/// A profile's activity tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Every post of theirs.
    All,
    /// Topics they started.
    Topics,
    /// Their replies.
    Replies,
    /// Posts they liked.
    LikesGiven,
    /// Their replies that solved questions.
    Solved,
}

impl Tab {
    /// Every tab, in the order the profile shows them.
    pub const ALL: [Tab; 5] = [
        Tab::All,
        Tab::Topics,
        Tab::Replies,
        Tab::LikesGiven,
        Tab::Solved,
    ];

    /// Its part of the address (`/u/{name}/activity/{slug}`; empty for all), as Discourse's.
    pub fn slug(self) -> &'static str {
        match self {
            Tab::All => "",
            Tab::Topics => "topics",
            Tab::Replies => "replies",
            Tab::LikesGiven => "likes-given",
            Tab::Solved => "solved",
        }
    }

    /// The tab at `slug`.
    pub fn from_slug(slug: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|tab| tab.slug() == slug)
    }

    /// The tab listing Discourse's `action_type` `code`.
    pub fn of_action(code: i32) -> Option<Tab> {
        match code {
            1 => Some(Tab::LikesGiven),
            4 => Some(Tab::Topics),
            5 => Some(Tab::Replies),
            15 => Some(Tab::Solved),
            _ => None,
        }
    }
}

/// One thing a member did.
#[derive(Debug, Clone)]
pub struct Item {
    /// What.
    pub action: Action,
    /// When.
    pub at: NaiveDateTime,
    /// The post it was about (theirs, or the one they liked).
    pub post: Post,
    /// Its topic.
    pub topic: Topic,
    /// The post's author.
    pub author: UserSummary,
}

/// `user`'s activity on `tab`, newest first, `limit` items after `offset`.
pub fn of_user(
    conn: &mut AnyConnection,
    user: UserId,
    tab: Tab,
    visibility: Visibility,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<Item>> {
    let kinds = match tab {
        Tab::All => PostKinds::ALL,
        Tab::Topics => PostKinds {
            first_posts: true,
            replies: false,
        },
        Tab::Replies => PostKinds {
            first_posts: false,
            replies: true,
        },
        Tab::LikesGiven => return liked_by(conn, user, visibility, offset, limit),
        Tab::Solved => return solved_by(conn, user, visibility, offset, limit),
    };
    let author = UserSummary::by_ids(conn, &[user])?.remove(&user);
    let Some(author) = author else {
        return Ok(Vec::new());
    };
    Ok(Post::by_user(conn, user, visibility, kinds, offset, limit)?
        .into_iter()
        .map(|(post, topic)| Item {
            action: if post.post_number == 1 {
                Action::NewTopic
            } else {
                Action::Reply
            },
            at: post.created_at,
            post,
            topic,
            author: author.clone(),
        })
        .collect())
}

/// Posts `user` liked, latest like first.
fn liked_by(
    conn: &mut AnyConnection,
    user: UserId,
    visibility: Visibility,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<Item>> {
    let mut query = post_likes::table
        .inner_join(
            posts::table
                .inner_join(topics::table)
                .inner_join(users::table),
        )
        .filter(post_likes::user_id.eq(user))
        .into_boxed();
    if !visibility.sees_removed() {
        query = query
            .filter(posts::deleted_at.is_null())
            .filter(posts::hidden_at.is_null())
            .filter(topics::deleted_at.is_null())
            .filter(topics::visible.eq(true));
    }
    let rows: Vec<(NaiveDateTime, Post, Topic, UserSummary)> = query
        .order((post_likes::created_at.desc(), post_likes::post_id.desc()))
        .offset(offset)
        .limit(limit)
        .select((
            post_likes::created_at,
            Post::as_select(),
            Topic::as_select(),
            UserSummary::as_select(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(at, post, topic, author)| Item {
            action: Action::Liked,
            at,
            post,
            topic,
            author,
        })
        .collect())
}

/// The questions `user`'s replies solved, latest solved first.
fn solved_by(
    conn: &mut AnyConnection,
    user: UserId,
    visibility: Visibility,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<Item>> {
    let mut query = solutions_of(user).into_boxed();
    if !visibility.sees_removed() {
        query = query
            .filter(topics::deleted_at.is_null())
            .filter(topics::visible.eq(true));
    }
    let rows: Vec<(Option<NaiveDateTime>, Post, Topic, UserSummary)> = query
        .order((topics::solved_at.desc(), topics::id.desc()))
        .offset(offset)
        .limit(limit)
        .select((
            topics::solved_at,
            Post::as_select(),
            Topic::as_select(),
            UserSummary::as_select(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(at, post, topic, author)| Item {
            action: Action::Solved,
            at: at.unwrap_or(post.created_at),
            post,
            topic,
            author,
        })
        .collect())
}

/// How many questions `user`'s replies solved (the profile's "Solutions"; Discourse's
/// `accepted_answers`), in topics everyone may read.
pub fn solutions_count(conn: &mut AnyConnection, user: UserId) -> QueryResult<i64> {
    solutions_of(user)
        .filter(topics::deleted_at.is_null())
        .filter(topics::visible.eq(true))
        .count()
        .get_result(conn)
}

/// `user`'s posts that are their topic's solution, with topics and author. A solution is
/// never a deleted or hidden post (unmarking follows deletion), so only the topic is filtered.
/// Driven by the author's posts (`posts_user_id_created_at`), so it costs what their posts do.
#[diesel::dsl::auto_type]
fn solutions_of(user: UserId) -> _ {
    posts::table
        .inner_join(topics::table)
        .inner_join(users::table)
        .filter(posts::user_id.eq(user))
        .filter(topics::solution_post_id.eq(posts::id.nullable()))
}
