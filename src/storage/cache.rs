//! A summary of the session log kept next to it, `<data dir>/history-cache.json`, so the history
//! loads in milliseconds instead of re-reading years of lines every time a screen opens.
//!
//! It owns that one file and the decision to trust it. It never writes the log, and it is only a
//! shortcut: [`load`] gives exactly what reading the whole log would
//! (`history::sessions(&store::read(dir)?.lines)` and the unreadable count), and a cache that is
//! missing, damaged, stale or unwritable only makes a load slower.
//!
//! The cache holds the sessions gathered from the log's first `len` bytes, whole lines only:
//! those no later line can change (a readable start and an end both seen) as finished
//! [`SessionRecord`]s, and the others as partial sessions that later lines carry on. Partial
//! state is kept rather than re-reading from the oldest unfinished session because a session
//! that was killed never gets its end line, and would pin every later load to years ago.
//!
//! It is trusted when its `version`, the program version and the log schema match, the log is at
//! least `len` bytes long, and a hash of the log's first 4 KiB and of the 4 KiB before `len`
//! match: a replaced, truncated or rewritten log is read again from the start. A log edited in
//! the middle with both of those ends intact is not noticed; the log is append-only and stretchy
//! never rewrites it.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::core::history::{Gathering, SessionRecord};
use crate::core::log::{self, LOG_SCHEMA, ParsedLine};
use crate::storage::paths::{CACHE_FILE, LOG_FILE};
use crate::storage::store::{self, StoreError};

#[cfg(test)]
mod tests;

/// The cache's layout and meaning. Bump it whenever the cached state or the rules that build it
/// (how [`super::sessions`] gathers lines) change: an older cache is then rebuilt.
const CACHE_VERSION: u32 = 2;

/// The program's version: a new build rebuilds the cache once, in case a rule changed without
/// [`CACHE_VERSION`] following.
const PROGRAM: &str = env!("CARGO_PKG_VERSION");

/// Bytes hashed at each end of the cached part of the log.
const PROBE: u64 = 4096;

/// The log's history, as [`load`] gives it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    /// Every session with a readable start, in order of its start.
    pub sessions: Vec<SessionRecord>,
    /// Lines that could not be read (truncated, garbled, from an unknown future schema): skipped.
    pub unreadable: usize,
}

/// The sessions of `<dir>/log.jsonl` and its unreadable line count, reading only what the log
/// gained since the cache was written, then bringing the cache up to date. A missing log is an
/// empty one; only failing to read the log is an error.
pub fn load(dir: &Path) -> Result<Loaded, StoreError> {
    load_from(dir).map(|(loaded, _)| loaded)
}

/// Where a load began reading the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// There is no log.
    NoLog,
    /// From the start: there was no cache it could trust.
    Rebuilt,
    /// From the end of what the cache summed up.
    Resumed { from: u64 },
}

/// What `history-cache.json` holds.
#[derive(Debug, Serialize, Deserialize)]
struct Cache {
    version: u32,
    program: String,
    log_schema: u32,
    /// Bytes of the log summed up: whole lines only, so the byte before is a `\n`.
    len: u64,
    fingerprint: Fingerprint,
    /// Unreadable lines in those bytes.
    unreadable: usize,
    sessions: Gathering,
}

/// Hashes of the log's first [`PROBE`] bytes and of the [`PROBE`] bytes before the cached length
/// (fewer when the log is shorter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Fingerprint {
    head: u64,
    tail: u64,
}

fn load_from(dir: &Path) -> Result<(Loaded, Source), StoreError> {
    let log_path = dir.join(LOG_FILE);
    let read_error = |source| StoreError::Read {
        path: log_path.clone(),
        source,
    };
    let Some(mut file) = store::open_log(dir)? else {
        return Ok((Loaded::default(), Source::NoLog));
    };
    let cache_path = dir.join(CACHE_FILE);
    let (mut sessions, mut unreadable, from) = match read_cache(&cache_path, &mut file) {
        Some(cache) => (cache.sessions, cache.unreadable, Some(cache.len)),
        None => (Gathering::default(), 0, None),
    };
    let source = from.map_or(Source::Rebuilt, |from| Source::Resumed { from });
    let from = from.unwrap_or(0);

    file.seek(SeekFrom::Start(from)).map_err(read_error)?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut len = from;
    let mut raw = Vec::new();
    // A last line without its `\n` may be a write in progress: it counts for this load, but the
    // cache stops before it.
    loop {
        raw.clear();
        let read = reader.read_until(b'\n', &mut raw).map_err(read_error)?;
        if raw.pop_if(|b| *b == b'\n').is_none() {
            break;
        }
        len += read as u64;
        add_line(&mut sessions, &mut unreadable, &raw);
    }

    // Nothing to fingerprint the log with means nothing written: the next load reads it all.
    if (len > from || (source == Source::Rebuilt && len > 0))
        && let Ok(fingerprint) = fingerprint(reader.get_mut(), len)
    {
        let cache = Cache {
            version: CACHE_VERSION,
            program: PROGRAM.to_owned(),
            log_schema: LOG_SCHEMA,
            len,
            fingerprint,
            unreadable,
            sessions,
        };
        // Not fatal: the next load is only slower.
        let _ = write_atomically(&cache_path, &cache);
        sessions = cache.sessions;
    }
    add_line(&mut sessions, &mut unreadable, &raw);
    let loaded = Loaded {
        sessions: sessions.finish(),
        unreadable,
    };
    Ok((loaded, source))
}

fn add_line(sessions: &mut Gathering, unreadable: &mut usize, raw: &[u8]) {
    match log::parse_line(raw) {
        ParsedLine::Blank => {}
        ParsedLine::Record(line) => sessions.push(&line),
        ParsedLine::Unreadable => *unreadable += 1,
    }
}

/// The cache at `path`, if it can be read and it describes the start of `log`.
fn read_cache(path: &Path, log: &mut File) -> Option<Cache> {
    // Streamed: the file would be a megabyte more to hold for a ten-year log.
    let file = BufReader::new(File::open(path).ok()?);
    let cache: Cache = serde_json::from_reader(file).ok()?;
    let trusted = cache.version == CACHE_VERSION
        && cache.program == PROGRAM
        && cache.log_schema == LOG_SCHEMA
        && log.metadata().ok()?.len() >= cache.len
        && fingerprint(log, cache.len).ok()? == cache.fingerprint
        // A cache damaged in the middle still passes the checks above. One that no log could
        // have given would make a later line index past the end of a list, or overflow a count.
        && cache.sessions.is_sound()
        && u64::try_from(cache.unreadable).is_ok_and(|n| n <= cache.len);
    trusted.then_some(cache)
}

fn fingerprint(log: &mut File, len: u64) -> io::Result<Fingerprint> {
    let probe = len.min(PROBE);
    Ok(Fingerprint {
        head: hash_bytes(log, 0, probe)?,
        tail: hash_bytes(log, len - probe, probe)?,
    })
}

/// The hash of `count` bytes from `start`.
fn hash_bytes(log: &mut File, start: u64, count: u64) -> io::Result<u64> {
    log.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::new();
    log.take(count).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != count {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(super::fnv1a(&bytes))
}

/// Writes a temporary file in the same folder, private like the log, then renames it over
/// `path`: a reader sees the old cache or the new one, never half of one. Two programs writing at
/// once each rename a whole cache of their own; either is right for the log it describes.
fn write_atomically(path: &Path, cache: &Cache) -> io::Result<()> {
    let temp = path.with_file_name(crate::storage::private::temp_name(CACHE_FILE));
    // A leftover of a program that died mid-write with the same id.
    let _ = fs::remove_file(&temp);
    let written = write_new(&temp, cache).and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

fn write_new(path: &Path, cache: &Cache) -> io::Result<()> {
    let file = crate::storage::private::options()
        .write(true)
        .create_new(true)
        .open(path)?;
    let mut out = BufWriter::new(file);
    serde_json::to_writer(&mut out, cache)?;
    out.flush()
}
