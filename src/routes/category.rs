//! Handlers for categories: the overview, one category's topics, and admin management.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::api::category::{CategoryDetail, CategoryResponse, UpdatedCategoryResponse};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::models::category::{Category, CategoryDraft, CategoryInput, tree};
use crate::models::ids::CategoryId;
use crate::models::invalid::{Field, FieldError, Problem};
use crate::models::topic::{Topic, TopicFilter, TopicPage};
use crate::models::watching::{CategoryWatch, Level};
use crate::routes::context::{Admin, Viewer};
use crate::routes::input::{Input, lenient};
use crate::routes::respond::{Format, form_again, html, json, see_other};
use crate::routes::{Form, IdPath};
use crate::services::{self, Found, Missing};
use crate::views::category::CategoryView;

/// `GET /categories`, `GET /categories.json`
pub async fn show_categories(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let categories = state
        .db
        .read(|conn| -> AppResult<_> { Ok(Category::all(conn)?) })
        .await?;
    let trees = tree(&categories);
    Ok(match format {
        Format::Html => html(crate::views::category::categories_page(
            &viewer.page,
            &trees,
        )),
        Format::Json => json(&crate::api::category::categories(
            &trees,
            viewer.guardian.can_manage_categories().is_ok(),
            viewer.guardian.can_create_topic().is_ok(),
        )),
    })
}

/// `?page=N&solved=no|yes` on a category.
#[derive(Debug, Deserialize)]
pub struct CategoryQuery {
    page: Option<i64>,
    solved: Option<String>,
    order: Option<String>,
    ascending: Option<String>,
}

/// `GET /c/{slug}/{id}`, `GET /c/{parent}/{slug}/{id}`, `GET /c/{id}`, and each with `.json`
pub async fn show_category(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    query: web::Query<CategoryQuery>,
) -> AppResult<HttpResponse> {
    let id = CategoryId(path.id);
    let page = query.page.unwrap_or(0).max(0);
    // `?solved=no` (the Solved plugin's) lists the unsolved questions, `yes` the solved.
    let solved = match query.solved.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("no" | "false") => Some(false),
        Some("yes" | "true") => Some(true),
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "solved={other} is not understood: use solved=no for unsolved questions, or \
                 solved=yes."
            )));
        }
    };
    let sort = crate::routes::sort_of(query.order.as_deref(), query.ascending.as_deref())?;
    let per_page = state.config.posts.topics_per_page;
    let visibility = viewer.guardian.visibility();
    let member = viewer.user.as_ref().map(|u| u.id);
    let reader = crate::routes::reading::ListReader::of(&viewer, &state);
    let (categories, topics, watching): (Vec<Category>, TopicPage, Option<Level>) = state
        .db
        .read(move |conn| -> AppResult<_> {
            Category::find(conn, id).found_or(Missing::Category(id))?;
            let ids = Category::with_children_ids(conn, id)?;
            let filter = match solved {
                Some(solved) => TopicFilter::Solved(ids, solved),
                None => TopicFilter::Categories(ids),
            };
            let mut topics = Topic::list_sorted(conn, &filter, visibility, page, per_page, sort)?;
            if let Some(reader) = &reader {
                reader.mark(conn, &mut topics)?;
            }
            let watching = match (member, format) {
                (Some(member), Format::Html) => {
                    Some(CategoryWatch::level(conn, member, id)?.unwrap_or(Level::Normal))
                }
                _ => None,
            };
            Ok((Category::all(conn)?, topics, watching))
        })
        .await?;
    let category = categories
        .iter()
        .find(|c| c.id == id)
        .ok_or(Missing::Category(id))?;
    Ok(match format {
        Format::Json => {
            let more = topics.has_more.then(|| {
                let base = crate::views::category::list_address(category, solved, sort);
                let joint = if base.contains('?') { '&' } else { '?' };
                format!("{base}{joint}page={}", page + 1)
            });
            json(&crate::api::topic_list::topic_list(
                &topics,
                per_page,
                more,
                viewer.guardian.can_create_topic().is_ok(),
            ))
        }
        Format::Html => {
            let by_id = categories.iter().map(|c| (c.id, c.clone())).collect();
            html(crate::views::category::category_page(
                &viewer.page,
                &CategoryView {
                    category,
                    parent: category
                        .parent_id
                        .and_then(|p| categories.iter().find(|c| c.id == p)),
                    children: categories
                        .iter()
                        .filter(|c| c.parent_id == Some(id))
                        .collect(),
                    topics: &topics,
                    by_id: &by_id,
                    sort,
                    watching,
                    page,
                    can_create_topic: viewer.guardian.can_create_topic_in(category).is_ok(),
                    solved,
                },
            ))
        }
    })
}

async fn all_categories(state: &AppState) -> AppResult<Vec<Category>> {
    state
        .db
        .read(|conn| Category::all(conn).map_err(AppError::from))
        .await
}

/// `GET /admin/categories`
pub async fn manage_categories(
    admin: Admin,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let categories = all_categories(&state).await?;
    Ok(html(crate::views::category::admin_categories_page(
        &admin.page,
        &categories,
        &CategoryDraft::default(),
        &[],
    )))
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
    proposals: Option<String>,
    questions: Option<String>,
    #[serde(default)]
    close_solved_after_days: String,
    #[serde(default)]
    homepage_url: String,
    #[serde(default)]
    repository_url: String,
}

impl CategoryForm {
    /// The draft to show again, and the position's problem if it is not a number.
    fn into_draft(self) -> Result<(CategoryDraft, Option<FieldError>), AppError> {
        let parent_id = match self.parent_id.trim() {
            "" => None,
            text => Some(text.parse().map_err(|_| {
                AppError::BadRequest(crate::messages::not_a_number("parent_id", text))
            })?),
        };
        let (position, position_problem) = match self.position.trim() {
            "" => (0, None),
            text => match text.parse() {
                Ok(n) => (n, None),
                Err(_) => (
                    0,
                    Some(FieldError::new(Field::Position, Problem::Malformed)),
                ),
            },
        };
        let draft = CategoryDraft {
            name: self.name,
            slug: self.slug,
            description: self.description,
            color: self.color,
            parent_id,
            position,
            read_only: self.read_only.is_some(),
            proposals: self.proposals.is_some(),
            questions: self.questions.is_some(),
            close_solved_after_days: self.close_solved_after_days,
            homepage_url: self.homepage_url,
            repository_url: self.repository_url,
        };
        Ok((draft, position_problem))
    }
}

/// Checks and saves a category form; on a problem shows the form again with it.
async fn save_category(
    admin: &Admin,
    state: &AppState,
    existing: Option<Category>,
    form: CategoryForm,
) -> AppResult<HttpResponse> {
    let (draft, position_problem) = form.into_draft()?;
    let checked = match (CategoryInput::validate(&draft), position_problem) {
        (Ok(input), None) => Ok(input),
        (Ok(_), Some(problem)) => Err(vec![problem]),
        (Err(mut problems), problem) => {
            problems.extend(problem);
            Err(problems)
        }
    };
    let result = match checked {
        Err(problems) => Err(AppError::from(problems)),
        Ok(input) => {
            let id = existing.as_ref().map(|c| c.id);
            let guardian = admin.guardian.clone();
            state
                .write(move |tx| match id {
                    Some(id) => services::category::update(tx, &guardian, id, &input),
                    None => services::category::create(tx, &guardian, &input),
                })
                .await
                .map_err(AppError::from)
        }
    };
    match result {
        Ok(category) => Ok(see_other(&crate::views::components::category_url(
            &category,
        ))),
        Err(error) if error.is_fixable_in_form() => {
            let categories = all_categories(state).await?;
            Ok(form_again(&error, |complaints| match &existing {
                Some(c) => crate::views::category::edit_category_page(
                    &admin.page,
                    c,
                    &categories,
                    &draft,
                    complaints,
                ),
                None => crate::views::category::admin_categories_page(
                    &admin.page,
                    &categories,
                    &draft,
                    complaints,
                ),
            }))
        }
        Err(other) => Err(other),
    }
}

/// `POST /admin/categories`
pub async fn create_category(
    admin: Admin,
    state: web::Data<AppState>,
    form: Form<CategoryForm>,
) -> AppResult<HttpResponse> {
    save_category(&admin, &state, None, form.into_inner()).await
}

async fn find_category(state: &AppState, id: CategoryId) -> AppResult<Category> {
    state
        .db
        .read(move |conn| -> AppResult<_> {
            Ok(Category::find(conn, id).found_or(Missing::Category(id))?)
        })
        .await
}

/// `GET /admin/categories/{id}/edit`
pub async fn edit_category_form(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let category = find_category(&state, CategoryId(path.into_inner())).await?;
    let categories = all_categories(&state).await?;
    let draft = draft_of(&category);
    Ok(html(crate::views::category::edit_category_page(
        &admin.page,
        &category,
        &categories,
        &draft,
        &[],
    )))
}

/// `POST /admin/categories/{id}`
pub async fn update_category(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: Form<CategoryForm>,
) -> AppResult<HttpResponse> {
    let category = find_category(&state, CategoryId(path.into_inner())).await?;
    save_category(&admin, &state, Some(category), form.into_inner()).await
}

/// A category's fields as the API sends them (`POST /categories.json`, `PUT
/// /categories/{id}.json`), in any body encoding. Absent fields keep their values on update.
/// Discourse's other fields (`text_color`, `permissions`, …) are accepted and not kept.
#[derive(Debug, Default, Deserialize)]
pub struct CategoryRequest {
    name: Option<String>,
    slug: Option<String>,
    color: Option<String>,
    description: Option<String>,
    #[serde(default, deserialize_with = "lenient::int")]
    parent_category_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::int")]
    position: Option<i64>,
    #[serde(default, deserialize_with = "lenient::bool")]
    read_only: Option<bool>,
    #[serde(default, deserialize_with = "lenient::bool")]
    proposals: Option<bool>,
    #[serde(default, deserialize_with = "lenient::bool")]
    questions: Option<bool>,
    homepage_url: Option<String>,
    repository_url: Option<String>,
}

impl CategoryRequest {
    /// `draft` with the fields this request sets.
    fn over(self, mut draft: CategoryDraft) -> Result<CategoryDraft, AppError> {
        if let Some(name) = self.name {
            draft.name = name;
        }
        if let Some(slug) = self.slug {
            draft.slug = slug;
        }
        if let Some(color) = self.color {
            draft.color = color;
        }
        if let Some(description) = self.description {
            draft.description = description;
        }
        if let Some(parent) = self.parent_category_id {
            draft.parent_id = Some(parent);
        }
        if let Some(position) = self.position {
            draft.position = i32::try_from(position).map_err(|_| {
                AppError::from(vec![FieldError::new(Field::Position, Problem::Malformed)])
            })?;
        }
        if let Some(read_only) = self.read_only {
            draft.read_only = read_only;
        }
        if let Some(proposals) = self.proposals {
            draft.proposals = proposals;
        }
        if let Some(questions) = self.questions {
            draft.questions = questions;
        }
        if let Some(url) = self.homepage_url {
            draft.homepage_url = url;
        }
        if let Some(url) = self.repository_url {
            draft.repository_url = url;
        }
        Ok(draft)
    }
}

/// The draft the edit form starts from: the category as it is.
fn draft_of(category: &Category) -> CategoryDraft {
    CategoryDraft {
        name: category.name.clone(),
        slug: category.slug.clone(),
        description: category.description.clone(),
        color: category.color.clone(),
        parent_id: category.parent_id.map(|p| p.0),
        position: category.position,
        read_only: category.read_only,
        proposals: category.proposals,
        questions: category.questions,
        close_solved_after_days: category
            .close_solved_after_days
            .map(|days| days.to_string())
            .unwrap_or_default(),
        homepage_url: category.homepage_url.clone().unwrap_or_default(),
        repository_url: category.repository_url.clone().unwrap_or_default(),
    }
}

/// A category in full, with its own activity and how many subcategories it has.
async fn detail(state: &AppState, category: Category, can_edit: bool) -> AppResult<CategoryDetail> {
    let id = category.id;
    let children = state
        .db
        .read(move |conn| -> AppResult<_> {
            Ok(Category::with_children_ids(conn, id)?.len() as i64 - 1)
        })
        .await?;
    Ok(CategoryDetail::new(
        &category,
        category.stats(),
        children,
        can_edit,
    ))
}

/// `GET /c/{id}/show.json`: one category in full.
pub async fn show_category_detail(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    let category = find_category(&state, CategoryId(path.id)).await?;
    let can_edit = viewer.guardian.can_manage_categories().is_ok();
    Ok(json(&CategoryResponse {
        category: detail(&state, category, can_edit).await?,
    }))
}

/// `POST /categories.json`: creates a category (admins).
pub async fn create_category_json(
    admin: Admin,
    state: web::Data<AppState>,
    request: Input<CategoryRequest>,
) -> AppResult<HttpResponse> {
    let draft = request.into_inner().over(CategoryDraft::default())?;
    let input = CategoryInput::validate(&draft)?;
    let guardian = admin.guardian;
    let category = state
        .write(move |tx| services::category::create(tx, &guardian, &input))
        .await?;
    Ok(json(&CategoryResponse {
        category: detail(&state, category, true).await?,
    }))
}

/// `PUT /categories/{id}.json`: changes the fields sent (admins).
pub async fn update_category_json(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<CategoryRequest>,
) -> AppResult<HttpResponse> {
    let existing = find_category(&state, CategoryId(path.id)).await?;
    let draft = request.into_inner().over(draft_of(&existing))?;
    let input = CategoryInput::validate(&draft)?;
    let (guardian, id) = (admin.guardian, existing.id);
    let category = state
        .write(move |tx| services::category::update(tx, &guardian, id, &input))
        .await?;
    Ok(json(&UpdatedCategoryResponse {
        success: "OK",
        category: detail(&state, category, true).await?,
    }))
}
