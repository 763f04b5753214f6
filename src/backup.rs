//! `convene backup FILE` and `convene restore FILE`: a consistent snapshot taken while the
//! forum serves, and its restoration into an empty database.
//!
//! The snapshot is the database's own: SQLite's `VACUUM INTO` (one read transaction, so it
//! sees one moment however busy the writers are, and writes a compact file), or `pg_dump`'s
//! custom format (one repeatable-read transaction). It travels inside an envelope so a restore
//! can check the file before it writes anything:
//!
//! ```text
//! CONVENE-BACKUP 1
//! {"backend":"sqlite","created_at":…,"schema_version":…,"payload_bytes":…,"sha256":…}
//! <the snapshot's bytes>
//! ```
//!
//! A file that does not start with the first line is foreign; one whose snapshot is shorter
//! than its header says is truncated; one whose bytes do not hash to the header's digest is
//! damaged. Each is refused with that sentence, before the database is touched.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::Backend;

/// The envelope's first line.
const MAGIC: &[u8] = b"CONVENE-BACKUP 1\n";

/// The envelope's second line.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Header {
    /// `sqlite` or `postgresql`: the kind of database the snapshot restores into.
    pub backend: String,
    /// When the snapshot was taken (UTC, RFC 3339).
    pub created_at: String,
    /// The newest migration the database had.
    pub schema_version: String,
    /// The snapshot's length in bytes.
    pub payload_bytes: u64,
    /// The snapshot's SHA-256, hex.
    pub sha256: String,
}

/// What a backup or restore did, for the command's last line.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The envelope's header.
    pub header: Header,
    /// Users and posts in the snapshot (SQLite; PostgreSQL's are counted after a restore).
    pub counts: Option<(i64, i64)>,
}

fn backend_name(backend: &Backend) -> &'static str {
    match backend {
        Backend::Sqlite(_) => "sqlite",
        Backend::Postgres(_) => "postgresql",
    }
}

/// A progress bar over `total` bytes, drawn only on a terminal.
fn byte_bar(total: u64, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
        "{what} {{bar:40}} {{bytes}}/{{total_bytes}} ({{bytes_per_sec}}, {{eta}} left)"
    )) {
        bar.set_style(style);
    }
    bar
}

/// A file beside `file` with `suffix` added to its name.
fn beside(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    file.with_file_name(name)
}

/// Writes a consistent snapshot of the database at `url` to `file`, while the forum serves.
/// The file appears only when complete (it is written beside, then renamed).
pub fn backup(url: &str, file: &Path) -> anyhow::Result<Summary> {
    let backend = Backend::from_url(url)?;
    let payload = beside(file, ".snapshot");
    let partial = beside(file, ".partial");
    let _ = std::fs::remove_file(&payload);
    let result = (|| {
        let (schema_version, counts) = match &backend {
            Backend::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(path)
                    .with_context(|| format!("cannot open the SQLite database {path}"))?;
                diesel::sql_query("VACUUM INTO ?")
                    .bind::<diesel::sql_types::Text, _>(payload.to_string_lossy().as_ref())
                    .execute(&mut conn)
                    .context("SQLite could not write the snapshot")?;
                let mut copy = SqliteConnection::establish(&payload.to_string_lossy())?;
                (
                    sqlite_schema_version(&mut copy)?,
                    Some(sqlite_counts(&mut copy)?),
                )
            }
            Backend::Postgres(url) => {
                let spinner = indicatif::ProgressBar::new_spinner();
                spinner.set_message("pg_dump is taking the snapshot");
                spinner.enable_steady_tick(std::time::Duration::from_millis(200));
                let status = Command::new("pg_dump")
                    .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                    .arg(&payload)
                    .arg("--dbname")
                    .arg(url)
                    .status()
                    .context("cannot run pg_dump (install PostgreSQL's client tools)")?;
                spinner.finish_and_clear();
                if !status.success() {
                    bail!(
                        "pg_dump failed ({status}); nothing was written to {}",
                        file.display()
                    );
                }
                let mut conn = PgConnection::establish(url)?;
                (pg_schema_version(&mut conn)?, None)
            }
        };
        let (payload_bytes, sha256) = digest(&payload, "hashing")?;
        let header = Header {
            backend: backend_name(&backend).to_owned(),
            created_at: chrono::Utc::now().to_rfc3339(),
            schema_version,
            payload_bytes,
            sha256,
        };
        let mut out = BufWriter::new(
            File::create(&partial)
                .with_context(|| format!("cannot write {}", partial.display()))?,
        );
        out.write_all(MAGIC)?;
        serde_json::to_writer(&mut out, &header)?;
        out.write_all(b"\n")?;
        let bar = byte_bar(payload_bytes, "writing");
        std::io::copy(&mut bar.wrap_read(File::open(&payload)?), &mut out)?;
        bar.finish_and_clear();
        let out = out.into_inner().map_err(|e| e.into_error())?;
        out.sync_all()?;
        std::fs::rename(&partial, file)
            .with_context(|| format!("cannot write {}", file.display()))?;
        Ok(Summary { header, counts })
    })();
    let _ = std::fs::remove_file(&payload);
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// The snapshot's length and SHA-256, read through once.
fn digest(path: &Path, what: &str) -> anyhow::Result<(u64, String)> {
    let length = std::fs::metadata(path)?.len();
    let bar = byte_bar(length, what);
    let mut reader = bar.wrap_read(File::open(path)?);
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut reader, &mut hasher)?;
    bar.finish_and_clear();
    Ok((bytes, hex(&hasher.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads and checks `file`'s envelope: its header, with the snapshot's length and digest
/// verified. Nothing is written.
pub fn check(file: &Path) -> anyhow::Result<Header> {
    let mut reader = BufReader::new(
        File::open(file).with_context(|| format!("cannot open {}", file.display()))?,
    );
    let (header, _) = read_header(&mut reader, file)?;
    let bar = byte_bar(header.payload_bytes, "checking");
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut bar.wrap_read(&mut reader), &mut hasher)?;
    bar.finish_and_clear();
    if bytes < header.payload_bytes {
        bail!(
            "{} is truncated: its snapshot has {bytes} of the {} bytes its header promises. \
             Nothing was restored; use a complete copy of the backup.",
            file.display(),
            header.payload_bytes
        );
    }
    if bytes > header.payload_bytes || hex(&hasher.finalize()) != header.sha256 {
        bail!(
            "{} is damaged: its snapshot does not match the checksum in its header. Nothing \
             was restored; use another copy of the backup.",
            file.display()
        );
    }
    Ok(header)
}

/// The envelope's two lines, and how many bytes they took.
fn read_header(reader: &mut impl BufRead, file: &Path) -> anyhow::Result<(Header, u64)> {
    let mut magic = vec![0; MAGIC.len()];
    let foreign = || {
        anyhow::anyhow!(
            "{} is not a Convene backup (it does not begin with CONVENE-BACKUP); nothing was \
             restored. Make backups with `convene backup FILE`.",
            file.display()
        )
    };
    reader.read_exact(&mut magic).map_err(|_| foreign())?;
    if magic != MAGIC {
        return Err(foreign());
    }
    let mut line = Vec::new();
    // A header is a few hundred bytes; a long "line" is not one.
    reader.take(64 * 1024).read_until(b'\n', &mut line)?;
    let header: Header = serde_json::from_slice(&line).map_err(|e| {
        anyhow::anyhow!(
            "{} has a damaged header ({e}); nothing was restored.",
            file.display()
        )
    })?;
    Ok((header, (MAGIC.len() + line.len()) as u64))
}

/// Restores `file` into the empty database at `url`, after checking the file whole. Refuses a
/// database that holds a forum, a backup of the other kind of database, and one made by a
/// newer Convene. The search index at `search_dir` belongs to the old database and is removed
/// (`convene serve` rebuilds it).
pub fn restore(url: &str, file: &Path, search_dir: &Path) -> anyhow::Result<Summary> {
    let backend = Backend::from_url(url)?;
    let header = check(file)?;
    if header.backend != backend_name(&backend) {
        bail!(
            "{} is a backup of a {} database, and database.url names {}: restore it into the \
             same kind of database it came from. Nothing was restored.",
            file.display(),
            header.backend,
            backend_name(&backend)
        );
    }
    let newest = crate::db::newest_migration(&backend);
    if header.schema_version > newest {
        bail!(
            "{} was made by a newer Convene (its database is at migration {}, this one knows up \
             to {newest}); restore it with that version or newer. Nothing was restored.",
            file.display(),
            header.schema_version
        );
    }
    let mut reader = BufReader::new(File::open(file)?);
    read_header(&mut reader, file)?;
    let bar = byte_bar(header.payload_bytes, "restoring");
    match &backend {
        Backend::Sqlite(path) => {
            let path = Path::new(path);
            if path.exists() {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                refuse_a_forum(sqlite_counts(&mut conn).ok(), url)?;
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let restoring = beside(path, ".restoring");
            let mut out = File::create(&restoring)
                .with_context(|| format!("cannot write {}", restoring.display()))?;
            std::io::copy(&mut bar.wrap_read(reader), &mut out)?;
            out.sync_all()?;
            drop(out);
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(beside(path, suffix));
            }
            std::fs::rename(&restoring, path)?;
        }
        Backend::Postgres(url) => {
            let mut conn = PgConnection::establish(url).with_context(|| {
                format!("cannot connect to {}", crate::config::without_password(url))
            })?;
            let has_tables = pg_has_forum_tables(&mut conn)?;
            if has_tables {
                refuse_a_forum(pg_counts(&mut conn).ok(), url)?;
            }
            let mut command = Command::new("pg_restore");
            command.args([
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
            ]);
            if has_tables {
                // Migrated but empty: its tables give way to the backup's.
                command.args(["--clean", "--if-exists"]);
            }
            let mut child = command
                .arg("--dbname")
                .arg(url)
                .stdin(Stdio::piped())
                .spawn()
                .context("cannot run pg_restore (install PostgreSQL's client tools)")?;
            let mut stdin = child.stdin.take().context("pg_restore's input")?;
            let copied = std::io::copy(&mut bar.wrap_read(reader), &mut stdin);
            drop(stdin);
            let status = child.wait()?;
            copied?;
            if !status.success() {
                bail!("pg_restore failed ({status}); its one transaction was rolled back");
            }
        }
    }
    bar.finish_and_clear();
    if search_dir.join("meta.json").exists() {
        std::fs::remove_dir_all(search_dir).with_context(|| {
            format!(
                "cannot remove the old search index {}",
                search_dir.display()
            )
        })?;
    }
    Ok(Summary {
        header,
        counts: None,
    })
}

/// Refuses to restore over a forum: any user or post at all.
fn refuse_a_forum(counts: Option<(i64, i64)>, url: &str) -> anyhow::Result<()> {
    if let Some((users, posts)) = counts
        && (users > 0 || posts > 0)
    {
        bail!(
            "The database {} is not empty (it has {users} users and {posts} posts), and a \
             restore never writes over a forum. Point database.url at a new database, or remove \
             this one first. Nothing was restored.",
            crate::config::without_password(url)
        );
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = diesel::sql_types::Text)]
    version: String,
}

fn sqlite_count(conn: &mut SqliteConnection, sql: &str) -> QueryResult<i64> {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .map(|c| c.n)
}

fn pg_count(conn: &mut PgConnection, sql: &str) -> QueryResult<i64> {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .map(|c| c.n)
}

fn sqlite_counts(conn: &mut SqliteConnection) -> QueryResult<(i64, i64)> {
    Ok((
        sqlite_count(conn, "SELECT COUNT(*) AS n FROM users")?,
        sqlite_count(conn, "SELECT COUNT(*) AS n FROM posts")?,
    ))
}

fn pg_counts(conn: &mut PgConnection) -> QueryResult<(i64, i64)> {
    Ok((
        pg_count(conn, "SELECT COUNT(*) AS n FROM users")?,
        pg_count(conn, "SELECT COUNT(*) AS n FROM posts")?,
    ))
}

fn pg_has_forum_tables(conn: &mut PgConnection) -> QueryResult<bool> {
    Ok(pg_count(
        conn,
        "SELECT COUNT(*) AS n FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_name = '__diesel_schema_migrations'",
    )? > 0)
}

fn sqlite_schema_version(conn: &mut SqliteConnection) -> QueryResult<String> {
    diesel::sql_query("SELECT MAX(version) AS version FROM __diesel_schema_migrations")
        .get_result::<Version>(conn)
        .map(|v| v.version)
}

fn pg_schema_version(conn: &mut PgConnection) -> QueryResult<String> {
    diesel::sql_query("SELECT MAX(version) AS version FROM __diesel_schema_migrations")
        .get_result::<Version>(conn)
        .map(|v| v.version)
}
