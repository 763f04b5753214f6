//! Starting topics: the new-topic form, its validation (shared with the API), and saving.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::markdown;
use crate::models::category::Category;
use crate::models::ids::CategoryId;
use crate::models::post::{Post, check_body};
use crate::models::topic::{NewTopicInput, Topic, validate_title};
use crate::models::user::User;
use crate::routes::{Form, form_again, html_with_status, is_preview, see_other};
use crate::views::layout::PageContext;
use crate::views::topic::TopicDraft;
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
        Err(error) if error.is_fixable_in_form() => Ok(form_again(&error, |messages| {
            crate::views::topic::new_topic_page(&ctx, &categories, &draft, messages, None)
        })),
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
