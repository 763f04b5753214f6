//! The mail benchmark (issue #11), run by tests/bench/mail on a demo forum grown to a realistic
//! size. Two measurements, in this process, through the same code `convene serve` runs:
//!
//! 1. **A reply that notifies 1,000 watchers**: 1,000 members watch a category; replies there
//!    are created through the post service (one transaction with its notifications and outbox
//!    rows), and each is timed.
//! 2. **Digests for N subscribers**: N members take the weekly digest (time zones and category
//!    choices varied); the digest job composes and queues every one, then the delivery job
//!    hands them all to the SMTP server at SMTP_PORT (a local sink). Both are timed, and the
//!    process's peak resident memory is read after each phase.
//!
//! Usage: `mail_bench DATABASE_URL SMTP_PORT SUBSCRIBERS SCRATCH_DIR`.
//! Prints `name value unit` lines for the harness.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use convene::app::AppState;
use convene::auth::Guardian;
use convene::config::Config;
use convene::db::Db;
use convene::db::schema::{user_options, users};
use convene::models::category::Category;
use convene::models::digest::{Schedule, time_zone};
use convene::models::post::{Body, ReplyInput};
use convene::models::topic::Topic;
use convene::models::user::User;
use convene::models::user_option::DigestFrequency;
use convene::models::watching::Level;
use diesel::prelude::*;

/// Peak resident memory of this process so far, in MB (Linux's VmHWM).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, port, subscribers, scratch] = args.as_slice() else {
        anyhow::bail!("usage: mail_bench DATABASE_URL SMTP_PORT SUBSCRIBERS SCRATCH_DIR");
    };
    let subscribers: usize = subscribers.parse().context("SUBSCRIBERS")?;
    let mut config = Config::defaults()?;
    config.database.url = url.clone();
    config.mail.smtp_url = format!("smtp://127.0.0.1:{port}");
    config.mail.notification_delay_minutes = 0;
    if let Some(connections) = std::env::var("MAIL_BENCH_CONNECTIONS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        config.mail.connections = connections;
    }
    println!("connections {} SMTP connections", config.mail.connections);
    let config = Arc::new(config);
    let db = Db::connect(url, 4)?;
    db.migrate()?;

    // Members: one batch insert per 1,000, verified, as a real community's would be.
    let started = Instant::now();
    let zones = [
        "UTC",
        "Europe/Paris",
        "America/New_York",
        "America/Los_Angeles",
        "Asia/Kolkata",
        "Asia/Tokyo",
        "Australia/Sydney",
        "Europe/London",
    ];
    let now = convene::db::now();
    let hash = convene::auth::password::hash("bench password")?;
    let first_new: i64 = {
        let mut conn = db.write_conn()?;
        let max: Option<i64> = users::table
            .select(diesel::dsl::max(users::id))
            .first(&mut *conn)?;
        max.unwrap_or(0) + 1
    };
    for chunk_start in (0..subscribers).step_by(1000) {
        let chunk_end = (chunk_start + 1000).min(subscribers);
        let names: Vec<String> = (chunk_start..chunk_end)
            .map(|n| format!("reader{n}"))
            .collect();
        let emails: Vec<String> = names.iter().map(|n| format!("{n}@example.org")).collect();
        let rows: Vec<_> = names
            .iter()
            .zip(&emails)
            .map(|(name, email)| {
                (
                    users::username.eq(name),
                    users::username_lower.eq(name),
                    users::email.eq(email),
                    users::email_lower.eq(email),
                    users::name.eq(""),
                    users::password_hash.eq(&hash),
                    users::role.eq("user"),
                    users::created_at.eq(now),
                    users::email_verified_at.eq(Some(now)),
                )
            })
            .collect();
        let mut conn = db.write_conn()?;
        conn.transaction(|conn| {
            convene::with_conn!(conn, |c| diesel::insert_into(users::table)
                .values(&rows)
                .execute(c))?;
            let ids: Vec<i64> = users::table
                .filter(users::username.eq_any(&names))
                .select(users::id)
                .load(conn)?;
            let options: Vec<_> = ids
                .iter()
                .map(|&id| {
                    (
                        user_options::user_id.eq(id),
                        user_options::time_zone.eq(zones[(id as usize) % zones.len()]),
                    )
                })
                .collect();
            convene::with_conn!(conn, |c| diesel::insert_into(user_options::table)
                .values(&options)
                .execute(c))
        })?;
    }
    println!(
        "members_created {subscribers} members in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // 1. A reply that notifies 1,000 watchers.
    let categories = Category::all(&mut *db.read_conn()?)?;
    let category = categories
        .iter()
        .find(|c| !c.read_only)
        .context("a category anyone may post in")?;
    let watchers: Vec<User> = {
        let mut conn = db.read_conn()?;
        users::table
            .filter(users::id.ge(first_new))
            .order(users::id)
            .limit(1000)
            .select(User::as_select())
            .load(&mut *conn)?
    };
    for watcher in &watchers {
        let guardian = Guardian::for_user(watcher);
        let mut conn = db.write_conn()?;
        convene::services::run(&mut conn, |tx| {
            convene::services::notifications::watch_category(
                tx,
                &guardian,
                category.id,
                Level::Watching,
            )
        })?;
    }
    let topic: Topic = {
        let mut conn = db.read_conn()?;
        convene::db::schema::topics::table
            .filter(convene::db::schema::topics::category_id.eq(category.id))
            .order(convene::db::schema::topics::id.desc())
            .select(Topic::as_select())
            .first(&mut *conn)?
    };
    let author = &watchers[0];
    let guardian = Guardian::for_user(author);
    let mut timings = Vec::new();
    for n in 0..20 {
        let raw = format!("Reply {n} that {} watchers hear of.", watchers.len());
        let input = ReplyInput {
            topic: topic.id,
            body: Body::new(raw.clone(), 64 * 1024).map_err(|e| anyhow::anyhow!("{e}"))?,
            reply_to: None,
        };
        // Cooking happens before the transaction in the web handler too; timed apart.
        let cooked = convene::markdown::cook(&raw);
        let mut conn = db.write_conn()?;
        let started = Instant::now();
        convene::services::run(&mut conn, |tx| {
            convene::services::post::reply(tx, &guardian, &input, &cooked)
        })?;
        timings.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    timings.sort_by(f64::total_cmp);
    println!(
        "reply_1000_watchers p50 {:.1} ms, max {:.1} ms over {} replies",
        timings[timings.len() / 2],
        timings[timings.len() - 1],
        timings.len()
    );
    // Those notifications' mail is not part of the digest figure.
    {
        let mut conn = db.write_conn()?;
        diesel::delete(convene::db::schema::mail_outbox::table).execute(&mut *conn)?;
    }
    let before_digests = peak_mb();

    // 2. Digests: queue every one that is due, then hand them all to the SMTP server.
    let when = Schedule::of(&config)
        .in_progress(DigestFrequency::Weekly, time_zone("UTC"), now)
        .context("a period")?
        .end
        + chrono::Duration::hours(12);
    let started = Instant::now();
    let report = convene::jobs::digest::run(&db, &config, when, None, false)?;
    let queued_in = started.elapsed().as_secs_f64();
    println!(
        "digests_queued {} of {} subscribers in {queued_in:.1} s ({} empty, {} already); peak {:.0} MB",
        report.queued,
        report.subscribers,
        report.empty,
        report.already,
        peak_mb()
    );
    let search = convene::search::SearchIndex::open(std::path::Path::new(scratch))?;
    let state = AppState::new(Arc::clone(&config), db.clone(), search);
    let started = Instant::now();
    let mut sent = 0;
    loop {
        let delivered = convene::jobs::mail::deliver(&state)?;
        sent += delivered.sent;
        if delivered.sent + delivered.retrying + delivered.failed == 0 {
            break;
        }
        if delivered.retrying + delivered.failed > 0 {
            anyhow::bail!("delivery failed: {delivered:?}");
        }
    }
    let sent_in = started.elapsed().as_secs_f64();
    println!(
        "digests_sent {sent} in {sent_in:.1} s; total {:.1} s; peak {:.0} MB (before digests {before_digests:.0} MB)",
        queued_in + sent_in,
        peak_mb()
    );
    Ok(())
}
