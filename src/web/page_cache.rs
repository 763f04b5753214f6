//! The anonymous page cache: pages the route table declares public (`routes::PublicPage`:
//! lists, topics, categories, profiles, as HTML and JSON) are the same for every visitor who is
//! not signed in, so each node keeps them in memory briefly.
//!
//! Entries are keyed by the database's write generation (see `Db::write_generation`): any
//! write on this node makes every cached page unreachable at once, so a node never serves its
//! own stale pages. Writes on other nodes show within `cache.anonymous_page_seconds`.
//! Signed-in users and API clients always get fresh pages.
//!
//! The lookup happens before routing, by address and format. That is safe because only
//! responses of resources declared public are ever stored: a miss costs one hash lookup, a hit
//! can only be a public page.
//!
//! A topic page answered from here still counts as a view (`reading`), from the mark its
//! handler left on the first response.
//!
//! Each page is compressed once, when it is stored, and served compressed to every client
//! that accepts gzip (nearly all): compressing the same 30 KB for every request was most of a
//! cached page's cost. The `compress` middleware leaves responses that already carry a
//! `Content-Encoding` alone.

use std::time::Duration;

use actix_web::HttpResponse;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};

use crate::app::AppState;
use crate::config::CacheConfig;
use crate::models::ids::TopicId;
use crate::reading::{TopicViewed, Viewer};
use crate::routes::PublicPage;
use crate::routes::context::{SESSION_COOKIE, client_ip};
use crate::routes::respond::Format;

/// A cached response: its content type, and its body as rendered and gzipped.
#[derive(Clone, Debug)]
struct CachedPage {
    content_type: header::HeaderValue,
    body: Bytes,
    gzip: Bytes,
    /// The topic the page shows, whose views each answer counts.
    topic: Option<TopicId>,
}

impl CachedPage {
    /// Stores `body`, compressing it once, harder than a per-request body: it is served many
    /// times.
    fn new(content_type: header::HeaderValue, body: Bytes, topic: Option<TopicId>) -> CachedPage {
        let gzip = crate::compression::gzip_cached(&body);
        CachedPage {
            content_type,
            body,
            gzip,
            topic,
        }
    }

    /// The response for a client that does or does not accept gzip.
    fn response(&self, gzip: bool) -> HttpResponse {
        let mut response = HttpResponse::Ok();
        response
            .insert_header((header::CONTENT_TYPE, self.content_type.clone()))
            .insert_header((header::VARY, "Accept-Encoding"));
        if gzip {
            response
                .insert_header((header::CONTENT_ENCODING, "gzip"))
                .body(self.gzip.clone())
        } else {
            response.body(self.body.clone())
        }
    }
}

/// What a page is cached under: the write generation it was rendered at, its format, and its
/// path with query.
type Key = (u64, Format, String);

/// The cache, shared by every worker of the node.
#[derive(Clone, Debug)]
pub struct PageCache {
    pages: Option<moka::sync::Cache<Key, CachedPage>>,
}

impl PageCache {
    /// A cache sized and timed by `[cache]`; disabled when the time is 0.
    pub fn new(config: &CacheConfig) -> PageCache {
        let pages = (config.anonymous_page_seconds > 0).then(|| {
            moka::sync::Cache::builder()
                .time_to_live(Duration::from_secs(config.anonymous_page_seconds))
                .max_capacity(config.anonymous_page_megabytes * 1024 * 1024)
                .weigher(|key: &Key, page: &CachedPage| {
                    u32::try_from(key.2.len() + page.body.len() + page.gzip.len())
                        .unwrap_or(u32::MAX)
                })
                .build()
        });
        PageCache { pages }
    }
}

fn is_anonymous(req: &ServiceRequest) -> bool {
    req.cookie(SESSION_COOKIE).is_none() && !req.headers().contains_key("Api-Key")
}

/// Serves anonymous GETs of public pages from memory, and remembers fresh ones.
pub async fn serve_cached(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let cache = req
        .app_data::<web::Data<PageCache>>()
        .and_then(|c| c.pages.clone());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (Some(cache), Some(state)) = (cache, state) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    if req.method() != Method::GET || !is_anonymous(&req) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let path_and_query = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.path().to_owned(), |pq| pq.to_string());
    // Read the generation before rendering: a write during rendering moves it on, so this
    // page is stored under the old generation and never served as current.
    let key = (
        state.db.write_generation(),
        Format::of(req.request()),
        path_and_query,
    );
    let gzip = crate::compression::accepts_gzip(&req);
    if let Some(page) = cache.get(&key) {
        if let Some(topic) = page.topic {
            let address = client_ip(req.request(), state.config.server.behind_proxy);
            state.reading.viewed(topic, Viewer::Address(address));
        }
        let response = page.response(gzip);
        return Ok(req.into_response(response));
    }
    let res = next.call(req).await?;
    let public = res.request().app_data::<PublicPage>().is_some();
    let content_type = res.headers().get(header::CONTENT_TYPE).cloned();
    let Some(content_type) = content_type.filter(|_| public && res.status() == StatusCode::OK)
    else {
        return Ok(res.map_into_boxed_body());
    };
    let topic = res
        .response()
        .extensions()
        .get::<TopicViewed>()
        .map(|viewed| viewed.0);
    let (request, response) = res.into_parts();
    let (head, body) = response.into_parts();
    let body = match actix_web::body::to_bytes(body).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return Err(actix_web::error::ErrorInternalServerError(
                "could not read the page body",
            ));
        }
    };
    let page = CachedPage::new(content_type, body, topic);
    // The handler's own headers stay on this first response; only the body is swapped.
    let served = if gzip { &page.gzip } else { &page.body };
    let mut response = head.set_body(served.clone()).map_into_boxed_body();
    let headers = response.headers_mut();
    headers.insert(
        header::VARY,
        header::HeaderValue::from_static("Accept-Encoding"),
    );
    if gzip {
        headers.insert(
            header::CONTENT_ENCODING,
            header::HeaderValue::from_static("gzip"),
        );
    }
    cache.insert(key, page);
    Ok(ServiceResponse::new(request, response))
}
