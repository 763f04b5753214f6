//! How the API reads requests, as Discourse clients send them: paths with or without `.json`,
//! bodies as JSON, URL-encoded forms or multipart with Rails-style keys, and JSON answered with
//! Discourse's exact content type. Bad bodies are refused with what is wrong, and store nothing.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;
use convene::models::user::Role;

const JSON_TYPE: &str = "application/json; charset=utf-8";

/// The three encodings, each a way to send the same (key, value) pairs.
#[derive(Debug, Clone, Copy)]
enum Encoding {
    Json,
    Form,
    Multipart,
}

const ALL: [Encoding; 3] = [Encoding::Json, Encoding::Form, Encoding::Multipart];

/// A multipart/form-data body of text fields.
fn multipart(fields: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "convene-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Sends `pairs` (Rails-style keys) in `encoding`; `nested` is the same content as JSON.
fn send(
    request: reqwest::RequestBuilder,
    encoding: Encoding,
    pairs: &[(&str, &str)],
    nested: &Value,
) -> reqwest::RequestBuilder {
    match encoding {
        Encoding::Json => request.json(nested),
        Encoding::Form => request.form(pairs),
        Encoding::Multipart => {
            let fields: Vec<(&str, &[u8])> =
                pairs.iter().map(|(k, v)| (*k, v.as_bytes())).collect();
            let (content_type, body) = multipart(&fields);
            request.header("Content-Type", content_type).body(body)
        }
    }
}

#[actix_web::test]
async fn every_body_encoding_starts_topics_replies_and_edits_at_paths_without_json() {
    let app = TestApp::spawn_with(TestApp::unlimited_posting).await;
    let bot = app.create_user("release_bot", Role::User);
    let key = app.api_key(&bot);
    let category = app.create_category("Announcements-ish", false, None);
    let category_id = category.id.to_string();
    for encoding in ALL {
        let title = format!("Released via {encoding:?}");
        let create = send(
            app.client
                .api(Method::POST, "/posts", &key, "release_bot")
                .header("Accept", "application/json"),
            encoding,
            &[
                ("title", &title),
                ("raw", "Changelog: **faster**."),
                ("category", &category_id),
            ],
            &json!({"title": title, "raw": "Changelog: **faster**.", "category": category.id.0}),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(create.status().as_u16(), 200, "{encoding:?}");
        assert_eq!(create.headers()["content-type"], JSON_TYPE, "{encoding:?}");
        let post: Value = create.json().await.unwrap();
        assert_eq!(post["post_number"], 1, "{encoding:?}");
        let topic_id = post["topic_id"].as_i64().unwrap().to_string();

        let reply = send(
            app.client
                .api(Method::POST, "/posts", &key, "release_bot")
                .header("Accept", "application/json"),
            encoding,
            &[("topic_id", &topic_id), ("raw", "Follow-up"), ("reply_to_post_number", "1")],
            &json!({"topic_id": topic_id.parse::<i64>().unwrap(), "raw": "Follow-up", "reply_to_post_number": 1}),
        )
        .send()
        .await
        .unwrap();
        let reply: Value = reply.json().await.unwrap();
        assert_eq!(
            (
                reply["post_number"].as_i64(),
                reply["reply_to_post_number"].as_i64()
            ),
            (Some(2), Some(1)),
            "{encoding:?}"
        );

        let edit = send(
            app.client
                .api(
                    Method::PUT,
                    &format!("/posts/{}", post["id"]),
                    &key,
                    "release_bot",
                )
                .header("Accept", "application/json"),
            encoding,
            &[
                ("post[raw]", "Changelog: **much faster**."),
                ("post[edit_reason]", "numbers"),
            ],
            &json!({"post": {"raw": "Changelog: **much faster**.", "edit_reason": "numbers"}}),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(edit.status().as_u16(), 200, "{encoding:?}");
        assert_eq!(edit.headers()["content-type"], JSON_TYPE);
        let edited: Value = edit.json().await.unwrap();
        assert_eq!(edited["post"]["version"], 2, "{encoding:?}");
        assert_eq!(edited["post"]["edit_reason"], "numbers", "{encoding:?}");
    }
    assert_eq!(app.counts(), (3, 6));
}

#[actix_web::test]
async fn a_post_address_without_json_answers_clients_with_json_and_browsers_with_its_place() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Where is it", 1);
    let (_, stream) = app.client.get_json(&format!("/t/{}.json", topic.id)).await;
    let second = stream["post_stream"]["stream"][1].as_i64().unwrap();
    let browser = app.client.get(&format!("/posts/{second}")).await;
    assert_eq!(browser.status().as_u16(), 303);
    assert_eq!(
        crate::support::location(&browser),
        format!("/t/{}/{}/2", topic.slug, topic.id)
    );
    let client = app
        .client
        .raw()
        .get(format!("{}/posts/{second}", app.base))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(client.headers()["content-type"], JSON_TYPE);
    let post: Value = client.json().await.unwrap();
    assert_eq!(post["post_number"], 2);
    let (status, user) = app.client.get_json("/users/ada.json").await;
    assert_eq!(
        (status, user["user"]["username"].as_str()),
        (200, Some("ada"))
    );
}

#[actix_web::test]
async fn bodies_that_cannot_be_read_are_refused_with_what_is_wrong_and_store_nothing() {
    let app = TestApp::spawn().await;
    let bot = app.create_user("bot", Role::User);
    let key = app.api_key(&bot);
    let category = app.create_category("General", false, None);
    let id = category.id.to_string();
    let post = || {
        app.client
            .api(Method::POST, "/posts", &key, "bot")
            .header("Accept", "application/json")
    };
    let error = |response: reqwest::Response| async move {
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        (
            status,
            body["errors"][0].as_str().unwrap_or_default().to_owned(),
        )
    };

    let (status, message) = error(
        post()
            .header("Content-Type", "text/plain")
            .body("raw=hello")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 415);
    assert!(message.contains("text/plain"), "{message}");

    let (status, message) = error(
        post()
            .form(&[
                ("title", "T"),
                ("category", &id),
                ("raw", "x"),
                ("raw[more]", "y"),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message.contains("raw[more]"), "names the key: {message}");

    let (status, message) = error(
        post()
            .json(&json!({"title": "T", "raw": 5}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message.contains("raw"), "names the field: {message}");

    let (status, message) = error(
        post()
            .form(&[("title", "T"), ("category", "seven"), ("raw", "x")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message.contains("category"), "{message}");

    let (content_type, body) = multipart(&[("title", b"T"), ("raw", b"caf\xe9")]);
    let (status, _) = error(
        post()
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400, "invalid UTF-8 in a multipart field");
    let (status, _) = error(
        post()
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("title=T&raw=caf%E9")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400, "invalid UTF-8 in a form");

    let file = "--b\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.png\"\r\n\r\nPNG\r\n--b--\r\n";
    let (status, message) = error(
        post()
            .header("Content-Type", "multipart/form-data; boundary=b")
            .body(file)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message.contains("upload"), "{message}");

    let huge = "a".repeat(app.config.posts.max_body_bytes * 4);
    for encoding in ALL {
        let response = send(
            post(),
            encoding,
            &[("title", "T"), ("category", &id), ("raw", &huge)],
            &json!({"title": "T", "category": category.id.0, "raw": huge}),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(response.status().as_u16(), 413, "{encoding:?}");
    }
    assert_eq!(app.counts(), (0, 0), "nothing was stored");
}
