//! Plays every cue once through the real player, 800 ms apart, and prints what it sent and the
//! sound status to stdout. Prints nothing to stderr, with or without an audio device.
//!
//!     cargo run --example cue_probe [-- --volume 0-100] [--cue-dir DIR]
//!
//! Under the capture harness each printed `sent` time should match an onset, about 30-40 ms
//! later (the output's latency):
//!
//!     tests/harness/capture -o /tmp/probe.wav -- target/debug/examples/cue_probe
//!     tests/harness/onsets.py /tmp/probe.wav

use std::path::PathBuf;
use std::thread;
use std::time::{Duration, Instant};

use stretchy::audio::{ALL_CUES, CuePlayer, Settings, SoundPlayer, file_name};

const GAP: Duration = Duration::from_millis(800);

fn main() {
    let start = Instant::now();
    let mut settings = Settings {
        volume: 100,
        ..Settings::default()
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--volume" => settings.volume = args.next().and_then(|v| v.parse().ok()).unwrap_or(100),
            "--cue-dir" => settings.cue_dir = args.next().map(PathBuf::from),
            other => {
                println!("unknown argument {other}; usage: cue_probe [--volume N] [--cue-dir DIR]");
                return;
            }
        }
    }
    let mut player = SoundPlayer::start(settings);

    let status = player.wait_settled(Duration::from_secs(10));
    println!(
        "{:>7.3}s status: {} ({status:?})",
        secs(start),
        status.label()
    );
    for notice in player.take_notices() {
        println!("notice: {notice}");
    }

    // Leave the first cue a moment after the device opened, as in a session.
    let mut next = Instant::now() + Duration::from_millis(300);
    for cue in ALL_CUES {
        thread::sleep(next.saturating_duration_since(Instant::now()));
        player.play(cue);
        println!("{:>7.3}s sent {cue:?} ({})", secs(start), file_name(cue));
        next += GAP;
    }
    thread::sleep(next.saturating_duration_since(Instant::now()));
    let status = player.status();
    println!(
        "{:>7.3}s status: {} ({status:?})",
        secs(start),
        status.label()
    );
    let ended = player.shutdown();
    println!("{:>7.3}s audio thread ended: {ended}", secs(start));
}

fn secs(since: Instant) -> f64 {
    since.elapsed().as_secs_f64()
}
