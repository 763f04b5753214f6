//! Likes: a signed-in member likes someone else's post, and may take the like back within
//! `posts.like_undo_minutes`. Each writes the like and every counter it moves (the post's,
//! its topic's, the liker's likes given and the author's likes received) in one transaction.

use chrono::Duration;

use crate::auth::Guardian;
use crate::auth::guardian::Refusal;
use crate::models::ids::PostId;
use crate::models::like::{Like, Liking};
use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::services::effects::Event;
use crate::services::{Clash, Found, Missing, ServiceError, Tx};

/// `post`, if it is there to be liked: not deleted or hidden, in a topic that is not deleted.
fn likeable(tx: &mut Tx, id: PostId) -> Result<Post, ServiceError> {
    let post = Post::find(tx.conn(), id).found_or(Missing::Post(id))?;
    let topic = Topic::find(tx.conn(), post.topic_id).found_or(Missing::Topic(post.topic_id))?;
    if !open(&post) || topic.deleted_at.is_some() {
        return Err(Missing::Post(id).into());
    }
    Ok(post)
}

/// Deleted and hidden posts are not there for readers; staff see them but do not like them.
fn open(post: &Post) -> bool {
    post.deleted_at.is_none() && post.hidden_at.is_none()
}

/// What the guardian's member may do about liking `post`, which they liked at `liked_at` (if
/// they did): the buttons a page shows and the `actions_summary` JSON sends.
pub fn standing(
    guardian: &Guardian,
    post: &Post,
    liked_at: Option<chrono::NaiveDateTime>,
    undo_minutes: i64,
    now: chrono::NaiveDateTime,
) -> Liking {
    Liking {
        acted: liked_at.is_some(),
        can_undo: liked_at.is_some_and(|at| undoable(at, now, undo_minutes)),
        can_act: liked_at.is_none() && open(post) && guardian.can_like(post).is_ok(),
    }
}

/// The signed-in member likes `post`; returns it with its new count.
pub fn like(tx: &mut Tx, guardian: &Guardian, id: PostId) -> Result<Post, ServiceError> {
    let post = likeable(tx, id)?;
    guardian.can_like(&post)?;
    let member = guardian.acting_user()?;
    let now = tx.now();
    if !Like::add(tx.conn(), post.id, member, now)? {
        return Err(Clash::AlreadyLiked.into());
    }
    Like::count(tx.conn(), &post, member, 1)?;
    tx.record(Event::PostLiked {
        post: post.id,
        post_number: post.post_number,
        topic: post.topic_id,
        author: post.user_id,
        by: member,
    })?;
    Ok(Post::find(tx.conn(), post.id)?)
}

/// The signed-in member takes back their like of `post`, if they gave it less than
/// `undo_minutes` ago; returns the post with its new count.
pub fn unlike(
    tx: &mut Tx,
    guardian: &Guardian,
    id: PostId,
    undo_minutes: i64,
) -> Result<Post, ServiceError> {
    let member = guardian.acting_user()?;
    let post = Post::find(tx.conn(), id).found_or(Missing::Post(id))?;
    let Some(liked_at) = Like::when(tx.conn(), post.id, member)? else {
        return Err(Clash::NotLiked.into());
    };
    if !undoable(liked_at, tx.now(), undo_minutes) {
        return Err(Refusal::LikeUndoWindowPassed.into());
    }
    Like::remove(tx.conn(), post.id, member)?;
    Like::count(tx.conn(), &post, member, -1)?;
    let post = Post::find(tx.conn(), post.id)?;
    tx.record(Event::LikeUndone {
        post: post.id,
        by: member,
        likes_left: post.like_count,
    })?;
    Ok(post)
}

/// Whether a like given at `liked_at` may still be taken back at `now`.
fn undoable(
    liked_at: chrono::NaiveDateTime,
    now: chrono::NaiveDateTime,
    undo_minutes: i64,
) -> bool {
    now - liked_at <= Duration::minutes(undo_minutes.max(0))
}
