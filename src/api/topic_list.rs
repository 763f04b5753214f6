//! Topic lists as Discourse's JSON has them (`GET /latest.json`, `/top.json`,
//! `/c/{slug}/{id}.json`): `listLatestTopics`, `listTopTopics`, `listCategoryTopics`.

use serde::Serialize;

use crate::api::{BasicUser, NoneYet, json_time};
use crate::models::ids::{CategoryId, TopicId, UserId};
use crate::models::topic::{TopicListItem, TopicPage};
use crate::models::user::UserSummary;

/// A list of topics with the people they mention.
#[derive(Debug, Serialize)]
pub struct TopicListResponse {
    /// Every author and latest poster of the listed topics, once each.
    pub users: Vec<BasicUser>,
    /// Groups, which Convene does not have yet.
    pub primary_groups: NoneYet,
    /// The list.
    pub topic_list: TopicList,
}

/// The list itself.
#[derive(Debug, Serialize)]
pub struct TopicList {
    /// Whether the viewer may start a topic.
    pub can_create_topic: bool,
    /// The next page, when this one is full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_topics_url: Option<String>,
    /// Drafts, which Convene keeps in the browser only: always none.
    pub draft: Option<String>,
    /// The key Discourse keeps a new topic's draft under.
    pub draft_key: &'static str,
    /// The draft's sequence number.
    pub draft_sequence: i32,
    /// Topics a full page holds.
    pub per_page: i64,
    /// On a tag's list, the tag (Discourse's shape).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<ListedTag>>,
    /// The topics.
    pub topics: Vec<TopicListEntry>,
}

/// The tag a tag's list is of.
#[derive(Debug, Serialize)]
pub struct ListedTag {
    /// Id.
    pub id: crate::models::ids::TagId,
    /// Name.
    pub name: String,
    /// Topics carrying it that the viewer may see.
    pub topic_count: i64,
    /// Only staff may use it: never in Convene (tag groups keep tags to categories instead).
    pub staff: bool,
}

/// One topic in a list (Discourse's `TopicListItem`).
#[derive(Debug, Serialize)]
pub struct TopicListEntry {
    /// Id.
    pub id: TopicId,
    /// Title.
    pub title: String,
    /// Title, as HTML (the same text: titles carry no markup).
    pub fancy_title: String,
    /// Slug.
    pub slug: String,
    /// Posts, the first included.
    pub posts_count: i32,
    /// Replies.
    pub reply_count: i32,
    /// The latest post number.
    pub highest_post_number: i32,
    /// An image for the topic: none yet.
    pub image_url: Option<String>,
    /// When it was started.
    pub created_at: String,
    /// When it was last posted in.
    pub last_posted_at: String,
    /// Whether a reply has moved it up.
    pub bumped: bool,
    /// When it was last moved up.
    pub bumped_at: String,
    /// Always `regular` (no private messages).
    pub archetype: &'static str,
    /// New to the signed-in viewer: never opened, started recently by someone else.
    pub unseen: bool,
    /// How far the signed-in viewer read it (sent only for topics they opened).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_read_post_number: Option<i32>,
    /// Posts beyond where they stopped (sent with `last_read_post_number`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unread_posts: Option<i32>,
    /// Shown first.
    pub pinned: bool,
    /// Unpinned by the viewer: not tracked.
    pub unpinned: Option<bool>,
    /// An excerpt: none (Discourse sends one for pinned topics only).
    pub excerpt: Option<String>,
    /// Listed.
    pub visible: bool,
    /// Closed to replies.
    pub closed: bool,
    /// A solved question (the Solved plugin's field; sent only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub has_accepted_answer: bool,
    /// Archived: not yet.
    pub archived: bool,
    /// The viewer bookmarked a post in it (null when nobody is signed in, as in Discourse).
    pub bookmarked: Option<bool>,
    /// The viewer likes a post in it (null when nobody is signed in).
    pub liked: Option<bool>,
    /// Its tags' names; absent when it has none, as in Discourse's lists written with tagging
    /// off (the shapes the contract holds lists to).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Views, each viewer counted once in a while.
    pub views: i64,
    /// Likes of its posts.
    pub like_count: i64,
    /// Summaries: none.
    pub has_summary: bool,
    /// Who posted last.
    pub last_poster_username: String,
    /// Its category.
    pub category_id: CategoryId,
    /// Pinned everywhere: not yet.
    pub pinned_globally: bool,
    /// A featured link: none.
    pub featured_link: Option<String>,
    /// Who started it and who posted last.
    pub posters: Vec<Poster>,
}

/// Someone shown beside a topic in a list.
#[derive(Debug, Serialize)]
pub struct Poster {
    /// `latest` for the latest poster, `latest single` when that is also the starter.
    pub extras: Option<&'static str>,
    /// What they did, in Discourse's words.
    pub description: &'static str,
    /// Who.
    pub user_id: UserId,
    /// Their primary group: none.
    pub primary_group_id: Option<i64>,
}

impl TopicListEntry {
    /// The entry for a listed topic.
    pub fn new(item: &TopicListItem) -> TopicListEntry {
        let t = &item.topic;
        let last = item.last_poster.as_ref().unwrap_or(&item.author);
        let single = last.id == item.author.id;
        let mut posters = vec![Poster {
            extras: single.then_some("latest single"),
            description: if single {
                "Original Poster, Most Recent Poster"
            } else {
                "Original Poster"
            },
            user_id: item.author.id,
            primary_group_id: None,
        }];
        if !single {
            posters.push(Poster {
                extras: Some("latest"),
                description: "Most Recent Poster",
                user_id: last.id,
                primary_group_id: None,
            });
        }
        TopicListEntry {
            id: t.id,
            title: t.title.clone(),
            fancy_title: t.title.clone(),
            slug: t.slug.clone(),
            posts_count: t.posts_count,
            reply_count: t.posts_count - 1,
            highest_post_number: t.highest_post_number,
            image_url: None,
            created_at: json_time(t.created_at),
            last_posted_at: json_time(t.last_posted_at),
            bumped: t.bumped_at > t.created_at,
            bumped_at: json_time(t.bumped_at),
            archetype: "regular",
            unseen: item.reading.is_some_and(|r| r.new),
            last_read_post_number: item.reading.and_then(|r| r.last_read),
            unread_posts: item
                .reading
                .filter(|r| r.last_read.is_some())
                .map(|r| r.unread(t.highest_post_number)),
            pinned: t.pinned,
            unpinned: None,
            excerpt: None,
            visible: true,
            closed: t.closed,
            has_accepted_answer: t.solution_post_id.is_some(),
            archived: false,
            bookmarked: item.reading.map(|r| r.bookmarked),
            liked: item.reading.map(|r| r.liked),
            tags: item.tags.clone(),
            views: t.views,
            like_count: i64::from(t.like_count),
            has_summary: false,
            last_poster_username: last.username.clone(),
            category_id: t.category_id,
            pinned_globally: false,
            featured_link: None,
            posters,
        }
    }
}

/// A topic list: the page of topics, the next page's address, and whether the viewer may
/// start a topic.
pub fn topic_list(
    topics: &TopicPage,
    per_page: i64,
    more_topics_url: Option<String>,
    can_create_topic: bool,
) -> TopicListResponse {
    let mut users: Vec<&UserSummary> = Vec::new();
    for item in &topics.items {
        for u in std::iter::once(&item.author).chain(item.last_poster.as_ref()) {
            if !users.iter().any(|seen| seen.id == u.id) {
                users.push(u);
            }
        }
    }
    TopicListResponse {
        users: users.into_iter().map(BasicUser::from).collect(),
        primary_groups: [],
        topic_list: TopicList {
            can_create_topic,
            more_topics_url,
            draft: None,
            draft_key: "new_topic",
            draft_sequence: 0,
            per_page,
            tags: None,
            topics: topics.items.iter().map(TopicListEntry::new).collect(),
        },
    }
}
