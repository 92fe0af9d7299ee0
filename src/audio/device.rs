//! Rodio's mixer on the default device, opened so that nothing reaches stderr: the output where
//! there is no `PulseAudio` server to talk to (see [`super::pulse`]).
//!
//! Four things would otherwise print (see the audio notes): alsa-lib's error messages (caught by
//! a thread-local alsa-lib handler on the audio thread, which is the thread that opens), the
//! device fallback of `open_default_sink` (not used: it also probes JACK, which prints on its
//! own), rodio's default stream-error callback (replaced by [`Health::record`]) and the sink's
//! drop message (`log_on_drop(false)`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rodio::cpal::traits::{DeviceTrait, HostTrait};
use rodio::{
    CpalError, CpalErrorKind, DeviceSinkBuilder, DeviceSinkError, MixerDeviceSink, Source, cpal,
};

use super::CueBank;
use super::engine::{Device, Stream};
use crate::core::session::Cue;

/// How often a sounding cue checks whether it was hushed: fast enough to feel instant.
const HUSH_CHECK: Duration = Duration::from_millis(5);

/// cpal's period in frames: 43 ms at 48 kHz, so a cue is heard 59-85 ms after it is sent, within
/// the 150 ms that still feels at one with the screen. Measured through `PulseAudio` (release
/// build), an open output costs 1.7 % of a core at 1024 frames and 0.9 % at 2048: the output is
/// only open while cues sound, and a session's CPU is dominated by it.
const PERIOD_FRAMES: u32 = 2048;

/// Errors that go on for longer than this mean the device is gone. Opening through
/// ALSA→PulseAudio sometimes gives a 1-2 ms burst of I/O errors that heals by itself, so one error
/// is not enough; a dead sound server gives an endless stream of them.
const DEAD_AFTER_MS: u64 = 500;
/// Errors further apart than this are separate bursts.
const BURST_GAP_MS: u64 = 100;

/// Opens the default output device with rodio.
#[derive(Debug, Default)]
pub(super) struct RodioDevice {
    /// alsa-lib's messages from this thread, instead of stderr. Replaced at each attempt so it
    /// holds only the last one's.
    #[cfg(target_os = "linux")]
    alsa_log: Option<std::rc::Rc<std::cell::RefCell<alsa::Output>>>,
    /// The default device and its format, found at the first open and kept: finding them opens
    /// the device once more, which costs as much CPU as the open itself, and the output is opened
    /// for every cue. Forgotten when an open fails, so a new default device is found then.
    found: Option<(cpal::Device, cpal::SupportedStreamConfig)>,
}

impl RodioDevice {
    /// Must be created on the thread that opens and closes the output: the alsa-lib handler is
    /// thread-local.
    pub(super) fn new() -> RodioDevice {
        RodioDevice::default()
    }

    /// The default output device and its default format, from the last open if there was one.
    fn default_device(
        &mut self,
    ) -> Result<(cpal::Device, cpal::SupportedStreamConfig), DeviceSinkError> {
        if let Some(found) = &self.found {
            return Ok(found.clone());
        }
        let device = cpal::default_host()
            .default_output_device()
            .ok_or(DeviceSinkError::NoDevice)?;
        let config = device
            .default_output_config()
            .map_err(DeviceSinkError::DefaultSinkConfigError)?;
        Ok(self.found.insert((device, config)).clone())
    }

    /// The last thing alsa-lib complained about during the last attempt, if anything.
    fn alsa_complaint(&self) -> Option<String> {
        #[cfg(target_os = "linux")]
        {
            let log = self.alsa_log.as_ref()?.try_borrow().ok()?.to_string();
            log.lines()
                .rev()
                .map(str::trim)
                .find(|line| !line.is_empty())
                .map(str::to_owned)
        }
        #[cfg(not(target_os = "linux"))]
        None
    }
}

impl Device for RodioDevice {
    type Stream = RodioStream;

    fn open(&mut self) -> Result<RodioStream, String> {
        #[cfg(target_os = "linux")]
        {
            // Dropping the old buffer first keeps only this attempt's lines.
            self.alsa_log = None;
            self.alsa_log = alsa::Output::local_error_handler().ok();
        }
        let health = Arc::new(Health::new());
        let on_error = {
            let health = Arc::clone(&health);
            move |error: CpalError| health.record(&error)
        };
        let opened = self.default_device().and_then(|(device, config)| {
            DeviceSinkBuilder::default()
                .with_device(device)
                .with_supported_config(&config)
                .with_buffer_size(cpal::BufferSize::Fixed(PERIOD_FRAMES))
                .with_error_callback(on_error)
                .open_sink_or_fallback()
        });
        if opened.is_err() {
            self.found = None;
        }
        match opened {
            Ok(mut sink) => {
                sink.log_on_drop(false);
                Ok(RodioStream {
                    sink,
                    health,
                    generation: Arc::default(),
                })
            }
            Err(error) => Err(match self.alsa_complaint() {
                Some(alsa) => format!("{error} [{alsa}]"),
                None => error.to_string(),
            }),
        }
    }
}

/// An open output.
#[derive(Debug)]
pub(super) struct RodioStream {
    sink: MixerDeviceSink,
    health: Arc<Health>,
    /// Bumped by `hush`: a sound stops as soon as this differs from its value when it started.
    generation: Arc<AtomicU64>,
}

impl Stream for RodioStream {
    fn play(&mut self, cue: Cue, bank: &CueBank, gain: f32) {
        let sound = bank.sound(cue);
        let started = self.generation.load(Ordering::Relaxed);
        let generation = Arc::clone(&self.generation);
        self.sink
            .mixer()
            .add(
                sound
                    .amplify(gain)
                    .stoppable()
                    .periodic_access(HUSH_CHECK, move |sound| {
                        if generation.load(Ordering::Relaxed) != started {
                            sound.stop();
                        }
                    }),
            );
    }

    fn hush(&mut self) {
        self.generation.fetch_add(1, Ordering::Relaxed);
    }

    fn failure(&self) -> Option<String> {
        self.health.dead.load(Ordering::Relaxed).then(|| {
            format!(
                "{} stream errors for over {DEAD_AFTER_MS} ms",
                self.health.errors.load(Ordering::Relaxed)
            )
        })
    }
}

/// Error bookkeeping, written by cpal's real-time callback thread: atomics only, no locks, no
/// allocation, no printing.
#[derive(Debug)]
struct Health {
    base: Instant,
    /// Milliseconds since `base`, plus one (0: none yet).
    burst_start: AtomicU64,
    last_error: AtomicU64,
    errors: AtomicU64,
    dead: AtomicBool,
}

impl Health {
    fn new() -> Health {
        Health {
            base: Instant::now(),
            burst_start: AtomicU64::new(0),
            last_error: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            dead: AtomicBool::new(false),
        }
    }

    fn record(&self, error: &CpalError) {
        let now = u64::try_from(self.base.elapsed().as_millis()).unwrap_or(u64::MAX - 1) + 1;
        self.note(error.kind(), now);
    }

    /// `now_ms`: milliseconds since `base`, plus one.
    fn note(&self, kind: CpalErrorKind, now_ms: u64) {
        if matches!(
            kind,
            CpalErrorKind::Xrun | CpalErrorKind::DeviceChanged | CpalErrorKind::RealtimeDenied
        ) {
            return; // passing or informational: the stream goes on
        }
        self.errors.fetch_add(1, Ordering::Relaxed);
        if matches!(
            kind,
            CpalErrorKind::DeviceNotAvailable | CpalErrorKind::StreamInvalidated
        ) {
            // Unplugged or torn down: cpal may say so once and then fall silent.
            self.dead.store(true, Ordering::Relaxed);
            return;
        }
        let last = self.last_error.swap(now_ms, Ordering::Relaxed);
        if last == 0 || now_ms.saturating_sub(last) > BURST_GAP_MS {
            self.burst_start.store(now_ms, Ordering::Relaxed);
        } else if now_ms.saturating_sub(self.burst_start.load(Ordering::Relaxed)) > DEAD_AFTER_MS {
            self.dead.store(true, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A short burst of errors (as when a stream opens through `PulseAudio`) is survived; errors
    /// that go on for more than half a second mark the stream dead.
    #[test]
    fn only_a_long_burst_of_errors_kills_the_stream() {
        let health = Health::new();
        for ms in 5..8 {
            health.note(CpalErrorKind::BackendError, ms);
        }
        assert!(!health.dead.load(Ordering::Relaxed));
        for ms in (300..=900).step_by(10) {
            health.note(CpalErrorKind::BackendError, ms);
        }
        assert!(health.dead.load(Ordering::Relaxed));
    }

    /// A device that says it is gone is gone at once: it may not say so twice.
    #[test]
    fn a_vanished_device_kills_the_stream_at_once() {
        let health = Health::new();
        health.note(CpalErrorKind::DeviceNotAvailable, 1);
        assert!(health.dead.load(Ordering::Relaxed));
    }

    /// Underruns never count, however many.
    #[test]
    fn underruns_are_not_failures() {
        let health = Health::new();
        for ms in 1..2000 {
            health.note(CpalErrorKind::Xrun, ms);
        }
        assert!(!health.dead.load(Ordering::Relaxed));
        assert_eq!(health.errors.load(Ordering::Relaxed), 0);
    }
}
