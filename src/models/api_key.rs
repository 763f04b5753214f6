//! API keys for the `Api-Key` / `Api-Username` headers; stored as SHA-256, shown once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{api_keys, users};
use crate::models::ids::UserId;
use crate::models::user::User;

/// An insert into `api_keys`.
#[derive(Debug, Insertable)]
#[diesel(table_name = api_keys)]
pub struct NewApiKey<'a> {
    /// The user the key acts as.
    pub user_id: UserId,
    /// SHA-256 of the key, hex.
    pub key_hash: &'a str,
    /// What the key is for.
    pub description: &'a str,
    /// Now.
    pub created_at: NaiveDateTime,
}

impl NewApiKey<'_> {
    /// Stores the key.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<usize> {
        diesel::insert_into(api_keys::table)
            .values(self)
            .execute(conn)
    }
}

/// API key queries.
pub struct ApiKey;

impl ApiKey {
    /// The user a key belongs to.
    pub fn user(conn: &mut AnyConnection, key_hash: &str) -> QueryResult<Option<User>> {
        api_keys::table
            .inner_join(users::table)
            .filter(api_keys::key_hash.eq(key_hash))
            .select(User::as_select())
            .first(conn)
            .optional()
    }
}
