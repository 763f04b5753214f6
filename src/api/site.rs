//! The site itself as Discourse's JSON has it: `GET /site/basic-info.json`
//! (`getSiteBasicInfo`) and `GET /site.json` (`getSite`).

use serde::Serialize;

use crate::api::category::CategoryCore;
use crate::api::{Empty, NoneYet};
use crate::models::category::{Category, CategoryStats};
use crate::models::ids::CategoryId;

/// `GET /site/basic-info.json`: what a client needs to show the forum's name and icons.
#[derive(Debug, Serialize)]
pub struct SiteBasicInfo {
    /// The logo: the site icon.
    pub logo_url: String,
    /// The small logo: the site icon.
    pub logo_small_url: String,
    /// The touch icon: the site icon.
    pub apple_touch_icon_url: String,
    /// The favicon.
    pub favicon_url: String,
    /// The forum's name.
    pub title: String,
    /// One sentence about it.
    pub description: String,
    /// Header text colour.
    pub header_primary_color: &'static str,
    /// Header background colour.
    pub header_background_color: &'static str,
    /// Whether reading needs an account: never.
    pub login_required: bool,
    /// The interface language.
    pub locale: &'static str,
    /// Listed in Discourse Discover: no.
    pub include_in_discourse_discover: bool,
    /// The logo on phones: the site icon.
    pub mobile_logo_url: String,
}

/// The basic information for a forum called `title`, described by `description`, whose icon
/// is at `icon`.
pub fn basic_info(title: &str, description: &str, icon: &str) -> SiteBasicInfo {
    SiteBasicInfo {
        logo_url: icon.to_owned(),
        logo_small_url: icon.to_owned(),
        apple_touch_icon_url: icon.to_owned(),
        favicon_url: icon.to_owned(),
        title: title.to_owned(),
        description: description.to_owned(),
        header_primary_color: "1f2328",
        header_background_color: "f6f8fa",
        login_required: false,
        locale: "en",
        include_in_discourse_discover: false,
        mobile_logo_url: icon.to_owned(),
    }
}

/// Discourse's notification types and their numbers (`Notification.types`), as `/site.json`
/// sends them and as `notification_type` fields carry them: a client maps numbers to kinds
/// with this table, so Convene's notifications must use the same numbers.
pub const NOTIFICATION_TYPES: &[(&str, i32)] = &[
    ("mentioned", 1),
    ("replied", 2),
    ("quoted", 3),
    ("edited", 4),
    ("liked", 5),
    ("private_message", 6),
    ("invited_to_private_message", 7),
    ("invitee_accepted", 8),
    ("posted", 9),
    ("moved_post", 10),
    ("linked", 11),
    ("granted_badge", 12),
    ("invited_to_topic", 13),
    ("custom", 14),
    ("group_mentioned", 15),
    ("group_message_summary", 16),
    ("watching_first_post", 17),
    ("topic_reminder", 18),
    ("liked_consolidated", 19),
    ("post_approved", 20),
    ("code_review_commit_approved", 21),
    ("membership_request_accepted", 22),
    ("membership_request_consolidated", 23),
    ("bookmark_reminder", 24),
    ("reaction", 25),
    ("votes_released", 26),
    ("event_reminder", 27),
    ("event_invitation", 28),
    ("chat_mention", 29),
    ("chat_message", 30),
    ("chat_invitation", 31),
    ("chat_group_mention", 32),
    ("chat_quoted", 33),
    ("assigned", 34),
    ("question_answer_user_commented", 35),
    ("watching_category_or_tag", 36),
    ("new_features", 37),
    ("admin_problems", 38),
    ("linked_consolidated", 39),
    ("chat_watched_thread", 40),
    ("upcoming_change_available", 41),
    ("upcoming_change_automatically_promoted", 42),
    ("boost", 43),
    ("suggested_edit_created", 44),
    ("suggested_edit_accepted", 45),
    ("following", 800),
    ("following_created_topic", 801),
    ("following_replied", 802),
    ("circles_activity", 900),
];

/// `NOTIFICATION_TYPES` as the JSON object `{"mentioned": 1, …}`.
#[derive(Debug)]
pub struct NotificationTypes;

impl Serialize for NotificationTypes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(NOTIFICATION_TYPES.iter().copied())
    }
}

/// Discourse's post types. Convene's posts are all regular until moderation adds staff notes.
#[derive(Debug, Serialize)]
pub struct PostTypes {
    /// A post someone wrote.
    pub regular: i32,
    /// A moderator's notice.
    pub moderator_action: i32,
    /// A small action ("closed by …").
    pub small_action: i32,
    /// Visible to staff only.
    pub whisper: i32,
}

/// Discourse's trust levels by name.
#[derive(Debug, Serialize)]
pub struct TrustLevels {
    /// 0.
    pub newuser: i32,
    /// 1.
    pub basic: i32,
    /// 2.
    pub member: i32,
    /// 3.
    pub regular: i32,
    /// 4.
    pub leader: i32,
}

/// A kind of topic: Convene has regular topics only (no private messages).
#[derive(Debug, Serialize)]
pub struct Archetype {
    /// `regular`.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Options: none.
    pub options: NoneYet,
}

/// A category as `/site.json` lists it: every category, subcategories included, with the
/// viewer's permission in it.
#[derive(Debug, Serialize)]
pub struct SiteCategory {
    /// What every category answer carries (its own activity).
    #[serde(flatten)]
    pub core: CategoryCore,
    /// Tags from outside its groups: allowed (there are no tags yet).
    pub allow_global_tags: bool,
    /// Tag groups required: none.
    pub required_tag_groups: NoneYet,
    /// A banner for read-only categories: none (the page says so in its own words).
    pub read_only_banner: Option<String>,
    /// The category it nests under (absent for top-level ones, as Discourse sends it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_category_id: Option<CategoryId>,
}

impl SiteCategory {
    /// `c` with its own activity and `subcategories` count; `may_start_topics` and
    /// `can_edit` are the guardian's answers for the viewer.
    pub fn new(
        c: &Category,
        stats: CategoryStats,
        subcategories: i64,
        may_start_topics: bool,
        can_edit: bool,
    ) -> SiteCategory {
        let permission = if may_start_topics { 1 } else { 3 };
        SiteCategory {
            core: CategoryCore::new(c, stats, subcategories, permission, can_edit),
            allow_global_tags: true,
            required_tag_groups: [],
            read_only_banner: None,
            parent_category_id: c.parent_id,
        }
    }
}

/// `GET /site.json`: what a client needs to know about the forum before it shows anything:
/// its categories, the numbers behind notification, post and trust-level kinds, and which
/// lists and periods exist. Things Convene does not have yet (groups, tags, flags, themes,
/// user fields) are empty.
#[derive(Debug, Serialize)]
pub struct SiteResponse {
    /// The kind of a new topic: regular.
    pub default_archetype: &'static str,
    /// Notification kinds by number.
    pub notification_types: NotificationTypes,
    /// Post kinds by number.
    pub post_types: PostTypes,
    /// Trust levels by number.
    pub trust_levels: TrustLevels,
    /// Groups: none yet.
    pub groups: NoneYet,
    /// The topic lists a client may ask for.
    pub filters: &'static [&'static str],
    /// Pages that may be the home page: none to choose between.
    pub homepage_choices: NoneYet,
    /// The periods of `/top`.
    pub periods: &'static [&'static str],
    /// The lists in the top menu.
    pub top_menu_items: &'static [&'static str],
    /// The same, for visitors.
    pub anonymous_top_menu_items: &'static [&'static str],
    /// The catch-all category: Convene has none, every topic is in a chosen category.
    pub uncategorized_category_id: Option<CategoryId>,
    /// The longest value of a custom user field.
    pub user_field_max_length: i32,
    /// Likes and flags: none yet.
    pub post_action_types: NoneYet,
    /// Topic flags: none yet.
    pub topic_flag_types: NoneYet,
    /// Whether the viewer may create tags: there are none yet.
    pub can_create_tag: bool,
    /// Whether the viewer may tag topics.
    pub can_tag_topics: bool,
    /// Whether the viewer may tag messages.
    pub can_tag_pms: bool,
    /// Characters a tag may not contain (Discourse's).
    pub tags_filter_regexp: &'static str,
    /// Popular tags: none yet.
    pub top_tags: NoneYet,
    /// Whether the forum sends mail: not yet.
    pub email_configured: bool,
    /// Categories whose topics may carry a featured link: none.
    pub topic_featured_link_allowed_category_ids: NoneYet,
    /// Themes a user may pick: one look, light or dark as the device prefers.
    pub user_themes: NoneYet,
    /// Colour schemes a user may pick: none.
    pub user_color_schemes: NoneYet,
    /// The light scheme: the built-in one.
    pub default_light_color_scheme: Option<Empty>,
    /// The dark scheme: the built-in one.
    pub default_dark_color_scheme: Option<Empty>,
    /// Censored words: none.
    pub censored_regexp: NoneYet,
    /// Emoji translations: none.
    pub custom_emoji_translation: Empty,
    /// Watched words replaced: none.
    pub watched_words_replace: Option<String>,
    /// Watched words linked: none.
    pub watched_words_link: Option<String>,
    /// Every category, in order, subcategories included.
    pub categories: Vec<SiteCategory>,
    /// Kinds of topic.
    pub archetypes: [Archetype; 1],
    /// Custom user fields: none.
    pub user_fields: NoneYet,
    /// Other ways to log in: none.
    pub auth_providers: NoneYet,
    /// Whether sign-up requires a full name: no.
    pub full_name_required_for_signup: bool,
    /// Whether sign-up asks for one: yes, optionally.
    pub full_name_visible_in_signup: bool,
}

/// Discourse's `Discourse.filters` that Convene serves.
const FILTERS: &[&str] = &["latest", "top"];
/// The lists in Convene's header.
const TOP_MENU: &[&str] = &["latest", "categories", "top"];

/// `/site.json` with `categories` as the viewer sees them.
pub fn site(categories: Vec<SiteCategory>) -> SiteResponse {
    SiteResponse {
        default_archetype: "regular",
        notification_types: NotificationTypes,
        post_types: PostTypes {
            regular: 1,
            moderator_action: 2,
            small_action: 3,
            whisper: 4,
        },
        trust_levels: TrustLevels {
            newuser: 0,
            basic: 1,
            member: 2,
            regular: 3,
            leader: 4,
        },
        groups: [],
        filters: FILTERS,
        homepage_choices: [],
        periods: &["all", "yearly", "quarterly", "monthly", "weekly", "daily"],
        top_menu_items: TOP_MENU,
        anonymous_top_menu_items: TOP_MENU,
        uncategorized_category_id: None,
        user_field_max_length: 2048,
        post_action_types: [],
        topic_flag_types: [],
        can_create_tag: false,
        can_tag_topics: false,
        can_tag_pms: false,
        tags_filter_regexp: r#"[/\?#\[\]@!\$&'\(\)\*\+,;=\.%\\`^\s|\{\}"<>]+"#,
        top_tags: [],
        email_configured: false,
        topic_featured_link_allowed_category_ids: [],
        user_themes: [],
        user_color_schemes: [],
        default_light_color_scheme: None,
        default_dark_color_scheme: None,
        censored_regexp: [],
        custom_emoji_translation: Empty {},
        watched_words_replace: None,
        watched_words_link: None,
        categories,
        archetypes: [Archetype {
            id: "regular",
            name: "Regular Topic",
            options: [],
        }],
        user_fields: [],
        auth_providers: [],
        full_name_required_for_signup: false,
        full_name_visible_in_signup: true,
    }
}

/// `GET /healthz`: whether the database answers (`ok`) or not.
#[derive(Debug, Serialize)]
pub struct Health {
    /// `ok` or `database unavailable`.
    pub status: &'static str,
}
