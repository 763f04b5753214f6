//! Newtype ids, so a topic id cannot be passed where a post id is meant.

use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(DieselNewType, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A user's id.
    UserId,
    /// A category's id.
    CategoryId,
    /// A topic's id.
    TopicId,
    /// A post's id.
    PostId,
    /// A notification's id.
    NotificationId,
    /// A review-queue item's id.
    ReviewableId,
    /// A group's id.
    GroupId,
    /// A project's id.
    ProjectId,
    /// A bookmark's id.
    BookmarkId,
    /// A tag's id.
    TagId,
    /// A tag group's id.
    TagGroupId,
    /// A poll's id.
    PollId,
);
