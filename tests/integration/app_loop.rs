//! The whole loop: scripted keys and a fake clock drive `App::run` on a `TestBackend` through a
//! short routine; the effects come out in order, at the right times.

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use stretchy::core::pain;
use stretchy::core::session::{Cue, Effect, Outcome, PauseReason, Record};
use stretchy::storage::catalog::{Entry, load_entry};
use stretchy::tui::app::App;
use stretchy::tui::screens::Theme;

use crate::fake::{FakeClock, Recorder, Script};
use crate::util::fixture;

fn tiny() -> Entry {
    load_entry(&fixture("valid/tiny.json")).expect("valid")
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Runs `tiny` with these keys (ms after start) and returns (ms after start, effect) for each
/// effect.
fn run(keys: &[(u64, KeyCode)]) -> Vec<(u64, Effect)> {
    let clock = FakeClock::new();
    let mut script = Script::new(&clock, keys);
    let mut recorder = Recorder::default();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    App::session(tiny(), Theme { color: false }, 1)
        .run(&mut terminal, &mut script, &clock, &mut recorder)
        .expect("the loop ends when the summary is closed");
    recorder
        .effects
        .into_iter()
        .map(|(at, e)| {
            let offset = at.duration_since(clock.t0);
            (u64::try_from(offset.as_millis()).expect("short"), e)
        })
        .collect()
}

fn cue(c: Cue) -> Effect {
    Effect::Cue(c)
}

fn log(r: Record) -> Effect {
    Effect::Log(r)
}

fn done(step: usize, secs: u64) -> Effect {
    log(Record::StepDone {
        step,
        planned: Duration::from_secs(secs),
        actual: Duration::from_secs(secs),
    })
}

/// Left alone, the routine plays through in 17 s with every cue in order; Enter closes the summary.
/// At a step's end the next step's cue goes out before the step's record is written: writing a
/// record waits for the disk, and the cue is due now.
#[test]
fn uninterrupted_run_emits_every_effect_on_time() {
    let effects = run(&[(30_000, KeyCode::Enter)]);
    pretty_assertions::assert_eq!(
        effects,
        vec![
            (0, cue(Cue::GetReady)),
            (0, log(Record::Started)),
            (2_000, cue(Cue::HoldStart)),
            (2_000, done(0, 2)),
            (3_000, cue(Cue::Countdown)),
            (4_000, cue(Cue::Countdown)),
            (5_000, cue(Cue::Switch)),
            (5_000, done(1, 3)),
            (7_000, cue(Cue::HoldStart)),
            (7_000, done(2, 2)),
            (8_000, cue(Cue::Countdown)),
            (9_000, cue(Cue::Countdown)),
            (10_000, cue(Cue::HoldEnd)),
            (10_000, done(3, 3)),
            (11_000, cue(Cue::GetReady)),
            (11_000, done(4, 1)),
            (13_000, cue(Cue::HoldStart)),
            (13_000, done(5, 2)),
            (15_000, cue(Cue::Metronome)),
            (17_000, cue(Cue::Complete)),
            (17_000, done(6, 4)),
            (
                17_000,
                log(Record::Ended {
                    outcome: Outcome::Completed,
                    active: Duration::from_secs(17)
                })
            ),
        ]
    );
}

/// A pause of 3 s in the first hold shifts everything after it by exactly 3 s; active time is
/// still 17 s. Quitting from the summary's keys is not needed: Enter closes it.
#[test]
fn pause_shifts_the_rest_of_the_routine_by_the_pause() {
    let effects = run(&[
        (2_500, KeyCode::Char(' ')),
        (5_500, KeyCode::Char(' ')),
        (40_000, KeyCode::Enter),
    ]);
    let first_hold_end = effects
        .iter()
        .find(|(_, e)| *e == done(1, 3))
        .expect("first hold ends");
    assert_eq!(first_hold_end.0, 8_000);
    assert!(effects.contains(&(
        2_500,
        log(Record::Paused {
            reason: PauseReason::User
        })
    )));
    assert!(effects.contains(&(5_500, log(Record::Resumed))));
    assert_eq!(
        effects.last(),
        Some(&(
            20_000,
            log(Record::Ended {
                outcome: Outcome::Completed,
                active: Duration::from_secs(17)
            })
        ))
    );
}

/// Ctrl-Z in the first hold pauses in place: a minute stopped is neither done time nor active
/// time; after `fg` the session waits, paused, and space goes on from the same second.
#[test]
fn ctrl_z_pauses_in_place_and_the_time_stopped_never_counts() {
    let clock = FakeClock::new();
    let keys = [(63_500, KeyCode::Char(' ')), (90_000, KeyCode::Enter)];
    let mut script = Script::new(&clock, &keys).with_ctrl_z(2_500, 60_000);
    let mut recorder = Recorder::default();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    App::session(tiny(), Theme { color: false }, 1)
        .run(&mut terminal, &mut script, &clock, &mut recorder)
        .expect("the loop ends when the summary is closed");
    let at = |effect: &Effect| {
        let found = recorder.effects.iter().find(|(_, e)| e == effect);
        found.map(|(t, _)| t.duration_since(clock.t0).as_millis())
    };
    let paused = log(Record::Paused {
        reason: PauseReason::User,
    });
    assert_eq!(at(&paused), Some(2_500));
    assert_eq!(at(&log(Record::Resumed)), Some(63_500));
    // The first hold (3 s from 2 s) ends 2.5 s after going on, not during the stop.
    assert_eq!(at(&done(1, 3)), Some(66_000));
    let ended = log(Record::Ended {
        outcome: Outcome::Completed,
        active: Duration::from_secs(17),
    });
    assert_eq!(at(&ended), Some(78_000));
}

/// q asks first; y ends the session as stopped; Enter then leaves the app.
#[test]
fn quit_asks_then_ends_as_stopped() {
    let effects = run(&[
        (1_000, KeyCode::Char('q')),
        (1_500, KeyCode::Char('x')), // any other key: stay
        (2_500, KeyCode::Char('q')),
        (3_000, KeyCode::Char('y')),
        (3_500, KeyCode::Enter),
    ]);
    assert_eq!(
        effects.last(),
        Some(&(
            3_000,
            log(Record::Ended {
                outcome: Outcome::Stopped,
                active: Duration::from_secs(3)
            })
        ))
    );
    assert!(effects.iter().all(|(_, e)| *e != cue(Cue::Complete)));
}

/// The pain key freezes the session at once: pain cue and records at the key press, nothing after
/// it while the questions are answered; a severe answer with "end" stops the session for pain.
#[test]
fn pain_key_freezes_everything_at_once() {
    let effects = run(&[
        (3_200, KeyCode::Char('p')),
        (6_000, KeyCode::Char('8')),
        (7_000, KeyCode::Char('1')),
        (8_000, KeyCode::Char('2')),
        (9_000, KeyCode::Char('4')),
        (9_200, KeyCode::Enter),
    ]);
    let after_pain: Vec<&(u64, Effect)> = effects.iter().filter(|(t, _)| *t >= 3_200).collect();
    pretty_assertions::assert_eq!(
        after_pain,
        vec![
            &(3_200, cue(Cue::PainPause)),
            &(
                3_200,
                log(Record::Paused {
                    reason: PauseReason::Pain
                })
            ),
            &(
                3_200,
                log(Record::Pain {
                    step: 1,
                    into_step: ms(1_200)
                })
            ),
            &(
                9_000,
                log(Record::PainAnswered(pain::Answer {
                    severity: 8,
                    place: pain::Place::LowerBack,
                    feel: pain::Feel::Sharp,
                    choice: pain::Choice::End,
                    suggested: pain::Choice::End,
                }))
            ),
            &(
                9_000,
                log(Record::Ended {
                    outcome: Outcome::StoppedForPain,
                    active: ms(3_200)
                })
            ),
        ]
    );
}

/// Esc closes the questions and leaves the session paused; the second report on the same
/// exercise preselects skipping it, so "gentler" asks for a yes first, then halves what is left
/// of the exercise and starts the hold again after a get-ready.
#[test]
fn pain_then_gentler_goes_on_with_half_the_hold() {
    let effects = run(&[
        (3_000, KeyCode::Char('p')),
        (3_500, KeyCode::Esc),
        (4_000, KeyCode::Char('p')),
        (4_100, KeyCode::Char('3')),
        (4_200, KeyCode::Char('1')),
        (4_300, KeyCode::Char('1')),
        (4_400, KeyCode::Char('2')),
        (4_500, KeyCode::Char('y')),
        (40_000, KeyCode::Enter),
    ]);
    assert!(effects.contains(&(
        4_500,
        log(Record::Gentler {
            exercise: 0,
            step: 1
        })
    )));
    assert!(effects.contains(&(4_500, log(Record::Resumed))));
    // A get-ready of 3 s (the routine's 2 s lead-in is below the least), then the left hold,
    // now 2 s long (3 s halved, rounded up), from its beginning.
    assert!(
        effects.contains(&(4_500, cue(Cue::GetReady))),
        "{effects:#?}"
    );
    assert!(
        effects.contains(&(7_500, cue(Cue::HoldStart))),
        "{effects:#?}"
    );
    assert!(effects.contains(&(9_500, done(1, 2))), "{effects:#?}");
}

/// Esc, then space: what the banner and the key line both offer, "go on gently", is what
/// happens: the gentler dose is logged and the hold starts again after a get-ready.
#[test]
fn escape_then_space_goes_on_gently_as_the_screen_says() {
    let effects = run(&[
        (3_000, KeyCode::Char('p')),
        (3_500, KeyCode::Esc),
        (4_000, KeyCode::Char(' ')),
        (40_000, KeyCode::Enter),
    ]);
    let from_space: Vec<&(u64, Effect)> = effects
        .iter()
        .filter(|(t, _)| (4_000..=9_000).contains(t))
        .collect();
    pretty_assertions::assert_eq!(
        from_space,
        vec![
            &(4_000, cue(Cue::GetReady)),
            &(
                4_000,
                log(Record::Gentler {
                    exercise: 0,
                    step: 1
                })
            ),
            &(4_000, log(Record::Resumed)),
            &(7_000, cue(Cue::HoldStart)),
            &(8_000, cue(Cue::Countdown)),
            &(9_000, cue(Cue::Switch)),
            &(9_000, done(1, 2)),
        ]
    );
}

/// Stops the loop the first time it waits: what is on screen then is the first frame.
struct StopAtFirstWait;

impl stretchy::tui::app::Events for StopAtFirstWait {
    fn next(
        &mut self,
        _: Option<Duration>,
    ) -> std::io::Result<Option<ratatui::crossterm::event::Event>> {
        Err(std::io::Error::other("stopped at the first wait"))
    }
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

/// The home screen is drawn at once, saying the history is being read, while the log is still
/// being read on its own thread (here held back until the test lets it go); the streak fills in
/// when it arrives, without a key.
#[test]
fn home_is_drawn_before_the_log_is_read_and_filled_in_after() {
    use std::sync::Mutex;
    use std::sync::mpsc;
    let bytes = std::fs::read(fixture("../logs/progress.jsonl")).expect("fixture");
    let sessions = stretchy::core::history::sessions(&stretchy::core::log::parse(&bytes).lines);
    let now: jiff::Zoned = "2026-03-10T09:00:00+01:00[+01:00]".parse().expect("time");
    let (release, released) = mpsc::channel::<()>();
    let released = Mutex::new(released);
    let loader = move || {
        released.lock().expect("lock").recv().expect("released");
        stretchy::tui::app::HistoryView {
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
        }
    };
    let (catalog, _) = stretchy::storage::catalog::Catalog::load(None);
    let mut app = App::home(catalog.entries().to_vec(), Theme { color: false }, 1)
        .with_history(Box::new(loader));
    let clock = FakeClock::new();
    let mut recorder = Recorder::default();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");

    let first = app.run(&mut terminal, &mut StopAtFirstWait, &clock, &mut recorder);
    assert!(first.is_err(), "stopped at the first wait");
    let screen = screen_text(&terminal);
    assert!(screen.contains("reading your history…"), "{screen}");
    assert!(!screen.contains("this week"), "{screen}");

    release.send(()).expect("the worker waits");
    // No keys: the loop waits (briefly, while the log is read) until the history arrives, draws
    // it, then waits for a key with no deadline, which ends the script.
    let second = app.run(
        &mut terminal,
        &mut Script::new(&clock, &[]),
        &clock,
        &mut recorder,
    );
    assert!(
        second.is_err(),
        "the script ran out once nothing was left to wait for"
    );
    let screen = screen_text(&terminal);
    assert!(screen.contains("this week"), "{screen}");
    assert!(!screen.contains("reading your history…"), "{screen}");
}
