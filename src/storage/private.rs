//! Private files. The log holds health data (pain reports, where it hurt), so every folder
//! stretchy creates is `0700` and every file it writes `0600`: only the person who runs it can read
//! them. This module is the one place that knows those modes: creating a folder, opening a new
//! file, replacing a file whole, and tightening what an older version (or another tool) left
//! readable to others.
//!
//! Tightening touches only stretchy's own files in its data folder (the names in [`OWN_FILES`] and
//! the temporary files written next to them) and the data folder itself when nothing else is in
//! it. It only ever removes permissions (the group's and everyone else's), never adds any, and
//! never follows a symbolic link. Elsewhere than on Unix the modes do not exist and nothing is
//! done.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::storage::paths::OWN_FILES;

/// The mode of every folder stretchy creates: only its owner may list or enter it.
pub(crate) const DIR_MODE: u32 = 0o700;
/// The mode of every file stretchy writes: only its owner may read or write it.
pub(crate) const FILE_MODE: u32 = 0o600;

/// Creates `dir` and any missing parents, each `0700`. An existing folder is left as it is (see
/// [`tighten`]).
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)
}

/// Options that create a file `0600`; the caller adds what it opens the file for (`append`,
/// `create`, `create_new`...). A file that already exists keeps its mode (see [`tighten`]).
pub(crate) fn options() -> OpenOptions {
    #[allow(unused_mut)] // the mode is set on Unix only
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options
}

/// The name of a temporary file next to `name`: hidden, unique among running programs (the
/// process id) and among writes in one (a counter), so two writers never share one.
pub(crate) fn temp_name(name: &str) -> String {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    )
}

/// Replaces `path` whole with `bytes`: written to a private temporary file in the same folder,
/// synced, then renamed over `path`, so a reader sees the old file or the new one, never half of
/// one. The folder must exist.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("not a file name"))?
        .to_string_lossy();
    let temp = path.with_file_name(temp_name(&name));
    // A leftover of a program that died mid-write with the same id.
    let _ = fs::remove_file(&temp);
    let written = options()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_data()
        })
        .and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Whether `name` is one of stretchy's files in its data folder, or a temporary file written
/// next to one ([`temp_name`]).
pub(crate) fn is_own_file(name: &str) -> bool {
    OWN_FILES.contains(&name)
        || name
            .strip_prefix('.')
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .is_some_and(|rest| {
                OWN_FILES
                    .iter()
                    .any(|own| rest.strip_prefix(own).is_some_and(|r| r.starts_with('.')))
            })
}

/// A file or folder that could not be made private.
#[derive(Debug)]
pub struct Loose {
    pub path: PathBuf,
    pub source: io::Error,
}

/// Makes what stretchy owns in `data` private: each of its files that others may read becomes
/// readable by its owner only (`0644` becomes `0600`), and the folder itself `0700` when it holds
/// nothing but stretchy's files (a folder shared with other things, or a sticky one like `/tmp`,
/// keeps its mode). A missing folder is fine. Returns what could not be changed; it never stops
/// the program (see [`warning`]).
pub fn tighten(data: &Path) -> Vec<Loose> {
    let mut loose = Vec::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = fs::symlink_metadata(data) else {
            return loose;
        };
        let entries = match fs::read_dir(data) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return loose,
            Err(e) if e.kind() == io::ErrorKind::NotADirectory => return loose,
            Err(source) => {
                loose.push(Loose {
                    path: data.to_owned(),
                    source,
                });
                return loose;
            }
        };
        let mut only_ours = true;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str().filter(|n| is_own_file(n)) else {
                only_ours = false;
                continue;
            };
            // Not followed: a link points at something that is not stretchy's to change.
            if let Ok(meta) = fs::symlink_metadata(entry.path())
                && meta.is_file()
                && let Err(source) = narrow(&entry.path(), meta.permissions().mode())
            {
                loose.push(Loose {
                    path: data.join(name),
                    source,
                });
            }
        }
        // The folder as the person named it: a link to a folder of stretchy's counts too.
        let meta = if meta.file_type().is_symlink() {
            fs::metadata(data).unwrap_or(meta)
        } else {
            meta
        };
        let sticky = meta.permissions().mode() & 0o1000 != 0;
        if meta.is_dir()
            && only_ours
            && !sticky
            && let Err(source) = narrow(data, meta.permissions().mode())
        {
            loose.push(Loose {
                path: data.to_owned(),
                source,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = data;
    loose
}

/// Takes the group's and everyone else's permissions off `path`, when it has any.
#[cfg(unix)]
fn narrow(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let narrowed = mode & 0o7700;
    if narrowed == mode {
        return Ok(());
    }
    fs::set_permissions(path, fs::Permissions::from_mode(narrowed))
}

/// What to tell the person when files could not be made private, in one line: "warning: could
/// not make /home/me/.local/share/stretchy/log.jsonl private (only you able to read it):
/// permission denied; other people on this computer may be able to read it". `None` when all went
/// well.
pub fn warning(loose: &[Loose]) -> Option<String> {
    let (first, rest) = loose.split_first()?;
    let reason = crate::core::wording::io_error(&first.source);
    let more = match rest.len() {
        0 => String::new(),
        1 => " (and 1 more file)".to_owned(),
        n => format!(" (and {n} more files)"),
    };
    Some(format!(
        "warning: could not make {}{more} private to you: {reason}; other people on this \
         computer may be able to read it",
        first.path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_files_and_their_temporary_files_are_recognised() {
        for name in [
            "log.jsonl",
            "history-cache.json",
            "state.json",
            "stderr.log",
            ".history-cache.json.123-0.tmp",
            ".state.json.9-4.tmp",
        ] {
            assert!(is_own_file(name), "{name}");
        }
        for name in [
            "notes.txt",
            ".log.jsonl",
            ".state.json.tmp",
            "state.json.bak",
            ".other.json.1-0.tmp",
        ] {
            assert!(!is_own_file(name), "{name}");
        }
        assert!(is_own_file(&temp_name(crate::storage::paths::STATE_FILE)));
    }

    #[test]
    fn warning_says_what_and_why_in_one_line() {
        assert_eq!(warning(&[]), None);
        let loose = |name: &str| Loose {
            path: PathBuf::from("/d").join(name),
            source: io::ErrorKind::PermissionDenied.into(),
        };
        assert_eq!(
            warning(&[loose("log.jsonl")]).as_deref(),
            Some(
                "warning: could not make /d/log.jsonl private to you: permission denied; other \
                 people on this computer may be able to read it"
            )
        );
        let two = warning(&[loose("log.jsonl"), loose("stderr.log"), loose("state.json")])
            .expect("a warning");
        assert!(
            two.contains("/d/log.jsonl (and 2 more files) private"),
            "{two}"
        );
        assert!(!two.contains('\n'));
    }

    #[cfg(unix)]
    mod unix {
        use std::os::unix::fs::PermissionsExt;

        use super::super::*;

        fn mode(path: &Path) -> u32 {
            fs::symlink_metadata(path)
                .expect("metadata")
                .permissions()
                .mode()
                & 0o7777
        }

        fn set(path: &Path, mode: u32) {
            fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
        }

        #[test]
        fn created_folders_and_files_are_private() {
            let dir = tempfile::tempdir().expect("temp dir");
            let data = dir.path().join("a/b/stretchy");
            create_dir(&data).expect("create");
            assert_eq!(mode(&data), 0o700);
            assert_eq!(mode(&dir.path().join("a")), 0o700);
            let file = data.join("state.json");
            write_atomically(&file, b"{}").expect("write");
            assert_eq!(mode(&file), 0o600);
            assert_eq!(fs::read(&file).expect("read"), b"{}");
            write_atomically(&file, b"[]").expect("replace");
            assert_eq!(fs::read(&file).expect("read"), b"[]");
            // No temporary file is left behind.
            assert_eq!(fs::read_dir(&data).expect("list").count(), 1);
            options()
                .append(true)
                .create(true)
                .open(data.join("stderr.log"))
                .expect("open");
            assert_eq!(mode(&data.join("stderr.log")), 0o600);
        }

        #[test]
        fn a_loose_data_folder_of_stretchys_own_is_tightened() {
            let dir = tempfile::tempdir().expect("temp dir");
            let data = dir.path().join("stretchy");
            fs::create_dir(&data).expect("mkdir");
            for name in OWN_FILES {
                fs::write(data.join(name), "x").expect("write");
                set(&data.join(name), 0o644);
            }
            set(&data.join("stderr.log"), 0o666);
            set(&data, 0o755);
            assert!(tighten(&data).is_empty());
            assert_eq!(mode(&data), 0o700);
            for name in OWN_FILES {
                assert_eq!(mode(&data.join(name)), 0o600, "{name}");
            }
            // Never loosened: a read-only file stays read-only.
            set(&data.join("log.jsonl"), 0o444);
            assert!(tighten(&data).is_empty());
            assert_eq!(mode(&data.join("log.jsonl")), 0o400);
        }

        #[test]
        fn other_peoples_things_are_left_alone() {
            let dir = tempfile::tempdir().expect("temp dir");
            let shared = dir.path().join("shared");
            fs::create_dir(&shared).expect("mkdir");
            set(&shared, 0o755);
            fs::write(shared.join("notes.txt"), "x").expect("write");
            set(&shared.join("notes.txt"), 0o644);
            fs::write(shared.join("log.jsonl"), "x").expect("write");
            set(&shared.join("log.jsonl"), 0o644);
            let elsewhere = dir.path().join("elsewhere.json");
            fs::write(&elsewhere, "x").expect("write");
            set(&elsewhere, 0o644);
            std::os::unix::fs::symlink(&elsewhere, shared.join("state.json")).expect("link");
            assert!(tighten(&shared).is_empty());
            // The log is stretchy's; the folder, the notes and the link's target are not.
            assert_eq!(mode(&shared.join("log.jsonl")), 0o600);
            assert_eq!(mode(&shared), 0o755);
            assert_eq!(mode(&shared.join("notes.txt")), 0o644);
            assert_eq!(mode(&elsewhere), 0o644);

            let sticky = dir.path().join("sticky");
            fs::create_dir(&sticky).expect("mkdir");
            set(&sticky, 0o1777);
            assert!(tighten(&sticky).is_empty());
            assert_eq!(mode(&sticky), 0o1777);
        }

        #[test]
        fn a_missing_folder_or_a_file_in_its_place_is_not_a_problem() {
            let dir = tempfile::tempdir().expect("temp dir");
            assert!(tighten(&dir.path().join("nowhere")).is_empty());
            let file = dir.path().join("file");
            fs::write(&file, "x").expect("write");
            assert!(tighten(&file).is_empty());
        }
    }
}
