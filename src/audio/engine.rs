//! What the audio thread decides: when to open and close the output, what to play, when the
//! device counts as lost. An output that costs nothing while idle (the sound server's connection)
//! stays open; one that costs CPU while open (rodio's) is open only around cues. Time comes in as an argument, so tests drive it with made-up instants;
//! the device sits behind [`Device`], so tests use a fake one.

use std::time::{Duration, Instant};

use super::{CueBank, gain};
use crate::core::session::Cue;

/// The output is opened this long before a cue the app announced. Opening takes 2-9 ms through
/// `PulseAudio` (1.3 ms of CPU); a slower sound server only makes that one cue a little late.
pub(super) const OPEN_AHEAD: Duration = Duration::from_millis(50);
/// The output closes this long after the last sound has finished, unless another cue is close.
/// An open output costs about 1 % of a core (cpal's and the sound server's threads wake every
/// period) and a closed one nothing, so it is open only while a cue sounds.
pub(super) const LINGER: Duration = Duration::from_millis(20);
/// A cue due within this long keeps the output open: staying open that long costs about what
/// closing and opening again does (3 ms of CPU for the open, plus the [`OPEN_AHEAD`]).
pub(super) const KEEP_OPEN_FOR: Duration = Duration::from_millis(500);
/// After a failed open, opening is not tried again for this long unless the user asks (an attempt
/// costs a few milliseconds and may log).
pub(super) const RETRY_AFTER: Duration = Duration::from_secs(60);
/// A cue that waited this long in the channel (the thread was stuck opening a device) is dropped
/// rather than sounded late; an announced cue this far in the past no longer keeps the output open.
pub(super) const STALE_AFTER: Duration = Duration::from_secs(1);
/// While an output is open, the thread wakes this often to check its health.
pub(super) const POLL: Duration = Duration::from_millis(250);
/// A little more than the output's latency: a sound is heard 59-85 ms after it is handed to the
/// mixer (measured with 2048-frame periods), so closing earlier would cut its end off.
pub(super) const PLAYBACK_LATENCY: Duration = Duration::from_millis(110);
/// How long a sound that cannot say its length is assumed to last (user files are at most 10 s).
const UNKNOWN_LENGTH: Duration = Duration::from_secs(10);

/// Something that can open an output.
pub(super) trait Device {
    type Stream: Stream;
    /// Opens the default output; the error is a short reason for the status.
    fn open(&mut self) -> Result<Self::Stream, String>;
}

/// An open output; closed when dropped.
pub(super) trait Stream {
    /// Starts the cue's sound from `bank` now, mixed with anything still sounding.
    fn play(&mut self, cue: Cue, bank: &CueBank, gain: f32);
    /// Stops everything still sounding.
    fn hush(&mut self);
    /// Why the output stopped working, once it has.
    fn failure(&self) -> Option<String>;
    /// Whether staying open between cues costs nothing (no thread wakes, no timer runs): then it
    /// stays open until it fails, and its failure shows when a cue is played.
    fn idles_for_free(&self) -> bool {
        false
    }
}

/// What the app asks of the audio thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Command {
    /// Sound `cue`; `sent` is when the app asked.
    Play {
        cue: Cue,
        sent: Instant,
    },
    /// The next cue is due at this instant (`None`: none is coming, the session is paused or
    /// over): have the output open just before it, and closed until then.
    Expect(Option<Instant>),
    /// The user wants sound again: try the device even if it failed a moment ago.
    Retry,
    /// Try the device now, to learn whether there is one (otherwise that is learnt at the first
    /// cue: opening loads the system's sound libraries, which the first frame need not wait for).
    Probe,
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

/// Opens the output [`OPEN_AHEAD`] of the first announced cue. An output that is not free while
/// idle closes [`LINGER`] after the last sound ends and opens again before the next cue, so a
/// session's long holds cost no audio work at all.
pub(super) struct Engine<D: Device> {
    // Declared before `device`, so an open output closes before the device goes.
    stream: Option<D::Stream>,
    device: D,
    bank: CueBank,
    gain: f32,
    /// When the last sound handed to the output has finished playing.
    busy_until: Instant,
    /// When the app says the next cue is due.
    expected: Option<Instant>,
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
            busy_until: now,
            expected: None,
            failed_at: None,
            state: None,
        }
    }

    /// Opens the output once, to learn whether there is sound at all; it closes again after
    /// [`LINGER`] unless a cue is coming.
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
                if let Some(stream) = &mut self.stream {
                    let length = rodio::Source::total_duration(&self.bank.sound(cue))
                        .unwrap_or(UNKNOWN_LENGTH);
                    stream.play(cue, &self.bank, self.gain);
                    self.busy_until = self.busy_until.max(now + length + PLAYBACK_LATENCY);
                }
                report
            }
            Command::Hush => {
                if let Some(stream) = &mut self.stream {
                    stream.hush();
                }
                None
            }
            Command::Probe => self.start(now),
            Command::Expect(at) => {
                self.expected = at;
                self.tick(now)
            }
            Command::Retry => {
                self.failed_at = None;
                match self.state {
                    Some(DeviceState::Unavailable(_) | DeviceState::Lost(_)) => self.open(now),
                    Some(DeviceState::Ready) | None => None,
                }
            }
            Command::Volume(volume) => {
                self.gain = gain(volume);
                None
            }
        }
    }

    /// Drops an output that failed or is no longer needed; opens one for a cue about to come.
    pub(super) fn tick(&mut self, now: Instant) -> Option<DeviceState> {
        match &self.stream {
            Some(stream) => {
                if let Some(why) = stream.failure() {
                    // Dropping it also ends cpal's busy loop of errors on a dead device.
                    self.stream = None;
                    self.failed_at = Some(now);
                    return self.set_state(DeviceState::Lost(why));
                }
                if !stream.idles_for_free()
                    && now >= self.busy_until + LINGER
                    && !self.cue_within(KEEP_OPEN_FOR, now)
                {
                    self.stream = None;
                }
                None
            }
            None if self.cue_within(OPEN_AHEAD, now) => self.open(now),
            None => None,
        }
    }

    /// How long the thread may wait for a command before the next [`Engine::tick`]; `None`: as
    /// long as it likes (nothing is open and no cue is coming, or the device is in its back-off).
    pub(super) fn wake_in(&self, now: Instant) -> Option<Duration> {
        if let Some(stream) = &self.stream {
            if stream.idles_for_free() {
                return None;
            }
            let close_in = (self.busy_until + LINGER).saturating_duration_since(now);
            return Some(if close_in.is_zero() {
                POLL
            } else {
                close_in.min(POLL)
            });
        }
        if self.backing_off(now) {
            // A cue still tries the device once the back-off is over.
            return None;
        }
        let at = self.expected?;
        if now > at + STALE_AFTER {
            return None;
        }
        Some(
            at.checked_sub(OPEN_AHEAD)
                .map_or(Duration::ZERO, |open_at| {
                    open_at.saturating_duration_since(now)
                }),
        )
    }

    /// When the last sound handed to the output finishes, so leaving can wait for it.
    pub(super) fn busy_until(&self) -> Instant {
        self.busy_until
    }

    #[cfg(test)]
    pub(super) fn is_open(&self) -> bool {
        self.stream.is_some()
    }

    /// Whether the app announced a cue due within `ahead` of `now` (and not long past).
    fn cue_within(&self, ahead: Duration, now: Instant) -> bool {
        self.expected
            .is_some_and(|at| at <= now + ahead && now <= at + STALE_AFTER)
    }

    fn backing_off(&self, now: Instant) -> bool {
        self.failed_at
            .is_some_and(|t| now.saturating_duration_since(t) < RETRY_AFTER)
    }

    fn open(&mut self, now: Instant) -> Option<DeviceState> {
        if self.stream.is_some() || self.backing_off(now) {
            return None;
        }
        match self.device.open() {
            Ok(stream) => {
                self.stream = Some(stream);
                self.failed_at = None;
                self.busy_until = self.busy_until.max(now);
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
