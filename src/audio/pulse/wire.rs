//! The bytes of `PulseAudio`'s native protocol, for the few messages stretchy sends.
//!
//! A packet is a 20-byte header (payload length, channel, a 64-bit offset and flags, all
//! big-endian) and a payload. Commands and replies travel on the control channel; their payload
//! is a "tagstruct": each value is a one-byte type tag followed by the value, big-endian.

/// The channel of commands and replies (sample data goes on a stream's own channel).
pub(super) const CONTROL: u32 = u32::MAX;
pub(super) const HEADER_LEN: usize = 20;
/// Replies to our commands are a few bytes; anything this large means a broken connection.
pub(super) const MAX_PAYLOAD: usize = 1 << 20;

/// Command numbers (`pulsecore/native-common.h`).
pub(super) mod command {
    pub const ERROR: u32 = 0;
    pub const REPLY: u32 = 2;
    pub const AUTH: u32 = 8;
    pub const SET_CLIENT_NAME: u32 = 9;
    pub const CREATE_UPLOAD_STREAM: u32 = 15;
    pub const FINISH_UPLOAD_STREAM: u32 = 17;
    pub const PLAY_SAMPLE: u32 = 18;
    pub const REMOVE_SAMPLE: u32 = 19;
    pub const KILL_SINK_INPUT: u32 = 49;
}

/// The server's "no such entity" error: a sample or sink input that is not there (any more).
pub(super) const ERR_NO_ENTITY: u32 = 5;
/// `PA_INVALID_INDEX`: "the default" where an index is asked for.
pub(super) const INVALID_INDEX: u32 = u32::MAX;
/// `PA_SAMPLE_S16LE`.
pub(super) const FORMAT_S16LE: u8 = 3;

const TAG_U32: u8 = b'L';
const TAG_STRING: u8 = b't';
const TAG_NULL_STRING: u8 = b'N';
const TAG_ARBITRARY: u8 = b'x';
const TAG_SAMPLE_SPEC: u8 = b'a';
const TAG_CHANNEL_MAP: u8 = b'm';
const TAG_PROPLIST: u8 = b'P';

/// A command being built; [`Message::finish`] gives the packet to send.
pub(super) struct Message(Vec<u8>);

impl Message {
    pub(super) fn command(command: u32, tag: u32) -> Message {
        let mut message = Message(vec![0; HEADER_LEN]);
        message.u32(command).u32(tag);
        message
    }

    pub(super) fn u32(&mut self, value: u32) -> &mut Message {
        self.0.push(TAG_U32);
        self.0.extend_from_slice(&value.to_be_bytes());
        self
    }

    /// `text` must hold no NUL byte (ours are fixed names).
    pub(super) fn string(&mut self, text: &str) -> &mut Message {
        debug_assert!(!text.contains('\0'));
        self.0.push(TAG_STRING);
        self.0.extend_from_slice(text.as_bytes());
        self.0.push(0);
        self
    }

    pub(super) fn null_string(&mut self) -> &mut Message {
        self.0.push(TAG_NULL_STRING);
        self
    }

    pub(super) fn arbitrary(&mut self, bytes: &[u8]) -> &mut Message {
        self.0.push(TAG_ARBITRARY);
        self.0
            .extend_from_slice(&len_u32(bytes.len()).to_be_bytes());
        self.0.extend_from_slice(bytes);
        self
    }

    pub(super) fn sample_spec(&mut self, format: u8, channels: u8, rate: u32) -> &mut Message {
        self.0
            .extend_from_slice(&[TAG_SAMPLE_SPEC, format, channels]);
        self.0.extend_from_slice(&rate.to_be_bytes());
        self
    }

    /// The usual layout of one or two channels: mono, or front left and right.
    pub(super) fn channel_map(&mut self, channels: u8) -> &mut Message {
        self.0.push(TAG_CHANNEL_MAP);
        match channels {
            1 => self.0.extend_from_slice(&[1, 0]),
            _ => self.0.extend_from_slice(&[2, 1, 2]),
        }
        self
    }

    /// Text properties (`application.name`, ...), stored with their terminating NUL as libpulse
    /// stores them.
    pub(super) fn proplist(&mut self, properties: &[(&str, &str)]) -> &mut Message {
        self.0.push(TAG_PROPLIST);
        for (key, value) in properties {
            let mut bytes = Vec::with_capacity(value.len() + 1);
            bytes.extend_from_slice(value.as_bytes());
            bytes.push(0);
            self.string(key).u32(len_u32(bytes.len())).arbitrary(&bytes);
        }
        self.null_string()
    }

    /// The packet: header and payload.
    pub(super) fn finish(mut self) -> Vec<u8> {
        let header = header(self.0.len() - HEADER_LEN, CONTROL);
        self.0[..HEADER_LEN].copy_from_slice(&header);
        self.0
    }
}

/// The header of a packet of `len` payload bytes on `channel`.
pub(super) fn header(len: usize, channel: u32) -> [u8; HEADER_LEN] {
    let mut header = [0; HEADER_LEN];
    header[0..4].copy_from_slice(&len_u32(len).to_be_bytes());
    header[4..8].copy_from_slice(&channel.to_be_bytes());
    header
}

/// Payload length and channel of a received header.
pub(super) fn parse_header(header: &[u8; HEADER_LEN]) -> (usize, u32) {
    let word = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    (word(0) as usize, word(4))
}

/// What a control packet from the server says.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Answer<'a> {
    /// The command tagged `tag` succeeded; `rest` holds its result.
    Reply { tag: u32, rest: Fields<'a> },
    /// The command tagged `tag` failed with a `PA_ERR_*` code.
    Error { tag: u32, code: u32 },
    /// Something else the server says (an event): not an answer to us.
    Other,
}

/// Reads a control packet's payload.
pub(super) fn parse_answer(payload: &[u8]) -> Result<Answer<'_>, Malformed> {
    let mut fields = Fields(payload);
    let command = fields.u32()?;
    let tag = fields.u32()?;
    Ok(match command {
        command::REPLY => Answer::Reply { tag, rest: fields },
        command::ERROR => Answer::Error {
            tag,
            code: fields.u32()?,
        },
        _ => Answer::Other,
    })
}

/// The values left in a tagstruct.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Fields<'a>(&'a [u8]);

/// A reply that does not read as the protocol says.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Malformed;

impl Fields<'_> {
    pub(super) fn u32(&mut self) -> Result<u32, Malformed> {
        match self.0 {
            [TAG_U32, a, b, c, d, rest @ ..] => {
                self.0 = rest;
                Ok(u32::from_be_bytes([*a, *b, *c, *d]))
            }
            _ => Err(Malformed),
        }
    }
}

/// Lengths here are of packets we build from cue sounds of at most a few megabytes.
fn len_u32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes of a command, as `PulseAudio`'s own client sends them.
    #[test]
    fn a_command_is_a_header_and_tagged_values() {
        let mut message = Message::command(command::PLAY_SAMPLE, 7);
        message
            .u32(INVALID_INDEX)
            .null_string()
            .u32(0x1_0000)
            .string("ab")
            .proplist(&[("k", "v")]);
        let packet = message.finish();
        let payload: &[u8] = &[
            b'L', 0, 0, 0, 18, b'L', 0, 0, 0, 7, // command, tag
            b'L', 255, 255, 255, 255, b'N', // sink index, sink name
            b'L', 0, 1, 0, 0, // volume
            b't', b'a', b'b', 0, // sample name
            b'P', b't', b'k', 0, b'L', 0, 0, 0, 2, b'x', 0, 0, 0, 2, b'v', 0,
            b'N', // proplist
        ];
        let mut expected = vec![
            0,
            0,
            0,
            u8::try_from(payload.len()).unwrap(),
            255,
            255,
            255,
            255,
        ];
        expected.extend_from_slice(&[0; 12]);
        expected.extend_from_slice(payload);
        assert_eq!(packet, expected);
    }

    #[test]
    fn sample_specs_and_channel_maps() {
        let mut message = Message::command(command::CREATE_UPLOAD_STREAM, 1);
        message
            .sample_spec(FORMAT_S16LE, 2, 48_000)
            .channel_map(2)
            .channel_map(1);
        let packet = message.finish();
        assert_eq!(
            packet[HEADER_LEN + 10..],
            [b'a', 3, 2, 0, 0, 0xbb, 0x80, b'm', 2, 1, 2, b'm', 1, 0]
        );
        let (len, channel) = parse_header(packet[..HEADER_LEN].try_into().unwrap());
        assert_eq!((len, channel), (packet.len() - HEADER_LEN, CONTROL));
    }

    #[test]
    fn replies_errors_and_events_are_told_apart() {
        let reply = [b'L', 0, 0, 0, 2, b'L', 0, 0, 0, 9, b'L', 0, 0, 0, 42];
        let Ok(Answer::Reply { tag: 9, mut rest }) = parse_answer(&reply) else {
            panic!("not a reply: {:?}", parse_answer(&reply));
        };
        assert_eq!(rest.u32(), Ok(42));
        assert_eq!(rest.u32(), Err(Malformed));

        let error = [b'L', 0, 0, 0, 0, b'L', 0, 0, 0, 3, b'L', 0, 0, 0, 5];
        assert_eq!(
            parse_answer(&error),
            Ok(Answer::Error {
                tag: 3,
                code: ERR_NO_ENTITY
            })
        );
        let event = [b'L', 0, 0, 0, 66, b'L', 255, 255, 255, 255];
        assert_eq!(parse_answer(&event), Ok(Answer::Other));
        assert_eq!(parse_answer(&[b'L', 0, 0]), Err(Malformed));
        assert_eq!(parse_answer(&[]), Err(Malformed));
    }
}
