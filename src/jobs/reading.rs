//! Writes each node's gathered reads and views (`crate::reading`) every
//! `reading.flush_seconds`, on every node (each has its own buffer). A failed write puts the
//! batch back for the next run, so a database hiccup loses nothing; `convene serve` runs it
//! once more as it stops.

use std::sync::Arc;
use std::time::Duration;

use crate::app::AppState;
use crate::jobs::{Job, Runs};
use crate::services;

/// The job.
pub fn job(config: &crate::config::Config) -> Job {
    Job {
        name: "reading",
        every: Duration::from_secs(config.reading.flush_seconds.max(1)),
        runs: Runs::OnEveryNode,
        work: Arc::new(flush),
    }
}

/// Writes what this node gathered, if anything.
pub fn flush(state: &AppState) -> anyhow::Result<()> {
    let batch = state.reading.take();
    if batch.is_empty() {
        return Ok(());
    }
    let settings = state.config.moderation.clone();
    let written = state
        .db
        .write_conn()
        .map_err(anyhow::Error::from)
        .and_then(|mut conn| {
            services::run(&mut conn, |tx| {
                services::reading::flush(tx, &batch, &settings)
            })
            .map_err(anyhow::Error::from)
        });
    match written {
        Ok(flushed) => {
            tracing::debug!(?flushed, "wrote gathered reading");
            Ok(())
        }
        Err(error) => {
            state.reading.put_back(batch);
            Err(error)
        }
    }
}
