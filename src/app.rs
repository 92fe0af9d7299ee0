//! The app loop: draw, wait for a key or the next deadline (never a fixed tick), turn the input into
//! an [`Action`], update the state, hand the session's effects to the shell.
//!
//! Generic over the ratatui backend, the event source and the clock, so a test can drive the real
//! loop with `TestBackend`, scripted keys and a fake clock.

use std::io;
use std::time::{Duration, Instant};

use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::{Frame, Terminal};

use crate::catalog::Entry;
use crate::clock::Clock;
use crate::keymap::{self, Action, SESSION_KEYS};
use crate::plan::Plan;
use crate::session::{Effect, Msg, Session, Status};
use crate::ui::{self, Theme, Tone};

/// Where input comes from: the terminal, or a script in tests.
pub trait Events {
    /// Waits up to `timeout` (forever when `None`) for the next event; `None` when the time is up.
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>>;
}

/// Events from the real terminal.
#[derive(Debug, Default)]
pub struct TerminalEvents;

impl Events for TerminalEvents {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>> {
        // poll() counts whole milliseconds; one more keeps us from waking just before a deadline
        // and drawing a frame with nothing new in it.
        match timeout {
            Some(t) if !event::poll(t + Duration::from_millis(1))? => Ok(None),
            _ => event::read().map(Some),
        }
    }
}

/// Where a session's effects go: sound and the log in the app, a recorder in tests.
pub trait Effects {
    /// A session of `entry` is starting, with this plan and speed.
    fn begin(&mut self, _entry: &Entry, _plan: &Plan, _speed: u32) {}
    fn apply(&mut self, effect: Effect, at: Instant);
    /// Something the person should know about the effects (sound off, log not saved).
    fn notice(&mut self) -> Option<String> {
        None
    }
}

/// Effects nobody listens to yet.
#[derive(Debug, Default)]
pub struct Ignore;

impl Effects for Ignore {
    fn apply(&mut self, _: Effect, _: Instant) {}
}

#[derive(Debug)]
enum Screen {
    Home { selected: usize },
    Plan { entry: usize, scroll: u16 },
    Session(Box<Session>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overlay {
    None,
    Help,
    ConfirmQuit,
}

/// The whole interactive app: the routine list and, when one runs, its session.
#[derive(Debug)]
pub struct App {
    entries: Vec<Entry>,
    screen: Screen,
    overlay: Overlay,
    theme: Theme,
    speed: u32,
    /// Started with `stretchy run`: leave the app when the session's summary is closed.
    exit_after_session: bool,
    /// A routine to start as soon as the loop runs (it needs the clock).
    pending_start: Option<usize>,
    done: bool,
    /// The latest notice from the effects, shown in the status line.
    notice: Option<String>,
}

impl App {
    /// The home screen with these routines.
    pub fn home(entries: Vec<Entry>, theme: Theme, speed: u32) -> App {
        App {
            entries,
            screen: Screen::Home { selected: 0 },
            overlay: Overlay::None,
            theme,
            speed,
            exit_after_session: false,
            pending_start: None,
            done: false,
            notice: None,
        }
    }

    /// Straight into a session of `entry`; the app ends when its summary is closed.
    pub fn session(entry: Entry, theme: Theme, speed: u32) -> App {
        App {
            pending_start: Some(0),
            exit_after_session: true,
            ..App::home(vec![entry], theme, speed)
        }
    }

    /// Runs until the person leaves. Draws only after something changed: a key, a resize, or a
    /// deadline of the session (the next second of the countdown, a cue, a transition).
    pub fn run<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        events: &mut impl Events,
        clock: &impl Clock,
        effects: &mut impl Effects,
    ) -> io::Result<()> {
        if let Some(index) = self.pending_start.take() {
            self.start(index, clock.now(), effects);
        }
        while !self.done {
            self.notice = effects.notice();
            let now = clock.now();
            terminal
                .draw(|frame| self.render(frame, now))
                .map_err(|e| io::Error::other(e.to_string()))?;
            let timeout = self
                .next_deadline(now)
                .map(|deadline| deadline.saturating_duration_since(now));
            let event = events.next(timeout)?;
            let now = clock.now();
            match event {
                Some(Event::Key(key)) => match keymap::action(key) {
                    Some(action) => self.act(action, now, effects),
                    // Any other key closes an open overlay ("any other key: stay").
                    None if key.kind == KeyEventKind::Press => self.overlay = Overlay::None,
                    None => {}
                },
                Some(Event::Resize(..) | Event::FocusGained) => {
                    terminal
                        .autoresize()
                        .map_err(|e| io::Error::other(e.to_string()))?;
                }
                Some(_) => {}
                None => self.tick(now, effects),
            }
        }
        Ok(())
    }

    /// When the app next needs to wake if no key is pressed.
    pub fn next_deadline(&self, now: Instant) -> Option<Instant> {
        match &self.screen {
            Screen::Session(session) => session.next_deadline(now),
            Screen::Home { .. } | Screen::Plan { .. } => None,
        }
    }

    /// Lets time pass: runs whatever the session has due by `now`.
    pub fn tick(&mut self, now: Instant, effects: &mut impl Effects) {
        self.send(Msg::Tick, now, effects);
    }

    fn send(&mut self, msg: Msg, now: Instant, effects: &mut impl Effects) {
        if let Screen::Session(session) = &mut self.screen {
            for effect in session.update(msg, now) {
                effects.apply(effect, now);
            }
        }
    }

    fn start(&mut self, index: usize, now: Instant, effects: &mut impl Effects) {
        let Some(entry) = self.entries.get(index) else {
            return;
        };
        let routine = entry.routine.clone();
        let plan = Plan::new(&routine);
        effects.begin(entry, &plan, self.speed);
        let (session, started) = Session::start(routine, plan, self.speed, now);
        for effect in started {
            effects.apply(effect, now);
        }
        self.screen = Screen::Session(Box::new(session));
        self.overlay = Overlay::None;
    }

    /// What an action does depends on the screen and on any overlay.
    pub fn act(&mut self, action: Action, now: Instant, effects: &mut impl Effects) {
        match self.overlay {
            Overlay::Help => {
                self.overlay = Overlay::None;
                return;
            }
            Overlay::ConfirmQuit => {
                self.overlay = Overlay::None;
                if matches!(action, Action::Yes | Action::Quit) {
                    self.send(Msg::Quit, now, effects);
                }
                return;
            }
            Overlay::None => {}
        }
        match &mut self.screen {
            Screen::Home { selected } => match action {
                Action::Up => *selected = selected.saturating_sub(1),
                Action::Down => {
                    *selected = (*selected + 1).min(self.entries.len().saturating_sub(1));
                }
                Action::Confirm => {
                    let index = *selected;
                    self.start(index, now, effects);
                }
                Action::ShowPlan => {
                    self.screen = Screen::Plan {
                        entry: *selected,
                        scroll: 0,
                    };
                }
                Action::Quit => self.done = true,
                Action::Help => self.overlay = Overlay::Help,
                Action::TogglePause | Action::Skip | Action::Back | Action::Pain | Action::Yes => {}
            },
            Screen::Plan { entry, scroll } => match action {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = scroll.saturating_add(1),
                Action::Confirm => {
                    let index = *entry;
                    self.start(index, now, effects);
                }
                Action::Quit | Action::ShowPlan => {
                    self.screen = Screen::Home { selected: *entry };
                }
                Action::Help => self.overlay = Overlay::Help,
                Action::TogglePause | Action::Skip | Action::Back | Action::Pain | Action::Yes => {}
            },
            Screen::Session(session) if session.is_finished() => match action {
                Action::Confirm | Action::Quit => {
                    if self.exit_after_session {
                        self.done = true;
                    } else {
                        self.screen = Screen::Home { selected: 0 };
                    }
                }
                _ => {}
            },
            Screen::Session(_) => {
                let msg = match action {
                    Action::TogglePause => Msg::TogglePause,
                    Action::Skip => Msg::Skip,
                    Action::Back => Msg::Back,
                    Action::Confirm => Msg::Done,
                    Action::Pain => Msg::Pain,
                    Action::Help => {
                        self.overlay = Overlay::Help;
                        return;
                    }
                    Action::Quit => {
                        self.overlay = Overlay::ConfirmQuit;
                        return;
                    }
                    Action::Up | Action::Down | Action::ShowPlan | Action::Yes => return,
                };
                self.send(msg, now, effects);
            }
        }
    }

    /// Draws the current screen and overlay as they are at `now`.
    pub fn render(&self, frame: &mut Frame, now: Instant) {
        match &self.screen {
            Screen::Home { selected } => {
                ui::home::render_home(frame, &self.entries, *selected, self.theme);
            }
            Screen::Plan { entry, scroll } => {
                if let Some(entry) = self.entries.get(*entry) {
                    ui::home::render_plan(frame, entry, *scroll, self.theme);
                }
            }
            Screen::Session(session) => {
                ui::session::render(
                    frame,
                    &session.view(now),
                    self.notice.as_deref(),
                    self.theme,
                );
            }
        }
        match self.overlay {
            Overlay::None => {}
            Overlay::Help => {
                let lines = SESSION_KEYS
                    .iter()
                    .map(|(keys, what)| format!("{keys:<8} {what}").into())
                    .chain(["".into(), "any key closes this".into()])
                    .collect();
                ui::popup(frame, "keys", lines, self.theme.style(Tone::Accent));
            }
            Overlay::ConfirmQuit => {
                let paused = matches!(
                    &self.screen,
                    Screen::Session(s) if matches!(s.view(now).status, Status::Paused(_))
                );
                let mut lines = vec![
                    "End this session now?".into(),
                    "y: end · any other key: stay".into(),
                ];
                if !paused {
                    lines.insert(1, "(the timer keeps running)".into());
                }
                ui::popup(frame, "end session", lines, self.theme.style(Tone::Paused));
            }
        }
    }
}
