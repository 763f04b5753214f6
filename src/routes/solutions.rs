//! `POST /solution/accept` and `/solution/unaccept` (the Solved plugin's endpoints, with the
//! post's `id`): a question's asker, staff, or the category's moderators mark the reply that
//! solved it. A form on each reply of a question sends the same.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::api::topic::AcceptedAnswer;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::models::ids::PostId;
use crate::models::post::Post;
use crate::routes::context::SignedIn;
use crate::routes::input::{Input, lenient};
use crate::routes::respond::{Format, json, see_other};
use crate::services::{self, Found, Missing};

/// `{"id": 123}`: the post.
#[derive(Debug, Deserialize)]
pub struct SolutionBody {
    #[serde(default, deserialize_with = "lenient::int")]
    id: Option<i64>,
}

/// What accepting answers: the Solved plugin's `{"success":"OK"}`, with the answer as topic
/// JSON shows it (`null` after unaccepting).
#[derive(Debug, serde::Serialize)]
pub struct SolutionResponse {
    /// Always "OK".
    pub success: &'static str,
    /// The topic's accepted answer now.
    pub accepted_answer: Option<AcceptedAnswer>,
}

fn post_of(body: Input<SolutionBody>) -> AppResult<PostId> {
    body.into_inner().id.map(PostId).ok_or_else(|| {
        AppError::BadRequest(messages::body_field_unreadable(
            "id",
            "it is required: the id of the reply",
        ))
    })
}

/// `POST /solution/accept`.
pub async fn accept(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    body: Input<SolutionBody>,
) -> AppResult<HttpResponse> {
    mark(who, format, state, body, services::solutions::accept).await
}

/// `POST /solution/unaccept`.
pub async fn unaccept(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    body: Input<SolutionBody>,
) -> AppResult<HttpResponse> {
    mark(who, format, state, body, services::solutions::unaccept).await
}

/// Runs `change` (accept or unaccept) on the post the body names, then answers.
async fn mark(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    body: Input<SolutionBody>,
    change: fn(
        &mut services::Tx,
        &crate::auth::Guardian,
        PostId,
    ) -> Result<crate::models::topic::Topic, services::ServiceError>,
) -> AppResult<HttpResponse> {
    let id = post_of(body)?;
    let guardian = who.guardian.clone();
    state.write(move |tx| change(tx, &guardian, id)).await?;
    answer(&state, format, id).await
}

/// The JSON answer, or back to the post on its page.
async fn answer(state: &AppState, format: Format, id: PostId) -> AppResult<HttpResponse> {
    let (post, topic, accepted) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let post = Post::find(conn, id).found_or(Missing::Post(id))?;
            let topic = crate::models::topic::Topic::find(conn, post.topic_id)?;
            let accepted = match topic.solution_post_id {
                Some(answer) => {
                    let visibility = crate::models::visibility::Visibility::ANONYMOUS;
                    Post::chosen_in_topic(conn, topic.id, &[answer], visibility)?
                        .first()
                        .map(AcceptedAnswer::new)
                }
                None => None,
            };
            Ok((post, topic, accepted))
        })
        .await?;
    match format {
        Format::Json => Ok(json(&SolutionResponse {
            success: "OK",
            accepted_answer: accepted,
        })),
        Format::Html => Ok(see_other(&crate::views::topic::post_url(
            &topic,
            post.post_number,
        ))),
    }
}
