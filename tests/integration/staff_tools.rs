//! The topic and user tools added to moderation over HTTP: slow mode (one post per member per
//! interval, 429 with `Retry-After` and the interval in words, moderators never slowed), the
//! notices a topic's readers see between its posts ("Closed by …"), staff notes (private to
//! staff) and official warnings (shown to the member), and anonymising a member (GDPR: their
//! name, address and password gone, sessions ended, posts kept or deleted, their old name
//! gone from the staff log). Bad input gets a clear status and changes nothing.

use convene::models::post::Post;
use convene::models::staff_log::{LogFilter, StaffAction, StaffLogEntry};
use convene::models::topic::Topic;
use convene::models::user::{Role, User};
use convene::models::user_note::UserNote;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Client, PASSWORD, TestApp, body_of, location};

/// A forum with an admin, a moderator, two members (`ada`, `bob`), and a topic by ada.
struct Forum {
    app: TestApp,
    topic: Topic,
}

async fn forum() -> Forum {
    let app = TestApp::spawn_with(TestApp::unlimited_posting).await;
    app.create_user("admin", Role::Admin);
    app.create_user("mod", Role::Moderator);
    let ada = app.create_user("ada", Role::User);
    app.create_user("bob", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Choosing a chunk size for Zarr", 0);
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

    fn user_by_id(&self, id: convene::models::ids::UserId) -> User {
        self.app.with_conn(|conn| User::find(conn, id)).unwrap()
    }

    fn topic_now(&self) -> Topic {
        self.app
            .with_conn(|conn| Topic::find(conn, self.topic.id))
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

    /// A reply by `username` through the API: status, `Retry-After`, body.
    async fn reply(&self, username: &str, raw: &str) -> (u16, Option<u64>, Value) {
        let key = self.app.api_key(&self.user(username));
        let response = self
            .app
            .client
            .raw()
            .post(format!("{}/posts.json", self.app.base))
            .header("Api-Key", key)
            .header("Api-Username", username)
            .json(&json!({"topic_id": self.topic.id.0, "raw": raw}))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let retry = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()?.parse().ok());
        (status, retry, response.json().await.unwrap_or(Value::Null))
    }

    async fn set_slow_mode(&self, as_who: &str, seconds: Value) -> (u16, Value) {
        self.app
            .api_as(
                Method::PUT,
                &format!("/t/{}/slow_mode.json", self.topic.id),
                as_who,
                json!({ "seconds": seconds }),
            )
            .await
    }
}

#[actix_web::test]
async fn slow_mode_lets_each_member_post_once_per_interval_and_says_how_long_to_wait() {
    let f = forum().await;
    let (status, body) = f.set_slow_mode("mod", json!(600)).await;
    assert_eq!((status, &body["success"]), (200, &json!("OK")), "{body}");
    assert_eq!(f.topic_now().slow_mode_seconds, 600);

    let (status, _, body) = f.reply("bob", "The first thought, well considered.").await;
    assert_eq!(status, 200, "{body}");
    let before = f.app.counts();
    let (status, retry, body) = f.reply("bob", "And a second one straight after.").await;
    assert_eq!(status, 429, "{body}");
    let retry = retry.expect("Retry-After");
    assert!((590..=600).contains(&retry), "{retry}");
    let message = body["errors"][0].as_str().unwrap();
    assert!(
        message.contains("slow mode") && message.contains("once every 10 minutes"),
        "{message}"
    );
    assert_eq!(f.app.counts(), before, "the refused reply was not stored");

    // The topic's author wrote its first post a moment ago: she waits too. Someone else may
    // still post, and the moderator is never slowed.
    let (status, _, _) = f.reply("ada", "The author answers at once.").await;
    assert_eq!(status, 429);
    f.app.create_user("carla", Role::User);
    let (status, _, body) = f.reply("carla", "A newcomer to the thread.").await;
    assert_eq!(status, 200, "{body}");
    for n in 0..2 {
        let (status, _, body) = f.reply("mod", &format!("A moderator's note {n}.")).await;
        assert_eq!(status, 200, "{body}");
    }

    // The page says so, and its readers see when it was set; turning it off lets bob post.
    let page = body_of(
        f.app.new_client().get(&format!("/t/{}", f.topic.id)).await,
        200,
    )
    .await;
    assert!(
        page.contains("This topic is in slow mode: each person may post once every 10 minutes."),
        "{page}"
    );
    assert!(
        page.contains("Slow mode set to one post every 10 minutes"),
        "{page}"
    );
    let (status, _) = f.set_slow_mode("mod", json!(0)).await;
    assert_eq!(status, 200);
    let (status, _, body) = f.reply("bob", "Now the second thought.").await;
    assert_eq!(status, 200, "{body}");
    let logged = f.log(StaffAction::SlowModeChanged);
    assert_eq!(logged.len(), 2);
    assert_eq!(logged[0].new_value.as_deref(), Some("off"));
}

#[actix_web::test]
async fn slow_mode_refuses_bad_intervals_and_members_and_changes_nothing() {
    let f = forum().await;
    for bad in [json!(-5), json!(30), json!(8 * 24 * 3600), json!(i64::MAX)] {
        let (status, body) = f.set_slow_mode("mod", bad.clone()).await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert!(
            body["errors"][0].as_str().unwrap().contains("from 60 to"),
            "{body}"
        );
    }
    let (status, body) = f.set_slow_mode("mod", json!("ten minutes")).await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = f.set_slow_mode("bob", json!(600)).await;
    assert_eq!(status, 403);
    assert_eq!(f.topic_now().slow_mode_seconds, 0);
    assert!(f.log(StaffAction::SlowModeChanged).is_empty());
}

#[actix_web::test]
async fn topic_notices_show_between_the_posts_in_the_order_things_happened() {
    let f = forum().await;
    let ada = f.user("ada");
    f.app
        .reply(&ada, f.topic.id, "A reply before the topic closes.");
    let moderator = f.client("mod").await;
    let response = moderator
        .post_form(
            &format!("/t/{}/status", f.topic.id),
            &[("status", "closed"), ("enabled", "true")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    // The moderator's own reply after closing: the notice sits between the two replies.
    let modr = f.user("mod");
    f.app
        .reply(&modr, f.topic.id, "Closed while the SPEC is revised.");

    let page = body_of(
        f.app.new_client().get(&format!("/t/{}", f.topic.id)).await,
        200,
    )
    .await;
    let notice = page
        .find("Closed by a moderator")
        .expect("the notice, unnamed");
    let before = page.find("A reply before the topic closes.").unwrap();
    let after = page.find("Closed while the SPEC is revised.").unwrap();
    assert!(before < notice && notice < after, "{page}");
    // Those who moderate see who; readers do not, by default.
    let seen_by_staff = body_of(moderator.get(&format!("/t/{}", f.topic.id)).await, 200).await;
    assert!(seen_by_staff.contains("Closed by <a"), "{seen_by_staff}");
}

async fn note(f: &Forum, as_who: &str, about: &str, kind: &str, text: &str) -> (u16, Value) {
    let id = f.user(about).id;
    f.app
        .api_as(
            Method::POST,
            &format!("/admin/users/{id}/notes.json"),
            as_who,
            json!({"kind": kind, "note": text}),
        )
        .await
}

#[actix_web::test]
async fn staff_notes_stay_with_staff_and_warnings_reach_the_member() {
    let f = forum().await;
    let (status, body) = note(&f, "mod", "bob", "note", "Means well; answers in a rush.").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["kind"], "note");
    assert_eq!(body["created_by"], "mod");
    let (status, body) = note(
        &f,
        "mod",
        "bob",
        "warning",
        "Please keep to the question asked.",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let bob = f.user("bob");

    // The member sees the warning, never the note.
    let mine = body_of(f.client("bob").await.get("/my/moderation").await, 200).await;
    assert!(mine.contains("Official warnings"), "{mine}");
    assert!(
        mine.contains("Please keep to the question asked."),
        "{mine}"
    );
    assert!(!mine.contains("Means well"), "{mine}");
    // Staff reach the person's page from their profile; members are not offered it.
    let admin = f.client("admin").await;
    let moderate = format!("href=\"/admin/users/{}/moderate\"", bob.id);
    let profile = body_of(admin.get("/u/bob").await, 200).await;
    assert!(profile.contains(&moderate), "{profile}");
    let profile = body_of(f.client("ada").await.get("/u/bob").await, 200).await;
    assert!(!profile.contains(&moderate), "{profile}");
    // Staff see both on the person's page.
    let page = body_of(
        admin
            .get(&format!("/admin/users/{}/moderate", bob.id))
            .await,
        200,
    )
    .await;
    assert!(page.contains("Means well; answers in a rush."), "{page}");
    assert!(page.contains("1 warning so far"), "{page}");
    // The log says a note was written, not what it says; the warning's words are its reason.
    let written = f.log(StaffAction::StaffNoteAdded);
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].reason, None);
    assert_eq!(
        f.log(StaffAction::WarningGiven)[0].reason.as_deref(),
        Some("Please keep to the question asked.")
    );

    // A note can be removed from the page; a warning cannot.
    let notes = f.app.with_conn(|c| UserNote::about(c, bob.id)).unwrap();
    let (warning, private): (Vec<_>, Vec<_>) = notes.iter().partition(|n| n.is_warning());
    let response = admin
        .post_form(
            &format!("/admin/users/{}/notes/{}/delete", bob.id, private[0].id),
            &[],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        location(&response),
        format!("/admin/users/{}/moderate", bob.id)
    );
    let (status, _) = f
        .app
        .api_as(
            Method::DELETE,
            &format!("/admin/users/{}/notes/{}.json", bob.id, warning[0].id),
            "admin",
            Value::Null,
        )
        .await;
    assert_eq!(status, 404);
    let left = f.app.with_conn(|c| UserNote::about(c, bob.id)).unwrap();
    assert_eq!(left.len(), 1);
    assert!(left[0].is_warning());
}

#[actix_web::test]
async fn notes_and_warnings_refuse_bad_input_and_the_wrong_people() {
    let f = forum().await;
    let (status, body) = note(&f, "mod", "bob", "note", "   ").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0], "Please write the note.");
    let (status, body) = note(&f, "mod", "bob", "note", &"x".repeat(2001)).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = note(&f, "mod", "bob", "praise", "Well done.").await;
    assert_eq!(status, 400, "{body}");
    // A member keeps no notes; a moderator does not warn an admin.
    let (status, _) = note(&f, "ada", "bob", "note", "I do not like bob.").await;
    assert_eq!(status, 403);
    let (status, _) = note(&f, "mod", "admin", "warning", "Be nicer.").await;
    assert_eq!(status, 403);
    let (status, _) = f
        .app
        .api_as(
            Method::POST,
            "/admin/users/99999/notes.json",
            "mod",
            json!({"note": "Who?"}),
        )
        .await;
    assert_eq!(status, 404);
    let bob = f.user("bob");
    assert!(
        f.app
            .with_conn(|c| UserNote::about(c, bob.id))
            .unwrap()
            .is_empty()
    );

    // The page's form keeps what was typed when it is refused.
    let moderator = f.client("mod").await;
    let response = moderator
        .post_form(
            &format!("/admin/users/{}/notes", bob.id),
            &[("kind", "warning"), ("note", &"y".repeat(2001))],
        )
        .await;
    let page = body_of(response, 422).await;
    assert!(
        page.contains("A note can be at most 2,000 characters."),
        "{page}"
    );
    assert!(page.contains(&"y".repeat(2001)), "the draft is kept");
}

#[actix_web::test]
async fn anonymising_a_member_removes_who_they_were_and_keeps_their_posts() {
    let f = forum().await;
    let bob = f.user("bob");
    f.app.reply(
        &bob,
        f.topic.id,
        "A reply bob wrote, kept for the discussion.",
    );
    let bobs_browser = f.client("bob").await;
    f.app.write(|tx| {
        convene::services::moderation::sanction(
            tx,
            &convene::auth::Guardian::system(),
            &f.app.config.moderation,
            bob.id,
            convene::services::moderation::Sanction::Silence,
            Some(convene::db::now() + chrono::Duration::days(1)),
            Some("Cooling off."),
        )
    });
    let (status, body) = f
        .app
        .api_as(
            Method::PUT,
            &format!("/admin/users/{}/anonymize.json", bob.id),
            "admin",
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let new_name = format!("anon{}", bob.id);
    assert_eq!(body, json!({"success": "OK", "username": new_name}));

    let now = f.user_by_id(bob.id);
    assert_eq!(now.username, new_name);
    assert_eq!(now.name, "");
    assert!(now.email.ends_with("@anonymised.invalid"), "{}", now.email);
    assert!(
        f.app
            .with_conn(|c| User::find_by_login(c, "bob"))
            .unwrap()
            .is_none()
    );
    // Signed out everywhere, and the old password opens nothing.
    let (status, _) = bobs_browser.get_text("/my/moderation").await;
    assert_ne!(status, 200, "the old session ended");
    let fresh = f.app.new_client();
    let response = fresh
        .post_form("/login", &[("login", &new_name), ("password", PASSWORD)])
        .await;
    assert_ne!(
        response.status().as_u16(),
        303,
        "no password opens the account"
    );

    // The post stays, under the new name; the old name is nowhere in the staff log.
    let posts = f.app.with_conn(|c| Post::live_by(c, bob.id)).unwrap();
    assert_eq!(posts.len(), 1);
    let page = body_of(
        f.app.new_client().get(&format!("/t/{}", f.topic.id)).await,
        200,
    )
    .await;
    assert!(
        page.contains("A reply bob wrote") && page.contains(&new_name),
        "{page}"
    );
    let everything = f
        .app
        .with_conn(|c| StaffLogEntry::list(c, &LogFilter::default(), 100))
        .unwrap();
    assert!(
        everything
            .iter()
            .any(|e| e.kind() == Some(StaffAction::UserAnonymised))
    );
    for entry in &everything {
        assert_ne!(entry.target_username.as_deref(), Some("bob"), "{entry:?}");
    }
}

#[actix_web::test]
async fn anonymising_can_delete_the_posts_and_refuses_admins_and_moderators() {
    let f = forum().await;
    let ada = f.user("ada");
    f.app.reply(
        &ada,
        f.topic.id,
        "Ada's reply, to be deleted with her account.",
    );
    let admin = f.client("admin").await;
    // The form must tick its box.
    let response = admin
        .post_form(
            &format!("/admin/users/{}/anonymize", ada.id),
            &[("delete_posts", "true")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(f.user_by_id(ada.id).username, "ada", "nothing changed");
    let response = admin
        .post_form(
            &format!("/admin/users/{}/anonymize", ada.id),
            &[("delete_posts", "true"), ("confirm", "true")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(
        f.app
            .with_conn(|c| Post::live_by(c, ada.id))
            .unwrap()
            .is_empty()
    );
    assert!(
        f.topic_now().deleted_at.is_some(),
        "her topic went with its first post"
    );

    // Moderators may not anonymise; nobody anonymises an admin.
    let bob = f.user("bob");
    let (status, _) = f
        .app
        .api_as(
            Method::PUT,
            &format!("/admin/users/{}/anonymize.json", bob.id),
            "mod",
            json!({}),
        )
        .await;
    assert_eq!(status, 403);
    let admin_id = f.user("admin").id;
    let (status, body) = f
        .app
        .api_as(
            Method::PUT,
            &format!("/admin/users/{admin_id}/anonymize.json"),
            "admin",
            json!({}),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(f.user("bob").username, "bob");
}

/// Topic `topic` with `n` replies by bob and ada in turn; returns the posts in order.
fn thread(f: &Forum, topic: &Topic, n: usize) -> Vec<Post> {
    let (ada, bob) = (f.user("ada"), f.user("bob"));
    for i in 0..n {
        let who = if i % 2 == 0 { &bob } else { &ada };
        f.app
            .reply(who, topic.id, &format!("Reply {i} about chunking."));
    }
    f.app
        .with_conn(|c| Post::all_of_topic(c, topic.id))
        .unwrap()
}

#[actix_web::test]
async fn splitting_moves_chosen_posts_to_a_new_topic_in_order_with_their_links() {
    let f = forum().await;
    let posts = thread(&f, &f.topic, 4);
    // Post 4 answers post 3; post 5 answers post 2, which stays.
    f.app.with_conn(|c| {
        use convene::db::schema::posts;
        use diesel::prelude::*;
        diesel::update(posts::table.find(posts[3].id))
            .set(posts::reply_to_post_number.eq(3))
            .execute(c)
            .unwrap();
        diesel::update(posts::table.find(posts[4].id))
            .set(posts::reply_to_post_number.eq(2))
            .execute(c)
            .unwrap();
    });
    let category = f.topic.category_id.0;
    let (status, body) = f
        .app
        .api_as(
            Method::POST,
            &format!("/t/{}/move-posts.json", f.topic.id),
            "mod",
            json!({"post_ids": [posts[2].id.0, posts[3].id.0, posts[4].id.0],
                   "title": "Chunking on object stores", "category_id": category}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], "OK");
    let url = body["url"].as_str().unwrap().to_owned();
    let new_id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
    let new_topic = f
        .app
        .with_conn(|c| Topic::find(c, convene::models::ids::TopicId(new_id)))
        .unwrap();
    assert_eq!(new_topic.title, "Chunking on object stores");
    assert_eq!(
        new_topic.user_id, posts[2].user_id,
        "its first post's author starts it"
    );
    assert_eq!(
        (new_topic.posts_count, new_topic.highest_post_number),
        (3, 3)
    );
    let moved = f
        .app
        .with_conn(|c| Post::all_of_topic(c, new_topic.id))
        .unwrap();
    let numbers: Vec<_> = moved
        .iter()
        .map(|p| (p.id, p.post_number, p.reply_to_post_number))
        .collect();
    assert_eq!(
        numbers,
        vec![
            (posts[2].id, 1, None),
            (posts[3].id, 2, Some(1)),
            (posts[4].id, 3, None),
        ],
        "numbers in order; a reply keeps its link only when what it answered moved too"
    );
    let source = f.topic_now();
    assert_eq!(source.posts_count, 2);
    assert_eq!(source.highest_post_number, 5, "numbers are never reused");
    // Readers of the old topic see where the posts went.
    let page = body_of(
        f.app.new_client().get(&format!("/t/{}", f.topic.id)).await,
        200,
    )
    .await;
    assert!(page.contains("3 posts moved to"), "{page}");
    assert!(page.contains(&url), "{page}");
    assert_eq!(f.log(StaffAction::PostsMoved).len(), 1);
}

#[actix_web::test]
async fn merging_moves_every_post_to_the_end_of_the_other_topic_and_deletes_this_one() {
    let f = forum().await;
    let ada = f.user("ada");
    let category = f
        .app
        .with_conn(|c| convene::models::category::Category::find(c, f.topic.category_id))
        .unwrap();
    let other = f
        .app
        .create_topic(&ada, &category, "Zarr chunk sizes, again", 1);
    let before = thread(&f, &f.topic, 2);
    // The form names the other topic by its address.
    let moderator = f.client("mod").await;
    let response = moderator
        .post_form(
            &format!("/t/{}/merge-topic", f.topic.id),
            &[(
                "destination_topic_id",
                &format!("/t/{}/{}", other.slug, other.id),
            )],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), other.url());
    let merged = f
        .app
        .with_conn(|c| Post::all_of_topic(c, other.id))
        .unwrap();
    assert_eq!(merged.len(), 5);
    assert_eq!(
        merged[2..].iter().map(|p| p.id).collect::<Vec<_>>(),
        before.iter().map(|p| p.id).collect::<Vec<_>>(),
        "appended in their old order"
    );
    assert!(f.topic_now().deleted_at.is_some());
    let page = body_of(f.app.new_client().get(&other.url()).await, 200).await;
    assert!(page.contains("merged into this topic"), "{page}");
    assert!(page.contains("Reply 1 about chunking."), "{page}");
    // The merged topic's old address leads readers (and API clients) to where its posts went;
    // staff still open the deleted topic itself.
    let reader = f.app.new_client();
    for (path, to) in [
        (f.topic.url(), format!("/t/{}", other.id)),
        (
            format!("/t/{}.json", f.topic.id),
            format!("/t/{}.json", other.id),
        ),
    ] {
        let response = reader.get(&path).await;
        assert_eq!(response.status().as_u16(), 301, "{path}");
        assert_eq!(location(&response), to);
    }
    assert_eq!(moderator.get(&f.topic.url()).await.status().as_u16(), 200);
    // A topic deleted without a merge is still simply not found.
    let gone = f
        .app
        .create_topic(&ada, &category, "A topic deleted the plain way", 0);
    let first = f
        .app
        .with_conn(|c| Post::find_by_number(c, gone.id, 1))
        .unwrap()
        .expect("first post");
    let (status, body) = f
        .app
        .api_as(
            Method::DELETE,
            &format!("/posts/{}.json", first.id),
            "mod",
            json!({}),
        )
        .await;
    assert!(status == 200 || status == 204, "{status} {body}");
    assert_eq!(reader.get(&gone.url()).await.status().as_u16(), 404);
}

#[actix_web::test]
async fn moving_and_merging_refuse_bad_requests_and_change_nothing() {
    let f = forum().await;
    let posts = thread(&f, &f.topic, 2);
    let path = format!("/t/{}/move-posts.json", f.topic.id);
    let category = f.topic.category_id.0;
    let cases = [
        (
            json!({"post_ids": [], "title": "Something new", "category_id": category}),
            422,
            "at least one post",
        ),
        (
            json!({"post_ids": [posts[0].id.0], "title": "Something new", "category_id": category}),
            422,
            "first post stays",
        ),
        (
            json!({"post_ids": [999_999], "title": "Something new", "category_id": category}),
            422,
            "not in this topic",
        ),
        (
            json!({"post_ids": [posts[1].id.0], "title": "  ", "category_id": category}),
            422,
            "title",
        ),
        (
            json!({"post_ids": [posts[1].id.0], "title": "Something new", "category_id": 999_999}),
            422,
            "ategory",
        ),
        (
            json!({"post_ids": [posts[1].id.0], "title": "Something new"}),
            422,
            "Choose a category",
        ),
        (
            json!({"post_ids": [posts[1].id.0], "destination_topic_id": f.topic.id.0}),
            422,
            "into itself",
        ),
        (
            json!({"post_ids": [posts[1].id.0], "destination_topic_id": 999_999}),
            422,
            "no topic 999999",
        ),
        (
            json!({"post_ids": [posts[1].id.0], "destination_topic_id": "somewhere"}),
            422,
            "its number",
        ),
    ];
    let before = f.app.counts();
    for (body, status, says) in cases {
        let (got, answer) = f.app.api_as(Method::POST, &path, "mod", body.clone()).await;
        assert_eq!(got, status, "{body}: {answer}");
        assert!(answer.to_string().contains(says), "{body}: {answer}");
    }
    let (got, _) = f
        .app
        .api_as(
            Method::POST,
            &format!("/t/{}/merge-topic.json", f.topic.id),
            "mod",
            json!({"destination_topic_id": f.topic.id.0}),
        )
        .await;
    assert_eq!(got, 422, "merging a topic into itself");
    let (got, _) = f
        .app
        .api_as(
            Method::POST,
            &path,
            "bob",
            json!({"post_ids": [posts[1].id.0], "title": "Mine now", "category_id": category}),
        )
        .await;
    assert_eq!(got, 403);
    assert_eq!(f.app.counts(), before, "nothing moved or was made");
    assert!(f.topic_now().deleted_at.is_none());
    assert!(f.log(StaffAction::PostsMoved).is_empty());

    // The page's form shows the problem beside its field and keeps the choices.
    let moderator = f.client("mod").await;
    let page = body_of(moderator.get(&format!("/t/{}/move", f.topic.id)).await, 200).await;
    assert!(page.contains("Move chosen posts"), "{page}");
    let ticked = posts[1].id.0.to_string();
    let response = moderator
        .post_form(
            &format!("/t/{}/move-posts", f.topic.id),
            &[
                ("post_ids[]", &ticked),
                ("move_to", "existing"),
                ("destination_topic_id", ""),
            ],
        )
        .await;
    let page = body_of(response, 422).await;
    assert!(page.contains("Say which topic"), "{page}");
    assert!(
        page.contains(&format!("value=\"{ticked}\" checked")),
        "{page}"
    );
}
