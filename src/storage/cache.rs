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

use jiff::civil::Date;

use serde::{Deserialize, Serialize};

use crate::core::history::glance::{Brief, Glance, Glanced};
use crate::core::history::{Gathering, OpenSession, SessionRecord, Settings};
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
    let header = Header {
        version: cache.version,
        program: cache.program.clone(),
        log_schema: cache.log_schema,
        len: cache.len,
        fingerprint: cache.fingerprint,
        unreadable: cache.unreadable,
    };
    header
        .trusts(log, cache.sessions.is_sound())
        .then_some(cache)
}

/// A cache's fields but its sessions.
struct Header {
    version: u32,
    program: String,
    log_schema: u32,
    len: u64,
    fingerprint: Fingerprint,
    unreadable: usize,
}

impl Header {
    /// Whether a cache with this header (and sessions `sound` or not) describes the start of `log`.
    fn trusts(&self, log: &mut File, sound: bool) -> bool {
        self.version == CACHE_VERSION
            && self.program == PROGRAM
            && self.log_schema == LOG_SCHEMA
            && log.metadata().is_ok_and(|m| m.len() >= self.len)
            && fingerprint(log, self.len).is_ok_and(|f| f == self.fingerprint)
            // A cache damaged in the middle still passes the checks above. One that no log could
            // have given would make a later line index past the end of a list, or overflow a
            // count.
            && sound
            && u64::try_from(self.unreadable).is_ok_and(|n| n <= self.len)
    }
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

/// Why [`glance`] could not look.
#[derive(Debug, thiserror::Error)]
pub enum GlanceError {
    #[error(transparent)]
    Log(#[from] StoreError),
    /// No cache, or one that does not describe this log: only reading the whole log would tell.
    #[error(
        "the history summary ({CACHE_FILE}) is missing or out of date; opening stretchy once \
         rebuilds it"
    )]
    NoCache,
}

/// The history at a glance as of `today`, for `stretchy status`: from the cache and the lines the
/// log gained since it was written, never the log from its start, and writing nothing (a status
/// bar runs this every few seconds). The cache is read a piece at a time, keeping only what a
/// glance needs of each finished session, so ten years of them cost neither the time nor the
/// memory of [`load`]. A missing log is an empty history.
///
/// One difference from [`load`]: a line after a cached session's end that repeats its start
/// line would make that session count twice here (stretchy never writes one).
pub fn glance(dir: &Path, today: Date, settings: &Settings) -> Result<Glanced, GlanceError> {
    let mut glance = Glance::new(today);
    let Some(mut log) = store::open_log(dir)? else {
        return Ok(glance.finish(settings));
    };
    let file = File::open(dir.join(CACHE_FILE)).map_err(|_| GlanceError::NoCache)?;
    // The sessions the cache left open, carried on by the lines the log gained.
    let mut sessions = Gathering::default();
    let header = read_entries(file, |entry| match entry {
        CacheEntry::Done(brief) => glance.add(&brief),
        CacheEntry::Open(session) => sessions.push_open(session),
    })
    .ok_or(GlanceError::NoCache)?;
    if !header.trusts(&mut log, sessions.is_sound()) {
        return Err(GlanceError::NoCache);
    }
    let read_error = |source| StoreError::Read {
        path: dir.join(LOG_FILE),
        source,
    };
    log.seek(SeekFrom::Start(header.len)).map_err(read_error)?;
    let mut reader = BufReader::new(log);
    let mut unreadable = 0;
    let mut raw = Vec::new();
    loop {
        raw.clear();
        if reader.read_until(b'\n', &mut raw).map_err(read_error)? == 0 {
            break;
        }
        raw.pop_if(|b| *b == b'\n');
        add_line(&mut sessions, &mut unreadable, &raw);
    }
    for record in sessions.finish() {
        glance.add(&Brief::from(&record));
    }
    Ok(glance.finish(settings))
}

/// One entry of the cache's `sessions`, as [`glance`] reads it.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum CacheEntry {
    Done(Brief),
    Open(OpenSession),
}

/// The fields before `sessions`, as the cache writes them (in [`Cache`]'s order, no spaces).
#[derive(Deserialize)]
struct HeaderFields {
    version: u32,
    program: String,
    log_schema: u32,
    len: u64,
    fingerprint: Fingerprint,
    unreadable: usize,
}

/// Reads a cache written by [`write_atomically`] a piece at a time: the header, then each entry
/// of `sessions` on its own, handed to `each`. `None` when it is not one.
///
/// The entries are found by the text between them, `,{"done":{` or `,{"open":{`: inside a JSON
/// string a quote is escaped, so that text only ever separates two entries.
fn read_entries(mut file: File, mut each: impl FnMut(CacheEntry)) -> Option<Header> {
    const SESSIONS: &[u8] = b"\"sessions\":[";
    const CHUNK: usize = 16 * 1024;
    let mut buf = Vec::with_capacity(2 * CHUNK);
    let mut more = |buf: &mut Vec<u8>| -> Option<bool> {
        let len = buf.len();
        buf.resize(len + CHUNK, 0);
        let read = file.read(&mut buf[len..]).ok()?;
        buf.truncate(len + read);
        Some(read > 0)
    };
    let start = loop {
        if let Some(i) = buf.windows(SESSIONS.len()).position(|w| w == SESSIONS) {
            break i;
        }
        if !more(&mut buf)? || buf.len() > CHUNK {
            return None;
        }
    };
    let mut fields = buf[..start].to_vec();
    fields.extend_from_slice(b"\"end\":0}");
    let fields: HeaderFields = serde_json::from_slice(&fields).ok()?;
    // Entries are read from `pos`; the buffer drops what was read only when it takes more.
    let mut pos = start + SESSIONS.len();
    let mut eof = false;
    loop {
        let end = match next_entry(&buf, pos) {
            Some(end) => end,
            None if eof => {
                let rest = buf[pos..].strip_suffix(b"]}")?;
                if !rest.is_empty() {
                    each(serde_json::from_slice(rest).ok()?);
                }
                break;
            }
            None => {
                buf.drain(..pos);
                pos = 0;
                eof = !more(&mut buf)?;
                continue;
            }
        };
        each(serde_json::from_slice(&buf[pos..end]).ok()?);
        pos = end + 1;
    }
    Some(Header {
        version: fields.version,
        program: fields.program,
        log_schema: fields.log_schema,
        len: fields.len,
        fingerprint: fields.fingerprint,
        unreadable: fields.unreadable,
    })
}

/// Where the entry from `pos` ends: the comma before the next entry, if the buffer holds one.
fn next_entry(buf: &[u8], pos: usize) -> Option<usize> {
    // Braces are rarer than commas: look for the next entry's `{` and what is around it.
    let mut from = pos + 1;
    loop {
        let brace = from + buf.get(from..)?.iter().position(|&b| b == b'{')?;
        let next = &buf[brace..];
        if next.len() < 9 {
            // Perhaps the start of one: the caller reads more.
            return None;
        }
        if buf[brace - 1] == b','
            && (next.starts_with(b"{\"done\":{") || next.starts_with(b"{\"open\":{"))
        {
            return Some(brace - 1);
        }
        from = brace + 1;
    }
}
