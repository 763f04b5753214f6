//! Moderation end to end over HTTP: flags hide a post at the threshold, the queue's decisions
//! (and the sanctions they carry), private code-of-conduct cases, suspensions that end every
//! session, the post tools, category moderators, and the staff and public logs. Bad input is
//! refused with a clear status and changes nothing.

use convene::models::flag::Flag;
use convene::models::ids::{PostId, UserId};
use convene::models::post::Post;
use convene::models::reviewable::{QueueFilter, Reviewable};
use convene::models::staff_log::{LogFilter, StaffLogEntry};
use convene::models::topic::Topic;
use convene::models::user::{Role, User};
use convene::services;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Client, TestApp, body_of, location};

/// A forum with an author (`ada`), three members who may flag, a moderator and an admin, and
/// a topic by ada whose first post is returned.
struct Scene {
    app: TestApp,
    ada: User,
    topic: Topic,
    post: PostId,
}

async fn scene_with(adjust: impl FnOnce(&mut convene::config::Config)) -> Scene {
    let app = TestApp::spawn_with(adjust).await;
    app.create_user("admin", Role::Admin);
    app.create_user("mod", Role::Moderator);
    let ada = app.create_user("ada", Role::User);
    for name in ["bob", "carol", "dan"] {
        app.create_user(name, Role::User);
    }
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "A proposal about arrays", 1);
    let post = app
        .with_conn(|conn| Post::find_by_number(conn, topic.id, 1))
        .unwrap()
        .expect("first post")
        .id;
    Scene {
        app,
        ada,
        topic,
        post,
    }
}

async fn scene() -> Scene {
    scene_with(|_| {}).await
}

impl Scene {
    /// A browser signed in as `name`.
    async fn client(&self, name: &str) -> Client {
        let client = self.app.new_client();
        self.app.log_in(&client, name).await;
        client
    }

    fn post(&self) -> Post {
        self.app
            .with_conn(|conn| Post::find(conn, self.post))
            .unwrap()
    }

    fn user(&self, id: UserId) -> User {
        self.app.with_conn(|conn| User::find(conn, id)).unwrap()
    }

    fn flags(&self) -> usize {
        self.app
            .with_conn(|conn| Flag::on_post(conn, self.post))
            .unwrap()
            .len()
    }

    fn log(&self, action: &str) -> Vec<StaffLogEntry> {
        let filter = LogFilter {
            action: convene::models::staff_log::StaffAction::parse(action),
            ..LogFilter::default()
        };
        assert!(
            filter.action.is_some(),
            "{action} is an action the log knows"
        );
        self.app
            .with_conn(|conn| StaffLogEntry::list(conn, &filter, 100))
            .unwrap()
    }

    fn pending(&self) -> Vec<Reviewable> {
        let filter = QueueFilter {
            status: Some(convene::models::reviewable::ReviewStatus::Pending),
            ..QueueFilter::default()
        };
        self.app
            .with_conn(|conn| Reviewable::queue(conn, &filter, 100))
            .unwrap()
    }

    /// Sends JSON with an API key for `username`; returns (status, body).
    async fn api(&self, method: Method, path: &str, username: &str, body: Value) -> (u16, Value) {
        self.app.api_as(method, path, username, body).await
    }
}

async fn flag(client: &Client, post: PostId, kind: &str, message: &str) -> reqwest::Response {
    client
        .post_form(
            &format!("/posts/{}/flag", post.0),
            &[("flag_type", kind), ("message", message)],
        )
        .await
}

#[actix_web::test]
async fn three_members_flags_hide_a_post_and_agreeing_silences_its_author() {
    let s = scene().await;
    let ada = s.client("ada").await;
    for (n, name) in ["bob", "carol", "dan"].into_iter().enumerate() {
        let client = s.client(name).await;
        let page = body_of(client.get(&format!("/posts/{}/flag", s.post.0)).await, 200).await;
        assert!(page.contains("Code of conduct violation"), "{page}");
        let response = flag(&client, s.post, "inappropriate", "").await;
        assert_eq!(response.status().as_u16(), 303, "{name}'s flag is taken");
        assert_eq!(location(&response), "/my/moderation#flags");
        let hidden = s.post().hidden_at.is_some();
        assert_eq!(hidden, n == 2, "hidden at the third flag, not before");
    }
    // Anonymous readers no longer see the body; the author still does, marked.
    let (_, public) = s.app.new_client().get_text(&s.topic.url()).await;
    assert!(public.contains("temporarily hidden"), "{public}");
    assert!(!public.contains("First post of"), "{public}");
    let (_, own) = ada.get_text(&s.topic.url()).await;
    assert!(
        own.contains("First post of"),
        "the author sees their hidden post"
    );
    assert_eq!(s.log("hide_post").len(), 1, "the automatic hide is logged");

    // One item in the queue, with three flags and each flagger's record.
    let moderator = s.client("mod").await;
    let (status, queue) = moderator.get_json("/review.json").await;
    assert_eq!(status, 200, "{queue}");
    let items = queue["reviewables"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{queue}");
    let item = &items[0];
    assert_eq!(item["type"], "ReviewableFlaggedPost");
    assert_eq!(item["reviewable_scores"].as_array().unwrap().len(), 3);
    assert_eq!(item["target_id"], s.post.0);
    let offered: Vec<&str> = item["bundled_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(offered.contains(&"agree_and_silence"), "{offered:?}");
    let page = body_of(moderator.get("/review").await, 200).await;
    assert!(page.contains("Agree, hide, and silence author"), "{page}");
    assert!(page.contains("0 agreed, 0 disagreed, 0 ignored"), "{page}");

    // Agree and silence for 7 days, from the queue's form.
    let id = item["id"].as_i64().unwrap();
    let response = moderator
        .post_form(
            &format!("/review/{id}/perform/agree_and_silence"),
            &[("note", "Personal attacks."), ("days", "7")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), "/review");
    assert!(s.pending().is_empty(), "the item left the queue");
    let ada_now = s.user(s.ada.id);
    let until = ada_now.silenced_until.expect("silenced");
    let days = (until - convene::db::now()).num_hours();
    assert!((167..=168).contains(&days), "about seven days: {days} h");
    assert_eq!(ada_now.silence_reason.as_deref(), Some("Personal attacks."));
    assert_eq!(s.log("agree_flag").len(), 1);
    assert_eq!(s.log("silence_user").len(), 1);

    // Ada is told on every page, and cannot reply.
    let page = body_of(ada.get("/latest").await, 200).await;
    assert!(page.contains("silenced this account until"), "{page}");
    let before = s.app.counts();
    let refused = ada
        .post_form(
            &format!("/t/{}/reply", s.topic.id.0),
            &[("raw", "I am allowed to say this."), ("intent", "submit")],
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(s.app.counts(), before, "nothing was written");

    // The flaggers see how it ended; their record now counts one agreement.
    let bob = s.client("bob").await;
    let page = body_of(bob.get("/my/moderation").await, 200).await;
    assert!(page.contains("moderators agreed"), "{page}");
    let (_, queue) = moderator.get_json("/review.json?status=all").await;
    assert_eq!(
        queue["reviewables"][0]["reviewable_scores"][0]["accuracy"]["agreed"], 1,
        "{queue}"
    );
}

#[actix_web::test]
async fn disagreeing_shows_a_hidden_post_again_and_ignore_changes_nothing_else() {
    let s = scene_with(|c| c.moderation.hide_at_score = 1).await;
    let bob = s.client("bob").await;
    assert_eq!(flag(&bob, s.post, "spam", "").await.status().as_u16(), 303);
    assert!(
        s.post().hidden_at.is_some(),
        "one flag hides at threshold 1"
    );
    let id = s.pending()[0].id.0;
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/review/{id}/perform/disagree"),
            "mod",
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["reviewable_perform_result"]["transition_to"],
        "rejected"
    );
    assert!(s.post().hidden_at.is_none(), "shown again");
    assert_eq!(s.log("disagree_flag").len(), 1);
    // Resolved: a second decision is a conflict, and changes nothing.
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/review/{id}/perform/agree_and_hide"),
            "mod",
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(s.post().hidden_at.is_none());
    // An action no item has is a 404 naming it.
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/review/{id}/perform/launch_missiles"),
            "mod",
            json!({}),
        )
        .await;
    assert_eq!(status, 404, "{body}");
}

#[actix_web::test]
async fn bad_flags_are_refused_and_change_nothing() {
    let s = scene().await;
    let ada = s.client("ada").await;
    let bob = s.client("bob").await;
    let own = flag(&ada, s.post, "spam", "").await;
    assert_eq!(own.status().as_u16(), 403, "no flagging one's own post");
    let unknown = flag(&bob, s.post, "boring", "").await;
    assert_eq!(unknown.status().as_u16(), 422);
    let page = unknown.text().await.unwrap();
    assert!(page.contains("Please fix this"), "{page}");
    let no_reason = flag(&bob, s.post, "code_of_conduct", "  ").await;
    assert_eq!(
        no_reason.status().as_u16(),
        422,
        "a report needs its reason"
    );
    assert_eq!(s.flags(), 0, "nothing was stored");
    assert_eq!(
        flag(&bob, s.post, "off_topic", "").await.status().as_u16(),
        303
    );
    let twice = flag(&bob, s.post, "spam", "").await;
    assert_eq!(twice.status().as_u16(), 409, "one flag per member and post");
    assert_eq!(s.flags(), 1);
    // A new member (trust level 0) cannot flag yet.
    let carol_id = s.user_id("carol");
    s.operate(|tx, operator| {
        services::moderation::set_trust_level(tx, operator, carol_id, 0, false)
    });
    let carol = s.client("carol").await;
    assert_eq!(
        flag(&carol, s.post, "spam", "").await.status().as_u16(),
        403
    );
    // Discourse's `POST /post_actions`: an unknown type id is a 422, a missing post id a 400.
    let (status, body) = s
        .api(
            Method::POST,
            "/post_actions",
            "dan",
            json!({"id": s.post.0, "post_action_type_id": 99}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = s
        .api(
            Method::POST,
            "/post_actions",
            "dan",
            json!({"post_action_type_id": 8}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["errors"][0].as_str().unwrap().contains("id"), "{body}");
    assert_eq!(s.flags(), 1);
    let (status, body) = s
        .api(
            Method::POST,
            "/post_actions",
            "dan",
            json!({"id": s.post.0, "post_action_type_id": 8}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["id"], s.post.0, "answers with the post");
    assert_eq!(s.flags(), 2);
}

impl Scene {
    /// Runs a use-case as the operator (the command line), as staff set-up would.
    fn operate<T>(
        &self,
        f: impl FnOnce(&mut services::Tx, &convene::auth::Guardian) -> Result<T, services::ServiceError>,
    ) -> T {
        let operator = convene::auth::Guardian::system();
        self.app.write(|tx| f(tx, &operator))
    }

    fn user_id(&self, name: &str) -> UserId {
        self.app
            .with_conn(|conn| User::find_by_login(conn, name))
            .unwrap()
            .expect("user")
            .id
    }
}

#[actix_web::test]
async fn a_code_of_conduct_report_is_a_private_case_with_a_told_resolution() {
    let s = scene().await;
    let bob = s.client("bob").await;
    let response = flag(
        &bob,
        s.post,
        "code_of_conduct",
        "This belittles newcomers again.",
    )
    .await;
    assert_eq!(response.status().as_u16(), 303);
    let case = location(&response);
    assert!(case.starts_with("/review/"), "{case}");
    let page = body_of(bob.get(&case).await, 200).await;
    assert!(page.contains("only you and the moderators"), "{page}");
    assert!(page.contains("open"), "{page}");

    // The reported person, and any other member, cannot open it; nor can they learn who
    // reported the post from the topic.
    let ada = s.client("ada").await;
    assert_eq!(ada.get(&case).await.status().as_u16(), 403);
    let carol = s.client("carol").await;
    assert_eq!(carol.get(&case).await.status().as_u16(), 403);
    let (_, topic) = ada.get_text(&s.topic.url()).await;
    assert!(
        !topic.contains("bob"),
        "the reporter is not named to the author"
    );

    // The moderator takes it up, writes in the thread, and resolves it with a note.
    let moderator = s.client("mod").await;
    let sent = moderator
        .post_form(
            &format!("{case}/messages"),
            &[("raw", "Thank you, we are looking at it.")],
        )
        .await;
    assert_eq!(sent.status().as_u16(), 303);
    let empty = moderator
        .post_form(&format!("{case}/messages"), &[("raw", "   ")])
        .await;
    assert_eq!(empty.status().as_u16(), 422, "an empty message is refused");
    let review = moderator
        .post_form(&format!("{case}/perform/start_review"), &[("note", "")])
        .await;
    assert_eq!(review.status().as_u16(), 303);
    let unresolved = moderator
        .post_form(&format!("{case}/perform/resolve"), &[("note", "")])
        .await;
    assert_eq!(unresolved.status().as_u16(), 422, "resolving needs a note");
    let resolved = moderator
        .post_form(
            &format!("{case}/perform/resolve"),
            &[(
                "note",
                "We spoke with the author; it will not happen again.",
            )],
        )
        .await;
    assert_eq!(resolved.status().as_u16(), 303);

    // The reporter reads the reply and the resolution.
    let page = body_of(bob.get(&case).await, 200).await;
    assert!(page.contains("Thank you, we are looking at it."), "{page}");
    assert!(page.contains("it will not happen again"), "{page}");
    let mine = body_of(bob.get("/my/moderation").await, 200).await;
    assert!(mine.contains("it will not happen again"), "{mine}");
    let (_, json) = bob.get_json(&format!("{case}.json")).await;
    assert_eq!(json["reviewable"]["case_state"], "resolved", "{json}");
    // The report itself opens the thread, then the moderator's reply.
    assert_eq!(json["messages"].as_array().unwrap().len(), 2, "{json}");
    assert_eq!(
        s.log("update_coc_case").len(),
        2,
        "under review, then resolved"
    );
}

#[actix_web::test]
async fn a_suspension_ends_every_session_and_refuses_login_with_the_reason() {
    let s = scene().await;
    let ada = s.client("ada").await;
    assert_eq!(ada.get("/my/moderation").await.status().as_u16(), 200);
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/admin/users/{}/suspend", s.ada.id.0),
            "admin",
            json!({"suspend_until": "2030-01-01", "reason": "Spam after warnings."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["suspension"]["suspend_reason"], "Spam after warnings.");
    // The session she had stops working at once.
    let after = ada.get("/my/moderation").await.status().as_u16();
    assert!(after == 401 || after == 303, "signed out: {after}");
    // Logging in again is refused, with the reason and the end.
    let again = s
        .app
        .new_client()
        .post_form(
            "/login",
            &[("login", "ada"), ("password", crate::support::PASSWORD)],
        )
        .await;
    let page = body_of(again, 403).await;
    assert!(page.contains("suspended until 2030-01-01"), "{page}");
    assert!(page.contains("Spam after warnings."), "{page}");
    assert_eq!(s.log("suspend_user").len(), 1);
    // Lifting it lets her back in.
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/admin/users/{}/unsuspend", s.ada.id.0),
            "admin",
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    s.app.log_in(&s.app.new_client(), "ada").await;
}

#[actix_web::test]
async fn sanctions_out_of_bounds_are_refused_and_change_nothing() {
    let s = scene().await;
    let admin_id = s.user_id("admin");
    let mod_id = s.user_id("mod");
    let cases = [
        // (who acts, target, body, expected status)
        (
            "mod",
            admin_id,
            json!({"suspend_until": "2030-01-01", "reason": "x"}),
            403,
        ),
        (
            "mod",
            mod_id,
            json!({"suspend_until": "2030-01-01", "reason": "x"}),
            403,
        ),
        (
            "bob",
            s.ada.id,
            json!({"suspend_until": "2030-01-01", "reason": "x"}),
            403,
        ),
        ("mod", s.ada.id, json!({"days": -3, "reason": "x"}), 422),
        (
            "mod",
            s.ada.id,
            json!({"days": 9_000_000_000_000_i64, "reason": "x"}),
            422,
        ),
        (
            "mod",
            s.ada.id,
            json!({"suspend_until": "2001-01-01", "reason": "x"}),
            422,
        ),
        (
            "mod",
            s.ada.id,
            json!({"suspend_until": "next tuesday", "reason": "x"}),
            422,
        ),
        ("mod", s.ada.id, json!({"suspend_until": "2030-01-01"}), 422),
    ];
    for (actor, target, body, expected) in cases {
        let (status, answer) = s
            .api(
                Method::PUT,
                &format!("/admin/users/{}/suspend", target.0),
                actor,
                body.clone(),
            )
            .await;
        assert_eq!(
            status, expected,
            "{actor} suspends {target:?} with {body}: {answer}"
        );
        assert!(
            answer["errors"][0].is_string(),
            "a message says why: {answer}"
        );
    }
    for id in [admin_id, mod_id, s.ada.id] {
        assert!(s.user(id).suspended_until.is_none(), "nobody was suspended");
    }
    assert!(s.log("suspend_user").is_empty());
    // The page form shows the problem beside the form, and keeps the reason typed.
    let moderator = s.client("mod").await;
    let page = body_of(
        moderator
            .get(&format!("/admin/users/{}/moderate", s.ada.id.0))
            .await,
        200,
    )
    .await;
    assert!(page.contains("Suspend ada"), "{page}");
    let refused = moderator
        .post_form(
            &format!("/admin/users/{}/silence", s.ada.id.0),
            &[("days", "0"), ("reason", "Kept text")],
        )
        .await;
    let page = body_of(refused, 422).await;
    assert!(page.contains("Kept text"), "{page}");
    assert!(s.user(s.ada.id).silenced_until.is_none());
}

#[actix_web::test]
async fn post_tools_hide_delete_restore_and_lock_and_search_follows() {
    let s = scene().await;
    s.app.index();
    let moderator = s.client("mod").await;
    let (_, results) = s.app.new_client().get_json("/search.json?q=proposal").await;
    assert!(
        !results["posts"].as_array().unwrap().is_empty(),
        "found before: {results}"
    );
    // Delete (Discourse's DELETE /posts/{id}) the reply, then the topic's first post.
    let reply = s
        .app
        .with_conn(|conn| Post::find_by_number(conn, s.topic.id, 2))
        .unwrap()
        .unwrap();
    let (status, body) = s
        .api(
            Method::DELETE,
            &format!("/posts/{}.json", reply.id.0),
            "mod",
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, public) = s.app.new_client().get_text(&s.topic.url()).await;
    assert!(!public.contains("Reply number 2."), "left out for readers");
    let (_, staff) = moderator.get_text(&s.topic.url()).await;
    assert!(staff.contains("Reply number 2."), "staff still see it");
    assert!(staff.contains("only staff see this post"), "marked");
    s.app.index();
    let (_, results) = s
        .app
        .new_client()
        .get_json("/search.json?q=%22Reply%20number%22")
        .await;
    assert!(
        results["posts"].as_array().unwrap().is_empty(),
        "search leaves it out: {results}"
    );
    // Restore it from the page's form.
    let restored = moderator
        .post_form(&format!("/posts/{}/recover", reply.id.0), &[])
        .await;
    assert_eq!(restored.status().as_u16(), 303);
    s.app.index();
    let (_, results) = s
        .app
        .new_client()
        .get_json("/search.json?q=%22Reply%20number%22")
        .await;
    assert_eq!(results["posts"].as_array().unwrap().len(), 1, "{results}");
    // Lock edits: the author may no longer edit.
    let locked = moderator
        .post_form(
            &format!("/posts/{}/locked", s.post.0),
            &[("locked", "true")],
        )
        .await;
    assert_eq!(locked.status().as_u16(), 303);
    assert!(s.post().locked_at.is_some());
    let ada = s.client("ada").await;
    let edit = ada
        .post_form(
            &format!("/posts/{}/edit", s.post.0),
            &[
                ("raw", "Rewritten after the lock."),
                ("version", "1"),
                ("intent", "submit"),
            ],
        )
        .await;
    assert_eq!(edit.status().as_u16(), 403);
    assert!(!s.post().raw.contains("Rewritten"));
    // Hide by hand, then unhide.
    let hidden = moderator
        .post_form(&format!("/posts/{}/hide", s.post.0), &[("hidden", "true")])
        .await;
    assert_eq!(hidden.status().as_u16(), 303);
    assert!(s.post().hidden_at.is_some());
    // A member is refused every tool, and nothing changes.
    let bob = s.client("bob").await;
    for (path, fields) in [
        ("delete", vec![]),
        ("hide", vec![("hidden", "false")]),
        ("locked", vec![("locked", "false")]),
    ] {
        let refused = bob
            .post_form(&format!("/posts/{}/{path}", s.post.0), &fields)
            .await;
        let status = refused.status().as_u16();
        assert_eq!(status, 403, "{path}: {}", refused.text().await.unwrap());
    }
    let post = s.post();
    assert!(post.hidden_at.is_some() && post.locked_at.is_some() && post.deleted_at.is_none());
    // Deleting for good is not offered.
    let (status, body) = s
        .api(
            Method::DELETE,
            &format!("/posts/{}.json", s.post.0),
            "admin",
            json!({"force_destroy": true}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    for action in ["delete_post", "recover_post", "post_locked", "hide_post"] {
        assert_eq!(s.log(action).len(), 1, "{action} is logged");
    }
}

#[actix_web::test]
async fn a_category_moderator_reviews_only_their_category() {
    let s = scene().await;
    let other = s.app.create_category("Other", false, None);
    let dan = s
        .app
        .with_conn(|conn| User::find_by_login(conn, "dan"))
        .unwrap()
        .unwrap();
    let elsewhere = s
        .app
        .create_topic(&dan, &other, "Somewhere else entirely", 0);
    let elsewhere_post = s
        .app
        .with_conn(|conn| Post::find_by_number(conn, elsewhere.id, 1))
        .unwrap()
        .unwrap();
    let carol = s.user_id("carol");
    let general = s.topic.category_id;
    s.operate(|tx, operator| {
        services::moderation::set_category_moderator(tx, operator, general, carol, true)
    });
    let bob = s.client("bob").await;
    assert_eq!(flag(&bob, s.post, "spam", "").await.status().as_u16(), 303);
    assert_eq!(
        flag(&bob, elsewhere_post.id, "spam", "")
            .await
            .status()
            .as_u16(),
        303
    );
    let carol_client = s.client("carol").await;
    let page = body_of(carol_client.get("/latest").await, 200).await;
    assert!(
        page.contains("href=\"/review\""),
        "the header offers Review"
    );
    let (status, queue) = carol_client.get_json("/review.json").await;
    assert_eq!(status, 200, "{queue}");
    let targets: Vec<i64> = queue["reviewables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["target_id"].as_i64().unwrap())
        .collect();
    assert_eq!(targets, vec![s.post.0], "only their category's item");
    let foreign = s
        .pending()
        .into_iter()
        .find(|r| r.post_id == Some(elsewhere_post.id))
        .unwrap();
    let refused = carol_client
        .post_form(
            &format!("/review/{}/perform/agree_and_hide", foreign.id.0),
            &[],
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    assert!(
        s.app
            .with_conn(|conn| Post::find(conn, elsewhere_post.id))
            .unwrap()
            .hidden_at
            .is_none()
    );
    // In their category they decide, but sanctions stay with forum staff.
    let mine = s
        .pending()
        .into_iter()
        .find(|r| r.post_id == Some(s.post))
        .unwrap();
    let offered: Vec<String> = queue["reviewables"][0]["bundled_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !offered.iter().any(|a| a == "agree_and_suspend"),
        "{offered:?}"
    );
    let done = carol_client
        .post_form(
            &format!("/review/{}/perform/agree_and_hide", mine.id.0),
            &[],
        )
        .await;
    assert_eq!(done.status().as_u16(), 303);
    assert!(s.post().hidden_at.is_some());
    // The forum-wide queue and log stay closed to them.
    assert_eq!(carol_client.get("/admin/logs").await.status().as_u16(), 403);
    // A plain member has no queue at all.
    assert_eq!(bob.get("/review").await.status().as_u16(), 403);
}

#[actix_web::test]
async fn the_staff_log_filters_exports_and_the_public_log_is_opt_in() {
    let s = scene().await;
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/admin/users/{}/silence", s.ada.id.0),
            "mod",
            json!({"silenced_till": "2030-01-01T00:00:00Z", "reason": "Cooling off."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/t/{}/status", s.topic.id.0),
            "mod",
            json!({"status": "closed", "enabled": "true"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let admin = s.client("admin").await;
    let (status, log) = admin
        .get_json("/admin/logs/staff_action_logs.json?action_name=silence_user")
        .await;
    assert_eq!(status, 200, "{log}");
    let rows = log["staff_action_logs"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{log}");
    assert_eq!(rows[0]["acting_user"]["username"], "mod", "{log}");
    assert_eq!(rows[0]["target_user"]["username"], "ada", "{log}");
    assert_eq!(rows[0]["details"], "Cooling off.", "{log}");
    let (status, _) = admin
        .get_json("/admin/logs.json?action_name=nonsense")
        .await;
    assert_eq!(status, 400, "an unknown action is named, not ignored");
    let page = body_of(admin.get("/admin/logs").await, 200).await;
    assert!(
        page.contains("silenced a member") && page.contains("closed a topic"),
        "{page}"
    );
    let csv = admin.get("/admin/logs.csv").await;
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let action = headers
        .iter()
        .position(|h| h == "action")
        .expect("an action column");
    let actions: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[action].to_owned())
        .collect();
    let (_, all) = admin.get_json("/admin/logs.json").await;
    assert_eq!(
        actions.len(),
        all["staff_action_logs"].as_array().unwrap().len(),
        "every row: {csv}"
    );
    for expected in ["silence_user", "topic_closed", "create_category"] {
        assert!(actions.iter().any(|a| a == expected), "{expected}: {csv}");
    }
    // Off by default: /modlog is a 404 that says so.
    let anonymous = s.app.new_client();
    assert_eq!(anonymous.get("/modlog").await.status().as_u16(), 404);
    assert_eq!(
        s.app
            .new_client()
            .get("/admin/logs")
            .await
            .status()
            .as_u16(),
        303
    );
}

#[actix_web::test]
async fn the_public_modlog_shows_outcomes_never_reports() {
    let s = scene_with(|c| c.moderation.public_modlog = true).await;
    let bob = s.client("bob").await;
    assert_eq!(
        flag(
            &bob,
            s.post,
            "code_of_conduct",
            "Private words about this post."
        )
        .await
        .status()
        .as_u16(),
        303
    );
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/admin/users/{}/silence", s.ada.id.0),
            "mod",
            json!({"silenced_till": "2030-01-01", "reason": "Repeated insults."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, log) = s.app.new_client().get_json("/modlog.json").await;
    assert_eq!(status, 200, "{log}");
    let text = log.to_string();
    assert!(
        text.contains("silence_user") && text.contains("Repeated insults."),
        "{text}"
    );
    assert!(
        !text.contains("bob") && !text.contains("Private words"),
        "{text}"
    );
    assert!(
        !text.contains("\"mod\""),
        "moderators are not named by default: {text}"
    );
    let page = body_of(s.app.new_client().get("/modlog").await, 200).await;
    assert!(page.contains("silenced a member"), "{page}");
}

/// Sends a reply to `topic` as `username` through the API; returns the status, the
/// `Retry-After` header and the body.
async fn api_reply(s: &Scene, key: &str, username: &str, n: usize) -> (u16, Option<u64>, Value) {
    let response = s
        .app
        .client
        .raw()
        .post(format!("{}/posts.json", s.app.base))
        .header("Api-Key", key)
        .header("Api-Username", username)
        .json(&json!({"topic_id": s.topic.id.0, "raw": format!("Reply {n} in a hurry.")}))
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

#[actix_web::test]
async fn replies_beyond_the_limit_wait_with_retry_after_and_nothing_is_stored() {
    let s = scene_with(|c| c.posts.replies_per_minute = 3).await;
    let bob = s
        .app
        .with_conn(|c| User::find_by_login(c, "bob"))
        .unwrap()
        .unwrap();
    let key = s.app.api_key(&bob);
    for n in 0..3 {
        let (status, _, body) = api_reply(&s, &key, "bob", n).await;
        assert_eq!(status, 200, "reply {n}: {body}");
    }
    let before = s.app.counts();
    let (status, retry, body) = api_reply(&s, &key, "bob", 3).await;
    assert_eq!(status, 429, "{body}");
    let retry = retry.expect("Retry-After");
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(body["error_type"], "rate_limit");
    assert_eq!(body["extras"]["wait_seconds"], retry, "{body}");
    assert!(
        body["errors"][0]
            .as_str()
            .unwrap()
            .contains("3 replies in the last minute"),
        "{body}"
    );
    assert_eq!(s.app.counts(), before, "nothing was stored");
    // The form says the same and keeps the draft.
    let browser = s.client("bob").await;
    let page = browser
        .post_form(
            &format!("/t/{}/reply", s.topic.id.0),
            &[("raw", "A draft worth keeping."), ("intent", "submit")],
        )
        .await;
    assert_eq!(page.status().as_u16(), 429);
    assert!(page.headers().contains_key("retry-after"));
    let page = page.text().await.unwrap();
    assert!(page.contains("A draft worth keeping."), "{page}");
    assert!(page.contains("in the last minute"), "{page}");
    // Staff are not limited.
    let moderator = s
        .app
        .with_conn(|c| User::find_by_login(c, "mod"))
        .unwrap()
        .unwrap();
    let staff_key = s.app.api_key(&moderator);
    for n in 0..5 {
        let (status, _, body) = api_reply(&s, &staff_key, "mod", n).await;
        assert_eq!(status, 200, "staff reply {n}: {body}");
    }
}

#[actix_web::test]
async fn new_members_have_a_daily_cap_unless_exempt() {
    let s = scene_with(|c| {
        c.posts.new_member_topics_per_day = 2;
        c.posts.topics_per_minute = 0;
    })
    .await;
    let carol = s.user_id("carol");
    let dan = s.user_id("dan");
    s.operate(|tx, operator| {
        services::moderation::set_trust_level(tx, operator, carol, 0, false)?;
        services::moderation::set_trust_level(tx, operator, dan, 0, true)
    });
    let category = s.topic.category_id.0.to_string();
    let carol_client = s.client("carol").await;
    for n in 0..2 {
        assert_eq!(
            start_topic(&carol_client, &category, n)
                .await
                .status()
                .as_u16(),
            303,
            "topic {n}"
        );
    }
    let refused = start_topic(&carol_client, &category, 2).await;
    assert_eq!(refused.status().as_u16(), 429);
    let retry: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 23 * 3600, "about a day: {retry}");
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("New members may write 2 topics a day"),
        "{page}"
    );
    // An exempt newcomer (a project maintainer) is not capped.
    let dan_client = s.client("dan").await;
    for n in 0..3 {
        assert_eq!(
            start_topic(&dan_client, &category, n)
                .await
                .status()
                .as_u16(),
            303,
            "exempt topic {n}"
        );
    }
}

/// Starts a topic through the form as `client`'s member.
async fn start_topic(client: &Client, category: &str, n: usize) -> reqwest::Response {
    let title = format!("A question from a newcomer, number {n}");
    client
        .post_form(
            "/new-topic",
            &[
                ("title", title.as_str()),
                ("raw", "How do I read a NetCDF file lazily?"),
                ("category", category),
                ("intent", "submit"),
            ],
        )
        .await
}

/// The rows of the outbox addressed to `user`: (kind, outcome).
fn outbox_for(s: &Scene, user: UserId) -> Vec<(String, Option<String>)> {
    s.app
        .with_conn(|conn| convene::models::mail_outbox::Outbox::recent(conn, 100))
        .unwrap()
        .into_iter()
        .filter(|row| row.user_id == Some(user))
        .map(|row| (row.kind, row.outcome))
        .collect()
}

#[actix_web::test]
async fn the_member_is_mailed_what_was_done_and_why_as_it_stands_when_the_mail_leaves() {
    use convene::jobs::mail::deliver;
    let s = scene_with(|c| c.moderation.hide_at_score = 1).await;
    let mail_to = |who: &str| {
        let address = format!("{who}@example.org");
        s.app
            .mailbox()
            .into_iter()
            .filter(|mail| mail.to == address)
            .collect::<Vec<_>>()
    };

    // Flags hide ada's post: she is told why, how to put it right, and where the post is;
    // never who flagged it.
    let bob = s.client("bob").await;
    let response = flag(&bob, s.post, "inappropriate", "").await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(s.post().hidden_at.is_some());
    deliver(&s.app.state).expect("deliver");
    let mails = mail_to("ada");
    assert_eq!(mails.len(), 1, "{mails:?}");
    let hidden = &mails[0];
    assert!(hidden.subject.contains("was hidden"), "{}", hidden.subject);
    assert!(hidden.subject.contains("A proposal about arrays"));
    assert!(
        hidden.text.contains("several members flagged it"),
        "{}",
        hidden.text
    );
    assert!(
        hidden.text.contains("at least 10 minutes"),
        "{}",
        hidden.text
    );
    assert!(hidden.text.contains(&format!("/posts/{}", s.post.0)));
    assert!(!hidden.text.contains("bob"), "the flagger is never named");
    assert!(hidden.html.contains("See the post"), "{}", hidden.html);

    // A silence: until when, the moderator's reason, what it means, and where to read more.
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/admin/users/{}/silence", s.ada.id.0),
            "mod",
            json!({"silenced_till": "2030-01-01", "reason": "Cooling off after the thread."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    deliver(&s.app.state).expect("deliver");
    let mails = mail_to("ada");
    let silenced = mails
        .iter()
        .find(|m| m.subject.contains("silenced"))
        .expect("the silence is mailed");
    assert!(
        silenced.subject.contains("2030-01-01 00:00 UTC"),
        "{}",
        silenced.subject
    );
    assert!(
        silenced.text.contains("Cooling off after the thread."),
        "{}",
        silenced.text
    );
    assert!(silenced.text.contains("not start topics, reply, or flag"));
    assert!(silenced.text.contains("/my/moderation"));

    // A suspension lifted before the mail left is not mailed: the outbox says why.
    let carol = s
        .app
        .with_conn(|conn| User::find_by_login(conn, "carol"))
        .unwrap()
        .expect("carol");
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/admin/users/{}/suspend", carol.id.0),
            "mod",
            json!({"suspend_until": "2030-01-01", "reason": "A mistake."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/admin/users/{}/unsuspend.json", carol.id.0),
            "mod",
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let sent = deliver(&s.app.state).expect("deliver");
    assert_eq!(sent.sent, 0, "{sent:?}");
    assert!(mail_to("carol").is_empty());
    let rows = outbox_for(&s, carol.id);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0]
            .1
            .as_deref()
            .is_some_and(|why| why.contains("lifted")),
        "{rows:?}"
    );

    // An official warning is mailed with its words; a private staff note is not.
    for (kind, words) in [
        ("warning", "Please keep to the topic."),
        ("note", "Seems sorry."),
    ] {
        let (status, body) = s
            .api(
                Method::POST,
                &format!("/admin/users/{}/notes.json", carol.id.0),
                "mod",
                json!({"kind": kind, "note": words}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    deliver(&s.app.state).expect("deliver");
    let mails = mail_to("carol");
    assert_eq!(mails.len(), 1, "only the warning: {mails:?}");
    assert!(
        mails[0].subject.contains("official warning"),
        "{}",
        mails[0].subject
    );
    assert!(mails[0].text.contains("Please keep to the topic."));
    assert!(!mails[0].text.contains("Seems sorry."));

    // Suspended, then anonymised before the mail left: nothing goes to the old address.
    let dan = s
        .app
        .with_conn(|conn| User::find_by_login(conn, "dan"))
        .unwrap()
        .expect("dan");
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/admin/users/{}/suspend", dan.id.0),
            "admin",
            json!({"suspend_until": "2030-01-01", "reason": "Spam."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = s
        .api(
            Method::PUT,
            &format!("/admin/users/{}/anonymize.json", dan.id.0),
            "admin",
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(deliver(&s.app.state).expect("deliver").sent, 0);
    assert!(mail_to("dan").is_empty());
}
