//! Tags: short lower-case names a topic carries (at most `[tags] max_per_topic`), and tag
//! groups, which gather tags and may restrict them to categories. Written by `services::tags`;
//! how many topics carry a tag is counted when asked (the `topic_tags_by_tag` index), so it
//! always agrees with what the viewer may see.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{
    tag_group_categories, tag_group_tags, tag_groups, tags, topic_tags, topics,
};
use crate::models::ids::{CategoryId, TagGroupId, TagId, TopicId};
use crate::models::visibility::Visibility;

/// The longest tag name, in characters (Discourse's `max_tag_length`).
pub const MAX_TAG_CHARS: usize = 20;

/// The longest tag group name, in characters.
pub const MAX_GROUP_CHARS: usize = 100;

/// The longest tag description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 280;

/// A name as tags are stored: trimmed, lower case, inner spaces as hyphens (`Machine
/// Learning` is `machine-learning`); `None` unless it is then 1–[`MAX_TAG_CHARS`] letters,
/// digits, `-` or `_`. Nothing else is allowed, so a tag is safe in an address
/// (`/tag/{name}.json`) and in a search (`tags:a,b+c`) without escaping.
pub fn normalise(name: &str) -> Option<String> {
    let name = name.trim().to_lowercase();
    let name = name.split_whitespace().collect::<Vec<_>>().join("-");
    let length = name.chars().count();
    let allowed = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    (length > 0 && length <= MAX_TAG_CHARS && name.chars().all(allowed)).then_some(name)
}

/// The tags typed into a form's one text field, separated by commas or spaces, as typed
/// (each still to be [`normalise`]d); empty pieces left out.
pub fn split_typed(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|piece| !piece.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A `tags` row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = tags)]
pub struct Tag {
    /// Id.
    pub id: TagId,
    /// Its name, lower case.
    pub name: String,
    /// What it is for, shown on its page and in the tag list.
    pub description: Option<String>,
    /// When it was made.
    pub created_at: NaiveDateTime,
}

/// A tag and how many topics the viewer may see carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCount {
    /// The tag.
    pub tag: Tag,
    /// Its topics.
    pub topics: i64,
}

/// A `tag_groups` row with its tags and the categories it restricts them to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagGroup {
    /// Id.
    pub id: TagGroupId,
    /// Its name.
    pub name: String,
    /// Its tags, by name.
    pub tags: Vec<Tag>,
    /// The categories its tags are allowed in; empty: anywhere.
    pub categories: Vec<CategoryId>,
}

impl Tag {
    /// The tag called `name` (already normalised).
    pub fn find_by_name(conn: &mut AnyConnection, name: &str) -> QueryResult<Option<Tag>> {
        tags::table
            .filter(tags::name.eq(name))
            .select(Tag::as_select())
            .first(conn)
            .optional()
    }

    /// The tags with these names that exist.
    pub fn by_names(conn: &mut AnyConnection, names: &[String]) -> QueryResult<Vec<Tag>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        tags::table
            .filter(tags::name.eq_any(names))
            .select(Tag::as_select())
            .load(conn)
    }

    /// Every tag with the number of topics `visibility` may see carrying it, the most used
    /// first, then by name.
    pub fn all_counted(
        conn: &mut AnyConnection,
        visibility: Visibility,
    ) -> QueryResult<Vec<TagCount>> {
        let all: Vec<Tag> = tags::table
            .order(tags::name.asc())
            .select(Tag::as_select())
            .load(conn)?;
        let counted = topic_tags::table
            .inner_join(topics::table)
            .group_by(topic_tags::tag_id)
            .select((topic_tags::tag_id, diesel::dsl::count_star()));
        let counts: Vec<(TagId, i64)> = if visibility.sees_removed() {
            counted.load(conn)?
        } else {
            counted
                .filter(topics::visible.eq(true))
                .filter(topics::deleted_at.is_null())
                .load(conn)?
        };
        let counts: HashMap<TagId, i64> = counts.into_iter().collect();
        let mut counted: Vec<TagCount> = all
            .into_iter()
            .map(|tag| TagCount {
                topics: counts.get(&tag.id).copied().unwrap_or(0),
                tag,
            })
            .collect();
        counted.sort_by(|a, b| b.topics.cmp(&a.topics).then(a.tag.name.cmp(&b.tag.name)));
        Ok(counted)
    }

    /// How many topics `visibility` may see carry `tag`.
    pub fn count_topics(
        conn: &mut AnyConnection,
        tag: TagId,
        visibility: Visibility,
    ) -> QueryResult<i64> {
        let tagged = topic_tags::table
            .inner_join(topics::table)
            .filter(topic_tags::tag_id.eq(tag))
            .count();
        if visibility.sees_removed() {
            tagged.get_result(conn)
        } else {
            tagged
                .filter(topics::visible.eq(true))
                .filter(topics::deleted_at.is_null())
                .get_result(conn)
        }
    }

    /// A topic's tags, alphabetically.
    pub fn of_topic(conn: &mut AnyConnection, topic: TopicId) -> QueryResult<Vec<Tag>> {
        topic_tags::table
            .inner_join(tags::table)
            .filter(topic_tags::topic_id.eq(topic))
            .order(tags::name.asc())
            .select(Tag::as_select())
            .load(conn)
    }

    /// A topic's tags' names, alphabetically.
    pub fn names_of_topic(conn: &mut AnyConnection, topic: TopicId) -> QueryResult<Vec<String>> {
        topic_tags::table
            .inner_join(tags::table)
            .filter(topic_tags::topic_id.eq(topic))
            .order(tags::name.asc())
            .select(tags::name)
            .load(conn)
    }

    /// The tags' names of each of these topics, alphabetically (topics without tags left out).
    pub fn names_of_topics(
        conn: &mut AnyConnection,
        ids: &[TopicId],
    ) -> QueryResult<HashMap<TopicId, Vec<String>>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(TopicId, String)> = topic_tags::table
            .inner_join(tags::table)
            .filter(topic_tags::topic_id.eq_any(ids))
            .order((topic_tags::topic_id.asc(), tags::name.asc()))
            .select((topic_tags::topic_id, tags::name))
            .load(conn)?;
        let mut by_topic: HashMap<TopicId, Vec<String>> = HashMap::new();
        for (topic, name) in rows {
            by_topic.entry(topic).or_default().push(name);
        }
        Ok(by_topic)
    }

    /// The topics carrying any of `tags` (`every`: all of them), for `tags:` in search.
    pub fn topics_with(
        conn: &mut AnyConnection,
        tags: &[TagId],
        every: bool,
    ) -> QueryResult<Vec<TopicId>> {
        if tags.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(TopicId, TagId)> = topic_tags::table
            .filter(topic_tags::tag_id.eq_any(tags))
            .select((topic_tags::topic_id, topic_tags::tag_id))
            .load(conn)?;
        let mut found: HashMap<TopicId, usize> = HashMap::new();
        for (topic, _) in rows {
            *found.entry(topic).or_default() += 1;
        }
        let needed = if every { tags.len() } else { 1 };
        let mut ids: Vec<TopicId> = found
            .into_iter()
            .filter(|(_, n)| *n >= needed)
            .map(|(topic, _)| topic)
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// For each of these tags that a restricting group holds, the categories it is allowed
    /// in (the union over its groups); tags in no restricting group are allowed anywhere and
    /// left out.
    pub fn allowed_categories(
        conn: &mut AnyConnection,
        tags: &[TagId],
    ) -> QueryResult<HashMap<TagId, Vec<CategoryId>>> {
        if tags.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(TagId, CategoryId)> = tag_group_tags::table
            .inner_join(
                tag_group_categories::table
                    .on(tag_group_categories::tag_group_id.eq(tag_group_tags::tag_group_id)),
            )
            .filter(tag_group_tags::tag_id.eq_any(tags))
            .select((tag_group_tags::tag_id, tag_group_categories::category_id))
            .load(conn)?;
        let mut allowed: HashMap<TagId, Vec<CategoryId>> = HashMap::new();
        for (tag, category) in rows {
            allowed.entry(tag).or_default().push(category);
        }
        Ok(allowed)
    }

    /// Makes a tag (its name already normalised and free).
    pub(crate) fn create(
        conn: &mut AnyConnection,
        name: &str,
        description: Option<&str>,
        now: NaiveDateTime,
    ) -> QueryResult<Tag> {
        diesel::insert_into(tags::table)
            .values((
                tags::name.eq(name),
                tags::description.eq(description),
                tags::created_at.eq(now),
            ))
            .returning(tags::all_columns)
            .get_result(conn)
    }

    /// Changes a tag's description.
    pub(crate) fn describe(
        conn: &mut AnyConnection,
        id: TagId,
        description: Option<&str>,
    ) -> QueryResult<usize> {
        diesel::update(tags::table.find(id))
            .set(tags::description.eq(description))
            .execute(conn)
    }

    /// Deletes a tag: the topics that carried it no longer do, its groups no longer hold it.
    pub(crate) fn delete(conn: &mut AnyConnection, id: TagId) -> QueryResult<usize> {
        // Explicitly, rather than trusting ON DELETE CASCADE to be switched on.
        diesel::delete(topic_tags::table.filter(topic_tags::tag_id.eq(id))).execute(conn)?;
        diesel::delete(tag_group_tags::table.filter(tag_group_tags::tag_id.eq(id)))
            .execute(conn)?;
        diesel::delete(tags::table.find(id)).execute(conn)
    }

    /// Gives `topic` exactly these tags.
    pub(crate) fn set_for_topic(
        conn: &mut AnyConnection,
        topic: TopicId,
        tags: &[TagId],
    ) -> QueryResult<()> {
        diesel::delete(topic_tags::table.filter(topic_tags::topic_id.eq(topic))).execute(conn)?;
        if !tags.is_empty() {
            let rows: Vec<_> = tags
                .iter()
                .map(|&tag| (topic_tags::topic_id.eq(topic), topic_tags::tag_id.eq(tag)))
                .collect();
            crate::with_conn!(conn, |c| diesel::insert_into(topic_tags::table)
                .values(&rows)
                .execute(c))?;
        }
        Ok(())
    }
}

impl TagGroup {
    /// Every tag group with its tags and categories, by name.
    pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<TagGroup>> {
        let groups: Vec<(TagGroupId, String)> = tag_groups::table
            .order(tag_groups::name.asc())
            .select((tag_groups::id, tag_groups::name))
            .load(conn)?;
        let members: Vec<(TagGroupId, Tag)> = tag_group_tags::table
            .inner_join(tags::table)
            .order(tags::name.asc())
            .select((tag_group_tags::tag_group_id, Tag::as_select()))
            .load(conn)?;
        let places: Vec<(TagGroupId, CategoryId)> = tag_group_categories::table
            .select((
                tag_group_categories::tag_group_id,
                tag_group_categories::category_id,
            ))
            .load(conn)?;
        Ok(groups
            .into_iter()
            .map(|(id, name)| TagGroup {
                id,
                name,
                tags: members
                    .iter()
                    .filter(|(group, _)| *group == id)
                    .map(|(_, tag)| tag.clone())
                    .collect(),
                categories: places
                    .iter()
                    .filter(|(group, _)| *group == id)
                    .map(|(_, category)| *category)
                    .collect(),
            })
            .collect())
    }

    /// The group with this id.
    pub fn find(conn: &mut AnyConnection, id: TagGroupId) -> QueryResult<Option<TagGroup>> {
        Ok(TagGroup::all(conn)?.into_iter().find(|g| g.id == id))
    }

    /// Whether a group is called `name`.
    pub fn name_taken(conn: &mut AnyConnection, name: &str) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            tag_groups::table.filter(tag_groups::name.eq(name)),
        ))
        .get_result(conn)
    }

    /// Makes an empty group.
    pub(crate) fn create(
        conn: &mut AnyConnection,
        name: &str,
        now: NaiveDateTime,
    ) -> QueryResult<TagGroupId> {
        diesel::insert_into(tag_groups::table)
            .values((tag_groups::name.eq(name), tag_groups::created_at.eq(now)))
            .returning(tag_groups::id)
            .get_result(conn)
    }

    /// Renames a group.
    pub(crate) fn rename(
        conn: &mut AnyConnection,
        id: TagGroupId,
        name: &str,
    ) -> QueryResult<usize> {
        diesel::update(tag_groups::table.find(id))
            .set(tag_groups::name.eq(name))
            .execute(conn)
    }

    /// Gives a group exactly these tags and categories.
    pub(crate) fn fill(
        conn: &mut AnyConnection,
        id: TagGroupId,
        tags: &[TagId],
        categories: &[CategoryId],
    ) -> QueryResult<()> {
        diesel::delete(tag_group_tags::table.filter(tag_group_tags::tag_group_id.eq(id)))
            .execute(conn)?;
        diesel::delete(
            tag_group_categories::table.filter(tag_group_categories::tag_group_id.eq(id)),
        )
        .execute(conn)?;
        if !tags.is_empty() {
            let rows: Vec<_> = tags
                .iter()
                .map(|&tag| {
                    (
                        tag_group_tags::tag_group_id.eq(id),
                        tag_group_tags::tag_id.eq(tag),
                    )
                })
                .collect();
            crate::with_conn!(conn, |c| diesel::insert_into(tag_group_tags::table)
                .values(&rows)
                .execute(c))?;
        }
        if !categories.is_empty() {
            let rows: Vec<_> = categories
                .iter()
                .map(|&category| {
                    (
                        tag_group_categories::tag_group_id.eq(id),
                        tag_group_categories::category_id.eq(category),
                    )
                })
                .collect();
            crate::with_conn!(conn, |c| diesel::insert_into(tag_group_categories::table)
                .values(&rows)
                .execute(c))?;
        }
        Ok(())
    }

    /// Deletes a group (its tags stay).
    pub(crate) fn delete(conn: &mut AnyConnection, id: TagGroupId) -> QueryResult<usize> {
        diesel::delete(tag_group_tags::table.filter(tag_group_tags::tag_group_id.eq(id)))
            .execute(conn)?;
        diesel::delete(
            tag_group_categories::table.filter(tag_group_categories::tag_group_id.eq(id)),
        )
        .execute(conn)?;
        diesel::delete(tag_groups::table.find(id)).execute(conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lower_case_hyphenated_and_plain() {
        assert_eq!(normalise("  NumPy ").as_deref(), Some("numpy"));
        assert_eq!(
            normalise("Machine  Learning").as_deref(),
            Some("machine-learning")
        );
        assert_eq!(normalise("spec_0").as_deref(), Some("spec_0"));
        assert_eq!(normalise("café").as_deref(), Some("café"));
        for bad in [
            "",
            "   ",
            "a/b",
            "x.json",
            "c++",
            "<b>",
            "tags:x",
            "abcdefghijklmnopqrstu",
        ] {
            assert_eq!(normalise(bad), None, "{bad:?}");
        }
        assert_eq!(
            split_typed("numpy, arrays  ,,dtype"),
            ["numpy", "arrays", "dtype"]
        );
    }
}
