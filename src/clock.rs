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

/// [`wall_now`] for `stretchy status`, which status bars run every few seconds. Without `TZ` the
/// zone is read from `/etc/localtime` itself: finding its name would have jiff walk the whole time
/// zone database (0.6 ms of status's 5 ms, and 60 KB).
pub fn wall_now_quick() -> jiff::Zoned {
    #[cfg(unix)]
    if std::env::var_os("TZ").is_none()
        && let Ok(bytes) = std::fs::read("/etc/localtime")
    {
        let name = std::fs::read_link("/etc/localtime").ok();
        let name = name
            .as_ref()
            .and_then(|path| path.to_str())
            .and_then(|path| path.split_once("zoneinfo/"))
            .map_or("localtime", |(_, name)| name);
        if let Ok(zone) = jiff::tz::TimeZone::tzif(name, &bytes) {
            return jiff::Timestamp::now().to_zoned(zone);
        }
    }
    wall_now()
}
