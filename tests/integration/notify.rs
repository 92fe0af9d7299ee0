//! The desktop notification of `stretchy remind`, received on a private D-Bus session bus: a
//! `dbus-daemon` of the test's own, a `dbus-monitor` watching it for the notification call, and
//! the real binary pointed at that bus. Skipped with one line where D-Bus is not installed;
//! under `CI=true` that fails instead (`.ci/run` installs it).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::util::Sandbox;

/// A child process killed when dropped, so a failing test leaves nothing running.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The lines a child prints, as they come, from a thread reading them.
fn lines_of(child: &mut Child) -> Receiver<String> {
    let out = child.stdout.take().expect("stdout piped");
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// Lines from `lines` until one satisfies `done` (all of them, that one included), or `None`
/// after `within`.
fn read_until(
    lines: &Receiver<String>,
    within: Duration,
    done: impl Fn(&str) -> bool,
) -> Option<Vec<String>> {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        let line = lines.recv_timeout(left).ok()?;
        let finished = done(&line);
        seen.push(line);
        if finished {
            return Some(seen);
        }
    }
}

fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// A private session bus: the daemon and its address.
fn private_bus(dir: &Path) -> (Killed, String) {
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address"])
        .arg(format!("--address=unix:path={}", dir.join("bus").display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon starts");
    let lines = lines_of(&mut daemon);
    let daemon = Killed(daemon);
    let address = lines
        .recv_timeout(Duration::from_secs(10))
        .expect("dbus-daemon prints its address");
    (daemon, address)
}

#[test]
fn a_due_break_sends_a_desktop_notification_over_the_session_bus() {
    if !(installed("dbus-daemon") && installed("dbus-monitor")) {
        let why =
            "dbus-daemon or dbus-monitor is not installed (apt-get install dbus-daemon dbus-bin)";
        assert!(
            !std::env::var("CI").is_ok_and(|ci| ci == "true"),
            "the notification test cannot run: {why}"
        );
        let _ = writeln!(std::io::stderr(), "skipped: the notification test: {why}");
        return;
    }
    let sandbox = Sandbox::new();
    let (_daemon, address) = private_bus(sandbox.data().parent().expect("a parent"));

    let mut monitor = Command::new("dbus-monitor")
        .args([
            "--address",
            &address,
            "interface='org.freedesktop.Notifications'",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-monitor starts");
    let monitored = lines_of(&mut monitor);
    let _monitor = Killed(monitor);
    // Once a monitor, it loses its own name: from then on it sees every call.
    read_until(&monitored, Duration::from_secs(10), |l| {
        l.contains("member=NameLost")
    })
    .expect("dbus-monitor became a monitor");

    // Monday 10:30, nothing done yet: a break has been due since 09:50.
    let mut remind = sandbox.std_cmd(&["remind", "--plain"]);
    let remind = remind
        .env(
            "STRETCHY_TEST_NOW",
            "2026-12-07T10:30:00+01:00[Europe/Berlin]",
        )
        .env("DBUS_SESSION_BUS_ADDRESS", &address)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("stretchy starts");
    let _remind = Killed(remind);

    let call = read_until(&monitored, Duration::from_secs(20), |l| {
        l.trim_start().starts_with("int32")
    })
    .expect("the notification reached the bus within 20 s");
    let text = call.join("\n");
    let notify = text.find("member=Notify").expect("a Notify call");
    let args = &text[notify..];
    assert!(args.contains("string \"stretchy\""), "{args}");
    assert!(args.contains("string \"Time for a stretch\""), "{args}");
    assert!(
        args.contains("Micro-break, 2 min. Due since 09:50"),
        "{args}"
    );
}
