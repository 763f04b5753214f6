//! User profile pages.

use maud::{Markup, html};

use crate::models::activity::{Action, Item, Tab};
use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::models::user::{User, UserStats};
use crate::views::components::{PREVIOUS_NEXT, list_pager, time};
use crate::views::layout::{PageContext, page};
use crate::views::topic::post_url;

/// Who a profile is of, as every tab of it shows them.
pub struct Profile<'a> {
    /// The member.
    pub user: &'a User,
    /// Their topic and post counts.
    pub stats: &'a UserStats,
    /// How many questions their replies solved.
    pub solutions: i64,
}

/// The head every tab of a profile shares: the avatar, the name, the facts, and the tabs
/// (`current`: `None` on the summary).
fn profile_head(profile: &Profile, current: Option<Tab>, moderate_link: bool) -> Markup {
    let user = profile.user;
    let base = format!("/u/{}", user.username);
    html! {
        div.profile {
            // Beside the name it stands for, the picture says nothing more: alt="".
            img.avatar src=(crate::models::user::avatar_path(&user.username, "96"))
                width="96" height="96" alt="";
            h1 { (user.username) @if !user.name.is_empty() { " " span.name { (user.name) } } }
            dl.facts {
                dt { "Joined" } dd { (time(user.created_at)) }
                @if user.role.is_staff() { dt { "Role" } dd { (user.role) } }
                dt { "Topics started" } dd { (profile.stats.topic_count) }
                dt { "Posts" } dd { (profile.stats.post_count) }
                dt { "Likes received" } dd { (user.likes_received) }
                dt { "Likes given" } dd { (user.likes_given) }
                dt { "Solutions" } dd { (profile.solutions) }
            }
            @if moderate_link {
                p { a href={ "/admin/users/" (user.id) "/moderate" } { "Moderate " (user.username) } }
            }
        }
        nav.tabs aria-label="Profile" {
            ul {
                li { a href=(base) aria-current=[current.is_none().then_some("page")] { "Summary" } }
                @for tab in Tab::ALL {
                    li {
                        a href=(activity_url(&base, tab)) aria-current=[(current == Some(tab)).then_some("page")] {
                            (tab_label(tab))
                        }
                    }
                }
            }
        }
    }
}

fn activity_url(base: &str, tab: Tab) -> String {
    match tab.slug() {
        "" => format!("{base}/activity"),
        slug => format!("{base}/activity/{slug}"),
    }
}

fn tab_label(tab: Tab) -> &'static str {
    match tab {
        Tab::All => "Activity",
        Tab::Topics => "Topics",
        Tab::Replies => "Replies",
        Tab::LikesGiven => "Likes given",
        Tab::Solved => "Solutions",
    }
}

/// A user's profile: who they are and what they wrote lately; for staff (`moderate_link`), a
/// link to the person's moderation page (their record, notes, sanctions).
pub fn profile_page(
    ctx: &PageContext,
    profile: &Profile,
    recent: &[(Post, Topic)],
    moderate_link: bool,
) -> Markup {
    let user = profile.user;
    let body = html! {
        (profile_head(profile, None, moderate_link))
        h2 { "Recent posts" }
        @if recent.is_empty() {
            p.empty { (user.username) " has not posted yet." }
        } @else {
            ol.activity {
                @for (post, topic) in recent {
                    li {
                        a href=(post_url(topic, post.post_number)) { (topic.title) " #" (post.post_number) }
                        " · " (time(post.created_at))
                        p.excerpt { (crate::markdown::excerpt(&post.cooked, 200)) }
                    }
                }
            }
        }
    };
    page(ctx, &user.username, body)
}

/// One tab of a profile's activity, newest first, a page at a time.
pub fn activity_page(
    ctx: &PageContext,
    profile: &Profile,
    tab: Tab,
    items: &[Item],
    page_number: i64,
    has_more: bool,
) -> Markup {
    let user = profile.user;
    let base = format!("/u/{}", user.username);
    let body = html! {
        (profile_head(profile, Some(tab), false))
        h2 { (tab_label(tab)) }
        @if items.is_empty() && page_number == 0 {
            p.empty {
                @match tab {
                    Tab::All | Tab::Replies | Tab::Topics => { (user.username) " has not posted here yet." }
                    Tab::LikesGiven => { (user.username) " has not liked a post yet." }
                    Tab::Solved => { "No reply of " (user.username) "'s has been marked as a solution yet." }
                }
            }
        } @else {
            ol.activity {
                @for item in items {
                    li {
                        @match item.action {
                            Action::Liked => { "Liked " }
                            Action::Solved => { "Solved " }
                            Action::NewTopic | Action::Reply => {}
                        }
                        a href=(post_url(&item.topic, item.post.post_number)) { (item.topic.title) " #" (item.post.post_number) }
                        @if item.action == Action::Liked { " by " a href={ "/u/" (item.author.username) } { (item.author.username) } }
                        " · " (time(item.at))
                        p.excerpt { (crate::markdown::excerpt(&item.post.cooked, 200)) }
                    }
                }
            }
        }
        (list_pager(&activity_url(&base, tab), page_number, has_more, PREVIOUS_NEXT))
    };
    page(ctx, &format!("{}: {}", user.username, tab_label(tab)), body)
}
