//! Shared helpers: the real binary, run with folders of its own so no test reads a person's files.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use tempfile::TempDir;

/// A private config and data folder for one test.
pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    /// Folders of someone who has used stretchy before: the safety text was read, so no session
    /// starts with it.
    pub fn new() -> Sandbox {
        let sandbox = Sandbox::first_run();
        mark_safety_read(&sandbox.data());
        sandbox
    }

    /// Folders of someone who never ran stretchy: nothing in them yet.
    pub fn first_run() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// Puts a routine file in the user's routine folder.
    pub fn add_routine(&self, name: &str, text: &str) -> PathBuf {
        let dir = self.config().join("sessions");
        std::fs::create_dir_all(&dir).expect("create sessions dir");
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write routine");
        path
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The same command as [`Sandbox::cmd`], as a plain `std` command (to spawn several at once).
    pub fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_stretchy"));
        cmd.args(args)
            .env("STRETCHY_CONFIG_DIR", self.config())
            .env("STRETCHY_DATA_DIR", self.data())
            .env("NO_COLOR", "1")
            .env_remove("HOME");
        cmd
    }

    /// `stretchy ARGS...` with this sandbox's folders and no colour.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_stretchy"));
        cmd.args(args)
            .env("STRETCHY_CONFIG_DIR", self.config())
            .env("STRETCHY_DATA_DIR", self.data())
            .env("NO_COLOR", "1")
            .env_remove("HOME");
        cmd
    }
}

/// Remembers in a data folder that the safety text was read, as the app does.
pub fn mark_safety_read(data: &Path) {
    let now: jiff::Zoned = "2026-03-02T08:00:00+01:00[+01:00]".parse().expect("time");
    stretchy::storage::state::remember_safety_read(data, &now).expect("state file");
}

pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/routines")
        .join(relative)
}

/// The standard output of a finished command, as text.
pub fn stdout_of(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("utf-8 output")
}

/// Effects nobody listens to, for tests that read only the screen.
pub struct Ignore;

impl stretchy::tui::app::Effects for Ignore {
    fn apply(&mut self, _: stretchy::core::session::Effect, _: std::time::Instant) {}
}
