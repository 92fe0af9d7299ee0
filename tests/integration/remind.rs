//! Break reminders: `stretchy status` in each state, the remind screen, and its loop on a fake
//! clock.

use std::fs;
use std::io;

use jiff::Zoned;
use jiff::tz::TimeZone;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use stretchy::cli::status::{self, Status};
use stretchy::clock::Clock;
use stretchy::core::history::glance::{Brief, Glance, Glanced};
use stretchy::core::reminder::{Due, Reminders};
use stretchy::remind::{self, Host, Look, Notice};
use stretchy::storage::catalog::load_entry;
use stretchy::tui::app::App;
use stretchy::tui::screens::Theme;
use stretchy::tui::screens::remind::{RemindView, Suggestion};

use crate::fake::{FakeClock, Recorder, Script};
use crate::util::{Sandbox, fixture};

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
        sessions_today: u32::from(done_today),
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

// ---- the remind loop on a fake clock ----

/// The world of the loop: wall time follows the fake monotonic clock from a Monday 09:30 in
/// Berlin; the history is a list kept here; the routine is the real app's session of `tiny`.
struct FakeHost {
    clock: FakeClock,
    wall0: Zoned,
    sessions: Vec<Brief>,
    snoozed: Option<jiff::Timestamp>,
    rings: Vec<(String, Notice)>,
    /// Effects of the routines run, as the app handed them out.
    recorder: Recorder,
    stretches: usize,
    looks: usize,
}

impl FakeHost {
    fn new(clock: &FakeClock) -> FakeHost {
        FakeHost {
            clock: clock.clone(),
            wall0: at("2026-12-07 09:30"),
            sessions: Vec::new(),
            snoozed: None,
            rings: Vec::new(),
            recorder: Recorder::default(),
            stretches: 0,
            looks: 0,
        }
    }

    fn wall(&self) -> Zoned {
        let elapsed = self.clock.now().duration_since(self.clock.t0);
        self.wall0
            .checked_add(jiff::SignedDuration::try_from(elapsed).expect("short"))
            .expect("a time")
    }
}

impl Host<TestBackend, Script> for FakeHost {
    fn now(&self) -> Zoned {
        self.wall()
    }

    fn look(&mut self, now: &Zoned) -> Look {
        self.looks += 1;
        let mut glance = Glance::new(now.date());
        for session in &self.sessions {
            glance.add(session);
        }
        Look {
            history: Ok(glance.finish(&stretchy::core::history::Settings::default())),
            snoozed: self.snoozed,
        }
    }

    fn snooze_until(&mut self, until: &Zoned) {
        self.snoozed = Some(until.timestamp());
    }

    fn ring(&mut self, notice: &Notice) {
        let now = self.wall().strftime("%H:%M:%S").to_string();
        self.rings.push((now, notice.clone()));
    }

    fn stretch(
        &mut self,
        terminal: &mut Terminal<TestBackend>,
        events: &mut Script,
    ) -> io::Result<()> {
        self.stretches += 1;
        let start = self.wall();
        let entry = load_entry(&fixture("valid/tiny.json")).expect("valid");
        App::session(entry, Theme { color: false }, 1).run(
            terminal,
            events,
            &self.clock,
            &mut self.recorder,
        )?;
        // What the journal would have written: a session that counts, ending now.
        let secs = self
            .wall()
            .timestamp()
            .duration_since(start.timestamp())
            .as_secs_f64();
        self.sessions.push(Brief {
            start,
            preview: false,
            active_secs: secs,
            exercises_done: 2,
        });
        Ok(())
    }
}

fn suggestion() -> Suggestion {
    Suggestion {
        title: "Tiny".to_owned(),
        minutes: 1,
    }
}

const MIN: u64 = 60_000;

/// Due at 09:50: the bell and notification once, at 09:50:00; Enter runs the routine through its
/// summary and comes back to the reminder screen, with the next break 50 minutes after it.
/// Between reminders the loop wakes once a minute.
#[test]
fn the_loop_rings_once_runs_the_routine_on_enter_and_comes_back() {
    let clock = FakeClock::new();
    // Enter 3 minutes after it fell due; the summary closed a minute later; then quit.
    let mut script = Script::new(
        &clock,
        &[
            (23 * MIN, KeyCode::Enter),
            (24 * MIN, KeyCode::Enter),
            (26 * MIN, KeyCode::Char('q')),
        ],
    );
    let mut host = FakeHost::new(&clock);
    let mut terminal = Terminal::new(TestBackend::new(60, 20)).expect("terminal");
    remind::run(
        &Reminders::default(),
        &suggestion(),
        Theme { color: false },
        &mut terminal,
        &mut script,
        &mut host,
    )
    .expect("the loop ends on q");
    assert_eq!(host.rings.len(), 1, "{:?}", host.rings);
    assert_eq!(host.rings[0].0, "09:50:00");
    assert_eq!(host.rings[0].1.summary, "Time for a stretch");
    assert_eq!(host.stretches, 1);
    // The routine ran for real: its cues and records came out.
    assert!(
        host.recorder.effects.len() > 10,
        "{}",
        host.recorder.effects.len()
    );
    // 20 minutes to the break, 3 due, 2 after: a look a minute, plus one per key.
    assert!(host.looks <= 28, "{} looks", host.looks);
    insta::assert_snapshot!(terminal.backend());
}

/// `s` snoozes for ten minutes, `x` skips to a whole interval later; each rings once more when
/// it falls due.
#[test]
fn snooze_and_skip_put_the_break_off_and_it_rings_again() {
    let clock = FakeClock::new();
    let mut script = Script::new(
        &clock,
        &[
            (20 * MIN + 1_000, KeyCode::Char('s')),
            (30 * MIN + 2_000, KeyCode::Char('x')),
            (81 * MIN, KeyCode::Char('q')),
        ],
    );
    let mut host = FakeHost::new(&clock);
    let mut terminal = Terminal::new(TestBackend::new(60, 20)).expect("terminal");
    remind::run(
        &Reminders::default(),
        &suggestion(),
        Theme { color: false },
        &mut terminal,
        &mut script,
        &mut host,
    )
    .expect("the loop ends on q");
    let times: Vec<&str> = host.rings.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(times, ["09:50:00", "10:00:01", "10:50:02"]);
}

/// The laptop slept from 09:40 to 12:05: on waking one reminder, not three.
#[test]
fn after_a_suspend_a_missed_break_rings_once() {
    let clock = FakeClock::new();
    let mut script = Script::new(&clock, &[(3 * MIN, KeyCode::Char('q'))]);
    let mut host = FakeHost::new(&clock);
    host.wall0 = at("2026-12-07 12:05");
    host.sessions.push(Brief {
        start: at("2026-12-07 09:30"),
        preview: false,
        active_secs: 120.0,
        exercises_done: 2,
    });
    let mut terminal = Terminal::new(TestBackend::new(60, 20)).expect("terminal");
    remind::run(
        &Reminders::default(),
        &suggestion(),
        Theme { color: false },
        &mut terminal,
        &mut script,
        &mut host,
    )
    .expect("the loop ends on q");
    assert_eq!(host.rings.len(), 1);
    assert_eq!(host.rings[0].0, "12:05:00");
    assert!(
        host.rings[0].1.body.contains("Due since 10:22"),
        "{:?}",
        host.rings[0]
    );
}

/// The remind screen in each state, at the smallest size and a common one.
#[test]
fn remind_screen_in_each_state() {
    let reminders = Reminders::default();
    let history = glanced(true, Some("2026-12-07 10:17"));
    let states = [
        (
            "due",
            Due::Now {
                since: at("2026-12-07 11:07"),
            },
            "2026-12-07 11:20",
            Ok(&history),
        ),
        (
            "later",
            Due::Later {
                at: at("2026-12-07 11:07"),
            },
            "2026-12-07 10:44",
            Ok(&history),
        ),
        ("off_hours", Due::OffHours, "2026-12-07 19:00", Ok(&history)),
        ("off", Due::Off, "2026-12-07 11:00", Ok(&history)),
        (
            "unreadable",
            Due::Later {
                at: at("2026-12-07 09:50"),
            },
            "2026-12-07 09:10",
            Err("cannot read log.jsonl: permission denied"),
        ),
    ];
    for (name, due, now, history) in states {
        let view = RemindView::new(&due, history, &reminders, &suggestion(), &at(now));
        for (w, h) in [(40, 12), (60, 20)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            terminal
                .draw(|frame| {
                    stretchy::tui::screens::remind::render(frame, &view, Theme { color: false });
                })
                .expect("draws");
            insta::assert_snapshot!(format!("remind_{name}_{w}x{h}"), terminal.backend());
        }
    }
}

/// The home screen's line.
#[test]
fn the_home_line_says_when_the_next_stretch_is() {
    use stretchy::core::reminder::next_stretch_line;
    let now = at("2026-12-07 10:44");
    let later = Due::Later {
        at: at("2026-12-07 11:07"),
    };
    assert_eq!(
        next_stretch_line(&later, &now).as_deref(),
        Some("next stretch in 23m")
    );
    let due = Due::Now {
        since: at("2026-12-07 10:20"),
    };
    assert_eq!(
        next_stretch_line(&due, &now).as_deref(),
        Some("stretch due now")
    );
    assert_eq!(next_stretch_line(&Due::OffHours, &now), None);
}

/// `remind --plain`: one line when a break falls due (with the bell), and q leaves. The
/// time is set through the debug build's `STRETCHY_TEST_NOW`.
#[test]
fn plain_remind_prints_one_line_per_reminder() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .cmd(&["remind", "--plain"])
        .env(
            "STRETCHY_TEST_NOW",
            "2026-12-07T10:30:00+01:00[Europe/Berlin]",
        )
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", sandbox.data())
        .write_stdin("s\nq\n")
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    insta::assert_snapshot!(text);
    assert!(out.get_output().stderr.is_empty(), "no bus, nothing said");
}

/// `settings.json` sets the reminders: every 20 minutes on Sundays from 08:00, or none at all.
#[test]
fn status_follows_the_settings_file() {
    let sandbox = Sandbox::new();
    fs::create_dir_all(sandbox.config()).expect("config folder");
    let settings = sandbox.config().join("settings.json");
    let status_at = |now: &str| {
        let out = sandbox
            .cmd(&["status", "--format", "{class} {status}"])
            .env("STRETCHY_TEST_NOW", now)
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout)
            .trim()
            .to_owned()
    };
    let sunday = "2026-12-06T08:10:00+01:00[Europe/Berlin]";
    assert_eq!(status_at(sunday), "off_hours streak 0");
    fs::write(
        &settings,
        r#"{"remind_every_mins": 20, "work_hours": "08:00-12:00", "work_days": ["sun"]}"#,
    )
    .expect("settings");
    assert_eq!(status_at(sunday), "later stretch in 10m");
    fs::write(&settings, r#"{"remind_every_mins": 0}"#).expect("settings");
    assert_eq!(
        status_at("2026-12-07T10:30:00+01:00[Europe/Berlin]"),
        "off streak 0"
    );
}
