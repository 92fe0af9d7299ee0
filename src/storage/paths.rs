//! Where stretchy keeps its files: the config folder (the user's routines, cue sounds) and the data
//! folder (the session log). Flags and environment variables override the platform defaults so
//! tests never touch a person's real files.

use std::path::PathBuf;

use directories::ProjectDirs;

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
