//! Sign-up, log-in, log-out, sessions, rate limits and CSRF.

use convene::models::user::{Role, User};

use crate::support::{PASSWORD, TestApp, body_of, location};

fn signup_fields<'a>(
    username: &'a str,
    email: &'a str,
    password: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("username", username),
        ("email", email),
        ("password", password),
        ("accept_coc", "on"),
    ]
}

#[actix_web::test]
async fn signup_creates_an_account_and_signs_in() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post_form(
            "/signup",
            &signup_fields("ada.l", "ada@example.org", PASSWORD),
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        location(&response),
        "/verify",
        "the newcomer is told a confirmation link is on its way"
    );
    let (_, page) = app.client.get_text("/").await;
    assert!(
        page.contains("href=\"/u/ada.l\""),
        "the header links to the new user's profile"
    );
    assert!(page.contains("Log out"));
    let user = app
        .with_conn(|c| User::find_by_username(c, "ADA.L"))
        .unwrap()
        .expect("stored");
    assert!(
        user.coc_accepted_at.is_some(),
        "acceptance of the code of conduct is recorded"
    );
    assert!(
        user.password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "argon2id at OWASP's cost: {}",
        user.password_hash
    );
}

#[actix_web::test]
async fn signup_without_accepting_the_code_of_conduct_is_refused() {
    let app = TestApp::spawn().await;
    let fields = [
        ("username", "ada"),
        ("email", "ada@example.org"),
        ("password", PASSWORD),
    ];
    let response = app.client.post_form("/signup", &fields).await;
    assert!(body_of(response, 422).await.contains("code of conduct"));
    assert!(
        app.with_conn(|c| User::find_by_username(c, "ada"))
            .unwrap()
            .is_none()
    );
}

#[actix_web::test]
async fn signup_with_invalid_fields_lists_every_problem() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post_form("/signup", &signup_fields("a b", "not-an-email", "short"))
        .await;
    let body = body_of(response, 422).await;
    assert!(body.contains("The username must be"), "{body}");
    assert!(body.contains("does not look like an email address"));
    assert!(body.contains("at least 10 characters"));
    assert!(
        body.contains("value=\"not-an-email\""),
        "what was typed is kept"
    );
    assert_eq!(app.with_conn(User::count).unwrap(), 0);
}

#[actix_web::test]
async fn each_problem_is_shown_beside_its_field_and_marks_only_that_field() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post_form("/signup", &signup_fields("ada", "not-an-email", "short"))
        .await;
    let body = body_of(response, 422).await;
    let input = |name: &str| {
        let start = body.find(&format!("name=\"{name}\"")).unwrap();
        let open = body[..start].rfind('<').unwrap();
        body[open..open + body[open..].find('>').unwrap()].to_owned()
    };
    let email = input("email");
    assert!(email.contains("aria-invalid=\"true\""), "{email}");
    assert!(
        email.contains("aria-describedby=\"email-error\""),
        "{email}"
    );
    let password = input("password");
    assert!(
        password.contains("aria-describedby=\"password-hint password-error\""),
        "the hint stays: {password}"
    );
    let username = input("username");
    assert!(
        !username.contains("aria-invalid"),
        "a good field is not marked: {username}"
    );
    assert!(
        body.contains(
            "<p class=\"field-error\" id=\"email-error\">That does not look like an email address"
        ),
        "{body}"
    );
}

#[actix_web::test]
async fn duplicate_usernames_and_emails_are_a_conflict() {
    let app = TestApp::spawn().await;
    app.create_user("ada", Role::User);
    let response = app
        .client
        .post_form(
            "/signup",
            &signup_fields("ADA", "other@example.org", PASSWORD),
        )
        .await;
    assert!(
        body_of(response, 409)
            .await
            .contains("The username ADA is taken")
    );
    let response = app
        .client
        .post_form(
            "/signup",
            &signup_fields("grace", "Ada@Example.org", PASSWORD),
        )
        .await;
    assert!(
        body_of(response, 409)
            .await
            .contains("email already exists")
    );
    assert_eq!(app.with_conn(User::count).unwrap(), 1);
}

#[actix_web::test]
async fn login_by_username_or_email_and_wrong_password() {
    let app = TestApp::spawn().await;
    app.create_user("grace", Role::User);
    let wrong = app
        .client
        .post_form(
            "/login",
            &[("login", "grace"), ("password", "nope nope nope")],
        )
        .await;
    assert!(
        body_of(wrong, 401)
            .await
            .contains("do not match an account")
    );
    assert!(app.client.cookie("convene_session").is_none());
    let unknown = app
        .client
        .post_form("/login", &[("login", "nobody"), ("password", PASSWORD)])
        .await;
    assert_eq!(
        unknown.status().as_u16(),
        401,
        "an unknown user gets the same answer"
    );
    let by_email = app
        .client
        .post_form(
            "/login",
            &[
                ("login", "GRACE@example.org"),
                ("password", PASSWORD),
                ("next", "/categories"),
            ],
        )
        .await;
    assert_eq!(by_email.status().as_u16(), 303);
    assert_eq!(location(&by_email), "/categories");
    let (_, page) = app.client.get_text("/").await;
    assert!(page.contains("href=\"/u/grace\""));
}

#[actix_web::test]
async fn login_only_returns_to_local_paths() {
    let app = TestApp::spawn().await;
    app.create_user("grace", Role::User);
    let response = app
        .client
        .post_form(
            "/login",
            &[
                ("login", "grace"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/");
}

#[actix_web::test]
async fn logout_ends_the_session_for_every_copy_of_the_cookie() {
    let app = TestApp::spawn().await;
    app.signed_in("grace", Role::User).await;
    let token = app
        .client
        .cookie("convene_session")
        .expect("session cookie");
    let other = app.new_client();
    other.set_cookie("convene_session", &token);
    let (_, page) = other.get_text("/").await;
    assert!(
        page.contains("href=\"/u/grace\""),
        "the copied cookie works before logout"
    );
    let response = app.client.post_form("/logout", &[]).await;
    assert_eq!(response.status().as_u16(), 303);
    let (_, page) = other.get_text("/").await;
    assert!(
        !page.contains("href=\"/u/grace\""),
        "the session was deleted on the server"
    );
    assert!(page.contains("Log in"));
}

#[actix_web::test]
async fn repeated_failed_logins_for_one_account_are_rate_limited() {
    let app = TestApp::spawn().await;
    app.create_user("grace", Role::User);
    for _ in 0..app.config.auth.max_failed_logins_per_account {
        let r = app
            .client
            .post_form(
                "/login",
                &[("login", "grace"), ("password", "wrong password!")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 401);
    }
    let limited = app
        .new_client()
        .post_form("/login", &[("login", "grace"), ("password", PASSWORD)])
        .await;
    assert_eq!(
        limited.status().as_u16(),
        429,
        "even the right password waits"
    );
    let retry: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 15 * 60);
    assert!(limited.text().await.unwrap().contains("Too many attempts"));

    // A client that asks for JSON gets Discourse's shape, with how long to wait.
    let client = app.new_client();
    let token = client.csrf_token().await;
    let limited = client
        .raw()
        .post(format!("{}/login", app.base))
        .header("Accept", "application/json")
        .form(&[
            ("login", "grace"),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status().as_u16(), 429);
    assert_eq!(
        limited.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body: serde_json::Value = limited.json().await.unwrap();
    assert_eq!(body["error_type"], "rate_limit");
    assert_eq!(body["extras"]["wait_seconds"], retry_after);
}

#[actix_web::test]
async fn many_logins_from_one_address_are_rate_limited() {
    let app = TestApp::spawn_with(|c| c.auth.max_logins_per_ip = 3).await;
    for name in ["ann", "bob", "cat"] {
        app.create_user(name, Role::User);
        let r = app
            .client
            .post_form("/login", &[("login", name), ("password", PASSWORD)])
            .await;
        assert_eq!(r.status().as_u16(), 303);
    }
    app.create_user("dan", Role::User);
    let r = app
        .client
        .post_form("/login", &[("login", "dan"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status().as_u16(), 429);
    assert!(r.headers().contains_key("retry-after"));
}

#[actix_web::test]
async fn a_login_limit_of_zero_is_no_limit() {
    // 0 turns a limit off everywhere in the config; here it once refused every login.
    let app = TestApp::spawn_with(|c| {
        c.auth.max_logins_per_ip = 0;
        c.auth.max_failed_logins_per_account = 0;
    })
    .await;
    app.create_user("ann", Role::User);
    for _ in 0..6 {
        let wrong = app
            .client
            .post_form(
                "/login",
                &[("login", "ann"), ("password", "not the password")],
            )
            .await;
        assert_eq!(
            wrong.status().as_u16(),
            401,
            "a wrong password is only wrong"
        );
    }
    let right = app
        .client
        .post_form("/login", &[("login", "ann"), ("password", PASSWORD)])
        .await;
    assert_eq!(right.status().as_u16(), 303);
}

#[actix_web::test]
async fn a_form_post_without_its_csrf_token_is_forbidden_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.client.csrf_token().await;
    let fields = [
        ("username", "mallory"),
        ("email", "m@example.org"),
        ("password", PASSWORD),
        ("accept_coc", "on"),
    ];
    let response = app.client.post_form_without_csrf("/signup", &fields).await;
    assert!(
        body_of(response, 403)
            .await
            .contains("did not come from this site")
    );
    let mut forged: Vec<(&str, &str)> = fields.to_vec();
    forged.push((
        "csrf_token",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ));
    let response = app.client.post_form_without_csrf("/signup", &forged).await;
    assert_eq!(
        response.status().as_u16(),
        403,
        "a token that is not this visitor's is refused"
    );
    assert_eq!(app.with_conn(User::count).unwrap(), 0);
}

#[actix_web::test]
async fn pages_that_need_an_account_send_visitors_to_log_in() {
    let app = TestApp::spawn().await;
    let response = app.client.get("/new-topic").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), "/login?next=/new-topic");
}

#[actix_web::test]
async fn maintenance_deletes_expired_sessions_and_old_login_attempts_only() {
    use convene::db::schema::{login_attempts, sessions};
    use convene::services::{self, session::Attempt};
    use diesel::prelude::*;
    let app = TestApp::spawn().await;
    let user = app.signed_in("grace", Role::User).await;
    let long_ago = convene::db::now() - chrono::Duration::days(40);
    app.with_conn(|c| {
        services::run_at(c, long_ago, |tx| {
            // A session that ended the day it began, and a failed login, both 40 days ago.
            services::session::start(tx, user.id, "expired", 0)?;
            let attempt = Attempt {
                counted_as: "grace".into(),
                ip: "127.0.0.1".into(),
                succeeded_as: None,
            };
            services::session::record_login(tx, &attempt, "", 0)
        })
    })
    .unwrap();
    let count = |app: &TestApp| {
        app.with_conn(|c| {
            let s: i64 = sessions::table.count().get_result(c).unwrap();
            let a: i64 = login_attempts::table.count().get_result(c).unwrap();
            (s, a)
        })
    };
    let (sessions_before, attempts_before) = count(&app);
    let runner = convene::jobs::Runner::new(
        app.state.clone(),
        "node-a",
        vec![convene::jobs::maintenance::job()],
    );
    assert_eq!(runner.run_due(convene::db::now()).unwrap(), ["maintenance"]);
    assert_eq!(
        count(&app),
        (sessions_before - 1, attempts_before - 1),
        "only the old rows go"
    );
    let (_, page) = app.client.get_text("/").await;
    assert!(
        page.contains("href=\"/u/grace\""),
        "the live session still works"
    );
}
