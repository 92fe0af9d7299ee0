//! Desktop notifications over the D-Bus session bus, spoken to over its socket rather than
//! through a D-Bus library.
//!
//! stretchy makes one call, `org.freedesktop.Notifications.Notify`, so a few hundred lines do what
//! a general D-Bus crate would: that crate's code (0.7 MB) would sit in the same binary that
//! status bars start every few seconds for `stretchy status`, and push it over its memory budget.
//!
//! The dialogue: connect to the bus's unix socket, authenticate as our uid (`EXTERNAL`), say
//! `Hello`, send `Notify` and wait a little for its answer.

use std::ffi::OsStr;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod wire;

#[cfg(test)]
mod tests;

/// How long the whole dialogue may take. Generous, as the bus may start the notification
/// service for our call; it runs on a thread of its own, so nothing waits for it.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest line the bus may answer the authentication with.
const MAX_AUTH_LINE: u64 = 512;

/// Where the bus listens, by `DBUS_SESSION_BUS_ADDRESS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Address {
    /// `unix:path=`: a socket file.
    Path(PathBuf),
    /// `unix:abstract=`: a name in Linux's abstract socket namespace.
    Abstract(Vec<u8>),
}

/// The first address of `value` (addresses are separated by `;`) that is a unix socket; `None`
/// when there is none (other transports, such as `tcp:`, are not spoken here). Keys other than
/// `path` and `abstract` (the `guid`) are ignored.
pub(super) fn address(value: &OsStr) -> Option<Address> {
    let value = value.to_str()?;
    value.split(';').find_map(|one| {
        let keys = one.strip_prefix("unix:")?;
        keys.split(',')
            .find_map(|pair| match pair.split_once('=')? {
                ("path", path) => Some(Address::Path(PathBuf::from(
                    String::from_utf8(unescape(path)?).ok()?,
                ))),
                ("abstract", name) => Some(Address::Abstract(unescape(name)?)),
                _ => None,
            })
    })
}

/// A value of an address with its `%xx` escapes undone; `None` when one is broken.
fn unescape(value: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(value.len());
    let mut rest = value.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    Some(bytes)
}

/// Sends a notification with `summary` and `body` to the bus at `address`, authenticating as
/// `uid`. True once the notification service has answered that it took it.
pub(super) fn notify(address: &Address, uid: u32, summary: &str, body: &str) -> bool {
    deliver(address, uid, summary, body, ANSWER_TIMEOUT).is_ok()
}

/// The dialogue, given up on after `timeout`.
fn deliver(
    address: &Address,
    uid: u32,
    summary: &str,
    body: &str,
    timeout: Duration,
) -> io::Result<()> {
    let deadline = Instant::now() + timeout;
    let stream = connect(address)?;
    stream.set_write_timeout(Some(timeout))?;
    let mut bus = Bus {
        reader: BufReader::new(&stream),
        stream: &stream,
        deadline,
    };
    bus.authenticate(uid)?;
    bus.call(1, &wire::hello(1))?;
    bus.call(2, &wire::notify(2, summary, body))
}

fn connect(address: &Address) -> io::Result<UnixStream> {
    match address {
        Address::Path(path) => UnixStream::connect(path),
        #[cfg(target_os = "linux")]
        Address::Abstract(name) => {
            use std::os::linux::net::SocketAddrExt;
            let address = std::os::unix::net::SocketAddr::from_abstract_name(name)?;
            UnixStream::connect_addr(&address)
        }
        #[cfg(not(target_os = "linux"))]
        Address::Abstract(_) => Err(io::Error::from(io::ErrorKind::Unsupported)),
    }
}

/// A connection to the bus, with the time by which it must have answered.
struct Bus<'a> {
    reader: BufReader<&'a UnixStream>,
    stream: &'a UnixStream,
    deadline: Instant,
}

impl Bus<'_> {
    /// The bus checks our uid against the socket's peer credentials: we only say which uid
    /// (in hex of its decimal digits). A NUL byte comes first, where credentials could be sent.
    fn authenticate(&mut self, uid: u32) -> io::Result<()> {
        // ASCII digits are the bytes 0x30 to 0x39: in hex, each is "3" and the digit itself.
        let hex: String = uid
            .to_string()
            .chars()
            .flat_map(|digit| ['3', digit])
            .collect();
        self.write(format!("\0AUTH EXTERNAL {hex}\r\n").as_bytes())?;
        let mut line = Vec::new();
        self.arm()?;
        (&mut self.reader)
            .take(MAX_AUTH_LINE)
            .read_until(b'\n', &mut line)?;
        if !(line.starts_with(b"OK ") && line.ends_with(b"\r\n")) {
            return Err(refused("the bus refused the authentication"));
        }
        self.write(b"BEGIN\r\n")
    }

    /// Sends `message` (a call numbered `serial`) and waits for its answer; other messages
    /// (signals such as `NameAcquired`) are read and let go.
    fn call(&mut self, serial: u32, message: &[u8]) -> io::Result<()> {
        self.write(message)?;
        loop {
            let mut fixed = [0; wire::FIXED_LEN];
            self.read(&mut fixed)?;
            let len = wire::message_len(&fixed).ok_or_else(|| refused("a damaged message"))?;
            let mut whole = fixed.to_vec();
            whole.resize(len, 0);
            self.read(&mut whole[wire::FIXED_LEN..])?;
            let received = wire::parse(&whole).ok_or_else(|| refused("a damaged message"))?;
            if received.reply_serial == Some(serial) {
                match received.kind {
                    wire::METHOD_RETURN => return Ok(()),
                    wire::ERROR => return Err(refused("the call was refused")),
                    _ => {}
                }
            }
        }
    }

    fn write(&self, bytes: &[u8]) -> io::Result<()> {
        let mut stream = self.stream;
        stream.write_all(bytes)
    }

    fn read(&mut self, into: &mut [u8]) -> io::Result<()> {
        self.arm()?;
        self.reader.read_exact(into)
    }

    /// Makes the next read give up at the deadline.
    fn arm(&self) -> io::Result<()> {
        let left = self
            .deadline
            .checked_duration_since(Instant::now())
            .filter(|left| !left.is_zero())
            .ok_or_else(|| io::Error::from(io::ErrorKind::TimedOut))?;
        self.stream.set_read_timeout(Some(left))
    }
}

fn refused(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why)
}
