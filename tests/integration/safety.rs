//! "Before you start": the screening text before the first session, on the full screen (from the
//! home screen and from `stretchy run`), as text in plain mode and from `stretchy safety`; its
//! memory in the state file; and docs/safety.md, which must say the same.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use stretchy::core::safety;
use stretchy::core::session::{Effect, Record};
use stretchy::storage::catalog::{Catalog, load_entry};
use stretchy::storage::paths::STATE_FILE;
use stretchy::storage::state;
use stretchy::tui::app::App;
use stretchy::tui::keymap::{Action, Page};
use stretchy::tui::screens::Theme;

use crate::fake::{FakeClock, Recorder, Script};
use crate::util::{Ignore, Sandbox, fixture, stdout_of};

fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| app.render(frame, Instant::now()))
        .expect("draw");
    text(terminal.backend().buffer())
}

/// A counter of how often the app said the text was read.
fn counter() -> (Rc<Cell<u32>>, Box<dyn FnMut()>) {
    let count = Rc::new(Cell::new(0));
    let inner = count.clone();
    (count, Box::new(move || inner.set(inner.get() + 1)))
}

/// The home screen of a first run, with the safety text not read yet.
fn first_run_home() -> (App, Rc<Cell<u32>>) {
    let (catalog, _) = Catalog::load(None);
    let (count, remember) = counter();
    let app = App::home(catalog.entries().to_vec(), Theme { color: true }, 1)
        .with_safety_screen(remember);
    (app, count)
}

/// The screening screen before a first session, at the sizes people use: the whole text at
/// 100x30; at 80x24 and 40x12 the start of it, saying there is more below and how to scroll.
#[test]
fn screening_screen_before_the_first_session() {
    let now = Instant::now();
    let (mut app, count) = first_run_home();
    app.act(Action::Confirm, now, &mut Ignore);
    for (w, h) in [(80, 24), (40, 12), (100, 30)] {
        insta::assert_snapshot!(format!("screening_{w}x{h}"), screen(&app, w, h));
    }
    assert_eq!(count.get(), 0, "drawing it is not reading it");
}

/// Scrolled to its end at 40x12 the last line is in view and the screen says there is more above;
/// in between, above and below. The arrows, j/k, PgUp/PgDn and Home/End all move it, never past
/// either end.
#[test]
fn screening_text_scrolls_at_small_sizes() {
    let now = Instant::now();
    let (mut app, _) = first_run_home();
    app.act(Action::Confirm, now, &mut Ignore);
    let at = |app: &App| screen(app, 40, 12);
    let top = at(&app);
    assert!(top.contains("↓ more below · ↑↓ PgUp PgDn"), "{top}");
    app.act(Action::Down, now, &mut Ignore);
    let one_down = at(&app);
    assert!(one_down.contains("↕ more above and below"), "{one_down}");
    app.act(Action::Up, now, &mut Ignore);
    assert_eq!(at(&app), top);
    app.act(Action::Up, now, &mut Ignore);
    assert_eq!(at(&app), top, "never above the start");
    app.page(Page::Down);
    let page = at(&app);
    assert_ne!(page, one_down, "a page moves more than a line");
    app.page(Page::Bottom);
    let bottom = at(&app);
    insta::assert_snapshot!("screening_40x12_end", bottom);
    assert!(bottom.contains("↑ more above"), "{bottom}");
    assert!(
        bottom.contains(" screen.\n ↑ more above"),
        "the last line is in view:\n{bottom}"
    );
    for _ in 0..3 {
        app.act(Action::Down, now, &mut Ignore);
        app.page(Page::Down);
    }
    assert_eq!(at(&app), bottom, "never below the end");
    app.page(Page::Up);
    app.page(Page::Top);
    assert_eq!(at(&app), top);
}

/// Every line of the text is on the screen at some scroll, at every size from 40x12 up: nothing
/// is cut without a way to reach it.
#[test]
fn every_word_of_the_screening_can_be_reached() {
    let now = Instant::now();
    for (w, h) in [(40, 12), (41, 13), (60, 20), (80, 24), (100, 30), (200, 50)] {
        let (mut app, _) = first_run_home();
        app.act(Action::Confirm, now, &mut Ignore);
        let mut seen = String::new();
        for _ in 0..60 {
            seen.push_str(&screen(&app, w, h));
            seen.push('\n');
            app.act(Action::Down, now, &mut Ignore);
        }
        let seen = seen.split_whitespace().collect::<Vec<_>>().join(" ");
        for line in safety::lines() {
            for word in line.split_whitespace() {
                let word = word.trim_start_matches('-');
                assert!(seen.contains(word), "{w}x{h}: {word:?} never shown");
            }
        }
    }
}

/// Enter on the screen goes on to the session and remembers it was read; from then on the home
/// screen's Enter starts a session straight away.
#[test]
fn enter_continues_to_the_session_and_is_remembered() {
    let now = Instant::now();
    let (mut app, count) = first_run_home();
    app.act(Action::Confirm, now, &mut Ignore);
    app.act(Action::Confirm, now, &mut Ignore);
    assert_eq!(count.get(), 1);
    let session = screen(&app, 80, 24);
    assert!(session.contains("WARM-UP"), "{session}");
    app.act(Action::Quit, now, &mut Ignore);
    app.act(Action::Yes, now, &mut Ignore);
    app.act(Action::Confirm, now, &mut Ignore);
    app.act(Action::Confirm, now, &mut Ignore);
    assert!(screen(&app, 80, 24).contains("WARM-UP"));
    assert_eq!(count.get(), 1, "said once");
}

/// q (or Esc) leaves the screen without starting: back home, the routine still chosen, and the
/// text still due before the first session.
#[test]
fn leaving_the_screen_starts_nothing() {
    let now = Instant::now();
    let (mut app, count) = first_run_home();
    app.act(Action::Down, now, &mut Ignore);
    let home = screen(&app, 80, 24);
    app.act(Action::Confirm, now, &mut Ignore);
    app.act(Action::Quit, now, &mut Ignore);
    assert_eq!(screen(&app, 80, 24), home);
    assert_eq!(count.get(), 0);
    app.act(Action::Confirm, now, &mut Ignore);
    assert!(screen(&app, 80, 24).contains(safety::TITLE));
}

/// `!` on the home screen opens the text to read again, saying Enter and q go back; reading it
/// there counts too. With the text read, nothing comes before a session.
#[test]
fn the_home_screen_opens_the_text_with_a_key() {
    let now = Instant::now();
    let (catalog, _) = Catalog::load(None);
    let mut app = App::home(catalog.entries().to_vec(), Theme { color: false }, 1);
    assert!(screen(&app, 80, 24).contains("! safety"));
    app.act(Action::Pain, now, &mut Ignore);
    let reading = screen(&app, 80, 24);
    assert!(reading.contains(safety::TITLE), "{reading}");
    assert!(reading.contains("enter or q: back"), "{reading}");
    insta::assert_snapshot!("screening_reading_80x24", reading);
    app.act(Action::Quit, now, &mut Ignore);
    assert!(screen(&app, 80, 24).contains("Pick a routine"));

    let (mut first, count) = first_run_home();
    first.act(Action::Pain, now, &mut Ignore);
    first.act(Action::Confirm, now, &mut Ignore);
    assert_eq!(count.get(), 1);
    assert!(screen(&first, 80, 24).contains("Pick a routine"));
    first.act(Action::Confirm, now, &mut Ignore);
    assert!(screen(&first, 80, 24).contains("WARM-UP"));
}

/// The real loop, as `stretchy run` starts it: the session's first step (and its first record and
/// cue) waits for Enter on the screen; page down scrolls on the way.
#[test]
fn stretchy_run_waits_for_enter_before_the_first_step() {
    let tiny = load_entry(&fixture("valid/tiny.json")).expect("valid");
    let clock = FakeClock::new();
    let mut script = Script::new(
        &clock,
        &[
            (1_000, KeyCode::PageDown),
            (5_000, KeyCode::Enter),
            (60_000, KeyCode::Enter),
        ],
    );
    let mut recorder = Recorder::default();
    let (count, remember) = counter();
    let mut terminal = Terminal::new(TestBackend::new(40, 12)).expect("terminal");
    App::session(tiny, Theme { color: false }, 1)
        .with_safety_screen(remember)
        .run(&mut terminal, &mut script, &clock, &mut recorder)
        .expect("ends when the summary is closed");
    assert_eq!(count.get(), 1);
    // Nothing happens before Enter at 5 s: then the session starts (its first cue goes out
    // before its first record, as every cue does).
    let (at, _) = recorder.effects.first().expect("effects");
    assert_eq!(at.duration_since(clock.t0).as_millis(), 5_000);
    let started = recorder
        .effects
        .iter()
        .find(|(_, effect)| matches!(effect, Effect::Log(_)))
        .expect("a record");
    assert_eq!(started.1, Effect::Log(Record::Started));
    assert_eq!(started.0.duration_since(clock.t0).as_millis(), 5_000);
}

/// q on the screen before `stretchy run`'s session leaves the app: nothing logged, nothing
/// remembered.
#[test]
fn stretchy_run_left_at_the_screen_starts_nothing() {
    let tiny = load_entry(&fixture("valid/tiny.json")).expect("valid");
    let clock = FakeClock::new();
    let mut script = Script::new(&clock, &[(2_000, KeyCode::Esc)]);
    let mut recorder = Recorder::default();
    let (count, remember) = counter();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    App::session(tiny, Theme { color: false }, 1)
        .with_safety_screen(remember)
        .run(&mut terminal, &mut script, &clock, &mut recorder)
        .expect("leaves");
    assert!(recorder.effects.is_empty(), "{:?}", recorder.effects);
    assert_eq!(count.get(), 0);
}

/// No size makes the screen panic, from 1x1 up, at any scroll.
#[test]
fn the_screen_survives_every_size() {
    let now = Instant::now();
    let (mut app, _) = first_run_home();
    app.act(Action::Confirm, now, &mut Ignore);
    for w in (1..=220u16).step_by(7) {
        for h in (1..=60u16).step_by(5) {
            screen(&app, w, h);
            app.page(Page::Bottom);
            screen(&app, w, h);
            app.page(Page::Top);
        }
    }
}

/// `stretchy safety` prints the text, one paragraph or point per line into a pipe, and counts as
/// having read it: a private state file, and the next session starts without it.
#[test]
fn stretchy_safety_prints_the_text_and_counts_as_read() {
    let sandbox = Sandbox::first_run();
    let output = sandbox.cmd(&["safety"]).assert().success().stderr("");
    let mut expected = safety::lines().join("\n");
    expected.push('\n');
    pretty_assertions::assert_eq!(stdout_of(&output), expected);
    assert!(state::safety_read(Some(&sandbox.data())));
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(sandbox.data().join(STATE_FILE))
            .expect("state file")
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(sandbox.data())
                .expect("data")
                .permissions()
        ) & 0o777,
        0o700
    );
    let tiny = fixture("valid/tiny.json");
    let run = sandbox
        .cmd(&["run", tiny.to_str().expect("utf-8"), "--speed", "60"])
        .assert()
        .success();
    assert!(!stdout_of(&run).contains(safety::TITLE));
}

/// Plain mode into a pipe prints the text before the first session and goes on (there is no
/// keyboard to wait for); it counts as read, so the second session starts with the routine.
#[test]
fn plain_mode_prints_the_text_before_the_first_session_only() {
    let sandbox = Sandbox::first_run();
    let tiny = fixture("valid/tiny.json");
    let args = ["run", tiny.to_str().expect("utf-8"), "--speed", "60"];
    let first = stdout_of(&sandbox.cmd(&args).assert().success().stderr(""));
    let text = safety::lines().join("\n");
    assert!(first.starts_with(&format!("{text}\n\nTiny · ")), "{first}");
    assert!(first.contains("Session done: all 2 exercises"), "{first}");
    let second = stdout_of(&sandbox.cmd(&args).assert().success());
    assert!(second.starts_with("Tiny · "), "{second}");
}

/// A damaged or unreadable state file means the text comes again, never a crash; reading it
/// then repairs the file.
#[test]
fn a_damaged_state_file_shows_the_text_again() {
    let sandbox = Sandbox::first_run();
    std::fs::create_dir_all(sandbox.data()).expect("data dir");
    let tiny = fixture("valid/tiny.json");
    let args = ["run", tiny.to_str().expect("utf-8"), "--speed", "60"];
    for damage in ["", "{\"safety_read\":", "\u{0}garbage", "[1,2]"] {
        std::fs::write(sandbox.data().join(STATE_FILE), damage).expect("write");
        let out = stdout_of(&sandbox.cmd(&args).assert().success().stderr(""));
        assert!(out.starts_with(safety::TITLE), "{damage:?}: {out}");
        assert!(state::safety_read(Some(&sandbox.data())), "{damage:?}");
    }
    // A folder where the file should be: shown every time, said by `stretchy safety`, no crash.
    std::fs::remove_file(sandbox.data().join(STATE_FILE)).expect("remove");
    std::fs::create_dir(sandbox.data().join(STATE_FILE)).expect("folder in the way");
    let out = stdout_of(&sandbox.cmd(&args).assert().success().stderr(""));
    assert!(out.starts_with(safety::TITLE), "{out}");
    sandbox
        .cmd(&["safety"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "note: could not remember that you read this",
        ));
}

/// docs/safety.md holds the screening text exactly as the program shows it, between its markers.
/// If this fails, copy the text the failure prints into the document (or run the test with
/// `STRETCHY_UPDATE_DOCS=1`, which rewrites that part of the document).
#[test]
fn docs_safety_md_says_what_the_program_says() {
    const START: &str =
        "<!-- screening text: generated from src/core/safety.rs, checked by a test -->\n";
    const END: &str = "<!-- end of screening text -->";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/safety.md");
    let doc = std::fs::read_to_string(&path).expect("docs/safety.md");
    let (before, rest) = doc.split_once(START).expect("the start marker");
    let (inside, after) = rest.split_once(END).expect("the end marker");
    let wanted = format!("\n{}\n", safety::markdown());
    if inside != wanted && std::env::var_os("STRETCHY_UPDATE_DOCS").is_some() {
        std::fs::write(&path, format!("{before}{START}{wanted}{END}{after}")).expect("write");
        return;
    }
    pretty_assertions::assert_eq!(
        inside,
        wanted,
        "docs/safety.md differs from src/core/safety.rs"
    );
}
