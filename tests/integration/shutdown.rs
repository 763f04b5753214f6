//! Graceful shutdown of `convene serve`, as a real process: on SIGTERM it stops accepting,
//! finishes the request in flight, commits the search index and exits 0 in time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use convene::models::user::Role;

use crate::support::TestApp;

/// Stops the child process when the test ends, however it ends.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[actix_web::test]
async fn sigterm_finishes_the_request_in_flight_commits_the_index_and_exits() {
    // The in-process app only sets up the database; the forum under test is the binary.
    let app = TestApp::spawn().await;
    let admin = app.create_user("root", Role::Admin);
    let category = app.create_category("General", false, None);
    let key = app.api_key(&admin);
    let port = free_port();
    let search_dir = tempfile::tempdir().unwrap();
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut server = Running(
        Command::new(env!("CARGO_BIN_EXE_convene"))
            .arg("serve")
            .env("CONVENE__DATABASE__URL", app.db_url())
            .env("CONVENE__SERVER__BIND", format!("127.0.0.1:{port}"))
            .env("CONVENE__SERVER__SHUTDOWN_SECONDS", "10")
            .env("CONVENE__SEARCH__DIRECTORY", search_dir.path())
            .env("CONVENE__LOG__LEVEL", "info")
            .env("CONVENE__LOG__FORMAT", "json")
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn()
            .unwrap(),
    );
    let client = reqwest::Client::new();
    let mut up = false;
    for _ in 0..100 {
        if client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            .is_ok()
        {
            up = true;
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "the server answered");

    // A request whose body is still arriving when the signal comes.
    let body = serde_json::json!({
        "title": "Stopping gracefully keeps this topic",
        "raw": "Written while the server was asked to stop: zebrafish.",
        "category": category.id.0,
    })
    .to_string();
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "POST /posts.json HTTP/1.1\r\nHost: 127.0.0.1\r\nApi-Key: {key}\r\nApi-Username: root\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(first).unwrap();
    stream.flush().unwrap();
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let signalled = Instant::now();
    let kill = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "no new connection is accepted once stopping"
    );
    stream.write_all(rest).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "the request in flight was finished: {answer}"
    );

    let mut exited = None;
    while signalled.elapsed() < Duration::from_secs(15) {
        if let Some(status) = server.0.try_wait().unwrap() {
            exited = Some(status);
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    let status = exited.expect("the server exited within its shutdown time");
    let logged = std::fs::read_to_string(log.path()).unwrap();
    assert!(status.success(), "{status}: {logged}");
    // JSON lines, no colour codes (the log is a file, not a terminal).
    assert!(!logged.contains('\u{1b}'), "{logged}");
    let last: serde_json::Value =
        serde_json::from_str(logged.lines().last().unwrap()).expect("a JSON log line");
    assert_eq!(last["fields"]["message"], "stopped", "{logged}");

    // The acknowledged topic is in the database and in the index the node committed.
    let index = convene::search::SearchIndex::open(search_dir.path()).unwrap();
    let parsed = convene::search::query::parse("zebrafish", convene::db::now().date());
    let found = index
        .find(&convene::search::Request {
            parsed: &parsed,
            user: None,
            categories: None,
            topics: None,
            excluded_topics: Vec::new(),
            offset: 0,
            limit: 10,
        })
        .unwrap();
    assert_eq!(
        found.hits.len(),
        1,
        "the index was committed before exiting"
    );
}
