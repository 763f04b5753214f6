//! Watching levels: how closely a person follows a topic (`topic_users`) or a category
//! (`category_users`), with Discourse's four levels and, for categories, "watching first
//! post". No row means normal. Muted never notifies and never feeds a digest.

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{category_users, topic_users};
use crate::models::ids::{CategoryId, TopicId, UserId};

/// A watching level, with Discourse's numbers (`notification_level`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Never notified.
    Muted,
    /// Notified when mentioned, quoted or replied to.
    Normal,
    /// As normal (and, with read tracking, counted as unread).
    Tracking,
    /// Notified of every new post.
    Watching,
    /// Categories only: notified of each new topic's first post.
    WatchingFirstPost,
}

impl Level {
    /// Every level, in the order a form offers them.
    pub const ALL: [Level; 5] = [
        Level::Watching,
        Level::Tracking,
        Level::WatchingFirstPost,
        Level::Normal,
        Level::Muted,
    ];

    /// Discourse's number.
    pub fn code(self) -> i32 {
        match self {
            Level::Muted => 0,
            Level::Normal => 1,
            Level::Tracking => 2,
            Level::Watching => 3,
            Level::WatchingFirstPost => 4,
        }
    }

    /// The level numbered `code`.
    pub fn from_code(code: i32) -> Option<Level> {
        Level::ALL.into_iter().find(|level| level.code() == code)
    }

    /// Its name in forms and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Level::Muted => "muted",
            Level::Normal => "normal",
            Level::Tracking => "tracking",
            Level::Watching => "watching",
            Level::WatchingFirstPost => "watching_first_post",
        }
    }

    /// The level called `name`.
    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|level| level.name() == name)
    }
}

/// Who follows a topic or category at a level, and who muted it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Followers {
    /// (user, level) for every row that is not normal.
    pub levels: Vec<(UserId, Level)>,
}

impl Followers {
    /// Those at `level`.
    pub fn at(&self, level: Level) -> impl Iterator<Item = UserId> + '_ {
        self.levels
            .iter()
            .filter(move |(_, l)| *l == level)
            .map(|(user, _)| *user)
    }
}

fn followers(rows: Vec<(UserId, i32)>) -> Followers {
    Followers {
        levels: rows
            .into_iter()
            .filter_map(|(user, code)| Level::from_code(code).map(|level| (user, level)))
            .filter(|(_, level)| *level != Level::Normal)
            .collect(),
    }
}

/// Topic watching queries.
pub struct TopicWatch;

impl TopicWatch {
    /// Everyone whose level for `topic` is not normal.
    pub fn followers(conn: &mut AnyConnection, topic: TopicId) -> QueryResult<Followers> {
        let rows = topic_users::table
            .filter(topic_users::topic_id.eq(topic))
            .filter(topic_users::notification_level.ne(Level::Normal.code()))
            .select((topic_users::user_id, topic_users::notification_level))
            .load(conn)?;
        Ok(followers(rows))
    }

    /// `user`'s level for `topic`, if they chose or earned one.
    pub fn level(
        conn: &mut AnyConnection,
        user: UserId,
        topic: TopicId,
    ) -> QueryResult<Option<Level>> {
        let code: Option<i32> = topic_users::table
            .find((user, topic))
            .select(topic_users::notification_level)
            .first(conn)
            .optional()?;
        Ok(code.and_then(Level::from_code))
    }

    /// Sets `user`'s level for `topic`.
    pub(crate) fn set(
        conn: &mut AnyConnection,
        user: UserId,
        topic: TopicId,
        level: Level,
    ) -> QueryResult<()> {
        crate::with_conn!(conn, |c| diesel::insert_into(topic_users::table)
            .values((
                topic_users::user_id.eq(user),
                topic_users::topic_id.eq(topic),
                topic_users::notification_level.eq(level.code()),
            ))
            .on_conflict((topic_users::user_id, topic_users::topic_id))
            .do_update()
            .set(topic_users::notification_level.eq(level.code()))
            .execute(c))?;
        Ok(())
    }

    /// Gives `user` `level` for `topic` unless they already have a level for it (posting makes
    /// you track a topic, but never undoes watching or muting it).
    pub(crate) fn set_unless_chosen(
        conn: &mut AnyConnection,
        user: UserId,
        topic: TopicId,
        level: Level,
    ) -> QueryResult<()> {
        crate::with_conn!(conn, |c| diesel::insert_into(topic_users::table)
            .values((
                topic_users::user_id.eq(user),
                topic_users::topic_id.eq(topic),
                topic_users::notification_level.eq(level.code()),
            ))
            .on_conflict((topic_users::user_id, topic_users::topic_id))
            .do_nothing()
            .execute(c))?;
        Ok(())
    }
}

/// Category watching queries.
pub struct CategoryWatch;

impl CategoryWatch {
    /// Everyone whose level for `category` is not normal.
    pub fn followers(conn: &mut AnyConnection, category: CategoryId) -> QueryResult<Followers> {
        let rows = category_users::table
            .filter(category_users::category_id.eq(category))
            .filter(category_users::notification_level.ne(Level::Normal.code()))
            .select((category_users::user_id, category_users::notification_level))
            .load(conn)?;
        Ok(followers(rows))
    }

    /// `user`'s level for `category`, if they chose one.
    pub fn level(
        conn: &mut AnyConnection,
        user: UserId,
        category: CategoryId,
    ) -> QueryResult<Option<Level>> {
        let code: Option<i32> = category_users::table
            .find((user, category))
            .select(category_users::notification_level)
            .first(conn)
            .optional()?;
        Ok(code.and_then(Level::from_code))
    }

    /// Sets `user`'s level for `category`.
    pub(crate) fn set(
        conn: &mut AnyConnection,
        user: UserId,
        category: CategoryId,
        level: Level,
    ) -> QueryResult<()> {
        crate::with_conn!(conn, |c| diesel::insert_into(category_users::table)
            .values((
                category_users::user_id.eq(user),
                category_users::category_id.eq(category),
                category_users::notification_level.eq(level.code()),
            ))
            .on_conflict((category_users::user_id, category_users::category_id))
            .do_update()
            .set(category_users::notification_level.eq(level.code()))
            .execute(c))?;
        Ok(())
    }
}
