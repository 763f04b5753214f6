//! Notifications and watching levels: `/notifications` (page and Discourse's JSON), marking
//! read, and how closely a member follows a topic or a category. Each state change is one
//! handler for a browser's form (answered with a redirect) and an API client's JSON (answered
//! with Discourse's `{"success": "OK"}`).

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::api::notification::{NotificationList, notification};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::models::ids::{CategoryId, NotificationId, TopicId};
use crate::models::notification::Notification;
use crate::models::watching::Level;
use crate::routes::IdPath;
use crate::routes::context::SignedIn;
use crate::routes::input::{Input, lenient};
use crate::routes::respond::{Format, html, json, see_other};
use crate::services;
use crate::views::notification::{NotificationsView, notifications_page};

/// Notifications on one page (and in one JSON answer).
const PER_PAGE: i64 = 30;

/// `?page=N` (from 0) on the page; `?offset=N` as Discourse's clients send it.
#[derive(Debug, Deserialize)]
pub struct NotificationsQuery {
    page: Option<i64>,
    offset: Option<i64>,
}

/// `GET /notifications`, `GET /notifications.json`
pub async fn show_notifications(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    query: web::Query<NotificationsQuery>,
) -> AppResult<HttpResponse> {
    let page = query.page.unwrap_or(0).max(0);
    let offset = query.offset.unwrap_or(page * PER_PAGE).max(0);
    let user = who.user.id;
    let (mut items, (total, unread), seen) = state
        .db
        .read(move |conn| -> AppResult<_> {
            // One more than a page, to know whether another follows.
            let items = Notification::for_user(conn, user, offset, PER_PAGE + 1)?;
            let counts = Notification::counts(conn, user)?;
            let seen = Notification::newest_read(conn, user)?;
            Ok((items, counts, seen))
        })
        .await?;
    let has_more = items.len() as i64 > PER_PAGE;
    items.truncate(PER_PAGE as usize);
    Ok(match format {
        Format::Json => json(&NotificationList {
            notifications: items.iter().map(notification).collect(),
            total_rows_notifications: total,
            seen_notification_id: seen.map_or(0, |id| id.0),
            load_more_notifications: format!(
                "/notifications?offset={}&username={}",
                offset + PER_PAGE,
                who.user.username
            ),
        }),
        Format::Html => html(notifications_page(
            &who.page,
            &NotificationsView {
                items: &items,
                unread,
                page,
                has_more,
            },
        )),
    })
}

/// Which notification to mark read; none means all of them.
#[derive(Debug, Deserialize)]
pub struct MarkReadRequest {
    #[serde(default, deserialize_with = "lenient::int")]
    id: Option<i64>,
}

/// Discourse's answer to a change that has nothing else to say.
#[derive(Debug, Serialize)]
pub struct Success {
    /// `"OK"`.
    pub success: &'static str,
}

/// The JSON answer, or the page to go back to.
fn done(format: Format, back_to: &str) -> HttpResponse {
    match format {
        Format::Json => json(&Success { success: "OK" }),
        Format::Html => see_other(back_to),
    }
}

/// `PUT /notifications/mark-read.json` (API), `POST /notifications/mark-read` (form)
pub async fn mark_read(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    request: Input<MarkReadRequest>,
) -> AppResult<HttpResponse> {
    let only = request.into_inner().id.map(NotificationId);
    let guardian = who.guardian;
    state
        .write(move |tx| services::notifications::mark_read(tx, &guardian, only))
        .await?;
    Ok(done(format, "/notifications"))
}

/// A watching level by Discourse's number, as text or a number.
#[derive(Debug, Deserialize)]
pub struct LevelRequest {
    #[serde(default, deserialize_with = "lenient::int")]
    notification_level: Option<i64>,
}

/// The level asked for, among `allowed`; anything else is a 422 saying what is.
fn level_of(request: LevelRequest, allowed: &[Level]) -> AppResult<Level> {
    request
        .notification_level
        .and_then(|code| i32::try_from(code).ok())
        .and_then(Level::from_code)
        .filter(|level| allowed.contains(level))
        .ok_or_else(|| {
            let codes: Vec<String> = allowed.iter().map(|l| l.code().to_string()).collect();
            AppError::Invalid(vec![messages::Complaint::general(
                messages::notification_level_unknown(&codes.join(", ")),
            )])
        })
}

/// `POST /t/{id}/notifications.json` (API) and `POST /t/{id}/notifications` (form)
pub async fn watch_topic(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<LevelRequest>,
) -> AppResult<HttpResponse> {
    let level = level_of(request.into_inner(), &Level::FOR_TOPICS)?;
    let topic = TopicId(path.id);
    let guardian = who.guardian;
    let url = state
        .write(move |tx| services::notifications::watch_topic(tx, &guardian, topic, level))
        .await?;
    Ok(done(format, &url))
}

/// `POST /category/{id}/notifications` (Discourse's path; a form or JSON)
pub async fn watch_category(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<LevelRequest>,
) -> AppResult<HttpResponse> {
    let level = level_of(request.into_inner(), &Level::ALL)?;
    let category = CategoryId(path.id);
    let guardian = who.guardian;
    let url = state
        .write(move |tx| services::notifications::watch_category(tx, &guardian, category, level))
        .await?;
    Ok(done(format, &url))
}
