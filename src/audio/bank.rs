//! The cue sounds: the bundled WAVs, compiled into the binary, or the user's own files from the
//! cue folder. A bundled sound is decoded while it plays, straight from the binary, so the app
//! holds no decoded audio; a user's file is checked and decoded once, when loaded.
//!
//! A user file that cannot be used is skipped with a notice (the caller shows it); nothing here
//! panics or prints, whatever the file holds.

use std::fs;
use std::io::{self, Cursor};
use std::path::Path;

use rodio::buffer::SamplesBuffer;
use rodio::{Decoder, Source, nz};

use super::{ALL_CUES, file_name, index, synth};
use crate::core::session::Cue;
use crate::core::wording::io_error;

/// Larger user files are not read at all: a cue is a short sound.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Longer user sounds are refused: a cue must not drown the next one.
const MAX_SECONDS: f64 = 10.0;

/// The bundled WAV file of `cue`, as committed in `assets/`.
pub fn bundled_wav(cue: Cue) -> &'static [u8] {
    match cue {
        Cue::GetReady => include_bytes!("../../assets/get-ready.wav"),
        Cue::HoldStart => include_bytes!("../../assets/hold-start.wav"),
        Cue::Countdown => include_bytes!("../../assets/countdown.wav"),
        Cue::HoldEnd => include_bytes!("../../assets/hold-end.wav"),
        Cue::Switch => include_bytes!("../../assets/switch.wav"),
        Cue::RestOver => include_bytes!("../../assets/rest-over.wav"),
        Cue::Metronome => include_bytes!("../../assets/metronome.wav"),
        Cue::PainPause => include_bytes!("../../assets/pain-pause.wav"),
        Cue::Complete => include_bytes!("../../assets/complete.wav"),
    }
}

/// A sound ready to hand to a mixer.
pub type Sound = Box<dyn Source + Send>;

/// One sound per cue: the user's own where there is a usable one, else the bundled one.
#[derive(Debug, Clone, Default)]
pub struct CueBank {
    user: [Option<SamplesBuffer>; ALL_CUES.len()],
}

impl CueBank {
    /// The bundled sounds.
    pub fn bundled() -> CueBank {
        CueBank::default()
    }

    /// The bundled sounds, each replaced by `<cue_dir>/<file name>` when that file exists and
    /// decodes. Returns a notice for each file that was there but could not be used.
    pub fn load(cue_dir: Option<&Path>) -> (CueBank, Vec<String>) {
        let mut bank = CueBank::bundled();
        let mut notices = Vec::new();
        let Some(dir) = cue_dir else {
            return (bank, notices);
        };
        for cue in ALL_CUES {
            let path = dir.join(file_name(cue));
            match read_user_file(&path) {
                Ok(Some(sound)) => bank.user[index(cue)] = Some(sound),
                Ok(None) => {}
                Err(why) => notices.push(format!(
                    "cue sound {} ignored ({why}); using the bundled one",
                    path.display()
                )),
            }
        }
        (bank, notices)
    }

    /// The cue's sound. A user's sound shares its samples (nothing is copied); a bundled one
    /// reads the binary's copy of the file as it plays.
    pub fn sound(&self, cue: Cue) -> Sound {
        match &self.user[index(cue)] {
            Some(sound) => Box::new(sound.clone()),
            None => bundled_sound(cue),
        }
    }
}

/// A bundled sound, decoded as it plays.
pub(super) fn bundled_sound(cue: Cue) -> Sound {
    if let Ok(decoder) = Decoder::new(Cursor::new(bundled_wav(cue))) {
        return Box::new(decoder);
    }
    // The tests decode every bundled file, so this cannot happen in a released build; if it ever
    // did, the same sound made afresh is better than a panic.
    let samples: Vec<f32> = synth::samples(cue)
        .iter()
        .map(|&s| f32::from(s) / 32768.0)
        .collect();
    Box::new(SamplesBuffer::new(nz!(1), nz!(48_000), samples))
}

/// `Ok(None)` when there is no such file.
fn read_user_file(path: &Path) -> Result<Option<SamplesBuffer>, String> {
    let size = match fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(&e)),
    };
    if size > MAX_FILE_BYTES {
        return Err(format!("larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024));
    }
    let bytes = fs::read(path).map_err(|e| io_error(&e))?;
    decode_user_wav(bytes).map(Some)
}

/// Decodes a WAV file of unknown origin.
///
/// rodio's WAV decoder trusts the header (a zero sample rate panics, an odd sample format prints
/// to stderr), so hound checks it first and only plain PCM or 32-bit float goes on to rodio.
pub(super) fn decode_user_wav(bytes: Vec<u8>) -> Result<SamplesBuffer, String> {
    let reader = hound::WavReader::new(Cursor::new(&bytes))
        .map_err(|e| format!("not a WAV file that can be read: {e}"))?;
    let spec = reader.spec();
    match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Int, 8 | 16 | 24 | 32) | (hound::SampleFormat::Float, 32) => {}
        (format, bits) => {
            return Err(format!("unsupported sample format: {bits}-bit {format:?}"));
        }
    }
    if !(1..=8).contains(&spec.channels) {
        return Err(format!("unsupported channel count: {}", spec.channels));
    }
    if !(8_000..=192_000).contains(&spec.sample_rate) {
        return Err(format!("unsupported sample rate: {} Hz", spec.sample_rate));
    }
    let seconds = f64::from(reader.duration()) / f64::from(spec.sample_rate);
    if seconds > MAX_SECONDS {
        return Err(format!("longer than {MAX_SECONDS} s"));
    }
    let sound = Decoder::new(Cursor::new(bytes))
        .map_err(|e| format!("cannot decode: {e}"))?
        .record();
    if sound.clone().next().is_none() {
        return Err("it holds no sound".to_owned());
    }
    Ok(sound)
}
