//! Categories: nested one level, optionally read-only for everyone but staff.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, max, sum};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{categories, topics};
use crate::models::ids::CategoryId;

/// A `categories` row.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = categories)]
pub struct Category {
    /// Id.
    pub id: CategoryId,
    /// Display name.
    pub name: String,
    /// URL slug, unique.
    pub slug: String,
    /// One paragraph of plain text.
    pub description: String,
    /// Six hex digits, no `#`.
    pub color: String,
    /// The parent, for subcategories.
    pub parent_id: Option<CategoryId>,
    /// Sort order among siblings.
    pub position: i32,
    /// Only staff may start topics or reply.
    pub read_only: bool,
    /// The project's homepage, for project categories.
    pub homepage_url: Option<String>,
    /// The project's source repository.
    pub repository_url: Option<String>,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

/// A validated category, from the web form or the CLI. Build it with [`CategoryInput::validate`].
#[derive(Debug, Clone, Default)]
pub struct CategoryInput {
    /// Display name, 1–50 characters.
    pub name: String,
    /// Slug; derived from the name when empty.
    pub slug: String,
    /// Plain text, up to 1,000 characters.
    pub description: String,
    /// Six hex digits.
    pub color: String,
    /// A top-level category to nest under.
    pub parent_id: Option<CategoryId>,
    /// Sort order.
    pub position: i32,
    /// Staff-only posting.
    pub read_only: bool,
    /// `http(s)://` link.
    pub homepage_url: Option<String>,
    /// `http(s)://` link.
    pub repository_url: Option<String>,
}

/// The raw strings a person typed for a category.
#[derive(Debug, Clone, Default)]
pub struct CategoryDraft {
    /// Name.
    pub name: String,
    /// Slug (may be empty).
    pub slug: String,
    /// Description.
    pub description: String,
    /// Colour, with or without `#` (may be empty).
    pub color: String,
    /// Parent id (may be empty).
    pub parent_id: Option<i64>,
    /// Position.
    pub position: i32,
    /// Read-only.
    pub read_only: bool,
    /// Homepage (may be empty).
    pub homepage_url: String,
    /// Repository (may be empty).
    pub repository_url: String,
}

fn optional_url(field: &str, value: &str, errors: &mut Vec<String>) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        None
    } else if (value.starts_with("https://") || value.starts_with("http://")) && value.len() <= 500
    {
        Some(value.to_owned())
    } else {
        errors.push(format!(
            "The {field} must be a web address starting with https://."
        ));
        None
    }
}

impl CategoryInput {
    /// Checks a draft; every problem is reported, one message each.
    pub fn validate(draft: CategoryDraft) -> Result<CategoryInput, Vec<String>> {
        let mut errors = Vec::new();
        let name = draft.name.trim().to_owned();
        if name.is_empty() {
            errors.push("The category needs a name.".to_owned());
        } else if name.chars().count() > 50 {
            errors.push("The category name can be at most 50 characters.".to_owned());
        }
        let slug = if draft.slug.trim().is_empty() {
            crate::models::slugify(&name)
        } else {
            draft.slug.trim().to_owned()
        };
        if !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            || slug.len() > 50
        {
            errors.push(
                "The slug may only hold lowercase letters, digits and hyphens (at most 50)."
                    .to_owned(),
            );
        }
        let color = draft.color.trim().trim_start_matches('#').to_uppercase();
        let color = if color.is_empty() {
            "0088CC".to_owned()
        } else {
            color
        };
        if color.len() != 6 || !color.bytes().all(|b| b.is_ascii_hexdigit()) {
            errors.push("The colour must be six hex digits, like 0088CC.".to_owned());
        }
        let description = draft.description.trim().to_owned();
        if description.chars().count() > 1000 {
            errors.push("The description can be at most 1,000 characters.".to_owned());
        }
        let homepage_url = optional_url("homepage", &draft.homepage_url, &mut errors);
        let repository_url = optional_url("repository link", &draft.repository_url, &mut errors);
        if errors.is_empty() {
            Ok(CategoryInput {
                name,
                slug,
                description,
                color,
                parent_id: draft.parent_id.map(CategoryId),
                position: draft.position,
                read_only: draft.read_only,
                homepage_url,
                repository_url,
            })
        } else {
            Err(errors)
        }
    }
}

/// An insert into `categories`.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = categories, treat_none_as_null = true)]
struct CategoryRow<'a> {
    name: &'a str,
    slug: &'a str,
    description: &'a str,
    color: &'a str,
    parent_id: Option<CategoryId>,
    position: i32,
    read_only: bool,
    homepage_url: Option<&'a str>,
    repository_url: Option<&'a str>,
}

impl<'a> From<&'a CategoryInput> for CategoryRow<'a> {
    fn from(input: &'a CategoryInput) -> Self {
        CategoryRow {
            name: &input.name,
            slug: &input.slug,
            description: &input.description,
            color: &input.color,
            parent_id: input.parent_id,
            position: input.position,
            read_only: input.read_only,
            homepage_url: input.homepage_url.as_deref(),
            repository_url: input.repository_url.as_deref(),
        }
    }
}

/// Why a category could not be saved.
#[derive(Debug)]
pub enum CategoryError {
    /// The slug is taken.
    SlugTaken,
    /// The parent does not exist or is itself a subcategory.
    BadParent,
    /// The database failed.
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for CategoryError {
    fn from(error: diesel::result::Error) -> Self {
        if crate::models::is_unique_violation(&error) {
            CategoryError::SlugTaken
        } else {
            CategoryError::Database(error)
        }
    }
}

/// Per-category activity: topics, posts, last post time.
#[derive(Debug, Clone, Copy, Default)]
pub struct CategoryStats {
    /// Topics in the category.
    pub topic_count: i64,
    /// Posts in those topics.
    pub post_count: i64,
    /// When the latest post was made.
    pub last_posted_at: Option<NaiveDateTime>,
}

impl Category {
    /// Whether `user` may start topics or reply here: read-only categories are staff-only.
    pub fn accepts_posts_from(&self, user: &crate::models::user::User) -> bool {
        !self.read_only || user.role().is_staff()
    }

    /// Every category by id, for labelling topic lists.
    pub fn by_id(conn: &mut AnyConnection) -> QueryResult<HashMap<CategoryId, Category>> {
        Ok(Category::all(conn)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect())
    }

    /// Every category, in display order (position, then name).
    pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<Category>> {
        categories::table
            .order((categories::position.asc(), categories::id.asc()))
            .select(Category::as_select())
            .load(conn)
    }

    /// The category with this id.
    pub fn find(conn: &mut AnyConnection, id: CategoryId) -> QueryResult<Category> {
        categories::table
            .find(id)
            .select(Category::as_select())
            .first(conn)
    }

    /// The category with this slug.
    pub fn find_by_slug(conn: &mut AnyConnection, slug: &str) -> QueryResult<Option<Category>> {
        categories::table
            .filter(categories::slug.eq(slug))
            .select(Category::as_select())
            .first(conn)
            .optional()
    }

    /// The ids of a category and its subcategories, for "everything in this category" lists.
    pub fn with_children_ids(
        conn: &mut AnyConnection,
        id: CategoryId,
    ) -> QueryResult<Vec<CategoryId>> {
        let mut ids: Vec<CategoryId> = categories::table
            .filter(categories::parent_id.eq(id))
            .select(categories::id)
            .load(conn)?;
        ids.push(id);
        Ok(ids)
    }

    fn check_parent(
        conn: &mut AnyConnection,
        input: &CategoryInput,
        own_id: Option<CategoryId>,
    ) -> Result<(), CategoryError> {
        if let Some(parent_id) = input.parent_id {
            let parent = categories::table
                .find(parent_id)
                .select(Category::as_select())
                .first(conn)
                .optional()?;
            // One level only: the parent must be top-level, and not the category itself.
            let ok = parent.is_some_and(|p| p.parent_id.is_none() && Some(p.id) != own_id);
            let has_children = match own_id {
                Some(id) => {
                    categories::table
                        .filter(categories::parent_id.eq(id))
                        .count()
                        .get_result::<i64>(conn)?
                        > 0
                }
                None => false,
            };
            if !ok || has_children {
                return Err(CategoryError::BadParent);
            }
        }
        Ok(())
    }

    /// Creates a category.
    pub fn create(
        conn: &mut AnyConnection,
        input: &CategoryInput,
    ) -> Result<Category, CategoryError> {
        conn.transaction(|conn| {
            Self::check_parent(conn, input, None)?;
            let row = CategoryRow::from(input);
            let category = diesel::insert_into(categories::table)
                .values((&row, categories::created_at.eq(crate::db::now())))
                .returning(categories::all_columns)
                .get_result(conn)?;
            Ok(category)
        })
    }

    /// Changes a category.
    pub fn update(
        conn: &mut AnyConnection,
        id: CategoryId,
        input: &CategoryInput,
    ) -> Result<Category, CategoryError> {
        conn.transaction(|conn| {
            Self::check_parent(conn, input, Some(id))?;
            let row = CategoryRow::from(input);
            let category = diesel::update(categories::table.find(id))
                .set(&row)
                .returning(categories::all_columns)
                .get_result(conn)?;
            Ok(category)
        })
    }

    /// Topic and post counts and last activity for every category, in one grouped query.
    pub fn stats(conn: &mut AnyConnection) -> QueryResult<HashMap<CategoryId, CategoryStats>> {
        let rows: Vec<(CategoryId, i64, Option<i64>, Option<NaiveDateTime>)> = topics::table
            .group_by(topics::category_id)
            .select((
                topics::category_id,
                count_star(),
                sum(topics::posts_count),
                max(topics::last_posted_at),
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, topic_count, posts, last)| {
                (
                    id,
                    CategoryStats {
                        topic_count,
                        post_count: posts.unwrap_or(0),
                        last_posted_at: last,
                    },
                )
            })
            .collect())
    }
}
