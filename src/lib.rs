//! Convene: a self-hosted discussion forum for open-source scientific communities.
//!
//! The layers, top to bottom (dependencies only point down):
//!
//! - `routes/`: the URL table (`routes/mod.rs`) and one file of handlers per resource.
//! - `auth/`: passwords, tokens, CSRF, and extractors saying who may call a handler.
//! - `views/`: HTML (maud) and Discourse-shaped JSON; pure functions of data.
//! - `markdown`: the one place user HTML is made (comrak, then ammonia).
//! - `models/`: row types and queries, one file per resource.
//! - `db/`: the SQLite/PostgreSQL connection, pools, schema and migrations.
//!
//! `app` builds the server from `config`; `cli` holds the command line; `demo` loads a
//! sample community.

#![recursion_limit = "256"]

pub mod app;
pub mod assets;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod jobs;
pub mod markdown;
pub mod models;
pub mod routes;
pub mod views;
