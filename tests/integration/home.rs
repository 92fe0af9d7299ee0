//! The home screen: its snapshots at the four sizes people use (without a log, with one, with a
//! broken routine file of their own), its keys, the routine it opens on, and `stretchy run`
//! alone.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stretchy::storage::catalog::Catalog;
use stretchy::tui::app::{App, HistoryView};
use stretchy::tui::keymap::{Action, Page};
use stretchy::tui::screens::Theme;

use crate::util::{Ignore, Sandbox, fixture, stdout_of};

const SIZES: [(u16, u16); 4] = [(40, 12), (60, 20), (100, 30), (200, 50)];

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| app.render(frame, Instant::now()))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
            row.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The built-ins and, with `broken`, a user folder holding a broken routine file.
fn home(broken: bool) -> (App, Option<tempfile::TempDir>) {
    let dir = broken.then(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("my-stretches.json"),
            "{ \"schema\": 1, \"id\": \"mine\", }",
        )
        .expect("write");
        dir
    });
    let (catalog, _) = Catalog::load(dir.as_ref().map(tempfile::TempDir::path));
    let app = App::home(catalog.entries().to_vec(), Theme { color: false }, 1)
        .with_broken(catalog.broken().to_vec());
    (app, dir)
}

/// The log of four pain-free desk resets that grew the knee hug's hold and a side bend that hurt,
/// seen on the evening of the day of that last session.
fn with_log(app: App) -> App {
    let bytes = std::fs::read(fixture("../logs/progress.jsonl")).expect("fixture");
    let sessions = stretchy::core::history::sessions(&stretchy::core::log::parse(&bytes).lines);
    let now: jiff::Zoned = "2026-03-08T19:00:00+01:00[+01:00]".parse().expect("time");
    let loader = move || HistoryView {
        stats: stretchy::core::history::stats(
            &sessions,
            now.date(),
            &stretchy::core::history::Settings::default(),
        ),
        unreadable: 0,
        sessions: sessions.clone(),
        now: now.clone(),
        read_at: std::time::Instant::now(),
        reminder: stretchy::core::reminder::Due::Off,
    };
    let mut app = app.with_history(Box::new(loader));
    // `h` reads the log; q comes back home.
    app.act(Action::History, Instant::now(), &mut Ignore);
    app.act(Action::Quit, Instant::now(), &mut Ignore);
    app
}

#[test]
fn home_without_a_log_at_each_size() {
    let (app, _dir) = home(false);
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("home_no_log_{w}x{h}"), screen(&app, w, h));
    }
}

/// With a log: the top line says how today stands, the grown length is marked and explained,
/// and each routine says when it was last done.
#[test]
fn home_with_a_log_at_each_size() {
    let (app, _dir) = home(false);
    let app = with_log(app);
    for (w, h) in SIZES {
        let text = screen(&app, w, h);
        assert!(text.contains("6:04*"), "{w}x{h}:\n{text}");
        insta::assert_snapshot!(format!("home_log_{w}x{h}"), text);
    }
    let wide = screen(&app, 100, 30);
    assert!(
        wide.contains("not yet today · 4 this week (goal 3 met) · streak 0 days"),
        "{wide}"
    );
    // The exercise that hurt is marked, and the mark explained; the lines say what and why
    // without a colon in the middle.
    assert!(wide.contains("! hurt recently"), "{wide}");
    assert!(wide.contains("hold 10 s × 2 each side !"), "{wide}");
    let widest = screen(&app, 200, 50);
    assert!(
        widest.contains("Grown: Seated knee hug, hold 14 s (+4 s), after 4 pain-free sessions"),
        "{widest}"
    );
    assert!(
        widest.contains("Hurt recently: Standing side bend, 6/10, sharp, lower back (today)"),
        "{widest}"
    );
}

/// A broken file of the person's own is listed, with its first problem; chosen, it says how to
/// see every problem, and Enter does not start it.
#[test]
fn a_broken_routine_is_listed_and_cannot_be_started() {
    let (mut app, dir) = home(true);
    let dir = dir.expect("a user folder");
    let now = Instant::now();
    app.page(Page::Bottom);
    for (w, h) in SIZES {
        // The temporary folder's name changes from run to run; a short one stands for it.
        let text = screen(&app, w, h).replace(&dir.path().display().to_string(), "/cfg");
        insta::assert_snapshot!(format!("home_broken_{w}x{h}"), text);
    }
    let before = screen(&app, 100, 30);
    assert!(before.contains("my-stretches.json"), "{before}");
    assert!(before.contains("stretchy check "), "{before}");
    app.act(Action::Confirm, now, &mut Ignore);
    assert_eq!(screen(&app, 100, 30), before, "Enter starts nothing");
}

/// The title of the routine marked as chosen.
fn chosen(app: &App) -> String {
    let text = screen(app, 100, 30);
    let line = (text.lines())
        .find(|l| l.starts_with('›'))
        .unwrap_or_else(|| panic!("a chosen routine:\n{text}"));
    line[line.char_indices().nth(3).map_or(0, |(i, _)| i)..]
        .split("  ")
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Up from the first goes to the last and down from the last to the first; Home and End go to
/// the ends; a number picks that row, and a number with no row does nothing.
#[test]
fn home_keys_wrap_jump_and_pick_by_number() {
    let (mut app, _dir) = home(false);
    let now = Instant::now();
    assert_eq!(chosen(&app), "Desk reset");
    app.act(Action::Up, now, &mut Ignore);
    assert_eq!(chosen(&app), "Flare-up");
    app.act(Action::Down, now, &mut Ignore);
    assert_eq!(chosen(&app), "Desk reset");
    app.act(Action::Down, now, &mut Ignore);
    assert_eq!(chosen(&app), "Micro-break");
    app.page(Page::Bottom);
    assert_eq!(chosen(&app), "Flare-up");
    app.page(Page::Top);
    assert_eq!(chosen(&app), "Desk reset");
    app.act(Action::Digit(6), now, &mut Ignore);
    assert_eq!(chosen(&app), "Gentle relief");
    app.act(Action::Digit(9), now, &mut Ignore);
    assert_eq!(chosen(&app), "Gentle relief");
    app.act(Action::Digit(0), now, &mut Ignore);
    assert_eq!(chosen(&app), "Gentle relief");
}

/// Where the list is too short for every routine, a row under it says how many are out of view,
/// above and below, and the chosen one stays in view.
#[test]
fn home_says_how_many_routines_are_out_of_view() {
    let (mut app, _dir) = home(true);
    let now = Instant::now();
    let top = screen(&app, 60, 20);
    assert!(top.contains("   ↓ 2 more"), "{top}");
    insta::assert_snapshot!("home_more_below_60x20", top);
    app.page(Page::Bottom);
    let bottom = screen(&app, 60, 20);
    assert!(bottom.lines().any(|l| l == "   ↑ 2 more"), "{bottom}");
    app.act(Action::Up, now, &mut Ignore);
    let middle = screen(&app, 60, 20);
    assert!(
        middle.lines().any(|l| l == "   ↑ 1 more · ↓ 1 more"),
        "{middle}"
    );
    let small = screen(&app, 40, 12);
    assert!(small.contains("more"), "{small}");
    insta::assert_snapshot!("home_more_40x12", small);
    // Where every routine fits, nothing is said.
    assert!(!screen(&app, 100, 30).contains(" more"));
}

/// `?` on the home screen lists the home screen's keys, not a session's.
#[test]
fn help_on_home_lists_the_home_keys() {
    let (mut app, _dir) = home(false);
    app.act(Action::Help, Instant::now(), &mut Ignore);
    let text = screen(&app, 100, 30);
    assert!(text.contains("choose the routine of that number"), "{text}");
    assert!(text.contains("home, end  the first"), "{text}");
    assert!(!text.contains("pause / resume"), "{text}");
    insta::assert_snapshot!("home_help_60x20", screen(&app, 60, 20));
}

/// The home screen opens on the routine asked for (the one last started), and starting a routine
/// tells who remembers it.
#[test]
fn home_opens_on_the_last_routine_and_remembers_the_next() {
    let (app, _dir) = home(false);
    let started = Rc::new(RefCell::new(Vec::new()));
    let told = Rc::clone(&started);
    let mut app = app.choosing(4).remembering(Box::new(move |id: &str| {
        told.borrow_mut().push(id.to_owned());
    }));
    assert_eq!(chosen(&app), "Lower-back basics");
    app.act(Action::Down, Instant::now(), &mut Ignore);
    app.act(Action::Confirm, Instant::now(), &mut Ignore);
    assert_eq!(*started.borrow(), ["gentle-relief"]);
}

/// `stretchy run` alone runs the routine last started.
#[test]
fn run_without_a_routine_runs_the_last_one_started() {
    let sandbox = Sandbox::new();
    let tiny = std::fs::read_to_string(fixture("valid/tiny.json")).expect("fixture");
    sandbox.add_routine("tiny.json", &tiny);
    sandbox
        .cmd(&["run", "tiny", "--speed", "60"])
        .assert()
        .success();
    let output = sandbox.cmd(&["run", "--speed", "60"]).assert().success();
    let text = stdout_of(&output);
    assert!(text.contains("Hold 3 s - Knee hug (left)"), "{text}");
    assert!(text.contains("Session done"), "{text}");
}

/// A broken routine file is warned about in one line naming it and the command that lists its
/// problems, the first time only; `list` shows it every time.
#[test]
fn a_broken_file_is_warned_about_once() {
    let sandbox = Sandbox::new();
    let path = sandbox.add_routine("broken.json", "{ \"schema\": 1, \"id\": 3, }");
    let first = sandbox.cmd(&["list"]).assert().success();
    let warning = String::from_utf8_lossy(&first.get_output().stderr).into_owned();
    assert_eq!(
        warning,
        format!(
            "warning: routine file {0} has a problem and is left out; `stretchy check {0}` lists them\n",
            path.display()
        )
    );
    for args in [&["list"][..], &["show", "micro-break"]] {
        sandbox.cmd(args).assert().success().stderr("");
    }
    let listed = stdout_of(&sandbox.cmd(&["list"]).assert().success());
    assert!(listed.contains("broken.json"), "{listed}");
    // A new version of the file, still broken, is warned about again.
    std::fs::write(&path, "{").expect("write");
    sandbox
        .cmd(&["list"])
        .assert()
        .success()
        .stderr(predicates::str::contains("broken.json"));
}

/// With a log and a broken file, the home screen draws at every size from 1x1 up without a
/// panic, whichever row is chosen.
#[test]
fn home_survives_every_size() {
    let (app, _dir) = home(true);
    let mut app = with_log(app);
    let sizes = (1..=260u16)
        .step_by(29)
        .flat_map(|w| (1..=80u16).step_by(11).map(move |h| (w, h)))
        .chain([(39, 11), (40, 12), (41, 13), (60, 15), (89, 20), (90, 8)]);
    for (w, h) in sizes {
        for row in [1, 5, 9] {
            app.act(Action::Digit(row), Instant::now(), &mut Ignore);
            screen(&app, w, h);
        }
        app.page(Page::Bottom);
        screen(&app, w, h);
    }
}

/// Back from the history, the routine chosen before is still chosen.
#[test]
fn the_choice_survives_a_look_at_the_history() {
    let (app, _dir) = home(false);
    let mut app = with_log(app);
    app.act(Action::Digit(3), Instant::now(), &mut Ignore);
    app.act(Action::History, Instant::now(), &mut Ignore);
    app.act(Action::Quit, Instant::now(), &mut Ignore);
    assert_eq!(chosen(&app), "Standing only");
}

/// With reminders on, the top line says when the next break is due and counts down by the
/// monotonic clock alone, waking once a minute (when the figure changes), until it is due.
#[test]
fn home_counts_down_to_the_next_break() {
    let (app, _dir) = home(false);
    let read_at = Instant::now();
    let now: jiff::Zoned = "2026-03-09T10:00:30+01:00[+01:00]".parse().expect("time");
    let at = now
        .checked_add(jiff::SignedDuration::from_mins(23))
        .expect("time");
    let loader = move || HistoryView {
        stats: stretchy::core::history::stats(
            &[],
            now.date(),
            &stretchy::core::history::Settings::default(),
        ),
        unreadable: 0,
        sessions: Vec::new(),
        now: now.clone(),
        read_at,
        reminder: stretchy::core::reminder::Due::Later { at: at.clone() },
    };
    let mut app = app.with_history(Box::new(loader));
    app.act(Action::History, read_at, &mut Ignore);
    app.act(Action::Quit, read_at, &mut Ignore);
    let first = screen(&app, 100, 30);
    assert!(first.contains("next stretch in 23m"), "{first}");
    // The figure changes after exactly one minute: then 22m.
    let minute = std::time::Duration::from_secs(60);
    assert_eq!(app.next_deadline(read_at), Some(read_at + minute));
    app.tick(read_at + minute, &mut Ignore);
    let later = screen(&app, 100, 30);
    assert!(later.contains("next stretch in 22m"), "{later}");
    // Past the due time: due now, and no more wake-ups for it.
    let due = read_at + minute * 24;
    app.tick(due, &mut Ignore);
    assert!(screen(&app, 100, 30).contains("stretch due now"));
    assert_eq!(app.next_deadline(due), None);
}
