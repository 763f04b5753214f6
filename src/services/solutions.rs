//! Q&A: the reply that solved a question (the Solved plugin's accepted answer). Its asker,
//! staff, or the category's moderators mark one reply in a question category's topic as the
//! solution, change it to another, or remove it; the topic then reads "solved" in lists, its
//! first post quotes the solution, and the answer's author is counted on their profile.

use crate::auth::Guardian;
use crate::models::category::Category;
use crate::models::ids::PostId;
use crate::models::invalid::{Field, Problem};
use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::services::effects::Event;
use crate::services::{Clash, Found, Missing, ServiceError, Tx};

/// Marks `post` as the solution of its topic, in place of any other; returns the topic as
/// it now is.
pub fn accept(tx: &mut Tx, guardian: &Guardian, post: PostId) -> Result<Topic, ServiceError> {
    let (post, topic) = question_of(tx, guardian, post)?;
    if post.hidden_at.is_some() {
        return Err(ServiceError::invalid(Field::Solution, Problem::Malformed));
    }
    if topic.solution_post_id == Some(post.id) {
        return Err(Clash::AlreadyDone.into());
    }
    let now = tx.now();
    Topic::set_solution(tx.conn(), topic.id, Some(post.id), Some(now))?;
    if let Some(previous) = topic.solution_post_id {
        tx.record(Event::SolutionRemoved {
            topic: topic.id,
            post: previous,
            by: guardian.acting_user().ok(),
        })?;
    }
    tx.record(Event::SolutionAccepted {
        topic: topic.id,
        post: post.id,
        post_number: post.post_number,
        author: post.user_id,
        by: guardian.acting_user().ok(),
    })?;
    Ok(Topic::find(tx.conn(), topic.id)?)
}

/// Removes `post` as its topic's solution; returns the topic as it now is.
pub fn unaccept(tx: &mut Tx, guardian: &Guardian, post: PostId) -> Result<Topic, ServiceError> {
    let (post, topic) = question_of(tx, guardian, post)?;
    if topic.solution_post_id != Some(post.id) {
        return Err(Clash::AlreadyDone.into());
    }
    Topic::set_solution(tx.conn(), topic.id, None, None)?;
    tx.record(Event::SolutionRemoved {
        topic: topic.id,
        post: post.id,
        by: guardian.acting_user().ok(),
    })?;
    Ok(Topic::find(tx.conn(), topic.id)?)
}

/// Questions closed per category per run at most (the next hourly run takes the rest).
const CLOSED_PER_RUN: i64 = 1000;

/// Closes the questions solved longer ago than their category's `close_solved_after_days`,
/// as the system (each logged and noticed on the topic as any closing is); returns how many.
pub fn close_solved(tx: &mut Tx) -> Result<usize, ServiceError> {
    let now = tx.now();
    let mut closed = 0;
    for category in Category::all(tx.conn())? {
        let Some(days) = category
            .close_solved_after_days
            .filter(|_| category.questions)
        else {
            continue;
        };
        let cutoff = now - chrono::Duration::days(i64::from(days));
        for topic in Topic::solved_open_before(tx.conn(), category.id, cutoff, CLOSED_PER_RUN)? {
            super::topic::update_status(
                tx,
                &Guardian::system(),
                topic,
                super::topic::Status::Closed,
                true,
            )?;
            closed += 1;
        }
    }
    Ok(closed)
}

/// `post` and its topic, if the topic is a question whose solution the guardian may mark and
/// the post one of its (readable) replies.
fn question_of(
    tx: &mut Tx,
    guardian: &Guardian,
    id: PostId,
) -> Result<(Post, Topic), ServiceError> {
    let post = Post::find(tx.conn(), id).found_or(Missing::Post(id))?;
    if post.deleted_at.is_some() && !guardian.visibility().sees_removed() {
        return Err(Missing::Post(id).into());
    }
    let topic = Topic::find(tx.conn(), post.topic_id).found_or(Missing::Topic(post.topic_id))?;
    let category = Category::find(tx.conn(), topic.category_id)?;
    guardian.can_accept_solution(&topic)?;
    if !category.questions || post.post_number == 1 {
        return Err(ServiceError::invalid(Field::Solution, Problem::NotAllowed));
    }
    if post.deleted_at.is_some() {
        return Err(ServiceError::invalid(Field::Solution, Problem::Malformed));
    }
    Ok((post, topic))
}
