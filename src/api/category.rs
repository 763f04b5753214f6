//! Categories as Discourse's JSON has them: the list (`GET /categories.json`,
//! `listCategories`), one category in full (`getCategory`, and the answers to creating and
//! changing one), and the part every category answer shares (`CategoryCore`, also used by
//! `/site.json`).

use serde::Serialize;

use crate::api::NoneYet;
use crate::models::category::{Category, CategoryStats, CategoryTree};
use crate::models::ids::CategoryId;

/// `GET /categories.json`.
#[derive(Debug, Serialize)]
pub struct CategoryListResponse {
    /// The list.
    pub category_list: CategoryList,
}

/// Top-level categories, each with its subcategories' ids and rolled-up counts.
#[derive(Debug, Serialize)]
pub struct CategoryList {
    /// Whether the viewer may create categories.
    pub can_create_category: bool,
    /// Whether the viewer may start topics.
    pub can_create_topic: bool,
    /// The categories.
    pub categories: Vec<CategoryEntry>,
}

/// What every category answer carries (the list, one category in full, `/site.json`): the
/// fields Discourse's BasicCategorySerializer sends, from the category, its own activity and
/// the viewer's permission. Each answer flattens this into itself and adds its own fields.
#[derive(Debug, Serialize)]
pub struct CategoryCore {
    /// Id.
    pub id: CategoryId,
    /// Name.
    pub name: String,
    /// Six hex digits.
    pub color: String,
    /// Text on the colour: white.
    pub text_color: &'static str,
    /// How the category is marked: a square of its colour.
    pub style_type: &'static str,
    /// An emoji instead: none.
    pub emoji: Option<String>,
    /// An icon instead: none.
    pub icon: Option<String>,
    /// Slug.
    pub slug: String,
    /// Topics in it.
    pub topic_count: i64,
    /// Posts in it.
    pub post_count: i64,
    /// Sort position.
    pub position: i32,
    /// Description.
    pub description: Option<String>,
    /// Description as text.
    pub description_text: Option<String>,
    /// Description, shortened: all of it.
    pub description_excerpt: Option<String>,
    /// Its page.
    pub topic_url: String,
    /// Readable only by some: every category is public.
    pub read_restricted: bool,
    /// The viewer's permission: 1 create/reply/see, 3 see only.
    pub permission: i32,
    /// Notification level: regular.
    pub notification_level: i32,
    /// Whether the viewer may edit it.
    pub can_edit: bool,
    /// A template for new topics: none.
    pub topic_template: Option<String>,
    /// A placeholder for new titles: none.
    pub topic_title_placeholder: Option<String>,
    /// Whether it has subcategories.
    pub has_children: bool,
    /// How many.
    pub subcategory_count: Option<i64>,
    /// Sort order of its list: default.
    pub sort_order: Option<String>,
    /// Sort direction: default.
    pub sort_ascending: Option<String>,
    /// Whether its page lists its subcategories.
    pub show_subcategory_list: bool,
    /// Topics featured under it.
    pub num_featured_topics: i32,
    /// Its page's list: latest.
    pub default_view: Option<String>,
    /// How subcategories are listed.
    pub subcategory_list_style: &'static str,
    /// The default period of its top list.
    pub default_top_period: &'static str,
    /// The default filter of its list.
    pub default_list_filter: &'static str,
    /// Tags required on a topic: none.
    pub minimum_required_tags: i32,
    /// Where a link to a topic lands: the last read post.
    pub navigate_to_first_post_after_read: bool,
    /// Logo: none.
    pub uploaded_logo: Option<String>,
    /// Dark logo: none.
    pub uploaded_logo_dark: Option<String>,
    /// Background: none.
    pub uploaded_background: Option<String>,
    /// Dark background: none.
    pub uploaded_background_dark: Option<String>,
}

impl CategoryCore {
    /// `c` with `stats` (its own or rolled up, as the answer needs) and `subcategories` of
    /// its own; `permission` (1 or 3) and `can_edit` are the guardian's answers for the viewer.
    pub fn new(
        c: &Category,
        stats: CategoryStats,
        subcategories: i64,
        permission: i32,
        can_edit: bool,
    ) -> CategoryCore {
        let description = (!c.description.is_empty()).then(|| c.description.clone());
        CategoryCore {
            id: c.id,
            name: c.name.clone(),
            color: c.color.clone(),
            text_color: "FFFFFF",
            style_type: "square",
            emoji: None,
            icon: None,
            slug: c.slug.clone(),
            topic_count: stats.topic_count,
            post_count: stats.post_count,
            position: c.position,
            description_text: description.clone(),
            description_excerpt: description.clone(),
            description,
            topic_url: c.url(),
            read_restricted: false,
            permission,
            notification_level: 1,
            can_edit,
            topic_template: None,
            topic_title_placeholder: None,
            has_children: subcategories > 0,
            subcategory_count: Some(subcategories),
            sort_order: None,
            sort_ascending: None,
            show_subcategory_list: subcategories > 0,
            num_featured_topics: 3,
            default_view: Some("latest".to_owned()),
            subcategory_list_style: "rows_with_featured_topics",
            default_top_period: "all",
            default_list_filter: "all",
            minimum_required_tags: 0,
            navigate_to_first_post_after_read: false,
            uploaded_logo: None,
            uploaded_logo_dark: None,
            uploaded_background: None,
            uploaded_background_dark: None,
        }
    }
}

/// A category in the list, with its activity rolled up from its subcategories.
#[derive(Debug, Serialize)]
pub struct CategoryEntry {
    /// What every category answer carries.
    #[serde(flatten)]
    pub core: CategoryCore,
    /// Topics started today: not counted yet.
    pub topics_day: i64,
    /// This week: not counted yet.
    pub topics_week: i64,
    /// This month: not counted yet.
    pub topics_month: i64,
    /// This year: not counted yet.
    pub topics_year: i64,
    /// All time.
    pub topics_all_time: i64,
    /// The catch-all category: Convene has none.
    pub is_uncategorized: bool,
    /// Its subcategories.
    pub subcategory_ids: Vec<CategoryId>,
    /// Only staff post here (a Convene field).
    pub read_only: bool,
    /// The project's homepage, for project categories (a Convene field).
    pub homepage_url: Option<String>,
    /// The project's repository (a Convene field).
    pub repository_url: Option<String>,
}

impl CategoryEntry {
    /// The entry for `c`, with its (rolled-up) activity and its subcategories; `can_edit` is
    /// the guardian's answer for the viewer.
    pub fn new(
        c: &Category,
        stats: CategoryStats,
        subcategory_ids: Vec<CategoryId>,
        can_edit: bool,
    ) -> CategoryEntry {
        let permission = if c.read_only { 3 } else { 1 };
        CategoryEntry {
            core: CategoryCore::new(c, stats, subcategory_ids.len() as i64, permission, can_edit),
            topics_day: 0,
            topics_week: 0,
            topics_month: 0,
            topics_year: 0,
            topics_all_time: stats.topic_count,
            is_uncategorized: false,
            subcategory_ids,
            read_only: c.read_only,
            homepage_url: c.homepage_url.clone(),
            repository_url: c.repository_url.clone(),
        }
    }
}

/// `GET /categories.json`: top-level categories with their subcategory ids and rolled-up
/// counts.
pub fn categories(
    trees: &[CategoryTree],
    can_create_category: bool,
    can_create_topic: bool,
) -> CategoryListResponse {
    CategoryListResponse {
        category_list: CategoryList {
            can_create_category,
            can_create_topic,
            categories: trees
                .iter()
                .map(|t| {
                    let ids = t.children.iter().map(|c| c.id).collect();
                    CategoryEntry::new(t.category, t.stats, ids, can_create_category)
                })
                .collect(),
        },
    }
}

/// One category in full: `GET /c/{id}/show.json` (`getCategory`), and inside the answers to
/// `POST /categories.json` and `PUT /categories/{id}.json`.
#[derive(Debug, Serialize)]
pub struct CategoryDetail {
    /// What every category answer carries (its own activity, not its subcategories').
    #[serde(flatten)]
    pub core: CategoryCore,
    /// The category it nests under.
    pub parent_category_id: Option<CategoryId>,
    /// Form templates: none.
    pub form_template_ids: NoneYet,
    /// Custom fields: none.
    pub custom_fields: crate::api::Empty,
    /// Tag groups required: none.
    pub required_tag_groups: NoneYet,
    /// A banner for read-only categories: none (the page says so in its own words).
    pub read_only_banner: Option<String>,
    /// Groups that could be given access: none.
    pub available_groups: NoneYet,
    /// Closing topics automatically: not yet.
    pub auto_close_hours: Option<String>,
    /// Closing after the last post: not yet.
    pub auto_close_based_on_last_post: bool,
    /// Unlimited first-post edits for owners: no.
    pub allow_unlimited_owner_edits_on_first_post: bool,
    /// Slow mode: off.
    pub default_slow_mode_seconds: Option<String>,
    /// Who may do what: everyone may see, and post unless only staff may.
    pub group_permissions: Vec<GroupPermission>,
    /// Mail-in address: not yet.
    pub email_in: Option<String>,
    /// Mail from strangers: no.
    pub email_in_allow_strangers: bool,
    /// Mailing-list mirror: no.
    pub mailinglist_mirror: bool,
    /// Every topic a wiki: no.
    pub all_topics_wiki: bool,
    /// Deleting categories: not yet.
    pub can_delete: bool,
    /// Badges: none.
    pub allow_badges: bool,
    /// Featured links: no.
    pub topic_featured_link_allowed: bool,
    /// Search priority: normal.
    pub search_priority: i32,
    /// Groups whose topics are reviewed: none.
    pub topic_posting_review_group_ids: Vec<i64>,
    /// Groups whose replies are reviewed: none.
    pub reply_posting_review_group_ids: Vec<i64>,
    /// Only staff post here (a Convene field).
    pub read_only: bool,
    /// The project's homepage (a Convene field).
    pub homepage_url: Option<String>,
    /// The project's repository (a Convene field).
    pub repository_url: Option<String>,
}

/// A group's permission on a category, as Discourse lists it.
#[derive(Debug, Serialize)]
pub struct GroupPermission {
    /// 1 create/reply/see, 3 see.
    pub permission_type: i32,
    /// The group: `everyone` (Convene has no groups yet).
    pub group_name: &'static str,
    /// Discourse's id of `everyone`.
    pub group_id: i64,
}

impl CategoryDetail {
    /// `c` in full, with its own activity and its subcategories' count; `can_edit` is the
    /// guardian's answer for the viewer.
    pub fn new(c: &Category, stats: CategoryStats, subcategories: i64, can_edit: bool) -> Self {
        let permission = if c.read_only { 3 } else { 1 };
        CategoryDetail {
            core: CategoryCore::new(c, stats, subcategories, permission, can_edit),
            parent_category_id: c.parent_id,
            form_template_ids: [],
            custom_fields: crate::api::Empty {},
            required_tag_groups: [],
            read_only_banner: None,
            available_groups: [],
            auto_close_hours: None,
            auto_close_based_on_last_post: false,
            allow_unlimited_owner_edits_on_first_post: false,
            default_slow_mode_seconds: None,
            group_permissions: vec![GroupPermission {
                permission_type: permission,
                group_name: "everyone",
                group_id: 0,
            }],
            email_in: None,
            email_in_allow_strangers: false,
            mailinglist_mirror: false,
            all_topics_wiki: false,
            can_delete: false,
            allow_badges: false,
            topic_featured_link_allowed: false,
            search_priority: 0,
            topic_posting_review_group_ids: Vec::new(),
            reply_posting_review_group_ids: Vec::new(),
            read_only: c.read_only,
            homepage_url: c.homepage_url.clone(),
            repository_url: c.repository_url.clone(),
        }
    }
}

/// `GET /c/{id}/show.json` and `POST /categories.json`.
#[derive(Debug, Serialize)]
pub struct CategoryResponse {
    /// The category.
    pub category: CategoryDetail,
}

/// `PUT /categories/{id}.json`.
#[derive(Debug, Serialize)]
pub struct UpdatedCategoryResponse {
    /// Always `OK`.
    pub success: &'static str,
    /// The category as saved.
    pub category: CategoryDetail,
}
