//! Snapshots of every screen, at 80x24 and at the 40x12 minimum, plus the colours that carry
//! meaning. Sessions are driven with explicit instants; nothing here reads the clock for timing.

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use stretchy::core::pain;
use stretchy::core::plan::{Plan, StepKind};
use stretchy::core::session::{Msg, Session, SessionView, Status};
use stretchy::storage::catalog::{Catalog, Entry, load_entry};
use stretchy::tui::app::App;
use stretchy::tui::keymap::Action;
use stretchy::tui::screens::{self, StatusLine, Theme};

use crate::util::{Ignore, fixture};

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];
/// The sizes a running session is also drawn at.
const MORE_SIZES: [(u16, u16); 4] = [(50, 15), (60, 20), (100, 30), (200, 50)];

fn every_field() -> Entry {
    load_entry(&fixture("valid/every-field.json")).expect("valid")
}

/// A session of the every-field routine, started at `t0`, and the time it has reached.
struct Run {
    session: Session,
    now: Instant,
}

impl Run {
    fn new() -> Run {
        Run::at_speed(1)
    }

    fn at_speed(speed: u32) -> Run {
        let t0 = Instant::now();
        let routine = every_field().routine;
        let plan = Plan::new(&routine);
        let (session, _) = Session::start(routine, plan, speed, t0);
        Run { session, now: t0 }
    }

    /// Lets time run, deadline by deadline, until `until` holds (self-paced reps are said done).
    fn advance(&mut self, until: impl Fn(&SessionView) -> bool) -> &mut Run {
        for _ in 0..10_000 {
            let view = self.session.view(self.now);
            if until(&view) {
                return self;
            }
            if view.status == Status::WaitingForDone {
                self.session.update(Msg::Rep, self.now);
                continue;
            }
            let next = self.session.next_deadline(self.now).expect("running");
            self.now = next;
            self.session.update(Msg::Tick, self.now);
        }
        panic!("never reached the wanted phase");
    }

    /// Lets `secs` of time pass.
    fn wait(&mut self, secs: u64) -> &mut Run {
        self.now += Duration::from_secs(secs);
        self.session.update(Msg::Tick, self.now);
        self
    }

    fn send(&mut self, msg: Msg) -> &mut Run {
        self.session.update(msg, self.now);
        self
    }

    fn draw(&self, width: u16, height: u16, theme: Theme) -> Buffer {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|frame| {
                screens::session::render(
                    frame,
                    &self.session.view(self.now),
                    &StatusLine::default(),
                    theme,
                );
            })
            .expect("draw");
        terminal.backend().buffer().clone()
    }
}

/// The status bar never garbles from 40 columns up: the title shortens with an ellipsis first,
/// then the figures take short forms, whole; it counts exercises, not plan steps. At the first
/// exercise's get-ready of a preview, with a long sound state.
#[test]
fn status_bar_shortens_the_title_first_and_never_cuts_a_figure() {
    let mut run = Run::at_speed(10);
    run.advance(kind_is(|k| *k == StepKind::GetReady));
    let status = StatusLine {
        sound: Some("sound off: no PulseAudio or PipeWire".to_owned()),
        ..StatusLine::default()
    };
    let view = run.session.view(run.now);
    let title = view.routine.title.clone();
    let count = format!("1/{}", view.routine.exercises.len());
    let mut lines = Vec::new();
    for width in [40, 45, 48, 55, 60, 70, 80, 100] {
        let mut terminal = Terminal::new(TestBackend::new(width, 20)).expect("terminal");
        terminal
            .draw(|frame| screens::session::render(frame, &view, &status, Theme { color: false }))
            .expect("draw");
        let top = text(terminal.backend().buffer())
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        let whole_count = top.ends_with(&format!("exercise {}", count.replace('/', " of ")))
            || top.ends_with(&format!("ex {count}"));
        assert!(whole_count, "{width} columns: {top:?}");
        assert!(top.contains("10×"), "{width} columns: {top:?}");
        assert!(top.contains("sound off"), "{width} columns: {top:?}");
        let whole_title = top.starts_with(&format!("{title} "));
        let shortened = top
            .split_once('…')
            .is_some_and(|(kept, _)| kept.len() >= 3 && title.starts_with(kept));
        assert!(whole_title || shortened, "{width} columns: {top:?}");
        lines.push(format!("{width:>3}: {top}"));
    }
    insta::assert_snapshot!(lines.join("\n"));
}

/// A problem never runs into the figures: it is shortened with an ellipsis and kept two spaces
/// from them. An ignored setting is said at the first step only, then the title is back; the
/// log not being saved stays all session.
#[test]
fn a_problem_in_the_status_bar_is_shortened_and_gives_the_title_back() {
    let settings = StatusLine {
        sound: Some("sound off".to_owned()),
        settings: Some(
            "settings.json:1: unknown setting \"volum\" (did you mean \"volume\"?); ignored"
                .to_owned(),
        ),
        ..StatusLine::default()
    };
    let journal = StatusLine {
        sound: Some("sound off".to_owned()),
        problem: Some("not saving: log.jsonl is a folder".to_owned()),
        ..StatusLine::default()
    };
    let first = Run::at_speed(5);
    let mut later = Run::at_speed(5);
    later.advance(kind_is(|k| matches!(k, StepKind::Hold { .. })));
    let cases = [
        ("settings, first step", &first, &settings),
        ("settings, later step", &later, &settings),
        ("not saving, later step", &later, &journal),
    ];
    let mut lines = Vec::new();
    for (width, height) in [(40, 12), (60, 20), (100, 30)] {
        for (name, run, status) in cases {
            let view = run.session.view(run.now);
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            terminal
                .draw(|frame| {
                    screens::session::render(frame, &view, status, Theme { color: false });
                })
                .expect("draw");
            let screen = text(terminal.backend().buffer());
            let top = screen.lines().next().unwrap_or_default().to_owned();
            let figures = ["sound off", "preview 5×", "5×"]
                .iter()
                .find_map(|f| top.find(f));
            let figures = figures.expect("the figures are shown");
            assert!(
                top[..figures].ends_with("  "),
                "{width}x{height} {name}: {top:?}"
            );
            if name == "settings, later step" {
                assert!(top.starts_with(&view.routine.title[..3]), "{top:?}");
            }
            lines.push(format!("{width}x{height} {name}:\n{top}"));
            if name == "settings, first step" {
                insta::assert_snapshot!(format!("problem_first_step_{width}x{height}"), screen);
            }
        }
    }
    insta::assert_snapshot!(lines.join("\n"));
}

fn kind_is(kind: fn(&StepKind) -> bool) -> impl Fn(&SessionView) -> bool {
    move |v| kind(&v.step.kind)
}

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

/// Every phase of a session, in order, as (snapshot name, a session in that phase).
fn phases() -> Vec<(&'static str, Run)> {
    let mut phases = Vec::new();
    let mut run = Run::new();
    run.wait(5);
    phases.push(("1-warmup", clone(&run)));
    run.advance(kind_is(|k| *k == StepKind::GetReady));
    phases.push(("2-get-ready", clone(&run)));
    run.advance(kind_is(|k| matches!(k, StepKind::Hold { .. })))
        .wait(2);
    phases.push(("3-hold", clone(&run)));
    run.advance(kind_is(|k| *k == StepKind::Rest)).wait(1);
    phases.push(("4-rest", clone(&run)));
    run.advance(kind_is(|k| *k == StepKind::Switch));
    phases.push(("5-switch", clone(&run)));
    run.advance(kind_is(|k| {
        matches!(
            k,
            StepKind::Reps {
                secs_per_rep: Some(_),
                ..
            }
        )
    }))
    .wait(9);
    phases.push(("6-paced-reps", clone(&run)));
    run.advance(kind_is(|k| *k == StepKind::RestBetween))
        .wait(2);
    phases.push(("7-rest-between", clone(&run)));
    run.advance(|v| v.status == Status::WaitingForDone)
        .wait(7)
        .send(Msg::Rep)
        .send(Msg::Rep);
    phases.push(("8-self-paced", clone(&run)));
    run.advance(kind_is(|k| *k == StepKind::Timed)).wait(12);
    phases.push(("9-timed", clone(&run)));
    run.advance(kind_is(|k| *k == StepKind::Cooldown));
    phases.push(("10-cooldown", clone(&run)));
    run.advance(|v| matches!(v.status, Status::Finished(_)));
    phases.push(("11-summary-complete", clone(&run)));

    let mut paused = Run::new();
    paused
        .advance(kind_is(|k| matches!(k, StepKind::Hold { .. })))
        .wait(4)
        .send(Msg::TogglePause);
    phases.push(("12-paused", paused));
    let mut pain = Run::new();
    pain.advance(kind_is(|k| matches!(k, StepKind::Hold { .. })))
        .wait(6)
        .send(Msg::Pain);
    phases.push(("13-pain", pain));
    let mut stopped = Run::new();
    stopped
        .advance(kind_is(|k| *k == StepKind::Switch))
        .send(Msg::Skip)
        .send(Msg::Quit);
    phases.push(("14-summary-stopped", stopped));
    let answer = |severity, feel, choice| {
        Msg::PainAnswer(pain::Answer {
            severity,
            place: pain::Place::Leg,
            feel,
            choice,
            suggested: pain::Choice::End,
        })
    };
    let mut restart = Run::new();
    restart
        .advance(kind_is(|k| matches!(k, StepKind::Hold { .. })))
        .wait(6)
        .send(Msg::Pain)
        .send(answer(2, pain::Feel::Ache, pain::Choice::Resume))
        .wait(1);
    phases.push(("15-get-ready-again-after-pain", restart));
    let mut ended = Run::new();
    ended
        .advance(kind_is(|k| matches!(k, StepKind::Hold { .. })))
        .send(Msg::Pain)
        .send(answer(3, pain::Feel::TinglingNumbness, pain::Choice::End));
    phases.push(("16-summary-stopped-for-pain", ended));
    phases
}

fn clone(run: &Run) -> Run {
    Run {
        session: run.session.clone(),
        now: run.now,
    }
}

/// Each phase at 80x24 and 40x12; the phases of a running session also at 50x15, 60x20, 100x30
/// and 200x50, where the digits grow with the window. (The summaries are the summary screen's.)
#[test]
fn session_screen_in_every_phase() {
    for (name, run) in phases() {
        let summary = matches!(run.session.view(run.now).status, Status::Finished(_));
        let more: &[(u16, u16)] = if summary { &[] } else { &MORE_SIZES };
        for &(w, h) in SIZES.iter().chain(more) {
            let buffer = run.draw(w, h, Theme { color: true });
            insta::assert_snapshot!(format!("session_{name}_{w}x{h}"), text(&buffer));
        }
    }
}

/// Going on gently at a get-ready: the key line offers it there, and once pressed the screen
/// says the new dose beside the old one.
#[test]
fn gentler_is_offered_at_a_get_ready_and_says_the_new_dose() {
    let mut run = Run::new();
    run.advance(kind_is(|k| *k == StepKind::GetReady));
    for (w, h) in [(40, 12), (80, 24)] {
        let screen = text(&run.draw(w, h, Theme { color: false }));
        assert!(screen.contains("g gently"), "{w}x{h}:\n{screen}");
    }
    run.send(Msg::Gentler);
    for (w, h) in SIZES {
        let buffer = run.draw(w, h, Theme { color: true });
        insta::assert_snapshot!(format!("session_gentler_{w}x{h}"), text(&buffer));
    }
}

/// Below 40x12 the countdown stays, with a request for a larger window.
#[test]
fn tiny_terminal_shows_the_countdown_and_asks_for_room() {
    let mut run = Run::new();
    run.advance(kind_is(|k| matches!(k, StepKind::Hold { .. })))
        .wait(3);
    insta::assert_snapshot!(text(&run.draw(30, 8, Theme { color: true })));
}

/// The colour of the countdown digits says what is happening.
#[test]
fn countdown_colour_carries_meaning() {
    let digit_colour = |run: &Run, theme| {
        let buffer = run.draw(80, 24, theme);
        let cell = buffer
            .content()
            .iter()
            .find(|c| c.symbol() == "█")
            .expect("big digits drawn")
            .clone();
        cell.fg
    };
    let mut run = Run::new();
    run.advance(kind_is(|k| matches!(k, StepKind::Hold { .. })));
    assert_eq!(
        digit_colour(&run, Theme { color: true }),
        Color::Green,
        "hold"
    );
    run.advance(kind_is(|k| *k == StepKind::Rest));
    assert_eq!(
        digit_colour(&run, Theme { color: true }),
        Color::Cyan,
        "rest"
    );
    run.send(Msg::TogglePause);
    assert_eq!(
        digit_colour(&run, Theme { color: true }),
        Color::Yellow,
        "paused"
    );
    run.send(Msg::Pain);
    assert_eq!(
        digit_colour(&run, Theme { color: true }),
        Color::Red,
        "pain"
    );
}

/// With `NO_COLOR`, nothing on any phase's screen is coloured.
#[test]
fn no_color_means_no_colour_anywhere() {
    assert!(!Theme::from_env(Some(std::ffi::OsStr::new("1"))).color);
    assert!(Theme::from_env(Some(std::ffi::OsStr::new(""))).color);
    assert!(Theme::from_env(None).color);
    for (name, run) in phases() {
        let buffer = run.draw(80, 24, Theme { color: false });
        for cell in buffer.content() {
            assert_eq!(cell.fg, Color::Reset, "{name}: {:?}", cell.symbol());
            assert_eq!(cell.bg, Color::Reset, "{name}: {:?}", cell.symbol());
        }
    }
}

fn app_screen(app: &App, now: Instant, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|frame| app.render(frame, now)).expect("draw");
    text(terminal.backend().buffer())
}

fn home_app() -> App {
    let (catalog, _) = Catalog::load(None);
    App::home(catalog.entries().to_vec(), Theme { color: true }, 1)
}

#[test]
fn home_screen() {
    let now = Instant::now();
    let mut app = home_app();
    app.act(Action::Down, now, &mut Ignore);
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("home_{w}x{h}"), app_screen(&app, now, w, h));
    }
}

/// A routine with limits shows them on the home screen before it can be started, ahead of its
/// summary when rows run short; at 100 columns each row also says what it needs and how often.
#[test]
fn home_shows_the_limits_of_the_chosen_routine() {
    let now = Instant::now();
    let mut app = home_app();
    let (catalog, _) = Catalog::load(None);
    let flare_up = (catalog.entries().iter())
        .position(|e| e.routine.id == "flare-up")
        .expect("flare-up is built in");
    for _ in 0..flare_up {
        app.act(Action::Down, now, &mut Ignore);
    }
    for (w, h) in [(100, 30), (60, 20), (40, 12)] {
        insta::assert_snapshot!(format!("home_limits_{w}x{h}"), app_screen(&app, now, w, h));
    }
}

/// Flare-up's first get-ready: its limits and the caution stay whole, at 60x20 too (the cue rows
/// grow into the space around them); where even that is short, set-up lines give way first.
#[test]
fn the_first_get_ready_keeps_limits_and_caution_whole() {
    let now = Instant::now();
    let mut app = home_app();
    let (catalog, _) = Catalog::load(None);
    let flare_up = (catalog.entries().iter())
        .position(|e| e.routine.id == "flare-up")
        .expect("flare-up is built in");
    for _ in 0..flare_up {
        app.act(Action::Down, now, &mut Ignore);
    }
    app.act(Action::Confirm, now, &mut Ignore);
    let routine = &catalog.entries()[flare_up].routine;
    let caution = routine.exercises[0].caution.clone().expect("a caution");
    for (w, h) in [(100, 30), (60, 20)] {
        let screen = app_screen(&app, now, w, h);
        let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        let limits = routine.limits.as_deref().expect("limits");
        assert!(words(&screen).contains(&words(limits)), "{screen}");
        assert!(words(&screen).contains(&words(&caution)), "{screen}");
    }
    insta::assert_snapshot!("flare_up_get_ready_60x20", app_screen(&app, now, 60, 20));
}

#[test]
fn plan_screen() {
    let now = Instant::now();
    let mut app = home_app();
    app.act(Action::ShowPlan, now, &mut Ignore);
    insta::assert_snapshot!(app_screen(&app, now, 80, 24));
}

#[test]
fn help_overlay_lists_every_key() {
    let now = Instant::now();
    let mut app = home_app();
    app.act(Action::Confirm, now, &mut Ignore);
    app.act(Action::Help, now, &mut Ignore);
    for (w, h) in SIZES.into_iter().chain([(100, 30)]) {
        insta::assert_snapshot!(format!("help_{w}x{h}"), app_screen(&app, now, w, h));
    }
}

#[test]
fn quit_asks_for_confirmation() {
    let now = Instant::now();
    let mut app = home_app();
    app.act(Action::Confirm, now, &mut Ignore);
    app.act(Action::Quit, now, &mut Ignore);
    insta::assert_snapshot!(app_screen(&app, now, 80, 24));
}

/// Something that draws one screen.
type Draw = Box<dyn Fn(&mut ratatui::Frame)>;

/// No screen panics at any size, from 1x1 up.
#[test]
fn every_screen_survives_every_size() {
    let now = Instant::now();
    let mut screens: Vec<Draw> = Vec::new();
    for (_, run) in phases() {
        screens.push(Box::new(move |frame| {
            screens::session::render(
                frame,
                &run.session.view(run.now),
                &StatusLine::default(),
                Theme { color: true },
            );
        }));
    }
    let home = home_app();
    let mut plan = home_app();
    plan.act(Action::ShowPlan, now, &mut Ignore);
    let mut help = home_app();
    help.act(Action::Confirm, now, &mut Ignore);
    help.act(Action::Help, now, &mut Ignore);
    for app in [home, plan, help] {
        screens.push(Box::new(move |frame| app.render(frame, now)));
    }
    // From 1x1 to 300x100, sampled, plus the edges around the 40x12 minimum.
    let sizes = (1..=300u16)
        .step_by(23)
        .flat_map(|w| (1..=100u16).step_by(9).map(move |h| (w, h)))
        .chain([(39, 11), (39, 12), (40, 11), (40, 12), (300, 100)]);
    for (w, h) in sizes {
        for draw in &screens {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            terminal.draw(|frame| draw(frame)).expect("draw");
        }
    }
}

/// Paused for pain with the questions dismissed, the banner and the key line offer the same
/// thing for space: going on gently during an exercise, plain going on in the warm-up, where
/// there is nothing to make gentler (and n skips the warm-up, as it says).
#[test]
fn pain_banner_and_key_line_name_what_space_does() {
    let mut warmup = Run::new();
    warmup.wait(2).send(Msg::Pain);
    let mut hold = Run::new();
    hold.advance(kind_is(|k| matches!(k, StepKind::Hold { .. })))
        .send(Msg::Pain);
    for (run, banner, keys) in [
        (
            &warmup,
            "space: go on · n: skip the warm-up · q: end the session",
            "space go on · n skip · q end · m mute · ? help",
        ),
        (
            &hold,
            "space: go on gently, half the dose · n: skip this exercise · q: end the session",
            "space go on gently · n skip · q end · m mute · ? help",
        ),
    ] {
        let screen = text(&run.draw(100, 30, Theme { color: false }));
        assert!(screen.contains(banner), "{screen}");
        assert!(screen.contains(keys), "{screen}");
    }
}

/// Desk reset in its first hold (the wall stretch, a second in), after skipping the warm-up.
fn app_in_first_hold() -> (App, Instant) {
    let t0 = Instant::now();
    let mut app = home_app();
    app.act(Action::Confirm, t0, &mut Ignore);
    app.act(Action::Skip, t0, &mut Ignore);
    // Second by second, so that no tick looks like the computer slept.
    let mut now = t0;
    for _ in 0..6 {
        now += Duration::from_secs(1);
        app.tick(now, &mut Ignore);
    }
    (app, now)
}

/// Going on to the end after a sign to stop the session (tingling, with a yes): the summary
/// repeats what to watch for, under "Session done".
#[test]
fn the_summary_repeats_the_advice_after_going_on_in_spite_of_a_sign_to_stop() {
    let mut run = Run::new();
    run.advance(kind_is(|k| matches!(k, StepKind::Hold { .. })))
        .send(Msg::Pain)
        .send(Msg::PainAnswer(pain::Answer {
            severity: 2,
            place: pain::Place::Leg,
            feel: pain::Feel::TinglingNumbness,
            choice: pain::Choice::Resume,
            suggested: pain::Choice::End,
        }))
        .advance(|v| matches!(v.status, Status::Finished(_)));
    let screen = text(&run.draw(100, 30, Theme { color: false }));
    assert!(screen.contains("Session done"), "{screen}");
    assert!(
        screen.contains("If the tingling or numbness stays or spreads, ask a clinician soon."),
        "{screen}"
    );
}

/// The pain dialog at each question during a hold, and with a red flag, at 80x24 and 40x12.
#[test]
fn pain_dialog_at_each_question() {
    let (mut app, now) = app_in_first_hold();
    app.act(Action::Pain, now, &mut Ignore);
    let steps = [
        ("1-severity", None),
        ("2-where", Some(Action::Digit(7))),
        ("3-feel", Some(Action::Digit(1))),
        ("4-choice-red-flag", Some(Action::Digit(2))),
        ("5-confirm-resume", Some(Action::Digit(1))),
    ];
    for (name, key) in steps {
        if let Some(key) = key {
            app.act(key, now, &mut Ignore);
        }
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("pain_{name}_{w}x{h}"), app_screen(&app, now, w, h));
        }
    }
}

/// The choice at each level of the rule table's advice, at 80x24 and 40x12: what was answered,
/// why the preselected choice, and the advice, with the answers that lead there.
#[test]
fn pain_dialog_at_each_advice_level() {
    let levels = [
        // 2/10, upper back/neck, ache: go on.
        ("1-go-on", [2, 4, 1]),
        // 5/10, lower back, burning: go on gently.
        ("2-gently", [5, 1, 3]),
        // 5/10, lower back, sharp: stop this exercise.
        ("3-stop-exercise", [5, 1, 2]),
        // 8/10, leg, tingling or numbness: stop the session.
        ("4-stop-session", [8, 3, 4]),
    ];
    for (name, answers) in levels {
        let (mut app, now) = app_in_first_hold();
        app.act(Action::Pain, now, &mut Ignore);
        for n in answers {
            app.act(Action::Digit(n), now, &mut Ignore);
        }
        for (w, h) in SIZES {
            insta::assert_snapshot!(
                format!("pain_level_{name}_{w}x{h}"),
                app_screen(&app, now, w, h)
            );
        }
    }
}

/// In the warm-up the choices and advice name the warm-up, which has no holds or reps to halve:
/// 5/10, lower back, ache.
#[test]
fn pain_dialog_in_the_warm_up_names_the_warm_up() {
    let now = Instant::now();
    let mut app = home_app();
    app.act(Action::Confirm, now, &mut Ignore);
    app.act(Action::Pain, now, &mut Ignore);
    for n in [5, 1, 1] {
        app.act(Action::Digit(n), now, &mut Ignore);
    }
    insta::assert_snapshot!("pain_warmup_gently_80x24", app_screen(&app, now, 80, 24));
}

/// The home screen and session with a log behind them, seen on 10 March 2026: four pain-free
/// desk resets grew the knee hug's hold, and the side bend hurt two days ago.
fn app_with_progress_log() -> App {
    let bytes = std::fs::read(fixture("../logs/progress.jsonl")).expect("fixture");
    let sessions = stretchy::core::history::sessions(&stretchy::core::log::parse(&bytes).lines);
    let now: jiff::Zoned = "2026-03-10T09:00:00+01:00[+01:00]".parse().expect("time");
    let loader = move || {
        let stats = stretchy::core::history::stats(
            &sessions,
            now.date(),
            &stretchy::core::history::Settings::default(),
        );
        stretchy::tui::app::HistoryView {
            stats,
            unreadable: 0,
            sessions: sessions.clone(),
            now: now.clone(),
            read_at: std::time::Instant::now(),
            reminder: stretchy::core::reminder::Due::Off,
        }
    };
    home_app().with_history(Box::new(loader))
}

/// A home frame only draws what was prepared when the log was read: the length, today's dose and
/// the streak come from the view as given (planted here), none is worked out again from the
/// routine or the log while drawing.
#[test]
fn home_screen_draws_only_its_prepared_view() {
    use stretchy::core::progress::{Dose, Prepared, Reason};
    use stretchy::tui::screens::home::{HomeStatus, HomeView, RoutineCard, Today, render_home};
    let (catalog, _) = Catalog::load(None);
    let routine = catalog.entries()[0].routine.clone();
    let view = HomeView {
        status: HomeStatus::Read(Today {
            done: true,
            week: 7,
            goal: 8,
            streak: 9,
        }),
        broken: Vec::new(),
        reminder: Some("next stretch in 23m".to_owned()),
        routines: vec![RoutineCard {
            routine: routine.clone(),
            length: "98:76".to_owned(),
            today_length: Some("99:01".to_owned()),
            last_done: Some("planted day".to_owned()),
            today: Some(Prepared {
                routine,
                doses: vec![Dose {
                    exercise: 0,
                    secs: None,
                    reps: None,
                    steps_up: 0,
                    reason: Some(Reason::Grown("planted reason".to_owned())),
                }],
                memory: Vec::new(),
            }),
        }],
    };
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|frame| render_home(frame, &view, 0, Theme { color: false }))
        .expect("draw");
    let screen = text(terminal.backend().buffer());
    for planted in [
        "99:01*",
        "planted reason",
        "done today · 7 of 8 this week · streak 9 days",
        "planted day",
    ] {
        assert!(screen.contains(planted), "{planted}: {screen}");
    }
}

/// Home shows today's dose and why, and the recent pain, for the chosen routine.
#[test]
fn home_shows_todays_dose_and_recent_pain() {
    let now = Instant::now();
    let mut app = app_with_progress_log();
    app.act(Action::History, now, &mut Ignore); // reads the log
    app.act(Action::Quit, now, &mut Ignore); // back home
    insta::assert_snapshot!(app_screen(&app, now, 80, 24));
}

/// At the get-ready of an exercise that hurt lately, the screen recalls it and waits for an
/// answer: go on, gently or skip, with the same keys in the banner and the key line. The grown
/// hold is what plays.
#[test]
fn get_ready_recalls_recent_pain() {
    let t0 = Instant::now();
    let mut app = app_with_progress_log();
    app.act(Action::History, t0, &mut Ignore);
    app.act(Action::Quit, t0, &mut Ignore);
    app.act(Action::Confirm, t0, &mut Ignore);
    // Skip to the third exercise (the side bend): warm-up, wall stretch, knee hug.
    for _ in 0..3 {
        app.act(Action::Skip, t0, &mut Ignore);
    }
    for (w, h) in SIZES {
        insta::assert_snapshot!(
            format!("get_ready_waits_{w}x{h}"),
            app_screen(&app, t0, w, h)
        );
    }
    // It waits: an hour later nothing has moved.
    let later = t0 + Duration::from_secs(3600);
    app.tick(later, &mut Ignore);
    assert_eq!(app.next_deadline(later), None);
    assert_eq!(
        app_screen(&app, later, 80, 24),
        app_screen(&app, t0, 80, 24)
    );
    // Space: the countdown starts, and the recall stays, paused or not.
    app.act(Action::TogglePause, later, &mut Ignore);
    assert!(app.next_deadline(later).is_some());
    let running = app_screen(&app, later, 80, 24);
    assert!(running.contains("Last time: 6/10"), "{running}");
    assert!(!running.contains("g: go on gently"), "{running}");
    app.act(Action::TogglePause, later, &mut Ignore);
    let paused = app_screen(&app, later, 80, 24);
    assert!(paused.contains("Last time: 6/10"), "{paused}");
    assert!(paused.contains("PAUSED"), "{paused}");
}

/// The memory of pain is per exercise, in any routine: the side bend that hurt in the desk reset
/// waits at its get-ready in the micro-break too.
#[test]
fn pain_in_one_routine_waits_at_the_same_exercise_in_another() {
    let t0 = Instant::now();
    let mut app = app_with_progress_log();
    app.act(Action::History, t0, &mut Ignore);
    app.act(Action::Quit, t0, &mut Ignore);
    app.act(Action::Down, t0, &mut Ignore);
    app.act(Action::Confirm, t0, &mut Ignore);
    // Skip to the second exercise (the side bend): warm-up, reach up tall.
    for _ in 0..2 {
        app.act(Action::Skip, t0, &mut Ignore);
    }
    let screen = app_screen(&app, t0, 80, 24);
    assert!(screen.contains("Micro-break"), "{screen}");
    assert!(
        screen.contains("GET READY · Standing side bend"),
        "{screen}"
    );
    assert!(
        screen.contains("Last time: 6/10, sharp, lower back (2 days ago)"),
        "{screen}"
    );
    assert_eq!(app.next_deadline(t0), None);
}

/// The plan screen plays today's doses and says why they changed.
#[test]
fn plan_screen_shows_todays_doses() {
    let now = Instant::now();
    let mut app = app_with_progress_log();
    app.act(Action::History, now, &mut Ignore);
    app.act(Action::Quit, now, &mut Ignore);
    app.act(Action::ShowPlan, now, &mut Ignore);
    insta::assert_snapshot!(app_screen(&app, now, 100, 20));
}

/// Self-paced reps: the plan screen marks their estimated length with `~` and says the total is
/// about, as `stretchy show` does (both draw `Plan::rows`).
#[test]
fn plan_screen_marks_self_paced_lengths_as_estimates() {
    let now = Instant::now();
    let mut app = App::home(vec![every_field()], Theme { color: true }, 1);
    app.act(Action::ShowPlan, now, &mut Ignore);
    // Past each exercise's notes, down to the steps.
    for _ in 0..100 {
        app.act(Action::Down, now, &mut Ignore);
    }
    let screen = app_screen(&app, now, 80, 24);
    assert!(screen.contains("~0:20  Reps"), "{screen}");
    insta::assert_snapshot!(screen);
}

/// The plan scrolls no further than its last step at the bottom, and one ↑ from there moves it
/// back by one; at the top, ↑ stays at the first step.
#[test]
fn plan_screen_scrolls_within_its_steps() {
    let now = Instant::now();
    let mut app = App::home(vec![every_field()], Theme { color: true }, 1);
    app.act(Action::ShowPlan, now, &mut Ignore);
    let top = app_screen(&app, now, 80, 24);
    app.act(Action::Up, now, &mut Ignore);
    assert_eq!(app_screen(&app, now, 80, 24), top);
    for _ in 0..100 {
        app.act(Action::Down, now, &mut Ignore);
    }
    let bottom = app_screen(&app, now, 80, 24);
    let rows: Vec<&str> = bottom.lines().collect();
    // The last step on the row above the key line, no blank rows after it.
    assert!(rows[rows.len() - 2].contains("Cool-down"), "{bottom}");
    app.act(Action::Down, now, &mut Ignore);
    assert_eq!(app_screen(&app, now, 80, 24), bottom);
    app.act(Action::Up, now, &mut Ignore);
    let up = app_screen(&app, now, 80, 24);
    let rows: Vec<&str> = up.lines().collect();
    assert!(rows[rows.len() - 2].contains("Keep going"), "{up}");
}
