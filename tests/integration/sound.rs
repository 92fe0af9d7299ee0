//! What the real binary plays, heard through the shared capture harness (a private PulseAudio
//! null sink): every cue of a short routine starts within 150 ms of its planned time, and
//! different cues sound different. Skipped, with a message, where the harness is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::fixture;

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
    let first = heard.events.first().expect("something was heard").onset_s;
    let mut matched = Vec::new();
    for (planned, name) in PLANNED {
        let event = heard
            .events
            .iter()
            .find(|e| (e.onset_s - first - planned).abs() <= 0.150)
            .unwrap_or_else(|| panic!("no {name} cue within 150 ms of {planned} s: {heard:?}"));
        matched.push((name, event.freq_hz));
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
