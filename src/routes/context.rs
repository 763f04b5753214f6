//! Who is asking, found once per request and kept in its extensions: the signed-in user (from
//! the session cookie or an `Api-Key` + `Api-Username` pair), the guardian built for them, and
//! the page context views need. The extractors put "who may call this handler" into its
//! signature: [`Viewer`] (anyone), [`SignedIn`] (401 otherwise), [`Admin`] (401 or 403).

use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::http::header::HeaderValue;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::app::AppState;
use crate::auth::csrf::CsrfToken;
use crate::auth::guardian::Duties;
use crate::auth::session_cache::SessionUser;
use crate::auth::{Guardian, Refusal, token};
use crate::error::AppError;
use crate::messages;
use crate::models::api_key::ApiKey;
use crate::models::notification::Notification;
use crate::models::reading::ReadingCounts;
use crate::models::session::Session;
use crate::models::user::User;
use crate::routes::ApiScopes;
use crate::services;
use crate::views::layout::{Navigation, PageContext};

/// The cookie holding the session token.
pub const SESSION_COOKIE: &str = "convene_session";

/// Who is asking, once looked up.
#[derive(Clone)]
struct Resolved {
    user: Option<User>,
    guardian: Guardian,
    /// The API key the request authenticated with, if it did: its scopes are checked against
    /// each resource's [`ApiScopes`].
    api_key: Option<ApiKey>,
    /// The header's unread-notification count (0 for API requests, which have no header).
    unread_notifications: i64,
    /// The header's new and unread topic counts (zero for API requests).
    reading: ReadingCounts,
}

/// Whether the request authenticates with an API key rather than a browser session.
pub fn is_api_request(req: &HttpRequest) -> bool {
    req.headers().contains_key("Api-Key")
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("AppState missing")))
}

/// Checks the `Api-Key` of a request that carries one, before routing (the web shell calls
/// this for every such request): an unknown, revoked or mismatched key is refused with 403
/// even where the handler never asks who is asking, and a key past
/// `limits.api_key_requests_per_minute` gets 429. Scopes are checked later, against the
/// resource the request reached.
pub async fn authenticate_api_key(req: &HttpRequest) -> Result<(), AppError> {
    if is_api_request(req) {
        let resolved = identify(req).await?;
        if let Some(key) = &resolved.api_key {
            // Counted here, once per request, whatever the request asks for.
            let state = state(req)?;
            crate::routes::respond::throttled(
                &state.throttles.api_keys,
                &key.id.to_string(),
                crate::services::Limited::ApiRequests,
            )?;
        }
    }
    Ok(())
}

/// Who is asking, with an API key's scopes checked against the resource this request reached.
async fn resolve(req: &HttpRequest) -> Result<Resolved, AppError> {
    let resolved = identify(req).await?;
    if let Some(key) = &resolved.api_key {
        let needed = req
            .app_data::<ApiScopes>()
            .and_then(|scopes| scopes.for_method(req.method()));
        let read_only = matches!(*req.method(), Method::GET | Method::HEAD);
        if !key.allows(needed, read_only) {
            let would_do = needed.or(read_only.then_some("global:read"));
            return Err(AppError::Forbidden(messages::api_key_out_of_scope(
                would_do,
            )));
        }
    }
    Ok(resolved)
}

/// Finds who is asking (at most one database read per request, kept in its extensions).
async fn identify(req: &HttpRequest) -> Result<Resolved, AppError> {
    if let Some(cached) = req.extensions().get::<Resolved>() {
        return Ok(cached.clone());
    }
    let state = state(req)?;
    let (user, api_key, (unread_notifications, reading), duties) =
        if let Some(key) = req.headers().get("Api-Key") {
            let (user, key, duties) = api_key_user(req, &state, key).await?;
            (Some(user), Some(key), (0, ReadingCounts::default()), duties)
        } else if let Some(cookie) = req.cookie(SESSION_COOKIE) {
            let token_hash = token::hash(cookie.value());
            let generation = state.db.write_generation();
            let found = match state.sessions.get(generation, &token_hash) {
                Some(found) => Some(found),
                None => {
                    let key = token_hash.clone();
                    let committee = state.config.proposals.committee_group.clone();
                    let new_topic_days = state.config.reading.new_topic_days;
                    let found = state
                        .db
                        .read(move |conn| -> Result<_, AppError> {
                            let now = crate::db::now();
                            let Some(user) = Session::user(conn, &key, now)? else {
                                return Ok(None);
                            };
                            let unread_notifications = Notification::unread(conn, user.id)?;
                            let duties = Duties::load(conn, user.id, &committee)?;
                            let reading = ReadingCounts::load(conn, &user, new_topic_days, now)?;
                            Ok(Some(SessionUser {
                                user,
                                unread_notifications,
                                reading,
                                duties,
                            }))
                        })
                        .await?;
                    if let Some(found) = &found {
                        state.sessions.insert(generation, token_hash, found.clone());
                    }
                    found
                }
            };
            match found {
                Some(found) => (
                    Some(found.user),
                    None,
                    (found.unread_notifications, found.reading),
                    found.duties,
                ),
                None => (None, None, (0, ReadingCounts::default()), Duties::default()),
            }
        } else {
            (None, None, (0, ReadingCounts::default()), Duties::default())
        };
    let resolved = Resolved {
        guardian: Guardian::for_viewer(user.as_ref(), duties)
            .unverified_may_post(!state.config.auth.posting_needs_verified_email),
        user,
        api_key,
        unread_notifications,
        reading,
    };
    req.extensions_mut().insert(resolved.clone());
    Ok(resolved)
}

/// The user an `Api-Key` acts as, as Discourse decides it: a key for one user acts as that
/// user (`Api-Username`, if sent, must name them); an all-users key acts as whoever
/// `Api-Username` names. Anything wrong is a 403, as Discourse answers it.
async fn api_key_user(
    req: &HttpRequest,
    state: &AppState,
    key: &HeaderValue,
) -> Result<(User, ApiKey, Duties), AppError> {
    let refuse = |message: String| AppError::Forbidden(message);
    let key = key
        .to_str()
        .map_err(|_| refuse(messages::API_KEY_NOT_TEXT.into()))?;
    let username = match req.headers().get("Api-Username") {
        None => None,
        Some(value) => Some(
            value
                .to_str()
                .map_err(|_| refuse(messages::API_USERNAME_NOT_TEXT.into()))?
                .to_owned(),
        ),
    };
    let key_hash = token::hash(key);
    let named = username.clone();
    let committee = state.config.proposals.committee_group.clone();
    let found = state
        .db
        .read(move |conn| -> Result<_, AppError> {
            let Some((key, owner)) = ApiKey::find_by_hash(conn, &key_hash)? else {
                return Ok(None);
            };
            let user = match (key.all_users, named) {
                (true, Some(name)) => User::find_by_username(conn, &name)?,
                (true, None) => None,
                (false, _) => Some(owner),
            };
            let duties = match &user {
                Some(user) => Duties::load(conn, user.id, &committee)?,
                None => Duties::default(),
            };
            Ok(Some((key, user, duties)))
        })
        .await?;
    let (key, user, duties) = found.ok_or_else(|| refuse(messages::API_KEY_UNKNOWN.into()))?;
    if key.revoked_at.is_some() {
        return Err(refuse(messages::API_KEY_REVOKED.into()));
    }
    let user = match (key.all_users, user, username) {
        (true, None, None) => return Err(refuse(messages::API_USERNAME_MISSING.into())),
        (true, None, Some(name)) => return Err(refuse(messages::api_username_unknown(&name))),
        (false, Some(owner), Some(name)) if owner.username_lower != name.to_lowercase() => {
            return Err(refuse(messages::API_KEY_NOT_THEIRS.into()));
        }
        (_, Some(user), _) => user,
        (false, None, _) => return Err(refuse(messages::API_KEY_UNKNOWN.into())),
    };
    // A suspended member's keys stop working with their sessions.
    if let Some(until) = user.suspended_until
        && until > crate::db::now()
    {
        return Err(refuse(messages::suspended(
            until,
            user.suspend_reason.as_deref(),
        )));
    }
    note_use(state, &key).await;
    Ok((user, key, duties))
}

/// Writes the key's last use when what is stored is stale. A failure is logged, not passed on:
/// bookkeeping must not fail the request it notes.
async fn note_use(state: &AppState, key: &ApiKey) {
    let stale = crate::db::now() - services::api_key::LAST_USE_GRANULARITY;
    if key.last_used_at.is_some_and(|last| last >= stale) {
        return;
    }
    let id = key.id;
    if let Err(error) = state
        .write(move |tx| services::api_key::note_use(tx, id))
        .await
    {
        tracing::warn!(key = id, %error, "could not note the use of an API key");
    }
}

/// Builds the page context from what this request already knows, without the database: for
/// handlers (through the extractors) and for error pages rendered after a handler failed.
pub fn page_context(req: &HttpRequest) -> Option<PageContext> {
    let state = req.app_data::<web::Data<AppState>>()?;
    let resolved = req.extensions().get::<Resolved>().cloned();
    let now = crate::db::now();
    let (viewer, guardian, (unread_notifications, reading), standing) = match resolved {
        Some(r) => {
            // A silenced member learns why and until when on every page they view.
            let standing = r.user.as_ref().and_then(|u| {
                u.silenced_until
                    .filter(|until| *until > now)
                    .map(|until| messages::silenced(until, u.silence_reason.as_deref()))
            });
            (
                r.user.map(|u| u.username),
                r.guardian.clone(),
                (r.unread_notifications, r.reading),
                standing,
            )
        }
        None => (
            None,
            Guardian::anonymous(),
            (0, ReadingCounts::default()),
            None,
        ),
    };
    Some(PageContext {
        config: Arc::clone(&state.config),
        viewer,
        may: Navigation {
            create_topic: guardian.can_create_topic().is_ok(),
            manage_categories: guardian.can_manage_categories().is_ok(),
            review: guardian.can_review().is_ok(),
        },
        standing,
        csrf_token: req
            .extensions()
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default(),
        path: req.path().to_owned(),
        unread_notifications,
        reading,
    })
}

fn page_of(req: &HttpRequest) -> Result<PageContext, AppError> {
    page_context(req).ok_or_else(|| AppError::Internal(anyhow::anyhow!("AppState missing")))
}

/// Anyone: the signed-in user if there is one, the guardian for them, and the page frame.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The signed-in user, if any.
    pub user: Option<User>,
    /// What they may do.
    pub guardian: Guardian,
    /// What the page frame needs.
    pub page: PageContext,
}

/// A signed-in user (or an API key acting as one); others get 401, and a browser asking for
/// a page is sent to log in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Who.
    pub user: User,
    /// What they may do.
    pub guardian: Guardian,
    /// What the page frame needs.
    pub page: PageContext,
}

/// An admin; others get 401 or 403.
#[derive(Debug, Clone)]
pub struct Admin {
    /// Who.
    pub user: User,
    /// What they may do.
    pub guardian: Guardian,
    /// What the page frame needs.
    pub page: PageContext,
}

impl FromRequest for Viewer {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let resolved = resolve(&req).await?;
            Ok(Viewer {
                user: resolved.user,
                guardian: resolved.guardian,
                page: page_of(&req)?,
            })
        })
    }
}

/// The future the signed-in extractors share: someone signed in (else 401) whose guardian
/// allows `check` (else 403 with its refusal), wrapped as the extractor's type.
fn require<T: 'static>(
    req: &HttpRequest,
    check: fn(&Guardian) -> Result<(), Refusal>,
    wrap: fn(User, Guardian, PageContext) -> T,
) -> LocalBoxFuture<'static, Result<T, AppError>> {
    let req = req.clone();
    Box::pin(async move {
        let resolved = resolve(&req).await?;
        let user = resolved.user.ok_or(Refusal::NotSignedIn)?;
        check(&resolved.guardian)?;
        Ok(wrap(user, resolved.guardian, page_of(&req)?))
    })
}

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        require(
            req,
            |_| Ok(()),
            |user, guardian, page| SignedIn {
                user,
                guardian,
                page,
            },
        )
    }
}

impl FromRequest for Admin {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        require(req, Guardian::can_administer, |user, guardian, page| {
            Admin {
                user,
                guardian,
                page,
            }
        })
    }
}

/// The client's address: the socket peer, or `X-Forwarded-For` behind a trusted proxy.
pub fn client_ip(req: &HttpRequest, behind_proxy: bool) -> String {
    if behind_proxy && let Some(ip) = req.connection_info().realip_remote_addr() {
        return ip.to_owned();
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}
