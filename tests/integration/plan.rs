//! The plan view: each part under its heading (dose, setup, cues, caution), the steps below.

use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use stretchy::storage::catalog::load_entry;
use stretchy::tui::app::App;
use stretchy::tui::keymap::Action;
use stretchy::tui::screens::Theme;

use crate::fake::{FakeClock, Recorder, Script};
use crate::util::{Ignore, fixture};

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| app.render(frame, Instant::now()))
        .expect("draw");
    format!("{}", terminal.backend())
}

/// Every field of a routine file shown under its part's heading, with the dose in words and
/// long lines wrapped under their label; at 40x12 the same, a few rows at a time.
#[test]
fn plan_view_shows_each_part_under_its_heading() {
    let now = Instant::now();
    let entry = load_entry(&fixture("valid/every-field.json")).expect("valid");
    let mut app = App::home(vec![entry], Theme { color: false }, 1);
    app.act(Action::ShowPlan, now, &mut Ignore);
    insta::assert_snapshot!("plan_view_100x50", screen(&app, 100, 50));
    for _ in 0..6 {
        app.act(Action::Down, now, &mut Ignore);
    }
    insta::assert_snapshot!("plan_view_40x12_scrolled", screen(&app, 40, 12));
}

/// `?` on the plan view lists the plan view's own keys, and the page keys move by a page, to
/// the end and back to the top.
#[test]
fn plan_view_help_lists_its_own_keys_and_page_keys_scroll() {
    let now = Instant::now();
    let entry = load_entry(&fixture("valid/every-field.json")).expect("valid");
    let mut app = App::home(vec![entry], Theme { color: false }, 1);
    app.act(Action::ShowPlan, now, &mut Ignore);
    app.act(Action::Help, now, &mut Ignore);
    let help = screen(&app, 60, 20);
    assert!(help.contains("pgup, pgdn  a page"), "{help}");
    assert!(help.contains("back to the routines"), "{help}");
    assert!(!help.contains("pause"), "{help}");
    insta::assert_snapshot!("plan_view_help_60x20", help);
    app.act(Action::Help, now, &mut Ignore);

    let top = screen(&app, 40, 12);
    // Through the app's own loop, as the keys arrive from the terminal.
    let keys = |app: &mut App, keys: &[KeyCode]| -> String {
        let clock = FakeClock::new();
        let timed: Vec<(u64, KeyCode)> = keys.iter().map(|&k| (0, k)).collect();
        let mut terminal = Terminal::new(TestBackend::new(40, 12)).expect("terminal");
        let ended = app.run(
            &mut terminal,
            &mut Script::new(&clock, &timed),
            &clock,
            &mut Recorder::default(),
        );
        assert!(ended.is_err(), "the script ran out on the plan view");
        format!("{}", terminal.backend())
    };
    let paged = keys(&mut app, &[KeyCode::PageDown]);
    assert_ne!(top, paged);
    let bottom = keys(&mut app, &[KeyCode::End]);
    assert!(bottom.contains("Cool-down"), "{bottom}");
    assert_eq!(keys(&mut app, &[KeyCode::Home]), top);
}
