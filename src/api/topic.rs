//! A topic as Discourse's JSON has it (`GET /t/{id}.json`, `getTopic`), and a window of its
//! posts (`GET /t/{id}/posts.json`, `getSpecificPostsFromTopic`).

use std::collections::HashSet;

use serde::Serialize;

use crate::api::post::{PostCore, StreamPost};
use crate::api::{BasicUser, Empty, NoneYet, avatar_template, json_time};
use crate::models::ids::{CategoryId, PostId, TopicId, UserId};
use crate::models::post::PostWithAuthor;
use crate::models::topic::Topic;
use crate::models::user::{Role, UserSummary};

/// Everything a topic's JSON shows, with the viewer's permissions already answered.
#[derive(Clone, Copy)]
pub struct TopicView<'a> {
    /// The topic.
    pub topic: &'a Topic,
    /// The viewer's standing toward liking each post shown (none for visitors).
    pub likings:
        &'a std::collections::HashMap<crate::models::ids::PostId, crate::models::like::Liking>,
    /// The posts shown that the viewer bookmarked (`None` for visitors).
    pub bookmarked: Option<&'a HashSet<PostId>>,
    /// This chunk of its posts.
    pub posts: &'a [PostWithAuthor],
    /// The ids of all its posts, in order.
    pub stream: &'a [PostId],
    /// Who started it.
    pub creator: &'a UserSummary,
    /// Who posted last.
    pub last_poster: &'a UserSummary,
    /// Who is looking.
    pub viewer: Option<UserId>,
    /// The posts in this chunk they may edit.
    pub editable: &'a HashSet<PostId>,
    /// Whether they may reply.
    pub can_create_post: bool,
    /// Whether they may use the topic tools (close, pin, rename).
    pub can_moderate: bool,
    /// The viewer's watching level for the topic (Discourse's number; 1 when not signed in).
    pub notification_level: i32,
    /// Whether it is a question (its category is for questions).
    pub question: bool,
    /// Its solution, when it is a solved question.
    pub solution: Option<&'a PostWithAuthor>,
    /// Its tags.
    pub tags: &'a [crate::models::tag::Tag],
}

/// A tag as a topic's JSON names it.
#[derive(Debug, Clone, Serialize)]
pub struct TopicTag {
    /// Id.
    pub id: crate::models::ids::TagId,
    /// Name.
    pub name: String,
    /// Its slug: the name.
    pub slug: String,
}

/// A question's accepted answer, as the Solved plugin writes it in topic JSON.
#[derive(Debug, Clone, Serialize)]
pub struct AcceptedAnswer {
    /// The reply's number in the topic.
    pub post_number: i32,
    /// Its author's username.
    pub username: String,
    /// Its author's name.
    pub name: String,
    /// The start of its text.
    pub excerpt: String,
}

impl AcceptedAnswer {
    /// The answer `post` is.
    pub fn new(post: &PostWithAuthor) -> AcceptedAnswer {
        AcceptedAnswer {
            post_number: post.post.post_number,
            username: post.author.username.clone(),
            name: post.author.name.clone(),
            excerpt: crate::markdown::excerpt(&post.post.cooked, 200),
        }
    }
}

/// A topic's posts: one chunk of them, and every id.
#[derive(Debug, Serialize)]
pub struct PostStream {
    /// This chunk.
    pub posts: Vec<StreamPost>,
    /// Every post id, in order.
    pub stream: Vec<PostId>,
}

/// `GET /t/{id}.json`.
#[derive(Debug, Serialize)]
pub struct TopicResponse {
    /// One chunk of posts and every post id.
    pub post_stream: PostStream,
    /// The timeline's date marks: computed by Discourse's client, none here.
    pub timeline_lookup: NoneYet,
    /// Suggested topics: not yet.
    pub suggested_topics: NoneYet,
    /// Its tags (the newest Discourse's shape: objects, not names).
    pub tags: Vec<TopicTag>,
    /// Tag descriptions: none.
    pub tags_descriptions: Empty,
    /// Id.
    pub id: TopicId,
    /// Title.
    pub title: String,
    /// Title as HTML (the same text).
    pub fancy_title: String,
    /// Posts.
    pub posts_count: i32,
    /// When it was started.
    pub created_at: String,
    /// Views, each viewer counted once in a while.
    pub views: i64,
    /// Replies.
    pub reply_count: i32,
    /// Likes of its posts.
    pub like_count: i64,
    /// When it was last posted in.
    pub last_posted_at: Option<String>,
    /// Listed.
    pub visible: bool,
    /// Closed to replies.
    pub closed: bool,
    /// Archived: not yet.
    pub archived: bool,
    /// Summaries: none.
    pub has_summary: bool,
    /// Always `regular`.
    pub archetype: &'static str,
    /// Slug.
    pub slug: String,
    /// Its category.
    pub category_id: CategoryId,
    /// Words: not counted.
    pub word_count: Option<i64>,
    /// Deleted: not yet.
    pub deleted_at: Option<String>,
    /// Who started it.
    pub user_id: UserId,
    /// A featured link: none.
    pub featured_link: Option<String>,
    /// Pinned everywhere: not yet.
    pub pinned_globally: bool,
    /// When it was pinned: not kept.
    pub pinned_at: Option<String>,
    /// When the pin ends: pins do not end.
    pub pinned_until: Option<String>,
    /// An image: none.
    pub image_url: Option<String>,
    /// Slow mode: off.
    pub slow_mode_seconds: i64,
    /// Drafts live in the browser only.
    pub draft: Option<String>,
    /// The key a reply's draft would live under.
    pub draft_key: String,
    /// The draft's sequence.
    pub draft_sequence: i32,
    /// Unpinned by the viewer: not tracked.
    pub unpinned: Option<bool>,
    /// Shown first in lists.
    pub pinned: bool,
    /// The first post number in this chunk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_post_number: Option<i32>,
    /// The latest post number.
    pub highest_post_number: i32,
    /// Who deleted it: not yet.
    pub deleted_by: Option<BasicUser>,
    /// Whether it holds deleted posts: not yet.
    pub has_deleted: bool,
    /// Flags and likes on the topic: not yet.
    pub actions_summary: NoneYet,
    /// Posts in one chunk.
    pub chunk_size: i64,
    /// Bookmarked by the viewer: not yet.
    pub bookmarked: bool,
    /// The viewer's bookmarks: not yet.
    pub bookmarks: NoneYet,
    /// Timers: not yet.
    pub topic_timer: Option<String>,
    /// Message bus: not used (pages are complete HTML).
    pub message_bus_last_id: i64,
    /// People who posted in this chunk.
    pub participant_count: usize,
    /// Read indicators: not yet.
    pub show_read_indicator: bool,
    /// Thumbnails: none.
    pub thumbnails: Option<String>,
    /// Slow mode: off.
    pub slow_mode_enabled_until: Option<String>,
    /// What the viewer may do, and who is in it.
    pub details: TopicDetails,
    /// For a question (the Solved plugin's field): whether a reply is marked its solution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_accepted_answer: Option<bool>,
    /// For a solved question: the solution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_answer: Option<AcceptedAnswer>,
}

/// `details` of a topic: permissions and people.
#[derive(Debug, Serialize)]
pub struct TopicDetails {
    /// Whether the viewer may edit the topic itself (title, category).
    pub can_edit: bool,
    /// The viewer's watching level: 0 muted, 1 normal, 2 tracking, 3 watching.
    pub notification_level: i32,
    /// Moving posts: not yet.
    pub can_move_posts: bool,
    /// Deleting: not yet.
    pub can_delete: bool,
    /// Private messages: none.
    pub can_remove_allowed_users: bool,
    /// Whether the viewer may reply.
    pub can_create_post: bool,
    /// Linked topics: not yet.
    pub can_reply_as_new_topic: bool,
    /// Converting to a private message: not yet.
    pub can_convert_topic: bool,
    /// The review queue: not yet.
    pub can_review_topic: bool,
    /// Whether the viewer may close or open it.
    pub can_close_topic: bool,
    /// Archiving: not yet.
    pub can_archive_topic: bool,
    /// Splitting and merging: not yet.
    pub can_split_merge_topic: bool,
    /// Staff notes: not yet.
    pub can_edit_staff_notes: bool,
    /// Unlisting: not yet.
    pub can_toggle_topic_visibility: bool,
    /// Whether the viewer may pin or unpin it.
    pub can_pin_unpin_topic: bool,
    /// Whether the viewer moderates its category.
    pub can_moderate_category: bool,
    /// Private messages: none.
    pub can_remove_self_id: i64,
    /// People who posted in this chunk.
    pub participants: Vec<Participant>,
    /// Who started it.
    pub created_by: BasicUser,
    /// Who posted last.
    pub last_poster: BasicUser,
}

/// Someone who posted in a topic.
#[derive(Debug, Serialize)]
pub struct Participant {
    /// Id.
    pub id: UserId,
    /// Username.
    pub username: String,
    /// Display name.
    pub name: String,
    /// Avatar.
    pub avatar_template: String,
    /// Their posts in this chunk.
    pub post_count: usize,
    /// Primary group: none.
    pub primary_group_name: Option<String>,
    /// Flair: none.
    pub flair_name: Option<String>,
    /// Flair: none.
    pub flair_url: Option<String>,
    /// Flair: none.
    pub flair_color: Option<String>,
    /// Flair: none.
    pub flair_bg_color: Option<String>,
    /// An admin.
    pub admin: bool,
    /// A moderator.
    pub moderator: bool,
    /// Trust level: 1 until trust levels exist.
    pub trust_level: i32,
}

/// The posts of a chunk, in the stream's shape.
fn stream_posts(view: &TopicView) -> Vec<StreamPost> {
    let mut posts = topic_posts(
        view.topic,
        view.posts,
        view.viewer,
        view.editable,
        view.likings,
    )
    .post_stream
    .posts;
    if let Some(kept) = view.bookmarked {
        for post in &mut posts {
            post.core.bookmarked = kept.contains(&post.core.id);
        }
    }
    posts
}

/// The people who posted in a chunk, each once, in order of first appearance.
fn participants(posts: &[PostWithAuthor]) -> Vec<Participant> {
    let mut found: Vec<Participant> = Vec::new();
    for p in posts {
        if let Some(known) = found.iter_mut().find(|f| f.id == p.author.id) {
            known.post_count += 1;
            continue;
        }
        found.push(Participant {
            id: p.author.id,
            username: p.author.username.clone(),
            name: p.author.name.clone(),
            avatar_template: avatar_template(&p.author.username),
            post_count: 1,
            primary_group_name: None,
            flair_name: None,
            flair_url: None,
            flair_color: None,
            flair_bg_color: None,
            admin: p.author.role == Role::Admin,
            moderator: p.author.role == Role::Moderator,
            trust_level: 1,
        });
    }
    found
}

/// `GET /t/{id}.json`: a topic with one chunk of posts and the ids of all of them.
pub fn topic(view: &TopicView) -> TopicResponse {
    let topic = view.topic;
    let participants = participants(view.posts);
    TopicResponse {
        post_stream: PostStream {
            posts: stream_posts(view),
            stream: view.stream.to_vec(),
        },
        timeline_lookup: [],
        suggested_topics: [],
        tags: view
            .tags
            .iter()
            .map(|t| TopicTag {
                id: t.id,
                name: t.name.clone(),
                slug: t.name.clone(),
            })
            .collect(),
        tags_descriptions: Empty {},
        id: topic.id,
        title: topic.title.clone(),
        fancy_title: topic.title.clone(),
        posts_count: topic.posts_count,
        created_at: json_time(topic.created_at),
        views: view.topic.views,
        reply_count: topic.posts_count - 1,
        like_count: i64::from(topic.like_count),
        last_posted_at: Some(json_time(topic.last_posted_at)),
        visible: true,
        closed: topic.closed,
        archived: false,
        has_summary: false,
        archetype: "regular",
        slug: topic.slug.clone(),
        category_id: topic.category_id,
        word_count: None,
        deleted_at: None,
        user_id: topic.user_id,
        featured_link: None,
        pinned_globally: false,
        pinned_at: None,
        pinned_until: None,
        image_url: None,
        slow_mode_seconds: i64::from(topic.slow_mode_seconds),
        draft: None,
        draft_key: format!("topic_{}", topic.id),
        draft_sequence: 0,
        unpinned: None,
        pinned: topic.pinned,
        current_post_number: view.posts.first().map(|p| p.post.post_number),
        highest_post_number: topic.highest_post_number,
        deleted_by: None,
        has_deleted: false,
        actions_summary: [],
        chunk_size: crate::models::topic::POSTS_PER_PAGE,
        bookmarked: false,
        bookmarks: [],
        topic_timer: None,
        message_bus_last_id: 0,
        participant_count: participants.len(),
        show_read_indicator: false,
        thumbnails: None,
        slow_mode_enabled_until: None,
        details: TopicDetails {
            can_edit: view.can_moderate,
            notification_level: view.notification_level,
            can_move_posts: false,
            can_delete: false,
            can_remove_allowed_users: false,
            can_create_post: view.can_create_post,
            can_reply_as_new_topic: false,
            can_convert_topic: false,
            can_review_topic: false,
            can_close_topic: view.can_moderate,
            can_archive_topic: false,
            can_split_merge_topic: false,
            can_edit_staff_notes: false,
            can_toggle_topic_visibility: false,
            can_pin_unpin_topic: view.can_moderate,
            can_moderate_category: view.can_moderate,
            can_remove_self_id: 0,
            participants,
            created_by: BasicUser::from(view.creator),
            last_poster: BasicUser::from(view.last_poster),
        },
        has_accepted_answer: view.question.then_some(view.solution.is_some()),
        accepted_answer: view.solution.map(AcceptedAnswer::new),
    }
}

/// `GET /t/{id}/posts.json`: chosen posts of a topic.
#[derive(Debug, Serialize)]
pub struct TopicPostsResponse {
    /// The posts asked for.
    pub post_stream: ChosenPosts,
    /// The topic's id.
    pub id: TopicId,
}

/// The posts of a `getSpecificPostsFromTopic` answer.
#[derive(Debug, Serialize)]
pub struct ChosenPosts {
    /// In topic order.
    pub posts: Vec<StreamPost>,
}

/// `GET /t/{id}/posts.json`: `posts` of `topic`, as `viewer` sees them (`editable` holds the
/// ones they may edit).
pub fn topic_posts(
    topic: &Topic,
    posts: &[PostWithAuthor],
    viewer: Option<UserId>,
    editable: &HashSet<PostId>,
    likings: &std::collections::HashMap<PostId, crate::models::like::Liking>,
) -> TopicPostsResponse {
    TopicPostsResponse {
        post_stream: ChosenPosts {
            posts: posts
                .iter()
                .map(|p| {
                    StreamPost::new(
                        PostCore::new(
                            &p.post,
                            &p.author,
                            topic,
                            viewer,
                            editable.contains(&p.post.id),
                        )
                        .liking(
                            p.post.like_count,
                            likings.get(&p.post.id).copied().unwrap_or_default(),
                        ),
                    )
                })
                .collect(),
        },
        id: topic.id,
    }
}
