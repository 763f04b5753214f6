//! Each person's mail choices (`user_options`): one row per account, written with it.

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{user_options, users};
use crate::models::ids::UserId;

/// When notifications are mailed, with Discourse's numbers (`email_level`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailLevel {
    /// Every notification, once the delay has passed.
    Always,
    /// Only notifications still unread after the delay (Discourse's "only when away").
    WhenAway,
    /// None.
    Never,
}

impl EmailLevel {
    /// Discourse's number.
    pub fn code(self) -> i32 {
        match self {
            EmailLevel::Always => 0,
            EmailLevel::WhenAway => 1,
            EmailLevel::Never => 2,
        }
    }

    /// The level numbered `code` (anything unknown is the default, only when away).
    pub fn from_code(code: i32) -> EmailLevel {
        match code {
            0 => EmailLevel::Always,
            2 => EmailLevel::Never,
            _ => EmailLevel::WhenAway,
        }
    }
}

/// A `user_options` row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = user_options)]
pub struct UserOptions {
    /// Whose.
    pub user_id: UserId,
    /// [`EmailLevel::code`].
    pub email_level: i32,
    /// Their own daily cap, if lower than the site's.
    pub max_emails_per_day: Option<i32>,
    /// `never`, `daily` or `weekly`.
    pub digest_frequency: String,
    /// Every category feeds the digest (else those marked in `category_users`).
    pub digest_all_categories: bool,
    /// Time zone for the digest's hour.
    pub time_zone: String,
    /// Every new post in chosen categories as a mail.
    pub mailing_list_mode: bool,
}

impl UserOptions {
    /// When their notifications are mailed.
    pub fn email_level(&self) -> EmailLevel {
        EmailLevel::from_code(self.email_level)
    }

    /// Someone's options.
    pub fn find(conn: &mut AnyConnection, user: UserId) -> QueryResult<UserOptions> {
        user_options::table
            .find(user)
            .select(UserOptions::as_select())
            .first(conn)
    }

    /// Writes the defaults for a new account.
    pub(crate) fn create(conn: &mut AnyConnection, user: UserId) -> QueryResult<()> {
        diesel::insert_into(user_options::table)
            .values(user_options::user_id.eq(user))
            .execute(conn)?;
        Ok(())
    }

    /// Of `users`, those whose notifications may be mailed at all, with their addresses.
    pub fn mailable(
        conn: &mut AnyConnection,
        users: &[UserId],
    ) -> QueryResult<Vec<(UserId, String)>> {
        let mut out = Vec::with_capacity(users.len());
        for chunk in users.chunks(500) {
            out.extend(
                user_options::table
                    .inner_join(users::table)
                    .filter(user_options::user_id.eq_any(chunk))
                    .filter(user_options::email_level.ne(EmailLevel::Never.code()))
                    .select((users::id, users::email))
                    .load::<(UserId, String)>(conn)?,
            );
        }
        Ok(out)
    }
}
