//! Read tracking and view counts over HTTP: a member's page views are noted in the node's buffer
//! and written only by the `reading` job (`jobs::reading::flush`, called here as the job would);
//! `/new` and `/unread` (and their JSON and header counts) follow what was read; a topic link
//! on the unread list leads to the first unread post; "dismiss" empties each list; views count
//! once per viewer, also when the anonymous page cache answers; and a new member who has read
//! enough is promoted to trust level 1.

use convene::models::ids::{TopicId, UserId};
use convene::models::reading::TopicRead;
use convene::models::topic::Topic;
use convene::models::user::{Role, User};
use serde_json::Value;

use crate::support::{Client, TestApp, location};

/// Writes what the node gathered, as the `reading` job does every few seconds.
fn flush(app: &TestApp) {
    convene::jobs::reading::flush(&app.state).expect("the reading is written");
}

fn last_read(app: &TestApp, user: &User, topic: TopicId) -> Option<i32> {
    app.with_conn(|c| TopicRead::last_read(c, user.id, &[topic]))
        .unwrap()
        .get(&topic)
        .copied()
}

fn views(app: &TestApp, topic: TopicId) -> i64 {
    app.with_conn(|c| Topic::find(c, topic)).unwrap().views
}

/// The ids of the topics a list's JSON holds.
async fn listed(client: &Client, path: &str) -> Vec<i64> {
    let (status, body) = client.get_json(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body["topic_list"]["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect()
}

fn entry(list: &Value, topic: TopicId) -> &Value {
    list["topic_list"]["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"].as_i64() == Some(topic.0))
        .unwrap_or_else(|| panic!("topic {} is listed: {list}", topic.0))
}

#[actix_web::test]
async fn reading_a_topic_is_written_by_the_job_and_new_posts_make_it_unread() {
    let app = TestApp::spawn_with(TestApp::unlimited_posting).await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let topic = app.create_topic(&bob, &general, "Lazy loading of NetCDF files", 2);
    let reader = app.new_client();
    app.log_in(&reader, "ada").await;

    // Not opened yet: new to ada, not unread.
    assert_eq!(listed(&reader, "/new.json").await, vec![topic.id.0]);
    assert!(listed(&reader, "/unread.json").await.is_empty());

    let (status, _) = reader.get_text(&topic.url()).await;
    assert_eq!(status, 200);
    // A page view writes nothing itself...
    assert_eq!(last_read(&app, &ada, topic.id), None);
    // ...yet the lists already know, from this node's buffer.
    assert!(listed(&reader, "/new.json").await.is_empty());
    flush(&app);
    assert_eq!(last_read(&app, &ada, topic.id), Some(3));
    let counters = app.with_conn(|c| User::find(c, ada.id)).unwrap();
    assert_eq!((counters.topics_entered, counters.posts_read_count), (1, 3));

    // Two replies by someone else: unread to ada, and the link leads to the first of them.
    app.reply(&bob, topic.id, "A fourth post.");
    app.reply(&bob, topic.id, "A fifth post.");
    let (_, unread) = reader.get_json("/unread.json").await;
    let listed_topic = entry(&unread, topic.id);
    assert_eq!(listed_topic["last_read_post_number"], 3, "{unread}");
    assert_eq!(listed_topic["unread_posts"], 2, "{unread}");
    let (_, page) = reader.get_text("/unread").await;
    let first_unread = format!("href=\"/t/{}/{}/4\"", topic.slug, topic.id.0);
    assert!(page.contains(&first_unread), "{page}");
    assert!(page.contains("2 unread"), "{page}");
    // The header counts it on every page.
    let (_, latest) = reader.get_text("/latest").await;
    assert!(
        latest.contains("Unread <span class=\"badge\">1</span>"),
        "{latest}"
    );

    // Reading the rest clears it; the counters grow by what was new.
    reader.get_text(&topic.url()).await;
    flush(&app);
    assert_eq!(last_read(&app, &ada, topic.id), Some(5));
    assert!(listed(&reader, "/unread.json").await.is_empty());
    let counters = app.with_conn(|c| User::find(c, ada.id)).unwrap();
    assert_eq!((counters.topics_entered, counters.posts_read_count), (1, 5));

    // A second look at an earlier page does not undo how far she read.
    reader.get_text(&format!("{}/1", topic.url())).await;
    flush(&app);
    assert_eq!(last_read(&app, &ada, topic.id), Some(5));
}

#[actix_web::test]
async fn a_members_own_posts_are_never_unread_or_new_to_them() {
    let app = TestApp::spawn_with(TestApp::unlimited_posting).await;
    let ada = app.signed_in("ada", Role::User).await;
    let bob = app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let hers = app.create_topic(&ada, &general, "A topic ada started herself", 0);
    let theirs = app.create_topic(&bob, &general, "A topic bob started for all", 0);
    // Her own topic is read to its first post the moment it is written.
    assert_eq!(last_read(&app, &ada, hers.id), Some(1));
    assert_eq!(listed(&app.client, "/new.json").await, vec![theirs.id.0]);
    // Replying to bob's topic marks it read through her reply, with no page view.
    app.reply(&bob, theirs.id, "Bob adds a second post.");
    app.reply(&ada, theirs.id, "Ada answers.");
    assert_eq!(last_read(&app, &ada, theirs.id), Some(3));
    assert!(listed(&app.client, "/new.json").await.is_empty());
    assert!(listed(&app.client, "/unread.json").await.is_empty());
}

#[actix_web::test]
async fn dismissing_new_and_unread_empties_each_list_and_nothing_else() {
    let app = TestApp::spawn_with(TestApp::unlimited_posting).await;
    let ada = app.signed_in("ada", Role::User).await;
    let bob = app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let opened = app.create_topic(&bob, &general, "A topic ada has opened", 1);
    let fresh = app.create_topic(&bob, &general, "A topic ada has not opened", 0);
    app.client.get_text(&opened.url()).await;
    flush(&app);
    app.reply(&bob, opened.id, "Something ada has not read.");
    assert_eq!(listed(&app.client, "/new.json").await, vec![fresh.id.0]);
    assert_eq!(listed(&app.client, "/unread.json").await, vec![opened.id.0]);

    // The page's button (a plain form) dismisses new topics only.
    let (_, page) = app.client.get_text("/new").await;
    assert!(page.contains("action=\"/topics/reset-new\""), "{page}");
    let response = app.client.post_form("/topics/reset-new", &[]).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), "/new");
    assert!(listed(&app.client, "/new.json").await.is_empty());
    assert_eq!(listed(&app.client, "/unread.json").await, vec![opened.id.0]);
    let (_, page) = app.client.get_text("/new").await;
    assert!(page.contains("you are up to date"), "{page}");

    // A topic started after the dismissal is new again.
    let later = app.create_topic(&bob, &general, "A topic started after dismissing", 0);
    assert_eq!(listed(&app.client, "/new.json").await, vec![later.id.0]);

    // Discourse's JSON call dismisses unread topics.
    let key = app.api_key(&ada);
    let response = app
        .client
        .api(
            reqwest::Method::PUT,
            "/topics/dismiss-unread.json",
            &key,
            "ada",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["success"], "OK");
    assert!(listed(&app.client, "/unread.json").await.is_empty());
    assert_eq!(last_read(&app, &ada, opened.id), Some(3));
    assert_eq!(listed(&app.client, "/new.json").await, vec![later.id.0]);
}

#[actix_web::test]
async fn the_lists_are_for_members_only() {
    let app = TestApp::spawn().await;
    for path in ["/new.json", "/unread.json"] {
        let (status, _) = app.client.get_json(path).await;
        assert_eq!(status, 401, "{path}");
    }
    let response = app
        .client
        .raw()
        .put(format!("{}/topics/reset-new.json", app.base))
        .send()
        .await
        .unwrap();
    assert!(
        [401, 403].contains(&response.status().as_u16()),
        "{}",
        response.status()
    );
}

#[actix_web::test]
async fn views_count_once_per_viewer_also_when_the_page_cache_answers() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let topic = app.create_topic(&bob, &general, "A topic that people view", 0);
    assert_eq!(views(&app, topic.id), 0);

    // One visitor (one address) three times: the second and third come from the page cache.
    let visitor = app.new_client();
    for _ in 0..3 {
        let (status, _) = visitor.get_text(&topic.url()).await;
        assert_eq!(status, 200);
    }
    // Two members, one of them twice and once through the JSON.
    let ada_client = app.new_client();
    app.log_in(&ada_client, "ada").await;
    ada_client.get_text(&topic.url()).await;
    ada_client
        .get_json(&format!("/t/{}.json", topic.id.0))
        .await;
    let bob_client = app.new_client();
    app.log_in(&bob_client, "bob").await;
    bob_client.get_text(&topic.url()).await;
    assert_eq!(views(&app, topic.id), 0, "nothing is written per request");
    flush(&app);
    assert_eq!(views(&app, topic.id), 3);

    // Lists and the topic's JSON show it.
    let (_, json) = app
        .new_client()
        .get_json(&format!("/t/{}.json", topic.id.0))
        .await;
    assert_eq!(json["views"], 3, "{json}");
    let (_, latest) = app.new_client().get_json("/latest.json").await;
    assert_eq!(entry(&latest, topic.id)["views"], 3, "{latest}");
    let _ = ada;
}

#[actix_web::test]
async fn views_of_a_topic_deleted_before_the_write_are_passed_over() {
    let app = TestApp::spawn().await;
    let admin = app.create_user("admin", Role::Admin);
    app.create_user("ada", Role::User);
    let general = app.create_category("General", false, None);
    let kept = app.create_topic(&admin, &general, "A topic that stays", 0);
    let doomed = app.create_topic(&admin, &general, "A topic that goes", 0);
    let reader = app.new_client();
    app.log_in(&reader, "ada").await;
    reader.get_text(&kept.url()).await;
    reader.get_text(&doomed.url()).await;
    // Gone for good (not soft-deleted) between the view and the write.
    app.with_conn(|c| {
        use convene::db::schema::{posts, topics};
        use diesel::prelude::*;
        diesel::delete(posts::table.filter(posts::topic_id.eq(doomed.id)))
            .execute(c)
            .unwrap();
        diesel::delete(topics::table.find(doomed.id))
            .execute(c)
            .unwrap();
    });
    flush(&app);
    assert_eq!(views(&app, kept.id), 1);
    let ada = app
        .with_conn(|c| User::find_by_username(c, "ada"))
        .unwrap()
        .unwrap();
    assert_eq!(last_read(&app, &ada, kept.id), Some(1));
    assert_eq!(ada.topics_entered, 1);
}

#[actix_web::test]
async fn a_new_member_who_has_read_enough_is_promoted() {
    let app = TestApp::spawn_with(|c| {
        TestApp::unlimited_posting(c);
        c.moderation.promote_after_posts = 0;
        c.moderation.promote_after_topics_entered = 2;
        c.moderation.promote_after_posts_read = 5;
        c.moderation.promote_after_days = 0;
    })
    .await;
    let admin = app.create_user("admin", Role::Admin);
    let newcomer = app.create_user("newcomer", Role::User);
    let operator = convene::auth::Guardian::for_user(&admin);
    app.write(|tx| {
        convene::services::moderation::set_trust_level(tx, &operator, newcomer.id, 0, false)
    });
    let general = app.create_category("General", false, None);
    let first = app.create_topic(&admin, &general, "A first topic to read", 2);
    let second = app.create_topic(&admin, &general, "A second topic to read", 0);
    let reader = app.new_client();
    app.log_in(&reader, "newcomer").await;
    reader.get_text(&first.url()).await;
    reader.get_text(&second.url()).await;
    flush(&app);
    let trust = |app: &TestApp| app.with_conn(|c| User::find(c, newcomer.id)).unwrap();
    // Two topics, four posts: one post short.
    assert_eq!(trust(&app).trust_level, 0);
    app.reply(&admin, second.id, "One more post to read.");
    reader.get_text(&second.url()).await;
    flush(&app);
    assert_eq!(trust(&app).trust_level, 1);
    let logged = app.with_conn(|c| {
        use convene::db::schema::staff_action_logs as log;
        use diesel::prelude::*;
        log::table
            .filter(log::target_user_id.eq(newcomer.id))
            .select(log::reason)
            .load::<Option<String>>(c)
            .unwrap()
    });
    assert!(
        logged
            .iter()
            .flatten()
            .any(|reason| reason.contains("read 5 posts in 2 topics")),
        "{logged:?}"
    );
    let _: UserId = newcomer.id;
}
