//! Replying: the reply form (optionally quoting or answering a post) and saving replies.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

use super::show::post_location;
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, MustExist, OrNotFound};
use crate::markdown;
use crate::models::ids::TopicId;
use crate::models::post::{Post, check_body};
use crate::models::topic::Topic;
use crate::models::user::User;
use crate::routes::{Form, form_again, html_with_status, is_preview, see_other};
use crate::views::layout::PageContext;

/// `?to=N` (reply to post N) or `?quote=N` (reply quoting post N).
#[derive(Debug, Deserialize)]
pub struct ReplyQuery {
    to: Option<i32>,
    quote: Option<i32>,
}

/// Loads a topic for replying, refusing (403) if the user may not reply.
async fn topic_for_reply(state: &AppState, user: &User, id: TopicId) -> AppResult<Topic> {
    let (topic, category) = state
        .db
        .read(move |conn| {
            Topic::find_with_category(conn, id)
                .or_not_found(format!("There is no topic with id {id}."))
        })
        .await?;
    match topic.reply_refusal(&category, Some(user)) {
        Some(refusal) => Err(AppError::Forbidden(refusal.message().to_owned())),
        None => Ok(topic),
    }
}

/// `GET /t/{id}/reply`
pub async fn reply_form(
    ctx: PageContext,
    CurrentUser(user): CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    query: web::Query<ReplyQuery>,
) -> AppResult<Markup> {
    let topic = topic_for_reply(&state, &user, TopicId(path.into_inner())).await?;
    let id = topic.id;
    let wanted = query.quote.or(query.to);
    let target = match wanted {
        Some(number) => Some(
            state
                .db
                .read(move |conn| {
                    let post = Post::find_by_number(conn, id, number)
                        .must_exist(format!("This topic has no post #{number}."))?;
                    let author = crate::models::user::User::find(conn, post.user_id)?;
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
    Ok(crate::views::topic::reply_page(
        &ctx,
        &topic,
        reply_to,
        &raw,
        &[],
        None,
    ))
}

/// What the reply form posts.
#[derive(Debug, Deserialize)]
pub struct ReplyForm {
    raw: String,
    reply_to_post_number: Option<String>,
    intent: Option<String>,
}

/// Checks and stores a reply; returns the new post. Shared by the form and the API.
pub async fn publish_reply(
    state: &AppState,
    user: &User,
    topic_id: TopicId,
    raw: String,
    reply_to_post_number: Option<i32>,
) -> AppResult<(Topic, Post)> {
    let topic = topic_for_reply(state, user, topic_id).await?;
    check_body(&raw, state.config.posts.max_body_bytes)?;
    let author = user.id;
    let post = state
        .db
        .write(move |conn| {
            if let Some(number) = reply_to_post_number
                && Post::find_by_number(conn, topic_id, number)?.is_none()
            {
                return Err(AppError::invalid(format!(
                    "This topic has no post #{number} to reply to."
                )));
            }
            let cooked = markdown::render(&raw).html;
            Ok(Post::create_reply(
                conn,
                topic_id,
                author,
                &raw,
                &cooked,
                reply_to_post_number,
            )?)
        })
        .await?;
    Ok((topic, post))
}

/// `POST /t/{id}/reply`
pub async fn create_reply(
    ctx: PageContext,
    CurrentUser(user): CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: Form<ReplyForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let topic_id = TopicId(path.into_inner());
    let reply_to = match form.reply_to_post_number.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            text.parse::<i32>()
                .map_err(|_| AppError::BadRequest(format!("{text:?} is not a post number.")))?,
        ),
    };
    if is_preview(&form.intent) {
        let topic = topic_for_reply(&state, &user, topic_id).await?;
        let rendered = markdown::render(&form.raw);
        let reply_to = reply_to.map(|n| (n, ""));
        return Ok(html_with_status(
            StatusCode::OK,
            crate::views::topic::reply_page(
                &ctx,
                &topic,
                reply_to,
                &form.raw,
                &[],
                Some(&rendered),
            ),
        ));
    }
    match publish_reply(&state, &user, topic_id, form.raw.clone(), reply_to).await {
        Ok((topic, post)) => Ok(see_other(
            &post_location(&state, topic, post.post_number).await?,
        )),
        Err(error) if error.is_fixable_in_form() => {
            let topic = topic_for_reply(&state, &user, topic_id).await?;
            Ok(form_again(&error, |messages| {
                crate::views::topic::reply_page(
                    &ctx,
                    &topic,
                    reply_to.map(|n| (n, "")),
                    &form.raw,
                    messages,
                    None,
                )
            }))
        }
        Err(other) => Err(other),
    }
}
