//! The real binary in a pseudo-terminal, as a person runs it: full screen, keys, the end of a
//! routine, and the terminal given back as it was.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

use crate::util::{fixture, mark_safety_read};

/// Everything the program wrote so far, gathered from a reader thread, and the screen it draws
/// (ratatui moves the cursor between words, so only an emulated screen reads like the real one).
struct Screen {
    output: Vec<u8>,
    parser: vt100::Parser,
    chunks: Receiver<Vec<u8>>,
}

impl Screen {
    /// Waits until the screen shows `text` (or, with `raw`, the bytes contain it). The bound only
    /// stops a broken build from hanging the suite; nothing is asserted about how long it took.
    fn wait(&mut self, text: &str, raw: bool) -> bool {
        let give_up = Instant::now() + Duration::from_secs(30);
        loop {
            let seen = if raw {
                String::from_utf8_lossy(&self.output).contains(text)
            } else {
                self.parser.screen().contents().contains(text)
            };
            if seen {
                return true;
            }
            let left = give_up.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => {
                    self.parser.process(&chunk);
                    self.output.extend(chunk);
                }
                Err(_) => return false,
            }
        }
    }

    /// Takes in what the program wrote, waiting up to 20 ms for it (or the same time when it has
    /// closed the terminal, so a caller polling something else does not spin).
    fn pump(&mut self) {
        match self.chunks.recv_timeout(Duration::from_millis(20)) {
            Ok(chunk) => {
                self.parser.process(&chunk);
                self.output.extend(chunk);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => std::thread::sleep(Duration::from_millis(20)),
        }
    }

    fn wait_for(&mut self, text: &str) -> bool {
        self.wait(text, false)
    }

    fn text(&self) -> String {
        self.parser.screen().contents()
    }

    fn raw(&self) -> String {
        String::from_utf8_lossy(&self.output).into_owned()
    }
}

/// The keyboard of the pty, shared by the test (keys) and the reader thread (answers).
#[derive(Clone)]
struct Keyboard(Arc<Mutex<Box<dyn Write + Send>>>);

impl Write for Keyboard {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("keyboard").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().expect("keyboard").flush()
    }
}

/// "Where is the cursor?" (DSR). ratatui asks it when it clears the screen (after Ctrl-Z, to
/// draw everything again) and waits up to 2 s for the answer, as a real terminal gives at once.
const CURSOR_QUERY: &[u8] = b"\x1b[6n";

/// Answers each cursor query in `bytes` as a terminal would. Where the cursor is does not
/// matter to a full-screen app (it draws over every cell), so the answer is always the top left.
fn answer_cursor_queries(bytes: &[u8], keys: &Keyboard) {
    for _ in bytes
        .windows(CURSOR_QUERY.len())
        .filter(|w| *w == CURSOR_QUERY)
    {
        let _ = keys.clone().write_all(b"\x1b[1;1R");
    }
}

/// Pieces of the key line of a session: as wide terminals show it, and as those narrower than 60
/// columns do.
const WIDE_KEYS: &str = "? help · q quit";
const NARROW_KEYS: &str = "p pain · ? help · q";

/// The real binary running in an 80x24 pty, with its screen and a keyboard.
struct Running {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    screen: Screen,
    keys: Keyboard,
    /// The terminal's side of the pty: its modes (raw or not) and its foreground process group.
    master: Box<dyn MasterPty + Send>,
    /// Config and data folder of this run.
    dir: tempfile::TempDir,
}

impl Running {
    /// The tiny routine, silent, as a job of a shell with job control (see
    /// `ctrl_z_restores_the_terminal_and_fg_repaints`), once its first frame is drawn.
    fn tiny_session_in_job_shell() -> Running {
        let tiny = fixture("valid/tiny.json");
        let mut run = Running::launch(
            &["sh", "-c", JOB_SHELL, "sh"],
            &["run", tiny.to_str().expect("utf-8"), "--sound", "off"],
            &[],
        );
        assert!(
            run.wait_until(Running::session_drawn),
            "first frame:\n{}",
            run.screen.text()
        );
        run
    }

    /// Presses Ctrl-Z and waits until the program, the terminal's foreground job, is stopped.
    /// Returns its pid.
    fn stop_with_ctrl_z(&mut self) -> u32 {
        let leader = self.master.process_group_leader().expect("foreground job");
        let pid = u32::try_from(leader).expect("pid");
        self.press("\u{1a}");
        assert!(
            self.wait_until(|_| process_state(pid) == 'T'),
            "never stopped: state {}",
            process_state(pid)
        );
        pid
    }

    fn start(args: &[&str]) -> Running {
        Running::launch(&[], args, &[])
    }

    /// `stretchy ARGS`, run by the `wrapper` command line when there is one (the binary's path and
    /// `args` follow it), with these extra environment variables.
    fn launch(wrapper: &[&str], args: &[&str], env: &[(&str, &str)]) -> Running {
        Running::launch_in(wrapper, args, env, false)
    }

    /// `stretchy ARGS` for someone who never ran it: nothing in the data folder, so the safety
    /// text comes before the first session.
    fn first_run(args: &[&str], cols: u16, rows: u16) -> Running {
        let mut run = Running::launch_in(&[], args, &[], true);
        run.resize(cols, rows);
        run
    }

    /// [`Running::launch`], in a data folder where the safety text was read unless `first_run`.
    fn launch_in(
        wrapper: &[&str],
        args: &[&str],
        env: &[(&str, &str)],
        first_run: bool,
    ) -> Running {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let dir = tempfile::tempdir().expect("temp dir");
        if !first_run {
            mark_safety_read(dir.path());
        }
        let binary = env!("CARGO_BIN_EXE_stretchy");
        let mut cmd = match wrapper.split_first() {
            Some((program, wrapper_args)) => {
                let mut cmd = CommandBuilder::new(program);
                cmd.args(wrapper_args);
                cmd.arg(binary);
                cmd
            }
            None => CommandBuilder::new(binary),
        };
        cmd.args(args);
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.env("STRETCHY_CONFIG_DIR", dir.path());
        cmd.env("STRETCHY_DATA_DIR", dir.path());
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).expect("spawn stretchy");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let keys = Keyboard(Arc::new(Mutex::new(
            pty.master.take_writer().expect("writer"),
        )));
        let answer = keys.clone();
        let (send, chunks) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // The end of the previous chunk, in case a query is split between two.
            let mut tail = Vec::new();
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                tail.extend_from_slice(&buf[..n]);
                answer_cursor_queries(&tail, &answer);
                tail.drain(..tail.len().saturating_sub(CURSOR_QUERY.len() - 1));
                if send.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let screen = Screen {
            output: Vec::new(),
            parser: vt100::Parser::new(
                NonZeroU16::new(24).expect("rows"),
                NonZeroU16::new(80).expect("cols"),
                0,
            ),
            chunks,
        };
        Running {
            child,
            screen,
            keys,
            master: pty.master,
            dir,
        }
    }

    /// Resizes the window, as dragging its corner does: the pty (whose foreground process group
    /// the kernel then signals) and the emulated screen.
    fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
        self.screen.parser.set_size(
            NonZeroU16::new(rows).expect("rows"),
            NonZeroU16::new(cols).expect("cols"),
        );
    }

    fn press(&mut self, keys: &str) {
        self.keys.write_all(keys.as_bytes()).expect("key");
    }

    /// Waits (bounded, like [`Screen::wait`]) until `done` holds, reading the program's output
    /// meanwhile.
    fn wait_until(&mut self, mut done: impl FnMut(&Running) -> bool) -> bool {
        let give_up = Instant::now() + Duration::from_secs(30);
        while Instant::now() < give_up {
            if done(self) {
                return true;
            }
            self.screen.pump();
        }
        done(self)
    }

    /// The terminal's local modes that raw mode turns off: line editing and echo. The names come
    /// from the flags themselves, so the test needs no termios crate of its own.
    fn line_modes(&self) -> Vec<&'static str> {
        let termios = self.master.get_termios().expect("the pty's modes");
        termios
            .local_flags
            .iter_names()
            .map(|(name, _)| name)
            .filter(|name| ["ICANON", "ECHO"].contains(name))
            .collect()
    }

    /// Line editing and echo are on: raw mode is off.
    fn cooked(&self) -> bool {
        self.line_modes().len() == 2
    }

    /// The terminal as a shell expects it: the main screen (not the alternate one), the cursor
    /// shown, raw mode off.
    fn restored(&self) -> bool {
        let screen = self.screen.parser.screen();
        !screen.alternate_screen() && !screen.hide_cursor() && self.cooked()
    }

    /// With the "End this session now?" question asked: answers yes, closes the summary, and
    /// checks the program exits 0 with the terminal restored.
    fn confirm_end_and_close(&mut self, when: &str) {
        assert!(
            self.screen.wait_for("End this session now?"),
            "{}",
            self.screen.text()
        );
        self.press("y");
        assert!(
            self.screen.wait_for("Ended early:"),
            "{}",
            self.screen.text()
        );
        self.press("\r");
        let status = self.child.wait().expect("exits");
        assert!(status.success(), "exit status {status:?}");
        self.assert_restored(when);
    }

    /// Waits until the terminal is restored, and says what is still wrong if it never is.
    fn assert_restored(&mut self, when: &str) {
        if !self.wait_until(Running::restored) {
            let screen = self.screen.parser.screen();
            panic!(
                "{when}: terminal not restored: alternate screen {}, cursor hidden {}, \
                 line modes {:?} (ICANON and ECHO expected); screen:\n{}",
                screen.alternate_screen(),
                screen.hide_cursor(),
                self.line_modes(),
                self.screen.text()
            );
        }
    }

    /// The session screen is all there, raw mode on: the routine's title, the big countdown, the
    /// time left and the key line. After a repaint this shows the whole screen was drawn again,
    /// not only the cells that changed.
    fn session_drawn(&self) -> bool {
        self.session_drawn_with(WIDE_KEYS)
    }

    /// [`Running::session_drawn`], with this piece of the key line, which differs between wide
    /// and narrow terminals.
    fn session_drawn_with(&self, keys: &str) -> bool {
        let screen = self.screen.parser.screen();
        let text = screen.contents();
        screen.alternate_screen()
            && !self.cooked()
            && text.starts_with("Tiny")
            && text.contains('█')
            && text.contains("left in the routine")
            && text.contains(keys)
    }

    /// Each pain line of the log: "hug: 6, lower back, sharp, skip (suggested skip)".
    fn pain_answers(&self) -> Vec<String> {
        let log = std::fs::read_to_string(self.dir.path().join("log.jsonl")).expect("log");
        log.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .filter(|v: &serde_json::Value| v["type"] == "pain")
            .map(|p| {
                let field = |name: &str| p[name].to_string().replace('"', "");
                format!(
                    "{}: {}, {}, {}, {} (suggested {})",
                    field("exercise"),
                    field("severity"),
                    field("where"),
                    field("feels"),
                    field("action"),
                    field("suggested")
                )
            })
            .collect()
    }

    /// The last record of the session log, which must all parse.
    fn last_log_record(&self) -> serde_json::Value {
        let log = std::fs::read_to_string(self.dir.path().join("log.jsonl")).expect("log");
        let mut records: Vec<serde_json::Value> = log
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        records.pop().unwrap_or_else(|| panic!("an empty log"))
    }
}

/// The state letter of process `pid` (`R`, `S`, `T` for stopped...), from `/proc/PID/stat`.
fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    // "PID (comm) STATE ...": the command name may hold spaces and parentheses; the state follows
    // the last ')'.
    let (_, rest) = stat.rsplit_once(") ").expect("stat format");
    rest.chars().next().expect("state")
}

/// `stretchy run tiny.json --speed 2` in an 80x24 pty: pause during the first get-ready (it lasts
/// 1 s), skip the first exercise while paused, resume, let it finish, close the summary with
/// Enter, and find the terminal restored.
#[test]
fn real_binary_runs_a_routine_and_restores_the_terminal() {
    let tiny = fixture("valid/tiny.json");
    let Running {
        mut child,
        mut screen,
        mut keys,
        master: _master,
        dir: _dir,
    } = Running::start(&["run", tiny.to_str().expect("utf-8"), "--speed", "2"]);

    assert!(
        screen.wait_for("GET READY"),
        "first frame:\n{}",
        screen.text()
    );
    keys.write_all(b" ").expect("pause");
    assert!(screen.wait_for("PAUSED"), "paused:\n{}", screen.text());
    keys.write_all(b"n").expect("skip while paused");
    assert!(screen.wait_for("Knee rocks"), "skipped:\n{}", screen.text());
    keys.write_all(b" ").expect("resume");
    assert!(
        screen.wait_for("Session done"),
        "summary:\n{}",
        screen.text()
    );
    assert!(
        screen.text().contains("Knee hug (skipped)"),
        "{}",
        screen.text()
    );
    keys.write_all(b"\r").expect("close the summary");
    let status = child.wait().expect("stretchy exits");
    assert!(status.success(), "exit status {status:?}");
    // Leaving the alternate screen and showing the cursor again: the terminal is given back.
    assert!(
        screen.wait("\u{1b}[?1049l", true),
        "left the alternate screen"
    );
    assert!(screen.wait("\u{1b}[?25h", true), "cursor shown again");
    assert!(
        screen.raw().contains("\u{1b}[?1049h"),
        "entered the alternate screen"
    );
    // Whatever the audio stack says about a missing device never reaches the terminal.
    for noise in [
        "ALSA lib",
        "audio stream error",
        "Dropping DeviceSink",
        "jack server",
    ] {
        assert!(
            !screen.raw().contains(noise),
            "{noise:?} reached the terminal"
        );
    }
}

/// Pressing `p` mid-hold opens the pain questions over the frozen session; answering "end"
/// stops the session for pain, and the log holds one pain line with every answer.
#[test]
fn pain_key_in_the_real_binary_asks_then_ends_and_logs() {
    let tiny = fixture("valid/tiny.json");
    let mut run = Running::start(&["run", tiny.to_str().expect("utf-8"), "--sound", "off"]);
    for (wait, key) in [
        ("HOLD", "p"),
        ("How bad is it", "6"),
        ("Where does it hurt?", "1"),
        ("What does it feel like?", "2"),
        ("What now?", "4"),
    ] {
        assert!(
            run.screen.wait_for(wait),
            "waiting for {wait:?}:\n{}",
            run.screen.text()
        );
        run.press(key);
    }
    assert!(
        run.screen.wait_for("Ended because something hurt"),
        "{}",
        run.screen.text()
    );
    run.press("\r");
    assert!(run.child.wait().expect("exit").success());

    let log = std::fs::read_to_string(run.dir.path().join("log.jsonl")).expect("log");
    let pains: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .filter(|v: &serde_json::Value| v["type"] == "pain")
        .collect();
    assert_eq!(pains.len(), 1, "{log}");
    let pain = &pains[0];
    assert_eq!(
        (
            &pain["exercise"],
            &pain["side"],
            &pain["severity"],
            &pain["where"],
            &pain["feels"],
            &pain["action"]
        ),
        (
            &"hug".into(),
            &"left".into(),
            &6.into(),
            &"lower back".into(),
            &"sharp".into(),
            &"end".into()
        )
    );
    assert!(log.contains(r#""outcome":"stopped_for_pain""#), "{log}");
}

/// `--plain` in a terminal, as with a screen reader: `p` mid-hold asks the pain questions as
/// numbered lines, one key each. Sharp pain: Enter takes the preselected "skip". Then, in the
/// next exercise, pain shooting down the leg: the rule table's advice is printed, Enter takes
/// "end", and the log holds both reports with every answer.
#[test]
fn plain_mode_asks_the_pain_questions_and_logs_the_answers() {
    let tiny = fixture("valid/tiny.json");
    let mut run = Running::start(&[
        "run",
        tiny.to_str().expect("utf-8"),
        "--plain",
        "--sound",
        "off",
    ]);
    // Each wait looks only at what was printed after the previous key.
    let mut from = 0;
    let mut step = |run: &mut Running, wait: &str, key: &str| {
        let seen = run
            .wait_until(|run| String::from_utf8_lossy(&run.screen.output[from..]).contains(wait));
        assert!(seen, "waiting for {wait:?}:\n{}", run.screen.raw());
        from = run.screen.output.len();
        run.press(key);
    };
    for (wait, key) in [
        ("Hold 3 s - Knee hug (left)", "p"),
        ("Question 1 of 4", "6"),
        ("Question 2 of 4", "1"),
        ("Question 3 of 4", "2"),
        ("3 skip this exercise (preselected, Enter takes it)", "\r"),
        ("Reps 4 s - Knee rocks", "p"),
        ("Question 1 of 4", "3"),
        ("Question 2 of 4", "3"),
        ("Question 3 of 4", "5"),
        ("4 end the session (preselected, Enter takes it)", "\r"),
    ] {
        step(&mut run, wait, key);
    }
    let status = run.child.wait().expect("exits");
    assert!(status.success(), "exit status {status:?}");
    run.assert_restored("after plain mode");
    let table = stretchy::core::pain::guidance(stretchy::core::pain::Report {
        severity: 3,
        place: stretchy::core::pain::Place::Leg,
        feel: stretchy::core::pain::Feel::ShootingDownLeg,
        earlier: 0,
        stage: stretchy::core::pain::Stage::Exercise,
    });
    // The session's last words: the table's for the report, after the ending.
    let ended = "Ended because something hurt:";
    let said_all = run.wait_until(|run| {
        let output = run.screen.raw();
        output
            .split_once(ended)
            .is_some_and(|(_, after)| table.ended.iter().all(|line| after.contains(line.as_str())))
    });
    assert!(said_all, "{}", run.screen.raw());
    let output = run.screen.raw();
    for line in [&table.why]
        .into_iter()
        .chain(&table.advice)
        .chain(&table.ended)
    {
        assert!(output.contains(line.as_str()), "{line:?} in:\n{output}");
    }
    assert!(
        output.contains("Ended because something hurt: 0 of 2 exercises done"),
        "{output}"
    );

    assert_eq!(
        run.pain_answers(),
        [
            "hug: 6, lower back, sharp, skip (suggested skip)",
            "rock: 3, leg, shooting down the leg, end (suggested end)",
        ]
    );
    let last = run.last_log_record();
    assert_eq!(
        (&last["type"], &last["outcome"]),
        (&"end".into(), &"stopped_for_pain".into())
    );
}

/// `kill -TERM` during a session: the terminal is handed back (the alternate screen left, the
/// cursor shown) before the program exits.
#[test]
fn sigterm_restores_the_terminal() {
    let tiny = fixture("valid/tiny.json");
    let mut run = Running::start(&["run", tiny.to_str().expect("utf-8"), "--sound", "off"]);
    assert!(run.screen.wait_for("GET READY"), "{}", run.screen.text());
    let pid = run.child.process_id().expect("pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    run.child.wait().expect("exits");
    assert!(
        run.screen.wait("\u{1b}[?1049l", true),
        "left the alternate screen"
    );
    assert!(run.screen.wait("\u{1b}[?25h", true), "cursor shown again");
    run.assert_restored("after SIGTERM");
}

/// Ctrl-C during a session: raw mode makes it a key (not SIGINT), which asks first like `q`; `y`
/// ends the session, Enter closes its summary, and the program exits 0 with the terminal
/// restored and the log's last record saying the session was stopped.
#[test]
fn ctrl_c_asks_then_ends_the_session_and_restores_the_terminal() {
    let tiny = fixture("valid/tiny.json");
    let mut run = Running::start(&["run", tiny.to_str().expect("utf-8"), "--sound", "off"]);
    assert!(run.screen.wait_for("GET READY"), "{}", run.screen.text());
    assert!(!run.cooked(), "raw mode during the session");
    run.press("\u{3}");
    run.confirm_end_and_close("after Ctrl-C");
    let last = run.last_log_record();
    assert_eq!(
        (&last["type"], &last["outcome"]),
        (&"end".into(), &"stopped".into())
    );
}

/// Runs the program as a job of a shell with job control, which brings it back with `fg` when the
/// test types a line. See `ctrl_z_restores_the_terminal_and_fg_repaints`.
const JOB_SHELL: &str = r#"set -m; "$@"; read -r _; fg"#;

/// Ctrl-Z then `fg`, as from a shell with job control: the terminal is given back while the
/// program is stopped, and after `fg` the whole session screen is drawn again.
///
/// portable-pty makes the program a session leader, so its process group is orphaned (no parent in
/// the same session) and the kernel discards SIGTSTP: the program would never stop (see
/// `ctrl_z_without_job_control_carries_on`). So the binary runs under `sh -c 'set -m; ...'`: a
/// shell with job control puts it in a process group of its own, in the foreground of the
/// terminal, and that group is not orphaned, so SIGTSTP stops it. When the job stops, the shell
/// takes the terminal back, so a bare `kill -CONT` would leave the program in the background (it
/// would stop again on SIGTTOU when it takes raw mode back); the shell's own `fg` gives it the
/// terminal and sends SIGCONT, run here when the test types a line.
#[test]
fn ctrl_z_restores_the_terminal_and_fg_repaints() {
    let mut run = Running::tiny_session_in_job_shell();
    let pid = run.stop_with_ctrl_z();
    let shell = run.child.process_id().expect("shell pid");
    assert_ne!(pid, shell, "the program has its own group");
    run.assert_restored("while suspended");

    run.press("\n");
    assert!(
        run.wait_until(Running::session_drawn),
        "after fg, not all drawn again:\n{}",
        run.screen.text()
    );
    // A suspend the person chose is a pause: the session waits for them, and space goes on.
    assert!(
        run.screen.wait_for(PAUSED),
        "after fg, not paused:\n{}",
        run.screen.text()
    );
    run.press(" ");
    assert!(
        run.wait_until(|run| !run.screen.parser.screen().contents().contains(PAUSED)),
        "space did not go on:\n{}",
        run.screen.text()
    );
    run.press("q");
    run.confirm_end_and_close("after the session");
}

/// The banner of a session paused by the person (space, or Ctrl-Z).
const PAUSED: &str = "PAUSED · space to go on";

/// Making the window narrower mid-session: the program takes the new size when told and draws the
/// layout made for it (the short key line), not the old one cut off.
#[test]
fn resizing_the_window_draws_for_the_new_size() {
    let tiny = fixture("valid/tiny.json");
    let mut run = Running::start(&["run", tiny.to_str().expect("utf-8"), "--sound", "off"]);
    assert!(
        run.wait_until(Running::session_drawn),
        "first frame:\n{}",
        run.screen.text()
    );
    run.resize(50, 20);
    assert!(
        run.wait_until(|run| run.session_drawn_with(NARROW_KEYS)),
        "after the resize:\n{}",
        run.screen.text()
    );
    run.press("q");
    run.confirm_end_and_close("after a resize");
}

/// A window resized while the program is stopped (Ctrl-Z): the resize is told to the shell, which
/// has the terminal then, so after `fg` the program must find the new size itself. See
/// `ctrl_z_restores_the_terminal_and_fg_repaints` for the job shell.
#[test]
fn a_resize_while_stopped_is_drawn_after_fg() {
    let mut run = Running::tiny_session_in_job_shell();
    run.stop_with_ctrl_z();
    run.resize(50, 20);
    run.press("\n");
    assert!(
        run.wait_until(|run| run.session_drawn_with(NARROW_KEYS)),
        "after fg:\n{}",
        run.screen.text()
    );
    run.press("q");
    run.confirm_end_and_close("after the session");
}

/// Ctrl-Z where the kernel discards SIGTSTP (no job control: portable-pty's child leads an orphaned
/// process group): the program gives the terminal back, is not stopped, takes it again at once and
/// draws the whole screen, paused as for any Ctrl-Z; the session can be ended normally.
#[test]
fn ctrl_z_without_job_control_carries_on() {
    let tiny = fixture("valid/tiny.json");
    let mut run = Running::start(&["run", tiny.to_str().expect("utf-8"), "--sound", "off"]);
    assert!(
        run.wait_until(Running::session_drawn),
        "first frame:\n{}",
        run.screen.text()
    );
    let left = run.screen.output.len();
    run.press("\u{1a}");
    // It left the alternate screen and came back...
    assert!(
        run.wait_until(|run| {
            let after = String::from_utf8_lossy(&run.screen.output[left..]).into_owned();
            after
                .find("\u{1b}[?1049l")
                .is_some_and(|at| after[at..].contains("\u{1b}[?1049h"))
        }),
        "never left and re-entered the alternate screen"
    );
    // ...and drew everything again, paused.
    assert!(
        run.wait_until(Running::session_drawn),
        "not all drawn again:\n{}",
        run.screen.text()
    );
    assert!(run.screen.wait_for(PAUSED), "{}", run.screen.text());
    run.press("q");
    run.confirm_end_and_close("after the session");
}

/// A panic (forced through the debug-build hook `STRETCHY_TEST_PANIC`, after the first frame)
/// gives the terminal back and exits 101. The report goes where stderr goes while the full screen
/// is up, `<data dir>/stderr.log` (private, `0600`), never over the display, and the log keeps the
/// session's start.
#[test]
fn panic_restores_the_terminal() {
    let tiny = fixture("valid/tiny.json");
    let mut run = Running::launch(
        &[],
        &["run", tiny.to_str().expect("utf-8"), "--sound", "off"],
        &[("STRETCHY_TEST_PANIC", "1")],
    );
    // Everything before the panic, so the checks below are not of a terminal never touched.
    assert!(
        run.screen.wait("GET READY", true),
        "the first frame:\n{}",
        run.screen.raw()
    );
    let status = run.child.wait().expect("exits");
    assert_eq!(status.exit_code(), 101, "exit status {status:?}");
    run.assert_restored("after a panic");
    assert!(
        !run.screen.raw().contains("panicked"),
        "the panic report reached the terminal:\n{}",
        run.screen.raw()
    );
    // One line on the restored terminal says what happened and where the report is.
    assert!(
        run.screen.wait("stopped on an internal error", false)
            && run.screen.wait("stderr.log", false),
        "no word of the crash on the terminal:\n{}",
        run.screen.text()
    );
    let report_path = run.dir.path().join("stderr.log");
    let report = std::fs::read_to_string(&report_path).expect("stderr.log");
    // Private, like the log: a panic report may quote what the session was doing.
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&report_path)
            .expect("metadata")
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o600, "stderr.log is {mode:o}");
    assert!(
        report.contains("panicked") && report.contains("STRETCHY_TEST_PANIC"),
        "{report}"
    );
    let last = run.last_log_record();
    assert_eq!(
        (&last["type"], &last["routine"]),
        (&"start".into(), &"tiny".into())
    );
}

/// A first run of `stretchy run` in the real binary: "Before you start" comes before the
/// session's first step, Enter goes on to it, and the state file remembers, so the next run
/// starts with the session itself.
#[test]
fn first_run_shows_the_safety_screen_before_the_session() {
    let tiny = fixture("valid/tiny.json");
    let args = ["run", tiny.to_str().expect("utf-8"), "--sound", "off"];
    let mut run = Running::first_run(&args, 80, 24);
    assert!(
        run.screen.wait_for("Before you start") && run.screen.wait_for("enter: I have read this"),
        "{}",
        run.screen.text()
    );
    assert!(
        !run.dir.path().join("log.jsonl").exists(),
        "nothing starts before Enter"
    );
    run.press("\r");
    assert!(
        run.wait_until(Running::session_drawn),
        "{}",
        run.screen.text()
    );
    let state = std::fs::read_to_string(run.dir.path().join("state.json")).expect("state file");
    assert!(state.contains("\"safety_read\""), "{state}");
    run.press("q");
    run.confirm_end_and_close("after the first session");
}

/// q on the screen before a first `stretchy run` leaves without starting: no session in the
/// log, the terminal given back, and the screen still due next time.
#[test]
fn leaving_the_first_run_safety_screen_starts_nothing() {
    let tiny = fixture("valid/tiny.json");
    let args = ["run", tiny.to_str().expect("utf-8"), "--sound", "off"];
    let mut run = Running::first_run(&args, 40, 12);
    assert!(
        run.screen.wait_for("enter: continue · q: leave"),
        "{}",
        run.screen.text()
    );
    assert!(run.screen.wait_for("↓ more below"), "{}", run.screen.text());
    run.press("q");
    let status = run.child.wait().expect("exits");
    assert!(status.success(), "exit status {status:?}");
    run.assert_restored("after leaving the safety screen");
    assert!(!run.dir.path().join("log.jsonl").exists());
    assert!(!run.dir.path().join("state.json").exists());
}

/// `--plain` with a keyboard (a screen reader's terminal): the text as lines, then Enter starts
/// the session.
#[test]
fn first_plain_run_prints_the_text_and_waits_for_enter() {
    let tiny = fixture("valid/tiny.json");
    let args = [
        "--plain",
        "run",
        tiny.to_str().expect("utf-8"),
        "--sound",
        "off",
        "--speed",
        "60",
    ];
    let mut run = Running::first_run(&args, 80, 24);
    assert!(
        run.screen
            .wait_for("Press Enter to start the session, or q to leave."),
        "{}",
        run.screen.text()
    );
    assert!(run.screen.raw().contains("Get medical care now"));
    assert!(
        !run.screen.raw().contains("Get ready"),
        "nothing started yet"
    );
    run.press("\r");
    assert!(run.screen.wait_for("Session done"), "{}", run.screen.text());
    let status = run.child.wait().expect("exits");
    assert!(status.success(), "exit status {status:?}");
    assert!(run.dir.path().join("state.json").exists());
}

/// A problem with settings.json shows in the app itself, on home and in the session's status
/// line, rather than only after the program exits.
#[test]
fn a_settings_problem_shows_on_home_and_in_the_session_status_line() {
    let config = tempfile::tempdir().expect("temp dir");
    std::fs::write(config.path().join("settings.json"), r#"{"volme": 60}"#).expect("settings");
    let config = config.path().to_str().expect("utf-8");
    let warning = r#"settings.json:1: unknown setting "volme" (did you mean "volume"?); ignored"#;
    // In the session's status line, beside the figures, as much of it as fits.
    let start = r#"settings.json:1: unknown setting "volme""#;
    let mut home = Running::start(&["--config-dir", config, "--sound", "off"]);
    assert!(
        home.screen.wait_for(warning),
        "home:\n{}",
        home.screen.text()
    );
    home.press("q");
    let status = home.child.wait().expect("exits");
    assert!(status.success(), "exit status {status:?}");
    home.assert_restored("leaving home");

    let tiny = fixture("valid/tiny.json");
    let mut run = Running::start(&[
        "--config-dir",
        config,
        "run",
        tiny.to_str().expect("utf-8"),
        "--sound",
        "off",
    ]);
    assert!(
        run.screen.wait_for(start),
        "session:\n{}",
        run.screen.text()
    );
    run.press("q");
    run.confirm_end_and_close("after the settings warning");
}
