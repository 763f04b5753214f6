//! The two migration folders stay in step, every table loads on the backend under test,
//! migrations roll back, and the demo community loads.

use std::collections::BTreeSet;
use std::path::Path;

use convene::db::Db;
use convene::db::schema::{
    api_keys, categories, login_attempts, post_revisions, posts, sessions, topics, users,
};
use convene::models::category::Category;
use convene::models::post::Post;
use convene::models::revision::PostRevision;
use convene::models::topic::Topic;
use convene::models::user::User;
use diesel::prelude::*;

use crate::support::TestDatabase;

fn versions(folder: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(folder);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            for file in ["up.sql", "down.sql"] {
                assert!(path.join(file).exists(), "{} lacks {file}", path.display());
            }
            path.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect()
}

/// `CREATE TABLE name (` → the column names, in order, from one dialect's up.sql files.
fn tables(folder: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for version in versions(folder) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(folder)
            .join(&version)
            .join("up.sql");
        let sql = std::fs::read_to_string(path).unwrap();
        let mut rest = sql.as_str();
        while let Some(start) = rest.find("CREATE TABLE ") {
            let after = &rest[start + "CREATE TABLE ".len()..];
            let name = after.split_whitespace().next().unwrap().to_owned();
            let body = &after[after.find('(').unwrap() + 1..after.find("\n);").unwrap()];
            let columns = body
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("UNIQUE") && !l.starts_with("--"))
                .map(|l| l.split_whitespace().next().unwrap().to_owned())
                .collect();
            out.push((name, columns));
            rest = &after[after.find("\n);").unwrap()..];
        }
    }
    out
}

#[test]
fn sqlite_and_postgres_migrations_have_the_same_versions_tables_and_columns() {
    assert_eq!(versions("sqlite"), versions("postgres"));
    let sqlite = tables("sqlite");
    assert!(sqlite.len() >= 8, "tables found: {sqlite:?}");
    assert_eq!(sqlite, tables("postgres"));
}

#[test]
fn migrations_roll_back_and_apply_again() {
    use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
    const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
    const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");
    let database = TestDatabase::create();
    let db = Db::connect(&database.url, 1).unwrap();
    db.migrate().unwrap();
    let mut conn = db.write_conn().unwrap();
    match &mut *conn {
        convene::db::AnyConnection::Sqlite(c) => {
            c.revert_all_migrations(SQLITE).unwrap();
        }
        convene::db::AnyConnection::Postgresql(c) => {
            c.revert_all_migrations(POSTGRES).unwrap();
        }
    }
    drop(conn);
    assert!(
        !db.migrate().unwrap().is_empty(),
        "everything applies again"
    );
}

#[test]
fn the_demo_community_loads_and_every_table_reads_back_with_its_types() {
    let database = TestDatabase::create();
    let db = Db::connect(&database.url, 2).unwrap();
    db.migrate().unwrap();
    let mut conn = db.write_conn().unwrap();
    let mut steps = Vec::new();
    let summary =
        convene::demo::load(&mut conn, &demo_config(), &mut |s| steps.push(s.to_owned())).unwrap();
    assert!(summary.contains("convene-demo"), "{summary}");
    assert!(!steps.is_empty(), "progress is reported");

    // Typed loads of every row: a column whose type differs between the backends fails here.
    let all_users: Vec<User> = users::table
        .select(User::as_select())
        .load(&mut *conn)
        .unwrap();
    let all_categories: Vec<Category> = categories::table
        .select(Category::as_select())
        .load(&mut *conn)
        .unwrap();
    let all_topics: Vec<Topic> = topics::table
        .select(Topic::as_select())
        .load(&mut *conn)
        .unwrap();
    let all_posts: Vec<Post> = posts::table
        .select(Post::as_select())
        .load(&mut *conn)
        .unwrap();
    let revisions: Vec<PostRevision> = post_revisions::table
        .select(PostRevision::as_select())
        .load(&mut *conn)
        .unwrap();
    let _: Vec<convene::models::api_key::ApiKey> = api_keys::table
        .select(convene::models::api_key::ApiKey::as_select())
        .load(&mut *conn)
        .unwrap();
    let _: Vec<(
        i64,
        i64,
        String,
        chrono::NaiveDateTime,
        chrono::NaiveDateTime,
    )> = sessions::table.load(&mut *conn).unwrap();
    let _: Vec<(i64, String, String, bool, chrono::NaiveDateTime)> =
        login_attempts::table.load(&mut *conn).unwrap();

    assert!(all_users.len() >= 24, "a few dozen people");
    assert!(
        all_topics.len() >= 200,
        "a few hundred topics: {}",
        all_topics.len()
    );
    assert!(
        all_posts.len() >= 2000,
        "a few thousand posts: {}",
        all_posts.len()
    );
    assert!(!revisions.is_empty(), "some posts have history");
    for project in [
        "numpy",
        "scipy",
        "matplotlib",
        "pandas",
        "scikit-image",
        "scikit-learn",
        "networkx",
        "ipython",
    ] {
        let c = all_categories
            .iter()
            .find(|c| c.slug == project)
            .unwrap_or_else(|| panic!("{project} category"));
        assert!(
            c.homepage_url.is_some() && c.repository_url.is_some(),
            "{project} links"
        );
    }
    let proposals = all_categories
        .iter()
        .find(|c| c.slug == "proposals")
        .unwrap();
    for child in ["ideas", "accepted"] {
        assert_eq!(
            all_categories
                .iter()
                .find(|c| c.slug == child)
                .unwrap()
                .parent_id,
            Some(proposals.id)
        );
    }
    assert!(
        all_categories
            .iter()
            .any(|c| c.slug == "announcements" && c.read_only)
    );
    // Q&A: some questions are solved, by a reply in the same topic.
    let solved: Vec<&Topic> = all_topics
        .iter()
        .filter(|t| t.solution_post_id.is_some())
        .collect();
    assert!(solved.len() >= 5, "solved questions: {}", solved.len());
    for topic in solved {
        let answer = all_posts
            .iter()
            .find(|p| Some(p.id) == topic.solution_post_id)
            .expect("the solution exists");
        assert!(answer.topic_id == topic.id && answer.post_number > 1);
    }
    // The proposals area: every status shows, with endorsements and adoptions.
    let summaries = convene::models::proposal::Summary::all(&mut conn, 2).unwrap();
    assert!(
        summaries.len() >= 12,
        "a dozen proposals: {}",
        summaries.len()
    );
    let statuses: BTreeSet<&str> = summaries.iter().map(|s| s.status.as_str()).collect();
    for status in [
        "idea",
        "accepted",
        "published",
        "endorsed",
        "recommended",
        "withdrawn",
        "superseded",
    ] {
        assert!(
            statuses.contains(status),
            "a proposal is {status}: {statuses:?}"
        );
    }
    assert!(summaries.iter().any(|s| !s.adoptions.is_empty()));
    assert!(
        summaries
            .iter()
            .flat_map(|s| &s.endorsements)
            .any(|(e, _)| e.to_reconfirm),
        "an endorsement waits to be confirmed again"
    );
    let projects = convene::models::project::Project::all(&mut conn).unwrap();
    assert!(projects.iter().any(|p| p.is_core) && projects.iter().any(|p| !p.is_core));
    for topic in &all_topics {
        let count = all_posts.iter().filter(|p| p.topic_id == topic.id).count() as i32;
        assert_eq!(
            topic.posts_count, count,
            "topic {} counter matches its posts",
            topic.id
        );
    }
    let cooked = all_posts
        .iter()
        .map(|p| p.cooked.as_str())
        .collect::<String>();
    for feature in [
        "<pre tabindex=\"0\"><code>",
        "<table>",
        "<math>",
        "<blockquote>",
        "class=\"mention\"",
    ] {
        assert!(cooked.contains(feature), "demo posts show {feature}");
    }
    assert!(
        convene::demo::load(&mut conn, &demo_config(), &mut |_| {}).is_err(),
        "loading twice is refused"
    );
}

/// The settings `convene demo` runs with when nothing overrides them.
fn demo_config() -> convene::config::Config {
    convene::config::Config::defaults().unwrap()
}
