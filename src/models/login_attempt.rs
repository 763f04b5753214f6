//! Login attempts, kept so every node sees the same rate limit (argon2 is deliberately slow,
//! so unlimited guessing would be both an attack on accounts and on the CPU).

use chrono::{Duration, NaiveDateTime};
use diesel::dsl::{count_star, min};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::login_attempts;

/// An insert into `login_attempts`.
#[derive(Debug, Insertable)]
#[diesel(table_name = login_attempts)]
pub struct NewLoginAttempt<'a> {
    /// The name tried, lowercased.
    pub username_lower: String,
    /// Client address.
    pub ip: &'a str,
    /// Whether the password was right.
    pub succeeded: bool,
    /// Now.
    pub attempted_at: NaiveDateTime,
}

impl NewLoginAttempt<'_> {
    /// Records the attempt.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<usize> {
        diesel::insert_into(login_attempts::table)
            .values(self)
            .execute(conn)
    }
}

/// The limits to apply, from `[auth]`; 0 (or less) is no limit, as everywhere in the config.
#[derive(Debug, Clone, Copy)]
pub struct LoginLimits {
    /// Failed attempts per account per window.
    pub failures_per_account: i64,
    /// Attempts per IP per window.
    pub attempts_per_ip: i64,
    /// The window.
    pub window: Duration,
}

/// Login attempt queries.
pub struct LoginAttempt;

impl LoginAttempt {
    /// Seconds to wait before another attempt is allowed, or `None` if one is allowed now.
    pub fn retry_after(
        conn: &mut AnyConnection,
        username: &str,
        ip: &str,
        limits: LoginLimits,
        now: NaiveDateTime,
    ) -> QueryResult<Option<u64>> {
        let since = now - limits.window;
        let (per_account, oldest_account): (i64, Option<NaiveDateTime>) = login_attempts::table
            .filter(login_attempts::username_lower.eq(username.to_lowercase()))
            .filter(login_attempts::succeeded.eq(false))
            .filter(login_attempts::attempted_at.gt(since))
            .select((count_star(), min(login_attempts::attempted_at)))
            .first(conn)?;
        let (per_ip, oldest_ip): (i64, Option<NaiveDateTime>) = login_attempts::table
            .filter(login_attempts::ip.eq(ip))
            .filter(login_attempts::attempted_at.gt(since))
            .select((count_star(), min(login_attempts::attempted_at)))
            .first(conn)?;
        // Wait until the oldest counted attempt leaves the window.
        let wait = |oldest: Option<NaiveDateTime>| {
            let frees_at = oldest.unwrap_or(now) + limits.window;
            (frees_at - now).num_seconds().max(1) as u64
        };
        let reached = |count: i64, limit: i64| limit > 0 && count >= limit;
        Ok(if reached(per_account, limits.failures_per_account) {
            Some(wait(oldest_account))
        } else if reached(per_ip, limits.attempts_per_ip) {
            Some(wait(oldest_ip))
        } else {
            None
        })
    }

    /// Forgets attempts older than `before` (run now and then, to keep the table small).
    pub(crate) fn prune(conn: &mut AnyConnection, before: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(login_attempts::table.filter(login_attempts::attempted_at.lt(before)))
            .execute(conn)
    }
}
