//! The command line: every subcommand, flag and environment variable, declared with clap; the
//! commands that print and exit ([`commands`]) and the line-by-line session ([`plain`]).

pub mod commands;
pub mod plain;
pub mod since;
pub mod status;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::core::routine::limits::MAX_LEAD_IN_SECS;
use crate::core::settings::{Key, SoundMode};
use crate::storage::settings::{self, Loaded};

/// A guided stretch-session timer for the terminal, for a stiff or sore lower back.
///
/// Move only within a pain-free range. Stop if pain turns sharp, shoots down a leg or brings
/// numbness, tingling or weakness, and ask a clinician when in doubt.
#[derive(Debug, Parser)]
#[command(name = "stretchy", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Folder for your own routines (sessions/*.json), cue sounds and settings.json [default: the
    /// platform's config folder, e.g. ~/.config/stretchy]
    #[arg(long, global = true, value_name = "DIR", env = "STRETCHY_CONFIG_DIR")]
    pub config_dir: Option<PathBuf>,

    /// Folder for the session log [default: the platform's data folder, e.g.
    /// ~/.local/share/stretchy]
    #[arg(long, global = true, value_name = "DIR", env = "STRETCHY_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Preview a routine N times faster (1-60), to try it out; previews are marked as such
    #[arg(long, global = true, value_name = "N", default_value_t = 1,
          value_parser = whole_number::<u32>("speed", 1, 60))]
    pub speed: u32,

    /// Sound: auto (the audio device, silent if there is none), bell (the terminal bell) or off
    /// [default: `sound` in settings.json, else auto]
    #[arg(long, global = true, value_enum)]
    pub sound: Option<SoundMode>,

    /// Start with the sounds muted (m toggles them during a session); `--mute=false` starts
    /// them on, whatever settings.json says [default: `mute` in settings.json, else off]
    #[arg(long, global = true, value_name = "BOOL", num_args = 0..=1, require_equals = true,
          default_missing_value = "true")]
    pub mute: Option<bool>,

    /// Loudness of the cues, 0-100 [default: `volume` in settings.json, else 80]
    #[arg(long, global = true, value_name = "0-100",
          value_parser = whole_number::<u8>("volume", 0, 100))]
    pub volume: Option<u8>,

    /// Seconds to get into position before each exercise, in every routine (0-120) [default:
    /// `lead_in_secs` in settings.json, else each routine's own]
    #[arg(long, global = true, value_name = "SECS",
          value_parser = whole_number::<u32>("number of seconds", 0, MAX_LEAD_IN_SECS))]
    pub lead_in_secs: Option<u32>,

    /// One line per stage, no full-screen display: for screen readers and pipes (chosen
    /// automatically when the output is not a terminal)
    #[arg(long, global = true)]
    pub plain: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a routine: its id (see `stretchy list`) or a routine file; without one, the
    /// settings' `default_routine`, else the routine last started (the first one before any)
    Run {
        /// A routine id or the path of a routine file [default: `default_routine` in
        /// settings.json, else the routine last started]
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
        /// Only sessions on or after this date: YYYY-MM-DD, today, yesterday, or a number of days
        /// or weeks back (7d, 2w)
        #[arg(long, value_name = "DATE", value_parser = since::parse)]
        since: Option<since::Since>,
    },
    /// One short line for a status bar or prompt: "stretch due", "stretch in 23m", or
    /// "✓ today · streak 5" outside working hours. Reads, never writes
    Status {
        #[arg(
            long,
            conflicts_with = "format",
            help = "Print JSON: text, class, due, \
            next_due_at, minutes_until_due, done_today, streak, week_done, week_goal and error \
            (a waybar custom module reads it as it is)"
        )]
        json: bool,
        #[arg(
            long,
            value_name = "TEMPLATE",
            help = "Print TEMPLATE with each {field} \
            replaced: status (the line), class, due, next_due_at, next_due_time (HH:MM), \
            minutes_until_due, done_today, streak, week_done, week_goal; {{ and }} for braces. \
            E.g. \"{status} · {week_done}/{week_goal}\""
        )]
        format: Option<String>,
    },
    /// A small screen for a spare terminal: when the next break is due, today's sessions and the
    /// streak. When one is due it rings and sends a desktop notification; Enter starts the
    /// suggested routine, s snoozes, x skips it. With --plain, one line per reminder
    Remind,
    /// Before you start: who should talk to a clinician first, and the signs that mean getting
    /// care now instead of exercising (shown once before the first session)
    Safety,
    /// The settings in effect, where each came from (default, settings.json or a flag), and the
    /// settings file's path
    Settings,
    /// Print the manual page (roff), e.g. `stretchy man > ~/.local/share/man/man1/stretchy.1`
    Man,
    /// Print a shell completion script, e.g. `stretchy completions bash >
    /// ~/.local/share/bash-completion/completions/stretchy`
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
}

impl Cli {
    /// The settings in effect: the defaults, then `<config>/settings.json`, then the flags given
    /// on this command line. The one place they are merged.
    pub fn settings(&self, config: Option<&Path>) -> Loaded {
        let mut loaded = settings::load(config);
        let r = &mut loaded.resolved;
        if let Some(sound) = self.sound {
            r.settings.sound = sound;
            r.set_by_flag(Key::Sound, "--sound");
        }
        if let Some(volume) = self.volume {
            r.settings.volume = volume;
            r.set_by_flag(Key::Volume, "--volume");
        }
        if let Some(mute) = self.mute {
            r.settings.mute = mute;
            r.set_by_flag(Key::Mute, "--mute");
        }
        if let Some(secs) = self.lead_in_secs {
            r.settings.lead_in_secs = Some(secs);
            r.set_by_flag(Key::LeadInSecs, "--lead-in-secs");
        }
        loaded
    }
}

/// A parser for a whole number from `low` to `high` that says a refused value in plain words:
/// "200 is not a volume from 0 to 100", "\"abc\" is not a whole number". The one home of that
/// wording for every numeric option.
fn whole_number<T: TryFrom<u32>>(
    what: &'static str,
    low: u32,
    high: u32,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static {
    move |text: &str| {
        let refused = || format!("{text} is not a {what} from {low} to {high}");
        let n: u32 = match text.parse() {
            Ok(n) => n,
            // Too large for a u32, or below zero: still a number, out of range.
            Err(_) if is_integer(text) => return Err(refused()),
            Err(_) => return Err(format!("{text:?} is not a whole number")),
        };
        if !(low..=high).contains(&n) {
            return Err(refused());
        }
        T::try_from(n).map_err(|_| refused())
    }
}

/// "120", "-5", "99999999999": digits, with a minus sign or not.
fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}
