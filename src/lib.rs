//! stretchy: a guided stretch-session timer for the terminal.
//!
//! The core (`routine`, `plan`, `session`) is pure: no I/O and no clock. `ui` draws from what the
//! core reports. The shell (`app`, `plain`, `catalog`, `paths`, `commands`, `clock`) waits on keys
//! and deadlines, reads files and prints.
//!
//! A routine file becomes a plan of timed steps:
//!
//! ```
//! use stretchy::plan::Plan;
//! use stretchy::routine::Routine;
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

pub mod app;
pub mod audio;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod history;
pub mod journal;
pub mod keymap;
pub mod pain;
pub mod paths;
pub mod plain;
pub mod plan;
pub mod private;
pub mod progress;
pub mod routine;
pub mod safety;
pub mod session;
pub mod settings;
pub mod shell;
pub mod state;
pub mod store;
pub mod ui;
