//! Hourly maintenance, once across all nodes: expired sessions and day-old login attempts are
//! deleted, so those tables stay small, and questions solved long enough ago close (in
//! categories that ask for it).

use std::sync::Arc;
use std::time::Duration;

use crate::app::AppState;
use crate::jobs::{Job, Runs};
use crate::services;

/// The maintenance job.
pub fn job() -> Job {
    Job {
        name: "maintenance",
        every: Duration::from_secs(60 * 60),
        runs: Runs::OnceAcrossNodes {
            lease: Duration::from_secs(10 * 60),
        },
        work: Arc::new(maintain),
    }
}

/// Deletes expired sessions and login attempts older than a day; closes solved questions.
pub fn maintain(state: &AppState) -> anyhow::Result<()> {
    let mut conn = state.db.write_conn()?;
    let (sessions, attempts) = services::run(&mut conn, services::session::prune)?;
    if sessions + attempts > 0 {
        tracing::info!(
            sessions,
            attempts,
            "pruned expired sessions and old login attempts"
        );
    }
    let closed = services::run(&mut conn, services::solutions::close_solved)?;
    if closed > 0 {
        tracing::info!(closed, "closed questions solved long enough ago");
    }
    Ok(())
}
