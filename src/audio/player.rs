//! [`Rodio`]: the app's end of the audio thread. Sends commands, never waits for the device.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::device::RodioDevice;
use super::engine::{Command, Device, DeviceState, Engine};
use super::{CueBank, CuePlayer, Settings, SoundStatus};
use crate::session::Cue;

/// The output is opened this long before a cue announced by [`CuePlayer::idle_hint`]; opening
/// takes a few milliseconds, tens with a slow sound server.
const WARM_AHEAD: Duration = Duration::from_millis(1500);
/// How long [`Rodio::shutdown`] waits for the audio thread (normally well under a millisecond;
/// a sound server that hangs could hold it up, and then the app must not hang with it).
/// How long shutting down waits for the audio thread, which first lets the last cue finish.
const SHUTDOWN_WAIT: Duration = Duration::from_millis(1500);
/// About one output buffer: a cue starts sounding this long after it is sent.
const PLAYBACK_LATENCY: Duration = Duration::from_millis(100);

/// What the audio thread tells the app.
#[derive(Debug)]
pub(super) enum Report {
    State(DeviceState),
    Notice(String),
}

/// Plays the cue sounds on the default audio device, from a thread of its own.
///
/// The thread decodes the sounds (bundled, or the user's from `cue_dir`), opens the device at
/// once to learn whether there is one, closes it after a minute without cues and opens it again
/// when a cue comes (or is announced by [`CuePlayer::idle_hint`]). A device that fails to open is
/// tried again at most once a minute, or when the user unmutes.
#[derive(Debug)]
pub struct Rodio {
    /// `None` once shut down (or if the thread could not start).
    commands: Option<Sender<Command>>,
    reports: Receiver<Report>,
    thread: Option<JoinHandle<()>>,
    device: SoundStatus,
    muted: bool,
    volume: u8,
    notices: Vec<String>,
    /// The announced cue the output was last warmed for, so each is announced once.
    warmed_for: Option<Instant>,
}

impl Rodio {
    /// Starts the audio thread. Returns at once; [`CuePlayer::status`] says
    /// [`SoundStatus::Starting`] until the thread has tried the device (a few milliseconds).
    pub fn start(settings: Settings) -> Rodio {
        Rodio::spawn(settings, RodioDevice::new)
    }

    /// Starts the audio thread with a device made on that thread (the alsa-lib handler of the
    /// real one is thread-local).
    pub(super) fn spawn<D, F>(settings: Settings, make_device: F) -> Rodio
    where
        D: Device,
        F: FnOnce() -> D + Send + 'static,
    {
        let (command_tx, command_rx) = mpsc::channel();
        let (report_tx, report_rx) = mpsc::channel();
        let Settings {
            volume,
            muted,
            cue_dir,
            mode: _,
        } = settings;
        let spawned = thread::Builder::new()
            .name("audio".to_owned())
            .spawn(move || {
                run(
                    make_device(),
                    cue_dir.as_deref(),
                    volume,
                    &command_rx,
                    &report_tx,
                );
            });
        let (commands, thread, device) = match spawned {
            Ok(handle) => (Some(command_tx), Some(handle), SoundStatus::Starting),
            Err(e) => (
                None,
                None,
                SoundStatus::Unavailable(format!("cannot start the audio thread: {e}")),
            ),
        };
        Rodio {
            commands,
            reports: report_rx,
            thread,
            device,
            muted,
            volume,
            notices: Vec::new(),
            warmed_for: None,
        }
    }

    /// Stops the audio thread (after the last cue has finished sounding), closing the device, and
    /// waits up to [`SHUTDOWN_WAIT`] for it to finish.
    /// Returns whether it finished (it is left to end on its own if not). Also done on drop.
    ///
    /// Restore stderr (drop a [`super::StderrGuard`]) only after this.
    pub fn shutdown(&mut self) -> bool {
        self.commands = None; // the thread sees the channel close and ends
        let Some(thread) = self.thread.take() else {
            return true;
        };
        let deadline = Instant::now() + SHUTDOWN_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.reports.recv_timeout(left) {
                Ok(report) => self.take_in(report),
                // The thread dropped its end: it is done, so joining cannot block.
                Err(RecvTimeoutError::Disconnected) => return thread.join().is_ok(),
                Err(RecvTimeoutError::Timeout) => return false,
            }
        }
    }

    /// Waits, up to `timeout`, for the audio thread to say whether the device works, and returns
    /// the status. Opening takes milliseconds; this lets a caller (a test, a probe) wait for it
    /// on the report channel instead of polling.
    pub fn wait_settled(&mut self, timeout: Duration) -> SoundStatus {
        let deadline = Instant::now() + timeout;
        self.drain();
        while self.device == SoundStatus::Starting && self.commands.is_some() {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.reports.recv_timeout(left) {
                Ok(report) => self.take_in(report),
                Err(_) => break,
            }
        }
        self.status()
    }

    fn send(&self, command: Command) {
        if let Some(commands) = &self.commands {
            // A gone thread has already said so through the report channel.
            let _ = commands.send(command);
        }
    }

    fn take_in(&mut self, report: Report) {
        match report {
            Report::State(DeviceState::Ready) => self.device = SoundStatus::Ready,
            Report::State(DeviceState::Unavailable(why)) => {
                self.device = SoundStatus::Unavailable(why);
            }
            Report::State(DeviceState::Lost(why)) => self.device = SoundStatus::Lost(why),
            Report::Notice(notice) => self.notices.push(notice),
        }
    }

    fn drain(&mut self) {
        loop {
            match self.reports.try_recv() {
                Ok(report) => self.take_in(report),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if self.commands.is_some() {
                        // Only a panic ends the thread while we still hold the sender.
                        self.commands = None;
                        self.device = SoundStatus::Lost("the audio thread stopped".to_owned());
                    }
                    break;
                }
            }
        }
    }
}

impl Drop for Rodio {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl CuePlayer for Rodio {
    fn play(&mut self, cue: Cue) {
        if !self.muted && self.volume > 0 {
            self.send(Command::Play {
                cue,
                sent: Instant::now(),
            });
        }
    }

    fn hush(&mut self) {
        self.send(Command::Hush);
    }

    fn set_muted(&mut self, muted: bool) {
        if self.muted && !muted {
            self.send(Command::Retry);
        }
        self.muted = muted;
    }

    fn muted(&self) -> bool {
        self.muted
    }

    fn status(&mut self) -> SoundStatus {
        self.drain();
        if self.muted {
            SoundStatus::Muted
        } else {
            self.device.clone()
        }
    }

    fn idle_hint(&mut self, next_cue: Option<Instant>, now: Instant) {
        let Some(due) = next_cue else {
            return;
        };
        if self.muted || self.warmed_for == Some(due) {
            return;
        }
        if due.saturating_duration_since(now) <= WARM_AHEAD {
            self.warmed_for = Some(due);
            self.send(Command::Warm);
        }
    }

    fn set_volume(&mut self, volume: u8) {
        self.volume = volume.min(100);
        self.send(Command::Volume(self.volume));
    }

    fn take_notices(&mut self) -> Vec<String> {
        self.drain();
        std::mem::take(&mut self.notices)
    }
}

/// The audio thread: loads the sounds, then serves commands until the app hangs up.
fn run<D: Device>(
    device: D,
    cue_dir: Option<&Path>,
    volume: u8,
    commands: &Receiver<Command>,
    reports: &Sender<Report>,
) {
    let report = |state: Option<DeviceState>| {
        if let Some(state) = state {
            // The app may have gone already; then nobody needs to know.
            let _ = reports.send(Report::State(state));
        }
    };
    let (bank, notices) = CueBank::load(cue_dir);
    for notice in notices {
        let _ = reports.send(Report::Notice(notice));
    }
    let mut engine = Engine::new(device, bank, volume, Instant::now());
    report(engine.start(Instant::now()));
    // When the last cue sent finishes sounding: the app may leave right after sending it (the
    // "complete" chime), and closing the device then would cut it off.
    let mut sounding_until = Instant::now();
    loop {
        let command = match engine.wake_in(Instant::now()) {
            Some(wait) => match commands.recv_timeout(wait) {
                Ok(command) => Some(command),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            },
            // Nothing open, nothing to watch: sleep until the app wants something.
            None => match commands.recv() {
                Ok(command) => Some(command),
                Err(_) => break,
            },
        };
        let now = Instant::now();
        if let Some(command) = command {
            if let Command::Play { cue, .. } = command {
                let length = Duration::from_millis(super::synth::length_ms(cue).into());
                sounding_until = sounding_until.max(now + length + PLAYBACK_LATENCY);
            }
            report(engine.handle(command, now));
        }
        report(engine.tick(now));
    }
    // The app has gone: let the last cue finish (a second or so at most), then close the device.
    let left = sounding_until.saturating_duration_since(Instant::now());
    if !left.is_zero() {
        thread::sleep(left.min(SHUTDOWN_WAIT));
    }
}
