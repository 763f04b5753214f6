//! Users: accounts, roles, and the rules for usernames and emails.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::AnyConnection;
use crate::db::schema::{posts, topics, users};
use crate::models::ids::UserId;

/// What a user may do beyond posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// A `users` row.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    /// Id.
    pub id: UserId,
    /// As typed at sign-up.
    pub username: String,
    /// Lowercased, unique.
    pub username_lower: String,
    /// Email as typed.
    pub email: String,
    /// Lowercased, unique.
    pub email_lower: String,
    /// Display name (may be empty).
    pub name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// `admin`, `moderator` or `user`.
    pub role: String,
    /// Sign-up time.
    pub created_at: NaiveDateTime,
    /// When the code of conduct was accepted.
    pub coc_accepted_at: Option<NaiveDateTime>,
}

/// What pages need to show about a post's or topic's author.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
pub struct UserSummary {
    /// Id.
    pub id: UserId,
    /// Username.
    pub username: String,
    /// Display name.
    pub name: String,
    /// Role name.
    pub role: String,
}

impl UserSummary {
    /// The role, treating an unknown stored value as the least privileged.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::User)
    }
}

/// An insert into `users`.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    /// Username as typed.
    pub username: &'a str,
    /// Lowercased username.
    pub username_lower: String,
    /// Email as typed.
    pub email: &'a str,
    /// Lowercased email.
    pub email_lower: String,
    /// Display name.
    pub name: &'a str,
    /// argon2id PHC string.
    pub password_hash: &'a str,
    /// Role name.
    pub role: &'a str,
    /// Now.
    pub created_at: NaiveDateTime,
    /// When the code of conduct was accepted.
    pub coc_accepted_at: Option<NaiveDateTime>,
}

/// Activity counts for a profile page.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct UserStats {
    /// Topics started.
    pub topic_count: i64,
    /// Posts written, first posts included.
    pub post_count: i64,
}

/// Usernames: 3–20 ASCII letters, digits, `_`, `.` or `-`; starting and ending with a letter,
/// digit or `_`. The same rule finds `@mentions`, so a name is always mentionable.
pub fn is_valid_username(name: &str) -> bool {
    let bytes = name.as_bytes();
    let edge_ok = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    (3..=20).contains(&bytes.len())
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && bytes.first().copied().is_some_and(edge_ok)
        && bytes.last().copied().is_some_and(edge_ok)
}

/// A plausible email address: one `@`, something on each side, a dot in the domain.
/// Deliverability is for mail confirmation to prove, not a regex.
pub fn is_plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
                && !domain.contains('@')
                && email.len() <= 254
        }
        None => false,
    }
}

impl NewUser<'_> {
    /// Inserts the user. A taken username or email is a unique violation.
    pub fn insert(&self, conn: &mut AnyConnection) -> QueryResult<User> {
        diesel::insert_into(users::table)
            .values(self)
            .returning(users::all_columns)
            .get_result(conn)
    }
}

impl User {
    /// The user's role.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::User)
    }

    /// The user with this id.
    pub fn find(conn: &mut AnyConnection, id: UserId) -> QueryResult<User> {
        users::table.find(id).select(User::as_select()).first(conn)
    }

    /// The user with this username, ignoring case.
    pub fn find_by_username(conn: &mut AnyConnection, username: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::username_lower.eq(username.to_lowercase()))
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    /// The user whose username or email is `login`, ignoring case.
    pub fn find_by_login(conn: &mut AnyConnection, login: &str) -> QueryResult<Option<User>> {
        let lower = login.to_lowercase();
        users::table
            .filter(
                users::username_lower
                    .eq(&lower)
                    .or(users::email_lower.eq(&lower)),
            )
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    /// Whether a username or email is already taken, as (username_taken, email_taken).
    pub fn taken(
        conn: &mut AnyConnection,
        username: &str,
        email: &str,
    ) -> QueryResult<(bool, bool)> {
        let username_taken = users::table
            .filter(users::username_lower.eq(username.to_lowercase()))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        let email_taken = users::table
            .filter(users::email_lower.eq(email.to_lowercase()))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        Ok((username_taken, email_taken))
    }

    /// Changes a user's role.
    pub fn set_role(conn: &mut AnyConnection, id: UserId, role: Role) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set(users::role.eq(role.as_str()))
            .execute(conn)
    }

    /// Sets when a user joined (the demo loader writes history).
    pub fn set_created_at(
        conn: &mut AnyConnection,
        id: UserId,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set(users::created_at.eq(at))
            .execute(conn)
    }

    /// Topic and post counts.
    pub fn stats(conn: &mut AnyConnection, id: UserId) -> QueryResult<UserStats> {
        let topic_count = topics::table
            .filter(topics::user_id.eq(id))
            .count()
            .get_result(conn)?;
        let post_count = posts::table
            .filter(posts::user_id.eq(id))
            .count()
            .get_result(conn)?;
        Ok(UserStats {
            topic_count,
            post_count,
        })
    }

    /// How many accounts exist.
    pub fn count(conn: &mut AnyConnection) -> QueryResult<i64> {
        users::table.count().get_result(conn)
    }
}

impl UserSummary {
    /// Summaries for the given ids, in one query.
    pub fn by_ids(
        conn: &mut AnyConnection,
        ids: &[UserId],
    ) -> QueryResult<HashMap<UserId, UserSummary>> {
        let mut unique = ids.to_vec();
        unique.sort_unstable();
        unique.dedup();
        let rows: Vec<UserSummary> = users::table
            .filter(users::id.eq_any(unique))
            .select(UserSummary::as_select())
            .load(conn)?;
        Ok(rows.into_iter().map(|u| (u.id, u)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_the_mention_rules() {
        for good in ["ada", "stefan_v", "m.brett", "rgommers", "_x_", "a-b"] {
            assert!(is_valid_username(good), "{good} should be valid");
        }
        for bad in [
            "ab",
            "a b",
            "ada.",
            "-ada",
            "ädä",
            "x".repeat(21).as_str(),
            "a@b",
        ] {
            assert!(!is_valid_username(bad), "{bad} should be invalid");
        }
    }

    #[test]
    fn emails_need_a_domain_with_a_dot() {
        assert!(is_plausible_email("ada@example.org"));
        assert!(!is_plausible_email("ada@localhost"));
        assert!(!is_plausible_email("ada example.org"));
        assert!(!is_plausible_email("@example.org"));
        assert!(!is_plausible_email("a@b@example.org"));
    }
}

/// A validated sign-up: every field checked, password not yet hashed.
#[derive(Debug, Clone)]
pub struct SignupInput {
    /// Username.
    pub username: String,
    /// Email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// The password, to be hashed by the caller.
    pub password: String,
}

impl SignupInput {
    /// Checks the fields; every problem is reported, one message each.
    pub fn validate(
        username: &str,
        email: &str,
        name: &str,
        password: &str,
        min_password_length: usize,
    ) -> Result<SignupInput, Vec<String>> {
        let mut errors = Vec::new();
        let username = username.trim();
        if !is_valid_username(username) {
            errors.push(
                "The username must be 3–20 letters, digits, _ . or -, starting and ending with a letter, digit or _."
                    .to_owned(),
            );
        }
        let email = email.trim();
        if !is_plausible_email(email) {
            errors.push(format!("{email:?} does not look like an email address."));
        }
        let name = name.trim();
        if name.chars().count() > 60 {
            errors.push("The name can be at most 60 characters.".to_owned());
        }
        if let Some(problem) =
            crate::auth::password::check_strength(password, username, min_password_length)
        {
            errors.push(problem);
        }
        if errors.is_empty() {
            Ok(SignupInput {
                username: username.to_owned(),
                email: email.to_owned(),
                name: name.to_owned(),
                password: password.to_owned(),
            })
        } else {
            Err(errors)
        }
    }

    /// Stores the account with an already-hashed password. A taken name or email is a
    /// unique violation (checked again here, since a check before hashing can race).
    pub fn insert(
        &self,
        conn: &mut AnyConnection,
        password_hash: &str,
        role: Role,
        coc_accepted: bool,
    ) -> QueryResult<User> {
        let now = crate::db::now();
        NewUser {
            username: &self.username,
            username_lower: self.username.to_lowercase(),
            email: &self.email,
            email_lower: self.email.to_lowercase(),
            name: &self.name,
            password_hash,
            role: role.as_str(),
            created_at: now,
            coc_accepted_at: coc_accepted.then_some(now),
        }
        .insert(conn)
    }
}
