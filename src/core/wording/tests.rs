use std::io;

use pretty_assertions::assert_eq;

use super::*;

/// The located message `serde_json`'s parser gives for `text`, as `line:column: message`.
fn said(text: &str) -> String {
    let e = serde_json::from_str::<serde::de::IgnoredAny>(text).expect_err("broken JSON");
    let JsonError {
        line,
        column,
        message,
    } = json_error(text, &e);
    format!("{line}:{column}: {message}")
}

#[test]
fn io_errors_are_said_in_a_few_plain_words() {
    let cases = [
        (io::ErrorKind::NotFound, "no such file"),
        (io::ErrorKind::PermissionDenied, "permission denied"),
        (io::ErrorKind::IsADirectory, "it is a folder"),
        (io::ErrorKind::StorageFull, "disk full"),
        (io::ErrorKind::ReadOnlyFilesystem, "disk is read-only"),
    ];
    for (kind, words) in cases {
        assert_eq!(io_error(&io::Error::from(kind)), words);
    }
}

#[test]
fn system_errors_lose_their_os_error_number() {
    // ENOENT, as the system reports a missing file.
    assert_eq!(io_error(&io::Error::from_raw_os_error(2)), "no such file");
    // EPIPE has no words of its own: the system's, without "(os error 32)".
    assert_eq!(io_error(&io::Error::from_raw_os_error(32)), "broken pipe");
}

#[test]
fn errors_made_by_the_program_keep_their_own_words() {
    let e = io::Error::other("no data folder (set --data-dir)");
    assert_eq!(io_error(&e), "no data folder (set --data-dir)");
    let e = io::Error::new(io::ErrorKind::NotFound, "no log yet");
    assert_eq!(io_error(&e), "no log yet");
}

#[test]
fn text_that_is_not_utf8_is_said_so() {
    let mut text = String::new();
    let e = io::Read::read_to_string(&mut &[0xff_u8][..], &mut text).expect_err("not UTF-8");
    assert_eq!(io_error(&e), "not UTF-8 text");
}

#[test]
fn a_missing_comma_names_what_is_missing_where() {
    assert_eq!(
        said("{\n  \"a\": 1\n  \"b\": 2\n}"),
        "3:3: a comma or } is missing"
    );
    assert_eq!(said("[1 2]"), "1:4: a comma or ] is missing");
}

#[test]
fn a_file_cut_short_says_what_it_ends_before() {
    assert_eq!(said("{\"a\": 1"), "1:7: the file ends before its closing }");
    assert_eq!(said("[1, 2"), "1:5: the file ends before its closing ]");
    assert_eq!(
        said("{\"a\": \"text"),
        "1:11: the file ends inside a text (a closing \" is missing)"
    );
    assert_eq!(
        said("{\"a\":"),
        "1:5: the file ends where a value should be"
    );
}

#[test]
fn an_empty_file_is_called_empty() {
    assert_eq!(said(""), "1:1: the file is empty");
    assert_eq!(said("  \n"), "1:1: the file is empty");
}

#[test]
fn a_trailing_comma_is_named_in_objects_and_lists() {
    let comma = "a comma before } or ] (JSON allows none there)";
    assert_eq!(said("{\"a\": 1,}"), format!("1:9: {comma}"));
    assert_eq!(said("[1,\n]"), format!("2:1: {comma}"));
}

#[test]
fn common_slips_are_named() {
    assert_eq!(
        said("{a: 1}"),
        "1:2: a name in \"double quotes\" should be here"
    );
    assert_eq!(said("{\"a\" 1}"), "1:6: a : is missing after the name");
    assert_eq!(
        said("{\"a\": yes}"),
        "1:7: a value should be here (a number, \"text\", true, false, [ or {)"
    );
    assert_eq!(
        said("{\"a\": tru}"),
        "1:10: an unknown word (JSON knows true, false and null; text goes in \"double quotes\")"
    );
    assert_eq!(said("{} {}"), "1:4: more text after the end of the JSON");
    assert_eq!(
        said("{\"a\": \"x\ty\"}"),
        "1:9: a line break or tab inside a text (write \\n or \\t instead)"
    );
    assert_eq!(
        said("{\"a\": 01}"),
        "1:8: a number is not written as JSON writes numbers (like 20 or 1.5)"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    // "é" is two bytes; the comma belongs before the 11th character, the 12th byte.
    assert_eq!(
        said("{\"a\": \"é\" \"b\": 1}"),
        "1:11: a comma or } is missing"
    );
}

#[test]
fn value_errors_say_what_was_expected_and_found() {
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Settings {
        weekly_goal: u32,
    }
    let say = |text: &str| {
        let e = serde_json::from_str::<Settings>(text).expect_err("invalid settings");
        json_error(text, &e).message
    };
    assert_eq!(
        say("{\"weekly_goal\": \"three\"}"),
        "expected a whole number, 0 or more, found text \"three\""
    );
    assert_eq!(
        say("{\"weekly_goal\": -1}"),
        "expected a whole number, 0 or more, found -1"
    );
    assert_eq!(say("{}"), "missing field weekly_goal");
    assert_eq!(
        say("{\"weekly_goal\": 3, \"volume\": 60}"),
        "unknown field volume"
    );
}

#[test]
fn a_name_that_begins_known_names_suggests_them_all() {
    let known = ["desk-reset", "micro-break", "desk-stretch"];
    assert_eq!(did_you_mean("desk", &known), ["desk-reset", "desk-stretch"]);
    assert_eq!(did_you_mean("micro", &known), ["micro-break"]);
}

#[test]
fn a_misspelt_name_suggests_the_closest_within_two_letters() {
    let known = ["flare-up", "core-stability"];
    assert_eq!(did_you_mean("flareup", &known), ["flare-up"]);
    assert_eq!(did_you_mean("yoga-marathon", &known), Vec::<&str>::new());
    assert_eq!(did_you_mean("", &known), Vec::<&str>::new());
}

#[test]
fn names_are_listed_with_or() {
    assert_eq!(or_list(&["a"]), "a");
    assert_eq!(or_list(&["a", "b"]), "a or b");
    assert_eq!(or_list(&["a", "b", "c"]), "a, b or c");
}

#[test]
fn counts_say_one_thing_and_many_things() {
    assert_eq!(plural(1u32, "session"), "1 session");
    assert_eq!(plural(0u32, "session"), "0 sessions");
    assert_eq!(plural(3usize, "day"), "3 days");
}
