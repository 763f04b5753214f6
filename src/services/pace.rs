//! How fast one member may post: topics and replies per minute for everyone but staff, and a
//! daily cap for new members (trust level 0, not exempt). Counted in `rate_limit_hits`, which
//! every node shares, inside the same transaction as the post: a post that fails is not
//! counted, and two nodes cannot both let the last one through (writes are serialised).
//! And a topic's slow mode: one post per member in its interval, measured from their last
//! post there.

use chrono::Duration;

use crate::auth::Guardian;
use crate::config::PostsConfig;
use crate::models::category::Category;
use crate::models::post::Post;
use crate::models::rate_limit::RateLimit;
use crate::models::topic::Topic;
use crate::models::trust;
use crate::services::{Pace, ServiceError, Tx, Window, Writing};

fn bucket(writing: Writing, per_day: bool, user: crate::models::ids::UserId) -> String {
    let what = match writing {
        Writing::Topic => "topics",
        Writing::Reply => "replies",
    };
    let span = if per_day { "day" } else { "minute" };
    format!("posting:{what}-per-{span}:{}", user.0)
}

/// Counts one `writing` by the guardian's member against the limits, or refuses with how long
/// to wait. Staff, the operator and the system are not limited.
pub fn count(
    tx: &mut Tx,
    guardian: &Guardian,
    writing: Writing,
    limits: &PostsConfig,
) -> Result<(), ServiceError> {
    let Some(actor) = guardian.actor() else {
        return Ok(());
    };
    if actor.role.is_staff() {
        return Ok(());
    }
    let (per_minute, per_day) = match writing {
        Writing::Topic => (limits.topics_per_minute, limits.new_member_topics_per_day),
        Writing::Reply => (limits.replies_per_minute, limits.new_member_replies_per_day),
    };
    // The guardian counts an exempt member as trust level 1 already.
    let new_member = actor.trust_level < trust::MEMBER;
    let mut windows = vec![(false, per_minute, Duration::minutes(1))];
    if new_member {
        windows.push((true, per_day, Duration::days(1)));
    }
    let now = tx.now();
    for (daily, limit, window) in windows.iter().copied().filter(|w| w.1 > 0) {
        let name = bucket(writing, daily, actor.id);
        if RateLimit::count(tx.conn(), &name, window, now)? >= limit {
            return Err(ServiceError::TooFast(Pace {
                writing,
                limit,
                window: if daily { Window::Day } else { Window::Minute },
                seconds: RateLimit::wait_seconds(tx.conn(), &name, window, now)?,
            }));
        }
    }
    for (daily, limit, _) in windows {
        if limit > 0 {
            RateLimit::hit(tx.conn(), &bucket(writing, daily, actor.id), now)?;
        }
    }
    Ok(())
}

/// Refuses a reply by the guardian's member to a topic in slow mode when they posted there
/// less than its interval ago, with how long to wait. Those who moderate the topic are never
/// slowed.
pub fn slow_mode(
    tx: &mut Tx,
    guardian: &Guardian,
    topic: &Topic,
    category: &Category,
) -> Result<(), ServiceError> {
    let every = topic.slow_mode_seconds;
    let Some(actor) = guardian.actor() else {
        return Ok(());
    };
    if every <= 0 || guardian.can_moderate(category).is_ok() {
        return Ok(());
    }
    let Some(last) = Post::last_posted_by(tx.conn(), topic.id, actor.id)? else {
        return Ok(());
    };
    let next = last + Duration::seconds(i64::from(every));
    let wait = (next - tx.now()).num_milliseconds();
    if wait <= 0 {
        return Ok(());
    }
    Err(ServiceError::TooFast(Pace {
        writing: Writing::Reply,
        limit: 1,
        window: Window::SlowMode(every),
        seconds: u64::try_from(wait).unwrap_or(0).div_ceil(1000).max(1),
    }))
}
