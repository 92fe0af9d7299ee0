//! The history cache (`history-cache.json`) is only a shortcut: with the cache the program wrote,
//! a load gives exactly what reading the whole log gives; with a damaged cache that still passes
//! the trust check (same version and log fingerprint), a load must not panic.
//!
//! Input: `log \0 override \0 more log`. The log is written and loaded (which writes the cache);
//! if `override` is a JSON object its fields replace the cache's (any other JSON value replaces
//! its `sessions`); then `more log` is appended and the log loaded again.

#![no_main]

mod scratch;

use std::fs::{self, OpenOptions};
use std::io::Write;

use libfuzzer_sys::fuzz_target;
use scratch::Scratch;
use serde_json::Value;
use stretchy::core::history;
use stretchy::storage::cache;
use stretchy::storage::paths::{CACHE_FILE, LOG_FILE};
use stretchy::core::log;

fuzz_target!(|bytes: &[u8]| {
    let mut parts = bytes.splitn(3, |&b| b == 0);
    let log = parts.next().unwrap_or_default();
    let override_ = parts.next().unwrap_or_default();
    let more = parts.next().unwrap_or_default();

    let scratch = Scratch::new("stretchy-fuzz-history-cache-");
    let dir = &scratch.0;
    fs::write(dir.join(LOG_FILE), log).expect("write the log");
    assert_eq!(cache::load(dir).expect("load"), whole(log));

    let cache_path = dir.join(CACHE_FILE);
    let tampered = match (
        serde_json::from_slice::<Value>(override_),
        fs::read(&cache_path),
    ) {
        (Ok(value), Ok(cache)) => {
            let mut cache: Value = serde_json::from_slice(&cache).expect("the cache is JSON");
            match value {
                Value::Object(fields) => {
                    for (key, value) in fields {
                        cache[key] = value;
                    }
                }
                other => cache["sessions"] = other,
            }
            let cache = serde_json::to_vec(&cache).expect("JSON");
            fs::write(&cache_path, cache).expect("write the cache");
            true
        }
        _ => false,
    };

    let mut file = OpenOptions::new()
        .append(true)
        .open(dir.join(LOG_FILE))
        .expect("open the log");
    file.write_all(more).expect("append to the log");
    let loaded = cache::load(dir).expect("load");
    if !tampered {
        let all = [log, more].concat();
        assert_eq!(loaded, whole(&all));
        // And once more, from the cache that load brought up to date.
        assert_eq!(cache::load(dir).expect("load"), whole(&all));
    }
});

/// What reading the whole log gives.
fn whole(log: &[u8]) -> cache::Loaded {
    let contents = log::parse(log);
    cache::Loaded {
        sessions: history::sessions(&contents.lines),
        unreadable: contents.unreadable,
    }
}
