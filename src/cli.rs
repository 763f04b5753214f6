//! The command line: what each `convene` subcommand does. `main.rs` only parses and calls
//! [`run`].

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};

use crate::app::{AppState, serve};
use crate::config::Config;
use crate::db::Db;
use crate::models::category::{Category, CategoryDraft, CategoryError, CategoryInput};
use crate::models::user::{Role, SignupInput, User};

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
    Demo,
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API keys.
    #[command(subcommand, name = "api-key")]
    ApiKey(ApiKeyCommand),
    /// Manage categories.
    #[command(subcommand)]
    Category(CategoryCommand),
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
        /// admin, moderator or user.
        #[arg(long, default_value = "user", value_parser = ["admin", "moderator", "user"])]
        role: String,
    },
    /// Change a user's role.
    Role {
        /// The user.
        username: String,
        /// admin, moderator or user.
        #[arg(value_parser = ["admin", "moderator", "user"])]
        role: String,
    },
}

/// `convene api-key …`
#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Create a key that acts as a user, and print it (it is stored hashed and shown once).
    Create {
        /// The user the key acts as (sent as Api-Username).
        #[arg(long)]
        user: String,
        /// What the key is for.
        #[arg(long, default_value = "")]
        description: String,
    },
}

/// `convene category …`
#[derive(Debug, Subcommand)]
pub enum CategoryCommand {
    /// Create a category.
    Create(CategoryArgs),
    /// List categories.
    List,
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

/// Runs a parsed command line.
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
            tracing::info!("Convene is serving on http://{}", listener.local_addr()?);
            let state = AppState::new(Arc::new(config), db);
            serve(listener, state)?.await?;
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
        Command::Demo => {
            let db = open_db(&config)?;
            let mut conn = db.write_conn()?;
            let summary = crate::demo::load(&mut conn, &mut |step| eprintln!("{step}"))?;
            println!("{summary}");
            Ok(())
        }
        Command::User(command) => run_user(command, &config),
        Command::ApiKey(ApiKeyCommand::Create { user, description }) => {
            let db = open_db(&config)?;
            let mut conn = db.write_conn()?;
            let owner = User::find_by_username(&mut conn, &user)?
                .with_context(|| format!("there is no user called {user}"))?;
            let key = crate::auth::token::generate()?;
            crate::models::api_key::NewApiKey {
                user_id: owner.id,
                key_hash: &crate::auth::token::hash(&key),
                description: &description,
                created_at: crate::db::now(),
            }
            .insert(&mut conn)?;
            eprintln!(
                "API key for {} (shown once; send it as Api-Key with Api-Username: {}):",
                owner.username, owner.username
            );
            println!("{key}");
            Ok(())
        }
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

fn run_user(command: UserCommand, config: &Config) -> anyhow::Result<()> {
    let db = open_db(config)?;
    let mut conn = db.write_conn()?;
    match command {
        UserCommand::Create {
            username,
            email,
            password,
            name,
            role,
        } => {
            let role = Role::parse(&role).context("role must be admin, moderator or user")?;
            let input = SignupInput::validate(
                &username,
                &email,
                &name,
                &password,
                config.auth.min_password_length,
            )
            .map_err(|errors| anyhow::anyhow!(errors.join(" ")))?;
            let hash = crate::auth::password::hash(&input.password)?;
            match input.insert(&mut conn, &hash, role, false) {
                Ok(user) => println!(
                    "Created {} {} (id {})",
                    role.as_str(),
                    user.username,
                    user.id
                ),
                Err(e) if crate::models::is_unique_violation(&e) => {
                    bail!("the username {username} or the email {email} is already taken")
                }
                Err(e) => return Err(e.into()),
            }
        }
        UserCommand::Role { username, role } => {
            let role = Role::parse(&role).context("role must be admin, moderator or user")?;
            let user = User::find_by_username(&mut conn, &username)?
                .with_context(|| format!("there is no user called {username}"))?;
            User::set_role(&mut conn, user.id, role)?;
            println!("{} is now {}", user.username, role.as_str());
        }
    }
    Ok(())
}

/// Creates a category from command-line arguments (shared with the demo loader).
pub fn create_category(
    conn: &mut crate::db::AnyConnection,
    args: CategoryArgs,
) -> anyhow::Result<Category> {
    let parent_id = match &args.parent {
        Some(slug) => Some(
            Category::find_by_slug(conn, slug)?
                .with_context(|| format!("there is no category with slug {slug}"))?
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
        homepage_url: args.homepage,
        repository_url: args.repository,
    };
    let input =
        CategoryInput::validate(draft).map_err(|errors| anyhow::anyhow!(errors.join(" ")))?;
    Category::create(conn, &input).map_err(|e| match e {
        CategoryError::SlugTaken => {
            anyhow::anyhow!("a category with the slug {} already exists", input.slug)
        }
        CategoryError::BadParent => anyhow::anyhow!("the parent must be a top-level category"),
        CategoryError::Database(e) => e.into(),
    })
}
