//! The mail outbox (DESIGN.md, "Mail goes through an outbox"): one row per message, written in
//! the transaction of the event that causes it, with a `dedupe_key` that makes a second insert
//! of the same message a no-op. Senders on any node claim due rows (on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED`, so two nodes never take the same row), send them, and record
//! what happened; a failure is retried after a backoff by holding the claim until then.

use chrono::{Duration, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::mail_outbox;
use crate::models::ids::{NotificationId, PostId, UserId};

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    /// About the account (verification, password reset), composed when written.
    Account,
    /// A notification, composed when it leaves, after the site's delay.
    Notification,
    /// `convene mail test`, composed when written.
    Test,
    /// A member's digest, composed when written.
    Digest,
    /// A new post, to a member in mailing-list mode; composed when it leaves.
    MailingList,
    /// To a member a moderator acted on (silenced, suspended, warned, a post hidden or not
    /// published), composed when it leaves from the staff-log row it names.
    Moderation,
}

impl MailKind {
    /// Its name in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Account => "account",
            MailKind::Notification => "notification",
            MailKind::Test => "test",
            MailKind::Digest => "digest",
            MailKind::MailingList => "mailing_list",
            MailKind::Moderation => "moderation",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<MailKind> {
        [
            MailKind::Account,
            MailKind::Notification,
            MailKind::Test,
            MailKind::Digest,
            MailKind::MailingList,
            MailKind::Moderation,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == name)
    }
}

/// A `mail_outbox` row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxRow {
    /// Id.
    pub id: i64,
    /// What makes it unique.
    pub dedupe_key: String,
    /// [`MailKind::as_str`].
    pub kind: String,
    /// Whom it is for, if a member.
    pub user_id: Option<UserId>,
    /// Where it goes.
    pub to_address: String,
    /// The notification it mails.
    pub notification_id: Option<NotificationId>,
    /// The post it is about.
    pub post_id: Option<PostId>,
    /// The whole message, when composed as written (cleared once sent).
    pub message: Option<String>,
    /// When it was written; mail of delayed kinds leaves that much later.
    pub send_after: NaiveDateTime,
    /// Tries so far.
    pub attempts: i32,
    /// The node holding it.
    pub claimed_by: Option<String>,
    /// Until when it is held (while sending, or until its next try).
    pub claimed_until: Option<NaiveDateTime>,
    /// When it was handed to the server.
    pub sent_at: Option<NaiveDateTime>,
    /// When it was given up (failed for good, or skipped).
    pub gave_up_at: Option<NaiveDateTime>,
    /// What happened: the server's last error, or why it was skipped.
    pub outcome: Option<String>,
    /// When it was written.
    pub created_at: NaiveDateTime,
    /// The staff action it tells its member of ([`MailKind::Moderation`]).
    pub staff_log_id: Option<i64>,
}

/// A row to write.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = mail_outbox, treat_none_as_null = true)]
pub struct NewMail {
    /// Unique per message.
    pub dedupe_key: String,
    /// [`MailKind::as_str`].
    pub kind: &'static str,
    /// Whom for.
    pub user_id: Option<UserId>,
    /// Where to.
    pub to_address: String,
    /// The notification.
    pub notification_id: Option<NotificationId>,
    /// The post.
    pub post_id: Option<PostId>,
    /// The whole message, if composed now.
    pub message: Option<String>,
    /// When it may leave (before its kind's delay).
    pub send_after: NaiveDateTime,
    /// Now.
    pub created_at: NaiveDateTime,
    /// The staff action it tells its member of.
    pub staff_log_id: Option<i64>,
}

/// What the sender needs to decide which rows are due.
#[derive(Debug, Clone, Copy)]
pub struct Due {
    /// Now.
    pub now: NaiveDateTime,
    /// How long notification mail waits.
    pub notification_delay: Duration,
}

/// Outbox statements.
pub struct Outbox;

impl Outbox {
    /// Forgets where mail to `user` went and what it said (their account is being
    /// anonymised): every row gets the new address and loses its message, and what was not
    /// sent yet never will be.
    pub(crate) fn forget_user(
        conn: &mut AnyConnection,
        user: UserId,
        address: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(
            mail_outbox::table
                .filter(mail_outbox::user_id.eq(user))
                .filter(mail_outbox::sent_at.is_null())
                .filter(mail_outbox::gave_up_at.is_null()),
        )
        .set((
            mail_outbox::gave_up_at.eq(now),
            mail_outbox::outcome.eq("the account was anonymised"),
        ))
        .execute(conn)?;
        diesel::update(mail_outbox::table.filter(mail_outbox::user_id.eq(user)))
            .set((
                mail_outbox::to_address.eq(address),
                mail_outbox::message.eq(None::<String>),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Writes `rows`; a row whose key is already there is skipped. Returns how many were new.
    pub(crate) fn enqueue(conn: &mut AnyConnection, rows: &[NewMail]) -> QueryResult<usize> {
        let mut written = 0;
        for chunk in rows.chunks(500) {
            // A multi-row insert that skips duplicates is spelled differently per backend.
            written += match conn {
                AnyConnection::Postgresql(c) => diesel::insert_into(mail_outbox::table)
                    .values(chunk)
                    .on_conflict(mail_outbox::dedupe_key)
                    .do_nothing()
                    .execute(c)?,
                AnyConnection::Sqlite(c) => diesel::insert_or_ignore_into(mail_outbox::table)
                    .values(chunk)
                    .execute(c)?,
            };
        }
        Ok(written)
    }

    /// Claims up to `limit` due rows for `node` until `until`, oldest first; each claim counts
    /// as an attempt. Run it in a transaction: on PostgreSQL the rows are locked with
    /// `SKIP LOCKED`, so nodes claiming at once take different rows; on SQLite the write
    /// transaction already excludes every other writer.
    pub(crate) fn claim(
        conn: &mut AnyConnection,
        node: &str,
        due: Due,
        until: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<OutboxRow>> {
        let delayed_before = due.now - due.notification_delay;
        let waiting = || {
            mail_outbox::table
                .filter(mail_outbox::sent_at.is_null())
                .filter(mail_outbox::gave_up_at.is_null())
                .filter(
                    mail_outbox::claimed_until
                        .is_null()
                        .or(mail_outbox::claimed_until.le(due.now)),
                )
                .filter(
                    mail_outbox::kind
                        .eq(MailKind::Notification.as_str())
                        .and(mail_outbox::send_after.le(delayed_before))
                        .or(mail_outbox::kind
                            .ne(MailKind::Notification.as_str())
                            .and(mail_outbox::send_after.le(due.now))),
                )
                .order(mail_outbox::id.asc())
                .limit(limit)
                .select(mail_outbox::id)
        };
        let ids: Vec<i64> = match conn {
            AnyConnection::Postgresql(c) => waiting().for_update().skip_locked().load(c)?,
            AnyConnection::Sqlite(c) => waiting().load(c)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(&ids)))
            .set((
                mail_outbox::claimed_by.eq(node),
                mail_outbox::claimed_until.eq(until),
                mail_outbox::attempts.eq(mail_outbox::attempts + 1),
            ))
            .execute(conn)?;
        mail_outbox::table
            .filter(mail_outbox::id.eq_any(&ids))
            .order(mail_outbox::id.asc())
            .select(OutboxRow::as_select())
            .load(conn)
    }

    /// Records that rows `ids` were handed to the server, and forgets their messages (an
    /// account mail's link is a secret).
    pub(crate) fn sent_many(
        conn: &mut AnyConnection,
        ids: &[i64],
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        for chunk in ids.chunks(500) {
            diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(chunk)))
                .set((
                    mail_outbox::sent_at.eq(now),
                    mail_outbox::message.eq(None::<String>),
                    mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
                    mail_outbox::outcome.eq(None::<String>),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    /// Records that row `id` will not be sent, and why.
    pub(crate) fn give_up(
        conn: &mut AnyConnection,
        id: i64,
        now: NaiveDateTime,
        why: &str,
    ) -> QueryResult<()> {
        diesel::update(mail_outbox::table.find(id))
            .set((
                mail_outbox::gave_up_at.eq(now),
                mail_outbox::message.eq(None::<String>),
                mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
                mail_outbox::outcome.eq(why),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Gives up, in one statement, every waiting notification mail queued before `before`
    /// (too late to be worth sending); returns how many. A backlog of old notifications (after
    /// an outage, or a community imported with its history) is then cleared at once rather
    /// than claimed and skipped row by row ahead of newer mail.
    pub(crate) fn give_up_stale(
        conn: &mut AnyConnection,
        before: NaiveDateTime,
        now: NaiveDateTime,
        why: &str,
    ) -> QueryResult<usize> {
        diesel::update(
            mail_outbox::table
                .filter(mail_outbox::kind.eq(MailKind::Notification.as_str()))
                .filter(mail_outbox::sent_at.is_null())
                .filter(mail_outbox::gave_up_at.is_null())
                .filter(mail_outbox::send_after.lt(before))
                .filter(
                    mail_outbox::claimed_until
                        .is_null()
                        .or(mail_outbox::claimed_until.le(now)),
                ),
        )
        .set((
            mail_outbox::gave_up_at.eq(now),
            mail_outbox::message.eq(None::<String>),
            mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
            mail_outbox::outcome.eq(why),
        ))
        .execute(conn)
    }

    /// Holds row `id` until `retry_at`, when it is tried again, noting the error.
    pub(crate) fn retry_later(
        conn: &mut AnyConnection,
        id: i64,
        retry_at: NaiveDateTime,
        error: &str,
    ) -> QueryResult<()> {
        diesel::update(mail_outbox::table.find(id))
            .set((
                mail_outbox::claimed_until.eq(retry_at),
                mail_outbox::claimed_by.eq(None::<String>),
                mail_outbox::outcome.eq(error),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// How many of `user`'s mails of `kinds` were sent since `since` (their daily cap).
    pub fn sent_to_since(
        conn: &mut AnyConnection,
        user: UserId,
        kinds: &[&str],
        since: NaiveDateTime,
    ) -> QueryResult<i64> {
        mail_outbox::table
            .filter(mail_outbox::user_id.eq(user))
            .filter(mail_outbox::sent_at.gt(since))
            .filter(mail_outbox::kind.eq_any(kinds))
            .select(count_star())
            .first(conn)
    }

    /// Rows not yet sent or given up (the backlog).
    pub fn backlog(conn: &mut AnyConnection) -> QueryResult<i64> {
        mail_outbox::table
            .filter(mail_outbox::sent_at.is_null())
            .filter(mail_outbox::gave_up_at.is_null())
            .select(count_star())
            .first(conn)
    }

    /// Every row, newest first (tests and the admin's view).
    pub fn recent(conn: &mut AnyConnection, limit: i64) -> QueryResult<Vec<OutboxRow>> {
        mail_outbox::table
            .order(mail_outbox::id.desc())
            .limit(limit)
            .select(OutboxRow::as_select())
            .load(conn)
    }
}
