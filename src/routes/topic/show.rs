//! Reading topics: the latest list, topic pages and their JSON, post permalinks.

use actix_web::{HttpResponse, web};
use maud::Markup;

use crate::app::AppState;
use crate::auth::MaybeUser;
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult, MustExist, OrNotFound};
use crate::models::category::Category;
use crate::models::ids::TopicId;
use crate::models::post::Post;
use crate::models::topic::{Topic, TopicFilter};
use crate::models::user::User;
use crate::routes::topic::POSTS_PER_PAGE;
use crate::routes::{PageQuery, see_other};
use crate::views::layout::PageContext;
use crate::views::topic::TopicView;
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

/// Loads one page of a topic; runs on a database connection, so callers needing more (the
/// JSON's post stream) add it in the same trip.
fn load_topic(conn: &mut AnyConnection, id: TopicId, page: i64) -> AppResult<LoadedTopic> {
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
}

async fn render_topic(
    ctx: PageContext,
    state: &AppState,
    id: TopicId,
    page: Option<i64>,
) -> AppResult<Markup> {
    let page = page.unwrap_or(1);
    let loaded = state
        .db
        .read(move |conn| load_topic(conn, id, page))
        .await?;
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
    let (loaded, stream, mut creators) = state
        .db
        .read(move |conn| {
            let loaded = load_topic(conn, id, page.unwrap_or(1))?;
            let creator_id = loaded.topic.user_id;
            let stream = Topic::post_ids(conn, id)?;
            let creators = crate::models::user::UserSummary::by_ids(conn, &[creator_id])?;
            Ok((loaded, stream, creators))
        })
        .await?;
    let creator = creators
        .remove(&loaded.topic.user_id)
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
pub(super) async fn post_location(
    state: &AppState,
    topic: Topic,
    post_number: i32,
) -> AppResult<String> {
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
