//! Likes over HTTP: the Like and Unlike buttons on posts, Discourse's `POST /post_actions`
//! (type 2) and `DELETE /post_actions/{id}`, the counts on posts, topics, lists and profiles'
//! rows, who liked a post, the lists' `liked` and `bookmarked` for the member reading them,
//! and the bad input: one's own post, twice, taking back what was never given or after the
//! window, a deleted post. Each refusal changes nothing.

use convene::models::ids::PostId;
use convene::models::post::Post;
use convene::models::topic::Topic;
use convene::models::user::{Role, User};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{TestApp, body_of, location};

fn post(app: &TestApp, topic: &Topic, number: i32) -> Post {
    app.with_conn(|c| Post::find_by_number(c, topic.id, number))
        .unwrap()
        .unwrap()
}

fn user(app: &TestApp, name: &str) -> User {
    app.with_conn(|c| User::find_by_username(c, name))
        .unwrap()
        .unwrap()
}

/// Every count a like moves: the post's, its topic's, the liker's given, the author's received.
fn counts(app: &TestApp, post: PostId, liker: &str, author: &str) -> (i32, i32, i64, i64) {
    let post = app.with_conn(|c| Post::find(c, post)).unwrap();
    let topic = app.with_conn(|c| Topic::find(c, post.topic_id)).unwrap();
    (
        post.like_count,
        topic.like_count,
        user(app, liker).likes_given,
        user(app, author).likes_received,
    )
}

fn likes_of(body: &Value, post_number: i64) -> Value {
    body["post_stream"]["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["post_number"] == post_number)
        .map(|p| p["actions_summary"].clone())
        .unwrap()
}

#[actix_web::test]
async fn a_member_likes_a_post_with_the_button_and_everyone_sees_the_count() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &general, "Broadcasting rules in NumPy", 0);
    app.reply(&bob, topic.id, "The shapes are compared from the right.");
    let answer = post(&app, &topic, 2);

    let client = app.new_client();
    app.log_in(&client, "ada").await;
    let (_, page) = client.get_text(&topic.url()).await;
    assert!(page.contains("aria-label=\"Like post 2\""), "{page}");
    assert!(
        !page.contains("aria-label=\"Like post 1\""),
        "not her own post"
    );
    let response = client
        .post_form(&format!("/posts/{}/like", answer.id.0), &[])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), topic.post_url(2));
    assert_eq!(counts(&app, answer.id, "ada", "bob"), (1, 1, 1, 1));
    let (_, latest) = app.new_client().get_text("/latest").await;
    assert!(
        latest.contains("<span>1 like</span>"),
        "lists count the topic's likes"
    );

    // She sees that she likes it, and may take it back for now.
    let (_, page) = client.get_text(&topic.url()).await;
    assert!(page.contains("You like this"), "{page}");
    assert!(page.contains("aria-label=\"Unlike post 2\""), "{page}");
    // A visitor sees the count, linked to who liked it.
    let (_, page) = app.new_client().get_text(&topic.url()).await;
    assert!(page.contains("1 like</a>"), "{page}");
    let (status, likers) = app
        .new_client()
        .get_text(&format!("/posts/{}/likes", answer.id.0))
        .await;
    assert_eq!(status, 200);
    assert!(likers.contains("href=\"/u/ada\""), "{likers}");
    let (status, users) = app
        .new_client()
        .get_json(&format!(
            "/post_action_users.json?id={}&post_action_type_id=2",
            answer.id.0
        ))
        .await;
    assert_eq!(status, 200, "{users}");
    assert_eq!(users["total_rows_post_action_users"], 1);
    assert_eq!(users["post_action_users"][0]["username"], "ada");

    // Topic JSON: her standing, a visitor's count; lists count the topic's likes.
    let path = format!("/t/{}.json", topic.id.0);
    let (_, mine) = client.get_json(&path).await;
    assert_eq!(
        likes_of(&mine, 2),
        json!([{"id": 2, "count": 1, "acted": true, "can_undo": true}])
    );
    assert_eq!(mine["like_count"], 1);
    let (_, theirs) = app.new_client().get_json(&path).await;
    assert_eq!(likes_of(&theirs, 2), json!([{"id": 2, "count": 1}]));
    assert_eq!(likes_of(&theirs, 1), json!([]));
    let (_, latest) = app.new_client().get_json("/latest.json").await;
    assert_eq!(latest["topic_list"]["topics"][0]["like_count"], 1);
    // Profiles count what each gave and received.
    let (_, profile) = app.new_client().get_text("/u/bob").await;
    assert!(
        profile.contains("<dt>Likes received</dt><dd>1</dd>"),
        "{profile}"
    );
    let (_, profile) = app.new_client().get_text("/u/ada").await;
    assert!(
        profile.contains("<dt>Likes given</dt><dd>1</dd>"),
        "{profile}"
    );

    // Unlike, within the window: every count goes back.
    let response = client
        .post_form(&format!("/posts/{}/unlike", answer.id.0), &[])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(counts(&app, answer.id, "ada", "bob"), (0, 0, 0, 0));
    let (_, page) = client.get_text(&topic.url()).await;
    assert!(page.contains("aria-label=\"Like post 2\""), "{page}");
}

#[actix_web::test]
async fn discourse_clients_like_and_unlike_with_post_actions() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &general, "Sparse arrays and the array API", 0);
    app.reply(&bob, topic.id, "See the sparse SPEC draft.");
    let answer = post(&app, &topic, 2);

    let (status, body) = app
        .api_as(
            Method::POST,
            "/post_actions.json",
            "ada",
            json!({"id": answer.id.0, "post_action_type_id": 2}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["id"], answer.id.0);
    assert_eq!(
        body["actions_summary"],
        json!([{"id": 2, "count": 1, "acted": true, "can_undo": true}])
    );
    let (status, body) = app
        .api_as(
            Method::DELETE,
            &format!("/post_actions/{}.json?post_action_type_id=2", answer.id.0),
            "ada",
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["actions_summary"], json!([{"id": 2, "can_act": true}]));
    assert_eq!(counts(&app, answer.id, "ada", "bob"), (0, 0, 0, 0));
}

#[actix_web::test]
async fn bad_likes_are_refused_and_change_nothing() {
    let app = TestApp::spawn_with(|c| c.posts.like_undo_minutes = 0).await;
    let admin = app.create_user("admin", Role::Admin);
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &general, "Masked arrays and NaN", 1);
    app.reply(&bob, topic.id, "Use np.ma for that.");
    let (own, answer) = (post(&app, &topic, 1), post(&app, &topic, 3));
    let like = |who: &'static str, id: PostId| {
        let app = &app;
        async move {
            app.api_as(
                Method::POST,
                "/post_actions.json",
                who,
                json!({"id": id.0, "post_action_type_id": 2}),
            )
            .await
        }
    };
    let (status, _) = like("ada", answer.id).await;
    assert_eq!(status, 200);
    let before = counts(&app, answer.id, "ada", "bob");

    // One's own post; twice; a post that is not there.
    let (status, body) = like("ada", own.id).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["errors"][0], "You cannot like your own post.");
    let (status, body) = like("ada", answer.id).await;
    assert_eq!(status, 409, "{body}");
    let (status, _) = like("ada", PostId(999_999)).await;
    assert_eq!(status, 404);
    // Taking back after the window (0 minutes here), or what was never given.
    let unlike = format!("/post_actions/{}.json?post_action_type_id=2", answer.id.0);
    let (status, body) = app.api_as(Method::DELETE, &unlike, "ada", json!({})).await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = app.api_as(Method::DELETE, &unlike, "bob", json!({})).await;
    assert_eq!(status, 409, "{body}");
    // Without saying it is a like, or a flag's type.
    let (status, _) = app
        .api_as(
            Method::DELETE,
            &format!("/post_actions/{}.json", answer.id.0),
            "ada",
            json!({}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(counts(&app, answer.id, "ada", "bob"), before);

    // A deleted post cannot be liked, even by staff who still see it.
    let operator = convene::auth::Guardian::for_user(&admin);
    let reply = post(&app, &topic, 2);
    app.write(|tx| convene::services::moderation::delete_post(tx, &operator, reply.id, None));
    let (status, _) = like("bob", reply.id).await;
    assert_eq!(status, 404);
    let (status, _) = like("admin", reply.id).await;
    assert_eq!(status, 404);

    // Visitors are asked to log in; the form refuses them too.
    let response = app
        .new_client()
        .post_form(&format!("/posts/{}/like", answer.id.0), &[])
        .await;
    let page = body_of(response, 401).await;
    assert!(page.to_lowercase().contains("log in"), "{page}");
    assert_eq!(counts(&app, answer.id, "ada", "bob"), before);
    let _ = bob;
}

#[actix_web::test]
async fn topic_lists_tell_a_member_which_topics_they_liked_and_bookmarked() {
    let app = TestApp::spawn().await;
    app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let liked = app.create_topic(&bob, &general, "Broadcasting rules in NumPy", 1);
    let kept = app.create_topic(&bob, &general, "Chunking strategies for Zarr", 0);
    let neither = app.create_topic(&bob, &general, "Units in xarray", 0);
    let client = app.new_client();
    app.log_in(&client, "ada").await;
    let like = client
        .post_form(&format!("/posts/{}/like", post(&app, &liked, 2).id.0), &[])
        .await;
    assert_eq!(like.status().as_u16(), 303);
    let bookmark = client
        .post_form(
            &format!("/posts/{}/bookmark", post(&app, &kept, 1).id.0),
            &[],
        )
        .await;
    assert_eq!(bookmark.status().as_u16(), 303);

    let listed = |body: &Value, id: i64| {
        body["topic_list"]["topics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .map(|t| (t["liked"].clone(), t["bookmarked"].clone()))
            .unwrap()
    };
    let (status, latest) = client.get_json("/latest.json").await;
    assert_eq!(status, 200);
    assert_eq!(listed(&latest, liked.id.0), (json!(true), json!(false)));
    assert_eq!(listed(&latest, kept.id.0), (json!(false), json!(true)));
    assert_eq!(listed(&latest, neither.id.0), (json!(false), json!(false)));
    let (_, page) = client.get_text("/latest").await;
    assert_eq!(
        page.matches("<span class=\"badge\">Bookmarked</span>")
            .count(),
        1,
        "the page marks the bookmarked topic: {page}"
    );
    // Someone else's list knows nothing of hers, and a visitor's is null, as in Discourse.
    let other = app.new_client();
    app.create_user("cat", Role::User);
    app.log_in(&other, "cat").await;
    let (_, theirs) = other.get_json("/latest.json").await;
    assert_eq!(listed(&theirs, liked.id.0), (json!(false), json!(false)));
    let (_, anonymous) = app.new_client().get_json("/latest.json").await;
    assert_eq!(listed(&anonymous, kept.id.0), (Value::Null, Value::Null));

    // Taking the like back takes it off the list.
    let unlike = client
        .post_form(
            &format!("/posts/{}/unlike", post(&app, &liked, 2).id.0),
            &[],
        )
        .await;
    assert_eq!(unlike.status().as_u16(), 303);
    let (_, latest) = client.get_json("/latest.json").await;
    assert_eq!(listed(&latest, liked.id.0), (json!(false), json!(false)));
}
