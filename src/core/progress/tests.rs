use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use pretty_assertions::assert_eq;

use super::*;
use crate::core::plan::{Plan, StepKind};
use crate::core::routine::{Hold, Reps, Timed};

// ---- a routine and sessions of it ----

/// `hug` grows 10 s -> 16 s in steps of 2 (12, 14, 16), then 2 -> 4 reps; `cat` grows its count
/// 8 -> 10; `walk` 60 s -> 72 s in steps of 5 (65, 70, 72); `bridge` grows only its reps 2 -> 3;
/// `plank` has no progression.
const ROUTINE: &str = r#"{
  "schema": 1, "id": "basics", "title": "Basics", "lead_in_secs": 5, "rest_between_secs": 10,
  "exercises": [
    { "id": "hug", "name": "Knee hug", "cues": ["Breathe out"],
      "hold": { "secs": 10, "reps": 2, "rest_secs": 5 },
      "progression": { "max_secs": 16, "step_secs": 2, "max_reps": 4 } },
    { "id": "cat", "name": "Cat-cow", "cues": ["Round, then arch"],
      "reps": { "count": 8, "secs_per_rep": 4 },
      "progression": { "max_reps": 10 } },
    { "id": "walk", "name": "Walk", "cues": ["Easy pace"], "timed": { "secs": 60 },
      "progression": { "max_secs": 72, "step_secs": 5 } },
    { "id": "bridge", "name": "Hip bridge", "cues": ["Lift gently"],
      "hold": { "secs": 5, "reps": 2 },
      "progression": { "max_reps": 3 } },
    { "id": "plank", "name": "Plank", "cues": ["Stay long"], "hold": { "secs": 20 } }
  ]
}"#;

const HUG: usize = 0;
const CAT: usize = 1;
const WALK: usize = 2;
const BRIDGE: usize = 3;
const PLANK: usize = 4;
const ALL: [&str; 5] = ["hug", "cat", "walk", "bridge", "plank"];

fn routine() -> Routine {
    Routine::from_json(ROUTINE, "basics.json").expect("valid routine")
}

/// A routine like [`ROUTINE`] with its `hug` dosage and progression replaced.
fn routine_with_hug(hold: &str, progression: &str) -> Routine {
    let text = ROUTINE.replace(
        r#""hold": { "secs": 10, "reps": 2, "rest_secs": 5 },
      "progression": { "max_secs": 16, "step_secs": 2, "max_reps": 4 }"#,
        &format!(r#""hold": {hold}, "progression": {progression}"#),
    );
    assert_ne!(text, ROUTINE, "the hug exercise was replaced");
    Routine::from_json(&text, "basics.json").expect("valid routine")
}

fn at(day: Date, hour: i8) -> Zoned {
    day.at(hour, 0, 0, 0)
        .to_zoned(TimeZone::UTC)
        .expect("in range")
}

/// A session of `routine` on 2026-03-`day` at 09:00 that did `done` and ended with `outcome`.
fn session(routine: &str, day: i8, outcome: SessionOutcome, done: &[&str]) -> SessionRecord {
    SessionRecord {
        id: format!("{routine}-{day}"),
        routine: routine.to_owned(),
        title: routine.to_owned(),
        hash: "h".to_owned(),
        start: at(date(2026, 3, day), 9),
        preview: false,
        outcome,
        active_secs: 300.0,
        planned_secs: 300,
        exercises_done: done.iter().map(|&id| id.to_owned()).collect(),
        skipped: Vec::new(),
        gentler: Vec::new(),
        pains: Vec::new(),
    }
}

/// A completed session of `basics` on 2026-03-`day` that did every exercise without pain.
fn good(day: i8) -> SessionRecord {
    session("basics", day, SessionOutcome::Completed, &ALL)
}

/// Completed pain-free sessions on the first `n` days of March.
fn good_days(n: i8) -> Vec<SessionRecord> {
    (1..=n).map(good).collect()
}

/// A pain report on `exercise` at 09:05 of the session's day.
fn report(session: &SessionRecord, exercise: &str, severity: u8) -> PainReport {
    PainReport {
        at: at(session.date(), 9).saturating_add(jiff::SignedDuration::from_mins(5)),
        exercise: Some(exercise.to_owned()),
        side: None,
        rep: Some(1),
        second: 4.0,
        severity: Some(severity),
        location: Some("lower back".to_owned()),
        feels: Some("sharp".to_owned()),
        action: Some("resume".to_owned()),
    }
}

/// `session` with a pain report of `severity` on `exercise`.
fn hurt(mut session: SessionRecord, exercise: &str, severity: u8) -> SessionRecord {
    let pain = report(&session, exercise, severity);
    session.pains.push(pain);
    session
}

fn dose_of(routine: &Routine, sessions: &[SessionRecord], exercise: usize) -> Dose {
    doses(routine, sessions).swap_remove(exercise)
}

fn dose(exercise: usize, secs: Option<u32>, reps: Option<u32>, steps_up: u32) -> Dose {
    Dose {
        exercise,
        secs,
        reps,
        steps_up,
        reason: None,
    }
}

fn because(mut dose: Dose, reason: Reason) -> Dose {
    dose.reason = Some(reason);
    dose
}

// ---- growth ----

/// With no sessions every exercise gets the routine file's dose, with no reason.
#[test]
fn no_sessions_give_the_files_doses() {
    assert_eq!(
        doses(&routine(), &[]),
        vec![
            dose(HUG, Some(10), Some(2), 0),
            dose(CAT, None, Some(8), 0),
            dose(WALK, Some(60), None, 0),
            dose(BRIDGE, Some(5), Some(2), 0),
            dose(PLANK, Some(20), Some(1), 0),
        ]
    );
}

/// One pain-free session is not enough to grow.
#[test]
fn one_pain_free_session_does_not_grow() {
    assert_eq!(
        dose_of(&routine(), &good_days(1), HUG),
        dose(HUG, Some(10), Some(2), 0)
    );
}

/// Two completed pain-free sessions grow a hold by one step of seconds.
#[test]
fn two_pain_free_sessions_grow_the_hold_by_one_step() {
    assert_eq!(
        dose_of(&routine(), &good_days(2), HUG),
        because(
            dose(HUG, Some(12), Some(2), 1),
            Reason::Grown("hold 12 s (+2 s), after 2 pain-free sessions".to_owned())
        )
    );
}

/// What grew is today's dose against the one the routine's last session played: after the
/// second pain-free session the hug holds 12 s where that session held 10 s (and the others
/// grew a step too); the first session grows nothing, and neither does a routine never done.
#[test]
fn growth_compares_today_with_the_last_session() {
    assert_eq!(growth(&routine(), &[]), []);
    assert_eq!(growth(&routine(), &good_days(1)), []);
    let grew = |exercise, secs, reps| Growth {
        exercise,
        secs,
        reps,
    };
    assert_eq!(
        growth(&routine(), &good_days(2)),
        [
            grew(HUG, Some((10, 12)), None),
            grew(CAT, None, Some((8, 9))),
            grew(WALK, Some((60, 65)), None),
            grew(BRIDGE, None, Some((2, 3))),
        ]
    );
}

/// Four pain-free sessions grow it by two steps.
#[test]
fn four_pain_free_sessions_grow_the_hold_by_two_steps() {
    assert_eq!(
        dose_of(&routine(), &good_days(4), HUG),
        because(
            dose(HUG, Some(14), Some(2), 2),
            Reason::Grown("hold 14 s (+4 s), after 4 pain-free sessions".to_owned())
        )
    );
}

/// Once the seconds are at their ceiling, the reps grow by one a step, up to theirs.
#[test]
fn reps_grow_once_the_seconds_reach_their_ceiling() {
    let routine = routine();
    assert_eq!(
        dose_of(&routine, &good_days(6), HUG),
        because(
            dose(HUG, Some(16), Some(2), 3),
            Reason::Grown("hold 16 s (+6 s), after 6 pain-free sessions".to_owned())
        )
    );
    assert_eq!(
        dose_of(&routine, &good_days(8), HUG),
        because(
            dose(HUG, Some(16), Some(3), 4),
            Reason::Grown(
                "hold 16 s (+6 s) and 3 reps (+1), after 8 pain-free sessions".to_owned()
            )
        )
    );
}

/// Nothing grows past the ceilings, however many pain-free sessions there are.
#[test]
fn growth_stops_at_the_ceiling() {
    assert_eq!(
        dose_of(&routine(), &good_days(28), HUG),
        because(
            dose(HUG, Some(16), Some(4), 5),
            Reason::Grown(
                "hold 16 s (+6 s) and 4 reps (+2), after 10 pain-free sessions".to_owned()
            )
        )
    );
}

/// A step that would overshoot the ceiling lands on it; a timed exercise grows like a hold.
#[test]
fn timed_exercise_grows_its_seconds_up_to_the_ceiling() {
    let routine = routine();
    assert_eq!(
        dose_of(&routine, &good_days(2), WALK),
        because(
            dose(WALK, Some(65), None, 1),
            Reason::Grown("time 65 s (+5 s), after 2 pain-free sessions".to_owned())
        )
    );
    assert_eq!(dose_of(&routine, &good_days(4), WALK).secs, Some(70));
    assert_eq!(
        dose_of(&routine, &good_days(12), WALK),
        because(
            dose(WALK, Some(72), None, 3),
            Reason::Grown("time 72 s (+12 s), after 6 pain-free sessions".to_owned())
        )
    );
}

/// A reps exercise grows its count by one a step, up to `max_reps`.
#[test]
fn reps_exercise_grows_its_count() {
    let routine = routine();
    assert_eq!(
        dose_of(&routine, &good_days(2), CAT),
        because(
            dose(CAT, None, Some(9), 1),
            Reason::Grown("9 reps (+1), after 2 pain-free sessions".to_owned())
        )
    );
    assert_eq!(dose_of(&routine, &good_days(10), CAT).reps, Some(10));
}

/// A hold with only `max_reps` keeps its seconds and grows its reps.
#[test]
fn hold_without_max_secs_grows_only_its_reps() {
    assert_eq!(
        dose_of(&routine(), &good_days(6), BRIDGE),
        because(
            dose(BRIDGE, Some(5), Some(3), 1),
            Reason::Grown("3 reps (+1), after 2 pain-free sessions".to_owned())
        )
    );
}

/// An exercise with no progression keeps the file's dose whatever the log says.
#[test]
fn exercise_without_progression_never_changes() {
    let mut sessions = good_days(20);
    sessions.push(hurt(good(21), "plank", 8));
    assert_eq!(
        dose_of(&routine(), &sessions, PLANK),
        dose(PLANK, Some(20), Some(1), 0)
    );
}

// ---- what counts ----

/// A completed session in which the exercise was skipped or not reached does not count for it.
#[test]
fn session_without_the_exercise_done_does_not_count() {
    let mut skipped = session("basics", 2, SessionOutcome::Completed, &["cat", "walk"]);
    skipped.skipped = vec!["hug".to_owned()];
    let sessions = vec![good(1), skipped, good(3)];
    let routine = routine();
    assert_eq!(dose_of(&routine, &sessions[..2], HUG).secs, Some(10));
    assert_eq!(dose_of(&routine, &sessions, HUG).secs, Some(12));
    // The others were done in all three.
    assert_eq!(dose_of(&routine, &sessions[..2], CAT).reps, Some(9));
}

/// Stopped, stopped-for-pain and interrupted sessions do not count as completed, even when the
/// exercise was done in them.
#[test]
fn unfinished_sessions_do_not_count() {
    let sessions = vec![
        good(1),
        session("basics", 2, SessionOutcome::Stopped, &ALL),
        session("basics", 3, SessionOutcome::StoppedForPain, &ALL),
        session("basics", 4, SessionOutcome::Interrupted, &ALL),
    ];
    assert_eq!(
        dose_of(&routine(), &sessions, HUG),
        dose(HUG, Some(10), Some(2), 0)
    );
}

/// Previews neither grow an exercise nor step it back.
#[test]
fn previews_are_ignored() {
    let preview = |s: SessionRecord| SessionRecord { preview: true, ..s };
    let routine = routine();
    let sessions = vec![good(1), preview(good(2)), preview(good(3))];
    assert_eq!(dose_of(&routine, &sessions, HUG).secs, Some(10));

    let sessions = vec![good(1), good(2), preview(hurt(good(3), "hug", 8))];
    assert_eq!(dose_of(&routine, &sessions, HUG).secs, Some(12));
}

/// Sessions and pain in another routine never affect this one, even with the same exercise ids.
#[test]
fn another_routine_does_not_affect_this_one() {
    let routine = routine();
    let other = |day| session("desk", day, SessionOutcome::Completed, &ALL);
    let sessions = vec![
        good(1),
        other(2),
        other(3),
        good(4),
        hurt(other(5), "hug", 9),
    ];
    assert_eq!(
        dose_of(&routine, &sessions, HUG),
        because(
            dose(HUG, Some(12), Some(2), 1),
            Reason::Grown("hold 12 s (+2 s), after 2 pain-free sessions".to_owned())
        )
    );
}

/// Sessions are walked by their start, whatever order they are given in.
#[test]
fn sessions_are_walked_oldest_first() {
    let routine = routine();
    // Grown twice, then stepped back: 12 s. In the other order it would be 10 -> 14 s.
    let in_order = vec![good(1), good(2), good(3), good(4), hurt(good(5), "hug", 6)];
    let mut reversed = in_order.clone();
    reversed.reverse();
    assert_eq!(doses(&routine, &reversed), doses(&routine, &in_order));
    assert_eq!(dose_of(&routine, &reversed, HUG).secs, Some(12));
}

// ---- pain ----

/// Pain of 4 or more on the exercise steps it back one step and says when.
#[test]
fn pain_of_four_or_more_steps_back_one_step() {
    let mut sessions = good_days(4);
    sessions.push(hurt(good(5), "hug", 6));
    assert_eq!(
        dose_of(&routine(), &sessions, HUG),
        because(
            dose(HUG, Some(12), Some(2), 1),
            Reason::SteppedBack("hold 12 s, after pain 6/10 on 2026-03-05".to_owned())
        )
    );
}

/// Pain steps back at most one step a session, however many reports it has.
#[test]
fn several_reports_in_one_session_step_back_once() {
    let mut sessions = good_days(4);
    let sore = hurt(hurt(good(5), "hug", 4), "hug", 7);
    sessions.push(sore);
    assert_eq!(
        dose_of(&routine(), &sessions, HUG),
        because(
            dose(HUG, Some(12), Some(2), 1),
            Reason::SteppedBack("hold 12 s, after pain 7/10 on 2026-03-05".to_owned())
        )
    );
}

/// Pain of 4 or more steps back in a session of any outcome, done or not.
#[test]
fn pain_steps_back_in_a_stopped_session() {
    let mut sessions = good_days(2);
    sessions.push(hurt(
        session("basics", 3, SessionOutcome::StoppedForPain, &[]),
        "hug",
        5,
    ));
    assert_eq!(dose_of(&routine(), &sessions, HUG).secs, Some(10));
}

/// A step back from the reps takes back a rep, not seconds.
#[test]
fn step_back_undoes_the_last_growth() {
    let mut sessions = good_days(8);
    sessions.push(hurt(good(9), "hug", 5));
    assert_eq!(
        dose_of(&routine(), &sessions, HUG),
        because(
            dose(HUG, Some(16), Some(2), 3),
            Reason::SteppedBack("hold 16 s and 2 reps, after pain 5/10 on 2026-03-09".to_owned())
        )
    );
}

/// Pain below 4 does not step back, but the exercise needs two pain-free sessions in a row
/// after it before it grows.
#[test]
fn pain_of_three_does_not_step_back_but_delays_growth() {
    let routine = routine();
    let mut sessions = vec![good(1), good(2), hurt(good(3), "hug", 3), good(4)];
    assert_eq!(
        dose_of(&routine, &sessions, HUG),
        because(
            dose(HUG, Some(12), Some(2), 1),
            Reason::Grown("hold 12 s (+2 s), after 2 pain-free sessions".to_owned())
        )
    );
    sessions.push(good(5));
    assert_eq!(dose_of(&routine, &sessions, HUG).secs, Some(14));
}

/// Pain never takes a dose below the routine file's: at the start, it only says why.
#[test]
fn pain_never_goes_below_the_starting_dose() {
    let routine = routine();
    let sessions = vec![hurt(good(1), "hug", 8)];
    assert_eq!(
        dose_of(&routine, &sessions, HUG),
        dose(HUG, Some(10), Some(2), 0)
    );

    let sessions = vec![
        good(1),
        good(2),
        hurt(good(3), "hug", 6),
        hurt(good(4), "hug", 6),
    ];
    assert_eq!(
        dose_of(&routine, &sessions, HUG),
        because(
            dose(HUG, Some(10), Some(2), 0),
            Reason::SteppedBack("hold 10 s, after pain 6/10 on 2026-03-03".to_owned())
        )
    );
}

/// Pain on one exercise leaves the others growing.
#[test]
fn pain_on_one_exercise_leaves_the_others_alone() {
    let mut sessions = good_days(3);
    sessions.push(hurt(good(4), "cat", 9));
    let routine = routine();
    assert_eq!(dose_of(&routine, &sessions, HUG).secs, Some(14));
    assert_eq!(dose_of(&routine, &sessions, WALK).secs, Some(70));
    assert_eq!(
        dose_of(&routine, &sessions, CAT),
        because(
            dose(CAT, None, Some(8), 0),
            Reason::SteppedBack("8 reps, after pain 9/10 on 2026-03-04".to_owned())
        )
    );
}

// ---- a changed routine file ----

/// Steps earned carry over to a changed file, counted from its new start and capped by its new
/// ceiling, so the dose stays between the two.
#[test]
fn changed_routine_file_keeps_the_dose_between_start_and_ceiling() {
    let raised = routine_with_hug(r#"{ "secs": 15, "reps": 2 }"#, r#"{ "max_secs": 20 }"#);
    assert_eq!(dose_of(&raised, &good_days(4), HUG).secs, Some(19));
    assert_eq!(dose_of(&raised, &good_days(20), HUG).secs, Some(20));

    let capped = routine_with_hug(r#"{ "secs": 10, "reps": 2 }"#, r#"{ "max_secs": 11 }"#);
    assert_eq!(
        dose_of(&capped, &good_days(20), HUG),
        because(
            dose(HUG, Some(11), Some(2), 1),
            Reason::Grown("hold 11 s (+1 s), after 2 pain-free sessions".to_owned())
        )
    );
}

// ---- apply ----

/// The adjusted routine's plan plays today's doses.
#[test]
fn apply_makes_the_plan_play_todays_doses() {
    let routine = routine();
    let adjusted = apply(&routine, &doses(&routine, &good_days(8)));

    let mut expected = routine.clone();
    expected.exercises[HUG].dosage = Dosage::Hold(Hold {
        secs: 16,
        reps: 3,
        ..hold(&routine, HUG)
    });
    expected.exercises[CAT].dosage = Dosage::Reps(Reps {
        count: 10,
        ..reps(&routine, CAT)
    });
    expected.exercises[WALK].dosage = Dosage::Timed(Timed { secs: 72 });
    expected.exercises[BRIDGE].dosage = Dosage::Hold(Hold {
        reps: 3,
        ..hold(&routine, BRIDGE)
    });
    assert_eq!(adjusted, expected);

    let plan = Plan::new(&adjusted);
    let hug_holds: Vec<u32> = plan
        .steps
        .iter()
        .filter(|s| s.exercise == Some(HUG) && matches!(s.kind, StepKind::Hold { .. }))
        .map(|s| s.secs)
        .collect();
    assert_eq!(hug_holds, vec![16, 16, 16]);
    assert_eq!(plan, Plan::new(&expected));
}

/// Applying the unchanged doses gives the routine back as it was.
#[test]
fn apply_with_no_growth_changes_nothing() {
    let routine = routine();
    assert_eq!(apply(&routine, &doses(&routine, &[])), routine);
}

fn hold(routine: &Routine, exercise: usize) -> Hold {
    match routine.exercises[exercise].dosage {
        Dosage::Hold(h) => h,
        ref other => panic!("not a hold: {other:?}"),
    }
}

fn reps(routine: &Routine, exercise: usize) -> Reps {
    match routine.exercises[exercise].dosage {
        Dosage::Reps(r) => r,
        ref other => panic!("not reps: {other:?}"),
    }
}

// ---- pain memory ----

/// 2026-03-20 at 10:00 UTC.
fn now() -> Zoned {
    at(date(2026, 3, 20), 10)
}

fn memory(exercise: usize, severity: u8, days_ago: i64) -> PainMemory {
    PainMemory {
        exercise,
        severity,
        feels: Some("sharp".to_owned()),
        location: Some("lower back".to_owned()),
        days_ago,
    }
}

/// Pain 14 days ago is remembered; 15 days ago it is forgotten.
#[test]
fn pain_is_remembered_for_fourteen_days() {
    let routine = routine();
    let sessions = vec![hurt(good(6), "hug", 6), hurt(good(5), "cat", 6)];
    assert_eq!(
        pain_memory(&routine, &sessions, &now()),
        vec![memory(HUG, 6, 14)]
    );
}

/// The newest report of 4 or more wins, even over a worse older one.
#[test]
fn newest_painful_report_is_remembered() {
    let routine = routine();
    let mut newest = hurt(good(17), "hug", 5);
    newest.pains[0].feels = Some("ache".to_owned());
    newest.pains[0].location = None;
    let mut mild = hurt(good(18), "hug", 3);
    mild.pains[0].feels = Some("ache".to_owned());
    let sessions = vec![hurt(good(12), "hug", 9), newest, mild];
    assert_eq!(
        pain_memory(&routine, &sessions, &now()),
        vec![PainMemory {
            exercise: HUG,
            severity: 5,
            feels: Some("ache".to_owned()),
            location: None,
            days_ago: 3,
        }]
    );
}

/// A mild ache (below 4), pain in a preview, on no exercise or on an exercise this routine does
/// not have is not remembered.
#[test]
fn mild_preview_and_unplaced_pain_is_not_remembered() {
    let routine = routine();
    let mut mild = hurt(good(19), "hug", 3);
    mild.pains[0].feels = Some("burning".to_owned());
    let mut preview = hurt(good(18), "walk", 8);
    preview.preview = true;
    let mut unplaced = good(18);
    let mut pain = report(&unplaced, "x", 8);
    pain.exercise = None;
    unplaced.pains.push(pain);
    let sessions = vec![
        mild,
        hurt(
            session("desk", 19, SessionOutcome::Completed, &[]),
            "side-bend",
            9,
        ),
        preview,
        unplaced,
    ];
    assert_eq!(pain_memory(&routine, &sessions, &now()), vec![]);
}

/// Sharp pain, tingling, shooting pain or weakness is remembered at any score, as the rule table
/// stops the exercise or the session for them: a 2/10 tingle matters next time too.
#[test]
fn signs_to_stop_are_remembered_at_any_score() {
    let routine = routine();
    for feel in [
        "sharp",
        "tingling/numbness",
        "shooting down the leg",
        "weakness",
    ] {
        let mut session = hurt(good(19), "hug", 1);
        session.pains[0].feels = Some(feel.to_owned());
        let remembered = pain_memory(&routine, &[session], &now());
        assert_eq!(remembered.len(), 1, "{feel}");
        assert_eq!(remembered[0].severity, 1, "{feel}");
    }
}

/// An exercise is remembered by its id in any routine: the cat-cow that hurt in another routine
/// is recalled in this one.
#[test]
fn pain_in_another_routine_is_remembered_by_exercise() {
    let routine = routine();
    let sessions = vec![hurt(
        session("desk", 19, SessionOutcome::Completed, &[]),
        "cat",
        9,
    )];
    assert_eq!(
        pain_memory(&routine, &sessions, &now()),
        vec![memory(CAT, 9, 1)]
    );
}

/// Pain in a stopped session counts; exercises come back in the routine's order.
#[test]
fn pain_memory_lists_exercises_in_routine_order() {
    let routine = routine();
    let stopped = session("basics", 19, SessionOutcome::StoppedForPain, &[]);
    let sessions = vec![hurt(stopped, "walk", 7), hurt(good(20), "hug", 4)];
    assert_eq!(
        pain_memory(&routine, &sessions, &now()),
        vec![memory(HUG, 4, 0), memory(WALK, 7, 1)]
    );
}

/// The get-ready line says the score, what it felt like, where, and when in friendly words.
#[test]
fn pain_memory_line_reads_naturally() {
    assert_eq!(
        memory(HUG, 6, 3).line(),
        "Last time: 6/10, sharp, lower back (3 days ago)"
    );
    assert_eq!(
        memory(HUG, 4, 1).line(),
        "Last time: 4/10, sharp, lower back (yesterday)"
    );
    let bare = PainMemory {
        feels: None,
        location: Some("buttock/hip".to_owned()),
        ..memory(HUG, 7, 0)
    };
    assert_eq!(bare.line(), "Last time: 7/10, buttock/hip (today)");
}

// ---- gentler ----

/// A session where the exercise was played gentler (halved) does not count towards growth.
#[test]
fn a_gentler_session_does_not_count_as_pain_free() {
    let routine = routine();
    let mut sessions = good_days(2);
    assert!(dose_of(&routine, &sessions, HUG).steps_up > 0);
    for s in &mut sessions {
        s.gentler.push("hug".to_owned());
    }
    assert_eq!(dose_of(&routine, &sessions, HUG).steps_up, 0);
}
