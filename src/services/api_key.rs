//! API keys for scripts and bots (`Api-Key` + `Api-Username` headers).

use crate::auth::Guardian;
use crate::models::api_key::NewApiKey;
use crate::models::user::User;
use crate::services::{Event, Missing, Present, ServiceError, Tx};

/// Stores a key acting as `username`, given as the SHA-256 of its secret (the secret itself is
/// shown once to whoever asked for it, and never stored). For admins and the operator.
pub fn create(
    tx: &mut Tx,
    guardian: &Guardian,
    username: &str,
    key_hash: &str,
    description: &str,
) -> Result<User, ServiceError> {
    guardian.can_manage_api_keys()?;
    let owner = User::find_by_username(tx.conn(), username)
        .present_or(Missing::User(username.to_owned()))?;
    let now = tx.now();
    NewApiKey {
        user_id: owner.id,
        key_hash,
        description,
        created_at: now,
    }
    .insert(tx.conn())?;
    tx.record(Event::ApiKeyCreated { user: owner.id })?;
    Ok(owner)
}
