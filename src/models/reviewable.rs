//! The review queue: one item per flagged post (every pending flag on the post joins it), and
//! one per code-of-conduct case, which also carries a private thread ([`CaseMessage`]).
//! Moderators resolve items; category moderators see and resolve those of their categories.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{case_messages, reviewables, users};
use crate::models::flag::{Accuracy, Flag};
use crate::models::ids::{CategoryId, PostId, ReviewableId, TopicId, UserId};
use crate::models::post::{Post, PostInTopic};
use crate::models::queued_post::QueuedPost;
use crate::models::user::UserSummary;

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewableKind {
    /// A post members flagged.
    FlaggedPost,
    /// A code-of-conduct report: a private case.
    CocCase,
    /// A post waiting for approval before it is published (`models::queued_post`).
    QueuedPost,
}

impl ReviewableKind {
    /// As stored and as Discourse's JSON names it (`type`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewableKind::FlaggedPost => "flagged_post",
            ReviewableKind::CocCase => "coc_case",
            ReviewableKind::QueuedPost => "queued_post",
        }
    }

    /// The kind stored as `text`.
    pub fn parse(text: &str) -> Option<ReviewableKind> {
        match text {
            "flagged_post" | "ReviewableFlaggedPost" => Some(ReviewableKind::FlaggedPost),
            "coc_case" | "ReviewableCodeOfConductCase" => Some(ReviewableKind::CocCase),
            "queued_post" | "ReviewableQueuedPost" => Some(ReviewableKind::QueuedPost),
            _ => None,
        }
    }

    /// Discourse's class name for the JSON `type` field.
    pub fn discourse_type(self) -> &'static str {
        match self {
            ReviewableKind::FlaggedPost => "ReviewableFlaggedPost",
            ReviewableKind::CocCase => "ReviewableCodeOfConductCase",
            ReviewableKind::QueuedPost => "ReviewableQueuedPost",
        }
    }
}

/// Where an item stands (Discourse's reviewable statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    /// Waiting for a moderator.
    Pending = 0,
    /// The flags were upheld.
    Approved = 1,
    /// The flags were rejected.
    Rejected = 2,
    /// Closed without a verdict.
    Ignored = 3,
}

impl ReviewStatus {
    /// From the stored number.
    pub fn from_i32(n: i32) -> ReviewStatus {
        match n {
            1 => ReviewStatus::Approved,
            2 => ReviewStatus::Rejected,
            3 => ReviewStatus::Ignored,
            _ => ReviewStatus::Pending,
        }
    }

    /// Discourse's name (`?status=` in the queue).
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "pending",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Rejected => "rejected",
            ReviewStatus::Ignored => "ignored",
        }
    }

    /// From Discourse's name.
    pub fn parse(text: &str) -> Option<ReviewStatus> {
        [
            ReviewStatus::Pending,
            ReviewStatus::Approved,
            ReviewStatus::Rejected,
            ReviewStatus::Ignored,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }
}

/// A code-of-conduct case's state, which its reporter sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseState {
    /// Reported, not yet looked at.
    Open,
    /// A moderator is looking into it.
    UnderReview,
    /// Decided; the resolution note says how.
    Resolved,
}

impl CaseState {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Open => "open",
            CaseState::UnderReview => "under_review",
            CaseState::Resolved => "resolved",
        }
    }

    /// From the stored text.
    pub fn parse(text: &str) -> Option<CaseState> {
        match text {
            "open" => Some(CaseState::Open),
            "under_review" => Some(CaseState::UnderReview),
            "resolved" => Some(CaseState::Resolved),
            _ => None,
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            CaseState::Open => "Open",
            CaseState::UnderReview => "Under review",
            CaseState::Resolved => "Resolved",
        }
    }
}

/// A `reviewables` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reviewables)]
pub struct Reviewable {
    /// Id.
    pub id: ReviewableId,
    /// [`ReviewableKind`] as stored.
    pub kind: String,
    /// [`ReviewStatus`] as a number.
    pub status: i32,
    /// [`CaseState`] for cases.
    pub case_state: Option<String>,
    /// The post it is about.
    pub post_id: Option<PostId>,
    /// Its topic.
    pub topic_id: Option<TopicId>,
    /// Its category: who may review it.
    pub category_id: Option<CategoryId>,
    /// The post's author.
    pub target_user_id: Option<UserId>,
    /// Who opened it (the first flagger; a case's reporter).
    pub created_by_id: Option<UserId>,
    /// Its flags' weights added up: the priority.
    pub score: i32,
    /// Opened.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Who resolved it.
    pub resolved_by_id: Option<UserId>,
    /// When.
    pub resolved_at: Option<NaiveDateTime>,
    /// The action taken.
    pub resolution: Option<String>,
    /// What the reporter is told.
    pub resolution_note: Option<String>,
    /// Why the forum opened it, when no member flagged the post (an edit added a watched
    /// word that requires approval).
    pub reason: Option<String>,
}

impl Reviewable {
    /// The kind.
    pub fn kind(&self) -> ReviewableKind {
        ReviewableKind::parse(&self.kind).unwrap_or(ReviewableKind::FlaggedPost)
    }

    /// The status.
    pub fn status(&self) -> ReviewStatus {
        ReviewStatus::from_i32(self.status)
    }

    /// A case's state (flagged posts have none).
    pub fn case_state(&self) -> Option<CaseState> {
        self.case_state.as_deref().and_then(CaseState::parse)
    }

    /// Discourse's priority bands over the score: low, medium, high.
    pub fn priority(&self) -> Priority {
        Priority::of_score(self.score)
    }
}

/// Discourse's priority bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// One ordinary flag.
    Low,
    /// Several, or a trusted flagger's.
    Medium,
    /// Enough to hide the post, or a staff flag.
    High,
}

impl Priority {
    /// The band a score falls in.
    pub fn of_score(score: i32) -> Priority {
        match score {
            ..=1 => Priority::Low,
            2 => Priority::Medium,
            _ => Priority::High,
        }
    }

    /// The lowest score in the band.
    pub fn min_score(self) -> i32 {
        match self {
            Priority::Low => 0,
            Priority::Medium => 2,
            Priority::High => 3,
        }
    }

    /// As `?priority=` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }

    /// From `?priority=`.
    pub fn parse(text: &str) -> Option<Priority> {
        match text {
            "low" => Some(Priority::Low),
            "medium" => Some(Priority::Medium),
            "high" => Some(Priority::High),
            _ => None,
        }
    }
}

/// A new item.
#[derive(Debug, Insertable)]
#[diesel(table_name = reviewables)]
pub(crate) struct NewReviewable<'a> {
    pub kind: &'a str,
    pub case_state: Option<&'a str>,
    pub post_id: Option<PostId>,
    pub topic_id: Option<TopicId>,
    pub category_id: CategoryId,
    pub target_user_id: UserId,
    pub created_by_id: Option<UserId>,
    pub score: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub reason: Option<&'a str>,
}

impl NewReviewable<'_> {
    /// Inserts it. A second pending item for one flagged post is a unique violation (two
    /// flaggers at once): the caller joins the one that won.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<Reviewable> {
        diesel::insert_into(reviewables::table)
            .values(self)
            .returning(reviewables::all_columns)
            .get_result(conn)
    }
}

/// What the queue is filtered by.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// One kind, or every kind.
    pub kind: Option<ReviewableKind>,
    /// One status; `None` is every status.
    pub status: Option<ReviewStatus>,
    /// One category.
    pub category: Option<CategoryId>,
    /// At least this priority.
    pub priority: Option<Priority>,
    /// Opened on or after.
    pub from: Option<NaiveDateTime>,
    /// Opened before.
    pub to: Option<NaiveDateTime>,
    /// Only items in these categories (a category moderator's); `None` is every category.
    pub within: Option<Vec<CategoryId>>,
}

impl Reviewable {
    /// Files the review items about a post that moved under its new topic and category, so
    /// that topic's moderators review it.
    pub(crate) fn follow_post(
        conn: &mut AnyConnection,
        post: PostId,
        topic: TopicId,
        category: CategoryId,
    ) -> QueryResult<usize> {
        diesel::update(reviewables::table.filter(reviewables::post_id.eq(post)))
            .set((
                reviewables::topic_id.eq(topic),
                reviewables::category_id.eq(category),
            ))
            .execute(conn)
    }

    /// The item with this id.
    pub fn find(conn: &mut AnyConnection, id: ReviewableId) -> QueryResult<Option<Reviewable>> {
        reviewables::table
            .find(id)
            .select(Reviewable::as_select())
            .first(conn)
            .optional()
    }

    /// The pending flagged-post item for `post`, if any.
    pub fn pending_for_post(
        conn: &mut AnyConnection,
        post: PostId,
    ) -> QueryResult<Option<Reviewable>> {
        reviewables::table
            .filter(reviewables::post_id.eq(post))
            .filter(reviewables::kind.eq(ReviewableKind::FlaggedPost.as_str()))
            .filter(reviewables::status.eq(ReviewStatus::Pending as i32))
            .select(Reviewable::as_select())
            .first(conn)
            .optional()
    }

    /// Gives an item the forum's reason for it, unless it has one already.
    pub(crate) fn give_reason(
        conn: &mut AnyConnection,
        id: ReviewableId,
        reason: &str,
    ) -> QueryResult<usize> {
        diesel::update(reviewables::table.find(id))
            .filter(reviewables::reason.is_null())
            .set(reviewables::reason.eq(reason))
            .execute(conn)
    }

    /// The queue, highest priority and oldest first among pending items, newest first
    /// otherwise.
    pub fn queue(
        conn: &mut AnyConnection,
        filter: &QueueFilter,
        limit: i64,
    ) -> QueryResult<Vec<Reviewable>> {
        let mut query = reviewables::table.into_boxed();
        if let Some(kind) = filter.kind {
            query = query.filter(reviewables::kind.eq(kind.as_str()));
        }
        if let Some(status) = filter.status {
            query = query.filter(reviewables::status.eq(status as i32));
        }
        if let Some(category) = filter.category {
            query = query.filter(reviewables::category_id.eq(category));
        }
        if let Some(priority) = filter.priority {
            query = query.filter(reviewables::score.ge(priority.min_score()));
        }
        if let Some(from) = filter.from {
            query = query.filter(reviewables::created_at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(reviewables::created_at.lt(to));
        }
        if let Some(within) = &filter.within {
            query = query.filter(reviewables::category_id.eq_any(within.clone()));
        }
        if filter.status == Some(ReviewStatus::Pending) {
            query = query.order((reviewables::score.desc(), reviewables::id.asc()));
        } else {
            query = query.order(reviewables::id.desc());
        }
        query
            .limit(limit)
            .select(Reviewable::as_select())
            .load(conn)
    }

    /// How many items wait, in these categories (`None`: all), for the header's count.
    pub fn pending_count(
        conn: &mut AnyConnection,
        within: Option<&[CategoryId]>,
    ) -> QueryResult<i64> {
        let mut query = reviewables::table
            .filter(reviewables::status.eq(ReviewStatus::Pending as i32))
            .into_boxed();
        if let Some(within) = within {
            query = query.filter(reviewables::category_id.eq_any(within.to_vec()));
        }
        query.count().get_result(conn)
    }

    /// The cases `user` reported, newest first.
    pub fn cases_reported_by(
        conn: &mut AnyConnection,
        user: UserId,
    ) -> QueryResult<Vec<Reviewable>> {
        reviewables::table
            .filter(reviewables::kind.eq(ReviewableKind::CocCase.as_str()))
            .filter(reviewables::created_by_id.eq(user))
            .order(reviewables::id.desc())
            .select(Reviewable::as_select())
            .load(conn)
    }

    /// Adds `weight` to a pending item's score; returns the new score.
    pub(crate) fn add_score(
        conn: &mut AnyConnection,
        id: ReviewableId,
        weight: i32,
        now: NaiveDateTime,
    ) -> QueryResult<i32> {
        diesel::update(reviewables::table.find(id))
            .set((
                reviewables::score.eq(reviewables::score + weight),
                reviewables::updated_at.eq(now),
            ))
            .returning(reviewables::score)
            .get_result(conn)
    }

    /// Resolves a pending item, if it still is; false if someone resolved it first.
    pub(crate) fn resolve(
        conn: &mut AnyConnection,
        id: ReviewableId,
        status: ReviewStatus,
        by: Option<UserId>,
        resolution: &str,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let changed = diesel::update(
            reviewables::table
                .find(id)
                .filter(reviewables::status.eq(ReviewStatus::Pending as i32)),
        )
        .set((
            reviewables::status.eq(status as i32),
            reviewables::resolved_by_id.eq(by),
            reviewables::resolved_at.eq(now),
            reviewables::resolution.eq(resolution),
            reviewables::resolution_note.eq(note),
            reviewables::updated_at.eq(now),
        ))
        .execute(conn)?;
        Ok(changed == 1)
    }

    /// Links an approved queued post's item to the post it became.
    pub(crate) fn set_published(
        conn: &mut AnyConnection,
        id: ReviewableId,
        post: PostId,
        topic: TopicId,
    ) -> QueryResult<usize> {
        diesel::update(reviewables::table.find(id))
            .set((
                reviewables::post_id.eq(post),
                reviewables::topic_id.eq(topic),
            ))
            .execute(conn)
    }

    /// Sets a case's state.
    pub(crate) fn set_case_state(
        conn: &mut AnyConnection,
        id: ReviewableId,
        state: CaseState,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(reviewables::table.find(id))
            .set((
                reviewables::case_state.eq(state.as_str()),
                reviewables::updated_at.eq(now),
            ))
            .execute(conn)
    }
}

/// A message in a code-of-conduct case's private thread.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = case_messages)]
pub struct CaseMessage {
    /// Id.
    pub id: i64,
    /// The case.
    pub reviewable_id: ReviewableId,
    /// Who wrote it.
    pub user_id: Option<UserId>,
    /// Markdown.
    pub raw: String,
    /// Sanitised HTML.
    pub cooked: String,
    /// When.
    pub created_at: NaiveDateTime,
}

/// A new message in a case.
#[derive(Debug, Insertable)]
#[diesel(table_name = case_messages)]
pub(crate) struct NewCaseMessage<'a> {
    pub reviewable_id: ReviewableId,
    pub user_id: Option<UserId>,
    pub raw: &'a str,
    pub cooked: &'a str,
    pub created_at: NaiveDateTime,
}

impl NewCaseMessage<'_> {
    /// Inserts it.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<usize> {
        diesel::insert_into(case_messages::table)
            .values(self)
            .execute(conn)
    }
}

impl CaseMessage {
    /// A case's thread, oldest first, with each writer's username.
    pub fn thread(
        conn: &mut AnyConnection,
        case: ReviewableId,
    ) -> QueryResult<Vec<(CaseMessage, Option<String>)>> {
        case_messages::table
            .left_join(users::table)
            .filter(case_messages::reviewable_id.eq(case))
            .order(case_messages::id.asc())
            .select((CaseMessage::as_select(), users::username.nullable()))
            .load(conn)
    }
}

/// Everything a page of items needs to be shown: their flags, the flaggers' records, their
/// posts (hidden and deleted ones too: reviewers see them) and everyone they name.
#[derive(Debug, Default)]
pub struct QueueData {
    /// Flags by item.
    pub flags: HashMap<ReviewableId, Vec<Flag>>,
    /// Flaggers' records.
    pub accuracy: HashMap<UserId, Accuracy>,
    /// Posts by id.
    pub posts: HashMap<PostId, PostInTopic>,
    /// Everyone named: authors, flaggers, reporters, deciders.
    pub users: HashMap<UserId, UserSummary>,
    /// Queued posts, by item.
    pub queued: HashMap<ReviewableId, QueuedPost>,
    /// The titles of the topics queued replies answer, by topic.
    pub topic_titles: HashMap<TopicId, String>,
}

impl QueueData {
    /// Loads what `items` need, in seven queries however many items there are.
    pub fn load(conn: &mut AnyConnection, items: &[Reviewable]) -> QueryResult<QueueData> {
        let ids: Vec<ReviewableId> = items.iter().map(|i| i.id).collect();
        let mut flags: HashMap<ReviewableId, Vec<Flag>> = HashMap::new();
        for flag in Flag::of_reviewables(conn, &ids)? {
            if let Some(item) = flag.reviewable_id {
                flags.entry(item).or_default().push(flag);
            }
        }
        let flaggers: Vec<UserId> = flags.values().flatten().map(|f| f.user_id).collect();
        let accuracy = Flag::accuracy_of(conn, &flaggers)?;
        let post_ids: Vec<PostId> = items.iter().filter_map(|i| i.post_id).collect();
        let posts = Post::in_topics_by_ids(conn, &post_ids)?;
        let mut people: Vec<UserId> = flaggers;
        people.extend(items.iter().filter_map(|i| i.target_user_id));
        people.extend(items.iter().filter_map(|i| i.created_by_id));
        people.extend(items.iter().filter_map(|i| i.resolved_by_id));
        let users = UserSummary::by_ids(conn, &people)?;
        let queued = QueuedPost::of_items(conn, &ids)?;
        let topics: Vec<TopicId> = queued.values().filter_map(|q| q.topic_id).collect();
        let topic_titles = crate::models::topic::Topic::titles(conn, &topics)?;
        Ok(QueueData {
            flags,
            accuracy,
            posts,
            users,
            queued,
            topic_titles,
        })
    }
}
