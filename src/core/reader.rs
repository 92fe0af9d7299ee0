//! Turns a routine file's text into a [`Routine`] ([`Routine::from_json`]), collecting every
//! problem with its line, column and field path instead of stopping at the first.
//!
//! Apart from the model in [`crate::core::routine`], because one rule needs the plan: a routine
//! may not last longer than [`MAX_TOTAL_SECS`], counted as the plan counts it. The model stays
//! below the plan, the reader above both.
//!
//! `serde_json` decides what is valid JSON (its messages said in plain words by
//! [`crate::core::wording`]); `jsonc-parser`, run in strict mode, then gives the tree with byte
//! positions that serde's derive cannot keep.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use crate::core::plan::Plan;
use crate::core::routine::limits::{
    LEAD_IN_SECS, MAX_CAUTION_CHARS, MAX_COUNT, MAX_CUE_CHARS, MAX_EXERCISES, MAX_FREQUENCY_CHARS,
    MAX_HOLD_SECS, MAX_ID_CHARS, MAX_LEAD_IN_SECS, MAX_LIMITS_CHARS, MAX_LINES, MAX_NAME_CHARS,
    MAX_REPS, MAX_REST_SECS, MAX_SAFETY_CHARS, MAX_SECS_PER_REP, MAX_SETS, MAX_SETUP_CHARS,
    MAX_STAGE_SECS, MAX_STEP_SECS, MAX_SUMMARY_CHARS, MAX_SWITCH_SECS, MAX_TITLE_CHARS,
    MAX_TOTAL_SECS, REST_BETWEEN_SECS, REST_SECS, STEP_SECS, SWITCH_SECS,
};
use crate::core::routine::{
    Breath, DEFAULT_SAFETY, Dosage, Exercise, Hold, Invalid, Need, Place, Position, Problem,
    Progression, Reps, Routine, SCHEMA, Sides, Stage, Timed, Warnings,
};
use crate::core::wording::{JsonError, did_you_mean, json_error};

impl Routine {
    /// Parses and validates a routine file's text. `file` names it in error messages.
    ///
    /// Reports every problem it can find, not just the first.
    pub fn from_json(text: &str, file: &str) -> Result<Routine, Invalid> {
        Routine::from_json_with_warnings(text, file).map(|(routine, _)| routine)
    }

    /// Like [`Routine::from_json`], with what `stretchy check` warns about in a valid file.
    pub fn from_json_with_warnings(text: &str, file: &str) -> Result<(Routine, Warnings), Invalid> {
        match read(text) {
            Ok((routine, warnings)) => Ok((
                routine,
                Warnings {
                    file: file.to_owned(),
                    problems: warnings,
                },
            )),
            Err(problems) => Err(Invalid {
                file: file.to_owned(),
                problems,
            }),
        }
    }
}

const ROUTINE_FIELDS: &[&str] = &[
    "schema",
    "id",
    "title",
    "summary",
    "place",
    "safety",
    "frequency",
    "limits",
    "lead_in_secs",
    "rest_between_secs",
    "warmup",
    "cooldown",
    "exercises",
];
const STAGE_FIELDS: &[&str] = &["name", "secs", "cues", "position", "needs"];
const EXERCISE_FIELDS: &[&str] = &[
    "id",
    "name",
    "setup",
    "cues",
    "caution",
    "position",
    "needs",
    "hold",
    "reps",
    "timed",
    "progression",
];
const HOLD_FIELDS: &[&str] = &[
    "secs",
    "reps",
    "sets",
    "rest_secs",
    "sides",
    "switch_secs",
    "breath",
];
const REPS_FIELDS: &[&str] = &[
    "count",
    "secs_per_rep",
    "sets",
    "rest_secs",
    "sides",
    "switch_secs",
];
const TIMED_FIELDS: &[&str] = &["secs"];
const PROGRESSION_FIELDS: &[&str] = &["max_secs", "step_secs", "max_reps"];
const DOSAGES: [&str; 3] = ["hold", "reps", "timed"];

/// Reads a routine with what `check` warns about in it, or returns every problem found; both
/// sorted by position.
fn read(text: &str) -> Result<(Routine, Vec<Problem>), Vec<Problem>> {
    // Some Windows editors start files with a byte-order mark; it carries no meaning here.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut cx = Cx {
        text,
        problems: Vec::new(),
        warnings: Vec::new(),
        places: None,
    };
    let routine = match tree(text) {
        Ok(value) => read_routine(&mut cx, &value),
        Err(problem) => {
            cx.problems.push(problem);
            None
        }
    };
    match routine {
        Some(routine) if cx.problems.is_empty() => {
            cx.warnings.sort_by_key(|p| (p.line, p.column));
            Ok((routine, cx.warnings))
        }
        _ => {
            cx.problems.sort_by_key(|p| (p.line, p.column));
            Err(cx.problems)
        }
    }
}

/// Parses the text into a tree with positions, or returns the syntax error.
fn tree(text: &str) -> Result<Value<'_>, Problem> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let JsonError {
            line,
            column,
            message,
        } = json_error(text, &e);
        return Err(Problem {
            line,
            column,
            path: String::new(),
            message,
        });
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
    match parse_to_ast(text, &CollectOptions::default(), &strict) {
        Ok(parsed) => parsed.value.ok_or_else(|| Problem {
            line: 1,
            column: 1,
            path: String::new(),
            message: "the file is empty".to_owned(),
        }),
        // serde_json accepted the text, so this only happens if the two parsers disagree.
        Err(e) => Err(Problem {
            line: e.line_display(),
            column: e.column_display(),
            path: String::new(),
            message: format!("not valid JSON: {}", e.kind()),
        }),
    }
}

/// The text being read and the problems found so far.
struct Cx<'t> {
    text: &'t str,
    problems: Vec<Problem>,
    /// What is valid but likely not meant, for `check`.
    warnings: Vec<Problem>,
    /// Built at the first problem: a valid file never pays for it.
    places: Option<Places>,
}

impl Cx<'_> {
    fn report(&mut self, at: usize, path: &str, message: impl Into<String>) {
        let problem = self.problem(at, path, message);
        self.problems.push(problem);
    }

    fn warn(&mut self, at: usize, path: &str, message: impl Into<String>) {
        let problem = self.problem(at, path, message);
        self.warnings.push(problem);
    }

    fn problem(&mut self, at: usize, path: &str, message: impl Into<String>) -> Problem {
        let (line, column) = self.place(at);
        Problem {
            line,
            column,
            path: path.to_owned(),
            message: message.into(),
        }
    }

    /// The 1-based line and column (in characters) of byte offset `at`, as [`Problem::after`]
    /// counts them.
    fn place(&mut self, at: usize) -> (usize, usize) {
        let text = self.text;
        self.places
            .get_or_insert_with(|| Places::new(text))
            .place(text.as_bytes(), at.min(text.len()))
    }
}

/// Where each line starts and how many characters come before each block of [`BLOCK`] bytes, so
/// that placing a problem takes the same short time anywhere in the file. Counting from the start
/// of the file for every problem made a 1 MiB file with a problem in each of its 100 000 fields
/// take minutes.
struct Places {
    line_starts: Vec<usize>,
    chars_before_block: Vec<usize>,
}

const BLOCK: usize = 1024;

impl Places {
    fn new(text: &str) -> Places {
        let bytes = text.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(
                (bytes.iter().enumerate())
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        let mut chars_before_block = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut chars = 0;
        for block in bytes.chunks(BLOCK) {
            chars_before_block.push(chars);
            chars += count_chars(block);
        }
        chars_before_block.push(chars);
        Places {
            line_starts,
            chars_before_block,
        }
    }

    fn place(&self, bytes: &[u8], at: usize) -> (usize, usize) {
        // The first start is 0, so at least one start is at or before `at`.
        let line = self.line_starts.partition_point(|&start| start <= at);
        let line_start = self.line_starts[line - 1];
        let column = self.chars_before(bytes, at) - self.chars_before(bytes, line_start) + 1;
        (line, column)
    }

    /// Characters that start before byte `at`.
    fn chars_before(&self, bytes: &[u8], at: usize) -> usize {
        let block = at / BLOCK;
        self.chars_before_block[block] + count_chars(&bytes[block * BLOCK..at])
    }
}

/// Characters in UTF-8 `bytes`: every byte but the continuation bytes starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// A JSON object being read, with the field path that leads to it.
struct Obj<'a, 't> {
    node: &'a Object<'t>,
    path: String,
}

impl<'a, 't> Obj<'a, 't> {
    /// Checks that `value` is an object, and reports its unknown and duplicated fields.
    fn new(cx: &mut Cx, value: &'a Value<'t>, path: &str, known: &[&str]) -> Option<Self> {
        let Value::Object(node) = value else {
            cx.report(
                value.start(),
                path,
                format!("expected an object, found {}", kind(value)),
            );
            return None;
        };
        // Where each name was first given: looking back through the fields before each one
        // would take minutes for an object with 100 000 of them.
        let mut first_given: HashMap<&str, usize> = HashMap::new();
        for prop in &node.properties {
            let name = prop.name.as_str();
            let field = join(path, &shown(name));
            if let Some(&first) = first_given.get(name) {
                let (first_line, _) = cx.place(first);
                cx.report(
                    prop.start(),
                    &field,
                    format!("duplicate field (first given on line {first_line})"),
                );
            } else {
                first_given.insert(name, prop.start());
                if !known.contains(&name) {
                    cx.report(prop.start(), &field, unknown_field_message(name, known));
                }
            }
        }
        Some(Obj {
            node,
            path: path.to_owned(),
        })
    }

    fn get(&self, key: &str) -> Option<&'a Value<'t>> {
        self.node
            .properties
            .iter()
            .find(|p| p.name.as_str() == key)
            .map(|p| &p.value)
    }

    fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// A required field: reports it missing, or reads it with `read`.
    fn req<T>(
        &self,
        cx: &mut Cx,
        key: &str,
        read: impl Fn(&mut Cx, &Value, &str) -> Option<T>,
    ) -> Option<T> {
        if let Some(value) = self.get(key) {
            read(cx, value, &self.path(key))
        } else {
            cx.report(self.node.start(), &self.path(key), "missing required field");
            None
        }
    }

    /// An optional field: `Some(None)` when absent, `None` when present but invalid (reported).
    #[allow(clippy::option_option)] // the three cases are exactly absent, invalid and valid
    fn opt<T>(
        &self,
        cx: &mut Cx,
        key: &str,
        read: impl Fn(&mut Cx, &Value, &str) -> Option<T>,
    ) -> Option<Option<T>> {
        match self.get(key) {
            Some(value) => read(cx, value, &self.path(key)).map(Some),
            None => Some(None),
        }
    }

    /// An optional field with a default.
    fn or<T>(
        &self,
        cx: &mut Cx,
        key: &str,
        default: T,
        read: impl Fn(&mut Cx, &Value, &str) -> Option<T>,
    ) -> Option<T> {
        self.opt(cx, key, read).map(|v| v.unwrap_or(default))
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn unknown_field_message(name: &str, known: &[&str]) -> String {
    match did_you_mean(name, known).first() {
        Some(k) => format!("unknown field (did you mean \"{k}\"?)"),
        None => format!("unknown field (expected one of: {})", known.join(", ")),
    }
}

/// Text from the file as a one-line message can show it: control characters (a line break, the
/// escape that starts a terminal sequence) are written as the JSON escapes that stand for them.
fn shown(text: &str) -> Cow<'_, str> {
    if !text.contains(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Every control character is at most U+009F: four hex digits, as in JSON.
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// How a JSON value is named in messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "true or false",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

/// What a number counts, so messages can say "at most 300 seconds".
#[derive(Clone, Copy)]
enum Unit {
    Secs,
    Times,
}

fn quantity(n: u64, unit: Unit) -> String {
    match (unit, n) {
        (Unit::Secs, 1) => "1 second".to_owned(),
        (Unit::Secs, n) => format!("{n} seconds"),
        (Unit::Times, n) => n.to_string(),
    }
}

/// A whole number within `min..=max`.
fn number(cx: &mut Cx, value: &Value, path: &str, min: u32, max: u32, unit: Unit) -> Option<u32> {
    let Value::NumberLit(lit) = value else {
        cx.report(
            value.start(),
            path,
            format!("expected a whole number, found {}", kind(value)),
        );
        return None;
    };
    let parsed: f64 = lit.value.parse().ok()?;
    if parsed.fract() != 0.0 {
        cx.report(
            value.start(),
            path,
            format!("expected a whole number, found {}", lit.value),
        );
        return None;
    }
    if parsed < 0.0 && min == 0 {
        cx.report(
            value.start(),
            path,
            format!("must not be negative, found {}", lit.value),
        );
        return None;
    }
    if parsed < f64::from(min) {
        cx.report(
            value.start(),
            path,
            format!(
                "must be at least {}, found {}",
                quantity(min.into(), unit),
                lit.value
            ),
        );
        return None;
    }
    if parsed > f64::from(max) {
        cx.report(
            value.start(),
            path,
            format!(
                "must be at most {}, found {}",
                quantity(max.into(), unit),
                lit.value
            ),
        );
        return None;
    }
    // In range and whole, so the conversion is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Some(parsed as u32)
}

fn secs(min: u32, max: u32) -> impl Fn(&mut Cx, &Value, &str) -> Option<u32> {
    move |cx, v, p| number(cx, v, p, min, max, Unit::Secs)
}

fn times(min: u32, max: u32) -> impl Fn(&mut Cx, &Value, &str) -> Option<u32> {
    move |cx, v, p| number(cx, v, p, min, max, Unit::Times)
}

/// One line of text shown on screen: not empty, no control characters, at most `max` characters.
fn line(max: usize) -> impl Fn(&mut Cx, &Value, &str) -> Option<String> {
    move |cx, value, path| {
        let Value::StringLit(lit) = value else {
            cx.report(
                value.start(),
                path,
                format!("expected a string, found {}", kind(value)),
            );
            return None;
        };
        let text = lit.value.trim();
        let chars = text.chars().count();
        if text.is_empty() {
            cx.report(value.start(), path, "must not be empty");
            None
        } else if text.chars().any(char::is_control) {
            cx.report(
                value.start(),
                path,
                "must be a single line (no line breaks or control characters)",
            );
            None
        } else if chars > max {
            cx.report(
                value.start(),
                path,
                format!("is {chars} characters long; the limit is {max}"),
            );
            None
        } else {
            Some(text.to_owned())
        }
    }
}

/// A list of lines; `at_least_one` makes an empty list an error.
fn lines(max: usize, at_least_one: bool) -> impl Fn(&mut Cx, &Value, &str) -> Option<Vec<String>> {
    move |cx, value, path| {
        let Value::Array(array) = value else {
            cx.report(
                value.start(),
                path,
                format!("expected a list of strings, found {}", kind(value)),
            );
            return None;
        };
        if at_least_one && array.elements.is_empty() {
            cx.report(value.start(), path, "needs at least one line");
            return None;
        }
        if array.elements.len() > MAX_LINES {
            cx.report(
                value.start(),
                path,
                format!(
                    "has {} lines; the limit is {MAX_LINES}",
                    array.elements.len()
                ),
            );
            return None;
        }
        let read = line(max);
        let items: Vec<Option<String>> = array
            .elements
            .iter()
            .enumerate()
            .map(|(i, v)| read(cx, v, &format!("{path}[{i}]")))
            .collect();
        items.into_iter().collect()
    }
}

/// One of a fixed set of words.
fn choice<T: Copy>(
    options: &'static [(&'static str, T)],
) -> impl Fn(&mut Cx, &Value, &str) -> Option<T> {
    move |cx, value, path| {
        let names = || {
            options
                .iter()
                .map(|(name, _)| format!("\"{name}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Value::StringLit(lit) = value else {
            cx.report(
                value.start(),
                path,
                format!("expected one of {}, found {}", names(), kind(value)),
            );
            return None;
        };
        let found = options.iter().find(|(name, _)| *name == lit.value);
        if found.is_none() {
            cx.report(
                value.start(),
                path,
                format!(
                    "must be one of {}, found \"{}\"",
                    names(),
                    shown(&lit.value)
                ),
            );
        }
        found.map(|(_, v)| *v)
    }
}

/// A list of words from a fixed set, each at most once.
fn choices<T: Copy>(
    options: &'static [(&'static str, T)],
) -> impl Fn(&mut Cx, &Value, &str) -> Option<Vec<T>> {
    move |cx, value, path| {
        let Value::Array(array) = value else {
            cx.report(
                value.start(),
                path,
                format!("expected a list of words, found {}", kind(value)),
            );
            return None;
        };
        let read = choice(options);
        let mut seen: Vec<(&str, usize)> = Vec::new();
        let mut items = Some(Vec::new());
        for (i, element) in array.elements.iter().enumerate() {
            let here = format!("{path}[{i}]");
            if let Value::StringLit(lit) = element {
                if let Some((_, first)) = seen.iter().find(|(word, _)| *word == lit.value) {
                    cx.report(
                        element.start(),
                        &here,
                        format!(
                            "\"{}\" is already listed ({path}[{first}])",
                            shown(&lit.value)
                        ),
                    );
                    items = None;
                    continue;
                }
                seen.push((&lit.value, i));
            }
            match (read(cx, element, &here), items.as_mut()) {
                (Some(item), Some(items)) => items.push(item),
                (Some(_), None) => {}
                (None, _) => items = None,
            }
        }
        items
    }
}

/// An id: lowercase letters, digits and `-`, starting with a letter or digit.
fn id(cx: &mut Cx, value: &Value, path: &str) -> Option<String> {
    let text = line(MAX_ID_CHARS)(cx, value, path)?;
    let valid = text.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Some(text)
    } else {
        cx.report(
            value.start(),
            path,
            format!("must use only lowercase letters, digits and '-', found \"{text}\""),
        );
        None
    }
}

fn read_routine(cx: &mut Cx, value: &Value) -> Option<Routine> {
    let Value::Object(_) = value else {
        cx.report(
            value.start(),
            "",
            format!(
                "a routine file holds one JSON object, found {}",
                kind(value)
            ),
        );
        return None;
    };
    // An unknown schema may mean anything else in the file: say only that.
    let schema = value.as_object().and_then(|o| o.get("schema"));
    if let Some(Value::NumberLit(lit)) = schema.map(|p| &p.value)
        && lit.value.parse::<u64>().ok() != Some(SCHEMA)
    {
        cx.report(
            lit.start(),
            "schema",
            format!(
                "unsupported schema version {}; this version of stretchy reads schema {SCHEMA}",
                lit.value
            ),
        );
        return None;
    }
    let o = Obj::new(cx, value, "", ROUTINE_FIELDS)?;
    let schema = o.req(cx, "schema", times(1, 1));
    let id = o.req(cx, "id", id);
    let title = o.req(cx, "title", line(MAX_TITLE_CHARS));
    let summary = o.or(cx, "summary", String::new(), line(MAX_SUMMARY_CHARS));
    let place = o.or(cx, "place", Place::Mixed, choice(&Place::ALL));
    let safety = o.or(
        cx,
        "safety",
        DEFAULT_SAFETY.to_owned(),
        line(MAX_SAFETY_CHARS),
    );
    let frequency = o.opt(cx, "frequency", line(MAX_FREQUENCY_CHARS));
    let limits = o.opt(cx, "limits", line(MAX_LIMITS_CHARS));
    let lead_in_secs = o.or(cx, "lead_in_secs", LEAD_IN_SECS, secs(0, MAX_LEAD_IN_SECS));
    let rest_between_secs = o.or(
        cx,
        "rest_between_secs",
        REST_BETWEEN_SECS,
        secs(0, MAX_REST_SECS),
    );
    let warmup = o.opt(cx, "warmup", read_stage);
    let cooldown = o.opt(cx, "cooldown", read_stage);
    let exercises = o.req(cx, "exercises", read_exercises);

    schema?;
    let routine = Routine {
        id: id?,
        title: title?,
        summary: summary?,
        place: place?,
        safety: safety?,
        frequency: frequency?,
        limits: limits?,
        lead_in_secs: lead_in_secs?,
        rest_between_secs: rest_between_secs?,
        warmup: warmup?,
        cooldown: cooldown?,
        exercises: exercises?,
    };
    let total = Plan::new(&routine).total_secs;
    if total > MAX_TOTAL_SECS {
        let at = o.get("exercises").map_or(0, Ranged::start);
        cx.report(
            at,
            "exercises",
            format!(
                "the routine would last {} min; the limit is {} min",
                total.div_ceil(60),
                MAX_TOTAL_SECS / 60
            ),
        );
        return None;
    }
    warn_about_place(cx, &o, &routine);
    Some(routine)
}

/// Warns about each position and need that breaks the promise of the routine's place, at the
/// value that breaks it.
fn warn_about_place(cx: &mut Cx, o: &Obj, routine: &Routine) {
    let place = routine.place;
    if let Some(s) = &routine.warmup {
        warn_about_part(cx, place, "warmup", o.get("warmup"), s.position, &s.needs);
    }
    let elements = match o.get("exercises") {
        Some(Value::Array(array)) => array.elements.as_slice(),
        _ => &[],
    };
    for (i, e) in routine.exercises.iter().enumerate() {
        let path = format!("exercises[{i}]");
        warn_about_part(cx, place, &path, elements.get(i), e.position, &e.needs);
    }
    if let Some(s) = &routine.cooldown {
        warn_about_part(
            cx,
            place,
            "cooldown",
            o.get("cooldown"),
            s.position,
            &s.needs,
        );
    }
}

/// The warnings for one stage or exercise, read from `value` at `path`.
fn warn_about_part(
    cx: &mut Cx,
    place: Place,
    path: &str,
    value: Option<&Value>,
    position: Option<Position>,
    needs: &[Need],
) {
    let named = format!("place \"{}\" ({})", place.as_str(), place.meaning());
    let field = |key: &str| value.and_then(Value::as_object).and_then(|o| o.get(key));
    if let Some(position) = position
        && !place.fits(position)
    {
        let at = field("position").map_or(0, |p| p.value.start());
        cx.warn(
            at,
            &join(path, "position"),
            format!(
                "\"{}\" does not fit {named}; \"mixed\" suits a routine that changes position",
                position.as_str()
            ),
        );
    }
    let listed = match field("needs").map(|p| &p.value) {
        Some(Value::Array(array)) => array.elements.as_slice(),
        _ => &[],
    };
    for (j, need) in needs.iter().enumerate() {
        if !place.allows(*need) {
            let at = listed.get(j).map_or(0, Ranged::start);
            cx.warn(
                at,
                &format!("{path}.needs[{j}]"),
                format!(
                    "\"{}\" does not fit {named}; \"mixed\" suits a routine that needs it",
                    need.as_str()
                ),
            );
        }
    }
}

fn read_stage(cx: &mut Cx, value: &Value, path: &str) -> Option<Stage> {
    let o = Obj::new(cx, value, path, STAGE_FIELDS)?;
    let name = o.req(cx, "name", line(MAX_NAME_CHARS));
    let secs = o.req(cx, "secs", secs(1, MAX_STAGE_SECS));
    let cues = o.or(cx, "cues", Vec::new(), lines(MAX_CUE_CHARS, false));
    let position = o.opt(cx, "position", choice(&Position::ALL));
    let needs = o.or(cx, "needs", Vec::new(), choices(&Need::ALL));
    Some(Stage {
        name: name?,
        secs: secs?,
        cues: cues?,
        position: position?,
        needs: needs?,
    })
}

fn read_exercises(cx: &mut Cx, value: &Value, path: &str) -> Option<Vec<Exercise>> {
    let Value::Array(array) = value else {
        cx.report(
            value.start(),
            path,
            format!("expected a list of exercises, found {}", kind(value)),
        );
        return None;
    };
    if array.elements.is_empty() {
        cx.report(value.start(), path, "needs at least one exercise");
        return None;
    }
    if array.elements.len() > MAX_EXERCISES {
        cx.report(
            value.start(),
            path,
            format!(
                "has {} exercises; the limit is {MAX_EXERCISES}",
                array.elements.len()
            ),
        );
        return None;
    }
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut exercises = Vec::new();
    let mut all_valid = true;
    for (i, element) in array.elements.iter().enumerate() {
        let here = format!("{path}[{i}]");
        // Duplicate ids are checked on the raw values so they are found even in broken exercises.
        if let Some(Value::StringLit(lit)) = element
            .as_object()
            .and_then(|o| o.get("id"))
            .map(|p| &p.value)
        {
            if let Some((_, first)) = seen.iter().find(|(id, _)| *id == lit.value) {
                cx.report(
                    lit.start(),
                    &format!("{here}.id"),
                    format!(
                        "duplicate exercise id \"{}\" (also used by {path}[{first}])",
                        shown(&lit.value)
                    ),
                );
                all_valid = false;
            } else {
                seen.push((lit.value.to_string(), i));
            }
        }
        match read_exercise(cx, element, &here) {
            Some(exercise) => exercises.push(exercise),
            None => all_valid = false,
        }
    }
    all_valid.then_some(exercises)
}

fn read_exercise(cx: &mut Cx, value: &Value, path: &str) -> Option<Exercise> {
    let o = Obj::new(cx, value, path, EXERCISE_FIELDS)?;
    let id = o.req(cx, "id", id);
    let name = o.req(cx, "name", line(MAX_NAME_CHARS));
    let setup = o.or(cx, "setup", Vec::new(), lines(MAX_SETUP_CHARS, false));
    let cues = o.req(cx, "cues", lines(MAX_CUE_CHARS, true));
    let caution = o.opt(cx, "caution", line(MAX_CAUTION_CHARS));
    let position = o.opt(cx, "position", choice(&Position::ALL));
    let needs = o.or(cx, "needs", Vec::new(), choices(&Need::ALL));
    let dosage = read_dosage(cx, &o);
    let progression = o.opt(cx, "progression", read_progression);

    let dosage = dosage?;
    let progression = progression?;
    if let Some(p) = &progression {
        check_progression(cx, &o, p, &dosage)?;
    }
    Some(Exercise {
        id: id?,
        name: name?,
        setup: setup?,
        cues: cues?,
        caution: caution?,
        position: position?,
        needs: needs?,
        dosage,
        progression,
    })
}

fn read_dosage(cx: &mut Cx, o: &Obj) -> Option<Dosage> {
    let given: Vec<&str> = DOSAGES.into_iter().filter(|d| o.get(d).is_some()).collect();
    let mut dosages = Vec::new();
    for name in &given {
        let dosage = match *name {
            "hold" => o.opt(cx, name, read_hold).flatten().map(Dosage::Hold),
            "reps" => o.opt(cx, name, read_reps).flatten().map(Dosage::Reps),
            _ => o.opt(cx, name, read_timed).flatten().map(Dosage::Timed),
        };
        dosages.push(dosage);
    }
    match given.as_slice() {
        [] => {
            cx.report(
                o.node.start(),
                &o.path,
                "needs a dosage: one of \"hold\", \"reps\" or \"timed\"",
            );
            None
        }
        [_] => dosages.pop().flatten(),
        [first, rest @ ..] => {
            for extra in rest {
                let at = o.get(extra).map_or(0, Ranged::start);
                cx.report(
                    at,
                    &o.path(extra),
                    format!(
                        "an exercise takes exactly one dosage, and this one already has \"{first}\""
                    ),
                );
            }
            None
        }
    }
}

fn read_hold(cx: &mut Cx, value: &Value, path: &str) -> Option<Hold> {
    let o = Obj::new(cx, value, path, HOLD_FIELDS)?;
    let secs_ = o.req(cx, "secs", secs(1, MAX_HOLD_SECS));
    let reps = o.or(cx, "reps", 1, times(1, MAX_REPS));
    let sets = o.or(cx, "sets", 1, times(1, MAX_SETS));
    let rest_secs = o.or(cx, "rest_secs", REST_SECS, secs(0, MAX_REST_SECS));
    let sides = o.or(cx, "sides", Sides::None, choice(&Sides::ALL));
    let switch_secs = o.or(cx, "switch_secs", SWITCH_SECS, secs(0, MAX_SWITCH_SECS));
    let breath = o.or(cx, "breath", Breath::Steady, choice(&Breath::ALL));
    Some(Hold {
        secs: secs_?,
        reps: reps?,
        sets: sets?,
        rest_secs: rest_secs?,
        sides: sides?,
        switch_secs: switch_secs?,
        breath: breath?,
    })
}

fn read_reps(cx: &mut Cx, value: &Value, path: &str) -> Option<Reps> {
    let o = Obj::new(cx, value, path, REPS_FIELDS)?;
    let count = o.req(cx, "count", times(1, MAX_COUNT));
    let secs_per_rep = o.opt(cx, "secs_per_rep", secs(1, MAX_SECS_PER_REP));
    let sets = o.or(cx, "sets", 1, times(1, MAX_SETS));
    let rest_secs = o.or(cx, "rest_secs", REST_SECS, secs(0, MAX_REST_SECS));
    let sides = o.or(cx, "sides", Sides::None, choice(&Sides::ALL));
    let switch_secs = o.or(cx, "switch_secs", SWITCH_SECS, secs(0, MAX_SWITCH_SECS));
    Some(Reps {
        count: count?,
        secs_per_rep: secs_per_rep?,
        sets: sets?,
        rest_secs: rest_secs?,
        sides: sides?,
        switch_secs: switch_secs?,
    })
}

fn read_timed(cx: &mut Cx, value: &Value, path: &str) -> Option<Timed> {
    let o = Obj::new(cx, value, path, TIMED_FIELDS)?;
    let secs = o.req(cx, "secs", secs(1, MAX_STAGE_SECS));
    Some(Timed { secs: secs? })
}

fn read_progression(cx: &mut Cx, value: &Value, path: &str) -> Option<Progression> {
    let o = Obj::new(cx, value, path, PROGRESSION_FIELDS)?;
    let max_secs = o.opt(cx, "max_secs", secs(1, MAX_STAGE_SECS));
    let step_secs = o.or(cx, "step_secs", STEP_SECS, secs(1, MAX_STEP_SECS));
    let max_reps = o.opt(cx, "max_reps", times(1, MAX_COUNT));
    let progression = Progression {
        max_secs: max_secs?,
        step_secs: step_secs?,
        max_reps: max_reps?,
    };
    if progression.max_secs.is_none() && progression.max_reps.is_none() {
        cx.report(
            value.start(),
            path,
            "needs \"max_secs\", \"max_reps\" or both: the most the dose may grow to",
        );
        return None;
    }
    Some(progression)
}

/// A progression's ceilings must fit the dosage they grow and start at or above today's dose.
fn check_progression(cx: &mut Cx, o: &Obj, p: &Progression, dosage: &Dosage) -> Option<()> {
    let (secs, reps, reps_limit) = match dosage {
        Dosage::Hold(h) => (Some(h.secs), Some(h.reps), MAX_REPS),
        Dosage::Reps(r) => (None, Some(r.count), MAX_COUNT),
        Dosage::Timed(t) => (Some(t.secs), None, 0),
    };
    let Some(Value::Object(node)) = o.get("progression") else {
        return Some(());
    };
    let at = |key: &str| {
        node.get(key)
            .map_or(node.start(), |prop| prop.value.start())
    };
    let path = o.path("progression");
    let mut ok = true;
    match (p.max_secs, secs) {
        (Some(_), None) => {
            cx.report(
                at("max_secs"),
                &join(&path, "max_secs"),
                "only holds and timed exercises have seconds to grow; use \"max_reps\"",
            );
            ok = false;
        }
        (Some(max), Some(start)) if max < start => {
            cx.report(
                at("max_secs"),
                &join(&path, "max_secs"),
                format!("must be at least the starting {start} seconds, found {max}"),
            );
            ok = false;
        }
        (Some(max), Some(_)) if max > MAX_HOLD_SECS && matches!(dosage, Dosage::Hold(_)) => {
            cx.report(
                at("max_secs"),
                &join(&path, "max_secs"),
                format!(
                    "a hold may grow to at most {MAX_HOLD_SECS} seconds, found {max} \
                     (only a timed exercise may grow longer)"
                ),
            );
            ok = false;
        }
        _ => {}
    }
    match (p.max_reps, reps) {
        (Some(_), None) => {
            cx.report(
                at("max_reps"),
                &join(&path, "max_reps"),
                "a timed exercise has no reps to grow; use \"max_secs\"",
            );
            ok = false;
        }
        (Some(max), Some(start)) if max < start => {
            cx.report(
                at("max_reps"),
                &join(&path, "max_reps"),
                format!("must be at least the starting {start} reps, found {max}"),
            );
            ok = false;
        }
        (Some(max), Some(_)) if max > reps_limit => {
            cx.report(
                at("max_reps"),
                &join(&path, "max_reps"),
                format!("must be at most {reps_limit}, found {max}"),
            );
            ok = false;
        }
        _ => {}
    }
    ok.then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Placing through the index gives what counting from the start of the file gives, at every
    /// character of a text with line breaks, multi-byte characters and lines longer than a block.
    #[test]
    fn places_match_counting_from_the_start() {
        let long = "é".repeat(BLOCK) + "x";
        for text in [
            String::new(),
            "\n".to_owned(),
            "a\nbé\n\nçd€\r\n🙂x".to_owned(),
            format!("{long}\n{long}ab\n\n{}", "a".repeat(3 * BLOCK)),
        ] {
            let places = Places::new(&text);
            let ends = text.char_indices().map(|(i, _)| i).chain([text.len()]);
            for at in ends {
                let expected = Problem::after(&text[..at], "", "");
                assert_eq!(
                    places.place(text.as_bytes(), at),
                    (expected.line, expected.column),
                    "at {at} in {text:?}"
                );
            }
        }
    }
}
