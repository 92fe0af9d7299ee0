//! The app loop: draw, wait for a key or the next deadline (never a fixed tick), turn the input into
//! an [`Action`], update the state, hand the session's effects to the shell.
//!
//! Generic over the ratatui backend, the event source and the clock, so a test can drive the real
//! loop with `TestBackend`, scripted keys and a fake clock.

use std::io;
use std::time::{Duration, Instant};

use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::{Frame, Terminal};

use crate::audio::SoundStatus;
use crate::catalog::Entry;
use crate::clock::Clock;
use crate::history::{SessionRecord, Stats};
use crate::keymap::{self, Action, SESSION_KEYS};
use crate::pain;
use crate::plan::Plan;
use crate::plan::StepKind;
use crate::progress;
use crate::routine::Routine;
use crate::session::{Effect, Msg, Session, Status};
use crate::ui::{self, StatusLine, Theme, Tone};

/// Where input comes from: the terminal, or a script in tests.
pub trait Events {
    /// Waits up to `timeout` (forever when `None`) for the next event; `None` when the time is up.
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>>;
    /// Ctrl-Z: hand the terminal back, stop until the shell resumes us (`fg`), take it again.
    fn suspend(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Events from the real terminal.
#[derive(Debug, Default)]
pub struct TerminalEvents;

impl Events for TerminalEvents {
    fn suspend(&mut self) -> io::Result<()> {
        ratatui::restore();
        // The shell gets a visible cursor back (the next frame hides it again).
        ratatui::crossterm::execute!(io::stdout(), ratatui::crossterm::cursor::Show)?;
        // Raw mode turns Ctrl-Z into a key; do what the shell would have done with it.
        #[cfg(unix)]
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        // Here after `fg`.
        ratatui::crossterm::terminal::enable_raw_mode()?;
        ratatui::crossterm::execute!(
            io::stdout(),
            ratatui::crossterm::terminal::EnterAlternateScreen
        )
    }

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
    /// Carries out what one update of the session asked for: the cues first, then the records.
    /// A cue is due this instant, while writing a record waits for the disk (each line is synced,
    /// which took 160 ms on a busy disk): the record of a step that ended must not hold back the
    /// cue of the step that begins.
    fn apply_all(&mut self, effects: &[Effect], at: Instant) {
        let cues = effects.iter().filter(|e| matches!(e, Effect::Cue(_)));
        let records = effects.iter().filter(|e| matches!(e, Effect::Log(_)));
        for &effect in cues.chain(records) {
            self.apply(effect, at);
        }
    }
    /// The sound state and any problem, for the status line.
    fn status(&mut self) -> StatusLine {
        StatusLine::default()
    }
    /// Mute or unmute the cues.
    fn toggle_mute(&mut self) {}
    /// When the next cue is due (`None`: none is coming), so sound can sleep in between.
    fn next_cue(&mut self, _at: Option<Instant>) {}
    /// The sound player's state, for the plain mode, which has no status line to show it in
    /// (`None`: there is no player).
    fn sound(&mut self) -> Option<SoundStatus> {
        None
    }
}

/// Effects nobody listens to yet.
#[derive(Debug, Default)]
pub struct Ignore;

impl Effects for Ignore {
    fn apply(&mut self, _: Effect, _: Instant) {}
}

enum Screen {
    Home { selected: usize },
    Plan { entry: usize, scroll: u16 },
    Session(Box<Session>),
    History(Box<HistoryView>),
}

/// What the log says, read once: the history screen's numbers, how many log lines could not be
/// read, and the sessions themselves (for today's doses and the memory of pain).
#[derive(Debug, Clone)]
pub struct HistoryView {
    pub stats: Stats,
    pub unreadable: usize,
    pub sessions: Vec<SessionRecord>,
    /// The wall-clock time it was read at.
    pub now: jiff::Zoned,
}

impl HistoryView {
    /// Today's version of `routine`: doses grown or stepped back, and its recent pain.
    pub fn prepare(&self, routine: &Routine) -> Prepared {
        let doses = progress::doses(routine, &self.sessions);
        Prepared {
            routine: progress::apply(routine, &doses),
            memory: progress::pain_memory(routine, &self.sessions, &self.now),
            doses,
        }
    }
}

/// A routine as it will be played today.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub routine: Routine,
    pub doses: Vec<progress::Dose>,
    pub memory: Vec<progress::PainMemory>,
}

/// Reads the log and computes the history, when the screen needs it.
pub type HistoryLoader = Box<dyn Fn() -> HistoryView>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overlay {
    None,
    Help,
    ConfirmQuit,
    /// The pain questions, over the frozen session.
    Pain(pain::Dialog),
}

/// The whole interactive app: the routine list and, when one runs, its session.
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
    /// The latest status from the effects: sound state and problems.
    status: StatusLine,
    history: Option<HistoryLoader>,
    /// The log as last read (after the first frame, and again after each session).
    loaded: Option<Box<HistoryView>>,
    /// Recent pain of the running session's routine, recalled at each exercise's get-ready.
    memory: Vec<progress::PainMemory>,
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
            status: StatusLine::default(),
            history: None,
            loaded: None,
            memory: Vec::new(),
        }
    }

    /// Lets the home screen show the streak, and `h` open the history. The log is read after the
    /// first frame is drawn, so years of history never delay it.
    #[must_use]
    pub fn with_history(mut self, loader: HistoryLoader) -> App {
        self.history = Some(loader);
        self
    }

    /// Opens straight on the history screen; leaving it leaves the app.
    pub fn history(loader: HistoryLoader, theme: Theme) -> App {
        let view = loader();
        App {
            screen: Screen::History(Box::new(view)),
            exit_after_session: true,
            history: Some(loader),
            ..App::home(Vec::new(), theme, 1)
        }
    }

    fn open_history(&mut self) {
        self.reload();
        if let Some(view) = &self.loaded {
            self.screen = Screen::History(view.clone());
        }
    }

    /// Reads the log again, if there is one to read.
    fn reload(&mut self) {
        if let Some(loader) = &self.history {
            self.loaded = Some(Box::new(loader()));
        }
    }

    /// Back to the routine list, with the streak brought up to date.
    fn go_home(&mut self, selected: usize) {
        self.reload();
        self.screen = Screen::Home { selected };
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
            // Today's doses come from the log, so read it before starting.
            self.reload();
            self.start(index, clock.now(), effects);
        }
        while !self.done {
            let now = clock.now();
            let next_cue = match &self.screen {
                Screen::Session(session) => session.next_cue(),
                Screen::Home { .. } | Screen::Plan { .. } | Screen::History(_) => None,
            };
            effects.next_cue(next_cue);
            self.status = effects.status();
            terminal
                .draw(|frame| self.render(frame, now))
                .map_err(|e| io::Error::other(e.to_string()))?;
            if self.loaded.is_none()
                && self.history.is_some()
                && matches!(self.screen, Screen::Home { .. })
            {
                self.reload();
                continue;
            }
            let timeout = self
                .next_deadline(now)
                .map(|deadline| deadline.saturating_duration_since(now));
            let event = events.next(timeout)?;
            let now = clock.now();
            match event {
                Some(Event::Key(key)) if keymap::is_suspend(key) => {
                    events.suspend()?;
                    // Everything on screen is gone, and the window may have been resized while
                    // we were stopped (its resize event went to the shell): draw it all again.
                    fit(terminal, true)?;
                    self.tick(clock.now(), effects);
                }
                Some(Event::Key(key)) => match keymap::action(key) {
                    Some(action) => self.act(action, now, effects),
                    // Any other key closes an open overlay ("any other key: stay").
                    None if key.kind == KeyEventKind::Press => self.overlay = Overlay::None,
                    None => {}
                },
                Some(Event::Resize(..) | Event::FocusGained) => fit(terminal, false)?,
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
            Screen::Home { .. } | Screen::Plan { .. } | Screen::History(_) => None,
        }
    }

    /// Lets time pass: runs whatever the session has due by `now`.
    pub fn tick(&mut self, now: Instant, effects: &mut impl Effects) {
        self.send(Msg::Tick, now, effects);
    }

    fn send(&mut self, msg: Msg, now: Instant, effects: &mut impl Effects) {
        if let Screen::Session(session) = &mut self.screen {
            effects.apply_all(&session.update(msg, now), now);
        }
    }

    fn start(&mut self, index: usize, now: Instant, effects: &mut impl Effects) {
        let Some(entry) = self.entries.get(index) else {
            return;
        };
        let prepared = self
            .loaded
            .as_ref()
            .map(|view| view.prepare(&entry.routine));
        let (routine, memory) = match prepared {
            Some(p) => (p.routine, p.memory),
            None => (entry.routine.clone(), Vec::new()),
        };
        self.memory = memory;
        let entry = Entry {
            routine: routine.clone(),
            ..entry.clone()
        };
        let plan = Plan::new(&routine);
        effects.begin(&entry, &plan, self.speed);
        let (session, started) = Session::start(routine, plan, self.speed, now);
        effects.apply_all(&started, now);
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
            Overlay::Pain(mut dialog) => {
                self.overlay = match dialog.handle(action) {
                    pain::Outcome::Asking => Overlay::Pain(dialog),
                    pain::Outcome::Cancelled => Overlay::None,
                    pain::Outcome::Answered(answer) => {
                        self.send(Msg::PainAnswer(answer), now, effects);
                        Overlay::None
                    }
                };
                return;
            }
            Overlay::None => {}
        }
        if action == Action::Mute {
            effects.toggle_mute();
            return;
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
                Action::History => self.open_history(),
                Action::TogglePause
                | Action::Skip
                | Action::Back
                | Action::Pain
                | Action::Yes
                | Action::Mute
                | Action::Gentler
                | Action::Digit(_) => {}
            },
            Screen::History(_) => {
                if matches!(action, Action::Quit | Action::History | Action::Confirm) {
                    self.leave();
                }
            }
            Screen::Plan { entry, scroll } => match action {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = scroll.saturating_add(1),
                Action::Confirm => {
                    let index = *entry;
                    self.start(index, now, effects);
                }
                Action::Quit | Action::ShowPlan => {
                    let selected = *entry;
                    self.go_home(selected);
                }
                Action::Help => self.overlay = Overlay::Help,
                Action::History
                | Action::TogglePause
                | Action::Skip
                | Action::Back
                | Action::Pain
                | Action::Yes
                | Action::Mute
                | Action::Gentler
                | Action::Digit(_) => {}
            },
            Screen::Session(session) if session.is_finished() => {
                if matches!(action, Action::Confirm | Action::Quit) {
                    self.leave();
                }
            }
            Screen::Session(_) => self.act_in_session(action, now, effects),
        }
    }

    /// A key during a running session becomes a message to the engine, or opens an overlay.
    fn act_in_session(&mut self, action: Action, now: Instant, effects: &mut impl Effects) {
        let msg = match action {
            Action::TogglePause => Msg::TogglePause,
            Action::Skip => Msg::Skip,
            Action::Back => Msg::Back,
            Action::Confirm => Msg::Done,
            Action::Pain => {
                // Freeze first, then ask.
                self.send(Msg::Pain, now, effects);
                self.overlay = Overlay::Pain(pain::Dialog::new());
                return;
            }
            Action::Gentler => Msg::Gentler,
            Action::Help => {
                self.overlay = Overlay::Help;
                return;
            }
            Action::Quit => {
                self.overlay = Overlay::ConfirmQuit;
                return;
            }
            Action::Up
            | Action::Down
            | Action::ShowPlan
            | Action::Yes
            | Action::History
            | Action::Mute
            | Action::Digit(_) => return,
        };
        self.send(msg, now, effects);
    }

    /// Leaves a summary or the history: home, or out of the app when it was opened for just that.
    fn leave(&mut self) {
        if self.exit_after_session {
            self.done = true;
        } else {
            self.go_home(0);
        }
    }

    /// Draws the current screen and overlay as they are at `now`.
    pub fn render(&self, frame: &mut Frame, now: Instant) {
        match &self.screen {
            Screen::Home { selected } => {
                ui::home::render_home(
                    frame,
                    &self.entries,
                    *selected,
                    self.loaded
                        .as_ref()
                        .map(|v| streak_line(&v.stats))
                        .as_deref(),
                    self.loaded
                        .as_ref()
                        .and_then(|v| self.entries.get(*selected).map(|e| v.prepare(&e.routine)))
                        .as_ref(),
                    self.theme,
                );
            }
            Screen::History(view) => {
                ui::history::render(frame, &view.stats, view.unreadable, self.theme);
            }
            Screen::Plan { entry, scroll } => {
                if let Some(entry) = self.entries.get(*entry) {
                    let today = self.loaded.as_ref().map(|v| v.prepare(&entry.routine));
                    ui::home::render_plan(frame, entry, today.as_ref(), *scroll, self.theme);
                }
            }
            Screen::Session(session) => {
                let view = session.view(now);
                let mut status = self.status.clone();
                if view.step.kind == StepKind::GetReady {
                    status.recall = self
                        .memory
                        .iter()
                        .find(|m| Some(m.exercise) == view.step.exercise)
                        .map(progress::PainMemory::line);
                }
                ui::session::render(frame, &view, &status, self.theme);
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
            Overlay::Pain(dialog) => ui::pain::render(frame, &dialog, self.theme),
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

/// Sizes the drawing to the terminal, asking it its size. Only on a resize, a focus change or a
/// resume: the app's terminal has a fixed viewport, so frames do not ask (see `run_tui`). With
/// `redraw`, everything is cleared and drawn again even if the size is the same.
fn fit<B: Backend>(terminal: &mut Terminal<B>, redraw: bool) -> io::Result<()> {
    let other = |e: B::Error| io::Error::other(e.to_string());
    let area = Rect::from((Position::ORIGIN, terminal.size().map_err(other)?));
    if redraw || area != terminal.get_frame().area() {
        // Clears the screen and forgets the last frame, so the next one is drawn whole.
        terminal.resize(area).map_err(other)?;
    }
    Ok(())
}

/// "Streak 3 days · last: Desk reset, yesterday" for the home screen.
pub fn streak_line(stats: &Stats) -> String {
    let streak = match stats.current_streak {
        1 => "Streak 1 day".to_owned(),
        n => format!("Streak {n} days"),
    };
    let Some(last) = &stats.last_session else {
        return format!("{streak} · no sessions yet");
    };
    let when = match (stats.today - last.date).get_days() {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        n if n > 1 => format!("{n} days ago"),
        _ => last.date.to_string(),
    };
    format!("{streak} · last: {}, {when}", last.title)
}
