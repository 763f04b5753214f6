//! One JSON snapshot per endpoint, so that a field added, renamed or dropped by accident shows
//! in review as a diff of `tests/integration/snapshots/integration__api_snapshots__*.snap`.
//! The contract test checks the shapes against Discourse's schemas; these pin the values too.
//! Ids and times differ from run to run and between SQLite and PostgreSQL, so they are
//! replaced by `[id]` and `[time]` before comparing. After an intended change:
//! `INSTA_UPDATE=always cargo test api_snapshots` and review `git diff`.

use convene::models::user::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;

/// Whether a field holds an id (or ids) that the database chose.
fn is_id_field(key: &str) -> bool {
    key == "id"
        || key == "stream"
        || key.ends_with("_id")
        || key.ends_with("_ids")
        || key == "draft_key"
}

/// `/t/some-slug/12/3` → `/t/some-slug/[id]/[id]`: addresses carry ids too.
fn redact_path(text: &str) -> String {
    text.split('/')
        .map(|segment| {
            let (number, rest) = segment.split_at(
                segment
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(segment.len()),
            );
            if number.is_empty() {
                segment.to_owned()
            } else {
                format!("[id]{rest}")
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `value` with ids, times and ages replaced by placeholders, everything else kept.
fn redact(value: &Value, key: &str) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), redact(v, k))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| redact(v, key)).collect()),
        Value::Number(_) if is_id_field(key) => json!("[id]"),
        Value::Number(_) if key.ends_with("_age") => json!("[age]"),
        Value::String(s) if key == "draft_key" => {
            json!(format!(
                "{}[id]",
                s.trim_end_matches(|c: char| c.is_ascii_digit())
            ))
        }
        Value::String(s) if is_id_field(key) => json!(redact_path(s)),
        Value::String(s)
            if s.len() >= 20 && s.as_bytes()[4] == b'-' && s.as_bytes()[10] == b'T' =>
        {
            json!("[time]")
        }
        Value::String(s) if key.ends_with("url") || key == "load_more_directory_items" => {
            json!(redact_path(s))
        }
        other => other.clone(),
    }
}

/// Who sends a request.
#[derive(Clone, Copy)]
enum Who {
    Anonymous,
    Member,
    Admin,
}

#[actix_web::test]
async fn every_endpoint_answers_as_its_snapshot() {
    let app = TestApp::spawn().await;
    let admin = app.create_user("root", Role::Admin);
    let ada = app.create_user("ada", Role::User);
    let member = app.create_user("bot", Role::User);
    let (member_key, admin_key) = (app.api_key(&member), app.api_key(&admin));
    let general = app.create_category("General", false, None);
    let news = app.create_category("News", true, Some(&general));
    let topic = app.create_topic(&ada, &general, "Broadcasting shapes", 3);
    app.create_topic(&admin, &news, "Release 1.0", 0);
    let own = app.create_topic(&member, &general, "The bot's own", 1);
    let first_post = |topic_id| {
        app.with_conn(|c| convene::models::post::Post::find_by_number(c, topic_id, 1))
            .unwrap()
            .unwrap()
            .id
            .0
    };
    let (topic_post, own_post) = (first_post(topic.id), first_post(own.id));

    let t = topic.id.0;
    let calls: Vec<(&str, Method, String, Who, Option<Value>)> = vec![
        (
            "latest",
            Method::GET,
            "/latest.json".into(),
            Who::Anonymous,
            None,
        ),
        (
            "latest_signed_in",
            Method::GET,
            "/latest.json".into(),
            Who::Member,
            None,
        ),
        (
            "top",
            Method::GET,
            "/top.json?period=all".into(),
            Who::Anonymous,
            None,
        ),
        (
            "category_topics",
            Method::GET,
            format!("/c/general/{}.json", general.id),
            Who::Anonymous,
            None,
        ),
        (
            "topic",
            Method::GET,
            format!("/t/{t}.json"),
            Who::Anonymous,
            None,
        ),
        (
            "topic_signed_in",
            Method::GET,
            format!("/t/{t}.json"),
            Who::Member,
            None,
        ),
        (
            "topic_posts",
            Method::GET,
            format!("/t/{t}/posts.json?post_ids[]={topic_post}"),
            Who::Anonymous,
            None,
        ),
        (
            "post",
            Method::GET,
            format!("/posts/{topic_post}.json"),
            Who::Member,
            None,
        ),
        (
            "latest_posts",
            Method::GET,
            "/posts.json".into(),
            Who::Anonymous,
            None,
        ),
        (
            "replies",
            Method::GET,
            format!("/posts/{topic_post}/replies.json"),
            Who::Anonymous,
            None,
        ),
        (
            "categories",
            Method::GET,
            "/categories.json".into(),
            Who::Anonymous,
            None,
        ),
        (
            "category",
            Method::GET,
            format!("/c/{}/show.json", news.id),
            Who::Anonymous,
            None,
        ),
        ("site", Method::GET, "/site.json".into(), Who::Member, None),
        (
            "site_basic_info",
            Method::GET,
            "/site/basic-info.json".into(),
            Who::Anonymous,
            None,
        ),
        (
            "user",
            Method::GET,
            "/u/ada.json".into(),
            Who::Anonymous,
            None,
        ),
        (
            "user_emails",
            Method::GET,
            "/u/bot/emails.json".into(),
            Who::Member,
            None,
        ),
        (
            "user_actions",
            Method::GET,
            "/user_actions.json?username=ada&filter=4,5".into(),
            Who::Anonymous,
            None,
        ),
        (
            "directory",
            Method::GET,
            "/directory_items.json?period=all&order=post_count".into(),
            Who::Anonymous,
            None,
        ),
        (
            "admin_users",
            Method::GET,
            "/admin/users.json?show_emails=true".into(),
            Who::Admin,
            None,
        ),
        (
            "admin_users_staff",
            Method::GET,
            "/admin/users/list/staff.json".into(),
            Who::Admin,
            None,
        ),
        (
            "admin_user",
            Method::GET,
            format!("/admin/users/{}.json", ada.id),
            Who::Admin,
            None,
        ),
        (
            "create_topic",
            Method::POST,
            "/posts.json".into(),
            Who::Member,
            Some(
                json!({"title": "Started through the API", "raw": "With `code`.", "category": general.id.0}),
            ),
        ),
        (
            "create_reply",
            Method::POST,
            "/posts.json".into(),
            Who::Member,
            Some(
                json!({"topic_id": t, "raw": "A reply to the first post.", "reply_to_post_number": 1}),
            ),
        ),
        (
            "update_post",
            Method::PUT,
            format!("/posts/{own_post}.json"),
            Who::Member,
            Some(json!({"post": {"raw": "Edited through the API.", "edit_reason": "wording"}})),
        ),
        (
            "update_topic",
            Method::PUT,
            format!("/t/-/{}.json", own.id),
            Who::Member,
            Some(json!({"topic": {"title": "The bot's own, renamed"}})),
        ),
        (
            "topic_status",
            Method::PUT,
            format!("/t/{t}/status.json"),
            Who::Admin,
            Some(json!({"status": "closed", "enabled": "true"})),
        ),
        (
            "create_category",
            Method::POST,
            "/categories.json".into(),
            Who::Admin,
            Some(json!({"name": "SPECs", "color": "1D4F91", "text_color": "FFFFFF"})),
        ),
        (
            "update_category",
            Method::PUT,
            format!("/categories/{}.json", news.id),
            Who::Admin,
            Some(json!({"name": "Announcements", "color": "0088CC"})),
        ),
        (
            "create_user",
            Method::POST,
            "/users.json".into(),
            Who::Admin,
            Some(
                json!({"name": "Grace", "username": "grace", "email": "grace@example.org", "password": "a long enough password", "active": true}),
            ),
        ),
        // Errors are part of the contract too.
        (
            "error_not_found",
            Method::GET,
            "/t/999999.json".into(),
            Who::Anonymous,
            None,
        ),
        (
            "error_forbidden",
            Method::GET,
            "/admin/users.json".into(),
            Who::Member,
            None,
        ),
        (
            "error_invalid",
            Method::POST,
            "/posts.json".into(),
            Who::Member,
            Some(json!({"title": "x", "raw": "", "category": general.id.0})),
        ),
        (
            "error_closed",
            Method::POST,
            "/posts.json".into(),
            Who::Member,
            Some(json!({"topic_id": t, "raw": "Too late: the topic is closed."})),
        ),
    ];

    for (name, method, path, who, body) in calls {
        let request = match who {
            Who::Anonymous => app
                .client
                .raw()
                .request(method, format!("{}{path}", app.base)),
            Who::Member => app.client.api(method, &path, &member_key, "bot"),
            Who::Admin => app.client.api(method, &path, &admin_key, "root"),
        };
        let request = request.header("Accept", "application/json");
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        // The server's own address (its port changes from run to run) appears in icon URLs.
        let text = response
            .text()
            .await
            .unwrap()
            .replace(&app.base, "http://[server]");
        let body: Value = serde_json::from_str(&text).unwrap();
        let answer = json!({"status": status, "body": redact(&body, "")});
        insta::assert_json_snapshot!(name, answer);
    }
}
