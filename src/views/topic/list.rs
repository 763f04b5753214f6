//! Topic lists: the front page and the list shared with category pages, in HTML and JSON.

use std::collections::HashMap;

use maud::{Markup, html};

use super::topic_url;
use crate::models::category::Category;
use crate::models::ids::CategoryId;
use crate::models::topic::TopicPage;
use crate::views::components::{category_link, list_pager, time, user_link};
use crate::views::layout::{PageContext, page};

/// A list of topics (front page, category page).
pub fn topic_list(
    topics: &TopicPage,
    categories: &HashMap<CategoryId, Category>,
    pager_base: &str,
    page_number: i64,
) -> Markup {
    html! {
        @if topics.items.is_empty() {
            p.empty { "No topics here yet." }
        } @else {
            ol.topic-list {
                @for item in &topics.items {
                    @let t = &item.topic;
                    li {
                        h3 {
                            @if t.pinned { span.badge { "Pinned" } " " }
                            @if t.closed { span.badge { "Closed" } " " }
                            a href=(topic_url(t)) { (t.title) }
                        }
                        p.meta {
                            @if let Some(c) = categories.get(&t.category_id) { (category_link(c)) " · " }
                            "by " (user_link(&item.author.username)) " · "
                            span { (t.posts_count - 1) @if t.posts_count == 2 { " reply" } @else { " replies" } }
                            " · last post "
                            @if let Some(last) = &item.last_poster { "by " (user_link(&last.username)) " " }
                            (time(t.last_posted_at))
                        }
                    }
                }
            }
        }
        (list_pager(pager_base, page_number, topics.has_more))
    }
}

/// The front page: latest topics everywhere.
pub fn latest_page(
    ctx: &PageContext,
    topics: &TopicPage,
    categories: &HashMap<CategoryId, Category>,
    page_number: i64,
) -> Markup {
    let body = html! {
        div.page-head {
            h1 { "Latest topics" }
            @if ctx.may.create_topic { a.button.primary href="/new-topic" { "New topic" } }
        }
        p.lead { (ctx.config.site.description) }
        // Topic titles are h3 wherever lists appear; this keeps the outline h1 → h2 → h3.
        h2.visually-hidden { "Topics" }
        (topic_list(topics, categories, "/latest", page_number))
    };
    page(
        ctx,
        if page_number == 0 {
            ""
        } else {
            "Latest topics"
        },
        body,
    )
}
