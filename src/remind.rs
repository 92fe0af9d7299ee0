//! Break reminders, the shell side: which settings apply, what the log and the state file say,
//! and `stretchy remind`'s loop. The rule itself is pure, in [`crate::core::reminder`].

use jiff::Zoned;

use crate::core::history::glance::{Brief, Glance};
use crate::core::history::{self, SessionRecord};
use crate::core::reminder::{self, Due, Reminders};
use crate::storage::paths::Paths;
use crate::storage::{settings, state};

/// The reminder settings in effect. The one place they are read, so `status`, `remind` and the
/// home screen agree.
pub fn settings(_paths: &Paths) -> Reminders {
    Reminders::default()
}

/// The history settings (rest days, weekly goal) in effect; a broken file means the defaults
/// (the warning is the app's to show, not a status bar's).
pub fn history_settings(paths: &Paths) -> history::Settings {
    settings::load(paths.config.as_deref()).0
}

/// When the last break ended, by the sessions in the log.
pub fn last_break(sessions: &[SessionRecord]) -> Option<jiff::Timestamp> {
    sessions
        .iter()
        .filter(|s| !s.preview)
        .map(|s| Brief::from(s).end())
        .max()
}

/// The home screen's "next stretch in 23m" (or "stretch due now"); `None` when reminders are off
/// or it is outside working hours.
pub fn next_stretch_line(paths: &Paths, sessions: &[SessionRecord], now: &Zoned) -> Option<String> {
    let due = due(paths, &settings(paths), sessions, now);
    reminder::next_stretch_line(&due, now)
}

/// The due rule with the log's sessions and the remembered snooze.
pub fn due(paths: &Paths, reminders: &Reminders, sessions: &[SessionRecord], now: &Zoned) -> Due {
    let snoozed = state::snoozed_until(paths.data.as_deref());
    reminders.due(last_break(sessions), snoozed, now)
}

/// Today's sessions that count, the streak and the week, as the remind screen shows them.
pub fn glance(
    sessions: &[SessionRecord],
    now: &Zoned,
    settings: &history::Settings,
) -> history::glance::Glanced {
    let mut glance = Glance::new(now.date());
    for session in sessions {
        glance.add(&Brief::from(session));
    }
    glance.finish(settings)
}
