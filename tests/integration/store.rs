//! The session log on disk: every record type round-trips, damaged lines are skipped and counted,
//! writers never interleave, the file is private, and a log that cannot be written never stops a
//! session.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use stretchy::core::log::{self, Event, Line, Outcome, PauseReason};
use stretchy::storage::paths;
use stretchy::storage::store::{self, Log};

use crate::util::{Sandbox, fixture};

fn line(session: &str, event: Event) -> Line {
    Line {
        v: 1,
        at: "2026-03-02T08:15:03.120+01:00".to_owned(),
        session: session.to_owned(),
        event,
    }
}

/// One of each record type, as the app writes them.
fn every_record() -> Vec<Line> {
    vec![
        line(
            "s1",
            Event::Start {
                routine: "desk-reset".into(),
                title: "Desk reset".into(),
                hash: "00000000000000aa".into(),
                preview: false,
                speed: 1,
                planned_secs: 318,
            },
        ),
        line(
            "s1",
            Event::Step {
                step: 4,
                kind: "hold".into(),
                exercise: Some("knee-hug".into()),
                side: Some("left".into()),
                rep: Some(1),
                set: None,
                planned_secs: 10.0,
                actual_secs: 10.002,
                completes_exercise: false,
            },
        ),
        line(
            "s1",
            Event::Skip {
                exercise: "wall-stretch".into(),
            },
        ),
        line(
            "s1",
            Event::Pause {
                reason: PauseReason::User,
            },
        ),
        line("s1", Event::Resume),
        line(
            "s1",
            Event::Pain {
                exercise: Some("knee-hug".into()),
                side: Some("right".into()),
                rep: Some(2),
                second: 6.5,
                severity: Some(6),
                location: Some("lower back".into()),
                feels: Some("sharp".into()),
                action: Some("end".into()),
                suggested: Some("skip".into()),
            },
        ),
        line(
            "s1",
            Event::End {
                outcome: Outcome::StoppedForPain,
                active_secs: 95.25,
                exercises_done: 1,
            },
        ),
    ]
}

/// Every record type written and read back is the same record.
#[test]
fn every_record_type_round_trips() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut log = Log::open(dir.path()).expect("open");
    for record in every_record() {
        log.append(&record).expect("append");
    }
    let read = store::read(dir.path()).expect("read");
    assert_eq!(read.unreadable, 0);
    pretty_assertions::assert_eq!(read.lines, every_record());
}

/// Each record is one line of JSON that `jq` can read; the pain location is spelled `where`.
#[test]
fn records_are_one_json_object_per_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut log = Log::open(dir.path()).expect("open");
    for record in every_record() {
        log.append(&record).expect("append");
    }
    let text = std::fs::read_to_string(dir.path().join(paths::LOG_FILE)).expect("read");
    assert_eq!(text.lines().count(), every_record().len());
    for raw in text.lines() {
        let value: serde_json::Value = serde_json::from_str(raw).expect("json");
        assert_eq!(value["v"], 1);
        assert!(value["type"].is_string());
    }
    assert!(text.contains(r#""type":"pain","exercise":"knee-hug""#));
    assert!(text.contains(r#""where":"lower back""#));
}

/// Garbage, a future schema, an unknown record type and a truncated last line are skipped and
/// counted; everything else is read.
#[test]
fn damaged_lines_are_skipped_and_counted() {
    let bytes = std::fs::read(fixture("../logs/damaged.jsonl")).expect("fixture");
    let read = log::parse(&bytes);
    assert_eq!(read.unreadable, 4);
    let sessions: Vec<&str> = read.lines.iter().map(|l| l.session.as_str()).collect();
    assert_eq!(sessions, ["s1", "s1", "s1", "s4", "s4"]);
}

/// Lines from a writer that knew fewer fields (no preview, speed or planned length) still read.
#[test]
fn older_records_with_fewer_fields_read_with_defaults() {
    let read = log::parse(
        br#"{"v":1,"at":"2026-03-04T08:00:00+01:00","session":"s4","type":"start","routine":"micro-break","title":"Micro-break","hash":"bb"}"#,
    );
    assert_eq!(read.unreadable, 0);
    assert_eq!(
        read.lines[0].event,
        Event::Start {
            routine: "micro-break".into(),
            title: "Micro-break".into(),
            hash: "bb".into(),
            preview: false,
            speed: 1,
            planned_secs: 0,
        }
    );
}

/// A missing log reads as empty; it is not created by reading.
#[test]
fn missing_log_is_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let read = store::read(&dir.path().join("nowhere")).expect("read");
    assert_eq!((read.lines.len(), read.unreadable), (0, 0));
    assert!(!dir.path().join("nowhere").exists());
}

/// The folder is 0700 and the file 0600: the log is private.
#[test]
fn log_file_and_folder_are_private() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("stretchy");
    Log::open(&data).expect("open");
    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join(paths::LOG_FILE)), 0o600);
}

/// Eight threads with their own handles append at once: every line whole, none lost.
#[test]
fn concurrent_writers_never_interleave() {
    let dir = tempfile::tempdir().expect("temp dir");
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let path = dir.path().to_owned();
            std::thread::spawn(move || {
                let mut log = Log::open(&path).expect("open");
                for i in 0..200 {
                    let mut record = every_record()[1].clone();
                    record.session = format!("t{t}-{i}-{}", "x".repeat(i * 7));
                    log.append(&record).expect("append");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("writer");
    }
    let read = store::read(dir.path()).expect("read");
    assert_eq!((read.lines.len(), read.unreadable), (1600, 0));
}

/// Two real sessions at once in one data folder: both logged whole.
#[test]
fn two_instances_log_into_one_file_cleanly() {
    let sandbox = Sandbox::new();
    let tiny = fixture("valid/tiny.json");
    let children: Vec<_> = (0..2)
        .map(|_| {
            sandbox
                .std_cmd(&["run", tiny.to_str().expect("utf-8"), "--speed", "60"])
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("wait").success());
    }
    let read = store::read(&sandbox.data()).expect("read");
    assert_eq!(read.unreadable, 0);
    let ends = read
        .lines
        .iter()
        .filter(|l| matches!(l.event, Event::End { .. }))
        .count();
    assert_eq!(ends, 2);
    // Start, seven steps and the end, for each.
    assert_eq!(read.lines.len(), 2 * 9);
}

/// A disk that is full (the log points at /dev/full) does not stop the session: it completes,
/// and the person is told it was not saved.
#[test]
fn full_disk_does_not_stop_the_session() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.data()).expect("data dir");
    std::os::unix::fs::symlink("/dev/full", sandbox.data().join(paths::LOG_FILE)).expect("link");
    let tiny = fixture("valid/tiny.json");
    let output = sandbox
        .cmd(&["run", tiny.to_str().expect("utf-8"), "--speed", "60"])
        .output()
        .expect("run");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Session done"), "{stdout}");
    assert!(
        stdout.contains("not saved: disk full. This session is not in your history."),
        "the summary says so too: {stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: this session was not saving: cannot write to ")
            && stderr.contains(": disk full"),
        "{stderr}"
    );
}

/// A log that is a folder cannot be opened: the session still runs, and says so.
#[test]
fn log_replaced_by_a_folder_does_not_stop_the_session() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.data().join(paths::LOG_FILE)).expect("folder in the way");
    let tiny = fixture("valid/tiny.json");
    let output = sandbox
        .cmd(&["run", tiny.to_str().expect("utf-8"), "--speed", "60"])
        .output()
        .expect("run");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not saving: cannot open"), "{stderr}");
}

/// A session's log as the journal writes it: start, each step with exercise, side and rep, the
/// end with the outcome and exercises done.
#[test]
fn a_session_is_logged_step_by_step() {
    let sandbox = Sandbox::new();
    let tiny = fixture("valid/tiny.json");
    sandbox
        .cmd(&["run", tiny.to_str().expect("utf-8"), "--speed", "60"])
        .assert()
        .success();
    let read = store::read(&sandbox.data()).expect("read");
    let kinds: Vec<String> = read
        .lines
        .iter()
        .map(|l| match &l.event {
            Event::Start {
                routine, preview, ..
            } => format!("start {routine} preview={preview}"),
            Event::Step {
                kind,
                exercise,
                side,
                completes_exercise,
                ..
            } => format!(
                "step {kind} {} {} {completes_exercise}",
                exercise.as_deref().unwrap_or("-"),
                side.as_deref().unwrap_or("-")
            ),
            Event::End {
                outcome,
                exercises_done,
                ..
            } => format!("end {outcome:?} {exercises_done}"),
            other => format!("{other:?}"),
        })
        .collect();
    pretty_assertions::assert_eq!(
        kinds,
        [
            "start tiny preview=true",
            "step get_ready hug - false",
            "step hold hug left false",
            "step switch hug right false",
            "step hold hug right true",
            "step rest_between rock - false",
            "step get_ready rock - false",
            "step reps rock - true",
            "end Completed 2",
        ]
    );
    let sessions: std::collections::BTreeSet<&str> =
        read.lines.iter().map(|l| l.session.as_str()).collect();
    assert_eq!(sessions.len(), 1);
}

/// Every example line in docs/log-format.md reads as a record, so the docs match the format.
#[test]
fn documented_examples_are_valid_records() {
    let doc = include_str!("../../docs/log-format.md");
    let examples: Vec<&str> = doc.lines().filter(|l| l.starts_with("{\"v\":1")).collect();
    assert_eq!(examples.len(), 8);
    let read = log::parse(examples.join("\n").as_bytes());
    assert_eq!((read.lines.len(), read.unreadable), (8, 0));
}

/// A 10 MB line of garbage in the middle of the log is skipped and counted; the rest is read.
#[test]
fn a_ten_megabyte_garbage_line_is_skipped() {
    let mut bytes = std::fs::read(fixture("../logs/history.jsonl")).expect("fixture");
    let lines_before = log::parse(&bytes).lines.len();
    let mut garbage = vec![b'x'; 10 * 1024 * 1024];
    garbage.push(b'\n');
    let middle = bytes.iter().position(|&b| b == b'\n').expect("a line") + 1;
    bytes.splice(middle..middle, garbage);
    let read = log::parse(&bytes);
    assert_eq!((read.lines.len(), read.unreadable), (lines_before, 1));
}

/// Thirty times over, a session is killed (SIGKILL) at a different point (after a seeded random
/// number of its stage lines): every time the log parses with nothing unreadable, every earlier
/// session is intact, and the killed one reads as interrupted.
#[test]
fn killed_at_thirty_random_moments_the_log_stays_whole() {
    use std::io::{BufRead, BufReader};
    let sandbox = Sandbox::new();
    let tiny = fixture("valid/tiny.json");
    let tiny = tiny.to_str().expect("utf-8");
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut completed = 0;
    for round in 0..30 {
        // xorshift: the same "random" moments every run.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let stage_lines = 3 + usize::try_from(seed % 7).expect("small");
        let mut child = sandbox
            .std_cmd(&["run", tiny, "--speed", "60", "--sound", "off"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let mut printed = 0;
        for line in BufReader::new(stdout).lines() {
            if line.is_err() {
                break;
            }
            printed += 1;
            if printed == stage_lines {
                child.kill().expect("SIGKILL");
                break;
            }
        }
        let status = child.wait().expect("reaped");
        let read = store::read(&sandbox.data()).expect("log parses");
        assert_eq!(read.unreadable, 0, "round {round}");
        let sessions = stretchy::core::history::sessions(&read.lines);
        assert_eq!(sessions.len(), round + 1, "round {round}");
        let last = sessions.last().expect("a session");
        // Two header lines and seven stages: killed on or before the ninth line, the session
        // was still running; after that, it may have ended just before the kill landed.
        if status.success() {
            completed += 1;
            assert_eq!(
                last.outcome,
                stretchy::core::history::SessionOutcome::Completed
            );
        } else if stage_lines <= 9 {
            assert_eq!(
                last.outcome,
                stretchy::core::history::SessionOutcome::Interrupted,
                "round {round}"
            );
        }
        // Earlier sessions keep exactly what they had.
        for earlier in &sessions[..round] {
            assert!(!earlier.id.is_empty());
        }
    }
    assert!(completed < 30, "some sessions must have been killed");
}

/// The status bar's short form of a storage error: a few words, no path, no "(os error N)".
#[test]
fn store_errors_have_a_brief_form() {
    let write = |errno: i32| store::StoreError::Write {
        path: "/home/me/.local/share/stretchy/log.jsonl".into(),
        source: std::io::Error::from_raw_os_error(errno),
    };
    assert_eq!(write(28).brief(), "disk full");
    assert_eq!(write(30).brief(), "disk is read-only");
    assert_eq!(write(13).brief(), "permission denied");
    assert_eq!(write(21).brief(), "log.jsonl is a folder");
    assert_eq!(write(5).brief(), "log.jsonl: input/output error");
    let other = store::StoreError::CreateDir {
        path: "/home/me/.local/share/stretchy".into(),
        source: std::io::Error::other("not a regular file"),
    };
    assert_eq!(other.brief(), "stretchy: not a regular file");
}
