//! Mail through a real SMTP server the project does not implement: Debian's aiosmtpd, started
//! on a free loopback port and stopped by its PID, storing what it receives in a Maildir. What
//! arrives is read back with a real MIME parser (mail-parser) to check the headers a mail
//! client threads by, both parts and the links. Also: the server down for a while (the mail
//! waits and goes once it is back, once), and two nodes delivering at the same time (each
//! message once).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use convene::app::AppState;
use convene::auth::Guardian;
use convene::db::Db;
use convene::jobs::mail::deliver;
use convene::models::ids::TopicId;
use convene::models::post::{Body, ReplyInput};
use convene::models::role::Role;
use convene::models::user::User;
use mail_parser::{HeaderValue, MessageParser};

use crate::support::TestApp;

/// An aiosmtpd server on 127.0.0.1, writing each message it accepts to a Maildir.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

/// The Python that has aiosmtpd (`tests/run` installs Debian's python3-aiosmtpd).
fn python() -> String {
    std::env::var("CONVENE_TEST_SMTP_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into())
}

/// A port nothing listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

impl SmtpServer {
    /// Starts a server on `port` and waits until it accepts connections.
    fn start_on(port: u16, maildir: &Path) -> SmtpServer {
        let child = Command::new(python())
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "could not start aiosmtpd with {} ({e}); install python3-aiosmtpd",
                    python()
                )
            });
        let server = SmtpServer {
            child,
            port,
            maildir: maildir.to_owned(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not listen on {port} within 20 s (is python3-aiosmtpd installed?)"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// Every message received so far, parsed.
    fn messages(&self) -> Vec<Vec<u8>> {
        let mut all = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.maildir.join(sub)) else {
                continue;
            };
            for entry in entries {
                all.push(std::fs::read(entry.expect("entry").path()).expect("read"));
            }
        }
        all
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        // Stopped by its PID, as every process a test starts.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A forum whose mail goes to `smtp://127.0.0.1:port`, sending notifications at once.
async fn forum_mailing_to(port: u16) -> TestApp {
    TestApp::spawn_with(|config| {
        config.mail.smtp_url = format!("smtp://127.0.0.1:{port}");
        config.mail.notification_delay_minutes = 0;
        config.mail.from_address = "forum@convene.test".into();
    })
    .await
}

/// Replies to post 1 of `topic` as `author`.
fn reply_to_first(app: &TestApp, author: &User, topic: TopicId, raw: &str) {
    let reply = ReplyInput {
        topic,
        body: Body::new(raw.to_owned(), 10_000).expect("valid reply"),
        reply_to: Some(1),
    };
    let cooked = convene::markdown::cook(raw);
    let guardian = Guardian::for_user(author);
    app.write(|tx| convene::services::post::reply(tx, &guardian, &reply, &cooked));
}

fn header_text(message: &mail_parser::Message, name: &str) -> String {
    match message.header(name) {
        Some(HeaderValue::Text(text)) => text.to_string(),
        Some(HeaderValue::TextList(list)) => list.join(" "),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    }
}

#[actix_web::test]
async fn notification_mail_reaches_a_real_smtp_server_threaded_with_both_parts() {
    let scratch = tempfile::tempdir().expect("scratch");
    let server = SmtpServer::start_on(free_port(), &scratch.path().join("maildir"));
    let app = forum_mailing_to(server.port).await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let category = app.create_category("General\r\nBcc: victim@example.org", false, None);
    let topic = app.create_topic(&ada, &category, "Broadcasting rules for 0-d arrays", 0);
    reply_to_first(
        &app,
        &bob,
        topic.id,
        "They follow **NumPy**'s rules; see the docs.",
    );

    let delivered = deliver(&app.state).expect("delivery runs");
    assert_eq!(delivered.sent, 1, "{delivered:?}");
    let received = server.messages();
    assert_eq!(received.len(), 1, "one message arrived");
    let message = MessageParser::default()
        .parse(&received[0])
        .expect("a MIME message");

    assert_eq!(
        message
            .to()
            .and_then(|to| to.first())
            .and_then(|a| a.address()),
        Some("ada@example.org")
    );
    let subject = message.subject().expect("a subject");
    assert!(
        subject.starts_with("Re: [General")
            && subject.ends_with("] Broadcasting rules for 0-d arrays"),
        "{subject}"
    );
    assert!(
        message.header("Bcc").is_none() && !subject.contains('\n'),
        "no header injection through the category name"
    );
    let host = "127.0.0.1";
    let message_id = message.message_id().expect("a Message-ID");
    assert!(
        message_id.starts_with(&format!("topic/{}/", topic.id)) && message_id.ends_with(host),
        "{message_id}"
    );
    assert_eq!(
        header_text(&message, "In-Reply-To"),
        format!("topic/{}@{host}", topic.id)
    );
    assert!(header_text(&message, "References").contains(&format!("topic/{}@{host}", topic.id)));
    assert!(header_text(&message, "List-Id").contains(host), "List-Id");
    assert!(header_text(&message, "List-Archive").contains(&topic.url()));
    assert_eq!(header_text(&message, "Precedence"), "list");
    assert_eq!(header_text(&message, "Auto-Submitted"), "auto-generated");

    let text = message.body_text(0).expect("a text part");
    let html = message.body_html(0).expect("an HTML part");
    assert!(
        text.contains("They follow **NumPy**") || text.contains("They follow NumPy"),
        "{text}"
    );
    assert!(html.contains("<strong>NumPy</strong>"), "{html}");
    let post_link = format!("{}{}", app.base, topic.post_url(2));
    assert!(text.contains(&post_link), "a link to the post in: {text}");
    assert!(html.contains(&post_link), "a link to the post in: {html}");

    // Delivered once: running the job again sends nothing more.
    assert_eq!(deliver(&app.state).expect("delivery").sent, 0);
    assert_eq!(server.messages().len(), 1);
}

#[actix_web::test]
async fn mail_waits_while_the_server_is_down_and_goes_once_when_it_returns() {
    let scratch = tempfile::tempdir().expect("scratch");
    let port = free_port();
    let app = forum_mailing_to(port).await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Does anyone read this?", 0);
    reply_to_first(&app, &bob, topic.id, "Yes, I do.");

    // Nothing listens: the mail is kept for later, not lost and not given up.
    let first = deliver(&app.state).expect("delivery runs");
    assert_eq!((first.sent, first.retrying), (0, 1), "{first:?}");
    assert_eq!(
        deliver(&app.state).expect("delivery").sent,
        0,
        "held by its backoff"
    );

    // The server comes back; the backoff passes (moved along rather than waited for).
    let server = SmtpServer::start_on(port, &scratch.path().join("maildir"));
    app.with_conn(|conn| {
        use convene::db::schema::mail_outbox;
        use diesel::prelude::*;
        diesel::update(mail_outbox::table)
            .set(mail_outbox::claimed_until.eq(convene::db::now() - chrono::Duration::seconds(1)))
            .execute(conn)
    })
    .expect("backoff moved along");
    assert_eq!(deliver(&app.state).expect("delivery").sent, 1);
    assert_eq!(deliver(&app.state).expect("delivery").sent, 0);
    assert_eq!(server.messages().len(), 1, "sent once, nothing twice");
}

#[actix_web::test]
async fn two_nodes_delivering_at_once_send_each_message_once() {
    let scratch = tempfile::tempdir().expect("scratch");
    let server = SmtpServer::start_on(free_port(), &scratch.path().join("maildir"));
    let app = forum_mailing_to(server.port).await;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Many answers", 0);
    let mut people = Vec::new();
    for n in 0..12 {
        let person = app.create_user(&format!("person{n}"), Role::User);
        // Each watches the category, so every new post notifies all of them.
        let guardian = Guardian::for_user(&person);
        app.write(|tx| {
            convene::services::notifications::watch_category(
                tx,
                &guardian,
                category.id,
                convene::models::watching::Level::Watching,
            )
        });
        people.push(person);
    }
    for n in 0..5 {
        reply_to_first(&app, &ada, topic.id, &format!("Answer number {n}."));
    }
    let expected = 12 * 5;

    // A second node: its own pool and search directory on the same database.
    let other_db = Db::connect(&app.db_url(), 2).expect("connect");
    let other_search =
        convene::search::SearchIndex::open(&scratch.path().join("search")).expect("index");
    let other = AppState::new(std::sync::Arc::clone(&app.config), other_db, other_search);
    let here = app.state.clone();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| deliver(&here).expect("node one"));
        let b = s.spawn(|| deliver(&other).expect("node two"));
        (a.join().expect("join"), b.join().expect("join"))
    });
    assert_eq!(a.sent + b.sent, expected, "{a:?} {b:?}");
    let received = server.messages();
    assert_eq!(received.len(), expected);
    let mut ids: Vec<String> = received
        .iter()
        .map(|raw| {
            let message = MessageParser::default().parse(raw).expect("MIME");
            format!(
                "{} {}",
                message
                    .to()
                    .and_then(|t| t.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default(),
                message.message_id().unwrap_or_default()
            )
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), expected, "no one got the same mail twice");
}
