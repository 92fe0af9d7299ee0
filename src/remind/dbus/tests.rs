//! The client against a fake session bus on a real unix socket: the authentication, what it
//! sends, and what it does when the bus says no, hangs up, talks out of turn or says nothing.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixListener;
use std::path::Path;
use std::thread::{self, JoinHandle};

use super::wire::{self, FIXED_LEN};
use super::*;

/// How the fake bus behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    /// Answers everything as a bus with a notification service does.
    Kind,
    /// Answers `AUTH` with `REJECTED` instead of `OK`.
    RejectAuth,
    /// Answers `Notify` with an error, as a bus with no notification service does.
    NoService,
    /// Sends a signal before every answer, and an answer to another serial.
    Chatty,
    /// Never answers `Notify`.
    Silent,
}

/// What the fake bus saw: the authentication line and every message, whole.
#[derive(Debug, Default)]
struct Seen {
    auth: String,
    began: bool,
    messages: Vec<Vec<u8>>,
}

fn start(path: &Path, script: Script) -> JoinHandle<Seen> {
    let listener = UnixListener::bind(path).unwrap();
    thread::spawn(move || {
        let (socket, _) = listener.accept().unwrap();
        serve(&socket, script)
    })
}

fn serve(socket: &UnixStream, script: Script) -> Seen {
    let mut seen = Seen::default();
    let mut reader = BufReader::new(socket);
    let mut out = socket;
    let mut nul = [0];
    reader.read_exact(&mut nul).unwrap();
    assert_eq!(nul, [0], "a NUL byte comes first");
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    seen.auth = line;
    if script == Script::RejectAuth {
        out.write_all(b"REJECTED EXTERNAL\r\n").unwrap();
        return seen;
    }
    out.write_all(b"OK 1234deadbeef1234deadbeef1234dead\r\n")
        .unwrap();
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    seen.began = line == "BEGIN\r\n";
    loop {
        let mut fixed = [0; FIXED_LEN];
        if reader.read_exact(&mut fixed).is_err() {
            return seen; // the client left
        }
        let len = wire::message_len(&fixed).expect("a message the bus can read");
        let mut whole = fixed.to_vec();
        whole.resize(len, 0);
        reader.read_exact(&mut whole[FIXED_LEN..]).unwrap();
        let serial = u32::from_le_bytes(whole[8..12].try_into().unwrap());
        let hello = contains(&whole, b"Hello\0");
        seen.messages.push(whole);
        if script == Script::Chatty {
            out.write_all(&answer(4, None, b"")).unwrap();
            out.write_all(&answer(2, Some(serial + 100), b"")).unwrap();
        }
        // Hello returns our unique name; Notify the notification's id.
        let reply = match script {
            _ if hello => Some(answer(2, Some(serial), b"\x05\0\0\0:1.42\0")),
            Script::Silent => None,
            Script::NoService => Some(answer(3, Some(serial), b"")),
            Script::Kind | Script::RejectAuth | Script::Chatty => {
                Some(answer(2, Some(serial), &7u32.to_le_bytes()))
            }
        };
        if let Some(reply) = reply {
            out.write_all(&reply).unwrap();
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A message from the bus of type `kind`, answering `reply_serial`, carrying `body`.
fn answer(kind: u8, reply_serial: Option<u32>, body: &[u8]) -> Vec<u8> {
    let mut m = vec![b'l', kind, 1, 1];
    m.extend_from_slice(&u32::try_from(body.len()).unwrap().to_le_bytes());
    m.extend_from_slice(&9u32.to_le_bytes());
    m.extend_from_slice(&[0; 4]);
    // SENDER, 's', then (for replies) REPLY_SERIAL, 'u'.
    m.extend_from_slice(b"\x07\x01s\x00\x14\0\0\0org.freedesktop.DBus\0");
    if let Some(serial) = reply_serial {
        m.extend_from_slice(&[0; 3]);
        m.extend_from_slice(b"\x05\x01u\x00");
        m.extend_from_slice(&serial.to_le_bytes());
    }
    let fields = u32::try_from(m.len() - FIXED_LEN).unwrap();
    m[12..16].copy_from_slice(&fields.to_le_bytes());
    while !m.len().is_multiple_of(8) {
        m.push(0);
    }
    m.extend_from_slice(body);
    m
}

fn run(script: Script) -> (bool, Seen) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bus");
    let bus = start(&path, script);
    let delivered = notify(
        &Address::Path(path),
        1000,
        "Time for a stretch",
        "Micro-break",
    );
    (delivered, bus.join().unwrap())
}

#[test]
fn a_notification_is_delivered_after_authenticating_and_saying_hello() {
    let (delivered, seen) = run(Script::Kind);
    assert!(delivered);
    // 1000 as text is "31 30 30 30".
    assert_eq!(seen.auth, "AUTH EXTERNAL 31303030\r\n");
    assert!(seen.began);
    assert_eq!(seen.messages.len(), 2);
    assert_eq!(seen.messages[0], wire::hello(1));
    assert_eq!(
        seen.messages[1],
        wire::notify(2, "Time for a stretch", "Micro-break")
    );
}

#[test]
fn signals_and_answers_to_other_calls_are_let_go() {
    let (delivered, seen) = run(Script::Chatty);
    assert!(delivered);
    assert_eq!(seen.messages.len(), 2);
}

#[test]
fn a_bus_without_a_notification_service_delivers_nothing() {
    let (delivered, seen) = run(Script::NoService);
    assert!(!delivered);
    assert_eq!(seen.messages.len(), 2);
}

#[test]
fn a_refused_authentication_sends_nothing() {
    let (delivered, seen) = run(Script::RejectAuth);
    assert!(!delivered);
    assert!(seen.messages.is_empty());
}

#[test]
fn a_bus_that_never_answers_is_given_up_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bus");
    let bus = start(&path, Script::Silent);
    let answer = deliver(
        &Address::Path(path),
        1000,
        "a",
        "b",
        Duration::from_millis(200),
    );
    // A read that times out says "would block" on unix.
    let kind = answer.unwrap_err().kind();
    assert!(
        matches!(kind, io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut),
        "{kind:?}"
    );
    assert_eq!(bus.join().unwrap().messages.len(), 2);
}

#[test]
fn no_socket_at_the_address_delivers_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let address = Address::Path(dir.path().join("nothing here"));
    assert!(!notify(&address, 1000, "a", "b"));
}

#[cfg(target_os = "linux")]
#[test]
fn an_abstract_socket_is_reached_by_its_name() {
    use std::os::linux::net::SocketAddrExt;
    let name = format!("stretchy-test-{}", std::process::id());
    let listener = UnixListener::bind_addr(
        &std::os::unix::net::SocketAddr::from_abstract_name(&name).unwrap(),
    )
    .unwrap();
    let bus = thread::spawn(move || serve(&listener.accept().unwrap().0, Script::Kind));
    assert!(notify(
        &Address::Abstract(name.into_bytes()),
        1000,
        "a",
        "b"
    ));
    assert_eq!(bus.join().unwrap().messages.len(), 2);
}

#[test]
fn the_bus_address_is_the_first_unix_socket_in_the_variable() {
    let read = |value: &str| address(OsStr::new(value));
    assert_eq!(
        read("unix:path=/run/user/1000/bus"),
        Some(Address::Path("/run/user/1000/bus".into()))
    );
    assert_eq!(
        read("unix:abstract=/tmp/dbus-XyZ,guid=0123456789abcdef"),
        Some(Address::Abstract(b"/tmp/dbus-XyZ".to_vec()))
    );
    assert_eq!(
        read("unix:guid=abc,path=/tmp/my%20bus"),
        Some(Address::Path("/tmp/my bus".into()))
    );
    assert_eq!(
        read("tcp:host=localhost,port=1234;unix:path=/tmp/bus"),
        Some(Address::Path("/tmp/bus".into()))
    );
}

#[test]
fn an_address_without_a_unix_socket_is_none() {
    let read = |value: &str| address(OsStr::new(value));
    assert_eq!(read(""), None);
    assert_eq!(read("tcp:host=localhost,port=1234"), None);
    assert_eq!(read("unix:runtime=yes"), None);
    assert_eq!(read("unix:path=/tmp/broken%2"), None);
    assert_eq!(read("unix:path=/tmp/broken%zz"), None);
}
