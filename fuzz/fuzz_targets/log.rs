//! Arbitrary bytes as the session log: never a panic, every non-blank line read or counted, and
//! the history built from it (sessions, statistics, CSV export, `stats --json`) never panics.

#![no_main]

use stretchy::core::log;
use jiff::civil::{Date, date};
use libfuzzer_sys::fuzz_target;
use stretchy::core::history::{self, Settings};
use stretchy::core::log::ParsedLine;

fuzz_target!(|bytes: &[u8]| {
    let contents = log::parse(bytes);
    let non_blank = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count();
    assert_eq!(contents.lines.len() + contents.unreadable, non_blank);
    // `parse` is `parse_line` on every line, as the streaming reader (the cache) relies on.
    let streamed: Vec<_> = bytes
        .split(|&b| b == b'\n')
        .filter_map(|raw| match log::parse_line(raw) {
            ParsedLine::Record(line) => Some(line),
            _ => None,
        })
        .collect();
    assert_eq!(streamed, contents.lines);

    let sessions = history::sessions(&contents.lines);
    let mut csv = Vec::new();
    history::export_csv(&sessions, None, &mut csv).expect("writing to memory");
    // Today near the fixtures, on the day of the last session, and at both ends of time; with
    // the default settings, none and the most.
    let last = sessions.last().map(history::SessionRecord::date);
    let cases = [
        (Some(date(2026, 3, 10)), Settings::default()),
        (
            last,
            Settings {
                rest_days: 0,
                weekly_goal: 0,
            },
        ),
        (
            Some(Date::MIN),
            Settings {
                rest_days: u32::MAX,
                weekly_goal: u32::MAX,
            },
        ),
        (Some(Date::MAX), Settings::default()),
    ];
    let real = sessions.iter().filter(|s| !s.preview).count();
    for (i, (today, settings)) in cases.into_iter().enumerate() {
        let Some(today) = today else { continue };
        let stats = history::stats(&sessions, today, &settings);
        assert_eq!(stats.total_sessions as usize, real);
        assert!(stats.longest_streak >= stats.current_streak);
        if i == 0 {
            // What `stats --json` prints; once, as it is most of the time spent.
            serde_json::to_string(&stats).expect("stats serialize");
        }
    }
});
