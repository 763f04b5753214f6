//! Groups: named sets of members that admins manage. The steering committee, which decides
//! proposals (`models::proposal`), is the group the configuration names
//! (`proposals.committee_group`); a group's `name` is its handle (`steering-committee`).
//! Written by `services::groups`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{group_members, groups, users};
use crate::models::ids::{GroupId, UserId};
use crate::models::user::UserSummary;

/// The longest group handle.
pub const MAX_NAME_CHARS: usize = 40;

/// A `groups` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = groups)]
pub struct Group {
    /// Id.
    pub id: GroupId,
    /// Its handle: lowercase letters, digits and hyphens.
    pub name: String,
    /// What people call it ("Steering Committee").
    pub full_name: String,
    /// What it is for.
    pub description: String,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Its members post as members from their first day: the new-member limits (approval
    /// queue, link and image limits, daily caps, no flagging) do not apply to them.
    pub exempt_new_member_limits: bool,
}

/// A new group.
#[derive(Debug, Insertable)]
#[diesel(table_name = groups)]
pub(crate) struct NewGroup<'a> {
    pub name: &'a str,
    pub full_name: &'a str,
    pub description: &'a str,
    pub created_at: NaiveDateTime,
    pub exempt_new_member_limits: bool,
}

impl NewGroup<'_> {
    /// Inserts it; a name in use is a unique violation.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<Group> {
        diesel::insert_into(groups::table)
            .values(self)
            .returning(groups::all_columns)
            .get_result(conn)
    }
}

/// Whether `name` is a handle a group may have: 1–40 lowercase ASCII letters, digits and
/// hyphens, starting with a letter.
pub fn valid_name(name: &str) -> bool {
    name.len() <= MAX_NAME_CHARS
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Group {
    /// Every group, by name.
    pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<Group>> {
        groups::table
            .order(groups::name.asc())
            .select(Group::as_select())
            .load(conn)
    }

    /// The group with handle `name`.
    pub fn find_by_name(conn: &mut AnyConnection, name: &str) -> QueryResult<Option<Group>> {
        groups::table
            .filter(groups::name.eq(name))
            .select(Group::as_select())
            .first(conn)
            .optional()
    }

    /// Its members, by username.
    pub fn members(conn: &mut AnyConnection, group: GroupId) -> QueryResult<Vec<UserSummary>> {
        group_members::table
            .inner_join(users::table)
            .filter(group_members::group_id.eq(group))
            .order(users::username_lower.asc())
            .select(UserSummary::as_select())
            .load(conn)
    }

    /// Whether `user` is in the group with handle `name` (false if there is no such group).
    pub fn is_member_of(conn: &mut AnyConnection, name: &str, user: UserId) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            group_members::table
                .inner_join(groups::table)
                .filter(groups::name.eq(name))
                .filter(group_members::user_id.eq(user)),
        ))
        .get_result(conn)
    }

    /// Whether `user` is in a group exempt from the new-member limits.
    pub fn exempts(conn: &mut AnyConnection, user: UserId) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            group_members::table
                .inner_join(groups::table)
                .filter(groups::exempt_new_member_limits.eq(true))
                .filter(group_members::user_id.eq(user)),
        ))
        .get_result(conn)
    }

    /// Every group with its members (the admins' page).
    pub fn all_with_members(
        conn: &mut AnyConnection,
    ) -> QueryResult<Vec<(Group, Vec<UserSummary>)>> {
        let mut members: std::collections::HashMap<GroupId, Vec<UserSummary>> =
            std::collections::HashMap::new();
        let rows: Vec<(GroupId, UserSummary)> = group_members::table
            .inner_join(users::table)
            .order(users::username_lower.asc())
            .select((group_members::group_id, UserSummary::as_select()))
            .load(conn)?;
        for (group, member) in rows {
            members.entry(group).or_default().push(member);
        }
        Ok(Group::all(conn)?
            .into_iter()
            .map(|g| {
                let people = members.remove(&g.id).unwrap_or_default();
                (g, people)
            })
            .collect())
    }

    /// Sets whether the group's members are exempt from the new-member limits.
    pub(crate) fn set_exemption(
        conn: &mut AnyConnection,
        group: GroupId,
        exempt: bool,
    ) -> QueryResult<usize> {
        diesel::update(groups::table.find(group))
            .set(groups::exempt_new_member_limits.eq(exempt))
            .execute(conn)
    }

    /// Adds `user`; false if they were in it already.
    pub(crate) fn add_member(
        conn: &mut AnyConnection,
        group: GroupId,
        user: UserId,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let already: bool = diesel::select(diesel::dsl::exists(
            group_members::table
                .filter(group_members::group_id.eq(group))
                .filter(group_members::user_id.eq(user)),
        ))
        .get_result(conn)?;
        if already {
            return Ok(false);
        }
        diesel::insert_into(group_members::table)
            .values((
                group_members::group_id.eq(group),
                group_members::user_id.eq(user),
                group_members::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(true)
    }

    /// Removes `user`; false if they were not in it.
    pub(crate) fn remove_member(
        conn: &mut AnyConnection,
        group: GroupId,
        user: UserId,
    ) -> QueryResult<bool> {
        let gone = diesel::delete(
            group_members::table
                .filter(group_members::group_id.eq(group))
                .filter(group_members::user_id.eq(user)),
        )
        .execute(conn)?;
        Ok(gone > 0)
    }
}
