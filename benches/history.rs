//! How long the history screen takes to appear with ten years of sessions: reading the log,
//! gathering sessions and computing the statistics, and the statistics alone.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use jiff::civil::date;
use stretchy::history::{self, Settings, sample};
use stretchy::store;

fn ten_years(c: &mut Criterion) {
    let bytes = sample::sample_log(10, 42);
    let settings = Settings::default();
    let today = date(2026, 3, 1);
    let sessions = history::sessions(&store::parse(&bytes).lines);

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
            let contents = store::parse(black_box(&bytes));
            let sessions = history::sessions(&contents.lines);
            history::stats(&sessions, today, &settings)
        });
    });
    group.sampling_mode(SamplingMode::Auto);
    group.bench_function("stats", |b| {
        b.iter(|| history::stats(black_box(&sessions), today, &settings));
    });
    group.finish();
}

criterion_group!(benches, ten_years);
criterion_main!(benches);
