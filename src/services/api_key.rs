//! API keys for scripts and bots (`Api-Key` + `Api-Username` headers): making one for a user
//! or for all users, limited to scopes or not; revoking one; noting when one was last used.

use chrono::Duration;

use crate::auth::Guardian;
use crate::models::api_key::{ApiKey, NewApiKey, SCOPES};
use crate::models::invalid::{Field, Problem};
use crate::models::user::User;
use crate::services::{Event, Found, Missing, Present, ServiceError, Tx};

/// Whom a new key acts for.
#[derive(Debug, Clone, Copy)]
pub enum Acting<'a> {
    /// Always this user (by username); `Api-Username` may be left out.
    As(&'a str),
    /// Whichever user each request's `Api-Username` names. Only an admin may make one: it can
    /// act as any admin.
    ForAllUsers,
}

/// What a new key is: whom it acts for, what it is for, and what it may do.
#[derive(Debug, Clone, Copy)]
pub struct KeySpec<'a> {
    /// Whom it acts for.
    pub acting: Acting<'a>,
    /// What it is for, shown in the list of keys.
    pub description: &'a str,
    /// The scopes it is limited to (see [`SCOPES`]); none for no limit.
    pub scopes: &'a [String],
}

/// A key just made, with the user its row names: the user it acts as, or for an all-users
/// key the admin who made it.
#[derive(Debug, Clone)]
pub struct MadeKey {
    /// The stored row.
    pub key: ApiKey,
    /// Whom the row names.
    pub user: User,
}

/// The scopes as stored: each checked against [`SCOPES`], in the order given, without
/// repeats, separated by spaces.
pub fn normalise_scopes(scopes: &[String]) -> Result<String, ServiceError> {
    let mut kept: Vec<&str> = Vec::new();
    for scope in scopes.iter().flat_map(|s| s.split([' ', ','])) {
        let scope = scope.trim();
        if scope.is_empty() || kept.contains(&scope) {
            continue;
        }
        if !SCOPES.contains(&scope) {
            return Err(ServiceError::invalid(Field::Scopes, Problem::Malformed));
        }
        kept.push(scope);
    }
    Ok(kept.join(" "))
}

/// Stores a key given as the SHA-256 of its secret (the secret itself is shown once to whoever
/// asked for it, and never stored). For admins and the operator.
pub fn create(
    tx: &mut Tx,
    guardian: &Guardian,
    key_hash: &str,
    spec: &KeySpec,
) -> Result<MadeKey, ServiceError> {
    guardian.can_manage_api_keys()?;
    let scopes = normalise_scopes(spec.scopes)?;
    let user = match spec.acting {
        Acting::As(username) => User::find_by_username(tx.conn(), username)
            .present_or(Missing::User(username.to_owned()))?,
        Acting::ForAllUsers => match guardian.actor() {
            Some(admin) => User::find(tx.conn(), admin.id)?,
            None => User::first_admin(tx.conn()).present_or(Missing::Admin)?,
        },
    };
    let key = NewApiKey {
        user_id: user.id,
        key_hash,
        description: spec.description.trim(),
        created_at: tx.now(),
        all_users: matches!(spec.acting, Acting::ForAllUsers),
        scopes: &scopes,
    }
    .insert(tx.conn())?;
    tx.record(Event::ApiKeyCreated {
        key: key.id,
        user: user.id,
        all_users: key.all_users,
    })?;
    let acts_for = if key.all_users {
        "all users".to_owned()
    } else {
        user.username.clone()
    };
    let mut record = crate::services::effects::StaffRecord::new(
        crate::models::staff_log::StaffAction::ApiKeyCreated,
        guardian.actor().map(|a| a.id),
    );
    record.new = Some(format!("key {} acting as {acts_for}", key.id));
    if !key.all_users {
        record.user = Some(user.id);
    }
    tx.record(Event::Staff(record))?;
    Ok(MadeKey { key, user })
}

/// Revokes a key: it stops working at once, on every node. Revoking a revoked key changes
/// nothing and is not an error (a retried request must not fail).
pub fn revoke(tx: &mut Tx, guardian: &Guardian, id: i64) -> Result<ApiKey, ServiceError> {
    guardian.can_manage_api_keys()?;
    let key = ApiKey::find(tx.conn(), id).found_or(Missing::ApiKey(id))?;
    if key.revoked_at.is_some() {
        return Ok(key);
    }
    let now = tx.now();
    ApiKey::revoke(tx.conn(), id, now)?;
    tx.record(Event::ApiKeyRevoked {
        key: id,
        by: guardian.actor().map(|a| a.id),
    })?;
    Ok(ApiKey {
        revoked_at: Some(now),
        ..key
    })
}

/// How stale a key's last use may get before a request writes it again: a busy bot then costs
/// one write a minute, not one per request.
pub const LAST_USE_GRANULARITY: Duration = Duration::minutes(1);

/// Notes that key `id` was just used, unless that was noted within [`LAST_USE_GRANULARITY`].
/// Bookkeeping done for whoever sent the key; no permission applies.
pub fn note_use(tx: &mut Tx, id: i64) -> Result<(), ServiceError> {
    let now = tx.now();
    ApiKey::note_use(tx.conn(), id, now, now - LAST_USE_GRANULARITY)?;
    Ok(())
}
