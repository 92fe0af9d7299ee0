//! The session log: JSON Lines in the data folder, one record per event, append-only.
//!
//! Each record is one whole line written with a single `write` under an advisory lock, then synced
//! to disk before the session moves on, so a crash or `kill -9` loses at most the line being
//! written and two instances never interleave partial lines. A line left unfinished (a write cut
//! short by a full disk) never swallows the next record: that one starts on a line of its own.
//! The file is private to the user (0600, folder 0700). Reading never fails on a damaged line: it
//! is skipped and counted.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::core::log::{Contents, Line, parse};
use crate::core::wording;
use crate::storage::paths::LOG_FILE;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create {path}: {}", wording::io_error(.source))]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot open {path}: {}", wording::io_error(.source))]
    Open { path: PathBuf, source: io::Error },
    #[error("cannot write to {path}: {}", wording::io_error(.source))]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot read {path}: {}", wording::io_error(.source))]
    Read { path: PathBuf, source: io::Error },
}

impl StoreError {
    /// What went wrong in a few words, without the path, for a status line that may be only 40
    /// columns wide: "disk full", "disk is read-only", "log.jsonl is a folder".
    pub fn brief(&self) -> String {
        let (StoreError::CreateDir { path, source }
        | StoreError::Open { path, source }
        | StoreError::Write { path, source }
        | StoreError::Read { path, source }) = self;
        let name = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.display().to_string());
        match source.kind() {
            // Whichever file it is, the whole disk or folder is the trouble.
            io::ErrorKind::StorageFull
            | io::ErrorKind::QuotaExceeded
            | io::ErrorKind::ReadOnlyFilesystem
            | io::ErrorKind::PermissionDenied => wording::io_error(source),
            io::ErrorKind::IsADirectory => format!("{name} is a folder"),
            _ => format!("{name}: {}", wording::io_error(source)),
        }
    }
}

/// Where the journal writes its lines: the [`Log`] in the app. A seam, so tests can put a writer
/// that fails like a full disk or a read-only folder where the real file would, which file modes
/// cannot do for a test running as root.
pub trait Appender {
    /// Appends one record as one line.
    fn append(&mut self, line: &Line) -> Result<(), StoreError>;
}

impl Appender for Log {
    fn append(&mut self, line: &Line) -> Result<(), StoreError> {
        Log::append(self, line)
    }
}

/// The log opened for appending.
#[derive(Debug)]
pub struct Log {
    path: PathBuf,
    file: File,
}

impl Log {
    /// Opens (creating if needed) `<dir>/log.jsonl` for appending; the folder is made private
    /// (0700) and the file readable only by its owner (0600).
    pub fn open(dir: &Path) -> Result<Log, StoreError> {
        crate::storage::private::create_dir(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join(LOG_FILE);
        // Read too: to see whether the file ends mid-line before appending.
        let file = crate::storage::private::options()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        Ok(Log { path, file })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record as one line: a single write under an exclusive lock, then a sync, so
    /// the line is on disk before the session moves on.
    pub fn append(&mut self, line: &Line) -> Result<(), StoreError> {
        let write_error = |source| StoreError::Write {
            path: self.path.clone(),
            source,
        };
        let mut text = serde_json::to_string(line).map_err(|e| write_error(io::Error::other(e)))?;
        text.push('\n');
        self.file.lock().map_err(write_error)?;
        if self.ends_mid_line() {
            text.insert(0, '\n');
        }
        let written = self.file.write_all(text.as_bytes());
        let unlocked = self.file.unlock();
        written.map_err(write_error)?;
        unlocked.map_err(write_error)?;
        self.file.sync_data().map_err(write_error)
    }

    /// Whether the file ends in the middle of a line: a write cut short by a full disk, or a log
    /// damaged some other way. Asked under the lock, so no other writer is halfway through a line.
    /// When it cannot be told, the answer is no, and the record is written as it would have been.
    fn ends_mid_line(&self) -> bool {
        let mut file = &self.file;
        let mut last = [0];
        file.metadata().is_ok_and(|m| {
            m.len() > 0
                && file.seek(SeekFrom::Start(m.len() - 1)).is_ok()
                && file.read_exact(&mut last).is_ok()
                && last != *b"\n"
        })
    }
}

/// Reads every record of `<dir>/log.jsonl`. A missing log is an empty one; damaged lines are
/// skipped and counted, never fatal, and the file is never rewritten.
pub fn read(dir: &Path) -> Result<Contents, StoreError> {
    let Some(mut file) = open_log(dir)? else {
        return Ok(Contents::default());
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|source| StoreError::Read {
            path: dir.join(LOG_FILE),
            source,
        })?;
    Ok(parse(&bytes))
}

/// Opens `<dir>/log.jsonl` for reading; `None` when there is no log yet. A log that is not a plain
/// file (a device, a pipe) could be endless, so it is refused.
pub(crate) fn open_log(dir: &Path) -> Result<Option<File>, StoreError> {
    let path = dir.join(LOG_FILE);
    match File::open(&path) {
        Ok(file) if !file.metadata().is_ok_and(|m| m.is_file()) => Err(StoreError::Read {
            path,
            source: io::Error::other("not a regular file"),
        }),
        Ok(file) => Ok(Some(file)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StoreError::Read { path, source }),
    }
}
