//! In-app notifications end to end: who is notified of a new post (replied to, quoted,
//! mentioned, watching), what muting and a topic's own level change, the header's unread
//! count, `/notifications` as a page and as Discourse's JSON, marking read by form, by API and
//! by reading the topic, and choosing a watching level on topic and category pages.

use convene::auth::Guardian;
use convene::models::ids::{TopicId, UserId};
use convene::models::notification::{Kind, Notification};
use convene::models::post::{Body, ReplyInput};
use convene::models::role::Role;
use convene::models::user::User;
use reqwest::Method;
use serde_json::json;

use crate::support::{TestApp, body_of, location};

/// Replies `raw` to post `to` of `topic` as `author`, through the post service.
fn answer(app: &TestApp, author: &User, topic: TopicId, to: Option<i32>, raw: &str) {
    let reply = ReplyInput {
        topic,
        body: Body::new(raw.to_owned(), 10_000).expect("valid reply"),
        reply_to: to,
    };
    let cooked = convene::markdown::cook(raw);
    let guardian = Guardian::for_user(author);
    app.write(|tx| convene::services::post::reply(tx, &guardian, &reply, &cooked));
}

/// An API answer's status and JSON body.
async fn json_of(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// `user`'s notifications, newest first, as (kind, topic, post number, read).
fn notified(app: &TestApp, user: UserId) -> Vec<(Kind, Option<TopicId>, Option<i32>, bool)> {
    app.with_conn(|conn| Notification::for_user(conn, user, 0, 100))
        .expect("notifications")
        .into_iter()
        .map(|l| {
            let n = l.notification;
            (n.kind(), n.topic_id, n.post_number, n.read)
        })
        .collect()
}

/// Sets `user`'s level for a topic or category through the web form, as they would.
async fn choose(client: &crate::support::Client, action: &str, level: i32) -> String {
    let response = client
        .post_form(action, &[("notification_level", &level.to_string())])
        .await;
    assert_eq!(response.status().as_u16(), 303, "{action} saves the level");
    location(&response)
}

#[actix_web::test]
async fn replies_quotes_and_mentions_notify_once_each_with_the_most_specific_reason() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let cyd = app.create_user("cyd", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Broadcasting rules", 0);

    // A reply to ada's first post notifies her; nobody else is involved.
    answer(
        &app,
        &bob,
        topic.id,
        Some(1),
        "I think the rules are clear.",
    );
    assert_eq!(
        notified(&app, ada.id),
        vec![(Kind::Replied, Some(topic.id), Some(2), false)]
    );
    // A reply that also mentions her counts once, as the mention.
    answer(
        &app,
        &bob,
        topic.id,
        Some(1),
        "@ada, see also `np.newaxis`.",
    );
    assert_eq!(notified(&app, ada.id)[0].0, Kind::Mentioned);
    assert_eq!(notified(&app, ada.id).len(), 2);
    // A quote of bob notifies bob; a mention of cyd would notify cyd; nobody is told of their own post.
    answer(
        &app,
        &cyd,
        topic.id,
        None,
        "> **@bob** wrote:\n> the rules are clear\n\nNot to me. @cyd is me, @nobody is no one.",
    );
    assert_eq!(notified(&app, bob.id)[0].0, Kind::Quoted);
    assert!(notified(&app, cyd.id).is_empty(), "cyd mentioned herself");
    // ada started the topic, so she watches it: cy's post reaches her as "posted".
    assert_eq!(
        notified(&app, ada.id)[0],
        (Kind::Posted, Some(topic.id), Some(4), false)
    );
}

#[actix_web::test]
async fn watching_levels_decide_who_hears_of_new_posts_and_muting_silences_everything() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let watcher = app.create_user("watcher", Role::User);
    let first_posts = app.create_user("first_posts", Role::User);
    let muter = app.create_user("muter", Role::User);
    let category = app.create_category("SPECs", false, None);
    let other = app.create_category("Elsewhere", false, None);

    let client = |name: &str| {
        let client = app.new_client();
        (client, name.to_owned())
    };
    let (watcher_client, _) = client("watcher");
    let (first_client, _) = client("first_posts");
    let (muter_client, _) = client("muter");
    app.log_in(&watcher_client, "watcher").await;
    app.log_in(&first_client, "first_posts").await;
    app.log_in(&muter_client, "muter").await;
    let action = format!("/category/{}/notifications", category.id);
    assert_eq!(choose(&watcher_client, &action, 3).await, category.url());
    choose(&first_client, &action, 4).await;
    choose(&muter_client, &action, 0).await;

    // A new topic: the watcher hears of it as a post, "first post" as a new topic, the muter
    // not at all even when mentioned; a topic elsewhere reaches none of them.
    let topic = app.create_topic(&ada, &category, "SPEC 9: typing", 0);
    app.create_topic(&ada, &other, "Unrelated", 0);
    answer(&app, &ada, topic.id, None, "Thoughts, @muter?");
    assert_eq!(
        notified(&app, watcher.id)
            .iter()
            .map(|n| (n.0, n.2))
            .collect::<Vec<_>>(),
        vec![(Kind::Posted, Some(2)), (Kind::Posted, Some(1))]
    );
    assert_eq!(
        notified(&app, first_posts.id),
        vec![(Kind::WatchingFirstPost, Some(topic.id), Some(1), false)]
    );
    assert!(notified(&app, muter.id).is_empty(), "muted means never");

    // A topic's own level overrides its category's: the watcher sets this topic to normal
    // and stops hearing of its posts; the muter watches it and starts.
    let topic_action = format!("/t/{}/notifications", topic.id);
    assert_eq!(choose(&watcher_client, &topic_action, 1).await, topic.url());
    choose(&muter_client, &topic_action, 3).await;
    answer(&app, &ada, topic.id, None, "A third post.");
    assert_eq!(notified(&app, watcher.id).len(), 2, "normal: not told");
    assert_eq!(notified(&app, muter.id)[0].0, Kind::Posted);

    // The pages show the level chosen, as the selected option.
    let (_, page) = muter_client.get_text(&topic.url()).await;
    assert!(
        page.contains(r#"<option value="3" selected>Watching"#),
        "topic page shows watching: {page}"
    );
    let (_, page) = first_client.get_text(&category.url()).await;
    assert!(page.contains(r#"<option value="4" selected>Watching first post"#));
}

#[actix_web::test]
async fn bad_watching_levels_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.signed_in("ada", Role::User).await;
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "A topic to follow", 0);
    let action = format!("/t/{}/notifications", topic.id);
    for level in ["4", "7", "-1", ""] {
        let response = app
            .client
            .post_form(&action, &[("notification_level", level)])
            .await;
        let body = body_of(response, 422).await;
        assert!(
            body.contains("Choose a notification level"),
            "{level}: {body}"
        );
    }
    let response = app
        .client
        .post_form(&action, &[("notification_level", "watching")])
        .await;
    let body = body_of(response, 400).await;
    assert!(body.contains("is not a whole number"), "{body}");
    let response = app
        .client
        .post_form("/t/999999/notifications", &[("notification_level", "3")])
        .await;
    body_of(response, 404).await;
    // Starting the topic made her watch it; nothing above changed that.
    let level =
        app.with_conn(|conn| convene::models::watching::TopicWatch::level(conn, ada.id, topic.id));
    assert_eq!(
        level.expect("level"),
        Some(convene::models::watching::Level::Watching)
    );
    // Not signed in: no level to set.
    let response = app
        .new_client()
        .post_form(&action, &[("notification_level", "3")])
        .await;
    assert_ne!(response.status().as_u16(), 303);
}

#[actix_web::test]
async fn the_header_counts_unread_and_the_page_marks_them_read() {
    let app = TestApp::spawn().await;
    let ada = app.signed_in("ada", Role::User).await;
    let bob = app.create_user("bob", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Arrays of structs", 0);
    let (_, page) = app.client.get_text("/latest").await;
    assert!(!page.contains("unread</span>"), "nothing unread yet");

    answer(&app, &bob, topic.id, Some(1), "Use a structured dtype.");
    answer(&app, &bob, topic.id, Some(1), "@ada or a record array.");
    let (_, page) = app.client.get_text("/latest").await;
    assert!(
        page.contains(
            r#"<span class="badge">2</span><span class="visually-hidden"> unread</span>"#
        ),
        "header counts 2: {page}"
    );

    let (status, page) = app.client.get_text("/notifications").await;
    assert_eq!(status, 200);
    assert!(page.contains("2 unread."));
    assert!(page.contains("mentioned you in"));
    assert!(page.contains("replied to you in"));
    assert!(
        page.contains(&format!("{}/3", topic.url())),
        "links to the post"
    );

    // Mark one read by its form, then the rest with "mark all".
    let newest = notified(&app, ada.id);
    let id = app
        .with_conn(|conn| Notification::for_user(conn, ada.id, 0, 1))
        .expect("list")[0]
        .notification
        .id;
    let response = app
        .client
        .post_form("/notifications/mark-read", &[("id", &id.to_string())])
        .await;
    assert_eq!(location(&response), "/notifications");
    let after = notified(&app, ada.id);
    assert!(
        after[0].3 && !after[1].3,
        "only the one: {newest:?} → {after:?}"
    );
    let (_, page) = app.client.get_text("/notifications").await;
    assert!(page.contains("1 unread."));

    // Someone else's notification, or none at all: 404, nothing changes.
    let response = app
        .client
        .post_form("/notifications/mark-read", &[("id", "999999")])
        .await;
    body_of(response, 404).await;
    let response = app.client.post_form("/notifications/mark-read", &[]).await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(notified(&app, ada.id).iter().all(|n| n.3));
    let (_, page) = app.client.get_text("/latest").await;
    assert!(!page.contains("unread</span>"), "all read: {page}");

    // Not signed in: the page asks to log in.
    let response = app.new_client().get("/notifications").await;
    assert_ne!(response.status().as_u16(), 200);
}

#[actix_web::test]
async fn reading_the_topic_marks_its_notifications_read() {
    let app = TestApp::spawn().await;
    let ada = app.signed_in("ada", Role::User).await;
    let bob = app.create_user("bob", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Where do I start?", 0);
    let elsewhere = app.create_topic(&ada, &category, "Another question", 0);
    answer(&app, &bob, topic.id, Some(1), "Start with the tutorial.");
    answer(&app, &bob, elsewhere.id, Some(1), "Unrelated answer.");

    let (status, _) = app.client.get_text(&topic.url()).await;
    assert_eq!(status, 200);
    // The write runs beside the request: wait for it, briefly.
    let mut read = Vec::new();
    for _ in 0..100 {
        read = notified(&app, ada.id);
        if read.iter().any(|n| n.3) {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let in_topic = |t: TopicId| read.iter().find(|n| n.1 == Some(t)).expect("one").3;
    assert!(
        in_topic(topic.id),
        "the topic read was marked read: {read:?}"
    );
    assert!(!in_topic(elsewhere.id), "the other topic's stays unread");
}

#[actix_web::test]
async fn notifications_json_is_discourses_and_the_api_marks_read_and_watches() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Broadcasting", 0);
    answer(&app, &bob, topic.id, Some(1), "An answer.");
    let key = app.api_key(&ada);

    let (status, body) = app
        .client
        .api(Method::GET, "/notifications.json", &key, "ada")
        .send()
        .await
        .map(json_of)
        .expect("request")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total_rows_notifications"], 1);
    let first = &body["notifications"][0];
    assert_eq!(first["notification_type"], 2);
    assert_eq!(first["read"], false);
    assert_eq!(first["topic_id"], topic.id.0);
    assert_eq!(first["post_number"], 2);
    assert_eq!(first["slug"], topic.slug.as_str());
    assert_eq!(first["user_id"], ada.id.0);
    assert_eq!(first["data"]["display_username"], "bob");
    assert_eq!(first["data"]["topic_title"], "Broadcasting");
    assert!(
        body["load_more_notifications"]
            .as_str()
            .expect("text")
            .starts_with("/notifications?offset=30")
    );

    let (status, answer_body) = app
        .client
        .api(Method::PUT, "/notifications/mark-read.json", &key, "ada")
        .json(&json!({}))
        .send()
        .await
        .map(json_of)
        .expect("request")
        .await;
    assert_eq!((status, answer_body), (200, json!({"success": "OK"})));
    assert!(notified(&app, ada.id).iter().all(|n| n.3));

    let (status, answer_body) = app
        .client
        .api(
            Method::POST,
            &format!("/t/{}/notifications.json", topic.id),
            &key,
            "ada",
        )
        .json(&json!({"notification_level": "0"}))
        .send()
        .await
        .map(json_of)
        .expect("request")
        .await;
    assert_eq!((status, answer_body), (200, json!({"success": "OK"})));
    let (_, topic_json) = app
        .client
        .api(Method::GET, &format!("/t/{}.json", topic.id), &key, "ada")
        .send()
        .await
        .map(json_of)
        .expect("request")
        .await;
    assert_eq!(topic_json["details"]["notification_level"], 0);
    // Muted: bob's next reply to her reaches nobody.
    answer(&app, &bob, topic.id, Some(1), "Another answer.");
    assert_eq!(notified(&app, ada.id).len(), 1);
}

#[actix_web::test]
async fn likes_tell_the_author_once_per_post_renewed_by_each_like_and_taken_back_with_the_last() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let carol = app.create_user("carol", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Masked arrays", 0);
    answer(&app, &bob, topic.id, Some(1), "Replying to ada.");
    let first = app
        .with_conn(|c| convene::models::post::Post::find_by_number(c, topic.id, 1))
        .unwrap()
        .unwrap();
    let like = |who: &User| {
        let guardian = Guardian::for_user(who);
        app.write(|tx| convene::services::likes::like(tx, &guardian, first.id));
    };
    let unlike = |who: &User| {
        let guardian = Guardian::for_user(who);
        app.write(|tx| convene::services::likes::unlike(tx, &guardian, first.id, 10));
    };
    let liked = |app: &TestApp| -> Vec<Notification> {
        app.with_conn(|conn| Notification::for_user(conn, ada.id, 0, 100))
            .unwrap()
            .into_iter()
            .map(|l| l.notification)
            .filter(|n| n.kind() == Kind::Liked)
            .collect()
    };

    // The reply to ada's post and the like of it are two notifications about one post.
    like(&bob);
    assert_eq!(
        notified(&app, ada.id).len(),
        2,
        "{:?}",
        notified(&app, ada.id)
    );
    let once = liked(&app);
    assert_eq!(once.len(), 1);
    assert_eq!(once[0].actor_id, Some(bob.id));
    assert_eq!(once[0].notification_type, 5, "Discourse's liked");

    // Read, then liked again: the same notification, unread again, naming the newest liker.
    let client = app.new_client();
    app.log_in(&client, "ada").await;
    let (_, page) = client.get_text("/notifications").await;
    assert!(page.contains("liked your post in"), "{page}");
    client.post_form("/notifications/mark-read", &[]).await;
    like(&carol);
    let renewed = liked(&app);
    assert_eq!(renewed.len(), 1);
    assert_eq!(renewed[0].id, once[0].id);
    assert_eq!(renewed[0].actor_id, Some(carol.id));
    assert!(!renewed[0].read);

    // Taking back one like of two leaves it; taking back the last withdraws it unread.
    unlike(&carol);
    assert_eq!(liked(&app).len(), 1);
    unlike(&bob);
    assert!(liked(&app).is_empty());
    assert_eq!(notified(&app, ada.id).len(), 1, "the reply's stays");
}

#[actix_web::test]
async fn a_solution_tells_its_author_and_a_new_one_takes_the_old_notice_back() {
    let app = TestApp::spawn().await;
    let asker = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let carol = app.create_user("carol", Role::User);
    let qa = app.create_question_category("Q&A");
    let question = app.create_topic(&asker, &qa, "How do I read NetCDF lazily?", 0);
    answer(&app, &bob, question.id, None, "Use xarray.");
    answer(&app, &carol, question.id, None, "Use netCDF4.");
    answer(&app, &asker, question.id, None, "Found it myself.");
    let reply = |n: i32| {
        app.with_conn(|c| convene::models::post::Post::find_by_number(c, question.id, n))
            .unwrap()
            .unwrap()
            .id
    };
    let (by_bob, by_carol, by_asker) = (reply(2), reply(3), reply(4));
    let guardian = Guardian::for_user(&asker);
    let solved = |who: UserId| -> Vec<(Option<i32>, bool)> {
        app.with_conn(|conn| Notification::for_user(conn, who, 0, 100))
            .unwrap()
            .into_iter()
            .map(|l| l.notification)
            .filter(|n| n.kind() == Kind::SolutionAccepted)
            .map(|n| (n.post_number, n.read))
            .collect()
    };
    app.write(|tx| convene::services::solutions::accept(tx, &guardian, by_bob));
    assert_eq!(solved(bob.id), [(Some(2), false)]);

    // As Discourse's Solved plugin sends it: the custom type with its message.
    let (_, json) = app
        .api_as(Method::GET, "/notifications.json", "bob", json!(null))
        .await;
    let notice = json["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["data"]["message"] == "solved.accepted_notification")
        .unwrap_or_else(|| panic!("{json}"))
        .clone();
    assert_eq!(notice["notification_type"], 14);
    assert_eq!(notice["data"]["display_username"], "ada");
    let client = app.new_client();
    app.log_in(&client, "bob").await;
    let (_, page) = client.get_text("/notifications").await;
    assert!(page.contains("accepted your answer in"), "{page}");

    // Another reply marked instead: bob's unread notice goes, carol's comes; the asker's own
    // reply tells no one.
    app.write(|tx| convene::services::solutions::accept(tx, &guardian, by_carol));
    assert!(solved(bob.id).is_empty());
    assert_eq!(solved(carol.id), [(Some(3), false)]);
    app.write(|tx| convene::services::solutions::accept(tx, &guardian, by_asker));
    assert!(solved(asker.id).is_empty());
}

#[actix_web::test]
async fn a_bookmark_reminder_becomes_a_notification_once_per_reminder_time() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&bob, &category, "Sparse matrices", 2);
    let post = app
        .with_conn(|c| convene::models::post::Post::find_by_number(c, topic.id, 3))
        .unwrap()
        .unwrap();
    let guardian = Guardian::for_user(&ada);
    let soon = convene::services::bookmarks::BookmarkDraft {
        name: "Read this later".into(),
        reminder_at: (convene::db::now() + chrono::Duration::minutes(5))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
    }
    .validate(convene::db::now())
    .unwrap();
    let bookmark =
        app.write(|tx| convene::services::bookmarks::create(tx, &guardian, post.id, &soon));
    let reminders = |app: &TestApp| -> Vec<(Option<i32>, Option<UserId>, bool)> {
        app.with_conn(|conn| Notification::for_user(conn, ada.id, 0, 100))
            .unwrap()
            .into_iter()
            .map(|l| l.notification)
            .filter(|n| n.kind() == Kind::BookmarkReminder)
            .map(|n| (n.post_number, n.actor_id, n.read))
            .collect()
    };

    // Not due yet: the job sends nothing.
    convene::jobs::reminders::remind(&app.state).unwrap();
    assert!(reminders(&app).is_empty());

    // Due (the clock moved past it): one notification, sent once.
    app.with_conn(|conn| {
        use convene::db::schema::bookmarks;
        use diesel::prelude::*;
        diesel::update(bookmarks::table.find(bookmark.id))
            .set(bookmarks::reminder_at.eq(Some(convene::db::now() - chrono::Duration::minutes(1))))
            .execute(conn)
            .unwrap();
    });
    convene::jobs::reminders::remind(&app.state).unwrap();
    convene::jobs::reminders::remind(&app.state).unwrap();
    assert_eq!(reminders(&app), [(Some(3), None, false)]);
    let client = app.new_client();
    app.log_in(&client, "ada").await;
    let (_, page) = client.get_text("/notifications").await;
    assert!(page.contains("Reminder: your bookmark in"), "{page}");
    assert!(
        page.contains(&format!("{}\"", topic.post_url(3))),
        "links to the post"
    );

    // A new reminder time reminds again when it falls due.
    let later = convene::services::bookmarks::BookmarkDraft {
        name: "Again".into(),
        reminder_at: (convene::db::now() + chrono::Duration::hours(2))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
    }
    .validate(convene::db::now())
    .unwrap();
    app.write(|tx| convene::services::bookmarks::update(tx, &guardian, bookmark.id, &later));
    let stored = app
        .with_conn(|c| convene::models::bookmark::Bookmark::find(c, bookmark.id))
        .unwrap()
        .unwrap();
    assert!(
        stored.reminded_at.is_none(),
        "a moved reminder is sent again"
    );
    let _ = bob;
}
