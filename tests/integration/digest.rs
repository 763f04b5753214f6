//! Digests end to end: who gets one (daily or weekly, at the schedule's hour in their own
//! time zone), what it holds (the most active new topics of the categories they chose, never
//! a muted category or topic, counts, the proposals section), that it is queued once however
//! many runs or nodes try, that the mail reads right through a real MIME parser, and its web
//! view (the owner's, an admin's preview, nobody else's). Also `convene digest send`.

use std::process::Command;

use chrono::NaiveDateTime;
use convene::auth::Guardian;
use convene::jobs::digest::run;
use convene::jobs::mail::deliver;
use convene::models::digest::{Schedule, time_zone};
use convene::models::role::Role;
use convene::models::user::User;
use convene::models::user_option::DigestFrequency;
use convene::models::watching::Level;
use mail_parser::MessageParser;

use crate::support::{TestApp, body_of};

/// A minute after the weekly period now in progress ends for someone on UTC.
fn after_this_week(app: &TestApp) -> NaiveDateTime {
    let schedule = Schedule::of(&app.config);
    schedule
        .in_progress(
            DigestFrequency::Weekly,
            time_zone("UTC"),
            convene::db::now(),
        )
        .expect("a period")
        .end
        + chrono::Duration::minutes(1)
}

/// Saves `user`'s digest choices through the preferences service.
fn choose(app: &TestApp, user: &User, frequency: &str, chosen: &[i64], zone: &str) {
    let draft = convene::models::user_option::PreferencesDraft {
        email_level: "1".into(),
        max_emails_per_day: String::new(),
        digest_frequency: frequency.into(),
        digest_categories_from: if chosen.is_empty() { "all" } else { "chosen" }.into(),
        digest_categories: chosen.to_vec(),
        time_zone: zone.into(),
        mailing_list_mode: false,
        mailing_list_categories: Vec::new(),
    };
    let choices =
        convene::models::user_option::Preferences::validate(&draft, 100).expect("valid choices");
    let guardian = Guardian::for_user(user);
    app.write(|tx| convene::services::notifications::save_preferences(tx, &guardian, &choices));
}

/// Every message the file transport wrote: (to, subject, text, html).
fn mailbox(app: &TestApp) -> Vec<(String, String, String, String)> {
    let Ok(entries) = std::fs::read_dir(&app.config.mail.file_directory) else {
        return Vec::new();
    };
    entries
        .map(|entry| std::fs::read(entry.expect("entry").path()).expect("read"))
        .map(|bytes| {
            let message = MessageParser::default().parse(&bytes).expect("MIME");
            (
                message
                    .to()
                    .and_then(|to| to.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_owned(),
                message.subject().unwrap_or_default().to_owned(),
                message.body_text(0).unwrap_or_default().into_owned(),
                message.body_html(0).unwrap_or_default().into_owned(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn each_subscriber_gets_their_categories_once_and_can_read_it_on_the_site() {
    let app = TestApp::spawn().await;
    let author = app.create_user("author", Role::User);
    let reader = app.create_user("reader", Role::User);
    let picky = app.create_user("picky", Role::User);
    let quiet = app.create_user("quiet", Role::User);
    let arrays = app.create_category("Arrays", false, None);
    let plots = app.create_category("Plots", false, None);
    let offtopic = app.create_category("Off-topic", false, None);

    // reader: weekly, every category but the muted Off-topic, and one muted topic.
    choose(&app, &reader, "weekly", &[], "UTC");
    let guardian = Guardian::for_user(&reader);
    app.write(|tx| {
        convene::services::notifications::watch_category(tx, &guardian, offtopic.id, Level::Muted)
    });
    // picky: weekly, Plots only. quiet: no digest.
    choose(&app, &picky, "weekly", &[plots.id.0], "UTC");
    choose(&app, &quiet, "never", &[], "UTC");

    let busy = app.create_topic(&author, &arrays, "Strided views of big arrays", 4);
    let calm = app.create_topic(&author, &plots, "Colour maps for the colour blind", 1);
    let muted = app.create_topic(&author, &arrays, "A topic reader muted", 6);
    app.create_topic(&author, &offtopic, "Lunch plans", 9);
    let guardian = Guardian::for_user(&reader);
    app.write(|tx| {
        convene::services::notifications::watch_topic(tx, &guardian, muted.id, Level::Muted)
    });

    // Before the period ends: nothing is due.
    let early = run(&app.db, &app.config, convene::db::now(), None, false).expect("run");
    assert_eq!(early.queued, 0, "{early:?}");

    let when = after_this_week(&app);
    // Two nodes (each its own connection pool) run the digest job at once: each digest is
    // queued once (author takes the default weekly digest too, so three in all).
    let other_node = convene::db::Db::connect(&app.db_url(), 2).expect("connect");
    let (a, b) = std::thread::scope(|s| {
        let one = s.spawn(|| run(&app.db, &app.config, when, None, false).expect("run"));
        let two = s.spawn(|| run(&other_node, &app.config, when, None, false).expect("run"));
        (one.join().expect("join"), two.join().expect("join"))
    });
    assert_eq!((a.subscribers, b.subscribers), (3, 3));
    assert_eq!(a.queued + b.queued, 3, "{a:?} {b:?}");
    // Again: nothing more is queued.
    let again = run(&app.db, &app.config, when, None, false).expect("run");
    assert_eq!((again.queued, again.already), (0, 3), "{again:?}");

    deliver(&app.state).expect("delivery");
    let mail = mailbox(&app);
    assert_eq!(mail.len(), 3);
    let of = |address: &str| {
        mail.iter()
            .find(|m| m.0 == address)
            .unwrap_or_else(|| panic!("a digest to {address}"))
            .clone()
    };
    let (_, subject, text, html) = of("reader@example.org");
    assert_eq!(subject, "[Convene] Weekly digest: 3 new topics");
    assert!(text.contains("Strided views of big arrays"));
    assert!(text.contains("Colour maps for the colour blind"));
    assert!(!text.contains("Lunch plans"), "muted category");
    assert!(!text.contains("A topic reader muted"), "muted topic");
    // Most active first: the topic with five posts before the one with two.
    assert!(text.find("Strided").expect("busy") < text.find("Colour maps").expect("calm"));
    assert!(text.contains("5 posts"));
    assert!(
        text.contains("First post of Strided views"),
        "an excerpt: {text}"
    );
    assert!(text.contains("No proposal changed stage"));
    assert!(
        html.contains(&format!("{}{}", app.base, busy.url())),
        "{html}"
    );
    let period = Schedule::of(&app.config)
        .last_ended(DigestFrequency::Weekly, time_zone("UTC"), when)
        .expect("period");
    let web_path = format!("/u/reader/digest/{}", period.key);
    assert!(text.contains(&format!("{}{web_path}", app.base)), "{text}");

    let (_, _, picky_text, _) = of("picky@example.org");
    assert!(picky_text.contains("Colour maps"));
    assert!(!picky_text.contains("Strided"), "Plots only");
    assert!(
        picky_text.contains("1 new topic and 2 new posts"),
        "{picky_text}"
    );
    assert!(mail.iter().all(|m| m.0 != "quiet@example.org"));
    let _ = calm;

    // The web view: the reader's own, an admin's preview, nobody else's.
    app.log_in(&app.client, "reader").await;
    let (status, page) = app.client.get_text(&web_path).await;
    assert_eq!(status, 200);
    assert!(page.contains("Strided views of big arrays") && !page.contains("Lunch plans"));
    let stranger = app.new_client();
    app.log_in(&stranger, "picky").await;
    body_of(stranger.get(&web_path).await, 403).await;
    app.create_user("boss", Role::Admin);
    let admin = app.new_client();
    app.log_in(&admin, "boss").await;
    let (status, page) = admin.get_text("/u/reader/digest/next").await;
    assert_eq!(status, 200);
    assert!(page.contains("The period in progress"));
    assert_eq!(
        admin.get_text("/u/reader/digest/weekly-1999-13-40").await.0,
        404
    );
    assert_eq!(admin.get_text("/u/nobody/digest/next").await.0, 404);
}

#[actix_web::test]
async fn convene_digest_send_queues_by_hand_and_a_dry_run_queues_nothing() {
    let app = TestApp::spawn().await;
    let author = app.create_user("author", Role::User);
    let arrays = app.create_category("Arrays", false, None);
    // A daily digest: yesterday's topic is in the period that ended at today's hour.
    let yesterday = convene::db::now() - chrono::Duration::hours(30);
    choose(&app, &author, "daily", &[], "UTC");
    let topic = app.create_topic(&author, &arrays, "From yesterday", 0);
    app.with_conn(|conn| {
        use convene::db::schema::{posts, topics};
        use diesel::prelude::*;
        diesel::update(topics::table.find(topic.id))
            .set(topics::created_at.eq(yesterday))
            .execute(conn)?;
        diesel::update(posts::table.filter(posts::topic_id.eq(topic.id)))
            .set(posts::created_at.eq(yesterday))
            .execute(conn)
    })
    .expect("back-dated");

    let convene = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_convene"))
            .args(args)
            .env("CONVENE__DATABASE__URL", app.db_url())
            .env("CONVENE__LOG__LEVEL", "warn")
            .output()
            .expect("run convene");
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    // The period that ended most recently holds yesterday's topic unless today's hour has
    // not come yet, in which case it is the one before: either way the dry run says how many.
    let (ok, said) = convene(&["digest", "send", "--dry-run", "--user", "author"]);
    assert!(ok, "{said}");
    assert!(said.starts_with("Would queue"), "{said}");
    assert!(
        app.with_conn(convene::models::mail_outbox::Outbox::backlog)
            .expect("backlog")
            == 0,
        "a dry run queues nothing"
    );
    let (ok, said) = convene(&["digest", "send", "--user", "author"]);
    assert!(ok && said.starts_with("Queued"), "{said}");
    let (ok, said) = convene(&["digest", "send", "--user", "nobody"]);
    assert!(
        !ok && said.contains("there is no user called nobody"),
        "{said}"
    );
}

#[actix_web::test]
async fn a_proposal_the_committee_decided_on_is_in_the_digests_proposals_section() {
    let app = TestApp::spawn().await;
    let reader = app.create_user("reader", Role::User);
    let muter = app.create_user("muter", Role::User);
    let chair = app.create_user("chair", Role::User);
    let committee = app.config.proposals.committee_group.clone();
    app.write(|tx| {
        let operator = Guardian::system();
        convene::services::projects::ensure_group(tx, &operator, &committee, "Committee")?;
        convene::services::projects::set_group_member(tx, &operator, &committee, "chair", true)
    });
    let ideas = app.create_proposals_category("Ideas");
    let idea = app.create_topic(&chair, &ideas, "SPEC: a shared deprecation policy", 0);
    // Something else for the member who muted the proposals, so they get a digest too.
    let general = app.create_category("General", false, None);
    app.create_topic(&reader, &general, "Something else to read", 0);
    choose(&app, &reader, "weekly", &[], "UTC");
    choose(&app, &muter, "weekly", &[], "UTC");
    let guardian = Guardian::for_user(&muter);
    app.write(|tx| {
        convene::services::notifications::watch_category(tx, &guardian, ideas.id, Level::Muted)
    });
    let (status, body) = app
        .api_as(
            reqwest::Method::PUT,
            &format!("/proposals/{}/stage.json", idea.id.0),
            "chair",
            serde_json::json!({"stage": "accepted", "number": 9}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let report = run(&app.db, &app.config, after_this_week(&app), None, false).unwrap();
    assert!(report.queued >= 1, "{report:?}");
    deliver(&app.state).unwrap();
    let mail = mailbox(&app);
    let (_, _, text, html) = mail
        .iter()
        .find(|m| m.0 == "reader@example.org")
        .expect("the reader's digest");
    assert!(
        text.contains("SPEC: a shared deprecation policy: accepted as SPEC 9"),
        "{text}"
    );
    assert!(html.contains("accepted as SPEC 9"), "{html}");
    let (_, _, muted_text, _) = mail
        .iter()
        .find(|m| m.0 == "muter@example.org")
        .expect("the muter's digest");
    assert!(
        muted_text.contains("Something else to read"),
        "{muted_text}"
    );
    assert!(
        !muted_text.contains("accepted as SPEC 9") && muted_text.contains("No proposal changed"),
        "a muted category's proposals stay out: {muted_text}"
    );
}
