//! What the real binary plays, heard through the capture harness in `tests/harness` (a private
//! sound server with a null sink, recorded): on `PulseAudio` and on `PipeWire`'s pulse server,
//! every cue of a short routine is heard, on time against the plan's spacing, different cues
//! sound different, and `--volume 30` is as much quieter than `--volume 80` on both servers as the
//! app's gain curve says; and when the sound server dies mid-session, the session goes on in
//! silence, says so once, prints nothing on stderr and does not spin.
//!
//! Where the harness cannot run (a server or a tool is missing) these tests skip with a line
//! saying what to install; under `CI=true` they fail with that line instead.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use stretchy::audio::gain;
use stretchy::core::session::planned_cues;
use stretchy::storage::catalog::load_file;
use tempfile::TempDir;

use crate::util::{Sandbox, fixture};

/// The sound servers the harness can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    PulseAudio,
    PipeWire,
}

impl Server {
    fn name(self) -> &'static str {
        match self {
            Server::PulseAudio => "pulseaudio",
            Server::PipeWire => "pipewire",
        }
    }
}

/// The harness's folder, when this machine can run it with `server`; else one line saying what
/// is missing and how to install it.
fn harness(server: Server) -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness");
    if !dir.join("capture").is_file() || !dir.join("onsets.py").is_file() {
        return Err(format!("no capture harness in {}", dir.display()));
    }
    let check = Command::new(dir.join("capture"))
        .args(["--check", "--server", server.name()])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", dir.join("capture").display()))?;
    if check.status.success() {
        Ok(dir)
    } else {
        Err(String::from_utf8_lossy(&check.stderr).trim().to_owned())
    }
}

/// The harness for `server`, or `None` after saying why this test is skipped. Under `CI=true` a
/// harness that cannot run fails the test: CI must not go green because the harness vanished.
fn harness_or_skip(server: Server, test: &str) -> Option<PathBuf> {
    match harness(server) {
        Ok(dir) => Some(dir),
        Err(why) if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("{test} cannot run on {}: {why}", server.name())
        }
        Err(why) => {
            // Straight to stderr: the test harness would swallow eprintln! of a passing test.
            let _ = writeln!(
                std::io::stderr(),
                "skipped: {test} on {}: {why}",
                server.name()
            );
            None
        }
    }
}

/// Held by each capture while it runs: one at a time, so that timing is measured on a machine
/// that is not also running another sound server, and the sound-loss test's server kill and
/// spin do not disturb another recording.
static CAPTURE: Mutex<()> = Mutex::new(());

#[derive(Debug, Clone, serde::Deserialize)]
struct Onsets {
    /// Every sound in the recording (onset, duration, levels, pitch).
    events: Vec<serde_json::Value>,
    #[serde(default)]
    cues: Vec<Heard>,
    #[serde(default)]
    missing: Vec<serde_json::Value>,
    #[serde(default)]
    extra: Vec<serde_json::Value>,
}

/// A planned cue and the sound paired with it.
#[derive(Debug, Clone, serde::Deserialize)]
struct Heard {
    name: String,
    planned_s: f64,
    /// Early (-) or late (+) against the plan's spacing: the onset minus the planned time minus
    /// the run's median lag.
    off_ms: f64,
    rms_dbfs: f64,
    freq_hz: f64,
}

/// The probe routine at this speed: 14 cues of six kinds in 6.7 s, every sound over at least
/// 150 ms before the next one starts.
const PROBE_SPEED: u32 = 3;
/// How far a cue may be from the plan's spacing.
const ON_TIME_MS: f64 = 50.0;
/// The two volumes compared, and how far the measured drop may be from the gain curve's.
const LOUD: u8 = 80;
const QUIET: u8 = 30;
const GAIN_CURVE_TOLERANCE_DB: f64 = 1.0;
/// How far apart the two servers' drops may be.
const SERVERS_TOLERANCE_DB: f64 = 2.0;

/// One run of the probe routine through `server` at `volume`: the cues, paired with the plan.
fn capture_probe(dir: &Path, server: Server, volume: u8) -> Onsets {
    let work = tempfile::tempdir().expect("temp dir");
    let routine = fixture("valid/probe.json");
    let plan = planned_cues(
        &load_file(&routine).expect("probe routine"),
        PROBE_SPEED,
        Instant::now(),
    );
    let plan = plan.iter().fold(String::new(), |mut text, (at, cue)| {
        let _ = writeln!(text, "{:.4} {cue:?}", at.as_secs_f64());
        text
    });
    std::fs::write(work.path().join("plan.txt"), plan).expect("write the plan");
    let wav = work.path().join("run.wav");
    let run = {
        let _one_at_a_time = CAPTURE.lock().unwrap_or_else(PoisonError::into_inner);
        Command::new(dir.join("capture"))
            .args(["--server", server.name(), "-o"])
            .arg(&wav)
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_stretchy"))
            .arg("--config-dir")
            .arg(work.path())
            .arg("--data-dir")
            .arg(work.path())
            .args(["run", routine.to_str().expect("utf-8"), "--plain"])
            .args(["--speed", &PROBE_SPEED.to_string()])
            .args(["--volume", &volume.to_string()])
            .stdin(Stdio::null())
            .output()
            .expect("run the capture harness")
    };
    assert!(run.status.success(), "{}: {run:?}", server.name());
    assert!(
        run.stderr.is_empty(),
        "{}: stderr: {}",
        server.name(),
        String::from_utf8_lossy(&run.stderr)
    );
    let onsets = Command::new(dir.join("onsets.py"))
        .arg("--json")
        .arg("--plan")
        .arg(work.path().join("plan.txt"))
        .arg(&wav)
        .output()
        .expect("run onsets.py");
    assert!(onsets.status.success(), "onsets.py: {onsets:?}");
    serde_json::from_slice(&onsets.stdout).expect("onsets json")
}

/// The probe at both volumes through one server, captured once and shared by the tests.
#[derive(Debug, Clone)]
struct Probe {
    loud: Onsets,
    quiet: Onsets,
}

static PROBES: Mutex<Vec<(Server, Probe)>> = Mutex::new(Vec::new());

fn probe(dir: &Path, server: Server) -> Probe {
    // Held across both captures: a second test asking for the same server waits for these.
    let mut probes = PROBES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, probe)) = probes.iter().find(|(s, _)| *s == server) {
        return probe.clone();
    }
    let probe = Probe {
        loud: capture_probe(dir, server, LOUD),
        quiet: capture_probe(dir, server, QUIET),
    };
    probes.push((server, probe.clone()));
    probe
}

/// Every planned cue heard once, none extra, each within [`ON_TIME_MS`] of the plan's spacing.
fn assert_heard_on_time(server: Server, volume: u8, heard: &Onsets) {
    let what = format!("{} at --volume {volume}", server.name());
    assert!(
        heard.missing.is_empty() && heard.extra.is_empty(),
        "{what}: cues not heard: {:?}; sounds no cue explains: {:?}; heard: {:#?}",
        heard.missing,
        heard.extra,
        heard.cues
    );
    let spread: Vec<String> = heard
        .cues
        .iter()
        .map(|cue| format!("{} {:+.1}", cue.name, cue.off_ms))
        .collect();
    eprintln!(
        "{what}: {} cues heard, ms off the plan: {spread:?}",
        heard.cues.len()
    );
    for cue in &heard.cues {
        assert!(
            cue.off_ms.abs() <= ON_TIME_MS,
            "{what}: {} planned at {:.3} s is {:+.1} ms off the plan: {:#?}",
            cue.name,
            cue.planned_s,
            cue.off_ms,
            heard.cues
        );
    }
}

/// The drop in level from [`LOUD`] to [`QUIET`], in dB: the median over the cues of each cue's
/// RMS difference (the two runs play the same cues in the same order).
fn level_drop(probe: &Probe) -> f64 {
    assert_eq!(probe.loud.cues.len(), probe.quiet.cues.len());
    let mut drops: Vec<f64> = probe
        .loud
        .cues
        .iter()
        .zip(&probe.quiet.cues)
        .map(|(loud, quiet)| loud.rms_dbfs - quiet.rms_dbfs)
        .collect();
    drops.sort_by(f64::total_cmp);
    drops[drops.len() / 2]
}

fn heard_on_time_and_distinct(server: Server) {
    let test = "the cue capture test";
    let Some(dir) = harness_or_skip(server, test) else {
        return;
    };
    let probe = probe(&dir, server);
    assert_heard_on_time(server, LOUD, &probe.loud);
    assert_heard_on_time(server, QUIET, &probe.quiet);
    // Cues of different kinds sound different: compare their pitch.
    let pitch = |name: &str| {
        probe
            .loud
            .cues
            .iter()
            .find(|cue| cue.name == name)
            .map(|cue| cue.freq_hz)
            .expect("a cue of that kind in the probe")
    };
    for (a, b) in [
        ("HoldStart", "Countdown"),
        ("HoldStart", "Metronome"),
        ("Countdown", "Metronome"),
        ("Switch", "HoldStart"),
        ("GetReady", "HoldStart"),
    ] {
        assert!(
            (pitch(a) - pitch(b)).abs() > 50.0,
            "{}: {a} and {b} sound alike: {:#?}",
            server.name(),
            probe.loud.cues
        );
    }
}

#[test]
fn every_cue_is_heard_on_time_and_distinct_through_pulseaudio() {
    heard_on_time_and_distinct(Server::PulseAudio);
}

#[test]
fn every_cue_is_heard_on_time_and_distinct_through_pipewire() {
    heard_on_time_and_distinct(Server::PipeWire);
}

/// `--volume 30` against `--volume 80`: the same drop on both servers, and the one the app's gain
/// curve promises (`PipeWire`'s pulse server ignores a play request's own volume, so the app bakes
/// the gain into its samples).
#[test]
fn the_volume_drops_the_level_alike_on_both_servers() {
    let test = "the volume capture test";
    let Some(pulse_dir) = harness_or_skip(Server::PulseAudio, test) else {
        return;
    };
    let Some(pipewire_dir) = harness_or_skip(Server::PipeWire, test) else {
        return;
    };
    let expected = 20.0 * f64::from(gain(LOUD) / gain(QUIET)).log10();
    let pulse = level_drop(&probe(&pulse_dir, Server::PulseAudio));
    let pipewire = level_drop(&probe(&pipewire_dir, Server::PipeWire));
    eprintln!(
        "level drop from --volume {LOUD} to {QUIET}: pulseaudio {pulse:.2} dB, pipewire \
         {pipewire:.2} dB, gain curve {expected:.2} dB"
    );
    for (server, drop) in [(Server::PulseAudio, pulse), (Server::PipeWire, pipewire)] {
        assert!(
            (drop - expected).abs() <= GAIN_CURVE_TOLERANCE_DB,
            "{}: the level dropped {drop:.2} dB from --volume {LOUD} to {QUIET}; the gain curve \
             says {expected:.2} dB",
            server.name()
        );
    }
    assert!(
        (pulse - pipewire).abs() <= SERVERS_TOLERANCE_DB,
        "the level dropped {pulse:.2} dB on pulseaudio and {pipewire:.2} dB on pipewire"
    );
}

/// The harness's command: notes its process id (which `exec` makes the app's) and how to reach
/// the private sound server, then becomes the app with stderr in a file of its own. The harness's
/// own stderr is no good for that: the recorder complains there when the server goes away.
/// Arguments: info file, stderr file, the app and its arguments.
const WRAPPER: &str = r#"info=$1 err=$2; shift 2
printf '%s\n%s\n%s\n' "$$" "$PULSE_SERVER" "$PULSE_CLIENTCONFIG" > "$info.tmp" && mv "$info.tmp" "$info" &&
exec "$@" 2> "$err""#;

/// The share of one core the app may use once it has taken in that its sound is gone. An idle
/// session costs well under 1 %; cpal's error loop on a dead stream keeps a core busy.
const IDLE_CPU_BOUND: f64 = 0.20;
/// How long that is measured.
const CPU_WINDOW: Duration = Duration::from_secs(2);
/// Only keeps a broken build from hanging the suite; nothing is asserted about it.
const GIVE_UP: Duration = Duration::from_secs(20);

/// One line of the app's standard output and when it arrived.
type Line = (Instant, String);

/// `stretchy run ROUTINE ARGS...` in plain mode (output to a pipe, no keyboard) under the capture
/// harness, with its output read line by line as it comes.
struct Captured {
    harness: Child,
    lines: Receiver<Line>,
    /// Every line read so far.
    seen: Vec<Line>,
    work: TempDir,
}

/// The app as the wrapper described it.
struct App {
    pid: u32,
    pulse_server: String,
    pulse_client_config: String,
}

impl Captured {
    fn start(harness: &Path, sandbox: &Sandbox, args: &[&str]) -> Captured {
        let work = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(harness.join("capture"))
            .arg("-o")
            .arg(work.path().join("run.wav"))
            .args(["--", "sh", "-c", WRAPPER, "sh"])
            .arg(work.path().join("info"))
            .arg(work.path().join("stderr"))
            .arg(env!("CARGO_BIN_EXE_stretchy"))
            .args(args)
            .env("STRETCHY_CONFIG_DIR", sandbox.config())
            .env("STRETCHY_DATA_DIR", sandbox.data())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run the capture harness");
        let stdout = child.stdout.take().expect("stdout");
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        Captured {
            harness: child,
            lines,
            seen: Vec::new(),
            work,
        }
    }

    /// Waits for a line containing `text`; `None` when `bound` passes first or the output ends.
    fn wait_line(&mut self, text: &str, bound: Duration) -> Option<Instant> {
        let give_up = Instant::now() + bound;
        loop {
            let left = give_up.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok((at, line)) => {
                    let found = line.contains(text);
                    self.seen.push((at, line));
                    if found {
                        return Some(at);
                    }
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Who the app is; known once it has printed anything, since the wrapper wrote the file
    /// before becoming the app.
    fn app(&self) -> App {
        let info = std::fs::read_to_string(self.work.path().join("info")).expect("info file");
        let mut info = info.lines().map(str::to_owned);
        App {
            pid: info.next().and_then(|p| p.parse().ok()).expect("pid"),
            pulse_server: info.next().expect("PULSE_SERVER"),
            pulse_client_config: info.next().expect("PULSE_CLIENTCONFIG"),
        }
    }

    /// Reads the rest of the output and waits for the harness to end; kills the app if it does
    /// not end within [`GIVE_UP`]. Returns the harness's exit status and its own stderr.
    fn finish(&mut self, app: &App) -> (ExitStatus, String) {
        loop {
            match self.lines.recv_timeout(GIVE_UP) {
                Ok(line) => self.seen.push(line),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    let _ = Command::new("kill")
                        .args(["-KILL", &app.pid.to_string()])
                        .status();
                    let _ = self.harness.wait();
                    panic!("the session did not end: {:#?}", self.printed());
                }
            }
        }
        // Its stderr first: a full pipe would keep it from ending.
        let mut stderr = String::new();
        if let Some(mut pipe) = self.harness.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        (
            self.harness.wait().expect("the capture harness ends"),
            stderr,
        )
    }

    fn printed(&self) -> Vec<&str> {
        self.seen.iter().map(|(_, line)| line.as_str()).collect()
    }

    /// What the app wrote to stderr.
    fn app_stderr(&self) -> Vec<u8> {
        std::fs::read(self.work.path().join("stderr")).expect("the app's stderr file")
    }

    /// The beeps in the recording, which ends when the sound server does.
    fn heard(&self, harness: &Path) -> Onsets {
        let onsets = Command::new(harness.join("onsets.py"))
            .arg("--json")
            .arg(self.work.path().join("run.wav"))
            .output()
            .expect("run onsets.py");
        serde_json::from_slice(&onsets.stdout).expect("onsets json")
    }
}

/// Asks the app's sound server to quit, as when a desktop's sound server crashes or restarts.
fn kill_sound_server(app: &App) {
    let exit = Command::new("pactl")
        .arg("exit")
        .env("PULSE_SERVER", &app.pulse_server)
        .env("PULSE_CLIENTCONFIG", &app.pulse_client_config)
        .output()
        .expect("run pactl");
    assert!(exit.status.success(), "pactl exit: {exit:?}");
}

/// CPU time used so far by process `pid`, all its threads (those that ended too), from
/// `/proc/PID/stat` (utime + stime, in clock ticks).
fn cpu_time(pid: u32, ticks_per_sec: u64) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces: the state
    // (field 3) comes first, utime is field 14 and stime field 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_nanos(
        ticks.checked_mul(1_000_000_000)? / ticks_per_sec,
    ))
}

/// The kernel's clock ticks per second (`getconf CLK_TCK`), nearly always 100.
fn ticks_per_sec() -> u64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|t| t.trim().parse().ok())
        .filter(|&t| t > 0)
        .unwrap_or(100)
}

/// The outcome in the log's one `end` record.
fn logged_outcome(sandbox: &Sandbox) -> serde_json::Value {
    let log = std::fs::read_to_string(sandbox.data().join("log.jsonl")).expect("log");
    let ends: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .filter(|v: &serde_json::Value| v["type"] == "end")
        .collect();
    assert_eq!(ends.len(), 1, "{log}");
    ends[0]["outcome"].clone()
}

/// The sound server dies (`pactl exit`) once the first cue has sounded, with cues due every
/// second or so after it. Whether the output happens to be open at that moment (the stream
/// fails, and cpal loops on errors until the stream is dropped) or closed (the next open fails),
/// the session must go on in silence to its end, say once that sound stopped, print nothing on
/// stderr, and not keep a core busy.
#[test]
fn losing_the_sound_server_mid_session_is_told_once_quietly_and_without_spinning() {
    let Some(dir) = harness_or_skip(Server::PulseAudio, "the sound-loss test") else {
        return;
    };
    let _one_at_a_time = CAPTURE.lock().unwrap_or_else(PoisonError::into_inner);
    let sandbox = Sandbox::new();
    let routine = fixture("valid/short-holds.json");
    // 26 s of routine at speed 3: about 8.7 s.
    let mut run = Captured::start(
        &dir,
        &sandbox,
        &["run", routine.to_str().expect("utf-8"), "--speed", "3"],
    );

    // The first hold begins a second of routine time after the get-ready cue: sound works (the
    // recording shows it, below), and more cues are due.
    let began = run.wait_line("Hold 4 s", GIVE_UP);
    assert!(began.is_some(), "no first hold: {:#?}", run.printed());
    let app = run.app();
    // Cues reach the server over its socket: libpulse (3.7 MiB resident with its dependencies)
    // is never loaded.
    let maps = std::fs::read_to_string(format!("/proc/{}/maps", app.pid)).expect("the app runs");
    assert!(
        !maps.contains("libpulse"),
        "libpulse is loaded: the cues went through ALSA's pulse plugin"
    );
    let ticks = ticks_per_sec();
    let cpu_at_kill = cpu_time(app.pid, ticks).expect("the app runs");
    kill_sound_server(&app);
    let killed = Instant::now();

    // The app finds out (at once when the output was closed, after half a second of stream
    // errors when it was open) and says so at its next wake. From then on it must be idle.
    let told = run.wait_line("Sound stopped", Duration::from_secs(5));
    let cpu_at_notice = cpu_time(app.pid, ticks).expect("the app runs after the server died");
    let window_start = Instant::now();
    std::thread::sleep(CPU_WINDOW);
    let cpu_after = cpu_time(app.pid, ticks).expect("the app runs through the CPU window");
    let window_end = Instant::now();
    let window = window_end - window_start;

    let (status, harness_stderr) = run.finish(&app);
    let spent = cpu_after.saturating_sub(cpu_at_notice);
    let share = spent.as_secs_f64() / window.as_secs_f64();
    eprintln!(
        "sound loss: told {:?} after the kill; {:?} of CPU from the kill to the notice, then \
         {spent:?} in {window:?} ({:.1} % of a core)",
        told.map(|t| t - killed),
        cpu_at_notice.saturating_sub(cpu_at_kill),
        share * 100.0
    );
    let printed = run.printed();

    // The session went on to its end.
    assert!(status.success(), "{status:?}; harness: {harness_stderr}");
    assert_eq!(logged_outcome(&sandbox), "completed");
    let complete = run
        .seen
        .iter()
        .find(|(_, line)| line.starts_with("Session done:"))
        .map(|(at, _)| *at);
    assert!(complete.is_some(), "no end line: {printed:#?}");
    assert!(
        complete > Some(window_end),
        "the session ended before its CPU was measured: lengthen the routine"
    );

    // Told once, and nothing else about sound.
    let about_sound: Vec<&str> = printed
        .iter()
        .copied()
        .filter(|line| line.to_lowercase().contains("sound"))
        .collect();
    assert_eq!(about_sound.len(), 1, "{printed:#?}");
    assert!(about_sound[0].starts_with("Sound stopped"), "{printed:#?}");

    // Not a byte on stderr: no alsa-lib, cpal, rodio or PulseAudio message, nor anything else.
    let app_stderr = run.app_stderr();
    assert!(
        app_stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&app_stderr)
    );

    // Idle once the loss was taken in.
    assert!(
        share < IDLE_CPU_BOUND,
        "{spent:?} of CPU in {window:?} after sound was lost"
    );

    // And there was sound before: the get-ready cue is in the recording.
    let heard = run.heard(&dir);
    assert!(!heard.events.is_empty(), "nothing heard before: {heard:?}");
}
