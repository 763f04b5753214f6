//! The integration suite: one binary that drives the real app over HTTP on 127.0.0.1.
//! Every test gets its own database: a temporary SQLite file by default, or a fresh
//! PostgreSQL database when CONVENE_TEST_POSTGRES_URL is set (see README).

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot get what it needs should fail loudly"
)]

mod api;
mod api_endpoints;
mod api_keys;
mod api_requests;
mod api_snapshots;
mod architecture;
mod auth;
mod authorisation;
mod backup;
mod bookmarks;
mod category;
mod cli;
mod contract;
mod digest;
mod feeds;
mod fuzz_inputs;
mod groups;
mod jobs;
mod likes;
mod mail;
mod mailing_list;
mod markdown;
mod moderation;
mod notifications;
mod polls;
mod post;
mod preferences;
mod proposals;
mod reading;
mod reliability;
mod reply_by_mail;
mod schema;
mod search;
mod search_nodes;
mod shutdown;
mod site;
mod smtp;
mod solutions;
mod staff_tools;
mod support;
mod tags;
mod topic;
mod unsubscribe;
mod watched_words;
