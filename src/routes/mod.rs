//! The whole URL table, the error-page middleware, and helpers shared by handlers.
//!
//! Every list and topic page also answers as JSON at the same path plus `.json`, with
//! Discourse's field names. Ids in paths must be digits (`\d+`); anything else is a 404.

mod category;
mod form;
pub mod page_cache;
mod post;
mod session;
mod site;
mod topic;
mod user;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::error::AppError;

pub use form::{Form, decode as decode_form};

/// Registers every route. Read top to bottom, this is the site map.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg
        // Topic lists and topics
        .route("/", web::get().to(topic::show_latest))
        .route("/latest", web::get().to(topic::show_latest))
        .route("/latest.json", web::get().to(topic::show_latest_json))
        .route(
            "/t/{id:\\d+}.json",
            web::get().to(topic::show_topic_by_id_json),
        )
        .route(
            "/t/{slug}/{id:\\d+}.json",
            web::get().to(topic::show_topic_json),
        )
        .route("/t/{id:\\d+}", web::get().to(topic::show_topic_by_id))
        .route("/t/{slug}/{id:\\d+}", web::get().to(topic::show_topic))
        .route(
            "/t/{slug}/{id:\\d+}/{post_number:\\d+}",
            web::get().to(topic::show_topic_at_post),
        )
        .route("/new-topic", web::get().to(topic::new_topic_form))
        .route("/new-topic", web::post().to(topic::create_topic))
        .route("/t/{id:\\d+}/reply", web::get().to(topic::reply_form))
        .route("/t/{id:\\d+}/reply", web::post().to(topic::create_reply))
        // Posts
        .route("/posts.json", web::post().to(post::create_post_json))
        .route("/posts/{id:\\d+}.json", web::get().to(post::show_post_json))
        .route(
            "/posts/{id:\\d+}.json",
            web::put().to(post::update_post_json),
        )
        .route("/posts/{id:\\d+}/edit", web::get().to(post::edit_post_form))
        .route("/posts/{id:\\d+}/edit", web::post().to(post::update_post))
        .route(
            "/posts/{id:\\d+}/revisions",
            web::get().to(post::show_revisions),
        )
        .route(
            "/posts/{id:\\d+}/revisions/{version:\\d+}",
            web::get().to(post::show_revision),
        )
        // Categories
        .route("/categories", web::get().to(category::show_categories))
        .route(
            "/categories.json",
            web::get().to(category::show_categories_json),
        )
        .route(
            "/c/{slug}/{id:\\d+}.json",
            web::get().to(category::show_category_json),
        )
        .route(
            "/c/{slug}/{id:\\d+}",
            web::get().to(category::show_category),
        )
        .route(
            "/c/{parent}/{slug}/{id:\\d+}.json",
            web::get().to(category::show_subcategory_json),
        )
        .route(
            "/c/{parent}/{slug}/{id:\\d+}",
            web::get().to(category::show_subcategory),
        )
        .route(
            "/admin/categories",
            web::get().to(category::manage_categories),
        )
        .route(
            "/admin/categories",
            web::post().to(category::create_category),
        )
        .route(
            "/admin/categories/{id:\\d+}/edit",
            web::get().to(category::edit_category_form),
        )
        .route(
            "/admin/categories/{id:\\d+}",
            web::post().to(category::update_category),
        )
        // Users and sessions
        .route("/u/{username}.json", web::get().to(user::show_user_json))
        .route("/u/{username}", web::get().to(user::show_user))
        .route("/signup", web::get().to(session::signup_form))
        .route("/signup", web::post().to(session::create_account))
        .route("/login", web::get().to(session::login_form))
        .route("/login", web::post().to(session::log_in))
        .route("/logout", web::post().to(session::log_out))
        // The site itself
        .route("/code-of-conduct", web::get().to(site::code_of_conduct))
        .route("/healthz", web::get().to(site::health))
        .route("/assets/{name}", web::get().to(site::asset))
        .default_service(web::to(site::not_found));
}

/// Extractor settings: limits, and errors in words rather than actix's defaults.
pub fn extractor_config(cfg: &mut web::ServiceConfig, body_limit: usize) {
    cfg.app_data(web::PayloadConfig::new(body_limit))
        .app_data(
            web::JsonConfig::default()
                .limit(body_limit)
                .error_handler(|err, _| {
                    match err {
                        actix_web::error::JsonPayloadError::Overflow { .. }
                        | actix_web::error::JsonPayloadError::OverflowKnownLength { .. } => {
                            too_large()
                        }
                        actix_web::error::JsonPayloadError::ContentType => AppError::BadRequest(
                            "Send JSON with Content-Type: application/json.".into(),
                        ),
                        other => AppError::BadRequest(format!(
                            "The JSON body could not be read: {other}."
                        )),
                    }
                    .into()
                }),
        )
        .app_data(web::PathConfig::default().error_handler(|_, _| {
            AppError::NotFound("There is no page at this address.".into()).into()
        }))
        .app_data(web::QueryConfig::default().error_handler(|err, _| {
            AppError::BadRequest(format!("The query string could not be read: {err}.")).into()
        }));
}

fn too_large() -> AppError {
    AppError::TooLarge("The request body is larger than this forum accepts.".into())
}

/// Whether the client wants JSON: a `.json` path, an API key, or JSON in `Accept`.
pub fn wants_json(req: &HttpRequest) -> bool {
    req.path().ends_with(".json")
        || crate::auth::extractors::is_api_request(req)
        || req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.starts_with("application/json"))
}

/// Turns every error response into a page a person can read, or Discourse-style JSON.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // The request must not be cloned before routing (actix needs it unshared to route), so
    // everything is read from the response's own copy afterwards.
    let res = next.call(req).await?;
    let Some(error) = res.response().error() else {
        return Ok(res.map_into_boxed_body());
    };
    let (status, messages, retry_after) = describe(error, res.status());
    let http_req = res.request().clone();
    let mut response = if status == StatusCode::UNAUTHORIZED
        && !wants_json(&http_req)
        && http_req.method() == "GET"
    {
        // A page that needs an account: go and log in, then come back.
        let next = crate::views::layout::url_component(&http_req.uri().to_string());
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/login?next={next}")))
            .finish()
    } else if wants_json(&http_req) {
        let error_type = match status.as_u16() {
            401 | 403 => "invalid_access",
            404 => "not_found",
            429 => "rate_limit",
            400 | 409 | 413 | 422 => "invalid_parameters",
            _ => "unknown",
        };
        HttpResponse::build(status)
            .json(serde_json::json!({ "errors": messages, "error_type": error_type }))
    } else {
        match crate::auth::extractors::page_context(&http_req) {
            Some(ctx) => HttpResponse::build(status)
                .content_type("text/html; charset=utf-8")
                .body(crate::views::site::error_page(&ctx, status, &messages).into_string()),
            None => HttpResponse::build(status).body(messages.join(" ")),
        }
    };
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, seconds);
    }
    // Keep cookies the inner layers set (a fresh CSRF token must still reach the browser).
    for cookie in res.response().cookies() {
        let _ = response.add_cookie(&cookie);
    }
    Ok(ServiceResponse::new(http_req, response))
}

fn describe(
    error: &actix_web::Error,
    status: StatusCode,
) -> (StatusCode, Vec<String>, Option<header::HeaderValue>) {
    if let Some(app_error) = error.as_error::<AppError>() {
        let retry = match app_error {
            AppError::RateLimited(s) => Some(header::HeaderValue::from(*s)),
            _ => None,
        };
        (status, app_error.messages(), retry)
    } else if status.is_server_error() {
        tracing::error!(%error, "unhandled error");
        (
            status,
            vec!["Something went wrong on our side. Please try again.".to_owned()],
            None,
        )
    } else {
        (status, vec![error.to_string()], None)
    }
}

/// `?page=N` on lists and topics.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    /// Page number; lists count from 0, topics from 1 (as Discourse).
    pub page: Option<i64>,
}

/// A 303 See Other, the answer to every successful form POST.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_owned()))
        .finish()
}

/// A page of HTML with a status other than 200 (a form shown again with its errors).
pub fn html_with_status(status: StatusCode, markup: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// A form shown again after a problem the person can fix: the error's status, the page
/// rendered with the error's messages (see `AppError::is_fixable_in_form`).
pub fn form_again(error: &AppError, page: impl FnOnce(&[String]) -> maud::Markup) -> HttpResponse {
    html_with_status(
        actix_web::ResponseError::status_code(error),
        page(&error.messages()),
    )
}

/// Whether a form was sent with its Preview button.
pub fn is_preview(intent: &Option<String>) -> bool {
    intent.as_deref() == Some("preview")
}
