//! Handlers for the user tools: a person's moderation page (`/admin/users/{id}/moderate`),
//! silencing and suspending them (`PUT /admin/users/{id}/silence|suspend`, as Discourse, and
//! the page's forms), lifting either early, and setting their trust level.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::api::json_time;
use crate::api::moderation::{
    Silence, SilenceResponse, Success, Suspension, SuspensionResponse, basic_user,
};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::models::ids::UserId;
use crate::models::staff_log::{LogFilter, StaffLogEntry};
use crate::models::user::User;
use crate::models::user_note::{NoteKind, UserNote};
use crate::routes::IdPath;
use crate::routes::context::SignedIn;
use crate::routes::input::{Input, lenient};
use crate::routes::respond::{Format, form_again, html, json, see_other};
use crate::services::moderation::{self, Sanction};
use crate::services::user_notes;
use crate::services::{Found, Missing, ServiceError};
use crate::views::moderation::{PersonRecord, SanctionDraft, user_moderation_page};

/// How many of the log's rows about the person their page shows.
const HISTORY: i64 = 50;

async fn load_person(
    state: &AppState,
    id: UserId,
    guardian: &crate::auth::Guardian,
) -> AppResult<PersonRecord> {
    let guardian = guardian.clone();
    state
        .db
        .read(move |conn| -> AppResult<_> {
            let user = User::find(conn, id).found_or(Missing::UserId(id))?;
            let filter = LogFilter {
                target_username: Some(user.username.clone()),
                ..LogFilter::default()
            };
            let history = StaffLogEntry::list(conn, &filter, HISTORY)?;
            let notes = UserNote::about(conn, id)?;
            Ok(PersonRecord {
                may_anonymise: guardian.can_anonymise(&user).is_ok(),
                user,
                history,
                notes,
            })
        })
        .await
}

/// `GET /admin/users/{id}/moderate`: the person's standing, the sanction forms, and what the
/// staff log records about them.
pub async fn moderate_user_page(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    who.guardian.can_read_staff_log()?;
    let person = load_person(&state, UserId(path.id), &who.guardian).await?;
    let may = who.guardian.can_sanction(&person.user).is_ok();
    Ok(html(user_moderation_page(
        &who.page,
        &person,
        may,
        &SanctionDraft::default(),
        &[],
        crate::db::now(),
    )))
}

/// A sanction request: Discourse's `suspend_until` / `silenced_till` and `reason`, or the
/// page form's `days` (or `until`) and `reason`.
#[derive(Debug, Default, Deserialize)]
pub struct SanctionRequest {
    #[serde(default)]
    suspend_until: Option<String>,
    #[serde(default)]
    silenced_till: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default, deserialize_with = "lenient::int")]
    days: Option<i64>,
    #[serde(default)]
    reason: Option<String>,
}

async fn sanction(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    id: UserId,
    kind: Sanction,
    request: SanctionRequest,
) -> AppResult<HttpResponse> {
    let draft = SanctionDraft {
        kind: Some(kind),
        days: request.days,
        until: request.until.clone().unwrap_or_default(),
        reason: request.reason.clone().unwrap_or_default(),
        note: None,
    };
    let (guardian, settings) = (who.guardian.clone(), state.config.moderation.clone());
    let result = state
        .write(move |tx| {
            let now = tx.now();
            let text = request
                .until
                .as_deref()
                .or(request.suspend_until.as_deref())
                .or(request.silenced_till.as_deref());
            let until = moderation::until_from(text, request.days, now, &settings)?;
            let user = moderation::sanction(
                tx,
                &guardian,
                &settings,
                id,
                kind,
                until,
                request.reason.as_deref(),
            )?;
            Ok((user, now))
        })
        .await;
    let (user, now) = match result {
        Ok(done) => done,
        Err(error) => {
            let error = AppError::from(error);
            if format == Format::Json || !error.is_fixable_in_form() {
                return Err(error);
            }
            let person = load_person(&state, id, &who.guardian).await?;
            return Ok(form_again(&error, |complaints| {
                user_moderation_page(
                    &who.page,
                    &person,
                    true,
                    &draft,
                    complaints,
                    crate::db::now(),
                )
            }));
        }
    };
    if format == Format::Html {
        return Ok(see_other(&format!("/admin/users/{}/moderate", user.id)));
    }
    let by = basic_user(&who.user);
    let reason = |r: &Option<String>| r.clone().unwrap_or_default();
    Ok(match kind {
        Sanction::Suspend => json(&SuspensionResponse {
            suspension: Suspension {
                suspend_reason: reason(&user.suspend_reason),
                full_suspend_reason: reason(&user.suspend_reason),
                suspended_till: user.suspended_until.map(json_time).unwrap_or_default(),
                suspended_at: json_time(now),
                suspended_by: by,
            },
        }),
        Sanction::Silence => json(&SilenceResponse {
            silence: Silence {
                silenced: user.silenced_at(now),
                silence_reason: reason(&user.silence_reason),
                full_silence_reason: reason(&user.silence_reason),
                silenced_till: user.silenced_until.map(json_time).unwrap_or_default(),
                silenced_at: json_time(now),
                silenced_by: by,
            },
        }),
    })
}

/// `PUT /admin/users/{id}/suspend` (and the page's POST): the person cannot log in until
/// then, and every session of theirs ends now.
pub async fn suspend_user(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<SanctionRequest>,
) -> AppResult<HttpResponse> {
    let id = UserId(path.id);
    sanction(
        who,
        format,
        state,
        id,
        Sanction::Suspend,
        request.into_inner(),
    )
    .await
}

/// `PUT /admin/users/{id}/silence` (and the page's POST): the person can read and log in,
/// not post or flag, until then.
pub async fn silence_user(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<SanctionRequest>,
) -> AppResult<HttpResponse> {
    let id = UserId(path.id);
    sanction(
        who,
        format,
        state,
        id,
        Sanction::Silence,
        request.into_inner(),
    )
    .await
}

async fn lift(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    id: UserId,
    kind: Sanction,
) -> AppResult<HttpResponse> {
    let guardian = who.guardian.clone();
    state
        .write(move |tx| moderation::lift(tx, &guardian, id, kind))
        .await?;
    Ok(match format {
        Format::Json => json(&Success { success: "OK" }),
        Format::Html => see_other(&format!("/admin/users/{}/moderate", id)),
    })
}

/// `PUT /admin/users/{id}/unsuspend` (and the page's POST).
pub async fn unsuspend_user(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    lift(who, format, state, UserId(path.id), Sanction::Suspend).await
}

/// `PUT /admin/users/{id}/unsilence` (and the page's POST).
pub async fn unsilence_user(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    lift(who, format, state, UserId(path.id), Sanction::Silence).await
}

/// `{"level": 2, "exempt": "true"}`: Discourse's `PUT /admin/users/{id}/trust_level` sends
/// `level`.
#[derive(Debug, Deserialize)]
pub struct TrustRequest {
    #[serde(default, deserialize_with = "lenient::int")]
    level: Option<i64>,
    #[serde(default, deserialize_with = "lenient::bool")]
    exempt: Option<bool>,
}

/// `PUT /admin/users/{id}/trust_level` (and the page's POST).
pub async fn set_trust_level(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<TrustRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let level = request.level.ok_or_else(|| {
        AppError::BadRequest(crate::messages::body_field_unreadable(
            "level",
            "it is required",
        ))
    })?;
    let level = i32::try_from(level).map_err(|_| {
        ServiceError::invalid(
            crate::models::invalid::Field::TrustLevel,
            crate::models::invalid::Problem::Unknown(level),
        )
    })?;
    let (id, guardian) = (UserId(path.id), who.guardian.clone());
    let exempt = request.exempt.unwrap_or(false);
    state
        .write(move |tx| moderation::set_trust_level(tx, &guardian, id, level, exempt))
        .await?;
    Ok(match format {
        Format::Json => json(&Success { success: "OK" }),
        Format::Html => see_other(&format!("/admin/users/{}/moderate", id)),
    })
}

/// A staff note or warning: `kind` (`note`, the default, or `warning`) and `note`.
#[derive(Debug, Default, Deserialize)]
pub struct NoteRequest {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// `POST /admin/users/{id}/notes(.json)`: writes a staff note or gives an official warning.
/// The JSON answer is the new note.
pub async fn add_note(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<NoteRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let kind_name = request.kind.as_deref().unwrap_or("note");
    let kind = NoteKind::parse(kind_name).ok_or_else(|| {
        AppError::BadRequest(messages::body_field_unreadable(
            "kind",
            "it must be note or warning",
        ))
    })?;
    let id = UserId(path.id);
    let body = request.note.unwrap_or_default();
    let (guardian, text) = (who.guardian.clone(), body.clone());
    let result = state
        .write(move |tx| user_notes::add(tx, &guardian, id, kind, &text))
        .await;
    match result {
        Ok(note) if format == Format::Json => Ok(json(&crate::api::moderation::staff_note(&note))),
        Ok(note) => Ok(see_other(&format!(
            "/admin/users/{}/moderate#note_{}",
            id, note.id
        ))),
        Err(error) => {
            let error = AppError::from(error);
            if format == Format::Json || !error.is_fixable_in_form() {
                return Err(error);
            }
            let person = load_person(&state, id, &who.guardian).await?;
            let may = who.guardian.can_sanction(&person.user).is_ok();
            let draft = SanctionDraft {
                note: Some((kind, body)),
                ..SanctionDraft::default()
            };
            Ok(form_again(&error, |complaints| {
                user_moderation_page(
                    &who.page,
                    &person,
                    may,
                    &draft,
                    complaints,
                    crate::db::now(),
                )
            }))
        }
    }
}

/// `{id}` and `{note}` in a note's path.
#[derive(Debug, Deserialize)]
pub struct NotePath {
    id: i64,
    note: i64,
}

/// `DELETE /admin/users/{id}/notes/{note}(.json)`, and the page's
/// `POST /admin/users/{id}/notes/{note}/delete`: removes a staff note (never a warning).
pub async fn remove_note(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<NotePath>,
) -> AppResult<HttpResponse> {
    let (user, note) = (UserId(path.id), path.note);
    let guardian = who.guardian;
    state
        .write(move |tx| user_notes::remove(tx, &guardian, user, note))
        .await?;
    if format == Format::Html {
        return Ok(see_other(&format!("/admin/users/{}/moderate", user)));
    }
    Ok(json(&Success { success: "OK" }))
}

/// An anonymisation: `delete_posts` (default false: posts are kept, under the new name), and
/// from the page's form, `confirm` (the box saying it cannot be undone).
#[derive(Debug, Default, Deserialize)]
pub struct AnonymiseRequest {
    #[serde(default, deserialize_with = "lenient::bool")]
    delete_posts: Option<bool>,
    #[serde(default, deserialize_with = "lenient::bool")]
    confirm: Option<bool>,
}

/// Discourse's answer (`anonymizeUser`).
#[derive(Debug, serde::Serialize)]
pub struct AnonymisedResponse {
    /// `OK`.
    pub success: &'static str,
    /// The new username.
    pub username: String,
}

/// `PUT /admin/users/{id}/anonymize(.json)`, and the page's POST: replaces everything that
/// identifies the person, keeping or deleting their posts. The form must tick its "cannot be
/// undone" box; an API client asks on purpose.
pub async fn anonymise_user(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<AnonymiseRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    // Who may, before what they sent: a member is refused, not told to tick a box.
    who.guardian.can_manage_users()?;
    if format == Format::Html && request.confirm != Some(true) {
        return Err(AppError::BadRequest(
            "Tick the box that says anonymising cannot be undone, then try again.".to_owned(),
        ));
    }
    let posts = if request.delete_posts == Some(true) {
        moderation::TheirPosts::Delete
    } else {
        moderation::TheirPosts::Keep
    };
    let (guardian, id) = (who.guardian, UserId(path.id));
    let username = state
        .write(move |tx| moderation::anonymise(tx, &guardian, id, posts))
        .await?;
    if format == Format::Html {
        return Ok(see_other(&format!("/admin/users/{}/moderate", id)));
    }
    Ok(json(&AnonymisedResponse {
        success: "OK",
        username,
    }))
}
