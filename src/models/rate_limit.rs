//! Rate limits every node shares (`rate_limit_hits`): one row per counted action in a named
//! bucket ("mail-address:ada@example.org", "mail-ip:192.0.2.1"), counted over a window.

use chrono::{Duration, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::rate_limit_hits;

/// Rate-limit queries.
pub struct RateLimit;

impl RateLimit {
    /// How many hits `bucket` had in the `window` before `now`.
    pub fn count(
        conn: &mut AnyConnection,
        bucket: &str,
        window: Duration,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        rate_limit_hits::table
            .filter(rate_limit_hits::bucket.eq(bucket))
            .filter(rate_limit_hits::hit_at.gt(now - window))
            .select(count_star())
            .first(conn)
    }

    /// The oldest hit `bucket` had in the `window` before `now`: when it leaves the window,
    /// the count drops by one.
    pub fn oldest(
        conn: &mut AnyConnection,
        bucket: &str,
        window: Duration,
        now: NaiveDateTime,
    ) -> QueryResult<Option<NaiveDateTime>> {
        rate_limit_hits::table
            .filter(rate_limit_hits::bucket.eq(bucket))
            .filter(rate_limit_hits::hit_at.gt(now - window))
            .select(diesel::dsl::min(rate_limit_hits::hit_at))
            .first(conn)
    }

    /// Whole seconds until `bucket`'s oldest hit in the `window` before `now` leaves it (and the
    /// count drops by one), rounded up so a client that waits exactly this long gets through;
    /// at least 1.
    pub fn wait_seconds(
        conn: &mut AnyConnection,
        bucket: &str,
        window: Duration,
        now: NaiveDateTime,
    ) -> QueryResult<u64> {
        let oldest = Self::oldest(conn, bucket, window, now)?.unwrap_or(now);
        let wait = (oldest + window - now).num_milliseconds().max(0);
        Ok(u64::try_from(wait).unwrap_or(0).div_ceil(1000).max(1))
    }

    /// Counts one hit in `bucket`.
    pub(crate) fn hit(
        conn: &mut AnyConnection,
        bucket: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(rate_limit_hits::table)
            .values((
                rate_limit_hits::bucket.eq(bucket),
                rate_limit_hits::hit_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Forgets hits older than `before` (maintenance).
    pub(crate) fn prune(conn: &mut AnyConnection, before: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(rate_limit_hits::table.filter(rate_limit_hits::hit_at.lt(before)))
            .execute(conn)
    }
}
