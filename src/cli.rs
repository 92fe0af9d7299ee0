//! The command line: every subcommand, flag and environment variable, declared with clap; the
//! commands that print and exit ([`commands`]) and the line-by-line session ([`plain`]).

pub mod commands;
pub mod plain;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::audio::SoundMode;

/// A guided stretch-session timer for the terminal, for a stiff or sore lower back.
///
/// Move only within a pain-free range. Stop if pain turns sharp, shoots down a leg or brings
/// numbness, tingling or weakness, and ask a clinician when in doubt.
#[derive(Debug, Parser)]
#[command(name = "stretchy", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Folder for your own routines (sessions/*.json) [default: the platform's config folder, e.g.
    /// ~/.config/stretchy]
    #[arg(long, global = true, value_name = "DIR", env = "STRETCHY_CONFIG_DIR")]
    pub config_dir: Option<PathBuf>,

    /// Folder for the session log [default: the platform's data folder, e.g.
    /// ~/.local/share/stretchy]
    #[arg(long, global = true, value_name = "DIR", env = "STRETCHY_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Preview a routine N times faster (1-60), to try it out; previews are marked as such
    #[arg(long, global = true, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=60))]
    pub speed: u32,

    /// Sound: auto (the audio device, silent if there is none), bell (the terminal bell) or off
    #[arg(long, global = true, value_enum, default_value_t = SoundMode::Auto)]
    pub sound: SoundMode,

    /// Start with the sounds muted (m toggles them during a session)
    #[arg(long, global = true)]
    pub mute: bool,

    /// Loudness of the cues, 0-100
    #[arg(long, global = true, value_name = "0-100", default_value_t = 80,
          value_parser = clap::value_parser!(u8).range(0..=100))]
    pub volume: u8,

    /// One line per stage, no full-screen display: for screen readers and pipes (chosen
    /// automatically when the output is not a terminal)
    #[arg(long, global = true)]
    pub plain: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a routine: its id (see `stretchy list`) or a routine file; without one, the
    /// routine last started (the first one before any)
    Run {
        /// A routine id or the path of a routine file
        routine: Option<String>,
    },
    /// List the routines: built-in ones and your own
    List,
    /// Print a routine's timed plan, one line per step
    Show {
        /// A routine id (see `stretchy list`) or the path of a routine file
        routine: String,
    },
    /// Check routine files; prints `file:line:column: field: problem` for each mistake
    Check {
        /// Routine files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Your streak, the last six months, minutes per week, routines and pain reports
    History,
    /// The history's numbers: streaks, this week, totals (`--json` for scripts)
    Stats {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// One CSV row per session (date, routine, planned and actual minutes, outcome, worst pain,
    /// exercises done and skipped), e.g. for a physiotherapist
    Export {
        /// CSV, the one format there is (accepted for clarity)
        #[arg(long)]
        csv: bool,
        /// Only sessions on or after this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        since: Option<jiff::civil::Date>,
    },
    /// Before you start: who should talk to a clinician first, and the signs that mean getting
    /// care now instead of exercising (shown once before the first session)
    Safety,
    /// Print the manual page (roff), e.g. `stretchy man > ~/.local/share/man/man1/stretchy.1`
    Man,
    /// Print a shell completion script, e.g. `stretchy completions bash >
    /// ~/.local/share/bash-completion/completions/stretchy`
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
}
