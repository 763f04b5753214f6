//! Roles: what a user may do beyond posting, stored as its lowercase name. The guardian
//! (`auth::guardian`) turns a role into answers; nothing else compares roles to decide.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use serde::Serialize;

/// What a user may do beyond posting. Stored as its lowercase name; a stored value that is
/// none of these fails the query rather than being read as something it is not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, AsExpression, FromSqlRow, clap::ValueEnum,
)]
#[diesel(sql_type = Text)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Runs the forum: categories, roles, everything a moderator can.
    Admin,
    /// Keeps the code of conduct: may edit any post.
    Moderator,
    /// Everyone else.
    User,
}

impl Role {
    /// Parses `admin`, `moderator` or `user`.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "admin" => Some(Role::Admin),
            "moderator" => Some(Role::Moderator),
            "user" => Some(Role::User),
            _ => None,
        }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Moderator => "moderator",
            Role::User => "user",
        }
    }

    /// Admins and moderators.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Moderator)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<DB> FromSql<Text, DB> for Role
where
    DB: Backend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let stored = String::from_sql(bytes)?;
        Role::parse(&stored)
            .ok_or_else(|| format!("users.role holds an unknown role {stored:?}").into())
    }
}

impl<DB> ToSql<Text, DB> for Role
where
    DB: Backend,
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.as_str().to_sql(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_stored_by_name_and_unknown_names_are_refused() {
        for role in [Role::Admin, Role::Moderator, Role::User] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
