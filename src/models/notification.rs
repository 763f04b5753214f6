//! Notifications: what a person should know about (a reply to them, a mention, a quote, a
//! post where they watch), read or not. Written by `services::notify` in the transaction of
//! the post that causes them; one per person per post, the most specific reason winning.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{notifications, topics, users};
use crate::models::ids::{NotificationId, PostId, TopicId, UserId};

/// Why someone is notified, with Discourse's numbers (its `notification_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A new post in a topic or category they watch.
    Posted,
    /// A new topic in a category they watch "first post only".
    WatchingFirstPost,
    /// A reply to their post.
    Replied,
    /// Their post was quoted.
    Quoted,
    /// `@username` in a post.
    Mentioned,
    /// A proposal they watch changed: its stage, an endorsement or adoption, its document.
    /// Discourse's "custom" type: clients show it as a plain notice about the topic.
    ProposalChanged,
    /// Someone liked their post (the latest liker is named).
    Liked,
    /// Their reply was marked as the solution of a question (the Solved plugin sends it as
    /// Discourse's "custom" type too; [`Reason::Solution`] tells it apart).
    SolutionAccepted,
    /// A bookmark's reminder fell due.
    BookmarkReminder,
}

/// Why a notification is about its post; a person has at most one per post for each reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A post to read: a reply, mention, quote, or a post where they watch (the most specific
    /// kind wins).
    Read,
    /// Their post was liked.
    Liked,
    /// Their reply solved a question.
    Solution,
    /// Their bookmark's reminder.
    Reminder,
}

impl Reason {
    /// The `reason` column's value.
    pub fn code(self) -> i32 {
        match self {
            Reason::Read => 0,
            Reason::Liked => 1,
            Reason::Solution => 2,
            Reason::Reminder => 3,
        }
    }
}

impl Kind {
    /// Discourse's number for it.
    pub fn code(self) -> i32 {
        match self {
            Kind::Mentioned => 1,
            Kind::Replied => 2,
            Kind::Quoted => 3,
            Kind::Posted => 9,
            Kind::WatchingFirstPost => 17,
            Kind::ProposalChanged | Kind::SolutionAccepted => 14,
            Kind::Liked => 5,
            Kind::BookmarkReminder => 24,
        }
    }

    /// The kind with Discourse's number `code`.
    pub fn from_code(code: i32) -> Option<Kind> {
        [
            Kind::Mentioned,
            Kind::Replied,
            Kind::Quoted,
            Kind::Posted,
            Kind::WatchingFirstPost,
            Kind::ProposalChanged,
            Kind::Liked,
            Kind::BookmarkReminder,
        ]
        .into_iter()
        .find(|kind| kind.code() == code)
    }

    /// How it reads in a list: "{actor} {verb} {topic}".
    pub fn verb(self) -> &'static str {
        match self {
            Kind::Mentioned => "mentioned you in",
            Kind::Replied => "replied to you in",
            Kind::Quoted => "quoted you in",
            Kind::Posted => "posted in",
            Kind::WatchingFirstPost => "started",
            Kind::ProposalChanged => "moved forward the proposal",
            Kind::Liked => "liked your post in",
            Kind::SolutionAccepted => "accepted your answer in",
            Kind::BookmarkReminder => "reminds you of your bookmark in",
        }
    }
}

/// A `notifications` row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct Notification {
    /// Id.
    pub id: NotificationId,
    /// Whose.
    pub user_id: UserId,
    /// Discourse's `notification_type`; see [`Kind`].
    pub notification_type: i32,
    /// The topic.
    pub topic_id: Option<TopicId>,
    /// The post.
    pub post_id: Option<PostId>,
    /// The post's number in its topic.
    pub post_number: Option<i32>,
    /// Who caused it.
    pub actor_id: Option<UserId>,
    /// Seen.
    pub read: bool,
    /// When.
    pub created_at: NaiveDateTime,
    /// [`Reason::code`].
    pub reason: i32,
}

/// A notification with what a list shows of it.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The row.
    pub notification: Notification,
    /// The topic's title and slug.
    pub topic: Option<(String, String)>,
    /// The actor's username.
    pub actor: Option<String>,
}

/// A notification, its topic's title and slug, and its actor's username, as loaded.
type ListedRow = (Notification, Option<(String, String)>, Option<String>);

/// An insert into `notifications`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = notifications, treat_none_as_null = true)]
pub struct NewNotification {
    /// Whose.
    pub user_id: UserId,
    /// [`Kind::code`].
    pub notification_type: i32,
    /// The topic.
    pub topic_id: Option<TopicId>,
    /// The post.
    pub post_id: Option<PostId>,
    /// Its number.
    pub post_number: Option<i32>,
    /// Who caused it.
    pub actor_id: Option<UserId>,
    /// When.
    pub created_at: NaiveDateTime,
}

impl NewNotification {
    /// A notification of `kind` for `user` about post `post_number` (`post`) of `topic`.
    pub fn about_post(
        user: UserId,
        kind: Kind,
        topic: TopicId,
        post: PostId,
        post_number: i32,
        actor: Option<UserId>,
        now: NaiveDateTime,
    ) -> NewNotification {
        NewNotification {
            user_id: user,
            notification_type: kind.code(),
            topic_id: Some(topic),
            post_id: Some(post),
            post_number: Some(post_number),
            actor_id: actor,
            created_at: now,
        }
    }
}

impl Notification {
    /// Points the notifications about a post that moved at where it now is.
    pub(crate) fn follow_post(
        conn: &mut AnyConnection,
        post: PostId,
        topic: TopicId,
        number: i32,
    ) -> QueryResult<usize> {
        diesel::update(notifications::table.filter(notifications::post_id.eq(post)))
            .set((
                notifications::topic_id.eq(topic),
                notifications::post_number.eq(number),
            ))
            .execute(conn)
    }

    /// Its kind (an unknown number reads as a post in a watched topic).
    pub fn kind(&self) -> Kind {
        if self.reason == Reason::Solution.code() {
            return Kind::SolutionAccepted;
        }
        Kind::from_code(self.notification_type).unwrap_or(Kind::Posted)
    }

    /// Tells `row.user_id` of `reason` about `row.post_id`: a new notification, or the one
    /// they have for that reason renewed (unread again, dated now, naming `row.actor_id`), as
    /// Discourse gathers a post's likes into one.
    pub(crate) fn renew(
        conn: &mut AnyConnection,
        reason: Reason,
        row: &NewNotification,
    ) -> QueryResult<()> {
        let values = (row, notifications::reason.eq(reason.code()));
        let renewed = (
            notifications::actor_id.eq(row.actor_id),
            notifications::created_at.eq(row.created_at),
            notifications::read.eq(false),
        );
        let target = (
            notifications::user_id,
            notifications::post_id,
            notifications::reason,
        );
        // Upserts are built per backend (`MultiBackend` has none).
        match conn {
            AnyConnection::Postgresql(c) => diesel::insert_into(notifications::table)
                .values(values)
                .on_conflict(target)
                .do_update()
                .set(renewed)
                .execute(c)?,
            AnyConnection::Sqlite(c) => diesel::insert_into(notifications::table)
                .values(values)
                .on_conflict(target)
                .do_update()
                .set(renewed)
                .execute(c)?,
        };
        Ok(())
    }

    /// Takes back `reason`'s notification about `post` if it is unread (the last like taken
    /// back, a solution unmarked, before its author saw it).
    pub(crate) fn withdraw(
        conn: &mut AnyConnection,
        reason: Reason,
        post: PostId,
    ) -> QueryResult<usize> {
        diesel::delete(notifications::table)
            .filter(notifications::post_id.eq(post))
            .filter(notifications::reason.eq(reason.code()))
            .filter(notifications::read.eq(false))
            .execute(conn)
    }

    /// Inserts `rows` (at most one per person per post: a second is skipped) and returns the
    /// ids written for `post`, with whom they are for.
    pub(crate) fn insert_for_post(
        conn: &mut AnyConnection,
        post: PostId,
        rows: &[NewNotification],
    ) -> QueryResult<Vec<(NotificationId, UserId)>> {
        // One statement per few hundred rows: SQLite binds at most 32,766 parameters.
        for chunk in rows.chunks(500) {
            // A multi-row insert that skips duplicates is spelled differently per backend.
            match conn {
                AnyConnection::Postgresql(c) => diesel::insert_into(notifications::table)
                    .values(chunk)
                    .on_conflict((
                        notifications::user_id,
                        notifications::post_id,
                        notifications::reason,
                    ))
                    .do_nothing()
                    .execute(c)?,
                AnyConnection::Sqlite(c) => diesel::insert_or_ignore_into(notifications::table)
                    .values(chunk)
                    .execute(c)?,
            };
        }
        notifications::table
            .filter(notifications::post_id.eq(post))
            .select((notifications::id, notifications::user_id))
            .load(conn)
    }

    /// Inserts notifications that are about a topic rather than one post.
    pub(crate) fn insert_about_topic(
        conn: &mut AnyConnection,
        rows: &[NewNotification],
    ) -> QueryResult<usize> {
        let mut written = 0;
        // A multi-row insert is built per backend (`MultiBackend` has no batch insert).
        for chunk in rows.chunks(500) {
            let insert = diesel::insert_into(notifications::table).values(chunk);
            written += match conn {
                AnyConnection::Postgresql(c) => insert.execute(c)?,
                AnyConnection::Sqlite(c) => insert.execute(c)?,
            };
        }
        Ok(written)
    }

    /// Someone's notifications, newest first, with their topics and actors.
    pub fn for_user(
        conn: &mut AnyConnection,
        user: UserId,
        offset: i64,
        limit: i64,
    ) -> QueryResult<Vec<Listed>> {
        let rows: Vec<ListedRow> = notifications::table
            .left_join(topics::table)
            .left_join(users::table.on(notifications::actor_id.eq(users::id.nullable())))
            .filter(notifications::user_id.eq(user))
            .order(notifications::id.desc())
            .offset(offset)
            .limit(limit)
            .select((
                Notification::as_select(),
                (topics::title, topics::slug).nullable(),
                users::username.nullable(),
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(notification, topic, actor)| Listed {
                notification,
                topic,
                actor,
            })
            .collect())
    }

    /// How many notifications someone has, and how many of them are unread.
    pub fn counts(conn: &mut AnyConnection, user: UserId) -> QueryResult<(i64, i64)> {
        let total = notifications::table
            .filter(notifications::user_id.eq(user))
            .select(count_star())
            .first(conn)?;
        Ok((total, Self::unread(conn, user)?))
    }

    /// How many of someone's notifications are unread (the header's count).
    pub fn unread(conn: &mut AnyConnection, user: UserId) -> QueryResult<i64> {
        notifications::table
            .filter(notifications::user_id.eq(user))
            .filter(notifications::read.eq(false))
            .select(count_star())
            .first(conn)
    }

    /// The newest of `user`'s notifications that is read (Discourse's `seen_notification_id`).
    pub fn newest_read(
        conn: &mut AnyConnection,
        user: UserId,
    ) -> QueryResult<Option<NotificationId>> {
        notifications::table
            .filter(notifications::user_id.eq(user))
            .filter(notifications::read.eq(true))
            .select(diesel::dsl::max(notifications::id))
            .first(conn)
    }

    /// One notification, if it is `user`'s.
    pub fn find_for(
        conn: &mut AnyConnection,
        user: UserId,
        id: NotificationId,
    ) -> QueryResult<Option<Notification>> {
        notifications::table
            .find(id)
            .filter(notifications::user_id.eq(user))
            .select(Notification::as_select())
            .first(conn)
            .optional()
    }

    /// A notification by id, whoever's it is (the mail sender).
    pub fn find(conn: &mut AnyConnection, id: NotificationId) -> QueryResult<Option<Notification>> {
        notifications::table
            .find(id)
            .select(Notification::as_select())
            .first(conn)
            .optional()
    }

    /// Marks one of `user`'s notifications read, or all of them; returns how many changed.
    pub(crate) fn mark_read(
        conn: &mut AnyConnection,
        user: UserId,
        only: Option<NotificationId>,
    ) -> QueryResult<usize> {
        let mine = notifications::table
            .filter(notifications::user_id.eq(user))
            .filter(notifications::read.eq(false));
        match only {
            Some(id) => diesel::update(mine.filter(notifications::id.eq(id)))
                .set(notifications::read.eq(true))
                .execute(conn),
            None => diesel::update(mine)
                .set(notifications::read.eq(true))
                .execute(conn),
        }
    }

    /// Whether `user` has an unread notification about a post of `topic` up to `through`
    /// (what [`Notification::mark_read_in_topic`] would mark).
    pub fn unread_in_topic(
        conn: &mut AnyConnection,
        user: UserId,
        topic: TopicId,
        through: i32,
    ) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            notifications::table
                .filter(notifications::user_id.eq(user))
                .filter(notifications::read.eq(false))
                .filter(notifications::topic_id.eq(topic))
                .filter(notifications::post_number.le(through)),
        ))
        .get_result(conn)
    }

    /// Marks read what `user` was notified of in `topic` up to post `through` (they saw it).
    pub(crate) fn mark_read_in_topic(
        conn: &mut AnyConnection,
        user: UserId,
        topic: TopicId,
        through: i32,
    ) -> QueryResult<usize> {
        diesel::update(
            notifications::table
                .filter(notifications::user_id.eq(user))
                .filter(notifications::topic_id.eq(topic))
                .filter(notifications::post_number.le(through))
                .filter(notifications::read.eq(false)),
        )
        .set(notifications::read.eq(true))
        .execute(conn)
    }
}
