//! Session history: what the log says happened, as sessions, streaks, weekly totals and a CSV
//! export for a physiotherapist.
//!
//! Pure: it takes parsed log lines and an explicit `today`, and never reads the clock, a file or
//! the time zone database; only [`crate::storage::cache`] reads the log, keeping a summary of it
//! next to it so years of lines are not read again at every start. A session is dated by its local
//! date at the UTC offset its start line was written with, so it keeps the date it had where and
//! when it was done, wherever the log is read later. Previews are left out of every statistic and
//! of the export.
//!
//! Minutes have one definition: a session's minutes are its active seconds rounded to the nearest
//! whole minute ([`SessionRecord::minutes`]), and every total (a day, a week, a routine, all of
//! them) is the sum of its sessions' minutes. So the weeks add up to the total, the routines do
//! too, and each matches the export's rows; rounding each total from seconds instead made them
//! disagree by a minute or two.

use std::collections::HashMap;
use std::fmt::{self as std_fmt, Display};
use std::io::{self, Write};

use jiff::civil::Date;
use jiff::fmt::temporal::Pieces;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Zoned};
use serde::{Deserialize, Serialize, Serializer};

use crate::core::log::{Event, Line, Outcome};
use crate::core::wording::plural;

pub mod glance;
#[cfg(test)]
mod tests;

/// How streaks and the weekly goal are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// How many days without a counted session may sit between two counted days without breaking
    /// a streak.
    pub rest_days: u32,
    /// Sessions a week to aim for.
    pub weekly_goal: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            rest_days: 1,
            weekly_goal: 3,
        }
    }
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionOutcome {
    Completed,
    Stopped,
    StoppedForPain,
    /// The log has no end for it: the program was killed, crashed, or is still running.
    Interrupted,
}

impl SessionOutcome {
    /// The name used in JSON and CSV: `completed`, `stopped`, `stopped_for_pain`, `interrupted`.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionOutcome::Completed => "completed",
            SessionOutcome::Stopped => "stopped",
            SessionOutcome::StoppedForPain => "stopped_for_pain",
            SessionOutcome::Interrupted => "interrupted",
        }
    }
}

impl From<Outcome> for SessionOutcome {
    fn from(outcome: Outcome) -> SessionOutcome {
        match outcome {
            Outcome::Completed => SessionOutcome::Completed,
            Outcome::Stopped => SessionOutcome::Stopped,
            Outcome::StoppedForPain => SessionOutcome::StoppedForPain,
        }
    }
}

/// Something hurt during a session.
///
/// Serialized (for the history [`cache`]) with its time and seconds in the exact forms of
/// [`SessionRecord`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PainReport {
    /// When, at the offset it was recorded with (the session's start if the line's time is
    /// unreadable).
    #[serde(with = "exact::zoned")]
    pub at: Zoned,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rep: Option<u32>,
    /// Seconds into the step.
    #[serde(with = "exact::secs")]
    pub second: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feels: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

/// One session, gathered from its log lines.
///
/// Serialized (for the history [`cache`]) so that it reads back equal to the last bit: times as
/// their local date and time followed by their offset to the second, seconds as decimal strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub id: String,
    pub routine: String,
    pub title: String,
    pub hash: String,
    /// When it started, in the fixed offset recorded in the start line.
    #[serde(with = "exact::zoned")]
    pub start: Zoned,
    #[serde(default, skip_serializing_if = "is_false")]
    pub preview: bool,
    /// From the end line; no end line means [`SessionOutcome::Interrupted`].
    pub outcome: SessionOutcome,
    /// From the end line; for an interrupted session, the sum of its steps' actual seconds.
    #[serde(with = "exact::secs")]
    pub active_secs: f64,
    pub planned_secs: u64,
    /// Distinct exercise ids whose whole dose was finished, in the order they were finished.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exercises_done: Vec<String>,
    /// Distinct exercise ids that were skipped and not finished later in the session.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    /// Distinct exercise ids whose rest was played gentler (halved) in this session.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gentler: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pains: Vec<PainReport>,
}

impl SessionRecord {
    /// The worst severity reported, if any report has one.
    pub fn max_pain(&self) -> Option<u8> {
        self.pains.iter().filter_map(|p| p.severity).max()
    }

    /// Its active time in whole minutes, rounded to the nearest: what every total adds up.
    pub fn minutes(&self) -> u32 {
        minutes(self.active_secs)
    }

    /// The local date of the start, by the recorded offset.
    pub fn date(&self) -> Date {
        self.start.date()
    }

    /// Whether the session counts towards a streak and the weekly goal: it finished at least one
    /// exercise, whatever its outcome.
    pub fn counts(&self) -> bool {
        counts(self.preview, self.exercises_done.len())
    }
}

/// The rule of [`SessionRecord::counts`], for the brief form [`glance::Brief`] too.
fn counts(preview: bool, exercises_done: usize) -> bool {
    !preview && exercises_done > 0
}

/// Groups log lines into sessions, in order of their start; lines of a session with no Start line
/// (or whose Start line's time is unreadable) are ignored.
///
/// A session's lines are read in log order up to its first End line; later lines of it are
/// ignored. A repeated Start line is ignored too.
pub fn sessions(lines: &[Line]) -> Vec<SessionRecord> {
    let mut gathering = Gathering::default();
    for line in lines {
        gathering.push(line);
    }
    gathering.finish()
}

/// Sessions being gathered from log lines, in the order of each one's first line (of any kind).
///
/// The state [`sessions`] folds the lines into, and what the history [`crate::storage::cache`]
/// stores, so a later load can carry on from where the cached lines stopped and end with the same
/// records.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct Gathering {
    sessions: Vec<Gathered>,
    /// Where each id is in `sessions`; built when first needed after reading the cache.
    #[serde(skip)]
    index: HashMap<String, usize>,
}

/// One session id of a [`Gathering`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[expect(
    clippy::large_enum_variant,
    reason = "records are most of a gathering, and unboxed they are turned into records in place"
)]
#[serde(rename_all = "snake_case")]
enum Gathered {
    /// Its readable start and its end were both seen: no later line can change it.
    Done(SessionRecord),
    /// Later lines may still change it (or, with no readable start yet, make it a session).
    /// Boxed: few sessions stay open, and this way a gathering is the size of its records, so
    /// [`Gathering::finish`] turns it into them where it lies (no second copy of years of them).
    Open(Box<PartialSession>),
}

impl Gathering {
    /// Folds one more line, in log order.
    pub(crate) fn push(&mut self, line: &Line) {
        if self.index.is_empty() && !self.sessions.is_empty() {
            self.index = (self.sessions.iter().enumerate())
                .map(|(i, gathered)| (gathered.id().to_owned(), i))
                .collect();
        }
        let i = if let Some(&i) = self.index.get(line.session.as_str()) {
            i
        } else {
            let session = PartialSession::new(line.session.clone());
            self.index.insert(line.session.clone(), self.sessions.len());
            self.sessions.push(Gathered::Open(Box::new(session)));
            self.sessions.len() - 1
        };
        match &mut self.sessions[i] {
            Gathered::Done(_) => {}
            Gathered::Open(session) => {
                session.push(line);
                // Done at once, so only the sessions still open are ever held partial.
                if session.is_final()
                    && let Some(record) = session.take_record()
                {
                    self.sessions[i] = Gathered::Done(record);
                }
            }
        }
    }

    /// Whether the state is one that gathering lines could give, as far as [`Gathering::push`]
    /// relies on it: every report waiting for a start is one of the session's reports.
    pub(crate) fn is_sound(&self) -> bool {
        self.sessions.iter().all(|gathered| match gathered {
            Gathered::Done(_) => true,
            Gathered::Open(session) => {
                (session.awaiting_start.iter()).all(|&i| i < session.pains.len())
            }
        })
    }

    /// Each session's id and whether it is done (no later line can change it), in order.
    #[cfg(test)]
    pub(crate) fn done_by_id(&self) -> Vec<(String, bool)> {
        (self.sessions.iter())
            .map(|gathered| {
                (
                    gathered.id().to_owned(),
                    matches!(gathered, Gathered::Done(_)),
                )
            })
            .collect()
    }

    /// The sessions with a readable start, in order of their start.
    pub(crate) fn finish(self) -> Vec<SessionRecord> {
        let mut records: Vec<SessionRecord> = (self.sessions.into_iter())
            .filter_map(|gathered| match gathered {
                Gathered::Done(record) => Some(record),
                Gathered::Open(mut session) => session.take_record(),
            })
            .collect();
        // Stable, so sessions started at the same instant keep their log order.
        records.sort_by_key(|r| r.start.timestamp());
        records
    }
}

/// A session a cached gathering holds open, read on its own: `stretchy status` reads the cache
/// one entry at a time ([`crate::storage::cache::glance`]) and keeps only the open ones whole.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub(crate) struct OpenSession(Box<PartialSession>);

impl Gathering {
    /// Adds a session read from a cache, before any line is pushed.
    pub(crate) fn push_open(&mut self, session: OpenSession) {
        self.sessions.push(Gathered::Open(session.0));
    }
}

impl Gathered {
    fn id(&self) -> &str {
        match self {
            Gathered::Done(record) => &record.id,
            Gathered::Open(session) => &session.id,
        }
    }
}

/// One session gathered from the lines of it seen so far, in log order.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PartialSession {
    id: String,
    /// From the first Start line whose time is readable; later ones are ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<StartLine>,
    /// From the first End line: the lines after it change nothing but a missing start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end: Option<EndLine>,
    #[serde(with = "exact::secs")]
    step_secs: f64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    exercises_done: Vec<String>,
    /// Every skipped exercise, also those finished later: they are left out at the end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    skipped: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    gentler: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pains: Vec<PainReport>,
    /// Reports (indices into `pains`) with an unreadable time that came before any readable
    /// start: they take the start's time when it comes, and hold a placeholder until then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    awaiting_start: Vec<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StartLine {
    #[serde(with = "exact::zoned")]
    at: Zoned,
    routine: String,
    title: String,
    hash: String,
    #[serde(default, skip_serializing_if = "is_false")]
    preview: bool,
    planned_secs: u64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct EndLine {
    outcome: SessionOutcome,
    #[serde(with = "exact::secs")]
    active_secs: f64,
}

impl PartialSession {
    fn new(id: String) -> PartialSession {
        PartialSession {
            id,
            start: None,
            end: None,
            step_secs: 0.0,
            exercises_done: Vec::new(),
            skipped: Vec::new(),
            gentler: Vec::new(),
            pains: Vec::new(),
            awaiting_start: Vec::new(),
        }
    }

    fn is_final(&self) -> bool {
        self.start.is_some() && self.end.is_some()
    }

    pub(crate) fn push(&mut self, line: &Line) {
        let is_start = matches!(line.event, Event::Start { .. });
        if self.end.is_some() && !is_start {
            return;
        }
        match &line.event {
            Event::Start {
                routine,
                title,
                hash,
                preview,
                planned_secs,
                ..
            } => {
                if self.start.is_none()
                    && let Some(at) = parse_at(&line.at)
                {
                    for &i in &self.awaiting_start {
                        self.pains[i].at = at.clone();
                    }
                    self.awaiting_start.clear();
                    self.start = Some(StartLine {
                        at,
                        routine: routine.clone(),
                        title: title.clone(),
                        hash: hash.clone(),
                        preview: *preview,
                        planned_secs: *planned_secs,
                    });
                }
            }
            Event::Pause { .. } | Event::Resume => {}
            Event::Gentler { exercise } => push_distinct(&mut self.gentler, exercise),
            Event::Step {
                exercise,
                actual_secs,
                completes_exercise,
                ..
            } => {
                self.step_secs += actual_secs;
                if *completes_exercise && let Some(exercise) = exercise {
                    push_distinct(&mut self.exercises_done, exercise);
                }
            }
            Event::Skip { exercise } => push_distinct(&mut self.skipped, exercise),
            Event::Pain {
                exercise,
                side,
                rep,
                second,
                severity,
                location,
                feels,
                action,
                suggested: _,
            } => {
                let at = match (parse_at(&line.at), &self.start) {
                    (Some(at), _) => at,
                    (None, Some(start)) => start.at.clone(),
                    (None, None) => {
                        self.awaiting_start.push(self.pains.len());
                        Zoned::default()
                    }
                };
                self.pains.push(PainReport {
                    at,
                    exercise: exercise.clone(),
                    side: side.clone(),
                    rep: *rep,
                    second: *second,
                    severity: *severity,
                    location: location.clone(),
                    feels: feels.clone(),
                    action: action.clone(),
                });
            }
            Event::End {
                outcome,
                active_secs,
                ..
            } => {
                self.end = Some(EndLine {
                    outcome: SessionOutcome::from(*outcome),
                    active_secs: *active_secs,
                });
            }
        }
    }

    /// The record, once a readable start has been seen, taken out of the session (which is left
    /// empty).
    fn take_record(&mut self) -> Option<SessionRecord> {
        let start = self.start.take()?;
        let PartialSession {
            id,
            end,
            step_secs,
            exercises_done,
            mut skipped,
            gentler,
            pains,
            ..
        } = std::mem::replace(self, PartialSession::new(String::new()));
        // Going back to a skipped exercise and finishing it means it was done after all.
        skipped.retain(|id| !exercises_done.contains(id));
        let (outcome, active_secs) = end.map_or((SessionOutcome::Interrupted, step_secs), |end| {
            (end.outcome, end.active_secs)
        });
        Some(SessionRecord {
            id,
            routine: start.routine,
            title: start.title,
            hash: start.hash,
            start: start.at,
            preview: start.preview,
            outcome,
            active_secs,
            planned_secs: start.planned_secs,
            exercises_done,
            skipped,
            gentler,
            pains,
        })
    }
}

pub(crate) fn push_distinct(ids: &mut Vec<String>, id: &str) {
    if !ids.iter().any(|known| known == id) {
        ids.push(id.to_owned());
    }
}

/// An RFC 3339 time kept in the fixed offset it was written with (`Z` is UTC).
pub(crate) fn parse_at(at: &str) -> Option<Zoned> {
    let pieces = Pieces::parse(at).ok()?;
    let offset = pieces.to_numeric_offset()?;
    let local = pieces.date().to_datetime(pieces.time()?);
    let timestamp = offset.to_timestamp(local).ok()?;
    Some(timestamp.to_zoned(TimeZone::fixed(offset)))
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

/// Serde forms that read back exactly what was written, so a cached record equals the one the
/// log gives, to the last bit.
mod exact {
    /// A time as its local date and time followed by its offset to the second, e.g.
    /// `2026-03-02T08:15:03.12+01:00`; read back with the log's own time reader. RFC 3339 rounds
    /// an offset to the minute, which would move a time recorded at an odd offset.
    pub mod zoned {
        use jiff::Zoned;
        use serde::{Deserializer, Serializer, de};

        use super::super::{parse_at, std_fmt};

        pub fn serialize<S: Serializer>(at: &Zoned, serializer: S) -> Result<S::Ok, S::Error> {
            let offset = at.offset().seconds();
            let sign = if offset < 0 { '-' } else { '+' };
            let offset = offset.unsigned_abs();
            let (hours, minutes, seconds) = (offset / 3600, offset / 60 % 60, offset % 60);
            let datetime = at.datetime();
            if seconds == 0 {
                serializer.collect_str(&format_args!("{datetime}{sign}{hours:02}:{minutes:02}"))
            } else {
                serializer.collect_str(&format_args!(
                    "{datetime}{sign}{hours:02}:{minutes:02}:{seconds:02}"
                ))
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Zoned, D::Error> {
            deserializer.deserialize_str(Visitor)
        }

        struct Visitor;

        impl de::Visitor<'_> for Visitor {
            type Value = Zoned;

            fn expecting(&self, f: &mut std_fmt::Formatter) -> std_fmt::Result {
                f.write_str("a date and time with its UTC offset")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Zoned, E> {
                parse_at(text).ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
            }
        }
    }

    /// Seconds as the shortest decimal string that reads back to the same `f64`: `serde_json`'s
    /// default number reader may land one unit in the last place away, and a total rounded to
    /// minutes could then differ from the log's.
    pub mod secs {
        use serde::{Deserializer, Serializer, de};

        use super::super::std_fmt;

        #[allow(clippy::trivially_copy_pass_by_ref)] // serde's `with` passes a reference
        pub fn serialize<S: Serializer>(secs: &f64, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(secs)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
            deserializer.deserialize_str(Visitor)
        }

        struct Visitor;

        impl de::Visitor<'_> for Visitor {
            type Value = f64;

            fn expecting(&self, f: &mut std_fmt::Formatter) -> std_fmt::Result {
                f.write_str("seconds as a decimal string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<f64, E> {
                text.parse()
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
            }
        }
    }
}

/// Everything the history screen and `stats --json` show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    #[serde(serialize_with = "display")]
    pub today: Date,
    /// Counted days of the streak whose last counted day is at most `rest_days + 1` days before
    /// today; 0 when there is none. Only days up to today are looked at.
    pub current_streak: u32,
    /// Counted days of the longest streak up to today.
    pub longest_streak: u32,
    pub rest_days: u32,
    /// The streak rule in one sentence.
    pub streak_rule: String,
    /// The ISO week (Monday to Sunday) containing today.
    pub this_week: Week,
    /// The last 12 weeks including this one, oldest first.
    pub weekly_minutes: Vec<WeekMinutes>,
    /// Every day from the Monday 25 weeks before this week's Monday up to today, oldest first:
    /// 26 calendar columns, the last one cut at today.
    pub days: Vec<Day>,
    /// How the calendar's days are shaded, from the minutes of its days.
    pub shades: Shades,
    /// Per routine, most sessions first (then by id).
    pub routines: Vec<RoutineStats>,
    /// Completed sessions over all sessions; `None` when there are none.
    pub completion_rate: Option<f64>,
    pub total_sessions: u32,
    /// The sum of every session's minutes.
    pub total_minutes: u32,
    /// Every pain report, newest first.
    pub pains: Vec<PainRow>,
    /// Pain over the calendar's weeks, one series per routine and exercise that hurt in them,
    /// the one that hurt last first; [`ExerciseNames::pain_rows`] gives them their names.
    pub pain_weeks: Vec<PainSeries>,
    /// The session that started last.
    pub last_session: Option<LastSession>,
}

/// This week against the goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    #[serde(serialize_with = "display")]
    pub week_start: Date,
    /// Sessions that finished at least one exercise: the ones that count towards the goal.
    pub sessions: u32,
    /// Minutes of every session this week.
    pub minutes: u32,
    pub goal: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekMinutes {
    /// The Monday the week starts on.
    #[serde(serialize_with = "display")]
    pub week_start: Date,
    /// Minutes of every session that week.
    pub minutes: u32,
    /// Sessions that count towards the weekly goal (they finished an exercise).
    pub sessions: u32,
}

/// One day of the calendar heat map; sessions are placed on the day they started.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    #[serde(serialize_with = "display")]
    pub date: Date,
    pub minutes: u32,
    /// Every session started that day, whether it counts or not.
    pub sessions: u32,
    /// A session that finished an exercise started that day: the day counts for a streak.
    pub counts: bool,
    /// A session started that day has a pain report.
    pub pain: bool,
}

/// The calendar's shades, by the person's own range: the quartiles of the minutes of the
/// calendar's days with a session. Someone who does 2 to 7 minutes a day sees as many shades as
/// someone who does 20 to 60; fixed steps of ten minutes showed the first one shade only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shades {
    /// The least minutes of each shade after the first, ascending and distinct (at most 3).
    pub steps: Vec<u32>,
    /// The least and the most minutes of a day with a session (both 0 when there is none).
    pub least: u32,
    pub most: u32,
}

impl Shades {
    /// The shades for days of these minutes (days with a session only).
    fn of(mut minutes: Vec<u32>) -> Shades {
        minutes.sort_unstable();
        let (Some(&least), Some(&most)) = (minutes.first(), minutes.last()) else {
            return Shades {
                steps: Vec::new(),
                least: 0,
                most: 0,
            };
        };
        let n = minutes.len();
        let mut steps: Vec<u32> = [n / 4, n / 2, 3 * n / 4]
            .into_iter()
            .map(|i| minutes[i])
            .filter(|&m| m > least)
            .collect();
        steps.dedup();
        Shades { steps, least, most }
    }

    /// 0 for a day with no session, else 1 (least) up to `steps.len() + 1` (most).
    pub fn level(&self, day: &Day) -> usize {
        if day.sessions == 0 {
            0
        } else {
            1 + self
                .steps
                .iter()
                .filter(|&&step| day.minutes >= step)
                .count()
        }
    }

    /// Each shade's minutes, least first: `(from, to)`, both included.
    pub fn ranges(&self) -> Vec<(u32, u32)> {
        let froms = std::iter::once(self.least).chain(self.steps.iter().copied());
        let tos =
            (self.steps.iter().map(|s| s.saturating_sub(1))).chain(std::iter::once(self.most));
        froms.zip(tos).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutineStats {
    pub routine: String,
    /// The title of its latest session.
    pub title: String,
    pub sessions: u32,
    pub completed: u32,
    /// The sum of its sessions' minutes.
    pub minutes: u32,
}

/// A pain report with its session's routine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainRow {
    /// The local date of the report itself.
    #[serde(serialize_with = "display")]
    pub date: Date,
    /// The report's time, RFC 3339 with its offset.
    #[serde(serialize_with = "rfc3339")]
    pub at: Zoned,
    pub routine: String,
    pub title: String,
    pub exercise: Option<String>,
    pub side: Option<String>,
    pub severity: Option<u8>,
    pub location: Option<String>,
    pub feels: Option<String>,
    pub action: Option<String>,
}

/// One exercise's pain over the calendar's weeks, in one routine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainSeries {
    /// The exercise id; `None` for pain outside an exercise (the warm-up, the cool-down).
    pub exercise: Option<String>,
    /// The routine of its reports' sessions, to find the exercise's name in.
    pub routine: String,
    /// The worst severity reported in each calendar week (the weeks of [`Stats::days`], oldest
    /// first); `None` for a week with no report (or only reports without a severity).
    pub weeks: Vec<Option<u8>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LastSession {
    #[serde(serialize_with = "display")]
    pub date: Date,
    pub routine: String,
    pub title: String,
    pub outcome: SessionOutcome,
    pub minutes: u32,
}

/// Exercise names by id, from the routines the app knows, so history can name what hurt; an
/// exercise whose routine is gone is shown by its id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExerciseNames {
    /// Keyed by (routine id, exercise id).
    in_routine: HashMap<(String, String), String>,
    /// Keyed by exercise id alone: the first routine's name for it.
    by_id: HashMap<String, String>,
}

impl ExerciseNames {
    pub fn new<'a>(routines: impl IntoIterator<Item = &'a crate::core::routine::Routine>) -> Self {
        let mut names = ExerciseNames::default();
        for routine in routines {
            for exercise in &routine.exercises {
                names.in_routine.insert(
                    (routine.id.clone(), exercise.id.clone()),
                    exercise.name.clone(),
                );
                (names.by_id)
                    .entry(exercise.id.clone())
                    .or_insert_with(|| exercise.name.clone());
            }
        }
        names
    }

    /// The name of `exercise` as `routine` has it, else as any routine has it, else its id.
    pub fn name<'a>(&'a self, routine: &str, exercise: &'a str) -> &'a str {
        (self
            .in_routine
            .get(&(routine.to_owned(), exercise.to_owned())))
        .or_else(|| self.by_id.get(exercise))
        .map_or(exercise, String::as_str)
    }
}

impl ExerciseNames {
    /// The pain chart's rows: each series named as the routine its reports came from names the
    /// exercise, and series of one name made one row (its worst each week), in the order of the
    /// first. So an id two routines name differently is two rows, each under its own name, and
    /// an exercise two routines share under one name is one. `None` is pain outside an exercise.
    pub fn pain_rows(&self, series: &[PainSeries]) -> Vec<PainRowSeries> {
        let mut rows: Vec<PainRowSeries> = Vec::new();
        for s in series {
            let name = (s.exercise.as_deref()).map(|id| self.name(&s.routine, id).to_owned());
            if let Some(row) = rows.iter_mut().find(|r| r.name == name) {
                for (worst, week) in row.weeks.iter_mut().zip(&s.weeks) {
                    *worst = (*worst).max(*week);
                }
            } else {
                rows.push(PainRowSeries {
                    name,
                    weeks: s.weeks.clone(),
                });
            }
        }
        rows
    }
}

/// A row of the pain chart: an exercise by name, and its worst severity each calendar week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PainRowSeries {
    /// `None` for pain outside an exercise (the warm-up, the cool-down).
    pub name: Option<String>,
    pub weeks: Vec<Option<u8>>,
}

fn display<T: Display, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

fn rfc3339<S: Serializer>(at: &Zoned, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&at.timestamp().display_with_offset(at.offset()))
}

/// This week's sessions against the goal, in words, longest first (the home screen's top line
/// takes the first that fits): "2 of 3 this week" while under the goal, "4 this week (goal 3
/// met)" once it is met, so a count past the goal never reads as a fraction gone wrong ("4 of 3").
/// With no goal (0), the count alone.
pub fn week_words(sessions: u32, goal: u32) -> [String; 3] {
    if goal == 0 {
        let count = format!("{sessions} this week");
        [count.clone(), count, format!("{sessions} week")]
    } else if sessions < goal {
        [
            format!("{sessions} of {goal} this week"),
            format!("{sessions}/{goal} this week"),
            format!("{sessions}/{goal} week"),
        ]
    } else {
        [
            format!("{sessions} this week (goal {goal} met)"),
            format!("{sessions} this week, goal met"),
            "week goal met".to_owned(),
        ]
    }
}

/// Weeks in [`Stats::weekly_minutes`].
const WEEKS: usize = 12;
#[expect(clippy::cast_possible_wrap, reason = "a dozen fits")]
const WEEKS_I64: i64 = WEEKS as i64;
/// Weeks in the calendar of [`Stats::days`].
const CALENDAR_WEEKS: i64 = 26;

/// Streaks, weekly totals, the calendar, per-routine counts and pain reports, as of `today`.
pub fn stats(sessions: &[SessionRecord], today: Date, settings: &Settings) -> Stats {
    let mut tally = Tally::new(today);
    for session in sessions.iter().filter(|s| !s.preview) {
        tally.add(session);
    }
    let Tally {
        today_n,
        this_monday,
        first_week,
        first_day,
        weeks,
        this_week_sessions,
        calendar,
        mut counted_days,
        routines,
        mut pains,
        total_sessions,
        completed,
        total_minutes,
        last,
    } = tally;
    let date_of = |n: i64| shift(today, n - today_n);

    counted_days.sort_unstable();
    counted_days.dedup();
    let (current_streak, longest_streak) = streaks(&counted_days, today_n, settings.rest_days);
    let weekly_minutes = (first_week..)
        .step_by(7)
        .zip(weeks)
        .map(|(monday, week)| WeekMinutes {
            week_start: date_of(monday),
            minutes: week.minutes,
            sessions: week.sessions,
        })
        .collect();
    let days: Vec<Day> = (first_day..)
        .zip(calendar)
        .map(|(n, totals)| Day {
            date: date_of(n),
            minutes: totals.minutes,
            sessions: totals.sessions,
            counts: totals.counts,
            pain: totals.pain,
        })
        .collect();
    let shades = Shades::of(
        (days.iter())
            .filter(|d| d.sessions > 0)
            .map(|d| d.minutes)
            .collect(),
    );
    let mut routines: Vec<RoutineStats> = routines
        .into_iter()
        .map(|(routine, totals)| RoutineStats {
            routine: routine.to_owned(),
            title: totals.latest.map(|s| s.title.clone()).unwrap_or_default(),
            sessions: totals.sessions,
            completed: totals.completed,
            minutes: totals.minutes,
        })
        .collect();
    routines.sort_by(|a, b| {
        b.sessions
            .cmp(&a.sessions)
            .then_with(|| a.routine.cmp(&b.routine))
    });
    // Stable: reports at the same instant keep their log order.
    pains.sort_by_key(|row| std::cmp::Reverse(row.at.timestamp()));
    let pain_weeks = pain_weeks(&pains, first_day, today_n);

    Stats {
        today,
        current_streak,
        longest_streak,
        rest_days: settings.rest_days,
        streak_rule: streak_rule(settings.rest_days),
        this_week: Week {
            week_start: date_of(this_monday),
            sessions: this_week_sessions,
            minutes: weeks[WEEKS - 1].minutes,
            goal: settings.weekly_goal,
        },
        weekly_minutes,
        days,
        shades,
        routines,
        completion_rate: (total_sessions > 0)
            .then(|| f64::from(completed) / f64::from(total_sessions)),
        total_sessions,
        total_minutes,
        pains,
        pain_weeks,
        last_session: last.map(|s| LastSession {
            date: s.date(),
            routine: s.routine.clone(),
            title: s.title.clone(),
            outcome: s.outcome,
            minutes: s.minutes(),
        }),
    }
}

/// The worst severity each calendar week, per routine and exercise (one id may name different
/// exercises in two routines), from reports newest first (so the exercise that hurt last comes
/// first).
fn pain_weeks(pains: &[PainRow], first_day: i64, today_n: i64) -> Vec<PainSeries> {
    let week_count = usize::try_from((today_n - first_day) / 7 + 1).unwrap_or(0);
    let mut series: Vec<PainSeries> = Vec::new();
    for row in pains {
        let Some(day) = index_in(day_number(row.date), first_day, today_n + 1) else {
            continue;
        };
        let i = if let Some(i) =
            (series.iter()).position(|s| s.exercise == row.exercise && s.routine == row.routine)
        {
            i
        } else {
            series.push(PainSeries {
                exercise: row.exercise.clone(),
                routine: row.routine.clone(),
                weeks: vec![None; week_count],
            });
            series.len() - 1
        };
        if let Some(week) = series[i].weeks.get_mut(day / 7) {
            *week = (*week).max(row.severity);
        }
    }
    series
}

/// Running totals over the real sessions, with days as numbers (see [`day_number`]).
struct Tally<'a> {
    today_n: i64,
    this_monday: i64,
    /// The Monday of the oldest week in `weeks`.
    first_week: i64,
    /// The first day in `calendar`.
    first_day: i64,
    weeks: [WeekTotals; WEEKS],
    this_week_sessions: u32,
    calendar: Vec<DayTotals>,
    counted_days: Vec<i64>,
    routines: HashMap<&'a str, RoutineTotals<'a>>,
    pains: Vec<PainRow>,
    total_sessions: u32,
    completed: u32,
    total_minutes: u32,
    last: Option<&'a SessionRecord>,
}

impl<'a> Tally<'a> {
    fn new(today: Date) -> Tally<'a> {
        let today_n = day_number(today);
        let this_monday = today_n - i64::from(today.weekday().to_monday_zero_offset());
        let first_day = this_monday - 7 * (CALENDAR_WEEKS - 1);
        Tally {
            today_n,
            this_monday,
            first_week: this_monday - 7 * (WEEKS_I64 - 1),
            first_day,
            weeks: [WeekTotals::default(); WEEKS],
            this_week_sessions: 0,
            calendar: (first_day..=today_n)
                .map(|_| DayTotals::default())
                .collect(),
            counted_days: Vec::new(),
            routines: HashMap::new(),
            pains: Vec::new(),
            total_sessions: 0,
            completed: 0,
            total_minutes: 0,
            last: None,
        }
    }

    fn add(&mut self, session: &'a SessionRecord) {
        let n = day_number(session.date());
        let minutes = session.minutes();
        let is_completed = session.outcome == SessionOutcome::Completed;
        self.total_sessions += 1;
        self.total_minutes += minutes;
        self.completed += u32::from(is_completed);
        // Streaks are as of today: a day after it (a log read in a zone behind the one it was
        // written in) waits until its date comes.
        if session.counts() && n <= self.today_n {
            self.counted_days.push(n);
        }
        if (self.this_monday..self.this_monday + 7).contains(&n) {
            self.this_week_sessions += u32::from(session.counts());
        }
        if let Some(day) = index_in(n, self.first_week, self.this_monday + 7) {
            let week = &mut self.weeks[day / 7];
            week.minutes += minutes;
            week.sessions += u32::from(session.counts());
        }
        if let Some(day) = index_in(n, self.first_day, self.today_n + 1) {
            let totals = &mut self.calendar[day];
            totals.minutes += minutes;
            totals.sessions += 1;
            totals.counts |= session.counts();
            totals.pain |= !session.pains.is_empty();
        }
        let routine = self.routines.entry(&session.routine).or_default();
        routine.sessions += 1;
        routine.completed += u32::from(is_completed);
        routine.minutes += minutes;
        if is_latest(routine.latest, session) {
            routine.latest = Some(session);
        }
        if is_latest(self.last, session) {
            self.last = Some(session);
        }
        self.pains.extend(session.pains.iter().map(|pain| PainRow {
            date: pain.at.date(),
            at: pain.at.clone(),
            routine: session.routine.clone(),
            title: session.title.clone(),
            exercise: pain.exercise.clone(),
            side: pain.side.clone(),
            severity: pain.severity,
            location: pain.location.clone(),
            feels: pain.feels.clone(),
            action: pain.action.clone(),
        }));
    }
}

/// Whether `session` started no earlier than `latest` (so of two at once, the later in the log).
fn is_latest(latest: Option<&SessionRecord>, session: &SessionRecord) -> bool {
    latest.is_none_or(|latest| latest.start.timestamp() <= session.start.timestamp())
}

#[derive(Default, Clone, Copy)]
struct WeekTotals {
    minutes: u32,
    sessions: u32,
}

#[derive(Default)]
struct DayTotals {
    minutes: u32,
    sessions: u32,
    counts: bool,
    pain: bool,
}

#[derive(Default)]
struct RoutineTotals<'a> {
    sessions: u32,
    completed: u32,
    minutes: u32,
    latest: Option<&'a SessionRecord>,
}

/// `n - first` when `n` is in `first..end`.
fn index_in(n: i64, first: i64, end: i64) -> Option<usize> {
    if (first..end).contains(&n) {
        usize::try_from(n - first).ok()
    } else {
        None
    }
}

/// The current and the longest streak over sorted, distinct counted day numbers. Up to
/// `rest_days` uncounted days may sit between two counted days of one streak; a streak is as long
/// as its counted days. The current streak is the one whose last day is at most `rest_days + 1`
/// days before today.
fn streaks(counted_days: &[i64], today: i64, rest_days: u32) -> (u32, u32) {
    let max_step = i64::from(rest_days) + 1;
    let (mut length, mut longest) = (0u32, 0u32);
    let mut previous: Option<i64> = None;
    for &day in counted_days {
        length = match previous {
            Some(p) if day - p <= max_step => length + 1,
            _ => 1,
        };
        longest = longest.max(length);
        previous = Some(day);
    }
    let current = match previous {
        Some(last) if today - last <= max_step => length,
        _ => 0,
    };
    (current, longest)
}

/// The streak rule in one sentence, for `stats --json`.
fn streak_rule(rest_days: u32) -> String {
    let counts = "A day counts when a session that finished at least one exercise started on it \
                  (by its local date)";
    match rest_days {
        0 => format!("{counts}; a streak is a run of counted days in a row."),
        n => format!(
            "{counts}; up to {} without one may sit between two counted days without breaking a \
             streak, and a streak's length counts only the counted days.",
            plural(n, "day")
        ),
    }
}

/// Whole minutes, rounded to the nearest: the one rounding used everywhere.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a float to int `as` saturates, and NaN becomes 0, which is what a total should do"
)]
pub fn minutes(secs: f64) -> u32 {
    (secs / 60.0).round() as u32
}

/// Whole minutes of whole seconds, rounded like [`minutes`].
fn whole_minutes(secs: u64) -> u64 {
    secs.saturating_add(30) / 60
}

const EPOCH: Date = jiff::civil::date(1970, 1, 1);

/// Days since 1970-01-01, so dates can be compared and indexed as numbers.
fn day_number(date: Date) -> i64 {
    date.duration_since(EPOCH).as_hours() / 24
}

/// `date` moved by `days` (which stay well within jiff's range: at most a few hundred).
fn shift(date: Date, days: i64) -> Date {
    date.saturating_add(SignedDuration::from_hours(days * 24))
}

/// The CSV header of [`export_csv`].
pub const CSV_HEADER: &str = "date,time,routine,planned_minutes,actual_minutes,outcome,max_pain,\
                              exercises_done,exercises_skipped";

/// One CSV row per session, for a physiotherapist: `date, time, routine, planned_minutes,
/// actual_minutes, outcome, max_pain, exercises_done, exercises_skipped` (exercise ids joined
/// with `;`), header first. Dates and times are local at the recorded offset; `routine` is the
/// title. Lines end in CRLF and fields are quoted as RFC 4180 says, when needed. Previews are left
/// out; with `since`, only sessions on or after that date are written. Sessions are written in
/// the order given ([`sessions`] gives them oldest first).
pub fn export_csv(
    sessions: &[SessionRecord],
    since: Option<Date>,
    out: &mut impl Write,
) -> io::Result<()> {
    write!(out, "{CSV_HEADER}\r\n")?;
    for session in sessions
        .iter()
        .filter(|s| !s.preview && since.is_none_or(|since| s.date() >= since))
    {
        let fields = [
            session.date().to_string(),
            session.start.strftime("%H:%M").to_string(),
            session.title.clone(),
            whole_minutes(session.planned_secs).to_string(),
            session.minutes().to_string(),
            session.outcome.as_str().to_owned(),
            session
                .max_pain()
                .map_or_else(String::new, |p| p.to_string()),
            session.exercises_done.join(";"),
            session.skipped.join(";"),
        ];
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            write_csv_field(out, field)?;
        }
        out.write_all(b"\r\n")?;
    }
    Ok(())
}

/// A field as is, or in double quotes with its quotes doubled when it holds a comma, a quote or a
/// line break.
fn write_csv_field(out: &mut impl Write, field: &str) -> io::Result<()> {
    if field.contains([',', '"', '\r', '\n']) {
        write!(out, "\"{}\"", field.replace('"', "\"\""))
    } else {
        out.write_all(field.as_bytes())
    }
}
