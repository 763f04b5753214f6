//! The Discourse-compatible JSON API: field names, API keys, and errors as `{"errors": [...]}`.

use convene::models::post::Post;
use convene::models::user::Role;
use reqwest::Method;
use serde_json::json;

use crate::support::TestApp;

#[actix_web::test]
async fn latest_json_has_discourse_topic_list_fields() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("NumPy", false, None);
    let topic = app.create_topic(&ada, &category, "Broadcasting", 2);
    let (status, body) = app.client.get_json("/latest.json").await;
    assert_eq!(status, 200);
    assert_eq!(body["users"][0]["username"], "ada");
    let item = &body["topic_list"]["topics"][0];
    assert_eq!(item["id"], json!(topic.id.0));
    assert_eq!(item["title"], "Broadcasting");
    assert_eq!(item["slug"], "broadcasting");
    assert_eq!(item["posts_count"], 3);
    assert_eq!(item["reply_count"], 2);
    assert_eq!(item["category_id"], json!(category.id.0));
    assert_eq!(item["last_poster_username"], "ada");
    assert_eq!(
        item["posters"][0]["description"],
        "Original Poster, Most Recent Poster"
    );
    for field in [
        "fancy_title",
        "highest_post_number",
        "created_at",
        "bumped_at",
        "archetype",
        "pinned",
        "closed",
        "visible",
        "views",
    ] {
        assert!(item.get(field).is_some(), "{field} present");
    }
    assert!(
        body["topic_list"].get("more_topics_url").is_none(),
        "only when the page is full"
    );
    let (_, category_list) = app
        .client
        .get_json(&format!("/c/numpy/{}.json", category.id))
        .await;
    assert_eq!(
        category_list["topic_list"]["topics"][0]["id"],
        json!(topic.id.0)
    );
}

#[actix_web::test]
async fn topic_json_has_the_post_stream_with_every_post_id() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("SciPy", false, None);
    let topic = app.create_topic(&ada, &category, "Long", 24);
    for path in [
        format!("/t/{}.json", topic.id),
        format!("/t/{}/{}.json", topic.slug, topic.id),
    ] {
        let (status, body) = app.client.get_json(&path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(body["id"], json!(topic.id.0));
        assert_eq!(body["posts_count"], 25);
        assert_eq!(body["post_stream"]["stream"].as_array().unwrap().len(), 25);
        let posts = body["post_stream"]["posts"].as_array().unwrap();
        assert_eq!(posts.len(), 20);
        assert_eq!(posts[0]["post_number"], 1);
        assert_eq!(posts[0]["username"], "ada");
        assert!(
            posts[0]["cooked"]
                .as_str()
                .unwrap()
                .contains("<em>Long</em>")
        );
        assert_eq!(body["details"]["created_by"]["username"], "ada");
    }
    let (_, second) = app
        .client
        .get_json(&format!("/t/{}.json?page=2", topic.id))
        .await;
    assert_eq!(second["post_stream"]["posts"][0]["post_number"], 21);
}

#[actix_web::test]
async fn an_api_client_creates_a_topic_replies_and_edits() {
    let app = TestApp::spawn().await;
    let bot = app.create_user("spec_bot", Role::User);
    let key = app.api_key(&bot);
    let category = app.create_category("Ideas", false, None);
    let response = app
        .client
        .api(Method::POST, "/posts.json", &key, "spec_bot")
        .json(&json!({"title": "SPEC idea", "raw": "Proposal text with `code`.", "category": category.id.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let created: serde_json::Value = response.json().await.unwrap();
    assert_eq!(created["post_number"], 1);
    assert_eq!(created["raw"], "Proposal text with `code`.");
    assert!(
        created["cooked"]
            .as_str()
            .unwrap()
            .contains("<code>code</code>")
    );
    let topic_id = created["topic_id"].as_i64().unwrap();

    let reply = app
        .client
        .api(Method::POST, "/posts.json", &key, "SPEC_BOT")
        .json(&json!({"topic_id": topic_id, "raw": "A reply", "reply_to_post_number": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 200);
    let reply: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(
        (
            reply["post_number"].as_i64(),
            reply["reply_to_post_number"].as_i64()
        ),
        (Some(2), Some(1))
    );

    let post_id = reply["id"].as_i64().unwrap();
    let edited = app
        .client
        .api(
            Method::PUT,
            &format!("/posts/{post_id}.json"),
            &key,
            "spec_bot",
        )
        .json(&json!({"post": {"raw": "An edited reply", "edit_reason": "wording"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status().as_u16(), 200);
    let edited: serde_json::Value = edited.json().await.unwrap();
    assert_eq!(edited["post"]["version"], 2);
    assert_eq!(edited["post"]["edit_reason"], "wording");
    let (_, fetched) = app.client.get_json(&format!("/posts/{post_id}.json")).await;
    assert_eq!(fetched["raw"], "An edited reply");
}

#[actix_web::test]
async fn api_credentials_must_match_and_errors_are_discourse_shaped() {
    let app = TestApp::spawn().await;
    let bot = app.create_user("bot", Role::User);
    app.create_user("admin", Role::Admin);
    let key = app.api_key(&bot);
    let category = app.create_category("General", false, None);
    let body = json!({"title": "T", "raw": "body", "category": category.id.0});
    let cases = [
        ("wrong key", "0".repeat(64), "bot", 403),
        ("someone else's name", key.clone(), "admin", 403),
    ];
    for (what, k, user, status) in cases {
        let r = app
            .client
            .api(Method::POST, "/posts.json", &k, user)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), status, "{what}");
        let errors: serde_json::Value = r.json().await.unwrap();
        assert!(errors["errors"][0].is_string(), "{what}: {errors}");
        assert_eq!(errors["error_type"], "invalid_access", "{what}");
    }
    let anonymous = app
        .client
        .raw()
        .post(format!("{}/posts.json", app.base))
        .header("X-CSRF-Token", app.client.csrf_token().await)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);

    let post = |payload: &'static str| {
        app.client
            .api(Method::POST, "/posts.json", &key, "bot")
            .header("Content-Type", "application/json")
            .body(payload)
            .send()
    };
    let malformed = post("{\"title\": ").await.unwrap();
    assert_eq!(malformed.status().as_u16(), 400);
    let errors: serde_json::Value = malformed.json().await.unwrap();
    assert!(
        errors["errors"][0]
            .as_str()
            .unwrap()
            .contains("JSON body could not be read")
    );
    let no_category = post("{\"title\": \"T\", \"raw\": \"body\", \"category\": 424242}")
        .await
        .unwrap();
    assert_eq!(no_category.status().as_u16(), 422);
    let missing_topic = post("{\"topic_id\": 424242, \"raw\": \"body\"}")
        .await
        .unwrap();
    assert_eq!(missing_topic.status().as_u16(), 404);
    let huge = json!({"title": "T", "raw": "a".repeat(app.config.posts.max_body_bytes + 10), "category": category.id.0});
    let too_large = app
        .client
        .api(Method::POST, "/posts.json", &key, "bot")
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(too_large.status().as_u16(), 413);
    let (status, not_found) = app.client.get_json("/t/424242.json").await;
    assert_eq!(status, 404);
    assert_eq!(not_found["error_type"], "not_found");
    assert_eq!(app.counts(), (0, 0), "nothing was stored");
}

#[actix_web::test]
async fn editing_someone_elses_post_through_the_api_is_forbidden() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bot = app.create_user("bot", Role::User);
    let key = app.api_key(&bot);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Ada's", 0);
    let post = app
        .with_conn(|c| Post::find_by_number(c, topic.id, 1))
        .unwrap()
        .unwrap();
    let r = app
        .client
        .api(
            Method::PUT,
            &format!("/posts/{}.json", post.id),
            &key,
            "bot",
        )
        .json(&json!({"post": {"raw": "mine now"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(
        app.with_conn(|c| Post::find(c, post.id)).unwrap().version,
        1
    );
}

#[actix_web::test]
async fn categories_and_users_answer_as_json() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::Moderator);
    let proposals = app.create_category("Proposals", false, None);
    let ideas = app.create_category("Ideas", false, Some(&proposals));
    app.create_topic(&ada, &ideas, "Idea", 1);
    let (status, body) = app.client.get_json("/categories.json").await;
    assert_eq!(status, 200);
    let list = body["category_list"]["categories"].as_array().unwrap();
    assert_eq!(list.len(), 1, "top-level categories only");
    assert_eq!(list[0]["name"], "Proposals");
    assert_eq!(list[0]["subcategory_ids"], json!([ideas.id.0]));
    assert_eq!(
        (
            list[0]["topic_count"].as_i64(),
            list[0]["post_count"].as_i64()
        ),
        (Some(1), Some(2))
    );
    let (status, by_id) = app
        .client
        .get_json(&format!("/c/{}.json", proposals.id))
        .await;
    assert_eq!(status, 200, "a category's topics by its id alone: {by_id}");
    assert_eq!(by_id["topic_list"]["topics"][0]["title"], "Idea");
    let (status, user) = app.client.get_json("/u/ada.json").await;
    assert_eq!(status, 200);
    assert_eq!(user["user"]["username"], "ada");
    assert_eq!(user["user"]["moderator"], true);
    assert_eq!(user["user"]["post_count"], 2);
}

#[actix_web::test]
async fn concurrent_replies_get_distinct_post_numbers_and_none_is_lost() {
    let app = TestApp::spawn_with(|c| {
        c.server.workers = 2;
        TestApp::unlimited_posting(c);
    })
    .await;
    let bot = app.create_user("bot", Role::User);
    let key = app.api_key(&bot);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&bot, &category, "Busy", 0);
    let replies = (0..24).map(|n| {
        app.client
            .api(Method::POST, "/posts.json", &key, "bot")
            .json(&json!({"topic_id": topic.id.0, "raw": format!("reply {n}")}))
            .send()
    });
    let mut numbers = Vec::new();
    for response in futures_util::future::join_all(replies).await {
        let response = response.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        numbers.push(body["post_number"].as_i64().unwrap());
    }
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        (2..=25).collect::<Vec<i64>>(),
        "every acknowledged reply has its own number"
    );
    let stored = app
        .with_conn(|c| convene::models::topic::Topic::find(c, topic.id))
        .unwrap();
    assert_eq!((stored.posts_count, stored.highest_post_number), (25, 25));
}

#[actix_web::test]
async fn a_page_answers_json_to_clients_that_ask_and_the_cache_keeps_the_two_apart() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Both ways", 0);
    let path = format!("{}/t/{}/{}", app.base, topic.slug, topic.id);
    for _ in 0..2 {
        // Twice each, so the second answer of each kind comes from the anonymous page cache.
        let page = app
            .client
            .get(&format!("/t/{}/{}", topic.slug, topic.id))
            .await;
        assert!(
            page.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let json: serde_json::Value = app
            .client
            .raw()
            .get(&path)
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(json["title"], "Both ways");
    }
}
