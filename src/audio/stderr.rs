//! [`StderrGuard`]: points file descriptor 2 somewhere else while a full-screen UI runs.
//!
//! The audio code itself prints nothing, but C libraries loaded behind it may (libjack when a
//! desktop's ALSA config routes through it, alsa-lib on cpal's own threads). Anything they write
//! to fd 2 would scribble over the TUI; with the guard it lands in a log file instead.

use std::io;
use std::path::Path;

/// While alive, whatever is written to stderr (fd 2, by any thread or library) goes to a file;
/// dropping it puts the old stderr back.
///
/// Create it before starting the audio thread and drop it after that thread has ended
/// ([`super::SoundPlayer::shutdown`], or dropping the player), after the terminal was restored.
#[derive(Debug)]
pub struct StderrGuard {
    /// The original stderr, kept open to put back.
    #[cfg(unix)]
    saved: std::os::fd::OwnedFd,
}

impl StderrGuard {
    /// Sends stderr to `path` (created if missing, private: `0600`; appended to), e.g. a log file
    /// or `/dev/null`.
    #[cfg(unix)]
    pub fn redirect(path: &Path) -> io::Result<StderrGuard> {
        let target = crate::storage::private::options()
            .create(true)
            .append(true)
            .open(path)?;
        // Close-on-exec, so a child process does not inherit the hidden terminal descriptor.
        let saved = rustix::io::fcntl_dupfd_cloexec(io::stderr(), 3)?;
        rustix::stdio::dup2_stderr(&target)?;
        Ok(StderrGuard { saved })
    }

    /// Elsewhere the guard only checks that the file can be opened: there is no fd 2 to move.
    #[cfg(not(unix))]
    pub fn redirect(path: &Path) -> io::Result<StderrGuard> {
        crate::storage::private::options()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(StderrGuard {})
    }
}

impl Drop for StderrGuard {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            // Nothing sensible is left to do if this fails; stderr just stays redirected.
            let _ = rustix::stdio::dup2_stderr(&self.saved);
        }
    }
}
