//! Valid routine files read back to exactly the routine they describe, defaults filled in.

use pretty_assertions::assert_eq;
use stretchy::core::routine::{
    Breath, DEFAULT_SAFETY, Dosage, Exercise, Hold, Need, Place, Position, Progression, Reps,
    Routine, Sides, Stage, Timed,
};
use stretchy::storage::catalog::load_file;

use crate::util::fixture;

fn lines(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Only the required fields: every default of the format applies.
#[test]
fn minimal_routine_gets_the_documented_defaults() {
    let routine = load_file(&fixture("valid/minimal.json")).expect("valid");
    assert_eq!(
        routine,
        Routine {
            id: "minimal".into(),
            title: "Only what is required".into(),
            summary: String::new(),
            place: Place::Mixed,
            safety: DEFAULT_SAFETY.into(),
            frequency: None,
            limits: None,
            lead_in_secs: 5,
            rest_between_secs: 15,
            warmup: None,
            cooldown: None,
            exercises: vec![Exercise {
                id: "walk".into(),
                name: "Walk around the room".into(),
                setup: vec![],
                cues: lines(&["Easy pace"]),
                caution: None,
                position: None,
                needs: vec![],
                dosage: Dosage::Timed(Timed { secs: 60 }),
                progression: None,
            }],
        }
    );
}

/// A hold with only `secs` gets reps 1, sets 1, rest 10, no sides, switch 5 and steady breath.
#[test]
fn hold_defaults() {
    let text = r#"{"schema": 1, "id": "h", "title": "H",
        "exercises": [{"id": "a", "name": "A", "cues": ["Go"], "hold": {"secs": 10}}]}"#;
    let routine = Routine::from_json(text, "h.json").expect("valid");
    assert_eq!(
        routine.exercises[0].dosage,
        Dosage::Hold(Hold {
            secs: 10,
            reps: 1,
            sets: 1,
            rest_secs: 10,
            sides: Sides::None,
            switch_secs: 5,
            breath: Breath::Steady,
        })
    );
}

/// Every field of the format, read as written.
#[test]
fn every_field_is_read() {
    let routine = load_file(&fixture("valid/every-field.json")).expect("valid");
    assert_eq!(
        routine,
        Routine {
            id: "every-field".into(),
            title: "Every field set".into(),
            summary: "About 4 minutes that use every part of the format.".into(),
            place: Place::Mixed,
            safety: "Stay within a pain-free range.".into(),
            frequency: Some("daily".into()),
            limits: Some("Not in the first weeks after a back injury.".into()),
            lead_in_secs: 3,
            rest_between_secs: 8,
            warmup: Some(Stage {
                name: "March on the spot".into(),
                secs: 20,
                cues: lines(&["Lift your knees gently"]),
                position: Some(Position::Standing),
                needs: vec![],
            }),
            cooldown: Some(Stage {
                name: "Stand tall and breathe".into(),
                secs: 15,
                cues: lines(&["Slow breaths"]),
                position: Some(Position::Standing),
                needs: vec![Need::Wall],
            }),
            exercises: every_field_exercises(),
        }
    );
}

/// The exercises of `valid/every-field.json`.
fn every_field_exercises() -> Vec<Exercise> {
    vec![
        Exercise {
            id: "knee-hug".into(),
            name: "Seated knee hug".into(),
            setup: lines(&["Sit near the front of your chair"]),
            cues: lines(&["Draw one knee to your chest", "Exhale"]),
            caution: Some("Keep your back long.".into()),
            position: Some(Position::Seated),
            needs: vec![],
            dosage: Dosage::Hold(Hold {
                secs: 10,
                reps: 2,
                sets: 2,
                rest_secs: 4,
                sides: Sides::Both,
                switch_secs: 6,
                breath: Breath::Exhale,
            }),
            progression: Some(Progression {
                max_secs: Some(30),
                step_secs: 2,
                max_reps: Some(5),
            }),
        },
        Exercise {
            id: "cat-cow".into(),
            name: "Standing cat-cow".into(),
            setup: vec![],
            cues: lines(&["Round, then arch, slowly"]),
            caution: None,
            position: Some(Position::Standing),
            needs: vec![],
            dosage: Dosage::Reps(Reps {
                count: 6,
                secs_per_rep: Some(4),
                sets: 2,
                rest_secs: 5,
                sides: Sides::None,
                switch_secs: 0,
            }),
            progression: Some(Progression {
                max_secs: None,
                step_secs: 2,
                max_reps: Some(10),
            }),
        },
        Exercise {
            id: "roll-down".into(),
            name: "Seated roll-down".into(),
            setup: vec![],
            cues: lines(&["Curl down one vertebra at a time"]),
            caution: None,
            position: Some(Position::Seated),
            needs: vec![Need::Chair, Need::Towel],
            dosage: Dosage::Reps(Reps {
                count: 5,
                secs_per_rep: None,
                sets: 1,
                rest_secs: 10,
                sides: Sides::None,
                switch_secs: 5,
            }),
            progression: None,
        },
        Exercise {
            id: "walk".into(),
            name: "Walk around the room".into(),
            setup: vec![],
            cues: lines(&["Easy pace"]),
            caution: None,
            position: Some(Position::Walking),
            needs: vec![],
            dosage: Dosage::Timed(Timed { secs: 30 }),
            progression: Some(Progression {
                max_secs: Some(60),
                step_secs: 10,
                max_reps: None,
            }),
        },
    ]
}

/// What a routine needs comes from its parts' positions (seated: a chair; kneeling or lying: the
/// floor) and what they list, each once, in a fixed order.
#[test]
fn needs_come_from_positions_and_lists() {
    let routine = load_file(&fixture("valid/every-field.json")).expect("valid");
    assert_eq!(routine.needs(), [Need::Chair, Need::Wall, Need::Towel]);
    assert_eq!(
        routine.needs_text().as_deref(),
        Some("a chair, a wall and a towel")
    );
    assert_eq!(routine.needs_short(), "chair, wall, towel");

    let floor = load_file(&fixture("valid/floor-with-standing.json")).expect("valid");
    assert_eq!(floor.needs(), [Need::Floor]);
    assert_eq!(floor.needs_text().as_deref(), Some("the floor"));
}

/// A routine that needs nothing says so only when every part gives its position; otherwise what
/// it needs is not known.
#[test]
fn needing_nothing_is_said_only_when_every_position_is_known() {
    let unknown = load_file(&fixture("valid/minimal.json")).expect("valid");
    assert_eq!(unknown.needs_text(), None);
    assert_eq!(unknown.needs_short(), "-");

    let standing = r#"{"schema": 1, "id": "s", "title": "S",
        "warmup": {"name": "March", "secs": 20, "position": "standing"},
        "exercises": [{"id": "a", "name": "A", "cues": ["Go"], "position": "standing", "hold": {"secs": 10}}]}"#;
    let routine = Routine::from_json(standing, "s.json").expect("valid");
    assert_eq!(routine.needs_text().as_deref(), Some("only room to stand"));
    assert_eq!(routine.needs_short(), "nothing");

    let walking = standing.replace(
        r#""position": "standing", "hold""#,
        r#""position": "walking", "hold""#,
    );
    let routine = Routine::from_json(&walking, "w.json").expect("valid");
    assert_eq!(routine.needs_text().as_deref(), Some("only room to walk"));

    let partly = standing.replace(r#", "position": "standing"}"#, "}");
    let routine = Routine::from_json(&partly, "p.json").expect("valid");
    assert_eq!(
        routine.needs_text(),
        None,
        "the warm-up's position is not given"
    );
}

/// A timed exercise may grow past the five minutes a hold is limited to (a walk building up to
/// half an hour), up to the 30 minutes a timed exercise may last.
#[test]
fn timed_exercise_may_grow_to_thirty_minutes() {
    let text = r#"{"schema": 1, "id": "w", "title": "W",
        "exercises": [{"id": "walk", "name": "Walk", "cues": ["Go"], "timed": {"secs": 300},
                       "progression": {"max_secs": 1800, "step_secs": 60}}]}"#;
    let routine = Routine::from_json(text, "w.json").expect("valid");
    assert_eq!(
        routine.exercises[0].progression.map(|p| p.max_secs),
        Some(Some(1800))
    );
}

/// Some Windows editors start a file with a byte-order mark; it is not a mistake worth refusing.
#[test]
fn leading_byte_order_mark_is_accepted() {
    let text = std::fs::read_to_string(fixture("valid/minimal.json")).expect("read");
    let with_bom = format!("\u{feff}{text}");
    assert_eq!(
        Routine::from_json(&with_bom, "bom.json"),
        Routine::from_json(&text, "plain.json")
    );
}

/// The complete example in docs/routines.md is a valid routine, so the docs cannot drift.
#[test]
fn documented_example_is_valid() {
    let doc = include_str!("../../docs/routines.md");
    let start = doc.find("```json\n").expect("a json block") + "```json\n".len();
    let end = start + doc[start..].find("```").expect("closing fence");
    let routine =
        Routine::from_json(&doc[start..end], "docs/routines.md").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(routine.id, "my-desk-break");
}
