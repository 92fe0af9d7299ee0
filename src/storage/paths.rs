//! Where stretchy keeps its files: the config folder (the user's routines, cue sounds) and the data
//! folder (the session log). Flags and environment variables override the platform defaults so
//! tests never touch a person's real files.

use std::path::PathBuf;

use directories::ProjectDirs;

/// The session log, in the data folder.
pub const LOG_FILE: &str = "log.jsonl";
/// The history cache, in the data folder next to [`LOG_FILE`].
pub const CACHE_FILE: &str = "history-cache.json";
/// The small state file (when the safety text was read), in the data folder.
pub const STATE_FILE: &str = "state.json";
/// Where anything written to stderr goes while the full screen is up, in the data folder.
pub const STDERR_FILE: &str = "stderr.log";
/// Every file stretchy keeps in its data folder: the only ones it tightens to owner-only.
pub(crate) const OWN_FILES: [&str; 4] = [LOG_FILE, CACHE_FILE, STATE_FILE, STDERR_FILE];
/// The settings, in the config folder.
pub(crate) const SETTINGS_FILE: &str = "settings.json";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// `None` when no home folder can be found and none was given.
    pub config: Option<PathBuf>,
    pub data: Option<PathBuf>,
}

impl Paths {
    /// Uses the given folders, falling back to the platform's (`~/.config/stretchy` and
    /// `~/.local/share/stretchy` on Linux).
    pub fn resolve(config: Option<PathBuf>, data: Option<PathBuf>) -> Paths {
        let dirs = ProjectDirs::from("", "", "stretchy");
        Paths {
            config: config.or_else(|| dirs.as_ref().map(|d| d.config_dir().to_owned())),
            data: data.or_else(|| dirs.as_ref().map(|d| d.data_dir().to_owned())),
        }
    }

    /// The folder of the user's own routine files.
    pub fn sessions(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|c| c.join("sessions"))
    }
}
