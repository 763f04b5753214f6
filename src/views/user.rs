//! User profile pages.

use maud::{Markup, html};

use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::models::user::{User, UserStats};
use crate::views::components::time;
use crate::views::layout::{PageContext, page};
use crate::views::topic::post_url;

/// A user's profile: who they are and what they wrote lately; for staff (`moderate_link`), a
/// link to the person's moderation page (their record, notes, sanctions).
pub fn profile_page(
    ctx: &PageContext,
    user: &User,
    stats: &UserStats,
    recent: &[(Post, Topic)],
    moderate_link: bool,
) -> Markup {
    let body = html! {
        div.profile {
            // Beside the name it stands for, the picture says nothing more: alt="".
            img.avatar src=(crate::models::user::avatar_path(&user.username, "96"))
                width="96" height="96" alt="";
            h1 { (user.username) @if !user.name.is_empty() { " " span.name { (user.name) } } }
            dl.facts {
                dt { "Joined" } dd { (time(user.created_at)) }
                @if user.role.is_staff() { dt { "Role" } dd { (user.role) } }
                dt { "Topics started" } dd { (stats.topic_count) }
                dt { "Posts" } dd { (stats.post_count) }
                dt { "Likes received" } dd { (user.likes_received) }
                dt { "Likes given" } dd { (user.likes_given) }
            }
            @if moderate_link {
                p { a href={ "/admin/users/" (user.id) "/moderate" } { "Moderate " (user.username) } }
            }
        }
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
