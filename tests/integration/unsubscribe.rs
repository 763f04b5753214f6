//! One-click unsubscribe (RFC 8058): digests and notification mail carry `List-Unsubscribe`
//! with a signed HTTPS-style link and `List-Unsubscribe-Post`. A POST to it, with no cookie
//! and no CSRF token, stops exactly that kind of mail for exactly that person; a GET only
//! asks; an altered link, or one moved to another person or kind, does nothing.

use convene::auth::Guardian;
use convene::jobs::mail::deliver;
use convene::models::digest::{Schedule, time_zone};
use convene::models::post::{Body, ReplyInput};
use convene::models::role::Role;
use convene::models::user_option::{DigestFrequency, UserOptions};
use mail_parser::{HeaderValue, MessageParser};

use crate::support::TestApp;

/// Every mail written: (to, List-Unsubscribe, List-Unsubscribe-Post).
fn unsubscribe_headers(app: &TestApp) -> Vec<(String, String, String)> {
    let Ok(entries) = std::fs::read_dir(&app.config.mail.file_directory) else {
        return Vec::new();
    };
    let text = |message: &mail_parser::Message, name: &str| match message.header(name) {
        Some(HeaderValue::Text(t)) => t.to_string(),
        Some(HeaderValue::Address(a)) => a
            .first()
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_owned(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    };
    entries
        .map(|e| std::fs::read(e.expect("entry").path()).expect("read"))
        .map(|bytes| {
            let message = MessageParser::default().parse(&bytes).expect("MIME");
            (
                message
                    .to()
                    .and_then(|t| t.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_owned(),
                text(&message, "List-Unsubscribe"),
                text(&message, "List-Unsubscribe-Post"),
            )
        })
        .collect()
}

/// The path in a `List-Unsubscribe` value (`<http://host/unsubscribe/…>`).
fn path_of(app: &TestApp, header: &str) -> String {
    let url = header.trim_matches(['<', '>', ' ']);
    assert!(url.starts_with(&app.base), "{header}");
    url.trim_start_matches(&app.base).to_owned()
}

/// A POST as a mail client sends it: no cookie, no CSRF token, the RFC 8058 body.
async fn one_click(app: &TestApp, path: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{}{path}", app.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("POST")
        .status()
        .as_u16()
}

#[actix_web::test]
async fn one_click_stops_exactly_that_mail_for_exactly_that_person() {
    let app = TestApp::spawn_with(|config| config.mail.notification_delay_minutes = 0).await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let category = app.create_category("General", false, None);
    let topic = app.create_topic(&ada, &category, "Masked arrays and NaN", 0);
    // bob answers ada: a notification mail for her.
    let reply = ReplyInput {
        topic: topic.id,
        body: Body::new("Use np.ma.masked_invalid.".into(), 10_000).expect("body"),
        reply_to: Some(1),
    };
    let cooked = convene::markdown::cook("Use np.ma.masked_invalid.");
    let guardian = Guardian::for_user(&bob);
    app.write(|tx| convene::services::post::reply(tx, &guardian, &reply, &cooked));
    // And the week ends: digests for both.
    let when = Schedule::of(&app.config)
        .in_progress(
            DigestFrequency::Weekly,
            time_zone("UTC"),
            convene::db::now(),
        )
        .expect("period")
        .end
        + chrono::Duration::minutes(1);
    convene::jobs::digest::run(&app.db, &app.config, when, None, false).expect("digests");
    deliver(&app.state).expect("delivery");

    let mails = unsubscribe_headers(&app);
    assert_eq!(mails.len(), 3, "a notification and two digests: {mails:?}");
    for (to, link, post) in &mails {
        assert!(link.contains("/unsubscribe/"), "{to}: {link}");
        assert_eq!(post, "List-Unsubscribe=One-Click", "{to}");
    }
    let links: Vec<String> = mails
        .iter()
        .filter(|m| m.0 == "ada@example.org")
        .map(|m| path_of(&app, &m.1))
        .collect();
    let digest = links
        .iter()
        .find(|l| l.contains("/digest/"))
        .expect("ada's digest link")
        .clone();
    let notifications = links
        .iter()
        .find(|l| l.contains("/notifications/"))
        .expect("ada's notification link")
        .clone();
    let options = |user| {
        app.with_conn(|conn| UserOptions::find(conn, user))
            .expect("options")
    };

    // A GET only asks.
    let (status, page) = app.new_client().get_text(&digest).await;
    assert_eq!(status, 200);
    assert!(page.contains("Stop digests?") && page.contains("ada"));
    assert_eq!(options(ada.id).digest_frequency, "weekly");

    // Moved to bob, or to another kind, or altered: nothing happens.
    let for_bob = digest.replacen(&format!("/{}/", ada.id), &format!("/{}/", bob.id), 1);
    assert_eq!(one_click(&app, &for_bob).await, 404);
    let other_kind = digest.replace("/digest/", "/mailing-list/");
    assert_eq!(one_click(&app, &other_kind).await, 404);
    let mut altered = digest.clone();
    let last = altered.pop().expect("a character");
    altered.push(if last == '0' { '1' } else { '0' });
    assert_eq!(one_click(&app, &altered).await, 404);
    assert_eq!(options(bob.id).digest_frequency, "weekly");
    assert_eq!(options(ada.id).digest_frequency, "weekly");

    // The real link, one click: her digests stop, nothing else does.
    assert_eq!(one_click(&app, &digest).await, 200);
    let after = options(ada.id);
    assert_eq!(after.digest_frequency, "never");
    assert_eq!(after.email_level, 1, "notification mail is another kind");
    assert_eq!(options(bob.id).digest_frequency, "weekly");
    // Again: still fine, still stopped.
    assert_eq!(one_click(&app, &digest).await, 200);
    assert_eq!(one_click(&app, &notifications).await, 200);
    assert_eq!(options(ada.id).email_level, 2, "never");
}
