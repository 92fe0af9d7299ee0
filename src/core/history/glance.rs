//! A glance at the history for a status bar: today's session, this week's count, the current
//! streak and when the last break ended, gathered one session at a time so that ten years of
//! them are never held at once. The rules are the history's own ([`SessionRecord::counts`], the
//! week from Monday, the streak with its rest days); only what is kept differs.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, Zoned};
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{SessionRecord, Settings, counts, day_number, exact, streaks};

/// The little a glance needs of one session. Reads from the history cache's form of a finished
/// session, ignoring the rest of it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Brief {
    #[serde(with = "exact::zoned")]
    pub start: Zoned,
    #[serde(default)]
    pub preview: bool,
    #[serde(with = "exact::secs")]
    pub active_secs: f64,
    /// How many exercises were finished; read without keeping their names.
    #[serde(default, rename = "exercises_done", deserialize_with = "count")]
    pub exercises_done: usize,
}

fn count<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<usize, D::Error> {
    Vec::<IgnoredAny>::deserialize(deserializer).map(|items| items.len())
}

impl Brief {
    /// When the session ended: its start plus its active time (pauses are not counted, so a
    /// paused session reads as ending a little early).
    pub fn end(&self) -> Timestamp {
        let active = SignedDuration::try_from_secs_f64(self.active_secs).unwrap_or_default();
        self.start
            .timestamp()
            .checked_add(active)
            .unwrap_or(self.start.timestamp())
    }
}

impl From<&SessionRecord> for Brief {
    fn from(record: &SessionRecord) -> Brief {
        Brief {
            start: record.start.clone(),
            preview: record.preview,
            active_secs: record.active_secs,
            exercises_done: record.exercises_done.len(),
        }
    }
}

/// The glance being gathered, as of one day.
#[derive(Debug, Clone)]
pub struct Glance {
    today_n: i64,
    this_monday: i64,
    counted_days: Vec<i64>,
    sessions_today: u32,
    week_done: u32,
    last_break: Option<Timestamp>,
}

/// What a glance says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glanced {
    /// A session that counts started today.
    pub done_today: bool,
    /// How many sessions that count started today.
    pub sessions_today: u32,
    pub streak: u32,
    /// Sessions that count this week (from Monday), and the weekly goal.
    pub week_done: u32,
    pub week_goal: u32,
    /// When the last session (not a preview) ended, whatever its outcome: any break counts.
    pub last_break: Option<Timestamp>,
}

impl Glance {
    pub fn new(today: Date) -> Glance {
        let today_n = day_number(today);
        Glance {
            today_n,
            this_monday: today_n - i64::from(today.weekday().to_monday_zero_offset()),
            counted_days: Vec::new(),
            sessions_today: 0,
            week_done: 0,
            last_break: None,
        }
    }

    pub fn add(&mut self, session: &Brief) {
        if session.preview {
            return;
        }
        let n = day_number(session.start.date());
        let counted = counts(session.preview, session.exercises_done);
        if counted && n <= self.today_n {
            self.counted_days.push(n);
        }
        if counted && n == self.today_n {
            self.sessions_today += 1;
        }
        if counted && (self.this_monday..self.this_monday + 7).contains(&n) {
            self.week_done += 1;
        }
        self.last_break = self.last_break.max(Some(session.end()));
    }

    pub fn finish(mut self, settings: &Settings) -> Glanced {
        self.counted_days.sort_unstable();
        self.counted_days.dedup();
        let (streak, _) = streaks(&self.counted_days, self.today_n, settings.rest_days);
        Glanced {
            done_today: self.sessions_today > 0,
            sessions_today: self.sessions_today,
            streak,
            week_done: self.week_done,
            week_goal: settings.weekly_goal,
            last_break: self.last_break,
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use pretty_assertions::assert_eq;

    use super::*;
    use crate::core::history;

    fn brief(start: &str, secs: f64, done: usize) -> Brief {
        Brief {
            start: start.parse().expect("a time"),
            preview: false,
            active_secs: secs,
            exercises_done: done,
        }
    }

    /// The glance agrees with the full statistics on the same sessions.
    #[test]
    fn a_glance_agrees_with_the_history() {
        let sessions = [
            brief("2026-03-02T08:00:00+01:00[+01:00]", 300.0, 3),
            brief("2026-03-04T08:00:00+01:00[+01:00]", 300.0, 3),
            brief("2026-03-05T08:00:00+01:00[+01:00]", 20.0, 0),
            brief("2026-03-06T12:30:00+01:00[+01:00]", 125.5, 2),
        ];
        let mut glance = Glance::new(date(2026, 3, 6));
        for s in &sessions {
            glance.add(s);
        }
        let settings = Settings::default();
        let glanced = glance.finish(&settings);
        assert_eq!(glanced.streak, 3);
        assert!(glanced.done_today);
        assert_eq!(glanced.week_done, 3);
        assert_eq!(
            glanced.last_break,
            Some("2026-03-06T11:32:05.5Z".parse().expect("a time"))
        );
        // The same rules as the history screen's.
        let records: Vec<SessionRecord> = sessions
            .iter()
            .map(|b| SessionRecord {
                id: String::new(),
                routine: "r".into(),
                title: "R".into(),
                hash: String::new(),
                start: b.start.clone(),
                preview: false,
                outcome: history::SessionOutcome::Completed,
                active_secs: b.active_secs,
                planned_secs: 0,
                exercises_done: vec!["e".into(); b.exercises_done],
                skipped: vec![],
                gentler: vec![],
                pains: vec![],
            })
            .collect();
        let stats = history::stats(&records, date(2026, 3, 6), &settings);
        assert_eq!(stats.current_streak, glanced.streak);
        assert_eq!(stats.this_week.sessions, glanced.week_done);
    }

    #[test]
    fn previews_are_not_breaks() {
        let mut preview = brief("2026-03-06T12:30:00+01:00[+01:00]", 60.0, 2);
        preview.preview = true;
        let mut glance = Glance::new(date(2026, 3, 6));
        glance.add(&preview);
        let glanced = glance.finish(&Settings::default());
        assert_eq!((glanced.done_today, glanced.last_break), (false, None));
    }
}
