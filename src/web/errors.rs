//! Every error response, rendered once: a page a person can read, or Discourse-style JSON
//! (`{"errors": [...], "error_type": "..."}`) for clients that asked for JSON. A browser asking
//! for a page that needs an account is sent to log in and brought back.

use actix_web::HttpResponse;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;

use crate::api::error::{ErrorResponse, WaitExtras, error_type};
use crate::error::AppError;
use crate::messages;
use crate::routes::respond::Format;

/// Turns every error response into a page or JSON, whichever the request asked for.
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
    let format = Format::of(&http_req);
    let mut response = if status == StatusCode::UNAUTHORIZED
        && format == Format::Html
        && http_req.method() == "GET"
    {
        // A page that needs an account: go and log in, then come back.
        let next = crate::views::layout::url_component(&http_req.uri().to_string());
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/login?next={next}")))
            .finish()
    } else if format == Format::Json {
        // Discourse's clients wait `extras.wait_seconds` before retrying.
        let wait = retry_after
            .as_ref()
            .and_then(|s| s.to_str().ok())
            .map(|seconds| WaitExtras {
                wait_seconds: seconds.parse().unwrap_or(1),
            });
        let body = ErrorResponse {
            errors: messages,
            error_type: error_type(status.as_u16()),
            extras: wait,
        };
        crate::routes::respond::json_with_status(status, &body)
    } else {
        match crate::routes::context::page_context(&http_req) {
            Some(ctx) => HttpResponse::build(status)
                .content_type("text/html; charset=utf-8")
                .body(
                    crate::views::site::error_page(&ctx, status.as_u16(), &messages).into_string(),
                ),
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
        let retry = app_error.retry_after().map(header::HeaderValue::from);
        (status, app_error.messages(), retry)
    } else if status.is_server_error() {
        tracing::error!(%error, "unhandled error");
        (status, vec![messages::INTERNAL.to_owned()], None)
    } else {
        (status, vec![error.to_string()], None)
    }
}
