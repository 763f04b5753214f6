//! Moderation's pages: the flag form, the review queue and one item (a flagged post, or a
//! code-of-conduct case with its private thread), a member's own moderation page, a person's
//! standing with the sanction forms, the staff action log and the public moderation log.
//!
//! Every control is a plain form. A queue item is one form with one button per action (each
//! button names its own `formaction`), so a moderator's note and the sanction's length travel
//! with whichever decision they press, without JavaScript.

use chrono::NaiveDateTime;
use maud::{Markup, html};

use crate::messages::Complaint;
use crate::models::category::Category;
use crate::models::flag::{Flag, FlagOutcome, FlagType, OwnFlag};
use crate::models::post::PostInTopic;
use crate::models::queued_post::QueuedPost;
use crate::models::reviewable::{CaseMessage, QueueData, ReviewStatus, Reviewable, ReviewableKind};
use crate::models::staff_log::{StaffAction, StaffLogEntry};
use crate::models::trust;
use crate::models::user::User;
use crate::models::user_note::{NoteKind, UserNote};
use crate::services::moderation::{ReviewAction, Sanction};
use crate::views::components::{
    admin_tabs, cooked, csrf_field, described_by, field_error, form_errors, invalid, time,
    user_link,
};
use crate::views::layout::{PageContext, page, url_component};

/// The lengths the sanction menus offer, in days (those beyond the forum's longest are left out).
const SANCTION_DAYS: [i64; 8] = [1, 3, 7, 14, 30, 90, 180, 365];

/// What the flag form was filled in with.
#[derive(Debug, Clone, Default)]
pub struct FlagDraft {
    /// The [`FlagType::key`] chosen.
    pub flag_type: String,
    /// The flagger's words.
    pub message: String,
}

/// `GET /posts/{id}/flag`: why is this post a problem?
pub fn flag_page(
    ctx: &PageContext,
    found: &PostInTopic,
    draft: &FlagDraft,
    complaints: &[Complaint],
) -> Markup {
    let post = &found.post;
    let body = html! {
        h1 { "Flag a post" }
        p.lead {
            "Post #" (post.post_number) " by " (user_link(&found.author.username)) " in "
            a href=(found.topic.post_url(post.post_number)) { (found.topic.title) }
        }
        blockquote.excerpt { (cooked(&post.cooked)) }
        (form_errors(complaints))
        form.stacked method="post" action={ "/posts/" (post.id) "/flag" } {
            (csrf_field(ctx))
            fieldset aria-describedby=[described_by(complaints, "post_action_type_id", None)] {
                legend { "What is wrong with it?" }
                div.choices {
                    @for kind in FlagType::ALL {
                        @let id = format!("flag-{}", kind.key());
                        div.field.checkbox {
                            input #(id) type="radio" name="flag_type" value=(kind.key())
                                required checked[draft.flag_type == kind.key()]
                                aria-describedby={ (id) "-hint" };
                            label for=(id) { (kind.label()) }
                            p.hint id={ (id) "-hint" } { (kind.description()) }
                        }
                    }
                }
                (field_error(complaints, "post_action_type_id"))
            }
            div.field {
                label for="message" { "Tell the moderators more" }
                p.hint #message-hint {
                    "Needed for a code-of-conduct report and for “something else”; optional otherwise. "
                    "Only moderators read it."
                }
                textarea #message name="message" rows="5"
                    aria-invalid=[invalid(complaints, "reason")]
                    aria-describedby=[described_by(complaints, "reason", Some("message-hint"))] { (draft.message) }
                (field_error(complaints, "reason"))
            }
            div.actions {
                button.primary type="submit" { "Flag post" }
                a href=(found.topic.post_url(post.post_number)) { "Cancel" }
            }
        }
    };
    page(ctx, "Flag a post", body)
}

/// One queue item and the actions the viewer may take on it.
#[derive(Debug)]
pub struct QueueItem<'a> {
    /// The item.
    pub item: &'a Reviewable,
    /// What the viewer may do (none once it is resolved).
    pub actions: Vec<ReviewAction>,
}

/// The filters as the visitor set them, to show them again.
#[derive(Debug, Clone, Default)]
pub struct ReviewFilters {
    /// `flagged_post`, `queued_post`, `coc_case` or empty.
    pub kind: String,
    /// A status, or `all`.
    pub status: String,
    /// A category id.
    pub category: Option<i64>,
    /// `low`, `medium`, `high` or empty.
    pub priority: String,
    /// `YYYY-MM-DD` or empty.
    pub from_date: String,
    /// `YYYY-MM-DD` or empty.
    pub to_date: String,
}

/// What the queue page shows.
#[derive(Debug)]
pub struct QueueView<'a> {
    /// The items on this page.
    pub items: &'a [QueueItem<'a>],
    /// Their posts, flags, flaggers and people.
    pub data: &'a QueueData,
    /// How many items wait, in every category the viewer reviews.
    pub pending: i64,
    /// The categories the viewer reviews, for the filter.
    pub categories: &'a [Category],
    /// The filters in force.
    pub filters: &'a ReviewFilters,
}

/// `GET /review`: flagged posts and code-of-conduct cases, with filters.
pub fn queue_page(ctx: &PageContext, view: &QueueView) -> Markup {
    let f = view.filters;
    let body = html! {
        h1 { "Review" }
        p.lead {
            (view.pending) " " (if view.pending == 1 { "item waits" } else { "items wait" }) " for a decision. "
            "Every decision is written to the " a href="/admin/logs" { "staff action log" } "."
        }
        form.search-form method="get" action="/review" aria-label="Filter the queue" {
            div.search-row {
                div.field {
                    label for="filter-type" { "Type" }
                    select #filter-type name="type" {
                        @for (value, label) in [("", "Any"), ("flagged_post", "Flagged posts"), ("queued_post", "Queued posts"), ("coc_case", "Code-of-conduct cases")] {
                            option value=(value) selected[f.kind == value] { (label) }
                        }
                    }
                }
                div.field {
                    label for="filter-status" { "Status" }
                    select #filter-status name="status" {
                        @for (value, label) in [("pending", "Waiting"), ("approved", "Agreed or approved"), ("rejected", "Disagreed or rejected"), ("ignored", "Ignored"), ("all", "All")] {
                            option value=(value) selected[f.status == value] { (label) }
                        }
                    }
                }
                div.field {
                    label for="filter-category" { "Category" }
                    select #filter-category name="category_id" {
                        option value="" selected[f.category.is_none()] { "Any" }
                        @for c in view.categories {
                            option value=(c.id) selected[f.category == Some(c.id.0)] { (c.name) }
                        }
                    }
                }
                div.field {
                    label for="filter-priority" { "Priority" }
                    select #filter-priority name="priority" {
                        @for (value, label) in [("", "Any"), ("low", "Low"), ("medium", "Medium"), ("high", "High")] {
                            option value=(value) selected[f.priority == value] { (label) }
                        }
                    }
                }
                // Text, not `type="date"`: Chromium's date widget takes focus in parts that
                // show no focus ring, and a typed date reads the same to a screen reader.
                div.field {
                    label for="filter-from" { "From" }
                    input #filter-from type="text" name="from_date" value=(f.from_date)
                        inputmode="numeric" placeholder="2026-01-31" size="10" aria-describedby="date-hint";
                }
                div.field {
                    label for="filter-to" { "To" }
                    input #filter-to type="text" name="to_date" value=(f.to_date)
                        inputmode="numeric" placeholder="2026-12-31" size="10" aria-describedby="date-hint";
                }
                button type="submit" { "Filter" }
            }
            p.hint #date-hint { "Dates as year-month-day, e.g. 2026-12-31." }
        }
        @if view.items.is_empty() {
            p.empty { "Nothing to review here." }
        } @else {
            div.queue {
                @for entry in view.items {
                    (queue_item(ctx, entry.item, view.data, &entry.actions))
                }
            }
        }
    };
    page(ctx, "Review", body)
}

/// What an item is, in words.
fn kind_label(item: &Reviewable) -> &'static str {
    match item.kind() {
        ReviewableKind::FlaggedPost => "Flagged post",
        ReviewableKind::CocCase => "Code-of-conduct case",
        ReviewableKind::QueuedPost => "Queued post",
    }
}

/// Where an item stands, in words.
fn status_label(item: &Reviewable) -> &'static str {
    if let Some(state) = item.case_state() {
        return state.label();
    }
    let queued = item.kind() == ReviewableKind::QueuedPost;
    match item.status() {
        ReviewStatus::Pending => "waiting",
        ReviewStatus::Approved if queued => "approved",
        ReviewStatus::Rejected if queued => "rejected",
        ReviewStatus::Approved => "flags agreed",
        ReviewStatus::Rejected => "flags disagreed",
        ReviewStatus::Ignored => "ignored",
    }
}

fn queue_item(
    ctx: &PageContext,
    item: &Reviewable,
    data: &QueueData,
    actions: &[ReviewAction],
) -> Markup {
    let heading = format!("review-{}-heading", item.id);
    html! {
        article.post.reviewable id={ "review-" (item.id) } aria-labelledby=(heading) {
            header {
                h2 #(heading) {
                    a href={ "/review/" (item.id) } { (kind_label(item)) " " (item.id) }
                }
                p.meta {
                    "Priority " (item.priority().as_str()) " (score " (item.score) ") · "
                    (status_label(item)) " · opened " (time(item.created_at))
                }
            }
            (reviewed_post(item, data, true))
            (flag_list(item, data))
            (resolution(item, data))
            @if !actions.is_empty() { (action_form(ctx, item, actions)) }
        }
    }
}

/// The post an item is about, as it is now (reviewers see hidden and deleted posts), with a
/// link to edit it for those `moderating` (the queue's "edit the post").
fn reviewed_post(item: &Reviewable, data: &QueueData, moderating: bool) -> Markup {
    let found = item.post_id.and_then(|id| data.posts.get(&id));
    let queued = data.queued.get(&item.id);
    html! {
        @if let (Some(queued), None) = (queued, found) {
            (queued_post(queued, data))
        } @else if let Some(found) = found {
            p {
                "Post #" (found.post.post_number) " by " (user_link(&found.author.username)) " in "
                a href=(found.topic.post_url(found.post.post_number)) { (found.topic.title) }
                @if found.post.hidden_at.is_some() { " " span.badge { "hidden" } }
                @if found.post.deleted_at.is_some() { " " span.badge { "deleted" } }
            }
            blockquote.excerpt { (cooked(&found.post.cooked)) }
            @if moderating && found.post.deleted_at.is_none() {
                p { a href={ "/posts/" (found.post.id) "/edit" } { "Edit post #" (found.post.post_number) } }
            }
        } @else {
            p.muted { "The post is gone." }
        }
    }
}

/// A post waiting for approval: who wrote it, where it would go, why it waits, and its words.
fn queued_post(queued: &QueuedPost, data: &QueueData) -> Markup {
    let author = data
        .users
        .get(&queued.user_id)
        .map_or("a former member", |u| u.username.as_str());
    html! {
        p {
            @if let Some(title) = &queued.title {
                "A new topic, “" strong { (title) } "”, by " (user_link(author))
            } @else {
                "A reply by " (user_link(author))
                @if let Some(topic) = queued.topic_id {
                    " to "
                    @let title = data.topic_titles.get(&topic).map_or("a topic", String::as_str);
                    a href={ "/t/" (topic) } { (title) }
                    @if let Some(number) = queued.reply_to_post_number { " (answering post #" (number) ")" }
                }
            }
            ", sent " (time(queued.created_at))
        }
        p.notice { "Why it waits: " (queued.reason().explain()) }
        blockquote.excerpt { (cooked(&queued.cooked)) }
    }
}

/// Every flag on an item, with its flagger's record so far.
fn flag_list(item: &Reviewable, data: &QueueData) -> Markup {
    let flags: &[Flag] = data.flags.get(&item.id).map(Vec::as_slice).unwrap_or(&[]);
    html! {
        @if let Some(reason) = &item.reason {
            p.notice { "Raised by the forum: " (reason) }
        }
        @if !flags.is_empty() {
            ul.flags aria-label="Flags" {
                @for flag in flags {
                    @let who = data.users.get(&flag.user_id).map(|u| u.username.as_str()).unwrap_or("someone");
                    @let record = data.accuracy.get(&flag.user_id).copied().unwrap_or_default();
                    li {
                        strong { (flag.kind().label()) } " by " (user_link(who)) ", " (time(flag.created_at))
                        @if let Some(message) = flag.message.as_deref().filter(|m| !m.is_empty()) {
                            ": “" (message) "”"
                        }
                        br;
                        span.muted {
                            (who) "'s flags so far: " (record.agreed) " agreed, "
                            (record.disagreed) " disagreed, " (record.ignored) " ignored"
                        }
                    }
                }
            }
        }
    }
}

/// How a resolved item ended, and who decided.
fn resolution(item: &Reviewable, data: &QueueData) -> Markup {
    let by = item
        .resolved_by_id
        .and_then(|id| data.users.get(&id))
        .map(|u| u.username.as_str());
    html! {
        @if let Some(at) = item.resolved_at {
            p.notice {
                "Resolved " (time(at))
                @if let Some(by) = by { " by " (user_link(by)) }
                @if let Some(action) = item.resolution.as_deref().and_then(ReviewAction::parse) { ": " (action.label()) }
                @if let Some(note) = item.resolution_note.as_deref().filter(|n| !n.is_empty()) {
                    br; "Note: " (note)
                }
            }
        }
    }
}

/// One form per item: a note, the length of a sanction if one is offered, and a button per
/// action (each posting to its own path).
fn action_form(ctx: &PageContext, item: &Reviewable, actions: &[ReviewAction]) -> Markup {
    let id = item.id;
    let note_id = format!("note-{id}");
    let days_id = format!("days-{id}");
    let sanctions = actions.iter().any(|a| a.sanctions().is_some());
    let longest = ctx.config.moderation.longest_sanction_days;
    let first = actions.first().map(|a| a.id()).unwrap_or("ignore");
    html! {
        form.stacked.review-actions method="post" action={ "/review/" (id) "/perform/" (first) } {
            (csrf_field(ctx))
            div.field {
                label for=(note_id) { "Note" }
                p.hint id={ (note_id) "-hint" } {
                    @if item.kind() == ReviewableKind::CocCase {
                        "Needed to resolve; the reporter is told it."
                    } @else if item.kind() == ReviewableKind::QueuedPost {
                        "Why you decided this; its author sees it. Needed to silence or suspend."
                    } @else {
                        "Why you decided this; needed to silence or suspend, and told to the author then."
                    }
                }
                textarea id=(note_id) name="note" rows="2" aria-describedby={ (note_id) "-hint" } {}
            }
            @if sanctions {
                div.field {
                    label for=(days_id) { "Silence or suspend for" }
                    select id=(days_id) name="days" {
                        @for days in SANCTION_DAYS.iter().filter(|d| **d <= longest) {
                            option value=(days) selected[*days == 7] { (days_label(*days)) }
                        }
                    }
                }
            }
            div.actions {
                @for action in actions {
                    @let danger = matches!(action, ReviewAction::AgreeAndDelete | ReviewAction::AgreeAndSuspend | ReviewAction::AgreeAndSilence | ReviewAction::RejectAndSilence | ReviewAction::RejectAndSuspend);
                    @if danger {
                        button.danger type="submit" formaction={ "/review/" (id) "/perform/" (action.id()) } { (action.label()) }
                    } @else {
                        button type="submit" formaction={ "/review/" (id) "/perform/" (action.id()) } { (action.label()) }
                    }
                }
            }
        }
    }
}

fn days_label(days: i64) -> String {
    if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{days} days")
    }
}

/// `GET /review/{id}`: one item. For a case: its state, the reported post, the private
/// thread between the reporter and the moderators, and the reply form.
pub fn reviewable_page(
    ctx: &PageContext,
    item: &Reviewable,
    data: &QueueData,
    thread: &[(CaseMessage, Option<String>)],
    actions: &[ReviewAction],
    moderating: bool,
    complaints: &[Complaint],
) -> Markup {
    let title = format!("{} {}", kind_label(item), item.id);
    let is_case = item.kind() == ReviewableKind::CocCase;
    let body = html! {
        @if moderating { p.breadcrumbs { a href="/review" { "← Review queue" } } }
        @else { p.breadcrumbs { a href="/my/moderation" { "← Your reports" } } }
        h1 { (title) }
        p.meta {
            "Status: " strong { (status_label(item)) } " · opened " (time(item.created_at))
            @if moderating { " · priority " (item.priority().as_str()) " (score " (item.score) ")" }
        }
        @if is_case && !moderating {
            p.lead {
                "This case is private: only you and the moderators see it. "
                "The person you reported is never told who reported them."
            }
        }
        (form_errors(complaints))
        (reviewed_post(item, data, moderating))
        @if moderating { (flag_list(item, data)) }
        (resolution(item, data))
        @if moderating && !actions.is_empty() { (action_form(ctx, item, actions)) }
        @if is_case {
            section aria-labelledby="thread-heading" {
                h2 #thread-heading { "Conversation" }
                @if thread.is_empty() {
                    p.empty { "No messages yet." }
                } @else {
                    ol.activity {
                        @for (message, name) in thread {
                            li {
                                p.meta {
                                    @match name { Some(name) => (user_link(name)), None => "A former member" }
                                    " · " (time(message.created_at))
                                }
                                (cooked(&message.cooked))
                            }
                        }
                    }
                }
                @if item.status() == ReviewStatus::Pending {
                    form.editor #reply method="post" action={ "/review/" (item.id) "/messages" } {
                        (csrf_field(ctx))
                        div.field {
                            label for="raw" { "Write to " @if moderating { "the reporter" } @else { "the moderators" } }
                            textarea #raw name="raw" rows="5" required
                                aria-invalid=[invalid(complaints, "raw")]
                                aria-describedby=[described_by(complaints, "raw", None)] {}
                            (field_error(complaints, "raw"))
                        }
                        div.actions { button.primary type="submit" { "Send" } }
                    }
                }
            }
        }
    };
    page(ctx, &title, body)
}

/// What a flag came to, in words.
fn outcome_label(flag: &Flag) -> &'static str {
    match flag.outcome() {
        FlagOutcome::Pending => "waiting for a moderator",
        FlagOutcome::Agreed => "moderators agreed",
        FlagOutcome::Disagreed => "moderators disagreed",
        FlagOutcome::Ignored => "closed without action",
    }
}

/// What `/my/moderation` lists.
#[derive(Debug)]
pub struct MyModeration<'a> {
    /// Flags they raised.
    pub flags: &'a [OwnFlag],
    /// Cases they reported.
    pub cases: &'a [Reviewable],
    /// Their posts sent for approval, newest first, with their items.
    pub queued: &'a [(QueuedPost, Reviewable)],
    /// The titles of the topics their queued replies answer.
    pub topic_titles: &'a std::collections::HashMap<crate::models::ids::TopicId, String>,
    /// Official warnings the moderators gave them, newest first.
    pub warnings: &'a [UserNote],
}

/// `GET /my/moderation`: the member's standing, their queued posts, flags and cases.
pub fn my_moderation_page(
    ctx: &PageContext,
    user: &User,
    mine: &MyModeration,
    now: NaiveDateTime,
) -> Markup {
    let MyModeration { flags, cases, .. } = *mine;
    let body = html! {
        h1 { "Your flags and reports" }
        (standing(user, now))
        @if !mine.warnings.is_empty() {
            section aria-labelledby="warnings" {
                h2 #warnings { "Official warnings" }
                p.hint { "The moderators warned you about how you took part. A warning is a record, not a sanction: you can post as before. If you want to talk about it, write to the moderators." }
                ul.notes {
                    @for warning in mine.warnings {
                        li id={ "warning_" (warning.id) } {
                            p.meta { (time(warning.created_at)) }
                            p.note-body { (warning.body) }
                        }
                    }
                }
            }
        }
        @if !mine.queued.is_empty() { (my_queued_posts(mine)) }
        section aria-labelledby="flags" {
            h2 #flags { "Flags you raised" }
            @if flags.is_empty() {
                p.empty { "You have not flagged anything." }
            } @else {
                div.table-scroll role="region" aria-label="Flags you raised" tabindex="0" {
                    table.listing {
                        thead { tr { th scope="col" { "Post" } th scope="col" { "Flag" } th scope="col" { "Raised" } th scope="col" { "Outcome" } } }
                        tbody {
                            @for own in flags {
                                tr {
                                    th scope="row" { a href={ "/t/" (own.topic_id) "/" (own.post_number) } { (own.topic_title) " #" (own.post_number) } }
                                    td { (own.flag.kind().label()) }
                                    td { (time(own.flag.created_at)) }
                                    td {
                                        (outcome_label(&own.flag))
                                        @if let Some(note) = own.resolution_note.as_deref().filter(|n| !n.is_empty()) { br; span.muted { (note) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="cases" {
            h2 #cases { "Code-of-conduct reports" }
            @if cases.is_empty() {
                p.empty { "You have not reported anything to the moderators." }
            } @else {
                ul.activity {
                    @for case in cases {
                        li {
                            a href={ "/review/" (case.id) } { "Case " (case.id) } " · " (status_label(case)) " · opened " (time(case.created_at))
                            @if let Some(note) = case.resolution_note.as_deref().filter(|n| !n.is_empty()) { br; span.muted { "Resolution: " (note) } }
                        }
                    }
                }
            }
        }
    };
    page(ctx, "Your flags and reports", body)
}

/// The member's posts sent for approval: waiting (and why), published (with a link), or
/// rejected (with the moderator's note).
fn my_queued_posts(mine: &MyModeration) -> Markup {
    html! {
        section aria-labelledby="queued" {
            h2 #queued { "Your posts sent for approval" }
            ul.activity {
                @for (queued, item) in mine.queued {
                    li id={ "queued-" (item.id) } {
                        p {
                            @if let Some(title) = &queued.title {
                                "New topic “" (title) "”"
                            } @else {
                                "Reply to "
                                @let title = queued.topic_id.and_then(|t| mine.topic_titles.get(&t)).map_or("a topic", String::as_str);
                                (title)
                            }
                            " · sent " (time(queued.created_at)) " · "
                            strong { (status_label(item)) }
                        }
                        @match item.status() {
                            ReviewStatus::Pending => {
                                p.notice role="status" {
                                    "It will appear once a moderator approves it. " (queued.reason().explain())
                                }
                            }
                            ReviewStatus::Approved => {
                                @if let Some(post) = item.post_id {
                                    p { a href={ "/posts/" (post) } { "Read it where it was published" } }
                                }
                            }
                            _ => {
                                @if let Some(note) = item.resolution_note.as_deref().filter(|n| !n.is_empty()) {
                                    p { "The moderator's note: " (note) }
                                }
                            }
                        }
                        details {
                            summary { "What you wrote" }
                            div.cooked { (cooked(&queued.cooked)) }
                        }
                    }
                }
            }
        }
    }
}

/// A silenced or suspended person's sanction, why and until when; nothing when in good standing.
fn standing(user: &User, now: NaiveDateTime) -> Markup {
    let silenced = user.silenced_until.filter(|u| *u > now);
    let suspended = user.suspended_until.filter(|u| *u > now);
    html! {
        @if let Some(until) = suspended {
            div.notice role="status" {
                p { strong { "Suspended until " (time(until)) "." } " You cannot log in until then." }
                @if let Some(reason) = &user.suspend_reason { p { "Reason: " (reason) } }
            }
        }
        @if let Some(until) = silenced {
            div.notice role="status" {
                p { strong { "Silenced until " (time(until)) "." } " You can read, but not post or flag, until then." }
                @if let Some(reason) = &user.silence_reason { p { "Reason: " (reason) } }
            }
        }
    }
}

/// What a sanction form was filled in with.
#[derive(Debug, Clone, Default)]
pub struct SanctionDraft {
    /// Which form was sent.
    pub kind: Option<Sanction>,
    /// The length chosen.
    pub days: Option<i64>,
    /// The end typed in.
    pub until: String,
    /// The reason given.
    pub reason: String,
    /// A staff note or warning being written, when that form was sent.
    pub note: Option<(NoteKind, String)>,
}

/// What a person's moderation page shows about them.
pub struct PersonRecord {
    /// The person.
    pub user: User,
    /// What the staff log records about them, newest first.
    pub history: Vec<StaffLogEntry>,
    /// Staff notes and warnings about them, newest first.
    pub notes: Vec<UserNote>,
    /// Whether the viewer may anonymise them.
    pub may_anonymise: bool,
}

/// `GET /admin/users/{id}/moderate`: a person's standing, the forms to silence, suspend, lift
/// and set their trust level (when the viewer may), and what the log records about them.
pub fn user_moderation_page(
    ctx: &PageContext,
    person: &PersonRecord,
    may: bool,
    draft: &SanctionDraft,
    complaints: &[Complaint],
    now: NaiveDateTime,
) -> Markup {
    let (user, history) = (&person.user, &person.history);
    let title = format!("Moderate {}", user.username);
    let silenced = user.silenced_until.is_some_and(|u| u > now);
    let suspended = user.suspended_until.is_some_and(|u| u > now);
    let body = html! {
        h1 { "Moderate " (user_link(&user.username)) }
        dl.facts {
            dt { "Role" } dd { (user.role) }
            dt { "Trust level" } dd { (user.trust_level) " (" (trust::name(user.trust_level)) ")" @if user.new_member_limits_exempt { ", exempt from new-member limits" } }
            dt { "Joined" } dd { (time(user.created_at)) }
            dt { "Posts" } dd { (user.post_count) }
        }
        (standing(user, now))
        @if may {
            (form_errors(complaints))
            @if suspended { (lift_form(ctx, user, Sanction::Suspend)) }
            @else { (sanction_form(ctx, user, Sanction::Suspend, draft, complaints)) }
            @if silenced { (lift_form(ctx, user, Sanction::Silence)) }
            @else { (sanction_form(ctx, user, Sanction::Silence, draft, complaints)) }
            (trust_form(ctx, user))
        } @else {
            p.muted { "You may not sanction or warn this person (staff are sanctioned only by admins, admins by no one, and no one by themselves)." }
        }
        (notes_section(ctx, person, may, draft, complaints))
        @if person.may_anonymise { (anonymise_form(ctx, user)) }
        section aria-labelledby="history" {
            h2 #history { "What the log records" }
            (log_table(history, true, "What the log records"))
        }
    };
    page(ctx, &title, body)
}

/// Staff notes and warnings about the person, and the form to write one.
fn notes_section(
    ctx: &PageContext,
    person: &PersonRecord,
    may_warn: bool,
    draft: &SanctionDraft,
    complaints: &[Complaint],
) -> Markup {
    let user = &person.user;
    let (kind, text) = match &draft.note {
        Some((kind, text)) => (*kind, text.as_str()),
        None => (NoteKind::Note, ""),
    };
    // Only the form that was sent shows the problems with what was sent.
    let complaints = if draft.note.is_some() {
        complaints
    } else {
        &[]
    };
    let warnings = person.notes.iter().filter(|n| n.is_warning()).count();
    html! {
        section aria-labelledby="notes-heading" {
            h2 #notes-heading { "Staff notes and warnings" }
            p.hint {
                "Notes are for staff only; a warning is shown to " (user.username) " on their moderation page and counts on their record. "
                (warnings) " warning" @if warnings != 1 { "s" } " so far."
            }
            @if person.notes.is_empty() {
                p.muted { "Nothing written yet." }
            } @else {
                ul.notes {
                    @for note in &person.notes {
                        li id={ "note_" (note.id) } {
                            p.meta {
                                strong { @if note.is_warning() { "Warning" } @else { "Note" } }
                                " by " (user_link(&note.author_username)) " · " (time(note.created_at))
                            }
                            p.note-body { (note.body) }
                            @if !note.is_warning() {
                                form.inline method="post" action={ "/admin/users/" (user.id) "/notes/" (note.id) "/delete" } {
                                    (csrf_field(ctx))
                                    button type="submit" aria-label={ "Remove the note of " (crate::views::components::human_date(note.created_at)) } { "Remove" }
                                }
                            }
                        }
                    }
                }
            }
            form.stacked method="post" action={ "/admin/users/" (user.id) "/notes" } {
                (csrf_field(ctx))
                div.field {
                    label for="note-kind" { "Kind" }
                    select #note-kind name="kind" {
                        option value="note" selected[kind == NoteKind::Note] { "Staff note (only staff see it)" }
                        @if may_warn {
                            option value="warning" selected[kind == NoteKind::Warning] { "Official warning (shown to them)" }
                        }
                    }
                }
                div.field {
                    label for="note-body" { "Note" }
                    textarea #note-body name="note" rows="3" required
                        aria-invalid=[invalid(complaints, "note")]
                        aria-describedby=[described_by(complaints, "note", None)] { (text) }
                    (field_error(complaints, "note"))
                }
                div.actions { button type="submit" { "Save note" } }
            }
        }
    }
}

/// Anonymising (GDPR erasure), for admins: keep or delete the posts, and a box to tick.
fn anonymise_form(ctx: &PageContext, user: &User) -> Markup {
    html! {
        section aria-labelledby="anonymise-heading" {
            h2 #anonymise-heading { "Anonymise" }
            p.hint { "Replaces their username with anon" (user.id) ", their email address with one nobody receives mail at, and removes their name and password; every session and API key ends and no more mail goes to them. It cannot be undone." }
            form.stacked method="post" action={ "/admin/users/" (user.id) "/anonymize" } {
                (csrf_field(ctx))
                fieldset {
                    legend { "Their posts" }
                    div { input #anon-keep type="radio" name="delete_posts" value="false" checked; " " label for="anon-keep" { "Keep them, under the new name" } }
                    div { input #anon-delete type="radio" name="delete_posts" value="true"; " " label for="anon-delete" { "Delete them (staff still see them)" } }
                }
                div.field {
                    input #anon-confirm type="checkbox" name="confirm" value="true" required;
                    " " label for="anon-confirm" { "I understand this cannot be undone" }
                }
                div.actions { button.danger type="submit" { "Anonymise " (user.username) } }
            }
        }
    }
}

fn sanction_words(kind: Sanction) -> (&'static str, &'static str, &'static str) {
    match kind {
        Sanction::Suspend => (
            "suspend",
            "Suspend",
            "They cannot log in, and every session they have ends now.",
        ),
        Sanction::Silence => (
            "silence",
            "Silence",
            "They can read and log in, but not post, reply or flag.",
        ),
    }
}

fn sanction_form(
    ctx: &PageContext,
    user: &User,
    kind: Sanction,
    draft: &SanctionDraft,
    complaints: &[Complaint],
) -> Markup {
    let (key, verb, effect) = sanction_words(kind);
    let this = draft.kind == Some(kind);
    // Only the form that was sent shows the problems with what was sent.
    let complaints = if this { complaints } else { &[] };
    let longest = ctx.config.moderation.longest_sanction_days;
    let chosen = draft.days.filter(|_| this).unwrap_or(7);
    html! {
        section aria-labelledby={ (key) "-heading" } {
            h2 id={ (key) "-heading" } { (verb) }
            p.hint { (effect) " The reason and the end are shown to them." }
            form.stacked method="post" action={ "/admin/users/" (user.id) "/" (key) } {
                (csrf_field(ctx))
                div.field {
                    label for={ (key) "-days" } { "For" }
                    select id={ (key) "-days" } name="days" {
                        @for days in SANCTION_DAYS.iter().filter(|d| **d <= longest) {
                            option value=(days) selected[*days == chosen] { (days_label(*days)) }
                        }
                    }
                    (field_error(complaints, "until"))
                }
                div.field {
                    label for={ (key) "-reason" } { "Reason" }
                    textarea id={ (key) "-reason" } name="reason" rows="2" required
                        aria-invalid=[invalid(complaints, "reason")]
                        aria-describedby=[described_by(complaints, "reason", None)] { @if this { (draft.reason) } }
                    (field_error(complaints, "reason"))
                }
                div.actions { button.danger type="submit" { (verb) " " (user.username) } }
            }
        }
    }
}

fn lift_form(ctx: &PageContext, user: &User, kind: Sanction) -> Markup {
    let (path, label) = match kind {
        Sanction::Suspend => ("unsuspend", "Lift the suspension"),
        Sanction::Silence => ("unsilence", "Lift the silence"),
    };
    html! {
        form.inline method="post" action={ "/admin/users/" (user.id) "/" (path) } {
            (csrf_field(ctx))
            button type="submit" { (label) }
        }
    }
}

fn trust_form(ctx: &PageContext, user: &User) -> Markup {
    html! {
        section aria-labelledby="trust-heading" {
            h2 #trust-heading { "Trust level" }
            form.stacked method="post" action={ "/admin/users/" (user.id) "/trust_level" } {
                (csrf_field(ctx))
                div.field {
                    label for="trust-level" { "Level" }
                    select #trust-level name="level" {
                        @for level in trust::NEW..=trust::LEADER {
                            option value=(level) selected[level == user.trust_level] { (level) " – " (trust::name(level)) }
                        }
                    }
                }
                div.field {
                    label for="trust-exempt" { "New-member limits" }
                    select #trust-exempt name="exempt" {
                        option value="false" selected[!user.new_member_limits_exempt] { "Apply at trust level 0" }
                        option value="true" selected[user.new_member_limits_exempt] { "Exempt (e.g. a project maintainer)" }
                    }
                }
                div.actions { button type="submit" { "Save trust level" } }
            }
        }
    }
}

/// The log filters as the visitor set them.
#[derive(Debug, Clone, Default)]
pub struct LogFilters {
    /// An action name, or empty.
    pub action: String,
    /// A moderator's username, or empty.
    pub acting_user: String,
    /// A target's username, or empty.
    pub target_user: String,
}

impl LogFilters {
    /// The filters as a query string (without `?`), for the CSV link and the pager.
    fn query(&self) -> String {
        [
            ("action_name", &self.action),
            ("acting_user", &self.acting_user),
            ("target_user", &self.target_user),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", url_component(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// `GET /admin/logs`: every moderator and admin action, filterable, newest first.
pub fn staff_log_page(
    ctx: &PageContext,
    entries: &[StaffLogEntry],
    filters: &LogFilters,
    per_page: i64,
) -> Markup {
    let query = filters.query();
    let joint = if query.is_empty() { "" } else { "&" };
    let older = (entries.len() as i64 >= per_page)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    let body = html! {
        h1 { "Staff action log" }
        (admin_tabs("logs"))
        p.lead {
            "Who did what, when, to whom, and why. Rows are kept when their target is deleted. "
            a href={ "/admin/logs.csv" @if !query.is_empty() { "?" (query) } } { "Download as CSV" }
        }
        form.search-form method="get" action="/admin/logs" aria-label="Filter the log" {
            div.search-row {
                div.field {
                    label for="log-action" { "Action" }
                    select #log-action name="action_name" {
                        option value="" selected[filters.action.is_empty()] { "Any" }
                        @for action in StaffAction::ALL {
                            option value=(action.as_str()) selected[filters.action == action.as_str()] { (action.label()) }
                        }
                    }
                }
                div.field {
                    label for="log-acting" { "By" }
                    input #log-acting type="text" name="acting_user" value=(filters.acting_user) autocomplete="off";
                }
                div.field {
                    label for="log-target" { "About" }
                    input #log-target type="text" name="target_user" value=(filters.target_user) autocomplete="off";
                }
                button type="submit" { "Filter" }
            }
        }
        (log_table(entries, true, "Staff actions"))
        @if let Some(before) = older {
            nav.pagination aria-label="Pages" {
                ul { li { a rel="next" href={ "/admin/logs?" (query) (joint) "before=" (before) } { "Older entries →" } } }
            }
        }
    };
    page(ctx, "Staff action log", body)
}

/// `GET /modlog`: what the moderators did to public content and to people's standing.
pub fn modlog_page(ctx: &PageContext, entries: &[StaffLogEntry], named: bool) -> Markup {
    let body = html! {
        h1 { "Moderation log" }
        p.lead {
            "This forum publishes what its moderators do to posts, topics and members, so the "
            a href=(ctx.config.site.code_of_conduct_url) { "code of conduct" } " is seen to be kept. "
            "Reports and their authors are never shown."
        }
        (log_table(entries, named, "Moderation actions"))
    };
    page(ctx, "Moderation log", body)
}

/// The log as a table; `named` shows who acted.
fn log_table(entries: &[StaffLogEntry], named: bool, label: &str) -> Markup {
    html! {
        @if entries.is_empty() {
            p.empty { "Nothing recorded." }
        } @else {
            div.table-scroll role="region" aria-label=(label) tabindex="0" {
                table.listing {
                    thead {
                        tr {
                            th scope="col" { "When" }
                            @if named { th scope="col" { "Who" } }
                            th scope="col" { "What" }
                            th scope="col" { "About" }
                            th scope="col" { "Details" }
                        }
                    }
                    tbody {
                        @for entry in entries {
                            tr {
                                th scope="row" { (time(entry.created_at)) }
                                @if named { td { (user_link(&entry.acting_username)) } }
                                td { (StaffAction::parse(&entry.action).map(StaffAction::label).unwrap_or(entry.action.as_str())) }
                                td {
                                    @if let Some(name) = &entry.target_username { (user_link(name)) " " }
                                    @if let (Some(topic), Some(subject)) = (entry.topic_id, &entry.subject) {
                                        a href={ "/t/" (topic) } { (subject) }
                                    } @else if let Some(subject) = &entry.subject {
                                        (subject)
                                    }
                                }
                                td {
                                    @if entry.previous_value.is_some() || entry.new_value.is_some() {
                                        (entry.previous_value.as_deref().unwrap_or("—")) " → " (entry.new_value.as_deref().unwrap_or("—"))
                                        br;
                                    }
                                    @if let Some(reason) = &entry.reason { span.muted { (reason) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
