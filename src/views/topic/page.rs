//! A topic page: its posts, pagination and reply controls.

use std::collections::{HashMap, HashSet};

use maud::{Markup, html};

use super::{post_url, topic_url};
use crate::auth::Refusal;
use crate::models::category::Category;
use crate::models::ids::PostId;
use crate::models::post::PostWithAuthor;
use crate::models::staff_log::{StaffAction, StaffLogEntry};
use crate::models::topic::Topic;
use crate::models::watching::Level;
use crate::views::components::{category_link, cooked, csrf_field, page_links, time, user_link};
use crate::views::layout::{PageContext, page, url_component};
use crate::views::notification::watch_form;

/// Everything the topic page shows.
pub struct TopicView<'a> {
    /// The topic.
    pub topic: &'a Topic,
    /// The viewer's standing toward liking each post shown (empty for visitors).
    pub likings: &'a HashMap<crate::models::ids::PostId, crate::models::like::Liking>,
    /// The posts shown that the viewer bookmarked (`None` for visitors).
    pub bookmarked: Option<&'a HashSet<crate::models::ids::PostId>>,
    /// Its category.
    pub category: &'a Category,
    /// The parent category, for subcategories.
    pub parent: Option<&'a Category>,
    /// This page's posts.
    pub posts: &'a [PostWithAuthor],
    /// Usernames of the posts that posts on this page reply to, by post number.
    pub reply_authors: &'a HashMap<i32, String>,
    /// 1-based page number.
    pub page: i64,
    /// Number of pages.
    pub total_pages: i64,
    /// Why the viewer cannot reply, or `None` if they can.
    pub reply_blocked: Option<Refusal>,
    /// The posts on this page the viewer may edit.
    pub editable: &'a HashSet<PostId>,
    /// What was done to the topic in this page's time, oldest first: shown between the posts.
    pub notices: &'a [StaffLogEntry],
    /// The proposal's status panel, when the topic is one (shown on its first page; its
    /// names serve the notices on every page).
    pub proposal: Option<&'a crate::views::proposals::PanelView<'a>>,
    /// What happened to the proposal in this page's time, shown between the posts.
    pub proposal_notices: &'a [&'a crate::models::proposal::ProposalEvent],
    /// Whether notices name the moderator to readers (those who moderate always see who).
    pub names_moderators: bool,
    /// The signed-in viewer's watching level (`None` when nobody is signed in).
    pub watching: Option<Level>,
    /// The viewer may use the topic and post tools here (staff, or a moderator of the
    /// category).
    pub moderating: bool,
    /// It is a question (its category is for questions).
    pub question: bool,
    /// Its solution, when it is a solved question.
    pub solution: Option<&'a PostWithAuthor>,
    /// The viewer may mark its solution (its asker, staff, the category's moderators).
    pub may_accept: bool,
    /// Its tags' names.
    pub tags: &'a [String],
    /// What the tag form offers, when the viewer may change its tags.
    pub tag_form: Option<super::TagChoices>,
    /// The polls of the posts shown, by post.
    pub polls: &'a HashMap<PostId, Vec<crate::models::poll::PollView>>,
}

/// The id of the form the posts' Like and Unlike buttons submit.
const POST_ACTIONS_FORM: &str = "post-actions";

/// A topic with one page of its posts.
pub fn topic_page(ctx: &PageContext, view: &TopicView) -> Markup {
    let topic = view.topic;
    let base = topic_url(topic);
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumbs" {
            ol {
                li { a href="/categories" { "Categories" } }
                @if let Some(parent) = view.parent { li { (category_link(parent)) } }
                li { (category_link(view.category)) }
            }
        }
        h1 { (topic.title) }
        @if !view.tags.is_empty() { p.topic-tags { (super::tag_links(view.tags)) } }
        @if let Some(choices) = &view.tag_form { (tag_form(ctx, topic, view.tags, choices)) }
        @if topic.closed { p.notice { "This topic is closed: it no longer accepts replies." } }
        @if topic.deleted_at.is_some() { p.notice.staff-only { "This topic is deleted: only staff see it." } }
        @if !topic.visible { p.notice { "This topic is unlisted: it is left out of lists and search, and reachable by its link." } }
        @if topic.slow_mode_seconds > 0 && !topic.closed {
            p.notice { "This topic is in slow mode: each person may post once every " (crate::messages::slow_mode_every(topic.slow_mode_seconds)) "." }
        }
        @if view.moderating { (topic_tools(ctx, topic)) }
        @if let Some(panel) = view.proposal.filter(|_| view.page == 1) { (crate::views::proposals::status_panel(ctx, panel)) }
        (page_links(&base, view.page, view.total_pages))
        @let named = view.names_moderators || view.moderating;
        @let mut notices = view.notices.iter().peekable();
        @let mut proposal_notices = view.proposal_notices.iter().peekable();
        div.posts {
            @for item in view.posts {
                @while let Some(notice) = notices.next_if(|n| n.created_at < item.post.created_at) {
                    (topic_notice(notice, named))
                }
                @while let Some(event) = proposal_notices.next_if(|e| e.created_at < item.post.created_at) {
                    (proposal_notice(event, view))
                }
                (post_article(ctx, topic, item, view.reply_authors, view.polls.get(&item.post.id).map(Vec::as_slice), PostControls {
                    reply: view.reply_blocked.is_none(),
                    edit: view.editable.contains(&item.post.id),
                    flag: ctx.viewer.as_deref().is_some_and(|me| me != item.author.username),
                    moderate: view.moderating,
                    accept: view.question && view.may_accept && item.post.post_number > 1
                        && item.post.deleted_at.is_none() && item.post.hidden_at.is_none(),
                    solution: topic.solution_post_id == Some(item.post.id),
                    liking: view.likings.get(&item.post.id).copied().unwrap_or_default(),
                    bookmarked: view.bookmarked.map(|kept| kept.contains(&item.post.id)),
                }))
                @if item.post.post_number == 1 && view.question {
                    (solution_box(topic, view.solution))
                }
            }
            @for notice in notices { (topic_notice(notice, named)) }
            @for event in proposal_notices { (proposal_notice(event, view)) }
        }
        // The one form every post's Like and Unlike button submits (each with its own
        // `formaction`): the CSRF token once a page instead of once a post.
        @if ctx.viewer.is_some() {
            form #(POST_ACTIONS_FORM) method="post" { (csrf_field(ctx)) }
        }
        (page_links(&base, view.page, view.total_pages))
        div.topic-actions {
            @match view.reply_blocked {
                None => a.button.primary href={ "/t/" (topic.id) "/reply" } { "Reply to topic" },
                Some(Refusal::NotSignedIn) => p {
                    a href={ "/login?next=" (url_component(&ctx.path)) } { "Log in" }
                    " or " a href="/signup" { "sign up" } " to reply."
                },
                Some(refusal) => p.notice { (refusal.to_string()) },
            }
            @if let Some(level) = view.watching {
                (watch_form(ctx, &format!("/t/{}/notifications", topic.id), "topic", level, &Level::FOR_TOPICS))
            }
        }
    };
    let title = if view.page > 1 {
        format!("{} (page {})", topic.title, view.page)
    } else {
        topic.title.clone()
    };
    page(ctx, &title, body)
}

/// The topic's tag form, folded away: its starter, staff and the category's moderators
/// change the tags with it.
fn tag_form(
    ctx: &PageContext,
    topic: &Topic,
    tags: &[String],
    choices: &super::TagChoices,
) -> Markup {
    html! {
        details.tag-form {
            summary { @if tags.is_empty() { "Add tags" } @else { "Edit tags" } }
            form method="post" action={ "/t/" (topic.id) "/tags" } {
                (csrf_field(ctx))
                (super::tag_field(&tags.join(" "), choices, &[]))
                button type="submit" { "Save tags" }
            }
        }
    }
}

/// One notice in a topic's stream ("Closed by …, 3 days ago"): a small line between posts,
/// not a post. `named`: whether to say who (otherwise "a moderator"; the forum itself is
/// "automatically").
fn topic_notice(entry: &StaffLogEntry, named: bool) -> Markup {
    let by = if entry.acting_user_id.is_none() && entry.acting_username == "system" {
        html! { "automatically" }
    } else if named {
        html! { "by " (user_link(&entry.acting_username)) }
    } else {
        html! { "by a moderator" }
    };
    let before = entry.previous_value.as_deref().unwrap_or("");
    let after = entry.new_value.as_deref().unwrap_or("");
    let what = match entry.kind() {
        Some(StaffAction::TopicClosed) => html! { "Closed" },
        Some(StaffAction::TopicOpened) => html! { "Opened" },
        Some(StaffAction::TopicPinned) => html! { "Pinned" },
        Some(StaffAction::TopicUnpinned) => html! { "Unpinned" },
        Some(StaffAction::TopicUnlisted) => html! { "Unlisted" },
        Some(StaffAction::TopicListed) => html! { "Listed" },
        Some(StaffAction::TopicMoved) => {
            html! { "Moved from " strong { (before) } " to " strong { (after) } }
        }
        Some(StaffAction::TopicRenamed) => html! { "Renamed from “" (before) "”" },
        Some(StaffAction::SlowModeChanged) if after == "off" => html! { "Slow mode turned off" },
        Some(StaffAction::SlowModeChanged) => html! { "Slow mode set to " (after) },
        Some(StaffAction::PostsMoved) => html! {
            (before) " post" @if before != "1" { "s" } " moved to " a href=(after) { "another topic" }
        },
        Some(StaffAction::TopicMerged) => html! { "“" (before) "” merged into this topic" },
        _ => html! { (entry.action) },
    };
    html! {
        p.topic-notice id={ "notice_" (entry.id) } {
            (what) " " (by) " · " (time(entry.created_at))
            @if let Some(reason) = entry.reason.as_deref().filter(|r| !r.is_empty()) { ": " (reason) }
        }
    }
}

/// A change to the proposal, as a notice between the posts ("Endorsed for NumPy by …").
fn proposal_notice(event: &crate::models::proposal::ProposalEvent, view: &TopicView) -> Markup {
    match view.proposal_context() {
        Some((projects, prefix, summary)) => html! {
            p.topic-notice id={ "proposal_event_" (event.id) } {
                (crate::views::proposals::event_line(event, projects, prefix, summary))
            }
        },
        None => html! {},
    }
}

impl TopicView<'_> {
    fn proposal_context(
        &self,
    ) -> Option<(
        &HashMap<crate::models::ids::ProjectId, crate::models::project::Project>,
        &str,
        &crate::models::proposal::Summary,
    )> {
        self.proposal
            .map(|panel| (panel.projects, panel.prefix, panel.summary))
    }
}

/// What the viewer may do with one post.
struct PostControls {
    reply: bool,
    edit: bool,
    flag: bool,
    moderate: bool,
    /// The viewer may mark this reply as the question's solution (or unmark it).
    accept: bool,
    /// It is the question's solution.
    solution: bool,
    /// The viewer likes it, may take that back, or may like it.
    liking: crate::models::like::Liking,
    /// Whether the viewer bookmarked it (`None`: a visitor, who cannot).
    bookmarked: Option<bool>,
}

/// The topic tools: close, pin and unlist, each a one-button form.
fn topic_tools(ctx: &PageContext, topic: &Topic) -> Markup {
    let tool = |status: &str, enabled: bool, label: &str| {
        html! {
            form.inline method="post" action={ "/t/" (topic.id) "/status" } {
                (csrf_field(ctx))
                input type="hidden" name="status" value=(status);
                input type="hidden" name="enabled" value=(enabled);
                button type="submit" { (label) }
            }
        }
    };
    html! {
        section.topic-tools aria-label="Topic tools" {
            h2.visually-hidden { "Topic tools" }
            @if topic.closed { (tool("closed", false, "Open topic")) } @else { (tool("closed", true, "Close topic")) }
            @if topic.pinned { (tool("pinned", false, "Unpin topic")) } @else { (tool("pinned", true, "Pin topic")) }
            @if topic.visible { (tool("visible", false, "Unlist topic")) } @else { (tool("visible", true, "List topic")) }
            (slow_mode_tool(ctx, topic))
            a href={ "/t/" (topic.id) "/move" } { "Move or merge posts" }
            " "
            a href="/review" { "Review queue" }
        }
    }
}

/// Slow mode's choices, as Discourse offers them: (seconds, label).
const SLOW_MODE_CHOICES: [(i32, &str); 9] = [
    (0, "Off"),
    (600, "10 minutes"),
    (900, "15 minutes"),
    (1800, "30 minutes"),
    (3600, "1 hour"),
    (7200, "2 hours"),
    (14_400, "4 hours"),
    (43_200, "12 hours"),
    (86_400, "24 hours"),
];

/// The slow-mode tool: a choice of intervals and a button.
fn slow_mode_tool(ctx: &PageContext, topic: &Topic) -> Markup {
    let current = topic.slow_mode_seconds;
    let listed = SLOW_MODE_CHOICES.iter().any(|(s, _)| *s == current);
    html! {
        form.inline method="post" action={ "/t/" (topic.id) "/slow_mode" } {
            (csrf_field(ctx))
            label for="slow-mode" { "Slow mode" }
            " "
            select #slow-mode name="seconds" {
                @if !listed {
                    option value=(current) selected { (crate::messages::slow_mode_every(current)) }
                }
                @for (seconds, label) in SLOW_MODE_CHOICES {
                    option value=(seconds) selected[seconds == current] { (label) }
                }
            }
            " "
            button type="submit" { "Set slow mode" }
        }
    }
}

/// A post's moderation tools: hide, delete, lock, each a one-button form.
fn post_tools(ctx: &PageContext, item: &PostWithAuthor) -> Markup {
    let post = &item.post;
    let n = post.post_number;
    let tool = |action: &str, field: Option<(&str, bool)>, label: &str| {
        html! {
            form.inline method="post" action={ "/posts/" (post.id) "/" (action) } {
                (csrf_field(ctx))
                @if let Some((name, value)) = field { input type="hidden" name=(name) value=(value); }
                button type="submit" aria-label={ (label) " (post " (n) ")" } { (label) }
            }
        }
    };
    html! {
        @if post.deleted_at.is_some() {
            (tool("recover", None, "Restore"))
        } @else {
            @if post.hidden_at.is_some() { (tool("hide", Some(("hidden", false)), "Unhide")) } @else { (tool("hide", Some(("hidden", true)), "Hide")) }
            @if post.locked_at.is_some() { (tool("locked", Some(("locked", false)), "Unlock edits")) } @else { (tool("locked", Some(("locked", true)), "Lock edits")) }
            (tool("delete", None, "Delete"))
        }
    }
}

/// Under a question: its solution quoted, with a link to it, or that it has none yet.
fn solution_box(topic: &Topic, solution: Option<&PostWithAuthor>) -> Markup {
    html! {
        @if let Some(answer) = solution {
            aside.solution aria-labelledby="solution-heading" {
                h2 #solution-heading { "Solution" }
                p.meta {
                    "By " (user_link(&answer.author.username)) ", in "
                    a href=(post_url(topic, answer.post.post_number)) { "post #" (answer.post.post_number) }
                }
                blockquote { p { (crate::markdown::excerpt(&answer.post.cooked, 300)) } }
            }
        } @else {
            p.meta.unsolved { "This question has no accepted solution yet." }
        }
    }
}

fn post_article(
    ctx: &PageContext,
    topic: &Topic,
    item: &PostWithAuthor,
    reply_authors: &HashMap<i32, String>,
    polls: Option<&[crate::models::poll::PollView]>,
    may: PostControls,
) -> Markup {
    let can_reply = may.reply;
    let can_edit = may.edit;
    let post = &item.post;
    let author = &item.author;
    let heading_id = format!("post_{}_author", post.post_number);
    html! {
        article.post id={ "post_" (post.post_number) } aria-labelledby=(heading_id) {
            header {
                h2 #(heading_id) {
                    (user_link(&author.username))
                    @if !author.name.is_empty() { " " span.name { (author.name) } }
                    @if author.role.is_staff() { " " span.badge { (author.role) } }
                    @if may.solution { " " span.badge.solved { "Solution" } }
                }
                p.meta {
                    @if let Some(n) = post.reply_to_post_number {
                        "in reply to "
                        a href=(post_url(topic, n)) {
                            @if let Some(name) = reply_authors.get(&n) { "@" (name) " " }
                            "#" (n)
                        }
                        " · "
                    }
                    a href=(post_url(topic, post.post_number)) aria-label={ "Post " (post.post_number) ", " (crate::views::components::human_date(post.created_at)) } {
                        "#" (post.post_number) " · " (time(post.created_at))
                    }
                    @if post.version > 1 {
                        " · " a href={ "/posts/" (post.id) "/revisions" } { "edited (" (post.version) " versions)" }
                    }
                }
            }
            @if post.deleted_at.is_some() {
                p.notice.staff-only { "Deleted " (time(post.deleted_at.unwrap_or_default())) ": only staff see this post." }
            }
            @if post.hidden_at.is_some() {
                p.notice {
                    "This post was flagged by the community and is temporarily hidden."
                    @if !post.cooked.is_empty() { " You see it because it is yours or you are staff." }
                }
            }
            @if post.locked_at.is_some() { p.meta { "Edits locked by a moderator." } }
            @match polls {
                Some(polls) => (crate::views::poll::cooked_with_polls(ctx, post.id, &post.cooked, polls, crate::views::poll::PollPowers {
                    signed_in: ctx.viewer.is_some(),
                    may_close: may.moderate || ctx.viewer.as_deref() == Some(author.username.as_str()),
                })),
                None => (cooked(&post.cooked)),
            }
            @let liking = may.liking;
            @let likes = post.like_count;
            @if can_reply || can_edit || may.flag || may.moderate || may.accept || likes > 0 || liking.acted || liking.can_act || may.bookmarked.is_some() {
                footer.post-actions {
                    @if likes > 0 {
                        a href={ "/posts/" (post.id) "/likes" } aria-label={ (likes) @if likes == 1 { " like" } @else { " likes" } " of post " (post.post_number) ": who liked it" } {
                            (likes) @if likes == 1 { " like" } @else { " likes" }
                        }
                    }
                    @if liking.can_act {
                        button type="submit" form=(POST_ACTIONS_FORM) formaction={ "/posts/" (post.id) "/like" }
                            aria-label={ "Like post " (post.post_number) } { "Like" }
                    }
                    @if liking.acted {
                        span.liked { "You like this" }
                        @if liking.can_undo {
                            button type="submit" form=(POST_ACTIONS_FORM) formaction={ "/posts/" (post.id) "/unlike" }
                                aria-label={ "Unlike post " (post.post_number) } { "Unlike" }
                        }
                    }
                    @if can_reply {
                        a href={ "/t/" (topic.id) "/reply?to=" (post.post_number) } aria-label={ "Reply to post " (post.post_number) } { "Reply" }
                        a href={ "/t/" (topic.id) "/reply?quote=" (post.post_number) } aria-label={ "Quote post " (post.post_number) } { "Quote" }
                    }
                    @if let Some(kept) = may.bookmarked {
                        a href={ "/posts/" (post.id) "/bookmark" } aria-label={ @if kept { "Your bookmark of post " } @else { "Bookmark post " } (post.post_number) } {
                            @if kept { "Bookmarked" } @else { "Bookmark" }
                        }
                    }
                    @if can_edit {
                        a href={ "/posts/" (post.id) "/edit" } aria-label={ "Edit post " (post.post_number) } { "Edit" }
                    }
                    @if may.flag && post.deleted_at.is_none() {
                        a href={ "/posts/" (post.id) "/flag" } aria-label={ "Flag post " (post.post_number) } { "Flag" }
                    }
                    @if may.accept {
                        @let (action, label) = if may.solution { ("unaccept", "Remove as solution") } else { ("accept", "Mark as solution") };
                        form.inline method="post" action={ "/solution/" (action) } {
                            (csrf_field(ctx))
                            input type="hidden" name="id" value=(post.id);
                            button type="submit" aria-label={ (label) " (post " (post.post_number) ")" } { (label) }
                        }
                    }
                    @if may.moderate { (post_tools(ctx, item)) }
                }
            }
        }
    }
}
