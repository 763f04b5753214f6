//! `Form<T>`: a URL-encoded form body, refused with 400 unless every field is valid UTF-8.
//! (actix's own `Form` decodes lossily, which would store U+FFFD where the sender's bytes
//! were; DESIGN.md asks for a clear refusal that changes nothing.)

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::messages;

/// A form body, deserialised into `T`.
#[derive(Debug)]
pub struct Form<T>(pub T);

impl<T> Form<T> {
    /// The deserialised form.
    pub fn into_inner(self) -> T {
        self.0
    }
}

fn valid_utf8(body: &[u8]) -> bool {
    body.split(|&b| b == b'&' || b == b'=').all(|part| {
        let spaced: Vec<u8> = part
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        percent_encoding::percent_decode(&spaced)
            .decode_utf8()
            .is_ok()
    })
}

/// Decodes a URL-encoded body, refusing invalid UTF-8.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    if !valid_utf8(body) {
        return Err(AppError::BadRequest(messages::FORM_NOT_UTF8.into()));
    }
    serde_urlencoded::from_bytes(body)
        .map_err(|e| AppError::BadRequest(messages::form_unreadable(e)))
}

/// A URL-encoded body's (key, value) pairs in order, refusing invalid UTF-8.
pub fn pairs(body: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    decode(body)
}

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let body = body.await.map_err(|e| {
                if e.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::TooLarge(vec![messages::Complaint::general(messages::FORM_TOO_LARGE)])
                } else {
                    AppError::BadRequest(messages::form_unreadable(e))
                }
            })?;
            if !is_form {
                return Err(AppError::BadRequest(messages::FORM_NOT_URLENCODED.into()));
            }
            decode(&body).map(Form)
        })
    }
}
