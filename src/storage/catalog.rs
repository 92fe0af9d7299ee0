//! Where routines come from: the built-ins compiled in from `sessions/`, the user's own files in
//! `<config dir>/sessions/`, and files named on the command line.
//!
//! Reads files (never more than [`MAX_FILE_BYTES`]); every rule about their content is in
//! `routine`.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::core::routine::{Invalid, MAX_FILE_BYTES, Problem, Routine, Warnings};
use crate::core::wording;

/// The built-in routines, in the order the home screen and `stretchy list` show them.
pub const BUILTINS: [(&str, &str); 8] = [
    (
        "desk-reset.json",
        include_str!("../../sessions/desk-reset.json"),
    ),
    (
        "micro-break.json",
        include_str!("../../sessions/micro-break.json"),
    ),
    (
        "standing-only.json",
        include_str!("../../sessions/standing-only.json"),
    ),
    (
        "walking-break.json",
        include_str!("../../sessions/walking-break.json"),
    ),
    (
        "lower-back-basics.json",
        include_str!("../../sessions/lower-back-basics.json"),
    ),
    (
        "gentle-relief.json",
        include_str!("../../sessions/gentle-relief.json"),
    ),
    (
        "core-stability.json",
        include_str!("../../sessions/core-stability.json"),
    ),
    (
        "flare-up.json",
        include_str!("../../sessions/flare-up.json"),
    ),
];

/// A routine and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub routine: Routine,
    pub origin: Origin,
    /// A hash of the file's text, so the log can tell an edited routine from the one before.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    /// A file in the user's routine folder or named on the command line.
    File(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {}", wording::io_error(.source))]
    Io { path: String, source: io::Error },
    #[error("{path}: the file is larger than 1 MiB; routine files are small JSON documents")]
    TooLarge { path: String },
    #[error("{0}")]
    Invalid(#[from] Invalid),
    /// `suggestions`: the ids the name most likely meant ([`wording::did_you_mean`]).
    #[error("no routine '{name}'; {}", unknown_hint(suggestions))]
    Unknown {
        name: String,
        suggestions: Vec<String>,
    },
}

/// "did you mean desk-reset?", or where to find the names when none is near.
fn unknown_hint(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        return "`stretchy list` shows the routines, and a file path works too".to_owned();
    }
    let names: Vec<&str> = suggestions.iter().map(String::as_str).collect();
    format!("did you mean {}?", wording::or_list(&names))
}

/// Every routine available: built-ins first, then the user's, a user file replacing a built-in
/// with the same id.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<Entry>,
}

impl Catalog {
    /// Loads the built-ins and the `*.json` files in `user_dir` (if it exists). Files that cannot
    /// be used are returned as warnings beside the catalog, so one broken file never hides the
    /// rest.
    pub fn load(user_dir: Option<&Path>) -> (Catalog, Vec<LoadError>) {
        let mut warnings = Vec::new();
        let mut entries = Vec::new();
        for (name, text) in BUILTINS {
            match Routine::from_json(text, &format!("sessions/{name}")) {
                Ok(routine) => entries.push(Entry {
                    routine,
                    origin: Origin::BuiltIn,
                    hash: content_hash(text.as_bytes()),
                }),
                Err(e) => warnings.push(e.into()),
            }
        }
        for path in user_dir.map(json_files).unwrap_or_default() {
            match load_entry(&path) {
                Ok(entry) => {
                    match entries
                        .iter_mut()
                        .find(|e| e.routine.id == entry.routine.id)
                    {
                        Some(existing) => *existing = entry,
                        None => entries.push(entry),
                    }
                }
                Err(e) => warnings.push(e),
            }
        }
        (Catalog { entries }, warnings)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Changes every routine alike, e.g. to the get-ready time the settings ask for.
    pub fn adjust(&mut self, change: impl Fn(&mut Routine)) {
        for entry in &mut self.entries {
            change(&mut entry.routine);
        }
    }

    pub fn find(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.routine.id == id)
    }

    /// Resolves a command-line argument: a path to a routine file, or the id of a known routine.
    pub fn resolve(&self, arg: &str) -> Result<Entry, LoadError> {
        let path = Path::new(arg);
        let looks_like_path = arg.contains(std::path::MAIN_SEPARATOR)
            || arg.contains('/')
            || path.extension().is_some_and(|e| e == "json");
        if looks_like_path || (self.find(arg).is_none() && path.is_file()) {
            return load_entry(path);
        }
        self.find(arg).cloned().ok_or_else(|| {
            let ids: Vec<&str> = self.entries.iter().map(|e| e.routine.id.as_str()).collect();
            LoadError::Unknown {
                name: arg.to_owned(),
                suggestions: wording::did_you_mean(arg, &ids)
                    .into_iter()
                    .take(3)
                    .map(str::to_owned)
                    .collect(),
            }
        })
    }
}

/// The `*.json` files directly in `dir`, sorted by name; none if the folder does not exist.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && p.is_file())
        .collect();
    files.sort();
    files
}

/// Reads and validates one routine file, refusing anything over [`MAX_FILE_BYTES`] without
/// reading the rest of it.
pub fn load_file(path: &Path) -> Result<Routine, LoadError> {
    load_entry(path).map(|entry| entry.routine)
}

/// Like [`load_file`], keeping where the routine came from and the hash of its text.
pub fn load_entry(path: &Path) -> Result<Entry, LoadError> {
    let text = read_text(path)?;
    Ok(Entry {
        routine: Routine::from_json(&text, &path.display().to_string())?,
        origin: Origin::File(path.to_owned()),
        hash: content_hash(text.as_bytes()),
    })
}

/// Like [`load_file`], with what `stretchy check` warns about in the file.
pub(crate) fn check_file(path: &Path) -> Result<(Routine, Warnings), LoadError> {
    let text = read_text(path)?;
    Ok(Routine::from_json_with_warnings(
        &text,
        &path.display().to_string(),
    )?)
}

/// A routine file's text: at most [`MAX_FILE_BYTES`], and UTF-8.
fn read_text(path: &Path) -> Result<String, LoadError> {
    let shown = path.display().to_string();
    let io_error = |source| LoadError::Io {
        path: shown.clone(),
        source,
    };
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { path: shown });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let before = String::from_utf8_lossy(valid);
        Invalid {
            file: shown.clone(),
            problems: vec![Problem::after(
                &before,
                "",
                "the file is not valid UTF-8 text",
            )],
        }
    })?;
    Ok(text)
}

/// The content's hash in hex: plenty to tell two versions of a routine apart.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", super::fnv1a(bytes))
}
