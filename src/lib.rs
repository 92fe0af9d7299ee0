//! stretchy: a guided stretch-session timer for the terminal.
//!
//! The folders are the architecture:
//! - [`core`]: pure. Routines, plans, the session engine, the pain rules, progression, history's
//!   computations and the safety text. No files, environment, threads, clock, terminal or audio:
//!   every input carries `now`, every output is a value (a test in `core.rs` keeps it so).
//! - [`tui`]: the full-screen app: the loop, the keymap and the screens.
//! - [`cli`]: the command line: its arguments, the printing commands and plain mode.
//! - [`storage`]: files: the log, the history cache, settings, state, paths, the routine catalog.
//! - [`audio`]: the sound cues.
//! - [`shell`] and [`clock`]: what both front ends share to run a session: where its effects land,
//!   and the one place the real clock is read.
//!
//! A routine file becomes a plan of timed steps:
//!
//! ```
//! use stretchy::core::plan::Plan;
//! use stretchy::core::routine::Routine;
//!
//! let text = r#"{
//!   "schema": 1, "id": "tiny", "title": "Tiny", "lead_in_secs": 3,
//!   "exercises": [{ "id": "hug", "name": "Knee hug", "cues": ["Breathe out"],
//!                   "hold": { "secs": 10, "sides": "both" } }]
//! }"#;
//! let routine = Routine::from_json(text, "tiny.json").expect("valid");
//! let plan = Plan::new(&routine);
//! // get ready 3 s, left 10 s, switch 5 s, right 10 s
//! assert_eq!(plan.total_secs, 28);
//!
//! let broken = Routine::from_json(r#"{"schema": 1, "id": "x"}"#, "x.json").unwrap_err();
//! assert_eq!(broken.to_string(), "x.json:1:1: title: missing required field\n\
//!                                 x.json:1:1: exercises: missing required field");
//! ```

pub mod audio;
pub mod cli;
pub mod clock;
pub mod core;
pub mod remind;
pub mod shell;
pub mod storage;
pub mod tui;
