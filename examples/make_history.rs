//! Writes a realistic generated session log, for trying the history screen and for measuring
//! start-up and history time with years of data:
//!
//!     cargo run --release --example make_history -- /tmp/stretchy-data 10
//!     stretchy --data-dir /tmp/stretchy-data history

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: make_history DATA_DIR [YEARS] [SEED]");
        std::process::exit(2);
    };
    let years = args.next().and_then(|y| y.parse().ok()).unwrap_or(10);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    std::fs::create_dir_all(&dir)?;
    let log = dir.join(stretchy::storage::paths::LOG_FILE);
    std::fs::write(&log, stretchy::storage::sample::sample_log(years, seed))?;
    println!("wrote {} years of sessions to {}", years, log.display());
    Ok(())
}
