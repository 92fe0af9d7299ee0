use jiff::civil::{Time, Weekday};
use pretty_assertions::assert_eq;

use super::*;

/// The settings and warnings `text` gives, the warnings as shown.
fn read(text: &str) -> (Settings, Vec<String>) {
    let resolved = Resolved::from_file(text, "settings.json");
    let warnings = resolved.warnings.iter().map(ToString::to_string).collect();
    (resolved.settings, warnings)
}

fn warnings(text: &str) -> Vec<String> {
    read(text).1
}

#[test]
fn every_key_is_read_and_marked_as_from_the_file() {
    let text = r#"{
  "rest_days": 2, "weekly_goal": 5, "sound": "bell", "volume": 60, "mute": true,
  "lead_in_secs": 10, "default_routine": "desk-reset", "remind_every_mins": 45,
  "work_hours": "8:30-17:00", "work_days": ["Monday", "wed", "fri", "mon"],
  "suggest": "walking-break", "snooze_mins": 5
}"#;
    let resolved = Resolved::from_file(text, "settings.json");
    assert_eq!(resolved.warnings, []);
    let wanted = Settings {
        history: history::Settings {
            rest_days: 2,
            weekly_goal: 5,
        },
        sound: SoundMode::Bell,
        volume: 60,
        mute: true,
        lead_in_secs: Some(10),
        default_routine: Some("desk-reset".to_owned()),
        reminders: Reminders {
            every_mins: 45,
            start: Time::constant(8, 30, 0, 0),
            end: Time::constant(17, 0, 0, 0),
            days: vec![Weekday::Monday, Weekday::Wednesday, Weekday::Friday],
            suggest: "walking-break".to_owned(),
            snooze_mins: 5,
        },
    };
    assert_eq!(resolved.settings, wanted);
    for key in Key::ALL {
        assert_eq!(resolved.source(key), Source::File, "{}", key.name());
    }
}

#[test]
fn a_partial_file_sets_what_it_names_and_leaves_the_rest_default() {
    let resolved = Resolved::from_file(r#"{"volume": 30}"#, "settings.json");
    let wanted = Settings {
        volume: 30,
        ..Settings::default()
    };
    assert_eq!(resolved.settings, wanted);
    assert_eq!(resolved.source(Key::Volume), Source::File);
    assert_eq!(resolved.source(Key::Sound), Source::Default);
    assert_eq!(resolved.warnings, []);
}

#[test]
fn an_empty_file_or_empty_object_is_the_defaults_quietly() {
    for text in ["", "  \n", "{}", "\u{feff}{ }"] {
        assert_eq!(read(text), (Settings::default(), vec![]), "{text:?}");
    }
}

/// One key's mistake costs that key only: the others still apply.
#[test]
fn an_unknown_key_is_ignored_with_a_guess_and_the_rest_applies() {
    let (settings, warnings) =
        read("{\n  \"weekly_goal\": 4,\n  \"volme\": 60,\n  \"mute\": true\n}");
    assert_eq!(settings.history.weekly_goal, 4);
    assert!(settings.mute);
    assert_eq!(settings.volume, 80);
    assert_eq!(
        warnings,
        [r#"settings.json:3: unknown setting "volme" (did you mean "volume"?); ignored"#]
    );
    assert_eq!(
        self::warnings(r#"{"colour": "blue"}"#),
        [r#"settings.json:1: unknown setting "colour" (see `stretchy settings`); ignored"#]
    );
    assert_eq!(
        self::warnings(r#"{"weekly-goal": 4}"#),
        [
            r#"settings.json:1: unknown setting "weekly-goal" (did you mean "weekly_goal"?); ignored"#
        ]
    );
}

#[test]
fn an_invalid_value_keeps_the_default_and_says_what_was_wrong() {
    let cases = [
        (
            r#""volume": 160"#,
            r#""volume": 160 is not a volume from 0 to 100; using 80"#,
        ),
        (
            r#""volume": "loud""#,
            r#""volume": "loud" is not a volume from 0 to 100; using 80"#,
        ),
        (
            r#""sound": "beep""#,
            r#""sound": "beep" is not one of "auto", "bell" or "off"; using "auto""#,
        ),
        (
            r#""mute": "yes""#,
            r#""mute": "yes" is not true or false; using false"#,
        ),
        (
            r#""rest_days": -1"#,
            r#""rest_days": -1 is not a number of rest days from 0 to 6; using 1"#,
        ),
        (
            r#""weekly_goal": 2.5"#,
            r#""weekly_goal": 2.5 is not a number of sessions a week from 1 to 21; using 3"#,
        ),
        (
            r#""lead_in_secs": 500"#,
            r#""lead_in_secs": 500 is not a number of seconds from 0 to 120, or null; using each routine's own"#,
        ),
        (
            r#""default_routine": "desk reset""#,
            r#""default_routine": "desk reset" is not a routine id like "desk-reset", or null; using none"#,
        ),
        (
            r#""remind_every_mins": 1000"#,
            r#""remind_every_mins": 1000 is not a number of minutes from 0 (off) to 480; using 50"#,
        ),
        (
            r#""work_hours": "9-5""#,
            r#""work_hours": "9-5" is not working hours like "09:00-18:00"; using "09:00-18:00""#,
        ),
        (
            r#""work_hours": "18:00-09:00""#,
            r#""work_hours": "18:00-09:00" ends before it starts; using "09:00-18:00""#,
        ),
        (
            r#""work_days": ["mon", "funday"]"#,
            r#""work_days": ["mon", "funday"] is not a list of days like ["mon", "tue", "wed"]; using ["mon", "tue", "wed", "thu", "fri"]"#,
        ),
        (
            r#""suggest": 3"#,
            r#""suggest": 3 is not a routine id like "micro-break"; using "micro-break""#,
        ),
        (
            r#""snooze_mins": 0"#,
            r#""snooze_mins": 0 is not a number of minutes from 1 to 120; using 10"#,
        ),
    ];
    for (pair, wanted) in cases {
        // Another key, valid, still applies.
        let (other, other_key) = if pair.contains("volume") {
            ("\"weekly_goal\": 5", Key::WeeklyGoal)
        } else {
            ("\"volume\": 55", Key::Volume)
        };
        let text = format!("{{\n  {other},\n  {pair}\n}}");
        let resolved = Resolved::from_file(&text, "settings.json");
        let shown: Vec<String> = resolved.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(shown, [format!("settings.json:3: {wanted}")], "{pair}");
        assert_eq!(resolved.source(other_key), Source::File, "{pair}");
        let defaults = Resolved::defaults("settings.json");
        for key in Key::ALL.into_iter().filter(|k| *k != other_key) {
            assert_eq!(resolved.value_json(key), defaults.value_json(key), "{pair}");
            assert_eq!(resolved.source(key), Source::Default, "{pair}");
        }
    }
}

#[test]
fn a_long_value_is_shortened_in_the_warning() {
    let long = "x".repeat(100);
    assert_eq!(
        warnings(&format!(r#"{{"sound": "{long}"}}"#)),
        [format!(
            r#"settings.json:1: "sound": "{}… is not one of "auto", "bell" or "off"; using "auto""#,
            "x".repeat(30)
        )]
    );
}

#[test]
fn a_key_given_twice_says_so_and_the_later_applies() {
    let (settings, warnings) = read("{\n\"volume\": 10,\n\"volume\": 20\n}");
    assert_eq!(settings.volume, 20);
    assert_eq!(
        warnings,
        [r#"settings.json:3: "volume" is given twice (first on line 2); the later applies"#]
    );
}

/// Broken JSON: the defaults, and one warning in plain words with the line and column.
#[test]
fn broken_json_is_described_in_plain_words_with_line_and_column() {
    let cases = [
        (
            "{\n  \"rest_days\": 2",
            "settings.json:2:16: the file ends before its closing }; using the defaults",
        ),
        (
            "{\"volume\": 60,}",
            "settings.json:1:15: a comma before } or ] (JSON allows none there); using the defaults",
        ),
        (
            "{\n  \"volume\": 60\n  \"mute\": true\n}",
            "settings.json:3:3: a comma or } is missing; using the defaults",
        ),
        (
            "{\n  // quieter\n  \"volume\": 60\n}",
            "settings.json:2:3: a comment (JSON allows none); using the defaults",
        ),
        (
            "{volume: 60}",
            "settings.json:1:2: a name in \"double quotes\" should be here; using the defaults",
        ),
        (
            "{\"sound\": \"off}",
            "settings.json:1:15: the file ends inside a text (a closing \" is missing); using the \
             defaults",
        ),
        (
            "{\"mute\": yes}",
            "settings.json:1:10: a value should be here (a number, \"text\", true, false, [ or {); \
             using the defaults",
        ),
        (
            "{} {}",
            "settings.json:1:4: more text after the end of the JSON; using the defaults",
        ),
        (
            "[1, 2]",
            "settings.json:1: the file holds a list, not settings in { }; using the defaults",
        ),
    ];
    for (text, wanted) in cases {
        let (settings, warnings) = read(text);
        assert_eq!(settings, Settings::default(), "{text}");
        assert_eq!(warnings, [wanted], "{text}");
        for warning in &warnings {
            for jargon in ["EOF", "parsing", "ident", "`"] {
                assert!(!warning.contains(jargon), "{warning}");
            }
        }
    }
}

#[test]
fn flags_mark_their_keys_and_the_notice_counts_the_rest() {
    let mut resolved = Resolved::from_file(r#"{"volme": 1, "mute": 2}"#, "settings.json");
    resolved.settings.volume = 40;
    resolved.set_by_flag(Key::Volume, "--volume");
    assert_eq!(resolved.source(Key::Volume), Source::Flag("--volume"));
    assert_eq!(
        resolved.notice().as_deref(),
        Some(
            r#"settings.json:1: unknown setting "volme" (did you mean "volume"?); ignored (+1 more)"#
        )
    );
    assert_eq!(Resolved::defaults("settings.json").notice(), None);
}

#[test]
fn an_unknown_routine_id_is_dropped_with_a_guess() {
    let mut resolved = Resolved::from_file(
        r#"{"default_routine": "desk-rest", "suggest": "walking-break"}"#,
        "settings.json",
    );
    resolved.check_routines(&["desk-reset", "micro-break", "walking-break"]);
    assert_eq!(resolved.settings.default_routine, None);
    assert_eq!(resolved.source(Key::DefaultRoutine), Source::Default);
    assert_eq!(resolved.settings.reminders.suggest, "walking-break");
    let shown: Vec<String> = resolved.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            r#"settings.json:1: "default_routine": no routine "desk-rest" (did you mean "desk-reset"?); using none"#
        ]
    );
}

#[test]
fn the_lead_in_setting_replaces_every_routines_own() {
    let text = r#"{"schema": 1, "id": "t", "title": "T", "lead_in_secs": 5,
        "exercises": [{"id": "a", "name": "A", "cues": ["c"], "hold": {"secs": 10}}]}"#;
    let mut routine = Routine::from_json(text, "t.json").expect("valid");
    Settings::default().adjust(&mut routine);
    assert_eq!(routine.lead_in_secs, 5);
    let settings = Settings {
        lead_in_secs: Some(12),
        ..Settings::default()
    };
    settings.adjust(&mut routine);
    assert_eq!(routine.lead_in_secs, 12);
}

/// A file of many thousands of keys is read key by key, each numbered without reading the file
/// from the start again (that would take minutes at this size).
#[test]
fn a_huge_file_gets_a_warning_per_bad_key_with_the_right_lines() {
    let mut text = String::from("{\n\"volume\": 1");
    for _ in 0..5_000 {
        text.push_str(",\n\"volume\": 2,\n\"volme\": 3");
    }
    text.push_str("\n}");
    let (settings, warnings) = read(&text);
    assert_eq!(settings.volume, 2);
    assert_eq!(warnings.len(), 10_000);
    assert_eq!(
        warnings.last().map(String::as_str),
        Some(r#"settings.json:10002: unknown setting "volme" (did you mean "volume"?); ignored"#)
    );
}
