//! What happened in a write, recorded inside its transaction, and the rows derived from it.
//!
//! Every use-case records an [`Event`] for each thing it did; [`apply`] runs for each, in the
//! same transaction, so derived rows commit or roll back with the row that caused them. This
//! is where capabilities add their rows: search appends a `search_changes` row for events
//! that change what search sees (and `services::run_at` rings this node's indexer after the
//! commit); a new post notifies whom it concerns and writes their mail to the outbox
//! (`notify`), starting or replying to a topic sets the author's watching level, a new
//! account gets its mail options; the staff action log will record what staff did.

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::db::AnyConnection;
use crate::models::ids::{CategoryId, PostId, TopicId, UserId};
use crate::models::search_change::SearchChange;
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
        match *self {
            Event::TopicCreated { first_post, .. } => SearchSees::Post(first_post),
            Event::PostCreated { post, .. } | Event::PostEdited { post, .. } => {
                SearchSees::Post(post)
            }
            Event::TopicImported { topic, .. }
            | Event::TopicRenamed { topic, .. }
            | Event::TopicMoved { topic, .. }
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
            | Event::ApiKeyRevoked { .. } => SearchSees::Nothing,
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
            super::notify::post_created(conn, first_post, now)?;
        }
        Event::PostCreated {
            post,
            topic,
            author,
            ..
        } => {
            TopicWatch::set_unless_chosen(conn, author, topic, Level::Tracking)?;
            super::notify::post_created(conn, post, now)?;
        }
        Event::AccountCreated { user } => UserOptions::create(conn, user)?,
        _ => {}
    }
    Ok(())
}
