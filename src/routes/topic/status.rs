//! The topic tools through the API: `PUT /t/{id}/status` closes, opens, pins and unpins.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages::{self, Complaint};
use crate::models::ids::TopicId;
use crate::routes::IdPath;
use crate::routes::context::SignedIn;
use crate::routes::input::{Input, lenient};
use crate::routes::respond::json;
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

/// `PUT /t/{id}/status` and `PUT /t/{id}/status.json`
pub async fn update_topic_status(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<StatusRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let status = match request.status.as_str() {
        "closed" => Status::Closed,
        // Convene pins in every list at once, so a global pin is a pin.
        "pinned" | "pinned_globally" => Status::Pinned,
        other => {
            return Err(AppError::Invalid(vec![Complaint::general(
                messages::status_not_supported(other),
            )]));
        }
    };
    let enabled = request.enabled.ok_or_else(|| {
        AppError::BadRequest(messages::body_field_unreadable("enabled", "it is required"))
    })?;
    let id = TopicId(path.id);
    let guardian = who.guardian;
    state
        .write(move |tx| services::topic::update_status(tx, &guardian, id, status, enabled))
        .await?;
    Ok(json(&StatusResponse {
        success: "OK",
        topic_status_update: None,
    }))
}
