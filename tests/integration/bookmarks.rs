//! Bookmarks over HTTP: the form on a post (a note and a reminder), the member's list with due
//! reminders first, Discourse's `POST /bookmarks.json`, `PUT` and `DELETE /bookmarks/{id}.json`,
//! and the bad input: a reminder in the past or unreadable, a note too long, twice, another
//! member's bookmark, a post that is not there. Each refusal changes nothing.

use convene::models::bookmark::Bookmark;
use convene::models::post::Post;
use convene::models::topic::Topic;
use convene::models::user::{Role, User};
use reqwest::Method;
use serde_json::json;

use crate::support::{TestApp, body_of, location};

fn post(app: &TestApp, topic: &Topic, number: i32) -> Post {
    app.with_conn(|c| Post::find_by_number(c, topic.id, number))
        .unwrap()
        .unwrap()
}

fn bookmarks_of(app: &TestApp, user: &User) -> Vec<Bookmark> {
    let now = convene::db::now();
    app.with_conn(|c| Bookmark::list(c, user.id, now, 100))
        .unwrap()
        .into_iter()
        .map(|item| item.bookmark)
        .collect()
}

fn in_an_hour() -> String {
    (convene::db::now() + chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

#[actix_web::test]
async fn a_member_keeps_a_post_with_a_note_and_finds_it_in_their_list() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let topic = app.create_topic(&bob, &general, "Chunking strategies for Zarr", 1);
    let answer = post(&app, &topic, 2);
    let client = app.new_client();
    app.log_in(&client, "ada").await;

    let (_, page) = client.get_text(&topic.url()).await;
    assert!(page.contains("aria-label=\"Bookmark post 2\""), "{page}");
    let form = format!("/posts/{}/bookmark", answer.id.0);
    let (status, page) = client.get_text(&form).await;
    assert_eq!(status, 200);
    assert!(page.contains("Remind me at"), "{page}");
    let reminder = in_an_hour();
    let response = client
        .post_form(
            &form,
            &[("name", "try this on Monday"), ("reminder_at", &reminder)],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), topic.post_url(2));
    let kept = bookmarks_of(&app, &ada);
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].name.as_deref(), Some("try this on Monday"));
    assert!(kept[0].reminder_at.is_some());
    let (_, page) = client.get_text(&topic.url()).await;
    assert!(page.contains(">Bookmarked</a>"), "{page}");

    // The same form again changes it rather than making a second.
    let response = client
        .post_form(
            &form,
            &[("name", "read after the sprint"), ("reminder_at", "")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let kept = bookmarks_of(&app, &ada);
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].name.as_deref(), Some("read after the sprint"));
    assert_eq!(kept[0].reminder_at, None);

    // The list shows it; the JSON too, in Discourse's shape.
    let (_, list) = client.get_text("/bookmarks").await;
    assert!(list.contains("read after the sprint"), "{list}");
    assert!(list.contains("Chunking strategies for Zarr"), "{list}");
    let (_, json) = client.get_json("/bookmarks.json").await;
    let listed = &json["user_bookmark_list"]["bookmarks"][0];
    assert_eq!(listed["bookmarkable_id"], answer.id.0);
    assert_eq!(listed["name"], "read after the sprint");
    // Topic JSON says which posts she keeps.
    let (_, topic_json) = client.get_json(&format!("/t/{}.json", topic.id.0)).await;
    assert_eq!(topic_json["post_stream"]["posts"][1]["bookmarked"], true);
    assert_eq!(topic_json["post_stream"]["posts"][0]["bookmarked"], false);

    // Remove, from the list's button.
    let response = client
        .post_form(&format!("/bookmarks/{}/delete", kept[0].id.0), &[])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), "/bookmarks");
    assert!(bookmarks_of(&app, &ada).is_empty());
    let (_, list) = client.get_text("/bookmarks").await;
    assert!(list.contains("No bookmarks yet"), "{list}");
}

#[actix_web::test]
async fn due_reminders_come_first() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let general = app.create_category("General", false, None);
    let older = app.create_topic(&ada, &general, "An older topic to come back to", 0);
    let newer = app.create_topic(&ada, &general, "A newer topic to come back to", 0);
    let guardian = convene::auth::Guardian::for_user(&ada);
    let soon = convene::services::bookmarks::BookmarkDraft {
        name: "due".into(),
        reminder_at: in_an_hour(),
    };
    // The older one's reminder is set an hour ahead, then the clock passes it.
    let (old_post, new_post) = (post(&app, &older, 1).id, post(&app, &newer, 1).id);
    app.write(|tx| {
        let input = soon.validate(tx.now())?;
        convene::services::bookmarks::create(tx, &guardian, old_post, &input)
    });
    let later = convene::services::bookmarks::BookmarkInput {
        name: None,
        reminder_at: None,
    };
    app.write(|tx| convene::services::bookmarks::create(tx, &guardian, new_post, &later));
    let now = convene::db::now();
    let order = |at| {
        app.with_conn(|c| Bookmark::list(c, ada.id, at, 10))
            .unwrap()
            .iter()
            .map(|item| item.post.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(order(now), vec![new_post, old_post], "newest first");
    assert_eq!(
        order(now + chrono::Duration::hours(2)),
        vec![old_post, new_post],
        "a due reminder first"
    );
}

#[actix_web::test]
async fn discourse_clients_bookmark_and_bad_requests_change_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let topic = app.create_topic(&bob, &general, "Lazy loading with dask", 0);
    let first = post(&app, &topic, 1);

    let (status, body) = app
        .api_as(
            Method::POST,
            "/bookmarks.json",
            "ada",
            json!({"bookmarkable_id": first.id.0, "bookmarkable_type": "Post", "name": "dask"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], "OK");
    let id = body["id"].as_i64().unwrap();
    let path = format!("/bookmarks/{id}.json");
    let before = bookmarks_of(&app, &ada).len();

    for (who, method, url, sent, expected) in [
        // Twice.
        (
            "ada",
            Method::POST,
            "/bookmarks.json".to_owned(),
            json!({"bookmarkable_id": first.id.0}),
            409,
        ),
        // No post, a missing post, a type other than posts.
        (
            "ada",
            Method::POST,
            "/bookmarks.json".to_owned(),
            json!({}),
            400,
        ),
        (
            "ada",
            Method::POST,
            "/bookmarks.json".to_owned(),
            json!({"bookmarkable_id": 999_999}),
            404,
        ),
        (
            "ada",
            Method::POST,
            "/bookmarks.json".to_owned(),
            json!({"bookmarkable_id": first.id.0, "bookmarkable_type": "Topic"}),
            400,
        ),
        // A reminder in the past, or one that is not a time; a note too long.
        (
            "ada",
            Method::PUT,
            path.clone(),
            json!({"reminder_at": "2020-01-01T00:00"}),
            422,
        ),
        (
            "ada",
            Method::PUT,
            path.clone(),
            json!({"reminder_at": "next tuesday"}),
            422,
        ),
        (
            "ada",
            Method::PUT,
            path.clone(),
            json!({"name": "x".repeat(201)}),
            422,
        ),
        // Another member's bookmark is not theirs to change or remove.
        (
            "bob",
            Method::PUT,
            path.clone(),
            json!({"name": "mine"}),
            404,
        ),
        ("bob", Method::DELETE, path.clone(), json!({}), 404),
    ] {
        let (status, body) = app.api_as(method.clone(), &url, who, sent).await;
        assert_eq!(status, expected, "{who} {method} {url}: {body}");
        assert!(body["errors"][0].as_str().is_some_and(|e| !e.is_empty()));
    }
    let kept = bookmarks_of(&app, &ada);
    assert_eq!(kept.len(), before);
    assert_eq!(kept[0].name.as_deref(), Some("dask"));

    // The form says what is wrong and keeps what was typed.
    let client = app.new_client();
    app.log_in(&client, "ada").await;
    let response = client
        .post_form(
            &format!("/posts/{}/bookmark", first.id.0),
            &[
                ("name", "keep this note"),
                ("reminder_at", "2020-01-01T00:00"),
            ],
        )
        .await;
    let page = body_of(response, 422).await;
    assert!(
        page.contains("The reminder must be in the future"),
        "{page}"
    );
    assert!(page.contains("value=\"keep this note\""), "{page}");
    assert_eq!(bookmarks_of(&app, &ada)[0].name.as_deref(), Some("dask"));

    // Changed, then removed, through Discourse's calls.
    let (status, _) = app
        .api_as(Method::PUT, &path, "ada", json!({"name": "dask, chunks"}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        bookmarks_of(&app, &ada)[0].name.as_deref(),
        Some("dask, chunks")
    );
    let (status, _) = app.api_as(Method::DELETE, &path, "ada", json!({})).await;
    assert_eq!(status, 200);
    assert!(bookmarks_of(&app, &ada).is_empty());

    // Visitors have no bookmarks.
    let (status, _) = app.new_client().get_json("/bookmarks.json").await;
    assert_eq!(status, 401);
    let _ = bob;
}
