//! `GET /metrics`: this node in Prometheus's text format, for the configured addresses or the
//! bearer token (`[metrics]`), 403 for anyone else. Counters come from `crate::metrics`; the
//! rest is read now: pool sizes and waits, the mail outbox, the review queue, how overdue each
//! once-across-nodes job is, how far the search index is behind the change feed, memory.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::metrics::Reading;
use crate::models::job_lease::JobLease;
use crate::models::mail_outbox::Outbox;
use crate::models::reviewable::Reviewable;
use crate::models::search_change::SearchChange;

/// Whether the request may read the metrics: from an allowed address, or with the token.
/// Behind a proxy the forwarded client address counts, not the proxy's own (which is often
/// 127.0.0.1, and would open the metrics to everyone).
fn allowed(req: &HttpRequest, state: &AppState) -> bool {
    let config = &state.config.metrics;
    let ip = crate::routes::context::client_ip(req, state.config.server.behind_proxy);
    if let Ok(ip) = ip.parse::<std::net::IpAddr>()
        && config.allowed_addresses.contains(&ip)
    {
        return true;
    }
    if config.token.is_empty() {
        return false;
    }
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared as digests, so the time taken says nothing about how much of the token matched.
    Sha256::digest(given.as_bytes()) == Sha256::digest(config.token.as_bytes())
}

/// `GET /metrics`
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    if !allowed(&req, &state) {
        return Err(AppError::Forbidden(messages::METRICS_FORBIDDEN.into()));
    }
    let mut readings = Vec::new();
    // One report, read once; `Metrics::encode` groups each metric's series by name.
    for pool in state.db.pool_report() {
        let label = || Some(("pool", pool.name.to_owned()));
        readings.push(gauge(
            "convene_db_pool_connections",
            "Database connections open",
            label(),
            f64::from(pool.connections),
        ));
        readings.push(gauge(
            "convene_db_pool_idle_connections",
            "Database connections open and idle",
            label(),
            f64::from(pool.idle),
        ));
        readings.push(counter(
            "convene_db_pool_acquires",
            "Database connections taken from the pool",
            label(),
            pool.acquired as f64,
        ));
        readings.push(counter(
            "convene_db_pool_wait_seconds",
            "Time spent waiting for a database connection",
            label(),
            pool.waited_seconds,
        ));
    }
    let (backlog, review, jobs, latest) = state
        .db
        .read(|conn| -> AppResult<_> {
            Ok((
                Outbox::backlog(conn)?,
                Reviewable::pending_count(conn, None)?,
                JobLease::all(conn)?,
                SearchChange::latest_id(conn)?,
            ))
        })
        .await?;
    readings.push(gauge(
        "convene_mail_outbox_backlog",
        "Mail queued and not yet sent or given up",
        None,
        backlog as f64,
    ));
    readings.push(gauge(
        "convene_review_queue_pending",
        "Flagged and queued posts waiting for a moderator",
        None,
        review as f64,
    ));
    let now = crate::db::now();
    for job in jobs {
        let overdue = (now - job.next_run_at).num_milliseconds().max(0) as f64 / 1000.0;
        readings.push(gauge(
            "convene_job_overdue_seconds",
            "How long past due each once-across-nodes job is (0 when on time)",
            Some(("job", job.name)),
            overdue,
        ));
    }
    let progress = state.search.progress();
    readings.push(gauge(
        "convene_search_index_lag_changes",
        "Change-feed rows this node's search index has not applied yet",
        None,
        (latest - progress.applied).max(0) as f64,
    ));
    readings.push(gauge(
        "convene_search_index_documents",
        "Posts in this node's search index",
        None,
        state.search.documents() as f64,
    ));
    readings.push(gauge(
        "convene_search_index_rebuilding",
        "1 while this node rebuilds its search index",
        None,
        f64::from(u8::from(progress.rebuilding.is_some())),
    ));
    if let Some(bytes) = resident_memory_bytes() {
        readings.push(gauge(
            "process_resident_memory_bytes",
            "Resident memory of this process",
            None,
            bytes as f64,
        ));
    }
    let text = state
        .metrics
        .encode(&readings)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(text))
}

fn gauge(
    name: &'static str,
    help: &'static str,
    label: Option<(&'static str, String)>,
    value: f64,
) -> Reading {
    Reading {
        name,
        help,
        label,
        value,
        counter: false,
    }
}

fn counter(
    name: &'static str,
    help: &'static str,
    label: Option<(&'static str, String)>,
    value: f64,
) -> Reading {
    Reading {
        name,
        help,
        label,
        value,
        counter: true,
    }
}

/// Resident memory from `/proc/self/statm` (Linux), in bytes.
pub fn resident_memory_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}
