//! What a viewer may see of topics and posts: decided by the guardian
//! (`auth::guardian::Guardian::visibility`), passed to every query that lists topics or
//! posts or reads one by id.
//!
//! Nothing can be hidden yet, so the queries have no filter to apply. When moderation adds
//! hidden, deleted or unlisted topics and posts, their filter is written once here and applied
//! by those queries, rather than remembered in each handler.

use crate::models::ids::UserId;

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
}
