//! Break reminders: `stretchy status` in each state, the remind screen, and its loop on a fake
//! clock.

use std::fs;

use jiff::Zoned;
use jiff::tz::TimeZone;
use stretchy::cli::status::{self, Status};
use stretchy::core::history::glance::Glanced;
use stretchy::core::reminder::{Due, Reminders};

use crate::util::Sandbox;

/// A Monday in Berlin.
fn at(local: &str) -> Zoned {
    let tz = TimeZone::get("Europe/Berlin").expect("the time zone database");
    local
        .parse::<jiff::civil::DateTime>()
        .expect("a local time")
        .to_zoned(tz)
        .expect("a time in the zone")
}

fn glanced(done_today: bool, last_break: Option<&str>) -> Glanced {
    Glanced {
        done_today,
        streak: 5,
        week_done: 2,
        week_goal: 3,
        last_break: last_break.map(|t| at(t).timestamp()),
    }
}

/// The status of each state of the rule, as its line, its JSON and a format.
#[test]
fn status_in_each_state() {
    let reminders = Reminders::default();
    let off = Reminders {
        every_mins: 0,
        ..Reminders::default()
    };
    let cases = [
        (
            "due",
            &reminders,
            glanced(false, Some("2026-12-07 09:30")),
            "2026-12-07 10:40",
        ),
        (
            "later",
            &reminders,
            glanced(true, Some("2026-12-07 10:17")),
            "2026-12-07 10:44",
        ),
        (
            "later_hours",
            &reminders,
            glanced(true, Some("2026-12-07 10:17")),
            "2026-12-07 09:55",
        ),
        (
            "done_for_the_day",
            &reminders,
            glanced(true, Some("2026-12-07 17:40")),
            "2026-12-07 17:45",
        ),
        (
            "evening",
            &reminders,
            glanced(true, None),
            "2026-12-07 19:00",
        ),
        (
            "evening_not_done",
            &reminders,
            glanced(false, None),
            "2026-12-07 19:00",
        ),
        (
            "reminders_off",
            &off,
            glanced(true, None),
            "2026-12-07 11:00",
        ),
    ];
    let mut shown = Vec::new();
    for (name, reminders, glanced, now) in cases {
        let now = at(now);
        let due = reminders.due(glanced.last_break, None, &now);
        let status = status::status(&due, &glanced, &now);
        shown.push(show(name, &status));
    }
    insta::assert_snapshot!(shown.join("\n"));
}

fn show(name: &str, status: &Status) -> String {
    let format = status::format(
        status,
        "{status} | {next_due_time} | {week_done}/{week_goal}",
    )
    .expect("a valid format");
    let json = serde_json::to_string(status).expect("json");
    format!("{name}:\n  {}\n  {format}\n  {json}", status.text)
}

#[test]
fn a_format_names_its_mistake() {
    let glanced = glanced(true, None);
    let now = at("2026-12-07 19:00");
    let status = status::status(&Due::OffHours, &glanced, &now);
    assert_eq!(
        status::format(&status, "{{{streak}}} {status}"),
        Ok("{5} ✓ today · streak 5".to_owned())
    );
    let unknown = status::format(&status, "{streek}").expect_err("unknown field");
    assert!(
        unknown.starts_with("--format: no field `streek`; the fields are status, text"),
        "{unknown}"
    );
    assert!(status::format(&status, "{streak").is_err());
    assert!(status::format(&status, "streak}").is_err());
}

/// The real command on a sandbox with a history: exit 0, one line, and not a byte written
/// (no folder made where there was none, no cache rebuilt, no state file).
#[test]
fn status_reads_and_writes_nothing() {
    let sandbox = Sandbox::first_run();
    let data = sandbox.data();
    let line = sandbox.cmd(&["status"]).assert().success();
    let text = String::from_utf8_lossy(&line.get_output().stdout).into_owned();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(!data.exists(), "status made the data folder");

    fs::create_dir_all(&data).expect("data folder");
    fs::write(
        data.join("log.jsonl"),
        stretchy::storage::sample::sample_log(1, 3),
    )
    .expect("log");
    // Without the history summary status says nothing it cannot know.
    let json = json_of(&sandbox);
    assert_eq!(json["text"], "stretchy");
    assert!(
        json["error"]
            .as_str()
            .is_some_and(|e| e.contains("history-cache.json")),
        "{json}"
    );
    assert_eq!(names(&data), ["log.jsonl"]);

    sandbox.cmd(&["stats"]).assert().success();
    let before = snapshot_files(&data);
    let json = json_of(&sandbox);
    assert_eq!(json["error"], serde_json::Value::Null, "{json}");
    assert!(json["streak"].is_u64() && json["week_goal"] == 3, "{json}");
    sandbox.cmd(&["status"]).assert().success();
    sandbox
        .cmd(&["status", "--format", "{status} {streak}"])
        .assert()
        .success();
    assert_eq!(snapshot_files(&data), before);
}

/// A log that cannot be read gives the neutral line, exit 0; the JSON says why.
#[test]
fn a_damaged_log_gives_a_neutral_status() {
    let sandbox = Sandbox::first_run();
    fs::create_dir_all(sandbox.data().join("log.jsonl")).expect("a folder in the log's place");
    let out = sandbox.cmd(&["status"]).assert().success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        "stretchy\n"
    );
    assert!(out.get_output().stderr.is_empty());
    let json = json_of(&sandbox);
    assert!(
        json["error"]
            .as_str()
            .is_some_and(|e| e.contains("log.jsonl")),
        "{json}"
    );
    assert_eq!(json["due"], false);
    let bad = sandbox
        .cmd(&["status", "--format", "{nope}"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&bad.get_output().stderr).contains("no field `nope`"));
}

fn json_of(sandbox: &Sandbox) -> serde_json::Value {
    let out = sandbox.cmd(&["status", "--json"]).assert().success();
    serde_json::from_slice(&out.get_output().stdout).expect("status --json is JSON")
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("lists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Each file's name, length and modification time.
fn snapshot_files(dir: &std::path::Path) -> Vec<(String, u64, std::time::SystemTime)> {
    names(dir)
        .into_iter()
        .map(|name| {
            let meta = fs::metadata(dir.join(&name)).expect("metadata");
            (name, meta.len(), meta.modified().expect("mtime"))
        })
        .collect()
}
