//! The HTTP shell, shared by `convene serve` and the integration tests: it assembles the app
//! from the route table (`routes::configure`) and wraps it in the middleware every request
//! passes through, outermost first: the access log, request metrics (`metrics`), compression, security headers, error
//! pages (`errors`), API keys (`api_keys`), CSRF (`csrf`), then the anonymous page cache
//! (`page_cache`).

pub mod api_keys;
pub mod compress;
pub mod csrf;
pub mod errors;
pub mod metrics;
pub mod page_cache;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{self, from_fn};
use actix_web::{App, HttpServer, web};

use crate::app::AppState;
use crate::error::AppError;
use crate::messages;

/// Response headers every page carries. The CSP allows no inline script at all, so even a
/// sanitiser bug could not run one; inline `style` attributes are ours (colour swatches).
const SECURITY_HEADERS: &[(&str, &str)] = &[
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; \
         script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
];

/// Starts serving on `listener`. The returned server runs until it is stopped.
pub fn serve(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    let workers = match state.config.server.workers {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    // Form bodies are URL-encoded: every byte of Markdown may take three, plus the other fields.
    let body_limit = state.config.posts.max_body_bytes * 3 + 16 * 1024;
    let pages = web::Data::new(page_cache::PageCache::new(&state.config.cache));
    let shutdown_seconds = state.config.server.shutdown_seconds;
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        let mut headers = middleware::DefaultHeaders::new();
        for &(name, value) in SECURITY_HEADERS {
            headers = headers.add((name, value));
        }
        App::new()
            .app_data(data.clone())
            .app_data(pages.clone())
            .configure(|cfg| extractor_config(cfg, body_limit))
            .configure(crate::routes::configure)
            .wrap(from_fn(page_cache::serve_cached))
            .wrap(from_fn(csrf::protect))
            .wrap(from_fn(api_keys::check))
            .wrap(from_fn(errors::render_errors))
            .wrap(headers)
            // Inside the log, which wraps bodies in a stream: this one needs them whole.
            .wrap(from_fn(compress::compress))
            .wrap(from_fn(metrics::record))
            .wrap(middleware::Logger::new("%a \"%r\" %s %b %Dms"))
    })
    .workers(workers)
    // SIGTERM and SIGINT stop accepting at once; requests in flight get this long to finish.
    .shutdown_timeout(shutdown_seconds)
    // A response may go out as several small writes; with Nagle's algorithm the last waited
    // for the client's delayed ACK, adding 40 ms to every gzip response (measured when
    // actix-web's streaming `Compress` was in use; kept for any response written in parts).
    .tcp_nodelay(true)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Extractor settings: limits, and errors in words rather than actix's defaults.
fn extractor_config(cfg: &mut web::ServiceConfig, body_limit: usize) {
    cfg.app_data(web::PayloadConfig::new(body_limit))
        .app_data(crate::routes::input::BodyLimit(body_limit))
        .app_data(
            web::JsonConfig::default()
                .limit(body_limit)
                .error_handler(|err, _| {
                    match err {
                        actix_web::error::JsonPayloadError::Overflow { .. }
                        | actix_web::error::JsonPayloadError::OverflowKnownLength { .. } => {
                            AppError::TooLarge(vec![messages::Complaint::general(
                                messages::BODY_TOO_LARGE,
                            )])
                        }
                        actix_web::error::JsonPayloadError::ContentType => {
                            AppError::BadRequest(messages::JSON_CONTENT_TYPE.into())
                        }
                        other => AppError::BadRequest(messages::json_unreadable(other)),
                    }
                    .into()
                }),
        )
        .app_data(
            web::PathConfig::default()
                .error_handler(|_, _| AppError::from(crate::services::Missing::Page).into()),
        )
        .app_data(
            web::QueryConfig::default().error_handler(|err, _| {
                AppError::BadRequest(messages::query_unreadable(err)).into()
            }),
        );
}
