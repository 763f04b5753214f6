//! Sessions and login attempts: logging in (the attempt and, if it succeeded, the session in
//! one transaction), logging out, and pruning what has expired.

use chrono::Duration;

use crate::models::ids::UserId;
use crate::models::login_attempt::{LoginAttempt, NewLoginAttempt};
use crate::models::session::{NewSession, Session};
use crate::services::{ServiceError, Tx};

/// A login attempt, after the password was checked.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The name it counts against (the account's own username when the login named one).
    pub counted_as: String,
    /// The client's address.
    pub ip: String,
    /// The account whose password matched, if it did.
    pub succeeded_as: Option<UserId>,
}

/// Records a login attempt (every node's rate limit reads these) and, if it succeeded,
/// stores a session lasting `days` for the SHA-256 `token_hash` of the cookie's secret.
pub fn record_login(
    tx: &mut Tx,
    attempt: &Attempt,
    token_hash: &str,
    days: i64,
) -> Result<(), ServiceError> {
    let now = tx.now();
    NewLoginAttempt {
        username_lower: attempt.counted_as.to_lowercase(),
        ip: &attempt.ip,
        succeeded: attempt.succeeded_as.is_some(),
        attempted_at: now,
    }
    .insert(tx.conn())?;
    if let Some(user_id) = attempt.succeeded_as {
        start(tx, user_id, token_hash, days)?;
    }
    Ok(())
}

/// Stores a session lasting `days` for `user_id` (just signed up, or logged in).
pub fn start(
    tx: &mut Tx,
    user_id: UserId,
    token_hash: &str,
    days: i64,
) -> Result<(), ServiceError> {
    let now = tx.now();
    NewSession {
        user_id,
        token_hash,
        created_at: now,
        expires_at: now + Duration::days(days),
    }
    .insert(tx.conn())?;
    Ok(())
}

/// Ends the session with this token hash, on every node at once.
pub fn end(tx: &mut Tx, token_hash: &str) -> Result<(), ServiceError> {
    Session::delete(tx.conn(), token_hash)?;
    Ok(())
}

/// Deletes expired sessions, and login attempts and rate-limit hits older than a day (no
/// limit looks back further); returns how many sessions, and how many attempts and hits.
pub fn prune(tx: &mut Tx) -> Result<(usize, usize), ServiceError> {
    let now = tx.now();
    let sessions = Session::delete_expired(tx.conn(), now)?;
    let attempts = LoginAttempt::prune(tx.conn(), now - Duration::days(1))?;
    let hits = crate::models::rate_limit::RateLimit::prune(tx.conn(), now - Duration::days(1))?;
    Ok((sessions, attempts + hits))
}
