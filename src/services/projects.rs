//! What admins manage for the proposals process: projects (core or not) and who represents
//! them, and groups (the steering committee is the one `proposals.committee_group` names).
//! Each change is in the staff action log; a member's new duties apply from their next
//! request (a write on this node drops its cached sessions, `auth::session_cache`).

use crate::auth::Guardian;
use crate::models::group::{self, Group, NewGroup};
use crate::models::ids::CategoryId;
use crate::models::invalid::{Field, Problem, Problems, optional_url};
use crate::models::project::{self, Project, ProjectFacts, Representatives};
use crate::models::staff_log::StaffAction;
use crate::models::user::User;
use crate::services::effects::StaffRecord;
use crate::services::{Clash, Event, Missing, Present, ServiceError, Tx};

/// The longest project name.
pub const MAX_PROJECT_NAME_CHARS: usize = 100;
/// The longest licence, or contact.
pub const MAX_SHORT_TEXT_CHARS: usize = 200;

/// A project as an admin's form (or an import) gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectDraft {
    /// Its handle, as the SPEC repository names it (`numpy`).
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its category here, if it has one.
    pub category_id: Option<CategoryId>,
    /// A core project (endorses proposals).
    pub is_core: bool,
    /// Homepage.
    pub homepage_url: String,
    /// Source repository.
    pub repository_url: String,
    /// Package index page.
    pub package_url: String,
    /// Licence (an SPDX name such as BSD-3-Clause).
    pub licence: String,
    /// Logo image address.
    pub logo_url: String,
    /// How to reach its maintainers.
    pub contact: String,
}

impl ProjectDraft {
    /// Checks it field by field; every problem is reported.
    pub fn validate(&self) -> Result<ProjectFacts, ServiceError> {
        let mut problems = Problems::default();
        let slug = self.slug.trim().to_lowercase();
        if !project::valid_slug(&slug) {
            problems.add(Field::Slug, Problem::Malformed);
        }
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            problems.add(Field::CategoryName, Problem::Blank);
        } else if name.chars().count() > MAX_PROJECT_NAME_CHARS {
            problems.add(
                Field::CategoryName,
                Problem::TooLong {
                    max: MAX_PROJECT_NAME_CHARS,
                    actual: name.chars().count(),
                },
            );
        }
        let short = |text: &str, problems: &mut Problems| {
            let text = text.trim();
            if text.chars().count() > MAX_SHORT_TEXT_CHARS {
                problems.add(
                    Field::Description,
                    Problem::TooLong {
                        max: MAX_SHORT_TEXT_CHARS,
                        actual: text.chars().count(),
                    },
                );
            }
            (!text.is_empty()).then(|| text.to_owned())
        };
        let facts = ProjectFacts {
            slug,
            name,
            category_id: self.category_id,
            is_core: self.is_core,
            homepage_url: optional_url(Field::Homepage, &self.homepage_url, &mut problems),
            repository_url: optional_url(Field::Repository, &self.repository_url, &mut problems),
            package_url: optional_url(Field::PackageUrl, &self.package_url, &mut problems),
            licence: short(&self.licence, &mut problems),
            logo_url: optional_url(Field::LogoUrl, &self.logo_url, &mut problems),
            contact: short(&self.contact, &mut problems),
        };
        Ok(problems.or_value(facts)?)
    }
}

/// Creates the project `draft` describes, or, if one has its slug, sets its facts; returns
/// it and whether anything changed.
pub fn save_project(
    tx: &mut Tx,
    guardian: &Guardian,
    draft: &ProjectDraft,
) -> Result<(Project, bool), ServiceError> {
    guardian.can_manage_projects()?;
    let facts = draft.validate()?;
    if let Some(category) = facts.category_id {
        crate::models::category::Category::find(tx.conn(), category)
            .map_err(|_| ServiceError::invalid(Field::Category, Problem::Unknown(category.0)))?;
    }
    let now = tx.now();
    let by = guardian.actor().map(|a| a.id);
    let (project, changed, before) = match Project::find_by_slug(tx.conn(), &facts.slug)? {
        Some(existing) if existing.facts() == facts => return Ok((existing, false)),
        Some(existing) => {
            let before = describe(&existing.facts());
            (
                Project::update(tx.conn(), existing.id, &facts, now)?,
                true,
                before,
            )
        }
        None => (
            Project::insert(tx.conn(), &facts, now)?,
            true,
            String::new(),
        ),
    };
    let mut record =
        StaffRecord::new(StaffAction::ProjectSaved, by).change(before, describe(&facts));
    record.category = facts.category_id;
    tx.record(Event::Staff(record))?;
    Ok((project, changed))
}

/// A project's facts in a line, for the log's before and after.
fn describe(facts: &ProjectFacts) -> String {
    format!(
        "{} ({}){}",
        facts.name,
        facts.slug,
        if facts.is_core { ", core" } else { "" }
    )
}

/// Makes `username` a representative of project `slug` (`add`), or no longer one.
pub fn set_representative(
    tx: &mut Tx,
    guardian: &Guardian,
    slug: &str,
    username: &str,
    add: bool,
) -> Result<(), ServiceError> {
    guardian.can_manage_projects()?;
    let project = Project::find_by_slug(tx.conn(), slug.trim())
        .present_or(Missing::Project(slug.trim().to_owned()))?;
    let user = User::find_by_username(tx.conn(), username.trim())
        .present_or(Missing::User(username.trim().to_owned()))?;
    let now = tx.now();
    let changed = if add {
        Representatives::add(tx.conn(), project.id, user.id, now)?
    } else {
        Representatives::remove(tx.conn(), project.id, user.id)?
    };
    if !changed {
        return Err(Clash::AlreadyDone.into());
    }
    let action = if add {
        StaffAction::RepresentativeAdded
    } else {
        StaffAction::RepresentativeRemoved
    };
    let by = guardian.actor().map(|a| a.id);
    let mut record = StaffRecord::new(action, by).user(user.id);
    record.new = Some(project.slug);
    tx.record(Event::Staff(record))?;
    Ok(())
}

/// The group with handle `name`, made (with `full_name`) if there is none yet.
pub fn ensure_group(
    tx: &mut Tx,
    guardian: &Guardian,
    name: &str,
    full_name: &str,
) -> Result<Group, ServiceError> {
    guardian.can_manage_projects()?;
    let name = name.trim();
    if !group::valid_name(name) {
        return Err(ServiceError::invalid(Field::Group, Problem::Malformed));
    }
    if let Some(found) = Group::find_by_name(tx.conn(), name)? {
        return Ok(found);
    }
    Ok(insert_group(tx, name, full_name, false)?)
}

/// Inserts a group with handle `name` (checked already), called `full_name` (the handle when
/// empty).
fn insert_group(
    tx: &mut Tx,
    name: &str,
    full_name: &str,
    exempt_new_member_limits: bool,
) -> diesel::QueryResult<Group> {
    let full_name = full_name.trim();
    let now = tx.now();
    NewGroup {
        name,
        full_name: if full_name.is_empty() {
            name
        } else {
            full_name
        },
        description: "",
        created_at: now,
        exempt_new_member_limits,
    }
    .insert(tx.conn())
}

/// A group as an admin's form gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupDraft {
    /// Its handle (`maintainers`).
    pub name: String,
    /// What people call it; the handle when empty.
    pub full_name: String,
    /// Whether its members are exempt from the new-member limits.
    pub exempt_new_member_limits: bool,
}

/// Describes an exemption for the staff log.
fn exemption(exempt: bool) -> String {
    if exempt {
        "exempt from new-member limits".into()
    } else {
        "new-member limits apply".into()
    }
}

/// Makes a group (a handle in use is a clash: its members are managed where it is listed).
pub fn create_group(
    tx: &mut Tx,
    guardian: &Guardian,
    draft: &GroupDraft,
) -> Result<Group, ServiceError> {
    guardian.can_manage_projects()?;
    let name = draft.name.trim();
    if !group::valid_name(name) {
        return Err(ServiceError::invalid(Field::Group, Problem::Malformed));
    }
    let full_name = draft.full_name.trim();
    let length = full_name.chars().count();
    if length > MAX_PROJECT_NAME_CHARS {
        return Err(ServiceError::invalid(
            Field::DisplayName,
            Problem::TooLong {
                max: MAX_PROJECT_NAME_CHARS,
                actual: length,
            },
        ));
    }
    if Group::find_by_name(tx.conn(), name)?.is_some() {
        return Err(Clash::GroupTaken.into());
    }
    let made = insert_group(tx, name, full_name, draft.exempt_new_member_limits)?;
    let mut record = StaffRecord::new(StaffAction::GroupSaved, guardian.actor().map(|a| a.id));
    record.new = Some(format!(
        "{} ({})",
        made.name,
        exemption(made.exempt_new_member_limits)
    ));
    tx.record(Event::Staff(record))?;
    Ok(made)
}

/// Exempts the members of group `name` from the new-member limits, or stops doing so. Takes
/// effect at their next request.
pub fn set_group_exemption(
    tx: &mut Tx,
    guardian: &Guardian,
    name: &str,
    exempt: bool,
) -> Result<(), ServiceError> {
    guardian.can_manage_projects()?;
    let group = Group::find_by_name(tx.conn(), name.trim())
        .present_or(Missing::Group(name.trim().to_owned()))?;
    if group.exempt_new_member_limits == exempt {
        return Err(Clash::AlreadyDone.into());
    }
    Group::set_exemption(tx.conn(), group.id, exempt)?;
    let mut record = StaffRecord::new(StaffAction::GroupSaved, guardian.actor().map(|a| a.id));
    record.previous = Some(format!(
        "{} ({})",
        group.name,
        exemption(group.exempt_new_member_limits)
    ));
    record.new = Some(format!("{} ({})", group.name, exemption(exempt)));
    tx.record(Event::Staff(record))?;
    Ok(())
}

/// Adds `username` to group `name` (`add`), or removes them.
pub fn set_group_member(
    tx: &mut Tx,
    guardian: &Guardian,
    name: &str,
    username: &str,
    add: bool,
) -> Result<(), ServiceError> {
    guardian.can_manage_projects()?;
    let group = Group::find_by_name(tx.conn(), name.trim())
        .present_or(Missing::Group(name.trim().to_owned()))?;
    let user = User::find_by_username(tx.conn(), username.trim())
        .present_or(Missing::User(username.trim().to_owned()))?;
    let now = tx.now();
    let changed = if add {
        Group::add_member(tx.conn(), group.id, user.id, now)?
    } else {
        Group::remove_member(tx.conn(), group.id, user.id)?
    };
    if !changed {
        return Err(Clash::AlreadyDone.into());
    }
    let action = if add {
        StaffAction::GroupMemberAdded
    } else {
        StaffAction::GroupMemberRemoved
    };
    let by = guardian.actor().map(|a| a.id);
    let mut record = StaffRecord::new(action, by).user(user.id);
    record.new = Some(group.name);
    tx.record(Event::Staff(record))?;
    Ok(())
}
