//! Storage faults from an injected writer: a full disk, a read-only file system, permission denied,
//! a log replaced by a folder, a torn line, and a log already holding a 10 MB line and invalid
//! UTF-8. CI runs as root, so file modes cannot make these happen; the journal is given a writer
//! that fails on purpose, wrapped around a real [`Log`] in a temporary folder, so the lines that do
//! get written are real ones.
//!
//! Each test drives a whole session of `tiny` through `App` and `Shell` on a `TestBackend`, with
//! the fake clock, and checks that the session reaches its summary, the status bar says what is
//! not saved, and the bytes the log held before are still its first bytes after.

use std::cell::RefCell;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Size};
use stretchy::audio::Silent;
use stretchy::core::log::{self, Event, Line};
use stretchy::shell::Shell;
use stretchy::storage::catalog::{Entry, load_entry};
use stretchy::storage::journal::Journal;
use stretchy::storage::paths::LOG_FILE;
use stretchy::storage::store::{self, Appender, Log, StoreError};
use stretchy::tui::app::App;
use stretchy::tui::screens::Theme;
use tempfile::TempDir;

use crate::fake::{FakeClock, Script};
use crate::util::fixture;

// The errors a real disk gives (the same numbers on Linux and macOS).
const ENOSPC: i32 = 28;
const EROFS: i32 = 30;
const EACCES: i32 = 13;
const EISDIR: i32 = 21;

/// What goes wrong, and when. Attempts are counted from 1 over the whole test, across reopenings.
#[derive(Debug, Clone)]
struct Fault {
    /// The OS error the failures give.
    errno: i32,
    /// Which attempts to open the log fail.
    opens: Range<usize>,
    /// Which writes fail; after the range, the disk has healed.
    writes: Range<usize>,
    /// A failing write leaves the first half of its line in the file, as a short write does.
    torn: bool,
}

impl Fault {
    /// Every write from the `n`-th on fails with `errno`.
    fn writes_from(errno: i32, n: usize) -> Fault {
        Fault {
            errno,
            opens: 0..0,
            writes: n..usize::MAX,
            torn: false,
        }
    }

    /// Writes `writes` fail with `errno`; the ones after work again.
    fn writes(errno: i32, writes: Range<usize>) -> Fault {
        Fault {
            errno,
            opens: 0..0,
            writes,
            torn: false,
        }
    }

    /// Opens `opens` fail with `errno`; the ones after work.
    fn opens(errno: i32, opens: Range<usize>) -> Fault {
        Fault {
            errno,
            opens,
            writes: 0..0,
            torn: false,
        }
    }
}

/// How many opens and writes were tried.
#[derive(Debug, Default)]
struct Attempts {
    opens: usize,
    writes: usize,
}

/// A real [`Log`] whose writes fail as its [`Fault`] says.
struct Faulty {
    log: Log,
    fault: Fault,
    attempts: Rc<RefCell<Attempts>>,
}

impl Appender for Faulty {
    fn append(&mut self, line: &Line) -> Result<(), StoreError> {
        let n = {
            let mut attempts = self.attempts.borrow_mut();
            attempts.writes += 1;
            attempts.writes
        };
        if !self.fault.writes.contains(&n) {
            return self.log.append(line);
        }
        if self.fault.torn {
            let text = serde_json::to_string(line).expect("a record serializes");
            let mut file = std::fs::OpenOptions::new()
                .append(true)
                .open(self.log.path())
                .expect("the real log opens");
            file.write_all(&text.as_bytes()[..text.len() / 2])
                .expect("half a line");
        }
        Err(StoreError::Write {
            path: self.log.path().to_owned(),
            source: io::Error::from_raw_os_error(self.fault.errno),
        })
    }
}

/// A data folder in a temporary directory, and the fault its writer will have.
struct Disk {
    _tmp: TempDir,
    data: PathBuf,
    fault: Fault,
    attempts: Rc<RefCell<Attempts>>,
}

impl Disk {
    fn new(fault: Fault) -> Disk {
        let tmp = tempfile::tempdir().expect("temp dir");
        let data = tmp.path().join("data");
        Disk {
            _tmp: tmp,
            data,
            fault,
            attempts: Rc::default(),
        }
    }

    fn log_path(&self) -> PathBuf {
        self.data.join(LOG_FILE)
    }

    /// Puts `bytes` in the log before any session: what is already saved.
    fn seed(&self, bytes: &[u8]) -> Vec<u8> {
        std::fs::create_dir_all(&self.data).expect("data dir");
        std::fs::write(self.log_path(), bytes).expect("seed the log");
        bytes.to_vec()
    }

    /// The log's bytes now.
    fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.log_path()).expect("the log is there")
    }

    /// A journal into this folder whose log is opened through the fault.
    fn journal(&self) -> Journal {
        let fault = self.fault.clone();
        let attempts = Rc::clone(&self.attempts);
        Journal::with_opener(Some(self.data.clone()), wall, move |dir: &Path| {
            let n = {
                let mut attempts = attempts.borrow_mut();
                attempts.opens += 1;
                attempts.opens
            };
            if fault.opens.contains(&n) {
                return Err(StoreError::Open {
                    path: dir.join(LOG_FILE),
                    source: io::Error::from_raw_os_error(fault.errno),
                });
            }
            Ok(Box::new(Faulty {
                log: Log::open(dir)?,
                fault: fault.clone(),
                attempts: Rc::clone(&attempts),
            }))
        })
    }
}

/// The wall clock the journal stamps lines with: fixed, so runs are alike.
fn wall() -> jiff::Zoned {
    "2026-03-02T08:15:03+01:00[+01:00]"
        .parse()
        .expect("a fixed time")
}

fn tiny() -> Entry {
    load_entry(&fixture("valid/tiny.json")).expect("valid")
}

/// A `TestBackend` that keeps the text of every frame drawn, not only the last one.
struct Filmed {
    screen: TestBackend,
    frames: Vec<Vec<String>>,
}

impl Filmed {
    fn new(width: u16, height: u16) -> Filmed {
        Filmed {
            screen: TestBackend::new(width, height),
            frames: Vec::new(),
        }
    }
}

fn rows(buffer: &Buffer) -> Vec<String> {
    let width = usize::from(buffer.area.width);
    buffer
        .content
        .chunks(width)
        .map(|row| row.iter().map(Cell::symbol).collect::<String>())
        .collect()
}

impl Backend for Filmed {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.screen.draw(content)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.screen.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.screen.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.screen.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.screen.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.screen.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.screen.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.screen.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.screen.window_size()
    }

    /// The end of a frame: keep what it shows.
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.frames.push(rows(self.screen.buffer()));
        self.screen.flush()
    }
}

/// What a whole session showed and left behind.
struct Run {
    frames: Vec<Vec<String>>,
    /// The journal's problem when the app ended (the app prints it on the way out).
    problem: Option<String>,
}

impl Run {
    /// The status bar (top row) of each session frame, trimmed, each distinct one once in order.
    fn status_bars(&self) -> Vec<String> {
        let mut bars: Vec<String> = Vec::new();
        for frame in self.frames.iter().filter(|f| !is_summary(f)) {
            let bar = frame[0].trim_end().to_owned();
            if bars.last() != Some(&bar) {
                bars.push(bar);
            }
        }
        bars
    }

    fn reached_the_summary(&self) -> bool {
        self.frames.last().is_some_and(|f| is_summary(f))
    }
}

fn is_summary(frame: &[String]) -> bool {
    frame.iter().any(|row| row.contains("Session done:"))
}

/// Enter closes the summary of `tiny` (17 s long).
const CLOSE: &[(u64, KeyCode)] = &[(30_000, KeyCode::Enter)];

/// At 3.2 s, in the first hold: p, then 3/10, lower back, an ache, resume; Enter closes the
/// summary.
const PAIN_THEN_RESUME: &[(u64, KeyCode)] = &[
    (3_200, KeyCode::Char('p')),
    (4_000, KeyCode::Char('3')),
    (4_100, KeyCode::Char('1')),
    (4_200, KeyCode::Char('1')),
    (4_300, KeyCode::Char('1')),
    (40_000, KeyCode::Enter),
];

/// Runs `tiny` on a `width` x `height` screen with these keys, logging through `disk`.
fn run(disk: &Disk, size: (u16, u16), keys: &[(u64, KeyCode)]) -> Run {
    run_with(disk.journal(), size, keys)
}

/// Runs `tiny` on a `width` x `height` screen with these keys, logging into `journal`.
fn run_with(journal: Journal, (width, height): (u16, u16), keys: &[(u64, KeyCode)]) -> Run {
    let clock = FakeClock::new();
    let mut script = Script::new(&clock, keys);
    let mut shell = Shell::new(journal, Box::new(Silent::default()));
    let mut terminal = Terminal::new(Filmed::new(width, height)).expect("terminal");
    App::session(tiny(), Theme { color: false }, 1)
        .run(&mut terminal, &mut script, &clock, &mut shell)
        .expect("the session runs to its summary and closes");
    Run {
        frames: std::mem::take(&mut terminal.backend_mut().frames),
        problem: shell.journal.problem().map(str::to_owned),
    }
}

/// A status bar `width` wide: `left` at the start, `right` at the end.
fn bar(left: &str, right: &str, width: usize) -> String {
    let gap = width - left.chars().count() - right.chars().count();
    format!("{left}{}{right}", " ".repeat(gap))
}

/// Where each of `tiny`'s seven steps is, as the status bar counts it: the first exercise's
/// get-ready, two holds and the switch between them; the rest before the second, its get-ready
/// and its reps.
fn place(step: usize) -> &'static str {
    if step <= 4 { "1 of 2" } else { "2 of 2" }
}

/// `bars` with each run of the same bar once, as [`Run::status_bars`] sees them.
fn distinct(bars: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for bar in bars {
        if out.last() != Some(&bar) {
            out.push(bar);
        }
    }
    out
}

/// The status bars of a run at 80 columns: `notice` from step `from` on (1-based), until `until`.
fn bars_80(notice: &str, from: usize, until: usize) -> Vec<String> {
    distinct((1..=7).map(|step| {
        let right = format!("sound off · exercise {}", place(step));
        if (from..until).contains(&step) {
            bar(&format!("Tiny · {notice}"), &right, 80)
        } else {
            bar("Tiny", &right, 80)
        }
    }))
}

/// An earlier session, as saved before the fault: the fixture's history.
fn earlier_sessions() -> Vec<u8> {
    std::fs::read(fixture("../logs/history.jsonl")).expect("fixture")
}

/// The lines of the sessions after the seeded ones, as `type` names.
fn new_session_kinds(disk: &Disk, seeded: &[u8]) -> Vec<String> {
    let before: std::collections::BTreeSet<String> = log::parse(seeded)
        .lines
        .into_iter()
        .map(|l| l.session)
        .collect();
    store::read(&disk.data)
        .expect("the log reads")
        .lines
        .into_iter()
        .filter(|l| !before.contains(&l.session))
        .map(|l| kind(&l.event).to_owned())
        .collect()
}

fn kind(event: &Event) -> &'static str {
    match event {
        Event::Start { .. } => "start",
        Event::Step { .. } => "step",
        Event::Skip { .. } => "skip",
        Event::Pause { .. } => "pause",
        Event::Resume => "resume",
        Event::Pain { .. } => "pain",
        Event::Gentler { .. } => "gentler",
        Event::End { .. } => "end",
    }
}

/// Everything `tiny` logs when left alone: its start, seven steps and its end.
fn whole_session() -> Vec<String> {
    let mut kinds = vec!["start".to_owned()];
    kinds.extend(std::iter::repeat_n("step".to_owned(), 7));
    kinds.push("end".to_owned());
    kinds
}

/// `after` begins with every byte of `before`, untouched.
fn assert_prefix_kept(before: &[u8], after: &[u8]) {
    assert!(
        after.len() >= before.len() && after[..before.len()] == *before,
        "the {} bytes saved before are no longer the start of the log ({} bytes now)",
        before.len(),
        after.len()
    );
}

/// A fault that lasts from the third write (the end of the first hold) to the end: the session
/// completes, the status bar says so from that step on, the start and the get-ready are saved,
/// and the earlier sessions are untouched.
fn lasting_write_fault(errno: i32, notice: &str) {
    let disk = Disk::new(Fault::writes_from(errno, 3));
    let before = disk.seed(&earlier_sessions());
    let run = run(&disk, (80, 24), CLOSE);
    assert!(run.reached_the_summary());
    pretty_assertions::assert_eq!(run.status_bars(), bars_80(notice, 3, 8));
    assert_prefix_kept(&before, &disk.bytes());
    assert_eq!(new_session_kinds(&disk, &before), ["start", "step"]);
}

#[test]
fn a_full_disk_mid_session_is_shown_and_loses_nothing_saved() {
    lasting_write_fault(ENOSPC, "not saving: disk full");
}

#[test]
fn a_read_only_file_system_mid_session_is_shown_and_loses_nothing_saved() {
    lasting_write_fault(EROFS, "not saving: disk is read-only");
}

#[test]
fn permission_denied_mid_session_is_shown_and_loses_nothing_saved() {
    lasting_write_fault(EACCES, "not saving: permission denied");
}

/// The log replaced by a folder: it cannot be opened, so nothing of the session is saved, and the
/// bar says so from the first frame. The real file (still there for the test) is untouched.
#[test]
fn a_log_replaced_by_a_folder_is_shown_from_the_start() {
    let disk = Disk::new(Fault::opens(EISDIR, 1..usize::MAX));
    let before = disk.seed(&earlier_sessions());
    let run = run(&disk, (80, 24), CLOSE);
    assert!(run.reached_the_summary());
    pretty_assertions::assert_eq!(
        run.status_bars(),
        bars_80("not saving: log.jsonl is a folder", 1, 8)
    );
    assert_eq!(disk.bytes(), before);
    // On the way out, the app prints the whole story, with the path.
    assert_eq!(
        run.problem.as_deref(),
        Some(
            format!(
                "not saving: cannot open {}: it is a folder",
                disk.log_path().display()
            )
            .as_str()
        )
    );
}

/// The same with the real thing: a folder where the log should be, opened by the real `Log`.
#[test]
fn a_real_folder_in_place_of_the_log_is_shown_from_the_start() {
    let disk = Disk::new(Fault::writes(EISDIR, 0..0));
    std::fs::create_dir_all(disk.log_path()).expect("a folder in the way");
    let run = run(&disk, (80, 24), CLOSE);
    assert!(run.reached_the_summary());
    pretty_assertions::assert_eq!(
        run.status_bars(),
        bars_80("not saving: log.jsonl is a folder", 1, 8)
    );
}

/// At the 40-column minimum, each notice keeps two spaces from the figures: the sound state
/// gives way, the count takes its short form, and the routine's title comes only when it fits
/// too. The longest notice loses its last letters to an ellipsis rather than touch the count.
#[test]
fn each_notice_stays_apart_from_the_figures_at_forty_columns() {
    // The notice, and what the left of the bar shows.
    let cases = [
        (
            Fault::writes_from(ENOSPC, 1),
            "Tiny · not saving: disk full",
        ),
        (
            Fault::writes_from(EROFS, 1),
            "not saving: disk is read-only",
        ),
        (
            Fault::writes_from(EACCES, 1),
            "not saving: permission denied",
        ),
        (
            Fault::opens(EISDIR, 1..usize::MAX),
            "not saving: log.jsonl is a fold…",
        ),
    ];
    for (fault, left) in cases {
        let disk = Disk::new(fault);
        let run = run(&disk, (40, 12), CLOSE);
        assert!(run.reached_the_summary());
        let expected = distinct((1..=7).map(|step| {
            let count = format!("ex {}", place(step).replace(" of ", "/"));
            bar(left, &count, 40)
        }));
        pretty_assertions::assert_eq!(run.status_bars(), expected, "{left}");
    }
}

/// No data folder at all (no home, no `--data-dir`): said in a few words at both widths.
#[test]
fn no_data_folder_is_said_in_a_few_words() {
    let run80 = run_with(Journal::new(None, wall), (80, 24), CLOSE);
    assert!(run80.reached_the_summary());
    pretty_assertions::assert_eq!(
        run80.status_bars(),
        bars_80("not saving: no data folder", 1, 8)
    );
    assert_eq!(
        run80.problem.as_deref(),
        Some("not saving: no data folder (set --data-dir)")
    );
    let run40 = run_with(Journal::new(None, wall), (40, 12), CLOSE);
    let expected = distinct((1..=7).map(|step| {
        let right = format!("ex {}", place(step).replace(" of ", "/"));
        bar("not saving: no data folder", &right, 40)
    }));
    pretty_assertions::assert_eq!(run40.status_bars(), expected);
}

/// Without a problem, the bar at 40 columns has the title whole and the figures in full.
#[test]
fn without_a_fault_the_bar_at_forty_columns_is_whole() {
    let disk = Disk::new(Fault::writes(ENOSPC, 0..0));
    let run = run(&disk, (40, 12), CLOSE);
    let expected = distinct(
        (1..=7).map(|step| bar("Tiny", &format!("sound off · exercise {}", place(step)), 40)),
    );
    pretty_assertions::assert_eq!(run.status_bars(), expected);
    assert_eq!(new_session_kinds(&disk, b""), whole_session());
}

/// A full disk that frees up: the notice shows while writes fail and goes once one works; the
/// records that could not be written then are written too, in order, so the session is whole.
#[test]
fn a_full_disk_that_heals_clears_the_notice_and_saves_every_record() {
    let disk = Disk::new(Fault::writes(ENOSPC, 3..5));
    let before = disk.seed(&earlier_sessions());
    let run = run(&disk, (80, 24), CLOSE);
    assert!(run.reached_the_summary());
    // Writes 3 and 4 end steps 2 and 3; write 5, at the end of step 4, works.
    pretty_assertions::assert_eq!(run.status_bars(), bars_80("not saving: disk full", 3, 5));
    assert_eq!(run.problem, None);
    assert_prefix_kept(&before, &disk.bytes());
    assert_eq!(new_session_kinds(&disk, &before), whole_session());
    let sessions = stretchy::core::history::sessions(&store::read(&disk.data).expect("read").lines);
    let tiny = sessions
        .iter()
        .find(|s| s.routine == "tiny")
        .expect("the new session counts in the history");
    assert_eq!(
        tiny.outcome,
        stretchy::core::history::SessionOutcome::Completed
    );
    assert_eq!(tiny.exercises_done, ["hug", "rock"]);
}

/// A log that cannot be opened when the session starts is tried again at each record: once it
/// opens, the notice goes and the whole session, its start included, is saved.
#[test]
fn a_log_that_fails_to_open_is_opened_again_at_the_next_record() {
    // The open when the session begins and the one for its start line fail; the next one, when
    // the get-ready ends, works.
    let disk = Disk::new(Fault::opens(EACCES, 1..3));
    let before = disk.seed(&earlier_sessions());
    let run = run(&disk, (80, 24), CLOSE);
    assert!(run.reached_the_summary());
    pretty_assertions::assert_eq!(
        run.status_bars(),
        bars_80("not saving: permission denied", 1, 2)
    );
    assert_eq!(run.problem, None);
    assert_prefix_kept(&before, &disk.bytes());
    assert_eq!(new_session_kinds(&disk, &before), whole_session());
}

/// The pain report is written when its answers come; if that write fails, the report is kept and
/// written as soon as the disk takes lines again.
#[test]
fn a_pain_report_whose_write_fails_is_saved_when_the_disk_heals() {
    // Writes: start, get-ready done, pause (pain), then the answered report: the fourth.
    let disk = Disk::new(Fault::writes(ENOSPC, 4..5));
    let run = run(&disk, (80, 24), PAIN_THEN_RESUME);
    assert!(run.reached_the_summary());
    assert_eq!(run.problem, None);
    let lines = store::read(&disk.data).expect("read").lines;
    let pains: Vec<&Event> = lines
        .iter()
        .map(|l| &l.event)
        .filter(|e| matches!(e, Event::Pain { .. }))
        .collect();
    assert_eq!(
        pains,
        [&Event::Pain {
            exercise: Some("hug".into()),
            side: Some("left".into()),
            rep: None,
            second: 1.2,
            severity: Some(3),
            location: Some("lower back".into()),
            feels: Some("ache".into()),
            action: Some("resume".into()),
            suggested: Some("resume".into()),
        }]
    );
    let kinds: Vec<&str> = lines.iter().map(|l| kind(&l.event)).collect();
    assert_eq!(
        kinds,
        [
            "start", "step", "pause", "pain", "resume", "step", "step", "step", "step", "step",
            "step", "end"
        ]
    );
}

/// A full disk can take half a line before it refuses the rest. The next record must not be glued
/// to that half: it starts on a line of its own, and only the torn half is unreadable.
#[test]
fn a_torn_line_from_a_full_disk_does_not_swallow_the_next_record() {
    let disk = Disk::new(Fault {
        torn: true,
        ..Fault::writes(ENOSPC, 3..4)
    });
    let before = disk.seed(&earlier_sessions());
    let run = run(&disk, (80, 24), CLOSE);
    assert!(run.reached_the_summary());
    assert_prefix_kept(&before, &disk.bytes());
    let read = store::read(&disk.data).expect("read");
    assert_eq!(read.unreadable, 1);
    assert_eq!(new_session_kinds(&disk, &before), whole_session());
}

/// What an earlier crash or a stray program can leave in a log: a 10 MB line and bytes that are
/// not UTF-8. A session still runs and appends after them, they stay as they were, and reading
/// back gives the new session whole with the damaged lines counted as unreadable.
#[test]
fn a_log_with_a_ten_megabyte_line_and_invalid_utf8_takes_a_new_session_after_them() {
    for ends_mid_line in [false, true] {
        let disk = Disk::new(Fault::writes(ENOSPC, 0..0));
        let mut damaged = earlier_sessions();
        damaged.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
        damaged.push(b'\n');
        damaged.extend(b"{\"v\":1,\"at\":\"\xff\xfe\",\"session\":\"\xc3\x28\"}\n");
        damaged.extend(b"\x80\x81 not text at all");
        if !ends_mid_line {
            damaged.push(b'\n');
        }
        let before = disk.seed(&damaged);
        let earlier = log::parse(&before);
        assert_eq!(earlier.unreadable, 3);
        let run = run(&disk, (80, 24), CLOSE);
        assert!(run.reached_the_summary());
        assert_eq!(run.problem, None);
        assert_prefix_kept(&before, &disk.bytes());
        let read = store::read(&disk.data).expect("read");
        assert_eq!(read.unreadable, 3, "ends mid-line: {ends_mid_line}");
        assert_eq!(read.lines[..earlier.lines.len()], earlier.lines);
        assert_eq!(
            new_session_kinds(&disk, &before),
            whole_session(),
            "ends mid-line: {ends_mid_line}"
        );
    }
}
