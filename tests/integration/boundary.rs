//! The core stays pure: no code under `src/core` reaches for files, the environment, processes,
//! threads, the clock, the terminal, audio or the platform's folders, nor imports the shell.
//!
//! Read as text, so it also catches a fully qualified path in the middle of a line. Comment lines
//! are skipped, and so are tests (`tests.rs` files and inline `mod tests` blocks at a file's end),
//! which may pick any `Instant` as their origin.

use std::fs;
use std::path::{Path, PathBuf};

/// What core code must not name, and why.
const FORBIDDEN: &[(&str, &str)] = &[
    ("std::fs", "files"),
    ("std::env", "the environment"),
    ("std::process", "processes"),
    ("std::thread", "threads"),
    ("std::net", "the network"),
    ("Instant::now", "the clock"),
    ("SystemTime::now", "the clock"),
    ("Zoned::now", "the clock"),
    ("Timestamp::now", "the clock"),
    ("ratatui", "the terminal"),
    ("crossterm", "the terminal"),
    ("rodio", "audio"),
    ("directories", "the platform's folders"),
    ("crate::audio", "the shell"),
    ("crate::cli", "the shell"),
    ("crate::clock", "the shell"),
    ("crate::shell", "the shell"),
    ("crate::storage", "the shell"),
    ("crate::tui", "the shell"),
];

fn core_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("core.rs")];
    let mut dirs = vec![root.join("core")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).expect("src/core is readable") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The lines of `text` that are code outside tests: `(line number, line)`.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, line)| !line.starts_with("mod tests {"))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .map(|(i, line)| (i + 1, line))
}

/// A `use std::{...}` group naming a forbidden module (`use std::{fs, io}`).
fn forbidden_in_group(line: &str) -> Option<&'static str> {
    let group = line.split_once("std::{")?.1;
    let names = group.split('}').next()?;
    ["fs", "env", "process", "thread", "net"]
        .into_iter()
        .find(|name| names.split([',', ' ', ':']).any(|n| n == *name))
}

#[test]
fn core_code_touches_no_files_clock_terminal_audio_or_shell() {
    let mut found = Vec::new();
    let files = core_files();
    assert!(files.len() > 5, "src/core was not found: {files:?}");
    for path in files {
        if path.file_name().is_some_and(|name| name == "tests.rs") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("a source file");
        for (number, line) in code_lines(&text) {
            for (name, what) in FORBIDDEN {
                if line.contains(name) {
                    found.push(format!("{}:{number}: {name} ({what})", path.display()));
                }
            }
            if let Some(name) = forbidden_in_group(line) {
                found.push(format!("{}:{number}: std::{name}", path.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the core must stay pure; move these to the shell:\n{}",
        found.join("\n")
    );
}

/// The check itself sees what it is meant to see.
#[test]
fn boundary_check_catches_grouped_imports_and_skips_comments_and_tests() {
    assert_eq!(forbidden_in_group("use std::{fs, io};"), Some("fs"));
    assert_eq!(
        forbidden_in_group("use std::{io::Write, thread};"),
        Some("thread")
    );
    assert_eq!(forbidden_in_group("use std::{fmt, io};"), None);
    let text = "use std::io;\n// std::fs in a comment\nfn a() {}\nmod tests {\n    use std::fs;\n}";
    let kept: Vec<usize> = code_lines(text).map(|(n, _)| n).collect();
    assert_eq!(kept, [1, 3]);
}
