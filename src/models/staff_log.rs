//! The staff action log: one row per moderator or admin action, written by the services in
//! the transaction of the action itself (`services::effects`). Names and titles are copied in,
//! so the record stays readable when its target is renamed or deleted.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::staff_action_logs;
use crate::models::ids::{CategoryId, PostId, TopicId, UserId};

/// A `staff_action_logs` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = staff_action_logs)]
pub struct StaffLogEntry {
    /// Id.
    pub id: i64,
    /// What was done ([`StaffAction::as_str`]).
    pub action: String,
    /// Who did it, while their account exists.
    pub acting_user_id: Option<UserId>,
    /// Their username then; `system` for the operator and automatic actions.
    pub acting_username: String,
    /// The person acted on.
    pub target_user_id: Option<UserId>,
    /// Their username then.
    pub target_username: Option<String>,
    /// The topic acted on.
    pub topic_id: Option<TopicId>,
    /// The post acted on.
    pub post_id: Option<PostId>,
    /// The category acted on.
    pub category_id: Option<CategoryId>,
    /// What it was about, as it read then (a title, a name).
    pub subject: Option<String>,
    /// Before.
    pub previous_value: Option<String>,
    /// After.
    pub new_value: Option<String>,
    /// Why, as the moderator said.
    pub reason: Option<String>,
    /// Whether the public moderation log shows it.
    pub public: bool,
    /// When.
    pub created_at: NaiveDateTime,
}

/// Every kind of action the log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAction {
    /// A flag's review item resolved by agreeing.
    FlagAgreed,
    /// … by disagreeing.
    FlagDisagreed,
    /// … by ignoring it.
    FlagIgnored,
    /// A post hidden (by a moderator, or by flags reaching the threshold).
    PostHidden,
    /// A hidden post shown again.
    PostUnhidden,
    /// A post deleted.
    PostDeleted,
    /// A deleted post restored.
    PostRecovered,
    /// A post's edits locked.
    PostLocked,
    /// … unlocked.
    PostUnlocked,
    /// A topic closed.
    TopicClosed,
    /// … opened.
    TopicOpened,
    /// … pinned.
    TopicPinned,
    /// … unpinned.
    TopicUnpinned,
    /// … unlisted.
    TopicUnlisted,
    /// … listed again.
    TopicListed,
    /// … moved to another category by staff.
    TopicMoved,
    /// … renamed by staff.
    TopicRenamed,
    /// A post edited by staff (someone else's).
    PostEdited,
    /// Someone's role changed.
    RoleChanged,
    /// Someone's trust level set by staff.
    TrustLevelChanged,
    /// Someone silenced.
    UserSilenced,
    /// … unsilenced.
    UserUnsilenced,
    /// Someone suspended.
    UserSuspended,
    /// … unsuspended.
    UserUnsuspended,
    /// A category made.
    CategoryCreated,
    /// A category changed.
    CategoryUpdated,
    /// A code-of-conduct case's state changed or resolved.
    CaseUpdated,
    /// An API key made.
    ApiKeyCreated,
    /// An API key revoked.
    ApiKeyRevoked,
    /// A watched word added.
    WatchedWordAdded,
    /// … removed.
    WatchedWordRemoved,
    /// A queued post approved (published).
    QueuedPostApproved,
    /// … rejected.
    QueuedPostRejected,
    /// A topic's slow mode set or turned off.
    SlowModeChanged,
    /// An official warning given to a member.
    WarningGiven,
    /// A private staff note written about a member.
    StaffNoteAdded,
    /// … removed.
    StaffNoteRemoved,
    /// A member's account anonymised.
    UserAnonymised,
    /// Posts moved out of a topic (split off into a new one, or into another).
    PostsMoved,
    /// A topic merged into another (all its posts moved there).
    TopicMerged,
    /// The steering committee moved a proposal's stage (accepted and numbered it, published,
    /// withdrew, superseded, or moved it back).
    ProposalDecided,
    /// A project added or changed by an admin.
    ProjectSaved,
    /// A member made a representative of a project.
    RepresentativeAdded,
    /// … no longer one.
    RepresentativeRemoved,
    /// A member added to a group (the steering committee among them).
    GroupMemberAdded,
    /// … removed from one.
    GroupMemberRemoved,
    /// A group made, or its exemption from the new-member limits changed.
    GroupSaved,
    /// Someone else's topic's tags changed by staff.
    TopicTagsChanged,
    /// A tag made or described by staff.
    TagSaved,
    /// A tag deleted.
    TagDeleted,
    /// A tag group made, changed or deleted.
    TagGroupSaved,
}

impl StaffAction {
    /// Every action, for the log's filter.
    pub const ALL: [StaffAction; 51] = [
        StaffAction::FlagAgreed,
        StaffAction::FlagDisagreed,
        StaffAction::FlagIgnored,
        StaffAction::PostHidden,
        StaffAction::PostUnhidden,
        StaffAction::PostDeleted,
        StaffAction::PostRecovered,
        StaffAction::PostLocked,
        StaffAction::PostUnlocked,
        StaffAction::TopicClosed,
        StaffAction::TopicOpened,
        StaffAction::TopicPinned,
        StaffAction::TopicUnpinned,
        StaffAction::TopicUnlisted,
        StaffAction::TopicListed,
        StaffAction::TopicMoved,
        StaffAction::TopicRenamed,
        StaffAction::PostEdited,
        StaffAction::RoleChanged,
        StaffAction::TrustLevelChanged,
        StaffAction::UserSilenced,
        StaffAction::UserUnsilenced,
        StaffAction::UserSuspended,
        StaffAction::UserUnsuspended,
        StaffAction::CategoryCreated,
        StaffAction::CategoryUpdated,
        StaffAction::CaseUpdated,
        StaffAction::ApiKeyCreated,
        StaffAction::ApiKeyRevoked,
        StaffAction::WatchedWordAdded,
        StaffAction::WatchedWordRemoved,
        StaffAction::QueuedPostApproved,
        StaffAction::QueuedPostRejected,
        StaffAction::SlowModeChanged,
        StaffAction::WarningGiven,
        StaffAction::StaffNoteAdded,
        StaffAction::StaffNoteRemoved,
        StaffAction::UserAnonymised,
        StaffAction::PostsMoved,
        StaffAction::TopicMerged,
        StaffAction::ProposalDecided,
        StaffAction::ProjectSaved,
        StaffAction::RepresentativeAdded,
        StaffAction::RepresentativeRemoved,
        StaffAction::GroupMemberAdded,
        StaffAction::GroupMemberRemoved,
        StaffAction::GroupSaved,
        StaffAction::TopicTagsChanged,
        StaffAction::TagSaved,
        StaffAction::TagDeleted,
        StaffAction::TagGroupSaved,
    ];

    /// As stored, filtered by, and sent in JSON (`action_name`).
    pub fn as_str(self) -> &'static str {
        match self {
            StaffAction::FlagAgreed => "agree_flag",
            StaffAction::FlagDisagreed => "disagree_flag",
            StaffAction::FlagIgnored => "ignore_flag",
            StaffAction::PostHidden => "hide_post",
            StaffAction::PostUnhidden => "unhide_post",
            StaffAction::PostDeleted => "delete_post",
            StaffAction::PostRecovered => "recover_post",
            StaffAction::PostLocked => "post_locked",
            StaffAction::PostUnlocked => "post_unlocked",
            StaffAction::TopicClosed => "topic_closed",
            StaffAction::TopicOpened => "topic_opened",
            StaffAction::TopicPinned => "topic_pinned",
            StaffAction::TopicUnpinned => "topic_unpinned",
            StaffAction::TopicUnlisted => "topic_unlisted",
            StaffAction::TopicListed => "topic_listed",
            StaffAction::TopicMoved => "change_category",
            StaffAction::TopicRenamed => "change_title",
            StaffAction::PostEdited => "post_edit",
            StaffAction::RoleChanged => "change_role",
            StaffAction::TrustLevelChanged => "change_trust_level",
            StaffAction::UserSilenced => "silence_user",
            StaffAction::UserUnsilenced => "unsilence_user",
            StaffAction::UserSuspended => "suspend_user",
            StaffAction::UserUnsuspended => "unsuspend_user",
            StaffAction::CategoryCreated => "create_category",
            StaffAction::CategoryUpdated => "change_category_settings",
            StaffAction::CaseUpdated => "update_coc_case",
            StaffAction::ApiKeyCreated => "api_key_create",
            StaffAction::ApiKeyRevoked => "api_key_destroy",
            StaffAction::WatchedWordAdded => "watched_word_create",
            StaffAction::WatchedWordRemoved => "watched_word_destroy",
            StaffAction::QueuedPostApproved => "approve_queued_post",
            StaffAction::QueuedPostRejected => "reject_queued_post",
            StaffAction::SlowModeChanged => "topic_slow_mode",
            StaffAction::WarningGiven => "official_warning",
            StaffAction::StaffNoteAdded => "staff_note_create",
            StaffAction::StaffNoteRemoved => "staff_note_destroy",
            StaffAction::UserAnonymised => "anonymize_user",
            StaffAction::PostsMoved => "move_posts",
            StaffAction::TopicMerged => "merge_topic",
            StaffAction::ProposalDecided => "proposal_stage",
            StaffAction::ProjectSaved => "project_save",
            StaffAction::RepresentativeAdded => "representative_add",
            StaffAction::RepresentativeRemoved => "representative_remove",
            StaffAction::GroupMemberAdded => "group_add_member",
            StaffAction::GroupMemberRemoved => "group_remove_member",
            StaffAction::GroupSaved => "group_save",
            StaffAction::TopicTagsChanged => "topic_tag_changed",
            StaffAction::TagSaved => "tag_save",
            StaffAction::TagDeleted => "tag_destroy",
            StaffAction::TagGroupSaved => "tag_group_change",
        }
    }

    /// The action stored as `text`.
    pub fn parse(text: &str) -> Option<StaffAction> {
        StaffAction::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            StaffAction::FlagAgreed => "agreed with flags",
            StaffAction::FlagDisagreed => "disagreed with flags",
            StaffAction::FlagIgnored => "ignored flags",
            StaffAction::PostHidden => "hid a post",
            StaffAction::PostUnhidden => "unhid a post",
            StaffAction::PostDeleted => "deleted a post",
            StaffAction::PostRecovered => "restored a post",
            StaffAction::PostLocked => "locked a post's edits",
            StaffAction::PostUnlocked => "unlocked a post's edits",
            StaffAction::TopicClosed => "closed a topic",
            StaffAction::TopicOpened => "opened a topic",
            StaffAction::TopicPinned => "pinned a topic",
            StaffAction::TopicUnpinned => "unpinned a topic",
            StaffAction::TopicUnlisted => "unlisted a topic",
            StaffAction::TopicListed => "listed a topic",
            StaffAction::TopicMoved => "moved a topic",
            StaffAction::TopicRenamed => "renamed a topic",
            StaffAction::PostEdited => "edited someone's post",
            StaffAction::RoleChanged => "changed a role",
            StaffAction::TrustLevelChanged => "changed a trust level",
            StaffAction::UserSilenced => "silenced a member",
            StaffAction::UserUnsilenced => "unsilenced a member",
            StaffAction::UserSuspended => "suspended a member",
            StaffAction::UserUnsuspended => "unsuspended a member",
            StaffAction::CategoryCreated => "created a category",
            StaffAction::CategoryUpdated => "changed a category",
            StaffAction::CaseUpdated => "updated a code-of-conduct case",
            StaffAction::ApiKeyCreated => "created an API key",
            StaffAction::ApiKeyRevoked => "revoked an API key",
            StaffAction::WatchedWordAdded => "added a watched word",
            StaffAction::WatchedWordRemoved => "removed a watched word",
            StaffAction::QueuedPostApproved => "approved a queued post",
            StaffAction::QueuedPostRejected => "rejected a queued post",
            StaffAction::SlowModeChanged => "changed a topic's slow mode",
            StaffAction::WarningGiven => "warned a member",
            StaffAction::StaffNoteAdded => "wrote a staff note",
            StaffAction::StaffNoteRemoved => "removed a staff note",
            StaffAction::UserAnonymised => "anonymised a member",
            StaffAction::PostsMoved => "moved posts to another topic",
            StaffAction::TopicMerged => "merged a topic into another",
            StaffAction::ProposalDecided => "decided a proposal's stage",
            StaffAction::ProjectSaved => "saved a project",
            StaffAction::RepresentativeAdded => "made a project representative",
            StaffAction::RepresentativeRemoved => "removed a project representative",
            StaffAction::GroupMemberAdded => "added a group member",
            StaffAction::GroupMemberRemoved => "removed a group member",
            StaffAction::GroupSaved => "saved a group",
            StaffAction::TopicTagsChanged => "changed a topic's tags",
            StaffAction::TagSaved => "saved a tag",
            StaffAction::TagDeleted => "deleted a tag",
            StaffAction::TagGroupSaved => "changed a tag group",
        }
    }

    /// Whether the public moderation log may show it: what happened to public content and
    /// to people's standing, never reports, cases, or admin housekeeping.
    pub fn is_public(self) -> bool {
        matches!(
            self,
            StaffAction::PostHidden
                | StaffAction::PostUnhidden
                | StaffAction::PostDeleted
                | StaffAction::PostRecovered
                | StaffAction::TopicClosed
                | StaffAction::TopicOpened
                | StaffAction::TopicUnlisted
                | StaffAction::TopicListed
                | StaffAction::TopicMoved
                | StaffAction::SlowModeChanged
                | StaffAction::PostsMoved
                | StaffAction::TopicMerged
                | StaffAction::ProposalDecided
                | StaffAction::UserSilenced
                | StaffAction::UserUnsilenced
                | StaffAction::UserSuspended
                | StaffAction::UserUnsuspended
        )
    }
}

impl StaffAction {
    /// Whether the member it was done to is mailed about it: what limits them or takes their
    /// words from readers, and what they must know to put it right.
    pub fn tells_member(self) -> bool {
        matches!(
            self,
            StaffAction::UserSilenced
                | StaffAction::UserSuspended
                | StaffAction::WarningGiven
                | StaffAction::PostHidden
                | StaffAction::QueuedPostRejected
        )
    }

    /// Whether a topic's readers see it in the topic, as a small notice between its posts:
    /// what changed how the topic is read or replied to.
    pub fn is_topic_notice(self) -> bool {
        matches!(
            self,
            StaffAction::TopicClosed
                | StaffAction::TopicOpened
                | StaffAction::TopicPinned
                | StaffAction::TopicUnpinned
                | StaffAction::TopicUnlisted
                | StaffAction::TopicListed
                | StaffAction::TopicMoved
                | StaffAction::TopicRenamed
                | StaffAction::SlowModeChanged
                | StaffAction::PostsMoved
                | StaffAction::TopicMerged
        )
    }
}

/// A new log row; the effects fill what applies.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = staff_action_logs)]
pub(crate) struct NewStaffLogEntry {
    pub action: String,
    pub acting_user_id: Option<UserId>,
    pub acting_username: String,
    pub target_user_id: Option<UserId>,
    pub target_username: Option<String>,
    pub topic_id: Option<TopicId>,
    pub post_id: Option<PostId>,
    pub category_id: Option<CategoryId>,
    pub subject: Option<String>,
    pub previous_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
    pub public: bool,
    pub created_at: NaiveDateTime,
}

impl NewStaffLogEntry {
    /// Inserts it.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<i64> {
        diesel::insert_into(staff_action_logs::table)
            .values(self)
            .returning(staff_action_logs::id)
            .get_result(conn)
    }
}

/// The most staff-log rows one page of a topic reads for its notices: a topic with more
/// moderation than that in one page's time shows the first of it.
const NOTICE_ROWS: i64 = 200;

/// What the log is filtered by (Discourse's `action_name`, `acting_user`, `target_user`).
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// One action.
    pub action: Option<StaffAction>,
    /// By this username (as it was).
    pub acting_username: Option<String>,
    /// On this username (as it was).
    pub target_username: Option<String>,
    /// Only what the public log shows.
    pub public_only: bool,
    /// Older than this id (paging).
    pub before: Option<i64>,
}

impl StaffLogEntry {
    /// Row `id`, if there is one.
    pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<StaffLogEntry>> {
        staff_action_logs::table
            .find(id)
            .select(StaffLogEntry::as_select())
            .first(conn)
            .optional()
    }

    /// How many times `user` was the target of `action` (their silences, their suspensions).
    pub fn count_about(
        conn: &mut AnyConnection,
        user: UserId,
        action: StaffAction,
    ) -> QueryResult<i64> {
        staff_action_logs::table
            .filter(staff_action_logs::target_user_id.eq(user))
            .filter(staff_action_logs::action.eq(action.as_str()))
            .count()
            .get_result(conn)
    }

    /// Writes `name` for `user` wherever the log copied their username in (as actor or
    /// target): anonymising someone leaves no old name in the log.
    pub(crate) fn rename_person(
        conn: &mut AnyConnection,
        user: UserId,
        name: &str,
    ) -> QueryResult<()> {
        diesel::update(staff_action_logs::table.filter(staff_action_logs::target_user_id.eq(user)))
            .set(staff_action_logs::target_username.eq(name))
            .execute(conn)?;
        diesel::update(staff_action_logs::table.filter(staff_action_logs::acting_user_id.eq(user)))
            .set(staff_action_logs::acting_username.eq(name))
            .execute(conn)?;
        Ok(())
    }

    /// The log, newest first.
    pub fn list(
        conn: &mut AnyConnection,
        filter: &LogFilter,
        limit: i64,
    ) -> QueryResult<Vec<StaffLogEntry>> {
        let mut query = staff_action_logs::table.into_boxed();
        if let Some(action) = filter.action {
            query = query.filter(staff_action_logs::action.eq(action.as_str()));
        }
        if let Some(name) = &filter.acting_username {
            query = query.filter(staff_action_logs::acting_username.eq(name.clone()));
        }
        if let Some(name) = &filter.target_username {
            query = query.filter(staff_action_logs::target_username.eq(name.clone()));
        }
        if filter.public_only {
            query = query.filter(staff_action_logs::public.eq(true));
        }
        if let Some(before) = filter.before {
            query = query.filter(staff_action_logs::id.lt(before));
        }
        query
            .order(staff_action_logs::id.desc())
            .limit(limit)
            .select(StaffLogEntry::as_select())
            .load(conn)
    }

    /// A topic's notices, oldest first: what was done to the topic itself that its readers
    /// are shown in its stream ("closed by …"), between `from` and `to` when given.
    pub fn notices_of(
        conn: &mut AnyConnection,
        topic: TopicId,
        from: Option<NaiveDateTime>,
        to: Option<NaiveDateTime>,
    ) -> QueryResult<Vec<StaffLogEntry>> {
        // Both bounds are always bound (the open ends as far-off times) and the kinds are
        // picked here rather than with `IN (…)`, so it is one statement, prepared once.
        let far = |year| {
            chrono::NaiveDate::from_ymd_opt(year, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap_or_default()
        };
        let rows: Vec<StaffLogEntry> = staff_action_logs::table
            .filter(staff_action_logs::topic_id.eq(topic))
            .filter(staff_action_logs::created_at.ge(from.unwrap_or_else(|| far(1))))
            .filter(staff_action_logs::created_at.lt(to.unwrap_or_else(|| far(9999))))
            .order((staff_action_logs::created_at, staff_action_logs::id))
            .limit(NOTICE_ROWS)
            .select(StaffLogEntry::as_select())
            .load(conn)?;
        Ok(rows
            .into_iter()
            .filter(|row| row.kind().is_some_and(StaffAction::is_topic_notice))
            .collect())
    }

    /// The action, if it is one this version knows.
    pub fn kind(&self) -> Option<StaffAction> {
        StaffAction::parse(&self.action)
    }
}
