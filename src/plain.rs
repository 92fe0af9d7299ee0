//! `--plain`: a session as one line per stage, with no full-screen display, for screen readers and
//! pipes. Keys still work when standard input is a terminal.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;
use ratatui::crossterm::terminal;

use crate::app::{Effects, Events, Prepared, TerminalEvents};
use crate::catalog::Entry;
use crate::clock::Clock;
use crate::keymap::{self, Action};
use crate::plan::{self, Plan, Step, StepKind};
use crate::routine::Routine;
use crate::session::{Msg, Outcome, PauseReason, Session, SessionView, Status};
use crate::ui::session::{PAIN_ADVICE, active_line};

/// "Hold 10 s - Knee hug (left) - rep 1/2": one stage, as the plain mode prints it.
pub fn stage_line(step: &Step, routine: &Routine) -> String {
    let length = if step.self_paced() {
        "at your own pace, enter when done".to_owned()
    } else if step.secs < 60 {
        format!("{} s", step.secs)
    } else {
        plan::clock(step.secs.into())
    };
    format!("{} {length} - {}", step.title(), step.subject(routine))
}

/// Runs a session printing a line at each change. Reads keys from the terminal when there is one.
/// `today` is the routine as it plays today (doses from the log) with its recent pain.
pub fn run(
    entry: &Entry,
    today: &Prepared,
    speed: u32,
    clock: &impl Clock,
    effects: &mut impl Effects,
) -> io::Result<()> {
    let keys = io::stdin().is_terminal();
    if keys {
        terminal::enable_raw_mode()?;
    }
    let result = play(entry, today, speed, keys, clock, effects);
    if keys {
        terminal::disable_raw_mode()?;
    }
    result
}

fn play(
    entry: &Entry,
    today: &Prepared,
    speed: u32,
    keys: bool,
    clock: &impl Clock,
    effects: &mut impl Effects,
) -> io::Result<()> {
    let routine = today.routine.clone();
    let plan = Plan::new(&routine);
    let entry = Entry {
        routine: routine.clone(),
        ..entry.clone()
    };
    effects.begin(&entry, &plan, speed);
    let mut out = io::stdout().lock();
    // In raw mode the terminal needs an explicit carriage return.
    let eol = if keys { "\r\n" } else { "\n" };
    write!(
        out,
        "{} · {}{eol}",
        routine.title,
        plan::clock(plan.total_secs)
    )?;
    write!(out, "Safety: {}{eol}", routine.safety)?;
    if keys {
        write!(
            out,
            "Keys: space pause · n skip · b back · enter done · p pain · q end{eol}"
        )?;
    }
    let (mut session, started) = Session::start(routine, plan, speed, clock.now());
    for effect in started {
        effects.apply(effect, clock.now());
    }
    let mut shown = None;
    let mut confirming = false;
    loop {
        let now = clock.now();
        let view = session.view(now);
        let key = (view.step_index, view.status);
        if shown != Some(key) {
            shown = Some(key);
            let line = describe(&view, today, eol);
            write!(out, "{line}{eol}")?;
            out.flush()?;
        }
        if session.is_finished() {
            return Ok(());
        }
        let deadline = session.next_deadline(now);
        let msg = if keys {
            let timeout = deadline.map(|d| d.saturating_duration_since(now));
            match wait_key(timeout)? {
                Some(action) if confirming => {
                    confirming = false;
                    if matches!(action, Action::Yes | Action::Quit) {
                        Msg::Quit
                    } else {
                        write!(out, "Going on.{eol}")?;
                        Msg::Tick
                    }
                }
                Some(Action::Quit) => {
                    confirming = true;
                    write!(out, "End the session? y: end, any other key: go on{eol}")?;
                    out.flush()?;
                    continue;
                }
                Some(action) => to_msg(action),
                None => Msg::Tick,
            }
        } else if let Some(deadline) = deadline
            && view.status != Status::WaitingForDone
        {
            wait_until(deadline, clock);
            Msg::Tick
        } else {
            // Paused or waiting for "done" with no keyboard: nothing can move the session on.
            write!(out, "No keyboard to continue; ending.{eol}")?;
            Msg::Quit
        };
        for effect in session.update(msg, clock.now()) {
            effects.apply(effect, clock.now());
        }
    }
}

/// The line for what the session is doing now, with the recall of recent pain at a get-ready.
fn describe(view: &SessionView, today: &Prepared, eol: &str) -> String {
    let line = match view.status {
        Status::Running | Status::WaitingForDone => stage_line(view.step, view.routine),
        Status::Paused(PauseReason::User) => "Paused: press space to go on".to_owned(),
        Status::Paused(PauseReason::Interrupted) => {
            "Paused: the timer was interrupted; press space when ready".to_owned()
        }
        Status::Paused(PauseReason::Pain) => "Stopped for pain: ease out and rest. \
            If pain is sharp, shoots down a leg or brings numbness, end here (q)."
            .to_owned(),
        Status::Finished(Outcome::Completed) => {
            format!("Routine complete. {}", active_line(view))
        }
        Status::Finished(Outcome::Stopped) => {
            format!("Session ended. {}", active_line(view))
        }
        Status::Finished(Outcome::StoppedForPain) => format!(
            "Session ended because something hurt. {}{eol}{}",
            active_line(view),
            PAIN_ADVICE.join(eol)
        ),
    };
    let recall = today
        .memory
        .iter()
        .find(|m| view.step.kind == StepKind::GetReady && Some(m.exercise) == view.step.exercise);
    match recall {
        Some(memory) if view.status == Status::Running => {
            format!("{line}{eol}  {} (g: gentler, n: skip)", memory.line())
        }
        _ => line,
    }
}

fn to_msg(action: Action) -> Msg {
    match action {
        Action::TogglePause => Msg::TogglePause,
        Action::Skip => Msg::Skip,
        Action::Back => Msg::Back,
        Action::Confirm => Msg::Done,
        Action::Pain => Msg::Pain,
        Action::Quit => Msg::Quit,
        Action::Up
        | Action::Down
        | Action::ShowPlan
        | Action::Help
        | Action::Yes
        | Action::History
        | Action::Mute
        | Action::Digit(_) => Msg::Tick,
        Action::Gentler => Msg::Gentler,
    }
}

/// The next key press as an action, or `None` when the timeout passes (or the key means nothing).
fn wait_key(timeout: Option<Duration>) -> io::Result<Option<Action>> {
    Ok(match TerminalEvents.next(timeout)? {
        Some(Event::Key(key)) => keymap::action(key),
        _ => None,
    })
}

/// Blocks until `deadline` when there is no keyboard to wait on.
fn wait_until(deadline: Instant, clock: &impl Clock) {
    let left = deadline.saturating_duration_since(clock.now());
    if !left.is_zero() {
        std::thread::sleep(left);
    }
}
