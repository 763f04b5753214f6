//! Mail delivery, on every node: claims due rows from the outbox (`models::mail_outbox`),
//! composes those that are composed as they leave (notifications, mailing-list posts, what
//! moderators tell a member), hands each to the mailer,
//! and records what happened. Transient failures are retried with exponential backoff (one
//! minute, doubling, at most six hours) until `mail.max_attempts`; permanent ones (5xx) are
//! recorded and given up at once, so one failing address never holds back the others.
//!
//! Delivery is at least once: a node that dies after the server accepted a message but
//! before recording it leaves the row claimed; when the claim runs out another node sends it
//! again. Claims are short (`HOLD`) for that reason.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use diesel::OptionalExtension;

use crate::app::AppState;
use crate::auth::signed::{reply_key, unsubscribe_path};
use crate::config::Config;
use crate::db::AnyConnection;
use crate::jobs::{Job, Runner, Runs};
use crate::mail::SendError;
use crate::mail::compose::{self, ModerationMail, PostMail, Site};
use crate::mail::notice::{self, AboutPost};
use crate::models::category::Category;
use crate::models::ids::{TopicId, UserId};
use crate::models::mail_outbox::{MailKind, Outbox, OutboxRow};
use crate::models::notification::{Kind, Notification};
use crate::models::post::Post;
use crate::models::staff_log::StaffLogEntry;
use crate::models::topic::Topic;
use crate::models::user::User;
use crate::models::user_option::{EmailLevel, MailStream, UserOptions};
use crate::services;

/// Rows claimed at a time, at least (more with many connections: 16 for each).
const BATCH: i64 = 50;
/// How long a claim holds a row while this node sends it.
const HOLD: chrono::Duration = chrono::Duration::minutes(5);
/// A notification mail that could not leave within this long is not sent at all: the moment
/// it was about has passed (and a demo's history never floods an inbox).
const STALE_AFTER: chrono::Duration = chrono::Duration::days(2);
/// Why a stale notification mail was not sent.
const STALE: &str = "stale: not sent within two days of the notification";

/// This process's name in the claims it takes.
static NODE: LazyLock<String> = LazyLock::new(Runner::node_name);

/// The delivery job: every `mail.poll_seconds`, on every node.
pub fn job(config: &Config) -> Job {
    Job {
        name: "mail",
        every: Duration::from_secs(config.mail.poll_seconds.max(1)),
        runs: Runs::OnEveryNode,
        work: Arc::new(|state| deliver(state).map(|_| ())),
    }
}

/// What one delivery run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    /// Handed to the server.
    pub sent: usize,
    /// Not sent on purpose (read already, capped, opted out, stale).
    pub skipped: usize,
    /// Failed for now; tried again later.
    pub retrying: usize,
    /// Failed for good.
    pub failed: usize,
}

impl Delivered {
    /// Counts `other`'s rows too.
    fn add(&mut self, other: Delivered) {
        self.sent += other.sent;
        self.skipped += other.skipped;
        self.retrying += other.retrying;
        self.failed += other.failed;
    }
}

/// The keys mail links are signed with.
struct Secrets {
    /// For one-click unsubscribe links.
    unsubscribe: String,
    /// For reply-by-mail addresses.
    reply: String,
}

/// The reply-by-mail address for `user` in `topic`, when `[mail] reply_by_email_address` is set.
fn reply_address(config: &Config, secret: &str, user: UserId, topic: TopicId) -> Option<String> {
    let pattern = config.mail.reply_by_email_address.trim();
    pattern
        .contains("%{key}")
        .then(|| pattern.replace("%{key}", &reply_key(secret, user, topic)))
}

/// Prepares and sends one claimed row, and records what happened, counting it in `done`.
fn handle(
    state: &AppState,
    site: &Site,
    secret: &Secrets,
    row: &OutboxRow,
    done: &mut Delivered,
) -> anyhow::Result<Option<i64>> {
    let config = &state.config;
    // The write connection is taken only to record an outcome, never while composing or
    // while the server answers: every sender shares it.
    let record = |f: &dyn Fn(&mut services::Tx) -> Result<(), services::ServiceError>| {
        let mut conn = state.db.write_conn()?;
        services::run(&mut conn, |tx| f(tx))?;
        Ok::<_, anyhow::Error>(())
    };
    match prepare(state, site, secret, row) {
        Ok(Prepared::Skip(why)) => {
            done.skipped += 1;
            record(&|tx| services::mail::give_up(tx, row.id, &why))?;
        }
        Ok(Prepared::Send(message)) => {
            let sent = state.mailer.send(
                &config.mail.from_address,
                &row.to_address,
                message.as_bytes(),
            );
            match sent {
                Ok(()) => {
                    done.sent += 1;
                    // Recorded with the rest of this sender's share, in one transaction.
                    return Ok(Some(row.id));
                }
                Err(SendError::Transient(error)) if row.attempts < config.mail.max_attempts => {
                    done.retrying += 1;
                    tracing::warn!(outbox = row.id, to = %row.to_address, %error, attempt = row.attempts, "mail not sent; trying again later");
                    record(&|tx| {
                        services::mail::retry_later(tx, row.id, backoff(row.attempts), &error)
                    })?;
                }
                Err(error) => {
                    done.failed += 1;
                    tracing::warn!(outbox = row.id, to = %row.to_address, %error, "mail given up");
                    let why = format!("failed: {error}");
                    record(&|tx| services::mail::give_up(tx, row.id, &why))?;
                }
            }
        }
        Err(error) => {
            // The database failed while composing: try the row again later.
            done.retrying += 1;
            let why = format!("{error:#}");
            tracing::warn!(outbox = row.id, error = %why, "could not compose mail");
            record(&|tx| services::mail::retry_later(tx, row.id, backoff(row.attempts), &why))?;
        }
    }
    Ok(None)
}

/// What to do with a claimed row.
enum Prepared {
    Send(String),
    Skip(String),
}

/// Sends every row that is due now; returns what happened. Blocking.
pub fn deliver(state: &AppState) -> anyhow::Result<Delivered> {
    let config = &state.config;
    let site = Site::from_config(config);
    let delay = chrono::Duration::minutes(config.mail.notification_delay_minutes.max(0));
    let mut done = Delivered::default();
    let secret = {
        let (candidate, reply_candidate) = (
            crate::auth::token::generate()?,
            crate::auth::token::generate()?,
        );
        let mut conn = state.db.write_conn()?;
        done.skipped += services::run(&mut conn, |tx| {
            services::mail::give_up_stale(tx, STALE_AFTER, STALE)
        })?;
        services::run(&mut conn, |tx| {
            Ok(Secrets {
                unsubscribe: services::mail::signing_secret(tx, &candidate)?,
                reply: services::mail::reply_secret(tx, &reply_candidate)?,
            })
        })?
    };
    // Enough rows that each connection sends a share, recorded in one transaction.
    let batch = BATCH.max(i64::try_from(config.mail.connections).unwrap_or(1) * 16);
    loop {
        let rows = {
            let mut conn = state.db.write_conn()?;
            services::run(&mut conn, |tx| {
                services::mail::claim(tx, &NODE, delay, HOLD, batch)
            })?
        };
        if rows.is_empty() {
            return Ok(done);
        }
        // The server's answer takes most of a message's time (and lettre 0.11 waits out a
        // 40 ms delayed ACK per message: docs/performance.md), so several connections send at
        // once, each its share of the batch.
        let workers = config.mail.connections.max(1);
        let share = rows.len().div_ceil(workers);
        let results: Vec<anyhow::Result<Delivered>> = std::thread::scope(|scope| {
            let handles: Vec<_> = rows
                .chunks(share)
                .map(|chunk| {
                    let (site, secret) = (&site, &secret);
                    scope.spawn(move || {
                        let mut done = Delivered::default();
                        let mut sent = Vec::with_capacity(chunk.len());
                        let outcome = chunk.iter().try_for_each(|row| {
                            sent.extend(handle(state, site, secret, row, &mut done)?);
                            Ok::<_, anyhow::Error>(())
                        });
                        // What was handed over is recorded even if a later row failed, so
                        // it is not sent again (delivery stays at least once: a node that
                        // dies before this line sends these again after the hold).
                        if !sent.is_empty() {
                            let mut conn = state.db.write_conn()?;
                            services::run(&mut conn, |tx| services::mail::sent_many(tx, &sent))?;
                        }
                        outcome.map(|()| done)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(anyhow::anyhow!("a mail sender panicked")))
                })
                .collect()
        });
        for result in results {
            done.add(result?);
        }
    }
}

/// The wait before try `attempts + 1`: one minute, doubling, at most six hours.
fn backoff(attempts: i32) -> chrono::Duration {
    let doublings = attempts.clamp(1, 10) - 1;
    chrono::Duration::minutes(1_i64 << doublings).min(chrono::Duration::hours(6))
}

/// The message for a claimed row, or why it is not to be sent.
fn prepare(
    state: &AppState,
    site: &Site,
    secret: &Secrets,
    row: &OutboxRow,
) -> anyhow::Result<Prepared> {
    if let Some(message) = &row.message {
        return Ok(Prepared::Send(message.clone()));
    }
    match MailKind::from_name(&row.kind) {
        Some(MailKind::Notification) => notification_mail(state, site, secret, row),
        Some(MailKind::MailingList) => mailing_list_mail(state, site, secret, row),
        Some(MailKind::Moderation) => moderation_mail(state, site, row),
        _ => Ok(Prepared::Skip(format!(
            "a {} row without a message cannot be sent",
            row.kind
        ))),
    }
}

/// Composes a notification's mail now, if it is still to be sent.
fn notification_mail(
    state: &AppState,
    site: &Site,
    secret: &Secrets,
    row: &OutboxRow,
) -> anyhow::Result<Prepared> {
    let skip = |why: &str| Ok(Prepared::Skip(why.to_owned()));
    let mut conn = state.db.read_conn()?;
    let conn = &mut *conn;
    let Some(notification) = row
        .notification_id
        .map(|id| Notification::find(conn, id))
        .transpose()?
        .flatten()
    else {
        return skip("the notification is gone");
    };
    let now = crate::db::now();
    if notification.created_at < now - STALE_AFTER {
        return skip(STALE);
    }
    let options = UserOptions::find(conn, notification.user_id)?;
    match options.email_level() {
        EmailLevel::Never => return skip("they chose no notification mail"),
        EmailLevel::WhenAway if notification.read => {
            return skip("read on the site before the delay passed");
        }
        EmailLevel::Always | EmailLevel::WhenAway => {}
    }
    if over_daily_cap(state, conn, notification.user_id, &options, now)? {
        return skip("their daily cap of notification mail was reached");
    }
    let Some(post_id) = notification.post_id else {
        return skip("the notification names no post");
    };
    let post = Post::find(conn, post_id)?;
    let author = User::find(conn, post.user_id)?;
    let reason = match notification.kind() {
        Kind::Mentioned => format!("{} mentioned you", author.username),
        Kind::Replied => format!("{} replied to your post", author.username),
        Kind::Quoted => format!("{} quoted you", author.username),
        Kind::Posted => "you watch this topic or its category".to_owned(),
        Kind::WatchingFirstPost => "you watch new topics in this category".to_owned(),
        Kind::ProposalChanged => "you watch this proposal".to_owned(),
        // Never put in the outbox: likes, solutions and reminders are told on the site only.
        Kind::Liked | Kind::SolutionAccepted | Kind::BookmarkReminder => {
            return skip("told on the site only");
        }
    };
    let unsubscribe = unsubscribe_path(
        &secret.unsubscribe,
        notification.user_id,
        MailStream::Notifications,
    );
    let reply_to = reply_address(
        &state.config,
        &secret.reply,
        notification.user_id,
        post.topic_id,
    );
    let why = Why {
        reason,
        unsubscribe,
        reply_to,
    };
    post_mail(conn, site, row, &post, &author, &why)
}

/// Composes the mail telling a member what a moderator did (`mail::notice`), as things stand
/// now: a sanction lifted meanwhile is not mailed.
fn moderation_mail(state: &AppState, site: &Site, row: &OutboxRow) -> anyhow::Result<Prepared> {
    let skip = |why: &str| Ok(Prepared::Skip(why.to_owned()));
    let mut conn = state.db.read_conn()?;
    let conn = &mut *conn;
    let Some(entry) = row
        .staff_log_id
        .map(|id| StaffLogEntry::find(conn, id))
        .transpose()?
        .flatten()
    else {
        return skip("the mail names no staff action");
    };
    let Some(member) = row.user_id.map(|id| User::find(conn, id)).transpose()? else {
        return skip("the mail names nobody");
    };
    if !member.mail_reaches() {
        return skip("the account was anonymised");
    }
    let post = row
        .post_id
        .map(|id| Post::find(conn, id).optional())
        .transpose()?
        .flatten()
        .map(|post| AboutPost {
            path: format!("/posts/{}", post.id.0),
            hidden: post.hidden_at.is_some(),
        });
    let cooldown = services::moderation::UNHIDE_EDIT_COOLDOWN;
    let notice = match notice::words(&entry, &member, post.as_ref(), crate::db::now(), cooldown) {
        Ok(notice) => notice,
        Err(why) => return skip(why),
    };
    let message = compose::moderation(
        site,
        &ModerationMail {
            to: &row.to_address,
            username: &member.username,
            subject: &notice.subject,
            paragraphs: &notice.paragraphs,
            link: (&notice.link_path, notice.link_words),
        },
    )?;
    Ok(Prepared::Send(message))
}

/// Whether `user` has had their day's worth of notification and mailing-list mail (their
/// own cap, or the site's if lower).
fn over_daily_cap(
    state: &AppState,
    conn: &mut AnyConnection,
    user: UserId,
    options: &UserOptions,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<bool> {
    let cap = i64::from(options.max_emails_per_day.unwrap_or(i32::MAX))
        .min(state.config.mail.max_per_day_per_user);
    let sent_today = Outbox::sent_to_since(
        conn,
        user,
        &[
            MailKind::Notification.as_str(),
            MailKind::MailingList.as_str(),
        ],
        now - chrono::Duration::days(1),
    )?;
    Ok(sent_today >= cap)
}

/// Why a post is mailed to someone, and the links that go with it.
struct Why {
    /// "ada replied to your post".
    reason: String,
    /// The one-click unsubscribe link for this kind of mail.
    unsubscribe: String,
    /// The reply-by-mail address, if replying by mail is on.
    reply_to: Option<String>,
}

/// Composes the mail of `post` for the row's recipient, threaded per topic.
fn post_mail(
    conn: &mut AnyConnection,
    site: &Site,
    row: &OutboxRow,
    post: &Post,
    author: &User,
    why: &Why,
) -> anyhow::Result<Prepared> {
    let Why {
        reason,
        unsubscribe,
        reply_to,
    } = why;
    let topic = Topic::find(conn, post.topic_id)?;
    let category = Category::find(conn, topic.category_id)?;
    let parent = category
        .parent_id
        .map(|id| Category::find(conn, id))
        .transpose()?;
    let Some(recipient) = row.user_id.map(|id| User::find(conn, id)).transpose()? else {
        return Ok(Prepared::Skip("the mail names nobody".into()));
    };
    let message = compose::post(
        site,
        &PostMail {
            to: &row.to_address,
            username: &recipient.username,
            reason,
            author: &author.username,
            topic_id: topic.id.0,
            topic_title: &topic.title,
            topic_slug: &topic.slug,
            category: (&category.name, parent.as_ref().map(|p| p.name.as_str())),
            category_slug: &category.slug,
            post_id: post.id.0,
            post_number: post.post_number,
            raw: &post.raw,
            cooked: &post.cooked,
            preferences_path: "/my/preferences",
            unsubscribe_path: Some(unsubscribe),
            reply_to: reply_to.as_deref(),
        },
    )?;
    Ok(Prepared::Send(message))
}

/// Composes a mailing-list mail (every new post of a chosen category) now, if the member
/// still wants it.
fn mailing_list_mail(
    state: &AppState,
    site: &Site,
    secret: &Secrets,
    row: &OutboxRow,
) -> anyhow::Result<Prepared> {
    let skip = |why: &str| Ok(Prepared::Skip(why.to_owned()));
    let mut conn = state.db.read_conn()?;
    let conn = &mut *conn;
    let (Some(user), Some(post_id)) = (row.user_id, row.post_id) else {
        return skip("the mail names no one or no post");
    };
    let options = UserOptions::find(conn, user)?;
    if !options.mailing_list_mode {
        return skip("they turned mailing-list mode off");
    }
    let now = crate::db::now();
    if over_daily_cap(state, conn, user, &options, now)? {
        return skip("their daily cap of notification mail was reached");
    }
    let Some(post) = Post::find(conn, post_id).optional()? else {
        return skip("the post is gone");
    };
    let author = User::find(conn, post.user_id)?;
    let reason = "you get every post in this category by mail (mailing-list mode)";
    let unsubscribe = unsubscribe_path(&secret.unsubscribe, user, MailStream::MailingList);
    let reply_to = reply_address(&state.config, &secret.reply, user, post.topic_id);
    let why = Why {
        reason: reason.to_owned(),
        unsubscribe,
        reply_to,
    };
    post_mail(conn, site, row, &post, &author, &why)
}
