//! Handlers for posts: the JSON API (create, read, edit), the edit form and revision history.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::api::post::{
    EnqueuedPost, LatestPost, LatestPostsResponse, PostCore, PostResponse, ReplyPost, SavedPost,
    UpdatedPostResponse,
};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::models::ids::{CategoryId, PostId, TopicId};
use crate::models::invalid::{Field, FieldError, Problem};
use crate::models::post::{Post, PostInTopic};
use crate::models::queued_post::QueuedPost;
use crate::models::revision::{PostRevision, Version};
use crate::models::topic::Topic;
use crate::models::visibility::Visibility;
use crate::routes::Form;
use crate::routes::context::{SignedIn, Viewer};
use crate::routes::input::{Input, lenient};
use crate::routes::publish::{self, EditRequest};
use crate::routes::respond::{Format, form_again, html, is_preview, json, preview, see_other};
use crate::services::queue::Submitted;
use crate::services::{Found, Missing};
use crate::views::post::EditDraft;

/// `POST /posts`: Discourse's create request (a new topic, or a reply with `topic_id`), in any
/// of the three body encodings.
#[derive(Debug, Deserialize)]
pub struct CreatePostRequest {
    raw: Option<String>,
    title: Option<String>,
    #[serde(default, deserialize_with = "lenient::int")]
    topic_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::int")]
    category: Option<i64>,
    #[serde(default, deserialize_with = "lenient::int")]
    reply_to_post_number: Option<i64>,
    /// A new topic's tags (`tags[]`); an empty entry is none.
    #[serde(default)]
    tags: Vec<String>,
}

/// `POST /posts` and `POST /posts.json`
pub async fn create_post_json(
    who: SignedIn,
    state: web::Data<AppState>,
    request: Input<CreatePostRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let raw = request.raw.ok_or_else(|| {
        AppError::Invalid(vec![messages::Complaint::general(messages::RAW_REQUIRED)])
    })?;
    let submitted = match request.topic_id {
        Some(topic_id) => {
            let reply_to = request
                .reply_to_post_number
                .map(|n| {
                    i32::try_from(n).map_err(|_| {
                        AppError::from(vec![FieldError::new(Field::ReplyTo, Problem::Unknown(n))])
                    })
                })
                .transpose()?;
            publish::reply(
                &state,
                who.guardian.clone(),
                TopicId(topic_id),
                raw,
                reply_to,
            )
            .await?
        }
        None => {
            let title = request.title.ok_or_else(|| {
                AppError::Invalid(vec![messages::Complaint::general(messages::TITLE_REQUIRED)])
            })?;
            let category = request.category.map(CategoryId);
            let tags = request
                .tags
                .into_iter()
                .filter(|t| !t.trim().is_empty())
                .collect();
            publish::start_topic(&state, who.guardian.clone(), &title, category, raw, tags).await?
        }
    };
    let (topic, post) = match submitted {
        Submitted::Published(topic, post) => (topic, post),
        Submitted::Queued(_, queued) => {
            let author = who.user.id;
            let pending = state
                .db
                .read(move |conn| -> AppResult<_> { Ok(QueuedPost::pending_of(conn, author)?) })
                .await?;
            return Ok(json(&EnqueuedPost::new(&queued, pending)));
        }
    };
    let author = crate::models::user::UserSummary {
        id: who.user.id,
        username: who.user.username.clone(),
        name: who.user.name.clone(),
        role: who.user.role,
    };
    let can_edit = who.guardian.can_edit_post(&post).is_ok();
    let core = PostCore::new(&post, &author, &topic, Some(who.user.id), can_edit);
    Ok(json(&SavedPost::new(core, &post, &topic)))
}

async fn load_post(state: &AppState, id: PostId, visibility: Visibility) -> AppResult<PostInTopic> {
    state
        .db
        .read(move |conn| -> AppResult<_> {
            Ok(Post::find_in_topic(conn, id, visibility).found_or(Missing::Post(id))?)
        })
        .await
}

/// `GET /posts/{id}`: the post as JSON, or for a browser, its place in its topic.
pub async fn show_post(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let found = load_post(
        &state,
        PostId(path.into_inner()),
        viewer.guardian.visibility(),
    )
    .await?;
    if format == Format::Html {
        return Ok(see_other(&crate::views::topic::post_url(
            &found.topic,
            found.post.post_number,
        )));
    }
    let core = PostCore::new(
        &found.post,
        &found.author,
        &found.topic,
        viewer.user.as_ref().map(|u| u.id),
        viewer.guardian.can_edit_post(&found.post).is_ok(),
    );
    Ok(json(&PostResponse::new(core, &found.post, &found.topic)))
}

/// `PUT /posts/{id}` body: `{"post": {"raw": …, "edit_reason": …}}` (as a form:
/// `post[raw]=…&post[edit_reason]=…`).
#[derive(Debug, Deserialize)]
pub struct UpdatePostRequest {
    post: UpdatePostFields,
}

/// The fields of an API edit.
#[derive(Debug, Deserialize)]
pub struct UpdatePostFields {
    raw: String,
    edit_reason: Option<String>,
}

/// `PUT /posts/{id}` and `PUT /posts/{id}.json`
pub async fn update_post_json(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    request: Input<UpdatePostRequest>,
) -> AppResult<HttpResponse> {
    let found = load_post(&state, PostId(path.into_inner()), who.guardian.visibility()).await?;
    let fields = request.into_inner().post;
    let edit = EditRequest {
        post: found.post.id,
        raw: fields.raw,
        reason: fields.edit_reason,
        // API clients edit whatever is current, as Discourse's API does.
        expected_version: found.post.version,
        title: None,
    };
    let post = publish::edit(&state, who.guardian.clone(), edit).await?;
    let core = PostCore::new(
        &post,
        &found.author,
        &found.topic,
        Some(who.user.id),
        who.guardian.can_edit_post(&post).is_ok(),
    );
    Ok(json(&UpdatedPostResponse {
        post: SavedPost::new(core, &post, &found.topic),
    }))
}

/// `GET /posts/{id}/edit`
pub async fn edit_post_form(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let found = load_post(&state, PostId(path.into_inner()), who.guardian.visibility()).await?;
    who.guardian
        .can_edit_post_in(&found.post, found.topic.category_id)?;
    let draft = EditDraft {
        raw: found.post.raw.clone(),
        edit_reason: String::new(),
        version: found.post.version,
        title: (found.post.post_number == 1).then(|| found.topic.title.clone()),
    };
    Ok(html(crate::views::post::edit_page(
        &who.page,
        &found.topic,
        &found.post,
        &draft,
        &[],
        None,
    )))
}

/// What the edit form posts.
#[derive(Debug, Deserialize)]
pub struct EditForm {
    raw: String,
    #[serde(default)]
    edit_reason: String,
    version: i32,
    title: Option<String>,
    intent: Option<String>,
}

/// `POST /posts/{id}/edit`
pub async fn update_post(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: Form<EditForm>,
) -> AppResult<HttpResponse> {
    let found = load_post(&state, PostId(path.into_inner()), who.guardian.visibility()).await?;
    let form = form.into_inner();
    // Asked before the preview too: a preview of an edit one may not save shows nothing useful.
    who.guardian
        .can_edit_post_in(&found.post, found.topic.category_id)?;
    let draft = EditDraft {
        raw: form.raw.clone(),
        edit_reason: form.edit_reason.clone(),
        version: form.version,
        title: form.title.clone().filter(|_| found.post.post_number == 1),
    };
    if is_preview(&form.intent) {
        let rendered = preview(&state, &who.user, form.raw).await;
        return Ok(match rendered {
            Ok(rendered) => html(crate::views::post::edit_page(
                &who.page,
                &found.topic,
                &found.post,
                &draft,
                &[],
                Some(&rendered),
            )),
            Err(error) if error.is_fixable_in_form() => form_again(&error, |complaints| {
                crate::views::post::edit_page(
                    &who.page,
                    &found.topic,
                    &found.post,
                    &draft,
                    complaints,
                    None,
                )
            }),
            Err(other) => return Err(other),
        });
    }
    let edit = EditRequest {
        post: found.post.id,
        raw: form.raw,
        reason: Some(form.edit_reason),
        expected_version: form.version,
        title: form.title.filter(|_| found.post.post_number == 1),
    };
    match publish::edit(&state, who.guardian, edit).await {
        Ok(post) => {
            // Read the topic again: a new title means a new slug in the post's address.
            let topic_id = found.topic.id;
            let topic = state
                .db
                .read(move |conn| Topic::find(conn, topic_id).map_err(AppError::from))
                .await?;
            Ok(see_other(&crate::views::topic::post_url(
                &topic,
                post.post_number,
            )))
        }
        Err(error) if error.is_fixable_in_form() => Ok(form_again(&error, |complaints| {
            crate::views::post::edit_page(
                &who.page,
                &found.topic,
                &found.post,
                &draft,
                complaints,
                None,
            )
        })),
        Err(other) => Err(other),
    }
}

/// A post with every version of it, oldest first, in one trip to the database.
async fn load_versions(
    state: &AppState,
    id: PostId,
    visibility: Visibility,
) -> AppResult<(PostInTopic, Vec<Version>)> {
    state
        .db
        .read(move |conn| -> AppResult<_> {
            let found = Post::find_in_topic(conn, id, visibility).found_or(Missing::Post(id))?;
            let versions = PostRevision::versions(conn, &found.post)?;
            Ok((found, versions))
        })
        .await
}

/// `GET /posts/{id}/revisions`
pub async fn show_revisions(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = PostId(path.into_inner());
    let (found, versions) = load_versions(&state, id, viewer.guardian.visibility()).await?;
    Ok(html(crate::views::post::revisions_page(
        &viewer.page,
        &found.topic,
        &found.post,
        &versions,
    )))
}

/// `GET /posts/{id}/revisions/{version}`
pub async fn show_revision(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<(i64, i32)>,
) -> AppResult<HttpResponse> {
    let (id, wanted) = path.into_inner();
    let (found, versions) = load_versions(&state, PostId(id), viewer.guardian.visibility()).await?;
    let version = versions
        .iter()
        .find(|v| v.version == wanted)
        .ok_or(Missing::Revision {
            post_number: found.post.post_number,
            versions: found.post.version,
            wanted,
        })?;
    Ok(html(crate::views::post::revision_page(
        &viewer.page,
        &found.topic,
        &found.post,
        version,
        found.post.version,
    )))
}

/// `?before=ID` on the latest posts.
#[derive(Debug, Deserialize)]
pub struct LatestPostsQuery {
    before: Option<i64>,
}

/// Posts in one answer of `GET /posts.json`, as Discourse.
const LATEST_POSTS: i64 = 20;

/// `GET /posts.json`: the latest posts anywhere, newest first; `?before=ID` pages back.
pub async fn list_latest_posts(
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<LatestPostsQuery>,
) -> AppResult<HttpResponse> {
    let before = query.before.map(PostId);
    let visibility = viewer.guardian.visibility();
    let found = state
        .db
        .read(move |conn| {
            Post::latest(conn, before, visibility, LATEST_POSTS).map_err(AppError::from)
        })
        .await?;
    let viewer_id = viewer.user.as_ref().map(|u| u.id);
    let latest_posts = found
        .iter()
        .map(|f| {
            let can_edit = viewer.guardian.can_edit_post(&f.post).is_ok();
            let core = PostCore::new(&f.post, &f.author, &f.topic, viewer_id, can_edit);
            LatestPost::new(core, &f.post, &f.topic)
        })
        .collect();
    Ok(json(&LatestPostsResponse { latest_posts }))
}

/// Replies one answer of `GET /posts/{id}/replies.json` holds.
const MOST_REPLIES: i64 = 100;

/// `GET /posts/{id}/replies.json`: the replies to a post, in topic order.
pub async fn show_post_replies(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = PostId(path.into_inner());
    let visibility = viewer.guardian.visibility();
    let (found, replies) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let found = Post::find_in_topic(conn, id, visibility).found_or(Missing::Post(id))?;
            let replies = Post::replies_to(
                conn,
                found.topic.id,
                found.post.post_number,
                visibility,
                MOST_REPLIES,
            )?;
            Ok((found, replies))
        })
        .await?;
    let viewer_id = viewer.user.as_ref().map(|u| u.id);
    let replies: Vec<ReplyPost> = replies
        .iter()
        .map(|r| {
            let can_edit = viewer.guardian.can_edit_post(&r.post).is_ok();
            let core = PostCore::new(&r.post, &r.author, &found.topic, viewer_id, can_edit);
            ReplyPost::new(core, &r.post, &found.topic, &found.author)
        })
        .collect();
    Ok(json(&replies))
}
