//! The write path: one function per use-case (start a topic, reply, edit, create a category,
//! sign up, …). Each takes who is acting (a [`Guardian`](crate::auth::Guardian)), input already
//! checked field by field, and HTML already cooked, and runs in one [`Tx`]: it re-checks
//! permission inside the transaction, writes its rows, and records an [`Event`] for each thing
//! that happened, whose derived rows (`effects`) are written in the same transaction.
//!
//! Handlers, JSON routes, the command line, the demo loader, the jobs and the test builders
//! all write through here; nothing else inserts or updates a forum row. Expensive work that
//! needs no connection (rendering Markdown, hashing passwords) happens before a `Tx` begins,
//! since on SQLite every other writer waits while one is open.

pub mod account;
pub mod api_key;
pub mod bookmarks;
pub mod category;
pub mod effects;
mod error;
pub mod import;
pub mod likes;
pub mod mail;
pub mod moderation;
pub mod move_posts;
pub mod notifications;
mod notify;
pub mod pace;
pub mod polls;
pub mod post;
pub mod projects;
pub mod proposals;
pub mod queue;
pub mod reading;
pub mod rebake;
pub mod session;
pub mod solutions;
pub mod spec_import;
pub mod tags;
pub mod topic;
pub mod user_notes;
pub mod watched_words;

use chrono::NaiveDateTime;

use crate::db::AnyConnection;

pub use effects::Event;
pub use error::{
    Blocked, Clash, Found, Limit, Limited, Missing, Pace, Present, ServiceError, TagProblem,
    TagRefused, Window, Writing,
};

/// A write in progress: a connection inside its transaction, the time the write happens at
/// (every row it stamps gets the same one), and the events recorded so far.
pub struct Tx<'c> {
    conn: &'c mut AnyConnection,
    now: NaiveDateTime,
    events: Vec<Event>,
}

impl Tx<'_> {
    /// The connection, for the model statements the use-case composes.
    pub fn conn(&mut self) -> &mut AnyConnection {
        self.conn
    }

    /// When this write happens.
    pub fn now(&self) -> NaiveDateTime {
        self.now
    }

    /// Records that `event` happened, writing the rows derived from it in this transaction.
    pub fn record(&mut self, event: Event) -> Result<(), ServiceError> {
        effects::apply(self.conn, &event, self.now)?;
        self.events.push(event);
        Ok(())
    }
}

/// Runs a use-case in one transaction, now. Nothing is written unless `f` returns `Ok`.
pub fn run<T>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut Tx) -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    run_at(conn, crate::db::now(), f)
}

/// [`run`] at a given time: the demo loader writes a community's history this way.
pub fn run_at<T>(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    f: impl FnOnce(&mut Tx) -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    let (value, events) = crate::db::write_transaction(conn, |conn| {
        let mut tx = Tx {
            conn,
            now,
            events: Vec::new(),
        };
        let value = f(&mut tx)?;
        Ok::<_, ServiceError>((value, tx.events))
    })?;
    // After the commit: a node wakes its own jobs (the search indexer, later the mail sender)
    // for what just happened, rather than waiting for their next poll.
    for event in &events {
        tracing::debug!(?event, "committed");
    }
    if events.iter().any(Event::changes_search) {
        crate::models::search_change::DOORBELL.ring();
    }
    Ok(value)
}
