//! `/notifications.json` in Discourse's shape (`getNotifications`): the member's notifications
//! newest first, with the `data` object Discourse's clients read names and titles from.

use serde::Serialize;

use crate::api::json_time;
use crate::models::ids::{NotificationId, TopicId, UserId};
use crate::models::notification::{Kind, Listed};

/// The list.
#[derive(Debug, Serialize)]
pub struct NotificationList {
    /// This page of notifications.
    pub notifications: Vec<NotificationJson>,
    /// How many the member has in all.
    pub total_rows_notifications: i64,
    /// The newest notification the member has read (Discourse: the newest they have seen).
    pub seen_notification_id: i64,
    /// The next page's address.
    pub load_more_notifications: String,
}

/// One notification.
#[derive(Debug, Serialize)]
pub struct NotificationJson {
    /// Id.
    pub id: NotificationId,
    /// Whose.
    pub user_id: UserId,
    /// Discourse's `notification_type` (1 mentioned, 2 replied, 3 quoted, 9 posted, 17
    /// watching first post).
    pub notification_type: i32,
    /// Read.
    pub read: bool,
    /// Discourse marks private messages high priority; Convene has none.
    pub high_priority: bool,
    /// When.
    pub created_at: String,
    /// The post's number in its topic.
    pub post_number: Option<i32>,
    /// The topic.
    pub topic_id: Option<TopicId>,
    /// The topic's title.
    pub fancy_title: Option<String>,
    /// The topic's slug.
    pub slug: Option<String>,
    /// Names and titles, as Discourse's clients read them.
    pub data: NotificationData,
}

/// `data` of a notification.
#[derive(Debug, Serialize)]
pub struct NotificationData {
    /// The topic's title.
    pub topic_title: Option<String>,
    /// Who caused it.
    pub original_username: Option<String>,
    /// Who caused it, as shown.
    pub display_username: Option<String>,
    /// Who caused it (Discourse's badge notifications use this name).
    pub username: Option<String>,
    /// For Discourse's "custom" type, what it says: the Solved plugin's key for an accepted
    /// answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'static str>,
}

/// One listed notification as JSON.
pub fn notification(item: &Listed) -> NotificationJson {
    let n = &item.notification;
    let (title, slug) = match &item.topic {
        Some((title, slug)) => (Some(title.clone()), Some(slug.clone())),
        None => (None, None),
    };
    NotificationJson {
        id: n.id,
        user_id: n.user_id,
        notification_type: n.notification_type,
        read: n.read,
        high_priority: false,
        created_at: json_time(n.created_at),
        post_number: n.post_number,
        topic_id: n.topic_id,
        fancy_title: title.clone(),
        slug,
        data: NotificationData {
            topic_title: title,
            original_username: item.actor.clone(),
            display_username: item.actor.clone(),
            username: item.actor.clone(),
            message: (n.kind() == Kind::SolutionAccepted).then_some("solved.accepted_notification"),
        },
    }
}
