//! Break reminders for desk workers: how often, when the working day is, what to suggest.
//! The settings live here; the rule for when a break is due (pure: the log's last session, the
//! settings, a snooze and the time are its inputs, never the clock) joins them.

use jiff::civil::{Time, Weekday};

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
