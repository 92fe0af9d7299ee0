//! Routine files (`sessions/*.json`, schema 1): the model and its validation.
//!
//! Owns the public file format and every rule a routine must follow. Pure: it takes the file's text
//! and a name to report it by, and never touches the file system or the clock.

use std::fmt;

/// The only schema version this build reads.
pub(crate) const SCHEMA: u64 = 1;

/// Routine files larger than this are refused before parsing: no real routine comes close.
pub(crate) const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Shown when a routine file has no `safety` line of its own.
pub const DEFAULT_SAFETY: &str = "Move only within a pain-free range and start small. Stop for sharp \
     or shooting pain, tingling, numbness or weakness, or if you are worse afterwards, and ask a \
     clinician when in doubt.";

/// A routine as read from a valid file, with every default filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routine {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub place: Place,
    pub safety: String,
    /// How often the routine is meant to be done ("2-3 times a day"), in the routine's own words.
    pub frequency: Option<String>,
    /// When not to do the routine (who it is not for, what to stop for), shown before it starts.
    pub limits: Option<String>,
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
    pub(crate) const ALL: [(&'static str, Place); 4] = [
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

/// How the body is placed for a stage or an exercise, so a routine's place and needs can be
/// worked out and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Position {
    Standing,
    Walking,
    /// On a chair.
    Seated,
    /// On the floor, on the knees (hands and knees, or sitting back on the heels).
    Kneeling,
    /// On the floor, on the back, front or side.
    Lying,
}

impl Position {
    pub(crate) const ALL: [(&'static str, Position); 5] = [
        ("standing", Position::Standing),
        ("walking", Position::Walking),
        ("seated", Position::Seated),
        ("kneeling", Position::Kneeling),
        ("lying", Position::Lying),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Position::Standing => "standing",
            Position::Walking => "walking",
            Position::Seated => "seated",
            Position::Kneeling => "kneeling",
            Position::Lying => "lying",
        }
    }

    /// What the position itself needs: the floor to kneel or lie on, a chair to sit on.
    pub fn need(self) -> Option<Need> {
        match self {
            Position::Standing | Position::Walking => None,
            Position::Seated => Some(Need::Chair),
            Position::Kneeling | Position::Lying => Some(Need::Floor),
        }
    }
}

/// Something a stage or an exercise needs besides room to move, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    Floor,
    Chair,
    Wall,
    Towel,
}

impl Need {
    pub(crate) const ALL: [(&'static str, Need); 4] = [
        ("floor", Need::Floor),
        ("chair", Need::Chair),
        ("wall", Need::Wall),
        ("towel", Need::Towel),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Need::Floor => "floor",
            Need::Chair => "chair",
            Need::Wall => "wall",
            Need::Towel => "towel",
        }
    }

    /// "the floor", "a chair": as a sentence names it.
    pub(crate) fn phrase(self) -> &'static str {
        match self {
            Need::Floor => "the floor",
            Need::Chair => "a chair",
            Need::Wall => "a wall",
            Need::Towel => "a towel",
        }
    }
}

impl Place {
    /// What the place promises, for messages and the docs.
    pub fn meaning(self) -> &'static str {
        match self {
            Place::Desk => "standing or seated, never on the floor",
            Place::Floor => "lying or kneeling on the floor",
            Place::Standing => "standing or walking, with no chair and no floor",
            Place::Mixed => "any position",
        }
    }

    /// Whether a stage or exercise done in `position` keeps the place's promise.
    pub fn fits(self, position: Position) -> bool {
        match self {
            Place::Desk => matches!(
                position,
                Position::Standing | Position::Walking | Position::Seated
            ),
            Place::Floor => matches!(position, Position::Kneeling | Position::Lying),
            Place::Standing => matches!(position, Position::Standing | Position::Walking),
            Place::Mixed => true,
        }
    }

    /// Whether something a stage or exercise needs keeps the place's promise: a desk routine
    /// never needs the floor, a standing one neither the floor nor a chair.
    pub fn allows(self, need: Need) -> bool {
        match self {
            Place::Desk => need != Need::Floor,
            Place::Standing => !matches!(need, Need::Floor | Need::Chair),
            Place::Floor | Place::Mixed => true,
        }
    }
}

/// The warm-up or the cool-down: one timed, untracked stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub name: String,
    pub secs: u32,
    pub cues: Vec<String>,
    pub position: Option<Position>,
    pub needs: Vec<Need>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub id: String,
    pub name: String,
    pub setup: Vec<String>,
    pub cues: Vec<String>,
    pub caution: Option<String>,
    pub position: Option<Position>,
    /// What it needs besides what its position implies.
    pub needs: Vec<Need>,
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
    /// `None`: self-paced, the person counts each rep with enter; the set ends at the last.
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
    pub(crate) const ALL: [(&'static str, Sides); 2] =
        [("none", Sides::None), ("both", Sides::Both)];
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
    pub(crate) const ALL: [(&'static str, Breath); 3] = [
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
    pub(crate) const LEAD_IN_SECS: u32 = 5;
    pub(crate) const REST_BETWEEN_SECS: u32 = 15;
    pub(crate) const REST_SECS: u32 = 10;
    pub(crate) const SWITCH_SECS: u32 = 5;
    pub(crate) const STEP_SECS: u32 = 2;

    pub(crate) const MAX_HOLD_SECS: u32 = 300;
    pub(crate) const MAX_STAGE_SECS: u32 = 1800;
    pub(crate) const MAX_REST_SECS: u32 = 600;
    pub(crate) const MAX_LEAD_IN_SECS: u32 = 120;
    pub(crate) const MAX_SWITCH_SECS: u32 = 120;
    pub(crate) const MAX_REPS: u32 = 50;
    pub(crate) const MAX_COUNT: u32 = 200;
    pub(crate) const MAX_SETS: u32 = 20;
    pub(crate) const MAX_SECS_PER_REP: u32 = 60;
    pub(crate) const MAX_STEP_SECS: u32 = 60;
    pub const MAX_TOTAL_SECS: u64 = 2 * 60 * 60;
    pub(crate) const MAX_EXERCISES: usize = 50;

    pub(crate) const MAX_ID_CHARS: usize = 40;
    pub(crate) const MAX_TITLE_CHARS: usize = 40;
    pub(crate) const MAX_NAME_CHARS: usize = 40;
    pub(crate) const MAX_SUMMARY_CHARS: usize = 100;
    pub(crate) const MAX_SAFETY_CHARS: usize = 200;
    pub(crate) const MAX_FREQUENCY_CHARS: usize = 30;
    pub(crate) const MAX_LIMITS_CHARS: usize = 240;
    pub(crate) const MAX_CAUTION_CHARS: usize = 120;
    pub(crate) const MAX_SETUP_CHARS: usize = 80;
    pub(crate) const MAX_CUE_CHARS: usize = 60;
    pub(crate) const MAX_LINES: usize = 6;
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
        located(f, &self.file, &self.problems, "")
    }
}

/// What `stretchy check` warns about in a valid routine file: things that work but are likely
/// not meant, such as a standing exercise in a routine whose place is the floor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warnings {
    /// The file as the user named it.
    pub file: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for Warnings {
    /// One line per warning: `file:line:column: path: warning: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        located(f, &self.file, &self.problems, "warning: ")
    }
}

fn located(
    f: &mut fmt::Formatter<'_>,
    file: &str,
    problems: &[Problem],
    kind: &str,
) -> fmt::Result {
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            writeln!(f)?;
        }
        write!(f, "{file}:{}:{}: ", p.line, p.column)?;
        if !p.path.is_empty() {
            write!(f, "{}: ", p.path)?;
        }
        write!(f, "{kind}{}", p.message)?;
    }
    Ok(())
}

impl Routine {
    /// The warm-up, the exercises and the cool-down, in order, as (position, needs).
    fn parts(&self) -> impl Iterator<Item = (Option<Position>, &[Need])> {
        fn stage(s: &Stage) -> (Option<Position>, &[Need]) {
            (s.position, s.needs.as_slice())
        }
        (self.warmup.iter().map(stage))
            .chain((self.exercises.iter()).map(|e| (e.position, e.needs.as_slice())))
            .chain(self.cooldown.iter().map(stage))
    }

    /// What the routine needs (the floor, a chair, a wall, a towel), each once, in that order:
    /// what its parts' positions imply and what they list. Empty when it needs nothing.
    pub fn needs(&self) -> Vec<Need> {
        let mut needs: Vec<Need> = self
            .parts()
            .flat_map(|(position, listed)| {
                position
                    .and_then(Position::need)
                    .into_iter()
                    .chain(listed.iter().copied())
            })
            .collect();
        needs.sort_unstable();
        needs.dedup();
        needs
    }

    /// True when the warm-up, the cool-down and every exercise say their position, so that
    /// "needs nothing" can be said.
    pub fn positions_known(&self) -> bool {
        self.parts().all(|(position, _)| position.is_some())
    }

    /// What the routine needs, as a sentence ends: "the floor and a towel", "only room to stand".
    /// `None` when it lists nothing and some of its parts do not say their position.
    pub fn needs_text(&self) -> Option<String> {
        let needs = self.needs();
        let phrases: Vec<&str> = needs.iter().map(|n| n.phrase()).collect();
        match phrases.as_slice() {
            [] if !self.positions_known() => None,
            [] if self.parts().any(|(p, _)| p == Some(Position::Walking)) => {
                Some("only room to walk".to_owned())
            }
            [] => Some("only room to stand".to_owned()),
            [one] => Some((*one).to_owned()),
            [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
        }
    }

    /// What the routine needs, in a word or a few: "floor, towel", "nothing"; "-" when not known.
    pub fn needs_short(&self) -> String {
        let needs = self.needs();
        if needs.is_empty() {
            if self.positions_known() {
                "nothing"
            } else {
                "-"
            }
            .to_owned()
        } else {
            needs
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
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
