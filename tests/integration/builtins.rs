//! The built-in routines: every file in `sessions/` is compiled in, valid, and as long as it says.

use std::collections::BTreeSet;

use stretchy::core::routine::{
    DEFAULT_SAFETY, Dosage, Need, Place, Progression, Routine, Sides, Stage,
};
use stretchy::storage::catalog::{BUILTINS, Catalog};

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

/// A summary never states a length: the length shown beside it is today's, which grows with
/// practice, and a figure in the words would soon contradict it.
#[test]
fn built_in_summaries_state_no_length() {
    for (name, text) in BUILTINS {
        let routine = Routine::from_json(text, name).expect("valid");
        let words: Vec<&str> = routine.summary.split_whitespace().collect();
        for pair in words.windows(2) {
            let number = pair[0].chars().all(|c| c.is_ascii_digit());
            let unit = pair[1].starts_with("minute") || pair[1].starts_with("min");
            assert!(!(number && unit), "{name}: {:?}", routine.summary);
        }
        assert!(!routine.summary.starts_with("About"), "{name}");
    }
}

/// Each routine carries a safety line written for it that says every stop rule: a pain-free
/// range, a small start, and stopping for sharp or shooting pain, tingling, numbness or weakness,
/// or for being worse afterwards. Numbness is not a kind of pain, so "numb pain" is never said.
#[test]
fn built_ins_carry_their_own_safety_line() {
    for (name, text) in BUILTINS {
        let routine = Routine::from_json(text, name).expect("valid");
        let safety = routine.safety.to_lowercase();
        assert_ne!(routine.safety, DEFAULT_SAFETY, "{name}");
        for words in [
            "pain-free",
            "start",
            "sharp",
            "shooting",
            "tingling",
            "numbness",
            "weakness",
            "worse afterwards",
        ] {
            assert!(safety.contains(words), "{name} lacks {words:?}: {safety}");
        }
        assert!(!safety.contains("numb pain"), "{name}: {safety}");
    }
    assert!(!DEFAULT_SAFETY.contains("numb pain"));
}

/// Every built-in says how often it is meant to be done, and where each of its stages and
/// exercises is done, so its place can be checked and what it needs shown.
#[test]
fn built_ins_say_how_often_and_every_position() {
    for (name, text) in BUILTINS {
        let routine = Routine::from_json(text, name).expect("valid");
        assert!(routine.frequency.is_some(), "{name}: no frequency");
        assert!(routine.positions_known(), "{name}: a position is missing");
        assert!(routine.needs_text().is_some(), "{name}");
    }
}

/// No built-in breaks the promise of its place: `stretchy check` has no warning for any.
#[test]
fn built_ins_keep_their_place() {
    for (name, text) in BUILTINS {
        let (_, warnings) = Routine::from_json_with_warnings(text, name).expect("valid");
        assert!(warnings.problems.is_empty(), "{warnings}");
    }
}

/// The eight routines the product promises, in the order the list shows them.
#[test]
fn catalog_offers_the_eight_routines_without_warnings() {
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
            "standing-only",
            "walking-break",
            "lower-back-basics",
            "gentle-relief",
            "core-stability",
            "flare-up",
        ]
    );
}

/// Desk and standing routines must not ask anyone to get on the floor, and standing ones not
/// to sit either: by their positions and needs, and in their words.
#[test]
fn desk_and_standing_routines_need_no_floor() {
    let (catalog, _) = Catalog::load(None);
    for id in [
        "desk-reset",
        "micro-break",
        "standing-only",
        "walking-break",
    ] {
        let routine = &catalog.find(id).expect("built in").routine;
        assert!(!routine.needs().contains(&Need::Floor), "{id}");
        if routine.place == Place::Standing {
            assert!(!routine.needs().contains(&Need::Chair), "{id}");
        }
        let text = format!("{routine:?}").to_lowercase();
        for word in ["lie ", "lying", "floor,", "on your back", "hands and knees"] {
            assert!(!text.contains(word), "{id} mentions {word:?}");
        }
    }
}

/// A routine with limits shows them before it starts; the flare-up routine must have them.
#[test]
fn flare_up_states_its_limits() {
    let (catalog, _) = Catalog::load(None);
    let limits = (catalog.find("flare-up").expect("built in").routine.limits)
        .clone()
        .expect("flare-up has limits");
    for words in ["injury", "numbness", "weakness", "worse"] {
        assert!(limits.contains(words), "{limits}");
    }
}

/// The articles named in docs/content.md, by title: every row names at least one, or says it
/// needs none.
const ARTICLES: [&str; 5] = [
    "*Is Muscle Training Effective in Preventing Disc Herniation?",
    "*How should I exercise my lumbar discs?*",
    "*Exercise for Better Back Health*",
    "*Can Exercise Help Back Pain?*",
    "*Lumbar exercises*",
];

/// A dose as docs/content.md writes it: "10 s × 2 each side; grows to 30 s, then 5 reps",
/// "6 reps × 3 sets".
fn dose_text(dosage: &Dosage, progression: Option<&Progression>) -> String {
    let (amount, reps, sides, sets) = match dosage {
        Dosage::Hold(h) => (time_text(h.secs), h.reps, h.sides, h.sets),
        Dosage::Reps(r) => (format!("{} reps", r.count), 1, r.sides, r.sets),
        Dosage::Timed(t) => (time_text(t.secs), 1, Sides::None, 1),
    };
    let mut parts = vec![amount];
    parts.extend((reps > 1).then(|| format!("× {reps}")));
    parts.extend((sides == Sides::Both).then(|| "each side".to_owned()));
    parts.extend((sets > 1).then(|| format!("× {sets} sets")));
    let ceilings: Vec<String> = progression
        .map(|p| {
            (p.max_secs.map(time_text).into_iter())
                .chain(p.max_reps.map(|r| format!("{r} reps")))
                .collect()
        })
        .unwrap_or_default();
    if ceilings.is_empty() {
        parts.join(" ")
    } else {
        format!("{}; grows to {}", parts.join(" "), ceilings.join(", then "))
    }
}

/// "30 s", "2 min".
fn time_text(secs: u32) -> String {
    if secs >= 60 && secs.is_multiple_of(60) {
        format!("{} min", secs / 60)
    } else {
        format!("{secs} s")
    }
}

/// Every stage and exercise of every built-in as (routine id, exercise cell, dose), the exercise
/// cell as the table starts it: "`wall-stretch` ", "warm-up: ", "cool-down: ".
fn built_in_parts() -> Vec<(String, String, String)> {
    let mut parts = Vec::new();
    for (name, text) in BUILTINS {
        let routine = Routine::from_json(text, name).expect("valid");
        let stage = |kind: &str, stage: &Stage| {
            (
                routine.id.clone(),
                format!("{kind}: {}", stage.name),
                time_text(stage.secs),
            )
        };
        parts.extend(routine.warmup.as_ref().map(|s| stage("warm-up", s)));
        for e in &routine.exercises {
            parts.push((
                routine.id.clone(),
                format!("`{}` {}", e.id, e.name),
                dose_text(&e.dosage, e.progression.as_ref()),
            ));
        }
        parts.extend(routine.cooldown.as_ref().map(|s| stage("cool-down", s)));
    }
    parts
}

/// docs/content.md has one row for every stage and exercise of every built-in, and none for
/// anything else; each names its article and gives the dose the routine file plays.
#[test]
fn content_table_covers_every_exercise_with_its_dose() {
    let doc = include_str!("../../docs/content.md");
    let header = "| Routine | Exercise | Article |";
    let table = &doc[doc.find(header).expect("the table")..];
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    let mut in_table = BTreeSet::new();
    for row in &rows {
        assert_eq!(row.len(), 6, "six cells: {row:?}");
        let routine = row[0].trim_matches('`');
        assert!(
            row[2].starts_with("None") || ARTICLES.iter().any(|a| row[2].contains(a)),
            "{routine} {}: name an article by its title: {}",
            row[1],
            row[2]
        );
        assert!(
            !row[5].is_empty(),
            "{routine} {}: say where it departs",
            row[1]
        );
        assert!(
            in_table.insert((routine.to_owned(), row[1].to_owned(), row[4].to_owned())),
            "{row:?} is there twice"
        );
    }
    let in_sessions: BTreeSet<(String, String, String)> = built_in_parts().into_iter().collect();
    let missing: Vec<_> = in_sessions.difference(&in_table).collect();
    let extra: Vec<_> = in_table.difference(&in_sessions).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "docs/content.md is out of step with sessions/ (routine, exercise, dose).\n\
         In sessions/ but not the table: {missing:#?}\nIn the table but not sessions/: {extra:#?}"
    );
}
