use crate::core::log;
use jiff::civil::{Date, date};
use jiff::tz::Offset;
use pretty_assertions::assert_eq;
use proptest::prelude::*;

use super::*;
use crate::core::log::PauseReason;

// ---- building log lines ----

fn line(session: &str, at: &str, event: Event) -> Line {
    Line {
        v: log::LOG_SCHEMA,
        at: at.to_owned(),
        session: session.to_owned(),
        event,
    }
}

fn start(session: &str, at: &str, routine: &str, title: &str) -> Line {
    line(
        session,
        at,
        Event::Start {
            routine: routine.to_owned(),
            title: title.to_owned(),
            hash: "h".to_owned(),
            preview: false,
            speed: 1,
            planned_secs: 600,
        },
    )
}

fn preview_start(session: &str, at: &str, routine: &str) -> Line {
    line(
        session,
        at,
        Event::Start {
            routine: routine.to_owned(),
            title: routine.to_owned(),
            hash: "h".to_owned(),
            preview: true,
            speed: 10,
            planned_secs: 600,
        },
    )
}

/// A step of `exercise` that took `secs`; `completes` when it finished the exercise's dose.
fn step(session: &str, at: &str, exercise: &str, secs: f64, completes: bool) -> Line {
    line(
        session,
        at,
        Event::Step {
            step: 0,
            kind: "hold".to_owned(),
            exercise: Some(exercise.to_owned()),
            side: None,
            rep: None,
            set: None,
            planned_secs: secs,
            actual_secs: secs,
            completes_exercise: completes,
        },
    )
}

fn skip(session: &str, at: &str, exercise: &str) -> Line {
    line(
        session,
        at,
        Event::Skip {
            exercise: exercise.to_owned(),
        },
    )
}

fn pain(session: &str, at: &str, exercise: &str, severity: u8) -> Line {
    line(
        session,
        at,
        Event::Pain {
            exercise: Some(exercise.to_owned()),
            side: Some("left".to_owned()),
            rep: Some(1),
            second: 4.5,
            severity: Some(severity),
            location: Some("lower back".to_owned()),
            feels: Some("sharp".to_owned()),
            action: Some("skip".to_owned()),
            suggested: Some("skip".to_owned()),
        },
    )
}

fn end(session: &str, at: &str, outcome: Outcome, active_secs: f64) -> Line {
    line(
        session,
        at,
        Event::End {
            outcome,
            active_secs,
            exercises_done: 1,
        },
    )
}

/// A whole session of `routine` started at `at` that finished one exercise in `secs`.
fn done_session(session: &str, at: &str, routine: &str, secs: f64) -> Vec<Line> {
    vec![
        start(session, at, routine, routine),
        step(session, at, "knee-hug", secs, true),
        end(session, at, Outcome::Completed, secs),
    ]
}

/// One completed 10-minute session at each time, with its time as id.
fn log_at(times: &[&str]) -> Vec<SessionRecord> {
    let lines: Vec<Line> = times
        .iter()
        .flat_map(|at| done_session(at, at, "daily", 600.0))
        .collect();
    sessions(&lines)
}

fn stats_on(sessions: &[SessionRecord], today: Date) -> Stats {
    stats(sessions, today, &Settings::default())
}

fn streaks_on(sessions: &[SessionRecord], today: Date, rest_days: u32) -> (u32, u32) {
    let settings = Settings {
        rest_days,
        ..Settings::default()
    };
    let stats = stats(sessions, today, &settings);
    (stats.current_streak, stats.longest_streak)
}

fn dates(sessions: &[SessionRecord]) -> Vec<Date> {
    sessions.iter().map(SessionRecord::date).collect()
}

fn export(sessions: &[SessionRecord], since: Option<Date>) -> String {
    let mut out = Vec::new();
    export_csv(sessions, since, &mut out).expect("writing to a Vec");
    String::from_utf8(out).expect("UTF-8")
}

// ---- grouping ----

/// Lines of two sessions that interleave in the log are gathered by session id.
#[test]
fn interleaved_lines_are_grouped_by_session_id() {
    let lines = vec![
        start("a", "2026-03-02T08:00:00.000+01:00", "desk", "Desk"),
        start("b", "2026-03-02T08:01:00.000+01:00", "floor", "Floor"),
        step("a", "2026-03-02T08:02:00.000+01:00", "twist", 30.0, true),
        step("b", "2026-03-02T08:03:00.000+01:00", "bridge", 40.0, true),
        skip("a", "2026-03-02T08:04:00.000+01:00", "reach"),
        end("b", "2026-03-02T08:05:00.000+01:00", Outcome::Stopped, 41.5),
        end(
            "a",
            "2026-03-02T08:06:00.000+01:00",
            Outcome::Completed,
            95.25,
        ),
    ];
    let found = sessions(&lines);
    let summary: Vec<_> = found
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.routine.as_str(),
                s.outcome,
                s.active_secs,
                s.exercises_done.clone(),
                s.skipped.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "a",
                "desk",
                SessionOutcome::Completed,
                95.25,
                vec!["twist".to_owned()],
                vec!["reach".to_owned()]
            ),
            (
                "b",
                "floor",
                SessionOutcome::Stopped,
                41.5,
                vec!["bridge".to_owned()],
                vec![]
            ),
        ]
    );
}

/// A session whose log stops without an End line is interrupted, and its active time is the sum
/// of its steps.
#[test]
fn session_without_end_is_interrupted_with_active_time_from_its_steps() {
    let at = "2026-03-02T08:00:00.000+01:00";
    let lines = vec![
        start("a", at, "desk", "Desk"),
        step("a", at, "twist", 30.5, false),
        line(
            "a",
            at,
            Event::Pause {
                reason: PauseReason::User,
            },
        ),
        line("a", at, Event::Resume),
        step("a", at, "twist", 29.5, true),
        step("a", at, "reach", 12.25, false),
    ];
    let found = sessions(&lines);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].outcome, SessionOutcome::Interrupted);
    assert!((found[0].active_secs - 72.25).abs() < 1e-9);
    assert_eq!(found[0].exercises_done, vec!["twist".to_owned()]);
}

/// Lines of a session whose Start line is missing (or unreadable) are left out.
#[test]
fn lines_of_a_session_without_start_are_ignored() {
    let at = "2026-03-02T08:00:00.000+01:00";
    let mut lines = done_session("kept", at, "desk", 60.0);
    lines.push(step("orphan", at, "twist", 30.0, true));
    lines.push(end("orphan", at, Outcome::Completed, 30.0));
    lines.extend(done_session("bad-time", "yesterday morning", "desk", 60.0));
    let ids: Vec<_> = sessions(&lines).into_iter().map(|s| s.id).collect();
    assert_eq!(ids, vec!["kept".to_owned()]);
}

/// Sessions come out in order of their start instant, whatever their order in the log and the
/// offsets they were written with.
#[test]
fn sessions_are_ordered_by_start_instant() {
    let mut lines = done_session("later", "2026-03-02T08:00:00.000+01:00", "desk", 60.0);
    // 06:30 UTC: before 07:00 UTC although its local clock says later.
    lines.extend(done_session(
        "earlier",
        "2026-03-02T08:30:00.000+02:00",
        "desk",
        60.0,
    ));
    let ids: Vec<_> = sessions(&lines).into_iter().map(|s| s.id).collect();
    assert_eq!(ids, vec!["earlier".to_owned(), "later".to_owned()]);
}

/// The start keeps the offset of the Start line, and the session's date is local by it.
#[test]
fn start_keeps_the_recorded_offset() {
    let found = log_at(&["2026-03-02T20:15:03.120-08:00"]);
    let start = &found[0].start;
    assert_eq!(start.offset(), Offset::constant(-8));
    assert_eq!(
        start.datetime(),
        date(2026, 3, 2).at(20, 15, 3, 120_000_000)
    );
    assert_eq!(start.timestamp().to_string(), "2026-03-03T04:15:03.12Z");
    assert_eq!(found[0].date(), date(2026, 3, 2));
}

/// Done exercises are distinct and in order; an exercise skipped and then finished after going
/// back is done, not skipped; lines after the End line are ignored.
#[test]
fn done_and_skipped_exercises_are_distinct_and_lines_after_end_are_ignored() {
    let at = "2026-03-02T08:00:00.000+01:00";
    let lines = vec![
        start("a", at, "desk", "Desk"),
        step("a", at, "twist", 10.0, true),
        skip("a", at, "reach"),
        skip("a", at, "roll"),
        step("a", at, "reach", 10.0, true),
        step("a", at, "twist", 10.0, true),
        skip("a", at, "roll"),
        end("a", at, Outcome::Completed, 30.0),
        step("a", at, "late", 10.0, true),
        end("a", at, Outcome::Stopped, 99.0),
    ];
    let found = sessions(&lines);
    assert_eq!(found[0].exercises_done, ["twist", "reach"]);
    assert_eq!(found[0].skipped, ["roll"]);
    assert_eq!(
        (found[0].outcome, found[0].active_secs.to_bits()),
        (SessionOutcome::Completed, 30.0f64.to_bits())
    );
}

/// Pain reports keep their own time and offset and their answers; the worst severity is the max.
#[test]
fn pain_reports_keep_their_time_and_answers() {
    let lines = vec![
        start("a", "2026-03-02T23:50:00.000+01:00", "desk", "Desk"),
        pain("a", "2026-03-03T00:05:00.000+01:00", "twist", 3),
        pain("a", "not a time", "reach", 6),
        end(
            "a",
            "2026-03-03T00:10:00.000+01:00",
            Outcome::StoppedForPain,
            900.0,
        ),
    ];
    let found = sessions(&lines);
    let session = &found[0];
    assert_eq!(session.max_pain(), Some(6));
    assert_eq!(session.outcome, SessionOutcome::StoppedForPain);
    assert_eq!(session.pains[0].at.date(), date(2026, 3, 3));
    assert_eq!(session.pains[0].exercise.as_deref(), Some("twist"));
    assert_eq!(session.pains[0].location.as_deref(), Some("lower back"));
    // An unreadable time falls back to the session's start.
    assert_eq!(session.pains[1].at, session.start);
}

// ---- streaks ----

/// The issue's worked example: 2, 3 and 5 March make a streak of 3 on the 6th and 7th, none on
/// the 8th, and a session on the 9th starts a new streak of 1.
#[test]
fn worked_example_from_the_issue() {
    let three = log_at(&[
        "2026-03-02T08:00:00.000+01:00",
        "2026-03-03T08:00:00.000+01:00",
        "2026-03-05T08:00:00.000+01:00",
    ]);
    assert_eq!(streaks_on(&three, date(2026, 3, 6), 1), (3, 3));
    assert_eq!(streaks_on(&three, date(2026, 3, 7), 1), (3, 3));
    assert_eq!(streaks_on(&three, date(2026, 3, 8), 1), (0, 3));
    let four = log_at(&[
        "2026-03-02T08:00:00.000+01:00",
        "2026-03-03T08:00:00.000+01:00",
        "2026-03-05T08:00:00.000+01:00",
        "2026-03-09T08:00:00.000+01:00",
    ]);
    assert_eq!(streaks_on(&four, date(2026, 3, 9), 1), (1, 3));
}

/// A gap of more than the rest days splits the streak; the longest is kept.
#[test]
fn gap_longer_than_rest_days_starts_a_new_streak() {
    let log = log_at(&[
        "2026-03-01T08:00:00.000+01:00",
        "2026-03-02T08:00:00.000+01:00",
        "2026-03-03T08:00:00.000+01:00",
        "2026-03-06T08:00:00.000+01:00",
        "2026-03-07T08:00:00.000+01:00",
    ]);
    assert_eq!(streaks_on(&log, date(2026, 3, 7), 1), (2, 3));
    assert_eq!(streaks_on(&log, date(2026, 3, 10), 1), (0, 3));
}

/// With no rest days, only consecutive days make a streak.
#[test]
fn rest_days_zero_needs_consecutive_days() {
    let log = log_at(&[
        "2026-03-02T08:00:00.000+01:00",
        "2026-03-03T08:00:00.000+01:00",
        "2026-03-05T08:00:00.000+01:00",
    ]);
    assert_eq!(streaks_on(&log, date(2026, 3, 5), 0), (1, 2));
    assert_eq!(streaks_on(&log, date(2026, 3, 6), 0), (1, 2));
    assert_eq!(streaks_on(&log, date(2026, 3, 7), 0), (0, 2));
}

/// Two rest days may sit between counted days; three may not.
#[test]
fn rest_days_two_allow_a_two_day_gap() {
    let log = log_at(&[
        "2026-03-02T08:00:00.000+01:00",
        "2026-03-05T08:00:00.000+01:00",
        "2026-03-09T08:00:00.000+01:00",
    ]);
    assert_eq!(streaks_on(&log, date(2026, 3, 5), 2), (2, 2));
    assert_eq!(streaks_on(&log, date(2026, 3, 8), 2), (2, 2));
    // As of the 4th, the 5th and 9th have not happened yet.
    assert_eq!(streaks_on(&log, date(2026, 3, 4), 2), (1, 1));
    assert_eq!(streaks_on(&log, date(2026, 3, 9), 2), (1, 2));
    assert_eq!(streaks_on(&log, date(2026, 3, 12), 2), (1, 2));
    assert_eq!(streaks_on(&log, date(2026, 3, 13), 2), (0, 2));
}

/// Two sessions on one day count as one day.
#[test]
fn two_sessions_in_a_day_count_once() {
    let log = log_at(&[
        "2026-03-02T08:00:00.000+01:00",
        "2026-03-02T19:00:00.000+01:00",
        "2026-03-03T08:00:00.000+01:00",
    ]);
    assert_eq!(streaks_on(&log, date(2026, 3, 3), 1), (2, 2));
}

/// A session started at 23:50 counts for the day it started, not the day it ended.
#[test]
fn session_across_midnight_counts_for_its_start_day() {
    let lines = vec![
        start("late", "2026-03-02T23:50:00.000+01:00", "desk", "Desk"),
        step(
            "late",
            "2026-03-03T00:05:00.000+01:00",
            "twist",
            900.0,
            true,
        ),
        end(
            "late",
            "2026-03-03T00:05:00.000+01:00",
            Outcome::Completed,
            900.0,
        ),
    ];
    let log = sessions(&lines);
    assert_eq!(dates(&log), [date(2026, 3, 2)]);
    // The 2nd is counted, the 3rd is a rest day, so on the 4th the streak still stands.
    assert_eq!(streaks_on(&log, date(2026, 3, 4), 1), (1, 1));
    assert_eq!(streaks_on(&log, date(2026, 3, 4), 0), (0, 1));
}

/// Across the change to summer time in Berlin (29 March 2026), each session is dated by the
/// offset it was written with, not by UTC: just after midnight in winter time is already the
/// next day although UTC is still on the previous one.
#[test]
fn dates_follow_recorded_offsets_across_a_dst_change() {
    let berlin = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").expect("valid POSIX TZ");
    let written = |y, m, d, h, min| {
        let zoned = date(y, m, d)
            .at(h, min, 0, 0)
            .to_zoned(berlin.clone())
            .expect("valid local time");
        format!(
            "{:.3}",
            zoned.timestamp().display_with_offset(zoned.offset())
        )
    };
    let times = [
        written(2026, 3, 28, 23, 50),
        written(2026, 3, 29, 0, 20),
        written(2026, 3, 30, 0, 30),
    ];
    assert_eq!(
        times,
        [
            "2026-03-28T23:50:00.000+01:00",
            "2026-03-29T00:20:00.000+01:00",
            "2026-03-30T00:30:00.000+02:00",
        ]
    );
    let log = log_at(&times.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        dates(&log),
        [date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30)]
    );
    let utc_dates: Vec<Date> = log
        .iter()
        .map(|s| s.start.timestamp().to_zoned(TimeZone::UTC).date())
        .collect();
    assert_eq!(
        utc_dates,
        [date(2026, 3, 28), date(2026, 3, 28), date(2026, 3, 29)]
    );
    assert_eq!(streaks_on(&log, date(2026, 3, 30), 0), (3, 3));
}

/// A session written at -08:00 in the evening is on its local date although UTC is already on
/// the next day.
#[test]
fn negative_offset_session_is_dated_by_its_local_date() {
    let log = log_at(&[
        "2026-03-02T20:00:00.000-08:00",
        "2026-03-03T20:00:00.000-08:00",
    ]);
    assert_eq!(dates(&log), [date(2026, 3, 2), date(2026, 3, 3)]);
    assert_eq!(streaks_on(&log, date(2026, 3, 3), 0), (2, 2));
    let stats = stats_on(&log, date(2026, 3, 3));
    let busy: Vec<Date> = stats
        .days
        .iter()
        .filter(|d| d.sessions > 0)
        .map(|d| d.date)
        .collect();
    assert_eq!(busy, [date(2026, 3, 2), date(2026, 3, 3)]);
}

/// Previews count for nothing: no streak day, no minutes, no pain row, no routine.
#[test]
fn previews_are_ignored_by_every_statistic() {
    let at = "2026-03-02T08:00:00.000+01:00";
    let lines = vec![
        preview_start("p", at, "desk"),
        step("p", at, "twist", 60.0, true),
        pain("p", at, "twist", 5),
        end("p", at, Outcome::Completed, 60.0),
    ];
    let with_preview = sessions(&lines);
    assert!(with_preview[0].preview);
    assert_eq!(
        stats_on(&with_preview, date(2026, 3, 2)),
        stats_on(&[], date(2026, 3, 2))
    );
    assert_eq!(export(&with_preview, None), format!("{CSV_HEADER}\r\n"));
}

/// An interrupted session that finished one exercise counts for the streak.
#[test]
fn interrupted_session_that_finished_an_exercise_counts() {
    let at = "2026-03-02T08:00:00.000+01:00";
    let lines = vec![
        start("a", at, "desk", "Desk"),
        step("a", at, "twist", 30.0, true),
        step("a", at, "reach", 10.0, false),
    ];
    let log = sessions(&lines);
    assert_eq!(log[0].outcome, SessionOutcome::Interrupted);
    assert_eq!(streaks_on(&log, date(2026, 3, 2), 1), (1, 1));
}

/// Sessions that finished no exercise (stopped early, interrupted) neither count for a streak
/// nor towards the weekly goal, though their minutes do.
#[test]
fn sessions_that_finished_no_exercise_do_not_count() {
    let at = "2026-03-02T08:00:00.000+01:00";
    let lines = vec![
        start("stopped", at, "desk", "Desk"),
        step("stopped", at, "twist", 90.0, false),
        end("stopped", at, Outcome::Stopped, 90.0),
        start("cut", "2026-03-03T08:00:00.000+01:00", "desk", "Desk"),
        step("cut", "2026-03-03T08:00:00.000+01:00", "twist", 30.0, false),
    ];
    let stats = stats_on(&sessions(&lines), date(2026, 3, 3));
    assert_eq!((stats.current_streak, stats.longest_streak), (0, 0));
    assert_eq!(stats.this_week.sessions, 0);
    // 90 s and 30 s: each session rounds to the nearest minute (2 and 1), then they add up.
    assert_eq!(stats.this_week.minutes, 3);
    assert_eq!(stats.total_sessions, 2);
    assert!(stats.days.iter().all(|d| !d.counts));
}

/// The rule is spelled out with the rest days in force.
#[test]
fn streak_rule_states_the_rest_days() {
    assert_eq!(
        stats(&[], date(2026, 3, 2), &Settings::default()).streak_rule,
        "A day counts when a session that finished at least one exercise started on it (by its \
         local date); up to 1 day without one may sit between two counted days without breaking \
         a streak, and a streak's length counts only the counted days."
    );
    let none = Settings {
        rest_days: 0,
        ..Settings::default()
    };
    assert_eq!(
        stats(&[], date(2026, 3, 2), &none).streak_rule,
        "A day counts when a session that finished at least one exercise started on it (by its \
         local date); a streak is a run of counted days in a row."
    );
}

// ---- weeks, days, routines ----

/// This week runs Monday to Sunday around today: a Sunday session before it is last week's.
#[test]
fn this_week_counts_sessions_and_minutes_against_the_goal() {
    let mut lines = Vec::new();
    // Sunday 1 March: last week.
    lines.extend(done_session(
        "sun",
        "2026-03-01T10:00:00.000+01:00",
        "desk",
        600.0,
    ));
    // Monday 2 and Wednesday 4 March: this week (today is Wednesday).
    lines.extend(done_session(
        "mon",
        "2026-03-02T10:00:00.000+01:00",
        "desk",
        629.0,
    ));
    lines.extend(done_session(
        "wed",
        "2026-03-04T07:00:00.000+01:00",
        "desk",
        601.0,
    ));
    let stats = stats_on(&sessions(&lines), date(2026, 3, 4));
    assert_eq!(
        stats.this_week,
        Week {
            week_start: date(2026, 3, 2),
            sessions: 2,
            // 629 s and 601 s: each rounds to 10 minutes, and the week is their sum.
            minutes: 20,
            goal: 3,
        }
    );
}

/// Weekly minutes cover the last 12 Monday-to-Sunday weeks including this one, oldest first;
/// older sessions are left out.
#[test]
fn weekly_minutes_cover_twelve_weeks_oldest_first() {
    let mut lines = Vec::new();
    // Monday of the oldest week shown (today's week starts on Monday 2 March).
    lines.extend(done_session(
        "a",
        "2025-12-15T10:00:00.000+01:00",
        "desk",
        300.0,
    ));
    // The Sunday just before it: too old.
    lines.extend(done_session(
        "b",
        "2025-12-14T10:00:00.000+01:00",
        "desk",
        300.0,
    ));
    lines.extend(done_session(
        "c",
        "2026-02-27T10:00:00.000+01:00",
        "desk",
        1200.0,
    ));
    lines.extend(done_session(
        "d",
        "2026-03-03T10:00:00.000+01:00",
        "desk",
        450.0,
    ));
    let stats = stats_on(&sessions(&lines), date(2026, 3, 3));
    let weeks: Vec<(Date, u32)> = stats
        .weekly_minutes
        .iter()
        .map(|w| (w.week_start, w.minutes))
        .collect();
    let mut expected: Vec<(Date, u32)> = (0..12)
        .map(|i| {
            (
                date(2025, 12, 15).saturating_add(jiff::Span::new().weeks(i)),
                0,
            )
        })
        .collect();
    expected[0].1 = 5;
    expected[10].1 = 20;
    expected[11].1 = 8; // 7.5 rounds up
    assert_eq!(weeks, expected);
}

/// The calendar runs from the Monday 25 weeks before this week's up to today, with each day's
/// minutes, sessions, whether it counts and whether something hurt.
#[test]
fn calendar_days_span_twenty_six_weeks_and_mark_pain() {
    let at = "2026-03-03T08:00:00.000+01:00";
    let lines = vec![
        start("a", at, "desk", "Desk"),
        step("a", at, "twist", 300.0, true),
        pain("a", at, "twist", 2),
        end("a", at, Outcome::Completed, 300.0),
    ];
    let stats = stats_on(&sessions(&lines), date(2026, 3, 4));
    assert_eq!(stats.days.len(), 25 * 7 + 3);
    assert_eq!(stats.days[0].date, date(2025, 9, 8));
    assert_eq!(stats.days[0].date.weekday(), jiff::civil::Weekday::Monday);
    let last_two = &stats.days[stats.days.len() - 2..];
    assert_eq!(
        last_two,
        [
            Day {
                date: date(2026, 3, 3),
                minutes: 5,
                sessions: 1,
                counts: true,
                pain: true
            },
            Day {
                date: date(2026, 3, 4),
                minutes: 0,
                sessions: 0,
                counts: false,
                pain: false
            },
        ]
    );
}

/// Routines are listed by most sessions, with completions, minutes and their latest title; the
/// completion rate is over all sessions.
#[test]
fn routines_are_counted_and_sorted_by_sessions() {
    let lines = vec![
        start("d1", "2026-03-01T08:00:00.000+01:00", "desk", "Desk (old)"),
        end(
            "d1",
            "2026-03-01T08:00:00.000+01:00",
            Outcome::Completed,
            300.0,
        ),
        start("d2", "2026-03-02T08:00:00.000+01:00", "desk", "Desk"),
        end(
            "d2",
            "2026-03-02T08:00:00.000+01:00",
            Outcome::Stopped,
            200.0,
        ),
        start("f1", "2026-03-02T09:00:00.000+01:00", "floor", "Floor"),
        end(
            "f1",
            "2026-03-02T09:00:00.000+01:00",
            Outcome::Completed,
            700.0,
        ),
        start("a1", "2026-03-02T10:00:00.000+01:00", "arms", "Arms"),
    ];
    let stats = stats_on(&sessions(&lines), date(2026, 3, 2));
    assert_eq!(
        stats.routines,
        [
            RoutineStats {
                routine: "desk".to_owned(),
                title: "Desk".to_owned(),
                sessions: 2,
                completed: 1,
                minutes: 8,
            },
            RoutineStats {
                routine: "arms".to_owned(),
                title: "Arms".to_owned(),
                sessions: 1,
                completed: 0,
                minutes: 0,
            },
            RoutineStats {
                routine: "floor".to_owned(),
                title: "Floor".to_owned(),
                sessions: 1,
                completed: 1,
                minutes: 12,
            },
        ]
    );
    assert_eq!(stats.completion_rate, Some(0.5));
    assert_eq!(stats.total_sessions, 4);
    assert_eq!(stats.total_minutes, 20);
    assert_eq!(
        stats.last_session,
        Some(LastSession {
            date: date(2026, 3, 2),
            routine: "arms".to_owned(),
            title: "Arms".to_owned(),
            outcome: SessionOutcome::Interrupted,
            minutes: 0,
        })
    );
}

/// With no sessions there is no completion rate and no last session, and the calendar is empty.
#[test]
fn empty_history_has_no_rate_and_no_last_session() {
    let stats = stats_on(&[], date(2026, 3, 2));
    assert_eq!(stats.completion_rate, None);
    assert_eq!(stats.last_session, None);
    assert_eq!((stats.total_sessions, stats.total_minutes), (0, 0));
    assert!(stats.days.iter().all(|d| d.sessions == 0));
    assert_eq!(stats.weekly_minutes.len(), 12);
}

/// Pain rows list every report of real sessions, newest first, dated by the report itself.
#[test]
fn pain_rows_are_newest_first() {
    let lines = vec![
        start("a", "2026-03-01T23:50:00.000+01:00", "desk", "Desk"),
        pain("a", "2026-03-01T23:55:00.000+01:00", "twist", 2),
        pain("a", "2026-03-02T00:05:00.000+01:00", "reach", 4),
        start("b", "2026-03-03T08:00:00.000-05:00", "floor", "Floor"),
        pain("b", "2026-03-03T08:10:00.000-05:00", "bridge", 7),
    ];
    let stats = stats_on(&sessions(&lines), date(2026, 3, 4));
    let rows: Vec<(Date, &str, Option<&str>, Option<u8>)> = stats
        .pains
        .iter()
        .map(|r| (r.date, r.title.as_str(), r.exercise.as_deref(), r.severity))
        .collect();
    assert_eq!(
        rows,
        [
            (date(2026, 3, 3), "Floor", Some("bridge"), Some(7)),
            (date(2026, 3, 2), "Desk", Some("reach"), Some(4)),
            (date(2026, 3, 1), "Desk", Some("twist"), Some(2)),
        ]
    );
    // The calendar marks the day the session started.
    let marked: Vec<Date> = stats
        .days
        .iter()
        .filter(|d| d.pain)
        .map(|d| d.date)
        .collect();
    assert_eq!(marked, [date(2026, 3, 1), date(2026, 3, 3)]);
}

/// Stats serialize with dates as ISO dates, times in RFC 3339 and outcomes in snake case.
#[test]
fn stats_serialize_to_plain_json() {
    let lines = vec![
        start("a", "2026-03-02T08:00:00.000+01:00", "desk", "Desk"),
        pain("a", "2026-03-02T08:01:00.500+01:00", "twist", 3),
        end(
            "a",
            "2026-03-02T08:10:00.000+01:00",
            Outcome::StoppedForPain,
            60.0,
        ),
    ];
    let stats = stats_on(&sessions(&lines), date(2026, 3, 2));
    let json = serde_json::to_value(&stats).expect("serializable");
    assert_eq!(json["today"], "2026-03-02");
    assert_eq!(json["this_week"]["week_start"], "2026-03-02");
    assert_eq!(json["last_session"]["outcome"], "stopped_for_pain");
    assert_eq!(json["pains"][0]["at"], "2026-03-02T08:01:00.5+01:00");
    assert_eq!(json["pains"][0]["date"], "2026-03-02");
    assert_eq!(json["days"][0]["date"], "2025-09-08");
    assert_eq!(json["completion_rate"], 0.0);
}

/// Minutes round to the nearest whole minute, half up.
#[test]
fn minutes_round_to_nearest() {
    assert_eq!(
        [0.0, 29.9, 30.0, 89.0, 90.0, -5.0, f64::NAN].map(minutes),
        [0, 0, 1, 1, 2, 0, 0]
    );
    assert_eq!([0, 29, 30, 89, 90].map(whole_minutes), [0, 0, 1, 1, 2]);
}

// ---- export ----

fn export_log() -> Vec<SessionRecord> {
    let mut lines = Vec::new();
    let a = "2026-03-01T07:05:00.000+01:00";
    lines.push(start("a", a, "hips", "Hips, hamstrings and \"back\""));
    lines.push(step("a", a, "hip-flexor", 60.0, true));
    lines.push(skip("a", a, "figure-four"));
    lines.push(step("a", a, "bird-dog", 60.0, true));
    lines.push(pain("a", a, "bird-dog", 2));
    lines.push(pain("a", a, "bird-dog", 4));
    lines.push(end("a", a, Outcome::Completed, 545.0));
    lines.extend(done_session(
        "b",
        "2026-03-02T21:40:00.000-08:00",
        "desk",
        90.0,
    ));
    lines.push(preview_start("p", "2026-03-02T08:00:00.000+01:00", "desk"));
    lines.push(end(
        "p",
        "2026-03-02T08:00:00.000+01:00",
        Outcome::Completed,
        60.0,
    ));
    let c = "2026-03-04T18:00:00.000+01:00";
    lines.push(start("c", c, "desk", "Desk"));
    lines.push(step("c", c, "twist", 40.0, false));
    sessions(&lines)
}

/// The CSV has a header, one row per real session in order, local dates and times, rounded
/// minutes, the worst pain, ids joined with `;`, and quotes around a title with a comma.
#[test]
fn export_csv_writes_one_row_per_session() {
    assert_eq!(
        export(&export_log(), None),
        "date,time,routine,planned_minutes,actual_minutes,outcome,max_pain,exercises_done,\
         exercises_skipped\r\n\
         2026-03-01,07:05,\"Hips, hamstrings and \"\"back\"\"\",10,9,completed,4,\
         hip-flexor;bird-dog,figure-four\r\n\
         2026-03-02,21:40,desk,10,2,completed,,knee-hug,\r\n\
         2026-03-04,18:00,Desk,10,1,interrupted,,,\r\n"
    );
}

/// With a `since` date only sessions on or after it (by local date) are written.
#[test]
fn export_csv_since_leaves_out_older_sessions() {
    assert_eq!(
        export(&export_log(), Some(date(2026, 3, 2))),
        format!(
            "{CSV_HEADER}\r\n\
             2026-03-02,21:40,desk,10,2,completed,,knee-hug,\r\n\
             2026-03-04,18:00,Desk,10,1,interrupted,,,\r\n"
        )
    );
}

// ---- properties ----

/// (day 0..60, minute of day, offset hours, finished an exercise, preview)
fn arb_session() -> impl Strategy<Value = (i64, i64, i8, bool, bool)> {
    (
        0i64..60,
        0i64..1440,
        -12i8..=14,
        any::<bool>(),
        any::<bool>(),
    )
}

fn build(specs: &[(i64, i64, i8, bool, bool)]) -> Vec<Line> {
    let mut lines = Vec::new();
    for (i, &(day, minute, offset, finished, preview)) in specs.iter().enumerate() {
        let local = date(2026, 1, 1)
            .saturating_add(jiff::Span::new().days(day))
            .at(0, 0, 0, 0)
            .saturating_add(jiff::Span::new().minutes(minute));
        let offset = Offset::constant(offset);
        let ts = offset.to_timestamp(local).expect("in range");
        let at = format!("{:.3}", ts.display_with_offset(offset));
        let id = format!("s{i}");
        lines.push(if preview {
            preview_start(&id, &at, "desk")
        } else {
            start(&id, &at, "desk", "Desk")
        });
        lines.push(step(&id, &at, "twist", 60.0, finished));
        lines.push(end(&id, &at, Outcome::Completed, 60.0));
    }
    lines
}

proptest! {
    /// The current streak is never longer than the longest, nor the longest than the counted
    /// days.
    #[test]
    fn current_streak_is_at_most_the_longest(
        specs in prop::collection::vec(arb_session(), 0..40),
        today in 0i64..70,
        rest_days in 0u32..4,
    ) {
        let log = sessions(&build(&specs));
        let today = date(2026, 1, 1).saturating_add(jiff::Span::new().days(today));
        let settings = Settings { rest_days, ..Settings::default() };
        let stats = stats(&log, today, &settings);
        let mut counted: Vec<Date> =
            log.iter().filter(|s| s.counts()).map(SessionRecord::date).collect();
        counted.sort_unstable();
        counted.dedup();
        prop_assert!(stats.current_streak <= stats.longest_streak);
        prop_assert!(stats.longest_streak as usize <= counted.len());
    }

    /// Adding a preview session anywhere changes no statistic.
    #[test]
    fn adding_a_preview_changes_nothing(
        specs in prop::collection::vec(arb_session(), 0..20),
        preview in arb_session(),
        today in 0i64..70,
    ) {
        let today = date(2026, 1, 1).saturating_add(jiff::Span::new().days(today));
        let before = stats_on(&sessions(&build(&specs)), today);
        let mut with = specs.clone();
        with.push((preview.0, preview.1, preview.2, preview.3, true));
        let after = stats_on(&sessions(&build(&with)), today);
        prop_assert_eq!(before, after);
    }
}

/// A gathering is the size of its records, so finishing it turns it into them in place rather
/// than holding years of sessions twice.
#[test]
fn gathered_sessions_are_the_size_of_records() {
    assert_eq!(size_of::<Gathered>(), size_of::<SessionRecord>());
}

// ---- exact round trips ----

/// A record read back from the cache equals the one written, offsets to the second and
/// seconds to the last bit included.
#[test]
fn odd_offsets_and_long_decimals_read_back_exactly() {
    for at in [
        "2026-03-02T08:15:03.120+01:00",
        "2026-03-02T08:15:03.123456789-09:30",
        "2026-03-02T08:15:03+05:45:30",
        "2026-03-02T08:15:03Z",
        "-000042-01-01T00:00:00+00:00",
        "9999-12-30T08:09:10.5+25:59:59",
    ] {
        let start = parse_at(at).expect("a time");
        let record = SessionRecord {
            id: "a".to_owned(),
            routine: "r".to_owned(),
            title: "t".to_owned(),
            hash: "h".to_owned(),
            start: start.clone(),
            preview: true,
            outcome: SessionOutcome::StoppedForPain,
            active_secs: 0.1 + 0.2,
            planned_secs: 7,
            exercises_done: vec!["x".to_owned()],
            skipped: vec!["y".to_owned()],
            gentler: vec!["z".to_owned()],
            pains: vec![PainReport {
                at: start,
                exercise: None,
                side: None,
                rep: Some(2),
                second: 1_234.567_f64.next_up(),
                severity: Some(9),
                location: None,
                feels: Some("sharp".to_owned()),
                action: None,
            }],
        };
        let text = serde_json::to_string(&record).expect("serializes");
        let back: SessionRecord = serde_json::from_str(&text).expect("deserializes");
        assert_eq!(back, record, "{text}");
        assert_eq!(back.start.offset(), record.start.offset(), "{text}");
    }
}

/// The one definition of minutes: on a lifelike log, the weeks, the calendar's days, the
/// routines, the total and the export's rows all add up to the same number of minutes.
#[test]
fn every_total_of_minutes_agrees_on_a_sample_log() {
    let today = date(2026, 3, 1);
    let all = sessions(&log::parse(&crate::storage::sample::sample_log(1, 7)).lines);
    // The sessions of the twelve weeks the chart shows, so every total covers the same ones.
    let first_monday = stats_on(&all, today).weekly_minutes[0].week_start;
    let recent: Vec<SessionRecord> = (all.into_iter())
        .filter(|s| s.date() >= first_monday && s.date() <= today)
        .collect();
    let stats = stats_on(&recent, today);
    let weeks: u32 = stats.weekly_minutes.iter().map(|w| w.minutes).sum();
    let days: u32 = stats.days.iter().map(|d| d.minutes).sum();
    let routines: u32 = stats.routines.iter().map(|r| r.minutes).sum();
    let csv = export(&recent, None);
    let exported: u32 = (csv.lines().skip(1))
        .map(|row| {
            row.split(',')
                .nth(4)
                .expect("actual_minutes")
                .parse::<u32>()
                .expect("number")
        })
        .sum();
    assert!(stats.total_minutes > 100, "{}", stats.total_minutes);
    assert_eq!(
        [weeks, days, routines, exported],
        [stats.total_minutes; 4],
        "weeks, days, routines, export"
    );
}

/// The calendar's shades follow the person's own range: days of 2 to 7 minutes get four shades,
/// and the legend's ranges cover every day without overlap.
#[test]
fn shades_follow_the_persons_own_range() {
    let shades = Shades::of(vec![2, 3, 3, 4, 5, 5, 6, 7, 7, 2]);
    assert_eq!(shades.ranges(), [(2, 2), (3, 4), (5, 5), (6, 7)]);
    let day = |minutes, sessions| Day {
        date: date(2026, 3, 2),
        minutes,
        sessions,
        counts: sessions > 0,
        pain: false,
    };
    let levels: Vec<usize> = [(0, 0), (2, 1), (4, 1), (5, 1), (7, 2)]
        .map(|(m, s)| shades.level(&day(m, s)))
        .to_vec();
    assert_eq!(levels, [0, 1, 2, 3, 4]);
    // One length every day: one shade; no sessions: none.
    assert_eq!(Shades::of(vec![5; 9]).ranges(), [(5, 5)]);
    assert_eq!(Shades::of(Vec::new()).ranges(), [(0, 0)]);
}

/// Pain over time: the worst severity of each calendar week, one series per exercise, the one
/// that hurt last first.
#[test]
fn pain_weeks_hold_the_worst_severity_of_each_week_per_exercise() {
    let mut lines = Vec::new();
    for (id, at, exercise, severity) in [
        ("a", "2026-02-23T08:00:00.000+01:00", "hug", 3),
        ("b", "2026-02-25T08:00:00.000+01:00", "hug", 6),
        ("c", "2026-03-03T08:00:00.000+01:00", "twist", 2),
    ] {
        lines.push(start(id, at, "desk", "Desk"));
        lines.push(pain(id, at, exercise, severity));
        lines.push(end(id, at, Outcome::StoppedForPain, 60.0));
    }
    let stats = stats_on(&sessions(&lines), date(2026, 3, 4));
    let series: Vec<(Option<&str>, Vec<Option<u8>>)> = (stats.pain_weeks.iter())
        .map(|s| (s.exercise.as_deref(), s.weeks[24..].to_vec()))
        .collect();
    assert_eq!(
        series,
        [
            (Some("twist"), vec![None, Some(2)]),
            (Some("hug"), vec![Some(6), None]),
        ]
    );
    assert!(stats.pain_weeks.iter().all(|s| s.weeks.len() == 26));
}

/// Exercises are named as their routine names them, else as another routine does, else by id.
#[test]
fn exercise_names_fall_back_to_another_routine_then_the_id() {
    let (catalog, _) = crate::storage::catalog::Catalog::load(None);
    let routines: Vec<&crate::core::routine::Routine> =
        catalog.entries().iter().map(|e| &e.routine).collect();
    let names = ExerciseNames::new(routines.iter().copied());
    let routine = routines[0];
    let exercise = &routine.exercises[0];
    assert_eq!(names.name(&routine.id, &exercise.id), exercise.name);
    assert_eq!(names.name("gone-routine", &exercise.id), exercise.name);
    assert_eq!(names.name("gone-routine", "gone-exercise"), "gone-exercise");
}

proptest! {
    /// Any time and any finite number of seconds read back exactly.
    #[test]
    fn times_and_seconds_read_back_exactly(
        seconds in -377_705_116_800i64..=253_402_207_199,
        nanos in 0i32..1_000_000_000,
        offset in -93_599i32..=93_599,
        secs in prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO,
    ) {
        let offset = jiff::tz::Offset::from_seconds(offset).expect("in range");
        let at = jiff::Timestamp::new(seconds, nanos)
            .expect("in range")
            .to_zoned(jiff::tz::TimeZone::fixed(offset));
        let end = EndLine { outcome: SessionOutcome::Completed, active_secs: secs };
        let start = StartLine {
            at,
            routine: String::new(),
            title: String::new(),
            hash: String::new(),
            preview: false,
            planned_secs: 0,
        };
        let back: StartLine =
            serde_json::from_str(&serde_json::to_string(&start).expect("ser")).expect("de");
        prop_assert_eq!(back.at.timestamp(), start.at.timestamp());
        prop_assert_eq!(back.at.offset(), start.at.offset());
        let back: EndLine =
            serde_json::from_str(&serde_json::to_string(&end).expect("ser")).expect("de");
        prop_assert_eq!(back.active_secs.to_bits(), secs.to_bits());
    }
}

/// Under the goal the week reads "2 of 3"; at or past it, a count with the goal met, so "7 of 3"
/// (a fraction gone wrong) is never said; with no goal, the count alone.
#[test]
fn the_week_against_the_goal_never_reads_as_a_count_past_it() {
    assert_eq!(week_words(2, 3)[0], "2 of 3 this week");
    assert_eq!(week_words(3, 3)[0], "3 this week (goal 3 met)");
    assert_eq!(week_words(7, 3)[0], "7 this week (goal 3 met)");
    assert_eq!(week_words(7, 3)[2], "week goal met");
    assert_eq!(week_words(4, 0)[0], "4 this week");
}

/// `elbow-press-up` is "Prone on elbows" in one routine and "Elbow press-up" in another: each
/// report is charted under the name of the routine it came from, and an exercise two routines
/// name alike is one row.
#[test]
fn pain_rows_are_named_by_the_routine_each_report_came_from() {
    let mut lines = Vec::new();
    for (id, at, routine, exercise, severity) in [
        (
            "a",
            "2026-02-23T08:00:00.000+01:00",
            "flare-up",
            "elbow-press-up",
            3,
        ),
        (
            "b",
            "2026-02-25T08:00:00.000+01:00",
            "core-stability",
            "elbow-press-up",
            6,
        ),
        ("c", "2026-03-02T08:00:00.000+01:00", "flare-up", "hug", 2),
        (
            "d",
            "2026-03-03T08:00:00.000+01:00",
            "core-stability",
            "hug",
            4,
        ),
    ] {
        lines.push(start(id, at, routine, routine));
        lines.push(pain(id, at, exercise, severity));
        lines.push(end(id, at, Outcome::StoppedForPain, 60.0));
    }
    let stats = stats_on(&sessions(&lines), date(2026, 3, 4));
    let routine = |id: &str, press_up: &str| {
        let json = format!(
            r#"{{"schema": 1, "id": "{id}", "title": "{id}", "summary": "x", "exercises": [
                {{"id": "elbow-press-up", "name": "{press_up}", "cues": ["x"], "hold": {{"secs": 5}}}},
                {{"id": "hug", "name": "Knee hug", "cues": ["x"], "hold": {{"secs": 5}}}}]}}"#
        );
        crate::core::routine::Routine::from_json(&json, "r.json").expect("valid routine")
    };
    let flare = routine("flare-up", "Prone on elbows");
    let core = routine("core-stability", "Elbow press-up");
    let names = ExerciseNames::new([&flare, &core]);
    let rows: Vec<(Option<String>, Vec<Option<u8>>)> = (names.pain_rows(&stats.pain_weeks))
        .into_iter()
        .map(|r| (r.name, r.weeks[24..].to_vec()))
        .collect();
    let name = |n: &str| Some(n.to_owned());
    assert_eq!(
        rows,
        [
            (name("Knee hug"), vec![None, Some(4)]),
            (name("Elbow press-up"), vec![Some(6), None]),
            (name("Prone on elbows"), vec![Some(3), None]),
        ]
    );
}
