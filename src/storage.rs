//! Files: the session log and its history cache, the journal that writes a session into the log,
//! settings, the small state file, where each lives, the routine catalog, and the private-file
//! rules they all share.

pub mod cache;
pub mod catalog;
pub mod journal;
pub mod paths;
pub mod private;
/// Sample logs for the bench, the example and the tests: not part of the app.
#[cfg(any(test, feature = "test-support"))]
pub mod sample;
pub mod settings;
pub mod state;
pub mod store;

/// 64-bit FNV-1a: a hash fixed across builds, versions and platforms (unlike std's hasher), for
/// telling contents apart (never a security measure).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
