//! The index's files as tantivy reads them: memory-mapped, except that small reads of stored
//! posts are read with `pread`.
//!
//! A page of results makes 50 snippets, each from a post stored in a compressed block somewhere
//! in the `.store` file. Through a map, touching one block makes the kernel map the 64 KB
//! around it into the process too (fault-around), so over a million posts the store alone came
//! to 31 MB of the server's resident memory after 20 s of searching, four times the blocks
//! any search had read. Read with `pread`, a block is 16 KB copied once into the block cache
//! tantivy keeps anyway, and the file's pages stay in the kernel's page cache, shared and
//! reclaimable. Everything else (postings, terms, fast fields) is read in place, many times
//! per search, which a map does best; and so are the large reads of a store that merging
//! does, which would otherwise be copied whole onto the heap.

use std::io;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};

/// Reads of a stored-posts file up to this size use `pread`; larger ones go through the map.
const SMALL_READ_BYTES: usize = 1 << 20;

/// A directory of index files: [`MmapDirectory`] for everything, except small store reads.
#[derive(Debug, Clone)]
pub(super) struct IndexFiles {
    mapped: MmapDirectory,
    root: PathBuf,
}

impl IndexFiles {
    pub(super) fn new(mapped: MmapDirectory, root: &Path) -> IndexFiles {
        IndexFiles {
            mapped,
            root: root.to_owned(),
        }
    }
}

/// A stored-posts file: its map, and the file itself for small reads.
#[derive(Debug)]
struct StoreFile {
    mapped: Arc<dyn FileHandle>,
    file: std::fs::File,
}

impl HasLen for StoreFile {
    fn len(&self) -> usize {
        self.mapped.len()
    }
}

impl FileHandle for StoreFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.len() > SMALL_READ_BYTES || range.end > self.len() {
            // Large reads, and out-of-range ones (for the map's own error), through the map.
            return self.mapped.read_bytes(range);
        }
        let mut bytes = vec![0; range.len()];
        self.file.read_exact_at(&mut bytes, range.start as u64)?;
        Ok(OwnedBytes::new(bytes))
    }
}

impl Directory for IndexFiles {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let mapped = self.mapped.get_file_handle(path)?;
        if path.extension().is_some_and(|e| e == "store") {
            let full = self.root.join(path);
            let file = std::fs::File::open(&full)
                .map_err(|error| OpenReadError::wrap_io_error(error, full))?;
            return Ok(Arc::new(StoreFile { mapped, file }));
        }
        Ok(mapped)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.mapped.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.mapped.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.mapped.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.mapped.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.mapped.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.mapped.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.mapped.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.mapped.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_file_reads_the_same_bytes_by_pread_and_by_map() {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let content: Vec<u8> = (0..=255u8).cycle().take(3 << 20).collect();
        std::fs::write(dir.path().join("x.store"), &content).expect("written");
        let mapped = MmapDirectory::open(dir.path()).expect("opened");
        let files = IndexFiles::new(mapped, dir.path());
        let handle = files
            .get_file_handle(Path::new("x.store"))
            .expect("a handle");
        assert_eq!(handle.len(), content.len());
        // Small (pread) and large (map) reads alike.
        for range in [0..10, 1000..17384, 5..(2 << 20) + 5, 0..content.len()] {
            let bytes = handle.read_bytes(range.clone()).expect("read");
            assert_eq!(bytes.as_slice(), &content[range]);
        }
    }
}
