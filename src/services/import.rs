//! Importing a community's history in bulk: whole topics with all their posts, many topics to a
//! transaction, written with multi-row inserts. The benchmark loader (`convene demo --posts N`)
//! writes a million posts this way in about a minute, where one reply at a time through
//! `post::reply` would take hours; an importer from Discourse would use it too.
//!
//! The rows are the ones the web writes: a topic with its final counts, and its posts numbered
//! from one. Every topic is recorded as an [`Event`] naming how many posts came with it, so the
//! rows later capabilities derive (search, notifications) follow imports as they follow the
//! web. Only the operator imports: the history names its authors and times, which no member
//! may claim.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use crate::auth::Guardian;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, TopicId, UserId};
use crate::models::post::{Body, NewPost};
use crate::models::topic::{NewTopic, Topic};
use crate::models::user::User;
use crate::services::{Event, ServiceError, Tx};

/// One post of an imported topic.
#[derive(Debug, Clone)]
pub struct ImportedPost<'a> {
    /// Who wrote it.
    pub author: UserId,
    /// Its Markdown, checked.
    pub body: &'a Body,
    /// Its HTML, cooked from `body` by the caller (outside the transaction).
    pub cooked: &'a str,
    /// When it was written; posts come in the order they were written.
    pub at: NaiveDateTime,
    /// The post it answers, by number.
    pub reply_to: Option<i32>,
}

/// A topic as it stands after its history: its title, category, first post and replies.
#[derive(Debug, Clone)]
pub struct ImportedTopic<'a> {
    /// The title, checked (`models::topic::check_title`).
    pub title: &'a str,
    /// Its category.
    pub category: CategoryId,
    /// The first post; its author started the topic.
    pub first: ImportedPost<'a>,
    /// The replies, in the order they were written.
    pub replies: Vec<ImportedPost<'a>>,
}

/// Posts per INSERT statement: 9 columns each, well under SQLite's 32,766 bound parameters.
const POSTS_PER_STATEMENT: usize = 500;

/// Writes `topics` with all their posts; returns their ids in order. For the operator only.
pub fn topics(
    tx: &mut Tx,
    guardian: &Guardian,
    topics: &[ImportedTopic],
) -> Result<Vec<TopicId>, ServiceError> {
    guardian.can_import()?;
    let mut ids = Vec::with_capacity(topics.len());
    for imported in topics {
        ids.push(topic(tx, imported)?);
    }
    Ok(ids)
}

/// One topic: its row with the counts its posts give it, then its posts.
fn topic(tx: &mut Tx, imported: &ImportedTopic) -> Result<TopicId, ServiceError> {
    let first = &imported.first;
    let last = imported.replies.last().unwrap_or(first);
    // A topic of more than i32::MAX posts cannot be built in memory first.
    let count = (imported.replies.len() + 1) as i32;
    let row = NewTopic {
        created_at: first.at,
        bumped_at: last.at,
        last_posted_at: last.at,
        last_poster_id: last.author,
        posts_count: count,
        highest_post_number: count,
        ..NewTopic::started(imported.title, imported.category, first.author, first.at)
    };
    let topic: Topic = row.insert(tx.conn())?;
    let posts: Vec<&ImportedPost> = std::iter::once(first).chain(&imported.replies).collect();
    for (chunk_index, chunk) in posts.chunks(POSTS_PER_STATEMENT).enumerate() {
        let base = chunk_index * POSTS_PER_STATEMENT;
        let rows: Vec<NewPost> = chunk
            .iter()
            .enumerate()
            .map(|(i, post)| {
                // Numbers follow the order given: 1 for the first post, and on.
                let number = (base + i + 1) as i32;
                NewPost::written(
                    topic.id,
                    number,
                    post.reply_to,
                    post.author,
                    post.body,
                    post.cooked,
                    post.at,
                )
            })
            .collect();
        NewPost::insert_many(tx.conn(), &rows)?;
    }
    // The counts the pages show, as a topic started and replied to one post at a time
    // would have kept them: one UPDATE per author, not per post, in id order (rows locked in
    // one order cannot deadlock against another import on PostgreSQL).
    Category::count_posts(
        tx.conn(),
        imported.category,
        1,
        i64::from(count),
        Some(last.at),
    )?;
    let mut by_author: BTreeMap<UserId, (i64, i64)> = BTreeMap::new();
    by_author.entry(first.author).or_default().0 = 1;
    for post in &posts {
        by_author.entry(post.author).or_default().1 += 1;
    }
    for (author, (topics, posts)) in by_author {
        User::count_posts(tx.conn(), author, topics, posts)?;
    }
    tx.record(Event::TopicImported {
        topic: topic.id,
        author: first.author,
        posts: count,
    })?;
    Ok(topic.id)
}
