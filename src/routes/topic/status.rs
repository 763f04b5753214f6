//! Changing topics through the API: `PUT /t/{id}/status` closes, opens, pins, unpins, lists
//! and unlists; `PUT /t/{id}/slow_mode` sets slow mode (Discourse's `seconds`);
//! `PUT /t/-/{id}` renames and moves. The topic tools' forms post to the same handlers.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages::{self, Complaint};
use crate::models::ids::{CategoryId, TopicId};
use crate::models::topic::check_title;
use crate::routes::IdPath;
use crate::routes::context::SignedIn;
use crate::routes::input::{Input, lenient};
use crate::routes::respond::{Format, json, see_other};
use crate::services::{self, topic::Status};

/// `{"status": "closed", "enabled": "true"}`, in any body encoding.
#[derive(Debug, Deserialize)]
pub struct StatusRequest {
    status: String,
    #[serde(deserialize_with = "lenient::bool")]
    enabled: Option<bool>,
    /// When a pin ends: pins do not end yet, so it is read and not kept.
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "accepted as Discourse documents it; pins do not end yet"
    )]
    until: Option<String>,
}

/// Discourse's answer (`updateTopicStatus`).
#[derive(Debug, Serialize)]
pub struct StatusResponse {
    /// Always `OK`.
    pub success: &'static str,
    /// A timer set by the change: none.
    pub topic_status_update: Option<String>,
}

/// `PUT /t/{id}/status` and `PUT /t/{id}/status.json`, and the topic tools' `POST /t/{id}/status`
pub async fn update_topic_status(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<StatusRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    // Convene pins in every list at once, so a global pin is a pin.
    let status = Status::parse(&request.status).ok_or_else(|| {
        AppError::Invalid(vec![Complaint::general(messages::status_not_supported(
            &request.status,
        ))])
    })?;
    let enabled = request.enabled.ok_or_else(|| {
        AppError::BadRequest(messages::body_field_unreadable("enabled", "it is required"))
    })?;
    let id = TopicId(path.id);
    let guardian = who.guardian;
    state
        .write(move |tx| services::topic::update_status(tx, &guardian, id, status, enabled))
        .await?;
    if format == Format::Html {
        // The topic tools' forms: back to the topic, which shows the change.
        return Ok(see_other(&format!("/t/{}", id)));
    }
    Ok(json(&StatusResponse {
        success: "OK",
        topic_status_update: None,
    }))
}

/// `{"seconds": 600}` (0 turns slow mode off), in any body encoding.
#[derive(Debug, Deserialize)]
pub struct SlowModeRequest {
    #[serde(default, deserialize_with = "lenient::int")]
    seconds: Option<i64>,
    /// When slow mode ends: it does not end by itself yet, so it is read and not kept.
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "accepted as Discourse sends it; slow mode does not end by itself yet"
    )]
    enabled_until: Option<String>,
}

/// `PUT /t/{id}/slow_mode(.json)`, and the topic tools' `POST /t/{id}/slow_mode`
pub async fn set_slow_mode(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<SlowModeRequest>,
) -> AppResult<HttpResponse> {
    let seconds = request.into_inner().seconds.ok_or_else(|| {
        AppError::BadRequest(messages::body_field_unreadable(
            "seconds",
            "it is required (0 turns slow mode off)",
        ))
    })?;
    // Out of range for an `i32` is out of range for slow mode: the service says so.
    let seconds = i32::try_from(seconds).unwrap_or(i32::MAX);
    let (guardian, id) = (who.guardian, TopicId(path.id));
    state
        .write(move |tx| services::topic::set_slow_mode(tx, &guardian, id, seconds))
        .await?;
    if format == Format::Html {
        return Ok(see_other(&format!("/t/{}", id)));
    }
    Ok(json(&SlowModeResponse { success: "OK" }))
}

/// Discourse's answer to a slow-mode change.
#[derive(Debug, Serialize)]
pub struct SlowModeResponse {
    /// Always `OK`.
    pub success: &'static str,
}

/// A topic's new title or category: `{"topic": {"title": …, "category_id": …}}` as the
/// description has it, or the same fields at the top level, as some clients send them.
#[derive(Debug, Default, Deserialize)]
pub struct TopicUpdateRequest {
    topic: Option<TopicFields>,
    title: Option<String>,
    #[serde(default, deserialize_with = "lenient::int")]
    category_id: Option<i64>,
    /// Its tags, all of them (`tags[]`; one empty entry clears them); absent: unchanged.
    tags: Option<Vec<String>>,
}

/// The fields of a topic update.
#[derive(Debug, Default, Deserialize)]
pub struct TopicFields {
    title: Option<String>,
    #[serde(default, deserialize_with = "lenient::int")]
    category_id: Option<i64>,
    tags: Option<Vec<String>>,
}

/// Discourse's answer to a topic update (`updateTopic`).
#[derive(Debug, Serialize)]
pub struct UpdatedTopicResponse {
    /// The topic as it now is.
    pub basic_topic: BasicTopic,
}

/// A topic in brief.
#[derive(Debug, Serialize)]
pub struct BasicTopic {
    /// Id.
    pub id: TopicId,
    /// Title.
    pub title: String,
    /// Title as HTML (the same text).
    pub fancy_title: String,
    /// Slug.
    pub slug: String,
    /// Posts.
    pub posts_count: i32,
}

/// `PUT /t/-/{id}.json` (any slug): renames a topic or moves it to another category.
pub async fn update_topic(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<TopicUpdateRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let nested = request.topic.unwrap_or_default();
    let title = nested
        .title
        .or(request.title)
        .map(|t| check_title(&t))
        .transpose()
        .map_err(|e| AppError::from(vec![e]))?;
    let category = nested.category_id.or(request.category_id).map(CategoryId);
    let tags: Option<Vec<String>> = nested
        .tags
        .or(request.tags)
        .map(|tags| tags.into_iter().filter(|t| !t.trim().is_empty()).collect());
    let (guardian, id) = (who.guardian, TopicId(path.id));
    let rules = state.config.tags;
    // One transaction: a refused tag leaves the title and category as they were.
    let topic = state
        .write(move |tx| {
            let topic = services::topic::update(tx, &guardian, id, title.as_deref(), category)?;
            if let Some(tags) = &tags {
                services::tags::retag(tx, &guardian, &rules, id, tags)?;
            }
            Ok(topic)
        })
        .await?;
    Ok(json(&UpdatedTopicResponse {
        basic_topic: BasicTopic {
            id: topic.id,
            fancy_title: topic.title.clone(),
            title: topic.title,
            slug: topic.slug,
            posts_count: topic.posts_count,
        },
    }))
}
