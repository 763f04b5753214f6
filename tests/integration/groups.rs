//! Groups over HTTP (`/admin/groups…`, on the admins' projects page): making one, its members,
//! and exempting them from the new-member limits (issue #12: project maintainers post as
//! members from their first day). Each refusal changes nothing.

use convene::models::staff_log::StaffAction;
use convene::models::user::{Role, User};
use reqwest::Method;
use serde_json::json;

use crate::support::{Client, TestApp, body_of, location};

/// Starts a topic through the form; the response.
async fn start_topic(client: &Client, category: i64, n: usize) -> reqwest::Response {
    let title = format!("A maintainer's first question, number {n}");
    client
        .post_form(
            "/new-topic",
            &[
                ("title", title.as_str()),
                ("raw", "Where do the release notes for the next version go?"),
                ("category", &category.to_string()),
                ("intent", "submit"),
            ],
        )
        .await
}

fn waiting_for_approval(app: &TestApp) -> i64 {
    use convene::db::schema::queued_posts;
    use diesel::prelude::*;
    app.with_conn(|c| queued_posts::table.count().get_result(c))
        .unwrap()
}

fn groups_saved(app: &TestApp) -> Vec<(Option<String>, Option<String>)> {
    use convene::db::schema::staff_action_logs as log;
    use diesel::prelude::*;
    app.with_conn(|c| {
        log::table
            .filter(log::action.eq(StaffAction::GroupSaved.as_str()))
            .order(log::id.asc())
            .select((log::previous_value, log::new_value))
            .load(c)
    })
    .unwrap()
}

fn groups(app: &TestApp) -> Vec<(String, bool)> {
    use convene::db::schema::groups;
    use diesel::prelude::*;
    app.with_conn(|c| {
        groups::table
            .order(groups::name.asc())
            .select((groups::name, groups::exempt_new_member_limits))
            .load(c)
    })
    .unwrap()
}

/// A forum whose new members wait for approval of their first two posts and may start one
/// topic a day; `newcomer` is such a member.
async fn forum() -> (TestApp, User, i64) {
    let app = TestApp::spawn_with(|c| {
        c.moderation.approve_new_member_posts = 2;
        c.posts.new_member_topics_per_day = 1;
        c.posts.topics_per_minute = 0;
    })
    .await;
    let admin = app.create_user("admin", Role::Admin);
    let newcomer = app.create_user("newcomer", Role::User);
    let operator = convene::auth::Guardian::for_user(&admin);
    app.write(|tx| {
        convene::services::moderation::set_trust_level(tx, &operator, newcomer.id, 0, false)
    });
    let category = app.create_category("General", false, None);
    (app, newcomer, category.id.0)
}

#[actix_web::test]
async fn a_group_exempts_its_new_members_from_the_limits_until_an_admin_lifts_it() {
    let (app, _, category) = forum().await;
    let admin = app.new_client();
    app.log_in(&admin, "admin").await;
    let made = admin
        .post_form(
            "/admin/groups",
            &[
                ("name", "maintainers"),
                ("full_name", "Project maintainers"),
                ("exempt_new_member_limits", "true"),
            ],
        )
        .await;
    assert_eq!(made.status().as_u16(), 303);
    assert_eq!(location(&made), "/admin/projects#group-maintainers");
    let added = admin
        .post_form(
            "/admin/groups/members",
            &[("group", "maintainers"), ("username", "newcomer")],
        )
        .await;
    assert_eq!(added.status().as_u16(), 303);
    let (_, page) = admin.get_text("/admin/projects").await;
    assert!(page.contains("Project maintainers"), "{page}");
    assert!(
        page.contains("Its members are exempt from the new-member limits."),
        "{page}"
    );

    // Published at once, twice in a day: no queue, no daily cap.
    let newcomer = app.new_client();
    app.log_in(&newcomer, "newcomer").await;
    for n in 0..2 {
        let response = start_topic(&newcomer, category, n).await;
        assert_eq!(response.status().as_u16(), 303, "topic {n}");
        assert!(location(&response).starts_with("/t/"), "published: {n}");
    }
    assert_eq!(waiting_for_approval(&app), 0);

    // The admin lifts the exemption: from the next request the limits apply again.
    let lifted = admin
        .post_form(
            "/admin/groups/exemption",
            &[("group", "maintainers"), ("exempt", "false")],
        )
        .await;
    assert_eq!(lifted.status().as_u16(), 303);
    // (The daily cap counts what a member writes while it applies: one topic, then no more.)
    let counted = start_topic(&newcomer, category, 3).await;
    assert_eq!(counted.status().as_u16(), 303);
    let capped = start_topic(&newcomer, category, 4).await;
    assert_eq!(capped.status().as_u16(), 429);
    assert_eq!(groups(&app), vec![("maintainers".to_owned(), false)]);

    // Both changes are in the staff log, with before and after.
    let logged = groups_saved(&app);
    assert_eq!(logged.len(), 2, "{logged:?}");
    assert_eq!(
        logged[0].1.as_deref(),
        Some("maintainers (exempt from new-member limits)")
    );
    assert_eq!(
        logged[1],
        (
            Some("maintainers (exempt from new-member limits)".to_owned()),
            Some("maintainers (new-member limits apply)".to_owned())
        )
    );
}

#[actix_web::test]
async fn bad_group_requests_are_refused_and_change_nothing() {
    let (app, _, _) = forum().await;
    let (status, body) = app
        .api_as(
            Method::POST,
            "/admin/groups.json",
            "admin",
            json!({"name": "maintainers", "full_name": "Project maintainers"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["name"], "maintainers");
    assert_eq!(body["exempt_new_member_limits"], false);
    let before = (groups(&app), groups_saved(&app).len());

    for (method, path, sent, expected) in [
        // Not a handle.
        (
            Method::POST,
            "/admin/groups.json",
            json!({"name": "Project Maintainers"}),
            422,
        ),
        // A handle in use.
        (
            Method::POST,
            "/admin/groups.json",
            json!({"name": "maintainers", "exempt_new_member_limits": true}),
            409,
        ),
        // No such group.
        (
            Method::PUT,
            "/admin/groups/exemption.json",
            json!({"group": "nobody", "exempt": true}),
            404,
        ),
        // As it is already.
        (
            Method::PUT,
            "/admin/groups/exemption.json",
            json!({"group": "maintainers", "exempt": false}),
            409,
        ),
    ] {
        let (status, body) = app.api_as(method.clone(), path, "admin", sent).await;
        assert_eq!(status, expected, "{method} {path}: {body}");
        assert!(body["errors"][0].as_str().is_some_and(|e| !e.is_empty()));
    }
    // A member, not an admin, may not.
    app.create_user("member", Role::User);
    let (status, _) = app
        .api_as(
            Method::PUT,
            "/admin/groups/exemption.json",
            "member",
            json!({"group": "maintainers", "exempt": true}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!((groups(&app), groups_saved(&app).len()), before);

    // The form says what is wrong next to the field, and keeps what was typed.
    let admin = app.new_client();
    app.log_in(&admin, "admin").await;
    let response = admin
        .post_form(
            "/admin/groups",
            &[("name", "maintainers"), ("full_name", "Maintainers again")],
        )
        .await;
    let page = body_of(response, 409).await;
    assert!(
        page.contains("Another group already has that handle"),
        "{page}"
    );
    assert!(page.contains("value=\"Maintainers again\""), "{page}");
    assert_eq!((groups(&app), groups_saved(&app).len()), before);
}
