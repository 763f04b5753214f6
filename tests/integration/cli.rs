//! The `convene` command line, run as a real process against a test database.

use std::process::{Command, Output};

use convene::db::Db;
use convene::models::category::Category;
use convene::models::user::{Role, User};

use crate::support::TestDatabase;

fn convene(db: &TestDatabase, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(args)
        .env("CONVENE__DATABASE__URL", &db.url)
        .env("CONVENE__SEARCH__DIRECTORY", db.scratch("search"))
        .env("CONVENE__LOG__LEVEL", "warn")
        .output()
        .expect("run convene")
}

/// Runs `convene user create` with a made-up address for `username`, with `role` if given.
fn create_user(db: &TestDatabase, username: &str, password: &str, role: Option<&str>) -> Output {
    let email = format!("{username}@example.org");
    let mut args = vec![
        "user",
        "create",
        "--username",
        username,
        "--email",
        &email,
        "--password",
        password,
    ];
    if let Some(role) = role {
        args.extend(["--role", role]);
    }
    convene(db, &args)
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn operators_manage_users_roles_keys_and_categories_from_the_command_line() {
    let db = TestDatabase::create();
    let out = convene(&db, &["migrate"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = create_user(&db, "root", "a long password", Some("admin"));
    assert!(out.status.success(), "{}", text(&out));
    let out = create_user(&db, "ada", "another long one", None);
    assert!(out.status.success(), "{}", text(&out));
    let out = convene(&db, &["user", "role", "ada", "moderator"]);
    assert!(
        out.status.success() && text(&out).contains("ada is now moderator"),
        "{}",
        text(&out)
    );
    let duplicate = convene(
        &db,
        &[
            "user",
            "create",
            "--username",
            "ADA",
            "--email",
            "x@example.org",
            "--password",
            "another long one",
        ],
    );
    assert!(
        !duplicate.status.success() && text(&duplicate).contains("is taken"),
        "{}",
        text(&duplicate)
    );

    let out = convene(
        &db,
        &["api-key", "create", "--user", "ada", "--description", "bot"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let key = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(key.len(), 64, "the key alone is printed on stdout");

    let out = convene(
        &db,
        &[
            "category",
            "create",
            "--name",
            "Proposals",
            "--description",
            "SPECs",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = convene(
        &db,
        &[
            "category",
            "create",
            "--name",
            "Ideas",
            "--parent",
            "proposals",
            "--read-only",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = convene(&db, &["category", "list"]);
    assert!(text(&out).contains("Proposals") && text(&out).contains("(read-only)"));
    let bad = convene(
        &db,
        &[
            "category", "create", "--name", "Deeper", "--parent", "ideas",
        ],
    );
    assert!(
        !bad.status.success() && text(&bad).contains("top-level"),
        "{}",
        text(&bad)
    );

    let handle = Db::connect(&db.url, 1).unwrap();
    let mut conn = handle.read_conn().unwrap();
    let ada = User::find_by_username(&mut conn, "ada").unwrap().unwrap();
    assert_eq!(ada.role, Role::Moderator);
    let owner = convene::models::api_key::ApiKey::find_by_hash(
        &mut conn,
        &convene::auth::token::hash(&key),
    )
    .unwrap();
    assert_eq!(owner.map(|(_, u)| u.username), Some("ada".to_owned()));
    let ideas = Category::find_by_slug(&mut conn, "ideas").unwrap().unwrap();
    assert!(ideas.read_only && ideas.parent_id.is_some());
}

#[test]
fn operators_set_trust_levels_and_category_moderators_from_the_command_line() {
    let db = TestDatabase::create();
    assert!(convene(&db, &["migrate"]).status.success());
    assert!(
        create_user(&db, "grace", "a long password", None)
            .status
            .success()
    );
    let out = convene(
        &db,
        &["category", "create", "--name", "Q&A", "--slug", "q-and-a"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = convene(&db, &["user", "trust", "grace", "3", "--exempt"]);
    assert!(
        out.status.success() && text(&out).contains("trust level 3 (regular), exempt"),
        "{}",
        text(&out)
    );
    let bad = convene(&db, &["user", "trust", "grace", "7"]);
    assert!(
        !bad.status.success() && text(&bad).contains("0..=4"),
        "{}",
        text(&bad)
    );
    let out = convene(&db, &["category", "moderator", "q-and-a", "grace"]);
    assert!(
        out.status.success() && text(&out).contains("grace now moderates Q&A"),
        "{}",
        text(&out)
    );
    let nowhere = convene(&db, &["category", "moderator", "nowhere", "grace"]);
    assert!(!nowhere.status.success() && text(&nowhere).contains("no category"));

    let handle = Db::connect(&db.url, 1).unwrap();
    let mut conn = handle.read_conn().unwrap();
    let grace = User::find_by_username(&mut conn, "grace").unwrap().unwrap();
    assert_eq!(
        (grace.trust_level, grace.new_member_limits_exempt),
        (3, true)
    );
    let moderated =
        convene::models::category::CategoryModerators::moderated_by(&mut conn, grace.id).unwrap();
    assert_eq!(moderated.len(), 1);
    drop(conn);

    let out = convene(
        &db,
        &["category", "moderator", "q-and-a", "grace", "--remove"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let again = convene(
        &db,
        &["category", "moderator", "q-and-a", "grace", "--remove"],
    );
    assert!(
        !again.status.success(),
        "removing twice says so: {}",
        text(&again)
    );
    let mut conn = handle.read_conn().unwrap();
    let moderated =
        convene::models::category::CategoryModerators::moderated_by(&mut conn, grace.id).unwrap();
    assert!(moderated.is_empty());
}

#[test]
fn operators_make_list_and_revoke_api_keys_from_the_command_line() {
    let db = TestDatabase::create();
    assert!(convene(&db, &["migrate"]).status.success());
    let orphan = convene(&db, &["api-key", "create", "--all-users"]);
    assert!(
        !orphan.status.success() && text(&orphan).contains("make one first"),
        "an all-users key needs an admin to be recorded as its maker: {}",
        text(&orphan)
    );
    let neither = convene(&db, &["api-key", "create"]);
    assert!(
        !neither.status.success(),
        "--user or --all-users is required"
    );
    let out = create_user(&db, "root", "a long enough password", Some("admin"));
    assert!(out.status.success(), "{}", text(&out));

    let out = convene(
        &db,
        &[
            "api-key",
            "create",
            "--all-users",
            "--scope",
            "global:read",
            "--scope",
            "topics:write",
            "--description",
            "release bot",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let key = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(key.len(), 64, "the key alone is printed on stdout");
    let bad_scope = convene(
        &db,
        &[
            "api-key",
            "create",
            "--user",
            "root",
            "--scope",
            "topics:everything",
        ],
    );
    assert!(
        !bad_scope.status.success() && text(&bad_scope).contains("global:read, topics:read"),
        "an unknown scope is refused with the list of known ones: {}",
        text(&bad_scope)
    );
    let out = convene(&db, &["api-key", "create", "--user", "root"]);
    assert!(out.status.success(), "{}", text(&out));

    let list = text(&convene(&db, &["api-key", "list"]));
    assert!(
        list.contains(
            "all users (made by root), scopes: global:read topics:write; never used — release bot"
        ),
        "{list}"
    );
    assert!(list.contains("   2  root; never used"), "{list}");

    let handle = Db::connect(&db.url, 1).unwrap();
    let find = || {
        let mut conn = handle.read_conn().unwrap();
        convene::models::api_key::ApiKey::find_by_hash(&mut conn, &convene::auth::token::hash(&key))
            .unwrap()
            .expect("the key is stored by its hash")
            .0
    };
    let stored = find();
    assert!(stored.all_users && stored.revoked_at.is_none());
    let out = convene(&db, &["api-key", "revoke", &stored.id.to_string()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(find().revoked_at.is_some());
    let again = convene(&db, &["api-key", "revoke", &stored.id.to_string()]);
    assert!(again.status.success(), "revoking twice is not an error");
    let list = text(&convene(&db, &["api-key", "list"]));
    assert!(list.contains("never used, revoked"), "{list}");
    let missing = convene(&db, &["api-key", "revoke", "99"]);
    assert!(
        !missing.status.success() && text(&missing).contains("no API key with id 99"),
        "{}",
        text(&missing)
    );
}

#[test]
fn bad_configuration_is_reported_with_what_to_fix() {
    let db = TestDatabase::create();
    let out = Command::new(env!("CARGO_BIN_EXE_convene"))
        .arg("migrate")
        .env("CONVENE__DATABASE__URL", "mysql://nope")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("must start with sqlite:// or postgres://"),
        "{}",
        text(&out)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_convene"))
        .arg("migrate")
        .env("CONVENE__DATABASE__URL", &db.url)
        .env("CONVENE__SERVER__BINDD", "x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("bindd"),
        "an unknown key is named: {}",
        text(&out)
    );
}

#[test]
fn rebake_renders_every_post_and_earlier_version_again_and_saves_what_changed() {
    use convene::auth::Guardian;
    use convene::db::schema::{post_revisions, posts};
    use convene::models::category::{CategoryDraft, CategoryInput};
    use convene::models::post::EditInput;
    use convene::models::topic::NewTopicInput;
    use convene::models::user::SignupInput;
    use convene::services::{self, account::PasswordHash};
    use diesel::prelude::*;

    let db = TestDatabase::create();
    let out = convene(&db, &["migrate"]);
    assert!(out.status.success(), "{}", text(&out));
    let handle = Db::connect(&db.url, 1).unwrap();
    let mut conn = handle.write_conn().unwrap();
    // A member starts a topic and edits it once, so there is a post and an earlier version.
    let signup =
        SignupInput::validate("ada", "ada@example.org", "", "a long password", 10).unwrap();
    let ada = services::run(&mut conn, |tx| {
        services::account::create(
            tx,
            &signup,
            &PasswordHash("not checked here".into()),
            Role::User,
            services::account::Joining::SETTLED,
        )
    })
    .unwrap();
    let draft = CategoryDraft {
        name: "General".into(),
        ..CategoryDraft::default()
    };
    let input = CategoryInput::validate(&draft).unwrap();
    let category = services::run(&mut conn, |tx| {
        services::category::create(tx, &Guardian::system(), &input)
    })
    .unwrap();
    let first = "See [the docs](https://numpy.org) and @ada.";
    let topic = NewTopicInput::new("Rebake me", Some(category.id), first.into(), 1000).unwrap();
    let guardian = Guardian::for_user(&ada);
    let (_, post) = services::run(&mut conn, |tx| {
        services::topic::create(tx, &guardian, &topic, &convene::markdown::cook(first))
    })
    .unwrap();
    let second = "Now with `code`.";
    let edit = EditInput::new(post.id, second.into(), None, 1, None, 1000).unwrap();
    services::run(&mut conn, |tx| {
        services::post::edit(tx, &guardian, &edit, &convene::markdown::cook(second))
    })
    .unwrap();
    // What an older renderer stored.
    diesel::update(posts::table)
        .set(posts::cooked.eq("<p>rendered by an older version</p>"))
        .execute(&mut *conn)
        .unwrap();
    diesel::update(post_revisions::table)
        .set(post_revisions::cooked.eq("<p>rendered by an older version</p>"))
        .execute(&mut *conn)
        .unwrap();
    drop(conn);

    let out = convene(&db, &["rebake"]);
    assert!(
        out.status.success()
            && text(&out).contains("1 post and 1 earlier version again; 2 renderings changed"),
        "{}",
        text(&out)
    );
    let mut conn = handle.read_conn().unwrap();
    let (version, cooked): (i32, String) = posts::table
        .find(post.id)
        .select((posts::version, posts::cooked))
        .first(&mut conn)
        .unwrap();
    assert_eq!(version, 2, "rebaking makes no new version");
    assert_eq!(cooked, convene::markdown::cook(second).as_str());
    let old: String = post_revisions::table
        .select(post_revisions::cooked)
        .first(&mut conn)
        .unwrap();
    assert_eq!(old, convene::markdown::cook(first).as_str());

    let again = convene(&db, &["rebake"]);
    assert!(
        text(&again).contains("0 renderings changed"),
        "{}",
        text(&again)
    );
}

#[test]
fn help_lists_every_command() {
    let out = Command::new(env!("CARGO_BIN_EXE_convene"))
        .arg("--help")
        .output()
        .unwrap();
    let help = text(&out);
    for command in [
        "serve", "migrate", "demo", "rebake", "reindex", "user", "api-key", "category", "digest",
        "mail", "backup", "restore",
    ] {
        assert!(help.contains(command), "--help mentions {command}");
    }
}

#[test]
fn docker_compose_settings_are_valid_configuration() {
    let compose =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docker-compose.yml"))
            .unwrap();
    let settings: Vec<(String, String)> = compose
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("CONVENE__"))
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_owned(), v.trim_matches('"').to_owned()))
        .collect();
    assert!(
        settings.iter().any(|(k, _)| k == "CONVENE__DATABASE__URL"),
        "{settings:?}"
    );
    assert!(
        settings
            .iter()
            .any(|(k, v)| k == "CONVENE__SERVER__BIND" && v == "0.0.0.0:8080")
    );
    // Every key the compose file sets must be one convene knows (unknown keys are an error);
    // the database URL is swapped for this test's own database.
    let db = TestDatabase::create();
    let mut command = Command::new(env!("CARGO_BIN_EXE_convene"));
    command.arg("migrate");
    for (key, value) in &settings {
        let value = if key == "CONVENE__DATABASE__URL" {
            db.url.clone()
        } else {
            value.clone()
        };
        command.env(key, value);
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
}

/// Stops the child process when the test ends, however it ends.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[actix_web::test]
async fn serve_creates_migrates_and_serves_the_configured_database_on_the_configured_address() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("nested").join("forum.db");
    // A free port: bind, read it, release it for the server.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = Running(
        Command::new(env!("CARGO_BIN_EXE_convene"))
            .arg("serve")
            .env(
                "CONVENE__DATABASE__URL",
                format!("sqlite://{}", db_path.display()),
            )
            .env("CONVENE__SERVER__BIND", format!("127.0.0.1:{port}"))
            .env("CONVENE__LOG__LEVEL", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let client = reqwest::Client::new();
    let mut health = None;
    for _ in 0..100 {
        if let Ok(response) = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
        {
            health = Some(response.status().as_u16());
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        health,
        Some(200),
        "the server answered on the configured address"
    );
    let front = client
        .get(format!("http://127.0.0.1:{port}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(front.status().as_u16(), 200);
    assert!(
        db_path.exists(),
        "the SQLite file (and its folder) was created"
    );
    drop(server);
}

#[test]
fn demo_grows_to_the_posts_asked_for_with_topics_that_add_up() {
    use convene::db::schema::{posts, topics, users};
    use convene::models::ids::TopicId;
    use diesel::dsl::count_star;
    use diesel::prelude::*;
    let db = TestDatabase::create();
    assert!(convene(&db, &["migrate"]).status.success());
    let out = convene(&db, &["demo", "--posts", "6000"]);
    assert!(
        out.status.success() && text(&out).contains("(6000 in all)"),
        "{}",
        text(&out)
    );
    let handle = Db::connect(&db.url, 1).unwrap();
    let mut conn = handle.read_conn().unwrap();
    let total: i64 = posts::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(total, 6000);

    // Each topic's counters are what its posts say, and its posts are numbered 1, 2, 3, …
    // (but for the demo's merged duplicate, whose posts now live in the topic it joined).
    let stored: Vec<(TopicId, i32, i32)> = topics::table
        .filter(topics::merged_into.is_null())
        .select((topics::id, topics::posts_count, topics::highest_post_number))
        .load(&mut *conn)
        .unwrap();
    let counted: std::collections::HashMap<TopicId, (i64, Option<i32>)> = posts::table
        .group_by(posts::topic_id)
        .select((
            posts::topic_id,
            count_star(),
            diesel::dsl::max(posts::post_number),
        ))
        .load::<(TopicId, i64, Option<i32>)>(&mut *conn)
        .unwrap()
        .into_iter()
        .map(|(id, n, max)| (id, (n, max)))
        .collect();
    for (id, posts_count, highest) in &stored {
        assert_eq!(
            counted.get(id),
            Some(&(i64::from(*posts_count), Some(*highest))),
            "topic {id}"
        );
        assert_eq!(posts_count, highest, "topic {id} is numbered without gaps");
    }
    // A long tail: one long topic (a tenth of what was grown), many topics short (the demo's
    // own topics all have 3 to 22 replies, so a fifth of all).
    let longest = stored.iter().map(|t| t.1).max().unwrap();
    assert!(longest >= 300, "the long topic has {longest} posts");
    let short = stored.iter().filter(|t| t.1 <= 5).count();
    assert!(
        short * 5 > stored.len(),
        "{short} of {} topics are short",
        stored.len()
    );
    // Generated posts are rendered like any other: code blocks and tables among them.
    let cooked: Vec<String> = posts::table
        .select(posts::cooked)
        .order(posts::id.desc())
        .limit(500)
        .load(&mut *conn)
        .unwrap();
    assert!(cooked.iter().all(|c| c.starts_with('<')));
    assert!(
        cooked.iter().any(|c| c.contains("<pre")) && cooked.iter().any(|c| c.contains("<table"))
    );
    let people: i64 = users::table
        .select(count_star())
        .get_result(&mut *conn)
        .unwrap();
    assert!(
        people > 42 + 100,
        "{people} people: the demo's and many more"
    );

    // The demo loads into an empty forum only; a second run refuses and changes nothing.
    let again = convene(&db, &["demo", "--posts", "100"]);
    assert!(!again.status.success(), "{}", text(&again));
    let after: i64 = posts::table.count().get_result(&mut *conn).unwrap();
    assert_eq!(after, 6000);
}

#[test]
fn reindex_rebuilds_the_search_index_from_every_post_and_says_how_fast() {
    let db = TestDatabase::create();
    let out = convene(&db, &["demo"]);
    assert!(out.status.success(), "{}", text(&out));
    // Every post a search may find: the demo's moderation history hides a few, and hidden
    // and deleted posts stay out of the index.
    let posts: i64 = {
        use convene::db::schema::posts;
        use diesel::prelude::*;
        let handle = Db::connect(&db.url, 1).unwrap();
        let mut conn = handle.read_conn().unwrap();
        posts::table
            .filter(posts::hidden_at.is_null())
            .filter(posts::deleted_at.is_null())
            .count()
            .get_result(&mut *conn)
            .unwrap()
    };
    let out = convene(&db, &["reindex"]);
    assert!(out.status.success(), "{}", text(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with(&format!("Indexed {posts} posts in ")),
        "{said}"
    );
    assert!(said.contains("posts/s"), "{said}");
    // The index it wrote is the one a node opens: current, nothing to rebuild.
    let index = convene::search::SearchIndex::open(&db.scratch("search")).unwrap();
    assert_eq!(index.documents(), u64::try_from(posts).unwrap());
    assert!(index.progress().rebuilding.is_none());
    // One segment when it exits. (The demo's posts fit one segment anyway; the merge of many
    // is tested in search.rs, `merging_segments_into_one_keeps_every_post_findable`.)
    assert_eq!(index.segments(), 1, "{said}");
}

#[test]
fn mail_test_sends_one_message_at_once_and_says_where() {
    let db = TestDatabase::create();
    let dir = db.scratch("mail");
    let out = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["mail", "test", "--to", "operator@example.org"])
        .env("CONVENE__DATABASE__URL", &db.url)
        .env("CONVENE__MAIL__FILE_DIRECTORY", &dir)
        .env("CONVENE__LOG__LEVEL", "warn")
        .output()
        .unwrap();
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("Sent a test message to operator@example.org"),
        "{said}"
    );
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(files.len(), 1);
    let bytes = std::fs::read(files[0].as_ref().unwrap().path()).unwrap();
    let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(message.subject(), Some("[Convene] Test message"));
    // A bad address is refused with a message, and nothing is written.
    let out = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["mail", "test", "--to", "not an address"])
        .env("CONVENE__DATABASE__URL", &db.url)
        .env("CONVENE__MAIL__FILE_DIRECTORY", &dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("not an address"), "{}", text(&out));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn proposals_import_reads_a_spec_repository_once_and_reports_bad_files_by_line() {
    use convene::models::proposal::{Proposal, Summary};
    let db = TestDatabase::create();
    assert!(convene(&db, &["migrate"]).status.success());
    let out = create_user(&db, "root", "a long password", Some("admin"));
    assert!(out.status.success(), "{}", text(&out));
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/spec-repository"
    );
    let import = [
        "proposals",
        "import",
        fixture,
        "--documents",
        "https://scientific-python.org/specs/",
    ];
    // Without a category that takes proposals, nothing is read into the forum.
    let out = convene(&db, &import);
    assert!(
        !out.status.success() && text(&out).contains("no category takes proposals"),
        "{}",
        text(&out)
    );
    let out = convene(
        &db,
        &["category", "create", "--name", "SPECs", "--proposals"],
    );
    assert!(out.status.success(), "{}", text(&out));

    let out = convene(&db, &import);
    let report = text(&out);
    assert_eq!(
        out.status.code(),
        Some(65),
        "some files had problems: {report}"
    );
    assert!(
        report.contains("Projects: 2 created, 0 updated. Proposals: 3 created, 0 updated. Endorsements: 3 recorded."),
        "{report}"
    );
    assert!(
        report.contains("spec-0002/index.md:5: its front matter is not valid YAML"),
        "the malformed file is named with its line: {report}"
    );
    assert!(
        report.contains("spec-0004/index.md:8: endorsed-by names \"nonesuch\""),
        "{report}"
    );

    let handle = Db::connect(&db.url, 1).unwrap();
    let mut conn = handle.read_conn().unwrap();
    let all = Summary::all(&mut conn, 2).unwrap();
    let number = |n: i32| {
        all.iter()
            .find(|s| s.row.proposal.number == Some(n))
            .unwrap_or_else(|| panic!("SPEC {n} imported"))
    };
    let spec0 = number(0);
    assert_eq!(spec0.status.as_str(), "recommended");
    assert_eq!(
        spec0.row.proposal.document_url.as_deref(),
        Some("https://scientific-python.org/specs/spec-0000/")
    );
    let authors: Vec<&str> = spec0.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(authors, ["Ada Lindqvist", "Jun Wu"]);
    assert_eq!(
        spec0.row.proposal.created_at.date(),
        chrono::NaiveDate::from_ymd_opt(2020, 12, 17).unwrap(),
        "the topic starts on the SPEC's date"
    );
    assert_eq!(
        number(1).status.as_str(),
        "accepted",
        "a draft is not published"
    );
    assert_eq!(number(4).status.as_str(), "endorsed");
    assert!(
        all.iter().all(|s| s.row.proposal.number != Some(2)),
        "the malformed SPEC is not imported"
    );
    let numpy = convene::models::project::Project::find_by_slug(&mut conn, "numpy")
        .unwrap()
        .unwrap();
    assert!(numpy.is_core);
    assert_eq!(numpy.homepage_url.as_deref(), Some("https://numpy.org"));
    assert_eq!(numpy.licence.as_deref(), Some("3-clause BSD"));
    let events = |conn: &mut convene::db::AnyConnection| {
        use convene::db::schema::proposal_events;
        use diesel::prelude::*;
        proposal_events::table
            .count()
            .get_result::<i64>(conn)
            .unwrap()
    };
    let before = (events(&mut conn), Proposal::next_number(&mut conn).unwrap());

    // Again: nothing new, and nothing written twice.
    let out = convene(&db, &import);
    let again = text(&out);
    assert!(
        again.contains("Projects: 0 created, 0 updated. Proposals: 0 created, 0 updated. Endorsements: 0 recorded. Unchanged: 5 files."),
        "{again}"
    );
    assert!(again.contains("Nothing changed"), "{again}");
    assert_eq!(
        (events(&mut conn), Proposal::next_number(&mut conn).unwrap()),
        before
    );

    let missing = convene(&db, &["proposals", "import", "/nonexistent/specs"]);
    assert!(
        !missing.status.success() && text(&missing).contains("cannot read the directory"),
        "{}",
        text(&missing)
    );
}
