//! `AppState` and the HTTP server, shared by `convene serve` and the integration tests.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{self, from_fn};
use actix_web::{App, HttpServer, web};

use crate::config::Config;
use crate::db::Db;

/// What every handler can reach: settings, the database, and caches derived from it.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Settings, loaded once.
    pub config: Arc<Config>,
    /// The database pools.
    pub db: Db,
    /// Pages anonymous visitors share.
    pub pages: crate::routes::page_cache::PageCache,
}

impl AppState {
    /// The state for a server with these settings on this database.
    pub fn new(config: Arc<Config>, db: Db) -> AppState {
        let pages = crate::routes::page_cache::PageCache::new(&config.cache);
        AppState { config, db, pages }
    }
}

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
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        let mut headers = middleware::DefaultHeaders::new();
        for &(name, value) in SECURITY_HEADERS {
            headers = headers.add((name, value));
        }
        App::new()
            .app_data(data.clone())
            .configure(|cfg| crate::routes::extractor_config(cfg, body_limit))
            .configure(crate::routes::configure)
            .wrap(from_fn(crate::routes::page_cache::serve_cached))
            .wrap(from_fn(crate::auth::csrf::protect))
            .wrap(from_fn(crate::routes::render_errors))
            .wrap(headers)
            .wrap(middleware::Logger::new("%a \"%r\" %s %b %Dms"))
            .wrap(middleware::Compress::default())
    })
    .workers(workers)
    // Compressed responses go out as several small writes; with Nagle's algorithm the last
    // waited for the client's delayed ACK, adding 40 ms to every gzip response (measured).
    .tcp_nodelay(true)
    .listen(listener)?
    .run();
    Ok(server)
}
