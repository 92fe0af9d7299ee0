//! The command line as a person uses it: the real binary, its output and exit codes.

use predicates::prelude::*;

use crate::util::{Sandbox, fixture, stdout_of};

/// `stretchy list` shows the eight built-ins with their place, what they need, how often they are
/// meant to be done, duration and size.
#[test]
fn list_shows_the_built_in_routines() {
    let sandbox = Sandbox::new();
    insta::assert_snapshot!(stdout_of(&sandbox.cmd(&["list"]).assert().success()));
}

/// `stretchy show desk-reset` prints the timed plan, one line per step, and the total.
#[test]
fn show_prints_the_timed_plan() {
    let sandbox = Sandbox::new();
    let output = sandbox.cmd(&["show", "desk-reset"]).assert().success();
    insta::assert_snapshot!(stdout_of(&output));
}

/// `stretchy show flare-up` says what the routine needs, how often it is meant to be done and
/// its limits, before its safety line and plan.
#[test]
fn show_states_needs_frequency_and_limits() {
    let sandbox = Sandbox::new();
    let output = sandbox.cmd(&["show", "flare-up"]).assert().success();
    insta::assert_snapshot!(stdout_of(&output));
}

/// A routine file can be shown by path; self-paced steps are marked as estimates.
#[test]
fn show_accepts_a_file_path() {
    let sandbox = Sandbox::new();
    let path = fixture("valid/every-field.json");
    let output = sandbox
        .cmd(&["show", path.to_str().expect("utf-8 path")])
        .assert()
        .success();
    insta::assert_snapshot!(stdout_of(&output));
}

/// An unknown routine is one clear line on stderr and exit code 1.
#[test]
fn show_unknown_routine_fails_with_one_line() {
    Sandbox::new()
        .cmd(&["show", "yoga-marathon"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "error: no routine 'yoga-marathon'; `stretchy list` shows the routines, and a file path \
             works too\n",
        );
}

/// A routine path that does not exist says so in one line.
#[test]
fn show_missing_file_fails_with_one_line() {
    Sandbox::new()
        .cmd(&["show", "nowhere/routine.json"])
        .assert()
        .code(1)
        .stderr("error: cannot read nowhere/routine.json: no such file\n");
}

/// `check` on valid files: exit 0 and an `ok` line each.
#[test]
fn check_accepts_valid_files() {
    Sandbox::new()
        .cmd(&["check", "valid/minimal.json", "valid/every-field.json"])
        .current_dir(fixture(""))
        .assert()
        .success()
        .stdout(concat!(
            "valid/minimal.json: ok: \"Only what is required\" (minimal), 1 exercise, 1:05\n",
            "valid/every-field.json: ok: \"Every field set\" (every-field), 4 exercises, 4:46\n",
        ));
}

/// A position or need that breaks the promise of the routine's place is a warning, each at its
/// value, above the file's `ok` line: the file is still valid and `check` still exits 0.
#[test]
fn check_warns_when_a_position_does_not_fit_the_place() {
    Sandbox::new()
        .cmd(&[
            "check",
            "valid/floor-with-standing.json",
            "valid/standing-with-chair.json",
        ])
        .current_dir(fixture(""))
        .assert()
        .success()
        .stdout(concat!(
            "valid/floor-with-standing.json:6:71: warmup.position: warning: \"walking\" does not fit place \"floor\" (lying or kneeling on the floor); \"mixed\" suits a routine that changes position\n",
            "valid/floor-with-standing.json:9:100: exercises[1].position: warning: \"standing\" does not fit place \"floor\" (lying or kneeling on the floor); \"mixed\" suits a routine that changes position\n",
            "valid/floor-with-standing.json: ok: \"Called floor, partly standing\" (floor-with-standing), 2 exercises, 1:45\n",
            "valid/standing-with-chair.json:8:85: exercises[1].position: warning: \"lying\" does not fit place \"standing\" (standing or walking, with no chair and no floor); \"mixed\" suits a routine that changes position\n",
            "valid/standing-with-chair.json:8:104: exercises[1].needs[0]: warning: \"chair\" does not fit place \"standing\" (standing or walking, with no chair and no floor); \"mixed\" suits a routine that needs it\n",
            "valid/standing-with-chair.json:9:90: exercises[2].position: warning: \"seated\" does not fit place \"standing\" (standing or walking, with no chair and no floor); \"mixed\" suits a routine that changes position\n",
            "valid/standing-with-chair.json: ok: \"Called standing, needs a chair\" (standing-with-chair), 3 exercises, 2:25\n",
        ));
}

/// One bad file among good ones makes the whole check fail, and every file is still reported.
#[test]
fn check_fails_when_any_file_is_invalid() {
    Sandbox::new()
        .cmd(&["check", "valid/minimal.json", "invalid/zero-hold.json"])
        .current_dir(fixture(""))
        .assert()
        .code(1)
        .stdout(concat!(
            "valid/minimal.json: ok: \"Only what is required\" (minimal), 1 exercise, 1:05\n",
            "invalid/zero-hold.json:6:89: exercises[0].hold.secs: must be at least 1 second, found 0\n",
        ));
}

/// `check` needs at least one file.
#[test]
fn check_without_files_is_a_usage_error() {
    Sandbox::new()
        .cmd(&["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains('\n').count(1));
}

/// A mistyped subcommand: one line, with a pointer to `--help`, and exit code 2.
#[test]
fn unknown_subcommand_is_one_line() {
    Sandbox::new()
        .cmd(&["lsit"])
        .assert()
        .code(2)
        .stderr("error: unrecognized subcommand 'lsit'; a similar subcommand exists: 'list' (see `stretchy --help`)\n");
}

#[test]
fn help_lists_every_command() {
    let output = Sandbox::new().cmd(&["--help"]).assert().success();
    let help = stdout_of(&output);
    for command in [
        "list",
        "show",
        "check",
        "completions",
        "--config-dir",
        "--data-dir",
    ] {
        assert!(
            help.contains(command),
            "--help should mention {command}:\n{help}"
        );
    }
}

#[test]
fn version_prints_the_package_version() {
    Sandbox::new()
        .cmd(&["--version"])
        .assert()
        .success()
        .stdout(format!("stretchy {}\n", env!("CARGO_PKG_VERSION")));
}

/// A routine in the user's folder is listed, and replaces a built-in with the same id.
#[test]
fn user_routines_are_listed_and_override_built_ins() {
    let sandbox = Sandbox::new();
    let text = std::fs::read_to_string(fixture("valid/minimal.json")).expect("read");
    sandbox.add_routine("mine.json", &text);
    sandbox.add_routine(
        "desk.json",
        &text
            .replace("\"minimal\"", "\"desk-reset\"")
            .replace("Only what is required", "My desk reset"),
    );
    let out = stdout_of(&sandbox.cmd(&["list"]).assert().success());
    assert!(
        out.contains("minimal ") && out.contains("Only what is required"),
        "{out}"
    );
    assert!(out.contains("My desk reset"), "{out}");
    assert!(
        !out.contains("Desk reset "),
        "the built-in is replaced:\n{out}"
    );
    let shown = stdout_of(&sandbox.cmd(&["show", "desk-reset"]).assert().success());
    assert!(shown.starts_with("My desk reset (desk-reset)"), "{shown}");
}

/// Completion scripts are generated for the common shells.
#[test]
fn completions_are_generated() {
    for shell in ["bash", "zsh", "fish"] {
        Sandbox::new()
            .cmd(&["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("stretchy"));
    }
}

/// The manual page is roff made from the command-line definition: every subcommand is in it.
#[test]
fn man_page_lists_every_command() {
    let output = Sandbox::new().cmd(&["man"]).assert().success();
    let page = String::from_utf8_lossy(&output.get_output().stdout).into_owned();
    assert!(page.starts_with(".ie"), "not roff:\n{page}");
    assert!(page.contains(".TH stretchy 1"), "{page}");
    for command in [
        "run", "list", "show", "check", "history", "stats", "export", "safety", "settings", "man",
    ] {
        assert!(page.contains(command), "the man page lacks {command}");
    }
}

/// `stretchy list | head -1` must not panic when the reader goes away.
#[test]
fn closed_stdout_is_not_an_error() {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' list | head -c 1 >/dev/null",
            env!("CARGO_BIN_EXE_stretchy")
        ))
        .env("STRETCHY_CONFIG_DIR", "/nonexistent")
        .output()
        .expect("run sh");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// With output to a pipe, `run` plays in plain mode: one line per stage, each get-ready followed by
/// what to read for its exercise, then the outcome.
#[test]
fn run_into_a_pipe_prints_one_line_per_stage() {
    let tiny = fixture("valid/tiny.json");
    let output = Sandbox::new()
        .cmd(&["run", tiny.to_str().expect("utf-8"), "--speed", "60"])
        .assert()
        .success()
        // Nothing from the audio stack, whether or not there is a sound device.
        .stderr("");
    let text = stdout_of(&output);
    let lines: Vec<&str> = text.lines().skip(2).collect();
    pretty_assertions::assert_eq!(
        lines,
        [
            "Get ready 2 s - Knee hug",
            "Cue: Hug one knee",
            "Hold 3 s - Knee hug (left)",
            "Switch sides 2 s - Knee hug - next: right side",
            "Hold 3 s - Knee hug (right)",
            "Rest 1 s - next: Knee rocks",
            "Get ready 2 s - Knee rocks",
            "Cue: Tip slowly",
            "Reps 4 s - Knee rocks - 2 reps, 2 s each",
            "Session done: all 2 exercises",
            "Tiny · Active time 0:00 (a preview at 60× speed)",
            "Not counted in your streak or your week.",
        ]
    );
}

/// Plain mode reads out the warm-up's cues as it starts, and each exercise's set-up, cues and
/// caution at its get-ready, one a line.
#[test]
fn plain_mode_reads_out_setup_cues_and_caution() {
    let every = fixture("valid/every-field.json");
    let output = Sandbox::new()
        .cmd(&["run", every.to_str().expect("utf-8"), "--speed", "60"])
        .assert()
        .success();
    let text = stdout_of(&output);
    for expected in [
        "Warm-up 20 s - March on the spot\nCue: Lift your knees gently\n",
        "Get ready 3 s - Seated knee hug\n\
         Set up: Sit near the front of your chair\n\
         Cue: Draw one knee to your chest\n\
         Cue: Exhale\n\
         Caution: Keep your back long.\n\
         Hold 10 s - Seated knee hug (left) - rep 1/2 - set 1/2\n",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
}

/// A self-paced step cannot be finished without a keyboard: plain mode says so and ends. The
/// routine's limits are printed before its first step.
#[test]
fn plain_mode_without_a_keyboard_ends_at_a_self_paced_step() {
    let every = fixture("valid/every-field.json");
    let output = Sandbox::new()
        .cmd(&["run", every.to_str().expect("utf-8"), "--speed", "60"])
        .assert()
        .success();
    let text = stdout_of(&output);
    assert!(
        text.contains("Before you start: Not in the first weeks after a back injury.\nSafety: "),
        "the limits come before anything starts: {text}"
    );
    assert!(
        text.contains("Reps at your own pace, enter after each rep - Seated roll-down"),
        "{text}"
    );
    assert!(
        text.contains("No keyboard to continue; ending.\nEnded early: "),
        "{text}"
    );
}

/// --speed is limited to 1-60.
#[test]
fn speed_out_of_range_is_a_usage_error() {
    Sandbox::new()
        .cmd(&["run", "desk-reset", "--speed", "100"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("100 is not a speed from 1 to 60"));
}
