//! The database: one connection type for SQLite and PostgreSQL, the pools, and migrations.
//!
//! The backend is chosen here, from the URL scheme, and nowhere else. Model code takes
//! `&mut AnyConnection` and is written once for both backends; where a query cannot be
//! (upserts, for one), `with_conn!` compiles the same expression for each inner connection.

#[expect(
    missing_docs,
    reason = "diesel::table! generates a type per column; each table is documented"
)]
pub mod schema;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::{NaiveDateTime, Timelike, Utc};
use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, CustomizeConnection, ManageConnection, R2D2Connection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use connection::AnyConnection;

// Private so the derive's generated helper types stay out of the public API.
mod connection {
    use diesel::{PgConnection, SqliteConnection};

    /// A connection to either backend. SQLite is last so the derive tries it last.
    #[derive(diesel::MultiConnection)]
    pub enum AnyConnection {
        /// PostgreSQL, for deployments with several nodes.
        Postgresql(PgConnection),
        /// The embedded default.
        Sqlite(SqliteConnection),
    }
}

/// Compiles `$body` once per backend, with `$c` bound to the inner connection.
/// For the few queries the `MultiConnection` enum cannot express (upserts, batch inserts).
#[macro_export]
macro_rules! with_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::AnyConnection::Postgresql($c) => $body,
            $crate::db::AnyConnection::Sqlite($c) => $body,
        }
    };
}

/// Why the database could not answer. Not an HTTP type: the web layer, the command line and
/// the jobs each turn it into their own kind of error, once.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No connection could be had from the pool in time.
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::PoolError),
    /// A query failed.
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    /// The blocking task running the query panicked or was cancelled.
    #[error("database task failed: {0}")]
    Task(String),
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// The newest migration this build knows for `backend`, as the migrations table writes
/// versions (`20261207000007`).
pub fn newest_migration(backend: &Backend) -> String {
    use diesel::migration::MigrationSource;
    let names = match backend {
        Backend::Sqlite(_) => {
            MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS).map(|all| {
                all.iter()
                    .map(|m| m.name().version().to_string())
                    .collect::<Vec<_>>()
            })
        }
        Backend::Postgres(_) => MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES_MIGRATIONS)
            .map(|all| {
                all.iter()
                    .map(|m| m.name().version().to_string())
                    .collect::<Vec<_>>()
            }),
    };
    names
        .unwrap_or_default()
        .into_iter()
        .max()
        .unwrap_or_default()
}

/// Which backend a database URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file at this path.
    Sqlite(String),
    /// A PostgreSQL URL, passed to libpq as is.
    Postgres(String),
}

impl Backend {
    /// Reads `sqlite://PATH` or `postgres://…` / `postgresql://…`.
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                bail!("database url {url:?} has no file path; write sqlite://data/convene.db");
            }
            Ok(Backend::Sqlite(path.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres(url.to_owned()))
        } else {
            // Never guess: diesel's own fallback once turned a typo into a new SQLite file.
            bail!(
                "database url must start with sqlite:// or postgres:// (got {:?})",
                url.split(':').next().unwrap_or_default()
            )
        }
    }
}

/// Opens connections for r2d2 by URL scheme, so a PostgreSQL error stays a PostgreSQL error.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    backend: Backend,
}

impl ManageConnection for ConnectionManager {
    type Connection = AnyConnection;
    type Error = diesel::ConnectionError;

    fn connect(&self) -> Result<AnyConnection, Self::Error> {
        match &self.backend {
            Backend::Sqlite(path) => SqliteConnection::establish(path).map(AnyConnection::Sqlite),
            Backend::Postgres(url) => PgConnection::establish(url).map(AnyConnection::Postgresql),
        }
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), Self::Error> {
        conn.ping()
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)
    }

    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        conn.is_broken()
    }
}

/// Sets SQLite's per-connection pragmas. `busy_timeout` first: with WAL first, the pool's
/// concurrent start-up raced into "database is locked".
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<AnyConnection, diesel::ConnectionError> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), diesel::ConnectionError> {
        if let AnyConnection::Sqlite(c) = conn {
            c.batch_execute(
                "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
            )
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
        }
        Ok(())
    }
}

/// A pool of connections.
pub type Pool = r2d2::Pool<ConnectionManager>;

/// The database handle kept in `AppState`: a read pool and a write pool.
///
/// SQLite allows one writer at a time, and a deferred transaction that reads before it writes
/// fails at once (busy_timeout does not help) when another connection wrote in between. One
/// write connection per process removes that failure; on PostgreSQL both pools are the same.
#[derive(Clone, Debug)]
pub struct Db {
    read: Pool,
    write: Pool,
    /// How often each pool was asked for a connection and how long the askers waited.
    waits: Arc<[PoolWaits; 2]>,
    backend: Backend,
    /// Bumped whenever a write connection is handed out, so anything derived from the
    /// database on this node (the anonymous page cache) knows it may be out of date.
    writes: Arc<AtomicU64>,
}

impl Db {
    /// Connects to the database named by `url`, creating a SQLite file (and its folder) if
    /// needed. Does not migrate; call [`Db::migrate`].
    pub fn connect(url: &str, pool_size: u32) -> anyhow::Result<Self> {
        let backend = Backend::from_url(url)?;
        let manager = ConnectionManager {
            backend: backend.clone(),
        };
        let build = |size: u32| {
            r2d2::Pool::builder()
                .max_size(size.max(1))
                .connection_timeout(Duration::from_secs(10))
                .connection_customizer(Box::new(SqlitePragmas))
                .build(manager.clone())
        };
        match &backend {
            Backend::Sqlite(path) => {
                if let Some(dir) = Path::new(path)
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create folder {}", dir.display()))?;
                }
                let write = build(1).with_context(|| format!("cannot open SQLite file {path}"))?;
                let read =
                    build(pool_size).with_context(|| format!("cannot open SQLite file {path}"))?;
                Ok(Db {
                    read,
                    write,
                    waits: Arc::default(),
                    backend: backend.clone(),
                    writes: Arc::default(),
                })
            }
            Backend::Postgres(_) => {
                let pool = build(pool_size).context("cannot connect to PostgreSQL")?;
                Ok(Db {
                    read: pool.clone(),
                    write: pool,
                    waits: Arc::default(),
                    backend: backend.clone(),
                    writes: Arc::default(),
                })
            }
        }
    }

    /// Runs pending migrations for this backend.
    pub fn migrate(&self) -> anyhow::Result<Vec<String>> {
        let mut conn = self.write.get()?;
        let applied = match &mut *conn {
            AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
            AnyConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
        }
        .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
        Ok(applied.iter().map(|v| v.to_string()).collect())
    }

    /// A read connection, for code that is already off the async runtime (CLI, jobs).
    pub fn read_conn(&self) -> Result<r2d2::PooledConnection<ConnectionManager>, r2d2::PoolError> {
        self.waits[READ].timed(|| self.read.get())
    }

    /// The write connection, for code that is already off the async runtime (CLI, jobs,
    /// tests). The write generation moves on when it is handed out and again when it is
    /// released, so nothing rendered while the write was in progress passes as current.
    pub fn write_conn(&self) -> Result<WriteConnection, r2d2::PoolError> {
        self.writes.fetch_add(1, Ordering::Release);
        Ok(WriteConnection {
            conn: self.waits[WRITE].timed(|| self.write.get())?,
            writes: Arc::clone(&self.writes),
        })
    }

    /// How many times this process has written (or may have): changes after every write.
    pub fn write_generation(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    /// Runs `f` on a read connection on the blocking thread pool. `E` is the caller's own
    /// error type (the web's, a service's, `anyhow`'s): anything a [`DbError`] converts into.
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let db = self.clone();
        blocking(move || {
            let mut conn = db.read_conn().map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
    }

    /// Runs `f` on the write connection on the blocking thread pool. Work that does not need
    /// the connection (rendering Markdown, hashing a password) belongs before this call: on
    /// SQLite every writer waits while `f` runs.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let db = self.clone();
        blocking(move || {
            let mut conn = db.write_conn().map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
    }

    /// Which database this is.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// Each pool's size and how long connections were waited for, for `/metrics`. On
    /// PostgreSQL both names are one pool, so its size is reported once, as `read`.
    pub fn pool_report(&self) -> Vec<PoolReport> {
        let mut report = Vec::with_capacity(2);
        for (index, name, pool) in [(READ, "read", &self.read), (WRITE, "write", &self.write)] {
            let state = pool.state();
            let shared = index == WRITE && matches!(self.backend(), Backend::Postgres(_));
            report.push(PoolReport {
                name,
                connections: if shared { 0 } else { state.connections },
                idle: if shared { 0 } else { state.idle_connections },
                acquired: self.waits[index].acquired.load(Ordering::Relaxed),
                waited_seconds: self.waits[index].waited_micros.load(Ordering::Relaxed) as f64
                    / 1e6,
            });
        }
        report
    }

    /// Answers whether the database responds (for `/healthz`).
    pub async fn ping(&self) -> bool {
        self.read(|conn| conn.ping().map_err(DbError::from))
            .await
            .is_ok()
    }
}

const READ: usize = 0;
const WRITE: usize = 1;

/// Connections taken from one pool, and the time spent waiting for them.
#[derive(Debug, Default)]
struct PoolWaits {
    acquired: AtomicU64,
    waited_micros: AtomicU64,
}

impl PoolWaits {
    fn timed<T>(&self, get: impl FnOnce() -> T) -> T {
        let started = std::time::Instant::now();
        let got = get();
        let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.acquired.fetch_add(1, Ordering::Relaxed);
        self.waited_micros.fetch_add(micros, Ordering::Relaxed);
        got
    }
}

/// One pool as `/metrics` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolReport {
    /// `read` or `write`.
    pub name: &'static str,
    /// Connections open.
    pub connections: u32,
    /// Of which idle.
    pub idle: u32,
    /// Connections handed out since start.
    pub acquired: u64,
    /// Seconds spent waiting for them, in all.
    pub waited_seconds: f64,
}

/// Runs `f` on the runtime's blocking thread pool, off the async workers.
async fn blocking<T, E>(f: impl FnOnce() -> Result<T, E> + Send + 'static) -> Result<T, E>
where
    T: Send + 'static,
    E: From<DbError> + Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result,
        Err(error) => Err(DbError::Task(error.to_string()).into()),
    }
}

/// Runs `f` inside one transaction on `conn` and commits if it returns `Ok`, rolls back if not.
///
/// On SQLite the transaction begins `IMMEDIATE`, taking the write lock before the first read:
/// a deferred transaction that reads and then writes fails at once (busy_timeout does not
/// apply) if another process, such as `convene` run from the command line, wrote in between.
/// Inside a transaction already open (the demo loader wraps everything in one), this becomes
/// a savepoint.
pub fn write_transaction<T, E, F>(conn: &mut AnyConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let already_open =
        <AnyConnection as Connection>::TransactionManager::transaction_manager_status_mut(conn)
            .transaction_depth()
            .map_err(E::from)?
            .is_some();
    if already_open {
        return conn.transaction(f);
    }
    match conn {
        AnyConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        AnyConnection::Postgresql(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match f(conn) {
        Ok(value) => {
            <AnyConnection as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => {
            // The caller's error says what went wrong; a failed rollback only adds to the log.
            if let Err(rollback) =
                <AnyConnection as Connection>::TransactionManager::rollback_transaction(conn)
            {
                tracing::error!(%rollback, "rolling back a write transaction failed");
            }
            Err(error)
        }
    }
}

/// The write connection, lent out; moves the write generation on when dropped.
pub struct WriteConnection {
    conn: r2d2::PooledConnection<ConnectionManager>,
    writes: Arc<AtomicU64>,
}

impl std::ops::Deref for WriteConnection {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for WriteConnection {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

impl Drop for WriteConnection {
    fn drop(&mut self) {
        self.writes.fetch_add(1, Ordering::Release);
    }
}

/// The current time in UTC, truncated to microseconds so it round-trips through
/// PostgreSQL unchanged (SQLite would keep nanoseconds).
pub fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1_000 * 1_000)
        .unwrap_or(now)
}
