use std::collections::HashMap;
use std::fs::{self, OpenOptions};
use std::path::Path;
use std::sync::LazyLock;

use jiff::Zoned;
use pretty_assertions::assert_eq;
use proptest::prelude::*;
use tempfile::TempDir;

use super::*;
use crate::core::history::{PainReport, SessionOutcome, parse_at, push_distinct, sessions};
use crate::core::log::{self, Event, Line, Outcome, PauseReason};

// ---- building logs ----

fn json(session: &str, at: &str, event: Event) -> String {
    let line = Line {
        v: LOG_SCHEMA,
        at: at.to_owned(),
        session: session.to_owned(),
        event,
    };
    let mut text = serde_json::to_string(&line).expect("a line serializes");
    text.push('\n');
    text
}

fn start(session: &str, at: &str) -> String {
    json(
        session,
        at,
        Event::Start {
            routine: format!("routine-of-{session}"),
            title: format!("Title of {session}"),
            hash: "h".to_owned(),
            preview: false,
            speed: 1,
            planned_secs: 600,
        },
    )
}

fn step(session: &str, at: &str, exercise: &str, secs: f64, completes: bool) -> String {
    json(
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

fn skip(session: &str, at: &str, exercise: &str) -> String {
    json(
        session,
        at,
        Event::Skip {
            exercise: exercise.to_owned(),
        },
    )
}

fn pain(session: &str, at: &str, severity: u8) -> String {
    json(
        session,
        at,
        Event::Pain {
            exercise: Some("knee-hug".to_owned()),
            side: Some("left".to_owned()),
            rep: None,
            second: 3.25,
            severity: Some(severity),
            location: Some("lower back".to_owned()),
            feels: None,
            action: None,
            suggested: None,
        },
    )
}

fn end(session: &str, at: &str, active_secs: f64) -> String {
    json(
        session,
        at,
        Event::End {
            outcome: Outcome::Completed,
            active_secs,
            exercises_done: 1,
        },
    )
}

fn log_dir() -> TempDir {
    tempfile::tempdir().expect("a temp dir")
}

fn write_log(dir: &Path, text: impl AsRef<[u8]>) {
    fs::write(dir.join(LOG_FILE), text).expect("log written");
}

fn append(dir: &Path, text: impl AsRef<[u8]>) {
    let mut file = OpenOptions::new()
        .append(true)
        .open(dir.join(LOG_FILE))
        .expect("log opens");
    file.write_all(text.as_ref()).expect("log appended");
}

fn read_cache_file(dir: &Path) -> Cache {
    serde_json::from_slice(&fs::read(dir.join(CACHE_FILE)).expect("cache exists"))
        .expect("cache parses")
}

// ---- checking ----

/// What reading the whole log gives: the answer `load` must match.
fn full_read(dir: &Path) -> Loaded {
    let contents = store::read(dir).expect("log reads");
    Loaded {
        sessions: sessions(&contents.lines),
        unreadable: contents.unreadable,
    }
}

/// Each time with its offset: `Zoned`'s `==` compares instants only.
fn offsets(loaded: &Loaded) -> Vec<Vec<i32>> {
    let seconds = |at: &Zoned| at.offset().seconds();
    (loaded.sessions.iter())
        .map(|s| {
            std::iter::once(seconds(&s.start))
                .chain(s.pains.iter().map(|p| seconds(&p.at)))
                .collect()
        })
        .collect()
}

fn assert_same(actual: &Loaded, expected: &Loaded) {
    assert_eq!(actual, expected);
    assert_eq!(offsets(actual), offsets(expected));
}

/// Loads, checks the result against a full read, and says where the load started.
fn load_and_check(dir: &Path) -> Source {
    let (loaded, source) = load_from(dir).expect("load succeeds");
    assert_same(&loaded, &full_read(dir));
    source
}

fn log_len(dir: &Path) -> u64 {
    fs::metadata(dir.join(LOG_FILE)).expect("log exists").len()
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("dir lists")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

static ONE_YEAR: LazyLock<Vec<u8>> = LazyLock::new(|| crate::storage::sample::sample_log(1, 7));

/// The whole lines within the first `len` bytes of the year's log.
fn whole_lines(len: usize) -> &'static [u8] {
    let end = ONE_YEAR[..len]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    &ONE_YEAR[..end]
}

// ---- first, second and incremental loads ----

/// No log, no folder even: an empty history, and nothing is written.
#[test]
fn missing_log_is_an_empty_history_and_writes_nothing() {
    let dir = log_dir();
    assert_eq!(load_from(dir.path()).expect("loads").1, Source::NoLog);
    assert_eq!(load(dir.path()).expect("loads"), Loaded::default());
    assert_eq!(file_names(dir.path()), Vec::<String>::new());
    let missing = dir.path().join("not-there");
    assert_eq!(load(&missing).expect("loads"), Loaded::default());
    assert!(!missing.exists());
}

/// A log that is not a plain file is an error, as for a full read, and no cache is written.
#[test]
fn log_that_is_not_a_file_is_an_error_like_a_full_read() {
    let dir = log_dir();
    fs::create_dir(dir.path().join(LOG_FILE)).expect("dir");
    assert!(matches!(
        store::read(dir.path()),
        Err(StoreError::Read { .. })
    ));
    assert!(matches!(load(dir.path()), Err(StoreError::Read { .. })));
    assert_eq!(file_names(dir.path()), [LOG_FILE]);
}

/// A year of sessions: the first load reads it all and writes the cache, the second reads only
/// the cache, and both give what a full read gives.
#[test]
fn second_load_resumes_from_the_cache_with_the_same_result() {
    let dir = log_dir();
    write_log(dir.path(), &*ONE_YEAR);
    assert_eq!(load_and_check(dir.path()), Source::Rebuilt);
    let len = log_len(dir.path());
    assert_eq!(read_cache_file(dir.path()).len, len);
    assert_eq!(load_and_check(dir.path()), Source::Resumed { from: len });
}

/// Only the sessions later lines could change are kept partial; the rest are finished records.
#[test]
fn cache_keeps_finished_sessions_as_records_and_open_ones_partial() {
    let dir = log_dir();
    write_log(
        dir.path(),
        [
            start("done", "2026-03-02T08:00:00+01:00"),
            end("done", "2026-03-02T08:10:00+01:00", 600.0),
            start("killed", "2026-03-03T08:00:00+01:00"),
            step(
                "no-start",
                "2026-03-04T08:00:00+01:00",
                "cat-cow",
                30.0,
                true,
            ),
        ]
        .concat(),
    );
    load_and_check(dir.path());
    let kinds = read_cache_file(dir.path()).sessions.done_by_id();
    let expected = [("done", true), ("killed", false), ("no-start", false)];
    assert_eq!(kinds, expected.map(|(id, done)| (id.to_owned(), done)));
}

/// The cache is what the second load returns: a title changed in it shows.
#[test]
fn cache_hit_does_not_read_the_log_again() {
    let dir = log_dir();
    write_log(
        dir.path(),
        [
            start("a", "2026-03-02T08:00:00+01:00"),
            end("a", "2026-03-02T08:10:00+01:00", 600.0),
        ]
        .concat(),
    );
    load_and_check(dir.path());
    let path = dir.path().join(CACHE_FILE);
    let text = fs::read_to_string(&path).expect("cache");
    fs::write(&path, text.replace("Title of a", "From the cache")).expect("written");
    let loaded = load(dir.path()).expect("loads");
    assert_eq!(loaded.sessions[0].title, "From the cache");
}

/// New lines are read from where the cache stopped, and the cache moves forward.
#[test]
fn appended_lines_are_read_from_where_the_cache_stopped() {
    let dir = log_dir();
    let half = whole_lines(ONE_YEAR.len() / 2).len();
    write_log(dir.path(), &ONE_YEAR[..half]);
    load_and_check(dir.path());
    append(dir.path(), &ONE_YEAR[half..]);
    assert_eq!(
        load_and_check(dir.path()),
        Source::Resumed { from: half as u64 }
    );
    assert_eq!(read_cache_file(dir.path()).len, log_len(dir.path()));
}

/// A session with its start, steps and a pain before the cached length and its end after it,
/// interleaved with another, ends up as if read in one go.
#[test]
fn session_spanning_the_cache_boundary_is_carried_on() {
    let dir = log_dir();
    write_log(
        dir.path(),
        [
            start("long", "2026-03-02T08:00:00+01:00"),
            step("long", "2026-03-02T08:01:00+01:00", "cat-cow", 40.5, true),
            skip("long", "2026-03-02T08:02:00+01:00", "knee-hug"),
            pain("long", "2026-03-02T08:03:00+01:00", 3),
            start("other", "2026-03-02T08:00:00+01:00"),
        ]
        .concat(),
    );
    load_and_check(dir.path());
    append(
        dir.path(),
        [
            step("long", "2026-03-02T08:04:00+01:00", "knee-hug", 20.25, true),
            end("other", "2026-03-02T08:05:00+01:00", 10.0),
            step("long", "2026-03-02T08:06:00+01:00", "twist", 15.125, false),
        ]
        .concat(),
    );
    load_and_check(dir.path());
    append(dir.path(), end("long", "2026-03-02T08:09:00+01:00", 76.0));
    load_and_check(dir.path());
    let loaded = load(dir.path()).expect("loads");
    assert_eq!(loaded.sessions[0].skipped, Vec::<String>::new());
    assert_eq!(loaded.sessions[0].outcome, SessionOutcome::Completed);
}

/// A killed session stays interrupted, with the time of its steps, across loads.
#[test]
#[expect(clippy::float_cmp, reason = "one step's seconds, copied exactly")]
fn interrupted_session_stays_interrupted_across_loads() {
    let dir = log_dir();
    write_log(
        dir.path(),
        [
            start("killed", "2026-03-02T08:00:00+01:00"),
            step("killed", "2026-03-02T08:01:00+01:00", "cat-cow", 40.1, true),
        ]
        .concat(),
    );
    load_and_check(dir.path());
    append(
        dir.path(),
        [
            start("next", "2026-03-03T08:00:00+01:00"),
            end("next", "2026-03-03T08:10:00+01:00", 600.0),
        ]
        .concat(),
    );
    load_and_check(dir.path());
    let loaded = load(dir.path()).expect("loads");
    assert_eq!(loaded.sessions[0].outcome, SessionOutcome::Interrupted);
    assert_eq!(loaded.sessions[0].active_secs, 40.1);
}

/// Lines after a session's end change nothing, even a new start line arriving after the cached
/// length.
#[test]
fn lines_after_a_cached_end_change_nothing() {
    let dir = log_dir();
    write_log(
        dir.path(),
        [
            start("a", "2026-03-02T08:00:00+01:00"),
            end("a", "2026-03-02T08:10:00+01:00", 600.0),
        ]
        .concat(),
    );
    load_and_check(dir.path());
    append(
        dir.path(),
        [
            start("a", "2026-03-01T08:00:00+01:00"),
            step("a", "2026-03-02T08:11:00+01:00", "cat-cow", 40.0, true),
            pain("a", "2026-03-02T08:12:00+01:00", 5),
        ]
        .concat(),
    );
    load_and_check(dir.path());
}

/// Lines before any readable start are kept: when the start comes later, they count, and a pain
/// with an unreadable time takes the start's.
#[test]
fn session_without_a_readable_start_waits_for_one() {
    let dir = log_dir();
    write_log(
        dir.path(),
        [
            step("late", "2026-03-02T08:01:00+05:45", "cat-cow", 40.0, true),
            pain("late", "garbled", 6),
            start("late", "not a time"),
            end("late", "2026-03-02T08:10:00+05:45", 600.0),
            pain("late", "garbled", 2),
        ]
        .concat(),
    );
    assert_eq!(load_and_check(dir.path()), Source::Rebuilt);
    append(dir.path(), start("late", "2026-03-02T08:00:00+05:45"));
    load_and_check(dir.path());
    let loaded = load(dir.path()).expect("loads");
    let pains: Vec<(String, Option<u8>)> = (loaded.sessions[0].pains.iter())
        .map(|p| (p.at.to_string(), p.severity))
        .collect();
    assert_eq!(
        pains,
        [("2026-03-02T08:00:00+05:45[+05:45]".to_owned(), Some(6))]
    );
}

/// Garbage, a future schema, bad UTF-8 and blank lines, on both sides of the cached length, are
/// counted as a full read counts them.
#[test]
fn damaged_and_blank_lines_are_counted_like_a_full_read() {
    let dir = log_dir();
    let mut bytes = [
        start("a", "2026-03-02T08:00:00+01:00"),
        "{\"v\":1,\"at\":\n".to_owned(),
        "  \t\r\n".to_owned(),
        start("b", "2026-03-02T09:00:00+01:00").replace("\"v\":1", "\"v\":2"),
    ]
    .concat()
    .into_bytes();
    bytes.extend_from_slice(b"\xff\xfe\n\n");
    write_log(dir.path(), &bytes);
    load_and_check(dir.path());
    append(dir.path(), "not json\n\n   \n");
    append(dir.path(), end("a", "2026-03-02T08:10:00+01:00", 600.0));
    load_and_check(dir.path());
    assert_eq!(load(dir.path()).expect("loads").unreadable, 4);
}

/// A last line still being written counts for the load (like a full read) but not for the
/// cache, which stops at the last whole line; once the line is whole it is read from there.
#[test]
fn partial_last_line_is_read_but_not_cached() {
    let dir = log_dir();
    let first = start("a", "2026-03-02T08:00:00+01:00");
    let last = end("a", "2026-03-02T08:10:00+01:00", 600.0);
    let (head, rest) = last.split_at(20);
    write_log(dir.path(), [first.as_str(), head].concat());
    assert_eq!(load_and_check(dir.path()), Source::Rebuilt);
    assert_eq!(read_cache_file(dir.path()).len, first.len() as u64);
    assert_eq!(load(dir.path()).expect("loads").unreadable, 1);

    // Whole but for its newline: a full read takes it as a record; the cache still stops short.
    append(dir.path(), rest.trim_end_matches('\n'));
    assert_eq!(
        load_and_check(dir.path()),
        Source::Resumed {
            from: first.len() as u64
        }
    );
    assert_eq!(read_cache_file(dir.path()).len, first.len() as u64);
    assert_eq!(
        load(dir.path()).expect("loads").sessions[0].outcome,
        SessionOutcome::Completed
    );

    append(dir.path(), "\n");
    load_and_check(dir.path());
    assert_eq!(read_cache_file(dir.path()).len, log_len(dir.path()));
}

// ---- invalidation ----

/// A log shorter than the cached length was truncated or replaced: it is read from the start.
#[test]
fn truncated_log_is_read_again_from_the_start() {
    let dir = log_dir();
    write_log(dir.path(), &*ONE_YEAR);
    load_and_check(dir.path());
    write_log(dir.path(), whole_lines(1000));
    assert_eq!(load_and_check(dir.path()), Source::Rebuilt);
    assert_eq!(read_cache_file(dir.path()).len, log_len(dir.path()));
}

/// A log rewritten near either end of the cached part, or replaced by a longer one, is read
/// again from the start, whatever its length.
#[test]
fn rewritten_or_replaced_log_is_read_again_from_the_start() {
    let dir = log_dir();
    let original = whole_lines(200_000);
    let whole = original.len();
    let changed_at = |at: usize| {
        let mut bytes = original.to_vec();
        // A digit of a time or of seconds: the line stays readable.
        let digit = (at..bytes.len())
            .find(|&i| bytes[i].is_ascii_digit())
            .expect("a digit");
        bytes[digit] = if bytes[digit] == b'1' { b'2' } else { b'1' };
        bytes
    };
    for rewritten in [
        changed_at(100),
        changed_at(whole - 300),
        crate::storage::sample::sample_log(1, 8)[..whole].to_vec(),
        crate::storage::sample::sample_log(1, 9),
    ] {
        write_log(dir.path(), original);
        load_and_check(dir.path());
        write_log(dir.path(), &rewritten);
        assert_eq!(load_and_check(dir.path()), Source::Rebuilt);
    }
}

/// An unreadable, cut, empty or foreign cache is rebuilt, and the next load trusts the new one.
#[test]
fn damaged_or_foreign_cache_is_rebuilt() {
    let dir = log_dir();
    write_log(dir.path(), whole_lines(100_000));
    load_and_check(dir.path());
    let path = dir.path().join(CACHE_FILE);
    let good = fs::read_to_string(&path).expect("cache");
    let versions = |version: u32, program: &str, schema: u32| {
        let mut cache: serde_json::Value = serde_json::from_str(&good).expect("json");
        cache["version"] = version.into();
        cache["program"] = program.into();
        cache["log_schema"] = schema.into();
        cache.to_string()
    };
    // The same cache rewritten through `versions` is still trusted: what follows fails for the
    // one change each makes.
    fs::write(&path, versions(CACHE_VERSION, PROGRAM, LOG_SCHEMA)).expect("written");
    assert_eq!(
        load_and_check(dir.path()),
        Source::Resumed {
            from: log_len(dir.path())
        }
    );
    let damaged = [
        "garbage".to_owned(),
        good[..good.len() / 2].to_owned(),
        String::new(),
        good.replacen("\"done\"", "\"gone\"", 1),
        versions(CACHE_VERSION + 1, PROGRAM, LOG_SCHEMA),
        versions(CACHE_VERSION, "0.0.0-older", LOG_SCHEMA),
        versions(CACHE_VERSION, PROGRAM, LOG_SCHEMA + 1),
    ];
    for cache in damaged {
        fs::write(&path, cache).expect("written");
        assert_eq!(load_and_check(dir.path()), Source::Rebuilt);
        assert_eq!(
            load_and_check(dir.path()),
            Source::Resumed {
                from: log_len(dir.path())
            }
        );
    }
}

/// Found by `cargo fuzz run history_cache`: a cache damaged in the middle, so that its version
/// and the log's fingerprint still match, held a pain report waiting for a start at an index past
/// its reports, and the start line that came next made every load panic. A cache no log could
/// give (that, or more unreadable lines than bytes) is now rebuilt.
#[test]
fn cache_that_no_log_could_give_is_rebuilt() {
    for damage in [
        serde_json::json!({"sessions": [{"open": {"id": "p", "step_secs": "0", "awaiting_start": [1]}}]}),
        serde_json::json!({"unreadable": usize::MAX}),
    ] {
        let dir = log_dir();
        // The fuzzer's minimized input: one unreadable line, the damage, then a start line.
        write_log(dir.path(), "{\"1,AAAAA\"}\n");
        assert_eq!(load_and_check(dir.path()), Source::Rebuilt);
        let path = dir.path().join(CACHE_FILE);
        let mut cache: serde_json::Value =
            serde_json::from_slice(&fs::read(&path).expect("cache")).expect("json");
        for (key, value) in damage.as_object().expect("an object") {
            cache[key] = value.clone();
        }
        fs::write(&path, cache.to_string()).expect("written");
        append(
            dir.path(),
            "{\"v\":1,\"at\":\"2026-03-04T08:00+00\",\"session\":\"p\",\"type\":\"start\",\
             \"routine\":\"x\",\"title\":\"La\",\"hash\":\"1\"}\nnot a line\n",
        );
        assert_eq!(load_and_check(dir.path()), Source::Rebuilt, "{damage}");
    }
}

// ---- the file itself ----

/// The cache is private like the log, replaced whole (no temporary file is left), and the log's
/// bytes are never touched.
#[test]
fn cache_is_private_written_whole_and_the_log_untouched() {
    let dir = log_dir();
    let bytes = &ONE_YEAR[..300_000];
    write_log(dir.path(), bytes);
    load_and_check(dir.path());
    append(dir.path(), end("x", "2026-03-02T08:10:00+01:00", 1.0));
    load_and_check(dir.path());
    let after = [bytes, end("x", "2026-03-02T08:10:00+01:00", 1.0).as_bytes()].concat();
    assert_eq!(fs::read(dir.path().join(LOG_FILE)).expect("log"), after);
    assert_eq!(file_names(dir.path()), [CACHE_FILE, LOG_FILE]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.path().join(CACHE_FILE))
            .expect("cache")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// A load that finds nothing new leaves the cache file alone.
#[cfg(unix)]
#[test]
fn cache_is_not_rewritten_when_the_log_did_not_grow() {
    use std::os::unix::fs::MetadataExt;
    let dir = log_dir();
    write_log(dir.path(), &ONE_YEAR[..50_000]);
    load_and_check(dir.path());
    let inode = || {
        fs::metadata(dir.path().join(CACHE_FILE))
            .expect("cache")
            .ino()
    };
    let before = inode();
    load_and_check(dir.path());
    assert_eq!(inode(), before);
    append(dir.path(), "\n");
    load_and_check(dir.path());
    assert_ne!(inode(), before);
}

/// A cache that cannot be written (here a folder is in its way) is no error: every load reads
/// the whole log, and nothing is left behind.
#[test]
fn unwritable_cache_is_not_an_error() {
    let dir = log_dir();
    write_log(dir.path(), &ONE_YEAR[..50_000]);
    fs::create_dir(dir.path().join(CACHE_FILE)).expect("dir");
    assert_eq!(load_and_check(dir.path()), Source::Rebuilt);
    assert_eq!(load_and_check(dir.path()), Source::Rebuilt);
    assert_eq!(file_names(dir.path()), [CACHE_FILE, LOG_FILE]);
}

// ---- logs appended in chunks ----

/// Appends `bytes` to the log in chunks cut at `cuts` (anywhere, mid-line too), loading after
/// each: every load must give a full read's answer, and after the first cache every load must
/// resume from it (never rebuild).
fn append_in_chunks(bytes: &[u8], cuts: &[usize]) -> Result<(), TestCaseError> {
    let dir = log_dir();
    write_log(dir.path(), b"");
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.push(bytes.len());
    cuts.sort_unstable();
    let mut written = 0;
    let mut cached = false;
    for cut in cuts {
        append(dir.path(), &bytes[written..cut]);
        written = cut;
        let (loaded, source) = load_from(dir.path()).expect("loads");
        let expected = full_read(dir.path());
        prop_assert_eq!(&loaded, &expected);
        prop_assert_eq!(offsets(&loaded), offsets(&expected));
        if cached {
            prop_assert!(matches!(source, Source::Resumed { .. }), "{source:?}");
        }
        cached = dir.path().join(CACHE_FILE).exists();
    }
    Ok(())
}

/// A line of a made-up log from a few sessions, with unreadable times and damaged lines mixed
/// in, to reach the corners of how lines are gathered.
fn arb_line() -> impl Strategy<Value = String> {
    let id = prop::sample::select(vec!["a", "b", "c", "d"]);
    let at = prop_oneof![
        4 => (1u8..4, 0u8..3, prop::sample::select(vec!["Z", "+01:00", "-05:30", "+05:45:30"]))
            .prop_map(|(day, hour, offset)| format!("2026-03-0{day}T0{hour}:00:00{offset}")),
        1 => Just("not a time".to_owned()),
    ];
    let exercise =
        prop::sample::select(vec!["cat-cow", "knee-hug", "twist"]).prop_map(str::to_owned);
    let secs = prop_oneof![-1000.0..1000.0f64, -1e300..1e300f64, Just(0.1), Just(-0.0)];
    let outcome = prop::sample::select(vec![
        Outcome::Completed,
        Outcome::Stopped,
        Outcome::StoppedForPain,
    ]);
    let event = prop_oneof![
        (any::<bool>(), any::<u8>()).prop_map(|(preview, planned)| Event::Start {
            routine: format!("r{}", planned % 3),
            title: format!("Title {planned}"),
            hash: "h".to_owned(),
            preview,
            speed: 1,
            planned_secs: u64::from(planned),
        }),
        (exercise.clone(), secs.clone(), any::<bool>()).prop_map(|(exercise, secs, completes)| {
            Event::Step {
                step: 1,
                kind: "hold".to_owned(),
                exercise: Some(exercise),
                side: None,
                rep: None,
                set: None,
                planned_secs: 1.0,
                actual_secs: secs,
                completes_exercise: completes,
            }
        }),
        exercise
            .clone()
            .prop_map(|exercise| Event::Skip { exercise }),
        exercise
            .clone()
            .prop_map(|exercise| Event::Gentler { exercise }),
        (
            prop::option::of(exercise),
            secs.clone(),
            prop::option::of(0u8..11)
        )
            .prop_map(|(exercise, second, severity)| Event::Pain {
                exercise,
                side: None,
                rep: None,
                second,
                severity,
                location: None,
                feels: None,
                action: None,
                suggested: None,
            }),
        (outcome, secs).prop_map(|(outcome, active_secs)| Event::End {
            outcome,
            active_secs,
            exercises_done: 0,
        }),
        Just(Event::Pause {
            reason: PauseReason::User
        }),
        Just(Event::Resume),
    ];
    prop_oneof![
        12 => (id, at, event).prop_map(|(id, at, event)| json(id, &at, event)),
        1 => Just("{\"v\":1,\"garbled\n".to_owned()),
        1 => Just("  \n".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A stretch of a real-looking log, appended in random chunks.
    #[test]
    fn sample_log_appended_in_chunks_loads_like_a_full_read(
        from in 0usize..1_500_000,
        len in 0usize..60_000,
        cuts in prop::collection::vec(any::<usize>(), 0..6),
    ) {
        let from = from.min(ONE_YEAR.len());
        let bytes = &ONE_YEAR[from..(from + len).min(ONE_YEAR.len())];
        append_in_chunks(bytes, &cuts)?;
    }

    /// Made-up lines in any order, appended in random chunks; and gathering them gives what the
    /// rules gave before they were written as a fold.
    #[test]
    fn random_lines_appended_in_chunks_load_like_a_full_read(
        lines in prop::collection::vec(arb_line(), 0..40),
        cuts in prop::collection::vec(any::<usize>(), 0..6),
    ) {
        let bytes = lines.concat().into_bytes();
        append_in_chunks(&bytes, &cuts)?;
        let contents = log::parse(&bytes);
        let gathered = Loaded { sessions: sessions(&contents.lines), unreadable: 0 };
        let reference = Loaded { sessions: reference_sessions(&contents.lines), unreadable: 0 };
        prop_assert_eq!(&gathered, &reference);
        prop_assert_eq!(offsets(&gathered), offsets(&reference));
    }
}

/// `history::sessions` as it was before it became a fold over lines, kept as the reference.
fn reference_sessions(lines: &[Line]) -> Vec<SessionRecord> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Vec<&Line>> = Vec::new();
    for line in lines {
        let i = *index.entry(line.session.as_str()).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[i].push(line);
    }
    let mut records: Vec<SessionRecord> =
        groups.iter().filter_map(|g| reference_record(g)).collect();
    records.sort_by_key(|r| r.start.timestamp());
    records
}

fn reference_record(lines: &[&Line]) -> Option<SessionRecord> {
    let (first, start, routine, title, hash, preview, planned_secs) =
        lines.iter().find_map(|line| match &line.event {
            Event::Start {
                routine,
                title,
                hash,
                preview,
                planned_secs,
                ..
            } => Some((
                *line,
                parse_at(&line.at)?,
                routine,
                title,
                hash,
                *preview,
                *planned_secs,
            )),
            _ => None,
        })?;
    let mut end = None;
    let mut step_secs = 0.0;
    let mut exercises_done: Vec<String> = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
    let mut gentler: Vec<String> = Vec::new();
    let mut pains = Vec::new();
    for line in lines {
        match &line.event {
            Event::Start { .. } | Event::Pause { .. } | Event::Resume => {}
            Event::Gentler { exercise } => push_distinct(&mut gentler, exercise),
            Event::Step {
                exercise,
                actual_secs,
                completes_exercise,
                ..
            } => {
                step_secs += actual_secs;
                if *completes_exercise && let Some(exercise) = exercise {
                    push_distinct(&mut exercises_done, exercise);
                }
            }
            Event::Skip { exercise } => push_distinct(&mut skipped, exercise),
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
            } => pains.push(PainReport {
                at: parse_at(&line.at).unwrap_or_else(|| start.clone()),
                exercise: exercise.clone(),
                side: side.clone(),
                rep: *rep,
                second: *second,
                severity: *severity,
                location: location.clone(),
                feels: feels.clone(),
                action: action.clone(),
            }),
            Event::End {
                outcome,
                active_secs,
                ..
            } => {
                end = Some((SessionOutcome::from(*outcome), *active_secs));
                break;
            }
        }
    }
    skipped.retain(|id| !exercises_done.contains(id));
    let (outcome, active_secs) = end.unwrap_or((SessionOutcome::Interrupted, step_secs));
    Some(SessionRecord {
        id: first.session.clone(),
        routine: routine.clone(),
        title: title.clone(),
        hash: hash.clone(),
        start,
        preview,
        outcome,
        active_secs,
        planned_secs,
        exercises_done,
        skipped,
        gentler,
        pains,
    })
}

// ---- the glance of `stretchy status` ----

/// The glance from the log's whole sessions, the answer [`glance`] must match.
fn full_glance(dir: &Path, today: jiff::civil::Date) -> Glanced {
    let mut glance = Glance::new(today);
    for record in &full_read(dir).sessions {
        glance.add(&Brief::from(record));
    }
    glance.finish(&Settings::default())
}

/// From a cache written at several points of a year's log, with the rest of the log (sessions
/// open across the cut included) read on top: the same as the whole log says, and nothing written.
#[test]
fn a_glance_matches_the_whole_log_and_writes_nothing() {
    let today = jiff::civil::date(2026, 2, 25);
    for cut in [ONE_YEAR.len() / 3, ONE_YEAR.len() - 2_000, ONE_YEAR.len()] {
        let dir = log_dir();
        write_log(dir.path(), whole_lines(cut));
        load(dir.path()).expect("loads");
        append(dir.path(), &ONE_YEAR[whole_lines(cut).len()..]);
        let cache_before = fs::read(dir.path().join(CACHE_FILE)).expect("cache");
        let names = file_names(dir.path());
        let glanced = glance(dir.path(), today, &Settings::default()).expect("a glance");
        assert_eq!(glanced, full_glance(dir.path(), today), "cut at {cut}");
        assert!(
            glanced.streak > 0 && glanced.last_break.is_some(),
            "{glanced:?}"
        );
        assert_eq!(file_names(dir.path()), names);
        assert_eq!(
            fs::read(dir.path().join(CACHE_FILE)).expect("cache"),
            cache_before
        );
    }
}

/// No log: an empty history, no folder made. A log without a usable cache: no answer, since
/// only reading the whole log would give one.
#[test]
fn a_glance_without_a_log_is_empty_and_without_a_cache_declines() {
    let dir = log_dir();
    let missing = dir.path().join("nowhere");
    let empty = glance(
        &missing,
        jiff::civil::date(2026, 2, 25),
        &Settings::default(),
    );
    assert_eq!(empty.expect("empty").last_break, None);
    assert!(!missing.exists());

    write_log(dir.path(), whole_lines(5_000));
    let today = jiff::civil::date(2026, 2, 25);
    assert!(matches!(
        glance(dir.path(), today, &Settings::default()),
        Err(GlanceError::NoCache)
    ));
    assert_eq!(file_names(dir.path()), [LOG_FILE]);
    load(dir.path()).expect("loads");
    // A replaced log no longer matches the cache.
    write_log(dir.path(), whole_lines(4_000));
    assert!(matches!(
        glance(dir.path(), today, &Settings::default()),
        Err(GlanceError::NoCache)
    ));
    fs::write(
        dir.path().join(CACHE_FILE),
        "{\"version\": 2, \"sessions\": [{}]}",
    )
    .expect("w");
    assert!(matches!(
        glance(dir.path(), today, &Settings::default()),
        Err(GlanceError::NoCache)
    ));
}
