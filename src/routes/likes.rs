//! Likes: the Like and Unlike buttons on each post (plain forms, 303 back to the post), the
//! page of who liked a post (`/posts/{id}/likes`, and Discourse's
//! `GET /post_action_users.json?id=…&post_action_type_id=2`), and Discourse's
//! `DELETE /post_actions/{id}.json` (`POST /post_actions.json` with type 2 likes, in
//! `routes::moderation`). Every write goes through `services::likes`.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::api::post::{LIKE_ACTION, PostCore, PostResponse};
use crate::api::{avatar_template, moderation::PostActionResponse};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::models::ids::PostId;
use crate::models::like::{Like, Liking};
use crate::models::post::Post;
use crate::models::user::UserSummary;
use crate::routes::context::{SignedIn, Viewer};
use crate::routes::input::lenient;
use crate::routes::respond::{Format, html, json, see_other};
use crate::services::{self, Found, Missing};

/// The most likers a page or answer lists.
const LIKERS_SHOWN: i64 = 200;

/// `POST /posts/{id}/like`: the Like button.
pub async fn like_post(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = PostId(path.into_inner());
    let guardian = who.guardian.clone();
    state
        .write(move |tx| services::likes::like(tx, &guardian, id))
        .await?;
    back_to_post(&state, &who, id).await
}

/// `POST /posts/{id}/unlike`: the Unlike button (soon after liking).
pub async fn unlike_post(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = PostId(path.into_inner());
    let guardian = who.guardian.clone();
    let window = state.config.posts.like_undo_minutes;
    state
        .write(move |tx| services::likes::unlike(tx, &guardian, id, window))
        .await?;
    back_to_post(&state, &who, id).await
}

/// 303 to the post in its topic.
async fn back_to_post(state: &AppState, who: &SignedIn, id: PostId) -> AppResult<HttpResponse> {
    let visibility = who.guardian.visibility();
    let found = state
        .db
        .read(move |conn| -> AppResult<_> {
            Ok(Post::find_in_topic(conn, id, visibility).found_or(Missing::Post(id))?)
        })
        .await?;
    Ok(see_other(&found.topic.post_url(found.post.post_number)))
}

/// `?post_action_type_id=2` on `DELETE /post_actions/{id}`.
#[derive(Debug, Deserialize)]
pub struct ActionTypeQuery {
    #[serde(default, deserialize_with = "lenient::int")]
    post_action_type_id: Option<i64>,
}

/// `DELETE /post_actions/{id}` (and `.json`): Discourse's unlike, with the post's id and
/// `post_action_type_id=2`; answers the post as `POST /post_actions` does.
pub async fn delete_post_action(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    query: web::Query<ActionTypeQuery>,
) -> AppResult<HttpResponse> {
    only_likes(
        query.post_action_type_id,
        "only a like (2) can be taken back; flags are decided in the review queue",
    )?;
    let id = PostId(path.into_inner());
    let guardian = who.guardian.clone();
    let window = state.config.posts.like_undo_minutes;
    state
        .write(move |tx| services::likes::unlike(tx, &guardian, id, window))
        .await?;
    post_action_answer(&state, &who, id).await
}

/// The answer to a post action: the post as `GET /posts/{id}` shows it, with the viewer's
/// standing toward liking it.
pub(crate) async fn post_action_answer(
    state: &AppState,
    who: &SignedIn,
    id: PostId,
) -> AppResult<HttpResponse> {
    let visibility = who.guardian.visibility();
    let member = who.user.id;
    let (found, liked_at) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let found = Post::find_in_topic(conn, id, visibility).found_or(Missing::Post(id))?;
            let liked_at = Like::when(conn, id, member)?;
            Ok((found, liked_at))
        })
        .await?;
    let liking = liking_of(state, &who.guardian, &found.post, liked_at);
    let core = PostCore::new(
        &found.post,
        &found.author,
        &found.topic,
        Some(who.user.id),
        who.guardian.can_edit_post(&found.post).is_ok(),
    )
    .liking(found.post.like_count, liking);
    Ok(json(&PostActionResponse {
        post: PostResponse::new(core, &found.post, &found.topic),
        flair_group_id: None,
        badges_granted: [],
    }))
}

/// What `guardian`'s member may do about liking `post`, which they liked at `liked_at`.
pub(crate) fn liking_of(
    state: &AppState,
    guardian: &crate::auth::Guardian,
    post: &Post,
    liked_at: Option<chrono::NaiveDateTime>,
) -> Liking {
    let window = state.config.posts.like_undo_minutes;
    services::likes::standing(guardian, post, liked_at, window, crate::db::now())
}

/// Refuses a post action type other than a like (2), saying `why_other`, or none.
fn only_likes(kind: Option<i64>, why_other: &str) -> AppResult<()> {
    match kind {
        Some(kind) if kind == i64::from(LIKE_ACTION) => Ok(()),
        Some(_) => Err(AppError::BadRequest(messages::body_field_unreadable(
            "post_action_type_id",
            why_other,
        ))),
        None => Err(AppError::BadRequest(messages::body_field_unreadable(
            "post_action_type_id",
            "it is required (2: like)",
        ))),
    }
}

/// One liker, as Discourse's `post_action_users` lists them.
#[derive(Debug, Serialize)]
pub struct PostActionUser {
    /// Their id.
    pub id: i64,
    /// Their username.
    pub username: String,
    /// Their display name.
    pub name: String,
    /// Their avatar.
    pub avatar_template: String,
    /// When they liked it.
    pub created_at: String,
}

/// `GET /post_action_users.json`.
#[derive(Debug, Serialize)]
pub struct PostActionUsers {
    /// Who liked it, first likes first.
    pub post_action_users: Vec<PostActionUser>,
    /// How many liked it.
    pub total_rows_post_action_users: i32,
}

/// `?id=…&post_action_type_id=2`.
#[derive(Debug, Deserialize)]
pub struct LikersQuery {
    #[serde(default, deserialize_with = "lenient::int")]
    id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::int")]
    post_action_type_id: Option<i64>,
}

/// `GET /posts/{id}/likes`: who liked a post.
pub async fn show_likers(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = PostId(path.into_inner());
    let (found, likers) = likers(&state, &viewer, id).await?;
    Ok(html(crate::views::post::likers_page(
        &viewer.page,
        &found,
        &likers,
    )))
}

/// `GET /post_action_users.json?id=…&post_action_type_id=2` (Discourse's "liked by").
pub async fn post_action_users(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    query: web::Query<LikersQuery>,
) -> AppResult<HttpResponse> {
    let Some(id) = query.id else {
        return Err(AppError::BadRequest(messages::body_field_unreadable(
            "id",
            "it is required: the post's id",
        )));
    };
    only_likes(
        query.post_action_type_id,
        "only likes (2) are listed; flags are for moderators, in the review queue",
    )?;
    if format == Format::Html {
        return Ok(see_other(&format!("/posts/{id}/likes")));
    }
    let (found, likers) = likers(&state, &viewer, PostId(id)).await?;
    Ok(json(&PostActionUsers {
        total_rows_post_action_users: found.post.like_count,
        post_action_users: likers
            .into_iter()
            .map(|(user, at)| PostActionUser {
                id: user.id.0,
                avatar_template: avatar_template(&user.username),
                username: user.username,
                name: user.name,
                created_at: crate::api::json_time(at),
            })
            .collect(),
    }))
}

/// The post (as the viewer may see it) and who liked it.
async fn likers(
    state: &AppState,
    viewer: &Viewer,
    id: PostId,
) -> AppResult<(
    crate::models::post::PostInTopic,
    Vec<(UserSummary, chrono::NaiveDateTime)>,
)> {
    let visibility = viewer.guardian.visibility();
    state
        .db
        .read(move |conn| -> AppResult<_> {
            let found = Post::find_in_topic(conn, id, visibility).found_or(Missing::Post(id))?;
            let likers = Like::likers(conn, id, LIKERS_SHOWN)?;
            Ok((found, likers))
        })
        .await
}
