//! A made-up but lifelike session log, for the benchmark and for trying the history screen on
//! years of data: a session most days (sometimes two, sometimes none) of a built-in routine, with
//! occasional skips, pauses, pain reports, stops, interruptions and previews.
//!
//! Each session is the real engine ([`Session`]) run on a fake clock and written by the real
//! [`Journal`], so the sample's lines are exactly what the app writes. Deterministic within a
//! process: the same `years` and `seed` give the same bytes (session ids carry bits of the process
//! id, as the app's do).

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::core::log::Line;
use crate::core::pain;
use crate::core::plan::{Plan, StepKind};
use crate::core::session::{Effect, Msg, Session, Status};
use crate::storage::catalog::{Catalog, Entry};
use crate::storage::journal::Journal;
use crate::storage::store::{Appender, StoreError};

/// A log of `years` years of sessions ending in early 2026, as JSON Lines bytes.
pub fn sample_log(years: u32, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let (catalog, _) = Catalog::load(None);
    let routines = catalog.entries();
    // Central European time with its summer time, without needing the time zone database.
    let zone = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap_or(TimeZone::UTC);
    let days = i64::from(years) * 365 + i64::from(years / 4);
    // 2026-03-01T00:00:00Z, less the days.
    let first_midnight_ms = (1_772_323_200 - days * 86_400) * 1000;
    let out = Rc::new(RefCell::new(Vec::new()));
    // The journal's wall clock: the sample's calendar, moved along with the fake monotonic one.
    let wall = Rc::new(Cell::new(Timestamp::UNIX_EPOCH));
    let mut journal = {
        let out = Rc::clone(&out);
        let wall = Rc::clone(&wall);
        Journal::with_opener(
            Some(PathBuf::from("sample")),
            move || wall.get().to_zoned(zone.clone()),
            move |_: &Path| Ok(Box::new(Memory(Rc::clone(&out))) as Box<dyn Appender>),
        )
    };
    let t0 = Instant::now();
    for day in 0..days {
        let count = match rng.below(100) {
            0..12 => 0,
            12..88 => 1,
            _ => 2,
        };
        for n in 0..count {
            // Mornings for the first session, evenings for a second one (UTC hours).
            let hour = if n == 0 {
                5 + rng.below(4)
            } else {
                16 + rng.below(5)
            };
            let start_ms = first_midnight_ms
                + day * 86_400_000
                + i64::try_from(hour * 3_600_000 + rng.below(3_600_000)).unwrap_or(0);
            let start = Timestamp::from_millisecond(start_ms).unwrap_or(Timestamp::UNIX_EPOCH);
            let entry = &routines[pick(&mut rng, routines.len() as u64)];
            let mut run = Run {
                journal: &mut journal,
                wall: &wall,
                start,
                t0,
                now: t0,
            };
            run.session(entry, &mut rng);
        }
    }
    out.take()
}

/// The log, kept in memory: each record one line of JSON, as [`crate::storage::store::Log`]
/// writes it (without the file's lock and sync, which would make ten years take minutes).
struct Memory(Rc<RefCell<Vec<u8>>>);

impl Appender for Memory {
    fn append(&mut self, line: &Line) -> Result<(), StoreError> {
        let mut out = self.0.borrow_mut();
        if serde_json::to_writer(&mut *out, line).is_ok() {
            out.push(b'\n');
        }
        Ok(())
    }
}

/// One session being played: the engine's fake clock, and the journal's wall clock beside it.
struct Run<'a> {
    journal: &'a mut Journal,
    wall: &'a Cell<Timestamp>,
    start: Timestamp,
    t0: Instant,
    now: Instant,
}

impl Run<'_> {
    /// Sends `msg` to the engine at the current time and logs what it records.
    fn send(&mut self, session: &mut Session, msg: Msg) {
        let effects = session.update(msg, self.now);
        self.log(effects);
    }

    fn log(&mut self, effects: Vec<Effect>) {
        let since = self.now.duration_since(self.t0);
        let ms = i64::try_from(since.as_millis()).unwrap_or(0);
        let at = Timestamp::from_millisecond(self.start.as_millisecond() + ms);
        self.wall.set(at.unwrap_or(self.start));
        for effect in effects {
            match effect {
                Effect::Log(record) => self.journal.record(record),
                Effect::Cue(_) => {}
            }
        }
    }

    fn wait(&mut self, d: Duration) {
        self.now += d;
    }

    /// Plays one session of `entry` as a person might: through to the end mostly, now and then
    /// skipping an exercise, pausing, reporting pain, stopping, or leaving it unfinished.
    fn session(&mut self, entry: &Entry, rng: &mut Rng) {
        let plan = Plan::new(&entry.routine);
        let steps = plan.steps.len() as u64;
        let preview = rng.percent(1);
        let speed = if preview { 10 } else { 1 };
        let fate = rng.below(100);
        // Where the session stops early, if it does: interrupted (no end line) or stopped.
        let stop_at = (fate < 8).then(|| pick(rng, steps));
        let mut pain_at = rng.percent(4).then(|| pick(rng, steps));
        self.log(Vec::new());
        self.journal.begin(entry, &plan, speed);
        let (mut session, effects) = Session::start(entry.routine.clone(), plan, speed, self.now);
        self.log(effects);
        let mut entered = None;
        while !session.is_finished() {
            let view = session.view(self.now);
            let (index, step, status) = (view.step_index, *view.step, view.status);
            if entered != Some(index) && !matches!(status, Status::Paused(_)) {
                entered = Some(index);
                if stop_at == Some(index) {
                    if fate < 3 {
                        // Interrupted: the app was closed mid-session, so no end line.
                        return;
                    }
                    return self.send(&mut session, Msg::Quit);
                }
                if pain_at == Some(index) {
                    pain_at = None;
                    let len = Duration::from_secs(u64::from(step.secs)) / speed;
                    self.wait(len / 2);
                    self.send(&mut session, Msg::Pain);
                    self.wait(Duration::from_secs(20));
                    let answer = pain_answer(rng, pain::Stage::of(step.kind));
                    self.send(&mut session, Msg::PainAnswer(answer));
                    continue;
                }
                if step.kind == StepKind::GetReady && rng.percent(3) {
                    self.send(&mut session, Msg::Skip);
                    continue;
                }
                if rng.percent(1) {
                    self.send(&mut session, Msg::TogglePause);
                    self.wait(Duration::from_secs(rng.below(300)));
                    self.send(&mut session, Msg::TogglePause);
                }
                if step.self_paced() {
                    // Self-paced reps take about their estimate, a few seconds either way.
                    let estimate = i64::from(step.secs) * 1000 / i64::from(speed);
                    let jitter = i64::try_from(rng.below(8_000)).unwrap_or(0) - 4_000;
                    let ms = u64::try_from((estimate + jitter).max(500)).unwrap_or(500);
                    self.wait(Duration::from_millis(ms));
                    self.send(&mut session, Msg::Done);
                    continue;
                }
            }
            // Time passes to each moment the engine waits for.
            match session.next_deadline(self.now) {
                Some(deadline) => {
                    self.now = self.now.max(deadline);
                    self.send(&mut session, Msg::Tick);
                }
                // Paused or waiting for a key: the person goes on.
                None => self.send(&mut session, Msg::TogglePause),
            }
        }
    }
}

/// Answers to the pain questions; half the time the person ends the session.
fn pain_answer(rng: &mut Rng, stage: pain::Stage) -> pain::Answer {
    let report = pain::Report {
        severity: u8::try_from(1 + rng.below(7)).unwrap_or(1),
        place: pain::Place::ALL[pick(rng, 5)],
        feel: pain::Feel::ALL[pick(rng, 6)],
        earlier: 0,
        stage,
    };
    let choice = if rng.percent(50) {
        pain::Choice::End
    } else {
        [pain::Choice::Resume, pain::Choice::Gentler][pick(rng, 2)]
    };
    pain::Answer {
        severity: report.severity,
        place: report.place,
        feel: report.feel,
        choice,
        suggested: pain::guidance(report).preselected,
    }
}

/// A tiny xorshift generator: enough randomness for a lifelike log, with no dependency.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Zero would stay zero forever.
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15 | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn percent(&mut self, chance: u64) -> bool {
        self.below(100) < chance
    }
}

fn pick(rng: &mut Rng, n: u64) -> usize {
    usize::try_from(rng.below(n)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::core::history::{SessionOutcome, Settings, sessions, stats};
    use crate::core::log;

    /// The sample log is deterministic, every line of it reads back, and it has about one session a
    /// day with steps, skips, pains and interruptions.
    #[test]
    fn sample_log_is_deterministic_and_readable() {
        let bytes = sample_log(1, 7);
        assert_eq!(bytes, sample_log(1, 7));
        assert_ne!(bytes, sample_log(1, 8));
        let contents = log::parse(&bytes);
        assert_eq!(contents.unreadable, 0);
        let log = sessions(&contents.lines);
        assert!((300..430).contains(&log.len()), "{} sessions", log.len());
        assert!(log.iter().any(|s| s.outcome == SessionOutcome::Interrupted));
        assert!(log.iter().any(|s| !s.skipped.is_empty()));
        assert!(log.iter().any(|s| !s.pains.is_empty()));
        assert!(log.iter().all(|s| s.date() < date(2026, 3, 2)));
        let stats = stats(&log, date(2026, 3, 1), &Settings::default());
        assert!(stats.longest_streak > 20, "{}", stats.longest_streak);
    }
}
