//! Watched words and queued posts over HTTP: admins list words (the page and Discourse's JSON);
//! a blocked word refuses a title, a post or an edit and names the word; a censored word is
//! masked in what readers see (and `rebake` masks old posts); a word that requires approval,
//! and a new member's first posts, wait in the review queue until a moderator approves
//! (published as the author wrote it) or rejects (the author sees the note). Bad input is
//! refused with a clear status and changes nothing. New members' links and images are
//! limited, and they are promoted to trust level 1 after enough published posts.

use convene::models::post::Post;
use convene::models::queued_post::QueuedPost;
use convene::models::reviewable::{QueueFilter, ReviewStatus, Reviewable, ReviewableKind};
use convene::models::staff_log::{LogFilter, StaffAction, StaffLogEntry};
use convene::models::topic::Topic;
use convene::models::user::{Role, User};
use convene::models::watched_word::WatchedWord;
use convene::services;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Client, TestApp, body_of, location};

/// A forum with an admin, a moderator, two members (`ada`, `bob`), a category and a topic by
/// ada with one reply.
struct Forum {
    app: TestApp,
    topic: Topic,
}

async fn forum() -> Forum {
    forum_with(|_| {}).await
}

async fn forum_with(adjust: impl FnOnce(&mut convene::config::Config)) -> Forum {
    let app = TestApp::spawn_with(adjust).await;
    app.create_user("admin", Role::Admin);
    app.create_user("mod", Role::Moderator);
    let ada = app.create_user("ada", Role::User);
    app.create_user("bob", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Reading NetCDF lazily", 1);
    Forum { app, topic }
}

impl Forum {
    async fn client(&self, name: &str) -> Client {
        let client = self.app.new_client();
        self.app.log_in(&client, name).await;
        client
    }

    fn user(&self, name: &str) -> User {
        self.app
            .with_conn(|conn| User::find_by_login(conn, name))
            .unwrap()
            .expect("user")
    }

    fn words(&self) -> Vec<WatchedWord> {
        self.app.with_conn(WatchedWord::all).unwrap()
    }

    fn topic_now(&self) -> Topic {
        self.app
            .with_conn(|conn| Topic::find(conn, self.topic.id))
            .unwrap()
    }

    fn queued(&self, status: Option<ReviewStatus>) -> Vec<Reviewable> {
        let filter = QueueFilter {
            kind: Some(ReviewableKind::QueuedPost),
            status,
            ..QueueFilter::default()
        };
        self.app
            .with_conn(|conn| Reviewable::queue(conn, &filter, 100))
            .unwrap()
    }

    fn log(&self, action: StaffAction) -> Vec<StaffLogEntry> {
        let filter = LogFilter {
            action: Some(action),
            ..LogFilter::default()
        };
        self.app
            .with_conn(|conn| StaffLogEntry::list(conn, &filter, 100))
            .unwrap()
    }

    /// Adds a word as the admin, through the page's form.
    async fn watch(&self, admin: &Client, word: &str, action: &str) {
        let response = admin
            .post_form(
                "/admin/watched_words",
                &[("word", word), ("action_key", action)],
            )
            .await;
        assert_eq!(response.status().as_u16(), 303, "adding {word}");
        assert_eq!(location(&response), "/admin/watched_words");
    }

    /// Sends JSON with an API key for `username`; returns (status, body).
    async fn api(&self, method: Method, path: &str, username: &str, body: Value) -> (u16, Value) {
        self.app.api_as(method, path, username, body).await
    }

    /// Sets `name` back to trust level 0 (new member, not exempt), as a sign-up starts.
    fn make_new_member(&self, name: &str) {
        let id = self.user(name).id;
        self.app.write(|tx| {
            services::moderation::set_trust_level(
                tx,
                &convene::auth::Guardian::system(),
                id,
                0,
                false,
            )
        });
    }

    /// Replies through the form as `client`'s member; returns the status.
    async fn reply_status(&self, client: &Client, raw: &str) -> u16 {
        self.reply(client, raw).await.status().as_u16()
    }

    async fn reply(&self, client: &Client, raw: &str) -> reqwest::Response {
        client
            .post_form(
                &format!("/t/{}/reply", self.topic.id.0),
                &[("raw", raw), ("intent", "submit")],
            )
            .await
    }
}

#[actix_web::test]
async fn admins_list_add_and_remove_words_on_the_page_and_in_json() {
    let f = forum().await;
    let admin = f.client("admin").await;
    f.watch(&admin, "  Casino  ", "block").await;
    f.watch(&admin, "free money", "censor").await;
    let page = body_of(admin.get("/admin/watched_words").await, 200).await;
    assert!(
        page.contains("<code>casino</code>"),
        "stored in lower case: {page}"
    );
    assert!(page.contains("free money"), "{page}");

    let (status, body) = f
        .api(
            Method::GET,
            "/admin/customize/watched_words.json",
            "admin",
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["actions"],
        json!(["block", "require_approval", "censor"])
    );
    let words = body["words"].as_array().unwrap();
    assert_eq!(words.len(), 2);
    assert_eq!(words[0]["word"], "casino");
    assert_eq!(words[0]["action"], "block");
    assert_eq!(words[0]["case_sensitive"], false);

    let (status, body) = f
        .api(
            Method::POST,
            "/admin/customize/watched_words.json",
            "admin",
            json!({"word": "crypto*", "action_key": "require_approval"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["word"], "crypto*");
    let id = body["id"].as_i64().unwrap();
    assert_eq!(f.words().len(), 3);
    assert_eq!(f.log(StaffAction::WatchedWordAdded).len(), 3);

    let (status, body) = f
        .api(
            Method::DELETE,
            &format!("/admin/customize/watched_words/{id}.json"),
            "admin",
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], "OK");
    let removed = f.log(StaffAction::WatchedWordRemoved);
    assert_eq!(removed.len(), 1);
    assert_eq!(
        removed[0].previous_value.as_deref(),
        Some("require_approval: crypto*")
    );
    // The page's remove button.
    let casino = f.words().into_iter().find(|w| w.word == "casino").unwrap();
    let response = admin
        .post_form(&format!("/admin/watched_words/{}/delete", casino.id), &[])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(f.words().len(), 1);
}

#[actix_web::test]
async fn bad_words_are_refused_and_change_nothing() {
    let f = forum().await;
    let admin = f.client("admin").await;
    f.watch(&admin, "casino", "block").await;
    let before = f.words().len();
    for (word, action, status, says) in [
        ("casino", "block", 409, "on the list already"),
        ("   ", "block", 422, ""),
        ("***", "censor", 422, ""),
        ("poker", "explode", 422, ""),
        ("poker", "", 422, ""),
    ] {
        let response = admin
            .post_form(
                "/admin/watched_words",
                &[("word", word), ("action_key", action)],
            )
            .await;
        let page = body_of(response, status).await;
        assert!(page.contains(says), "{word}/{action}: {page}");
        assert!(
            page.contains(r#"value="poker""#) || word != "poker",
            "the form keeps the word"
        );
    }
    let long = "x".repeat(101);
    let (status, body) = f
        .api(
            Method::POST,
            "/admin/customize/watched_words.json",
            "admin",
            json!({"word": long, "action_key": "block"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = f
        .api(
            Method::DELETE,
            "/admin/customize/watched_words/999.json",
            "admin",
            Value::Null,
        )
        .await;
    assert_eq!(status, 404);
    // Moderators and members do not manage the list.
    let (status, _) = f
        .api(
            Method::GET,
            "/admin/customize/watched_words.json",
            "mod",
            Value::Null,
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(f.words().len(), before);
    assert_eq!(f.log(StaffAction::WatchedWordAdded).len(), 1);
}

#[actix_web::test]
async fn a_blocked_word_refuses_titles_posts_and_edits_and_names_the_word() {
    let f = forum().await;
    let admin = f.client("admin").await;
    f.watch(&admin, "casino*", "block").await;
    let ada = f.client("ada").await;
    let posts_before = f.topic_now().posts_count;

    // A reply: refused, the word named, the draft kept.
    let page = body_of(f.reply(&ada, "Try the Casinos downtown!").await, 422).await;
    assert!(page.contains("Your post contains “Casinos”"), "{page}");
    assert!(
        page.contains("Try the Casinos downtown!"),
        "the draft is kept"
    );
    assert_eq!(f.topic_now().posts_count, posts_before);

    // A new topic: the title is checked too.
    let category = f.topic.category_id.0.to_string();
    let response = ada
        .post_form(
            "/new-topic",
            &[
                ("title", "Best casino strategies for NumPy"),
                ("raw", "An innocent body."),
                ("category", category.as_str()),
                ("intent", "submit"),
            ],
        )
        .await;
    let page = body_of(response, 422).await;
    assert!(page.contains("Your title contains “casino”"), "{page}");

    // Through the API, and for staff too: the forum does not publish the word at all.
    let (status, body) = f
        .api(
            Method::POST,
            "/posts.json",
            "mod",
            json!({"topic_id": f.topic.id.0, "raw": "casino night"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["errors"][0].as_str().unwrap().contains("casino"),
        "{body}"
    );

    // An edit that adds it is refused, and the post is as it was.
    let first = f
        .app
        .with_conn(|conn| Post::find_by_number(conn, f.topic.id, 1))
        .unwrap()
        .unwrap();
    let (status, _) = f
        .api(
            Method::PUT,
            &format!("/posts/{}.json", first.id.0),
            "ada",
            json!({"post": {"raw": "Now with casino links"}}),
        )
        .await;
    assert_eq!(status, 422);
    let now = f.app.with_conn(|conn| Post::find(conn, first.id)).unwrap();
    assert_eq!(now.raw, first.raw);
    assert_eq!(now.version, first.version);
    assert_eq!(f.topic_now().posts_count, posts_before);
}

#[actix_web::test]
async fn a_censored_word_is_masked_for_readers_and_rebake_masks_old_posts() {
    let f = forum().await;
    let ada = f.client("ada").await;
    // Written before the word is censored.
    assert_eq!(
        f.reply_status(&ada, "An old post about FREE money.").await,
        303
    );
    let admin = f.client("admin").await;
    f.watch(&admin, "free money", "censor").await;
    let response = f.reply(&ada, "Get free money and `free money` in code, at [free money](https://example.org/free-money).").await;
    assert_eq!(response.status().as_u16(), 303);
    let newest = f
        .app
        .with_conn(|conn| Post::find_by_number(conn, f.topic.id, 4))
        .unwrap()
        .unwrap();
    assert!(
        newest.raw.contains("free money"),
        "the Markdown keeps the words for editing"
    );
    assert!(!newest.cooked.contains("free money"), "{}", newest.cooked);
    assert!(newest.cooked.contains("■■■■■■■■■■"), "{}", newest.cooked);
    assert!(
        newest.cooked.contains("https://example.org/free-money"),
        "links still work: {}",
        newest.cooked
    );
    let page = body_of(ada.get(&format!("/t/{}", f.topic.id.0)).await, 200).await;
    assert!(
        !page.to_lowercase().contains("free money and"),
        "the page masks it"
    );

    // The older post is masked by a rebake.
    let old = |f: &Forum| {
        f.app
            .with_conn(|conn| Post::find_by_number(conn, f.topic.id, 3))
            .unwrap()
            .unwrap()
    };
    assert!(old(&f).cooked.contains("FREE money"));
    services::rebake::everything(&f.app.db, |_| {}).expect("rebake");
    assert!(!old(&f).cooked.contains("FREE money"), "{}", old(&f).cooked);
}

#[actix_web::test]
async fn a_word_that_requires_approval_queues_the_post_until_a_moderator_decides() {
    let f = forum().await;
    let admin = f.client("admin").await;
    f.watch(&admin, "crypto*", "require_approval").await;
    let bob = f.client("bob").await;
    let posts_before = f.topic_now().posts_count;

    // The form: sent to the member's page, which says it waits and why.
    let response = f
        .reply(&bob, "Could we accept cryptocurrency donations?")
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let waiting = location(&response);
    assert!(waiting.starts_with("/my/moderation#queued-"), "{waiting}");
    assert_eq!(
        f.topic_now().posts_count,
        posts_before,
        "nothing published yet"
    );
    let page = body_of(bob.get("/my/moderation").await, 200).await;
    assert!(
        page.contains("It will appear once a moderator approves it"),
        "{page}"
    );
    assert!(
        page.contains("crypto*"),
        "the reason names the word: {page}"
    );
    let topic_page = body_of(bob.get(&format!("/t/{}", f.topic.id.0)).await, 200).await;
    assert!(!topic_page.contains("cryptocurrency donations"));

    // The API answers as Discourse does for a queued post.
    let (status, body) = f
        .api(
            Method::POST,
            "/posts.json",
            "bob",
            json!({"topic_id": f.topic.id.0, "raw": "And crypto grants?"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["action"], "enqueued");
    assert_eq!(body["success"], true);
    assert_eq!(body["pending_count"], 2);
    assert_eq!(body["pending_post"]["raw"], "And crypto grants?");
    // Staff are never queued.
    let (status, body) = f
        .api(
            Method::POST,
            "/posts.json",
            "mod",
            json!({"topic_id": f.topic.id.0, "raw": "Crypto is off-topic here."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["id"].is_i64(), "published: {body}");
    assert_eq!(f.topic_now().posts_count, posts_before + 1);

    // The moderator sees both in the queue with their words, and approves the first.
    let moderator = f.client("mod").await;
    let (status, queue) = f
        .api(
            Method::GET,
            "/review.json?type=queued_post",
            "mod",
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{queue}");
    let items = queue["reviewables"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{queue}");
    assert_eq!(items[0]["type"], "ReviewableQueuedPost");
    let page = body_of(moderator.get("/review").await, 200).await;
    assert!(page.contains("cryptocurrency donations"), "{page}");
    assert!(page.contains("Approve and publish"), "{page}");
    let pending = f.queued(Some(ReviewStatus::Pending));
    // Waiting items come oldest first (all score 0).
    let (first, second) = (pending[0].id.0, pending[1].id.0);
    assert!(first < second);
    let response = moderator
        .post_form(&format!("/review/{first}/perform/approve_post"), &[])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(f.topic_now().posts_count, posts_before + 2);
    let highest = f.topic_now().highest_post_number;
    let published = f
        .app
        .with_conn(|conn| Post::find_by_number(conn, f.topic.id, highest))
        .unwrap()
        .unwrap();
    assert_eq!(published.raw, "Could we accept cryptocurrency donations?");
    assert_eq!(
        published.user_id,
        f.user("bob").id,
        "published as its author"
    );
    let approved = f
        .app
        .with_conn(|c| Reviewable::find(c, pending[0].id))
        .unwrap()
        .unwrap();
    assert_eq!(approved.post_id, Some(published.id));
    assert_eq!(f.log(StaffAction::QueuedPostApproved).len(), 1);
    // Approving again is a clash, and publishes nothing twice.
    let response = moderator
        .post_form(&format!("/review/{first}/perform/approve_post"), &[])
        .await;
    assert_eq!(response.status().as_u16(), 409);
    assert_eq!(f.topic_now().posts_count, posts_before + 2);

    // The second is rejected with a note, which its author reads.
    let (status, body) = f
        .api(
            Method::PUT,
            &format!("/review/{second}/perform/reject_post"),
            "mod",
            json!({"note": "Please ask in the Funding category."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        f.topic_now().posts_count,
        posts_before + 2,
        "nothing published"
    );
    let page = body_of(bob.get("/my/moderation").await, 200).await;
    assert!(
        page.contains("Please ask in the Funding category."),
        "{page}"
    );
    assert!(page.contains("Read it where it was published"), "{page}");
    assert_eq!(f.log(StaffAction::QueuedPostRejected).len(), 1);
    assert!(f.queued(Some(ReviewStatus::Pending)).is_empty());
}

#[actix_web::test]
async fn a_new_members_first_posts_wait_unless_exempt() {
    let f = forum_with(|c| c.moderation.approve_new_member_posts = 1).await;
    let (bob, ada) = (f.user("bob").id, f.user("ada").id);
    f.app.write(|tx| {
        let operator = convene::auth::Guardian::system();
        services::moderation::set_trust_level(tx, &operator, bob, 0, false)?;
        // ada has posted already: her level is 0 but she is exempt.
        services::moderation::set_trust_level(tx, &operator, ada, 0, true)
    });
    let category = f.topic.category_id.0.to_string();
    let bob_client = f.client("bob").await;
    let topics_before = f.app.with_conn(Topic::count).unwrap();
    let response = bob_client
        .post_form(
            "/new-topic",
            &[
                ("title", "My first question about xarray"),
                ("raw", "How do I open many files at once?"),
                ("category", category.as_str()),
                ("intent", "submit"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(location(&response).starts_with("/my/moderation#queued-"));
    assert_eq!(f.app.with_conn(Topic::count).unwrap(), topics_before);
    let page = body_of(bob_client.get("/my/moderation").await, 200).await;
    assert!(page.contains("first posts of new members"), "{page}");
    assert!(page.contains("My first question about xarray"), "{page}");

    // An exempt newcomer publishes at once.
    let ada_client = f.client("ada").await;
    assert!(
        f.reply(&ada_client, "Welcome, and thanks for asking.")
            .await
            .status()
            .is_redirection()
    );
    assert!(f.queued(None).len() == 1, "only bob's post waits");

    // Approved, it becomes a topic; bob's next post is published directly.
    let item = f.queued(Some(ReviewStatus::Pending)).remove(0);
    let queued = f.app.with_conn(|c| QueuedPost::of(c, item.id)).unwrap();
    assert!(queued.is_topic());
    let moderator = f.client("mod").await;
    let response = moderator
        .post_form(&format!("/review/{}/perform/approve_post", item.id.0), &[])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(f.app.with_conn(Topic::count).unwrap(), topics_before + 1);
    let response = f.reply(&bob_client, "A follow-up, published now.").await;
    assert!(
        !location(&response).starts_with("/my/moderation"),
        "{}",
        location(&response)
    );
    assert_eq!(f.queued(Some(ReviewStatus::Pending)).len(), 0);
}

#[actix_web::test]
async fn rejecting_and_silencing_needs_a_note_and_sanctions_the_author() {
    let f = forum_with(|c| c.moderation.approve_new_member_posts = 2).await;
    f.make_new_member("bob");
    let bob_client = f.client("bob").await;
    assert_eq!(
        f.reply_status(&bob_client, "Buy cheap watches at example.com")
            .await,
        303
    );
    let item = f.queued(Some(ReviewStatus::Pending)).remove(0);
    let moderator = f.client("mod").await;
    let path = format!("/review/{}/perform/reject_and_silence", item.id.0);
    let page = body_of(moderator.post_form(&path, &[("days", "7")]).await, 422).await;
    assert!(page.contains("Please say why"), "{page}");
    assert!(f.user("bob").silenced_until.is_none(), "nothing changed");
    let response = moderator
        .post_form(&path, &[("days", "7"), ("note", "Spam.")])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(f.user("bob").silenced_until.is_some());
    assert!(f.queued(Some(ReviewStatus::Rejected)).len() == 1);
}

#[actix_web::test]
async fn a_new_members_links_and_images_are_limited_and_the_limit_names_itself() {
    let f = forum_with(|c| {
        c.moderation.approve_new_member_posts = 0;
        c.moderation.new_member_max_links = 2;
        c.moderation.new_member_max_images = 1;
    })
    .await;
    f.make_new_member("bob");
    let bob_client = f.client("bob").await;
    let posts_before = f.topic_now().posts_count;
    let spammy = "See https://a.example, <https://b.example> and [c](http://c.example).";
    let page = body_of(f.reply(&bob_client, spammy).await, 422).await;
    assert!(page.contains("at most 2 links to other sites"), "{page}");
    assert!(page.contains("this one has 3"), "{page}");
    let images = "![one](https://example.org/1.png) ![two](https://example.org/2.png)";
    let page = body_of(f.reply(&bob_client, images).await, 422).await;
    assert!(page.contains("at most 1 images"), "{page}");
    assert_eq!(
        f.topic_now().posts_count,
        posts_before,
        "nothing was posted"
    );
    // Links within the forum are free, relative or absolute.
    let base = f.app.base.clone();
    let inside =
        format!("Related: [one](/t/1), [two]({base}/t/2), {base}/latest and https://a.example");
    assert_eq!(f.reply_status(&bob_client, &inside).await, 303);
    // A member past the new-member level is not limited.
    let ada = f.client("ada").await;
    assert_eq!(f.reply_status(&ada, spammy).await, 303);
    assert_eq!(f.topic_now().posts_count, posts_before + 2);
}

#[actix_web::test]
async fn a_new_member_is_promoted_after_enough_posts_and_days() {
    let f = forum_with(|c| {
        c.moderation.approve_new_member_posts = 1;
        c.moderation.promote_after_posts = 2;
        c.moderation.promote_after_days = 0;
    })
    .await;
    f.make_new_member("bob");
    let bob_client = f.client("bob").await;
    // The first waits; approved, it is one published post: not yet enough.
    assert_eq!(f.reply_status(&bob_client, "My first reply.").await, 303);
    let item = f.queued(Some(ReviewStatus::Pending)).remove(0);
    let moderator = f.client("mod").await;
    let approved = moderator
        .post_form(&format!("/review/{}/perform/approve_post", item.id.0), &[])
        .await;
    assert_eq!(approved.status().as_u16(), 303);
    assert_eq!(f.user("bob").trust_level, 0);
    // The second is published at once and makes two: promoted in the same write.
    assert_eq!(f.reply_status(&bob_client, "My second reply.").await, 303);
    assert_eq!(f.user("bob").trust_level, 1);
    let logged = f.log(StaffAction::TrustLevelChanged);
    let automatic = logged
        .iter()
        .find(|row| {
            row.acting_username == "system" && row.new_value.as_deref() == Some("1 (basic user)")
        })
        .expect("the promotion is in the staff log");
    assert!(
        automatic
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("2 published posts")
    );
}

#[actix_web::test]
async fn a_brand_new_account_is_not_promoted_before_its_first_day() {
    let f = forum_with(|c| {
        c.moderation.approve_new_member_posts = 0;
        c.moderation.promote_after_posts = 1;
        c.moderation.promote_after_days = 1;
    })
    .await;
    f.make_new_member("bob");
    let bob_client = f.client("bob").await;
    assert_eq!(
        f.reply_status(&bob_client, "A quick first reply.").await,
        303
    );
    assert_eq!(f.user("bob").trust_level, 0, "joined today");
}

#[actix_web::test]
async fn a_censored_word_is_masked_in_titles_when_a_topic_starts_and_when_it_is_renamed() {
    let f = forum().await;
    let admin = f.client("admin").await;
    f.watch(&admin, "free money", "censor").await;
    let ada = f.client("ada").await;
    let category = f.topic.category_id.0.to_string();
    let response = ada
        .post_form(
            "/new-topic",
            &[
                ("title", "Is there FREE MONEY for open-source maintainers?"),
                ("raw", "Asking about grants for our package."),
                ("category", category.as_str()),
                ("intent", "submit"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let started = location(&response);
    let page = body_of(ada.get(&started).await, 200).await;
    assert!(
        page.contains("Is there ■■■■■■■■■■ for open-source maintainers?"),
        "{page}"
    );
    assert!(!page.to_lowercase().contains("free money"), "{page}");
    let latest = body_of(ada.get("/latest.json").await, 200).await;
    assert!(!latest.to_lowercase().contains("free money"), "{latest}");

    // Renaming through the first post's edit, and through the topic's own update.
    let first = f
        .app
        .with_conn(|conn| Post::find_by_number(conn, f.topic.id, 1))
        .unwrap()
        .unwrap();
    let version = first.version.to_string();
    let response = ada
        .post_form(
            &format!("/posts/{}/edit", first.id.0),
            &[
                ("raw", first.raw.as_str()),
                ("version", version.as_str()),
                ("title", "Reading NetCDF for free money"),
                ("intent", "submit"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(f.topic_now().title, "Reading NetCDF for ■■■■■■■■■■");
    let (status, body) = f
        .api(
            Method::PUT,
            &format!("/t/-/{}.json", f.topic.id.0),
            "mod",
            json!({"title": "Free money, and reading NetCDF lazily"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(f.topic_now().title, "■■■■■■■■■■, and reading NetCDF lazily");
}

#[actix_web::test]
async fn an_edit_adding_a_word_that_requires_approval_hides_the_post_until_a_moderator_decides() {
    let f = forum().await;
    let admin = f.client("admin").await;
    f.watch(&admin, "crypto*", "require_approval").await;
    let reply = f
        .app
        .with_conn(|conn| Post::find_by_number(conn, f.topic.id, 2))
        .unwrap()
        .unwrap();
    let author = f
        .app
        .with_conn(|conn| User::find(conn, reply.user_id))
        .unwrap();
    let flagged = |f: &Forum| {
        let filter = QueueFilter {
            kind: Some(ReviewableKind::FlaggedPost),
            status: Some(ReviewStatus::Pending),
            ..QueueFilter::default()
        };
        f.app
            .with_conn(|conn| Reviewable::queue(conn, &filter, 100))
            .unwrap()
    };
    let post_now = |f: &Forum| f.app.with_conn(|conn| Post::find(conn, reply.id)).unwrap();
    let path = format!("/posts/{}.json", reply.id.0);
    let edit = |raw: &'static str, by: String| {
        let (f, path) = (&f, &path);
        async move {
            f.api(Method::PUT, path, &by, json!({"post": {"raw": raw}}))
                .await
        }
    };

    // A clean edit changes nothing about its standing.
    let (status, body) = edit("Lazily, with xarray and dask.", author.username.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert!(post_now(&f).hidden_at.is_none());
    assert!(flagged(&f).is_empty());

    // The edit that adds the word is saved, and the post waits, hidden, for a moderator.
    let (status, body) = edit("Lazily; and buy my cryptocoin.", author.username.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(post_now(&f).raw, "Lazily; and buy my cryptocoin.");
    assert!(post_now(&f).hidden_at.is_some(), "hidden until reviewed");
    let items = flagged(&f);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].created_by_id, None, "no member flagged it");
    let reason = items[0].reason.clone().expect("a reason");
    assert!(reason.contains("crypto*"), "{reason}");
    let (status, queue) = f.api(Method::GET, "/review.json", "mod", Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!(
        queue["reviewables"][0]["reason"],
        reason.as_str(),
        "{queue}"
    );
    let moderator = f.client("mod").await;
    let page = body_of(moderator.get("/review").await, 200).await;
    assert!(
        page.contains("Raised by the forum: An edit added"),
        "{page}"
    );

    // Editing again does not bring it back on its author's word.
    let (status, _) = edit("Lazily; and buy my cryptocoin!", author.username.clone()).await;
    assert_eq!(status, 200);
    assert!(post_now(&f).hidden_at.is_some());
    assert_eq!(flagged(&f).len(), 1, "the one item, not a second");

    // The moderator decides it may stand: it is shown again.
    let (status, body) = f
        .api(
            Method::PUT,
            &format!("/review/{}/perform/disagree", items[0].id.0),
            "mod",
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(post_now(&f).hidden_at.is_none());

    // Staff editing the word in are not held.
    let (status, _) = edit("Staff note: crypto questions go to Funding.", "mod".into()).await;
    assert_eq!(status, 200);
    assert!(post_now(&f).hidden_at.is_none());
    assert!(flagged(&f).is_empty());
}
