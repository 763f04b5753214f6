//! API keys for the `Api-Key` / `Api-Username` headers, as Discourse has them: a key acts for
//! one user, or for all users (the request's `Api-Username` then chooses whom), may be limited
//! to scopes, remembers when it was last used, and can be revoked. Only the key's SHA-256 is
//! stored; the key itself is shown once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{api_keys, users};
use crate::models::ids::UserId;
use crate::models::user::{User, UserSummary};

/// The scopes a key may be limited to, named as Discourse names them. A key with none may do
/// everything its user may; `global:read` allows every read.
pub const SCOPES: &[&str] = &[
    "global:read",
    "topics:read",
    "topics:read_lists",
    "topics:write",
    "topics:update",
    "topics:status",
    "posts:edit",
    "posts:list",
    "categories:list",
    "categories:show",
    "users:show",
    "users:list",
    "search:show",
];

/// An `api_keys` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub struct ApiKey {
    /// Id.
    pub id: i64,
    /// The user it acts as; for an all-users key, the admin who made it.
    pub user_id: UserId,
    /// SHA-256 of the key, hex.
    pub key_hash: String,
    /// What it is for.
    pub description: String,
    /// When it was made.
    pub created_at: NaiveDateTime,
    /// It acts as whichever user `Api-Username` names.
    pub all_users: bool,
    /// Its scopes, separated by spaces; empty for no limit.
    pub scopes: String,
    /// When it was last used (updated at most once a minute).
    pub last_used_at: Option<NaiveDateTime>,
    /// When it was revoked.
    pub revoked_at: Option<NaiveDateTime>,
}

impl ApiKey {
    /// Whether a request needing `scope` may be made with this key. `read` says whether the
    /// request only reads (a GET), which `global:read` allows.
    pub fn allows(&self, scope: Option<&str>, read: bool) -> bool {
        if self.scopes.trim().is_empty() {
            return true;
        }
        let mut granted = self.scopes.split_whitespace();
        granted.any(|g| (g == "global:read" && read) || Some(g) == scope)
    }
}

/// An insert into `api_keys`.
#[derive(Debug, Insertable)]
#[diesel(table_name = api_keys)]
pub struct NewApiKey<'a> {
    /// The user the key acts as (the creating admin, for an all-users key).
    pub user_id: UserId,
    /// SHA-256 of the key, hex.
    pub key_hash: &'a str,
    /// What the key is for.
    pub description: &'a str,
    /// Now.
    pub created_at: NaiveDateTime,
    /// Acts for all users.
    pub all_users: bool,
    /// Scopes, separated by spaces.
    pub scopes: &'a str,
}

impl NewApiKey<'_> {
    /// Stores the key.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<ApiKey> {
        diesel::insert_into(api_keys::table)
            .values(self)
            .returning(api_keys::all_columns)
            .get_result(conn)
    }
}

impl ApiKey {
    /// The key with this hash, and the user it belongs to.
    pub fn find_by_hash(
        conn: &mut AnyConnection,
        key_hash: &str,
    ) -> QueryResult<Option<(ApiKey, User)>> {
        api_keys::table
            .inner_join(users::table)
            .filter(api_keys::key_hash.eq(key_hash))
            .select((ApiKey::as_select(), User::as_select()))
            .first(conn)
            .optional()
    }

    /// The key with this id.
    pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<ApiKey> {
        api_keys::table
            .find(id)
            .select(ApiKey::as_select())
            .first(conn)
    }

    /// Every key with its user, newest first.
    pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<(ApiKey, UserSummary)>> {
        api_keys::table
            .inner_join(users::table)
            .order(api_keys::id.desc())
            .select((ApiKey::as_select(), UserSummary::as_select()))
            .load(conn)
    }

    /// How many keys that still work act as `user` alone (all-users keys are not counted).
    pub fn count_for(conn: &mut AnyConnection, user: UserId) -> QueryResult<i64> {
        api_keys::table
            .filter(api_keys::user_id.eq(user))
            .filter(api_keys::all_users.eq(false))
            .filter(api_keys::revoked_at.is_null())
            .count()
            .get_result(conn)
    }

    /// Notes that the key was used at `now`, if it was last noted before `stale`.
    pub(crate) fn note_use(
        conn: &mut AnyConnection,
        id: i64,
        now: NaiveDateTime,
        stale: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            api_keys::table.find(id).filter(
                api_keys::last_used_at
                    .is_null()
                    .or(api_keys::last_used_at.lt(stale)),
            ),
        )
        .set(api_keys::last_used_at.eq(now))
        .execute(conn)
    }

    /// Revokes every key of `user` at `now`.
    pub(crate) fn revoke_all_of(
        conn: &mut AnyConnection,
        user: UserId,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            api_keys::table
                .filter(api_keys::user_id.eq(user))
                .filter(api_keys::revoked_at.is_null()),
        )
        .set(api_keys::revoked_at.eq(now))
        .execute(conn)
    }

    /// Revokes the key at `now`; it stops working at once, on every node.
    pub(crate) fn revoke(
        conn: &mut AnyConnection,
        id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            api_keys::table
                .find(id)
                .filter(api_keys::revoked_at.is_null()),
        )
        .set(api_keys::revoked_at.eq(now))
        .execute(conn)
    }
}
