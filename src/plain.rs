//! `--plain`: a session as one line per stage, with no full-screen display, for screen readers and
//! pipes. Keys still work when standard input is a terminal.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;
use ratatui::crossterm::terminal;

use crate::app::{Effects, Events, Prepared, TerminalEvents};
use crate::audio::SoundStatus;
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
    effects.apply_all(&started, clock.now());
    let mut shown = None;
    let mut confirming = false;
    let mut sound = SoundWatch::default();
    loop {
        if let Some(notice) = sound.notice(effects.sound().as_ref()) {
            write!(out, "{notice}{eol}")?;
            out.flush()?;
        }
        let now = clock.now();
        // So the audio output opens just before the next cue rather than when it is due.
        effects.next_cue(session.next_cue());
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
        let now = clock.now();
        effects.apply_all(&session.update(msg, now), now);
    }
}

/// Said when cues that were sounding stop: the device was lost while open, or was gone when it
/// was next opened. Someone following by ear would otherwise only notice the silence.
pub const SOUND_STOPPED: &str =
    "Sound stopped: the audio device went away. The session goes on in silence.";
/// Said when sound works again after [`SOUND_STOPPED`] (the player retries now and then).
pub const SOUND_BACK: &str = "Sound is back.";

/// Turns the sound player's state, read at every wake, into a line when sound stops or comes
/// back. A session that never had sound (no device, `--sound off`, muted) says nothing, so what
/// plain mode prints does not depend on the machine.
#[derive(Debug, Default)]
struct SoundWatch {
    /// Cues were sounding when last looked.
    on: bool,
    /// [`SOUND_STOPPED`] was said and sound has not come back since.
    stopped: bool,
}

impl SoundWatch {
    fn notice(&mut self, status: Option<&SoundStatus>) -> Option<&'static str> {
        match status? {
            SoundStatus::Ready => {
                self.on = true;
                std::mem::take(&mut self.stopped).then_some(SOUND_BACK)
            }
            SoundStatus::Lost(_) | SoundStatus::Unavailable(_) if self.on => {
                self.on = false;
                self.stopped = true;
                Some(SOUND_STOPPED)
            }
            SoundStatus::Starting
            | SoundStatus::Muted
            | SoundStatus::Bell
            | SoundStatus::Off
            | SoundStatus::Lost(_)
            | SoundStatus::Unavailable(_) => None,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn notices(statuses: &[SoundStatus]) -> Vec<&'static str> {
        let mut watch = SoundWatch::default();
        statuses
            .iter()
            .filter_map(|s| watch.notice(Some(s)))
            .collect()
    }

    /// Sound that stops mid-session is said once, however often the state is read afterwards,
    /// whether the output was open (lost) or closed (gone at the next open) when it went.
    #[test]
    fn sound_that_stops_is_said_once() {
        let lost = SoundStatus::Lost("errors".to_owned());
        let gone = SoundStatus::Unavailable("no server".to_owned());
        for off in [lost, gone] {
            let statuses = [
                SoundStatus::Starting,
                SoundStatus::Ready,
                SoundStatus::Ready,
                off.clone(),
                off.clone(),
                off,
            ];
            assert_eq!(notices(&statuses), [SOUND_STOPPED]);
        }
    }

    /// Without sound from the start nothing is said: the output is the same on every machine.
    #[test]
    fn no_sound_from_the_start_says_nothing() {
        let none = SoundStatus::Unavailable("Unknown PCM default".to_owned());
        let statuses = [SoundStatus::Starting, none.clone(), none];
        assert!(notices(&statuses).is_empty());
        assert!(notices(&[SoundStatus::Off, SoundStatus::Muted]).is_empty());
        assert_eq!(SoundWatch::default().notice(None), None);
    }

    /// Sound that comes back after stopping is said too, and a second loss again.
    #[test]
    fn sound_that_comes_back_is_said() {
        let lost = SoundStatus::Lost("errors".to_owned());
        let statuses = [
            SoundStatus::Ready,
            lost.clone(),
            SoundStatus::Ready,
            SoundStatus::Ready,
            lost,
        ];
        assert_eq!(
            notices(&statuses),
            [SOUND_STOPPED, SOUND_BACK, SOUND_STOPPED]
        );
    }
}
