//! Prints the cues a routine plays when left to run, one `SECONDS NAME` line each (seconds after
//! the first cue), as `tests/harness/onsets.py --plan` reads them.
//!
//!     cargo run --example cue_plan -- ROUTINE [--speed N]
//!
//! ROUTINE is a built-in routine's id or a routine file.

use stretchy::core::session::planned_cues;
use stretchy::storage::catalog::Catalog;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut routine = None;
    let mut speed = 1;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--speed" => speed = args.next().and_then(|s| s.parse().ok()).unwrap_or(0),
            _ if routine.is_none() => routine = Some(arg),
            _ => routine = None,
        }
    }
    let (Some(routine), 1..=60) = (routine, speed) else {
        eprintln!("usage: cue_plan ROUTINE [--speed 1-60]");
        std::process::exit(2);
    };
    let (catalog, _) = Catalog::load(None);
    let entry = match catalog.resolve(&routine) {
        Ok(entry) => entry,
        Err(e) => {
            eprintln!("cue_plan: {e}");
            std::process::exit(1);
        }
    };
    for (at, cue) in planned_cues(&entry.routine, speed, std::time::Instant::now()) {
        println!("{:.3} {cue:?}", at.as_secs_f64());
    }
}
