//! One test per file in `tests/fixtures/routines/invalid/`: `stretchy check` rejects it with exit
//! code 1 and exactly these lines, each naming the file, line, column and field.

use std::collections::BTreeSet;

use crate::util::{Sandbox, fixture};

/// Runs `stretchy check` on an invalid fixture from inside its folder, so messages name it plainly.
fn check_output(file: &str) -> String {
    let output = Sandbox::new()
        .cmd(&["check", file])
        .current_dir(fixture("invalid"))
        .output()
        .expect("run stretchy check");
    assert_eq!(output.status.code(), Some(1), "{file} should be rejected");
    assert!(output.stderr.is_empty(), "{file}: nothing on stderr");
    String::from_utf8(output.stdout).expect("utf-8")
}

macro_rules! invalid_files {
    ($($test:ident: $file:literal => $expected:expr;)*) => {
        $(
            #[test]
            fn $test() {
                pretty_assertions::assert_eq!(check_output($file), $expected);
            }
        )*

        /// Every fixture has its test, so a new file cannot sit there unchecked.
        #[test]
        fn every_invalid_fixture_has_a_test() {
            let tested: BTreeSet<&str> = [$($file),*].into_iter().collect();
            let present: BTreeSet<String> = std::fs::read_dir(fixture("invalid"))
                .expect("read fixtures")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            let present: BTreeSet<&str> = present.iter().map(String::as_str).collect();
            assert_eq!(tested, present);
        }
    };
}

invalid_files! {
    syntax_error_names_line_and_column: "syntax-error.json" =>
        "syntax-error.json:4:3: a comma or } is missing\n";
    empty_file_is_reported: "empty.json" =>
        "empty.json:1:1: the file is empty\n";
    trailing_comma_is_named: "trailing-comma.json" =>
        "trailing-comma.json:6:1: a comma before } or ] (JSON allows none there)\n";
    unknown_field_suggests_the_closest_name: "unknown-field.json" => concat!(
        "unknown-field.json:6:5: exercises[0]: needs a dosage: one of \"hold\", \"reps\" or \"timed\"\n",
        "unknown-field.json:6:71: exercises[0].hodl: unknown field (did you mean \"hold\"?)\n",
    );
    text_where_a_number_belongs: "wrong-type.json" =>
        "wrong-type.json:6:89: exercises[0].hold.secs: expected a whole number, found a string\n";
    missing_title: "missing-title.json" =>
        "missing-title.json:1:1: title: missing required field\n";
    missing_cues: "missing-cues.json" =>
        "missing-cues.json:6:5: exercises[0].cues: missing required field\n";
    zero_second_hold: "zero-hold.json" =>
        "zero-hold.json:6:89: exercises[0].hold.secs: must be at least 1 second, found 0\n";
    hold_over_five_minutes: "hold-too-long.json" =>
        "hold-too-long.json:10:25: exercises[0].hold.secs: must be at most 300 seconds, found 400\n";
    routine_over_two_hours: "routine-too-long.json" =>
        "routine-too-long.json:5:16: exercises: the routine would last 152 min; the limit is 120 min\n";
    duplicate_exercise_id: "duplicate-id.json" =>
        "duplicate-id.json:7:13: exercises[1].id: duplicate exercise id \"knee-hug\" (also used by exercises[0])\n";
    blank_exercise_name: "empty-name.json" =>
        "empty-name.json:6:33: exercises[0].name: must not be empty\n";
    cue_line_over_sixty_characters: "long-cue.json" =>
        "long-cue.json:11:9: exercises[0].cues[1]: is 71 characters long; the limit is 60\n";
    two_dosages_in_one_exercise: "two-dosages.json" =>
        "two-dosages.json:11:15: exercises[0].reps: an exercise takes exactly one dosage, and this one already has \"hold\"\n";
    exercise_without_dosage: "no-dosage.json" =>
        "no-dosage.json:6:5: exercises[0]: needs a dosage: one of \"hold\", \"reps\" or \"timed\"\n";
    unsupported_schema_version: "schema-2.json" =>
        "schema-2.json:2:13: schema: unsupported schema version 2; this version of stretchy reads schema 1\n";
    id_with_capitals_and_space: "bad-id.json" =>
        "bad-id.json:3:9: id: must use only lowercase letters, digits and '-', found \"Desk Reset\"\n";
    place_not_in_the_list: "bad-place.json" =>
        "bad-place.json:5:12: place: must be one of \"desk\", \"floor\", \"standing\", \"mixed\", found \"kitchen\"\n";
    fractional_reps: "fractional-reps.json" =>
        "fractional-reps.json:6:101: exercises[0].hold.reps: expected a whole number, found 2.5\n";
    no_exercises: "no-exercises.json" =>
        "no-exercises.json:5:16: exercises: needs at least one exercise\n";
    field_given_twice: "duplicate-field.json" =>
        "duplicate-field.json:5:3: title: duplicate field (first given on line 4)\n";
    progression_ceiling_below_the_start: "progression-below-start.json" =>
        "progression-below-start.json:11:36: exercises[0].progression.max_secs: must be at least the starting 10 seconds, found 5\n";
    position_not_in_the_list: "bad-position.json" =>
        "bad-position.json:5:57: warmup.position: must be one of \"standing\", \"walking\", \"seated\", \"kneeling\", \"lying\", found \"sitting\"\n";
    need_not_in_the_list: "bad-need.json" =>
        "bad-need.json:6:87: exercises[0].needs[1]: must be one of \"floor\", \"chair\", \"wall\", \"towel\", found \"mat\"\n";
    need_listed_twice: "need-listed-twice.json" =>
        "need-listed-twice.json:6:74: exercises[0].needs[2]: \"wall\" is already listed (exercises[0].needs[0])\n";
    needs_given_as_one_word: "needs-not-a-list.json" =>
        "needs-not-a-list.json:6:56: exercises[0].needs: expected a list of words, found a string\n";
    frequency_over_thirty_characters: "long-frequency.json" =>
        "long-frequency.json:5:16: frequency: is 45 characters long; the limit is 30\n";
    blank_limits: "empty-limits.json" =>
        "empty-limits.json:5:13: limits: must not be empty\n";
    hold_may_not_grow_past_five_minutes: "hold-progression-too-long.json" =>
        "hold-progression-too-long.json:11:36: exercises[0].progression.max_secs: a hold may grow to at most 300 seconds, found 600 (only a timed exercise may grow longer)\n";
    top_level_array: "not-an-object.json" =>
        "not-an-object.json:1:1: a routine file holds one JSON object, found an array\n";
    invalid_utf8: "not-utf8.json" =>
        "not-utf8.json:4:16: the file is not valid UTF-8 text\n";
    several_mistakes_are_all_reported: "several-mistakes.json" => concat!(
        "several-mistakes.json:5:24: rest_between_secs: must not be negative, found -5\n",
        "several-mistakes.json:7:103: exercises[0].hold.breath: must be one of \"steady\", \"exhale\", \"none\", found \"hold\"\n",
        "several-mistakes.json:8:45: exercises[1].cues: needs at least one line\n",
    );
}

/// A file over 1 MiB is refused without being parsed.
#[test]
fn file_over_one_mebibyte_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.json");
    let padding = " ".repeat(1024 * 1024);
    std::fs::write(&path, format!("{{{padding}}}")).expect("write");
    let output = Sandbox::new()
        .cmd(&["check", "huge.json"])
        .current_dir(dir.path())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "huge.json: the file is larger than 1 MiB; routine files are small JSON documents\n"
    );
}
