//! Categories: the overview, nesting, read-only, and admin management.

use convene::models::category::Category;
use convene::models::user::Role;

use crate::support::{TestApp, body_of, location};

#[actix_web::test]
async fn the_categories_page_shows_subcategories_and_rolled_up_activity() {
    let app = TestApp::spawn().await;
    let author = app.create_user("ada", Role::User);
    let proposals = app.create_category("Proposals", false, None);
    let ideas = app.create_category("Ideas", false, Some(&proposals));
    app.create_topic(&author, &proposals, "How SPECs work", 1);
    app.create_topic(&author, &ideas, "A shared deprecation policy", 3);
    let (_, page) = app.client.get_text("/categories").await;
    // The header's nav links to /proposals too: the row is in the table.
    let table = &page[page.find("<table").unwrap()..];
    let row = &table[table.find("Proposals").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("Subcategories of Proposals") && row.contains("Ideas"));
    assert!(
        row.contains("<td class=\"num\">2<span class=\"unit\"> topics</span></td>")
            && row.contains("<td class=\"num\">6<span class=\"unit\"> posts</span></td>"),
        "2 topics, 6 posts: {row}"
    );
    let (_, parent) = app
        .client
        .get_text(&format!("/c/proposals/{}", proposals.id))
        .await;
    assert!(
        parent.contains("A shared deprecation policy"),
        "a category lists its subcategories' topics"
    );
    let (status, child) = app
        .client
        .get_text(&format!("/c/proposals/ideas/{}", ideas.id))
        .await;
    assert_eq!(status, 200);
    assert!(child.contains("A shared deprecation policy") && !child.contains("How SPECs work"));
}

#[actix_web::test]
async fn an_admin_creates_and_edits_categories_from_the_web() {
    let app = TestApp::spawn().await;
    app.signed_in("root", Role::Admin).await;
    let (status, _) = app.client.get_text("/admin/categories").await;
    assert_eq!(status, 200);
    let r = app
        .client
        .post_form(
            "/admin/categories",
            &[
                ("name", "NumPy"),
                ("description", "Arrays"),
                ("color", "#013243"),
                ("homepage_url", "https://numpy.org"),
                ("repository_url", "https://github.com/numpy/numpy"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let numpy = app
        .with_conn(|c| Category::find_by_slug(c, "numpy"))
        .unwrap()
        .expect("created");
    assert_eq!(location(&r), format!("/c/numpy/{}", numpy.id));
    let (_, page) = app.client.get_text(&location(&r)).await;
    assert!(page.contains("href=\"https://numpy.org\"") && page.contains("Source repository"));

    let parent = numpy.id.to_string();
    let r = app
        .client
        .post_form(
            "/admin/categories",
            &[
                ("name", "NumPy help"),
                ("parent_id", &parent),
                ("read_only", "on"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let child = app
        .with_conn(|c| Category::find_by_slug(c, "numpy-help"))
        .unwrap()
        .unwrap();
    assert_eq!(child.parent_id, Some(numpy.id));
    assert!(child.read_only);

    let r = app
        .client
        .post_form(
            &format!("/admin/categories/{}", child.id),
            &[
                ("name", "NumPy questions"),
                ("slug", "numpy-questions"),
                ("parent_id", &parent),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let edited = app.with_conn(|c| Category::find(c, child.id)).unwrap();
    assert_eq!(
        (edited.name.as_str(), edited.read_only),
        ("NumPy questions", false)
    );
}

#[actix_web::test]
async fn bad_category_forms_are_refused() {
    let app = TestApp::spawn().await;
    app.signed_in("root", Role::Admin).await;
    let top = app.create_category("Top", false, None);
    let child = app.create_category("Child", false, Some(&top));
    let grandchild = child.id.to_string();
    let r = app
        .client
        .post_form(
            "/admin/categories",
            &[("name", "Too deep"), ("parent_id", &grandchild)],
        )
        .await;
    assert!(body_of(r, 422).await.contains("nest one level deep"));
    let r = app
        .client
        .post_form("/admin/categories", &[("name", "Top")])
        .await;
    assert_eq!(r.status().as_u16(), 409, "the slug top is taken");
    let r = app
        .client
        .post_form(
            "/admin/categories",
            &[
                ("name", ""),
                ("color", "blue"),
                ("homepage_url", "javascript:alert(1)"),
            ],
        )
        .await;
    let body = body_of(r, 422).await;
    assert!(
        body.contains("needs a name")
            && body.contains("six hex digits")
            && body.contains("https://")
    );
    assert_eq!(app.with_conn(Category::all).unwrap().len(), 2);
}

#[actix_web::test]
async fn people_who_are_not_admins_cannot_manage_categories() {
    let app = TestApp::spawn().await;
    app.signed_in("mod", Role::Moderator).await;
    let (status, _) = app.client.get_text("/admin/categories").await;
    assert_eq!(status, 403);
    let r = app
        .client
        .post_form("/admin/categories", &[("name", "Sneaky")])
        .await;
    assert_eq!(r.status().as_u16(), 403);
    assert!(app.with_conn(Category::all).unwrap().is_empty());
}

#[actix_web::test]
async fn category_and_profile_counts_are_kept_as_topics_start_grow_move_and_arrive_in_bulk() {
    use convene::auth::Guardian;
    use convene::models::post::Body;
    use convene::models::user::User;
    use convene::services;
    use convene::services::import::{ImportedPost, ImportedTopic};
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let bob = app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let help = app.create_category("Help", false, None);
    let moved = app.create_topic(&ada, &general, "Broadcasting shapes", 2);
    app.reply(&bob, moved.id, "Same here.");
    app.create_topic(&bob, &general, "Stays in General", 0);
    app.create_topic(&ada, &help, "Already in Help", 1);
    // Moved: its four posts go with it, and General's last activity is found again.
    app.write(|tx| services::topic::update(tx, &Guardian::system(), moved.id, None, Some(help.id)));
    // A bulk import counts as the same posts written one by one would.
    let body = Body::new("Imported.".to_owned(), 1000).unwrap();
    let at = chrono::NaiveDate::from_ymd_opt(2020, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let post = |author: &User| ImportedPost {
        author: author.id,
        body: &body,
        cooked: "<p>Imported.</p>",
        at,
        reply_to: None,
    };
    let imported = ImportedTopic {
        title: "An imported question",
        category: general.id,
        first: post(&bob),
        replies: vec![post(&ada), post(&bob), post(&bob)],
    };
    app.write(|tx| services::import::topics(tx, &Guardian::system(), &[imported]));

    let (kept, counted) = app.with_conn(|conn| {
        let kept: std::collections::HashMap<_, _> = Category::all(conn)
            .unwrap()
            .iter()
            .map(|c| (c.id, c.stats()))
            .collect();
        (kept, Category::counted_stats(conn).unwrap())
    });
    for category in [&general, &help] {
        assert_eq!(
            kept[&category.id], counted[&category.id],
            "{}: kept and counted agree",
            category.name
        );
    }
    assert_eq!(
        (kept[&help.id].topic_count, kept[&help.id].post_count),
        (2, 6)
    );
    assert_eq!(
        (kept[&general.id].topic_count, kept[&general.id].post_count),
        (2, 5)
    );
    for user in [&ada, &bob] {
        let (kept, counted) = app.with_conn(|conn| {
            (
                User::find(conn, user.id).unwrap().stats(),
                User::counted_stats(conn, user.id).unwrap(),
            )
        });
        assert_eq!(kept, counted, "{}: kept and counted agree", user.username);
    }
    let bob_stats = app.with_conn(|conn| User::find(conn, bob.id).unwrap().stats());
    assert_eq!((bob_stats.topic_count, bob_stats.post_count), (2, 5));
    // And the pages show the kept counts.
    let (_, site) = app.client.get_json("/site.json").await;
    let help_entry = site["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Help")
        .unwrap()
        .clone();
    assert_eq!(help_entry["topic_count"], 2);
    assert_eq!(help_entry["post_count"], 6);
    let (_, profile) = app.client.get_json("/u/bob.json").await;
    assert_eq!(
        (
            &profile["user"]["topic_count"],
            &profile["user"]["post_count"]
        ),
        (&serde_json::json!(2), &serde_json::json!(5))
    );
}
