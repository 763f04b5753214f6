//! Proposals end to end over HTTP: the SPEC lifecycle (an idea accepted and numbered by the
//! committee, endorsed by core projects' representatives until it is recommended, adopted by
//! any project), the rules on who does what, the overview's filters, its JSON, Atom feed and
//! badge, and the bad input the issue names: each refused with a clear status, nothing changed.

use convene::models::ids::TopicId;
use convene::models::staff_log::{LogFilter, StaffAction, StaffLogEntry};
use convene::models::topic::Topic;
use convene::models::user::{Role, User};
use convene::services;
use convene::services::projects::ProjectDraft;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Client, TestApp, body_of, location};

/// A forum with a proposals category (Ideas), a steering committee (`chair`), two core
/// projects (NumPy, represented by `nora`; SciPy, by `sam`), a project that is not core
/// (Pandas, by `pat`), an author (`ada`) with an idea, and a member (`bob`).
struct Scene {
    app: TestApp,
    ada: User,
    ideas: convene::models::category::Category,
    idea: Topic,
}

async fn scene() -> Scene {
    let app = TestApp::spawn().await;
    app.create_user("admin", Role::Admin);
    for name in ["chair", "nora", "sam", "pat", "bob"] {
        app.create_user(name, Role::User);
    }
    let ada = app.create_user("ada", Role::User);
    let committee = app.config.proposals.committee_group.clone();
    app.write(|tx| {
        let operator = convene::auth::Guardian::system();
        services::projects::ensure_group(tx, &operator, &committee, "Steering committee")?;
        services::projects::set_group_member(tx, &operator, &committee, "chair", true)?;
        for (slug, name, core, representative) in [
            ("numpy", "NumPy", true, "nora"),
            ("scipy", "SciPy", true, "sam"),
            ("pandas", "Pandas", false, "pat"),
        ] {
            let draft = ProjectDraft {
                slug: slug.into(),
                name: name.into(),
                is_core: core,
                ..ProjectDraft::default()
            };
            services::projects::save_project(tx, &operator, &draft)?;
            services::projects::set_representative(tx, &operator, slug, representative, true)?;
        }
        Ok::<_, services::ServiceError>(())
    });
    let ideas = app.create_proposals_category("Ideas");
    let idea = app.create_topic(&ada, &ideas, "SPEC: minimum supported versions", 0);
    Scene {
        app,
        ada,
        ideas,
        idea,
    }
}

impl Scene {
    /// Sends JSON as `username` with an API key; returns (status, body).
    async fn api(&self, method: Method, path: &str, username: &str, body: Value) -> (u16, Value) {
        self.app.api_as(method, path, username, body).await
    }

    /// `/proposals/{id}/{action}.json` for the idea.
    fn action(&self, action: &str) -> String {
        format!("/proposals/{}/{action}.json", self.idea.id.0)
    }

    /// The idea's JSON (with its history), as anyone sees it.
    async fn proposal(&self) -> Value {
        self.proposal_of(self.idea.id).await
    }

    async fn proposal_of(&self, id: TopicId) -> Value {
        let (status, body) = self
            .app
            .new_client()
            .get_json(&format!("/proposals/{}.json", id.0))
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// A browser signed in as `name`.
    async fn client(&self, name: &str) -> Client {
        let client = self.app.new_client();
        self.app.log_in(&client, name).await;
        client
    }

    fn decisions(&self) -> Vec<StaffLogEntry> {
        let filter = LogFilter {
            action: Some(StaffAction::ProposalDecided),
            ..LogFilter::default()
        };
        self.app
            .with_conn(|conn| StaffLogEntry::list(conn, &filter, 100))
            .unwrap()
    }

    /// Asserts `(status, body)` is a refusal with `status` whose message mentions `words`, and
    /// that the proposal is unchanged since `before`.
    async fn refused(&self, got: (u16, Value), status: u16, words: &str, before: &Value) {
        let (code, body) = got;
        assert_eq!(code, status, "{body}");
        let said = body.to_string();
        assert!(
            said.to_lowercase().contains(&words.to_lowercase()),
            "the message says {words:?}: {said}"
        );
        assert_eq!(&self.proposal().await, before, "nothing changed");
    }

    /// Projects in JSON order: slugs of those endorsing the idea.
    fn endorsers(proposal: &Value) -> Vec<String> {
        proposal["proposal"]["endorsements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["project"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// The topic ids `/proposals.json?{query}` lists.
async fn overview(app: &TestApp, query: &str) -> Vec<i64> {
    let (status, body) = app
        .new_client()
        .get_json(&format!("/proposals.json?{query}"))
        .await;
    assert_eq!(status, 200, "{query}: {body}");
    body["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["topic_id"].as_i64().unwrap())
        .collect()
}

#[actix_web::test]
async fn an_idea_is_accepted_numbered_endorsed_until_recommended_and_adopted() {
    let s = scene().await;
    let id = s.idea.id.0;

    // A topic in the proposals category is an idea, with its author.
    let start = s.proposal().await;
    assert_eq!(start["proposal"]["stage"], "idea", "{start}");
    assert_eq!(start["proposal"]["status"], "idea");
    assert_eq!(start["proposal"]["number"], Value::Null);
    assert_eq!(start["proposal"]["label"], "Unnumbered");
    assert_eq!(start["proposal"]["authors"][0]["name"], "ada");
    assert_eq!(start["history"][0]["kind"], "proposed");

    // Its author sets its type and links; a member who is not an author may not.
    let details = json!({
        "kind": "process",
        "authors": "ada\nJane Doe",
        "pull_request_url": "https://github.com/scientific-python/specs/pull/1",
    });
    let before = s.proposal().await;
    s.refused(
        s.api(Method::PUT, &s.action("details"), "bob", details.clone())
            .await,
        403,
        "author",
        &before,
    )
    .await;
    let (status, body) = s
        .api(Method::PUT, &s.action("details"), "ada", details)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["proposal"]["kind"], "process");
    assert_eq!(body["proposal"]["authors"][1]["name"], "Jane Doe");
    assert_eq!(body["proposal"]["authors"][1]["member"], false);

    // Neither its author nor a representative may move it; the committee may.
    let before = s.proposal().await;
    for who in ["ada", "nora"] {
        s.refused(
            s.api(
                Method::PUT,
                &s.action("stage"),
                who,
                json!({"stage": "accepted"}),
            )
            .await,
            403,
            "committee",
            &before,
        )
        .await;
    }
    // Nothing to endorse before the committee accepts it.
    s.refused(
        s.api(
            Method::POST,
            &s.action("endorse"),
            "nora",
            json!({"project": "numpy"}),
        )
        .await,
        422,
        "once the committee has accepted it",
        &before,
    )
    .await;
    let (status, body) = s
        .api(
            Method::PUT,
            &s.action("stage"),
            "chair",
            json!({"stage": "accepted", "number": 7, "reason": "Discussed at the summit."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["proposal"]["stage"], "accepted");
    assert_eq!(body["proposal"]["number"], 7);
    assert_eq!(body["proposal"]["label"], "SPEC 7");
    let logged = s.decisions();
    assert_eq!(logged.len(), 1, "the decision is in the staff log");
    assert_eq!(
        logged[0].reason.as_deref(),
        Some("Discussed at the summit.")
    );

    // NumPy's representative endorses for NumPy, once; not for SciPy.
    let (status, body) = s
        .api(
            Method::POST,
            &s.action("endorse"),
            "nora",
            json!({"project": "numpy", "note": "We already follow it."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["proposal"]["status"], "endorsed");
    let before = s.proposal().await;
    s.refused(
        s.api(
            Method::POST,
            &s.action("endorse"),
            "nora",
            json!({"project": "numpy"}),
        )
        .await,
        409,
        "endorsed this proposal already",
        &before,
    )
    .await;
    s.refused(
        s.api(
            Method::POST,
            &s.action("endorse"),
            "nora",
            json!({"project": "scipy"}),
        )
        .await,
        403,
        "represent",
        &before,
    )
    .await;
    // A project that is not core adopts, but does not endorse.
    s.refused(
        s.api(
            Method::POST,
            &s.action("endorse"),
            "pat",
            json!({"project": "pandas"}),
        )
        .await,
        422,
        "project",
        &before,
    )
    .await;

    // The second core project's endorsement makes it recommended, on the page and in JSON.
    let sam = s.client("sam").await;
    let page = body_of(sam.get(&s.idea.url()).await, 200).await;
    assert!(page.contains("id=\"proposal-status\""), "{page}");
    assert!(
        page.contains("Needs one more core-project endorsement"),
        "the panel says what the next step needs: {page}"
    );
    let response = sam
        .post_form(
            &format!("/proposals/{id}/endorse"),
            &[("project", "scipy"), ("note", "")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(
        location(&response).ends_with("#proposal-status"),
        "{}",
        location(&response)
    );
    let now = s.proposal().await;
    assert_eq!(now["proposal"]["status"], "recommended", "{now}");
    assert_eq!(Scene::endorsers(&now), ["numpy", "scipy"]);
    assert_eq!(overview(&s.app, "status=recommended").await, [id]);
    assert_eq!(overview(&s.app, "status=idea").await, Vec::<i64>::new());
    assert_eq!(overview(&s.app, "type=process&project=scipy").await, [id]);
    assert_eq!(overview(&s.app, "type=standard").await, Vec::<i64>::new());
    let page = body_of(s.app.new_client().get("/proposals").await, 200).await;
    assert!(page.contains("SPEC 7"), "{page}");
    assert!(page.contains("Recommended"), "{page}");

    // Any project adopts, with a link to where it says so; once.
    let link = "https://pandas.pydata.org/docs/development/policies.html";
    let (status, body) = s
        .api(
            Method::POST,
            &s.action("adopt"),
            "pat",
            json!({"project": "pandas", "url": link}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["proposal"]["adoptions"][0]["url"], link);
    let before = s.proposal().await;
    s.refused(
        s.api(
            Method::POST,
            &s.action("adopt"),
            "pat",
            json!({"project": "pandas"}),
        )
        .await,
        409,
        "already",
        &before,
    )
    .await;
    s.refused(
        s.api(
            Method::POST,
            &s.action("adopt"),
            "bob",
            json!({"project": "pandas"}),
        )
        .await,
        403,
        "represent",
        &before,
    )
    .await;

    // Every step is in its history, in order, and shown as a notice in the topic.
    let kinds: Vec<&str> = before["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["proposed", "stage", "endorsed", "endorsed", "adopted"],
        "{before}"
    );
    let page = body_of(s.app.new_client().get(&s.idea.url()).await, 200).await;
    assert!(page.contains("Discussed at the summit."), "{page}");

    // The project pages say what each did; Pandas has no recommended proposal left to adopt,
    // NumPy has this one.
    let (status, numpy) = s.app.new_client().get_json("/projects/numpy.json").await;
    assert_eq!(status, 200, "{numpy}");
    assert_eq!(numpy["endorsed"], json!([id]), "{numpy}");
    assert_eq!(numpy["representatives"], json!(["nora"]));
    let (_, pandas) = s.app.new_client().get_json("/projects/pandas.json").await;
    assert_eq!(pandas["adopted"], json!([id]), "{pandas}");
    let page = body_of(s.app.new_client().get("/projects").await, 200).await;
    assert!(page.contains("NumPy") && page.contains("Pandas"), "{page}");

    // Watchers hear of it: the author watches her own topic.
    let notified = s
        .app
        .with_conn(|conn| {
            convene::models::notification::Notification::for_user(conn, s.ada.id, 0, 50)
        })
        .unwrap();
    assert!(
        notified.iter().any(|n| n.notification.notification_type
            == convene::models::notification::Kind::ProposalChanged.code()),
        "the author is told"
    );
}

#[actix_web::test]
async fn a_changed_document_asks_every_endorsing_project_to_confirm_again() {
    let s = scene().await;
    let document = "https://scientific-python.org/specs/spec-0000/";
    s.api(
        Method::PUT,
        &s.action("stage"),
        "chair",
        json!({"stage": "published"}),
    )
    .await;
    let (status, _) = s
        .api(
            Method::PUT,
            &s.action("details"),
            "ada",
            json!({"kind": "standard", "authors": "ada", "document_url": document}),
        )
        .await;
    assert_eq!(status, 200);
    for (who, project) in [("nora", "numpy"), ("sam", "scipy")] {
        let (status, body) = s
            .api(
                Method::POST,
                &s.action("endorse"),
                who,
                json!({"project": project}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    // Nothing to confirm while the document is as endorsed.
    let before = s.proposal().await;
    s.refused(
        s.api(
            Method::POST,
            &s.action("confirm-endorsement"),
            "nora",
            json!({"project": "numpy"}),
        )
        .await,
        409,
        "already",
        &before,
    )
    .await;

    let (status, body) = s
        .api(
            Method::PUT,
            &s.action("details"),
            "ada",
            json!({"kind": "standard", "authors": "ada", "document_url": format!("{document}v2")}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let to_reconfirm = |body: &Value| -> Vec<bool> {
        body["proposal"]["endorsements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["to_reconfirm"].as_bool().unwrap())
            .collect()
    };
    assert_eq!(to_reconfirm(&body), [true, true], "{body}");
    let (status, body) = s
        .api(
            Method::POST,
            &s.action("confirm-endorsement"),
            "nora",
            json!({"project": "numpy"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        to_reconfirm(&body),
        [false, true],
        "NumPy confirmed; SciPy not yet"
    );
    let history = s.proposal().await;
    let kinds: Vec<&str> = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"document_changed"), "{kinds:?}");
    assert!(kinds.contains(&"confirmed"), "{kinds:?}");

    // A withdrawn endorsement leaves it endorsed by one project only.
    let (status, body) = s
        .api(
            Method::POST,
            &s.action("withdraw-endorsement"),
            "sam",
            json!({"project": "scipy", "note": "Changed too much."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["proposal"]["status"], "endorsed");
    assert_eq!(Scene::endorsers(&s.proposal().await), ["numpy"]);
}

#[actix_web::test]
async fn numbers_are_unique_kept_and_never_reused() {
    let s = scene().await;
    let second = s
        .app
        .create_topic(&s.ada, &s.ideas, "SPEC: a second idea for numbering", 0);
    let stage_of = |id: TopicId| format!("/proposals/{}/stage.json", id.0);
    let (status, body) = s
        .api(
            Method::PUT,
            &stage_of(s.idea.id),
            "chair",
            json!({"stage": "accepted", "number": 3}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // A number in use is refused, and the second proposal stays an idea.
    let before = s.proposal_of(second.id).await;
    let (status, body) = s
        .api(
            Method::PUT,
            &stage_of(second.id),
            "chair",
            json!({"stage": "accepted", "number": 3}),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains('3'), "{body}");
    assert_eq!(s.proposal_of(second.id).await, before);
    // Without one, it gets the next free number.
    let (status, body) = s
        .api(
            Method::PUT,
            &stage_of(second.id),
            "chair",
            json!({"stage": "accepted"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["proposal"]["number"], 4);

    // The committee may move it back; it keeps its number, and may not be renumbered.
    let (status, body) = s
        .api(
            Method::PUT,
            &stage_of(s.idea.id),
            "chair",
            json!({"stage": "idea", "reason": "Needs more discussion."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["proposal"]["stage"], "idea");
    assert_eq!(
        body["proposal"]["number"], 3,
        "a number is never taken back"
    );
    let before = s.proposal().await;
    s.refused(
        s.api(
            Method::PUT,
            &stage_of(s.idea.id),
            "chair",
            json!({"stage": "accepted", "number": 9}),
        )
        .await,
        422,
        "number",
        &before,
    )
    .await;
    s.refused(
        s.api(
            Method::PUT,
            &stage_of(s.idea.id),
            "chair",
            json!({"stage": "accepted", "number": "seven"}),
        )
        .await,
        422,
        "number",
        &before,
    )
    .await;
    s.refused(
        s.api(
            Method::PUT,
            &stage_of(s.idea.id),
            "chair",
            json!({"stage": "finished"}),
        )
        .await,
        422,
        "stage",
        &before,
    )
    .await;
    // Withdrawn, then a third proposal: still not number 3.
    s.api(
        Method::PUT,
        &stage_of(s.idea.id),
        "chair",
        json!({"stage": "withdrawn"}),
    )
    .await;
    let third = s
        .app
        .create_topic(&s.ada, &s.ideas, "SPEC: a third idea for numbering", 0);
    let (_, body) = s
        .api(
            Method::PUT,
            &stage_of(third.id),
            "chair",
            json!({"stage": "accepted"}),
        )
        .await;
    assert_eq!(body["proposal"]["number"], 5, "{body}");
    assert_eq!(s.decisions().len(), 5, "every decision is logged");
}

#[actix_web::test]
async fn a_proposal_is_superseded_by_another_but_not_by_itself_or_in_a_cycle() {
    let s = scene().await;
    let newer = s
        .app
        .create_topic(&s.ada, &s.ideas, "SPEC: the better version of it", 0);
    let stage = |id: TopicId| format!("/proposals/{}/stage.json", id.0);
    let before = s.proposal().await;
    for (replacement, words) in [
        (json!(s.idea.id.0), "itself"),
        (json!(""), "superseded"),
        (json!(999_999), "999999"),
        (json!("/t/not-a-topic"), "superseded"),
    ] {
        let (status, body) = s
            .api(
                Method::PUT,
                &stage(s.idea.id),
                "chair",
                json!({"stage": "superseded", "superseded_by": replacement}),
            )
            .await;
        assert_eq!(status, 422, "{replacement}: {body}");
        let said = body.to_string().to_lowercase();
        assert!(
            said.contains(words) || said.contains("replac"),
            "{replacement}: {body}"
        );
        assert_eq!(s.proposal().await, before, "nothing changed");
    }
    // By address, as a reader would paste it.
    let (status, body) = s
        .api(
            Method::PUT,
            &stage(s.idea.id),
            "chair",
            json!({"stage": "superseded", "superseded_by": newer.url()}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["proposal"]["superseded_by"], newer.id.0);
    assert_eq!(body["proposal"]["status"], "superseded");
    // The newer one cannot in turn be superseded by the older: that is a cycle.
    let before = s.proposal_of(newer.id).await;
    let (status, body) = s
        .api(
            Method::PUT,
            &stage(newer.id),
            "chair",
            json!({"stage": "superseded", "superseded_by": s.idea.id.0}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(s.proposal_of(newer.id).await, before);
}

#[actix_web::test]
async fn the_overview_has_a_feed_a_badge_and_refuses_unknown_filters() {
    let s = scene().await;
    s.api(
        Method::PUT,
        &s.action("stage"),
        "chair",
        json!({"stage": "accepted", "number": 12}),
    )
    .await;

    // The Atom feed parses, with an entry for the decision, linked absolutely.
    let response = s.app.new_client().get("/proposals.atom").await;
    assert_eq!(response.status().as_u16(), 200);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("application/atom+xml"), "{kind}");
    let text = response.text().await.unwrap();
    let feed: atom_syndication::Feed = text.parse().expect("a valid Atom feed");
    let entry = feed
        .entries()
        .iter()
        .find(|e| e.title().as_str().contains("SPEC 12"))
        .unwrap_or_else(|| panic!("an entry for the acceptance: {text}"));
    let href = entry.links()[0].href();
    assert!(href.starts_with("http"), "{href}");
    assert!(href.contains(&format!("/{}", s.idea.id.0)), "{href}");

    // The badge is an SVG naming the number and the stage.
    let response = s
        .app
        .new_client()
        .get(&format!("/proposals/{}/badge.svg", s.idea.id.0))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    let svg = response.text().await.unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains("SPEC 12") && svg.contains("accepted"), "{svg}");
    let missing = s.app.new_client().get("/proposals/999999/badge.svg").await;
    assert_eq!(missing.status().as_u16(), 404);

    // Sorted and filtered; unknown filters are refused with what is known.
    let second = s
        .app
        .create_topic(&s.ada, &s.ideas, "SPEC: an unnumbered idea", 0);
    assert_eq!(
        overview(&s.app, "sort=number").await,
        [s.idea.id.0, second.id.0]
    );
    assert_eq!(overview(&s.app, "status=idea").await, [second.id.0]);
    for (query, words) in [
        ("status=finished", "Unknown stage"),
        ("type=essay", "Unknown type"),
        ("sort=colour", "Unknown order"),
    ] {
        let (status, body) = s
            .app
            .new_client()
            .get_json(&format!("/proposals.json?{query}"))
            .await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(body.to_string().contains(words), "{query}: {body}");
    }
    let (status, _) = s
        .app
        .new_client()
        .get_json("/proposals.json?project=nope")
        .await;
    assert_eq!(status, 404);
    // Per project: recommended proposals it has not adopted yet.
    let page = body_of(
        s.app.new_client().get("/proposals?project=numpy").await,
        200,
    )
    .await;
    assert!(page.contains("NumPy"), "{page}");
}

#[actix_web::test]
async fn the_edit_page_shows_a_problem_next_to_its_field_and_keeps_what_was_typed() {
    let s = scene().await;
    let id = s.idea.id.0;
    let ada = s.client("ada").await;
    let page = body_of(ada.get(&format!("/proposals/{id}/edit")).await, 200).await;
    assert!(page.contains("name=\"document_url\""), "{page}");
    assert!(
        !page.contains("name=\"stage\""),
        "the decision form is the committee's: {page}"
    );
    let before = s.proposal().await;
    let response = ada
        .post_form(
            &format!("/proposals/{id}/details"),
            &[
                ("kind", "standard"),
                ("authors", "ada"),
                ("document_url", "not a link"),
                ("pull_request_url", ""),
            ],
        )
        .await;
    let page = body_of(response, 422).await;
    assert!(
        page.contains("not a link"),
        "what was typed is kept: {page}"
    );
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    assert_eq!(s.proposal().await, before, "nothing changed");

    // The committee's page has the decision form; a decision goes back to the panel.
    let chair = s.client("chair").await;
    let page = body_of(chair.get(&format!("/proposals/{id}/edit")).await, 200).await;
    assert!(page.contains("name=\"stage\""), "{page}");
    let response = chair
        .post_form(
            &format!("/proposals/{id}/stage"),
            &[("stage", "accepted"), ("number", ""), ("reason", "")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(location(&response).ends_with("#proposal-status"));
    // A member who is neither author nor committee may not open the edit page.
    let bob = s.client("bob").await;
    assert_eq!(
        bob.get(&format!("/proposals/{id}/edit"))
            .await
            .status()
            .as_u16(),
        403
    );
}

#[actix_web::test]
async fn admins_manage_projects_representatives_and_the_committee() {
    let s = scene().await;
    let admin = s.client("admin").await;
    let page = body_of(admin.get("/admin/projects").await, 200).await;
    assert!(page.contains("NumPy"), "{page}");
    let (status, body) = s
        .api(
            Method::POST,
            "/admin/projects.json",
            "admin",
            json!({"slug": "scikit-image", "name": "scikit-image", "is_core": true,
                   "homepage_url": "https://scikit-image.org"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = s
        .api(
            Method::POST,
            "/admin/projects.json",
            "admin",
            json!({"slug": "Not A Slug!", "name": "", "homepage_url": "ftp:/x"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = s
        .api(
            Method::POST,
            "/admin/projects/representatives.json",
            "admin",
            json!({"project": "scikit-image", "username": "bob"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, project) = s
        .app
        .new_client()
        .get_json("/projects/scikit-image.json")
        .await;
    assert_eq!(project["representatives"], json!(["bob"]));
    // Bob now endorses for it.
    s.api(
        Method::PUT,
        &s.action("stage"),
        "chair",
        json!({"stage": "accepted"}),
    )
    .await;
    let (status, body) = s
        .api(
            Method::POST,
            &s.action("endorse"),
            "bob",
            json!({"project": "scikit-image"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // Bob joins the committee, and may then decide.
    let (status, body) = s
        .api(
            Method::POST,
            "/admin/groups/members.json",
            "admin",
            json!({"group": s.app.config.proposals.committee_group, "username": "bob"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = s
        .api(
            Method::PUT,
            &s.action("stage"),
            "bob",
            json!({"stage": "published"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // A missing user or project is named.
    let (status, body) = s
        .api(
            Method::POST,
            "/admin/projects/representatives.json",
            "admin",
            json!({"project": "scikit-image", "username": "nobody-here"}),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert!(body.to_string().contains("nobody-here"), "{body}");
}
