//! What the audio thread decides: when to open and close the output, what to play, when the
//! device counts as lost. Time comes in as an argument, so tests drive it with made-up instants;
//! the device sits behind [`Device`], so tests use a fake one.

use std::time::{Duration, Instant};

use rodio::buffer::SamplesBuffer;

use super::{CueBank, gain};
use crate::session::Cue;

/// An output closes after this long without a cue, so an idle app keeps no device awake.
pub(super) const IDLE_CLOSE: Duration = Duration::from_secs(60);
/// After a failed open, opening is not tried again for this long unless the user asks (an attempt
/// costs a few milliseconds and may log).
pub(super) const RETRY_AFTER: Duration = Duration::from_secs(60);
/// A cue that waited this long in the channel (the thread was stuck opening a device) is dropped
/// rather than sounded late.
pub(super) const STALE_AFTER: Duration = Duration::from_secs(1);
/// While an output is open, the thread wakes this often to check its health.
pub(super) const POLL: Duration = Duration::from_millis(250);

/// Something that can open an output.
pub(super) trait Device {
    type Stream: Stream;
    /// Opens the default output; the error is a short reason for the status.
    fn open(&mut self) -> Result<Self::Stream, String>;
}

/// An open output; closed when dropped.
pub(super) trait Stream {
    /// Starts `sound` now, mixed with anything still sounding.
    fn play(&self, sound: SamplesBuffer, gain: f32);
    /// Stops everything still sounding.
    fn hush(&self);
    /// Why the output stopped working, once it has.
    fn failure(&self) -> Option<String>;
}

/// What the app asks of the audio thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Command {
    /// Sound `cue`; `sent` is when the app asked.
    Play {
        cue: Cue,
        sent: Instant,
    },
    /// A cue is due very soon: have the output open.
    Warm,
    /// The user wants sound again: try the device even if it failed a moment ago.
    Retry,
    Volume(u8),
    /// Stop whatever is sounding (the pain key).
    Hush,
}

/// The device's side of the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DeviceState {
    Ready,
    Unavailable(String),
    Lost(String),
}

pub(super) struct Engine<D: Device> {
    // Declared before `device`, so an open output closes before the device goes.
    stream: Option<D::Stream>,
    device: D,
    bank: CueBank,
    gain: f32,
    /// When a cue last played or was announced: the idle clock.
    last_used: Instant,
    /// When opening last failed (or the output was lost), for the retry back-off.
    failed_at: Option<Instant>,
    state: Option<DeviceState>,
}

impl<D: Device> Engine<D> {
    pub(super) fn new(device: D, bank: CueBank, volume: u8, now: Instant) -> Engine<D> {
        Engine {
            stream: None,
            device,
            bank,
            gain: gain(volume),
            last_used: now,
            failed_at: None,
            state: None,
        }
    }

    /// Opens the output once, to learn whether there is sound at all. An output that opens stays
    /// open for the idle time, as if a cue had played.
    pub(super) fn start(&mut self, now: Instant) -> Option<DeviceState> {
        self.open(now)
    }

    pub(super) fn handle(&mut self, command: Command, now: Instant) -> Option<DeviceState> {
        match command {
            Command::Play { cue, sent } => {
                if now.saturating_duration_since(sent) > STALE_AFTER {
                    return None;
                }
                let report = self.open(now);
                if let Some(stream) = &self.stream {
                    stream.play(self.bank.sound(cue), self.gain);
                    self.last_used = now;
                }
                report
            }
            Command::Hush => {
                if let Some(stream) = &self.stream {
                    stream.hush();
                }
                None
            }
            Command::Warm => {
                let report = self.open(now);
                self.last_used = now;
                report
            }
            Command::Retry => {
                self.failed_at = None;
                match self.state {
                    Some(DeviceState::Unavailable(_) | DeviceState::Lost(_)) => {
                        let report = self.open(now);
                        self.last_used = now;
                        report
                    }
                    Some(DeviceState::Ready) | None => None,
                }
            }
            Command::Volume(volume) => {
                self.gain = gain(volume);
                None
            }
        }
    }

    /// Drops an output that failed or sat idle too long.
    pub(super) fn tick(&mut self, now: Instant) -> Option<DeviceState> {
        let stream = self.stream.as_ref()?;
        if let Some(why) = stream.failure() {
            // Dropping it also ends cpal's busy loop of errors on a dead device.
            self.stream = None;
            self.failed_at = Some(now);
            return self.set_state(DeviceState::Lost(why));
        }
        if now.saturating_duration_since(self.last_used) >= IDLE_CLOSE {
            self.stream = None;
        }
        None
    }

    /// How long the thread may wait for a command before the next [`Engine::tick`]; `None`: as
    /// long as it likes (no output is open, so there is nothing to watch).
    pub(super) fn wake_in(&self, now: Instant) -> Option<Duration> {
        self.stream.as_ref()?;
        let idle_left = (self.last_used + IDLE_CLOSE).saturating_duration_since(now);
        Some(idle_left.min(POLL))
    }

    #[cfg(test)]
    pub(super) fn is_open(&self) -> bool {
        self.stream.is_some()
    }

    fn open(&mut self, now: Instant) -> Option<DeviceState> {
        if self.stream.is_some() {
            return None;
        }
        if self
            .failed_at
            .is_some_and(|t| now.saturating_duration_since(t) < RETRY_AFTER)
        {
            return None;
        }
        match self.device.open() {
            Ok(stream) => {
                self.stream = Some(stream);
                self.failed_at = None;
                self.last_used = now;
                self.set_state(DeviceState::Ready)
            }
            Err(why) => {
                self.failed_at = Some(now);
                match self.state {
                    // Still gone: the status keeps saying so rather than flipping its wording.
                    Some(DeviceState::Lost(_)) => None,
                    Some(DeviceState::Ready | DeviceState::Unavailable(_)) | None => {
                        self.set_state(DeviceState::Unavailable(why))
                    }
                }
            }
        }
    }

    /// Records the new state; returns it when it is news.
    fn set_state(&mut self, state: DeviceState) -> Option<DeviceState> {
        if self.state.as_ref() == Some(&state) {
            return None;
        }
        self.state = Some(state.clone());
        Some(state)
    }
}
