//! Mail use-cases: asking for an account mail (a verification or password-reset link) under
//! limits every node shares, queueing a test message, and the sender's bookkeeping of the
//! outbox (claim, sent, retry, give up). Messages are composed before the transaction
//! (`mail::compose`); here they become rows.

use chrono::Duration;

use crate::auth::Guardian;
use crate::config::{ModerationConfig, PostsConfig};
use crate::markdown::Cooked;
use crate::models::email_token::{EmailToken, Purpose};
use crate::models::ids::{PostId, ReviewableId, UserId};
use crate::models::incoming_mail::IncomingMail;
use crate::models::mail_outbox::{Due, MailKind, NewMail, Outbox, OutboxRow};
use crate::models::post::ReplyInput;
use crate::models::rate_limit::RateLimit;
use crate::models::site_secret::SiteSecret;
use crate::models::user_option::{MailStream, UserOptions};
use crate::services::queue::Submitted;
use crate::services::{ServiceError, Tx};

/// How many account mails may be asked for per hour, per address and per IP; 0 (or less) is
/// no limit, as everywhere in the config.
#[derive(Debug, Clone, Copy)]
pub struct AccountMailLimits {
    /// Per address.
    pub per_address: i64,
    /// Per IP address.
    pub per_ip: i64,
}

/// An account mail to send: whose, what for, the link's secret (hashed), the composed message.
pub struct AccountMail {
    /// Whose account.
    pub user: UserId,
    /// Where it goes.
    pub email: String,
    /// What the link does.
    pub purpose: Purpose,
    /// SHA-256 of the link's secret.
    pub token_hash: String,
    /// How long the link works.
    pub lasts: Duration,
    /// The message, composed with the link in it.
    pub message: String,
}

fn address_bucket(email: &str) -> String {
    format!("account-mail:address:{}", email.trim().to_lowercase())
}

fn ip_bucket(ip: &str) -> String {
    format!("account-mail:ip:{ip}")
}

/// Counts a request for account mail to `email` from `ip`, and says whether it is within the
/// limits. Every request counts, sent or not, so a flood stays limited; a request for an
/// address nobody uses counts the same, so the limit itself reveals nothing.
pub fn count_request(
    tx: &mut Tx,
    email: &str,
    ip: &str,
    limits: AccountMailLimits,
) -> Result<bool, ServiceError> {
    let now = tx.now();
    let hour = Duration::hours(1);
    let by_address = RateLimit::count(tx.conn(), &address_bucket(email), hour, now)?;
    let by_ip = RateLimit::count(tx.conn(), &ip_bucket(ip), hour, now)?;
    RateLimit::hit(tx.conn(), &address_bucket(email), now)?;
    RateLimit::hit(tx.conn(), &ip_bucket(ip), now)?;
    let within = |count: i64, limit: i64| limit <= 0 || count < limit;
    Ok(within(by_address, limits.per_address) && within(by_ip, limits.per_ip))
}

/// Stores the link's token and queues the mail that carries it.
pub fn queue_account_mail(tx: &mut Tx, mail: AccountMail) -> Result<(), ServiceError> {
    let now = tx.now();
    EmailToken::create(
        tx.conn(),
        mail.user,
        mail.purpose,
        &mail.token_hash,
        &mail.email,
        now,
        now + mail.lasts,
    )?;
    Outbox::enqueue(
        tx.conn(),
        &[NewMail {
            dedupe_key: format!("account:{}", mail.token_hash),
            kind: MailKind::Account.as_str(),
            user_id: Some(mail.user),
            to_address: mail.email,
            notification_id: None,
            post_id: None,
            message: Some(mail.message),
            send_after: now,
            created_at: now,
            staff_log_id: None,
        }],
    )?;
    Ok(())
}

/// Queues `convene mail test`'s message to `to`.
pub fn queue_test(tx: &mut Tx, to: &str, message: String) -> Result<(), ServiceError> {
    let now = tx.now();
    Outbox::enqueue(
        tx.conn(),
        &[NewMail {
            dedupe_key: format!("test:{}:{}", to, now.and_utc().timestamp_micros()),
            kind: MailKind::Test.as_str(),
            user_id: None,
            to_address: to.to_owned(),
            notification_id: None,
            post_id: None,
            message: Some(message),
            send_after: now,
            created_at: now,
            staff_log_id: None,
        }],
    )?;
    Ok(())
}

/// Claims up to `limit` due rows for `node`, held for `hold` while it sends them.
pub fn claim(
    tx: &mut Tx,
    node: &str,
    notification_delay: Duration,
    hold: Duration,
    limit: i64,
) -> Result<Vec<OutboxRow>, ServiceError> {
    let now = tx.now();
    let due = Due {
        now,
        notification_delay,
    };
    Ok(Outbox::claim(tx.conn(), node, due, now + hold, limit)?)
}

/// Records that row `id` will not be sent, and why.
pub fn give_up(tx: &mut Tx, id: i64, why: &str) -> Result<(), ServiceError> {
    let now = tx.now();
    Ok(Outbox::give_up(tx.conn(), id, now, why)?)
}

/// Records that rows `ids` were handed to the server (one statement per 500 rows).
pub fn sent_many(tx: &mut Tx, ids: &[i64]) -> Result<(), ServiceError> {
    let now = tx.now();
    Ok(Outbox::sent_many(tx.conn(), ids, now)?)
}

/// Gives up every waiting notification mail queued more than `stale_after` ago, in one
/// statement; returns how many.
pub fn give_up_stale(tx: &mut Tx, stale_after: Duration, why: &str) -> Result<usize, ServiceError> {
    let now = tx.now();
    Ok(Outbox::give_up_stale(
        tx.conn(),
        now - stale_after,
        now,
        why,
    )?)
}

/// Holds row `id` until `after` has passed, then it is tried again.
pub fn retry_later(tx: &mut Tx, id: i64, after: Duration, error: &str) -> Result<(), ServiceError> {
    let at = tx.now() + after;
    Ok(Outbox::retry_later(tx.conn(), id, at, error)?)
}

/// Queues composed digests (or any composed bulk mail of `kind`); a row whose key is already
/// in the outbox is skipped, so a digest is queued once whatever the number of nodes or runs.
/// Returns how many were new.
pub fn queue_composed(
    tx: &mut Tx,
    kind: MailKind,
    mails: Vec<ComposedMail>,
) -> Result<usize, ServiceError> {
    let now = tx.now();
    let rows: Vec<NewMail> = mails
        .into_iter()
        .map(|mail| NewMail {
            dedupe_key: mail.key,
            kind: kind.as_str(),
            user_id: Some(mail.user),
            to_address: mail.to,
            notification_id: None,
            post_id: None,
            message: Some(mail.message),
            send_after: now,
            created_at: now,
            staff_log_id: None,
        })
        .collect();
    Ok(Outbox::enqueue(tx.conn(), &rows)?)
}

/// A message composed for one person, with its outbox key.
#[derive(Debug, Clone)]
pub struct ComposedMail {
    /// Its unique key (`digest:{user}:{period}`).
    pub key: String,
    /// Whose.
    pub user: UserId,
    /// Where it goes.
    pub to: String,
    /// The RFC 5322 text.
    pub message: String,
}

/// The secret mail links are signed with (`auth::signed`), stored as `candidate` (fresh
/// random text) on first use.
pub fn signing_secret(tx: &mut Tx, candidate: &str) -> Result<String, ServiceError> {
    Ok(SiteSecret::find_or_make(
        tx.conn(),
        crate::auth::signed::UNSUBSCRIBE_SECRET,
        candidate,
    )?)
}

/// Stops one kind of mail to `user`: what a signed unsubscribe link does (its signature,
/// checked by the caller, is the authority; no login is needed, as RFC 8058 asks).
pub fn unsubscribe(tx: &mut Tx, user: UserId, stream: MailStream) -> Result<(), ServiceError> {
    UserOptions::stop(tx.conn(), user, stream)?;
    Ok(())
}

/// What became of a reply received by mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// It was posted.
    Posted(PostId),
    /// It waits for a moderator (a new member's first posts, a watched word), as the same
    /// reply would from the web; the author finds it on their moderation page.
    Queued(ReviewableId),
    /// The same message (by Message-ID) was received before; nothing was posted again.
    Again,
}

/// The rules a reply by mail is held to, as the web's are (`[posts]` and `[moderation]`).
pub struct MailReplyRules<'a> {
    /// The posting limits.
    pub limits: &'a PostsConfig,
    /// The moderation settings (the queue, new members' links).
    pub moderation: &'a ModerationConfig,
}

/// Posts a reply that arrived by mail, as its author, with the same checks as the web: the
/// guardian's, the topic's, the body's, the posting limits, and the queue (`services::queue`),
/// so a mail cannot post what a form could not. The Message-ID is recorded in the same
/// transaction, so a second delivery of the same message posts (or queues) nothing. The body
/// was cooked with the censored watched words (`markdown::cook_with`) and checked against a
/// new member's link limits (`queue::within_new_member_limits`) before.
pub fn receive_reply(
    tx: &mut Tx,
    guardian: &Guardian,
    rules: &MailReplyRules,
    message_id: &str,
    input: &ReplyInput,
    cooked: &Cooked,
) -> Result<Received, ServiceError> {
    let user = guardian.acting_user()?;
    if IncomingMail::find(tx.conn(), message_id)?.is_some() {
        return Ok(Received::Again);
    }
    crate::services::pace::count(tx, guardian, crate::services::Writing::Reply, rules.limits)?;
    let submitted = crate::services::queue::reply(tx, guardian, rules.moderation, input, cooked)?;
    let now = tx.now();
    let (post, received) = match submitted {
        Submitted::Published(_, post) => (Some(post.id), Received::Posted(post.id)),
        Submitted::Queued(item, _) => (None, Received::Queued(item.id)),
    };
    IncomingMail::record(tx.conn(), message_id, user, post, now)?;
    Ok(received)
}

/// The secret reply-by-mail keys are signed with, stored as `candidate` on first use.
pub fn reply_secret(tx: &mut Tx, candidate: &str) -> Result<String, ServiceError> {
    Ok(SiteSecret::find_or_make(
        tx.conn(),
        crate::auth::signed::REPLY_SECRET,
        candidate,
    )?)
}
