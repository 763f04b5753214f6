//! The whole URL table, and the pieces every handler is written with.
//!
//! Handlers are thin: they take who is asking from an extractor (`context`), read through
//! `models` or write through `services`, and answer with a `views` page or an `api` JSON
//! value (`respond::Format` says which). Every list and topic page also answers as JSON at the
//! same path plus `.json`, with Discourse's field names. Ids in paths must be digits (`\d+`);
//! anything else is a 404.

mod api_key;
mod bookmarks;
mod category;
pub mod context;
mod digest;
mod email;
mod feeds;
mod form;
mod groups;
pub mod input;
mod likes;
mod metrics;
mod moderation;
mod notification;
mod polls;
mod post;
mod post_tools;
mod preferences;
mod proposals;
mod publish;
pub mod reading;
pub mod respond;
mod sanction;
pub(crate) mod search;
mod session;
mod site;
mod solutions;
mod staff_log;
mod tags;
mod topic;
mod unsubscribe;
mod user;
mod watched_words;

use actix_web::http::Method;
use actix_web::{Resource, web};
use serde::Deserialize;

pub use form::{Form, decode as decode_form};
pub use post::CreatePostRequest;

/// Marks a resource whose GET looks the same to every visitor who is not signed in, so the
/// web shell's page cache may keep it (see `web::page_cache`). It is declared here, in the
/// table, rather than guessed from paths or page contents.
#[derive(Debug, Clone, Copy)]
pub struct PublicPage;

/// A resource anonymous visitors may be served from the page cache.
fn public<T: actix_router::IntoPatterns>(path: T) -> Resource {
    web::resource(path).app_data(PublicPage)
}

/// The scope an API key limited to scopes needs for each method of a resource, named as
/// Discourse names them (`models::api_key::SCOPES`), declared here in the table next to the
/// route. A key with `global:read` may make any GET; a method with no scope here needs a key
/// without scopes. Checked by `context` when the handler asks who is asking.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiScopes {
    get: Option<&'static str>,
    post: Option<&'static str>,
    put: Option<&'static str>,
}

impl ApiScopes {
    /// The scope a request with `method` needs, if one covers it.
    pub fn for_method(&self, method: &Method) -> Option<&'static str> {
        match *method {
            Method::GET | Method::HEAD => self.get,
            Method::POST => self.post,
            Method::PUT => self.put,
            _ => None,
        }
    }
}

impl ApiScopes {
    /// No method has a scope (yet).
    pub const fn new() -> ApiScopes {
        ApiScopes {
            get: None,
            post: None,
            put: None,
        }
    }

    /// GET (and HEAD) needs `scope`.
    pub const fn get(self, scope: &'static str) -> ApiScopes {
        ApiScopes {
            get: Some(scope),
            ..self
        }
    }

    /// POST needs `scope`.
    pub const fn post(self, scope: &'static str) -> ApiScopes {
        ApiScopes {
            post: Some(scope),
            ..self
        }
    }

    /// PUT needs `scope`.
    pub const fn put(self, scope: &'static str) -> ApiScopes {
        ApiScopes {
            put: Some(scope),
            ..self
        }
    }
}

/// Topic lists: the latest, the top, a category's.
const LISTS: ApiScopes = ApiScopes::new().get("topics:read_lists");
/// One topic: reading it, renaming or moving it.
const TOPIC: ApiScopes = ApiScopes::new().get("topics:read").put("topics:update");
/// The category list.
const CATEGORY_LIST: ApiScopes = ApiScopes::new().get("categories:list");
/// One category.
const CATEGORY: ApiScopes = ApiScopes::new().get("categories:show");
/// A user's profile.
const USER: ApiScopes = ApiScopes::new().get("users:show");

/// Registers every route. Read top to bottom, this is the site map.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg
        // Topic lists and topics (each HTML page also answers as JSON at `.json`)
        .service(public("/").get(topic::show_latest).app_data(LISTS))
        .service(public("/latest").get(topic::show_latest).app_data(LISTS))
        .service(
            public("/latest.json")
                .get(topic::show_latest)
                .app_data(LISTS),
        )
        .service(public("/top").get(topic::show_top).app_data(LISTS))
        // Feeds (RSS, at Discourse's addresses; what a visitor may read, whoever asks)
        .service(public("/latest.rss").get(feeds::latest_feed))
        .service(public("/posts.rss").get(feeds::posts_feed))
        .service(
            public([
                "/c/{id:\\d+}.rss",
                "/c/{slug}/{id:\\d+}.rss",
                "/c/{parent}/{slug}/{id:\\d+}.rss",
            ])
            .get(feeds::category_feed),
        )
        .service(public(["/t/{id:\\d+}.rss", "/t/{slug}/{id:\\d+}.rss"]).get(feeds::topic_feed))
        .service(public("/u/{username}/activity.rss").get(feeds::user_feed))
        .service(
            public(["/u/{username}/activity", "/u/{username}/activity/{tab}"])
                .get(user::show_activity)
                .app_data(USER),
        )
        .service(public("/top.json").get(topic::show_top).app_data(LISTS))
        .service(
            web::resource(["/t/{id:\\d+}/posts.json", "/t/{id:\\d+}/posts"])
                .get(topic::show_topic_posts)
                .app_data(ApiScopes::new().get("topics:read")),
        )
        .service(
            web::resource(["/t/{id:\\d+}/status.json", "/t/{id:\\d+}/status"])
                .put(topic::update_topic_status)
                .post(topic::update_topic_status)
                .app_data(ApiScopes::new().put("topics:status")),
        )
        .service(web::resource("/t/{id:\\d+}/move").get(topic::move_form))
        .service(
            web::resource(["/t/{id:\\d+}/move-posts.json", "/t/{id:\\d+}/move-posts"])
                .post(topic::move_posts)
                .app_data(ApiScopes::new().post("topics:status")),
        )
        .service(
            web::resource(["/t/{id:\\d+}/merge-topic.json", "/t/{id:\\d+}/merge-topic"])
                .post(topic::merge_topic)
                .app_data(ApiScopes::new().post("topics:status")),
        )
        .service(
            web::resource(["/t/{id:\\d+}/slow_mode.json", "/t/{id:\\d+}/slow_mode"])
                .put(topic::set_slow_mode)
                .post(topic::set_slow_mode)
                .app_data(ApiScopes::new().put("topics:status")),
        )
        .service(
            public("/t/{id:\\d+}.json")
                .get(topic::show_topic)
                .app_data(TOPIC),
        )
        // Before `/t/{slug}/{id}`: two numbers are a topic and a post number, as in Discourse.
        .service(
            web::resource([
                "/t/{id:\\d+}/{post_number:\\d+}.json",
                "/t/{id:\\d+}/{post_number:\\d+}",
            ])
            .get(topic::show_topic_at_post)
            .app_data(TOPIC),
        )
        .service(
            public("/t/{slug}/{id:\\d+}.json")
                .get(topic::show_topic)
                .put(topic::update_topic)
                .app_data(TOPIC),
        )
        .service(
            public("/t/{id:\\d+}")
                .get(topic::show_topic)
                .app_data(TOPIC),
        )
        .service(
            public("/t/{slug}/{id:\\d+}")
                .get(topic::show_topic)
                .put(topic::update_topic)
                .app_data(TOPIC),
        )
        .service(
            web::resource([
                "/t/{slug}/{id:\\d+}/{post_number:\\d+}.json",
                "/t/{slug}/{id:\\d+}/{post_number:\\d+}",
            ])
            .get(topic::show_topic_at_post)
            .app_data(TOPIC),
        )
        .service(
            web::resource("/new-topic")
                .get(topic::new_topic_form)
                .post(topic::create_topic),
        )
        .service(
            web::resource("/t/{id:\\d+}/reply")
                .get(topic::reply_form)
                .post(topic::create_reply),
        )
        // Posts (the API's paths work with and without `.json`, as Discourse's do)
        .service(
            web::resource(["/posts.json", "/posts"])
                .get(post::list_latest_posts)
                .post(post::create_post_json)
                .app_data(ApiScopes::new().get("posts:list").post("topics:write")),
        )
        .service(
            web::resource(["/posts/{id:\\d+}/replies.json", "/posts/{id:\\d+}/replies"])
                .get(post::show_post_replies),
        )
        .service(
            web::resource(["/posts/{id:\\d+}.json", "/posts/{id:\\d+}"])
                .get(post::show_post)
                .put(post::update_post_json)
                .delete(post_tools::delete_post)
                .app_data(ApiScopes::new().put("posts:edit")),
        )
        .service(
            web::resource("/posts/{id:\\d+}/edit")
                .get(post::edit_post_form)
                .post(post::update_post),
        )
        .service(web::resource("/posts/{id:\\d+}/revisions").get(post::show_revisions))
        // Moderating posts: flags, and the tools staff and category moderators have
        .service(
            web::resource("/posts/{id:\\d+}/flag")
                .get(moderation::flag_form)
                .post(moderation::flag_post),
        )
        .service(
            web::resource(["/post_actions.json", "/post_actions"])
                .post(moderation::create_post_action),
        )
        .service(web::resource("/posts/{id:\\d+}/delete").post(post_tools::delete_post))
        .service(
            web::resource(["/posts/{id:\\d+}/recover.json", "/posts/{id:\\d+}/recover"])
                .put(post_tools::recover_post)
                .post(post_tools::recover_post),
        )
        // What a member has not read (Discourse's /new and /unread) and dismissing it
        .service(web::resource(["/new.json", "/new"]).get(reading::show_new))
        .service(web::resource(["/unread.json", "/unread"]).get(reading::show_unread))
        .service(
            web::resource(["/topics/reset-new.json", "/topics/reset-new"])
                .put(reading::dismiss_new)
                .post(reading::dismiss_new),
        )
        .service(
            web::resource(["/topics/dismiss-unread.json", "/topics/dismiss-unread"])
                .put(reading::dismiss_unread)
                .post(reading::dismiss_unread),
        )
        // Bookmarks (Discourse's JSON, and the form on each post)
        .service(
            web::resource(["/bookmarks.json", "/bookmarks"])
                .get(bookmarks::list_bookmarks)
                .post(bookmarks::create_bookmark),
        )
        .service(
            web::resource("/bookmarks/{id:\\d+}.json")
                .put(bookmarks::update_bookmark)
                .delete(bookmarks::delete_bookmark),
        )
        .service(web::resource("/bookmarks/{id:\\d+}/delete").post(bookmarks::delete_bookmark))
        .service(
            web::resource("/posts/{id:\\d+}/bookmark")
                .get(bookmarks::bookmark_form)
                .post(bookmarks::save_bookmark),
        )
        // Likes (POST /post_actions with type 2 likes too)
        .service(web::resource("/posts/{id:\\d+}/like").post(likes::like_post))
        .service(web::resource("/posts/{id:\\d+}/unlike").post(likes::unlike_post))
        .service(web::resource("/posts/{id:\\d+}/likes").get(likes::show_likers))
        .service(
            web::resource(["/post_actions/{id:\\d+}.json", "/post_actions/{id:\\d+}"])
                .delete(likes::delete_post_action),
        )
        .service(
            web::resource(["/post_action_users.json", "/post_action_users"])
                .get(likes::post_action_users),
        )
        // Q&A: the Solved plugin's endpoints, with the post's `id` in the body.
        .service(
            web::resource(["/solution/accept.json", "/solution/accept"]).post(solutions::accept),
        )
        .service(
            web::resource(["/solution/unaccept.json", "/solution/unaccept"])
                .post(solutions::unaccept),
        )
        .service(
            web::resource(["/posts/{id:\\d+}/locked.json", "/posts/{id:\\d+}/locked"])
                .put(post_tools::lock_post)
                .post(post_tools::lock_post),
        )
        .service(
            web::resource(["/posts/{id:\\d+}/hide.json", "/posts/{id:\\d+}/hide"])
                .put(post_tools::hide_post)
                .post(post_tools::hide_post),
        )
        // The review queue, code-of-conduct cases, and a member's own flags
        .service(web::resource(["/review.json", "/review"]).get(moderation::show_queue))
        .service(
            web::resource(["/review/{id:\\d+}.json", "/review/{id:\\d+}"])
                .get(moderation::show_reviewable),
        )
        .service(
            web::resource("/review/{id:\\d+}/perform/{action}")
                .put(moderation::perform)
                .post(moderation::perform),
        )
        .service(web::resource("/review/{id:\\d+}/messages").post(moderation::reply_to_case))
        .service(web::resource("/my/moderation").get(moderation::my_moderation))
        .service(
            web::resource("/posts/{id:\\d+}/revisions/{version:\\d+}").get(post::show_revision),
        )
        // Categories
        .service(
            public("/categories")
                .get(category::show_categories)
                .post(category::create_category_json)
                .app_data(CATEGORY_LIST),
        )
        .service(
            public("/categories.json")
                .get(category::show_categories)
                .post(category::create_category_json)
                .app_data(CATEGORY_LIST),
        )
        .service(
            web::resource(["/categories/{id:\\d+}.json", "/categories/{id:\\d+}"])
                .put(category::update_category_json),
        )
        .service(
            public("/c/{id:\\d+}/show.json")
                .get(category::show_category_detail)
                .app_data(CATEGORY),
        )
        .service(
            public("/c/{id:\\d+}/show")
                .get(category::show_category_detail)
                .app_data(CATEGORY),
        )
        // Discourse's clients also list a category by its id alone.
        .service(
            public(["/c/{id:\\d+}.json", "/c/{id:\\d+}"])
                .get(category::show_category)
                .app_data(LISTS),
        )
        .service(
            public("/c/{slug}/{id:\\d+}.json")
                .get(category::show_category)
                .app_data(LISTS),
        )
        .service(
            public("/c/{slug}/{id:\\d+}")
                .get(category::show_category)
                .app_data(LISTS),
        )
        .service(
            public("/c/{parent}/{slug}/{id:\\d+}.json")
                .get(category::show_category)
                .app_data(LISTS),
        )
        .service(
            public("/c/{parent}/{slug}/{id:\\d+}")
                .get(category::show_category)
                .app_data(LISTS),
        )
        // Polls (the Poll plugin's JSON; the forms in posts POST)
        .service(
            web::resource(["/polls/vote.json", "/polls/vote"])
                .post(polls::vote)
                .put(polls::vote)
                .delete(polls::unvote),
        )
        .service(web::resource("/polls/unvote").post(polls::unvote))
        .service(
            web::resource(["/polls/toggle_status.json", "/polls/toggle_status"])
                .post(polls::toggle_status)
                .put(polls::toggle_status),
        )
        // Tags (a tag's address holds only letters, digits, - and _, so `.json` and `.rss`
        // are never part of a name)
        .service(
            public(["/tags", "/tags.json"])
                .get(tags::show_tags)
                .app_data(LISTS),
        )
        .service(
            public("/tag/{name}.json")
                .get(tags::show_tag)
                .app_data(LISTS),
        )
        .service(public("/tag/{name}.rss").get(feeds::tag_feed))
        .service(public("/tag/{name}").get(tags::show_tag).app_data(LISTS))
        .service(web::resource("/t/{id:\\d+}/tags").post(tags::retag_topic))
        .service(
            web::resource("/admin/tags")
                .get(tags::manage_tags)
                .post(tags::save_tag),
        )
        .service(web::resource("/admin/tags/{name}/delete").post(tags::delete_tag))
        .service(web::resource("/admin/tag-groups").post(tags::save_tag_group))
        .service(web::resource("/admin/tag-groups/{id:\\d+}").post(tags::save_tag_group))
        .service(web::resource("/admin/tag-groups/{id:\\d+}/delete").post(tags::delete_tag_group))
        .service(
            web::resource(["/tag_groups.json", "/tag_groups"])
                .get(tags::list_tag_groups)
                .post(tags::save_tag_group),
        )
        .service(
            web::resource(["/tag_groups/{id:\\d+}.json", "/tag_groups/{id:\\d+}"])
                .get(tags::show_tag_group)
                .put(tags::save_tag_group),
        )
        .service(
            web::resource("/admin/categories")
                .get(category::manage_categories)
                .post(category::create_category),
        )
        .service(
            web::resource("/admin/categories/{id:\\d+}/edit").get(category::edit_category_form),
        )
        .service(web::resource("/admin/categories/{id:\\d+}").post(category::update_category))
        .service(
            web::resource("/admin/api-keys")
                .get(api_key::list_api_keys)
                .post(api_key::create_api_key),
        )
        .service(web::resource("/admin/api-keys/{id:\\d+}/revoke").post(api_key::revoke_api_key))
        // Watched words (Discourse's JSON paths; the page's forms POST)
        .service(
            web::resource([
                "/admin/watched_words",
                "/admin/customize/watched_words.json",
            ])
            .get(watched_words::list_watched_words)
            .post(watched_words::add_watched_word),
        )
        .service(
            web::resource([
                "/admin/customize/watched_words/{id:\\d+}.json",
                "/admin/watched_words/{id:\\d+}/delete",
            ])
            .delete(watched_words::remove_watched_word)
            .post(watched_words::remove_watched_word),
        )
        // The staff action log, and the public moderation log when the forum publishes one
        .service(
            web::resource([
                "/admin/logs.json",
                "/admin/logs",
                "/admin/logs/staff_action_logs.json",
            ])
            .get(staff_log::show_staff_log),
        )
        .service(web::resource("/admin/logs.csv").get(staff_log::export_staff_log))
        .service(web::resource(["/modlog.json", "/modlog"]).get(staff_log::show_modlog))
        // Users and sessions (`.json` first: a username may contain dots)
        .service(
            public("/u/{username}.json")
                .get(user::show_user)
                .app_data(USER),
        )
        .service(public("/u/{username}").get(user::show_user).app_data(USER))
        .service(
            web::resource("/letter_avatar/{username}/{size:\\d+}/{version:\\d+}.svg")
                .get(user::show_letter_avatar),
        )
        .service(web::resource(["/users.json", "/users"]).post(user::create_user_json))
        .service(
            web::resource(["/directory_items.json", "/directory_items"]).get(user::list_directory),
        )
        .service(
            web::resource([
                "/admin/users.json",
                "/admin/users",
                "/admin/users/list/{flag}.json",
                "/admin/users/list/{flag:[a-z_]+}",
            ])
            .get(user::admin_list_users)
            .app_data(ApiScopes::new().get("users:list")),
        )
        .service(
            web::resource(["/admin/users/{id:\\d+}.json", "/admin/users/{id:\\d+}"])
                .get(user::admin_show_user),
        )
        // Sanctions and trust levels (Discourse's admin paths; the page's forms POST)
        .service(web::resource("/admin/users/{id:\\d+}/moderate").get(sanction::moderate_user_page))
        .service(
            web::resource([
                "/admin/users/{id:\\d+}/suspend.json",
                "/admin/users/{id:\\d+}/suspend",
            ])
            .put(sanction::suspend_user)
            .post(sanction::suspend_user),
        )
        .service(
            web::resource([
                "/admin/users/{id:\\d+}/unsuspend.json",
                "/admin/users/{id:\\d+}/unsuspend",
            ])
            .put(sanction::unsuspend_user)
            .post(sanction::unsuspend_user),
        )
        .service(
            web::resource([
                "/admin/users/{id:\\d+}/silence.json",
                "/admin/users/{id:\\d+}/silence",
            ])
            .put(sanction::silence_user)
            .post(sanction::silence_user),
        )
        .service(
            web::resource([
                "/admin/users/{id:\\d+}/unsilence.json",
                "/admin/users/{id:\\d+}/unsilence",
            ])
            .put(sanction::unsilence_user)
            .post(sanction::unsilence_user),
        )
        .service(
            web::resource([
                "/admin/users/{id:\\d+}/trust_level.json",
                "/admin/users/{id:\\d+}/trust_level",
            ])
            .put(sanction::set_trust_level)
            .post(sanction::set_trust_level),
        )
        .service(
            web::resource([
                "/admin/users/{id:\\d+}/anonymize.json",
                "/admin/users/{id:\\d+}/anonymize",
            ])
            .put(sanction::anonymise_user)
            .post(sanction::anonymise_user),
        )
        // Staff notes and official warnings (the page's forms POST; DELETE for API clients)
        .service(
            web::resource([
                "/admin/users/{id:\\d+}/notes.json",
                "/admin/users/{id:\\d+}/notes",
            ])
            .post(sanction::add_note),
        )
        .service(
            web::resource([
                "/admin/users/{id:\\d+}/notes/{note:\\d+}.json",
                "/admin/users/{id:\\d+}/notes/{note:\\d+}/delete",
            ])
            .delete(sanction::remove_note)
            .post(sanction::remove_note),
        )
        .service(
            web::resource([
                "/u/{username}/emails.json",
                "/u/{username}/emails",
                "/users/{username}/emails.json",
            ])
            .get(user::show_user_emails),
        )
        .service(public(["/user_actions.json", "/user_actions"]).get(user::list_user_actions))
        .service(
            public("/users/{username}.json")
                .get(user::show_user)
                .app_data(USER),
        )
        .service(
            public("/users/{username}")
                .get(user::show_user)
                .app_data(USER),
        )
        .service(
            web::resource("/signup")
                .get(session::signup_form)
                .post(session::create_account),
        )
        .service(
            web::resource("/login")
                .get(session::login_form)
                .post(session::log_in),
        )
        .service(web::resource("/logout").post(session::log_out))
        // Account mail: confirming an address, choosing a new password
        .service(
            web::resource("/verify")
                .get(email::verify_status)
                .post(email::resend_verification),
        )
        .service(
            web::resource("/verify/{token}")
                .get(email::verify_link)
                .post(email::verify),
        )
        .service(
            web::resource("/password-reset")
                .get(email::reset_request_form)
                .post(email::request_reset),
        )
        .service(
            web::resource("/password-reset/{token}")
                .get(email::reset_form)
                .post(email::reset),
        )
        .service(
            web::resource("/my/email")
                .get(email::change_email_form)
                .post(email::request_email_change),
        )
        .service(
            web::resource("/change-email/{token}")
                .get(email::change_email_link)
                .post(email::change_email),
        )
        .service(web::resource(["/session/hp.json", "/session/hp"]).get(session::honeypot))
        // Notifications, and how closely each member follows topics and categories
        .service(
            web::resource(["/notifications.json", "/notifications"])
                .get(notification::show_notifications),
        )
        .service(
            web::resource(["/notifications/mark-read.json", "/notifications/mark-read"])
                .put(notification::mark_read)
                .post(notification::mark_read),
        )
        .service(
            web::resource([
                "/t/{id:\\d+}/notifications.json",
                "/t/{id:\\d+}/notifications",
            ])
            .post(notification::watch_topic),
        )
        .service(
            web::resource([
                "/category/{id:\\d+}/notifications.json",
                "/category/{id:\\d+}/notifications",
            ])
            .post(notification::watch_category),
        )
        .service(web::resource("/u/{username}/digest/{period}").get(digest::show_digest))
        .service(
            web::resource("/unsubscribe/{user:\\d+}/{kind}/{signature}")
                .get(unsubscribe::confirm_unsubscribe)
                .post(unsubscribe::unsubscribe),
        )
        .service(
            web::resource("/my/preferences")
                .get(preferences::show_preferences)
                .post(preferences::save_preferences),
        )
        // Proposals (the SPEC lifecycle), projects, and the committee (Convene extensions)
        .service(public(["/proposals.json", "/proposals"]).get(proposals::show_proposals))
        .service(public("/proposals.atom").get(proposals::proposals_feed))
        .service(public("/proposals/{id:\\d+}/badge.svg").get(proposals::proposal_badge))
        .service(
            web::resource(["/proposals/{id:\\d+}.json", "/proposals/{id:\\d+}"])
                .get(proposals::show_proposal),
        )
        .service(web::resource("/proposals/{id:\\d+}/edit").get(proposals::edit_proposal_form))
        .service(
            web::resource([
                "/proposals/{id:\\d+}/details.json",
                "/proposals/{id:\\d+}/details",
            ])
            .put(proposals::save_details)
            .post(proposals::save_details),
        )
        .service(
            web::resource([
                "/proposals/{id:\\d+}/stage.json",
                "/proposals/{id:\\d+}/stage",
            ])
            .put(proposals::decide)
            .post(proposals::decide),
        )
        .service(
            web::resource([
                "/proposals/{id:\\d+}/endorse.json",
                "/proposals/{id:\\d+}/endorse",
            ])
            .post(proposals::endorse),
        )
        .service(
            web::resource([
                "/proposals/{id:\\d+}/withdraw-endorsement.json",
                "/proposals/{id:\\d+}/withdraw-endorsement",
            ])
            .post(proposals::withdraw_endorsement),
        )
        .service(
            web::resource([
                "/proposals/{id:\\d+}/confirm-endorsement.json",
                "/proposals/{id:\\d+}/confirm-endorsement",
            ])
            .post(proposals::confirm_endorsement),
        )
        .service(
            web::resource([
                "/proposals/{id:\\d+}/adopt.json",
                "/proposals/{id:\\d+}/adopt",
            ])
            .post(proposals::adopt),
        )
        .service(
            web::resource([
                "/proposals/{id:\\d+}/withdraw-adoption.json",
                "/proposals/{id:\\d+}/withdraw-adoption",
            ])
            .post(proposals::withdraw_adoption),
        )
        .service(public(["/projects.json", "/projects"]).get(proposals::show_projects))
        .service(public("/projects/{slug}").get(proposals::show_project))
        .service(
            web::resource(["/admin/projects.json", "/admin/projects"])
                .get(proposals::admin_projects)
                .post(proposals::save_project),
        )
        .service(
            web::resource([
                "/admin/projects/representatives.json",
                "/admin/projects/representatives",
            ])
            .post(proposals::set_representative),
        )
        // Groups (on the projects page): members, and exemption from the new-member limits
        .service(web::resource(["/admin/groups.json", "/admin/groups"]).post(groups::create_group))
        .service(
            web::resource(["/admin/groups/members.json", "/admin/groups/members"])
                .post(groups::set_group_member),
        )
        .service(
            web::resource(["/admin/groups/exemption.json", "/admin/groups/exemption"])
                .put(groups::set_exemption)
                .post(groups::set_exemption),
        )
        // Search
        .service(
            web::resource(["/search.json", "/search"])
                .get(search::search)
                .app_data(ApiScopes::new().get("search:show")),
        )
        .service(web::resource("/u/search/users.json").get(search::search_users))
        // The site itself
        .service(web::resource("/code-of-conduct").get(site::code_of_conduct))
        .service(web::resource("/healthz").get(site::health))
        .service(web::resource("/metrics").get(metrics::metrics))
        .service(public(["/site/basic-info.json", "/site/basic-info"]).get(site::basic_info))
        .service(public(["/site.json", "/site"]).get(site::site))
        .service(web::resource("/assets/{name}").get(site::asset))
        .default_service(web::to(site::not_found));
}

/// `?page=N` on lists and topics.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    /// Page number; lists count from 0, topics from 1 (as Discourse).
    pub page: Option<i64>,
    /// A list's order (`likes`, `views`, …; Discourse's names).
    pub order: Option<String>,
    /// `true`: least first.
    pub ascending: Option<String>,
}

/// The sort `?order=…&ascending=…` asks for; an order Convene does not know is a 400 that
/// names the ones it does.
pub fn sort_of(
    order: Option<&str>,
    ascending: Option<&str>,
) -> Result<crate::models::topic::Sort, crate::error::AppError> {
    use crate::models::topic::{ListOrder, Sort};
    let order = match order.map(str::trim) {
        None | Some("") => ListOrder::Activity,
        Some(name) => ListOrder::parse(name).ok_or_else(|| {
            crate::error::AppError::BadRequest(crate::messages::unknown_order(name))
        })?,
    };
    Ok(Sort {
        order,
        ascending: ascending.map(str::trim) == Some("true"),
    })
}

/// A path whose last variable segment is an id (`/t/{id}`, `/t/{slug}/{id}`, `/c/…/{id}`):
/// one handler serves every shape of it.
#[derive(Debug, Deserialize)]
pub struct IdPath {
    /// The id.
    pub id: i64,
}
