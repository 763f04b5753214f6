//! The steps every way of posting shares (the web forms and the JSON API): check the input,
//! cook its Markdown on the blocking pool, then run the use-case in one transaction, counted
//! against the member's posting limits (`services::pace`) in the same transaction. Cooking
//! happens before the write connection is taken, so rendering never holds up other writers.
//! New topics and replies go through `services::queue`, which publishes them or, for a new
//! member's first posts and posts with a watched word that requires approval, queues them.
//! The censored watched words are read just before cooking and masked in the HTML. Replies
//! by mail (`convene mail receive`) take the same steps in `services::mail::receive_reply`.

use crate::app::AppState;
use crate::auth::Guardian;
use crate::error::AppResult;
use crate::markdown::Cooked;
use crate::models::ids::{CategoryId, PostId, TopicId};
use crate::models::post::{Body, EditInput, Post, ReplyInput};
use crate::models::topic::NewTopicInput;
use crate::models::watched_word::WatchList;
use crate::services::queue::Submitted;
use crate::services::{self, Writing};

/// Renders `raw` on the blocking pool with the watched words as they are now.
async fn cook(state: &AppState, raw: String) -> AppResult<Cooked> {
    let watched = state
        .db
        .read(|conn| -> AppResult<_> { Ok(WatchList::load(conn)?) })
        .await?;
    crate::routes::respond::cook_censored(raw, watched).await
}

/// Refuses a new member's post with more links to other sites or images than allowed
/// (`services::queue::within_new_member_limits`), before anything is cooked or written.
fn within_new_member_limits(state: &AppState, guardian: &Guardian, raw: &str) -> AppResult<()> {
    let config = &state.config;
    services::queue::within_new_member_limits(
        guardian,
        &config.moderation,
        &config.server.base_url,
        raw,
    )?;
    Ok(())
}

/// Where a browser goes after sending a post that now waits for approval: the member's
/// moderation page, which lists it and says why it waits.
pub fn waiting_address(item: &crate::models::reviewable::Reviewable) -> String {
    format!("/my/moderation#queued-{}", item.id)
}

/// Starts a topic with these tags (as typed), or queues it for approval.
pub async fn start_topic(
    state: &AppState,
    guardian: Guardian,
    title: &str,
    category: Option<CategoryId>,
    raw: String,
    tags: Vec<String>,
) -> AppResult<Submitted> {
    let input = NewTopicInput::new(title, category, raw, state.config.posts.max_body_bytes)?
        .tagged(tags, state.config.tags);
    within_new_member_limits(state, &guardian, input.body.as_str())?;
    let cooked = cook(state, input.body.as_str().to_owned()).await?;
    let limits = state.config.posts.clone();
    let settings = state.config.moderation.clone();
    Ok(state
        .write(move |tx| {
            services::pace::count(tx, &guardian, Writing::Topic, &limits)?;
            services::queue::topic(tx, &guardian, &settings, &input, &cooked)
        })
        .await?)
}

/// Replies to a topic, optionally answering one of its posts, or queues the reply.
pub async fn reply(
    state: &AppState,
    guardian: Guardian,
    topic: TopicId,
    raw: String,
    reply_to: Option<i32>,
) -> AppResult<Submitted> {
    let body = Body::new(raw, state.config.posts.max_body_bytes).map_err(|e| vec![e])?;
    within_new_member_limits(state, &guardian, body.as_str())?;
    let cooked = cook(state, body.as_str().to_owned()).await?;
    let input = ReplyInput {
        topic,
        body,
        reply_to,
    };
    let limits = state.config.posts.clone();
    let settings = state.config.moderation.clone();
    Ok(state
        .write(move |tx| {
            services::pace::count(tx, &guardian, Writing::Reply, &limits)?;
            services::queue::reply(tx, &guardian, &settings, &input, &cooked)
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
    within_new_member_limits(state, &guardian, input.body.as_str())?;
    let cooked = cook(state, input.body.as_str().to_owned()).await?;
    Ok(state
        .write(move |tx| services::post::edit(tx, &guardian, &input, &cooked))
        .await?)
}
