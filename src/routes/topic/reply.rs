//! Replying: the reply form (optionally quoting or answering a post), its preview, and saving.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::show::post_address;
use crate::app::AppState;
use crate::auth::Guardian;
use crate::error::{AppError, AppResult};
use crate::markdown;
use crate::messages;
use crate::models::category::Category;
use crate::models::ids::TopicId;
use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::models::user::User;
use crate::routes::Form;
use crate::routes::context::SignedIn;
use crate::routes::publish;
use crate::routes::respond::{form_again, html, is_preview, preview, see_other};
use crate::services::queue::Submitted;
use crate::services::{Found, Missing, Present};

/// `?to=N` (reply to post N) or `?quote=N` (reply quoting post N).
#[derive(Debug, Deserialize)]
pub struct ReplyQuery {
    to: Option<i32>,
    quote: Option<i32>,
}

/// Loads a topic to show its reply form; refuses (403) if the guardian says they may not
/// reply. The service asks again when the reply is saved.
async fn topic_for_reply(state: &AppState, guardian: Guardian, id: TopicId) -> AppResult<Topic> {
    let (topic, category): (Topic, Category) = state
        .db
        .read(move |conn| -> AppResult<_> {
            Ok(Topic::find_with_category(conn, id).found_or(Missing::Topic(id))?)
        })
        .await?;
    guardian.can_reply(&topic, &category)?;
    Ok(topic)
}

/// `GET /t/{id}/reply`
pub async fn reply_form(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    query: web::Query<ReplyQuery>,
) -> AppResult<HttpResponse> {
    let topic = topic_for_reply(&state, who.guardian, TopicId(path.into_inner())).await?;
    let id = topic.id;
    let target = match query.quote.or(query.to) {
        Some(number) => Some(
            state
                .db
                .read(move |conn| -> AppResult<_> {
                    let post = Post::find_by_number(conn, id, number)
                        .present_or(Missing::PostNumber(number))?;
                    let author = User::find(conn, post.user_id)?;
                    Ok((post, author.username))
                })
                .await?,
        ),
        None => None,
    };
    let raw = match (&target, query.quote) {
        (Some((post, username)), Some(_)) => {
            let url = crate::views::topic::post_url(&topic, post.post_number);
            markdown::quote(username, &url, post.post_number, &post.raw)
        }
        _ => String::new(),
    };
    let reply_to = target
        .as_ref()
        .map(|(post, username)| (post.post_number, username.as_str()));
    Ok(html(crate::views::topic::reply_page(
        &who.page,
        &topic,
        reply_to,
        &raw,
        &[],
        None,
    )))
}

/// What the reply form posts.
#[derive(Debug, Deserialize)]
pub struct ReplyForm {
    raw: String,
    reply_to_post_number: Option<String>,
    intent: Option<String>,
}

/// `POST /t/{id}/reply`
pub async fn create_reply(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: Form<ReplyForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let topic_id = TopicId(path.into_inner());
    let reply_to = match form.reply_to_post_number.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(text.parse::<i32>().map_err(|_| {
            AppError::BadRequest(messages::not_a_number("reply_to_post_number", text))
        })?),
    };
    if is_preview(&form.intent) {
        let topic = topic_for_reply(&state, who.guardian, topic_id).await?;
        let rendered = preview(&state, &who.user, form.raw.clone()).await;
        return Ok(match rendered {
            Ok(rendered) => html(crate::views::topic::reply_page(
                &who.page,
                &topic,
                reply_to.map(|n| (n, "")),
                &form.raw,
                &[],
                Some(&rendered),
            )),
            Err(error) if error.is_fixable_in_form() => form_again(&error, |complaints| {
                crate::views::topic::reply_page(
                    &who.page,
                    &topic,
                    reply_to.map(|n| (n, "")),
                    &form.raw,
                    complaints,
                    None,
                )
            }),
            Err(other) => return Err(other),
        });
    }
    match publish::reply(
        &state,
        who.guardian.clone(),
        topic_id,
        form.raw.clone(),
        reply_to,
    )
    .await
    {
        // The new post is the topic's last, so its index is the count before it.
        Ok(Submitted::Published(topic, post)) => Ok(see_other(&post_address(
            &topic,
            post.post_number,
            i64::from(topic.posts_count) - 1,
        ))),
        Ok(Submitted::Queued(item, _)) => Ok(see_other(&publish::waiting_address(&item))),
        Err(error) if error.is_fixable_in_form() => {
            let topic = topic_for_reply(&state, who.guardian, topic_id).await?;
            Ok(form_again(&error, |complaints| {
                crate::views::topic::reply_page(
                    &who.page,
                    &topic,
                    reply_to.map(|n| (n, "")),
                    &form.raw,
                    complaints,
                    None,
                )
            }))
        }
        Err(other) => Err(other),
    }
}
