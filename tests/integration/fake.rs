//! Stand-ins for the outside world: a clock that moves only when told, scripted key presses, and a
//! recorder of the effects the app hands out.

use std::cell::Cell;
use std::collections::VecDeque;
use std::io;
use std::rc::Rc;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use stretchy::clock::Clock;
use stretchy::core::session::Effect;
use stretchy::tui::app::{Effects, Events};

/// A clock shared with the scripted events, which move it forward.
#[derive(Clone)]
pub struct FakeClock {
    pub t0: Instant,
    now: Rc<Cell<Instant>>,
}

impl FakeClock {
    pub fn new() -> FakeClock {
        let t0 = Instant::now();
        FakeClock {
            t0,
            now: Rc::new(Cell::new(t0)),
        }
    }

    pub fn at(&self, offset: Duration) -> Instant {
        self.t0 + offset
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.now.get()
    }
}

/// Key presses at fixed times after `t0`. Waiting moves the clock exactly to the deadline asked
/// for, or to the next key press if that comes first.
pub struct Script {
    clock: FakeClock,
    keys: VecDeque<(Duration, Event)>,
    /// How long the program stays stopped after a Ctrl-Z, until `fg`.
    stopped: Duration,
}

impl Script {
    pub fn new(clock: &FakeClock, keys: &[(u64, KeyCode)]) -> Script {
        Script {
            clock: clock.clone(),
            keys: keys
                .iter()
                .map(|&(ms, code)| {
                    (
                        Duration::from_millis(ms),
                        Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
                    )
                })
                .collect(),
            stopped: Duration::ZERO,
        }
    }

    /// Adds a Ctrl-Z at `ms` after which the program stays stopped for `stopped_ms` (the clock
    /// moves on meanwhile), until `fg`.
    pub fn with_ctrl_z(mut self, ms: u64, stopped_ms: u64) -> Script {
        let at = Duration::from_millis(ms);
        let ctrl_z = Event::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
        let i = self.keys.partition_point(|&(t, _)| t <= at);
        self.keys.insert(i, (at, ctrl_z));
        self.stopped = Duration::from_millis(stopped_ms);
        self
    }
}

impl Events for Script {
    fn suspend(&mut self) -> io::Result<()> {
        let now = self.clock.now();
        self.clock.now.set(now + self.stopped);
        Ok(())
    }

    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>> {
        let now = self.clock.now();
        let wake = timeout.map(|t| now + t);
        match self.keys.front() {
            Some(&(at, _)) if wake.is_none_or(|w| self.clock.at(at) <= w) => {
                self.clock.now.set(self.clock.at(at).max(now));
                Ok(self.keys.pop_front().map(|(_, e)| e))
            }
            _ => match wake {
                Some(w) => {
                    self.clock.now.set(w);
                    Ok(None)
                }
                None => Err(io::Error::other(
                    "the script ran out while the app waits for a key",
                )),
            },
        }
    }
}

/// Every effect with the time it was handed out.
#[derive(Default)]
pub struct Recorder {
    pub effects: Vec<(Instant, Effect)>,
}

impl Effects for Recorder {
    fn apply(&mut self, effect: Effect, at: Instant) {
        self.effects.push((at, effect));
    }
}
