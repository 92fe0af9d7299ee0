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
    /// Enter: start the chosen routine, or say "done" with self-paced reps.
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
pub fn is_suspend(key: KeyEvent) -> bool {
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
pub fn session_msg(action: Action) -> Option<Msg> {
    match action {
        Action::TogglePause => Some(Msg::TogglePause),
        Action::Skip => Some(Msg::Skip),
        Action::Back => Some(Msg::Back),
        Action::Confirm => Some(Msg::Done),
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
pub fn dialog_input(action: Action) -> pain::Input {
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
pub fn key_name(action: Action) -> &'static str {
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

/// The keys of a session, for the help overlay: (keys, what they do).
pub const SESSION_KEYS: [(&str, &str); 10] = [
    ("space", "pause / resume"),
    ("n  →", "skip to the next exercise"),
    ("b  ←", "back to the start of this exercise"),
    ("enter", "done (self-paced reps)"),
    ("p  !", "something hurts: stop at once"),
    ("m", "mute / unmute the sounds"),
    ("?", "this help"),
    ("q  esc", "end the session (asks first)"),
    ("ctrl-c", "same as q"),
    ("ctrl-z", "suspend (fg brings it back)"),
];

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
}
