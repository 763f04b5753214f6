//! Extractors that say who may call a handler: `MaybeUser` (anyone), `CurrentUser`
//! (signed in), `Staff` (moderator or admin), `Admin`. Also `PageContext`, what every page's
//! layout needs. The viewer is looked up once per request and cached in its extensions.

use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::app::AppState;
use crate::auth::csrf::CsrfToken;
use crate::auth::token;
use crate::error::AppError;
use crate::models::api_key::ApiKey;
use crate::models::session::Session;
use crate::models::user::{Role, User};
use crate::views::layout::PageContext;

/// The cookie holding the session token.
pub const SESSION_COOKIE: &str = "convene_session";

#[derive(Clone)]
struct ResolvedViewer(Option<User>);

/// The signed-in user already looked up for this request, if any (no database access).
pub fn cached_viewer(req: &HttpRequest) -> Option<User> {
    req.extensions()
        .get::<ResolvedViewer>()
        .and_then(|v| v.0.clone())
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

/// Finds who is asking: an `Api-Key` + `Api-Username` pair, or the session cookie.
async fn resolve(req: &HttpRequest) -> Result<Option<User>, AppError> {
    if let Some(cached) = req.extensions().get::<ResolvedViewer>() {
        return Ok(cached.0.clone());
    }
    let state = state(req)?;
    let user = if let Some(key) = req.headers().get("Api-Key") {
        let key = key
            .to_str()
            .map_err(|_| AppError::Unauthorized("The Api-Key header is not valid text.".into()))?;
        let username = req
            .headers()
            .get("Api-Username")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                AppError::Unauthorized("Send an Api-Username header with the Api-Key.".into())
            })?
            .to_owned();
        let key_hash = token::hash(key);
        let user = state
            .db
            .read(move |conn| Ok(ApiKey::user(conn, &key_hash)?))
            .await?;
        match user {
            Some(user) if user.username_lower == username.to_lowercase() => Some(user),
            Some(_) => {
                return Err(AppError::Unauthorized(
                    "This API key does not belong to the user named in Api-Username.".into(),
                ));
            }
            None => return Err(AppError::Unauthorized("The API key is not valid.".into())),
        }
    } else if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        let token_hash = token::hash(cookie.value());
        state
            .db
            .read(move |conn| Ok(Session::user(conn, &token_hash, crate::db::now())?))
            .await?
    } else {
        None
    };
    req.extensions_mut().insert(ResolvedViewer(user.clone()));
    Ok(user)
}

/// Anyone: the signed-in user, if there is one.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<User>);

/// A signed-in user; others get 401.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub User);

/// A moderator or admin; others get 401 or 403.
#[derive(Debug, Clone)]
pub struct Staff(pub User);

/// An admin; others get 401 or 403.
#[derive(Debug, Clone)]
pub struct Admin(pub User);

/// The future shared by the role extractors: a signed-in user (else 401) whose role passes
/// `allowed` (else 403 with `refusal`), wrapped as the extractor's type.
fn require_role<T: 'static>(
    req: &HttpRequest,
    allowed: fn(Role) -> bool,
    refusal: &'static str,
    wrap: fn(User) -> T,
) -> LocalBoxFuture<'static, Result<T, AppError>> {
    let req = req.clone();
    Box::pin(async move {
        let user = resolve(&req)
            .await?
            .ok_or_else(|| AppError::Unauthorized("You need to log in to do that.".into()))?;
        if allowed(user.role()) {
            Ok(wrap(user))
        } else {
            Err(AppError::Forbidden(refusal.into()))
        }
    })
}

impl FromRequest for MaybeUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(MaybeUser(resolve(&req).await?)) })
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        require_role(req, |_| true, "", CurrentUser)
    }
}

impl FromRequest for Staff {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        require_role(
            req,
            Role::is_staff,
            "Only moderators and admins can do that.",
            Staff,
        )
    }
}

impl FromRequest for Admin {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        require_role(
            req,
            |role| role == Role::Admin,
            "Only admins can do that.",
            Admin,
        )
    }
}

/// Builds the layout's context from what this request already knows (no database access),
/// for error pages rendered after a handler has failed.
pub fn page_context(req: &HttpRequest) -> Option<PageContext> {
    let state = req.app_data::<web::Data<AppState>>()?;
    Some(PageContext {
        config: Arc::clone(&state.config),
        viewer: cached_viewer(req),
        csrf_token: req
            .extensions()
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default(),
        path: req.path().to_owned(),
    })
}

impl FromRequest for PageContext {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            resolve(&req).await?;
            page_context(&req)
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("AppState missing")))
        })
    }
}
