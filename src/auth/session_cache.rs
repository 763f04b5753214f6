//! Who a session cookie belongs to, remembered briefly by each node. Every signed-in request
//! asks; without this, each one paid a database read and a trip to the blocking thread pool
//! before its handler started (docs/performance.md, 2026-11-22).
//!
//! Entries are keyed by the database's write generation, as the page cache's are: any write
//! on this node (a logout, a suspension, a role or name change) makes every entry unreachable
//! at once, so this node never acts on a session it has itself changed. A change made by
//! another node or by the command line shows here within `cache.session_seconds`. Only live
//! sessions are remembered: a stranger's made-up cookies cost a lookup each, not memory.

use std::time::Duration;

use crate::config::CacheConfig;
use crate::models::user::User;

/// What a session lookup finds: whose session it is, and the header's unread count (read in
/// the same lookup, and made stale by the same writes: a new notification or a "mark read" on
/// this node is a write).
#[derive(Clone, Debug)]
pub struct SessionUser {
    /// Whose session.
    pub user: User,
    /// How many of their notifications are unread.
    pub unread_notifications: i64,
    /// Their new and unread topics (the header's counts), made stale likewise: the reading
    /// job's writes move the generation on.
    pub reading: crate::models::reading::ReadingCounts,
    /// What they do beyond their role (moderate, represent, decide).
    pub duties: crate::auth::guardian::Duties,
}

/// The cache, shared by every worker of the node.
#[derive(Clone, Debug)]
pub struct SessionCache {
    users: Option<moka::sync::Cache<(u64, String), SessionUser>>,
}

/// Live sessions one node remembers at most; past that the least used are looked up again.
const CAPACITY: u64 = 100_000;

impl SessionCache {
    /// A cache timed by `[cache]`; disabled when the time is 0.
    pub fn new(config: &CacheConfig) -> SessionCache {
        let users = (config.session_seconds > 0).then(|| {
            moka::sync::Cache::builder()
                .time_to_live(Duration::from_secs(config.session_seconds))
                .max_capacity(CAPACITY)
                .build()
        });
        SessionCache { users }
    }

    /// The user of the session whose token hashes to `token_hash`, as last looked up at write
    /// generation `generation`.
    pub fn get(&self, generation: u64, token_hash: &str) -> Option<SessionUser> {
        self.users
            .as_ref()?
            .get(&(generation, token_hash.to_owned()))
    }

    /// Remembers that the session belongs to `user` at write generation `generation` (read
    /// before the lookup, so a write during it leaves this entry unreachable).
    pub fn insert(&self, generation: u64, token_hash: String, user: SessionUser) {
        if let Some(users) = &self.users {
            users.insert((generation, token_hash), user);
        }
    }
}
