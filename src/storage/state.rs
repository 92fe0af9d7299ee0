//! The small state file, `<data dir>/state.json`: what stretchy remembers besides the log: that
//! the person has read the safety text ([`crate::core::safety`]), and which version of it, so the
//! screen before the first session is shown once; the routine last started, chosen again on the
//! next launch and by `stretchy run` alone; and the broken routine files already warned about, so
//! the command line says so once per version of a file; and until when a break reminder is
//! snoozed, so `stretchy status` and every `stretchy remind` agree.
//!
//! It is not the log: the log records sessions and is never rewritten; this file is replaced whole
//! (private, `0600`) each time it changes. A file that is missing, damaged or cannot be read means
//! "not read yet": the screen is shown again, and nothing stops. Fields it does not know (from a
//! newer version) are kept when it is written.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::storage::catalog::Broken;
use crate::storage::paths::STATE_FILE;
use crate::storage::private;

/// What the state file holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// When the safety text was last read, and which version of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_read: Option<SafetyRead>,
    /// The id of the routine last started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_routine: Option<String>,
    /// Broken routine files already warned about: path to the hash of the text warned about.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub warned_broken: BTreeMap<String, String>,
    /// Until when the break reminder is put off (`s` snoozes, `x` skips one), RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder_snoozed_until: Option<String>,
    /// Anything else in the file, kept as it was.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// The safety text was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyRead {
    /// [`crate::core::safety::VERSION`] of the text that was read.
    pub version: u32,
    /// Wall-clock time with its UTC offset (RFC 3339, whole seconds).
    pub at: String,
}

/// The state in `dir`; a missing, unreadable or damaged file gives the default (nothing read).
pub fn load(dir: &Path) -> State {
    std::fs::read(dir.join(STATE_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Whether the current safety text has been read, as far as `dir` (the data folder) remembers.
/// Without a data folder nothing is remembered.
pub fn safety_read(dir: Option<&Path>) -> bool {
    dir.map(load)
        .and_then(|state| state.safety_read)
        .is_some_and(|read| read.version >= crate::core::safety::VERSION)
}

/// Remembers in `dir` that the safety text was read at `at`, creating the folder (`0700`) and the
/// file (`0600`) if needed.
pub fn remember_safety_read(dir: &Path, at: &jiff::Zoned) -> io::Result<()> {
    update(dir, |state| {
        state.safety_read = Some(SafetyRead {
            version: crate::core::safety::VERSION,
            at: format!("{:.0}", at.timestamp().display_with_offset(at.offset())),
        });
    })
}

/// The id of the routine last started, as far as `dir` (the data folder) remembers.
pub fn last_routine(dir: Option<&Path>) -> Option<String> {
    dir.map(load).and_then(|state| state.last_routine)
}

/// Remembers in `dir` that the routine `id` was started, for the next launch to choose it again.
pub fn remember_last_routine(dir: &Path, id: &str) -> io::Result<()> {
    if load(dir).last_routine.as_deref() == Some(id) {
        return Ok(());
    }
    update(dir, |state| state.last_routine = Some(id.to_owned()))
}

/// Of the `broken` routine files, the ones not warned about yet in this version of their text,
/// remembered in `dir` as warned now. Files no longer broken are forgotten, so one that breaks
/// again is warned about again. Without a data folder, or when it cannot be written, every one
/// is new: a warning too many beats a broken file never mentioned.
pub fn newly_broken<'a>(dir: Option<&Path>, broken: &'a [Broken]) -> Vec<&'a Broken> {
    let Some(dir) = dir else {
        return broken.iter().collect();
    };
    let key = |b: &Broken| b.path.display().to_string();
    let warned = load(dir).warned_broken;
    let new: Vec<&Broken> = (broken.iter())
        .filter(|&b| warned.get(&key(b)) != Some(&b.hash))
        .collect();
    let now: BTreeMap<String, String> = (broken.iter()).map(|b| (key(b), b.hash.clone())).collect();
    if warned == now {
        return new;
    }
    match update(dir, |state| state.warned_broken = now) {
        Ok(()) => new,
        Err(_) => broken.iter().collect(),
    }
}

/// Until when the break reminder is put off, if `dir` remembers a snooze (past or not).
pub fn snoozed_until(dir: Option<&Path>) -> Option<jiff::Timestamp> {
    load(dir?).reminder_snoozed_until?.parse().ok()
}

/// Remembers that the break reminder is put off until `until`, for `stretchy status` and other
/// windows to see.
pub fn snooze_until(dir: &Path, until: &jiff::Zoned) -> io::Result<()> {
    update(dir, |state| {
        state.reminder_snoozed_until = Some(format!(
            "{:.0}",
            until.timestamp().display_with_offset(until.offset())
        ));
    })
}

/// Reads the state in `dir`, changes it and writes it back whole, keeping what it does not know.
fn update(dir: &Path, change: impl FnOnce(&mut State)) -> io::Result<()> {
    let mut state = load(dir);
    change(&mut state);
    let mut bytes = serde_json::to_vec_pretty(&state).map_err(io::Error::other)?;
    bytes.push(b'\n');
    private::create_dir(dir)?;
    private::write_atomically(&dir.join(STATE_FILE), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> jiff::Zoned {
        "2026-03-02T08:15:03+01:00[+01:00]".parse().expect("a time")
    }

    #[test]
    fn a_snooze_is_remembered_beside_the_safety_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(snoozed_until(Some(dir.path())), None);
        remember_safety_read(dir.path(), &now()).expect("remember");
        snooze_until(dir.path(), &now()).expect("snooze");
        assert_eq!(snoozed_until(Some(dir.path())), Some(now().timestamp()));
        assert!(safety_read(Some(dir.path())));
        assert_eq!(snoozed_until(None), None);
    }

    #[test]
    fn reading_is_remembered() {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("stretchy");
        assert!(!safety_read(Some(&data)));
        assert!(!data.exists(), "asking creates nothing");
        remember_safety_read(&data, &now()).expect("remember");
        assert!(safety_read(Some(&data)));
        let text = std::fs::read_to_string(data.join(STATE_FILE)).expect("read");
        assert!(
            text.contains("\"at\": \"2026-03-02T08:15:03+01:00\""),
            "{text}"
        );
        assert!(!safety_read(None));
    }

    /// Damaged, empty, of the wrong shape, a folder, or an older text: all mean "show it again",
    /// and remembering then replaces the file.
    #[test]
    fn a_damaged_file_means_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(STATE_FILE);
        for text in [
            "",
            "{",
            "\u{0}\u{1}",
            "[]",
            "{\"safety_read\": 3}",
            "{\"safety_read\": {\"version\": 0, \"at\": \"x\"}}",
        ] {
            std::fs::write(&path, text).expect("write");
            assert!(!safety_read(Some(dir.path())), "{text:?}");
        }
        remember_safety_read(dir.path(), &now()).expect("remember over a damaged file");
        assert!(safety_read(Some(dir.path())));

        std::fs::remove_file(&path).expect("remove");
        std::fs::create_dir(&path).expect("a folder in the way");
        assert!(!safety_read(Some(dir.path())));
        assert!(remember_safety_read(dir.path(), &now()).is_err());
    }

    /// A newer version's fields survive an older version writing the file.
    #[test]
    fn unknown_fields_are_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join(STATE_FILE),
            "{\"reminders\": {\"every\": 45}, \"safety_read\": null}",
        )
        .expect("write");
        remember_safety_read(dir.path(), &now()).expect("remember");
        let state = load(dir.path());
        assert_eq!(
            state.other.get("reminders"),
            Some(&serde_json::json!({"every": 45}))
        );
        assert!(state.safety_read.is_some());
    }

    /// The routine last started is remembered beside the safety text, and replaced by the next.
    #[test]
    fn the_last_routine_started_is_remembered() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(last_routine(Some(dir.path())), None);
        remember_safety_read(dir.path(), &now()).expect("remember");
        remember_last_routine(dir.path(), "flare-up").expect("remember");
        assert_eq!(last_routine(Some(dir.path())).as_deref(), Some("flare-up"));
        remember_last_routine(dir.path(), "desk-reset").expect("remember");
        assert_eq!(
            last_routine(Some(dir.path())).as_deref(),
            Some("desk-reset")
        );
        assert!(
            safety_read(Some(dir.path())),
            "the rest of the file is kept"
        );
        assert_eq!(last_routine(None), None);
    }

    /// A broken file is new once per version of its text; mended, it is forgotten, so breaking
    /// again warns again.
    #[test]
    fn a_broken_file_is_warned_about_once_per_version() {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = Some(dir.path());
        let file = |name: &str, hash: &str| Broken {
            path: name.into(),
            problem: "1:1: invalid JSON".to_owned(),
            problems: 1,
            hash: hash.to_owned(),
        };
        let names = |new: Vec<&Broken>| -> Vec<String> {
            new.iter().map(|b| b.path.display().to_string()).collect()
        };
        assert_eq!(names(newly_broken(data, &[file("a", "1")])), ["a"]);
        assert!(newly_broken(data, &[file("a", "1")]).is_empty());
        let two = [file("a", "1"), file("b", "7")];
        assert_eq!(names(newly_broken(data, &two)), ["b"]);
        assert_eq!(names(newly_broken(data, &[file("a", "2")])), ["a"]);
        assert!(newly_broken(data, &[]).is_empty());
        assert_eq!(names(newly_broken(data, &[file("a", "2")])), ["a"]);
        assert_eq!(names(newly_broken(None, &[file("a", "2")])), ["a"]);
    }
}
