//! Writes the bundled cue sounds into `assets/`, from `stretchy::audio::synth`.
//!
//!     cargo run --example make_cues            # rewrite assets/*.wav
//!     cargo run --example make_cues -- --check # exit 1 if a committed file differs
//!
//! The output is the same byte for byte on every run, so a change in `git status` means the
//! sounds really changed.

use std::path::Path;
use std::process::ExitCode;
use std::{env, fs};

use stretchy::audio::{ALL_CUES, file_name, synth};

fn main() -> ExitCode {
    let check = env::args().skip(1).any(|a| a == "--check");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let mut stale = 0;
    for cue in ALL_CUES {
        let path = dir.join(file_name(cue));
        let wav = synth::wav(cue);
        if check {
            if fs::read(&path).ok().as_deref() != Some(wav.as_slice()) {
                println!("differs: {}", path.display());
                stale += 1;
            }
        } else if let Err(e) = fs::write(&path, &wav) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        } else {
            println!(
                "{:<16} {:>4} ms  peak {:>5.1} dBFS  {:>6} bytes",
                file_name(cue),
                synth::length_ms(cue),
                synth::peak_dbfs(cue),
                wav.len()
            );
        }
    }
    if stale > 0 {
        println!("{stale} file(s) differ: run `cargo run --example make_cues`");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
