//! The authorisation matrix: every route that changes state (each POST, PUT and DELETE in
//! `src/routes/mod.rs`) with the least role that may use it, sent by every role. Those below
//! it are refused (401 for nobody, 403 for the rest) and those at or above it get past the
//! check. A route added to the table without a row here fails the test, so a new capability
//! cannot forget to say who may use it.

use std::collections::BTreeSet;

use convene::models::post::Post;
use convene::models::user::Role;
use reqwest::Method;

use crate::support::TestApp;

/// The least role a route needs, weakest first (nobody, not signed in, is below them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    /// Anyone may use it (sign-up, log-in, mail links): only checked not to fail.
    Anyone,
    /// A signed-in member without a role (acting on content that is not theirs).
    Member,
    /// A forum-wide moderator.
    Moderator,
    /// An admin.
    Admin,
    /// A representative of the core project (the admin is one too). After the roles: no
    /// role brings it.
    Representative,
    /// A member of the steering committee (the admin is one too).
    Committee,
}

/// One route: its method and its first path in the table, the path to send (with ids of
/// things in the forum `fill` builds), a form body, and the least role that may use it.
struct Row {
    method: Method,
    pattern: &'static str,
    path: String,
    body: Vec<(&'static str, String)>,
    least: Level,
}

/// The POST, PUT and DELETE routes in `src/routes/mod.rs`, as (method, first path).
fn mutating_routes() -> BTreeSet<(String, String)> {
    let table = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes/mod.rs"),
    )
    .unwrap();
    let body = &table[table.find("pub fn configure").expect("the URL table")..];
    let mut found = BTreeSet::new();
    for resource in body.split(".service(").skip(1) {
        let Some(first) = resource.split('"').nth(1).filter(|p| p.starts_with('/')) else {
            continue;
        };
        for method in ["post", "put", "delete", "patch"] {
            if resource.contains(&format!(".{method}(")) {
                // The source escapes the regex's backslash; the rows name the pattern itself.
                found.insert((method.to_uppercase(), first.replace("\\\\", "\\")));
            }
        }
    }
    found
}

/// The ids the rows need.
struct Forum {
    topic: i64,
    topic_slug: String,
    post: i64,
    reply: i64,
    /// The topic's third post, which the solution rows mark and unmark.
    answer: i64,
    case: i64,
    /// A member's post (the one the case reports), for flagging.
    theirs: i64,
    category: i64,
    target: i64,
    spare_key: i64,
    /// A watched word, to remove.
    word: i64,
    /// A staff note about the target, to remove.
    note: i64,
    /// A topic to merge into the staff topic.
    spare_topic: i64,
    /// A proposal (an idea, in the proposals category).
    proposal: i64,
    /// The admin's bookmark of the staff topic's first post.
    bookmark: i64,
    /// A tag group (holding the tag `matrix`).
    tag_group: i64,
    /// A member's post with a poll (`poll`), and its first option.
    poll_post: i64,
    poll_option: i64,
}

fn fill(app: &TestApp) -> Forum {
    use convene::services;
    let admin = app.create_user("admin", Role::Admin);
    let target = app.create_user("target", Role::User);
    // General is for questions too, so its moderator may mark a solution there.
    let category = app.create_question_category("General");
    let topic = app.create_topic(&admin, &category, "Staff topic with replies", 2);
    let post = |n| {
        app.with_conn(|c| Post::find_by_number(c, topic.id, n))
            .unwrap()
            .unwrap()
            .id
    };
    let theirs = app.create_topic(&target, &category, "A member's topic to report", 0);
    let reported = app
        .with_conn(|c| Post::find_by_number(c, theirs.id, 1))
        .unwrap()
        .unwrap();
    // A code-of-conduct case the admin reported: not the member's to read or write in.
    let flagged = app.write(|tx| {
        services::moderation::flag(
            tx,
            &convene::auth::Guardian::for_user(&admin),
            &app.config.moderation,
            reported.id,
            convene::models::flag::FlagType::CodeOfConduct,
            Some("Belittling a newcomer."),
        )
    });
    let spare = app.api_key(&target);
    let spare_key = app
        .with_conn(|c| {
            convene::models::api_key::ApiKey::find_by_hash(c, &convene::auth::token::hash(&spare))
        })
        .unwrap()
        .unwrap()
        .0
        .id;
    let word = app
        .write(|tx| {
            services::watched_words::add(
                tx,
                &convene::auth::Guardian::system(),
                "casino",
                convene::models::watched_word::WatchedAction::Block,
            )
        })
        .id;
    let note = app
        .write(|tx| {
            services::user_notes::add(
                tx,
                &convene::auth::Guardian::system(),
                target.id,
                convene::models::user_note::NoteKind::Note,
                "Asked twice about the same build error; patient.",
            )
        })
        .id;
    let spare_topic = app
        .create_topic(&admin, &category, "A topic to merge away", 1)
        .id
        .0;
    let ideas = app.create_proposals_category("Ideas");
    let proposal = app
        .create_topic(&admin, &ideas, "A proposal for the matrix", 0)
        .id
        .0;
    let kept = post(1);
    let bookmark = app
        .write(|tx| {
            let input = services::bookmarks::BookmarkInput {
                name: Some("The admin's".into()),
                reminder_at: None,
            };
            let guardian = convene::auth::Guardian::for_user(&admin);
            services::bookmarks::create(tx, &guardian, kept, &input)
        })
        .id
        .0;
    let tag_group = app
        .write(|tx| {
            let operator = convene::auth::Guardian::system();
            for name in ["matrix", "spare"] {
                services::tags::save_tag(tx, &operator, name, None)?;
            }
            services::tags::save_group(
                tx,
                &operator,
                None,
                &services::tags::GroupDraft {
                    name: "Matrix".into(),
                    tags: Some(vec!["matrix".into()]),
                    categories: Some(Vec::new()),
                },
            )
        })
        .id
        .0;
    let poll_topic = app.create_topic_with(
        &target,
        &category,
        "A member's poll",
        "[poll]\n* yes\n* no\n[/poll]",
    );
    let poll_post = app
        .with_conn(|c| Post::find_by_number(c, poll_topic.id, 1))
        .unwrap()
        .unwrap()
        .id;
    let poll = app
        .with_conn(|c| convene::models::poll::Poll::find(c, poll_post, "poll"))
        .unwrap()
        .unwrap();
    let poll_option = app
        .with_conn(|c| convene::models::poll::Poll::options(c, poll.id))
        .unwrap()[0]
        .id;
    Forum {
        bookmark,
        tag_group,
        poll_post: poll_post.0,
        poll_option,
        word,
        note,
        spare_topic,
        proposal,
        topic: topic.id.0,
        topic_slug: topic.slug.clone(),
        post: post(1).0,
        reply: post(2).0,
        answer: post(3).0,
        case: flagged.reviewable.id.0,
        theirs: reported.id.0,
        category: category.id.0,
        target: target.id.0,
        spare_key,
    }
}

fn rows(f: &Forum) -> Vec<Row> {
    use Level::*;
    let row = |method: Method,
               pattern: &'static str,
               path: String,
               body: &[(&'static str, &str)],
               least| Row {
        method,
        pattern,
        path,
        body: body.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
        least,
    };
    let (t, p, r, c, k, u) = (f.topic, f.post, f.reply, f.case, f.category, f.target);
    let raw = [
        ("raw", "Written by the authorisation matrix."),
        ("intent", "submit"),
    ];
    vec![
        // Topics
        row(
            Method::PUT,
            "/t/{id:\\d+}/status.json",
            format!("/t/{t}/status.json"),
            &[("status", "closed"), ("enabled", "true")],
            Moderator,
        ),
        row(
            Method::POST,
            "/t/{id:\\d+}/status.json",
            format!("/t/{t}/status"),
            &[("status", "closed"), ("enabled", "false")],
            Moderator,
        ),
        row(
            Method::PUT,
            "/t/{id:\\d+}/slow_mode.json",
            format!("/t/{t}/slow_mode.json"),
            &[("seconds", "600")],
            Moderator,
        ),
        row(
            Method::POST,
            "/t/{id:\\d+}/slow_mode.json",
            format!("/t/{t}/slow_mode"),
            &[("seconds", "0")],
            Moderator,
        ),
        row(
            Method::PUT,
            "/t/{slug}/{id:\\d+}.json",
            format!("/t/{}/{t}.json", f.topic_slug),
            &[("title", "A staff topic, renamed by the matrix")],
            Moderator,
        ),
        row(
            Method::PUT,
            "/t/{slug}/{id:\\d+}",
            format!("/t/{}/{t}", f.topic_slug),
            &[("title", "A staff topic, renamed once more")],
            Moderator,
        ),
        row(
            Method::POST,
            "/new-topic",
            "/new-topic".into(),
            &[
                ("title", "A topic from the matrix test"),
                ("raw", "Its first post."),
                ("category", &k.to_string()),
                ("intent", "submit"),
            ],
            Member,
        ),
        row(
            Method::POST,
            "/t/{id:\\d+}/reply",
            format!("/t/{t}/reply"),
            &raw,
            Member,
        ),
        // Posts
        row(
            Method::POST,
            "/posts.json",
            "/posts.json".into(),
            &[
                ("topic_id", &t.to_string()),
                ("raw", "A reply through the API."),
            ],
            Member,
        ),
        row(
            Method::PUT,
            "/posts/{id:\\d+}.json",
            format!("/posts/{p}.json"),
            &[("post[raw]", "Edited by staff only.")],
            Moderator,
        ),
        row(
            Method::POST,
            "/posts/{id:\\d+}/edit",
            format!("/posts/{p}/edit"),
            &[
                ("raw", "Edited by staff only."),
                ("version", "2"),
                ("intent", "submit"),
            ],
            Moderator,
        ),
        row(
            Method::POST,
            "/posts/{id:\\d+}/flag",
            format!("/posts/{}/flag", f.theirs),
            &[("flag_type", "off_topic")],
            Member,
        ),
        row(
            Method::POST,
            "/post_actions.json",
            "/post_actions.json".into(),
            &[("id", &f.theirs.to_string()), ("post_action_type_id", "3")],
            Member,
        ),
        // Bookmarks: any member, their own only (another's bookmark is 404 to them).
        row(
            Method::POST,
            "/bookmarks.json",
            "/bookmarks.json".into(),
            &[("bookmarkable_id", &f.theirs.to_string())],
            Member,
        ),
        row(
            Method::POST,
            "/posts/{id:\\d+}/bookmark",
            format!("/posts/{}/bookmark", f.theirs),
            &[("name", "From the matrix")],
            Member,
        ),
        row(
            Method::PUT,
            "/bookmarks/{id:\\d+}.json",
            format!("/bookmarks/{}.json", f.bookmark),
            &[("name", "Changed by the matrix")],
            Member,
        ),
        row(
            Method::DELETE,
            "/bookmarks/{id:\\d+}.json",
            format!("/bookmarks/{}.json", f.bookmark),
            &[],
            Member,
        ),
        row(
            Method::POST,
            "/bookmarks/{id:\\d+}/delete",
            format!("/bookmarks/{}/delete", f.bookmark),
            &[],
            Member,
        ),
        // Likes: any member but the author (a silenced member too: a like is not a post).
        row(
            Method::POST,
            "/posts/{id:\\d+}/like",
            format!("/posts/{}/like", f.theirs),
            &[],
            Member,
        ),
        row(
            Method::POST,
            "/posts/{id:\\d+}/unlike",
            format!("/posts/{}/unlike", f.theirs),
            &[],
            Member,
        ),
        row(
            Method::DELETE,
            "/post_actions/{id:\\d+}.json",
            format!("/post_actions/{}.json?post_action_type_id=2", f.theirs),
            &[],
            Member,
        ),
        row(
            Method::POST,
            "/solution/accept.json",
            "/solution/accept.json".to_owned(),
            &[("id", &f.answer.to_string())],
            Moderator,
        ),
        row(
            Method::POST,
            "/solution/unaccept.json",
            "/solution/unaccept".to_owned(),
            &[("id", &f.answer.to_string())],
            Moderator,
        ),
        row(
            Method::PUT,
            "/posts/{id:\\d+}/locked.json",
            format!("/posts/{p}/locked.json"),
            &[("locked", "true")],
            Moderator,
        ),
        row(
            Method::POST,
            "/posts/{id:\\d+}/locked.json",
            format!("/posts/{p}/locked"),
            &[("locked", "false")],
            Moderator,
        ),
        row(
            Method::PUT,
            "/posts/{id:\\d+}/hide.json",
            format!("/posts/{p}/hide.json"),
            &[("hidden", "true")],
            Moderator,
        ),
        row(
            Method::POST,
            "/posts/{id:\\d+}/hide.json",
            format!("/posts/{p}/hide"),
            &[("hidden", "false")],
            Moderator,
        ),
        row(
            Method::DELETE,
            "/posts/{id:\\d+}.json",
            format!("/posts/{r}.json"),
            &[],
            Moderator,
        ),
        row(
            Method::POST,
            "/posts/{id:\\d+}/delete",
            format!("/posts/{r}/delete"),
            &[],
            Moderator,
        ),
        row(
            Method::PUT,
            "/posts/{id:\\d+}/recover.json",
            format!("/posts/{r}/recover.json"),
            &[],
            Moderator,
        ),
        row(
            Method::POST,
            "/posts/{id:\\d+}/recover.json",
            format!("/posts/{r}/recover"),
            &[],
            Moderator,
        ),
        // The review queue and cases
        row(
            Method::PUT,
            "/review/{id:\\d+}/perform/{action}",
            format!("/review/{c}/perform/start_review"),
            &[],
            Moderator,
        ),
        row(
            Method::POST,
            "/review/{id:\\d+}/perform/{action}",
            format!("/review/{c}/perform/resolve"),
            &[("note", "Resolved by the matrix.")],
            Moderator,
        ),
        row(
            Method::POST,
            "/review/{id:\\d+}/messages",
            format!("/review/{c}/messages"),
            &[("raw", "A word in the case.")],
            Moderator,
        ),
        // Categories and keys
        row(
            Method::POST,
            "/categories",
            "/categories".into(),
            &[("name", "Matrix one"), ("color", "0088CC")],
            Admin,
        ),
        row(
            Method::POST,
            "/categories.json",
            "/categories.json".into(),
            &[("name", "Matrix two"), ("color", "0088CC")],
            Admin,
        ),
        row(
            Method::PUT,
            "/categories/{id:\\d+}.json",
            format!("/categories/{k}.json"),
            &[("name", "General, renamed")],
            Admin,
        ),
        row(
            Method::POST,
            "/admin/categories",
            "/admin/categories".into(),
            &[("name", "Matrix three"), ("color", "0088CC")],
            Admin,
        ),
        row(
            Method::POST,
            "/admin/categories/{id:\\d+}",
            format!("/admin/categories/{k}"),
            &[("name", "General"), ("color", "0088CC")],
            Admin,
        ),
        row(
            Method::POST,
            "/admin/api-keys",
            "/admin/api-keys".into(),
            &[("all_users", "true"), ("description", "matrix")],
            Admin,
        ),
        row(
            Method::POST,
            "/admin/api-keys/{id:\\d+}/revoke",
            format!("/admin/api-keys/{}/revoke", f.spare_key),
            &[],
            Admin,
        ),
        // Polls: any member votes; the post's author, staff and its moderators close.
        row(
            Method::POST,
            "/polls/vote.json",
            "/polls/vote".into(),
            &[
                ("post_id", &f.poll_post.to_string()),
                ("poll_name", "poll"),
                ("options[]", &f.poll_option.to_string()),
            ],
            Member,
        ),
        row(
            Method::PUT,
            "/polls/vote.json",
            "/polls/vote.json".into(),
            &[
                ("post_id", &f.poll_post.to_string()),
                ("poll_name", "poll"),
                ("options[]", &f.poll_option.to_string()),
            ],
            Member,
        ),
        row(
            Method::DELETE,
            "/polls/vote.json",
            "/polls/vote.json".into(),
            &[("post_id", &f.poll_post.to_string()), ("poll_name", "poll")],
            Member,
        ),
        row(
            Method::POST,
            "/polls/unvote",
            "/polls/unvote".into(),
            &[("post_id", &f.poll_post.to_string()), ("poll_name", "poll")],
            Member,
        ),
        row(
            Method::POST,
            "/polls/toggle_status.json",
            "/polls/toggle_status".into(),
            &[
                ("post_id", &f.poll_post.to_string()),
                ("poll_name", "poll"),
                ("status", "closed"),
            ],
            Moderator,
        ),
        row(
            Method::PUT,
            "/polls/toggle_status.json",
            "/polls/toggle_status.json".into(),
            &[
                ("post_id", &f.poll_post.to_string()),
                ("poll_name", "poll"),
                ("status", "open"),
            ],
            Moderator,
        ),
        // Tags: a topic's by its starter and its category's moderators; the list by staff.
        row(
            Method::POST,
            "/t/{id:\\d+}/tags",
            format!("/t/{}/tags", f.topic),
            &[("tags", "matrix")],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/tags",
            "/admin/tags".into(),
            &[
                ("name", "matrix-new"),
                ("description", "Made by the matrix"),
            ],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/tags/{name}/delete",
            "/admin/tags/spare/delete".into(),
            &[],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/tag-groups",
            "/admin/tag-groups".into(),
            &[("name", "From the matrix"), ("tags", "matrix")],
            Moderator,
        ),
        row(
            Method::POST,
            "/tag_groups.json",
            "/tag_groups.json".into(),
            &[("name", "From the matrix, as JSON")],
            Moderator,
        ),
        row(
            Method::PUT,
            "/tag_groups/{id:\\d+}.json",
            format!("/tag_groups/{}.json", f.tag_group),
            &[("name", "Matrix, renamed")],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/tag-groups/{id:\\d+}",
            format!("/admin/tag-groups/{}", f.tag_group),
            &[("name", "Matrix, renamed again"), ("tags", "")],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/tag-groups/{id:\\d+}/delete",
            format!("/admin/tag-groups/{}/delete", f.tag_group),
            &[],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/watched_words",
            "/admin/watched_words".into(),
            &[("word", "poker"), ("action_key", "censor")],
            Admin,
        ),
        row(
            Method::POST,
            "/admin/customize/watched_words/{id:\\d+}.json",
            format!("/admin/watched_words/{}/delete", f.word),
            &[],
            Admin,
        ),
        row(
            Method::DELETE,
            "/admin/customize/watched_words/{id:\\d+}.json",
            format!("/admin/customize/watched_words/{}.json", f.word),
            &[],
            Admin,
        ),
        // People
        row(
            Method::POST,
            "/users.json",
            "/users.json".into(),
            &[
                ("username", "made_by_matrix"),
                ("email", "matrix@example.org"),
                ("password", "a long enough password"),
                ("name", "Matrix"),
            ],
            Admin,
        ),
        row(
            Method::PUT,
            "/admin/users/{id:\\d+}/suspend.json",
            format!("/admin/users/{u}/suspend.json"),
            &[("suspend_until", "2030-01-01"), ("reason", "Matrix.")],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/users/{id:\\d+}/suspend.json",
            format!("/admin/users/{u}/suspend"),
            &[("days", "3"), ("reason", "Matrix.")],
            Moderator,
        ),
        row(
            Method::PUT,
            "/admin/users/{id:\\d+}/unsuspend.json",
            format!("/admin/users/{u}/unsuspend.json"),
            &[],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/users/{id:\\d+}/unsuspend.json",
            format!("/admin/users/{u}/unsuspend"),
            &[],
            Moderator,
        ),
        row(
            Method::PUT,
            "/admin/users/{id:\\d+}/silence.json",
            format!("/admin/users/{u}/silence.json"),
            &[("silenced_till", "2030-01-01"), ("reason", "Matrix.")],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/users/{id:\\d+}/silence.json",
            format!("/admin/users/{u}/silence"),
            &[("days", "3"), ("reason", "Matrix.")],
            Moderator,
        ),
        row(
            Method::PUT,
            "/admin/users/{id:\\d+}/unsilence.json",
            format!("/admin/users/{u}/unsilence.json"),
            &[],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/users/{id:\\d+}/unsilence.json",
            format!("/admin/users/{u}/unsilence"),
            &[],
            Moderator,
        ),
        row(
            Method::PUT,
            "/admin/users/{id:\\d+}/trust_level.json",
            format!("/admin/users/{u}/trust_level.json"),
            &[("level", "2")],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/users/{id:\\d+}/trust_level.json",
            format!("/admin/users/{u}/trust_level"),
            &[("level", "1")],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/users/{id:\\d+}/notes.json",
            format!("/admin/users/{u}/notes.json"),
            &[("kind", "warning"), ("note", "A warning from the matrix.")],
            Moderator,
        ),
        row(
            Method::POST,
            "/admin/users/{id:\\d+}/notes/{note:\\d+}.json",
            format!("/admin/users/{u}/notes/{}/delete", f.note),
            &[],
            Moderator,
        ),
        row(
            Method::DELETE,
            "/admin/users/{id:\\d+}/notes/{note:\\d+}.json",
            format!("/admin/users/{u}/notes/{}.json", f.note),
            &[],
            Moderator,
        ),
        // Following, preferences, one's own address
        row(
            Method::PUT,
            "/notifications/mark-read.json",
            "/notifications/mark-read.json".into(),
            &[],
            Member,
        ),
        row(
            Method::POST,
            "/notifications/mark-read.json",
            "/notifications/mark-read".into(),
            &[],
            Member,
        ),
        row(
            Method::POST,
            "/t/{id:\\d+}/notifications.json",
            format!("/t/{t}/notifications.json"),
            &[("notification_level", "3")],
            Member,
        ),
        row(
            Method::POST,
            "/category/{id:\\d+}/notifications.json",
            format!("/category/{k}/notifications.json"),
            &[("notification_level", "4")],
            Member,
        ),
        // Read tracking: each member dismisses their own lists (a silenced member too).
        row(
            Method::PUT,
            "/topics/reset-new.json",
            "/topics/reset-new.json".into(),
            &[],
            Member,
        ),
        row(
            Method::POST,
            "/topics/reset-new.json",
            "/topics/reset-new".into(),
            &[],
            Member,
        ),
        row(
            Method::PUT,
            "/topics/dismiss-unread.json",
            "/topics/dismiss-unread.json".into(),
            &[],
            Member,
        ),
        row(
            Method::POST,
            "/topics/dismiss-unread.json",
            "/topics/dismiss-unread".into(),
            &[],
            Member,
        ),
        row(
            Method::POST,
            "/my/preferences",
            "/my/preferences".into(),
            &[("email_level", "always")],
            Member,
        ),
        row(
            Method::POST,
            "/my/email",
            "/my/email".into(),
            &[("email", "new-address@example.org")],
            Member,
        ),
        row(Method::POST, "/verify", "/verify".into(), &[], Member),
        row(Method::POST, "/logout", "/logout".into(), &[], Member),
        // Open to anyone: accounts, sessions, and the links in mail (their tokens are the key)
        row(
            Method::POST,
            "/signup",
            "/signup".into(),
            &[
                ("username", "someone_new"),
                ("email", "new@example.org"),
                ("password", "a long enough password"),
            ],
            Anyone,
        ),
        row(
            Method::POST,
            "/login",
            "/login".into(),
            &[("login", "target"), ("password", "wrong")],
            Anyone,
        ),
        row(
            Method::POST,
            "/verify/{token}",
            "/verify/not-a-token".into(),
            &[],
            Anyone,
        ),
        row(
            Method::POST,
            "/password-reset",
            "/password-reset".into(),
            &[("email", "nobody@example.org")],
            Anyone,
        ),
        row(
            Method::POST,
            "/password-reset/{token}",
            "/password-reset/not-a-token".into(),
            &[("password", "a long enough password")],
            Anyone,
        ),
        row(
            Method::POST,
            "/change-email/{token}",
            "/change-email/not-a-token".into(),
            &[],
            Anyone,
        ),
        row(
            Method::POST,
            "/unsubscribe/{user:\\d+}/{kind}/{signature}",
            format!("/unsubscribe/{u}/digest/bad-signature"),
            &[],
            Anyone,
        ),
        // Near the end: they move posts between topics the rows above use.
        row(
            Method::POST,
            "/t/{id:\\d+}/move-posts.json",
            format!("/t/{t}/move-posts"),
            &[
                ("post_ids[]", &r.to_string()),
                ("title", "Split off by the matrix"),
                ("category_id", &k.to_string()),
            ],
            Moderator,
        ),
        row(
            Method::POST,
            "/t/{id:\\d+}/merge-topic.json",
            format!("/t/{}/merge-topic.json", f.spare_topic),
            &[("destination_topic_id", &t.to_string())],
            Moderator,
        ),
        // Proposals: the committee decides and edits, representatives act for their project
        row(
            Method::PUT,
            "/proposals/{id:\\d+}/details.json",
            format!("/proposals/{}/details.json", f.proposal),
            &[("kind", "process"), ("authors", "admin")],
            Committee,
        ),
        row(
            Method::POST,
            "/proposals/{id:\\d+}/details.json",
            format!("/proposals/{}/details", f.proposal),
            &[("kind", "standard"), ("authors", "admin\nAda Lovelace")],
            Committee,
        ),
        row(
            Method::PUT,
            "/proposals/{id:\\d+}/stage.json",
            format!("/proposals/{}/stage.json", f.proposal),
            &[("stage", "accepted"), ("reason", "The matrix accepts it.")],
            Committee,
        ),
        row(
            Method::POST,
            "/proposals/{id:\\d+}/stage.json",
            format!("/proposals/{}/stage", f.proposal),
            &[("stage", "published")],
            Committee,
        ),
        row(
            Method::POST,
            "/proposals/{id:\\d+}/endorse.json",
            format!("/proposals/{}/endorse.json", f.proposal),
            &[("project", "numpy"), ("note", "Endorsed by the matrix.")],
            Representative,
        ),
        row(
            Method::POST,
            "/proposals/{id:\\d+}/confirm-endorsement.json",
            format!("/proposals/{}/confirm-endorsement", f.proposal),
            &[("project", "numpy")],
            Representative,
        ),
        row(
            Method::POST,
            "/proposals/{id:\\d+}/withdraw-endorsement.json",
            format!("/proposals/{}/withdraw-endorsement.json", f.proposal),
            &[("project", "numpy")],
            Representative,
        ),
        row(
            Method::POST,
            "/proposals/{id:\\d+}/adopt.json",
            format!("/proposals/{}/adopt.json", f.proposal),
            &[("project", "numpy"), ("url", "https://numpy.org/neps/")],
            Representative,
        ),
        row(
            Method::POST,
            "/proposals/{id:\\d+}/withdraw-adoption.json",
            format!("/proposals/{}/withdraw-adoption", f.proposal),
            &[("project", "numpy")],
            Representative,
        ),
        row(
            Method::POST,
            "/admin/projects.json",
            "/admin/projects.json".to_owned(),
            &[("slug", "scipy"), ("name", "SciPy"), ("is_core", "true")],
            Admin,
        ),
        row(
            Method::POST,
            "/admin/projects/representatives.json",
            "/admin/projects/representatives".to_owned(),
            &[("project", "numpy"), ("username", "target")],
            Admin,
        ),
        row(
            Method::POST,
            "/admin/groups/members.json",
            "/admin/groups/members.json".to_owned(),
            &[("group", "steering-committee"), ("username", "target")],
            Admin,
        ),
        row(
            Method::POST,
            "/admin/groups.json",
            "/admin/groups".to_owned(),
            &[
                ("name", "maintainers"),
                ("exempt_new_member_limits", "true"),
            ],
            Admin,
        ),
        row(
            Method::PUT,
            "/admin/groups/exemption.json",
            "/admin/groups/exemption.json".to_owned(),
            &[("group", "maintainers"), ("exempt", "false")],
            Admin,
        ),
        row(
            Method::POST,
            "/admin/groups/exemption.json",
            "/admin/groups/exemption".to_owned(),
            &[("group", "maintainers"), ("exempt", "true")],
            Admin,
        ),
        // Last: the admin's request anonymises the target, whose key and sessions end.
        row(
            Method::PUT,
            "/admin/users/{id:\\d+}/anonymize.json",
            format!("/admin/users/{u}/anonymize.json"),
            &[],
            Admin,
        ),
        row(
            Method::POST,
            "/admin/users/{id:\\d+}/anonymize.json",
            format!("/admin/users/{u}/anonymize"),
            &[("confirm", "true"), ("delete_posts", "false")],
            Admin,
        ),
    ]
}

/// Who sends the requests: every kind of caller the issue names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    /// A member at trust level 1.
    Member,
    /// A member at trust level 0: may post, may not flag.
    NewMember,
    /// A silenced member: may read, follow and set preferences; not post, edit or flag.
    Silenced,
    /// A suspended member: their API key is refused everywhere.
    Suspended,
    /// A moderator of the category the rows' topic and posts are in.
    CategoryModeratorHere,
    /// A moderator of another category only.
    CategoryModeratorElsewhere,
    /// A forum-wide moderator.
    Moderator,
    /// An admin (on the committee, and a representative of the core project).
    Admin,
    /// A member on the steering committee.
    Committee,
    /// A member representing the core project.
    Representative,
}

/// Rows whose route writes content (a silenced member is refused them).
const CONTENT: [&str; 5] = [
    "/new-topic",
    "/t/{id:\\d+}/reply",
    "/posts.json",
    "/posts/{id:\\d+}/flag",
    "/post_actions.json",
];
/// Rows that flag (a new member is refused them).
const FLAGGING: [&str; 2] = ["/posts/{id:\\d+}/flag", "/post_actions.json"];

impl Caller {
    /// Whether `caller` may use `row`.
    fn may(self, row: &Row) -> bool {
        let in_category = row.pattern.starts_with("/t/")
            || row.pattern.starts_with("/posts")
            || row.pattern.starts_with("/solution")
            || row.pattern.starts_with("/polls")
            || row.pattern.starts_with("/review");
        match self {
            Caller::Suspended => false,
            Caller::Admin => true,
            Caller::Moderator => row.least <= Level::Moderator,
            Caller::CategoryModeratorHere => {
                row.least <= Level::Member || (row.least == Level::Moderator && in_category)
            }
            Caller::Member | Caller::CategoryModeratorElsewhere => row.least <= Level::Member,
            Caller::Committee => row.least <= Level::Member || row.least == Level::Committee,
            Caller::Representative => {
                row.least <= Level::Member || row.least == Level::Representative
            }
            Caller::NewMember => row.least <= Level::Member && !FLAGGING.contains(&row.pattern),
            Caller::Silenced => row.least <= Level::Member && !CONTENT.contains(&row.pattern),
        }
    }
}

/// Row counts of every table a state-changing route writes: a refused request leaves them all
/// as they were (every moderation action also writes a staff log row, so changes that add no
/// row of their own, like hiding a post, show there).
fn fingerprint(app: &TestApp) -> Vec<i64> {
    use convene::db::schema::*;
    use diesel::prelude::*;
    app.with_conn(|c| {
        vec![
            topics::table.count().get_result(c).unwrap(),
            topics::table
                .filter(topics::solution_post_id.is_not_null())
                .count()
                .get_result(c)
                .unwrap(),
            posts::table.count().get_result(c).unwrap(),
            post_revisions::table.count().get_result(c).unwrap(),
            post_actions::table.count().get_result(c).unwrap(),
            post_likes::table.count().get_result(c).unwrap(),
            bookmarks::table.count().get_result(c).unwrap(),
            bookmarks::table
                .filter(bookmarks::name.is_not_null())
                .count()
                .get_result(c)
                .unwrap(),
            reviewables::table.count().get_result(c).unwrap(),
            case_messages::table.count().get_result(c).unwrap(),
            staff_action_logs::table.count().get_result(c).unwrap(),
            categories::table.count().get_result(c).unwrap(),
            category_moderators::table.count().get_result(c).unwrap(),
            api_keys::table.count().get_result(c).unwrap(),
            users::table.count().get_result(c).unwrap(),
            user_options::table.count().get_result(c).unwrap(),
            topic_users::table.count().get_result(c).unwrap(),
            category_users::table.count().get_result(c).unwrap(),
            email_tokens::table.count().get_result(c).unwrap(),
            mail_outbox::table.count().get_result(c).unwrap(),
            user_notes::table.count().get_result(c).unwrap(),
            tags::table.count().get_result(c).unwrap(),
            poll_votes::table.count().get_result(c).unwrap(),
            polls::table
                .filter(polls::closed_at.is_not_null())
                .count()
                .get_result(c)
                .unwrap(),
            topic_tags::table.count().get_result(c).unwrap(),
            tag_groups::table.count().get_result(c).unwrap(),
            tag_group_tags::table.count().get_result(c).unwrap(),
            proposal_events::table.count().get_result(c).unwrap(),
            proposal_endorsements::table.count().get_result(c).unwrap(),
            proposal_adoptions::table.count().get_result(c).unwrap(),
            projects::table.count().get_result(c).unwrap(),
            project_representatives::table
                .count()
                .get_result(c)
                .unwrap(),
            group_members::table.count().get_result(c).unwrap(),
            groups::table.count().get_result(c).unwrap(),
            groups::table
                .filter(groups::exempt_new_member_limits)
                .count()
                .get_result(c)
                .unwrap(),
            users::table
                .filter(users::dismissed_new_at.is_not_null())
                .count()
                .get_result(c)
                .unwrap(),
        ]
    })
}

#[actix_web::test]
async fn every_state_changing_route_refuses_those_below_its_role() {
    use convene::services::{self, moderation};
    let app = TestApp::spawn_with(TestApp::unlimited_posting).await;
    let forum = fill(&app);
    let made = |name: &str, role| app.create_user(name, role);
    let member = made("member", Role::User);
    let newcomer = made("newcomer", Role::User);
    let silenced = made("quiet", Role::User);
    let suspended = made("away", Role::User);
    let here = made("catmod_here", Role::User);
    let elsewhere = made("catmod_elsewhere", Role::User);
    let moderator = made("moderator", Role::Moderator);
    let committee = made("committee", Role::User);
    let representative = made("representative", Role::User);
    let admin = app
        .with_conn(|c| convene::models::user::User::find_by_login(c, "admin"))
        .unwrap()
        .unwrap();
    let other = app.create_category("Elsewhere", false, None);
    let keys: Vec<(Caller, String, String)> = [
        (Caller::Member, &member),
        (Caller::NewMember, &newcomer),
        (Caller::Silenced, &silenced),
        (Caller::Suspended, &suspended),
        (Caller::CategoryModeratorHere, &here),
        (Caller::CategoryModeratorElsewhere, &elsewhere),
        (Caller::Moderator, &moderator),
        (Caller::Admin, &admin),
        (Caller::Committee, &committee),
        (Caller::Representative, &representative),
    ]
    .into_iter()
    .map(|(caller, user)| (caller, app.api_key(user), user.username.clone()))
    .collect();
    let settings = app.config.moderation.clone();
    let until = convene::db::now() + chrono::Duration::days(30);
    app.write(|tx| {
        let operator = convene::auth::Guardian::system();
        let general = convene::models::ids::CategoryId(forum.category);
        moderation::set_trust_level(tx, &operator, newcomer.id, 0, false)?;
        moderation::set_category_moderator(tx, &operator, general, here.id, true)?;
        moderation::set_category_moderator(tx, &operator, other.id, elsewhere.id, true)?;
        for (person, kind) in [
            (&silenced, moderation::Sanction::Silence),
            (&suspended, moderation::Sanction::Suspend),
        ] {
            moderation::sanction(
                tx,
                &operator,
                &settings,
                person.id,
                kind,
                Some(until),
                Some("The matrix."),
            )?;
        }
        let group = app.config.proposals.committee_group.clone();
        services::projects::ensure_group(tx, &operator, &group, "Steering committee")?;
        let numpy = services::projects::ProjectDraft {
            slug: "numpy".into(),
            name: "NumPy".into(),
            is_core: true,
            ..Default::default()
        };
        services::projects::save_project(tx, &operator, &numpy)?;
        for person in [&admin, &committee] {
            services::projects::set_group_member(tx, &operator, &group, &person.username, true)?;
        }
        for person in [&admin, &representative] {
            services::projects::set_representative(tx, &operator, "numpy", &person.username, true)?;
        }
        Ok::<_, services::ServiceError>(())
    });
    let rows = rows(&forum);

    // Every route in the table has its row, and every row names a route in the table.
    let listed: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r.method.to_string(), r.pattern.to_owned()))
        .collect();
    let routes = mutating_routes();
    let missing: Vec<_> = routes.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the matrix: {missing:?}"
    );
    let stale: Vec<_> = listed.difference(&routes).collect();
    assert!(
        stale.is_empty(),
        "rows for routes the table no longer has: {stale:?}"
    );

    let anonymous = app.new_client();
    let csrf = anonymous.csrf_token().await;
    let mut failures = Vec::new();
    let mut refusals = 0;
    for row in &rows {
        let label = format!("{} {}", row.method, row.path);
        // Nobody, as a browser with a CSRF token (so only the authorisation can refuse).
        let mut body = row.body.clone();
        body.push(("csrf_token", csrf.clone()));
        let before = fingerprint(&app);
        let response = anonymous
            .raw()
            .request(row.method.clone(), format!("{}{}", app.base, row.path))
            .header("Accept", "application/json")
            .form(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        match row.least {
            Level::Anyone if status >= 500 => failures.push(format!("{label} as nobody: {status}")),
            Level::Anyone => {}
            _ if status != 401 => failures.push(format!("{label} as nobody: {status}, not 401")),
            _ if fingerprint(&app) != before => {
                failures.push(format!("{label} as nobody: refused, but something changed"));
            }
            _ => refusals += 1,
        }
        if row.least == Level::Anyone {
            continue;
        }
        // Those refused first, so what the allowed ones change cannot hide a refusal.
        let mut order: Vec<&(Caller, String, String)> = keys.iter().collect();
        order.sort_by_key(|(caller, ..)| caller.may(row));
        for (caller, key, username) in order {
            let before = fingerprint(&app);
            let response = app
                .client
                .raw()
                .request(row.method.clone(), format!("{}{}", app.base, row.path))
                .header("Accept", "application/json")
                .header("Api-Key", key)
                .header("Api-Username", username)
                .form(&row.body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let text = response.text().await.unwrap_or_default();
            if !caller.may(row) {
                if status != 403 {
                    failures.push(format!("{label} as {caller:?}: {status}, not 403: {text}"));
                } else if fingerprint(&app) != before {
                    failures.push(format!(
                        "{label} as {caller:?}: refused, but something changed"
                    ));
                } else {
                    refusals += 1;
                }
            } else if status == 401 || status == 403 || status >= 500 {
                failures.push(format!("{label} as {caller:?}: {status}: {text}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "the matrix does not hold:\n{}",
        failures.join("\n")
    );
    assert!(refusals > 200, "only {refusals} refusals were checked");
}
