//! The plan view: each part under its heading (dose, setup, cues, caution), the steps below.

use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stretchy::storage::catalog::load_entry;
use stretchy::tui::app::App;
use stretchy::tui::keymap::Action;
use stretchy::tui::screens::Theme;

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
