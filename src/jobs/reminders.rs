//! Bookmark reminders, once a minute across all nodes: reminders that fell due become
//! notifications. The job looks with a read connection first and opens a transaction only
//! when something is due. (Its lease is still claimed and released each minute through the
//! write connection, which moves the write generation like any write; the reading job's
//! flushes already do so every few seconds on a busy forum.)

use std::sync::Arc;
use std::time::Duration;

use crate::app::AppState;
use crate::jobs::{Job, Runs};
use crate::models::bookmark::Bookmark;
use crate::services;

/// Reminders sent per transaction.
const BATCH: i64 = 500;

/// The reminders job.
pub fn job() -> Job {
    Job {
        name: "bookmark_reminders",
        every: Duration::from_secs(60),
        runs: Runs::OnceAcrossNodes {
            lease: Duration::from_secs(5 * 60),
        },
        work: Arc::new(remind),
    }
}

/// Sends every reminder that is due, a batch per transaction.
pub fn remind(state: &AppState) -> anyhow::Result<()> {
    loop {
        let now = crate::db::now();
        let due = {
            let mut conn = state.db.read_conn()?;
            Bookmark::due_unsent(&mut conn, now, 1)?
        };
        if due.is_empty() {
            return Ok(());
        }
        let mut conn = state.db.write_conn()?;
        let sent = services::run(&mut conn, |tx| {
            services::bookmarks::send_due_reminders(tx, BATCH)
        })?;
        tracing::info!(sent, "sent bookmark reminders");
        if sent < BATCH as usize {
            return Ok(());
        }
    }
}
