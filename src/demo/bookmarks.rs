//! Demo bookmarks: each regular keeps a couple of posts to come back to, and `ada.l` keeps a
//! few with notes, one of them with a reminder that has fallen due (so her list shows it
//! first). Made through `services::bookmarks`, at a time in the demo's past.

use chrono::{Duration, NaiveDateTime};

use crate::auth::Guardian;
use crate::db::AnyConnection;
use crate::models::ids::TopicId;
use crate::models::post::Post;
use crate::models::user::User;
use crate::services;
use crate::services::bookmarks::BookmarkInput;

/// What `ada.l` notes on hers, the first with a reminder.
const NOTES: [&str; 3] = [
    "Try this on the lab's data",
    "Link from the tutorial",
    "Ask about this at the sprint",
];

/// Makes the demo's bookmarks; returns how many.
pub fn history(
    conn: &mut AnyConnection,
    rng: &mut fastrand::Rng,
    users: &[User],
    topic_ids: &[TopicId],
    now: NaiveDateTime,
) -> anyhow::Result<usize> {
    let mut made = 0;
    let kept_at = now - Duration::days(2);
    for user in users.iter().skip(3) {
        let ada = user.username == "ada.l";
        let count = if ada { NOTES.len() + 1 } else { 2 };
        let guardian = Guardian::for_user(user);
        let mut tries = 0;
        let mut kept = 0;
        let mut chosen = std::collections::HashSet::new();
        while kept < count && tries < 20 {
            tries += 1;
            let topic = topic_ids[rng.usize(..topic_ids.len())];
            let Some(post) = Post::find_by_number(conn, topic, 1)? else {
                continue;
            };
            if post.deleted_at.is_some() || post.user_id == user.id || !chosen.insert(post.id) {
                continue;
            }
            let input = BookmarkInput {
                name: ada
                    .then(|| NOTES.get(kept).map(|n| (*n).to_owned()))
                    .flatten(),
                // Set two days ago for yesterday: due now.
                reminder_at: (ada && kept == 0).then(|| now - Duration::days(1)),
            };
            services::run_at(conn, kept_at, |tx| {
                services::bookmarks::create(tx, &guardian, post.id, &input)
            })?;
            kept += 1;
            made += 1;
        }
    }
    // The reminder that fell due yesterday was told then, as the reminders job would have.
    services::run_at(conn, now - Duration::days(1), |tx| {
        services::bookmarks::send_due_reminders(tx, 100)
    })?;
    Ok(made)
}
