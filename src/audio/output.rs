//! The real output: the `PulseAudio` server directly when there is one (most Linux desktops,
//! `PipeWire` included), else rodio on the default device (plain ALSA, macOS, ...).

#[cfg(unix)]
use std::env;

use super::CueBank;
use super::device::{RodioDevice, RodioStream};
use super::engine::{Device, Stream};
#[cfg(unix)]
use super::pulse::{self, PulseStream};
use crate::session::Cue;

/// Opens whichever output works, trying the sound server first.
#[derive(Debug, Default)]
pub(super) struct SystemDevice {
    rodio: RodioDevice,
}

impl SystemDevice {
    /// Must be created on the thread that opens the output (see [`RodioDevice::new`]).
    pub(super) fn new() -> SystemDevice {
        SystemDevice {
            rodio: RodioDevice::new(),
        }
    }
}

/// An open output of either kind.
#[derive(Debug)]
pub(super) enum Output {
    #[cfg(unix)]
    Pulse(Box<PulseStream>),
    Rodio(RodioStream),
}

impl Device for SystemDevice {
    type Stream = Output;

    fn open(&mut self) -> Result<Output, String> {
        #[cfg(unix)]
        let server = match pulse::server_socket(|name| env::var_os(name)) {
            Some(path) => match pulse::connect(&path) {
                Ok(stream) => return Ok(Output::Pulse(Box::new(stream))),
                // A stale socket of a server that has gone: ALSA may still have a device.
                Err(why) => Some(why),
            },
            None => None,
        };
        #[cfg(not(unix))]
        let server: Option<String> = None;
        self.rodio
            .open()
            .map(Output::Rodio)
            .map_err(|why| match server {
                Some(server) => format!("{why}; {server}"),
                None => why,
            })
    }
}

impl Stream for Output {
    fn play(&mut self, cue: Cue, bank: &CueBank, gain: f32) {
        match self {
            #[cfg(unix)]
            Output::Pulse(stream) => stream.play(cue, bank, gain),
            Output::Rodio(stream) => stream.play(cue, bank, gain),
        }
    }

    fn hush(&mut self) {
        match self {
            #[cfg(unix)]
            Output::Pulse(stream) => stream.hush(),
            Output::Rodio(stream) => stream.hush(),
        }
    }

    fn failure(&self) -> Option<String> {
        match self {
            #[cfg(unix)]
            Output::Pulse(stream) => stream.failure(),
            Output::Rodio(stream) => stream.failure(),
        }
    }

    /// The server's connection idles without a thread or a timer; rodio's output does not.
    fn idles_for_free(&self) -> bool {
        match self {
            #[cfg(unix)]
            Output::Pulse(_) => true,
            Output::Rodio(_) => false,
        }
    }
}
