//! All integration tests in one binary: one link, one run.

mod app_loop;
mod boundary;
mod builtins;
mod cli;
mod errors;
mod fake;
mod faults;
mod history;
mod home;
mod invalid_routines;
mod notify;
mod plan;
#[cfg(unix)]
mod private;
mod pty;
mod remind;
mod robustness;
#[cfg(unix)]
mod safety;
mod screens;
mod settings;
mod sound;
mod store;
mod summary;
mod util;
mod valid_routines;
