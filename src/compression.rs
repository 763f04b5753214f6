//! Gzip for response bodies, in one call to libdeflate on a buffer that is complete in memory,
//! with a compressor each thread keeps and reuses, and the `Accept-Encoding` question. The
//! `compress` middleware (`web::compress`) uses it for every per-request answer, the page cache
//! and the embedded assets for bodies compressed once and served many times.

use std::cell::RefCell;

use actix_web::http::header::{AcceptEncoding, Encoding, Header};
use actix_web::web::Bytes;
use libdeflater::{CompressionLvl, Compressor};

// libdeflate's levels, chosen by measurement (docs/performance.md, 2026-11-22; a 17 KB front
// page and a 125 KB topic page): level 1 takes 43 and 224 µs and is 7 % and 2 % larger than
// level 6 (63 and 393 µs); level 9 saves 1–5 % more for 2–9× the time; level 12 saves 17 % on
// the topic page but takes 29 ms.

/// For bodies made per request: compressed once, sent once.
const PER_REQUEST_LEVEL: i32 = 1;
/// For cached pages: compressed again after every write to the forum, served many times.
const CACHED_LEVEL: i32 = 6;
/// For the embedded assets: compressed once per process, served for a year.
const ASSET_LEVEL: i32 = 12;

/// The largest scratch buffer a thread keeps between responses.
const SCRATCH_KEPT: usize = 1 << 20;

thread_local! {
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static PER_REQUEST: RefCell<Compressor> = RefCell::new(Compressor::new(level(PER_REQUEST_LEVEL)));
    static CACHED: RefCell<Compressor> = RefCell::new(Compressor::new(level(CACHED_LEVEL)));
}

fn level(n: i32) -> CompressionLvl {
    CompressionLvl::new(n).unwrap_or_default()
}

/// Compresses `body` into this thread's scratch buffer (sized for libdeflate's worst case,
/// kept between calls so a page costs no large allocation) and copies out the result, which
/// is a few times smaller than the page.
fn gzip_with(compressor: &RefCell<Compressor>, body: &[u8]) -> Bytes {
    SCRATCH.with(|scratch| {
        let mut compressor = compressor.borrow_mut();
        let mut scratch = scratch.borrow_mut();
        let bound = compressor.gzip_compress_bound(body.len());
        if scratch.len() < bound {
            scratch.resize(bound, 0);
        }
        // The bound is libdeflate's own worst case for this length, so the call cannot run out
        // of room; if it ever reported so, an empty answer would be a broken page: fail loudly.
        let written = compressor
            .gzip_compress(body, &mut scratch)
            .expect("libdeflate's bound holds the whole gzip stream");
        let compressed = Bytes::copy_from_slice(&scratch[..written]);
        // A rare huge body (a 1,000-post `print=true` topic) does not pin its buffer for good.
        if scratch.len() > SCRATCH_KEPT {
            *scratch = Vec::new();
        }
        compressed
    })
}

/// `body` as gzip at the fast level used for every per-request answer.
pub fn gzip_fast(body: &[u8]) -> Bytes {
    PER_REQUEST.with(|c| gzip_with(c, body))
}

/// `body` as gzip for the page cache: smaller than [`gzip_fast`]'s, for a few hundred µs.
pub fn gzip_cached(body: &[u8]) -> Bytes {
    CACHED.with(|c| gzip_with(c, body))
}

/// `body` as gzip at libdeflate's best level, for the embedded assets (once per process).
pub fn gzip_best(body: &[u8]) -> Bytes {
    gzip_with(&RefCell::new(Compressor::new(level(ASSET_LEVEL))), body)
}

/// Whether a body of this `Content-Type` is text that compresses (pages, JSON, CSS, SVG,
/// plain text), not already-compressed data such as images.
pub fn compresses(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.starts_with("text/")
        || matches!(
            essence,
            "application/json" | "image/svg+xml" | "application/javascript"
        )
}

/// Whether the request's `Accept-Encoding` prefers gzip to the plain body: absent, `identity`
/// or `gzip;q=0` say no; `gzip`, `*`, or `br, gzip` say yes.
pub fn accepts_gzip(req: &impl actix_web::HttpMessage) -> bool {
    let Ok(accepted) = AcceptEncoding::parse(req) else {
        return false;
    };
    let offered = [Encoding::gzip(), Encoding::identity()];
    accepted.negotiate(offered.iter()) == Some(Encoding::gzip())
}
