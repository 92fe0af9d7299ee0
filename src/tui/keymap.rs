//! Every key binding, in one place: keys become [`Action`]s, the only vocabulary between the
//! keyboard and the app's state.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::core::pain;
use crate::core::session::Msg;

/// What a key asks for. Which actions apply depends on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    /// Enter: start the chosen routine, or count a rep of self-paced reps.
    Confirm,
    /// Show the chosen routine's plan.
    ShowPlan,
    /// Open the history.
    History,
    /// Mute or unmute the cues.
    Mute,
    /// Go on more gently with the exercise about to start.
    Gentler,
    /// A digit key, for the pain dialog's answers.
    Digit(u8),
    TogglePause,
    Skip,
    Back,
    Pain,
    Help,
    /// Leave the screen or the app (asks first during a session).
    Quit,
    /// "Yes" to "are you sure?"; any other key means no.
    Yes,
}

/// Ctrl-Z: suspend the app (handled by the loop, which owns the terminal).
pub(crate) fn is_suspend(key: KeyEvent) -> bool {
    key.kind == KeyEventKind::Press
        && key.modifiers.contains(KeyModifiers::CONTROL)
        && key.code == KeyCode::Char('z')
}

/// Keys that move through a long text by pages (the arrows and j/k move by lines: [`Action::Up`]
/// and [`Action::Down`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Up,
    Down,
    Top,
    Bottom,
}

/// The page key pressed, if any: page up, page down, home, end.
pub fn page(key: KeyEvent) -> Option<Page> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    match key.code {
        KeyCode::PageUp => Some(Page::Up),
        KeyCode::PageDown => Some(Page::Down),
        KeyCode::Home => Some(Page::Top),
        KeyCode::End => Some(Page::Bottom),
        _ => None,
    }
}

/// The action for a key press, if any. Releases and repeats are ignored.
pub fn action(key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        // Ctrl-C leaves like q does: with a confirmation during a session.
        return matches!(key.code, KeyCode::Char('c')).then_some(Action::Quit);
    }
    Some(match key.code {
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::Enter => Action::Confirm,
        KeyCode::Char('s') => Action::ShowPlan,
        KeyCode::Char('h') => Action::History,
        KeyCode::Char('m') => Action::Mute,
        KeyCode::Char('g') => Action::Gentler,
        KeyCode::Char(c @ '0'..='9') => Action::Digit(c as u8 - b'0'),
        KeyCode::Char(' ') => Action::TogglePause,
        KeyCode::Right | KeyCode::Char('n') => Action::Skip,
        KeyCode::Left | KeyCode::Char('b') => Action::Back,
        KeyCode::Char('p' | '!') => Action::Pain,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
        KeyCode::Char('y') => Action::Yes,
        _ => return None,
    })
}

/// The engine message an action sends during a session: the one mapping the full-screen app and
/// plain mode share. `None` for the rest: pain and quit ask first and help lists the keys (each
/// front end does these its own way); the others mean nothing during a session.
pub(crate) fn session_msg(action: Action) -> Option<Msg> {
    match action {
        Action::TogglePause => Some(Msg::TogglePause),
        Action::Skip => Some(Msg::Skip),
        Action::Back => Some(Msg::Back),
        Action::Confirm => Some(Msg::Rep),
        Action::Gentler => Some(Msg::Gentler),
        Action::Pain
        | Action::Quit
        | Action::Help
        | Action::Up
        | Action::Down
        | Action::ShowPlan
        | Action::Yes
        | Action::History
        | Action::Mute
        | Action::Digit(_) => None,
    }
}

/// What an action means to the pain dialog: arrows (and n/b) move, Enter takes, Esc or q
/// cancels, y says yes; every other action is "any other key".
pub(crate) fn dialog_input(action: Action) -> pain::Input {
    match action {
        Action::Digit(d) => pain::Input::Digit(d),
        Action::Up => pain::Input::Up,
        Action::Down => pain::Input::Down,
        Action::Back => pain::Input::Left,
        Action::Skip => pain::Input::Right,
        Action::Confirm => pain::Input::Enter,
        Action::Yes => pain::Input::Yes,
        Action::Quit => pain::Input::Cancel,
        Action::ShowPlan
        | Action::History
        | Action::Mute
        | Action::Gentler
        | Action::TogglePause
        | Action::Pain
        | Action::Help => pain::Input::Other,
    }
}

/// The key that a hint names for `action`: the first of its keys above.
pub(crate) fn key_name(action: Action) -> &'static str {
    match action {
        Action::Up => "↑",
        Action::Down => "↓",
        Action::Confirm => "enter",
        Action::ShowPlan => "s",
        Action::History => "h",
        Action::Mute => "m",
        Action::Gentler => "g",
        Action::Digit(_) => "0-9",
        Action::TogglePause => "space",
        Action::Skip => "n",
        Action::Back => "b",
        Action::Pain => "p",
        Action::Help => "?",
        Action::Quit => "q",
        Action::Yes => "y",
    }
}

/// One row of a session's key table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyRow {
    /// The action, for keys that have one (ctrl-c and ctrl-z are handled before actions).
    pub action: Option<Action>,
    /// Its keys, first the one hints name.
    pub keys: &'static [&'static str],
    /// One word for a hint: "space pause".
    pub short: &'static str,
    /// What it does, as the help overlay says it; the README's table starts each line with it.
    pub what: &'static str,
}

/// The keys of a session, the one table behind the help overlay, the footer hints, plain mode's
/// key line and the README's table (a test compares them).
pub(crate) const SESSION_KEYS: [KeyRow; 11] = [
    KeyRow {
        action: Some(Action::TogglePause),
        keys: &["space"],
        short: "pause",
        what: "pause / resume",
    },
    KeyRow {
        action: Some(Action::Skip),
        keys: &["n", "→"],
        short: "skip",
        what: "skip to the next exercise",
    },
    KeyRow {
        action: Some(Action::Back),
        keys: &["b", "←"],
        short: "back",
        what: "back to the start of this exercise",
    },
    KeyRow {
        action: Some(Action::Confirm),
        keys: &["enter"],
        short: "next rep",
        what: "next rep (self-paced reps)",
    },
    KeyRow {
        action: Some(Action::Pain),
        keys: &["p", "!"],
        short: "pain",
        what: "something hurts: stop at once",
    },
    KeyRow {
        action: Some(Action::Gentler),
        keys: &["g"],
        short: "gently",
        what: "go on gently, half the dose",
    },
    KeyRow {
        action: Some(Action::Mute),
        keys: &["m"],
        short: "mute",
        what: "mute / unmute the sounds",
    },
    KeyRow {
        action: Some(Action::Help),
        keys: &["?"],
        short: "help",
        what: "all the keys",
    },
    KeyRow {
        action: Some(Action::Quit),
        keys: &["q", "esc"],
        short: "quit",
        what: "end the session (asks first)",
    },
    KeyRow {
        action: None,
        keys: &["ctrl-c"],
        short: "quit",
        what: "same as q",
    },
    KeyRow {
        action: None,
        keys: &["ctrl-z"],
        short: "suspend",
        what: "suspend, paused (fg brings it back)",
    },
];

/// The keys of the home screen, the one table behind its help overlay and the README's table (a
/// test compares them).
pub(crate) const HOME_KEYS: [KeyRow; 11] = [
    KeyRow {
        action: Some(Action::Up),
        keys: &["↑", "k"],
        short: "up",
        what: "the routine above (from the first, the last)",
    },
    KeyRow {
        action: Some(Action::Down),
        keys: &["↓", "j"],
        short: "down",
        what: "the routine below (from the last, the first)",
    },
    KeyRow {
        action: None,
        keys: &["1-9"],
        short: "pick",
        what: "choose the routine of that number",
    },
    KeyRow {
        action: None,
        keys: &["home", "end"],
        short: "first/last",
        what: "the first / the last routine",
    },
    KeyRow {
        action: Some(Action::Confirm),
        keys: &["enter"],
        short: "start",
        what: "start the chosen routine",
    },
    KeyRow {
        action: Some(Action::ShowPlan),
        keys: &["s"],
        short: "plan",
        what: "its plan: every step, timed",
    },
    KeyRow {
        action: Some(Action::History),
        keys: &["h"],
        short: "history",
        what: "your history: streak, calendar, minutes",
    },
    KeyRow {
        action: Some(Action::Pain),
        keys: &["!", "p"],
        short: "safety",
        what: "the safety text, to read again",
    },
    KeyRow {
        action: Some(Action::Help),
        keys: &["?"],
        short: "keys",
        what: "these keys",
    },
    KeyRow {
        action: Some(Action::Quit),
        keys: &["q", "esc"],
        short: "quit",
        what: "leave stretchy",
    },
    KeyRow {
        action: None,
        keys: &["ctrl-c"],
        short: "quit",
        what: "same as q",
    },
];

/// The keys of the plan view, the one table behind its help overlay and the README's table (a
/// test compares them).
pub(crate) const PLAN_KEYS: [KeyRow; 7] = [
    KeyRow {
        action: Some(Action::Up),
        keys: &["↑", "k"],
        short: "up",
        what: "scroll up a line",
    },
    KeyRow {
        action: Some(Action::Down),
        keys: &["↓", "j"],
        short: "down",
        what: "scroll down a line",
    },
    KeyRow {
        action: None,
        keys: &["pgup", "pgdn"],
        short: "page",
        what: "a page up / down",
    },
    KeyRow {
        action: None,
        keys: &["home", "end"],
        short: "top/end",
        what: "the top / the end of the plan",
    },
    KeyRow {
        action: Some(Action::Confirm),
        keys: &["enter"],
        short: "start",
        what: "start this routine",
    },
    KeyRow {
        action: Some(Action::Help),
        keys: &["?"],
        short: "keys",
        what: "these keys",
    },
    KeyRow {
        action: Some(Action::Quit),
        keys: &["q", "esc"],
        short: "back",
        what: "back to the routines",
    },
];

/// "n skip": an action's key and its word from [`SESSION_KEYS`]. Every action a hint names has a
/// row (checked by a test); any other gets its key alone.
pub fn hint(action: Action) -> String {
    match SESSION_KEYS.iter().find(|row| row.action == Some(action)) {
        Some(row) => format!("{} {}", key_name(action), row.short),
        None => key_name(action).to_owned(),
    }
}

/// "space pause · n skip · q quit": hints for `actions`, in order.
pub(crate) fn hints(actions: &[Action]) -> String {
    let hints: Vec<String> = actions.iter().map(|&a| hint(a)).collect();
    hints.join(" · ")
}

/// The help overlay's lines for a table of keys: each row's keys ("home, end"), then, in a
/// column two spaces past the widest keys, what they do.
pub(crate) fn help_lines(table: &[KeyRow]) -> impl Iterator<Item = String> {
    let keys = |row: &KeyRow| row.keys.join(", ");
    let width = (table.iter())
        .map(|row| keys(row).chars().count())
        .max()
        .unwrap_or(0);
    (table.iter()).map(move |row| format!("{:<width$}  {}", keys(row), row.what))
}

/// The help overlay's entries where room is short: each row's keys and its hint word, "n → skip".
pub(crate) fn short_help_entries(table: &[KeyRow]) -> impl Iterator<Item = String> {
    (table.iter()).map(|row| format!("{} {}", row.keys.join(" "), row.short))
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyEvent;

    use super::*;

    /// The key a hint names for an action is a key that does it.
    #[test]
    fn named_keys_do_what_they_are_named_for() {
        let actions = [
            Action::Up,
            Action::Down,
            Action::Confirm,
            Action::ShowPlan,
            Action::History,
            Action::Mute,
            Action::Gentler,
            Action::TogglePause,
            Action::Skip,
            Action::Back,
            Action::Pain,
            Action::Help,
            Action::Quit,
            Action::Yes,
        ];
        for wanted in actions {
            let code = match key_name(wanted) {
                "space" => KeyCode::Char(' '),
                "enter" => KeyCode::Enter,
                "↑" => KeyCode::Up,
                "↓" => KeyCode::Down,
                name => KeyCode::Char(name.chars().next().unwrap()),
            };
            assert_eq!(action(KeyEvent::from(code)), Some(wanted), "{code:?}");
        }
        assert_eq!(key_name(Action::Digit(3)), "0-9");
    }

    /// The README's table under `heading` lists the same keys as `table`, in the same order, each
    /// line starting with what the help overlay says.
    fn assert_readme_lists(heading: &str, table: &[KeyRow]) {
        let readme = include_str!("../../README.md");
        let section = readme
            .split(heading)
            .nth(1)
            .unwrap_or_else(|| panic!("a '{heading}' section"));
        let rows: Vec<(String, String)> = section
            .lines()
            .skip_while(|line| !line.starts_with("| key |"))
            .skip(2)
            .take_while(|line| line.starts_with('|'))
            .map(|line| {
                let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
                (cells[0].trim().to_owned(), cells[1].trim().to_owned())
            })
            .collect();
        assert_eq!(rows.len(), table.len(), "{rows:#?}");
        for ((keys, what), row) in rows.iter().zip(table) {
            assert_eq!(*keys, row.keys.join(" or "));
            assert!(
                what.starts_with(row.what),
                "README: {what:?}, table: {row:?}"
            );
        }
    }

    #[test]
    fn the_readme_lists_the_session_keys_of_the_key_table() {
        assert_readme_lists("### During a session", &SESSION_KEYS);
    }

    #[test]
    fn the_readme_lists_the_home_keys_of_the_key_table() {
        assert_readme_lists("### On the home screen", &HOME_KEYS);
    }

    /// The keys' column never runs into what they do: two spaces at least after the widest.
    #[test]
    fn help_lines_keep_the_keys_apart_from_what_they_do() {
        let lines: Vec<String> = help_lines(&HOME_KEYS).collect();
        assert!(
            lines.contains(&"home, end  the first / the last routine".to_owned()),
            "{lines:#?}"
        );
        assert!(
            lines.contains(&"↑, k       the routine above (from the first, the last)".to_owned())
        );
    }

    #[test]
    fn the_readme_lists_the_plan_keys_of_the_key_table() {
        assert_readme_lists("### On the plan view", &PLAN_KEYS);
    }

    /// Each key the home and plan tables name does what its row says: the actions through
    /// [`action`], the number keys as digits, the page keys as pages.
    #[test]
    fn the_home_and_plan_key_tables_agree_with_the_key_bindings() {
        let press = |code| KeyEvent::from(code);
        for row in HOME_KEYS.iter().chain(&PLAN_KEYS).copied() {
            for &key in row.keys {
                let code = match key {
                    "enter" => KeyCode::Enter,
                    "esc" => KeyCode::Esc,
                    "↑" => KeyCode::Up,
                    "↓" => KeyCode::Down,
                    "home" => KeyCode::Home,
                    "end" => KeyCode::End,
                    "pgup" => KeyCode::PageUp,
                    "pgdn" => KeyCode::PageDown,
                    "ctrl-c" => continue,
                    name => KeyCode::Char(name.chars().next().unwrap()),
                };
                match row.action {
                    Some(wanted) => assert_eq!(action(press(code)), Some(wanted), "{key}"),
                    None if key == "1-9" => {
                        for d in 1..=9u8 {
                            let code = KeyCode::Char(char::from(b'0' + d));
                            assert_eq!(action(press(code)), Some(Action::Digit(d)));
                        }
                    }
                    None => assert!(page(press(code)).is_some(), "{key}"),
                }
            }
        }
    }

    /// The key table's first key for an action is the one hints name, and its other keys do the
    /// same thing.
    #[test]
    fn the_key_table_agrees_with_the_key_bindings() {
        for row in SESSION_KEYS {
            let Some(wanted) = row.action else {
                continue;
            };
            assert_eq!(row.keys[0], key_name(wanted), "{row:?}");
            for &key in row.keys {
                let code = match key {
                    "space" => KeyCode::Char(' '),
                    "enter" => KeyCode::Enter,
                    "esc" => KeyCode::Esc,
                    "→" => KeyCode::Right,
                    "←" => KeyCode::Left,
                    name => KeyCode::Char(name.chars().next().unwrap()),
                };
                assert_eq!(action(KeyEvent::from(code)), Some(wanted), "{key}");
            }
        }
    }
}
