//! [`SoundPlayer`]: the app's end of the audio thread. Sends commands, never waits for the device.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::engine::{Command, Device, DeviceState, Engine};
use super::output::SystemDevice;
use super::{CueBank, CuePlayer, Settings, SoundStatus};
use crate::core::session::Cue;

/// How long shutting down waits for the audio thread, which first lets the last cue finish (a
/// sound server that hangs could hold it up, and then the app must not hang with it).
const SHUTDOWN_WAIT: Duration = Duration::from_millis(1500);

/// What the audio thread tells the app.
#[derive(Debug)]
pub(super) enum Report {
    State(DeviceState),
    Notice(String),
}

/// Plays the cue sounds on the default audio device, from a thread of its own.
///
/// The thread loads the sounds (the user's from `cue_dir`, else the bundled ones) and opens the
/// output just before the first cue announced by [`CuePlayer::idle_hint`]: a connection to the
/// sound server, kept (it costs nothing between cues), or rodio's output, kept open only around
/// cues. Whether there is a device is learnt at the first cue. A device that fails to open is
/// tried again at most once a minute, or when the user unmutes.
#[derive(Debug)]
pub struct SoundPlayer {
    /// `None` once shut down (or if the thread could not start).
    commands: Option<Sender<Command>>,
    reports: Receiver<Report>,
    thread: Option<JoinHandle<()>>,
    device: SoundStatus,
    muted: bool,
    volume: u8,
    notices: Vec<String>,
    /// The next cue as last announced to the thread, so each change is sent once.
    announced: Option<Instant>,
}

impl SoundPlayer {
    /// Starts the audio thread. Returns at once; [`CuePlayer::status`] says
    /// [`SoundStatus::Starting`] until the thread has tried the device (a few milliseconds).
    pub fn start(settings: Settings) -> SoundPlayer {
        SoundPlayer::spawn(settings, SystemDevice::new)
    }

    /// Starts the audio thread with a device made on that thread (the alsa-lib handler of the
    /// real one is thread-local).
    pub(super) fn spawn<D, F>(settings: Settings, make_device: F) -> SoundPlayer
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
        SoundPlayer {
            commands,
            reports: report_rx,
            thread,
            device,
            muted,
            volume,
            notices: Vec::new(),
            announced: None,
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
        if self.device == SoundStatus::Starting {
            self.send(Command::Probe);
        }
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

impl Drop for SoundPlayer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl CuePlayer for SoundPlayer {
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

    fn idle_hint(&mut self, next_cue: Option<Instant>) {
        let next_cue = next_cue.filter(|_| !self.muted && self.volume > 0);
        if next_cue != self.announced {
            self.announced = next_cue;
            self.send(Command::Expect(next_cue));
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
    // The device is first opened for the first cue (or a probe): not at start, where loading
    // the sound libraries would compete with drawing the first frame, nor at all while muted.
    let mut engine = Engine::new(device, bank, volume, Instant::now());
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
            report(engine.handle(command, now));
        }
        report(engine.tick(now));
    }
    // The app has gone, maybe right after sending the "complete" chime: let the last cue finish
    // (a second or so at most) rather than cut it off, then close the device.
    let left = engine
        .busy_until()
        .saturating_duration_since(Instant::now());
    if !left.is_zero() {
        thread::sleep(left.min(SHUTDOWN_WAIT));
    }
}
