//! Accounts: signing up, accounts the operator creates, and roles.

use crate::auth::Guardian;
use crate::models::email_token::{EmailToken, LinkProblem, Purpose};
use crate::models::rate_limit::RateLimit;
use crate::models::session::Session;
use crate::models::user::{NewUser, Role, SignupInput, User};
use crate::services::{Clash, Event, Limit, Limited, Missing, Present, ServiceError, Tx};

/// A password already hashed (argon2id PHC string). Hashing is deliberately slow, so it
/// happens before the transaction, never inside it.
#[derive(Clone)]
pub struct PasswordHash(pub String);

/// How an account comes to be, which decides what it has already done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joining {
    /// The person accepted the code of conduct now (sign-up requires it).
    pub coc_accepted: bool,
    /// The address needs no proof: the operator or an admin vouches for it.
    pub email_verified: bool,
    /// The trust level they start at: 0 (new member, with its limits) for someone who signs
    /// up; 1 for an account someone vouches for.
    pub trust_level: i32,
}

impl Joining {
    /// Someone signing up on the site: they accept the code of conduct, then prove the
    /// address with the link mailed to them.
    pub const SIGNED_UP: Joining = Joining {
        coc_accepted: true,
        email_verified: false,
        trust_level: crate::models::trust::NEW,
    };
    /// An account the operator (command line) or an admin (API) makes for someone.
    pub const MADE_FOR_THEM: Joining = Joining {
        coc_accepted: false,
        email_verified: true,
        trust_level: crate::models::trust::MEMBER,
    };
    /// A demo or test member, as if they had signed up and verified long ago.
    pub const SETTLED: Joining = Joining {
        coc_accepted: true,
        email_verified: true,
        trust_level: crate::models::trust::MEMBER,
    };
}

/// Creates an account with `role`, joined as `joining` says. A taken username or email is a
/// clash, checked again here since a check before hashing can race.
pub fn create(
    tx: &mut Tx,
    input: &SignupInput,
    password: &PasswordHash,
    role: Role,
    joining: Joining,
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
        coc_accepted_at: joining.coc_accepted.then_some(now),
        email_verified_at: joining.email_verified.then_some(now),
        trust_level: joining.trust_level,
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
    create(tx, input, password, Role::User, Joining::MADE_FOR_THEM)
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

/// The token a link's secret hashes to, if it still works: otherwise why not.
fn usable_token(
    tx: &mut Tx,
    purpose: Purpose,
    token_hash: &str,
) -> Result<EmailToken, ServiceError> {
    let token = EmailToken::find(tx.conn(), purpose, token_hash)?
        .ok_or(Missing::EmailLink(LinkProblem::Unknown))?;
    if let Some(problem) = token.problem_at(tx.now()) {
        return Err(Missing::EmailLink(problem).into());
    }
    Ok(token)
}

/// Whether a link would work now, without using it (the page before the button).
pub fn check_link(tx: &mut Tx, purpose: Purpose, token_hash: &str) -> Result<User, ServiceError> {
    let token = usable_token(tx, purpose, token_hash)?;
    Ok(User::find(tx.conn(), token.user_id)?)
}

/// Uses a verification link: the account's address is proved, and it may post. A link sent
/// to an address the account no longer uses proves nothing.
pub fn verify_email(tx: &mut Tx, token_hash: &str) -> Result<User, ServiceError> {
    let token = usable_token(tx, Purpose::Verify, token_hash)?;
    let user = User::find(tx.conn(), token.user_id)?;
    let now = tx.now();
    if !token.email.eq_ignore_ascii_case(&user.email)
        || !EmailToken::use_once(tx.conn(), token.id, now)?
    {
        return Err(Missing::EmailLink(LinkProblem::Used).into());
    }
    if user.email_verified_at.is_none() {
        User::mark_verified(tx.conn(), user.id, now)?;
    }
    tx.record(Event::EmailVerified { user: user.id })?;
    Ok(User {
        email_verified_at: user.email_verified_at.or(Some(now)),
        ..user
    })
}

/// Uses a change-of-address link: the account's address becomes the one the link was sent
/// to (which it proves), unless another account took that address meanwhile. Other pending
/// change links stop working.
pub fn change_email(tx: &mut Tx, token_hash: &str) -> Result<User, ServiceError> {
    let token = usable_token(tx, Purpose::ChangeEmail, token_hash)?;
    let now = tx.now();
    if let Some(other) = User::find_by_email(tx.conn(), &token.email)?
        && other.id != token.user_id
    {
        return Err(ServiceError::Conflict(vec![Clash::EmailTaken]));
    }
    if !EmailToken::use_once(tx.conn(), token.id, now)? {
        return Err(Missing::EmailLink(LinkProblem::Used).into());
    }
    let user = User::find(tx.conn(), token.user_id)?;
    User::set_email(tx.conn(), user.id, &token.email, now)?;
    EmailToken::retire_all(tx.conn(), user.id, Purpose::ChangeEmail, now)?;
    tx.record(Event::EmailVerified { user: user.id })?;
    Ok(User {
        email_lower: token.email.to_lowercase(),
        email: token.email,
        email_verified_at: Some(now),
        ..user
    })
}

/// Uses a password-reset link: the account gets `password`, every other reset link stops
/// working, and every session ends (whoever knew the old password is logged out). Following
/// the link also proves the address.
pub fn reset_password(
    tx: &mut Tx,
    token_hash: &str,
    password: &PasswordHash,
) -> Result<User, ServiceError> {
    let token = usable_token(tx, Purpose::ResetPassword, token_hash)?;
    let now = tx.now();
    if !EmailToken::use_once(tx.conn(), token.id, now)? {
        return Err(Missing::EmailLink(LinkProblem::Used).into());
    }
    let user = User::find(tx.conn(), token.user_id)?;
    User::set_password(tx.conn(), user.id, &password.0)?;
    EmailToken::retire_all(tx.conn(), user.id, Purpose::ResetPassword, now)?;
    Session::delete_all_for(tx.conn(), user.id)?;
    if user.email_verified_at.is_none() && token.email.eq_ignore_ascii_case(&user.email) {
        User::mark_verified(tx.conn(), user.id, now)?;
    }
    tx.record(Event::PasswordReset { user: user.id })?;
    Ok(user)
}

/// Counts a sign-up from `ip` against `per_hour` (`limits.signups_per_ip_per_hour`; 0 is no
/// limit), or refuses it with how long to wait. Called in a transaction of its own once the
/// form is valid and before the password is hashed: the hash is the cost the limit protects,
/// so an attempt counts whether or not the account is then made (a taken name still cost a
/// hash). Counted in the database, so every node sees the same count.
pub fn count_signup(tx: &mut Tx, ip: &str, per_hour: i64) -> Result<(), ServiceError> {
    if per_hour <= 0 {
        return Ok(());
    }
    let bucket = format!("signup-ip:{ip}");
    let now = tx.now();
    let hour = chrono::Duration::hours(1);
    if RateLimit::count(tx.conn(), &bucket, hour, now)? >= per_hour {
        return Err(ServiceError::Limited(Limit {
            what: Limited::Signups,
            limit: per_hour,
            seconds: RateLimit::wait_seconds(tx.conn(), &bucket, hour, now)?,
        }));
    }
    RateLimit::hit(tx.conn(), &bucket, now)?;
    Ok(())
}
