//! Accounts: signing up, accounts the operator creates, and roles.

use crate::auth::Guardian;
use crate::models::user::{NewUser, Role, SignupInput, User};
use crate::services::{Clash, Event, Missing, Present, ServiceError, Tx};

/// A password already hashed (argon2id PHC string). Hashing is deliberately slow, so it
/// happens before the transaction, never inside it.
#[derive(Clone)]
pub struct PasswordHash(pub String);

/// Creates an account with `role`. `coc_accepted` records that the person accepted the code
/// of conduct now (sign-up requires it; the operator's accounts have not). A taken username
/// or email is a clash, checked again here since a check before hashing can race.
pub fn create(
    tx: &mut Tx,
    input: &SignupInput,
    password: &PasswordHash,
    role: Role,
    coc_accepted: bool,
) -> Result<User, ServiceError> {
    let (username_taken, email_taken) = User::taken(tx.conn(), &input.username, &input.email)?;
    let mut clashes = Vec::new();
    if username_taken {
        clashes.push(Clash::UsernameTaken(input.username.clone()));
    }
    if email_taken {
        clashes.push(Clash::EmailTaken);
    }
    if !clashes.is_empty() {
        return Err(ServiceError::Conflict(clashes));
    }
    let now = tx.now();
    let inserted = NewUser {
        username: &input.username,
        username_lower: input.username.to_lowercase(),
        email: &input.email,
        email_lower: input.email.to_lowercase(),
        name: &input.name,
        password_hash: &password.0,
        role,
        created_at: now,
        coc_accepted_at: coc_accepted.then_some(now),
    }
    .insert(tx.conn());
    let user = match inserted {
        Ok(user) => user,
        // Another node took the name or email between the check above and this insert.
        Err(e) if crate::models::is_unique_violation(&e) => {
            return Err(Clash::UsernameTaken(input.username.clone()).into());
        }
        Err(e) => return Err(e.into()),
    };
    tx.record(Event::AccountCreated { user: user.id })?;
    Ok(user)
}

/// Creates an account for someone else (an admin, through the API), with the role `user`.
pub fn create_for(
    tx: &mut Tx,
    guardian: &Guardian,
    input: &SignupInput,
    password: &PasswordHash,
) -> Result<User, ServiceError> {
    guardian.can_manage_users()?;
    create(tx, input, password, Role::User, false)
}

/// Gives `username` a new role. For admins (and the operator).
pub fn set_role(
    tx: &mut Tx,
    guardian: &Guardian,
    username: &str,
    role: Role,
) -> Result<User, ServiceError> {
    guardian.can_change_roles()?;
    let user = User::find_by_username(tx.conn(), username)
        .present_or(Missing::User(username.to_owned()))?;
    User::set_role(tx.conn(), user.id, role)?;
    tx.record(Event::RoleChanged {
        user: user.id,
        role,
        by: guardian.actor().map(|a| a.id),
    })?;
    Ok(User { role, ..user })
}
