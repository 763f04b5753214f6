//! Reply by mail: notification mail carries `Reply-To: reply+KEY@…`; `convene mail receive`,
//! run as a real process with the answer on standard input as a mail server's pipe would,
//! posts the reply's own words (quoted history and signature cut away) as its sender, once
//! per Message-ID. Machines' mail is ignored; a made-up key, another sender, an empty or
//! oversized reply, or a closed topic is refused with the exit status a mail server reads.
//! A reply by mail meets the web's rules: blocked and censored words, a new member's link
//! limit, and the review queue.

use std::io::Write;
use std::process::{Command, Stdio};

use convene::auth::Guardian;
use convene::jobs::mail::deliver;
use convene::models::post::{Body, Post, ReplyInput};
use convene::models::role::Role;
use mail_parser::MessageParser;

use crate::support::TestApp;

const REPLY_ADDRESS: &str = "reply+%{key}@forum.test";

/// Runs `convene mail receive` with `message` on standard input; returns its exit status and
/// what it said.
fn receive(app: &TestApp, message: &str, max_body: Option<usize>) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_convene"));
    command
        .args(["mail", "receive"])
        .env("CONVENE__DATABASE__URL", app.db_url())
        .env("CONVENE__MAIL__REPLY_BY_EMAIL_ADDRESS", REPLY_ADDRESS)
        .env("CONVENE__LOG__LEVEL", "info")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(max) = max_body {
        command.env("CONVENE__POSTS__MAX_BODY_BYTES", max.to_string());
    }
    let mut child = command.spawn().expect("run convene");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(message.as_bytes())
        .expect("write the message");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn mail(from: &str, to: &str, message_id: &str, extra: &str, body: &str) -> String {
    format!(
        "From: Someone <{from}>\r\nTo: {to}\r\nSubject: Re: [General] Masked arrays\r\n\
         Message-ID: <{message_id}>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n{extra}\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    )
}

#[actix_web::test]
async fn a_reply_by_mail_is_posted_once_as_its_sender_and_machines_are_ignored() {
    let app = TestApp::spawn_with(|config| {
        config.mail.notification_delay_minutes = 0;
        config.mail.reply_by_email_address = REPLY_ADDRESS.into();
    })
    .await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Masked arrays", 0);
    let reply = ReplyInput {
        topic: topic.id,
        body: Body::new("Try np.ma.masked_invalid.".into(), 10_000).expect("body"),
        reply_to: Some(1),
    };
    let cooked = convene::markdown::cook("Try np.ma.masked_invalid.");
    let guardian = Guardian::for_user(&bob);
    app.write(|tx| convene::services::post::reply(tx, &guardian, &reply, &cooked));
    deliver(&app.state).expect("delivery");

    // The notification mail to ada says where to reply.
    let entry = std::fs::read_dir(&app.config.mail.file_directory)
        .expect("mail written")
        .next()
        .expect("one mail")
        .expect("entry");
    let bytes = std::fs::read(entry.path()).expect("read");
    let message = MessageParser::default().parse(&bytes).expect("MIME");
    let reply_to = message
        .reply_to()
        .and_then(|r| r.first())
        .and_then(|a| a.address())
        .expect("a Reply-To")
        .to_owned();
    assert!(
        reply_to.starts_with("reply+") && reply_to.ends_with("@forum.test"),
        "{reply_to}"
    );
    let posts = || {
        app.with_conn(|conn| {
            Post::page_of_topic(
                conn,
                topic.id,
                convene::models::visibility::Visibility::EVERYTHING,
                0,
                100,
            )
        })
        .expect("posts")
        .into_iter()
        .map(|p| (p.author.username, p.post.raw))
        .collect::<Vec<_>>()
    };
    assert_eq!(posts().len(), 2);

    let answer = mail(
        "ada@example.org",
        &reply_to,
        "answer-1@mail.example.org",
        "",
        "That did it, thank you!\r\n\r\nOn Mon, 23 Nov 2026, Convene <forum@localhost> wrote:\r\n> Try np.ma.masked_invalid.\r\n\r\n-- \r\nAda\r\n",
    );
    let (code, said) = receive(&app, &answer, None);
    assert_eq!(code, 0, "{said}");
    let now = posts();
    assert_eq!(now.len(), 3);
    assert_eq!(
        now[2],
        ("ada".to_owned(), "That did it, thank you!".to_owned())
    );
    // The same message again (a mail server retrying): nothing posted twice.
    let (code, said) = receive(&app, &answer, None);
    assert_eq!(code, 0, "{said}");
    assert_eq!(posts().len(), 3);

    // An out-of-office answer is ignored, not posted, not bounced.
    let away = mail(
        "ada@example.org",
        &reply_to,
        "away-1@mail.example.org",
        "Auto-Submitted: auto-replied\r\n",
        "I am away until Monday.\r\n",
    );
    assert_eq!(receive(&app, &away, None).0, 0);
    assert_eq!(posts().len(), 3);

    // Refusals, each with the status a mail server understands; nothing is posted.
    let tampered = reply_to.replacen("reply+", "reply+9", 1);
    let cases = [
        (
            mail("ada@example.org", &tampered, "t-1@x", "", "Hello\r\n"),
            None,
            67,
            "not one this forum made",
        ),
        (
            mail(
                "mallory@example.org",
                &reply_to,
                "m-1@x",
                "",
                "I am ada, honest\r\n",
            ),
            None,
            77,
            "the mail is from mallory@example.org",
        ),
        (
            mail(
                "ada@example.org",
                &reply_to,
                "e-1@x",
                "",
                "> only the quote\r\n",
            ),
            None,
            65,
            "the reply is empty",
        ),
        (
            mail(
                "ada@example.org",
                &reply_to,
                "l-1@x",
                "",
                &"long words ".repeat(40),
            ),
            Some(100),
            65,
            "bytes long",
        ),
        (
            mail(
                "ada@example.org",
                "someone@else.test",
                "n-1@x",
                "",
                "Hi\r\n",
            ),
            None,
            67,
            "no reply address",
        ),
    ];
    for (message, max_body, code, why) in cases {
        let (got, said) = receive(&app, &message, max_body);
        assert_eq!(got, code, "{why}: {said}");
        assert!(said.contains(why), "{why}: {said}");
    }
    app.close_topic(&topic);
    let closed = mail(
        "ada@example.org",
        &reply_to,
        "c-1@x",
        "",
        "One more thing.\r\n",
    );
    let (got, said) = receive(&app, &closed, None);
    assert_eq!(got, 77, "{said}");
    assert!(said.contains("closed"), "{said}");
    assert_eq!(posts().len(), 3);
}

#[actix_web::test]
async fn a_reply_by_mail_meets_the_same_rules_as_one_from_the_web() {
    use convene::models::queued_post::QueuedPost;
    use convene::models::watched_word::WatchedAction;
    use convene::services;

    // `convene mail receive` runs with the default settings: a new member's first two posts
    // wait, and they may link to three other sites per post.
    let app = TestApp::spawn_with(|config| {
        config.mail.reply_by_email_address = REPLY_ADDRESS.into();
    })
    .await;
    let admin = app.create_user("admin", Role::Admin);
    let ada = app.create_user("ada", Role::User);
    let newt = app.create_user("newt", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Masked arrays", 0);
    app.write(|tx| {
        let operator = Guardian::system();
        services::moderation::set_trust_level(tx, &operator, newt.id, 0, false)?;
        let admin = Guardian::for_user(&admin);
        services::watched_words::add(tx, &admin, "casino", WatchedAction::Block)?;
        services::watched_words::add(tx, &admin, "frack", WatchedAction::Censor)
    });
    let secret = app.write(|tx| services::mail::reply_secret(tx, "a secret for the tests"));
    let address = |user| {
        REPLY_ADDRESS.replace(
            "%{key}",
            &convene::auth::signed::reply_key(&secret, user, topic.id),
        )
    };
    let counts = || app.counts();
    let start = counts();

    // A blocked word is refused, named, and nothing is posted.
    let blocked = mail(
        "ada@example.org",
        &address(ada.id),
        "b-1@x",
        "",
        "Visit the casino.\r\n",
    );
    let (code, said) = receive(&app, &blocked, None);
    assert_eq!(code, 65, "{said}");
    assert!(said.contains("casino"), "{said}");
    assert_eq!(counts(), start);

    // A censored word is masked for readers, as on the web; the Markdown keeps it.
    let censored = mail(
        "ada@example.org",
        &address(ada.id),
        "c-1@x",
        "",
        "What the frack.\r\n",
    );
    let (code, said) = receive(&app, &censored, None);
    assert_eq!(code, 0, "{said}");
    let last = app
        .with_conn(|conn| Post::find_by_number(conn, topic.id, 2))
        .unwrap()
        .expect("posted");
    assert!(!last.cooked.contains("frack"), "{}", last.cooked);
    assert!(last.cooked.contains("■■■■■"), "{}", last.cooked);

    // A new member over the link limit is refused with the limit in words.
    let links = mail(
        "newt@example.org",
        &address(newt.id),
        "l-1@x",
        "",
        "See https://a.example.org, https://b.example.org, https://c.example.org and \
         https://d.example.org\r\n",
    );
    let (code, said) = receive(&app, &links, None);
    assert_eq!(code, 65, "{said}");
    assert!(said.contains("link"), "{said}");

    // A new member's first reply waits for a moderator, once, however often it is delivered.
    let first = mail(
        "newt@example.org",
        &address(newt.id),
        "n-1@x",
        "",
        "My first reply.\r\n",
    );
    let before = counts();
    for _ in 0..2 {
        let (code, said) = receive(&app, &first, None);
        assert_eq!(code, 0, "{said}");
    }
    assert_eq!(counts(), before, "nothing published");
    let waiting = app
        .with_conn(|conn| QueuedPost::pending_of(conn, newt.id))
        .unwrap();
    assert_eq!(waiting, 1, "queued once");
}
