use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use pretty_assertions::assert_eq;

use super::{Due, Reminders};

/// A local time in Berlin (no summer time in December): `"2026-12-07 10:15"` (a Monday).
fn at(local: &str) -> Zoned {
    in_zone(local, "Europe/Berlin")
}

fn in_zone(local: &str, zone: &str) -> Zoned {
    let tz = TimeZone::get(zone).expect("the system's time zone database");
    local
        .parse::<jiff::civil::DateTime>()
        .expect("a local time")
        .to_zoned(tz)
        .expect("a time in the zone")
}

fn ts(local: &str) -> Timestamp {
    at(local).timestamp()
}

fn later(local: &str) -> Due {
    Due::Later { at: at(local) }
}

fn now_since(local: &str) -> Due {
    Due::Now { since: at(local) }
}

#[test]
fn the_first_break_comes_an_interval_after_the_working_day_starts() {
    let r = Reminders::default();
    assert_eq!(
        r.due(None, None, &at("2026-12-07 09:00")),
        later("2026-12-07 09:50")
    );
    assert_eq!(
        r.due(None, None, &at("2026-12-07 09:49:59")),
        later("2026-12-07 09:50")
    );
    assert_eq!(
        r.due(None, None, &at("2026-12-07 09:50")),
        now_since("2026-12-07 09:50")
    );
    // Yesterday's session does not move today's first break.
    let evening = ts("2026-12-06 20:00");
    assert_eq!(
        r.due(Some(evening), None, &at("2026-12-07 09:10")),
        later("2026-12-07 09:50")
    );
}

#[test]
fn a_break_counts_from_the_end_of_the_last_session() {
    let r = Reminders::default();
    let last = Some(ts("2026-12-07 10:20"));
    assert_eq!(
        r.due(last, None, &at("2026-12-07 10:30")),
        later("2026-12-07 11:10")
    );
    assert_eq!(
        r.due(last, None, &at("2026-12-07 11:30")),
        now_since("2026-12-07 11:10")
    );
}

#[test]
fn nothing_is_due_outside_working_hours() {
    let r = Reminders::default();
    assert_eq!(r.due(None, None, &at("2026-12-07 08:59:59")), Due::OffHours);
    assert_eq!(r.due(None, None, &at("2026-12-07 18:00")), Due::OffHours);
    assert_eq!(r.due(None, None, &at("2026-12-07 23:30")), Due::OffHours);
    // A break that would come after the day's end waits for tomorrow.
    let last = Some(ts("2026-12-07 17:15"));
    assert_eq!(r.due(last, None, &at("2026-12-07 17:20")), Due::OffHours);
}

#[test]
fn nothing_is_due_on_days_off() {
    let r = Reminders::default();
    // 2026-12-05 and -06 are a Saturday and a Sunday.
    assert_eq!(r.due(None, None, &at("2026-12-05 11:00")), Due::OffHours);
    assert_eq!(r.due(None, None, &at("2026-12-06 11:00")), Due::OffHours);
    let weekends = Reminders {
        days: vec![Weekday::Saturday, Weekday::Sunday],
        ..Reminders::default()
    };
    assert_eq!(
        weekends.due(None, None, &at("2026-12-06 11:00")),
        now_since("2026-12-06 09:50")
    );
    assert_eq!(
        weekends.due(None, None, &at("2026-12-07 11:00")),
        Due::OffHours
    );
}

#[test]
fn zero_minutes_turns_reminders_off() {
    let r = Reminders {
        every_mins: 0,
        ..Reminders::default()
    };
    assert_eq!(r.due(None, None, &at("2026-12-07 11:00")), Due::Off);
}

#[test]
fn a_snooze_pushes_the_break_and_an_old_snooze_does_not() {
    let r = Reminders::default();
    let last = Some(ts("2026-12-07 09:00"));
    let snooze = Some(ts("2026-12-07 10:05"));
    assert_eq!(
        r.due(last, snooze, &at("2026-12-07 09:55")),
        later("2026-12-07 10:05")
    );
    assert_eq!(
        r.due(last, snooze, &at("2026-12-07 10:05")),
        now_since("2026-12-07 10:05")
    );
    // A snooze from before the last break changes nothing.
    let old = Some(ts("2026-12-07 08:00"));
    assert_eq!(
        r.due(last, old, &at("2026-12-07 09:55")),
        now_since("2026-12-07 09:50")
    );
    // A snooze past the day's end means no more reminders today.
    let late = Some(ts("2026-12-07 18:05"));
    assert_eq!(r.due(last, late, &at("2026-12-07 17:59")), Due::OffHours);
}

#[test]
fn a_session_finished_in_another_window_counts_at_once() {
    let r = Reminders::default();
    let now = at("2026-12-07 10:45");
    let before = Some(ts("2026-12-07 09:00"));
    assert_eq!(r.due(before, None, &now), now_since("2026-12-07 09:50"));
    // The other window's session ended a minute ago: the next break is an interval from then.
    let other = Some(ts("2026-12-07 10:44"));
    assert_eq!(r.due(other, None, &now), later("2026-12-07 11:34"));
}

#[test]
fn a_laptop_asleep_for_hours_finds_one_break_due_not_several() {
    let r = Reminders::default();
    let last = Some(ts("2026-12-07 09:30"));
    // Shut at 09:40, opened at 13:05: three intervals went by; one break is due, since 10:20.
    assert_eq!(
        r.due(last, None, &at("2026-12-07 13:05")),
        now_since("2026-12-07 10:20")
    );
    // Snoozed on waking, it comes back once, ten minutes later.
    let snooze = Some(ts("2026-12-07 13:15"));
    assert_eq!(
        r.due(last, snooze, &at("2026-12-07 13:06")),
        later("2026-12-07 13:15")
    );
}

#[test]
fn working_hours_across_midnight_belong_to_the_night_they_start() {
    let night = Reminders {
        start: Time::constant(22, 0, 0, 0),
        end: Time::constant(6, 0, 0, 0),
        ..Reminders::default()
    };
    // Monday night into Tuesday morning.
    let last = Some(ts("2026-12-07 23:40"));
    assert_eq!(
        night.due(last, None, &at("2026-12-08 00:10")),
        later("2026-12-08 00:30")
    );
    assert_eq!(
        night.due(None, None, &at("2026-12-07 22:10")),
        later("2026-12-07 22:50")
    );
    assert_eq!(
        night.due(None, None, &at("2026-12-08 06:00")),
        Due::OffHours
    );
    assert_eq!(
        night.due(None, None, &at("2026-12-08 21:59")),
        Due::OffHours
    );
    // Friday night runs into Saturday; Saturday night is off; so is the Monday morning after it.
    assert_eq!(
        night.due(None, None, &at("2026-12-12 03:00")),
        now_since("2026-12-11 22:50")
    );
    assert_eq!(
        night.due(None, None, &at("2026-12-12 23:00")),
        Due::OffHours
    );
    assert_eq!(
        night.due(None, None, &at("2026-12-14 03:00")),
        Due::OffHours
    );
}

#[test]
fn an_interval_across_a_clock_change_is_real_minutes() {
    let ny = |local: &str| in_zone(local, "America/New_York");
    let night = Reminders {
        start: Time::constant(0, 0, 0, 0),
        end: Time::constant(6, 0, 0, 0),
        days: vec![Weekday::Sunday],
        ..Reminders::default()
    };
    // 2026-03-08 02:00 EST becomes 03:00 EDT: 01:40 + 50 minutes is 03:30 on the clock.
    let last = Some(ny("2026-03-08 01:40").timestamp());
    assert_eq!(
        night.due(last, None, &ny("2026-03-08 03:10")),
        Due::Later {
            at: ny("2026-03-08 03:30")
        }
    );
    // 2026-11-01 02:00 EDT falls back to 01:00 EST: 00:50 EDT + 50 minutes is 01:40 EDT, and the
    // first 01:40 of the night.
    let last = ny("2026-11-01 00:50").timestamp();
    let due = night.due(Some(last), None, &ny("2026-11-01 01:00"));
    let Due::Later { at } = due else {
        panic!("expected a break later, got {due:?}");
    };
    assert_eq!(at.timestamp().duration_since(last).as_mins(), 50);
    assert_eq!(at.offset().seconds(), -4 * 3600);
}

#[test]
fn the_working_day_starts_at_its_local_time_after_a_clock_change() {
    let ny = |local: &str| in_zone(local, "America/New_York");
    let r = Reminders {
        days: vec![Weekday::Sunday, Weekday::Monday],
        ..Reminders::default()
    };
    // The Monday after the spring change: 09:00 is 09:00 on the new clock.
    assert_eq!(
        r.due(None, None, &ny("2026-03-09 09:30")),
        Due::Later {
            at: ny("2026-03-09 09:50")
        }
    );
}
