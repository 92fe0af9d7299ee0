//! The pure core: what a routine is, how it becomes a plan, how a session walks it, what pain
//! answers mean, how doses grow and what the log's records say.
//!
//! Nothing here touches a file, the environment, a thread, the clock, the terminal or audio:
//! every input carries its `now` (or `today`), every output is a value or an effect for the shell
//! to carry out. `tests/integration/boundary.rs` fails when code here reaches for any of them or
//! imports the shell.

pub mod history;
pub mod log;
pub mod pain;
pub mod plan;
pub mod progress;
/// Reads routine files: [`routine::Routine::from_json`].
mod reader;
pub mod reminder;
pub mod routine;
pub mod safety;
pub mod session;
