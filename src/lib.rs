//! stretchy: a guided stretch-session timer for the terminal.
//!
//! The core (`routine`, `plan`) is pure: no I/O and no clock. The edges (`catalog`, `paths`,
//! `commands`) read files and print.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod paths;
pub mod plan;
pub mod routine;
