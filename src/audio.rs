//! Sound: one short, distinct sound per [`Cue`], played through whatever the user chose with
//! `--sound auto|bell|off`.
//!
//! The app hands cues to a [`CuePlayer`] at the instant they are due; a player never blocks and
//! never prints. The real one, [`SoundPlayer`], owns an audio thread that owns the output device:
//! commands go to it over a channel and status comes back the same way. With no device, or when
//! the device goes away, the session runs on in silence and the status says why. The output is
//! the `PulseAudio` (or `PipeWire`) server, spoken to directly, where there is one, else rodio.
//!
//! Owns: the cue sounds (bundled WAVs in `assets/`, made by [`synth`], replaceable by the user's
//! own files), the output device's lifetime, and keeping alsa-lib, cpal and rodio off the terminal.
//! Must not: decide *when* a cue sounds (the session does), or count samples to keep time.

mod bank;
#[cfg(rodio_output)]
mod device;
mod engine;
mod output;
mod player;
#[cfg(unix)]
mod pulse;
mod stderr;
pub mod synth;

#[cfg(test)]
mod tests;

use std::fmt;
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Instant;

use crate::core::session::Cue;

use bank::Sound;
pub use bank::{CueBank, bundled_wav};
pub use player::SoundPlayer;
pub use stderr::StderrGuard;

/// What `--sound` asks for; a setting like volume and mute, so it is defined with them.
pub use crate::core::settings::SoundMode;

/// How the player is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub mode: SoundMode,
    /// 0 to 100; scales loudness along a perceptual curve (see [`gain`]).
    pub volume: u8,
    pub muted: bool,
    /// The folder of the user's own cue sounds (`<config dir>/cues`); a file there named as in
    /// `assets/` (`hold-start.wav`, ...) replaces that cue.
    pub cue_dir: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            mode: SoundMode::Auto,
            volume: 80,
            muted: false,
            cue_dir: None,
        }
    }
}

/// What the status bar says about sound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SoundStatus {
    /// No cue has tried the device yet (the first one does, a few milliseconds before it sounds).
    Starting,
    /// Cues will be heard.
    Ready,
    /// The user muted sound (shown while muted, whatever the device's state).
    Muted,
    /// Cues ring the terminal bell.
    Bell,
    /// `--sound off`.
    Off,
    /// No audio device could be opened; the reason is for a diagnostics view.
    Unavailable(String),
    /// The device stopped working while in use (sound server gone, device unplugged).
    Lost(String),
}

impl SoundStatus {
    /// One short text for the status bar.
    pub fn label(&self) -> String {
        match self {
            SoundStatus::Starting => "sound: starting",
            SoundStatus::Ready => "sound on",
            SoundStatus::Muted => "sound muted",
            SoundStatus::Bell => "sound: bell",
            SoundStatus::Off => "sound off",
            #[cfg(not(rodio_output))]
            SoundStatus::Unavailable(why) if why.ends_with(output::NO_SERVER) => {
                "sound off: no PulseAudio or PipeWire"
            }
            SoundStatus::Unavailable(_) => "sound: off (no audio device)",
            SoundStatus::Lost(_) => "sound: off (audio device lost)",
        }
        .to_owned()
    }
}

/// Where the app sends cues. Every method returns at once: no device I/O happens on the caller's
/// thread, and nothing is printed.
pub trait CuePlayer: fmt::Debug {
    /// Sounds the cue now (unless muted).
    fn play(&mut self, cue: Cue);

    fn set_muted(&mut self, muted: bool);

    fn muted(&self) -> bool;

    /// The current status, after taking in what the audio thread reported since the last call.
    fn status(&mut self) -> SoundStatus;

    /// Tells the player when the next cue is due (`None`: the session is paused or over). The
    /// player keeps its output closed until just before `next_cue`, so a countdown between cues
    /// costs no audio work and the cue is still on time.
    fn idle_hint(&mut self, next_cue: Option<Instant>) {
        let _ = next_cue;
    }

    /// Stops whatever cue is still sounding, at once (the pain key).
    fn hush(&mut self) {}

    /// Changes the volume (0 to 100) from now on.
    fn set_volume(&mut self, volume: u8) {
        let _ = volume;
    }

    /// Messages for the user that came up since the last call, such as a cue file that could not
    /// be read and was ignored. Show them once (they are never printed).
    fn take_notices(&mut self) -> Vec<String> {
        Vec::new()
    }
}

/// The player for `settings.mode`. [`SoundMode::Bell`] rings on stdout, the terminal.
pub fn player(settings: Settings) -> Box<dyn CuePlayer> {
    match settings.mode {
        SoundMode::Auto => Box::new(SoundPlayer::start(settings)),
        SoundMode::Bell => {
            let mut bell = Bell::new(io::stdout());
            bell.set_muted(settings.muted);
            Box::new(bell)
        }
        SoundMode::Off => Box::new(Silent {
            muted: settings.muted,
        }),
    }
}

/// Amplitude factor for a volume of 0 to 100: `(v/100)²`, so equal steps sound roughly equal.
pub fn gain(volume: u8) -> f32 {
    let v = f32::from(volume.min(100)) / 100.0;
    v * v
}

/// Every cue, in declaration order.
pub const ALL_CUES: [Cue; 9] = [
    Cue::GetReady,
    Cue::HoldStart,
    Cue::Countdown,
    Cue::HoldEnd,
    Cue::Switch,
    Cue::RestOver,
    Cue::Metronome,
    Cue::PainPause,
    Cue::Complete,
];

/// The cue's file name, in `assets/` and in the user's cue folder.
pub fn file_name(cue: Cue) -> &'static str {
    match cue {
        Cue::GetReady => "get-ready.wav",
        Cue::HoldStart => "hold-start.wav",
        Cue::Countdown => "countdown.wav",
        Cue::HoldEnd => "hold-end.wav",
        Cue::Switch => "switch.wav",
        Cue::RestOver => "rest-over.wav",
        Cue::Metronome => "metronome.wav",
        Cue::PainPause => "pain-pause.wav",
        Cue::Complete => "complete.wav",
    }
}

/// The cue's place in [`ALL_CUES`].
fn index(cue: Cue) -> usize {
    match cue {
        Cue::GetReady => 0,
        Cue::HoldStart => 1,
        Cue::Countdown => 2,
        Cue::HoldEnd => 3,
        Cue::Switch => 4,
        Cue::RestOver => 5,
        Cue::Metronome => 6,
        Cue::PainPause => 7,
        Cue::Complete => 8,
    }
}

/// Rings the terminal bell (BEL, 0x07) for each cue, for `--sound bell`.
///
/// The frequent cues, [`Cue::Countdown`] and [`Cue::Metronome`], do not ring: many terminals
/// flash the whole screen for a bell, and three flashes before every release, or one per rep,
/// would be more noise than help.
#[derive(Debug)]
pub struct Bell<W: Write> {
    out: W,
    muted: bool,
}

impl<W: Write> Bell<W> {
    pub fn new(out: W) -> Bell<W> {
        Bell { out, muted: false }
    }

    /// Whether `cue` rings the bell at all.
    pub fn rings(cue: Cue) -> bool {
        match cue {
            Cue::Countdown | Cue::Metronome => false,
            Cue::GetReady
            | Cue::HoldStart
            | Cue::HoldEnd
            | Cue::Switch
            | Cue::RestOver
            | Cue::PainPause
            | Cue::Complete => true,
        }
    }

    /// What was written so far (a test's `Vec<u8>`).
    pub fn get_ref(&self) -> &W {
        &self.out
    }
}

impl<W: Write + fmt::Debug> CuePlayer for Bell<W> {
    fn play(&mut self, cue: Cue) {
        if !self.muted && Self::rings(cue) {
            // A terminal that cannot take a byte has bigger problems than a missed bell.
            let _ = self.out.write_all(b"\x07").and_then(|()| self.out.flush());
        }
    }

    fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
    }

    fn muted(&self) -> bool {
        self.muted
    }

    fn status(&mut self) -> SoundStatus {
        if self.muted {
            SoundStatus::Muted
        } else {
            SoundStatus::Bell
        }
    }
}

/// `--sound off`: plays nothing, ever; muting only changes what [`CuePlayer::muted`] says.
#[derive(Debug, Default)]
pub struct Silent {
    pub muted: bool,
}

impl CuePlayer for Silent {
    fn play(&mut self, _: Cue) {}

    fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
    }

    fn muted(&self) -> bool {
        self.muted
    }

    fn status(&mut self) -> SoundStatus {
        SoundStatus::Off
    }
}

/// Remembers what it was asked to play, for tests.
#[cfg(test)]
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recording {
    /// The cues played while not muted, in order.
    pub played: Vec<Cue>,
    pub muted: bool,
}

#[cfg(test)]
impl CuePlayer for Recording {
    fn play(&mut self, cue: Cue) {
        if !self.muted {
            self.played.push(cue);
        }
    }

    fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
    }

    fn muted(&self) -> bool {
        self.muted
    }

    fn status(&mut self) -> SoundStatus {
        if self.muted {
            SoundStatus::Muted
        } else {
            SoundStatus::Ready
        }
    }
}
