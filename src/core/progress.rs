//! Progression and the memory of pain: today's dose of each exercise, worked out from the log.
//!
//! Pure: it reads a [`Routine`] and the sessions [`crate::core::history`] gathered from the log,
//! with an explicit `now` where dates matter, and keeps no state of its own. The log is the only
//! record, so the same log and routine file always give the same doses.
//!
//! **Growth.** An exercise with a `progression` climbs a ladder of steps. Its seconds (a hold's
//! `secs`, a timed exercise's `secs`) grow first, by `step_secs` at a time, until they reach
//! `max_secs` (the last step may be shorter, to land on the ceiling); then its reps (a hold's
//! `reps`, a reps exercise's `count`) grow by one at a time up to `max_reps`. One thing changes at
//! a time, so each step is small and a step back undoes exactly the last one.
//!
//! The routine's sessions are walked oldest first (previews left out; other routines never count):
//!
//! - a pain report of 4 or more on the exercise, in a session of any outcome, steps it back one
//!   step (at most one step a session) and starts the count of pain-free sessions again;
//! - any other pain report on it starts the count again, without a step back: it is not yet ready
//!   to grow;
//! - a completed session in which it was done with no pain report on it counts one pain-free
//!   session; at two, it steps up (when below its ceiling) and the count starts again;
//! - anything else (skipped, not reached, a stopped or interrupted session) leaves it alone.
//!
//! The ladder is laid on the routine file as it is today: if the file's starting dose or ceiling
//! changed, the steps earned count from the new start and stop at the new ceiling, so a dose is
//! never below the file's start nor above its ceiling.

use jiff::Zoned;
use jiff::civil::Date;

use crate::core::history::{PainReport, SessionOutcome, SessionRecord};
use crate::core::pain::{self, Feel};
use crate::core::routine::{Dosage, Exercise, Progression, Routine};

#[cfg(test)]
mod tests;

/// Pain at or above this severity steps an exercise back and is remembered at its next get-ready.
pub const PAIN_STEP_BACK: u8 = 4;

/// Pain-free completed sessions that earn one step up.
pub const SESSIONS_PER_STEP: u32 = 2;

/// How far back, in days, pain is remembered when a routine starts again.
pub const PAIN_MEMORY_DAYS: i64 = 14;

/// A routine as it will be played today: doses grown or stepped back, and its recent pain.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub routine: Routine,
    pub doses: Vec<Dose>,
    pub memory: Vec<PainMemory>,
}

/// Today's version of `routine`, from the whole log's `sessions` as of `now`.
pub fn prepare(routine: &Routine, sessions: &[SessionRecord], now: &Zoned) -> Prepared {
    let doses = doses(routine, sessions);
    Prepared {
        routine: apply(routine, &doses),
        memory: pain_memory(routine, sessions, now),
        doses,
    }
}

/// Today's dose of one exercise and, when progression moved it, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dose {
    /// Index in `routine.exercises`.
    pub exercise: usize,
    /// A hold's or a timed exercise's seconds; `None` for reps.
    pub secs: Option<u32>,
    /// A hold's reps or a reps exercise's count; `None` for a timed exercise.
    pub reps: Option<u32>,
    /// Steps above the routine file's dose (0: the file's dose).
    pub steps_up: u32,
    /// Why today's dose is what it is, for the plan screen: set when the dose grew, or when pain
    /// stepped it back (even back to the file's dose); `None` when progression never moved it.
    pub reason: Option<Reason>,
}

/// The last move progression made to a dose: where it went and why, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// "hold 30 s (+20 s) and 5 reps (+2), after 30 pain-free sessions".
    Grown(String),
    /// "hold 12 s, after pain 6/10 on 2026-03-05".
    SteppedBack(String),
}

impl Reason {
    /// The word a line about it starts with: "Grown", "Stepped back".
    pub fn label(&self) -> &'static str {
        match self {
            Reason::Grown(_) => "Grown",
            Reason::SteppedBack(_) => "Stepped back",
        }
    }

    /// The dose now and why.
    pub fn text(&self) -> &str {
        match self {
            Reason::Grown(text) | Reason::SteppedBack(text) => text,
        }
    }
}

/// Today's doses for every exercise of the routine, in its order (unchanged ones included, with no
/// reason). `sessions` is the whole log's sessions; only this routine's real ones are read.
pub fn doses(routine: &Routine, sessions: &[SessionRecord]) -> Vec<Dose> {
    let mut ours: Vec<&SessionRecord> = sessions
        .iter()
        .filter(|s| s.routine == routine.id && !s.preview)
        .collect();
    // Stable, so sessions started at the same instant keep their log order.
    ours.sort_by_key(|s| s.start.timestamp());
    routine
        .exercises
        .iter()
        .enumerate()
        .map(|(i, exercise)| dose(i, exercise, &ours))
        .collect()
}

/// The routine with today's doses applied, so `Plan::new(&adjusted)` plays them. A dose for an
/// exercise that is not there, a number the dosage has no place for, or a zero is left out.
pub fn apply(routine: &Routine, doses: &[Dose]) -> Routine {
    let mut adjusted = routine.clone();
    for dose in doses {
        let Some(exercise) = adjusted.exercises.get_mut(dose.exercise) else {
            continue;
        };
        let secs = dose.secs.filter(|&s| s > 0);
        let reps = dose.reps.filter(|&r| r > 0);
        match &mut exercise.dosage {
            Dosage::Hold(h) => {
                h.secs = secs.unwrap_or(h.secs);
                h.reps = reps.unwrap_or(h.reps);
            }
            Dosage::Reps(r) => r.count = reps.unwrap_or(r.count),
            Dosage::Timed(t) => t.secs = secs.unwrap_or(t.secs),
        }
    }
    adjusted
}

/// An exercise whose dose today is larger than the one its routine's last session played: a
/// longer hold, a longer timed part, or more reps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Growth {
    /// Index in `routine.exercises`.
    pub exercise: usize,
    /// Seconds (then, now), when they grew.
    pub secs: Option<(u32, u32)>,
    /// Reps (then, now), when they grew.
    pub reps: Option<(u32, u32)>,
}

/// What grew since the routine's last real session: today's doses (from all of `sessions`)
/// against the doses that session played (from the sessions before it). Empty when the routine
/// was never done, or nothing grew.
pub fn growth(routine: &Routine, sessions: &[SessionRecord]) -> Vec<Growth> {
    let Some(last) = (sessions.iter())
        .filter(|s| s.routine == routine.id && !s.preview)
        .max_by_key(|s| s.start.timestamp())
    else {
        return Vec::new();
    };
    let before: Vec<SessionRecord> = (sessions.iter())
        .filter(|s| !std::ptr::eq(*s, last))
        .cloned()
        .collect();
    let grew = |then: Option<u32>, now: Option<u32>| match (then, now) {
        (Some(then), Some(now)) if now > then => Some((then, now)),
        _ => None,
    };
    (doses(routine, &before).iter())
        .zip(doses(routine, sessions))
        .filter_map(|(then, now)| {
            let growth = Growth {
                exercise: now.exercise,
                secs: grew(then.secs, now.secs),
                reps: grew(then.reps, now.reps),
            };
            (growth.secs.is_some() || growth.reps.is_some()).then_some(growth)
        })
        .collect()
}

/// An exercise that hurt ([`pain::worth_recalling`]) in the last 14 days, in any routine: its newest such report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PainMemory {
    /// Index in `routine.exercises`.
    pub exercise: usize,
    pub severity: u8,
    pub feels: Option<String>,
    pub location: Option<String>,
    /// Calendar days between the report's date (at the offset it was recorded with) and today;
    /// 0 for today (and for a report dated after today).
    pub days_ago: i64,
}

impl PainMemory {
    /// "Last time: 6/10, sharp, lower back (3 days ago)": at the exercise's get-ready, where its
    /// name is on screen already.
    pub fn line(&self) -> String {
        format!("Last time: {}", self.report())
    }

    /// "6/10, sharp, lower back (3 days ago)", leaving out what was not answered.
    pub fn report(&self) -> String {
        let mut parts = vec![format!("{}/10", self.severity)];
        parts.extend([&self.feels, &self.location].into_iter().flatten().cloned());
        let when = match self.days_ago {
            ..=0 => "today".to_owned(),
            1 => "yesterday".to_owned(),
            n => format!("{n} days ago"),
        };
        format!("{} ({when})", parts.join(", "))
    }
}

/// Exercises of the routine that hurt ([`pain::worth_recalling`]) in the last 14 days, in sessions of any
/// routine (previews left out), with the newest such report of each, in the routine's order. An
/// exercise is known by its id: the side bend that hurt in one routine is the side bend of
/// another.
pub fn pain_memory(routine: &Routine, sessions: &[SessionRecord], now: &Zoned) -> Vec<PainMemory> {
    let today = now.date();
    let reports: Vec<&PainReport> = sessions
        .iter()
        .filter(|s| !s.preview)
        .flat_map(|s| &s.pains)
        .filter(|p| {
            p.severity.is_some_and(|severity| {
                pain::worth_recalling(severity, p.feels.as_deref().and_then(Feel::from_log))
            })
        })
        .filter(|p| days_between(p.at.date(), today) <= PAIN_MEMORY_DAYS)
        .collect();
    routine
        .exercises
        .iter()
        .enumerate()
        .filter_map(|(i, exercise)| {
            // `max_by_key` keeps the last of equals: of two reports at once, the later in the log.
            let newest = reports
                .iter()
                .filter(|p| p.exercise.as_deref() == Some(exercise.id.as_str()))
                .max_by_key(|p| p.at.timestamp())?;
            Some(PainMemory {
                exercise: i,
                severity: newest.severity.unwrap_or(PAIN_STEP_BACK),
                feels: newest.feels.clone(),
                location: newest.location.clone(),
                days_ago: days_between(newest.at.date(), today).max(0),
            })
        })
        .collect()
}

/// Whole days from `from` to `to` (negative when `from` is later).
fn days_between(from: Date, to: Date) -> i64 {
    to.duration_since(from).as_hours() / 24
}

/// One exercise's dose after walking its routine's sessions, oldest first.
fn dose(index: usize, exercise: &Exercise, sessions: &[&SessionRecord]) -> Dose {
    let (secs, reps) = numbers(&exercise.dosage);
    let unchanged = Dose {
        exercise: index,
        secs,
        reps,
        steps_up: 0,
        reason: None,
    };
    let Some(ladder) = exercise
        .progression
        .map(|p| Ladder::new(&exercise.dosage, p))
    else {
        return unchanged;
    };
    let mut walk = Walk::default();
    for session in sessions {
        walk.session(exercise, session, &ladder);
    }
    let (secs, reps) = ladder.at(walk.level);
    let reason = walk
        .last_change
        .map(|change| ladder.reason(&exercise.dosage, walk.level, &change));
    Dose {
        steps_up: walk.level,
        secs,
        reps,
        reason,
        ..unchanged
    }
}

/// The numbers progression grows: (seconds, reps).
fn numbers(dosage: &Dosage) -> (Option<u32>, Option<u32>) {
    match dosage {
        Dosage::Hold(h) => (Some(h.secs), Some(h.reps)),
        Dosage::Reps(r) => (None, Some(r.count)),
        Dosage::Timed(t) => (Some(t.secs), None),
    }
}

/// The steps one exercise may climb: its seconds first, then its reps.
#[derive(Debug)]
struct Ladder {
    start_secs: Option<u32>,
    start_reps: Option<u32>,
    step_secs: u32,
    max_secs: Option<u32>,
    max_reps: Option<u32>,
    /// Steps until the seconds reach their ceiling.
    secs_steps: u32,
    /// Steps after those until the reps reach theirs.
    reps_steps: u32,
}

impl Ladder {
    fn new(dosage: &Dosage, progression: Progression) -> Ladder {
        let (start_secs, start_reps) = numbers(dosage);
        let step_secs = progression.step_secs.max(1);
        // A ceiling the dosage has no number for (which validation rejects) grows nothing.
        let max_secs = start_secs.and(progression.max_secs);
        let max_reps = start_reps.and(progression.max_reps);
        let secs_steps = match (start_secs, max_secs) {
            (Some(start), Some(max)) => max.saturating_sub(start).div_ceil(step_secs),
            _ => 0,
        };
        let reps_steps = match (start_reps, max_reps) {
            (Some(start), Some(max)) => max.saturating_sub(start),
            _ => 0,
        };
        Ladder {
            start_secs,
            start_reps,
            step_secs,
            max_secs,
            max_reps,
            secs_steps,
            reps_steps,
        }
    }

    /// The highest step: both numbers at their ceilings.
    fn top(&self) -> u32 {
        self.secs_steps.saturating_add(self.reps_steps)
    }

    /// The dose `level` steps up, between the file's start and the ceilings.
    fn at(&self, level: u32) -> (Option<u32>, Option<u32>) {
        let secs = self.start_secs.map(|start| {
            let grown =
                start.saturating_add(level.min(self.secs_steps).saturating_mul(self.step_secs));
            self.max_secs.map_or(start, |max| grown.min(max).max(start))
        });
        let reps = self.start_reps.map(|start| {
            let grown =
                start.saturating_add(level.saturating_sub(self.secs_steps).min(self.reps_steps));
            self.max_reps.map_or(start, |max| grown.min(max).max(start))
        });
        (secs, reps)
    }

    /// Whether the step from `level - 1` to `level` is one of seconds (else it is one of reps).
    fn secs_step(&self, level: u32) -> bool {
        level <= self.secs_steps
    }

    /// Why the dose at `level` is what it is, after `change`.
    fn reason(&self, dosage: &Dosage, level: u32, change: &Change) -> Reason {
        let (secs, reps) = self.at(level);
        let grew = |now: Option<u32>, start: Option<u32>| match (now, start) {
            (Some(now), Some(start)) if now > start => Some(now - start),
            _ => None,
        };
        let secs_grown = grew(secs, self.start_secs);
        let reps_grown = grew(reps, self.start_reps);
        // Name what grew; after a step back, also what just went back (it may be at its start).
        let (show_secs, show_reps) = match change {
            Change::Up { .. } => (secs_grown.is_some(), reps_grown.is_some()),
            Change::Back { from, .. } => {
                let secs_back = self.secs_step(*from);
                (
                    secs_grown.is_some() || secs_back,
                    reps_grown.is_some() || !secs_back,
                )
            }
        };
        let up = matches!(change, Change::Up { .. });
        // "(+20 s)": how far a grown dose is above the file's.
        let plus = |grown: Option<u32>, unit: &str| match grown {
            Some(n) if up => format!(" (+{n}{unit})"),
            _ => String::new(),
        };
        let mut label = Vec::new();
        if show_secs && let Some(secs) = secs {
            let word = match dosage {
                Dosage::Timed(_) => "time",
                Dosage::Hold(_) | Dosage::Reps(_) => "hold",
            };
            label.push(format!("{word} {secs} s{}", plus(secs_grown, " s")));
        }
        if show_reps && let Some(reps) = reps {
            let word = if reps == 1 { "rep" } else { "reps" };
            label.push(format!("{reps} {word}{}", plus(reps_grown, "")));
        }
        let label = label.join(" and ");
        match change {
            Change::Up { pain_free } => {
                let sessions = if *pain_free == 1 {
                    "session"
                } else {
                    "sessions"
                };
                Reason::Grown(format!("{label}, after {pain_free} pain-free {sessions}"))
            }
            Change::Back { severity, date, .. } => {
                Reason::SteppedBack(format!("{label}, after pain {severity}/10 on {date}"))
            }
        }
    }
}

/// The last time progression moved an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    /// It grew, after `pain_free` pain-free sessions in all.
    Up { pain_free: u32 },
    /// Pain of `severity` on `date` took it down from step `from`.
    Back { from: u32, severity: u8, date: Date },
}

/// One exercise's state while the sessions are walked.
#[derive(Debug, Default)]
struct Walk {
    /// Steps above the file's dose.
    level: u32,
    /// Pain-free completed sessions since the last step or pain.
    streak: u32,
    /// Pain-free completed sessions so far, for the reason.
    pain_free: u32,
    last_change: Option<Change>,
}

impl Walk {
    fn session(&mut self, exercise: &Exercise, session: &SessionRecord, ladder: &Ladder) {
        let pains: Vec<&PainReport> = session
            .pains
            .iter()
            .filter(|p| p.exercise.as_deref() == Some(exercise.id.as_str()))
            .collect();
        // The worst report of the session; of equals, the first.
        let worst = pains
            .iter()
            .filter_map(|p| Some((p.severity?, *p)))
            .filter(|(severity, _)| *severity >= PAIN_STEP_BACK)
            .fold(
                None,
                |worst: Option<(u8, &PainReport)>, (severity, p)| match worst {
                    Some((w, _)) if w >= severity => worst,
                    _ => Some((severity, p)),
                },
            );
        if let Some((severity, report)) = worst {
            self.streak = 0;
            if self.level > 0 {
                self.last_change = Some(Change::Back {
                    from: self.level,
                    severity,
                    date: report.at.date(),
                });
                self.level -= 1;
            }
        } else if !pains.is_empty() {
            self.streak = 0;
        } else if session.outcome == SessionOutcome::Completed
            && session.exercises_done.contains(&exercise.id)
            // A half dose played gentler is no evidence the full one is comfortable.
            && !session.gentler.contains(&exercise.id)
        {
            self.pain_free += 1;
            self.streak += 1;
            if self.streak >= SESSIONS_PER_STEP {
                self.streak = 0;
                if self.level < ladder.top() {
                    self.level += 1;
                    self.last_change = Some(Change::Up {
                        pain_free: self.pain_free,
                    });
                }
            }
        }
    }
}
