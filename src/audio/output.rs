//! The real output: the `PulseAudio` server directly when there is one (most Linux desktops,
//! `PipeWire` included), else rodio on the default device (macOS, Windows, and plain ALSA when
//! built with the `alsa` feature). A Linux build without that feature needs no C headers and,
//! with no sound server, runs silent with a status that says how to get sound.

#[cfg(unix)]
use std::env;

use super::CueBank;
#[cfg(rodio_output)]
use super::device::{RodioDevice, RodioStream};
use super::engine::{Device, Stream};
#[cfg(unix)]
use super::pulse::{self, PulseStream};
use crate::core::session::Cue;

/// Opens whichever output works, trying the sound server first.
#[derive(Debug, Default)]
pub(super) struct SystemDevice {
    #[cfg(rodio_output)]
    rodio: RodioDevice,
}

/// Why a Linux build without rodio's output is silent where no sound server runs, and the way out.
#[cfg(not(rodio_output))]
pub(super) const NO_SERVER: &str = "no sound server (PulseAudio or PipeWire) is running; \
                                    for plain ALSA, build with --features alsa";

impl SystemDevice {
    /// Must be created on the thread that opens the output (see `RodioDevice::new`).
    pub(super) fn new() -> SystemDevice {
        SystemDevice {
            #[cfg(rodio_output)]
            rodio: RodioDevice::new(),
        }
    }
}

/// An open output of either kind.
#[derive(Debug)]
pub(super) enum Output {
    #[cfg(unix)]
    Pulse(Box<PulseStream>),
    #[cfg(rodio_output)]
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
        #[cfg(rodio_output)]
        return self
            .rodio
            .open()
            .map(Output::Rodio)
            .map_err(|why| match server {
                Some(server) => format!("{why}; {server}"),
                None => why,
            });
        #[cfg(not(rodio_output))]
        Err(match server {
            Some(server) => format!("{server}; {NO_SERVER}"),
            None => NO_SERVER.to_owned(),
        })
    }
}

impl Stream for Output {
    fn play(&mut self, cue: Cue, bank: &CueBank, gain: f32) {
        match self {
            #[cfg(unix)]
            Output::Pulse(stream) => stream.play(cue, bank, gain),
            #[cfg(rodio_output)]
            Output::Rodio(stream) => stream.play(cue, bank, gain),
        }
    }

    fn hush(&mut self) {
        match self {
            #[cfg(unix)]
            Output::Pulse(stream) => stream.hush(),
            #[cfg(rodio_output)]
            Output::Rodio(stream) => stream.hush(),
        }
    }

    fn failure(&self) -> Option<String> {
        match self {
            #[cfg(unix)]
            Output::Pulse(stream) => stream.failure(),
            #[cfg(rodio_output)]
            Output::Rodio(stream) => stream.failure(),
        }
    }

    /// The server's connection idles without a thread or a timer; rodio's output does not.
    fn idles_for_free(&self) -> bool {
        match self {
            #[cfg(unix)]
            Output::Pulse(_) => true,
            #[cfg(rodio_output)]
            Output::Rodio(_) => false,
        }
    }
}
