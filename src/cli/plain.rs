//! `--plain`: a session as one line per stage, with no full-screen display, for screen readers and
//! pipes. An exercise's set-up, cues and caution are read out at its get-ready, and the pain
//! questions are asked as numbered text prompts. Keys work when standard input is a terminal (one
//! key each); from anything else, each line is what a key would be.

mod ask;
mod input;

use std::io::{self, IsTerminal, Write};
use std::time::Instant;

use ratatui::crossterm::terminal;

pub use self::ask::Questions;
pub use self::input::{Got, Keyboard, Lines, TerminalKeys, Typed};
use crate::audio::SoundStatus;
use crate::clock::Clock;
use crate::core::pain;
use crate::core::pain::PAUSED_ADVICE;
use crate::core::plan::{self, Plan, Step, StepKind};
use crate::core::progress::{Growth, Prepared};
use crate::core::routine::Routine;
use crate::core::session::{Effect, Msg, PauseReason, Record, Session, SessionView, Status};
use crate::storage::catalog::Entry;
use crate::tui::app::Effects;
use crate::tui::keymap::{self, Action};
use crate::tui::screens::session::{KeyOffer, pain_keys, waiting_keys};
use crate::tui::screens::summary::{Recap, Said, Standing};

/// "Hold 10 s - Knee hug (left) - rep 1/2": one stage, as the plain mode prints it.
pub fn stage_line(step: &Step, routine: &Routine) -> String {
    let length = if step.self_paced() {
        "at your own pace, enter after each rep".to_owned()
    } else if step.secs < 60 {
        format!("{} s", step.secs)
    } else {
        plan::clock(step.secs.into())
    };
    format!("{} {length} - {}", step.title(), step.subject(routine))
}

/// What to read at the start of a step, one idea a line, after its [`stage_line`]: at an
/// exercise's get-ready its set-up, its cues and its caution; the warm-up's and cool-down's cues.
/// Each line says what it is, so it reads the same when heard alone.
pub fn detail_lines(step: &Step, routine: &Routine) -> Vec<String> {
    let cue = |line: &String| format!("Cue: {line}");
    match step.kind {
        StepKind::GetReady => {
            let Some(exercise) = step.exercise.and_then(|i| routine.exercises.get(i)) else {
                return Vec::new();
            };
            let setup = exercise.setup.iter().map(|line| format!("Set up: {line}"));
            let cues = exercise.cues.iter().map(cue);
            let caution = exercise
                .caution
                .iter()
                .map(|line| format!("Caution: {line}"));
            setup.chain(cues).chain(caution).collect()
        }
        StepKind::Warmup => routine
            .warmup
            .iter()
            .flat_map(|s| &s.cues)
            .map(cue)
            .collect(),
        StepKind::Cooldown => routine
            .cooldown
            .iter()
            .flat_map(|s| &s.cues)
            .map(cue)
            .collect(),
        StepKind::Hold { .. }
        | StepKind::Reps { .. }
        | StepKind::Timed
        | StepKind::Rest
        | StepKind::Switch
        | StepKind::RestBetween => Vec::new(),
    }
}

/// Runs a session printing a line at each change. Reads keys from the terminal when there is one
/// (in raw mode, so one key is enough), and lines from standard input otherwise.
/// `today` is the routine as it plays today (doses from the log) with its recent pain.
/// `from_log` is what the summary at the end needs from the log.
pub fn run(
    entry: &Entry,
    today: &Prepared,
    from_log: FromLog,
    speed: u32,
    clock: &impl Clock,
    effects: &mut impl Effects,
) -> io::Result<()> {
    let mut out = io::stdout().lock();
    if io::stdin().is_terminal() {
        terminal::enable_raw_mode()?;
        let mut keys = TerminalKeys::default();
        let mut console = Console::new(&mut out, &mut keys, true).with_log(from_log);
        let result = console.play(entry, today, speed, clock, effects);
        terminal::disable_raw_mode()?;
        result
    } else {
        let mut lines = Lines::stdin();
        (Console::new(&mut out, &mut lines, false).with_log(from_log))
            .play(entry, today, speed, clock, effects)
    }
}

/// What the summary at the end of a plain session needs from the log, as the full screen's
/// summary has it: what grew since the routine's last session, and where the streak and the week
/// stand once this session is written (the log read again then; `None`: not known).
#[derive(Default)]
pub struct FromLog<'a> {
    pub grew: Vec<Growth>,
    pub standing: Option<&'a dyn Fn() -> Option<Standing>>,
}

/// A plain session's two ends: where its lines go and where what is typed comes from.
pub struct Console<'a, W: Write, K: Keyboard> {
    out: &'a mut W,
    input: &'a mut K,
    /// Input is a terminal in raw mode: one key answers, and lines end with a carriage return.
    raw: bool,
    from_log: FromLog<'a>,
}

impl<'a, W: Write, K: Keyboard> Console<'a, W, K> {
    /// `raw`: the input is a terminal in raw mode (keys, and the output needs "\r\n").
    pub fn new(out: &'a mut W, input: &'a mut K, raw: bool) -> Console<'a, W, K> {
        Console {
            out,
            input,
            raw,
            from_log: FromLog::default(),
        }
    }

    /// With what the summary needs from the log.
    #[must_use]
    pub fn with_log(mut self, from_log: FromLog<'a>) -> Console<'a, W, K> {
        self.from_log = from_log;
        self
    }

    fn eol(&self) -> &'static str {
        // In raw mode the terminal needs an explicit carriage return.
        if self.raw { "\r\n" } else { "\n" }
    }

    fn say(&mut self, line: &str) -> io::Result<()> {
        let eol = self.eol();
        write!(self.out, "{line}{eol}")
    }

    fn say_all<S: AsRef<str>>(&mut self, lines: &[S]) -> io::Result<()> {
        for line in lines {
            self.say(line.as_ref())?;
        }
        self.out.flush()
    }

    /// Plays the session to its end.
    pub fn play(
        &mut self,
        entry: &Entry,
        today: &Prepared,
        speed: u32,
        clock: &impl Clock,
        effects: &mut impl Effects,
    ) -> io::Result<()> {
        let mut session = self.begin(entry, today, speed, clock, effects)?;
        // What the summary says beyond the session: gathered as it runs, as the full screen does.
        let mut recap = Recap::new(std::mem::take(&mut self.from_log.grew));
        let mut shown = None;
        // The step whose details were read last, so a pause does not read them again.
        let mut read = None;
        let mut confirming = false;
        let mut sound = SoundWatch::default();
        // The step and rep of self-paced reps last said, so each rep counted is said once.
        let mut counted = None;
        // What going on gently changed, as last said.
        let mut said_gentled = None;
        loop {
            if let Some(notice) = sound.notice(effects.sound().as_ref()) {
                self.say_all(&[notice])?;
            }
            let now = clock.now();
            // So the audio output opens just before the next cue rather than when it is due.
            effects.next_cue(session.next_cue());
            let view = session.view(now);
            let key = shown_key(&view);
            if shown != Some(key) {
                shown = Some(key);
                let mut lines = describe(&view, &recap);
                // A step's details are read as it begins to run (again at the get-ready before a
                // hold that pain interrupted starts over), not after a pause in it.
                let step = (view.step_index, view.step.kind);
                if view.status == Status::Running && read != Some(step) {
                    read = Some(step);
                    lines.extend(recall(&view, today));
                    lines.extend(detail_lines(view.step, view.routine));
                }
                if view.waiting {
                    lines.push(waiting_line());
                }
                self.say_all(&lines)?;
            }
            // Self-paced reps: each rep counted with enter says which rep is next, so the count
            // can be followed by ear. The stage line has said the first.
            if view.status == Status::WaitingForDone {
                let now_at = view.reps.map(|rep| (view.step_index, rep));
                if let (Some((step, rep)), Some((said_step, _))) = (now_at, counted)
                    && step == said_step
                    && now_at != counted
                {
                    self.say_all(&[format!("Rep {} of {}.", rep.n, rep.of)])?;
                }
                counted = now_at;
            }
            if let Some(gentled) = view.gentled
                && said_gentled != Some(gentled)
            {
                self.say_all(&[format!("{}.", capitalised(&gentled.text()))])?;
            }
            said_gentled = view.gentled;
            let status = view.status;
            if session.is_finished() {
                return Ok(());
            }
            let deadline = session.next_deadline(now);
            let timeout = deadline.map(|d| d.saturating_duration_since(now));
            let msg = match self.input.next(timeout) {
                Got::Typed(typed) => {
                    let action = keymap::action(typed.key());
                    if confirming {
                        confirming = false;
                        if matches!(action, Some(Action::Yes | Action::Quit)) {
                            Msg::Quit
                        } else {
                            // Paused or running, it stays as it was (the full screen says "stay").
                            self.say_all(&["Staying."])?;
                            Msg::Tick
                        }
                    } else {
                        match action {
                            Some(Action::Quit) => {
                                confirming = true;
                                self.say_all(&["End the session? y: end, any other key: stay"])?;
                                continue;
                            }
                            Some(Action::Pain) => {
                                // Freeze first (the clock stops, the sound is hushed), then ask.
                                let now = clock.now();
                                self.update(&mut session, Msg::Pain, now, &mut recap, effects);
                                shown = Some(shown_key(&session.view(clock.now())));
                                match self.ask(session.pain_dialog())? {
                                    Asked::Answered(answer) => Msg::PainAnswer(answer),
                                    // Back to the paused session, which says how it stands.
                                    Asked::Cancelled => {
                                        shown = None;
                                        Msg::Tick
                                    }
                                    Asked::Closed => {
                                        self.say_all(&["No keyboard to answer; ending."])?;
                                        Msg::Quit
                                    }
                                }
                            }
                            Some(action) => keymap::session_msg(action).unwrap_or(Msg::Tick),
                            None => Msg::Tick,
                        }
                    }
                }
                Got::Nothing => Msg::Tick,
                Got::Closed if deadline.is_some() && status != Status::WaitingForDone => Msg::Tick,
                Got::Closed => {
                    // Paused or waiting for "done" with no keyboard: nothing can move it on.
                    self.say_all(&["No keyboard to continue; ending."])?;
                    Msg::Quit
                }
            };
            self.update(&mut session, msg, clock.now(), &mut recap, effects);
        }
    }

    /// Passes `msg` to the session and carries out what it asks; notes its pain reports for the
    /// summary and, once the session has ended and is written (or not), whether it was saved and
    /// where it leaves the streak and the week.
    fn update(
        &self,
        session: &mut Session,
        msg: Msg,
        now: Instant,
        recap: &mut Recap,
        effects: &mut impl Effects,
    ) {
        let produced = session.update(msg, now);
        effects.apply_all(&produced, now);
        recap.note(&produced, session.plan());
        let ended = produced
            .iter()
            .any(|e| matches!(e, Effect::Log(Record::Ended { .. })));
        if ended {
            recap.unsaved = effects.unsaved();
            if recap.unsaved.is_none() && session.view(now).speed == 1 {
                recap.standing = self.from_log.standing.and_then(|standing| standing());
            }
        }
    }

    /// Says what the routine is and starts its session.
    fn begin(
        &mut self,
        entry: &Entry,
        today: &Prepared,
        speed: u32,
        clock: &impl Clock,
        effects: &mut impl Effects,
    ) -> io::Result<Session> {
        let routine = today.routine.clone();
        let plan = Plan::new(&routine);
        let entry = Entry {
            routine: routine.clone(),
            ..entry.clone()
        };
        effects.begin(&entry, &plan, speed);
        self.say(&format!(
            "{} · {}",
            routine.title,
            plan::clock(plan.total_secs)
        ))?;
        if let Some(limits) = &routine.limits {
            self.say(&format!("Before you start: {limits}"))?;
        }
        self.say(&format!("Safety: {}", routine.safety))?;
        if self.raw {
            let keys = keymap::hints(&[
                Action::TogglePause,
                Action::Skip,
                Action::Back,
                Action::Confirm,
                Action::Pain,
                Action::Gentler,
                Action::Quit,
            ]);
            self.say(&format!("Keys: {keys}"))?;
        }
        // Each exercise that hurt lately waits at its get-ready for the person to answer.
        let wait_at: Vec<usize> = today.memory.iter().map(|m| m.exercise).collect();
        let (session, started) =
            Session::start_waiting_at(routine, plan, speed, &wait_at, clock.now());
        effects.apply_all(&started, clock.now());
        Ok(session)
    }

    /// Asks the pain questions, one prompt at a time, until they are answered or put aside. The
    /// session stays frozen meanwhile: nothing here ticks it.
    fn ask(&mut self, dialog: pain::Dialog) -> io::Result<Asked> {
        let mut questions = Questions::new(dialog, self.raw);
        self.say_all(&questions.prompt())?;
        loop {
            let typed = match self.input.next(None) {
                Got::Typed(typed) => typed,
                Got::Nothing => continue,
                Got::Closed => return Ok(Asked::Closed),
            };
            let more = self.input.pending();
            let (lines, outcome) = questions.take(&typed, more);
            self.say_all(&lines)?;
            match outcome {
                pain::Outcome::Asking => {}
                pain::Outcome::Cancelled => return Ok(Asked::Cancelled),
                pain::Outcome::Answered(answer) => return Ok(Asked::Answered(answer)),
            }
        }
    }
}

/// How the pain questions ended.
enum Asked {
    Answered(pain::Answer),
    /// Esc: back to the paused session.
    Cancelled,
    /// The input ended before an answer.
    Closed,
}

/// Said when cues that were sounding stop: the device was lost while open, or was gone when it
/// was next opened. Someone following by ear would otherwise only notice the silence.
pub const SOUND_STOPPED: &str =
    "Sound stopped: the audio device went away. The session goes on in silence.";
/// Said when sound works again after [`SOUND_STOPPED`] (the player retries now and then).
pub const SOUND_BACK: &str = "Sound is back.";

/// Turns the sound player's state, read at every wake, into a line when sound stops or comes
/// back. A session that never had sound (no device, `--sound off`, muted) says nothing, so what
/// plain mode prints does not depend on the machine.
#[derive(Debug, Default)]
struct SoundWatch {
    /// Cues were sounding when last looked.
    on: bool,
    /// [`SOUND_STOPPED`] was said and sound has not come back since.
    stopped: bool,
}

impl SoundWatch {
    fn notice(&mut self, status: Option<&SoundStatus>) -> Option<&'static str> {
        match status? {
            SoundStatus::Ready => {
                self.on = true;
                std::mem::take(&mut self.stopped).then_some(SOUND_BACK)
            }
            SoundStatus::Lost(_) | SoundStatus::Unavailable(_) if self.on => {
                self.on = false;
                self.stopped = true;
                Some(SOUND_STOPPED)
            }
            SoundStatus::Starting
            | SoundStatus::Muted
            | SoundStatus::Bell
            | SoundStatus::Off
            | SoundStatus::Lost(_)
            | SoundStatus::Unavailable(_) => None,
        }
    }
}

/// What decides that a new line is due: the step, whether it waits, and how the session stands.
fn shown_key(view: &SessionView) -> (usize, StepKind, Status, bool) {
    (view.step_index, view.step.kind, view.status, view.waiting)
}

/// The lines for what the session is doing now; at its end, the summary's lines.
fn describe(view: &SessionView, recap: &Recap) -> Vec<String> {
    match view.status {
        Status::Running | Status::WaitingForDone => vec![stage_line(view.step, view.routine)],
        Status::Paused(PauseReason::User) => vec!["Paused: press space to go on".to_owned()],
        Status::Paused(PauseReason::Interrupted) => {
            vec!["Paused: the timer was interrupted; press space when ready".to_owned()]
        }
        // The questions were put aside: what to do, and what each key does now.
        Status::Paused(PauseReason::Pain) => vec![
            format!("Stopped for pain. {}", PAUSED_ADVICE[0]),
            PAUSED_ADVICE[1].to_owned(),
            keys_line(&pain_keys(view)),
        ],
        Status::Finished(outcome) => Said::of(view, outcome, recap).lines(),
    }
}

/// `text` with its first letter a capital, to stand as a sentence.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// At the get-ready of an exercise that hurt lately: what was remembered.
fn recall(view: &SessionView, today: &Prepared) -> Option<String> {
    let memory = today
        .memory
        .iter()
        .find(|m| view.step.kind == StepKind::GetReady && Some(m.exercise) == view.step.exercise)?;
    Some(memory.line())
}

/// Said while a get-ready that hurt lately waits: the keys that answer it.
fn waiting_line() -> String {
    format!("Waiting for you. {}", keys_line(&waiting_keys()))
}

/// "space: go on; n: skip this exercise; q: end the session.": keys and what each does, in the
/// words the full screen uses.
fn keys_line(keys: &[KeyOffer]) -> String {
    let keys: Vec<String> = keys
        .iter()
        .map(|k| format!("{}: {}", k.key, k.label))
        .collect();
    format!("{}.", keys.join("; "))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::collections::VecDeque;
    use std::rc::Rc;
    use std::time::Duration;

    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    use super::*;
    use crate::core::pain::{Answer, Choice, Feel, Place, Report, Stage};
    use crate::core::progress::PainMemory;
    use crate::core::session::{Cue, Outcome};
    use crate::storage::catalog::Origin;

    /// A routine with a set-up, cues and a caution, and a warm-up.
    const ROUTINE: &str = r#"{
      "schema": 1, "id": "t", "title": "T", "lead_in_secs": 3, "rest_between_secs": 2,
      "warmup": { "name": "March", "secs": 2, "cues": ["Lift your knees"] },
      "exercises": [
        { "id": "hug", "name": "Knee hug", "setup": ["Sit down", "Feet flat"],
          "cues": ["Hug one knee", "Breathe out"], "caution": "Keep your back long.",
          "hold": { "secs": 4 } },
        { "id": "rock", "name": "Knee rocks", "cues": ["Tip slowly"], "timed": { "secs": 3 } }
      ]
    }"#;

    fn routine() -> Routine {
        Routine::from_json(ROUTINE, "t.json").expect("valid")
    }

    /// A clock that moves only when the script waits.
    #[derive(Clone)]
    struct FakeClock {
        t0: Instant,
        now: Rc<Cell<Instant>>,
    }

    impl Clock for FakeClock {
        fn now(&self) -> Instant {
            self.now.get()
        }
    }

    /// What is typed, at times after the start; once it is all typed, the input ends.
    struct Script {
        clock: FakeClock,
        typed: VecDeque<(Duration, Typed)>,
    }

    impl Script {
        fn new(typed: &[(u64, Typed)]) -> Script {
            let t0 = Instant::now();
            Script {
                clock: FakeClock {
                    t0,
                    now: Rc::new(Cell::new(t0)),
                },
                typed: typed
                    .iter()
                    .map(|(ms, t)| (Duration::from_millis(*ms), t.clone()))
                    .collect(),
            }
        }
    }

    impl Keyboard for Script {
        fn next(&mut self, timeout: Option<Duration>) -> Got {
            let now = self.clock.now();
            let due = self.typed.front().map(|(at, _)| self.clock.t0 + *at);
            match due {
                Some(due) if timeout.is_none_or(|t| due <= now + t) => {
                    self.clock.now.set(due.max(now));
                    let (_, typed) = self.typed.pop_front().expect("due");
                    Got::Typed(typed)
                }
                _ => {
                    if let Some(t) = timeout {
                        self.clock.now.set(now + t);
                    }
                    if due.is_some() {
                        Got::Nothing
                    } else {
                        Got::Closed
                    }
                }
            }
        }

        fn pending(&mut self) -> bool {
            let now = self.clock.now();
            self.typed
                .front()
                .is_some_and(|(at, _)| self.clock.t0 + *at <= now)
        }

        fn closed(&self) -> bool {
            self.typed.is_empty()
        }
    }

    #[derive(Default)]
    struct Recorder(Vec<Effect>);

    impl Effects for Recorder {
        fn apply(&mut self, effect: Effect, _: Instant) {
            self.0.push(effect);
        }
    }

    /// Plays `routine` with this input (raw: as keys from a terminal), returning what was printed
    /// (lines) and the effects.
    fn play(routine: Routine, typed: &[(u64, Typed)], raw: bool) -> (Vec<String>, Vec<Effect>) {
        play_with(routine, Vec::new(), typed, raw)
    }

    /// [`play`], with this recent pain.
    fn play_with(
        routine: Routine,
        memory: Vec<PainMemory>,
        typed: &[(u64, Typed)],
        raw: bool,
    ) -> (Vec<String>, Vec<Effect>) {
        let entry = Entry {
            routine: routine.clone(),
            origin: Origin::BuiltIn,
            hash: String::new(),
        };
        let today = Prepared {
            routine,
            doses: Vec::new(),
            memory,
        };
        let mut script = Script::new(typed);
        let clock = script.clock.clone();
        let mut out = Vec::new();
        let mut effects = Recorder::default();
        Console::new(&mut out, &mut script, raw)
            .play(&entry, &today, 1, &clock, &mut effects)
            .expect("plays");
        let text = String::from_utf8(out).expect("utf-8");
        let eol = if raw { "\r\n" } else { "\n" };
        assert!(text.ends_with(eol), "{text:?}");
        let lines = text.split(eol).map(str::to_owned);
        (lines.filter(|l| !l.is_empty()).collect(), effects.0)
    }

    fn key(c: char) -> Typed {
        Typed::Key(KeyEvent::from(KeyCode::Char(c)))
    }

    fn line(text: &str) -> Typed {
        Typed::Line(text.to_owned())
    }

    /// The lines printed from the one that starts with `first`, `n` of them.
    fn from<'a>(lines: &'a [String], first: &str, n: usize) -> &'a [String] {
        let at = lines
            .iter()
            .position(|l| l.starts_with(first))
            .unwrap_or_else(|| panic!("no {first:?} in {lines:#?}"));
        &lines[at..(at + n).min(lines.len())]
    }

    /// Each get-ready reads out the exercise's set-up, cues and caution, one a line and each
    /// saying what it is; the warm-up reads out its cues.
    #[test]
    fn get_ready_reads_out_setup_cues_and_caution() {
        let (lines, _) = play(routine(), &[], false);
        assert_eq!(
            from(&lines, "Warm-up", 2),
            ["Warm-up 2 s - March", "Cue: Lift your knees"]
        );
        assert_eq!(
            from(&lines, "Get ready 3 s - Knee hug", 7),
            [
                "Get ready 3 s - Knee hug",
                "Set up: Sit down",
                "Set up: Feet flat",
                "Cue: Hug one knee",
                "Cue: Breathe out",
                "Caution: Keep your back long.",
                "Hold 4 s - Knee hug",
            ]
        );
        assert_eq!(
            from(&lines, "Get ready 3 s - Knee rocks", 3),
            [
                "Get ready 3 s - Knee rocks",
                "Cue: Tip slowly",
                "Keep going 3 s - Knee rocks"
            ]
        );
        // The summary, as the full screen words it.
        assert_eq!(
            lines[lines.len() - 2..],
            ["Session done: all 2 exercises", "T · Active time 0:17"]
        );
    }

    /// Pausing and resuming a get-ready does not read its details again; going back to the
    /// exercise does.
    #[test]
    fn details_are_read_once_per_get_ready() {
        // The warm-up lasts 2 s; the hug's get-ready runs from 2 s to 5 s.
        let typed = [(2500, key(' ')), (3000, key(' ')), (6000, key('b'))];
        let (lines, _) = play(routine(), &typed, true);
        let count = |text: &str| lines.iter().filter(|l| *l == text).count();
        assert_eq!(count("Paused: press space to go on"), 1, "{lines:#?}");
        assert_eq!(count("Get ready 3 s - Knee hug"), 3, "{lines:#?}");
        assert_eq!(count("Caution: Keep your back long."), 2, "{lines:#?}");
    }

    /// Lines typed into a pipe work as keys: an empty line is Enter, "q" then "y" ends.
    #[test]
    fn lines_are_keys() {
        let typed = [(500, line("q")), (600, line("y"))];
        let (lines, effects) = play(routine(), &typed, false);
        assert_eq!(
            lines[2..],
            [
                "Warm-up 2 s - March",
                "Cue: Lift your knees",
                "End the session? y: end, any other key: stay",
                "Ended early: 0 of 2 exercises done",
                "T · Active time 0:00",
            ]
        );
        assert!(matches!(
            effects.last(),
            Some(Effect::Log(Record::Ended {
                outcome: Outcome::Stopped,
                ..
            }))
        ));
    }

    fn enter() -> Typed {
        Typed::Key(KeyEvent::from(KeyCode::Enter))
    }

    fn records(effects: &[Effect]) -> Vec<Record> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Log(record) => Some(*record),
                Effect::Cue(_) => None,
            })
            .collect()
    }

    fn ended(effects: &[Effect]) -> (Outcome, Duration) {
        match records(effects).last() {
            Some(Record::Ended { outcome, active }) => (*outcome, *active),
            other => panic!("not ended: {other:?}"),
        }
    }

    /// `p` mid-hold freezes the session (the pain cue, which hushes any other sound, and the
    /// report half a second into the hold), then asks. Nothing sounds and no time counts while
    /// the questions wait; the answers are logged as the full screen logs them, and Enter takes
    /// the rule table's choice: sharp pain skips the exercise.
    #[test]
    fn the_pain_key_freezes_then_asks_and_logs_the_answers() {
        // The warm-up (2 s) and the hug's get-ready (3 s) are over: its hold runs from 5 s.
        let typed = [
            (5500, key('p')),
            (30_000, key('6')),
            (31_000, key('1')),
            (32_000, key('2')),
            (40_000, enter()),
        ];
        let (lines, effects) = play(routine(), &typed, true);
        let pain = effects
            .iter()
            .position(|e| *e == Effect::Cue(Cue::PainPause))
            .expect("the pain cue");
        let answered = effects
            .iter()
            .position(|e| matches!(e, Effect::Log(Record::PainAnswered(_))))
            .expect("answered");
        // The pain key's own update: its cue first (cues never wait for the disk), then its
        // records.
        assert_eq!(
            effects[pain + 1],
            Effect::Log(Record::Paused {
                reason: PauseReason::Pain
            }),
            "{effects:#?}"
        );
        assert!(
            matches!(
                effects[pain + 2],
                Effect::Log(Record::Pain { step: 2, into_step }) if into_step == Duration::from_millis(500)
            ),
            "{effects:#?}"
        );
        // While the questions were asked, nothing; then the answer's update: the next
        // exercise's get-ready cue, and the answer.
        assert_eq!(
            effects[pain + 3],
            Effect::Cue(Cue::GetReady),
            "{effects:#?}"
        );
        assert_eq!(answered, pain + 4, "{effects:#?}");
        assert_eq!(
            effects[answered],
            Effect::Log(Record::PainAnswered(Answer {
                severity: 6,
                place: Place::LowerBack,
                feel: Feel::Sharp,
                choice: Choice::Skip,
                suggested: Choice::Skip,
            }))
        );
        assert!(records(&effects).contains(&Record::Skipped { exercise: 0 }));
        // Active: warm-up 2 s, get-ready 3 s, 0.5 s of hold, then the rocks' get-ready 3 s and
        // their 3 s; none of the 34.5 s the questions took.
        assert_eq!(
            ended(&effects),
            (Outcome::Completed, Duration::from_millis(11_500))
        );
        assert_eq!(
            from(&lines, "Hold 4 s - Knee hug", 2),
            [
                "Hold 4 s - Knee hug",
                "Question 1 of 4: Everything is paused. How bad is it, from 0 to 10?"
            ]
        );
        assert!(
            lines.contains(&"Skip this exercise.".to_owned()),
            "{lines:#?}"
        );
    }

    /// Going on after pain starts the hold again after a get-ready, which reads the exercise's
    /// set-up, cues and caution again.
    #[test]
    fn going_on_starts_the_hold_again_after_a_get_ready() {
        let typed = [
            (6000, key('p')),
            (7000, key('2')),
            (8000, key('1')),
            (9000, key('1')),
            (10_000, enter()),
        ];
        let (lines, effects) = play(routine(), &typed, true);
        assert!(records(&effects).iter().any(|r| matches!(
            r,
            Record::PainAnswered(Answer {
                choice: Choice::Resume,
                ..
            })
        )));
        let after = lines.iter().position(|l| l == "Go on.").expect("went on");
        assert_eq!(
            lines[after + 1..after + 4],
            [
                "Get ready 3 s - Knee hug",
                "Set up: Sit down",
                "Set up: Feet flat"
            ]
        );
        assert!(
            lines[after..].contains(&"Hold 4 s - Knee hug".to_owned()),
            "{lines:#?}"
        );
    }

    /// Questions put aside (Escape): the session stays stopped for pain and says what each key
    /// does now, as the full screen does; space then goes on gently, and that is logged.
    #[test]
    fn escape_says_the_keys_of_the_pain_pause_and_space_goes_on_gently() {
        let esc = Typed::Key(KeyEvent::from(KeyCode::Esc));
        let typed = [(5500, key('p')), (6000, esc), (7000, key(' '))];
        let (lines, effects) = play(routine(), &typed, true);
        let stopped = lines
            .iter()
            .position(|l| l.starts_with("Stopped for pain."))
            .expect("stopped");
        assert_eq!(
            lines[stopped..stopped + 3],
            [
                format!("Stopped for pain. {}", PAUSED_ADVICE[0]),
                PAUSED_ADVICE[1].to_owned(),
                "space: go on gently, half the dose; n: skip this exercise; q: end the session."
                    .to_owned(),
            ]
        );
        assert!(
            records(&effects)
                .iter()
                .any(|r| matches!(r, Record::Gentler { exercise: 0, .. }))
        );
        assert_eq!(ended(&effects).0, Outcome::Completed);
    }

    /// Nerve-like pain, answered as lines: ending is preselected, and the session's last words
    /// are the rule table's for that report.
    #[test]
    fn ending_for_pain_says_the_table_advice_for_the_report() {
        let typed = [
            (5500, line("p")),
            (6000, line("3")),
            (6500, line("3")),
            (7000, line("5")),
            (7500, line("")),
        ];
        let (lines, effects) = play(routine(), &typed, false);
        assert_eq!(ended(&effects).0, Outcome::StoppedForPain);
        let report = Report {
            severity: 3,
            place: Place::Leg,
            feel: Feel::ShootingDownLeg,
            earlier: 0,
            stage: Stage::Exercise,
        };
        let table = pain::guidance(report);
        assert!(lines.ends_with(&table.ended), "{lines:#?}");
        assert!(lines.contains(&"End the session.".to_owned()));
    }

    /// Input that ends while the questions wait: the session ends for pain at once, saying why,
    /// with the advice for pain nobody described.
    #[test]
    fn input_that_ends_during_the_questions_ends_the_session() {
        let (lines, effects) = play(routine(), &[(5500, key('p'))], true);
        assert_eq!(ended(&effects).0, Outcome::StoppedForPain);
        let end = lines
            .iter()
            .position(|l| l == "No keyboard to answer; ending.")
            .expect("said");
        assert_eq!(
            lines[end + 1..end + 4],
            [
                "Ended because something hurt: 0 of 2 exercises done",
                "T · Active time 0:05",
                "Pain in Knee hug: not rated, no answer given",
            ]
        );
        assert_eq!(lines[end + 4..], crate::core::pain::ENDED_ADVICE);
    }

    /// An exercise that hurt lately: its get-ready says what was remembered, reads its details,
    /// and waits, naming the keys that answer it; g goes on gently. Without a keyboard, it ends
    /// there rather than count down past the warning.
    #[test]
    fn a_get_ready_that_hurt_lately_waits_for_an_answer() {
        let memory = || {
            vec![PainMemory {
                exercise: 0,
                severity: 6,
                feels: Some("sharp".to_owned()),
                location: Some("lower back".to_owned()),
                days_ago: 2,
            }]
        };
        let (lines, effects) = play_with(routine(), memory(), &[(60_000, key('g'))], true);
        assert_eq!(
            from(&lines, "Get ready 3 s - Knee hug", 8),
            [
                "Get ready 3 s - Knee hug",
                "Last time: 6/10, sharp, lower back (2 days ago)",
                "Set up: Sit down",
                "Set up: Feet flat",
                "Cue: Hug one knee",
                "Cue: Breathe out",
                "Caution: Keep your back long.",
                "Waiting for you. space: go on; g: go on gently, half the dose; n: skip this \
                 exercise.",
            ]
        );
        assert!(
            records(&effects)
                .iter()
                .any(|r| matches!(r, Record::Gentler { exercise: 0, .. }))
        );
        assert!(
            lines.contains(&"Hold 2 s - Knee hug".to_owned()),
            "{lines:#?}"
        );

        let (lines, effects) = play_with(routine(), memory(), &[], true);
        assert_eq!(ended(&effects).0, Outcome::Stopped);
        assert!(lines.contains(&"No keyboard to continue; ending.".to_owned()));
    }

    /// Without input, the session runs on its timers; a pause cannot be lifted, so it ends.
    #[test]
    fn closed_input_runs_on_the_timers() {
        let (lines, _) = play(routine(), &[], true);
        assert!(lines.iter().any(|l| l == "Session done: all 2 exercises"));
        let (lines, _) = play(routine(), &[(100, key(' '))], true);
        assert_eq!(
            lines[lines.len() - 4..],
            [
                "Paused: press space to go on",
                "No keyboard to continue; ending.",
                "Ended early: 0 of 2 exercises done",
                "T · Active time 0:00",
            ]
        );
    }

    /// The end says where the streak and the week stand with the log read again, in the full
    /// screen's words; a preview says it is not counted; a log that could not be written says
    /// so, and nothing about a streak.
    #[test]
    fn the_end_says_the_streak_and_the_week_or_why_it_does_not_count() {
        let ending = |speed: u32, unsaved: Option<&str>| {
            let entry = Entry {
                routine: routine(),
                origin: Origin::BuiltIn,
                hash: String::new(),
            };
            let today = Prepared {
                routine: routine(),
                doses: Vec::new(),
                memory: Vec::new(),
            };
            let mut script = Script::new(&[]);
            let clock = script.clock.clone();
            let mut out = Vec::new();
            let mut effects = Unsaved(unsaved.map(str::to_owned));
            let standing = || {
                Some(Standing {
                    streak: 1,
                    this_week: 4,
                    goal: 3,
                })
            };
            let from_log = FromLog {
                grew: Vec::new(),
                standing: Some(&standing),
            };
            (Console::new(&mut out, &mut script, false).with_log(from_log))
                .play(&entry, &today, speed, &clock, &mut effects)
                .expect("plays");
            let text = String::from_utf8(out).expect("utf-8");
            let lines: Vec<String> = text.lines().map(str::to_owned).collect();
            lines[lines.len() - 3..].to_vec()
        };
        assert_eq!(
            ending(1, None),
            [
                "Session done: all 2 exercises",
                "T · Active time 0:17",
                "streak 1 day · 4 this week (goal 3 met)",
            ]
        );
        assert_eq!(
            ending(60, None)[1..],
            [
                "T · Active time 0:00 (a preview at 60× speed)",
                "Not counted in your streak or your week.",
            ]
        );
        assert_eq!(
            ending(1, Some("disk full"))[2],
            "not saved: disk full. This session is not in your history."
        );
    }

    /// Effects that record nothing and answer whether the log was written.
    struct Unsaved(Option<String>);

    impl Effects for Unsaved {
        fn apply(&mut self, _: Effect, _: Instant) {}
        fn unsaved(&mut self) -> Option<String> {
            self.0.clone()
        }
    }

    fn notices(statuses: &[SoundStatus]) -> Vec<&'static str> {
        let mut watch = SoundWatch::default();
        statuses
            .iter()
            .filter_map(|s| watch.notice(Some(s)))
            .collect()
    }

    /// Sound that stops mid-session is said once, however often the state is read afterwards,
    /// whether the output was open (lost) or closed (gone at the next open) when it went.
    #[test]
    fn sound_that_stops_is_said_once() {
        let lost = SoundStatus::Lost("errors".to_owned());
        let gone = SoundStatus::Unavailable("no server".to_owned());
        for off in [lost, gone] {
            let statuses = [
                SoundStatus::Starting,
                SoundStatus::Ready,
                SoundStatus::Ready,
                off.clone(),
                off.clone(),
                off,
            ];
            assert_eq!(notices(&statuses), [SOUND_STOPPED]);
        }
    }

    /// Without sound from the start nothing is said: the output is the same on every machine.
    #[test]
    fn no_sound_from_the_start_says_nothing() {
        let none = SoundStatus::Unavailable("Unknown PCM default".to_owned());
        let statuses = [SoundStatus::Starting, none.clone(), none];
        assert!(notices(&statuses).is_empty());
        assert!(notices(&[SoundStatus::Off, SoundStatus::Muted]).is_empty());
        assert_eq!(SoundWatch::default().notice(None), None);
    }

    /// Sound that comes back after stopping is said too, and a second loss again.
    #[test]
    fn sound_that_comes_back_is_said() {
        let lost = SoundStatus::Lost("errors".to_owned());
        let statuses = [
            SoundStatus::Ready,
            lost.clone(),
            SoundStatus::Ready,
            SoundStatus::Ready,
            lost,
        ];
        assert_eq!(
            notices(&statuses),
            [SOUND_STOPPED, SOUND_BACK, SOUND_STOPPED]
        );
    }

    /// Self-paced reps are counted with enter, and each rep counted says the next one; the last
    /// ends the set and the session goes on. Going on gently says the new dose.
    #[test]
    fn each_self_paced_rep_counted_is_said_and_the_last_ends_the_set() {
        let text = r#"{"schema": 1, "id": "t", "title": "T", "lead_in_secs": 3,
            "exercises": [{"id": "a", "name": "Cat-cow", "cues": ["x"], "reps": {"count": 6}}]}"#;
        let routine = Routine::from_json(text, "t.json").expect("valid");
        let typed = [
            (1000, key('g')),
            (4000, enter()),
            (5000, enter()),
            (6000, enter()),
        ];
        let (lines, effects) = play(routine, &typed, true);
        assert_eq!(
            from(&lines, "Gentler", 4),
            [
                "Gentler: 3 reps at your pace instead of 6.",
                "Reps at your own pace, enter after each rep - Cat-cow - 3 reps at your own pace",
                "Rep 2 of 3.",
                "Rep 3 of 3.",
            ]
        );
        assert_eq!(ended(&effects).0, Outcome::Completed);
    }
}
