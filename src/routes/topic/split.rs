//! Splitting and merging topics: the move page (`GET /t/{id}/move`), and Discourse's
//! `POST /t/{id}/move-posts` (chosen posts to a new topic or the end of another) and
//! `POST /t/{id}/merge-topic` (every post into another), for the page's forms and the API.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::app::AppState;
use crate::auth::Guardian;
use crate::error::{AppError, AppResult};
use crate::models::category::Category;
use crate::models::ids::{CategoryId, PostId, TopicId};
use crate::models::invalid::{Field, FieldError, Problem};
use crate::models::post::Post;
use crate::models::topic::{POSTS_PER_PAGE, Topic};
use crate::routes::IdPath;
use crate::routes::context::SignedIn;
use crate::routes::input::{Input, lenient};
use crate::routes::respond::{Format, form_again, html, json, see_other};
use crate::services::move_posts::{self, Destination};
use crate::services::{Found, Missing};
use crate::views::topic::{MoveDraft, MoveView, move_page};

/// `?page=N` on the move page.
#[derive(Debug, Deserialize)]
pub struct MovePageQuery {
    page: Option<i64>,
}

/// Renders the move page for `id` at `page` (for the guardian, who must moderate the topic).
async fn render(
    who: &SignedIn,
    state: &AppState,
    id: TopicId,
    page: i64,
    draft: &MoveDraft,
    error: Option<&AppError>,
) -> AppResult<HttpResponse> {
    let guardian = who.guardian.clone();
    let visibility = guardian.visibility();
    let (topic, posts, categories, total_pages) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let (topic, category) =
                Topic::find_with_category(conn, id).found_or(Missing::Topic(id))?;
            guardian.can_moderate(&category)?;
            let total_pages = ((i64::from(topic.posts_count) - 1) / POSTS_PER_PAGE + 1).max(1);
            let page = page.clamp(1, total_pages);
            let posts = Post::page_of_topic(conn, id, visibility, page - 1, POSTS_PER_PAGE)?;
            let categories: Vec<Category> = Category::all(conn)?
                .into_iter()
                .filter(|c| guardian.can_moderate(c).is_ok())
                .collect();
            Ok((topic, posts, categories, total_pages))
        })
        .await?;
    let view = MoveView {
        topic: &topic,
        posts: &posts,
        page: page.clamp(1, total_pages),
        total_pages,
        categories: &categories,
    };
    Ok(match error {
        None => html(move_page(&who.page, &view, draft, &[])),
        Some(error) => form_again(error, |complaints| {
            move_page(&who.page, &view, draft, complaints)
        }),
    })
}

/// `GET /t/{id}/move`
pub async fn move_form(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    query: web::Query<MovePageQuery>,
) -> AppResult<HttpResponse> {
    let page = query.page.unwrap_or(1);
    render(
        &who,
        &state,
        TopicId(path.id),
        page,
        &MoveDraft::default(),
        None,
    )
    .await
}

/// Discourse's `post_ids[]`, `title`, `category_id` or `destination_topic_id` (a number, or
/// from the form a number or a topic's address), and the form's `move_to` (`new`/`existing`).
#[derive(Debug, Default, Deserialize)]
pub struct MoveRequest {
    #[serde(default, deserialize_with = "lenient::ints", alias = "post_ids[]")]
    post_ids: Vec<i64>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default, deserialize_with = "lenient::int")]
    category_id: Option<i64>,
    #[serde(default)]
    destination_topic_id: Option<Value>,
    #[serde(default)]
    move_to: Option<String>,
}

/// Discourse's answer to a move or merge.
#[derive(Debug, Serialize)]
pub struct MovedResponse {
    /// `OK`.
    pub success: &'static str,
    /// Where the posts are now.
    pub url: String,
}

/// The answer when moving to another topic, or merging, names no topic.
fn no_destination() -> AppError {
    AppError::from(vec![FieldError {
        field: Field::DestinationTopic,
        problem: Problem::Blank,
    }])
}

fn draft_of(request: &MoveRequest, form: &str) -> MoveDraft {
    MoveDraft {
        post_ids: request.post_ids.clone(),
        move_to: request.move_to.clone().unwrap_or_default(),
        title: request.title.clone().unwrap_or_default(),
        category_id: request.category_id,
        destination: match &request.destination_topic_id {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        },
        form: form.to_owned(),
    }
}

/// Answers a move or merge: where the posts went, or the form again with the problem.
async fn answer(
    who: SignedIn,
    format: Format,
    state: &AppState,
    id: TopicId,
    draft: MoveDraft,
    result: AppResult<Topic>,
) -> AppResult<HttpResponse> {
    match result {
        Ok(topic) if format == Format::Html => Ok(see_other(&topic.url())),
        Ok(topic) => Ok(json(&MovedResponse {
            success: "OK",
            url: topic.url(),
        })),
        Err(error) if format == Format::Html && error.is_fixable_in_form() => {
            render(&who, state, id, 1, &draft, Some(&error)).await
        }
        Err(error) => Err(error),
    }
}

/// `POST /t/{id}/move-posts(.json)`
pub async fn move_posts(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<MoveRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let id = TopicId(path.id);
    let draft = draft_of(&request, "move");
    let guardian: Guardian = who.guardian.clone();
    let result = async {
        let named = crate::routes::input::topic_named(
            Field::DestinationTopic,
            request.destination_topic_id.as_ref(),
        )
        .map_err(|e| AppError::from(vec![e]))?;
        let existing = match request.move_to.as_deref() {
            Some("existing") => Some(named.ok_or_else(no_destination)?),
            Some("new") => None,
            _ => named,
        };
        let ids: Vec<PostId> = request.post_ids.iter().copied().map(PostId).collect();
        let title = request.title.clone().unwrap_or_default();
        // A new topic needs its category named; an existing one brings its own.
        let category = match (existing, request.category_id) {
            (None, None) => {
                return Err(AppError::from(vec![FieldError {
                    field: Field::Category,
                    problem: Problem::Blank,
                }]));
            }
            (_, id) => CategoryId(id.unwrap_or_default()),
        };
        Ok(state
            .write(move |tx| {
                let to = match existing {
                    Some(topic) => Destination::Existing(topic),
                    None => Destination::NewTopic {
                        title: &title,
                        category,
                    },
                };
                move_posts::move_posts(tx, &guardian, id, &ids, to)
            })
            .await?)
    }
    .await;
    answer(who, format, &state, id, draft, result).await
}

/// `POST /t/{id}/merge-topic(.json)`
pub async fn merge_topic(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<MoveRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let id = TopicId(path.id);
    let draft = draft_of(&request, "merge");
    let guardian = who.guardian.clone();
    let result = async {
        let into = crate::routes::input::topic_named(
            Field::DestinationTopic,
            request.destination_topic_id.as_ref(),
        )
        .map_err(|e| AppError::from(vec![e]))?
        .ok_or_else(no_destination)?;
        Ok(state
            .write(move |tx| move_posts::merge(tx, &guardian, id, into))
            .await?)
    }
    .await;
    answer(who, format, &state, id, draft, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_destination_is_a_number_or_a_topic_address() {
        let named = |v: Value| crate::routes::input::topic_named(Field::DestinationTopic, Some(&v));
        assert_eq!(named(Value::from(12)), Ok(Some(TopicId(12))));
        assert_eq!(named(Value::from(" 12 ")), Ok(Some(TopicId(12))));
        assert_eq!(
            named(Value::from("/t/chunk-sizes/34")),
            Ok(Some(TopicId(34)))
        );
        assert_eq!(named(Value::from("/t/34/7")), Ok(Some(TopicId(34))));
        assert_eq!(
            named(Value::from(
                "https://forum.example.org/t/chunk-sizes/34?page=2"
            )),
            Ok(Some(TopicId(34)))
        );
        assert_eq!(named(Value::from("")), Ok(None));
        assert!(named(Value::from("chunk sizes")).is_err());
        assert!(named(Value::from("/t/no-number-here")).is_err());
        assert!(named(Value::Bool(true)).is_err());
    }
}
