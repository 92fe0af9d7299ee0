//! The built-in routines: every file in `sessions/` is compiled in, valid, and as long as it says.

use stretchy::catalog::{BUILTINS, Catalog};
use stretchy::plan::Plan;
use stretchy::routine::{DEFAULT_SAFETY, Routine};

/// Every `sessions/*.json` file is in `BUILTINS`, so none is forgotten, and none is listed twice.
#[test]
fn every_session_file_is_built_in() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("read sessions/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut built_in: Vec<String> = BUILTINS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    built_in.sort();
    assert_eq!(on_disk, built_in);
}

/// Each built-in validates, and its id is its file name.
#[test]
fn built_ins_are_valid_and_named_by_id() {
    for (name, text) in BUILTINS {
        let routine = Routine::from_json(text, name).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(format!("{}.json", routine.id), name);
    }
}

/// The summary says "About N minutes"; the plan must last N minutes within 10%.
#[test]
fn built_ins_last_as_long_as_their_summary_says() {
    for (name, text) in BUILTINS {
        let routine = Routine::from_json(text, name).expect("valid");
        let claimed: f64 = routine
            .summary
            .strip_prefix("About ")
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{name}: summary should start with \"About N minutes\""));
        let actual = f64::from(u32::try_from(Plan::new(&routine).total_secs).expect("fits")) / 60.0;
        assert!(
            (actual - claimed).abs() <= claimed * 0.1,
            "{name}: plan lasts {actual:.1} min, summary says {claimed}"
        );
    }
}

/// Each routine carries a safety line written for it, about pain.
#[test]
fn built_ins_carry_their_own_safety_line() {
    for (name, text) in BUILTINS {
        let routine = Routine::from_json(text, name).expect("valid");
        assert_ne!(routine.safety, DEFAULT_SAFETY, "{name}");
        assert!(
            routine.safety.contains("pain"),
            "{name}: {}",
            routine.safety
        );
    }
}

/// The five routines the product promises, in the order the list shows them.
#[test]
fn catalog_offers_the_five_routines_without_warnings() {
    let (catalog, warnings) = Catalog::load(None);
    assert!(warnings.is_empty(), "{warnings:?}");
    let ids: Vec<&str> = catalog
        .entries()
        .iter()
        .map(|e| e.routine.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "desk-reset",
            "micro-break",
            "lower-back-basics",
            "gentle-relief",
            "core-stability"
        ]
    );
}

/// Desk routines must not ask anyone to get on the floor.
#[test]
fn desk_routines_need_no_floor() {
    let (catalog, _) = Catalog::load(None);
    for id in ["desk-reset", "micro-break"] {
        let routine = &catalog.find(id).expect("built in").routine;
        let text = format!("{routine:?}").to_lowercase();
        for word in ["lie ", "lying", "floor,", "on your back", "hands and knees"] {
            assert!(!text.contains(word), "{id} mentions {word:?}");
        }
    }
}
