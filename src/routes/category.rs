//! Handlers for categories: the overview, one category's topics, and admin management.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{Admin, MaybeUser};
use crate::error::{AppError, AppResult, OrNotFound};
use crate::models::category::{Category, CategoryDraft, CategoryError, CategoryInput};
use crate::models::ids::CategoryId;
use crate::models::topic::{Topic, TopicFilter};
use crate::routes::{Form, PageQuery, form_again, html_with_status, see_other};
use crate::views::category::{CategoryView, tree};
use crate::views::layout::PageContext;

/// `GET /categories`
pub async fn show_categories(ctx: PageContext, state: web::Data<AppState>) -> AppResult<Markup> {
    let (categories, stats) = state
        .db
        .read(|conn| Ok((Category::all(conn)?, Category::stats(conn)?)))
        .await?;
    Ok(crate::views::category::categories_page(
        &ctx,
        &tree(&categories, &stats),
    ))
}

/// `GET /categories.json`
pub async fn show_categories_json(
    MaybeUser(viewer): MaybeUser,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let (categories, stats) = state
        .db
        .read(|conn| Ok((Category::all(conn)?, Category::stats(conn)?)))
        .await?;
    let is_admin = viewer
        .as_ref()
        .is_some_and(|u| u.role() == crate::models::user::Role::Admin);
    Ok(
        HttpResponse::Ok().json(crate::views::category::categories_json(
            &tree(&categories, &stats),
            is_admin,
            viewer.is_some(),
        )),
    )
}

struct LoadedCategory {
    categories: Vec<Category>,
    topics: crate::models::topic::TopicPage,
}

async fn load_category(state: &AppState, id: CategoryId, page: i64) -> AppResult<LoadedCategory> {
    let per_page = state.config.posts.topics_per_page;
    state
        .db
        .read(move |conn| {
            Category::find(conn, id).or_not_found(format!("There is no category with id {id}."))?;
            let ids = Category::with_children_ids(conn, id)?;
            let topics = Topic::list(conn, &TopicFilter::Categories(ids), page, per_page)?;
            Ok(LoadedCategory {
                categories: Category::all(conn)?,
                topics,
            })
        })
        .await
}

async fn render_category(
    ctx: PageContext,
    state: &AppState,
    id: CategoryId,
    page: Option<i64>,
) -> AppResult<Markup> {
    let page = page.unwrap_or(0).max(0);
    let loaded = load_category(state, id, page).await?;
    let by_id = loaded
        .categories
        .iter()
        .map(|c| (c.id, c.clone()))
        .collect();
    let category = loaded
        .categories
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| AppError::NotFound(format!("There is no category with id {id}.")))?;
    let view = CategoryView {
        category,
        parent: category
            .parent_id
            .and_then(|p| loaded.categories.iter().find(|c| c.id == p)),
        children: loaded
            .categories
            .iter()
            .filter(|c| c.parent_id == Some(id))
            .collect(),
        topics: &loaded.topics,
        by_id: &by_id,
        page,
    };
    Ok(crate::views::category::category_page(&ctx, &view))
}

async fn category_json(
    viewer_signed_in: bool,
    state: &AppState,
    id: CategoryId,
    page: Option<i64>,
) -> AppResult<HttpResponse> {
    let page = page.unwrap_or(0).max(0);
    let loaded = load_category(state, id, page).await?;
    let category = loaded
        .categories
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| AppError::NotFound(format!("There is no category with id {id}.")))?;
    let more = loaded.topics.has_more.then(|| {
        format!(
            "{}?page={}",
            crate::views::components::category_url(category),
            page + 1
        )
    });
    let per_page = state.config.posts.topics_per_page;
    Ok(
        HttpResponse::Ok().json(crate::views::topic::topic_list_json(
            &loaded.topics,
            per_page,
            more,
            viewer_signed_in,
        )),
    )
}

/// `GET /c/{slug}/{id}`
pub async fn show_category(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    query: web::Query<PageQuery>,
) -> AppResult<Markup> {
    render_category(ctx, &state, CategoryId(path.1), query.page).await
}

/// `GET /c/{parent}/{slug}/{id}`
pub async fn show_subcategory(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<(String, String, i64)>,
    query: web::Query<PageQuery>,
) -> AppResult<Markup> {
    render_category(ctx, &state, CategoryId(path.2), query.page).await
}

/// `GET /c/{slug}/{id}.json`
pub async fn show_category_json(
    MaybeUser(viewer): MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    category_json(viewer.is_some(), &state, CategoryId(path.1), query.page).await
}

/// `GET /c/{parent}/{slug}/{id}.json`
pub async fn show_subcategory_json(
    MaybeUser(viewer): MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<(String, String, i64)>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    category_json(viewer.is_some(), &state, CategoryId(path.2), query.page).await
}

/// `GET /admin/categories`
pub async fn manage_categories(
    ctx: PageContext,
    _admin: Admin,
    state: web::Data<AppState>,
) -> AppResult<Markup> {
    let categories = state.db.read(|conn| Ok(Category::all(conn)?)).await?;
    Ok(crate::views::category::admin_categories_page(
        &ctx,
        &categories,
        &CategoryDraft::default(),
        &[],
    ))
}

/// What the category form posts.
#[derive(Debug, Deserialize)]
pub struct CategoryForm {
    name: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    color: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    position: String,
    read_only: Option<String>,
    #[serde(default)]
    homepage_url: String,
    #[serde(default)]
    repository_url: String,
}

impl CategoryForm {
    fn into_draft(self) -> Result<CategoryDraft, AppError> {
        let parent_id = match self.parent_id.trim() {
            "" => None,
            text => Some(text.parse().map_err(|_| {
                AppError::BadRequest(format!("Parent {text:?} is not a category id."))
            })?),
        };
        let position = match self.position.trim() {
            "" => 0,
            text => text.parse().map_err(|_| {
                AppError::invalid(format!("The position {text:?} is not a whole number."))
            })?,
        };
        Ok(CategoryDraft {
            name: self.name,
            slug: self.slug,
            description: self.description,
            color: self.color,
            parent_id,
            position,
            read_only: self.read_only.is_some(),
            homepage_url: self.homepage_url,
            repository_url: self.repository_url,
        })
    }
}

fn category_error(error: CategoryError) -> AppError {
    match error {
        CategoryError::SlugTaken => {
            AppError::Conflict("Another category already uses that slug.".into())
        }
        CategoryError::BadParent => AppError::invalid(
            "The parent must be a top-level category (categories nest one level deep).",
        ),
        CategoryError::Database(e) => e.into(),
    }
}

/// Validates and saves a category form; on a problem shows the form again with its messages.
async fn save_category(
    ctx: &PageContext,
    state: &AppState,
    existing: Option<Category>,
    form: CategoryForm,
) -> AppResult<HttpResponse> {
    let draft = form.into_draft()?;
    let result = match CategoryInput::validate(draft.clone()) {
        Err(messages) => Err(AppError::Invalid(messages)),
        Ok(input) => {
            let id = existing.as_ref().map(|c| c.id);
            state
                .db
                .write(move |conn| {
                    match id {
                        Some(id) => Category::update(conn, id, &input),
                        None => Category::create(conn, &input),
                    }
                    .map_err(category_error)
                })
                .await
        }
    };
    match result {
        Ok(category) => Ok(see_other(&crate::views::components::category_url(
            &category,
        ))),
        Err(error) if error.is_fixable_in_form() => {
            let categories = state.db.read(|conn| Ok(Category::all(conn)?)).await?;
            Ok(form_again(&error, |messages| match &existing {
                Some(c) => crate::views::category::edit_category_page(
                    ctx,
                    c,
                    &categories,
                    &draft,
                    messages,
                ),
                None => crate::views::category::admin_categories_page(
                    ctx,
                    &categories,
                    &draft,
                    messages,
                ),
            }))
        }
        Err(other) => Err(other),
    }
}

/// `POST /admin/categories`
pub async fn create_category(
    ctx: PageContext,
    _admin: Admin,
    state: web::Data<AppState>,
    form: Form<CategoryForm>,
) -> AppResult<HttpResponse> {
    save_category(&ctx, &state, None, form.into_inner()).await
}

async fn find_category(state: &AppState, id: CategoryId) -> AppResult<Category> {
    state
        .db
        .read(move |conn| {
            Category::find(conn, id).or_not_found(format!("There is no category with id {id}."))
        })
        .await
}

/// `GET /admin/categories/{id}/edit`
pub async fn edit_category_form(
    ctx: PageContext,
    _admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let category = find_category(&state, CategoryId(path.into_inner())).await?;
    let categories = state.db.read(|conn| Ok(Category::all(conn)?)).await?;
    let draft = CategoryDraft {
        name: category.name.clone(),
        slug: category.slug.clone(),
        description: category.description.clone(),
        color: category.color.clone(),
        parent_id: category.parent_id.map(|p| p.0),
        position: category.position,
        read_only: category.read_only,
        homepage_url: category.homepage_url.clone().unwrap_or_default(),
        repository_url: category.repository_url.clone().unwrap_or_default(),
    };
    Ok(html_with_status(
        StatusCode::OK,
        crate::views::category::edit_category_page(&ctx, &category, &categories, &draft, &[]),
    ))
}

/// `POST /admin/categories/{id}`
pub async fn update_category(
    ctx: PageContext,
    _admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: Form<CategoryForm>,
) -> AppResult<HttpResponse> {
    let category = find_category(&state, CategoryId(path.into_inner())).await?;
    save_category(&ctx, &state, Some(category), form.into_inner()).await
}
