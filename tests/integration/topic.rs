//! Browsing topics, creating them, replying, quoting, and what is refused.

use convene::models::post::Post;
use convene::models::topic::Topic;
use convene::models::user::Role;

use crate::support::{TestApp, body_of, location};

#[actix_web::test]
async fn visitors_browse_the_front_page_categories_topics_and_profiles_without_an_account() {
    let app = TestApp::spawn().await;
    let author = app.create_user("ada", Role::User);
    let numpy = app.create_category("NumPy", false, None);
    let topic = app.create_topic(&author, &numpy, "Broadcasting shapes", 2);
    let (status, front) = app.client.get_text("/").await;
    assert_eq!(status, 200);
    assert!(front.contains("Broadcasting shapes") && front.contains("2 replies"));
    let (status, categories) = app.client.get_text("/categories").await;
    assert_eq!(status, 200);
    assert!(categories.contains("NumPy"));
    let (status, category) = app.client.get_text(&format!("/c/numpy/{}", numpy.id)).await;
    assert_eq!(status, 200);
    assert!(category.contains("Broadcasting shapes"));
    let (status, page) = app
        .client
        .get_text(&format!("/t/{}/{}", topic.slug, topic.id))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("<em>Broadcasting shapes</em>") && page.contains("Reply number 3."));
    assert!(page.contains(&format!(
        "<a href=\"/login?next=/t/{}/{}\">Log in</a> or <a href=\"/signup\">sign up</a> to reply.",
        topic.slug, topic.id
    )));
    let (status, profile) = app.client.get_text("/u/ada").await;
    assert_eq!(status, 200);
    assert!(profile.contains("Broadcasting shapes #3"));
}

#[actix_web::test]
async fn topic_pages_show_twenty_posts_in_order_with_links_to_every_page() {
    let app = TestApp::spawn().await;
    let author = app.create_user("ada", Role::User);
    let category = app.create_category("Q&A", false, None);
    let topic = app.create_topic(&author, &category, "Long thread", 44);
    let base = format!("/t/{}/{}", topic.slug, topic.id);
    let (_, first) = app.client.get_text(&base).await;
    assert_eq!(first.matches("<article class=\"post\"").count(), 20);
    for page in 1..=3 {
        assert!(
            first.contains(&format!("href=\"{base}?page={page}\"")),
            "link to page {page}"
        );
    }
    let (_, third) = app.client.get_text(&format!("{base}?page=3")).await;
    assert_eq!(third.matches("<article class=\"post\"").count(), 5);
    let first_pos = third.find("Reply number 41.").unwrap();
    let last_pos = third.find("Reply number 45.").unwrap();
    assert!(first_pos < last_pos, "posts are in order");
    let (status, _) = app.client.get_text(&format!("{base}?page=4")).await;
    assert_eq!(status, 404);
    let permalink = app.client.get(&format!("{base}/42")).await;
    assert_eq!(permalink.status().as_u16(), 303);
    assert_eq!(location(&permalink), format!("{base}?page=3#post_42"));
}

#[actix_web::test]
async fn two_numbers_after_t_are_a_topic_and_a_post_number_as_in_discourse() {
    let app = TestApp::spawn().await;
    let author = app.create_user("ada", Role::User);
    let category = app.create_category("Q&A", false, None);
    let long = app.create_topic(&author, &category, "Long thread", 44);
    // A title of digits alone would make a slug that reads as a topic id.
    let numeric = app.create_topic(&author, &category, "2024", 0);
    assert_eq!(numeric.slug, "topic");

    let short = app.client.get(&format!("/t/{}/42", long.id)).await;
    assert_eq!(short.status().as_u16(), 303);
    assert_eq!(
        location(&short),
        format!("/t/{}/{}?page=3#post_42", long.slug, long.id)
    );
    let (status, json) = app
        .client
        .get_json(&format!("/t/{}/42.json", long.id))
        .await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(
        json["id"], long.id.0,
        "topic {} itself, not topic 42",
        long.id
    );
    let numbers: Vec<i64> = json["post_stream"]["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["post_number"].as_i64().unwrap())
        .collect();
    assert!(
        numbers.contains(&42),
        "the page holding post 42: {numbers:?}"
    );
    let (status, _) = app
        .client
        .get_json(&format!("/t/{}/99.json", long.id))
        .await;
    assert_eq!(status, 404, "no post 99");
    let (status, _) = app
        .client
        .get_json(&format!("/t/{}/{}/42.json", long.slug, long.id))
        .await;
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn a_signed_in_user_creates_a_topic_and_replies_to_a_post() {
    let app = TestApp::spawn().await;
    let category = app.create_category("SciPy", false, None);
    app.signed_in("ada", Role::User).await;
    let id = category.id.to_string();
    let raw = "Solve with `scipy.optimize`:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n$x^2$";
    let response = app
        .client
        .post_form(
            "/new-topic",
            &[
                ("title", "Minimize with bounds"),
                ("category", &id),
                ("raw", raw),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let topic_path = location(&response);
    assert!(
        topic_path.starts_with("/t/minimize-with-bounds/"),
        "{topic_path}"
    );
    let (_, page) = app.client.get_text(&topic_path).await;
    assert!(
        page.contains("<table>")
            && page.contains("<math>")
            && page.contains("<code>scipy.optimize</code>")
    );

    let topic_id = topic_path.rsplit('/').next().unwrap();
    let reply = app
        .client
        .post_form(&format!("/t/{topic_id}/reply"), &[("raw", "First reply")])
        .await;
    assert_eq!(reply.status().as_u16(), 303);
    assert!(location(&reply).ends_with("#post_2"));
    let answer = app
        .client
        .post_form(
            &format!("/t/{topic_id}/reply"),
            &[
                ("raw", "Answering the first post"),
                ("reply_to_post_number", "1"),
            ],
        )
        .await;
    assert_eq!(answer.status().as_u16(), 303);
    let (_, page) = app.client.get_text(&topic_path).await;
    assert!(
        page.contains("in reply to <a href=\"") && page.contains("@ada #1"),
        "shown as in reply to"
    );
    let topic = app
        .with_conn(|c| Topic::find(c, convene::models::ids::TopicId(topic_id.parse().unwrap())))
        .unwrap();
    assert_eq!((topic.posts_count, topic.highest_post_number), (3, 3));
}

#[actix_web::test]
async fn quoting_a_post_prefills_the_reply_with_an_attributed_quote() {
    let app = TestApp::spawn().await;
    let category = app.create_category("Meta", false, None);
    let author = app.signed_in("ada", Role::User).await;
    let topic = app.create_topic(&author, &category, "Quotes", 0);
    let (status, form) = app
        .client
        .get_text(&format!("/t/{}/reply?quote=1", topic.id))
        .await;
    assert_eq!(status, 200);
    assert!(form.contains("&gt; **@ada** wrote in [#1]"), "{form}");
    assert!(form.contains("name=\"reply_to_post_number\" value=\"1\""));
}

#[actix_web::test]
async fn preview_renders_without_saving_and_flags_images_without_alt_text() {
    let app = TestApp::spawn().await;
    let category = app.create_category("Meta", false, None);
    app.signed_in("ada", Role::User).await;
    let id = category.id.to_string();
    let response = app
        .client
        .post_form(
            "/new-topic",
            &[
                ("title", "Preview"),
                ("category", &id),
                ("raw", "**bold** ![](https://example.org/plot.png)"),
                ("intent", "preview"),
            ],
        )
        .await;
    let body = body_of(response, 200).await;
    assert!(body.contains("<strong>bold</strong>"));
    assert!(body.contains("has no alt text"));
    assert_eq!(app.counts(), (0, 0), "a preview stores nothing");
}

#[actix_web::test]
async fn invalid_new_topics_are_refused_with_reasons_and_store_nothing() {
    let app = TestApp::spawn().await;
    let category = app.create_category("Meta", false, None);
    app.signed_in("ada", Role::User).await;
    let id = category.id.to_string();
    let empty = app
        .client
        .post_form(
            "/new-topic",
            &[("title", "  "), ("category", &id), ("raw", "")],
        )
        .await;
    let body = body_of(empty, 422).await;
    assert!(
        body.contains("The title cannot be empty.") && body.contains("The post cannot be empty.")
    );
    let long_title = "x".repeat(256);
    let long = app
        .client
        .post_form(
            "/new-topic",
            &[("title", &long_title), ("category", &id), ("raw", "body")],
        )
        .await;
    assert!(body_of(long, 422).await.contains("at most 255"));
    let unknown = app
        .client
        .post_form(
            "/new-topic",
            &[("title", "T"), ("category", "999999"), ("raw", "body")],
        )
        .await;
    assert!(
        body_of(unknown, 422)
            .await
            .contains("no category with id 999999")
    );
    let huge = "a".repeat(app.config.posts.max_body_bytes + 1);
    let too_large = app
        .client
        .post_form(
            "/new-topic",
            &[("title", "T"), ("category", &id), ("raw", &huge)],
        )
        .await;
    assert_eq!(too_large.status().as_u16(), 413);
    assert_eq!(app.counts(), (0, 0));
}

#[actix_web::test]
async fn replies_to_closed_topics_and_read_only_categories_are_for_staff_only() {
    let app = TestApp::spawn().await;
    let news = app.create_category("Announcements", true, None);
    let general = app.create_category("General", false, None);
    let staff = app.create_user("mod", Role::Moderator);
    let announcement = app.create_topic(&staff, &news, "Release", 0);
    let closed = app.create_topic(&staff, &general, "Old thread", 0);
    app.close_topic(&closed);
    app.signed_in("ada", Role::User).await;
    for topic in [&announcement, &closed] {
        let r = app
            .client
            .post_form(&format!("/t/{}/reply", topic.id), &[("raw", "me too")])
            .await;
        assert_eq!(r.status().as_u16(), 403);
    }
    let id = news.id.to_string();
    let r = app
        .client
        .post_form(
            "/new-topic",
            &[("title", "Mine"), ("category", &id), ("raw", "body")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(app.counts(), (2, 2));
    let moderator = app.new_client();
    app.log_in(&moderator, "mod").await;
    let r = moderator
        .post_form(
            &format!("/t/{}/reply", announcement.id),
            &[("raw", "Staff note")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
}

#[actix_web::test]
async fn replies_to_missing_places_are_refused() {
    let app = TestApp::spawn().await;
    let category = app.create_category("General", false, None);
    let author = app.signed_in("ada", Role::User).await;
    let topic = app.create_topic(&author, &category, "Thread", 0);
    let missing_topic = app
        .client
        .post_form("/t/987654/reply", &[("raw", "hello")])
        .await;
    assert_eq!(missing_topic.status().as_u16(), 404);
    let missing_post = app
        .client
        .post_form(
            &format!("/t/{}/reply", topic.id),
            &[("raw", "hello"), ("reply_to_post_number", "7")],
        )
        .await;
    assert!(body_of(missing_post, 422).await.contains("no post #7"));
    let garbage = app
        .client
        .post_form(
            &format!("/t/{}/reply", topic.id),
            &[("raw", "hello"), ("reply_to_post_number", "seven")],
        )
        .await;
    assert_eq!(garbage.status().as_u16(), 400);
    assert_eq!(app.with_conn(Post::count).unwrap(), 1);
}

#[actix_web::test]
async fn addresses_with_ids_that_are_not_numbers_are_not_found() {
    let app = TestApp::spawn().await;
    for path in [
        "/t/abc",
        "/t/slug/abc",
        "/c/numpy/x",
        "/posts/abc/edit",
        "/t/99999999999999999999999",
    ] {
        let (status, body) = app.client.get_text(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(
            body.contains("Page not found"),
            "{path} renders the error page"
        );
    }
}

#[actix_web::test]
async fn a_topic_closed_between_the_reply_form_and_the_save_refuses_the_reply() {
    use convene::auth::Guardian;
    use convene::services;
    let app = TestApp::spawn().await;
    let category = app.create_category("General", false, None);
    let ada = app.signed_in("ada", Role::User).await;
    let topic = app.create_topic(&ada, &category, "Open for now", 0);
    // Ada opens the reply form: the topic is open, so she may reply.
    let (status, _) = app.client.get_text(&format!("/t/{}/reply", topic.id)).await;
    assert_eq!(status, 200);

    // A moderator on another node closes the topic, and the closing transaction is still
    // open when Ada's reply arrives: the reply must wait for it and then see the topic closed.
    let other_node = convene::db::Db::connect(&app.db_url(), 1).unwrap();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let topic_id = topic.id;
    let moderator = std::thread::spawn(move || {
        let mut conn = other_node.write_conn().unwrap();
        services::run(&mut conn, |tx| {
            services::topic::update_status(
                tx,
                &Guardian::system(),
                topic_id,
                services::topic::Status::Closed,
                true,
            )?;
            locked_tx.send(()).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(500));
            Ok(())
        })
        .unwrap();
    });
    locked_rx.recv().unwrap();
    let reply = app
        .client
        .post_form(&format!("/t/{}/reply", topic.id), &[("raw", "Sneaking in")])
        .await;
    moderator.join().unwrap();
    let body = body_of(reply, 403).await;
    assert!(body.contains("This topic is closed"), "{body}");
    let stored = app.with_conn(|c| Topic::find(c, topic.id)).unwrap();
    assert!(stored.closed);
    assert_eq!(
        (stored.posts_count, stored.highest_post_number),
        (1, 1),
        "the refused reply left no trace, not even in the counters"
    );
    assert_eq!(app.with_conn(Post::count).unwrap(), 1);
}
