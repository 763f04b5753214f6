//! The page frame every HTML page shares: head, skip link, header, main, footer.

use std::sync::Arc;

use maud::{DOCTYPE, Markup, html};

use crate::config::Config;
use crate::views::components::csrf_field;

/// What the frame needs to know about the request (built for each request by
/// `routes::context`): no database, no HTTP, and permissions already answered.
#[derive(Debug, Clone)]
pub struct PageContext {
    /// Settings (site title, code of conduct link).
    pub config: Arc<Config>,
    /// The signed-in viewer's username.
    pub viewer: Option<String>,
    /// What the header offers them.
    pub may: Navigation,
    /// This visitor's CSRF token, for forms.
    pub csrf_token: String,
    /// The request path, to come back to after logging in.
    pub path: String,
    /// How many of the viewer's notifications are unread (the header shows it).
    pub unread_notifications: i64,
    /// The viewer's new and unread topic counts (the header shows them).
    pub reading: crate::models::reading::ReadingCounts,
    /// Why and until when the viewer is silenced, shown atop every page they view.
    pub standing: Option<String>,
}

/// The header's links that depend on who is looking, answered by the guardian.
#[derive(Debug, Clone, Copy, Default)]
pub struct Navigation {
    /// "New topic".
    pub create_topic: bool,
    /// "Manage" (categories).
    pub manage_categories: bool,
    /// "Review" (the moderation queue).
    pub review: bool,
}

/// A full page: `title` goes in `<title>` (with the site name), `main` inside `<main>`.
pub fn page(ctx: &PageContext, title: &str, main: Markup) -> Markup {
    let site = &ctx.config.site;
    let full_title = if title.is_empty() {
        site.title.clone()
    } else {
        format!("{title} - {}", site.title)
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                meta name="description" content=(site.description);
                title { (full_title) }
                link rel="stylesheet" href=(crate::assets::url("style.css"));
                link rel="icon" href=(crate::assets::url("favicon.svg")) type="image/svg+xml";
                @if let Some(feed) = crate::views::alternate::of_page(&ctx.path) {
                    link rel="alternate" type=(feed.mime_type) title=(feed.title) href=(feed.href);
                }
            }
            body {
                a.skip-link href="#main" { "Skip to main content" }
                header.site-header {
                    div.wrap {
                        a.site-title href="/" { (site.title) }
                        form.site-search role="search" method="get" action="/search" {
                            label.visually-hidden for="site-search" { "Search the forum" }
                            input #site-search type="search" name="q" placeholder="Search";
                            button type="submit" { "Search" }
                        }
                        nav aria-label="Site" {
                            ul {
                                li { a href="/latest" { "Latest" } }
                                li { a href="/categories" { "Categories" } }
                                li { a href="/tags" aria-current=[(ctx.path == "/tags").then_some("page")] { "Tags" } }
                                li { a href="/proposals" aria-current=[(ctx.path == "/proposals").then_some("page")] { "Proposals" } }
                                @if let Some(username) = &ctx.viewer {
                                    li {
                                        a href="/new" aria-current=[(ctx.path == "/new").then_some("page")] {
                                            "New"
                                            @if ctx.reading.new_topics > 0 {
                                                " " span.badge { (ctx.reading.new_topics) } span.visually-hidden { " topics" }
                                            }
                                        }
                                    }
                                    li {
                                        a href="/unread" aria-current=[(ctx.path == "/unread").then_some("page")] {
                                            "Unread"
                                            @if ctx.reading.unread_topics > 0 {
                                                " " span.badge { (ctx.reading.unread_topics) } span.visually-hidden { " topics" }
                                            }
                                        }
                                    }
                                    @if ctx.may.create_topic {
                                        li { a href="/new-topic" { "New topic" } }
                                    }
                                    @if ctx.may.review {
                                        li { a href="/review" aria-current=[(ctx.path == "/review").then_some("page")] { "Review" } }
                                    }
                                    @if ctx.may.manage_categories {
                                        li { a href="/admin/categories" { "Manage" } }
                                    }
                                    li {
                                        a href="/notifications" aria-current=[(ctx.path == "/notifications").then_some("page")] {
                                            "Notifications"
                                            @if ctx.unread_notifications > 0 {
                                                " " span.badge { (ctx.unread_notifications) } span.visually-hidden { " unread" }
                                            }
                                        }
                                    }
                                    li { a href="/bookmarks" aria-current=[(ctx.path == "/bookmarks").then_some("page")] { "Bookmarks" } }
                                    li { a href={ "/u/" (username) } { (username) } }
                                    li {
                                        form.inline method="post" action="/logout" {
                                            (csrf_field(ctx))
                                            button.link type="submit" { "Log out" }
                                        }
                                    }
                                } @else {
                                    li { a href={ "/login?next=" (url_component(&ctx.path)) } { "Log in" } }
                                    li { a.button href="/signup" { "Sign up" } }
                                }
                            }
                        }
                    }
                }
                main #main.wrap tabindex="-1" {
                    @if let Some(standing) = &ctx.standing {
                        p.notice role="status" { (standing) " " a href="/my/moderation" { "Details" } }
                    }
                    (main)
                }
                footer.site-footer {
                    div.wrap {
                        p {
                            a href=(site.code_of_conduct_url) { "Code of conduct" }
                            " · "
                            a href="/latest.json" { "JSON API" }
                            " · Powered by Convene"
                        }
                    }
                }
            }
        }
    }
}

/// Percent-encodes a path for use as a query value.
pub fn url_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
