//! Likes (`post_likes`): who liked which post, and the counters kept beside them on posts,
//! topics and users so that pages never count rows. Written by `services::likes`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{post_likes, posts, topics, users};
use crate::models::ids::{PostId, TopicId, UserId};
use crate::models::post::Post;
use crate::models::user::UserSummary;

/// What a viewer has done or may do about liking one post (the topic page's buttons, and
/// `actions_summary` in JSON).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Liking {
    /// They like it.
    pub acted: bool,
    /// They may take their like back (it is recent).
    pub can_undo: bool,
    /// They may like it.
    pub can_act: bool,
}

/// Like queries.
pub struct Like;

impl Like {
    /// When `user` liked `post`, if they did.
    pub fn when(
        conn: &mut AnyConnection,
        post: PostId,
        user: UserId,
    ) -> QueryResult<Option<NaiveDateTime>> {
        post_likes::table
            .find((post, user))
            .select(post_likes::created_at)
            .first(conn)
            .optional()
    }

    /// Which of `posts` `user` has liked, and when (one query for a page of posts).
    pub fn liked_among(
        conn: &mut AnyConnection,
        user: UserId,
        posts: &[PostId],
    ) -> QueryResult<HashMap<PostId, NaiveDateTime>> {
        if posts.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(PostId, NaiveDateTime)> = post_likes::table
            .filter(post_likes::user_id.eq(user))
            .filter(post_likes::post_id.eq_any(posts))
            .select((post_likes::post_id, post_likes::created_at))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// Which of `topics` `user` liked a standing post in (one query for a page of a topic
    /// list: its `liked`, which Discourse keeps on the member's topic row).
    pub fn topics_liked_among(
        conn: &mut AnyConnection,
        user: UserId,
        topics: &[TopicId],
    ) -> QueryResult<HashSet<TopicId>> {
        if topics.is_empty() {
            return Ok(HashSet::new());
        }
        let rows: Vec<TopicId> = post_likes::table
            .inner_join(posts::table)
            .filter(post_likes::user_id.eq(user))
            .filter(posts::topic_id.eq_any(topics))
            .filter(posts::deleted_at.is_null())
            .select(posts::topic_id)
            .distinct()
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// Who liked `post`, first likes first, at most `limit`.
    pub fn likers(
        conn: &mut AnyConnection,
        post: PostId,
        limit: i64,
    ) -> QueryResult<Vec<(UserSummary, NaiveDateTime)>> {
        post_likes::table
            .inner_join(users::table)
            .filter(post_likes::post_id.eq(post))
            .order((post_likes::created_at.asc(), post_likes::user_id.asc()))
            .limit(limit)
            .select((UserSummary::as_select(), post_likes::created_at))
            .load(conn)
    }

    /// Records that `user` likes `post`; false if they did already.
    pub(crate) fn add(
        conn: &mut AnyConnection,
        post: PostId,
        user: UserId,
        at: NaiveDateTime,
    ) -> QueryResult<bool> {
        let inserted = crate::with_conn!(conn, |c| diesel::insert_into(post_likes::table)
            .values((
                post_likes::post_id.eq(post),
                post_likes::user_id.eq(user),
                post_likes::created_at.eq(at),
            ))
            .on_conflict((post_likes::post_id, post_likes::user_id))
            .do_nothing()
            .execute(c))?;
        Ok(inserted > 0)
    }

    /// Takes `user`'s like of `post` back; false if there was none.
    pub(crate) fn remove(
        conn: &mut AnyConnection,
        post: PostId,
        user: UserId,
    ) -> QueryResult<bool> {
        let gone = diesel::delete(post_likes::table.find((post, user))).execute(conn)?;
        Ok(gone > 0)
    }

    /// Moves every counter a like of `post` by `liker` touches by `by` (1 or -1): the post's,
    /// its topic's, the liker's likes given and the author's likes received.
    pub(crate) fn count(
        conn: &mut AnyConnection,
        post: &Post,
        liker: UserId,
        by: i32,
    ) -> QueryResult<()> {
        diesel::update(posts::table.find(post.id))
            .set(posts::like_count.eq(posts::like_count + by))
            .execute(conn)?;
        diesel::update(topics::table.find(post.topic_id))
            .set(topics::like_count.eq(topics::like_count + by))
            .execute(conn)?;
        diesel::update(users::table.find(liker))
            .set(users::likes_given.eq(users::likes_given + i64::from(by)))
            .execute(conn)?;
        diesel::update(users::table.find(post.user_id))
            .set(users::likes_received.eq(users::likes_received + i64::from(by)))
            .execute(conn)?;
        Ok(())
    }
}
