//! Voting in polls: the plain forms inside a post (`POST /polls/vote`, `/polls/unvote`,
//! `/polls/toggle_status`, back to the post) and the Poll plugin's JSON (`PUT /polls/vote`,
//! `DELETE /polls/vote`, `PUT /polls/toggle_status`). Every write goes through
//! `services::polls`.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::models::ids::PostId;
use crate::models::poll::PollView;
use crate::routes::context::SignedIn;
use crate::routes::input::{Input, lenient};
use crate::routes::respond::{Format, json, see_other};
use crate::services;

/// What a vote sends: the post, the poll's name, and the chosen options' ids.
#[derive(Debug, Deserialize)]
pub struct PollRequest {
    #[serde(default, deserialize_with = "lenient::int")]
    post_id: Option<i64>,
    #[serde(default)]
    poll_name: Option<String>,
    #[serde(default)]
    options: Vec<String>,
    /// `closed` or `open` (toggle_status).
    #[serde(default)]
    status: Option<String>,
}

impl PollRequest {
    /// The post and poll named; both are required.
    fn target(&self) -> AppResult<(PostId, String)> {
        let post = self.post_id.ok_or_else(|| {
            AppError::BadRequest(crate::messages::body_field_unreadable(
                "post_id",
                "it is required",
            ))
        })?;
        let name = self
            .poll_name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "poll".to_owned());
        Ok((PostId(post), name))
    }
}

/// The answer: back to the post for a browser, the poll for a client.
fn answer(format: Format, post: PostId, view: &PollView) -> HttpResponse {
    match format {
        Format::Html => see_other(&format!("/posts/{}", post.0)),
        Format::Json => json(&crate::api::poll::poll(view)),
    }
}

/// `POST /polls/vote` (the form) and `PUT /polls/vote` (JSON)
pub async fn vote(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    request: Input<PollRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let (post, name) = request.target()?;
    let mut options = Vec::with_capacity(request.options.len());
    for option in request.options.iter().filter(|o| !o.trim().is_empty()) {
        options.push(option.trim().parse::<i64>().map_err(|_| {
            AppError::BadRequest(crate::messages::body_field_unreadable(
                "options[]",
                "each must be an option's id",
            ))
        })?);
    }
    let guardian = who.guardian;
    let view = state
        .write(move |tx| services::polls::vote(tx, &guardian, post, &name, &options))
        .await?;
    Ok(answer(format, post, &view))
}

/// `POST /polls/unvote` (the form) and `DELETE /polls/vote` (JSON)
pub async fn unvote(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    request: Input<PollRequest>,
) -> AppResult<HttpResponse> {
    let (post, name) = request.into_inner().target()?;
    let guardian = who.guardian;
    let view = state
        .write(move |tx| services::polls::unvote(tx, &guardian, post, &name))
        .await?;
    Ok(answer(format, post, &view))
}

/// `POST` (the form) and `PUT /polls/toggle_status` (JSON): `status` `closed` or `open`.
pub async fn toggle_status(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    request: Input<PollRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let (post, name) = request.target()?;
    let closed = match request.status.as_deref() {
        Some("closed") => true,
        Some("open") => false,
        _ => {
            return Err(AppError::BadRequest(
                crate::messages::body_field_unreadable("status", "it must be closed or open"),
            ));
        }
    };
    let guardian = who.guardian;
    let view = state
        .write(move |tx| services::polls::set_closed(tx, &guardian, post, &name, closed))
        .await?;
    Ok(answer(format, post, &view))
}
