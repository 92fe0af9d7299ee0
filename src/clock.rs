//! The one place the real monotonic clock is read. Everything else takes `now` as an argument, so
//! tests can drive the whole app with a fake clock.

use std::time::Instant;

pub trait Clock {
    fn now(&self) -> Instant;
}

/// The system's monotonic clock. It stops while the machine sleeps, so a closed laptop lid pauses
/// a countdown rather than racing through it.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// The wall-clock time with the local time zone, for the log's timestamps (never for timing).
pub fn wall_now() -> jiff::Zoned {
    jiff::Zoned::now()
}
