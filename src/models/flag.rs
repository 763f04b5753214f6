//! Flags (Discourse's "post actions" of the flag kinds): a member's report that a post breaks
//! the rules, which is also a vote toward hiding it. Each joins the post's pending review item
//! and is resolved with it; how a member's flags were resolved is their accuracy.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{post_actions, posts, reviewables, topics};
use crate::models::ids::{PostId, ReviewableId, TopicId, UserId};

/// Why a post is flagged, with Discourse's `post_action_type_id` numbers where Discourse has
/// the kind. A code-of-conduct report is Convene's own: it opens a private case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagType {
    /// Not about the topic.
    OffTopic,
    /// Rude, abusive, or otherwise out of place.
    Inappropriate,
    /// Something else, said in the flagger's own words.
    SomethingElse,
    /// Advertising or vandalism.
    Spam,
    /// Breaks the code of conduct: opens a case between the reporter and the moderators.
    CodeOfConduct,
}

impl FlagType {
    /// Every kind, in the order the flag form offers them.
    pub const ALL: [FlagType; 5] = [
        FlagType::OffTopic,
        FlagType::Inappropriate,
        FlagType::Spam,
        FlagType::CodeOfConduct,
        FlagType::SomethingElse,
    ];

    /// Discourse's `post_action_type_id` (20 is ours).
    pub fn id(self) -> i32 {
        match self {
            FlagType::OffTopic => 3,
            FlagType::Inappropriate => 4,
            FlagType::SomethingElse => 7,
            FlagType::Spam => 8,
            FlagType::CodeOfConduct => 20,
        }
    }

    /// The kind with this id, if it is a flag.
    pub fn from_id(id: i32) -> Option<FlagType> {
        FlagType::ALL.into_iter().find(|kind| kind.id() == id)
    }

    /// Discourse's name for it (`name_key`), as forms and JSON send it.
    pub fn key(self) -> &'static str {
        match self {
            FlagType::OffTopic => "off_topic",
            FlagType::Inappropriate => "inappropriate",
            FlagType::SomethingElse => "notify_moderators",
            FlagType::Spam => "spam",
            FlagType::CodeOfConduct => "code_of_conduct",
        }
    }

    /// The kind with this key.
    pub fn from_key(key: &str) -> Option<FlagType> {
        FlagType::ALL.into_iter().find(|kind| kind.key() == key)
    }

    /// What the flag form and the review queue call it.
    pub fn label(self) -> &'static str {
        match self {
            FlagType::OffTopic => "Off-topic",
            FlagType::Inappropriate => "Inappropriate",
            FlagType::SomethingElse => "Something else",
            FlagType::Spam => "Spam",
            FlagType::CodeOfConduct => "Code of conduct violation",
        }
    }

    /// The form's explanation.
    pub fn description(self) -> &'static str {
        match self {
            FlagType::OffTopic => "Not relevant to the topic; it may belong elsewhere.",
            FlagType::Inappropriate => {
                "Something a reasonable person would find offensive or abusive."
            }
            FlagType::SomethingElse => {
                "Tell the moderators in your own words what needs their attention."
            }
            FlagType::Spam => "Advertising or vandalism, not useful to the discussion.",
            FlagType::CodeOfConduct => {
                "Opens a private case between you and the moderators. The author never learns who reported it."
            }
        }
    }

    /// Whether the flagger must say why in their own words.
    pub fn needs_message(self) -> bool {
        matches!(self, FlagType::SomethingElse | FlagType::CodeOfConduct)
    }
}

/// How a flag was resolved (Discourse's reviewable score statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagOutcome {
    /// Not looked at yet.
    Pending = 0,
    /// A moderator agreed.
    Agreed = 1,
    /// A moderator disagreed.
    Disagreed = 2,
    /// The item was closed without a verdict.
    Ignored = 3,
}

/// A `post_actions` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = post_actions)]
pub struct Flag {
    /// Id.
    pub id: i64,
    /// The post flagged.
    pub post_id: PostId,
    /// The flagger.
    pub user_id: UserId,
    /// The kind, as Discourse numbers it ([`FlagType::id`]).
    pub post_action_type_id: i32,
    /// The flagger's words, for "something else" and code-of-conduct reports.
    pub message: Option<String>,
    /// The review item it joined.
    pub reviewable_id: Option<ReviewableId>,
    /// [`FlagOutcome`] as a number.
    pub status: i32,
    /// When.
    pub created_at: NaiveDateTime,
}

impl Flag {
    /// The kind (rows only ever hold flag kinds).
    pub fn kind(&self) -> FlagType {
        FlagType::from_id(self.post_action_type_id).unwrap_or(FlagType::SomethingElse)
    }

    /// How it was resolved so far.
    pub fn outcome(&self) -> FlagOutcome {
        match self.status {
            s if s == FlagOutcome::Agreed as i32 => FlagOutcome::Agreed,
            s if s == FlagOutcome::Disagreed as i32 => FlagOutcome::Disagreed,
            s if s == FlagOutcome::Ignored as i32 => FlagOutcome::Ignored,
            _ => FlagOutcome::Pending,
        }
    }
}

/// A new flag.
#[derive(Debug, Insertable)]
#[diesel(table_name = post_actions)]
pub(crate) struct NewFlag<'a> {
    pub post_id: PostId,
    pub user_id: UserId,
    pub post_action_type_id: i32,
    pub message: Option<&'a str>,
    pub reviewable_id: ReviewableId,
    pub created_at: NaiveDateTime,
}

impl NewFlag<'_> {
    /// Inserts it; a second flag by the same person on the same post is a unique violation.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<Flag> {
        diesel::insert_into(post_actions::table)
            .values(self)
            .returning(post_actions::all_columns)
            .get_result(conn)
    }
}

/// How a flagger's earlier flags were resolved: shown to reviewers beside each flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Accuracy {
    /// Flags a moderator agreed with.
    pub agreed: i64,
    /// Flags a moderator disagreed with.
    pub disagreed: i64,
    /// Flags closed without a verdict.
    pub ignored: i64,
}

/// A member's own flag, with where it was and how it ended, for their profile.
#[derive(Debug, Clone)]
pub struct OwnFlag {
    /// The flag.
    pub flag: Flag,
    /// The topic of the post.
    pub topic_id: TopicId,
    /// Its title.
    pub topic_title: String,
    /// The post's number in it.
    pub post_number: i32,
    /// The resolution note the reporter is told, if the moderators wrote one.
    pub resolution_note: Option<String>,
}

impl Flag {
    /// Whether `user` has flagged `post` already.
    pub fn exists(conn: &mut AnyConnection, post: PostId, user: UserId) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            post_actions::table
                .filter(post_actions::post_id.eq(post))
                .filter(post_actions::user_id.eq(user)),
        ))
        .get_result(conn)
    }

    /// How many flags `user` raised, and how many were raised on their posts.
    pub fn counts_for(conn: &mut AnyConnection, user: UserId) -> QueryResult<(i64, i64)> {
        use crate::db::schema::posts;
        let given = post_actions::table
            .filter(post_actions::user_id.eq(user))
            .count()
            .get_result(conn)?;
        let received = post_actions::table
            .inner_join(posts::table)
            .filter(posts::user_id.eq(user))
            .count()
            .get_result(conn)?;
        Ok((given, received))
    }

    /// Every flag on `post`, whatever became of it, oldest first.
    pub fn on_post(conn: &mut AnyConnection, post: PostId) -> QueryResult<Vec<Flag>> {
        post_actions::table
            .filter(post_actions::post_id.eq(post))
            .order(post_actions::id.asc())
            .select(Flag::as_select())
            .load(conn)
    }

    /// The flags that joined a review item, oldest first.
    pub fn of_reviewable(conn: &mut AnyConnection, item: ReviewableId) -> QueryResult<Vec<Flag>> {
        post_actions::table
            .filter(post_actions::reviewable_id.eq(item))
            .order(post_actions::id.asc())
            .select(Flag::as_select())
            .load(conn)
    }

    /// The flags that joined any of these review items.
    pub fn of_reviewables(
        conn: &mut AnyConnection,
        items: &[ReviewableId],
    ) -> QueryResult<Vec<Flag>> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        post_actions::table
            .filter(post_actions::reviewable_id.eq_any(items.to_vec()))
            .order(post_actions::id.asc())
            .select(Flag::as_select())
            .load(conn)
    }

    /// How each of these flaggers' flags were resolved so far.
    pub fn accuracy_of(
        conn: &mut AnyConnection,
        flaggers: &[UserId],
    ) -> QueryResult<std::collections::HashMap<UserId, Accuracy>> {
        let mut out = std::collections::HashMap::new();
        if flaggers.is_empty() {
            return Ok(out);
        }
        let rows: Vec<(UserId, i32, i64)> = post_actions::table
            .filter(post_actions::user_id.eq_any(flaggers.to_vec()))
            .group_by((post_actions::user_id, post_actions::status))
            .select((
                post_actions::user_id,
                post_actions::status,
                diesel::dsl::count_star(),
            ))
            .load(conn)?;
        for (user, status, count) in rows {
            let entry: &mut Accuracy = out.entry(user).or_default();
            match status {
                s if s == FlagOutcome::Agreed as i32 => entry.agreed = count,
                s if s == FlagOutcome::Disagreed as i32 => entry.disagreed = count,
                s if s == FlagOutcome::Ignored as i32 => entry.ignored = count,
                _ => {}
            }
        }
        Ok(out)
    }

    /// `user`'s flags, newest first, with their posts' places and resolution notes.
    pub fn by_flagger(
        conn: &mut AnyConnection,
        user: UserId,
        limit: i64,
    ) -> QueryResult<Vec<OwnFlag>> {
        let rows: Vec<(Flag, TopicId, String, i32, Option<String>)> = post_actions::table
            .inner_join(posts::table.inner_join(topics::table))
            .left_join(reviewables::table)
            .filter(post_actions::user_id.eq(user))
            .order(post_actions::id.desc())
            .limit(limit)
            .select((
                Flag::as_select(),
                topics::id,
                topics::title,
                posts::post_number,
                reviewables::resolution_note.nullable(),
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(
                |(flag, topic_id, topic_title, post_number, resolution_note)| OwnFlag {
                    flag,
                    topic_id,
                    topic_title,
                    post_number,
                    resolution_note,
                },
            )
            .collect())
    }

    /// Resolves every pending flag of a review item as `outcome`.
    pub(crate) fn resolve_all(
        conn: &mut AnyConnection,
        item: ReviewableId,
        outcome: FlagOutcome,
    ) -> QueryResult<usize> {
        diesel::update(
            post_actions::table
                .filter(post_actions::reviewable_id.eq(item))
                .filter(post_actions::status.eq(FlagOutcome::Pending as i32)),
        )
        .set(post_actions::status.eq(outcome as i32))
        .execute(conn)
    }
}
