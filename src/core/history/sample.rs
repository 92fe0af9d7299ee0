//! A made-up but lifelike session log, for the benchmark and for trying the history screen on
//! years of data: a session most days (sometimes two, sometimes none) from five routines, with
//! occasional skips, pauses, pain reports, stops, interruptions and previews.
//!
//! Deterministic: the same `years` and `seed` give the same bytes.

use jiff::tz::TimeZone;
use jiff::{Timestamp, Unit};

use crate::core::log::{Event, LOG_SCHEMA, Line, Outcome, PauseReason};
use crate::core::pain;

/// A log of `years` years of sessions ending in early 2026, as JSON Lines bytes.
pub fn sample_log(years: u32, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    // Central European time with its summer time, without needing the time zone database.
    let zone = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap_or(TimeZone::UTC);
    let days = i64::from(years) * 365 + i64::from(years / 4);
    // 2026-03-01T00:00:00Z, less the days.
    let first_midnight_ms = (1_772_323_200 - days * 86_400) * 1000;
    let mut out = Vec::new();
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
            let mut writer = Writer {
                out: &mut out,
                zone: &zone,
                id: String::new(),
                start_ms,
                elapsed_ms: 0,
            };
            writer.id = format!(
                "{}-{:06x}",
                writer.local(0, "%Y%m%dT%H%M%S"),
                rng.below(1 << 24)
            );
            session(&mut writer, &mut rng);
        }
    }
    out
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
        self.next() % n
    }

    fn percent(&mut self, chance: u64) -> bool {
        self.below(100) < chance
    }
}

/// How an exercise is dosed, in the shape of a routine file.
#[derive(Clone, Copy)]
enum Dose {
    Hold { secs: u32, reps: u32, sides: bool },
    Reps { secs: u32, sides: bool },
    Timed { secs: u32 },
}

struct Routine {
    id: &'static str,
    title: &'static str,
    exercises: &'static [(&'static str, Dose)],
}

const fn hold(secs: u32, reps: u32, sides: bool) -> Dose {
    Dose::Hold { secs, reps, sides }
}

const ROUTINES: [Routine; 5] = [
    Routine {
        id: "morning-mobility",
        title: "Morning mobility",
        exercises: &[
            (
                "cat-cow",
                Dose::Reps {
                    secs: 40,
                    sides: false,
                },
            ),
            ("pelvic-tilt", hold(5, 5, false)),
            ("knee-hug", hold(20, 2, true)),
            ("lying-twist", hold(15, 2, true)),
            ("child-pose", Dose::Timed { secs: 60 }),
        ],
    },
    Routine {
        id: "desk-break",
        title: "Desk break",
        exercises: &[
            ("seated-knee-hug", hold(10, 2, true)),
            ("seated-twist", hold(15, 1, true)),
            (
                "shoulder-roll",
                Dose::Reps {
                    secs: 30,
                    sides: false,
                },
            ),
            ("stand-and-reach", Dose::Timed { secs: 30 }),
        ],
    },
    Routine {
        id: "evening-floor",
        title: "Evening floor",
        exercises: &[
            (
                "bridge",
                Dose::Reps {
                    secs: 45,
                    sides: false,
                },
            ),
            ("piriformis", hold(30, 2, true)),
            ("hamstring", hold(30, 2, true)),
            ("child-pose", Dose::Timed { secs: 90 }),
        ],
    },
    Routine {
        id: "hips",
        title: "Hips, hamstrings and back",
        exercises: &[
            ("hip-flexor", hold(30, 2, true)),
            ("hamstring", hold(30, 2, true)),
            ("figure-four", hold(30, 2, true)),
            (
                "bird-dog",
                Dose::Reps {
                    secs: 40,
                    sides: true,
                },
            ),
        ],
    },
    Routine {
        id: "walk-and-stretch",
        title: "Walk and stretch",
        exercises: &[
            ("walk", Dose::Timed { secs: 300 }),
            ("calf", hold(20, 2, true)),
            ("quad", hold(20, 2, true)),
            ("side-bend", hold(10, 3, true)),
        ],
    },
];

/// One step of a plan, as the log names it.
struct Step {
    kind: &'static str,
    exercise: Option<usize>,
    side: Option<&'static str>,
    rep: Option<u32>,
    secs: u32,
    completes: bool,
}

fn plan(routine: &Routine) -> Vec<Step> {
    let step = |kind, exercise, secs| Step {
        kind,
        exercise,
        side: None,
        rep: None,
        secs,
        completes: false,
    };
    let mut steps = vec![step("warmup", None, 60)];
    for (i, &(_, dose)) in routine.exercises.iter().enumerate() {
        if i > 0 {
            steps.push(step("rest_between", None, 15));
        }
        steps.push(step("get_ready", Some(i), 5));
        let (sides, reps, kind, secs): (&[Option<&'static str>], u32, &str, u32) = match dose {
            Dose::Hold { secs, reps, sides } => (sides_of(sides), reps, "hold", secs),
            Dose::Reps { secs, sides } => (sides_of(sides), 1, "reps", secs),
            Dose::Timed { secs } => (&[None], 1, "timed", secs),
        };
        for (s, &side) in sides.iter().enumerate() {
            if s > 0 {
                steps.push(step("switch", Some(i), 5));
            }
            for rep in 1..=reps {
                if rep > 1 {
                    steps.push(step("rest", Some(i), 10));
                }
                steps.push(Step {
                    side,
                    rep: (reps > 1).then_some(rep),
                    ..step(kind, Some(i), secs)
                });
            }
        }
        if let Some(last) = steps.last_mut() {
            last.completes = true;
        }
    }
    steps.push(step("cooldown", None, 45));
    steps
}

fn sides_of(both: bool) -> &'static [Option<&'static str>] {
    if both {
        &[Some("left"), Some("right")]
    } else {
        &[None]
    }
}

/// Writes the lines of one session, advancing its clock.
struct Writer<'a> {
    out: &'a mut Vec<u8>,
    zone: &'a TimeZone,
    id: String,
    start_ms: i64,
    elapsed_ms: i64,
}

impl Writer<'_> {
    /// The local time `ms` into the session, formatted.
    fn local(&self, ms: i64, format: &str) -> String {
        let at = Timestamp::from_millisecond(self.start_ms + ms).unwrap_or(Timestamp::UNIX_EPOCH);
        at.to_zoned(self.zone.clone()).strftime(format).to_string()
    }

    fn line(&mut self, event: Event) {
        let at = Timestamp::from_millisecond(self.start_ms + self.elapsed_ms)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .round(Unit::Millisecond)
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let line = Line {
            v: LOG_SCHEMA,
            at: format!("{:.3}", at.display_with_offset(self.zone.to_offset(at))),
            session: self.id.clone(),
            event,
        };
        if serde_json::to_writer(&mut *self.out, &line).is_ok() {
            self.out.push(b'\n');
        }
    }

    fn wait(&mut self, secs: f64) {
        // Whole milliseconds, as the real log has.
        #[expect(clippy::cast_possible_truncation, reason = "a few minutes at most")]
        let ms = (secs * 1000.0).round() as i64;
        self.elapsed_ms += ms;
    }
}

fn session(w: &mut Writer, rng: &mut Rng) {
    let routine = &ROUTINES[usize::try_from(rng.below(5)).unwrap_or(0)];
    let steps = plan(routine);
    let preview = rng.percent(1);
    let speed = if preview { 10 } else { 1 };
    let fate = rng.below(100);
    // Where the session stops early, if it does: interrupted (no end line) or stopped.
    let stop_at = (fate < 8).then(|| usize::try_from(rng.below(steps.len() as u64)).unwrap_or(0));
    let pain_at = rng
        .percent(4)
        .then(|| usize::try_from(rng.below(steps.len() as u64)).unwrap_or(0));
    w.line(Event::Start {
        routine: routine.id.to_owned(),
        title: routine.title.to_owned(),
        hash: format!("{:016x}", fxhash(routine.id)),
        preview,
        speed,
        planned_secs: steps.iter().map(|s| u64::from(s.secs)).sum(),
    });
    let exercise_id = |i: Option<usize>| i.map(|i| routine.exercises[i].0.to_owned());
    let mut active = 0.0;
    let mut done = 0;
    let mut skipping = None;
    for (index, step) in steps.iter().enumerate() {
        if skipping.is_some() && skipping == step.exercise {
            continue;
        }
        skipping = None;
        if stop_at == Some(index) {
            if fate < 3 {
                return;
            }
            return end(w, Outcome::Stopped, active, done);
        }
        if pain_at == Some(index) {
            let second = f64::from(step.secs) * 0.5;
            w.wait(second);
            active += second;
            w.line(Event::Pause {
                reason: PauseReason::Pain,
            });
            let ends = rng.percent(50);
            w.line(pain_report(
                rng,
                ends,
                exercise_id(step.exercise),
                step,
                second,
            ));
            w.wait(20.0);
            if ends {
                return end(w, Outcome::StoppedForPain, active, done);
            }
            w.line(Event::Resume);
            continue;
        }
        if step.kind == "get_ready" && rng.percent(3) {
            w.line(Event::Skip {
                exercise: exercise_id(step.exercise).unwrap_or_default(),
            });
            skipping = step.exercise;
            continue;
        }
        if rng.percent(1) {
            w.line(Event::Pause {
                reason: PauseReason::User,
            });
            w.wait(f64::from(u32::try_from(rng.below(300)).unwrap_or(0)));
            w.line(Event::Resume);
        }
        let planned = f64::from(step.secs) / f64::from(speed);
        let jitter = if step.kind == "reps" {
            f64::from(u32::try_from(rng.below(8_000)).unwrap_or(0)) / 1000.0 - 4.0
        } else {
            f64::from(u32::try_from(rng.below(40)).unwrap_or(0)) / 1000.0
        };
        let actual = (planned + jitter).max(0.5);
        w.wait(actual);
        active += actual;
        done += u32::from(step.completes);
        w.line(Event::Step {
            step: index,
            kind: step.kind.to_owned(),
            exercise: exercise_id(step.exercise),
            side: step.side.map(str::to_owned),
            rep: step.rep,
            set: None,
            planned_secs: planned,
            actual_secs: (actual * 1000.0).round() / 1000.0,
            completes_exercise: step.completes,
        });
    }
    end(w, Outcome::Completed, active, done);
}

fn end(w: &mut Writer, outcome: Outcome, active: f64, done: u32) {
    w.line(Event::End {
        outcome,
        active_secs: (active * 1000.0).round() / 1000.0,
        exercises_done: done,
    });
}

/// A pain report on `step`, answered in the app's own words, with what its rule table suggests;
/// `ends`: the person chose to end the session.
fn pain_report(
    rng: &mut Rng,
    ends: bool,
    exercise: Option<String>,
    step: &Step,
    second: f64,
) -> Event {
    let report = pain::Report {
        severity: u8::try_from(1 + rng.below(7)).unwrap_or(1),
        place: pain::Place::ALL[pick(rng, 5)],
        feel: pain::Feel::ALL[pick(rng, 6)],
        earlier: 0,
        // What is suggested does not depend on the stage, only its words do.
        stage: pain::Stage::Exercise,
    };
    let action = if ends {
        pain::Choice::End
    } else {
        [pain::Choice::Resume, pain::Choice::Gentler][pick(rng, 2)]
    };
    Event::Pain {
        exercise,
        side: step.side.map(str::to_owned),
        rep: step.rep,
        second,
        severity: Some(report.severity),
        location: Some(report.place.as_str().to_owned()),
        feels: Some(report.feel.as_str().to_owned()),
        action: Some(action.as_str().to_owned()),
        suggested: Some(pain::guidance(report).preselected.as_str().to_owned()),
    }
}

fn pick(rng: &mut Rng, n: u64) -> usize {
    usize::try_from(rng.below(n)).unwrap_or(0)
}

/// A stand-in for the hash of a routine file's content.
fn fxhash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
