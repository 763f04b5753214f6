//! Topic lists: the front page and the list shared with category pages, in HTML and JSON.

use std::collections::HashMap;

use maud::{Markup, html};

use super::topic_url;
use crate::models::category::Category;
use crate::models::ids::CategoryId;
use crate::models::topic::{Period, TopicPage};
use crate::views::components::{
    NEWER_OLDER, PREVIOUS_NEXT, PagerLabels, category_link, list_pager, time, user_link,
};
use crate::views::layout::{PageContext, page};

/// A list of topics (front page, category page).
pub fn topic_list(
    topics: &TopicPage,
    categories: &HashMap<CategoryId, Category>,
    pager_base: &str,
    page_number: i64,
    labels: PagerLabels,
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
                            @if t.solution_post_id.is_some() { span.badge.solved { "Solved" } " " }
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
        (list_pager(pager_base, page_number, topics.has_more, labels))
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
        (list_tabs("latest"))
        p.lead { (ctx.config.site.description) }
        // Topic titles are h3 wherever lists appear; this keeps the outline h1 → h2 → h3.
        h2.visually-hidden { "Topics" }
        (topic_list(topics, categories, "/latest", page_number, NEWER_OLDER))
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

/// Links between the topic lists, the current one marked.
fn list_tabs(current: &str) -> Markup {
    html! {
        nav.tabs aria-label="Topic lists" {
            ul {
                @for (key, label, href) in [("latest", "Latest", "/latest"), ("top", "Top", "/top")] {
                    li { a href=(href) aria-current=[(key == current).then_some("page")] { (label) } }
                }
            }
        }
    }
}

/// What a top list's period is called on the page.
fn period_label(period: Period) -> &'static str {
    match period {
        Period::All => "All time",
        Period::Yearly => "Year",
        Period::Quarterly => "Quarter",
        Period::Monthly => "Month",
        Period::Weekly => "Week",
        Period::Daily => "Today",
    }
}

/// The top list: the topics most replied to in a period.
pub fn top_page(
    ctx: &PageContext,
    topics: &TopicPage,
    categories: &HashMap<CategoryId, Category>,
    period: Period,
    page_number: i64,
) -> Markup {
    let body = html! {
        div.page-head {
            h1 { "Top topics" }
            @if ctx.may.create_topic { a.button.primary href="/new-topic" { "New topic" } }
        }
        (list_tabs("top"))
        nav.tabs aria-label="Period" {
            ul {
                @for p in Period::ALL {
                    li {
                        a href={ "/top?period=" (p.as_str()) } aria-current=[(p == period).then_some("page")] {
                            (period_label(p))
                        }
                    }
                }
            }
        }
        p.lead { "The topics with the most replies that started in this period." }
        h2.visually-hidden { "Topics" }
        (topic_list(topics, categories, &format!("/top?period={}", period.as_str()), page_number, PREVIOUS_NEXT))
    };
    page(ctx, &format!("Top topics: {}", period_label(period)), body)
}
