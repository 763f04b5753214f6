//! What this node counts between scrapes of `/metrics` (Prometheus): requests by route, method
//! and status, and how long they took. What can be read at scrape time (pools, the mail outbox,
//! jobs, the search index's lag, memory) is read then, by `routes::metrics`, and written out with
//! these counters by [`Metrics::encode`].

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// A request's labels: the route's pattern (`/t/{slug}/{id}`, never the path itself, so the
/// number of series stays bounded), its method and the status answered. Static strings, so
/// counting a request allocates nothing (see [`Metrics::route`]).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The route pattern, or `unmatched`.
    pub route: &'static str,
    /// GET, POST …
    pub method: &'static str,
    /// The status answered.
    pub status: u16,
}

/// A route's labels, for its latency.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// The route pattern, or `unmatched`.
    pub route: &'static str,
    /// GET, POST …
    pub method: &'static str,
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// From 0.25 ms to about 8 s, doubling: a cached page and a slow search both land in a bucket
/// of their own.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
}

/// This node's request counters. Cheap to clone (the families are shared).
#[derive(Clone, Debug)]
pub struct Metrics {
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    /// Which route pattern each recently seen path matched. Asking the router costs a walk of
    /// every route (it halved the page cache's throughput when asked per request); a path's
    /// answer never changes, so it is asked once per path while the path stays here.
    routes: moka::sync::Cache<String, &'static str>,
    /// Every pattern seen, once: label values that live as long as the process, so counting
    /// needs no allocation. The route table bounds them (a few hundred short strings).
    interned: Arc<Mutex<HashSet<&'static str>>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
            routes: moka::sync::Cache::builder().max_capacity(10_000).build(),
            interned: Arc::default(),
        }
    }
}

/// A value read at scrape time.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The metric's name, `convene_…`.
    pub name: &'static str,
    /// What it means.
    pub help: &'static str,
    /// One label (name, value), if the metric has several series.
    pub label: Option<(&'static str, String)>,
    /// Its value.
    pub value: f64,
    /// A counter (only goes up) rather than a gauge.
    pub counter: bool,
}

impl Metrics {
    /// The route pattern `path` matched, asking `pattern` (the router) only for a path not
    /// seen lately; `unmatched` when no route matched.
    pub fn route(&self, path: &str, pattern: impl FnOnce() -> Option<String>) -> &'static str {
        if let Some(known) = self.routes.get(path) {
            return known;
        }
        let route = match pattern() {
            Some(pattern) => self.intern(pattern),
            None => "unmatched",
        };
        self.routes.insert(path.to_owned(), route);
        route
    }

    fn intern(&self, pattern: String) -> &'static str {
        let Ok(mut interned) = self.interned.lock() else {
            return "unmatched";
        };
        if let Some(&known) = interned.get(pattern.as_str()) {
            return known;
        }
        let leaked: &'static str = Box::leak(pattern.into_boxed_str());
        interned.insert(leaked);
        leaked
    }

    /// Counts one answered request.
    pub fn observe(&self, route: &'static str, method: &'static str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                route,
                method,
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels { route, method })
            .observe(seconds);
    }

    /// The counters and `readings` in Prometheus's text format (OpenMetrics 1.0).
    pub fn encode(&self, readings: &[Reading]) -> Result<String, std::fmt::Error> {
        let mut registry = Registry::with_prefix("convene");
        registry.register(
            "http_requests",
            "HTTP requests answered, by route pattern, method and status",
            self.requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its response, by route pattern and method",
            self.latency.clone(),
        );
        let mut out = String::new();
        prometheus_client::encoding::text::encode_registry(&mut out, &registry)?;
        write_readings(&mut out, readings)?;
        prometheus_client::encoding::text::encode_eof(&mut out)?;
        Ok(out)
    }
}

/// Readings as OpenMetrics families: a `# TYPE` and `# HELP` line per name, then its samples
/// (a name's series need not be adjacent in `readings`: they are gathered here, in order).
fn write_readings(out: &mut String, readings: &[Reading]) -> std::fmt::Result {
    use std::fmt::Write;
    let mut by_name: Vec<&Reading> = readings.iter().collect();
    by_name.sort_by_key(|r| r.name);
    let mut last = "";
    for reading in by_name {
        let kind = if reading.counter { "counter" } else { "gauge" };
        if reading.name != last {
            writeln!(out, "# HELP {} {}.", reading.name, reading.help)?;
            writeln!(out, "# TYPE {} {kind}", reading.name)?;
            last = reading.name;
        }
        let suffix = if reading.counter { "_total" } else { "" };
        match &reading.label {
            Some((key, value)) => writeln!(
                out,
                "{}{suffix}{{{key}=\"{}\"}} {}",
                reading.name,
                value.replace('\\', "\\\\").replace('"', "\\\""),
                reading.value
            )?,
            None => writeln!(out, "{}{suffix} {}", reading.name, reading.value)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_readings_come_out_in_the_text_format() {
        let metrics = Metrics::default();
        metrics.observe("/t/{slug}/{id}", "GET", 200, 0.003);
        metrics.observe("/t/{slug}/{id}", "GET", 200, 0.001);
        metrics.observe("/posts.json", "POST", 429, 0.0005);
        let text = metrics
            .encode(&[
                Reading {
                    name: "convene_mail_outbox_backlog",
                    help: "Mail waiting to be sent",
                    label: None,
                    value: 4.0,
                    counter: false,
                },
                Reading {
                    name: "convene_db_pool_acquires",
                    help: "Connections taken",
                    label: Some(("pool", "read".into())),
                    value: 12.0,
                    counter: true,
                },
            ])
            .expect("encodes");
        assert!(
            text.contains(
                "convene_http_requests_total{route=\"/t/{slug}/{id}\",method=\"GET\",status=\"200\"} 2"
            ),
            "{text}"
        );
        assert!(text.contains("status=\"429\"} 1"), "{text}");
        assert!(
            text.contains("convene_http_request_duration_seconds_count{route=\"/t/{slug}/{id}\",method=\"GET\"} 2"),
            "{text}"
        );
        assert!(
            text.contains(
                "# TYPE convene_mail_outbox_backlog gauge\nconvene_mail_outbox_backlog 4\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("convene_db_pool_acquires_total{pool=\"read\"} 12\n"),
            "{text}"
        );
        assert!(text.ends_with("# EOF\n"), "{text}");
    }
}
