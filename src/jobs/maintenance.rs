//! Hourly maintenance, once across all nodes: expired sessions and day-old login attempts are
//! deleted, so those tables stay small.

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

/// Deletes expired sessions and login attempts older than a day.
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
    Ok(())
}
