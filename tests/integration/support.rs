//! The test harness: a real `convene` server on 127.0.0.1 over a fresh database per test
//! (a temporary SQLite file, or a new PostgreSQL database when CONVENE_TEST_POSTGRES_URL is
//! set), and an HTTP client that keeps cookies and echoes the CSRF token as forms do.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use convene::app::AppState;
use convene::auth::Guardian;
use convene::config::Config;
use convene::db::{AnyConnection, Db};
use convene::models::user::{Role, SignupInput, User};
use convene::services::api_key::{Acting, KeySpec};
use convene::services::{self, ServiceError, Tx};
use convene::web::serve;
use diesel::{Connection, PgConnection, RunQueryDsl};
use reqwest::cookie::CookieStore;

/// The environment variable naming a PostgreSQL server; the suite then runs on it.
pub const POSTGRES_ENV: &str = "CONVENE_TEST_POSTGRES_URL";

/// The password every test user gets.
pub const PASSWORD: &str = "correct horse battery";

/// A fresh database: a temp SQLite file, or a PostgreSQL database dropped on drop.
pub struct TestDatabase {
    /// The URL to give convene.
    pub url: String,
    postgres: Option<(String, String)>,
    /// A folder of its own: the SQLite file, and files that go with the database
    /// ([`TestDatabase::scratch`]).
    dir: tempfile::TempDir,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestDatabase {
    /// Creates an empty database on the backend the environment selects.
    pub fn create() -> TestDatabase {
        let dir = tempfile::tempdir().expect("temp dir");
        match std::env::var(POSTGRES_ENV) {
            Ok(server) if !server.is_empty() => {
                let server = server.trim_end_matches('/').to_owned();
                let name = format!(
                    "convene_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    fastrand::u32(..)
                );
                let mut admin = PgConnection::establish(&format!("{server}/postgres"))
                    .unwrap_or_else(|e| panic!("{POSTGRES_ENV}={server}: cannot connect: {e}"));
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create test database");
                TestDatabase {
                    url: format!("{server}/{name}"),
                    postgres: Some((server, name)),
                    dir,
                }
            }
            _ => TestDatabase {
                url: format!("sqlite://{}", dir.path().join("convene.db").display()),
                postgres: None,
                dir,
            },
        }
    }

    /// A path for files that belong with this database (a search index), removed with it.
    pub fn scratch(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres
            && let Ok(mut admin) = PgConnection::establish(&format!("{server}/postgres"))
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin);
        }
    }
}

/// A running forum and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// The database handle, for checking what was stored.
    pub db: Db,
    /// The state the server runs on (for calling services as the server would).
    pub state: AppState,
    /// The settings the server runs with.
    pub config: Arc<Config>,
    /// A client with its own cookie jar (a browser).
    pub client: Client,
    server: actix_web::dev::ServerHandle,
    /// Kept so the database outlives the server (dropped last).
    _database: TestDatabase,
}

/// A browser-like client: cookies kept, redirects not followed (so tests see the 303s).
pub struct Client {
    inner: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    base: String,
}

impl Client {
    fn new(base: &str) -> Client {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let inner = reqwest::Client::builder()
            .cookie_provider(Arc::clone(&jar))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Client {
            inner,
            jar,
            base: base.to_owned(),
        }
    }

    /// A cookie's value from the jar.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = self.base.parse().ok()?;
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")).map(str::to_owned))
    }

    /// Puts a cookie into the jar (to replay a session in another client).
    pub fn set_cookie(&self, name: &str, value: &str) {
        let url = self.base.parse().expect("url");
        self.jar
            .add_cookie_str(&format!("{name}={value}; Path=/"), &url);
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.inner
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET")
    }

    /// GET a path and return (status, body).
    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// GET JSON.
    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (
            status,
            response.json().await.unwrap_or(serde_json::Value::Null),
        )
    }

    /// Makes sure the jar holds a CSRF token (a first visit sets it) and returns it.
    pub async fn csrf_token(&self) -> String {
        if self.cookie("convene_csrf").is_none() {
            self.get("/healthz").await;
        }
        self.cookie("convene_csrf")
            .expect("the server sets a CSRF cookie on the first visit")
    }

    /// POST a form as a browser would: the CSRF token is added from the cookie.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.inner
            .post(format!("{}{path}", self.base))
            .form(&all)
            .send()
            .await
            .expect("POST")
    }

    /// POST a form without a CSRF token (a forged request).
    pub async fn post_form_without_csrf(
        &self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        self.inner
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .expect("POST")
    }

    /// A request builder for the API, with `Api-Key` and `Api-Username`.
    pub fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        key: &str,
        username: &str,
    ) -> reqwest::RequestBuilder {
        self.inner
            .request(method, format!("{}{path}", self.base))
            .header("Api-Key", key)
            .header("Api-Username", username)
    }

    /// The raw client, for unusual requests.
    pub fn raw(&self) -> &reqwest::Client {
        &self.inner
    }
}

impl TestApp {
    /// Starts a forum with default settings on a fresh database.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// Starts a forum with adjusted settings.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let database = TestDatabase::create();
        let mut config = Config::defaults().expect("default config parses");
        config.database.url = database.url.clone();
        config.database.pool_size = 4;
        config.server.workers = 1;
        config.server.bind = "127.0.0.1:0".into();
        // Mail goes to files beside this test's database, never to the checkout's data/mail.
        config.mail.file_directory = database.scratch("mail");
        adjust(&mut config);
        let db = Db::connect(&config.database.url, config.database.pool_size).expect("connect");
        db.migrate().expect("migrate");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        config.server.base_url = base.clone();
        let config = Arc::new(config);
        let search = convene::search::SearchIndex::open(&database.scratch("search"))
            .expect("open the search index");
        let state = AppState::new(Arc::clone(&config), db.clone(), search);
        let server = serve(listener, state.clone()).expect("serve");
        let handle = server.handle();
        actix_web::rt::spawn(server);
        TestApp {
            client: Client::new(&base),
            base,
            db,
            state,
            config,
            server: handle,
            _database: database,
        }
    }

    /// Turns off the per-member posting limits and the API key's requests per minute, for
    /// tests that post fast on purpose (their subject is concurrency, encodings or the
    /// authorisation matrix; `moderation.rs` and `reliability.rs` test the limits).
    pub fn unlimited_posting(config: &mut Config) {
        config.posts.topics_per_minute = 0;
        config.posts.replies_per_minute = 0;
        config.posts.new_member_topics_per_day = 0;
        config.posts.new_member_replies_per_day = 0;
        config.limits.api_key_requests_per_minute = 0;
    }

    /// The URL of this app's database.
    pub fn db_url(&self) -> String {
        self._database.url.clone()
    }

    /// Another browser (its own cookies) on the same forum.
    pub fn new_client(&self) -> Client {
        Client::new(&self.base)
    }

    /// Runs `f` on a database connection.
    pub fn with_conn<T>(&self, f: impl FnOnce(&mut AnyConnection) -> T) -> T {
        let mut conn = self.db.write_conn().expect("connection");
        f(&mut conn)
    }

    /// Runs a use-case in its own transaction, as the server would; panics if it fails.
    pub fn write<T>(&self, f: impl FnOnce(&mut Tx) -> Result<T, ServiceError>) -> T {
        let mut conn = self.db.write_conn().expect("connection");
        services::run(&mut conn, f).expect("the use-case succeeds")
    }

    /// Creates a user through the account service (password: [`PASSWORD`]).
    pub fn create_user(&self, username: &str, role: Role) -> User {
        let input = SignupInput::validate(
            username,
            &format!("{username}@example.org"),
            "",
            PASSWORD,
            10,
        )
        .expect("valid test user");
        let hash =
            services::account::PasswordHash(convene::auth::password::hash(PASSWORD).expect("hash"));
        self.write(|tx| {
            services::account::create(tx, &input, &hash, role, services::account::Joining::SETTLED)
        })
    }

    /// Logs `client` in as `username`; panics unless the server answers 303.
    pub async fn log_in(&self, client: &Client, username: &str) {
        let response = client
            .post_form("/login", &[("login", username), ("password", PASSWORD)])
            .await;
        assert_eq!(
            response.status().as_u16(),
            303,
            "login as {username} should succeed"
        );
    }

    /// Creates a user and logs the default client in as them.
    pub async fn signed_in(&self, username: &str, role: Role) -> User {
        let user = self.create_user(username, role);
        self.log_in(&self.client, username).await;
        user
    }

    /// Creates a category through the category service, as the operator.
    pub fn create_category(
        &self,
        name: &str,
        read_only: bool,
        parent: Option<&convene::models::category::Category>,
    ) -> convene::models::category::Category {
        use convene::models::category::{CategoryDraft, CategoryInput};
        let draft = CategoryDraft {
            name: name.into(),
            read_only,
            parent_id: parent.map(|p| p.id.0),
            ..CategoryDraft::default()
        };
        let input = CategoryInput::validate(&draft).expect("valid category");
        self.write(|tx| services::category::create(tx, &Guardian::system(), &input))
    }

    /// Creates a top-level category whose topics are questions, as the operator.
    pub fn create_question_category(&self, name: &str) -> convene::models::category::Category {
        use convene::models::category::{CategoryDraft, CategoryInput};
        let draft = CategoryDraft {
            name: name.into(),
            questions: true,
            ..CategoryDraft::default()
        };
        let input = CategoryInput::validate(&draft).expect("valid category");
        self.write(|tx| services::category::create(tx, &Guardian::system(), &input))
    }

    /// Creates a top-level category whose topics are proposals, as the operator.
    pub fn create_proposals_category(&self, name: &str) -> convene::models::category::Category {
        use convene::models::category::{CategoryDraft, CategoryInput};
        let draft = CategoryDraft {
            name: name.into(),
            proposals: true,
            ..CategoryDraft::default()
        };
        let input = CategoryInput::validate(&draft).expect("valid category");
        self.write(|tx| services::category::create(tx, &Guardian::system(), &input))
    }

    /// Creates a topic with `replies` replies by `author`, through the topic and post
    /// services.
    pub fn create_topic(
        &self,
        author: &User,
        category: &convene::models::category::Category,
        title: &str,
        replies: usize,
    ) -> convene::models::topic::Topic {
        use convene::models::topic::{NewTopicInput, Topic};
        let max = self.config.posts.max_body_bytes;
        let guardian = Guardian::for_user(author);
        let input = NewTopicInput::new(
            title,
            Some(category.id),
            format!("First post of *{title}*."),
            max,
        )
        .expect("valid topic");
        let cooked = convene::markdown::cook(input.body.as_str());
        let (topic, _) = self.write(|tx| services::topic::create(tx, &guardian, &input, &cooked));
        for n in 0..replies {
            self.reply(author, topic.id, &format!("Reply number {}.", n + 2));
        }
        self.with_conn(|conn| Topic::find(conn, topic.id))
            .expect("topic")
    }

    /// Starts a topic whose first post is `raw`, as `author`, through the topic service.
    pub fn create_topic_with(
        &self,
        author: &User,
        category: &convene::models::category::Category,
        title: &str,
        raw: &str,
    ) -> convene::models::topic::Topic {
        use convene::models::topic::NewTopicInput;
        let guardian = Guardian::for_user(author);
        let input = NewTopicInput::new(title, Some(category.id), raw.to_owned(), 65536)
            .expect("valid topic");
        let cooked = convene::markdown::cook(input.body.as_str());
        self.write(|tx| services::topic::create(tx, &guardian, &input, &cooked))
            .0
    }

    /// Replies `raw` to a topic as `author`, through the post service.
    pub fn reply(&self, author: &User, topic: convene::models::ids::TopicId, raw: &str) {
        use convene::models::post::{Body, ReplyInput};
        let cooked = convene::markdown::cook(raw);
        let reply = ReplyInput {
            topic,
            body: Body::new(raw.to_owned(), self.config.posts.max_body_bytes).expect("valid reply"),
            reply_to: None,
        };
        let guardian = Guardian::for_user(author);
        self.write(|tx| services::post::reply(tx, &guardian, &reply, &cooked));
    }

    /// Closes a topic, as the operator would with the topic tools.
    pub fn close_topic(&self, topic: &convene::models::topic::Topic) {
        self.write(|tx| {
            services::topic::update_status(
                tx,
                &Guardian::system(),
                topic.id,
                services::topic::Status::Closed,
                true,
            )
        });
    }

    /// Creates an API key acting as `user`, without scopes; returns its secret.
    pub fn api_key(&self, user: &User) -> String {
        self.api_key_with(Acting::As(&user.username), &[])
    }

    /// Sends `body` as JSON with a fresh API key for `username` (who must exist); returns the
    /// status and the answer's JSON (`Null` when it has none).
    pub async fn api_as(
        &self,
        method: reqwest::Method,
        path: &str,
        username: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let user = self
            .with_conn(|conn| User::find_by_login(conn, username))
            .expect("query")
            .expect("user");
        let key = self.api_key(&user);
        let response = self
            .client
            .raw()
            .request(method, format!("{}{path}", self.base))
            .header("Api-Key", key)
            .header("Api-Username", username)
            .json(&body)
            .send()
            .await
            .expect("response");
        let status = response.status().as_u16();
        (
            status,
            response.json().await.unwrap_or(serde_json::Value::Null),
        )
    }

    /// Creates an API key acting as `acting` with `scopes`; returns its secret.
    pub fn api_key_with(&self, acting: Acting, scopes: &[&str]) -> String {
        let key = convene::auth::token::generate().expect("randomness");
        let hash = convene::auth::token::hash(&key);
        let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        let spec = KeySpec {
            acting,
            description: "test",
            scopes: &scopes,
        };
        self.write(|tx| services::api_key::create(tx, &Guardian::system(), &hash, &spec));
        key
    }

    /// Brings the search index up to date with everything written so far, as the indexer
    /// thread of `convene serve` would.
    pub fn index(&self) {
        self.state
            .search
            .catch_up(&self.db, |_| {})
            .expect("the index catches up");
    }

    /// Every message the forum's file transport wrote so far, parsed by a real MIME parser.
    pub fn mailbox(&self) -> Vec<Mail> {
        let Ok(entries) = std::fs::read_dir(&self.config.mail.file_directory) else {
            return Vec::new();
        };
        entries
            .map(|entry| std::fs::read(entry.expect("entry").path()).expect("read"))
            .map(|bytes| {
                let message = mail_parser::MessageParser::default()
                    .parse(&bytes)
                    .expect("a MIME message");
                Mail {
                    to: message
                        .to()
                        .and_then(|to| to.first())
                        .and_then(|a| a.address())
                        .unwrap_or_default()
                        .to_owned(),
                    subject: message.subject().unwrap_or_default().to_owned(),
                    text: message.body_text(0).unwrap_or_default().into_owned(),
                    html: message.body_html(0).unwrap_or_default().into_owned(),
                }
            })
            .collect()
    }

    /// Number of topics and posts stored.
    pub fn counts(&self) -> (i64, i64) {
        use convene::models::post::Post;
        use convene::models::topic::Topic;
        self.with_conn(|conn| {
            (
                Topic::count(conn).expect("count"),
                Post::count(conn).expect("count"),
            )
        })
    }
}

/// One mail the forum wrote, as a reader's client shows it.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The recipient's address.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting and close the pool's connections before the database is dropped.
        drop(self.server.stop(false));
    }
}

/// Asserts a response's status and returns its body, to check what the page says. On a
/// wrong status the body is printed, since it says why.
pub async fn body_of(response: reqwest::Response, status: u16) -> String {
    let actual = response.status().as_u16();
    let body = response.text().await.expect("response body");
    assert_eq!(actual, status, "unexpected status; the body says: {body}");
    body
}

/// The value of `Location` on a redirect.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
