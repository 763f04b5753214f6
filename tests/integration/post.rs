//! Editing posts and reading their history.

use convene::models::ids::PostId;
use convene::models::post::Post;
use convene::models::user::Role;

use crate::support::{TestApp, body_of, location};

fn first_post_id(app: &TestApp, topic: &convene::models::topic::Topic) -> PostId {
    app.with_conn(|c| Post::find_by_number(c, topic.id, 1))
        .unwrap()
        .unwrap()
        .id
}

#[actix_web::test]
async fn an_author_edits_a_post_and_every_version_stays_readable() {
    let app = TestApp::spawn().await;
    let category = app.create_category("General", false, None);
    let author = app.signed_in("ada", Role::User).await;
    let topic = app.create_topic(&author, &category, "Typos", 0);
    let id = first_post_id(&app, &topic);
    let (status, form) = app.client.get_text(&format!("/posts/{id}/edit")).await;
    assert_eq!(status, 200);
    assert!(form.contains("First post of *Typos*."));
    let r = app
        .client
        .post_form(
            &format!("/posts/{id}/edit"),
            &[
                ("raw", "Second version"),
                ("version", "1"),
                ("edit_reason", "clarify"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), format!("/t/{}/{}/1", topic.slug, topic.id));
    let r = app
        .client
        .post_form(
            &format!("/posts/{id}/edit"),
            &[("raw", "Third version"), ("version", "2")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, page) = app.client.get_text(&format!("/t/{}", topic.id)).await;
    assert!(page.contains("Third version") && page.contains("edited (3 versions)"));
    let (_, history) = app.client.get_text(&format!("/posts/{id}/revisions")).await;
    for v in 1..=3 {
        assert!(
            history.contains(&format!("/posts/{id}/revisions/{v}")),
            "version {v} listed"
        );
    }
    assert!(history.contains("clarify"));
    let (status, v1) = app
        .client
        .get_text(&format!("/posts/{id}/revisions/1"))
        .await;
    assert_eq!(status, 200);
    assert!(v1.contains("First post of <em>Typos</em>.") && v1.contains("version 1 of 3"));
    let (_, v2) = app
        .client
        .get_text(&format!("/posts/{id}/revisions/2"))
        .await;
    assert!(v2.contains("Second version"));
    let (status, _) = app
        .client
        .get_text(&format!("/posts/{id}/revisions/4"))
        .await;
    assert_eq!(status, 404);
}

#[actix_web::test]
async fn only_the_author_and_staff_may_edit_a_post() {
    let app = TestApp::spawn().await;
    let category = app.create_category("General", false, None);
    let author = app.create_user("ada", Role::User);
    let topic = app.create_topic(&author, &category, "Mine", 0);
    let id = first_post_id(&app, &topic);
    app.signed_in("mallory", Role::User).await;
    let (status, _) = app.client.get_text(&format!("/posts/{id}/edit")).await;
    assert_eq!(status, 403);
    let r = app
        .client
        .post_form(
            &format!("/posts/{id}/edit"),
            &[("raw", "defaced"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 403);
    let post = app.with_conn(|c| Post::find(c, id)).unwrap();
    assert_eq!(
        (post.version, post.raw.as_str()),
        (1, "First post of *Mine*.")
    );

    app.create_user("mod", Role::Moderator);
    let moderator = app.new_client();
    app.log_in(&moderator, "mod").await;
    let r = moderator
        .post_form(
            &format!("/posts/{id}/edit"),
            &[
                ("raw", "Moderated"),
                ("version", "1"),
                ("edit_reason", "code of conduct"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let post = app.with_conn(|c| Post::find(c, id)).unwrap();
    assert_eq!((post.version, post.raw.as_str()), (2, "Moderated"));
}

#[actix_web::test]
async fn saving_over_a_newer_version_is_a_conflict() {
    let app = TestApp::spawn().await;
    let category = app.create_category("General", false, None);
    let author = app.signed_in("ada", Role::User).await;
    let topic = app.create_topic(&author, &category, "Race", 0);
    let id = first_post_id(&app, &topic);
    let first = app
        .client
        .post_form(
            &format!("/posts/{id}/edit"),
            &[("raw", "From tab one"), ("version", "1")],
        )
        .await;
    assert_eq!(first.status().as_u16(), 303);
    let stale = app
        .client
        .post_form(
            &format!("/posts/{id}/edit"),
            &[("raw", "From tab two"), ("version", "1")],
        )
        .await;
    let body = body_of(stale, 409).await;
    assert!(
        body.contains("Someone else saved a new version") && body.contains("From tab two"),
        "the text typed is kept"
    );
    assert_eq!(
        app.with_conn(|c| Post::find(c, id)).unwrap().raw,
        "From tab one"
    );
}

#[actix_web::test]
async fn editing_a_first_post_can_rename_its_topic() {
    let app = TestApp::spawn().await;
    let category = app.create_category("General", false, None);
    let author = app.signed_in("ada", Role::User).await;
    let topic = app.create_topic(&author, &category, "Tpyo in title", 1);
    let id = first_post_id(&app, &topic);
    let (_, form) = app.client.get_text(&format!("/posts/{id}/edit")).await;
    assert!(form.contains("name=\"title\"") && form.contains("value=\"Tpyo in title\""));
    let r = app
        .client
        .post_form(
            &format!("/posts/{id}/edit"),
            &[
                ("raw", "Same body, better title"),
                ("version", "1"),
                ("title", "Typo in title"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), format!("/t/typo-in-title/{}/1", topic.id));
    let renamed = app
        .with_conn(|c| convene::models::topic::Topic::find(c, topic.id))
        .unwrap();
    assert_eq!(
        (renamed.title.as_str(), renamed.slug.as_str()),
        ("Typo in title", "typo-in-title")
    );
    let blank = app
        .client
        .post_form(
            &format!("/posts/{id}/edit"),
            &[("raw", "x"), ("version", "2"), ("title", " ")],
        )
        .await;
    assert_eq!(blank.status().as_u16(), 422);
    let reply = app
        .with_conn(|c| Post::find_by_number(c, topic.id, 2))
        .unwrap()
        .unwrap();
    let (_, reply_form) = app
        .client
        .get_text(&format!("/posts/{}/edit", reply.id))
        .await;
    assert!(
        !reply_form.contains("name=\"title\""),
        "only the first post carries the title"
    );
}
