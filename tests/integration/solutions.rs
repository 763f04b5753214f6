//! Q&A solutions over HTTP (the Solved plugin's `POST /solution/accept` and `/unaccept`, and
//! the buttons on a question's replies): who may mark one, what the topic page and JSON then
//! show, and the bad input: the question itself, a topic that is not a question, twice, a
//! missing or unknown id. Each refusal changes nothing.

use convene::models::ids::PostId;
use convene::models::post::Post;
use convene::models::topic::Topic;
use convene::models::user::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{TestApp, body_of, location};

fn post(app: &TestApp, topic: &Topic, number: i32) -> PostId {
    app.with_conn(|c| Post::find_by_number(c, topic.id, number))
        .unwrap()
        .unwrap()
        .id
}

fn solution(app: &TestApp, topic: &Topic) -> Option<PostId> {
    app.with_conn(|c| Topic::find(c, topic.id))
        .unwrap()
        .solution_post_id
}

#[actix_web::test]
async fn the_asker_marks_the_reply_that_solved_it_and_the_topic_shows_it() {
    let app = TestApp::spawn().await;
    app.create_user("mod", Role::Moderator);
    let asker = app.create_user("ada", Role::User);
    let helper = app.create_user("bob", Role::User);
    app.create_user("carol", Role::User);
    let qa = app.create_question_category("Q&A");
    let general = app.create_category("General", false, None);
    let question = app.create_topic(&asker, &qa, "How do I read a NetCDF file lazily?", 0);
    app.reply(
        &helper,
        question.id,
        "Open it with `xarray.open_dataset(path, chunks={})`.",
    );
    app.reply(&helper, question.id, "Or with netCDF4 directly.");
    let (answer, other) = (post(&app, &question, 2), post(&app, &question, 3));

    // Unsolved: the page says so; the JSON says it is a question without an answer.
    let (_, page) = app.new_client().get_text(&question.url()).await;
    assert!(page.contains("no accepted solution yet"), "{page}");
    let (_, topic) = app
        .new_client()
        .get_json(&format!("/t/{}.json", question.id.0))
        .await;
    assert_eq!(topic["has_accepted_answer"], false, "{topic}");
    assert!(topic.get("accepted_answer").is_none());

    // The asker sees the buttons and marks the answer with the form.
    let client = app.new_client();
    app.log_in(&client, "ada").await;
    let (_, page) = client.get_text(&question.url()).await;
    assert!(page.contains("Mark as solution (post 2)"), "{page}");
    assert!(
        !page.contains("Mark as solution (post 1)"),
        "not the question"
    );
    let response = client
        .post_form("/solution/accept", &[("id", &answer.0.to_string())])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(
        location(&response).ends_with(&format!("/{}/2", question.id.0)),
        "{}",
        location(&response)
    );
    assert_eq!(solution(&app, &question), Some(answer));
    let (_, page) = app.new_client().get_text(&question.url()).await;
    assert!(page.contains("id=\"solution-heading\""), "{page}");
    assert!(
        page.contains("xarray.open_dataset"),
        "the solution is quoted: {page}"
    );
    let (_, topic) = app
        .new_client()
        .get_json(&format!("/t/{}.json", question.id.0))
        .await;
    assert_eq!(topic["has_accepted_answer"], true);
    assert_eq!(topic["accepted_answer"]["post_number"], 2);
    assert_eq!(topic["accepted_answer"]["username"], "bob");

    // Someone else may not change it; a moderator may.
    let before = solution(&app, &question);
    let (status, body) = app
        .api_as(
            Method::POST,
            "/solution/accept.json",
            "carol",
            json!({"id": other.0}),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body.to_string().contains("Only the person who asked"),
        "{body}"
    );
    assert_eq!(solution(&app, &question), before);
    let (status, body) = app
        .api_as(
            Method::POST,
            "/solution/accept.json",
            "mod",
            json!({"id": other.0}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["accepted_answer"]["post_number"], 3);
    assert_eq!(
        solution(&app, &question),
        Some(other),
        "another reply replaces it"
    );

    // Bad input: each refused, nothing changed.
    let first = post(&app, &question, 1);
    let elsewhere = app.create_topic(&asker, &general, "Not a question", 1);
    let not_a_question = post(&app, &elsewhere, 2);
    for (body, status, words) in [
        (json!({"id": first.0}), 422, "question itself"),
        (json!({"id": not_a_question.0}), 422, "not a question"),
        (json!({"id": other.0}), 409, ""),
        (json!({}), 400, "id"),
        (json!({"id": "two"}), 400, "id"),
        (json!({"id": 999_999}), 404, ""),
    ] {
        let (got, answer_body): (u16, Value) = app
            .api_as(Method::POST, "/solution/accept.json", "ada", body.clone())
            .await;
        assert_eq!(got, status, "{body}: {answer_body}");
        assert!(
            answer_body.to_string().contains(words),
            "{body}: {answer_body}"
        );
        assert_eq!(
            solution(&app, &question),
            Some(other),
            "{body} changed nothing"
        );
        assert_eq!(solution(&app, &elsewhere), None);
    }
    // Unaccepting a reply that is not the solution is refused; unaccepting it clears it.
    let (status, _) = app
        .api_as(
            Method::POST,
            "/solution/unaccept.json",
            "ada",
            json!({"id": answer.0}),
        )
        .await;
    assert_eq!(status, 409);
    let (status, body) = app
        .api_as(
            Method::POST,
            "/solution/unaccept.json",
            "ada",
            json!({"id": other.0}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["accepted_answer"], Value::Null);
    assert_eq!(solution(&app, &question), None);
    let page = body_of(app.new_client().get(&question.url()).await, 200).await;
    assert!(page.contains("no accepted solution yet"), "{page}");

    // A solution that is deleted answers the question no longer.
    let (status, _) = app
        .api_as(
            Method::POST,
            "/solution/accept.json",
            "ada",
            json!({"id": answer.0}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = app
        .api_as(
            Method::DELETE,
            &format!("/posts/{}.json", answer.0),
            "mod",
            json!({}),
        )
        .await;
    assert!(status < 300, "{status}: {body}");
    assert_eq!(
        solution(&app, &question),
        None,
        "deleting the solution unmarks it"
    );
}

#[actix_web::test]
async fn a_question_category_lists_its_unsolved_questions_apart() {
    let app = TestApp::spawn().await;
    let asker = app.create_user("ada", Role::User);
    let helper = app.create_user("bob", Role::User);
    let qa = app.create_question_category("Q&A");
    let solved = app.create_topic(&asker, &qa, "How do I stack arrays along a new axis?", 0);
    let open = app.create_topic(&asker, &qa, "Why is my FFT slower than expected?", 0);
    app.reply(&helper, solved.id, "Use `np.stack`.");
    let answer = post(&app, &solved, 2);
    let guardian = convene::auth::Guardian::for_user(&asker);
    app.write(|tx| convene::services::solutions::accept(tx, &guardian, answer));

    let path = format!("/c/{}/{}", qa.slug, qa.id);
    let ids = |body: &Value| -> Vec<i64> {
        body["topic_list"]["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    let (_, all) = app.new_client().get_json(&format!("{path}.json")).await;
    assert_eq!(ids(&all).len(), 2, "{all}");
    let listed = all["topic_list"]["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == solved.id.0)
        .unwrap()
        .clone();
    assert_eq!(listed["has_accepted_answer"], true);
    let (_, unsolved) = app
        .new_client()
        .get_json(&format!("{path}.json?solved=no"))
        .await;
    assert_eq!(ids(&unsolved), [open.id.0]);
    let (_, done) = app
        .new_client()
        .get_json(&format!("{path}.json?solved=yes"))
        .await;
    assert_eq!(ids(&done), [solved.id.0]);
    let page = body_of(
        app.new_client().get(&format!("{path}?solved=no")).await,
        200,
    )
    .await;
    assert!(
        page.contains("Why is my FFT slower") && !page.contains("stack arrays"),
        "{page}"
    );
    assert!(page.contains("aria-current=\"page\">Unsolved"), "{page}");
    let page = body_of(app.new_client().get(&path).await, 200).await;
    assert!(page.contains("Solved</span>"), "the solved mark: {page}");
    let (status, body) = app
        .new_client()
        .get_json(&format!("{path}.json?solved=maybe"))
        .await;
    assert_eq!(status, 400);
    assert!(body.to_string().contains("solved=no"), "{body}");
}

#[actix_web::test]
async fn a_question_category_closes_its_questions_some_days_after_they_are_solved() {
    let app = TestApp::spawn().await;
    app.signed_in("root", Role::Admin).await;
    let asker = app.create_user("ada", Role::User);
    let helper = app.create_user("bob", Role::User);

    // The admin sets it with the category form; nonsense is refused and changes nothing.
    let r = app
        .client
        .post_form(
            "/admin/categories",
            &[
                ("name", "Q&A"),
                ("questions", "on"),
                ("close_solved_after_days", "0"),
            ],
        )
        .await;
    let page = body_of(r, 422).await;
    assert!(
        page.contains("whole number of days from 1 to 3650"),
        "{page}"
    );
    let r = app
        .client
        .post_form(
            "/admin/categories",
            &[
                ("name", "Q&A"),
                ("questions", "on"),
                ("close_solved_after_days", "2"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let qa = app
        .with_conn(|c| convene::models::category::Category::find_by_slug(c, "q-a"))
        .unwrap()
        .expect("created");
    assert_eq!(qa.close_solved_after_days, Some(2));

    let long_ago = app.create_topic(&asker, &qa, "Solved three days ago", 0);
    let lately = app.create_topic(&asker, &qa, "Solved yesterday", 0);
    let open = app.create_topic(&asker, &qa, "Never solved", 0);
    let guardian = convene::auth::Guardian::for_user(&asker);
    for (topic, days) in [(&long_ago, 3), (&lately, 1)] {
        app.reply(&helper, topic.id, "This answers it.");
        let answer = post(&app, topic, 2);
        app.write(|tx| convene::services::solutions::accept(tx, &guardian, answer));
        app.with_conn(|conn| {
            use convene::db::schema::topics;
            use diesel::prelude::*;
            diesel::update(topics::table.find(topic.id))
                .set(topics::solved_at.eq(Some(convene::db::now() - chrono::Duration::days(days))))
                .execute(conn)
                .unwrap();
        });
    }
    app.with_conn(|conn| {
        use convene::db::schema::topics;
        use diesel::prelude::*;
        diesel::update(topics::table.find(open.id))
            .set(topics::created_at.eq(convene::db::now() - chrono::Duration::days(30)))
            .execute(conn)
            .unwrap();
    });

    convene::jobs::maintenance::maintain(&app.state).unwrap();
    let closed = |topic: &Topic| app.with_conn(|c| Topic::find(c, topic.id)).unwrap().closed;
    assert!(closed(&long_ago), "solved longer ago than two days");
    assert!(!closed(&lately) && !closed(&open));
    let (_, page) = app.client.get_text(&long_ago.url()).await;
    assert!(page.contains("closed"), "the topic says so");
    let (_, log) = app.client.get_json("/admin/logs.json").await;
    let entries = log["staff_action_logs"].as_array().expect("the log");
    let closing = entries
        .iter()
        .find(|e| e["action_name"] == "topic_closed")
        .unwrap_or_else(|| panic!("{log}"));
    assert_eq!(closing["acting_user"]["username"], "system", "{closing}");
    assert_eq!(
        entries
            .iter()
            .filter(|e| e["action_name"] == "topic_closed")
            .count(),
        1
    );
    // Running again closes nothing more.
    convene::jobs::maintenance::maintain(&app.state).unwrap();
    assert!(!closed(&lately));
}
