//! The small state file, `<data dir>/state.json`: what stretchy remembers besides the log. Today
//! one thing: that the person has read the safety text ([`crate::core::safety`]), and which version
//! of it, so the screen before the first session is shown once.
//!
//! It is not the log: the log records sessions and is never rewritten; this file is replaced whole
//! (private, `0600`) each time it changes. A file that is missing, damaged or cannot be read means
//! "not read yet": the screen is shown again, and nothing stops. Fields it does not know (from a
//! newer version) are kept when it is written.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::storage::paths::STATE_FILE;
use crate::storage::private;

/// What the state file holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// When the safety text was last read, and which version of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_read: Option<SafetyRead>,
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
    let mut state = load(dir);
    state.safety_read = Some(SafetyRead {
        version: crate::core::safety::VERSION,
        at: format!("{:.0}", at.timestamp().display_with_offset(at.offset())),
    });
    save(dir, &state)
}

/// Until when the break reminder is put off, if `dir` remembers a snooze (past or not).
pub fn snoozed_until(dir: Option<&Path>) -> Option<jiff::Timestamp> {
    load(dir?).reminder_snoozed_until?.parse().ok()
}

/// Remembers that the break reminder is put off until `until`, for `stretchy status` and other
/// windows to see.
pub fn snooze_until(dir: &Path, until: &jiff::Zoned) -> io::Result<()> {
    let mut state = load(dir);
    state.reminder_snoozed_until = Some(format!(
        "{:.0}",
        until.timestamp().display_with_offset(until.offset())
    ));
    save(dir, &state)
}

/// Replaces the state file, creating the folder (`0700`) and the file (`0600`) if needed.
fn save(dir: &Path, state: &State) -> io::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
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
}
