//! Search, end to end on the backend under test: code-aware matching (the cases issue #10
//! names), every operator, permission and snippet safety, the change feed (edits, renames,
//! moves, closing), the indexer thread, rebuilding, and bad input.

use convene::auth::Guardian;
use convene::models::category::Category;
use convene::models::ids::{PostId, TopicId};
use convene::models::post::{Body, EditInput};
use convene::models::topic::{NewTopicInput, Topic};
use convene::models::user::{Role, User};
use convene::services;
use serde_json::Value;

use crate::support::TestApp;

/// A forum with two people, a category tree, and a helper to start topics with given text.
struct Forum {
    app: TestApp,
    alice: User,
    bob: User,
    help: Category,
    numpy: Category,
}

impl Forum {
    async fn new() -> Forum {
        Forum::with(|_| {}).await
    }

    /// Tests search many times a second as one anonymous client: no limit, unless `adjust`
    /// sets one.
    async fn with(adjust: impl FnOnce(&mut convene::config::Config)) -> Forum {
        let app = TestApp::spawn_with(|config| {
            config.search.anonymous_per_second = 0;
            adjust(config);
        })
        .await;
        let alice = app.create_user("alice", Role::User);
        let bob = app.create_user("bob", Role::User);
        let help = app.create_category("Help", false, None);
        let projects = app.create_category("Projects", false, None);
        let numpy = app.create_category("NumPy", false, Some(&projects));
        Forum {
            app,
            alice,
            bob,
            help,
            numpy,
        }
    }

    /// Starts a topic; returns it and its first post's id.
    fn topic(
        &self,
        author: &User,
        category: &Category,
        title: &str,
        body: &str,
    ) -> (Topic, PostId) {
        let input = NewTopicInput::new(title, Some(category.id), body.to_owned(), 65536)
            .expect("valid topic");
        let cooked = convene::markdown::cook(body);
        let guardian = Guardian::for_user(author);
        let (topic, post) = self
            .app
            .write(|tx| services::topic::create(tx, &guardian, &input, &cooked));
        (topic, post.id)
    }

    /// Replies; returns the reply's id.
    fn reply(&self, author: &User, topic: TopicId, body: &str) -> PostId {
        self.app.reply(author, topic, body);
        self.app.with_conn(|conn| {
            use convene::db::schema::posts;
            use diesel::prelude::*;
            posts::table
                .filter(posts::topic_id.eq(topic))
                .select(posts::id)
                .order(posts::id.desc())
                .first::<PostId>(conn)
                .unwrap()
        })
    }

    /// `/search.json?q=`, after the index caught up: the post ids found, in order.
    async fn found(&self, query: &str) -> Vec<PostId> {
        self.app.index();
        let json = self.search_json(query).await;
        json["grouped_search_result"]["post_ids"]
            .as_array()
            .unwrap_or_else(|| panic!("{query}: {json}"))
            .iter()
            .map(|id| PostId(id.as_i64().unwrap()))
            .collect()
    }

    async fn search_json(&self, query: &str) -> Value {
        let path = format!("/search.json?q={}", urlencode(query));
        let (status, json) = self.app.client.get_json(&path).await;
        assert_eq!(status, 200, "{query}: {json}");
        json
    }
}

fn urlencode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[actix_web::test]
async fn a_dotted_name_finds_itself_first_and_also_its_last_part() {
    let f = Forum::new().await;
    let (_, exact) = f.topic(
        &f.alice,
        &f.help,
        "Decomposing a matrix",
        "I call `np.linalg.svd(a)` on a big matrix.",
    );
    let (_, partial) = f.topic(
        &f.bob,
        &f.help,
        "Fast decompositions",
        "Is svd slow for sparse input?",
    );
    let (_, other) = f.topic(&f.bob, &f.help, "Unrelated", "Plotting with matplotlib.");
    let found = f.found("np.linalg.svd").await;
    assert_eq!(found.first(), Some(&exact), "{found:?}");
    assert!(
        found.contains(&partial),
        "a post saying svd is found too: {found:?}"
    );
    assert!(!found.contains(&other));
    assert_eq!(f.found("linalg.svd").await.first(), Some(&exact));
}

#[actix_web::test]
async fn an_identifier_with_underscores_is_found_whole_and_as_words() {
    let f = Forum::new().await;
    let (_, post) = f.topic(
        &f.alice,
        &f.help,
        "Loading data",
        "Use pd.read_csv(path, dtype=str).",
    );
    f.topic(&f.alice, &f.help, "Reading", "I read a book.");
    assert_eq!(f.found("read_csv").await, vec![post]);
    assert_eq!(f.found("read csv").await, vec![post]);
}

#[actix_web::test]
async fn case_dunder_names_and_code_blocks() {
    let f = Forum::new().await;
    let (_, frame) = f.topic(&f.alice, &f.help, "Frames", "A DataFrame holds columns.");
    let (_, dunder) = f.topic(
        &f.alice,
        &f.help,
        "Protocols",
        "```python\nclass A:\n    def __array_function__(self, func, types, args, kwargs):\n        return NotImplemented\n```",
    );
    assert_eq!(f.found("dataframe").await, vec![frame]);
    assert_eq!(f.found("__array_function__").await, vec![dunder]);
    assert_eq!(
        f.found("NotImplemented").await,
        vec![dunder],
        "text in a fenced block is searchable"
    );
}

#[actix_web::test]
async fn an_error_line_pasted_whole_finds_the_post_that_quotes_it() {
    let f = Forum::new().await;
    let (topic, _) = f.topic(
        &f.alice,
        &f.help,
        "Ragged arrays",
        "How do I build an array from lists?",
    );
    let quoted = f.reply(
        &f.bob,
        topic.id,
        "I get this:\n\n```\nValueError: setting an array element with a sequence.\n```",
    );
    f.topic(
        &f.bob,
        &f.help,
        "Sequences",
        "A sequence of values, setting each element.",
    );
    let found = f
        .found("ValueError: setting an array element with a sequence")
        .await;
    assert_eq!(found, vec![quoted]);
}

#[actix_web::test]
async fn merging_segments_into_one_keeps_every_post_findable() {
    let f = Forum::new().await;
    let mut posts = Vec::new();
    for i in 0..3 {
        let (_, post) = f.topic(
            &f.alice,
            &f.help,
            &format!("Segments {i}"),
            "Each commit writes a segment.",
        );
        posts.push(post);
        // Each catch-up commits what it applied: a segment of its own.
        f.app.index();
    }
    let search = &f.app.state.search;
    assert!(search.segments() >= 3, "{} segments", search.segments());
    let merged = search.merge_segments().unwrap();
    assert!(merged >= 3);
    assert_eq!(search.segments(), 1);
    let mut found = f.found("commit").await;
    found.sort();
    assert_eq!(found, posts);
    // Later writes go on as before.
    let (_, later) = f.topic(&f.bob, &f.help, "After", "A commit after merging.");
    assert!(f.found("commit").await.contains(&later));
}

#[actix_web::test]
async fn common_words_do_not_narrow_unless_alone_or_in_a_phrase() {
    let f = Forum::new().await;
    let (_, terse) = f.topic(&f.alice, &f.help, "Contractions", "How do I use einsum?");
    let (_, wordy) = f.topic(
        &f.bob,
        &f.help,
        "Tensors",
        "It is not clear to me what the einsum path does.",
    );
    // `with` and `the` are left out: the post without them is still found.
    let found = f.found("einsum with the").await;
    assert!(
        found.contains(&terse) && found.contains(&wordy),
        "{found:?}"
    );
    // Alone they are the query, and a phrase keeps them.
    assert_eq!(f.found("is not").await, vec![wordy]);
    assert_eq!(f.found("\"what the einsum\"").await, vec![wordy]);
    assert!(f.found("\"use the einsum\"").await.is_empty());
}

#[actix_web::test]
async fn stems_match_and_exact_forms_rank_first() {
    let f = Forum::new().await;
    let (_, stem_only) = f.topic(&f.alice, &f.help, "One", "Each array has a dtype.");
    let (_, exact) = f.topic(&f.bob, &f.help, "Two", "Many arrays have a dtype.");
    let found = f.found("arrays").await;
    assert_eq!(found, vec![exact, stem_only]);
}

#[actix_web::test]
async fn the_last_word_matches_as_a_prefix() {
    let f = Forum::new().await;
    let (_, post) = f.topic(&f.alice, &f.help, "Speed", "You can vectorize this loop.");
    // Words after the prefix in the dictionary, and identifiers that start with it, are not
    // expansions of it.
    f.topic(
        &f.bob,
        &f.help,
        "Zoo",
        "Zebras are vectors.core.stripes and wombats.",
    );
    assert_eq!(f.found("vectori").await, vec![post]);
    assert_eq!(f.found("loop vectori").await, vec![post]);
    assert!(
        f.found("vectori loop").await.is_empty(),
        "only the last word is a prefix"
    );
}

#[actix_web::test]
async fn titles_rank_above_bodies_and_first_posts_above_replies() {
    let f = Forum::new().await;
    let (body_topic, _) = f.topic(
        &f.alice,
        &f.help,
        "Question",
        "Something about broadcasting here.",
    );
    let reply = f.reply(&f.bob, body_topic.id, "More on broadcasting rules.");
    let (_, titled) = f.topic(
        &f.bob,
        &f.help,
        "Broadcasting explained",
        "Shapes line up from the right.",
    );
    let found = f.found("broadcasting").await;
    assert_eq!(found.first(), Some(&titled), "{found:?}");
    assert_eq!(found.len(), 2, "one result per topic: {found:?}");
    assert!(
        !found.contains(&reply),
        "the first post represents its topic"
    );
}

#[actix_web::test]
async fn people_categories_and_places_narrow_the_search() {
    let f = Forum::new().await;
    let (_, by_alice) = f.topic(
        &f.alice,
        &f.numpy,
        "Ufunc loops",
        "Ufunc dispatch in numpy.",
    );
    let (t, _) = f.topic(&f.bob, &f.help, "Help with ufunc", "How does a ufunc work?");
    let reply = f.reply(&f.alice, t.id, "Every ufunc has loops.");
    assert_eq!(f.found("@bob ufunc").await.len(), 1);
    assert_eq!(f.found("ufunc user:alice").await.len(), 2);
    assert_eq!(f.found("ufunc #numpy").await, vec![by_alice]);
    assert_eq!(
        f.found("ufunc #projects").await,
        vec![by_alice],
        "a parent includes its subcategories"
    );
    assert_eq!(
        f.found("ufunc #=projects").await,
        Vec::<PostId>::new(),
        "= means this category alone"
    );
    assert_eq!(f.found("ufunc #projects:numpy").await, vec![by_alice]);
    assert_eq!(f.found("ufunc category:help").await.len(), 1);
    assert_eq!(f.found("loops in:title").await, vec![by_alice]);
    let first_only = f.found("loops in:first").await;
    assert_eq!(first_only, vec![by_alice]);
    assert!(f.found("loops").await.contains(&reply));
    assert!(
        f.found("ufunc @nobody").await.is_empty(),
        "an unknown user matches nothing"
    );
}

#[actix_web::test]
async fn status_dates_order_phrases_and_exclusions() {
    let f = Forum::new().await;
    let (old, old_post) = f.topic(
        &f.alice,
        &f.help,
        "Old masked arrays",
        "Masked values are tricky.",
    );
    let (_, new_post) = f.topic(
        &f.bob,
        &f.help,
        "New masked arrays",
        "Masked values, fill them.",
    );
    f.app.close_topic(&old);
    f.app.with_conn(|conn| {
        use convene::db::schema::posts;
        use diesel::prelude::*;
        diesel::update(posts::table.filter(posts::id.eq(old_post)))
            .set(
                posts::created_at.eq(chrono::NaiveDate::from_ymd_opt(2020, 5, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()),
            )
            .execute(conn)
            .unwrap();
        // The feed names the post again, as an edit would (this test changed the row by hand).
        diesel::insert_into(convene::db::schema::search_changes::table)
            .values((
                convene::db::schema::search_changes::post_id.eq(Some(old_post.0)),
                convene::db::schema::search_changes::created_at.eq(convene::db::now()),
            ))
            .execute(conn)
            .unwrap();
    });
    assert_eq!(f.found("masked status:closed").await, vec![old_post]);
    assert_eq!(f.found("masked status:open").await, vec![new_post]);
    assert_eq!(f.found("masked before:2021-01-01").await, vec![old_post]);
    assert_eq!(f.found("masked after:2021").await, vec![new_post]);
    assert_eq!(
        f.found("masked order:latest").await,
        vec![new_post, old_post]
    );
    assert_eq!(f.found("\"fill them\"").await, vec![new_post]);
    assert!(
        f.found("\"them fill\"").await.is_empty(),
        "a phrase keeps its order"
    );
    assert_eq!(f.found("masked -tricky").await, vec![new_post]);
    assert!(
        f.found("masked status:solved").await.is_empty(),
        "parsed; Help is not a question category"
    );
    assert!(f.found("masked status:unsolved").await.is_empty());
    assert!(
        f.found("masked in:bookmarks").await.is_empty(),
        "unknown operators are text"
    );
    assert_eq!(
        f.found("MASKED ORDER:LATEST").await,
        vec![new_post, old_post],
        "case-insensitive"
    );
}

#[actix_web::test]
async fn edits_renames_and_moves_reach_the_index_through_the_feed() {
    let f = Forum::new().await;
    let (topic, post) = f.topic(&f.alice, &f.help, "Einsum question", "How do I use einsum?");
    assert_eq!(f.found("einsum").await, vec![post]);
    let input = EditInput {
        post,
        body: Body::new("How do I use tensordot?".into(), 65536).unwrap(),
        reason: None,
        expected_version: 1,
        title: None,
    };
    let cooked = convene::markdown::cook(input.body.as_str());
    let guardian = Guardian::for_user(&f.alice);
    f.app
        .write(|tx| services::post::edit(tx, &guardian, &input, &cooked));
    assert_eq!(
        f.found("tensordot").await,
        vec![post],
        "new words are found"
    );
    assert_eq!(
        f.found("einsum in:first -question").await,
        Vec::<PostId>::new(),
        "old words are gone"
    );
    f.app.write(|tx| {
        services::topic::update(
            tx,
            &Guardian::system(),
            topic.id,
            Some("Contracting tensors"),
            Some(f.numpy.id),
        )
    });
    assert_eq!(f.found("contracting #numpy").await, vec![post]);
    assert!(f.found("einsum").await.is_empty(), "the old title is gone");
    assert!(
        f.found("tensordot #help").await.is_empty(),
        "it left its old category"
    );
}

#[actix_web::test]
async fn snippets_mark_matches_and_show_markup_as_text() {
    let f = Forum::new().await;
    f.topic(
        &f.alice,
        &f.help,
        "Escaping",
        "Why does `<script>alert(1)</script>` print as text in the sanitizer?",
    );
    f.app.index();
    let (status, page) = f.app.client.get_text("/search?q=sanitizer").await;
    assert_eq!(status, 200);
    assert!(page.contains("<mark>sanitizer</mark>"), "{page}");
    assert!(
        page.contains("&lt;script&gt;"),
        "the snippet shows the markup as text"
    );
    assert!(!page.contains("<script>alert"), "never as markup");
    let json = f.search_json("sanitizer").await;
    let blurb = json["posts"][0]["blurb"].as_str().unwrap();
    assert!(
        blurb.contains("<mark>sanitizer</mark>") && blurb.contains("&lt;script&gt;"),
        "{blurb}"
    );
    assert_eq!(json["topics"][0]["title"], "Escaping");
}

#[actix_web::test]
async fn the_page_shows_results_paging_and_the_advanced_form() {
    let f = Forum::with(|c| c.search.results_per_page = 2).await;
    for n in 0..5 {
        f.topic(
            &f.alice,
            &f.help,
            &format!("Strides {n}"),
            "About memory strides.",
        );
    }
    f.app.index();
    // By relevance, ranking stops once the page is certain: past it, topics are not counted.
    let (status, page) = f.app.client.get_text("/search?q=strides").await;
    assert_eq!(status, 200);
    assert!(page.contains("More than 2 topics found"), "{page}");
    assert!(page.contains("Page 1<"), "{page}");
    assert!(page.contains("/search?q=strides&amp;page=2"));
    let (_, second) = f.app.client.get_text("/search?q=strides&page=2").await;
    assert!(second.contains("More than 4 topics found"), "{second}");
    assert!(second.contains("/search?q=strides&amp;page=3"));
    // The last page knows it is the last, and how many there were.
    let (_, third) = f.app.client.get_text("/search?q=strides&page=3").await;
    assert!(third.contains("5 topics found"), "{third}");
    assert!(third.contains("Page 3 of 3"));
    assert!(!third.contains("page=4"));
    let json = f.search_json("strides").await;
    assert_eq!(
        json["grouped_search_result"]["more_full_page_results"],
        true
    );
    // By date every match is looked at, so the count is exact from the first page.
    let (_, latest) = f
        .app
        .client
        .get_text("/search?q=strides%20order%3Alatest")
        .await;
    assert!(latest.contains("5 topics found"), "{latest}");
    assert!(latest.contains("Page 1 of 3"));
    let (status, empty) = f.app.client.get_text("/search").await;
    assert_eq!(status, 200);
    assert!(
        empty.contains("<details class=\"advanced-search\" open"),
        "an empty query opens the advanced form"
    );
    // The advanced form's fields become operators.
    let (_, advanced) = f
        .app
        .client
        .get_text(
            "/search?q=strides&category=help&username=alice&in=title&order=latest&status=open",
        )
        .await;
    assert!(
        advanced.contains("value=\"strides #help @alice status:open in:title order:latest\""),
        "{advanced}"
    );
    assert!(advanced.contains("5 topics found"));
}

#[actix_web::test]
async fn no_results_suggest_a_near_spelling_and_fewer_filters() {
    let f = Forum::new().await;
    f.topic(
        &f.alice,
        &f.help,
        "Interpolation",
        "Use scipy interpolate for this.",
    );
    f.app.index();
    let (_, page) = f.app.client.get_text("/search?q=interpolat3").await;
    assert!(page.contains("No results"), "{page}");
    let (_, page) = f.app.client.get_text("/search?q=interpolote").await;
    assert!(
        page.contains("/search?q=interpolate"),
        "a near spelling: {page}"
    );
    let (_, page) = f
        .app
        .client
        .get_text("/search?q=interpolate%20%23projects")
        .await;
    assert!(page.contains("without #projects"), "{page}");
}

#[actix_web::test]
async fn bad_input_gets_clear_answers_and_changes_nothing() {
    let f = Forum::new().await;
    f.topic(&f.alice, &f.help, "Anything", "Some words.");
    f.app.index();
    let long = "a".repeat(1001);
    let (status, body) = f.app.client.get_text(&format!("/search?q={long}")).await;
    assert_eq!(status, 400);
    assert!(body.contains("at most 1000 characters"), "{body}");
    let (status, body) = f
        .app
        .client
        .get_text(&format!("/u/search/users.json?term={long}"))
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("at most 1000 characters"), "{body}");
    let (status, json) = f
        .app
        .client
        .get_json("/search.json?q=words%20after:soon")
        .await;
    assert_eq!(status, 400);
    let message = json["errors"][0].as_str().unwrap_or_default();
    assert!(
        message.contains("after:soon") && message.contains("YYYY-MM-DD"),
        "{json}"
    );
    let (status, page) = f
        .app
        .client
        .get_text("/search?q=words%20before:2021-13-45")
        .await;
    assert_eq!(status, 400);
    assert!(page.contains("before:2021-13-45 is not a date"));
    let (status, body) = f.app.client.get_text("/search?q=words&page=zero").await;
    assert_eq!(status, 400);
    assert!(body.contains("a whole number from 1 to 1000"), "{body}");
    let many = vec!["word"; 200].join(" ");
    for query in [
        many.as_str(),
        "\"\"\"",
        "-",
        "@",
        "#",
        "in:",
        "status:",
        "order:",
        "🦀 😀",
        "مرحبا بالعالم",
        "a\u{0}b",
        "((((",
        "\\",
        "*",
        "a*",
        "-\"",
        ":::",
        "#a:b:c",
        "@@@",
        "\"unclosed phrase",
    ] {
        let path = format!("/search.json?q={}", urlencode(query));
        let (status, json) = f.app.client.get_json(&path).await;
        assert_eq!(status, 200, "{query:?}: {json}");
    }
    assert_eq!(f.app.counts(), (1, 1));
}

#[actix_web::test]
async fn anonymous_searchers_are_limited_per_second() {
    let f = Forum::with(|c| c.search.anonymous_per_second = 3).await;
    f.app.index();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let response = f.app.client.get("/search.json?q=anything").await;
        statuses.push((
            response.status().as_u16(),
            response.headers().get("retry-after").is_some(),
        ));
    }
    assert_eq!(&statuses[..3], &[(200, false); 3]);
    assert_eq!(statuses[4], (429, true), "{statuses:?}");
    // Completing @-mentions draws on the same allowance.
    let response = f.app.client.get("/u/search/users.json?term=al").await;
    assert_eq!(response.status().as_u16(), 429);
    // Signed-in members are not limited this way.
    let member = f.app.new_client();
    f.app.log_in(&member, "alice").await;
    for _ in 0..5 {
        assert_eq!(
            member
                .get("/search.json?q=anything")
                .await
                .status()
                .as_u16(),
            200
        );
    }
}

#[actix_web::test]
async fn users_are_found_by_the_start_of_their_names() {
    let f = Forum::new().await;
    f.app.create_user("alicia", Role::User);
    let (status, json) = f.app.client.get_json("/u/search/users.json?term=ali").await;
    assert_eq!(status, 200);
    let names: Vec<&str> = json["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["alice", "alicia"]);
    let (_, json) = f.app.client.get_json("/u/search/users.json?term=%25").await;
    assert_eq!(
        json["users"].as_array().unwrap().len(),
        0,
        "% is a character, not a wildcard"
    );
    let json = f.search_json("bob").await;
    assert_eq!(json["users"][0]["username"], "bob");
}

#[actix_web::test]
async fn a_new_topics_preview_lists_similar_topics() {
    let f = Forum::new().await;
    let (existing, _) = f.topic(
        &f.alice,
        &f.help,
        "Memory leak in np.load with mmap_mode",
        "Details.",
    );
    f.app.index();
    f.app.log_in(&f.app.client, "bob").await;
    let response = f
        .app
        .client
        .post_form(
            "/new-topic",
            &[
                ("title", "Leak when loading with mmap"),
                ("category", &f.help.id.0.to_string()),
                ("raw", "Body text here."),
                ("intent", "preview"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("Similar topics"), "{page}");
    assert!(page.contains(&existing.url()));
}

#[actix_web::test]
async fn the_indexer_thread_follows_writes_without_being_asked() {
    let f = Forum::new().await;
    let indexer = convene::search::indexer::Indexer::start(
        f.app.state.search.clone(),
        f.app.db.clone(),
        std::time::Duration::from_secs(60),
    )
    .unwrap();
    // The doorbell wakes it: a one-minute poll would not find the post in time otherwise.
    let (_, post) = f.topic(&f.alice, &f.help, "Doorbell", "Quaternion rotations.");
    let mut found = Vec::new();
    for _ in 0..100 {
        let json = f.search_json("quaternion").await;
        found = json["grouped_search_result"]["post_ids"]
            .as_array()
            .unwrap()
            .clone();
        if !found.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(found, vec![Value::from(post.0)]);
    indexer.stop();
}

#[actix_web::test]
async fn an_index_deleted_or_from_another_version_is_rebuilt_from_the_posts() {
    let f = Forum::new().await;
    let (topic, first) = f.topic(&f.alice, &f.help, "Rebuilding", "Chebyshev polynomials.");
    f.reply(&f.bob, topic.id, "Legendre polynomials too.");
    f.app.index();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    // A fresh index rebuilds everything, in a few steps, reporting progress.
    let index = convene::search::SearchIndex::open(&path).unwrap();
    assert!(index.progress().rebuilding.is_some());
    let mut reports = Vec::new();
    index.catch_up(&f.app.db, |p| reports.push(p)).unwrap();
    assert_eq!(index.documents(), 2);
    assert!(index.progress().rebuilding.is_none());
    assert_eq!(
        reports.last().map(|p| p.rebuilding),
        Some(None),
        "{reports:?}"
    );
    let parsed = convene::search::query::parse("polynomials", chrono::Utc::now().date_naive());
    let request = convene::search::Request {
        parsed: &parsed,
        user: None,
        categories: None,
        topics: None,
        excluded_topics: Vec::new(),
        offset: 0,
        limit: 10,
    };
    let found = index.find(&request).unwrap();
    assert_eq!(found.total, convene::search::Total::Exactly(1));
    assert_eq!(found.hits[0].post_id, first.0);
    drop(index);
    // Reopened, it is current: nothing to rebuild.
    let index = convene::search::SearchIndex::open(&path).unwrap();
    assert!(index.progress().rebuilding.is_none());
    assert_eq!(index.documents(), 2);
    drop(index);
    // An index written by another version is replaced.
    let meta = path.join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let this_version = format!("\\\"version\\\":{}", convene::search::schema::VERSION);
    assert!(text.contains(&this_version), "{text}");
    std::fs::write(&meta, text.replace(&this_version, "\\\"version\\\":0")).unwrap();
    let index = convene::search::SearchIndex::open(&path).unwrap();
    assert!(
        index.progress().rebuilding.is_some(),
        "another version is rebuilt"
    );
    index.catch_up(&f.app.db, |_| {}).unwrap();
    assert_eq!(index.documents(), 2);
    drop(index);
    // So is one that cannot be read.
    std::fs::write(&meta, "not json").unwrap();
    let index = convene::search::SearchIndex::open(&path).unwrap();
    index.catch_up(&f.app.db, |_| {}).unwrap();
    assert_eq!(index.documents(), 2);
}

#[actix_web::test]
async fn questions_are_found_solved_or_unsolved_and_posts_by_their_likes() {
    let f = Forum::new().await;
    let qa = f.app.create_question_category("Q&A");
    let carol = f.app.create_user("carol", Role::User);
    let (solved, asked) = f.topic(
        &f.alice,
        &qa,
        "Reading netcdf lazily",
        "How to read netcdf?",
    );
    let (open, open_post) = f.topic(
        &f.bob,
        &qa,
        "Writing netcdf fast",
        "Writing netcdf is slow.",
    );
    let (_, elsewhere) = f.topic(&f.bob, &f.help, "Netcdf in help", "Not a netcdf question.");
    let answer = f.reply(&f.bob, solved.id, "Use xarray for netcdf.");
    let liked = f.reply(&carol, open.id, "netcdf4 has a faster writer.");
    let guardian = Guardian::for_user(&f.alice);
    f.app
        .write(|tx| services::solutions::accept(tx, &guardian, answer));

    // The solution reaches the index through the change feed; only questions are either.
    // A topic is found through its best post (here the question itself).
    assert_eq!(f.found("netcdf status:solved").await, vec![asked]);
    assert_eq!(f.found("xarray status:solved").await, vec![answer]);
    let unsolved = f.found("netcdf status:unsolved").await;
    assert_eq!(unsolved.len(), 1, "{unsolved:?}");
    assert!([open_post, liked].contains(&unsolved[0]), "{unsolved:?}");
    assert!(!f.found("netcdf").await.is_empty());
    assert!(
        f.found("netcdf status:unsolved #help").await.is_empty(),
        "Help holds no questions"
    );

    // Likes rank posts for order:likes, and unliking moves them back.
    let admirers: Vec<User> = (0..2)
        .map(|i| f.app.create_user(&format!("fan{i}"), Role::User))
        .collect();
    for fan in &admirers {
        let guardian = Guardian::for_user(fan);
        f.app
            .write(|tx| services::likes::like(tx, &guardian, liked));
    }
    let by_likes = f.found("netcdf order:likes").await;
    assert_eq!(by_likes.first(), Some(&liked), "{by_likes:?}");
    assert!(by_likes.contains(&elsewhere));
    for fan in &admirers {
        let guardian = Guardian::for_user(fan);
        f.app
            .write(|tx| services::likes::unlike(tx, &guardian, liked, 10));
    }
    let by_likes = f.found("netcdf order:likes").await;
    assert_ne!(by_likes.first(), Some(&liked), "{by_likes:?}");

    // Unmarking the solution makes the question unsolved again.
    f.app
        .write(|tx| services::solutions::unaccept(tx, &guardian, answer));
    assert!(f.found("netcdf status:solved").await.is_empty());
    assert_eq!(f.found("netcdf status:unsolved").await.len(), 2);
}
