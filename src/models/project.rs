//! Projects of the ecosystem (NumPy, SciPy, …) and who represents them. A core project
//! endorses proposals through its representatives; any project may record adopting one
//! (`models::proposal`). A project usually has its own category, but need not (an adopter
//! known by name and homepage). `slug` is the handle the SPEC repository's front matter uses
//! (`endorsed-by: [numpy, scipy]`). Written by `services::projects`.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{project_representatives, projects, users};
use crate::models::ids::{CategoryId, ProjectId, UserId};
use crate::models::user::UserSummary;

/// A `projects` row.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = projects)]
pub struct Project {
    /// Id.
    pub id: ProjectId,
    /// Its handle (`numpy`).
    pub slug: String,
    /// Its name (`NumPy`).
    pub name: String,
    /// Its category, if it has one.
    pub category_id: Option<CategoryId>,
    /// A core project: its endorsements count towards recommending a proposal.
    pub is_core: bool,
    /// Homepage.
    pub homepage_url: Option<String>,
    /// Source repository.
    pub repository_url: Option<String>,
    /// Its page on the package index.
    pub package_url: Option<String>,
    /// Licence (an SPDX expression, usually).
    pub licence: Option<String>,
    /// Logo image address.
    pub logo_url: Option<String>,
    /// How to reach it (an address or a page).
    pub contact: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// A project's facts as an admin or an import sets them.
#[derive(Debug, Clone, Default, PartialEq, Eq, AsChangeset, Insertable)]
#[diesel(table_name = projects, treat_none_as_null = true)]
pub struct ProjectFacts {
    /// Its handle.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its category.
    pub category_id: Option<CategoryId>,
    /// Core or not.
    pub is_core: bool,
    /// Homepage.
    pub homepage_url: Option<String>,
    /// Repository.
    pub repository_url: Option<String>,
    /// Package index page.
    pub package_url: Option<String>,
    /// Licence.
    pub licence: Option<String>,
    /// Logo.
    pub logo_url: Option<String>,
    /// Contact.
    pub contact: Option<String>,
}

/// The longest project handle.
pub const MAX_SLUG_CHARS: usize = 40;

/// Whether `slug` may be a project's handle: 1–40 lowercase ASCII letters, digits, `-`, `_`
/// and `.`, starting with a letter or digit (package names: `scikit-learn`, `numpy`).
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_SLUG_CHARS
        && slug.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
}

impl Project {
    /// Every project: core ones first, then by name.
    pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<Project>> {
        projects::table
            .order((projects::is_core.desc(), projects::name.asc()))
            .select(Project::as_select())
            .load(conn)
    }

    /// The project with handle `slug`.
    pub fn find_by_slug(conn: &mut AnyConnection, slug: &str) -> QueryResult<Option<Project>> {
        projects::table
            .filter(projects::slug.eq(slug))
            .select(Project::as_select())
            .first(conn)
            .optional()
    }

    /// The project `id`.
    pub fn find(conn: &mut AnyConnection, id: ProjectId) -> QueryResult<Option<Project>> {
        projects::table
            .find(id)
            .select(Project::as_select())
            .first(conn)
            .optional()
    }

    /// Creates a project.
    pub(crate) fn insert(
        conn: &mut AnyConnection,
        facts: &ProjectFacts,
        now: NaiveDateTime,
    ) -> QueryResult<Project> {
        diesel::insert_into(projects::table)
            .values((
                facts,
                projects::created_at.eq(now),
                projects::updated_at.eq(now),
            ))
            .returning(projects::all_columns)
            .get_result(conn)
    }

    /// Sets a project's facts.
    pub(crate) fn update(
        conn: &mut AnyConnection,
        id: ProjectId,
        facts: &ProjectFacts,
        now: NaiveDateTime,
    ) -> QueryResult<Project> {
        diesel::update(projects::table.find(id))
            .set((facts, projects::updated_at.eq(now)))
            .returning(projects::all_columns)
            .get_result(conn)
    }

    /// The facts as they are, for comparing with new ones.
    pub fn facts(&self) -> ProjectFacts {
        ProjectFacts {
            slug: self.slug.clone(),
            name: self.name.clone(),
            category_id: self.category_id,
            is_core: self.is_core,
            homepage_url: self.homepage_url.clone(),
            repository_url: self.repository_url.clone(),
            package_url: self.package_url.clone(),
            licence: self.licence.clone(),
            logo_url: self.logo_url.clone(),
            contact: self.contact.clone(),
        }
    }
}

/// Who represents which project.
pub struct Representatives;

impl Representatives {
    /// The projects `user` represents.
    pub fn of_user(conn: &mut AnyConnection, user: UserId) -> QueryResult<Vec<ProjectId>> {
        project_representatives::table
            .filter(project_representatives::user_id.eq(user))
            .order(project_representatives::project_id.asc())
            .select(project_representatives::project_id)
            .load(conn)
    }

    /// Every project's representatives, by username.
    pub fn by_project(
        conn: &mut AnyConnection,
    ) -> QueryResult<HashMap<ProjectId, Vec<UserSummary>>> {
        let rows: Vec<(ProjectId, UserSummary)> = project_representatives::table
            .inner_join(users::table)
            .order(users::username_lower.asc())
            .select((
                project_representatives::project_id,
                UserSummary::as_select(),
            ))
            .load(conn)?;
        let mut by: HashMap<ProjectId, Vec<UserSummary>> = HashMap::new();
        for (project, user) in rows {
            by.entry(project).or_default().push(user);
        }
        Ok(by)
    }

    /// Makes `user` a representative of `project`; false if they were one already.
    pub(crate) fn add(
        conn: &mut AnyConnection,
        project: ProjectId,
        user: UserId,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let already: bool = diesel::select(diesel::dsl::exists(
            project_representatives::table
                .filter(project_representatives::project_id.eq(project))
                .filter(project_representatives::user_id.eq(user)),
        ))
        .get_result(conn)?;
        if already {
            return Ok(false);
        }
        diesel::insert_into(project_representatives::table)
            .values((
                project_representatives::project_id.eq(project),
                project_representatives::user_id.eq(user),
                project_representatives::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(true)
    }

    /// Ends `user`'s representing `project`; false if they did not.
    pub(crate) fn remove(
        conn: &mut AnyConnection,
        project: ProjectId,
        user: UserId,
    ) -> QueryResult<bool> {
        let gone = diesel::delete(
            project_representatives::table
                .filter(project_representatives::project_id.eq(project))
                .filter(project_representatives::user_id.eq(user)),
        )
        .execute(conn)?;
        Ok(gone > 0)
    }
}
