//! The bytes of D-Bus messages, for the two calls stretchy makes and the replies to them.
//!
//! A message is a 16-byte fixed header (byte order, type, flags, protocol version, body length,
//! serial, the length of the header fields), the header fields (an array of code and variant),
//! padding to 8 and the body. We write little-endian; replies are read in either byte order.
//! Every value is aligned to its size counted from the start of the message; the body starts on
//! a multiple of 8, so it can be written on its own.

/// Message types (the second header byte).
pub(super) const METHOD_CALL: u8 = 1;
pub(super) const METHOD_RETURN: u8 = 2;
pub(super) const ERROR: u8 = 3;

/// The fixed part of every message's header.
pub(super) const FIXED_LEN: usize = 16;
/// Our replies are a few dozen bytes; anything this large means a broken connection.
pub(super) const MAX_MESSAGE: usize = 1 << 20;

const PROTOCOL_VERSION: u8 = 1;

/// Header field codes.
const PATH: u8 = 1;
const INTERFACE: u8 = 2;
const MEMBER: u8 = 3;
const REPLY_SERIAL: u8 = 5;
const DESTINATION: u8 = 6;
const SIGNATURE: u8 = 8;

/// Values being written, aligned from the start of the buffer.
struct Writer(Vec<u8>);

impl Writer {
    fn align(&mut self, to: usize) {
        while !self.0.len().is_multiple_of(to) {
            self.0.push(0);
        }
    }

    fn byte(&mut self, value: u8) {
        self.0.push(value);
    }

    fn u32(&mut self, value: u32) {
        self.align(4);
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn i32(&mut self, value: i32) {
        self.align(4);
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    /// A string or object path. D-Bus strings hold no NUL, so any in `text` (a routine's title
    /// comes from a file) is left out rather than making the bus drop the connection.
    fn string(&mut self, text: &str) {
        let bytes: Vec<u8> = text.bytes().filter(|&b| b != 0).collect();
        self.u32(len_u32(bytes.len()));
        self.0.extend_from_slice(&bytes);
        self.0.push(0);
    }

    /// A type signature: one byte of length, no alignment. Ours are fixed and short.
    fn signature(&mut self, signature: &str) {
        self.byte(u8::try_from(signature.len()).unwrap_or(u8::MAX));
        self.0.extend_from_slice(signature.as_bytes());
        self.0.push(0);
    }

    /// An empty array whose elements align to `element_alignment`: the length, then the padding
    /// to the first element, which is there even when there is none.
    fn empty_array(&mut self, element_alignment: usize) {
        self.u32(0);
        self.align(element_alignment);
    }

    /// One header field: a struct (aligned to 8) of its code and a variant holding a string
    /// (`s`), an object path (`o`) or a signature (`g`).
    fn field(&mut self, code: u8, kind: u8, value: &str) {
        self.align(8);
        self.0.extend_from_slice(&[code, 1, kind, 0]);
        match kind {
            b'g' => self.signature(value),
            _ => self.string(value),
        }
    }
}

/// A method call to `destination`'s object at `path`; `body` is marshalled from offset 0 to
/// `signature` (empty: no body).
fn method_call(
    serial: u32,
    destination: &str,
    path: &str,
    interface: &str,
    member: &str,
    signature: &str,
    body: &[u8],
) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(256 + body.len()));
    w.0.extend_from_slice(&[b'l', METHOD_CALL, 0, PROTOCOL_VERSION]);
    w.u32(len_u32(body.len()));
    w.u32(serial);
    w.u32(0); // the length of the header fields, filled in below
    w.field(PATH, b'o', path);
    w.field(INTERFACE, b's', interface);
    w.field(MEMBER, b's', member);
    w.field(DESTINATION, b's', destination);
    if !signature.is_empty() {
        w.field(SIGNATURE, b'g', signature);
    }
    let fields_len = len_u32(w.0.len() - FIXED_LEN);
    w.0[12..FIXED_LEN].copy_from_slice(&fields_len.to_le_bytes());
    w.align(8);
    w.0.extend_from_slice(body);
    w.0
}

/// `org.freedesktop.DBus.Hello`: the first call on every connection to a bus.
pub(super) fn hello(serial: u32) -> Vec<u8> {
    method_call(
        serial,
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus",
        "Hello",
        "",
        &[],
    )
}

/// `org.freedesktop.Notifications.Notify` from "stretchy": a new notification (no id to
/// replace), no icon, no actions, no hints, shown for as long as the server likes.
pub(super) fn notify(serial: u32, summary: &str, body: &str) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(64 + summary.len() + body.len()));
    w.string("stretchy"); // app_name
    w.u32(0); // replaces_id
    w.string(""); // app_icon
    w.string(summary);
    w.string(body);
    w.empty_array(4); // actions: as
    w.empty_array(8); // hints: a{sv}, dict entries align to 8
    w.i32(-1); // expire_timeout: the server's default
    method_call(
        serial,
        "org.freedesktop.Notifications",
        "/org/freedesktop/Notifications",
        "org.freedesktop.Notifications",
        "Notify",
        "susssasa{sv}i",
        &w.0,
    )
}

/// The length of the whole message that starts with `fixed`, or `None` when it is not a D-Bus
/// message we can read (unknown byte order or version, or too large).
pub(super) fn message_len(fixed: &[u8; FIXED_LEN]) -> Option<usize> {
    let order = Order::of(fixed[0])?;
    if fixed[3] != PROTOCOL_VERSION {
        return None;
    }
    let body = usize::try_from(order.u32(fixed, 4)?).ok()?;
    let fields = usize::try_from(order.u32(fixed, 12)?).ok()?;
    let len = FIXED_LEN
        .checked_add(fields)?
        .checked_next_multiple_of(8)?
        .checked_add(body)?;
    (len <= MAX_MESSAGE).then_some(len)
}

/// What we need of a message from the bus: its type and the serial of the call it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Received {
    pub kind: u8,
    pub reply_serial: Option<u32>,
}

/// Reads a whole message (as long as [`message_len`] said). Header fields other than the reply
/// serial are skipped; one of a type no header field has ends the reading.
pub(super) fn parse(message: &[u8]) -> Option<Received> {
    let fixed: &[u8; FIXED_LEN] = message.get(..FIXED_LEN)?.try_into().ok()?;
    let order = Order::of(fixed[0])?;
    let fields_end = FIXED_LEN.checked_add(usize::try_from(order.u32(fixed, 12)?).ok()?)?;
    let mut reply_serial = None;
    let mut at = FIXED_LEN;
    while at < fields_end {
        at = at.next_multiple_of(8);
        let code = *message.get(at)?;
        // The variant's signature: one type code.
        let &[1, kind, 0] = message.get(at + 1..at + 4)? else {
            return None;
        };
        at += 4;
        match kind {
            b'u' => {
                at = at.next_multiple_of(4);
                let value = order.u32(message, at)?;
                if code == REPLY_SERIAL {
                    reply_serial = Some(value);
                }
                at += 4;
            }
            b's' | b'o' => {
                at = at.next_multiple_of(4);
                let len = usize::try_from(order.u32(message, at)?).ok()?;
                at = at.saturating_add(4 + 1).saturating_add(len);
            }
            b'g' => at += 1 + usize::from(*message.get(at)?) + 1,
            _ => break,
        }
    }
    Some(Received {
        kind: fixed[1],
        reply_serial,
    })
}

/// The byte order a message says it is in.
#[derive(Clone, Copy)]
enum Order {
    Little,
    Big,
}

impl Order {
    fn of(byte: u8) -> Option<Order> {
        match byte {
            b'l' => Some(Order::Little),
            b'B' => Some(Order::Big),
            _ => None,
        }
    }

    fn u32(self, bytes: &[u8], at: usize) -> Option<u32> {
        let four: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
        Some(match self {
            Order::Little => u32::from_le_bytes(four),
            Order::Big => u32::from_be_bytes(four),
        })
    }
}

/// Lengths on the wire are 32 bits; ours are far below that.
fn len_u32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bytes` as the hex dump tests compare against: 16 bytes a line.
    fn dump(bytes: &[u8]) -> String {
        bytes
            .chunks(16)
            .map(|line| {
                line.iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_notify_call_has_the_exact_bytes_of_the_specification() {
        let message = notify(2, "Hi", "Go");
        let expected = [
            // l, method call, no flags, version 1; body 60 bytes; serial 2; fields 155 bytes
            "6c 01 00 01 3c 00 00 00 02 00 00 00 9b 00 00 00",
            // PATH, 'o', "/org/freedesktop/Notifications" (30 bytes)
            "01 01 6f 00 1e 00 00 00 2f 6f 72 67 2f 66 72 65",
            "65 64 65 73 6b 74 6f 70 2f 4e 6f 74 69 66 69 63",
            "61 74 69 6f 6e 73 00 00",
            // INTERFACE, 's', "org.freedesktop.Notifications" (29 bytes)
            "02 01 73 00 1d 00 00 00",
            "6f 72 67 2e 66 72 65 65 64 65 73 6b 74 6f 70 2e",
            "4e 6f 74 69 66 69 63 61 74 69 6f 6e 73 00 00 00",
            // MEMBER, 's', "Notify"
            "03 01 73 00 06 00 00 00 4e 6f 74 69 66 79 00 00",
            // DESTINATION, 's', "org.freedesktop.Notifications"
            "06 01 73 00 1d 00 00 00",
            "6f 72 67 2e 66 72 65 65 64 65 73 6b 74 6f 70 2e",
            "4e 6f 74 69 66 69 63 61 74 69 6f 6e 73 00 00 00",
            // SIGNATURE, 'g', "susssasa{sv}i"; then padding to 8
            "08 01 67 00 0d 73 75 73 73 73 61 73 61 7b 73 76",
            "7d 69 00 00 00 00 00 00",
            // body: "stretchy", 0, "", "Hi", "Go"
            "08 00 00 00 73 74 72 65 74 63 68 79 00 00 00 00",
            "00 00 00 00 00 00 00 00 00 00 00 00 02 00 00 00",
            "48 69 00 00 02 00 00 00 47 6f 00 00",
            // actions: empty; hints: empty, padded to 8; expire_timeout -1
            "00 00 00 00 00 00 00 00 00 00 00 00 ff ff ff ff",
        ]
        .join(" ")
        .split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect::<Vec<u8>>();
        assert_eq!(dump(&message), dump(&expected));
        assert_eq!(
            message_len(message[..16].try_into().unwrap()),
            Some(message.len())
        );
    }

    #[test]
    fn hello_has_no_body_and_no_signature() {
        let message = hello(1);
        assert_eq!(&message[..12], &[b'l', 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0]);
        assert!(message.len().is_multiple_of(8));
        assert_eq!(
            message_len(message[..16].try_into().unwrap()),
            Some(message.len())
        );
        assert!(!message.windows(5).any(|w| w == b"\x08\x01g\x00\x00"));
        assert_eq!(
            parse(&message),
            Some(Received {
                kind: METHOD_CALL,
                reply_serial: None
            })
        );
    }

    #[test]
    fn a_nul_in_the_text_is_left_out() {
        assert_eq!(notify(2, "A\0B", "x"), notify(2, "AB", "x"));
    }

    /// A reply as the bus writes it: `fields` are (code, type, value) with `u` values as text.
    fn reply(order: u8, kind: u8, fields: &[(u8, u8, &str)], body: &[u8]) -> Vec<u8> {
        let u32 = |v: u32| match order {
            b'l' => v.to_le_bytes(),
            _ => v.to_be_bytes(),
        };
        let mut m = vec![order, kind, 1, 1];
        m.extend_from_slice(&u32(u32::try_from(body.len()).unwrap()));
        m.extend_from_slice(&u32(7));
        m.extend_from_slice(&[0; 4]);
        for &(code, kind, value) in fields {
            while !m.len().is_multiple_of(8) {
                m.push(0);
            }
            m.extend_from_slice(&[code, 1, kind, 0]);
            match kind {
                b'u' => m.extend_from_slice(&u32(value.parse().unwrap())),
                b'g' => {
                    m.push(u8::try_from(value.len()).unwrap());
                    m.extend_from_slice(value.as_bytes());
                    m.push(0);
                }
                _ => {
                    m.extend_from_slice(&u32(u32::try_from(value.len()).unwrap()));
                    m.extend_from_slice(value.as_bytes());
                    m.push(0);
                }
            }
        }
        let fields_len = u32(u32::try_from(m.len() - 16).unwrap());
        m[12..16].copy_from_slice(&fields_len);
        while !m.len().is_multiple_of(8) {
            m.push(0);
        }
        m.extend_from_slice(body);
        m
    }

    #[test]
    fn a_reply_gives_its_type_and_the_serial_it_answers_in_either_byte_order() {
        for order in [b'l', b'B'] {
            let m = reply(
                order,
                METHOD_RETURN,
                &[
                    (7, b's', "org.freedesktop.DBus"),
                    (6, b's', ":1.42"),
                    (5, b'u', "1"),
                    (8, b'g', "s"),
                ],
                b"\x05\0\0\0:1.42\0",
            );
            assert_eq!(message_len(m[..16].try_into().unwrap()), Some(m.len()));
            assert_eq!(
                parse(&m),
                Some(Received {
                    kind: METHOD_RETURN,
                    reply_serial: Some(1)
                })
            );
        }
    }

    #[test]
    fn a_signal_answers_no_call() {
        let m = reply(
            b'l',
            4,
            &[
                (1, b'o', "/org/freedesktop/DBus"),
                (3, b's', "NameAcquired"),
            ],
            &[],
        );
        assert_eq!(parse(&m).unwrap().reply_serial, None);
    }

    #[test]
    fn damaged_or_foreign_messages_are_not_read() {
        let good = reply(b'l', ERROR, &[(5, b'u', "2")], &[]);
        let fixed = |m: &[u8]| -> [u8; 16] { m[..16].try_into().unwrap() };
        let mut other_order = good.clone();
        other_order[0] = b'x';
        assert_eq!(message_len(&fixed(&other_order)), None);
        let mut other_version = good.clone();
        other_version[3] = 2;
        assert_eq!(message_len(&fixed(&other_version)), None);
        let mut huge = good.clone();
        huge[4..8].copy_from_slice(&(64u32 << 20).to_le_bytes());
        assert_eq!(message_len(&fixed(&huge)), None);
        // Header fields that run past the end.
        let mut cut = good.clone();
        cut[12..16].copy_from_slice(&40u32.to_le_bytes());
        assert_eq!(parse(&cut), None);
        assert_eq!(parse(&good[..10]), None);
    }
}
