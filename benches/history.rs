//! How long the history screen takes to appear with ten years of sessions: reading the log,
//! gathering sessions and computing the statistics, and the statistics alone; then the same
//! through the history cache, warm (the usual start) and cold (the first start, or after the log
//! was replaced).

use std::fs;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use jiff::civil::date;
use stretchy::core::history::{self, Settings};
use stretchy::core::log;
use stretchy::storage::{cache, paths, sample};

fn ten_years(c: &mut Criterion) {
    let bytes = sample::sample_log(10, 42);
    let settings = Settings::default();
    let today = date(2026, 3, 1);
    let sessions = history::sessions(&log::parse(&bytes).lines);
    let dir = tempfile::tempdir().expect("a temp dir");
    fs::write(dir.path().join(paths::LOG_FILE), &bytes).expect("log written");
    let cache_path = dir.path().join(paths::CACHE_FILE);

    let mut group = c.benchmark_group("history_10_years");
    // Few samples, short runs: `cargo bench --bench history` stays well under a minute.
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        // Each run of the whole path takes a noticeable fraction of a second.
        .sampling_mode(SamplingMode::Flat);
    group.bench_function("parse_sessions_stats", |b| {
        b.iter(|| {
            let contents = log::parse(black_box(&bytes));
            let sessions = history::sessions(&contents.lines);
            history::stats(&sessions, today, &settings)
        });
    });
    group.bench_function("cache_load_cold", |b| {
        b.iter_batched(
            || {
                let _ = fs::remove_file(&cache_path);
            },
            |()| cache::load(black_box(dir.path())).expect("log reads"),
            BatchSize::PerIteration,
        );
    });
    group.sampling_mode(SamplingMode::Auto);
    cache::load(dir.path()).expect("log reads");
    group.bench_function("cache_load_warm_stats", |b| {
        b.iter(|| {
            let loaded = cache::load(black_box(dir.path())).expect("log reads");
            history::stats(&loaded.sessions, today, &settings)
        });
    });
    group.bench_function("stats", |b| {
        b.iter(|| history::stats(black_box(&sessions), today, &settings));
    });
    group.finish();
    let loaded = cache::load(dir.path()).expect("log reads");
    assert_eq!(
        loaded.sessions, sessions,
        "the cache gives what the log gives"
    );
}

criterion_group!(benches, ten_years);
criterion_main!(benches);
