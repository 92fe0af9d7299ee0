//! Unit tests of the session engine, driven with explicit instants: no test sleeps or waits.
//!
//! `drive` plays the app's loop (sleep until `next_deadline`, then tick) without sleeping, so a
//! whole routine runs in microseconds and every effect carries the instant it was emitted at.

use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use proptest::prelude::*;

use super::*;
use crate::core::plan::Side;
use crate::core::routine::{
    DEFAULT_SAFETY, Dosage, Exercise, Hold, Place, Reps, Sides, Stage, Timed,
};

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn millis(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A routine from the fields that follow `schema`, `id` and `title` in its JSON.
fn routine(fields: &str) -> Routine {
    let text = format!(r#"{{"schema": 1, "id": "t", "title": "T", {fields}}}"#);
    Routine::from_json(&text, "t.json").unwrap_or_else(|e| panic!("{e}"))
}

/// One exercise's JSON with the given dose, such as `"timed": {"secs": 5}`.
fn exercise(id: &str, dose: &str) -> String {
    format!(r#"{{"id": "{id}", "name": "{id}", "cues": ["x"], {dose}}}"#)
}

/// Starts a session on `routine` at `t0`, at normal speed.
fn start(routine: Routine, t0: Instant) -> (Session, Vec<Effect>) {
    start_at_speed(routine, 1, t0)
}

fn start_at_speed(routine: Routine, speed: u32, t0: Instant) -> (Session, Vec<Effect>) {
    let plan = Plan::new(&routine);
    Session::start(routine, plan, speed, t0)
}

fn cue(cue: Cue) -> Effect {
    Effect::Cue(cue)
}

fn log(record: Record) -> Effect {
    Effect::Log(record)
}

/// A step that ran exactly its planned `n` seconds.
fn done(step: usize, n: u64) -> Effect {
    log(Record::StepDone {
        step,
        planned: secs(n),
        actual: secs(n),
    })
}

fn ended(outcome: Outcome, active: Duration) -> Effect {
    log(Record::Ended { outcome, active })
}

fn paused(reason: PauseReason) -> Effect {
    log(Record::Paused { reason })
}

/// Plays the app's loop from `from` to `until`: wait for each deadline, then tick at it. Returns
/// every effect with the time since `t0` at which it was emitted. Stops early when the session is
/// paused or finished (no deadline).
fn drive(s: &mut Session, t0: Instant, from: Instant, until: Instant) -> Vec<(Duration, Effect)> {
    let mut now = from;
    let mut out = Vec::new();
    for _ in 0..1_000_000 {
        let Some(t) = s.next_deadline(now) else {
            return out;
        };
        if t > until {
            return out;
        }
        assert!(
            t > now,
            "a deadline at or before now after a tick: {t:?} <= {now:?}"
        );
        now = t;
        out.extend(s.update(Msg::Tick, now).into_iter().map(|e| (now - t0, e)));
    }
    panic!("the session never stopped asking for ticks");
}

/// Sends `msg` at `now` and returns its effects with the time since `t0`, like `drive` does.
fn send(s: &mut Session, msg: Msg, t0: Instant, now: Instant) -> Vec<(Duration, Effect)> {
    s.update(msg, now)
        .into_iter()
        .map(|e| (now - t0, e))
        .collect()
}

/// Only the cues of a log.
fn cues(log: &[(Duration, Effect)]) -> Vec<(Duration, Cue)> {
    log.iter()
        .filter_map(|&(at, e)| match e {
            Effect::Cue(c) => Some((at, c)),
            Effect::Log(_) => None,
        })
        .collect()
}

/// Only the records of a log, leaving out `StepDone`.
fn records(log: &[(Duration, Effect)]) -> Vec<(Duration, Record)> {
    log.iter()
        .filter_map(|&(at, e)| match e {
            Effect::Log(Record::StepDone { .. }) | Effect::Cue(_) => None,
            Effect::Log(r) => Some((at, r)),
        })
        .collect()
}

/// Get ready 5, two 10 s holds with a 5 s rest, a 10 s rest between, get ready 5, timed 8,
/// cool-down 6.
///
/// Steps: 0 get ready 0-5, 1 hold 5-15, 2 rest 15-20, 3 hold 20-30, 4 rest between 30-40,
/// 5 get ready 40-45, 6 timed 45-53, 7 cool-down 53-59.
fn hold_then_timed() -> Routine {
    routine(&format!(
        r#""lead_in_secs": 5, "rest_between_secs": 10, "cooldown": {{"name": "Cool", "secs": 6}},
           "exercises": [{}, {}]"#,
        exercise(
            "a",
            r#""hold": {"secs": 10, "reps": 2, "rest_secs": 5, "breath": "none"}"#
        ),
        exercise("b", r#""timed": {"secs": 8}"#),
    ))
}

/// Warm-up 10, then `hold_then_timed`'s exercises and a cool-down of 10.
///
/// Steps: 0 warm-up 0-10, 1 get ready a 10-15, 2 hold 15-25, 3 rest 25-30, 4 hold 30-40,
/// 5 rest between 40-50, 6 get ready b 50-55, 7 timed 55-75, 8 cool-down 75-85.
fn with_warmup() -> Routine {
    routine(&format!(
        r#""lead_in_secs": 5, "rest_between_secs": 10,
           "warmup": {{"name": "Warm", "secs": 10}}, "cooldown": {{"name": "Cool", "secs": 10}},
           "exercises": [{}, {}]"#,
        exercise(
            "a",
            r#""hold": {"secs": 10, "reps": 2, "rest_secs": 5, "breath": "none"}"#
        ),
        exercise("b", r#""timed": {"secs": 20}"#),
    ))
}

/// A small routine with every timed phase and both sides.
///
/// Steps: 0 warm-up 0-4, 1 get ready 4-7, 2 hold left 7-12, 3 switch 12-14, 4 hold right 14-19,
/// 5 rest between 19-25, 6 get ready 25-28, 7 paced reps 28-34, 8 cool-down 34-39.
fn small_with_sides() -> Routine {
    routine(&format!(
        r#""lead_in_secs": 3, "rest_between_secs": 6,
           "warmup": {{"name": "Warm", "secs": 4}}, "cooldown": {{"name": "Cool", "secs": 5}},
           "exercises": [{}, {}]"#,
        exercise(
            "a",
            r#""hold": {"secs": 5, "sides": "both", "switch_secs": 2, "breath": "none"}"#
        ),
        exercise("b", r#""reps": {"count": 3, "secs_per_rep": 2}"#),
    ))
}

/// Self-paced reps, then (after a 10 s rest between, no lead-in) a 10 s hold.
///
/// Steps: 0 self-paced reps (estimated 20 s), 1 rest between 10, 2 hold 10.
fn self_paced_then_hold() -> Routine {
    routine(&format!(
        r#""lead_in_secs": 0, "rest_between_secs": 10, "exercises": [{}, {}]"#,
        exercise("a", r#""reps": {"count": 5}"#),
        exercise("b", r#""hold": {"secs": 10, "breath": "none"}"#),
    ))
}

/// One hold of `secs` with the given breath, nothing else.
fn one_hold(secs: u32, breath: &str) -> Routine {
    routine(&format!(
        r#""lead_in_secs": 0, "exercises": [{}]"#,
        exercise(
            "a",
            &format!(r#""hold": {{"secs": {secs}, "breath": "{breath}"}}"#)
        ),
    ))
}

// --- Every phase, in order ---

/// Starting logs `Started` and plays the first step's start cue: the warm-up starts like a hold.
#[test]
fn start_logs_started_and_plays_the_warmup_start_cue() {
    let t0 = Instant::now();
    let (s, effects) = start(with_warmup(), t0);
    assert_eq!(effects, vec![log(Record::Started), cue(Cue::HoldStart)]);
    let view = s.view(t0);
    assert_eq!(
        (view.status, view.step.kind, view.clock_secs),
        (Status::Running, StepKind::Warmup, 10)
    );
}

/// The end of the warm-up plays the get-ready cue (the next step's own cue), not hold-end.
#[test]
fn warmup_end_plays_get_ready_not_hold_end() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    assert_eq!(
        drive(&mut s, t0, t0, t0 + secs(10)),
        vec![(secs(10), done(0, 10)), (secs(10), cue(Cue::GetReady))]
    );
    assert_eq!(s.view(t0 + secs(10)).step.kind, StepKind::GetReady);
}

/// The get-ready lead-in runs its length and ends into the hold with the hold-start cue.
#[test]
fn get_ready_end_plays_hold_start() {
    let t0 = Instant::now();
    let (mut s, effects) = start(hold_then_timed(), t0);
    assert_eq!(effects, vec![log(Record::Started), cue(Cue::GetReady)]);
    assert_eq!(
        drive(&mut s, t0, t0, t0 + secs(5)),
        vec![(secs(5), done(0, 5)), (secs(5), cue(Cue::HoldStart))]
    );
}

/// A hold counts down with one tick at 3, 2 and 1 seconds left, and nothing before.
#[test]
fn hold_countdown_ticks_at_three_two_and_one_seconds_left() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(5));
    assert_eq!(
        drive(&mut s, t0, t0 + secs(5), t0 + secs(14)),
        vec![
            (secs(12), cue(Cue::Countdown)),
            (secs(13), cue(Cue::Countdown)),
            (secs(14), cue(Cue::Countdown)),
        ]
    );
}

/// When a hold expires it logs the step, plays hold-end (a rest has no cue of its own) and rests.
#[test]
fn hold_expiry_plays_end_cue_and_starts_rest() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(14));
    assert_eq!(
        s.update(Msg::Tick, t0 + secs(15)),
        vec![done(1, 10), cue(Cue::HoldEnd)]
    );
    let view = s.view(t0 + secs(15));
    assert_eq!((view.step.kind, view.clock_secs), (StepKind::Rest, 5));
}

/// A rest between reps warns 3 s before it ends, then the next hold starts with its own cue.
#[test]
fn rest_warns_three_seconds_before_it_ends_then_the_hold_starts() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(15));
    assert_eq!(
        drive(&mut s, t0, t0 + secs(15), t0 + secs(20)),
        vec![
            (secs(17), cue(Cue::RestOver)),
            (secs(20), done(2, 5)),
            (secs(20), cue(Cue::HoldStart)),
        ]
    );
}

/// The rest between exercises follows hold-end, warns 3 s before its end and leads to get-ready.
#[test]
fn rest_between_exercises_ends_into_the_next_get_ready() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(29));
    assert_eq!(
        drive(&mut s, t0, t0 + secs(29), t0 + secs(40)),
        vec![
            (secs(30), done(3, 10)),
            (secs(30), cue(Cue::HoldEnd)),
            (secs(37), cue(Cue::RestOver)),
            (secs(40), done(4, 10)),
            (secs(40), cue(Cue::GetReady)),
        ]
    );
    let view = s.view(t0 + secs(40));
    assert_eq!(
        (view.step.kind, view.step.exercise),
        (StepKind::GetReady, Some(1))
    );
}

/// A timed exercise starts, counts down like a hold and ends with hold-end into the cool-down.
#[test]
fn timed_exercise_counts_down_and_ends_into_the_cooldown() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(44));
    assert_eq!(
        drive(&mut s, t0, t0 + secs(44), t0 + secs(53)),
        vec![
            (secs(45), done(5, 5)),
            (secs(45), cue(Cue::HoldStart)),
            (secs(50), cue(Cue::Countdown)),
            (secs(51), cue(Cue::Countdown)),
            (secs(52), cue(Cue::Countdown)),
            (secs(53), done(6, 8)),
            (secs(53), cue(Cue::HoldEnd)),
        ]
    );
    assert_eq!(s.view(t0 + secs(53)).step.kind, StepKind::Cooldown);
}

/// The cool-down's end completes the session: complete cue, then the `Ended` record.
#[test]
fn cooldown_end_completes_the_session() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(58));
    assert_eq!(
        drive(&mut s, t0, t0 + secs(58), t0 + secs(1000)),
        vec![
            (secs(59), done(7, 6)),
            (secs(59), cue(Cue::Complete)),
            (secs(59), ended(Outcome::Completed, secs(59))),
        ]
    );
    assert!(s.is_finished());
    let view = s.view(t0 + secs(59));
    assert_eq!(
        (view.status, view.next, view.session_left_secs),
        (Status::Finished(Outcome::Completed), None, 0)
    );
    assert_eq!(s.next_deadline(t0 + secs(59)), None);
}

/// Without a cool-down, the last hold's end completes the session with no hold-end cue.
#[test]
fn last_exercise_end_completes_without_hold_end_when_there_is_no_cooldown() {
    let t0 = Instant::now();
    let (mut s, _) = start(one_hold(10, "none"), t0);
    assert_eq!(
        drive(&mut s, t0, t0, t0 + secs(100)),
        vec![
            (secs(7), cue(Cue::Countdown)),
            (secs(8), cue(Cue::Countdown)),
            (secs(9), cue(Cue::Countdown)),
            (secs(10), done(0, 10)),
            (secs(10), cue(Cue::Complete)),
            (secs(10), ended(Outcome::Completed, secs(10))),
        ]
    );
}

/// Holds shorter than 4 s count down only the seconds after their start; rests of 3 s or less
/// have no rest-over warning (it would fall on or before their start).
#[test]
fn short_holds_and_rests_leave_out_cues_that_would_fall_on_their_start() {
    let t0 = Instant::now();
    let r = routine(&format!(
        r#""lead_in_secs": 0, "exercises": [{}]"#,
        exercise(
            "a",
            r#""hold": {"secs": 2, "reps": 2, "rest_secs": 3, "breath": "none"}"#
        ),
    ));
    let (mut s, _) = start(r, t0);
    assert_eq!(
        cues(&drive(&mut s, t0, t0, t0 + secs(100))),
        vec![
            (secs(1), Cue::Countdown),
            (secs(2), Cue::HoldEnd),
            (secs(5), Cue::HoldStart),
            (secs(6), Cue::Countdown),
            (secs(7), Cue::Complete),
        ]
    );
}

/// Changing sides plays the switch cue (not hold-end), then hold-start for the right side.
#[test]
fn switch_sides_plays_switch_then_hold_start_for_the_other_side() {
    let t0 = Instant::now();
    let (mut s, _) = start(small_with_sides(), t0);
    drive(&mut s, t0, t0, t0 + secs(11));
    assert_eq!(
        drive(&mut s, t0, t0 + secs(11), t0 + secs(14)),
        vec![
            (secs(12), done(2, 5)),
            (secs(12), cue(Cue::Switch)),
            (secs(14), done(3, 2)),
            (secs(14), cue(Cue::HoldStart)),
        ]
    );
    let view = s.view(t0 + secs(14));
    assert_eq!(
        (view.step.kind, view.step.side),
        (
            StepKind::Hold {
                breath: Breath::None
            },
            Some(Side::Right)
        )
    );
}

/// Sets repeat both sides after a rest: left, switch, right, rest, left, switch, right.
#[test]
fn sets_repeat_both_sides_after_a_rest() {
    let t0 = Instant::now();
    let r = routine(&format!(
        r#""lead_in_secs": 0, "exercises": [{}]"#,
        exercise(
            "a",
            r#""hold": {"secs": 5, "sets": 2, "sides": "both", "switch_secs": 2, "rest_secs": 4,
                        "breath": "none"}"#
        ),
    ));
    let (mut s, _) = start(r, t0);
    // (time, title, side, set) of each step as it begins.
    let mut visited = Vec::new();
    let mut log = Vec::new();
    let mut now = t0;
    let mut index = None;
    while let Some(t) = s.next_deadline(now) {
        let view = s.view(now);
        if index != Some(view.step_index) {
            index = Some(view.step_index);
            let step = view.step;
            visited.push((now - t0, step.title(), step.side, step.set.map(|c| c.n)));
        }
        now = t;
        log.extend(send(&mut s, Msg::Tick, t0, now));
    }
    assert_eq!(
        visited,
        vec![
            (secs(0), "Hold", Some(Side::Left), Some(1)),
            (secs(5), "Switch sides", Some(Side::Right), Some(1)),
            (secs(7), "Hold", Some(Side::Right), Some(1)),
            (secs(12), "Rest", Some(Side::Left), Some(2)),
            (secs(16), "Hold", Some(Side::Left), Some(2)),
            (secs(21), "Switch sides", Some(Side::Right), Some(2)),
            (secs(23), "Hold", Some(Side::Right), Some(2)),
        ]
    );
    assert_eq!(
        cues(&log),
        vec![
            (secs(2), Cue::Countdown),
            (secs(3), Cue::Countdown),
            (secs(4), Cue::Countdown),
            (secs(5), Cue::Switch),
            (secs(7), Cue::HoldStart),
            (secs(9), Cue::Countdown),
            (secs(10), Cue::Countdown),
            (secs(11), Cue::Countdown),
            (secs(12), Cue::HoldEnd),
            (secs(13), Cue::RestOver),
            (secs(16), Cue::HoldStart),
            (secs(18), Cue::Countdown),
            (secs(19), Cue::Countdown),
            (secs(20), Cue::Countdown),
            (secs(21), Cue::Switch),
            (secs(23), Cue::HoldStart),
            (secs(25), Cue::Countdown),
            (secs(26), Cue::Countdown),
            (secs(27), Cue::Countdown),
            (secs(28), Cue::Complete),
        ]
    );
}

/// Metronome-paced reps beat at each boundary between reps, then end with hold-end.
#[test]
fn paced_reps_beat_the_metronome_at_each_rep_boundary() {
    let t0 = Instant::now();
    let r = routine(&format!(
        r#""lead_in_secs": 0, "cooldown": {{"name": "Cool", "secs": 3}}, "exercises": [{}]"#,
        exercise("a", r#""reps": {"count": 4, "secs_per_rep": 2}"#),
    ));
    let (mut s, effects) = start(r, t0);
    assert_eq!(effects, vec![log(Record::Started), cue(Cue::HoldStart)]);
    assert_eq!(
        drive(&mut s, t0, t0, t0 + secs(8)),
        vec![
            (secs(2), cue(Cue::Metronome)),
            (secs(4), cue(Cue::Metronome)),
            (secs(6), cue(Cue::Metronome)),
            (secs(8), done(0, 8)),
            (secs(8), cue(Cue::HoldEnd)),
        ]
    );
}

/// Self-paced reps never end by themselves: an hour of ticks does nothing, the clock counts up
/// and the deadline keeps coming each second so the count-up is redrawn.
#[test]
fn self_paced_reps_wait_for_done_and_never_end_by_themselves() {
    let t0 = Instant::now();
    let (mut s, effects) = start(self_paced_then_hold(), t0);
    assert_eq!(effects, vec![log(Record::Started), cue(Cue::HoldStart)]);
    assert_eq!(s.view(t0).status, Status::WaitingForDone);
    assert_eq!(s.next_deadline(t0), Some(t0 + secs(1)));
    assert_eq!(s.next_deadline(t0 + millis(2500)), Some(t0 + secs(3)));
    assert_eq!(drive(&mut s, t0, t0, t0 + secs(3600)), vec![]);
    let view = s.view(t0 + secs(3600));
    assert_eq!(
        (view.status, view.step_index, view.clock_secs),
        (Status::WaitingForDone, 0, 3600)
    );
    assert_eq!(s.next_deadline(t0 + secs(3600)), Some(t0 + secs(3601)));
}

/// "Done" ends self-paced reps with the time they really took, plays hold-end into the rest
/// between, and the rest is timed from that moment.
#[test]
fn done_ends_self_paced_reps_and_logs_the_time_they_took() {
    let t0 = Instant::now();
    let (mut s, _) = start(self_paced_then_hold(), t0);
    drive(&mut s, t0, t0, t0 + secs(25));
    assert_eq!(
        s.update(Msg::Done, t0 + secs(25)),
        vec![
            log(Record::StepDone {
                step: 0,
                planned: secs(20),
                actual: secs(25)
            }),
            cue(Cue::HoldEnd),
        ]
    );
    assert_eq!(
        drive(&mut s, t0, t0 + secs(25), t0 + secs(35)),
        vec![
            (secs(32), cue(Cue::RestOver)),
            (secs(35), done(1, 10)),
            (secs(35), cue(Cue::HoldStart)),
        ]
    );
}

/// "Done" means nothing outside self-paced reps, nor while self-paced reps are paused.
#[test]
fn done_is_ignored_on_timed_steps_and_while_paused() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    assert_eq!(s.update(Msg::Done, t0 + secs(2)), vec![]);
    assert_eq!(
        s.update(Msg::Done, t0 + secs(7)),
        vec![done(0, 5), cue(Cue::HoldStart)]
    );
    assert_eq!(s.update(Msg::Done, t0 + secs(8)), vec![]);
    assert_eq!(s.view(t0 + secs(8)).step_index, 1);

    let (mut s, _) = start(self_paced_then_hold(), t0);
    s.update(Msg::TogglePause, t0 + secs(3));
    assert_eq!(s.update(Msg::Done, t0 + secs(4)), vec![]);
    assert_eq!(
        s.view(t0 + secs(4)).status,
        Status::Paused(PauseReason::User)
    );
}

/// The whole of a routine, untouched: every step logged in order and every cue, each at its
/// instant, ending exactly at the planned total.
#[test]
fn a_whole_routine_logs_every_step_and_cue_in_order() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    assert_eq!(
        drive(&mut s, t0, t0, t0 + secs(1000)),
        vec![
            (secs(5), done(0, 5)),
            (secs(5), cue(Cue::HoldStart)),
            (secs(12), cue(Cue::Countdown)),
            (secs(13), cue(Cue::Countdown)),
            (secs(14), cue(Cue::Countdown)),
            (secs(15), done(1, 10)),
            (secs(15), cue(Cue::HoldEnd)),
            (secs(17), cue(Cue::RestOver)),
            (secs(20), done(2, 5)),
            (secs(20), cue(Cue::HoldStart)),
            (secs(27), cue(Cue::Countdown)),
            (secs(28), cue(Cue::Countdown)),
            (secs(29), cue(Cue::Countdown)),
            (secs(30), done(3, 10)),
            (secs(30), cue(Cue::HoldEnd)),
            (secs(37), cue(Cue::RestOver)),
            (secs(40), done(4, 10)),
            (secs(40), cue(Cue::GetReady)),
            (secs(45), done(5, 5)),
            (secs(45), cue(Cue::HoldStart)),
            (secs(50), cue(Cue::Countdown)),
            (secs(51), cue(Cue::Countdown)),
            (secs(52), cue(Cue::Countdown)),
            (secs(53), done(6, 8)),
            (secs(53), cue(Cue::HoldEnd)),
            (secs(59), done(7, 6)),
            (secs(59), cue(Cue::Complete)),
            (secs(59), ended(Outcome::Completed, secs(59))),
        ]
    );
}

// --- Cue schedules ---

/// The exact (time, cue) schedule of a small routine with sides, run uninterrupted.
#[test]
fn cue_schedule_of_an_uninterrupted_routine_with_sides() {
    let t0 = Instant::now();
    let (mut s, effects) = start(small_with_sides(), t0);
    let mut log: Vec<(Duration, Effect)> = effects.into_iter().map(|e| (secs(0), e)).collect();
    log.extend(drive(&mut s, t0, t0, t0 + secs(1000)));
    assert_eq!(
        cues(&log),
        vec![
            (secs(0), Cue::HoldStart),
            (secs(4), Cue::GetReady),
            (secs(7), Cue::HoldStart),
            (secs(9), Cue::Countdown),
            (secs(10), Cue::Countdown),
            (secs(11), Cue::Countdown),
            (secs(12), Cue::Switch),
            (secs(14), Cue::HoldStart),
            (secs(16), Cue::Countdown),
            (secs(17), Cue::Countdown),
            (secs(18), Cue::Countdown),
            (secs(19), Cue::HoldEnd),
            (secs(22), Cue::RestOver),
            (secs(25), Cue::GetReady),
            (secs(28), Cue::HoldStart),
            (secs(30), Cue::Metronome),
            (secs(32), Cue::Metronome),
            (secs(34), Cue::HoldEnd),
            (secs(39), Cue::Complete),
        ]
    );
    assert_eq!(
        records(&log),
        vec![
            (secs(0), Record::Started),
            (
                secs(39),
                Record::Ended {
                    outcome: Outcome::Completed,
                    active: secs(39)
                }
            ),
        ]
    );
}

/// The same routine with a 30 s pause in the right-side hold and two skips later: the hold
/// resumes with its time left, the rest between is cut short without a skip record, the reps
/// are skipped into the cool-down, and the pause does not count as active.
#[test]
fn cue_schedule_with_a_pause_and_skips_in_the_middle() {
    let t0 = Instant::now();
    let (mut s, _) = start(small_with_sides(), t0);
    let mut log = drive(&mut s, t0, t0, t0 + millis(15_500));
    log.extend(send(&mut s, Msg::TogglePause, t0, t0 + millis(15_500)));
    log.extend(drive(&mut s, t0, t0 + millis(15_500), t0 + millis(45_500)));
    log.extend(send(&mut s, Msg::TogglePause, t0, t0 + millis(45_500)));
    log.extend(drive(&mut s, t0, t0 + millis(45_500), t0 + secs(53)));
    log.extend(send(&mut s, Msg::Skip, t0, t0 + secs(53)));
    log.extend(drive(&mut s, t0, t0 + secs(53), t0 + secs(59)));
    log.extend(send(&mut s, Msg::Skip, t0, t0 + secs(59)));
    log.extend(drive(&mut s, t0, t0 + secs(59), t0 + secs(1000)));
    assert_eq!(
        cues(&log),
        vec![
            (secs(4), Cue::GetReady),
            (secs(7), Cue::HoldStart),
            (secs(9), Cue::Countdown),
            (secs(10), Cue::Countdown),
            (secs(11), Cue::Countdown),
            (secs(12), Cue::Switch),
            (secs(14), Cue::HoldStart),
            // paused 15.5 to 45.5 with 1.5 s of the 5 s hold done
            (secs(46), Cue::Countdown),
            (secs(47), Cue::Countdown),
            (secs(48), Cue::Countdown),
            (secs(49), Cue::HoldEnd),
            (secs(52), Cue::RestOver),
            (secs(53), Cue::GetReady),
            (secs(56), Cue::HoldStart),
            (secs(58), Cue::Metronome),
            (secs(64), Cue::Complete),
        ]
    );
    assert_eq!(
        records(&log),
        vec![
            (
                millis(15_500),
                Record::Paused {
                    reason: PauseReason::User
                }
            ),
            (millis(45_500), Record::Resumed),
            (secs(59), Record::Skipped { exercise: 1 }),
            (
                secs(64),
                Record::Ended {
                    outcome: Outcome::Completed,
                    active: secs(34)
                }
            ),
        ]
    );
}

// --- Pause ---

/// While paused the clock shows the same second however long the pause, there is no deadline,
/// and resuming picks up with the same time left.
#[test]
fn pause_freezes_the_clock_and_resume_keeps_the_time_left() {
    let t0 = Instant::now();
    let (mut s, _) = start(one_hold(10, "none"), t0);
    assert_eq!(
        s.update(Msg::TogglePause, t0 + millis(3500)),
        vec![paused(PauseReason::User)]
    );
    for later in [millis(3500), secs(4), secs(60), secs(3600)] {
        let view = s.view(t0 + later);
        assert_eq!(
            (view.status, view.clock_secs),
            (Status::Paused(PauseReason::User), 7)
        );
        assert_eq!(s.next_deadline(t0 + later), None);
    }
    assert_eq!(s.update(Msg::Tick, t0 + secs(3600)), vec![]);
    assert_eq!(
        s.update(Msg::TogglePause, t0 + secs(100)),
        vec![log(Record::Resumed)]
    );
    assert_eq!(s.next_deadline(t0 + secs(100)), Some(t0 + millis(100_500)));
    assert_eq!(s.view(t0 + secs(100)).clock_secs, 7);
    assert_eq!(
        drive(&mut s, t0, t0 + secs(100), t0 + secs(1000)),
        vec![
            (millis(103_500), cue(Cue::Countdown)),
            (millis(104_500), cue(Cue::Countdown)),
            (millis(105_500), cue(Cue::Countdown)),
            (millis(106_500), done(0, 10)),
            (millis(106_500), cue(Cue::Complete)),
            (millis(106_500), ended(Outcome::Completed, secs(10))),
        ]
    );
}

/// Time paused never counts as active, over several pauses, while paused and at the end.
#[test]
fn paused_time_never_counts_as_active() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(2));
    s.update(Msg::TogglePause, t0 + secs(2));
    assert_eq!(s.active(t0 + secs(50)), secs(2));
    assert_eq!(s.view(t0 + secs(50)).active, secs(2));
    s.update(Msg::TogglePause, t0 + secs(50));
    assert_eq!(s.active(t0 + secs(51)), secs(3));
    drive(&mut s, t0, t0 + secs(50), t0 + secs(60));
    s.update(Msg::TogglePause, t0 + secs(60));
    s.update(Msg::TogglePause, t0 + secs(70));
    drive(&mut s, t0, t0 + secs(70), t0 + secs(75));
    assert_eq!(s.active(t0 + secs(75)), secs(17));
    drive(&mut s, t0, t0 + secs(75), t0 + secs(80));
    assert_eq!(
        s.update(Msg::Quit, t0 + secs(80)),
        vec![ended(Outcome::Stopped, secs(22))]
    );
    assert_eq!(s.active(t0 + secs(500)), secs(22));
}

// --- Skip and back ---

/// Skipping the warm-up goes to the first exercise's get-ready, logging no skip; the get-ready
/// is timed from the skip.
#[test]
fn skip_during_warmup_goes_to_the_first_get_ready() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    assert_eq!(s.update(Msg::Skip, t0 + secs(3)), vec![cue(Cue::GetReady)]);
    let view = s.view(t0 + secs(3));
    assert_eq!(
        (view.step_index, view.clock_secs, view.skipped),
        (1, 5, &[][..])
    );
    assert_eq!(
        s.update(Msg::Tick, t0 + secs(8)),
        vec![done(1, 5), cue(Cue::HoldStart)]
    );
}

/// Skipping mid-exercise logs the skip and goes to the next exercise's get-ready, past the
/// rest between.
#[test]
fn skip_mid_exercise_logs_skipped_and_goes_to_the_next_get_ready() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    drive(&mut s, t0, t0, t0 + secs(27));
    assert_eq!(
        s.update(Msg::Skip, t0 + secs(27)),
        vec![log(Record::Skipped { exercise: 0 }), cue(Cue::GetReady)]
    );
    let view = s.view(t0 + secs(27));
    assert_eq!(
        (view.step_index, view.step.kind, view.skipped),
        (6, StepKind::GetReady, &[0][..])
    );
}

/// Skipping during a rest between goes to the get-ready of the exercise it leads to, and is not
/// a skip of that exercise.
#[test]
fn skip_during_rest_between_goes_to_its_get_ready_without_a_skip_record() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    drive(&mut s, t0, t0, t0 + secs(45));
    assert_eq!(s.view(t0 + secs(45)).step.kind, StepKind::RestBetween);
    assert_eq!(s.update(Msg::Skip, t0 + secs(45)), vec![cue(Cue::GetReady)]);
    let view = s.view(t0 + secs(45));
    assert_eq!((view.step_index, view.skipped), (6, &[][..]));
}

/// Skipping the last exercise goes to the cool-down (which has no start cue).
#[test]
fn skip_in_the_last_exercise_goes_to_the_cooldown() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    drive(&mut s, t0, t0, t0 + secs(60));
    assert_eq!(
        s.update(Msg::Skip, t0 + secs(60)),
        vec![log(Record::Skipped { exercise: 1 })]
    );
    let view = s.view(t0 + secs(60));
    assert_eq!((view.step.kind, view.clock_secs), (StepKind::Cooldown, 10));
}

/// Skipping the cool-down completes the session there and then.
#[test]
fn skip_in_the_cooldown_completes() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    drive(&mut s, t0, t0, t0 + secs(80));
    assert_eq!(
        s.update(Msg::Skip, t0 + secs(80)),
        vec![cue(Cue::Complete), ended(Outcome::Completed, secs(80))]
    );
    assert_eq!(
        s.view(t0 + secs(80)).status,
        Status::Finished(Outcome::Completed)
    );
}

/// Without a cool-down, skipping the last exercise completes the session.
#[test]
fn skip_in_the_last_exercise_without_cooldown_completes() {
    let t0 = Instant::now();
    let (mut s, _) = start(one_hold(10, "none"), t0);
    assert_eq!(
        s.update(Msg::Skip, t0 + secs(4)),
        vec![
            log(Record::Skipped { exercise: 0 }),
            cue(Cue::Complete),
            ended(Outcome::Completed, secs(4)),
        ]
    );
}

/// Back in the middle of an exercise returns to its get-ready, timed afresh.
#[test]
fn back_mid_exercise_returns_to_its_get_ready() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    drive(&mut s, t0, t0, t0 + secs(33));
    assert_eq!(s.update(Msg::Back, t0 + secs(33)), vec![cue(Cue::GetReady)]);
    let view = s.view(t0 + secs(33));
    assert_eq!((view.step_index, view.clock_secs), (1, 5));
}

/// Back later than 2 s into an exercise's get-ready restarts that exercise.
#[test]
fn back_after_two_seconds_restarts_the_same_exercise() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    drive(&mut s, t0, t0, t0 + secs(53));
    assert_eq!(s.update(Msg::Back, t0 + secs(53)), vec![cue(Cue::GetReady)]);
    let view = s.view(t0 + secs(53));
    assert_eq!((view.step_index, view.clock_secs), (6, 5));
}

/// Back within 2 s of an exercise's start goes to the previous exercise's start.
#[test]
fn back_within_two_seconds_of_the_start_goes_to_the_previous_exercise() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    drive(&mut s, t0, t0, t0 + secs(51));
    assert_eq!(
        s.update(Msg::Back, t0 + millis(51_900)),
        vec![cue(Cue::GetReady)]
    );
    assert_eq!(s.view(t0 + millis(51_900)).step_index, 1);
    // At the first exercise's start, back goes to the warm-up.
    assert_eq!(
        s.update(Msg::Back, t0 + secs(52)),
        vec![cue(Cue::HoldStart)]
    );
    assert_eq!(s.view(t0 + secs(52)).step.kind, StepKind::Warmup);
}

/// Back within 2 s of the cool-down's start goes to the last exercise's start.
#[test]
fn back_at_the_cooldown_start_goes_to_the_last_exercise() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    drive(&mut s, t0, t0, t0 + secs(76));
    assert_eq!(s.update(Msg::Back, t0 + secs(76)), vec![cue(Cue::GetReady)]);
    let view = s.view(t0 + secs(76));
    assert_eq!((view.step_index, view.step.exercise), (6, Some(1)));
}

/// Back during a rest between exercises never jumps forward: it goes to the start of the exercise
/// just done, however far into the rest.
#[test]
fn back_during_rest_between_goes_to_the_exercise_just_done() {
    for at in [secs(41), secs(45), secs(49)] {
        let t0 = Instant::now();
        let (mut s, _) = start(with_warmup(), t0);
        drive(&mut s, t0, t0, t0 + at);
        assert_eq!(s.view(t0 + at).step.kind, StepKind::RestBetween);
        assert_eq!(s.update(Msg::Back, t0 + at), vec![cue(Cue::GetReady)]);
        let view = s.view(t0 + at);
        assert_eq!(
            (view.step_index, view.step.exercise),
            (1, Some(0)),
            "back at {at:?}"
        );
    }
}

/// Back at the very start of the first exercise (no warm-up) stays there, restarting it.
#[test]
fn back_on_the_first_exercise_at_its_start_stays() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    assert_eq!(s.update(Msg::Back, t0 + secs(1)), vec![cue(Cue::GetReady)]);
    let view = s.view(t0 + secs(1));
    assert_eq!((view.step_index, view.clock_secs), (0, 5));
    assert_eq!(s.next_deadline(t0 + secs(1)), Some(t0 + secs(2)));
}

/// Skip and back while paused move without starting the clock; resuming plays the new step's
/// start cue and times it from the resume.
#[test]
fn skip_and_back_while_paused_stay_paused_and_resume_plays_the_start_cue() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    drive(&mut s, t0, t0, t0 + secs(20));
    s.update(Msg::TogglePause, t0 + secs(20));
    assert_eq!(
        s.update(Msg::Skip, t0 + secs(25)),
        vec![log(Record::Skipped { exercise: 0 })]
    );
    let view = s.view(t0 + secs(30));
    assert_eq!(
        (view.status, view.step_index, view.clock_secs),
        (Status::Paused(PauseReason::User), 6, 5)
    );
    assert_eq!(s.next_deadline(t0 + secs(30)), None);

    assert_eq!(s.update(Msg::Back, t0 + secs(31)), vec![]);
    let view = s.view(t0 + secs(35));
    assert_eq!(
        (view.status, view.step_index, view.clock_secs),
        (Status::Paused(PauseReason::User), 1, 5)
    );

    assert_eq!(
        s.update(Msg::TogglePause, t0 + secs(40)),
        vec![log(Record::Resumed), cue(Cue::GetReady)]
    );
    assert_eq!(
        drive(&mut s, t0, t0 + secs(40), t0 + secs(45)),
        vec![(secs(45), done(1, 5)), (secs(45), cue(Cue::HoldStart))]
    );
    assert_eq!(s.active(t0 + secs(45)), secs(25));
}

// --- Quit and the end ---

/// Quit ends the session as stopped: an `Ended` record, no complete cue, no more deadlines.
#[test]
fn quit_ends_as_stopped_without_the_complete_cue() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(7));
    assert_eq!(
        s.update(Msg::Quit, t0 + millis(7500)),
        vec![ended(Outcome::Stopped, millis(7500))]
    );
    assert_eq!(
        s.view(t0 + secs(8)).status,
        Status::Finished(Outcome::Stopped)
    );
    assert_eq!(s.next_deadline(t0 + secs(8)), None);
}

/// Once ended, a session ignores every message.
#[test]
fn messages_after_the_end_return_no_effects() {
    let t0 = Instant::now();
    let (mut s, _) = start(self_paced_then_hold(), t0);
    s.update(Msg::Quit, t0 + secs(1));
    for msg in [
        Msg::Tick,
        Msg::TogglePause,
        Msg::Skip,
        Msg::Back,
        Msg::Done,
        Msg::Quit,
        Msg::Pain,
    ] {
        assert_eq!(s.update(msg, t0 + secs(2)), vec![], "{msg:?}");
    }
    let view = s.view(t0 + secs(3));
    assert_eq!(
        (view.status, view.step_index),
        (Status::Finished(Outcome::Stopped), 0)
    );
    assert_eq!(s.active(t0 + secs(3)), secs(1));
}

// --- Pain ---

/// Pain freezes the session at once in every phase, records where it happened and plays its cue.
#[test]
fn pain_pauses_at_once_in_every_phase() {
    // Steps: 0 get ready 0-5, 1 hold 5-15, 2 rest 15-20, 3 hold 20-30, 4 get ready 30-35,
    // 5 self-paced reps from 35.
    let r = routine(&format!(
        r#""lead_in_secs": 5, "rest_between_secs": 0, "exercises": [{}, {}]"#,
        exercise(
            "a",
            r#""hold": {"secs": 10, "reps": 2, "rest_secs": 5, "breath": "none"}"#
        ),
        exercise("b", r#""reps": {"count": 3}"#),
    ));
    for (at, step, into_step) in [
        (secs(2), 0, secs(2)),
        (millis(8500), 1, millis(3500)),
        (secs(17), 2, secs(2)),
        (secs(40), 5, secs(5)),
    ] {
        let t0 = Instant::now();
        let (mut s, _) = start(r.clone(), t0);
        drive(&mut s, t0, t0, t0 + at);
        assert_eq!(
            s.update(Msg::Pain, t0 + at),
            vec![
                paused(PauseReason::Pain),
                cue(Cue::PainPause),
                log(Record::Pain { step, into_step }),
            ],
            "pain at {at:?}"
        );
        let view = s.view(t0 + at + secs(60));
        assert_eq!(
            (view.status, view.step_index),
            (Status::Paused(PauseReason::Pain), step)
        );
        assert_eq!(s.next_deadline(t0 + at + secs(60)), None);
    }
}

/// Pain while already paused turns the pause into a pain pause, timed from where it froze.
#[test]
fn pain_while_paused_becomes_a_pain_pause() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(8));
    s.update(Msg::TogglePause, t0 + secs(8));
    assert_eq!(
        s.update(Msg::Pain, t0 + secs(30)),
        vec![
            paused(PauseReason::Pain),
            cue(Cue::PainPause),
            log(Record::Pain {
                step: 1,
                into_step: secs(3)
            }),
        ]
    );
    assert_eq!(
        s.view(t0 + secs(30)).status,
        Status::Paused(PauseReason::Pain)
    );
    // Going on (the questions were not answered) makes the hold gentler and starts it again
    // after a get-ready; neither pause counted.
    assert_eq!(
        s.update(Msg::TogglePause, t0 + secs(90)),
        vec![
            log(Record::Gentler {
                exercise: 0,
                step: 1
            }),
            log(Record::Resumed),
            cue(Cue::GetReady)
        ]
    );
    let view = s.view(t0 + secs(90));
    assert_eq!((view.step.kind, view.clock_secs), (StepKind::GetReady, 5));
    assert_eq!(s.active(t0 + secs(90)), secs(8));
}

// --- Late ticks ---

/// A tick 10 minutes late (a closed lid) counts the running step as done, drops its missed
/// cues and waits, paused, at the start of the next step; the time asleep is not active.
#[test]
fn tick_ten_minutes_late_completes_the_step_and_pauses_at_the_next() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(6));
    assert_eq!(
        s.update(Msg::Tick, t0 + secs(6) + secs(600)),
        vec![done(1, 10), paused(PauseReason::Interrupted)]
    );
    let view = s.view(t0 + secs(606));
    assert_eq!(
        (view.status, view.step.kind, view.clock_secs),
        (Status::Paused(PauseReason::Interrupted), StepKind::Rest, 5)
    );
    assert_eq!(s.next_deadline(t0 + secs(606)), None);
    assert_eq!(s.active(t0 + secs(606)), secs(15));
    assert_eq!(
        s.update(Msg::TogglePause, t0 + secs(700)),
        vec![log(Record::Resumed)]
    );
    assert_eq!(s.active(t0 + secs(700)), secs(15));
    assert_eq!(
        drive(&mut s, t0, t0 + secs(700), t0 + secs(705)),
        vec![
            (secs(702), cue(Cue::RestOver)),
            (secs(705), done(2, 5)),
            (secs(705), cue(Cue::HoldStart)),
        ]
    );
}

/// After an interruption, resuming into a step with a start cue plays it then, not at wake-up.
#[test]
fn resume_after_an_interruption_plays_the_waiting_step_start_cue() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    assert_eq!(
        s.update(Msg::Tick, t0 + secs(600)),
        vec![done(0, 5), paused(PauseReason::Interrupted)]
    );
    assert_eq!(
        s.update(Msg::TogglePause, t0 + secs(610)),
        vec![log(Record::Resumed), cue(Cue::HoldStart)]
    );
    assert_eq!(s.view(t0 + secs(610)).clock_secs, 10);
    assert_eq!(s.active(t0 + secs(610)), secs(5));
}

/// An exercise skipped and then gone back to and done counts as done, not skipped.
#[test]
fn going_back_to_a_skipped_exercise_and_doing_it_completes_it() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    s.update(Msg::Skip, t0 + secs(1));
    assert_eq!(s.view(t0 + secs(1)).skipped, &[0]);
    s.update(Msg::Back, t0 + secs(1));
    s.update(Msg::Back, t0 + secs(1));
    drive(&mut s, t0, t0 + secs(1), t0 + secs(1000));
    let view = s.view(t0 + secs(1000));
    assert_eq!((view.skipped, view.completed), (&[][..], &[0, 1][..]));
}

/// Ending while paused for pain is its own outcome, so history can tell it apart.
#[test]
fn quitting_after_pain_ends_as_stopped_for_pain() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    s.update(Msg::Pain, t0 + secs(6));
    assert_eq!(
        s.update(Msg::Quit, t0 + secs(9)),
        vec![ended(Outcome::StoppedForPain, secs(6))]
    );
}

/// Space pressed on waking (before any tick) shows the interruption instead of resuming past it.
#[test]
fn pause_key_on_waking_leaves_the_session_paused_for_the_interruption() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    assert_eq!(
        s.update(Msg::TogglePause, t0 + secs(600)),
        vec![done(0, 5), paused(PauseReason::Interrupted)]
    );
    assert_eq!(
        s.view(t0 + secs(601)).status,
        Status::Paused(PauseReason::Interrupted)
    );
}

/// Once ended, the view is frozen at the end: a stopped session shows the time it stopped at.
#[test]
fn view_after_the_end_stays_as_it_was() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    s.update(Msg::Quit, t0 + secs(7));
    let at_end = s.view(t0 + secs(7));
    assert_eq!(s.view(t0 + secs(100)), at_end);
    assert_eq!(at_end.session_left_secs, s.plan().total_secs - 7);
}

/// A late tick in the last step completes the session at the step's deadline, not at wake-up.
#[test]
fn late_tick_in_the_last_step_completes_at_its_deadline() {
    let t0 = Instant::now();
    let (mut s, _) = start(one_hold(10, "none"), t0);
    assert_eq!(
        s.update(Msg::Tick, t0 + secs(600)),
        vec![
            done(0, 10),
            cue(Cue::Complete),
            ended(Outcome::Completed, secs(10))
        ]
    );
    assert_eq!(s.active(t0 + secs(600)), secs(10));
}

/// A tick less than 2 s late catches up every missed cue and transition, in order.
#[test]
fn slightly_late_tick_catches_up_each_transition_in_order() {
    // Steps: 0 get ready 0-5, 1 hold left 5-8, 2 switch 8-9, 3 hold right 9-12.
    let r = routine(&format!(
        r#""lead_in_secs": 5, "exercises": [{}]"#,
        exercise(
            "a",
            r#""hold": {"secs": 3, "sides": "both", "switch_secs": 1, "breath": "none"}"#
        ),
    ));
    let t0 = Instant::now();
    let (mut s, _) = start(r, t0);
    drive(&mut s, t0, t0, t0 + secs(5));
    assert_eq!(
        s.update(Msg::Tick, t0 + millis(9500)),
        vec![
            cue(Cue::Countdown),
            cue(Cue::Countdown),
            done(1, 3),
            cue(Cue::Switch),
            done(2, 1),
            cue(Cue::HoldStart),
        ]
    );
    let view = s.view(t0 + millis(9500));
    assert_eq!(
        (view.status, view.step_index, view.clock_secs),
        (Status::Running, 3, 3)
    );
    // The right side started at its deadline (9 s), not at the late tick.
    assert_eq!(s.next_deadline(t0 + millis(9500)), Some(t0 + secs(10)));
}

/// After a slightly late tick the next step is timed from the missed deadline: no drift.
#[test]
fn slightly_late_tick_times_the_next_step_from_the_missed_deadline() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(14));
    assert_eq!(
        s.update(Msg::Tick, t0 + millis(16_900)),
        vec![done(1, 10), cue(Cue::HoldEnd)]
    );
    assert_eq!(s.view(t0 + millis(16_900)).clock_secs, 4);
    assert_eq!(
        drive(&mut s, t0, t0 + millis(16_900), t0 + secs(20)),
        vec![
            (secs(17), cue(Cue::RestOver)),
            (secs(20), done(2, 5)),
            (secs(20), cue(Cue::HoldStart)),
        ]
    );
    assert_eq!(s.active(t0 + secs(20)), secs(20));
}

// --- Speed ---

/// At speed 10 a 10 s hold ends after 1 s of real time, its cues fall on tenths of a second, and
/// the clock still shows routine seconds.
#[test]
fn speed_ten_plays_a_ten_second_hold_in_one_second_showing_routine_seconds() {
    let t0 = Instant::now();
    let (mut s, _) = start_at_speed(one_hold(10, "none"), 10, t0);
    let clocks: Vec<u64> = [0, 1, 100, 150, 900, 999]
        .iter()
        .map(|&ms| s.view(t0 + millis(ms)).clock_secs)
        .collect();
    assert_eq!(clocks, vec![10, 10, 9, 9, 1, 1]);
    assert_eq!(s.next_deadline(t0), Some(t0 + millis(100)));
    assert_eq!(
        drive(&mut s, t0, t0, t0 + secs(100)),
        vec![
            (millis(700), cue(Cue::Countdown)),
            (millis(800), cue(Cue::Countdown)),
            (millis(900), cue(Cue::Countdown)),
            (secs(1), done(0, 1)),
            (secs(1), cue(Cue::Complete)),
            (secs(1), ended(Outcome::Completed, secs(1))),
        ]
    );
}

// --- The view ---

/// The clock rounds up: 10 at the start of a 10 s hold, 9 after one second, 1 in the last one.
#[test]
fn clock_shows_seconds_left_rounded_up() {
    let t0 = Instant::now();
    let (s, _) = start(one_hold(10, "none"), t0);
    let clocks: Vec<u64> = [0, 1, 999, 1000, 1001, 9000, 9001, 9999]
        .iter()
        .map(|&ms| s.view(t0 + millis(ms)).clock_secs)
        .collect();
    assert_eq!(clocks, vec![10, 10, 10, 9, 9, 1, 1, 1]);
}

/// The whole view partway through a hold: clock, progress through the step and the session,
/// seconds left in the routine, the pacer and what comes next.
#[test]
fn view_partway_through_a_hold() {
    let t0 = Instant::now();
    let r = routine(&format!(
        r#""lead_in_secs": 5, "cooldown": {{"name": "Cool", "secs": 5}}, "exercises": [{}]"#,
        exercise("a", r#""hold": {"secs": 10}"#),
    ));
    let (mut s, _) = start(r, t0);
    drive(&mut s, t0, t0, t0 + secs(7));
    let now = t0 + millis(7500);
    assert_eq!(
        s.view(now),
        SessionView {
            routine: s.routine(),
            status: Status::Running,
            step: &s.plan().steps[1],
            step_index: 1,
            step_count: 3,
            clock_secs: 8,
            step_progress: 0.25,
            session_progress: 7.0 / 20.0,
            session_left_secs: 13,
            breathing: Some(Breathing {
                phase: BreathPhase::In,
                secs_left: 2
            }),
            reps: None,
            gentled: None,
            next: Some(&s.plan().steps[2]),
            skipped: &[],
            completed: &[],
            active: millis(7500),
            speed: 1,
            go_on: pain::Choice::Gentler,
            pain: None,
            waiting: false,
        }
    );
}

/// The whole view at the start of a session and once it is complete.
#[test]
fn view_at_the_start_and_at_the_end() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    assert_eq!(
        s.view(t0),
        SessionView {
            routine: s.routine(),
            status: Status::Running,
            step: &s.plan().steps[0],
            step_index: 0,
            step_count: 8,
            clock_secs: 5,
            step_progress: 0.0,
            session_progress: 0.0,
            session_left_secs: 59,
            breathing: None,
            reps: None,
            gentled: None,
            next: Some(&s.plan().steps[1]),
            skipped: &[],
            completed: &[],
            active: Duration::ZERO,
            speed: 1,
            go_on: pain::Choice::Gentler,
            pain: None,
            waiting: false,
        }
    );
    drive(&mut s, t0, t0, t0 + secs(1000));
    assert_eq!(
        s.view(t0 + secs(59)),
        SessionView {
            routine: s.routine(),
            status: Status::Finished(Outcome::Completed),
            step: &s.plan().steps[7],
            step_index: 7,
            step_count: 8,
            clock_secs: 0,
            step_progress: 1.0,
            session_progress: 1.0,
            session_left_secs: 0,
            breathing: None,
            reps: None,
            gentled: None,
            next: None,
            skipped: &[],
            completed: &[0, 1],
            active: secs(59),
            speed: 1,
            go_on: pain::Choice::Resume,
            pain: None,
            waiting: false,
        }
    );
}

fn pacer(s: &Session, t0: Instant, at: &[u64]) -> Vec<Option<(BreathPhase, u64)>> {
    at.iter()
        .map(|&n| {
            s.view(t0 + secs(n))
                .breathing
                .map(|b| (b.phase, b.secs_left))
        })
        .collect()
}

/// Steady breathing: 4 s in, then 6 s out, round again.
#[test]
fn steady_breathing_is_four_seconds_in_then_six_out() {
    use BreathPhase::{In, Out};
    let t0 = Instant::now();
    let (s, _) = start(one_hold(30, "steady"), t0);
    assert_eq!(
        pacer(&s, t0, &[0, 1, 3, 4, 5, 9, 10, 13, 14, 19, 20]),
        vec![
            Some((In, 4)),
            Some((In, 3)),
            Some((In, 1)),
            Some((Out, 6)),
            Some((Out, 5)),
            Some((Out, 1)),
            Some((In, 4)),
            Some((In, 1)),
            Some((Out, 6)),
            Some((Out, 1)),
            Some((In, 4)),
        ]
    );
}

/// Exhale breathing starts by breathing out into the stretch: 6 s out, then 4 s in.
#[test]
fn exhale_breathing_is_six_seconds_out_then_four_in() {
    use BreathPhase::{In, Out};
    let t0 = Instant::now();
    let (s, _) = start(one_hold(30, "exhale"), t0);
    assert_eq!(
        pacer(&s, t0, &[0, 5, 6, 9, 10, 16]),
        vec![
            Some((Out, 6)),
            Some((Out, 1)),
            Some((In, 4)),
            Some((In, 1)),
            Some((Out, 6)),
            Some((In, 4)),
        ]
    );
}

/// Holds with breath "none" have no pacer, and neither do steps that are not holds.
#[test]
fn no_pacer_for_breath_none_or_outside_holds() {
    let t0 = Instant::now();
    let (s, _) = start(one_hold(30, "none"), t0);
    assert_eq!(pacer(&s, t0, &[0, 4, 12]), vec![None, None, None]);
    // The get-ready before a steady hold has no pacer either.
    let r = routine(&format!(
        r#""lead_in_secs": 5, "exercises": [{}]"#,
        exercise("a", r#""hold": {"secs": 10}"#)
    ));
    let (s, _) = start(r, t0);
    assert_eq!(pacer(&s, t0, &[0, 4]), vec![None, None]);
}

/// Paced reps show the rep being done; other steps show no beat.
#[test]
fn beat_counts_the_rep_of_paced_reps() {
    let t0 = Instant::now();
    let r = routine(&format!(
        r#""lead_in_secs": 2, "exercises": [{}]"#,
        exercise("a", r#""reps": {"count": 3, "secs_per_rep": 2}"#)
    ));
    let (mut s, _) = start(r, t0);
    assert_eq!(s.view(t0).reps, None);
    drive(&mut s, t0, t0, t0 + secs(2));
    let beats: Vec<Option<Count>> = [2000, 3999, 4000, 6000, 7999]
        .iter()
        .map(|&ms| s.view(t0 + millis(ms)).reps)
        .collect();
    let rep = |n| Some(Count { n, of: 3 });
    assert_eq!(beats, vec![rep(1), rep(1), rep(2), rep(3), rep(3)]);
}

// --- Properties ---

fn stage(secs: u32) -> Stage {
    Stage {
        name: "Stage".to_owned(),
        secs,
        cues: Vec::new(),
        position: None,
        needs: Vec::new(),
    }
}

fn arb_sides() -> impl Strategy<Value = Sides> {
    prop_oneof![Just(Sides::None), Just(Sides::Both)]
}

fn arb_dosage() -> impl Strategy<Value = Dosage> {
    let breath = prop_oneof![
        Just(Breath::Steady),
        Just(Breath::Exhale),
        Just(Breath::None)
    ];
    prop_oneof![
        (
            1u32..=12,
            1u32..=3,
            1u32..=3,
            0u32..=5,
            arb_sides(),
            0u32..=5,
            breath
        )
            .prop_map(
                |(secs, reps, sets, rest_secs, sides, switch_secs, breath)| {
                    Dosage::Hold(Hold {
                        secs,
                        reps,
                        sets,
                        rest_secs,
                        sides,
                        switch_secs,
                        breath,
                    })
                }
            ),
        (
            1u32..=5,
            prop::option::of(1u32..=3),
            1u32..=3,
            0u32..=5,
            arb_sides(),
            0u32..=5
        )
            .prop_map(
                |(count, secs_per_rep, sets, rest_secs, sides, switch_secs)| {
                    Dosage::Reps(Reps {
                        count,
                        secs_per_rep,
                        sets,
                        rest_secs,
                        sides,
                        switch_secs,
                    })
                }
            ),
        (1u32..=12).prop_map(|secs| Dosage::Timed(Timed { secs })),
    ]
}

/// Valid routines: 1-4 small exercises, optional warm-up and cool-down, short rests.
fn arb_routine() -> impl Strategy<Value = Routine> {
    (
        prop::collection::vec(arb_dosage(), 1..=4),
        prop::option::of(1u32..=10),
        prop::option::of(1u32..=10),
        0u32..=5,
        0u32..=5,
    )
        .prop_map(
            |(dosages, warmup, cooldown, lead_in_secs, rest_between_secs)| Routine {
                id: "gen".to_owned(),
                title: "Generated".to_owned(),
                summary: String::new(),
                place: Place::Mixed,
                safety: DEFAULT_SAFETY.to_owned(),
                frequency: None,
                limits: None,
                lead_in_secs,
                rest_between_secs,
                warmup: warmup.map(stage),
                cooldown: cooldown.map(stage),
                exercises: dosages
                    .into_iter()
                    .enumerate()
                    .map(|(i, dosage)| Exercise {
                        id: format!("e{i}"),
                        name: format!("Exercise {i}"),
                        setup: Vec::new(),
                        cues: vec!["Move gently".to_owned()],
                        caution: None,
                        position: None,
                        needs: Vec::new(),
                        dosage,
                        progression: None,
                    })
                    .collect(),
            },
        )
}

fn arb_msg() -> impl Strategy<Value = Msg> {
    prop_oneof![
        3 => Just(Msg::Tick),
        2 => Just(Msg::TogglePause),
        2 => Just(Msg::Skip),
        2 => Just(Msg::Back),
        2 => Just(Msg::Done),
        1 => Just(Msg::Pain),
        1 => Just(Msg::Quit),
        1 => Just(Msg::Gentler),
        1 => prop::sample::select(pain::Choice::ALL.to_vec()).prop_map(answer),
    ]
}

/// A control: wait `delay` (with the app ticking at each deadline, or asleep with no ticks), then
/// send `msg`.
fn arb_control() -> impl Strategy<Value = (Duration, bool, Msg)> {
    (0u64..=20_000, any::<bool>(), arb_msg())
        .prop_map(|(ms, ticking, msg)| (millis(ms), ticking, msg))
}

/// Checks what must hold after any update at `now`.
fn check_invariants(s: &Session, now: Instant) -> Result<(), TestCaseError> {
    let view = s.view(now);
    let deadline = s.next_deadline(now);
    match view.status {
        // A get-ready that waits for the person has nothing due until a key is pressed.
        Status::Running if view.waiting => prop_assert_eq!(deadline, None),
        Status::Running | Status::WaitingForDone => {
            let deadline =
                deadline.ok_or_else(|| TestCaseError::fail("running without a deadline"))?;
            // Everything due has run, so the next deadline lies ahead, and it stays put until then.
            prop_assert!(deadline > now, "deadline {deadline:?} not after {now:?}");
            prop_assert_eq!(s.next_deadline(now + (deadline - now) / 2), Some(deadline));
        }
        Status::Paused(_) | Status::Finished(_) => prop_assert_eq!(deadline, None),
    }
    if !view.step.self_paced() {
        prop_assert!(u64::from(view.step.secs) >= view.clock_secs);
    }
    // Nothing is due twice: a second tick at the same instant has nothing left to do.
    prop_assert_eq!(s.clone().update(Msg::Tick, now), vec![]);
    prop_assert!((0.0..=1.0).contains(&view.step_progress));
    prop_assert!((0.0..=1.0).contains(&view.session_progress));
    // Going on gently changes the plan: its total stays the sum of its steps.
    let plan = s.plan();
    prop_assert_eq!(
        plan.total_secs,
        plan.steps.iter().map(|s| u64::from(s.secs)).sum::<u64>()
    );
    prop_assert!(view.step_index < plan.steps.len().max(1));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random controls at random times, with get-readies that wait, never panic, never move time
    /// backwards, keep the clock within the step and never count more active time than has passed.
    #[test]
    fn random_controls_keep_the_engine_consistent(
        routine in arb_routine(),
        speed in prop_oneof![Just(1u32), Just(10), 1u32..=60],
        wait_at in prop::collection::vec(0usize..6, 0..3),
        controls in prop::collection::vec(arb_control(), 0..40),
    ) {
        let t0 = Instant::now();
        let plan = Plan::new(&routine);
        let (mut s, _) = Session::start_waiting_at(routine, plan, speed, &wait_at, t0);
        let mut now = t0;
        let mut active = Duration::ZERO;
        check_invariants(&s, now)?;
        for (delay, ticking, msg) in controls {
            let target = now + delay;
            // The app ticks at each deadline; asleep, it does not tick at all.
            while let Some(t) = s.next_deadline(now).filter(|&t| ticking && t <= target) {
                prop_assert!(t > now);
                now = t;
                s.update(Msg::Tick, now);
                check_invariants(&s, now)?;
            }
            now = target;
            let finished = s.is_finished();
            let effects = s.update(msg, now);
            if finished {
                prop_assert_eq!(effects, vec![]);
            }
            check_invariants(&s, now)?;
            let now_active = s.active(now);
            prop_assert!(now_active >= active, "active time went back");
            prop_assert!(now_active <= now - t0);
            active = now_active;
        }
    }

    /// Driven only by ticks at each deadline (saying "done" at once to self-paced reps), a session
    /// completes exactly at the planned length of its timed steps, all of it active, every step
    /// logged once in order.
    #[test]
    fn ticks_alone_complete_at_the_planned_time(routine in arb_routine()) {
        let t0 = Instant::now();
        let plan = Plan::new(&routine);
        let timed: u64 = plan
            .steps
            .iter()
            .filter(|step| !step.self_paced())
            .map(|step| u64::from(step.secs))
            .sum();
        let step_count = plan.steps.len();
        let (mut s, mut log) = start(routine, t0);
        let mut now = t0;
        for _ in 0..100_000 {
            if s.view(now).status == Status::WaitingForDone {
                log.extend(s.update(Msg::Done, now));
                continue;
            }
            let Some(t) = s.next_deadline(now) else { break };
            now = t;
            log.extend(s.update(Msg::Tick, now));
        }
        prop_assert_eq!(s.view(now).status, Status::Finished(Outcome::Completed));
        prop_assert_eq!(now, t0 + secs(timed));
        prop_assert_eq!(log.last(), Some(&ended(Outcome::Completed, secs(timed))));
        prop_assert_eq!(s.active(now), secs(timed));
        let steps_done: Vec<usize> = log
            .iter()
            .filter_map(|e| match e {
                Effect::Log(Record::StepDone { step, .. }) => Some(*step),
                Effect::Log(_) | Effect::Cue(_) => None,
            })
            .collect();
        prop_assert_eq!(steps_done, (0..step_count).collect::<Vec<_>>());
    }
}

// --- Pain answers ---

fn answer(choice: pain::Choice) -> Msg {
    Msg::PainAnswer(pain::Answer {
        severity: 5,
        place: pain::Place::LowerBack,
        feel: pain::Feel::Ache,
        choice,
        suggested: pain::Choice::Gentler,
    })
}

/// "Go on": the hold that hurt 3 s in starts again from its beginning, after a get-ready of the
/// routine's lead-in (5 s), and then its remaining reps.
#[test]
fn pain_answer_resume_restarts_the_hold_after_a_get_ready() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    s.update(Msg::Tick, t0 + secs(5));
    s.update(Msg::Pain, t0 + secs(8));
    let effects = s.update(answer(pain::Choice::Resume), t0 + secs(20));
    assert_eq!(effects[1..], [log(Record::Resumed), cue(Cue::GetReady)]);
    let view = s.view(t0 + secs(20));
    assert_eq!(
        (
            view.status,
            view.step.kind,
            view.step.exercise,
            view.clock_secs
        ),
        (Status::Running, StepKind::GetReady, Some(0), 5)
    );
    assert_eq!(view.step_index, 1);
    assert_eq!(view.next.map(|n| n.kind), Some(s.plan().steps[1].kind));
    // The get-ready is not a step of the plan: no record of its own. The whole hold follows.
    assert_eq!(
        drive(&mut s, t0, t0 + secs(20), t0 + secs(35)),
        vec![
            (secs(25), cue(Cue::HoldStart)),
            (secs(32), cue(Cue::Countdown)),
            (secs(33), cue(Cue::Countdown)),
            (secs(34), cue(Cue::Countdown)),
            (secs(35), done(1, 10)),
            (secs(35), cue(Cue::HoldEnd)),
        ]
    );
    // Then the rest and the second rep, as planned.
    let view = s.view(t0 + secs(35));
    assert_eq!((view.step.kind, view.step_index), (StepKind::Rest, 2));
    assert_eq!(s.active(t0 + secs(35)), secs(8 + 15));
}

/// "Gentler": the rest of the exercise is halved, and the hold under way starts again, at 5 s,
/// after a get-ready.
#[test]
fn pain_answer_gentler_restarts_the_halved_hold_after_a_get_ready() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    let before = s.plan().total_secs;
    s.update(Msg::Tick, t0 + secs(5));
    s.update(Msg::Pain, t0 + secs(8));
    let effects = s.update(answer(pain::Choice::Gentler), t0 + secs(20));
    assert_eq!(
        effects[1..],
        [
            log(Record::Gentler {
                exercise: 0,
                step: 1
            }),
            log(Record::Resumed),
            cue(Cue::GetReady)
        ]
    );
    let view = s.view(t0 + secs(20));
    assert_eq!((view.step.kind, view.clock_secs), (StepKind::GetReady, 5));
    // Half of two holds is one: the hold under way is the last, its rest and the second hold go
    // (5 + 5 + 10 s); the other exercise stays as it was.
    assert_eq!(s.plan().total_secs, before - 20);
    assert_eq!(s.plan().steps[1].rep, None);
    assert_eq!(s.plan().steps[2].kind, StepKind::RestBetween);
    assert_eq!(s.plan().steps[4].secs, 8);
    assert_eq!(
        drive(&mut s, t0, t0 + secs(20), t0 + secs(30)),
        vec![
            (secs(25), cue(Cue::HoldStart)),
            (secs(27), cue(Cue::Countdown)),
            (secs(28), cue(Cue::Countdown)),
            (secs(29), cue(Cue::Countdown)),
            (secs(30), done(1, 5)),
            (secs(30), cue(Cue::HoldEnd)),
        ]
    );
}

/// Paused for pain with the questions dismissed, space goes on gently: what the screen offers
/// for it. The hold starts again, halved, after a get-ready.
#[test]
fn going_on_from_an_unanswered_pain_pause_is_gentler() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    s.update(Msg::Tick, t0 + secs(5));
    s.update(Msg::Pain, t0 + secs(8));
    assert_eq!(s.go_on_choice(), pain::Choice::Gentler);
    assert_eq!(
        s.update(Msg::TogglePause, t0 + secs(20)),
        vec![
            log(Record::Gentler {
                exercise: 0,
                step: 1
            }),
            log(Record::Resumed),
            cue(Cue::GetReady)
        ]
    );
    assert_eq!(s.plan().steps[1].secs, 5);
    assert_eq!(s.view(t0 + secs(20)).step.kind, StepKind::GetReady);
}

/// In the warm-up there is no exercise to make gentler: going on goes on where it froze.
#[test]
fn going_on_from_pain_in_the_warmup_resumes_where_it_froze() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    s.update(Msg::Pain, t0 + secs(4));
    assert_eq!(s.go_on_choice(), pain::Choice::Resume);
    assert_eq!(
        s.update(Msg::TogglePause, t0 + secs(30)),
        vec![log(Record::Resumed)]
    );
    let view = s.view(t0 + secs(30));
    assert_eq!((view.step.kind, view.clock_secs), (StepKind::Warmup, 6));
}

/// Pain during a rest: going on goes on with the rest where it froze; nothing to get ready for.
#[test]
fn going_on_from_pain_in_a_rest_resumes_where_it_froze() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(17));
    s.update(Msg::Pain, t0 + secs(17));
    let effects = s.update(answer(pain::Choice::Resume), t0 + secs(30));
    assert_eq!(effects[1..], [log(Record::Resumed)]);
    let view = s.view(t0 + secs(30));
    assert_eq!((view.step.kind, view.clock_secs), (StepKind::Rest, 3));
}

/// Pain in the rest before an exercise is reported on that exercise, and "skip this exercise"
/// (the dialog's, or n under the banner) skips it, not only the rest.
#[test]
fn skipping_for_pain_in_the_rest_between_skips_the_exercise_it_leads_to() {
    for msg in [answer(pain::Choice::Skip), Msg::Skip] {
        let t0 = Instant::now();
        let (mut s, _) = start(with_warmup(), t0);
        drive(&mut s, t0, t0, t0 + secs(45));
        let rest = *s.view(t0 + secs(45)).step;
        assert_eq!(rest.kind, StepKind::RestBetween);
        s.update(Msg::Pain, t0 + secs(45));
        assert_eq!(s.pain_dialog().stage(), pain::Stage::Exercise);
        let effects = s.update(msg, t0 + secs(50));
        let exercise = rest.exercise.expect("the rest leads to an exercise");
        assert!(
            effects.contains(&log(Record::Skipped { exercise })),
            "{effects:?}"
        );
        let view = s.view(t0 + secs(50));
        assert_eq!(view.skipped, &[exercise][..]);
        assert_ne!(view.step.exercise, Some(exercise));
        assert_eq!(view.status, Status::Running);
    }
}

/// In the warm-up, "go on gently" goes on where it froze: there is no dose to halve, so the plan
/// stays as it was and no `gentler` line is written; the dialog names the warm-up.
#[test]
fn going_on_gently_in_the_warmup_changes_no_dose() {
    let t0 = Instant::now();
    let (mut s, _) = start(with_warmup(), t0);
    let plan = s.plan().clone();
    s.update(Msg::Pain, t0 + secs(4));
    let dialog = s.pain_dialog();
    assert_eq!(dialog.stage(), pain::Stage::Warmup);
    let effects = s.update(answer(pain::Choice::Gentler), t0 + secs(30));
    assert_eq!(effects[1..], [log(Record::Resumed)]);
    assert_eq!(s.plan(), &plan);
    let view = s.view(t0 + secs(30));
    assert_eq!((view.step.kind, view.clock_secs), (StepKind::Warmup, 6));
}

/// A routine with no lead-in still gets a short get-ready before the hold starts again.
#[test]
fn the_get_ready_before_a_restart_is_never_shorter_than_three_seconds() {
    let t0 = Instant::now();
    let (mut s, _) = start(one_hold(10, "none"), t0);
    s.update(Msg::Pain, t0 + secs(4));
    s.update(answer(pain::Choice::Resume), t0 + secs(10));
    let view = s.view(t0 + secs(10));
    assert_eq!(
        (view.step.kind, view.clock_secs),
        (StepKind::GetReady, u64::from(RESTART_LEAD_IN_MIN_SECS))
    );
    assert_eq!(
        drive(&mut s, t0, t0 + secs(10), t0 + secs(13)),
        vec![(secs(13), cue(Cue::HoldStart))]
    );
}

/// Pain again during the get-ready before a restart: the hold had not begun again, so the report
/// is at its second 0, and going on gets a whole get-ready again.
#[test]
fn pain_during_the_get_ready_before_a_restart() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    s.update(Msg::Tick, t0 + secs(5));
    s.update(Msg::Pain, t0 + secs(8));
    s.update(answer(pain::Choice::Resume), t0 + secs(20));
    assert_eq!(
        s.update(Msg::Pain, t0 + secs(22)),
        vec![
            paused(PauseReason::Pain),
            cue(Cue::PainPause),
            log(Record::Pain {
                step: 1,
                into_step: Duration::ZERO
            }),
        ]
    );
    s.update(answer(pain::Choice::Resume), t0 + secs(40));
    let view = s.view(t0 + secs(40));
    assert_eq!((view.step.kind, view.clock_secs), (StepKind::GetReady, 5));
}

/// A long sleep during the get-ready before a restart leaves the session paused at the start
/// of the hold, which starts with its cue when the person goes on.
#[test]
fn a_late_tick_during_the_get_ready_before_a_restart_waits_at_the_hold() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    s.update(Msg::Tick, t0 + secs(5));
    s.update(Msg::Pain, t0 + secs(8));
    s.update(answer(pain::Choice::Resume), t0 + secs(20));
    assert_eq!(
        s.update(Msg::Tick, t0 + secs(600)),
        vec![paused(PauseReason::Interrupted)]
    );
    let view = s.view(t0 + secs(600));
    assert_eq!(
        (view.status, view.step.kind, view.clock_secs),
        (
            Status::Paused(PauseReason::Interrupted),
            s.plan().steps[1].kind,
            10
        )
    );
    assert_eq!(
        s.update(Msg::TogglePause, t0 + secs(610)),
        vec![log(Record::Resumed), cue(Cue::HoldStart)]
    );
}

/// The pain questions know how often the exercise hurt before in this session: a second report
/// on it preselects skipping it; a report on another exercise starts again from none.
#[test]
fn the_pain_dialog_counts_earlier_reports_on_the_same_exercise() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    s.update(Msg::Tick, t0 + secs(5));
    let answers = |s: &Session| {
        let mut dialog = s.pain_dialog();
        for n in [2, 1, 1] {
            dialog.choose(n);
        }
        dialog.guidance().map(|g| g.preselected)
    };
    s.update(Msg::Pain, t0 + secs(8));
    assert_eq!(answers(&s), Some(pain::Choice::Resume));
    s.update(answer(pain::Choice::Resume), t0 + secs(9));
    s.update(Msg::Pain, t0 + secs(10));
    assert_eq!(answers(&s), Some(pain::Choice::Skip));
    s.update(answer(pain::Choice::Skip), t0 + secs(11));
    s.update(Msg::Pain, t0 + secs(12));
    assert_eq!(answers(&s), Some(pain::Choice::Resume));
}

/// Skip, paused for pain with the questions dismissed: on to the next exercise, running, as the
/// dialog's "skip" does.
#[test]
fn skip_from_a_pain_pause_goes_on_with_the_next_exercise() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    s.update(Msg::Tick, t0 + secs(5));
    s.update(Msg::Pain, t0 + secs(8));
    let effects = s.update(Msg::Skip, t0 + secs(20));
    assert_eq!(
        effects,
        vec![
            log(Record::Skipped { exercise: 0 }),
            log(Record::Resumed),
            cue(Cue::GetReady)
        ]
    );
    let view = s.view(t0 + secs(20));
    assert_eq!(
        (view.status, view.step.kind, view.step.exercise),
        (Status::Running, StepKind::GetReady, Some(1))
    );
}

/// "Skip": on to the next exercise's get-ready, running, with the skip logged.
#[test]
fn pain_answer_skip_goes_on_with_the_next_exercise() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    s.update(Msg::Tick, t0 + secs(5));
    s.update(Msg::Pain, t0 + secs(8));
    let effects = s.update(answer(pain::Choice::Skip), t0 + secs(20));
    assert!(effects.contains(&log(Record::Skipped { exercise: 0 })));
    let view = s.view(t0 + secs(20));
    assert_eq!(
        (view.status, view.step.kind),
        (Status::Running, StepKind::GetReady)
    );
    assert_eq!(view.step.exercise, Some(1));
}

/// "End": the session ends as stopped for pain, with the answers logged first.
#[test]
fn pain_answer_end_stops_for_pain() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    s.update(Msg::Tick, t0 + secs(5));
    s.update(Msg::Pain, t0 + secs(8));
    let effects = s.update(answer(pain::Choice::End), t0 + secs(20));
    assert!(matches!(effects[0], Effect::Log(Record::PainAnswered(_))));
    assert_eq!(
        effects.last(),
        Some(&ended(Outcome::StoppedForPain, secs(8)))
    );
}

// --- A get-ready that waits: the memory of recent pain ---

/// `hold_then_timed` with the second exercise's get-ready (step 5, at 40 s) waiting.
fn waiting_at_b(t0: Instant) -> Session {
    let routine = hold_then_timed();
    let plan = Plan::new(&routine);
    let (s, _) = Session::start_waiting_at(routine, plan, 1, &[1], t0);
    s
}

/// The get-ready of an exercise that hurt lately does not count down by itself: it plays its
/// cue and waits, with nothing due, for as long as it takes; the wait is not active time. Space
/// starts its countdown, and the exercise follows.
#[test]
fn a_get_ready_that_hurt_lately_waits_for_the_person() {
    let t0 = Instant::now();
    let mut s = waiting_at_b(t0);
    // The first exercise's get-ready counts down as usual.
    assert!(!s.view(t0).waiting);
    let log = drive(&mut s, t0, t0, t0 + secs(300));
    assert_eq!(
        log.last(),
        Some(&(secs(40), cue(Cue::GetReady))),
        "it stops asking for ticks at the get-ready"
    );
    let view = s.view(t0 + secs(100));
    assert_eq!(
        (
            view.status,
            view.waiting,
            view.step.kind,
            view.step.exercise,
            view.clock_secs
        ),
        (Status::Running, true, StepKind::GetReady, Some(1), 5)
    );
    assert_eq!(s.next_deadline(t0 + secs(100)), None);
    assert_eq!(s.update(Msg::Tick, t0 + secs(100)), vec![]);
    // Space: the countdown starts now; no record of its own.
    assert_eq!(s.update(Msg::TogglePause, t0 + secs(100)), vec![]);
    let view = s.view(t0 + secs(100));
    assert_eq!((view.waiting, view.clock_secs), (false, 5));
    assert_eq!(
        drive(&mut s, t0, t0 + secs(100), t0 + secs(105)),
        vec![(secs(105), done(5, 5)), (secs(105), cue(Cue::HoldStart))]
    );
    assert_eq!(s.active(t0 + secs(105)), secs(45));
}

/// Gentler at a waiting get-ready halves the exercise, logs it, and starts the countdown.
#[test]
fn gentler_at_a_waiting_get_ready_halves_the_exercise_and_counts_down() {
    let t0 = Instant::now();
    let mut s = waiting_at_b(t0);
    drive(&mut s, t0, t0, t0 + secs(40));
    assert_eq!(
        s.update(Msg::Gentler, t0 + secs(60)),
        vec![log(Record::Gentler {
            exercise: 1,
            step: 5
        })]
    );
    assert_eq!(s.plan().steps[6].secs, 4);
    let view = s.view(t0 + secs(60));
    assert_eq!((view.waiting, view.clock_secs), (false, 5));
    assert_eq!(s.next_deadline(t0 + secs(60)), Some(t0 + secs(61)));
}

/// Skip at a waiting get-ready leaves the exercise, logged as a skip, and goes on.
#[test]
fn skip_at_a_waiting_get_ready_skips_the_exercise() {
    let t0 = Instant::now();
    let mut s = waiting_at_b(t0);
    drive(&mut s, t0, t0, t0 + secs(40));
    assert_eq!(
        s.update(Msg::Skip, t0 + secs(60)),
        vec![log(Record::Skipped { exercise: 1 })]
    );
    let view = s.view(t0 + secs(60));
    assert_eq!(
        (view.status, view.waiting, view.step.kind),
        (Status::Running, false, StepKind::Cooldown)
    );
    assert_eq!(s.active(t0 + secs(60)), secs(40));
}

/// Once answered, the warning does not wait again in this session: back to the start of the
/// exercise, its get-ready counts down.
#[test]
fn an_answered_warning_does_not_wait_again() {
    let t0 = Instant::now();
    let mut s = waiting_at_b(t0);
    drive(&mut s, t0, t0, t0 + secs(40));
    s.update(Msg::TogglePause, t0 + secs(50));
    drive(&mut s, t0, t0 + secs(50), t0 + secs(57));
    s.update(Msg::Back, t0 + secs(57));
    let view = s.view(t0 + secs(57));
    assert_eq!((view.step.kind, view.waiting), (StepKind::GetReady, false));
    assert_eq!(s.next_deadline(t0 + secs(57)), Some(t0 + secs(58)));
}

/// Pausing never hides the warning: a get-ready reached while paused (skipping to it) waits
/// once the person resumes, and so does one reached through a long sleep.
#[test]
fn a_get_ready_reached_while_paused_waits_when_resumed() {
    let t0 = Instant::now();
    let mut s = waiting_at_b(t0);
    drive(&mut s, t0, t0, t0 + secs(35));
    s.update(Msg::TogglePause, t0 + secs(35));
    s.update(Msg::Skip, t0 + secs(36));
    assert_eq!(
        s.view(t0 + secs(36)).status,
        Status::Paused(PauseReason::User)
    );
    assert_eq!(
        s.update(Msg::TogglePause, t0 + secs(50)),
        vec![log(Record::Resumed), cue(Cue::GetReady)]
    );
    assert!(s.view(t0 + secs(50)).waiting);
    assert_eq!(s.next_deadline(t0 + secs(50)), None);

    // Asleep through the rest before it: the session waits, paused, at the get-ready, and
    // waits for the answer once resumed.
    let mut s = waiting_at_b(t0);
    drive(&mut s, t0, t0, t0 + secs(35));
    assert_eq!(
        s.update(Msg::Tick, t0 + secs(600)),
        vec![done(4, 10), paused(PauseReason::Interrupted)]
    );
    s.update(Msg::TogglePause, t0 + secs(610));
    assert!(s.view(t0 + secs(610)).waiting);
}

/// Pain at a waiting get-ready: a pain pause at its second 0; going on from the answer answers
/// the warning too, and the countdown starts.
#[test]
fn pain_at_a_waiting_get_ready() {
    let t0 = Instant::now();
    let mut s = waiting_at_b(t0);
    drive(&mut s, t0, t0, t0 + secs(40));
    assert_eq!(
        s.update(Msg::Pain, t0 + secs(60)),
        vec![
            paused(PauseReason::Pain),
            cue(Cue::PainPause),
            log(Record::Pain {
                step: 5,
                into_step: Duration::ZERO
            }),
        ]
    );
    let effects = s.update(answer(pain::Choice::Resume), t0 + secs(70));
    assert_eq!(effects[1..], [log(Record::Resumed), cue(Cue::GetReady)]);
    let view = s.view(t0 + secs(70));
    assert_eq!((view.waiting, view.clock_secs), (false, 5));
    assert_eq!(s.active(t0 + secs(70)), secs(40));
}

/// A routine whose first step is a get-ready that waits starts waiting.
#[test]
fn the_first_get_ready_can_wait() {
    let t0 = Instant::now();
    let routine = hold_then_timed();
    let plan = Plan::new(&routine);
    let (s, effects) = Session::start_waiting_at(routine, plan, 1, &[0], t0);
    assert_eq!(effects, vec![log(Record::Started), cue(Cue::GetReady)]);
    assert!(s.view(t0).waiting);
    assert_eq!(s.next_deadline(t0), None);
}

// --- Going on gently ---

/// The plan's steps from `from` on as (title, secs, position words): what is left at a glance.
fn left(s: &Session, from: usize) -> Vec<(&'static str, u32, String)> {
    s.plan().steps[from..]
        .iter()
        .map(|step| (step.title(), step.secs, step.position_words().join(" ")))
        .collect()
}

/// One exercise of 9 s holds, 3 each side with 4 s rests and a 2 s switch, after a 5 s get-ready.
fn three_holds_each_side() -> Routine {
    routine(&format!(
        r#""lead_in_secs": 5, "exercises": [{}]"#,
        exercise(
            "a",
            r#""hold": {"secs": 9, "reps": 3, "rest_secs": 4, "sides": "both", "switch_secs": 2, "breath": "none"}"#
        ),
    ))
}

/// Going on gently at the get-ready halves each hold (rounded up) and the holds of each side
/// (three become two, rounded up); rests and the switch stay.
#[test]
fn gentler_halves_the_holds_and_their_count_rounding_up() {
    let t0 = Instant::now();
    let (mut s, _) = start(three_holds_each_side(), t0);
    assert_eq!(
        s.update(Msg::Gentler, t0 + secs(1)),
        vec![log(Record::Gentler {
            exercise: 0,
            step: 0
        })]
    );
    assert_eq!(
        left(&s, 0),
        vec![
            ("Get ready", 5, String::new()),
            ("Hold", 5, "left rep 1/2".to_owned()),
            ("Rest", 4, "left rep 2/2".to_owned()),
            ("Hold", 5, "left rep 2/2".to_owned()),
            ("Switch sides", 2, "right rep 1/2".to_owned()),
            ("Hold", 5, "right rep 1/2".to_owned()),
            ("Rest", 4, "right rep 2/2".to_owned()),
            ("Hold", 5, "right rep 2/2".to_owned()),
        ]
    );
    assert_eq!(s.plan().total_secs, 5 + 4 * 5 + 2 * 4 + 2);
}

/// Past half the holds of a side, the hold under way becomes its last; the other side gets half.
#[test]
fn gentler_after_half_the_holds_makes_the_one_under_way_the_last() {
    let t0 = Instant::now();
    let (mut s, _) = start(three_holds_each_side(), t0);
    // Steps: 0 get ready 0-5, 1 hold 5-14, 2 rest 14-18, 3 hold 18-27, 4 rest 27-31, 5 hold 31-40.
    drive(&mut s, t0, t0, t0 + secs(20));
    assert_eq!(s.view(t0 + secs(20)).step_index, 3);
    s.update(Msg::Gentler, t0 + secs(20));
    assert_eq!(
        left(&s, 3),
        vec![
            ("Hold", 5, "left rep 2/2".to_owned()),
            ("Switch sides", 2, "right rep 1/2".to_owned()),
            ("Hold", 5, "right rep 1/2".to_owned()),
            ("Rest", 4, "right rep 2/2".to_owned()),
            ("Hold", 5, "right rep 2/2".to_owned()),
        ]
    );
    // The hold under way starts again at its new length.
    assert_eq!(s.view(t0 + secs(20)).clock_secs, 5);
}

/// Half of one is one: a single 1 s hold, a single rep and a 1 s timed part stay as they are;
/// five self-paced reps become three.
#[test]
fn gentler_rounds_up_and_never_goes_below_one() {
    let t0 = Instant::now();
    for (dose, kind, secs) in [
        (
            r#""hold": {"secs": 1, "breath": "none"}"#,
            StepKind::Hold {
                breath: Breath::None,
            },
            1,
        ),
        (
            r#""reps": {"count": 1, "secs_per_rep": 3}"#,
            StepKind::Reps {
                count: 1,
                secs_per_rep: Some(3),
            },
            3,
        ),
        (r#""timed": {"secs": 1}"#, StepKind::Timed, 1),
        (
            r#""reps": {"count": 5}"#,
            StepKind::Reps {
                count: 3,
                secs_per_rep: None,
            },
            3 * crate::core::plan::SELF_PACED_SECS_PER_REP,
        ),
    ] {
        let r = routine(&format!(
            r#""lead_in_secs": 0, "exercises": [{}]"#,
            exercise("a", dose)
        ));
        let (mut s, _) = start(r, t0);
        s.update(Msg::Gentler, t0);
        let step = s.plan().steps[0];
        assert_eq!(
            (step.kind, step.secs, step.rep),
            (kind, secs, None),
            "{dose}"
        );
    }
}

/// After going on gently, the steps logged are the gentler plan's, one after another, each with
/// its halved planned length, and the session ends at the new total.
#[test]
fn gentler_logs_every_step_of_the_gentler_plan_with_its_halved_length() {
    let t0 = Instant::now();
    let (mut s, _) = start(three_holds_each_side(), t0);
    s.update(Msg::Gentler, t0);
    let total = s.plan().total_secs;
    let log = drive(&mut s, t0, t0, t0 + secs(600));
    let done: Vec<(usize, Duration)> = log
        .iter()
        .filter_map(|(_, e)| match e {
            Effect::Log(Record::StepDone { step, planned, .. }) => Some((*step, *planned)),
            Effect::Log(_) | Effect::Cue(_) => None,
        })
        .collect();
    let planned = [5, 5, 4, 5, 2, 5, 4, 5].map(secs);
    assert_eq!(done, planned.into_iter().enumerate().collect::<Vec<_>>());
    assert_eq!(
        log.last().map(|(_, e)| *e),
        Some(ended(Outcome::Completed, secs(total)))
    );
}

// --- Self-paced reps counted with enter, what gentler says, ctrl-z ---

/// Five self-paced reps then a hold: each rep counted moves the count on, the fifth ends the set
/// with the time it took and starts the rest between.
#[test]
fn each_rep_counted_moves_the_count_on_and_the_last_ends_the_set() {
    let t0 = Instant::now();
    let (mut s, _) = start(self_paced_then_hold(), t0);
    let rep = |s: &Session, at| s.view(at).reps.map(|c| (c.n, c.of));
    assert_eq!(rep(&s, t0), Some((1, 5)));
    for n in 1..5u32 {
        let at = t0 + secs(3 * u64::from(n));
        assert_eq!(s.update(Msg::Rep, at), vec![]);
        assert_eq!(rep(&s, at), Some((n + 1, 5)));
    }
    let view = s.view(t0 + secs(14));
    assert_eq!(
        (view.status, view.step_progress),
        (Status::WaitingForDone, 0.8)
    );
    assert_eq!(
        s.update(Msg::Rep, t0 + secs(15)),
        vec![
            log(Record::StepDone {
                step: 0,
                planned: secs(20),
                actual: secs(15)
            }),
            cue(Cue::HoldEnd),
        ]
    );
    assert_eq!(s.view(t0 + secs(15)).step.kind, StepKind::RestBetween);
}

/// Reps counted while paused do not count, and going back to the start of the set counts from
/// one again.
#[test]
fn reps_count_only_while_running_and_start_again_with_the_set() {
    let t0 = Instant::now();
    let (mut s, _) = start(self_paced_then_hold(), t0);
    s.update(Msg::Rep, t0 + secs(1));
    s.update(Msg::TogglePause, t0 + secs(2));
    assert_eq!(s.update(Msg::Rep, t0 + secs(3)), vec![]);
    assert_eq!(s.view(t0 + secs(3)).reps, Some(Count { n: 2, of: 5 }));
    s.update(Msg::TogglePause, t0 + secs(4));
    s.update(Msg::Back, t0 + secs(5));
    assert_eq!(s.view(t0 + secs(5)).reps, Some(Count { n: 1, of: 5 }));
}

/// Going on gently says what it changed, for as long as its exercise is on screen: the hold's
/// length and how many holds, or the reps of a set.
#[test]
fn gentler_says_the_new_dose_beside_the_old_one() {
    let t0 = Instant::now();
    let (mut s, _) = start(three_holds_each_side(), t0);
    assert_eq!(s.view(t0).gentled, None);
    s.update(Msg::Gentler, t0 + secs(1));
    let said = |s: &Session, at| s.view(at).gentled.map(|g| g.text());
    assert_eq!(
        said(&s, t0 + secs(1)).as_deref(),
        Some("gentler: hold 5 s instead of 9 s, 2 holds a side instead of 3")
    );
    // Still said in the holds that follow.
    drive(&mut s, t0, t0 + secs(1), t0 + secs(12));
    assert!(said(&s, t0 + secs(12)).is_some());

    let r = routine(&format!(
        r#""lead_in_secs": 5, "exercises": [{}, {}]"#,
        exercise("a", r#""reps": {"count": 8}"#),
        exercise("b", r#""timed": {"secs": 120}"#)
    ));
    let (mut s, _) = start(r, t0);
    s.update(Msg::Gentler, t0 + secs(1));
    assert_eq!(
        said(&s, t0 + secs(1)).as_deref(),
        Some("gentler: 4 reps at your pace instead of 8")
    );
    // The next exercise is not the one made gentler: nothing is said there.
    drive(&mut s, t0, t0 + secs(1), t0 + secs(10));
    for _ in 0..4 {
        s.update(Msg::Rep, t0 + secs(10));
    }
    assert_eq!(said(&s, t0 + secs(10)), None);
    let at_timed = t0 + secs(20);
    drive(&mut s, t0, t0 + secs(10), at_timed);
    s.update(Msg::Gentler, at_timed);
    assert_eq!(
        said(&s, at_timed).as_deref(),
        Some("gentler: 1:00 instead of 2:00")
    );
}

/// Ctrl-Z pauses in place: the hours stopped count neither as done time nor as active time, and
/// the session waits at the same second for space. Already paused, it stays as it was.
#[test]
fn suspending_pauses_in_place_and_the_time_stopped_never_counts() {
    let t0 = Instant::now();
    let (mut s, _) = start(hold_then_timed(), t0);
    drive(&mut s, t0, t0, t0 + secs(8));
    assert_eq!(
        s.update(Msg::Suspend, t0 + secs(8)),
        vec![paused(PauseReason::User)]
    );
    let back = t0 + secs(8 + 3600);
    assert_eq!(s.update(Msg::Tick, back), vec![]);
    let view = s.view(back);
    assert_eq!(
        (view.status, view.step_index, view.clock_secs, view.active),
        (Status::Paused(PauseReason::User), 1, 7, secs(8))
    );
    assert_eq!(s.update(Msg::Suspend, back), vec![]);
    s.update(Msg::TogglePause, back);
    assert_eq!(s.view(back + secs(1)).clock_secs, 6);
}
