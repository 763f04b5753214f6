//! How handlers answer: HTML or JSON from the same handler ([`Format`]), a redirect after a
//! form, a form shown again with its problems, and Markdown rendered off the async workers.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::markdown::{self, Cooked, Rendered};
use crate::messages::Complaint;

/// Which representation the client asked for. One rule, used by handlers, error responses and
/// the page cache alike: JSON for a `.json` path, for an API client (`Api-Key`), or for
/// `Accept: application/json`; HTML for everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A page for people.
    Html,
    /// Discourse-shaped JSON.
    Json,
}

impl Format {
    /// What `req` asked for.
    pub fn of(req: &HttpRequest) -> Format {
        let asks_json = req.path().ends_with(".json")
            || crate::routes::context::is_api_request(req)
            || req
                .headers()
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.starts_with("application/json"));
        if asks_json {
            Format::Json
        } else {
            Format::Html
        }
    }
}

impl FromRequest for Format {
    type Error = AppError;
    type Future = Ready<Result<Format, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Format::of(req)))
    }
}

/// A page of HTML.
pub fn html(markup: maud::Markup) -> HttpResponse {
    html_with_status(StatusCode::OK, markup)
}

/// A page of HTML with a status other than 200 (a form shown again with its problems).
pub fn html_with_status(status: StatusCode, markup: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// The JSON content type, exactly as Discourse sends it (clients compare it as a string).
pub const JSON: &str = "application/json; charset=utf-8";

/// JSON.
pub fn json(value: &impl Serialize) -> HttpResponse {
    json_with_status(StatusCode::OK, value)
}

/// JSON with a status other than 200.
pub fn json_with_status(status: StatusCode, value: &impl Serialize) -> HttpResponse {
    match serde_json::to_string(value) {
        Ok(body) => HttpResponse::build(status).content_type(JSON).body(body),
        Err(error) => actix_web::ResponseError::error_response(&AppError::Internal(error.into())),
    }
}

/// A 303 See Other, the answer to every successful form POST.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_owned()))
        .finish()
}

/// A form shown again after a problem the person can fix: the error's status, the page
/// rendered with its complaints (each beside its field; see `AppError::is_fixable_in_form`).
pub fn form_again(
    error: &AppError,
    page: impl FnOnce(&[Complaint]) -> maud::Markup,
) -> HttpResponse {
    let mut response = html_with_status(
        actix_web::ResponseError::status_code(error),
        page(&error.complaints()),
    );
    if let Some(seconds) = error.retry_after() {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
    }
    response
}

/// Whether a form was sent with its Preview button.
pub fn is_preview(intent: &Option<String>) -> bool {
    intent.as_deref() == Some("preview")
}

/// Counts one `what` by `key` against `throttle`: a 429 (with `Retry-After`, and a message
/// saying which limit) beyond it.
pub fn throttled(
    throttle: &crate::auth::throttle::Throttle,
    key: &str,
    what: crate::services::Limited,
) -> AppResult<()> {
    throttle.check(key).map_err(|seconds| {
        crate::services::ServiceError::Limited(crate::services::Limit {
            what,
            limit: i64::from(throttle.limit()),
            seconds,
        })
        .into()
    })
}

/// Renders Markdown for `who`'s preview, on the blocking thread pool: rendering a long post
/// takes milliseconds that an async worker would otherwise spend not serving anyone else.
/// Previews cost CPU and write nothing, so each member gets `limits.previews_per_minute` on
/// each node (staff are not limited); beyond it, a 429 whose form keeps the draft.
pub async fn preview(
    state: &crate::app::AppState,
    who: &crate::models::user::User,
    raw: String,
) -> AppResult<Rendered> {
    if !who.role.is_staff() {
        throttled(
            &state.throttles.previews,
            &who.id.0.to_string(),
            crate::services::Limited::Previews,
        )?;
    }
    Ok(actix_web::web::block(move || markdown::render(&raw)).await?)
}

/// Cooks a post's Markdown for storing, on the blocking thread pool and before any write
/// connection is taken (see `markdown::cook`).
pub async fn cook(raw: String) -> AppResult<Cooked> {
    Ok(actix_web::web::block(move || markdown::cook(&raw)).await?)
}

/// [`cook`], masking the censored words of `watched`.
pub async fn cook_censored(
    raw: String,
    watched: std::sync::Arc<crate::models::watched_word::WatchList>,
) -> AppResult<Cooked> {
    Ok(actix_web::web::block(move || markdown::cook_with(&raw, &watched)).await?)
}
