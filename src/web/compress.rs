//! Response compression. Every body Convene sends is complete in memory before it goes out
//! (maud renders a page into one `String`, JSON is serialised into one buffer), so it is
//! compressed in one call to libdeflate (`crate::compression`), on the worker that made it,
//! with a compressor each thread keeps and reuses.
//!
//! This replaced actix-web's `Compress` middleware after measurement (docs/performance.md,
//! 2026-11-22): that one streams through a new zlib state for every response (allocating and
//! zeroing ~300 KB) and hands every body over 1 KB to the blocking thread pool and back, so a
//! signed-in page paid two thread switches and an allocation storm to be compressed.
//!
//! Pages stored in the anonymous page cache and the embedded assets are compressed once, at
//! higher levels, and arrive here already carrying a `Content-Encoding`, which this middleware
//! leaves alone.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;

use crate::compression::{accepts_gzip, compresses, gzip_fast};

/// Bodies smaller than this go out as they are: a gzip frame costs 18 bytes, and a short
/// answer (a redirect, `{"success":"OK"}`) gains nothing worth a compressor call.
const SMALLEST_WORTH_COMPRESSING: usize = 512;

/// Whether the response's `Content-Type` is one that compresses.
fn compressible(content_type: Option<&HeaderValue>) -> bool {
    content_type
        .and_then(|v| v.to_str().ok())
        .is_some_and(compresses)
}

/// Adds `Accept-Encoding` to the response's `Vary` (caches must key on it).
fn vary_on_encoding(headers: &mut header::HeaderMap) {
    let already = headers
        .get_all(header::VARY)
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("accept-encoding"));
    if !already {
        headers.append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
}

/// Gzips compressible responses for clients that accept it (see the module comment).
pub async fn compress(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let wanted = accepts_gzip(&req) && req.method() != Method::HEAD;
    let res = next.call(req).await?;
    let headers = res.headers();
    let candidate = compressible(headers.get(header::CONTENT_TYPE))
        && !headers.contains_key(header::CONTENT_ENCODING)
        && !matches!(
            res.status(),
            StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED
        );
    if !candidate {
        return Ok(res.map_into_boxed_body());
    }
    let (request, response) = res.into_parts();
    let (mut head, body) = response.into_parts();
    vary_on_encoding(head.headers_mut());
    let body = match body.try_into_bytes() {
        Ok(bytes) if wanted && bytes.len() >= SMALLEST_WORTH_COMPRESSING => {
            head.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            BoxBody::new(gzip_fast(&bytes))
        }
        Ok(bytes) => BoxBody::new(bytes),
        // A streamed body (none today) goes out as it comes.
        Err(stream) => BoxBody::new(stream),
    };
    Ok(ServiceResponse::new(request, head.set_body(body)))
}
