//! The system's and `serde_json`'s error messages, said in plain words, in one place: every file
//! the program reads or writes reports its trouble through [`io_error`], every JSON file (routines,
//! settings) its syntax errors through [`json_error`]. People see "cannot read my.json: no such
//! file", not "No such file or directory (os error 2)"; "a comma or } is missing", not serde's
//! "expected `,` or `}`".

use std::io;

/// Why a file could not be read or written, in a few words: "no such file", "permission denied".
/// An error built by this program (`io::Error::other("…")`) already carries its own words.
pub fn io_error(e: &io::Error) -> String {
    if let Some(ours) = e.get_ref() {
        return ours.to_string();
    }
    let words = match e.kind() {
        io::ErrorKind::NotFound => "no such file",
        io::ErrorKind::PermissionDenied => "permission denied",
        io::ErrorKind::IsADirectory => "it is a folder",
        io::ErrorKind::NotADirectory => "part of the path is a file, not a folder",
        io::ErrorKind::AlreadyExists => "it already exists",
        io::ErrorKind::StorageFull => "disk full",
        io::ErrorKind::QuotaExceeded => "disk quota exceeded",
        io::ErrorKind::ReadOnlyFilesystem => "disk is read-only",
        io::ErrorKind::FileTooLarge => "the file is too large",
        io::ErrorKind::InvalidFilename => "the file name is too long or not allowed",
        io::ErrorKind::ResourceBusy => "it is busy",
        io::ErrorKind::OutOfMemory => "out of memory",
        io::ErrorKind::InvalidData if e.to_string().contains("UTF-8") => "not UTF-8 text",
        _ => return system_words(e),
    };
    words.to_owned()
}

/// The system's own message, without its " (os error 5)" and with a small first letter, for the
/// rare kinds [`io_error`] has no words of its own for.
fn system_words(e: &io::Error) -> String {
    let text = e.to_string();
    let text = e
        .raw_os_error()
        .and_then(|code| text.strip_suffix(&format!(" (os error {code})")))
        .unwrap_or(&text);
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        // "Broken pipe" → "broken pipe", but "EOF" stays.
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_owned(),
    }
}

/// Where a JSON file went wrong and why, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters (`serde_json` counts bytes).
    pub column: usize,
    pub message: String,
}

/// `serde_json`'s error for `text`, located in characters and said in plain words: "a comma or }
/// is missing", "the file ends before its closing }". An empty file is "the file is empty".
pub fn json_error(text: &str, e: &serde_json::Error) -> JsonError {
    let (line, column) = if text.trim().is_empty() {
        (1, 1)
    } else {
        // For a control character serde_json points at the character before it.
        let past = usize::from(e.to_string().starts_with("control character"));
        (
            e.line().max(1),
            char_column(text, e.line(), e.column()) + past,
        )
    };
    let message = if text.trim().is_empty() {
        "the file is empty".to_owned()
    } else {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let serde = full.strip_suffix(&suffix).unwrap_or(&full);
        match e.classify() {
            serde_json::error::Category::Data => data_words(serde),
            serde_json::error::Category::Io
            | serde_json::error::Category::Syntax
            | serde_json::error::Category::Eof => {
                // serde_json says "key must be a string" for `{"a": 1,}` and "expected value"
                // for `[1,]`: name the real mistake.
                let misplaced = matches!(serde, "key must be a string" | "expected value");
                if misplaced && comma_before(text, e.line(), e.column()) {
                    "a comma before } or ] (JSON allows none there)".to_owned()
                } else if misplaced && char_at(text, e.line(), e.column()) == Some('/') {
                    "a comment (JSON allows none)".to_owned()
                } else {
                    syntax_words(serde)
                }
            }
        }
    };
    JsonError {
        line,
        column,
        message,
    }
}

/// `serde_json`'s syntax messages (its `ErrorCode`s), in words.
fn syntax_words(serde: &str) -> String {
    let words = match serde {
        "EOF while parsing an object" => "the file ends before its closing }",
        "EOF while parsing a list" => "the file ends before its closing ]",
        "EOF while parsing a string" => "the file ends inside a text (a closing \" is missing)",
        "EOF while parsing a value" => "the file ends where a value should be",
        "expected `:`" => "a : is missing after the name",
        "expected `,` or `]`" => "a comma or ] is missing",
        "expected `,` or `}`" => "a comma or } is missing",
        "expected ident" => {
            "an unknown word (JSON knows true, false and null; text goes in \"double quotes\")"
        }
        "expected value" => "a value should be here (a number, \"text\", true, false, [ or {)",
        "expected `\"`" | "key must be a string" => "a name in \"double quotes\" should be here",
        "invalid escape" => "an unknown escape after \\ in a text",
        "invalid number" => "a number is not written as JSON writes numbers (like 20 or 1.5)",
        "number out of range" => "a number is too large",
        "trailing comma" => "a comma before } or ] (JSON allows none there)",
        "trailing characters" => "more text after the end of the JSON",
        "recursion limit exceeded" => "nested too deeply",
        "invalid unicode code point"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape" => "a broken \\u escape in a text",
        control if control.starts_with("control character") => {
            "a line break or tab inside a text (write \\n or \\t instead)"
        }
        other => return other.replace('`', ""),
    };
    words.to_owned()
}

/// serde's messages about values (from a derived `Deserialize`), in words: "expected a whole
/// number, found text "x"", "missing field weekly\_goal".
fn data_words(serde: &str) -> String {
    let plain = |s: &str| s.replace('`', "");
    if let Some(rest) = serde
        .strip_prefix("invalid type: ")
        .or_else(|| serde.strip_prefix("invalid value: "))
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "expected {}, found {}",
            kind_words(expected),
            found_words(found)
        );
    }
    if let Some(field) = serde.strip_prefix("missing field ") {
        return format!("missing field {}", plain(field));
    }
    if let Some(rest) = serde.strip_prefix("unknown field ") {
        let field = rest.split_once(", expected").map_or(rest, |(f, _)| f);
        return format!("unknown field {}", plain(field));
    }
    plain(serde)
}

/// A Rust type as serde names it ("u32"), as the value a person should write.
fn kind_words(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a string" => "text in \"double quotes\"".to_owned(),
        other => other.replace('`', ""),
    }
}

/// A value as serde describes it ("string \"x\"", "integer `-1`"), in words.
fn found_words(found: &str) -> String {
    let plain = found.replace('`', "");
    if let Some(text) = plain.strip_prefix("string ") {
        return format!("text {text}");
    }
    for number in ["integer ", "floating point "] {
        if let Some(n) = plain.strip_prefix(number) {
            return n.to_owned();
        }
    }
    match plain.as_str() {
        "map" => "an object { }".to_owned(),
        "sequence" => "a list [ ]".to_owned(),
        "null" => "null".to_owned(),
        _ => plain.strip_prefix("boolean ").unwrap_or(&plain).to_owned(),
    }
}

/// The 1-based column in characters of `serde_json`'s 1-based byte column on `line`.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column.max(1);
    };
    let mut end = byte_column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    line_text[..end].chars().count() + 1
}

/// The character at `serde_json`'s `line:column` (the last one it read).
fn char_at(text: &str, line: usize, byte_column: usize) -> Option<char> {
    let line_text = text.split('\n').nth(line.saturating_sub(1))?;
    let mut at = byte_column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(at) {
        at -= 1;
    }
    line_text[at..].chars().next()
}

/// True when the last non-blank character before `serde_json`'s `line:column` is a comma.
fn comma_before(text: &str, line: usize, byte_column: usize) -> bool {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (line_start + byte_column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at].trim_end().ends_with(',')
}

/// What a mistyped name most likely meant: the known names it begins (`desk` → `desk-reset`), or
/// else the one closest in spelling, if it is at most two letters off. Empty when nothing is
/// near.
pub fn did_you_mean<'a>(name: &str, known: &[&'a str]) -> Vec<&'a str> {
    let starting: Vec<&str> = known
        .iter()
        .copied()
        .filter(|k| !name.is_empty() && k.starts_with(name))
        .collect();
    if !starting.is_empty() {
        return starting;
    }
    known
        .iter()
        .map(|k| (strsim::levenshtein(name, k), *k))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, k)| vec![k])
        .unwrap_or_default()
}

/// "1 session", "3 sessions", "0 sessions": a count with its noun, for every count the program
/// prints (nouns whose plural is not an added "s" are not counted anywhere).
pub fn plural(n: impl TryInto<u64>, noun: &str) -> String {
    match n.try_into().unwrap_or(u64::MAX) {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// "a", "a or b", "a, b or c".
pub fn or_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests;
