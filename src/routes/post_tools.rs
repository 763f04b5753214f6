//! Handlers for the post tools, as JSON (`DELETE /posts/{id}`, `PUT /posts/{id}/recover`,
//! `PUT /posts/{id}/locked`, as Discourse) and as the topic page's one-button forms (each a
//! POST answered by going back to the post).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::api::moderation::{LockedResponse, Success};
use crate::api::post::{PostCore, PostResponse};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::models::ids::PostId;
use crate::models::post::Post;
use crate::routes::context::SignedIn;
use crate::routes::input::{Input, lenient};
use crate::routes::respond::{Format, json, see_other};
use crate::services::moderation;
use crate::services::{Found, Missing};

/// Where a form goes back to: the post in its topic (staff still see it when deleted).
async fn back_to(state: &AppState, id: PostId) -> AppResult<HttpResponse> {
    let found = state
        .db
        .read(move |conn| -> AppResult<_> {
            let post = Post::find(conn, id).found_or(Missing::Post(id))?;
            let topic = crate::models::topic::Topic::find(conn, post.topic_id)?;
            Ok((post, topic))
        })
        .await?;
    Ok(see_other(&crate::views::topic::post_url(
        &found.1,
        found.0.post_number,
    )))
}

/// The post as `GET /posts/{id}.json` shows it, as the actor now sees it.
async fn post_json(state: &AppState, who: &SignedIn, id: PostId) -> AppResult<HttpResponse> {
    let visibility = who.guardian.visibility();
    let found = state
        .db
        .read(move |conn| -> AppResult<_> {
            Ok(Post::find_in_topic(conn, id, visibility).found_or(Missing::Post(id))?)
        })
        .await?;
    let mut core = PostCore::new(
        &found.post,
        &found.author,
        &found.topic,
        Some(who.user.id),
        who.guardian.can_edit_post(&found.post).is_ok(),
    );
    core.can_recover = found.post.deleted_at.is_some();
    core.can_delete = found.post.deleted_at.is_none();
    Ok(json(&PostResponse::new(core, &found.post, &found.topic)))
}

/// An optional reason, for deleting and hiding.
#[derive(Debug, Default, Deserialize)]
pub struct ReasonBody {
    #[serde(default)]
    reason: Option<String>,
    /// Discourse's flag for a permanent delete: refused, deletes here are soft.
    #[serde(default, deserialize_with = "lenient::bool")]
    force_destroy: Option<bool>,
}

/// `DELETE /posts/{id}` and `POST /posts/{id}/delete`: deletes softly (staff still see it).
pub async fn delete_post(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: Input<ReasonBody>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    if body.force_destroy == Some(true) {
        return Err(AppError::BadRequest(
            messages::PERMANENT_DELETE_REFUSED.into(),
        ));
    }
    let id = PostId(path.into_inner());
    let guardian = who.guardian.clone();
    state
        .write(move |tx| moderation::delete_post(tx, &guardian, id, body.reason.as_deref()))
        .await?;
    match format {
        Format::Json => Ok(json(&Success { success: "OK" })),
        Format::Html => back_to(&state, id).await,
    }
}

/// `PUT /posts/{id}/recover` and `POST /posts/{id}/recover`: restores a deleted post.
pub async fn recover_post(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = PostId(path.into_inner());
    let guardian = who.guardian.clone();
    state
        .write(move |tx| moderation::recover_post(tx, &guardian, id))
        .await?;
    match format {
        Format::Json => post_json(&state, &who, id).await,
        Format::Html => back_to(&state, id).await,
    }
}

/// `{"locked": "true"}`.
#[derive(Debug, Deserialize)]
pub struct LockedBody {
    #[serde(default, deserialize_with = "lenient::bool")]
    locked: Option<bool>,
}

/// `PUT /posts/{id}/locked` and `POST /posts/{id}/locked`: locks or unlocks the author's edits.
pub async fn lock_post(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: Input<LockedBody>,
) -> AppResult<HttpResponse> {
    let locked = body.into_inner().locked.ok_or_else(|| {
        AppError::BadRequest(messages::body_field_unreadable("locked", "it is required"))
    })?;
    let id = PostId(path.into_inner());
    let guardian = who.guardian.clone();
    let post = state
        .write(move |tx| moderation::lock_post(tx, &guardian, id, locked))
        .await?;
    match format {
        Format::Json => Ok(json(&LockedResponse {
            locked: post.locked_at.is_some(),
        })),
        Format::Html => back_to(&state, id).await,
    }
}

/// `{"hidden": "true", "reason": …}`.
#[derive(Debug, Deserialize)]
pub struct HiddenBody {
    #[serde(default, deserialize_with = "lenient::bool")]
    hidden: Option<bool>,
    #[serde(default)]
    reason: Option<String>,
}

/// `POST /posts/{id}/hide` (and `PUT /posts/{id}/hide.json`): hides or shows a post.
pub async fn hide_post(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    body: Input<HiddenBody>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let hidden = body.hidden.ok_or_else(|| {
        AppError::BadRequest(messages::body_field_unreadable("hidden", "it is required"))
    })?;
    let id = PostId(path.into_inner());
    let guardian = who.guardian.clone();
    state
        .write(move |tx| moderation::hide_post(tx, &guardian, id, hidden, body.reason.as_deref()))
        .await?;
    match format {
        Format::Json => post_json(&state, &who, id).await,
        Format::Html => back_to(&state, id).await,
    }
}
