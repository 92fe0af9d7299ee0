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
/// with the same id; and the user's files that cannot be used.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<Entry>,
    broken: Vec<Broken>,
}

/// A routine file in the user's folder that cannot be used: the home screen lists it as broken
/// and the command line warns about it once (per version of its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub path: PathBuf,
    /// The first thing wrong with it, without the file's name: "1:16: invalid JSON: ...".
    pub problem: String,
    /// How many things are wrong with it (at least 1).
    pub problems: usize,
    /// A hash of its bytes (empty when they cannot be read), to tell a new version of it.
    pub hash: String,
}

impl Broken {
    fn new(path: &Path, error: &LoadError) -> Broken {
        let (problem, problems) = match error {
            LoadError::Invalid(invalid) => (
                (invalid.problems.first()).map_or_else(String::new, |p| {
                    let field = if p.path.is_empty() {
                        String::new()
                    } else {
                        format!("{}: ", p.path)
                    };
                    format!("{}:{}: {field}{}", p.line, p.column, p.message)
                }),
                invalid.problems.len().max(1),
            ),
            LoadError::Io { source, .. } => (format!("cannot read: {source}"), 1),
            LoadError::TooLarge { .. } => ("larger than 1 MiB".to_owned(), 1),
            LoadError::Unknown { .. } => (error.to_string(), 1),
        };
        Broken {
            path: path.to_owned(),
            problem,
            problems,
            hash: std::fs::read(path).map_or_else(|_| String::new(), |b| content_hash(&b)),
        }
    }

    /// The command that lists every problem in the file.
    pub fn check_command(&self) -> String {
        format!("stretchy check {}", self.path.display())
    }

    /// The command line's one warning about it.
    pub fn warning(&self) -> String {
        let problems = match self.problems {
            1 => "a problem".to_owned(),
            n => format!("{n} problems"),
        };
        format!(
            "warning: routine file {} has {problems} and is left out; `{}` lists them",
            self.path.display(),
            self.check_command()
        )
    }
}

/// The routine `stretchy run` starts when given none, and the one the home screen opens on: the
/// one last started (`last`, from the state file), else the first. `None` when there is none.
pub fn routine_to_run(last: Option<&str>, entries: &[Entry]) -> Option<usize> {
    let last = last.and_then(|id| entries.iter().position(|e| e.routine.id == id));
    last.or_else(|| (!entries.is_empty()).then_some(0))
}

impl Catalog {
    /// Loads the built-ins and the `*.json` files in `user_dir` (if it exists). The user's files
    /// that cannot be used are kept as [`Broken`], so one broken file never hides the rest; a
    /// built-in that cannot (a bug, caught by the tests) is returned as a warning.
    pub fn load(user_dir: Option<&Path>) -> (Catalog, Vec<LoadError>) {
        let mut warnings = Vec::new();
        let mut entries = Vec::new();
        let mut broken = Vec::new();
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
                Err(e) => broken.push(Broken::new(&path, &e)),
            }
        }
        (Catalog { entries, broken }, warnings)
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

    /// The user's routine files that cannot be used, by name.
    pub fn broken(&self) -> &[Broken] {
        &self.broken
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The routine last started, if it is still there; else the first; none without routines.
    #[test]
    fn the_routine_to_run_is_the_last_started_else_the_first() {
        let (catalog, _) = Catalog::load(None);
        let entries = catalog.entries();
        assert_eq!(routine_to_run(Some("flare-up"), entries), Some(7));
        assert_eq!(routine_to_run(Some("gone-now"), entries), Some(0));
        assert_eq!(routine_to_run(None, entries), Some(0));
        assert_eq!(routine_to_run(Some("flare-up"), &[]), None);
    }

    /// A broken user file is kept aside with its first problem and how many there are; the
    /// rest load.
    #[test]
    fn a_broken_user_file_is_kept_aside_with_its_first_problem() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("bad.json"), "{ \"schema\": 1, }").expect("write");
        let (catalog, warnings) = Catalog::load(Some(dir.path()));
        assert!(warnings.is_empty());
        assert_eq!(catalog.entries().len(), BUILTINS.len());
        let [broken] = catalog.broken() else {
            panic!("one broken file: {:?}", catalog.broken());
        };
        assert_eq!(broken.path, dir.path().join("bad.json"));
        assert_eq!(
            broken.problem,
            "1:16: a comma before } or ] (JSON allows none there)"
        );
        assert_eq!(broken.problems, 1);
        assert!(!broken.hash.is_empty());
    }
}
