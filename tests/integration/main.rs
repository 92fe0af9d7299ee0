//! All integration tests in one binary: one link, one run.

mod builtins;
mod cli;
mod invalid_routines;
mod util;
mod valid_routines;
