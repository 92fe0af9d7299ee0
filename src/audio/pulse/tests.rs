//! The client against a fake sound server on a real unix socket: what it sends, in what order,
//! and what it does when the server says no, hangs up or talks out of turn.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

use super::wire::{CONTROL, HEADER_LEN, command, header, parse_header};
use super::*;

/// What the fake server was asked, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Asked {
    Auth,
    ClientName(String),
    Upload {
        name: String,
        channels: u8,
        rate: u32,
        bytes: usize,
    },
    Play {
        name: String,
        volume: u32,
    },
    Kill(u32),
    Remove(String),
}

/// How the fake server misbehaves.
#[derive(Debug, Clone, Copy, Default)]
struct Script {
    /// The protocol version it answers the login with (0: 35).
    version: u32,
    /// Closes the connection, unanswered, when this command arrives.
    hang_up_on: Option<u32>,
    /// Forgets its samples when the first play arrives, as when another stretchy removed them.
    forget_at_first_play: bool,
    /// Refuses every play, as a server with no default sink does.
    refuse_play: bool,
    /// Sends an event before every answer.
    chatty: bool,
    /// Answers this command with a header announcing a 64 MiB payload.
    huge_answer_to: Option<u32>,
}

struct FakeServer {
    _dir: tempfile::TempDir,
    path: PathBuf,
    log: Arc<Mutex<Vec<Asked>>>,
    thread: Option<JoinHandle<()>>,
}

impl FakeServer {
    fn start(script: Script) -> FakeServer {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("native");
        let listener = UnixListener::bind(&path).unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let server_log = Arc::clone(&log);
        let thread = thread::spawn(move || {
            if let Ok((socket, _)) = listener.accept() {
                serve(socket, script, &server_log);
            }
        });
        FakeServer {
            _dir: dir,
            path,
            log,
            thread: Some(thread),
        }
    }

    fn asked(&self) -> Vec<Asked> {
        self.log.lock().unwrap().clone()
    }

    /// What was asked once the client has gone (the server has read everything).
    fn asked_in_the_end(mut self) -> Vec<Asked> {
        self.thread.take().unwrap().join().unwrap();
        self.asked()
    }
}

/// Reads tagged values the way the server does.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> &[u8] {
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }
    fn tag(&mut self, expected: u8) {
        assert_eq!(self.take(1)[0], expected, "wrong tag");
    }
    fn u32(&mut self) -> u32 {
        self.tag(b'L');
        u32::from_be_bytes(self.take(4).try_into().unwrap())
    }
    fn string(&mut self) -> Option<String> {
        if self.0[0] == b'N' {
            self.take(1);
            return None;
        }
        self.tag(b't');
        let end = self.0.iter().position(|&b| b == 0).unwrap();
        let text = String::from_utf8(self.take(end).to_vec()).unwrap();
        self.take(1);
        Some(text)
    }
    fn arbitrary(&mut self) -> Vec<u8> {
        self.tag(b'x');
        let len = u32::from_be_bytes(self.take(4).try_into().unwrap()) as usize;
        self.take(len).to_vec()
    }
    fn sample_spec(&mut self) -> (u8, u8, u32) {
        self.tag(b'a');
        let head = self.take(2).to_vec();
        (
            head[0],
            head[1],
            u32::from_be_bytes(self.take(4).try_into().unwrap()),
        )
    }
    fn channel_map(&mut self) -> Vec<u8> {
        self.tag(b'm');
        let n = self.take(1)[0] as usize;
        self.take(n).to_vec()
    }
    fn proplist(&mut self) -> HashMap<String, String> {
        self.tag(b'P');
        let mut properties = HashMap::new();
        while let Some(key) = self.string() {
            let len = self.u32() as usize;
            let value = self.arbitrary();
            assert_eq!(value.len(), len);
            assert_eq!(value.last(), Some(&0), "text properties end in NUL");
            let text = String::from_utf8(value[..len - 1].to_vec()).unwrap();
            properties.insert(key, text);
        }
        properties
    }
    fn done(&self) {
        assert!(self.0.is_empty(), "{} bytes left over", self.0.len());
    }
}

fn packet(channel: u32, payload: &[u8]) -> Vec<u8> {
    let mut bytes = header(payload.len(), channel).to_vec();
    bytes.extend_from_slice(payload);
    bytes
}

fn answer(command: u32, tag: u32, values: &[u32]) -> Vec<u8> {
    let mut payload = Vec::new();
    for value in [command, tag].iter().chain(values) {
        payload.push(b'L');
        payload.extend_from_slice(&value.to_be_bytes());
    }
    packet(CONTROL, &payload)
}

fn serve(mut socket: UnixStream, script: Script, log: &Mutex<Vec<Asked>>) {
    let mut state = FakeState {
        script,
        log,
        forget: script.forget_at_first_play,
        uploads: HashMap::new(),
        samples: HashMap::new(),
        next_channel: 0,
        next_sink_input: 100,
    };
    loop {
        let mut head = [0; HEADER_LEN];
        if socket.read_exact(&mut head).is_err() {
            return; // the client left
        }
        let (len, channel) = parse_header(&head);
        let mut payload = vec![0; len];
        socket.read_exact(&mut payload).unwrap();
        if channel != CONTROL {
            let upload = state.uploads.get_mut(&channel).unwrap();
            upload.data.extend_from_slice(&payload);
            continue;
        }
        let mut r = Reader(&payload);
        let (asked, tag) = (r.u32(), r.u32());
        if script.hang_up_on == Some(asked) {
            return;
        }
        if script.chatty {
            socket.write_all(&answer(66, u32::MAX, &[0, 1])).unwrap();
        }
        if script.huge_answer_to == Some(asked) {
            socket.write_all(&header(64 << 20, CONTROL)).unwrap();
            continue;
        }
        let reply = state.answer(asked, tag, &mut r);
        r.done();
        if socket.write_all(&reply).is_err() {
            return;
        }
    }
}

/// An upload in progress on the fake server.
struct Upload {
    name: String,
    channels: u8,
    rate: u32,
    length: usize,
    data: Vec<u8>,
}

struct FakeState<'a> {
    script: Script,
    log: &'a Mutex<Vec<Asked>>,
    forget: bool,
    uploads: HashMap<u32, Upload>,
    samples: HashMap<String, usize>,
    next_channel: u32,
    next_sink_input: u32,
}

impl FakeState<'_> {
    fn say(&self, entry: Asked) {
        self.log.lock().unwrap().push(entry);
    }

    /// Reads the command's arguments, checks them as the server would, and answers.
    fn answer(&mut self, asked: u32, tag: u32, r: &mut Reader<'_>) -> Vec<u8> {
        match asked {
            command::AUTH => {
                r.u32();
                assert_eq!(r.arbitrary().len(), COOKIE_LEN);
                self.say(Asked::Auth);
                let version = if self.script.version == 0 {
                    35
                } else {
                    self.script.version
                };
                answer(command::REPLY, tag, &[version])
            }
            command::SET_CLIENT_NAME => {
                let name = r.proplist().remove("application.name").unwrap();
                self.say(Asked::ClientName(name));
                answer(command::REPLY, tag, &[7])
            }
            command::CREATE_UPLOAD_STREAM => {
                let name = r.string().unwrap();
                let (format, channels, rate) = r.sample_spec();
                assert_eq!(format, wire::FORMAT_S16LE);
                assert_eq!(r.channel_map().len(), usize::from(channels));
                let length = r.u32();
                assert_eq!(r.proplist()["media.name"], name);
                let channel = self.next_channel;
                self.next_channel += 1;
                let upload = Upload {
                    name,
                    channels,
                    rate,
                    length: length as usize,
                    data: Vec::new(),
                };
                self.uploads.insert(channel, upload);
                answer(command::REPLY, tag, &[channel, length])
            }
            command::FINISH_UPLOAD_STREAM => {
                let upload = self.uploads.remove(&r.u32()).unwrap();
                assert_eq!(
                    upload.data.len(),
                    upload.length,
                    "all the announced bytes arrived"
                );
                self.say(Asked::Upload {
                    name: upload.name.clone(),
                    channels: upload.channels,
                    rate: upload.rate,
                    bytes: upload.length,
                });
                self.samples.insert(upload.name, upload.length);
                answer(command::REPLY, tag, &[])
            }
            command::PLAY_SAMPLE => {
                assert_eq!(r.u32(), wire::INVALID_INDEX);
                assert_eq!(r.string(), None);
                let volume = r.u32();
                let name = r.string().unwrap();
                r.proplist();
                if std::mem::take(&mut self.forget) {
                    self.samples.clear();
                }
                if self.samples.contains_key(&name) && !self.script.refuse_play {
                    self.say(Asked::Play { name, volume });
                    self.next_sink_input += 1;
                    answer(command::REPLY, tag, &[self.next_sink_input])
                } else {
                    answer(command::ERROR, tag, &[wire::ERR_NO_ENTITY])
                }
            }
            command::KILL_SINK_INPUT => {
                self.say(Asked::Kill(r.u32()));
                answer(command::REPLY, tag, &[])
            }
            command::REMOVE_SAMPLE => {
                let name = r.string().unwrap();
                self.samples.remove(&name);
                self.say(Asked::Remove(name));
                answer(command::REPLY, tag, &[])
            }
            other => panic!("unexpected command {other}"),
        }
    }
}

/// The bundled cue's sample data, as uploaded: 16-bit mono at 48 kHz.
fn bytes_of(cue: Cue) -> usize {
    super::super::synth::samples(cue).len() * 2
}

fn uploaded(cue: Cue) -> Asked {
    uploaded_at(cue, 1.0)
}

/// The upload of a cue's sound scaled by `gain`.
fn uploaded_at(cue: Cue, gain: f32) -> Asked {
    let pcm = Pcm::from_sound(CueBank::bundled().sound(cue), gain);
    Asked::Upload {
        name: format!(
            "stretchy.{}.{:08x}",
            file_name(cue).trim_end_matches(".wav"),
            fnv1a(&pcm.bytes)
        ),
        channels: 1,
        rate: 48_000,
        bytes: bytes_of(cue),
    }
}

fn played(cue: Cue, volume: u32) -> Asked {
    played_at(cue, 1.0, volume)
}

fn played_at(cue: Cue, gain: f32, volume: u32) -> Asked {
    let Asked::Upload { name, .. } = uploaded_at(cue, gain) else {
        unreachable!()
    };
    Asked::Play { name, volume }
}

fn removed(cue: Cue) -> Asked {
    removed_at(cue, 1.0)
}

fn removed_at(cue: Cue, gain: f32) -> Asked {
    let Asked::Upload { name, .. } = uploaded_at(cue, gain) else {
        unreachable!()
    };
    Asked::Remove(name)
}

/// Logging in, then each sound uploaded once and played by name, at the server's full volume:
/// the gain is in the samples (`PipeWire`'s pulse server ignores a play request's volume).
#[test]
fn cues_are_uploaded_once_and_then_played_by_name() {
    let server = FakeServer::start(Script::default());
    let bank = CueBank::bundled();
    let mut stream = connect(&server.path).unwrap();
    stream.play(Cue::HoldStart, &bank, 1.0);
    stream.play(Cue::HoldStart, &bank, 1.0);
    stream.play(Cue::Countdown, &bank, 0.125);
    assert_eq!(stream.failure(), None);
    assert_eq!(
        server.asked(),
        [
            Asked::Auth,
            Asked::ClientName("stretchy".to_owned()),
            uploaded(Cue::HoldStart),
            played(Cue::HoldStart, 65_536),
            played(Cue::HoldStart, 65_536),
            uploaded_at(Cue::Countdown, 0.125),
            played_at(Cue::Countdown, 0.125, 65_536),
        ]
    );
}

/// The samples carry the gain: an eighth of the gain is an eighth of the amplitude.
#[test]
fn the_gain_is_applied_to_the_samples() {
    let bank = CueBank::bundled();
    let full = Pcm::from_sound(bank.sound(Cue::HoldStart), 1.0);
    let eighth = Pcm::from_sound(bank.sound(Cue::HoldStart), 0.125);
    let peak = |pcm: &Pcm| {
        pcm.bytes
            .chunks(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]).unsigned_abs())
            .max()
            .unwrap()
    };
    assert!(peak(&full) > 10_000, "{}", peak(&full));
    assert!(
        peak(&full).abs_diff(8 * peak(&eighth)) <= 8,
        "{} {}",
        peak(&full),
        peak(&eighth)
    );
}

/// A new volume uploads the sound again at that volume and removes the old sample, so the
/// server's cache holds one sample per cue; going back uploads again.
#[test]
fn a_new_volume_uploads_again_and_removes_the_old_sample() {
    let server = FakeServer::start(Script::default());
    let bank = CueBank::bundled();
    let mut stream = connect(&server.path).unwrap();
    stream.play(Cue::HoldEnd, &bank, 1.0);
    stream.play(Cue::HoldEnd, &bank, 0.25);
    stream.play(Cue::HoldEnd, &bank, 0.25);
    assert_eq!(stream.failure(), None);
    assert_eq!(
        server.asked()[2..],
        [
            uploaded(Cue::HoldEnd),
            played(Cue::HoldEnd, 65_536),
            removed(Cue::HoldEnd),
            uploaded_at(Cue::HoldEnd, 0.25),
            played_at(Cue::HoldEnd, 0.25, 65_536),
            played_at(Cue::HoldEnd, 0.25, 65_536),
        ]
    );
    drop(stream);
    assert_eq!(
        server.asked_in_the_end().last(),
        Some(&removed_at(Cue::HoldEnd, 0.25))
    );
}

/// Leaving removes the samples this run uploaded from the server's memory.
#[test]
fn leaving_removes_the_uploaded_samples() {
    let server = FakeServer::start(Script::default());
    let bank = CueBank::bundled();
    let mut stream = connect(&server.path).unwrap();
    stream.play(Cue::Switch, &bank, 1.0);
    stream.play(Cue::Complete, &bank, 1.0);
    drop(stream);
    let asked = server.asked_in_the_end();
    assert_eq!(
        asked[asked.len() - 2..],
        [removed(Cue::Switch), removed(Cue::Complete)]
    );
}

/// A sample that vanished from the server (another stretchy removed it on leaving) is uploaded
/// again and the cue still sounds.
#[test]
fn a_vanished_sample_is_uploaded_again() {
    let server = FakeServer::start(Script {
        forget_at_first_play: true,
        ..Script::default()
    });
    let bank = CueBank::bundled();
    let mut stream = connect(&server.path).unwrap();
    stream.play(Cue::HoldEnd, &bank, 1.0);
    assert_eq!(stream.failure(), None);
    assert_eq!(
        server.asked()[2..],
        [
            uploaded(Cue::HoldEnd),
            uploaded(Cue::HoldEnd),
            played(Cue::HoldEnd, 65_536)
        ]
    );
}

/// A server that will not play (it has no default sink) is a failure that says so; the upload is
/// tried once more in case the sample was what was missing, and leaving still removes it.
#[test]
fn a_server_that_will_not_play_is_a_failure_that_says_why() {
    let server = FakeServer::start(Script {
        refuse_play: true,
        ..Script::default()
    });
    let mut stream = connect(&server.path).unwrap();
    stream.play(Cue::HoldStart, &CueBank::bundled(), 1.0);
    let why = stream.failure().expect("a failure");
    assert!(why.contains("no such sink or sample"), "{why}");
    drop(stream);
    assert_eq!(
        server.asked_in_the_end()[2..],
        [
            uploaded(Cue::HoldStart),
            uploaded(Cue::HoldStart),
            removed(Cue::HoldStart)
        ]
    );
}

/// The pain key stops what is sounding, once.
#[test]
fn hush_stops_what_is_sounding() {
    let server = FakeServer::start(Script::default());
    let bank = CueBank::bundled();
    let mut stream = connect(&server.path).unwrap();
    stream.play(Cue::GetReady, &bank, 1.0);
    stream.play(Cue::HoldStart, &bank, 1.0);
    stream.hush();
    stream.hush();
    let asked = server.asked();
    assert_eq!(
        asked[asked.len() - 2..],
        [Asked::Kill(101), Asked::Kill(102)]
    );
    assert_eq!(stream.failure(), None);
}

/// A server that goes away mid-session is a failure with a reason, not a panic or a hang, and
/// nothing more is sent.
#[test]
fn a_server_that_hangs_up_is_a_failure() {
    let server = FakeServer::start(Script {
        hang_up_on: Some(command::PLAY_SAMPLE),
        ..Script::default()
    });
    let bank = CueBank::bundled();
    let mut stream = connect(&server.path).unwrap();
    stream.play(Cue::HoldStart, &bank, 1.0);
    let why = stream.failure().expect("a failure");
    assert!(why.contains("connection lost while playing a cue"), "{why}");
    stream.play(Cue::Countdown, &bank, 1.0);
    stream.hush();
    drop(stream);
    assert_eq!(server.asked_in_the_end().len(), 3, "auth, name, one upload");
}

/// An answer announcing an absurd size is not read into memory: the connection counts as broken.
#[test]
fn an_absurd_answer_is_a_failure() {
    let server = FakeServer::start(Script {
        huge_answer_to: Some(command::CREATE_UPLOAD_STREAM),
        ..Script::default()
    });
    let mut stream = connect(&server.path).unwrap();
    stream.play(Cue::HoldStart, &CueBank::bundled(), 1.0);
    let why = stream.failure().expect("a failure");
    assert!(why.contains("unreadable answer"), "{why}");
}

/// Events the server sends between answers are skipped.
#[test]
fn events_between_answers_are_skipped() {
    let server = FakeServer::start(Script {
        chatty: true,
        ..Script::default()
    });
    let mut stream = connect(&server.path).unwrap();
    stream.play(Cue::Metronome, &CueBank::bundled(), 1.0);
    assert_eq!(stream.failure(), None);
    assert_eq!(server.asked().last(), Some(&played(Cue::Metronome, 65_536)));
}

#[test]
fn a_server_too_old_is_refused() {
    let server = FakeServer::start(Script {
        version: 12,
        ..Script::default()
    });
    let why = connect(&server.path).unwrap_err();
    assert!(why.contains("too old"), "{why}");
}

#[test]
fn no_server_is_a_short_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("native");
    let why = connect(&path).unwrap_err();
    assert!(why.starts_with(&path.display().to_string()), "{why}");
}

/// The socket is found where libpulse looks: `PULSE_SERVER`'s first unix entry, else the
/// runtime folder.
#[test]
fn the_server_socket_is_found_as_libpulse_finds_it() {
    let find = |vars: &[(&str, &str)]| {
        let vars: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        server_socket(|name| vars.get(name).cloned())
    };
    let path = |p: &str| Some(PathBuf::from(p));
    assert_eq!(
        find(&[("XDG_RUNTIME_DIR", "/run/user/1000")]),
        path("/run/user/1000/pulse/native")
    );
    assert_eq!(
        find(&[
            ("PULSE_SERVER", "unix:/tmp/p/native"),
            ("XDG_RUNTIME_DIR", "/r")
        ]),
        path("/tmp/p/native")
    );
    assert_eq!(
        find(&[("PULSE_SERVER", "tcp:host:4713 {abc}unix:/x/native /y")]),
        path("/x/native")
    );
    assert_eq!(find(&[("PULSE_SERVER", "/y/native")]), path("/y/native"));
    // Only network servers: left to libpulse, through rodio.
    assert_eq!(
        find(&[("PULSE_SERVER", "tcp:host"), ("XDG_RUNTIME_DIR", "/r")]),
        None
    );
    assert_eq!(find(&[("XDG_RUNTIME_DIR", "")]), None);
    assert_eq!(find(&[]), None);
}

/// Sounds of more than two channels are mixed down to one; samples are clamped, not wrapped.
#[test]
fn sounds_become_16_bit_mono_or_stereo() {
    use rodio::buffer::SamplesBuffer;
    use rodio::nz;
    let four = SamplesBuffer::new(
        nz!(4),
        nz!(8_000),
        vec![1.0, 1.0, 0.0, 0.0, -1.0, -1.0, -1.0, -1.0],
    );
    let pcm = Pcm::from_sound(Box::new(four), 1.0);
    assert_eq!((pcm.channels, pcm.rate), (1, 8_000));
    assert_eq!(
        pcm.bytes,
        [16_384_i16.to_le_bytes(), (-32_767_i16).to_le_bytes()].concat()
    );
    assert_eq!(pcm.length, Duration::from_micros(250));

    let stereo = SamplesBuffer::new(nz!(2), nz!(48_000), vec![2.0, -2.0]);
    let pcm = Pcm::from_sound(Box::new(stereo), 1.0);
    assert_eq!(pcm.channels, 2);
    assert_eq!(
        pcm.bytes,
        [32_767_i16.to_le_bytes(), (-32_767_i16).to_le_bytes()].concat()
    );
}
