//! The site around the forum: health, assets, error pages, headers, hostile requests.

use convene::models::user::Role;

use crate::support::{TestApp, body_of};

#[actix_web::test]
async fn health_answers_when_the_database_does() {
    let app = TestApp::spawn().await;
    let (status, body) = app.client.get_json("/healthz").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
}

#[actix_web::test]
async fn assets_are_content_addressed_and_cached_for_a_year() {
    let app = TestApp::spawn().await;
    let (_, page) = app.client.get_text("/").await;
    let start = page.find("/assets/style.").unwrap();
    let href = &page[start..start + page[start..].find('"').unwrap()];
    let response = app.client.get(href).await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(
        app.client.get("/assets/style.css").await.status().as_u16(),
        404,
        "only the hashed name is served"
    );
    // A first visitor's request for an asset gets no cookie: a shared cache would otherwise
    // store one visitor's form token with a file it hands to everyone (or refuse to cache it).
    let first_visit = app.new_client().get(href).await;
    assert_eq!(first_visit.status().as_u16(), 200);
    assert!(first_visit.headers().get("set-cookie").is_none());
}

#[actix_web::test]
async fn unknown_addresses_get_a_helpful_404_page() {
    let app = TestApp::spawn().await;
    let (status, page) = app.client.get_text("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(page.contains("<h1>Page not found</h1>") && page.contains("href=\"/\""));
    assert!(
        page.contains("Skip to main content"),
        "error pages use the full layout"
    );
}

#[actix_web::test]
async fn pages_carry_security_headers_and_forbid_inline_scripts() {
    let app = TestApp::spawn().await;
    let response = app.client.get("/").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"));
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

#[actix_web::test]
async fn invalid_utf8_in_a_form_is_a_bad_request_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let category = app.create_category("General", false, None);
    app.signed_in("ada", Role::User).await;
    let token = app.client.csrf_token().await;
    let body = format!(
        "title=T&category={}&raw=%FF%FE&csrf_token={token}",
        category.id
    );
    let response = app
        .client
        .raw()
        .post(format!("{}/new-topic", app.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(body_of(response, 400).await.contains("could not be read"));
    assert_eq!(app.counts(), (0, 0));
}

#[actix_web::test]
async fn the_code_of_conduct_is_linked_from_every_page() {
    let app = TestApp::spawn().await;
    for path in ["/", "/categories", "/signup", "/login", "/nope"] {
        let (_, page) = app.client.get_text(path).await;
        assert!(page.contains("href=\"/code-of-conduct\""), "{path}");
    }
    let (status, page) = app.client.get_text("/code-of-conduct").await;
    assert_eq!(status, 200);
    assert!(page.contains("Code of conduct"));
}

#[actix_web::test]
async fn anonymous_pages_are_cached_briefly_but_never_hide_this_nodes_writes() {
    use convene::models::post::{Body, ReplyInput};
    let app = TestApp::spawn_with(|c| c.cache.anonymous_page_seconds = 1).await;
    let category = app.create_category("General", false, None);
    let author = app.create_user("ada", Role::User);
    let topic = app.create_topic(&author, &category, "Cached", 0);
    let path = format!("/t/{}", topic.id);
    let (_, before) = app.client.get_text(&path).await;
    assert!(before.contains("First post of"));

    // Another node writes: a separate handle on the same database, with its own generation.
    let other_node = convene::db::Db::connect(&app.db_url(), 1).unwrap();
    let mut conn = other_node.write_conn().unwrap();
    let cooked = convene::markdown::cook("Written elsewhere");
    let reply = ReplyInput {
        topic: topic.id,
        body: Body::new("Written elsewhere".into(), 1000).unwrap(),
        reply_to: None,
    };
    let guardian = convene::auth::Guardian::for_user(&author);
    convene::services::run(&mut conn, |tx| {
        convene::services::post::reply(tx, &guardian, &reply, &cooked)
    })
    .unwrap();
    drop(conn);
    let (_, anonymous) = app.client.get_text(&path).await;
    assert!(
        !anonymous.contains("Written elsewhere"),
        "served from this node's cache"
    );
    let reader = app.new_client();
    app.log_in(&reader, "ada").await;
    let (_, signed_in) = reader.get_text(&path).await;
    assert!(
        signed_in.contains("Written elsewhere"),
        "signed-in users always get fresh pages"
    );
    actix_web::rt::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (_, later) = app.client.get_text(&path).await;
    assert!(later.contains("Written elsewhere"), "the entry expired");

    // A write through this node shows at once.
    let r = reader
        .post_form(
            &format!("/t/{}/reply", topic.id),
            &[("raw", "Written here")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, now) = app.client.get_text(&path).await;
    assert!(now.contains("Written here"));
}

#[actix_web::test]
async fn only_pages_the_route_table_declares_public_are_shared_between_visitors() {
    let app = TestApp::spawn().await;
    let first = app.new_client();
    let second = app.new_client();
    // The sign-up form carries each visitor's own form token: sharing it would break their
    // forms, so it is not declared public and never cached.
    let (_, first_form) = first.get_text("/signup").await;
    let (_, second_form) = second.get_text("/signup").await;
    for (client, form) in [(&first, &first_form), (&second, &second_form)] {
        let token = client.cookie("convene_csrf").unwrap();
        assert!(
            form.contains(&format!("value=\"{token}\"")),
            "each visitor's form holds their own token"
        );
    }
    assert_ne!(first.cookie("convene_csrf"), second.cookie("convene_csrf"));
}

#[actix_web::test]
async fn cached_pages_are_compressed_once_and_served_to_clients_that_accept_gzip() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    app.create_topic(&ada, &category, "Broadcasting shapes", 2);
    let (client, url) = (app.client.raw(), format!("{}/latest", app.base));
    let (_, _, _, plain) = fetch_decoded(client, &url, "identity").await;
    assert!(plain.contains("Broadcasting shapes"));
    // The first gzip request may fill the cache, the second is served from it: both compressed.
    for _ in 0..2 {
        let (_, encoding, vary, unzipped) =
            fetch_decoded(client, &url, "br;q=1.0, gzip;q=0.8").await;
        assert_eq!(encoding.as_deref(), Some("gzip"));
        assert!(vary.contains("Accept-Encoding"));
        assert_eq!(unzipped, plain, "the same page, compressed");
    }
    let (_, encoding, _, refused) = fetch_decoded(client, &url, "gzip;q=0").await;
    assert_eq!(encoding, None, "gzip refused with q=0");
    assert_eq!(refused, plain);
}

/// A GET with `Accept-Encoding: encoding` (and the client's cookies): status, the
/// `Content-Encoding` and `Vary` answered, and the body with any gzip undone.
async fn fetch_decoded(
    client: &reqwest::Client,
    url: &str,
    encoding: &str,
) -> (u16, Option<String>, String, String) {
    use std::io::Read;
    let response = client
        .get(url)
        .header("Accept-Encoding", encoding)
        .send()
        .await
        .unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let (status, coding, vary) = (
        response.status().as_u16(),
        header("content-encoding"),
        header("vary").unwrap_or_default(),
    );
    let body = response.bytes().await.unwrap().to_vec();
    let text = if coding.as_deref() == Some("gzip") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_string(&mut text)
            .expect("a gzip body");
        text
    } else {
        String::from_utf8(body).unwrap()
    };
    (status, coding, vary, text)
}

#[actix_web::test]
async fn signed_in_pages_json_and_assets_are_gzipped_for_clients_that_accept_it() {
    let app = TestApp::spawn().await;
    let ada = app.signed_in("ada", Role::User).await;
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Broadcasting shapes", 40);
    let client = app.client.raw();
    let page = format!("{}/t/{}/{}", app.base, topic.slug, topic.id);
    let json = format!("{}/t/{}.json", app.base, topic.id);
    let (_, _, _, front) = fetch_decoded(client, &format!("{}/", app.base), "identity").await;
    let start = front.find("/assets/style.").unwrap();
    let css = format!(
        "{}{}",
        app.base,
        &front[start..start + front[start..].find('"').unwrap()]
    );
    for url in [&page, &json, &css] {
        let (status, coding, vary, plain) = fetch_decoded(client, url, "identity").await;
        assert_eq!((status, coding), (200, None), "{url} unasked is plain");
        assert!(vary.contains("Accept-Encoding"), "{url}: Vary {vary:?}");
        let (status, coding, _, unzipped) = fetch_decoded(client, url, "br, gzip").await;
        assert_eq!((status, coding.as_deref()), (200, Some("gzip")), "{url}");
        if url == &css {
            assert_eq!(unzipped, plain, "the same stylesheet, compressed");
        } else {
            // A signed-in page holds a fresh form token each time; the rest is the same.
            assert!(unzipped.contains("Broadcasting shapes"), "{url}");
            assert_eq!(
                unzipped.len(),
                plain.len(),
                "{url}: the same answer, compressed"
            );
        }
        let (_, coding, _, _) = fetch_decoded(client, url, "gzip;q=0, identity").await;
        assert_eq!(coding, None, "{url}: gzip refused with q=0");
    }
    assert!(front.contains("ada"), "the pages were the signed-in ones");
    // Short answers are not worth a gzip frame.
    let (status, coding, _, health) =
        fetch_decoded(client, &format!("{}/healthz", app.base), "gzip").await;
    assert_eq!((status, coding), (200, None), "{health}");
}

#[actix_web::test]
async fn a_session_ended_elsewhere_stops_working_within_the_session_cache_time() {
    let app = TestApp::spawn_with(|c| c.cache.session_seconds = 1).await;
    app.signed_in("ada", Role::User).await;
    let (_, page) = app.client.get_text("/").await;
    assert!(page.contains("Log out"), "signed in");
    // Another node (its own handle on the database) ends every session, as a suspension would.
    let elsewhere = convene::db::Db::connect(&app.db_url(), 1).unwrap();
    let mut conn = elsewhere.write_conn().unwrap();
    diesel::RunQueryDsl::execute(diesel::sql_query("DELETE FROM sessions"), &mut *conn).unwrap();
    drop(conn);
    let ended = std::time::Instant::now();
    loop {
        let (_, page) = app.client.get_text("/").await;
        if !page.contains("Log out") {
            break;
        }
        assert!(
            ended.elapsed() < std::time::Duration::from_secs(3),
            "still signed in 3 s after the session ended elsewhere"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[actix_web::test]
async fn visitors_arriving_together_all_get_the_same_page() {
    let app = TestApp::spawn_with(|c| c.server.workers = 2).await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Broadcasting shapes", 30);
    let url = format!("{}/t/{}/{}?page=2", app.base, topic.slug, topic.id);
    let requests = (0..32).map(|_| {
        let (client, url) = (app.client.raw().clone(), url.clone());
        async move {
            let response = client.get(url).send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    });
    let answers = futures_util::future::join_all(requests).await;
    let (status, first) = &answers[0];
    assert_eq!(*status, 200);
    assert!(first.contains("Reply number 31."), "page 2 of the topic");
    for (status, body) in &answers {
        assert_eq!(
            (*status, body),
            (200, first),
            "every visitor gets the same page"
        );
    }
    // An address that is not a page: every one of them gets a 404, none is cached.
    let missing = (0..8).map(|_| {
        let client = app.client.raw().clone();
        let url = format!("{}/t/{}/{}?page=9", app.base, topic.slug, topic.id);
        async move { client.get(url).send().await.unwrap().status().as_u16() }
    });
    let statuses = futures_util::future::join_all(missing).await;
    assert!(statuses.iter().all(|s| *s == 404), "{statuses:?}");
}
