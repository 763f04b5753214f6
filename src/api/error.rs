//! Errors as Discourse's JSON has them: `{"errors": ["…"], "error_type": "…"}`, with
//! `extras.wait_seconds` when a client is asked to wait (429).

use serde::Serialize;

/// Every JSON error answer.
#[derive(Debug, Serialize)]
pub struct ErrorResponse {
    /// What went wrong, in sentences for people.
    pub errors: Vec<String>,
    /// Discourse's kind: `invalid_access`, `not_found`, `rate_limit`, `invalid_parameters`,
    /// or `unknown`.
    pub error_type: &'static str,
    /// How long to wait, for a 429.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extras: Option<WaitExtras>,
}

/// `extras` of a 429: Discourse's clients sleep this long before retrying.
#[derive(Debug, Serialize)]
pub struct WaitExtras {
    /// Seconds to wait.
    pub wait_seconds: u64,
}

/// Discourse's `error_type` for an HTTP status.
pub fn error_type(status: u16) -> &'static str {
    match status {
        401 | 403 => "invalid_access",
        404 => "not_found",
        429 => "rate_limit",
        400 | 409 | 413 | 415 | 422 => "invalid_parameters",
        _ => "unknown",
    }
}
