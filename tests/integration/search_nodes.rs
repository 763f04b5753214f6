//! Search across real `convene serve` processes: two nodes on one database converge (each keeps
//! its own index and follows the shared feed), and a node killed with SIGKILL while posts pour
//! in finds every acknowledged post after it restarts.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use convene::auth::Guardian;
use convene::db::Db;
use convene::models::user::{Role, SignupInput};
use convene::services::{self, api_key::Acting, api_key::KeySpec};
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestDatabase};

/// A `convene serve` process, killed (SIGKILL) when dropped if still running.
struct Node {
    child: Child,
    base: String,
}

impl Node {
    async fn start(db: &TestDatabase, index: &Path) -> Node {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_convene"))
            .arg("serve")
            .env("CONVENE__DATABASE__URL", &db.url)
            .env("CONVENE__SERVER__BIND", format!("127.0.0.1:{port}"))
            .env("CONVENE__SERVER__WORKERS", "2")
            .env("CONVENE__SEARCH__DIRECTORY", index)
            .env("CONVENE__SEARCH__POLL_MILLISECONDS", "100")
            .env("CONVENE__SEARCH__ANONYMOUS_PER_SECOND", "0")
            .env("CONVENE__CACHE__ANONYMOUS_PAGE_SECONDS", "0")
            .env("CONVENE__LOG__LEVEL", "warn")
            // Its writers post as fast as they can; the posting limits are tested elsewhere.
            .env("CONVENE__POSTS__REPLIES_PER_MINUTE", "0")
            .env("CONVENE__POSTS__TOPICS_PER_MINUTE", "0")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        for _ in 0..200 {
            if let Ok(response) = client.get(format!("{base}/healthz")).send().await
                && response.status().is_success()
            {
                return Node { child, base };
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        let mut child = child;
        let _ = child.kill();
        let _ = child.wait();
        panic!("convene serve did not start on {base}");
    }

    /// SIGKILL, no chance to commit anything.
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A migrated database with a member, a category and an API key acting as the member.
fn prepare(db: &TestDatabase) -> (String, i64) {
    let handle = Db::connect(&db.url, 2).unwrap();
    handle.migrate().unwrap();
    let mut conn = handle.write_conn().unwrap();
    let input = SignupInput::validate("writer", "writer@example.org", "", PASSWORD, 10).unwrap();
    let hash = services::account::PasswordHash(convene::auth::password::hash(PASSWORD).unwrap());
    services::run(&mut conn, |tx| {
        services::account::create(
            tx,
            &input,
            &hash,
            Role::User,
            services::account::Joining::SETTLED,
        )
    })
    .unwrap();
    let draft = convene::models::category::CategoryDraft {
        name: "General".into(),
        ..Default::default()
    };
    let category_input = convene::models::category::CategoryInput::validate(&draft).unwrap();
    let category = services::run(&mut conn, |tx| {
        services::category::create(tx, &Guardian::system(), &category_input)
    })
    .unwrap();
    let key = convene::auth::token::generate().unwrap();
    let hash = convene::auth::token::hash(&key);
    let spec = KeySpec {
        acting: Acting::As("writer"),
        description: "search nodes test",
        scopes: &[],
    };
    services::run(&mut conn, |tx| {
        services::api_key::create(tx, &Guardian::system(), &hash, &spec)
    })
    .unwrap();
    (key, category.id.0)
}

/// Starts a topic through a node's API; its first post's id once acknowledged.
async fn post(
    client: &reqwest::Client,
    node: &str,
    key: &str,
    category: i64,
    title: &str,
    raw: &str,
) -> Option<i64> {
    let response = client
        .post(format!("{node}/posts.json"))
        .header("Api-Key", key)
        .header("Api-Username", "writer")
        .json(&json!({"title": title, "raw": raw, "category": category}))
        .send()
        .await
        .ok()?;
    if !response.status().is_success() {
        return None;
    }
    let body: Value = response.json().await.ok()?;
    body["id"].as_i64()
}

/// Post ids a node's search finds for `query`.
async fn found(client: &reqwest::Client, node: &str, query: &str) -> Vec<i64> {
    let Ok(response) = client
        .get(format!(
            "{node}/search.json?q={}",
            percent_encoding::utf8_percent_encode(query, percent_encoding::NON_ALPHANUMERIC)
        ))
        .send()
        .await
    else {
        return Vec::new();
    };
    let body: Value = response.json().await.unwrap_or(Value::Null);
    body["grouped_search_result"]["post_ids"]
        .as_array()
        .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

/// Waits until `query` finds `post` on `node`; false after `limit`.
async fn eventually_found(
    client: &reqwest::Client,
    node: &str,
    query: &str,
    post: i64,
    limit: Duration,
) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if found(client, node, query).await.contains(&post) {
            return true;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[actix_web::test]
async fn two_nodes_on_one_database_each_find_what_the_other_was_sent() {
    let db = TestDatabase::create();
    let (key, category) = prepare(&db);
    let indexes = tempfile::tempdir().unwrap();
    let a = Node::start(&db, &indexes.path().join("a")).await;
    let b = Node::start(&db, &indexes.path().join("b")).await;
    let client = reqwest::Client::new();

    let through_a = post(
        &client,
        &a.base,
        &key,
        category,
        "Posted through node A",
        "About axolotls and their regeneration.",
    )
    .await
    .expect("node A acknowledges the post");
    assert!(
        eventually_found(
            &client,
            &b.base,
            "axolotls",
            through_a,
            Duration::from_secs(15)
        )
        .await,
        "node B finds a post made through node A"
    );
    let through_b = post(
        &client,
        &b.base,
        &key,
        category,
        "Posted through node B",
        "About tardigrades surviving vacuum.",
    )
    .await
    .expect("node B acknowledges the post");
    assert!(
        eventually_found(
            &client,
            &a.base,
            "tardigrades",
            through_b,
            Duration::from_secs(15)
        )
        .await,
        "node A finds a post made through node B"
    );
    // An edit on one node changes what the other finds.
    let response = client
        .put(format!("{}/posts/{through_a}.json", a.base))
        .header("Api-Key", &key)
        .header("Api-Username", "writer")
        .json(&json!({"post": {"raw": "About salamanders instead."}}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert!(
        eventually_found(
            &client,
            &b.base,
            "salamanders",
            through_a,
            Duration::from_secs(15)
        )
        .await,
        "node B follows an edit made through node A"
    );
    assert!(
        found(&client, &b.base, "regeneration").await.is_empty(),
        "the old words are gone on node B"
    );
}

#[actix_web::test]
async fn a_node_killed_while_posts_pour_in_finds_every_acknowledged_post_after_restarting() {
    let db = TestDatabase::create();
    let (key, category) = prepare(&db);
    let indexes = tempfile::tempdir().unwrap();
    let index = indexes.path().join("node");
    let node = Node::start(&db, &index).await;
    let client = reqwest::Client::new();

    // Four writers post as fast as the node acknowledges; the node dies mid-stream.
    let base = node.base.clone();
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (client, base, key) = (client.clone(), base.clone(), key.clone());
            actix_web::rt::spawn(async move {
                let mut acknowledged = Vec::new();
                for n in 0.. {
                    let token = format!("tok{writer}x{n}y");
                    let title = format!("Kill test topic {writer} number {n}");
                    let raw = format!("A post carrying the token {token} for the test.");
                    match post(&client, &base, &key, category, &title, &raw).await {
                        Some(id) => acknowledged.push((token, id)),
                        None => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    actix_web::rt::time::sleep(Duration::from_millis(1500)).await;
    node.kill();
    let mut acknowledged = Vec::new();
    for writer in writers {
        acknowledged.extend(writer.await.unwrap());
    }
    assert!(
        acknowledged.len() >= 20,
        "the writers got going: {}",
        acknowledged.len()
    );

    let node = Node::start(&db, &index).await;
    for (token, id) in &acknowledged {
        assert!(
            eventually_found(&client, &node.base, token, *id, Duration::from_secs(30)).await,
            "acknowledged post {id} ({token}) is findable after the restart"
        );
    }
    drop(node);
}
