//! Turns a session's records into log lines and writes them: which exercise, side and rep a step
//! was, what the routine was, and the wall-clock time. A log that cannot be written never stops a
//! session; it leaves a notice for the status bar, and the records wait in memory to be written
//! once the log works again.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use jiff::{Unit, Zoned};

use crate::core::log::{self, Event, LOG_SCHEMA, Line};
use crate::core::plan::{Plan, StepKind};
use crate::core::session::{self, Record};
use crate::storage::catalog::Entry;
use crate::storage::store::{Appender, Log, StoreError};

/// Opens the log in a data folder: [`Log::open`] in the app. Tests give a writer that fails.
pub(crate) type Opener = Box<dyn Fn(&Path) -> Result<Box<dyn Appender>, StoreError>>;

/// Writes the log of one session after another.
pub struct Journal {
    dir: Option<PathBuf>,
    open: Opener,
    log: Option<Box<dyn Appender>>,
    wall: Box<dyn Fn() -> Zoned>,
    current: Option<Current>,
    /// Records that could not be written yet, oldest first: written before the next one, once the
    /// log works again, so a fault that heals loses nothing (not even the start or a pain report).
    unsaved: VecDeque<Line>,
    /// Why records are not being saved.
    problem: Option<Problem>,
}

/// The most records kept while the log cannot be written (a few MB); beyond it the oldest go.
const MAX_UNSAVED: usize = 10_000;

/// Why records are not being saved, told twice: in full, and short enough for the status bar.
struct Problem {
    /// "not saving: cannot write to /home/me/.local/share/stretchy/log.jsonl: disk full".
    text: String,
    /// "not saving: disk full".
    notice: String,
    /// "disk full".
    reason: String,
}

impl From<&StoreError> for Problem {
    fn from(e: &StoreError) -> Problem {
        let reason = e.brief();
        Problem {
            text: format!("not saving: {e}"),
            notice: format!("not saving: {reason}"),
            reason,
        }
    }
}

/// The session being logged.
struct Current {
    id: String,
    entry: Entry,
    plan: Plan,
    speed: u32,
    done: Vec<usize>,
    /// A pain report waiting for its answers, written with them (or without, at the next record).
    pending_pain: Option<Event>,
}

impl Journal {
    /// Logs into `dir` (created when the first session starts). `wall` gives the wall-clock time.
    pub fn new(dir: Option<PathBuf>, wall: impl Fn() -> Zoned + 'static) -> Journal {
        Journal::with_opener(dir, wall, |dir| {
            Ok(Box::new(Log::open(dir)?) as Box<dyn Appender>)
        })
    }

    /// Like [`Journal::new`], with the log opened by `open` instead of [`Log::open`]: the seam
    /// through which tests inject storage faults.
    pub fn with_opener(
        dir: Option<PathBuf>,
        wall: impl Fn() -> Zoned + 'static,
        open: impl Fn(&Path) -> Result<Box<dyn Appender>, StoreError> + 'static,
    ) -> Journal {
        let problem = dir.is_none().then(|| Problem {
            text: "not saving: no data folder (set --data-dir)".to_owned(),
            notice: "not saving: no data folder".to_owned(),
            reason: "no data folder".to_owned(),
        });
        Journal {
            dir,
            open: Box::new(open),
            log: None,
            unsaved: VecDeque::new(),
            wall: Box::new(wall),
            current: None,
            problem,
        }
    }

    /// Why the session is not being saved, if it is not: in full, with the path and the system's
    /// words.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_ref().map(|p| p.text.as_str())
    }

    /// The same in a few words, for the status bar: "not saving: disk full".
    pub fn notice(&self) -> Option<&str> {
        self.problem.as_ref().map(|p| p.notice.as_str())
    }

    /// Why records are not being saved, in a few words: "disk full".
    pub fn reason(&self) -> Option<&str> {
        self.problem.as_ref().map(|p| p.reason.as_str())
    }

    /// A new session of `entry` begins; its records follow.
    pub(crate) fn begin(&mut self, entry: &Entry, plan: &Plan, speed: u32) {
        let now = (self.wall)();
        self.current = Some(Current {
            id: session_id(&now),
            entry: entry.clone(),
            plan: plan.clone(),
            speed,
            done: Vec::new(),
            pending_pain: None,
        });
        self.flush();
    }

    /// Writes one of the session's records. A pain report is held back until its answers come, so
    /// the log has one line per report.
    pub fn record(&mut self, record: Record) {
        let Some(current) = &mut self.current else {
            return;
        };
        let pending = current.pending_pain.take();
        match record {
            Record::Pain { .. } => {
                if let Some(earlier) = pending {
                    self.write(earlier);
                }
                if let Some(current) = &mut self.current {
                    current.pending_pain = current.event(record);
                }
            }
            Record::PainAnswered(answer) => {
                if let Some(Event::Pain {
                    exercise,
                    side,
                    rep,
                    second,
                    ..
                }) = pending
                {
                    self.write(Event::Pain {
                        exercise,
                        side,
                        rep,
                        second,
                        severity: Some(answer.severity),
                        location: Some(answer.place.as_str().to_owned()),
                        feels: Some(answer.feel.as_str().to_owned()),
                        action: Some(answer.choice.as_str().to_owned()),
                        suggested: Some(answer.suggested.as_str().to_owned()),
                    });
                }
            }
            _ => {
                if let Some(earlier) = pending {
                    self.write(earlier);
                }
                let event = self
                    .current
                    .as_mut()
                    .and_then(|current| current.event(record));
                if let Some(event) = event {
                    self.write(event);
                }
            }
        }
    }

    fn write(&mut self, event: Event) {
        let Some(current) = &self.current else {
            return;
        };
        let line = Line {
            v: LOG_SCHEMA,
            at: timestamp(&(self.wall)()),
            session: current.id.clone(),
            event,
        };
        if self.dir.is_none() {
            return;
        }
        if self.unsaved.len() == MAX_UNSAVED {
            self.unsaved.pop_front();
        }
        self.unsaved.push_back(line);
        self.flush();
    }

    /// Writes the records not saved yet, oldest first, opening the log if it is not open: a log
    /// that failed to open or to write is tried again each time, and once every record is written
    /// the problem is gone. On a failure, the rest wait for the next try.
    fn flush(&mut self) {
        let Some(dir) = &self.dir else {
            return;
        };
        let log = match &mut self.log {
            Some(log) => log,
            None => match (self.open)(dir) {
                Ok(log) => self.log.insert(log),
                Err(e) => {
                    self.problem = Some(Problem::from(&e));
                    return;
                }
            },
        };
        while let Some(line) = self.unsaved.front() {
            if let Err(e) = log.append(line) {
                self.problem = Some(Problem::from(&e));
                // Opened again next time: the file may have been replaced or its disk remounted.
                self.log = None;
                return;
            }
            self.unsaved.pop_front();
        }
        self.problem = None;
    }
}

impl Current {
    /// The log event for a record; `None` for answers, which are merged into their pain line.
    fn event(&mut self, record: Record) -> Option<Event> {
        let routine = &self.entry.routine;
        let exercise_id = |index: Option<usize>| {
            index
                .and_then(|i| routine.exercises.get(i))
                .map(|e| e.id.clone())
        };
        Some(match record {
            Record::Started => Event::Start {
                routine: routine.id.clone(),
                title: routine.title.clone(),
                hash: self.entry.hash.clone(),
                preview: self.speed > 1,
                speed: self.speed,
                planned_secs: self.plan.total_secs,
            },
            Record::StepDone {
                step,
                planned,
                actual,
            } => {
                let s = self.plan.steps.get(step).copied();
                let completes = self.plan.completes_exercise(step);
                if let Some(exercise) = completes
                    && !self.done.contains(&exercise)
                {
                    self.done.push(exercise);
                }
                Event::Step {
                    step,
                    kind: s.map_or("unknown", |s| kind_name(s.kind)).to_owned(),
                    exercise: exercise_id(s.and_then(|s| s.exercise)),
                    side: s.and_then(|s| s.side).map(|side| side.as_str().to_owned()),
                    rep: s.and_then(|s| s.rep).map(|c| c.n),
                    set: s.and_then(|s| s.set).map(|c| c.n),
                    // In routine seconds: the engine's are real ones, shortened by a preview.
                    planned_secs: secs(planned) * f64::from(self.speed),
                    actual_secs: secs(actual),
                    completes_exercise: completes.is_some(),
                }
            }
            Record::Skipped { exercise } => Event::Skip {
                exercise: exercise_id(Some(exercise)).unwrap_or_default(),
            },
            Record::Paused { reason } => Event::Pause {
                reason: match reason {
                    session::PauseReason::User => log::PauseReason::User,
                    session::PauseReason::Pain => log::PauseReason::Pain,
                    session::PauseReason::Interrupted => log::PauseReason::Interrupted,
                },
            },
            Record::Resumed => Event::Resume,
            Record::Pain { step, into_step } => {
                let s = self.plan.steps.get(step).copied();
                Event::Pain {
                    exercise: exercise_id(s.and_then(|s| s.exercise)),
                    side: s.and_then(|s| s.side).map(|side| side.as_str().to_owned()),
                    rep: s.and_then(|s| s.rep).map(|c| c.n),
                    second: secs(into_step),
                    severity: None,
                    location: None,
                    feels: None,
                    action: None,
                    suggested: None,
                }
            }
            Record::Gentler { exercise, step } => {
                // The same rule as the engine's, so later step numbers name the same steps.
                self.plan.gentler(step);
                Event::Gentler {
                    exercise: exercise_id(Some(exercise)).unwrap_or_default(),
                }
            }
            Record::PainAnswered(_) => return None,
            Record::Ended { outcome, active } => Event::End {
                outcome: match outcome {
                    session::Outcome::Completed => log::Outcome::Completed,
                    session::Outcome::Stopped => log::Outcome::Stopped,
                    session::Outcome::StoppedForPain => log::Outcome::StoppedForPain,
                },
                active_secs: secs(active),
                exercises_done: u32::try_from(self.done.len()).unwrap_or(u32::MAX),
            },
        })
    }
}

/// The name of a step kind in the log.
fn kind_name(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Warmup => "warmup",
        StepKind::GetReady => "get_ready",
        StepKind::Hold { .. } => "hold",
        StepKind::Reps { .. } => "reps",
        StepKind::Timed => "timed",
        StepKind::Rest => "rest",
        StepKind::Switch => "switch",
        StepKind::RestBetween => "rest_between",
        StepKind::Cooldown => "cooldown",
    }
}

/// Seconds with millisecond precision.
fn secs(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

/// RFC 3339 with milliseconds and the local offset: `2026-03-02T08:15:03.120+01:00`.
fn timestamp(now: &Zoned) -> String {
    let ts = now
        .timestamp()
        .round(Unit::Millisecond)
        .unwrap_or(now.timestamp());
    format!("{:.3}", ts.display_with_offset(now.offset()))
}

/// A session id that sorts by time and does not repeat: the local start time and some bits of
/// the process id and the clock's nanoseconds.
fn session_id(now: &Zoned) -> String {
    let salt = (std::process::id() << 12) ^ now.subsec_nanosecond().unsigned_abs();
    format!(
        "{}-{:06x}",
        now.strftime("%Y%m%dT%H%M%S"),
        salt & 0x00ff_ffff
    )
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::{Duration, Instant};

    use pretty_assertions::assert_eq;

    use super::*;
    use crate::core::routine::Routine;
    use crate::core::session::{Effect, Msg, Session};
    use crate::storage::catalog::Origin;

    /// A log kept in memory.
    struct Memory(Rc<RefCell<Vec<Line>>>);

    impl Appender for Memory {
        fn append(&mut self, line: &Line) -> Result<(), StoreError> {
            self.0.borrow_mut().push(line.clone());
            Ok(())
        }
    }

    /// A journal writing into memory, begun on `text`'s routine, with the session it logs.
    fn begin(text: &str, t0: Instant) -> (Journal, Rc<RefCell<Vec<Line>>>, Session, Vec<Effect>) {
        let routine = Routine::from_json(text, "t.json").unwrap_or_else(|e| panic!("{e}"));
        let entry = Entry {
            routine: routine.clone(),
            origin: Origin::BuiltIn,
            hash: "0".to_owned(),
        };
        let lines = Rc::new(RefCell::new(Vec::new()));
        let kept = Rc::clone(&lines);
        let mut journal = Journal::with_opener(
            Some(PathBuf::from("unused")),
            || {
                "2026-03-02T08:15:03+01:00[+01:00]"
                    .parse()
                    .unwrap_or_default()
            },
            move |_: &Path| Ok(Box::new(Memory(Rc::clone(&kept))) as Box<dyn Appender>),
        );
        let plan = Plan::new(&routine);
        journal.begin(&entry, &plan, 1);
        let (session, effects) = Session::start(routine, plan, 1, t0);
        (journal, lines, session, effects)
    }

    fn record_all(journal: &mut Journal, effects: Vec<Effect>) {
        for effect in effects {
            if let Effect::Log(record) = effect {
                journal.record(record);
            }
        }
    }

    /// The type of each line written, in order.
    fn types(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| {
                let json = serde_json::to_value(line).unwrap_or_default();
                json["type"].as_str().unwrap_or_default().to_owned()
            })
            .collect()
    }

    const THREE_HOLDS: &str = r#"{"schema": 1, "id": "t", "title": "T", "lead_in_secs": 5,
        "exercises": [{"id": "a", "name": "A", "cues": ["x"],
            "hold": {"secs": 9, "reps": 3, "rest_secs": 4, "breath": "none"}}]}"#;

    /// After going on gently at the get-ready, the step lines are the gentler plan's: each hold
    /// with its rep and halved length, the dropped third hold nowhere, and the exercise done.
    #[test]
    fn step_lines_after_going_on_gently_name_the_gentler_plan() {
        let t0 = Instant::now();
        let (mut journal, lines, mut session, mut effects) = begin(THREE_HOLDS, t0);
        effects.extend(session.update(Msg::Gentler, t0));
        let mut now = t0;
        while let Some(t) = session.next_deadline(now) {
            now = t;
            effects.extend(session.update(Msg::Tick, now));
        }
        assert_eq!(now, t0 + Duration::from_secs(5 + 5 + 4 + 5));
        record_all(&mut journal, effects);
        let steps: Vec<(usize, String, Option<u32>, f64, bool)> = (lines.borrow().iter())
            .filter_map(|line| {
                let Event::Step {
                    step,
                    kind,
                    rep,
                    planned_secs,
                    completes_exercise,
                    ..
                } = &line.event
                else {
                    return None;
                };
                Some((
                    *step,
                    kind.clone(),
                    *rep,
                    *planned_secs,
                    *completes_exercise,
                ))
            })
            .collect();
        assert_eq!(
            steps,
            vec![
                (0, "get_ready".to_owned(), None, 5.0, false),
                (1, "hold".to_owned(), Some(1), 5.0, false),
                (2, "rest".to_owned(), Some(2), 4.0, false),
                (3, "hold".to_owned(), Some(2), 5.0, true),
            ]
        );
        let last = lines.borrow().last().map(|line| line.event.clone());
        assert!(
            matches!(
                last,
                Some(Event::End {
                    exercises_done: 1,
                    ..
                })
            ),
            "{last:?}"
        );
    }

    /// Pain questions put aside (Esc), then going on: the pain line says where and when, with no
    /// answers, and comes before the gentler dose that going on chose.
    #[test]
    fn a_cancelled_pain_dialog_logs_the_report_without_answers() {
        let t0 = Instant::now();
        let (mut journal, lines, mut session, mut effects) = begin(THREE_HOLDS, t0);
        let at = |s: u64| t0 + Duration::from_millis(s);
        effects.extend(session.update(Msg::Tick, at(5_000)));
        effects.extend(session.update(Msg::Pain, at(7_500)));
        // The dialog was closed unanswered: nothing is sent for it; space goes on.
        effects.extend(session.update(Msg::TogglePause, at(20_000)));
        record_all(&mut journal, effects);
        let lines = lines.borrow();
        assert_eq!(
            types(&lines),
            ["start", "step", "pause", "pain", "gentler", "resume"]
        );
        assert_eq!(
            lines[3].event,
            Event::Pain {
                exercise: Some("a".to_owned()),
                side: None,
                rep: Some(1),
                second: 2.5,
                severity: None,
                location: None,
                feels: None,
                action: None,
                suggested: None,
            }
        );
    }

    /// Put aside and then the session ended: the report is still written, before the end.
    #[test]
    fn a_cancelled_pain_report_is_written_when_the_session_ends_next() {
        let t0 = Instant::now();
        let (mut journal, lines, mut session, mut effects) = begin(THREE_HOLDS, t0);
        effects.extend(session.update(Msg::Pain, t0 + Duration::from_secs(1)));
        effects.extend(session.update(Msg::Quit, t0 + Duration::from_secs(9)));
        record_all(&mut journal, effects);
        assert_eq!(types(&lines.borrow()), ["start", "pause", "pain", "end"]);
    }
}
