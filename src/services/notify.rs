//! Who is notified of a new post, written in the post's own transaction (from `effects`):
//! the author of the post it replies to, the people it mentions and quotes, and those who
//! watch its topic or category (or, for a first post, watch the category's first posts).
//! Muting the topic or category silences all of it. Each notification whose person takes
//! notification mail gets an outbox row too; the sender decides when it leaves (after the
//! delay, and not at all if it was read meanwhile and they mail only when away). People in
//! mailing-list mode for the post's category get the post itself by mail instead.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::db::AnyConnection;
use crate::models::ids::{PostId, UserId};
use crate::models::mail_outbox::{MailKind, NewMail, Outbox};
use crate::models::notification::{Kind, NewNotification, Notification};
use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::models::user::User;
use crate::models::user_option::UserOptions;
use crate::models::watching::{CategoryWatch, Level, TopicWatch};

/// Notifies everyone who should hear of the new post `post`; returns how many were notified.
pub(crate) fn post_created(
    conn: &mut AnyConnection,
    post: PostId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let post = Post::find(conn, post)?;
    let topic = Topic::find(conn, post.topic_id)?;
    let mut wants: HashMap<UserId, Kind> = HashMap::new();
    // One notification per person: the most specific reason (a mention over a reply over a
    // watched topic) wins.
    let mut offer = |user: UserId, kind: Kind| {
        let held = wants.entry(user).or_insert(kind);
        *held = (*held).max(kind);
    };

    if let Some(number) = post.reply_to_post_number
        && let Some(answered) = Post::find_by_number(conn, topic.id, number)?
    {
        offer(answered.user_id, Kind::Replied);
    }
    let named = crate::markdown::references(&post.raw);
    for user in User::ids_by_usernames(conn, &named.quoted)? {
        offer(user, Kind::Quoted);
    }
    for user in User::ids_by_usernames(conn, &named.mentioned)? {
        offer(user, Kind::Mentioned);
    }
    // A level chosen for the topic (even normal) overrides the category's.
    let in_topic = TopicWatch::followers(conn, topic.id)?;
    let in_category = CategoryWatch::followers(conn, topic.category_id)?;
    let level = |user| {
        in_topic
            .level(user)
            .or_else(|| in_category.level(user))
            .unwrap_or(Level::Normal)
    };
    let watchers: Vec<UserId> = in_topic
        .at(Level::Watching)
        .chain(in_category.at(Level::Watching))
        .filter(|&user| level(user) == Level::Watching)
        .collect();
    for user in watchers {
        offer(user, Kind::Posted);
    }
    if post.post_number == 1 {
        let first_post_watchers: Vec<UserId> = in_category
            .at(Level::WatchingFirstPost)
            .filter(|&user| level(user) == Level::WatchingFirstPost)
            .collect();
        for user in first_post_watchers {
            offer(user, Kind::WatchingFirstPost);
        }
    }
    wants.retain(|&user, _| level(user) != Level::Muted);
    wants.remove(&post.user_id);

    // Mailing-list mode: every post of the category as its own mail, instead of the
    // notification mail (the in-app notification stays).
    let readers: Vec<(UserId, String)> =
        CategoryWatch::mailing_list_readers(conn, topic.category_id)?
            .into_iter()
            .filter(|(user, _)| *user != post.user_id && level(*user) != Level::Muted)
            .collect();
    let list_mail: Vec<NewMail> = readers
        .iter()
        .map(|(user, address)| NewMail {
            dedupe_key: format!("mailing_list:{user}:{}", post.id),
            kind: MailKind::MailingList.as_str(),
            user_id: Some(*user),
            to_address: address.clone(),
            notification_id: None,
            post_id: Some(post.id),
            message: None,
            send_after: now,
            created_at: now,
            staff_log_id: None,
        })
        .collect();
    Outbox::enqueue(conn, &list_mail)?;
    if wants.is_empty() {
        return Ok(0);
    }

    let rows: Vec<NewNotification> = wants
        .iter()
        .map(|(&user, &kind)| NewNotification {
            user_id: user,
            notification_type: kind.code(),
            topic_id: Some(topic.id),
            post_id: Some(post.id),
            post_number: Some(post.post_number),
            actor_id: Some(post.user_id),
            created_at: now,
        })
        .collect();
    let written = Notification::insert_for_post(conn, post.id, &rows)?;
    let people: Vec<UserId> = written.iter().map(|(_, user)| *user).collect();
    let mut addresses: HashMap<UserId, String> =
        UserOptions::mailable(conn, &people)?.into_iter().collect();
    for (reader, _) in &readers {
        addresses.remove(reader);
    }
    let mail: Vec<NewMail> = written
        .iter()
        .filter_map(|(notification, user)| {
            Some(NewMail {
                dedupe_key: format!("notification:{notification}"),
                kind: MailKind::Notification.as_str(),
                user_id: Some(*user),
                to_address: addresses.get(user)?.clone(),
                notification_id: Some(*notification),
                post_id: Some(post.id),
                message: None,
                send_after: now,
                created_at: now,
                staff_log_id: None,
            })
        })
        .collect();
    Outbox::enqueue(conn, &mail)?;
    Ok(written.len())
}

/// Notifies those watching proposal `topic` (or its category) that it changed, but not `by`
/// who changed it; returns how many were notified. In the app only: the digest's proposals
/// section carries it to those who read by mail.
pub(crate) fn proposal_changed(
    conn: &mut AnyConnection,
    topic: crate::models::ids::TopicId,
    by: Option<UserId>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let category = Topic::find(conn, topic)?.category_id;
    let in_topic = TopicWatch::followers(conn, topic)?;
    let in_category = CategoryWatch::followers(conn, category)?;
    let level = |user| {
        in_topic
            .level(user)
            .or_else(|| in_category.level(user))
            .unwrap_or(Level::Normal)
    };
    let mut watchers: Vec<UserId> = in_topic
        .at(Level::Watching)
        .chain(in_category.at(Level::Watching))
        .filter(|&user| level(user) == Level::Watching && Some(user) != by)
        .collect();
    watchers.sort_unstable();
    watchers.dedup();
    let rows: Vec<NewNotification> = watchers
        .into_iter()
        .map(|user| NewNotification {
            user_id: user,
            notification_type: Kind::ProposalChanged.code(),
            topic_id: Some(topic),
            post_id: None,
            post_number: None,
            actor_id: by,
            created_at: now,
        })
        .collect();
    Notification::insert_about_topic(conn, &rows)
}
