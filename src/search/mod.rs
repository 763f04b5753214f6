//! Full-text search (tantivy): the index each node keeps of what the forum says, kept up to date
//! from the `search_changes` feed (DESIGN.md, "Search follows a change feed").
//!
//! - `tokenize`: how text becomes terms (code-aware, and stemmed English).
//! - `schema`: the index's fields, and its version.
//! - `query`: the search language (Discourse's operators), read into a `Parsed` query.
//! - `indexer`: applying the feed, rebuilding, and the thread that does both.
//! - `names`: the users and categories a query names, resolved to ids.
//! - `find`: turning a parsed query into matches grouped by topic, with snippets.
//!
//! The index records in each commit's payload how far along the feed it is (and, while it is
//! being rebuilt, how far the rebuild got), so a node that stops, however it stops, catches up
//! from there. One directory per node; tantivy's lock file keeps a second process out of it.

mod files;
pub mod find;
pub mod indexer;
pub mod names;
pub mod query;
pub mod schema;
pub mod tokenize;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::directory::{Advice, MmapDirectory};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};

use schema::Fields;

pub use find::{Found, Hit, Request, Snippet, Total};

/// What a commit records about the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Payload {
    /// `schema::VERSION` of the index.
    version: u32,
    /// Every feed row up to this id has been applied.
    applied: i64,
    /// While a rebuild is under way: posts up to this id have been indexed by it.
    rebuilt_up_to: Option<i64>,
}

/// How far the index is, for the results page and the logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Feed rows applied (every row up to this id).
    pub applied: i64,
    /// A rebuild under way: posts indexed so far and posts in all.
    pub rebuilding: Option<(u64, u64)>,
}

/// One node's index. Cheap to clone.
#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("directory", &self.inner.directory)
            .finish()
    }
}

struct Inner {
    directory: PathBuf,
    fields: Fields,
    reader: IndexReader,
    /// The writer, and where the feed and the rebuild stand. One indexer at a time holds it.
    writer: Mutex<indexer::Writer>,
    /// A copy of the progress for readers of the page, never blocked by indexing.
    progress: Mutex<Progress>,
    /// The ranking columns of each segment, opened once.
    columns: find::ColumnCache,
}

/// Decompressed blocks of stored posts kept per segment. Tantivy keeps 100 (16 KB each), up to
/// 34 MB over a million posts' twenty segments; a page's snippets read 50 posts scattered over
/// tens of thousands of blocks, so a large cache rarely hits, and decompressing one is
/// microseconds.
const DOC_STORE_CACHE_BLOCKS: usize = 4;

/// Memory tantivy's writer may buffer before it writes a segment (its minimum is 15 MB).
const WRITER_HEAP_BYTES: usize = 20_000_000;

impl SearchIndex {
    /// Opens the index in `directory`, creating it if missing. An index of another version, or
    /// one that cannot be read, is replaced by an empty one that the indexer rebuilds from the
    /// database while the node serves (`Progress::rebuilding`).
    pub fn open(directory: &Path) -> anyhow::Result<SearchIndex> {
        std::fs::create_dir_all(directory).with_context(|| {
            format!(
                "cannot create the search index directory {}; set search.directory",
                directory.display()
            )
        })?;
        let (schema, fields) = schema::build();
        let existing = if directory.join("meta.json").exists() {
            match Self::open_existing(directory) {
                Ok(found) => Some(found),
                Err(error) => {
                    tracing::warn!(
                        directory = %directory.display(),
                        error = %format!("{error:#}"),
                        "the search index cannot be used; rebuilding it"
                    );
                    None
                }
            }
        } else {
            None
        };
        let (index, payload) = match existing {
            Some(found) => found,
            None => {
                clear(directory)?;
                let index = Index::builder()
                    .schema(schema)
                    .tokenizers(schema::tokenizers())
                    .open_or_create(mapped(directory)?)
                    .with_context(|| {
                        format!("cannot create an index in {}", directory.display())
                    })?;
                (index, None)
            }
        };
        let writer: IndexWriter = index
            .writer_with_num_threads(1, WRITER_HEAP_BYTES)
            .map_err(|error| match error {
                tantivy::TantivyError::LockFailure(..) => anyhow::anyhow!(
                    "another process is using the search index in {}; give each node its own \
                     search.directory",
                    directory.display()
                ),
                other => anyhow::Error::new(other),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        let state = indexer::Writer::new(writer, payload);
        let progress = state.progress();
        Ok(SearchIndex {
            inner: Arc::new(Inner {
                directory: directory.to_owned(),
                fields,
                reader,
                writer: Mutex::new(state),
                progress: Mutex::new(progress),
                columns: find::ColumnCache::default(),
            }),
        })
    }

    /// An index of this version, and what its last commit says.
    fn open_existing(directory: &Path) -> anyhow::Result<(Index, Option<Payload>)> {
        let mut index = Index::open(mapped(directory)?)?;
        index.set_tokenizers(schema::tokenizers());
        let payload = index
            .load_metas()?
            .payload
            .map(|text| serde_json::from_str::<Payload>(&text))
            .transpose()
            .context("the index's commit payload is unreadable")?;
        match payload {
            Some(p) if p.version == schema::VERSION => Ok((index, Some(p))),
            Some(p) => anyhow::bail!(
                "the index is version {}, this Convene writes version {}",
                p.version,
                schema::VERSION
            ),
            // Created but never committed: start again.
            None => Ok((index, None)),
        }
    }

    /// The directory the index lives in.
    pub fn directory(&self) -> &Path {
        &self.inner.directory
    }

    /// How far the index is.
    pub fn progress(&self) -> Progress {
        self.inner.progress.lock().map(|p| *p).unwrap_or_default()
    }

    /// Posts in the index (documents not deleted).
    pub fn documents(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    /// Segments the index is in (each costs a search its own lookups).
    pub fn segments(&self) -> usize {
        self.inner.reader.searcher().segment_readers().len()
    }
}

/// The index's files, memory-mapped for reading at random (a search touches a few pages of
/// postings here and there, and the kernel's read-ahead around each would keep neighbouring
/// pages resident that no search asked for), with stored posts read by block (`files`).
fn mapped(directory: &Path) -> anyhow::Result<files::IndexFiles> {
    let mapped = MmapDirectory::open_with_madvice(directory, Advice::Random)
        .with_context(|| format!("cannot open the index directory {}", directory.display()))?;
    Ok(files::IndexFiles::new(mapped, directory))
}

/// Removes everything in `directory` (an unusable index), keeping the directory.
fn clear(directory: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(directory)? {
        let path = entry?.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}
