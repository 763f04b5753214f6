//! Secrets the forum keeps for itself (`site_secrets`), shared by every node through the
//! database: the key unsubscribe links are signed with. Made on first use.

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::site_secrets;

/// `site_secrets` queries.
pub struct SiteSecret;

impl SiteSecret {
    /// The secret called `name`, if it was made.
    pub fn find(conn: &mut AnyConnection, name: &str) -> QueryResult<Option<String>> {
        site_secrets::table
            .find(name)
            .select(site_secrets::value)
            .first(conn)
            .optional()
    }

    /// The secret called `name`, stored as `candidate` if there is none yet. Two nodes making
    /// it at once both read the one that was stored first.
    pub(crate) fn find_or_make(
        conn: &mut AnyConnection,
        name: &str,
        candidate: &str,
    ) -> QueryResult<String> {
        crate::with_conn!(conn, |c| diesel::insert_into(site_secrets::table)
            .values((
                site_secrets::name.eq(name),
                site_secrets::value.eq(candidate)
            ))
            .on_conflict(site_secrets::name)
            .do_nothing()
            .execute(c))?;
        site_secrets::table
            .find(name)
            .select(site_secrets::value)
            .first(conn)
    }
}
