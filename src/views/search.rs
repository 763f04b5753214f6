//! The search page: the search box, results grouped by topic with marked snippets, paging,
//! advice when nothing matched, and the advanced form that writes the operators for people who
//! do not know them. Everything works without JavaScript (plain GET forms).

use std::collections::HashMap;

use maud::{Markup, html};

use crate::messages;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, PostId};
use crate::models::post::PostInTopic;
use crate::search::find::Why;
use crate::search::query::{Order, Parsed, Status};
use crate::search::{Found, Progress, Snippet, Total};
use crate::views::components::{category_link, time, user_link};
use crate::views::layout::{PageContext, page as frame, url_component};

/// A page of results, with the rows behind it.
pub struct Results<'a> {
    /// What the index found.
    pub found: &'a Found,
    /// The posts it names, with their topics and authors.
    pub rows: &'a HashMap<PostId, PostInTopic>,
    /// Every category, by id.
    pub categories: &'a HashMap<CategoryId, &'a Category>,
    /// This page, from 1.
    pub page: usize,
    /// Topics per page.
    pub per_page: usize,
}

impl Results<'_> {
    /// Pages in all.
    pub fn pages(&self) -> usize {
        self.found.total.pages(self.per_page)
    }

    /// Hits on this page with their rows (a post deleted since it was indexed is skipped).
    pub fn shown(&self) -> impl Iterator<Item = (&PostInTopic, &Snippet)> {
        self.found
            .hits
            .iter()
            .filter_map(|hit| Some((self.rows.get(&PostId(hit.post_id))?, &hit.snippet)))
    }
}

/// Everything the page shows.
pub struct SearchPage<'a> {
    /// The whole query, as searched.
    pub query: &'a str,
    /// It, read.
    pub parsed: &'a Parsed,
    /// Results, unless there was nothing to search for.
    pub results: Option<&'a Results<'a>>,
    /// A part of the query that could not be read.
    pub problem: Option<&'a str>,
    /// Every category, for the advanced form.
    pub categories: &'a [Category],
    /// How far the index is.
    pub progress: Progress,
}

/// The search page.
pub fn page(ctx: &PageContext, page: &SearchPage<'_>) -> Markup {
    let title = if page.query.is_empty() {
        "Search".to_owned()
    } else {
        format!("Search: {}", page.query)
    };
    frame(
        ctx,
        &title,
        html! {
            h1 { "Search" }
            form.search-form role="search" method="get" action="/search" {
                label for="q" { "Search for" }
                div.search-row {
                    input #q type="search" name="q" value=(page.query) maxlength=(ctx.config.search.max_query_chars)
                        aria-describedby="q-hint";
                    button.primary type="submit" { "Search" }
                }
                p.hint #q-hint {
                    "Words, identifiers (np.linalg.svd), \"exact phrases\", -excluded words, and "
                    "operators such as @username, #category, in:title, status:open, after:2024-01-01, "
                    "order:latest. The advanced search below writes them for you."
                }
            }
            @if let Some((done, total)) = page.progress.rebuilding {
                p.notice role="status" { (messages::search_rebuilding(done, total)) }
            }
            @if let Some(problem) = page.problem {
                div.errors role="alert" { p { (problem) } }
            }
            @if page.parsed.dropped_words > 0 {
                p.notice role="status" {
                    (messages::search_words_dropped(page.parsed.dropped_words, crate::search::query::MAX_WORDS))
                }
            }
            @if let Some(results) = page.results {
                (result_list(page.query, results))
            }
            (advanced_form(page))
        },
    )
}

fn result_list(query: &str, results: &Results<'_>) -> Markup {
    let total = results.found.total;
    html! {
        section aria-labelledby="results-heading" {
            h2 #results-heading {
                @match total {
                    Total::Exactly(0) => { "No results" }
                    Total::Exactly(1) => { "1 topic found" }
                    Total::Exactly(topics) => { (topics) " topics found" }
                    Total::MoreThan(topics) => { "More than " (topics) " topics found" }
                }
            }
            @if total.is_nothing() {
                (no_results(query, results))
            } @else {
                ol.topic-list.search-results start=((results.page - 1) * results.per_page + 1) {
                    @for (row, snippet) in results.shown() {
                        li {
                            h3 {
                                // A first post is its topic's top; a reply is linked where it stands.
                                @if row.post.post_number == 1 {
                                    a href=(row.topic.url()) { (row.topic.title) }
                                } @else {
                                    a href=(row.topic.post_url(row.post.post_number)) { (row.topic.title) }
                                }
                            }
                            p.meta {
                                @if let Some(category) = results.categories.get(&row.topic.category_id) {
                                    (category_link(category)) " · "
                                }
                                (user_link(&row.author.username)) " · " (time(row.post.created_at))
                                @if row.post.post_number > 1 { " · reply #" (row.post.post_number) }
                                @if row.topic.closed { " · closed" }
                            }
                            p.snippet { (snippet) }
                        }
                    }
                }
                (pager(query, results))
            }
        }
    }
}

fn pager(query: &str, results: &Results<'_>) -> Markup {
    let pages = results.pages();
    let link = |page: usize| format!("/search?q={}&page={page}", url_component(query));
    html! {
        @if pages > 1 {
            nav.pagination aria-label="Result pages" {
                ul {
                    @if results.page > 1 {
                        li { a rel="prev" href=(link(results.page - 1)) { "← Previous page" } }
                    }
                    li {
                        span aria-current="page" {
                            "Page " (results.page)
                            // Past the pages ranked, how many follow is not counted.
                            @if let Total::Exactly(_) = results.found.total { " of " (pages) }
                        }
                    }
                    @if results.page < pages {
                        li { a rel="next" href=(link(results.page + 1)) { "Next page →" } }
                    }
                }
            }
        }
    }
}

/// What to try when nothing matched: other spellings the route found, fewer filters.
fn no_results(query: &str, results: &Results<'_>) -> Markup {
    let suggestions = &results.found.suggestions;
    html! {
        p { "Nothing matched " strong { (query) } "." }
        @if !suggestions.is_empty() {
            p { "Try:" }
            ul.suggestions {
                @for suggestion in suggestions {
                    li {
                        a href={ "/search?q=" (url_component(&suggestion.query)) } { (suggestion.query) }
                        " ("
                        (match &suggestion.why {
                            Why::Spelling { word, better } => messages::search_try_spelling(word, better),
                            Why::Without(filter) => messages::search_try_without(filter),
                        })
                        ")"
                    }
                }
            }
        }
        p.hint { "Fewer words match more posts; the last word also matches words it begins." }
    }
}

/// The advanced form: fields that become operators (`routes::search` writes them into `q`).
fn advanced_form(page: &SearchPage<'_>) -> Markup {
    let parsed = page.parsed;
    let words: String = page
        .parsed
        .text
        .iter()
        .map(|t| match t {
            crate::search::query::Text::Word(w) => w.clone(),
            crate::search::query::Text::Phrase(p) => format!("\"{p}\""),
        })
        .collect::<Vec<_>>()
        .join(" ");
    let chosen_slug = parsed.categories.first().map(|c| c.name.to_lowercase());
    let status = parsed.status.map(Status::operator);
    let within = if parsed.in_title {
        "title"
    } else if parsed.in_first {
        "first"
    } else {
        ""
    };
    let date = |d: Option<chrono::NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    html! {
        details.advanced-search open[page.query.is_empty()] {
            summary { "Advanced search" }
            form method="get" action="/search" {
                div.field {
                    label for="adv-q" { "Words" }
                    input #adv-q type="text" name="q" value=(words);
                }
                div.field {
                    label for="adv-category" { "Category" }
                    select #adv-category name="category" {
                        option value="" { "Any category" }
                        @for category in page.categories {
                            option value=(category.slug) selected[chosen_slug.as_deref() == Some(category.slug.as_str())] {
                                @if category.parent_id.is_some() { "— " }
                                (category.name)
                            }
                        }
                    }
                }
                div.field {
                    label for="adv-username" { "Posted by (username)" }
                    input #adv-username type="text" name="username" value=(parsed.user.clone().unwrap_or_default()) autocomplete="off";
                }
                // Plain text, not `type=date`: its parts take focus without showing it in
                // Chromium, and a date written by hand is what the operators take anyway.
                div.field {
                    label for="adv-after" { "Posted on or after" }
                    input #adv-after type="text" name="after" value=(date(parsed.after))
                        inputmode="numeric" placeholder="YYYY-MM-DD" aria-describedby="adv-date-hint";
                }
                div.field {
                    label for="adv-before" { "Posted before" }
                    input #adv-before type="text" name="before" value=(date(parsed.before))
                        inputmode="numeric" placeholder="YYYY-MM-DD" aria-describedby="adv-date-hint";
                    p.hint #adv-date-hint { "Dates as YYYY-MM-DD, e.g. 2024-06-30." }
                }
                div.field {
                    label for="adv-status" { "Topic status" }
                    select #adv-status name="status" {
                        @for (value, label) in [("", "Any"), ("open", "Open"), ("closed", "Closed"), ("solved", "Solved"), ("unsolved", "Unsolved")] {
                            option value=(value) selected[status.unwrap_or("") == value] { (label) }
                        }
                    }
                }
                div.field {
                    label for="adv-in" { "Where" }
                    select #adv-in name="in" {
                        @for (value, label) in [("", "Titles and posts"), ("title", "Titles only"), ("first", "First posts only")] {
                            option value=(value) selected[within == value] { (label) }
                        }
                    }
                }
                div.field {
                    label for="adv-order" { "Order" }
                    select #adv-order name="order" {
                        @for (value, label) in [(Order::Relevance, "Best match"), (Order::Latest, "Newest posts"), (Order::LatestTopic, "Newest topics"), (Order::Likes, "Most liked")] {
                            option value=(if value == Order::Relevance { "" } else { value.operator() }) selected[parsed.order == value] { (label) }
                        }
                    }
                }
                div.actions { button.primary type="submit" { "Search with these options" } }
            }
        }
    }
}
