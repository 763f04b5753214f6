//! Convene: a self-hosted discussion forum for open-source scientific communities.
//!
//! The layers, top to bottom. A module may use the modules on the lines below its own, never
//! those on its line or above (a test reads this block and checks every `crate::` path in
//! `src/` against it; `docs/architecture.md` says what each layer is for):
//!
//! ```text
//! cli
//! web
//! routes jobs
//! demo error
//! views api
//! app messages
//! services search
//! auth markdown mail spec_repository reading metrics backup
//! models
//! db
//! config assets
//! compression
//! ```
//!
//! - `cli`: the command line (`main.rs` only parses and hands over).
//! - `web`: the HTTP shell: server assembly and middleware (CSRF, error pages, page cache).
//! - `routes`: the URL table and thin handlers; who is asking (`routes::context`).
//! - `jobs`: background work on a schedule, on every node or once across nodes.
//! - `demo`: the sample community; `error`: `AppError`, HTTP's view of every failure.
//! - `views`: HTML pages (maud); `api`: Discourse-shaped JSON. Pure functions of data.
//! - `app`: `AppState`, what the forum runs on; `messages`: every sentence said to people.
//! - `services`: one function per use-case, each one transaction with all the rows it causes.
//! - `search`: the full-text index each node keeps, following the `search_changes` feed.
//! - `auth`: the guardian (every permission question), passwords, tokens;
//!   `markdown`: the one place user HTML is made (comrak, then ammonia);
//!   `mail`: composing messages and handing them to SMTP or to `.eml` files;
//!   `spec_repository`: reading a SPEC repository's front matter (`convene proposals import`);
//!   `reading`: each node's buffer of reads and views, written in batches by a job;
//!   `metrics`: each node's request counters for `/metrics`;
//!   `backup`: consistent snapshots and their restoration (`convene backup`, `restore`).
//! - `models`: row types, input checks and queries, one file per resource.
//! - `db`: the SQLite/PostgreSQL connection, pools, schema and migrations.
//! - `config`: settings; `assets`: the embedded stylesheet and icon.
//! - `compression`: gzip for response bodies (libdeflate) and `Accept-Encoding`.

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod assets;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod compression;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod jobs;
pub mod mail;
pub mod markdown;
pub mod messages;
pub mod metrics;
pub mod models;
pub mod reading;
pub mod routes;
pub mod search;
pub mod services;
pub mod spec_repository;
pub mod views;
pub mod web;
