//! Files: the session log and its history cache, the journal that writes a session into the log,
//! settings, the small state file, where each lives, the routine catalog, and the private-file
//! rules they all share.

pub mod cache;
pub mod catalog;
pub mod journal;
pub mod paths;
pub mod private;
pub mod settings;
pub mod state;
pub mod store;
