//! Bad input never panics: arbitrary bytes and mutated valid files through the routine parser,
//! and arbitrary bytes through the log reader. Every rejection is a located, one-line message.

use proptest::prelude::*;
use stretchy::core::log;
use stretchy::core::routine::Routine;

use crate::util::fixture;

fn valid_files() -> Vec<String> {
    [
        "valid/minimal.json",
        "valid/every-field.json",
        "valid/tiny.json",
    ]
    .iter()
    .map(|f| std::fs::read_to_string(fixture(f)).expect("fixture"))
    .chain(
        stretchy::storage::catalog::BUILTINS
            .iter()
            .map(|(_, text)| (*text).to_owned()),
    )
    .collect()
}

/// Checks a parse result: either a routine, or problems that each name a line and column
/// inside the text and fit on one line.
fn check(text: &str) -> Result<(), TestCaseError> {
    if let Err(invalid) = Routine::from_json(text, "fuzz.json") {
        prop_assert!(!invalid.problems.is_empty());
        let lines = text.lines().count().max(1);
        for problem in &invalid.problems {
            prop_assert!(
                problem.line >= 1 && problem.line <= lines + 1,
                "{problem:?}"
            );
            prop_assert!(problem.column >= 1, "{problem:?}");
            prop_assert!(!problem.message.contains(char::is_control), "{problem:?}");
            prop_assert!(!problem.path.contains(char::is_control), "{problem:?}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text at all: never a panic.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        check(&text)?;
    }

    /// A valid file with a few bytes replaced, inserted or removed: never a panic.
    #[test]
    fn mutated_valid_files_never_panic(
        file in 0usize..8,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<char>()), 1..6),
    ) {
        let files = valid_files();
        let mut text: Vec<char> = files[file % files.len()].chars().collect();
        for (at, kind, c) in edits {
            if text.is_empty() {
                break;
            }
            let i = at.index(text.len());
            match kind {
                0 => text[i] = c,
                1 => text.insert(i, c),
                _ => {
                    text.remove(i);
                }
            }
        }
        check(&text.into_iter().collect::<String>())?;
    }

    /// Any bytes as a log: never a panic; every line is either read or counted.
    #[test]
    fn arbitrary_log_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let contents = log::parse(&bytes);
        let non_blank = bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
            .count();
        prop_assert_eq!(contents.lines.len() + contents.unreadable, non_blank);
    }
}

/// Found by `cargo fuzz run routine`: a field name or a value holding a control character (a raw
/// U+0082, an escaped line break or terminal escape) is shown with JSON escapes, so each problem
/// stays on its one line and no terminal sequence reaches the screen.
#[test]
fn control_characters_in_names_and_values_are_escaped() {
    // The fuzzer's minimized input: an unknown field whose name is U+0082.
    let invalid = Routine::from_json("{\"\u{82}\":[]}", "fuzz.json").expect_err("invalid");
    assert!(
        invalid
            .to_string()
            .contains("fuzz.json:1:2: \\u0082: unknown field"),
        "{invalid}"
    );

    let text = r#"{
  "schema": 1, "id": "x", "title": "X", "place": "desk\u001b[2J",
  "exercises": [
    { "id": "a\nb", "name": "A", "cues": ["c"], "timed": { "secs": 5 }, "no\nte": 1 },
    { "id": "a\nb", "name": "B", "cues": ["c"], "timed": { "secs": 5 } }
  ]
}"#;
    let invalid = Routine::from_json(text, "fuzz.json").expect_err("invalid");
    let report = invalid.to_string();
    assert_eq!(report.lines().count(), invalid.problems.len(), "{report}");
    assert!(
        !report.contains(|c: char| c.is_control() && c != '\n'),
        "{report:?}"
    );
    for expected in [
        r#"place: must be one of "desk", "floor", "standing", "mixed", found "desk\u001b[2J""#,
        "exercises[0].no\\nte: unknown field",
        r#"exercises[1].id: duplicate exercise id "a\nb" (also used by exercises[0])"#,
    ] {
        assert!(report.contains(expected), "{expected} not in:\n{report}");
    }
}

/// Found by timing the fuzzer's worst cases: a file just under 1 MiB with a problem in each of
/// its ~100 000 fields took from 45 s to over 5 min to reject (in an optimized build), as each
/// problem was placed by counting from the start of the file and each field was compared with
/// every one before it. Optimized, these now take 0.2 to 0.3 s (a few seconds in this debug
/// build). No time is asserted: a return of the quadratic work would take this test minutes,
/// which the suite's own run time shows.
#[test]
fn a_file_with_a_problem_in_every_field_is_rejected_with_every_problem() {
    fn just_under_a_mebibyte(field: impl Fn(usize) -> String, separator: &str) -> String {
        let mut text = String::from("{");
        for i in 0.. {
            let next = field(i);
            if text.len() + next.len() + separator.len() + 1 > 1024 * 1024 {
                break;
            }
            if i > 0 {
                text.push_str(separator);
            }
            text.push_str(&next);
        }
        text.push('}');
        text
    }
    let cases = [
        // Columns counted in characters along one long line of two-byte characters.
        (
            "unknown fields on one line",
            just_under_a_mebibyte(|i| format!("\"é{i}\":0"), ","),
        ),
        // Each duplicate names the line of the first.
        (
            "one field repeated, one a line",
            just_under_a_mebibyte(|_| "\"schema\":1".to_owned(), ",\n"),
        ),
    ];
    for (name, text) in cases {
        let invalid = Routine::from_json(&text, "big.json").expect_err("invalid");
        assert!(
            invalid.problems.len() > 80_000,
            "{name}: {}",
            invalid.problems.len()
        );
    }
}
