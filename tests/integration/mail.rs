//! Account mail end to end: the verification link a newcomer is mailed is delivered by the
//! outbox job, read back with a real MIME parser, and followed; until then they may not post.
//! Links work once, tampered ones are refused with a page that says what to do, and asking
//! for a password reset answers the same whether or not the address is known.

use convene::jobs::mail::deliver;

use crate::support::{TestApp, body_of};

const PASSWORD: &str = "correct horse battery";

/// Every message the file transport wrote: (to, subject, text body).
fn mailbox(app: &TestApp) -> Vec<(String, String, String)> {
    app.mailbox()
        .into_iter()
        .map(|mail| (mail.to, mail.subject, mail.text))
        .collect()
}

/// The first link in `text` to a path starting with `prefix`, as a path on the forum.
fn link(app: &TestApp, text: &str, prefix: &str) -> String {
    let start = text
        .find(&format!("{}{prefix}", app.base))
        .unwrap_or_else(|| panic!("a {prefix} link in:\n{text}"));
    let url: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    url.trim_start_matches(&app.base).to_owned()
}

#[actix_web::test]
async fn a_newcomer_confirms_the_mailed_link_before_posting() {
    let app = TestApp::spawn().await;
    let category = app.create_category("General", false, None);
    let response = app
        .client
        .post_form(
            "/signup",
            &[
                ("username", "newt"),
                ("email", "newt@example.org"),
                ("password", PASSWORD),
                ("accept_coc", "on"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);

    // Not yet verified: reading works, posting is refused with what to do.
    let category_id = category.id.to_string();
    let refused = app
        .client
        .post_form(
            "/new-topic",
            &[
                ("title", "A first question about arrays"),
                ("raw", "How do I reshape an array without copying it?"),
                ("category", &category_id),
            ],
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    assert!(
        refused
            .text()
            .await
            .expect("body")
            .contains("Confirm your email address")
    );

    // The mail leaves through the outbox job, once.
    let first = deliver(&app.state).expect("deliver");
    assert_eq!(first.sent, 1, "{first:?}");
    assert_eq!(deliver(&app.state).expect("deliver again").sent, 0);
    let mails = mailbox(&app);
    assert_eq!(mails.len(), 1);
    let (to, subject, text) = &mails[0];
    assert_eq!(to, "newt@example.org");
    assert!(subject.contains("Confirm your email address"), "{subject}");
    let verify = link(&app, text, "/verify/");

    // A tampered link is refused with a page that says what to do, and changes nothing.
    let (status, page) = app.client.get_text(&format!("{verify}x")).await;
    assert_eq!(status, 404);
    assert!(page.contains("Ask for a new confirmation link"), "{page}");

    // Opening the link only shows the button (mail scanners open links); pressing it confirms.
    let (status, page) = app.client.get_text(&verify).await;
    assert_eq!(status, 200);
    assert!(page.contains("Confirm my address"));
    let confirmed = app.client.post_form(&verify, &[]).await;
    assert_eq!(confirmed.status().as_u16(), 200);
    assert!(
        confirmed
            .text()
            .await
            .expect("body")
            .contains("Address confirmed")
    );
    let again = app.client.post_form(&verify, &[]).await;
    assert_eq!(again.status().as_u16(), 410, "a link works once");

    let posted = app
        .client
        .post_form(
            "/new-topic",
            &[
                ("title", "A first question about arrays"),
                ("raw", "How do I reshape an array without copying it?"),
                ("category", &category_id),
            ],
        )
        .await;
    assert_eq!(posted.status().as_u16(), 303, "verified members post");
}

#[actix_web::test]
async fn a_password_reset_link_works_once_and_unknown_addresses_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.create_user("grace", convene::models::user::Role::User);
    let known = app
        .client
        .post_form("/password-reset", &[("email", "grace@example.org")])
        .await;
    assert_eq!(known.status().as_u16(), 200);
    let known_page = known.text().await.expect("body");
    let unknown = app
        .client
        .post_form("/password-reset", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(unknown.status().as_u16(), 200);
    let unknown_page = unknown.text().await.expect("body");
    assert_eq!(
        known_page.replace("grace@example.org", "X"),
        unknown_page.replace("nobody@example.org", "X"),
        "the answer does not reveal which address has an account"
    );

    assert_eq!(deliver(&app.state).expect("deliver").sent, 1);
    let mails = mailbox(&app);
    assert_eq!(mails.len(), 1, "only the known address gets mail");
    let reset = link(&app, &mails[0].2, "/password-reset/");

    let short = app.client.post_form(&reset, &[("password", "short")]).await;
    assert_eq!(
        short.status().as_u16(),
        422,
        "a bad password is shown again"
    );
    let saved = app
        .client
        .post_form(&reset, &[("password", "a brand new passphrase")])
        .await;
    assert_eq!(saved.status().as_u16(), 200);
    let reused = app
        .client
        .post_form(&reset, &[("password", "yet another passphrase")])
        .await;
    assert_eq!(reused.status().as_u16(), 410, "the link works once");

    let login = app
        .client
        .post_form(
            "/login",
            &[("login", "grace"), ("password", "a brand new passphrase")],
        )
        .await;
    assert_eq!(login.status().as_u16(), 303, "the new password logs in");

    // Past the per-address limit, the answer is the same and no more mail is queued.
    for _ in 0..5 {
        app.client
            .post_form("/password-reset", &[("email", "grace@example.org")])
            .await;
    }
    deliver(&app.state).expect("deliver");
    assert!(mailbox(&app).len() <= 3, "at most three an hour");
}

#[actix_web::test]
async fn account_mail_limits_of_zero_are_no_limits() {
    let app = TestApp::spawn_with(|c| {
        c.auth.account_mails_per_address_per_hour = 0;
        c.auth.account_mails_per_ip_per_hour = 0;
    })
    .await;
    app.create_user("grace", convene::models::user::Role::User);
    for _ in 0..4 {
        let asked = app
            .client
            .post_form("/password-reset", &[("email", "grace@example.org")])
            .await;
        assert_eq!(asked.status().as_u16(), 200);
    }
    assert_eq!(deliver(&app.state).expect("deliver").sent, 4);
}

#[actix_web::test]
async fn a_new_address_is_used_only_once_its_mailed_link_is_opened() {
    let app = TestApp::spawn().await;
    let ada = app
        .signed_in("ada", convene::models::role::Role::User)
        .await;
    app.create_user("bob", convene::models::role::Role::User);
    let (status, page) = app.client.get_text("/my/email").await;
    assert_eq!(status, 200);
    assert!(page.contains("ada@example.org"));

    // The password is asked again; a taken address, or the same one, is refused.
    for (email, password, says) in [
        (
            "new@example.org",
            "not my password",
            "That is not your current password",
        ),
        (
            "bob@example.org",
            PASSWORD,
            "An account with that email already exists",
        ),
        ("ADA@example.org", PASSWORD, "That is already your address"),
        (
            "not-an-address",
            PASSWORD,
            "does not look like an email address",
        ),
    ] {
        let response = app
            .client
            .post_form("/my/email", &[("email", email), ("password", password)])
            .await;
        let status = response.status().as_u16();
        let body = response.text().await.expect("body");
        assert!(status == 422 || status == 409, "{email}: {status}");
        assert!(body.contains(says), "{email}: {body}");
    }
    assert!(
        mailbox(&app).is_empty(),
        "nothing mailed for a refused change"
    );

    let response = app
        .client
        .post_form(
            "/my/email",
            &[("email", "ada.new@example.org"), ("password", PASSWORD)],
        )
        .await;
    let body = body_of(response, 200).await;
    assert!(body.contains("ada.new@example.org"));
    deliver(&app.state).expect("delivery");
    let mail = mailbox(&app);
    assert_eq!(mail.len(), 1);
    assert_eq!(
        mail[0].0, "ada.new@example.org",
        "the link goes to the new address"
    );
    // Until it is opened, nothing changes.
    let user = |app: &TestApp| {
        app.with_conn(|conn| convene::models::user::User::find(conn, ada.id))
            .expect("user")
    };
    assert_eq!(user(&app).email, "ada@example.org");

    let path = link(&app, &mail[0].2, "/change-email/");
    let (status, page) = app.new_client().get_text(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains("Use this address"));
    assert_eq!(
        user(&app).email,
        "ada@example.org",
        "opening the page changes nothing"
    );
    let response = app.new_client().post_form(&path, &[]).await;
    let body = body_of(response, 200).await;
    assert!(body.contains("Mail now goes to"));
    assert_eq!(user(&app).email, "ada.new@example.org");
    let response = app.new_client().post_form(&path, &[]).await;
    body_of(response, 410).await;
}
