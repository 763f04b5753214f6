//! Search results as Discourse sends them (`GET /search.json`, `GET /u/search/users.json`), so
//! its clients work unchanged: `posts` (one per topic, with a `blurb`), `topics`, `users`,
//! `categories`, and `grouped_search_result` listing the ids and whether there are more.

use std::collections::HashMap;

use serde::Serialize;

use crate::api::{BasicUser, avatar_template, json_time};
use crate::models::category::Category;
use crate::models::ids::{CategoryId, PostId, TopicId, UserId};
use crate::models::post::PostInTopic;
use crate::models::user::UserSummary;
use crate::search::Found;

/// The whole answer.
#[derive(Debug, Serialize)]
pub struct SearchResponse {
    /// The best post of each topic found.
    pub posts: Vec<SearchPost>,
    /// Those posts' topics.
    pub topics: Vec<SearchTopic>,
    /// People whose name starts with the words.
    pub users: Vec<BasicUser>,
    /// Categories whose name contains a word.
    pub categories: Vec<SearchCategory>,
    /// Tags: none yet.
    pub tags: Vec<SearchTag>,
    /// Groups: none.
    pub groups: Vec<serde_json::Value>,
    /// The ids of each facet, and whether there is more.
    pub grouped_search_result: Grouped,
}

/// A post found.
#[derive(Debug, Serialize)]
pub struct SearchPost {
    /// Id.
    pub id: PostId,
    /// Author's display name.
    pub name: String,
    /// Author's username.
    pub username: String,
    /// Author's avatar.
    pub avatar_template: String,
    /// When posted.
    pub created_at: String,
    /// Likes: none yet.
    pub like_count: i64,
    /// The snippet, HTML-escaped, matches in `<mark>`.
    pub blurb: String,
    /// Its number in the topic.
    pub post_number: i32,
    /// The topic's title, escaped.
    pub topic_title_headline: String,
    /// Its topic.
    pub topic_id: TopicId,
}

/// A topic found.
#[derive(Debug, Serialize)]
pub struct SearchTopic {
    /// Id.
    pub id: TopicId,
    /// Title.
    pub title: String,
    /// Title as HTML.
    pub fancy_title: String,
    /// Slug.
    pub slug: String,
    /// Posts.
    pub posts_count: i32,
    /// Replies.
    pub reply_count: i32,
    /// Latest post number.
    pub highest_post_number: i32,
    /// When started.
    pub created_at: String,
    /// When last posted in.
    pub last_posted_at: String,
    /// Whether a reply moved it up.
    pub bumped: bool,
    /// When last moved up.
    pub bumped_at: String,
    /// Always `regular`.
    pub archetype: &'static str,
    /// Read tracking: not yet.
    pub unseen: bool,
    /// Pinned.
    pub pinned: bool,
    /// Listed.
    pub visible: bool,
    /// Closed.
    pub closed: bool,
    /// Archived: not yet.
    pub archived: bool,
    /// Its category.
    pub category_id: CategoryId,
    /// Tags: none yet.
    pub tags: Vec<String>,
    /// Solved: not yet.
    pub has_accepted_answer: bool,
}

/// A category found.
#[derive(Debug, Serialize)]
pub struct SearchCategory {
    /// Id.
    pub id: CategoryId,
    /// Name.
    pub name: String,
    /// Colour, six hex digits.
    pub color: String,
    /// Slug.
    pub slug: String,
    /// Parent.
    pub parent_category_id: Option<CategoryId>,
}

/// A tag found (none yet; the shape Discourse documents).
#[derive(Debug, Serialize)]
pub struct SearchTag {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
}

/// `grouped_search_result`.
#[derive(Debug, Serialize)]
pub struct Grouped {
    /// Whether more posts match than this page holds (`true`) or not (`null`).
    pub more_posts: Option<bool>,
    /// More users: never (the first five are all sent).
    pub more_users: Option<bool>,
    /// More categories: never.
    pub more_categories: Option<bool>,
    /// The query.
    pub term: String,
    /// No search log yet.
    pub search_log_id: i64,
    /// More full-page results.
    pub more_full_page_results: Option<bool>,
    /// Whether the viewer may start a topic.
    pub can_create_topic: bool,
    /// What was wrong with the query, if anything.
    pub error: Option<String>,
    /// Ids of `posts`.
    pub post_ids: Vec<PostId>,
    /// Ids of `users`.
    pub user_ids: Vec<UserId>,
    /// Ids of `categories`.
    pub category_ids: Vec<CategoryId>,
    /// Ids of `tags`.
    pub tag_ids: Vec<i64>,
    /// Ids of `groups`.
    pub group_ids: Vec<i64>,
}

/// A page of results, as the route found them.
pub struct Page<'a> {
    /// What the index found.
    pub found: &'a Found,
    /// The rows of the posts it names.
    pub rows: &'a HashMap<PostId, PostInTopic>,
    /// Whether a later page exists.
    pub more: bool,
}

/// The answer for `term`; `page` is `None` when there was nothing to search for.
pub fn response(
    term: &str,
    page: Option<&Page<'_>>,
    users: &[UserSummary],
    categories: &[&Category],
    can_create_topic: bool,
) -> SearchResponse {
    let mut posts = Vec::new();
    let mut topics = Vec::new();
    if let Some(page) = page {
        for hit in &page.found.hits {
            let Some(row) = page.rows.get(&PostId(hit.post_id)) else {
                continue;
            };
            let (post, topic, author) = (&row.post, &row.topic, &row.author);
            posts.push(SearchPost {
                id: post.id,
                name: author.name.clone(),
                username: author.username.clone(),
                avatar_template: avatar_template(&author.username),
                created_at: json_time(post.created_at),
                like_count: 0,
                blurb: maud::html! { (hit.snippet) }.into_string(),
                post_number: post.post_number,
                topic_title_headline: maud::html! { (topic.title) }.into_string(),
                topic_id: topic.id,
            });
            topics.push(SearchTopic {
                id: topic.id,
                title: topic.title.clone(),
                fancy_title: maud::html! { (topic.title) }.into_string(),
                slug: topic.slug.clone(),
                posts_count: topic.posts_count,
                reply_count: topic.posts_count - 1,
                highest_post_number: topic.highest_post_number,
                created_at: json_time(topic.created_at),
                last_posted_at: json_time(topic.last_posted_at),
                bumped: topic.bumped_at > topic.created_at,
                bumped_at: json_time(topic.bumped_at),
                archetype: "regular",
                unseen: false,
                pinned: topic.pinned,
                visible: true,
                closed: topic.closed,
                archived: false,
                category_id: topic.category_id,
                tags: Vec::new(),
                has_accepted_answer: false,
            });
        }
    }
    let users: Vec<BasicUser> = users.iter().map(BasicUser::from).collect();
    let categories: Vec<SearchCategory> = categories
        .iter()
        .map(|c| SearchCategory {
            id: c.id,
            name: c.name.clone(),
            color: c.color.clone(),
            slug: c.slug.clone(),
            parent_category_id: c.parent_id,
        })
        .collect();
    let more = page.is_some_and(|p| p.more).then_some(true);
    SearchResponse {
        grouped_search_result: Grouped {
            more_posts: more,
            more_users: None,
            more_categories: None,
            term: term.to_owned(),
            search_log_id: 0,
            more_full_page_results: more,
            can_create_topic,
            error: None,
            post_ids: posts.iter().map(|p| p.id).collect(),
            user_ids: users.iter().map(|u| u.id).collect(),
            category_ids: categories.iter().map(|c| c.id).collect(),
            tag_ids: Vec::new(),
            group_ids: Vec::new(),
        },
        posts,
        topics,
        users,
        categories,
        tags: Vec::new(),
        groups: Vec::new(),
    }
}

/// `GET /u/search/users.json`: `{"users": [...]}`.
#[derive(Debug, Serialize)]
pub struct UserSearch {
    /// People found.
    pub users: Vec<BasicUser>,
}

impl UserSearch {
    /// The answer for these people.
    pub fn new(users: &[UserSummary]) -> UserSearch {
        UserSearch {
            users: users.iter().map(BasicUser::from).collect(),
        }
    }
}
