//! Watching levels: how closely a person follows a topic (`topic_users`) or a category
//! (`category_users`), with Discourse's four levels and, for categories, "watching first
//! post". No row means normal. Muted never notifies and never feeds a digest.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{category_users, topic_users, user_options, users};
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

    /// The levels a topic offers ("watching first post" is a category's).
    pub const FOR_TOPICS: [Level; 4] = [
        Level::Watching,
        Level::Tracking,
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

/// The levels people chose (or earned) for one topic or category.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Followers {
    /// Each person's level.
    pub levels: HashMap<UserId, Level>,
}

impl Followers {
    /// Those at `level`.
    pub fn at(&self, level: Level) -> impl Iterator<Item = UserId> + '_ {
        self.levels
            .iter()
            .filter(move |(_, l)| **l == level)
            .map(|(user, _)| *user)
    }

    /// `user`'s level, if they have one here.
    pub fn level(&self, user: UserId) -> Option<Level> {
        self.levels.get(&user).copied()
    }
}

fn followers(rows: Vec<(UserId, i32)>) -> Followers {
    Followers {
        levels: rows
            .into_iter()
            .filter_map(|(user, code)| Level::from_code(code).map(|level| (user, level)))
            .collect(),
    }
}

/// Topic watching queries.
pub struct TopicWatch;

impl TopicWatch {
    /// Forgets every topic `user` watches or mutes (their account is being anonymised).
    pub(crate) fn forget_all(conn: &mut AnyConnection, user: UserId) -> QueryResult<usize> {
        diesel::delete(topic_users::table.filter(topic_users::user_id.eq(user))).execute(conn)
    }

    /// Everyone with a level for `topic`, normal included: a topic's level, even normal,
    /// overrides its category's.
    pub fn followers(conn: &mut AnyConnection, topic: TopicId) -> QueryResult<Followers> {
        let rows = topic_users::table
            .filter(topic_users::topic_id.eq(topic))
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
    /// Forgets every category `user` watches or mutes (their account is being anonymised).
    pub(crate) fn forget_all(conn: &mut AnyConnection, user: UserId) -> QueryResult<usize> {
        diesel::delete(category_users::table.filter(category_users::user_id.eq(user))).execute(conn)
    }

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

    /// Who takes every post of `category` by mail (mailing-list mode on, the category ticked,
    /// a confirmed address), with their addresses.
    pub fn mailing_list_readers(
        conn: &mut AnyConnection,
        category: CategoryId,
    ) -> QueryResult<Vec<(UserId, String)>> {
        category_users::table
            .inner_join(user_options::table.on(user_options::user_id.eq(category_users::user_id)))
            .inner_join(users::table.on(users::id.eq(category_users::user_id)))
            .filter(category_users::category_id.eq(category))
            .filter(category_users::mailing_list)
            .filter(user_options::mailing_list_mode)
            .filter(users::email_verified_at.is_not_null())
            .select((users::id, users::email))
            .load(conn)
    }

    /// The categories that feed `user`'s digest and their mailing-list mail.
    pub fn mail_choices(
        conn: &mut AnyConnection,
        user: UserId,
    ) -> QueryResult<(Vec<CategoryId>, Vec<CategoryId>)> {
        let rows: Vec<(CategoryId, bool, bool)> = category_users::table
            .filter(category_users::user_id.eq(user))
            .filter(category_users::in_digest.or(category_users::mailing_list))
            .select((
                category_users::category_id,
                category_users::in_digest,
                category_users::mailing_list,
            ))
            .load(conn)?;
        let digest = rows.iter().filter(|r| r.1).map(|r| r.0).collect();
        let mailing = rows.iter().filter(|r| r.2).map(|r| r.0).collect();
        Ok((digest, mailing))
    }

    /// Marks exactly `digest` as feeding `user`'s digest and `mailing` as sent to them in
    /// mailing-list mode, keeping every watching level as it is.
    pub(crate) fn set_mail_choices(
        conn: &mut AnyConnection,
        user: UserId,
        digest: &[CategoryId],
        mailing: &[CategoryId],
    ) -> QueryResult<()> {
        diesel::update(category_users::table.filter(category_users::user_id.eq(user)))
            .set((
                category_users::in_digest.eq(false),
                category_users::mailing_list.eq(false),
            ))
            .execute(conn)?;
        let mut chosen: Vec<CategoryId> = digest.iter().chain(mailing).copied().collect();
        chosen.sort_unstable();
        chosen.dedup();
        for category in chosen {
            let in_digest = digest.contains(&category);
            let mailing_list = mailing.contains(&category);
            crate::with_conn!(conn, |c| diesel::insert_into(category_users::table)
                .values((
                    category_users::user_id.eq(user),
                    category_users::category_id.eq(category),
                    category_users::notification_level.eq(Level::Normal.code()),
                    category_users::in_digest.eq(in_digest),
                    category_users::mailing_list.eq(mailing_list),
                ))
                .on_conflict((category_users::user_id, category_users::category_id))
                .do_update()
                .set((
                    category_users::in_digest.eq(in_digest),
                    category_users::mailing_list.eq(mailing_list),
                ))
                .execute(c))?;
        }
        Ok(())
    }
}
