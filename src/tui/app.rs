//! The app loop: draw, wait for a key or the next deadline (never a fixed tick), turn the input
//! into an [`Action`], update the state, hand the session's effects to the shell.
//!
//! Generic over the ratatui backend, the event source and the clock, so a test can drive the real
//! loop with `TestBackend`, scripted keys and a fake clock.

use std::cell::Cell;
use std::io;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::{Frame, Terminal};

use crate::audio::SoundStatus;
use crate::clock::Clock;
use crate::core::history::{ExerciseNames, SessionRecord, Stats};
use crate::core::pain;
use crate::core::plan::Plan;
use crate::core::plan::StepKind;
use crate::core::progress::{self, Growth, Prepared};
use crate::core::reminder::{self, Due};
use crate::core::routine::Routine;
use crate::core::session::{Effect, Msg, Session, Status};
use crate::storage::catalog::{Broken, Entry};
use crate::tui::keymap::{self, Action};
use crate::tui::screens::home::{HomeStatus, HomeView, RoutineCard, Today};
use crate::tui::screens::plan::PlanView;
use crate::tui::screens::summary::{Recap, Standing};
use crate::tui::screens::{self, StatusLine, Theme, Tone};

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
    /// Why the session's records could not all be written to the log, in a few words ("disk
    /// full"); `None` when they were.
    fn unsaved(&mut self) -> Option<String> {
        None
    }
}

enum Screen {
    Home {
        selected: usize,
    },
    Plan {
        entry: usize,
        view: Box<PlanView>,
        scroll: u16,
        /// How the plan fitted when last drawn: the last step at the bottom, a page's rows.
        fit: Cell<screens::Fit>,
    },
    Session(Box<Session>),
    /// The history, drawn from `App::figures` ("reading your history…" until it is read).
    History,
    /// "Before you start": the screening text.
    Safety(SafetyScreen),
}

/// The screening text on screen, and where it leads.
struct SafetyScreen {
    /// The routine to start once it is read (`None`: opened from home to read it).
    then: Option<usize>,
    /// The routine chosen on the home screen, to go back to.
    selected: usize,
    scroll: u16,
    /// How the text fitted when last drawn, for the keys that scroll.
    fit: Cell<screens::safety::Fit>,
}

/// Remembers that the safety text was read (the state file in the app).
pub type RememberSafety = Box<dyn FnMut()>;

/// Remembers the id of the routine started (the state file in the app), for the next launch.
pub type RememberRoutine = Box<dyn FnMut(&str)>;

/// What the log says, read once: the history screen's numbers, how many log lines could not be
/// read, and the sessions themselves (for today's doses and the memory of pain).
#[derive(Debug, Clone)]
pub struct HistoryView {
    pub stats: Stats,
    pub unreadable: usize,
    pub sessions: Vec<SessionRecord>,
    /// The wall-clock time it was read at, and the monotonic one, so that a countdown shown
    /// later needs no clock of its own.
    pub now: jiff::Zoned,
    pub read_at: Instant,
    /// When the next break is due, as of `now` (`Due::Off` when reminders are off).
    pub reminder: Due,
}

impl HistoryView {
    /// Today's version of `routine`: doses grown or stepped back, and its recent pain.
    pub fn prepare(&self, routine: &Routine) -> Prepared {
        progress::prepare(routine, &self.sessions, &self.now)
    }
}

/// Reads the log and computes the history, when the screen needs it. The first read runs on a
/// worker thread, so it must be `Send`.
pub type HistoryLoader = Box<dyn Fn() -> HistoryView + Send + Sync>;

/// How often the loop looks for the log while a worker reads it: crossterm's wait wakes only on
/// terminal events, so the wait is cut short this often, and only while the read is under way.
const LOADING_POLL: Duration = Duration::from_millis(10);

/// `run X` waits this long for the log before it draws a "reading your history…" frame: a warm
/// cache is read within it (about 12 ms for ten years), a cold one takes ~100 ms, and either way
/// a first frame is on screen within the 30 ms budget.
const RUN_WAIT: Duration = Duration::from_millis(15);

/// Rows Page Up and Page Down move the history by: most of a small window.
const HISTORY_PAGE: u16 = 8;

/// What the history screen draws, kept from the log as last read.
#[derive(Debug, Clone)]
struct Figures {
    stats: Stats,
    unreadable: usize,
    /// The routines' exercise names, to show pain reports by.
    names: ExerciseNames,
}

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
    /// The user's routine files that cannot be used: listed after the routines, never started.
    broken: Vec<Broken>,
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
    history: Option<Arc<dyn Fn() -> HistoryView + Send + Sync>>,
    /// The log being read on a worker thread (the first read, so the first frame never waits).
    loading: Option<Receiver<HistoryView>>,
    /// The history screen's figures from the log as last read (after the first frame, and again
    /// after each session); `None` until it has been read.
    figures: Option<Figures>,
    /// The home screen, prepared from the routines and the log as last read: today's doses,
    /// recent pain and lengths are worked out once, not at each frame.
    home: HomeView,
    /// Recent pain of the running session's exercises (in any routine), recalled at each
    /// exercise's get-ready, which waits for an answer.
    memory: Vec<progress::PainMemory>,
    /// The safety text has not been read yet: it comes before the first session, and this
    /// remembers that it was.
    safety_due: Option<RememberSafety>,
    /// Told the id of each routine started.
    remember_routine: Option<RememberRoutine>,
    /// The row the home screen comes back to: the routine started last, or the one chosen when
    /// the history was opened.
    chosen: usize,
    /// Per routine, what grew since its last session (from the log as last read).
    growth: Vec<Vec<Growth>>,
    /// What the running (or just ended) session's summary says beyond the session itself.
    recap: Recap,
    /// How far the history screen is scrolled, and the most it can be (as last drawn).
    history_scroll: u16,
    history_max_scroll: Cell<u16>,
    /// The next break as the log was last read: home's "next stretch in 23m" counts down from it.
    reminder: Option<Countdown>,
}

/// A break's due time as read, with the wall and monotonic times of the read, so that home's
/// countdown moves on with the monotonic clock alone.
#[derive(Debug, Clone)]
struct Countdown {
    due: Due,
    read: jiff::Zoned,
    read_at: Instant,
}

impl Countdown {
    /// The wall-clock time at `now`, from the read's.
    fn wall(&self, now: Instant) -> jiff::Zoned {
        let since = jiff::SignedDuration::try_from(now.saturating_duration_since(self.read_at))
            .unwrap_or(jiff::SignedDuration::ZERO);
        self.read
            .checked_add(since)
            .unwrap_or_else(|_| self.read.clone())
    }

    /// "next stretch in 23m" or "stretch due now" at `now`; `None` when reminders are off or it
    /// is outside working hours.
    fn line(&self, now: Instant) -> Option<String> {
        reminder::next_stretch_line(&self.due, &self.wall(now))
    }

    /// When that line next changes: when the minutes left (rounded up) go down by one, or the
    /// break falls due. `None` when it never will.
    fn next_change(&self, now: Instant) -> Option<Instant> {
        let Due::Later { at } = &self.due else {
            return None;
        };
        let left = at.timestamp().duration_since(self.wall(now).timestamp());
        let left_ms = u64::try_from(left.as_millis()).ok().filter(|&ms| ms > 0)?;
        let to_next = match left_ms % 60_000 {
            0 => 60_000,
            rest => rest,
        };
        Some(now + Duration::from_millis(to_next))
    }
}

impl App {
    /// The home screen with these routines.
    pub fn home(entries: Vec<Entry>, theme: Theme, speed: u32) -> App {
        App {
            home: home_view(&entries, &[], None),
            entries,
            broken: Vec::new(),
            screen: Screen::Home { selected: 0 },
            overlay: Overlay::None,
            theme,
            speed,
            exit_after_session: false,
            pending_start: None,
            done: false,
            status: StatusLine::default(),
            history: None,
            loading: None,
            figures: None,
            memory: Vec::new(),
            safety_due: None,
            remember_routine: None,
            chosen: 0,
            growth: Vec::new(),
            recap: Recap::default(),
            history_scroll: 0,
            history_max_scroll: Cell::new(0),
            reminder: None,
        }
    }

    /// Lists these broken routine files after the routines, with what is wrong, never to start.
    #[must_use]
    pub fn with_broken(mut self, broken: Vec<Broken>) -> App {
        self.home = home_view(&self.entries, &broken, None);
        self.broken = broken;
        self
    }

    /// Opens the home screen on the routine at `index` (the one last started).
    #[must_use]
    pub fn choosing(mut self, index: usize) -> App {
        if let Screen::Home { selected } = &mut self.screen {
            *selected = index.min(self.entries.len().saturating_sub(1));
        }
        self.chosen = index;
        self
    }

    /// Calls `remember` with the id of each routine started.
    #[must_use]
    pub fn remembering(mut self, remember: RememberRoutine) -> App {
        self.remember_routine = Some(remember);
        self
    }

    /// Shows the safety text ("Before you start") before the first session; `remember` is called
    /// once it has been read (Enter), so it is not shown again.
    #[must_use]
    pub fn with_safety_screen(mut self, remember: RememberSafety) -> App {
        self.safety_due = Some(remember);
        self
    }

    /// Lets the home screen show the streak, and `h` open the history. The loop reads the log
    /// on a worker thread, so years of history never delay the first frame.
    #[must_use]
    pub fn with_history(mut self, loader: HistoryLoader) -> App {
        self.history = Some(Arc::from(loader));
        self
    }

    /// Opens straight on the history screen; leaving it leaves the app. `entries` name the
    /// exercises in pain reports.
    pub fn history(entries: Vec<Entry>, loader: HistoryLoader, theme: Theme) -> App {
        App {
            screen: Screen::History,
            exit_after_session: true,
            ..App::home(entries, theme, 1).with_history(loader)
        }
    }

    fn open_history(&mut self) {
        if self.loading.is_some() {
            self.wait_for_history();
        } else {
            self.reload();
        }
        if self.figures.is_some() {
            self.history_scroll = 0;
            self.screen = Screen::History;
        }
    }

    /// Reads the log again, if there is one to read, and prepares the home screen from it.
    fn reload(&mut self) {
        if let Some(loader) = &self.history {
            let view = loader();
            self.take_history(&view);
        }
    }

    /// Starts reading the log on a worker thread, if there is one and it has not been read.
    fn load_in_background(&mut self) {
        let Some(loader) = &self.history else {
            return;
        };
        if self.figures.is_some() || self.loading.is_some() {
            return;
        }
        let loader = Arc::clone(loader);
        let (send, receive) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("history".to_owned())
            .spawn(move || {
                // The app may be gone by the time it is read; then nobody needs it.
                let _ = send.send(loader());
            });
        match spawned {
            Ok(_) => {
                self.loading = Some(receive);
                self.home.status = HomeStatus::Reading;
            }
            // No thread to be had: read it here, late rather than never.
            Err(_) => self.reload(),
        }
    }

    /// Takes the log from the worker if it has been read by now (or within `wait`).
    fn receive_history(&mut self, wait: Duration) {
        let Some(receive) = &self.loading else {
            return;
        };
        match receive.recv_timeout(wait) {
            Ok(view) => {
                self.loading = None;
                self.take_history(&view);
            }
            Err(RecvTimeoutError::Timeout) => {}
            // The worker ended without an answer (it panicked): read the log here instead.
            Err(RecvTimeoutError::Disconnected) => {
                self.loading = None;
                self.reload();
            }
        }
    }

    /// Waits for the worker's read: today's doses must come from the log before a session
    /// starts.
    fn wait_for_history(&mut self) {
        while self.loading.is_some() {
            self.receive_history(Duration::from_secs(1));
        }
    }

    /// Prepares the home screen and the history's figures from the log as read.
    fn take_history(&mut self, view: &HistoryView) {
        self.home = home_view(&self.entries, &self.broken, Some(view));
        let countdown = Countdown {
            due: view.reminder.clone(),
            read: view.now.clone(),
            read_at: view.read_at,
        };
        self.home.reminder = countdown.line(view.read_at);
        self.reminder = Some(countdown);
        self.growth = (self.entries.iter())
            .map(|e| progress::growth(&e.routine, &view.sessions))
            .collect();
        self.figures = Some(Figures {
            stats: view.stats.clone(),
            unreadable: view.unreadable,
            names: ExerciseNames::new(self.entries.iter().map(|e| &e.routine)),
        });
    }

    /// The plan of the routine at `index`, planned once here.
    fn open_plan(&mut self, index: usize) {
        if let Some(card) = self.home.routines.get(index) {
            self.screen = Screen::Plan {
                entry: index,
                view: Box::new(PlanView::new(card)),
                scroll: 0,
                // Not drawn yet: no bound known.
                fit: Cell::new(screens::Fit {
                    max_scroll: u16::MAX,
                    page: 1,
                }),
            };
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
        self.load_in_background();
        if let Some(index) = self.pending_start.take() {
            // Today's doses come from the log, so it is read before starting; a frame says so
            // when that takes a while (a cold cache).
            self.receive_history(RUN_WAIT);
            if self.loading.is_some() {
                terminal
                    .draw(|frame| {
                        let style = self.theme.style(Tone::Dim);
                        screens::popup(frame, "stretchy", vec![screens::READING.into()], style);
                    })
                    .map_err(|e| io::Error::other(e.to_string()))?;
                self.wait_for_history();
            }
            self.begin(index, 0, clock.now(), effects);
        }
        while !self.done {
            self.receive_history(Duration::ZERO);
            let now = clock.now();
            let next_cue = match &self.screen {
                Screen::Session(session) => session.next_cue(),
                Screen::Home { .. } | Screen::Plan { .. } | Screen::History | Screen::Safety(_) => {
                    None
                }
            };
            effects.next_cue(next_cue);
            self.status = effects.status();
            terminal
                .draw(|frame| self.render(frame, now))
                .map_err(|e| io::Error::other(e.to_string()))?;
            let mut timeout = self
                .next_deadline(now)
                .map(|deadline| deadline.saturating_duration_since(now));
            if self.loading.is_some() {
                timeout = Some(timeout.map_or(LOADING_POLL, |t| t.min(LOADING_POLL)));
            }
            let event = events.next(timeout)?;
            let now = clock.now();
            match event {
                Some(Event::Key(key)) if keymap::is_suspend(key) => {
                    // A suspend the person chose is a pause: the session waits, paused, for
                    // their return, and the time stopped never counts as done.
                    self.send(Msg::Suspend, now, effects);
                    events.suspend()?;
                    // Everything on screen is gone, and the window may have been resized while
                    // we were stopped (its resize event went to the shell): draw it all again.
                    fit(terminal, true)?;
                    self.tick(clock.now(), effects);
                }
                Some(Event::Key(key)) => match (keymap::page(key), keymap::action(key)) {
                    (Some(page), _)
                        if self.overlay == Overlay::None
                            && matches!(
                                self.screen,
                                Screen::Safety(_)
                                    | Screen::Home { .. }
                                    | Screen::History
                                    | Screen::Plan { .. }
                            ) =>
                    {
                        self.page(page);
                    }
                    (_, Some(action)) => self.act(action, now, effects),
                    // Any other key closes an open overlay ("any other key: stay").
                    (_, None) if key.kind == KeyEventKind::Press => self.overlay = Overlay::None,
                    (_, None) => {}
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
            Screen::Home { .. } => (self.reminder.as_ref()).and_then(|r| r.next_change(now)),
            Screen::Plan { .. } | Screen::History | Screen::Safety(_) => None,
        }
    }

    /// Lets time pass: runs whatever the session has due by `now`.
    pub fn tick(&mut self, now: Instant, effects: &mut impl Effects) {
        if let Some(countdown) = &self.reminder {
            self.home.reminder = countdown.line(now);
        }
        self.send(Msg::Tick, now, effects);
    }

    fn send(&mut self, msg: Msg, now: Instant, effects: &mut impl Effects) {
        let Screen::Session(session) = &mut self.screen else {
            return;
        };
        let was_finished = session.is_finished();
        let produced = session.update(msg, now);
        effects.apply_all(&produced, now);
        self.recap.note(&produced, session.plan());
        if !was_finished && session.is_finished() {
            self.finish_recap(effects);
        }
    }

    /// The session has ended and its records are written (or not): the summary learns whether
    /// they were saved and, from the log read again, where the streak and the week stand now.
    fn finish_recap(&mut self, effects: &mut impl Effects) {
        self.recap.unsaved = effects.unsaved();
        if self.recap.unsaved.is_some() || self.speed > 1 {
            return;
        }
        self.reload();
        self.recap.standing = self.figures.as_ref().map(|f| Standing::of(&f.stats));
    }

    /// Starts the routine at `index`, after the safety text if it has not been read yet
    /// (`selected` is where the home screen goes back to if the person leaves it).
    fn begin(&mut self, index: usize, selected: usize, now: Instant, effects: &mut impl Effects) {
        if self.safety_due.is_some() {
            self.open_safety(Some(index), selected);
        } else {
            self.start(index, now, effects);
        }
    }

    fn open_safety(&mut self, then: Option<usize>, selected: usize) {
        self.screen = Screen::Safety(SafetyScreen {
            then,
            selected,
            scroll: 0,
            fit: Cell::default(),
        });
    }

    /// Enter on the safety text: it has been read. On to the session it came before, or home.
    fn safety_read(
        &mut self,
        then: Option<usize>,
        selected: usize,
        now: Instant,
        effects: &mut impl Effects,
    ) {
        if let Some(mut remember) = self.safety_due.take() {
            remember();
        }
        match then {
            Some(index) => self.start(index, now, effects),
            None => self.screen = Screen::Home { selected },
        }
    }

    /// Scrolls a long text a page (or to an end) at a time; on the home screen, goes to the first
    /// or the last routine.
    pub fn page(&mut self, page: keymap::Page) {
        if let Screen::Home { selected } = &mut self.screen {
            *selected = match page {
                keymap::Page::Up | keymap::Page::Top => 0,
                keymap::Page::Down | keymap::Page::Bottom => self.home.rows().saturating_sub(1),
            };
        }
        if matches!(self.screen, Screen::History) {
            let max = self.history_max_scroll.get();
            self.history_scroll = match page {
                keymap::Page::Up => self.history_scroll.saturating_sub(HISTORY_PAGE),
                keymap::Page::Down => self.history_scroll.saturating_add(HISTORY_PAGE).min(max),
                keymap::Page::Top => 0,
                keymap::Page::Bottom => max,
            };
        }
        if let Screen::Safety(safety) = &mut self.screen {
            safety.scroll = safety.fit.get().paged(safety.scroll, page);
        }
        if let Screen::Plan { scroll, fit, .. } = &mut self.screen {
            *scroll = fit.get().paged(*scroll, page);
        }
    }

    fn start(&mut self, index: usize, now: Instant, effects: &mut impl Effects) {
        self.wait_for_history();
        let Some(entry) = self.entries.get(index) else {
            return;
        };
        self.chosen = index;
        if let Some(remember) = &mut self.remember_routine {
            remember(&entry.routine.id);
        }
        // Prepared with the home screen when the log was read.
        let prepared = (self.home.routines.get(index)).and_then(|card| card.today.clone());
        let (routine, memory) = match prepared {
            Some(p) => (p.routine, p.memory),
            None => (entry.routine.clone(), Vec::new()),
        };
        self.memory = memory;
        self.recap = Recap::new(self.growth.get(index).cloned().unwrap_or_default());
        let entry = Entry {
            routine: routine.clone(),
            ..entry.clone()
        };
        let plan = Plan::new(&routine);
        effects.begin(&entry, &plan, self.speed);
        // Each exercise that hurt lately waits at its get-ready for the person to answer.
        let wait_at: Vec<usize> = self.memory.iter().map(|m| m.exercise).collect();
        let (session, started) =
            Session::start_waiting_at(routine, plan, self.speed, &wait_at, now);
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
                self.overlay = match dialog.handle(keymap::dialog_input(action)) {
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
                Action::Up | Action::Down | Action::Digit(_) => {
                    *selected = home_move(*selected, action, self.home.rows());
                }
                // A broken file cannot be started: the screen says what is wrong instead.
                Action::Confirm if *selected < self.entries.len() => {
                    let index = *selected;
                    self.begin(index, index, now, effects);
                }
                Action::ShowPlan => {
                    let index = *selected;
                    self.open_plan(index);
                }
                Action::Quit => self.done = true,
                Action::Help => self.overlay = Overlay::Help,
                Action::History => {
                    self.chosen = *selected;
                    self.open_history();
                }
                // `!` (or p): the safety text, to read again.
                Action::Pain => {
                    let selected = *selected;
                    self.open_safety(None, selected);
                }
                Action::Confirm
                | Action::TogglePause
                | Action::Skip
                | Action::Back
                | Action::Yes
                | Action::Mute
                | Action::Gentler => {}
            },
            Screen::History => self.act_on_history(action),
            Screen::Safety(_) => self.act_on_safety(action, now, effects),
            Screen::Plan {
                entry, scroll, fit, ..
            } => match action {
                Action::Up => *scroll = (*scroll).min(fit.get().max_scroll).saturating_sub(1),
                Action::Down => *scroll = scroll.saturating_add(1).min(fit.get().max_scroll),
                Action::Confirm => {
                    let index = *entry;
                    self.begin(index, index, now, effects);
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

    /// The arrows scroll the history; q (or h, or Enter) leaves it.
    fn act_on_history(&mut self, action: Action) {
        match action {
            Action::Up => self.history_scroll = self.history_scroll.saturating_sub(1),
            Action::Down => {
                self.history_scroll = (self.history_scroll + 1).min(self.history_max_scroll.get());
            }
            Action::Quit | Action::History | Action::Confirm => self.leave(),
            Action::ShowPlan
            | Action::Help
            | Action::TogglePause
            | Action::Skip
            | Action::Back
            | Action::Pain
            | Action::Yes
            | Action::Mute
            | Action::Gentler
            | Action::Digit(_) => {}
        }
    }

    /// Enter goes on (to the session it came before, or home), q leaves without starting, the
    /// arrows scroll.
    fn act_on_safety(&mut self, action: Action, now: Instant, effects: &mut impl Effects) {
        let Screen::Safety(safety) = &mut self.screen else {
            return;
        };
        let (then, selected) = (safety.then, safety.selected);
        match action {
            Action::Up => safety.scroll = safety.scroll.saturating_sub(1),
            Action::Down => {
                safety.scroll = safety
                    .scroll
                    .saturating_add(1)
                    .min(safety.fit.get().max_scroll);
            }
            Action::Confirm => self.safety_read(then, selected, now, effects),
            // Out of the app when it opened on the session.
            Action::Quit if then.is_some() && self.exit_after_session => self.done = true,
            Action::Quit => self.screen = Screen::Home { selected },
            Action::ShowPlan
            | Action::History
            | Action::Help
            | Action::TogglePause
            | Action::Skip
            | Action::Back
            | Action::Pain
            | Action::Yes
            | Action::Mute
            | Action::Gentler
            | Action::Digit(_) => {}
        }
    }

    /// A key during a running session becomes a message to the engine, or opens an overlay.
    fn act_in_session(&mut self, action: Action, now: Instant, effects: &mut impl Effects) {
        if let Some(msg) = keymap::session_msg(action) {
            self.send(msg, now, effects);
            return;
        }
        match action {
            Action::Pain => {
                // Freeze first, then ask.
                self.send(Msg::Pain, now, effects);
                if let Screen::Session(session) = &self.screen {
                    self.overlay = Overlay::Pain(session.pain_dialog());
                }
            }
            Action::Help => self.overlay = Overlay::Help,
            Action::Quit => self.overlay = Overlay::ConfirmQuit,
            Action::TogglePause
            | Action::Skip
            | Action::Back
            | Action::Confirm
            | Action::Gentler
            | Action::Up
            | Action::Down
            | Action::ShowPlan
            | Action::Yes
            | Action::History
            | Action::Mute
            | Action::Digit(_) => {}
        }
    }

    /// Leaves a summary or the history: home, or out of the app when it was opened for just that.
    fn leave(&mut self) {
        if self.exit_after_session {
            self.done = true;
        } else {
            self.go_home(self.chosen);
        }
    }

    /// Draws the current screen and overlay as they are at `now`.
    pub fn render(&self, frame: &mut Frame, now: Instant) {
        match &self.screen {
            Screen::Home { selected } => {
                screens::home::render_home(frame, &self.home, *selected, self.theme);
                let status = &self.status;
                if let Some(problem) = status.problem.as_ref().or(status.settings.as_ref()) {
                    screens::render_notice(frame, problem, self.theme);
                }
            }
            Screen::History => match &self.figures {
                Some(f) => {
                    let screen = screens::history::HistoryScreen {
                        stats: &f.stats,
                        names: &f.names,
                        unreadable: f.unreadable,
                    };
                    let max =
                        screens::history::render(frame, &screen, self.history_scroll, self.theme);
                    self.history_max_scroll.set(max);
                }
                None => screens::history::render_reading(frame, self.theme),
            },
            Screen::Safety(safety) => {
                let purpose = if safety.then.is_some() {
                    screens::safety::Purpose::BeforeSession
                } else {
                    screens::safety::Purpose::Reading
                };
                let fit = screens::safety::render(frame, safety.scroll, purpose, self.theme);
                safety.fit.set(fit);
            }
            Screen::Plan {
                view, scroll, fit, ..
            } => {
                fit.set(screens::plan::render(frame, view, *scroll, self.theme));
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
                if let Status::Finished(outcome) = view.status {
                    screens::summary::render_recap(frame, &view, outcome, &self.recap, self.theme);
                } else if matches!(self.overlay, Overlay::Pain(_)) {
                    screens::session::render_under_dialog(frame, &view, &status, self.theme);
                } else {
                    screens::session::render(frame, &view, &status, self.theme);
                }
            }
        }
        match self.overlay {
            Overlay::None => {}
            Overlay::Help => {
                let keys = match &self.screen {
                    Screen::Home { .. } => &keymap::HOME_KEYS[..],
                    Screen::Plan { .. } => &keymap::PLAN_KEYS[..],
                    Screen::Session(_) | Screen::History | Screen::Safety(_) => {
                        &keymap::SESSION_KEYS[..]
                    }
                };
                screens::help::render(frame, keys, self.theme);
            }
            Overlay::Pain(dialog) => screens::pain::render(frame, &dialog, self.theme),
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
                screens::popup(frame, "end session", lines, self.theme.style(Tone::Paused));
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

/// The home screen of `entries` and the `broken` files, with today's doses, recent pain and the
/// day's figures once `history` (the log) has been read: the one place they are worked out.
fn home_view(entries: &[Entry], broken: &[Broken], history: Option<&HistoryView>) -> HomeView {
    HomeView {
        status: history.map_or(HomeStatus::Waiting, |h| {
            HomeStatus::Read(Today::of(&h.stats))
        }),
        routines: (entries.iter())
            .map(|e| match history {
                Some(h) => RoutineCard::new(e.routine.clone(), Some(h.prepare(&e.routine)))
                    .done_last(&h.sessions, h.now.date()),
                None => RoutineCard::new(e.routine.clone(), None),
            })
            .collect(),
        broken: broken.to_vec(),
        reminder: None,
    }
}

/// Where an up, down or number key takes the home screen's choice among `rows` rows: up and down
/// wrap around at the ends, a number picks that row (1 the first) if there is one.
fn home_move(selected: usize, action: Action, rows: usize) -> usize {
    let last = rows.saturating_sub(1);
    match action {
        Action::Up if selected == 0 => last,
        Action::Up => (selected - 1).min(last),
        Action::Down if selected >= last => 0,
        Action::Down => selected + 1,
        Action::Digit(d @ 1..=9) if usize::from(d) <= rows => usize::from(d) - 1,
        Action::Digit(_)
        | Action::Confirm
        | Action::ShowPlan
        | Action::History
        | Action::Mute
        | Action::Gentler
        | Action::TogglePause
        | Action::Skip
        | Action::Back
        | Action::Pain
        | Action::Help
        | Action::Quit
        | Action::Yes => selected,
    }
}
