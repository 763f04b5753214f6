//! Background jobs that run inside `convene serve` as tasks on the async runtime.
//!
//! Maintenance: expired sessions and login attempts older than a day are deleted hourly.
//! The deletes are idempotent, so every node may run them; nothing needs a lease.

use std::time::Duration;

use crate::db::Db;
use crate::models::login_attempt::LoginAttempt;
use crate::models::session::Session;

/// How often maintenance runs.
const MAINTENANCE_EVERY: Duration = Duration::from_secs(60 * 60);

/// Deletes expired sessions and day-old login attempts; returns how many rows went.
pub fn maintain(db: &Db) -> anyhow::Result<(usize, usize)> {
    let mut conn = db.write_conn()?;
    let now = crate::db::now();
    let sessions = Session::delete_expired(&mut conn, now)?;
    let attempts = LoginAttempt::prune(&mut conn, now - chrono::Duration::days(1))?;
    Ok((sessions, attempts))
}

/// Starts the hourly maintenance task (the first run is at start-up).
pub fn spawn_maintenance(db: Db) {
    actix_web::rt::spawn(async move {
        let mut interval = actix_web::rt::time::interval(MAINTENANCE_EVERY);
        loop {
            interval.tick().await;
            let db = db.clone();
            match actix_web::rt::task::spawn_blocking(move || maintain(&db)).await {
                Ok(Ok((sessions, attempts))) if sessions + attempts > 0 => {
                    tracing::info!(
                        sessions,
                        attempts,
                        "pruned expired sessions and old login attempts"
                    );
                }
                Ok(Ok(_)) => {}
                Ok(Err(error)) => {
                    tracing::warn!(%error, "maintenance failed; will retry next hour")
                }
                Err(error) => tracing::warn!(%error, "maintenance task panicked"),
            }
        }
    });
}
