//! The command line: what each `convene` subcommand does. `main.rs` only parses and calls
//! [`run`].

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::app::AppState;
use crate::auth::Guardian;
use crate::config::Config;
use crate::db::Db;
use crate::models::category::{Category, CategoryDraft, CategoryInput};
use crate::models::user::{Role, SignupInput, User};
use crate::services::account::{Joining, PasswordHash};
use crate::services::{self, Missing};

/// Convene: a discussion forum for open-source scientific communities.
#[derive(Debug, Parser)]
#[command(name = "convene", version, about, long_about = None)]
pub struct Cli {
    /// A TOML file of settings overriding config/default.toml (CONVENE__SECTION__KEY
    /// environment variables override both).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database, then serve the forum over HTTP.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load a sample scientific-Python community into the database (for trying Convene out).
    Demo {
        /// Then grow it to this many posts with generated history (for benchmarks:
        /// 10000, 100000, 1000000)
        #[arg(long, value_name = "N")]
        posts: Option<u64>,
    },
    /// Render every post again from its Markdown (after an upgrade that changes rendering, or
    /// to mask newly censored watched words in old posts).
    Rebake,
    /// Rebuild this node's search index from the database and merge it into one segment
    /// (stop `convene serve` first, or delete search.directory and restart it: a node rebuilds
    /// a missing index by itself).
    Reindex,
    /// Write a consistent snapshot of the database to FILE while the forum serves (SQLite's
    /// VACUUM INTO, or pg_dump for PostgreSQL), with a checksum a restore verifies.
    Backup {
        /// Where to write it (replaced only once the new backup is complete).
        file: PathBuf,
    },
    /// Restore a backup made by `convene backup` into the empty database that database.url
    /// names (stop `convene serve` first). A truncated, damaged or foreign file is refused
    /// before anything is written; so is a database that already holds a forum.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API keys.
    #[command(subcommand, name = "api-key")]
    ApiKey(ApiKeyCommand),
    /// Manage categories.
    #[command(subcommand)]
    Category(CategoryCommand),
    /// Digests by hand (`convene serve` sends them on schedule by itself).
    #[command(subcommand)]
    Digest(DigestCommand),
    /// Check that mail leaves.
    #[command(subcommand)]
    Mail(MailCommand),
    /// Proposals (the SPEC process).
    #[command(subcommand)]
    Proposals(ProposalsCommand),
}

/// `convene proposals …`
#[derive(Debug, Subcommand)]
pub enum ProposalsCommand {
    /// Read a checkout of a SPEC repository (spec-*/index.md and core-projects/*.md, as
    /// scientific-python/specs has them) and create or update its core projects, proposals
    /// and endorsements. Safe to run again: only what changed in the files changes here. A
    /// file that cannot be read is reported with its line, and the rest are imported (the
    /// exit status is then 65).
    Import {
        /// The repository's directory.
        dir: std::path::PathBuf,
        /// Slug of the category the proposals go in (one that takes proposals; the first
        /// such category if omitted).
        #[arg(long)]
        category: Option<String>,
        /// Username of the admin who starts the imported topics (the first admin if omitted).
        #[arg(long = "as")]
        author: Option<String>,
        /// Where the documents are published (e.g. https://scientific-python.org/specs/):
        /// each proposal's document link is this and its directory.
        #[arg(long)]
        documents: Option<String>,
    },
}

/// `convene digest …`
#[derive(Debug, Subcommand)]
pub enum DigestCommand {
    /// Queue every digest that is due and not yet queued; `convene serve` delivers them.
    Send {
        /// Compose them and say how many, but queue nothing.
        #[arg(long)]
        dry_run: bool,
        /// Only this user's digest.
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
    },
}

/// `convene mail …`
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Read one message on standard input (as a mail server's pipe delivers it) and post it
    /// as a reply, if it answers a forum mail ([mail] reply_by_email_address). Exit status:
    /// 0 posted (or a repeat, or an auto-reply ignored), 65 unreadable or empty, 67 no valid
    /// reply key, 77 not allowed, 75 try again later.
    Receive,
    /// Send one test message now, through [mail] as configured, and say what happened.
    Test {
        /// Where to send it.
        #[arg(long, value_name = "ADDRESS")]
        to: String,
    },
}

/// `convene user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Create {
        /// 3–20 letters, digits, _ . or -.
        #[arg(long)]
        username: String,
        /// Email address.
        #[arg(long)]
        email: String,
        /// Password (at least auth.min_password_length characters).
        #[arg(long)]
        password: String,
        /// Display name.
        #[arg(long, default_value = "")]
        name: String,
        /// What they may do beyond posting.
        #[arg(long, value_enum, default_value_t = Role::User)]
        role: Role,
    },
    /// Change a user's role.
    Role {
        /// The user.
        username: String,
        /// The new role.
        #[arg(value_enum)]
        role: Role,
    },
    /// Set a user's trust level: 0 new (cannot flag yet), 1 basic, 2 member, 3 regular, 4 leader.
    Trust {
        /// The user.
        username: String,
        /// 0–4.
        #[arg(value_parser = clap::value_parser!(i32).range(0..=4))]
        level: i32,
        /// Spare them the new-member limits whatever their level (e.g. a project maintainer).
        #[arg(long)]
        exempt: bool,
    },
}

/// `convene api-key …`
#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Create a key and print it (it is stored hashed and shown once).
    #[command(group(clap::ArgGroup::new("acting").required(true).args(["user", "all_users"])))]
    Create {
        /// The user the key acts as.
        #[arg(long)]
        user: Option<String>,
        /// The key acts as whichever user each request's Api-Username names.
        #[arg(long)]
        all_users: bool,
        /// Limit the key to a scope (repeatable), e.g. global:read, topics:write; none: no limit.
        #[arg(long = "scope", value_name = "SCOPE")]
        scopes: Vec<String>,
        /// What the key is for.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// List keys: whom each acts for, its scopes, when it was last used.
    List,
    /// Revoke a key: it stops working at once.
    Revoke {
        /// The key's id (from `convene api-key list`).
        id: i64,
    },
}

/// `convene category …`
#[derive(Debug, Subcommand)]
pub enum CategoryCommand {
    /// Create a category.
    Create(CategoryArgs),
    /// List categories.
    List,
    /// Make a member a moderator of one category: its review queue, topic and post tools.
    Moderator {
        /// The category's slug.
        category: String,
        /// The member.
        username: String,
        /// Take the category's moderation from them instead.
        #[arg(long)]
        remove: bool,
    },
}

/// The fields of a category.
#[derive(Debug, Args)]
pub struct CategoryArgs {
    /// Display name.
    #[arg(long)]
    pub name: String,
    /// URL slug (made from the name if omitted).
    #[arg(long, default_value = "")]
    pub slug: String,
    /// One paragraph about the category.
    #[arg(long, default_value = "")]
    pub description: String,
    /// Six hex digits.
    #[arg(long, default_value = "")]
    pub color: String,
    /// Slug of the parent category, for a subcategory.
    #[arg(long)]
    pub parent: Option<String>,
    /// Sort position.
    #[arg(long, default_value_t = 0)]
    pub position: i32,
    /// Only staff may post.
    #[arg(long)]
    pub read_only: bool,
    /// Each new topic in it is a proposal (an idea until the steering committee decides).
    #[arg(long)]
    pub proposals: bool,
    /// Its topics are questions: the asker (or staff) marks the reply that solved each.
    #[arg(long)]
    pub questions: bool,
    /// For a question category: close each question this many days after it is solved.
    #[arg(long, value_name = "DAYS")]
    pub close_solved_after_days: Option<i32>,
    /// Project homepage.
    #[arg(long, default_value = "")]
    pub homepage: String,
    /// Source repository.
    #[arg(long, default_value = "")]
    pub repository: String,
}

fn open_db(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database.url, config.database.pool_size)?;
    db.migrate()?;
    Ok(db)
}

/// Runs a parsed command line. The command line acts as the operator, who owns the
/// database: its writes go through the same services as the web's, with a guardian that
/// allows everything.
pub async fn run(cli: Cli, config: Config) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve => {
            let db = open_db(&config)?;
            let listener = TcpListener::bind(&config.server.bind).with_context(|| {
                format!(
                    "cannot listen on {}; is another server using it? Set CONVENE__SERVER__BIND",
                    config.server.bind
                )
            })?;
            let search = crate::search::SearchIndex::open(&config.search_directory())?;
            // Follows the feed from where the index stopped; a missing index is rebuilt while
            // the forum serves (the results page says so until it is done).
            let indexer = crate::search::indexer::Indexer::start(
                search.clone(),
                db.clone(),
                std::time::Duration::from_millis(config.search.poll_milliseconds),
            )?;
            let mailer = crate::mail::Mailer::from_config(&config)?;
            tracing::info!("{}", mailer.describe(&config));
            tracing::info!("Convene is serving on http://{}", listener.local_addr()?);
            let jobs = crate::jobs::all(&config);
            let state = AppState::new(Arc::new(config), db, search);
            let jobs =
                crate::jobs::Runner::new(state.clone(), crate::jobs::Runner::node_name(), jobs)
                    .start();
            // Runs until SIGINT or SIGTERM; requests in flight get [server] shutdown_seconds
            // to finish.
            let served = crate::web::serve(listener, state.clone())?.await;
            tracing::info!("stopping: finishing the jobs that are running");
            let grace = std::time::Duration::from_secs(state.config.server.shutdown_seconds);
            if tokio::time::timeout(grace, jobs.shutdown()).await.is_err() {
                // A job's run is one transaction: cut short, it is rolled back, and its work is
                // still due at the next start.
                tracing::warn!(
                    "a job did not finish within server.shutdown_seconds; left for the next start"
                );
            }
            // What was read since the job's last run.
            let last = state.clone();
            if let Err(error) =
                tokio::task::spawn_blocking(move || crate::jobs::reading::flush(&last)).await?
            {
                tracing::warn!(error = %format!("{error:#}"), "could not write the last reading");
            }
            // Commits what it applied last, so the next start has little to catch up.
            indexer.stop();
            tracing::info!("stopped");
            served?;
            Ok(())
        }
        Command::Migrate => {
            let db = Db::connect(&config.database.url, 1)?;
            let applied = db.migrate()?;
            if applied.is_empty() {
                println!("The database is up to date.");
            }
            for version in applied {
                println!("Applied migration {version}");
            }
            Ok(())
        }
        Command::Demo { posts } => {
            let db = open_db(&config)?;
            let mut conn = db.write_conn()?;
            let summary = crate::demo::load(&mut conn, &config, &mut |step| eprintln!("{step}"))?;
            println!("{summary}");
            if let Some(target) = posts {
                let grown = crate::demo::grow(&mut conn, target, &mut |step| eprintln!("{step}"))?;
                println!("{grown}");
            }
            Ok(())
        }
        Command::Backup { file } => {
            let started = std::time::Instant::now();
            let done = crate::backup::backup(&config.database.url, &file)?;
            let counts = done.counts.map_or_else(String::new, |(users, posts)| {
                format!(
                    " ({} and {})",
                    counted(users.try_into().unwrap_or(0), "user", "users"),
                    counted(posts.try_into().unwrap_or(0), "post", "posts")
                )
            });
            println!(
                "Backed up the {} database{counts} to {} ({} bytes, migration {}) in {:.1} s.",
                done.header.backend,
                file.display(),
                done.header.payload_bytes,
                done.header.schema_version,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Restore { file } => {
            let done =
                crate::backup::restore(&config.database.url, &file, &config.search_directory())?;
            // A backup made by an older Convene is brought up to date.
            let db = open_db(&config)?;
            let mut conn = db.read_conn()?;
            let users = crate::models::user::User::count(&mut conn)?;
            let posts = crate::models::post::Post::count(&mut conn)?;
            println!(
                "Restored {} (taken {}) into {}: {} and {}. The search index is rebuilt when \
                 `convene serve` starts.",
                file.display(),
                done.header.created_at,
                crate::config::without_password(&config.database.url),
                counted(users.try_into().unwrap_or(0), "user", "users"),
                counted(posts.try_into().unwrap_or(0), "post", "posts"),
            );
            Ok(())
        }
        Command::Rebake => rebake(&config),
        Command::Reindex => reindex(&config),
        Command::User(command) => run_user(command, &config),
        Command::ApiKey(command) => run_api_key(command, &config),
        Command::Category(CategoryCommand::Create(args)) => {
            let db = open_db(&config)?;
            let mut conn = db.write_conn()?;
            let category = create_category(&mut conn, args)?;
            println!(
                "Created category {} (id {}, /c/{}/{})",
                category.name, category.id, category.slug, category.id
            );
            Ok(())
        }
        Command::Digest(DigestCommand::Send { dry_run, user }) => {
            let db = open_db(&config)?;
            let only = match user {
                Some(name) => {
                    let mut conn = db.read_conn()?;
                    let user = User::find_by_username(&mut conn, &name)?
                        .ok_or_else(|| anyhow::anyhow!("there is no user called {name}"))?;
                    Some(user.id)
                }
                None => None,
            };
            let report = crate::jobs::digest::run(&db, &config, crate::db::now(), only, dry_run)?;
            println!(
                "{} {} of {} {}: {} already queued, {} with nothing new.{}",
                if dry_run { "Would queue" } else { "Queued" },
                counted(report.queued as u64, "digest", "digests"),
                report.subscribers,
                if report.subscribers == 1 {
                    "subscriber"
                } else {
                    "subscribers"
                },
                report.already,
                report.empty,
                if dry_run || report.queued == 0 {
                    ""
                } else {
                    " convene serve delivers them."
                }
            );
            Ok(())
        }
        Command::Mail(MailCommand::Receive) => receive_mail(&config),
        Command::Mail(MailCommand::Test { to }) => {
            let mailer = crate::mail::Mailer::from_config(&config)?;
            let site = crate::mail::compose::Site::from_config(&config);
            let message = crate::mail::compose::test(&site, &to)?;
            mailer
                .send(&config.mail.from_address, &to, message.as_bytes())
                .map_err(|error| {
                    anyhow::anyhow!("the test message to {to} was not sent: {error}")
                })?;
            println!("Sent a test message to {to}: {}", mailer.describe(&config));
            Ok(())
        }
        Command::Proposals(ProposalsCommand::Import {
            dir,
            category,
            author,
            documents,
        }) => import_proposals(&config, &dir, category, author, documents.as_deref()),
        Command::Category(CategoryCommand::Moderator {
            category,
            username,
            remove,
        }) => {
            let db = open_db(&config)?;
            let mut conn = db.write_conn()?;
            let found = Category::find_by_slug(&mut conn, &category)?
                .ok_or_else(|| anyhow::anyhow!("there is no category with the slug {category}"))?;
            let user = User::find_by_username(&mut conn, &username)?
                .ok_or_else(|| anyhow::anyhow!("there is no user called {username}"))?;
            services::run(&mut conn, |tx| {
                services::moderation::set_category_moderator(
                    tx,
                    &Guardian::system(),
                    found.id,
                    user.id,
                    !remove,
                )
            })?;
            if remove {
                println!("{} no longer moderates {}", user.username, found.name);
            } else {
                println!("{} now moderates {}", user.username, found.name);
            }
            Ok(())
        }
        Command::Category(CategoryCommand::List) => {
            let db = open_db(&config)?;
            let mut conn = db.read_conn()?;
            for c in Category::all(&mut conn)? {
                let indent = if c.parent_id.is_some() { "  " } else { "" };
                let ro = if c.read_only { " (read-only)" } else { "" };
                println!(
                    "{indent}{:>4}  {}  /c/{}/{}{ro}",
                    c.id, c.name, c.slug, c.id
                );
            }
            Ok(())
        }
    }
}

/// A failure the process must report with a particular exit status: `convene mail receive`
/// answers a mail server in sysexits codes, which decide whether it bounces or retries.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ExitWith {
    /// The exit status.
    pub code: u8,
    /// What went wrong, for the log (and the bounce).
    pub message: String,
}

/// sysexits.h: the message is malformed or empty.
const EX_DATAERR: u8 = 65;
/// sysexits.h: addressee unknown.
const EX_NOUSER: u8 = 67;
/// sysexits.h: try again later.
const EX_TEMPFAIL: u8 = 75;
/// sysexits.h: not allowed.
const EX_NOPERM: u8 = 77;

/// The most bytes `convene mail receive` reads: replies with attachments are refused past it.
const INCOMING_LIMIT: u64 = 25 * 1024 * 1024;

fn refuse(code: u8, message: impl Into<String>) -> anyhow::Error {
    let message = message.into();
    tracing::warn!(code, "mail refused: {message}");
    ExitWith { code, message }.into()
}

/// `convene mail receive`: one message on standard input becomes a reply, or is refused.
fn receive_mail(config: &Config) -> anyhow::Result<()> {
    use std::io::Read;

    use crate::auth::signed::check_reply_key;
    use crate::mail::incoming::Incoming;
    use crate::models::post::{Body, ReplyInput};
    use crate::models::watched_word::WatchList;
    use crate::services::mail::Received;

    let pattern = config.mail.reply_by_email_address.trim().to_lowercase();
    let Some((prefix, suffix)) = pattern.split_once("%{key}") else {
        return Err(refuse(
            EX_NOUSER,
            "reply by mail is off ([mail] reply_by_email_address is empty)",
        ));
    };
    let mut raw = Vec::new();
    std::io::stdin()
        .take(INCOMING_LIMIT + 1)
        .read_to_end(&mut raw)?;
    if raw.len() as u64 > INCOMING_LIMIT {
        return Err(refuse(EX_DATAERR, "the message is larger than 25 MB"));
    }
    let incoming = Incoming::parse(&raw).map_err(|e| refuse(EX_DATAERR, e.to_string()))?;
    if let Some(why) = incoming.automatic {
        // Never answered, never posted, never bounced (that is how mail loops start).
        tracing::info!(message_id = %incoming.message_id, "ignored a machine's mail: {why}");
        return Ok(());
    }
    let key = incoming
        .recipients
        .iter()
        .find_map(|to| {
            to.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(suffix))
        })
        .ok_or_else(|| {
            refuse(
                EX_NOUSER,
                "no reply address of this forum among the recipients",
            )
        })?
        .to_owned();
    let db = open_db(config).map_err(|e| refuse(EX_TEMPFAIL, format!("{e:#}")))?;
    let temporary = |e: anyhow::Error| refuse(EX_TEMPFAIL, format!("{e:#}"));
    let secret = {
        let mut conn = db.read_conn().map_err(|e| temporary(e.into()))?;
        crate::models::site_secret::SiteSecret::find(&mut conn, crate::auth::signed::REPLY_SECRET)
            .map_err(|e| temporary(e.into()))?
    };
    let (user, topic) = secret
        .and_then(|secret| check_reply_key(&secret, &key))
        .ok_or_else(|| {
            refuse(
                EX_NOUSER,
                format!("the reply key {key} is not one this forum made"),
            )
        })?;
    let author = {
        let mut conn = db.read_conn().map_err(|e| temporary(e.into()))?;
        User::find(&mut conn, user).map_err(|_| refuse(EX_NOUSER, "the key's user is gone"))?
    };
    if incoming.from != author.email.to_lowercase() {
        return Err(refuse(
            EX_NOPERM,
            format!(
                "the key is {}'s, but the mail is from {}",
                author.username, incoming.from
            ),
        ));
    }
    if incoming.reply.is_empty() {
        return Err(refuse(
            EX_DATAERR,
            "the reply is empty once the quoted mail and signature are taken away",
        ));
    }
    let body = Body::new(incoming.reply.clone(), config.posts.max_body_bytes)
        .map_err(|problem| refuse(EX_DATAERR, problem.to_string()))?;
    // The author's duties too, as a web request reads them: a category they moderate, or a
    // group that exempts them from the new-member limits, counts by mail as well.
    let duties = {
        let mut conn = db.read_conn().map_err(|e| temporary(e.into()))?;
        crate::auth::guardian::Duties::load(&mut conn, author.id, &config.proposals.committee_group)
            .map_err(|e| temporary(e.into()))?
    };
    let guardian = crate::auth::Guardian::for_member(&author, duties)
        .unverified_may_post(!config.auth.posting_needs_verified_email);
    // The same rules as a reply from the web (`routes::publish`): a new member's link limits,
    // the censored words masked, the posting limits and the queue in the write.
    services::queue::within_new_member_limits(
        &guardian,
        &config.moderation,
        &config.server.base_url,
        body.as_str(),
    )
    .map_err(|error| refuse(EX_DATAERR, error.to_string()))?;
    let watched = {
        let mut conn = db.read_conn().map_err(|e| temporary(e.into()))?;
        WatchList::load(&mut conn).map_err(|e| temporary(e.into()))?
    };
    let cooked = crate::markdown::cook_with(body.as_str(), &watched);
    let input = ReplyInput {
        topic,
        body,
        reply_to: None,
    };
    let mut conn = db.write_conn().map_err(|e| temporary(e.into()))?;
    let message_id = incoming.message_id.clone();
    let rules = services::mail::MailReplyRules {
        limits: &config.posts,
        moderation: &config.moderation,
    };
    let received = services::run(&mut conn, |tx| {
        services::mail::receive_reply(tx, &guardian, &rules, &message_id, &input, &cooked)
    });
    match received {
        Ok(Received::Posted(post)) => {
            tracing::info!(%post, user = %author.username, %topic, "posted a reply received by mail");
            Ok(())
        }
        Ok(Received::Queued(item)) => {
            tracing::info!(%item, user = %author.username, %topic, "a reply received by mail waits for approval");
            Ok(())
        }
        // Too fast: the mail server keeps the message and tries again later, when the limit
        // allows it (a daily cap may outlast its retries; then the author gets the bounce).
        Err(error @ services::ServiceError::TooFast(_)) => {
            Err(refuse(EX_TEMPFAIL, error.to_string()))
        }
        Ok(Received::Again) => {
            tracing::info!(%message_id, "this message was received before; nothing posted again");
            Ok(())
        }
        Err(services::ServiceError::Database(e)) => Err(temporary(e.into())),
        Err(error @ services::ServiceError::Refused(_)) => {
            Err(refuse(EX_NOPERM, error.to_string()))
        }
        Err(error @ services::ServiceError::NotFound(_)) => {
            Err(refuse(EX_NOUSER, error.to_string()))
        }
        Err(error) => Err(refuse(EX_DATAERR, error.to_string())),
    }
}

/// `convene proposals import`, with a progress bar on a terminal and a report at the end.
fn import_proposals(
    config: &Config,
    dir: &std::path::Path,
    category: Option<String>,
    author: Option<String>,
    documents: Option<&str>,
) -> anyhow::Result<()> {
    let repository = crate::spec_repository::read(dir)?;
    let db = open_db(config)?;
    let mut conn = db.write_conn()?;
    let categories = Category::all(&mut conn)?;
    let category = match &category {
        Some(slug) => categories
            .iter()
            .find(|c| &c.slug == slug)
            .ok_or_else(|| anyhow::anyhow!("there is no category with the slug {slug}"))?,
        None => categories.iter().find(|c| c.proposals).ok_or_else(|| {
            anyhow::anyhow!(
                "no category takes proposals: make one with `convene category create --name \
                 Proposals --proposals`, or name one with --category"
            )
        })?,
    };
    let author = match &author {
        Some(name) => User::find_by_username(&mut conn, name)?
            .ok_or_else(|| anyhow::anyhow!("there is no user called {name}"))?,
        None => User::first_admin(&mut conn)?.ok_or_else(|| {
            anyhow::anyhow!("the forum has no admin to start the topics; give one with --as")
        })?,
    };
    if let Some(base) = documents {
        let mut problems = crate::models::invalid::Problems::default();
        crate::models::invalid::optional_url(
            crate::models::invalid::Field::Document,
            base,
            &mut problems,
        );
        if problems.or_value(()).is_err() {
            anyhow::bail!("--documents must be a web address starting with https://");
        }
    }
    let files = repository.projects.len() + repository.specs.len();
    let bar = indicatif::ProgressBar::new(files as u64);
    bar.set_style(indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} files, {msg}",
    )?);
    let destination = services::spec_import::Destination {
        category,
        author: &author,
        documents,
        max_body_bytes: config.posts.max_body_bytes,
    };
    let mut report =
        services::spec_import::import(&mut conn, repository, &destination, &mut |file| {
            bar.set_message(file.to_owned());
            bar.inc(1);
        })?;
    bar.finish_and_clear();
    println!(
        "Projects: {} created, {} updated. Proposals: {} created, {} updated. Endorsements: {} \
         recorded. Unchanged: {} files.",
        report.projects_created,
        report.projects_updated,
        report.proposals_created,
        report.proposals_updated,
        report.endorsements,
        report.unchanged
    );
    let problems = std::mem::take(&mut report.problems);
    if !problems.is_empty() {
        println!("Not imported ({}):", problems.len());
    }
    let refused = problems.len();
    for problem in problems {
        use services::spec_import::ImportProblem;
        let line = match problem {
            ImportProblem::Unreadable(unreadable) => unreadable.to_string(),
            ImportProblem::Refused {
                file,
                line,
                endorsement,
                error,
            } => {
                let at = line
                    .map(|l| format!("{file}:{l}"))
                    .unwrap_or_else(|| file.clone());
                let why = crate::error::AppError::from(error);
                match endorsement {
                    Some(slug) => {
                        format!("{at}: endorsed-by names \"{slug}\", not recorded: {why}")
                    }
                    None => format!("{at}: not imported: {why}"),
                }
            }
        };
        println!("  {line}");
    }
    if !report.changed_anything() {
        println!(
            "Nothing changed: the forum already had everything it could read in {}.",
            dir.display()
        );
    }
    if refused > 0 {
        // Everything else went in; the status says that some files did not.
        return Err(ExitWith {
            code: EX_DATAERR,
            message: format!(
                "{} could not be imported (listed above)",
                counted(
                    report.problems.len() as u64,
                    "file or line",
                    "files or lines"
                )
            ),
        }
        .into());
    }
    Ok(())
}

/// `convene rebake`, with a progress bar on a terminal.
fn rebake(config: &Config) -> anyhow::Result<()> {
    let db = open_db(config)?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} posts and revisions, {msg} ({eta} left)",
    )?);
    let done = services::rebake::everything(&db, |progress| {
        bar.set_length(progress.posts + progress.revisions);
        bar.set_position(progress.rendered);
        bar.set_message(format!("{} changed", progress.changed));
    })?;
    bar.finish_and_clear();
    println!(
        "Rendered {} and {} again; {} changed and {} saved.",
        counted(done.posts, "post", "posts"),
        counted(done.revisions, "earlier version", "earlier versions"),
        counted(done.changed, "rendering", "renderings"),
        if done.changed == 1 { "was" } else { "were" }
    );
    Ok(())
}

/// `convene reindex`, with a progress bar on a terminal.
fn reindex(config: &Config) -> anyhow::Result<()> {
    let db = open_db(config)?;
    let search = crate::search::SearchIndex::open(&config.search_directory())?;
    let started = std::time::Instant::now();
    search.hold_merges()?;
    search.start_rebuild()?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} posts indexed ({per_sec}, {eta} left)",
    )?);
    search.catch_up(&db, |progress| {
        if let Some((done, total)) = progress.rebuilding {
            bar.set_length(total);
            bar.set_position(done);
        }
    })?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let documents = search.documents();
    println!(
        "Indexed {} in {seconds:.1} s ({:.0} posts/s) into {}.",
        counted(documents, "post", "posts"),
        documents as f64 / seconds.max(0.001),
        search.directory().display()
    );
    let merging = std::time::Instant::now();
    let segments = search.merge_segments()?;
    if segments > 1 {
        println!(
            "Merged {segments} segments into one in {:.1} s.",
            merging.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// "1 post", "2 posts".
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn run_user(command: UserCommand, config: &Config) -> anyhow::Result<()> {
    let db = open_db(config)?;
    match command {
        UserCommand::Create {
            username,
            email,
            password,
            name,
            role,
        } => {
            let input = SignupInput::validate(
                &username,
                &email,
                &name,
                &password,
                config.auth.min_password_length,
            )
            .map_err(services::ServiceError::from)?;
            let hash = PasswordHash(crate::auth::password::hash(&input.password)?);
            let mut conn = db.write_conn()?;
            let user = services::run(&mut conn, |tx| {
                services::account::create(tx, &input, &hash, role, Joining::MADE_FOR_THEM)
            })?;
            println!("Created {role} {} (id {})", user.username, user.id);
        }
        UserCommand::Role { username, role } => {
            let mut conn = db.write_conn()?;
            let user = services::run(&mut conn, |tx| {
                services::account::set_role(tx, &Guardian::system(), &username, role)
            })?;
            println!("{} is now {role}", user.username);
        }
        UserCommand::Trust {
            username,
            level,
            exempt,
        } => {
            let mut conn = db.write_conn()?;
            let user = User::find_by_username(&mut conn, &username)?
                .ok_or_else(|| anyhow::anyhow!("there is no user called {username}"))?;
            let user = services::run(&mut conn, |tx| {
                services::moderation::set_trust_level(
                    tx,
                    &Guardian::system(),
                    user.id,
                    level,
                    exempt,
                )
            })?;
            println!(
                "{} is now at trust level {} ({}){}",
                user.username,
                user.trust_level,
                crate::models::trust::name(user.trust_level),
                if user.new_member_limits_exempt {
                    ", exempt from new-member limits"
                } else {
                    ""
                }
            );
        }
    }
    Ok(())
}

fn run_api_key(command: ApiKeyCommand, config: &Config) -> anyhow::Result<()> {
    use services::api_key::{Acting, KeySpec};
    let db = open_db(config)?;
    match command {
        ApiKeyCommand::Create {
            user,
            all_users: _,
            scopes,
            description,
        } => {
            let key = crate::auth::token::generate()?;
            let key_hash = crate::auth::token::hash(&key);
            // clap makes exactly one of --user and --all-users present.
            let acting = match &user {
                Some(username) => Acting::As(username),
                None => Acting::ForAllUsers,
            };
            let spec = KeySpec {
                acting,
                description: &description,
                scopes: &scopes,
            };
            let mut conn = db.write_conn()?;
            let made = services::run(&mut conn, |tx| {
                services::api_key::create(tx, &Guardian::system(), &key_hash, &spec)
            })?;
            let whom = if made.key.all_users {
                "all users: send Api-Username to say which".to_owned()
            } else {
                made.user.username.clone()
            };
            eprintln!(
                "API key {} for {whom}{} (shown once; send it as the Api-Key header):",
                made.key.id,
                describe_scopes(&made.key.scopes),
            );
            println!("{key}");
        }
        ApiKeyCommand::List => {
            let mut conn = db.read_conn()?;
            let keys = crate::models::api_key::ApiKey::all(&mut conn)?;
            if keys.is_empty() {
                println!("No API keys yet (convene api-key create --help).");
            }
            for (key, user) in keys {
                let whom = if key.all_users {
                    format!("all users (made by {})", user.username)
                } else {
                    user.username
                };
                let last_used = key
                    .last_used_at
                    .map_or_else(|| "never used".to_owned(), |t| format!("last used {t}"));
                let state = key
                    .revoked_at
                    .map_or_else(String::new, |t| format!(", revoked {t}"));
                println!(
                    "{:>4}  {whom}{}; {last_used}{state}{}",
                    key.id,
                    describe_scopes(&key.scopes),
                    if key.description.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", key.description)
                    },
                );
            }
        }
        ApiKeyCommand::Revoke { id } => {
            let mut conn = db.write_conn()?;
            services::run(&mut conn, |tx| {
                services::api_key::revoke(tx, &Guardian::system(), id)
            })?;
            println!("API key {id} is revoked.");
        }
    }
    Ok(())
}

/// ", scopes: a b" for a key limited to scopes, "" for one that is not.
fn describe_scopes(scopes: &str) -> String {
    if scopes.is_empty() {
        String::new()
    } else {
        format!(", scopes: {scopes}")
    }
}

/// Creates a category from command-line arguments.
pub fn create_category(
    conn: &mut crate::db::AnyConnection,
    args: CategoryArgs,
) -> anyhow::Result<Category> {
    let parent_id = match &args.parent {
        Some(slug) => Some(
            Category::find_by_slug(conn, slug)?
                .ok_or_else(|| services::ServiceError::from(Missing::CategorySlug(slug.clone())))?
                .id
                .0,
        ),
        None => None,
    };
    let draft = CategoryDraft {
        name: args.name,
        slug: args.slug,
        description: args.description,
        color: args.color,
        parent_id,
        position: args.position,
        read_only: args.read_only,
        proposals: args.proposals,
        questions: args.questions,
        close_solved_after_days: args
            .close_solved_after_days
            .map(|days| days.to_string())
            .unwrap_or_default(),
        homepage_url: args.homepage,
        repository_url: args.repository,
    };
    let input = CategoryInput::validate(&draft).map_err(services::ServiceError::from)?;
    Ok(services::run(conn, |tx| {
        services::category::create(tx, &Guardian::system(), &input)
    })?)
}
