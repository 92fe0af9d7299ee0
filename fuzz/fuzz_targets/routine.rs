//! Arbitrary bytes as a routine file: never a panic, and every rejection is a list of located,
//! one-line problems, printed one line each.

#![no_main]

mod scratch;

use std::fs;

use libfuzzer_sys::fuzz_target;
use scratch::Scratch;
use stretchy::storage::catalog::{self, LoadError};
use stretchy::core::plan::Plan;
use stretchy::core::routine::{Invalid, Routine, limits};

const FILE: &str = "fuzz.json";

fuzz_target!(|bytes: &[u8]| {
    // What the parser sees of a file that is text; the loader rejects the rest first (below).
    let text = String::from_utf8_lossy(bytes);
    match Routine::from_json(&text, FILE) {
        Ok(routine) => {
            // A valid routine is one the timer can play, within the format's limit.
            assert!(Plan::new(&routine).total_secs <= limits::MAX_TOTAL_SECS);
        }
        Err(invalid) => check(&invalid, FILE, &text),
    }
    if std::str::from_utf8(bytes).is_err() {
        check_not_utf8(bytes);
    }
});

/// Problems that are each inside the text, with a non-empty one-line message, and a report with
/// exactly one `file:line:column: [path: ]message` line per problem.
fn check(invalid: &Invalid, file: &str, text: &str) {
    assert!(
        !invalid.problems.is_empty(),
        "a rejection without a problem"
    );
    let lines = text.lines().count().max(1);
    for p in &invalid.problems {
        assert!(
            p.line >= 1 && p.line <= lines + 1,
            "line out of the file: {p:?}"
        );
        assert!(p.column >= 1, "column 0: {p:?}");
        assert!(!p.message.trim().is_empty(), "empty message: {p:?}");
        assert!(
            !p.message.contains(char::is_control),
            "message not one line: {p:?}"
        );
        assert!(
            !p.path.contains(char::is_control),
            "path not one line: {p:?}"
        );
    }
    let report = invalid.to_string();
    let printed: Vec<&str> = report.split('\n').collect();
    assert_eq!(printed.len(), invalid.problems.len(), "report:\n{report}");
    for (line, p) in printed.iter().zip(&invalid.problems) {
        let at = format!("{file}:{}:{}: ", p.line, p.column);
        assert!(line.starts_with(&at), "{line:?} does not start with {at:?}");
    }
}

/// Bytes that are not UTF-8 are refused by the loader with one problem where the text stops.
fn check_not_utf8(bytes: &[u8]) {
    let scratch = Scratch::new("stretchy-fuzz-routine-");
    let path = scratch.0.join(FILE);
    fs::write(&path, bytes).expect("write the scratch file");
    match catalog::load_entry(&path) {
        Err(LoadError::Invalid(invalid)) => {
            let valid = std::str::from_utf8(&bytes[..invalid_at(bytes)]).expect("valid prefix");
            check(&invalid, &path.display().to_string(), valid);
            assert_eq!(invalid.problems.len(), 1, "{invalid}");
        }
        Err(LoadError::TooLarge { .. }) => assert!(bytes.len() > 1024 * 1024),
        other => panic!("non-UTF-8 file not refused as invalid: {other:?}"),
    }
}

fn invalid_at(bytes: &[u8]) -> usize {
    std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len)
}
