//! Mailing-list mode: a member who turns it on gets every new post of the categories they
//! ticked as its own mail, threaded per topic, once per post (a mention in it does not add a
//! notification mail), never for their own posts or a topic they muted; turning it off stops
//! what is still queued.

use convene::auth::Guardian;
use convene::jobs::mail::deliver;
use convene::models::ids::TopicId;
use convene::models::post::{Body, ReplyInput};
use convene::models::role::Role;
use convene::models::user::User;
use convene::models::user_option::{Preferences, PreferencesDraft};
use convene::models::watching::Level;
use mail_parser::MessageParser;

use crate::support::TestApp;

fn reply(app: &TestApp, author: &User, topic: TopicId, raw: &str) {
    let input = ReplyInput {
        topic,
        body: Body::new(raw.to_owned(), 10_000).expect("body"),
        reply_to: None,
    };
    let cooked = convene::markdown::cook(raw);
    let guardian = Guardian::for_user(author);
    app.write(|tx| convene::services::post::reply(tx, &guardian, &input, &cooked));
}

fn mailing_list(app: &TestApp, user: &User, on: bool, categories: &[i64]) {
    let draft = PreferencesDraft {
        email_level: "0".into(),
        max_emails_per_day: String::new(),
        digest_frequency: "never".into(),
        digest_categories_from: "all".into(),
        digest_categories: Vec::new(),
        time_zone: "UTC".into(),
        mailing_list_mode: on,
        mailing_list_categories: categories.to_vec(),
    };
    let choices = Preferences::validate(&draft, 100).expect("valid");
    let guardian = Guardian::for_user(user);
    app.write(|tx| convene::services::notifications::save_preferences(tx, &guardian, &choices));
}

/// (to, subject, In-Reply-To, List-Unsubscribe) of every mail written.
fn mailbox(app: &TestApp) -> Vec<(String, String, String, String)> {
    let Ok(entries) = std::fs::read_dir(&app.config.mail.file_directory) else {
        return Vec::new();
    };
    entries
        .map(|e| std::fs::read(e.expect("entry").path()).expect("read"))
        .map(|bytes| {
            let m = MessageParser::default().parse(&bytes).expect("MIME");
            let header = |name: &str| {
                m.header(name)
                    .map(|v| match v {
                        mail_parser::HeaderValue::Text(t) => t.to_string(),
                        mail_parser::HeaderValue::TextList(l) => l.join(" "),
                        mail_parser::HeaderValue::Address(a) => a
                            .first()
                            .and_then(|a| a.address())
                            .unwrap_or_default()
                            .to_owned(),
                        other => format!("{other:?}"),
                    })
                    .unwrap_or_default()
            };
            (
                m.to()
                    .and_then(|t| t.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_owned(),
                m.subject().unwrap_or_default().to_owned(),
                header("In-Reply-To"),
                header("List-Unsubscribe"),
            )
        })
        .collect()
}

#[actix_web::test]
async fn every_post_of_a_ticked_category_arrives_once_threaded_by_topic() {
    let app = TestApp::spawn_with(|config| config.mail.notification_delay_minutes = 0).await;
    let lister = app.create_user("lister", Role::User);
    let bob = app.create_user("bob", Role::User);
    let specs = app.create_category("SPECs", false, None);
    let other = app.create_category("Elsewhere", false, None);
    mailing_list(&app, &lister, true, &[specs.id.0]);

    let topic = app.create_topic(&bob, &specs, "SPEC 7: seeding", 0);
    reply(&app, &bob, topic.id, "A reply that names @lister.");
    app.create_topic(&bob, &other, "Not in a ticked category", 0);
    let muted = app.create_topic(&bob, &specs, "A topic lister mutes", 0);
    let guardian = Guardian::for_user(&lister);
    app.write(|tx| {
        convene::services::notifications::watch_topic(tx, &guardian, muted.id, Level::Muted)
    });
    reply(&app, &bob, muted.id, "Nobody should mail this to lister.");
    // lister's own post is not mailed to lister.
    reply(&app, &lister, topic.id, "My own answer.");

    deliver(&app.state).expect("delivery");
    let mut mine: Vec<_> = mailbox(&app)
        .into_iter()
        .filter(|m| m.0 == "lister@example.org")
        .collect();
    mine.sort_by(|a, b| a.1.cmp(&b.1));
    let subjects: Vec<&str> = mine.iter().map(|m| m.1.as_str()).collect();
    assert_eq!(
        subjects,
        vec![
            "Re: [SPECs] SPEC 7: seeding",
            "[SPECs] A topic lister mutes",
            "[SPECs] SPEC 7: seeding",
        ],
        "the first posts and the reply, once each (the mention adds no second mail)"
    );
    let reply_mail = &mine[0];
    assert_eq!(
        reply_mail.2,
        format!("topic/{}@127.0.0.1", topic.id),
        "threaded"
    );
    assert!(reply_mail.3.contains("/mailing-list/"), "{}", reply_mail.3);

    // Off: what is still queued is not sent.
    reply(&app, &bob, topic.id, "After lister turned it off.");
    mailing_list(&app, &lister, false, &[]);
    let before = mailbox(&app).len();
    let delivered = deliver(&app.state).expect("delivery");
    assert_eq!(delivered.sent, 0, "{delivered:?}");
    assert_eq!(mailbox(&app).len(), before);
}
