//! Tagging topics, and the tag list staff keep. A topic's tags are checked here whichever way
//! they come (the new-topic form, `POST /posts.json` with `tags[]`, a queued topic's approval,
//! the topic's tag form, `PUT /t/{id}.json`): names normalised, at most `max_per_topic`,
//! existing ones or, for members trusted enough, new ones made by using them, and none that a
//! tag group keeps to other categories. Search finds tagged topics by asking the table at query
//! time, so a tag change reindexes nothing.

use crate::auth::Guardian;
use crate::config::TagsConfig;
use crate::models::ids::{CategoryId, TagGroupId, TagId, TopicId};
use crate::models::invalid::{Field, Problem};
use crate::models::staff_log::StaffAction;
use crate::models::tag::{self, Tag, TagGroup};
use crate::models::topic::Topic;
use crate::services::effects::StaffRecord;
use crate::services::{Clash, Event, Found, Missing, ServiceError, TagProblem, TagRefused, Tx};

/// Whether tags that do not exist yet are made, or only checked (a topic about to wait in the
/// review queue is checked when sent and tagged when approved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unknown {
    /// Make them (if the guardian may).
    Make,
    /// Only check that the guardian may.
    Check,
}

/// The names `typed` as tags are stored, each once, in the order typed; refused, naming it,
/// at the first that cannot be a tag.
pub(crate) fn normalised(typed: &[String]) -> Result<Vec<String>, ServiceError> {
    let mut names: Vec<String> = Vec::with_capacity(typed.len());
    for name in typed {
        let normal = tag::normalise(name).ok_or_else(|| {
            ServiceError::Tag(TagRefused {
                name: name.clone(),
                why: TagProblem::Malformed,
            })
        })?;
        if !names.contains(&normal) {
            names.push(normal);
        }
    }
    Ok(names)
}

/// The tags `typed` names, for a topic in `category`, as ids: each normalised, duplicates
/// once, existing or (if `guardian` may) new. Refused, naming the tag, if one is malformed,
/// unknown to someone who may not make tags, or kept by its groups to other categories.
pub(crate) fn choose(
    tx: &mut Tx,
    guardian: &Guardian,
    rules: &TagsConfig,
    category: CategoryId,
    typed: &[String],
    unknown: Unknown,
) -> Result<Vec<TagId>, ServiceError> {
    let names = normalised(typed)?;
    if names.len() > rules.max_per_topic {
        return Err(ServiceError::invalid(
            Field::Tags,
            Problem::TooMany {
                max: rules.max_per_topic,
                actual: names.len(),
            },
        ));
    }
    let existing = Tag::by_names(tx.conn(), &names)?;
    let allowed = Tag::allowed_categories(
        tx.conn(),
        &existing.iter().map(|t| t.id).collect::<Vec<_>>(),
    )?;
    if let Some(kept) = existing.iter().find(|t| {
        allowed
            .get(&t.id)
            .is_some_and(|places| !places.contains(&category))
    }) {
        return Err(ServiceError::Tag(TagRefused {
            name: kept.name.clone(),
            why: TagProblem::NotHere,
        }));
    }
    let mut ids = Vec::with_capacity(names.len());
    for name in &names {
        if let Some(found) = existing.iter().find(|t| &t.name == name) {
            ids.push(found.id);
            continue;
        }
        if !guardian.makes_tags_by_using_them(rules.create_min_trust_level) {
            return Err(ServiceError::Tag(TagRefused {
                name: name.clone(),
                why: TagProblem::Unknown {
                    min_trust: rules.create_min_trust_level,
                },
            }));
        }
        if unknown == Unknown::Make {
            let now = tx.now();
            ids.push(Tag::create(tx.conn(), name, None, now)?.id);
        }
    }
    Ok(ids)
}

/// Tags a topic just started (by `services::topic::create`).
pub(crate) fn tag_new_topic(
    tx: &mut Tx,
    guardian: &Guardian,
    rules: &TagsConfig,
    topic: &Topic,
    typed: &[String],
) -> Result<(), ServiceError> {
    if typed.is_empty() {
        return Ok(());
    }
    let ids = choose(tx, guardian, rules, topic.category_id, typed, Unknown::Make)?;
    Tag::set_for_topic(tx.conn(), topic.id, &ids)?;
    Ok(())
}

/// Gives a topic exactly the tags `typed` names (none clears them), as its starter, staff or
/// the category's moderators; returns its tags' names as they now are. Staff changing someone
/// else's topic is written to the staff log.
pub fn retag(
    tx: &mut Tx,
    guardian: &Guardian,
    rules: &TagsConfig,
    id: TopicId,
    typed: &[String],
) -> Result<Vec<String>, ServiceError> {
    let topic = Topic::find(tx.conn(), id).found_or(Missing::Topic(id))?;
    if topic.deleted_at.is_some() && !guardian.visibility().sees_removed() {
        return Err(Missing::Topic(id).into());
    }
    guardian.can_tag_topic(&topic)?;
    let before = Tag::names_of_topic(tx.conn(), id)?;
    let ids = choose(tx, guardian, rules, topic.category_id, typed, Unknown::Make)?;
    Tag::set_for_topic(tx.conn(), id, &ids)?;
    let after = Tag::names_of_topic(tx.conn(), id)?;
    let by = guardian.actor().map(|a| a.id);
    if before != after && by != Some(topic.user_id) {
        tx.record(Event::Staff(
            StaffRecord::new(StaffAction::TopicTagsChanged, by)
                .topic(id)
                .change(before.join(" "), after.join(" ")),
        ))?;
    }
    Ok(after)
}

/// Checks a description: trimmed, `None` when blank, at most `MAX_DESCRIPTION_CHARS`.
fn description(text: Option<&str>) -> Result<Option<String>, ServiceError> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    match text {
        Some(t) if t.chars().count() > tag::MAX_DESCRIPTION_CHARS => Err(ServiceError::invalid(
            Field::Description,
            Problem::TooLong {
                max: tag::MAX_DESCRIPTION_CHARS,
                actual: t.chars().count(),
            },
        )),
        other => Ok(other.map(str::to_owned)),
    }
}

/// Makes a tag (staff), or describes one that exists by that name.
pub fn save_tag(
    tx: &mut Tx,
    guardian: &Guardian,
    name: &str,
    about: Option<&str>,
) -> Result<Tag, ServiceError> {
    guardian.can_manage_tags()?;
    let normal = match tag::normalise(name) {
        Some(normal) => normal,
        None if name.trim().is_empty() => {
            return Err(ServiceError::invalid(Field::TagName, Problem::Blank));
        }
        None => return Err(ServiceError::invalid(Field::TagName, Problem::Malformed)),
    };
    let about = description(about)?;
    let saved = match Tag::find_by_name(tx.conn(), &normal)? {
        Some(existing) => {
            Tag::describe(tx.conn(), existing.id, about.as_deref())?;
            Tag {
                description: about,
                ..existing
            }
        }
        None => {
            let now = tx.now();
            Tag::create(tx.conn(), &normal, about.as_deref(), now)?
        }
    };
    tx.record(Event::Staff(
        StaffRecord::new(StaffAction::TagSaved, guardian.actor().map(|a| a.id))
            .change("", saved.name.clone()),
    ))?;
    Ok(saved)
}

/// Deletes a tag (staff): the topics that carried it no longer do.
pub fn delete_tag(tx: &mut Tx, guardian: &Guardian, name: &str) -> Result<(), ServiceError> {
    guardian.can_manage_tags()?;
    let normal = tag::normalise(name).unwrap_or_default();
    let found =
        Tag::find_by_name(tx.conn(), &normal)?.ok_or_else(|| Missing::Tag(name.to_owned()))?;
    Tag::delete(tx.conn(), found.id)?;
    tx.record(Event::Staff(
        StaffRecord::new(StaffAction::TagDeleted, guardian.actor().map(|a| a.id))
            .change(found.name, ""),
    ))?;
    Ok(())
}

/// What a tag group is to hold; `None` leaves a group's tags or categories as they are (a
/// new group starts without).
#[derive(Debug, Clone, Default)]
pub struct GroupDraft {
    /// Its name.
    pub name: String,
    /// Its tags, as typed (each must exist).
    pub tags: Option<Vec<String>>,
    /// The categories its tags are kept to (empty: anywhere).
    pub categories: Option<Vec<CategoryId>>,
}

/// Makes a tag group (`id` `None`) or changes one (staff): its name, its tags (which must
/// exist) and the categories it keeps them to.
pub fn save_group(
    tx: &mut Tx,
    guardian: &Guardian,
    id: Option<TagGroupId>,
    draft: &GroupDraft,
) -> Result<TagGroup, ServiceError> {
    guardian.can_manage_tags()?;
    let name = draft.name.trim();
    if name.is_empty() {
        return Err(ServiceError::invalid(Field::TagGroupName, Problem::Blank));
    }
    if name.chars().count() > tag::MAX_GROUP_CHARS {
        return Err(ServiceError::invalid(
            Field::TagGroupName,
            Problem::TooLong {
                max: tag::MAX_GROUP_CHARS,
                actual: name.chars().count(),
            },
        ));
    }
    let previous = match id {
        Some(id) => Some(TagGroup::find(tx.conn(), id)?.ok_or(Missing::TagGroup(id))?),
        None => None,
    };
    let typed_tags = match (&draft.tags, &previous) {
        (Some(tags), _) => tags.clone(),
        (None, Some(group)) => group.tags.iter().map(|t| t.name.clone()).collect(),
        (None, None) => Vec::new(),
    };
    let mut categories = match (&draft.categories, &previous) {
        (Some(categories), _) => categories.clone(),
        (None, Some(group)) => group.categories.clone(),
        (None, None) => Vec::new(),
    };
    let names = normalised(&typed_tags)?;
    let found = Tag::by_names(tx.conn(), &names)?;
    if let Some(missing) = names.iter().find(|n| !found.iter().any(|t| &t.name == *n)) {
        // Groups gather tags staff made; a typo is not made into a tag.
        return Err(ServiceError::Tag(TagRefused {
            name: missing.clone(),
            why: TagProblem::Unknown { min_trust: 5 },
        }));
    }
    for &category in &categories {
        crate::models::category::Category::find(tx.conn(), category)
            .found_or(Missing::Category(category))?;
    }
    categories.sort();
    categories.dedup();
    let renamed = previous.as_ref().is_none_or(|p| p.name != name);
    if renamed && TagGroup::name_taken(tx.conn(), name)? {
        return Err(Clash::TagGroupTaken.into());
    }
    let id = match id {
        Some(id) => {
            TagGroup::rename(tx.conn(), id, name)?;
            id
        }
        None => {
            let now = tx.now();
            TagGroup::create(tx.conn(), name, now)?
        }
    };
    let tag_ids: Vec<TagId> = found.iter().map(|t| t.id).collect();
    TagGroup::fill(tx.conn(), id, &tag_ids, &categories)?;
    tx.record(Event::Staff(
        StaffRecord::new(StaffAction::TagGroupSaved, guardian.actor().map(|a| a.id)).change(
            previous.map(|p| p.name).unwrap_or_default(),
            name.to_owned(),
        ),
    ))?;
    Ok(TagGroup::find(tx.conn(), id)?.ok_or(Missing::TagGroup(id))?)
}

/// Deletes a tag group (staff); its tags stay, no longer kept to its categories.
pub fn delete_group(tx: &mut Tx, guardian: &Guardian, id: TagGroupId) -> Result<(), ServiceError> {
    guardian.can_manage_tags()?;
    let group = TagGroup::find(tx.conn(), id)?.ok_or(Missing::TagGroup(id))?;
    TagGroup::delete(tx.conn(), id)?;
    tx.record(Event::Staff(
        StaffRecord::new(StaffAction::TagGroupSaved, guardian.actor().map(|a| a.id))
            .change(group.name, ""),
    ))?;
    Ok(())
}
