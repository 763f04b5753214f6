//! JSON answers in Discourse's shapes (`shared/reference/discourse-api.md`), so tools written
//! for Discourse keep working. Like `views`, these are pure functions of data with permissions
//! already answered; the route that shows a page answers with these for `.json` or
//! `Accept: application/json`. A capability that adds JSON adds its builders here, one file
//! per resource.

pub mod category;
pub mod post;
pub mod topic;
pub mod user;

use std::sync::LazyLock;

use chrono::NaiveDateTime;
use chrono::format::{Item, StrftimeItems};

/// Parsed once: chrono otherwise re-parses a format string on every use.
static JSON_TIME: LazyLock<Vec<Item<'static>>> =
    LazyLock::new(|| StrftimeItems::new("%Y-%m-%dT%H:%M:%S%.3fZ").collect());

/// A timestamp as Discourse's JSON writes it: UTC with milliseconds, `Z` suffix.
pub fn json_time(at: NaiveDateTime) -> String {
    at.format_with_items(JSON_TIME.iter()).to_string()
}

/// Discourse's `avatar_template` for a user; `{size}` is filled in by clients.
pub fn avatar_template(username: &str) -> String {
    format!("/letter_avatar/{username}/{{size}}/1.png")
}
