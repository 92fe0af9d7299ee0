//! Break reminders for desk workers: how often, when the working day is, what to suggest, and
//! the one rule for when a break is due ([`Reminders::due`]). Pure: the last break (from the log),
//! a snooze and `now` are its inputs, never the clock.

use jiff::civil::{Date, Time, Weekday};
use jiff::{SignedDuration, Timestamp, Zoned};

/// When to remind, read from `settings.json` (`remind_every_mins`, `work_hours`, `work_days`,
/// `suggest`, `snooze_mins`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminders {
    /// Minutes between breaks; 0 turns reminders off.
    pub every_mins: u32,
    /// The working day, local time: nothing is due before `start` or from `end` on.
    pub start: Time,
    pub end: Time,
    /// The days reminders run on.
    pub days: Vec<Weekday>,
    /// The routine a reminder offers.
    pub suggest: String,
    /// How long `s` (snooze) puts a due break off.
    pub snooze_mins: u32,
}

impl Default for Reminders {
    fn default() -> Reminders {
        Reminders {
            every_mins: 50,
            start: Time::constant(9, 0, 0, 0),
            end: Time::constant(18, 0, 0, 0),
            days: vec![
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Wednesday,
                Weekday::Thursday,
                Weekday::Friday,
            ],
            suggest: "micro-break".to_owned(),
            snooze_mins: 10,
        }
    }
}

impl Reminders {
    /// Whether reminders are on at all.
    pub fn on(&self) -> bool {
        self.every_mins > 0
    }
}

/// What the due rule says at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// `every_mins` is 0: no reminders at all.
    Off,
    /// Outside working hours, on a day off, or the working day ends before the next break would
    /// come: nothing is due until the next working day starts.
    OffHours,
    /// A break is due, and has been since `since`. One state however long ago that was: a laptop
    /// that slept through three intervals gets one reminder on waking, not three.
    Now { since: Zoned },
    /// The next break is due at `at`, within today's working hours.
    Later { at: Zoned },
}

impl Reminders {
    /// Whether a break is due at `now`.
    ///
    /// The interval runs from the later of the last break (the end of the last session in the
    /// log, whichever window ran it) and the start of the working hours `now` falls in; a snooze
    /// (or a skip) pushes the time to `snoozed_until` when that is later. Intervals are real
    /// elapsed minutes, so a clock change (summer time) neither shortens nor stretches one.
    /// Working hours may run over midnight (`22:00`-`06:00`): the night belongs to the day it
    /// started on.
    pub fn due(
        &self,
        last_break: Option<Timestamp>,
        snoozed_until: Option<Timestamp>,
        now: &Zoned,
    ) -> Due {
        if !self.on() {
            return Due::Off;
        }
        let Some((start, end)) = self.window(now) else {
            return Due::OffHours;
        };
        let from = last_break.map_or(start, |last| last.max(start));
        let every = SignedDuration::from_mins(i64::from(self.every_mins));
        let mut at = from.checked_add(every).unwrap_or(Timestamp::MAX);
        if let Some(snoozed) = snoozed_until {
            at = at.max(snoozed);
        }
        if at >= end {
            return Due::OffHours;
        }
        let at = at.to_zoned(now.time_zone().clone());
        if now.timestamp() >= at.timestamp() {
            Due::Now { since: at }
        } else {
            Due::Later { at }
        }
    }

    /// The working hours `now` falls in, as instants, if it falls in any.
    fn window(&self, now: &Zoned) -> Option<(Timestamp, Timestamp)> {
        let today = now.date();
        let time = now.time();
        let on_day = |date: Date| self.days.contains(&date.weekday());
        let at = |date: Date, time: Time| {
            // A time the clock skipped (summer time) is read as the moment after the gap.
            date.to_datetime(time)
                .to_zoned(now.time_zone().clone())
                .ok()
                .map(|z| z.timestamp())
        };
        let next_day = |date: Date| date.tomorrow().ok();
        if self.start < self.end {
            let open = on_day(today) && self.start <= time && time < self.end;
            return if open {
                Some((at(today, self.start)?, at(today, self.end)?))
            } else {
                None
            };
        }
        // Over midnight (or all day, when start and end are equal).
        if time >= self.start && on_day(today) {
            return Some((at(today, self.start)?, at(next_day(today)?, self.end)?));
        }
        let yesterday = today.yesterday().ok()?;
        if time < self.end && on_day(yesterday) {
            return Some((at(yesterday, self.start)?, at(today, self.end)?));
        }
        None
    }
}

/// Whole minutes from `now` until `at`, rounded up: "in 1m" until the very moment, never "in 0m".
pub fn minutes_until(now: &Zoned, at: &Zoned) -> u32 {
    let secs = at.timestamp().duration_since(now.timestamp()).as_secs();
    u32::try_from((secs.max(0) + 59) / 60).unwrap_or(u32::MAX)
}

/// A wait in few characters: `23m`, `1h 5m`.
pub fn short_wait(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

/// The home screen's line about the next break: "next stretch in 23m", "stretch due now", or
/// nothing when reminders are off or it is outside working hours.
pub fn next_stretch_line(due: &Due, now: &Zoned) -> Option<String> {
    match due {
        Due::Off | Due::OffHours => None,
        Due::Now { .. } => Some("stretch due now".to_owned()),
        // Read a while ago, and the time has come since.
        Due::Later { at } if at <= now => Some("stretch due now".to_owned()),
        Due::Later { at } => Some(format!(
            "next stretch in {}",
            short_wait(minutes_until(now, at))
        )),
    }
}

#[cfg(test)]
mod tests;
