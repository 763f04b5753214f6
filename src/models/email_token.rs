//! Single-use links mailed to a person (`email_tokens`): to prove an address is theirs, or to
//! reset a password. The link carries a random secret; only its SHA-256 is stored, so the
//! table alone cannot be used to take over an account.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::email_tokens;
use crate::models::ids::UserId;

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Prove the sign-up address.
    Verify,
    /// Choose a new password.
    ResetPassword,
    /// Prove a new address before the account uses it.
    ChangeEmail,
}

impl Purpose {
    /// Its name in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Verify => "verify",
            Purpose::ResetPassword => "reset_password",
            Purpose::ChangeEmail => "change_email",
        }
    }
}

/// Why a mailed link does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    /// No link like it was sent (mistyped, cut short by a mail client, or made up).
    Unknown,
    /// It was used already: each works once.
    Used,
    /// It is too old.
    Expired,
}

impl EmailToken {
    /// Whether it still works at `now`, and if not, why.
    pub fn problem_at(&self, now: NaiveDateTime) -> Option<LinkProblem> {
        if self.used_at.is_some() {
            Some(LinkProblem::Used)
        } else if self.expires_at <= now {
            Some(LinkProblem::Expired)
        } else {
            None
        }
    }
}

/// An `email_tokens` row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = email_tokens)]
pub struct EmailToken {
    /// Id.
    pub id: i64,
    /// Whose.
    pub user_id: UserId,
    /// [`Purpose::as_str`].
    pub purpose: String,
    /// SHA-256 of the secret in the link.
    pub token_hash: String,
    /// The address it was sent to.
    pub email: String,
    /// When it was made.
    pub created_at: NaiveDateTime,
    /// When it stops working.
    pub expires_at: NaiveDateTime,
    /// When it was used (it works once).
    pub used_at: Option<NaiveDateTime>,
}

impl EmailToken {
    /// Stores a new token.
    pub(crate) fn create(
        conn: &mut AnyConnection,
        user: UserId,
        purpose: Purpose,
        token_hash: &str,
        email: &str,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(email_tokens::table)
            .values((
                email_tokens::user_id.eq(user),
                email_tokens::purpose.eq(purpose.as_str()),
                email_tokens::token_hash.eq(token_hash),
                email_tokens::email.eq(email),
                email_tokens::created_at.eq(now),
                email_tokens::expires_at.eq(expires_at),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// The token whose secret hashes to `token_hash`, for `purpose`, used or not.
    pub fn find(
        conn: &mut AnyConnection,
        purpose: Purpose,
        token_hash: &str,
    ) -> QueryResult<Option<EmailToken>> {
        email_tokens::table
            .filter(email_tokens::token_hash.eq(token_hash))
            .filter(email_tokens::purpose.eq(purpose.as_str()))
            .select(EmailToken::as_select())
            .first(conn)
            .optional()
    }

    /// Uses the token: true if this call used it (it was unused and unexpired), so of two
    /// concurrent uses exactly one succeeds.
    pub(crate) fn use_once(
        conn: &mut AnyConnection,
        id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let used = diesel::update(
            email_tokens::table
                .find(id)
                .filter(email_tokens::used_at.is_null())
                .filter(email_tokens::expires_at.gt(now)),
        )
        .set(email_tokens::used_at.eq(now))
        .execute(conn)?;
        Ok(used == 1)
    }

    /// Ends every other unused token of `user` for `purpose` (a new password retires the
    /// other reset links).
    pub(crate) fn retire_all(
        conn: &mut AnyConnection,
        user: UserId,
        purpose: Purpose,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            email_tokens::table
                .filter(email_tokens::user_id.eq(user))
                .filter(email_tokens::purpose.eq(purpose.as_str()))
                .filter(email_tokens::used_at.is_null()),
        )
        .set(email_tokens::used_at.eq(now))
        .execute(conn)
    }
}
