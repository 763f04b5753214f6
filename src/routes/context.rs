//! Who is asking, found once per request and kept in its extensions: the signed-in user (from
//! the session cookie or an `Api-Key` + `Api-Username` pair), the guardian built for them, and
//! the page context views need. The extractors put "who may call this handler" into its
//! signature: [`Viewer`] (anyone), [`SignedIn`] (401 otherwise), [`Admin`] (401 or 403).

use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::app::AppState;
use crate::auth::csrf::CsrfToken;
use crate::auth::{Guardian, Refusal, token};
use crate::error::AppError;
use crate::messages;
use crate::models::api_key::ApiKey;
use crate::models::session::Session;
use crate::models::user::User;
use crate::views::layout::{Navigation, PageContext};

/// The cookie holding the session token.
pub const SESSION_COOKIE: &str = "convene_session";

/// Who is asking, once looked up.
#[derive(Clone)]
struct Resolved {
    user: Option<User>,
    guardian: Guardian,
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

/// Finds who is asking (at most one database read per request).
async fn resolve(req: &HttpRequest) -> Result<Resolved, AppError> {
    if let Some(cached) = req.extensions().get::<Resolved>() {
        return Ok(cached.clone());
    }
    let state = state(req)?;
    let user = if let Some(key) = req.headers().get("Api-Key") {
        let key = key
            .to_str()
            .map_err(|_| AppError::Unauthorized(messages::API_KEY_NOT_TEXT.into()))?;
        let username = req
            .headers()
            .get("Api-Username")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| AppError::Unauthorized(messages::API_USERNAME_MISSING.into()))?
            .to_lowercase();
        let key_hash = token::hash(key);
        let user = state
            .db
            .read(move |conn| ApiKey::user(conn, &key_hash).map_err(AppError::from))
            .await?;
        match user {
            Some(user) if user.username_lower == username => Some(user),
            Some(_) => return Err(AppError::Unauthorized(messages::API_KEY_NOT_THEIRS.into())),
            None => return Err(AppError::Unauthorized(messages::API_KEY_UNKNOWN.into())),
        }
    } else if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        let token_hash = token::hash(cookie.value());
        state
            .db
            .read(move |conn| {
                Session::user(conn, &token_hash, crate::db::now()).map_err(AppError::from)
            })
            .await?
    } else {
        None
    };
    let resolved = Resolved {
        guardian: Guardian::for_viewer(user.as_ref()),
        user,
    };
    req.extensions_mut().insert(resolved.clone());
    Ok(resolved)
}

/// Builds the page context from what this request already knows, without the database: for
/// handlers (through the extractors) and for error pages rendered after a handler failed.
pub fn page_context(req: &HttpRequest) -> Option<PageContext> {
    let state = req.app_data::<web::Data<AppState>>()?;
    let resolved = req.extensions().get::<Resolved>().cloned();
    let (viewer, guardian) = match resolved {
        Some(r) => (r.user.map(|u| u.username), r.guardian),
        None => (None, Guardian::anonymous()),
    };
    Some(PageContext {
        config: Arc::clone(&state.config),
        viewer,
        may: Navigation {
            create_topic: guardian.can_create_topic().is_ok(),
            manage_categories: guardian.can_manage_categories().is_ok(),
        },
        csrf_token: req
            .extensions()
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default(),
        path: req.path().to_owned(),
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
        require(
            req,
            Guardian::can_manage_categories,
            |user, guardian, page| Admin {
                user,
                guardian,
                page,
            },
        )
    }
}
