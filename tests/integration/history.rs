//! History from a log: the screen (snapshots at 40x12, 60x20, 100x30 and 200x50), `stats --json`, `export`, and
//! a crash in the middle of a hold that loses nothing written before it.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use jiff::civil::date;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stretchy::core::history::{self, SessionOutcome, Settings};
use stretchy::core::log;
use stretchy::storage::catalog::Catalog;
use stretchy::storage::{paths, sample, store};
use stretchy::tui::screens::{self, Theme};

use crate::util::{Sandbox, fixture, stdout_of};

fn fixture_log() -> Vec<u8> {
    std::fs::read(fixture("../logs/history.jsonl")).expect("fixture log")
}

/// A sandbox whose log is the fixture.
fn sandbox_with_log() -> Sandbox {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.data()).expect("data dir");
    std::fs::write(sandbox.data().join(paths::LOG_FILE), fixture_log()).expect("log");
    sandbox
}

/// The history screen for a year of lifelike sessions, seen on 1 March 2026, at the four sizes:
/// month labels and a legend on the calendar, bars against the goal, pain over time and the
/// reports by exercise name.
#[test]
fn history_screen_snapshots() {
    let lines = log::parse(&sample::sample_log(1, 7)).lines;
    let stats = history::stats(
        &history::sessions(&lines),
        date(2026, 3, 1),
        &Settings::default(),
    );
    let (catalog, _) = Catalog::load(None);
    let names = history::ExerciseNames::new(catalog.entries().iter().map(|e| &e.routine));
    let screen = screens::history::HistoryScreen {
        stats: &stats,
        names: &names,
        unreadable: 2,
    };
    for (w, h) in [(40, 12), (60, 20), (100, 30), (200, 50)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        terminal
            .draw(|frame| {
                screens::history::render(frame, &screen, 0, Theme { color: false });
            })
            .expect("draw");
        insta::assert_snapshot!(format!("history_{w}x{h}"), terminal.backend());
    }
}

/// Scrolled to its end, a small window shows the last of the history: every part is reachable.
#[test]
fn history_scrolls_to_its_last_part_in_a_small_window() {
    let lines = log::parse(&sample::sample_log(1, 7)).lines;
    let stats = history::stats(
        &history::sessions(&lines),
        date(2026, 3, 1),
        &Settings::default(),
    );
    let names = history::ExerciseNames::default();
    let screen = screens::history::HistoryScreen {
        stats: &stats,
        names: &names,
        unreadable: 0,
    };
    let mut terminal = Terminal::new(TestBackend::new(40, 12)).expect("terminal");
    let mut max = 0;
    terminal
        .draw(|frame| max = screens::history::render(frame, &screen, 0, Theme { color: false }))
        .expect("draw");
    assert!(max > 20, "{max}");
    terminal
        .draw(|frame| {
            screens::history::render(frame, &screen, u16::MAX, Theme { color: false });
        })
        .expect("draw");
    let text = format!("{}", terminal.backend());
    assert!(text.contains("/10"), "{text}");
    assert!(text.contains("q back · ↑↓ PgUp PgDn scroll"), "{text}");
}

/// `stats --json` gives the numbers scripts need, including the streak rule.
#[test]
fn stats_json_has_the_streak_fields() {
    let output = sandbox_with_log()
        .cmd(&["stats", "--json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&output)).expect("json");
    for key in [
        "current_streak",
        "longest_streak",
        "rest_days",
        "streak_rule",
    ] {
        assert!(json.get(key).is_some(), "missing {key}: {json}");
    }
    assert_eq!(json["rest_days"], 1);
    // 12 real sessions (one preview is left out). With one rest day allowed, 16-17-19 Feb,
    // 23-24-26 Feb and 2-3-4 Mar are streaks of 3; the gaps between them are 3 days long.
    assert_eq!(json["total_sessions"], 12);
    assert_eq!(json["longest_streak"], 3);
}

/// `export --csv --since` writes one row per session from that date on.
#[test]
fn export_writes_one_row_per_session_since_a_date() {
    let output = sandbox_with_log()
        .cmd(&["export", "--csv", "--since", "2026-03-04"])
        .assert()
        .success();
    pretty_assertions::assert_eq!(
        stdout_of(&output),
        concat!(
            "date,time,routine,planned_minutes,actual_minutes,outcome,max_pain,exercises_done,exercises_skipped\r\n",
            "2026-03-04,23:50,Micro-break,2,2,completed,,a;b,\r\n",
            "2026-03-05,08:00,Lower-back basics,7,7,stopped,,,\r\n",
            "2026-03-08,09:15,Gentle relief,9,0,interrupted,3,a,\r\n",
            "2026-03-09,09:00,Desk reset,5,5,completed,,a;b,\r\n",
        )
    );
}

/// Damaged lines are skipped, counted and mentioned, never fatal.
#[test]
fn damaged_log_lines_are_mentioned_not_fatal() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.data()).expect("data dir");
    std::fs::copy(
        fixture("../logs/damaged.jsonl"),
        sandbox.data().join(paths::LOG_FILE),
    )
    .expect("copy");
    sandbox
        .cmd(&["stats"])
        .assert()
        .success()
        .stderr("note: 4 unreadable log lines skipped\n");
}

/// A session killed with SIGKILL in the middle of a hold: the log still parses, the session
/// before it is intact, and the killed one reads back as interrupted.
#[test]
fn kill_9_mid_hold_loses_nothing_written_before() {
    let sandbox = Sandbox::new();
    let tiny = fixture("valid/tiny.json");
    let tiny = tiny.to_str().expect("utf-8");
    sandbox
        .cmd(&["run", tiny, "--speed", "60"])
        .assert()
        .success();
    let mut child = sandbox
        .std_cmd(&["run", tiny, "--speed", "2"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    for line in BufReader::new(stdout).lines() {
        if line
            .expect("line")
            .starts_with("Hold 3 s - Knee hug (left)")
        {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");

    let read = store::read(&sandbox.data()).expect("log parses");
    assert_eq!(read.unreadable, 0);
    let sessions = history::sessions(&read.lines);
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].outcome, SessionOutcome::Completed);
    assert_eq!(sessions[0].exercises_done, ["hug", "rock"]);
    assert_eq!(sessions[1].outcome, SessionOutcome::Interrupted);
    assert!(sessions[1].exercises_done.is_empty());
}

/// With no sessions at all, every size draws, saying so in words rather than with empty charts.
#[test]
fn empty_history_draws_at_every_size() {
    let stats = history::stats(&[], date(2026, 3, 1), &Settings::default());
    let names = history::ExerciseNames::default();
    let screen = screens::history::HistoryScreen {
        stats: &stats,
        names: &names,
        unreadable: 0,
    };
    for (w, h) in [(40, 12), (60, 20), (100, 30), (200, 50), (20, 5)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        terminal
            .draw(|frame| {
                screens::history::render(frame, &screen, u16::MAX, Theme { color: false });
            })
            .expect("draw");
        let text = format!("{}", terminal.backend());
        assert!(text.contains("Streak 0 days"), "{text}");
        if h >= 30 {
            assert!(text.contains("No pain reported"), "{text}");
            assert!(text.contains("No sessions yet"), "{text}");
        }
    }
}

/// At every width the weekly chart's minutes and dates stay in their own columns: each row reads
/// back as the weeks' own numbers, none run together or into a bar.
#[test]
fn weekly_chart_labels_never_run_together() {
    let lines = log::parse(&sample::sample_log(1, 7)).lines;
    let stats = history::stats(
        &history::sessions(&lines),
        date(2026, 3, 1),
        &Settings::default(),
    );
    let names = history::ExerciseNames::default();
    let screen = screens::history::HistoryScreen {
        stats: &stats,
        names: &names,
        unreadable: 0,
    };
    for width in (40..=200).step_by(9) {
        let mut terminal = Terminal::new(TestBackend::new(width, 60)).expect("terminal");
        terminal
            .draw(|frame| {
                screens::history::render(frame, &screen, 0, Theme { color: false });
            })
            .expect("draw");
        let buffer = terminal.backend().buffer();
        let rows: Vec<String> = (0..buffer.area.height)
            .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect())
            .collect();
        // The chart's row of minutes: "min " then numbers only (the headline and the legend
        // have "min" too, followed by words).
        let minutes_row = rows.iter().find_map(|r| {
            let (_, rest) = r.split_once("min ")?;
            let numbers =
                !rest.trim().is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == ' ');
            numbers.then_some(rest)
        });
        let minutes: Vec<u32> = minutes_row
            .expect("a minutes row")
            .split_whitespace()
            .map(|n| n.parse().expect("a number"))
            .collect();
        let weeks: Vec<u32> = stats.weekly_minutes.iter().map(|w| w.minutes).collect();
        assert!(minutes.len() >= 9, "{width}: {minutes:?}");
        assert_eq!(minutes, weeks[weeks.len() - minutes.len()..], "{width}");
    }
}
