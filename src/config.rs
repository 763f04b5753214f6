//! Settings: `config/default.toml` (compiled in), then an optional operator file, then
//! `CONVENE__SECTION__KEY` environment variables. Loaded once and carried in `AppState`.

use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use serde::Deserialize;

/// The defaults, compiled in so the binary runs from any directory.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Every setting. Unknown keys are rejected so a typo cannot pass silently.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// HTTP listener.
    pub server: ServerConfig,
    /// Database connection.
    pub database: DatabaseConfig,
    /// What the forum calls itself.
    pub site: SiteConfig,
    /// Limits on posts and lists.
    pub posts: PostsConfig,
    /// Sessions, passwords and login rate limits.
    pub auth: AuthConfig,
    /// Logging.
    pub log: LogConfig,
    /// Caches derived from the database.
    pub cache: CacheConfig,
    /// Full-text search.
    pub search: SearchConfig,
    /// Mail: how it leaves, and when.
    pub mail: MailConfig,
    /// Flags, automatic hiding, sanctions, the public moderation log.
    pub moderation: ModerationConfig,
    /// The proposal process: who decides, and when a proposal is recommended.
    pub proposals: ProposalsConfig,
    /// Read tracking (new and unread topics) and view counts.
    pub reading: ReadingConfig,
    /// Tags on topics: how many, and who may make new ones.
    pub tags: TagsConfig,
    /// How often one client may do each costly thing.
    pub limits: LimitsConfig,
    /// Who may read `/metrics`.
    pub metrics: MetricsConfig,
}

/// `[limits]`: costly actions, each counted per client; 0 turns one off.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Accounts one address may make per hour (counted in the database, across nodes).
    pub signups_per_ip_per_hour: i64,
    /// Markdown previews one member may ask for per minute, on each node.
    pub previews_per_minute: u32,
    /// Searches one signed-in member may make per minute, on each node.
    pub member_searches_per_minute: u32,
    /// Requests one API key may make per minute, on each node.
    pub api_key_requests_per_minute: u32,
}

/// `[metrics]`: `/metrics` for Prometheus.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
    /// Client addresses that may read it without a token.
    pub allowed_addresses: Vec<std::net::IpAddr>,
    /// A bearer token that lets any address read it; empty: none does.
    pub token: String,
}

impl std::fmt::Debug for MetricsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsConfig")
            .field("allowed_addresses", &self.allowed_addresses)
            .field("token", &if self.token.is_empty() { "" } else { "***" })
            .finish()
    }
}

/// `[tags]`
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagsConfig {
    /// Most tags one topic carries.
    pub max_per_topic: usize,
    /// The trust level (0–4) from which members make a new tag by using it; staff always
    /// may, and 5 leaves it to them alone (members then choose from the staff's list).
    pub create_min_trust_level: i32,
}

/// `[proposals]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalsConfig {
    /// The handle of the group that decides proposals.
    pub committee_group: String,
    /// Core-project endorsements that make a proposal recommended.
    pub recommend_at: usize,
    /// Shown before a proposal's number ("SPEC").
    pub number_prefix: String,
}

/// `[moderation]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModerationConfig {
    /// What one flag counts toward hiding a post, by the flagger's trust level 0–4.
    pub flag_weights: [i32; 5],
    /// What a staff member's flag counts.
    pub staff_flag_weight: i32,
    /// Flags adding up to this hide the post.
    pub hide_at_score: i32,
    /// The longest silence or suspension, in days.
    pub longest_sanction_days: i64,
    /// Whether `/modlog` is on.
    pub public_modlog: bool,
    /// Whether `/modlog` and topic notices name the moderator (those who moderate always see).
    pub modlog_names_moderators: bool,
    /// How many of a new member's posts wait for a moderator's approval; 0 publishes them.
    pub approve_new_member_posts: i64,
    /// Links to other sites a new member may put in one post.
    pub new_member_max_links: usize,
    /// Images a new member may put in one post.
    pub new_member_max_images: usize,
    /// Published posts after which a new member is promoted to trust level 1; 0 never.
    pub promote_after_posts: i64,
    /// Or, reading: topics opened…
    pub promote_after_topics_entered: i64,
    /// …and posts read; either 0 turns promotion by reading off.
    pub promote_after_posts_read: i64,
    /// Either way, once their account is at least this many days old.
    pub promote_after_days: i64,
}

/// `[reading]`: read tracking and view counting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadingConfig {
    /// How often each node writes the reads and views it gathered, in seconds.
    pub flush_seconds: u64,
    /// Days a topic counts as new to members who have not opened it.
    pub new_topic_days: i64,
    /// Minutes within which one viewer's repeat views of a topic count once.
    pub view_window_minutes: u64,
}

/// `[server]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// `HOST:PORT` to listen on.
    pub bind: String,
    /// Worker threads; 0 = one per core.
    pub workers: usize,
    /// Public URL of the forum.
    pub base_url: String,
    /// Trust `X-Forwarded-For` for the client address.
    pub behind_proxy: bool,
    /// On SIGTERM or SIGINT: how long requests in flight may take to finish, in seconds.
    pub shutdown_seconds: u64,
}

/// `[database]`. Its `Debug` hides the password a PostgreSQL URL may carry, so printing the
/// configuration never logs a secret.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` or `postgres://…`.
    pub url: String,
    /// Read pool size.
    pub pool_size: u32,
}

impl std::fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &without_password(&self.url))
            .field("pool_size", &self.pool_size)
            .finish()
    }
}

/// `scheme://user:password@host/…` with the password replaced by `***`; other URLs as they are.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    // The credentials end at the last `@` before the path (a password may itself hold `@`).
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_owned();
    };
    match rest[..at].split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// `[site]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Forum name.
    pub title: String,
    /// One-sentence description.
    pub description: String,
    /// Link to the code of conduct.
    pub code_of_conduct_url: String,
}

/// `[posts]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostsConfig {
    /// Largest accepted Markdown body in bytes.
    pub max_body_bytes: usize,
    /// Topics per list page.
    pub topics_per_page: i64,
    /// Topics one member may start in a minute (staff are not limited; 0: no limit).
    pub topics_per_minute: i64,
    /// Replies one member may write in a minute (staff are not limited; 0: no limit).
    pub replies_per_minute: i64,
    /// Topics a member at trust level 0 may start in a day (unless exempt; 0: no limit).
    pub new_member_topics_per_day: i64,
    /// Replies a member at trust level 0 may write in a day (unless exempt; 0: no limit).
    pub new_member_replies_per_day: i64,
    /// Minutes after liking a post within which the like may be taken back.
    pub like_undo_minutes: i64,
}

/// `[auth]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// Session lifetime in days.
    pub session_days: i64,
    /// Shortest accepted password.
    pub min_password_length: usize,
    /// Failed logins per account per window (0: no limit).
    pub max_failed_logins_per_account: i64,
    /// Login attempts per IP per window (0: no limit).
    pub max_logins_per_ip: i64,
    /// Window length in minutes.
    pub login_window_minutes: i64,
    /// Members must verify their email address before they post.
    pub posting_needs_verified_email: bool,
    /// Account mails (verification, password reset) one address may be sent per hour (0: no
    /// limit).
    pub account_mails_per_address_per_hour: i64,
    /// Account mails one IP address may ask for per hour (0: no limit).
    pub account_mails_per_ip_per_hour: i64,
}

/// `[log]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// tracing filter directive.
    pub level: String,
    /// `text` for people, `json` (one object a line) for log collectors.
    pub format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One line of text an event (coloured only when the log is a terminal).
    Text,
    /// One JSON object an event.
    Json,
}

/// `[cache]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheConfig {
    /// Seconds an anonymous page may be served from memory; 0 = off.
    pub anonymous_page_seconds: u64,
    /// Memory bound of that cache.
    pub anonymous_page_megabytes: u64,
    /// Seconds a node trusts a session it looked up while nothing is written on it; 0 = off.
    pub session_seconds: u64,
}

/// `[search]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Where this node keeps its index; empty: see [`Config::search_directory`].
    pub directory: std::path::PathBuf,
    /// How often the indexer looks for changes made on other nodes, in milliseconds.
    pub poll_milliseconds: u64,
    /// Searches per second one anonymous client may make.
    pub anonymous_per_second: u32,
    /// Longest query accepted, in characters.
    pub max_query_chars: usize,
    /// Topics per page of results.
    pub results_per_page: usize,
}

/// `[mail]`. Its `Debug` hides the password an SMTP URL may carry.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// `smtp://`, `smtps://` (TLS) or `smtp://…?tls=required` (STARTTLS); empty: write files.
    pub smtp_url: String,
    /// Where mail is written as `.eml` files when no SMTP server is set; empty: see
    /// [`Config::mail_directory`].
    pub file_directory: std::path::PathBuf,
    /// The sender's address.
    pub from_address: String,
    /// The sender's name; empty: the site's title.
    pub from_name: String,
    /// Reply-by-email address with `%{key}` where the reply key goes; empty: off.
    pub reply_by_email_address: String,
    /// Minutes a notification waits, unread, before it is mailed.
    pub notification_delay_minutes: i64,
    /// Most notification and mailing-list mails one person gets a day (they may set fewer).
    pub max_per_day_per_user: i64,
    /// How often each node looks for mail to send.
    pub poll_seconds: u64,
    /// Tries before a failing message is given up.
    pub max_attempts: i32,
    /// SMTP connections each node sends over at once.
    pub connections: usize,
    /// The day weekly digests are sent (in each member's time zone).
    pub digest_weekday: chrono::Weekday,
    /// The hour (0–23) digests are sent, in each member's time zone.
    pub digest_hour: u32,
}

impl std::fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailConfig")
            .field("smtp_url", &without_password(&self.smtp_url))
            .field("file_directory", &self.file_directory)
            .field("from_address", &self.from_address)
            .field("from_name", &self.from_name)
            .field("reply_by_email_address", &self.reply_by_email_address)
            .field(
                "notification_delay_minutes",
                &self.notification_delay_minutes,
            )
            .field("max_per_day_per_user", &self.max_per_day_per_user)
            .field("poll_seconds", &self.poll_seconds)
            .field("max_attempts", &self.max_attempts)
            .field("connections", &self.connections)
            .field("digest_weekday", &self.digest_weekday)
            .field("digest_hour", &self.digest_hour)
            .finish()
    }
}

impl Config {
    /// Loads defaults, then `file` if given, then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut figment = Figment::from(Toml::string(DEFAULT_TOML));
        if let Some(path) = file {
            if !path.exists() {
                return Err(Box::new(figment::Error::from(format!(
                    "config file {} does not exist",
                    path.display()
                ))));
            }
            figment = figment.merge(Toml::file(path));
        }
        figment
            .merge(Env::prefixed("CONVENE__").split("__"))
            .extract()
            .map_err(Box::new)
    }

    /// The defaults alone, for tests and tools that build a config by hand.
    pub fn defaults() -> Result<Self, Box<figment::Error>> {
        Figment::from(Toml::string(DEFAULT_TOML))
            .extract()
            .map_err(Box::new)
    }

    /// Where this node keeps its search index: `search.directory`, or else a `search` folder
    /// beside the SQLite database (so each database has its own index), or `data/search`.
    pub fn search_directory(&self) -> std::path::PathBuf {
        if !self.search.directory.as_os_str().is_empty() {
            return self.search.directory.clone();
        }
        match self.database.url.strip_prefix("sqlite://") {
            Some(file) => Path::new(file)
                .parent()
                .map_or_else(|| Path::new("search").to_owned(), |dir| dir.join("search")),
            None => Path::new("data").join("search"),
        }
    }

    /// Where mail goes as `.eml` files when no SMTP server is set: `mail.file_directory`, or a
    /// `mail` folder beside the SQLite database, or `data/mail`.
    pub fn mail_directory(&self) -> std::path::PathBuf {
        if !self.mail.file_directory.as_os_str().is_empty() {
            return self.mail.file_directory.clone();
        }
        match self.database.url.strip_prefix("sqlite://") {
            Some(file) => Path::new(file)
                .parent()
                .map_or_else(|| Path::new("mail").to_owned(), |dir| dir.join("mail")),
            None => Path::new("data").join("mail"),
        }
    }

    /// Whether cookies must be `Secure` (the forum is served over TLS).
    pub fn secure_cookies(&self) -> bool {
        self.server.base_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_index_lives_beside_its_sqlite_database_unless_told() {
        let mut config = Config::defaults().expect("defaults");
        assert_eq!(config.search_directory(), Path::new("data/search"));
        config.database.url = "sqlite:///srv/forum/convene.db".into();
        assert_eq!(config.search_directory(), Path::new("/srv/forum/search"));
        config.database.url = "postgres://convene@db/convene".into();
        assert_eq!(config.search_directory(), Path::new("data/search"));
        config.search.directory = "/var/lib/convene/index".into();
        assert_eq!(
            config.search_directory(),
            Path::new("/var/lib/convene/index")
        );
    }

    #[test]
    fn printing_the_configuration_hides_the_database_password() {
        let mut config = Config::defaults().expect("defaults");
        config.database.url = "postgres://convene:s3cr%40t@db.internal:5432/convene".into();
        let printed = format!("{config:?}");
        assert!(!printed.contains("s3cr"), "{printed}");
        assert!(printed.contains("postgres://convene:***@db.internal:5432/convene"));
        assert_eq!(
            without_password("sqlite://data/convene.db"),
            "sqlite://data/convene.db"
        );
        assert_eq!(
            without_password("postgres://convene@db/convene"),
            "postgres://convene@db/convene"
        );
    }
}
