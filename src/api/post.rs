//! Posts as Discourse's JSON has them. Four documented shapes share one core: a post in a
//! topic's stream (`getTopic`), a post on its own (`getPost`), and a post just saved
//! (`createTopicPostPM`, and `updatePost` inside `{"post": …}`).

use serde::Serialize;

use crate::api::{NoneYet, avatar_template, json_time};
use crate::models::ids::{PostId, TopicId, UserId};
pub use crate::models::like::Liking;
use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::models::user::{Role, UserSummary};

/// What every shape of a post says.
#[derive(Debug, Serialize)]
pub struct PostCore {
    /// Id.
    pub id: PostId,
    /// The author's display name (may be empty).
    pub name: String,
    /// The author's username.
    pub username: String,
    /// The author's avatar, `{size}` for clients to fill in.
    pub avatar_template: String,
    /// When it was written.
    pub created_at: String,
    /// Its HTML.
    pub cooked: String,
    /// Its place in the topic, from 1.
    pub post_number: i32,
    /// 1: a regular post.
    pub post_type: i32,
    /// When it last changed.
    pub updated_at: String,
    /// Replies to it: not counted yet.
    pub reply_count: i32,
    /// The post it answers.
    pub reply_to_post_number: Option<i32>,
    /// Quotes of it: not counted yet.
    pub quote_count: i32,
    /// Links to it from elsewhere: not counted yet.
    pub incoming_link_count: i32,
    /// Reads: not counted yet.
    pub reads: i32,
    /// Readers: not counted yet.
    pub readers_count: i32,
    /// Its score: not computed yet.
    pub score: f64,
    /// Whether the viewer wrote it.
    pub yours: bool,
    /// Its topic.
    pub topic_id: TopicId,
    /// Its topic's slug.
    pub topic_slug: String,
    /// The author's name as displayed.
    pub display_username: String,
    /// The author's primary group: none.
    pub primary_group_name: Option<String>,
    /// Flair: none.
    pub flair_name: Option<String>,
    /// Flair: none.
    pub flair_url: Option<String>,
    /// Flair: none.
    pub flair_bg_color: Option<String>,
    /// Flair: none.
    pub flair_color: Option<String>,
    /// 1, plus one per edit.
    pub version: i32,
    /// Whether the viewer may edit it.
    pub can_edit: bool,
    /// Deleting: not yet.
    pub can_delete: bool,
    /// Recovering: not yet.
    pub can_recover: bool,
    /// Hidden posts: not yet.
    pub can_see_hidden_post: bool,
    /// Wikis: not yet.
    pub can_wiki: bool,
    /// The author's title: none.
    pub user_title: Option<String>,
    /// Bookmarked by the viewer (told on the topic's own JSON; false elsewhere).
    pub bookmarked: bool,
    /// Likes (Discourse's action type 2): how many, and whether the viewer liked it, may
    /// take it back or may like it ([`ActionSummary`]). Flags are not summarised here.
    pub actions_summary: Vec<ActionSummary>,
    /// The author is a moderator.
    pub moderator: bool,
    /// The author is an admin.
    pub admin: bool,
    /// The author is staff.
    pub staff: bool,
    /// The author.
    pub user_id: UserId,
    /// Hidden by flags: not yet.
    pub hidden: bool,
    /// The author's trust level: 1 until trust levels exist.
    pub trust_level: i32,
    /// Deleted: not yet.
    pub deleted_at: Option<String>,
    /// Deleted author: not yet.
    pub user_deleted: bool,
    /// Why the latest edit was made.
    pub edit_reason: Option<String>,
    /// Whether the history can be read (always: `/posts/{id}/revisions`).
    pub can_view_edit_history: bool,
    /// Wikis: not yet.
    pub wiki: bool,
    /// Review queue item: none yet.
    pub reviewable_id: Option<i64>,
    /// Flags waiting: not yet.
    pub reviewable_score_count: i32,
    /// Flags pending: not yet.
    pub reviewable_score_pending_count: i32,
}

impl PostCore {
    /// The core of `post` by `author` in `topic`, as `viewer` sees it; `can_edit` is the
    /// guardian's answer for them.
    pub fn new(
        post: &Post,
        author: &UserSummary,
        topic: &Topic,
        viewer: Option<UserId>,
        can_edit: bool,
    ) -> PostCore {
        PostCore {
            id: post.id,
            name: author.name.clone(),
            username: author.username.clone(),
            avatar_template: avatar_template(&author.username),
            created_at: json_time(post.created_at),
            cooked: post.cooked.clone(),
            post_number: post.post_number,
            post_type: 1,
            updated_at: json_time(post.updated_at),
            reply_count: 0,
            reply_to_post_number: post.reply_to_post_number,
            quote_count: 0,
            incoming_link_count: 0,
            reads: 0,
            readers_count: 0,
            score: 0.0,
            yours: viewer == Some(post.user_id),
            topic_id: topic.id,
            topic_slug: topic.slug.clone(),
            display_username: author.name.clone(),
            primary_group_name: None,
            flair_name: None,
            flair_url: None,
            flair_bg_color: None,
            flair_color: None,
            version: post.version,
            can_edit,
            can_delete: false,
            can_recover: false,
            can_see_hidden_post: false,
            can_wiki: false,
            user_title: None,
            bookmarked: false,
            actions_summary: ActionSummary::likes(post.like_count, Liking::default()),
            moderator: author.role == Role::Moderator,
            admin: author.role == Role::Admin,
            staff: author.role.is_staff(),
            user_id: post.user_id,
            hidden: post.hidden_at.is_some(),
            trust_level: 1,
            deleted_at: post.deleted_at.map(json_time),
            user_deleted: false,
            edit_reason: post.edit_reason.clone(),
            can_view_edit_history: true,
            wiki: false,
            reviewable_id: None,
            reviewable_score_count: 0,
            reviewable_score_pending_count: 0,
        }
    }
}

/// A post in a topic's `post_stream.posts`.
#[derive(Debug, Serialize)]
pub struct StreamPost {
    /// What every post says.
    #[serde(flatten)]
    pub core: PostCore,
    /// Links in it and their clicks: not counted yet.
    pub link_counts: NoneYet,
    /// Read by the viewer: read tracking is not kept yet, so everything counts as read.
    pub read: bool,
}

impl StreamPost {
    /// The post as a topic's stream shows it.
    pub fn new(core: PostCore) -> StreamPost {
        StreamPost {
            core,
            link_counts: [],
            read: true,
        }
    }
}

/// Discourse's number for a like among post actions.
pub const LIKE_ACTION: i32 = 2;

fn is_false(value: &bool) -> bool {
    !*value
}

/// One entry of a post's `actions_summary`. As Discourse's PostSerializer does, an entry is
/// sent for an action with a count or one the viewer may take, each field only when it says
/// something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionSummary {
    /// The action type (2: like).
    pub id: i32,
    /// How many took it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<i32>,
    /// The viewer took it.
    #[serde(skip_serializing_if = "is_false")]
    pub acted: bool,
    /// The viewer may undo it.
    #[serde(skip_serializing_if = "is_false")]
    pub can_undo: bool,
    /// The viewer may take it.
    #[serde(skip_serializing_if = "is_false")]
    pub can_act: bool,
}

impl ActionSummary {
    /// The like entry for a post with `count` likes, as `viewer` stands (none when it would
    /// say nothing).
    pub fn likes(count: i32, viewer: Liking) -> Vec<ActionSummary> {
        let entry = ActionSummary {
            id: LIKE_ACTION,
            count: (count > 0).then_some(count),
            acted: viewer.acted,
            can_undo: viewer.can_undo,
            can_act: viewer.can_act,
        };
        if entry.count.is_none() && !entry.acted && !entry.can_act {
            return Vec::new();
        }
        vec![entry]
    }
}

impl PostCore {
    /// The same post, with the viewer's standing toward liking it.
    pub fn liking(mut self, like_count: i32, viewer: Liking) -> PostCore {
        self.actions_summary = ActionSummary::likes(like_count, viewer);
        self
    }
}

/// `GET /posts/{id}.json` (`getPost`): a post with its Markdown.
#[derive(Debug, Serialize)]
pub struct PostResponse {
    /// What every post says.
    #[serde(flatten)]
    pub core: PostCore,
    /// Its Markdown.
    pub raw: String,
    /// Posts in its topic.
    pub posts_count: i32,
    /// Its address.
    pub post_url: String,
}

impl PostResponse {
    /// The post, with its Markdown, in `topic`.
    pub fn new(core: PostCore, post: &Post, topic: &Topic) -> PostResponse {
        PostResponse {
            raw: post.raw.clone(),
            posts_count: topic.posts_count,
            post_url: topic.post_url(post.post_number),
            core,
        }
    }
}

/// A post just saved: the answer to `POST /posts` (`createTopicPostPM`), and inside
/// `{"post": …}` the answer to `PUT /posts/{id}` (`updatePost`).
#[derive(Debug, Serialize)]
pub struct SavedPost {
    /// What every post says.
    #[serde(flatten)]
    pub core: PostCore,
    /// Its Markdown.
    pub raw: String,
    /// Posts in its topic.
    pub posts_count: i32,
    /// Its address.
    pub post_url: String,
    /// The draft sequence: drafts live in the browser only.
    pub draft_sequence: i32,
}

impl SavedPost {
    /// The post just saved in `topic`.
    pub fn new(core: PostCore, post: &Post, topic: &Topic) -> SavedPost {
        SavedPost {
            raw: post.raw.clone(),
            posts_count: topic.posts_count,
            post_url: topic.post_url(post.post_number),
            draft_sequence: 0,
            core,
        }
    }
}

/// The answer to `POST /posts` when the post waits for approval (Discourse's
/// `NewPostResult` with `action: "enqueued"`): the pending post instead of a post.
#[derive(Debug, Serialize)]
pub struct EnqueuedPost {
    /// Always true: the post was accepted, to be reviewed.
    pub success: bool,
    /// `"enqueued"`.
    pub action: &'static str,
    /// What waits.
    pub pending_post: PendingPost,
    /// How many of the author's posts wait now.
    pub pending_count: i64,
    /// Why it waits, for people.
    pub message: String,
}

/// A post waiting for approval, as its author sees it.
#[derive(Debug, Serialize)]
pub struct PendingPost {
    /// The review item's id.
    pub id: i64,
    /// Its Markdown.
    pub raw: String,
    /// Its HTML as it will be published.
    pub cooked: String,
    /// The topic it replies to (`null` for a new topic).
    pub topic_id: Option<i64>,
    /// A new topic's title.
    pub title: Option<String>,
    /// A new topic's category.
    pub category_id: Option<i64>,
    /// When it was sent.
    pub created_at: String,
}

impl EnqueuedPost {
    /// For `queued`, with the author's count of waiting posts.
    pub fn new(
        queued: &crate::models::queued_post::QueuedPost,
        pending_count: i64,
    ) -> EnqueuedPost {
        EnqueuedPost {
            success: true,
            action: "enqueued",
            pending_post: PendingPost {
                id: queued.reviewable_id.0,
                raw: queued.raw.clone(),
                cooked: queued.cooked.clone(),
                topic_id: queued.topic_id.map(|t| t.0),
                title: queued.title.clone(),
                category_id: queued.category_id.map(|c| c.0),
                created_at: crate::api::json_time(queued.created_at),
            },
            pending_count,
            message: format!(
                "Your post will appear once a moderator approves it. {}",
                queued.reason().explain()
            ),
        }
    }
}

/// `PUT /posts/{id}` (`updatePost`).
#[derive(Debug, Serialize)]
pub struct UpdatedPostResponse {
    /// The post as saved.
    pub post: SavedPost,
}

/// `GET /posts.json` (`listPosts`): the latest posts anywhere.
#[derive(Debug, Serialize)]
pub struct LatestPostsResponse {
    /// Newest first.
    pub latest_posts: Vec<LatestPost>,
}

/// A post in the latest-posts list: the post with its topic's title and its Markdown.
#[derive(Debug, Serialize)]
pub struct LatestPost {
    /// What every post says.
    #[serde(flatten)]
    pub core: PostCore,
    /// Posts in its topic.
    pub posts_count: i32,
    /// Its topic's title.
    pub topic_title: String,
    /// Its topic's title as HTML (the same text).
    pub topic_html_title: String,
    /// Its topic's category.
    pub category_id: crate::models::ids::CategoryId,
    /// Flair: none.
    pub flair_group_id: Option<String>,
    /// Badges granted for it: none.
    pub badges_granted: NoneYet,
    /// Its Markdown.
    pub raw: String,
    /// Its text, shortened.
    pub excerpt: String,
    /// Whether the excerpt is shortened.
    pub truncated: bool,
    /// Its address.
    pub post_url: String,
}

/// Characters in a latest post's excerpt.
const EXCERPT_CHARS: usize = 300;

impl LatestPost {
    /// The post in `topic`, for the latest-posts list.
    pub fn new(core: PostCore, post: &Post, topic: &Topic) -> LatestPost {
        let excerpt = crate::markdown::excerpt(&post.cooked, EXCERPT_CHARS);
        LatestPost {
            posts_count: topic.posts_count,
            topic_title: topic.title.clone(),
            topic_html_title: topic.title.clone(),
            category_id: topic.category_id,
            flair_group_id: None,
            badges_granted: [],
            raw: post.raw.clone(),
            truncated: excerpt.ends_with('…'),
            excerpt,
            post_url: topic.post_url(post.post_number),
            core,
        }
    }
}

/// A reply, in `GET /posts/{id}/replies.json` (`postReplies`).
#[derive(Debug, Serialize)]
pub struct ReplyPost {
    /// What every post says.
    #[serde(flatten)]
    pub core: PostCore,
    /// Posts in its topic.
    pub posts_count: i32,
    /// Who wrote the post it answers.
    pub reply_to_user: ReplyToUser,
    /// Its address.
    pub post_url: String,
}

/// The author of the post a reply answers.
#[derive(Debug, Serialize)]
pub struct ReplyToUser {
    /// Username.
    pub username: String,
    /// Display name.
    pub name: String,
    /// Avatar.
    pub avatar_template: String,
}

impl ReplyPost {
    /// A reply in `topic` to a post by `replied_to`.
    pub fn new(core: PostCore, post: &Post, topic: &Topic, replied_to: &UserSummary) -> ReplyPost {
        ReplyPost {
            posts_count: topic.posts_count,
            reply_to_user: ReplyToUser {
                username: replied_to.username.clone(),
                name: replied_to.name.clone(),
                avatar_template: avatar_template(&replied_to.username),
            },
            post_url: topic.post_url(post.post_number),
            core,
        }
    }
}
