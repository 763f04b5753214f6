//! Tags over HTTP: staff keep the tag list at `/admin/tags`; members tag new topics (the form's
//! one field, or `tags[]` in `POST /posts.json`) and their own topics afterwards (the topic's
//! form, `PUT /t/{id}.json`); `/tags`, `/tag/{name}` with its JSON and feed, lists and topic
//! JSON show them; `tags:` narrows search; tag groups keep tags to categories. And the bad
//! input: six tags, an unknown tag without the trust to make it, a malformed name, a tag kept
//! to another category, someone else's topic — each a clear refusal that changes nothing.

use convene::models::ids::TopicId;
use convene::models::staff_log::{LogFilter, StaffAction, StaffLogEntry};
use convene::models::tag::{Tag, TagGroup};
use convene::models::topic::Topic;
use convene::models::user::Role;
use reqwest::Method;
use serde_json::json;

use crate::support::{TestApp, body_of, location};

fn tags_of(app: &TestApp, topic: TopicId) -> Vec<String> {
    app.with_conn(|c| Tag::names_of_topic(c, topic)).unwrap()
}

fn topics_count(app: &TestApp) -> i64 {
    app.with_conn(Topic::count).unwrap()
}

/// The topic the new-topic form just made, from where it sent the browser.
fn topic_at(app: &TestApp, address: &str) -> Topic {
    let id: i64 = address.rsplit('/').next().unwrap().parse().unwrap();
    app.with_conn(|c| Topic::find(c, TopicId(id))).unwrap()
}

#[actix_web::test]
async fn staff_make_tags_members_use_them_and_every_list_shows_them() {
    let app = TestApp::spawn().await;
    app.create_user("admin", Role::Admin);
    app.create_user("ada", Role::User);
    let general = app.create_category("General", false, None);
    let staff = app.new_client();
    app.log_in(&staff, "admin").await;

    // Staff make the tags, one with a description; a bad name is refused on the page.
    let (status, page) = staff.get_text("/admin/tags").await;
    assert_eq!(status, 200, "{page}");
    for (name, about) in [("NumPy", "The array library."), ("arrays", "")] {
        let response = staff
            .post_form("/admin/tags", &[("name", name), ("description", about)])
            .await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(location(&response), "/admin/tags");
    }
    let response = staff
        .post_form("/admin/tags", &[("name", "a/b"), ("description", "")])
        .await;
    let page = body_of(response, 422).await;
    assert!(page.contains("A tag is 1–20 letters, digits"), "{page}");
    let names: Vec<String> = app
        .with_conn(|c| Tag::all_counted(c, convene::models::visibility::Visibility::EVERYTHING))
        .unwrap()
        .into_iter()
        .map(|c| c.tag.name)
        .collect();
    assert_eq!(
        names,
        ["arrays", "numpy"],
        "stored in lower case, nothing else"
    );

    // A member tags her new topic in the form's one field, in any case and spacing.
    let ada = app.new_client();
    app.log_in(&ada, "ada").await;
    let (_, form) = ada.get_text("/new-topic").await;
    assert!(form.contains("name=\"tags\""), "{form}");
    assert!(
        form.contains("Often used") || form.contains("the forum's tags"),
        "{form}"
    );
    let category = general.id.0.to_string();
    let response = ada
        .post_form(
            "/new-topic",
            &[
                ("title", "Views or copies when slicing"),
                ("category", &category),
                ("tags", "NumPy,  arrays numpy"),
                ("raw", "When does slicing copy?"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let topic = topic_at(&app, &location(&response));
    assert_eq!(tags_of(&app, topic.id), ["arrays", "numpy"]);

    // Its page, the lists, the tag's page, its JSON and its feed all show it.
    let (_, page) = ada.get_text(&topic.url()).await;
    assert!(page.contains("href=\"/tag/numpy\" rel=\"tag\""), "{page}");
    assert!(
        page.contains("Edit tags"),
        "her own topic offers the tag form: {page}"
    );
    let (_, latest) = app.client.get_text("/latest").await;
    assert!(latest.contains("href=\"/tag/arrays\""), "{latest}");
    let (status, tag_page) = app.client.get_text("/tag/numpy").await;
    assert_eq!(status, 200);
    assert!(
        tag_page.contains("Views or copies when slicing"),
        "{tag_page}"
    );
    assert!(tag_page.contains("The array library."), "{tag_page}");
    assert!(
        tag_page.contains("href=\"/tag/numpy.rss\""),
        "the feed is named in the head: {tag_page}"
    );
    let (status, listed) = app.client.get_json("/tag/numpy.json").await;
    assert_eq!(status, 200);
    assert_eq!(listed["topic_list"]["tags"][0]["name"], "numpy");
    assert_eq!(listed["topic_list"]["tags"][0]["topic_count"], 1);
    assert_eq!(
        listed["topic_list"]["topics"][0]["tags"],
        json!(["arrays", "numpy"])
    );
    let (_, latest) = app.client.get_json("/latest.json").await;
    assert_eq!(
        latest["topic_list"]["topics"][0]["tags"],
        json!(["arrays", "numpy"])
    );
    let (_, shown) = app
        .client
        .get_json(&format!("/t/{}.json", topic.id.0))
        .await;
    assert_eq!(shown["tags"][0]["name"], "arrays");
    assert_eq!(shown["tags"][1]["slug"], "numpy");
    let (_, all) = app.client.get_json("/tags.json").await;
    assert_eq!(all["tags"][0]["name"], "arrays");
    assert_eq!(all["tags"][0]["count"], 1);
    let (_, tags_page) = app.client.get_text("/tags").await;
    assert!(tags_page.contains("1 topic"), "{tags_page}");
    let response = app.client.get("/tag/numpy.rss").await;
    assert_eq!(response.status().as_u16(), 200);
    let feed = feed_rs::parser::parse(response.bytes().await.unwrap().as_ref()).expect("RSS");
    assert_eq!(feed.entries.len(), 1);
    assert_eq!(
        feed.entries[0].title.as_ref().map(|t| t.content.as_str()),
        Some("Views or copies when slicing")
    );
    // Unknown and malformed tags are not pages.
    assert_eq!(app.client.get_text("/tag/nothing").await.0, 404);
    assert_eq!(app.client.get_text("/tag/no.such").await.0, 404);
    assert_eq!(app.client.get_text("/tag/nothing.rss").await.0, 404);

    // A deleted tag leaves its topics.
    let response = staff.post_form("/admin/tags/arrays/delete", &[]).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(tags_of(&app, topic.id), ["numpy"]);
}

#[actix_web::test]
async fn bad_tags_are_refused_by_name_and_change_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.create_user("admin", Role::Admin);
    app.create_user("ada", Role::User);
    let general = app.create_category("General", false, None);
    let specs = app.create_category("SPECs", false, None);
    let guardian = convene::auth::Guardian::for_user(&admin);
    app.write(|tx| {
        for name in ["a", "b", "c", "d", "e", "f", "spec"] {
            convene::services::tags::save_tag(tx, &guardian, name, None)?;
        }
        convene::services::tags::save_group(
            tx,
            &guardian,
            None,
            &convene::services::tags::GroupDraft {
                name: "Proposals".into(),
                tags: Some(vec!["spec".into()]),
                categories: Some(vec![specs.id]),
            },
        )
    });
    let ada = app.new_client();
    app.log_in(&ada, "ada").await;
    let category = general.id.0.to_string();
    let before = topics_count(&app);
    for (tags, says) in [
        (
            "a b c d e f",
            "A topic carries at most 5 tags; 6 were chosen.",
        ),
        (
            "a fresh",
            "There is no tag “fresh”. Choose from the forum's tags (listed at /tags); members of trust level 3",
        ),
        ("a a/b", "“a/b” cannot be a tag"),
        ("spec", "The tag “spec” is for other categories"),
    ] {
        let response = ada
            .post_form(
                "/new-topic",
                &[
                    ("title", "A topic with bad tags"),
                    ("category", &category),
                    ("tags", tags),
                    ("raw", "Body text here."),
                ],
            )
            .await;
        let page = body_of(response, 422).await;
        assert!(page.contains(says), "{tags}: {page}");
        // The form comes back with what she typed.
        assert!(page.contains(&format!("value=\"{tags}\"")), "{page}");
    }
    assert_eq!(topics_count(&app), before, "no topic was started");
    assert!(
        app.with_conn(|c| Tag::find_by_name(c, "fresh"))
            .unwrap()
            .is_none(),
        "no tag was made"
    );

    // The same over the API, in its JSON errors.
    let (status, body) = app
        .api_as(
            Method::POST,
            "/posts.json",
            "ada",
            json!({"title": "Tagged by a client", "raw": "Body text here.", "category": general.id.0, "tags": ["fresh"]}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["errors"][0].as_str().unwrap().contains("“fresh”"),
        "{body}"
    );
    assert_eq!(topics_count(&app), before);

    // In its own category the kept tag is fine, and a client tags with `tags[]`.
    let (status, body) = app
        .api_as(
            Method::POST,
            "/posts.json",
            "ada",
            json!({"title": "A SPEC for tagging", "raw": "Body text here.", "category": specs.id.0, "tags": ["SPEC", "a", ""]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let id = TopicId(body["topic_id"].as_i64().unwrap());
    assert_eq!(tags_of(&app, id), ["a", "spec"]);
}

#[actix_web::test]
async fn trusted_members_make_tags_by_using_them() {
    let app = TestApp::spawn_with(|c| c.tags.create_min_trust_level = 1).await;
    app.create_user("ada", Role::User);
    let general = app.create_category("General", false, None);
    let (status, body) = app
        .api_as(
            Method::POST,
            "/posts.json",
            "ada",
            json!({"title": "Free tagging works", "raw": "Body text here.", "category": general.id.0, "tags": ["Brand New"]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let id = TopicId(body["topic_id"].as_i64().unwrap());
    assert_eq!(tags_of(&app, id), ["brand-new"]);
}

#[actix_web::test]
async fn starters_and_staff_retag_topics_and_staff_changes_are_logged() {
    let app = TestApp::spawn_with(|c| c.tags.create_min_trust_level = 0).await;
    let ada = app.create_user("ada", Role::User);
    app.create_user("bob", Role::User);
    app.create_user("admin", Role::Admin);
    let general = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &general, "Retagging a topic later", 0);
    let form = format!("/t/{}/tags", topic.id.0);

    let client = app.new_client();
    app.log_in(&client, "ada").await;
    let response = client.post_form(&form, &[("tags", "zarr, chunks")]).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), format!("/t/{}", topic.id.0));
    assert_eq!(tags_of(&app, topic.id), ["chunks", "zarr"]);

    // Someone else may not; nor may a visitor.
    let bob = app.new_client();
    app.log_in(&bob, "bob").await;
    let (_, page) = bob.get_text(&topic.url()).await;
    assert!(!page.contains("Edit tags"), "{page}");
    let response = bob.post_form(&form, &[("tags", "spam")]).await;
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(tags_of(&app, topic.id), ["chunks", "zarr"]);

    // Staff change it over the API, in the one transaction with a rename; it is logged.
    let (status, body) = app
        .api_as(
            Method::PUT,
            &format!("/t/-/{}.json", topic.id.0),
            "admin",
            json!({"title": "Retagging a topic later, renamed", "tags": ["zarr"]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(tags_of(&app, topic.id), ["zarr"]);
    let filter = LogFilter {
        action: Some(StaffAction::TopicTagsChanged),
        ..LogFilter::default()
    };
    let logged = app
        .with_conn(|c| StaffLogEntry::list(c, &filter, 10))
        .unwrap();
    assert_eq!(
        logged.len(),
        1,
        "her own retagging is not logged: {logged:?}"
    );
    let change = &logged[0];
    assert_eq!(change.topic_id, Some(topic.id));
    assert_eq!(change.previous_value.as_deref(), Some("chunks zarr"));
    assert_eq!(change.new_value.as_deref(), Some("zarr"));

    // A refused tag leaves the title too.
    let (status, _) = app
        .api_as(
            Method::PUT,
            &format!("/t/-/{}.json", topic.id.0),
            "admin",
            json!({"title": "Not renamed", "tags": ["a/b"]}),
        )
        .await;
    assert_eq!(status, 422);
    let now = app.with_conn(|c| Topic::find(c, topic.id)).unwrap();
    assert_eq!(now.title, "Retagging a topic later, renamed");
    // One empty entry clears them, as Discourse's clients send it.
    let (status, _) = app
        .api_as(
            Method::PUT,
            &format!("/t/-/{}.json", topic.id.0),
            "ada",
            json!({"tags": [""]}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(tags_of(&app, topic.id).is_empty());
}

#[actix_web::test]
async fn tag_groups_keep_tags_to_categories_and_answer_as_discourse() {
    let app = TestApp::spawn().await;
    app.create_user("admin", Role::Admin);
    app.create_user("ada", Role::User);
    let general = app.create_category("General", false, None);
    let specs = app.create_category("SPECs", false, None);
    let guardian = convene::auth::Guardian::system();
    app.write(|tx| convene::services::tags::save_tag(tx, &guardian, "governance", None));

    let (status, made) = app
        .api_as(
            Method::POST,
            "/tag_groups.json",
            "admin",
            json!({"name": "Process", "tag_names": ["governance"]}),
        )
        .await;
    assert_eq!(status, 200, "{made}");
    assert_eq!(made["tag_group"]["tags"][0]["name"], "governance");
    let id = made["tag_group"]["id"].as_i64().unwrap();
    // Not yet kept anywhere: usable in General.
    let topic = app.create_topic(
        &app.with_conn(|c| convene::models::user::User::find_by_login(c, "ada"))
            .unwrap()
            .unwrap(),
        &general,
        "Who decides what",
        0,
    );
    let (status, _) = app
        .api_as(
            Method::PUT,
            &format!("/t/-/{}.json", topic.id.0),
            "ada",
            json!({"tags": ["governance"]}),
        )
        .await;
    assert_eq!(status, 200);

    // Kept to SPECs, it is refused in General.
    let (status, changed) = app
        .api_as(
            Method::PUT,
            &format!("/tag_groups/{id}.json"),
            "admin",
            json!({"tag_group": {"name": "Process", "tag_names": ["governance"], "category_ids": [specs.id.0.to_string()]}}),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["success"], "OK");
    assert_eq!(changed["tag_group"]["category_ids"], json!([specs.id.0]));
    let (status, refused) = app
        .api_as(
            Method::PUT,
            &format!("/t/-/{}.json", topic.id.0),
            "ada",
            json!({"tags": ["governance"]}),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    let (status, listed) = app
        .api_as(Method::GET, "/tag_groups.json", "admin", json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(listed["tag_groups"][0]["name"], "Process");
    // Members do not manage groups; a group of unknown tags, or a second "Process", is refused.
    let (status, _) = app
        .api_as(Method::GET, "/tag_groups.json", "ada", json!({}))
        .await;
    assert_eq!(status, 403);
    for (sent, expected) in [
        (json!({"name": "Other", "tag_names": ["nope"]}), 422),
        (json!({"name": "Process"}), 409),
        (json!({"name": ""}), 422),
    ] {
        let (status, body) = app
            .api_as(Method::POST, "/tag_groups.json", "admin", sent.clone())
            .await;
        assert_eq!(status, expected, "{sent}: {body}");
    }
    assert_eq!(app.with_conn(TagGroup::all).unwrap().len(), 1);
}

#[actix_web::test]
async fn search_narrows_to_tagged_topics() {
    let app = TestApp::spawn_with(|c| c.tags.create_min_trust_level = 0).await;
    let ada = app.create_user("ada", Role::User);
    let general = app.create_category("General", false, None);
    let zarr = app.create_topic(&ada, &general, "Chunked arrays on disk with zarr", 0);
    let hdf = app.create_topic(&ada, &general, "Chunked arrays on disk with HDF5", 0);
    let plain = app.create_topic(&ada, &general, "Chunked arrays in memory", 0);
    let guardian = convene::auth::Guardian::for_user(&ada);
    let rules = app.config.tags;
    app.write(|tx| {
        convene::services::tags::retag(
            tx,
            &guardian,
            &rules,
            zarr.id,
            &["storage".into(), "zarr".into()],
        )?;
        convene::services::tags::retag(tx, &guardian, &rules, hdf.id, &["storage".into()])
    });
    app.index();
    let topics_of = |json: &serde_json::Value| -> Vec<i64> {
        let mut ids: Vec<i64> = json["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect();
        ids.sort();
        ids
    };
    for (query, expected) in [
        ("chunked tags:storage", vec![zarr.id.0, hdf.id.0]),
        ("chunked tags:storage+zarr", vec![zarr.id.0]),
        ("chunked tags:zarr,nothing", vec![zarr.id.0]),
        ("chunked -tags:storage", vec![plain.id.0]),
        ("tags:storage -tags:zarr", vec![hdf.id.0]),
        ("chunked tags:nothing", vec![]),
        ("chunked tags:storage+nothing", vec![]),
    ] {
        let (status, found) = app
            .client
            .get_json(&format!("/search.json?q={}", urlencode(query)))
            .await;
        assert_eq!(status, 200);
        let mut expected = expected;
        expected.sort();
        assert_eq!(topics_of(&found), expected, "{query}");
    }
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[actix_web::test]
async fn a_queued_topic_keeps_its_tags_until_a_moderator_approves_it() {
    use convene::models::ids::ReviewableId;
    use convene::models::queued_post::QueuedPost;
    let app = TestApp::spawn().await;
    let bob = app.create_user("bob", Role::User);
    app.create_user("mod", Role::Moderator);
    let general = app.create_category("General", false, None);
    app.write(|tx| {
        let operator = convene::auth::Guardian::system();
        convene::services::tags::save_tag(tx, &operator, "zarr", None)?;
        convene::services::moderation::set_trust_level(tx, &operator, bob.id, 0, false)
    });
    let client = app.new_client();
    app.log_in(&client, "bob").await;
    let category = general.id.0.to_string();
    let send = |tags: &'static str| {
        let fields = [
            ("title", "My first question about chunking"),
            ("category", category.as_str()),
            ("tags", tags),
            ("raw", "How large should chunks be?"),
        ];
        let client = &client;
        async move { client.post_form("/new-topic", &fields).await }
    };
    // Checked when sent: an unknown tag is refused before anything waits.
    let response = send("zarr unheard-of").await;
    body_of(response, 422).await;
    let response = send("Zarr").await;
    assert_eq!(response.status().as_u16(), 303);
    let waiting = location(&response);
    let id: i64 = waiting.rsplit('-').next().unwrap().parse().unwrap();
    let queued = app
        .with_conn(|c| QueuedPost::of(c, ReviewableId(id)))
        .unwrap();
    assert_eq!(queued.tag_names(), ["zarr"]);
    let before = topics_count(&app);

    let moderator = app.new_client();
    app.log_in(&moderator, "mod").await;
    let response = moderator
        .post_form(&format!("/review/{id}/perform/approve_post"), &[])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(topics_count(&app), before + 1);
    let (_, listed) = app.client.get_json("/tag/zarr.json").await;
    assert_eq!(
        listed["topic_list"]["topics"][0]["title"],
        "My first question about chunking"
    );
}
