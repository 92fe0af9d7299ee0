//! `settings.json` through the real binary: what `stretchy settings` prints, flags over the file,
//! and one warning per bad key while the rest of the file still applies.

use pretty_assertions::assert_eq;

use crate::util::{Sandbox, fixture, stdout_of};

fn write_settings(sandbox: &Sandbox, text: &str) {
    std::fs::create_dir_all(sandbox.config()).expect("config folder");
    std::fs::write(sandbox.config().join("settings.json"), text).expect("settings written");
}

fn stderr_of(output: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&output.get_output().stderr).into_owned()
}

#[test]
fn settings_without_a_file_prints_the_defaults_and_where_the_file_would_be() {
    let sandbox = Sandbox::new();
    let output = sandbox.cmd(&["settings"]).assert().success().stderr("");
    let path = sandbox.config().join("settings.json");
    assert_eq!(
        stdout_of(&output),
        format!(
            "Settings file: {} (not there yet: create it to keep settings)

SETTING            VALUE                                         FROM
rest_days          1                                             default
weekly_goal        3                                             default
sound              \"auto\"                                        default
volume             80                                            default
mute               false                                         default
lead_in_secs       null (each routine's own)                     default
default_routine    null (`run` alone: the routine last started)  default
remind_every_mins  50                                            default
work_hours         \"09:00-18:00\"                                 default
work_days          [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]           default
suggest            \"micro-break\"                                 default
snooze_mins        10                                            default
",
            path.display()
        )
    );
}

/// Each value says where it came from; a flag beats the file; a bad key is said once, on stderr,
/// and the file's other keys still apply.
#[test]
fn settings_shows_file_and_flag_values_and_warns_once_per_bad_key() {
    let sandbox = Sandbox::new();
    write_settings(
        &sandbox,
        r#"{
  "volume": 60,
  "sound": "bell",
  "volme": 10,
  "weekly_goal": 40,
  "work_days": ["sat", "sun"],
  "suggest": "desk-rest"
}"#,
    );
    let output = sandbox
        .cmd(&["settings", "--volume", "30", "--lead-in-secs", "9"])
        .assert()
        .success();
    let path = sandbox.config().join("settings.json");
    let text = stdout_of(&output);
    assert_eq!(
        text.lines().next(),
        Some(format!("Settings file: {}", path.display()).as_str())
    );
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(3)
        .map(|l| {
            l.split("  ")
                .filter(|c| !c.is_empty())
                .map(str::trim)
                .collect()
        })
        .collect();
    let row = |key: &str| {
        rows.iter()
            .find(|r| r[0] == key)
            .unwrap_or_else(|| panic!("no row {key}:\n{text}"))
            .clone()
    };
    assert_eq!(row("volume"), ["volume", "30", "--volume"]);
    assert_eq!(row("sound"), ["sound", "\"bell\"", "settings.json"]);
    assert_eq!(row("lead_in_secs"), ["lead_in_secs", "9", "--lead-in-secs"]);
    assert_eq!(row("weekly_goal"), ["weekly_goal", "3", "default"]);
    assert_eq!(
        row("work_days"),
        ["work_days", "[\"sat\", \"sun\"]", "settings.json"]
    );
    assert_eq!(row("suggest"), ["suggest", "\"micro-break\"", "default"]);
    assert_eq!(
        stderr_of(&output),
        "warning: settings.json:4: unknown setting \"volme\" (did you mean \"volume\"?); ignored
warning: settings.json:5: \"weekly_goal\": 40 is not a number of sessions a week from 1 to 21; using 3
warning: settings.json:7: \"suggest\": no routine \"desk-rest\" (did you mean \"desk-reset\"?); using \"micro-break\"
"
    );
}

#[test]
fn a_broken_file_is_one_plain_warning_and_the_command_still_runs() {
    let sandbox = Sandbox::new();
    write_settings(&sandbox, "{\n  \"volume\": 60,\n");
    let output = sandbox.cmd(&["list"]).assert().success();
    assert_eq!(
        stderr_of(&output),
        "warning: settings.json:3:1: the file ends before its closing }; using the defaults\n"
    );
    assert!(stdout_of(&output).contains("desk-reset"));
}

/// The get-ready time from the file reaches the plan `show` prints; the flag beats it.
#[test]
fn the_lead_in_setting_reaches_the_plan_and_the_flag_overrides_it() {
    let sandbox = Sandbox::new();
    write_settings(&sandbox, r#"{"lead_in_secs": 12}"#);
    let tiny = fixture("valid/tiny.json");
    let tiny = tiny.to_str().expect("utf-8");
    let get_ready = |args: &[&str]| {
        let output = sandbox.cmd(args).assert().success().stderr("");
        let text = stdout_of(&output);
        let line = text
            .lines()
            .find(|l| l.contains("Get ready"))
            .unwrap_or_else(|| panic!("no get-ready:\n{text}"));
        line.split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(get_ready(&["show", tiny]), "0:12");
    assert_eq!(get_ready(&["show", tiny, "--lead-in-secs", "4"]), "0:04");
}

#[test]
fn run_without_a_routine_runs_the_default_routine() {
    let sandbox = Sandbox::new();
    let tiny = fixture("valid/tiny.json");
    write_settings(
        &sandbox,
        &format!(
            r#"{{"default_routine": {:?}}}"#,
            tiny.to_str().expect("utf-8")
        ),
    );
    let output = sandbox
        .cmd(&["run", "--speed", "60"])
        .assert()
        .success()
        .stderr("");
    assert!(stdout_of(&output).contains("Hold 3 s - Knee hug (left)"));
}

/// `"mute": true` in the file, and the flag either way.
#[test]
fn the_mute_flag_overrides_the_file_either_way() {
    let sandbox = Sandbox::new();
    write_settings(&sandbox, r#"{"mute": true}"#);
    let mute_row = |args: &[&str]| {
        let output = sandbox.cmd(args).assert().success().stderr("");
        let text = stdout_of(&output);
        let row = text
            .lines()
            .find(|l| l.starts_with("mute "))
            .unwrap_or_default();
        row.split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(mute_row(&["settings"]), ["mute", "true", "settings.json"]);
    assert_eq!(
        mute_row(&["settings", "--mute=false"]),
        ["mute", "false", "--mute"]
    );
    assert_eq!(
        mute_row(&["--mute", "settings"]),
        ["mute", "true", "--mute"]
    );
}
