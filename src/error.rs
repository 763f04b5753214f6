//! `AppError`: what a request failed with, in HTTP's terms. Handlers return it; the web shell
//! renders it once, as a page or as Discourse-style JSON (`web::errors`). Service, database
//! and extractor failures are converted into it here, in one place each.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

use crate::auth::Refusal;
use crate::db::DbError;
use crate::messages::{self, Complaint};
use crate::models::invalid::Problem;
use crate::services::{Missing, ServiceError};

/// What went wrong, in HTTP's terms. The messages are for the person; see `messages`.
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
    /// 409: it clashes with what exists (a taken username, a newer version).
    #[error("{}", join(.0))]
    Conflict(Vec<Complaint>),
    /// 413: too large to accept.
    #[error("{}", join(.0))]
    TooLarge(Vec<Complaint>),
    /// 415: the body is in an encoding that is not read here.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422: well-formed but invalid; every problem found, each tied to its field.
    #[error("{}", join(.0))]
    Invalid(Vec<Complaint>),
    /// 429: too many attempts; retry after this many seconds.
    #[error("{}", messages::rate_limited(*.0))]
    RateLimited(u64),
    /// 429: a posting limit; retry after `seconds`. Forms keep the draft and say why.
    #[error("{message}")]
    TooFast {
        /// Until it allows again.
        seconds: u64,
        /// Which limit, for the person.
        message: String,
    },
    /// 500: our fault. The cause is logged, never shown.
    #[error("{}", messages::INTERNAL)]
    Internal(#[source] anyhow::Error),
}

fn join(complaints: &[Complaint]) -> String {
    complaints
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

impl AppError {
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
            AppError::Invalid(_)
                | AppError::TooLarge(_)
                | AppError::Conflict(_)
                | AppError::TooFast { .. }
        )
    }

    /// For a 429: how many seconds to wait (the `Retry-After` header).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::RateLimited(seconds) | AppError::TooFast { seconds, .. } => Some(*seconds),
            _ => None,
        }
    }

    /// What to show beside or above a form's fields.
    pub fn complaints(&self) -> Vec<Complaint> {
        match self {
            AppError::Invalid(c) | AppError::TooLarge(c) | AppError::Conflict(c) => c.clone(),
            other => vec![Complaint::general(other.to_string())],
        }
    }

    /// The messages a client sees, one per problem.
    pub fn messages(&self) -> Vec<String> {
        self.complaints().into_iter().map(|c| c.text).collect()
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> Self {
        let complaints = messages::complaints(&error);
        match error {
            ServiceError::Refused(Refusal::NotSignedIn) => {
                AppError::Unauthorized(error.to_string())
            }
            ServiceError::Refused(_) => AppError::Forbidden(error.to_string()),
            ServiceError::NotFound(_) => AppError::NotFound(error.to_string()),
            ServiceError::Invalid(problems) => {
                // Too much text is refused outright (413); the form still shows why.
                if problems
                    .iter()
                    .any(|p| matches!(p.problem, Problem::TooLarge { .. }))
                {
                    AppError::TooLarge(complaints)
                } else {
                    AppError::Invalid(complaints)
                }
            }
            ServiceError::Conflict(_) => AppError::Conflict(complaints),
            ServiceError::Blocked(_) | ServiceError::Tag(_) => AppError::Invalid(complaints),
            ServiceError::TooFast(pace) => AppError::TooFast {
                seconds: pace.seconds,
                message: error.to_string(),
            },
            ServiceError::Limited(limit) => AppError::TooFast {
                seconds: limit.seconds,
                message: error.to_string(),
            },
            ServiceError::Database(cause) => AppError::Internal(cause.into()),
        }
    }
}

impl From<Refusal> for AppError {
    fn from(refusal: Refusal) -> Self {
        ServiceError::Refused(refusal).into()
    }
}

impl From<Missing> for AppError {
    fn from(missing: Missing) -> Self {
        AppError::NotFound(missing.to_string())
    }
}

impl From<Vec<crate::models::invalid::FieldError>> for AppError {
    fn from(problems: Vec<crate::models::invalid::FieldError>) -> Self {
        ServiceError::Invalid(problems).into()
    }
}

impl From<DbError> for AppError {
    fn from(error: DbError) -> Self {
        AppError::Internal(error.into())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        AppError::Internal(DbError::Query(error).into())
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
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::RateLimited(_) | AppError::TooFast { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(cause) = self {
            tracing::error!(error = ?cause, "internal error");
        }
        let mut response = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.retry_after() {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from(seconds)));
        }
        // The body is replaced by `web::errors`; this plain text is the fallback.
        response
            .content_type("text/plain; charset=utf-8")
            .body(self.to_string())
    }
}

/// Shorthand for handler results.
pub type AppResult<T> = Result<T, AppError>;
