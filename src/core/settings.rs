//! The settings in effect: history's rules, sound, the get-ready time, the default routine and the
//! break reminders, each with where its value came from.
//!
//! Built in one order: the defaults, then `settings.json` ([`Resolved::from_file`]), then the
//! command-line flags (the shell's `Cli::settings`, through [`Resolved::set_by_flag`]). Pure: the
//! shell reads the file and hands over its text. A problem with one key costs that key only: it
//! keeps its default and gets one warning in plain words naming the line.

use std::fmt::{self, Display};

use jiff::civil::{Time, Weekday};
use jsonc_parser::ast::Value;
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use crate::core::history;
use crate::core::reminder::Reminders;
use crate::core::routine::Routine;
use crate::core::routine::limits::MAX_LEAD_IN_SECS;
use crate::core::wording;

/// What `--sound` and `"sound"` ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SoundMode {
    /// Play the cue sounds on the default audio device; silent (with a status saying why) when
    /// there is none.
    #[default]
    Auto,
    /// Ring the terminal bell instead of playing sounds.
    Bell,
    /// No sound at all.
    Off,
}

impl SoundMode {
    /// The name in the settings file and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SoundMode::Auto => "auto",
            SoundMode::Bell => "bell",
            SoundMode::Off => "off",
        }
    }
}

/// Everything a run of stretchy can be set up with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub history: history::Settings,
    pub sound: SoundMode,
    /// 0 to 100.
    pub volume: u8,
    /// Start with the cues muted.
    pub mute: bool,
    /// Seconds to get into position before each exercise, in every routine; `None`: each
    /// routine's own.
    pub lead_in_secs: Option<u32>,
    /// The routine `stretchy run` starts when none is named.
    pub default_routine: Option<String>,
    pub reminders: Reminders,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            history: history::Settings::default(),
            sound: SoundMode::Auto,
            volume: 80,
            mute: false,
            lead_in_secs: None,
            default_routine: None,
            reminders: Reminders::default(),
        }
    }
}

impl Settings {
    /// The routine as these settings play it: its get-ready time replaced when one is set.
    pub fn adjust(&self, routine: &mut Routine) {
        if let Some(secs) = self.lead_in_secs {
            routine.lead_in_secs = secs;
        }
    }
}

/// A key of `settings.json`, in the order `stretchy settings` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    RestDays,
    WeeklyGoal,
    Sound,
    Volume,
    Mute,
    LeadInSecs,
    DefaultRoutine,
    RemindEveryMins,
    WorkHours,
    WorkDays,
    Suggest,
    SnoozeMins,
}

impl Key {
    pub const ALL: [Key; 12] = [
        Key::RestDays,
        Key::WeeklyGoal,
        Key::Sound,
        Key::Volume,
        Key::Mute,
        Key::LeadInSecs,
        Key::DefaultRoutine,
        Key::RemindEveryMins,
        Key::WorkHours,
        Key::WorkDays,
        Key::Suggest,
        Key::SnoozeMins,
    ];

    /// The key as written in the file.
    pub fn name(self) -> &'static str {
        match self {
            Key::RestDays => "rest_days",
            Key::WeeklyGoal => "weekly_goal",
            Key::Sound => "sound",
            Key::Volume => "volume",
            Key::Mute => "mute",
            Key::LeadInSecs => "lead_in_secs",
            Key::DefaultRoutine => "default_routine",
            Key::RemindEveryMins => "remind_every_mins",
            Key::WorkHours => "work_hours",
            Key::WorkDays => "work_days",
            Key::Suggest => "suggest",
            Key::SnoozeMins => "snooze_mins",
        }
    }

    /// What a valid value is, to finish "… is not …" in a warning.
    fn expected(self) -> String {
        match self {
            Key::RestDays => format!("a number of rest days from 0 to {MAX_REST_DAYS}"),
            Key::WeeklyGoal => format!("a number of sessions a week from 1 to {MAX_WEEKLY_GOAL}"),
            Key::Sound => "one of \"auto\", \"bell\" or \"off\"".to_owned(),
            Key::Volume => "a volume from 0 to 100".to_owned(),
            Key::Mute => "true or false".to_owned(),
            Key::LeadInSecs => format!("a number of seconds from 0 to {MAX_LEAD_IN_SECS}, or null"),
            Key::DefaultRoutine => "a routine id like \"desk-reset\", or null".to_owned(),
            Key::RemindEveryMins => {
                format!("a number of minutes from 0 (off) to {MAX_REMIND_EVERY_MINS}")
            }
            Key::WorkHours => "working hours like \"09:00-18:00\"".to_owned(),
            Key::WorkDays => "a list of days like [\"mon\", \"tue\", \"wed\"]".to_owned(),
            Key::Suggest => "a routine id like \"micro-break\"".to_owned(),
            Key::SnoozeMins => format!("a number of minutes from 1 to {MAX_SNOOZE_MINS}"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

const MAX_REST_DAYS: u64 = 6;
const MAX_WEEKLY_GOAL: u64 = 21;
const MAX_REMIND_EVERY_MINS: u64 = 480;
const MAX_SNOOZE_MINS: u64 = 120;

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Default,
    File,
    /// The flag that set it, e.g. `--volume`.
    Flag(&'static str),
}

/// One problem with the settings file, shown as `settings.json:3: …` (or `:3:5:` for a JSON
/// syntax error, which has a column worth giving).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// The settings in effect, where each came from, and what was wrong with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub settings: Settings,
    sources: [Source; Key::ALL.len()],
    /// The line each key read from the file is on.
    lines: [Option<usize>; Key::ALL.len()],
    pub warnings: Vec<Warning>,
    /// The file's name, for warnings.
    file: String,
}

impl Resolved {
    /// The defaults, as when there is no settings file. `file` names it in warnings.
    pub fn defaults(file: &str) -> Resolved {
        Resolved {
            settings: Settings::default(),
            sources: [Source::Default; Key::ALL.len()],
            lines: [None; Key::ALL.len()],
            warnings: Vec::new(),
            file: file.to_owned(),
        }
    }

    /// The defaults with the file's keys applied. Each unknown or invalid key is left out with a
    /// warning; broken JSON leaves all the defaults, with one warning saying where and what.
    pub fn from_file(text: &str, file: &str) -> Resolved {
        let mut resolved = Resolved::defaults(file);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // An empty file is a file not filled in yet: nothing to warn about.
        if text.trim().is_empty() {
            return resolved;
        }
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
            let e = wording::json_error(text, &e);
            let message = format!("{}; using the defaults", e.message);
            resolved.warn(Some(e.line), Some(e.column), message);
            return resolved;
        }
        let strict = ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        };
        let Ok(Some(root)) =
            parse_to_ast(text, &CollectOptions::default(), &strict).map(|parsed| parsed.value)
        else {
            // serde_json accepted the text, so only a disagreement between the parsers ends here.
            resolved.warn(
                Some(1),
                None,
                "not valid JSON; using the defaults".to_owned(),
            );
            return resolved;
        };
        let Value::Object(object) = &root else {
            let message = format!(
                "the file holds {}, not settings in {{ }}; using the defaults",
                kind(&root)
            );
            resolved.warn(Some(1), None, message);
            return resolved;
        };
        // The line of the key before, so that numbering keys never reads the file twice.
        let (mut at, mut line) = (0, 1);
        let mut first_given: [Option<usize>; Key::ALL.len()] = [None; Key::ALL.len()];
        for prop in &object.properties {
            let name = prop.name.as_str();
            line += text
                .get(at..prop.start())
                .map_or(0, |t| t.matches('\n').count());
            at = prop.start();
            let Some(key) = Key::ALL.into_iter().find(|k| k.name() == name) else {
                resolved.warn(Some(line), None, unknown_key_message(name));
                continue;
            };
            match first_given[key.index()] {
                Some(first) => {
                    let message = format!(
                        "\"{name}\" is given twice (first on line {first}); the later applies"
                    );
                    resolved.warn(Some(line), None, message);
                }
                None => first_given[key.index()] = Some(line),
            }
            let shown = shown(&text[prop.value.start()..prop.value.end()]);
            if resolved.read(key, &prop.value).is_some() {
                resolved.sources[key.index()] = Source::File;
                resolved.lines[key.index()] = Some(line);
            } else if let Some(why) = Resolved::rule_broken(key, &prop.value) {
                let message = format!(
                    "\"{}\": {shown} {why}; using {}",
                    key.name(),
                    resolved.fallback(key)
                );
                resolved.warn(Some(line), None, message);
            } else {
                let message = format!(
                    "\"{}\": {shown} is not {}; using {}",
                    key.name(),
                    key.expected(),
                    resolved.fallback(key)
                );
                resolved.warn(Some(line), None, message);
            }
        }
        resolved
    }

    /// Notes that a command-line flag set `key` (the caller has set the value).
    pub fn set_by_flag(&mut self, key: Key, flag: &'static str) {
        self.sources[key.index()] = Source::Flag(flag);
    }

    pub fn source(&self, key: Key) -> Source {
        self.sources[key.index()]
    }

    /// A problem that is not about one key (the file cannot be read): it has no line.
    pub fn warn_about_file(&mut self, message: String) {
        self.warn(None, None, message);
    }

    /// The value in effect as it would be written in the file.
    pub fn value_json(&self, key: Key) -> String {
        let s = &self.settings;
        let r = &s.reminders;
        match key {
            Key::RestDays => s.history.rest_days.to_string(),
            Key::WeeklyGoal => s.history.weekly_goal.to_string(),
            Key::Sound => format!("\"{}\"", s.sound.name()),
            Key::Volume => s.volume.to_string(),
            Key::Mute => s.mute.to_string(),
            Key::LeadInSecs => s
                .lead_in_secs
                .map_or_else(|| "null".to_owned(), |n| n.to_string()),
            Key::DefaultRoutine => s
                .default_routine
                .as_ref()
                .map_or_else(|| "null".to_owned(), |id| format!("\"{id}\"")),
            Key::RemindEveryMins => r.every_mins.to_string(),
            Key::WorkHours => format!("\"{}-{}\"", clock_time(r.start), clock_time(r.end)),
            Key::WorkDays => {
                let days: Vec<String> = r
                    .days
                    .iter()
                    .map(|d| format!("\"{}\"", day_name(*d)))
                    .collect();
                format!("[{}]", days.join(", "))
            }
            Key::Suggest => format!("\"{}\"", r.suggest),
            Key::SnoozeMins => r.snooze_mins.to_string(),
        }
    }

    /// What a value in effect means, where `null` alone would not say.
    pub fn value_note(&self, key: Key) -> Option<&'static str> {
        match key {
            Key::LeadInSecs if self.settings.lead_in_secs.is_none() => Some("each routine's own"),
            Key::DefaultRoutine if self.settings.default_routine.is_none() => {
                Some("`run` alone: the routine last started")
            }
            Key::RemindEveryMins if !self.settings.reminders.on() => Some("reminders off"),
            _ => None,
        }
    }

    /// The routine ids the file names (the default routine and the suggestion) that are not in
    /// `known`: each is dropped with a warning. Only the shell knows the routines.
    pub fn check_routines(&mut self, known: &[&str]) {
        for key in [Key::DefaultRoutine, Key::Suggest] {
            if self.source(key) != Source::File {
                continue;
            }
            let id = match key {
                Key::DefaultRoutine => self.settings.default_routine.clone(),
                _ => Some(self.settings.reminders.suggest.clone()),
            };
            // A routine file's path is checked when it is read.
            let is_path = |id: &str| {
                id.contains(['/', '\\'])
                    || id
                        .rsplit_once('.')
                        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("json"))
            };
            let Some(id) = id.filter(|id| !known.contains(&id.as_str()) && !is_path(id)) else {
                continue;
            };
            match key {
                Key::DefaultRoutine => self.settings.default_routine = None,
                _ => self.settings.reminders.suggest = Reminders::default().suggest,
            }
            self.sources[key.index()] = Source::Default;
            let near = wording::did_you_mean(&id, known);
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", quoted_or_list(&near))
            };
            let message = format!(
                "\"{}\": no routine \"{id}\"{hint}; using {}",
                key.name(),
                self.fallback(key)
            );
            self.warn(self.lines[key.index()], None, message);
        }
    }

    /// One line for a status line: the first warning, and how many more there are.
    pub fn notice(&self) -> Option<String> {
        let first = self.warnings.first()?;
        Some(match self.warnings.len() - 1 {
            0 => first.to_string(),
            more => format!("{first} (+{more} more)"),
        })
    }

    fn warn(&mut self, line: Option<usize>, column: Option<usize>, message: String) {
        self.warnings.push(Warning {
            file: self.file.clone(),
            line,
            column,
            message,
        });
    }

    /// What applies instead of a bad value, for "…; using X".
    fn fallback(&self, key: Key) -> String {
        match key {
            Key::LeadInSecs if self.settings.lead_in_secs.is_none() => {
                "each routine's own".to_owned()
            }
            Key::DefaultRoutine if self.settings.default_routine.is_none() => "none".to_owned(),
            _ => self.value_json(key),
        }
    }

    /// Reads `value` into `key`'s setting; `None` (and nothing changed) when it is not valid.
    fn read(&mut self, key: Key, value: &Value) -> Option<()> {
        let s = &mut self.settings;
        match key {
            Key::RestDays => s.history.rest_days = number(value, 0, MAX_REST_DAYS)?,
            Key::WeeklyGoal => s.history.weekly_goal = number(value, 1, MAX_WEEKLY_GOAL)?,
            Key::Sound => {
                s.sound = [SoundMode::Auto, SoundMode::Bell, SoundMode::Off]
                    .into_iter()
                    .find(|m| Some(m.name()) == text(value))?;
            }
            Key::Volume => s.volume = number(value, 0, 100)?,
            Key::Mute => {
                let Value::BooleanLit(b) = value else {
                    return None;
                };
                s.mute = b.value;
            }
            Key::LeadInSecs => {
                s.lead_in_secs = match value {
                    Value::NullKeyword(_) => None,
                    _ => Some(number(value, 0, u64::from(MAX_LEAD_IN_SECS))?),
                };
            }
            Key::DefaultRoutine => {
                s.default_routine = match value {
                    Value::NullKeyword(_) => None,
                    _ => Some(routine_id(value)?),
                };
            }
            Key::RemindEveryMins => {
                s.reminders.every_mins = number(value, 0, MAX_REMIND_EVERY_MINS)?;
            }
            Key::WorkHours => {
                let (start, end) = work_hours(text(value)?)?;
                if end <= start {
                    return None;
                }
                (s.reminders.start, s.reminders.end) = (start, end);
            }
            Key::WorkDays => s.reminders.days = work_days(value)?,
            Key::Suggest => s.reminders.suggest = routine_id(value)?,
            Key::SnoozeMins => s.reminders.snooze_mins = number(value, 1, MAX_SNOOZE_MINS)?,
        }
        Some(())
    }

    /// A more precise complaint than "is not …" where one applies.
    fn rule_broken(key: Key, value: &Value) -> Option<&'static str> {
        match key {
            Key::WorkHours => {
                let (start, end) = work_hours(text(value)?)?;
                (end <= start).then_some("ends before it starts")
            }
            _ => None,
        }
    }
}

/// A whole number from `min` to `max`, as the setting's type.
fn number<T: TryFrom<u64>>(value: &Value, min: u64, max: u64) -> Option<T> {
    let Value::NumberLit(lit) = value else {
        return None;
    };
    let n: u64 = lit.value.parse().ok()?;
    if (min..=max).contains(&n) {
        T::try_from(n).ok()
    } else {
        None
    }
}

fn text<'a>(value: &'a Value) -> Option<&'a str> {
    match value {
        Value::StringLit(s) => Some(&s.value),
        _ => None,
    }
}

/// A routine id: a short text without spaces.
fn routine_id(value: &Value) -> Option<String> {
    let id = text(value)?.trim();
    let valid = !id.is_empty() && id.len() <= 64 && !id.contains(char::is_whitespace);
    valid.then(|| id.to_owned())
}

/// `"09:00-18:00"`: the start and the end of the working day.
fn work_hours(text: &str) -> Option<(Time, Time)> {
    let (start, end) = text.split_once('-')?;
    Some((clock(start.trim())?, clock(end.trim())?))
}

/// `"9:00"` or `"09:00"`.
fn clock(text: &str) -> Option<Time> {
    let (hour, minute) = text.split_once(':')?;
    if minute.len() != 2 || hour.is_empty() || hour.len() > 2 {
        return None;
    }
    Time::new(hour.parse().ok()?, minute.parse().ok()?, 0, 0).ok()
}

fn clock_time(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// `["mon", "tue"]` (or full names, in any case): the days, Monday first, each once.
fn work_days(value: &Value) -> Option<Vec<Weekday>> {
    let Value::Array(array) = value else {
        return None;
    };
    let mut days = Vec::new();
    for element in &array.elements {
        let name = text(element)?.trim().to_lowercase();
        let day = WEEK
            .into_iter()
            .find(|d| day_name(*d) == name || full_day_name(*d) == name)?;
        if !days.contains(&day) {
            days.push(day);
        }
    }
    days.sort_by_key(|d| d.to_monday_zero_offset());
    Some(days)
}

const WEEK: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

fn day_name(day: Weekday) -> &'static str {
    &full_day_name(day)[..3]
}

fn full_day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "monday",
        Weekday::Tuesday => "tuesday",
        Weekday::Wednesday => "wednesday",
        Weekday::Thursday => "thursday",
        Weekday::Friday => "friday",
        Weekday::Saturday => "saturday",
        Weekday::Sunday => "sunday",
    }
}

fn unknown_key_message(name: &str) -> String {
    let name_shown = shown(name);
    let keys = Key::ALL.map(Key::name);
    let near = wording::did_you_mean(&name.to_lowercase().replace('-', "_"), &keys);
    if near.is_empty() {
        format!("unknown setting \"{name_shown}\" (see `stretchy settings`); ignored")
    } else {
        format!(
            "unknown setting \"{name_shown}\" (did you mean {}?); ignored",
            quoted_or_list(&near)
        )
    }
}

/// "\"a\" or \"b\"".
fn quoted_or_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let refs: Vec<&str> = quoted.iter().map(String::as_str).collect();
    wording::or_list(&refs)
}

/// Part of the file as a one-line warning can show it: short, and no control characters.
fn shown(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > 32 {
        let cut: String = one_line.chars().take(31).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::StringLit(_) => "a text",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "true or false",
        Value::Object(_) => "an object",
        Value::Array(_) => "a list",
        Value::NullKeyword(_) => "null",
    }
}

#[cfg(test)]
mod tests;
