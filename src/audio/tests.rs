//! Tests of the sound module. None needs an audio device and none sleeps to make a point: the
//! engine runs on made-up instants, and the two tests of the real thread poll its status with a
//! generous give-up bound.

use std::cell::{Cell, RefCell};
use std::io::{Cursor, Write};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use rodio::{Decoder, Source};

use super::engine::{
    Command, Device, DeviceState, Engine, KEEP_OPEN_FOR, LINGER, OPEN_AHEAD, PLAYBACK_LATENCY,
    POLL, RETRY_AFTER, STALE_AFTER, Stream,
};
use super::*;

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn millis(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// The samples of a bundled cue as rodio decodes them, with the format it reports.
fn decode(cue: Cue) -> (u16, u32, Vec<f32>) {
    let decoder = Decoder::new(Cursor::new(bundled_wav(cue))).expect("bundled cue decodes");
    let (channels, rate) = (decoder.channels().get(), decoder.sample_rate().get());
    (channels, rate, decoder.collect())
}

fn ms_of(samples: &[f32]) -> f64 {
    f64::from(u32::try_from(samples.len()).unwrap()) / 48.0
}

fn dbfs(samples: &[f32]) -> f64 {
    let peak = samples.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
    20.0 * f64::from(peak).log10()
}

/// The strongest frequency between 100 Hz and 3 kHz, to 5 Hz (Goertzel over a grid).
fn dominant_hz(samples: &[f32]) -> f64 {
    let rate = f64::from(synth::SAMPLE_RATE);
    (20..=600)
        .map(|k| {
            let hz = f64::from(k) * 5.0;
            let coeff = 2.0 * (std::f64::consts::TAU * hz / rate).cos();
            let (mut s1, mut s2) = (0.0, 0.0);
            for &x in samples {
                let s0 = f64::from(x) + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            (hz, s1 * s1 + s2 * s2 - coeff * s1 * s2)
        })
        .fold((0.0, f64::MIN), |best, (hz, power)| {
            if power > best.1 { (hz, power) } else { best }
        })
        .0
}

fn samples_of(sound: Sound) -> Vec<f32> {
    sound.collect()
}

// --- The bundled sounds -------------------------------------------------------------------------

/// Each bundled file is what the house format says: rodio decodes it as 48 kHz mono, it is as
/// long as the generator says (within 5 ms), and its peak is where the generator put it, between
/// -12 and -3 dBFS.
#[test]
fn every_bundled_cue_decodes_as_48k_mono_of_the_stated_length_and_level() {
    for cue in ALL_CUES {
        let (channels, rate, samples) = decode(cue);
        assert_eq!((channels, rate), (1, 48_000), "{cue:?}");
        let ms = ms_of(&samples);
        let expected = f64::from(synth::length_ms(cue));
        assert!(
            (ms - expected).abs() <= 5.0,
            "{cue:?}: {ms} ms, not {expected}"
        );
        let peak = dbfs(&samples);
        assert!(
            (-12.0..=-3.0).contains(&peak),
            "{cue:?}: peak {peak:.1} dBFS"
        );
        assert!(
            (peak - synth::peak_dbfs(cue)).abs() < 0.1,
            "{cue:?}: peak {peak:.1} dBFS"
        );
    }
}

/// Lengths follow the cue vocabulary: the countdown tick is the shortest, everything else stays
/// between 80 and 600 ms.
#[test]
fn cue_lengths_stay_short() {
    for cue in ALL_CUES {
        let ms = synth::length_ms(cue);
        match cue {
            Cue::Countdown => assert_eq!(ms, 60),
            _ => assert!((80..=600).contains(&ms), "{cue:?}: {ms} ms"),
        }
    }
}

/// No clicks: every cue starts and ends on an exact zero, and no sample jumps far from the one
/// before it.
#[test]
fn bundled_cues_start_and_end_in_silence_without_jumps() {
    for cue in ALL_CUES {
        let (_, _, samples) = decode(cue);
        assert_eq!(samples.first(), Some(&0.0), "{cue:?} starts");
        assert_eq!(samples.last(), Some(&0.0), "{cue:?} ends");
        let jump = samples
            .windows(2)
            .fold(0.0_f32, |m, w| m.max((w[1] - w[0]).abs()));
        assert!(jump < 0.2, "{cue:?}: a jump of {jump}");
    }
}

/// Every two cues can be told apart: by length (20 ms or more) or by their strongest frequency
/// (5 % or more).
#[test]
fn all_cues_differ_from_one_another() {
    let prints: Vec<(Cue, f64, f64)> = ALL_CUES
        .iter()
        .map(|&cue| {
            let (_, _, samples) = decode(cue);
            (cue, ms_of(&samples), dominant_hz(&samples))
        })
        .collect();
    for (i, a) in prints.iter().enumerate() {
        for b in &prints[i + 1..] {
            let by_length = (a.1 - b.1).abs() >= 20.0;
            let by_pitch = (a.2 / b.2).ln().abs() >= 1.05_f64.ln();
            assert!(by_length || by_pitch, "{a:?} and {b:?} are too alike");
        }
    }
}

/// The strongest frequency of the single-pitch cues is the pitch their description promises.
#[test]
fn cues_sound_at_their_described_pitch() {
    for (cue, hz) in [
        (Cue::HoldStart, 880.0),
        (Cue::Countdown, 1320.0),
        (Cue::Switch, 1175.0),
        (Cue::Metronome, 1000.0),
    ] {
        let (_, _, samples) = decode(cue);
        let found = dominant_hz(&samples);
        assert!((found - hz).abs() <= 10.0, "{cue:?}: {found} Hz, not {hz}");
    }
}

/// Generating a cue twice gives the same bytes.
#[test]
fn the_generator_is_deterministic() {
    for cue in ALL_CUES {
        assert!(synth::wav(cue) == synth::wav(cue), "{cue:?}");
    }
}

/// The committed `assets/` are what `cargo run --example make_cues` writes: the same header,
/// and samples equal to within one step (a platform's `sin` may round its last bit differently).
#[test]
fn committed_assets_match_the_generator() {
    for cue in ALL_CUES {
        let generated = synth::wav(cue);
        let committed = bundled_wav(cue);
        assert_eq!(
            committed.len(),
            generated.len(),
            "{cue:?}: regenerate assets/"
        );
        assert_eq!(committed[..44], generated[..44], "{cue:?}: header");
        let worst = committed[44..]
            .chunks_exact(2)
            .zip(generated[44..].chunks_exact(2))
            .map(|(a, b)| {
                let a = i16::from_le_bytes([a[0], a[1]]);
                let b = i16::from_le_bytes([b[0], b[1]]);
                (i32::from(a) - i32::from(b)).abs()
            })
            .max();
        assert!(worst <= Some(1), "{cue:?}: regenerate assets/ ({worst:?})");
    }
}

/// hound, a second reader, agrees on the format of what the generator writes.
#[test]
fn generated_wav_files_are_plain_pcm() {
    let wav = synth::wav(Cue::Switch);
    let reader = hound::WavReader::new(Cursor::new(&wav)).expect("valid WAV");
    let spec = reader.spec();
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (1, 48_000, 16)
    );
    assert_eq!(spec.sample_format, hound::SampleFormat::Int);
    assert_eq!(reader.duration(), 240 * 48);
}

/// `ALL_CUES` lists each cue once, at the place `index` gives it, with its own file name.
#[test]
fn all_cues_lists_every_cue_once_in_index_order() {
    for (i, cue) in ALL_CUES.into_iter().enumerate() {
        assert_eq!(index(cue), i);
    }
    let mut names: Vec<&str> = ALL_CUES.into_iter().map(file_name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), ALL_CUES.len());
}

// --- The user's own sounds ----------------------------------------------------------------------

fn tone(len: usize) -> Vec<i16> {
    (0..len)
        .map(|i| if i % 20 < 10 { 8000 } else { -8000 })
        .collect()
}

/// A valid WAV in the cue folder replaces that cue and only that one.
#[test]
fn a_user_file_replaces_its_cue() {
    let dir = tempfile::tempdir().unwrap();
    let mine = tone(4800);
    std::fs::write(
        dir.path().join("hold-start.wav"),
        synth::wav_from_samples(&mine),
    )
    .unwrap();

    let (bank, notices) = CueBank::load(Some(dir.path()));

    assert_eq!(notices, Vec::<String>::new());
    let expected: Vec<f32> = mine.iter().map(|&s| f32::from(s) / 32768.0).collect();
    assert_eq!(samples_of(bank.sound(Cue::HoldStart)), expected);
    let (_, _, bundled) = decode(Cue::HoldEnd);
    assert_eq!(samples_of(bank.sound(Cue::HoldEnd)), bundled);
}

/// A user's stereo file at another rate is fine too: the mixer converts it when it plays.
#[test]
fn a_user_file_may_be_stereo_at_another_rate() {
    let dir = tempfile::tempdir().unwrap();
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: 44_100,
        bits_per_sample: 24,
        sample_format: hound::SampleFormat::Int,
    };
    let path = dir.path().join("complete.wav");
    let mut writer = hound::WavWriter::create(&path, spec).unwrap();
    for i in 0..8820 {
        writer.write_sample((i % 100) * 1000).unwrap();
    }
    writer.finalize().unwrap();

    let (bank, notices) = CueBank::load(Some(dir.path()));

    assert_eq!(notices, Vec::<String>::new());
    let sound = bank.sound(Cue::Complete);
    assert_eq!(
        (sound.channels().get(), sound.sample_rate().get()),
        (2, 44_100)
    );
    assert_eq!(samples_of(sound).len(), 8820);
}

/// Files that are not usable WAVs are skipped, each with a notice naming it, and the bundled
/// sound stays; none of them panics (rodio alone would on a zero sample rate).
#[test]
fn broken_user_files_are_ignored_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("countdown.wav", b"this is not a sound");
    let mut zero_rate = synth::wav_from_samples(&tone(100));
    zero_rate[24..28].copy_from_slice(&0_u32.to_le_bytes());
    write("switch.wav", &zero_rate);
    write("metronome.wav", &synth::wav_from_samples(&[]));
    let mut truncated = synth::wav(Cue::RestOver);
    truncated.truncate(30);
    write("rest-over.wav", &truncated);
    std::fs::create_dir(dir.path().join("complete.wav")).unwrap();

    let (bank, notices) = CueBank::load(Some(dir.path()));

    assert_eq!(notices.len(), 5, "{notices:#?}");
    for (notice, name) in notices.iter().zip([
        "countdown.wav",
        "switch.wav",
        "rest-over.wav",
        "metronome.wav",
        "complete.wav",
    ]) {
        assert!(notice.contains(name), "{notice}");
        assert!(notice.contains("ignored"), "{notice}");
    }
    for cue in [Cue::Countdown, Cue::Switch, Cue::Metronome, Cue::RestOver] {
        let (_, _, bundled) = decode(cue);
        assert_eq!(samples_of(bank.sound(cue)), bundled, "{cue:?}");
    }
}

/// No cue folder, or one without cue files, is the normal case: no notices.
#[test]
fn a_missing_cue_folder_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    assert!(CueBank::load(Some(&dir.path().join("cues"))).1.is_empty());
    assert!(CueBank::load(Some(dir.path())).1.is_empty());
    assert!(CueBank::load(None).1.is_empty());
}

// --- The simple players ---------------------------------------------------------------------------

/// The recording player keeps the cues in order; muted, it keeps none.
#[test]
fn recording_records_cues_unless_muted() {
    let mut player = Recording::default();
    player.play(Cue::GetReady);
    player.play(Cue::HoldStart);
    player.set_muted(true);
    player.play(Cue::HoldEnd);
    assert!(player.muted());
    assert_eq!(player.status(), SoundStatus::Muted);
    player.set_muted(false);
    player.play(Cue::Complete);
    assert_eq!(
        player.played,
        vec![Cue::GetReady, Cue::HoldStart, Cue::Complete]
    );
}

/// The bell writes exactly one BEL per ringing cue, none for the countdown and metronome ticks,
/// and nothing at all while muted.
#[test]
fn bell_rings_once_per_audible_cue() {
    for cue in ALL_CUES {
        let mut bell = Bell::new(Vec::new());
        bell.play(cue);
        let expected: &[u8] = match cue {
            Cue::Countdown | Cue::Metronome => b"",
            _ => b"\x07",
        };
        assert_eq!(bell.get_ref().as_slice(), expected, "{cue:?}");
    }
    let mut bell = Bell::new(Vec::new());
    for cue in ALL_CUES {
        bell.play(cue);
    }
    assert_eq!(bell.get_ref().as_slice(), b"\x07".repeat(7));
    assert_eq!(bell.status(), SoundStatus::Bell);

    let mut muted = Bell::new(Vec::new());
    muted.set_muted(true);
    for cue in ALL_CUES {
        muted.play(cue);
    }
    assert!(muted.get_ref().is_empty());
    assert_eq!(muted.status(), SoundStatus::Muted);
}

/// `--sound off` says so, muted or not.
#[test]
fn silent_says_sound_off() {
    let mut silent = Silent::default();
    silent.play(Cue::HoldStart);
    silent.set_muted(true);
    assert!(silent.muted());
    assert_eq!(silent.status().label(), "sound off");
}

/// The mode picks the player.
#[test]
fn player_follows_the_mode() {
    let off = Settings {
        mode: SoundMode::Off,
        ..Settings::default()
    };
    assert_eq!(player(off).status(), SoundStatus::Off);
    let bell = Settings {
        mode: SoundMode::Bell,
        muted: true,
        ..Settings::default()
    };
    let mut bell = player(bell);
    assert!(bell.muted());
    assert_eq!(bell.status(), SoundStatus::Muted);
}

#[test]
fn status_labels_are_short_and_say_why_sound_is_off() {
    let labels: Vec<String> = [
        SoundStatus::Starting,
        SoundStatus::Ready,
        SoundStatus::Muted,
        SoundStatus::Bell,
        SoundStatus::Off,
        SoundStatus::Unavailable("Unknown PCM default".to_owned()),
        SoundStatus::Lost("1000 stream errors".to_owned()),
    ]
    .iter()
    .map(SoundStatus::label)
    .collect();
    assert_eq!(
        labels,
        [
            "sound: starting",
            "sound on",
            "sound muted",
            "sound: bell",
            "sound off",
            "sound: off (no audio device)",
            "sound: off (audio device lost)",
        ]
    );
}

/// Volume follows (v/100)²: half the volume is a quarter of the amplitude (about -12 dB).
#[test]
fn volume_is_a_perceptual_curve() {
    for (volume, expected) in [(0, 0.0), (50, 0.25), (80, 0.64), (100, 1.0), (255, 1.0)] {
        assert!((gain(volume) - expected).abs() < 1e-6, "{volume}");
    }
}

// --- The audio thread's decisions, on a fake device ----------------------------------------------

/// What the fake device saw: opens attempted, sounds played (as their length in samples and the
/// gain), and switches the test flips.
#[derive(Debug, Default)]
struct Log {
    opens: Cell<u32>,
    played: RefCell<Vec<(usize, f32)>>,
    fail_open: RefCell<Option<String>>,
    dead: Cell<bool>,
    hushed: Cell<u32>,
    /// The stream says it costs nothing while idle, as the sound server's connection does.
    free_while_idle: Cell<bool>,
}

struct FakeDevice(Rc<Log>);
struct FakeStream(Rc<Log>);

impl Device for FakeDevice {
    type Stream = FakeStream;
    fn open(&mut self) -> Result<FakeStream, String> {
        self.0.opens.set(self.0.opens.get() + 1);
        match self.0.fail_open.borrow().clone() {
            Some(why) => Err(why),
            None => Ok(FakeStream(Rc::clone(&self.0))),
        }
    }
}

impl Stream for FakeStream {
    fn play(&mut self, cue: Cue, bank: &CueBank, gain: f32) {
        self.0
            .played
            .borrow_mut()
            .push((bank.sound(cue).count(), gain));
    }
    fn hush(&mut self) {
        self.0.hushed.set(self.0.hushed.get() + 1);
    }
    fn failure(&self) -> Option<String> {
        self.0.dead.get().then(|| "gone".to_owned())
    }
    fn idles_for_free(&self) -> bool {
        self.0.free_while_idle.get()
    }
}

fn len_of(cue: Cue) -> usize {
    synth::length_ms(cue) as usize * 48
}

fn engine(log: &Rc<Log>, t0: Instant) -> Engine<FakeDevice> {
    Engine::new(FakeDevice(Rc::clone(log)), CueBank::bundled(), 100, t0)
}

fn play(cue: Cue, sent: Instant) -> Command {
    Command::Play { cue, sent }
}

/// Starting tries the device once; with one, the status is Ready and cues play at once.
#[test]
fn start_opens_the_device_and_cues_play() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    let mut engine = engine(&log, t0);

    assert_eq!(engine.start(t0), Some(DeviceState::Ready));
    assert_eq!(
        engine.handle(play(Cue::HoldStart, t0 + secs(1)), t0 + secs(1)),
        None
    );
    assert_eq!(
        engine.handle(play(Cue::Countdown, t0 + secs(2)), t0 + secs(2)),
        None
    );

    assert_eq!(log.opens.get(), 1);
    assert_eq!(
        *log.played.borrow(),
        [(len_of(Cue::HoldStart), 1.0), (len_of(Cue::Countdown), 1.0)]
    );
}

/// An output that costs nothing while idle is opened just before the first cue and kept: it is
/// not closed between cues, the thread sleeps until the next command, and its failure shows
/// after the cue that found it.
#[test]
fn an_output_free_while_idle_stays_open_and_the_thread_sleeps() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    log.free_while_idle.set(true);
    let mut engine = engine(&log, t0);
    engine.handle(Command::Expect(Some(t0 + secs(10))), t0);
    let opening = before(t0 + secs(10), OPEN_AHEAD);
    assert_eq!(engine.wake_in(t0), Some(opening - t0));
    assert_eq!(engine.tick(opening), Some(DeviceState::Ready));
    engine.handle(play(Cue::HoldStart, t0 + secs(10)), t0 + secs(10));
    engine.handle(Command::Expect(Some(t0 + secs(60))), t0 + secs(10));
    for later in [secs(12), secs(30), secs(59)] {
        assert_eq!(engine.tick(t0 + later), None);
        assert!(engine.is_open());
        assert_eq!(engine.wake_in(t0 + later), None);
    }
    engine.handle(play(Cue::HoldEnd, t0 + secs(60)), t0 + secs(60));
    assert_eq!(log.opens.get(), 1);
    assert_eq!(log.played.borrow().len(), 2);

    log.dead.set(true);
    engine.handle(play(Cue::Countdown, t0 + secs(61)), t0 + secs(61));
    assert_eq!(
        engine.tick(t0 + secs(61)),
        Some(DeviceState::Lost("gone".to_owned()))
    );
    assert!(!engine.is_open());
}

/// Hush reaches the open output (the pain key stops a ringing cue); with nothing open it is a
/// no-op that opens nothing.
#[test]
fn hush_stops_the_open_output_and_opens_nothing() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    let mut engine = engine(&log, t0);
    engine.start(t0);
    engine.handle(play(Cue::HoldEnd, t0), t0);
    assert_eq!(engine.handle(Command::Hush, t0 + secs(1)), None);
    assert_eq!((log.hushed.get(), log.opens.get()), (1, 1));
}

/// With no device the status says why, cues are silently dropped, and the device is tried again
/// only a minute later (each try costs milliseconds and may log).
#[test]
fn without_a_device_cues_are_dropped_and_retried_after_a_minute() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    *log.fail_open.borrow_mut() = Some("Unknown PCM default".to_owned());
    let mut engine = engine(&log, t0);

    assert_eq!(
        engine.start(t0),
        Some(DeviceState::Unavailable("Unknown PCM default".to_owned()))
    );
    for s in 1..60 {
        let at = t0 + secs(s);
        assert_eq!(engine.handle(play(Cue::Countdown, at), at), None);
    }
    assert_eq!(log.opens.get(), 1);
    assert_eq!(engine.wake_in(t0 + secs(59)), None, "nothing to watch");

    *log.fail_open.borrow_mut() = None;
    let later = t0 + RETRY_AFTER;
    assert_eq!(
        engine.handle(play(Cue::HoldEnd, later), later),
        Some(DeviceState::Ready)
    );
    assert_eq!(log.opens.get(), 2);
    assert_eq!(*log.played.borrow(), [(len_of(Cue::HoldEnd), 1.0)]);
}

/// The user's retry (unmuting) tries the device at once, back-off or not.
#[test]
fn retry_tries_the_device_at_once() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    *log.fail_open.borrow_mut() = Some("no".to_owned());
    let mut engine = engine(&log, t0);
    engine.start(t0);
    *log.fail_open.borrow_mut() = None;

    assert_eq!(
        engine.handle(Command::Retry, t0 + secs(5)),
        Some(DeviceState::Ready)
    );
    assert_eq!(log.opens.get(), 2);
    // With the device working, a retry does nothing.
    assert_eq!(engine.handle(Command::Retry, t0 + secs(6)), None);
    assert_eq!(log.opens.get(), 2);
}

/// How long the output stays open after `cue` is handed to it at `at`: until it has sounded, and
/// a little more.
fn closes_after(cue: Cue, at: Instant) -> Instant {
    at + millis(synth::length_ms(cue).into()) + PLAYBACK_LATENCY + LINGER
}

/// With no cue coming, the output closes shortly after the last sound has finished, not before,
/// and opens again when the next cue is played.
#[test]
fn output_closes_once_the_last_sound_has_finished_and_reopens_for_the_next_cue() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    let mut engine = engine(&log, t0);
    engine.start(t0);
    let at = t0 + secs(10);
    engine.handle(play(Cue::HoldEnd, at), at);
    let close = closes_after(Cue::HoldEnd, at);

    engine.tick(before(close, millis(1)));
    assert!(engine.is_open(), "the chime is still ringing out");
    assert_eq!(engine.wake_in(before(close, millis(10))), Some(millis(10)));
    assert_eq!(engine.tick(close), None);
    assert!(!engine.is_open());
    assert_eq!(engine.wake_in(close), None, "nothing open, nothing coming");

    let at = t0 + secs(95);
    assert_eq!(
        engine.handle(play(Cue::HoldEnd, at), at),
        None,
        "still Ready"
    );
    assert!(engine.is_open());
    assert_eq!(log.opens.get(), 2);
    assert_eq!(log.played.borrow().len(), 2);
}

/// `t` moved back by `d`.
fn before(t: Instant, d: Duration) -> Instant {
    t.checked_sub(d).unwrap()
}

/// The probe at start does not keep the output open: on the home screen nothing plays.
#[test]
fn the_start_probe_closes_soon() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    let mut engine = engine(&log, t0);
    assert_eq!(engine.start(t0), Some(DeviceState::Ready));
    assert_eq!(engine.wake_in(t0), Some(LINGER));
    engine.tick(t0 + LINGER);
    assert!(!engine.is_open());
}

/// An announced cue opens the output just before it is due, and only then: the thread sleeps
/// until that moment.
#[test]
fn an_announced_cue_opens_the_output_just_before_it() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    let mut engine = engine(&log, t0);
    engine.start(t0);
    engine.tick(t0 + secs(1));
    assert!(!engine.is_open());

    let due = t0 + secs(30);
    assert_eq!(
        engine.handle(Command::Expect(Some(due)), t0 + secs(2)),
        None
    );
    assert!(!engine.is_open());
    assert_eq!(
        engine.wake_in(t0 + secs(2)),
        secs(28).checked_sub(OPEN_AHEAD),
        "sleeps until just before the cue"
    );
    engine.tick(before(due, OPEN_AHEAD + millis(1)));
    assert!(!engine.is_open());
    engine.tick(before(due, OPEN_AHEAD));
    assert!(engine.is_open());
    assert_eq!(log.opens.get(), 2);
    assert!(log.played.borrow().is_empty());

    // Announced while already within reach: opens at once.
    engine.handle(Command::Expect(None), due);
    engine.tick(due + secs(1));
    assert!(!engine.is_open());
    let next = due + secs(2);
    engine.handle(Command::Expect(Some(next)), before(next, OPEN_AHEAD / 2));
    assert!(engine.is_open());
}

/// Once a sound has finished, a cue due within [`KEEP_OPEN_FOR`] keeps the output open; one
/// further away lets it close, and it opens again just before that cue. The countdown's ticks, a
/// second apart, each get an opening of their own: that costs less than staying open between.
#[test]
fn only_a_cue_close_at_hand_keeps_the_output_open() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    let mut engine = engine(&log, t0);
    engine.start(t0);
    engine.tick(t0 + secs(1));
    let first = t0 + secs(10);
    engine.handle(Command::Expect(Some(first)), t0 + secs(2));
    engine.tick(before(first, OPEN_AHEAD));
    engine.handle(play(Cue::Switch, first), first);
    let done = closes_after(Cue::Switch, first);

    // The second note of a pair comes soon after: stay open.
    let soon = before(done + KEEP_OPEN_FOR, millis(1));
    engine.handle(Command::Expect(Some(soon)), first);
    engine.tick(done);
    assert!(engine.is_open());
    engine.handle(play(Cue::Countdown, soon), soon);
    assert_eq!(log.opens.get(), 2, "the probe, then one opening for both");

    // A tick a second later: close in between, open again just before it.
    let tick = soon + secs(1);
    engine.handle(Command::Expect(Some(tick)), soon);
    let done = closes_after(Cue::Countdown, soon);
    engine.tick(done);
    assert!(!engine.is_open());
    assert_eq!(engine.wake_in(done), Some(before(tick, OPEN_AHEAD) - done));
    engine.tick(before(tick, OPEN_AHEAD));
    assert!(engine.is_open());
    assert_eq!(log.opens.get(), 3);
}

/// A pause (no cue coming) lets the output close; an announced cue long past does not keep it
/// open either (the app was stopped with Ctrl-Z, say).
#[test]
fn nothing_coming_or_a_stale_announcement_closes_the_output() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    let mut engine = engine(&log, t0);
    engine.start(t0);
    engine.handle(Command::Expect(Some(t0 + LINGER + KEEP_OPEN_FOR)), t0);
    engine.tick(t0 + LINGER);
    assert!(engine.is_open(), "a cue is close at hand");
    engine.handle(Command::Expect(None), t0 + LINGER);
    assert!(!engine.is_open());

    engine.handle(Command::Expect(Some(t0 + secs(5))), t0 + secs(5));
    assert!(engine.is_open());
    engine.tick(t0 + secs(5) + STALE_AFTER + millis(1));
    assert!(!engine.is_open());
    assert_eq!(engine.wake_in(t0 + secs(7)), None, "no spinning on it");
}

/// While open, the thread wakes every quarter second to check the output's health.
#[test]
fn an_open_output_is_polled() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    let mut engine = engine(&log, t0);
    engine.start(t0);
    engine.handle(Command::Expect(Some(t0 + secs(1))), t0);
    assert_eq!(engine.wake_in(t0 + LINGER), Some(POLL));
}

/// A device that failed is not tried again for a cue that is merely announced, and the thread
/// does not wake for it: no spinning on a missing device.
#[test]
fn a_failed_device_is_not_retried_for_announced_cues() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    *log.fail_open.borrow_mut() = Some("no".to_owned());
    let mut engine = engine(&log, t0);
    engine.start(t0);
    engine.handle(Command::Expect(Some(t0 + secs(1))), t0);
    assert_eq!(engine.wake_in(t0), None);
    engine.tick(t0 + secs(1));
    assert_eq!(log.opens.get(), 1);
}

/// An output that fails is dropped at the next check (ending cpal's error loop) and reported
/// lost; later failed tries keep saying lost rather than flipping to unavailable.
#[test]
fn a_failing_output_is_dropped_and_reported_lost() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    let mut engine = engine(&log, t0);
    engine.start(t0);

    log.dead.set(true);
    assert_eq!(
        engine.tick(t0 + secs(3)),
        Some(DeviceState::Lost("gone".to_owned()))
    );
    assert!(!engine.is_open());
    assert_eq!(
        engine.handle(play(Cue::Switch, t0 + secs(4)), t0 + secs(4)),
        None
    );
    assert!(log.played.borrow().is_empty());
    assert_eq!(log.opens.get(), 1, "no retry within the minute");

    *log.fail_open.borrow_mut() = Some("no".to_owned());
    let later = t0 + secs(3) + RETRY_AFTER;
    assert_eq!(engine.handle(play(Cue::Switch, later), later), None);
    assert_eq!(log.opens.get(), 2);
}

/// A cue that waited too long in the channel is dropped, not sounded late.
#[test]
fn stale_cues_are_dropped() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    let mut engine = engine(&log, t0);
    engine.start(t0);
    engine.handle(play(Cue::HoldStart, t0), t0 + STALE_AFTER + millis(1));
    engine.handle(play(Cue::HoldEnd, t0), t0 + STALE_AFTER);
    assert_eq!(*log.played.borrow(), [(len_of(Cue::HoldEnd), 1.0)]);
}

/// A volume change applies to the following cues.
#[test]
fn volume_changes_apply_to_later_cues() {
    let (log, t0) = (Rc::new(Log::default()), Instant::now());
    let mut engine = engine(&log, t0);
    engine.start(t0);
    engine.handle(Command::Volume(50), t0);
    engine.handle(play(Cue::Metronome, t0), t0);
    assert_eq!(*log.played.borrow(), [(len_of(Cue::Metronome), 0.25)]);
}

// --- The real thread --------------------------------------------------------------------------------

/// A fake device whose log the test can read from another thread.
#[derive(Debug, Default)]
struct SharedLog {
    played: Mutex<Vec<usize>>,
}

struct ThreadDevice(Arc<SharedLog>);
struct ThreadStream(Arc<SharedLog>);

impl Device for ThreadDevice {
    type Stream = ThreadStream;
    fn open(&mut self) -> Result<ThreadStream, String> {
        Ok(ThreadStream(Arc::clone(&self.0)))
    }
}

impl Stream for ThreadStream {
    fn play(&mut self, cue: Cue, bank: &CueBank, _: f32) {
        self.0.played.lock().unwrap().push(bank.sound(cue).count());
    }
    fn hush(&mut self) {}
    fn failure(&self) -> Option<String> {
        None
    }
}

/// Waits for the thread's first word on the device; gives up after 10 s (it takes milliseconds).
fn settled(player: &mut SoundPlayer) -> SoundStatus {
    player.wait_settled(secs(10))
}

fn fake_rodio(settings: Settings) -> (SoundPlayer, Arc<SharedLog>) {
    let log = Arc::new(SharedLog::default());
    let device_log = Arc::clone(&log);
    (
        SoundPlayer::spawn(settings, move || ThreadDevice(device_log)),
        log,
    )
}

/// Cues sent to the thread are played in order; muted ones are not even sent, and shutting
/// down plays what was sent before it and ends the thread.
#[test]
fn the_thread_plays_what_is_sent_and_nothing_while_muted() {
    let (mut player, log) = fake_rodio(Settings::default());
    assert_eq!(settled(&mut player), SoundStatus::Ready);

    player.play(Cue::GetReady);
    player.set_muted(true);
    player.play(Cue::HoldStart);
    assert_eq!(player.status(), SoundStatus::Muted);
    player.set_muted(false);
    player.play(Cue::Complete);
    assert!(player.shutdown(), "the thread ended");

    assert_eq!(
        *log.played.lock().unwrap(),
        [len_of(Cue::GetReady), len_of(Cue::Complete)]
    );
}

/// A broken file in the cue folder reaches the app as a notice, once.
#[test]
fn cue_file_notices_reach_the_app() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("switch.wav"), b"RIFF....").unwrap();
    let (mut player, _) = fake_rodio(Settings {
        cue_dir: Some(dir.path().to_owned()),
        ..Settings::default()
    });
    settled(&mut player);

    let notices = player.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("switch.wav"));
    assert!(player.take_notices().is_empty());
}

/// On this machine there is no sound card: the real player says so within a bounded wait, and
/// cues sent afterwards are dropped without fuss. (With a sound card, it must at least settle.)
#[test]
fn without_a_sound_card_the_real_player_reports_unavailable() {
    let mut player = SoundPlayer::start(Settings::default());
    let status = settled(&mut player);
    let has_sound =
        std::path::Path::new("/dev/snd").exists() || std::env::var_os("PULSE_SERVER").is_some();
    if has_sound {
        assert!(
            matches!(status, SoundStatus::Ready | SoundStatus::Unavailable(_)),
            "{status:?}"
        );
    } else {
        assert!(matches!(status, SoundStatus::Unavailable(_)), "{status:?}");
        // Without rodio's output (Linux's default build) no server means no sound, and the
        // status names what would bring it; the reason says how to build for plain ALSA.
        #[cfg(not(rodio_output))]
        {
            assert_eq!(status.label(), "sound off: no PulseAudio or PipeWire");
            let SoundStatus::Unavailable(why) = &status else {
                unreachable!()
            };
            assert!(why.contains("--features alsa"), "{why}");
        }
        #[cfg(rodio_output)]
        assert_eq!(status.label(), "sound: off (no audio device)");
    }
    for cue in ALL_CUES {
        player.play(cue);
    }
    player.idle_hint(Some(Instant::now() + millis(500)));
    assert_eq!(player.status(), status);
    assert!(player.shutdown());
}

/// While the guard lives, writes to stderr land in the file.
#[test]
fn stderr_guard_sends_stderr_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stderr.log");
    {
        let _guard = StderrGuard::redirect(&path).unwrap();
        std::io::stderr()
            .write_all(b"kept out of the terminal\n")
            .unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, "kept out of the terminal\n");
}
