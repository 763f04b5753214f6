//! Earlier versions of posts, kept on every edit so any version can be read again.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{post_revisions, users};
use crate::models::ids::{PostId, UserId};
use crate::models::post::Post;
use crate::models::user::UserSummary;

/// A `post_revisions` row: version `version` of a post, as it was.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = post_revisions)]
pub struct PostRevision {
    /// Id.
    pub id: i64,
    /// The post.
    pub post_id: PostId,
    /// Which version this was.
    pub version: i32,
    /// Its Markdown.
    pub raw: String,
    /// Its HTML.
    pub cooked: String,
    /// Why it was written.
    pub edit_reason: Option<String>,
    /// Who wrote it.
    pub editor_id: UserId,
    /// When it was written.
    pub created_at: NaiveDateTime,
}

/// A version of a post, old or current, with who wrote it.
#[derive(Debug, Clone)]
pub struct Version {
    /// 1-based version number.
    pub version: i32,
    /// Markdown.
    pub raw: String,
    /// HTML.
    pub cooked: String,
    /// Why it was written.
    pub edit_reason: Option<String>,
    /// Who wrote it.
    pub editor: UserSummary,
    /// When.
    pub created_at: NaiveDateTime,
}

impl PostRevision {
    /// Keeps `current`, the version about to be replaced, as a revision.
    pub(crate) fn keep(conn: &mut AnyConnection, current: &Post) -> QueryResult<usize> {
        diesel::insert_into(post_revisions::table)
            .values((
                post_revisions::post_id.eq(current.id),
                post_revisions::version.eq(current.version),
                post_revisions::raw.eq(&current.raw),
                post_revisions::cooked.eq(&current.cooked),
                post_revisions::edit_reason.eq(&current.edit_reason),
                post_revisions::editor_id.eq(current.last_editor_id),
                post_revisions::created_at.eq(current.updated_at),
            ))
            .execute(conn)
    }

    /// A batch of revisions' ids, Markdown and HTML, in id order after `after`, for re-rendering.
    pub fn sources_after(
        conn: &mut AnyConnection,
        after: i64,
        limit: i64,
    ) -> QueryResult<Vec<(i64, String, String)>> {
        post_revisions::table
            .filter(post_revisions::id.gt(after))
            .order(post_revisions::id.asc())
            .limit(limit)
            .select((
                post_revisions::id,
                post_revisions::raw,
                post_revisions::cooked,
            ))
            .load(conn)
    }

    /// Replaces a revision's HTML with a fresh rendering of its Markdown (old versions never
    /// change otherwise).
    pub(crate) fn replace_cooked(
        conn: &mut AnyConnection,
        id: i64,
        cooked: &str,
    ) -> QueryResult<usize> {
        diesel::update(post_revisions::table.find(id))
            .set(post_revisions::cooked.eq(cooked))
            .execute(conn)
    }

    /// How many revisions are kept.
    pub fn count(conn: &mut AnyConnection) -> QueryResult<i64> {
        post_revisions::table.count().get_result(conn)
    }

    /// Every version of a post, oldest first, ending with the current one.
    pub fn versions(conn: &mut AnyConnection, post: &Post) -> QueryResult<Vec<Version>> {
        let rows: Vec<(PostRevision, UserSummary)> = post_revisions::table
            .inner_join(users::table)
            .filter(post_revisions::post_id.eq(post.id))
            .order(post_revisions::version.asc())
            .select((PostRevision::as_select(), UserSummary::as_select()))
            .load(conn)?;
        let mut versions: Vec<Version> = rows
            .into_iter()
            .map(|(r, editor)| Version {
                version: r.version,
                raw: r.raw,
                cooked: r.cooked,
                edit_reason: r.edit_reason,
                editor,
                created_at: r.created_at,
            })
            .collect();
        let current_editor = UserSummary::by_ids(conn, &[post.last_editor_id])?
            .remove(&post.last_editor_id)
            .ok_or(diesel::result::Error::NotFound)?;
        versions.push(Version {
            version: post.version,
            raw: post.raw.clone(),
            cooked: post.cooked.clone(),
            edit_reason: post.edit_reason.clone(),
            editor: current_editor,
            created_at: post.updated_at,
        });
        Ok(versions)
    }
}
