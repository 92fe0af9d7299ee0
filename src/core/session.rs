//! The session engine: walks a plan step by step, with pause, skip, back, done, quit and pain.
//!
//! Pure and sans-IO: every call takes `now`, the engine stores deadlines and returns [`Effect`]s
//! (cues to play, records to log) instead of acting. It never reads the clock, sleeps or prints.
//!
//! Timing: a step that ends on time starts the next one at its deadline, not at the moment the tick
//! arrived, so a whole routine never drifts. Late ticks follow one rule (see [`LATE_LIMIT`]).

use std::time::{Duration, Instant};

use crate::core::pain::{self, Choice};
use crate::core::plan::{Count, Plan, Step, StepKind};
use crate::core::routine::{Breath, Routine};

/// A tick this late past a deadline means the program did not run for a while (a closed laptop lid,
/// a suspended process). Rather than replay the missed steps at once, the step that was running is
/// counted as done and the session pauses at the start of the next one, so the person finds it
/// waiting for them. Ticks less late than this are caught up one transition at a time, in order.
pub const LATE_LIMIT: Duration = Duration::from_secs(2);

/// The shortest get-ready before a hold that pain interrupted starts again: the person was just
/// told to ease out of the position, and needs a moment to get back into it, even in a routine
/// with no lead-in of its own.
pub const RESTART_LEAD_IN_MIN_SECS: u32 = 3;

/// What the person (or the clock) asks of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    /// Time has passed: run every transition and cue that is now due.
    Tick,
    /// Pause, or resume when paused. Paused for pain with the questions unanswered, it goes on
    /// as [`Session::go_on_choice`] says; at a get-ready that waits, it starts the countdown.
    TogglePause,
    /// Go on to the next exercise (and, paused for pain, go on running).
    Skip,
    /// Back to the start of this exercise, or to the previous one when already at its start.
    Back,
    /// One self-paced rep is done (enter): the last rep of the set ends it.
    Rep,
    /// Self-paced reps are done, however many were counted (the sample log's made-up sessions).
    Done,
    /// End the session now (the screen has already asked for confirmation).
    Quit,
    /// The program is being suspended (ctrl-z): it pauses in place, as with pause, so the time
    /// it is stopped never counts. Paused already, or waiting at a get-ready, nothing changes.
    Suspend,
    /// Something hurts: freeze everything at once.
    Pain,
    /// The answers to the pain questions, with what to do now.
    PainAnswer(pain::Answer),
    /// Halve the holds and reps of the current exercise from here on (offered at its get-ready
    /// when it hurt last time, and by the pain dialog).
    Gentler,
}

/// What the shell must do on the engine's behalf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Cue(Cue),
    Log(Record),
}

/// The sounds of a session, one distinct cue each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// Get into position for the next exercise.
    GetReady,
    /// Start: a hold, a set of reps, a timed exercise or the warm-up.
    HoldStart,
    /// One of the ticks at 3, 2 and 1 seconds before a hold or timed exercise ends (a hold of
    /// 3 seconds or less gets only those that fall after its start).
    Countdown,
    /// The hold (or set, or timed exercise) is over: release.
    HoldEnd,
    /// Change sides.
    Switch,
    /// A rest ends in 3 seconds: get back into position (rests of 3 seconds or less have none).
    RestOver,
    /// The beat of metronome-paced reps.
    Metronome,
    /// The session froze because something hurts.
    PainPause,
    /// The routine is complete.
    Complete,
}

/// A fact for the session log. The shell adds the wall-clock time when it writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Started,
    /// A step ran to its end (or, self-paced, until "done").
    StepDone {
        step: usize,
        planned: Duration,
        actual: Duration,
    },
    /// An exercise was left before its dose was finished.
    Skipped {
        exercise: usize,
    },
    Paused {
        reason: PauseReason,
    },
    Resumed,
    /// Pain was reported during `step`, `into_step` after it began.
    Pain {
        step: usize,
        into_step: Duration,
    },
    /// The pain just reported was described, and something chosen about it.
    PainAnswered(pain::Answer),
    /// The current exercise goes on gentler from `step` on ([`Plan::gentler`]): later records
    /// count steps in the gentler plan.
    Gentler {
        exercise: usize,
        step: usize,
    },
    Ended {
        outcome: Outcome,
        active: Duration,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseReason {
    /// The person pressed pause.
    User,
    /// The person reported pain.
    Pain,
    /// The program did not run for a while; see [`LATE_LIMIT`].
    Interrupted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    Stopped,
    /// Ended while paused for pain.
    StoppedForPain,
}

/// Where a session stands, for the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Running,
    /// Self-paced reps: running, waiting for "done".
    WaitingForDone,
    Paused(PauseReason),
    Finished(Outcome),
}

/// The breathing pacer: which way to breathe and for how many more seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Breathing {
    pub phase: BreathPhase,
    pub secs_left: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreathPhase {
    In,
    Out,
}

/// Seconds breathing in and out in one pacer cycle: slow, with a longer breath out.
const BREATH_IN_SECS: u64 = 4;
const BREATH_OUT_SECS: u64 = 6;

/// Everything a screen needs to draw a session at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionView<'a> {
    pub routine: &'a Routine,
    pub status: Status,
    /// The current step (the last one once finished).
    pub step: &'a Step,
    pub step_index: usize,
    pub step_count: usize,
    /// Seconds left in the step as a countdown shows them (rounded up); for self-paced reps, the
    /// seconds since they began. In routine time, so a `--speed` preview shows the real plan.
    pub clock_secs: u64,
    /// 0.0 to 1.0 through the step.
    pub step_progress: f64,
    /// 0.0 to 1.0 through the whole planned routine.
    pub session_progress: f64,
    /// Planned seconds left in the routine, this step included.
    pub session_left_secs: u64,
    /// The pacer, during holds whose breath is not `none`.
    pub breathing: Option<Breathing>,
    /// In a set of reps, the rep under way: by the clock when paced, counted with [`Msg::Rep`]
    /// when self-paced.
    pub reps: Option<Count>,
    /// The step after this one.
    pub next: Option<&'a Step>,
    /// Exercises left unfinished with skip.
    pub skipped: &'a [usize],
    /// Exercises whose dose was done to the end.
    pub completed: &'a [usize],
    /// Active time so far (pauses excluded), in real time.
    pub active: Duration,
    /// 1, or how many times faster a preview plays.
    pub speed: u32,
    /// What going on (space) does while paused for pain with the questions unanswered.
    pub go_on: Choice,
    /// The last pain report, once its questions were answered: what the summary's advice
    /// speaks to ([`pain::after_session`]).
    pub pain: Option<pain::Report>,
    /// At the get-ready of an exercise that hurt lately: its countdown has not started and waits
    /// for the person to go on, go on gently or skip. `status` says `Running` (nothing was
    /// paused), but nothing moves until a key is pressed.
    pub waiting: bool,
    /// What going on gently last changed, while its exercise is on screen.
    pub gentled: Option<Gentled>,
}

/// What going on gently changed: the exercise's next hold, set of reps or timed part, as it was
/// and as it is now, for the screen to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gentled {
    pub before: Step,
    pub after: Step,
}

impl Gentled {
    /// "gentler: hold 15 s instead of 30 s, 2 holds a side instead of 4".
    pub fn text(&self) -> String {
        let (before, after) = (self.before, self.after);
        let holds = |step: Step| step.rep.map_or(1, |c| c.of);
        // Both lengths in the same unit: seconds, or minutes and seconds from two minutes up.
        let secs = |secs: u32| {
            if before.secs < 120 {
                format!("{secs} s")
            } else {
                crate::core::plan::clock(secs.into())
            }
        };
        let mut changes = Vec::new();
        let count = |step: Step| match step.kind {
            StepKind::Reps { count, .. } => count,
            StepKind::Warmup
            | StepKind::GetReady
            | StepKind::Hold { .. }
            | StepKind::Timed
            | StepKind::Rest
            | StepKind::Switch
            | StepKind::RestBetween
            | StepKind::Cooldown => 0,
        };
        let length = format!("{} instead of {}", secs(after.secs), secs(before.secs));
        match after.kind {
            StepKind::Reps { secs_per_rep, .. } => {
                let pace = if secs_per_rep.is_some() {
                    ""
                } else {
                    " at your pace"
                };
                changes.push(format!(
                    "{} reps{pace} instead of {}",
                    count(after),
                    count(before)
                ));
            }
            StepKind::Hold { .. } => changes.push(format!("hold {length}")),
            StepKind::Timed
            | StepKind::Warmup
            | StepKind::GetReady
            | StepKind::Rest
            | StepKind::Switch
            | StepKind::RestBetween
            | StepKind::Cooldown => changes.push(length),
        }
        if holds(after) != holds(before) {
            let word = if holds(after) == 1 { "hold" } else { "holds" };
            let word = if after.side.is_some() {
                format!("{word} a side")
            } else {
                word.to_owned()
            };
            changes.push(format!(
                "{} {word} instead of {}",
                holds(after),
                holds(before)
            ));
        }
        format!("gentler: {}", changes.join(", "))
    }
}

/// How far into the current step the session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clock {
    /// Running since `since`, with `before` already spent in the step.
    Running { since: Instant, before: Duration },
    Paused {
        before: Duration,
        reason: PauseReason,
    },
    /// At the start of a get-ready that waits for the person (see [`Session::start_waiting_at`]).
    /// Time spent here counts as paused.
    Waiting,
}

/// A session in progress.
#[derive(Debug, Clone)]
pub struct Session {
    routine: Routine,
    plan: Plan,
    speed: u32,
    index: usize,
    clock: Clock,
    /// Cues due within the current step, as (time into the step, cue), in order.
    step_cues: Vec<(Duration, Cue)>,
    /// How many of `step_cues` have been played.
    fired: usize,
    started_at: Instant,
    paused_total: Duration,
    pause_began: Option<Instant>,
    skipped: Vec<usize>,
    completed: Vec<usize>,
    outcome: Option<(Outcome, Instant)>,
    /// The exercise of each pain report so far (`None` outside an exercise), oldest first.
    pains: Vec<Option<usize>>,
    /// The last pain report, once answered.
    answered: Option<pain::Report>,
    /// A get-ready played before the current step starts again from its beginning (after going
    /// on from a pain pause); while it runs, it is the step on screen.
    lead_in: Option<Step>,
    /// Exercises whose get-ready waits for the person before counting down, until answered.
    wait_at: Vec<usize>,
    /// Self-paced reps counted so far in the current step.
    reps_done: u32,
    /// The last time the person went on gently, while it is about the exercise on screen.
    gentled: Option<Gentled>,
}

impl Session {
    /// Starts a session at `now`. `speed` (1 to 60) plays the routine that many times faster, for a
    /// preview. The routine must be the one the plan was made from.
    pub fn start(routine: Routine, plan: Plan, speed: u32, now: Instant) -> (Session, Vec<Effect>) {
        Session::start_waiting_at(routine, plan, speed, &[], now)
    }

    /// Like [`Session::start`], with the get-ready of each exercise in `wait_at` (indices into
    /// the routine's exercises: those that hurt lately) waiting for the person before it counts
    /// down: space goes on, gentler goes on gently, skip skips it. Once answered, it does not
    /// wait again in this session.
    pub fn start_waiting_at(
        routine: Routine,
        plan: Plan,
        speed: u32,
        wait_at: &[usize],
        now: Instant,
    ) -> (Session, Vec<Effect>) {
        let mut session = Session {
            routine,
            plan,
            speed: speed.clamp(1, 60),
            index: 0,
            clock: Clock::Running {
                since: now,
                before: Duration::ZERO,
            },
            step_cues: Vec::new(),
            fired: 0,
            started_at: now,
            paused_total: Duration::ZERO,
            pause_began: None,
            skipped: Vec::new(),
            completed: Vec::new(),
            outcome: None,
            pains: Vec::new(),
            answered: None,
            lead_in: None,
            wait_at: wait_at.to_vec(),
            reps_done: 0,
            gentled: None,
        };
        let mut effects = vec![Effect::Log(Record::Started)];
        if session.plan.steps.is_empty() {
            session.finish(Outcome::Completed, now, &mut effects);
        } else {
            session.enter(0, now, &mut effects);
        }
        (session, effects)
    }

    pub fn routine(&self) -> &Routine {
        &self.routine
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn is_finished(&self) -> bool {
        self.outcome.is_some()
    }

    /// The pain questions for the report just made (after [`Msg::Pain`]), knowing what it
    /// interrupted and how often the same exercise hurt before in this session.
    pub fn pain_dialog(&self) -> pain::Dialog {
        pain::Dialog::new(pain::Stage::of(self.step().kind), self.earlier_reports())
    }

    /// Pain reports on the current exercise before the last one.
    fn earlier_reports(&self) -> u32 {
        let here = self.step().exercise;
        let reports = (self.pains.iter())
            .filter(|&&e| e.is_some() && e == here)
            .count();
        u32::try_from(reports.saturating_sub(1)).unwrap_or(u32::MAX)
    }

    /// Handles one message at `now` and returns what the shell must do, in order.
    pub fn update(&mut self, msg: Msg, now: Instant) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.outcome.is_some() {
            return effects;
        }
        // Whatever the message, first bring time up to date, so a key pressed just after a
        // deadline acts on the step the person sees.
        let was_running = matches!(self.clock, Clock::Running { .. });
        self.catch_up(now, &mut effects);
        if self.outcome.is_some() {
            return effects;
        }
        // A key pressed on waking from a long sleep must not resume the session that the
        // interruption has just paused: the person has not seen it yet.
        let just_interrupted = was_running
            && matches!(
                self.clock,
                Clock::Paused {
                    reason: PauseReason::Interrupted,
                    ..
                }
            );
        if just_interrupted && msg == Msg::TogglePause {
            return effects;
        }
        let paused_for_pain = matches!(
            self.clock,
            Clock::Paused {
                reason: PauseReason::Pain,
                ..
            }
        );
        let waiting = self.clock == Clock::Waiting;
        match msg {
            Msg::Tick => {}
            // At a get-ready that waits, space, gentler and skip are the answers to its warning.
            Msg::TogglePause if waiting => self.start_countdown(now),
            Msg::Gentler if waiting => {
                self.gentler(now, &mut effects);
                self.start_countdown(now);
            }
            Msg::Skip if waiting => {
                self.answered_warning();
                self.skip(now, &mut effects);
            }
            // Paused for pain with the questions unanswered, space and skip do what the screen
            // names beside them: the dialog's choices.
            Msg::TogglePause if paused_for_pain => {
                self.act_on_pain(self.go_on_choice(), now, &mut effects);
            }
            Msg::Skip if paused_for_pain => self.act_on_pain(Choice::Skip, now, &mut effects),
            Msg::TogglePause => match self.clock {
                Clock::Running { .. } => self.pause(PauseReason::User, now, &mut effects),
                Clock::Paused { .. } | Clock::Waiting => self.resume(now, &mut effects),
            },
            Msg::Skip => self.skip(now, &mut effects),
            Msg::Back => self.back(now, &mut effects),
            Msg::Rep => {
                if let StepKind::Reps {
                    count,
                    secs_per_rep: None,
                } = self.step().kind
                    && matches!(self.clock, Clock::Running { .. })
                {
                    self.reps_done += 1;
                    if self.reps_done >= count {
                        self.complete_step(now, &mut effects);
                    }
                }
            }
            Msg::Done => {
                if self.step().self_paced() && matches!(self.clock, Clock::Running { .. }) {
                    self.complete_step(now, &mut effects);
                }
            }
            Msg::Quit => {
                let outcome = if paused_for_pain {
                    Outcome::StoppedForPain
                } else {
                    Outcome::Stopped
                };
                self.finish(outcome, now, &mut effects);
            }
            Msg::Suspend => {
                if matches!(self.clock, Clock::Running { .. }) {
                    self.pause(PauseReason::User, now, &mut effects);
                }
            }
            Msg::Pain => self.report_pain(now, &mut effects),
            Msg::PainAnswer(answer) => {
                effects.push(Effect::Log(Record::PainAnswered(answer)));
                self.answered = Some(pain::Report {
                    severity: answer.severity,
                    place: answer.place,
                    feel: answer.feel,
                    earlier: self.earlier_reports(),
                    stage: pain::Stage::of(self.step().kind),
                });
                self.act_on_pain(answer.choice, now, &mut effects);
            }
            Msg::Gentler => self.gentler(now, &mut effects),
        }
        effects
    }

    /// Freezes everything at once (a pause that was already there becomes a pain pause) and
    /// records where it hurt.
    fn report_pain(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        // During the get-ready before a restart, the step itself has not begun again.
        let into_step = if self.lead_in.is_some() {
            Duration::ZERO
        } else {
            self.elapsed(now)
        };
        match self.clock {
            Clock::Running { .. } => self.pause(PauseReason::Pain, now, effects),
            Clock::Paused { before, .. } => {
                self.clock = Clock::Paused {
                    before,
                    reason: PauseReason::Pain,
                };
                effects.push(Effect::Log(Record::Paused {
                    reason: PauseReason::Pain,
                }));
            }
            // Already not counting: the wait becomes a pain pause before the countdown.
            Clock::Waiting => {
                self.clock = Clock::Paused {
                    before: Duration::ZERO,
                    reason: PauseReason::Pain,
                };
                effects.push(Effect::Log(Record::Paused {
                    reason: PauseReason::Pain,
                }));
            }
        }
        self.pains.push(self.step().exercise);
        self.answered = None;
        effects.push(Effect::Cue(Cue::PainPause));
        effects.push(Effect::Log(Record::Pain {
            step: self.index,
            into_step,
        }));
    }

    /// Does what was chosen about pain, from the dialog or a key under its banner.
    fn act_on_pain(&mut self, choice: Choice, now: Instant, effects: &mut Vec<Effect>) {
        // Whatever was chosen answers a warning this get-ready was waiting with.
        self.answered_warning();
        match choice {
            Choice::Resume | Choice::Gentler => self.go_on_after_pain(choice, now, effects),
            Choice::Skip => {
                self.skip_exercise(now, effects);
                if self.outcome.is_none() {
                    self.resume(now, effects);
                }
            }
            Choice::End => self.finish(Outcome::StoppedForPain, now, effects),
        }
    }

    /// What going on from a pain pause does when the questions went unanswered (Esc): the gentler
    /// dose ([`pain::GO_ON_UNANSWERED`]), or plain going on where there is no exercise to make
    /// gentler (the warm-up, the cool-down). The screen names it beside its key.
    pub fn go_on_choice(&self) -> Choice {
        if self.step().exercise.is_some() {
            pain::GO_ON_UNANSWERED
        } else {
            Choice::Resume
        }
    }

    /// Goes on from a pain pause, as it was (`Resume`) or gentler. A hold, set of reps or timed
    /// exercise that the pain interrupted starts again from its beginning, after a get-ready of
    /// the routine's lead-in: the person was told to ease out of the position. A rest, switch or
    /// get-ready goes on where it froze.
    fn go_on_after_pain(&mut self, choice: Choice, now: Instant, effects: &mut Vec<Effect>) {
        if choice == Choice::Gentler {
            self.gentler(now, effects);
        }
        if let Some(&step) = self.plan.steps.get(self.index)
            && matches!(
                step.kind,
                StepKind::Hold { .. } | StepKind::Reps { .. } | StepKind::Timed
            )
            && let Clock::Paused { reason, .. } = self.clock
        {
            self.lead_in = Some(Step {
                kind: StepKind::GetReady,
                secs: self.routine.lead_in_secs.max(RESTART_LEAD_IN_MIN_SECS),
                ..step
            });
            self.load_step_cues();
            self.clock = Clock::Paused {
                before: Duration::ZERO,
                reason,
            };
        }
        self.resume(now, effects);
    }

    /// Goes on gently with what is left of the current exercise ([`Plan::gentler`]). A hold
    /// already under way starts again at its new length.
    fn gentler(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        let before = self.dose_from(self.index);
        let Some(exercise) = self.plan.gentler(self.index) else {
            return;
        };
        self.gentled = before
            .zip(self.dose_from(self.index))
            .map(|(before, after)| Gentled { before, after });
        if self.step().is_active() && self.step().kind != StepKind::Warmup {
            self.load_step_cues();
            self.clock = match self.clock {
                Clock::Running { .. } => Clock::Running {
                    since: now,
                    before: Duration::ZERO,
                },
                Clock::Paused { reason, .. } => Clock::Paused {
                    before: Duration::ZERO,
                    reason,
                },
                Clock::Waiting => Clock::Waiting,
            };
        }
        effects.push(Effect::Log(Record::Gentler {
            exercise,
            step: self.index,
        }));
    }

    /// The first hold, set of reps or timed part of the current step's exercise from `index` on.
    fn dose_from(&self, index: usize) -> Option<Step> {
        let exercise = self.plan.steps.get(index)?.exercise?;
        (self.plan.steps[index..].iter())
            .take_while(|s| s.exercise == Some(exercise))
            .find(|s| {
                matches!(
                    s.kind,
                    StepKind::Hold { .. } | StepKind::Reps { .. } | StepKind::Timed
                )
            })
            .copied()
    }

    /// The next instant after `now` at which anything changes: a transition, a cue, or the second
    /// shown by the countdown. `None` while paused or finished: nothing changes until a key is
    /// pressed. An instant already past means a transition is due: send [`Msg::Tick`].
    pub fn next_deadline(&self, now: Instant) -> Option<Instant> {
        let Clock::Running { since, before } = self.clock else {
            return None;
        };
        if self.outcome.is_some() {
            return None;
        }
        // Every cue and every change of the display falls on a whole second of routine time
        // into the step, so the next such second is the next deadline.
        let second = Duration::from_secs(1) / self.speed;
        let elapsed = self.elapsed(now);
        let units = elapsed.as_nanos() / second.as_nanos() + 1;
        let next = second * u32::try_from(units).unwrap_or(u32::MAX);
        let next = if self.step().self_paced() {
            next
        } else {
            next.min(self.step_len())
        };
        Some(since + next.saturating_sub(before))
    }

    /// When the next cue is due while running: one inside the step, or the step's end. Lets the
    /// sound player open its output just before it is needed. `None` while paused or finished,
    /// and for self-paced reps (their end comes with a key press).
    pub fn next_cue(&self) -> Option<Instant> {
        let Clock::Running { since, before } = self.clock else {
            return None;
        };
        if self.outcome.is_some() {
            return None;
        }
        let at = |elapsed: Duration| since + elapsed.saturating_sub(before);
        let in_step = self
            .step_cues
            .get(self.fired)
            .map(|&(offset, _)| at(offset));
        let end = (!self.step().self_paced()).then(|| at(self.step_len()));
        in_step.into_iter().chain(end).min()
    }

    /// What to draw at `now`. Once the session has ended, the view stays as it was at the end.
    pub fn view(&self, now: Instant) -> SessionView<'_> {
        let now = self.outcome.map_or(now, |(_, at)| at);
        let step = self.step();
        let len = self.step_len();
        let elapsed = self.elapsed(now).min(if step.self_paced() {
            Duration::MAX
        } else {
            len
        });
        let elapsed_routine = scale_up(elapsed, self.speed);
        let planned = Duration::from_secs(step.secs.into());
        let clock_secs = if step.self_paced() {
            elapsed_routine.as_secs()
        } else {
            ceil_secs(planned.saturating_sub(elapsed_routine))
        };
        let step_progress = if let StepKind::Reps {
            count,
            secs_per_rep: None,
        } = step.kind
        {
            f64::from(self.reps_done.min(count)) / f64::from(count.max(1))
        } else if len.is_zero() {
            0.0
        } else {
            (elapsed.as_secs_f64() / len.as_secs_f64()).min(1.0)
        };
        let before: u64 = self.plan.steps[..self.index]
            .iter()
            .map(|s| u64::from(s.secs))
            .sum();
        let done_secs = if matches!(self.outcome, Some((Outcome::Completed, _))) {
            self.plan.total_secs
        } else if self.lead_in.is_some() {
            // The step starts again after this get-ready: none of it is done.
            before
        } else {
            before + elapsed_routine.as_secs().min(step.secs.into())
        };
        let status = match (self.outcome, self.clock) {
            (Some((outcome, _)), _) => Status::Finished(outcome),
            (None, Clock::Paused { reason, .. }) => Status::Paused(reason),
            (None, Clock::Running { .. }) if step.self_paced() => Status::WaitingForDone,
            (None, Clock::Running { .. } | Clock::Waiting) => Status::Running,
        };
        let breathing = match step.kind {
            StepKind::Hold { breath } if self.outcome.is_none() => {
                breathing(breath, elapsed_routine.as_secs())
            }
            _ => None,
        };
        let reps = self.rep_under_way(elapsed_routine);
        let total = self.plan.total_secs.max(1);
        #[allow(clippy::cast_precision_loss)] // seconds of a routine of at most two hours
        let session_progress = done_secs as f64 / total as f64;
        SessionView {
            routine: &self.routine,
            status,
            step,
            step_index: self.index,
            step_count: self.plan.steps.len(),
            clock_secs,
            step_progress,
            session_progress,
            session_left_secs: self.plan.total_secs.saturating_sub(done_secs),
            breathing,
            reps,
            next: if self.outcome.is_some() {
                None
            } else if self.lead_in.is_some() {
                self.plan.steps.get(self.index)
            } else {
                self.plan.steps.get(self.index + 1)
            },
            skipped: &self.skipped,
            completed: &self.completed,
            active: self.active(now),
            speed: self.speed,
            go_on: self.go_on_choice(),
            pain: self.answered,
            waiting: self.outcome.is_none() && self.clock == Clock::Waiting,
            gentled: self
                .gentled
                .filter(|g| self.outcome.is_none() && g.after.exercise == step.exercise),
        }
    }

    /// In a set of reps, the rep under way `elapsed` (routine time) into the step.
    fn rep_under_way(&self, elapsed: Duration) -> Option<Count> {
        if self.outcome.is_some() {
            return None;
        }
        match self.step().kind {
            StepKind::Reps {
                count,
                secs_per_rep: Some(per),
            } => {
                let n = (elapsed.as_secs() / u64::from(per.max(1)) + 1).min(count.into());
                Some(Count {
                    n: u32::try_from(n).unwrap_or(count),
                    of: count,
                })
            }
            StepKind::Reps {
                count,
                secs_per_rep: None,
            } => Some(Count {
                n: (self.reps_done + 1).min(count),
                of: count,
            }),
            StepKind::Warmup
            | StepKind::GetReady
            | StepKind::Hold { .. }
            | StepKind::Timed
            | StepKind::Rest
            | StepKind::Switch
            | StepKind::RestBetween
            | StepKind::Cooldown => None,
        }
    }

    /// Active time (pauses excluded) up to `now`, or up to the end once finished.
    pub fn active(&self, now: Instant) -> Duration {
        let end = self.outcome.map_or(now, |(_, at)| at);
        let paused_now = self
            .pause_began
            .map_or(Duration::ZERO, |began| end.saturating_duration_since(began));
        end.saturating_duration_since(self.started_at)
            .saturating_sub(self.paused_total + paused_now)
    }

    fn step(&self) -> &Step {
        if let Some(lead_in) = &self.lead_in {
            return lead_in;
        }
        let last = self.plan.steps.len().saturating_sub(1);
        &self.plan.steps[self.index.min(last)]
    }

    /// The current step's length in real time (planned length divided by the speed).
    fn step_len(&self) -> Duration {
        Duration::from_secs(self.step().secs.into()) / self.speed
    }

    /// Real time spent in the current step, pauses excluded.
    fn elapsed(&self, now: Instant) -> Duration {
        match self.clock {
            Clock::Running { since, before } => before + now.saturating_duration_since(since),
            Clock::Paused { before, .. } => before,
            Clock::Waiting => Duration::ZERO,
        }
    }

    /// Runs every cue and transition due by `now`, one at a time and in order.
    fn catch_up(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        while self.outcome.is_none() {
            let Clock::Running { since, before } = self.clock else {
                return;
            };
            let elapsed = self.elapsed(now);
            let len = self.step_len();
            let deadline = since + len.saturating_sub(before);
            let late = now.saturating_duration_since(deadline) > LATE_LIMIT;
            while let Some(&(at, cue)) = self.step_cues.get(self.fired) {
                if at > elapsed {
                    break;
                }
                self.fired += 1;
                // After a long gap, missed ticks are dropped: a burst of beeps helps nobody.
                if !late || self.step().self_paced() {
                    effects.push(Effect::Cue(cue));
                }
            }
            if self.step().self_paced() || now < deadline {
                return;
            }
            if self.lead_in.take().is_some() {
                // The get-ready before a restart is over (it is not a step of the plan, so it
                // is not logged): the step starts again from its beginning.
                if late {
                    self.wait_after_sleep(self.index, deadline, effects);
                    return;
                }
                self.enter(self.index, deadline, effects);
                continue;
            }
            self.log_step_done(len, effects);
            let next = self.index + 1;
            if next >= self.plan.steps.len() {
                self.finish(Outcome::Completed, deadline, effects);
                return;
            }
            if late {
                self.wait_after_sleep(next, deadline, effects);
                return;
            }
            let was_active = self.step().is_active();
            self.enter(next, deadline, effects);
            if was_active && entry_cue(self.step()).is_none() {
                effects.push(Effect::Cue(Cue::HoldEnd));
            }
        }
    }

    /// After a long sleep (see [`LATE_LIMIT`]), waits paused at the start of step `index`, from
    /// the deadline the sleep passed.
    fn wait_after_sleep(&mut self, index: usize, deadline: Instant, effects: &mut Vec<Effect>) {
        self.index = index;
        self.load_step_cues();
        self.clock = Clock::Paused {
            before: Duration::ZERO,
            reason: PauseReason::Interrupted,
        };
        self.pause_began = Some(deadline);
        effects.push(Effect::Log(Record::Paused {
            reason: PauseReason::Interrupted,
        }));
    }

    /// Ends the current self-paced step now and moves on.
    fn complete_step(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        let actual = self.elapsed(now);
        self.log_step_done(actual, effects);
        let next = self.index + 1;
        if next >= self.plan.steps.len() {
            self.finish(Outcome::Completed, now, effects);
            return;
        }
        self.enter(next, now, effects);
        if entry_cue(self.step()).is_none() {
            effects.push(Effect::Cue(Cue::HoldEnd));
        }
    }

    fn log_step_done(&mut self, actual: Duration, effects: &mut Vec<Effect>) {
        effects.push(Effect::Log(Record::StepDone {
            step: self.index,
            planned: self.step_len(),
            actual,
        }));
        if let Some(exercise) = self.plan.completes_exercise(self.index) {
            self.skipped.retain(|&e| e != exercise);
            if !self.completed.contains(&exercise) {
                self.completed.push(exercise);
            }
        }
    }

    /// Makes step `index` current and running from `at` (or waiting, at a get-ready that
    /// waits), playing its start cue.
    fn enter(&mut self, index: usize, at: Instant, effects: &mut Vec<Effect>) {
        if self.clock == Clock::Waiting
            && let Some(began) = self.pause_began.take()
        {
            self.paused_total += at.saturating_duration_since(began);
        }
        self.index = index;
        self.lead_in = None;
        self.load_step_cues();
        self.clock = Clock::Running {
            since: at,
            before: Duration::ZERO,
        };
        self.wait_if_warned(at);
        if let Some(cue) = entry_cue(self.step()) {
            effects.push(Effect::Cue(cue));
        }
    }

    /// A get-ready that is starting, of an exercise that hurt lately and whose warning is not
    /// answered yet, waits for the person instead of counting down.
    fn wait_if_warned(&mut self, at: Instant) {
        let step = self.step();
        if step.kind == StepKind::GetReady
            && self.lead_in.is_none()
            && step.exercise.is_some_and(|e| self.wait_at.contains(&e))
        {
            self.clock = Clock::Waiting;
            self.pause_began = Some(at);
        }
    }

    /// The warning at this get-ready is answered: it will not wait again in this session.
    fn answered_warning(&mut self) {
        if let Some(exercise) = self.step().exercise {
            self.wait_at.retain(|&e| e != exercise);
        }
    }

    /// The person went on from a waiting get-ready: its countdown starts now.
    fn start_countdown(&mut self, now: Instant) {
        self.answered_warning();
        if let Some(began) = self.pause_began.take() {
            self.paused_total += now.saturating_duration_since(began);
        }
        self.clock = Clock::Running {
            since: now,
            before: Duration::ZERO,
        };
    }

    /// Makes step `index` current, keeping the session running or paused as it is.
    fn jump(&mut self, index: usize, now: Instant, effects: &mut Vec<Effect>) {
        match self.clock {
            Clock::Running { .. } | Clock::Waiting => self.enter(index, now, effects),
            Clock::Paused { reason, .. } => {
                self.index = index;
                self.lead_in = None;
                self.load_step_cues();
                self.clock = Clock::Paused {
                    before: Duration::ZERO,
                    reason,
                };
            }
        }
    }

    /// Readies the current step to start from its beginning: the cues due inside it, in real
    /// time from its start, and no reps counted yet.
    fn load_step_cues(&mut self) {
        self.reps_done = 0;
        let step = *self.step();
        let second = Duration::from_secs(1) / self.speed;
        let secs = step.secs;
        let at = |routine_secs: u32| second * routine_secs;
        self.fired = 0;
        self.step_cues = match step.kind {
            StepKind::Hold { .. } | StepKind::Timed => (1..=3u32)
                .rev()
                .filter(|&left| left < secs)
                .map(|left| (at(secs - left), Cue::Countdown))
                .collect(),
            StepKind::Reps {
                count,
                secs_per_rep: Some(per),
            } => (1..count).map(|k| (at(k * per), Cue::Metronome)).collect(),
            StepKind::Rest | StepKind::RestBetween if secs > 3 => {
                vec![(at(secs - 3), Cue::RestOver)]
            }
            _ => Vec::new(),
        };
    }

    fn pause(&mut self, reason: PauseReason, now: Instant, effects: &mut Vec<Effect>) {
        self.clock = Clock::Paused {
            before: self.elapsed(now),
            reason,
        };
        self.pause_began = Some(now);
        effects.push(Effect::Log(Record::Paused { reason }));
    }

    fn resume(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        let Clock::Paused { before, .. } = self.clock else {
            return;
        };
        if let Some(began) = self.pause_began.take() {
            self.paused_total += now.saturating_duration_since(began);
        }
        self.clock = Clock::Running { since: now, before };
        if before.is_zero() {
            self.wait_if_warned(now);
        }
        effects.push(Effect::Log(Record::Resumed));
        // A step that had not begun (after skip, back or an interruption) starts now, with its cue.
        if before.is_zero()
            && let Some(cue) = entry_cue(self.step())
        {
            effects.push(Effect::Cue(cue));
        }
    }

    fn skip(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        if self.step().kind == StepKind::RestBetween {
            // Between exercises, the "next exercise" is the one this rest leads to.
            self.jump(self.index + 1, now, effects);
            return;
        }
        self.skip_exercise(now, effects);
    }

    /// Leaves the exercise the current step belongs to (in the rest before one, the exercise
    /// coming up, which a pain report there names), or the warm-up or cool-down, for what comes
    /// after it.
    fn skip_exercise(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        let step = *self.step();
        if let Some(exercise) = step.exercise
            && !self.completed.contains(&exercise)
            && !self.skipped.contains(&exercise)
        {
            self.skipped.push(exercise);
            effects.push(Effect::Log(Record::Skipped { exercise }));
        }
        let group = self.group_of(self.index);
        let target = (self.index..self.plan.steps.len())
            .find(|&i| self.group_of(i) != group)
            .map(|i| self.skip_rest_between(i));
        match target {
            Some(i) => self.jump(i, now, effects),
            None => self.finish(Outcome::Completed, now, effects),
        }
    }

    fn back(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        let group = self.group_of(self.index);
        let start = self.group_start(group);
        // "At its start": in the rest before the group, or on its first step and less than 2 s
        // into it. However long the rest has run, back must not jump forward past it.
        let at_start = self.index < start
            || (self.index == start
                && scale_up(self.elapsed(now), self.speed) < Duration::from_secs(2));
        let target = if at_start && group > 0 {
            self.group_start(group - 1)
        } else {
            start
        };
        self.jump(target, now, effects);
    }

    /// Steps are grouped: the warm-up, each exercise (with the rest before it), the cool-down.
    fn group_of(&self, index: usize) -> usize {
        let step = &self.plan.steps[index];
        match (step.kind, step.exercise) {
            (StepKind::Warmup, _) => 0,
            (StepKind::Cooldown, _) => self.routine.exercises.len() + 1,
            (_, Some(exercise)) => exercise + 1,
            (_, None) => 0,
        }
    }

    /// The first step of a group a person would call its start: past the rest before it.
    fn group_start(&self, group: usize) -> usize {
        let first = (0..self.plan.steps.len())
            .find(|&i| self.group_of(i) >= group)
            .unwrap_or(0);
        self.skip_rest_between(first)
    }

    fn skip_rest_between(&self, index: usize) -> usize {
        if self.plan.steps[index].kind == StepKind::RestBetween && index + 1 < self.plan.steps.len()
        {
            index + 1
        } else {
            index
        }
    }

    fn finish(&mut self, outcome: Outcome, at: Instant, effects: &mut Vec<Effect>) {
        if let Some(began) = self.pause_began.take() {
            self.paused_total += at.saturating_duration_since(began);
        }
        self.outcome = Some((outcome, at));
        if outcome == Outcome::Completed {
            effects.push(Effect::Cue(Cue::Complete));
        }
        effects.push(Effect::Log(Record::Ended {
            outcome,
            active: self.active(at),
        }));
    }
}

/// The cues an uninterrupted session of `routine` at `speed` plays, each with its time after the
/// start, as the session itself times them. Stops at a self-paced step, which waits for a key.
/// For the tools that check what a session sounds like (`examples/cue_plan.rs`, the capture
/// tests). `start` is any instant (the core reads no clock): only times after it are returned.
pub fn planned_cues(routine: &Routine, speed: u32, start: Instant) -> Vec<(Duration, Cue)> {
    let (mut session, mut effects) =
        Session::start(routine.clone(), Plan::new(routine), speed, start);
    let mut now = start;
    let mut cues = Vec::new();
    loop {
        cues.extend(effects.iter().filter_map(|effect| match effect {
            Effect::Cue(cue) => Some((now - start, *cue)),
            Effect::Log(_) => None,
        }));
        if session.is_finished() || session.view(now).status == Status::WaitingForDone {
            return cues;
        }
        let Some(deadline) = session.next_deadline(now) else {
            return cues;
        };
        now = deadline;
        effects = session.update(Msg::Tick, now);
    }
}

impl Step {
    /// A step where the person works: a hold, reps, a timed exercise or the warm-up.
    fn is_active(&self) -> bool {
        matches!(
            self.kind,
            StepKind::Hold { .. } | StepKind::Reps { .. } | StepKind::Timed | StepKind::Warmup
        )
    }
}

/// The cue that marks the start of a step, if it has one of its own.
fn entry_cue(step: &Step) -> Option<Cue> {
    match step.kind {
        StepKind::GetReady => Some(Cue::GetReady),
        StepKind::Hold { .. } | StepKind::Reps { .. } | StepKind::Timed | StepKind::Warmup => {
            Some(Cue::HoldStart)
        }
        StepKind::Switch => Some(Cue::Switch),
        StepKind::Rest | StepKind::RestBetween | StepKind::Cooldown => None,
    }
}

/// The pacer `secs` into a hold: steady breathing starts with a breath in; "exhale" starts by
/// breathing out into the stretch.
fn breathing(breath: Breath, secs: u64) -> Option<Breathing> {
    let cycle = BREATH_IN_SECS + BREATH_OUT_SECS;
    let t = secs % cycle;
    let (first, first_len, second) = match breath {
        Breath::None => return None,
        Breath::Steady => (BreathPhase::In, BREATH_IN_SECS, BreathPhase::Out),
        Breath::Exhale => (BreathPhase::Out, BREATH_OUT_SECS, BreathPhase::In),
    };
    Some(if t < first_len {
        Breathing {
            phase: first,
            secs_left: first_len - t,
        }
    } else {
        Breathing {
            phase: second,
            secs_left: cycle - t,
        }
    })
}

/// Real time to routine time.
fn scale_up(d: Duration, speed: u32) -> Duration {
    d * speed
}

/// Whole seconds, rounded up: a countdown shows 10 until the last moment of the tenth second.
fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests;
