//! What a viewer may see of topics and posts: decided by the guardian
//! (`auth::guardian::Guardian::visibility`), passed to every query that lists topics or
//! posts or reads one by id, and applied there, once, rather than remembered in each handler.
//!
//! The rules, for everyone but staff:
//! - a deleted post or topic is gone (staff still see it, marked);
//! - an unlisted topic is left out of lists and post feeds, and reachable by its link;
//! - a hidden post keeps its place in its topic, with its words withheld (the page shows a
//!   notice), except from its author; lists of posts leave it out.

use crate::models::ids::UserId;
use crate::models::post::{Post, PostWithAuthor};
use crate::models::user::UserSummary;

/// Who is looking, as far as seeing things is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visibility {
    /// Staff see everything, including what is hidden from others.
    pub staff: bool,
    /// The signed-in viewer, who sees their own hidden posts.
    pub viewer: Option<UserId>,
}

impl Visibility {
    /// What someone who is not signed in sees.
    pub const ANONYMOUS: Visibility = Visibility {
        staff: false,
        viewer: None,
    };

    /// What the staff see: everything.
    pub const EVERYTHING: Visibility = Visibility {
        staff: true,
        viewer: None,
    };

    /// Whether deleted posts and topics, and unlisted topics in lists, are shown.
    pub fn sees_removed(&self) -> bool {
        self.staff
    }

    /// Whether the words of `post`, if hidden, are shown: to staff and its author.
    pub fn sees_hidden(&self, post: &Post) -> bool {
        self.staff || self.viewer == Some(post.user_id)
    }

    /// Empties a hidden post's words for a viewer who may not read them, so no page or JSON
    /// built from it can show them.
    pub fn withhold_hidden(&self, post: &mut Post) {
        if post.hidden_at.is_some() && !self.sees_hidden(post) {
            post.raw.clear();
            post.cooked.clear();
        }
    }

    /// Rows of a topic's posts, with hidden words withheld.
    pub(crate) fn withheld(&self, rows: Vec<(Post, UserSummary)>) -> Vec<PostWithAuthor> {
        rows.into_iter()
            .map(|(mut post, author)| {
                self.withhold_hidden(&mut post);
                PostWithAuthor { post, author }
            })
            .collect()
    }
}
