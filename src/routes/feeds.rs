//! Handlers for the RSS feeds (`api::feed` writes them). A feed is a public document: it
//! carries what a visitor who is not signed in may read, whoever asks, so the page cache may
//! serve it and a feed reader shared among staff never leaks a deleted post.

use actix_web::{HttpResponse, web};

use crate::api::feed::{self, About, Site};
use crate::app::AppState;
use crate::auth::Guardian;
use crate::error::AppResult;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, TopicId};
use crate::models::post::{FeedScope, Post};
use crate::models::topic::{Topic, TopicFilter};
use crate::models::user::User;
use crate::routes::IdPath;
use crate::services::{Found, Missing, Present};

/// Posts a feed of posts carries.
const FEED_POSTS: i64 = 50;

fn rss(body: String) -> HttpResponse {
    HttpResponse::Ok().content_type(feed::RSS_TYPE).body(body)
}

fn site(state: &AppState) -> Site<'_> {
    let config = &state.config;
    Site::new(
        &config.server.base_url,
        &config.site.title,
        &config.site.description,
    )
}

/// `GET /latest.rss`: the latest topics, each with its first post.
pub async fn latest_feed(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let body = topics_feed(&state, Source::Latest).await?;
    Ok(rss(body))
}

/// `GET /c/{slug}/{id}.rss` (and `/c/{id}.rss`, `/c/{parent}/{slug}/{id}.rss`): a category's
/// latest topics, its subcategories' among them.
pub async fn category_feed(
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    let body = topics_feed(&state, Source::Category(CategoryId(path.id))).await?;
    Ok(rss(body))
}

/// `GET /tag/{name}.rss`: the latest topics carrying a tag.
pub async fn tag_feed(
    state: web::Data<AppState>,
    path: web::Path<(String,)>,
) -> AppResult<HttpResponse> {
    let asked = path.into_inner().0;
    let name = crate::models::tag::normalise(&asked).ok_or_else(|| Missing::Tag(asked.clone()))?;
    let body = topics_feed(&state, Source::Tag(name)).await?;
    Ok(rss(body))
}

/// Which latest topics a feed carries.
enum Source {
    /// Everywhere.
    Latest,
    /// In a category and its subcategories.
    Category(CategoryId),
    /// Carrying a tag (by name).
    Tag(String),
}

/// The latest topics from `source`, as a feed.
async fn topics_feed(state: &AppState, source: Source) -> AppResult<String> {
    let per_page = state.config.posts.topics_per_page;
    let visibility = Guardian::anonymous().visibility();
    let (topics, openers, categories, source) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let filter = match &source {
                Source::Category(id) => {
                    Category::find(conn, *id).found_or(Missing::Category(*id))?;
                    TopicFilter::Categories(Category::with_children_ids(conn, *id)?)
                }
                Source::Tag(name) => {
                    let found = crate::models::tag::Tag::find_by_name(conn, name)
                        .present_or(Missing::Tag(name.clone()))?;
                    TopicFilter::Tagged(found.id)
                }
                Source::Latest => TopicFilter::All,
            };
            let topics = Topic::list(conn, &filter, visibility, 0, per_page)?;
            let ids: Vec<TopicId> = topics.items.iter().map(|item| item.topic.id).collect();
            let openers = Post::openers_for_feed(conn, &ids)?;
            Ok((topics, openers, Category::by_id(conn)?, source))
        })
        .await?;
    let site = site(state);
    let (title, page) = match &source {
        Source::Category(id) => match categories.get(id) {
            Some(category) => (category.name.clone(), category.url()),
            None => return Err(Missing::Category(*id).into()),
        },
        Source::Tag(name) => (
            format!("Topics tagged {name}"),
            crate::views::topic::tag_url(name),
        ),
        Source::Latest => ("Latest topics".to_owned(), "/latest".to_owned()),
    };
    Ok(feed::topics(
        &site,
        &About {
            title: &title,
            page: &page,
            feed: &format!("{page}.rss"),
        },
        &topics.items,
        &openers,
        &categories,
    ))
}

/// `GET /t/{slug}/{id}.rss`, `GET /t/{id}.rss`: a topic's latest posts.
pub async fn topic_feed(
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    let visibility = Guardian::anonymous().visibility();
    let (topic, posts) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let (topic, _) = Topic::find_seen(conn, id, visibility).found_or(Missing::Topic(id))?;
            Ok((
                topic,
                Post::for_feed(conn, FeedScope::Topic(id), FEED_POSTS)?,
            ))
        })
        .await?;
    let page = topic.url();
    Ok(rss(feed::posts(
        &site(&state),
        &About {
            title: &topic.title,
            page: &page,
            feed: &format!("{page}.rss"),
        },
        &posts,
    )))
}

/// `GET /posts.rss`: the latest posts anywhere.
pub async fn posts_feed(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let posts = state
        .db
        .read(|conn| -> AppResult<_> { Ok(Post::for_feed(conn, FeedScope::Anywhere, FEED_POSTS)?) })
        .await?;
    Ok(rss(feed::posts(
        &site(&state),
        &About {
            title: "Latest posts",
            page: "/latest",
            feed: "/posts.rss",
        },
        &posts,
    )))
}

/// `GET /u/{username}/activity.rss`: a member's latest posts.
pub async fn user_feed(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let username = path.into_inner();
    let (user, posts) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let user = User::find_by_username(conn, &username)
                .present_or(Missing::User(username.clone()))?;
            let posts = Post::for_feed(conn, FeedScope::Author(user.id), FEED_POSTS)?;
            Ok((user, posts))
        })
        .await?;
    let page = format!("/u/{}", user.username);
    Ok(rss(feed::posts(
        &site(&state),
        &About {
            title: &format!("posts by {}", user.username),
            page: &page,
            feed: &format!("{page}/activity.rss"),
        },
        &posts,
    )))
}
