//! API keys as Discourse has them: for one user or for all users, limited to scopes, revoked,
//! their last use noted; bad keys refused with Discourse's 403 everywhere; the admin page.

use convene::models::api_key::ApiKey;
use convene::models::user::Role;
use convene::services::api_key::Acting;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;

/// The key row for a secret.
fn stored(app: &TestApp, secret: &str) -> ApiKey {
    app.with_conn(|conn| {
        ApiKey::find_by_hash(conn, &convene::auth::token::hash(secret))
            .unwrap()
            .expect("stored")
            .0
    })
}

/// Sends `method path` with `key` and, if given, `Api-Username`; returns (status, JSON body).
async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    key: &str,
    username: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app
        .client
        .raw()
        .request(method, format!("{}{path}", app.base))
        .header("Api-Key", key)
        .header("Accept", "application/json");
    if let Some(name) = username {
        request = request.header("Api-Username", name);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn assert_invalid_access(status: u16, body: &Value, what: &str) {
    assert_eq!(status, 403, "{what}: {body}");
    assert_eq!(body["error_type"], "invalid_access", "{what}: {body}");
    assert!(body["errors"][0].is_string(), "{what}: {body}");
}

#[actix_web::test]
async fn an_all_users_key_acts_as_whoever_api_username_names() {
    let app = TestApp::spawn().await;
    app.create_user("admin", Role::Admin);
    app.create_user("ada", Role::User);
    app.create_user("grace", Role::User);
    let category = app.create_category("General", false, None);
    let key = app.api_key_with(Acting::ForAllUsers, &[]);
    for name in ["ada", "grace"] {
        let body = json!({"title": format!("A topic by {name}"), "raw": "Posted by the bot.", "category": category.id.0});
        let (status, post) = call(&app, Method::POST, "/posts", &key, Some(name), Some(body)).await;
        assert_eq!(status, 200, "{post}");
        assert_eq!(post["username"], name, "the key acts as the user named");
    }
    let before = app.counts();
    let body =
        json!({"title": "Nobody's topic", "raw": "Posted by nobody.", "category": category.id.0});
    let (status, refused) =
        call(&app, Method::POST, "/posts", &key, None, Some(body.clone())).await;
    assert_invalid_access(status, &refused, "no Api-Username");
    assert!(
        refused["errors"][0]
            .as_str()
            .unwrap()
            .contains("Api-Username")
    );
    let (status, refused) = call(
        &app,
        Method::POST,
        "/posts",
        &key,
        Some("nobody"),
        Some(body),
    )
    .await;
    assert_invalid_access(status, &refused, "a name nobody has");
    assert_eq!(app.counts(), before, "a refused request writes nothing");
}

#[actix_web::test]
async fn a_one_user_key_needs_no_api_username_but_refuses_another_name() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    app.create_user("admin", Role::Admin);
    let key = app.api_key(&ada);
    let (status, me) = call(&app, Method::GET, "/u/ada.json", &key, None, None).await;
    assert_eq!(status, 200, "{me}");
    let (status, me) = call(&app, Method::GET, "/u/ada.json", &key, Some("ADA"), None).await;
    assert_eq!(status, 200, "the name is matched without case: {me}");
    let (status, body) = call(&app, Method::GET, "/latest.json", &key, Some("admin"), None).await;
    assert_invalid_access(status, &body, "a one-user key naming someone else");
}

#[actix_web::test]
async fn bad_and_revoked_keys_get_discourse_403_everywhere() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let key = app.api_key(&ada);
    let (status, _) = call(&app, Method::GET, "/latest.json", &key, Some("ada"), None).await;
    assert_eq!(status, 200);
    let id = stored(&app, &key).id;
    app.write(|tx| convene::services::api_key::revoke(tx, &convene::auth::Guardian::system(), id));
    // Routes whose handlers never ask who is asking refuse a bad key all the same.
    for path in [
        "/latest.json",
        "/site/basic-info.json",
        "/healthz",
        "/no-such-page",
    ] {
        let (status, body) = call(&app, Method::GET, path, &key, Some("ada"), None).await;
        assert_invalid_access(status, &body, path);
        assert!(
            body["errors"][0].as_str().unwrap().contains("revoked"),
            "{body}"
        );
        let (status, body) =
            call(&app, Method::GET, path, &"f".repeat(64), Some("ada"), None).await;
        assert_invalid_access(status, &body, path);
    }
    let response = app
        .client
        .raw()
        .get(format!("{}/latest.json", app.base))
        .header(
            "Api-Key",
            reqwest::header::HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403, "a key that is not text");
}

#[actix_web::test]
async fn scopes_limit_a_key_to_what_they_name() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Existing", 1);
    let reader = app.api_key_with(Acting::As("ada"), &["global:read"]);
    let writer = app.api_key_with(Acting::As("ada"), &["topics:write", "posts:edit"]);
    let topic_path = format!("/t/{}.json", topic.id);

    for path in [
        "/latest.json",
        topic_path.as_str(),
        "/posts.json",
        "/u/ada.json",
    ] {
        let (status, body) = call(&app, Method::GET, path, &reader, None, None).await;
        assert_eq!(status, 200, "global:read reads {path}: {body}");
    }
    let reply = json!({"topic_id": topic.id.0, "raw": "A reply from a script."});
    let before = app.counts();
    let (status, body) = call(
        &app,
        Method::POST,
        "/posts",
        &reader,
        None,
        Some(reply.clone()),
    )
    .await;
    assert_invalid_access(status, &body, "global:read may not post");
    assert!(
        body["errors"][0].as_str().unwrap().contains("topics:write"),
        "{body}"
    );
    assert_eq!(app.counts(), before);

    let (status, post) = call(&app, Method::POST, "/posts", &writer, None, Some(reply)).await;
    assert_eq!(status, 200, "topics:write posts: {post}");
    let edit = json!({"post": {"raw": "An edited reply from a script."}});
    let (status, body) = call(
        &app,
        Method::PUT,
        &format!("/posts/{}", post["id"]),
        &writer,
        None,
        Some(edit),
    )
    .await;
    assert_eq!(status, 200, "posts:edit edits: {body}");
    let (status, body) = call(&app, Method::GET, "/latest.json", &writer, None, None).await;
    assert_invalid_access(status, &body, "topics:write does not read lists");
    assert!(
        body["errors"][0]
            .as_str()
            .unwrap()
            .contains("topics:read_lists"),
        "{body}"
    );
    let rename = json!({"title": "A new title from a script"});
    let (status, body) = call(
        &app,
        Method::PUT,
        &format!("/t/-/{}.json", topic.id),
        &writer,
        None,
        Some(rename),
    )
    .await;
    assert_invalid_access(status, &body, "renaming needs topics:update");

    let lists = app.api_key_with(Acting::As("ada"), &["topics:read_lists"]);
    let (status, _) = call(&app, Method::GET, "/latest.json", &lists, None, None).await;
    assert_eq!(status, 200);
    let (status, body) = call(&app, Method::GET, &topic_path, &lists, None, None).await;
    assert_invalid_access(status, &body, "topics:read_lists does not read a topic");
}

#[actix_web::test]
async fn a_keys_last_use_is_noted_at_most_once_a_minute() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let key = app.api_key(&ada);
    assert_eq!(stored(&app, &key).last_used_at, None);
    call(&app, Method::GET, "/latest.json", &key, None, None).await;
    let first = stored(&app, &key).last_used_at.expect("noted on first use");
    call(&app, Method::GET, "/latest.json", &key, None, None).await;
    assert_eq!(
        stored(&app, &key).last_used_at,
        Some(first),
        "a second use within the minute writes nothing"
    );
}

#[actix_web::test]
async fn admins_make_list_and_revoke_keys_on_the_admin_page() {
    let app = TestApp::spawn().await;
    app.signed_in("root", Role::Admin).await;
    app.create_user("ada", Role::User);

    let response = app
        .client
        .post_form(
            "/admin/api-keys",
            &[
                ("acting", "user"),
                ("username", "ada"),
                ("description", "meeting notes"),
                ("scopes[]", "global:read"),
                ("scopes[]", "topics:write"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "no-store",
        "the page showing the secret is never cached"
    );
    let page = response.text().await.unwrap();
    let secret = page
        .split("id=\"new-key\"")
        .nth(1)
        .and_then(|rest| rest.split("value=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("the secret is on the page")
        .to_owned();
    assert_eq!(secret.len(), 64);
    let key = stored(&app, &secret);
    assert_eq!(key.scopes, "global:read topics:write");
    assert_eq!(key.description, "meeting notes");
    let (status, me) = call(&app, Method::GET, "/u/ada.json", &secret, None, None).await;
    assert_eq!(status, 200, "{me}");

    let (status, list) = app.client.get_text("/admin/api-keys").await;
    assert_eq!(status, 200);
    assert!(list.contains("meeting notes") && list.contains("topics:write"));
    assert!(!list.contains(&secret), "the secret is shown once only");

    for (fields, complaint) in [
        (vec![("acting", "user"), ("username", "")], "username"),
        (vec![("acting", "user"), ("username", "nobody")], "nobody"),
        (
            vec![("acting", "all"), ("scopes[]", "topics:everything")],
            "Each scope must be one of",
        ),
    ] {
        let response = app.client.post_form("/admin/api-keys", &fields).await;
        assert_eq!(response.status().as_u16(), 422, "{fields:?}");
        let page = response.text().await.unwrap();
        assert!(page.contains(complaint), "{fields:?}: {page}");
    }
    let keys = app.with_conn(|conn| ApiKey::all(conn).unwrap());
    assert_eq!(keys.len(), 1, "refused forms make no key");

    let response = app
        .client
        .post_form(&format!("/admin/api-keys/{}/revoke", key.id), &[])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let (status, _) = call(&app, Method::GET, "/u/ada.json", &secret, None, None).await;
    assert_eq!(status, 403, "revoked from the page, refused at once");

    let member = app.new_client();
    app.create_user("grace", Role::User);
    app.log_in(&member, "grace").await;
    let (status, _) = member.get_text("/admin/api-keys").await;
    assert_eq!(status, 403, "members may not see keys");
    let response = member
        .post_form("/admin/api-keys", &[("acting", "all")])
        .await;
    assert_eq!(response.status().as_u16(), 403, "nor make them");
}
