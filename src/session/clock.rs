//! The session's clock: the candidate's time in the round, read from the wall
//! clock through a [`Stopwatch`] (pauses and long silences left out), and
//! wall-clock timestamps for records. A trait, so tests drive a session with
//! a clock they move.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::interview::Stopwatch;

/// The candidate's time in the round and wall-clock timestamps.
pub trait Clock {
    /// The candidate's time since the round started (pauses left out).
    fn elapsed(&self) -> Duration;
    /// The current time as RFC 3339 UTC.
    fn timestamp(&self) -> String;
    /// Stops the clock; false when it already stood still.
    fn pause(&self) -> bool {
        false
    }
    /// Starts it again; how long it stood still, when it did.
    fn resume(&self) -> Option<Duration> {
        None
    }
    /// The candidate is being waited for; past `idle` the wait does not count.
    fn begin_read(&self, _idle: Duration) {}
    /// The answer arrived: how long the wait was, when part of it was left out.
    fn end_read(&self) -> Option<Duration> {
        None
    }
    /// All time left out so far.
    fn paused(&self) -> Duration {
        Duration::ZERO
    }
    /// The clock stands still.
    fn is_paused(&self) -> bool {
        false
    }
}

/// The real clock. Clones share one stopwatch, so the signal handler's copy
/// knows about pauses too.
#[derive(Debug, Clone)]
pub struct SystemClock {
    start: Instant,
    offset: Duration,
    watch: Arc<Mutex<Stopwatch>>,
}

impl SystemClock {
    pub fn start() -> Self {
        SystemClock::resumed(Duration::ZERO)
    }

    /// A clock that continues a round from `offset` into it.
    pub fn resumed(offset: Duration) -> Self {
        SystemClock {
            start: Instant::now(),
            offset,
            watch: Arc::new(Mutex::new(Stopwatch::default())),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Stopwatch, Duration) -> T) -> T {
        let raw = self.start.elapsed();
        // A poisoned lock still holds a valid stopwatch.
        let mut w = self.watch.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut w, raw)
    }
}

impl Clock for SystemClock {
    fn elapsed(&self) -> Duration {
        self.offset + self.with(|w, raw| w.active(raw))
    }

    fn timestamp(&self) -> String {
        rfc3339_now()
    }

    fn pause(&self) -> bool {
        self.with(|w, raw| w.pause(raw))
    }

    fn resume(&self) -> Option<Duration> {
        self.with(|w, raw| w.resume(raw))
    }

    fn begin_read(&self, idle: Duration) {
        self.with(|w, raw| w.begin_read(raw, idle));
    }

    fn end_read(&self) -> Option<Duration> {
        self.with(|w, raw| w.end_read(raw))
    }

    fn paused(&self) -> Duration {
        self.with(|w, raw| w.paused_total(raw))
    }

    fn is_paused(&self) -> bool {
        self.with(|w, _| w.is_paused())
    }
}

/// The current wall-clock time, RFC 3339 UTC, to the second.
pub fn rfc3339_now() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}
