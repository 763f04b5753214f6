//! Topic lists: the front page and the list shared with category pages, in HTML and JSON.

use std::collections::HashMap;

use maud::{Markup, html};

use super::topic_url;
use crate::models::category::Category;
use crate::models::ids::CategoryId;
use crate::models::topic::{ListOrder, Period, Sort, TopicPage};
use crate::views::components::{
    NEWER_OLDER, PREVIOUS_NEXT, PagerLabels, category_link, csrf_field, list_pager, time, user_link,
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
                            @if item.reading.is_some_and(|r| r.new) { span.badge.new { "New" } " " }
                            @if item.reading.is_some_and(|r| r.bookmarked) { span.badge { "Bookmarked" } " " }
                            a href=(topic_url(t)) { (t.title) }
                            @if let Some(reading) = item.reading {
                                @let unread = reading.unread(t.highest_post_number);
                                @if unread > 0 {
                                    @let first = reading.last_read.unwrap_or(0) + 1;
                                    " " a.unread href=(t.post_url(first)) { (unread) " unread" span.visually-hidden { " in " (t.title) } }
                                }
                            }
                        }
                        p.meta {
                            @if let Some(c) = categories.get(&t.category_id) { (category_link(c)) " · " }
                            @if !item.tags.is_empty() { (tag_links(&item.tags)) " · " }
                            "by " (user_link(&item.author.username)) " · "
                            span { (t.posts_count - 1) @if t.posts_count == 2 { " reply" } @else { " replies" } }
                            " · "
                            span { (t.views) @if t.views == 1 { " view" } @else { " views" } }
                            @if t.like_count > 0 {
                                " · "
                                span { (t.like_count) @if t.like_count == 1 { " like" } @else { " likes" } }
                            }
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

/// A topic's tags as links to their pages (inline, so it fits in a line of text).
pub fn tag_links(tags: &[String]) -> Markup {
    html! {
        span.tags {
            span.visually-hidden { "Tags: " }
            @for (i, name) in tags.iter().enumerate() {
                @if i > 0 { " " }
                a.tag href=(tag_url(name)) rel="tag" { (name) }
            }
        }
    }
}

/// The address of a tag's page.
pub fn tag_url(name: &str) -> String {
    format!("/tag/{name}")
}

/// The front page: latest topics everywhere.
pub fn latest_page(
    ctx: &PageContext,
    topics: &TopicPage,
    categories: &HashMap<CategoryId, Category>,
    page_number: i64,
    sort: Sort,
) -> Markup {
    let base = match sort.query().as_str() {
        "" => "/latest".to_owned(),
        asked => format!("/latest?{asked}"),
    };
    let body = html! {
        div.page-head {
            h1 { "Latest topics" }
            @if ctx.may.create_topic { a.button.primary href="/new-topic" { "New topic" } }
        }
        (list_tabs(ctx, "latest"))
        p.lead { (ctx.config.site.description) }
        // Topic titles are h3 wherever lists appear; this keeps the outline h1 → h2 → h3.
        h2.visually-hidden { "Topics" }
        (sort_links("/latest", sort))
        (topic_list(topics, categories, &base, page_number, NEWER_OLDER))
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

/// Links that sort a list (`path`, which may carry a query of its own) another way, the
/// current one marked. Plain links: sorting needs no script and each order has its own
/// address.
pub fn sort_links(path: &str, sort: Sort) -> Markup {
    html! {
        nav.sort aria-label="Sort topics" {
            "Sort by: "
            ul.inline {
                @for order in ListOrder::ALL {
                    @let wanted = Sort { order, ascending: false };
                    @let joint = if path.contains('?') { "&" } else { "?" };
                    @let href = match wanted.query().as_str() {
                        "" => path.to_owned(),
                        asked => format!("{path}{joint}{asked}"),
                    };
                    li { a href=(href) aria-current=[(sort == wanted).then_some("page")] { (order_label(order)) } }
                }
            }
        }
    }
}

fn order_label(order: ListOrder) -> &'static str {
    match order {
        ListOrder::Activity => "latest activity",
        ListOrder::Created => "newest",
        ListOrder::Likes => "most liked",
        ListOrder::Views => "most viewed",
        ListOrder::Posts => "most replies",
    }
}

/// Links between the topic lists, the current one marked (New and Unread for members).
fn list_tabs(ctx: &PageContext, current: &str) -> Markup {
    let everyone = [("latest", "Latest", "/latest"), ("top", "Top", "/top")];
    let members = [("new", "New", "/new"), ("unread", "Unread", "/unread")];
    let signed_in = ctx.viewer.is_some();
    html! {
        nav.tabs aria-label="Topic lists" {
            ul {
                @for (key, label, href) in everyone.into_iter().chain(members.into_iter().filter(|_| signed_in)) {
                    li { a href=(href) aria-current=[(key == current).then_some("page")] { (label) } }
                }
            }
        }
    }
}

/// Which of the two lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unseen {
    /// `/new`.
    New,
    /// `/unread`.
    Unread,
}

impl Unseen {
    /// Its address.
    pub fn path(self) -> &'static str {
        match self {
            Unseen::New => "/new",
            Unseen::Unread => "/unread",
        }
    }
}

/// `/new` or `/unread`: what the member has not read, with a button to dismiss it all.
pub fn unseen_page(
    ctx: &PageContext,
    list: Unseen,
    topics: &TopicPage,
    categories: &HashMap<CategoryId, Category>,
    page_number: i64,
) -> Markup {
    let (key, title, lead, dismiss, action) = match list {
        Unseen::New => (
            "new",
            "New topics",
            "Topics started lately that you have not opened yet.",
            "Dismiss new",
            "/topics/reset-new",
        ),
        Unseen::Unread => (
            "unread",
            "Unread topics",
            "Topics you have read that have new posts; each link takes you to the first one you have not seen.",
            "Dismiss unread",
            "/topics/dismiss-unread",
        ),
    };
    let body = html! {
        div.page-head {
            h1 { (title) }
            @if !topics.items.is_empty() {
                form.inline method="post" action=(action) {
                    (csrf_field(ctx))
                    button type="submit" { (dismiss) }
                }
            }
        }
        (list_tabs(ctx, key))
        p.lead { (lead) }
        h2.visually-hidden { "Topics" }
        @if topics.items.is_empty() {
            p.empty { "Nothing here: you are up to date." }
        } @else {
            (topic_list(topics, categories, list.path(), page_number, NEWER_OLDER))
        }
    };
    page(ctx, title, body)
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

/// The top list: the topics most replied to and liked in a period.
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
        (list_tabs(ctx, "top"))
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
        p.lead { "The topics with the most replies and likes that started in this period." }
        h2.visually-hidden { "Topics" }
        (topic_list(topics, categories, &format!("/top?period={}", period.as_str()), page_number, PREVIOUS_NEXT))
    };
    page(ctx, &format!("Top topics: {}", period_label(period)), body)
}
