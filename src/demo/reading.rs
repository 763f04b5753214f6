//! Demo reading: topic views as a community of this size would have them, and how far `ada.l`
//! has read, so that signing in as her shows unread topics (with "N unread" links to where she
//! stopped) and new ones. Written through `services::reading::flush`, as the `reading` job
//! writes what a node gathered.

use chrono::{Duration, NaiveDateTime};

use crate::config::ModerationConfig;
use crate::db::AnyConnection;
use crate::models::ids::TopicId;
use crate::models::reading::{Batch, Read};
use crate::models::topic::{Topic, TopicFilter};
use crate::models::user::User;
use crate::models::visibility::Visibility;
use crate::services;

/// The member whose reading the demo shows (README names her).
const READER: &str = "ada.l";

/// What [`history`] wrote.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// Topics `ada.l` has opened and not read to the end.
    pub unread: i64,
    /// Views in all.
    pub views: i64,
}

/// Views for every topic, and `ada.l`'s reading of the older topics: she stopped a few posts
/// short in every fourth, and has read the rest to the end.
pub fn history(
    conn: &mut AnyConnection,
    rng: &mut fastrand::Rng,
    users: &[User],
    topic_ids: &[TopicId],
    settings: &ModerationConfig,
    now: NaiveDateTime,
) -> anyhow::Result<Reading> {
    let reader = users.iter().find(|u| u.username == READER);
    let topics = Topic::by_ids(conn, topic_ids)?;
    let mut batch = Batch::default();
    // The newest fifth stays unopened, so the topics started in the last days are new to her.
    let opened = topics.len() - topics.len() / 5;
    for (index, topic) in topics.iter().enumerate() {
        // More posts, more readers: a lively thread has a few hundred views.
        let views = i64::from(topic.posts_count) * rng.i64(4..12) + rng.i64(3..40);
        batch.view(topic.id, views);
        let Some(reader) = reader.filter(|_| index < opened) else {
            continue;
        };
        let short = if index % 4 == 1 {
            rng.i32(1..4).min(topic.highest_post_number - 1)
        } else {
            0
        };
        let read = Read {
            through: topic.highest_post_number - short,
            at: (topic.created_at + Duration::hours(6)).min(now),
        };
        batch.read(reader.id, topic.id, read);
    }
    let views = batch.views.values().sum();
    services::run_at(conn, now, |tx| {
        services::reading::flush(tx, &batch, settings)
    })?;
    // Counted as her list shows them: where she posted last, her own post marked it read.
    let unread = match reader {
        Some(reader) => Topic::count_listed(
            conn,
            &TopicFilter::Unread(reader.id),
            Visibility {
                staff: false,
                viewer: Some(reader.id),
            },
        )?,
        None => 0,
    };
    Ok(Reading { unread, views })
}
