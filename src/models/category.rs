//! Categories: nested one level, optionally read-only for everyone but staff.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, max, sum};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{categories, topics};
use crate::models::ids::CategoryId;
use crate::models::invalid::{Field, FieldError, Problem, Problems, optional_url};

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
    /// Topics in it, kept by the services as topics start and move ([`Category::count_posts`]).
    pub topic_count: i64,
    /// Posts in those topics, kept likewise.
    pub post_count: i64,
    /// When the latest of them was posted, kept likewise.
    pub last_posted_at: Option<NaiveDateTime>,
    /// Its topics are proposals (`models::proposal`).
    pub proposals: bool,
    /// Its topics are questions: one reply may be marked the solution.
    pub questions: bool,
    /// Days after a question here is solved that it closes (`None`: never).
    pub close_solved_after_days: Option<i32>,
}

/// The raw values a person typed for a category (the web form, the command line, the demo).
#[derive(Debug, Clone, Default)]
pub struct CategoryDraft {
    /// Name.
    pub name: String,
    /// Slug (may be empty: made from the name).
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
    /// Its topics are proposals.
    pub proposals: bool,
    /// Its topics are questions.
    pub questions: bool,
    /// Days after which a solved question closes, as typed (may be empty: never).
    pub close_solved_after_days: String,
    /// Homepage (may be empty).
    pub homepage_url: String,
    /// Repository (may be empty).
    pub repository_url: String,
}

/// A category, checked field by field. Whether the parent exists and may have children is for
/// the service to decide, inside its transaction.
#[derive(Debug, Clone, Default)]
pub struct CategoryInput {
    /// Display name, 1–50 characters.
    pub name: String,
    /// Slug; derived from the name when none was given.
    pub slug: String,
    /// Plain text, up to 1,000 characters.
    pub description: String,
    /// Six hex digits, upper case.
    pub color: String,
    /// A top-level category to nest under.
    pub parent_id: Option<CategoryId>,
    /// Sort order.
    pub position: i32,
    /// Staff-only posting.
    pub read_only: bool,
    /// Its topics are proposals.
    pub proposals: bool,
    /// Its topics are questions.
    pub questions: bool,
    /// Days after which a solved question closes, 1 to [`MAX_CLOSE_SOLVED_DAYS`].
    pub close_solved_after_days: Option<i32>,
    /// `http(s)://` link.
    pub homepage_url: Option<String>,
    /// `http(s)://` link.
    pub repository_url: Option<String>,
}

/// The longest category name, in characters.
pub const MAX_NAME_CHARS: usize = 50;
/// The longest slug, in bytes (ASCII only).
pub const MAX_SLUG_BYTES: usize = 50;
/// The longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 1000;
/// The longest wait before a solved question closes: ten years.
pub const MAX_CLOSE_SOLVED_DAYS: i32 = 3650;
/// The colour a category gets when none is given.
pub const DEFAULT_COLOR: &str = "0088CC";

impl CategoryInput {
    /// Checks a draft; every problem is reported.
    pub fn validate(draft: &CategoryDraft) -> Result<CategoryInput, Vec<FieldError>> {
        let mut problems = Problems::default();
        let name = draft.name.trim().to_owned();
        let name_length = name.chars().count();
        if name.is_empty() {
            problems.add(Field::CategoryName, Problem::Blank);
        } else if name_length > MAX_NAME_CHARS {
            problems.add(
                Field::CategoryName,
                Problem::TooLong {
                    max: MAX_NAME_CHARS,
                    actual: name_length,
                },
            );
        }
        let slug = if draft.slug.trim().is_empty() {
            crate::models::slugify(&name)
        } else {
            draft.slug.trim().to_owned()
        };
        if !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            || slug.len() > MAX_SLUG_BYTES
        {
            problems.add(Field::Slug, Problem::Malformed);
        }
        let color = draft.color.trim().trim_start_matches('#').to_uppercase();
        let color = if color.is_empty() {
            DEFAULT_COLOR.to_owned()
        } else {
            color
        };
        if color.len() != 6 || !color.bytes().all(|b| b.is_ascii_hexdigit()) {
            problems.add(Field::Colour, Problem::Malformed);
        }
        let description = draft.description.trim().to_owned();
        let description_length = description.chars().count();
        if description_length > MAX_DESCRIPTION_CHARS {
            problems.add(
                Field::Description,
                Problem::TooLong {
                    max: MAX_DESCRIPTION_CHARS,
                    actual: description_length,
                },
            );
        }
        let close_solved_after_days = match draft.close_solved_after_days.trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(days) if (1..=MAX_CLOSE_SOLVED_DAYS).contains(&days) => Some(days),
                _ => {
                    problems.add(Field::CloseSolvedAfter, Problem::Malformed);
                    None
                }
            },
        };
        let homepage_url = optional_url(Field::Homepage, &draft.homepage_url, &mut problems);
        let repository_url = optional_url(Field::Repository, &draft.repository_url, &mut problems);
        problems.or_value(CategoryInput {
            name,
            slug,
            description,
            color,
            parent_id: draft.parent_id.map(CategoryId),
            position: draft.position,
            read_only: draft.read_only,
            proposals: draft.proposals,
            questions: draft.questions,
            close_solved_after_days,
            homepage_url,
            repository_url,
        })
    }

    /// The row values to store.
    pub fn values(&self) -> CategoryValues<'_> {
        CategoryValues {
            name: &self.name,
            slug: &self.slug,
            description: &self.description,
            color: &self.color,
            parent_id: self.parent_id,
            position: self.position,
            read_only: self.read_only,
            proposals: self.proposals,
            questions: self.questions,
            close_solved_after_days: self.close_solved_after_days,
            homepage_url: self.homepage_url.as_deref(),
            repository_url: self.repository_url.as_deref(),
        }
    }
}

/// An insert into, or a change of, `categories`: every field a person sets.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = categories, treat_none_as_null = true)]
pub struct CategoryValues<'a> {
    /// Display name.
    pub name: &'a str,
    /// URL slug, unique.
    pub slug: &'a str,
    /// Plain text.
    pub description: &'a str,
    /// Six hex digits.
    pub color: &'a str,
    /// The parent, for a subcategory.
    pub parent_id: Option<CategoryId>,
    /// Sort order among siblings.
    pub position: i32,
    /// Staff-only posting.
    pub read_only: bool,
    /// Its topics are proposals.
    pub proposals: bool,
    /// Its topics are questions.
    pub questions: bool,
    /// Days after which a solved question closes.
    pub close_solved_after_days: Option<i32>,
    /// Project homepage.
    pub homepage_url: Option<&'a str>,
    /// Project repository.
    pub repository_url: Option<&'a str>,
}

impl CategoryValues<'_> {
    /// Inserts a category created at `now`. A taken slug is a unique violation.
    pub(crate) fn insert(
        &self,
        conn: &mut AnyConnection,
        now: NaiveDateTime,
    ) -> QueryResult<Category> {
        diesel::insert_into(categories::table)
            .values((self, categories::created_at.eq(now)))
            .returning(categories::all_columns)
            .get_result(conn)
    }

    /// Saves these fields over category `id`. A taken slug is a unique violation.
    pub(crate) fn update(&self, conn: &mut AnyConnection, id: CategoryId) -> QueryResult<Category> {
        diesel::update(categories::table.find(id))
            .set(self)
            .returning(categories::all_columns)
            .get_result(conn)
    }
}

/// Per-category activity: topics, posts, last post time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryStats {
    /// Topics in the category.
    pub topic_count: i64,
    /// Posts in those topics.
    pub post_count: i64,
    /// When the latest post was made.
    pub last_posted_at: Option<NaiveDateTime>,
}

impl Category {
    /// The address of the category's page.
    pub fn url(&self) -> String {
        format!("/c/{}/{}", self.slug, self.id)
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

    /// Whether a category has subcategories (which keeps it from becoming one itself).
    pub fn has_children(conn: &mut AnyConnection, id: CategoryId) -> QueryResult<bool> {
        let children: i64 = categories::table
            .filter(categories::parent_id.eq(id))
            .count()
            .get_result(conn)?;
        Ok(children > 0)
    }

    /// Its topic and post counts and last activity, as the services keep them on the row
    /// (see [`Category::count_posts`]).
    pub fn stats(&self) -> CategoryStats {
        CategoryStats {
            topic_count: self.topic_count,
            post_count: self.post_count,
            last_posted_at: self.last_posted_at,
        }
    }

    /// Counts `topics` more topics and `posts` more posts in a category (fewer when
    /// negative), and moves its last activity forward to `last_posted_at` if that is later.
    /// Called in the transaction that writes what it counts, so the counts never drift.
    pub(crate) fn count_posts(
        conn: &mut AnyConnection,
        id: CategoryId,
        topics: i64,
        posts: i64,
        last_posted_at: Option<NaiveDateTime>,
    ) -> QueryResult<()> {
        diesel::update(categories::table.find(id))
            .set((
                categories::topic_count.eq(categories::topic_count + topics),
                categories::post_count.eq(categories::post_count + posts),
            ))
            .execute(conn)?;
        if let Some(at) = last_posted_at {
            diesel::update(
                categories::table.find(id).filter(
                    categories::last_posted_at
                        .is_null()
                        .or(categories::last_posted_at.lt(at)),
                ),
            )
            .set(categories::last_posted_at.eq(at))
            .execute(conn)?;
        }
        Ok(())
    }

    /// Sets a category's last activity from its topics again (after a topic left it).
    pub(crate) fn recount_last_posted(conn: &mut AnyConnection, id: CategoryId) -> QueryResult<()> {
        let last: Option<NaiveDateTime> = topics::table
            .filter(topics::category_id.eq(id))
            .select(max(topics::last_posted_at))
            .first(conn)?;
        diesel::update(categories::table.find(id))
            .set(categories::last_posted_at.eq(last))
            .execute(conn)?;
        Ok(())
    }

    /// The counts of every category as counted from its topics: what each one's
    /// [`Category::stats`] must always equal (the tests compare them).
    pub fn counted_stats(
        conn: &mut AnyConnection,
    ) -> QueryResult<HashMap<CategoryId, CategoryStats>> {
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

/// A top-level category with its subcategories and their combined activity.
pub struct CategoryTree<'a> {
    /// The category.
    pub category: &'a Category,
    /// Its subcategories, in order.
    pub children: Vec<&'a Category>,
    /// Its own activity plus its children's.
    pub stats: CategoryStats,
}

/// Groups categories under their parents and adds up their activity.
pub fn tree(categories: &[Category]) -> Vec<CategoryTree<'_>> {
    categories
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|category| {
            let children: Vec<&Category> = categories
                .iter()
                .filter(|c| c.parent_id == Some(category.id))
                .collect();
            let mut total = category.stats();
            for child in &children {
                let s = child.stats();
                total.topic_count += s.topic_count;
                total.post_count += s.post_count;
                total.last_posted_at = total.last_posted_at.max(s.last_posted_at);
            }
            CategoryTree {
                category,
                children,
                stats: total,
            }
        })
        .collect()
}

/// Category moderators: members with the review queue and the topic and post tools in one
/// category (Discourse's category group moderation, per person).
pub struct CategoryModerators;

impl CategoryModerators {
    /// The categories `user` moderates.
    pub fn moderated_by(
        conn: &mut AnyConnection,
        user: crate::models::ids::UserId,
    ) -> QueryResult<Vec<CategoryId>> {
        use crate::db::schema::category_moderators as cm;
        cm::table
            .filter(cm::user_id.eq(user))
            .order(cm::category_id.asc())
            .select(cm::category_id)
            .load(conn)
    }

    /// The moderators of `category`, by username.
    pub fn of(
        conn: &mut AnyConnection,
        category: CategoryId,
    ) -> QueryResult<Vec<crate::models::user::UserSummary>> {
        use crate::db::schema::{category_moderators as cm, users};
        use crate::models::user::UserSummary;
        cm::table
            .inner_join(users::table)
            .filter(cm::category_id.eq(category))
            .order(users::username_lower.asc())
            .select(UserSummary::as_select())
            .load(conn)
    }

    /// Makes `user` a moderator of `category` (nothing if they are one already).
    pub(crate) fn assign(
        conn: &mut AnyConnection,
        category: CategoryId,
        user: crate::models::ids::UserId,
    ) -> QueryResult<()> {
        use crate::db::schema::category_moderators as cm;
        let already: bool = diesel::select(diesel::dsl::exists(
            cm::table
                .filter(cm::category_id.eq(category))
                .filter(cm::user_id.eq(user)),
        ))
        .get_result(conn)?;
        if !already {
            diesel::insert_into(cm::table)
                .values((cm::category_id.eq(category), cm::user_id.eq(user)))
                .execute(conn)?;
        }
        Ok(())
    }

    /// Takes `category` from `user`'s moderation; whether they had it.
    pub(crate) fn unassign(
        conn: &mut AnyConnection,
        category: CategoryId,
        user: crate::models::ids::UserId,
    ) -> QueryResult<bool> {
        use crate::db::schema::category_moderators as cm;
        let removed = diesel::delete(
            cm::table
                .filter(cm::category_id.eq(category))
                .filter(cm::user_id.eq(user)),
        )
        .execute(conn)?;
        Ok(removed > 0)
    }
}
