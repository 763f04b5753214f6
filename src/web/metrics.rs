//! Counts every request for `/metrics`: its route's pattern, method and status, and how long
//! it took, measured around everything inside the access log (compression included).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;

use crate::app::AppState;

/// Times the request and counts its answer.
pub async fn record<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let started = std::time::Instant::now();
    let response = next.call(req).await?;
    let request = response.request();
    if let Some(state) = request.app_data::<web::Data<AppState>>() {
        let metrics = &state.metrics;
        // The pattern, not the path: `/t/{slug}/{id}` is one series, however many topics.
        let route = metrics.route(request.path(), || {
            request.match_pattern().map(|p| without_regexes(&p))
        });
        metrics.observe(
            route,
            method_name(request.method()),
            response.status().as_u16(),
            started.elapsed().as_secs_f64(),
        );
    }
    Ok(response)
}

/// The method as a label: the standard ones by name, anything else as `OTHER` (a client may
/// send any token, and each would be a series).
fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// A route pattern without the regular expressions of its segments (`/t/{id:\d+}` is
/// `/t/{id}`): shorter labels, and no backslashes to escape in the text format.
fn without_regexes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut depth = 0;
    let mut skipping = false;
    for c in pattern.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth > 1 && skipping {
                    continue;
                }
            }
            '}' => {
                depth -= 1;
                if depth > 0 && skipping {
                    continue;
                }
                skipping = false;
            }
            ':' if depth == 1 => {
                skipping = true;
                continue;
            }
            _ if skipping => continue,
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::without_regexes;

    #[test]
    fn route_labels_drop_segment_regexes() {
        assert_eq!(without_regexes("/t/{slug}/{id:\\d+}"), "/t/{slug}/{id}");
        assert_eq!(
            without_regexes("/c/{path:.*}/{id:\\d{1,9}}.json"),
            "/c/{path}/{id}.json"
        );
        assert_eq!(without_regexes("/latest.json"), "/latest.json");
    }
}
