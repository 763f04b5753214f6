//! Handlers for flags and the review queue: the flag form and `POST /post_actions`, the queue
//! at `/review` with its filters, one item (a flagged post, or a code-of-conduct case with its
//! private thread), performing a review action, and a member's own moderation page.

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::api::BasicUser;
use crate::api::moderation::{
    CaseMessageJson, PerformResponse, PerformResult, PostActionResponse, ReviewListResponse,
    ReviewMeta, ReviewableJson, ReviewableResponse,
};
use crate::api::post::{PostCore, PostResponse};
use crate::app::AppState;
use crate::auth::Guardian;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::models::category::Category;
use crate::models::flag::{Flag, FlagType};
use crate::models::ids::{CategoryId, PostId, ReviewableId};
use crate::models::invalid::{Field, Problem};
use crate::models::post::{Post, PostInTopic};
use crate::models::reviewable::{
    CaseMessage, Priority, QueueData, QueueFilter, ReviewStatus, Reviewable, ReviewableKind,
};
use crate::routes::context::{SignedIn, Viewer};
use crate::routes::input::{Input, Params, lenient};
use crate::routes::respond::{Format, cook, form_again, html, json, see_other};
use crate::services::moderation::{self, Decision, ReviewAction};
use crate::services::{Found, Missing, ServiceError};
use crate::views::moderation::{
    FlagDraft, MyModeration, QueueItem, QueueView, ReviewFilters, flag_page, my_moderation_page,
    queue_page, reviewable_page,
};

/// The most items one page of the queue shows.
const QUEUE_PAGE: i64 = 50;

async fn load_post(state: &AppState, id: PostId, guardian: &Guardian) -> AppResult<PostInTopic> {
    let visibility = guardian.visibility();
    state
        .db
        .read(move |conn| -> AppResult<_> {
            Ok(Post::find_in_topic(conn, id, visibility).found_or(Missing::Post(id))?)
        })
        .await
}

/// `GET /posts/{id}/flag`: the flag form, a plain page (no dialog, no JavaScript).
pub async fn flag_form(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let found = load_post(&state, PostId(path.into_inner()), &who.guardian).await?;
    who.guardian.can_flag(&found.post)?;
    Ok(html(flag_page(
        &who.page,
        &found,
        &FlagDraft::default(),
        &[],
    )))
}

/// What the flag form posts.
#[derive(Debug, Deserialize)]
pub struct FlagForm {
    /// A [`FlagType::key`].
    #[serde(default)]
    flag_type: String,
    /// The flagger's words.
    #[serde(default)]
    message: String,
}

/// `POST /posts/{id}/flag`: flags the post; a code-of-conduct report goes on to its private
/// case, any other flag to the member's own moderation page, where it is listed.
pub async fn flag_post(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: Input<FlagForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let id = PostId(path.into_inner());
    let kind = FlagType::from_key(&form.flag_type);
    let result = match kind {
        None => Err(ServiceError::invalid(Field::FlagType, Problem::Malformed)),
        Some(kind) => {
            let (guardian, settings) = (who.guardian.clone(), state.config.moderation.clone());
            let message = form.message.clone();
            state
                .write(move |tx| {
                    moderation::flag(tx, &guardian, &settings, id, kind, Some(&message))
                })
                .await
        }
    };
    match result {
        Ok(flagged) if flagged.reviewable.kind() == ReviewableKind::CocCase => {
            Ok(see_other(&format!("/review/{}", flagged.reviewable.id)))
        }
        Ok(_) => Ok(see_other("/my/moderation#flags")),
        Err(error) => {
            let error = AppError::from(error);
            if !error.is_fixable_in_form() {
                return Err(error);
            }
            let found = load_post(&state, id, &who.guardian).await?;
            let draft = FlagDraft {
                flag_type: form.flag_type,
                message: form.message,
            };
            Ok(form_again(&error, |complaints| {
                flag_page(&who.page, &found, &draft, complaints)
            }))
        }
    }
}

/// `POST /post_actions`: Discourse's flag request.
#[derive(Debug, Deserialize)]
pub struct PostActionRequest {
    #[serde(default, deserialize_with = "lenient::int")]
    id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::int")]
    post_action_type_id: Option<i64>,
    message: Option<String>,
}

/// `POST /post_actions` and `POST /post_actions.json`: flags a post, or likes it (type 2);
/// answers with the post.
pub async fn create_post_action(
    who: SignedIn,
    state: web::Data<AppState>,
    request: Input<PostActionRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let id = request.id.ok_or_else(|| {
        AppError::BadRequest(messages::body_field_unreadable("id", "it is required"))
    })?;
    let type_id = request.post_action_type_id.ok_or_else(|| {
        AppError::BadRequest(messages::body_field_unreadable(
            "post_action_type_id",
            "it is required",
        ))
    })?;
    if type_id == i64::from(crate::api::post::LIKE_ACTION) {
        let guardian = who.guardian.clone();
        let post_id = PostId(id);
        state
            .write(move |tx| crate::services::likes::like(tx, &guardian, post_id))
            .await?;
        return crate::routes::likes::post_action_answer(&state, &who, post_id).await;
    }
    let kind = i32::try_from(type_id)
        .ok()
        .and_then(FlagType::from_id)
        .ok_or(ServiceError::invalid(
            Field::FlagType,
            Problem::Unknown(type_id),
        ))?;
    let (guardian, settings) = (who.guardian.clone(), state.config.moderation.clone());
    let post_id = PostId(id);
    state
        .write(move |tx| {
            moderation::flag(
                tx,
                &guardian,
                &settings,
                post_id,
                kind,
                request.message.as_deref(),
            )
        })
        .await?;
    let found = load_post(&state, post_id, &who.guardian).await?;
    let core = PostCore::new(
        &found.post,
        &found.author,
        &found.topic,
        Some(who.user.id),
        who.guardian.can_edit_post(&found.post).is_ok(),
    );
    Ok(json(&PostActionResponse {
        post: PostResponse::new(core, &found.post, &found.topic),
        flair_group_id: None,
        badges_granted: [],
    }))
}

/// `?type=…&status=…&category_id=…&priority=…&from_date=…&to_date=…` on the queue.
#[derive(Debug, Default, Deserialize)]
pub struct ReviewQuery {
    #[serde(rename = "type")]
    kind: Option<String>,
    status: Option<String>,
    #[serde(default, deserialize_with = "lenient::int")]
    category_id: Option<i64>,
    priority: Option<String>,
    from_date: Option<String>,
    to_date: Option<String>,
}

impl ReviewQuery {
    /// The filter it asks for, or a 400 naming the parameter that cannot be read.
    fn filter(&self, within: Option<Vec<CategoryId>>) -> AppResult<QueueFilter> {
        let unreadable = |name: &str, why: &str| {
            AppError::BadRequest(messages::query_parameter_unreadable(name, why))
        };
        fn given(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|t| !t.is_empty())
        }
        let kind = match given(&self.kind) {
            None => None,
            Some(text) => Some(ReviewableKind::parse(text).ok_or_else(|| {
                unreadable(
                    "type",
                    "it names no kind of review item (flagged_post, coc_case)",
                )
            })?),
        };
        let status = match given(&self.status) {
            None => Some(ReviewStatus::Pending),
            Some("all") => None,
            Some(text) => Some(ReviewStatus::parse(text).ok_or_else(|| {
                unreadable(
                    "status",
                    "it is none of pending, approved, rejected, ignored, all",
                )
            })?),
        };
        let priority = match given(&self.priority) {
            None | Some("any") => None,
            Some(text) => Some(
                Priority::parse(text)
                    .ok_or_else(|| unreadable("priority", "it is none of low, medium, high"))?,
            ),
        };
        let date = |name: &str, value: &Option<String>| -> AppResult<_> {
            match given(value) {
                None => Ok(None),
                Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map(|d| d.and_hms_opt(0, 0, 0))
                    .map_err(|_| unreadable(name, "it is not a date like 2026-12-31")),
            }
        };
        let from = date("from_date", &self.from_date)?;
        // `to_date` includes the whole day it names.
        let to = date("to_date", &self.to_date)?.map(|d| d + chrono::Duration::days(1));
        Ok(QueueFilter {
            kind,
            status,
            category: self.category_id.map(CategoryId),
            priority,
            from,
            to,
            within,
        })
    }

    fn shown(&self) -> ReviewFilters {
        ReviewFilters {
            kind: self.kind.clone().unwrap_or_default(),
            status: self.status.clone().unwrap_or_else(|| "pending".into()),
            category: self.category_id,
            priority: self.priority.clone().unwrap_or_default(),
            from_date: self.from_date.clone().unwrap_or_default(),
            to_date: self.to_date.clone().unwrap_or_default(),
        }
    }
}

/// The actions `guardian` may take on `item`: none once resolved, and the sanctions only for
/// forum-wide staff when the author is someone they may sanction.
pub fn actions_for(guardian: &Guardian, item: &Reviewable, data: &QueueData) -> Vec<ReviewAction> {
    if item.status() != ReviewStatus::Pending {
        return Vec::new();
    }
    let offered = ReviewAction::offered(item.kind());
    let may_sanction = item
        .target_user_id
        .and_then(|id| data.users.get(&id))
        .is_some_and(|author| guardian.can_sanction_person(author.id, author.role).is_ok());
    offered
        .iter()
        .copied()
        .filter(|a| a.sanctions().is_none() || may_sanction)
        .filter(|a| {
            // A case moves to "under review" once.
            *a != ReviewAction::StartReview
                || item.case_state() == Some(crate::models::reviewable::CaseState::Open)
        })
        .collect()
}

/// `GET /review` and `GET /review.json`: the queue, pending items first by priority.
pub async fn show_queue(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    query: Params<ReviewQuery>,
) -> AppResult<HttpResponse> {
    who.guardian.can_review()?;
    let query = query.0;
    let within = who.guardian.reviews_within();
    let filter = query.filter(within.clone())?;
    let (items, data, pending, categories) = state
        .db
        .read(move |conn| -> Result<_, ServiceError> {
            let items = Reviewable::queue(conn, &filter, QUEUE_PAGE)?;
            let data = QueueData::load(conn, &items)?;
            let pending = Reviewable::pending_count(conn, within.as_deref())?;
            let mut categories = Category::all(conn)?;
            if let Some(within) = &within {
                categories.retain(|c| within.contains(&c.id));
            }
            Ok((items, data, pending, categories))
        })
        .await?;
    if format == Format::Json {
        let reviewables: Vec<ReviewableJson> = items
            .iter()
            .map(|item| ReviewableJson::new(item, &data, &actions_for(&who.guardian, item, &data)))
            .collect();
        let mut users: Vec<BasicUser> = data.users.values().map(BasicUser::from).collect();
        users.sort_by_key(|u| u.id);
        return Ok(json(&ReviewListResponse {
            meta: ReviewMeta {
                total_rows_reviewables: reviewables.len(),
                reviewable_count: pending,
            },
            reviewables,
            users,
        }));
    }
    let shown: Vec<QueueItem> = items
        .iter()
        .map(|item| QueueItem {
            actions: actions_for(&who.guardian, item, &data),
            item,
        })
        .collect();
    Ok(html(queue_page(
        &who.page,
        &QueueView {
            items: &shown,
            data: &data,
            pending,
            categories: &categories,
            filters: &query.shown(),
        },
    )))
}

/// Whether the viewer moderates `item` (forum-wide staff, or a moderator of its category; a
/// reporter who opened it does not), and the actions that leaves them.
fn viewer_powers(
    guardian: &Guardian,
    item: &Reviewable,
    data: &QueueData,
) -> (bool, Vec<ReviewAction>) {
    let moderating = guardian.is_forum_staff()
        || item
            .category_id
            .is_some_and(|c| guardian.can_moderate_in(c).is_ok());
    let actions = if moderating {
        actions_for(guardian, item, data)
    } else {
        Vec::new()
    };
    (moderating, actions)
}

/// One item with what it needs, as the viewer may see it (the reporter of a case, or a
/// moderator of its category).
async fn load_item(
    state: &AppState,
    guardian: &Guardian,
    id: ReviewableId,
) -> AppResult<(Reviewable, QueueData, Vec<(CaseMessage, Option<String>)>)> {
    let guardian = guardian.clone();
    state
        .db
        .read(move |conn| -> AppResult<_> {
            let item = Reviewable::find(conn, id)?
                .ok_or(AppError::from(ServiceError::from(Missing::Reviewable(id))))?;
            match item.kind() {
                ReviewableKind::CocCase => {
                    guardian.can_see_case(item.created_by_id, item.category_id)?;
                }
                ReviewableKind::FlaggedPost | ReviewableKind::QueuedPost => {
                    match item.category_id {
                        Some(category) => guardian.can_moderate_in(category)?,
                        None => guardian.can_read_staff_log()?,
                    }
                }
            }
            let data = QueueData::load(conn, std::slice::from_ref(&item))?;
            let thread = if item.kind() == ReviewableKind::CocCase {
                CaseMessage::thread(conn, id)?
            } else {
                Vec::new()
            };
            Ok((item, data, thread))
        })
        .await
}

/// `GET /review/{id}` and `GET /review/{id}.json`: one item; for a code-of-conduct case, its
/// private thread, which only its reporter and its moderators can open.
pub async fn show_reviewable(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = ReviewableId(path.into_inner());
    let (item, data, thread) = load_item(&state, &who.guardian, id).await?;
    let (moderating, actions) = viewer_powers(&who.guardian, &item, &data);
    if format == Format::Json {
        let mut reviewable = ReviewableJson::new(&item, &data, &actions);
        if !moderating {
            // The reporter sees their case, not the reported person's other flags.
            reviewable
                .reviewable_scores
                .retain(|score| score.user_id == who.user.id);
        }
        return Ok(json(&ReviewableResponse {
            reviewable,
            messages: thread
                .iter()
                .map(|(m, name)| CaseMessageJson::new(m, name.as_deref()))
                .collect(),
        }));
    }
    Ok(html(reviewable_page(
        &who.page,
        &item,
        &data,
        &thread,
        &actions,
        moderating,
        &[],
    )))
}

/// `PUT /review/{id}/perform/{action}` (and the form's POST): the decision's note, and for
/// silencing or suspending the author, until when (`until`, or `days` from now).
#[derive(Debug, Default, Deserialize)]
pub struct PerformRequest {
    #[serde(default)]
    note: Option<String>,
    /// Discourse clients send the reason for a sanction as `reason`.
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default, deserialize_with = "lenient::int")]
    days: Option<i64>,
}

/// The path of a review action.
#[derive(Debug, Deserialize)]
pub struct PerformPath {
    id: i64,
    action: String,
}

/// `PUT /review/{id}/perform/{action}` (JSON) and `POST` of the same path (the queue's forms,
/// answered by going back to the queue).
pub async fn perform(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<PerformPath>,
    request: Input<PerformRequest>,
) -> AppResult<HttpResponse> {
    let path = path.into_inner();
    let id = ReviewableId(path.id);
    let action = ReviewAction::parse(path.action.trim_end_matches(".json")).ok_or_else(|| {
        AppError::from(ServiceError::from(Missing::ReviewAction(
            path.action.clone(),
        )))
    })?;
    let request = request.into_inner();
    let (guardian, settings) = (who.guardian.clone(), state.config.moderation.clone());
    let item = state
        .write(move |tx| {
            let now = tx.now();
            let until =
                moderation::until_from(request.until.as_deref(), request.days, now, &settings)?;
            let note = request.note.as_deref().or(request.reason.as_deref());
            let decision = Decision { note, until };
            moderation::perform(tx, &guardian, &settings, id, action, &decision)
        })
        .await?;
    if format == Format::Html {
        return Ok(see_other(&if item.kind() == ReviewableKind::CocCase {
            format!("/review/{}", item.id)
        } else {
            "/review".to_owned()
        }));
    }
    let status = item.status();
    Ok(json(&PerformResponse {
        reviewable_perform_result: PerformResult {
            success: "OK",
            transition_to: status.as_str(),
            transition_to_id: item.status,
            remove_reviewable_ids: if status == ReviewStatus::Pending {
                Vec::new()
            } else {
                vec![item.id]
            },
        },
    }))
}

/// What a case's reply form posts.
#[derive(Debug, Deserialize)]
pub struct CaseReply {
    #[serde(default)]
    raw: String,
}

/// `POST /review/{id}/messages`: writes in a case's private thread.
pub async fn reply_to_case(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: Input<CaseReply>,
) -> AppResult<HttpResponse> {
    let id = ReviewableId(path.into_inner());
    let raw = form.into_inner().raw;
    let cooked = cook(raw.clone()).await?;
    let guardian = who.guardian.clone();
    let written = {
        let raw = raw.clone();
        state
            .write(move |tx| moderation::reply_to_case(tx, &guardian, id, &raw, &cooked))
            .await
    };
    match written {
        Ok(()) => Ok(see_other(&format!("/review/{}#reply", id))),
        Err(error) => {
            let error = AppError::from(error);
            if !error.is_fixable_in_form() {
                return Err(error);
            }
            let (item, data, thread) = load_item(&state, &who.guardian, id).await?;
            let (moderating, actions) = viewer_powers(&who.guardian, &item, &data);
            Ok(form_again(&error, |complaints| {
                reviewable_page(
                    &who.page, &item, &data, &thread, &actions, moderating, complaints,
                )
            }))
        }
    }
}

/// `GET /my/moderation`: the official warnings they were given, the member's posts waiting
/// for approval (and what became of those decided), their flags and how each ended, their code-of-conduct cases, and, when they are
/// silenced or suspended, why and until when.
pub async fn my_moderation(who: Viewer, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let user = who.user.clone().ok_or(crate::auth::Refusal::NotSignedIn)?;
    let id = user.id;
    let (flags, cases, queued, titles, warnings) = state
        .db
        .read(move |conn| -> Result<_, ServiceError> {
            let queued = crate::models::queued_post::QueuedPost::by_author(conn, id, 50)?;
            let topics: Vec<_> = queued.iter().filter_map(|(q, _)| q.topic_id).collect();
            Ok((
                Flag::by_flagger(conn, id, 100)?,
                Reviewable::cases_reported_by(conn, id)?,
                queued,
                crate::models::topic::Topic::titles(conn, &topics)?,
                crate::models::user_note::UserNote::warnings_to(conn, id)?,
            ))
        })
        .await?;
    Ok(html(my_moderation_page(
        &who.page,
        &user,
        &MyModeration {
            flags: &flags,
            cases: &cases,
            queued: &queued,
            topic_titles: &titles,
            warnings: &warnings,
        },
        crate::db::now(),
    )))
}
