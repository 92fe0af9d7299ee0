//! The bundled cue sounds, synthesised from a short description of each: a few notes, each a sum
//! of decaying partials with raised-cosine edges.
//!
//! Pure and deterministic: the same cue always gives the same samples, so
//! `cargo run --example make_cues` rewrites `assets/` byte for byte and a test holds the committed
//! files to it. Nothing here plays, reads or writes files.

use std::f64::consts::{PI, TAU};

use crate::core::session::Cue;

/// The rate of every bundled cue, the usual rate of output devices, so no resampling is needed.
pub const SAMPLE_RATE: u32 = 48_000;

const SAMPLES_PER_MS: u32 = SAMPLE_RATE / 1000;

/// Every cue ends with a raised-cosine fade this long, so its last sample is exactly zero.
const FINAL_FADE_MS: f64 = 8.0;

/// One component of a note's timbre.
struct Partial {
    /// Frequency as a multiple of the note's pitch (bells have inharmonic ones).
    ratio: f64,
    amp: f64,
    /// Scales the note's decay time: upper partials die away sooner, as in struck things.
    decay_scale: f64,
}

const fn partial(ratio: f64, amp: f64, decay_scale: f64) -> Partial {
    Partial {
        ratio,
        amp,
        decay_scale,
    }
}

/// A struck bell: the classic 1 : 2 : 2.76 : 5.4 minor-third-ish partials.
const BELL: &[Partial] = &[
    partial(1.0, 1.0, 1.0),
    partial(2.0, 0.32, 0.55),
    partial(2.76, 0.2, 0.4),
    partial(5.4, 0.07, 0.25),
];
/// A soft chime: nearly a sine, a touch of octave.
const CHIME: &[Partial] = &[
    partial(1.0, 1.0, 1.0),
    partial(2.0, 0.18, 0.6),
    partial(3.0, 0.05, 0.4),
];
/// A blip: a sine with a little third harmonic, reedy but not harsh.
const BLIP: &[Partial] = &[partial(1.0, 1.0, 1.0), partial(3.0, 0.12, 1.0)];
/// A wood block: strongly inharmonic, gone in a few tens of milliseconds.
const WOOD: &[Partial] = &[
    partial(1.0, 1.0, 1.0),
    partial(2.3, 0.45, 0.6),
    partial(3.9, 0.2, 0.4),
];
/// A hummed tone: sine plus a faint octave.
const HUM: &[Partial] = &[partial(1.0, 1.0, 1.0), partial(2.0, 0.12, 1.0)];

/// One note of a cue.
struct Note {
    /// Start, from the cue's start.
    at_ms: u32,
    /// Pitch at the start; the note glides (exponentially) to `to_hz` over its length.
    hz: f64,
    to_hz: f64,
    len_ms: u32,
    amp: f64,
    attack_ms: f64,
    /// Time constant of the exponential decay of the fundamental.
    decay_ms: f64,
    release_ms: f64,
    timbre: &'static [Partial],
}

/// A chime-like note with the usual edges; the designs below change what they need.
const fn note(at_ms: u32, hz: f64, len_ms: u32, decay_ms: f64) -> Note {
    Note {
        at_ms,
        hz,
        to_hz: hz,
        len_ms,
        amp: 1.0,
        attack_ms: 4.0,
        decay_ms,
        release_ms: 20.0,
        timbre: CHIME,
    }
}

/// What a cue sounds like.
struct Design {
    len_ms: u32,
    /// The loudest sample, in dB below full scale.
    peak_dbfs: f64,
    notes: Vec<Note>,
}

// Pitches (equal temperament, A4 = 440 Hz).
const G4: f64 = 392.00;
const C5: f64 = 523.25;
const D5: f64 = 587.33;
const E5: f64 = 659.26;
const G5: f64 = 783.99;
const A5: f64 = 880.00;
const D6: f64 = 1174.66;

#[allow(clippy::too_many_lines)] // a table: one arm per cue
fn design(cue: Cue) -> Design {
    match cue {
        // A soft rising fourth, D5 then G5.
        Cue::GetReady => Design {
            len_ms: 520,
            peak_dbfs: -7.0,
            notes: vec![
                Note {
                    amp: 0.8,
                    ..note(0, D5, 300, 150.0)
                },
                note(160, G5, 360, 190.0),
            ],
        },
        // One clear bell stroke at A5.
        Cue::HoldStart => Design {
            len_ms: 450,
            peak_dbfs: -4.0,
            notes: vec![Note {
                attack_ms: 2.5,
                timbre: BELL,
                ..note(0, A5, 450, 180.0)
            }],
        },
        // A short, quiet tick at about 1320 Hz.
        Cue::Countdown => Design {
            len_ms: 60,
            peak_dbfs: -11.0,
            notes: vec![Note {
                attack_ms: 1.5,
                release_ms: 10.0,
                timbre: BLIP,
                ..note(0, 1320.0, 60, 16.0)
            }],
        },
        // A falling fourth, A5 then E5: the mirror of the start.
        Cue::HoldEnd => Design {
            len_ms: 480,
            peak_dbfs: -6.0,
            notes: vec![
                Note {
                    amp: 0.8,
                    ..note(0, A5, 240, 140.0)
                },
                note(170, E5, 310, 180.0),
            ],
        },
        // Two quick blips on D6.
        Cue::Switch => Design {
            len_ms: 240,
            peak_dbfs: -7.0,
            notes: vec![
                Note {
                    attack_ms: 3.0,
                    release_ms: 15.0,
                    timbre: BLIP,
                    ..note(0, D6, 75, 60.0)
                },
                Note {
                    attack_ms: 3.0,
                    release_ms: 15.0,
                    timbre: BLIP,
                    ..note(140, D6, 75, 60.0)
                },
            ],
        },
        // A gentle, low rising fourth, G4 then C5, with slow attacks.
        Cue::RestOver => Design {
            len_ms: 560,
            peak_dbfs: -6.0,
            notes: vec![
                Note {
                    attack_ms: 12.0,
                    amp: 0.8,
                    ..note(0, G4, 260, 220.0)
                },
                Note {
                    attack_ms: 12.0,
                    ..note(220, C5, 340, 250.0)
                },
            ],
        },
        // A very short wood-block knock around 1 kHz.
        Cue::Metronome => Design {
            len_ms: 80,
            peak_dbfs: -9.0,
            notes: vec![Note {
                attack_ms: 0.7,
                release_ms: 10.0,
                timbre: WOOD,
                ..note(0, 1000.0, 80, 9.0)
            }],
        },
        // A soft tone sinking from A4 to D4: calm, not alarming.
        Cue::PainPause => Design {
            len_ms: 600,
            peak_dbfs: -9.0,
            notes: vec![Note {
                to_hz: 293.66,
                attack_ms: 40.0,
                release_ms: 120.0,
                timbre: HUM,
                ..note(0, 440.0, 600, 500.0)
            }],
        },
        // C major arpeggio, C5 E5 G5, the last one ringing.
        Cue::Complete => Design {
            len_ms: 590,
            peak_dbfs: -4.0,
            notes: vec![
                Note {
                    amp: 0.7,
                    ..note(0, C5, 590, 200.0)
                },
                Note {
                    amp: 0.8,
                    ..note(110, E5, 480, 210.0)
                },
                Note {
                    timbre: BELL,
                    ..note(220, G5, 370, 230.0)
                },
            ],
        },
    }
}

/// How long the cue's sound lasts, in milliseconds.
pub fn length_ms(cue: Cue) -> u32 {
    design(cue).len_ms
}

/// The cue's loudest sample, in dB relative to full scale (before the volume setting).
pub fn peak_dbfs(cue: Cue) -> f64 {
    design(cue).peak_dbfs
}

/// The cue as 16-bit mono samples at [`SAMPLE_RATE`].
pub fn samples(cue: Cue) -> Vec<i16> {
    let design = design(cue);
    let mut mix = vec![0.0_f64; (design.len_ms * SAMPLES_PER_MS) as usize];
    for note in &design.notes {
        add_note(&mut mix, note);
    }
    fade_out(&mut mix);
    let loudest = mix.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
    let scale = if loudest > 0.0 {
        10_f64.powf(design.peak_dbfs / 20.0) / loudest
    } else {
        0.0
    };
    mix.iter().map(|s| quantise(s * scale)).collect()
}

/// The cue as a complete WAV file: 48 kHz, mono, 16-bit PCM.
pub fn wav(cue: Cue) -> Vec<u8> {
    wav_from_samples(&samples(cue))
}

/// A canonical 44-byte-header PCM WAV file holding the given mono samples at [`SAMPLE_RATE`].
pub fn wav_from_samples(samples: &[i16]) -> Vec<u8> {
    const CHANNELS: u16 = 1;
    const BITS: u16 = 16;
    const BLOCK_ALIGN: u16 = CHANNELS * BITS / 8;
    // A cue is far shorter than the 4 GiB a WAV file can hold; saturating keeps this total.
    let data_len = u32::try_from(samples.len() * 2).unwrap_or(u32::MAX - 36);
    let mut out = Vec::with_capacity(44 + samples.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16_u32.to_le_bytes()); // size of the fmt chunk
    out.extend_from_slice(&1_u16.to_le_bytes()); // integer PCM
    out.extend_from_slice(&CHANNELS.to_le_bytes());
    out.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    out.extend_from_slice(&(SAMPLE_RATE * u32::from(BLOCK_ALIGN)).to_le_bytes());
    out.extend_from_slice(&BLOCK_ALIGN.to_le_bytes());
    out.extend_from_slice(&BITS.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

fn add_note(mix: &mut [f64], note: &Note) {
    let rate = f64::from(SAMPLE_RATE);
    let start = (note.at_ms * SAMPLES_PER_MS) as usize;
    let Some(room) = mix.len().checked_sub(start) else {
        return;
    };
    let len = ((note.len_ms * SAMPLES_PER_MS) as usize).min(room);
    let len_ms = f64::from(note.len_ms);
    let mut phase = 0.0_f64;
    for (i, out) in mix[start..start + len].iter_mut().enumerate() {
        let t_ms = ms(i);
        let left_ms = len_ms - t_ms;
        let envelope = rise(t_ms, note.attack_ms) * rise(left_ms, note.release_ms);
        let sound: f64 = note
            .timbre
            .iter()
            .map(|p| {
                p.amp * (p.ratio * phase).sin() * (-t_ms / (note.decay_ms * p.decay_scale)).exp()
            })
            .sum();
        *out += note.amp * envelope * sound;
        // Integrating the frequency keeps a glide free of phase jumps.
        let hz = note.hz * (note.to_hz / note.hz).powf(t_ms / len_ms);
        phase += TAU * hz / rate;
    }
}

/// Fades the last [`FINAL_FADE_MS`] to exactly zero.
fn fade_out(mix: &mut [f64]) {
    let n = mix.len();
    for (i, s) in mix.iter_mut().enumerate() {
        *s *= rise(ms(n - 1 - i), FINAL_FADE_MS);
    }
}

/// Raised-cosine edge: 0 at `t = 0`, 1 from `t = width` on.
fn rise(t_ms: f64, width_ms: f64) -> f64 {
    if t_ms >= width_ms {
        1.0
    } else if t_ms <= 0.0 {
        0.0
    } else {
        0.5 - 0.5 * (PI * t_ms / width_ms).cos()
    }
}

/// The time of sample `i`, in milliseconds.
fn ms(i: usize) -> f64 {
    // Cues are far shorter than 2^32 samples.
    f64::from(u32::try_from(i).unwrap_or(u32::MAX)) / f64::from(SAMPLES_PER_MS)
}

#[allow(clippy::cast_possible_truncation)] // clamped to i16's range just before
fn quantise(s: f64) -> i16 {
    (s * 32767.0).round().clamp(-32767.0, 32767.0) as i16
}
