//! JSON answers in Discourse's shapes (`shared/reference/discourse-api.md`), so tools written
//! for Discourse keep working. Like `views`, these are pure functions of data with permissions
//! already answered; the route that shows a page answers with these for `.json` or
//! `Accept: application/json`. A capability that adds JSON adds its builders here, one file
//! per resource.

pub mod category;
pub mod error;
pub mod feed;
pub mod moderation;
pub mod notification;
pub mod poll;
pub mod post;
pub mod proposals;
pub mod search;
pub mod site;
pub mod tag;
pub mod topic;
pub mod topic_list;
pub mod user;

use std::sync::LazyLock;

use chrono::NaiveDateTime;
use chrono::format::{Item, StrftimeItems};
use serde::Serialize;

use crate::models::ids::UserId;
use crate::models::user::UserSummary;

/// Parsed once: chrono otherwise re-parses a format string on every use.
static JSON_TIME: LazyLock<Vec<Item<'static>>> =
    LazyLock::new(|| StrftimeItems::new("%Y-%m-%dT%H:%M:%S%.3fZ").collect());

/// A timestamp as Discourse's JSON writes it: UTC with milliseconds, `Z` suffix.
pub fn json_time(at: NaiveDateTime) -> String {
    at.format_with_items(JSON_TIME.iter()).to_string()
}

/// Discourse's `avatar_template` for a user; `{size}` is filled in by clients.
pub fn avatar_template(username: &str) -> String {
    crate::models::user::avatar_path(username, "{size}")
}

/// A list Discourse sends and Convene has nothing for yet (groups, tags): always `[]`.
pub type NoneYet = [(); 0];

/// An empty JSON object (`{}`), for objects Discourse sends that Convene has nothing for.
#[derive(Debug, Serialize)]
pub struct Empty {}

/// Someone as lists name them: `users[]` beside topic lists, `created_by`, `last_poster`.
#[derive(Debug, Clone, Serialize)]
pub struct BasicUser {
    /// Id.
    pub id: UserId,
    /// Username.
    pub username: String,
    /// Display name (may be empty).
    pub name: String,
    /// Where their avatar is, with `{size}` for clients to fill in.
    pub avatar_template: String,
}

impl From<&UserSummary> for BasicUser {
    fn from(user: &UserSummary) -> Self {
        BasicUser {
            id: user.id,
            username: user.username.clone(),
            name: user.name.clone(),
            avatar_template: avatar_template(&user.username),
        }
    }
}
