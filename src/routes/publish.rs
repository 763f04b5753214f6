//! The steps every way of posting shares (the web forms and the JSON API): check the input,
//! cook its Markdown on the blocking pool, then run the use-case in one transaction, counted
//! against the member's posting limits (`services::pace`) in the same transaction. Cooking
//! happens before the write connection is taken, so rendering never holds up other writers.

use crate::app::AppState;
use crate::auth::Guardian;
use crate::error::AppResult;
use crate::models::ids::{CategoryId, PostId, TopicId};
use crate::models::post::{Body, EditInput, Post, ReplyInput};
use crate::models::topic::{NewTopicInput, Topic};
use crate::routes::respond::cook;
use crate::services::{self, Writing};

/// Starts a topic.
pub async fn start_topic(
    state: &AppState,
    guardian: Guardian,
    title: &str,
    category: Option<CategoryId>,
    raw: String,
) -> AppResult<(Topic, Post)> {
    let input = NewTopicInput::new(title, category, raw, state.config.posts.max_body_bytes)?;
    let cooked = cook(input.body.as_str().to_owned()).await?;
    let limits = state.config.posts.clone();
    Ok(state
        .write(move |tx| {
            services::pace::count(tx, &guardian, Writing::Topic, &limits)?;
            services::topic::create(tx, &guardian, &input, &cooked)
        })
        .await?)
}

/// Replies to a topic, optionally answering one of its posts.
pub async fn reply(
    state: &AppState,
    guardian: Guardian,
    topic: TopicId,
    raw: String,
    reply_to: Option<i32>,
) -> AppResult<(Topic, Post)> {
    let body = Body::new(raw, state.config.posts.max_body_bytes).map_err(|e| vec![e])?;
    let cooked = cook(body.as_str().to_owned()).await?;
    let input = ReplyInput {
        topic,
        body,
        reply_to,
    };
    let limits = state.config.posts.clone();
    Ok(state
        .write(move |tx| {
            services::pace::count(tx, &guardian, Writing::Reply, &limits)?;
            services::post::reply(tx, &guardian, &input, &cooked)
        })
        .await?)
}

/// What an edit sends, before it is checked.
pub struct EditRequest {
    /// The post.
    pub post: PostId,
    /// Its new Markdown.
    pub raw: String,
    /// Why.
    pub reason: Option<String>,
    /// The version the editor started from.
    pub expected_version: i32,
    /// A new title, for a first post.
    pub title: Option<String>,
}

/// Saves an edit (and a new title, for a topic's first post).
pub async fn edit(state: &AppState, guardian: Guardian, request: EditRequest) -> AppResult<Post> {
    let input = EditInput::new(
        request.post,
        request.raw,
        request.reason.as_deref(),
        request.expected_version,
        request.title.as_deref(),
        state.config.posts.max_body_bytes,
    )?;
    let cooked = cook(input.body.as_str().to_owned()).await?;
    Ok(state
        .write(move |tx| services::post::edit(tx, &guardian, &input, &cooked))
        .await?)
}
