//! `convene backup` and `convene restore`, run as real processes against the suite's database
//! (SQLite, or PostgreSQL with pg_dump): a forum backed up while it takes replies restores into
//! an empty database with every post acknowledged before the backup began; a database that
//! holds a forum, and a truncated, damaged or foreign file, are refused before anything is
//! written.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use convene::db::Db;
use convene::db::schema::{posts, topics};
use convene::models::user::Role;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::support::{TestApp, TestDatabase};

fn convene(url: &str, scratch: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(args)
        .env("CONVENE__DATABASE__URL", url)
        .env("CONVENE__SEARCH__DIRECTORY", scratch.join("search"))
        .env("CONVENE__LOG__LEVEL", "warn")
        .output()
        .unwrap()
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Post ids, and topics whose counters disagree with their posts, in the database at `url`.
fn contents(url: &str) -> (Vec<i64>, Vec<i64>) {
    let db = Db::connect(url, 1).unwrap();
    let mut conn = db.read_conn().unwrap();
    let ids: Vec<i64> = posts::table
        .select(posts::id)
        .order(posts::id)
        .load::<convene::models::ids::PostId>(&mut *conn)
        .unwrap()
        .into_iter()
        .map(|id| id.0)
        .collect();
    let counted: Vec<(convene::models::ids::TopicId, i32)> = topics::table
        .filter(topics::merged_into.is_null())
        .select((topics::id, topics::posts_count))
        .load(&mut *conn)
        .unwrap();
    let mut inconsistent = Vec::new();
    for (topic, stored) in counted {
        let actual: i64 = posts::table
            .filter(posts::topic_id.eq(topic))
            .filter(posts::deleted_at.is_null())
            .select(count_star())
            .first(&mut *conn)
            .unwrap();
        if actual != i64::from(stored) {
            inconsistent.push(topic.0);
        }
    }
    (ids, inconsistent)
}

/// Whether the database at `url` has no forum tables at all (nothing was written to it).
fn untouched(url: &str) -> bool {
    match url.strip_prefix("sqlite://") {
        Some(path) => !Path::new(path).exists() || std::fs::metadata(path).unwrap().len() == 0,
        None => {
            let mut conn = PgConnection::establish(url).unwrap();
            #[derive(QueryableByName)]
            struct N {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            diesel::sql_query(
                "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
            )
            .get_result::<N>(&mut conn)
            .unwrap()
            .n == 0
        }
    }
}

#[actix_web::test]
async fn a_busy_forum_backed_up_while_it_serves_restores_with_every_acknowledged_post() {
    let app = TestApp::spawn_with(TestApp::unlimited_posting).await;
    let admin = app.create_user("root", Role::Admin);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&admin, &category, "A busy topic while the backup runs", 20);
    let key = app.api_key(&admin);
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("forum.backup");

    // Writers reply through the API for as long as the backup takes.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::<i64>::new()));
    let mut writers = Vec::new();
    for writer in 0..3 {
        let (stop, acknowledged) = (Arc::clone(&stop), Arc::clone(&acknowledged));
        let request = app
            .client
            .api(reqwest::Method::POST, "/posts.json", &key, "root");
        let request = move |n: usize| {
            request.try_clone().unwrap().json(&serde_json::json!({
                "topic_id": topic.id.0,
                "raw": format!("Reply {n} from writer {writer}, written during the backup."),
            }))
        };
        writers.push(actix_web::rt::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let response = request(n).send().await.unwrap();
                if response.status().as_u16() == 200 {
                    let body: serde_json::Value = response.json().await.unwrap();
                    acknowledged
                        .lock()
                        .unwrap()
                        .push(body["id"].as_i64().unwrap());
                }
            }
        }));
    }
    actix_web::rt::time::sleep(Duration::from_millis(700)).await;
    let before: Vec<i64> = acknowledged.lock().unwrap().clone();
    assert!(
        !before.is_empty(),
        "the writers were busy before the backup"
    );
    let (url, scratch, target) = (app.db_url(), files.path().to_owned(), file.clone());
    let backed_up = actix_web::rt::task::spawn_blocking(move || {
        convene(&url, &scratch, &["backup", target.to_str().unwrap()])
    })
    .await
    .unwrap();
    actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.await.unwrap();
    }
    assert!(backed_up.status.success(), "{}", said(&backed_up));
    assert!(
        said(&backed_up).contains("Backed up the"),
        "{}",
        said(&backed_up)
    );
    let during = acknowledged.lock().unwrap().len();
    assert!(
        during > before.len(),
        "the writers went on while the backup ran"
    );

    // Restored into an empty database: every post acknowledged before the backup began, and
    // counters that agree with the posts (one moment, not a smear of several).
    let empty = TestDatabase::create();
    let restored = convene(
        &empty.url,
        files.path(),
        &["restore", file.to_str().unwrap()],
    );
    assert!(restored.status.success(), "{}", said(&restored));
    assert!(said(&restored).contains("Restored"), "{}", said(&restored));
    let (ids, inconsistent) = contents(&empty.url);
    for id in &before {
        assert!(
            ids.contains(id),
            "acknowledged post {id} is in the restored forum"
        );
    }
    assert!(
        inconsistent.is_empty(),
        "topics whose counters disagree: {inconsistent:?}"
    );
    assert!(ids.len() >= 21 + before.len());

    // A database that holds a forum is refused, and keeps what it had.
    let (original, _) = contents(&app.db_url());
    let refused = convene(
        &app.db_url(),
        files.path(),
        &["restore", file.to_str().unwrap()],
    );
    assert!(!refused.status.success());
    assert!(
        said(&refused).contains("is not empty"),
        "{}",
        said(&refused)
    );
    assert_eq!(contents(&app.db_url()).0, original, "nothing changed");

    // A truncated, a damaged and a foreign file are each refused before anything is written.
    let whole = std::fs::read(&file).unwrap();
    let truncated = files.path().join("truncated.backup");
    std::fs::write(
        &truncated,
        &whole[..whole.len() - 4096.min(whole.len() / 2)],
    )
    .unwrap();
    let mut flipped = whole.clone();
    let last = flipped.len() - 10;
    flipped[last] ^= 0xff;
    let damaged = files.path().join("damaged.backup");
    std::fs::write(&damaged, &flipped).unwrap();
    let foreign = files.path().join("notes.txt");
    std::fs::write(&foreign, "Minutes of the steering committee, 2026-12-01\n").unwrap();
    for (bad, says) in [
        (&truncated, "is truncated"),
        (&damaged, "is damaged"),
        (&foreign, "is not a Convene backup"),
    ] {
        let fresh = TestDatabase::create();
        let out = convene(
            &fresh.url,
            files.path(),
            &["restore", bad.to_str().unwrap()],
        );
        assert!(!out.status.success(), "{}", said(&out));
        assert!(said(&out).contains(says), "{says}: {}", said(&out));
        assert!(
            untouched(&fresh.url),
            "nothing was written for {}",
            bad.display()
        );
    }
}
