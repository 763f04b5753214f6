//! Tags: the tag list (`/tags`, `/tags.json`), a tag's topics (`/tag/{name}`, `.json`; its
//! feed is in `routes::feeds`), a topic's tag form (`POST /t/{id}/tags`), and the staff's page
//! for tags and tag groups (`/admin/tags`) with Discourse's tag group JSON
//! (`/tag_groups.json`, `/tag_groups/{id}.json`). Every write goes through `services::tags`.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::Guardian;
use crate::error::{AppError, AppResult};
use crate::models::category::Category;
use crate::models::ids::{CategoryId, TagGroupId, TopicId};
use crate::models::tag::{self, Tag, TagCount, TagGroup};
use crate::models::topic::{Topic, TopicFilter};
use crate::routes::context::{SignedIn, Viewer};
use crate::routes::input::Input;
use crate::routes::respond::{Format, form_again, html, json, see_other};
use crate::routes::{IdPath, PageQuery};
use crate::services::{self, Missing, Present};
use crate::views::tag::TagAdminDraft;
use crate::views::topic::TagChoices;

/// How many of the most used tags the tag field names as a hint.
const POPULAR_HINTED: usize = 12;

/// Where the staff's page lives.
const ADMIN_PAGE: &str = "/admin/tags";

/// What the tag field offers `guardian`: the limit, the most used tags, and whether a new
/// word makes a tag.
pub async fn choices(state: &AppState, guardian: &Guardian) -> AppResult<TagChoices> {
    let counted = state
        .db
        .read(|conn| -> AppResult<_> {
            Ok(Tag::all_counted(
                conn,
                crate::models::visibility::Visibility::ANONYMOUS,
            )?)
        })
        .await?;
    let rules = state.config.tags;
    Ok(TagChoices {
        max: rules.max_per_topic,
        popular: counted
            .into_iter()
            .take(POPULAR_HINTED)
            .map(|c| c.tag.name)
            .collect(),
        may_make: guardian.makes_tags_by_using_them(rules.create_min_trust_level),
    })
}

/// `GET /tags` and `GET /tags.json`
pub async fn show_tags(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let visibility = viewer.guardian.visibility();
    let counted = state
        .db
        .read(move |conn| -> AppResult<_> { Ok(Tag::all_counted(conn, visibility)?) })
        .await?;
    Ok(match format {
        Format::Json => json(&crate::api::tag::tags(&counted)),
        Format::Html => html(crate::views::tag::tags_page(
            &viewer.page,
            &counted,
            viewer.guardian.can_manage_tags().is_ok(),
        )),
    })
}

/// `/tag/{name}`
#[derive(Debug, Deserialize)]
pub struct TagPath {
    name: String,
}

/// `GET /tag/{name}` and `GET /tag/{name}.json`: the topics carrying the tag, latest first.
pub async fn show_tag(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<TagPath>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let asked = path.into_inner().name;
    let name = tag::normalise(&asked).ok_or_else(|| Missing::Tag(asked.clone()))?;
    let page = query.page.unwrap_or(0).max(0);
    let sort = crate::routes::sort_of(query.order.as_deref(), query.ascending.as_deref())?;
    let per_page = state.config.posts.topics_per_page;
    let visibility = viewer.guardian.visibility();
    let reader = crate::routes::reading::ListReader::of(&viewer, &state);
    let (found, topics, count, categories) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let found = Tag::find_by_name(conn, &name)?.ok_or(Missing::Tag(name))?;
            let filter = TopicFilter::Tagged(found.id);
            let mut topics = Topic::list_sorted(conn, &filter, visibility, page, per_page, sort)?;
            if let Some(reader) = &reader {
                reader.mark(conn, &mut topics)?;
            }
            let (count, categories) = match format {
                Format::Json => (
                    Tag::count_topics(conn, found.id, visibility)?,
                    HashMap::new(),
                ),
                Format::Html => (0, Category::by_id(conn)?),
            };
            Ok((found, topics, count, categories))
        })
        .await?;
    Ok(match format {
        Format::Json => {
            let base = crate::views::topic::tag_url(&found.name);
            let more = topics.has_more.then(|| match sort.query().as_str() {
                "" => format!("{base}?page={}", page + 1),
                asked => format!("{base}?{asked}&page={}", page + 1),
            });
            let mut list = crate::api::topic_list::topic_list(
                &topics,
                per_page,
                more,
                viewer.guardian.can_create_topic().is_ok(),
            );
            list.topic_list.tags = Some(vec![crate::api::topic_list::ListedTag {
                id: found.id,
                name: found.name.clone(),
                topic_count: count,
                staff: false,
            }]);
            json(&list)
        }
        Format::Html => html(crate::views::tag::tag_page(
            &viewer.page,
            &found,
            &topics,
            &categories,
            page,
        )),
    })
}

/// What the topic's tag form sends: its tags in one field.
#[derive(Debug, Deserialize)]
pub struct RetagForm {
    #[serde(default)]
    tags: String,
}

/// `POST /t/{id}/tags`: gives the topic the tags typed, back to the topic.
pub async fn retag_topic(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    form: crate::routes::Form<RetagForm>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    let typed = tag::split_typed(&form.into_inner().tags);
    let rules = state.config.tags;
    let guardian = who.guardian;
    state
        .write(move |tx| services::tags::retag(tx, &guardian, &rules, id, &typed))
        .await?;
    Ok(see_other(&format!("/t/{id}")))
}

/// Everything the staff's page lists.
async fn admin_data(state: &AppState) -> AppResult<(Vec<TagCount>, Vec<TagGroup>, Vec<Category>)> {
    state
        .db
        .read(|conn| -> AppResult<_> {
            Ok((
                Tag::all_counted(conn, crate::models::visibility::Visibility::EVERYTHING)?,
                TagGroup::all(conn)?,
                Category::all(conn)?,
            ))
        })
        .await
}

/// The staff's page with `draft` and its complaints (after a refused form), or plain.
async fn admin_page(
    who: &SignedIn,
    state: &AppState,
    draft: &TagAdminDraft,
    error: Option<&AppError>,
) -> AppResult<HttpResponse> {
    let (tags, groups, categories) = admin_data(state).await?;
    let page = |complaints: &[crate::messages::Complaint]| {
        crate::views::tag::admin_tags_page(
            &who.page,
            &tags,
            &groups,
            &categories,
            draft,
            complaints,
        )
    };
    Ok(match error {
        Some(error) => form_again(error, page),
        None => html(page(&[])),
    })
}

/// `GET /admin/tags`
pub async fn manage_tags(who: SignedIn, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    who.guardian.can_manage_tags()?;
    admin_page(&who, &state, &TagAdminDraft::default(), None).await
}

/// What the tag form sends.
#[derive(Debug, Deserialize)]
pub struct TagForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
}

/// `POST /admin/tags`: makes a tag, or describes one.
pub async fn save_tag(
    who: SignedIn,
    state: web::Data<AppState>,
    form: crate::routes::Form<TagForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let guardian = who.guardian.clone();
    let (name, about) = (form.name.clone(), form.description.clone());
    let saved = state
        .write(move |tx| services::tags::save_tag(tx, &guardian, &name, Some(&about)))
        .await;
    match saved.map_err(AppError::from) {
        Ok(_) => Ok(see_other(ADMIN_PAGE)),
        Err(error) if error.is_fixable_in_form() => {
            let draft = TagAdminDraft {
                name: form.name,
                description: form.description,
                form: "tag",
                ..TagAdminDraft::default()
            };
            admin_page(&who, &state, &draft, Some(&error)).await
        }
        Err(other) => Err(other),
    }
}

/// `POST /admin/tags/{name}/delete`
pub async fn delete_tag(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<TagPath>,
) -> AppResult<HttpResponse> {
    let name = path.into_inner().name;
    let guardian = who.guardian;
    state
        .write(move |tx| services::tags::delete_tag(tx, &guardian, &name))
        .await?;
    Ok(see_other(ADMIN_PAGE))
}

/// What a tag group form (or Discourse's JSON) sends. The page's form types its tags into one
/// field (`tags`); JSON clients send `tag_names[]`. `category_ids[]` is Convene's (the form
/// always sends one empty entry, so ticking none clears them). What is absent is left as it
/// is, so `PUT` with a new name alone renames.
#[derive(Debug, Default, Deserialize)]
pub struct TagGroupRequest {
    #[serde(default)]
    name: String,
    tags: Option<String>,
    tag_names: Option<Vec<String>>,
    category_ids: Option<Vec<String>>,
}

/// A tag group request nested as Discourse's clients send it (`tag_group[name]`), or flat.
#[derive(Debug, Default, Deserialize)]
pub struct TagGroupBody {
    tag_group: Option<TagGroupRequest>,
    #[serde(flatten)]
    flat: TagGroupRequest,
}

impl TagGroupRequest {
    /// The draft for the service; a category id that is not a number is a 400.
    fn draft(&self) -> AppResult<services::tags::GroupDraft> {
        let categories = match &self.category_ids {
            None => None,
            Some(ids) => Some(
                ids.iter()
                    .filter(|id| !id.trim().is_empty())
                    .map(|id| {
                        id.trim().parse().map(CategoryId).map_err(|_| {
                            AppError::BadRequest(crate::messages::body_field_unreadable(
                                "category_ids[]",
                                "each must be a category's id",
                            ))
                        })
                    })
                    .collect::<AppResult<Vec<_>>>()?,
            ),
        };
        let tags = match (&self.tags, &self.tag_names) {
            (None, None) => None,
            (typed, named) => {
                let mut tags = typed.as_deref().map(tag::split_typed).unwrap_or_default();
                tags.extend(
                    named
                        .iter()
                        .flatten()
                        .filter(|t| !t.trim().is_empty())
                        .cloned(),
                );
                Some(tags)
            }
        };
        Ok(services::tags::GroupDraft {
            name: self.name.clone(),
            tags,
            categories,
        })
    }
}

/// `POST /admin/tag-groups` and `POST /admin/tag-groups/{id}` (the page's forms), `POST
/// /tag_groups.json` and `PUT /tag_groups/{id}.json`.
pub async fn save_tag_group(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: Option<web::Path<IdPath>>,
    request: Input<TagGroupBody>,
) -> AppResult<HttpResponse> {
    let body = request.into_inner();
    let request = body.tag_group.unwrap_or(body.flat);
    let id = path.map(|p| TagGroupId(p.id));
    let draft = request.draft()?;
    let guardian = who.guardian.clone();
    let sent = draft.clone();
    let saved = state
        .write(move |tx| services::tags::save_group(tx, &guardian, id, &sent))
        .await
        .map_err(AppError::from);
    match (format, saved) {
        (Format::Json, saved) => {
            let group = saved?;
            Ok(match id {
                None => json(&crate::api::tag::CreatedTagGroup {
                    tag_group: crate::api::tag::group_entry(&group),
                }),
                Some(_) => json(&crate::api::tag::tag_group(&group, true)),
            })
        }
        (Format::Html, Ok(_)) => Ok(see_other(ADMIN_PAGE)),
        (Format::Html, Err(error)) if error.is_fixable_in_form() && id.is_none() => {
            let draft = TagAdminDraft {
                group_name: request.name.clone(),
                group_tags: draft.tags.unwrap_or_default().join(" "),
                group_categories: draft.categories.unwrap_or_default(),
                form: "group",
                ..TagAdminDraft::default()
            };
            admin_page(&who, &state, &draft, Some(&error)).await
        }
        (Format::Html, Err(error)) => Err(error),
    }
}

/// `POST /admin/tag-groups/{id}/delete`
pub async fn delete_tag_group(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    let id = TagGroupId(path.id);
    let guardian = who.guardian;
    state
        .write(move |tx| services::tags::delete_group(tx, &guardian, id))
        .await?;
    Ok(see_other(ADMIN_PAGE))
}

/// `GET /tag_groups.json` (staff)
pub async fn list_tag_groups(who: SignedIn, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    who.guardian.can_manage_tags()?;
    let groups = state
        .db
        .read(|conn| -> AppResult<_> { Ok(TagGroup::all(conn)?) })
        .await?;
    Ok(json(&crate::api::tag::tag_groups(&groups)))
}

/// `GET /tag_groups/{id}.json` (staff)
pub async fn show_tag_group(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    who.guardian.can_manage_tags()?;
    let id = TagGroupId(path.id);
    let group = state
        .db
        .read(move |conn| -> AppResult<_> {
            Ok(TagGroup::find(conn, id).present_or(Missing::TagGroup(id))?)
        })
        .await?;
    Ok(json(&crate::api::tag::tag_group(&group, false)))
}
