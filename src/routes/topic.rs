//! Handlers for topic lists, topic pages, new topics and replies.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, AppResult, MustExist, OrNotFound};
use crate::markdown;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, TopicId};
use crate::models::post::{Post, check_body};
use crate::models::topic::{NewTopicInput, Topic, TopicFilter, validate_title};
use crate::models::user::User;
use crate::routes::{Form, PageQuery, html_with_status, is_preview, see_other};
use crate::views::layout::PageContext;
use crate::views::topic::{TopicDraft, TopicView};

/// Posts on one page of a topic (and in one JSON chunk), as Discourse.
pub const POSTS_PER_PAGE: i64 = 20;

/// `GET /` and `GET /latest`
pub async fn show_latest(
    ctx: PageContext,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> AppResult<Markup> {
    let page = query.page.unwrap_or(0).max(0);
    let per_page = state.config.posts.topics_per_page;
    let (topics, categories) = state
        .db
        .read(move |conn| {
            Ok((
                Topic::list(conn, &TopicFilter::All, page, per_page)?,
                Category::by_id(conn)?,
            ))
        })
        .await?;
    Ok(crate::views::topic::latest_page(
        &ctx,
        &topics,
        &categories,
        page,
    ))
}

/// `GET /latest.json`
pub async fn show_latest_json(
    MaybeUser(viewer): MaybeUser,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let page = query.page.unwrap_or(0).max(0);
    let per_page = state.config.posts.topics_per_page;
    let topics = state
        .db
        .read(move |conn| Ok(Topic::list(conn, &TopicFilter::All, page, per_page)?))
        .await?;
    let more = topics
        .has_more
        .then(|| format!("/latest?page={}", page + 1));
    Ok(
        HttpResponse::Ok().json(crate::views::topic::topic_list_json(
            &topics,
            per_page,
            more,
            viewer.is_some(),
        )),
    )
}

/// Everything a topic page or its JSON needs, loaded in one trip to the database.
struct LoadedTopic {
    topic: Topic,
    category: Category,
    parent: Option<Category>,
    posts: Vec<crate::models::post::PostWithAuthor>,
    reply_authors: std::collections::HashMap<i32, String>,
    total_pages: i64,
}

async fn load_topic(state: &AppState, id: TopicId, page: i64) -> AppResult<LoadedTopic> {
    state
        .db
        .read(move |conn| {
            let (topic, category) = Topic::find_with_category(conn, id)
                .or_not_found(format!("There is no topic with id {id}."))?;
            let parent = category
                .parent_id
                .map(|p| Category::find(conn, p))
                .transpose()?;
            let total_pages = ((i64::from(topic.posts_count) - 1) / POSTS_PER_PAGE + 1).max(1);
            if page < 1 || page > total_pages {
                return Err(AppError::NotFound(format!(
                    "This topic has {total_pages} page{}; there is no page {page}.",
                    if total_pages == 1 { "" } else { "s" }
                )));
            }
            let posts = Post::page_of_topic(conn, id, page - 1, POSTS_PER_PAGE)?;
            let numbers: Vec<i32> = posts
                .iter()
                .filter_map(|p| p.post.reply_to_post_number)
                .collect();
            let reply_authors = Post::authors_by_number(conn, id, &numbers)?;
            Ok(LoadedTopic {
                topic,
                category,
                parent,
                posts,
                reply_authors,
                total_pages,
            })
        })
        .await
}

async fn render_topic(
    ctx: PageContext,
    state: &AppState,
    id: TopicId,
    page: Option<i64>,
) -> AppResult<Markup> {
    let page = page.unwrap_or(1);
    let loaded = load_topic(state, id, page).await?;
    let refusal = loaded
        .topic
        .reply_refusal(&loaded.category, ctx.viewer.as_ref());
    let view = TopicView {
        topic: &loaded.topic,
        category: &loaded.category,
        parent: loaded.parent.as_ref(),
        posts: &loaded.posts,
        reply_authors: &loaded.reply_authors,
        page,
        total_pages: loaded.total_pages,
        reply_blocked: refusal,
    };
    Ok(crate::views::topic::topic_page(&ctx, &view))
}

/// `GET /t/{slug}/{id}`
pub async fn show_topic(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    query: web::Query<PageQuery>,
) -> AppResult<Markup> {
    render_topic(ctx, &state, TopicId(path.1), query.page).await
}

/// `GET /t/{id}`
pub async fn show_topic_by_id(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> AppResult<Markup> {
    render_topic(ctx, &state, TopicId(path.into_inner()), query.page).await
}

async fn topic_json(
    viewer: Option<User>,
    state: &AppState,
    id: TopicId,
    page: Option<i64>,
) -> AppResult<HttpResponse> {
    let loaded = load_topic(state, id, page.unwrap_or(1)).await?;
    let creator_id = loaded.topic.user_id;
    let (stream, mut creators) = state
        .db
        .read(move |conn| {
            Ok((
                Topic::post_ids(conn, id)?,
                crate::models::user::UserSummary::by_ids(conn, &[creator_id])?,
            ))
        })
        .await?;
    let creator = creators
        .remove(&creator_id)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("topic {id} has no creator")))?;
    let can_create_post = loaded
        .topic
        .reply_refusal(&loaded.category, viewer.as_ref())
        .is_none();
    Ok(HttpResponse::Ok().json(crate::views::topic::topic_json(
        &loaded.topic,
        &loaded.posts,
        &stream,
        &creator,
        viewer.as_ref(),
        can_create_post,
    )))
}

/// `GET /t/{slug}/{id}.json`
pub async fn show_topic_json(
    MaybeUser(viewer): MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    topic_json(viewer, &state, TopicId(path.1), query.page).await
}

/// `GET /t/{id}.json`
pub async fn show_topic_by_id_json(
    MaybeUser(viewer): MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    topic_json(viewer, &state, TopicId(path.into_inner()), query.page).await
}

/// The address of a post: its topic page, at its anchor.
async fn post_location(state: &AppState, topic: Topic, post_number: i32) -> AppResult<String> {
    let id = topic.id;
    let index = state
        .db
        .read(move |conn| {
            Post::find_by_number(conn, id, post_number)
                .must_exist(format!("This topic has no post #{post_number}."))?;
            Ok(Post::index_in_topic(conn, id, post_number)?)
        })
        .await?;
    let page = index / POSTS_PER_PAGE + 1;
    let base = crate::views::topic::topic_url(&topic);
    Ok(if page == 1 {
        format!("{base}#post_{post_number}")
    } else {
        format!("{base}?page={page}#post_{post_number}")
    })
}

/// `GET /t/{slug}/{id}/{post_number}`: the page holding that post.
pub async fn show_topic_at_post(
    state: web::Data<AppState>,
    path: web::Path<(String, i64, i32)>,
) -> AppResult<HttpResponse> {
    let (_, id, number) = path.into_inner();
    let id = TopicId(id);
    let topic = state
        .db
        .read(move |conn| {
            Topic::find(conn, id).or_not_found(format!("There is no topic with id {id}."))
        })
        .await?;
    Ok(see_other(&post_location(&state, topic, number).await?))
}

/// `?category=ID` on the new-topic form.
#[derive(Debug, Deserialize)]
pub struct NewTopicQuery {
    category: Option<i64>,
}

/// `GET /new-topic`
pub async fn new_topic_form(
    ctx: PageContext,
    _user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<NewTopicQuery>,
) -> AppResult<Markup> {
    let categories = state.db.read(|conn| Ok(Category::all(conn)?)).await?;
    let draft = TopicDraft {
        category_id: query.category,
        ..TopicDraft::default()
    };
    Ok(crate::views::topic::new_topic_page(
        &ctx,
        &categories,
        &draft,
        &[],
        None,
    ))
}

/// What the new-topic form posts.
#[derive(Debug, Deserialize)]
pub struct TopicForm {
    title: String,
    #[serde(default)]
    category: String,
    raw: String,
    intent: Option<String>,
}

/// Checks a new topic from the form or the API. Refusals come first (403, 413), then every
/// validation message at once (422).
pub fn validate_new_topic(
    title: &str,
    category_id: Option<i64>,
    raw: &str,
    categories: &[Category],
    author: &User,
    max_body_bytes: usize,
) -> AppResult<NewTopicInput> {
    let mut errors = Vec::new();
    let title = validate_title(title, &mut errors);
    let category = match category_id {
        None => {
            errors.push("Choose a category for the topic.".to_owned());
            None
        }
        Some(id) => match categories.iter().find(|c| c.id.0 == id) {
            Some(c) => Some(c),
            None => {
                errors.push(format!("There is no category with id {id}."));
                None
            }
        },
    };
    if let Some(c) = category
        && !c.accepts_posts_from(author)
    {
        return Err(AppError::Forbidden(format!(
            "Only staff can start topics in {}.",
            c.name
        )));
    }
    // Too large refuses outright (413); empty joins the other messages (422).
    match check_body(raw, max_body_bytes).map_err(AppError::from) {
        Err(AppError::Invalid(messages)) => errors.extend(messages),
        Err(refusal) => return Err(refusal),
        Ok(()) => {}
    }
    match category {
        Some(c) if errors.is_empty() => Ok(NewTopicInput {
            title,
            category_id: c.id,
            raw: raw.to_owned(),
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Creates a validated topic; returns it with the path of its page.
pub async fn publish_topic(
    state: &AppState,
    author: &User,
    input: NewTopicInput,
) -> AppResult<(Topic, Post)> {
    let author_id = author.id;
    state
        .db
        .write(move |conn| {
            let cooked = markdown::render(&input.raw).html;
            Ok(Topic::create(conn, &input, author_id, &cooked)?)
        })
        .await
}

/// `POST /new-topic`
pub async fn create_topic(
    ctx: PageContext,
    CurrentUser(user): CurrentUser,
    state: web::Data<AppState>,
    form: Form<TopicForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let categories = state.db.read(|conn| Ok(Category::all(conn)?)).await?;
    let draft = TopicDraft {
        title: form.title.clone(),
        category_id: form.category.trim().parse().ok(),
        raw: form.raw.clone(),
    };
    if is_preview(&form.intent) {
        let rendered = markdown::render(&form.raw);
        return Ok(html_with_status(
            StatusCode::OK,
            crate::views::topic::new_topic_page(&ctx, &categories, &draft, &[], Some(&rendered)),
        ));
    }
    let max = state.config.posts.max_body_bytes;
    match validate_new_topic(
        &form.title,
        draft.category_id,
        &form.raw,
        &categories,
        &user,
        max,
    ) {
        Ok(input) => {
            let (topic, _) = publish_topic(&state, &user, input).await?;
            Ok(see_other(&crate::views::topic::topic_url(&topic)))
        }
        Err(error @ (AppError::Invalid(_) | AppError::TooLarge(_))) => Ok(html_with_status(
            actix_web::ResponseError::status_code(&error),
            crate::views::topic::new_topic_page(&ctx, &categories, &draft, &error.messages(), None),
        )),
        Err(other) => Err(other),
    }
}

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
        Err(error @ (AppError::Invalid(_) | AppError::TooLarge(_))) => {
            let topic = topic_for_reply(&state, &user, topic_id).await?;
            Ok(html_with_status(
                actix_web::ResponseError::status_code(&error),
                crate::views::topic::reply_page(
                    &ctx,
                    &topic,
                    reply_to.map(|n| (n, "")),
                    &form.raw,
                    &error.messages(),
                    None,
                ),
            ))
        }
        Err(other) => Err(other),
    }
}

/// Parses a category id that may arrive as a number or a string (Discourse clients send both).
pub fn category_id_from(value: &serde_json::Value) -> AppResult<Option<CategoryId>> {
    match value {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(|id| Some(CategoryId(id)))
            .ok_or_else(|| AppError::BadRequest("category must be a whole number.".into())),
        serde_json::Value::String(s) if s.trim().is_empty() => Ok(None),
        serde_json::Value::String(s) => s
            .trim()
            .parse()
            .map(|id| Some(CategoryId(id)))
            .map_err(|_| AppError::BadRequest(format!("category {s:?} is not a number."))),
        _ => Err(AppError::BadRequest("category must be a number.".into())),
    }
}
