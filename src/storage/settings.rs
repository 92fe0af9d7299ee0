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

#[cfg(test)]
mod tests {
    use std::fs;

    use pretty_assertions::assert_eq;
    use tempfile::TempDir;

    use super::*;

    /// A config folder holding `text` as its settings file.
    fn config_with(text: &str) -> TempDir {
        let dir = TempDir::new().expect("temp dir");
        fs::write(dir.path().join(SETTINGS_FILE), text).expect("settings written");
        dir
    }

    #[test]
    fn no_config_folder_or_no_file_means_the_defaults_quietly() {
        assert_eq!(load(None), (Settings::default(), None));
        let empty = TempDir::new().expect("temp dir");
        assert_eq!(load(Some(empty.path())), (Settings::default(), None));
    }

    #[test]
    fn a_file_sets_what_it_names_and_leaves_the_rest_default() {
        let dir = config_with(r#"{"rest_days": 2, "weekly_goal": 5}"#);
        let both = Settings {
            rest_days: 2,
            weekly_goal: 5,
        };
        assert_eq!(load(Some(dir.path())), (both, None));
        let dir = config_with(r#"{"weekly_goal": 4}"#);
        let goal = Settings {
            weekly_goal: 4,
            ..Settings::default()
        };
        assert_eq!(load(Some(dir.path())), (goal, None));
    }

    /// A misspelt field, a wrong value or broken JSON: the defaults, and one line naming the
    /// file, the line and column, and what is wrong.
    #[test]
    fn a_broken_file_means_the_defaults_and_one_line_saying_where() {
        for (text, wanted) in [
            (
                "{\n  \"weekly_gaol\": 4\n}",
                ":2:15: unknown field `weekly_gaol`, expected `rest_days` or `weekly_goal`; \
                 using the defaults",
            ),
            (
                r#"{"rest_days": -1}"#,
                ":1:16: invalid value: integer `-1`, expected u32; using the defaults",
            ),
            (
                r#"{"rest_days": 2"#,
                ":1:15: EOF while parsing an object; using the defaults",
            ),
        ] {
            let dir = config_with(text);
            let (settings, warning) = load(Some(dir.path()));
            assert_eq!(settings, Settings::default(), "{text}");
            let path = dir.path().join(SETTINGS_FILE);
            assert_eq!(
                warning,
                Some(format!("{}{wanted}", path.display())),
                "{text}"
            );
        }
    }

    #[test]
    fn a_file_that_cannot_be_read_means_the_defaults_and_says_why() {
        let dir = TempDir::new().expect("temp dir");
        fs::create_dir(dir.path().join(SETTINGS_FILE)).expect("a folder in its place");
        let (settings, warning) = load(Some(dir.path()));
        assert_eq!(settings, Settings::default());
        let warning = warning.expect("a warning");
        assert!(
            warning.contains("settings.json: cannot read: "),
            "{warning}"
        );
        assert!(warning.ends_with("; using the defaults"), "{warning}");
    }
}
