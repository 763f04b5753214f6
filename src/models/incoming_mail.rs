//! Replies received by mail (`incoming_mail`), by Message-ID, so a message delivered twice is
//! posted once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::incoming_mail;
use crate::models::ids::{PostId, UserId};

/// `incoming_mail` queries.
pub struct IncomingMail;

impl IncomingMail {
    /// The post a message became, if it was received before.
    pub fn find(conn: &mut AnyConnection, message_id: &str) -> QueryResult<Option<Option<PostId>>> {
        incoming_mail::table
            .filter(incoming_mail::message_id.eq(message_id))
            .select(incoming_mail::post_id)
            .first(conn)
            .optional()
    }

    /// Records that `message_id` from `user` became `post`.
    pub(crate) fn record(
        conn: &mut AnyConnection,
        message_id: &str,
        user: UserId,
        post: Option<PostId>,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(incoming_mail::table)
            .values((
                incoming_mail::message_id.eq(message_id),
                incoming_mail::user_id.eq(user),
                incoming_mail::post_id.eq(post),
                incoming_mail::received_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }
}
