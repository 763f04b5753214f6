//! Starting topics: the new-topic form, its preview, and saving it.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::Guardian;
use crate::error::AppResult;
use crate::models::category::Category;
use crate::models::ids::CategoryId;
use crate::routes::Form;
use crate::routes::context::SignedIn;
use crate::routes::publish;
use crate::routes::respond::{form_again, html, is_preview, preview, see_other};
use crate::services::queue::Submitted;
use crate::views::topic::TopicDraft;

/// `?category=ID` on the new-topic form.
#[derive(Debug, Deserialize)]
pub struct NewTopicQuery {
    category: Option<i64>,
}

/// The categories `guardian` may start topics in, in display order.
async fn categories_for(state: &AppState, guardian: Guardian) -> AppResult<Vec<Category>> {
    let all = state
        .db
        .read(|conn| Category::all(conn).map_err(crate::error::AppError::from))
        .await?;
    Ok(all
        .into_iter()
        .filter(|c| guardian.can_create_topic_in(c).is_ok())
        .collect())
}

/// `GET /new-topic`
pub async fn new_topic_form(
    who: SignedIn,
    state: web::Data<AppState>,
    query: web::Query<NewTopicQuery>,
) -> AppResult<HttpResponse> {
    let choices = crate::routes::tags::choices(&state, &who.guardian).await?;
    let categories = categories_for(&state, who.guardian).await?;
    let draft = TopicDraft {
        category_id: query.category,
        ..TopicDraft::default()
    };
    Ok(html(crate::views::topic::new_topic_page(
        &who.page,
        &categories,
        &draft,
        &choices,
        &[],
        None,
        &[],
    )))
}

/// What the new-topic form posts.
#[derive(Debug, Deserialize)]
pub struct TopicForm {
    title: String,
    #[serde(default)]
    category: String,
    raw: String,
    #[serde(default)]
    tags: String,
    intent: Option<String>,
}

/// `POST /new-topic`
pub async fn create_topic(
    who: SignedIn,
    state: web::Data<AppState>,
    form: Form<TopicForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let draft = TopicDraft {
        title: form.title.clone(),
        category_id: form.category.trim().parse().ok(),
        raw: form.raw.clone(),
        tags: form.tags.clone(),
    };
    if is_preview(&form.intent) {
        let choices = crate::routes::tags::choices(&state, &who.guardian).await?;
        let categories = categories_for(&state, who.guardian).await?;
        let rendered = match preview(&state, &who.user, form.raw).await {
            Ok(rendered) => rendered,
            Err(error) if error.is_fixable_in_form() => {
                return Ok(form_again(&error, |complaints| {
                    crate::views::topic::new_topic_page(
                        &who.page,
                        &categories,
                        &draft,
                        &choices,
                        complaints,
                        None,
                        &[],
                    )
                }));
            }
            Err(other) => return Err(other),
        };
        // Found by the title, so a duplicate is caught before it is posted.
        let similar = crate::routes::search::similar_topics(&state, &draft.title).await?;
        return Ok(html(crate::views::topic::new_topic_page(
            &who.page,
            &categories,
            &draft,
            &choices,
            &[],
            Some(&rendered),
            &similar,
        )));
    }
    let category = draft.category_id.map(CategoryId);
    match publish::start_topic(
        &state,
        who.guardian.clone(),
        &form.title,
        category,
        form.raw,
        crate::models::tag::split_typed(&form.tags),
    )
    .await
    {
        Ok(Submitted::Published(topic, _)) => {
            Ok(see_other(&crate::views::topic::topic_url(&topic)))
        }
        Ok(Submitted::Queued(item, _)) => Ok(see_other(&publish::waiting_address(&item))),
        Err(error) if error.is_fixable_in_form() => {
            let choices = crate::routes::tags::choices(&state, &who.guardian).await?;
            let categories = categories_for(&state, who.guardian).await?;
            Ok(form_again(&error, |complaints| {
                crate::views::topic::new_topic_page(
                    &who.page,
                    &categories,
                    &draft,
                    &choices,
                    complaints,
                    None,
                    &[],
                )
            }))
        }
        Err(other) => Err(other),
    }
}
