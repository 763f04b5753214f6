//! Tags and tag groups in Discourse's shapes: `/tags.json`, `/tag_groups.json` and
//! `/tag_groups/{id}.json` (a tag's topics are a topic list, `api::topic_list`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::models::ids::{TagGroupId, TagId};
use crate::models::tag::{TagCount, TagGroup};

/// `GET /tags.json`.
#[derive(Debug, Serialize)]
pub struct TagsResponse {
    /// Every tag, the most used first.
    pub tags: Vec<TagEntry>,
    /// What else Discourse lists: tags per category, which Convene does not keep.
    pub extras: TagExtras,
}

/// One tag in the list.
#[derive(Debug, Serialize)]
pub struct TagEntry {
    /// Id.
    pub id: TagId,
    /// Its name (Discourse's display text).
    pub text: String,
    /// Its name.
    pub name: String,
    /// Topics the viewer may see carrying it.
    pub count: i64,
    /// Personal messages carrying it: Convene has none.
    pub pm_count: i64,
    /// The tag it is a synonym of: none.
    pub target_tag: Option<String>,
    /// What it is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `extras` of the tag list.
#[derive(Debug, Serialize)]
pub struct TagExtras {
    /// Tags per category: none.
    pub categories: crate::api::NoneYet,
}

/// The tag list.
pub fn tags(counted: &[TagCount]) -> TagsResponse {
    TagsResponse {
        tags: counted
            .iter()
            .map(|c| TagEntry {
                id: c.tag.id,
                text: c.tag.name.clone(),
                name: c.tag.name.clone(),
                count: c.topics,
                pm_count: 0,
                target_tag: None,
                description: c.tag.description.clone(),
            })
            .collect(),
        extras: TagExtras { categories: [] },
    }
}

/// `GET /tag_groups.json`.
#[derive(Debug, Serialize)]
pub struct TagGroupsResponse {
    /// Every group, by name.
    pub tag_groups: Vec<TagGroupEntry>,
}

/// A tag group in the list, and as `POST /tag_groups.json` answers it.
#[derive(Debug, Serialize)]
pub struct TagGroupEntry {
    /// Id.
    pub id: TagGroupId,
    /// Its name.
    pub name: String,
    /// Its tags.
    pub tags: Vec<GroupTag>,
    /// A tag the group's tags need first: none in Convene.
    pub parent_tag: crate::api::NoneYet,
    /// Whether a topic takes one tag of the group at most: not in Convene.
    pub one_per_topic: bool,
    /// Who may see and use its tags, by group: everyone (`1`: full).
    pub permissions: BTreeMap<&'static str, i32>,
}

/// A tag as a group lists it.
#[derive(Debug, Serialize)]
pub struct GroupTag {
    /// Id.
    pub id: TagId,
    /// Name.
    pub name: String,
    /// Its slug: the name.
    pub slug: String,
}

/// The group as the list and its creation show it.
pub fn group_entry(group: &TagGroup) -> TagGroupEntry {
    TagGroupEntry {
        id: group.id,
        name: group.name.clone(),
        tags: group
            .tags
            .iter()
            .map(|t| GroupTag {
                id: t.id,
                name: t.name.clone(),
                slug: t.name.clone(),
            })
            .collect(),
        parent_tag: [],
        one_per_topic: false,
        permissions: BTreeMap::from([("everyone", 1)]),
    }
}

/// The tag group list.
pub fn tag_groups(groups: &[TagGroup]) -> TagGroupsResponse {
    TagGroupsResponse {
        tag_groups: groups.iter().map(group_entry).collect(),
    }
}

/// `POST /tag_groups.json`'s answer.
#[derive(Debug, Serialize)]
pub struct CreatedTagGroup {
    /// The group made.
    pub tag_group: TagGroupEntry,
}

/// `GET` and `PUT /tag_groups/{id}.json`'s answer.
#[derive(Debug, Serialize)]
pub struct TagGroupResponse {
    /// `OK` after a change (Discourse's `success`); absent when only read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<&'static str>,
    /// The group.
    pub tag_group: TagGroupDetail,
}

/// One tag group in detail.
#[derive(Debug, Serialize)]
pub struct TagGroupDetail {
    /// Id.
    pub id: TagGroupId,
    /// Name.
    pub name: String,
    /// Its tags' names.
    pub tag_names: Vec<String>,
    /// The tag its tags need first: none.
    pub parent_tag_name: crate::api::NoneYet,
    /// One tag of it per topic: no.
    pub one_per_topic: bool,
    /// Everyone may use its tags.
    pub permissions: BTreeMap<&'static str, i32>,
    /// The categories its tags are kept to (Convene's; none: anywhere).
    pub category_ids: Vec<crate::models::ids::CategoryId>,
}

/// A group in detail, after a change when `changed`.
pub fn tag_group(group: &TagGroup, changed: bool) -> TagGroupResponse {
    TagGroupResponse {
        success: changed.then_some("OK"),
        tag_group: TagGroupDetail {
            id: group.id,
            name: group.name.clone(),
            tag_names: group.tags.iter().map(|t| t.name.clone()).collect(),
            parent_tag_name: [],
            one_per_topic: false,
            permissions: BTreeMap::from([("everyone", 1)]),
            category_ids: group.categories.clone(),
        },
    }
}
