//! CSRF protection for every state-changing request, in one middleware, so no handler can
//! forget it (the token rules are in `auth::csrf`). Requests that carry an `Api-Key` are
//! exempt: they authenticate by header, which a browser never adds on its own. So are signed
//! links ([`SIGNED_LINKS`]): the signature in the path is the authority.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};

use crate::app::AppState;
use crate::auth::csrf::{COOKIE, CsrfToken, FIELD, HEADER, matches, well_formed};
use crate::auth::token;
use crate::error::AppError;
use crate::messages;

/// Paths whose POST is authorised by a signature in the link itself (`auth::signed`), sent
/// by mail clients without cookies (RFC 8058 one-click unsubscribe). A forged cross-site POST
/// would need the signature, which only the mail's recipient has.
const SIGNED_LINKS: &[&str] = &["/unsubscribe/"];

/// Checks the token on unsafe methods and makes sure every visitor has one.
pub async fn protect<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    // Failures become error responses, not `Err`, so `web::errors` can render them with the
    // request at hand.
    macro_rules! refuse {
        ($error:expr) => {
            return Ok(req.error_response($error).map_into_right_body())
        };
    }
    let existing = req
        .cookie(COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|t| well_formed(t));
    let (token, is_new) = match existing {
        Some(t) => (t, false),
        None => match token::generate() {
            Ok(t) => (t, true),
            Err(e) => refuse!(AppError::Internal(e)),
        },
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));

    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let api_request = req.headers().contains_key("Api-Key");
    let signed_link = SIGNED_LINKS.iter().any(|p| req.path().starts_with(p));
    if unsafe_method && !api_request && !signed_link {
        let sent = match sent_token(&mut req).await {
            Ok(sent) => sent,
            Err(e) => refuse!(e),
        };
        if is_new || !matches(sent.as_deref(), &token) {
            refuse!(AppError::Forbidden(messages::FORM_EXPIRED.into()));
        }
    }

    let secure = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.config.secure_cookies());
    let mut res = next.call(req).await?;
    // Never on a response shared caches may keep (assets): they would hand one visitor's token
    // to everyone, or, more often, refuse to cache the file at all.
    let publicly_cacheable = res
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("public"));
    if is_new && !publicly_cacheable {
        let cookie = Cookie::build(COOKIE, token)
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .finish();
        res.response_mut()
            .add_cookie(&cookie)
            .map_err(AppError::from_http)?;
    }
    Ok(res.map_into_left_body())
}

/// The token the client sent: the header, or the token field of a form body. The body is
/// read here and put back for the handler.
async fn sent_token(req: &mut ServiceRequest) -> Result<Option<String>, actix_web::Error> {
    if let Some(value) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return Ok(Some(value.to_owned()));
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok(None);
    }
    let body = req.extract::<web::Bytes>().await?;
    let field = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
    req.set_payload(actix_web::dev::Payload::from(body));
    Ok(field)
}
