//! Break reminders, the shell side: which settings apply, what the log and the state file say,
//! and `stretchy remind`'s loop. The rule itself is pure, in [`crate::core::reminder`].

use std::io;
use std::path::Path;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp, Zoned};
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::{Terminal, backend::Backend};

use crate::core::history::SessionRecord;
use crate::core::history::glance::{Brief, Glanced};
use crate::core::reminder::{Due, Reminders};
use crate::storage::state;
use crate::tui::app::Events;
use crate::tui::keymap::{self, Action};
use crate::tui::screens::remind::{RemindView, Suggestion};
use crate::tui::screens::{self, Theme};

#[cfg(unix)]
mod dbus;

/// When the last break ended, by the sessions in the log.
pub fn last_break(sessions: &[SessionRecord]) -> Option<jiff::Timestamp> {
    sessions
        .iter()
        .filter(|s| !s.preview)
        .map(|s| Brief::from(s).end())
        .max()
}

/// When the next break is due, from the reminder settings in effect, the log's sessions and the
/// snooze remembered in `data` (the data folder): for the home screen's "next stretch in 23m".
pub fn due(
    reminders: &Reminders,
    data: Option<&Path>,
    sessions: &[SessionRecord],
    now: &Zoned,
) -> Due {
    reminders.due(last_break(sessions), state::snoozed_until(data), now)
}

/// What the remind loop reads at each wake-up: the history at a glance (or why it could not be
/// read) and the snooze.
#[derive(Debug, Clone, PartialEq)]
pub struct Look {
    pub history: Result<Glanced, String>,
    pub snoozed: Option<Timestamp>,
}

/// A break is due: what the notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub summary: String,
    pub body: String,
}

/// The world around `stretchy remind`'s loop, so that a test can drive it with a fake clock.
pub trait Host<B: Backend, E: Events> {
    /// The wall-clock time.
    fn now(&self) -> Zoned;
    /// The history and the snooze, read again at every wake-up: a session finished in another
    /// window counts at once.
    fn look(&mut self, now: &Zoned) -> Look;
    /// Puts the next reminder off until `until`, where `status` and other windows see it.
    fn snooze_until(&mut self, until: &Zoned);
    /// A break is due: the terminal bell and a desktop notification.
    fn ring(&mut self, notice: &Notice);
    /// Runs the suggested routine in place, returning once its summary is closed.
    fn stretch(&mut self, terminal: &mut Terminal<B>, events: &mut E) -> io::Result<()>;
}

/// The longest wait between two looks at the clock and the log. The monotonic clock the wait
/// runs on stops while the machine sleeps, so after a suspend a break that fell due is noticed
/// within this much of waking; it also picks up sessions finished in other windows.
pub const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// `stretchy remind`: shows when the next break is, rings once when one falls due, and runs the
/// suggested routine on Enter. Between reminders it sleeps until the shown minute changes, the
/// break falls due, or [`LONGEST_WAIT`] passes, whichever is first: one wake-up a minute.
pub fn run<B: Backend, E: Events>(
    reminders: &Reminders,
    suggestion: &Suggestion,
    theme: Theme,
    terminal: &mut Terminal<B>,
    events: &mut E,
    host: &mut impl Host<B, E>,
) -> io::Result<()> {
    // The break last rung for: each one rings once, however long it stays due.
    let mut rung: Option<Timestamp> = None;
    loop {
        let now = host.now();
        let look = host.look(&now);
        let last_break = look.history.as_ref().ok().and_then(|g| g.last_break);
        let due = reminders.due(last_break, look.snoozed, &now);
        if let Due::Now { since } = &due
            && rung != Some(since.timestamp())
        {
            rung = Some(since.timestamp());
            host.ring(&notice(suggestion, since));
        }
        let history = look.history.as_ref().map_err(String::as_str);
        let view = RemindView::new(&due, history, reminders, suggestion, &now);
        terminal
            .draw(|frame| screens::remind::render(frame, &view, theme))
            .map_err(|e| io::Error::other(e.to_string()))?;
        let event = events.next(Some(wait(&due, &now)))?;
        // A snooze runs from the key press, not from the last wake-up.
        let now = host.now();
        match event {
            Some(Event::Key(key)) if keymap::is_suspend(key) => {
                events.suspend()?;
                fit(terminal, true)?;
            }
            Some(Event::Key(key)) if key.kind == KeyEventKind::Press => {
                let is_due = matches!(due, Due::Now { .. });
                match (key.code, keymap::action(key)) {
                    (KeyCode::Char('s'), _) if is_due => {
                        host.snooze_until(&later(&now, reminders.snooze_mins));
                    }
                    (KeyCode::Char('x'), _) if is_due => {
                        host.snooze_until(&later(&now, reminders.every_mins));
                    }
                    (_, Some(Action::Confirm)) => {
                        host.stretch(terminal, events)?;
                        fit(terminal, true)?;
                    }
                    (_, Some(Action::Quit)) => return Ok(()),
                    _ => {}
                }
            }
            Some(Event::Resize(..) | Event::FocusGained) => fit(terminal, false)?,
            Some(_) | None => {}
        }
    }
}

/// What the notification says when a break falls due.
pub fn notice(suggestion: &Suggestion, since: &Zoned) -> Notice {
    Notice {
        summary: "Time for a stretch".to_owned(),
        body: format!(
            "{}, {} min. Due since {}: Enter in stretchy remind starts it.",
            suggestion.title,
            suggestion.minutes.max(1),
            since.strftime("%H:%M")
        ),
    }
}

/// `now` plus whole minutes.
fn later(now: &Zoned, minutes: u32) -> Zoned {
    now.checked_add(SignedDuration::from_mins(i64::from(minutes)))
        .unwrap_or_else(|_| now.clone())
}

/// How long to sleep: until the countdown's minute changes or the break falls due, at most
/// [`LONGEST_WAIT`].
pub fn wait(due: &Due, now: &Zoned) -> Duration {
    let Due::Later { at } = due else {
        return LONGEST_WAIT;
    };
    let left = at.timestamp().duration_since(now.timestamp());
    let left = Duration::try_from(left).unwrap_or_default();
    // The screen shows whole minutes rounded up: it changes when the time left crosses one.
    let to_change =
        Duration::from_nanos(u64::try_from(left.as_nanos() % 60_000_000_000).unwrap_or(0));
    let to_change = if to_change.is_zero() {
        LONGEST_WAIT
    } else {
        to_change
    };
    to_change.min(LONGEST_WAIT)
}

/// Resizes the terminal's buffers to the window; `redraw` forgets the last frame too (after a
/// routine or a suspend drew over it).
fn fit<B: Backend>(terminal: &mut Terminal<B>, redraw: bool) -> io::Result<()> {
    let other = |e: B::Error| io::Error::other(e.to_string());
    let area = Rect::from((Position::ORIGIN, terminal.size().map_err(other)?));
    if redraw || area != terminal.get_frame().area() {
        terminal.resize(area).map_err(other)?;
    }
    Ok(())
}

/// Sends a desktop notification over the D-Bus session bus, on a thread of its own so that a
/// slow bus never holds up the screen; the thread says whether the notification service took it.
/// Where there is no session bus (or no notification service) nothing happens and nothing is
/// printed.
pub fn notify(notice: &Notice) -> Option<std::thread::JoinHandle<bool>> {
    #[cfg(unix)]
    {
        let address = dbus::address(&std::env::var_os("DBUS_SESSION_BUS_ADDRESS")?)?;
        let uid = rustix::process::getuid().as_raw();
        let notice = notice.clone();
        std::thread::Builder::new()
            .name("notify".to_owned())
            .spawn(move || dbus::notify(&address, uid, &notice.summary, &notice.body))
            .ok()
    }
    #[cfg(not(unix))]
    {
        let _ = notice;
        None
    }
}
