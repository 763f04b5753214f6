//! RSS feeds, read back by a feed parser of its own (feed-rs, not the crate that writes
//! them): the latest topics, a category's, a topic's posts, everyone's and one member's; every
//! link absolute, ids stable and Discourse's, dates the posts', what a visitor may not read
//! left out (even when staff ask), each page naming its feed in `<head>`, and unknown things 404.

use convene::auth::Guardian;
use convene::models::post::Post;
use convene::models::topic::Topic;
use convene::models::user::Role;
use convene::services;

use crate::support::TestApp;

/// The feed at `path`, parsed, after checking it is served as RSS.
async fn feed(client: &crate::support::Client, path: &str) -> feed_rs::model::Feed {
    let response = client.get(path).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(kind.starts_with("application/rss+xml"), "{path}: {kind}");
    let body = response.bytes().await.expect("body");
    let parsed =
        feed_rs::parser::parse(body.as_ref()).unwrap_or_else(|e| panic!("{path} is no feed: {e}"));
    assert_eq!(parsed.feed_type, feed_rs::model::FeedType::RSS2, "{path}");
    parsed
}

fn post(app: &TestApp, topic: &Topic, number: i32) -> Post {
    app.with_conn(|c| Post::find_by_number(c, topic.id, number))
        .unwrap()
        .unwrap()
}

fn host(app: &TestApp) -> String {
    app.base
        .trim_start_matches("http://")
        .split(':')
        .next()
        .unwrap()
        .to_owned()
}

#[actix_web::test]
async fn the_latest_topics_feed_carries_each_topic_with_its_first_post() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    app.create_user("bob", Role::User);
    let help = app.create_category("Help", false, None);
    let older = app.create_topic(&ada, &help, "Reading NetCDF lazily", 2);
    let newer = {
        use convene::models::topic::NewTopicInput;
        let raw = "Ask @bob, or see [the guide](/t/reading-netcdf-lazily/1).";
        let input = NewTopicInput::new("Broadcasting two arrays", Some(help.id), raw.into(), 65536)
            .unwrap();
        let guardian = Guardian::for_user(&ada);
        let cooked = convene::markdown::cook(raw);
        app.write(|tx| services::topic::create(tx, &guardian, &input, &cooked))
            .0
    };

    let parsed = feed(&app.client, "/latest.rss").await;
    assert!(
        parsed
            .title
            .as_ref()
            .is_some_and(|t| t.content.ends_with("Latest topics")),
        "{:?}",
        parsed.title
    );
    assert_eq!(parsed.entries.len(), 2);
    let titles: Vec<_> = parsed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles, ["Broadcasting two arrays", "Reading NetCDF lazily"]);
    let entry = &parsed.entries[0];
    assert_eq!(entry.id, format!("{}-topic-{}", host(&app), newer.id.0));
    assert_eq!(entry.links[0].href, format!("{}{}", app.base, newer.url()));
    assert_eq!(
        entry.published.map(|t| t.timestamp()),
        Some(newer.created_at.and_utc().timestamp()),
        "RSS dates are to the second"
    );
    assert_eq!(entry.authors[0].name.as_deref(), Some("ada"));
    assert_eq!(entry.categories[0].term, "Help");
    // The post's own links are absolute, so they work in a reader.
    let html = entry
        .summary
        .as_ref()
        .expect("the first post")
        .content
        .clone();
    assert!(
        html.contains(&format!("href=\"{}/u/bob\"", app.base)),
        "{html}"
    );
    assert!(
        html.contains(&format!("href=\"{}/t/reading-netcdf-lazily/1\"", app.base)),
        "{html}"
    );
    let older_entry = &parsed.entries[1];
    let summary = &older_entry.summary.as_ref().unwrap().content;
    assert!(summary.contains("First post of"), "{summary}");
    assert!(summary.contains("2 replies"), "{summary}");
    let _ = older;

    // The home page and /latest name the feed for readers to find.
    for page in ["/", "/latest"] {
        let (_, html) = app.client.get_text(page).await;
        assert!(
            html.contains(
                "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Latest topics\" href=\"/latest.rss\">"
            ),
            "{page}"
        );
    }
}

#[actix_web::test]
async fn category_topic_and_member_feeds_hold_only_theirs_and_never_what_is_removed() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let moderator = app.create_user("mod", Role::Moderator);
    let projects = app.create_category("Projects", false, None);
    let numpy = app.create_category("NumPy", false, Some(&projects));
    let help = app.create_category("Help", false, None);
    let in_numpy = app.create_topic(&ada, &numpy, "Dtype promotion", 0);
    app.create_topic(&bob, &help, "Plotting help", 0);
    let long = app.create_topic(&ada, &help, "A long discussion", 0);
    app.reply(&bob, long.id, "Bob's first reply.");
    app.reply(&ada, long.id, "Ada answers.");
    app.reply(&bob, long.id, "Bob's deleted reply.");
    let deleted = post(&app, &long, 4);
    let guardian = Guardian::for_user(&moderator);
    app.write(|tx| services::moderation::delete_post(tx, &guardian, deleted.id, None));

    // A category's feed holds its subcategories' topics, and only those.
    let parsed = feed(&app.client, &format!("{}.rss", projects.url())).await;
    let titles: Vec<_> = parsed
        .entries
        .iter()
        .map(|e| e.title.clone().unwrap().content)
        .collect();
    assert_eq!(titles, ["Dtype promotion"]);
    let parsed = feed(&app.client, &format!("/c/{}.rss", numpy.id.0)).await;
    assert_eq!(
        parsed.entries[0].id,
        format!("{}-topic-{}", host(&app), in_numpy.id.0)
    );

    // A topic's feed: its posts newest first, replies titled as replies, the deleted one
    // left out even for a moderator (a feed is a public document).
    let staff = app.new_client();
    app.log_in(&staff, "mod").await;
    for client in [&app.client, &staff] {
        let parsed = feed(client, &format!("{}.rss", long.url())).await;
        let ids: Vec<_> = parsed.entries.iter().map(|e| e.id.clone()).collect();
        let expected: Vec<_> = [3, 2, 1]
            .map(|n| format!("{}-post-{}", host(&app), post(&app, &long, n).id.0))
            .to_vec();
        assert_eq!(ids, expected);
        assert_eq!(
            parsed.entries[0].title.as_ref().unwrap().content,
            "Re: A long discussion"
        );
        assert_eq!(
            parsed.entries[0].links[0].href,
            format!("{}{}", app.base, long.post_url(3))
        );
        let text = &parsed.entries[0].summary.as_ref().unwrap().content;
        assert!(text.contains("Ada answers."), "{text}");
    }
    let short = feed(&app.client, &format!("/t/{}.rss", long.id.0)).await;
    assert_eq!(short.entries.len(), 3);

    // A member's feed: their posts anywhere, newest first; everyone's feed: everyone's.
    let parsed = feed(&app.client, "/u/bob/activity.rss").await;
    let texts: Vec<_> = parsed
        .entries
        .iter()
        .map(|e| e.summary.clone().unwrap().content)
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[0].contains("Bob's first reply."), "{texts:?}");
    assert!(texts[1].contains("Plotting help"), "{texts:?}");
    assert!(
        parsed
            .entries
            .iter()
            .all(|e| e.authors[0].name.as_deref() == Some("bob"))
    );
    let everyone = feed(&app.client, "/posts.rss").await;
    assert_eq!(
        everyone.entries.len(),
        5,
        "three topics and two live replies"
    );
    assert!(
        everyone
            .entries
            .iter()
            .all(|e| !e.id.ends_with(&format!("-post-{}", deleted.id.0)))
    );

    // Pages name their feeds.
    let (_, page) = app.client.get_text(&long.url()).await;
    assert!(
        page.contains(&format!("href=\"{}.rss\"", long.url())),
        "topic page"
    );
    let (_, page) = app.client.get_text(&numpy.url()).await;
    assert!(
        page.contains(&format!("href=\"{}.rss\"", numpy.url())),
        "category page"
    );
    let (_, page) = app.client.get_text("/u/bob").await;
    assert!(page.contains("href=\"/u/bob/activity.rss\""), "profile");

    // Unknown things are 404, and a deleted topic has no feed for anyone.
    for path in ["/c/999.rss", "/t/999.rss", "/u/nobody/activity.rss"] {
        let status = app.client.get(path).await.status().as_u16();
        assert_eq!(status, 404, "{path}");
    }
    let first = post(&app, &in_numpy, 1);
    app.write(|tx| services::moderation::delete_post(tx, &guardian, first.id, None));
    let status = staff
        .get(&format!("/t/{}.rss", in_numpy.id.0))
        .await
        .status();
    assert_eq!(status.as_u16(), 404);
    let _ = bob;
}
