//! What the API's endpoints do, beyond their shapes (which `contract.rs` checks): top lists by
//! period, windows of a topic's posts, the latest posts, replies to a post, and the topic
//! tools.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;
use convene::models::user::Role;

fn ids(list: &Value, key: &str) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_i64().unwrap())
        .collect()
}

#[actix_web::test]
async fn top_lists_rank_topics_by_replies_and_likes_within_the_period() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    let quiet = app.create_topic(&ada, &category, "Quiet", 1);
    let busy = app.create_topic(&ada, &category, "Busy", 6);
    let middling = app.create_topic(&ada, &category, "Middling", 3);
    let (status, top) = app.client.get_json("/top.json?period=all").await;
    assert_eq!(status, 200);
    assert_eq!(
        ids(&top["topic_list"]["topics"], "id"),
        [busy.id.0, middling.id.0, quiet.id.0],
        "most replied first"
    );
    // Four likes on the quiet topic's first post lift it above the middling one's 3 replies.
    for i in 0..4 {
        let fan = app.create_user(&format!("fan{i}"), Role::User);
        let guardian = convene::auth::Guardian::for_user(&fan);
        let first = app
            .with_conn(|c| convene::models::post::Post::find_by_number(c, quiet.id, 1))
            .unwrap()
            .unwrap();
        app.write(|tx| convene::services::likes::like(tx, &guardian, first.id));
    }
    let (_, top) = app.client.get_json("/top.json?period=all").await;
    assert_eq!(
        ids(&top["topic_list"]["topics"], "id"),
        [busy.id.0, quiet.id.0, middling.id.0],
        "replies and likes count alike"
    );
    let (_, first_page) = app.client.get_json("/top.json?period=all&per_page=2").await;
    assert_eq!(ids(&first_page["topic_list"]["topics"], "id").len(), 2);
    assert_eq!(
        first_page["topic_list"]["more_topics_url"],
        "/top?period=all&page=1"
    );
    let (status, _) = app.client.get_json("/top.json?period=fortnightly").await;
    assert_eq!(status, 400);
    let (status, page) = app.client.get_text("/top?period=weekly").await;
    assert_eq!(status, 200);
    assert!(page.contains("Busy") && page.contains("aria-current=\"page\""));
}

#[actix_web::test]
async fn clients_load_chosen_posts_of_a_topic_or_all_of_it_at_once() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Long", 44);
    let (_, whole) = app
        .client
        .get_json(&format!("/t/{}.json?print=true", topic.id))
        .await;
    let stream: Vec<i64> = whole["post_stream"]["stream"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(stream.len(), 45);
    assert_eq!(
        whole["post_stream"]["posts"].as_array().unwrap().len(),
        45,
        "print=true answers with every post"
    );
    let wanted = [stream[40], stream[21], stream[30]];
    let query = wanted
        .iter()
        .map(|id| format!("post_ids[]={id}"))
        .collect::<Vec<_>>()
        .join("&");
    let (status, chosen) = app
        .client
        .get_json(&format!("/t/{}/posts.json?{query}", topic.id))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        ids(&chosen["post_stream"]["posts"], "post_number"),
        [22, 31, 41],
        "in topic order"
    );
    let too_many = (1..=1001)
        .map(|id| format!("post_ids[]={id}"))
        .collect::<Vec<_>>()
        .join("&");
    let (status, _) = app
        .client
        .get_json(&format!("/t/{}/posts.json?{too_many}", topic.id))
        .await;
    assert_eq!(status, 400);
}

#[actix_web::test]
async fn latest_posts_page_back_and_replies_list_the_answers_to_a_post() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Thread", 24);
    let (_, latest) = app.client.get_json("/posts.json").await;
    let first: Vec<i64> = ids(&latest["latest_posts"], "id");
    assert_eq!(first.len(), 20);
    assert!(first.windows(2).all(|w| w[0] > w[1]), "newest first");
    let (_, older) = app
        .client
        .get_json(&format!("/posts.json?before={}", first[19]))
        .await;
    assert_eq!(ids(&older["latest_posts"], "id").len(), 5, "the rest");
    assert_eq!(latest["latest_posts"][0]["topic_title"], "Thread");

    let bot = app.create_user("bot", Role::User);
    let key = app.api_key(&bot);
    for raw in ["Answer one", "Answer two"] {
        let r = app
            .client
            .api(Method::POST, "/posts", &key, "bot")
            .json(&json!({"topic_id": topic.id.0, "raw": raw, "reply_to_post_number": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
    }
    let first_post = latest["latest_posts"]
        .as_array()
        .unwrap()
        .iter()
        .chain(older["latest_posts"].as_array().unwrap())
        .find(|p| p["post_number"] == 1)
        .unwrap()["id"]
        .clone();
    let (status, replies) = app
        .client
        .get_json(&format!("/posts/{first_post}/replies.json"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(ids(&replies, "post_number"), [26, 27]);
    assert_eq!(replies[0]["reply_to_user"]["username"], "ada");
}

#[actix_web::test]
async fn staff_close_and_pin_topics_through_the_api_and_members_may_not() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let moderator = app.create_user("mod", Role::Moderator);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Heated", 0);
    let path = format!("/t/{}/status", topic.id);
    let member_key = app.api_key(&ada);
    let refused = app
        .client
        .api(Method::PUT, &path, &member_key, "ada")
        .form(&[("status", "closed"), ("enabled", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    let key = app.api_key(&moderator);
    for (status, enabled) in [("closed", "true"), ("pinned", "true")] {
        let r = app
            .client
            .api(Method::PUT, &path, &key, "mod")
            .form(&[("status", status), ("enabled", enabled)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{status}");
    }
    let (_, shown) = app.client.get_json(&format!("/t/{}.json", topic.id)).await;
    assert_eq!(
        (shown["closed"].as_bool(), shown["pinned"].as_bool()),
        (Some(true), Some(true))
    );
    let unsupported = app
        .client
        .api(Method::PUT, &path, &key, "mod")
        .json(&json!({"status": "archived", "enabled": "true"}))
        .send()
        .await
        .unwrap();
    assert_eq!(unsupported.status().as_u16(), 422);
}

#[actix_web::test]
async fn admins_create_and_change_categories_through_the_api() {
    let app = TestApp::spawn().await;
    let admin = app.create_user("root", Role::Admin);
    let member = app.create_user("ada", Role::User);
    let key = app.api_key(&admin);
    let member_key = app.api_key(&member);
    let created = app
        .client
        .api(Method::POST, "/categories", &key, "root")
        .header("Accept", "application/json")
        .form(&[
            ("name", "SPECs"),
            ("color", "1D4F91"),
            ("text_color", "FFFFFF"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 200);
    let created: Value = created.json().await.unwrap();
    let id = created["category"]["id"].as_i64().unwrap();
    assert_eq!(created["category"]["slug"], "specs");
    let updated: Value = app
        .client
        .api(Method::PUT, &format!("/categories/{id}"), &key, "root")
        .json(&json!({"name": "Standards", "read_only": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(updated["success"], "OK");
    let (_, shown) = app.client.get_json(&format!("/c/{id}/show.json")).await;
    assert_eq!(shown["category"]["name"], "Standards");
    assert_eq!(
        shown["category"]["color"], "1D4F91",
        "fields not sent are kept"
    );
    assert_eq!(shown["category"]["read_only"], true);
    for (who, key, body, status) in [
        ("ada", &member_key, json!({"name": "Mine"}), 403),
        ("root", &key, json!({"color": "1D4F91"}), 422),
        ("root", &key, json!({"name": "Other", "slug": "specs"}), 409),
    ] {
        let r = app
            .client
            .api(Method::POST, "/categories.json", key, who)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), status, "{body}");
    }
}

#[actix_web::test]
async fn topic_starters_rename_their_topics_and_staff_move_them() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let grace = app.create_user("grace", Role::User);
    let moderator = app.create_user("mod", Role::Moderator);
    let general = app.create_category("General", false, None);
    let news = app.create_category("News", true, None);
    let topic = app.create_topic(&ada, &general, "Tpyo", 0);
    let path = format!("/t/{}/{}", topic.slug, topic.id);
    let (ada_key, grace_key, mod_key) = (
        app.api_key(&ada),
        app.api_key(&grace),
        app.api_key(&moderator),
    );
    let put = |key: &str, who: &str, body: Value| {
        app.client
            .api(Method::PUT, &path, key, who)
            .header("Accept", "application/json")
            .json(&body)
            .send()
    };
    let renamed: Value = put(&ada_key, "ada", json!({"title": "Typo"}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(renamed["basic_topic"]["title"], "Typo");
    assert_eq!(renamed["basic_topic"]["slug"], "typo");
    let refused = put(&grace_key, "grace", json!({"topic": {"title": "Mine now"}}))
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403, "not her topic");
    let read_only = put(
        &ada_key,
        "ada",
        json!({"topic": {"category_id": news.id.0}}),
    )
    .await
    .unwrap();
    assert_eq!(
        read_only.status().as_u16(),
        403,
        "only staff start topics in News"
    );
    let unknown = put(&mod_key, "mod", json!({"topic": {"category_id": 424242}}))
        .await
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 422);
    let moved = put(
        &mod_key,
        "mod",
        json!({"topic": {"category_id": news.id.0}}),
    )
    .await
    .unwrap();
    assert_eq!(moved.status().as_u16(), 200);
    let (_, shown) = app.client.get_json(&format!("/t/{}.json", topic.id)).await;
    assert_eq!(
        (shown["title"].as_str(), shown["category_id"].as_i64()),
        (Some("Typo"), Some(news.id.0))
    );
}

#[actix_web::test]
async fn admins_make_accounts_and_list_people_and_everyone_sees_the_directory() {
    let app = TestApp::spawn().await;
    let admin = app.create_user("root", Role::Admin);
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    app.create_topic(&ada, &category, "Busy ada", 4);
    let key = app.api_key(&admin);
    let made = app
        .client
        .api(Method::POST, "/users", &key, "root")
        .header("Accept", "application/json")
        .form(&[
            ("name", "Grace"),
            ("username", "grace"),
            ("email", "grace@example.org"),
            ("password", crate::support::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(made.status().as_u16(), 200);
    let made: Value = made.json().await.unwrap();
    assert_eq!(made["success"], true);
    app.log_in(&app.new_client(), "grace").await;
    let ada_key = app.api_key(&ada);
    let refused = app
        .client
        .api(Method::POST, "/users.json", &ada_key, "ada")
        .json(&json!({"name": "X", "username": "xyz", "email": "x@example.org", "password": "a long enough password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    // The honeypot pydiscourse fetches before it makes an account: fresh random values.
    let (status, first) = app.client.get_json("/session/hp.json").await;
    let (_, second) = app.client.get_json("/session/hp").await;
    assert_eq!(status, 200, "{first}");
    for value in [&first["value"], &first["challenge"]] {
        assert_eq!(value.as_str().map(str::len), Some(64), "{first}");
    }
    assert_ne!(first["value"], second["value"]);

    let (_, directory) = app
        .client
        .get_json("/directory_items.json?period=all&order=post_count")
        .await;
    let items = directory["directory_items"].as_array().unwrap();
    assert_eq!(items[0]["user"]["username"], "ada");
    assert_eq!(items[0]["post_count"], 5);
    assert_eq!(directory["meta"]["total_rows_directory_items"], 3);

    let staff: Value = app
        .client
        .api(Method::GET, "/admin/users/list/staff.json", &key, "root")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = staff
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["root"]);
    let everyone: Value = app
        .client
        .api(
            Method::GET,
            "/admin/users.json?show_emails=true",
            &key,
            "root",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(everyone.as_array().unwrap().len(), 3);
    assert!(
        everyone[0]["email"]
            .as_str()
            .unwrap()
            .ends_with("@example.org")
    );
    let member_list = app
        .client
        .api(Method::GET, "/admin/users.json", &ada_key, "ada")
        .send()
        .await
        .unwrap();
    assert_eq!(member_list.status().as_u16(), 403);
}

#[actix_web::test]
async fn admins_see_one_person_in_detail_with_what_they_may_do_to_them() {
    let app = TestApp::spawn().await;
    let root = app.create_user("root", Role::Admin);
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    app.create_topic(&ada, &category, "Ada's question", 2);
    app.api_key(&ada);
    let key = app.api_key(&root);
    let detail = |path: String, key: String, as_user: &'static str| {
        let client = &app.client;
        async move {
            let response = client
                .api(Method::GET, &path, &key, as_user)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };

    let (status, shown) =
        detail(format!("/admin/users/{}.json", ada.id), key.clone(), "root").await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown["username"], "ada");
    assert_eq!(
        (shown["topic_count"].as_i64(), shown["post_count"].as_i64()),
        (Some(1), Some(3))
    );
    assert_eq!(shown["api_key_count"], 1, "ada's own key counts");
    assert_eq!(
        (
            &shown["can_grant_admin"],
            &shown["can_revoke_admin"],
            &shown["can_grant_moderation"]
        ),
        (&json!(true), &json!(false), &json!(true))
    );
    assert!(
        shown.get("email").is_none(),
        "Discourse sends the email separately"
    );

    let (_, me) = detail(format!("/admin/users/{}", root.id), key.clone(), "root").await;
    assert_eq!(
        (&me["admin"], &me["can_revoke_admin"]),
        (&json!(true), &json!(false)),
        "an admin cannot take admin from themselves: {me}"
    );

    let (status, missing) = detail("/admin/users/999999.json".into(), key, "root").await;
    assert_eq!(status, 404, "{missing}");
    assert_eq!(missing["error_type"], "not_found");

    let ada_key = app.api_key(&ada);
    let (status, refused) = detail(format!("/admin/users/{}.json", root.id), ada_key, "ada").await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error_type"], "invalid_access");
}

#[actix_web::test]
async fn site_json_lists_every_category_with_the_viewers_permission() {
    let app = TestApp::spawn().await;
    let root = app.create_user("root", Role::Admin);
    let projects = app.create_category("Projects", false, None);
    let news = app.create_category("News", true, Some(&projects));
    let category = |site: &Value, id: i64| {
        site["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("category {id} missing from {site}"))
    };

    let (status, site) = app.client.get_json("/site.json").await;
    assert_eq!(status, 200, "{site}");
    assert_eq!(site["categories"].as_array().unwrap().len(), 2);
    let (parent, child) = (category(&site, projects.id.0), category(&site, news.id.0));
    assert_eq!(
        (&parent["has_children"], &parent["subcategory_count"]),
        (&json!(true), &json!(1))
    );
    assert!(parent.get("parent_category_id").is_none(), "{parent}");
    assert_eq!(child["parent_category_id"], projects.id.0);
    assert_eq!(child["permission"], 3, "visitors may only read");
    assert_eq!(child["can_edit"], false);
    assert_eq!(site["notification_types"]["replied"], 2);
    assert_eq!(site["notification_types"]["watching_first_post"], 17);
    assert_eq!(site["trust_levels"]["leader"], 4);

    let key = app.api_key(&root);
    let site: Value = app
        .client
        .api(Method::GET, "/site", &key, "root")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let child = category(&site, news.id.0);
    assert_eq!(
        (&child["permission"], &child["can_edit"]),
        (&json!(1), &json!(true)),
        "staff post in read-only categories and edit them"
    );
}

#[actix_web::test]
async fn an_email_address_is_shown_to_its_owner_and_admins_only() {
    let app = TestApp::spawn().await;
    let root = app.create_user("root", Role::Admin);
    let ada = app.create_user("ada", Role::User);
    let mod_user = app.create_user("moss", Role::Moderator);
    let emails = |key: String, as_user: &'static str| {
        let client = &app.client;
        async move {
            let response = client
                .api(Method::GET, "/u/ada/emails.json", &key, as_user)
                .send()
                .await
                .unwrap();
            (
                response.status().as_u16(),
                response.json::<Value>().await.unwrap(),
            )
        }
    };
    let (status, own) = emails(app.api_key(&ada), "ada").await;
    assert_eq!(
        (status, own["email"].as_str()),
        (200, Some("ada@example.org")),
        "{own}"
    );
    let (status, _) = emails(app.api_key(&root), "root").await;
    assert_eq!(status, 200, "admins see anyone's");
    let (status, refused) = emails(app.api_key(&mod_user), "moss").await;
    assert_eq!(status, 403, "moderators do not: {refused}");
    assert!(!refused.to_string().contains("ada@example.org"));
    let (status, _) = app.client.get_json("/u/ada/emails.json").await;
    assert_eq!(status, 401, "visitors must log in");
}

#[actix_web::test]
async fn user_actions_list_topics_started_and_replies_newest_first() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let grace = app.create_user("grace", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Ada's question", 0);
    app.create_topic(&grace, &category, "Grace's", 0);
    app.reply(&grace, topic.id, "Grace answers.");
    app.reply(&ada, topic.id, "Ada thanks her.");
    let actions = |query: &'static str| {
        let client = &app.client;
        async move {
            let (status, body) = client
                .get_json(&format!("/user_actions.json?{query}"))
                .await;
            let listed: Vec<(i64, String)> = body["user_actions"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| {
                            (
                                x["action_type"].as_i64().unwrap(),
                                x["excerpt"].as_str().unwrap().to_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            (status, listed, body)
        }
    };
    let (status, all, body) = actions("username=ada&filter=4,5&offset=0").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        all,
        [
            (5, "Ada thanks her.".to_owned()),
            (4, "First post of Ada's question.".to_owned())
        ],
        "newest first: {body}"
    );
    assert_eq!(body["user_actions"][0]["title"], "Ada's question");
    assert_eq!(body["user_actions"][0]["post_number"], 3);
    let (_, topics, _) = actions("username=ada&filter=4").await;
    assert_eq!(topics.iter().map(|a| a.0).collect::<Vec<_>>(), [4]);
    let (_, replies, _) = actions("username=grace&filter=5").await;
    assert_eq!(replies, [(5, "Grace answers.".to_owned())]);
    let (_, likes, _) = actions("username=ada&filter=1").await;
    assert!(likes.is_empty(), "likes are not recorded yet");
    let (_, past, _) = actions("username=ada&filter=4,5&offset=1").await;
    assert_eq!(past.len(), 1);
    let (status, _, _) = actions("username=nobody&filter=4").await;
    assert_eq!(status, 404);
    let (status, _, missing) = actions("filter=4").await;
    assert_eq!(status, 400, "{missing}");
    assert!(
        missing["errors"][0].as_str().unwrap().contains("username"),
        "{missing}"
    );
}

#[actix_web::test]
async fn latest_pages_go_pinned_first_then_newest_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let general = app.create_category("General", false, None);
    let other = app.create_category("Other", false, None);
    let mut made = Vec::new();
    for n in 0..65 {
        let category = if n % 3 == 0 { &other } else { &general };
        made.push(app.create_topic(&ada, category, &format!("Topic {n}"), 0));
    }
    // Bump an old one with a reply, and pin another old one.
    app.reply(&ada, made[10].id, "Bumped.");
    app.write(|tx| {
        convene::services::topic::update_status(
            tx,
            &convene::auth::Guardian::system(),
            made[3].id,
            convene::services::topic::Status::Pinned,
            true,
        )
    });
    let mut listed = Vec::new();
    for page in 0..3 {
        let (status, body) = app
            .client
            .get_json(&format!("/latest.json?page={page}"))
            .await;
        assert_eq!(status, 200);
        listed.extend(ids(&body["topic_list"]["topics"], "id"));
    }
    let mut expected: Vec<i64> = vec![made[3].id.0, made[10].id.0];
    expected.extend(
        made.iter()
            .rev()
            .map(|t| t.id.0)
            .filter(|id| *id != made[3].id.0 && *id != made[10].id.0),
    );
    assert_eq!(
        listed, expected,
        "pinned, bumped, then newest first, each once"
    );
    // A category's list pages the same way, within the category.
    let (_, first) = app
        .client
        .get_json(&format!("/c/general/{}.json", general.id))
        .await;
    let in_general: Vec<i64> = expected
        .iter()
        .copied()
        .filter(|id| {
            made.iter()
                .any(|t| t.id.0 == *id && t.category_id == general.id)
        })
        .take(30)
        .collect();
    assert_eq!(ids(&first["topic_list"]["topics"], "id"), in_general);
}

#[actix_web::test]
async fn avatar_templates_lead_to_each_members_letter_avatar() {
    let app = TestApp::spawn().await;
    app.create_user("ada", Role::User);
    let (_, user) = app.client.get_json("/u/ada.json").await;
    let template = user["user"]["avatar_template"]
        .as_str()
        .expect("a template");
    let path = template.replace("{size}", "48");
    let response = app.client.get(&path).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "image/svg+xml");
    assert!(header("cache-control").contains("immutable"));
    let svg = response.text().await.unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("width=\"48\""),
        "{svg}"
    );
    assert!(svg.contains(">A</text>"), "{svg}");

    // The profile shows it; bad names and sizes are refused with a reason.
    let (_, page) = app.client.get_text("/u/ada").await;
    assert!(
        page.contains("src=\"/letter_avatar/ada/96/1.svg\""),
        "{page}"
    );
    let status = app
        .client
        .get("/letter_avatar/a%20b/48/1.svg")
        .await
        .status();
    assert_eq!(status.as_u16(), 404);
    let (status, body) = app.client.get_text("/letter_avatar/ada/5000/1.svg").await;
    assert_eq!(status, 400);
    assert!(body.contains("8 to 1024 pixels"), "{body}");
}

#[actix_web::test]
async fn profiles_list_topics_replies_likes_and_solutions_by_tab() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let qa = app.create_question_category("Q&A");
    let question = app.create_topic(&ada, &qa, "Lazy NetCDF reading", 0);
    app.reply(&bob, question.id, "Open it with xarray and chunks.");
    let post = |n: i32| {
        app.with_conn(|c| convene::models::post::Post::find_by_number(c, question.id, n))
            .unwrap()
            .unwrap()
            .id
    };
    let (asked, answered) = (post(1), post(2));
    let as_ada = convene::auth::Guardian::for_user(&ada);
    let as_bob = convene::auth::Guardian::for_user(&bob);
    app.write(|tx| convene::services::solutions::accept(tx, &as_ada, answered));
    app.write(|tx| convene::services::likes::like(tx, &as_bob, asked));

    let (_, summary) = app.client.get_text("/u/bob").await;
    assert!(
        summary.contains("<dt>Solutions</dt><dd>1</dd>"),
        "{summary}"
    );
    assert!(summary.contains("href=\"/u/bob/activity/solved\""), "tabs");
    let (status, solved) = app.client.get_text("/u/bob/activity/solved").await;
    assert_eq!(status, 200);
    assert!(
        solved.contains("Solved ") && solved.contains("Lazy NetCDF reading #2"),
        "{solved}"
    );
    assert!(
        solved.contains("aria-current=\"page\">Solutions"),
        "{solved}"
    );
    let (_, liked) = app.client.get_text("/u/bob/activity/likes-given").await;
    assert!(
        liked.contains("Lazy NetCDF reading #1") && liked.contains(">ada</a>"),
        "{liked}"
    );
    let (_, topics) = app.client.get_text("/u/bob/activity/topics").await;
    assert!(topics.contains("has not posted here yet"), "{topics}");
    let (_, replies) = app.client.get_text("/u/bob/activity/replies").await;
    assert!(replies.contains("Lazy NetCDF reading #2"), "{replies}");
    let (_, all) = app.client.get_text("/u/ada/activity").await;
    assert!(all.contains("Lazy NetCDF reading #1"), "{all}");
    for path in ["/u/bob/activity/bookmarks", "/u/nobody/activity"] {
        assert_eq!(app.client.get(path).await.status().as_u16(), 404, "{path}");
    }

    // Discourse's user actions: 1 likes given, 15 solutions, mixed lists merged by time.
    let actions = |filter: &'static str| {
        let client = &app.client;
        async move {
            let (status, json) = client
                .get_json(&format!("/user_actions.json?username=bob&filter={filter}"))
                .await;
            assert_eq!(status, 200, "{json}");
            json["user_actions"].as_array().unwrap().clone()
        }
    };
    let likes = actions("1").await;
    assert_eq!(likes.len(), 1);
    assert_eq!(likes[0]["action_type"], 1);
    assert_eq!(likes[0]["acting_username"], "bob");
    assert_eq!(likes[0]["target_username"], "ada");
    assert_eq!(likes[0]["post_number"], 1);
    let solutions = actions("15").await;
    assert_eq!(solutions.len(), 1);
    assert_eq!(solutions[0]["action_type"], 15);
    assert_eq!(solutions[0]["post_number"], 2);
    let mixed = actions("1,5,15").await;
    let types: Vec<i64> = mixed
        .iter()
        .map(|a| a["action_type"].as_i64().unwrap())
        .collect();
    assert_eq!(types.len(), 3, "{types:?}");
    assert!(types.contains(&1) && types.contains(&5) && types.contains(&15));
    assert_eq!(
        actions("15,1,15").await.len(),
        2,
        "a kind named twice is listed once"
    );
    assert!(
        actions("99").await.is_empty(),
        "types Convene does not record"
    );
}

#[actix_web::test]
async fn lists_sort_by_likes_replies_views_or_age_as_discourse_clients_ask() {
    let app = TestApp::spawn_with(|config| config.posts.topics_per_page = 2).await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    let liked = app.create_topic(&ada, &category, "Liked most", 0);
    let busy = app.create_topic(&ada, &category, "Replied most", 4);
    let newest = app.create_topic(&ada, &category, "Newest of all", 1);
    let first = app
        .with_conn(|c| convene::models::post::Post::find_by_number(c, liked.id, 1))
        .unwrap()
        .unwrap()
        .id;
    for i in 0..3 {
        let fan = app.create_user(&format!("fan{i}"), Role::User);
        let guardian = convene::auth::Guardian::for_user(&fan);
        app.write(|tx| convene::services::likes::like(tx, &guardian, first));
    }
    let order = |path: &'static str| {
        let client = &app.client;
        async move {
            let (status, json) = client.get_json(path).await;
            assert_eq!(status, 200, "{path}: {json}");
            (ids(&json["topic_list"]["topics"], "id"), json)
        }
    };
    let (likes, json) = order("/latest.json?order=likes").await;
    assert_eq!(likes, [liked.id.0, newest.id.0]);
    assert_eq!(
        json["topic_list"]["more_topics_url"],
        "/latest?order=likes&page=1"
    );
    assert_eq!(order("/latest.json?order=posts").await.0[0], busy.id.0);
    assert_eq!(
        order("/latest.json?order=created&ascending=true").await.0,
        [liked.id.0, busy.id.0]
    );
    let in_category = format!("/c/{}/{}.json?order=posts", category.slug, category.id.0);
    let (_, json) = app.client.get_json(&in_category).await;
    assert_eq!(ids(&json["topic_list"]["topics"], "id")[0], busy.id.0);
    let (status, body) = app.client.get_text("/latest.json?order=sideways").await;
    assert_eq!(status, 400);
    assert!(
        body.contains("activity, created, likes, views or posts"),
        "{body}"
    );

    // The page offers each order as a link, the current one marked, and pages keep it.
    let (_, page) = app.client.get_text("/latest?order=likes").await;
    assert!(
        page.contains("href=\"/latest?order=likes\" aria-current=\"page\">most liked"),
        "{page}"
    );
    assert!(page.contains("/latest?order=likes&amp;page=1"), "{page}");
}
