//! Operations: limits on costly actions (`[limits]`: 429 with `Retry-After`, a form that keeps
//! its draft, Discourse's JSON for API clients) and `/metrics` (Prometheus's text format, for
//! allowed addresses or the token, 403 otherwise).

use convene::models::user::Role;

use crate::support::{TestApp, body_of};

#[actix_web::test]
async fn previews_past_the_limit_wait_and_keep_the_draft() {
    let app = TestApp::spawn_with(|c| c.limits.previews_per_minute = 2).await;
    app.signed_in("ada.l", Role::User).await;
    let category = app.create_category("Questions", false, None);
    let category_id = category.id.0.to_string();
    let preview = |raw: &'static str| {
        let category_id = category_id.clone();
        let client = &app.client;
        async move {
            client
                .post_form(
                    "/new-topic",
                    &[
                        ("title", "How do I pin a NumPy version?"),
                        ("category", &category_id),
                        ("raw", raw),
                        ("intent", "preview"),
                    ],
                )
                .await
        }
    };
    for _ in 0..2 {
        let response = preview("Is **this** right?").await;
        let page = body_of(response, 200).await;
        assert!(
            page.contains("<strong>this</strong>"),
            "the preview renders"
        );
    }
    let response = preview("My third *draft*, kept").await;
    let wait: u64 = response
        .headers()
        .get("retry-after")
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let page = body_of(response, 429).await;
    assert!(
        page.contains("2 previews in the last minute"),
        "says which limit: {page}"
    );
    assert!(
        page.contains("My third *draft*, kept"),
        "the form keeps what was typed"
    );
    // Staff are not limited.
    let starter = app.create_user("starter", Role::User);
    let topic = app.create_topic(&starter, &category, "A topic to reply to", 0);
    let staff = app.new_client();
    app.create_user("grace.h", Role::Moderator);
    app.log_in(&staff, "grace.h").await;
    for _ in 0..3 {
        let response = staff
            .post_form(
                &format!("/t/{}/reply", topic.id.0),
                &[("raw", "A *reply*"), ("intent", "preview")],
            )
            .await;
        assert_eq!(response.status().as_u16(), 200);
    }
}

#[actix_web::test]
async fn member_searches_past_the_limit_get_429_with_the_wait() {
    let app = TestApp::spawn_with(|c| c.limits.member_searches_per_minute = 3).await;
    app.signed_in("ada.l", Role::User).await;
    for _ in 0..3 {
        let (status, _) = app.client.get_json("/search.json?q=numpy").await;
        assert_eq!(status, 200);
    }
    let response = app.client.get("/search.json?q=numpy").await;
    assert_eq!(response.status().as_u16(), 429);
    assert!(response.headers().get("retry-after").is_some());
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error_type"], "rate_limit");
    assert!(
        body["errors"][0]
            .as_str()
            .unwrap()
            .contains("searched 3 times in the last minute"),
        "{body}"
    );
    let wait = body["extras"]["wait_seconds"].as_u64().unwrap();
    assert!((1..=60).contains(&wait), "{body}");
}

#[actix_web::test]
async fn an_api_key_past_its_requests_per_minute_gets_discourses_429() {
    let app = TestApp::spawn_with(|c| c.limits.api_key_requests_per_minute = 5).await;
    let admin = app.create_user("root", Role::Admin);
    let key = app.api_key(&admin);
    let other = app.api_key(&admin);
    for _ in 0..5 {
        let response = app
            .client
            .api(reqwest::Method::GET, "/latest.json", &key, "root")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
    }
    let response = app
        .client
        .api(reqwest::Method::GET, "/latest.json", &key, "root")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error_type"], "rate_limit", "{body}");
    assert_eq!(
        body["extras"]["wait_seconds"].as_u64(),
        Some(wait),
        "{body}"
    );
    assert!(
        body["errors"][0]
            .as_str()
            .unwrap()
            .contains("This API key has made 5 requests")
    );
    // Each key is counted on its own; a write past the limit changes nothing.
    let response = app
        .client
        .api(reqwest::Method::GET, "/latest.json", &other, "root")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let before = app.counts();
    let response = app
        .client
        .api(reqwest::Method::POST, "/posts.json", &key, "root")
        .json(&serde_json::json!({"title": "Refused by the limit, not posted", "raw": "Nothing of this is kept anywhere."}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(app.counts(), before, "nothing was written");
}

#[actix_web::test]
async fn sign_ups_from_one_address_are_limited_per_hour_in_the_database() {
    let app = TestApp::spawn_with(|c| c.limits.signups_per_ip_per_hour = 2).await;
    let sign_up = |name: &'static str| {
        let client = app.new_client();
        async move {
            client
                .post_form(
                    "/signup",
                    &[
                        ("username", name),
                        ("email", &format!("{name}@example.org")),
                        ("password", crate::support::PASSWORD),
                        ("accept_coc", "on"),
                    ],
                )
                .await
        }
    };
    assert_eq!(sign_up("first").await.status().as_u16(), 303);
    assert_eq!(sign_up("second").await.status().as_u16(), 303);
    let refused = sign_up("third").await;
    assert!(refused.headers().get("retry-after").is_some());
    let page = body_of(refused, 429).await;
    assert!(
        page.contains("2 accounts have been made from your address"),
        "{page}"
    );
    assert!(
        page.contains("value=\"third\""),
        "the form keeps the username: {page}"
    );
    let exists =
        app.with_conn(|conn| convene::models::user::User::find_by_username(conn, "third").unwrap());
    assert!(exists.is_none(), "no account was made");
    // Counted in the database that every node shares: a second node sees the same count.
    let hits = app.with_conn(|conn| {
        convene::models::rate_limit::RateLimit::count(
            conn,
            "signup-ip:127.0.0.1",
            chrono::Duration::hours(1),
            convene::db::now(),
        )
        .unwrap()
    });
    assert_eq!(hits, 2);
}

#[actix_web::test]
async fn metrics_count_requests_by_route_for_allowed_addresses_only() {
    let app = TestApp::spawn().await;
    let author = app.create_user("ada.l", Role::User);
    let category = app.create_category("Questions", false, None);
    let topic = app.create_topic(&author, &category, "Pinning NumPy in a lock file", 1);
    for _ in 0..3 {
        let (status, _) = app.client.get_text(&format!("/t/x/{}", topic.id.0)).await;
        assert_eq!(status, 200);
    }
    app.client.get("/no/such/page").await;
    let response = app.client.get("/metrics").await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = response.text().await.unwrap();
    assert!(
        text.contains(
            "convene_http_requests_total{route=\"/t/{slug}/{id}\",method=\"GET\",status=\"200\"} 3"
        ),
        "{text}"
    );
    assert!(
        text.contains("route=\"unmatched\",method=\"GET\",status=\"404\"} 1"),
        "a path that matched no route is one series, not one per path: {text}"
    );
    assert!(
        text.contains("convene_http_request_duration_seconds_bucket{"),
        "{text}"
    );
    for name in [
        "convene_db_pool_connections{pool=\"read\"}",
        "convene_db_pool_acquires_total{pool=\"write\"}",
        "convene_db_pool_wait_seconds_total{pool=\"read\"}",
        "convene_mail_outbox_backlog ",
        "convene_review_queue_pending ",
        "convene_search_index_lag_changes ",
        "process_resident_memory_bytes ",
    ] {
        assert!(text.contains(name), "{name} in {text}");
    }
    assert!(text.ends_with("# EOF\n"));
    // Index lag: the topic's rows wait until the index applies them.
    let lag = |text: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix("convene_search_index_lag_changes "))
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(
        lag(&text) > 0.0,
        "the test app has no indexer thread: {text}"
    );
    app.index();
    let text = app.client.get("/metrics").await.text().await.unwrap();
    assert_eq!(lag(&text), 0.0);
}

#[actix_web::test]
async fn metrics_refuse_other_addresses_unless_they_bring_the_token() {
    let app = TestApp::spawn_with(|c| {
        c.metrics.allowed_addresses = vec!["192.0.2.7".parse().unwrap()];
        c.metrics.token = "s3cret-scrape-token".into();
    })
    .await;
    let response = app.client.get("/metrics").await;
    let page = body_of(response, 403).await;
    assert!(page.contains("allowed_addresses"), "{page}");
    let wrong = app
        .client
        .raw()
        .get(format!("{}/metrics", app.base))
        .bearer_auth("guess")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 403);
    let right = app
        .client
        .raw()
        .get(format!("{}/metrics", app.base))
        .bearer_auth("s3cret-scrape-token")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status().as_u16(), 200);
    // Behind a proxy the forwarded address counts, so the proxy's own loopback address does
    // not open the metrics to the world.
    let app = TestApp::spawn_with(|c| c.server.behind_proxy = true).await;
    let forwarded = app
        .client
        .raw()
        .get(format!("{}/metrics", app.base))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(forwarded.status().as_u16(), 403);
    // And /healthz stays open and cheap.
    let (status, health) = app.client.get_json("/healthz").await;
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
}
