//! The user's settings file, `<config dir>/settings.json`: read here, understood by
//! [`crate::core::settings`]. Optional: a missing file means the defaults, quietly; one that
//! cannot be read means the defaults and one warning.

use std::io;
use std::path::{Path, PathBuf};

use crate::core::settings::Resolved;
use crate::storage::paths::SETTINGS_FILE;

/// The settings from the file (before any flag), and where the file is.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub resolved: Resolved,
    /// `None` when there is no config folder at all.
    pub path: Option<PathBuf>,
    /// Whether the file is there.
    pub exists: bool,
}

/// Reads `<config>/settings.json`.
pub fn load(config: Option<&Path>) -> Loaded {
    let Some(path) = config.map(|c| c.join(SETTINGS_FILE)) else {
        return Loaded {
            resolved: Resolved::defaults(SETTINGS_FILE),
            path: None,
            exists: false,
        };
    };
    let (resolved, exists) = match std::fs::read_to_string(&path) {
        Ok(text) => (Resolved::from_file(&text, SETTINGS_FILE), true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => (Resolved::defaults(SETTINGS_FILE), false),
        Err(e) => {
            let mut resolved = Resolved::defaults(SETTINGS_FILE);
            resolved.warn_about_file(format!("cannot read: {}; using the defaults", reason(&e)));
            (resolved, true)
        }
    };
    Loaded {
        resolved,
        path: Some(path),
        exists,
    }
}

/// Why a file could not be read, in plain words (never "(os error 13)").
fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "it is a folder, not a file".to_owned(),
        io::ErrorKind::InvalidData => "it is not text (UTF-8)".to_owned(),
        kind => kind.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use pretty_assertions::assert_eq;
    use tempfile::TempDir;

    use super::*;
    use crate::core::settings::{Key, Settings, Source};

    /// A config folder holding `text` as its settings file.
    fn config_with(text: &str) -> TempDir {
        let dir = TempDir::new().expect("temp dir");
        fs::write(dir.path().join(SETTINGS_FILE), text).expect("settings written");
        dir
    }

    #[test]
    fn no_config_folder_or_no_file_means_the_defaults_quietly() {
        let none = load(None);
        assert_eq!(none.resolved.settings, Settings::default());
        assert!(none.resolved.warnings.is_empty());
        assert_eq!((none.path, none.exists), (None, false));
        let empty = TempDir::new().expect("temp dir");
        let missing = load(Some(empty.path()));
        assert_eq!(missing.resolved.settings, Settings::default());
        assert!(missing.resolved.warnings.is_empty());
        assert_eq!(missing.path, Some(empty.path().join(SETTINGS_FILE)));
        assert!(!missing.exists);
    }

    #[test]
    fn a_file_is_read_and_its_keys_marked_as_from_it() {
        let dir = config_with(r#"{"weekly_goal": 4, "volume": 60}"#);
        let loaded = load(Some(dir.path()));
        assert!(loaded.exists);
        assert_eq!(loaded.resolved.settings.history.weekly_goal, 4);
        assert_eq!(loaded.resolved.settings.volume, 60);
        assert_eq!(loaded.resolved.source(Key::Volume), Source::File);
        assert_eq!(loaded.resolved.source(Key::Mute), Source::Default);
    }

    #[test]
    fn a_file_that_cannot_be_read_means_the_defaults_and_says_why_in_plain_words() {
        let dir = TempDir::new().expect("temp dir");
        fs::create_dir(dir.path().join(SETTINGS_FILE)).expect("a folder in its place");
        let loaded = load(Some(dir.path()));
        assert_eq!(loaded.resolved.settings, Settings::default());
        let warnings: Vec<String> = loaded
            .resolved
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            warnings,
            ["settings.json: cannot read: it is a folder, not a file; using the defaults"]
        );
    }
}
