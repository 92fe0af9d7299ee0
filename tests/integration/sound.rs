//! What the real binary plays, heard through the shared capture harness (a private PulseAudio
//! null sink): every cue of a short routine starts within 150 ms of its planned time, and
//! different cues sound different; and when the sound server dies mid-session, the session goes
//! on in silence, says so once, prints nothing on stderr and does not spin. Skipped, with a
//! message, where the harness is not installed.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::util::{Sandbox, fixture};

/// The harness, when this machine has it: `../shared/tools/audio-capture` beside the repo, and
/// PulseAudio with the ALSA pulse plugin.
fn harness() -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/audio-capture");
    if !dir.join("capture.sh").is_file() {
        return Err(format!("no capture harness at {}", dir.display()));
    }
    for tool in ["pulseaudio", "parec", "python3"] {
        let found = Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {tool}"))
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            return Err(format!("{tool} is not installed"));
        }
    }
    let plugin = Command::new("sh")
        .arg("-c")
        .arg("ls /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so")
        .output()
        .is_ok_and(|o| o.status.success());
    if !plugin {
        return Err("the ALSA pulse plugin (libasound2-plugins) is not installed".to_owned());
    }
    Ok(dir)
}

/// Held by each capture test while it runs: one at a time. The timing test allows 150 ms, and
/// the other starts a second sound server and makes the app spin for a moment on purpose.
static CAPTURE: Mutex<()> = Mutex::new(());

#[derive(Debug, serde::Deserialize)]
struct Onsets {
    events: Vec<Event>,
}

#[derive(Debug, serde::Deserialize)]
struct Event {
    onset_s: f64,
    freq_hz: f64,
}

/// `tiny` at speed 2: the cues the engine plans, in seconds after the first (get ready).
const PLANNED: [(f64, &str); 12] = [
    (0.0, "get ready"),
    (1.0, "hold start"),
    (1.5, "countdown"),
    (2.0, "countdown"),
    (2.5, "switch"),
    (3.5, "hold start"),
    (4.0, "countdown"),
    (4.5, "countdown"),
    (5.0, "hold end"),
    // 5.5, get ready: starts while the hold-end chime still rings, so it is heard as one event.
    (6.5, "hold start"),
    (7.5, "metronome"),
    (8.5, "complete"),
];

#[test]
fn every_cue_is_heard_on_time_and_distinct() {
    let dir = match harness() {
        Ok(dir) => dir,
        Err(why) => {
            eprintln!("skipped: the audio capture test needs the capture harness ({why})");
            return;
        }
    };
    let _one_at_a_time = CAPTURE.lock().unwrap_or_else(PoisonError::into_inner);
    let work = tempfile::tempdir().expect("temp dir");
    let wav = work.path().join("run.wav");
    let status = Command::new(dir.join("capture.sh"))
        .arg("-o")
        .arg(&wav)
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_stretchy"))
        .arg("--config-dir")
        .arg(work.path())
        .arg("--data-dir")
        .arg(work.path())
        .args(["run", fixture("valid/tiny.json").to_str().expect("utf-8")])
        .args(["--speed", "2"])
        .output()
        .expect("run capture.sh");
    assert!(status.status.success(), "{status:?}");
    assert!(
        status.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let onsets = Command::new(dir.join("onsets.py"))
        .arg("--json")
        .arg(&wav)
        .output()
        .expect("run onsets.py");
    let heard: Onsets = serde_json::from_slice(&onsets.stdout).expect("onsets json");
    // One sound per planned cue, in order; then every cue is measured against the median lag, so
    // one late cue cannot shift the others.
    // (The switch cue is two short notes: a sound starting within 200 ms of the one before is
    // part of it.)
    let mut sounds: Vec<&Event> = Vec::new();
    for event in &heard.events {
        if sounds
            .last()
            .is_none_or(|last| event.onset_s - last.onset_s > 0.200)
        {
            sounds.push(event);
        }
    }
    assert_eq!(
        sounds.len(),
        PLANNED.len(),
        "one sound per planned cue: {heard:?}"
    );
    let paired: Vec<(&str, f64, &Event)> = PLANNED
        .iter()
        .zip(sounds)
        .map(|(&(planned, name), event)| (name, planned, event))
        .collect();
    let mut lags: Vec<f64> = paired
        .iter()
        .map(|(_, planned, e)| e.onset_s - planned)
        .collect();
    lags.sort_by(f64::total_cmp);
    let lag = lags[lags.len() / 2];
    let mut matched = Vec::new();
    for (i, (name, planned, event)) in paired.iter().enumerate() {
        let off = event.onset_s - planned - lag;
        // The first cue also waits for the device to open at launch, which takes a few
        // milliseconds, or a few hundred on a loaded machine: it may be late, never early.
        let (early, late) = if i == 0 {
            (0.150, 0.500)
        } else {
            (0.150, 0.150)
        };
        assert!(
            (-early..=late).contains(&off),
            "{name} at {planned} s is {:+.0} ms off: {heard:?}",
            off * 1000.0
        );
        matched.push((*name, event.freq_hz));
    }
    // Cues of different kinds sound different: compare their pitch.
    let pitch = |name: &str| {
        matched
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, hz)| *hz)
            .expect("matched")
    };
    for (a, b) in [
        ("hold start", "countdown"),
        ("hold start", "metronome"),
        ("countdown", "metronome"),
        ("switch", "hold start"),
        ("get ready", "hold start"),
    ] {
        assert!(
            (pitch(a) - pitch(b)).abs() > 50.0,
            "{a} and {b} sound alike: {matched:?}"
        );
    }
}

/// The harness's command: notes its process id (which `exec` makes the app's) and how to reach
/// the private sound server, then becomes the app with stderr in a file of its own. capture.sh's
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
        let mut child = Command::new(harness.join("capture.sh"))
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
            .expect("run capture.sh");
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
        (self.harness.wait().expect("capture.sh ends"), stderr)
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
            .args(["--json", "--raw"])
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
    let dir = match harness() {
        Ok(dir) => dir,
        Err(why) => {
            eprintln!("skipped: the sound-loss test needs the capture harness ({why})");
            return;
        }
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
        .find(|(_, line)| line.starts_with("Routine complete."))
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
