//! Routine files (`sessions/*.json`, schema 1): the model and its validation.
//!
//! Owns the public file format and every rule a routine must follow. Pure: it takes the file's text
//! and a name to report it by, and never touches the file system or the clock.

mod reader;

use std::fmt;

/// The only schema version this build reads.
pub const SCHEMA: u64 = 1;

/// Routine files larger than this are refused before parsing: no real routine comes close.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Shown when a routine file has no `safety` line of its own.
pub const DEFAULT_SAFETY: &str = "Move only within a pain-free range and build up slowly. Stop if pain \
     turns sharp, shoots down a leg or brings numbness, and ask a clinician when in doubt.";

/// A routine as read from a valid file, with every default filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routine {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub place: Place,
    pub safety: String,
    pub lead_in_secs: u32,
    pub rest_between_secs: u32,
    pub warmup: Option<Stage>,
    pub cooldown: Option<Stage>,
    pub exercises: Vec<Exercise>,
}

/// Where a routine is done, so a person knows before starting whether they need the floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Desk,
    Floor,
    Standing,
    Mixed,
}

impl Place {
    pub const ALL: [(&'static str, Place); 4] = [
        ("desk", Place::Desk),
        ("floor", Place::Floor),
        ("standing", Place::Standing),
        ("mixed", Place::Mixed),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Place::Desk => "desk",
            Place::Floor => "floor",
            Place::Standing => "standing",
            Place::Mixed => "mixed",
        }
    }
}

/// The warm-up or the cool-down: one timed, untracked stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub name: String,
    pub secs: u32,
    pub cues: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub id: String,
    pub name: String,
    pub setup: Vec<String>,
    pub cues: Vec<String>,
    pub caution: Option<String>,
    pub dosage: Dosage,
    pub progression: Option<Progression>,
}

/// How much of an exercise to do: exactly one per exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dosage {
    Hold(Hold),
    Reps(Reps),
    Timed(Timed),
}

/// Hold a position for `secs`, `reps` times per side, `sets` times over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    pub secs: u32,
    pub reps: u32,
    pub sets: u32,
    pub rest_secs: u32,
    pub sides: Sides,
    pub switch_secs: u32,
    pub breath: Breath,
}

/// Repeat a movement `count` times, paced by a metronome or at the person's own pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reps {
    pub count: u32,
    /// `None`: self-paced, the person says when they are done.
    pub secs_per_rep: Option<u32>,
    pub sets: u32,
    pub rest_secs: u32,
    pub sides: Sides,
    pub switch_secs: u32,
}

/// Keep going for a fixed time (a walk, a rest pose).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timed {
    pub secs: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sides {
    /// Done once, symmetrically.
    None,
    /// Left side first, then right.
    Both,
}

impl Sides {
    pub const ALL: [(&'static str, Sides); 2] = [("none", Sides::None), ("both", Sides::Both)];
}

/// What the breathing pacer shows during a hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breath {
    /// Slow, even breaths throughout.
    Steady,
    /// Breathe out as you settle into the stretch.
    Exhale,
    /// No pacer.
    None,
}

impl Breath {
    pub const ALL: [(&'static str, Breath); 3] = [
        ("steady", Breath::Steady),
        ("exhale", Breath::Exhale),
        ("none", Breath::None),
    ];
}

/// How far the app may grow an exercise's dose after pain-free sessions (see the progression issue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progression {
    pub max_secs: Option<u32>,
    pub step_secs: u32,
    pub max_reps: Option<u32>,
}

/// Defaults and limits of the format, in one place so the docs and the validator agree.
pub mod limits {
    pub const LEAD_IN_SECS: u32 = 5;
    pub const REST_BETWEEN_SECS: u32 = 15;
    pub const REST_SECS: u32 = 10;
    pub const SWITCH_SECS: u32 = 5;
    pub const STEP_SECS: u32 = 2;

    pub const MAX_HOLD_SECS: u32 = 300;
    pub const MAX_STAGE_SECS: u32 = 1800;
    pub const MAX_REST_SECS: u32 = 600;
    pub const MAX_LEAD_IN_SECS: u32 = 120;
    pub const MAX_SWITCH_SECS: u32 = 120;
    pub const MAX_REPS: u32 = 50;
    pub const MAX_COUNT: u32 = 200;
    pub const MAX_SETS: u32 = 20;
    pub const MAX_SECS_PER_REP: u32 = 60;
    pub const MAX_STEP_SECS: u32 = 60;
    pub const MAX_TOTAL_SECS: u64 = 2 * 60 * 60;
    pub const MAX_EXERCISES: usize = 50;

    pub const MAX_ID_CHARS: usize = 40;
    pub const MAX_TITLE_CHARS: usize = 40;
    pub const MAX_NAME_CHARS: usize = 40;
    pub const MAX_SUMMARY_CHARS: usize = 100;
    pub const MAX_SAFETY_CHARS: usize = 200;
    pub const MAX_CAUTION_CHARS: usize = 120;
    pub const MAX_SETUP_CHARS: usize = 80;
    pub const MAX_CUE_CHARS: usize = 60;
    pub const MAX_LINES: usize = 6;
}

/// One thing wrong with a routine file, located in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line of the offending value (or of the object missing a field).
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Field path such as `exercises[2].hold.secs`; empty for the file as a whole (a syntax error).
    pub path: String,
    pub message: String,
}

impl Problem {
    /// A problem at the end of `before`, the text of the file that precedes it.
    pub fn after(before: &str, path: &str, message: impl Into<String>) -> Problem {
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Problem {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

/// Every problem found in one routine file, in the order they appear in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Invalid {
    /// The file as the user named it.
    pub file: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for Invalid {
    /// One line per problem: `file:line:column: path: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: ", self.file, p.line, p.column)?;
            if !p.path.is_empty() {
                write!(f, "{}: ", p.path)?;
            }
            f.write_str(&p.message)?;
        }
        Ok(())
    }
}

impl Routine {
    /// Parses and validates a routine file's text. `file` names it in error messages.
    ///
    /// Reports every problem it can find, not just the first.
    pub fn from_json(text: &str, file: &str) -> Result<Routine, Invalid> {
        reader::read(text).map_err(|problems| Invalid {
            file: file.to_owned(),
            problems,
        })
    }

    /// Looks an exercise up by its id.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }
}

impl Dosage {
    /// Which sides the exercise is done on.
    pub fn sides(&self) -> Sides {
        match self {
            Dosage::Hold(h) => h.sides,
            Dosage::Reps(r) => r.sides,
            Dosage::Timed(_) => Sides::None,
        }
    }
}
