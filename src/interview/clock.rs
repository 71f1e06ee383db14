//! The round's clock as values: the time and answer budgets of each phase
//! ([`Plan`]) and how the clock reads at a moment ([`ClockView`]). The time is
//! the candidate's time in the round: pauses (`/pause`, and the part of a long
//! silence past the idle limit) are not in it.

use std::time::Duration;

use crate::prompts::PhasePlans;
use crate::vocab::{Phase, mmss};

/// Time and answer budgets for one round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub total: Duration,
    phase_time: [Duration; 5],
    max_answers: [u32; 5],
}

impl Plan {
    /// Splits `minutes` across phases by the shares in the prompt files.
    pub fn new(minutes: u32, phases: &PhasePlans) -> Plan {
        let total = Duration::from_secs(u64::from(minutes) * 60);
        let mut phase_time = [Duration::ZERO; 5];
        let mut max_answers = [1; 5];
        for (i, phase) in Phase::SPOKEN.into_iter().enumerate() {
            if let Some(p) = phases.get(phase) {
                phase_time[i] = total * p.share / 100;
                max_answers[i] = p.max_answers;
            }
        }
        Plan {
            total,
            phase_time,
            max_answers,
        }
    }

    /// The plan as a level shapes it: its probe phases take at most the
    /// level's number of answers.
    pub fn for_level(mut self, shape: &crate::prompts::LevelShape) -> Plan {
        if let Some(n) = shape.probe_answers {
            for phase in [Phase::Latency, Phase::SchemaChange, Phase::Provenance] {
                if let Some(i) = phase.index() {
                    self.max_answers[i] = n.max(1);
                }
            }
        }
        self
    }

    /// The time budget of a phase (zero for `Done`).
    pub fn phase_time(&self, phase: Phase) -> Duration {
        phase.index().map_or(Duration::ZERO, |i| self.phase_time[i])
    }

    /// The answer budget of a phase (zero for `Done`).
    pub fn max_answers(&self, phase: Phase) -> u32 {
        phase.index().map_or(0, |i| self.max_answers[i])
    }
}

/// Where the clock stands, for prompts and `/time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockView {
    pub phase: Phase,
    pub elapsed: Duration,
    pub total: Duration,
    pub phase_elapsed: Duration,
    pub phase_budget: Duration,
    /// Time the clock has stood still so far.
    pub paused: Duration,
}

impl ClockView {
    /// `[latency 17:40/45:00]`, the REPL's prompt prefix.
    pub fn prompt_tag(&self) -> String {
        format!(
            "[{} {}/{}]",
            self.phase,
            mmss(self.elapsed),
            mmss(self.total)
        )
    }

    /// The `/time` report.
    pub fn describe(&self) -> String {
        let left = self.total.saturating_sub(self.elapsed);
        let phase_left = self.phase_budget.saturating_sub(self.phase_elapsed);
        let mut line = format!(
            "{}: {} of {} used in this phase ({} left); round: {} of {} ({} left)",
            self.phase,
            mmss(self.phase_elapsed),
            mmss(self.phase_budget),
            mmss(phase_left),
            mmss(self.elapsed),
            mmss(self.total),
            mmss(left)
        );
        if !self.paused.is_zero() {
            line.push_str(&format!("; paused {} so far", mmss(self.paused)));
        }
        line
    }

    /// The same clock with the paused time filled in.
    pub fn with_paused(self, paused: Duration) -> ClockView {
        ClockView { paused, ..self }
    }
}

/// The candidate's time in the round, from the wall clock's: the time paused
/// with `/pause` and the part of any long silence past the idle limit are left
/// out. Pure: it is told the wall-clock time since the round (or this sitting)
/// began.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stopwatch {
    paused: Duration,
    since: Option<Duration>,
    /// A read of the candidate's answer in progress: when it began, and the
    /// idle limit past which its time does not count.
    reading: Option<(Duration, Duration)>,
}

impl Stopwatch {
    /// The candidate's time at wall-clock time `raw`.
    pub fn active(&self, raw: Duration) -> Duration {
        raw.saturating_sub(self.paused_total(raw))
    }

    /// All time left out so far, at `raw`: pauses, a pause still running, and
    /// the part of an answer still being waited for that is past the idle
    /// limit (so a signal in a long silence records the capped time).
    pub fn paused_total(&self, raw: Duration) -> Duration {
        let pause = self.since.map_or(Duration::ZERO, |s| raw.saturating_sub(s));
        self.paused + pause + self.idle_excess(raw)
    }

    fn idle_excess(&self, raw: Duration) -> Duration {
        match (self.reading, self.since) {
            (Some((start, idle)), None) => raw.saturating_sub(start).saturating_sub(idle),
            _ => Duration::ZERO,
        }
    }

    /// The candidate is being waited for from `raw`; past `idle` the wait
    /// does not count.
    pub fn begin_read(&mut self, raw: Duration, idle: Duration) {
        self.reading = Some((raw, idle));
    }

    /// The answer arrived at `raw`: how long the wait was, when part of it
    /// was left out.
    pub fn end_read(&mut self, raw: Duration) -> Option<Duration> {
        let excess = self.idle_excess(raw);
        let (start, _) = self.reading.take()?;
        if excess.is_zero() {
            return None;
        }
        self.paused += excess;
        Some(raw.saturating_sub(start))
    }

    pub fn is_paused(&self) -> bool {
        self.since.is_some()
    }

    /// Stops the clock at `raw`; false when it already stood still.
    pub fn pause(&mut self, raw: Duration) -> bool {
        if self.since.is_some() {
            return false;
        }
        self.since = Some(raw);
        true
    }

    /// Starts the clock again at `raw`; how long it stood still, when it did.
    pub fn resume(&mut self, raw: Duration) -> Option<Duration> {
        let since = self.since.take()?;
        let stood = raw.saturating_sub(since);
        self.paused += stood;
        Some(stood)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn paused_time_is_left_out_and_reported() {
        let mut w = Stopwatch::default();
        assert_eq!(w.active(S * 10), S * 10);
        assert!(w.pause(S * 10));
        assert!(!w.pause(S * 11), "pausing twice changes nothing");
        assert_eq!(w.active(S * 70), S * 10, "the clock stands still");
        assert_eq!(w.paused_total(S * 70), S * 60);
        assert_eq!(w.resume(S * 70), Some(S * 60));
        assert_eq!(w.resume(S * 71), None);
        assert_eq!(w.active(S * 75), S * 15);
    }

    #[test]
    fn a_wait_past_the_idle_limit_counts_only_the_limit_even_before_it_ends() {
        let mut w = Stopwatch::default();
        w.begin_read(S * 10, S * 60);
        assert_eq!(w.active(S * 50), S * 50, "within the limit, it all counts");
        // A signal in the middle of a long silence reads the capped time.
        assert_eq!(w.active(S * 1000), S * 70);
        assert_eq!(w.end_read(S * 1000), Some(S * 990));
        assert_eq!(w.active(S * 1000), S * 70);
        assert_eq!(
            w.active(S * 1010),
            S * 80,
            "and it runs on after the answer"
        );
        w.begin_read(S * 1010, S * 60);
        assert_eq!(w.end_read(S * 1020), None, "a short wait is not reported");
        // While paused, a wait is the pause's, not the idle rule's.
        w.pause(S * 1020);
        w.begin_read(S * 1020, S * 60);
        assert_eq!(w.end_read(S * 2000), None);
        assert_eq!(w.resume(S * 2000), Some(S * 980));
        assert_eq!(w.active(S * 2000), S * 90);
    }
}
