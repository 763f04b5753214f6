//! Handlers for posts: the JSON API (create, read, edit), the edit form and revision history.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, AppResult, OrNotFound};
use crate::markdown;
use crate::models::category::Category;
use crate::models::ids::{PostId, TopicId};
use crate::models::post::{EditError, Post, PostInTopic, check_body};
use crate::models::revision::PostRevision;
use crate::models::topic::{Topic, validate_title};
use crate::models::user::User;
use crate::routes::topic::{category_id_from, publish_reply, publish_topic, validate_new_topic};
use crate::routes::{Form, form_again, html_with_status, is_preview, see_other};
use crate::views::layout::PageContext;
use crate::views::post::{EditDraft, post_json};
use diesel::Connection;

/// Reads a request body as JSON or as a form, whichever its Content-Type says.
fn parse_body<T: serde::de::DeserializeOwned>(req: &HttpRequest, body: &[u8]) -> AppResult<T> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        crate::routes::decode_form(body)
    } else {
        serde_json::from_slice(body)
            .map_err(|e| AppError::BadRequest(format!("The JSON body could not be read: {e}.")))
    }
}

/// A whole number sent as a JSON number or a string.
fn int_field(value: &serde_json::Value, name: &str) -> AppResult<Option<i64>> {
    match value {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| AppError::BadRequest(format!("{name} must be a whole number."))),
        serde_json::Value::String(s) if s.trim().is_empty() => Ok(None),
        serde_json::Value::String(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| AppError::BadRequest(format!("{name} {s:?} is not a number."))),
        _ => Err(AppError::BadRequest(format!("{name} must be a number."))),
    }
}

/// `POST /posts.json`: Discourse's create request (a new topic, or a reply with `topic_id`).
#[derive(Debug, Deserialize)]
pub struct CreatePostRequest {
    raw: Option<String>,
    title: Option<String>,
    #[serde(default)]
    topic_id: serde_json::Value,
    #[serde(default)]
    category: serde_json::Value,
    #[serde(default)]
    reply_to_post_number: serde_json::Value,
}

/// `POST /posts.json`
pub async fn create_post_json(
    req: HttpRequest,
    CurrentUser(user): CurrentUser,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let request: CreatePostRequest = parse_body(&req, &body)?;
    let raw = request
        .raw
        .ok_or_else(|| AppError::invalid("raw is required: the post's Markdown."))?;
    let (topic, post) = match int_field(&request.topic_id, "topic_id")? {
        Some(topic_id) => {
            let reply_to = int_field(&request.reply_to_post_number, "reply_to_post_number")?
                .map(|n| {
                    i32::try_from(n)
                        .map_err(|_| AppError::invalid(format!("This topic has no post #{n}.")))
                })
                .transpose()?;
            publish_reply(&state, &user, TopicId(topic_id), raw, reply_to).await?
        }
        None => {
            let title = request.title.ok_or_else(|| {
                AppError::invalid("title is required for a new topic (or send topic_id to reply).")
            })?;
            let category = category_id_from(&request.category)?;
            let categories = state.db.read(|conn| Ok(Category::all(conn)?)).await?;
            let max = state.config.posts.max_body_bytes;
            let input =
                validate_new_topic(&title, category.map(|c| c.0), &raw, &categories, &user, max)?;
            let (topic, post) = publish_topic(&state, &user, input).await?;
            (topic, post)
        }
    };
    let author = crate::models::user::UserSummary {
        id: user.id,
        username: user.username.clone(),
        name: user.name.clone(),
        role: user.role.clone(),
    };
    Ok(HttpResponse::Ok().json(post_json(&post, &author, &topic, Some(&user), true)))
}

async fn load_post(state: &AppState, id: PostId) -> AppResult<PostInTopic> {
    state
        .db
        .read(move |conn| {
            Post::find_in_topic(conn, id).or_not_found(format!("There is no post with id {id}."))
        })
        .await
}

/// `GET /posts/{id}.json`
pub async fn show_post_json(
    MaybeUser(viewer): MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let found = load_post(&state, PostId(path.into_inner())).await?;
    Ok(HttpResponse::Ok().json(post_json(
        &found.post,
        &found.author,
        &found.topic,
        viewer.as_ref(),
        true,
    )))
}

/// An edit as sent: the new text, why, the version it was based on, and for a topic's
/// first post optionally a new title.
struct EditRequest {
    raw: String,
    reason: Option<String>,
    expected_version: i32,
    title: Option<String>,
}

/// Checks and saves an edit (and a new title, for a first post) in one transaction; shared by
/// the form and the API.
async fn save_edit(
    state: &AppState,
    user: &User,
    found: &PostInTopic,
    edit: EditRequest,
) -> AppResult<Post> {
    let post = &found.post;
    if !post.editable_by(user) {
        return Err(AppError::Forbidden(
            "You can only edit your own posts.".into(),
        ));
    }
    check_body(&edit.raw, state.config.posts.max_body_bytes)?;
    let reason = edit
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    let mut errors = Vec::new();
    if reason.as_ref().is_some_and(|r| r.chars().count() > 255) {
        errors.push("The edit reason can be at most 255 characters.".to_owned());
    }
    // Only a topic's first post carries its title.
    let title = match edit.title {
        Some(title) if post.post_number == 1 => Some(validate_title(&title, &mut errors)),
        _ => None,
    }
    .filter(|t| *t != found.topic.title);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (id, topic_id, editor, raw, expected) = (
        post.id,
        found.topic.id,
        user.id,
        edit.raw,
        edit.expected_version,
    );
    state
        .db
        .write(move |conn| {
            let cooked = markdown::render(&raw).html;
            conn.transaction(|conn| {
                if let Some(title) = &title {
                    Topic::rename(conn, topic_id, title)?;
                }
                Post::edit(conn, id, expected, &raw, &cooked, editor, reason.as_deref()).map_err(
                    |e| {
                        match e {
                    EditError::Conflict => AppError::Conflict(
                        "Someone else saved a new version of this post while you were editing. \
                         Reload it, then make your change again."
                            .into(),
                    ),
                    EditError::Database(e) => e.into(),
                }
                    },
                )
            })
        })
        .await
}

/// `PUT /posts/{id}.json` body: `{"post": {"raw": …, "edit_reason": …}}`.
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

/// `PUT /posts/{id}.json`
pub async fn update_post_json(
    CurrentUser(user): CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    request: web::Json<UpdatePostRequest>,
) -> AppResult<HttpResponse> {
    let found = load_post(&state, PostId(path.into_inner())).await?;
    let fields = request.into_inner().post;
    let edit = EditRequest {
        raw: fields.raw,
        reason: fields.edit_reason,
        expected_version: found.post.version,
        title: None,
    };
    let post = save_edit(&state, &user, &found, edit).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "post": post_json(&post, &found.author, &found.topic, Some(&user), true)
    })))
}

/// `GET /posts/{id}/edit`
pub async fn edit_post_form(
    ctx: PageContext,
    CurrentUser(user): CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<Markup> {
    let found = load_post(&state, PostId(path.into_inner())).await?;
    if !found.post.editable_by(&user) {
        return Err(AppError::Forbidden(
            "You can only edit your own posts.".into(),
        ));
    }
    let draft = EditDraft {
        raw: found.post.raw.clone(),
        edit_reason: String::new(),
        version: found.post.version,
        title: (found.post.post_number == 1).then(|| found.topic.title.clone()),
    };
    Ok(crate::views::post::edit_page(
        &ctx,
        &found.topic,
        &found.post,
        &draft,
        &[],
        None,
    ))
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
    ctx: PageContext,
    CurrentUser(user): CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: Form<EditForm>,
) -> AppResult<HttpResponse> {
    let found = load_post(&state, PostId(path.into_inner())).await?;
    let form = form.into_inner();
    if !found.post.editable_by(&user) {
        return Err(AppError::Forbidden(
            "You can only edit your own posts.".into(),
        ));
    }
    let draft = EditDraft {
        raw: form.raw.clone(),
        edit_reason: form.edit_reason.clone(),
        version: form.version,
        title: form.title.clone().filter(|_| found.post.post_number == 1),
    };
    if is_preview(&form.intent) {
        let rendered = markdown::render(&form.raw);
        return Ok(html_with_status(
            StatusCode::OK,
            crate::views::post::edit_page(
                &ctx,
                &found.topic,
                &found.post,
                &draft,
                &[],
                Some(&rendered),
            ),
        ));
    }
    let edit = EditRequest {
        raw: form.raw.clone(),
        reason: Some(form.edit_reason.clone()),
        expected_version: form.version,
        title: form.title.clone(),
    };
    match save_edit(&state, &user, &found, edit).await {
        Ok(post) => {
            // Read the topic again: a new title means a new slug in the post's address.
            let topic_id = found.topic.id;
            let topic = state
                .db
                .read(move |conn| Ok(Topic::find(conn, topic_id)?))
                .await?;
            Ok(see_other(&crate::views::topic::post_url(
                &topic,
                post.post_number,
            )))
        }
        Err(error) if error.is_fixable_in_form() => Ok(form_again(&error, |messages| {
            crate::views::post::edit_page(&ctx, &found.topic, &found.post, &draft, messages, None)
        })),
        Err(other) => Err(other),
    }
}

/// `GET /posts/{id}/revisions`
pub async fn show_revisions(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<Markup> {
    let found = load_post(&state, PostId(path.into_inner())).await?;
    let post = found.post.clone();
    let versions = state
        .db
        .read(move |conn| Ok(PostRevision::versions(conn, &post)?))
        .await?;
    Ok(crate::views::post::revisions_page(
        &ctx,
        &found.topic,
        &found.post,
        &versions,
    ))
}

/// `GET /posts/{id}/revisions/{version}`
pub async fn show_revision(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<(i64, i32)>,
) -> AppResult<Markup> {
    let (id, wanted) = path.into_inner();
    let found = load_post(&state, PostId(id)).await?;
    let post = found.post.clone();
    let versions = state
        .db
        .read(move |conn| Ok(PostRevision::versions(conn, &post)?))
        .await?;
    let version = versions
        .iter()
        .find(|v| v.version == wanted)
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "Post #{} has {} versions; there is no version {wanted}.",
                found.post.post_number, found.post.version
            ))
        })?;
    Ok(crate::views::post::revision_page(
        &ctx,
        &found.topic,
        &found.post,
        version,
        found.post.version,
    ))
}
