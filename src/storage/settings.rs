//! The user's settings file, `<config dir>/settings.json`: history's rest days and weekly goal.
//! Optional; a missing file means the defaults, a broken one the defaults and a warning.

use std::path::Path;

use crate::core::history::Settings;
use crate::storage::paths::SETTINGS_FILE;

/// Reads the settings, or the defaults with a one-line warning when the file cannot be used.
pub fn load(config: Option<&Path>) -> (Settings, Option<String>) {
    let Some(path) = config.map(|c| c.join(SETTINGS_FILE)) else {
        return (Settings::default(), None);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Settings::default(), None),
        Err(e) => {
            return (
                Settings::default(),
                Some(format!(
                    "{}: cannot read: {e}; using the defaults",
                    path.display()
                )),
            );
        }
    };
    match serde_json::from_str::<Settings>(&text) {
        Ok(settings) => (settings, None),
        Err(e) => (
            Settings::default(),
            Some(format!(
                "{}:{}:{}: {}; using the defaults",
                path.display(),
                e.line(),
                e.column(),
                e.to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or("invalid settings")
            )),
        ),
    }
}
