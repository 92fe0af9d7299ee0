//! The full-screen app: the loop that waits on keys and deadlines, the keymap, and the screens
//! that draw what the loop holds.

pub mod app;
pub mod keymap;
pub mod screens;
