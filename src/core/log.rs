//! The log's records as values: what one line of `log.jsonl` says, and how its text parses.
//!
//! Pure: [`crate::storage::store`] reads and appends the file; this only turns bytes into records
//! and back (serde). Reading never fails on a damaged line: it is skipped and counted.

use serde::{Deserialize, Serialize};

/// The version written in every record's `v`.
pub(crate) const LOG_SCHEMA: u32 = 1;

/// One line of the log: the fields every record has, and the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// Schema version of the record.
    pub v: u32,
    /// Wall-clock time with its UTC offset (RFC 3339), e.g. `2026-03-02T08:15:03.120+01:00`.
    pub at: String,
    /// Which session the record belongs to.
    pub session: String,
    #[serde(flatten)]
    pub event: Event,
}

/// What happened. `type` in the JSON names the variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A session began.
    Start {
        routine: String,
        title: String,
        /// A hash of the routine file's content, to tell edited routines apart.
        hash: String,
        /// A `--speed` preview: history ignores it.
        #[serde(default)]
        preview: bool,
        #[serde(default = "one")]
        speed: u32,
        /// The routine's planned length in seconds.
        #[serde(default)]
        planned_secs: u64,
    },
    /// A step ran to its end (or, self-paced, until "done").
    Step {
        /// Position in the plan.
        step: usize,
        /// `warmup`, `get_ready`, `hold`, `reps`, `timed`, `rest`, `switch`, `rest_between`,
        /// `cooldown`.
        kind: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        exercise: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        side: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rep: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        set: Option<u32>,
        planned_secs: f64,
        actual_secs: f64,
        /// This step finished the exercise's whole dose.
        #[serde(default, skip_serializing_if = "is_false")]
        completes_exercise: bool,
    },
    /// An exercise was left before its dose was finished.
    Skip {
        exercise: String,
    },
    Pause {
        reason: PauseReason,
    },
    Resume,
    /// Something hurt. The answers are filled in once the pain dialog asks them.
    Pain {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        exercise: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        side: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rep: Option<u32>,
        /// Seconds into the step when the key was pressed.
        second: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity: Option<u8>,
        #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
        location: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feels: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        action: Option<String>,
        /// What the rule table offered first (`action`'s words): an `action` that differs was
        /// the person's own choice, after an explicit yes where the table asks for one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggested: Option<String>,
    },
    /// The rest of an exercise was made gentler: holds and reps halved.
    Gentler {
        exercise: String,
    },
    /// The session ended.
    End {
        outcome: Outcome,
        /// Time spent in the session, pauses excluded.
        active_secs: f64,
        exercises_done: u32,
    },
}

fn one() -> u32 {
    1
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    User,
    Pain,
    Interrupted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Completed,
    Stopped,
    StoppedForPain,
}

/// What reading the log found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contents {
    pub lines: Vec<Line>,
    /// Lines that could not be read (truncated, garbled, from an unknown future schema): skipped.
    pub unreadable: usize,
}

/// Parses log bytes: one record per line; blank lines are ignored, damaged ones counted.
pub fn parse(bytes: &[u8]) -> Contents {
    let mut contents = Contents::default();
    for raw in bytes.split(|&b| b == b'\n') {
        match parse_line(raw) {
            ParsedLine::Blank => {}
            ParsedLine::Record(line) => contents.lines.push(line),
            ParsedLine::Unreadable => contents.unreadable += 1,
        }
    }
    contents
}

/// What one line of the log holds.
#[derive(Debug, Clone, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "made and taken apart once per line; a box would cost an allocation per line"
)]
pub enum ParsedLine {
    /// Only whitespace: not a record, and not damage either.
    Blank,
    Record(Line),
    /// Truncated, garbled, or from an unknown future schema.
    Unreadable,
}

/// Parses one line of the log, without its `\n`: the one rule [`parse`] applies to each line, for
/// readers that stream the log instead of holding it.
pub fn parse_line(raw: &[u8]) -> ParsedLine {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return ParsedLine::Blank;
    }
    match std::str::from_utf8(raw)
        .ok()
        .and_then(|text| serde_json::from_str::<Line>(text).ok())
    {
        Some(line) if line.v <= LOG_SCHEMA => ParsedLine::Record(line),
        _ => ParsedLine::Unreadable,
    }
}
