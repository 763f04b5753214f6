//! What happened in a write, recorded inside its transaction, and the rows derived from it.
//!
//! Every use-case records an [`Event`] for each thing it did; [`apply`] runs for each, in the
//! same transaction, so derived rows commit or roll back with the row that caused them. This
//! is where capabilities add their rows: search appends a `search_changes` row for events
//! that change what search sees (and `services::run_at` rings this node's indexer after the
//! commit); a new post notifies whom it concerns and writes their mail to the outbox
//! (`notify`), starting or replying to a topic sets the author's watching level, a new
//! account gets its mail options; a moderator's or admin's action writes its staff action log
//! row ([`Event::Staff`]), and what it changed for readers reaches search.

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::db::AnyConnection;
use crate::models::ids::{CategoryId, PostId, TopicId, UserId};
use crate::models::notification::{Kind, NewNotification, Notification, Reason};
use crate::models::reading::{Read, TopicRead};
use crate::models::search_change::SearchChange;
use crate::models::staff_log::{NewStaffLogEntry, StaffAction};
use crate::models::user::Role;
use crate::models::user_option::UserOptions;
use crate::models::watching::{Level, TopicWatch};

/// Something a write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A topic was started, with its first post.
    TopicCreated {
        /// The topic.
        topic: TopicId,
        /// Its first post.
        first_post: PostId,
        /// Who started it.
        author: UserId,
    },
    /// A reply was posted.
    PostCreated {
        /// The reply.
        post: PostId,
        /// Its number in the topic (its author has read the topic this far).
        post_number: i32,
        /// Its topic.
        topic: TopicId,
        /// Who wrote it.
        author: UserId,
        /// The post it answers.
        reply_to: Option<i32>,
    },
    /// A whole topic was imported with all its posts (numbered 1 to `posts`) in one write:
    /// what derives rows from new topics and posts derives them for all of these.
    TopicImported {
        /// The topic.
        topic: TopicId,
        /// Who started it.
        author: UserId,
        /// How many posts it has.
        posts: i32,
    },
    /// A post got a new version.
    PostEdited {
        /// The post.
        post: PostId,
        /// Its topic.
        topic: TopicId,
        /// Who edited it.
        editor: UserId,
        /// The new version's number.
        version: i32,
    },
    /// A post's stored HTML was rendered again from its unchanged Markdown.
    PostRebaked {
        /// The post.
        post: PostId,
    },
    /// A topic's title changed.
    TopicRenamed {
        /// The topic.
        topic: TopicId,
        /// Who renamed it; `None` for the operator.
        by: Option<UserId>,
    },
    /// A topic moved to another category.
    TopicMoved {
        /// The topic.
        topic: TopicId,
        /// Where it was.
        from: CategoryId,
        /// Where it is now.
        to: CategoryId,
        /// Who moved it.
        by: Option<UserId>,
    },
    /// Posts moved from one topic to another (a split or a merge): search sees the
    /// destination's posts again, the moved ones with them.
    PostsMoved {
        /// Where they were.
        from: TopicId,
        /// Where they are now.
        to: TopicId,
    },
    /// A topic was pinned, unpinned, closed or opened.
    TopicStatusChanged {
        /// The topic.
        topic: TopicId,
        /// Pinned now.
        pinned: bool,
        /// Closed now.
        closed: bool,
        /// Who did it; `None` for the operator at the command line.
        by: Option<UserId>,
    },
    /// A category was created.
    CategoryCreated {
        /// The category.
        category: CategoryId,
        /// Who did it; `None` for the operator.
        by: Option<UserId>,
    },
    /// A category was changed.
    CategoryUpdated {
        /// The category.
        category: CategoryId,
        /// Who did it; `None` for the operator.
        by: Option<UserId>,
    },
    /// An account was created.
    AccountCreated {
        /// The new user.
        user: UserId,
    },
    /// Someone proved their email address.
    EmailVerified {
        /// Whose.
        user: UserId,
    },
    /// Someone set a new password through a mailed link.
    PasswordReset {
        /// Whose.
        user: UserId,
    },
    /// Someone's role changed.
    RoleChanged {
        /// Whose.
        user: UserId,
        /// The new role.
        role: Role,
        /// Who changed it; `None` for the operator.
        by: Option<UserId>,
    },
    /// An API key was created.
    ApiKeyCreated {
        /// The key.
        key: i64,
        /// The user it acts as; for an all-users key, the admin who made it.
        user: UserId,
        /// It acts for whichever user a request names.
        all_users: bool,
    },
    /// An API key was revoked.
    ApiKeyRevoked {
        /// The key.
        key: i64,
        /// The admin who revoked it; `None` for the operator.
        by: Option<UserId>,
    },
    /// A member liked a post.
    PostLiked {
        /// The post.
        post: PostId,
        /// Its number in the topic.
        post_number: i32,
        /// Its topic.
        topic: TopicId,
        /// Who wrote it.
        author: UserId,
        /// Who liked it.
        by: UserId,
    },
    /// A member took back their like.
    LikeUndone {
        /// The post.
        post: PostId,
        /// Whose like it was.
        by: UserId,
        /// The likes the post still has.
        likes_left: i32,
    },
    /// A reply was marked as its question's solution (in place of any other).
    SolutionAccepted {
        /// The question.
        topic: TopicId,
        /// The reply.
        post: PostId,
        /// Its number in the topic.
        post_number: i32,
        /// Who wrote the reply.
        author: UserId,
        /// Who marked it; `None` for the operator.
        by: Option<UserId>,
    },
    /// A question's solution was unmarked: it is unsolved again.
    SolutionRemoved {
        /// The question.
        topic: TopicId,
        /// The reply that was its solution.
        post: PostId,
        /// Who unmarked it; `None` for the operator.
        by: Option<UserId>,
    },
    /// A moderator or admin acted (or the forum did, on their behalf: flags hiding a post):
    /// its staff action log row.
    Staff(StaffRecord),
}

/// One staff action, as the service that did it knows it; the effect copies names and titles
/// into the log row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRecord {
    /// What was done.
    pub action: StaffAction,
    /// Who did it; `None` for the operator and automatic actions.
    pub by: Option<UserId>,
    /// The person acted on.
    pub user: Option<UserId>,
    /// The topic acted on.
    pub topic: Option<TopicId>,
    /// The post acted on.
    pub post: Option<PostId>,
    /// The category acted on (found from the topic when not given).
    pub category: Option<CategoryId>,
    /// Before.
    pub previous: Option<String>,
    /// After.
    pub new: Option<String>,
    /// Why.
    pub reason: Option<String>,
}

impl StaffRecord {
    /// A record of `action` by `by`, on nothing yet: the builders below say on what.
    pub fn new(action: StaffAction, by: Option<UserId>) -> StaffRecord {
        StaffRecord {
            action,
            by,
            user: None,
            topic: None,
            post: None,
            category: None,
            previous: None,
            new: None,
            reason: None,
        }
    }

    /// On a person.
    pub fn user(self, user: UserId) -> StaffRecord {
        StaffRecord {
            user: Some(user),
            ..self
        }
    }

    /// On a topic.
    pub fn topic(self, topic: TopicId) -> StaffRecord {
        StaffRecord {
            topic: Some(topic),
            ..self
        }
    }

    /// On a post (of `topic`, by `author`).
    pub fn post(self, post: PostId, topic: TopicId, author: UserId) -> StaffRecord {
        StaffRecord {
            post: Some(post),
            topic: Some(topic),
            user: Some(author),
            ..self
        }
    }

    /// On a category.
    pub fn category(self, category: CategoryId) -> StaffRecord {
        StaffRecord {
            category: Some(category),
            ..self
        }
    }

    /// What changed.
    pub fn change(self, previous: impl Into<String>, new: impl Into<String>) -> StaffRecord {
        StaffRecord {
            previous: Some(previous.into()),
            new: Some(new.into()),
            ..self
        }
    }

    /// Why, if said.
    pub fn reason(self, reason: Option<&str>) -> StaffRecord {
        StaffRecord {
            reason: reason.map(str::to_owned),
            ..self
        }
    }
}

/// What search must look at again after an event.
enum SearchSees {
    Nothing,
    Post(PostId),
    /// Every post of the topic: its title, category or status is indexed with each of them.
    Topic(TopicId),
}

impl Event {
    fn search_sees(&self) -> SearchSees {
        match self {
            Event::Staff(record) => match (record.action, record.post, record.topic) {
                // Hidden and deleted posts leave the index; unhidden and restored ones return.
                (
                    StaffAction::PostHidden
                    | StaffAction::PostUnhidden
                    | StaffAction::PostDeleted
                    | StaffAction::PostRecovered
                    | StaffAction::FlagAgreed
                    | StaffAction::FlagDisagreed,
                    Some(post),
                    _,
                ) => SearchSees::Post(post),
                (StaffAction::TopicUnlisted | StaffAction::TopicListed, _, Some(topic)) => {
                    SearchSees::Topic(topic)
                }
                _ => SearchSees::Nothing,
            },
            _ => self.search_sees_plain(),
        }
    }

    fn search_sees_plain(&self) -> SearchSees {
        match *self {
            Event::TopicCreated { first_post, .. } => SearchSees::Post(first_post),
            // A post's likes rank it for `order:likes`.
            Event::PostCreated { post, .. }
            | Event::PostEdited { post, .. }
            | Event::PostLiked { post, .. }
            | Event::LikeUndone { post, .. } => SearchSees::Post(post),
            // Whether a topic is solved is indexed with each of its posts.
            Event::SolutionAccepted { topic, .. } | Event::SolutionRemoved { topic, .. } => {
                SearchSees::Topic(topic)
            }
            Event::TopicImported { topic, .. }
            | Event::TopicRenamed { topic, .. }
            | Event::TopicMoved { topic, .. }
            | Event::PostsMoved { to: topic, .. }
            | Event::TopicStatusChanged { topic, .. } => SearchSees::Topic(topic),
            // A rebake renders the same Markdown again; search indexes the Markdown's text.
            // Categories are matched by id at query time, so renaming or nesting one changes
            // no indexed post.
            Event::PostRebaked { .. }
            | Event::CategoryCreated { .. }
            | Event::CategoryUpdated { .. }
            | Event::AccountCreated { .. }
            | Event::EmailVerified { .. }
            | Event::PasswordReset { .. }
            | Event::RoleChanged { .. }
            | Event::ApiKeyCreated { .. }
            | Event::ApiKeyRevoked { .. }
            | Event::Staff(_) => SearchSees::Nothing,
        }
    }

    /// Whether search has something to index again after this event.
    pub fn changes_search(&self) -> bool {
        !matches!(self.search_sees(), SearchSees::Nothing)
    }
}

/// Writes the rows derived from `event`, in the transaction that recorded it.
pub(crate) fn apply(
    conn: &mut AnyConnection,
    event: &Event,
    now: NaiveDateTime,
) -> QueryResult<()> {
    match event.search_sees() {
        SearchSees::Nothing => {}
        SearchSees::Post(post) => SearchChange::post(conn, post, now)?,
        SearchSees::Topic(topic) => SearchChange::topic(conn, topic, now)?,
    }
    match *event {
        // Starting a topic watches it; replying tracks it, unless a level was chosen before.
        Event::TopicCreated {
            topic,
            first_post,
            author,
        } => {
            TopicWatch::set_unless_chosen(conn, author, topic, Level::Watching)?;
            // Nobody's own post is unread to them.
            let read = Read {
                through: 1,
                at: now,
            };
            TopicRead::record(conn, author, topic, read)?;
            super::notify::post_created(conn, first_post, now)?;
        }
        Event::PostCreated {
            post,
            post_number,
            topic,
            author,
            ..
        } => {
            TopicWatch::set_unless_chosen(conn, author, topic, Level::Tracking)?;
            let read = Read {
                through: post_number,
                at: now,
            };
            TopicRead::record(conn, author, topic, read)?;
            super::notify::post_created(conn, post, now)?;
        }
        Event::AccountCreated { user } => UserOptions::create(conn, user)?,
        // Likes and solutions are told to the post's author on the site (never mailed): one
        // notification per post for each, renewed by the next like.
        Event::PostLiked {
            post,
            post_number,
            topic,
            author,
            by,
        } => {
            let row = NewNotification::about_post(
                author,
                Kind::Liked,
                topic,
                post,
                post_number,
                Some(by),
                now,
            );
            Notification::renew(conn, Reason::Liked, &row)?;
        }
        // The author is told no more of a post nobody likes now, if they have not read it.
        Event::LikeUndone {
            post,
            likes_left: 0,
            ..
        } => {
            Notification::withdraw(conn, Reason::Liked, post)?;
        }
        Event::SolutionAccepted {
            topic,
            post,
            post_number,
            author,
            by,
        } if by != Some(author) => {
            let row = NewNotification::about_post(
                author,
                Kind::SolutionAccepted,
                topic,
                post,
                post_number,
                by,
                now,
            );
            Notification::renew(conn, Reason::Solution, &row)?;
        }
        Event::SolutionRemoved { post, .. } => {
            Notification::withdraw(conn, Reason::Solution, post)?;
        }
        _ => {}
    }
    if let Some(record) = event.staff_record() {
        let logged = write_staff_log(conn, &record, now)?;
        tell_member(conn, &record, logged, now)?;
    }
    Ok(())
}

impl Event {
    /// The staff log row an event makes: a moderator's action, and the admin actions that
    /// existing events already describe in full.
    fn staff_record(&self) -> Option<StaffRecord> {
        Some(match *self {
            Event::Staff(ref record) => record.clone(),
            Event::RoleChanged { user, role, by } => {
                let mut record = StaffRecord::new(StaffAction::RoleChanged, by).user(user);
                record.new = Some(role.as_str().to_owned());
                record
            }
            Event::CategoryCreated { category, by } => {
                StaffRecord::new(StaffAction::CategoryCreated, by).category(category)
            }
            Event::CategoryUpdated { category, by } => {
                StaffRecord::new(StaffAction::CategoryUpdated, by).category(category)
            }
            Event::ApiKeyRevoked { key, by } => {
                let mut record = StaffRecord::new(StaffAction::ApiKeyRevoked, by);
                record.previous = Some(format!("key {key}"));
                record
            }
            _ => return None,
        })
    }
}

/// The staff log row for `record`, with the names and title it concerns copied in as they
/// read now, so the row stays readable after they change or go; returns its id.
fn write_staff_log(
    conn: &mut AnyConnection,
    record: &StaffRecord,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    use crate::models::category::Category;
    use crate::models::topic::Topic;
    use crate::models::user::User;
    let acting_username = match record.by {
        Some(id) => User::find(conn, id)?.username,
        None => "system".to_owned(),
    };
    let target_username = match record.user {
        Some(id) => Some(User::find(conn, id)?.username),
        None => None,
    };
    if let Some(topic) = record.topic
        && record.action.is_topic_notice()
    {
        Topic::mark_has_notices(conn, topic)?;
    }
    let (subject, category) = match (record.topic, record.category) {
        (Some(topic), category) => {
            let topic = Topic::find(conn, topic)?;
            (Some(topic.title), category.or(Some(topic.category_id)))
        }
        (None, Some(category)) => (Some(Category::find(conn, category)?.name), Some(category)),
        (None, None) => (None, None),
    };
    NewStaffLogEntry {
        action: record.action.as_str().to_owned(),
        acting_user_id: record.by,
        acting_username,
        target_user_id: record.user,
        target_username,
        topic_id: record.topic,
        post_id: record.post,
        category_id: category,
        subject,
        previous_value: record.previous.clone(),
        new_value: record.new.clone(),
        reason: record.reason.clone(),
        public: record.action.is_public(),
        created_at: now,
    }
    .insert(conn)
}

/// Queues the mail that tells a member what a moderator did to them or their post (the
/// issue's "the user is told, by mail once email exists"), for the actions that concern them
/// ([`StaffAction::tells_member`]). It names the log row and is composed when it leaves
/// (`jobs::mail`), so a sanction lifted before then is not mailed. Sent whatever their
/// notification settings: it is about their account, as a password reset is. Nobody is
/// mailed about what they did themselves, and an anonymised account has no address.
fn tell_member(
    conn: &mut AnyConnection,
    record: &StaffRecord,
    logged: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    use crate::models::mail_outbox::{MailKind, NewMail, Outbox};
    use crate::models::user::User;
    let Some(member) = record.user else {
        return Ok(());
    };
    if !record.action.tells_member() || record.by == Some(member) {
        return Ok(());
    }
    let member = User::find(conn, member)?;
    if !member.mail_reaches() {
        return Ok(());
    }
    Outbox::enqueue(
        conn,
        &[NewMail {
            dedupe_key: format!("moderation:{logged}"),
            kind: MailKind::Moderation.as_str(),
            user_id: Some(member.id),
            to_address: member.email,
            notification_id: None,
            post_id: record.post,
            message: None,
            send_after: now,
            created_at: now,
            staff_log_id: Some(logged),
        }],
    )?;
    Ok(())
}
