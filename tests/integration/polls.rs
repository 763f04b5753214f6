//! Polls over HTTP: a `[poll]` block in a post becomes a poll that members vote in with a
//! plain form (or the Poll plugin's `PUT /polls/vote`), with results as bars and numbers; its
//! author closes it; an edit that keeps the options keeps the votes; `convene rebake` makes
//! polls of blocks written before. And the bad input: no options or a thousand, a second vote,
//! two choices in a single-choice poll, an option from elsewhere, a closed poll.

use convene::models::ids::PostId;
use convene::models::poll::Poll;
use convene::models::post::Post;
use convene::models::topic::Topic;
use convene::models::user::Role;
use reqwest::Method;
use serde_json::json;

use crate::support::{TestApp, body_of, location};

const QUESTION: &str = "Which array library do you reach for first?\n\n[poll]\n* NumPy\n* CuPy\n* JAX\n[/poll]\n\nThanks!";

fn first_post(app: &TestApp, topic: &Topic) -> Post {
    app.with_conn(|c| Post::find_by_number(c, topic.id, 1))
        .unwrap()
        .unwrap()
}

fn options_of(app: &TestApp, post: PostId) -> Vec<(String, i64)> {
    let poll = app
        .with_conn(|c| Poll::find(c, post, "poll"))
        .unwrap()
        .expect("a poll");
    app.with_conn(|c| Poll::view(c, poll, None, convene::db::now()))
        .unwrap()
        .options
        .into_iter()
        .map(|(o, n)| (o.text, n))
        .collect()
}

fn option_ids(app: &TestApp, post: PostId) -> Vec<String> {
    let poll = app
        .with_conn(|c| Poll::find(c, post, "poll"))
        .unwrap()
        .unwrap();
    app.with_conn(|c| Poll::options(c, poll.id))
        .unwrap()
        .into_iter()
        .map(|o| o.id.to_string())
        .collect()
}

#[actix_web::test]
async fn members_vote_with_a_plain_form_and_see_the_results() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let topic = app.create_topic_with(&ada, &general, "Array libraries", QUESTION);
    let post = first_post(&app, &topic);
    let ids = option_ids(&app, post.id);
    assert_eq!(ids.len(), 3);

    // Visitors see the poll in its place, its results, and how to take part.
    let (_, page) = app.client.get_text(&topic.url()).await;
    assert!(page.contains("Log in</a> to vote."), "{page}");
    assert!(page.find("Which array library") < page.find("poll-box"));
    assert!(
        page.find("poll-box") < page.find("Thanks!"),
        "in its place: {page}"
    );

    let bob = app.new_client();
    app.log_in(&bob, "bob").await;
    let (_, page) = bob.get_text(&topic.url()).await;
    assert!(page.contains("type=\"radio\" name=\"options[]\""), "{page}");
    assert!(
        page.contains("<legend>Your vote (choose one)</legend>"),
        "{page}"
    );
    let post_id = post.id.0.to_string();
    let vote = |option: &str| {
        vec![
            ("post_id", post_id.clone()),
            ("poll_name", "poll".to_owned()),
            ("options[]", option.to_owned()),
        ]
    };
    let form =
        |fields: &Vec<(&'static str, String)>| -> Vec<(&'static str, String)> { fields.clone() };
    let send = |fields: Vec<(&'static str, String)>| {
        let bob = &bob;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            bob.post_form("/polls/vote", &pairs).await
        }
    };
    let response = send(form(&vote(&ids[2]))).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), format!("/posts/{}", post.id.0));
    assert_eq!(
        options_of(&app, post.id),
        [("NumPy".into(), 0), ("CuPy".into(), 0), ("JAX".into(), 1)]
    );
    let (_, page) = bob.get_text(&topic.url()).await;
    assert!(page.contains("1 vote (100 %)"), "{page}");
    assert!(page.contains("your vote"), "{page}");
    assert!(page.contains("Remove my vote"), "{page}");
    assert!(
        !page.contains("type=\"radio\" name=\"options[]\""),
        "no second ballot: {page}"
    );

    // A second vote, two choices in a one-choice poll, an option from elsewhere: refused.
    let body = body_of(send(vote(&ids[0])).await, 409).await;
    assert!(
        body.contains("You have voted in this poll already"),
        "{body}"
    );
    let response = bob
        .post_form(
            "/polls/unvote",
            &[("post_id", &post_id), ("poll_name", "poll")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let mut two = vote(&ids[0]);
    two.push(("options[]", ids[1].clone()));
    let body = body_of(send(two).await, 422).await;
    assert!(body.contains("This poll takes one choice"), "{body}");
    let body = body_of(send(vote("999999")).await, 422).await;
    assert!(body.contains("That option is not in this poll"), "{body}");
    let body = body_of(send(vote("")).await, 422).await;
    assert!(body.contains("Choose an option"), "{body}");
    assert_eq!(
        options_of(&app, post.id)
            .iter()
            .map(|(_, n)| n)
            .sum::<i64>(),
        0,
        "nothing counted"
    );

    // Its author closes it: no more votes, and the results stay.
    assert_eq!(send(vote(&ids[0])).await.status().as_u16(), 303);
    let ada_client = app.new_client();
    app.log_in(&ada_client, "ada").await;
    let (_, page) = ada_client.get_text(&topic.url()).await;
    assert!(page.contains("Close poll"), "{page}");
    // Bob may not close it.
    let response = bob
        .post_form(
            "/polls/toggle_status",
            &[
                ("post_id", &post_id),
                ("poll_name", "poll"),
                ("status", "closed"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 403);
    let response = ada_client
        .post_form(
            "/polls/toggle_status",
            &[
                ("post_id", &post_id),
                ("poll_name", "poll"),
                ("status", "closed"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let body = body_of(
        bob.post_form(
            "/polls/unvote",
            &[("post_id", &post_id), ("poll_name", "poll")],
        )
        .await,
        409,
    )
    .await;
    assert!(body.contains("This poll is closed"), "{body}");
    let (_, page) = app.client.get_text(&topic.url()).await;
    assert!(page.contains("Closed"), "{page}");
    assert!(page.contains("1 vote (100 %)"), "{page}");
}

#[actix_web::test]
async fn polls_without_options_or_with_a_thousand_are_refused() {
    let app = TestApp::spawn().await;
    app.create_user("ada", Role::User);
    let general = app.create_category("General", false, None);
    let client = app.new_client();
    app.log_in(&client, "ada").await;
    let category = general.id.0.to_string();
    let thousand: String = (0..1000).map(|i| format!("* option {i}\n")).collect();
    let before = app.with_conn(Topic::count).unwrap();
    for (raw, says) in [
        (
            "[poll]\n[/poll]".to_owned(),
            "A poll needs at least 2 options",
        ),
        (
            format!("[poll]\n{thousand}[/poll]"),
            "A poll can have at most 20 options; this one has 1,000.",
        ),
        (
            "[poll close=tomorrow]\n* a\n* b\n[/poll]".to_owned(),
            "closing time is written like",
        ),
    ] {
        let response = client
            .post_form(
                "/new-topic",
                &[
                    ("title", "A poll that is not one"),
                    ("category", &category),
                    ("raw", &raw),
                ],
            )
            .await;
        let page = body_of(response, 422).await;
        assert!(page.contains(says), "{page}");
    }
    assert_eq!(app.with_conn(Topic::count).unwrap(), before);
}

#[actix_web::test]
async fn multiple_choice_public_polls_answer_as_the_poll_plugin_and_edits_keep_votes() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let raw = "Tools?\n\n[poll type=multiple min=1 max=2 results=on_vote public=true]\n* pytest\n* hypothesis\n* nose\n[/poll]";
    let topic = app.create_topic_with(&ada, &general, "Testing tools", raw);
    let post = first_post(&app, &topic);
    let ids = option_ids(&app, post.id);

    // Results wait until you vote.
    let bob = app.new_client();
    app.log_in(&bob, "bob").await;
    let (_, page) = bob.get_text(&topic.url()).await;
    assert!(page.contains("Results show once you vote."), "{page}");
    assert!(
        page.contains("type=\"checkbox\" name=\"options[]\""),
        "{page}"
    );

    let (status, body) = app
        .api_as(
            Method::PUT,
            "/polls/vote",
            "bob",
            json!({"post_id": post.id.0, "poll_name": "poll", "options": [ids[0], ids[1], ids[2]]}),
        )
        .await;
    assert_eq!(status, 422, "three of at most two: {body}");
    let (status, body) = app
        .api_as(
            Method::PUT,
            "/polls/vote",
            "bob",
            json!({"post_id": post.id.0, "poll_name": "poll", "options": [ids[0], ids[1]]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["poll"]["type"], "multiple");
    assert_eq!(body["poll"]["voters"], 1);
    assert_eq!(body["poll"]["options"][0]["votes"], 1);
    assert_eq!(body["vote"], json!([ids[0], ids[1]]));
    let (_, page) = bob.get_text(&topic.url()).await;
    assert!(
        page.contains("— bob"),
        "a public poll names its voters: {page}"
    );

    // Editing the words around it keeps the votes; changing its options starts it again.
    let guardian = convene::auth::Guardian::for_user(&ada);
    let edit = |raw: &str, version: i32| {
        let input =
            convene::models::post::EditInput::new(post.id, raw.into(), None, version, None, 65536)
                .unwrap();
        let cooked = convene::markdown::cook(raw);
        app.write(|tx| convene::services::post::edit(tx, &guardian, &input, &cooked));
    };
    edit(&raw.replace("Tools?", "Which tools?"), 1);
    assert_eq!(options_of(&app, post.id)[0].1, 1, "votes kept");
    edit(&raw.replace("* nose\n", "* unittest\n"), 2);
    assert_eq!(options_of(&app, post.id)[2].0, "unittest");
    assert_eq!(
        options_of(&app, post.id)
            .iter()
            .map(|(_, n)| n)
            .sum::<i64>(),
        0,
        "a poll with other options starts again"
    );
    // Without its block, the poll goes.
    edit("No poll any more.", 3);
    assert!(
        app.with_conn(|c| Poll::of_post(c, post.id))
            .unwrap()
            .is_empty()
    );
}

#[actix_web::test]
async fn a_poll_past_its_closing_time_takes_no_votes() {
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    app.create_user("bob", Role::User);
    let general = app.create_category("General", false, None);
    let raw = "[poll results=on_close close=2020-01-01T00:00:00Z]\n* yes\n* no\n[/poll]";
    let topic = app.create_topic_with(&ada, &general, "An old question", raw);
    let post = first_post(&app, &topic);
    let ids = option_ids(&app, post.id);
    let (status, body) = app
        .api_as(
            Method::PUT,
            "/polls/vote",
            "bob",
            json!({"post_id": post.id.0, "poll_name": "poll", "options": [ids[0]]}),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["errors"][0].as_str().unwrap().contains("closed"),
        "{body}"
    );
    let (_, page) = app.client.get_text(&topic.url()).await;
    assert!(
        page.contains("0 votes (0 %)"),
        "closed, so its results show: {page}"
    );
}

#[actix_web::test]
async fn rebaking_makes_polls_of_blocks_written_before_polls_existed() {
    use convene::db::schema::{poll_options, polls, posts};
    use diesel::prelude::*;
    let app = TestApp::spawn().await;
    let ada = app.create_user("ada", Role::User);
    let general = app.create_category("General", false, None);
    let topic = app.create_topic_with(&ada, &general, "Array libraries", QUESTION);
    let post = first_post(&app, &topic);
    // As a forum that ran an older version has it: the block is text, and no poll exists.
    app.with_conn(|c| {
        diesel::delete(poll_options::table).execute(c).unwrap();
        diesel::delete(polls::table).execute(c).unwrap();
        diesel::update(posts::table.find(post.id))
            .set(posts::cooked.eq("<p>[poll] * NumPy * CuPy * JAX [/poll]</p>"))
            .execute(c)
            .unwrap();
    });
    convene::services::rebake::everything(&app.db, |_| {}).expect("rebake");
    assert_eq!(options_of(&app, post.id).len(), 3);
    let (_, page) = app.client.get_text(&topic.url()).await;
    assert!(page.contains("poll-box"), "{page}");
}
