//! One error type for the web layer, mapped once to a status code and a message.
//!
//! Handlers return `Result<_, AppError>`. `ResponseError` gives the status and a plain body;
//! `routes::render_errors` (middleware) then turns every error response into an HTML page or
//! Discourse-style `{"errors": [...]}` JSON, depending on what the request asked for.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

/// What went wrong, in HTTP's terms. The string is shown to the person; write it for them.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// 401: the request needs a signed-in user (or valid API credentials).
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the user may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such thing.
    #[error("{0}")]
    NotFound(String),
    /// 409: it clashes with what exists (a taken username).
    #[error("{0}")]
    Conflict(String),
    /// 413: the body is larger than allowed.
    #[error("{0}")]
    TooLarge(String),
    /// 422: well-formed but invalid; every problem found, one message each.
    #[error("{}", .0.join(" "))]
    Invalid(Vec<String>),
    /// 429: too many attempts; retry after this many seconds.
    #[error("Too many attempts. Please wait {0} seconds and try again.")]
    RateLimited(u64),
    /// 500: our fault. The cause is logged, never shown.
    #[error("Something went wrong on our side. It has been logged; please try again.")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    /// One validation message as a 422.
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError::Invalid(vec![message.into()])
    }

    /// Wraps an HTTP-layer failure (a header that would not encode) as our fault.
    pub fn from_http(error: impl std::fmt::Display) -> Self {
        AppError::Internal(anyhow::anyhow!("http: {error}"))
    }

    /// Whether the person can fix this by changing what they typed (invalid fields, too much
    /// text, a clash with what exists). Forms show such errors in place, keeping the input;
    /// everything else (not allowed, not found, our fault) gets the error page.
    pub fn is_fixable_in_form(&self) -> bool {
        matches!(
            self,
            AppError::Invalid(_) | AppError::TooLarge(_) | AppError::Conflict(_)
        )
    }

    /// The messages a client sees, one per problem.
    pub fn messages(&self) -> Vec<String> {
        match self {
            AppError::Invalid(messages) => messages.clone(),
            other => vec![other.to_string()],
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => AppError::NotFound("Not found.".into()),
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<crate::models::post::BodyError> for AppError {
    fn from(error: crate::models::post::BodyError) -> Self {
        use crate::models::post::BodyError;
        match error {
            BodyError::TooLarge(size, limit) => AppError::TooLarge(format!(
                "The post is {size} bytes long; at most {limit} are allowed. Please shorten it."
            )),
            BodyError::Empty => AppError::invalid("The post cannot be empty."),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        AppError::Internal(error.into())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {error}"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(cause) = self {
            tracing::error!(error = ?cause, "internal error");
        }
        let mut response = HttpResponse::build(self.status_code());
        if let AppError::RateLimited(seconds) = self {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from(*seconds)));
        }
        // The body is replaced by `routes::render_errors`; this plain text is the fallback.
        response
            .content_type("text/plain; charset=utf-8")
            .body(self.to_string())
    }
}

/// Shorthand for handler results.
pub type AppResult<T> = Result<T, AppError>;

/// Turns "no such row" into a 404 that says what was missing.
pub trait OrNotFound<T> {
    /// `message` is shown to the person, e.g. "There is no topic with id 5."
    fn or_not_found(self, message: impl Into<String>) -> AppResult<T>;
}

impl<T> OrNotFound<T> for diesel::QueryResult<T> {
    fn or_not_found(self, message: impl Into<String>) -> AppResult<T> {
        match self {
            Err(diesel::result::Error::NotFound) => Err(AppError::NotFound(message.into())),
            other => other.map_err(AppError::from),
        }
    }
}

/// Turns an optional lookup's `None` into a 404 that says what was missing.
pub trait MustExist<T> {
    /// `message` is shown to the person, e.g. "There is no user called ada."
    fn must_exist(self, message: impl Into<String>) -> AppResult<T>;
}

impl<T> MustExist<T> for diesel::QueryResult<Option<T>> {
    fn must_exist(self, message: impl Into<String>) -> AppResult<T> {
        match self {
            Ok(Some(value)) => Ok(value),
            Ok(None) | Err(diesel::result::Error::NotFound) => {
                Err(AppError::NotFound(message.into()))
            }
            Err(other) => Err(other.into()),
        }
    }
}
