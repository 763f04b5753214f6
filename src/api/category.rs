//! Categories as Discourse's JSON has them.

use crate::models::category::{Category, CategoryStats, CategoryTree};
use crate::models::ids::CategoryId;

/// A category in Discourse's JSON shape.
pub fn category_json(
    c: &Category,
    stats: CategoryStats,
    subcategory_ids: &[CategoryId],
    can_edit: bool,
) -> serde_json::Value {
    serde_json::json!({
        "id": c.id,
        "name": c.name,
        "color": c.color,
        "text_color": "FFFFFF",
        "slug": c.slug,
        "topic_count": stats.topic_count,
        "post_count": stats.post_count,
        "position": c.position,
        "description": c.description,
        "description_text": c.description,
        "description_excerpt": c.description,
        "topic_url": format!("/c/{}/{}", c.slug, c.id),
        "read_restricted": false,
        "permission": if c.read_only { 3 } else { 1 },
        "notification_level": 1,
        "can_edit": can_edit,
        "topic_template": null,
        "has_children": !subcategory_ids.is_empty(),
        "subcategory_ids": subcategory_ids,
        "parent_category_id": c.parent_id,
        "sort_order": null,
        "sort_ascending": null,
        "show_subcategory_list": !subcategory_ids.is_empty(),
        "num_featured_topics": 3,
        "default_view": "latest",
        "subcategory_list_style": "rows_with_featured_topics",
        "default_top_period": "all",
        "default_list_filter": "all",
        "minimum_required_tags": 0,
        "navigate_to_first_post_after_read": false,
        "is_uncategorized": false,
        "uploaded_logo": null,
        "uploaded_background": null,
        "read_only": c.read_only,
        "homepage_url": c.homepage_url,
        "repository_url": c.repository_url,
    })
}

/// `GET /categories.json`: top-level categories with their subcategory ids and rolled-up counts.
pub fn categories_json(
    trees: &[CategoryTree],
    can_create_category: bool,
    can_create_topic: bool,
) -> serde_json::Value {
    let categories: Vec<serde_json::Value> = trees
        .iter()
        .map(|t| {
            let ids: Vec<CategoryId> = t.children.iter().map(|c| c.id).collect();
            category_json(t.category, t.stats, &ids, can_create_category)
        })
        .collect();
    serde_json::json!({
        "category_list": {
            "can_create_category": can_create_category,
            "can_create_topic": can_create_topic,
            "categories": categories,
        }
    })
}
