//! Digests, once across all nodes: every few minutes, each subscriber whose period has ended
//! (at the site's weekday and hour in their own time zone) and whose digest is not yet in the
//! outbox gets one, composed now and queued under the key `digest:{user}:{period}`, which the
//! outbox holds once however many nodes or runs try. The delivery job sends them. Also run by
//! hand: `convene digest send [--dry-run] [--user NAME]`.
//!
//! Work is streamed in batches of [`BATCH`] subscribers: what a run holds in memory is what
//! it read once (the period's topics and posts, every subscriber's choices) plus one batch of
//! composed messages, whatever the number of subscribers.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;

use crate::auth::signed::unsubscribe_path;
use crate::config::Config;
use crate::db::Db;
use crate::jobs::{Job, Runs};
use crate::mail::compose::{self, DigestMail, Site};
use crate::models::digest::{self, Schedule, Sources, Subscriber, time_zone};
use crate::models::ids::UserId;
use crate::models::mail_outbox::MailKind;
use crate::models::user_option::MailStream;
use crate::services::{self, mail::ComposedMail};

/// Subscribers composed and queued per transaction.
pub const BATCH: usize = 500;

/// A period whose digest could not leave within this long after it ended is skipped (the
/// forum was down): the next period's digest comes instead.
const LATE_AFTER: chrono::Duration = chrono::Duration::days(1);

/// The digest job.
pub fn job() -> Job {
    Job {
        name: "digest",
        every: Duration::from_secs(5 * 60),
        runs: Runs::OnceAcrossNodes {
            lease: Duration::from_secs(30 * 60),
        },
        work: Arc::new(|state| {
            let report = run(&state.db, &state.config, crate::db::now(), None, false)?;
            if report.queued > 0 {
                tracing::info!(?report, "queued digests");
            }
            Ok(())
        }),
    }
}

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DigestReport {
    /// Subscribers looked at.
    pub subscribers: usize,
    /// Digests composed and queued (or, in a dry run, that would be).
    pub queued: usize,
    /// Already in the outbox for their latest period.
    pub already: usize,
    /// Nothing new in their categories: no digest.
    pub empty: usize,
}

/// The words a digest quotes from a topic's first post.
fn excerpt(cooked: &str) -> String {
    crate::markdown::excerpt(cooked, digest::EXCERPT_CHARS)
}

/// The web view of `username`'s digest for `period_key`.
pub fn web_path(username: &str, period_key: &str) -> String {
    format!("/u/{username}/digest/{period_key}")
}

/// Queues the digest of every subscriber (or only `only`) whose period has ended by `now`
/// and is not queued yet. A dry run composes them and counts, but queues nothing.
pub fn run(
    db: &Db,
    config: &Config,
    now: NaiveDateTime,
    only: Option<UserId>,
    dry_run: bool,
) -> anyhow::Result<DigestReport> {
    let schedule = Schedule::of(config);
    let site = Site::from_config(config);
    // A week and a day back covers every weekly period in every time zone.
    let since = now - chrono::Duration::days(8) - chrono::Duration::hours(14);
    let (subscribers, mut sources, queued_already) = {
        let mut conn = db.read_conn()?;
        (
            Subscriber::all(&mut conn, only)?,
            Sources::load(
                &mut conn,
                since,
                only,
                excerpt,
                &config.proposals.number_prefix,
            )?,
            digest::keys_since(&mut conn, since)?,
        )
    };
    let secret = {
        let candidate = crate::auth::token::generate()?;
        let mut conn = db.write_conn()?;
        services::run(&mut conn, |tx| {
            services::mail::signing_secret(tx, &candidate)
        })?
    };
    let mut report = DigestReport {
        subscribers: subscribers.len(),
        ..DigestReport::default()
    };
    for batch in subscribers.chunks(BATCH) {
        let mut mails = Vec::with_capacity(batch.len());
        for subscriber in batch {
            let tz = time_zone(&subscriber.time_zone);
            let Some(period) = schedule.last_ended(subscriber.frequency, tz, now) else {
                continue;
            };
            if now - period.end > LATE_AFTER {
                continue;
            }
            let key = digest::outbox_key(subscriber.user_id, &period);
            if queued_already.contains(&key) {
                report.already += 1;
                continue;
            }
            let digest = sources.digest_for(subscriber, period);
            if digest.is_empty() {
                report.empty += 1;
                continue;
            }
            let unsubscribe = unsubscribe_path(&secret, subscriber.user_id, MailStream::Digest);
            let message = compose::digest(
                &site,
                &DigestMail {
                    to: &subscriber.email,
                    username: &subscriber.username,
                    digest: &digest,
                    web_path: &web_path(&subscriber.username, &digest.period.key),
                    preferences_path: "/my/preferences",
                    unsubscribe_path: Some(&unsubscribe),
                },
            );
            match message {
                Ok(message) => mails.push(ComposedMail {
                    key,
                    user: subscriber.user_id,
                    to: subscriber.email.clone(),
                    message,
                }),
                Err(error) => {
                    tracing::warn!(user = %subscriber.user_id, %error, "could not compose a digest");
                }
            }
        }
        if dry_run {
            report.queued += mails.len();
            continue;
        }
        let mut conn = db.write_conn()?;
        report.queued += services::run(&mut conn, |tx| {
            services::mail::queue_composed(tx, MailKind::Digest, mails)
        })?;
    }
    Ok(report)
}
