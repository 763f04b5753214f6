//! Sessions: a random token in the cookie, its SHA-256 here. Deleting the row ends the
//! session on every node at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{sessions, users};
use crate::models::ids::UserId;
use crate::models::user::User;

/// An insert into `sessions`.
#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    /// Owner.
    pub user_id: UserId,
    /// SHA-256 of the cookie token, hex.
    pub token_hash: &'a str,
    /// Now.
    pub created_at: NaiveDateTime,
    /// When the session stops working.
    pub expires_at: NaiveDateTime,
}

impl NewSession<'_> {
    /// Stores the session.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<usize> {
        diesel::insert_into(sessions::table)
            .values(self)
            .execute(conn)
    }
}

/// Session queries.
pub struct Session;

impl Session {
    /// The user a live session belongs to.
    pub fn user(
        conn: &mut AnyConnection,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<User>> {
        sessions::table
            .inner_join(users::table)
            .filter(sessions::token_hash.eq(token_hash))
            .filter(sessions::expires_at.gt(now))
            // A suspension deletes the member's sessions; this keeps a session made in the
            // moment between (or restored from a backup) from letting them in.
            .filter(
                users::suspended_until
                    .is_null()
                    .or(users::suspended_until.le(now)),
            )
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    /// Ends every session of `user` (a new password logs them out everywhere).
    pub(crate) fn delete_all_for(conn: &mut AnyConnection, user: UserId) -> QueryResult<usize> {
        diesel::delete(sessions::table.filter(sessions::user_id.eq(user))).execute(conn)
    }

    /// Ends one session.
    pub(crate) fn delete(conn: &mut AnyConnection, token_hash: &str) -> QueryResult<usize> {
        diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)
    }

    /// Deletes sessions that have expired.
    pub(crate) fn delete_expired(
        conn: &mut AnyConnection,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
    }
}
