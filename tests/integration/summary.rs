//! The summary at the end of a session: completed with growth, ended for pain, and not saved;
//! and the app telling it that the log could not be written.

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use stretchy::core::pain;
use stretchy::core::plan::{Plan, StepKind};
use stretchy::core::progress::Growth;
use stretchy::core::session::{Effect, Msg, Session, Status};
use stretchy::storage::catalog::load_entry;
use stretchy::tui::app::{App, Effects};
use stretchy::tui::screens::summary::{Recap, Standing};
use stretchy::tui::screens::{self, Theme};

use crate::fake::{FakeClock, Script};
use crate::util::fixture;

/// A session of the every-field routine, with every effect noted in a [`Recap`] as the app does.
struct Run {
    session: Session,
    now: Instant,
    recap: Recap,
}

impl Run {
    fn new(recap: Recap) -> Run {
        let routine = load_entry(&fixture("valid/every-field.json"))
            .expect("valid")
            .routine;
        let now = Instant::now();
        let (session, _) = Session::start(routine.clone(), Plan::new(&routine), 1, now);
        Run {
            session,
            now,
            recap,
        }
    }

    fn send(&mut self, msg: Msg) -> &mut Run {
        let effects = self.session.update(msg, self.now);
        self.recap.note(&effects, self.session.plan());
        self
    }

    /// Lets time run until `until` holds (self-paced reps are said done).
    fn until(&mut self, until: impl Fn(&Session, Instant) -> bool) -> &mut Run {
        while !until(&self.session, self.now) {
            if self.session.view(self.now).status == Status::WaitingForDone {
                self.send(Msg::Done);
                continue;
            }
            self.now = self.session.next_deadline(self.now).expect("running");
            self.send(Msg::Tick);
        }
        self
    }

    fn text(&self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        let view = self.session.view(self.now);
        let Status::Finished(outcome) = view.status else {
            panic!("not finished: {:?}", view.status);
        };
        terminal
            .draw(|frame| {
                screens::summary::render_recap(
                    frame,
                    &view,
                    outcome,
                    &self.recap,
                    Theme { color: false },
                );
            })
            .expect("draw");
        format!("{}", terminal.backend())
    }
}

fn finished(session: &Session, _: Instant) -> bool {
    session.is_finished()
}

fn at_hold(session: &Session, now: Instant) -> bool {
    matches!(session.view(now).step.kind, StepKind::Hold { .. })
}

const STANDING: Standing = Standing {
    streak: 5,
    this_week: 2,
    goal: 3,
};

/// Completed: every exercise, the streak and the week, and the hold that grew since last time.
#[test]
fn summary_completed_with_growth() {
    let mut run = Run::new(Recap {
        standing: Some(STANDING),
        ..Recap::new(vec![Growth {
            exercise: 0,
            secs: Some((10, 12)),
            reps: None,
        }])
    });
    run.until(finished);
    for (w, h) in [(60, 20), (40, 12)] {
        insta::assert_snapshot!(format!("summary_completed_{w}x{h}"), run.text(w, h));
    }
}

/// Ended for pain: the report (exercise, side, severity, what was done), the advice, and no
/// growth claimed for the exercise that hurt.
#[test]
fn summary_stopped_for_pain() {
    let mut run = Run::new(Recap {
        standing: Some(STANDING),
        ..Recap::new(vec![Growth {
            exercise: 0,
            secs: Some((10, 12)),
            reps: None,
        }])
    });
    run.until(at_hold);
    run.now += Duration::from_secs(3);
    run.send(Msg::Tick)
        .send(Msg::Pain)
        .send(Msg::PainAnswer(pain::Answer {
            severity: 6,
            place: pain::Place::LowerBack,
            feel: pain::Feel::Sharp,
            choice: pain::Choice::End,
            suggested: pain::Choice::Skip,
        }));
    let text = run.text(60, 20);
    assert!(
        text.contains("Pain in Seated knee hug (left): 6/10, ended the session"),
        "{text}"
    );
    assert!(!text.contains("Grew since last time"), "{text}");
    insta::assert_snapshot!("summary_stopped_for_pain_60x20", text);
}

/// Not saved: said plainly, in place of a streak that would not include this session.
#[test]
fn summary_not_saved() {
    let mut run = Run::new(Recap {
        unsaved: Some("disk full".to_owned()),
        standing: Some(STANDING),
        ..Recap::default()
    });
    run.until(finished);
    let text = run.text(60, 20);
    assert!(!text.contains("streak"), "{text}");
    insta::assert_snapshot!("summary_not_saved_60x20", text);
}

/// Effects whose log cannot be written.
struct Unsaved;

impl Effects for Unsaved {
    fn apply(&mut self, _: Effect, _: Instant) {}
    fn unsaved(&mut self) -> Option<String> {
        Some("disk full".to_owned())
    }
}

/// The app asks the effects, once the session ends, whether its log was written, and the
/// summary says when it was not.
#[test]
fn the_app_says_not_saved_when_the_log_could_not_be_written() {
    let clock = FakeClock::new();
    let tiny = load_entry(&fixture("valid/tiny.json")).expect("valid");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut app = App::session(tiny, Theme { color: false }, 1);
    // No keys: the routine plays to its end and the loop waits at the summary, which ends the
    // script.
    let ended = app.run(
        &mut terminal,
        &mut Script::new(&clock, &[] as &[(u64, KeyCode)]),
        &clock,
        &mut Unsaved,
    );
    assert!(ended.is_err(), "the script ran out at the summary");
    let text = format!("{}", terminal.backend());
    assert!(
        text.contains("not saved: disk full. This session is not in your history."),
        "{text}"
    );
}
