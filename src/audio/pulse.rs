//! Cues through the `PulseAudio` sound server (or `PipeWire`'s stand-in for it), spoken to over
//! its socket rather than through alsa-lib's plugin and libpulse.
//!
//! Each cue sound is uploaded once into the server's sample cache, then played by name with one
//! small message. Between cues there is no stream, no thread waking, nothing to open or close,
//! so a long hold costs no audio work at all; and libpulse with its many dependencies is never
//! loaded (3.7 MiB of resident memory). Where there is no such server, rodio plays the cues.

use std::env;
use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{ALL_CUES, CueBank, file_name, index};
use crate::core::session::Cue;
use crate::core::wording::io_error;

mod wire;

use wire::{Answer, Message, command};

/// The protocol version we speak; 13 (`PulseAudio` 0.9.11) is the oldest with what we send.
const PROTOCOL_VERSION: u32 = 32;
const OLDEST_SERVER: u32 = 13;
/// A server that takes longer than this to answer is treated as gone.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(1);
/// Removing our samples on the way out waits at most this long per answer.
const GOODBYE_TIMEOUT: Duration = Duration::from_millis(100);
const COOKIE_LEN: usize = 256;
/// Sample data is sent in pieces of this size.
const CHUNK: usize = 64 * 1024;
/// `PA_VOLUME_NORM`: full volume. Every cue plays at it; the loudness is in the samples.
const VOLUME_NORM: u32 = 65_536;
/// A played sample may still be heard this long after its own length (the server's latency):
/// until then the pain key stops it.
const SOUNDING_SLACK: Duration = Duration::from_millis(300);

/// Where the server listens, read from the environment as libpulse reads it: the first unix
/// socket of `PULSE_SERVER`, else `$XDG_RUNTIME_DIR/pulse/native`. `None` when `PULSE_SERVER` names
/// only network servers (rodio's path through libpulse handles those) or nothing is set.
pub(super) fn server_socket(var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    if let Some(servers) = var("PULSE_SERVER") {
        let servers = servers.to_string_lossy().into_owned();
        return servers.split_whitespace().find_map(|server| {
            // "{machine-id}unix:/path" limits an entry to one machine: ours is the only one here.
            let server = match server.strip_prefix('{') {
                Some(rest) => rest.split_once('}').map_or("", |(_, server)| server),
                None => server,
            };
            let path = server.strip_prefix("unix:").unwrap_or(server);
            path.starts_with('/').then(|| PathBuf::from(path))
        });
    }
    let runtime = var("XDG_RUNTIME_DIR").filter(|dir| !dir.is_empty())?;
    Some(Path::new(&runtime).join("pulse").join("native"))
}

/// A connection to the sound server, with the cue samples uploaded so far.
#[derive(Debug)]
pub(super) struct PulseStream {
    socket: UnixStream,
    next_tag: u32,
    /// Per cue, once uploaded: its sample's name in the server's cache and its length, and the
    /// gain baked into it.
    samples: [Option<Sample>; ALL_CUES.len()],
    /// Samples playing (the server's index of each) and until when they may be heard.
    sounding: Vec<(u32, Instant)>,
    /// Why cues stopped sounding, once they have.
    failure: Option<String>,
    /// Whether the connection itself broke (rather than the server saying no).
    broken: bool,
}

/// A cue's sound in the server's sample cache.
#[derive(Debug, Clone)]
struct Sample {
    name: String,
    length: Duration,
    /// The gain already applied to its samples: a new volume means a new upload.
    gain: f32,
}

/// Why a request did not succeed.
#[derive(Debug)]
enum Fault {
    /// The connection broke or the server stopped answering.
    Io(io::Error),
    /// The server sent something that is not the protocol.
    Malformed,
    /// The server said no, with this `PA_ERR_*` code; the connection is fine.
    Refused(u32),
}

impl Fault {
    fn describe(&self, doing: &str) -> String {
        match self {
            Fault::Io(e) => format!(
                "sound server connection lost while {doing}: {}",
                io_error(e)
            ),
            Fault::Malformed => format!("sound server sent an unreadable answer while {doing}"),
            Fault::Refused(wire::ERR_NO_ENTITY) => {
                format!("sound server refused {doing}: no such sink or sample")
            }
            Fault::Refused(code) => format!("sound server refused {doing} (error {code})"),
        }
    }
}

impl From<io::Error> for Fault {
    fn from(e: io::Error) -> Fault {
        Fault::Io(e)
    }
}

impl From<wire::Malformed> for Fault {
    fn from(_: wire::Malformed) -> Fault {
        Fault::Malformed
    }
}

/// Connects and logs in; the error says why not, in a few words.
pub(super) fn connect(path: &Path) -> Result<PulseStream, String> {
    let socket =
        UnixStream::connect(path).map_err(|e| format!("{}: {}", path.display(), io_error(&e)))?;
    let timeouts = socket
        .set_read_timeout(Some(ANSWER_TIMEOUT))
        .and_then(|()| socket.set_write_timeout(Some(ANSWER_TIMEOUT)));
    timeouts.map_err(|e| io_error(&e))?;
    let mut stream = PulseStream {
        socket,
        next_tag: 0,
        samples: Default::default(),
        sounding: Vec::new(),
        failure: None,
        broken: false,
    };
    // The server also knows us by our user id, which the kernel passes along: the cookie is for
    // servers that want it, and any 256 bytes do for the others.
    let cookie = cookie().unwrap_or_else(|| vec![0; COOKIE_LEN]);
    let version = stream
        .request(command::AUTH, |m| {
            m.u32(PROTOCOL_VERSION).arbitrary(&cookie);
        })
        .map_err(|fault| fault.describe("logging in"))?
        .ok_or("sound server sent an unreadable answer while logging in")?;
    // The high bits are flags for shared memory, which we do not use.
    let version = version & 0xffff;
    if version < OLDEST_SERVER {
        return Err(format!("sound server too old (protocol {version})"));
    }
    stream
        .request(command::SET_CLIENT_NAME, |m| {
            m.proplist(&[("application.name", "stretchy")]);
        })
        .map_err(|fault| fault.describe("logging in"))?;
    Ok(stream)
}

/// The authentication cookie, where libpulse keeps it.
fn cookie() -> Option<Vec<u8>> {
    let home = env::var_os("HOME").map(PathBuf::from);
    let config = env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|home| home.join(".config")));
    let candidates = [
        env::var_os("PULSE_COOKIE").map(PathBuf::from),
        config.map(|dir| dir.join("pulse").join("cookie")),
        home.map(|home| home.join(".pulse-cookie")),
    ];
    candidates.into_iter().flatten().find_map(|path| {
        let mut bytes = Vec::with_capacity(COOKIE_LEN);
        let file = File::open(path).ok()?;
        file.take(COOKIE_LEN as u64 + 1)
            .read_to_end(&mut bytes)
            .ok()?;
        (bytes.len() == COOKIE_LEN).then_some(bytes)
    })
}

impl PulseStream {
    /// Plays `cue`, uploading its sound from `bank` first if needed. A broken connection is
    /// recorded for [`PulseStream::failure`].
    pub(super) fn play(&mut self, cue: Cue, bank: &CueBank, gain: f32) {
        if self.failure.is_some() {
            return;
        }
        if let Err(fault) = self.try_play(cue, bank, gain) {
            self.fail(&fault, "playing a cue");
        }
    }

    /// Stops every cue still sounding.
    pub(super) fn hush(&mut self) {
        let now = Instant::now();
        for (sink_input, until) in std::mem::take(&mut self.sounding) {
            if until <= now || self.failure.is_some() {
                continue;
            }
            match self.request(command::KILL_SINK_INPUT, |m| {
                m.u32(sink_input);
            }) {
                // Refused: it ended on its own meanwhile.
                Ok(_) | Err(Fault::Refused(_)) => {}
                Err(fault) => self.fail(&fault, "stopping a cue"),
            }
        }
    }

    pub(super) fn failure(&self) -> Option<String> {
        self.failure.clone()
    }

    fn fail(&mut self, fault: &Fault, doing: &str) {
        self.broken = !matches!(fault, Fault::Refused(_));
        self.failure = Some(fault.describe(doing));
    }

    /// The gain is applied to the samples before they are uploaded, and they play at the
    /// server's full volume: `PipeWire`'s pulse server ignores a play request's volume (measured
    /// on 0.3.65: `--volume 30` played at full level), while `PulseAudio` honours both.
    fn try_play(&mut self, cue: Cue, bank: &CueBank, gain: f32) -> Result<(), Fault> {
        let gain = gain.clamp(0.0, 1.0);
        match &self.samples[index(cue)] {
            Some(sample) if sample.gain.to_bits() == gain.to_bits() => {}
            Some(_) => {
                self.forget(cue)?;
                self.upload(cue, bank, gain)?;
            }
            None => self.upload(cue, bank, gain)?,
        }
        match self.play_sample(cue) {
            // Another stretchy that used the same sample removed it on leaving: upload it again.
            Err(Fault::Refused(wire::ERR_NO_ENTITY)) => {
                self.upload(cue, bank, gain)?;
                self.play_sample(cue)
            }
            other => other,
        }
    }

    /// Removes a cue's sample uploaded at another volume, so the cache holds one per cue.
    fn forget(&mut self, cue: Cue) -> Result<(), Fault> {
        let Some(sample) = self.samples[index(cue)].take() else {
            return Ok(());
        };
        match self.request(command::REMOVE_SAMPLE, |m| {
            m.string(&sample.name);
        }) {
            // Already gone: another stretchy with the same sounds removed it.
            Ok(_) | Err(Fault::Refused(_)) => Ok(()),
            Err(fault) => Err(fault),
        }
    }

    fn play_sample(&mut self, cue: Cue) -> Result<(), Fault> {
        let Some(Sample { name, length, .. }) = self.samples[index(cue)].clone() else {
            return Ok(());
        };
        let sink_input = self.request(command::PLAY_SAMPLE, |m| {
            m.u32(wire::INVALID_INDEX) // the default sink
                .null_string()
                .u32(VOLUME_NORM)
                .string(&name)
                .proplist(&[("media.name", &name)]);
        })?;
        let now = Instant::now();
        self.sounding.retain(|&(_, until)| until > now);
        if let Some(sink_input) = sink_input {
            self.sounding
                .push((sink_input, now + length + SOUNDING_SLACK));
        }
        Ok(())
    }

    /// Puts the cue's sound, scaled by `gain`, into the server's sample cache.
    fn upload(&mut self, cue: Cue, bank: &CueBank, gain: f32) -> Result<(), Fault> {
        let pcm = Pcm::from_sound(bank.sound(cue), gain);
        // Named by content: two stretchys with the same sounds share them, and a changed user
        // sound never plays an old one.
        let stem = file_name(cue).trim_end_matches(".wav");
        let name = format!("stretchy.{stem}.{:08x}", fnv1a(&pcm.bytes));
        let length = u32::try_from(pcm.bytes.len()).map_err(|_| Fault::Refused(0))?;
        let channel = self
            .request(command::CREATE_UPLOAD_STREAM, |m| {
                m.string(&name)
                    .sample_spec(wire::FORMAT_S16LE, pcm.channels, pcm.rate)
                    .channel_map(pcm.channels)
                    .u32(length)
                    .proplist(&[("media.name", &name)]);
            })?
            .ok_or(Fault::Malformed)?;
        for chunk in pcm.bytes.chunks(CHUNK) {
            self.socket.write_all(&wire::header(chunk.len(), channel))?;
            self.socket.write_all(chunk)?;
        }
        self.request(command::FINISH_UPLOAD_STREAM, |m| {
            m.u32(channel);
        })?;
        self.samples[index(cue)] = Some(Sample {
            name,
            length: pcm.length,
            gain,
        });
        Ok(())
    }

    /// Sends a command and waits for its answer: the first number of the reply, if it has one.
    fn request(
        &mut self,
        command: u32,
        arguments: impl FnOnce(&mut Message),
    ) -> Result<Option<u32>, Fault> {
        let tag = self.next_tag;
        self.next_tag = self.next_tag.wrapping_add(1);
        let mut message = Message::command(command, tag);
        arguments(&mut message);
        self.socket.write_all(&message.finish())?;
        loop {
            let mut header = [0; wire::HEADER_LEN];
            self.socket.read_exact(&mut header)?;
            let (len, channel) = wire::parse_header(&header);
            if len > wire::MAX_PAYLOAD {
                return Err(Fault::Malformed);
            }
            let mut payload = vec![0; len];
            self.socket.read_exact(&mut payload)?;
            if channel != wire::CONTROL {
                continue; // data for a stream: we have none
            }
            match wire::parse_answer(&payload)? {
                Answer::Reply { tag: t, mut rest } if t == tag => return Ok(rest.u32().ok()),
                Answer::Error { tag: t, code } if t == tag => return Err(Fault::Refused(code)),
                // An event, or a late answer to a command we stopped waiting for.
                Answer::Reply { .. } | Answer::Error { .. } | Answer::Other => {}
            }
        }
    }
}

impl Drop for PulseStream {
    /// Removes our samples from the server's cache, where they would stay until it restarts.
    /// A cue still sounding plays on: the server holds its own copy.
    fn drop(&mut self) {
        if self.broken || self.socket.set_read_timeout(Some(GOODBYE_TIMEOUT)).is_err() {
            return;
        }
        for sample in std::mem::take(&mut self.samples).into_iter().flatten() {
            let removed = self.request(command::REMOVE_SAMPLE, |m| {
                m.string(&sample.name);
            });
            if let Err(Fault::Io(_) | Fault::Malformed) = removed {
                return;
            }
        }
    }
}

/// A sound as the server takes it: 16-bit little-endian samples, one or two channels.
struct Pcm {
    channels: u8,
    rate: u32,
    bytes: Vec<u8>,
    length: Duration,
}

impl Pcm {
    /// Sounds of more than two channels are mixed down to one. `gain` (0 to 1) scales the
    /// amplitude: the loudness the person chose, baked in.
    fn from_sound(sound: super::Sound, gain: f32) -> Pcm {
        let channels = usize::from(sound.channels().get());
        let rate = sound.sample_rate().get();
        let samples: Vec<f32> = sound.collect();
        let (channels, samples) = if channels <= 2 {
            (channels, samples)
        } else {
            #[expect(clippy::cast_precision_loss, reason = "at most 8 channels")]
            let mono = samples
                .chunks(channels)
                .map(|frame| frame.iter().sum::<f32>() / frame.len() as f32)
                .collect();
            (1, mono)
        };
        let bytes: Vec<u8> = samples
            .iter()
            .flat_map(|&sample| to_i16(sample * gain).to_le_bytes())
            .collect();
        let frames = samples.len() / channels;
        #[expect(clippy::cast_precision_loss, reason = "at most 10 s of frames")]
        let length = Duration::from_secs_f64(frames as f64 / f64::from(rate));
        Pcm {
            channels: u8::try_from(channels).unwrap_or(1),
            rate,
            bytes,
            length,
        }
    }
}

#[expect(
    clippy::cast_possible_truncation,
    reason = "clamped to the range of i16 first"
)]
fn to_i16(sample: f32) -> i16 {
    (sample.clamp(-1.0, 1.0) * 32_767.0).round() as i16
}

/// 32-bit FNV-1a: a short, stable name for a sound's content.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash, &byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests;
