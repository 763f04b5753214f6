//! `AppState`: what the forum runs on, shared by the web shell, the jobs and the command line:
//! the settings, the database and the search index, and the one way a write is run from async
//! code.

use std::sync::Arc;

use crate::auth::session_cache::SessionCache;
use crate::auth::throttle::Throttles;
use crate::config::Config;
use crate::db::Db;
use crate::search::SearchIndex;
use crate::services::{ServiceError, Tx};

/// The forum's settings and database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Settings, loaded once.
    pub config: Arc<Config>,
    /// The database pools.
    pub db: Db,
    /// Whose session each recently seen cookie is.
    pub sessions: SessionCache,
    /// This node's search index.
    pub search: SearchIndex,
    /// How often one client may do each costly thing, on this node (`[limits]`).
    pub throttles: Throttles,
    /// How this node's mail leaves.
    pub mailer: crate::mail::Mailer,
    /// Reads and views gathered on this node, written in batches by the `reading` job.
    pub reading: crate::reading::Reading,
    /// Requests this node answered, for `/metrics`.
    pub metrics: crate::metrics::Metrics,
}

impl AppState {
    /// The state for a forum with these settings, on this database and search index.
    pub fn new(config: Arc<Config>, db: Db, search: SearchIndex) -> AppState {
        let sessions = SessionCache::new(&config.cache);
        let throttles = Throttles::new(&config);
        let mailer = crate::mail::Mailer::from_config(&config)
            .unwrap_or_else(|error| crate::mail::Mailer::Unusable(format!("{error:#}")));
        let reading = crate::reading::Reading::new(&config.reading);
        AppState {
            mailer,
            reading,
            config,
            db,
            sessions,
            search,
            throttles,
            metrics: crate::metrics::Metrics::default(),
        }
    }

    /// Runs a use-case (a `services` function) in one transaction on the write connection,
    /// off the async workers.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ServiceError>
    where
        F: FnOnce(&mut Tx) -> Result<T, ServiceError> + Send + 'static,
        T: Send + 'static,
    {
        self.db
            .write(move |conn| crate::services::run(conn, f))
            .await
    }
}
