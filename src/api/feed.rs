//! RSS 2.0 feeds at Discourse's addresses (`/latest.rss`, `/c/{slug}/{id}.rss`,
//! `/t/{slug}/{id}.rss`, `/posts.rss`, `/u/{name}/activity.rss`), so a community that moves
//! keeps its readers' subscriptions, with Discourse's item ids (`{host}-topic-{id}`,
//! `{host}-post-{id}`) so that nothing reads as new after the move. Written by the `rss`
//! crate; every link absolute, the posts' own links made absolute by
//! [`crate::markdown::Standalone`]. Pages name their feed in `<head>` ((`views::alternate`)) with plain
//! `rel="alternate"` (`views::alternate`): Discourse's `alternate nofollow` is missed by some
//! readers.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use maud::html;
use rss::extension::atom::{AtomExtension, Link};
use rss::extension::dublincore::DublinCoreExtension;
use rss::{Category as RssCategory, Channel, Guid, Item};

use crate::markdown::Standalone;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, TopicId};
use crate::models::post::{Post, PostInTopic};
use crate::models::topic::TopicListItem;

/// The MIME type feeds are served as.
pub const RSS_TYPE: &str = "application/rss+xml; charset=utf-8";

/// The site a feed is of: its address (no trailing slash), name and description.
pub struct Site<'a> {
    base: &'a str,
    host: String,
    title: &'a str,
    description: &'a str,
    standalone: Option<Standalone>,
}

impl<'a> Site<'a> {
    /// The site at `base` (as configured: `https://forum.example.org/`).
    pub fn new(base: &'a str, title: &'a str, description: &'a str) -> Site<'a> {
        let base = base.trim_end_matches('/');
        let host = url::Url::parse(base)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .unwrap_or_else(|| base.to_owned());
        Site {
            base,
            host,
            title,
            description,
            standalone: Standalone::new(base),
        }
    }

    /// `path` on this site, absolute.
    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A post's HTML with its links absolute.
    fn html(&self, cooked: &str) -> String {
        match &self.standalone {
            Some(standalone) => standalone.html(cooked),
            None => cooked.to_owned(),
        }
    }
}

/// What one feed is: its title (after the site's name), the page it follows, and its own path.
pub struct About<'a> {
    /// "Latest topics", "NumPy", a topic's title.
    pub title: &'a str,
    /// The HTML page it follows (`/latest`).
    pub page: &'a str,
    /// Its own address (`/latest.rss`).
    pub feed: &'a str,
}

/// A feed of topics, each with its first post: `/latest.rss` and the categories' feeds.
pub fn topics(
    site: &Site<'_>,
    about: &About<'_>,
    topics: &[TopicListItem],
    openers: &HashMap<TopicId, Post>,
    categories: &HashMap<CategoryId, Category>,
) -> String {
    let items = topics
        .iter()
        .map(|item| {
            let topic = &item.topic;
            let link = site.at(&topic.url());
            let replies = (topic.posts_count - 1).max(0);
            let opener = openers
                .get(&topic.id)
                .map(|post| site.html(&post.cooked))
                .unwrap_or_default();
            let footer = html! {
                p {
                    a href=(link) { "Read the topic" }
                    " (" (replies) @if replies == 1 { " reply" } @else { " replies" } ")"
                }
            };
            Item {
                title: Some(topic.title.clone()),
                link: Some(link.clone()),
                description: Some(format!("{opener}{}", footer.into_string())),
                guid: Some(Guid {
                    value: format!("{}-topic-{}", site.host, topic.id),
                    permalink: false,
                }),
                pub_date: Some(rfc2822(topic.created_at)),
                categories: categories
                    .get(&topic.category_id)
                    .map(|c| RssCategory {
                        name: c.name.clone(),
                        domain: Some(site.at(&c.url())),
                    })
                    .into_iter()
                    .collect(),
                dublin_core_ext: Some(creator(&item.author.username)),
                ..Item::default()
            }
        })
        .collect();
    let newest = topics.iter().map(|item| item.topic.created_at).max();
    channel(site, about, items, newest)
}

/// A feed of posts: a topic's, a member's, or everyone's (`/posts.rss`), newest first.
pub fn posts(site: &Site<'_>, about: &About<'_>, posts: &[PostInTopic]) -> String {
    let items = posts
        .iter()
        .map(|found| {
            let (post, topic) = (&found.post, &found.topic);
            let title = if post.post_number == 1 {
                topic.title.clone()
            } else {
                format!("Re: {}", topic.title)
            };
            Item {
                title: Some(title),
                link: Some(site.at(&topic.post_url(post.post_number))),
                description: Some(site.html(&post.cooked)),
                guid: Some(Guid {
                    value: format!("{}-post-{}", site.host, post.id),
                    permalink: false,
                }),
                pub_date: Some(rfc2822(post.created_at)),
                dublin_core_ext: Some(creator(&found.author.username)),
                ..Item::default()
            }
        })
        .collect();
    let newest = posts.iter().map(|found| found.post.created_at).max();
    channel(site, about, items, newest)
}

/// The channel around `items`, dated by the newest of them (or now, when empty).
fn channel(
    site: &Site<'_>,
    about: &About<'_>,
    items: Vec<Item>,
    newest: Option<NaiveDateTime>,
) -> String {
    let channel = Channel {
        title: format!("{}: {}", site.title, about.title),
        link: site.at(about.page),
        description: site.description.to_owned(),
        language: Some("en".to_owned()),
        last_build_date: Some(rfc2822(newest.unwrap_or_else(crate::db::now))),
        generator: Some("Convene".to_owned()),
        atom_ext: Some(AtomExtension {
            links: vec![Link {
                href: site.at(about.feed),
                rel: "self".to_owned(),
                mime_type: Some("application/rss+xml".to_owned()),
                ..Link::default()
            }],
        }),
        items,
        ..Channel::default()
    };
    channel.to_string()
}

fn creator(username: &str) -> DublinCoreExtension {
    DublinCoreExtension {
        creators: vec![username.to_owned()],
        ..DublinCoreExtension::default()
    }
}

/// RSS's date form (RFC 2822), in UTC.
fn rfc2822(time: NaiveDateTime) -> String {
    DateTime::<Utc>::from_naive_utc_and_offset(time, Utc).to_rfc2822()
}
