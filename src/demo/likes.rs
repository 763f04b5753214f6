//! Demo likes: people like about a third of the posts they read, a few likes each, more for a
//! topic's first post and for accepted solutions, each by someone other than the author and
//! some hours after the post. Given through `services::likes`, as each person's button would.

use chrono::{Duration, NaiveDateTime};

use crate::auth::Guardian;
use crate::db::AnyConnection;
use crate::models::ids::TopicId;
use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::models::user::User;
use crate::models::visibility::Visibility;
use crate::services;

/// Gives the demo's likes; returns how many.
pub fn history(
    conn: &mut AnyConnection,
    rng: &mut fastrand::Rng,
    users: &[User],
    topic_ids: &[TopicId],
    now: NaiveDateTime,
) -> anyhow::Result<usize> {
    let mut given = 0;
    for id in topic_ids {
        let topic = Topic::find(conn, *id)?;
        let posts = Post::page_of_topic(conn, topic.id, Visibility::EVERYTHING, 0, 100)?;
        for item in posts {
            let post = &item.post;
            if post.deleted_at.is_some() || post.hidden_at.is_some() {
                continue;
            }
            let liked = topic.solution_post_id == Some(post.id) || post.post_number == 1;
            let likes = match rng.u8(0..10) {
                _ if liked => rng.usize(2..9),
                0..=5 => 0,
                6..=8 => rng.usize(1..3),
                _ => rng.usize(3..7),
            };
            let mut likers: Vec<&User> = users.iter().filter(|u| u.id != post.user_id).collect();
            rng.shuffle(&mut likers);
            for (n, liker) in likers.into_iter().take(likes).enumerate() {
                let at = (post.created_at + Duration::hours(2 + 3 * n as i64)).min(now);
                let guardian = Guardian::for_user(liker);
                services::run_at(conn, at, |tx| services::likes::like(tx, &guardian, post.id))?;
                given += 1;
            }
        }
    }
    Ok(given)
}
