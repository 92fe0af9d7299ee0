//! Every mistake a person can make on the command line gets one line in plain words: the real
//! binary's stderr, word for word.

use crate::util::{Sandbox, fixture, stdout_of};

/// A routine name that begins a known one suggests it.
#[test]
fn run_with_part_of_a_name_suggests_the_routine() {
    Sandbox::new()
        .cmd(&["run", "desk"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("error: no routine 'desk'; did you mean desk-reset?\n");
}

/// A name one slip away from a known one suggests it too.
#[test]
fn run_with_a_misspelt_name_suggests_the_closest() {
    Sandbox::new()
        .cmd(&["run", "flareup"])
        .assert()
        .code(1)
        .stderr("error: no routine 'flareup'; did you mean flare-up?\n");
}

/// `check` on a file that is not there names it and says so, without the system's numbers.
#[test]
fn check_a_missing_file_says_no_such_file() {
    Sandbox::new()
        .cmd(&["check", "missing.json"])
        .current_dir(fixture(""))
        .assert()
        .code(1)
        .stdout("cannot read missing.json: no such file\n");
}

/// A folder given where a file belongs is called a folder.
#[test]
fn check_a_folder_says_it_is_a_folder() {
    Sandbox::new()
        .cmd(&["check", "valid"])
        .current_dir(fixture(""))
        .assert()
        .code(1)
        .stdout("cannot read valid: it is a folder\n");
}

/// Broken JSON is described in words, at its line and column.
#[test]
fn check_describes_broken_json_in_words() {
    let sandbox = Sandbox::new();
    let cases = [
        (
            "{\n  \"schema\": 1,\n  \"id\": \"x\"\n  \"title\": \"y\"\n}\n",
            "4:3: a comma or } is missing",
        ),
        (
            "{\n  \"schema\": 1,\n  \"id\": \"x\"\n",
            "4:1: the file ends before its closing }",
        ),
        (
            "{\n  \"schema\": 1,\n  \"cues\": [\"a\", \"b\"\n}\n",
            "4:1: a comma or ] is missing",
        ),
        (
            "{\n  \"title\": \"Desk\n",
            "2:17: a line break or tab inside a text (write \\n or \\t instead)",
        ),
        (
            "{\n  schema: 1\n}\n",
            "2:3: a name in \"double quotes\" should be here",
        ),
        (
            "{ \"schema\": 1, }",
            "1:16: a comma before } or ] (JSON allows none there)",
        ),
        ("\n", "1:1: the file is empty"),
    ];
    for (text, said) in cases {
        let path = sandbox.add_routine("broken.json", text);
        sandbox
            .cmd(&["check", path.to_str().expect("utf-8 path")])
            .assert()
            .code(1)
            .stdout(format!("{}:{said}\n", path.display()));
    }
}

/// `--since` takes a date or a few words; anything else is refused in one line saying what it
/// takes.
#[test]
fn export_since_refuses_what_is_not_a_date_in_one_line() {
    Sandbox::new()
        .cmd(&["export", "--since", "last tuesday"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: --since: expected a date like 2026-03-01, or today, yesterday, 7d or 2w; \
             found 'last tuesday'\n",
        );
}

/// `--since yesterday` and `--since 7d` are understood (the fixture log is from March 2026, so a
/// long enough count back reaches all of it, and yesterday none of it).
#[test]
fn export_since_understands_words_for_days_back() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.data()).expect("data dir");
    std::fs::copy(
        fixture("../logs/history.jsonl"),
        sandbox.data().join(stretchy::storage::paths::LOG_FILE),
    )
    .expect("log");
    let rows = |since: &str| {
        let output = sandbox
            .cmd(&["export", "--since", since])
            .assert()
            .success()
            .stderr("");
        stdout_of(&output).lines().count()
    };
    let all = rows("2000-01-01");
    assert!(all > 1, "the fixture has sessions");
    assert_eq!(rows("yesterday"), 1, "only the header");
    assert_eq!(rows("10000d"), all);
    assert_eq!(rows("2000w"), all);
}

/// A number out of range is said the same way: the option, then why, in words rather than
/// range notation.
#[test]
fn an_out_of_range_number_names_the_option_and_its_range_in_words() {
    let cases = [
        (
            ["--volume", "200"],
            "error: --volume: 200 is not a volume from 0 to 100\n",
        ),
        (
            ["--speed", "0"],
            "error: --speed: 0 is not a speed from 1 to 60\n",
        ),
        (
            ["--speed", "abc"],
            "error: --speed: \"abc\" is not a whole number\n",
        ),
        (
            ["--lead-in-secs", "500"],
            "error: --lead-in-secs: 500 is not a number of seconds from 0 to 120\n",
        ),
    ];
    for (args, said) in cases {
        Sandbox::new()
            .cmd(&[args[0], args[1], "list"])
            .assert()
            .code(2)
            .stderr(said);
    }
}
